//! Spec → plan facts that know nothing of output formats: the expanded groups and the dated
//! SOP schedule. `check` lints these; `build` renders them.

mod assign;
mod gates;
mod identity;
mod staffing;

use std::ops::Range;

pub(crate) use assign::{Assignment, people};
pub(crate) use gates::{AfterEntry, after_entry, checkpoint};
pub(crate) use staffing::Staffing;

use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{
    DEFAULT_HORIZON_DAYS, GROUP_KEY_VALUES_MAX_BYTES, MAX_COHORT_TASKS, MAX_DATED_TASKS, MAX_GROUPS, MAX_PLAN_DAYS,
};
use crate::spec::{Date, Every, EveryKind, MatrixValue, MonthDay, Spec, TimeOfDay, Trigger};
use crate::yaml::SpanIndex;

/// What planning refuses.
enum Found {
    /// More groups than commspec expands; None past 2^64.
    TooManyGroups { total: Option<u64> },
    /// More days than commspec plans.
    TooManyDays { days: i64 },
    /// More dated tasks per group than commspec plans.
    TooManyTasks,
    /// Staggered cohorts whose last one ends more than [`MAX_PLAN_DAYS`] after the first starts.
    StaggerTooLong { days: i64, cohorts: i64, span: i64 },
    /// More dated tasks across the staggered cohorts than commspec plans.
    TooManyCohortTasks,
    /// A plan whose last date is past the last date calendars hold.
    PastLastDate { days: i64, start: Date, latest: Date },
    /// Groups `first` and `second` (1-based) have one key, ignoring case.
    SameKey { first: usize, first_key: String, second: usize, key: String },
}

impl Message for Found {
    fn rule(&self) -> Rule {
        match self {
            Found::TooManyGroups { .. }
            | Found::TooManyDays { .. }
            | Found::TooManyTasks
            | Found::StaggerTooLong { .. }
            | Found::TooManyCohortTasks => Rule::InputLimit,
            Found::PastLastDate { .. } => Rule::InvalidValue,
            Found::SameKey { .. } => Rule::DuplicateId,
        }
    }

    fn said(&self) -> Said {
        match self {
            Found::TooManyGroups { total } => Said {
                message: match total {
                    Some(total) => tr!(
                        "groups expand into {total} groups, more than the limit of {MAX_GROUPS}",
                        "群展开后共有 {total} 个，超过上限 {MAX_GROUPS}"
                    ),
                    None => tr!(
                        "groups expand into more than 2^64 groups, more than the limit of {MAX_GROUPS}",
                        "群展开后超过 2^64 个，超过上限 {MAX_GROUPS}"
                    ),
                },
                label: tr!("matrix × count is too large", "矩阵 × count 太大"),
                help: tr!(
                    "split the community into several specs, or reduce the matrix lists or `count`",
                    "把社群拆成多个 spec，或减少矩阵列表的取值或 `count`"
                ),
            },
            Found::TooManyDays { days } => Said {
                message: tr!(
                    "{days} days is longer than commspec plans ({MAX_PLAN_DAYS} days)",
                    "{days} 天超出了 commspec 的规划范围（{MAX_PLAN_DAYS} 天）"
                ),
                label: tr!("too long to plan", "太长，无法规划"),
                help: tr!(
                    "plan in shorter terms (use `on_end: renew`), or a shorter `horizon` for an ongoing community",
                    "改用更短的服务期限（配合 `on_end: renew`）；长期运营的社群请缩短 `horizon`"
                ),
            },
            Found::TooManyTasks => Said {
                message: tr!(
                    "the SOP plans more than {MAX_DATED_TASKS} dated tasks per group",
                    "SOP 为每个群安排了超过 {MAX_DATED_TASKS} 个定时任务"
                ),
                label: tr!("limit reached at this step", "在这个步骤达到上限"),
                help: tr!(
                    "shorten the term or horizon, or repeat steps less often",
                    "缩短服务期限或 horizon，或降低步骤的重复频率"
                ),
            },
            Found::StaggerTooLong { days, cohorts, span } => Said {
                message: tr!(
                    "{cohorts} cohorts {days} days apart span {span} days, longer than commspec plans ({MAX_PLAN_DAYS} days)",
                    "{cohorts} 批群每批相隔 {days} 天，共跨 {span} 天，超出了 commspec 的规划范围（{MAX_PLAN_DAYS} 天）"
                ),
                label: tr!("the last cohort starts too late", "最后一批群开群太晚"),
                help: tr!(
                    "stagger the cohorts by fewer days, or plan fewer groups per combination (`count`) in this spec",
                    "缩短每批之间相隔的天数，或在这个 spec 里减少每个组合的群数量（`count`）"
                ),
            },
            Found::TooManyCohortTasks => Said {
                message: tr!(
                    "the staggered cohorts plan more than {MAX_COHORT_TASKS} dated tasks together",
                    "各批群合计安排了超过 {MAX_COHORT_TASKS} 个定时任务"
                ),
                label: tr!("limit reached with this stagger", "按这个间隔达到上限"),
                help: tr!(
                    "plan fewer cohorts (`count`), shorten the term or horizon, or repeat steps less often",
                    "减少批数（`count`），缩短服务期限或 horizon，或降低步骤的重复频率"
                ),
            },
            Found::SameKey { first, first_key, second, key } => Said {
                message: tr!(
                    "group {second}'s key `{key}` is group {first}'s key `{first_key}` (letter case aside): the two groups would share a folder and calendar event ids",
                    "第 {second} 个群的标识 `{key}` 与第 {first} 个群的标识 `{first_key}` 相同（不区分大小写）：两个群会共用一个文件夹和日历事件 ID"
                ),
                label: tr!(
                    "this value gives group {second} the key of group {first}",
                    "这个取值让第 {second} 个群与第 {first} 个群标识相同"
                ),
                help: tr!(
                    "make the matrix values differ by more than letter case, and within their first {GROUP_KEY_VALUES_MAX_BYTES} bytes once escaped (see \"Group keys\" in docs/language.md)",
                    "让矩阵取值除大小写外也有区别，并且在转义后的前 {GROUP_KEY_VALUES_MAX_BYTES} 字节内就不同（见 docs/language.md「群标识」）"
                ),
            },
            Found::PastLastDate { days, start, latest } => {
                let last = Date::LAST;
                Said {
                    message: tr!(
                        "a plan of {days} days from {start} runs past {last}",
                        "从 {start} 起规划 {days} 天，超出了 {last}"
                    ),
                    label: tr!("too late a start for the days planned", "开始日期太晚，排不下规划的天数"),
                    help: tr!(
                        "start on {latest} or earlier, or plan fewer days: calendars and spreadsheets hold no date after {last}",
                        "开始日期不晚于 {latest}，或减少规划的天数：日历和表格容纳不了 {last} 之后的日期"
                    ),
                }
            }
        }
    }
}

