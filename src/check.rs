//! One spec text through the whole checking pipeline: load → validate → compile → render
//! every template for every group → lint.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use minijinja::Value;
use minijinja::value::Serde;

use crate::analysis::{Analysis, GroupTexts, Longest, cohort_of};
use crate::compile::{self, GroupSeed, Schedule, Stagger};
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{ARTIFACT_OUTPUT_MAX_BYTES, MAX_BUILD_OUTPUT_BYTES, SPEC_TEMPLATE_FUEL, TEMPLATE_FUEL_PER_RENDER};
use crate::lint::Suppressions;
use crate::lint::{self, Ctx, Levels};
use crate::load::{self, Loaded};
use crate::render::{Artifacts, CompileError, Field, FieldTemplates, Problem, refusal_diagnostic, template_diagnostic};
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
    /// The language of messages and help texts.
    pub lang: crate::i18n::Lang,
}

/// The result of checking one text: its diagnostics (sorted), the community id and its span
/// once the spec loaded (to find one id in two files), and the loaded spec and analysis when
/// it got that far.
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub(crate) community: Option<(String, Range<usize>)>,
    pub checked: Option<(Loaded, Analysis)>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == crate::diagnostics::Severity::Error)
    }
}

/// Adds a diagnostic found beyond one text (in another file) to its diagnostics, in order.
pub(crate) fn add(diagnostics: &mut Vec<Diagnostic>, d: Diagnostic) {
    diagnostics.push(d);
    sort(diagnostics);
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end, d.rule.name()));
}

/// Checks one spec text.
pub fn check(text: &str, opts: &Options) -> Outcome {
    check_with(text, opts, None)
}

