//! Tags, channel codes and KPIs (标签、渠道活码、数据指标).

use super::{Ctx, declare_rule, finding};
use crate::diagnostics::Diagnostic;
use crate::limits::{CHANNEL_STATE_MAX_CHARS, TAG_NAME_MAX_CHARS};

declare_rule! {
    /// ## What it does
    /// Denies a KPI rate target outside 0–100%: `join_rate`, `leave_rate`, `interaction_rate`,
    /// `retention_rate` or `conversion_rate`. A bare number is read as a fraction (`0.2` = 20%).
    ///
    /// ## Why is this bad?
    /// The target is impossible, usually a typo: `">= 20"` meant `">= 20%"`.
    ///
    /// ## Example
    /// ```yaml
    /// kpis: { interaction_rate: ">= 20" }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// kpis: { interaction_rate: ">= 20%" }
    /// ```
    pub(crate) KPI_OUT_OF_RANGE = "kpi-out-of-range", Deny, "a rate target outside 0–100%",
}

declare_rule! {
    /// ## What it does
    /// Warns when the `interaction_rate` target disagrees with `groups.active_target ÷
    /// groups.capacity` by more than half of the latter.
    ///
    /// ## Why is this bad?
    /// Interaction rate is daily speakers ÷ members: the same plan as the active target. When
    /// the two disagree, the team will measure against one and staff for the other.
    ///
    /// ## Example
    /// ```yaml
    /// groups: { capacity: 200, active_target: 40 }   # 20%
    /// kpis: { interaction_rate: ">= 50%" }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// kpis: { interaction_rate: ">= 20%" }
    /// ```
    pub(crate) KPI_INCONSISTENT = "kpi-inconsistent", Warn, "`interaction_rate` contradicts `active_target ÷ capacity`",
}

declare_rule! {
    /// ## What it does
    /// Warns when an admission channel has no `tag`.
    ///
    /// ## Why is this bad?
    /// Channel live codes (渠道活码) exist to tag each newcomer with their source, so the join
    /// rate of each channel can be measured and members segmented.
    ///
    /// ## Example
    /// ```yaml
    /// admission:
    ///   channels: [{ id: poster-0301, name: 海报 }]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// tags: [{ group: 来源, tags: [海报] }]
    /// admission:
    ///   channels: [{ id: poster-0301, name: 海报, tag: 来源/海报 }]
    /// ```
    pub(crate) CHANNEL_WITHOUT_TAG = "channel-without-tag", Warn, "an admission channel with no `tag`",
}

declare_rule! {
    /// ## What it does
    /// Denies a tag group name or tag name longer than 30 characters.
    ///
    /// ## Why is this bad?
    /// WeCom corp tag group names and tag names take at most 30 characters (https://developer.work.weixin.qq.com/document/path/92117).
    ///
    /// ## Example
    /// ```yaml
    /// tags: [{ group: 年级, tags: [三年级上学期期中数学考试成绩在九十分以上并坚持打卡的学生家长们] }]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// tags: [{ group: 年级, tags: [三年级, 数学90+] }]
    /// ```
    pub(crate) TAG_NAME_TOO_LONG = "tag-name-too-long", Deny, "a tag group name or tag name over 30 characters",
}

declare_rule! {
    /// ## What it does
    /// Denies an admission channel `id` longer than 30 characters.
    ///
    /// ## Why is this bad?
    /// The channel id becomes the join code's `state`, which takes at most 30 characters
    /// (https://developer.work.weixin.qq.com/document/path/92229); the platform rejects a longer one.
    ///
    /// ## Example
    /// ```yaml
    ///   channels: [{ id: spring-2027-offline-parent-meeting-poster, tag: 来源/家长会 }]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///   channels: [{ id: spring27-meeting, tag: 来源/家长会 }]
    /// ```
    pub(crate) CHANNEL_ID_TOO_LONG = "channel-id-too-long", Deny, "an admission channel id over 30 characters",
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    for (i, ch) in spec.admission.channels.iter().enumerate() {
        if ch.tag.is_none() {
            out.push(finding(
                &CHANNEL_WITHOUT_TAG,
                cx.value(&format!("/admission/channels/{i}/id")),
                format!("channel `{}` does not tag its newcomers", ch.id),
                "no `tag`",
                "add `tag: 组/标签` naming a tag declared under `tags`, e.g. `来源/海报`",
            ));
        }
        let chars = ch.id.as_str().chars().count();
        if chars > CHANNEL_STATE_MAX_CHARS {
            out.push(finding(
                &CHANNEL_ID_TOO_LONG,
                cx.value(&format!("/admission/channels/{i}/id")),
                format!("channel id `{}` has {chars} characters, more than {CHANNEL_STATE_MAX_CHARS}", ch.id),
                "too long for the join code's `state`",
                format!("shorten the id to at most {CHANNEL_STATE_MAX_CHARS} characters"),
            ));
        }
    }
    for (g, group) in spec.tags.iter().enumerate() {
        let names = std::iter::once((format!("/tags/{g}/group"), &group.group, "tag group name"))
            .chain(group.tags.iter().enumerate().map(|(t, tag)| (format!("/tags/{g}/tags/{t}"), tag, "tag name")));
        for (ptr, name, what) in names {
            let chars = name.chars().count();
            if chars > TAG_NAME_MAX_CHARS {
                out.push(finding(
                    &TAG_NAME_TOO_LONG,
                    cx.value(&ptr),
                    format!("{what} `{name}` has {chars} characters, more than {TAG_NAME_MAX_CHARS}"),
                    "too long for a WeCom tag",
                    format!("shorten it to at most {TAG_NAME_MAX_CHARS} characters"),
                ));
            }
        }
    }
    for (metric, target) in spec.kpis.targets() {
        let f = target.fraction();
        if metric.rate && !(0.0..=1.0).contains(&f) {
            let hint = if !target.percent && f > 1.0 && f <= 100.0 {
                format!("write `{} {}%` for a percentage", target.cmp.symbol(), target.value)
            } else {
                "a rate lies between 0% and 100%".to_string()
            };
            out.push(finding(
                &KPI_OUT_OF_RANGE,
                cx.value(&format!("/kpis/{}", metric.key)),
                format!("{} target `{target}` is outside 0–100%", metric.key),
                "impossible rate",
                hint,
            ));
        }
    }
    let g = &spec.groups;
    if let (Some(t), Some(active)) = (&spec.kpis.interaction_rate, g.active_target) {
        let planned = f64::from(active) / f64::from(g.capacity.max(1));
        if (t.fraction() - planned).abs() > planned / 2.0 && (0.0..=1.0).contains(&t.fraction()) {
            out.push(finding(
                &KPI_INCONSISTENT,
                cx.value("/kpis/interaction_rate"),
                format!(
                    "interaction_rate `{t}` disagrees with active_target {active} ÷ capacity {} = {:.0}%",
                    g.capacity,
                    planned * 100.0
                ),
                "contradicts the group plan",
                format!(
                    "make them agree: an interaction_rate near {:.0}%, or a different `active_target`",
                    planned * 100.0
                ),
            ));
        }
    }
}
