//! Plan → the files of a community's output folder, rendered in memory (nothing is written
//! here; [`crate::emit`] writes them atomically).

use std::collections::BTreeSet;

use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use crate::analysis::GroupTexts;
use crate::compile::describe_when;
use crate::i18n::{Text, tr};
use crate::limits::JOIN_WAY_GROUPS_MAX;
use crate::plan::{Plan, PlanAttachment, PlanGroup, PlanRelative, PlanTask};
use crate::render::Artifacts;
use crate::spec::{AdmissionMethod, Spec, Step, Trigger, TriggerForm};

/// One output file, by its path relative to the community folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file `build` writes and `render` prints: one per group, or one for the community.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    Announcement,
    Welcome,
    SopMd,
    SopCsv,
    SopIcs,
    Checklist,
    PlanJson,
    ReadmeMd,
    /// The once-per-community setup: tag groups, join codes, welcome template, anti-harassment.
    SetupMd,
    /// Every group's `sop.csv` rows under one header, for one SCRM import.
    MergedCsv,
}

impl Artifact {
    /// Every artifact: a group's, then the community's (as `render` lists them).
    pub(crate) const ALL: &[Artifact] = &[
        Artifact::Announcement,
        Artifact::Welcome,
        Artifact::SopMd,
        Artifact::SopCsv,
        Artifact::SopIcs,
        Artifact::Checklist,
        Artifact::PlanJson,
        Artifact::ReadmeMd,
        Artifact::SetupMd,
        Artifact::MergedCsv,
    ];

    /// The name `commspec render` takes.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Artifact::Announcement => "announcement",
            Artifact::Welcome => "welcome",
            Artifact::SopMd => "sop.md",
            Artifact::SopCsv => "sop.csv",
            Artifact::SopIcs => "sop.ics",
            Artifact::Checklist => "checklist",
            Artifact::PlanJson => "plan.json",
            Artifact::ReadmeMd => "README.md",
            Artifact::SetupMd => "setup.md",
            Artifact::MergedCsv => "all-sop.csv",
        }
    }

    /// The file it is written to, in its group's folder or the community's.
    pub fn file_name(self) -> &'static str {
        match self {
            Artifact::Announcement => "announcement.txt",
            Artifact::Welcome => "welcome.txt",
            Artifact::Checklist => "checklist.md",
            // At the community's root, beside the groups' folders.
            Artifact::MergedCsv => "sop.csv",
            other => other.name(),
        }
    }

    /// Whether each group has its own (else the community has one).
    pub(crate) fn per_group(self) -> bool {
        !matches!(self, Artifact::PlanJson | Artifact::ReadmeMd | Artifact::SetupMd | Artifact::MergedCsv)
    }

    /// The artifact with this name or file name (`sop.csv` is a group's; the merged one is
    /// named `all-sop.csv`).
    pub fn parse(name: &str) -> Option<Artifact> {
        Artifact::ALL.iter().copied().find(|a| a.name() == name || a.file_name() == name)
    }
}

/// A template failure while rendering an artifact.
#[derive(Debug)]
pub struct RenderFailure {
    pub(crate) template: String,
    /// minijinja's error with its source excerpt.
    pub(crate) message: String,
}

impl RenderFailure {
    /// What failed, in both languages; minijinja's message is its own.
    pub(crate) fn text(&self) -> Text {
        let (template, message) = (&self.template, &self.message);
        tr!("template `{template}` failed: {message}", "模板 `{template}` 渲染失败：{message}")
    }
}