/// Checks one spec text; with `artifacts` (build's), the announcement is composed with those
/// artifact templates instead of the embedded ones, and only the embedded templates' files
/// are held to the size of one group's file.
pub fn check_with(text: &str, opts: &Options, artifacts: Option<&Artifacts>) -> Outcome {
    let loaded = match load::load(text) {
        Ok(l) => l,
        Err(diagnostics) => {
            return Outcome { diagnostics, community: None, checked: None };
        }
    };
    let id_span = loaded.index.lookup("/community/id").map_or(0..0, |n| n.value.clone());
    let community = Some((loaded.spec.community.id.to_string(), id_span));
    let mut diagnostics = validate::validate(&loaded.spec, &loaded.index);
    diagnostics.extend(validate::control_characters(&loaded.json, &loaded.index));
    if !diagnostics.is_empty() {
        diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        return Outcome { diagnostics, community, checked: None };
    }
    let (groups, schedules) =
        match (compile::expand(&loaded.spec, &loaded.index), compile::schedules(&loaded.spec, &loaded.index)) {
            (Ok(g), Ok(s)) => (g, s),
            (g, s) => {
                let diagnostics: Vec<Diagnostic> = [g.err(), s.err()].into_iter().flatten().collect();
                return Outcome { diagnostics, community, checked: None };
            }
        };
    crate::watchdog::note_plan(groups.len(), schedules.0.tasks.len());
    let analysis = analyze(text, &loaded, groups, schedules, artifacts, &mut diagnostics);
    let levels = Levels::default().with_spec(&loaded.spec, &opts.levels);
    let cx = Ctx { spec: &loaded.spec, index: &loaded.index, analysis: &analysis };
    diagnostics.extend(lint::run(&cx, &levels));
    let mut suppressions = Suppressions::parse(text);
    if !suppressions.is_empty() {
        suppressions.apply(text, &mut diagnostics);
        diagnostics.extend(lint::leveled(suppressions.unused(), &levels));
    }
    apply_warning_flags(&mut diagnostics, opts);
    sort(&mut diagnostics);
    Outcome { diagnostics, community, checked: Some((loaded, analysis)) }
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
/// the longest rendering of each field for the length rules. Each message is rendered once
/// per group and distinct day it uses (a message without `day` or `date` at its first
/// occurrence only), so whatever `build` renders has been checked ([`each_group_texts`]
/// renders every occurrence, from the same cache keys, for the same fuel). No group's texts
/// are kept: `build` renders them again one group at a time.
fn analyze(
    text: &str,
    loaded: &Loaded,
    seeds: Vec<GroupSeed>,
    (schedule, stagger): (Schedule, Option<Stagger>),
    artifacts: Option<&Artifacts>,
    out: &mut Vec<Diagnostic>,
) -> Analysis {
    let spec = &loaded.spec;
    let fields = FieldTemplates::new(spec);
    let mut r = Renderer::new(text, loaded, &fields, out);
    let steps = &spec.content.sop;
    let by_day: Vec<bool> =
        (0..steps.len()).map(|i| steps[i].message.is_some() && fields.varies_by_day(Field::SopMessage(i))).collect();
    // Each cohort's occurrences and their weights, made once per cohort.
    let cohorts: Vec<&Schedule> = std::iter::once(&schedule).chain(stagger.iter().flat_map(|s| &s.later)).collect();
    let each: Vec<(Occurrences, Vec<u64>)> = cohorts
        .iter()
        .map(|schedule| {
            let (occurrences, weights) = rendered_occurrences(spec, schedule, &by_day);
            (Occurrences::new(spec, schedule, artifacts, occurrences), weights)
        })
        .collect();
    let mut volume = Volume::default();
    let mut longest = Longests { messages: vec![None; spec.content.sop.len()], ..Longests::default() };
    let mut groups = Vec::with_capacity(seeds.len());
    for (gi, seed) in seeds.into_iter().enumerate() {
        r.this_group.clear();
        r.cohort = cohort_of(&seed, stagger.as_ref());
        let (each, weights) = &each[r.cohort];
        let name = r
            .render(Field::GroupName, None, || FieldTemplates::name_context(&seed))
            .unwrap_or_else(|| default_name(spec, &seed));
        let texts = r.group_texts(&fields.group_context(&seed, &name), each);
        if let Some(w) = &texts.welcome {
            Longest::update(&mut longest.welcome, w, gi);
        }
        if let Ok(a) = &texts.announcement {
            Longest::update(&mut longest.announcement, a, gi);
        }
        let dated = each.dated.iter().map(|(i, _)| *i).zip(&texts.messages);
        for (i, m) in dated.chain(each.relative.iter().copied().zip(&texts.per_member)) {
            if let Some(m) = m {
                Longest::update(&mut longest.messages[i], m, gi);
            }
        }
        let bytes =
            texts.messages.iter().zip(weights).map(|(m, w)| m.as_ref().map_or(0, |m| m.trim_end().len() as u64) * w);
        volume.add(gi, bytes.sum());
        groups.push((seed, name));
    }
    drop(each);
    let analysis = Analysis {
        groups,
        schedule,
        stagger,
        welcome: longest.welcome,
        announcement: longest.announcement,
        messages: longest.messages,
    };
    r.out.extend(volume.refusals(loaded, &analysis, artifacts.is_none()));
    analysis
}

/// The occurrences of a cohort's messages to render, once per distinct value the message
/// uses: a message that uses `day` or `date` at every occurrence (a later day may break a limit
/// the first day keeps), others at their step's first day (in one pass over the tasks, sorted
/// by day); and how many tasks each stands for: all of its step's when the message is the
/// same every day, else itself only (none when the step has no task in the plan).
fn rendered_occurrences(spec: &Spec, schedule: &Schedule, by_day: &[bool]) -> (Vec<(usize, Option<i64>)>, Vec<u64>) {
    let steps = &spec.content.sop;
    let mut first = vec![None; steps.len()];
    let mut every: Vec<(usize, Option<i64>)> = Vec::new();
    let mut tasks_of_step = vec![0u64; steps.len()];
    for t in &schedule.tasks {
        if by_day[t.step] {
            every.push((t.step, Some(t.day)));
        }
        first[t.step].get_or_insert(t.day);
        tasks_of_step[t.step] += 1;
    }
    // Steps with no task in the plan are still rendered once, with a plausible day.
    let once = (0..steps.len())
        .filter(|i| steps[*i].when.after_join().is_none() && (!by_day[*i] || first[*i].is_none()))
        .map(|i| (i, first[i]));
    let occurrences: Vec<(usize, Option<i64>)> = once.chain(every).collect();
    let weights = occurrences
        .iter()
        .map(|(i, _)| if by_day[*i] { tasks_of_step[*i].min(1) } else { tasks_of_step[*i] })
        .collect();
    (occurrences, weights)
}

/// The longest rendering of each template field, while the groups are rendered.
#[derive(Default)]
struct Longests {
    welcome: Option<Longest>,
    announcement: Option<Longest>,
    messages: Vec<Option<Longest>>,
}

/// What one group's texts are rendered from, the same for every group.
struct Occurrences<'a> {
    spec: &'a Spec,
    schedule: &'a Schedule,
    parts: Value,
    artifacts: &'a Artifacts,
    /// The dated messages to render: (step, day).
    dated: Vec<(usize, Option<i64>)>,
    /// The `after_join` steps, in SOP order.
    relative: Vec<usize>,
}

