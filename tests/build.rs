//! `commspec build` and `commspec render`: golden outputs, the calendar and spreadsheet files
//! parsed back, `plan.json` against its schema, determinism, atomic replacement of the output
//! folder, folder-name safety, the staffing arithmetic, and `render`.
//!
//! Golden files: `tests/golden/<community-id>/` holds the complete build of
//! `examples/flash.yaml` and `examples/course.yaml`, byte for byte. After an intended change
//! to the output, rewrite them and review the diff line by line before committing:
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test --test build
//! ```
//!
//! Specs used only here are in `tests/data/build/`.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value as Json;

mod common;

use common::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary in the repository root.
fn commspec<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_commspec"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .expect("run commspec")
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `commspec build PATHS -o DIR`, asserting success.
fn build_ok(paths: &[&Path], out: &Path) {
    let mut args: Vec<&OsStr> = vec![OsStr::new("build")];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    args.extend([OsStr::new("-o"), out.as_os_str()]);
    let result = commspec(&args);
    assert_eq!(code(&result), 0, "build {paths:?} failed:\n{}", stderr(&result));
}

/// One entry of a folder tree: a folder, or a file with its bytes.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>),
}

/// Every entry under `root` (hidden ones included), by `/`-separated relative path.
fn snapshot(root: &Path) -> BTreeMap<String, Entry> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Entry>) {
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
            let entry = entry.expect("folder entry");
            let path = entry.path();
            let rel = path.strip_prefix(root).expect("under root");
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                out.insert(rel, Entry::Dir);
                walk(root, &path, out);
            } else if kind.is_file() {
                out.insert(rel, Entry::File(fs::read(&path).expect("read file")));
            } else {
                panic!("unexpected non-file {}", path.display());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Describes how two trees differ: missing, extra and changed entries, with the first
/// changed line of each changed file. Empty when they are identical.
fn tree_diff(expected: &BTreeMap<String, Entry>, actual: &BTreeMap<String, Entry>) -> Vec<String> {
    let mut diffs = Vec::new();
    for (path, want) in expected {
        match actual.get(path) {
            None => diffs.push(format!("missing: {path}")),
            Some(got) if got == want => {}
            Some(Entry::File(got)) => match want {
                Entry::File(want) => diffs.push(format!("changed: {path}: {}", first_difference(want, got))),
                Entry::Dir => diffs.push(format!("file instead of folder: {path}")),
            },
            Some(Entry::Dir) => diffs.push(format!("folder instead of file: {path}")),
        }
    }
    for path in actual.keys().filter(|p| !expected.contains_key(*p)) {
        diffs.push(format!("extra: {path}"));
    }
    diffs
}

fn first_difference(want: &[u8], got: &[u8]) -> String {
    let want = String::from_utf8_lossy(want);
    let got = String::from_utf8_lossy(got);
    let mut w = want.split('\n');
    let mut g = got.split('\n');
    for line in 1.. {
        match (w.next(), g.next()) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => return format!("line {line}\n    expected: {a:?}\n    actual:   {b:?}"),
        }
    }
    unreachable!()
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8 output")
}

// ---------------------------------------------------------------------------------------------
// The examples (and the escaping spec), compiled once in memory through the library
// ---------------------------------------------------------------------------------------------

/// One compiled spec: its plan (as written to `plan.json`) and every output file.
struct Compiled {
    source: String,
    plan: Json,
    files: BTreeMap<String, Vec<u8>>,
}

impl Compiled {
    fn file(&self, path: &str) -> &[u8] {
        self.files.get(path).unwrap_or_else(|| panic!("{}: no {path}", self.source))
    }

    fn id(&self) -> &str {
        self.plan["community"]["id"].as_str().expect("community id")
    }

    fn groups(&self) -> &Vec<Json> {
        self.plan["groups"].as_array().expect("groups")
    }

    fn schedule(&self) -> &Vec<Json> {
        self.plan["schedule"].as_array().expect("schedule")
    }

    /// The dated SOP of `group`: its cohort's with `groups.stagger`, else `schedule`.
    fn schedule_of(&self, group: &Json) -> &Vec<Json> {
        match group["cohort"].as_u64() {
            Some(n) => self.plan["cohorts"][n as usize - 1]["schedule"].as_array().expect("cohort schedule"),
            None => self.schedule(),
        }
    }
}

/// Every spec the format checks run on: all examples, plus escaping edge cases.
fn spec_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(repo().join("examples"))
        .expect("examples folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths.push(repo().join("tests/data/build/escapes.yaml"));
    paths
}

fn compile(path: &Path) -> Compiled {
    use commspec::{build, check, plan, render};
    let source = path.strip_prefix(repo()).unwrap_or(path).display().to_string();
    let text = fs::read_to_string(path).expect("read spec");
    let templates = render::Artifacts::new(None);
    let outcome = check::check_with(&text, &check::Options::default(), Some(&templates));
    assert!(!outcome.has_errors(), "{source} has errors: {:?}", outcome.diagnostics);
    let (loaded, analysis) = outcome.checked.expect("checked");
    let plan = plan::plan(&loaded.spec, &analysis);
    let files = build::render_all(&text, &loaded, &analysis, &plan, &templates)
        .unwrap_or_else(|e| panic!("{source}: {e:?}"))
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect::<BTreeMap<_, _>>();
    let plan: Json = serde_json::from_slice(&files["plan.json"]).expect("plan.json is JSON");
    Compiled { source, plan, files }
}

fn compiled() -> &'static [Compiled] {
    static ALL: OnceLock<Vec<Compiled>> = OnceLock::new();
    ALL.get_or_init(|| spec_paths().iter().map(|p| compile(p)).collect())
}

fn string(v: &Json) -> String {
    match v {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Each task of `schedule` once per person of its role in `group` (`None` for a role that
/// names nobody), with the task's position: what a group's CSV rows and calendar events are.
/// Moments (朋友圈) are no group's: each person posts them once (`people/`).
fn seats<'a>(group: &Json, schedule: &'a [Json]) -> Vec<(usize, &'a Json, Option<String>)> {
    let mut out = Vec::new();
    for (i, task) in schedule.iter().enumerate().filter(|(_, t)| t["channel"] != "moments") {
        let people = strings(&group["staff"][string(&task["role"])]);
        if people.is_empty() {
            out.push((i, task, None));
        }
        out.extend(people.into_iter().map(|p| (i, task, Some(p))));
    }
    out
}

/// The UID of `task`'s event in `group` for `person`: community, group key, step and day,
/// and the person's seat (`-s2`) when the role seats several people per group.
fn event_uid(c: &Compiled, group: &Json, task: &Json, person: Option<&str>) -> String {
    let base = format!("{}-{}-{}-d{}", c.id(), string(&group["key"]), string(&task["step"]), task["day"]);
    let role = c.plan["roles"].as_array().expect("roles").iter().find(|r| r["id"] == task["role"]);
    let several = role.is_some_and(|r| r["type"] != "lead" && r["per_group"].as_u64() > Some(1));
    let people = strings(&group["staff"][string(&task["role"])]);
    match person.and_then(|p| people.iter().position(|q| q == p)) {
        Some(seat) if several => format!("{base}-s{}@commspec", seat + 1),
        _ => format!("{base}@commspec"),
    }
}

fn strings(v: &Json) -> Vec<String> {
    v.as_array().map(|a| a.iter().map(string).collect()).unwrap_or_default()
}

/// The CSV's 发送对象 column: the tags, then the segment's note (「仅发给：…」).
fn recipients(task: &Json) -> String {
    let tags = strings(&task["to_tags"]).join("、");
    let note = task["segment"]["note"].as_str().unwrap_or_default().to_string();
    [tags, note].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("；")
}

fn attachments(task: &Json) -> Vec<String> {
    task["attachments"].as_array().map(|a| a.iter().map(|x| string(&x["summary"])).collect()).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// 1. Golden files
// ---------------------------------------------------------------------------------------------

#[test]
fn golden_outputs_match_byte_for_byte() {
    let out = TempDir::new("golden");
    let specs = ["flash", "course", "rolling"].map(|name| repo().join(format!("examples/{name}.yaml")));
    build_ok(&specs.iter().map(PathBuf::as_path).collect::<Vec<_>>(), out.path());
    let built = snapshot(out.path());
    let ids: Vec<&String> = built.keys().filter(|k| !k.contains('/')).collect();
    assert_eq!(ids, ["chendu-english-21d", "shiye-reading-21d", "zhiyan-double11"], "community folders");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0");
    let mut failures = Vec::new();
    for id in ids {
        let golden_dir = repo().join("tests/golden").join(id);
        if update {
            let _ = fs::remove_dir_all(&golden_dir);
            copy_tree(&out.join(id), &golden_dir);
            eprintln!("rewrote {}", golden_dir.display());
            continue;
        }
        assert!(golden_dir.is_dir(), "no {}: run `UPDATE_GOLDEN=1 cargo test --test build`", golden_dir.display());
        let diffs = tree_diff(&snapshot(&golden_dir), &snapshot(&out.join(id)));
        failures.extend(diffs.into_iter().map(|d| format!("{id}/{d}")));
    }
    assert!(
        failures.is_empty(),
        "the build differs from tests/golden (if intended: UPDATE_GOLDEN=1 cargo test --test build, then review the diff):\n{}",
        failures.join("\n")
    );
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create golden folder");
    for entry in fs::read_dir(from).expect("read build") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy golden file");
        }
    }
}

/// What the goldens are meant to say, checked in words so a careless `UPDATE_GOLDEN=1` cannot
/// bless a regression in the facts an operator relies on.
#[test]
fn golden_facts_an_operator_relies_on() {
    let all = compiled();
    let course = all.iter().find(|c| c.id() == "chendu-english-21d").expect("course example");
    let g1 = "1";
    let sop = text(course.file(&format!("{g1}/sop.md")));
    // 2027-03-01 is a Monday; day 21 is Sunday 2027-03-21.
    assert!(sop.contains("### 第1天 · 2027-03-01 周一\n\n| 时间 |"), "day 1 heading");
    assert!(sop.contains("### 第21天 · 2027-03-21 周日\n"), "day 21 heading");
    // The Wednesday/Saturday live class from day 3 to 20: six times, the 3rd to the 20th.
    let live: Vec<&Json> = course.schedule().iter().filter(|t| t["step"] == "live-class").collect();
    let dates: Vec<String> = live.iter().map(|t| string(&t["date"])).collect();
    assert_eq!(dates, ["2027-03-03", "2027-03-06", "2027-03-10", "2027-03-13", "2027-03-17", "2027-03-20"]);
    assert!(live.iter().all(|t| t["time"] == "19:30"));
    let announcement = text(course.file(&format!("{g1}/announcement.txt")));
    assert!(announcement.starts_with("【群公告】晨读营1班｜21天职场英语打卡\n"));
    assert!(announcement.contains("· 3月11日（周四）20:00　学姐分享：外企面试英语\n"));
    let checklist = text(course.file(&format!("{g1}/checklist.md")));
    assert!(checklist.contains("- [ ] 第2天（3月2日 周二）20:00　破冰分组\n"));
    assert!(checklist.contains("- [ ] 第18天（3月18日 周四）12:00　补卡机会（私聊，助教Leo）\n"));
    for c in all {
        // Every file is UTF-8 text but the workbook, a zip.
        for (path, bytes) in c.files.iter().filter(|(path, _)| !path.ends_with(".xlsx")) {
            let t = text(bytes);
            if path.ends_with(".md") || path.ends_with(".txt") {
                assert!(!t.contains("\n\n\n"), "{}: {path} has a double blank line", c.source);
                assert!(!t.contains("None"), "{}: {path} shows a missing value", c.source);
                assert!(t.is_empty() || (t.ends_with('\n') && !t.ends_with("\n\n")), "{}: {path} ending", c.source);
            }
            if path.ends_with(".md") {
                check_markdown_tables(&c.source, path, t);
            }
        }
    }
}

#[test]
fn plan_kpis_carry_their_definition_period_and_phase() {
    let all = compiled();
    let course = all.iter().find(|c| c.id() == "chendu-english-21d").expect("course example");
    let kpis = course.plan["kpis"].as_array().expect("kpis");
    let row = |k: &Json| {
        [&k["metric"], &k["definition"], &k["period"], &k["period_label"], &k["phase"], &k["target"]].map(string)
    };
    let rows: Vec<[String; 6]> = kpis.iter().map(row).collect();
    let want = |cells: [&str; 6]| cells.map(str::to_string);
    // As written in examples/course.yaml: the string form takes the metric's default period;
    // the object form says its own, and its phase.
    assert_eq!(
        rows,
        [
            want(["leave_rate", "周期内的退群人数 ÷ 社群总人数", "week", "周", "", "<= 5%"]),
            want(["interaction_rate", "当日有效发言的人数 ÷ 群成员总人数", "day", "日", "", ">= 15%"]),
            want(["messages_per_member", "消息总量 ÷ 社群人数", "day", "日", "retention", ">= 3"]),
            want(["retention_rate", "周期内留存的用户数 ÷ 新增用户数", "term", "整期", "", ">= 85%"]),
            want(["conversion_rate", "订单数 ÷ 群成员总数", "term", "整期", "", ">= 12%"]),
        ]
    );
    let readme = text(course.file("README.md"));
    assert!(
        readme.contains(
            "| 人均消息量（`messages_per_member`） | 不低于 3 | 日（阶段 `retention`） | 消息总量 ÷ 社群人数 |\n"
        ),
        "README states the period and phase:\n{readme}"
    );
}

/// Every table row has as many cells as its header, and a table is preceded by a blank line.
fn check_markdown_tables(source: &str, path: &str, md: &str) {
    let lines: Vec<&str> = md.lines().collect();
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with('|') {
            assert!(i > 0 && lines[i - 1].is_empty(), "{source}: {path}:{}: table not after a blank line", i + 1);
            let width = cells(lines[i]);
            assert!(
                lines.get(i + 1).is_some_and(|l| l.starts_with("|---")),
                "{source}: {path}:{}: no separator",
                i + 1
            );
            while i < lines.len() && lines[i].starts_with('|') {
                assert_eq!(cells(lines[i]), width, "{source}: {path}:{}: {}", i + 1, lines[i]);
                assert!(lines[i].ends_with('|'), "{source}: {path}:{}: row not closed", i + 1);
                i += 1;
            }
            assert!(i == lines.len() || lines[i].is_empty(), "{source}: {path}:{}: text glued to a table", i + 1);
        }
        i += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// 2. ICS parsed back
// ---------------------------------------------------------------------------------------------

/// One content line: name, parameters, value (still escaped).
#[derive(Debug)]
struct IcsLine {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

/// Checks the physical lines (CRLF, ≤ 75 octets) and unfolds them (RFC 5545 §3.1).
fn parse_ics(bytes: &[u8], what: &str) -> Vec<IcsLine> {
    let t = text(bytes);
    assert!(t.ends_with("\r\n"), "{what}: not CRLF-terminated");
    let body = &t[..t.len() - 2];
    let mut logical: Vec<String> = Vec::new();
    for (n, physical) in body.split("\r\n").enumerate() {
        assert!(!physical.contains(['\r', '\n']), "{what}:{}: bare CR or LF", n + 1);
        assert!(physical.len() <= 75, "{what}:{}: {} octets: {physical}", n + 1, physical.len());
        assert!(!physical.is_empty(), "{what}:{}: empty line", n + 1);
        if let Some(rest) = physical.strip_prefix([' ', '\t']) {
            logical.last_mut().unwrap_or_else(|| panic!("{what}: starts with a continuation")).push_str(rest);
        } else {
            logical.push(physical.to_string());
        }
    }
    logical.iter().map(|l| content_line(l, what)).collect()
}

fn content_line(line: &str, what: &str) -> IcsLine {
    // The value starts at the first `:` outside a quoted parameter value.
    let mut quoted = false;
    let colon = line
        .char_indices()
        .find(|&(_, c)| {
            if c == '"' {
                quoted = !quoted;
            }
            c == ':' && !quoted
        })
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{what}: no `:` in {line}"));
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = head.split(';');
    let name = parts.next().unwrap_or_default().to_string();
    let params = parts
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or_else(|| panic!("{what}: bad parameter {p}"));
            (k.to_string(), v.to_string())
        })
        .collect();
    IcsLine { name, params, value: value.to_string() }
}

/// RFC 5545 §3.3.11 TEXT: `\\`, `\;`, `\,`, `\n`/`\N`.
fn ics_unescape(s: &str, what: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(e @ ('\\' | ';' | ',')) => out.push(e),
                other => panic!("{what}: bad escape \\{other:?} in {s}"),
            }
        } else {
            assert!(c != ';' && c != ',', "{what}: unescaped {c:?} in TEXT {s}");
            out.push(c);
        }
    }
    out
}

