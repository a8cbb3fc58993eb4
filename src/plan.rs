//! The plan: everything `build` knows about one community, independent of output formats.
//! It is written as `plan.json` (schema in `schemas/plan.schema.json`) and is what every
//! artifact template sees.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::{Analysis, GroupTexts};
use crate::compile::{
    Assignment, Schedule, Staffing, announcement_parts, checkpoint, describe_when, duration_zh, money_text, phase_name,
    weekday_zh,
};
use crate::spec::{
    Attachment, Date, Frequency, Measure, Period, Role, RoleRef, SegmentMeasure, SegmentRule, Spec, Theme, TimeZone,
    TriggerForm, Window,
};

/// Version of the `plan.json` format.
pub(crate) const PLAN_VERSION: u32 = 1;

/// The compiled plan of one community (`plan.json`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "commspec plan")]
pub struct Plan {
    /// Version of this format; 1.
    pub(crate) plan_version: u32,
    pub(crate) community: PlanCommunity,
    pub(crate) timezone: PlanTimeZone,
    pub(crate) lifecycle: PlanLifecycle,
    /// The expanded groups, in matrix order, with their rendered texts.
    pub(crate) groups: Vec<PlanGroup>,
    /// Roles with their workload and head count.
    pub(crate) roles: Vec<PlanRole>,
    /// The dated SOP of a group, sorted by day, time, step: every group's, or with
    /// `lifecycle.stagger` the first cohort's (each group's is its cohort's in `cohorts`).
    pub(crate) schedule: Vec<PlanTask>,
    /// With `lifecycle.stagger` only: each cohort (分批开群), the groups numbered `n` in their
    /// matrix combination, with its dates and its own dated SOP (day numbers count from the
    /// cohort's start). A group's `messages` follow its cohort's `schedule`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) cohorts: Vec<PlanCohort>,
    /// Steps that run relative to each member's entry (`after_join`), in SOP order.
    pub(crate) per_member: Vec<PlanRelative>,
    /// KPI targets with their definitions.
    pub(crate) kpis: Vec<PlanKpi>,
    /// Head count of the whole plan.
    pub(crate) staffing: PlanStaffing,
    /// Everyone named in `staff`, in order of first mention, with their groups and workload.
    pub(crate) people: Vec<PlanPerson>,
    /// What members get, by category (内容权益, 社交权益, 服务权益).
    pub(crate) rights: Vec<PlanRights>,
    /// Entry gates.
    pub(crate) gates: Vec<PlanGate>,
    pub(crate) admission: PlanAdmission,
    pub(crate) rules: PlanRules,
    /// Tag groups to create.
    pub(crate) tags: Vec<PlanTagGroup>,
    /// Offers, for the overview.
    pub(crate) offers: Vec<PlanOffer>,
    /// Monetization models (盈利模式), in order written.
    pub(crate) models: Vec<PlanLabel>,
    /// The content plan (内容规划): pillars in order written.
    pub(crate) pillars: Vec<PlanPillar>,
    /// User classes and their strategies (用户分层), in order written.
    pub(crate) segments: Vec<PlanSegment>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanRights {
    pub(crate) category: String,
    pub(crate) items: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanGate {
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) type_label: String,
    /// The gate in one Chinese line, as in the announcement.
    pub(crate) summary: String,
    /// Where and by whom it is checked before entry, in one Chinese line; a gate checked only
    /// after entry (`gate-after-entry`) says so and how to move the check before.
    pub(crate) checked: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanAdmission {
    /// Admission methods, Chinese labels.
    pub(crate) methods: Vec<String>,
    pub(crate) channels: Vec<PlanChannel>,
    /// The questions of the entry survey.
    pub(crate) survey: Vec<String>,
    /// Per question of `survey`: its answers and the tag each gives (none for a question alone).
    pub(crate) survey_answers: Vec<Vec<PlanAnswer>>,
    /// The members the channels are expected to bring (Σ exposure × join rate), when every
    /// channel states both.
    pub(crate) expected_joins: Option<u64>,
    /// The seats to fill: groups × capacity.
    pub(crate) seats: u64,
    /// The most one new member may cost (获客成本上限), e.g. `¥5`.
    pub(crate) max_cost_per_member: Option<String>,
    pub(crate) fission: Option<PlanFission>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanAnswer {
    pub(crate) answer: String,
    /// `组/标签`, or none for an answer that tags nobody.
    pub(crate) tag: Option<String>,
}

/// Fission (裂变): what to prepare and what one new member costs.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanFission {
    /// The bait (诱饵).
    pub(crate) bait: String,
    /// One bait's cost, e.g. `¥9.9`.
    pub(crate) unit_cost: String,
    /// New members one inviter brings to earn the bait (邀请人数).
    pub(crate) invites: u32,
    /// One new member's cost: unit cost ÷ invites, to the cent, e.g. `¥3.3`.
    pub(crate) cost_per_member: String,
    /// Baits to stock if every seat is filled by fission: seats ÷ invites, rounded up.
    pub(crate) baits: u64,
    pub(crate) rewards: Vec<String>,
    /// The poster members share (裂变海报).
    pub(crate) poster: Option<PlanAttachment>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanChannel {
    /// Becomes the join code's `state`.
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) tag: Option<String>,
    pub(crate) exposure: Option<u64>,
    /// Expected join rate (预计入群率) as written, e.g. `8%`.
    pub(crate) join_rate: Option<String>,
    /// The members it is expected to bring: exposure × join rate, rounded down.
    pub(crate) expected_joins: Option<u64>,
    /// The keys of the groups its 「加入群聊」 codes serve, in group order: those its `where`
    /// matches, or every group.
    pub(crate) groups: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanRules {
    pub(crate) nickname: Option<String>,
    pub(crate) conduct: Vec<PlanConduct>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanConduct {
    pub(crate) id: String,
    pub(crate) title: String,
    /// Forbidden behaviour, Chinese labels.
    pub(crate) forbid: Vec<String>,
    pub(crate) keywords: Vec<String>,
    /// Penalties in order, Chinese labels.
    pub(crate) penalty: Vec<String>,
    /// The rule in one Chinese line, as in the announcement.
    pub(crate) summary: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanTagGroup {
    pub(crate) group: String,
    /// `customer` or `group`, when the spec says (customer tags otherwise).
    pub(crate) kind: Option<String>,
    /// 客户标签 or 群标签.
    pub(crate) kind_label: Option<String>,
    /// `source`, `lifecycle`, `product`…, when the spec says.
    pub(crate) dimension: Option<String>,
    /// 来源, 生命周期, 产品…
    pub(crate) dimension_label: Option<String>,
    pub(crate) tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanOffer {
    pub(crate) name: String,
    pub(crate) price: Option<String>,
    pub(crate) tier_label: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanCommunity {
    pub(crate) id: String,
    pub(crate) name: String,
    /// Community type, English value.
    #[serde(rename = "type")]
    pub(crate) kind: String,
    /// Community type, Chinese label (引流群…).
    pub(crate) type_label: String,
    pub(crate) goal: String,
    pub(crate) goal_label: String,
    pub(crate) slogan: Option<String>,
    pub(crate) vision: Option<String>,
    pub(crate) themes: Vec<String>,
    /// Target audience (目标群体), as written; labels in Chinese.
    pub(crate) audience: Option<PlanAudience>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanAudience {
    pub(crate) description: Option<String>,
    /// Age range as written, e.g. `30-45`.
    pub(crate) age: Option<String>,
    pub(crate) gender: Option<PlanLabel>,
    pub(crate) cities: Vec<String>,
    pub(crate) occupations: Vec<String>,
    pub(crate) interests: Vec<String>,
    pub(crate) income: Option<String>,
    pub(crate) education: Option<String>,
    /// Where they gather (聚集渠道).
    pub(crate) channels: Vec<String>,
}

/// A value of one of the language's enums: its English value and Chinese label.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanLabel {
    pub(crate) value: String,
    pub(crate) label: String,
}

/// A content pillar (内容支柱).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanPillar {
    pub(crate) purpose: PlanLabel,
    /// How often, as written (`daily`, `3/week`…).
    pub(crate) frequency: Option<String>,
    /// How often, in Chinese (每天, 每周 3 次…).
    pub(crate) frequency_label: Option<String>,
    /// Times per week, for comparing pillars.
    pub(crate) per_week: Option<f64>,
    pub(crate) formats: Vec<PlanLabel>,
    pub(crate) topics: Vec<String>,
}

/// A user class and its strategy (用户分层).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanSegment {
    pub(crate) id: String,
    /// The class in Chinese for the suggested ids (`loyal` 忠实型…), else the id.
    pub(crate) name: String,
    /// Who belongs to it (判定标准), in words.
    pub(crate) criteria: Option<String>,
    /// Who belongs to it, as operators count it (判定规则).
    pub(crate) rule: Option<PlanSegmentRule>,
    /// The customer tag its members carry (分层标签), `组/标签`.
    pub(crate) tag: Option<String>,
    /// What to do for them (运营策略).
    pub(crate) strategy: Option<String>,
}

/// A segment's rule (判定规则).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanSegmentRule {
    /// `purchases`, `spend`, `referrals`, `messages` or `days_silent`, with its Chinese label.
    pub(crate) measure: PlanLabel,
    /// The comparison as written, e.g. `>= 2`.
    pub(crate) target: String,
    /// The window as written (`30d`, `term`); absent for the whole term.
    pub(crate) within: Option<String>,
    /// The rule in one Chinese line, e.g. `近30天购买次数不低于 2`.
    pub(crate) summary: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanTimeZone {
    /// IANA name, e.g. `Asia/Shanghai`.
    pub(crate) name: String,
    /// Offset from UTC, e.g. `+08:00`.
    pub(crate) utc_offset: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanLifecycle {
    /// Day 1, `YYYY-MM-DD`, when the spec gives one.
    pub(crate) start: Option<String>,
    /// Last day of a finite term, `YYYY-MM-DD`.
    pub(crate) end: Option<String>,
    /// The term as written (`21d`, `ongoing`).
    pub(crate) term: String,
    /// The term in Chinese (`21天`, `长期`).
    pub(crate) term_label: String,
    /// Days planned: the term, or the horizon of an ongoing community.
    pub(crate) planned_days: i64,
    pub(crate) ongoing: bool,
    pub(crate) on_end: Option<String>,
    pub(crate) on_end_label: Option<String>,
    pub(crate) transform_into: Option<String>,
    pub(crate) phases: Vec<PlanPhase>,
    /// Staggered cohorts (分批开群) as written (`7d`), when the spec has them: `start`, `end`
    /// and the phases' dates are then the first cohort's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) stagger: Option<String>,
    /// The cohorts' rhythm in Chinese, e.g. `每 7 天开一批新群，第 1 批 2026-09-01 开群，第 12 批
    /// 2026-11-17 开群`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) stagger_label: Option<String>,
}

/// One cohort of staggered groups: those numbered `cohort` in their matrix combination.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanCohort {
    /// 1-based; its groups' `n`.
    pub(crate) cohort: usize,
    /// Its day 1, `YYYY-MM-DD`.
    pub(crate) start: String,
    /// Its last day of a finite term, `YYYY-MM-DD`.
    pub(crate) end: Option<String>,
    /// Its phases' dates, in `lifecycle.phases` order.
    pub(crate) phases: Vec<PlanCohortPhase>,
    /// Its dated SOP, as `schedule` is the first cohort's.
    pub(crate) schedule: Vec<PlanTask>,
    /// Days from the first cohort's start: not written, for `build` to count a person's days.
    #[serde(skip)]
    pub(crate) offset: i64,
}

/// A phase's dates in one cohort.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanCohortPhase {
    pub(crate) id: String,
    pub(crate) from_date: Option<String>,
    pub(crate) to_date: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanPhase {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) from_day: i32,
    pub(crate) to_day: i32,
    pub(crate) from_date: Option<String>,
    pub(crate) to_date: Option<String>,
    pub(crate) goal: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanGroup {
    /// 1-based position in the expansion.
    pub(crate) index: usize,
    /// Number within its matrix combination (`{{ n }}`).
    pub(crate) n: u32,
    /// Identity from the matrix values and `n`, kept when the matrix or `count` grows: the
    /// values as written (letters, digits and `_` kept, anything else percent-encoded) joined
    /// with `-`, then `-n` (`成都-三年级-1`); `n` alone without a matrix.
    pub(crate) key: String,
    pub(crate) name: String,
    /// Folder under the community's output folder: the key.
    pub(crate) folder: String,
    /// Matrix variables of this group.
    pub(crate) vars: BTreeMap<String, String>,
    /// The rendered welcome message (`%NICKNAME%` for the newcomer's nickname).
    pub(crate) welcome: Option<String>,
    /// The composed group announcement.
    pub(crate) announcement: String,
    /// The message of each `schedule` task, by position.
    pub(crate) messages: Vec<Option<String>>,
    /// The message of each `per_member` step, by position.
    pub(crate) per_member_messages: Vec<Option<String>>,
    /// Role id → the user ids of this group's people in that role (roles with `staff` only).
    pub(crate) staff: BTreeMap<String, Vec<String>>,
    /// With `lifecycle.stagger` only: its cohort (its `n`), the index of its dated SOP in
    /// `cohorts` plus one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) cohort: Option<usize>,
    /// With `lifecycle.stagger` only: its day 1 (开群日期), `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) start: Option<String>,
    /// With `lifecycle.stagger` only: its last day of a finite term, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) end: Option<String>,
    /// Its day 1, when the spec has a start date: not written, for `build` to date its days.
    #[serde(skip)]
    pub(crate) day_one: Option<Date>,
}

/// One person named in `staff`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanPerson {
    /// WeCom user id.
    pub(crate) userid: String,
    /// The ids of the roles they fill.
    pub(crate) roles: Vec<String>,
    /// The groups they sit in or oversee, by `groups[].key`, in group order.
    pub(crate) groups: Vec<String>,
    /// Their dated tasks per day across their groups; a moments post counts once per step
    /// and day, not once per group.
    pub(crate) tasks_per_day: Load,
}

impl Plan {
    /// The dated SOP of `group`: its cohort's.
    pub(crate) fn schedule_of(&self, group: &PlanGroup) -> &[PlanTask] {
        match group.cohort.and_then(|c| self.cohorts.get(c - 1)) {
            Some(cohort) => &cohort.schedule,
            None => &self.schedule,
        }
    }
}

impl PlanGroup {
    /// This group with its rendered texts (a failed announcement is empty: `build` reports
    /// the failure before it writes the group).
    /// The group with its rendered texts; the announcement template's error if it failed.
    pub(crate) fn with_texts(&self, texts: GroupTexts) -> Result<PlanGroup, String> {
        Ok(PlanGroup {
            welcome: texts.welcome,
            announcement: texts.announcement?,
            messages: texts.messages,
            per_member_messages: texts.per_member,
            ..self.clone()
        })
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanRole {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) type_label: String,
    /// Display title, or the type's label.
    pub(crate) title: String,
    pub(crate) staff: Vec<String>,
    pub(crate) per_group: u32,
    pub(crate) max_groups: Option<u32>,
    pub(crate) duties: Vec<String>,
    /// Seats to fill: groups × per_group (for the overall lead, `per_group` in all).
    pub(crate) seats: u64,
    /// People needed: seats ÷ max_groups rounded up; without max_groups, the staff named,
    /// or one person per seat when no staff is named.
    pub(crate) people_needed: u64,
    /// Groups the busiest person carries.
    pub(crate) groups_per_person: u64,
    /// Dated tasks of this role per day in one group.
    pub(crate) tasks_per_group: Load,
    /// Dated tasks per day for the busiest person (tasks per group × groups per person).
    pub(crate) tasks_per_person: Load,
    /// `after_join` steps this role performs for every new member.
    pub(crate) per_member_steps: usize,
}

/// A daily task load over the planned days.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq)]
pub(crate) struct Load {
    /// The busiest day.
    pub(crate) peak: u64,
    /// Tasks ÷ planned days, rounded to 2 decimals.
    pub(crate) mean: f64,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanStaffing {
    pub(crate) groups: usize,
    /// Sum of `people_needed` over the roles the team staffs (not those members play: KOL,
    /// expert, core member).
    pub(crate) people_needed: u64,
    /// Sum of the staff named over the roles the team staffs.
    pub(crate) people_named: usize,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanTask {
    /// Day number, day 1 = launch day.
    pub(crate) day: i64,
    pub(crate) date: Option<String>,
    /// Weekday in Chinese (周一…), when the date is known.
    pub(crate) weekday: Option<String>,
    /// `HH:MM` in the plan's time zone.
    pub(crate) time: String,
    #[serde(flatten)]
    pub(crate) step: PlanStepInfo,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanRelative {
    /// Delay after the member joins, as written (`10m`).
    pub(crate) after: String,
    pub(crate) after_minutes: u64,
    /// In Chinese, e.g. `入群后10分钟`.
    pub(crate) after_label: String,
    #[serde(flatten)]
    pub(crate) step: PlanStepInfo,
}

/// What a step is, shared by dated and relative steps.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanStepInfo {
    /// Step id.
    pub(crate) step: String,
    pub(crate) title: String,
    /// The trigger form: `day`, `every`, `date`, `before_end`, `phase` or `after_join`.
    pub(crate) trigger: TriggerForm,
    /// The trigger in Chinese, e.g. `每天 08:30`.
    pub(crate) when_label: String,
    pub(crate) channel: String,
    pub(crate) channel_label: String,
    /// The performing role's id: who does it in a group is `groups[].staff[role]` (the role's
    /// whole pool is `roles[].staff`).
    pub(crate) role: String,
    pub(crate) role_title: String,
    /// The role, resolved: not written, for `build` to find a role's tasks.
    #[serde(skip)]
    pub(crate) performer: Option<RoleRef>,
    pub(crate) purpose: Option<String>,
    pub(crate) purpose_label: Option<String>,
    pub(crate) attachments: Vec<PlanAttachment>,
    pub(crate) to_tags: Vec<String>,
    /// The segment it goes to (目标分层): only members with the segment's tag.
    pub(crate) segment: Option<PlanStepSegment>,
}

/// The segment a step goes to.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanStepSegment {
    pub(crate) id: String,
    /// The segment in Chinese (`忠实型`…), as in `segments[].name`.
    pub(crate) name: String,
    /// The tag that selects its members, `组/标签`.
    pub(crate) tag: Option<String>,
    /// Who it reaches, in one Chinese line: `仅发给：忠实型（标签 用户分层/忠实型）`.
    pub(crate) note: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanAttachment {
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) type_label: String,
    /// One line for people: `图片：海报.png`, `链接：报名入口 https://…`.
    pub(crate) summary: String,
    pub(crate) name: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) appid: Option<String>,
    pub(crate) page: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct PlanKpi {
    pub(crate) metric: String,
    pub(crate) label: String,
    /// The formula, in Chinese as the seeds word it, e.g. `订单数 ÷ 群成员总数`.
    pub(crate) definition: String,
    /// The period it is measured over: the one written, else the metric's default.
    pub(crate) period: Period,
    /// The period in Chinese, e.g. `日`.
    pub(crate) period_label: String,
    /// The phase it holds in, when the spec names one; the whole term otherwise.
    pub(crate) phase: Option<String>,
    /// As written, e.g. `>= 20%`.
    pub(crate) target: String,
    /// The target in Chinese, e.g. `不低于 20%`.
    pub(crate) target_label: String,
    pub(crate) rate: bool,
}

/// Builds the plan from a checked spec and its analysis. Its groups have no texts: a group
/// gets them with [`PlanGroup::with_texts`] when it is built, one at a time.
pub fn plan(spec: &Spec, analysis: &Analysis) -> Plan {
    let schedule = &analysis.schedule;
    let groups_total = analysis.groups.len();
    let seats = spec.groups.seats(groups_total);
    let assignments = Assignment::all(spec, analysis.groups.iter().map(|(seed, _)| seed));
    let groups = analysis
        .groups
        .iter()
        .enumerate()
        .map(|(i, (seed, name))| PlanGroup {
            index: i + 1,
            n: seed.n,
            key: seed.key.clone(),
            name: name.clone(),
            folder: seed.key.clone(),
            vars: seed.vars.iter().map(|(k, v)| (k.clone(), v.to_string())).collect(),
            welcome: None,
            announcement: String::new(),
            messages: Vec::new(),
            per_member_messages: Vec::new(),
            staff: spec
                .roles
                .iter()
                .zip(&assignments)
                .filter(|(r, _)| !r.staff.is_empty())
                .map(|(r, a)| (r.id.to_string(), a.groups[i].iter().map(|&p| r.staff[p].id().to_string()).collect()))
                .collect(),
            cohort: analysis.stagger.as_ref().map(|_| analysis.cohort(i) + 1),
            start: analysis
                .stagger
                .as_ref()
                .and_then(|_| analysis.cohort_schedule(analysis.cohort(i)).start)
                .map(|d| d.to_string()),
            end: analysis.stagger.as_ref().and_then(|_| end_date(analysis.cohort_schedule(analysis.cohort(i)))),
            day_one: analysis.cohort_schedule(analysis.cohort(i)).start,
        })
        .collect();
    let tasks = plan_tasks(spec, schedule);
    let cohorts: Vec<PlanCohort> = match analysis.stagger {
        None => Vec::new(),
        Some(_) => analysis
            .cohorts()
            .enumerate()
            .map(|(k, s)| PlanCohort {
                cohort: k + 1,
                start: s.start.map(|d| d.to_string()).unwrap_or_default(),
                end: end_date(s),
                phases: spec
                    .lifecycle
                    .phases
                    .iter()
                    .map(|p| PlanCohortPhase {
                        id: p.id.to_string(),
                        from_date: s.date(i64::from(p.from_day)).map(|d| d.to_string()),
                        to_date: s.date(i64::from(p.to_day)).map(|d| d.to_string()),
                    })
                    .collect(),
                schedule: if k == 0 { tasks.clone() } else { plan_tasks(spec, s) },
                offset: analysis.stagger.as_ref().map_or(0, |st| k as i64 * st.days),
            })
            .collect(),
    };
    let per_member = spec
        .content
        .sop
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let after = s.when.after_join()?;
            Some(PlanRelative {
                after: after.to_string(),
                after_minutes: after.minutes,
                after_label: format!("入群后{}", duration_zh(after.minutes)),
                step: step_info(spec, i),
            })
        })
        .collect();
    let roles: Vec<PlanRole> =
        spec.roles.iter().enumerate().map(|(i, r)| role_plan(spec, i, r, groups_total, schedule)).collect();
    let team = || roles.iter().zip(&spec.roles).filter(|(_, r)| r.kind.staffed_by_team()).map(|(p, _)| p);
    let staffing = PlanStaffing {
        groups: groups_total,
        people_needed: team().map(|r| r.people_needed).sum(),
        people_named: team().map(|r| r.staff.len()).sum(),
    };
    let days = schedule.last_day.max(1) as f64;
    // A person's days run from their first cohort's start to their last cohort's end.
    let person_days = |groups: &[usize]| {
        let cohorts = groups.iter().map(|&g| analysis.cohort(g) as i64);
        let spread = cohorts.clone().max().unwrap_or(0) - cohorts.min().unwrap_or(0);
        days + (spread * analysis.stagger.as_ref().map_or(0, |s| s.days)) as f64
    };
    let cohort_schedules: Vec<&Schedule> = analysis.cohorts().collect();
    let people = crate::compile::people(spec, &cohort_schedules, |g| analysis.cohort(g), &assignments)
        .into_iter()
        .map(|p| PlanPerson {
            roles: {
                let mut roles: Vec<String> = p.entries.iter().map(|&(r, _)| spec.roles[r].id.to_string()).collect();
                roles.dedup();
                roles
            },
            groups: p.groups.iter().map(|&g| analysis.groups[g].0.key.clone()).collect(),
            tasks_per_day: Load {
                peak: p.workload.peak,
                mean: round2(p.workload.total as f64 / person_days(&p.groups)),
            },
            userid: p.id,
        })
        .collect();
    let lc = &spec.lifecycle;
    let parts = announcement_parts(spec, schedule);
    Plan {
        plan_version: PLAN_VERSION,
        community: PlanCommunity {
            id: spec.community.id.to_string(),
            name: spec.community.name.clone(),
            kind: spec.community.kind.value().into(),
            type_label: spec.community.kind.label().into(),
            goal: spec.community.goal.value().into(),
            goal_label: spec.community.goal.label().into(),
            slogan: spec.community.slogan.clone(),
            vision: spec.community.vision.clone(),
            themes: match &spec.community.theme {
                None => Vec::new(),
                Some(Theme::One(t)) => vec![t.clone()],
                Some(Theme::Many(ts)) => ts.clone(),
            },
            audience: spec.community.audience.as_ref().map(|a| PlanAudience {
                description: a.description.clone(),
                age: a.age.clone(),
                gender: a.gender.map(|g| PlanLabel::of(g.value(), g.label())),
                cities: a.cities.clone(),
                occupations: a.occupations.clone(),
                interests: a.interests.clone(),
                income: a.income.clone(),
                education: a.education.clone(),
                channels: a.channels.clone(),
            }),
        },
        timezone: PlanTimeZone { name: spec.timezone.0.to_string(), utc_offset: utc_offset(&spec.timezone) },
        lifecycle: PlanLifecycle {
            start: lc.start.map(|d| d.to_string()),
            end: end_date(schedule),
            term: lc.term.to_string(),
            term_label: lc.term.days().map_or_else(|| "长期".to_string(), |d| format!("{d}天")),
            planned_days: schedule.last_day,
            ongoing: !schedule.finite,
            on_end: lc.on_end.map(|e| e.value().to_string()),
            on_end_label: lc.on_end.map(|e| e.label().to_string()),
            transform_into: lc.transform_into.clone(),
            phases: lc
                .phases
                .iter()
                .map(|p| PlanPhase {
                    id: p.id.to_string(),
                    name: phase_name(p.name.as_deref(), p.id.as_str()),
                    from_day: p.from_day,
                    to_day: p.to_day,
                    from_date: schedule.date(i64::from(p.from_day)).map(|d| d.to_string()),
                    to_date: schedule.date(i64::from(p.to_day)).map(|d| d.to_string()),
                    goal: p.goal.clone(),
                })
                .collect(),
            stagger: analysis.stagger.as_ref().and(spec.groups.stagger.as_ref()).map(|d| d.to_string()),
            stagger_label: analysis.stagger.as_ref().map(|s| stagger_label(spec, s.days, &cohorts)),
        },
        groups,
        roles,
        schedule: tasks,
        cohorts,
        per_member,
        kpis: spec
            .kpis
            .targets()
            .into_iter()
            .map(|(m, kpi)| (m, kpi, kpi.target()))
            .map(|(m, kpi, t)| PlanKpi {
                metric: m.key.into(),
                label: m.label.into(),
                definition: m.definition.into(),
                period: m.period_of(kpi),
                period_label: m.period_of(kpi).label().into(),
                phase: kpi.phase().map(|p| p.to_string()),
                target: t.to_string(),
                target_label: {
                    let value = t.to_string().trim_start_matches(['>', '<', '=']).trim().to_string();
                    let money = if m.measure == Measure::Money { "¥" } else { "" };
                    format!("{} {money}{value}", t.cmp.label())
                },
                rate: m.measure.is_rate(),
            })
            .collect(),
        staffing,
        people,
        rights: parts.rights.into_iter().map(|(category, items)| PlanRights { category, items }).collect(),
        gates: spec
            .gates
            .iter()
            .zip(parts.gates)
            .enumerate()
            .map(|(i, (g, summary))| PlanGate {
                kind: g.kind().value().into(),
                type_label: g.kind().label().into(),
                summary,
                checked: checkpoint(spec, i, g),
            })
            .collect(),
        admission: PlanAdmission {
            methods: spec.admission.methods.iter().map(|m| m.label().to_string()).collect(),
            channels: spec
                .admission
                .channels
                .iter()
                .map(|c| PlanChannel {
                    id: c.id.to_string(),
                    name: c.name.clone(),
                    tag: c.tag.clone(),
                    exposure: c.exposure,
                    join_rate: c.join_rate.as_ref().map(ToString::to_string),
                    expected_joins: c.expected_joins(),
                    groups: analysis
                        .groups
                        .iter()
                        .filter(|(seed, _)| c.serves(&seed.vars))
                        .map(|(seed, _)| seed.key.clone())
                        .collect(),
                })
                .collect(),
            survey: spec.admission.survey.iter().map(|q| q.question().to_string()).collect(),
            survey_answers: spec
                .admission
                .survey
                .iter()
                .map(|q| {
                    let answers = q.answers();
                    answers.map(|(a, t)| PlanAnswer { answer: a.to_string(), tag: t.map(String::from) }).collect()
                })
                .collect(),
            expected_joins: spec.admission.expected_joins(),
            seats,
            max_cost_per_member: spec.admission.max_cost_per_member.map(|c| format!("¥{}", money_text(c))),
            fission: spec.admission.fission.as_ref().map(|f| PlanFission {
                bait: f.bait.name.clone(),
                unit_cost: format!("¥{}", money_text(f.bait.unit_cost)),
                invites: f.invites,
                cost_per_member: format!("¥{}", money_text(f.cost_per_member())),
                baits: f.baits_for(seats),
                rewards: f.rewards.clone(),
                poster: f.poster.as_ref().map(attachment),
            }),
        },
        rules: PlanRules {
            nickname: spec.rules.nickname.clone(),
            conduct: spec
                .rules
                .conduct
                .iter()
                .zip(parts.conduct)
                .map(|(c, summary)| PlanConduct {
                    id: c.id.to_string(),
                    title: c.title.clone(),
                    forbid: c.forbid.iter().map(|f| f.label().to_string()).collect(),
                    keywords: c.keywords.clone(),
                    penalty: c.penalty.iter().map(|p| p.label().to_string()).collect(),
                    summary,
                })
                .collect(),
        },
        tags: spec
            .tags
            .iter()
            .map(|t| PlanTagGroup {
                group: t.group.clone(),
                kind: t.kind.map(|k| k.value().to_string()),
                kind_label: t.kind.map(|k| k.label().to_string()),
                dimension: t.dimension.map(|d| d.value().to_string()),
                dimension_label: t.dimension.map(|d| d.label().to_string()),
                tags: t.tags.clone(),
            })
            .collect(),
        offers: spec
            .monetization
            .offers
            .iter()
            .map(|o| PlanOffer {
                name: o.name.clone(),
                price: o.price.map(|p| format!("¥{}", money_text(p))),
                tier_label: o.tier.map(|t| t.label().to_string()),
            })
            .collect(),
        models: spec.monetization.model.iter().map(|m| PlanLabel::of(m.value(), m.label())).collect(),
        pillars: spec
            .content
            .pillars
            .iter()
            .map(|p| PlanPillar {
                purpose: PlanLabel::of(p.purpose.value(), p.purpose.label()),
                frequency: p.frequency.as_ref().map(ToString::to_string),
                frequency_label: p.frequency.as_ref().map(Frequency::label),
                per_week: p.frequency.as_ref().map(|f| f.per_week),
                formats: p.formats.iter().map(|f| PlanLabel::of(f.value(), f.label())).collect(),
                topics: p.topics.clone(),
            })
            .collect(),
        segments: spec
            .segments
            .iter()
            .map(|g| PlanSegment {
                id: g.id.clone(),
                name: segment_name(&g.id),
                criteria: g.criteria.clone(),
                rule: g.rule.as_ref().map(|r| PlanSegmentRule {
                    measure: PlanLabel::of(r.measure.value(), r.measure.label()),
                    target: r.target.to_string(),
                    within: r.within.as_ref().map(|w| match w {
                        Window::Whole(t) => t.value().to_string(),
                        Window::Last(d) => d.to_string(),
                    }),
                    summary: rule_summary(r),
                }),
                tag: g.tag.clone(),
                strategy: g.strategy.clone(),
            })
            .collect(),
    }
}

/// A segment's rule in one Chinese line: `近30天购买次数不低于 2`, `本期邀请人数不低于 3`.
fn rule_summary(r: &SegmentRule) -> String {
    let window = match (&r.within, r.measure) {
        // Days since the last message count back from today by themselves.
        (_, SegmentMeasure::DaysSilent) => String::new(),
        (Some(Window::Last(d)), _) => match d.minutes / (365 * 1440) {
            years if years > 0 && d.minutes % (365 * 1440) == 0 => format!("近{years}年"),
            _ => format!("近{}", duration_zh(d.minutes)),
        },
        (None | Some(Window::Whole(_)), _) => "本期".into(),
    };
    let unit = if r.measure == SegmentMeasure::Spend { "元" } else { "" };
    format!("{window}{}{} {}{unit}", r.measure.label(), r.target.cmp.label(), money_text(r.target.value))
}

/// A schedule's tasks, dated by its start.
fn plan_tasks(spec: &Spec, schedule: &Schedule) -> Vec<PlanTask> {
    schedule
        .tasks
        .iter()
        .map(|t| {
            let date = schedule.date(t.day);
            PlanTask {
                day: t.day,
                date: date.map(|d| d.to_string()),
                weekday: date.map(|d| weekday_zh(d).to_string()),
                time: t.at.to_string(),
                step: step_info(spec, t.step),
            }
        })
        .collect()
}

/// The last day of a finite term, when the start is known.
fn end_date(schedule: &Schedule) -> Option<String> {
    schedule.finite.then(|| schedule.date(schedule.last_day)).flatten().map(|d| d.to_string())
}

/// The cohorts' rhythm, as the README says it: `每 7 天开一个新群，第 1 群 2026-09-01 开群，第 12 群
/// 2026-11-17 开群`; with a matrix, each cohort is a batch (批) of one group per combination.
fn stagger_label(spec: &Spec, days: i64, cohorts: &[PlanCohort]) -> String {
    let per_cohort: usize = spec.groups.matrix.0.iter().map(|(_, values)| values.len()).product();
    let (new, unit) =
        if per_cohort > 1 { (format!("一批（{per_cohort} 个）"), "批") } else { ("一个".to_string(), "群") };
    let mut said = format!("每 {days} 天开{new}新群");
    for c in [cohorts.first(), cohorts.last()].into_iter().flatten().take(cohorts.len().min(2)) {
        said.push_str(&format!("，第 {} {unit} {} 开群", c.cohort, c.start));
    }
    said
}

/// The suggested segment ids in Chinese (see `Segment`); any other id names itself.
fn segment_name(id: &str) -> String {
    match id {
        "loyal" => "忠实型",
        "bargain" => "羊毛型",
        "need" => "需求型",
        "low_need" => "低需求型",
        other => other,
    }
    .to_string()
}

impl PlanLabel {
    fn of(value: &str, label: &str) -> Self {
        PlanLabel { value: value.into(), label: label.into() }
    }
}

fn step_info(spec: &Spec, step: usize) -> PlanStepInfo {
    let s = &spec.content.sop[step];
    let role = spec.step_role(step);
    PlanStepInfo {
        step: s.id.to_string(),
        title: s.title.clone(),
        trigger: s.when.form(),
        when_label: describe_when(spec, step),
        channel: s.channel.value().into(),
        channel_label: s.channel.label().into(),
        role: s.role.to_string(),
        role_title: role.map_or_else(|| s.role.to_string(), Role::display_title),
        performer: spec.refs().role_of(step),
        purpose: s.purpose.map(|p| p.value().to_string()),
        purpose_label: s.purpose.map(|p| p.label().to_string()),
        attachments: s.attachments.iter().map(attachment).collect(),
        to_tags: s.to_tags.clone(),
        segment: spec.step_segment(step).map(|g| {
            let name = segment_name(&g.id);
            let note = match &g.tag {
                Some(tag) => format!("仅发给：{name}（标签 {tag}）"),
                None => format!("仅发给：{name}"),
            };
            PlanStepSegment { id: g.id.clone(), name, tag: g.tag.clone(), note }
        }),
    }
}

fn attachment(a: &Attachment) -> PlanAttachment {
    let label = a.kind().label();
    let mut out = PlanAttachment {
        kind: a.kind().value().into(),
        type_label: label.into(),
        summary: String::new(),
        name: None,
        title: None,
        url: None,
        appid: None,
        page: None,
    };
    out.summary = match a {
        Attachment::Image { name } | Attachment::File { name } | Attachment::Video { name } => {
            out.name = Some(name.clone());
            format!("{label}：{name}")
        }
        Attachment::Link { title, url } => {
            (out.title, out.url) = (Some(title.clone()), Some(url.clone()));
            format!("{label}：{title} {url}")
        }
        Attachment::Miniprogram { title, appid, page } => {
            (out.title, out.appid, out.page) = (Some(title.clone()), Some(appid.clone()), Some(page.clone()));
            format!("{label}：{title}（{page}）")
        }
    };
    out
}

/// Role `r`, the role at `index` in `roles`, with its staffing and workload.
fn role_plan(spec: &Spec, index: usize, r: &Role, groups: usize, schedule: &Schedule) -> PlanRole {
    let Staffing { seats, people_needed, groups_per_person } = Staffing::of(r, groups);
    let steps: Vec<usize> = spec.refs().steps_of(index).collect();
    let mut per_day: BTreeMap<i64, u64> = BTreeMap::new();
    for t in schedule.tasks.iter().filter(|t| steps.contains(&t.step)) {
        *per_day.entry(t.day).or_default() += 1;
    }
    let total: u64 = per_day.values().sum();
    let days = schedule.last_day.max(1) as f64;
    let per_group = Load { peak: per_day.values().copied().max().unwrap_or(0), mean: round2(total as f64 / days) };
    let per_person =
        Load { peak: per_group.peak * groups_per_person, mean: round2(total as f64 * groups_per_person as f64 / days) };
    PlanRole {
        id: r.id.to_string(),
        kind: r.kind.value().into(),
        type_label: r.kind.label().into(),
        title: r.display_title(),
        staff: r.staff.iter().map(|m| m.id().to_string()).collect(),
        per_group: r.per_group,
        max_groups: r.max_groups,
        duties: r.duties.clone(),
        seats,
        people_needed,
        groups_per_person,
        tasks_per_group: per_group,
        tasks_per_person: per_person,
        per_member_steps: steps.iter().filter(|s| spec.content.sop[**s].when.after_join().is_some()).count(),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn utc_offset(zone: &TimeZone) -> String {
    let minutes = zone.offset_minutes();
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The staggered test spec (tests/data/build/stagger.yaml: 3 groups 10 days apart from
    /// 2026-09-01) with a matrix of two cities: each cohort is a batch of two groups.
    #[test]
    fn groups_of_one_number_form_a_cohort_that_starts_together() {
        let text = include_str!("../tests/data/build/stagger.yaml")
            .replacen("  stagger: 10d\n", "  stagger: 10d\n  matrix: { city: [成都, 重庆] }\n", 1)
            .replacen("\"读书营{{ n }}期\"", "\"{{ city }}读书营{{ n }}期\"", 1);
        let outcome = crate::check::check(&text, &crate::check::Options::default());
        assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
        let (loaded, analysis) = outcome.checked.expect("checked");
        // One schedule per start, not per group.
        assert_eq!(analysis.cohorts().count(), 3);
        let plan = plan(&loaded.spec, &analysis);
        let starts: Vec<(&str, Option<usize>, Option<&str>)> =
            plan.groups.iter().map(|g| (g.key.as_str(), g.cohort, g.start.as_deref())).collect();
        assert_eq!(
            starts,
            [
                ("成都-1", Some(1), Some("2026-09-01")),
                ("成都-2", Some(2), Some("2026-09-11")),
                ("成都-3", Some(3), Some("2026-09-21")),
                ("重庆-1", Some(1), Some("2026-09-01")),
                ("重庆-2", Some(2), Some("2026-09-11")),
                ("重庆-3", Some(3), Some("2026-09-21")),
            ]
        );
        let label = plan.lifecycle.stagger_label.as_deref();
        assert_eq!(label, Some("每 10 天开一批（2 个）新群，第 1 批 2026-09-01 开群，第 3 批 2026-09-21 开群"));
        assert_eq!(plan.cohorts.len(), 3);
    }
}
