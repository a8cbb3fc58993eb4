//! Tags, channel codes and KPIs (标签、渠道活码、数据指标).

use super::{Ctx, finding};
use crate::diagnostics::{Diagnostic, Rule};
use crate::limits::{CHANNEL_STATE_MAX_CHARS, TAG_NAME_MAX_CHARS};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    for (i, ch) in spec.admission.channels.iter().enumerate() {
        if ch.tag.is_none() {
            out.push(finding(
                Rule::ChannelWithoutTag,
                cx.value(&format!("/admission/channels/{i}/id")),
                format!("channel `{}` does not tag its newcomers", ch.id),
                "no `tag`",
                "add `tag: 组/标签` naming a tag declared under `tags`, e.g. `来源/海报`",
            ));
        }
        let chars = ch.id.as_str().chars().count();
        if chars > CHANNEL_STATE_MAX_CHARS {
            out.push(finding(
                Rule::ChannelIdTooLong,
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
                    Rule::TagNameTooLong,
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
                Rule::KpiOutOfRange,
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
                Rule::KpiInconsistent,
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
