//! One spec text through the whole checking pipeline: load → validate → compile → render
//! every template for every group → lint.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use minijinja::Value;
use minijinja::value::Serde;

use crate::compile::{self, GroupSeed, Schedule};
use crate::diagnostics::Diagnostic;
use crate::lint::{self, Analysis, Ctx, Levels, Longest};
use crate::load::{self, Loaded};
use crate::render::{Artifacts, FieldTemplates, template_diagnostic};
use crate::spec::{Level, Spec};
use crate::validate;

/// How levels are set from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `-A/-W/-D RULE` in the order given (rule names only; `warnings` is handled below).
    pub levels: Vec<(Level, String)>,
    /// `-D warnings`: every warning becomes an error.
    pub deny_warnings: bool,
    /// `-A warnings`: warnings are dropped.
    pub allow_warnings: bool,
}

/// The result of checking one text: its diagnostics (sorted), and the loaded spec and
/// analysis when it got that far.
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub checked: Option<(Loaded, Analysis)>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == crate::diagnostics::Severity::Error)
    }
}

/// Checks one spec text.
pub fn check(text: &str, opts: &Options) -> Outcome {
    let loaded = match load::load(text) {
        Ok(l) => l,
        Err(diagnostics) => return Outcome { diagnostics, checked: None },
    };
    let mut diagnostics = validate::validate(&loaded.spec, &loaded.index);
    if !diagnostics.is_empty() {
        return Outcome { diagnostics, checked: None };
    }
    let (groups, schedule) =
        match (compile::expand(&loaded.spec, &loaded.index), compile::schedule(&loaded.spec, &loaded.index)) {
            (Ok(g), Ok(s)) => (g, s),
            (g, s) => {
                let diagnostics = [g.err(), s.err()].into_iter().flatten().collect();
                return Outcome { diagnostics, checked: None };
            }
        };
    let analysis = analyze(text, &loaded, groups, schedule, &mut diagnostics);
    let levels = Levels::default().with_spec(&loaded.spec, &opts.levels);
    let cx = Ctx { spec: &loaded.spec, index: &loaded.index, analysis: &analysis };
    diagnostics.extend(lint::run(&cx, &levels));
    apply_warning_flags(&mut diagnostics, opts);
    diagnostics.sort_by(|a, b| (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule)));
    Outcome { diagnostics, checked: Some((loaded, analysis)) }
}

fn apply_warning_flags(diagnostics: &mut Vec<Diagnostic>, opts: &Options) {
    use crate::diagnostics::Severity;
    if opts.allow_warnings {
        diagnostics.retain(|d| d.severity == Severity::Error);
    }
    if opts.deny_warnings {
        for d in diagnostics.iter_mut() {
            d.severity = Severity::Error;
        }
    }
}

/// The embedded artifact templates, compiled once per process.
pub fn default_artifacts() -> &'static Artifacts {
    static ARTIFACTS: OnceLock<Artifacts> = OnceLock::new();
    ARTIFACTS.get_or_init(|| Artifacts::new(None))
}

/// Renders every template of every group, recording template errors (once per field) and
/// the longest rendering of each field for the length rules.
fn analyze(
    text: &str,
    loaded: &Loaded,
    seeds: Vec<GroupSeed>,
    schedule: Schedule,
    out: &mut Vec<Diagnostic>,
) -> Analysis {
    let spec = &loaded.spec;
    let fields = FieldTemplates::new(spec);
    let mut failed: HashSet<String> = HashSet::new();
    let empty = BTreeMap::new();
    for (ptr, err) in &fields.errors {
        out.push(template_diagnostic(ptr, source_of(spec, ptr), err, text, &loaded.index, &empty));
        failed.insert(ptr.clone());
    }
    let mut render = |ptr: &str, ctx: BTreeMap<String, Value>, failed: &mut HashSet<String>| -> Option<String> {
        if failed.contains(ptr) || !fields.has(ptr) {
            return None;
        }
        match fields.render(ptr, ctx.clone()) {
            Ok(s) => Some(s),
            Err(e) => {
                out.push(template_diagnostic(ptr, source_of(spec, ptr), &e, text, &loaded.index, &ctx));
                failed.insert(ptr.to_string());
                None
            }
        }
    };
    let parts = compile::announcement_parts(spec, &schedule);
    let first_day: Vec<Option<i64>> =
        (0..spec.content.sop.len()).map(|i| schedule.tasks.iter().find(|t| t.step == i).map(|t| t.day)).collect();
    let mut analysis = Analysis {
        groups: Vec::with_capacity(seeds.len()),
        schedule,
        welcome: None,
        announcement: None,
        messages: vec![None; spec.content.sop.len()],
    };
    for (gi, seed) in seeds.into_iter().enumerate() {
        let name = render("/groups/name", FieldTemplates::name_context(&seed), &mut failed)
            .unwrap_or_else(|| default_name(spec, &seed));
        let ctx = fields.group_context(&seed, &name);
        if let Some(w) = render("/rules/welcome", FieldTemplates::welcome_context(ctx.clone()), &mut failed) {
            Longest::update(&mut analysis.welcome, &w, gi);
        }
        let extra = render("/rules/announcement", ctx.clone(), &mut failed);
        if !failed.contains("/rules/announcement") {
            let mut actx = ctx.clone();
            actx.insert("parts".into(), Value::from(Serde(&parts)));
            actx.insert("extra".into(), Value::from(extra.unwrap_or_default()));
            // The embedded template is tested; a failure here would be a bug in it, which the
            // build reports. The check only needs the length.
            if let Ok(a) = default_artifacts().render("announcement.txt.j2", Value::from(actx)) {
                Longest::update(&mut analysis.announcement, &a, gi);
            }
        }
        for (i, step) in spec.content.sop.iter().enumerate() {
            if step.message.is_none() {
                continue;
            }
            let ptr = format!("/content/sop/{i}/message");
            let sctx = step_context(ctx.clone(), spec, i, first_day[i], &analysis.schedule);
            if let Some(m) = render(&ptr, sctx, &mut failed) {
                Longest::update(&mut analysis.messages[i], &m, gi);
            }
        }
        analysis.groups.push((seed, name));
    }
    analysis
}

/// What an SOP message sees beyond the group context: `step`, and `date`/`day` when dated.
pub fn step_context(
    mut ctx: BTreeMap<String, Value>,
    spec: &Spec,
    step: usize,
    day: Option<i64>,
    schedule: &Schedule,
) -> BTreeMap<String, Value> {
    ctx.insert("step".into(), Value::from(Serde(&spec.content.sop[step])));
    let dated = spec.content.sop[step].when.after_join.is_none();
    if dated {
        // A dated step that never lands in the plan still gets a plausible day to check with.
        let day = day.unwrap_or(1);
        ctx.insert("day".into(), Value::from(day));
        if let Some(d) = schedule.date(day) {
            ctx.insert("date".into(), Value::from(d.to_string()));
        }
    }
    ctx
}

/// A group's name when `groups.name` is not given: the community name, the matrix values
/// and the number when there are several per combination.
pub fn default_name(spec: &Spec, seed: &GroupSeed) -> String {
    let mut name = spec.community.name.clone();
    for (_, v) in &seed.vars {
        name.push('·');
        name.push_str(&v.to_string());
    }
    if spec.groups.count > 1 {
        name.push_str(&format!("{}群", seed.n));
    }
    name
}

/// The template source of a field pointer.
fn source_of<'s>(spec: &'s Spec, ptr: &str) -> &'s str {
    crate::render::template_fields(spec).into_iter().find(|(p, _)| p == ptr).map_or("", |(_, s)| s)
}
