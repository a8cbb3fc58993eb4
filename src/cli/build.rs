//! `commspec build` and `commspec render`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::check::terminal_width;
use super::{BuildArgs, FAILURE, FOUND, OK, Problem, RenderArgs, error, note, shown, warning};
use crate::analysis::Analysis;
use crate::build::{self, Artifact, Unbuilt};
use crate::check::{self, Options};
use crate::diagnostics::{Severity, visible};
use crate::emit::{self, Refusal, Staged, WriteError};
use crate::i18n::{Lang, Text, english_noun, tr};
use crate::limits::MAX_BUILD_OUTPUT_BYTES;
use crate::load::Loaded;
use crate::plan::{self, Plan};
use crate::render::Artifacts;
use crate::report::{self, FileReport};
use crate::source::{self, Candidate, ReadError};
use crate::validate::CommunityIds;
use crate::watchdog::{self, Stopped};
use crate::xlsx;

/// One community checked and ready to build.
struct Checked {
    id: String,
    /// The spec file, as found.
    path: PathBuf,
    source: String,
    text: String,
    loaded: Loaded,
    analysis: Analysis,
}

/// One community written into its temporary folder, ready to swap in.
struct Built {
    source: String,
    groups: usize,
    /// The fewest and most dated tasks of a group (cohorts of a staggered spec differ).
    tasks: (usize, usize),
    staged: Staged,
}

/// What `build` and `render` say besides diagnostics and refusals.
enum Msg<'a> {
    NothingWritten {
        out: &'a Path,
    },
    NoSpecs,
    NotBuilt {
        file: &'a str,
    },
    Built {
        file: &'a str,
        folder: &'a Path,
        groups: usize,
        tasks: (usize, usize),
        files: usize,
    },
    /// A template failed, or `sop.xlsx`'s writer did: `why` is the failure's own text.
    RenderFailed {
        file: &'a str,
        why: Text,
    },
    NoTemplates {
        dir: &'a Path,
    },
    TemplatesNotAFolder {
        dir: &'a Path,
    },
    TemplatesUnreadable {
        dir: &'a Path,
        error: std::io::Error,
    },
    UnknownArtifact {
        name: &'a str,
    },
    /// `render sop.xlsx`: a spreadsheet, which no terminal shows.
    BinaryArtifact,
    /// `render` without `--group` when there are several.
    FirstGroup {
        groups: usize,
        name: &'a str,
    },
    /// `--group` matches none of them; the first ten are named.
    NoGroup {
        wanted: &'a str,
        names: Vec<&'a str>,
        more: bool,
    },
}

