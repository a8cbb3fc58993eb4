//! What a spec change does to the plan (`commspec diff`): each side's specs compiled as
//! `build` compiles them, up to every group's dated tasks and rendered texts, in memory; then
//! matched (communities by id, groups by key, tasks by step and occurrence) and compared into
//! typed changes, aggregated so a change that hits 1,000 groups is said once.

mod format;
mod text;

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Serialize;

pub(crate) use format::{Format, human, json, markdown};

use crate::check::{self, Options};
use crate::diagnostics::{Diagnostic, Severity, line_col};
use crate::render::Artifacts;
use text::Piece;

/// Version of the `commspec diff --format json` document.
const DIFF_VERSION: u32 = 1;

/// How many of a broken spec's errors are shown.
const BROKEN_SHOWN: usize = 3;

/// One spec file on one side, compiled as far as it goes.
#[derive(Debug)]
pub(crate) struct Community {
    /// The file as shown (relative to the repository for a revision).
    pub(crate) file: String,
    /// Its community id, once the spec loaded.
    pub(crate) id: Option<String>,
    state: State,
}

#[derive(Debug)]
enum State {
    Compiled(Box<Compiled>),
    /// It has errors: they are what the diff shows of it.
    Broken(Vec<Finding>),
}

/// What a diff compares of one compiled community.
#[derive(Debug)]
struct Compiled {
    groups: BTreeMap<String, Group>,
    /// Role id → its head count.
    roles: BTreeMap<String, RoleCount>,
    /// User id → the keys of their groups.
    people: BTreeMap<String, BTreeSet<String>>,
    kpis: BTreeMap<String, Kpi>,
    /// Its warnings.
    findings: Vec<Finding>,
}

#[derive(Debug)]
struct Group {
    name: String,
    welcome: Option<String>,
    announcement: String,
    /// (step id, occurrence within the step) → the task.
    tasks: BTreeMap<(String, usize), Task>,
}

#[derive(Debug)]
struct Task {
    when: When,
    message: Option<String>,
}

/// When a dated task runs, on its group's own dates.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub(crate) struct When {
    /// Day number in its group, day 1 = the group's launch day.
    day: i64,
    /// `YYYY-MM-DD`, when the spec has a start date.
    date: Option<String>,
    /// `HH:MM`.
    time: String,
}

/// A role's head count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub(crate) struct RoleCount {
    /// People needed to staff it.
    people_needed: u64,
    /// People named in its `staff`.
    people_named: usize,
}

/// A KPI target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub(crate) struct Kpi {
    /// As written, e.g. `>= 20%`.
    target: String,
    /// The period it is measured over, e.g. `day`.
    period: String,
    /// The phase it holds in, if any.
    phase: Option<String>,
}

/// A diagnostic of one side, located.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub(crate) struct Finding {
    rule: String,
    /// `warning` or `error`.
    severity: String,
    /// What is wrong, in English.
    message: String,
    /// What is wrong, in Chinese.
    message_zh: String,
    /// 1-based line and column in its side's file.
    line: usize,
    column: usize,
}

impl Finding {
    fn of(d: &Diagnostic, text: &str) -> Finding {
        let (line, column) = line_col(text, d.span.start);
        Finding {
            rule: d.rule.name().to_string(),
            severity: d.severity.as_str().to_string(),
            message: d.message.en().to_string(),
            message_zh: d.message.get(crate::i18n::Lang::Zh).to_string(),
            line,
            column,
        }
    }

    /// What matches a finding across the two sides: not its place, which any edit above moves.
    fn identity(&self) -> (&str, &str, &str) {
        (&self.rule, &self.severity, &self.message)
    }
}

