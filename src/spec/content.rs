//! The content section: pillars and the SOP, with its triggers and attachments.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::label::label_enum;
use super::scalar::{Date, Duration, Frequency, Id, TimeOfDay};

label_enum! {
    /// What a piece of content is for (内容目的).
    Purpose {
        Activation = "activation" / "促活" : "activation: keeps the group talking; high frequency",
        Conversion = "conversion" / "转化" : "conversion: sells; medium frequency",
        Brand = "brand" / "品宣" | "品牌宣传" : "brand: tells the brand's story; low frequency",
        Service = "service" / "服务" : "service: answers and helps",
    }
}

label_enum! {
    /// Content format (内容形式).
    Format {
        Text = "text" / "文字" : "text",
        Image = "image" / "图片" : "images and posters",
        Video = "video" / "视频" : "video",
        Audio = "audio" / "音频" : "audio",
        Live = "live" / "直播" : "live stream",
        Link = "link" / "链接" : "links and articles",
        Miniprogram = "miniprogram" / "小程序" : "mini-program cards",
    }
}

label_enum! {
    /// Where an SOP step is performed (发送渠道).
    Channel {
        Group = "group" / "群消息" : "a message in the group",
        Private = "private" / "私聊" | "私信" : "private chats with members, selected by `to_tags`",
        Moments = "moments" / "朋友圈" : "a Moments post, visible to customers selected by `to_tags`",
        Announcement = "announcement" / "群公告" : "an update of the group announcement",
    }
}

label_enum! {
    /// Attachment type (附件类型).
    AttachmentType {
        Image = "image" / "图片" : "an image: `name`",
        Link = "link" / "链接" : "a link card: `title`, `url`",
        Miniprogram = "miniprogram" / "小程序" : "a mini-program card: `title`, `appid`, `page`",
        File = "file" / "文件" : "a file: `name`",
        Video = "video" / "视频" : "a video: `name`",
    }
}

label_enum! {
    /// Which days an `every` trigger runs on (重复).
    EveryKind {
        Day = "day" / "每天" : "every day",
        Weekday = "weekday" / "工作日" : "Monday to Friday",
        Weekend = "weekend" / "周末" : "Saturday and Sunday",
        Mon = "mon" / "周一" : "Mondays",
        Tue = "tue" / "周二" : "Tuesdays",
        Wed = "wed" / "周三" : "Wednesdays",
        Thu = "thu" / "周四" : "Thursdays",
        Fri = "fri" / "周五" : "Fridays",
        Sat = "sat" / "周六" : "Saturdays",
        Sun = "sun" / "周日" : "Sundays",
        Month = "month" / "每月" : "every month, on the day `on` names",
    }
}

label_enum! {
    /// The last day of a month (每月最后一天), for `every: month`.
    MonthEnd {
        Last = "last" / "最后一天" : "the month's last day: 28, 29, 30 or 31",
    }
}

/// The day of the month a monthly repeat runs on (每月几号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum MonthDay {
    /// Day 1–31; in a month without that day, the month's last day.
    Day(#[schemars(range(min = 1, max = 31))] u8),
    /// `last` (最后一天): the month's last day.
    Last(MonthEnd),
}

impl MonthDay {
    /// Whether `date` is this day of its month: a day past the month's end falls on its last day.
    pub(crate) fn matches(self, date: super::Date) -> bool {
        let last = date.days_in_month();
        match self {
            MonthDay::Day(d) => date.day == d.min(last),
            MonthDay::Last(MonthEnd::Last) => date.day == last,
        }
    }
}

label_enum! {
    /// A day of the week (星期).
    Weekday {
        Mon = "mon" / "周一" : "Monday",
        Tue = "tue" / "周二" : "Tuesday",
        Wed = "wed" / "周三" : "Wednesday",
        Thu = "thu" / "周四" : "Thursday",
        Fri = "fri" / "周五" : "Friday",
        Sat = "sat" / "周六" : "Saturday",
        Sun = "sun" / "周日" : "Sunday",
    }
}

impl Weekday {
    /// 0 = Monday … 6 = Sunday, as [`super::Date::weekday`].
    pub(crate) fn index(self) -> u8 {
        Weekday::ALL.iter().position(|w| *w == self).unwrap_or(0) as u8
    }
}

impl EveryKind {
    /// Whether a date with this weekday index (0 = Monday) matches.
    pub(crate) fn matches(self, weekday: u8) -> bool {
        match self {
            EveryKind::Day => true,
            EveryKind::Weekday => weekday < 5,
            EveryKind::Weekend => weekday >= 5,
            // Month days are matched on the date (`MonthDay::matches`), not the weekday.
            EveryKind::Month => false,
            one => EveryKind::ALL.iter().position(|k| *k == one).map(|p| p - 3) == Some(usize::from(weekday)),
        }
    }
}