/// One group of the expansion, before its name is rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSeed {
    /// 1-based number within its matrix combination.
    pub(crate) n: u32,
    /// Its identity from its matrix values and `n` (see `identity`): folder, UIDs, CSV rows.
    pub(crate) key: String,
    /// The matrix variables of its combination, in matrix order.
    pub(crate) vars: Vec<(String, MatrixValue)>,
}

/// Expands `groups.matrix` × `groups.count`; the first matrix key varies slowest.
pub(crate) fn expand(spec: &Spec, index: &SpanIndex) -> Result<Vec<GroupSeed>, Diagnostic> {
    let lists = &spec.groups.matrix.0;
    let total = lists
        .iter()
        .try_fold(u64::from(spec.groups.count), |acc, (_, values)| acc.checked_mul(values.len() as u64))
        .unwrap_or(u64::MAX);
    if total > MAX_GROUPS as u64 {
        let span = index.lookup("/groups").map_or(0..0, |n| n.key.clone().unwrap_or(n.value.clone()));
        let total = (total != u64::MAX).then_some(total);
        return Err(Diagnostic::of(span, &Found::TooManyGroups { total }));
    }
    let mut out: Vec<GroupSeed> = Vec::with_capacity(total as usize);
    let mut combo = vec![0usize; lists.len()];
    let mut combos: Vec<Vec<usize>> = Vec::with_capacity(total as usize);
    let mut keys = identity::Keys::default();
    'outer: loop {
        let vars: Vec<(String, MatrixValue)> =
            lists.iter().zip(&combo).map(|((k, values), i)| (k.clone(), values[*i].clone())).collect();
        for n in 1..=spec.groups.count {
            let key = identity::group_key(vars.iter().map(|(_, v)| v), n);
            if let Some(first) = keys.clash(out.len(), &key) {
                let earlier = (first, out[first].key.as_str(), combos[first].as_slice());
                return Err(same_key(spec, index, earlier, (out.len(), key, &combo)));
            }
            out.push(GroupSeed { n, key, vars: vars.clone() });
            combos.push(combo.clone());
        }
        // Odometer increment, last key fastest.
        for pos in (0..lists.len()).rev() {
            combo[pos] += 1;
            if combo[pos] < lists[pos].1.len() {
                continue 'outer;
            }
            combo[pos] = 0;
        }
        break;
    }
    Ok(out)
}

/// Two groups with one key, located at the later group's first matrix value that differs from
/// the earlier's (keys end in `n`, so two clashing groups differ in some value).
fn same_key(
    spec: &Spec,
    index: &SpanIndex,
    (first, first_key, first_combo): (usize, &str, &[usize]),
    (second, key, combo): (usize, String, &[usize]),
) -> Diagnostic {
    let pos = combo.iter().zip(first_combo).position(|(a, b)| a != b);
    let ptr = pos
        .map_or("/groups/matrix".to_string(), |p| format!("/groups/matrix/{}/{}", spec.groups.matrix.0[p].0, combo[p]));
    let found = Found::SameKey { first: first + 1, first_key: first_key.to_string(), second: second + 1, key };
    Diagnostic::of(value_span(index, &ptr), &found)
}

