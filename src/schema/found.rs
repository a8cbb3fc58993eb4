//! What the schema stage reports, in English and Chinese.

use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value as Json;

use super::forms::{Kind, TriggerShape};
use super::terms::Home;
use crate::diagnostics::{Message, Rule, Said, did_you_mean};
use crate::i18n::{Lang, Text, tr};
use crate::spec;

/// What the schema stage reports.
pub(super) enum Found {
    /// A key the language does not define here; `place` None at the top level.
    UnknownKey { key: String, place: Option<String>, allowed: Vec<String> },
    /// A key's Chinese term (`群容量` for `capacity`), and the value written under it.
    TermForKey { key: String, place: Option<String>, english: String, value: Option<String> },
    /// A key of one other place (`capacity` under `community`), or its Chinese term.
    Elsewhere { key: String, place: Option<String>, home: Home },
    /// An error class in `lints:`, whose level is fixed.
    ErrorClass { rule: Rule },
    /// A required key left out; `what` is the schema's description of it.
    Missing { name: String, place: Option<String>, what: String },
    /// A value of another type; `quote` when text is wanted and a number or boolean found.
    WrongType { path: String, expected: Vec<JsonType>, found: JsonType, quote: bool },
    /// Not the one value allowed (the language version).
    NotConstant { path: String, expected: String, found: String, written: Written },
    /// Not one of the values allowed.
    BadChoice { path: String, found: String, options: Vec<Choice> },
    /// A scalar its parser refuses, and why.
    BadScalar { scalar: Scalar, found: String, path: String, problem: ScalarProblem },
    /// A text that does not match its pattern; `what` is the schema's description of it.
    NoMatch { found: String, path: String, what: String },
    /// A value past a bound of the schema.
    OutOfBounds { path: String, bound: Bound, what: String },
    /// A field the type does not take.
    NotTaken { field: String, kind: Kind, allowed: Vec<String> },
    /// A field the type needs.
    Needs { field: String, kind: Kind, allowed: Vec<String> },
    /// A `when` that is not exactly one trigger form.
    Trigger(TriggerShape),
}

/// A value allowed: an English value with its Chinese label (the branch's title), or another
/// spelling of one (a label, a synonym), or a value that has no label.
pub(super) struct Choice {
    pub(super) spelling: String,
    pub(super) label: Option<String>,
}

impl Choice {
    pub(super) fn unlabelled(value: &Json) -> Choice {
        Choice { spelling: super::plain(value), label: None }
    }
}

/// How a value that is not the constant was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Written {
    /// Text that reads like the constant (`commspec: "1"`).
    TextOfIt,
    Text,
    Other,
}

impl Message for Found {
    fn rule(&self) -> Rule {
        match self {
            Found::UnknownKey { .. }
            | Found::TermForKey { .. }
            | Found::Elsewhere { .. }
            | Found::ErrorClass { .. }
            | Found::NotTaken { .. } => Rule::UnknownKey,
            Found::Missing { .. } | Found::Needs { .. } => Rule::MissingField,
            Found::WrongType { .. } => Rule::WrongType,
            Found::NotConstant { .. }
            | Found::BadChoice { .. }
            | Found::BadScalar { .. }
            | Found::NoMatch { .. }
            | Found::OutOfBounds { .. } => Rule::InvalidValue,
            Found::Trigger(TriggerShape::NoForm | TriggerShape::PhaseWithoutDay | TriggerShape::NoAt(_)) => {
                Rule::MissingField
            }
            Found::Trigger(_) => Rule::InvalidValue,
        }
    }

