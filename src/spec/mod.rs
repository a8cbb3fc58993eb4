//! The typed model of the commspec language, version 1 (its reference: README.md and
//! `schemas/commspec.schema.json`).
//!
//! These types are the contract: they deserialize specs (unknown keys rejected, enums taking
//! their Chinese labels too) and generate `schemas/commspec.schema.json`, where every doc
//! comment becomes a description editors show on hover.

mod content;
pub(crate) mod label;
mod resolve;
mod scalar;
mod sections;

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value as Json;

pub(crate) use content::*;
pub(crate) use resolve::{RoleRef, TagRef, Wanted, answer_pointer};
pub use scalar::*;
pub(crate) use sections::*;

/// A commspec community playbook: one file, one community, expanding into one or more groups.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "commspec community spec",
    example = example_spec(),
    extend("$id" = "https://commspec.dev/schemas/commspec.schema.json")
)]
pub struct Spec {
    /// Language version (语言版本). Must be `1`.
    pub(crate) commspec: Version,
    /// IANA time zone of every time and date in the spec (时区). Default `Asia/Shanghai`.
    #[serde(default)]
    pub(crate) timezone: TimeZone,
    /// Who the community is for and why it exists (定位).
    pub(crate) community: Community,
    /// How long the community runs and what happens at the end (生命周期).
    pub(crate) lifecycle: Lifecycle,
    /// Group size, naming and expansion into many groups (建群).
    #[serde(default)]
    pub(crate) groups: Groups,
    /// What members get (权益): content, social and service rights.
    #[serde(default)]
    pub(crate) rights: Rights,
    /// Who may enter (门槛): price, identity, action, invitation or referral gates.
    #[serde(default)]
    pub(crate) gates: Vec<Gate>,
    /// How members come in (拉新): methods, channel live codes and the entry survey.
    #[serde(default)]
    pub(crate) admission: Admission,
    /// Who runs the community (角色): staff roles and planted member roles.
    pub(crate) roles: Vec<Role>,
    /// Group rules (群规): nickname format, welcome message, announcement, conduct rules.
    #[serde(default)]
    pub(crate) rules: Rules,
    /// Content pillars and the SOP (内容与SOP).
    #[serde(default)]
    pub(crate) content: Content,
    /// Tag groups (标签); elsewhere a tag is written `组/标签`.
    #[serde(default)]
    pub(crate) tags: Vec<TagGroup>,
    /// KPI targets (数据指标), each a comparison such as `">= 20%"`.
    #[serde(default)]
    pub(crate) kpis: Kpis,
    /// How the community pays (变现).
    #[serde(default)]
    pub(crate) monetization: Monetization,
    /// User classes and a strategy for each (用户分层).
    #[serde(default)]
    pub(crate) segments: Vec<Segment>,
    /// Per-rule severity overrides for this spec (规则级别): `allow`, `warn` or `deny`.
    #[serde(default)]
    pub(crate) lints: Lints,
    /// The references between sections, resolved once ([`Spec::refs`]).
    #[serde(skip)]
    #[schemars(skip)]
    refs: std::sync::OnceLock<resolve::Refs>,
}

fn example_spec() -> serde_json::Value {
    serde_json::json!({
        "commspec": 1,
        "community": { "id": "math-grade3", "name": "三年级数学提分营", "type": "course", "goal": "sales", "slogan": "每天15分钟，数学稳步提分" },
        "lifecycle": { "start": "2027-03-01", "term": "21d", "on_end": "transform", "transform_into": "三年级数学家长交流群" },
        "roles": [ { "id": "owner", "type": "owner", "title": "班主任王老师" }, { "id": "admin", "type": "admin", "duties": ["答疑"] } ]
    })
}

/// The schema of an enum of object forms (triggers, gates, attachments), as editors and
/// validators should see it: every form's keys listed once at the top, where an unknown key
/// is refused and each value is checked wherever it is written; then `oneOf` the forms, each
/// with its own required keys and `additionalProperties: false`.
fn forms_schema(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else { return };
    let Some(Json::Array(mut forms)) = obj.remove("anyOf").or_else(|| obj.remove("oneOf")) else { return };
    for form in forms.iter_mut().filter_map(Json::as_object_mut) {
        form.insert("additionalProperties".into(), false.into());
    }
    let mut properties = serde_json::Map::new();
    for (key, value) in forms.iter().filter_map(|f| f.get("properties")?.as_object()).flatten() {
        properties.entry(key.clone()).or_insert_with(|| value.clone());
    }
    let rest = std::mem::take(obj);
    obj.extend(rest.clone().into_iter().filter(|(k, _)| k == "description"));
    obj.insert("type".into(), "object".into());
    obj.insert("properties".into(), properties.into());
    obj.insert("additionalProperties".into(), false.into());
    obj.insert("oneOf".into(), forms.into());
    obj.extend(rest.into_iter().filter(|(k, _)| k != "description"));
}