/// Checks and compiles one spec text as `build` does, to every group's tasks and texts.
pub(crate) fn compile(file: String, text: &str, opts: &Options, artifacts: &Artifacts) -> Community {
    let outcome = check::check_with(text, opts, Some(artifacts));
    let id = outcome.community.as_ref().map(|(id, _)| id.clone());
    let findings = |severity: Severity| -> Vec<Finding> {
        outcome.diagnostics.iter().filter(|d| d.severity == severity).map(|d| Finding::of(d, text)).collect()
    };
    let errors = findings(Severity::Error);
    let (Some((loaded, analysis)), true) = (&outcome.checked, errors.is_empty()) else {
        return Community { file, id, state: State::Broken(errors) };
    };
    let plan = crate::plan::plan(&loaded.spec, analysis);
    let mut groups = BTreeMap::new();
    let _ = check::each_group_texts(text, loaded, analysis, artifacts, 0..plan.groups.len(), |gi, texts| {
        let group = &plan.groups[gi];
        let mut occurrences: BTreeMap<&str, usize> = BTreeMap::new();
        let mut tasks = BTreeMap::new();
        for (i, t) in plan.schedule_of(group).iter().enumerate() {
            let n = occurrences.entry(&t.step.step).or_default();
            let when = When { day: t.day, date: t.date.clone(), time: t.time.clone() };
            let message = texts.messages.get(i).cloned().flatten();
            tasks.insert((t.step.step.clone(), *n), Task { when, message });
            *n += 1;
        }
        let announcement = texts.announcement.unwrap_or_else(|failed| failed);
        let name = group.name.clone();
        groups.insert(group.key.clone(), Group { name, welcome: texts.welcome, announcement, tasks });
        Ok::<(), ()>(())
    });
    let roles = plan
        .roles
        .iter()
        .map(|r| {
            let count = RoleCount { people_needed: r.people_needed, people_named: r.staff.len() };
            (r.id.clone(), count)
        })
        .collect();
    let people = plan.people.iter().map(|p| (p.userid.clone(), p.groups.iter().cloned().collect())).collect();
    let kpis = plan
        .kpis
        .iter()
        .map(|k| {
            let period = serde_json::to_value(k.period).ok().and_then(|v| v.as_str().map(String::from));
            let kpi = Kpi { target: k.target.clone(), period: period.unwrap_or_default(), phase: k.phase.clone() };
            (k.metric.clone(), kpi)
        })
        .collect();
    let compiled = Compiled { groups, roles, people, kpis, findings: findings(Severity::Warning) };
    Community { file, id, state: State::Compiled(Box::new(compiled)) }
}

/// A spec refused before it was checked (not text, too large) or stopped by the watchdog:
/// shown like one with errors.
pub(crate) fn unreadable(file: String, said: &[Diagnostic], text: &str) -> Community {
    Community { file, id: None, state: State::Broken(said.iter().map(|d| Finding::of(d, text)).collect()) }
}

/// The diff of two sides' communities (`commspec diff --format json`).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "commspec diff")]
pub(crate) struct Report {
    /// Version of this format; 1.
    diff_version: u32,
    summary: Summary,
    compared: Work,
    /// Every community of either side, by id (specs whose id could not be read, by file).
    communities: Vec<CommunityDiff>,
}

/// What changed, counted over every community.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub(crate) struct Summary {
    communities_added: usize,
    communities_removed: usize,
    /// Communities whose spec has errors on either side (and whose errors changed).
    communities_broken: usize,
    groups_added: usize,
    groups_removed: usize,
    groups_renamed: usize,
    /// Dated tasks, over every group (a new group's tasks count).
    tasks_added: usize,
    tasks_removed: usize,
    tasks_moved: usize,
    /// Texts changed: each text kind (announcement, welcome, a step's message) once per
    /// community, however many groups it changed in.
    texts_changed: usize,
    /// Roles whose head count changed.
    roles_changed: usize,
    /// People who gain or lose groups.
    people_changed: usize,
    kpis_changed: usize,
    new_errors: usize,
    new_warnings: usize,
    /// Findings of the old side that the new side no longer has.
    findings_gone: usize,
}

impl Summary {
    /// Whether nothing changed.
    pub(crate) fn is_empty(&self) -> bool {
        *self == Summary::default()
    }
}

/// One community's side of the diff.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct CommunityDiff {
    /// Its community id, or its file when its id could not be read.
    id: String,
    old_file: Option<String>,
    new_file: Option<String>,
    #[serde(flatten)]
    status: Status,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
enum Status {
    Unchanged,
    Added {
        groups: usize,
        tasks: usize,
    },
    Removed {
        groups: usize,
        tasks: usize,
    },
    /// Its spec has errors on one side or both: nothing of it is compared.
    Broken {
        old: Option<Broken>,
        new: Option<Broken>,
    },
    Changed(Box<Changes>),
}

