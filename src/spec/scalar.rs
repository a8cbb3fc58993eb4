//! The language's scalar types: durations, times, dates, targets, frequencies and ids.
//!
//! Each parses from the text the user wrote, keeps that text for output, and describes
//! itself to the JSON Schema with a pattern, so editors and other validators agree with us.
//! What each refuses, and why, is typed ([`Invalid`]) and said in English and Chinese.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::i18n::{Text, tr};
use crate::limits::{DATE_FIRST_YEAR, DATE_LAST_YEAR};

/// Implements Serialize (as the source text), Deserialize and `FromStr` (through the type's
/// `from_text`) and a string JSON Schema with a pattern for a scalar type.
macro_rules! string_scalar {
    ($ty:ident, $name:literal, $pattern:expr, $description:literal, [$($example:literal),*]) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = Cow::<str>::deserialize(d)?;
                $ty::from_text(&text).map_err(refuse)
            }
        }
        /// The English reason as the error, for callers that show it as it is.
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                $ty::from_text(s).map_err(|e| e.to_string())
            }
        }
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "pattern": $pattern,
                    "description": $description,
                    "examples": [$($example),*],
                })
            }
        }
    };
}

/// Why a text is not a value of its scalar type. `Display` is the English sentence
/// ("invalid date `2027-02-30`: 2027-02 has 28 days"); [`Invalid::at`] and [`Invalid::why`]
/// say it in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Invalid {
    /// Not a number and a unit.
    Duration(String),
    /// A number and a unit no duration has.
    DurationUnit {
        text: String,
        unit: String,
    },
    Term(String),
    Time(String),
    /// Not `YYYY-MM-DD`.
    Date(String),
    Month {
        text: String,
        month: u16,
    },
    YearZero(String),
    /// A day past the end of its month (or day 0).
    Day {
        text: String,
        year: i32,
        month: u8,
        days: u8,
    },
    Target(String),
    /// Not a percentage from 0% to 100%.
    Percent(String),
    Frequency(String),
    Id(String),
    /// A labelled enum's value that is none of its spellings; `expected` lists each value
    /// with its label.
    Label {
        text: String,
        expected: Text,
    },
}

impl Invalid {
    /// The text refused.
    pub(crate) fn text(&self) -> &str {
        match self {
            Invalid::Duration(text)
            | Invalid::Term(text)
            | Invalid::Time(text)
            | Invalid::Date(text)
            | Invalid::YearZero(text)
            | Invalid::Target(text)
            | Invalid::Percent(text)
            | Invalid::Frequency(text)
            | Invalid::Id(text)
            | Invalid::DurationUnit { text, .. }
            | Invalid::Month { text, .. }
            | Invalid::Day { text, .. }
            | Invalid::Label { text, .. } => text,
        }
    }

    /// What is refused where: `path` is the node's path as people read it (`lifecycle.start`).
    pub(crate) fn at(&self, path: &str) -> Text {
        let text = self.text();
        match self {
            Invalid::Duration(_) | Invalid::DurationUnit { .. } => {
                tr!("invalid duration `{text}` at `{path}`", "`{path}` 处的时长 `{text}` 无效")
            }
            Invalid::Term(_) => tr!("invalid term `{text}` at `{path}`", "`{path}` 处的服务期限 `{text}` 无效"),
            Invalid::Time(_) => tr!("invalid time `{text}` at `{path}`", "`{path}` 处的时间 `{text}` 无效"),
            Invalid::Date(_) | Invalid::Month { .. } | Invalid::YearZero(_) | Invalid::Day { .. } => {
                tr!("invalid date `{text}` at `{path}`", "`{path}` 处的日期 `{text}` 无效")
            }
            Invalid::Target(_) => tr!("invalid target `{text}` at `{path}`", "`{path}` 处的目标值 `{text}` 无效"),
            Invalid::Percent(_) => tr!("invalid percentage `{text}` at `{path}`", "`{path}` 处的百分比 `{text}` 无效"),
            Invalid::Frequency(_) => tr!("invalid frequency `{text}` at `{path}`", "`{path}` 处的频率 `{text}` 无效"),
            Invalid::Id(_) => tr!("invalid id `{text}` at `{path}`", "`{path}` 处的 id `{text}` 无效"),
            Invalid::Label { expected, .. } => {
                let (expected, expected_zh) = (expected.en(), expected.get(crate::i18n::Lang::Zh));
                tr!(
                    "invalid value at `{path}`: unknown value `{text}`, expected one of {expected}",
                    "`{path}` 处的值无效：未知的取值 `{text}`，可选值：{expected_zh}"
                )
            }
        }
    }