    fn said(&self) -> Said {
        let forms = || {
            tr!(
                "use one of: {{day, at}}, {{every, at, from_day, to_day}}, {{after_join}}, {{before_end, at}}, {{date, at}}, {{phase, day, at}}",
                "使用以下形式之一：{{day, at}}、{{every, at, from_day, to_day}}、{{after_join}}、{{before_end, at}}、{{date, at}}、{{phase, day, at}}"
            )
        };
        let incomplete = || tr!("incomplete trigger", "触发条件不完整");
        let invalid = || tr!("invalid trigger", "触发条件无效");
        match self {
            Found::UnknownKey { key, place, allowed } => {
                let suggestion = did_you_mean(key, allowed.iter().map(String::as_str));
                let (allowed, allowed_zh) = (allowed.join(", "), allowed.join("、"));
                Said {
                    message: unknown_key(key, place.as_deref()),
                    label: tr!("unknown key", "未知的键"),
                    help: match suggestion {
                        Some(s) => tr!(
                            "did you mean `{s}`? Keys allowed here: {allowed}",
                            "是不是想写 `{s}`？此处允许的键：{allowed_zh}"
                        ),
                        None => tr!("keys allowed here: {allowed}", "此处允许的键：{allowed_zh}"),
                    },
                }
            }
            Found::TermForKey { key, place, english, value } => {
                let write = match value {
                    Some(value) => format!("{english}: {value}"),
                    None => format!("{english}:"),
                };
                Said {
                    message: unknown_key(key, place.as_deref()),
                    label: tr!("write `{english}`", "应写 `{english}`"),
                    help: tr!(
                        "`{key}` is `{english}` here: write `{write}`",
                        "`{key}` 在这里写作 `{english}`：写成 `{write}`"
                    ),
                }
            }
            Found::Elsewhere { key, place, home: Home { place: home, key: english } } => {
                let (home, home_zh) = match home.as_str() {
                    "" => ("the top level".to_string(), "顶层".to_string()),
                    home => (format!("`{home}`"), format!(" `{home}` 下")),
                };
                Said {
                    message: unknown_key(key, place.as_deref()),
                    label: tr!("belongs elsewhere", "不属于这里"),
                    help: if key == english {
                        tr!("`{key}` belongs in {home}: move it there", "`{key}` 应写在{home_zh}：把它移过去")
                    } else {
                        tr!(
                            "`{key}` is `{english}` in {home}: move it there as `{english}`",
                            "`{key}` 写作 `{english}`，应写在{home_zh}：移过去并写成 `{english}`"
                        )
                    },
                }
            }
            Found::ErrorClass { rule } => Said {
                message: tr!(
                    "`{rule}` is an error class, not a lint: its level cannot be changed",
                    "`{rule}` 是错误类，不是 lint 规则：不能更改它的级别"
                ),
                label: tr!("always an error", "总是错误"),
                help: tr!(
                    "remove it from `lints`, and fix what it reports instead",
                    "把它从 `lints` 中删除，改为修正它报告的问题"
                ),
            },
            Found::Missing { name, place, what } => {
                let what = described(what);
                let (what, what_zh) = both(&what);
                Said {
                    message: match place {
                        Some(path) => {
                            tr!("missing required field `{name}` in `{path}`", "`{path}` 缺少必填字段 `{name}`")
                        }
                        None => tr!("missing required field `{name}` in the spec", "spec 缺少必填字段 `{name}`"),
                    },
                    label: tr!("`{name}` is missing here", "这里缺少 `{name}`"),
                    help: tr!("add `{name}:` — {what}", "添加 `{name}:`——{what_zh}"),
                }
            }
            Found::WrongType { path, expected, found, quote } => {
                let (expected, expected_zh) = JsonType::either(expected);
                let (found, found_zh) = found.found();
                Said {
                    message: tr!(
                        "`{path}` must be {expected}, found {found}",
                        "`{path}` 应为{expected_zh}，实际是{found_zh}"
                    ),
                    label: tr!("expected {expected}", "应为{expected_zh}"),
                    help: if *quote {
                        tr!(
                            "quote the value to make it text, e.g. \"09:30\" or \"true\"",
                            "给值加上引号使它成为文本，例如 \"09:30\" 或 \"true\""
                        )
                    } else {
                        tr!("write {expected} here", "这里应写{expected_zh}")
                    },
                }
            }
            Found::NotConstant { path, expected, found, written } => Said {
                message: match written {
                    Written::TextOfIt => tr!(
                        "`{path}` must be {expected}, found the text \"{found}\"",
                        "`{path}` 应为 {expected}，实际是文本 \"{found}\""
                    ),
                    Written::Text => {
                        tr!(
                            "`{path}` must be {expected}, found `{found}` (text)",
                            "`{path}` 应为 {expected}，实际是文本 `{found}`"
                        )
                    }
                    Written::Other => tr!(
                        "`{path}` must be {expected}, found `{found}`",
                        "`{path}` 应为 {expected}，实际是 `{found}`"
                    ),
                },
                label: tr!("expected {expected}", "应为 {expected}"),
                help: match written {
                    Written::TextOfIt => tr!("write `{expected}` without quotes", "写成 `{expected}`，不要加引号"),
                    Written::Text | Written::Other => tr!("write `{expected}`", "写成 `{expected}`"),
                },
            },
            Found::BadChoice { path, found, options } => {
                // Labelled values are listed with their labels (their other spellings go
                // without saying); values without labels are listed as they are.
                let labelled: Vec<&Choice> = options.iter().filter(|o| o.label.is_some()).collect();
                let shown = if labelled.is_empty() { options.iter().collect() } else { labelled };
                let listed = spec::label::listed(shown.iter().map(|o| (o.spelling.as_str(), o.label.as_deref())));
                let (listed, listed_zh) = both(&listed);
                Said {
                    message: tr!("unknown value `{found}` for `{path}`", "`{path}` 的取值 `{found}` 无效"),
                    label: tr!("not one of the allowed values", "不是允许的取值"),
                    help: match did_you_mean(found, options.iter().map(|o| o.spelling.as_str())) {
                        Some(s) => tr!(
                            "did you mean `{s}`? expected one of: {listed}",
                            "是不是想写 `{s}`？可选值：{listed_zh}"
                        ),
                        None => tr!("expected one of: {listed}", "可选值：{listed_zh}"),
                    },
                }
            }
            Found::BadScalar { scalar, found, path, problem } => Said {
                message: scalar.invalid(found, path),
                label: tr!("invalid value", "无效的值"),
                help: problem.said(),
            },
            Found::NoMatch { found, path, what } => Said {
                message: tr!("invalid value `{found}` at `{path}`", "`{path}` 处的值 `{found}` 无效"),
                label: tr!("invalid value", "无效的值"),
                help: described(what),
            },
            Found::OutOfBounds { path, bound, what } => {
                let bound = bound.said();
                let (bound, bound_zh) = both(&bound);
                Said {
                    message: tr!("invalid value at `{path}`: {bound}", "`{path}` 处的值无效：{bound_zh}"),
                    label: tr!("invalid value", "无效的值"),
                    help: described(what),
                }
            }
            Found::NotTaken { field, kind, allowed } => {
                let (named, allowed, allowed_zh) = (kind.named(), allowed.join(", "), allowed.join("、"));
                let (what, what_zh) = both(&named);
                Said {
                    message: tr!("`{field}` does not apply to {what}", "`{field}` 不适用于{what_zh}"),
                    label: tr!("not used by this type", "这个类型用不到它"),
                    help: tr!("{what} takes: {allowed}", "{what_zh}可用的字段：{allowed_zh}"),
                }
            }
            Found::Needs { field, kind, allowed } => {
                let (named, allowed, allowed_zh) = (kind.named(), allowed.join(", "), allowed.join("、"));
                let (what, what_zh) = both(&named);
                Said {
                    message: tr!("{what} needs `{field}`", "{what_zh}需要 `{field}`"),
                    label: tr!("`{field}` is missing", "缺少 `{field}`"),
                    help: tr!(
                        "add `{field}:`; {what} takes: {allowed}",
                        "添加 `{field}:`；{what_zh}可用的字段：{allowed_zh}"
                    ),
                }
            }
            Found::Trigger(TriggerShape::NoForm) => Said {
                message: tr!(
                    "a trigger needs one of `day`, `every`, `after_join`, `before_end`, `date` or `phase`",
                    "触发条件需要 `day`、`every`、`after_join`、`before_end`、`date`、`phase` 中的一个"
                ),
                label: incomplete(),
                help: forms(),
            },
            Found::Trigger(TriggerShape::TwoForms { first, second }) => {
                let (first, second) = (first.key(), second.key());
                Said {
                    message: tr!(
                        "a trigger is exactly one form, but this one has both `{first}` and `{second}`",
                        "触发条件只能是一种形式，但这里同时有 `{first}` 和 `{second}`"
                    ),
                    label: invalid(),
                    help: forms(),
                }
            }
            Found::Trigger(TriggerShape::PhaseWithoutDay) => Said {
                message: tr!(
                    "a `phase` trigger needs `day` (day N of the phase)",
                    "`phase` 触发条件需要 `day`（阶段内的第 N 天）"
                ),
                label: incomplete(),
                help: tr!("add `day: 1` for the phase's first day", "添加 `day: 1` 表示阶段的第一天"),
            },
            Found::Trigger(TriggerShape::AtAfterJoin) => Said {
                message: tr!(
                    "`after_join` is relative to each member's entry and takes no `at`",
                    "`after_join` 从每位成员入群时算起，不能带 `at`"
                ),
                label: invalid(),
                help: tr!("remove `at`", "删除 `at`"),
            },
            Found::Trigger(TriggerShape::NoAt(form)) => {
                let (a, form) = (article(form.key()), form.key());
                Said {
                    message: tr!(
                        "{a} `{form}` trigger needs `at`, the time of day",
                        "`{form}` 触发条件需要 `at`（几点执行）"
                    ),
                    label: incomplete(),
                    help: tr!("add `at: \"20:00\"` (quoted, 24-hour)", "添加 `at: \"20:00\"`（加引号，24 小时制）"),
                }
            }
            Found::Trigger(TriggerShape::EveryOnly(field)) => Said {
                message: tr!("`{field}` goes with `every` only", "`{field}` 只能和 `every` 一起用"),
                label: invalid(),
                help: tr!("remove it, or make this an `every` trigger", "删除它，或改成 `every` 触发条件"),
            },
        }
    }
}

