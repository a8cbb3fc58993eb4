//! The sections of a spec other than content: positioning, lifecycle, groups, rights, gates,
//! admission, roles, rules, tags, KPIs, monetization, segments and lint overrides.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::label::label_enum;
use super::scalar::{Date, Duration, Id, Percent, Target, Term};

label_enum! {
    /// Community type (社群类型).
    CommunityType {
        Lead = "lead" / "引流群" | "拉新群" : "lead group: gathers new followers with welfare events, daily topics and games, converting low-price to high-price",
        Welfare = "welfare" / "福利群" : "welfare group: drives orders and repurchase with deals; large and cheap to run",
        Flash = "flash" / "快闪群" | "快闪" : "flash group: fast conversion in a short window (trial class, big sale); must be short-lived",
        Course = "course" / "课程群" | "训练营" | "学习群" : "course group: enrolment, opening, daily check-in, homework review, graduation",
        Member = "member" / "会员群" | "VIP群" : "member group: paid threshold, scarce privileges, tiers",
        Content = "content" / "内容群" : "content-sharing group",
        Resource = "resource" / "资源群" : "resource-sharing group",
        Service = "service" / "服务群" | "售后群" : "service group: after-sales and Q&A",
    }
}

label_enum! {
    /// The community's action goal (行动目标).
    Goal {
        Awareness = "awareness" / "品牌曝光" : "brand awareness",
        Sales = "sales" / "销售转化" : "sales conversion",
        Retention = "retention" / "用户粘性" : "customer stickiness and retention",
        Service = "service" / "客户服务" : "customer service",
    }
}

label_enum! {
    /// Audience gender (性别).
    Gender {
        Any = "any" / "不限" : "any gender",
        Female = "female" / "女" | "女性" : "mostly women",
        Male = "male" / "男" | "男性" : "mostly men",
    }
}

label_enum! {
    /// What happens when a finite term ends (到期处理).
    OnEnd {
        Dissolve = "dissolve" / "解散" : "dissolve the group on time",
        Transform = "transform" / "转型" : "turn it into a community with a new purpose (say which in `transform_into`)",
        Renew = "renew" / "续期" : "renew the term for members who stay",
    }
}

label_enum! {
    /// Kind of entry gate (门槛类型).
    GateType {
        Price = "price" / "付费门槛" : "paid entry: `amount`, `currency`, `refund`",
        Identity = "identity" / "身份门槛" : "identity check: `requirement`, `verify`",
        Action = "action" / "动作门槛" : "an action to enter, such as forwarding a poster: `action`, `proof`",
        Invite = "invite" / "邀请制" : "invitation only: `by` (a role id, or `member`)",
        Referral = "referral" / "推荐制" : "members vouch for newcomers: `referrers`",
    }
}

label_enum! {
    /// How an identity gate is verified (验证方式).
    Verify {
        Survey = "survey" / "问卷" : "an entry survey",
        Order = "order" / "订单" : "an order record",
        Manual = "manual" / "人工审核" : "manual review by staff",
        Tag = "tag" / "标签" : "a customer tag",
    }
}

label_enum! {
    /// Admission method (拉新方式).
    AdmissionMethod {
        Invite = "invite" / "邀请" : "invitation by staff",
        Referral = "referral" / "推荐" : "referral by a member",
        Activity = "activity" / "活动" : "an activity or event",
        Paid = "paid" / "付费" : "payment",
        Qrcode = "qrcode" / "扫码" : "scanning a group QR code or channel live code",
    }
}

label_enum! {
    /// Role type (角色类型).
    RoleType {
        Lead = "lead" / "总负责" : "overall lead of the community",
        Owner = "owner" / "群主" : "group owner; exactly one per group",
        Admin = "admin" / "管理员" | "群管" : "admin: recruits, screens, supervises, answers, announces",
        Kol = "kol" / "KOL" | "意见领袖" : "key opinion leader",
        Atmosphere = "atmosphere" / "气氛组" : "atmosphere crew: planted members who spark talk",
        Expert = "expert" / "隐藏大佬" | "大佬" : "hidden expert",
        Core = "core" / "骨干精英" | "KOC" | "koc" | "骨干" : "core contributors: active members whose word other members trust (KOC)",
        Mascot = "mascot" / "团宠" : "the group's darling, often planted",
    }
}

impl RoleType {
    /// Whether the team staffs the role with its own accounts (owner, admin, lead, and the
    /// planted atmosphere and mascot accounts), rather than members playing it (KOL, expert,
    /// core member): only these count in the head count and want `staff`.
    pub(crate) fn staffed_by_team(self) -> bool {
        !matches!(self, RoleType::Kol | RoleType::Expert | RoleType::Core)
    }
}

label_enum! {
    /// Behaviour a conduct rule forbids (禁止行为).
    Forbid {
        Ads = "ads" / "广告" | "打广告" : "advertising",
        Abuse = "abuse" / "辱骂" : "abuse and insults",
        Flooding = "flooding" / "刷屏" : "flooding the chat",
        OffTopic = "off_topic" / "无关话题" : "off-topic talk",
        Links = "links" / "链接" : "posting links",
        Qrcode = "qrcode" / "二维码" : "posting QR codes",
        RedPacket = "red_packet" / "红包" : "red packets",
        Competitors = "competitors" / "竞品" : "competitors' products and links",
    }
}

label_enum! {
    /// A penalty step (处罚), applied in the order listed.
    Penalty {
        Warn = "warn" / "警告" : "a warning",
        RemoveMessage = "remove_message" / "撤回" : "the message is withdrawn",
        Kick = "kick" / "移出群聊" | "踢出" : "removed from the group",
        Blacklist = "blacklist" / "拉黑" | "黑名单" : "blacklisted: cannot join groups again",
    }
}

