//! Tags, channel codes and KPIs (标签、渠道活码、数据指标).

use super::{Ctx, active_share};
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{CHANNEL_STATE_MAX_CHARS, TAG_NAME_MAX_CHARS};
use crate::spec::{Measure, Metric, Period, Target};

/// What the tag, channel and KPI rules find.
enum Found<'a> {
    ChannelWithoutTag {
        channel: &'a str,
    },
    ChannelIdTooLong {
        channel: &'a str,
        chars: usize,
    },
    TagNameTooLong {
        kind: TagName,
        name: &'a str,
        chars: usize,
    },
    /// A `metric` whose target lies outside what its formula allows.
    KpiOutOfRange {
        metric: &'static Metric,
        target: &'a Target,
    },
    /// An `interaction_rate` target far from `active_target ÷ capacity`.
    KpiInconsistent {
        target: &'a Target,
        active: u32,
        capacity: u32,
    },
}

/// Which name of a tag declaration.
enum TagName {
    Group,
    Tag,
}

impl Message for Found<'_> {
    fn rule(&self) -> Rule {
        match self {
            Found::ChannelWithoutTag { .. } => Rule::ChannelWithoutTag,
            Found::ChannelIdTooLong { .. } => Rule::ChannelIdTooLong,
            Found::TagNameTooLong { .. } => Rule::TagNameTooLong,
            Found::KpiOutOfRange { .. } => Rule::KpiOutOfRange,
            Found::KpiInconsistent { .. } => Rule::KpiInconsistent,
        }
    }

    fn said(&self) -> Said {
        match self {
            Found::ChannelWithoutTag { channel } => Said {
                message: tr!("channel `{channel}` does not tag its newcomers", "渠道 `{channel}` 没有给新成员打标签"),
                label: tr!("no `tag`", "没有 `tag`"),
                help: tr!(
                    "add `tag: 组/标签` naming a tag declared under `tags`, e.g. `来源/海报`",
                    "添加 `tag: 组/标签`，指向 `tags` 下声明的标签，例如 `来源/海报`"
                ),
            },
            Found::ChannelIdTooLong { channel, chars } => Said {
                message: tr!(
                    "channel id `{channel}` has {chars} characters, more than {CHANNEL_STATE_MAX_CHARS}",
                    "渠道 id `{channel}` 有 {chars} 个字符，超过了 {CHANNEL_STATE_MAX_CHARS} 个"
                ),
                label: tr!("too long for the join code's `state`", "超出渠道活码 `state` 参数的长度上限"),
                help: tr!(
                    "shorten the id to at most {CHANNEL_STATE_MAX_CHARS} characters",
                    "把 id 缩短到 {CHANNEL_STATE_MAX_CHARS} 个字符以内"
                ),
            },
            Found::TagNameTooLong { kind, name, chars } => Said {
                message: match kind {
                    TagName::Group => tr!(
                        "tag group name `{name}` has {chars} characters, more than {TAG_NAME_MAX_CHARS}",
                        "标签组名 `{name}` 有 {chars} 个字符，超过了 {TAG_NAME_MAX_CHARS} 个"
                    ),
                    TagName::Tag => tr!(
                        "tag name `{name}` has {chars} characters, more than {TAG_NAME_MAX_CHARS}",
                        "标签名 `{name}` 有 {chars} 个字符，超过了 {TAG_NAME_MAX_CHARS} 个"
                    ),
                },
                label: tr!("too long for a WeCom tag", "超出企业微信标签的长度上限"),
                help: tr!(
                    "shorten it to at most {TAG_NAME_MAX_CHARS} characters",
                    "缩短到 {TAG_NAME_MAX_CHARS} 个字符以内"
                ),
            },
            Found::KpiOutOfRange { metric, target } => {
                let f = target.fraction();
                let (cmp, value, key, formula) = (target.cmp.symbol(), target.value, metric.key, metric.definition);
                match metric.measure.bounds() {
                    (_, Some(_)) => Said {
                        message: tr!(
                            "{key} target `{target}` is outside 0–100%",
                            "{key} 的目标 `{target}` 超出了 0–100%"
                        ),
                        label: tr!("impossible rate", "不可能达到的比率"),
                        help: if !target.percent && f > 1.0 && f <= 100.0 {
                            tr!("write `{cmp} {value}%` for a percentage", "百分比请写成 `{cmp} {value}%`")
                        } else {
                            tr!("a rate lies between 0% and 100%", "比率应在 0% 到 100% 之间")
                        },
                    },
                    (_, None) => {
                        let least = if metric.measure == Measure::NetRatio { "-100%" } else { "0" };
                        Said {
                            message: tr!(
                                "{key} target `{target}` is below {least}, the least {key} can be",
                                "{key} 的目标 `{target}` 低于 {least}，而 {formula} 不会低于 {least}"
                            ),
                            label: tr!("impossible value", "不可能达到的取值"),
                            help: tr!("write a target of {least} or more", "把目标写成不低于 {least} 的值"),
                        }
                    }
                }
            }
            Found::KpiInconsistent { target, active, capacity } => {
                let planned = active_share(*active, *capacity) * 100.0;
                Said {
                    message: tr!(
                        "interaction_rate `{target}` disagrees with active_target {active} ÷ capacity {capacity} = {planned:.0}%",
                        "interaction_rate `{target}` 与 active_target {active} ÷ capacity {capacity} = {planned:.0}% 不一致"
                    ),
                    label: tr!("contradicts the group plan", "与群的规划矛盾"),
                    help: tr!(
                        "make them agree: an interaction_rate near {planned:.0}%, or a different `active_target`",
                        "让两者一致：把 interaction_rate 定在 {planned:.0}% 左右，或调整 `active_target`"
                    ),
                }
            }
        }
    }
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    for (i, ch) in spec.admission.channels.iter().enumerate() {
        let channel = ch.id.as_str();
        if ch.tag.is_none() {
            let found = Found::ChannelWithoutTag { channel };
            out.push(Diagnostic::of(cx.value(&format!("/admission/channels/{i}/id")), &found));
        }
        let chars = channel.chars().count();
        if chars > CHANNEL_STATE_MAX_CHARS {
            let found = Found::ChannelIdTooLong { channel, chars };
            out.push(Diagnostic::of(cx.value(&format!("/admission/channels/{i}/id")), &found));
        }
    }
    for (g, group) in spec.tags.iter().enumerate() {
        let names = std::iter::once((format!("/tags/{g}/group"), &group.group, TagName::Group))
            .chain(group.tags.iter().enumerate().map(|(t, tag)| (format!("/tags/{g}/tags/{t}"), tag, TagName::Tag)));
        for (ptr, name, kind) in names {
            let chars = name.chars().count();
            if chars > TAG_NAME_MAX_CHARS {
                out.push(Diagnostic::of(cx.value(&ptr), &Found::TagNameTooLong { kind, name, chars }));
            }
        }
    }
    for (metric, kpi) in spec.kpis.targets() {
        let (target, at) = (kpi.target(), format!("/kpis/{}", metric.key));
        if !metric.allows(target.fraction()) {
            out.push(Diagnostic::of(cx.value(&kpi.target_pointer(&at)), &Found::KpiOutOfRange { metric, target }));
        }
    }
    // `active_target` is a daily count for the whole term: only a daily rate for the whole
    // term can contradict it.
    let g = &spec.groups;
    let daily = spec.kpis.interaction_rate.as_ref().filter(|k| k.period().is_none_or(|p| p == Period::Day));
    if let (Some(kpi), Some(active)) = (daily.filter(|k| k.phase().is_none()), g.active_target) {
        let (target, planned) = (kpi.target(), active_share(active, g.capacity));
        if (target.fraction() - planned).abs() > planned / 2.0 && (0.0..=1.0).contains(&target.fraction()) {
            let found = Found::KpiInconsistent { target, active, capacity: g.capacity };
            out.push(Diagnostic::of(cx.value(&kpi.target_pointer("/kpis/interaction_rate")), &found));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Options, check};
    use crate::i18n::Lang;

    #[test]
    fn a_name_holding_a_backtick_is_reported_in_chinese_too() {
        // The sentence catalogue this replaced matched a name in backticks only when it held
        // none, so this message stayed English under `--lang zh`.
        let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
        let name = format!("a`b{}", "c".repeat(30));
        let tags = format!("tags:\n  - group: 来源\n    tags: [\"{name}\"]\nadmission:");
        let diagnostics = check(&base.replacen("admission:", &tags, 1), &Options::default()).diagnostics;
        let d = diagnostics.iter().find(|d| d.rule == Rule::TagNameTooLong).expect("a tag name too long");
        assert_eq!(d.message.get(Lang::Zh), format!("标签名 `{name}` 有 33 个字符，超过了 30 个"));
    }
}