/// JSON types, as messages name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum JsonType {
    Text,
    Integer,
    Number,
    Boolean,
    List,
    Mapping,
    Null,
    /// A type the schema names that messages have no word for.
    Value,
}

impl JsonType {
    /// The type a schema's `type` keyword names.
    pub(super) fn named(t: &str) -> JsonType {
        match t {
            "string" => JsonType::Text,
            "integer" => JsonType::Integer,
            "number" => JsonType::Number,
            "boolean" => JsonType::Boolean,
            "array" => JsonType::List,
            "object" => JsonType::Mapping,
            "null" => JsonType::Null,
            _ => JsonType::Value,
        }
    }

    pub(super) fn of(v: &Json) -> JsonType {
        match v {
            Json::Null => JsonType::Null,
            Json::Bool(_) => JsonType::Boolean,
            Json::Number(n) if n.is_f64() => JsonType::Number,
            Json::Number(_) => JsonType::Integer,
            Json::String(_) => JsonType::Text,
            Json::Array(_) => JsonType::List,
            Json::Object(_) => JsonType::Mapping,
        }
    }

    /// The types a value may have, each once; `null`, how an optional field is left out,
    /// only when it is the one type (nobody writes it on purpose).
    pub(super) fn expected(mut types: Vec<JsonType>) -> Vec<JsonType> {
        types.dedup();
        if types.len() > 1 {
            types.retain(|t| *t != JsonType::Null);
        }
        types
    }