/// One dated task: a step on a day of the group's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// Index into `content.sop`.
    pub(crate) step: usize,
    /// Day number, day 1 = launch day.
    pub(crate) day: i64,
    pub(crate) at: TimeOfDay,
}

/// A dated step (or one of its repetitions) that can never run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outside {
    pub(crate) step: usize,
    pub(crate) day: i64,
    pub(crate) edge: Edge,
}

/// Which of a step's days lies outside the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edge {
    /// The one day it falls on.
    Falls,
    /// The first day it repeats on.
    RepeatsFrom,
    /// The last day it repeats on.
    RepeatsUntil,
}

/// The dated SOP of one group, identical for every group of the spec.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Last planned day: the term's last day, or the horizon of an `ongoing` community.
    pub(crate) last_day: i64,
    /// Whether `last_day` is the end of a finite term.
    pub(crate) finite: bool,
    pub(crate) start: Option<Date>,
    /// Sorted by day, time, then step order.
    pub tasks: Vec<Task>,
    pub(crate) outside: Vec<Outside>,
}

impl Schedule {
    /// The calendar date of a day number, when the spec has a start date.
    pub(crate) fn date(&self, day: i64) -> Option<Date> {
        self.start.and_then(|s| s.add_days(day - 1))
    }
}

/// How many of `days` fall in each week of a plan of `last_day` days: week 1 is days 1–7 of the
/// group's life (not a calendar week), and the last week may be shorter. The content plan's
/// frequencies are per week of the term, so this is what `sop-rhythm-mismatch` and the README's
/// weekly mix count.
pub(crate) fn per_week(days: impl Iterator<Item = i64>, last_day: i64) -> Vec<usize> {
    let weeks = (last_day.max(0) + 6) / 7;
    let mut counts = vec![0; weeks as usize];
    for day in days.filter(|d| (1..=last_day).contains(d)) {
        counts[((day - 1) / 7) as usize] += 1;
    }
    counts
}

/// The later cohorts of a spec with `groups.stagger` (分批开群): the groups numbered `n` in
/// their matrix combination start (n−1) × `days` after `lifecycle.start`, so groups of one
/// number share a start and one compiled schedule.
#[derive(Debug, Clone)]
pub struct Stagger {
    /// Days between two cohorts' starts.
    pub(crate) days: i64,
    /// The schedules of cohorts 2, 3, … (cohort 1's is the spec's first schedule).
    pub(crate) later: Vec<Schedule>,
}

/// Plans every dated step over the term (or horizon) of the groups starting on
/// `lifecycle.start`, and of each later cohort when the spec staggers its groups.
pub(crate) fn schedules(spec: &Spec, index: &SpanIndex) -> Result<(Schedule, Option<Stagger>), Diagnostic> {
    let first = schedule(spec, index, spec.lifecycle.start)?;
    let (Some(stagger), Some(start)) = (&spec.groups.stagger, spec.lifecycle.start) else { return Ok((first, None)) };
    let days = stagger.days_ceil() as i64;
    let cohorts = i64::from(spec.groups.count);
    // The whole community's span: the last cohort's start plus its planned days.
    let span = (cohorts - 1).saturating_mul(days).saturating_add(first.last_day);
    if span > MAX_PLAN_DAYS {
        let found = Found::StaggerTooLong { days, cohorts, span };
        return Err(Diagnostic::of(value_span(index, "/groups/stagger"), &found));
    }
    let mut later = Vec::with_capacity(cohorts as usize - 1);
    let mut tasks = first.tasks.len();
    for k in 1..cohorts {
        let s = schedule(spec, index, start.add_days(k * days))?;
        tasks += s.tasks.len();
        if tasks > MAX_COHORT_TASKS {
            return Err(Diagnostic::of(value_span(index, "/groups/stagger"), &Found::TooManyCohortTasks));
        }
        later.push(s);
    }
    Ok((first, Some(Stagger { days, later })))
}

/// Plans every dated step over the term (or horizon) of groups starting on `start`. Steps
/// whose trigger is malformed are skipped: `validate` reports them.
fn schedule(spec: &Spec, index: &SpanIndex, start: Option<Date>) -> Result<Schedule, Diagnostic> {
    let lc = &spec.lifecycle;
    let (last_day, finite) = match lc.term.days() {
        Some(d) => (d as i64, true),
        None => (lc.horizon.as_ref().map_or(DEFAULT_HORIZON_DAYS, |h| h.days_ceil() as i64), false),
    };
    if last_day > MAX_PLAN_DAYS {
        let field = if finite { "/lifecycle/term" } else { "/lifecycle/horizon" };
        let span = index.lookup(field).map_or(0..0, |n| n.value.clone());
        return Err(Diagnostic::of(span, &Found::TooManyDays { days: last_day }));
    }
    if let Some(start) = start {
        past_last_date(spec, index, start, last_day, finite)?;
    }
    let mut s = Schedule { last_day, finite, start, tasks: Vec::new(), outside: Vec::new() };
    for (i, step) in spec.content.sop.iter().enumerate() {
        let t = &step.when;
        let Some(at) = t.at() else { continue };
        if let (Trigger::Every { every, on, .. }, Some((from, to))) = (t, repeat_days(spec, i, last_day)) {
            let edge = if from < 1 {
                Some((from, Edge::RepeatsFrom))
            } else if finite && to > last_day {
                Some((to, Edge::RepeatsUntil))
            } else {
                (finite && from > last_day).then_some((from, Edge::RepeatsFrom))
            };
            if let Some((day, edge)) = edge {
                s.outside.push(Outside { step: i, day, edge });
            }
            for day in from.max(1)..=to.min(last_day) {
                if runs_on(every, *on, s.date(day)) {
                    s.tasks.push(Task { step: i, day, at });
                }
            }
        } else if let Some(day) = single_day(spec, i, last_day, start) {
            if day < 1 || (finite && day > last_day) {
                s.outside.push(Outside { step: i, day, edge: Edge::Falls });
            } else if day <= last_day {
                s.tasks.push(Task { step: i, day, at });
            }
        }
        if s.tasks.len() > MAX_DATED_TASKS {
            let span = index.lookup(&format!("/content/sop/{i}/when")).map_or(0..0, |n| n.value.clone());
            return Err(Diagnostic::of(span, &Found::TooManyTasks));
        }
    }
    s.tasks.sort_by_key(|t| (t.day, t.at, t.step));
    Ok(s)
}