impl Msg<'_> {
    fn text(&self) -> Text {
        match self {
            Msg::NothingWritten { out } => {
                let out = shown(out.display());
                tr!("commspec: nothing was written to {out}", "commspec：没有向 {out} 写入任何文件")
            }
            Msg::NoSpecs => tr!("commspec: no specs found", "commspec：没有找到 spec"),
            Msg::NotBuilt { file } => {
                let file = shown(file);
                tr!("commspec: {file} has errors and was not built", "commspec：{file} 有错误，没有构建")
            }
            Msg::Built { file, folder, groups, tasks, files } => {
                let (file, folder) = (shown(file), shown(folder.display()));
                let task_s = english_noun(tasks.1 as u64, "dated task", "dated tasks");
                let tasks = match tasks {
                    (fewest, most) if fewest == most => most.to_string(),
                    (fewest, most) => format!("{fewest}–{most}"),
                };
                let (group_s, file_s) =
                    (english_noun(*groups as u64, "group", "groups"), english_noun(*files as u64, "file", "files"));
                tr!(
                    "built {file} → {folder}/ ({groups} {group_s}, {tasks} {task_s} per group, {files} {file_s})",
                    "已构建 {file} → {folder}/（{groups} 个群，每群 {tasks} 个定时任务，共 {files} 个文件）"
                )
            }
            Msg::RenderFailed { file, why } => {
                let file = shown(file);
                let (en, zh) = (visible(why.en()), visible(why.get(Lang::Zh)));
                Text::new(format!("{file}: {en}"), format!("{file}：{zh}"))
            }
            Msg::NoTemplates { dir } => {
                let dir = shown(dir.display());
                tr!("templates folder `{dir}` does not exist", "模板文件夹 `{dir}` 不存在")
            }
            Msg::TemplatesNotAFolder { dir } => {
                let dir = shown(dir.display());
                tr!("templates folder `{dir}` is not a folder", "模板文件夹 `{dir}` 不是文件夹")
            }
            Msg::TemplatesUnreadable { dir, error } => {
                let (dir, error) = (shown(dir.display()), shown(error));
                tr!("templates folder `{dir}` cannot be read: {error}", "无法读取模板文件夹 `{dir}`：{error}")
            }
            Msg::UnknownArtifact { name } => {
                let name = shown(name);
                let known: Vec<&str> = Artifact::ALL.iter().map(|a| a.name()).collect();
                let (en, zh) = (known.join(", "), known.join("、"));
                tr!("unknown artifact `{name}`; one of: {en}", "没有产物 `{name}`；可选的有：{zh}")
            }
            Msg::BinaryArtifact => {
                let name = xlsx::FILE_NAME;
                tr!(
                    "`{name}` is a spreadsheet, not text: `commspec build` writes it; `render all-sop.csv` prints \
                     the same rows",
                    "`{name}` 是电子表格，不是文本：由 `commspec build` 生成；`render all-sop.csv` 可打印同样的各行"
                )
            }
            Msg::FirstGroup { groups, name } => {
                let name = shown(name);
                tr!(
                    "showing group 1 of {groups} (`{name}`); choose one with --group",
                    "共有 {groups} 个群，这里显示第 1 个（`{name}`）；用 --group 选择要显示的群"
                )
            }
            Msg::NoGroup { wanted, names, more } => {
                let wanted = shown(wanted);
                let (en, zh) = (shown(names.join(", ")), shown(names.join("、")));
                let (en_more, zh_more) = if *more { (", …", "……") } else { ("", "") };
                tr!("no group `{wanted}`; groups: {en}{en_more}", "没有群 `{wanted}`；现有的群：{zh}{zh_more}")
            }
        }
    }
}

pub(super) fn run(args: &BuildArgs, opts: &Options) -> u8 {
    let lang = opts.lang;
    if let Some(why) = emit::refuse_output_dir(&args.out) {
        error(lang, &why.text());
        return FAILURE;
    }
    let Some(templates) = templates(args.templates.as_deref(), lang) else { return FAILURE };
    let templates = Arc::new(templates);
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (candidates, failures) = source::discover(&paths);
    let mut failed = !failures.is_empty();
    for f in &failures {
        error(lang, &Problem::CannotRead { path: &f.path, why: &f.why }.text());
    }
    let mut found = false;
    let mut checked: Vec<Checked> = Vec::new();
    let mut communities = CommunityIds::default();
    for candidate in &candidates {
        match check_one(candidate, opts, &templates, &mut communities) {
            Step::Skip => {}
            Step::Io => failed = true,
            Step::Refused => found = true,
            Step::Checked(c) => checked.push(*c),
            // The stopped work still runs: nothing more is checked.
            Step::Stopped => {
                found = true;
                break;
            }
        }
    }
    let nothing_written = || errln!("{}", Msg::NothingWritten { out: &args.out }.text().get(lang));
    // Every refusal is known before anything is swapped in: one bad spec stops the whole build.
    if failed || found {
        nothing_written();
        return if failed { FAILURE } else { FOUND };
    }
    if checked.is_empty() {
        errln!("{}", Msg::NoSpecs.text().get(lang));
        return OK;
    }
    // Every reason to refuse a community is found before anything is written.
    let mut refused = false;
    for c in &checked {
        if emit::holds(&args.out, &c.path) {
            error(lang, &Refusal::HoldsSpec { dir: args.out.clone(), spec: c.source.clone() }.text());
            refused = true;
        }
        if let Some(why) = emit::refuse_target(&args.out, &c.id) {
            error(lang, &why.text());
            refused = true;
        }
    }
    if refused {
        nothing_written();
        return FAILURE;
    }
    let existed = std::fs::symlink_metadata(&args.out).is_ok();
    let built = match build_all(checked, &args.out, &templates, lang) {
        Ok(built) => built,
        Err(code) => {
            // The temporary folders are gone; an output folder made for them goes too (only
            // while empty).
            if !existed {
                let _ = std::fs::remove_dir(&args.out);
            }
            nothing_written();
            return code;
        }
    };
    for b in built {
        let (source, groups, tasks, files) = (b.source, b.groups, b.tasks, b.staged.files());
        let target = b.staged.target();
        match b.staged.finish() {
            Ok(written) => {
                for leftover in &written.leftovers {
                    warning(lang, &leftover.text());
                }
                let (file, folder) = (&source, &written.path);
                outln!("{}", Msg::Built { file, folder, groups, tasks, files }.text().get(lang));
            }
            Err(WriteError::Refused(why)) => {
                error(lang, &why.text());
                return FAILURE;
            }
            Err(WriteError::Io(e)) => {
                error(lang, &Problem::CannotWrite { path: &target, error: &e }.text());
                return FAILURE;
            }
        }
    }
    OK
}