    /// What a value of this type must be, in English and Chinese ("an integer").
    fn wanted(self) -> (&'static str, &'static str) {
        match self {
            JsonType::Text => ("text", "文本"),
            JsonType::Integer => ("an integer", "整数"),
            JsonType::Number => ("a number", "数字"),
            JsonType::Boolean => ("true or false", "true 或 false"),
            JsonType::List => ("a list", "列表"),
            JsonType::Mapping => ("a mapping", "映射"),
            JsonType::Null => ("nothing", "空值"),
            JsonType::Value => ("a value", "值"),
        }
    }

    /// What a value found is, in English and Chinese ("found an integer").
    pub(super) fn found(self) -> (&'static str, &'static str) {
        match self {
            JsonType::Null => ("nothing (null)", "空值（null）"),
            JsonType::Boolean => ("a boolean", "布尔值"),
            other => other.wanted(),
        }
    }

    /// "text or a list", "文本或列表".
    fn either(types: &[JsonType]) -> (String, String) {
        let words: Vec<(&str, &str)> = types.iter().map(|t| t.wanted()).collect();
        let en: Vec<&str> = words.iter().map(|w| w.0).collect();
        let zh: Vec<&str> = words.iter().map(|w| w.1).collect();
        (en.join(" or "), zh.join("或"))
    }
}

/// The language's scalar types, as a pattern failure names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scalar {
    Duration,
    Term,
    Time,
    Date,
    Target,
    Frequency,
    Id,
}

/// Why a scalar's parser refuses a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ScalarProblem {
    /// A duration that does not start with a number.
    NoNumber,
    /// A duration's unit, not one the language has.
    UnknownUnit(String),
    /// A duration or term of more than 6 digits.
    TooManyDigits,
    NotTerm,
    NotTime,
    NotDate,
    NotTarget,
    NotFrequency,
    NotId,
}

impl Scalar {
    /// The scalar a schema definition describes.
    pub(super) fn of(def: &str) -> Option<Scalar> {
        use schemars::JsonSchema as _;
        super::defined_by(
            def,
            [
                (Scalar::Duration, spec::Duration::schema_name()),
                (Scalar::Term, spec::Term::schema_name()),
                (Scalar::Time, spec::TimeOfDay::schema_name()),
                (Scalar::Date, spec::Date::schema_name()),
                (Scalar::Target, spec::Target::schema_name()),
                (Scalar::Frequency, spec::Frequency::schema_name()),
                (Scalar::Id, spec::Id::schema_name()),
            ],
        )
    }

