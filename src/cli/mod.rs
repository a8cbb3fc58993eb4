//! The command line: argument definitions and dispatch. The command modules are the only
//! code that prints.

#[macro_use]
mod output;

mod build;
mod check;
mod init;
mod rules;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::check::Options;
use crate::diagnostics::Rule;
use crate::diagnostics::did_you_mean;
use crate::i18n::Lang;
use crate::report::Format;
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
    /// Language of messages, help texts and rule pages [default: zh when LANG/LC_ALL starts
    /// with zh, else en].
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
    let matches = match Cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => return clap_exit(&e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return clap_exit(&e),
    };
    let sub = |name: &str| matches.subcommand_matches(name).cloned().unwrap_or_default();
    let lang = Lang::detect(cli.lang);
    let code = match cli.command {
        Command::Check(args) => match level_flags(&args.levels, &sub("check")) {
            Ok(opts) => check::run(&args, &Options { lang, ..opts }),
            Err(e) => usage(&e),
        },
        Command::Build(args) => match level_flags(&args.levels, &sub("build")) {
            Ok(opts) => build::run(&args, &Options { lang, ..opts }),
            Err(e) => usage(&e),
        },
        Command::Render(args) => build::render(&args, lang),
        Command::Init(args) => init::run(&args),
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
                Err(e) => usage(&format!("writing the man page: {e}")),
            }
        }
        Command::Schema { plan } => {
            emit(&if plan { crate::schema::generate_plan() } else { crate::schema::generate() });
            OK
        }
        Command::Rules => rules::list(lang),
        Command::Explain { rule } => rules::explain(&rule, lang),
    };
    ExitCode::from(output::finish(code))
}

/// Help, the version, or a usage error, printed by clap (with its colours) and its status;
/// a write error makes it 2, as for every command.
fn clap_exit(e: &clap::Error) -> ExitCode {
    output::keep_clap(e.use_stderr(), e.print());
    ExitCode::from(output::finish(u8::try_from(e.exit_code()).unwrap_or(FAILURE)))
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

fn usage(message: &str) -> u8 {
    errln!("error: {message}");
    FAILURE
}

/// `-A/-W/-D` in command-line order, as clippy applies them.
fn level_flags(args: &LevelArgs, matches: &ArgMatches) -> Result<Options, String> {
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
            Some(r) => return Err(format!("`{}` is an error class and cannot be changed with -A/-W/-D", r.name())),
            None => {
                let names = Rule::lints().map(Rule::name).chain(["warnings"]);
                let hint = did_you_mean(name, names).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
                return Err(format!("unknown rule `{}`{hint}; `commspec rules` lists them", shown(name)));
            }
        }
    }
    Ok(opts)
}
