//! One spec text through the whole checking pipeline: load → validate → compile → render
//! every template for every group → lint.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use minijinja::Value;
use minijinja::value::Serde;

use crate::compile::{self, GroupSeed, Schedule};
use crate::diagnostics::Diagnostic;
use crate::limits::{SPEC_TEMPLATE_FUEL, TEMPLATE_FUEL_PER_RENDER};
use crate::lint::{self, Analysis, Ctx, GroupTexts, Levels, Longest};
use crate::load::{self, Loaded};
use crate::render::{Artifacts, CompileError, FieldTemplates, refusal_diagnostic, template_diagnostic};
use crate::spec::{Level, Spec};
use crate::suppress::Suppressions;
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
    /// The language of messages and help texts.
    pub lang: crate::i18n::Lang,
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
    check_with(text, opts, None)
}

/// Checks one spec text; with `keep`, every text of every group is rendered (each dated
/// occurrence of each message) with those artifact templates and kept for `build`.
pub fn check_with(text: &str, opts: &Options, keep: Option<&Artifacts>) -> Outcome {
    let loaded = match load::load(text) {
        Ok(l) => l,
        Err(mut diagnostics) => {
            localize(&mut diagnostics, opts);
            return Outcome { diagnostics, checked: None };
        }
    };
    let mut diagnostics = validate::validate(&loaded.spec, &loaded.index);
    if !diagnostics.is_empty() {
        localize(&mut diagnostics, opts);
        return Outcome { diagnostics, checked: None };
    }
    let (groups, schedule) =
        match (compile::expand(&loaded.spec, &loaded.index), compile::schedule(&loaded.spec, &loaded.index)) {
            (Ok(g), Ok(s)) => (g, s),
            (g, s) => {
                let mut diagnostics: Vec<Diagnostic> = [g.err(), s.err()].into_iter().flatten().collect();
                localize(&mut diagnostics, opts);
                return Outcome { diagnostics, checked: None };
            }
        };
    let analysis = analyze(text, &loaded, groups, schedule, keep, &mut diagnostics);
    let levels = Levels::default().with_spec(&loaded.spec, &opts.levels);
    let cx = Ctx { spec: &loaded.spec, index: &loaded.index, analysis: &analysis };
    diagnostics.extend(lint::run(&cx, &levels));
    let mut suppressions = Suppressions::parse(text);
    if !suppressions.is_empty() {
        suppressions.apply(text, &mut diagnostics);
        diagnostics.extend(lint::leveled(suppressions.unused(), &levels));
    }
    apply_warning_flags(&mut diagnostics, opts);
    localize(&mut diagnostics, opts);
    diagnostics.sort_by(|a, b| (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule)));
    Outcome { diagnostics, checked: Some((loaded, analysis)) }
}

