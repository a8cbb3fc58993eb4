//! Lifecycle (生命周期): an end plan, a short flash, notice before the end (and a renewal
//! reminder), steps in the term, steps that run at all.

use std::collections::BTreeSet;

use super::Ctx;
use crate::compile::{Edge, repeat_days, single_day};
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{END_NOTICE_DAYS, FLASH_MAX_DAYS, RENEWAL_NOTICE_DAYS};
use crate::spec::{Channel, CommunityType, OnEnd, Purpose, Term, Trigger};

/// What the lifecycle rules find.
enum Found<'a> {
    NoEndPlan {
        term: &'a Term,
    },
    TransformWithoutTarget,
    FlashTooLong {
        term: &'a Term,
    },
    NoEndNotice {
        end: End,
        last_day: i64,
    },
    /// `on_end: renew` with no renewal reminder before the end.
    NoRenewalNotice {
        last_day: i64,
    },
    /// Step `step` has `day` outside days 1–`last_day`.
    SopOutsideTerm {
        step: &'a str,
        day: i64,
        last_day: i64,
        how: Edge,
    },
    /// Step `step` has no day in the plan, for a reason `sop-outside-term` does not report.
    StepNeverRuns {
        step: &'a str,
        why: NeverRuns,
    },
}

/// Why a dated step has no day in the plan.
enum NeverRuns {
    /// It falls on (or repeats from) `day`, after the last planned day of an ongoing community.
    PastHorizon { day: i64, last_day: i64 },
    /// None of days `from`–`to` is a day it repeats on.
    NoDayMatches { from: i64, to: i64 },
    /// It runs in some cohorts of a staggered spec, but on no day of these (numbered from 1).
    SomeCohorts { missing: String, cohorts: usize },
}

/// How a group ends that members must be told of.
enum End {
    Dissolve,
    Transform,
}

