//! Plan → the files of a community's output folder, made one group at a time and handed to
//! a [`Sink`] (nothing is written here; [`crate::emit`] writes them atomically).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use crate::analysis::Analysis;
use crate::check;
use crate::compile::{Assignment, describe_when, per_week};
use crate::i18n::{Text, tr};
use crate::limits::JOIN_WAY_GROUPS_MAX;
use crate::load::Loaded;
use crate::plan::{Plan, PlanAttachment, PlanGroup, PlanPerson, PlanRelative, PlanTask};
use crate::render::{Artifacts, FORMULA_GUARD};
use crate::spec::{AdmissionMethod, Channel, Purpose, RoleType, Spec, Step, Trigger, TriggerForm};
use crate::xlsx::{self, Sheets, WorkbookFailure};

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
    /// Everyone named in `staff`: roles, groups, workload.
    Roster,
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
        Artifact::Roster,
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
            Artifact::Roster => "roster.csv",
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
        !matches!(
            self,
            Artifact::PlanJson | Artifact::ReadmeMd | Artifact::SetupMd | Artifact::MergedCsv | Artifact::Roster
        )
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

/// Where the files of a community go as they are made: the output's temporary folder
/// ([`crate::emit::Staged`]), or memory ([`render_all`]).
pub trait Sink {
    type Error;
    /// The whole file at `path`, relative to the community folder.
    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), Self::Error>;
    /// The next piece of the file at `path`, started by the first piece.
    fn append(&mut self, path: &str, bytes: &[u8]) -> Result<(), Self::Error>;
}

impl Sink for Vec<OutputFile> {
    type Error = std::convert::Infallible;

    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), Self::Error> {
        self.push(OutputFile { path: path.to_string(), bytes: bytes.to_vec() });
        Ok(())
    }

    fn append(&mut self, path: &str, bytes: &[u8]) -> Result<(), Self::Error> {
        match self.iter_mut().find(|f| f.path == path) {
            Some(f) => f.bytes.extend_from_slice(bytes),
            None => self.push(OutputFile { path: path.to_string(), bytes: bytes.to_vec() }),
        }
        Ok(())
    }
}

/// Why a community's files were not all made: a template failed, `sop.xlsx`'s writer did, or
/// the sink did.
#[derive(Debug)]
pub enum Unbuilt<E> {
    Render(RenderFailure),
    Workbook(WorkbookFailure),
    Sink(E),
}

impl<E> From<RenderFailure> for Unbuilt<E> {
    fn from(failure: RenderFailure) -> Self {
        Unbuilt::Render(failure)
    }
}

impl<E> From<WorkbookFailure> for Unbuilt<E> {
    fn from(failure: WorkbookFailure) -> Self {
        Unbuilt::Workbook(failure)
    }
}

/// Renders every file of the community folder into memory (for tests and the fuzzer;
/// `build` streams them with [`build_into`]).
pub fn render_all(
    text: &str,
    loaded: &Loaded,
    analysis: &Analysis,
    plan: &Plan,
    templates: &Artifacts,
) -> Result<Vec<OutputFile>, Unbuilt<std::convert::Infallible>> {
    let mut files = Vec::new();
    build_into(text, loaded, analysis, plan, templates, &mut files)?;
    Ok(files)
}

/// Renders every file of the community folder into `sink`, one group at a time: a group's
/// texts ([`check::each_group_texts`]) and files are dropped once handed on, and `plan.json`,
/// which holds every group's texts, is written a group at a time. So a build holds one
/// group's output, not the community's.
pub fn build_into<S: Sink>(
    text: &str,
    loaded: &Loaded,
    analysis: &Analysis,
    plan: &Plan,
    templates: &Artifacts,
    sink: &mut S,
) -> Result<(), Unbuilt<S::Error>> {
    let plan_json = Artifact::PlanJson.file_name();
    let json = PlanJson::new(plan);
    sink.append(plan_json, json.head.as_bytes()).map_err(Unbuilt::Sink)?;
    let common = Common::new(&loaded.spec, plan);
    let merged = Artifact::MergedCsv.file_name();
    let mut sheets = Sheets::new();
    let mut welcomes = Welcomes::default();
    let mut people = People::new(plan);
    check::each_group_texts(text, loaded, analysis, templates, 0..plan.groups.len(), |gi, texts| {
        let group = group_texts(plan, gi, texts)?;
        welcomes.note(&group);
        sink.append(plan_json, PlanJson::group(gi, &group).as_bytes()).map_err(Unbuilt::Sink)?;
        let view = GroupView::new(&loaded.spec, plan, &group);
        let ctx = common.context(&group, &view);
        for artifact in Artifact::ALL.iter().filter(|a| a.per_group()) {
            let bytes = render_group_with(&group, templates, *artifact, ctx.clone())?;
            if *artifact == Artifact::SopCsv {
                // The community's CSV: the first group's file whole, then every other group's
                // records after its header.
                sink.append(merged, if gi == 0 { &bytes } else { csv_body(&bytes) }).map_err(Unbuilt::Sink)?;
            }
            sink.write(&format!("{}/{}", group.folder, artifact.file_name()), &bytes).map_err(Unbuilt::Sink)?;
        }
        // The same rows again with their exact texts, for the import.
        sheets.add_csv(&render(templates, "sop.csv.j2", exact(ctx.clone()))?)?;
        people.group(&common, &view, &ctx, templates, sink, &mut sheets)
    })?;
    sink.write(xlsx::FILE_NAME, &sheets.finish()?).map_err(Unbuilt::Sink)?;
    sink.append(plan_json, json.tail.as_bytes()).map_err(Unbuilt::Sink)?;
    // Everyone's groups, found once for the agendas, the README and the roster.
    let seats = Seats::of(plan);
    people.finish(&common, &seats, templates, sink)?;
    sink.write(Artifact::ReadmeMd.file_name(), readme(plan, &seats, templates)?.as_bytes()).map_err(Unbuilt::Sink)?;
    sink.write(Artifact::Roster.file_name(), &roster(plan, &seats, templates)?).map_err(Unbuilt::Sink)?;
    let setup = setup(&loaded.spec, plan, templates, welcomes.kinds())?;
    sink.write(Artifact::SetupMd.file_name(), setup.as_bytes()).map_err(Unbuilt::Sink)
}

