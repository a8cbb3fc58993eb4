//! `commspec check`.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::ops::Range;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::{CheckArgs, FAILURE, FOUND, OK, Problem, output, shown};
use crate::check::{self, Options};
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::{Lang, Text, tr};
use crate::report::{self, FileReport, Format};
use crate::source::{self, Candidate, ReadError, Unreadable};
use crate::validate::CommunityIds;
use crate::watchdog::{self, Stopped};

/// Files checked per batch: each batch runs in parallel and prints in order, so memory
/// stays flat however many files there are.
const BATCH: usize = 256;

/// What reading and checking one file produced.
enum FileResult {
    /// A YAML file in a directory that is not a spec.
    Skipped,
    /// The file system refused (exit status 2).
    Io(Unreadable),
    Checked {
        name: String,
        text: String,
        diagnostics: Vec<Diagnostic>,
        /// The community id and its span, once the spec loaded.
        community: Option<(String, Range<usize>)>,
    },
}

/// A checked file, ready to print.
struct Shown {
    printed: String,
    json: Vec<report::JsonItem>,
    errors: usize,
    warnings: usize,
}

pub(super) fn run(args: &CheckArgs, opts: &Options) -> u8 {
    let (candidates, failures) = discover(args);
    for f in &failures {
        super::error(opts.lang, &Problem::CannotRead { path: &f.path, why: &f.why }.text());
    }
    let round = check_all(&candidates, args, opts);
    if args.watch && !round.stopped {
        output::stop_if_failed(round.code, opts.lang);
        watch(args, opts, candidates);
    }
    if !failures.is_empty() { FAILURE } else { round.code }
}

fn discover(args: &CheckArgs) -> (Vec<Candidate>, Vec<source::IoFailure>) {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (mut candidates, failures) = source::discover(&paths);
    if args.only_specs {
        candidates.iter_mut().for_each(|c| c.named = false);
    }
    (candidates, failures)
}

/// Re-checks files as they change (new files in watched folders too), until interrupted.
/// Polling keeps this dependency-free and works the same on every file system.
fn watch(args: &CheckArgs, opts: &Options, mut candidates: Vec<Candidate>) -> ! {
    let stamp = |c: &Candidate| std::fs::metadata(&c.path).and_then(|m| m.modified()).ok();
    let mut seen: HashMap<PathBuf, Option<SystemTime>> =
        candidates.iter().map(|c| (c.path.clone(), stamp(c))).collect();
    errln!("{}", Msg::Watching { files: seen.len() }.text().get(opts.lang));
    loop {
        std::thread::sleep(Duration::from_millis(300));
        candidates = discover(args).0;
        let changed: Vec<Candidate> = candidates
            .iter()
            .filter(|c| {
                let now = stamp(c);
                seen.insert(c.path.clone(), now) != Some(now)
            })
            .cloned()
            .collect();
        if !changed.is_empty() {
            let names: Vec<String> = changed.iter().map(|c| shown(c.path.display())).collect();
            errln!("\n{}", Msg::Changed { names: &names }.text().get(opts.lang));
            let round = check_all(&changed, args, opts);
            if round.stopped {
                output::exit(round.code, opts.lang);
            }
            output::stop_if_failed(round.code, opts.lang);
        }
    }
}

/// What one round of checking ended with.
struct Round {
    /// The exit status for the files.
    code: u8,
    /// Whether the watchdog stopped a file: its work still runs, so the process must end.
    stopped: bool,
}

