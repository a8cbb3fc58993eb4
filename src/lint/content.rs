//! Content and the SOP (内容与SOP): a plan exists, frequencies are right, members are not
//! flooded, and every message and attachment fits what the platform accepts.

use std::collections::BTreeMap;

use super::{Ctx, declare_rule, finding};
use crate::diagnostics::Diagnostic;
use crate::limits::{
    ATTACHMENTS_MAX, DAILY_MESSAGE_BUDGET, LINK_TITLE_MAX_BYTES, LINK_URL_MAX_BYTES, MESSAGE_MAX_BYTES,
    MINIPROGRAM_TITLE_MAX_BYTES, MOMENTS_IMAGES_MAX, MOMENTS_MAX_CHARS,
};
use crate::spec::{AttachmentType, Channel, Purpose};

declare_rule! {
    /// ## What it does
    /// Warns when `content.sop` is missing or empty.
    ///
    /// ## Why is this bad?
    /// The SOP is what guides daily work: without it, the group runs on
    /// whoever remembers, and goes quiet within days.
    ///
    /// ## Example
    /// ```yaml
    /// content: { pillars: [ … ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// content:
    ///   sop:
    ///     - { id: kickoff, title: 开营仪式, when: { day: 1, at: "20:00" }, channel: group, role: owner }
    /// ```
    pub(crate) NO_SOP = "no-sop", Warn, "`content.sop` is empty",
}

declare_rule! {
    /// ## What it does
    /// Warns when a `conversion` pillar is more frequent than an `activation` pillar, or a
    /// `brand` pillar more frequent than a `conversion` pillar.
    ///
    /// ## Why is this bad?
    /// The craft's rhythm is activation high, conversion medium, brand low:
    /// members who are sold to more than they are engaged leave.
    ///
    /// ## Example
    /// ```yaml
    /// pillars:
    ///   - { purpose: activation, frequency: weekly }
    ///   - { purpose: conversion, frequency: daily }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///   - { purpose: activation, frequency: daily }
    ///   - { purpose: conversion, frequency: 2/week }
    /// ```
    pub(crate) CONTENT_FREQUENCY_INVERTED = "content-frequency-inverted", Warn, "conversion more frequent than activation, or brand more than conversion",
}

declare_rule! {
    /// ## What it does
    /// Warns when one day of a group has more `group`-channel SOP messages than the daily
    /// budget (3), counting every repetition of `every` steps.
    ///
    /// ## Why is this bad?
    /// Flooding drives members out, and the platform itself caps mass messages to a customer
    /// group (by default one per day per sending member, https://developer.work.weixin.qq.com/document/path/93572).
    ///
    /// ## Example
    /// ```yaml
    ///     - { id: morning, when: { every: day, at: "08:00" }, channel: group, … }
    ///     - { id: noon,    when: { every: day, at: "12:00" }, channel: group, … }
    ///     - { id: evening, when: { every: day, at: "20:00" }, channel: group, … }
    ///     - { id: kickoff, when: { day: 1, at: "21:00" },     channel: group, … }
    /// ```
    ///
    /// Use instead: move one to another day, or to `announcement` or `private`.
    ///
    /// ## Configuration
    /// `content.daily_message_budget` sets the budget (default 3).
    pub(crate) MESSAGE_FLOOD = "message-flood", Warn, "more group messages on one day than the daily budget (3)",
}

declare_rule! {
    /// ## What it does
    /// Denies an SOP message that renders longer than the platform accepts: 4000 bytes on the
    /// `group` and `private` channels, 2000 characters on `moments`.
    ///
    /// ## Why is this bad?
    /// `add_msg_template` rejects `text.content` over 4000 bytes (https://developer.work.weixin.qq.com/document/path/92135) and
    /// `add_moment_task` over 2000 characters (https://developer.work.weixin.qq.com/document/path/95094).
    ///
    /// ## Example
    /// A group message that pastes a whole article.
    ///
    /// Use instead: send the gist and attach the article as a `link`.
    pub(crate) MESSAGE_TOO_LONG = "message-too-long", Deny, "a rendered SOP message over the platform's size limit",
}

declare_rule! {
    /// ## What it does
    /// Denies a step with more than 9 attachments.
    ///
    /// ## Why is this bad?
    /// The platform takes at most 9 attachments per message (https://developer.work.weixin.qq.com/document/path/92135).
    ///
    /// ## Example
    /// A step with ten `image` attachments.
    ///
    /// Use instead: at most 9, or split the step in two.
    pub(crate) TOO_MANY_ATTACHMENTS = "too-many-attachments", Deny, "more than 9 attachments on a step",
}

declare_rule! {
    /// ## What it does
    /// Denies a `moments` step whose attachments mix types, or have more than 9 images, or more
    /// than one video or link.
    ///
    /// ## Why is this bad?
    /// A Moments post takes 9 images, or 1 video, or 1 link — never mixed
    /// (https://developer.work.weixin.qq.com/document/path/95094: `invalid attachments msgtype`).
    ///
    /// ## Example
    /// ```yaml
    ///     channel: moments
    ///     attachments: [{ type: image, name: 海报.png }, { type: link, title: 报名, url: "https://…" }]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///     attachments: [{ type: link, title: 报名, url: "https://…" }]
    /// ```
    pub(crate) MOMENTS_ATTACHMENTS_MIXED = "moments-attachments-mixed", Deny, "a moments post with mixed or too many attachments",
}