/// Renders every file of the community folder. `texts` are the analysis's kept texts, for
/// the announcement's template error if it had one.
pub fn render_all(
    spec: &Spec,
    plan: &Plan,
    texts: &[GroupTexts],
    templates: &Artifacts,
) -> Result<Vec<OutputFile>, RenderFailure> {
    if let Some(Err(error)) = texts.iter().map(|t| &t.announcement).find(|a| a.is_err()) {
        return Err(RenderFailure { template: "announcement.txt.j2".into(), message: error.clone() });
    }
    let mut files = Vec::new();
    for artifact in Artifact::ALL.iter().filter(|a| !a.per_group() && **a != Artifact::MergedCsv) {
        let bytes = render_community(spec, plan, templates, *artifact)?;
        files.push(OutputFile { path: artifact.file_name().to_string(), bytes });
    }
    // The plan becomes a template value once: values share their data, so every group's
    // context holds the same plan instead of a copy (a plan holds every group's messages).
    let plan_value = Value::from(Serde(plan));
    let mut merged = MergedCsv::default();
    for group in &plan.groups {
        let ctx = group_context(spec, plan, &plan_value, group);
        for artifact in Artifact::ALL.iter().filter(|a| a.per_group()) {
            let bytes = render_group_with(group, templates, *artifact, ctx.clone())?;
            if *artifact == Artifact::SopCsv {
                merged.add(&bytes);
            }
            files.push(OutputFile { path: format!("{}/{}", group.folder, artifact.file_name()), bytes });
        }
    }
    files.push(OutputFile { path: Artifact::MergedCsv.file_name().to_string(), bytes: merged.0 });
    Ok(files)
}

/// Renders one community-level artifact (`plan.json`, `README.md`, `setup.md`, the merged
/// `sop.csv`).
pub(crate) fn render_community(
    spec: &Spec,
    plan: &Plan,
    templates: &Artifacts,
    artifact: Artifact,
) -> Result<Vec<u8>, RenderFailure> {
    match artifact {
        Artifact::PlanJson => {
            // Plain structs and maps: serialization cannot fail.
            let mut json = serde_json::to_string_pretty(plan).unwrap_or_default();
            json.push('\n');
            Ok(json.into_bytes())
        }
        Artifact::SetupMd => {
            let ctx = minijinja::context! { plan => Serde(plan), join_codes => Serde(join_codes(spec, plan)), join_groups_max => JOIN_WAY_GROUPS_MAX };
            render(templates, "setup.md.j2", ctx).map(String::into_bytes)
        }
        Artifact::MergedCsv => {
            let plan_value = Value::from(Serde(plan));
            let mut merged = MergedCsv::default();
            for group in &plan.groups {
                let ctx = group_context(spec, plan, &plan_value, group);
                merged.add(&render_group_with(group, templates, Artifact::SopCsv, ctx)?);
            }
            Ok(merged.0)
        }
        _ => {
            let ctx = minijinja::context! { plan => Serde(plan) };
            render(templates, "README.md.j2", ctx).map(String::into_bytes)
        }
    }
}

/// Groups' `sop.csv` files joined: the first one's byte-order mark and header, then every
/// file's records after its header. Records end in CRLF and line breaks inside a field are
/// `\n` (`csv_records`), so the first CRLF ends the header.
#[derive(Default)]
struct MergedCsv(Vec<u8>);

impl MergedCsv {
    fn add(&mut self, csv: &[u8]) {
        let body = csv.windows(2).position(|w| w == b"\r\n").map_or(csv.len(), |i| i + 2);
        if self.0.is_empty() {
            self.0.extend_from_slice(csv);
        } else {
            self.0.extend_from_slice(&csv[body..]);
        }
    }
}

/// One 「加入群聊」 join code of a channel (or of the plain QR code, without channels) and the
/// groups it serves: at most [`JOIN_WAY_GROUPS_MAX`], in group order.
#[derive(Serialize)]
struct JoinCode<'a> {
    /// The channel's id, the code's `state`; none for the plain QR code.
    state: Option<&'a str>,
    /// 1-based within its channel.
    number: usize,
    groups: Vec<JoinCodeGroup<'a>>,
}

#[derive(Serialize)]
struct JoinCodeGroup<'a> {
    key: &'a str,
    name: &'a str,
}

/// The join codes to create: for each channel (or once, when members scan a QR code and no
/// channel is named) the groups in runs of [`JOIN_WAY_GROUPS_MAX`].
fn join_codes<'a>(spec: &Spec, plan: &'a Plan) -> Vec<JoinCode<'a>> {
    let states: Vec<Option<&str>> = if plan.admission.channels.is_empty() {
        let scanned = spec.admission.methods.contains(&AdmissionMethod::Qrcode);
        if scanned { vec![None] } else { Vec::new() }
    } else {
        plan.admission.channels.iter().map(|c| Some(c.id.as_str())).collect()
    };
    let runs: Vec<&[PlanGroup]> = plan.groups.chunks(JOIN_WAY_GROUPS_MAX).collect();
    states
        .into_iter()
        .flat_map(|state| {
            runs.iter().enumerate().map(move |(i, run)| JoinCode {
                state,
                number: i + 1,
                groups: run.iter().map(|g| JoinCodeGroup { key: &g.key, name: &g.name }).collect(),
            })
        })
        .collect()
}

