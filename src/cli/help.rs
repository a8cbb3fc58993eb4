//! The command line in Chinese. clap's derive says everything in English (the doc comments in
//! `cli/mod.rs`), so for Chinese the `Command` is rewritten before parsing: every about and
//! argument help, defaults and possible values, the help and version flags, the `help`
//! subcommand, and the headings (用法, 命令, 参数, 选项). clap's usage errors are said again
//! from their kind and context.

use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// What each command does, by name (`commspec` is the root).
const ABOUT: &[(&str, &str)] = &[
    ("commspec", "微信 / 企业微信社群运营的配置即代码：检查社群 spec，并把它编译成 SOP 计划、群公告和检查清单"),
    ("check", "检查 spec：YAML、schema、引用、模板和所有 lint 规则"),
    ("build", "把 spec 编译成 SOP 计划、群公告、入群欢迎语、日历和检查清单"),
    ("render", "把一个 spec 的一个产物打印到标准输出，例如 `commspec render spec.yaml announcement`"),
    (
        "diff",
        "显示 spec 的改动对计划的影响：新增、删除或改动的群、定时任务、文字、人员、KPI 和检查结果（`commspec diff --base origin/main`）",
    ),
    ("report", "把导出的群统计数据（CSV）和 spec 的数据指标目标对照，按群和按社群评估"),
    ("init", "为一种社群类型写一个初始 spec，每个部分都在，并带注释"),
    ("completions", "打印 shell 补全脚本：`commspec completions bash > /etc/bash_completion.d/commspec`"),
    ("man", "打印 man 手册（roff 格式）：`commspec man > commspec.1`"),
    ("schema", "打印 spec 语言的 JSON Schema（加 --plan 时打印 `plan.json` 的）"),
    ("rules", "列出所有规则及其默认级别和简介"),
    ("explain", "解释一条规则：检查什么、为什么、示例和改法"),
    ("help", "打印本帮助，或指定子命令的帮助"),
];