/// Refuses a plan that names a date after [`Date::LAST`]: its last day, or the end of a phase
/// (the plan gives each phase's dates, even past the term). No year 10000 can be written.
fn past_last_date(spec: &Spec, index: &SpanIndex, start: Date, last_day: i64, finite: bool) -> Result<(), Diagnostic> {
    let term = if finite { "/lifecycle/term" } else { "/lifecycle/horizon" };
    let phases = spec.lifecycle.phases.iter().enumerate();
    let (days, field) = phases
        .map(|(i, p)| (i64::from(p.to_day), format!("/lifecycle/phases/{i}/to_day")))
        .fold((last_day, term.to_string()), |a, b| if b.0 > a.0 { b } else { a });
    if start.add_days(days - 1).is_some() {
        return Ok(());
    }
    // At most 36,500 days are planned (the bound on a phase's days), so this is a date.
    let latest = Date::LAST.add_days(1 - days).unwrap_or(Date::LAST);
    // A horizon left out is the default: point at the term, which says `ongoing`.
    let related = index.lookup(&field).or_else(|| index.lookup("/lifecycle/term")).map_or(0..0, |n| n.value.clone());
    let found = Found::PastLastDate { days, start, latest };
    Err(Diagnostic::of(value_span(index, "/lifecycle/start"), &found)
        .with_related(related, tr!("the days planned", "规划的天数")))
}

/// The days a repeating step may run on before its rhythm picks among them: its phase's days
/// (or days 1 to `last_day`), narrowed by `from_day` and `to_day` counted within them. None for
/// the other forms, and for an unknown phase (`validate` reports it).
pub(crate) fn repeat_days(spec: &Spec, step: usize, last_day: i64) -> Option<(i64, i64)> {
    let Trigger::Every { from_day, to_day, phase, .. } = &spec.content.sop.get(step)?.when else { return None };
    let (first, last) = match phase {
        Some(_) => spec.step_phase(step).map(|p| (i64::from(p.from_day), i64::from(p.to_day)))?,
        None => (1, last_day),
    };
    let from = first + i64::from(from_day.unwrap_or(1)) - 1;
    let to = to_day.map_or(last, |t| first + i64::from(t) - 1);
    Some((from, to))
}

/// Day number of SOP step `step` for groups starting on `start`, when its trigger is dated
/// and does not repeat.
pub(crate) fn single_day(spec: &Spec, step: usize, last_day: i64, start: Option<Date>) -> Option<i64> {
    match &spec.content.sop.get(step)?.when {
        Trigger::Day { day, .. } => Some(i64::from(*day)),
        Trigger::Phase { day, .. } => Some(i64::from(spec.step_phase(step)?.from_day) + i64::from(*day) - 1),
        Trigger::BeforeEnd { before_end, .. } => Some(last_day - before_end.days_ceil() as i64),
        Trigger::Date { date, .. } => Some(date.to_days() - start?.to_days() + 1),
        Trigger::Every { .. } | Trigger::AfterJoin { .. } => None,
    }
}

/// Whether a repeat runs on `date`: by its day of the month for `every: month`, else by its
/// weekday. Without a start date only `every: day` can be placed; `validate` asks for `start`.
fn runs_on(every: &Every, on: Option<MonthDay>, date: Option<Date>) -> bool {
    match (every, date) {
        (Every::One(EveryKind::Month), Some(d)) => on.is_some_and(|on| on.matches(d)),
        (every, Some(d)) => every.matches(d.weekday()),
        (every, None) => matches!(every, Every::One(EveryKind::Day)),
    }
}

