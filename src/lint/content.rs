//! Content and the SOP (内容与SOP): a plan exists, frequencies are right, members are not
//! flooded, and every message and attachment fits what the platform accepts.

use std::collections::BTreeMap;

use super::Ctx;
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{
    ATTACHMENTS_MAX, DAILY_MESSAGE_BUDGET, LINK_TITLE_MAX_BYTES, LINK_URL_MAX_BYTES, MESSAGE_MAX_BYTES,
    MINIPROGRAM_TITLE_MAX_BYTES, MOMENTS_IMAGES_MAX, MOMENTS_MAX_CHARS,
};
use crate::spec::{Attachment, AttachmentType, Channel, Date, Frequency, Purpose};

/// What the content rules find.
enum Found<'a> {
    NoSop,
    /// Pillars of two purposes whose frequencies are the wrong way round.
    ContentFrequencyInverted {
        inverted: Inverted,
        lower: &'a Frequency,
        higher: &'a Frequency,
    },
    /// Day `day` (on `date` when the term starts on one) has `count` group messages.
    MessageFlood {
        day: i64,
        date: Option<Date>,
        count: usize,
        budget: usize,
    },
    /// The longest message of step `step`, that of group `group`.
    MessageTooLong {
        step: &'a str,
        group: &'a str,
        size: Size,
    },
    TooManyAttachments {
        step: &'a str,
        count: usize,
    },
    MomentsAttachmentsMixed {
        step: &'a str,
        problem: Moments,
    },
    AttachmentFieldTooLong {
        field: Field,
        bytes: usize,
    },
}

/// Two purposes whose pillars should run in this order of frequency, found the other way round.
#[derive(Clone, Copy)]
enum Inverted {
    ConversionOverActivation,
    BrandOverConversion,
}

/// A message's size over the limit of its channel.
enum Size {
    /// A group or private message, in bytes.
    Bytes(usize),
    /// A Moments text, in characters.
    Chars(usize),
}

/// What a Moments step's attachments break.
enum Moments {
    Mixed,
    Unsupported(AttachmentType),
    Images(usize),
    Videos(usize),
    Links(usize),
}

/// An attachment field with a length limit.
#[derive(Clone, Copy)]
enum Field {
    LinkTitle,
    LinkUrl,
    MiniprogramTitle,
}

impl Field {
    /// The field's key in the attachment.
    fn key(self) -> &'static str {
        match self {
            Field::LinkTitle | Field::MiniprogramTitle => "title",
            Field::LinkUrl => "url",
        }
    }

    /// Its limit, in bytes.
    fn max(self) -> usize {
        match self {
            Field::LinkTitle => LINK_TITLE_MAX_BYTES,
            Field::LinkUrl => LINK_URL_MAX_BYTES,
            Field::MiniprogramTitle => MINIPROGRAM_TITLE_MAX_BYTES,
        }
    }
}