impl<'a> Occurrences<'a> {
    fn new(
        spec: &'a Spec,
        schedule: &'a Schedule,
        artifacts: Option<&'a Artifacts>,
        dated: Vec<(usize, Option<i64>)>,
    ) -> Self {
        Occurrences {
            spec,
            schedule,
            parts: Value::from(Serde(&compile::announcement_parts(spec, schedule))),
            artifacts: artifacts.unwrap_or_else(|| default_artifacts()),
            dated,
            relative: (0..spec.content.sop.len())
                .filter(|i| spec.content.sop[*i].when.after_join().is_some())
                .collect(),
        }
    }
}

/// Renders every text of each group in `groups` (indices into the analysis's groups) in turn,
/// at every dated task, for `build`, and hands them to `each` (group index, texts): one
/// group's texts are held at a time, never the community's. The spec passed [`check_with`] with these `artifacts`: the same fields are
/// rendered from the same cache keys with the same fuel, so what failed there is all that
/// can fail here (an announcement template, in its texts).
pub(crate) fn each_group_texts<E>(
    text: &str,
    loaded: &Loaded,
    analysis: &Analysis,
    artifacts: &Artifacts,
    groups: Range<usize>,
    mut each: impl FnMut(usize, GroupTexts) -> Result<(), E>,
) -> Result<(), E> {
    let spec = &loaded.spec;
    let fields = FieldTemplates::new(spec);
    // Checked already: what this pass would find again is not said twice.
    let mut found = Vec::new();
    let mut r = Renderer::new(text, loaded, &fields, &mut found);
    // Each cohort's occurrences, made when its first group comes.
    let mut cohorts: Vec<Option<Occurrences>> = analysis.cohorts().map(|_| None).collect();
    for (gi, (seed, name)) in analysis.groups.iter().enumerate().skip(groups.start).take(groups.len()) {
        r.this_group.clear();
        r.cohort = analysis.cohort(gi);
        let occurrences = cohorts[r.cohort].get_or_insert_with(|| {
            let schedule = analysis.cohort_schedule(r.cohort);
            let dated = schedule.tasks.iter().map(|t| (t.step, Some(t.day))).collect();
            Occurrences::new(spec, schedule, Some(artifacts), dated)
        });
        each(gi, r.group_texts(&fields.group_context(seed, name), occurrences))?;
    }
    Ok(())
}

/// At least how many bytes of SOP text a spec's output holds. Each dated task's message,
/// trailing white space aside, is written whole in `plan.json` (once per group), and by the
/// embedded templates in the group's `sop.md`, `sop.csv` and, with a start date, `sop.ics`,
/// with the step's title. These are bounds from below, so what they refuse could never be
/// built.
#[derive(Default)]
struct Volume {
    /// The group with the most message bytes, and its bytes.
    largest: (usize, u64),
    /// Message bytes of all groups.
    total: u64,
}

impl Volume {
    fn add(&mut self, group: usize, bytes: u64) {
        if bytes > self.largest.1 {
            self.largest = (group, bytes);
        }
        self.total = self.total.saturating_add(bytes);
    }