/// Renders one artifact of one group.
pub(crate) fn render_group(
    spec: &Spec,
    plan: &Plan,
    group: &PlanGroup,
    templates: &Artifacts,
    artifact: Artifact,
) -> Result<Vec<u8>, RenderFailure> {
    render_group_with(group, templates, artifact, group_context(spec, plan, &Value::from(Serde(plan)), group))
}

/// What a group's templates see: the plan and the group's view of it.
fn group_context(spec: &Spec, plan: &Plan, plan_value: &Value, group: &PlanGroup) -> Value {
    let view = GroupView::new(spec, plan, group);
    minijinja::context! { plan => plan_value.clone(), ..Value::from(Serde(&view)) }
}

fn render_group_with(
    group: &PlanGroup,
    templates: &Artifacts,
    artifact: Artifact,
    ctx: Value,
) -> Result<Vec<u8>, RenderFailure> {
    Ok(match artifact {
        Artifact::Announcement => with_newline(&group.announcement).into_bytes(),
        Artifact::Welcome => render(templates, "welcome.txt.j2", ctx)?.into_bytes(),
        Artifact::SopMd => render(templates, "sop.md.j2", ctx)?.into_bytes(),
        Artifact::Checklist => render(templates, "checklist.md.j2", ctx)?.into_bytes(),
        // Excel needs the byte-order mark to read UTF-8; RFC 4180 wants CRLF between records.
        Artifact::SopCsv => ["\u{feff}", &csv_records(&render(templates, "sop.csv.j2", ctx)?)].concat().into_bytes(),
        Artifact::SopIcs => ics_lines(&render(templates, "sop.ics.j2", ctx)?).into_bytes(),
        Artifact::PlanJson | Artifact::ReadmeMd | Artifact::SetupMd | Artifact::MergedCsv => Vec::new(),
    })
}

fn render(templates: &Artifacts, name: &str, ctx: Value) -> Result<String, RenderFailure> {
    templates.render(name, ctx).map_err(|e| RenderFailure { template: name.to_string(), message: format!("{e:#}") })
}

fn with_newline(s: &str) -> String {
    let mut s = s.trim_end().to_string();
    s.push('\n');
    s
}

/// CSV record ends become CRLF (RFC 4180); line breaks inside a quoted field stay `\n`, as
/// written in the spec, which is also what Excel uses for a line break within a cell.
fn csv_records(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 40);
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A doubled quote inside a field toggles twice: still quoted.
            '"' => {
                quoted = !quoted;
                out.push(c);
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' if quoted => out.push('\n'),
            '\r' | '\n' => out.push_str("\r\n"),
            _ => out.push(c),
        }
    }
    out
}

/// RFC 5545 §3.1: CRLF line ends, lines folded at 75 octets (never inside a character),
/// continuation lines starting with a space.
pub(crate) fn ics_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 50);
    for line in s.lines().filter(|l| !l.is_empty()) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += len;
        }
        out.push_str("\r\n");
    }
    out
}

/// What a group's templates see, besides `plan`.
#[derive(Serialize)]
struct GroupView<'a> {
    group: &'a PlanGroup,
    version: &'static str,
    capacity: u32,
    /// Every dated task with this group's message, in schedule order.
    tasks: Vec<TaskView<'a>>,
    /// The tasks grouped by day.
    days: Vec<DayView<'a>>,
    per_member: Vec<RelativeView<'a>>,
    roles_daily: Vec<RoleDaily>,
    /// Tasks in the last days of a finite term.
    end_tasks: Vec<TaskView<'a>>,
    /// Every distinct attachment, for the launch checklist.
    attachments: Vec<String>,
    /// Date of the last planned day, when the start is known.
    last_date: Option<String>,
}

