//! `commspec report`: statistics held against the spec's KPI targets.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::build::{print_diagnostics, read_spec};
use super::{FAILURE, FOUND, OK, Problem, error, note, shown};
use crate::check::{self, Options};
use crate::diagnostics::{Severity, visible};
use crate::i18n::{Lang, Text, tr};
use crate::limits::MAX_STATS_FILE_BYTES;
use crate::source::{self, NotRead, Unreadable};
use crate::stats::{self, Encoding, Groups, Reader};
use crate::watchdog;

#[derive(Debug, clap::Args)]
pub(super) struct ReportArgs {
    /// The spec file.
    spec: PathBuf,
    /// Statistics files: CSV, one row per group per day (`date`, `group`, then figures such as
    /// `member_total`, `msg_total`, `effective_speakers`, `orders`; README.md lists them).
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    stats: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 0 even when a target is missed (only report).
    #[arg(long)]
    no_fail: bool,
    /// Also write the report as one self-contained HTML page (inline SVG, no script): per KPI
    /// each group's values over its term against the target, phases shaded.
    #[arg(long, value_name = "OUT.html")]
    html: Option<PathBuf>,
    /// Also say how each statistics file was decoded (UTF-8, UTF-8 with BOM, GBK).
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// A table for the terminal.
    Human,
    /// A Markdown table, for pull requests.
    Markdown,
    /// JSON, as schemas/report.schema.json describes.
    Json,
}