    /// What `build` would refuse: one group's SOP file past [`ARTIFACT_OUTPUT_MAX_BYTES`] with
    /// the `embedded` templates, the whole output past [`MAX_BUILD_OUTPUT_BYTES`].
    fn refusals(&self, loaded: &Loaded, analysis: &Analysis, embedded: bool) -> Vec<Diagnostic> {
        let spec = &loaded.spec;
        let span = loaded.index.lookup("/content/sop").map_or(0..0, |n| n.key.clone().unwrap_or(n.value.clone()));
        let mib = |bytes: u64| bytes.div_ceil(1 << 20);
        let titles: u64 =
            analysis.schedule.tasks.iter().map(|t| spec.content.sop[t.step].title.trim_end().len() as u64).sum();
        let groups = analysis.groups.len() as u64;
        let mut out = Vec::new();
        let (group, largest) = self.largest;
        let largest = largest.saturating_add(titles);
        if embedded && largest > ARTIFACT_OUTPUT_MAX_BYTES as u64 {
            let name = analysis.groups.get(group).map_or("", |(_, n)| n.as_str()).to_string();
            out.push(Diagnostic::of(span.clone(), &TooMuchText::Group { name, mib: mib(largest) }));
        }
        // `plan.json` holds every group's messages; the embedded templates, messages and
        // titles in two or three files per group.
        let total = if embedded {
            let files = 2 + u64::from(spec.lifecycle.start.is_some());
            let per_group_files = groups.saturating_mul(titles).saturating_add(self.total).saturating_mul(files);
            per_group_files.saturating_add(self.total)
        } else {
            self.total
        };
        if total > MAX_BUILD_OUTPUT_BYTES {
            out.push(Diagnostic::of(span, &TooMuchText::Build { groups, mib: mib(total) }));
        }
        out
    }
}

/// More SOP text than `build` writes, in MiB (rounded up).
enum TooMuchText {
    /// For one group's SOP files.
    Group { name: String, mib: u64 },
    /// For one build, of `groups` groups.
    Build { groups: u64, mib: u64 },
}

impl Message for TooMuchText {
    fn rule(&self) -> Rule {
        Rule::InputLimit
    }

    fn said(&self) -> Said {
        match self {
            TooMuchText::Group { name, mib } => {
                let max = ARTIFACT_OUTPUT_MAX_BYTES >> 20;
                Said {
                    message: tr!(
                        "the SOP of group `{name}` comes to at least {mib} MiB of text, more than the {max} MiB one \
                         file may hold",
                        "群 `{name}` 的 SOP 至少有 {mib} MiB 文字，超过了一个文件最多能容纳的 {max} MiB"
                    ),
                    label: tr!("too much text for one group's SOP files", "一个群的 SOP 文件放不下这么多文字"),
                    help: tr!(
                        "shorten the messages, repeat steps less often, or plan fewer days",
                        "缩短消息、降低步骤的重复频率，或减少规划的天数"
                    ),
                }
            }
            TooMuchText::Build { groups, mib } => {
                let max = MAX_BUILD_OUTPUT_BYTES >> 20;
                Said {
                    message: tr!(
                        "the SOP of the {groups} groups fills at least {mib} MiB of output, more than the {max} MiB \
                         one build may write",
                        "{groups} 个群的 SOP 至少要写出 {mib} MiB，超过了一次构建最多能写的 {max} MiB"
                    ),
                    label: tr!("too much text for one build", "一次构建写不下这么多文字"),
                    help: tr!(
                        "split the community into several specs, shorten the messages, or plan fewer days",
                        "把社群拆成多个 spec、缩短消息，或减少规划的天数"
                    ),
                }
            }
        }
    }
}