label_enum! {
    /// Monetization model (盈利模式).
    Model {
        Product = "product" / "产品" : "selling products, from an entry product to profit",
        Content = "content" / "内容" : "paid content: events, lectures, salons",
        Service = "service" / "服务" : "paid services and tools",
    }
}

label_enum! {
    /// Offer tier (产品层级).
    Tier {
        Entry = "entry" / "引流品" : "entry product, priced to draw people in",
        Core = "core" / "主力品" : "core product",
        Premium = "premium" / "高端品" : "premium product",
    }
}

label_enum! {
    /// Severity of a lint rule (规则级别).
    Level {
        Allow = "allow" / "允许" : "the rule is off",
        Warn = "warn" / "警告" : "findings are warnings",
        Deny = "deny" / "禁止" : "findings are errors and fail `commspec check`",
    }
}

/// Positioning (定位): who and why.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Community {
    /// Identifier, used for the output folder and file names (标识).
    pub(crate) id: Id,
    /// Display name (名称), e.g. `三年级数学提分营`.
    pub(crate) name: String,
    /// Community type (社群类型).
    #[serde(rename = "type")]
    pub(crate) kind: CommunityType,
    /// Action goal (行动目标).
    pub(crate) goal: Goal,
    /// The vision in one line (愿景/口号); what makes people want to join.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) slogan: Option<String>,
    /// A longer statement of the vision (愿景).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) vision: Option<String>,
    /// The group's theme (主题). One is right; several dilute the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) theme: Option<Theme>,
    /// Target audience (目标群体).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) audience: Option<Audience>,
}

/// One theme, or (a smell) several.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum Theme {
    /// A single theme.
    One(String),
    /// Several themes.
    Many(Vec<String>),
}

/// Target audience (目标群体).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Audience {
    /// Who they are, in a sentence (描述).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    /// Age range (年龄), e.g. `"30-45"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{1,3}(-[0-9]{1,3}|\+)?$"))]
    pub(crate) age: Option<String>,
    /// Gender (性别).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) gender: Option<Gender>,
    /// Cities (城市).
    #[serde(default)]
    pub(crate) cities: Vec<String>,
    /// Occupations (职业).
    #[serde(default)]
    pub(crate) occupations: Vec<String>,
    /// Interests (兴趣).
    #[serde(default)]
    pub(crate) interests: Vec<String>,
    /// Income level (收入).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) income: Option<String>,
    /// Education (学历).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) education: Option<String>,
    /// Where they gather (聚集渠道), e.g. 小红书, 抖音, 家长会.
    #[serde(default)]
    pub(crate) channels: Vec<String>,
}

/// Lifecycle (生命周期): how long, then what.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Lifecycle {
    /// Launch day (开群日期) = day 1 of every group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) start: Option<Date>,
    /// Service term (服务期限): a duration, or `ongoing`.
    pub(crate) term: Term,
    /// What happens at the end of a finite term (到期处理); required unless `term: ongoing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) on_end: Option<OnEnd>,
    /// What the community becomes (转型目标); required when `on_end: transform`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) transform_into: Option<String>,
    /// How far to plan an `ongoing` community (规划周期). Default `4w`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) horizon: Option<Duration>,
    /// Phases of the lifecycle (阶段); only declared phases can be referenced by SOP steps.
    #[serde(default)]
    pub(crate) phases: Vec<Phase>,
}

/// A lifecycle phase. The craft's five: `acquisition` 获客期, `activation` 激活期,
/// `retention` 留存期, `monetization` 变现期, `referral` 传播期.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Phase {
    /// Phase id (阶段标识), e.g. `activation`.
    pub(crate) id: Id,
    /// Display name (阶段名称); defaults to the Chinese name of a craft phase id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    /// First day of the phase (起始日), counting day 1 = launch day.
    #[schemars(range(min = 1, max = 36500))]
    pub(crate) from_day: i32,
    /// Last day of the phase (结束日), inclusive.
    #[schemars(range(min = 1, max = 36500))]
    pub(crate) to_day: i32,
    /// What the phase is for (阶段目标).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) goal: Option<String>,
}

/// Group size, naming and expansion (建群).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Groups {
    /// Planned members per group (群容量). Default 200, the craft's advice; WeCom's limit is 500.
    #[serde(default = "default_capacity")]
    #[schemars(range(min = 1, max = 100000))]
    pub(crate) capacity: u32,
    /// Daily speakers aimed for in each group (日活目标).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 100000))]
    pub(crate) active_target: Option<u32>,
    /// Group name template (群名称模板), e.g. `"{{ city }}三年级数学{{ n }}群"`; sees `n` and the matrix variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    /// Groups per matrix combination (群数量). Default 1.
    #[serde(default = "default_count")]
    #[schemars(range(min = 1, max = 100000))]
    pub(crate) count: u32,
    /// One group per combination of these lists (矩阵), e.g. `{city: [成都, 重庆], grade: [3, 4]}`; each key is a template variable.
    #[serde(default)]
    pub(crate) matrix: Matrix,
    /// Staggered cohorts (分批开群/错峰开群), whole days, e.g. `7d`: the groups numbered `n` in their matrix combination start (n−1) × stagger after `lifecycle.start` (needed), each with its own term, phases and end; absent, every group starts on `lifecycle.start`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) stagger: Option<Duration>,
}

impl Groups {
    /// The seats to fill (名额): `groups` groups of `capacity` members each.
    pub(crate) fn seats(&self, groups: usize) -> u64 {
        (groups as u64).saturating_mul(u64::from(self.capacity))
    }
}

impl Default for Groups {
    fn default() -> Self {
        Groups {
            capacity: default_capacity(),
            active_target: None,
            name: None,
            count: 1,
            matrix: Matrix::default(),
            stagger: None,
        }
    }
}

fn default_capacity() -> u32 {
    crate::limits::GROUP_SIZE_ADVISED
}