/// The trigger in Chinese, as group members and operators read it: "每天 08:30",
/// "第3天 20:00", "每周一、周四 20:00", "每月1日 09:00", "每月最后一天 20:00",
/// "打卡期每天 07:00", "结束前1天 20:00", "入群后10分钟".
pub(crate) fn describe_when(spec: &Spec, step: usize) -> String {
    let Some(t) = spec.content.sop.get(step).map(|s| &s.when) else { return String::new() };
    let at = t.at().map(|a| format!(" {a}")).unwrap_or_default();
    match t {
        Trigger::AfterJoin { after_join } => format!("入群后{}", duration_zh(after_join.minutes)),
        Trigger::Every { every, on, from_day, to_day, phase, .. } => {
            let days = match (every, on) {
                (Every::One(EveryKind::Day), _) => "每天".to_string(),
                (Every::One(EveryKind::Weekday), _) => "每个工作日".to_string(),
                (Every::One(EveryKind::Weekend), _) => "每个周末".to_string(),
                (Every::One(EveryKind::Month), Some(MonthDay::Day(d))) => format!("每月{d}日"),
                (Every::One(EveryKind::Month), _) => "每月最后一天".to_string(),
                (Every::One(k), _) => format!("每{}", k.label()),
                (Every::Days(ds), _) => format!("每{}", ds.iter().map(|d| d.label()).collect::<Vec<_>>().join("、")),
            };
            // A phase-scoped repeat counts its days within the phase: "打卡期每天 07:00（第2–5天）".
            let (scope, first) = match (phase, spec.step_phase(step)) {
                (Some(_), Some(p)) => (phase_name(p.name.as_deref(), p.id.as_str()), p.from_day),
                (Some(id), None) => (id.to_string(), 1),
                (None, _) => (String::new(), 1),
            };
            // Dates read better than day numbers wherever the start is known and shared.
            let start = spec.lifecycle.start.filter(|_| spec.groups.stagger.is_none());
            let day = |n: i32| match start.and_then(|s| s.add_days(i64::from(first) + i64::from(n) - 2)) {
                Some(d) => format!("{}月{}日", d.month, d.day),
                None => format!("第{n}天"),
            };
            let range = match (from_day, to_day) {
                (Some(a), Some(b)) => format!("（{}–{}）", day(*a), day(*b)),
                (Some(a), None) => format!("（{}起）", day(*a)),
                (None, Some(b)) => format!("（至{}）", day(*b)),
                (None, None) => String::new(),
            };
            format!("{scope}{days}{at}{range}")
        }
        Trigger::Phase { phase, day, .. } => {
            let name = spec
                .step_phase(step)
                .map_or_else(|| phase.to_string(), |p| phase_name(p.name.as_deref(), p.id.as_str()));
            format!("{name}第{day}天{at}")
        }
        Trigger::Day { day, .. } => format!("第{day}天{at}"),
        Trigger::BeforeEnd { before_end, .. } => match before_end.days_ceil() {
            0 => format!("最后一天{at}"),
            days => format!("结束前{days}天{at}"),
        },
        Trigger::Date { date, .. } => format!("{}月{}日{at}", date.month, date.day),
    }
}

/// A phase's display name: its `name`, else the craft's Chinese name for the five known ids.
pub(crate) fn phase_name(name: Option<&str>, id: &str) -> String {
    if let Some(n) = name {
        return n.to_string();
    }
    match id {
        "acquisition" => "获客期",
        "activation" => "激活期",
        "retention" => "留存期",
        "monetization" => "变现期",
        "referral" => "传播期",
        other => other,
    }
    .to_string()
}

/// A duration in Chinese: 10分钟, 2小时, 3天.
pub(crate) fn duration_zh(minutes: u64) -> String {
    match minutes {
        m if m % 1440 == 0 && m > 0 => format!("{}天", m / 1440),
        m if m % 60 == 0 && m > 0 => format!("{}小时", m / 60),
        m => format!("{m}分钟"),
    }
}

/// Weekday name in Chinese for a date.
pub(crate) fn weekday_zh(d: Date) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][usize::from(d.weekday())]
}

/// The span of a node's value, for diagnostics.
pub(crate) fn value_span(index: &SpanIndex, ptr: &str) -> Range<usize> {
    index.lookup(ptr).map_or(0..0, |n| n.value.clone())
}

/// What the composed group announcement (群公告) is made of, in Chinese, ready for the
/// `announcement.txt.j2` template.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct AnnouncementParts {
    pub(crate) slogan: Option<String>,
    /// The service term in words, e.g. "2027-03-01 至 2027-03-21，共21天".
    pub(crate) term: String,
    /// (category, items): 内容权益, 社交权益, 服务权益.
    pub(crate) rights: Vec<(String, Vec<String>)>,
    /// One line per gate, e.g. "付费入群：¥99（开营前可全额退款）".
    pub(crate) gates: Vec<String>,
    /// The nickname format, if any.
    pub(crate) nickname: Option<String>,
    /// One line per conduct rule, with what it forbids and its penalties.
    pub(crate) conduct: Vec<String>,
    /// The group-facing schedule: one line per `group`/`announcement` step, in plan order.
    pub(crate) highlights: Vec<String>,
}