/// Content plan (内容规划) and the SOP.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Content {
    /// Content pillars (内容支柱): activation high, conversion medium, brand low.
    #[serde(default)]
    pub(crate) pillars: Vec<Pillar>,
    /// The SOP steps (群SOP) that guide daily work.
    #[serde(default)]
    pub(crate) sop: Vec<Step>,
    /// Group-channel SOP messages one group may get per day before `message-flood` warns
    /// (每日群消息上限). Default 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100))]
    pub(crate) daily_message_budget: Option<u32>,
}

/// A content pillar (内容支柱).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Pillar {
    /// What it is for (内容目的).
    pub(crate) purpose: Purpose,
    /// How often (频率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) frequency: Option<Frequency>,
    /// Formats used (内容形式).
    #[serde(default)]
    pub(crate) formats: Vec<Format>,
    /// Topics (话题).
    #[serde(default)]
    pub(crate) topics: Vec<String>,
}

/// An SOP step (SOP步骤): who does what, where, when.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Step {
    /// Step id (步骤标识).
    pub(crate) id: Id,
    /// What the step is (标题), e.g. `开营仪式`.
    pub(crate) title: String,
    /// When it happens (触发时间): exactly one trigger form.
    pub(crate) when: Trigger,
    /// Where it is performed (发送渠道).
    pub(crate) channel: Channel,
    /// Who performs it (执行角色): a role id.
    pub(crate) role: Id,
    /// What it is for (内容目的).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) purpose: Option<Purpose>,
    /// The text to send (消息模板); sees `step`, and `date` and `day` when dated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) message: Option<String>,
    /// Attachments (附件): at most 9.
    #[serde(default)]
    pub(crate) attachments: Vec<Attachment>,
    /// For `private` and `moments`: tags (`组/标签`) that select recipients (目标标签).
    #[serde(default)]
    pub(crate) to_tags: Vec<String>,
    /// For `private` and `moments`: the segment it goes to (目标分层), a `segments` id; it
    /// reaches only the members with the segment's tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) segment: Option<String>,
}

/// When an SOP step happens (触发时间): exactly one of the forms `{day, at}`,
/// `{every, at, from_day, to_day}`, `{after_join}`, `{before_end, at}`, `{date, at}`,
/// `{phase, day, at}`.
// Each form's keys keep the order of the one mapping `when` used to be, so steps serialize
// (for templates and `plan.json`) as they did.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged, try_from = "WrittenTrigger")]
#[schemars(!try_from, transform = super::forms_schema)]
#[schemars(example = serde_json::json!({ "day": 1, "at": "20:00" }), example = serde_json::json!({ "every": "weekday", "at": "08:30", "from_day": 2 }), example = serde_json::json!({ "after_join": "10m" }), example = serde_json::json!({ "before_end": "1d", "at": "20:00" }))]
pub(crate) enum Trigger {
    /// Day N of the group (第N天), at a time.
    Day {
        /// Day N of the group (第N天; day 1 = launch day), or with `phase`, day N of that phase.
        #[schemars(range(min = -36500, max = 36500))]
        day: i32,
        /// Time of day (时间), `HH:MM`; required on every dated form.
        at: TimeOfDay,
    },
    /// Repeating (重复), at a time, from `from_day` to `to_day`; with `phase`, on that phase's days.
    Every {
        /// Time of day (时间), `HH:MM`; required on every dated form.
        at: TimeOfDay,
        /// Repeat (重复): `day`, `weekday`, `weekend`, `mon`…`sun`, a list such as `[mon, thu]`, or
        /// `month` with `on`.
        every: Every,
        /// With `every: month`: the day of the month (每月几号), 1–31 or `last` (最后一天); a day
        /// past a month's end falls on its last day.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "MonthDay")]
        on: Option<MonthDay>,
        /// With `every`: first day (起始日). Default 1.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(range(min = -36500, max = 36500))]
        from_day: Option<i32>,
        /// With `every`: last day (结束日). Default the last day of the term or horizon.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(range(min = -36500, max = 36500))]
        to_day: Option<i32>,
        /// A phase id (阶段): with `day`, day N of that phase; with `every`, repeats on that phase's
        /// days only, `from_day` and `to_day` counted within it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "Id")]
        phase: Option<Id>,
    },
    /// Relative to each member's entry (入群后); not dated.
    AfterJoin {
        /// Relative to each member's entry (入群后), e.g. `10m`; not dated.
        after_join: Duration,
    },
    /// Counted back from the last day of the term (结束前), at a time.
    BeforeEnd {
        /// Time of day (时间), `HH:MM`; required on every dated form.
        at: TimeOfDay,
        /// Counted back from the last day of the term (结束前), e.g. `1d` = the day before the last day.
        before_end: Duration,
    },
    /// A calendar date (日期), at a time.
    Date {
        /// Time of day (时间), `HH:MM`; required on every dated form.
        at: TimeOfDay,
        /// A calendar date (日期).
        date: Date,
    },
    /// Day N of a phase (阶段), at a time.
    Phase {
        /// Day N of the group (第N天; day 1 = launch day), or with `phase`, day N of that phase.
        #[schemars(range(min = -36500, max = 36500))]
        day: i32,
        /// Time of day (时间), `HH:MM`; required on every dated form.
        at: TimeOfDay,
        /// A phase id (阶段): with `day`, day N of that phase; with `every`, repeats on that phase's
        /// days only, `from_day` and `to_day` counted within it.
        phase: Id,
    },
}