fn default_count() -> u32 {
    1
}

/// The group matrix, in the order written: the first key varies slowest.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matrix(pub(crate) Vec<(String, Vec<MatrixValue>)>);

/// One value of a matrix list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum MatrixValue {
    /// An integer, e.g. a grade.
    Int(i64),
    /// Any other scalar, as text.
    Text(String),
}

impl std::fmt::Display for MatrixValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MatrixValue::Int(i) => write!(f, "{i}"),
            MatrixValue::Text(s) => f.write_str(s),
        }
    }
}

impl Serialize for Matrix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_entries(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Matrix {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ordered::deserialize(d).map(|o| Matrix(o.0))
    }
}

/// A mapping in the order written: a `BTreeMap` would sort what the spec's author ordered.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ordered<V>(pub(crate) Vec<(String, V)>);

fn serialize_entries<S: Serializer, V: Serialize>(entries: &[(String, V)], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(entries.len()))?;
    for (k, v) in entries {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_entries(&self.0, s)
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Ordered<V>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = a.next_entry::<String, V>()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(Entries(std::marker::PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for Ordered<V> {
    fn schema_name() -> Cow<'static, str> {
        format!("Ordered_{}", V::schema_name()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let description = "A mapping, in the order written.";
        json_schema!({ "description": description, "type": "object", "additionalProperties": g.subschema_for::<V>() })
    }
}

impl JsonSchema for Matrix {
    fn schema_name() -> Cow<'static, str> {
        "Matrix".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "description": "One group per combination of these lists (矩阵); each key becomes a template variable. The first key varies slowest.",
            "propertyNames": { "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
            "additionalProperties": {
                "type": "array",
                "minItems": 1,
                "items": { "type": ["string", "integer"] },
            },
            "examples": [{ "city": ["成都", "重庆"], "grade": [3, 4] }],
        })
    }
}

/// What members get (权益).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rights {
    /// Content rights (内容类权益): exclusive prices, trial lessons, materials.
    #[serde(default)]
    pub(crate) content: Vec<String>,
    /// Social rights (社交类权益): contacts, jobs, meet-ups.
    #[serde(default)]
    pub(crate) social: Vec<String>,
    /// Service rights (服务类权益): Q&A, after-sales, ordering.
    #[serde(default)]
    pub(crate) service: Vec<String>,
}

impl Rights {
    pub(crate) fn is_empty(&self) -> bool {
        self.content.is_empty() && self.social.is_empty() && self.service.is_empty()
    }
}

/// An entry gate (门槛). The fields it takes depend on `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", deny_unknown_fields)]
#[schemars(transform = gate_schema)]
pub(crate) enum Gate {
    /// Paid entry (付费门槛).
    #[serde(rename = "price", alias = "付费门槛")]
    Price {
        /// `price`: entry fee (金额), in `currency`.
        #[schemars(range(min = 0.0))]
        amount: f64,
        /// `price`: currency (币种). Default `CNY`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
        currency: Option<String>,
        /// `price`: refund policy (退款规则).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        refund: Option<String>,
    },
    /// An identity check (身份门槛).
    #[serde(rename = "identity", alias = "身份门槛")]
    Identity {
        /// `identity`: who qualifies (身份要求), e.g. `三年级学生家长`.
        requirement: String,
        /// `identity`: how it is verified (验证方式).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        verify: Option<Verify>,
    },
    /// An action to enter (动作门槛), such as forwarding a poster.
    #[serde(rename = "action", alias = "动作门槛")]
    Action {
        /// `action`: what the newcomer must do (动作), e.g. `转发海报到朋友圈`.
        action: String,
        /// `action`: the proof asked for (凭证), e.g. `截图`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        proof: Option<String>,
    },
    /// Invitation only (邀请制).
    #[serde(rename = "invite", alias = "邀请制")]
    Invite {
        /// `invite`: who invites (邀请人): a role id, or `member`.
        #[schemars(with = "String")]
        by: Inviter,
    },
    /// Members vouch for newcomers (推荐制).
    #[serde(rename = "referral", alias = "推荐制")]
    Referral {
        /// `referral`: how many members must vouch (推荐人数).
        #[schemars(range(min = 1, max = 1000))]
        referrers: u32,
    },
}

impl Gate {
    pub(crate) fn kind(&self) -> GateType {
        match self {
            Gate::Price { .. } => GateType::Price,
            Gate::Identity { .. } => GateType::Identity,
            Gate::Action { .. } => GateType::Action,
            Gate::Invite { .. } => GateType::Invite,
            Gate::Referral { .. } => GateType::Referral,
        }
    }
}

fn gate_schema(schema: &mut Schema) {
    super::tagged_forms_schema(schema, "Kind of gate (门槛类型).", GateType::json_schema, |v| {
        GateType::parse(v).map(GateType::other_spellings).unwrap_or_default()
    });
}

/// Who invites to an `invite` gate (邀请人): any member, or the people of a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inviter {
    /// `member`: any member.
    Member,
    /// A role id, resolved with the spec's references.
    Role(String),
}

impl Inviter {
    /// How `by` says "any member".
    pub(crate) const MEMBER: &'static str = "member";
}

impl Serialize for Inviter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Inviter::Member => s.serialize_str(Inviter::MEMBER),
            Inviter::Role(id) => s.serialize_str(id),
        }
    }
}

impl<'de> Deserialize<'de> for Inviter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let by = String::deserialize(d)?;
        Ok(if by == Inviter::MEMBER { Inviter::Member } else { Inviter::Role(by) })
    }
}

