//! Lifecycle (生命周期): an end plan, a short flash, notice before the end, steps in the term.

use super::{Ctx, finding};
use crate::diagnostics::{Diagnostic, Rule};
use crate::limits::{END_NOTICE_DAYS, FLASH_MAX_DAYS};
use crate::spec::{Channel, CommunityType, OnEnd, Term, Trigger};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let lc = &cx.spec.lifecycle;
    if let Term::Fixed(_) = lc.term {
        if lc.on_end.is_none() {
            out.push(finding(
                Rule::NoEndPlan,
                cx.value("/lifecycle/term"),
                format!("the term is `{}` but nothing says what happens at its end", lc.term),
                "finite term without `on_end`",
                "add `on_end: dissolve`, `transform` (with `transform_into`) or `renew`",
            ));
        }
    }
    if lc.on_end == Some(OnEnd::Transform) && lc.transform_into.as_deref().is_none_or(|t| t.trim().is_empty()) {
        out.push(finding(
            Rule::TransformWithoutTarget,
            cx.value("/lifecycle/on_end"),
            "`on_end: transform` does not say what the community becomes",
            "transform into what?",
            "add `transform_into:`, e.g. `四年级数学预习群`",
        ));
    }
    if cx.spec.community.kind == CommunityType::Flash && lc.term.days().is_none_or(|d| d > FLASH_MAX_DAYS) {
        out.push(finding(
            Rule::FlashTooLong,
            cx.value("/lifecycle/term"),
            format!("a flash group runs `{}`, longer than {FLASH_MAX_DAYS} days", lc.term),
            "too long for a flash group",
            format!("shorten the term to {FLASH_MAX_DAYS} days or less, or choose another community type"),
        ));
    }
    let sched = &cx.analysis.schedule;
    if sched.finite && matches!(lc.on_end, Some(OnEnd::Dissolve | OnEnd::Transform)) {
        let first_notice_day = sched.last_day - END_NOTICE_DAYS + 1;
        let noticed = sched.tasks.iter().any(|t| {
            t.day >= first_notice_day
                && matches!(cx.spec.content.sop[t.step].channel, Channel::Group | Channel::Announcement)
        });
        if !noticed {
            let verb = if lc.on_end == Some(OnEnd::Dissolve) { "dissolved" } else { "transformed" };
            out.push(finding(
                Rule::NoEndNotice,
                cx.value("/lifecycle/on_end"),
                format!(
                    "the group is {verb} after day {} with no notice in its last {END_NOTICE_DAYS} days",
                    sched.last_day
                ),
                "members are not told",
                "add a `group` or `announcement` step with `when: { before_end: 1d, at: \"20:00\" }`",
            ));
        }
    }
    // An `every` step that starts after the last day of a finite term never runs either,
    // though the schedule has no day of it to list.
    let mut outside: Vec<(usize, i64)> = sched.outside.iter().map(|o| (o.step, o.day)).collect();
    for (i, step) in cx.spec.content.sop.iter().enumerate() {
        if let Trigger::Every { from_day: Some(from), .. } = step.when {
            let from = i64::from(from);
            if sched.finite && from > sched.last_day {
                outside.push((i, from));
            }
        }
    }
    let mut reported = Vec::new();
    for (i, day) in outside {
        if reported.contains(&i) {
            continue;
        }
        reported.push(i);
        let step = &cx.spec.content.sop[i];
        let place = if day < 1 {
            format!("day {day}, before day 1")
        } else {
            format!("day {day}, after the last day ({})", sched.last_day)
        };
        let (what, help) = if let Trigger::Every { to_day, .. } = step.when {
            let from_or_to = if to_day.map(i64::from) == Some(day) { "until" } else { "from" };
            (
                format!("step `{}` repeats {from_or_to} {place}", step.id),
                format!("keep `from_day` and `to_day` within days 1–{}, or change the term", sched.last_day),
            )
        } else {
            (
                format!("step `{}` falls on {place}, so it never runs", step.id),
                format!("move it within days 1–{} of the term, or change the term", sched.last_day),
            )
        };
        out.push(finding(
            Rule::SopOutsideTerm,
            cx.value(&format!("/content/sop/{i}/when")),
            what,
            "outside the term",
            help,
        ));
    }
}