/// The folder of the person with user id `userid` (checked to be a WeCom user id, so a plain
/// folder name: see `validate::is_user_id`).
fn person_file(userid: &str, file: &str) -> String {
    format!("people/{userid}/{file}")
}

/// Each person's calendar, written in pieces as the groups stream past (the events of their
/// tasks in each group, with that group's messages), and the moments (朋友圈) posted once per
/// person: in their calendar and the community's CSV, never in a group's files.
struct People<'a> {
    plan: &'a Plan,
    /// Everyone in `staff` by user id (a group's people are looked up for each group).
    by_id: HashMap<&'a str, &'a PlanPerson>,
    /// The people whose calendar is started.
    started: HashSet<&'a str>,
    /// (person, role index, cohort) whose moments are written; no person for a role without
    /// staff (each cohort of staggered groups posts on its own dates).
    moments: HashSet<(Option<String>, usize, Option<usize>)>,
}

impl<'a> People<'a> {
    fn new(plan: &'a Plan) -> People<'a> {
        let by_id = plan.people.iter().map(|p| (p.userid.as_str(), p)).collect();
        People { plan, by_id, started: HashSet::new(), moments: HashSet::new() }
    }

    /// Hands on what one group adds to its people's calendars and to the moments.
    fn group<S: Sink>(
        &mut self,
        common: &Common,
        view: &GroupView,
        ctx: &Value,
        templates: &Artifacts,
        sink: &mut S,
        sheets: &mut Sheets,
    ) -> Result<(), Unbuilt<S::Error>> {
        let merged = Artifact::MergedCsv.file_name();
        let mut moments_rows: Vec<TaskView> = self.moments_of(view, None);
        for person in view.people() {
            let moments = self.moments_of(view, Some(person));
            moments_rows.extend(moments.iter().cloned());
            let mut mine: Vec<TaskView> = view.tasks_of(person);
            mine.extend(moments);
            let Some(&person) = self.by_id.get(person) else { continue };
            let path = person_file(&person.userid, "agenda.ics");
            if self.started.insert(&person.userid) {
                let (head, _) = calendar_envelope(common, person, templates)?;
                sink.append(&path, head.as_bytes()).map_err(Unbuilt::Sink)?;
            }
            let ctx = minijinja::context! { tasks => Value::from(Serde(&mine)), ..ctx.clone() };
            let ics = ics_lines(&render(templates, "sop.ics.j2", ctx)?);
            sink.append(&path, ics_parts(&ics).1.as_bytes()).map_err(Unbuilt::Sink)?;
        }
        if !moments_rows.is_empty() {
            let ctx = minijinja::context! { tasks => Value::from(Serde(&moments_rows)), ..ctx.clone() };
            sheets.add_csv(&render(templates, "sop.csv.j2", exact(ctx.clone()))?)?;
            let csv = render_group_with(view.group, templates, Artifact::SopCsv, ctx)?;
            sink.append(merged, csv_body(&csv)).map_err(Unbuilt::Sink)?;
        }
        Ok(())
    }

    /// The moments `person` posts that this group is the first to show (for each of their
    /// roles, the first group they sit in, of each cohort), one event per step and day; with no
    /// person, those of the roles without staff, once for the community (for each cohort).
    fn moments_of<'v>(&mut self, view: &GroupView<'v>, person: Option<&'v str>) -> Vec<TaskView<'v>> {
        let mut out = Vec::new();
        let mut roles = BTreeSet::new();
        let cohort = view.group.cohort;
        for t in &view.moments {
            let Some(role) = t.task.step.performer.map(|r| r.index()) else { continue };
            let staffed = view.group.staff.contains_key(&t.task.step.role);
            let sits = match person {
                Some(p) => view.group.staff.get(&t.task.step.role).is_some_and(|s| s.iter().any(|x| x == p)),
                None => !staffed,
            };
            if !sits || self.moments.contains(&(person.map(str::to_string), role, cohort)) {
                continue;
            }
            roles.insert(role);
            let who = person.map_or(String::new(), |p| format!("{p}-"));
            let batch = cohort.map_or(String::new(), |c| format!("c{c}-"));
            let (community, step, day) = (&self.plan.community.id, &t.task.step.step, t.task.day);
            let uid = format!("{community}-{who}{batch}{step}-d{day}@commspec");
            out.push(TaskView {
                group_key: None,
                group_name: None,
                seats: vec![Seat { person, uid: uid.clone() }],
                uid,
                ..t.clone()
            });
        }
        for role in roles {
            self.moments.insert((person.map(str::to_string), role, cohort));
        }
        out
    }

    /// Ends every person's calendar (one with no group gets an empty one) and writes their
    /// agenda, from the plan: by date, every task across their groups.
    fn finish<S: Sink>(
        &self,
        common: &Common,
        seats: &Seats,
        templates: &Artifacts,
        sink: &mut S,
    ) -> Result<(), Unbuilt<S::Error>> {
        for person in &self.plan.people {
            let path = person_file(&person.userid, "agenda.ics");
            let (head, tail) = calendar_envelope(common, person, templates)?;
            if !self.started.contains(person.userid.as_str()) {
                sink.append(&path, head.as_bytes()).map_err(Unbuilt::Sink)?;
            }
            sink.append(&path, tail.as_bytes()).map_err(Unbuilt::Sink)?;
            let agenda = agenda(common, self.plan, person, seats, templates)?;
            sink.write(&person_file(&person.userid, "agenda.md"), agenda.as_bytes()).map_err(Unbuilt::Sink)?;
        }
        Ok(())
    }
}

/// A person's calendar without events: what comes before them and after.
fn calendar_envelope(
    common: &Common,
    person: &PlanPerson,
    templates: &Artifacts,
) -> Result<(String, String), RenderFailure> {
    let ctx = minijinja::context! {
        plan => common.plan.clone(),
        version => env!("CARGO_PKG_VERSION"),
        calendar_name => format!("{} 的日程", person.userid),
        tasks => Vec::<()>::new(),
    };
    let ics = ics_lines(&render(templates, "sop.ics.j2", ctx)?);
    let (head, _, tail) = ics_parts(&ics);
    Ok((head.to_string(), tail.to_string()))
}

/// A calendar's parts: before its first event, its events, and from `END:VCALENDAR` on
/// (each found at the start of a line: folded lines start with a space).
fn ics_parts(ics: &str) -> (&str, &str, &str) {
    let end = ics.rfind("\r\nEND:VCALENDAR").map_or(ics.len(), |i| i + 2);
    let start = ics[..end].find("\r\nBEGIN:VEVENT\r\n").map_or(end, |i| i + 2);
    (&ics[..start], &ics[start..end], &ics[end..])
}

/// Each person's seats: role id → the groups (indices, in group order) they sit in for it.
struct Seats<'a>(HashMap<&'a str, BTreeMap<&'a str, Vec<usize>>>);

impl<'a> Seats<'a> {
    fn of(plan: &'a Plan) -> Seats<'a> {
        let mut seats: HashMap<&str, BTreeMap<&str, Vec<usize>>> = HashMap::new();
        for (g, group) in plan.groups.iter().enumerate() {
            for (role, people) in &group.staff {
                for p in people {
                    seats.entry(p).or_default().entry(role).or_default().push(g);
                }
            }
        }
        Seats(seats)
    }

    /// The groups of `person` in any role, in group order.
    fn groups(&self, person: &str) -> Vec<usize> {
        let set: BTreeSet<usize> = self.0.get(person).into_iter().flat_map(|r| r.values().flatten().copied()).collect();
        set.into_iter().collect()
    }
}

/// One row of a person's agenda.
#[derive(Serialize)]
struct AgendaTask<'a> {
    #[serde(flatten)]
    task: &'a PlanTask,
    /// None for moments, which are the person's own.
    group_key: Option<&'a str>,
    group_name: Option<&'a str>,
    /// Its day counted from the first cohort's start (its group's day without a stagger).
    #[serde(skip)]
    day: i64,
}

#[derive(Serialize)]
struct GroupRef<'a> {
    key: &'a str,
    name: &'a str,
}