#[derive(Serialize, Clone)]
struct TaskView<'a> {
    #[serde(flatten)]
    task: &'a PlanTask,
    message: Option<&'a str>,
    /// Who does it in this group: one seat per person of the step's role, or one without a
    /// person when the role names no staff.
    seats: Vec<Seat<'a>>,
    /// Stable across builds and as the matrix grows: community, group key, step and day.
    uid: String,
    /// When, for operators: `第3天（3月3日 周三）21:00`, or `第3天 21:00` without a start date.
    slot: String,
    /// `20270301T200000`, when the date is known.
    ics_start: Option<String>,
    /// The attachments' types, titles (or file names) and URLs, each joined with `；` in
    /// attachment order (an attachment without one leaves its place empty), for imports.
    attachment_types: String,
    attachment_titles: String,
    attachment_urls: String,
    ics_stamp: Option<String>,
}

/// One person's copy of a task (a calendar event, a CSV row).
#[derive(Serialize, Clone)]
struct Seat<'a> {
    person: Option<&'a str>,
    /// The task's uid, with the person's id when the role has several people in the group.
    uid: String,
}

/// The people of the role with id `role` in `group`, as task seats.
fn seats<'a>(group: &'a PlanGroup, role: &str, uid: &str) -> Vec<Seat<'a>> {
    match group.staff.get(role).map(Vec::as_slice) {
        None | Some([]) => vec![Seat { person: None, uid: uid.to_string() }],
        Some([one]) => vec![Seat { person: Some(one), uid: uid.to_string() }],
        Some(many) => many
            .iter()
            .map(|p| {
                let id: String =
                    p.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
                Seat { person: Some(p), uid: uid.replace("@commspec", &format!("-{id}@commspec")) }
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct DayView<'a> {
    day: i64,
    date: Option<&'a str>,
    weekday: Option<&'a str>,
    tasks: Vec<TaskView<'a>>,
}

#[derive(Serialize)]
struct RelativeView<'a> {
    #[serde(flatten)]
    step: &'a PlanRelative,
    message: Option<&'a str>,
    seats: Vec<Seat<'a>>,
}

#[derive(Serialize)]
struct RoleDaily {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    type_label: String,
    title: String,
    /// This group's people in the role.
    staff: Vec<String>,
    per_group: u32,
    /// Repeating steps: "每天 08:30　早安打卡".
    recurring: Vec<String>,
    /// One-off steps, in schedule order: "第1天（3月1日 周一）20:00　开营仪式".
    dated: Vec<String>,
    /// After-join steps: "入群后10分钟　发送入群问卷".
    per_member: Vec<String>,
    duties: Vec<String>,
}

impl<'a> GroupView<'a> {
    fn new(spec: &Spec, plan: &'a Plan, group: &'a PlanGroup) -> Self {
        let tasks: Vec<TaskView> = plan
            .schedule
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let start = t.date.as_ref().map(|d| format!("{}T{}00", d.replace('-', ""), t.time.replace(':', "")));
                let uid = format!("{}-{}-{}-d{}@commspec", plan.community.id, group.key, t.step.step, t.day);
                TaskView {
                    task: t,
                    message: group.messages.get(i).and_then(|m| m.as_deref()),
                    seats: seats(group, &t.step.role, &uid),
                    uid,
                    slot: slot(t),
                    ics_stamp: plan.lifecycle.start.as_ref().map(|d| format!("{}T000000Z", d.replace('-', ""))),
                    ics_start: start,
                    attachment_types: joined(t, |a| Some(&a.type_label)),
                    attachment_titles: joined(t, |a| a.title.as_ref().or(a.name.as_ref())),
                    attachment_urls: joined(t, |a| a.url.as_ref()),
                }
            })
            .collect();
        let mut days: Vec<DayView> = Vec::new();
        for t in &tasks {
            match days.last_mut() {
                Some(d) if d.day == t.task.day => d.tasks.push(t.clone()),
                _ => days.push(DayView {
                    day: t.task.day,
                    date: t.task.date.as_deref(),
                    weekday: t.task.weekday.as_deref(),
                    tasks: vec![t.clone()],
                }),
            }
        }
        let per_member = plan
            .per_member
            .iter()
            .enumerate()
            .map(|(i, r)| RelativeView {
                step: r,
                message: group.per_member_messages.get(i).and_then(|m| m.as_deref()),
                seats: seats(group, &r.step.role, ""),
            })
            .collect();
        let last = plan.lifecycle.planned_days;
        // The closing steps: notices counted back from the end, and the last day's steps.
        let end_tasks = if plan.lifecycle.ongoing {
            Vec::new()
        } else {
            tasks
                .iter()
                .filter(|t| t.task.day == last || t.task.step.trigger == TriggerForm::BeforeEnd)
                .cloned()
                .collect()
        };
        let attachments: BTreeSet<String> = plan
            .schedule
            .iter()
            .flat_map(|t| &t.step.attachments)
            .chain(plan.per_member.iter().flat_map(|r| &r.step.attachments))
            .map(|a| a.summary.clone())
            .collect();
        GroupView {
            group,
            version: env!("CARGO_PKG_VERSION"),
            capacity: spec.groups.capacity,
            roles_daily: roles_daily(spec, plan, group, &tasks),
            tasks,
            days,
            per_member,
            end_tasks,
            attachments: attachments.into_iter().collect(),
            last_date: spec
                .lifecycle
                .start
                .and_then(|s| s.add_days(plan.lifecycle.planned_days - 1))
                .map(|d| d.to_string()),
        }
    }
}

