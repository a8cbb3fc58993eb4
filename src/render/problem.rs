//! What the template stage reports, with typed arguments, said in English and Chinese side by
//! side. minijinja's own words stay its own: they follow our lead sentence as they are.

use crate::diagnostics::{Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{
    SPEC_TEMPLATE_FUEL, TEMPLATE_FUEL_PER_RENDER, TEMPLATE_LINE_MAX_CHARS, TEMPLATE_NESTING_MAX,
    TEMPLATE_OPERATORS_MAX, TEMPLATE_TOKENS_MAX,
};

use super::Field;

/// A problem with a spec's template field.
pub(crate) enum Problem {
    /// minijinja could not parse the template: `detail` in its words.
    Syntax { detail: String },
    /// The template uses a name its context lacks (`name` when the error points at one), and
    /// what it could have meant.
    Undefined { name: Option<String>, hint: Hint },
    /// The template ran out of its own fuel.
    OutOfFuel,
    /// The template wrote more than the output limit.
    OutputTooLarge { max_kib: usize },
    /// minijinja failed while rendering: `detail` in its words.
    Failed { detail: String },
    /// commspec refused the template before minijinja saw it.
    Refused(Refused),
    /// What the template renders holds a control character (`shown` made visible).
    RendersControl { field: Field, shown: String },
    /// The spec's templates used up their shared fuel budget.
    OutOfBudget { fuel: u64, renders: u64 },
}

/// What an undefined name could have meant.
pub(crate) enum Hint {
    /// The name's first part is none of the `names` the template sees; `close` is one of them
    /// close enough to be a typo.
    Names { close: Option<String>, names: Vec<String> },
    /// The value at `path` has no field `segment`; it has `keys`, `close` among them.
    NoField { path: String, segment: String, close: Option<String>, keys: Vec<String> },
    /// An id with a `-` written as a dotted name (`written`), read as a subtraction; `meant`
    /// reaches it by subscript (`roles["koc-lead"].title`).
    Dashed { written: String, id: String, meant: String },
    /// Every part of the name exists, yet it is undefined here.
    Unavailable,
}

/// Why commspec refuses a template before minijinja sees it: shapes minijinja would
/// overflow on, and the list repetition `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// A line past [`TEMPLATE_LINE_MAX_CHARS`] (minijinja counts columns in 16 bits).
    LongLine,
    /// More than [`TEMPLATE_TOKENS_MAX`] tokens.
    TooManyTokens,
    /// Nested more than [`TEMPLATE_NESTING_MAX`] levels.
    TooDeep,
    /// An expression with more than [`TEMPLATE_OPERATORS_MAX`] operators.
    TooManyOperators,
    /// A `*`, which also repeats lists.
    Star,
}

impl Message for Problem {
    fn rule(&self) -> Rule {
        match self {
            Problem::Syntax { .. } => Rule::TemplateSyntax,
            Problem::Undefined { .. } => Rule::TemplateUndefined,
            Problem::OutOfFuel
            | Problem::OutputTooLarge { .. }
            | Problem::Failed { .. }
            | Problem::RendersControl { .. } => Rule::TemplateError,
            Problem::Refused(r) => r.rule(),
            Problem::OutOfBudget { .. } => Rule::InputLimit,
        }
    }