fn localize(diagnostics: &mut [Diagnostic], opts: &Options) {
    for d in diagnostics {
        crate::i18n::localize(d, opts.lang);
    }
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
/// the longest rendering of each field for the length rules. Without `keep`, each message is
/// rendered once per group (at its first occurrence); with it, at every occurrence, and all
/// texts are kept.
fn analyze(
    text: &str,
    loaded: &Loaded,
    seeds: Vec<GroupSeed>,
    schedule: Schedule,
    keep: Option<&Artifacts>,
    out: &mut Vec<Diagnostic>,
) -> Analysis {
    let spec = &loaded.spec;
    let fields = FieldTemplates::new(spec);
    let mut r = Renderer::new(text, loaded, &fields, out);
    let artifacts = keep.unwrap_or_else(|| default_artifacts());
    let parts = compile::announcement_parts(spec, &schedule);
    // The occurrences to render: every task when keeping texts, else each step's first.
    let occurrences: Vec<(usize, Option<i64>)> = if keep.is_some() {
        schedule.tasks.iter().map(|t| (t.step, Some(t.day))).collect()
    } else {
        // Each step's first day, in one pass over the tasks (sorted by day).
        let mut first = vec![None; spec.content.sop.len()];
        for t in &schedule.tasks {
            first[t.step].get_or_insert(t.day);
        }
        (0..spec.content.sop.len())
            .filter(|i| spec.content.sop[*i].when.after_join.is_none())
            .map(|i| (i, first[i]))
            .collect()
    };
    let relative: Vec<usize> =
        (0..spec.content.sop.len()).filter(|i| spec.content.sop[*i].when.after_join.is_some()).collect();
    let mut analysis = Analysis {
        groups: Vec::with_capacity(seeds.len()),
        schedule,
        welcome: None,
        announcement: None,
        messages: vec![None; spec.content.sop.len()],
        texts: Vec::new(),
    };
    for (gi, seed) in seeds.into_iter().enumerate() {
        let name = r
            .render("/groups/name", None, || FieldTemplates::name_context(&seed))
            .unwrap_or_else(|| default_name(spec, &seed));
        let ctx = fields.group_context(&seed, &name);
        let welcome = r.render("/rules/welcome", None, || FieldTemplates::welcome_context(ctx.clone()));
        if let Some(w) = &welcome {
            Longest::update(&mut analysis.welcome, w, gi);
        }
        let extra = r.render("/rules/announcement", None, || ctx.clone());
        let mut announcement = Ok(String::new());
        if !r.failed.contains("/rules/announcement") {
            let mut actx = ctx.clone();
            actx.insert("parts".into(), Value::from(Serde(&parts)));
            actx.insert("extra".into(), Value::from(extra.unwrap_or_default()));
            // Only a user's override can fail here (the embedded template is tested); `build`
            // reports the error.
            announcement = artifacts.render("announcement.txt.j2", Value::from(actx)).map_err(|e| format!("{e:#}"));
            if let Ok(a) = &announcement {
                Longest::update(&mut analysis.announcement, a, gi);
            }
        }
        let mut render_step = |i: usize, day: Option<i64>| -> Option<String> {
            spec.content.sop[i].message.as_ref()?;
            let ptr = format!("/content/sop/{i}/message");
            let m = r.render(&ptr, day, || step_context(ctx.clone(), spec, i, day, &analysis.schedule))?;
            Longest::update(&mut analysis.messages[i], &m, gi);
            Some(m)
        };
        let messages: Vec<Option<String>> = occurrences.iter().map(|(i, day)| render_step(*i, *day)).collect();
        let per_member: Vec<Option<String>> = relative.iter().map(|i| render_step(*i, None)).collect();
        if keep.is_some() {
            analysis.texts.push(GroupTexts { welcome, announcement, messages, per_member });
        }
        analysis.groups.push((seed, name));
    }
    analysis
}

/// Renders a spec's template fields for every group: once per field for fields that do not
/// vary by group, every error reported once, and all renders sharing one fuel budget.
struct Renderer<'a, 's> {
    text: &'a str,
    loaded: &'a Loaded,
    fields: &'a FieldTemplates<'s>,
    out: &'a mut Vec<Diagnostic>,
    failed: HashSet<String>,
    /// Fields that do not vary by group, by (field, day).
    shared: HashMap<(String, Option<i64>), String>,
    varies: HashMap<String, bool>,
    fuel: u64,
    renders: u64,
}

impl<'a, 's> Renderer<'a, 's> {
    fn new(text: &'a str, loaded: &'a Loaded, fields: &'a FieldTemplates<'s>, out: &'a mut Vec<Diagnostic>) -> Self {
        let spec = &loaded.spec;
        let mut failed = HashSet::new();
        for (ptr, err) in &fields.errors {
            let source = fields.source(ptr);
            out.push(match err {
                CompileError::Minijinja(e) => {
                    template_diagnostic(ptr, source, e, text, &loaded.index, &BTreeMap::new())
                }
                CompileError::Refused(r) => refusal_diagnostic(ptr, source, r, text, &loaded.index),
            });
            failed.insert(ptr.clone());
        }
        let matrix: Vec<&str> = spec.groups.matrix.0.iter().map(|(k, _)| k.as_str()).collect();
        let varies = fields.pointers().map(|ptr| (ptr.to_string(), fields.varies_by_group(ptr, &matrix))).collect();
        Renderer { text, loaded, fields, out, failed, shared: HashMap::new(), varies, fuel: 0, renders: 0 }
    }

    /// The field rendered with the context `ctx` makes, or None if it is absent or failed.
    fn render(&mut self, ptr: &str, day: Option<i64>, ctx: impl FnOnce() -> BTreeMap<String, Value>) -> Option<String> {
        if self.failed.contains(ptr) || !self.fields.has(ptr) {
            return None;
        }
        let shared = !self.varies.get(ptr).copied().unwrap_or(true);
        if shared {
            if let Some(text) = self.shared.get(&(ptr.to_string(), day)) {
                return Some(text.clone());
            }
        }
        let ctx = ctx();
        match self.fields.render_counted(ptr, ctx.clone()) {
            Ok((text, used)) => {
                self.fuel += used;
                self.renders += 1;
                if self.fuel > SPEC_TEMPLATE_FUEL + self.renders * TEMPLATE_FUEL_PER_RENDER {
                    self.out_of_budget(ptr);
                    return None;
                }
                if shared {
                    self.shared.insert((ptr.to_string(), day), text.clone());
                }
                Some(text)
            }
            Err(e) => {
                let d = template_diagnostic(ptr, self.fields.source(ptr), &e, self.text, &self.loaded.index, &ctx);
                self.out.push(d);
                self.failed.insert(ptr.to_string());
                None
            }
        }
    }

    /// Every field stops once the spec's templates have used their shared budget.
    fn out_of_budget(&mut self, ptr: &str) {
        let span = self.loaded.index.lookup(ptr).map_or(0..0, |n| n.value.clone());
        self.out.push(
            Diagnostic::error(
                "input-limit",
                span,
                format!(
                    "the templates of this spec ran {} steps in {} renders, more than the budget of {SPEC_TEMPLATE_FUEL} plus {TEMPLATE_FUEL_PER_RENDER} a render",
                    self.fuel, self.renders
                ),
            )
            .with_label("the budget ran out here")
            .with_help("templates are rendered for every group: keep loops small, or use fewer groups"),
        );
        for field in self.fields.pointers() {
            self.failed.insert(field.to_string());
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_errors_enumerate_the_fields_a_fixed_number_of_times() {
        // Each template error looked its field's source up by enumerating every field: with
        // 20,000 failing SOP messages, 400 million pointers were built and never reported.
        let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
        let enumerated = |steps: usize| {
            let sop: String = (0..steps)
                .map(|i| {
                    format!(
                        "    - {{ id: s{i}, title: t, when: {{day: 1, at: \"09:00\"}}, channel: group, role: owner, message: \"{{{{ nope{i} }}}}\" }}\n"
                    )
                })
                .collect();
            let text = base.replacen("content:\n  sop:\n", &format!("content:\n  sop:\n{sop}"), 1);
            crate::render::ENUMERATED.with(|n| n.set(0));
            let outcome = check(&text, &Options::default());
            let undefined = outcome.diagnostics.iter().filter(|d| d.rule == "template-undefined").count();
            assert_eq!(undefined, steps);
            crate::render::ENUMERATED.with(|n| n.get())
        };
        let few = enumerated(10);
        assert_eq!(enumerated(200), few);
        assert!(few <= 3, "{few}");
    }
}
