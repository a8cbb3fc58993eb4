//! Lifecycle (生命周期): an end plan, a short flash, notice before the end, steps in the term.

use super::Ctx;
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{END_NOTICE_DAYS, FLASH_MAX_DAYS};
use crate::spec::{Channel, CommunityType, OnEnd, Term, Trigger};

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
    /// Step `step` has `day` outside days 1–`last_day`.
    SopOutsideTerm {
        step: &'a str,
        day: i64,
        last_day: i64,
        how: Outside,
    },
}

/// How a group ends that members must be told of.
enum End {
    Dissolve,
    Transform,
}

/// Which day of a step lies outside the term.
enum Outside {
    /// The day it falls on.
    Falls,
    /// The first day it repeats on (`from_day`).
    RepeatsFrom,
    /// The last day it repeats on (`to_day`).
    RepeatsUntil,
}

impl Message for Found<'_> {
    fn rule(&self) -> Rule {
        match self {
            Found::NoEndPlan { .. } => Rule::NoEndPlan,
            Found::TransformWithoutTarget => Rule::TransformWithoutTarget,
            Found::FlashTooLong { .. } => Rule::FlashTooLong,
            Found::NoEndNotice { .. } => Rule::NoEndNotice,
            Found::SopOutsideTerm { .. } => Rule::SopOutsideTerm,
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
            Found::SopOutsideTerm { step, day, last_day, how } => Said {
                message: match (how, *day < 1) {
                    (Outside::Falls, true) => tr!(
                        "step `{step}` falls on day {day}, before day 1, so it never runs",
                        "步骤 `{step}` 落在第 {day} 天，早于第 1 天，永远不会执行"
                    ),
                    (Outside::Falls, false) => tr!(
                        "step `{step}` falls on day {day}, after the last day ({last_day}), so it never runs",
                        "步骤 `{step}` 落在第 {day} 天，晚于最后一天（第 {last_day} 天），永远不会执行"
                    ),
                    (Outside::RepeatsFrom, true) => tr!(
                        "step `{step}` repeats from day {day}, before day 1",
                        "步骤 `{step}` 从第 {day} 天开始重复，早于第 1 天"
                    ),
                    (Outside::RepeatsFrom, false) => tr!(
                        "step `{step}` repeats from day {day}, after the last day ({last_day})",
                        "步骤 `{step}` 从第 {day} 天开始重复，晚于最后一天（第 {last_day} 天）"
                    ),
                    (Outside::RepeatsUntil, true) => tr!(
                        "step `{step}` repeats until day {day}, before day 1",
                        "步骤 `{step}` 重复到第 {day} 天，早于第 1 天"
                    ),
                    (Outside::RepeatsUntil, false) => tr!(
                        "step `{step}` repeats until day {day}, after the last day ({last_day})",
                        "步骤 `{step}` 重复到第 {day} 天，晚于最后一天（第 {last_day} 天）"
                    ),
                },
                label: tr!("outside the term", "在服务期限之外"),
                help: match how {
                    Outside::Falls => tr!(
                        "move it within days 1–{last_day} of the term, or change the term",
                        "把它移到服务期限的第 1–{last_day} 天之内，或修改服务期限"
                    ),
                    Outside::RepeatsFrom | Outside::RepeatsUntil => tr!(
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
        let how = match step.when {
            Trigger::Every { to_day, .. } if to_day.map(i64::from) == Some(day) => Outside::RepeatsUntil,
            Trigger::Every { .. } => Outside::RepeatsFrom,
            _ => Outside::Falls,
        };
        let found = Found::SopOutsideTerm { step: step.id.as_str(), day, last_day: sched.last_day, how };
        out.push(Diagnostic::of(cx.value(&format!("/content/sop/{i}/when")), &found));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

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