declare_rule! {
    /// ## What it does
    /// Denies a link title over 128 bytes, a link url over 2048 bytes, or a mini-program title
    /// over 64 bytes.
    ///
    /// ## Why is this bad?
    /// The platform rejects them (https://developer.work.weixin.qq.com/document/path/92135). 64 bytes is about 21 Chinese characters.
    ///
    /// ## Example
    /// ```yaml
    ///     - { type: miniprogram, title: 点击这里立即报名参加三年级数学暑期培优提分冲刺训练营, appid: wx123, page: pages/i }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///     - { type: miniprogram, title: 数学提分营报名, appid: wx123, page: pages/i }
    /// ```
    pub(crate) ATTACHMENT_FIELD_TOO_LONG = "attachment-field-too-long", Deny, "an attachment title or url over the platform's limit",
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let content = &cx.spec.content;
    if content.sop.is_empty() {
        out.push(finding(
            &NO_SOP,
            cx.key_or("/content/sop", "/content"),
            "the community has no SOP",
            "no `sop`",
            "add `content.sop`: the dated steps that guide daily work",
        ));
    }
    frequencies(cx, out);
    flood(cx, out);
    for (i, step) in content.sop.iter().enumerate() {
        let ptr = format!("/content/sop/{i}");
        if let Some(Some(m)) = cx.analysis.messages.get(i) {
            let over = match step.channel {
                Channel::Group | Channel::Private => (m.bytes > MESSAGE_MAX_BYTES)
                    .then(|| format!("{} bytes, over the limit of {MESSAGE_MAX_BYTES}", m.bytes)),
                Channel::Moments => (m.chars > MOMENTS_MAX_CHARS)
                    .then(|| format!("{} characters, over the limit of {MOMENTS_MAX_CHARS}", m.chars)),
                Channel::Announcement => None,
            };
            if let Some(over) = over {
                out.push(finding(
                    &MESSAGE_TOO_LONG,
                    cx.key(&format!("{ptr}/message")),
                    format!("the message of step `{}` in `{}` is {over}", step.id, cx.group_name(m.group)),
                    "the platform rejects it",
                    "shorten the message, or move the details into a `link` attachment",
                ));
            }
        }
        let atts = &step.attachments;
        if atts.len() > ATTACHMENTS_MAX {
            out.push(finding(
                &TOO_MANY_ATTACHMENTS,
                cx.key(&format!("{ptr}/attachments")),
                format!("step `{}` has {} attachments, more than {ATTACHMENTS_MAX}", step.id, atts.len()),
                "too many attachments",
                format!("keep at most {ATTACHMENTS_MAX}, or split the step in two"),
            ));
        }
        if step.channel == Channel::Moments && !atts.is_empty() {
            let first = atts[0].kind;
            let mixed = atts.iter().any(|a| a.kind != first);
            let problem = if mixed {
                Some("mixes attachment types".to_string())
            } else if !matches!(first, AttachmentType::Image | AttachmentType::Video | AttachmentType::Link) {
                Some(format!("has a `{first}` attachment, which Moments do not take"))
            } else if first == AttachmentType::Image && atts.len() > MOMENTS_IMAGES_MAX {
                Some(format!("has {} images", atts.len()))
            } else if first != AttachmentType::Image && atts.len() > 1 {
                Some(format!("has {} {first}s", atts.len()))
            } else {
                None
            };
            if let Some(problem) = problem {
                out.push(finding(
                    &MOMENTS_ATTACHMENTS_MIXED,
                    cx.key(&format!("{ptr}/attachments")),
                    format!("moments step `{}` {problem}", step.id),
                    "Moments take 9 images, or 1 video, or 1 link",
                    "keep only images (at most 9), or a single video, or a single link",
                ));
            }
        }
        for (a, att) in atts.iter().enumerate() {
            let aptr = format!("{ptr}/attachments/{a}");
            let checks: [(Option<&String>, usize, &str, bool); 3] = [
                (att.title.as_ref(), LINK_TITLE_MAX_BYTES, "title", att.kind == AttachmentType::Link),
                (att.url.as_ref(), LINK_URL_MAX_BYTES, "url", att.kind == AttachmentType::Link),
                (att.title.as_ref(), MINIPROGRAM_TITLE_MAX_BYTES, "title", att.kind == AttachmentType::Miniprogram),
            ];
            for (value, max, field, applies) in checks {
                if let Some(v) = value.filter(|v| applies && v.len() > max) {
                    out.push(finding(
                        &ATTACHMENT_FIELD_TOO_LONG,
                        cx.value(&format!("{aptr}/{field}")),
                        format!("{} {field} is {} bytes, over the limit of {max}", att.kind, v.len()),
                        "too long",
                        format!("shorten it to at most {max} bytes (a Chinese character is 3 bytes)"),
                    ));
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
    for (higher, lower) in [(Purpose::Activation, Purpose::Conversion), (Purpose::Conversion, Purpose::Brand)] {
        for (i, f) in freq(lower) {
            if let Some((_, h)) = freq(higher).find(|(_, h)| h.per_week < f.per_week) {
                out.push(finding(
                    &CONTENT_FREQUENCY_INVERTED,
                    cx.value(&format!("/content/pillars/{i}/frequency")),
                    format!(
                        "{} content (`{f}`) is more frequent than {} content (`{h}`)",
                        lower.value(),
                        higher.value()
                    ),
                    "inverted rhythm",
                    "keep activation high, conversion medium and brand low",
                ));
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
            let date = sched.date(day).map(|d| format!(" ({d})")).unwrap_or_default();
            let mut d = finding(
                &MESSAGE_FLOOD,
                cx.value(&format!("/content/sop/{over}/when")),
                format!("day {day}{date} has {} group messages, more than the daily budget of {budget}", steps.len()),
                "one message too many that day",
                "move a step to another day or time, or send it by `private` chat or `announcement`",
            );
            for &other in steps[..budget].iter().filter(|s| **s != over) {
                d = d.with_related(cx.value(&format!("/content/sop/{other}/when")), "also that day");
            }
            out.push(d);
        }
    }
}
