//! Content and the SOP (内容与SOP): a plan exists, frequencies are right, members are not
//! flooded, and every message and attachment fits what the platform accepts.

use std::collections::BTreeMap;

use super::Ctx;
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{
    ATTACHMENTS_MAX, DAILY_MESSAGE_BUDGET, LINK_TITLE_MAX_BYTES, LINK_URL_MAX_BYTES, MESSAGE_MAX_BYTES,
    MINIPROGRAM_TITLE_MAX_BYTES, MOMENTS_IMAGES_MAX, MOMENTS_MAX_CHARS, SILENT_DAYS_MAX,
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
    /// The pillars of `purpose` promise `promised` a week; the SOP schedules `scheduled` in `weeks`.
    SopRhythmMismatch {
        purpose: Purpose,
        frequency: &'a Frequency,
        promised: usize,
        scheduled: usize,
        weeks: (usize, usize),
    },
    /// Days `from`–`to` (the longest such stretch) have no group message.
    SilentStretch {
        from: i64,
        to: i64,
        dates: Option<(Date, Date)>,
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
            Found::SopRhythmMismatch { .. } => Rule::SopRhythmMismatch,
            Found::SilentStretch { .. } => Rule::SilentStretch,
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
            Found::SopRhythmMismatch { purpose, frequency, promised, scheduled, weeks: (from, to) } => {
                let (value, label) = (purpose.value(), purpose.label());
                Said {
                    message: if from == to {
                        tr!(
                            "the {value} pillar promises {promised} a week (`{frequency}`); the SOP schedules {scheduled} in week {from}",
                            "{label}内容承诺每周 {promised} 次（`{frequency}`），SOP 在第 {from} 周只安排了 {scheduled} 次{label}步骤"
                        )
                    } else {
                        tr!(
                            "the {value} pillar promises {promised} a week (`{frequency}`); the SOP schedules {scheduled} a week in weeks {from}–{to}",
                            "{label}内容承诺每周 {promised} 次（`{frequency}`），SOP 在第 {from}–{to} 周每周只安排了 {scheduled} 次{label}步骤"
                        )
                    },
                    label: tr!("promised here", "在这里承诺"),
                    help: tr!(
                        "schedule steps with `purpose: {value}` in those weeks (e.g. an `every` repeat), or promise what the SOP does",
                        "在这些周安排 `purpose: {value}` 的步骤（例如用 `every` 重复），或把频率改成 SOP 实际安排的次数"
                    ),
                }
            }
            Found::SilentStretch { from, to, dates } => {
                let days = to - from + 1;
                Said {
                    message: match dates {
                        Some((first, last)) => tr!(
                            "the groups get no group message for {days} days: days {from}–{to} ({first} – {last})",
                            "群里连续 {days} 天没有群消息：第 {from}–{to} 天（{first} – {last}）"
                        ),
                        None => tr!(
                            "the groups get no group message for {days} days: days {from}–{to}",
                            "群里连续 {days} 天没有群消息：第 {from}–{to} 天"
                        ),
                    },
                    label: tr!("the SOP falls silent", "SOP 出现空档"),
                    help: tr!(
                        "a group left without content for more than {SILENT_DAYS_MAX} days goes quiet for good: add a `channel: group` step in that stretch, e.g. a daily topic",
                        "群里超过 {SILENT_DAYS_MAX} 天没有内容就容易变成死群：在这段时间里加一个 `channel: group` 的步骤，例如每日话题"
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
    // The SOP is held to the content plan's rhythm once the two are linked: a pillar promises
    // a frequency and some step says what it is for. A SOP of milestones naming no purpose is
    // not yet planned against the content plan.
    if content.pillars.iter().any(|p| p.frequency.is_some()) && content.sop.iter().any(|s| s.purpose.is_some()) {
        rhythm(cx, out);
        silence(cx, out);
    }
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

/// Each purpose's pillars against the SOP's steps of that purpose, week by week over the full
/// weeks of the term (or horizon). Pillars sharing a purpose add up, reported at the first;
/// pillars promising less than once a week are not compared week by week.
fn rhythm(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let content = &cx.spec.content;
    for &purpose in Purpose::ALL {
        let pillars = content.pillars.iter().enumerate().filter(|(_, p)| p.purpose == purpose);
        let promises: Vec<(usize, &Frequency)> =
            pillars.filter_map(|(i, p)| Some((i, p.frequency.as_ref()?))).collect();
        let Some(&(first, frequency)) = promises.first() else { continue };
        let per_week: f64 = promises.iter().map(|(_, f)| f.per_week).sum();
        if per_week < 1.0 {
            continue;
        }
        let promised = per_week.round() as usize;
        // Staggered cohorts keep the promise each on its own dates: the first that breaks it.
        let short = cx.analysis.cohorts().find_map(|sched| {
            let full_weeks = (sched.last_day.max(0) / 7) as usize;
            let days = sched.tasks.iter().filter(|t| content.sop[t.step].purpose == Some(purpose)).map(|t| t.day);
            let weeks = crate::compile::per_week(days, sched.last_day);
            // The first run of short weeks with one count.
            let start = weeks[..full_weeks].iter().position(|&n| n < promised)?;
            let scheduled = weeks[start];
            Some((start, scheduled, weeks[start..full_weeks].iter().take_while(|&&n| n == scheduled).count()))
        });
        let Some((start, scheduled, run)) = short else { continue };
        let found =
            Found::SopRhythmMismatch { purpose, frequency, promised, scheduled, weeks: (start + 1, start + run) };
        out.push(Diagnostic::of(cx.value(&format!("/content/pillars/{first}/frequency")), &found));
    }
}

/// The longest stretch of days with no group message (the first, of equals), when longer than
/// [`SILENT_DAYS_MAX`]. Only `channel: group` steps speak in the group: private chats, Moments
/// and announcement updates are not its conversation.
/// Staggered cohorts are each looked at on their own dates: the longest stretch of any.
fn silence(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let sop = &cx.spec.content.sop;
    let mut longest: Option<(i64, i64, &crate::compile::Schedule)> = None;
    for sched in cx.analysis.cohorts() {
        let spoken = sched.tasks.iter().filter(|t| sop[t.step].channel == Channel::Group).map(|t| t.day);
        let mut after = 0;
        for day in spoken.chain(std::iter::once(sched.last_day + 1)) {
            if day - after - 1 > longest.map_or(SILENT_DAYS_MAX, |(from, to, _)| to - from + 1) {
                longest = Some((after + 1, day - 1, sched));
            }
            after = after.max(day);
        }
    }
    if let Some((from, to, sched)) = longest {
        let dates = sched.date(from).zip(sched.date(to));
        out.push(Diagnostic::of(cx.key("/content/sop"), &Found::SilentStretch { from, to, dates }));
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{Options, check};
    use crate::diagnostics::Rule;
    use crate::i18n::Lang;

    /// tests/data/base.yaml (14 days from Monday 2027-03-01) with its SOP replaced by `sop`
    /// (flow steps, one a line) and `pillars`; the messages of `rule`.
    fn found(pillars: &str, sop: &[&str], rule: Rule) -> Vec<String> {
        found_in(include_str!("../../tests/data/base.yaml"), pillars, sop, rule)
    }

    /// [`found`] with the spec `base` in place of tests/data/base.yaml.
    fn found_in(base: &str, pillars: &str, sop: &[&str], rule: Rule) -> Vec<String> {
        let head = base.split("content:\n").next().unwrap_or_default();
        let channel = |s: &str| if s.contains("channel:") { "" } else { ", channel: group" };
        let steps: String = sop.iter().map(|s| format!("    - {{ {s}{}, role: owner }}\n", channel(s))).collect();
        let text = format!("{head}content:\n  pillars: [{pillars}]\n  sop:\n{steps}");
        let diagnostics = check(&text, &Options::default()).diagnostics;
        diagnostics.iter().filter(|d| d.rule == rule).map(|d| d.message.get(Lang::En).to_string()).collect()
    }

    /// A content plan that promises a rhythm the steps keep.
    const WEEKLY: &str = "{ purpose: activation, frequency: 1/week }";

    const DAILY_TOPIC: &str = r#"id: topic, title: 话题, when: { every: day, at: "12:00" }, purpose: activation"#;

    #[test]
    fn a_pillar_is_held_to_its_frequency_in_the_first_short_weeks() {
        let weekdays = r#"id: topic, title: 话题, when: { every: weekday, at: "12:00" }, purpose: activation"#;
        assert_eq!(
            found("{ purpose: activation, frequency: daily }", &[weekdays], Rule::SopRhythmMismatch),
            ["the activation pillar promises 7 a week (`daily`); the SOP schedules 5 a week in weeks 1–2"]
        );
        // Kept in week 1 only: week 2 alone is short.
        let first_week = r#"id: topic, title: 话题, when: { every: day, at: "12:00", to_day: 7 }, purpose: activation"#;
        let d =
            found("{ purpose: activation, frequency: 3/week }", &[first_week, DAILY_TOPIC], Rule::SopRhythmMismatch);
        assert!(d.is_empty(), "{d:?}");
        let d = found("{ purpose: activation, frequency: 3/week }", &[first_week], Rule::SopRhythmMismatch);
        assert_eq!(d, ["the activation pillar promises 3 a week (`3/week`); the SOP schedules 0 in week 2"]);
        // More than promised, a monthly promise, and a SOP that names no purpose are not reported.
        let d = found("{ purpose: activation, frequency: 1/week }", &[DAILY_TOPIC], Rule::SopRhythmMismatch);
        assert!(d.is_empty(), "{d:?}");
        let d = found("{ purpose: brand, frequency: 3/month }", &[DAILY_TOPIC], Rule::SopRhythmMismatch);
        assert!(d.is_empty(), "{d:?}");
        let unclassified = r#"id: topic, title: 话题, when: { every: mon, at: "12:00" }"#;
        let d = found("{ purpose: activation, frequency: daily }", &[unclassified], Rule::SopRhythmMismatch);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn pillars_sharing_a_purpose_add_up() {
        let pillars = "{ purpose: activation, frequency: 4/week }, { purpose: activation, frequency: 4/week }";
        let d = found(pillars, &[DAILY_TOPIC], Rule::SopRhythmMismatch);
        assert_eq!(d, ["the activation pillar promises 8 a week (`4/week`); the SOP schedules 7 a week in weeks 1–2"]);
    }

    #[test]
    fn the_longest_silence_past_three_days_is_reported_with_its_dates() {
        // Mondays to Wednesdays: Thursday to Sunday (4 days) is silent, the first such stretch
        // reported; the last two days of the term too, but they are shorter.
        let three = r#"id: topic, title: 话题, when: { every: [mon, tue, wed], at: "12:00" }, purpose: activation"#;
        assert_eq!(
            found(WEEKLY, &[three], Rule::SilentStretch),
            ["the groups get no group message for 4 days: days 4–7 (2027-03-04 – 2027-03-07)"]
        );
        // Three silent days are allowed.
        let four = r#"id: topic, title: 话题, when: { every: [mon, tue, wed, thu], at: "12:00" }, purpose: activation"#;
        assert!(found(WEEKLY, &[four], Rule::SilentStretch).is_empty());
        // Nor is the SOP held to a rhythm the content plan does not promise.
        assert!(found("{ purpose: activation }", &[three], Rule::SilentStretch).is_empty());
        // Silence after the last step counts, up to the last day of the term.
        let early = r#"id: topic, title: 话题, when: { every: day, at: "12:00", to_day: 9 }, purpose: activation"#;
        assert_eq!(
            found(WEEKLY, &[early], Rule::SilentStretch),
            ["the groups get no group message for 5 days: days 10–14 (2027-03-10 – 2027-03-14)"]
        );
        // Private chats do not speak in the group.
        let private = early.replace("to_day: 9 }", "to_day: 9 }, channel: private").replace("id: topic", "id: chat");
        let d = found(WEEKLY, &[&early.replace("to_day: 9", "to_day: 4"), &private], Rule::SilentStretch);
        assert_eq!(d, ["the groups get no group message for 10 days: days 5–14 (2027-03-05 – 2027-03-14)"]);
    }

    /// Each staggered cohort keeps the rhythm on its own dates: steps on fixed dates in the
    /// first cohort's fortnight leave the second cohort (from 2027-03-15) silent. Only the
    /// first cohort's schedule was looked at.
    #[test]
    fn every_staggered_cohort_is_held_to_the_rhythm() {
        let base = include_str!("../../tests/data/base.yaml").replace("  count: 2\n", "  count: 2\n  stagger: 14d\n");
        let dated: Vec<String> = ["01", "04", "08", "11", "14"]
            .iter()
            .map(|d| {
                format!(r#"id: s{d}, title: 话题, when: {{ date: 2027-03-{d}, at: "12:00" }}, purpose: activation"#)
            })
            .collect();
        let sop: Vec<&str> = dated.iter().map(String::as_str).collect();
        let silent = ["the groups get no group message for 14 days: days 1–14 (2027-03-15 – 2027-03-28)"];
        assert_eq!(found_in(&base, WEEKLY, &sop, Rule::SilentStretch), silent);
        let short = ["the activation pillar promises 1 a week (`1/week`); the SOP schedules 0 a week in weeks 1–2"];
        assert_eq!(found_in(&base, WEEKLY, &sop, Rule::SopRhythmMismatch), short);
        // Without the stagger every group runs the first cohort's fortnight, which keeps both.
        let plain = include_str!("../../tests/data/base.yaml");
        assert!(found_in(plain, WEEKLY, &sop, Rule::SilentStretch).is_empty());
        assert!(found_in(plain, WEEKLY, &sop, Rule::SopRhythmMismatch).is_empty());
    }
}