/// Builds each community into its temporary folder, one group at a time, within the build's
/// output limit; they are swapped in only once every one is complete. Else the exit code,
/// every temporary folder removed.
fn build_all(checked: Vec<Checked>, out: &Path, templates: &Arc<Artifacts>, lang: Lang) -> Result<Vec<Built>, u8> {
    let mut built: Vec<Built> = Vec::new();
    let mut total: u64 = 0;
    let mut failed = false;
    for c in checked {
        let budget = MAX_BUILD_OUTPUT_BYTES.saturating_sub(total);
        match build_one(c, out, templates, budget, lang) {
            Written::Built(b) => {
                total = total.saturating_add(b.staged.bytes());
                built.push(*b);
            }
            Written::Failed => failed = true,
            Written::Stopped | Written::TooLarge => return Err(FOUND),
            Written::Error => return Err(FAILURE),
        }
    }
    if failed { Err(FOUND) } else { Ok(built) }
}

/// How building one community into its temporary folder ended (said when it ended).
enum Written {
    Built(Box<Built>),
    /// A template failed.
    Failed,
    /// The build's output passed its limit: nothing more is built.
    TooLarge,
    /// The watchdog stopped it.
    Stopped,
    /// Writing failed.
    Error,
}

/// Plans a checked community and writes its files into a temporary folder under `out`, one
/// group at a time, at most `budget` bytes (past it, files are only counted).
fn build_one(c: Checked, out: &Path, templates: &Arc<Artifacts>, budget: u64, lang: Lang) -> Written {
    let staged = match emit::stage(out, &c.id, budget, MAX_BUILD_OUTPUT_BYTES) {
        Ok(staged) => staged,
        Err(e) => return write_failed(e, &out.join(&c.id), lang),
    };
    let per_cohort = || c.analysis.cohorts().map(|s| s.tasks.len());
    let tasks = (per_cohort().min().unwrap_or(0), per_cohort().max().unwrap_or(0));
    let groups = c.analysis.groups.len();
    let target = out.join(&c.id);
    let Checked { path, source, text, loaded, analysis, .. } = c;
    let templates = Arc::clone(templates);
    let written = watchdog::run(&path, &text, move |text| {
        let mut staged = staged;
        let plan = plan::plan(&loaded.spec, &analysis);
        watchdog::note_plan(plan.groups.len(), plan.schedule.len());
        let result = build::build_into(text, &loaded, &analysis, &plan, &templates, &mut staged);
        result.map(|()| staged)
    });
    match written {
        Ok(Ok(staged)) => Written::Built(Box::new(Built { source, groups, tasks, staged })),
        Ok(Err(Unbuilt::Render(failure))) => {
            error(lang, &Msg::RenderFailed { file: &source, why: failure.text() }.text());
            Written::Failed
        }
        // Too much output is the spec's doing, like a failed template.
        Ok(Err(Unbuilt::Sink(WriteError::Refused(too_large @ Refusal::TooLarge { .. })))) => {
            error(lang, &too_large.text());
            Written::TooLarge
        }
        Ok(Err(Unbuilt::Workbook(failure))) => {
            error(lang, &Msg::RenderFailed { file: &source, why: failure.text() }.text());
            Written::Error
        }
        Ok(Err(Unbuilt::Sink(e))) => write_failed(e, &target, lang),
        Err(stopped) => {
            stop(&stopped, lang);
            Written::Stopped
        }
    }
}