/// One field of each of a task's attachments, joined with `；`.
fn joined(t: &PlanTask, field: impl Fn(&PlanAttachment) -> Option<&String>) -> String {
    let fields: Vec<&str> = t.step.attachments.iter().map(|a| field(a).map_or("", String::as_str)).collect();
    fields.join("；")
}

/// `第3天（3月3日 周三）21:00`: the day number operators plan by, the date they live by.
fn slot(t: &PlanTask) -> String {
    let date = t.date.as_deref().and_then(|d| {
        let mut parts = d.split('-').skip(1).map(|p| p.trim_start_matches('0'));
        Some(format!("{}月{}日", parts.next()?, parts.next()?))
    });
    match (date, t.weekday.as_deref()) {
        (Some(d), Some(w)) => format!("第{}天（{d} {w}）{}", t.day, t.time),
        (Some(d), None) => format!("第{}天（{d}）{}", t.day, t.time),
        _ => format!("第{}天 {}", t.day, t.time),
    }
}

/// Each role's daily checklist: its repeating steps, one-off steps (as scheduled, so in date
/// order and only those inside the term), per-member steps, duties.
fn roles_daily(spec: &Spec, plan: &Plan, group: &PlanGroup, tasks: &[TaskView]) -> Vec<RoleDaily> {
    plan.roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let steps: Vec<(usize, &Step)> = spec.refs().steps_of(i).map(|s| (s, &spec.content.sop[s])).collect();
            let line = |(i, s): &(usize, &Step)| format!("{}　{}", describe_when(spec, *i), s.title);
            RoleDaily {
                id: r.id.clone(),
                kind: r.kind.clone(),
                type_label: r.type_label.clone(),
                title: r.title.clone(),
                staff: group.staff.get(&r.id).cloned().unwrap_or_default(),
                per_group: r.per_group,
                recurring: steps.iter().filter(|(_, s)| matches!(s.when, Trigger::Every { .. })).map(line).collect(),
                dated: tasks
                    .iter()
                    .filter(|t| t.task.step.performer.is_some_and(|p| p.index() == i))
                    .filter(|t| t.task.step.trigger != TriggerForm::Every)
                    .map(|t| format!("{}　{}", t.slot, t.task.step.title))
                    .collect(),
                per_member: steps.iter().filter(|(_, s)| s.when.after_join().is_some()).map(line).collect(),
                duties: r.duties.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_folding_respects_octets_and_chars() {
        let long = format!("DESCRIPTION:{}", "很".repeat(40));
        let out = ics_lines(&long);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }

    #[test]
    fn csv_records_end_in_crlf_and_quoted_breaks_stay() {
        let rendered = "a,b\n\"x\ny\r\nz\",\"say \"\"hi\"\"\n\"\r\nlast,\n";
        assert_eq!(csv_records(rendered), "a,b\r\n\"x\ny\nz\",\"say \"\"hi\"\"\n\"\r\nlast,\r\n");
    }
}
