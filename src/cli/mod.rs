//! The command line: argument definitions and dispatch. The command modules are the only
//! code that prints.

#[macro_use]
mod output;

mod build;
mod check;
mod diff;
mod help;
mod init;
mod report;
mod rules;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::check::Options;
use crate::diagnostics::Rule;
use crate::diagnostics::{did_you_mean, visible};
use crate::i18n::{Lang, Text, tr};
use crate::report::Format;
use crate::source::Unreadable;
use crate::spec::Level;

/// Exit status: no errors.
const OK: u8 = 0;
/// Exit status: some spec has an error (or a warning under `-D warnings`).
const FOUND: u8 = 1;
/// Exit status: usage or I/O error.
const FAILURE: u8 = 2;

/// Config-as-code for WeChat / WeCom community operations (私域社群运营).
#[derive(Debug, Parser)]
#[command(name = "commspec", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of messages, help texts and rule pages [default: zh when LC_ALL, LC_MESSAGES
    /// or LANG starts with zh, else en].
    #[arg(long, global = true, value_enum)]
    lang: Option<Lang>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check specs: YAML, schema, references, templates and every lint rule.
    Check(CheckArgs),
    /// Compile specs into SOP plans, announcements, welcome texts, calendars and checklists.
    Build(BuildArgs),
    /// Print one artifact of one spec to stdout, e.g. `commspec render spec.yaml announcement`.
    Render(RenderArgs),
    /// Show what a spec change does to the plan: groups, dated tasks, texts, staffing, KPIs
    /// and findings added, removed or changed (`commspec diff --base origin/main`).
    Diff(DiffArgs),
    /// Hold exported group statistics (CSV) against the spec's KPI targets, per group and for
    /// the community.
    Report(report::ReportArgs),
    /// Write a starter spec for a community type, every section present and commented.
    Init(InitArgs),
    /// Print a shell completion script: `commspec completions bash > /etc/bash_completion.d/commspec`.
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `commspec man > commspec.1`.
    Man,
    /// Print the JSON Schema of the language (or, with --plan, of `plan.json`).
    Schema {
        /// Print the schema of the `plan.json` that `build` writes.
        #[arg(long)]
        plan: bool,
        /// Print the schema of `commspec diff --format json`.
        #[arg(long, conflicts_with = "plan")]
        diff: bool,
        /// Print the schema of `report --format json`.
        #[arg(long, conflicts_with_all = ["plan", "diff"])]
        report: bool,
    },
    /// List every rule with its default level and summary.
    Rules,
    /// Explain a rule: what it checks, why, an example and the fix.
    Explain {
        /// Rule name, e.g. `no-gate`.
        rule: String,
    },
}