    fn said(&self) -> Said {
        match self {
            Problem::Syntax { detail } => Said {
                message: tr!("template syntax error: {detail}", "模板语法错误：{detail}"),
                label: tr!("syntax error", "语法错误"),
                help: tr!(
                    "templates use Jinja2 syntax: `{{{{ name }}}}` for values, `{{% if … %}}…{{% endif %}}` for logic",
                    "模板使用 Jinja2 语法：用 `{{{{ name }}}}` 输出值，用 `{{% if … %}}…{{% endif %}}` 写逻辑"
                ),
            },
            Problem::Undefined { name, hint } => Said {
                message: match name {
                    Some(name) => tr!("template uses undefined name `{name}`", "模板使用了未定义的名称 `{name}`"),
                    None => tr!("template uses undefined name `a name`", "模板使用了未定义的名称"),
                },
                label: tr!("undefined here", "这里未定义"),
                help: hint.said(),
            },
            Problem::OutOfFuel => Said {
                message: tr!("template ran too long and was stopped", "模板运行时间过长，已被终止"),
                label: tr!("stopped here", "在这里终止"),
                help: tr!(
                    "templates may run a bounded amount of work: look for a loop that never ends or is very large",
                    "模板只能执行有限的工作量：请检查是否有永不结束或非常大的循环"
                ),
            },
            Problem::OutputTooLarge { max_kib } => failed(tr!(
                "template failed: template output is larger than the limit of {max_kib} KiB",
                "模板渲染失败：模板输出超过 {max_kib} KiB 的上限"
            )),
            Problem::Failed { detail } => failed(tr!("template failed: {detail}", "模板渲染失败：{detail}")),
            Problem::Refused(r) => r.said(),
            Problem::RendersControl { field, shown } => Said {
                message: tr!(
                    "`{field}` renders the control character `{shown}`",
                    "`{field}` 渲染出了控制字符 `{shown}`"
                ),
                label: tr!("renders a control character", "渲染出控制字符"),
                help: if field.multi_line() {
                    tr!(
                        "change the template so that it produces no control characters but line breaks and tabs",
                        "请修改模板，使它除换行和制表符外不产生任何控制字符"
                    )
                } else {
                    tr!(
                        "change the template so that it produces one line, without control characters",
                        "请修改模板，使它只产生一行文字，不含控制字符"
                    )
                },
            },
            Problem::OutOfBudget { fuel, renders } => Said {
                message: tr!(
                    "the templates of this spec ran {fuel} steps in {renders} renders, more than the budget of \
                     {SPEC_TEMPLATE_FUEL} plus {TEMPLATE_FUEL_PER_RENDER} a render",
                    "这个 spec 的模板在 {renders} 次渲染中共运行了 {fuel} 步，超过了预算（{SPEC_TEMPLATE_FUEL} 步，\
                     外加每次渲染 {TEMPLATE_FUEL_PER_RENDER} 步）"
                ),
                label: tr!("the budget ran out here", "预算在这里用完"),
                help: tr!(
                    "templates are rendered for every group: keep loops small, or use fewer groups",
                    "模板会为每个群各渲染一次：请让循环保持简短，或减少群的数量"
                ),
            },
        }
    }
}

/// A failure while rendering: `message`, at the failing expression.
fn failed(message: crate::i18n::Text) -> Said {
    Said {
        message,
        label: tr!("failed here", "在这里失败"),
        help: tr!(
            "fix the expression; templates see the spec's sections, `roles`, `group` and the matrix variables",
            "请修正这个表达式；模板能用 spec 的各个部分、`roles`、`group` 和矩阵变量"
        ),
    }
}

impl Hint {
    fn said(&self) -> crate::i18n::Text {
        match self {
            Hint::Names { close: Some(close), names } => {
                let (names, names_zh) = (names.join(", "), names.join("、"));
                tr!(
                    "did you mean `{close}`? Templates here see: {names}",
                    "是不是想写 `{close}`？这里的模板能用的名称：{names_zh}"
                )
            }
            Hint::Names { close: None, names } => {
                let (names, names_zh) = (names.join(", "), names.join("、"));
                tr!("templates here see: {names}", "这里的模板能用的名称：{names_zh}")
            }
            Hint::NoField { path, segment: _, close: Some(close), keys } => {
                let (keys, keys_zh) = (keys.join(", "), keys.join("、"));
                tr!(
                    "did you mean `{path}.{close}`? `{path}` has: {keys}",
                    "是不是想写 `{path}.{close}`？`{path}` 包含：{keys_zh}"
                )
            }
            Hint::NoField { path, segment, close: None, keys } if keys.is_empty() => {
                tr!("`{path}` has no field `{segment}`", "`{path}` 没有字段 `{segment}`")
            }
            Hint::NoField { path, segment, close: None, keys } => {
                let (keys, keys_zh) = (keys.join(", "), keys.join("、"));
                tr!(
                    "`{path}` has no field `{segment}` in this spec; it has: {keys}",
                    "在这个 spec 中，`{path}` 没有字段 `{segment}`；它包含：{keys_zh}"
                )
            }
            Hint::Dashed { written, id, meant } => tr!(
                "templates read the `-` in `{written}` as a minus: write `{meant}` to reach `{id}`",
                "模板会把 `{written}` 中的 `-` 当作减号：要取 `{id}`，请写成 `{meant}`"
            ),
            Hint::Unavailable => {
                tr!("this name is not available in this template", "这个模板中不能用这个名称")
            }
        }
    }
}

impl Message for Refused {
    fn rule(&self) -> Rule {
        match self {
            Refused::LongLine | Refused::TooManyTokens | Refused::Star => Rule::TemplateError,
            // Shapes minijinja's parser cannot take safely.
            Refused::TooDeep | Refused::TooManyOperators => Rule::TemplateSyntax,
        }
    }

