//! `commspec build` and `commspec render`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::check::terminal_width;
use super::{BuildArgs, FAILURE, FOUND, OK, RenderArgs, shown};
use crate::build::{self, COMMUNITY_ARTIFACTS, GROUP_ARTIFACTS, OutputFile};
use crate::check::{self, Options};
use crate::diagnostics::Severity;
use crate::emit;
use crate::i18n::Lang;
use crate::limits::MAX_BUILD_OUTPUT_BYTES;
use crate::plan::{self, Plan};
use crate::render::Artifacts;
use crate::report::{self, FileReport};
use crate::source::{self, Candidate, ReadError};
use crate::validate::CommunityIds;
use crate::watchdog::{self, Stopped};

/// One community ready to write.
struct Built {
    id: String,
    /// The spec file, as found.
    path: PathBuf,
    source: String,
    groups: usize,
    tasks: usize,
    files: Vec<OutputFile>,
}

pub(super) fn run(args: &BuildArgs, opts: &Options) -> u8 {
    if let Some(why) = emit::refuse_output_dir(&args.out) {
        errln!("error: {}", shown(why));
        return FAILURE;
    }
    let Some(templates) = templates(args.templates.as_deref()) else { return FAILURE };
    let templates = Arc::new(templates);
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (candidates, failures) = source::discover(&paths);
    let mut failed = !failures.is_empty();
    for f in &failures {
        errln!("error: {}: {}", shown(f.path.display()), f.message);
    }
    let mut found = false;
    let mut built: Vec<Built> = Vec::new();
    let mut communities = CommunityIds::default();
    for candidate in &candidates {
        match compile_one(candidate, opts, &templates, &mut communities) {
            Step::Skip => {}
            Step::Io => failed = true,
            Step::Refused => found = true,
            Step::Built(b) => built.push(*b),
            // The stopped work still runs: nothing more is checked.
            Step::Stopped => {
                found = true;
                break;
            }
        }
    }
    // Every refusal is known before anything is written: one bad spec stops the whole build.
    if failed || found {
        errln!("commspec: nothing was written to {}", shown(args.out.display()));
        return if failed { FAILURE } else { FOUND };
    }
    if built.is_empty() {
        errln!("commspec: no specs found");
        return OK;
    }
    // Every reason to refuse a community is found before anything is written.
    let mut refused = false;
    for b in &built {
        if emit::holds(&args.out, &b.path) {
            errln!(
                "error: the output folder `{}` holds the spec {}; choose an output folder that holds no spec",
                shown(args.out.display()),
                shown(&b.source)
            );
            refused = true;
        }
        if let Some(why) = emit::refuse_target(&args.out, &b.id) {
            errln!("error: {}", shown(why));
            refused = true;
        }
    }
    if refused {
        errln!("commspec: nothing was written to {}", shown(args.out.display()));
        return FAILURE;
    }
    if let Err(e) = emit::check_output_size(built.iter().flat_map(|b| &b.files), MAX_BUILD_OUTPUT_BYTES) {
        errln!("error: {}", shown(e));
        errln!("commspec: nothing was written to {}", shown(args.out.display()));
        return FOUND;
    }
    for b in &built {
        match emit::write_community(&args.out, &b.id, &b.files) {
            Ok(written) => {
                for w in &written.warnings {
                    errln!("warning: {}", shown(w));
                }
                outln!(
                    "built {} → {}/ ({} groups, {} dated tasks per group, {} files)",
                    shown(&b.source),
                    shown(written.path.display()),
                    b.groups,
                    b.tasks,
                    b.files.len()
                );
            }
            Err(e) => {
                errln!("error: writing {}: {e}", shown(args.out.join(&b.id).display()));
                return FAILURE;
            }
        }
    }
    OK
}

enum Step {
    Skip,
    Io,
    Refused,
    /// The watchdog stopped it.
    Stopped,
    Built(Box<Built>),
}