/// Rule levels, as in clippy.
#[derive(Debug, Clone, clap::Args)]
struct LevelArgs {
    /// Deny RULE (make it an error); `-D warnings` makes every warning an error.
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    deny: Vec<String>,
    /// Warn on RULE.
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    warn: Vec<String>,
    /// Allow RULE (turn it off); `-A warnings` hides every warning.
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    allow: Vec<String>,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Spec files, or directories to search for specs (YAML files with a top-level
    /// `commspec` key). Default: the current directory. A file given twice, or also found in
    /// a directory, is checked once; two files with one community id are an error.
    paths: Vec<PathBuf>,
    /// Output format [default: human, or github when GITHUB_ACTIONS=true].
    #[arg(long, value_enum)]
    format: Option<Format>,
    #[command(flatten)]
    levels: LevelArgs,
    /// Print errors only, with no summary.
    #[arg(short, long)]
    quiet: bool,
    /// Skip named files that are not specs (no top-level `commspec` key), as in directories;
    /// for hooks that pass every changed YAML file.
    #[arg(long)]
    only_specs: bool,
    /// Keep running and re-check files as they are saved.
    #[arg(short, long)]
    watch: bool,
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// Spec files, or directories to search for specs. Default: the current directory. A file
    /// given twice, or also found in a directory, is built once; two files with one community
    /// id are an error, and nothing is written.
    paths: Vec<PathBuf>,
    /// Output folder; each community is written to `DIR/<community-id>/`.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// Folder of templates overriding the built-in ones by file name (e.g. `sop.md.j2`).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    #[command(flatten)]
    levels: LevelArgs,
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// OLD and NEW: two spec files or two folders of specs. With --base: where to look for
    /// specs (default: the current directory), compared at REV and in the working tree.
    paths: Vec<PathBuf>,
    /// Compare the specs as they are at this git revision (`origin/main`, a commit) with the
    /// working tree; git reads them into memory, nothing is checked out.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Output format: human (coloured on a terminal), markdown (a pull-request comment) or json.
    #[arg(long, value_enum, default_value = "human", hide_possible_values = true)]
    format: crate::diff::Format,
    /// Exit with status 1 when there are changes, as `git diff --exit-code` (else 0).
    #[arg(long)]
    exit_code: bool,
    /// Folder of templates overriding the built-in ones, for both sides.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    #[command(flatten)]
    levels: LevelArgs,
}

#[derive(Debug, clap::Args)]
struct InitArgs {
    /// Where to write the spec.
    #[arg(default_value = "community.yaml")]
    path: PathBuf,
    /// Community type: lead, welfare, flash, course, member, content, resource, service (or 引流群…).
    #[arg(long = "type", short = 't', value_name = "TYPE", default_value = "lead")]
    kind: String,
    /// Overwrite an existing file.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, clap::Args)]
struct RenderArgs {
    /// The spec file.
    spec: PathBuf,
    /// announcement, welcome, sop.md, sop.csv, sop.ics, checklist, README.md or plan.json.
    artifact: String,
    /// The group: its name, folder or number (default: the first group).
    #[arg(short, long)]
    group: Option<String>,
    /// Folder of templates overriding the built-in ones by file name.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // Help and usage errors come before parsing is done, so the language is looked for first.
    let lang = Lang::detect(lang_flag(&args));
    let mut command = match lang {
        Lang::En => Cli::command(),
        Lang::Zh => help::chinese(Cli::command()),
    };
    let matches = match command.try_get_matches_from_mut(&args) {
        Ok(m) => m,
        Err(e) => return clap_exit(&e, lang),
    };
    // Only the Chinese command has a `help` subcommand of its own (clap's answers in English).
    if let Some(("help", asked)) = matches.subcommand() {
        let names = asked.get_many::<String>("command").into_iter().flatten().map(OsString::from);
        let again: Vec<OsString> =
            args.iter().take(1).cloned().chain(names).chain([OsString::from("--help")]).collect();
        return match command.try_get_matches_from_mut(again) {
            Err(e) => clap_exit(&e, lang),
            // `--help` after the names always answers; were it not to, the root's help does.
            Ok(_) => {
                output::keep_clap(false, command.print_long_help());
                ExitCode::from(output::finish(OK, lang))
            }
        };
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return clap_exit(&e, lang),
    };
    let sub = |name: &str| matches.subcommand_matches(name).cloned().unwrap_or_default();
    let lang = Lang::detect(cli.lang);
    let code = match cli.command {
        Command::Check(args) => match level_flags(&args.levels, &sub("check")) {
            Ok(opts) => check::run(&args, &Options { lang, ..opts }),
            Err(e) => usage(lang, &e),
        },
        Command::Build(args) => match level_flags(&args.levels, &sub("build")) {
            Ok(opts) => build::run(&args, &Options { lang, ..opts }),
            Err(e) => usage(lang, &e),
        },
        Command::Diff(args) => match level_flags(&args.levels, &sub("diff")) {
            Ok(opts) => diff::run(&args, &Options { lang, ..opts }),
            Err(e) => usage(lang, &e),
        },
        Command::Render(args) => build::render(&args, lang),
        Command::Report(args) => report::run(&args, lang),
        Command::Init(args) => init::run(&args, lang),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "commspec", &mut script);
            emit(&String::from_utf8_lossy(&script));
            OK
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => {
                    emit(&String::from_utf8_lossy(&page));
                    OK
                }
                Err(e) => usage(lang, &Problem::ManPage { error: e }.text()),
            }
        }
        Command::Schema { plan, diff, report } => {
            emit(&match (plan, diff, report) {
                (true, _, _) => crate::schema::generate_plan(),
                (_, true, _) => crate::schema::generate_diff(),
                (_, _, true) => crate::schema::generate_report(),
                _ => crate::schema::generate(),
            });
            OK
        }
        Command::Rules => rules::list(lang),
        Command::Explain { rule } => rules::explain(&rule, lang),
    };
    ExitCode::from(output::finish(code, lang))
}

/// The language `--lang` asks for, looked for before clap parses the command line (which
/// refuses it twice; here the last counts). After `--` it would be a path.
fn lang_flag(args: &[OsString]) -> Option<Lang> {
    let mut lang = None;
    let mut args = args.iter().skip(1).map(|a| a.to_str());
    while let Some(arg) = args.next() {
        let value = match arg {
            Some("--") => break,
            Some("--lang") => args.next().flatten(),
            Some(a) => a.strip_prefix("--lang="),
            None => None,
        };
        lang = match value {
            Some("en") => Some(Lang::En),
            Some("zh") => Some(Lang::Zh),
            _ => lang,
        };
    }
    lang
}