impl Message for Found<'_> {
    fn rule(&self) -> Rule {
        match self {
            Found::NoSop => Rule::NoSop,
            Found::ContentFrequencyInverted { .. } => Rule::ContentFrequencyInverted,
            Found::MessageFlood { .. } => Rule::MessageFlood,
            Found::MessageTooLong { .. } => Rule::MessageTooLong,
            Found::TooManyAttachments { .. } => Rule::TooManyAttachments,
            Found::MomentsAttachmentsMixed { .. } => Rule::MomentsAttachmentsMixed,
            Found::AttachmentFieldTooLong { .. } => Rule::AttachmentFieldTooLong,
        }
    }

    fn said(&self) -> Said {
        match self {
            Found::NoSop => Said {
                message: tr!("the community has no SOP", "社群没有 SOP"),
                label: tr!("no `sop`", "没有 `sop`"),
                help: tr!(
                    "add `content.sop`: the dated steps that guide daily work",
                    "添加 `content.sop`：按日期安排、指导日常运营的步骤"
                ),
            },
            Found::ContentFrequencyInverted { inverted, lower, higher } => Said {
                message: match inverted {
                    Inverted::ConversionOverActivation => tr!(
                        "conversion content (`{lower}`) is more frequent than activation content (`{higher}`)",
                        "转化内容（`{lower}`）比促活内容（`{higher}`）更频繁"
                    ),
                    Inverted::BrandOverConversion => tr!(
                        "brand content (`{lower}`) is more frequent than conversion content (`{higher}`)",
                        "品宣内容（`{lower}`）比转化内容（`{higher}`）更频繁"
                    ),
                },
                label: tr!("inverted rhythm", "节奏颠倒"),
                help: tr!("keep activation high, conversion medium and brand low", "保持促活高频、转化中频、品宣低频"),
            },
            Found::MessageFlood { day, date, count, budget } => Said {
                message: match date {
                    Some(date) => tr!(
                        "day {day} ({date}) has {count} group messages, more than the daily budget of {budget}",
                        "第 {day} 天（{date}）有 {count} 条群消息，超过每日上限 {budget} 条"
                    ),
                    None => tr!(
                        "day {day} has {count} group messages, more than the daily budget of {budget}",
                        "第 {day} 天有 {count} 条群消息，超过每日上限 {budget} 条"
                    ),
                },
                label: tr!("one message too many that day", "当天多出的一条消息"),
                help: tr!(
                    "move a step to another day or time, or send it by `private` chat or `announcement`",
                    "把一个步骤移到别的日期或时间，或改用 `private` 私聊或 `announcement` 群公告发送"
                ),
            },
            Found::MessageTooLong { step, group, size } => Said {
                message: match size {
                    Size::Bytes(bytes) => tr!(
                        "the message of step `{step}` in `{group}` is {bytes} bytes, over the limit of {MESSAGE_MAX_BYTES}",
                        "步骤 `{step}` 在 `{group}` 中的消息有 {bytes} 字节，超过了 {MESSAGE_MAX_BYTES} 字节的上限"
                    ),
                    Size::Chars(chars) => tr!(
                        "the message of step `{step}` in `{group}` is {chars} characters, over the limit of {MOMENTS_MAX_CHARS}",
                        "步骤 `{step}` 在 `{group}` 中的消息有 {chars} 个字符，超过了 {MOMENTS_MAX_CHARS} 个字符的上限"
                    ),
                },
                label: tr!("the platform rejects it", "平台会拒绝"),
                help: tr!(
                    "shorten the message, or move the details into a `link` attachment",
                    "缩短消息，或把详细内容放进 `link` 附件"
                ),
            },
            Found::TooManyAttachments { step, count } => Said {
                message: tr!(
                    "step `{step}` has {count} attachments, more than {ATTACHMENTS_MAX}",
                    "步骤 `{step}` 有 {count} 个附件，超过了 {ATTACHMENTS_MAX} 个"
                ),
                label: tr!("too many attachments", "附件太多"),
                help: tr!(
                    "keep at most {ATTACHMENTS_MAX}, or split the step in two",
                    "最多保留 {ATTACHMENTS_MAX} 个，或把这个步骤拆成两个"
                ),
            },
            Found::MomentsAttachmentsMixed { step, problem } => Said {
                message: match problem {
                    Moments::Mixed => {
                        tr!("moments step `{step}` mixes attachment types", "朋友圈步骤 `{step}` 混用了多种附件类型")
                    }
                    Moments::Unsupported(kind) => tr!(
                        "moments step `{step}` has a `{kind}` attachment, which Moments do not take",
                        "朋友圈步骤 `{step}` 有 `{kind}` 附件，朋友圈不支持这种附件"
                    ),
                    Moments::Images(n) => {
                        tr!("moments step `{step}` has {n} images", "朋友圈步骤 `{step}` 有 {n} 张图片")
                    }
                    Moments::Videos(n) => {
                        tr!("moments step `{step}` has {n} videos", "朋友圈步骤 `{step}` 有 {n} 个视频")
                    }
                    Moments::Links(n) => {
                        tr!("moments step `{step}` has {n} links", "朋友圈步骤 `{step}` 有 {n} 个链接")
                    }
                },
                label: tr!(
                    "Moments take {MOMENTS_IMAGES_MAX} images, or 1 video, or 1 link",
                    "朋友圈只能带 {MOMENTS_IMAGES_MAX} 张图片，或 1 个视频，或 1 个链接"
                ),
                help: tr!(
                    "keep only images (at most {MOMENTS_IMAGES_MAX}), or a single video, or a single link",
                    "只保留图片（最多 {MOMENTS_IMAGES_MAX} 张），或只留一个视频，或只留一个链接"
                ),
            },
            Found::AttachmentFieldTooLong { field, bytes } => {
                let max = field.max();
                Said {
                    message: match field {
                        Field::LinkTitle => tr!(
                            "link title is {bytes} bytes, over the limit of {max}",
                            "链接标题有 {bytes} 字节，超过了 {max} 字节的上限"
                        ),
                        Field::LinkUrl => tr!(
                            "link url is {bytes} bytes, over the limit of {max}",
                            "链接 url 有 {bytes} 字节，超过了 {max} 字节的上限"
                        ),
                        Field::MiniprogramTitle => tr!(
                            "miniprogram title is {bytes} bytes, over the limit of {max}",
                            "小程序标题有 {bytes} 字节，超过了 {max} 字节的上限"
                        ),
                    },
                    label: tr!("too long", "太长"),
                    help: tr!(
                        "shorten it to at most {max} bytes (a Chinese character is 3 bytes)",
                        "缩短到 {max} 字节以内（一个汉字占 3 字节）"
                    ),
                }
            }
        }
    }
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let content = &cx.spec.content;
    if content.sop.is_empty() {
        out.push(Diagnostic::of(cx.key_or("/content/sop", "/content"), &Found::NoSop));
    }
    frequencies(cx, out);
    flood(cx, out);
    for (i, step) in content.sop.iter().enumerate() {
        let ptr = format!("/content/sop/{i}");
        let id = step.id.as_str();
        if let Some(Some(m)) = cx.analysis.messages.get(i) {
            let over = match step.channel {
                Channel::Group | Channel::Private => (m.bytes > MESSAGE_MAX_BYTES).then_some(Size::Bytes(m.bytes)),
                Channel::Moments => (m.chars > MOMENTS_MAX_CHARS).then_some(Size::Chars(m.chars)),
                Channel::Announcement => None,
            };
            if let Some(size) = over {
                let found = Found::MessageTooLong { step: id, group: cx.group_name(m.group), size };
                out.push(Diagnostic::of(cx.key(&format!("{ptr}/message")), &found));
            }
        }
        let atts = &step.attachments;
        if atts.len() > ATTACHMENTS_MAX {
            let found = Found::TooManyAttachments { step: id, count: atts.len() };
            out.push(Diagnostic::of(cx.key(&format!("{ptr}/attachments")), &found));
        }
        if step.channel == Channel::Moments && !atts.is_empty() {
            let (first, n) = (atts[0].kind(), atts.len());
            let problem = match first {
                _ if atts.iter().any(|a| a.kind() != first) => Some(Moments::Mixed),
                AttachmentType::Image => (n > MOMENTS_IMAGES_MAX).then_some(Moments::Images(n)),
                AttachmentType::Video => (n > 1).then_some(Moments::Videos(n)),
                AttachmentType::Link => (n > 1).then_some(Moments::Links(n)),
                other => Some(Moments::Unsupported(other)),
            };
            if let Some(problem) = problem {
                let found = Found::MomentsAttachmentsMixed { step: id, problem };
                out.push(Diagnostic::of(cx.key(&format!("{ptr}/attachments")), &found));
            }
        }
        for (a, att) in atts.iter().enumerate() {
            let checks: &[(Field, &String)] = match att {
                Attachment::Link { title, url } => &[(Field::LinkTitle, title), (Field::LinkUrl, url)],
                Attachment::Miniprogram { title, .. } => &[(Field::MiniprogramTitle, title)],
                _ => &[],
            };
            for &(field, v) in checks {
                if v.len() > field.max() {
                    let span = cx.value(&format!("{ptr}/attachments/{a}/{}", field.key()));
                    out.push(Diagnostic::of(span, &Found::AttachmentFieldTooLong { field, bytes: v.len() }));
                }
            }
        }
    }
}