    /// Why `text`, which does not match the scalar's pattern, is not one; None when its
    /// parser takes it after all (spaces around it, say), so the pattern has the last word.
    pub(super) fn problem(self, text: &str) -> Option<ScalarProblem> {
        let t = text.trim();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        // `9999999d` has the shape of a duration; saying "expected a duration" would puzzle.
        if matches!(self, Scalar::Duration | Scalar::Term) && digits > 6 {
            return Some(ScalarProblem::TooManyDigits);
        }
        let refused = match self {
            Scalar::Duration => text.parse::<spec::Duration>().is_err(),
            Scalar::Term => text.parse::<spec::Term>().is_err(),
            Scalar::Time => text.parse::<spec::TimeOfDay>().is_err(),
            Scalar::Date => text.parse::<spec::Date>().is_err(),
            Scalar::Target => text.parse::<spec::Target>().is_err(),
            Scalar::Frequency => text.parse::<spec::Frequency>().is_err(),
            Scalar::Id => text.parse::<spec::Id>().is_err(),
        };
        refused.then(|| match self {
            Scalar::Duration if digits == 0 => ScalarProblem::NoNumber,
            Scalar::Duration => ScalarProblem::UnknownUnit(t[digits..].trim_start().to_string()),
            Scalar::Term => ScalarProblem::NotTerm,
            Scalar::Time => ScalarProblem::NotTime,
            Scalar::Date => ScalarProblem::NotDate,
            Scalar::Target => ScalarProblem::NotTarget,
            Scalar::Frequency => ScalarProblem::NotFrequency,
            Scalar::Id => ScalarProblem::NotId,
        })
    }

    fn invalid(self, found: &str, path: &str) -> Text {
        match self {
            Scalar::Duration => tr!("invalid duration `{found}` at `{path}`", "`{path}` 处的时长 `{found}` 无效"),
            Scalar::Term => tr!("invalid term `{found}` at `{path}`", "`{path}` 处的服务期限 `{found}` 无效"),
            Scalar::Time => tr!("invalid time `{found}` at `{path}`", "`{path}` 处的时间 `{found}` 无效"),
            Scalar::Date => tr!("invalid date `{found}` at `{path}`", "`{path}` 处的日期 `{found}` 无效"),
            Scalar::Target => tr!("invalid target `{found}` at `{path}`", "`{path}` 处的目标值 `{found}` 无效"),
            Scalar::Frequency => tr!("invalid frequency `{found}` at `{path}`", "`{path}` 处的频率 `{found}` 无效"),
            Scalar::Id => tr!("invalid id `{found}` at `{path}`", "`{path}` 处的 id `{found}` 无效"),
        }
    }
}

impl ScalarProblem {
    fn said(&self) -> Text {
        match self {
            ScalarProblem::NoNumber => {
                tr!("expected a number and a unit, like `7d` or `2h`", "应为数字加单位，如 `7d` 或 `2h`")
            }
            ScalarProblem::UnknownUnit(unit) => tr!(
                "unknown unit `{unit}` (use m, h, d, w, mo, y or 分钟, 小时, 天, 周, 个月, 年)",
                "未知的单位 `{unit}`（可用 m、h、d、w、mo、y，或 分钟、小时、天、周、个月、年）"
            ),
            ScalarProblem::TooManyDigits => tr!(
                "the number has more than 6 digits; write it in a larger unit, like `3y` (terms and plans are at most about 10 years)",
                "数字超过 6 位；请换用更大的单位，如 `3y`（服务期限和计划最长约 10 年）"
            ),
            ScalarProblem::NotTerm => tr!(
                "expected a duration such as `21d`, `3mo`, `1y`, or `ongoing`",
                "应为时长，如 `21d`、`3mo`、`1y`，或 `ongoing`"
            ),
            ScalarProblem::NotTime => {
                tr!("expected `HH:MM` on a 24-hour clock, like \"09:30\"", "应为 24 小时制的 `HH:MM`，如 \"09:30\"")
            }
            ScalarProblem::NotDate => tr!("expected `YYYY-MM-DD`, like 2027-03-01", "应为 `YYYY-MM-DD`，如 2027-03-01"),
            ScalarProblem::NotTarget => tr!(
                "expected a comparison and a value, like \">= 10%\" or \"<= 199\"",
                "应为比较符加数值，如 \">= 10%\" 或 \"<= 199\""
            ),
            ScalarProblem::NotFrequency => tr!(
                "expected daily, weekly, monthly, `N/week` or `N/month`",
                "应为 daily、weekly、monthly、`N/week` 或 `N/month`"
            ),
            ScalarProblem::NotId => tr!(
                "use lowercase letters, digits and `-`, starting with a letter or digit",
                "只能用小写字母、数字和 `-`，并以字母或数字开头"
            ),
        }
    }
}

/// A bound of the schema a value is past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Bound {
    Minimum(String),
    Maximum(String),
    ExclusiveMinimum(String),
    ExclusiveMaximum(String),
    MinItems(u64),
    MaxItems(u64),
    UniqueItems,
    /// A key that does not match the pattern keys take (a matrix variable).
    KeyPattern {
        key: String,
        pattern: String,
    },
    /// Any other keyword, in the validator's words.
    Other(String),
}