/// The forms of a trigger, each named by the key that marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TriggerForm {
    Day,
    Every,
    AfterJoin,
    BeforeEnd,
    Date,
    Phase,
}

impl TriggerForm {
    /// Every form, in the order the language lists them.
    pub(crate) const ALL: [TriggerForm; 6] = [
        TriggerForm::Day,
        TriggerForm::Every,
        TriggerForm::AfterJoin,
        TriggerForm::BeforeEnd,
        TriggerForm::Date,
        TriggerForm::Phase,
    ];

    /// The key that marks the form, as written in specs and in `plan.json`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            TriggerForm::Day => "day",
            TriggerForm::Every => "every",
            TriggerForm::AfterJoin => "after_join",
            TriggerForm::BeforeEnd => "before_end",
            TriggerForm::Date => "date",
            TriggerForm::Phase => "phase",
        }
    }
}

impl Serialize for TriggerForm {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl JsonSchema for TriggerForm {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TriggerForm".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let keys: Vec<&str> = TriggerForm::ALL.iter().map(|f| f.key()).collect();
        schemars::json_schema!({ "type": "string", "enum": keys })
    }
}

impl Trigger {
    pub(crate) fn form(&self) -> TriggerForm {
        match self {
            Trigger::Day { .. } => TriggerForm::Day,
            Trigger::Every { .. } => TriggerForm::Every,
            Trigger::AfterJoin { .. } => TriggerForm::AfterJoin,
            Trigger::BeforeEnd { .. } => TriggerForm::BeforeEnd,
            Trigger::Date { .. } => TriggerForm::Date,
            Trigger::Phase { .. } => TriggerForm::Phase,
        }
    }

    /// The time of day of a dated form; None for `after_join`, which is not dated.
    pub(crate) fn at(&self) -> Option<TimeOfDay> {
        match self {
            Trigger::Day { at, .. }
            | Trigger::Every { at, .. }
            | Trigger::BeforeEnd { at, .. }
            | Trigger::Date { at, .. }
            | Trigger::Phase { at, .. } => Some(*at),
            Trigger::AfterJoin { .. } => None,
        }
    }

    /// The delay of an `after_join` trigger: the step runs for each member, not on a day.
    pub(crate) fn after_join(&self) -> Option<&Duration> {
        match self {
            Trigger::AfterJoin { after_join } => Some(after_join),
            _ => None,
        }
    }
}

/// A `when` as written: every form's keys, each optional. Only deserialization sees it; the
/// schema has already checked that it is exactly one form.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenTrigger {
    day: Option<i32>,
    at: Option<TimeOfDay>,
    every: Option<Every>,
    on: Option<MonthDay>,
    from_day: Option<i32>,
    to_day: Option<i32>,
    after_join: Option<Duration>,
    before_end: Option<Duration>,
    date: Option<Date>,
    phase: Option<Id>,
}

impl TryFrom<WrittenTrigger> for Trigger {
    type Error = &'static str;