/// The components of a calendar: (kind, properties), with nesting checked.
fn ics_components<'a>(lines: &'a [IcsLine], what: &str) -> Vec<(String, Vec<&'a IcsLine>)> {
    let mut stack: Vec<(String, Vec<&IcsLine>)> = Vec::new();
    let mut done = Vec::new();
    for l in lines {
        match l.name.as_str() {
            "BEGIN" => stack.push((l.value.clone(), Vec::new())),
            "END" => {
                let (kind, props) = stack.pop().unwrap_or_else(|| panic!("{what}: END without BEGIN"));
                assert_eq!(kind, l.value, "{what}: END:{} closes BEGIN:{kind}", l.value);
                done.push((kind, props));
            }
            _ => stack.last_mut().unwrap_or_else(|| panic!("{what}: {} outside a component", l.name)).1.push(l),
        }
    }
    assert!(stack.is_empty(), "{what}: unclosed components");
    done
}

fn prop<'a>(props: &[&'a IcsLine], name: &str, what: &str) -> &'a IcsLine {
    let found: Vec<&&IcsLine> = props.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "{what}: {name} appears {} times", found.len());
    found[0]
}

#[test]
fn ics_parses_back_to_the_plan() {
    let mut uids = BTreeSet::new();
    for c in compiled() {
        let zone = string(&c.plan["timezone"]["name"]);
        for group in c.groups() {
            let schedule = c.schedule_of(group);
            let folder = string(&group["folder"]);
            let what = format!("{}: {folder}/sop.ics", c.source);
            let lines = parse_ics(c.file(&format!("{folder}/sop.ics")), &what);
            assert_eq!(lines.first().map(|l| (l.name.as_str(), l.value.as_str())), Some(("BEGIN", "VCALENDAR")));
            let components = ics_components(&lines, &what);
            let calendar = &components.iter().find(|(k, _)| k == "VCALENDAR").expect("VCALENDAR").1;
            assert_eq!(prop(calendar, "VERSION", &what).value, "2.0");
            assert!(!prop(calendar, "PRODID", &what).value.is_empty());
            let zones: Vec<_> = components.iter().filter(|(k, _)| k == "VTIMEZONE").collect();
            assert_eq!(zones.len(), 1, "{what}: one VTIMEZONE");
            assert_eq!(prop(&zones[0].1, "TZID", &what).value, zone, "{what}: VTIMEZONE TZID");
            let events: Vec<&Vec<&IcsLine>> =
                components.iter().filter(|(k, _)| k == "VEVENT").map(|(_, p)| p).collect();
            // Every example has a start date, so every task is on the calendar.
            assert!(schedule.iter().all(|t| t["date"].is_string()), "{what}: undated tasks");
            let seats = seats(group, schedule);
            assert_eq!(events.len(), seats.len(), "{what}: one VEVENT per task and person");
            let messages = group["messages"].as_array().expect("messages");
            for (event, (i, task, person)) in events.iter().zip(seats) {
                let what = format!("{what} event {} ({})", i + 1, string(&task["step"]));
                let start = prop(event, "DTSTART", &what);
                assert_eq!(start.params, [("TZID".to_string(), zone.clone())], "{what}: DTSTART parameters");
                let want =
                    format!("{}T{}00", string(&task["date"]).replace('-', ""), string(&task["time"]).replace(':', ""));
                assert_eq!(start.value, want, "{what}: DTSTART");
                let stamp = &prop(event, "DTSTAMP", &what).value;
                assert!(
                    stamp.len() == 16 && stamp.ends_with('Z') && stamp.as_bytes()[8] == b'T',
                    "{what}: DTSTAMP {stamp}"
                );
                let uid = prop(event, "UID", &what).value.clone();
                assert!(uids.insert(uid.clone()), "{what}: UID {uid} is not unique");
                let title = string(&task["title"]);
                let channel = string(&task["channel_label"]);
                let summary = ics_unescape(&prop(event, "SUMMARY", &what).value, &what);
                let named = format!("{} · {title}", string(&group["name"]));
                assert!(
                    summary == format!("【{channel}】{named}") || (summary == named && title.starts_with(&channel)),
                    "{what}: SUMMARY {summary:?} for {title:?}"
                );
                let key = string(&group["key"]);
                let step = string(&task["step"]);
                // One event per person of the step's role in the group: with several seats,
                // each event's UID names its seat.
                assert_eq!(uid, event_uid(c, group, task, person.as_deref()), "{what}: UID of {key} {step}");
                let description = ics_unescape(&prop(event, "DESCRIPTION", &what).value, &what);
                let role = string(&task["role_title"]);
                let executor = match person {
                    Some(p) => format!("执行人：{role}（{p}）"),
                    None => format!("执行人：{role}"),
                };
                assert_eq!(description.lines().next(), Some(executor.as_str()), "{what}: DESCRIPTION {description:?}");
                if let Some(message) = messages[i].as_str() {
                    assert!(description.contains(&format!("\n{message}")), "{what}: message lost: {description:?}");
                }
                for a in attachments(task) {
                    assert!(description.contains(&a), "{what}: attachment {a} lost");
                }
                for tag in strings(&task["to_tags"]) {
                    assert!(description.contains(&tag), "{what}: recipient tag {tag} lost");
                }
                if let Some(note) = task["segment"]["note"].as_str() {
                    assert!(description.contains(note), "{what}: segment {note} lost");
                }
            }
        }
    }
    assert!(uids.len() > 1000, "only {} events checked", uids.len());
}

// ---------------------------------------------------------------------------------------------
// 3. CSV parsed back
// ---------------------------------------------------------------------------------------------

/// RFC 4180: records end with CRLF (the last one too); a field is quoted when it holds a
/// comma, a quote or a line break, with quotes doubled. Line breaks inside quotes are kept.
fn parse_csv(t: &str, what: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = t.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                at_field_start = false;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => field.push(c),
                        None => panic!("{what}: unterminated quoted field"),
                    }
                }
                assert!(
                    matches!(chars.peek(), Some(',' | '\r') | None),
                    "{what}: text after a closing quote in {field:?}"
                );
            }
            '"' => panic!("{what}: quote inside an unquoted field {field:?}"),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "{what}: CR without LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\n' => panic!("{what}: bare LF ends a record (want CRLF)"),
            c => {
                at_field_start = false;
                field.push(c);
            }
        }
    }
    assert!(field.is_empty() && record.is_empty(), "{what}: last record not terminated by CRLF");
    records
}