/// How members come in (拉新).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Admission {
    /// Admission methods (拉新方式).
    #[serde(default)]
    pub(crate) methods: Vec<AdmissionMethod>,
    /// Channel live codes (渠道活码), each tagging newcomers with their source.
    #[serde(default)]
    pub(crate) channels: Vec<EntryChannel>,
    /// Questions asked after entry (入群问卷): a question, or `{ question, answers }` whose
    /// answers tag who gives them.
    #[serde(default)]
    pub(crate) survey: Vec<SurveyQuestion>,
    /// The most one new member may cost (获客成本上限), in yuan, for `fission-too-costly`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub(crate) max_cost_per_member: Option<f64>,
    /// Fission (裂变): members invite friends for a bait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) fission: Option<Fission>,
}

/// Fission (裂变): a member who brings `invites` new members gets the bait.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fission {
    /// What draws the sharing (诱饵), given once per `invites` new members.
    pub(crate) bait: Bait,
    /// New members one inviter brings to earn the bait (邀请人数).
    #[schemars(range(min = 1, max = 1000))]
    pub(crate) invites: u32,
    /// Further rewards (奖励), e.g. tiers for inviting more, in order.
    #[serde(default)]
    pub(crate) rewards: Vec<String>,
    /// The poster members share (裂变海报): an attachment, usually an image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) poster: Option<super::Attachment>,
}

impl Fission {
    /// What one new member costs: one bait per `invites` new members (S1: a way of getting
    /// members that costs more than the others is not a good one).
    /// In yuan, to the cent.
    pub(crate) fn cost_per_member(&self) -> f64 {
        let cost = self.bait.unit_cost / f64::from(self.invites.max(1));
        // From 2^53 on every f64 is whole: times 100 could only overflow to infinity.
        if cost < 9_007_199_254_740_992.0 { (cost * 100.0).round() / 100.0 } else { cost }
    }

    /// Baits to stock for `members` new members: one per `invites`, rounded up.
    pub(crate) fn baits_for(&self, members: u64) -> u64 {
        members.div_ceil(u64::from(self.invites.max(1)))
    }
}

/// A fission bait (诱饵).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Bait {
    /// What it is (名称), e.g. `三年级思维训练题库`.
    pub(crate) name: String,
    /// What one costs (单价), in yuan.
    #[schemars(range(min = 0.0))]
    pub(crate) unit_cost: f64,
}

/// A question of the entry survey (问卷题目).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum SurveyQuestion {
    /// The question alone, e.g. `孩子读几年级？`.
    Text(String),
    /// The question and what each answer tags.
    Tagging(TaggingQuestion),
}

/// A survey question whose answers tag members (答案打标签).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaggingQuestion {
    /// The question (题目).
    pub(crate) question: String,
    /// Each answer (答案) → the tag it gives (`组/标签`), or `~` for an answer that tags nobody.
    pub(crate) answers: Ordered<Option<String>>,
}

impl SurveyQuestion {
    /// The question as asked.
    pub(crate) fn question(&self) -> &str {
        match self {
            SurveyQuestion::Text(q) | SurveyQuestion::Tagging(TaggingQuestion { question: q, .. }) => q,
        }
    }

    /// Its answers and the tag each gives; none for a question alone.
    pub(crate) fn answers(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        let answers = match self {
            SurveyQuestion::Text(_) => None,
            SurveyQuestion::Tagging(t) => Some(&t.answers),
        };
        answers.into_iter().flat_map(|a| &a.0).map(|(a, t)| (a.as_str(), t.as_deref()))
    }
}

/// A channel live code (渠道活码).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntryChannel {
    /// Channel id (渠道标识); becomes the join code's `state`.
    pub(crate) id: Id,
    /// Display name (渠道名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    /// Tag given to newcomers from this channel (来源标签), written `组/标签`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) tag: Option<String>,
    /// Expected reach (预计曝光), people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) exposure: Option<u64>,
    /// Expected share of the reach who join (预计入群率), e.g. `8%`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) join_rate: Option<Percent>,
    /// The groups its 「加入群聊」 codes serve (服务的群), by matrix value as in a staff pin:
    /// matrix variable → a value or a list of values. Every group when absent.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub(crate) matches: Option<BTreeMap<String, PinValues>>,
}

impl Admission {
    /// The members the channels are expected to bring, when every channel states its exposure
    /// and join rate (with one missing, a sum says nothing about the funnel).
    pub(crate) fn expected_joins(&self) -> Option<u64> {
        let joins: Option<Vec<u64>> = self.channels.iter().map(EntryChannel::expected_joins).collect();
        // Saturating: exposures near 2^64 must not overflow the sum.
        joins.filter(|j| !j.is_empty()).map(|j| j.into_iter().fold(0, u64::saturating_add))
    }
}

impl EntryChannel {
    /// The members it is expected to bring: exposure × join rate, rounded down.
    pub(crate) fn expected_joins(&self) -> Option<u64> {
        Some((self.exposure? as f64 * self.join_rate.as_ref()?.fraction()).floor() as u64)
    }

    /// Whether its join codes serve a group with these matrix values.
    pub(crate) fn serves(&self, vars: &[(String, MatrixValue)]) -> bool {
        self.matches.as_ref().is_none_or(|matches| matched(matches, vars))
    }
}

/// A role (角色).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Role {
    /// Role id (角色标识), referenced by SOP steps and gates.
    pub(crate) id: Id,
    /// Role type (角色类型).
    #[serde(rename = "type")]
    pub(crate) kind: RoleType,
    /// Display title (称呼), e.g. `班主任王老师`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    /// The people who fill it (成员账号): WeCom user ids, each one once; `{ id, where }` pins a
    /// person to the groups whose matrix values match. The rest are balanced over the groups.
    #[serde(default)]
    pub(crate) staff: Vec<StaffMember>,
    /// Seats per group (每群人数). Default 1; an owner has exactly 1.
    #[serde(default = "default_count")]
    #[schemars(range(min = 0, max = 1000))]
    pub(crate) per_group: u32,
    /// Groups one person can carry (每人可带群数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100000))]
    pub(crate) max_groups: Option<u32>,
    /// What they do (职责).
    #[serde(default)]
    pub(crate) duties: Vec<String>,
    /// Dated tasks one person of this role can do on one day (每人每日任务上限), for the
    /// `overloaded` lint; default 30.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100000))]
    pub(crate) daily_task_budget: Option<u32>,
}