impl<'a> GroupRef<'a> {
    /// The groups at `indices` of the plan.
    fn all(plan: &'a Plan, indices: Vec<usize>) -> Vec<GroupRef<'a>> {
        indices.into_iter().map(|g| GroupRef { key: &plan.groups[g].key, name: &plan.groups[g].name }).collect()
    }
}

/// `people/<userid>/agenda.md`: by date, each of the person's tasks in each of their groups
/// (moments once), built from the schedule, so no group's texts are held.
fn agenda<'p>(
    common: &Common,
    plan: &'p Plan,
    person: &PlanPerson,
    seats: &Seats,
    templates: &Artifacts,
) -> Result<String, RenderFailure> {
    // Their groups by role and cohort (none without a stagger), each cohort's tasks on its days.
    let mut mine: BTreeMap<(&str, Option<usize>), Vec<usize>> = BTreeMap::new();
    for (role, groups) in seats.0.get(person.userid.as_str()).into_iter().flatten() {
        for &g in groups {
            mine.entry((role, plan.groups[g].cohort)).or_default().push(g);
        }
    }
    let cohorts: Vec<(Option<usize>, i64, &'p [PlanTask])> = match plan.cohorts.as_slice() {
        [] => vec![(None, 0, plan.schedule.as_slice())],
        cohorts => cohorts.iter().map(|c| (Some(c.cohort), c.offset, c.schedule.as_slice())).collect(),
    };
    let mut rows: Vec<AgendaTask> = Vec::new();
    for (cohort, offset, schedule) in cohorts {
        for t in schedule {
            let Some(groups) = mine.get(&(t.step.role.as_str(), cohort)) else { continue };
            let day = offset + t.day;
            if t.step.channel == Channel::Moments.value() {
                rows.push(AgendaTask { task: t, group_key: None, group_name: None, day });
            } else {
                let row =
                    |g: &'p PlanGroup| AgendaTask { task: t, group_key: Some(&g.key), group_name: Some(&g.name), day };
                rows.extend(groups.iter().map(|&g| row(&plan.groups[g])));
            }
        }
    }
    // Staggered cohorts' tasks interleave: by the day counted from the first cohort's start,
    // then time (a stable sort keeps each day's order otherwise).
    if !plan.cohorts.is_empty() {
        rows.sort_by(|a, b| (a.day, &a.task.time).cmp(&(b.day, &b.task.time)));
    }
    let days = DayView::of(rows, |r| (r.day, r.task));
    let groups = GroupRef::all(plan, seats.groups(&person.userid));
    let ctx = minijinja::context! {
        plan => common.plan.clone(),
        person => Value::from(Serde(person)),
        role_titles => Value::from(Serde(role_titles(plan, person))),
        groups => Value::from(Serde(groups)),
        days => Value::from(Serde(days)),
    };
    render(templates, "agenda.md.j2", ctx)
}