    /// Why, and so what to write instead.
    pub(crate) fn why(&self) -> Text {
        match self {
            Invalid::Duration(_) => {
                tr!("expected a number and a unit, like `7d` or `2h`", "应为数字加单位，如 `7d` 或 `2h`")
            }
            Invalid::DurationUnit { unit, .. } => tr!(
                "unknown unit `{unit}` (use m, h, d, w, mo, y or 分钟, 小时, 天, 周, 个月, 年)",
                "未知的单位 `{unit}`（可用 m、h、d、w、mo、y，或 分钟、小时、天、周、个月、年）"
            ),
            Invalid::Term(_) => tr!(
                "expected a duration such as `21d`, `3mo`, `1y`, or `ongoing`",
                "应为时长，如 `21d`、`3mo`、`1y`，或 `ongoing`"
            ),
            Invalid::Time(_) => {
                tr!("expected `HH:MM` on a 24-hour clock, like \"09:30\"", "应为 24 小时制的 `HH:MM`，如 \"09:30\"")
            }
            Invalid::Date(_) => tr!("expected `YYYY-MM-DD`, like 2027-03-01", "应为 `YYYY-MM-DD`，如 2027-03-01"),
            Invalid::Month { month, .. } => tr!("there is no month {month}", "没有 {month} 月"),
            Invalid::YearZero(_) => tr!(
                "there is no year 0; years run from {DATE_FIRST_YEAR} to {DATE_LAST_YEAR}",
                "没有 0 年；年份从 {DATE_FIRST_YEAR} 到 {DATE_LAST_YEAR}"
            ),
            Invalid::Day { year, month, days, .. } => {
                tr!("{year}-{month:02} has {days} days", "{year}-{month:02} 只有 {days} 天")
            }
            Invalid::Target(_) => tr!(
                "expected a comparison and a value, like \">= 10%\" or \"<= 199\"",
                "应为比较符加数值，如 \">= 10%\" 或 \"<= 199\""
            ),
            Invalid::Percent(_) => {
                tr!("expected a percentage from 0% to 100%, like \"8%\"", "应为 0% 到 100% 的百分比，如 \"8%\"")
            }
            Invalid::Frequency(_) => tr!(
                "expected daily, weekly, monthly, `N/week` or `N/month`",
                "应为 daily、weekly、monthly、`N/week` 或 `N/month`"
            ),
            Invalid::Id(_) => tr!(
                "use lowercase letters, digits and `-`, starting with a letter or digit",
                "只能用小写字母、数字和 `-`，并以字母或数字开头"
            ),
            Invalid::Label { .. } => tr!("write one of the values listed", "请写列出的取值之一"),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.text();
        let what = match self {
            Invalid::Label { expected, .. } => {
                return write!(f, "unknown value `{text}`, expected one of {}", expected.en());
            }
            Invalid::Duration(_) | Invalid::DurationUnit { .. } => "duration",
            Invalid::Term(_) => "term",
            Invalid::Time(_) => "time",
            Invalid::Date(_) | Invalid::Month { .. } | Invalid::YearZero(_) | Invalid::Day { .. } => "date",
            Invalid::Target(_) => "target",
            Invalid::Percent(_) => "percentage",
            Invalid::Frequency(_) => "frequency",
            Invalid::Id(_) => "id",
        };
        write!(f, "invalid {what} `{text}`: {}", self.why().en())
    }
}

thread_local! {
    /// The last scalar refused on this thread: serde's errors carry only text, so the typed
    /// reason goes beside them to [`with_refusal`].
    static REFUSED: RefCell<Option<Invalid>> = const { RefCell::new(None) };
}

/// A scalar's refusal as serde's error (its English sentence), kept typed for [`with_refusal`].
pub(crate) fn refuse<E: serde::de::Error>(invalid: Invalid) -> E {
    let error = E::custom(&invalid);
    REFUSED.with(|r| *r.borrow_mut() = Some(invalid));
    error
}

/// Runs a deserialization, and returns its result with the last scalar it refused, if any.
/// That refusal is not always what failed: an untagged enum tries its variants and drops
/// their errors, so the caller checks that the error it got is the refusal's.
pub(crate) fn with_refusal<T>(deserialize: impl FnOnce() -> T) -> (T, Option<Invalid>) {
    REFUSED.with(|r| r.borrow_mut().take());
    let out = deserialize();
    (out, REFUSED.with(|r| r.borrow_mut().take()))
}

/// Units of a duration, longest spelling first so `mo` wins over `m`.
const DURATION_UNITS: &[(&str, u64)] = &[
    ("分钟", 1),
    ("小时", 60),
    ("个月", 30 * 1440),
    ("mo", 30 * 1440),
    ("m", 1),
    ("h", 60),
    ("d", 1440),
    ("w", 7 * 1440),
    ("y", 365 * 1440),
    ("天", 1440),
    ("日", 1440),
    ("周", 7 * 1440),
    ("月", 30 * 1440),
    ("年", 365 * 1440),
];

pub(crate) const DURATION_PATTERN: &str = r"^[0-9]{1,6} ?(mo|m|h|d|w|y|分钟|小时|天|日|周|个月|月|年)$";

/// An amount of time: `30m`, `2h`, `7d`, `3w`, `1mo` (30 days), `1y` (365 days).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duration {
    pub minutes: u64,
    text: String,
}