impl Bound {
    pub(super) fn of(e: &ValidationError, kind: &ValidationErrorKind) -> Bound {
        match kind {
            ValidationErrorKind::Minimum { limit } => Bound::Minimum(limit.to_string()),
            ValidationErrorKind::Maximum { limit } => Bound::Maximum(limit.to_string()),
            ValidationErrorKind::ExclusiveMinimum { limit } => Bound::ExclusiveMinimum(limit.to_string()),
            ValidationErrorKind::ExclusiveMaximum { limit } => Bound::ExclusiveMaximum(limit.to_string()),
            ValidationErrorKind::MinItems { limit } => Bound::MinItems(*limit),
            ValidationErrorKind::MaxItems { limit } => Bound::MaxItems(*limit),
            ValidationErrorKind::UniqueItems => Bound::UniqueItems,
            ValidationErrorKind::PropertyNames { error } => match error.kind() {
                ValidationErrorKind::Pattern { pattern } => {
                    Bound::KeyPattern { key: error.instance().to_string(), pattern: pattern.clone() }
                }
                _ => Bound::Other(e.masked().to_string()),
            },
            _ => Bound::Other(e.masked().to_string()),
        }
    }

    fn said(&self) -> Text {
        match self {
            Bound::Minimum(limit) => tr!("value is less than the minimum of {limit}", "值小于最小值 {limit}"),
            Bound::Maximum(limit) => tr!("value is greater than the maximum of {limit}", "值大于最大值 {limit}"),
            Bound::ExclusiveMinimum(limit) => {
                tr!("value is less than or equal to the minimum of {limit}", "值不大于下限 {limit}")
            }
            Bound::ExclusiveMaximum(limit) => {
                tr!("value is greater than or equal to the maximum of {limit}", "值不小于上限 {limit}")
            }
            Bound::MinItems(1) => tr!("value has less than 1 item", "值少于 1 项"),
            Bound::MinItems(n) => tr!("value has less than {n} items", "值少于 {n} 项"),
            Bound::MaxItems(1) => tr!("value has more than 1 item", "值多于 1 项"),
            Bound::MaxItems(n) => tr!("value has more than {n} items", "值多于 {n} 项"),
            Bound::UniqueItems => tr!("value has non-unique elements", "值中有重复的元素"),
            // The one pattern keys take is a matrix variable's: a name templates can use.
            Bound::KeyPattern { key, pattern } => tr!(
                "{key} cannot be a template variable: use ASCII letters, digits and `_`, not starting with a digit \
                 (the pattern `{pattern}`)",
                "{key} 不能作为模板变量名：只能用英文字母、数字和 `_`，且不能以数字开头（格式 `{pattern}`）"
            ),
            Bound::Other(words) => Text::verbatim(words.as_str()),
        }
    }
}

/// A schema description (from the model's doc comments) in both languages: the Chinese of
/// the descriptions messages show as help, else the English in both.
fn described(en: &str) -> Text {
    match DESCRIPTIONS.iter().find(|(d, _)| *d == en) {
        Some((_, zh)) => Text::new(en.to_string(), (*zh).to_string()),
        None => Text::verbatim(en),
    }
}