/// [`forms_schema`] for an enum tagged by `type`, whose values have Chinese labels too: each
/// form takes its value or its other spellings (`chinese`: label and synonyms); the top lists every kind (`kind`), described as `what`.
fn tagged_forms_schema(
    schema: &mut Schema,
    what: &str,
    kind: fn(&mut SchemaGenerator) -> Schema,
    chinese: fn(&str) -> Vec<&'static str>,
) {
    if let Some(Json::Array(forms)) = schema.get_mut("oneOf") {
        for tag in forms.iter_mut().filter_map(|f| f.pointer_mut("/properties/type")) {
            let value = tag.get("const").and_then(Json::as_str).unwrap_or_default().to_string();
            let spellings: Vec<&str> = [value.as_str()].into_iter().chain(chinese(&value)).collect();
            *tag = serde_json::json!({ "description": what, "type": "string", "enum": spellings });
        }
    }
    forms_schema(schema);
    let mut kinds = kind(&mut SchemaGenerator::default());
    kinds.insert("description".into(), what.into());
    if let Some(properties) = schema.get_mut("properties").and_then(Json::as_object_mut) {
        properties.insert("type".into(), kinds.into());
    }
    schema.insert("required".into(), serde_json::json!(["type"]));
}

/// The language version; only `1` exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Version;

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(1)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u64::deserialize(d)? {
            1 => Ok(Version),
            v => Err(serde::de::Error::custom(format!(
                "unsupported language version {v}; this commspec reads version 1"
            ))),
        }
    }
}

impl JsonSchema for Version {
    fn schema_name() -> Cow<'static, str> {
        "Version".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "const": 1, "description": "Language version (语言版本): must be 1." })
    }
}

/// Supported time zones with their fixed UTC offsets in minutes. v1 supports zones without
/// daylight-saving time, which covers mainland China and the region commspec serves; a
/// zone with DST would need a time-zone database to place every step correctly.
pub(crate) const TIME_ZONES: &[(&str, i32)] = &[
    ("Asia/Shanghai", 480),
    ("Asia/Chongqing", 480),
    ("Asia/Urumqi", 360),
    ("Asia/Hong_Kong", 480),
    ("Asia/Macau", 480),
    ("Asia/Taipei", 480),
    ("Asia/Singapore", 480),
    ("Asia/Kuala_Lumpur", 480),
    ("Asia/Manila", 480),
    ("Asia/Bangkok", 420),
    ("Asia/Ho_Chi_Minh", 420),
    ("Asia/Jakarta", 420),
    ("Asia/Tokyo", 540),
    ("Asia/Seoul", 540),
    ("Asia/Dubai", 240),
    ("Asia/Kolkata", 330),
    ("UTC", 0),
];

/// An IANA time zone name from [`TIME_ZONES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TimeZone(pub(crate) &'static str);

impl TimeZone {
    /// Offset from UTC in minutes.
    pub(crate) fn offset_minutes(&self) -> i32 {
        TIME_ZONES.iter().find(|(n, _)| *n == self.0).map_or(0, |(_, o)| *o)
    }
}

impl Default for TimeZone {
    fn default() -> Self {
        TimeZone("Asia/Shanghai")
    }
}

impl Serialize for TimeZone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for TimeZone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        TIME_ZONES
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(n, _)| TimeZone(n))
            .ok_or_else(|| serde::de::Error::custom(format!("unsupported time zone `{s}`")))
    }
}

impl JsonSchema for TimeZone {
    fn schema_name() -> Cow<'static, str> {
        "TimeZone".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = TIME_ZONES.iter().map(|(n, _)| *n).collect();
        json_schema!({
            "type": "string",
            "enum": names,
            "default": "Asia/Shanghai",
            "description": "IANA time zone (时区) of every time and date in the spec. Zones without daylight-saving time are supported.",
        })
    }
}