impl Duration {
    /// Whole days, rounding a part day up (a `36h` term covers two calendar days).
    pub fn days_ceil(&self) -> u64 {
        self.minutes.div_ceil(1440)
    }

    pub(crate) fn from_text(s: &str) -> Result<Self, Invalid> {
        let t = s.trim();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let (num, unit) = t.split_at(digits);
        let unit = unit.trim_start();
        let n: u64 = num.parse().ok().filter(|_| digits <= 6).ok_or_else(|| Invalid::Duration(s.to_string()))?;
        let per = DURATION_UNITS
            .iter()
            .find(|(u, _)| *u == unit)
            .map(|(_, m)| *m)
            .ok_or_else(|| Invalid::DurationUnit { text: s.to_string(), unit: unit.to_string() })?;
        Ok(Duration { minutes: n * per, text: t.to_string() })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

string_scalar!(
    Duration,
    "Duration",
    DURATION_PATTERN,
    "A duration: an integer and a unit — m (minutes), h, d, w, mo (30 days), y (365 days), or 分钟, 小时, 天, 周, 个月, 年 (时长).",
    ["7d", "2h", "3mo", "21天"]
);

/// The service term: a duration, or `ongoing` for a long-term community.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Ongoing,
    Fixed(Duration),
}

impl Term {
    /// Length in days, or None for `ongoing`.
    pub fn days(&self) -> Option<u64> {
        match self {
            Term::Ongoing => None,
            Term::Fixed(d) => Some(d.days_ceil()),
        }
    }

    pub(crate) fn from_text(s: &str) -> Result<Self, Invalid> {
        match s.trim() {
            "ongoing" | "长期" => Ok(Term::Ongoing),
            t => Duration::from_text(t).map(Term::Fixed).map_err(|_| Invalid::Term(s.to_string())),
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Ongoing => f.write_str("ongoing"),
            Term::Fixed(d) => d.fmt(f),
        }
    }
}

string_scalar!(
    Term,
    "Term",
    r"^(ongoing|长期|[0-9]{1,6} ?(mo|m|h|d|w|y|分钟|小时|天|日|周|个月|月|年))$",
    "The service term (服务期限): a duration such as `7d`, `21d`, `3mo`, `1y`, or `ongoing` (长期) for a long-term community.",
    ["21d", "3mo", "ongoing"]
);

/// A time of day, `HH:MM` on a 24-hour clock, in the spec's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    pub minutes: u16,
}