/// The Chinese of the schema descriptions shown as help (a missing field, a value out of
/// bounds); a test keeps each one a description of the committed schema.
const DESCRIPTIONS: &[(&str, &str)] = &[
    ("Language version (语言版本). Must be `1`.", "语言版本，必须是 `1`。"),
    ("Language version (语言版本): must be 1.", "语言版本，必须是 1。"),
    ("Who the community is for and why it exists (定位).", "社群为谁而建、为什么存在（定位）。"),
    ("How long the community runs and what happens at the end (生命周期).", "社群运营多久、到期后怎么办（生命周期）。"),
    (
        "Who runs the community (角色): staff roles and planted member roles.",
        "谁来运营社群（角色）：工作人员角色和安排在群里的成员角色。",
    ),
    ("Attachment type (附件类型).", "附件类型。"),
    ("Age range (年龄), e.g. `\"30-45\"`.", "年龄范围，例如 `\"30-45\"`。"),
    ("Identifier, used for the output folder and file names (标识).", "标识，用作输出的文件夹名和文件名。"),
    ("Display name (名称), e.g. `三年级数学提分营`.", "显示名称，例如 `三年级数学提分营`。"),
    ("Community type (社群类型).", "社群类型。"),
    ("Action goal (行动目标).", "行动目标。"),
    ("Rule id (规则标识).", "规则标识。"),
    ("What the rule says (规则), e.g. `禁止发广告`.", "规则内容，例如 `禁止发广告`。"),
    ("A calendar date (日期), `YYYY-MM-DD`.", "日期，格式为 `YYYY-MM-DD`。"),
    (
        "A duration: an integer and a unit — m (minutes), h, d, w, mo (30 days), y (365 days), or 分钟, 小时, 天, 周, 个月, 年 (时长).",
        "时长：整数加单位——m（分钟）、h、d、w、mo（30 天）、y（365 天），或 分钟、小时、天、周、个月、年。",
    ),
    ("Channel id (渠道标识); becomes the join code's `state`.", "渠道标识，会成为渠道活码的 `state` 参数。"),
    ("Expected reach (预计曝光), people.", "预计曝光人数。"),
    (
        "How often (频率): `daily`, `weekly`, `monthly`, or `N/week`, `N/month` (每天, 每周, 每月, N/周, N/月).",
        "频率：`daily`、`weekly`、`monthly`，或 `N/week`、`N/month`（每天、每周、每月、N/周、N/月）。",
    ),
    ("Kind of gate (门槛类型).", "门槛类型。"),
    ("`price`: entry fee (金额), in `currency`.", "`price`：入群费用（金额），币种见 `currency`。"),
    ("`price`: currency (币种). Default `CNY`.", "`price`：币种，默认 `CNY`。"),
    ("`referral`: how many members must vouch (推荐人数).", "`referral`：需要几位成员推荐（推荐人数）。"),
    ("Daily speakers aimed for in each group (日活目标).", "每个群每天发言人数的目标（日活目标）。"),
    (
        "Planned members per group (群容量). Default 200, the craft's advice; WeCom's limit is 500.",
        "每个群计划容纳的人数（群容量），默认 200，即行业经验的“200人左右”；企业微信的上限是 500。",
    ),
    ("Groups per matrix combination (群数量). Default 1.", "每个矩阵组合建几个群（群数量），默认 1。"),
    (
        "An identifier (标识): lowercase letters, digits and `-`, starting with a letter or digit; unique within its list.",
        "标识：小写字母、数字和 `-`，以字母或数字开头；在所在列表中唯一。",
    ),
    ("Service term (服务期限): a duration, or `ongoing`.", "服务期限：一个时长，或 `ongoing`（长期）。"),
    (
        "One group per combination of these lists (矩阵); each key becomes a template variable. The first key varies slowest.",
        "这些列表的每种组合对应一组群（矩阵）；每个键都会成为模板变量。第一个键变化最慢。",
    ),
    ("Product name (产品名称).", "产品名称。"),
    ("Price (价格), in CNY.", "价格，单位为人民币（CNY）。"),
    ("Phase id (阶段标识), e.g. `activation`.", "阶段标识，例如 `activation`。"),
    ("First day of the phase (起始日), counting day 1 = launch day.", "阶段的起始日，以开群当天为第 1 天。"),
    ("Last day of the phase (结束日), inclusive.", "阶段的结束日（含当天）。"),
    ("What it is for (内容目的).", "内容目的。"),
    ("Role id (角色标识), referenced by SOP steps and gates.", "角色标识，供 SOP 步骤和门槛引用。"),
    ("Role type (角色类型).", "角色类型。"),
    ("Groups one person can carry (每人可带群数).", "每人最多能带的群数（每人可带群数）。"),
    (
        "Seats per group (每群人数). Default 1; an owner has exactly 1.",
        "每个群配几人（每群人数），默认 1；群主只能是 1 人。",
    ),
    ("Class id (分层标识).", "分层标识。"),
    ("Step id (步骤标识).", "步骤标识。"),
    ("What the step is (标题), e.g. `开营仪式`.", "步骤标题，例如 `开营仪式`。"),
    ("When it happens (触发时间): exactly one trigger form.", "什么时候执行（触发时间）：只能用一种触发形式。"),
    ("Where it is performed (发送渠道).", "在哪里执行（发送渠道）。"),
    ("Who performs it (执行角色): a role id.", "由谁执行（执行角色）：一个角色 id。"),
    ("Tag group name (标签组名), e.g. `年级`.", "标签组名，例如 `年级`。"),
    ("The target (目标值), e.g. `\">= 12%\"`.", "目标值，例如 `\">= 12%\"`。"),
    (
        "A target (目标值): a comparison (>=, >, <=, <, ==) and a value; rates as percentages (`12%`) or fractions between 0 and 1.",
        "目标值：比较符（>=、>、<=、<、==）加数值；比率写成百分比（`12%`）或 0 到 1 之间的小数。",
    ),
    (
        "The service term (服务期限): a duration such as `7d`, `21d`, `3mo`, `1y`, or `ongoing` (长期) for a long-term community.",
        "服务期限：一个时长，如 `7d`、`21d`、`3mo`、`1y`；长期运营的社群写 `ongoing`（长期）。",
    ),
    (
        "A time of day (时间), `HH:MM` on a 24-hour clock in the spec's time zone. Quote it in YAML.",
        "时间，24 小时制的 `HH:MM`，按 spec 的时区计算。在 YAML 中要加引号。",
    ),
    (
        "Day N of the group (第N天; day 1 = launch day), or with `phase`, day N of that phase.",
        "群的第 N 天（开群当天为第 1 天）；与 `phase` 一起用时，是该阶段的第 N 天。",
    ),
    ("With `every`: first day (起始日). Default 1.", "与 `every` 一起用：起始日，默认 1。"),
    (
        "Group-channel SOP messages one group may get per day before `message-flood` warns\n(每日群消息上限). Default 3.",
        "一个群每天最多发几条群消息（每日群消息上限），超出时 `message-flood` 会警告；默认 3。",
    ),
    (
        "Characters the composed announcement may have before `announcement-too-long` warns\n(群公告字数上限). Default 1000.",
        "合成后的群公告最多多少字（群公告字数上限），超出时 `announcement-too-long` 会警告；默认 1000。",
    ),
    (
        "With `every`: last day (结束日). Default the last day of the term or horizon.",
        "与 `every` 一起用：结束日，默认为服务期限或规划范围的最后一天。",
    ),
];