/// Checks the files and prints what was found. A file the watchdog stops is reported with its
/// `resource-limit` diagnostic after the files finished before it, and the round ends there.
fn check_all(candidates: &[Candidate], args: &CheckArgs, opts: &Options) -> Round {
    let mut io_failed = false;
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = terminal_width();
    let format = args.format.unwrap_or_else(default_format);
    let mut json: Vec<report::JsonItem> = Vec::new();
    let mut checked: Vec<String> = Vec::new();
    let mut communities = CommunityIds::default();
    let (mut errors, mut warnings, mut files, mut bad_files) = (0usize, 0usize, 0usize, 0usize);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let lang = opts.lang;
    let print = move |result: &FileResult| show(result, format, color, width, lang);
    let work = {
        let (quiet, opts) = (args.quiet, opts.clone());
        move |candidate: Candidate| {
            let result = check_one(&candidate, quiet, &opts);
            let report = print(&result);
            (result, report)
        }
    };
    let mut stopped: Vec<Stopped> = Vec::new();
    for batch in candidates.chunks(BATCH) {
        let done: Vec<Option<_>> = match watchdog::map(batch.to_vec(), threads, work.clone()) {
            Ok(done) => done.into_iter().map(Some).collect(),
            Err(halt) => {
                stopped = halt.stopped;
                halt.done
            }
        };
        // In file order, so the later file of two is the one reported, whatever the threads did.
        for (candidate, done) in batch.iter().zip(done) {
            let Some((mut result, mut report)) = done.or_else(|| {
                let result = stopped_file(candidate, &stopped)?;
                let report = print(&result);
                Some((result, report))
            }) else {
                continue;
            };
            if let FileResult::Checked { name, diagnostics, community: Some((id, at)), .. } = &mut result {
                if let Some(d) = communities.note(name, id, at.clone()) {
                    check::add(diagnostics, d);
                    report = print(&result);
                }
            }
            match (result, report) {
                (FileResult::Io(why), _) => {
                    super::error(opts.lang, &Problem::CannotRead { path: &candidate.path, why: &why }.text());
                    io_failed = true;
                }
                (FileResult::Checked { name, .. }, Some(Shown { printed, json: items, errors: e, warnings: w })) => {
                    // Only JUnit lists clean files; keeping every name would grow with the run.
                    if format == Format::Junit {
                        checked.push(name);
                    }
                    files += 1;
                    errors += e;
                    warnings += w;
                    bad_files += usize::from(e + w > 0);
                    json.extend(items);
                    output::out(printed.as_bytes());
                }
                _ => {}
            }
        }
        if !stopped.is_empty() {
            break;
        }
    }
    match format {
        Format::Json => {
            output::out(report::json(&json).as_bytes());
        }
        Format::Sarif => {
            output::out(report::sarif(&json, opts.lang).as_bytes());
        }
        Format::Junit => {
            output::out(report::junit(&checked, &json, opts.lang).as_bytes());
        }
        _ => {}
    }
    if !args.quiet && format == Format::Human {
        outln!("{}", Msg::Summary { files, bad_files, errors, warnings }.text().get(opts.lang));
    }
    let code = if io_failed {
        FAILURE
    } else if errors > 0 {
        FOUND
    } else {
        OK
    };
    Round { code, stopped: !stopped.is_empty() }
}

/// `human`, or `github` inside GitHub Actions, where annotations show on the pull request.
fn default_format() -> Format {
    if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") { Format::Github } else { Format::Human }
}

/// Reads and checks one file; with `quiet`, keeps only its errors.
fn check_one(candidate: &Candidate, quiet: bool, opts: &Options) -> FileResult {
    let (name, text, mut diagnostics, community) = match source::read(candidate) {
        Ok(None) => return FileResult::Skipped,
        Ok(Some(file)) => {
            let _watch = watchdog::watch(&candidate.path, &file.text);
            let outcome = check::check(&file.text, opts);
            (file.name, file.text, outcome.diagnostics, outcome.community)
        }
        Err(ReadError::Io(message)) => return FileResult::Io(message),
        Err(ReadError::Invalid(name, text, d)) => (name, text, vec![*d], None),
    };
    if quiet {
        diagnostics.retain(|d| d.severity == Severity::Error);
    }
    FileResult::Checked { name, text, diagnostics, community }
}