impl Message for Found<'_> {
    fn rule(&self) -> Rule {
        match self {
            Found::NoEndPlan { .. } => Rule::NoEndPlan,
            Found::TransformWithoutTarget => Rule::TransformWithoutTarget,
            Found::FlashTooLong { .. } => Rule::FlashTooLong,
            Found::NoEndNotice { .. } => Rule::NoEndNotice,
            Found::NoRenewalNotice { .. } => Rule::NoRenewalNotice,
            Found::SopOutsideTerm { .. } => Rule::SopOutsideTerm,
            Found::StepNeverRuns { .. } => Rule::StepNeverRuns,
        }
    }

    fn said(&self) -> Said {
        match self {
            Found::NoEndPlan { term } => Said {
                message: tr!(
                    "the term is `{term}` but nothing says what happens at its end",
                    "服务期限是 `{term}`，但没有说明到期后怎么办"
                ),
                label: tr!("finite term without `on_end`", "有期限但没有 `on_end`"),
                help: tr!(
                    "add `on_end: dissolve`, `transform` (with `transform_into`) or `renew`",
                    "添加 `on_end: dissolve`（解散）、`transform`（转型，需同时写 `transform_into`）或 `renew`（续期）"
                ),
            },
            Found::TransformWithoutTarget => Said {
                message: tr!(
                    "`on_end: transform` does not say what the community becomes",
                    "`on_end: transform` 没有说明社群要转型成什么"
                ),
                label: tr!("transform into what?", "转型成什么？"),
                help: tr!(
                    "add `transform_into:`, e.g. `四年级数学预习群`",
                    "添加 `transform_into:`，例如 `四年级数学预习群`"
                ),
            },
            Found::FlashTooLong { term } => Said {
                message: tr!(
                    "a flash group runs `{term}`, longer than {FLASH_MAX_DAYS} days",
                    "快闪群的服务期限是 `{term}`，超过了 {FLASH_MAX_DAYS} 天"
                ),
                label: tr!("too long for a flash group", "对快闪群来说太长"),
                help: tr!(
                    "shorten the term to {FLASH_MAX_DAYS} days or less, or choose another community type",
                    "把服务期限缩短到 {FLASH_MAX_DAYS} 天以内，或换一种社群类型"
                ),
            },
            Found::NoEndNotice { end, last_day } => Said {
                message: match end {
                    End::Dissolve => tr!(
                        "the group is dissolved after day {last_day} with no notice in its last {END_NOTICE_DAYS} days",
                        "群在第 {last_day} 天后解散，但最后 {END_NOTICE_DAYS} 天没有任何通知"
                    ),
                    End::Transform => tr!(
                        "the group is transformed after day {last_day} with no notice in its last {END_NOTICE_DAYS} days",
                        "群在第 {last_day} 天后转型，但最后 {END_NOTICE_DAYS} 天没有任何通知"
                    ),
                },
                label: tr!("members are not told", "成员不会收到通知"),
                help: tr!(
                    "add a `group` or `announcement` step with `when: {{ before_end: 1d, at: \"20:00\" }}`",
                    "添加一个 `group` 或 `announcement` 步骤，设置 `when: {{ before_end: 1d, at: \"20:00\" }}`"
                ),
            },
            Found::NoRenewalNotice { last_day } => Said {
                message: tr!(
                    "the term renews after day {last_day}, but no step reminds members to renew before it ends",
                    "服务期限在第 {last_day} 天后续期，但结束前没有任何步骤提醒成员续费"
                ),
                label: tr!("members are not asked to renew", "没有提醒成员续费"),
                help: tr!(
                    "add a step with `when: {{ before_end: 7d, at: \"20:00\" }}`, or a `purpose: conversion` step in the last {RENEWAL_NOTICE_DAYS} days",
                    "添加一个 `when: {{ before_end: 7d, at: \"20:00\" }}` 的步骤，或在最后 {RENEWAL_NOTICE_DAYS} 天安排一个 `purpose: conversion` 的步骤"
                ),
            },
            Found::StepNeverRuns { step, why: NeverRuns::PastHorizon { day, last_day } } => Said {
                message: tr!(
                    "step `{step}` starts on day {day}, after the last planned day ({last_day}), so it is in no plan",
                    "步骤 `{step}` 从第 {day} 天开始，晚于规划的最后一天（第 {last_day} 天），不会出现在任何计划里"
                ),
                label: tr!("past the horizon", "超出规划范围"),
                help: tr!(
                    "move it within days 1–{last_day}, or lengthen `lifecycle.horizon`",
                    "把它移到第 1–{last_day} 天之内，或延长 `lifecycle.horizon`"
                ),
            },
            Found::StepNeverRuns { step, why: NeverRuns::SomeCohorts { missing, cohorts } } => Said {
                message: tr!(
                    "step `{step}` runs on no day of cohort {missing} (of {cohorts}): their groups never get it",
                    "步骤 `{step}` 在第 {missing} 批（共 {cohorts} 批）的日子里一次也不执行，这些群永远收不到"
                ),
                label: tr!("missing in some cohorts", "部分批次没有"),
                help: tr!(
                    "place it by the group's own days (`day`, `phase`, `before_end`) instead of calendar dates, or widen its range",
                    "按各群自己的天数安排（`day`、`phase`、`before_end`），不要用日历日期，或放宽它的范围"
                ),
            },
            Found::StepNeverRuns { step, why: NeverRuns::NoDayMatches { from, to } } => Said {
                message: tr!(
                    "step `{step}` repeats on none of days {from}–{to}, so it never runs",
                    "步骤 `{step}` 在第 {from}–{to} 天里一次也不重复，永远不会执行"
                ),
                label: tr!("no day of its range matches", "范围内没有一天符合"),
                help: tr!(
                    "widen `from_day`/`to_day` or the phase, or repeat on days that occur in them (`every`, `on`)",
                    "放宽 `from_day`/`to_day` 或阶段的天数，或改为在这些天里会出现的日子重复（`every`、`on`）"
                ),
            },
            Found::SopOutsideTerm { step, day, last_day, how } => Said {
                message: match (how, *day < 1) {
                    (Edge::Falls, true) => tr!(
                        "step `{step}` falls on day {day}, before day 1, so it never runs",
                        "步骤 `{step}` 落在第 {day} 天，早于第 1 天，永远不会执行"
                    ),
                    (Edge::Falls, false) => tr!(
                        "step `{step}` falls on day {day}, after the last day ({last_day}), so it never runs",
                        "步骤 `{step}` 落在第 {day} 天，晚于最后一天（第 {last_day} 天），永远不会执行"
                    ),
                    (Edge::RepeatsFrom, true) => tr!(
                        "step `{step}` repeats from day {day}, before day 1",
                        "步骤 `{step}` 从第 {day} 天开始重复，早于第 1 天"
                    ),
                    (Edge::RepeatsFrom, false) => tr!(
                        "step `{step}` repeats from day {day}, after the last day ({last_day})",
                        "步骤 `{step}` 从第 {day} 天开始重复，晚于最后一天（第 {last_day} 天）"
                    ),
                    (Edge::RepeatsUntil, true) => tr!(
                        "step `{step}` repeats until day {day}, before day 1",
                        "步骤 `{step}` 重复到第 {day} 天，早于第 1 天"
                    ),
                    (Edge::RepeatsUntil, false) => tr!(
                        "step `{step}` repeats until day {day}, after the last day ({last_day})",
                        "步骤 `{step}` 重复到第 {day} 天，晚于最后一天（第 {last_day} 天）"
                    ),
                },
                label: tr!("outside the term", "在服务期限之外"),
                help: match how {
                    Edge::Falls => tr!(
                        "move it within days 1–{last_day} of the term, or change the term",
                        "把它移到服务期限的第 1–{last_day} 天之内，或修改服务期限"
                    ),
                    Edge::RepeatsFrom | Edge::RepeatsUntil => tr!(
                        "keep `from_day` and `to_day` within days 1–{last_day}, or change the term",
                        "让 `from_day` 和 `to_day` 保持在第 1–{last_day} 天之内，或修改服务期限"
                    ),
                },
            },
        }
    }
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let lc = &cx.spec.lifecycle;
    if let Term::Fixed(_) = lc.term {
        if lc.on_end.is_none() {
            out.push(Diagnostic::of(cx.value("/lifecycle/term"), &Found::NoEndPlan { term: &lc.term }));
        }
    }
    if lc.on_end == Some(OnEnd::Transform) && lc.transform_into.as_deref().is_none_or(|t| t.trim().is_empty()) {
        out.push(Diagnostic::of(cx.value("/lifecycle/on_end"), &Found::TransformWithoutTarget));
    }
    if cx.spec.community.kind == CommunityType::Flash && lc.term.days().is_none_or(|d| d > FLASH_MAX_DAYS) {
        out.push(Diagnostic::of(cx.value("/lifecycle/term"), &Found::FlashTooLong { term: &lc.term }));
    }
    let sched = &cx.analysis.schedule;
    let end = match lc.on_end {
        Some(OnEnd::Dissolve) => Some(End::Dissolve),
        Some(OnEnd::Transform) => Some(End::Transform),
        Some(OnEnd::Renew) | None => None,
    };
    if let Some(end) = end.filter(|_| sched.finite) {
        let first_notice_day = sched.last_day - END_NOTICE_DAYS + 1;
        let noticed = sched.tasks.iter().any(|t| {
            t.day >= first_notice_day
                && matches!(cx.spec.content.sop[t.step].channel, Channel::Group | Channel::Announcement)
        });
        if !noticed {
            let found = Found::NoEndNotice { end, last_day: sched.last_day };
            out.push(Diagnostic::of(cx.value("/lifecycle/on_end"), &found));
        }
    }
    // An empty SOP is `no-sop`'s to report.
    if lc.on_end == Some(OnEnd::Renew) && sched.finite && !cx.spec.content.sop.is_empty() {
        // A reminder is a step placed by the end (`before_end`), or a sale in the last days.
        let first_day = sched.last_day - RENEWAL_NOTICE_DAYS + 1;
        let reminded = sched.tasks.iter().any(|t| {
            let step = &cx.spec.content.sop[t.step];
            matches!(step.when, Trigger::BeforeEnd { .. })
                || (t.day >= first_day && step.purpose == Some(Purpose::Conversion))
        });
        if !reminded {
            let found = Found::NoRenewalNotice { last_day: sched.last_day };
            out.push(Diagnostic::of(cx.value("/lifecycle/on_end"), &found));
        }
    }
    // Steps some cohort runs: one that falls outside the first cohort's term may fall inside a
    // later one's (a `date`), so it is not reported; nor once per cohort.
    let scheduled: BTreeSet<usize> = cx.analysis.cohorts().flat_map(|s| &s.tasks).map(|t| t.step).collect();
    let mut reported = Vec::new();
    for o in &sched.outside {
        if reported.contains(&o.step) || (o.edge == Edge::Falls && scheduled.contains(&o.step)) {
            continue;
        }
        reported.push(o.step);
        let step = cx.spec.content.sop[o.step].id.as_str();
        let found = Found::SopOutsideTerm { step, day: o.day, last_day: sched.last_day, how: o.edge };
        out.push(Diagnostic::of(cx.value(&format!("/content/sop/{}/when", o.step)), &found));
    }
    // Every other dated step with no day in the plan: never dropped silently.
    let cohorts: Vec<&crate::compile::Schedule> = cx.analysis.cohorts().collect();
    for (i, step) in cx.spec.content.sop.iter().enumerate() {
        if step.when.at().is_none() || reported.contains(&i) {
            continue;
        }
        if scheduled.contains(&i) {
            // Run by some cohort: the others, if any, lose it.
            let missing: Vec<String> = (1..=cohorts.len())
                .filter(|&c| !cohorts[c - 1].tasks.iter().any(|t| t.step == i))
                .map(|c| c.to_string())
                .collect();
            if !missing.is_empty() {
                let why = NeverRuns::SomeCohorts { missing: missing.join(", "), cohorts: cohorts.len() };
                let found = Found::StepNeverRuns { step: step.id.as_str(), why };
                out.push(Diagnostic::of(cx.value(&format!("/content/sop/{i}/when")), &found));
            }
            continue;
        }
        let why = match (repeat_days(cx.spec, i, sched.last_day), single_day(cx.spec, i, sched.last_day, sched.start)) {
            (Some((from, _)), _) | (None, Some(from)) if from > sched.last_day => {
                NeverRuns::PastHorizon { day: from, last_day: sched.last_day }
            }
            (Some((from, to)), _) => NeverRuns::NoDayMatches { from, to: to.min(sched.last_day) },
            _ => continue,
        };
        let found = Found::StepNeverRuns { step: step.id.as_str(), why };
        out.push(Diagnostic::of(cx.value(&format!("/content/sop/{i}/when")), &found));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// The base spec (tests/data/base.yaml: 14 days from Monday 2027-03-01, a `checkin` phase
    /// of days 3–7 added) with `from` replaced by `to`: each finding's rule, line and column,
    /// and the text at its span.
    fn found(from: &str, to: &str) -> Vec<(&'static str, usize, usize, String)> {
        let base = include_str!("../../tests/data/base.yaml").replacen(
            "  on_end: dissolve",
            "  on_end: dissolve\n  phases: [{ id: checkin, from_day: 3, to_day: 7 }]",
            1,
        );
        assert!(base.contains(from), "{from}");
        let text = base.replacen(from, to, 1);
        let outcome = crate::check::check(&text, &crate::check::Options::default());
        let at = |d: &Diagnostic| crate::diagnostics::line_col(&text, d.span.start);
        outcome
            .diagnostics
            .iter()
            .map(|d| (d.rule.name(), at(d).0, at(d).1, text[d.span.clone()].to_string()))
            .collect()
    }

    const HELLO: &str = "when: {day: 1, at: \"09:00\"}";

    #[test]
    fn a_step_that_never_gets_a_day_is_reported_at_its_when() {
        let never = |when: &str| found(HELLO, &format!("when: {{{when}}}"));
        let at = |when: &str| vec![("step-never-runs", 49, 13, format!("{{{when}}}"))];
        // A monthly step whose day the 14 days (1–14 March) do not reach.
        let monthly = "every: month, on: 20, at: \"09:00\"";
        assert_eq!(never(monthly), at(monthly));
        // A phase-scoped repeat whose weekday the phase (Wednesday to Sunday) has not.
        let monday = "phase: checkin, every: mon, at: \"09:00\"";
        assert_eq!(never(monday), at(monday));
        // A weekday repeat over days that are all weekend days (6–7 March).
        let weekend = "every: weekday, from_day: 6, to_day: 7, at: \"09:00\"";
        assert_eq!(never(weekend), at(weekend));
        // What runs on some day is not reported.
        assert_eq!(never("phase: checkin, every: sun, at: \"09:00\""), []);
        assert_eq!(never("every: month, on: 14, at: \"09:00\""), []);
    }

    #[test]
    fn a_step_that_runs_in_some_cohort_is_not_reported_and_one_that_runs_in_none_is_reported_once() {
        // Two cohorts 10 days apart: 1–14 March and 11–24 March.
        let staggered = |when: &str| {
            let hello = format!("when: {{{when}}}");
            let base = include_str!("../../tests/data/base.yaml")
                .replacen("  count: 2\n", "  count: 2\n  stagger: 10d\n", 1)
                .replacen(HELLO, &hello, 1);
            let outcome = crate::check::check(&base, &crate::check::Options::default());
            outcome.diagnostics.iter().map(|d| (d.rule.name(), base[d.span.clone()].to_string())).collect::<Vec<_>>()
        };
        // The 20th and a date past the first cohort's end fall in the second cohort's days
        // only: the first cohort's groups never get them, and that is said once.
        let second_only = "every: month, on: 20, at: \"09:00\"";
        assert_eq!(staggered(second_only), [("step-never-runs", format!("{{{second_only}}}"))]);
        let date = "date: 2027-03-20, at: \"09:00\"";
        assert_eq!(staggered(date), [("step-never-runs", format!("{{{date}}}"))]);
        // The 12th is in both cohorts' days (12 March in the first; 12 March in the second).
        assert_eq!(staggered("every: month, on: 12, at: \"09:00\""), []);
        // The 28th falls in neither: said once, not once per cohort or group.
        let never = "every: month, on: 28, at: \"09:00\"";
        assert_eq!(staggered(never), [("step-never-runs", format!("{{{never}}}"))]);
    }

    #[test]
    fn a_step_past_the_horizon_of_an_ongoing_community_is_reported() {
        let ongoing = |when: &str| {
            let lifecycle = "  term: ongoing\n  horizon: 14d";
            let base =
                include_str!("../../tests/data/base.yaml").replacen("  term: 14d\n  on_end: dissolve", lifecycle, 1);
            let base = base.replacen(HELLO, &format!("when: {{{when}}}"), 1);
            // `before_end` needs an end: the farewell goes.
            let base = base.replacen("{before_end: 1d, at: \"10:00\"}", "{day: 2, at: \"10:00\"}", 1);
            let outcome = crate::check::check(&base, &crate::check::Options::default());
            outcome.diagnostics.iter().map(|d| (d.rule.name(), base[d.span.clone()].to_string())).collect::<Vec<_>>()
        };
        let day = "day: 30, at: \"09:00\"";
        assert_eq!(ongoing(day), [("step-never-runs", format!("{{{day}}}"))]);
        let repeat = "every: day, from_day: 20, at: \"09:00\"";
        assert_eq!(ongoing(repeat), [("step-never-runs", format!("{{{repeat}}}"))]);
        assert_eq!(ongoing("day: 14, at: \"09:00\""), []);
    }

    #[test]
    fn a_step_past_a_finite_term_stays_sop_outside_term_alone() {
        let rules = found(HELLO, "when: {day: 30, at: \"09:00\"}");
        assert_eq!(rules.iter().map(|f| f.0).collect::<Vec<_>>(), ["sop-outside-term"]);
    }

    #[test]
    fn repeats_that_do_not_fit_their_form_are_located_errors() {
        let rules =
            |when: &str| found(HELLO, &format!("when: {{{when}}}")).into_iter().map(|f| (f.0, f.3)).collect::<Vec<_>>();
        assert_eq!(rules("every: month, at: \"09:00\""), [("missing-field", "month".to_string())]);
        assert_eq!(rules("every: day, on: 3, at: \"09:00\""), [("invalid-value", "3".to_string())]);
        assert_eq!(rules("phase: chekin, every: day, at: \"09:00\""), [("unknown-reference", "chekin".to_string())]);
        // Month days are found on the calendar: no start, no month days.
        let text = include_str!("../../tests/data/base.yaml").replacen("  start: 2027-03-01\n", "", 1);
        let text = text.replacen(HELLO, "when: {every: month, on: 1, at: \"09:00\"}", 1);
        let d = crate::check::check(&text, &crate::check::Options::default()).diagnostics;
        let said: Vec<_> =
            d.iter().map(|d| (d.rule.name(), d.message.en().to_string(), &text[d.span.clone()])).collect();
        let message = "repeating on a day of the month needs `lifecycle.start`".to_string();
        assert_eq!(said, [("missing-field", message, "month")]);
        // The phase has 5 days: its day 6 does not exist.
        assert_eq!(rules("phase: checkin, every: day, to_day: 6, at: \"09:00\""), [("invalid-value", "6".to_string())]);
    }

    #[test]
    fn a_renewing_term_wants_a_reminder_before_it_ends() {
        let renew = |from: &str, to: &str| {
            let text = include_str!("../../tests/data/base.yaml").replacen("on_end: dissolve", "on_end: renew", 1);
            let text = text.replacen(from, to, 1);
            let outcome = crate::check::check(&text, &crate::check::Options::default());
            outcome.diagnostics.iter().map(|d| d.rule.name()).collect::<Vec<_>>()
        };
        // The base's `before_end` step is a reminder by its form.
        assert_eq!(renew("", ""), Vec::<&str>::new());
        // A farewell on the last day by its day number is not, unless it sells.
        let last_day = "{day: 14, at: \"10:00\"}";
        assert_eq!(renew("{before_end: 1d, at: \"10:00\"}", last_day), ["no-renewal-notice"]);
        let selling = format!("{last_day}\n      purpose: conversion");
        assert_eq!(renew("{before_end: 1d, at: \"10:00\"}", &selling), Vec::<&str>::new());
        // A sale a week and a day before the end is too early to count.
        let early = "{day: 7, at: \"10:00\"}\n      purpose: conversion";
        assert_eq!(renew("{before_end: 1d, at: \"10:00\"}", early), ["no-renewal-notice"]);
    }

    #[test]
    fn the_end_notice_help_quotes_the_trigger_with_its_braces() {
        // The help quotes a YAML flow mapping, whose braces the format strings must escape.
        let said = Found::NoEndNotice { end: End::Transform, last_day: 14 }.said();
        assert_eq!(said.message.get(Lang::Zh), "群在第 14 天后转型，但最后 3 天没有任何通知");
        let trigger = "`when: { before_end: 1d, at: \"20:00\" }`";
        assert_eq!(said.help.en(), format!("add a `group` or `announcement` step with {trigger}"));
        assert_eq!(said.help.get(Lang::Zh), format!("添加一个 `group` 或 `announcement` 步骤，设置 {trigger}"));
    }
}
