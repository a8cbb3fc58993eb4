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
use crate::limits::{DEFAULT_HORIZON_DAYS, GROUP_KEY_VALUES_MAX_BYTES, MAX_DATED_TASKS, MAX_GROUPS, MAX_PLAN_DAYS};
use crate::spec::{Date, Every, EveryKind, MatrixValue, Spec, TimeOfDay, Trigger};
use crate::yaml::SpanIndex;

/// What planning refuses.
enum Found {
    /// More groups than commspec expands; None past 2^64.
    TooManyGroups { total: Option<u64> },
    /// More days than commspec plans.
    TooManyDays { days: i64 },
    /// More dated tasks per group than commspec plans.
    TooManyTasks,
    /// A plan whose last date is past the last date calendars hold.
    PastLastDate { days: i64, start: Date, latest: Date },
    /// Groups `first` and `second` (1-based) have one key, ignoring case.
    SameKey { first: usize, first_key: String, second: usize, key: String },
}

impl Message for Found {
    fn rule(&self) -> Rule {
        match self {
            Found::TooManyGroups { .. } | Found::TooManyDays { .. } | Found::TooManyTasks => Rule::InputLimit,
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

/// Plans every dated step over the term (or horizon). Steps whose trigger is malformed are
/// skipped: `validate` reports them.
pub(crate) fn schedule(spec: &Spec, index: &SpanIndex) -> Result<Schedule, Diagnostic> {
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
    if let Some(start) = lc.start {
        past_last_date(spec, index, start, last_day, finite)?;
    }
    let mut s = Schedule { last_day, finite, start: lc.start, tasks: Vec::new(), outside: Vec::new() };
    for (i, step) in spec.content.sop.iter().enumerate() {
        let t = &step.when;
        let Some(at) = t.at() else { continue };
        if let Trigger::Every { every, from_day, to_day, .. } = t {
            let from = i64::from(from_day.unwrap_or(1));
            let to = to_day.map_or(last_day, i64::from);
            if from < 1 {
                s.outside.push(Outside { step: i, day: from });
            } else if finite && to > last_day {
                s.outside.push(Outside { step: i, day: to });
            }
            for day in from.max(1)..=to.min(last_day) {
                if every_matches(every, s.date(day)) {
                    s.tasks.push(Task { step: i, day, at });
                }
            }
        } else if let Some(day) = single_day(spec, i, last_day) {
            if day < 1 || (finite && day > last_day) {
                s.outside.push(Outside { step: i, day });
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

/// Day number of SOP step `step`, when its trigger is dated and does not repeat.
fn single_day(spec: &Spec, step: usize, last_day: i64) -> Option<i64> {
    match &spec.content.sop.get(step)?.when {
        Trigger::Day { day, .. } => Some(i64::from(*day)),
        Trigger::Phase { day, .. } => Some(i64::from(spec.step_phase(step)?.from_day) + i64::from(*day) - 1),
        Trigger::BeforeEnd { before_end, .. } => Some(last_day - before_end.days_ceil() as i64),
        Trigger::Date { date, .. } => Some(date.to_days() - spec.lifecycle.start?.to_days() + 1),
        Trigger::Every { .. } | Trigger::AfterJoin { .. } => None,
    }
}

/// Without a start date only `every: day` can be placed; `validate` asks for `start`.
fn every_matches(every: &Every, date: Option<Date>) -> bool {
    match date {
        Some(d) => every.matches(d.weekday()),
        None => matches!(every, Every::One(EveryKind::Day)),
    }
}

/// The trigger in Chinese, as group members and operators read it: "每天 08:30",
/// "第3天 20:00", "每周一、周四 20:00", "结束前1天 20:00", "入群后10分钟".
pub(crate) fn describe_when(spec: &Spec, step: usize) -> String {
    let Some(t) = spec.content.sop.get(step).map(|s| &s.when) else { return String::new() };
    let at = t.at().map(|a| format!(" {a}")).unwrap_or_default();
    match t {
        Trigger::AfterJoin { after_join } => format!("入群后{}", duration_zh(after_join.minutes)),
        Trigger::Every { every, from_day, to_day, .. } => {
            let days = match every {
                Every::One(EveryKind::Day) => "每天".to_string(),
                Every::One(EveryKind::Weekday) => "每个工作日".to_string(),
                Every::One(EveryKind::Weekend) => "每个周末".to_string(),
                Every::One(k) => format!("每{}", k.label()),
                Every::Days(ds) => format!("每{}", ds.iter().map(|d| d.label()).collect::<Vec<_>>().join("、")),
            };
            // Dates read better than day numbers wherever the start is known.
            let day = |n: i32| match spec.lifecycle.start.and_then(|s| s.add_days(i64::from(n) - 1)) {
                Some(d) => format!("{}月{}日", d.month, d.day),
                None => format!("第{n}天"),
            };
            let range = match (from_day, to_day) {
                (Some(a), Some(b)) => format!("（{}–{}）", day(*a), day(*b)),
                (Some(a), None) => format!("（{}起）", day(*a)),
                (None, Some(b)) => format!("（至{}）", day(*b)),
                (None, None) => String::new(),
            };
            format!("{days}{at}{range}")
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