    fn said(&self) -> Said {
        match self {
            Refused::LongLine => Said {
                message: tr!(
                    "template line is longer than {TEMPLATE_LINE_MAX_CHARS} characters",
                    "模板的一行超过 {TEMPLATE_LINE_MAX_CHARS} 个字符"
                ),
                label: tr!("the line goes on past here", "这一行从这里起超出上限"),
                help: tr!("break the text into shorter lines", "请把文字分成较短的几行"),
            },
            Refused::TooManyTokens => Said {
                message: tr!(
                    "template is longer than {TEMPLATE_TOKENS_MAX} words and symbols",
                    "模板超过 {TEMPLATE_TOKENS_MAX} 个词和符号"
                ),
                label: tr!("the template goes on past here", "模板从这里起超出上限"),
                help: tr!("split it: a message is at most a few thousand characters", "请拆分：一条消息最多几千个字符"),
            },
            Refused::TooDeep => Said {
                message: tr!(
                    "template nests more than {TEMPLATE_NESTING_MAX} levels deep",
                    "模板嵌套超过 {TEMPLATE_NESTING_MAX} 层"
                ),
                label: tr!("nested too deep here", "从这里起嵌套太深"),
                help: tr!(
                    "nest blocks, brackets, `-`, `not` and `else` less deeply: compute inner parts first with \
                     `{{% set x = … %}}`",
                    "请减少块、括号、`-`、`not` 和 `else` 的嵌套层数：先用 `{{% set x = … %}}` 算出内层的部分"
                ),
            },
            Refused::TooManyOperators => Said {
                message: tr!(
                    "template expression has more than {TEMPLATE_OPERATORS_MAX} operators",
                    "模板表达式的运算符超过 {TEMPLATE_OPERATORS_MAX} 个"
                ),
                label: tr!("the expression goes on past here", "表达式从这里起超出上限"),
                help: tr!(
                    "split the expression: compute parts of it first with `{{% set x = … %}}`",
                    "请拆分这个表达式：先用 `{{% set x = … %}}` 算出其中的几部分"
                ),
            },
            Refused::Star => Said {
                message: tr!(
                    "template uses `*`, which commspec templates do not allow",
                    "模板用了 `*`，commspec 的模板不允许使用它"
                ),
                label: tr!("`*` here", "`*` 在这里"),
                help: tr!(
                    "`*` also repeats lists (`[x] * 100000000`), which can exhaust memory, so commspec templates do \
                     not use it: write the number or text out, or compute it in the spec",
                    "`*` 还能重复列表（`[x] * 100000000`），可能耗尽内存，所以 commspec 的模板不用它：请直接写出数字或\
                     文字，或在 spec 里算好"
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Three English words in a row outside backticks: English left in a Chinese text.
    fn english_left(zh: &str) -> Option<String> {
        let plain: Vec<&str> = zh.split('`').step_by(2).flat_map(|part| part.split([' ', '，', '：', '；'])).collect();
        let word = |w: &&str| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic());
        plain.windows(3).find(|w| w.iter().all(word)).map(|w| w.join(" "))
    }

    #[test]
    fn every_problem_is_said_in_chinese() {
        let names = vec!["community".to_string(), "roles".to_string()];
        let (path, segment) = ("roles".to_string(), "nobody".to_string());
        let hints = [
            Hint::Names { close: None, names: names.clone() },
            Hint::Names { close: Some("roles".into()), names },
            Hint::NoField { path: path.clone(), segment: segment.clone(), close: None, keys: vec![] },
            Hint::NoField { path: path.clone(), segment: segment.clone(), close: None, keys: vec!["owner".into()] },
            Hint::NoField { path, segment, close: Some("owner".into()), keys: vec!["owner".into()] },
            Hint::Dashed {
                written: "roles.koc-lead.title".into(),
                id: "koc-lead".into(),
                meant: r#"roles["koc-lead"].title"#.into(),
            },
            Hint::Unavailable,
        ];
        let mut problems: Vec<Problem> =
            hints.into_iter().map(|hint| Problem::Undefined { name: None, hint }).collect();
        problems.push(Problem::Undefined { name: Some("a.b".into()), hint: Hint::Unavailable });
        problems.extend(
            [Refused::LongLine, Refused::TooManyTokens, Refused::TooDeep, Refused::TooManyOperators, Refused::Star]
                .map(Problem::Refused),
        );
        problems.extend([
            Problem::Syntax { detail: "x".into() },
            Problem::OutOfFuel,
            Problem::OutputTooLarge { max_kib: 256 },
            Problem::Failed { detail: "x".into() },
            Problem::RendersControl { field: Field::GroupName, shown: "\\n".into() },
            Problem::RendersControl { field: Field::SopMessage(2), shown: "\\u{1b}".into() },
            Problem::OutOfBudget { fuel: 10, renders: 2 },
        ]);
        for problem in &problems {
            let Said { message, label, help } = problem.said();
            for text in [&message, &label, &help] {
                let zh = text.get(Lang::Zh);
                assert!(english_left(zh).is_none() && zh != text.en(), "`{}` is not said in Chinese: {zh}", text.en());
            }
        }
    }
}
