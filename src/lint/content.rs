//! Content and the SOP (内容与SOP): a plan exists, frequencies are right, members are not
//! flooded, and every message and attachment fits what the platform accepts.

use std::collections::BTreeMap;

use super::{Ctx, finding};
use crate::diagnostics::{Diagnostic, Rule};
use crate::limits::{
    ATTACHMENTS_MAX, DAILY_MESSAGE_BUDGET, LINK_TITLE_MAX_BYTES, LINK_URL_MAX_BYTES, MESSAGE_MAX_BYTES,
    MINIPROGRAM_TITLE_MAX_BYTES, MOMENTS_IMAGES_MAX, MOMENTS_MAX_CHARS,
};
use crate::spec::{Attachment, AttachmentType, Channel, Purpose};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let content = &cx.spec.content;
    if content.sop.is_empty() {
        out.push(finding(
            Rule::NoSop,
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
                    Rule::MessageTooLong,
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
                Rule::TooManyAttachments,
                cx.key(&format!("{ptr}/attachments")),
                format!("step `{}` has {} attachments, more than {ATTACHMENTS_MAX}", step.id, atts.len()),
                "too many attachments",
                format!("keep at most {ATTACHMENTS_MAX}, or split the step in two"),
            ));
        }
        if step.channel == Channel::Moments && !atts.is_empty() {
            let first = atts[0].kind();
            let mixed = atts.iter().any(|a| a.kind() != first);
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
                    Rule::MomentsAttachmentsMixed,
                    cx.key(&format!("{ptr}/attachments")),
                    format!("moments step `{}` {problem}", step.id),
                    "Moments take 9 images, or 1 video, or 1 link",
                    "keep only images (at most 9), or a single video, or a single link",
                ));
            }
        }
        for (a, att) in atts.iter().enumerate() {
            let aptr = format!("{ptr}/attachments/{a}");
            let checks: &[(&String, usize, &str)] = match att {
                Attachment::Link { title, url } => {
                    &[(title, LINK_TITLE_MAX_BYTES, "title"), (url, LINK_URL_MAX_BYTES, "url")]
                }
                Attachment::Miniprogram { title, .. } => &[(title, MINIPROGRAM_TITLE_MAX_BYTES, "title")],
                _ => &[],
            };
            for &(v, max, field) in checks {
                if v.len() > max {
                    out.push(finding(
                        Rule::AttachmentFieldTooLong,
                        cx.value(&format!("{aptr}/{field}")),
                        format!("{} {field} is {} bytes, over the limit of {max}", att.kind(), v.len()),
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
                    Rule::ContentFrequencyInverted,
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
                Rule::MessageFlood,
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