/// What the CSV shows for a text: spreadsheets would run a leading `=`, `+`, `-`, `@`, tab
/// or carriage return.
fn csv_shown(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

const CSV_HEADER: [&str; 17] = [
    "群标识",
    "群名",
    "日期",
    "时间",
    "星期",
    "第几天",
    "角色",
    "执行人",
    "渠道",
    "发送对象",
    "目的",
    "事项",
    "消息内容",
    "附件",
    "附件类型",
    "附件标题",
    "附件链接",
];

/// One field of each attachment of a task (the first of `fields` it has), joined with `；`.
fn attachment_column(task: &Json, fields: &[&str]) -> String {
    let attachments = task["attachments"].as_array().expect("attachments");
    let values: Vec<String> = attachments
        .iter()
        .map(|a| fields.iter().map(|f| string(&a[*f])).find(|v| !v.is_empty()).unwrap_or_default())
        .collect();
    values.join("；")
}

#[test]
fn csv_parses_back_to_the_plan() {
    let header = CSV_HEADER;
    let mut tricky = 0;
    for c in compiled() {
        for group in c.groups() {
            let schedule = c.schedule_of(group);
            let folder = string(&group["folder"]);
            let what = format!("{}: {folder}/sop.csv", c.source);
            let t = text(c.file(&format!("{folder}/sop.csv")));
            let body = t.strip_prefix('\u{feff}').unwrap_or_else(|| panic!("{what}: no byte-order mark"));
            let records = parse_csv(body, &what);
            assert_eq!(records.first().map(Vec::as_slice), Some(&header.map(String::from)[..]), "{what}: header");
            let seats = seats(group, schedule);
            assert_eq!(records.len() - 1, seats.len(), "{what}: one row per task and person");
            let messages = group["messages"].as_array().expect("messages");
            for (row_index, (row, (i, task, person))) in records[1..].iter().zip(seats).enumerate() {
                let what = format!("{what} row {}", row_index + 2);
                let message = messages[i].as_str().unwrap_or_default();
                if message.contains([',', '"', '\n']) {
                    tricky += 1;
                }
                let want = [
                    string(&group["key"]),
                    csv_shown(&string(&group["name"])),
                    string(&task["date"]),
                    string(&task["time"]),
                    string(&task["weekday"]),
                    task["day"].to_string(),
                    csv_shown(&string(&task["role_title"])),
                    person.unwrap_or_default(),
                    string(&task["channel_label"]),
                    recipients(task),
                    string(&task["purpose_label"]),
                    csv_shown(&string(&task["title"])),
                    csv_shown(message),
                    attachments(task).join("；"),
                    attachment_column(task, &["type_label"]),
                    csv_shown(&attachment_column(task, &["title", "name"])),
                    attachment_column(task, &["url"]),
                ];
                assert_eq!(row, &want, "{what}");
            }
        }
    }
    assert!(tricky > 50, "only {tricky} messages with commas, quotes or line breaks checked");
}

/// The community's `sop.csv` is every group's rows under one header, in group order, each
/// row naming its group by key and name: one file an SCRM import takes.
#[test]
fn the_merged_csv_holds_every_groups_rows_under_one_header() {
    for c in compiled() {
        let what = format!("{}: sop.csv", c.source);
        let merged = text(c.file("sop.csv"));
        let records = parse_csv(merged.strip_prefix('\u{feff}').expect("byte-order mark"), &what);
        assert_eq!(records[0], CSV_HEADER, "{what}: header");
        assert_eq!(records.iter().filter(|r| r[..] == CSV_HEADER[..]).count(), 1, "{what}: one header");
        let groups = c.groups();
        let own_rows: usize = groups
            .iter()
            .map(|g| {
                let own = text(c.file(&format!("{}/sop.csv", string(&g["folder"]))));
                parse_csv(own.trim_start_matches('\u{feff}'), &what).len() - 1
            })
            .sum();
        let moments = c.schedule().iter().filter(|t| t["channel"] == "moments").count();
        let own_tasks = c.schedule().len() - moments;
        assert!(own_rows >= groups.len() * own_tasks, "{what}: a row per task and person");
        // Moments rows name no group: one per person (or per role without staff) and post.
        let (group_rows, moments_rows): (Vec<&Vec<String>>, Vec<&Vec<String>>) =
            records[1..].iter().partition(|r| !r[0].is_empty());
        assert_eq!(group_rows.len(), own_rows, "{what}: rows = every group's rows and the moments");
        assert!(moments_rows.iter().all(|r| r[1].is_empty() && r[8] == "朋友圈"), "{what}: {moments_rows:?}");
        let posts: BTreeSet<(&String, &String, &String, &String)> =
            moments_rows.iter().map(|r| (&r[7], &r[2], &r[3], &r[11])).collect();
        assert_eq!(posts.len(), moments_rows.len(), "{what}: a moments post twice for one person");
        let mut rows = group_rows.into_iter();
        for group in groups {
            let folder = string(&group["folder"]);
            let own = parse_csv(text(c.file(&format!("{folder}/sop.csv"))).trim_start_matches('\u{feff}'), &what);
            for want in &own[1..] {
                let row = rows.next().expect("a row");
                assert_eq!(row, want, "{what}: a row of {folder} out of place");
                assert_eq!(
                    (&row[0], &row[1]),
                    (&string(&group["key"]), &csv_shown(&string(&group["name"]))),
                    "{what}: row names its group"
                );
            }
        }
    }
}

#[test]
fn csv_keeps_quotes_commas_and_line_breaks_of_a_message() {
    let escapes = compiled().iter().find(|c| c.id() == "escape-check").expect("escape spec");
    let t = text(escapes.file("1/sop.csv"));
    let records = parse_csv(t.trim_start_matches('\u{feff}'), "escapes");
    let quotes = records.iter().find(|r| r[11] == "引号, 逗号; 分号").expect("the quotes step");
    assert_eq!(
        quotes[12],
        "【quotes·第1天·2027-03-01】他说：\"早上好, 各位\"; 路径 C:\\temp\\new\n第二行 | 竖线,\n第三行 \"结尾\""
    );
    assert_eq!(quotes[6], "班主任\"老王\", 数学; 组");
    let formula = records.iter().find(|r| r[11] == "公式开头").expect("the formula step");
    assert!(formula[12].starts_with("'=【formula"), "{}", formula[12]);
}

// ---------------------------------------------------------------------------------------------
// 4. plan.json: schema, and messages lined up with the schedule
// ---------------------------------------------------------------------------------------------

#[test]
fn plan_json_validates_and_messages_line_up_with_the_schedule() {
    let schema: Json =
        serde_json::from_str(&fs::read_to_string(repo().join("schemas/plan.schema.json")).expect("plan schema"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for c in compiled() {
        let errors: Vec<String> =
            validator.iter_errors(&c.plan).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: plan.json does not match its schema:\n{}", c.source, errors.join("\n"));
        let per_member = c.plan["per_member"].as_array().expect("per_member");
        for group in c.groups() {
            let schedule = c.schedule_of(group);
            let name = string(&group["name"]);
            let messages = group["messages"].as_array().expect("messages");
            assert_eq!(messages.len(), schedule.len(), "{}: {name}: messages vs schedule", c.source);
            let pm = group["per_member_messages"].as_array().expect("per_member_messages");
            assert_eq!(pm.len(), per_member.len(), "{}: {name}: per-member messages", c.source);
            // A step has a message on every day or on none.
            let mut has: BTreeMap<String, bool> = BTreeMap::new();
            for (task, message) in schedule.iter().zip(messages) {
                let step = string(&task["step"]);
                let prev = *has.entry(step.clone()).or_insert(message.is_string());
                assert_eq!(
                    prev,
                    message.is_string(),
                    "{}: {name}: step {step} has a message on some days only",
                    c.source
                );
            }
        }
    }
    // The escape spec stamps each message with its own step, day and date: every message sits
    // at the position of its own task.
    let escapes = compiled().iter().find(|c| c.id() == "escape-check").expect("escape spec");
    let mut stamped = 0;
    for group in escapes.groups() {
        for (task, message) in escapes.schedule().iter().zip(group["messages"].as_array().expect("messages")) {
            let Some(message) = message.as_str() else { continue };
            let stamp = format!("【{}·第{}天·{}】", string(&task["step"]), task["day"], string(&task["date"]));
            assert!(message.trim_start_matches('=').starts_with(&stamp), "{message:?} is not at {stamp}");
            stamped += 1;
        }
    }
    assert_eq!(stamped, 2 * 11, "two groups × eleven tasks with messages");
    // The course example's daily task counts its own day.
    let course = compiled().iter().find(|c| c.id() == "chendu-english-21d").expect("course example");
    for (task, message) in course.schedule().iter().zip(course.groups()[2]["messages"].as_array().expect("messages")) {
        if task["step"] == "daily-task" {
            let day = &task["day"];
            assert!(string(message).contains(&format!("第 {day}/21 天")), "day {day}: {message}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Determinism
// ---------------------------------------------------------------------------------------------

#[test]
fn two_builds_of_the_examples_are_byte_identical_and_match_the_library() {
    let (a, b) = (TempDir::new("det-a"), TempDir::new("det-b"));
    let examples = repo().join("examples");
    // Two processes at once: nothing may depend on the clock, the process or the folder.
    std::thread::scope(|s| {
        let first = s.spawn(|| build_ok(&[&examples], a.path()));
        build_ok(&[&examples], b.path());
        first.join().expect("first build");
    });
    let (first, second) = (snapshot(a.path()), snapshot(b.path()));
    let diffs = tree_diff(&first, &second);
    assert!(diffs.is_empty(), "two builds differ:\n{}", diffs.join("\n"));
    // The binary writes exactly what the library renders, and nothing else but the marker
    // that makes the folder replaceable by the next build.
    let mut from_library = BTreeMap::new();
    for c in compiled().iter().filter(|c| c.source.starts_with("examples")) {
        from_library.insert(c.id().to_string(), Entry::Dir);
        let marker = format!("{}/.commspec-build", c.id());
        from_library.insert(marker.clone(), Entry::File(fs::read(a.join(&marker)).expect("marker")));
        for (path, bytes) in &c.files {
            let mut prefix = c.id().to_string();
            for part in path.split('/').collect::<Vec<_>>().split_last().map(|(_, dirs)| dirs).unwrap_or_default() {
                prefix = format!("{prefix}/{part}");
                from_library.insert(prefix.clone(), Entry::Dir);
            }
            from_library.insert(format!("{}/{path}", c.id()), Entry::File(bytes.clone()));
        }
    }
    let diffs = tree_diff(&from_library, &first);
    assert!(diffs.is_empty(), "the written build differs from the library's rendering:\n{}", diffs.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// 6. Atomicity and refused output folders
// ---------------------------------------------------------------------------------------------

/// The workload spec with `count` groups, written into `dir`.
fn workload_with_count(dir: &Path, count: u32) -> PathBuf {
    let spec = fs::read_to_string(repo().join("tests/data/build/workload.yaml")).expect("workload spec");
    assert!(spec.contains("  count: 4\n"));
    let path = dir.join(format!("workload-{count}.yaml"));
    fs::write(&path, spec.replace("  count: 4\n", &format!("  count: {count}\n"))).expect("write spec");
    path
}

#[test]
fn a_broken_template_leaves_the_output_untouched() {
    let tmp = TempDir::new("atomic-template");
    let out = tmp.join("out");
    build_ok(&[&repo().join("examples/flash.yaml")], &out);
    let before = snapshot(&out);
    let templates = tmp.join("templates");
    fs::create_dir(&templates).expect("templates folder");
    fs::write(templates.join("sop.md.j2"), "# {{ group.name }}\n{% for t in tasks %}\n- {{ t.title }}\n")
        .expect("write");
    let result = commspec([
        OsStr::new("build"),
        repo().join("examples/flash.yaml").as_os_str(),
        OsStr::new("-o"),
        out.as_os_str(),
        OsStr::new("--templates"),
        templates.as_os_str(),
    ]);
    assert_eq!(code(&result), 1, "{}", stderr(&result));
    assert!(stderr(&result).contains("sop.md.j2"), "names the template: {}", stderr(&result));
    let diffs = tree_diff(&before, &snapshot(&out));
    assert!(diffs.is_empty(), "a failed build changed the output:\n{}", diffs.join("\n"));
}

#[test]
fn a_spec_with_an_error_blocks_the_whole_build() {
    let tmp = TempDir::new("atomic-spec");
    let out = tmp.join("out");
    build_ok(&[&workload_with_count(tmp.path(), 4)], &out);
    let before = snapshot(&out);
    let broken = tmp.join("broken.yaml");
    fs::write(&broken, "commspec: 1\ncommunity:\n  id: broken\n  nmae: 拼错\n").expect("write");
    let result = commspec([
        OsStr::new("build"),
        workload_with_count(tmp.path(), 3).as_os_str(),
        broken.as_os_str(),
        OsStr::new("-o"),
        out.as_os_str(),
    ]);
    assert_eq!(code(&result), 1, "{}", stderr(&result));
    assert!(stderr(&result).contains("nothing was written"), "{}", stderr(&result));
    let diffs = tree_diff(&before, &snapshot(&out));
    assert!(diffs.is_empty(), "a refused build changed the output:\n{}", diffs.join("\n"));
}

#[test]
fn a_successful_build_replaces_the_community_folder_entirely() {
    let tmp = TempDir::new("replace");
    let out = tmp.join("out");
    build_ok(&[&workload_with_count(tmp.path(), 4)], &out);
    let community = out.join("workload-case");
    assert!(community.join("4/sop.md").is_file());
    fs::write(community.join("notes.txt"), "stale").expect("write");
    fs::write(community.join("1/extra.md"), "stale").expect("write");
    let neighbour = out.join("other-community");
    fs::create_dir_all(&neighbour).expect("neighbour");
    fs::write(neighbour.join("keep.txt"), "keep").expect("write");
    build_ok(&[&workload_with_count(tmp.path(), 3)], &out);
    let after = snapshot(&out);
    let names: Vec<&String> = after
        .keys()
        .filter(|k| k.starts_with("workload-case/") && !k["workload-case/".len()..].contains('/'))
        .collect();
    assert_eq!(
        names,
        [
            "workload-case/.commspec-build",
            "workload-case/1",
            "workload-case/2",
            "workload-case/3",
            "workload-case/README.md",
            "workload-case/people",
            "workload-case/plan.json",
            "workload-case/roster.csv",
            "workload-case/setup.md",
            "workload-case/sop.csv",
            "workload-case/sop.xlsx"
        ]
    );
    assert!(!after.contains_key("workload-case/1/extra.md"), "stale file kept");
    assert_eq!(after.get("other-community/keep.txt"), Some(&Entry::File(b"keep".to_vec())), "neighbour touched");
    let top: Vec<&String> = after.keys().filter(|k| !k.contains('/')).collect();
    assert_eq!(top, ["other-community", "workload-case"], "temporary folders left behind");
}

#[test]
fn refused_output_and_template_folders_exit_2() {
    let tmp = TempDir::new("refused");
    let flash = repo().join("examples/flash.yaml");
    let file = tmp.join("a-file");
    fs::write(&file, "keep").expect("write");
    let out = tmp.join("out");
    let cases: Vec<(&str, Vec<&OsStr>)> = vec![
        ("-o is a file", vec![OsStr::new("-o"), file.as_os_str()]),
        ("-o is the root", vec![OsStr::new("-o"), OsStr::new("/")]),
        (
            "missing templates folder",
            vec![
                OsStr::new("-o"),
                out.as_os_str(),
                OsStr::new("--templates"),
                OsStr::new("/nonexistent/commspec-templates"),
            ],
        ),
    ];
    for (why, extra) in cases {
        let mut args = vec![OsStr::new("build"), flash.as_os_str()];
        args.extend(extra);
        let result = commspec(&args);
        assert_eq!(code(&result), 2, "{why}: {}", stderr(&result));
        assert!(stderr(&result).starts_with("error: "), "{why}: {}", stderr(&result));
    }
    assert_eq!(fs::read(&file).expect("file"), b"keep");
    assert!(!out.exists(), "a refused build created its output folder");
}

/// tests/data/base.yaml (community `demo`) with the id `id`, written at `path`.
fn base_spec(path: &Path, id: &str) -> PathBuf {
    let base = fs::read_to_string(repo().join("tests/data/base.yaml")).expect("base spec");
    assert!(base.contains("  id: demo\n"));
    fs::create_dir_all(path.parent().expect("parent")).expect("spec folder");
    fs::write(path, base.replace("  id: demo\n", &format!("  id: {id}\n"))).expect("write spec");
    path.to_path_buf()
}

/// `commspec build SPECS -o OUT`, not asserting anything.
fn build_into(specs: &[&Path], out: &Path) -> Output {
    let mut args: Vec<&OsStr> = vec![OsStr::new("build")];
    args.extend(specs.iter().map(|p| p.as_os_str()));
    args.extend([OsStr::new("-o"), out.as_os_str()]);
    commspec(&args)
}

#[test]
fn an_output_folder_that_holds_a_spec_is_refused() {
    let tmp = TempDir::new("holds-spec");
    // `build comm -o comm`, the spec at comm/demo/spec.yaml and its id `demo`: the community
    // folder would be the spec's own folder.
    let comm = tmp.join("comm");
    let spec = base_spec(&comm.join("demo/spec.yaml"), "demo");
    fs::write(comm.join("demo/notes.md"), "mine").expect("write");
    let before = snapshot(&comm);
    let result = build_into(&[&comm], &comm);
    assert_eq!(code(&result), 2, "{}", stderr(&result));
    assert!(stderr(&result).contains("holds the spec"), "{}", stderr(&result));
    assert!(stderr(&result).contains("nothing was written"), "{}", stderr(&result));
    let diffs = tree_diff(&before, &snapshot(&comm));
    assert!(diffs.is_empty(), "a refused build changed the spec's folder:\n{}", diffs.join("\n"));
    // A spec copied into a folder commspec wrote is protected too (the marker is there).
    let out = tmp.join("out");
    build_ok(&[&spec], &out);
    let copied = out.join("demo/copy.yaml");
    fs::copy(&spec, &copied).expect("copy spec");
    let result = build_into(&[&copied], &out);
    assert_eq!(code(&result), 2, "{}", stderr(&result));
    assert_eq!(fs::read(&copied).expect("spec kept"), fs::read(&spec).expect("spec"));
    // An output folder inside the spec's folder is fine: it does not hold the spec.
    build_ok(&[&spec], &comm.join("demo/out"));
    assert!(comm.join("demo/out/demo/plan.json").is_file() && spec.is_file());
}

#[test]
fn a_folder_commspec_did_not_write_is_never_replaced() {
    let tmp = TempDir::new("foreign");
    let out = tmp.join("out");
    fs::create_dir_all(out.join("demo")).expect("folder");
    fs::write(out.join("demo/notes.md"), "mine").expect("write");
    let demo = base_spec(&tmp.join("specs/a.yaml"), "demo");
    let other = base_spec(&tmp.join("specs/b.yaml"), "other");
    let before = snapshot(&out);
    let result = build_into(&[&demo, &other], &out);
    assert_eq!(code(&result), 2, "{}", stderr(&result));
    let err = stderr(&result);
    assert!(err.contains("was not written by commspec") && err.contains(".commspec-build"), "{err}");
    assert!(err.contains(&out.join("demo").display().to_string()), "names the folder: {err}");
    // All or nothing: the other community is not written either.
    let diffs = tree_diff(&before, &snapshot(&out));
    assert!(diffs.is_empty(), "a refused build changed the output:\n{}", diffs.join("\n"));
    // An empty folder holds nothing to lose; commspec marks every folder it writes.
    fs::remove_file(out.join("demo/notes.md")).expect("remove");
    build_ok(&[&demo, &other], &out);
    for id in ["demo", "other"] {
        let marker = fs::read_to_string(out.join(id).join(".commspec-build")).expect("marker");
        assert!(marker.contains(&format!("`{id}`")), "{marker}");
    }
    // A marked folder is replaced whole; without its marker it is the user's again.
    fs::write(out.join("demo/notes.md"), "mine").expect("write");
    build_ok(&[&demo], &out);
    assert!(!out.join("demo/notes.md").exists(), "a stale file survived the replacement");
    fs::remove_file(out.join("demo/.commspec-build")).expect("remove marker");
    assert_eq!(code(&build_into(&[&demo], &out)), 2);
    assert!(out.join("demo/plan.json").is_file());
}

#[cfg(unix)]
#[test]
fn dangerous_output_folders_are_judged_where_they_lead() {
    let tmp = TempDir::new("dangerous");
    let home = tmp.join("home");
    fs::create_dir_all(&home).expect("home");
    fs::write(home.join("keep.txt"), "keep").expect("write");
    let repo_root = tmp.join("repo");
    fs::create_dir_all(repo_root.join(".git")).expect("repo");
    std::os::unix::fs::symlink(&home, tmp.join("link")).expect("symlink");
    let spec = base_spec(&tmp.join("specs/spec.yaml"), "demo");
    let cases = [
        (home.join("new/.."), "home folder"),
        (home.join("new/./deeper/../../"), "home folder"),
        (tmp.join("link"), "home folder"),
        (tmp.join("link/new/.."), "home folder"),
        (repo_root.join("x/.."), "repository root"),
    ];
    for (out, why) in cases {
        let result = Command::new(env!("CARGO_BIN_EXE_commspec"))
            .args([OsStr::new("build"), spec.as_os_str(), OsStr::new("-o"), out.as_os_str()])
            .env("HOME", &home)
            .output()
            .expect("run commspec");
        assert_eq!(code(&result), 2, "-o {}: {}", out.display(), stderr(&result));
        assert!(stderr(&result).contains(why), "-o {}: {}", out.display(), stderr(&result));
    }
    let names = |dir: &Path| -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .expect("read")
            .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };
    assert_eq!(names(&home), ["keep.txt"], "something was written into the home folder");
    assert_eq!(names(&repo_root), [".git"], "something was written into the repository root");
}

/// Makes `file` impossible to remove, as far as this machine allows: `chattr +i` (root, on
/// file systems that have it), else a read-only parent folder (anyone but root). Undone on drop.
#[cfg(unix)]
struct Undeletable {
    root: PathBuf,
    chattr: bool,
}

#[cfg(unix)]
impl Undeletable {
    fn new(file: &Path, root: &Path) -> Option<Undeletable> {
        use std::os::unix::fs::PermissionsExt;
        let chattr = Command::new("chattr").arg("+i").arg(file).output().is_ok_and(|o| o.status.success());
        let guard = Undeletable { root: root.to_path_buf(), chattr };
        if chattr && fs::OpenOptions::new().append(true).open(file).is_err() {
            return Some(guard);
        }
        let parent = file.parent().expect("parent");
        fs::set_permissions(parent, fs::Permissions::from_mode(0o555)).expect("chmod");
        let probe = parent.join("probe");
        if fs::write(&probe, "").is_err() {
            return Some(guard);
        }
        let _ = fs::remove_file(probe);
        None
    }
}

#[cfg(unix)]
impl Drop for Undeletable {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.chattr {
            let _ = Command::new("chattr").arg("-R").arg("-i").arg(&self.root).output();
        }
        fn writable(dir: &Path) {
            let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
            for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    writable(&entry.path());
                }
            }
        }
        writable(&self.root);
    }
}

#[cfg(unix)]
#[test]
fn an_old_output_that_resists_removal_is_left_and_swept_later() {
    let tmp = TempDir::new("undeletable");
    let out = tmp.join("out");
    let spec = base_spec(&tmp.join("spec.yaml"), "demo");
    build_ok(&[&spec], &out);
    let group = fs::read_dir(out.join("demo"))
        .expect("read")
        .map(|e| e.expect("e").path())
        .find(|p| p.is_dir())
        .expect("a group folder");
    let Some(guard) = Undeletable::new(&group.join("sop.md"), tmp.path()) else {
        eprintln!("skipped: no way to make a file undeletable here");
        return;
    };
    let leftovers = || -> Vec<String> {
        fs::read_dir(&out)
            .expect("read")
            .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
            .filter(|n| n != "demo")
            .collect()
    };
    // The swap is done: the new output is in place, the old copy is a leftover with a warning.
    for _ in 0..2 {
        fs::write(out.join("demo/notes.md"), "stale").expect("write");
        let result = build_into(&[&spec], &out);
        assert_eq!(code(&result), 0, "{}", stderr(&result));
        assert!(stderr(&result).contains("warning: could not remove the previous output"), "{}", stderr(&result));
        assert!(!out.join("demo/notes.md").exists() && out.join("demo/.commspec-build").is_file());
        let left = leftovers();
        assert!(left.len() == 1 && left[0].starts_with(".commspec-old-demo-"), "{left:?}");
        assert!(!out.join(&left[0]).join(".commspec-build").exists(), "a half-removed copy keeps its marker");
    }
    // Once removal works again, the next build sweeps the leftover.
    drop(guard);
    let result = build_into(&[&spec], &out);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    assert!(!stderr(&result).contains("warning"), "{}", stderr(&result));
    assert_eq!(leftovers(), Vec::<String>::new());
}

/// `commspec build ARGS -o out` in `dir`, under the hang limit of `tests/common`.
fn build_in(dir: &Path, args: &[&str]) -> common::Run {
    let mut cmd = common::commspec(&[&["build"][..], args, &["-o", "out"]].concat());
    cmd.current_dir(dir).env("NO_COLOR", "1");
    common::exec(cmd)
}

#[test]
fn a_spec_build_would_refuse_stops_every_spec_before_anything_is_written() {
    let tmp = TempDir::new("all-or-nothing");
    let base = fs::read_to_string(repo().join("tests/data/base.yaml")).expect("base spec");
    fs::write(tmp.join("a.yaml"), &base).expect("write");
    // A community id too long for a folder: `check` passed it, and `build` wrote `a.yaml`'s
    // community before refusing this one, unlocated, with exit status 2.
    let long = "a".repeat(65);
    fs::write(tmp.join("b.yaml"), base.replacen("  id: demo", &format!("  id: {long}"), 1)).expect("write");
    fs::write(tmp.join("c.yaml"), base.replacen("  id: demo", "  id: later", 1)).expect("write");
    let run = build_in(tmp.path(), &["a.yaml", "b.yaml", "c.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("invalid-value") && run.stderr.contains("[b.yaml:5:7]"), "located: {}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!tmp.join("out").exists(), "a refused build wrote something");
    // At the limit, every spec is built.
    fs::write(tmp.join("b.yaml"), base.replacen("  id: demo", &format!("  id: {}", &long[1..]), 1)).expect("write");
    let run = build_in(tmp.path(), &["a.yaml", "b.yaml", "c.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(tmp.join("out").join(&long[1..]).join("plan.json").is_file());
}

#[test]
fn one_spec_named_twice_is_built_once_and_one_id_in_two_files_is_located() {
    let tmp = TempDir::new("same-id");
    let base = fs::read_to_string(repo().join("tests/data/base.yaml")).expect("base spec");
    fs::create_dir(tmp.join("specs")).expect("mkdir");
    fs::write(tmp.join("specs/a.yaml"), &base).expect("write");
    let run = build_in(tmp.path(), &["specs/a.yaml", "./specs/a.yaml", "specs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.matches("built ").count(), 1, "{}", run.stdout);
    // Another file with the same id: located at its `community.id`, naming the first file.
    fs::write(tmp.join("specs/b.yaml"), &base).expect("write");
    fs::remove_dir_all(tmp.join("out")).expect("clean");
    let run = build_in(tmp.path(), &["specs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("duplicate-id"), "{}", run.stderr);
    assert!(run.stderr.contains("community id `demo` is already used by `specs/a.yaml`"), "{}", run.stderr);
    assert!(run.stderr.contains("[specs/b.yaml:5:7]"), "located: {}", run.stderr);
    assert!(!tmp.join("out").exists(), "a refused build wrote something");
}

// ---------------------------------------------------------------------------------------------
// 7. Folder-name safety
// ---------------------------------------------------------------------------------------------

#[test]
fn hostile_group_names_stay_inside_the_community_folder() {
    let tmp = TempDir::new("names");
    let out = tmp.join("out");
    build_ok(&[&repo().join("tests/data/build/hostile-names.yaml")], &out);
    // Nothing escaped: the output holds only the community folder.
    let top: Vec<String> =
        fs::read_dir(&out).expect("out").map(|e| e.expect("e").file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(top, ["hostile-names"]);
    let root = tmp.path().read_dir().expect("tmp").count();
    assert_eq!(root, 1, "something was written beside the output folder");
    let community = out.join("hostile-names");
    let plan: Json = serde_json::from_slice(&fs::read(community.join("plan.json")).expect("plan")).expect("json");
    let groups = plan["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 11);
    assert!(
        groups.iter().any(|g| g["name"] == "../x")
            && groups.iter().any(|g| g["name"].as_str().is_some_and(|n| n.chars().count() == 300))
    );
    let mut seen = BTreeSet::new();
    for g in groups {
        let folder = string(&g["folder"]);
        assert!(seen.insert(folder.clone()), "folder {folder} is not unique");
        assert!(
            !folder.contains(['/', '\\']) && !folder.contains("..") && !folder.chars().any(char::is_control),
            "unsafe folder {folder:?}"
        );
        assert!(!folder.starts_with('.') && !folder.ends_with(['.', ' ']), "hidden or trailing-dot folder {folder:?}");
        assert!(folder.len() <= 255, "folder name too long: {} bytes", folder.len());
        let path = community.join(&folder);
        assert!(path.is_dir(), "{folder} not written");
        assert_eq!(
            fs::canonicalize(path.parent().expect("parent")).expect("c"),
            fs::canonicalize(&community).expect("c")
        );
        assert!(path.join("sop.md").is_file());
    }
    // Beside `people/`, which no group key can be (a key ends in its number).
    let on_disk = fs::read_dir(&community)
        .expect("community")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().is_dir() && e.file_name() != "people"))
        .count();
    assert_eq!(on_disk, 11, "one folder per group");
}

// ---------------------------------------------------------------------------------------------
// 8. Workload arithmetic
// ---------------------------------------------------------------------------------------------

/// tests/data/build/workload.yaml: 4 groups, 7 days (Mon 2027-03-01 – Sun 2027-03-07).
///
/// owner (staff a, b; max_groups 2; per_group 1):
///   seats = 4 groups × 1 = 4; people_needed = ⌈4 ÷ max_groups 2⌉ = 2;
///   groups_per_person = ⌈4 seats ÷ 2 staff⌉ = 2.
///   Dated tasks per group: `every: day 08:00` × 7 + `day 1 20:00` + `day 3 21:00` = 9;
///   day 1 and day 3 have 2, the others 1 → peak 2, mean 9 ÷ 7 = 1.2857 → 1.29.
///   Per person (2 groups): peak 2 × 2 = 4, mean 18 ÷ 7 = 2.571 → 2.57.
///   per_member_steps = 1 (the after_join greeting; not in the daily counts).
/// cheer (no staff, no max_groups; per_group 2): seats 8, one person per seat → 8 people,
///   1 group each; one task (day 2) → peak 1, mean 1 ÷ 7 = 0.14, the same per person.
/// advisor (staff x, y, z; no max_groups): seats 4, people_needed = the 3 named,
///   groups_per_person = ⌈4 ÷ 3⌉ = 2; `every: [mon, thu]` → days 1 and 4 → peak 1,
///   mean 2 ÷ 7 = 0.29; per person peak 2, mean 4 ÷ 7 = 0.57.
/// staffing: people_needed 2 + 8 + 3 = 13; people_named 2 + 0 + 3 = 5.
#[test]
fn workload_matches_the_hand_computed_case() {
    let c = compile(&repo().join("tests/data/build/workload.yaml"));
    let role =
        |id: &str| c.plan["roles"].as_array().expect("roles").iter().find(|r| r["id"] == id).cloned().expect("role");
    let load = |peak: u64, mean: f64| serde_json::json!({ "peak": peak, "mean": mean });
    let owner = role("owner");
    assert_eq!(owner["seats"], 4);
    assert_eq!(owner["people_needed"], 2);
    assert_eq!(owner["groups_per_person"], 2);
    assert_eq!(owner["tasks_per_group"], load(2, 1.29));
    assert_eq!(owner["tasks_per_person"], load(4, 2.57));
    assert_eq!(owner["per_member_steps"], 1);
    let cheer = role("cheer");
    assert_eq!((cheer["per_group"].clone(), cheer["seats"].clone()), (2.into(), 8.into()));
    assert_eq!(cheer["max_groups"], Json::Null);
    assert_eq!(cheer["people_needed"], 8);
    assert_eq!(cheer["groups_per_person"], 1);
    assert_eq!(cheer["tasks_per_group"], load(1, 0.14));
    assert_eq!(cheer["tasks_per_person"], load(1, 0.14));
    assert_eq!(cheer["per_member_steps"], 0);
    let advisor = role("advisor");
    assert_eq!(advisor["seats"], 4);
    assert_eq!(advisor["people_needed"], 3);
    assert_eq!(advisor["groups_per_person"], 2);
    assert_eq!(advisor["tasks_per_group"], load(1, 0.29));
    assert_eq!(advisor["tasks_per_person"], load(2, 0.57));
    assert_eq!(c.plan["staffing"], serde_json::json!({ "groups": 4, "people_needed": 13, "people_named": 5 }));
    assert_eq!(c.schedule().len(), 9 + 1 + 2);
    assert_eq!(c.schedule()[0]["weekday"], "周一", "2027-03-01 is a Monday");
    assert_eq!(c.schedule().last().expect("task")["date"], "2027-03-07");
    let readme = text(c.file("README.md"));
    assert!(readme.contains("| 群主 | 群主 | 1 | 4 | 2 | 2 | 2 / 1.29 |"), "{readme}");
    assert!(readme.contains("合计需要 13 人，spec 中已指定 5 人"));
    // Per person: owner a carries groups 1–2 (9 tasks each, 2 on days 1 and 3); advisor x
    // carries groups 1–2 of 4 (⌈4 ÷ 3⌉ = 2), y and z one each.
    let people = c.plan["people"].as_array().expect("people");
    let ids: Vec<String> = people.iter().map(|p| string(&p["userid"])).collect();
    assert_eq!(ids, ["a", "b", "x", "y", "z"]);
    let person = |id: &str| people.iter().find(|p| p["userid"] == id).cloned().expect("person");
    assert_eq!(person("a")["groups"], serde_json::json!(["1", "2"]));
    assert_eq!(person("a")["tasks_per_day"], load(4, 2.57));
    assert_eq!(person("b")["groups"], serde_json::json!(["3", "4"]));
    assert_eq!(person("x")["groups"], serde_json::json!(["1", "2"]));
    assert_eq!(person("x")["tasks_per_day"], load(2, 0.57));
    assert_eq!(person("z")["groups"], serde_json::json!(["4"]));
    assert_eq!(person("z")["tasks_per_day"], load(1, 0.29));
    assert_eq!(c.groups()[2]["staff"], serde_json::json!({ "owner": ["b"], "advisor": ["y"] }));
    assert!(readme.contains("| a | owner | 2 个群（#1–2） | 4 / 2.57 |"), "{readme}");
    // Every task names the group's person; the crew without staff keeps its title.
    let md = text(c.file(&format!("{}/sop.md", string(&c.groups()[2]["folder"]))));
    assert!(md.contains("| 08:00 | 群主（b） |") && !md.contains("群主（a"), "{md}");
    assert!(md.contains("| 12:00 | 气氛组 |"), "{md}");
    let checklist = text(c.file(&format!("{}/checklist.md", string(&c.groups()[0]["folder"]))));
    assert!(checklist.contains("- [ ] 指定群主：a\n"), "{checklist}");
}

/// A moments (朋友圈) post is the person's own: advisor x, carrying 2 groups, posts once per
/// step and day, not once per group (the same spec as above, the advisor's step on moments).
#[test]
fn moments_count_once_per_person() {
    let spec = std::fs::read_to_string(repo().join("tests/data/build/workload.yaml")).expect("spec");
    let step = "      when: {every: [mon, thu], at: \"19:00\"}\n      channel: group\n";
    assert!(spec.contains(step));
    let spec = spec.replace(step, &step.replace("group", "moments"));
    let dir = TempDir::new("moments");
    let path = dir.path().join("moments.yaml");
    std::fs::write(&path, spec).expect("write");
    let c = compile(&path);
    let x = c.plan["people"].as_array().expect("people").iter().find(|p| p["userid"] == "x").cloned().expect("x");
    assert_eq!(x["groups"], serde_json::json!(["1", "2"]));
    assert_eq!(x["tasks_per_day"], serde_json::json!({ "peak": 1, "mean": 0.29 }));
}

// ---------------------------------------------------------------------------------------------
// 9. render
// ---------------------------------------------------------------------------------------------

#[test]
fn render_prints_what_build_writes() {
    let tmp = TempDir::new("render");
    let out = tmp.join("out");
    let flash = "examples/flash.yaml";
    build_ok(&[&repo().join(flash)], &out);
    let community = out.join("zhiyan-double11");
    let built = |rel: &str| fs::read(community.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let render = |args: &[&str]| {
        let result = commspec([&["render", flash][..], args].concat());
        assert_eq!(code(&result), 0, "render {args:?}: {}", stderr(&result));
        result.stdout
    };
    assert_eq!(render(&["announcement"]), built("1/announcement.txt"), "default is group 1");
    assert_eq!(render(&["announcement", "--group", "2"]), built("2/announcement.txt"));
    assert_eq!(render(&["announcement.txt", "--group", "植研社双11快闪3群"]), built("3/announcement.txt"));
    assert_eq!(render(&["sop.ics", "--group", "4"]), built("4/sop.ics"));
    assert_eq!(render(&["sop.csv", "-g", "5"]), built("5/sop.csv"));
    for artifact in ["welcome", "sop.md", "checklist"] {
        let file = commspec::build::Artifact::parse(artifact).expect("an artifact").file_name();
        assert_eq!(render(&[artifact, "--group", "3"]), built(&format!("3/{file}")), "{artifact}");
    }
    assert_eq!(render(&["plan.json"]), built("plan.json"));
    assert_eq!(render(&["README.md"]), built("README.md"));
    assert_eq!(render(&["setup.md"]), built("setup.md"));
    assert_eq!(render(&["all-sop.csv"]), built("sop.csv"));
    for (args, why) in [
        (&["announcement", "--group", "6"][..], "group number out of range"),
        (&["announcement", "--group", "不存在的群"][..], "unknown group name"),
        (&["announcement", "--group", "0"][..], "group 0"),
        (&["poster"][..], "unknown artifact"),
    ] {
        let result = commspec([&["render", flash][..], args].concat());
        assert_eq!(code(&result), 2, "{why}: {}", stderr(&result));
        assert!(result.stdout.is_empty(), "{why}: printed something");
        assert!(stderr(&result).starts_with("error: "), "{why}: {}", stderr(&result));
    }
    // The workbook is binary: never printed to a terminal, and the refusal says where it is.
    let result = commspec(["render", flash, "sop.xlsx"]);
    assert_eq!(code(&result), 2, "{}", stderr(&result));
    assert!(result.stdout.is_empty(), "printed the workbook");
    assert!(stderr(&result).contains("`sop.xlsx` is a spreadsheet, not text: `commspec build` writes it"));
}

/// Texts that are valid but look like an attack on the files built from them: a formula, a
/// formula behind a tab, raw HTML in a name, a message whose second line would be a Markdown
/// heading. Each file neutralises them for its format.
#[test]
fn hostile_looking_texts_are_neutralised_in_every_file() {
    let base = fs::read_to_string(repo().join("tests/data/base.yaml")).expect("base spec");
    let spec = base
        .replace("  name: 演示社群", "  name: \"<script>alert(1)</script>社群\"")
        .replace("  slogan: 每周一次福利", "  slogan: \"<img src=x onerror=alert(1)>\"")
        .replace("    title: 管理员", "    title: \"-2+3\"")
        .replace("      title: 开群问候", "      title: \"=cmd|' /C calc'!A0\"")
        .replace("      message: 本群明天解散", "      message: \"\\t=1+1\\n# 不是标题\\n<b>x</b>|\\\\\"");
    let dir = TempDir::new("hostile-texts");
    let path = dir.join("hostile.yaml");
    fs::write(&path, spec).expect("write spec");
    build_ok(&[&path], &dir.join("out"));
    let community = dir.join("out/demo");
    let group = community.join("1");
    let read = |p: PathBuf| fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));

    let csv = read(group.join("sop.csv"));
    let records = parse_csv(csv.trim_start_matches('\u{feff}'), "hostile sop.csv");
    let fields: Vec<&String> = records.iter().skip(1).flatten().collect();
    for want in ["'=cmd|' /C calc'!A0", "'-2+3", "'\t=1+1\n# 不是标题\n<b>x</b>|\\"] {
        assert!(fields.iter().any(|f| *f == want), "no field {want:?} in {fields:?}");
    }
    assert!(!fields.iter().any(|f| f.starts_with(['=', '+', '-', '@', '\t', '\r'])), "{fields:?}");

    let readme = read(community.join("README.md"));
    assert!(readme.starts_with("# &lt;script&gt;alert(1)&lt;/script&gt;社群 · 运营方案\n"), "{readme}");
    assert!(readme.contains("> &lt;img src=x onerror=alert(1)&gt;\n"), "{readme}");
    let sop = read(group.join("sop.md"));
    assert!(sop.contains("- 社群：&lt;script&gt;alert(1)&lt;/script&gt;社群（"), "{sop}");
    assert!(sop.contains("| \t=1+1<br># 不是标题<br>&lt;b&gt;x&lt;/b&gt;\\|\\\\ |"), "{sop}");
    let checklist = read(group.join("checklist.md"));
    for (name, md) in [("README.md", &readme), ("sop.md", &sop), ("checklist.md", &checklist)] {
        assert!(!md.replace("<br>", "").contains('<'), "{name}: raw HTML:\n{md}");
        assert!(!md.lines().any(|l| l.starts_with("# 不是标题")), "{name}: a heading from a message:\n{md}");
    }

    let ics = read(group.join("sop.ics"));
    assert!(ics.contains("SUMMARY:【群消息】演示1群 · =cmd|' /C calc'!A0\r\n"), "{ics}");
    assert!(!ics.chars().any(|c| c.is_control() && !matches!(c, '\r' | '\n' | '\t')), "{ics}");
}

// ---------------------------------------------------------------------------------------------
// 9. Group identities
// ---------------------------------------------------------------------------------------------

/// The base spec with a matrix of `cities` × grades 3 and 4, `count` groups each, and two
/// channel live codes.
fn matrix_spec(dir: &Path, cities: &str, count: u32) -> PathBuf {
    let spec = common::base_with(
        "  name: \"演示{{ n }}群\"\n  count: 2\n",
        &format!(
            "  name: \"{{{{ city }}}}{{{{ grade }}}}年级{{{{ n }}}}群\"\n  count: {count}\n  matrix:\n    city: [{cities}]\n    grade: [3, 4]\n"
        ),
    )
    .replace(
        "  methods: [invite]\n",
        "  methods: [invite, qrcode]\n  channels:\n    - { id: poster, name: 海报 }\n    - { id: friends, name: 老带新 }\n",
    );
    let path = dir.join(format!("matrix-{count}.yaml"));
    fs::write(&path, spec).expect("write spec");
    path
}

/// A built community: plan.json's groups and each group's calendar UIDs, by key.
fn identities(community: &Path) -> BTreeMap<String, (String, usize, BTreeSet<String>)> {
    let plan: Json = serde_json::from_slice(&fs::read(community.join("plan.json")).expect("plan")).expect("json");
    let groups = plan["groups"].as_array().expect("groups");
    groups
        .iter()
        .map(|g| {
            let folder = string(&g["folder"]);
            let ics = fs::read(community.join(&folder).join("sop.ics")).expect("sop.ics");
            let lines = parse_ics(&ics, &folder);
            let uids: BTreeSet<String> = lines.iter().filter(|l| l.name == "UID").map(|l| l.value.clone()).collect();
            let index = g["index"].as_u64().expect("index") as usize;
            (string(&g["key"]), (folder, index, uids))
        })
        .collect()
}

/// Adding a matrix value in front (every old group moves) and raising `count` leave every
/// old group's key, folder and calendar UIDs as they were: re-importing a calendar updates
/// the same group's events.
#[test]
fn a_growing_matrix_keeps_every_groups_folder_and_uids() {
    let tmp = TempDir::new("identity");
    let (before, after) = (tmp.join("before"), tmp.join("after"));
    build_ok(&[&matrix_spec(tmp.path(), "成都, 重庆", 2)], &before);
    build_ok(&[&matrix_spec(tmp.path(), "北京, 成都, \"K-12 班\", 重庆", 3)], &after);
    let (old, new) = (identities(&before.join("demo")), identities(&after.join("demo")));
    assert_eq!((old.len(), new.len()), (8, 24));
    assert!(old.contains_key("成都-3-1") && new.contains_key("K%2D12%20班-4-3"), "{:?}", new.keys());
    for (key, (folder, index, uids)) in &old {
        let (new_folder, new_index, new_uids) = &new[key];
        assert_ne!(index, new_index, "{key}: the group did not move, so the test proves nothing");
        assert_eq!(folder, new_folder, "{key}: folder");
        assert!(!uids.is_empty(), "{key}: no events");
        assert_eq!(uids, new_uids, "{key}: calendar UIDs");
        assert!(after.join("demo").join(folder).join("sop.ics").is_file());
    }
    let all: Vec<&String> = new.values().flat_map(|(_, _, uids)| uids).collect();
    assert_eq!(all.len(), all.iter().collect::<BTreeSet<_>>().len(), "UIDs repeat across groups");
}

/// setup.md: each channel gets one 「加入群聊」 code per 5 groups (the platform's limit), and
/// every group is served by exactly one code of each channel.
#[test]
fn setup_lists_join_codes_of_at_most_five_groups() {
    let tmp = TempDir::new("setup");
    build_ok(&[&matrix_spec(tmp.path(), "成都, 重庆, 西安", 2)], &tmp.join("out"));
    let community = tmp.join("out/demo");
    let setup = fs::read_to_string(community.join("setup.md")).expect("setup.md");
    let identities = identities(&community);
    assert_eq!(identities.len(), 12);
    for channel in ["海报", "老带新"] {
        let section = setup.split("\n### ").find(|s| s.starts_with(&format!("渠道「{channel}」"))).expect("channel");
        let codes: Vec<&str> = section.lines().filter(|l| l.starts_with("- [ ] 码")).collect();
        assert_eq!(codes.len(), 3, "{channel}: 12 groups need 3 codes:\n{section}");
        let mut served = Vec::new();
        for code in &codes {
            let keys: Vec<&str> = code.split('`').skip(1).step_by(2).collect();
            assert!((1..=5).contains(&keys.len()), "{code}");
            served.extend(keys);
        }
        served.sort_unstable();
        let mut want: Vec<&str> = identities.keys().map(String::as_str).collect();
        want.sort_unstable();
        assert_eq!(served, want, "{channel}: every group once");
    }
    let checklist = fs::read_to_string(community.join("成都-3-1/checklist.md")).expect("checklist");
    for moved in ["创建标签组", "创建渠道活码", "新建欢迎语", "敏感词"] {
        assert!(!checklist.contains(moved), "community-wide item {moved:?} left in a group's checklist");
    }
    assert!(checklist.contains("../setup.md"), "{checklist}");
}

// ---------------------------------------------------------------------------------------------
// 10. People: each person's agenda and calendar, the roster, moments once per person
// ---------------------------------------------------------------------------------------------

/// The independent specs with 12, 3 and 1 groups.
fn people_specs() -> Vec<Compiled> {
    ["twelve", "three", "one"].iter().map(|n| compile(&repo().join(format!("tests/data/people/{n}.yaml")))).collect()
}

/// What a person is to do, from plan.json alone: for each of their groups, that group's
/// tasks of their roles (one seat each); each moments task of a role they sit in, once.
/// Each as (UID, group name or none for moments, step, date).
fn tasks_of(c: &Compiled, person: &str) -> Vec<(String, Option<String>, String, String)> {
    let mut out = Vec::new();
    let mut moments = BTreeSet::new();
    for group in c.groups() {
        for task in c.schedule() {
            let people = strings(&group["staff"][string(&task["role"])]);
            if !people.iter().any(|p| p == person) {
                continue;
            }
            let (step, day, date) = (string(&task["step"]), &task["day"], string(&task["date"]));
            if task["channel"] == "moments" {
                if moments.insert((step.clone(), day.to_string())) {
                    out.push((format!("{}-{person}-{step}-d{day}@commspec", c.id()), None, step, date));
                }
                continue;
            }
            out.push((event_uid(c, group, task, Some(person)), Some(string(&group["name"])), step, date));
        }
    }
    out.sort();
    out
}

/// Every person named in `staff` gets `people/<id>/agenda.ics` and `agenda.md`: a valid
/// calendar holding exactly their tasks (each group's tasks of their roles, moments once),
/// each event's SUMMARY naming its group, and an agenda with the same rows by date.
#[test]
fn every_person_gets_exactly_their_tasks_across_their_groups() {
    for c in people_specs() {
        let people = c.plan["people"].as_array().expect("people");
        assert!(!people.is_empty(), "{}: nobody named", c.source);
        let folders: BTreeSet<&str> =
            c.files.keys().filter_map(|p| p.strip_prefix("people/")).filter_map(|p| p.split('/').next()).collect();
        let ids: BTreeSet<String> = people.iter().map(|p| string(&p["userid"])).collect();
        assert_eq!(folders, ids.iter().map(String::as_str).collect(), "{}: one folder per person named", c.source);
        let zone = string(&c.plan["timezone"]["name"]);
        for id in &ids {
            let what = format!("{}: people/{id}/agenda.ics", c.source);
            let lines = parse_ics(c.file(&format!("people/{id}/agenda.ics")), &what);
            let components = ics_components(&lines, &what);
            assert_eq!(components.last().map(|(k, _)| k.as_str()), Some("VCALENDAR"), "{what}: one calendar");
            assert_eq!(components.iter().filter(|(k, _)| k == "VCALENDAR").count(), 1, "{what}");
            assert_eq!(components.iter().filter(|(k, _)| k == "VTIMEZONE").count(), 1, "{what}");
            let want = tasks_of(&c, id);
            assert!(!want.is_empty(), "{what}: a person with nothing to do");
            let mut got = Vec::new();
            for (_, event) in components.iter().filter(|(k, _)| k == "VEVENT") {
                let uid = prop(event, "UID", &what).value.clone();
                let summary = ics_unescape(&prop(event, "SUMMARY", &what).value, &what);
                let description = ics_unescape(&prop(event, "DESCRIPTION", &what).value, &what);
                assert!(description.starts_with("执行人：") && description.contains(&format!("（{id}）")), "{what}");
                let start = prop(event, "DTSTART", &what);
                assert_eq!(start.params, [("TZID".to_string(), zone.clone())], "{what}");
                let task = want.iter().find(|t| t.0 == uid).unwrap_or_else(|| panic!("{what}: stray event {uid}"));
                assert_eq!(&start.value[..8], task.3.replace('-', ""), "{what}: {uid} on another day");
                match &task.1 {
                    Some(group) => assert!(summary.contains(&format!("】{group} · ")), "{what}: {summary}"),
                    None => assert!(summary.starts_with("朋友圈") || summary.starts_with("【朋友圈】"), "{what}"),
                }
                got.push(uid);
            }
            let unique: BTreeSet<&String> = got.iter().collect();
            assert_eq!(unique.len(), got.len(), "{what}: an event twice");
            assert_eq!(got.len(), want.len(), "{what}: events vs the person's tasks");

            let what = format!("{}: people/{id}/agenda.md", c.source);
            let md = text(c.file(&format!("people/{id}/agenda.md")));
            check_markdown_tables(&c.source, &what, md);
            let rows: Vec<&str> =
                md.lines().filter(|l| l.starts_with("| ") && l.as_bytes()[2].is_ascii_digit()).collect();
            assert_eq!(rows.len(), want.len(), "{what}: rows vs the person's tasks");
            for (_, group, _, _) in &want {
                let cell = match group {
                    Some(name) => {
                        let key = c.groups().iter().find(|g| string(&g["name"]) == *name).map(|g| string(&g["key"]));
                        format!("| {name}（`{}`） |", key.unwrap_or_default())
                    }
                    None => "| 本人朋友圈 |".to_string(),
                };
                assert!(rows.iter().any(|r| r.contains(&cell)), "{what}: no row with {cell}");
            }
        }
    }
}

/// Moments are posted by a person: never in a group's files, once per person and post in the
/// person's calendar and in the community's CSV (a role without staff: once, under its title).
#[test]
fn moments_are_once_per_person_never_per_group() {
    for c in people_specs() {
        let moments: Vec<&Json> = c.schedule().iter().filter(|t| t["channel"] == "moments").collect();
        assert!(!moments.is_empty(), "{}: no moments to check", c.source);
        for group in c.groups() {
            let folder = string(&group["folder"]);
            for file in ["sop.csv", "sop.ics", "sop.md"] {
                let t = text(c.file(&format!("{folder}/{file}")));
                for m in &moments {
                    let title = string(&m["title"]);
                    let listed = t.lines().filter(|l| l.contains(&title)).count();
                    let allowed = usize::from(file == "sop.md");
                    assert!(listed <= allowed, "{}: {folder}/{file} lists moments {title}", c.source);
                }
            }
        }
        let merged = text(c.file("sop.csv"));
        let records = parse_csv(merged.trim_start_matches('\u{feff}'), "sop.csv");
        // sop.xlsx, the file to import, holds the same rows, moments included.
        let sheets = xlsx_sheets(c.file("sop.xlsx"));
        assert_eq!(sheets.concat().len(), records.len(), "{}: sop.xlsx rows", c.source);
        for m in &moments {
            let role = string(&m["role"]);
            let people: BTreeSet<String> = c.groups().iter().flat_map(|g| strings(&g["staff"][&role])).collect();
            let rows: Vec<&Vec<String>> = records
                .iter()
                .filter(|r| r[11] == csv_shown(&string(&m["title"])) && r[2] == string(&m["date"]))
                .collect();
            assert!(rows.iter().all(|r| r[0].is_empty() && r[1].is_empty()), "{}: moments name a group", c.source);
            if people.is_empty() {
                assert_eq!(rows.len(), 1, "{}: {role}'s moments once for the community", c.source);
                assert_eq!(rows[0][7], "", "{}", c.source);
            } else {
                let posters: Vec<&String> = rows.iter().map(|r| &r[7]).collect();
                assert_eq!(posters, people.iter().collect::<Vec<_>>(), "{}: once per person", c.source);
            }
        }
    }
}

/// `roster.csv` says what plan.json's `people` says: each person's roles, groups (names and
/// keys), group count and peak tasks per day.
#[test]
fn the_roster_matches_plan_json_people() {
    for c in people_specs() {
        let what = format!("{}: roster.csv", c.source);
        let t = text(c.file("roster.csv"));
        let records = parse_csv(t.strip_prefix('\u{feff}').expect("byte-order mark"), &what);
        assert_eq!(records[0], ["成员", "角色", "群数", "群名", "群标识", "每日任务峰值", "每日任务平均"], "{what}");
        let people = c.plan["people"].as_array().expect("people");
        assert_eq!(records.len() - 1, people.len(), "{what}: a row per person");
        let names: BTreeMap<String, String> =
            c.groups().iter().map(|g| (string(&g["key"]), csv_shown(&string(&g["name"])))).collect();
        let titles: BTreeMap<String, String> = c.plan["roles"]
            .as_array()
            .expect("roles")
            .iter()
            .map(|r| (string(&r["id"]), string(&r["title"])))
            .collect();
        for (row, p) in records[1..].iter().zip(people) {
            let keys = strings(&p["groups"]);
            assert!(keys.iter().all(|k| names.contains_key(k)), "{what}: plan.json people[].groups are group keys");
            let roles: Vec<&str> = strings(&p["roles"]).iter().map(|r| titles[r].as_str()).collect::<Vec<_>>().to_vec();
            let want = [
                string(&p["userid"]),
                roles.join("、"),
                keys.len().to_string(),
                keys.iter().map(|k| names[k].as_str()).collect::<Vec<_>>().join("；"),
                keys.join("；"),
                p["tasks_per_day"]["peak"].to_string(),
            ];
            assert_eq!(row[..6], want, "{what}");
        }
    }
}

/// Adding a matrix value (and the people its groups need) keeps every UID the people's
/// calendars had, though the balanced assignment moves people: re-importing a calendar
/// updates events instead of moving them to another group.
#[test]
fn people_calendar_uids_survive_a_growing_matrix() {
    let spec = fs::read_to_string(repo().join("tests/data/people/twelve.yaml")).expect("spec");
    let grown = spec
        .replace("city: [成都, 重庆]", "city: [成都, 重庆, 绵阳]")
        .replace("staff: [lead.a, lead.b]", "staff: [lead.a, lead.b, lead.c]")
        .replace("h.e, h.f]", "h.e, h.f, h.g, h.h, h.i]");
    assert_eq!(grown.matches("绵阳").count() + grown.matches("lead.c").count() + grown.matches("h.i").count(), 3);
    let dir = TempDir::new("people-grow");
    let path = dir.path().join("grown.yaml");
    fs::write(&path, grown).expect("write");
    let before = compile(&repo().join("tests/data/people/twelve.yaml"));
    let after = compile(&path);
    let uids = |c: &Compiled| -> BTreeSet<String> {
        c.files
            .iter()
            .filter(|(p, _)| p.starts_with("people/") && p.ends_with(".ics"))
            .flat_map(|(_, b)| {
                text(b).lines().filter_map(|l| l.strip_prefix("UID:")).map(str::to_string).collect::<Vec<_>>()
            })
            .collect()
    };
    let (old, new) = (uids(&before), uids(&after));
    // A two-seat role's events carry the seat (`-s2`), not its person, whom the balanced
    // assignment may move: those stay too.
    assert!(old.iter().filter(|u| u.contains("-review-") && u.ends_with("-s2@commspec")).count() >= 12);
    assert!(old.len() >= 12 * 7 + 12 + 3, "only {} UIDs checked", old.len());
    let lost: Vec<&String> = old.iter().filter(|u| !new.contains(*u)).collect();
    assert!(lost.is_empty(), "UIDs lost as the matrix grew: {lost:?}");
    assert!(new.len() > old.len());
}

/// With two team leads, each group's checklist says which groups its lead oversees, not
/// "all"; and plan.json's schedule no longer lists a role's whole pool as if all did each
/// task (a group's people are `groups[].staff`).
#[test]
fn a_lead_of_several_oversees_their_groups_only() {
    let c = compile(&repo().join("tests/data/people/twelve.yaml"));
    for (g, want) in [
        (0, "统筹其中 6 个群（名单见 ../roster.csv 中 lead.a）"),
        (11, "统筹其中 6 个群（名单见 ../roster.csv 中 lead.b）"),
    ] {
        let folder = string(&c.groups()[g]["folder"]);
        let checklist = text(c.file(&format!("{folder}/checklist.md")));
        assert!(checklist.contains(want) && !checklist.contains("统筹全部"), "{folder}: {checklist}");
    }
    assert!(c.schedule().iter().all(|t| t.get("staff").is_none()), "schedule lists a pool");
    assert_eq!(c.groups()[0]["staff"]["boss"], serde_json::json!(["lead.a"]));
}

/// The summary line counts in English singulars where there is one (Chinese has no plural).
#[test]
fn the_build_summary_says_one_group_in_the_singular() {
    let out = TempDir::new("one-group");
    let spec = repo().join("tests/data/people/one.yaml");
    let result = commspec([OsStr::new("build"), spec.as_os_str(), OsStr::new("-o"), out.path().as_os_str()]);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    let said = String::from_utf8_lossy(&result.stdout);
    assert!(said.contains("(1 group, 7 dated tasks per group, "), "{said}");
    let result = commspec([
        OsStr::new("--lang"),
        OsStr::new("zh"),
        OsStr::new("build"),
        spec.as_os_str(),
        OsStr::new("-o"),
        out.path().as_os_str(),
    ]);
    let said = String::from_utf8_lossy(&result.stdout);
    assert!(said.contains("（1 个群，每群 7 个定时任务，共 "), "{said}");
    // Cohorts of a staggered spec plan different numbers of tasks: the summary gives the range.
    let spec = repo().join("tests/data/build/stagger.yaml");
    let out = TempDir::new("stagger-summary");
    let result = commspec([OsStr::new("build"), spec.as_os_str(), OsStr::new("-o"), out.path().as_os_str()]);
    let said = String::from_utf8_lossy(&result.stdout);
    assert!(said.contains("(3 groups, 7–8 dated tasks per group, "), "{said}");
}

/// A channel with `where` gets codes over the groups it routes to only (at most 5 a code, in
/// group order), and plan.json names them by key; a channel without one serves every group.
#[test]
fn a_routed_channel_has_codes_over_its_matching_groups_only() {
    let tmp = TempDir::new("routed");
    let spec = fs::read_to_string(matrix_spec(tmp.path(), "成都, 重庆, 西安", 4)).expect("spec").replace(
        "    - { id: friends, name: 老带新 }\n",
        "    - { id: friends, name: 老带新 }\n    - { id: chengdu, name: 成都门店, where: { city: 成都 } }\n    \
         - { id: west, name: 西部四年级, where: { city: [重庆, 西安], grade: 4 } }\n",
    );
    let path = tmp.join("routed.yaml");
    fs::write(&path, spec).expect("write spec");
    build_ok(&[&path], &tmp.join("out"));
    let community = tmp.join("out/demo");
    let setup = fs::read_to_string(community.join("setup.md")).expect("setup.md");
    let plan: Json = serde_json::from_slice(&fs::read(community.join("plan.json")).expect("plan")).expect("json");
    let keys = |pick: &dyn Fn(&str) -> bool| -> Vec<String> {
        let all = plan["groups"].as_array().expect("groups").iter().map(|g| string(&g["key"]));
        all.filter(|k| pick(k)).collect()
    };
    let cases: [(&str, &str, Vec<String>, usize); 3] = [
        ("海报", "poster", keys(&|_| true), 5),
        ("成都门店", "chengdu", keys(&|k| k.starts_with("成都-")), 2),
        ("西部四年级", "west", keys(&|k| k.starts_with("重庆-4-") || k.starts_with("西安-4-")), 2),
    ];
    for (name, id, want, codes_needed) in cases {
        assert_eq!(
            want.len(),
            match id {
                "poster" => 24,
                _ => 8,
            },
            "{id}: the spec is not what the test means"
        );
        let section = setup.split("\n### ").find(|s| s.starts_with(&format!("渠道「{name}」"))).expect("channel");
        let codes: Vec<&str> = section.lines().filter(|l| l.starts_with("- [ ] 码")).collect();
        assert_eq!(codes.len(), codes_needed, "{name}:\n{section}");
        let mut served = Vec::new();
        for code in &codes {
            let keys: Vec<String> = code.split('`').skip(1).step_by(2).map(String::from).collect();
            assert!((1..=5).contains(&keys.len()), "{code}");
            served.extend(keys);
        }
        assert_eq!(served, want, "{name}: the groups it serves, in group order");
        let channel = plan["admission"]["channels"].as_array().expect("channels").iter().find(|c| c["id"] == id);
        assert_eq!(strings(&channel.expect("channel in plan")["groups"]), want, "{id}: plan.json's groups");
    }
}

// ---------------------------------------------------------------------------------------------
// 11. sop.xlsx: the exact texts for an import
// ---------------------------------------------------------------------------------------------

/// The worksheets of an xlsx file, in order, each a list of rows of cell texts (a cell the
/// writer left out, an empty text, is ""). Asserts what makes every cell text: an inline
/// string, never a formula (`<f>`), a number or a shared string (`<v>`).
fn xlsx_sheets(bytes: &[u8]) -> Vec<Vec<Vec<String>>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("sop.xlsx is a zip");
    let mut sheets = Vec::new();
    for n in 1.. {
        let Ok(mut entry) = zip.by_name(&format!("xl/worksheets/sheet{n}.xml")) else { break };
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut entry, &mut xml).expect("sheet XML is UTF-8");
        assert!(!xml.contains("<f>") && !xml.contains("<f ") && !xml.contains("<v>"), "not all text:\n{xml}");
        let data = xml.split("<sheetData>").nth(1).and_then(|d| d.split("</sheetData>").next()).expect("sheetData");
        let mut rows = Vec::new();
        for row in data.split("</row>").filter(|r| r.contains("<row ")) {
            let mut cells: Vec<String> = Vec::new();
            for cell in row.split("<c ").skip(1) {
                assert!(cell.contains(" t=\"inlineStr\""), "not a text cell: <c {cell}");
                let column = cell[cell.find("r=\"").expect("cell ref") + 3..]
                    .chars()
                    .take_while(char::is_ascii_uppercase)
                    .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1));
                let text = cell.split_once("<t").and_then(|(_, t)| t.split_once('>')).expect("<t>").1;
                cells.resize(column - 1, String::new());
                cells.push(xlsx_text(text.split("</t>").next().expect("</t>")));
            }
            rows.push(cells);
        }
        sheets.push(rows);
    }
    sheets
}

/// A cell's text as Excel reads it: XML entities, then `_xHHHH_` (a UTF-16 unit; `_x005F_` is
/// the `_` of a literal `_xHHHH_`), left to right.
fn xlsx_text(xml: &str) -> String {
    let xml = xml.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(at) = rest.find("_x") {
        let code = rest.get(at + 2..at + 6).filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()));
        match code.filter(|_| rest.get(at + 6..at + 7) == Some("_")) {
            Some(hex) => {
                out.push_str(&rest[..at]);
                out.push(char::from_u32(u32::from_str_radix(hex, 16).expect("hex")).expect("a character"));
                rest = &rest[at + 7..];
            }
            None => {
                out.push_str(&rest[..at + 2]);
                rest = &rest[at + 2..];
            }
        }
    }
    out + rest
}

/// Messages that a spreadsheet would run as formulas, with line breaks, a tab, XML's special
/// characters and text that looks like Excel's own `_xHHHH_` escape:
/// the CSV guards them with a `'`, sop.xlsx holds them exactly, as text, in the same rows
/// and columns as the community's sop.csv.
#[test]
fn sop_xlsx_holds_the_exact_texts_of_the_merged_csv() {
    let messages = [
        "@所有人 今晚 8 点直播",
        "=HYPERLINK(\"http://x\",\"点我\")",
        "+1 接龙",
        "-5 元券，先到先得",
        "\t缩进开头\n第二行",
        "_x0041_ 不是 A & <b>标签</b>",
    ];
    let steps: String = messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let yaml = serde_json::to_string(m).expect("a YAML string");
            format!(
                "    - id: s{i}\n      title: 第{i}条\n      when: {{day: {}, at: \"12:00\"}}\n      channel: group\n      \
                 role: owner\n      message: {yaml}\n",
                i + 2
            )
        })
        .collect();
    let base = fs::read_to_string(repo().join("tests/data/base.yaml")).expect("base spec");
    let spec = base.replace("      message: 本群明天解散\n", &format!("      message: 本群明天解散\n{steps}"));
    let dir = TempDir::new("xlsx-exact");
    let path = dir.join("exact.yaml");
    fs::write(&path, spec).expect("write spec");
    build_ok(&[&path], &dir.join("out"));
    let community = dir.join("out/demo");
    let sheets = xlsx_sheets(&fs::read(community.join("sop.xlsx")).expect("sop.xlsx"));
    assert_eq!(sheets.len(), 1, "one sheet");
    let rows = &sheets[0];
    let csv = fs::read_to_string(community.join("sop.csv")).expect("sop.csv");
    let records = parse_csv(csv.trim_start_matches('\u{feff}'), "merged sop.csv");
    assert_eq!(rows.len(), records.len(), "the same rows, the header included");
    let column = records[0].iter().position(|h| h == "消息内容").expect("a message column");
    let mut found = Vec::new();
    for (row, record) in rows.iter().zip(&records) {
        assert!(row.len() <= record.len(), "{row:?}");
        for (i, field) in record.iter().enumerate() {
            let cell = row.get(i).map_or("", String::as_str);
            // The CSV guards a formula with `'`.
            let guard = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            assert!(
                *field == cell || (guard && *field == format!("'{cell}")),
                "column {i}: xlsx {cell:?}, csv {field:?}"
            );
        }
        found.push(row.get(column).cloned().unwrap_or_default());
    }
    for m in messages {
        assert!(found.iter().any(|f| f == m), "no cell holds exactly {m:?}; message cells: {found:?}");
    }
    assert_eq!(rows[0].first().map(String::as_str), Some("群标识"), "the header first");
}

/// An import takes the exact texts: setup.md and every checklist send operators to sop.xlsx,
/// never to the guarded sop.csv, and people to their own calendars.
#[test]
fn operators_are_told_to_import_sop_xlsx_not_the_guarded_csv() {
    for c in compiled() {
        let setup = text(c.file("setup.md"));
        assert!(setup.contains("在 SCRM 工具的群SOP 中导入 sop.xlsx"), "{}: setup.md", c.source);
        for group in c.groups() {
            let folder = string(&group["folder"]);
            let checklist = text(c.file(&format!("{folder}/checklist.md")));
            assert!(!checklist.contains("sop.csv 导入"), "{folder}: {checklist}");
            assert!(checklist.contains(&format!(
                "../sop.xlsx 导入 SCRM 工具的群SOP（本群各行的群标识为 `{}`）",
                string(&group["key"])
            )));
            assert!(checklist.contains("../people/账号/agenda.ics"), "{folder}");
        }
    }
}

/// Monthly and phase-scoped repeats land on the calendar's dates: the 1st, the month's last
/// day (29 February in 2028), a 30th that February has not (its last day), and the days of
/// the phase only, `from_day`/`to_day` counted within it (tests/data/build/rhythm.yaml).
#[test]
fn monthly_and_phase_scoped_repeats_compile_to_their_dates() {
    let c = compile(&repo().join("tests/data/build/rhythm.yaml"));
    let got: Vec<(String, String, String)> =
        c.schedule().iter().map(|t| (string(&t["date"]), string(&t["time"]), string(&t["step"]))).collect();
    let want = [
        ("2028-01-15", "09:00", "hello"),
        ("2028-01-23", "07:00", "checkin"),
        ("2028-01-23", "21:00", "weekly-review"),
        ("2028-01-24", "07:00", "checkin"),
        ("2028-01-25", "07:00", "checkin"),
        ("2028-01-30", "12:00", "pay-day"),
        ("2028-01-30", "21:00", "weekly-review"),
        ("2028-01-31", "20:00", "month-end"),
        ("2028-02-01", "09:00", "member-day"),
        ("2028-02-01", "10:00", "checkin-month"),
        ("2028-02-06", "21:00", "weekly-review"),
        ("2028-02-29", "12:00", "pay-day"),
        ("2028-02-29", "20:00", "month-end"),
        ("2028-03-01", "09:00", "member-day"),
        ("2028-03-22", "10:00", "renew"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(d, t, s)| (d.to_string(), t.to_string(), s.to_string())).collect();
    assert_eq!(got, want);
    // Operators read the rhythm, in Chinese, as the step's label.
    let label = |step: &str| {
        let task = c.schedule().iter().find(|t| t["step"] == step).expect("step scheduled");
        string(&task["when_label"])
    };
    assert_eq!(label("member-day"), "每月1日 09:00");
    assert_eq!(label("month-end"), "每月最后一天 20:00");
    assert_eq!(label("checkin"), "打卡期每天 07:00（1月23日–1月25日）");
    assert_eq!(label("weekly-review"), "打卡期每周日 21:00");
}

/// Staggered cohorts (tests/data/build/stagger.yaml: groups 10 days apart from Tuesday
/// 2026-09-01): every dated file is on the group's own dates. A Monday repeat, the month's
/// last day and a phase land on other day numbers in each cohort; `wang` runs groups 1 and 2
/// and sees both cohorts' tasks on their real dates, his moments once per cohort.
#[test]
fn staggered_cohorts_compile_to_each_groups_own_dates() {
    let c = compile(&repo().join("tests/data/build/stagger.yaml"));
    // (group key, date, time, day, person, title) of a CSV's rows.
    let rows = |path: &str| -> Vec<String> {
        let csv = text(c.file(path)).trim_start_matches('\u{feff}');
        csv.lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                [f[0], f[2], f[3], f[5], f[7], f[11]].join(" ")
            })
            .collect()
    };
    let group_2 = [
        "2 2026-09-11 09:00 1 wang 开营仪式",
        "2 2026-09-14 07:00 4 wang 打卡启动",
        "2 2026-09-14 20:00 4 wang 周一共读",
        "2 2026-09-21 20:00 11 wang 周一共读",
        "2 2026-09-28 20:00 18 wang 周一共读",
        "2 2026-09-30 10:00 20 wang 结营通知",
        "2 2026-09-30 21:00 20 wang 月末书单",
    ];
    assert_eq!(rows("2/sop.csv"), group_2);
    let mut merged = vec![
        "1 2026-09-01 09:00 1 wang 开营仪式",
        "1 2026-09-04 07:00 4 wang 打卡启动",
        "1 2026-09-07 20:00 7 wang 周一共读",
        "1 2026-09-14 20:00 14 wang 周一共读",
        "1 2026-09-20 10:00 20 wang 结营通知",
        "1 2026-09-21 20:00 21 wang 周一共读",
        " 2026-09-02 12:00 2 wang 开营海报",
    ];
    merged.extend(group_2);
    merged.extend([
        " 2026-09-12 12:00 2 wang 开营海报",
        "3 2026-09-21 09:00 1 li 开营仪式",
        "3 2026-09-21 20:00 1 li 周一共读",
        "3 2026-09-24 07:00 4 li 打卡启动",
        "3 2026-09-28 20:00 8 li 周一共读",
        "3 2026-09-30 21:00 10 li 月末书单",
        "3 2026-10-05 20:00 15 li 周一共读",
        "3 2026-10-10 10:00 20 li 结营通知",
        " 2026-09-22 12:00 2 li 开营海报",
    ]);
    assert_eq!(rows("sop.csv"), merged);

    // wang's calendar: both cohorts' events on their dates, UIDs free of dates.
    let what = "people/wang/agenda.ics";
    let lines = parse_ics(c.file(what), what);
    let events: Vec<(String, String)> = ics_components(&lines, what)
        .iter()
        .filter(|(k, _)| k == "VEVENT")
        .map(|(_, e)| (prop(e, "UID", what).value.clone(), prop(e, "DTSTART", what).value.clone()))
        .collect();
    let event = |uid: &str, start: &str| (format!("reading-{uid}@commspec"), start.to_string());
    assert_eq!(events.len(), 15, "{events:?}");
    for want in [
        event("1-monday-d14", "20260914T200000"),
        event("2-monday-d4", "20260914T200000"),
        event("2-checkin-d4", "20260914T070000"),
        event("2-month-end-d20", "20260930T210000"),
        event("wang-c1-poster-d2", "20260902T120000"),
        event("wang-c2-poster-d2", "20260912T120000"),
    ] {
        assert!(events.contains(&want), "{want:?} not in {events:?}");
    }
    // The busiest real day is 14 September: a check-in start and two Monday readings.
    let wang = c.plan["people"].as_array().expect("people").iter().find(|p| p["userid"] == "wang").expect("wang");
    assert_eq!(wang["tasks_per_day"]["peak"], 3);
    // The mean spreads his 15 tasks over the days he works: 1 September to 1 October, 31 days.
    assert_eq!(wang["tasks_per_day"]["mean"], 0.48);
    let agenda = text(c.file("people/wang/agenda.md"));
    assert!(agenda.contains("## 2026-09-14 周一\n"), "{agenda}");

    // plan.json: each group's dates and cohort, the cohorts' own schedules.
    let dates: Vec<(String, String, String)> =
        c.groups().iter().map(|g| (string(&g["cohort"]), string(&g["start"]), string(&g["end"]))).collect();
    let want =
        [("1", "2026-09-01", "2026-09-21"), ("2", "2026-09-11", "2026-10-01"), ("3", "2026-09-21", "2026-10-11")];
    assert_eq!(dates, want.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())));
    assert_eq!(c.plan["lifecycle"]["stagger"], "10d");
    let cohorts = c.plan["cohorts"].as_array().expect("cohorts");
    assert_eq!(cohorts[1]["phases"][0]["from_date"], "2026-09-14");
    assert_eq!(&cohorts[0]["schedule"], &c.plan["schedule"]);
    for (g, cohort) in c.groups().iter().zip(cohorts) {
        let schedule = cohort["schedule"].as_array().expect("schedule");
        assert_eq!(g["messages"].as_array().map(Vec::len), Some(schedule.len()), "messages follow the cohort");
    }
    // The first message names the group's own launch date.
    assert_eq!(c.groups()[1]["messages"][0], "2026-09-11 开营啦");

    // What people read: the rhythm in the README, each group's dates in its own files.
    let readme = text(c.file("README.md"));
    assert!(
        readme.contains("- 分批开群：每 10 天开一个新群，第 1 群 2026-09-01 开群，第 3 群 2026-09-21 开群"),
        "{readme}"
    );
    assert!(readme.contains("| 2 | 读书营2期 | `2/` | 2026-09-11 | 2026-10-01 |"), "{readme}");
    let sop = text(c.file("3/sop.md"));
    assert!(sop.contains("- 服务期：2026-09-21 至 2026-10-11，共 21 天"), "{sop}");
    let checklist = text(c.file("2/checklist.md"));
    assert!(checklist.contains("## 一、开群前（第1天，2026-09-11之前）"), "{checklist}");
    assert!(checklist.contains("## 三、服务期结束（第21天，2026-10-01）"), "{checklist}");
    let announcement = text(c.file("2/announcement.txt"));
    assert!(announcement.contains("服务期：2026-09-11 至 2026-10-01，共21天"), "{announcement}");
}