/// Checks, plans and renders one file in memory; `communities` holds the ids of the files
/// before it.
fn compile_one(
    candidate: &Candidate,
    opts: &Options,
    templates: &Arc<Artifacts>,
    communities: &mut CommunityIds,
) -> Step {
    let file = match source::read(candidate) {
        Ok(None) => return Step::Skip,
        Ok(Some(f)) => f,
        Err(ReadError::Io(message)) => {
            errln!("error: {}: {message}", shown(candidate.path.display()));
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
        errln!("commspec: {} has errors and was not built", shown(&file.name));
        return Step::Refused;
    }
    let Some((loaded, analysis)) = outcome.checked else { return Step::Refused };
    let templates = Arc::clone(templates);
    let rendered = watchdog::run(&candidate.path, &file.text, move |_| {
        let plan = plan::plan(&loaded.spec, &analysis);
        watchdog::note_plan(plan.groups.len(), plan.schedule.len());
        let files = build::render_all(&loaded.spec, &plan, &analysis.texts, &templates);
        (plan, files)
    });
    let (plan, files) = match rendered {
        Ok(rendered) => rendered,
        Err(stopped) => return stop(&stopped, opts.lang),
    };
    match files {
        Ok(files) => Step::Built(Box::new(Built {
            id: plan.community.id.clone(),
            path: candidate.path.clone(),
            source: file.name,
            groups: plan.groups.len(),
            tasks: plan.schedule.len(),
            files,
        })),
        Err(e) => {
            errln!("error: {}: {}", shown(&file.name), shown(e));
            Step::Refused
        }
    }
}

/// Prints the `resource-limit` diagnostics of the specs the watchdog stopped.
fn stop(stopped: &[Stopped], lang: Lang) -> Step {
    for s in stopped {
        print_diagnostics(&s.path.display().to_string(), &s.text, std::slice::from_ref(&s.diagnostic), lang);
    }
    Step::Stopped
}

/// Diagnostics of `build` and `render` go to stderr: stdout carries the artifacts.
fn print_diagnostics(name: &str, text: &str, diagnostics: &[crate::diagnostics::Diagnostic], lang: Lang) {
    if diagnostics.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let shown = report::human(&FileReport { name, text, diagnostics, lang }, color, terminal_width());
    super::output::err(shown.as_bytes());
}

/// The artifact templates, with the user's folder first when given.
fn templates(dir: Option<&Path>) -> Option<Artifacts> {
    if let Some(d) = dir {
        let why = match std::fs::metadata(d) {
            Ok(meta) if meta.is_dir() => None,
            Ok(_) => Some("is not a folder".to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some("does not exist".to_string()),
            Err(e) => Some(format!("cannot be read: {e}")),
        };
        if let Some(why) = why {
            errln!("error: templates folder `{}` {why}", shown(d.display()));
            return None;
        }
    }
    Some(Artifacts::new(dir))
}

pub(super) fn render(args: &RenderArgs, lang: Lang) -> u8 {
    let known: Vec<&str> = GROUP_ARTIFACTS.iter().chain(COMMUNITY_ARTIFACTS).copied().collect();
    let artifact = match known.iter().find(|a| **a == args.artifact || build::file_name(a) == args.artifact) {
        Some(a) => *a,
        None => {
            errln!("error: unknown artifact `{}`; one of: {}", shown(&args.artifact), known.join(", "));
            return FAILURE;
        }
    };
    let Some(templates) = templates(args.templates.as_deref()) else { return FAILURE };
    let candidate = Candidate { path: args.spec.clone(), named: true };
    let file = match source::read(&candidate) {
        Ok(Some(f)) => f,
        Ok(None) => return FAILURE,
        Err(ReadError::Io(message)) => {
            errln!("error: {}: {message}", shown(args.spec.display()));
            return FAILURE;
        }
        Err(ReadError::Invalid(name, text, d)) => {
            print_diagnostics(&name, &text, std::slice::from_ref(&*d), lang);
            return FOUND;
        }
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
        let bytes = if COMMUNITY_ARTIFACTS.contains(&artifact) {
            build::render_community(&plan, &templates, artifact)
        } else {
            let Some(group) = pick_group(&plan, group.as_deref()) else { return Err(FAILURE) };
            build::render_group(&loaded.spec, &plan, group, &templates, artifact)
        };
        bytes.map_err(|e| {
            errln!("error: {}: {}", shown(&name), shown(e));
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

/// The group named by `--group` (name, folder or 1-based number), else the first.
fn pick_group<'p>(plan: &'p Plan, wanted: Option<&str>) -> Option<&'p crate::plan::PlanGroup> {
    let Some(w) = wanted else {
        if plan.groups.len() > 1 {
            errln!(
                "note: showing group 1 of {} (`{}`); choose one with --group",
                plan.groups.len(),
                shown(&plan.groups[0].name)
            );
        }
        return plan.groups.first();
    };
    let found = plan.groups.iter().find(|g| g.name == w || g.folder == w || g.index.to_string() == w);
    if found.is_none() {
        let names: Vec<&str> = plan.groups.iter().take(10).map(|g| g.name.as_str()).collect();
        errln!(
            "error: no group `{}`; groups: {}{}",
            shown(w),
            shown(names.join(", ")),
            if plan.groups.len() > 10 { ", …" } else { "" }
        );
    }
    found
}