/// A side whose spec has errors.
#[derive(Debug, Serialize, JsonSchema)]
struct Broken {
    errors: usize,
    /// The first few.
    first: Vec<Finding>,
}

/// A group, by its stable key and its name.
#[derive(Debug, Clone, Serialize, JsonSchema)]
struct GroupRef {
    key: String,
    name: String,
}

/// What changed in a community present and compiled on both sides.
#[derive(Debug, Default, Serialize, JsonSchema)]
struct Changes {
    groups_added: Vec<GroupRef>,
    groups_removed: Vec<GroupRef>,
    /// Same key, another name.
    groups_renamed: Vec<Renamed>,
    /// Per step: tasks that only the new side has.
    tasks_added: Vec<Tasks>,
    tasks_removed: Vec<Tasks>,
    /// Tasks whose date or time changed, one entry per step and shift.
    tasks_moved: Vec<Moved>,
    texts: Vec<TextChange>,
    roles: Vec<RoleChange>,
    people: Vec<PersonChange>,
    kpis: Vec<KpiChange>,
    findings_new: Vec<Finding>,
    findings_gone: Vec<Finding>,
}

#[derive(Debug, Serialize, JsonSchema)]
struct Renamed {
    key: String,
    old_name: String,
    new_name: String,
}

/// Tasks of one step, in some groups.
#[derive(Debug, Serialize, JsonSchema)]
struct Tasks {
    step: String,
    tasks: usize,
    /// Keys of the groups they are in.
    groups: Vec<String>,
}