/// What each argument means, by command and argument id; `*` for an argument several
/// commands share (`--lang` is global, `-A/-W/-D` are flattened into two).
const ARGS: &[(&str, &str, &str)] = &[
    ("*", "lang", "消息、帮助和规则说明的语言 [默认：LC_ALL、LC_MESSAGES 或 LANG 以 zh 开头时为 zh，否则为 en]"),
    ("*", "deny", "拒绝 RULE（把它变成错误）；`-D warnings` 把所有警告都变成错误"),
    ("*", "warn", "对 RULE 发出警告"),
    ("*", "allow", "允许 RULE（关闭它）；`-A warnings` 隐藏所有警告"),
    (
        "check",
        "paths",
        "spec 文件，或要在其中查找 spec 的文件夹（顶层有 `commspec` 键的 YAML 文件）。默认：当前文件夹。\
         同一个文件给了两次、或又在文件夹中找到时，只检查一次；两个文件的社群 id 相同是错误",
    ),
    ("check", "format", "输出格式 [默认：human；GITHUB_ACTIONS=true 时为 github]"),
    ("check", "quiet", "只打印错误，不打印汇总"),
    (
        "check",
        "only_specs",
        "跳过命令行上给出的、不是 spec 的文件（没有顶层 `commspec` 键），和文件夹中的处理一样；\
         适用于传入每个改动过的 YAML 文件的钩子",
    ),
    ("check", "watch", "持续运行，文件一保存就重新检查"),
    (
        "build",
        "paths",
        "spec 文件，或要在其中查找 spec 的文件夹。默认：当前文件夹。同一个文件给了两次、或又在文件夹中找到时，\
         只构建一次；两个文件的社群 id 相同是错误，这时什么都不写",
    ),
    ("build", "out", "输出文件夹；每个社群写到 `DIR/<community-id>/`"),
    ("build", "templates", "模板文件夹，按文件名覆盖内置模板（例如 `sop.md.j2`）"),
    ("render", "spec", "spec 文件"),
    ("render", "artifact", "announcement、welcome、sop.md、sop.csv、sop.ics、checklist、README.md 或 plan.json"),
    ("render", "group", "哪个群：群名、文件夹名或序号（默认：第一个群）"),
    ("render", "templates", "模板文件夹，按文件名覆盖内置模板"),
    (
        "diff",
        "paths",
        "OLD 和 NEW：两个 spec 文件或两个 spec 文件夹。用 --base 时：在哪里查找 spec（默认：当前文件夹），\
         比较 REV 版本和工作区中的 spec",
    ),
    ("diff", "base", "和这个 git 版本（`origin/main`、某个提交）中的 spec 比较；由 git 读入内存，不会检出任何文件"),
    ("diff", "format", "输出格式：human（在终端上有颜色）、markdown（拉取请求的评论）或 json"),
    ("diff", "exit_code", "有改动时以状态 1 退出，和 `git diff --exit-code` 一样（否则为 0）"),
    ("diff", "templates", "模板文件夹，按文件名覆盖内置模板，两边都用"),
    ("report", "spec", "spec 文件"),
    (
        "report",
        "stats",
        "统计数据文件：CSV，每个群每天一行（`date`、`group`，然后是 `member_total`、`msg_total`、\
         `effective_speakers`、`orders` 等数据；README.md 列出所有列）",
    ),
    ("report", "format", "输出格式"),
    ("report", "no_fail", "有目标未达成时也以 0 退出（只报告）"),
    (
        "report",
        "html",
        "同时把报告写成一个自包含的 HTML 页面（内嵌 SVG，没有脚本）：每个指标画出各群在服务期内的数值和目标线，阶段加底色",
    ),
    ("report", "verbose", "同时说明每个统计文件按什么编码读取（UTF-8、带 BOM 的 UTF-8、GBK）"),
    ("init", "path", "spec 写到哪里"),
    (
        "init",
        "kind",
        "社群类型：lead、welfare、flash、course、member、content、resource、service（也可以写中文名，如 引流群）",
    ),
    ("init", "force", "覆盖已有的文件"),
    ("completions", "shell", "bash、zsh、fish、powershell 或 elvish"),
    ("schema", "plan", "打印 `build` 写出的 `plan.json` 的 schema"),
    ("schema", "diff", "打印 `commspec diff --format json` 的 schema"),
    ("schema", "report", "打印 `report --format json` 的 schema"),
    ("explain", "rule", "规则名，例如 `no-gate`"),
    ("help", "command", "要查看帮助的子命令"),
];

/// What each possible value of an argument means, where the English says it; `command value`
/// where one command means something else by it.
const VALUES: &[(&str, &str)] = &[
    ("en", "英文"),
    ("zh", "中文"),
    ("human", "带源码片段的图形报告（在终端上有颜色）"),
    ("short", "每个问题一行：`file:line:col: severity[rule]: message`"),
    ("json", "问题的 JSON 数组"),
    ("github", "GitHub Actions 工作流命令（在拉取请求上显示为注释）。`GITHUB_ACTIONS=true` 时的默认格式"),
    ("sarif", "SARIF 2.1.0，用于代码扫描面板（GitHub code scanning、Azure DevOps）"),
    ("junit", "JUnit XML，用于 CI 测试报告（GitLab、Jenkins）"),
    ("report human", "终端里看的表格"),
    ("report markdown", "Markdown 表格，用于拉取请求"),
    ("report json", "JSON，格式见 schemas/report.schema.json"),
];

/// The place of the help and version flags among the options: last, as clap puts its own
/// (ordered among themselves by name, so `-h` before `-V`).
const LAST: usize = usize::MAX;