impl TimeOfDay {
    pub(crate) fn hour(self) -> u16 {
        self.minutes / 60
    }
    pub(crate) fn minute(self) -> u16 {
        self.minutes % 60
    }

    pub(crate) fn from_text(s: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::Time(s.to_string());
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        let ok = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        if !ok(h) || m.len() != 2 || !ok(m) {
            return Err(bad());
        }
        let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 23 || m > 59 {
            return Err(bad());
        }
        Ok(TimeOfDay { minutes: h * 60 + m })
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

string_scalar!(
    TimeOfDay,
    "TimeOfDay",
    r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
    "A time of day (时间), `HH:MM` on a 24-hour clock in the spec's time zone. Quote it in YAML.",
    ["09:30", "20:00"]
);

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub(crate) month: u8,
    pub(crate) day: u8,
}

impl Date {
    /// Days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The last date a plan may name.
    pub const LAST: Date = Date { year: DATE_LAST_YEAR, month: 12, day: 31 };

    /// The inverse of [`Date::to_days`]; None outside the years a date is written in
    /// ([`DATE_FIRST_YEAR`]–[`DATE_LAST_YEAR`]), which also keeps the arithmetic from
    /// overflowing.
    pub fn from_days(z: i64) -> Option<Date> {
        let first = Date { year: DATE_FIRST_YEAR, month: 1, day: 1 };
        if !(first.to_days()..=Date::LAST.to_days()).contains(&z) {
            return None;
        }
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Some(Date { year, month, day })
    }

    /// The date `n` days later (earlier when negative); None past the years a date is
    /// written in.
    pub fn add_days(self, n: i64) -> Option<Date> {
        self.to_days().checked_add(n).and_then(Date::from_days)
    }

    /// The number of days in this date's month: 28–31.
    pub(crate) fn days_in_month(self) -> u8 {
        days_in_month(self.year, self.month)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        (self.to_days() + 3).rem_euclid(7) as u8
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    pub(crate) fn from_text(s: &str) -> Result<Self, Invalid> {
        let t = s.trim();
        let bad = || Invalid::Date(s.to_string());
        let b = t.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        // Digits only: `u16::from_str` would also take a sign (`+999-01-01`).
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if !(digits(0..4) && digits(5..7) && digits(8..10)) {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| t[r].parse::<u16>().map_err(|_| bad());
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&month) {
            return Err(Invalid::Month { text: s.to_string(), month });
        }
        let (year, month) = (i32::from(year), month as u8);
        if year < DATE_FIRST_YEAR {
            return Err(Invalid::YearZero(s.to_string()));
        }
        let days = days_in_month(year, month);
        if day == 0 || day > u16::from(days) {
            return Err(Invalid::Day { text: s.to_string(), year, month, days });
        }
        Ok(Date { year, month, day: day as u8 })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

string_scalar!(Date, "Date", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "A calendar date (日期), `YYYY-MM-DD`.", ["2027-03-01"]);

/// A comparison in a KPI target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
}

impl Cmp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
            Cmp::Le => "<=",
            Cmp::Lt => "<",
            Cmp::Eq => "==",
        }
    }
    /// The comparison in Chinese, for generated text.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Cmp::Ge => "不低于",
            Cmp::Gt => "高于",
            Cmp::Le => "不高于",
            Cmp::Lt => "低于",
            Cmp::Eq => "等于",
        }
    }
}

/// A KPI target: a comparison and a value, `">= 10%"`, `"<= 5%"`, `">= 199"`, `"> 1.5"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub(crate) cmp: Cmp,
    /// The number as written (10 for `10%`).
    pub value: f64,
    /// Written with `%`.
    pub(crate) percent: bool,
    text: String,
}

impl Target {
    /// The value as a fraction when it is a rate: `10%` → 0.1; a bare number is taken as written.
    pub fn fraction(&self) -> f64 {
        if self.percent { self.value / 100.0 } else { self.value }
    }