/// The titles of a person's roles, in role order.
fn role_titles<'a>(plan: &'a Plan, person: &PlanPerson) -> Vec<&'a str> {
    plan.roles.iter().filter(|r| person.roles.contains(&r.id)).map(|r| r.title.as_str()).collect()
}

/// `roster.csv`: one row per person named in `staff`, with their roles, groups and workload.
fn roster(plan: &Plan, seats: &Seats, templates: &Artifacts) -> Result<Vec<u8>, RenderFailure> {
    #[derive(Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        person: &'a PlanPerson,
        role_titles: Vec<&'a str>,
        groups: Vec<GroupRef<'a>>,
    }
    let people: Vec<Row> = plan
        .people
        .iter()
        .map(|p| Row {
            person: p,
            role_titles: role_titles(plan, p),
            groups: GroupRef::all(plan, seats.groups(&p.userid)),
        })
        .collect();
    let csv = render(templates, "roster.csv.j2", minijinja::context! { people => Value::from(Serde(people)) })?;
    Ok(["\u{feff}", &csv_records(&csv)].concat().into_bytes())
}

/// `README.md`, with each person's groups as runs of group numbers (`1–4`).
fn readme(plan: &Plan, seats: &Seats, templates: &Artifacts) -> Result<String, RenderFailure> {
    let person_groups: Vec<String> = plan
        .people
        .iter()
        .map(|p| crate::render::ranges(seats.groups(&p.userid).into_iter().map(|g| g as u64 + 1).collect()))
        .collect();
    let mix = weekly_mix(plan);
    render(templates, "README.md.j2", minijinja::context! { plan => Serde(plan), person_groups, mix => Serde(mix) })
}

/// Weeks a README lists one by one in its weekly mix (a 12-week term, S2's quarter); a longer
/// plan is summarised per purpose.
const MIX_WEEKS_MAX: usize = 12;

/// The README's weekly mix by purpose (每周内容配比), as a table: a row per week of the plan
/// (week 1 = days 1–7), or past [`MIX_WEEKS_MAX`] weeks a row per purpose with its average,
/// fewest and most dated steps a week over the full weeks. Empty when no dated step has a purpose.
#[derive(Serialize)]
struct Mix {
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn weekly_mix(plan: &Plan) -> Mix {
    let last_day = plan.lifecycle.planned_days;
    let of = |purpose: Option<&str>| {
        per_week(plan.schedule.iter().filter(|t| t.step.purpose.as_deref() == purpose).map(|t| t.day), last_day)
    };
    let mut columns: Vec<(&str, Vec<usize>)> = Purpose::ALL
        .iter()
        .map(|p| (p.label(), of(Some(p.value()))))
        .filter(|(_, w)| w.iter().any(|&n| n > 0))
        .collect();
    if columns.is_empty() {
        return Mix { head: Vec::new(), rows: Vec::new() };
    }
    let unlabelled = of(None);
    if unlabelled.iter().any(|&n| n > 0) {
        columns.push(("未标注", unlabelled));
    }
    let weeks = columns[0].1.len();
    if weeks <= MIX_WEEKS_MAX {
        let head = std::iter::once("周次").chain(columns.iter().map(|(label, _)| *label)).map(String::from).collect();
        let rows = (0..weeks)
            .map(|w| {
                let days = (last_day - 7 * w as i64).min(7);
                let week =
                    if days < 7 { format!("第 {} 周（{days} 天）", w + 1) } else { format!("第 {} 周", w + 1) };
                std::iter::once(week).chain(columns.iter().map(|(_, counts)| counts[w].to_string())).collect()
            })
            .collect();
        return Mix { head, rows };
    }
    let full = (last_day / 7) as usize;
    let head = ["用途", "每周平均", "最少", "最多"].map(String::from).to_vec();
    let rows = columns
        .iter()
        .map(|(label, counts)| {
            let counts = &counts[..full];
            let average = counts.iter().sum::<usize>() as f64 / full as f64;
            let (fewest, most) = (counts.iter().min().copied(), counts.iter().max().copied());
            let (fewest, most) = (fewest.unwrap_or(0), most.unwrap_or(0));
            vec![label.to_string(), format!("{average:.1}"), fewest.to_string(), most.to_string()]
        })
        .collect();
    Mix { head, rows }
}

/// A group's context for `sop.csv.j2` rendered for `sop.xlsx`: without the `csv` filter's
/// formula guard, since the workbook's cells are text.
fn exact(ctx: Value) -> Value {
    minijinja::context! { ..Value::from(BTreeMap::from([(FORMULA_GUARD, false)])), ..ctx }
}

/// `plan.json` in pieces, byte for byte what `serde_json::to_string_pretty` makes of the whole
/// plan: the plan without its groups cut where the groups go, and each group as it is built.
struct PlanJson {
    head: String,
    tail: String,
}

impl PlanJson {
    /// Where the groups go in the pretty-printed plan: a top-level field, so indented by two.
    const GROUPS: &str = "\n  \"groups\": [";