/// A file the watchdog stopped, with its `resource-limit` diagnostic; None for the others.
fn stopped_file(candidate: &Candidate, stopped: &[Stopped]) -> Option<FileResult> {
    let s = stopped.iter().find(|s| s.path == candidate.path)?;
    let (name, text) = (candidate.path.display().to_string(), s.text.to_string());
    Some(FileResult::Checked { name, text, diagnostics: vec![s.diagnostic.clone()], community: None })
}

/// Formats a checked file's diagnostics; None for the other results.
fn show(result: &FileResult, format: Format, color: bool, width: usize, lang: Lang) -> Option<Shown> {
    let FileResult::Checked { name, text, diagnostics, .. } = result else { return None };
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let report = FileReport { name, text, diagnostics, lang };
    let (printed, json) = match format {
        Format::Human => (report::human(&report, color, width), Vec::new()),
        Format::Short => (report::short(&report), Vec::new()),
        Format::Github => (report::github(&report), Vec::new()),
        Format::Json | Format::Sarif | Format::Junit => (String::new(), report::json_items(&report)),
    };
    Some(Shown { printed, json, errors, warnings: diagnostics.len() - errors })
}

/// What `check` says besides the reports.
enum Msg<'a> {
    /// `--watch` starts.
    Watching {
        files: usize,
    },
    Changed {
        names: &'a [String],
    },
    /// The last line: how many files were checked, and what was found in how many.
    Summary {
        files: usize,
        bad_files: usize,
        errors: usize,
        warnings: usize,
    },
}

impl Msg<'_> {
    fn text(&self) -> Text {
        match *self {
            Msg::Watching { files } => tr!(
                "commspec: watching {files} file(s) for changes (Ctrl-C to stop)",
                "commspec：正在监视 {files} 个文件的改动（按 Ctrl-C 停止）"
            ),
            Msg::Changed { names } => {
                let (en, zh) = (names.join(", "), names.join("、"));
                tr!("commspec: changed: {en}", "commspec：有改动：{zh}")
            }
            Msg::Summary { files, bad_files, errors, warnings } => {
                let (some_files, some_errors, some_warnings) =
                    (counted(files, "file"), counted(errors, "error"), counted(warnings, "warning"));
                if errors + warnings == 0 {
                    tr!(
                        "commspec: checked {some_files}, no problems found",
                        "commspec：已检查 {files} 个文件，未发现问题"
                    )
                } else {
                    tr!(
                        "commspec: {some_errors} and {some_warnings} in {bad_files} of {some_files} checked",
                        "commspec：共检查 {files} 个文件，其中 {bad_files} 个有问题：{errors} 个错误，{warnings} 个警告"
                    )
                }
            }
        }
    }
}

/// `1 file`, `2 files`: an English count of a noun with an `s` plural.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 { format!("{n} {noun}") } else { format!("{n} {noun}s") }
}

pub(super) fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|w| *w >= 40).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_both_languages() {
        let said = |files, bad_files, errors, warnings| {
            let text = Msg::Summary { files, bad_files, errors, warnings }.text();
            (text.en().to_string(), text.get(Lang::Zh).to_string())
        };
        assert_eq!(
            said(1, 0, 0, 0),
            ("commspec: checked 1 file, no problems found".into(), "commspec：已检查 1 个文件，未发现问题".into())
        );
        assert_eq!(
            said(3, 1, 1, 2),
            (
                "commspec: 1 error and 2 warnings in 1 of 3 files checked".into(),
                "commspec：共检查 3 个文件，其中 1 个有问题：1 个错误，2 个警告".into()
            )
        );
        assert_eq!(
            said(2, 2, 0, 1),
            (
                "commspec: 0 errors and 1 warning in 2 of 2 files checked".into(),
                "commspec：共检查 2 个文件，其中 2 个有问题：0 个错误，1 个警告".into()
            )
        );
    }
}