/// A broken announcement template stops `render` of every artifact as it stops `build`: with
/// exit 1, the template named in one line, and nothing on stdout (it once printed an empty
/// announcement and exited 0).
#[test]
fn a_broken_announcement_template_fails_render_of_every_artifact() {
    let tmp = TempDir::new("broken-announcement");
    let templates = tmp.join("templates");
    fs::create_dir_all(&templates).expect("templates");
    fs::write(templates.join("announcement.txt.j2"), "{% for x in %}").expect("template");
    let course = repo().join("examples/course.yaml");
    for artifact in ["announcement", "welcome", "plan.json", "setup.md", "sop.md"] {
        let args = [
            OsStr::new("render"),
            course.as_os_str(),
            OsStr::new(artifact),
            OsStr::new("--templates"),
            templates.as_os_str(),
        ];
        let result = commspec(args);
        assert_eq!(code(&result), 1, "{artifact}: {}", stderr(&result));
        assert!(result.stdout.is_empty(), "{artifact}: printed {:?}", String::from_utf8_lossy(&result.stdout));
        let said = stderr(&result);
        let failed = said.lines().filter(|l| l.starts_with("error: ")).collect::<Vec<_>>();
        assert_eq!(failed.len(), 1, "{artifact}: {said}");
        assert!(failed[0].contains("template `announcement.txt.j2` failed: syntax error"), "{artifact}: {said}");
        assert!(failed[0].ends_with("(in announcement.txt.j2:1)"), "{artifact}: {said}");
    }
}