    fn new(plan: &Plan) -> PlanJson {
        let shell = Plan { groups: Vec::new(), ..plan.clone() };
        // Plain structs and maps: serialization cannot fail.
        let mut json = serde_json::to_string_pretty(&shell).unwrap_or_default();
        json.push('\n');
        match json.find(&format!("{}]", Self::GROUPS)) {
            // No group: the empty list stays as it is.
            Some(at) if !plan.groups.is_empty() => {
                let cut = at + Self::GROUPS.len();
                PlanJson { head: json[..cut].to_string(), tail: format!("\n  ]{}", &json[cut + 1..]) }
            }
            _ => PlanJson { head: json, tail: String::new() },
        }
    }

    /// The group at `index`, as an item of the top-level list: JSON strings hold no line
    /// break, so indenting each line indents the value.
    fn group(index: usize, group: &PlanGroup) -> String {
        let json = serde_json::to_string_pretty(group).unwrap_or_default();
        let comma = if index == 0 { "" } else { "," };
        format!("{comma}\n    {}", json.replace('\n', "\n    "))
    }
}

/// Renders one community-level artifact (`plan.json`, `README.md`, `setup.md`, the merged
/// `sop.csv`) for `render`.
pub(crate) fn render_community(
    text: &str,
    loaded: &Loaded,
    analysis: &Analysis,
    plan: &Plan,
    templates: &Artifacts,
    artifact: Artifact,
) -> Result<Vec<u8>, RenderFailure> {
    match artifact {
        Artifact::PlanJson => {
            let json = PlanJson::new(plan);
            let mut out = json.head.into_bytes();
            check::each_group_texts(text, loaded, analysis, templates, 0..plan.groups.len(), |gi, texts| {
                out.extend(PlanJson::group(gi, &group_texts(plan, gi, texts)?).into_bytes());
                Ok(())
            })?;
            out.extend(json.tail.into_bytes());
            Ok(out)
        }
        Artifact::SetupMd => {
            let mut welcomes = Welcomes::default();
            check::each_group_texts(text, loaded, analysis, templates, 0..plan.groups.len(), |gi, texts| {
                welcomes.note(&group_texts(plan, gi, texts)?);
                Ok(())
            })?;
            setup(&loaded.spec, plan, templates, welcomes.kinds()).map(String::into_bytes)
        }
        Artifact::MergedCsv => {
            // Rows come from every group and every person's moments, as `build` makes them.
            let mut only = Only { path: artifact.file_name(), bytes: Vec::new() };
            match build_into(text, loaded, analysis, plan, templates, &mut only) {
                Err(Unbuilt::Render(failure)) => Err(failure),
                Err(Unbuilt::Sink(never)) => match never {},
                // The workbook is made beside the CSV, and a failure stops both.
                Err(Unbuilt::Workbook(failure)) => {
                    Err(RenderFailure { template: xlsx::FILE_NAME.into(), message: failure.text().en().to_string() })
                }
                Ok(()) => Ok(only.bytes),
            }
        }
        Artifact::Roster => roster(plan, &Seats::of(plan), templates),
        _ => readme(plan, &Seats::of(plan), templates).map(String::into_bytes),
    }
}

/// A sink that keeps one file of a build and drops the others, for `render`.
struct Only {
    path: &'static str,
    bytes: Vec<u8>,
}

impl Sink for Only {
    type Error = std::convert::Infallible;

    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), Self::Error> {
        if path == self.path {
            self.bytes = bytes.to_vec();
        }
        Ok(())
    }

    fn append(&mut self, path: &str, bytes: &[u8]) -> Result<(), Self::Error> {
        if path == self.path {
            self.bytes.extend_from_slice(bytes);
        }
        Ok(())
    }
}

/// A group's `sop.csv` after its byte-order mark and header, for the community's CSV, which
/// holds the first group's header only. Records end in CRLF and line breaks inside a field are
/// `\n` (`csv_records`), so the first CRLF ends the header.
fn csv_body(csv: &[u8]) -> &[u8] {
    &csv[csv.windows(2).position(|w| w == b"\r\n").map_or(csv.len(), |i| i + 2)..]
}

/// `setup.md`: what the community sets up once, its join codes included, and how many
/// welcome templates its groups need.
fn setup(spec: &Spec, plan: &Plan, templates: &Artifacts, welcome_kinds: usize) -> Result<String, RenderFailure> {
    let codes = join_codes(spec, plan);
    let ctx = minijinja::context! {
        plan => Serde(plan), join_codes => Serde(codes), join_groups_max => JOIN_WAY_GROUPS_MAX, welcome_kinds
    };
    render(templates, "setup.md.j2", ctx)
}