/// Says why writing a community failed.
fn write_failed(e: WriteError, target: &Path, lang: Lang) -> Written {
    match e {
        WriteError::Refused(why) => error(lang, &why.text()),
        WriteError::Io(e) => error(lang, &Problem::CannotWrite { path: target, error: &e }.text()),
    }
    Written::Error
}

enum Step {
    Skip,
    Io,
    Refused,
    /// The watchdog stopped it.
    Stopped,
    Checked(Box<Checked>),
}

/// Checks one file; `communities` holds the ids of the files before it.
fn check_one(
    candidate: &Candidate,
    opts: &Options,
    templates: &Arc<Artifacts>,
    communities: &mut CommunityIds,
) -> Step {
    let file = match source::read(candidate) {
        Ok(None) => return Step::Skip,
        Ok(Some(f)) => f,
        Err(ReadError::Io(why)) => {
            error(opts.lang, &Problem::CannotRead { path: &candidate.path, why: &why }.text());
            return Step::Io;
        }
        Err(ReadError::Invalid(name, text, d)) => {
            print_diagnostics(&name, &text, std::slice::from_ref(&*d), opts.lang);
            return Step::Refused;
        }
    };
    // Checking, planning and rendering are watched; printing (which may wait on a pager) is not.
    let checked = {
        let (opts, templates) = (opts.clone(), Arc::clone(templates));
        watchdog::run(&candidate.path, &file.text, move |text| check::check_with(text, &opts, Some(&templates)))
    };
    let mut outcome = match checked {
        Ok(outcome) => outcome,
        Err(stopped) => return stop(&stopped, opts.lang),
    };
    if let Some(d) = outcome.community.as_ref().and_then(|(id, at)| communities.note(&file.name, id, at.clone())) {
        check::add(&mut outcome.diagnostics, d);
    }
    print_diagnostics(&file.name, &file.text, &outcome.diagnostics, opts.lang);
    if outcome.has_errors() {
        errln!("{}", Msg::NotBuilt { file: &file.name }.text().get(opts.lang));
        return Step::Refused;
    }
    let Some((loaded, analysis)) = outcome.checked else { return Step::Refused };
    Step::Checked(Box::new(Checked {
        id: loaded.spec.community.id.to_string(),
        path: candidate.path.clone(),
        source: file.name,
        text: file.text,
        loaded,
        analysis,
    }))
}

/// Prints the `resource-limit` diagnostics of the specs the watchdog stopped.
fn stop(stopped: &[Stopped], lang: Lang) -> Step {
    for s in stopped {
        print_diagnostics(&s.path.display().to_string(), &s.text, std::slice::from_ref(&s.diagnostic), lang);
    }
    Step::Stopped
}

/// The one spec a command names, or (once said why) the exit status: `invalid` for a file
/// that is not spec text, 2 when it cannot be read.
pub(super) fn read_spec(path: &Path, lang: Lang, invalid: u8) -> Result<source::SourceFile, u8> {
    match source::read(&Candidate { path: path.to_path_buf(), named: true }) {
        Ok(Some(f)) => Ok(f),
        Ok(None) => Err(FAILURE),
        Err(ReadError::Io(why)) => {
            error(lang, &Problem::CannotRead { path, why: &why }.text());
            Err(FAILURE)
        }
        Err(ReadError::Invalid(name, text, d)) => {
            print_diagnostics(&name, &text, std::slice::from_ref(&*d), lang);
            Err(invalid)
        }
    }
}

/// Diagnostics of `build` and `render` go to stderr: stdout carries the artifacts.
pub(super) fn print_diagnostics(name: &str, text: &str, diagnostics: &[crate::diagnostics::Diagnostic], lang: Lang) {
    if diagnostics.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let shown = report::human(&FileReport { name, text, diagnostics, lang }, color, terminal_width());
    super::output::err(shown.as_bytes());
}

/// The artifact templates, with the user's folder first when given.
pub(super) fn templates(dir: Option<&Path>, lang: Lang) -> Option<Artifacts> {
    if let Some(dir) = dir {
        let why = match std::fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => None,
            Ok(_) => Some(Msg::TemplatesNotAFolder { dir }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Msg::NoTemplates { dir }),
            Err(error) => Some(Msg::TemplatesUnreadable { dir, error }),
        };
        if let Some(why) = why {
            error(lang, &why.text());
            return None;
        }
    }
    Some(Artifacts::new(dir))
}