/// Composes the announcement's parts from the spec and its schedule.
pub(crate) fn announcement_parts(spec: &Spec, schedule: &Schedule) -> AnnouncementParts {
    use crate::spec::{Channel, Gate, Inviter, Verify};
    let rights =
        [("内容权益", &spec.rights.content), ("社交权益", &spec.rights.social), ("服务权益", &spec.rights.service)]
            .into_iter()
            .filter(|(_, items)| !items.is_empty())
            .map(|(label, items)| (label.to_string(), items.clone()))
            .collect();
    let gates = spec
        .gates
        .iter()
        .enumerate()
        .map(|(i, g)| match g {
            Gate::Price { amount, currency, refund } => {
                let money = match currency.as_deref() {
                    None | Some("CNY") => format!("¥{}", money_text(*amount)),
                    Some(c) => format!("{} {c}", money_text(*amount)),
                };
                let refund = refund.as_ref().map(|r| format!("（{r}）")).unwrap_or_default();
                format!("付费入群：{money}{refund}")
            }
            Gate::Identity { requirement, verify } => {
                let verify = match verify {
                    Some(Verify::Manual) => "，由管理员人工审核".to_string(),
                    Some(v) => format!("，凭{}核验", v.label()),
                    None => String::new(),
                };
                format!("身份要求：{requirement}{verify}")
            }
            Gate::Action { action, proof } => {
                let proof = proof.as_ref().map(|p| format!("，并提供{p}")).unwrap_or_default();
                format!("入群动作：{action}{proof}")
            }
            Gate::Invite { by: Inviter::Member } => "邀请制：由群成员邀请入群".to_string(),
            Gate::Invite { by: Inviter::Role(id) } => {
                format!("邀请制：由{}邀请入群", gates::inviter_title(spec, i, id))
            }
            Gate::Referral { referrers } => format!("推荐制：需{referrers}位群成员推荐"),
        })
        .collect();
    let conduct = spec
        .rules
        .conduct
        .iter()
        .map(|c| {
            let forbid = if c.forbid.is_empty() {
                String::new()
            } else {
                format!("（{}）", c.forbid.iter().map(|f| f.label()).collect::<Vec<_>>().join("、"))
            };
            let penalty = if c.penalty.is_empty() {
                String::new()
            } else {
                format!("，违者{}", c.penalty.iter().map(|p| p.label()).collect::<Vec<_>>().join(" → "))
            };
            format!("{}{forbid}{penalty}", c.title)
        })
        .collect();
    let mut seen = Vec::new();
    let highlights = schedule
        .tasks
        .iter()
        .filter(|t| matches!(spec.content.sop[t.step].channel, Channel::Group | Channel::Announcement))
        .filter(|t| {
            let new = !seen.contains(&t.step);
            seen.push(t.step);
            new
        })
        .map(|t| {
            let step = &spec.content.sop[t.step];
            // Members read dates better than day numbers; repeating steps keep their rhythm.
            let when = match schedule.date(t.day) {
                Some(d) if !matches!(step.when, Trigger::Every { .. }) => {
                    format!("{}月{}日（{}）{}", d.month, d.day, weekday_zh(d), t.at)
                }
                _ => describe_when(spec, t.step),
            };
            format!("{when}　{}", step.title)
        })
        .collect();
    let term = match (schedule.finite, schedule.start, schedule.date(schedule.last_day)) {
        (true, Some(start), Some(end)) => format!("{start} 至 {end}，共{}天", schedule.last_day),
        (true, _, _) => format!("共{}天", schedule.last_day),
        (false, Some(start), _) => format!("{start} 起，长期运营"),
        (false, None, _) => "长期运营".to_string(),
    };
    AnnouncementParts {
        slogan: spec.community.slogan.clone(),
        term,
        rights,
        gates,
        nickname: spec.rules.nickname.clone(),
        conduct,
        highlights,
    }
}