/// The distinct welcome messages of the groups, counted as the groups stream past (a
/// welcome template serves every group whose welcome is the same): their hashes, not their
/// texts, so ten thousand groups hold ten thousand numbers.
#[derive(Default)]
struct Welcomes(std::collections::HashSet<u64>);

impl Welcomes {
    fn note(&mut self, group: &PlanGroup) {
        use std::hash::{Hash, Hasher};
        if let Some(w) = &group.welcome {
            let mut h = std::hash::DefaultHasher::new();
            w.hash(&mut h);
            self.0.insert(h.finish());
        }
    }

    fn kinds(&self) -> usize {
        self.0.len()
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

/// The join codes to create: for each channel the groups it serves (or every group once, when
/// members scan a QR code and no channel is named) in runs of [`JOIN_WAY_GROUPS_MAX`].
fn join_codes<'a>(spec: &Spec, plan: &'a Plan) -> Vec<JoinCode<'a>> {
    let every: Vec<&PlanGroup> = plan.groups.iter().collect();
    let served: Vec<(Option<&str>, Vec<&PlanGroup>)> = if plan.admission.channels.is_empty() {
        let scanned = spec.admission.methods.contains(&AdmissionMethod::Qrcode);
        if scanned { vec![(None, every)] } else { Vec::new() }
    } else {
        let by_key: BTreeMap<&str, &PlanGroup> = plan.groups.iter().map(|g| (g.key.as_str(), g)).collect();
        let groups = |keys: &[String]| keys.iter().filter_map(|k| by_key.get(k.as_str()).copied()).collect();
        plan.admission.channels.iter().map(|c| (Some(c.id.as_str()), groups(&c.groups))).collect()
    };
    served
        .into_iter()
        .flat_map(|(state, groups)| {
            let runs: Vec<Vec<JoinCodeGroup>> = groups
                .chunks(JOIN_WAY_GROUPS_MAX)
                .map(|run| run.iter().map(|g| JoinCodeGroup { key: &g.key, name: &g.name }).collect())
                .collect();
            runs.into_iter().enumerate().map(move |(i, groups)| JoinCode { state, number: i + 1, groups })
        })
        .collect()
}

/// Renders one artifact of the group at `index` for `render`.
pub(crate) fn render_group(
    text: &str,
    loaded: &Loaded,
    analysis: &Analysis,
    plan: &Plan,
    index: usize,
    templates: &Artifacts,
    artifact: Artifact,
) -> Result<Vec<u8>, RenderFailure> {
    let mut bytes = Vec::new();
    check::each_group_texts(text, loaded, analysis, templates, index..index + 1, |gi, texts| {
        let group = group_texts(plan, gi, texts)?;
        let view = GroupView::new(&loaded.spec, plan, &group);
        let ctx = Common::new(&loaded.spec, plan).context(&group, &view);
        bytes = render_group_with(&group, templates, artifact, ctx)?;
        Ok(())
    })?;
    Ok(bytes)
}

/// Group `gi` of the plan with its rendered texts; an announcement template that failed stops
/// every artifact, as any other template does.
fn group_texts(plan: &Plan, gi: usize, texts: crate::analysis::GroupTexts) -> Result<PlanGroup, RenderFailure> {
    plan.groups[gi]
        .with_texts(texts)
        .map_err(|message| RenderFailure { template: "announcement.txt.j2".into(), message })
}

/// What every group's templates see alike, made template values once per community: values
/// share their data, so each group's context holds the same values instead of copies (the
/// roles name their whole staff, which grows with the groups).
struct Common {
    /// Its groups have no texts (each group's own are in `group`), so it is small.
    plan: Value,
    /// The roles' checklists of each cohort (one without a stagger), but for whose they are
    /// in each group.
    roles_daily: Vec<Vec<RoleDaily>>,
    /// For a lead role with several people: (role id, person) → the groups they oversee, said
    /// as `其中 4 个群（名单见 ../roster.csv 中 lead.a）`.
    oversees: HashMap<(String, String), String>,
}

impl Common {
    fn new(spec: &Spec, plan: &Plan) -> Common {
        let mut groups: HashMap<(String, String), usize> = HashMap::new();
        for role in plan.roles.iter().filter(|r| r.kind == RoleType::Lead.value() && r.staff.len() > 1) {
            for group in &plan.groups {
                for p in group.staff.get(&role.id).into_iter().flatten() {
                    *groups.entry((role.id.clone(), p.clone())).or_default() += 1;
                }
            }
        }
        // Named in roster.csv by key: group numbers move when the matrix grows.
        let oversees = groups
            .into_iter()
            .map(|(k, n)| {
                let said = format!("其中 {n} 个群（名单见 ../roster.csv 中 {}）", k.1);
                (k, said)
            })
            .collect();
        let roles_daily = match plan.cohorts.as_slice() {
            [] => vec![roles_daily(spec, plan, &plan.schedule)],
            cohorts => cohorts.iter().map(|c| roles_daily(spec, plan, &c.schedule)).collect(),
        };
        Common { plan: Value::from(Serde(plan)), roles_daily, oversees }
    }