/// One person of a role (成员): a WeCom user id, or one pinned to groups.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum StaffMember {
    /// A WeCom user id (成员账号), given groups by the balanced assignment.
    Id(String),
    /// A WeCom user id pinned to the groups whose matrix values match (指定群).
    Pinned(Pin),
}

/// A person pinned to groups by matrix value (指定群).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Pin {
    /// WeCom user id (成员账号).
    pub(crate) id: String,
    /// Matrix variable → a value or a list of values (匹配条件); a group matches when each
    /// variable's value is one of those listed.
    #[serde(rename = "where")]
    pub(crate) matches: BTreeMap<String, PinValues>,
}

/// The values a pin accepts for one matrix variable.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum PinValues {
    One(MatrixValue),
    Many(Vec<MatrixValue>),
}

impl StaffMember {
    /// The WeCom user id.
    pub(crate) fn id(&self) -> &str {
        match self {
            StaffMember::Id(id) | StaffMember::Pinned(Pin { id, .. }) => id,
        }
    }

    /// The pin, for a pinned person.
    pub(crate) fn pin(&self) -> Option<&Pin> {
        match self {
            StaffMember::Id(_) => None,
            StaffMember::Pinned(p) => Some(p),
        }
    }
}

impl Pin {
    /// Whether a group with these matrix values is one the person is pinned to. Values
    /// compare as written (`3` and `"3"` are the same grade).
    pub(crate) fn matches(&self, vars: &[(String, MatrixValue)]) -> bool {
        matched(&self.matches, vars)
    }
}

/// Whether a group with these matrix values is one a `where` (a pin's, a channel's) selects:
/// each variable's value is one of those listed.
fn matched(matches: &BTreeMap<String, PinValues>, vars: &[(String, MatrixValue)]) -> bool {
    matches.iter().all(|(key, want)| {
        let Some((_, have)) = vars.iter().find(|(k, _)| k == key) else { return false };
        let have = have.to_string();
        match want {
            PinValues::One(v) => v.to_string() == have,
            PinValues::Many(vs) => vs.iter().any(|v| v.to_string() == have),
        }
    })
}

impl Role {
    /// What people call the role: its `title`, else its type's Chinese label.
    pub(crate) fn display_title(&self) -> String {
        self.title.clone().unwrap_or_else(|| self.kind.label().to_string())
    }
}

/// Group rules (群规).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rules {
    /// Member nickname format (群昵称格式), e.g. `城市-年级-昵称`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) nickname: Option<String>,
    /// Welcome message template (入群欢迎语); `{{ nickname }}` renders as `%NICKNAME%`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) welcome: Option<String>,
    /// Extra announcement text template (群公告补充); the full announcement is composed from slogan, rights, gates, conduct rules and this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) announcement: Option<String>,
    /// Conduct rules (行为规范), each with its penalty.
    #[serde(default)]
    pub(crate) conduct: Vec<ConductRule>,
    /// Characters the composed announcement may have before `announcement-too-long` warns
    /// (群公告字数上限). Default 1000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 100, max = 100000))]
    pub(crate) announcement_max_chars: Option<u32>,
}

/// A conduct rule (行为规范).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConductRule {
    /// Rule id (规则标识).
    pub(crate) id: Id,
    /// What the rule says (规则), e.g. `禁止发广告`.
    pub(crate) title: String,
    /// Behaviour it forbids (禁止行为).
    #[serde(default)]
    pub(crate) forbid: Vec<Forbid>,
    /// Keywords to configure in the admin console's anti-harassment settings (敏感词).
    #[serde(default)]
    pub(crate) keywords: Vec<String>,
    /// Penalties in order of escalation (处罚).
    #[serde(default)]
    pub(crate) penalty: Vec<Penalty>,
}

label_enum! {
    /// What a tag group labels (标签类型): customers or groups, as WeCom's two tag libraries.
    TagKind {
        Customer = "customer" / "客户标签" : "customer tags: given to members (by a channel, a survey answer or staff) and used to select them",
        Group = "group" / "群标签" : "group tags (客户群标签): label whole groups, e.g. by positioning or region",
    }
}

label_enum! {
    /// What a tag group says about a member (标签维度): where they came from, their lifecycle
    /// stage, the products they bought, how they behave, their needs, their value, their region.
    TagDimension {
        Source = "source" / "来源" : "where the member came from: the channel that tags newcomers",
        Lifecycle = "lifecycle" / "生命周期" : "the member's stage: new, active, silent, bought, renewed",
        Product = "product" / "产品" : "the product or course the member is interested in or bought",
        Behaviour = "behaviour" / "行为" : "what the member did: checked in, asked, ordered, invited",
        Interest = "interest" / "兴趣" : "needs and interests, e.g. from the entry survey",
        Value = "value" / "价值" : "the member's worth or tier: high-value, loyal, bargain-hunter",
        Region = "region" / "地域" : "city or area",
    }
}

/// A tag group (标签组).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TagGroup {
    /// Tag group name (标签组名), e.g. `年级`.
    pub(crate) group: String,
    /// What it labels (标签类型): `customer` (客户标签, the default) or `group` (群标签).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) kind: Option<TagKind>,
    /// What it says about a member (标签维度): `source`, `lifecycle`, `product`, `behaviour`,
    /// `interest`, `value`, `region`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) dimension: Option<TagDimension>,
    /// Tags in the group (标签).
    #[serde(default)]
    pub(crate) tags: Vec<String>,
}

