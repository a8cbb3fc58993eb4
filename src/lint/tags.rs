//! Tags, channel codes and KPIs (标签、渠道活码、数据指标).

use super::{Ctx, active_share};
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{CHANNEL_STATE_MAX_CHARS, TAG_NAME_MAX_CHARS};
use crate::spec::{Measure, Metric, Period, TagDimension, TagKind, TagRef, Target};

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
    /// A taxonomy with customer tags but no `dimension: source` group.
    NoSourceDimension,
    /// Tag `tag` of group `group`, which nothing gives or reads.
    UnusedTag {
        group: &'a str,
        tag: &'a str,
    },
    /// A survey answer that tags nobody; `None`: a question that lists no answers.
    SurveyTagsNobody {
        question: &'a str,
        answer: Option<&'a str>,
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
            Found::NoSourceDimension => Rule::NoSourceDimension,
            Found::UnusedTag { .. } => Rule::UnusedTag,
            Found::SurveyTagsNobody { .. } => Rule::SurveyTagsNobody,
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
            Found::NoSourceDimension => Said {
                message: tr!(
                    "the tag taxonomy has no source dimension: members are not tagged with where they came from",
                    "标签体系没有来源维度：成员没有按来源渠道打标签"
                ),
                label: tr!("no group with `dimension: source`", "没有 `dimension: source` 的标签组"),
                help: tr!(
                    "add a customer tag group with `dimension: source` (e.g. `{{ group: 来源, dimension: source, tags: [海报] }}`) and give each channel one of its tags",
                    "添加一个 `dimension: source` 的客户标签组（例如 `{{ group: 来源, dimension: source, tags: [海报] }}`），并给每个渠道设置其中一个标签"
                ),
            },
            Found::UnusedTag { group, tag } => Said {
                message: tr!(
                    "tag `{group}/{tag}` is given and read by nothing: no channel, survey answer or step uses it",
                    "标签 `{group}/{tag}` 没有任何地方使用：没有渠道、问卷答案或步骤用到它"
                ),
                label: tr!("unused tag", "未使用的标签"),
                help: tr!(
                    "give it (a channel's `tag`, a survey answer) or select members by it (a step's `to_tags`), or remove it",
                    "用它给成员打标签（渠道的 `tag`、问卷答案），或用它筛选成员（步骤的 `to_tags`），否则删掉它"
                ),
            },
            Found::SurveyTagsNobody { question, answer } => Said {
                message: match answer {
                    Some(answer) => tr!(
                        "answer `{answer}` to `{question}` tags nobody",
                        "问卷题目 `{question}` 的答案 `{answer}` 不给任何人打标签"
                    ),
                    None => tr!(
                        "survey question `{question}` lists no answers, so it tags nobody",
                        "问卷题目 `{question}` 没有列出答案，不给任何人打标签"
                    ),
                },
                label: tr!("tags nobody", "不打标签"),
                help: tr!(
                    "map the answer to a declared tag (`答案: 组/标签`), or write the question alone if its answers are not tags",
                    "把答案对应到已声明的标签（`答案: 组/标签`）；如果答案不用来打标签，只写题目即可"
                ),
            },
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
    taxonomy(cx, out);
    survey(cx, out);
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

/// The taxonomy rules, for tag groups that state their `dimension`: a spec that states none has
/// not written a taxonomy, only a list of tags. A group without `kind` holds customer tags.
fn taxonomy(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    if spec.tags.iter().all(|g| g.dimension.is_none()) {
        return;
    }
    let customer = |g: &&crate::spec::TagGroup| g.kind != Some(TagKind::Group);
    let customers = || spec.tags.iter().filter(customer);
    if customers().next().is_some() && !customers().any(|g| g.dimension == Some(TagDimension::Source)) {
        out.push(Diagnostic::of(cx.key("/tags"), &Found::NoSourceDimension));
    }
    let used: std::collections::BTreeSet<TagRef> = spec.tag_uses().filter_map(|u| spec.find_tag(u.written)).collect();
    // Group tags label whole groups: no channel, answer or step gives or reads them.
    for (g, group) in spec.tags.iter().enumerate().filter(|(_, g)| g.dimension.is_some() && customer(g)) {
        for (t, tag) in group.tags.iter().enumerate().filter(|(t, _)| !used.contains(&TagRef { group: g, tag: *t })) {
            let found = Found::UnusedTag { group: &group.group, tag };
            out.push(Diagnostic::of(cx.value(&format!("/tags/{g}/tags/{t}")), &found));
        }
    }
}

/// Survey questions written with answers: each answer should tag someone.
fn survey(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (q, asked) in cx.spec.admission.survey.iter().enumerate() {
        let crate::spec::SurveyQuestion::Tagging(tagging) = asked else { continue };
        let question = tagging.question.as_str();
        let at = format!("/admission/survey/{q}/answers");
        if tagging.answers.0.is_empty() {
            out.push(Diagnostic::of(cx.key(&at), &Found::SurveyTagsNobody { question, answer: None }));
        }
        for (answer, _) in asked.answers().filter(|(_, tag)| tag.is_none()) {
            let found = Found::SurveyTagsNobody { question, answer: Some(answer) };
            out.push(Diagnostic::of(cx.key(&crate::spec::answer_pointer(q, answer)), &found));
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

    /// tests/data/base.yaml with `tags`, a channel tagging `来源/海报`, a private step selecting
    /// `to_tags`, and `survey`; the messages of `rule`.
    fn found(tags: &str, to_tags: &str, survey: &str, rule: Rule) -> Vec<String> {
        let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
        let admission = format!(
            "tags: {tags}\nadmission:\n  channels: [{{ id: poster, tag: 来源/海报 }}]\n  survey: {survey}\n  methods:"
        );
        let step =
            format!("      channel: private\n      to_tags: {to_tags}\n      role: owner\n      message: 大家好");
        let text = base.replacen("admission:\n  methods:", &admission, 1).replacen(
            "      channel: group\n      role: owner\n      message: 大家好，我是{{ roles.owner.title }}",
            &step,
            1,
        );
        let diagnostics = check(&text, &Options::default()).diagnostics;
        assert!(diagnostics.iter().all(|d| d.rule != Rule::UnknownReference), "{diagnostics:?}");
        diagnostics.iter().filter(|d| d.rule == rule).map(|d| d.message.get(Lang::En).to_string()).collect()
    }

    const TAXONOMY: &str = "[{ group: 来源, dimension: source, tags: [海报, 直播] }, \
        { group: 年级, dimension: product, tags: [三年级, 四年级] }, \
        { group: 城市群, kind: group, dimension: region, tags: [成都] }]";

    #[test]
    fn a_tag_is_used_by_a_channel_a_step_or_a_survey_answer() {
        let none = found(TAXONOMY, "[]", "[]", Rule::UnusedTag);
        // Group tags are not given to members: 城市群/成都 is never reported.
        assert_eq!(
            none,
            [
                "tag `来源/直播` is given and read by nothing: no channel, survey answer or step uses it",
                "tag `年级/三年级` is given and read by nothing: no channel, survey answer or step uses it",
                "tag `年级/四年级` is given and read by nothing: no channel, survey answer or step uses it",
            ]
        );
        let survey = "[{ question: 几年级？, answers: { 三年级: 年级/三年级, 其他: ~ } }]";
        let used = found(TAXONOMY, "[来源/直播, 年级/四年级]", survey, Rule::UnusedTag);
        assert!(used.is_empty(), "{used:?}");
        // Without any dimension the tags are a list, not a taxonomy: nothing is reported.
        let list = found("[{ group: 来源, tags: [海报, 直播] }]", "[]", "[]", Rule::UnusedTag);
        assert!(list.is_empty(), "{list:?}");
    }

    #[test]
    fn a_taxonomy_needs_a_customer_source_dimension() {
        assert!(found(TAXONOMY, "[]", "[]", Rule::NoSourceDimension).is_empty());
        // A group-tag source does not tag members.
        let grouped = "[{ group: 来源, kind: group, dimension: source, tags: [海报] }, { group: 年级, dimension: product, tags: [三年级] }]";
        assert_eq!(found(grouped, "[]", "[]", Rule::NoSourceDimension).len(), 1);
        let unmarked = "[{ group: 来源, tags: [海报] }, { group: 年级, dimension: product, tags: [三年级] }]";
        assert_eq!(
            found(unmarked, "[]", "[]", Rule::NoSourceDimension),
            ["the tag taxonomy has no source dimension: members are not tagged with where they came from"]
        );
        assert!(found("[{ group: 来源, tags: [海报] }]", "[]", "[]", Rule::NoSourceDimension).is_empty());
    }

    #[test]
    fn survey_answers_that_tag_nobody_are_found_and_located() {
        let survey = "[孩子几点有空？, { question: 几年级？, answers: { 三年级: 来源/海报, 其他: ~ } }, { question: 目标？, answers: {} }]";
        assert_eq!(
            found("[{ group: 来源, tags: [海报] }]", "[]", survey, Rule::SurveyTagsNobody),
            ["answer `其他` to `几年级？` tags nobody", "survey question `目标？` lists no answers, so it tags nobody"]
        );
    }

    #[test]
    fn an_answer_naming_an_undeclared_tag_is_an_unknown_reference() {
        let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
        // An answer holding `/` is found at its own key.
        let survey = "admission:\n  survey: [{ question: 几年级？, answers: { 三/四年级: 年级/三年级 } }]\n  methods:";
        let text = base.replacen("admission:\n  methods:", survey, 1);
        let diagnostics = check(&text, &Options::default()).diagnostics;
        let unknown: Vec<&str> =
            diagnostics.iter().filter(|d| d.rule == Rule::UnknownReference).map(|d| &text[d.span.clone()]).collect();
        assert_eq!(unknown, ["年级/三年级"]);
    }
}