    /// What a group's templates see: the plan, the roles' checklists with this group's people
    /// and the group's view.
    fn context(&self, group: &PlanGroup, view: &GroupView) -> Value {
        let cohort = group.cohort.map_or(0, |c| c - 1);
        let mut roles_daily = self.roles_daily.get(cohort).cloned().unwrap_or_default();
        for r in &mut roles_daily {
            r.staff = group.staff.get(&r.id).cloned().unwrap_or_default();
            let lead = r.staff.first().map(|p| (r.id.clone(), p.clone()));
            r.oversees = lead.and_then(|k| self.oversees.get(&k)).cloned();
        }
        let (plan, roles_daily) = (self.plan.clone(), Value::from(Serde(roles_daily)));
        minijinja::context! { plan, roles_daily, ..Value::from(Serde(view)) }
    }
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
        Artifact::PlanJson | Artifact::ReadmeMd | Artifact::SetupMd | Artifact::MergedCsv | Artifact::Roster => {
            Vec::new()
        }
    })
}

fn render(templates: &Artifacts, name: &str, ctx: Value) -> Result<String, RenderFailure> {
    templates.render(name, ctx).map_err(|e| RenderFailure { template: name.to_string(), message: e.to_string() })
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

/// What a group's templates see, besides `plan` and `roles_daily` (the same for every group).
#[derive(Serialize)]
struct GroupView<'a> {
    group: &'a PlanGroup,
    version: &'static str,
    capacity: u32,
    /// The calendar's name (`X-WR-CALNAME`).
    calendar_name: String,
    /// Every dated task done in the group, with this group's message, in schedule order.
    tasks: Vec<TaskView<'a>>,
    /// The moments (朋友圈) tasks, with this group's message: posted once by each person
    /// ([`People`]), so in no group's files.
    #[serde(skip)]
    moments: Vec<TaskView<'a>>,
    /// The titles of the moments steps, for sop.md to say where they are.
    moments_steps: Vec<&'a str>,
    /// The tasks grouped by day.
    days: Vec<DayView<'a, TaskView<'a>>>,
    per_member: Vec<RelativeView<'a>>,
    /// Tasks in the last days of a finite term.
    end_tasks: Vec<TaskView<'a>>,
    /// Every distinct attachment, for the launch checklist.
    attachments: Vec<String>,
    /// Date of the last planned day, when the start is known.
    last_date: Option<String>,
    /// The group's day 1 (开群日期), when the start is known: its cohort's with a stagger.
    start_date: Option<String>,
    /// The group's last day of a finite term, when the start is known.
    end_date: Option<String>,
}

#[derive(Serialize, Clone)]
struct TaskView<'a> {
    #[serde(flatten)]
    task: &'a PlanTask,
    /// The group it is done in; none for moments, which are the person's own.
    group_key: Option<&'a str>,
    group_name: Option<&'a str>,
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
    /// The task's uid, with the seat's number (`-s2`) when the role seats several people in
    /// the group: a seat, not its person, so the uid stays when a growing matrix moves people.
    uid: String,
}

/// The people of the role with id `role` in `group`, as task seats; `several` when the role
/// seats more than one person per group (its seats are numbered, even when one is empty).
fn seats<'a>(group: &'a PlanGroup, role: &str, uid: &str, several: bool) -> Vec<Seat<'a>> {
    match group.staff.get(role).map(Vec::as_slice) {
        None | Some([]) => vec![Seat { person: None, uid: uid.to_string() }],
        Some([one]) if !several => vec![Seat { person: Some(one), uid: uid.to_string() }],
        Some(many) => many
            .iter()
            .zip(1..)
            .map(|(p, seat)| Seat { person: Some(p), uid: uid.replace("@commspec", &format!("-s{seat}@commspec")) })
            .collect(),
    }
}

/// A day's tasks (a group's, or a person's across their groups).
#[derive(Serialize)]
struct DayView<'a, T> {
    day: i64,
    date: Option<&'a str>,
    weekday: Option<&'a str>,
    tasks: Vec<T>,
}