pub(super) fn render(args: &RenderArgs, lang: Lang) -> u8 {
    let Some(artifact) = Artifact::parse(&args.artifact) else {
        let binary = args.artifact == xlsx::FILE_NAME;
        error(lang, &if binary { Msg::BinaryArtifact } else { Msg::UnknownArtifact { name: &args.artifact } }.text());
        return FAILURE;
    };
    let Some(templates) = templates(args.templates.as_deref(), lang) else { return FAILURE };
    let file = match read_spec(&args.spec, lang, FOUND) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let (name, group) = (file.name.clone(), args.group.clone());
    let rendered = watchdog::run(&args.spec, &file.text, move |text| {
        let outcome = check::check_with(text, &Options { lang, ..Options::default() }, Some(&templates));
        let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
        if !errors.is_empty() {
            print_diagnostics(&name, text, &errors, lang);
            return Err(FOUND);
        }
        let Some((loaded, analysis)) = outcome.checked else { return Err(FOUND) };
        let plan = plan::plan(&loaded.spec, &analysis);
        watchdog::note_plan(plan.groups.len(), plan.schedule.len());
        let bytes = if artifact.per_group() {
            let Some(group) = pick_group(&plan, group.as_deref(), lang) else { return Err(FAILURE) };
            build::render_group(text, &loaded, &analysis, &plan, group.index - 1, &templates, artifact)
        } else {
            build::render_community(text, &loaded, &analysis, &plan, &templates, artifact)
        };
        bytes.map_err(|failure| {
            error(lang, &Msg::RenderFailed { file: &name, why: failure.text() }.text());
            FOUND
        })
    });
    match rendered {
        Ok(Ok(bytes)) => {
            super::output::out(&bytes);
            OK
        }
        Ok(Err(code)) => code,
        Err(stopped) => {
            stop(&stopped, lang);
            FOUND
        }
    }
}

/// The group named by `--group` (name, key, folder or 1-based number), else the first.
fn pick_group<'p>(plan: &'p Plan, wanted: Option<&str>, lang: Lang) -> Option<&'p crate::plan::PlanGroup> {
    let Some(wanted) = wanted else {
        if let [first, _, ..] = &plan.groups[..] {
            note(lang, &Msg::FirstGroup { groups: plan.groups.len(), name: &first.name }.text());
        }
        return plan.groups.first();
    };
    let found = plan
        .groups
        .iter()
        .find(|g| g.name == wanted || g.key == wanted || g.folder == wanted || g.index.to_string() == wanted);
    if found.is_none() {
        let names = plan.groups.iter().take(10).map(|g| g.name.as_str()).collect();
        error(lang, &Msg::NoGroup { wanted, names, more: plan.groups.len() > 10 }.text());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifacts_are_named_by_name_or_file_name() {
        for a in Artifact::ALL {
            assert_eq!(Artifact::parse(a.name()), Some(*a));
        }
        // A group's file name names the group's artifact; the merged CSV shares it.
        for a in Artifact::ALL.iter().filter(|a| **a != Artifact::MergedCsv) {
            assert_eq!(Artifact::parse(a.file_name()), Some(*a));
        }
        assert_eq!(Artifact::parse("sop.csv"), Some(Artifact::SopCsv));
        assert_eq!(Artifact::parse("announcement.txt"), Some(Artifact::Announcement));
        assert_eq!(Artifact::parse("poster"), None);
        let per_group: Vec<&str> = Artifact::ALL.iter().filter(|a| a.per_group()).map(|a| a.file_name()).collect();
        assert_eq!(per_group, ["announcement.txt", "welcome.txt", "sop.md", "sop.csv", "sop.ics", "checklist.md"]);
        let said = Msg::UnknownArtifact { name: "poster" }.text();
        assert_eq!(
            said.en(),
            "unknown artifact `poster`; one of: announcement, welcome, sop.md, sop.csv, sop.ics, checklist, plan.json, \
             README.md, setup.md, all-sop.csv, roster.csv"
        );
        assert!(said.get(Lang::Zh).ends_with(
            "announcement、welcome、sop.md、sop.csv、sop.ics、checklist、plan.json、README.md、setup.md、all-sop.csv、roster.csv"
        ));
    }
}