    fn try_from(w: WrittenTrigger) -> Result<Trigger, Self::Error> {
        let WrittenTrigger { day, at, every, on, from_day, to_day, after_join, before_end, date, phase } = w;
        let repeat = (every, on, from_day, to_day);
        Ok(match (day, at, repeat, after_join, before_end, date, phase) {
            (Some(day), Some(at), (None, None, None, None), None, None, None, None) => Trigger::Day { day, at },
            (None, Some(at), (Some(every), on, from_day, to_day), None, None, None, phase) => {
                Trigger::Every { at, every, on, from_day, to_day, phase }
            }
            (None, None, (None, None, None, None), Some(after_join), None, None, None) => {
                Trigger::AfterJoin { after_join }
            }
            (None, Some(at), (None, None, None, None), None, Some(before_end), None, None) => {
                Trigger::BeforeEnd { at, before_end }
            }
            (None, Some(at), (None, None, None, None), None, None, Some(date), None) => Trigger::Date { at, date },
            (Some(day), Some(at), (None, None, None, None), None, None, None, Some(phase)) => {
                Trigger::Phase { day, at, phase }
            }
            _ => return Err("a trigger is exactly one of its forms"),
        })
    }
}

/// Which days an `every` trigger runs on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum Every {
    /// `day`, `weekday`, `weekend`, one weekday, or `month` (with `on`).
    One(EveryKind),
    /// A list of weekdays, e.g. `[mon, thu]`.
    Days(Vec<Weekday>),
}

impl Every {
    pub(crate) fn matches(&self, weekday: u8) -> bool {
        match self {
            Every::One(k) => k.matches(weekday),
            Every::Days(days) => days.iter().any(|d| d.index() == weekday),
        }
    }
}

/// An attachment (附件). The fields it takes depend on `type`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", deny_unknown_fields)]
#[schemars(transform = attachment_schema)]
pub(crate) enum Attachment {
    /// An image (图片).
    #[serde(rename = "image", alias = "图片")]
    Image {
        /// `image`, `file`, `video`: file name or description (名称).
        name: String,
    },
    /// A link card (链接).
    #[serde(rename = "link", alias = "链接")]
    Link {
        /// `link`, `miniprogram`: card title (标题).
        title: String,
        /// `link`: address (链接地址).
        url: String,
    },
    /// A mini-program card (小程序).
    #[serde(rename = "miniprogram", alias = "小程序")]
    Miniprogram {
        /// `link`, `miniprogram`: card title (标题).
        title: String,
        /// `miniprogram`: mini-program appid.
        appid: String,
        /// `miniprogram`: page path (页面路径).
        page: String,
    },
    /// A file (文件).
    #[serde(rename = "file", alias = "文件")]
    File {
        /// `image`, `file`, `video`: file name or description (名称).
        name: String,
    },
    /// A video (视频).
    #[serde(rename = "video", alias = "视频")]
    Video {
        /// `image`, `file`, `video`: file name or description (名称).
        name: String,
    },
}

impl Attachment {
    pub(crate) fn kind(&self) -> AttachmentType {
        match self {
            Attachment::Image { .. } => AttachmentType::Image,
            Attachment::Link { .. } => AttachmentType::Link,
            Attachment::Miniprogram { .. } => AttachmentType::Miniprogram,
            Attachment::File { .. } => AttachmentType::File,
            Attachment::Video { .. } => AttachmentType::Video,
        }
    }
}

fn attachment_schema(schema: &mut schemars::Schema) {
    super::tagged_forms_schema(schema, "Attachment type (附件类型).", AttachmentType::json_schema, |v| {
        AttachmentType::parse(v).map(AttachmentType::other_spellings).unwrap_or_default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_and_attachments_serialize_as_written() {
        // Templates and `plan.json` see steps serialized: each form keeps the keys, in the
        // order, that `when` had as one mapping.
        for written in [
            r#"{"day":1,"at":"09:00"}"#,
            r#"{"at":"09:00","every":["mon","thu"],"from_day":2,"to_day":9}"#,
            r#"{"at":"09:00","every":"day"}"#,
            r#"{"after_join":"10m"}"#,
            r#"{"at":"20:00","before_end":"1d"}"#,
            r#"{"at":"20:00","date":"2027-03-03"}"#,
            r#"{"day":2,"at":"20:00","phase":"warmup"}"#,
        ] {
            let trigger: Trigger = serde_json::from_str(written).unwrap();
            assert_eq!(serde_json::to_string(&trigger).unwrap(), written);
        }
        let attachments = r#"[{"type":"image","name":"海报.png"},{"type":"link","title":"报名","url":"https://x"},{"type":"miniprogram","title":"课","appid":"wx1","page":"p/i"}]"#;
        let typed: Vec<Attachment> = serde_json::from_str(attachments).unwrap();
        assert_eq!(serde_json::to_string(&typed).unwrap(), attachments);
        let labelled: Attachment =
            serde_json::from_str(r#"{"type":"小程序","title":"课","appid":"wx1","page":"p"}"#).unwrap();
        assert_eq!(labelled.kind(), AttachmentType::Miniprogram);
    }
}