impl<'a, T> DayView<'a, T> {
    /// `items`, in order, grouped by their day (and its task's date).
    fn of(items: impl IntoIterator<Item = T>, task: impl Fn(&T) -> (i64, &'a PlanTask)) -> Vec<DayView<'a, T>> {
        let mut days: Vec<DayView<T>> = Vec::new();
        for item in items {
            let (day, t) = task(&item);
            match days.last_mut() {
                Some(d) if d.day == day => d.tasks.push(item),
                _ => days.push(DayView {
                    day,
                    date: t.date.as_deref(),
                    weekday: t.weekday.as_deref(),
                    tasks: vec![item],
                }),
            }
        }
        days
    }
}

#[derive(Serialize)]
struct RelativeView<'a> {
    #[serde(flatten)]
    step: &'a PlanRelative,
    message: Option<&'a str>,
    seats: Vec<Seat<'a>>,
}

#[derive(Clone, Serialize)]
struct RoleDaily {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    type_label: String,
    title: String,
    /// This group's people in the role.
    staff: Vec<String>,
    /// For a lead with several people, the groups this group's lead oversees.
    oversees: Option<String>,
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
        // Whether a task's role seats several people per group (whether or not all are filled).
        let several =
            |t: &PlanTask| t.step.performer.is_some_and(|r| Assignment::seats_per_group(&spec.roles[r.index()]) > 1);
        let all: Vec<TaskView> = plan
            .schedule_of(group)
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let start = t.date.as_ref().map(|d| format!("{}T{}00", d.replace('-', ""), t.time.replace(':', "")));
                let uid = format!("{}-{}-{}-d{}@commspec", plan.community.id, group.key, t.step.step, t.day);
                TaskView {
                    task: t,
                    group_key: Some(&group.key),
                    group_name: Some(&group.name),
                    message: group.messages.get(i).and_then(|m| m.as_deref()),
                    seats: seats(group, &t.step.role, &uid, several(t)),
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
        let moments_of = |t: &TaskView| t.task.step.channel == Channel::Moments.value();
        let (moments, tasks): (Vec<TaskView>, Vec<TaskView>) = all.iter().cloned().partition(moments_of);
        let mut moments_steps: Vec<&str> = Vec::new();
        for t in &moments {
            if !moments_steps.contains(&t.task.step.title.as_str()) {
                moments_steps.push(&t.task.step.title);
            }
        }
        let days = DayView::of(tasks.iter().cloned(), |t| (t.task.day, t.task));
        let per_member = plan
            .per_member
            .iter()
            .enumerate()
            .map(|(i, r)| RelativeView {
                step: r,
                message: group.per_member_messages.get(i).and_then(|m| m.as_deref()),
                seats: seats(group, &r.step.role, "", false),
            })
            .collect();
        let last = plan.lifecycle.planned_days;
        // The closing steps: notices counted back from the end, and the last day's steps.
        let end_tasks = if plan.lifecycle.ongoing {
            Vec::new()
        } else {
            all.iter()
                .filter(|t| t.task.day == last || t.task.step.trigger == TriggerForm::BeforeEnd)
                .cloned()
                .collect()
        };
        let attachments: BTreeSet<String> = plan
            .schedule_of(group)
            .iter()
            .flat_map(|t| &t.step.attachments)
            .chain(plan.per_member.iter().flat_map(|r| &r.step.attachments))
            .map(|a| a.summary.clone())
            .collect();
        let last_date = group.day_one.and_then(|s| s.add_days(plan.lifecycle.planned_days - 1));
        GroupView {
            group,
            version: env!("CARGO_PKG_VERSION"),
            capacity: spec.groups.capacity,
            calendar_name: format!("{} 群SOP", group.name),
            tasks,
            moments,
            moments_steps,
            days,
            per_member,
            end_tasks,
            attachments: attachments.into_iter().collect(),
            last_date: last_date.map(|d| d.to_string()),
            start_date: group.day_one.map(|d| d.to_string()),
            end_date: last_date.filter(|_| !plan.lifecycle.ongoing).map(|d| d.to_string()),
        }
    }
}

impl<'a> GroupView<'a> {
    /// The group's people, each once, in role order.
    fn people(&self) -> Vec<&'a str> {
        let mut people: Vec<&'a str> = Vec::new();
        for p in self.group.staff.values().flatten() {
            if !people.contains(&p.as_str()) {
                people.push(p);
            }
        }
        people
    }

    /// The tasks `person` does in this group (not the moments), each with their seat alone.
    fn tasks_of(&self, person: &str) -> Vec<TaskView<'a>> {
        self.tasks
            .iter()
            .flat_map(|t| {
                let seats = t.seats.iter().filter(|s| s.person == Some(person));
                seats.map(|s| TaskView { seats: vec![s.clone()], ..t.clone() })
            })
            .collect()
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
fn roles_daily(spec: &Spec, plan: &Plan, schedule: &[PlanTask]) -> Vec<RoleDaily> {
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
                // Whose it is differs by group: each group's context fills it in.
                staff: Vec::new(),
                oversees: None,
                per_group: r.per_group,
                recurring: steps.iter().filter(|(_, s)| matches!(s.when, Trigger::Every { .. })).map(line).collect(),
                dated: schedule
                    .iter()
                    .filter(|t| t.step.performer.is_some_and(|p| p.index() == i))
                    .filter(|t| t.step.trigger != TriggerForm::Every)
                    .map(|t| format!("{}　{}", slot(t), t.step.title))
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

    /// The weekly mix of tests/data/base.yaml with `term` and its first step given a purpose
    /// and repeated daily.
    fn mix_of(term: &str) -> Mix {
        let text = include_str!("../tests/data/base.yaml").replacen("term: 14d", &format!("term: {term}"), 1).replacen(
            "when: {day: 1, at: \"09:00\"}",
            "when: {every: day, at: \"09:00\"}\n      purpose: activation",
            1,
        );
        let (loaded, analysis) = check::check(&text, &check::Options::default()).checked.expect("checked");
        weekly_mix(&crate::plan::plan(&loaded.spec, &analysis))
    }

    #[test]
    fn the_weekly_mix_lists_weeks_of_a_term_and_summarises_a_long_one() {
        let short = mix_of("10d");
        assert_eq!(short.head, ["周次", "促活", "未标注"]);
        // The farewell step (day 9) has no purpose; the last week is 3 days.
        assert_eq!(short.rows, [["第 1 周", "7", "0"], ["第 2 周（3 天）", "3", "1"]]);
        let long = mix_of("100d");
        assert_eq!(long.head, ["用途", "每周平均", "最少", "最多"]);
        // 14 full weeks; the farewell falls on day 99, in the partial 15th week.
        assert_eq!(long.rows, [["促活", "7.0", "7", "7"], ["未标注", "0.0", "0", "0"]]);
    }

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