/// Renders a spec's template fields for every group: once per field for fields that do not
/// vary by group, every error reported once, and all renders sharing one fuel budget.
struct Renderer<'a, 's> {
    text: &'a str,
    loaded: &'a Loaded,
    fields: &'a FieldTemplates<'s>,
    out: &'a mut Vec<Diagnostic>,
    failed: HashSet<Field>,
    /// Fields that do not vary by group, by (field, day, cohort).
    shared: HashMap<(Field, Option<i64>, usize), String>,
    /// Fields that vary by group, rendered for the current group, by (field, day).
    this_group: HashMap<(Field, Option<i64>, usize), String>,
    /// The current group's cohort: a field that uses the day has a cohort's dates.
    cohort: usize,
    varies: HashMap<Field, bool>,
    /// Fields whose output can differ by day (they use `day` or `date`).
    by_day: HashMap<Field, bool>,
    fuel: u64,
    renders: u64,
}

impl<'a, 's> Renderer<'a, 's> {
    fn new(text: &'a str, loaded: &'a Loaded, fields: &'a FieldTemplates<'s>, out: &'a mut Vec<Diagnostic>) -> Self {
        let spec = &loaded.spec;
        let mut failed = HashSet::new();
        for (field, err) in &fields.errors {
            let source = fields.source(*field);
            out.push(match err {
                CompileError::Minijinja(e) => {
                    template_diagnostic(*field, source, e, text, &loaded.index, &BTreeMap::new())
                }
                CompileError::Refused(r) => refusal_diagnostic(*field, source, r, text, &loaded.index),
            });
            failed.insert(*field);
        }
        let matrix: Vec<&str> = spec.groups.matrix.0.iter().map(|(k, _)| k.as_str()).collect();
        let varies = fields.fields().map(|f| (f, fields.varies_by_group(f, &matrix))).collect();
        let by_day = fields.fields().map(|f| (f, fields.varies_by_day(f))).collect();
        Renderer {
            text,
            loaded,
            fields,
            out,
            failed,
            shared: HashMap::new(),
            this_group: HashMap::new(),
            cohort: 0,
            varies,
            by_day,
            fuel: 0,
            renders: 0,
        }
    }

    /// The field rendered with the context `ctx` makes, or None if it is absent or failed.
    fn render(
        &mut self,
        field: Field,
        day: Option<i64>,
        ctx: impl FnOnce() -> BTreeMap<String, Value>,
    ) -> Option<String> {
        if self.failed.contains(&field) || !self.fields.has(field) {
            return None;
        }
        // Once per distinct set of the values the field uses: per group only when it uses the
        // group, per day only when it uses the day. `check` and `build` render alike, so they
        // spend the same fuel.
        let shared = !self.varies.get(&field).copied().unwrap_or(true);
        let key = match self.by_day.get(&field).copied().unwrap_or(true) {
            true => (field, day, self.cohort),
            false => (field, None, 0),
        };
        if let Some(text) = if shared { &self.shared } else { &self.this_group }.get(&key) {
            return Some(text.clone());
        }
        let ctx = ctx();
        let rendered = {
            let _rendering = crate::watchdog::rendering(self.span(field));
            self.fields.render_counted(field, ctx.clone())
        };
        match rendered {
            Ok((text, used)) => {
                self.fuel += used;
                self.renders += 1;
                if self.fuel > SPEC_TEMPLATE_FUEL + self.renders * TEMPLATE_FUEL_PER_RENDER {
                    self.out_of_budget(field);
                    return None;
                }
                if let Some(c) = validate::control_character(&text, field.multi_line()) {
                    self.renders_control(field, c);
                    return None;
                }
                if shared { &mut self.shared } else { &mut self.this_group }.insert(key, text.clone());
                Some(text)
            }
            Err(e) => {
                let d = template_diagnostic(field, self.fields.source(field), &e, self.text, &self.loaded.index, &ctx);
                self.out.push(d);
                self.failed.insert(field);
                None
            }
        }
    }