/// What `report` says besides the report.
enum Msg<'a> {
    NoStart,
    Decoded { file: &'a str, encoding: Encoding },
    More { more: usize },
    NotAFile { path: &'a Path },
    AnInput { path: &'a Path },
    Wrote { path: &'a Path },
}

impl Msg<'_> {
    fn text(&self) -> Text {
        match self {
            Msg::NoStart => tr!(
                "the spec has no `lifecycle.start`: statistics are by date, so `report` needs the groups' dates",
                "spec 没有 `lifecycle.start`：统计数据按日期记录，`report` 需要各群的日期"
            ),
            Msg::Decoded { file, encoding } => {
                let file = visible(file);
                match encoding {
                    Encoding::Utf8 => tr!("{file}: read as UTF-8", "{file}：按 UTF-8 读取"),
                    Encoding::Utf8Bom => {
                        tr!("{file}: read as UTF-8 (with a byte-order mark)", "{file}：按 UTF-8（带 BOM）读取")
                    }
                    Encoding::Gbk => tr!("{file}: not UTF-8, read as GBK", "{file}：不是 UTF-8，按 GBK 读取"),
                }
            }
            Msg::More { more } => tr!("… and {more} more problems", "……还有 {more} 个问题"),
            Msg::NotAFile { path } => {
                let path = shown(path.display());
                tr!(
                    "--html {path}: not a file (a folder, pipe or device); name the page to write",
                    "--html {path}：不是文件（而是文件夹、管道或设备）；请写要生成的页面的文件名"
                )
            }
            Msg::AnInput { path } => {
                let path = shown(path.display());
                tr!(
                    "--html {path} is one of the inputs; writing it would destroy it",
                    "--html {path} 是输入文件之一，写入会毁掉它"
                )
            }
            Msg::Wrote { path } => {
                let path = shown(path.display());
                tr!("wrote {path}", "已写入 {path}")
            }
        }
    }
}

pub(super) fn run(args: &ReportArgs, lang: Lang) -> u8 {
    let file = match read_spec(&args.spec, lang, FAILURE) {
        Ok(f) => f,
        Err(code) => return code,
    };
    // Every file is looked at before the work starts; each is read in full only when its turn
    // comes, so one file's bytes are held at a time.
    for path in &args.stats {
        if let Err(why) = readable(path) {
            error(lang, &Problem::CannotRead { path, why: &why }.text());
            return FAILURE;
        }
    }
    if let Some(page) = &args.html {
        let inputs: Vec<&Path> =
            std::iter::once(args.spec.as_path()).chain(args.stats.iter().map(PathBuf::as_path)).collect();
        if let Some(why) = refuse_page(page, &inputs) {
            error(lang, &why.text());
            return FAILURE;
        }
    }
    let paths = args.stats.clone();
    let (format, no_fail, verbose, name) = (args.format, args.no_fail, args.verbose, file.name.clone());
    let html = args.html.clone();
    let made = watchdog::run(&args.spec, &file.text, move |text| {
        let outcome = check::check(text, &Options { lang, ..Options::default() });
        let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
        if !errors.is_empty() {
            print_diagnostics(&name, text, &errors, lang);
            return FAILURE;
        }
        let Some((loaded, analysis)) = outcome.checked else { return FAILURE };
        let Some(groups) = Groups::of(&analysis) else {
            error(lang, &Msg::NoStart.text());
            return FAILURE;
        };
        let mut reader = Reader::new(&groups);
        for path in &paths {
            match source::read_regular(path, MAX_STATS_FILE_BYTES) {
                Ok(bytes) => reader.read(&path.display().to_string(), &bytes),
                Err(e) => {
                    error(lang, &Problem::CannotRead { path, why: &unreadable(e) }.text());
                    return FAILURE;
                }
            }
        }
        let read = reader.finish();
        if !read.problems.is_empty() {
            for p in &read.problems {
                let (message, help) = p.bad.said();
                errln!("{}{}: {}", tr!("error: ", "错误：").get(lang), p.place(), message.get(lang));
                errln!("  {}{}", tr!("help: ", "帮助：").get(lang), help.get(lang));
            }
            if read.more > 0 {
                note(lang, &Msg::More { more: read.more }.text());
            }
            return FAILURE;
        }
        if verbose {
            for r in &read.files {
                note(lang, &Msg::Decoded { file: &r.file, encoding: r.encoding }.text());
            }
        }
        let evaluation = stats::evaluate(&loaded.spec, &groups, &read.stats.days, read.files, lang);
        let shown = match format {
            Format::Human => stats::table(&evaluation, false, lang),
            Format::Markdown => stats::table(&evaluation, true, lang),
            Format::Json => {
                let mut json = serde_json::to_string_pretty(&evaluation).unwrap_or_default();
                json.push('\n');
                json
            }
        };
        super::output::out(shown.as_bytes());
        if let Some(path) = &html {
            if let Err(e) = write_page(path, stats::page(&evaluation, lang).as_bytes()) {
                error(lang, &Problem::CannotWrite { path, error: &e }.text());
                return FAILURE;
            }
            note(lang, &Msg::Wrote { path }.text());
        }
        if evaluation.missed && !no_fail { FOUND } else { OK }
    });
    match made {
        Ok(code) => code,
        Err(stopped) => {
            for s in &stopped {
                print_diagnostics(&s.path.display().to_string(), &s.text, std::slice::from_ref(&s.diagnostic), lang);
            }
            FAILURE
        }
    }
}

/// Why the file system refuses a statistics file, looked at without reading it.
fn readable(path: &std::path::Path) -> Result<(), Unreadable> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(_) => Err(Unreadable::NotAFile),
        Err(e) => Err(source::describe_io(&e)),
    }
}

fn unreadable(e: NotRead) -> Unreadable {
    match e {
        NotRead::Special { .. } => Unreadable::NotAFile,
        NotRead::Io(e) => source::describe_io(&e),
    }
}

/// Why the page cannot be written at `page`: a folder, pipe or device is not replaced, and
/// neither is an input (compared where the paths lead).
fn refuse_page<'a>(page: &'a Path, inputs: &[&Path]) -> Option<Msg<'a>> {
    let meta = fs::symlink_metadata(page).ok()?;
    if !(meta.is_file() || meta.file_type().is_symlink()) {
        return Some(Msg::NotAFile { path: page });
    }
    let leads = fs::canonicalize(page).ok()?;
    if fs::metadata(&leads).is_ok_and(|m| !m.is_file()) {
        return Some(Msg::NotAFile { path: page });
    }
    inputs.iter().any(|i| fs::canonicalize(i).is_ok_and(|i| i == leads)).then_some(Msg::AnInput { path: page })
}

/// Writes the page whole or not at all: into a new file beside it (created, never opened
/// through a link planted under its name), then renamed over `path`, which replaces a symlink
/// there rather than writing where it points.
fn write_page(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.commspec-tmp-{}", std::process::id()));
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all()).and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp); // ours: created above
    }
    written
}