    pub(crate) fn from_text(s: &str) -> Result<Self, Invalid> {
        let t = s.trim();
        let bad = || Invalid::Target(s.to_string());
        let (cmp, rest) = [(">=", Cmp::Ge), ("<=", Cmp::Le), ("==", Cmp::Eq), (">", Cmp::Gt), ("<", Cmp::Lt)]
            .iter()
            .find_map(|(p, c)| t.strip_prefix(p).map(|r| (*c, r.trim())))
            .ok_or_else(bad)?;
        let (num, percent) = match rest.strip_suffix('%') {
            Some(n) => (n.trim_end(), true),
            None => (rest, false),
        };
        let valid = plain_decimal(num.strip_prefix('-').unwrap_or(num));
        // Finite too: 400 digits parse to infinity.
        let value: f64 = num.parse().ok().filter(|v: &f64| valid && v.is_finite()).ok_or_else(bad)?;
        Ok(Target { cmp, value, percent, text: t.to_string() })
    }
}

/// Whether `num` is digits, or digits, a point and digits: f64's parser would also take
/// `inf`, `NaN`, `+5` and `1e3`.
fn plain_decimal(num: &str) -> bool {
    let plain = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    match num.split_once('.') {
        Some((i, f)) => plain(i) && plain(f),
        None => plain(num),
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

string_scalar!(
    Target,
    "Target",
    r"^(>=|<=|==|>|<) ?-?[0-9]+(\.[0-9]+)? ?%?$",
    "A target (目标值): a comparison (>=, >, <=, <, ==) and a value; rates as percentages (`12%`) or fractions between 0 and 1.",
    [">= 20%", "<= 5%", ">= 199"]
);

/// A share written as a percentage, `8%` or `12.5%`, from 0% to 100%.
#[derive(Debug, Clone, PartialEq)]
pub struct Percent {
    /// The number as written (8 for `8%`).
    pub value: f64,
    text: String,
}

impl Percent {
    /// The share as a fraction: `8%` → 0.08.
    pub fn fraction(&self) -> f64 {
        self.value / 100.0
    }

    pub(crate) fn from_text(s: &str) -> Result<Self, Invalid> {
        let t = s.trim();
        let num = t.strip_suffix('%').map(str::trim_end).unwrap_or_default();
        let valid = plain_decimal(num);
        let value: f64 = num
            .parse()
            .ok()
            .filter(|v| valid && (0.0..=100.0).contains(v))
            .ok_or_else(|| Invalid::Percent(s.to_string()))?;
        Ok(Percent { value, text: t.to_string() })
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

string_scalar!(
    Percent,
    "Percent",
    r"^[0-9]{1,3}(\.[0-9]{1,6})? ?%$",
    "A percentage from 0% to 100% (百分比), e.g. `8%`.",
    ["8%", "12.5%"]
);

/// How often a content pillar runs: `daily`, `weekly`, `monthly`, `N/week`, `N/month`.
#[derive(Debug, Clone, PartialEq)]
pub struct Frequency {
    /// Normalised to times per week, for comparing pillars.
    pub per_week: f64,
    text: String,
}

impl Frequency {
    pub(crate) fn from_text(s: &str) -> Result<Self, Invalid> {
        let t = s.trim();
        let per_week = match t {
            "daily" | "每天" | "每日" => 7.0,
            "weekly" | "每周" => 1.0,
            "monthly" | "每月" => 7.0 / 30.0,
            _ => {
                let bad = || Invalid::Frequency(s.to_string());
                let (n, per) = t.split_once('/').ok_or_else(bad)?;
                let n: f64 = n.trim().parse::<u16>().map_err(|_| bad())?.into();
                match per.trim() {
                    "week" | "周" => n,
                    "month" | "月" => n * 7.0 / 30.0,
                    _ => return Err(bad()),
                }
            }
        };
        Ok(Frequency { per_week, text: t.to_string() })
    }

    /// How often, in Chinese: 每天, 每周, 每月, 每周 N 次, 每月 N 次.
    pub(crate) fn label(&self) -> String {
        match self.text.as_str() {
            "daily" | "每天" | "每日" => "每天".into(),
            "weekly" | "每周" => "每周".into(),
            "monthly" | "每月" => "每月".into(),
            t => match t.split_once('/') {
                Some((n, per)) if matches!(per.trim(), "month" | "月") => format!("每月 {} 次", n.trim()),
                Some((n, _)) => format!("每周 {} 次", n.trim()),
                None => t.into(),
            },
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

string_scalar!(
    Frequency,
    "Frequency",
    r"^(daily|weekly|monthly|每天|每日|每周|每月|[0-9]{1,4} ?/ ?(week|month|周|月))$",
    "How often (频率): `daily`, `weekly`, `monthly`, or `N/week`, `N/month` (每天, 每周, 每月, N/周, N/月).",
    ["daily", "3/week", "weekly"]
);

/// An identifier: `[a-z0-9][a-z0-9-]*`, unique within its list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub(crate) String);

impl Id {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn from_text(s: &str) -> Result<Self, Invalid> {
        let b = s.as_bytes();
        let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        if b.first().is_some_and(ok) && b.iter().all(|c| ok(c) || *c == b'-') {
            Ok(Id(s.to_string()))
        } else {
            Err(Invalid::Id(s.to_string()))
        }
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_scalar!(
    Id,
    "Id",
    r"^[a-z0-9][a-z0-9-]*$",
    "An identifier (标识): lowercase letters, digits and `-`, starting with a letter or digit; unique within its list.",
    ["math-grade3", "owner"]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_both_languages() {
        assert_eq!("7d".parse::<Duration>().unwrap().minutes, 7 * 1440);
        assert_eq!("1mo".parse::<Duration>().unwrap().days_ceil(), 30);
        assert_eq!("30m".parse::<Duration>().unwrap().minutes, 30);
        assert_eq!("3周".parse::<Duration>().unwrap().days_ceil(), 21);
        assert_eq!("1个月".parse::<Duration>().unwrap().days_ceil(), 30);
        assert_eq!("36h".parse::<Duration>().unwrap().days_ceil(), 2);
        assert!("7".parse::<Duration>().is_err());
        assert!("d".parse::<Duration>().is_err());
        assert!("9999999d".parse::<Duration>().is_err());
        let unit = Invalid::DurationUnit { text: "7x".into(), unit: "x".into() };
        assert_eq!(Duration::from_text("7x"), Err(unit));
        assert_eq!(Duration::from_text("9999999d"), Err(Invalid::Duration("9999999d".into())));
        assert_eq!(Term::from_text(" 7x"), Err(Invalid::Term(" 7x".into())));
    }

    #[test]
    fn dates_round_trip_and_know_weekdays() {
        let d: Date = "2027-03-01".parse().unwrap();
        assert_eq!(Date::from_days(d.to_days()), Some(d));
        assert_eq!(d.weekday(), 0, "2027-03-01 is a Monday");
        assert_eq!(d.add_days(-1).unwrap().to_string(), "2027-02-28");
        assert_eq!("2028-02-29".parse::<Date>().unwrap().add_days(1).unwrap().to_string(), "2028-03-01");
        let day = Invalid::Day { text: "2027-02-29".into(), year: 2027, month: 2, days: 28 };
        assert_eq!(Date::from_text("2027-02-29"), Err(day));
        assert_eq!(Date::from_text("2027-13-01"), Err(Invalid::Month { text: "2027-13-01".into(), month: 13 }));
        // Found by fuzzing (`scalars`): a sign was taken as part of the year.
        assert!("+000-01-01".parse::<Date>().is_err());
        assert!("2027-+3-01".parse::<Date>().is_err());
    }

    #[test]
    fn dates_stay_within_four_digit_years() {
        let last: Date = "9999-12-31".parse().unwrap();
        assert_eq!(last, Date::LAST);
        assert_eq!(last.add_days(1), None);
        assert_eq!(last.add_days(-365).unwrap().to_string(), "9998-12-31");
        let first: Date = "0001-01-01".parse().unwrap();
        assert_eq!(first.add_days(-1), None);
        assert_eq!(Date::from_text("0000-12-31"), Err(Invalid::YearZero("0000-12-31".into())));
        // Far beyond either end, the arithmetic refuses instead of overflowing.
        for n in [i64::MAX, i64::MIN, i64::MAX / 2, -(1 << 40)] {
            assert_eq!(first.add_days(n), None, "{n}");
            assert_eq!(Date::from_days(n), None, "{n}");
        }
    }

    #[test]
    fn times_and_targets() {
        assert_eq!("9:05".parse::<TimeOfDay>().unwrap().to_string(), "09:05");
        assert!("24:00".parse::<TimeOfDay>().is_err());
        assert!("12:5".parse::<TimeOfDay>().is_err());
        let t: Target = ">= 12.5%".parse().unwrap();
        assert_eq!((t.cmp, t.percent), (Cmp::Ge, true));
        assert!((t.fraction() - 0.125).abs() < 1e-9);
        assert_eq!("<199".parse::<Target>().unwrap().fraction(), 199.0);
        assert!("about 10".parse::<Target>().is_err());
        assert!(">= NaN".parse::<Target>().is_err());
        // Found by the `scalars` fuzz target's invariant: this was a target of infinity.
        assert!(format!(">= 1{}", "0".repeat(400)).parse::<Target>().is_err());
        assert!(format!("<= 1{}%", "0".repeat(300)).parse::<Target>().is_ok());
    }

    #[test]
    fn percentages_are_shares_from_0_to_100_percent() {
        let shares: Vec<f64> =
            ["8%", "12.5 %", "0%", "100%"].iter().map(|t| t.parse::<Percent>().unwrap().fraction()).collect();
        assert_eq!(shares, [0.08, 0.125, 0.0, 1.0]);
        assert_eq!("8 %".parse::<Percent>().unwrap().to_string(), "8 %");
        for refused in ["8", "100.5%", "-1%", "1e2%", "inf%", ".5%", "5.%", "%", &format!("1{}%", "0".repeat(400))] {
            assert!(refused.parse::<Percent>().is_err(), "{refused}");
        }
    }

    #[test]
    fn frequencies_normalise_to_per_week() {
        assert_eq!("daily".parse::<Frequency>().unwrap().per_week, 7.0);
        assert_eq!("3/week".parse::<Frequency>().unwrap().per_week, 3.0);
        assert!("weekly".parse::<Frequency>().unwrap().per_week > "2/month".parse::<Frequency>().unwrap().per_week);
        assert!("often".parse::<Frequency>().is_err());
    }

    #[test]
    fn frequencies_are_said_in_chinese() {
        let said: Vec<String> = ["daily", "每日", "weekly", "monthly", "3/week", "2 / 月"]
            .iter()
            .map(|t| Frequency::from_text(t).unwrap().label())
            .collect();
        assert_eq!(said, ["每天", "每天", "每周", "每月", "每周 3 次", "每月 2 次"]);
    }

    #[test]
    fn refusals_say_why_in_both_languages() {
        use crate::i18n::Lang;
        // The English sentence is what `FromStr` gives (and the schema shows); the typed
        // reason says it in both languages.
        let e = "2027-02-30".parse::<Date>().unwrap_err();
        assert_eq!(e, "invalid date `2027-02-30`: 2027-02 has 28 days");
        let invalid = Date::from_text("2027-02-30").unwrap_err();
        let at = invalid.at("lifecycle.start");
        assert_eq!(at.en(), "invalid date `2027-02-30` at `lifecycle.start`");
        assert_eq!(at.get(Lang::Zh), "`lifecycle.start` 处的日期 `2027-02-30` 无效");
        assert_eq!(invalid.why().get(Lang::Zh), "2027-02 只有 28 天");
        let unit = Duration::from_text("3 fortnights").unwrap_err();
        assert_eq!(
            unit.why().get(Lang::Zh),
            "未知的单位 `fortnights`（可用 m、h、d、w、mo、y，或 分钟、小时、天、周、个月、年）"
        );
        assert_eq!(
            "Ab".parse::<Id>().unwrap_err(),
            "invalid id `Ab`: use lowercase letters, digits and `-`, starting with a letter or digit"
        );
    }

    #[test]
    fn ids() {
        assert!("math-3".parse::<Id>().is_ok());
        assert!("-x".parse::<Id>().is_err());
        assert!("Ab".parse::<Id>().is_err());
        assert!("".parse::<Id>().is_err());
    }
}