/// KPI targets (数据指标), each the target alone (`">= 12%"`, measured over the metric's
/// default period) or with its period and phase (`{ target: ">= 12%", period: day, phase: checkin }`).
/// Definitions follow the methodology (docs/methodology.md: S2, 五、做好社群的数据分析).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Kpis {
    /// 入群率 = 入群人数 ÷ 入群渠道的曝光量. Default period: term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) join_rate: Option<Kpi>,
    /// 退群率 = 周期内的退群人数 ÷ 社群总人数. Default period: week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) leave_rate: Option<Kpi>,
    /// 互动率 = 当日有效发言的人数 ÷ 群成员总人数. Default period: day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) interaction_rate: Option<Kpi>,
    /// 消息总量 = 一定时期内社群消息的总数量 (a count). Default period: day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) messages_total: Option<Kpi>,
    /// 人均消息量 = 消息总量 ÷ 社群人数. Default period: day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) messages_per_member: Option<Kpi>,
    /// 留存率 = 周期内留存的用户数 ÷ 新增用户数. Default period: month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) retention_rate: Option<Kpi>,
    /// 续费率 = 到期后续费的人数 ÷ 到期的人数 (not in the seeds; for memberships). Default period: term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) renewal_rate: Option<Kpi>,
    /// 转化率 = 订单数 ÷ 群成员总数; above 100% with repeat orders. Default period: term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) conversion_rate: Option<Kpi>,
    /// 客单价 = 订单总额 ÷ 订单人数, in yuan. Default period: term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) aov: Option<Kpi>,
    /// 投入产出比 (ROI) = 销售额 ÷ 成本 ("ROI>N即可继续加大投入"). Default period: term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) roi: Option<Kpi>,
    /// 净投入产出比 = (销售额 − 成本) ÷ 成本, the net form of `roi`. Default period: term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) net_roi: Option<Kpi>,
    /// 日活 = 当日有效发言的人数 (a count). Default period: day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) daily_active: Option<Kpi>,
}

/// One KPI target, as written.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum Kpi {
    /// The target alone (目标值), over the metric's default period.
    Target(Target),
    /// The target with its period and phase.
    Scoped(ScopedKpi),
}

/// A KPI target with the period it is measured over and the phase it holds in.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScopedKpi {
    /// The target (目标值), e.g. `">= 12%"`.
    pub(crate) target: Target,
    /// The period it is measured over (统计周期); the metric's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) period: Option<Period>,
    /// The phase it holds in (阶段), an id under `lifecycle.phases`; the whole term when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) phase: Option<Id>,
}

impl Kpi {
    pub(crate) fn target(&self) -> &Target {
        match self {
            Kpi::Target(t) | Kpi::Scoped(ScopedKpi { target: t, .. }) => t,
        }
    }

    /// The period written, if any.
    pub(crate) fn period(&self) -> Option<Period> {
        match self {
            Kpi::Target(_) => None,
            Kpi::Scoped(s) => s.period,
        }
    }

    /// The phase written, if any.
    pub(crate) fn phase(&self) -> Option<&Id> {
        match self {
            Kpi::Target(_) => None,
            Kpi::Scoped(s) => s.phase.as_ref(),
        }
    }

    /// The JSON pointer of the target under the KPI at `at` (`/kpis/roi`).
    pub(crate) fn target_pointer(&self, at: &str) -> String {
        match self {
            Kpi::Target(_) => at.to_string(),
            Kpi::Scoped(_) => format!("{at}/target"),
        }
    }
}

label_enum! {
    /// The period a KPI is measured over (统计周期).
    Period {
        Day = "day" / "日" | "每天" : "per day",
        Week = "week" / "周" | "每周" : "per week",
        Month = "month" / "月" | "每月" : "per month",
        Term = "term" / "整期" : "over the whole term (or the horizon of an ongoing community)",
    }
}

/// What a metric's values are, and so which values its formula allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Measure {
    /// A part of a whole (互动率): 0–100%.
    Share,
    /// Events per member (转化率 = 订单数 ÷ 群成员总数): 0% and up, past 100% with repeat orders.
    PerMember,
    /// A number of people or messages.
    Count,
    /// An amount of money, in yuan.
    Money,
    /// One amount over another (销售额 ÷ 成本): 0 and up.
    Ratio,
    /// A gain over its cost ((销售额 − 成本) ÷ 成本): −100% and up.
    NetRatio,
}

impl Measure {
    /// The least and (for a share) the greatest value the formula allows, as a fraction.
    pub(crate) fn bounds(self) -> (f64, Option<f64>) {
        match self {
            Measure::Share => (0.0, Some(1.0)),
            Measure::NetRatio => (-1.0, None),
            Measure::PerMember | Measure::Count | Measure::Money | Measure::Ratio => (0.0, None),
        }
    }

    /// Whether its values are percentages.
    pub(crate) fn is_rate(self) -> bool {
        matches!(self, Measure::Share | Measure::PerMember | Measure::NetRatio)
    }
}

/// One KPI metric: its key, Chinese name, definition as the seeds word it, what its values
/// are, its default period, and where a spec sets its target.
pub(crate) struct Metric {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    pub(crate) definition: &'static str,
    pub(crate) measure: Measure,
    /// The period a target written without one is measured over.
    pub(crate) period: Period,
    kpi: fn(&Kpis) -> Option<&Kpi>,
}