/// Help and the version, printed by clap (with its colours), or a usage error, in `lang`; and
/// clap's status. A write error makes it 2, as for every command.
fn clap_exit(e: &clap::Error, lang: Lang) -> ExitCode {
    let answer = matches!(
        e.kind(),
        clap::error::ErrorKind::DisplayHelp
            | clap::error::ErrorKind::DisplayVersion
            | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::Zh && !answer {
        output::err(help::usage_error(e).as_bytes());
    } else {
        output::keep_clap(e.use_stderr(), e.print());
    }
    ExitCode::from(output::finish(u8::try_from(e.exit_code()).unwrap_or(FAILURE), lang))
}

/// Writes to stdout.
fn emit(text: &str) {
    output::out(text.as_bytes());
}

/// A path, name or error from outside as commspec prints it: control characters made visible,
/// so a file name cannot drive the terminal or forge a line of output.
fn shown(text: impl std::fmt::Display) -> String {
    crate::diagnostics::visible(&text.to_string()).into_owned()
}

fn usage(lang: Lang, message: &Text) -> u8 {
    error(lang, message);
    FAILURE
}

/// `error: …` on standard error.
fn error(lang: Lang, what: &Text) {
    errln!("{}{}", tr!("error: ", "错误：").get(lang), what.get(lang));
}

/// `warning: …` on standard error.
fn warning(lang: Lang, what: &Text) {
    errln!("{}{}", tr!("warning: ", "警告：").get(lang), what.get(lang));
}

/// `note: …` on standard error.
fn note(lang: Lang, what: &Text) {
    errln!("{}{}", tr!("note: ", "注意：").get(lang), what.get(lang));
}

/// What more than one command may report.
enum Problem<'a> {
    /// A file or folder the file system refused.
    CannotRead {
        path: &'a Path,
        why: &'a Unreadable,
    },
    CannotWrite {
        path: &'a Path,
        error: &'a std::io::Error,
    },
    /// An unknown rule, and the one its name is closest to.
    UnknownRule {
        name: &'a str,
        like: Option<&'a str>,
    },
    /// `-A/-W/-D` on an error class.
    ErrorClass {
        rule: Rule,
    },
    ManPage {
        error: std::io::Error,
    },
}

impl Problem<'_> {
    fn text(&self) -> Text {
        match self {
            Problem::CannotRead { path, why } => {
                let (path, why) = (shown(path.display()), why.text());
                let (en, zh) = (visible(why.en()), visible(why.get(Lang::Zh)));
                Text::new(format!("{path}: {en}"), format!("无法读取 {path}：{zh}"))
            }
            Problem::CannotWrite { path, error } => {
                let (path, error) = (shown(path.display()), shown(error));
                tr!("writing {path}: {error}", "写入 {path} 失败：{error}")
            }
            Problem::UnknownRule { name, like } => {
                let name = shown(name);
                match like {
                    Some(like) => tr!(
                        "unknown rule `{name}` (did you mean `{like}`?); `commspec rules` lists them",
                        "未知的规则 `{name}`（是不是 `{like}`？）；`commspec rules` 列出所有规则"
                    ),
                    None => tr!(
                        "unknown rule `{name}`; `commspec rules` lists them",
                        "未知的规则 `{name}`；`commspec rules` 列出所有规则"
                    ),
                }
            }
            Problem::ErrorClass { rule } => {
                let rule = rule.name();
                tr!(
                    "`{rule}` is an error class and cannot be changed with -A/-W/-D",
                    "`{rule}` 是错误类，不能用 -A/-W/-D 改变级别"
                )
            }
            Problem::ManPage { error } => {
                tr!("writing the man page: {error}", "生成 man 手册失败：{error}")
            }
        }
    }
}

/// `-A/-W/-D` in command-line order, as clippy applies them.
fn level_flags(args: &LevelArgs, matches: &ArgMatches) -> Result<Options, Text> {
    let mut flags: Vec<(usize, Level, &String)> = Vec::new();
    for (id, level, values) in
        [("deny", Level::Deny, &args.deny), ("warn", Level::Warn, &args.warn), ("allow", Level::Allow, &args.allow)]
    {
        let indices = matches.indices_of(id).map(Iterator::collect::<Vec<_>>).unwrap_or_default();
        for (i, v) in values.iter().enumerate() {
            flags.push((indices.get(i).copied().unwrap_or(0), level, v));
        }
    }
    flags.sort_by_key(|f| f.0);
    let mut opts = Options::default();
    for (_, level, name) in flags {
        if name == "warnings" {
            opts.deny_warnings = level == Level::Deny;
            opts.allow_warnings = level == Level::Allow;
            continue;
        }
        match Rule::find(name) {
            Some(r) if r.configurable() => opts.levels.push((level, name.clone())),
            Some(rule) => return Err(Problem::ErrorClass { rule }.text()),
            None => {
                let like = did_you_mean(name, Rule::lints().map(Rule::name).chain(["warnings"]));
                return Err(Problem::UnknownRule { name, like }.text());
            }
        }
    }
    Ok(opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_flag_is_found_before_parsing() {
        let flag = |args: &[&str]| lang_flag(&args.iter().map(OsString::from).collect::<Vec<_>>());
        assert_eq!(flag(&["commspec", "--help", "--lang", "zh"]), Some(Lang::Zh));
        assert_eq!(flag(&["commspec", "--lang=zh", "build", "-h"]), Some(Lang::Zh));
        assert_eq!(flag(&["commspec", "--lang", "zh", "check", "--lang", "en"]), Some(Lang::En));
        assert_eq!(flag(&["commspec", "check", "--", "--lang", "zh"]), None, "after `--` it is a path");
        assert_eq!(flag(&["commspec", "--lang", "xx", "-h"]), None);
        assert_eq!(flag(&["commspec", "check", "--lang"]), None);
    }
}