fn frequencies(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let pillars = &cx.spec.content.pillars;
    let freq = |p: Purpose| {
        pillars
            .iter()
            .enumerate()
            .filter(move |(_, x)| x.purpose == p)
            .filter_map(|(i, x)| x.frequency.as_ref().map(|f| (i, f)))
    };
    let orders = [
        (Purpose::Activation, Purpose::Conversion, Inverted::ConversionOverActivation),
        (Purpose::Conversion, Purpose::Brand, Inverted::BrandOverConversion),
    ];
    for (higher, lower, inverted) in orders {
        for (i, f) in freq(lower) {
            if let Some((_, h)) = freq(higher).find(|(_, h)| h.per_week < f.per_week) {
                let found = Found::ContentFrequencyInverted { inverted, lower: f, higher: h };
                out.push(Diagnostic::of(cx.value(&format!("/content/pillars/{i}/frequency")), &found));
            }
        }
    }
}

fn flood(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let sched = &cx.analysis.schedule;
    let sop = &cx.spec.content.sop;
    let mut by_day: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for t in sched.tasks.iter().filter(|t| sop[t.step].channel == Channel::Group) {
        by_day.entry(t.day).or_default().push(t.step);
    }
    let budget = cx.spec.content.daily_message_budget.map_or(DAILY_MESSAGE_BUDGET, |b| b as usize);
    let mut reported: Vec<usize> = Vec::new();
    for (day, steps) in by_day {
        if steps.len() <= budget {
            continue;
        }
        for &over in &steps[budget..] {
            if reported.contains(&over) {
                continue;
            }
            reported.push(over);
            let found = Found::MessageFlood { day, date: sched.date(day), count: steps.len(), budget };
            let mut d = Diagnostic::of(cx.value(&format!("/content/sop/{over}/when")), &found);
            for &other in steps[..budget].iter().filter(|s| **s != over) {
                d = d.with_related(
                    cx.value(&format!("/content/sop/{other}/when")),
                    tr!("also that day", "同一天还有这条"),
                );
            }
            out.push(d);
        }
    }
}