/// A text's English and Chinese, for a message that names something in words.
/// "unknown key `KEY` in `PLACE`", or at the top level.
fn unknown_key(key: &str, place: Option<&str>) -> Text {
    match place {
        Some(path) => tr!("unknown key `{key}` in `{path}`", "`{path}` 中有未知的键 `{key}`"),
        None => tr!("unknown key `{key}` at the top level", "顶层有未知的键 `{key}`"),
    }
}

fn both(text: &Text) -> (&str, &str) {
    (text.en(), text.get(Lang::Zh))
}

/// "a" or "an" before an English word.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

#[cfg(test)]
mod tests {
    use super::super::SCHEMA_JSON;
    use super::*;

    #[test]
    fn every_chinese_description_is_of_a_description_the_schema_has() {
        // A doc comment reworded leaves its Chinese behind: find it here, not in a report.
        let mut descriptions = Vec::new();
        let mut todo = vec![serde_json::from_str::<Json>(SCHEMA_JSON).unwrap()];
        while let Some(node) = todo.pop() {
            match node {
                Json::Object(map) => {
                    descriptions.extend(map.get("description").and_then(Json::as_str).map(str::to_string));
                    todo.extend(map.into_iter().map(|(_, v)| v));
                }
                Json::Array(items) => todo.extend(items),
                _ => {}
            }
        }
        for (en, zh) in DESCRIPTIONS {
            assert!(descriptions.iter().any(|d| d == en), "no description {en:?} in the schema");
            assert_eq!(described(en).get(Lang::Zh), *zh);
        }
        assert_eq!(described("Not a description.").get(Lang::Zh), "Not a description.");
    }

    #[test]
    fn a_scalar_says_why_its_parser_refuses_it() {
        let problem = |scalar: Scalar, text: &str| scalar.problem(text);
        assert_eq!(problem(Scalar::Duration, "7x"), Some(ScalarProblem::UnknownUnit("x".into())));
        assert_eq!(problem(Scalar::Duration, " 7 fortnights"), Some(ScalarProblem::UnknownUnit("fortnights".into())));
        assert_eq!(problem(Scalar::Duration, "x7d"), Some(ScalarProblem::NoNumber));
        assert_eq!(problem(Scalar::Term, "9999999d"), Some(ScalarProblem::TooManyDigits));
        assert_eq!(problem(Scalar::Term, "forever"), Some(ScalarProblem::NotTerm));
        assert_eq!(problem(Scalar::Time, "25:00"), Some(ScalarProblem::NotTime));
        assert_eq!(problem(Scalar::Id, "Hello"), Some(ScalarProblem::NotId));
        // The parser takes what only the pattern refuses (spaces around it): no reason to give.
        assert_eq!(problem(Scalar::Duration, "7  d"), None);
        assert_eq!(problem(Scalar::Time, " 09:30"), None);
        let found = Found::BadScalar {
            scalar: Scalar::Duration,
            found: "7x".into(),
            path: "content.sop[0].when.after_join".into(),
            problem: ScalarProblem::UnknownUnit("x".into()),
        };
        assert_eq!(
            found.said().message,
            tr!(
                "invalid duration `7x` at `content.sop[0].when.after_join`",
                "`content.sop[0].when.after_join` 处的时长 `7x` 无效"
            )
        );
    }
}
