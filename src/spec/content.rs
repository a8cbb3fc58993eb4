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
        Brand = "brand" / "品宣" : "brand: tells the brand's story; low frequency",
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
        Private = "private" / "私聊" : "private chats with members, selected by `to_tags`",
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
}

/// When an SOP step happens (触发时间). Exactly one of the forms:
/// `{day, at}`, `{every, at, from_day, to_day}`, `{after_join}`, `{before_end, at}`,
/// `{date, at}`, `{phase, day, at}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({ "day": 1, "at": "20:00" }), example = serde_json::json!({ "every": "weekday", "at": "08:30", "from_day": 2 }), example = serde_json::json!({ "after_join": "10m" }), example = serde_json::json!({ "before_end": "1d", "at": "20:00" }))]
pub(crate) struct Trigger {
    /// Day N of the group (第N天; day 1 = launch day), or with `phase`, day N of that phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -36500, max = 36500))]
    pub(crate) day: Option<i32>,
    /// Time of day (时间), `HH:MM`; required on every dated form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) at: Option<TimeOfDay>,
    /// Repeat (重复): `day`, `weekday`, `weekend`, `mon`…`sun`, or a list such as `[mon, thu]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) every: Option<Every>,
    /// With `every`: first day (起始日). Default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -36500, max = 36500))]
    pub(crate) from_day: Option<i32>,
    /// With `every`: last day (结束日). Default the last day of the term or horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -36500, max = 36500))]
    pub(crate) to_day: Option<i32>,
    /// Relative to each member's entry (入群后), e.g. `10m`; not dated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) after_join: Option<Duration>,
    /// Counted back from the last day of the term (结束前), e.g. `1d` = the day before the last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) before_end: Option<Duration>,
    /// A calendar date (日期).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) date: Option<Date>,
    /// A phase id (阶段); with `day`, day N of that phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) phase: Option<Id>,
}

/// Which days an `every` trigger runs on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum Every {
    /// `day`, `weekday`, `weekend` or one weekday.
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

/// An attachment (附件). The fields that apply depend on `type`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Attachment {
    /// Attachment type (附件类型).
    #[serde(rename = "type")]
    pub(crate) kind: AttachmentType,
    /// `image`, `file`, `video`: file name or description (名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    /// `link`, `miniprogram`: card title (标题).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    /// `link`: address (链接地址).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    /// `miniprogram`: mini-program appid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) appid: Option<String>,
    /// `miniprogram`: page path (页面路径).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) page: Option<String>,
}
