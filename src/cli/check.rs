//! `commspec check`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::{CheckArgs, FAILURE, FOUND, OK};
use crate::check::{self, Options};
use crate::diagnostics::Severity;
use crate::report::{self, FileReport, Format};
use crate::source::{self, ReadError};

pub(super) fn run(args: &CheckArgs, opts: &Options) -> u8 {
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
                let outcome = check::check(&file.text, opts);
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

pub(super) fn summary(files: usize, bad_files: usize, errors: usize, warnings: usize) -> String {
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

pub(super) fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|w| *w >= 40).unwrap_or(100)
}