/// The root command (`Cli::command()`) with everything it says in Chinese.
pub(super) fn chinese(root: Command) -> Command {
    let help =
        Command::new("help").arg(Arg::new("command").action(ArgAction::Append).num_args(..).value_name("COMMAND"));
    let root = root.disable_help_subcommand(true).subcommand(help).disable_version_flag(true).arg(
        Arg::new("version").short('V').long("version").action(ArgAction::Version).help("打印版本").display_order(LAST),
    );
    localize(root)
}

/// One command and its subcommands in Chinese.
fn localize(cmd: Command) -> Command {
    let name = cmd.get_name().to_string();
    let template = template(&cmd);
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help("打印帮助（用 `--help` 查看详细说明）")
        .long_help("打印帮助（用 `-h` 只看摘要）")
        .display_order(LAST);
    let about = lookup(ABOUT, &name);
    let cmd = cmd.mut_args(|a| localize_arg(&name, a)).disable_help_flag(true).arg(help).help_template(template);
    let cmd = match about {
        Some(about) => cmd.about(about),
        None => cmd,
    };
    cmd.mut_subcommands(localize)
}

/// clap's default help layout, with Chinese headings.
fn template(cmd: &Command) -> String {
    let mut t = String::from("{before-help}{about-with-newline}\n用法：{usage}");
    if cmd.has_subcommands() {
        t.push_str("\n\n命令：\n{subcommands}");
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        t.push_str("\n\n参数：\n{positionals}");
    }
    t.push_str("\n\n选项：\n{options}{after-help}");
    t
}

/// An argument's help in Chinese, with its default and possible values said in Chinese
/// (clap would add them in English).
fn localize_arg(command: &str, arg: Arg) -> Arg {
    let id = arg.get_id().as_str();
    let Some(&(_, _, help)) = ARGS
        .iter()
        .find(|(c, a, _)| *c == command && *a == id)
        .or_else(|| ARGS.iter().find(|(c, a, _)| *c == "*" && *a == id))
    else {
        return arg;
    };
    // A flag's values (`true`, `false`) are not for people.
    if !arg.get_action().takes_values() {
        return arg.help(help);
    }
    let (mut short, mut long) = (help.to_string(), help.to_string());
    let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() {
        let said = format!(" [默认：{}]", defaults.join("、"));
        short.push_str(&said);
        long.push_str(&said);
    }
    let values: Vec<_> = arg.get_possible_values().into_iter().filter(|v| !v.is_hide_set()).collect();
    let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
    if !values.is_empty() {
        let _ = write!(short, " [可选值：{}]", names.join("、"));
        if values.iter().any(|v| v.get_help().is_some()) {
            // One line break: clap indents the lines of a help, an empty one too.
            long.push_str("\n可选值：");
            for name in &names {
                let _ = write!(long, "\n- {name}：{}", value_help(command, name).unwrap_or_default());
            }
        } else {
            let _ = write!(long, " [可选值：{}]", names.join("、"));
        }
    }
    arg.help(short).long_help(long).hide_default_value(true).hide_possible_values(true)
}

/// What a possible value means in Chinese, for `command`'s arguments.
fn value_help(command: &str, value: &str) -> Option<&'static str> {
    lookup(VALUES, &format!("{command} {value}")).or_else(|| lookup(VALUES, value))
}