/// Tasks of one step that moved by the same shift.
#[derive(Debug, Serialize, JsonSchema)]
struct Moved {
    step: String,
    from_time: String,
    to_time: String,
    /// Days later (negative: earlier).
    days: i64,
    tasks: usize,
    groups: Vec<String>,
    /// One of them: its group, old and new day.
    example: MovedTask,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
struct MovedTask {
    group: String,
    from: When,
    to: When,
}

/// Which text of a group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(tag = "text", rename_all = "snake_case")]
enum TextKind {
    Announcement,
    Welcome,
    /// A step's message.
    Message {
        step: String,
    },
}

/// One text kind, changed in some groups, with each distinct change once.
#[derive(Debug, Serialize, JsonSchema)]
struct TextChange {
    #[serde(flatten)]
    kind: TextKind,
    /// Groups it changed in.
    groups: usize,
    /// Each distinct old → new, the most frequent first.
    variants: Vec<Variant>,
}

/// One distinct change of a text: groups whose texts differ elsewhere (their names) but
/// changed alike are one variant.
#[derive(Debug, Serialize, JsonSchema)]
struct Variant {
    /// The character diff of the lines that changed (`…` for lines left out between them).
    change: Vec<Piece>,
    /// Keys of the groups where the text changed so.
    groups: Vec<String>,
    /// How often it changed so (a message sent on several days counts each).
    occurrences: usize,
    /// One of them whole.
    example: TextExample,
}

#[derive(Debug, Serialize, JsonSchema)]
struct TextExample {
    group: String,
    /// Absent when the text is added.
    old: Option<String>,
    /// Absent when the text is removed.
    new: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
struct RoleChange {
    role: String,
    old: Option<RoleCount>,
    new: Option<RoleCount>,
}

/// A person who gains or loses groups (or joins or leaves the staff).
#[derive(Debug, Serialize, JsonSchema)]
struct PersonChange {
    userid: String,
    gains: Vec<GroupRef>,
    loses: Vec<GroupRef>,
}

#[derive(Debug, Serialize, JsonSchema)]
struct KpiChange {
    metric: String,
    old: Option<Kpi>,
    new: Option<Kpi>,
}

/// How much work the comparison did, so a large diff can be seen to stay proportionate.
#[derive(Debug, Default, Clone, Copy, Serialize, JsonSchema)]
struct Work {
    /// Dated tasks of groups on both sides, each matched once.
    tasks_compared: usize,
    /// Distinct (old, new) texts diffed character by character.
    texts_diffed: usize,
}

/// Compares the two sides: communities matched by id, else by file.
pub(crate) fn compare(old: Vec<Community>, new: Vec<Community>) -> Report {
    let mut work = Work::default();
    let key = |c: &Community| c.id.clone().unwrap_or_else(|| c.file.clone());
    let mut pairs: BTreeMap<String, (Option<Community>, Option<Community>)> = BTreeMap::new();
    for c in old {
        let k = key(&c);
        pairs.entry(k).or_default().0 = Some(c);
    }
    for c in new {
        let k = key(&c);
        pairs.entry(k).or_default().1 = Some(c);
    }
    // A spec broken past its id on one side still matches its file on the other.
    let lone: Vec<String> =
        pairs.iter().filter(|(_, (o, n))| o.is_none() || n.is_none()).map(|(k, _)| k.clone()).collect();
    for k in &lone {
        let Some((None, Some(c))) = pairs.get(k).map(|(o, n)| (o.as_ref(), n.as_ref())) else { continue };
        let file = c.file.clone();
        let idless = c.id.is_none();
        let partner = lone.iter().find(|other| {
            *other != k
                && pairs.get(*other).is_some_and(|(o, n)| {
                    n.is_none() && o.as_ref().is_some_and(|o| o.file == file && (idless || o.id.is_none()))
                })
        });
        // Kept under the old side's key (its id, when it had one).
        if let Some(partner) = partner {
            let new = pairs.remove(k).and_then(|p| p.1);
            if let Some(slot) = pairs.get_mut(partner) {
                slot.1 = new;
            }
        }
    }
    let mut summary = Summary::default();
    let mut communities = Vec::new();
    for (id, (old, new)) in pairs {
        let (old_file, new_file) = (old.as_ref().map(|c| c.file.clone()), new.as_ref().map(|c| c.file.clone()));
        let status = status(old.map(|c| c.state), new.map(|c| c.state), &mut summary, &mut work);
        communities.push(CommunityDiff { id, old_file, new_file, status });
    }
    Report { diff_version: DIFF_VERSION, summary, compared: work, communities }
}

fn broken(errors: Vec<Finding>) -> Broken {
    Broken { errors: errors.len(), first: errors.into_iter().take(BROKEN_SHOWN).collect() }
}

fn status(old: Option<State>, new: Option<State>, summary: &mut Summary, work: &mut Work) -> Status {
    let size = |c: &Compiled| (c.groups.len(), c.groups.values().map(|g| g.tasks.len()).sum::<usize>());
    match (old, new) {
        (Some(State::Broken(o)), Some(State::Broken(n)))
            if o.iter().map(Finding::identity).eq(n.iter().map(Finding::identity)) =>
        {
            Status::Unchanged
        }
        (Some(State::Broken(o)), n @ (Some(State::Broken(_)) | Some(State::Compiled(_)) | None)) => {
            summary.communities_broken += 1;
            let new = match n {
                Some(State::Broken(n)) => Some(broken(n)),
                _ => None,
            };
            Status::Broken { old: Some(broken(o)), new }
        }
        (_, Some(State::Broken(n))) => {
            summary.communities_broken += 1;
            Status::Broken { old: None, new: Some(broken(n)) }
        }
        (None, Some(State::Compiled(c))) => {
            let (groups, tasks) = size(&c);
            summary.communities_added += 1;
            summary.groups_added += groups;
            summary.tasks_added += tasks;
            Status::Added { groups, tasks }
        }
        (Some(State::Compiled(c)), None) => {
            let (groups, tasks) = size(&c);
            summary.communities_removed += 1;
            summary.groups_removed += groups;
            summary.tasks_removed += tasks;
            Status::Removed { groups, tasks }
        }
        (Some(State::Compiled(o)), Some(State::Compiled(n))) => {
            let changes = changes(&o, &n, work);
            if changes.is_empty() {
                Status::Unchanged
            } else {
                changes.count(summary);
                Status::Changed(Box::new(changes))
            }
        }
        (None, None) => Status::Unchanged,
    }
}

/// Tasks of one step, aggregated over groups.
#[derive(Default)]
struct Tally {
    tasks: usize,
    groups: BTreeSet<String>,
}

impl Tally {
    fn add(&mut self, group: &str) {
        self.tasks += 1;
        if !self.groups.contains(group) {
            self.groups.insert(group.to_string());
        }
    }
}

fn tallied(by_step: BTreeMap<String, Tally>) -> Vec<Tasks> {
    by_step
        .into_iter()
        .map(|(step, t)| Tasks { step, tasks: t.tasks, groups: t.groups.into_iter().collect() })
        .collect()
}

/// Occurrences of one text change.
#[derive(Default)]
struct TextTally {
    occurrences: usize,
    groups: Vec<String>,
}

/// A text before and after (absent: none).
type OldNew<'a> = (Option<&'a str>, Option<&'a str>);

fn changes(old: &Compiled, new: &Compiled, work: &mut Work) -> Changes {
    let mut c = Changes::default();
    let (mut added, mut removed): (BTreeMap<String, Tally>, BTreeMap<String, Tally>) = Default::default();
    // (step, from time, to time, days) → tasks, and the first one.
    let mut moved: BTreeMap<(String, String, String, i64), (Tally, MovedTask)> = BTreeMap::new();
    let mut texts: BTreeMap<TextKind, BTreeMap<OldNew, TextTally>> = BTreeMap::new();
    for (key, g) in &old.groups {
        let Some(n) = new.groups.get(key) else {
            c.groups_removed.push(GroupRef { key: key.clone(), name: g.name.clone() });
            for (step, _) in g.tasks.keys() {
                removed.entry(step.clone()).or_default().add(key);
            }
            continue;
        };
        if g.name != n.name {
            c.groups_renamed.push(Renamed { key: key.clone(), old_name: g.name.clone(), new_name: n.name.clone() });
        }
        for (kind, o, nw) in [
            (TextKind::Announcement, Some(g.announcement.as_str()), Some(n.announcement.as_str())),
            (TextKind::Welcome, g.welcome.as_deref(), n.welcome.as_deref()),
        ] {
            if o != nw {
                texts.entry(kind).or_default().entry((o, nw)).or_default().note(key);
            }
        }
        for (at, t) in &g.tasks {
            work.tasks_compared += 1;
            let Some(nt) = n.tasks.get(at) else {
                removed.entry(at.0.clone()).or_default().add(key);
                continue;
            };
            if t.when != nt.when {
                let shift = (at.0.clone(), t.when.time.clone(), nt.when.time.clone(), nt.when.day - t.when.day);
                let example = MovedTask { group: key.clone(), from: t.when.clone(), to: nt.when.clone() };
                moved.entry(shift).or_insert_with(|| (Tally::default(), example)).0.add(key);
            }
            if t.message != nt.message {
                let kind = TextKind::Message { step: at.0.clone() };
                texts
                    .entry(kind)
                    .or_default()
                    .entry((t.message.as_deref(), nt.message.as_deref()))
                    .or_default()
                    .note(key);
            }
        }
        for at in n.tasks.keys().filter(|at| !g.tasks.contains_key(*at)) {
            added.entry(at.0.clone()).or_default().add(key);
        }
    }
    for (key, g) in new.groups.iter().filter(|(k, _)| !old.groups.contains_key(*k)) {
        c.groups_added.push(GroupRef { key: key.clone(), name: g.name.clone() });
        for (step, _) in g.tasks.keys() {
            added.entry(step.clone()).or_default().add(key);
        }
    }
    c.tasks_added = tallied(added);
    c.tasks_removed = tallied(removed);
    c.tasks_moved = moved
        .into_iter()
        .map(|((step, from_time, to_time, days), (t, example))| Moved {
            step,
            from_time,
            to_time,
            days,
            tasks: t.tasks,
            groups: t.groups.into_iter().collect(),
            example,
        })
        .collect();
    c.texts = texts
        .into_iter()
        .map(|(kind, changes)| {
            let groups: BTreeSet<&String> = changes.values().flat_map(|v| &v.groups).collect();
            let groups = groups.len();
            // Each distinct old → new diffed once, then merged by what changed.
            let mut alike: BTreeMap<Vec<Piece>, (BTreeSet<String>, usize, TextExample)> = BTreeMap::new();
            for ((o, n), t) in changes {
                work.texts_diffed += 1;
                let change = text::changed_lines(&text::diff(o.unwrap_or_default(), n.unwrap_or_default()));
                let group = t.groups.first().cloned().unwrap_or_default();
                let example = || TextExample { group, old: o.map(String::from), new: n.map(String::from) };
                let slot = alike.entry(change).or_insert_with(|| (BTreeSet::new(), 0, example()));
                slot.0.extend(t.groups);
                slot.1 += t.occurrences;
            }
            let mut variants: Vec<Variant> = alike
                .into_iter()
                .map(|(change, (groups, occurrences, example))| Variant {
                    change,
                    groups: groups.into_iter().collect(),
                    occurrences,
                    example,
                })
                .collect();
            // The most groups first; ties in the map's order, so the order is stable.
            variants.sort_by_key(|v| std::cmp::Reverse(v.groups.len()));
            TextChange { kind, groups, variants }
        })
        .collect();
    c.roles = pairs(&old.roles, &new.roles).map(|(role, old, new)| RoleChange { role, old, new }).collect();
    c.kpis = pairs(&old.kpis, &new.kpis).map(|(metric, old, new)| KpiChange { metric, old, new }).collect();
    let name = |side: &Compiled, key: &str| side.groups.get(key).map(|g| g.name.clone()).unwrap_or_default();
    let nobody = BTreeSet::new();
    let userids: BTreeSet<&String> = old.people.keys().chain(new.people.keys()).collect();
    for userid in userids {
        let (was, is) = (old.people.get(userid).unwrap_or(&nobody), new.people.get(userid).unwrap_or(&nobody));
        let gains: Vec<GroupRef> =
            is.difference(was).map(|k| GroupRef { key: k.clone(), name: name(new, k) }).collect();
        let loses: Vec<GroupRef> =
            was.difference(is).map(|k| GroupRef { key: k.clone(), name: name(old, k) }).collect();
        if !gains.is_empty() || !loses.is_empty() {
            c.people.push(PersonChange { userid: userid.clone(), gains, loses });
        }
    }
    (c.findings_new, c.findings_gone) = findings(&old.findings, &new.findings);
    c
}

impl TextTally {
    /// Groups come in key order, each group's changes together.
    fn note(&mut self, group: &str) {
        self.occurrences += 1;
        if self.groups.last().is_none_or(|g| g != group) {
            self.groups.push(group.to_string());
        }
    }
}

/// The entries of two maps that differ: (key, old, new).
fn pairs<'a, V: Clone + PartialEq>(
    old: &'a BTreeMap<String, V>,
    new: &'a BTreeMap<String, V>,
) -> impl Iterator<Item = (String, Option<V>, Option<V>)> + 'a {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter().filter_map(|k| {
        let (o, n) = (old.get(k), new.get(k));
        (o != n).then(|| (k.clone(), o.cloned(), n.cloned()))
    })
}