    /// One group's texts: welcome, announcement, and each occurrence's message, from the
    /// group's context `ctx`.
    fn group_texts(&mut self, ctx: &BTreeMap<String, Value>, each: &Occurrences) -> GroupTexts {
        let welcome = self.render(Field::Welcome, None, || FieldTemplates::welcome_context(ctx.clone()));
        let extra = self.render(Field::Announcement, None, || ctx.clone());
        let mut announcement = Ok(String::new());
        if !self.failed.contains(&Field::Announcement) {
            let mut actx = ctx.clone();
            actx.insert("parts".into(), each.parts.clone());
            actx.insert("extra".into(), Value::from(extra.unwrap_or_default()));
            // Only a user's override can fail here (the embedded template is tested); `build`
            // reports the error.
            announcement = each.artifacts.render("announcement.txt.j2", Value::from(actx)).map_err(|e| e.to_string());
        }
        let (spec, schedule) = (each.spec, each.schedule);
        let mut message = |i: usize, day: Option<i64>| -> Option<String> {
            spec.content.sop[i].message.as_ref()?;
            self.render(Field::SopMessage(i), day, || step_context(ctx.clone(), spec, i, day, schedule))
        };
        let messages = each.dated.iter().map(|(i, day)| message(*i, *day)).collect();
        let per_member = each.relative.iter().map(|i| message(*i, None)).collect();
        GroupTexts { welcome, announcement, messages, per_member }
    }

    /// Where `field`'s value is in the file.
    fn span(&self, field: Field) -> Option<Range<usize>> {
        self.loaded.index.lookup(&field.pointer()).map(|n| n.value.clone())
    }

    /// A template that produces a control character (`{{ "\x1b" }}`): the spec's texts are
    /// checked for them, and so is what their templates make.
    fn renders_control(&mut self, field: Field, c: char) {
        let shown = crate::diagnostics::visible(&c.to_string()).into_owned();
        self.out.push(Diagnostic::of(self.span(field).unwrap_or_default(), &Problem::RendersControl { field, shown }));
        self.failed.insert(field);
    }

    /// Every field stops once the spec's templates have used their shared budget.
    fn out_of_budget(&mut self, field: Field) {
        let (fuel, renders) = (self.fuel, self.renders);
        self.out.push(Diagnostic::of(self.span(field).unwrap_or_default(), &Problem::OutOfBudget { fuel, renders }));
        self.failed.extend(self.fields.fields());
    }
}

/// What an SOP message sees beyond the group context: `step`, and `date`/`day` when dated.
pub(crate) fn step_context(
    mut ctx: BTreeMap<String, Value>,
    spec: &Spec,
    step: usize,
    day: Option<i64>,
    schedule: &Schedule,
) -> BTreeMap<String, Value> {
    ctx.insert("step".into(), Value::from(Serde(&spec.content.sop[step])));
    let dated = spec.content.sop[step].when.after_join().is_none();
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
pub(crate) fn default_name(spec: &Spec, seed: &GroupSeed) -> String {
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
            let undefined = outcome.diagnostics.iter().filter(|d| d.rule == Rule::TemplateUndefined).count();
            assert_eq!(undefined, steps);
            crate::render::ENUMERATED.with(|n| n.get())
        };
        let few = enumerated(10);
        assert_eq!(enumerated(200), few);
        assert!(few <= 3, "{few}");
    }

    #[test]
    fn too_much_sop_text_is_said_in_both_languages() {
        for (too_much, en, zh) in [
            (
                TooMuchText::Group { name: "演示1群".into(), mib: 82 },
                "the SOP of group `演示1群` comes to at least 82 MiB of text, more than the 64 MiB one file may hold",
                [
                    "群 `演示1群` 的 SOP 至少有 82 MiB 文字，超过了一个文件最多能容纳的 64 MiB",
                    "一个群的 SOP 文件放不下这么多文字",
                    "缩短消息、降低步骤的重复频率，或减少规划的天数",
                ],
            ),
            (
                TooMuchText::Build { groups: 20, mib: 1092 },
                "the SOP of the 20 groups fills at least 1092 MiB of output, more than the 1024 MiB one build may write",
                [
                    "20 个群的 SOP 至少要写出 1092 MiB，超过了一次构建最多能写的 1024 MiB",
                    "一次构建写不下这么多文字",
                    "把社群拆成多个 spec、缩短消息，或减少规划的天数",
                ],
            ),
        ] {
            let Said { message, label, help } = too_much.said();
            assert_eq!(message.en(), en);
            assert_eq!([message, label, help].map(|t| t.get(crate::i18n::Lang::Zh).to_string()), zh);
        }
    }
}