fn lookup(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// A usage error in Chinese, laid out as clap lays it out (`错误：`, tips, usage, the hint
/// to ask for help). Names and values are shown in backticks; a tip clap words itself stays
/// in its words.
pub(super) fn usage_error(e: &clap::Error) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) if !v.is_empty() => Some(v.join("`、`")),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let lead = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            format!("没有子命令 `{}`", text(ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::UnknownArgument => format!("多余或无法识别的参数 `{arg}`"),
        ErrorKind::InvalidValue if value.is_empty() => format!("`{arg}` 需要一个值，但没有给出"),
        ErrorKind::InvalidValue => format!("`{arg}` 的值 `{value}` 无效"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(|s| format!("：{s}")).unwrap_or_default();
            format!("`{arg}` 的值 `{value}` 无效{why}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：`{arg}`"),
        ErrorKind::MissingSubcommand => {
            format!("`{}` 需要一个子命令", text(ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
            Some(prior) if prior != arg => format!("参数 `{arg}` 不能和 `{prior}` 一起使用"),
            _ => format!("参数 `{arg}` 只能给一次"),
        },
        ErrorKind::NoEquals => format!("给 `{arg}` 赋值时需要用等号"),
        ErrorKind::TooManyValues => format!("`{arg}` 不接受更多的值，却给了 `{value}`"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!("`{arg}` 的值的个数不对"),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8".to_string(),
        // Kinds the parser does not raise for this command line; clap's words as the detail.
        _ => {
            let clap = e.render().to_string();
            let first = clap.lines().next().unwrap_or_default();
            format!("命令行有误：{}", first.strip_prefix("error: ").unwrap_or(first))
        }
    };
    let mut out = format!("错误：{lead}");
    if let Some(valid) = text(ContextKind::ValidValue) {
        let _ = write!(out, "\n  [可选值：`{valid}`]");
    }
    if let Some(valid) = text(ContextKind::ValidSubcommand) {
        let _ = write!(out, "\n  [子命令：`{valid}`]");
    }
    let mut tips = Vec::new();
    for (kind, what) in [
        (ContextKind::SuggestedSubcommand, "子命令"),
        (ContextKind::SuggestedArg, "参数"),
        (ContextKind::SuggestedValue, "值"),
    ] {
        if let Some(similar) = text(kind) {
            tips.push(format!("有相近的{what}：`{similar}`"));
        }
    }
    if let Some(ContextValue::StyledStrs(suggested)) = e.get(ContextKind::Suggested) {
        tips.extend(suggested.iter().map(|s| tip(s, &arg)));
    }
    if !tips.is_empty() {
        out.push('\n');
        for t in tips {
            let _ = write!(out, "\n  提示：{t}");
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let _ = write!(out, "\n\n用法：{}", usage.strip_prefix("Usage: ").unwrap_or(&usage));
    }
    out.push_str("\n\n加上 `--help` 查看更多说明。\n");
    out
}

/// A tip clap wrote: the one it gives for an unknown `-x` or `--x` in Chinese, any other
/// as clap words it.
fn tip(suggested: &StyledStr, arg: &str) -> String {
    let suggested = suggested.to_string();
    if suggested == format!("to pass '{arg}' as a value, use '-- {arg}'") {
        format!("要把 `{arg}` 当作值传入，请写成 `-- {arg}`")
    } else {
        suggested
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    fn cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Every command, argument and possible value says what it is in Chinese; the tables
    /// hold nothing that no longer exists.
    #[test]
    fn every_command_and_argument_has_chinese_help() {
        let mut root = chinese(Cli::command());
        root.build();
        let mut used_args = Vec::new();
        let mut commands = vec![&root];
        while let Some(cmd) = commands.pop() {
            let name = cmd.get_name();
            assert!(cmd.get_about().is_some_and(|a| cjk(&a.to_string())), "`{name}` has no Chinese about");
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
                assert!(cjk(&help), "`{name} {id}`: {help}");
                let long = arg.get_long_help().map(ToString::to_string).unwrap_or(help);
                assert!(cjk(&long), "`{name} {id}`: {long}");
                used_args.push((name.to_string(), id.to_string()));
                for value in arg.get_possible_values() {
                    if value.get_help().is_some() {
                        assert!(value_help(name, value.get_name()).is_some(), "`{name} {id} {}`", value.get_name());
                    }
                }
            }
            commands.extend(cmd.get_subcommands());
        }
        for (command, id, _) in ARGS {
            let used = used_args.iter().any(|(c, a)| a == id && (c == command || *command == "*"));
            assert!(used, "ARGS has `{command} {id}`, which no command has");
        }
        for (name, _) in ABOUT {
            assert!(*name == "commspec" || root.find_subcommand(name).is_some(), "ABOUT has `{name}`");
        }
    }
}