/// The findings only the new side has, and those only the old side had, matched by rule,
/// severity and message (as many times as each side has them).
fn findings(old: &[Finding], new: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    let unmatched = |these: &[Finding], those: &[Finding]| {
        let mut left: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
        for f in those {
            *left.entry(f.identity()).or_default() += 1;
        }
        these
            .iter()
            .filter(|f| match left.get_mut(&f.identity()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    (unmatched(new, old), unmatched(old, new))
}

impl Changes {
    fn is_empty(&self) -> bool {
        let mut summary = Summary::default();
        self.count(&mut summary);
        summary.is_empty()
    }

    fn count(&self, s: &mut Summary) {
        let tasks = |t: &[Tasks]| t.iter().map(|t| t.tasks).sum::<usize>();
        s.groups_added += self.groups_added.len();
        s.groups_removed += self.groups_removed.len();
        s.groups_renamed += self.groups_renamed.len();
        s.tasks_added += tasks(&self.tasks_added);
        s.tasks_removed += tasks(&self.tasks_removed);
        s.tasks_moved += self.tasks_moved.iter().map(|m| m.tasks).sum::<usize>();
        s.texts_changed += self.texts.len();
        s.roles_changed += self.roles.len();
        s.people_changed += self.people.len();
        s.kpis_changed += self.kpis.len();
        s.new_errors += self.findings_new.iter().filter(|f| f.severity == "error").count();
        s.new_warnings += self.findings_new.iter().filter(|f| f.severity == "warning").count();
        s.findings_gone += self.findings_gone.len();
    }
}

impl Report {
    pub(crate) fn summary(&self) -> &Summary {
        &self.summary
    }
}