/// The KPI metrics of the language, in the order plans print them (the seeds' order: 获客、
/// 激活、留存、变现).
pub(crate) const METRICS: &[Metric] = &[
    Metric {
        key: "join_rate",
        label: "入群率",
        definition: "入群人数 ÷ 入群渠道的曝光量",
        measure: Measure::Share,
        period: Period::Term,
        kpi: |k| k.join_rate.as_ref(),
    },
    Metric {
        key: "leave_rate",
        label: "退群率",
        definition: "周期内的退群人数 ÷ 社群总人数",
        measure: Measure::Share,
        period: Period::Week,
        kpi: |k| k.leave_rate.as_ref(),
    },
    Metric {
        key: "interaction_rate",
        label: "互动率",
        definition: "当日有效发言的人数 ÷ 群成员总人数",
        measure: Measure::Share,
        period: Period::Day,
        kpi: |k| k.interaction_rate.as_ref(),
    },
    Metric {
        key: "messages_total",
        label: "消息总量",
        definition: "一定时期内社群消息的总数量",
        measure: Measure::Count,
        period: Period::Day,
        kpi: |k| k.messages_total.as_ref(),
    },
    Metric {
        key: "messages_per_member",
        label: "人均消息量",
        definition: "消息总量 ÷ 社群人数",
        measure: Measure::Count,
        period: Period::Day,
        kpi: |k| k.messages_per_member.as_ref(),
    },
    Metric {
        key: "retention_rate",
        label: "留存率",
        definition: "周期内留存的用户数 ÷ 新增用户数",
        measure: Measure::Share,
        period: Period::Month,
        kpi: |k| k.retention_rate.as_ref(),
    },
    Metric {
        key: "renewal_rate",
        label: "续费率",
        definition: "到期后续费的人数 ÷ 到期的人数",
        measure: Measure::Share,
        period: Period::Term,
        kpi: |k| k.renewal_rate.as_ref(),
    },
    Metric {
        key: "conversion_rate",
        label: "转化率",
        definition: "订单数 ÷ 群成员总数",
        measure: Measure::PerMember,
        period: Period::Term,
        kpi: |k| k.conversion_rate.as_ref(),
    },
    Metric {
        key: "aov",
        label: "客单价",
        definition: "订单总额 ÷ 订单人数",
        measure: Measure::Money,
        period: Period::Term,
        kpi: |k| k.aov.as_ref(),
    },
    Metric {
        key: "roi",
        label: "投入产出比",
        definition: "销售额 ÷ 成本",
        measure: Measure::Ratio,
        period: Period::Term,
        kpi: |k| k.roi.as_ref(),
    },
    Metric {
        key: "net_roi",
        label: "净投入产出比",
        definition: "（销售额 − 成本）÷ 成本",
        measure: Measure::NetRatio,
        period: Period::Term,
        kpi: |k| k.net_roi.as_ref(),
    },
    Metric {
        key: "daily_active",
        label: "日活",
        definition: "当日有效发言的人数",
        measure: Measure::Count,
        period: Period::Day,
        kpi: |k| k.daily_active.as_ref(),
    },
];

impl Metric {
    /// Whether its formula can take `value` (a fraction for rates).
    pub(crate) fn allows(&self, value: f64) -> bool {
        let (least, most) = self.measure.bounds();
        value >= least && most.is_none_or(|most| value <= most)
    }

    /// The period a target is measured over: the one written, else the metric's default.
    pub(crate) fn period_of(&self, kpi: &Kpi) -> Period {
        kpi.period().unwrap_or(self.period)
    }
}

impl Kpis {
    /// The targets that are set, in [`METRICS`] order.
    pub(crate) fn targets(&self) -> Vec<(&'static Metric, &Kpi)> {
        METRICS.iter().filter_map(|m| (m.kpi)(self).map(|k| (m, k))).collect()
    }
}

/// How the community pays (变现).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Monetization {
    /// Monetization models (盈利模式).
    #[serde(default)]
    pub(crate) model: Vec<Model>,
    /// What is sold (产品).
    #[serde(default)]
    pub(crate) offers: Vec<Offer>,
}

/// An offer (产品).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Offer {
    /// Product name (产品名称).
    pub(crate) name: String,
    /// Price (价格), in CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub(crate) price: Option<f64>,
    /// Tier (层级).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) tier: Option<Tier>,
}

/// A user class and its strategy (用户分层). Suggested ids: `loyal` 忠实型, `bargain` 羊毛型,
/// `need` 需求型, `low_need` 低需求型; any id works.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Segment {
    /// Class id (分层标识).
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]*$"))]
    pub(crate) id: String,
    /// Who belongs to it (判定标准), in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) criteria: Option<String>,
    /// Who belongs to it, as operators count it (判定规则).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) rule: Option<SegmentRule>,
    /// The customer tag operators put on its members (分层标签), written `组/标签`; steps
    /// with `segment` reach the members with this tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) tag: Option<String>,
    /// What to do for them (运营策略).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) strategy: Option<String>,
}

/// Who belongs to a segment, as operators count it (判定规则): a measure of each member
/// compared with a target, over a window, e.g. `{ measure: purchases, target: ">= 2", within: 30d }`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SegmentRule {
    /// What is counted per member (指标).
    pub(crate) measure: SegmentMeasure,
    /// The comparison (目标值), e.g. `">= 2"`.
    pub(crate) target: Target,
    /// Over what time (统计范围): a duration back from today (`30d`), or `term` (整期).
    /// The whole term when absent; `days_silent` takes none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) within: Option<Window>,
}

label_enum! {
    /// What a segment rule counts per member (分层指标), from the seeds' 用户分层.
    SegmentMeasure {
        Purchases = "purchases" / "购买次数" : "orders placed",
        Spend = "spend" / "消费金额" : "money spent, in yuan",
        Referrals = "referrals" / "邀请人数" : "new members invited",
        Messages = "messages" / "发言数" : "messages sent in the group",
        DaysSilent = "days_silent" / "未发言天数" : "days since the member last spoke",
    }
}

/// The time a segment rule counts over (统计范围).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum Window {
    /// The whole term (整期).
    Whole(WholeTerm),
    /// The last span of time (近N天), e.g. `30d`.
    Last(Duration),
}

