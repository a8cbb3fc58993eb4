//! The command line: argument definitions and the commands; the only module that prints.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::check::{self, Options};
use crate::diagnostics::{Severity, did_you_mean};
use crate::lint::{self, ERRORS, LINTS};
use crate::report::{self, FileReport, Format};
use crate::source::{self, ReadError};
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
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check specs: YAML, schema, references, templates and every lint rule.
    Check(CheckArgs),
    /// Print the JSON Schema of the language.
    Schema,
    /// List every rule with its default level and summary.
    Rules,
    /// Explain a rule: what it checks, why, an example and the fix.
    Explain {
        /// Rule name, e.g. `no-gate`.
        rule: String,
    },
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Spec files, or directories to search for specs (YAML files with a top-level
    /// `commspec` key). Default: the current directory.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Deny RULE (make it an error); `-D warnings` makes every warning an error.
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    deny: Vec<String>,
    /// Warn on RULE.
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    warn: Vec<String>,
    /// Allow RULE (turn it off); `-A warnings` hides every warning.
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    allow: Vec<String>,
    /// Print errors only, with no summary.
    #[arg(short, long)]
    quiet: bool,
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let code = match cli.command {
        Command::Check(args) => {
            let sub = matches.subcommand_matches("check").cloned().unwrap_or_default();
            run_check(&args, &sub)
        }
        Command::Schema => {
            print!("{}", crate::schema::generate());
            OK
        }
        Command::Rules => run_rules(),
        Command::Explain { rule } => run_explain(&rule),
    };
    ExitCode::from(code)
}

/// `-A/-W/-D` in command-line order, as clippy applies them.
fn level_flags(args: &CheckArgs, matches: &ArgMatches) -> Result<Options, String> {
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
        match lint::find(name) {
            Some(r) if r.configurable => opts.levels.push((level, name.clone())),
            Some(r) => return Err(format!("`{}` is an error class and cannot be changed with -A/-W/-D", r.name)),
            None => {
                let names = LINTS.iter().map(|r| r.name).chain(["warnings"]);
                let hint = did_you_mean(name, names).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
                return Err(format!("unknown rule `{name}`{hint}; `commspec rules` lists them"));
            }
        }
    }
    Ok(opts)
}

fn run_check(args: &CheckArgs, matches: &ArgMatches) -> u8 {
    let opts = match level_flags(args, matches) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return FAILURE;
        }
    };
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (candidates, failures) = source::discover(&paths);
    let mut io_failed = !failures.is_empty();
    for f in &failures {
        eprintln!("error: {}: {}", f.path.display(), f.message);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut json: Vec<report::JsonItem> = Vec::new();
    let (mut errors, mut warnings, mut files, mut bad_files) = (0usize, 0usize, 0usize, 0usize);
    for candidate in &candidates {
        let (name, text, mut diagnostics) = match source::read(candidate) {
            Ok(None) => continue,
            Ok(Some(file)) => {
                let outcome = check::check(&file.text, &opts);
                (file.name, file.text, outcome.diagnostics)
            }
            Err(ReadError::Io(message)) => {
                eprintln!("error: {}: {message}", candidate.path.display());
                io_failed = true;
                continue;
            }
            Err(ReadError::Invalid(name, text, d)) => (name, text, vec![d]),
        };
        files += 1;
        if args.quiet {
            diagnostics.retain(|d| d.severity == Severity::Error);
        }
        let e = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        errors += e;
        warnings += diagnostics.len() - e;
        bad_files += usize::from(!diagnostics.is_empty());
        let report = FileReport { name: &name, text: &text, diagnostics: &diagnostics };
        let printed = match args.format {
            Format::Human => report::human(&report, color, terminal_width()),
            Format::Short => report::short(&report),
            Format::Github => report::github(&report),
            Format::Json => {
                json.extend(report::json_items(&report));
                String::new()
            }
        };
        // A closed pipe (e.g. `| head`) is not an error worth reporting.
        let _ = out.write_all(printed.as_bytes());
    }
    if args.format == Format::Json {
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".into()));
    } else if !args.quiet && args.format == Format::Human {
        let _ = writeln!(out, "{}", summary(files, bad_files, errors, warnings));
    }
    if io_failed {
        FAILURE
    } else if errors > 0 {
        FOUND
    } else {
        OK
    }
}

fn summary(files: usize, bad_files: usize, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    if errors + warnings == 0 {
        format!("commspec: checked {}, no problems found", plural(files, "file"))
    } else {
        format!(
            "commspec: {} and {} in {} of {} checked",
            plural(errors, "error"),
            plural(warnings, "warning"),
            bad_files,
            plural(files, "file")
        )
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|w| *w >= 40).unwrap_or(100)
}

fn run_rules() -> u8 {
    let mut out = String::from("Lint rules (set per spec under `lints:`, or with -A/-W/-D RULE):\n\n");
    for r in LINTS {
        out.push_str(&format!("  {:<28} {:<5} {}\n", r.name, r.default.value(), r.summary));
    }
    out.push_str("\nError classes (always errors; cannot be allowed):\n\n");
    for r in ERRORS {
        out.push_str(&format!("  {:<28} {:<5} {}\n", r.name, "error", r.summary));
    }
    out.push_str("\nRun `commspec explain RULE` for what a rule checks, why, and how to fix it.\n");
    print!("{out}");
    OK
}

fn run_explain(name: &str) -> u8 {
    match lint::find(name) {
        Some(r) => {
            let level = if r.configurable {
                format!("default level: {}", r.default.value())
            } else {
                "always an error".to_string()
            };
            println!("# {}\n\n{} ({level})\n\n{}", r.name, r.summary, unindent(r.docs));
            OK
        }
        None => {
            let names = LINTS.iter().chain(ERRORS).map(|r| r.name);
            let hint = did_you_mean(name, names).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
            eprintln!("error: unknown rule `{name}`{hint}; `commspec rules` lists them");
            FAILURE
        }
    }
}

/// Doc comments arrive with one leading space per line.
fn unindent(docs: &str) -> String {
    docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n").trim().to_string()
}