/// Money without a needless `.0`: 99, 9.9, 1999.5.
pub(crate) fn money_text(amount: f64) -> String {
    if amount.fract() == 0.0 && amount.abs() < 1e15 { format!("{}", amount as i64) } else { format!("{amount}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_in_weeks_of_the_term() {
        // Week 1 = days 1–7; a 10-day plan has a short second week; days outside are ignored.
        assert_eq!(per_week([1, 7, 8, 10, 11, 0, -3].into_iter(), 10), [2, 2]);
        assert_eq!(per_week(std::iter::empty(), 14), [0, 0]);
        assert!(per_week([1].into_iter(), 0).is_empty());
    }

    /// The base spec (tests/data/base.yaml) starting on `start` for `term`, with `phases`
    /// (`checkin` = days 3–7 unless given) and its first step's `when` replaced.
    fn spec_with(start: &str, term: &str, when: &str) -> crate::load::Loaded {
        let text = spec_text(start, term, when);
        crate::load::load(&text).unwrap_or_else(|e| panic!("{when}: {e:?}"))
    }

    /// The text of [`spec_with`].
    fn spec_text(start: &str, term: &str, when: &str) -> String {
        include_str!("../../tests/data/base.yaml")
            .replacen(
                "  start: 2027-03-01\n  term: 14d",
                &format!("  start: {start}\n  term: {term}\n  phases: [{{ id: checkin, name: 打卡期, from_day: 3, to_day: 7 }}]"),
                1,
            )
            .replacen("when: {day: 1, at: \"09:00\"}", &format!("when: {{{when}}}"), 1)
    }

    /// The dates the first step runs on.
    fn dates(start: &str, term: &str, when: &str) -> Vec<String> {
        let loaded = spec_with(start, term, when);
        assert!(crate::validate::validate(&loaded.spec, &loaded.index).is_empty(), "{when}");
        let (s, _) = schedules(&loaded.spec, &loaded.index).expect("schedule");
        s.tasks.iter().filter(|t| t.step == 0).filter_map(|t| s.date(t.day)).map(|d| d.to_string()).collect()
    }

    #[test]
    fn a_month_day_past_the_months_end_falls_on_its_last_day() {
        // 2027-01-01 + 151 days = to 2027-05-31: months of 31, 28, 31, 30 and 31 days.
        let on_31 = dates("2027-01-01", "151d", "every: month, on: 31, at: \"09:00\"");
        assert_eq!(on_31, ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]);
        let on_1 = dates("2027-01-01", "151d", "every: month, on: 1, at: \"09:00\"");
        assert_eq!(on_1, ["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01", "2027-05-01"]);
        let on_15 = dates("2027-01-20", "40d", "every: 每月, on: 15, at: \"09:00\"");
        assert_eq!(on_15, ["2027-02-15"]);
    }

    #[test]
    fn the_last_day_of_february_follows_leap_years() {
        // 41 days from 20 January reach 29 February in a leap year, 1 March in others.
        let last = |start| dates(start, "41d", "every: month, on: last, at: \"20:00\"");
        assert_eq!(last("2027-01-20"), ["2027-01-31", "2027-02-28"]);
        assert_eq!(last("2028-01-20"), ["2028-01-31", "2028-02-29"]);
        // Divisible by 100 but not by 400: not a leap year; by 400: a leap year.
        assert_eq!(last("2100-01-20"), ["2100-01-31", "2100-02-28"]);
        assert_eq!(last("2400-01-20"), ["2400-01-31", "2400-02-29"]);
        let chinese = dates("2028-01-20", "41d", "every: month, on: 最后一天, at: \"20:00\"");
        assert_eq!(chinese, ["2028-01-31", "2028-02-29"]);
        // A 29th and a 30th both fall on 29 February in a leap year, on the 28th in others.
        assert_eq!(dates("2028-02-01", "29d", "every: month, on: 30, at: \"12:00\""), ["2028-02-29"]);
        assert_eq!(dates("2027-02-01", "28d", "every: month, on: 29, at: \"12:00\""), ["2027-02-28"]);
    }

    #[test]
    fn from_day_and_to_day_narrow_a_monthly_repeat() {
        // Days 2–62 from 2027-03-01: 2 March to 1 May; the 1st of March is day 1, left out.
        let narrowed = dates("2027-03-01", "90d", "every: month, on: 1, at: \"09:00\", from_day: 2, to_day: 62");
        assert_eq!(narrowed, ["2027-04-01", "2027-05-01"]);
        let until = dates("2027-03-01", "90d", "every: month, on: 1, at: \"09:00\", to_day: 61");
        assert_eq!(until, ["2027-03-01", "2027-04-01"]);
    }

    #[test]
    fn a_phase_scoped_repeat_runs_on_the_phases_days_only() {
        // `checkin` is days 3–7: 2027-03-03 (Wednesday) to 2027-03-07 (Sunday).
        let daily = dates("2027-03-01", "14d", "phase: checkin, every: day, at: \"07:00\"");
        assert_eq!(daily, ["2027-03-03", "2027-03-04", "2027-03-05", "2027-03-06", "2027-03-07"]);
        // `from_day` and `to_day` count within the phase: its days 2–3.
        let within = dates("2027-03-01", "14d", "phase: checkin, every: day, at: \"07:00\", from_day: 2, to_day: 3");
        assert_eq!(within, ["2027-03-04", "2027-03-05"]);
        let weekend = dates("2027-03-01", "14d", "phase: checkin, every: weekend, at: \"07:00\"");
        assert_eq!(weekend, ["2027-03-06", "2027-03-07"]);
        let listed = dates("2027-03-01", "14d", "phase: checkin, every: [mon, thu], at: \"07:00\"");
        assert_eq!(listed, ["2027-03-04"]);
        // A month day inside the phase, and one that is not.
        assert_eq!(dates("2027-03-01", "14d", "phase: checkin, every: month, on: 5, at: \"07:00\""), ["2027-03-05"]);
        assert!(dates("2027-03-01", "14d", "phase: checkin, every: month, on: 1, at: \"07:00\"").is_empty());
    }

    /// Each cohort's (start, [(day, date)] of the first step) of the base spec with three
    /// groups staggered by `stagger`.
    fn cohorts(start: &str, term: &str, when: &str, stagger: &str) -> Vec<(String, Vec<(i64, String)>)> {
        let text =
            spec_text(start, term, when).replacen("  count: 2\n", &format!("  count: 3\n  stagger: {stagger}\n"), 1);
        let loaded = crate::load::load(&text).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(crate::validate::validate(&loaded.spec, &loaded.index).is_empty(), "{when}");
        let (first, stagger) = schedules(&loaded.spec, &loaded.index).expect("schedules");
        let stagger = stagger.expect("staggered");
        std::iter::once(&first)
            .chain(&stagger.later)
            .map(|s| {
                let days = s.tasks.iter().filter(|t| t.step == 0);
                let dated = days.map(|t| (t.day, s.date(t.day).map(|d| d.to_string()).unwrap_or_default())).collect();
                (s.start.map(|d| d.to_string()).unwrap_or_default(), dated)
            })
            .collect()
    }

    #[test]
    fn cohort_n_starts_n_minus_one_staggers_after_the_start() {
        let starts: Vec<String> =
            cohorts("2027-03-01", "14d", "day: 1, at: \"09:00\"", "7d").into_iter().map(|(s, _)| s).collect();
        assert_eq!(starts, ["2027-03-01", "2027-03-08", "2027-03-15"]);
        // A week in Chinese is seven days.
        let weeks: Vec<String> =
            cohorts("2027-03-01", "14d", "day: 1, at: \"09:00\"", "1周").into_iter().map(|(s, _)| s).collect();
        assert_eq!(weeks, starts);
    }

    #[test]
    fn a_monday_repeat_lands_on_other_day_numbers_three_days_later() {
        // 2027-03-01 is a Monday: cohorts start on Monday, Thursday and Sunday.
        let got = cohorts("2027-03-01", "10d", "every: mon, at: \"20:00\"", "3d");
        let want = |days: &[(i64, &str)]| days.iter().map(|(d, s)| (*d, s.to_string())).collect::<Vec<_>>();
        assert_eq!(got[0].1, want(&[(1, "2027-03-01"), (8, "2027-03-08")]));
        assert_eq!(got[1].1, want(&[(5, "2027-03-08")]));
        assert_eq!(got[2].1, want(&[(2, "2027-03-08"), (9, "2027-03-15")]));
    }

    #[test]
    fn each_cohort_has_its_own_last_day_of_the_month() {
        // 20 days from 2027-01-20, 02-09 and 03-01: January's, February's and no last day.
        let got = cohorts("2027-01-20", "20d", "every: month, on: last, at: \"20:00\"", "20d");
        let dates: Vec<Vec<&str>> = got.iter().map(|(_, d)| d.iter().map(|(_, s)| s.as_str()).collect()).collect();
        assert_eq!(dates, [vec!["2027-01-31"], vec!["2027-02-28"], vec![]]);
        let got = cohorts("2027-01-20", "40d", "every: month, on: last, at: \"20:00\"", "20d");
        let dates: Vec<Vec<(i64, &str)>> =
            got.iter().map(|(_, d)| d.iter().map(|(n, s)| (*n, s.as_str())).collect()).collect();
        assert_eq!(
            dates,
            [vec![(12, "2027-01-31"), (40, "2027-02-28")], vec![(20, "2027-02-28")], vec![(31, "2027-03-31")]]
        );
    }

    #[test]
    fn a_cohorts_phases_fall_on_its_own_dates() {
        // `checkin` is days 3–7 of each group: 5 days after 2027-03-01, then 2027-03-06.
        let got = cohorts("2027-03-01", "14d", "phase: checkin, every: day, at: \"07:00\", to_day: 2", "5d");
        let firsts: Vec<&str> = got.iter().map(|(_, d)| d[0].1.as_str()).collect();
        assert_eq!(firsts, ["2027-03-03", "2027-03-08", "2027-03-13"]);
        assert!(got.iter().all(|(_, d)| d.iter().map(|(n, _)| *n).eq([3, 4])), "{got:?}");
    }

    #[test]
    fn the_rhythms_read_in_chinese() {
        let said = |when: &str| {
            let loaded = spec_with("2027-03-01", "60d", when);
            describe_when(&loaded.spec, 0)
        };
        assert_eq!(said("every: month, on: 1, at: \"09:00\""), "每月1日 09:00");
        assert_eq!(said("every: month, on: last, at: \"20:00\""), "每月最后一天 20:00");
        assert_eq!(said("phase: checkin, every: day, at: \"07:00\""), "打卡期每天 07:00");
        assert_eq!(said("phase: checkin, every: day, at: \"07:00\", from_day: 2"), "打卡期每天 07:00（3月4日起）");
        assert_eq!(said("phase: checkin, every: month, on: 5, at: \"07:00\""), "打卡期每月5日 07:00");
        // Staggered cohorts have dates of their own: the label that every group shares counts days.
        let text = spec_text("2027-03-01", "60d", "phase: checkin, every: day, at: \"07:00\", from_day: 2").replacen(
            "  count: 2\n",
            "  count: 2\n  stagger: 7d\n",
            1,
        );
        let loaded = crate::load::load(&text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(describe_when(&loaded.spec, 0), "打卡期每天 07:00（第2天起）");
    }
}