label_enum! {
    /// The whole term, as a segment rule's window (整期).
    WholeTerm {
        Term = "term" / "整期" : "the whole term",
    }
}

/// Per-rule severity overrides (规则级别), in the order written. Its schema, which lists every
/// rule, is generated with the others in `schema.rs`, downstream of the rules.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lints(pub(crate) BTreeMap<String, Level>);

impl Serialize for Lints {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Lints {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::deserialize(d).map(Lints)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates_serialize_as_written_with_their_english_type() {
        let gates = r#"[{"type":"price","amount":99.0,"refund":"开营前可退"},{"type":"invite","by":"member"},{"type":"invite","by":"owner"},{"type":"referral","referrers":2}]"#;
        let typed: Vec<Gate> = serde_json::from_str(gates).unwrap();
        assert_eq!(typed[1], Gate::Invite { by: Inviter::Member });
        assert_eq!(typed[2], Gate::Invite { by: Inviter::Role("owner".into()) });
        assert_eq!(serde_json::to_string(&typed).unwrap(), gates);
        let labelled: Gate = serde_json::from_str(r#"{"type":"身份门槛","requirement":"家长"}"#).unwrap();
        assert_eq!(labelled.kind(), GateType::Identity);
        assert_eq!(serde_json::to_string(&labelled).unwrap(), r#"{"type":"identity","requirement":"家长"}"#);
    }

    #[test]
    fn every_metric_reads_the_target_of_its_own_key() {
        let written: serde_json::Map<String, serde_json::Value> =
            METRICS.iter().enumerate().map(|(i, m)| (m.key.to_string(), format!(">= {i}").into())).collect();
        let kpis: Kpis = serde_json::from_value(written.into()).unwrap();
        let targets = kpis.targets();
        assert_eq!(targets.len(), METRICS.len(), "every metric reads a target");
        for (i, (metric, kpi)) in targets.iter().enumerate() {
            assert_eq!((metric.key, kpi.target().to_string()), (METRICS[i].key, format!(">= {i}")));
        }
    }

    fn metric(key: &str) -> &'static Metric {
        METRICS.iter().find(|m| m.key == key).unwrap()
    }

    #[test]
    fn each_metric_allows_what_its_formula_can_be() {
        // Parts of a whole stop at 100%; orders per member pass it with repeat orders.
        for share in ["join_rate", "leave_rate", "interaction_rate", "retention_rate", "renewal_rate"] {
            assert!(
                metric(share).allows(1.0) && !metric(share).allows(1.01) && !metric(share).allows(-0.01),
                "{share}"
            );
        }
        assert!(metric("conversion_rate").allows(1.2) && !metric("conversion_rate").allows(-0.01));
        for count in ["messages_total", "messages_per_member", "daily_active", "aov", "roi"] {
            assert!(metric(count).allows(0.0) && metric(count).allows(1e6) && !metric(count).allows(-1.0), "{count}");
        }
        // A net return loses at most what was spent.
        assert!(metric("net_roi").allows(-1.0) && metric("net_roi").allows(3.0) && !metric("net_roi").allows(-1.01));
    }

    #[test]
    fn each_metric_has_the_seeds_definition_and_its_default_period() {
        let table: Vec<_> = METRICS.iter().map(|m| (m.key, m.definition, m.period.value())).collect();
        assert_eq!(
            table,
            [
                ("join_rate", "入群人数 ÷ 入群渠道的曝光量", "term"),
                ("leave_rate", "周期内的退群人数 ÷ 社群总人数", "week"),
                ("interaction_rate", "当日有效发言的人数 ÷ 群成员总人数", "day"),
                ("messages_total", "一定时期内社群消息的总数量", "day"),
                ("messages_per_member", "消息总量 ÷ 社群人数", "day"),
                ("retention_rate", "周期内留存的用户数 ÷ 新增用户数", "month"),
                ("renewal_rate", "到期后续费的人数 ÷ 到期的人数", "term"),
                ("conversion_rate", "订单数 ÷ 群成员总数", "term"),
                ("aov", "订单总额 ÷ 订单人数", "term"),
                ("roi", "销售额 ÷ 成本", "term"),
                ("net_roi", "（销售额 − 成本）÷ 成本", "term"),
                ("daily_active", "当日有效发言的人数", "day"),
            ]
        );
    }

    #[test]
    fn the_language_reference_states_each_metric_as_the_table_does() {
        let doc = include_str!("../../docs/language.md");
        for m in METRICS {
            let row = format!("| `{}` | {} | {} | {} |", m.key, m.label, m.definition, m.period.value());
            assert!(doc.contains(&row), "docs/language.md lacks the row {row}");
        }
    }

    #[test]
    fn a_kpi_is_a_target_or_a_target_with_its_period_and_phase() {
        let kpis: Kpis = serde_json::from_str(
            r#"{"roi":">= 3","interaction_rate":{"target":">= 12%","period":"周","phase":"checkin"}}"#,
        )
        .unwrap();
        let rate = kpis.interaction_rate.as_ref().unwrap();
        assert_eq!(
            (rate.target().to_string(), rate.period(), rate.phase().map(Id::as_str)),
            (">= 12%".into(), Some(Period::Week), Some("checkin"))
        );
        assert_eq!(metric("interaction_rate").period_of(rate), Period::Week);
        let roi = kpis.roi.as_ref().unwrap();
        assert_eq!((roi.period(), metric("roi").period_of(roi)), (None, Period::Term));
        // Written back as written: the template context keeps `{{ kpis.roi }}` a text.
        assert_eq!(
            serde_json::to_string(&kpis).unwrap(),
            r#"{"interaction_rate":{"target":">= 12%","period":"week","phase":"checkin"},"roi":">= 3"}"#
        );
    }
}
