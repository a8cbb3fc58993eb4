//! Builds that scale: a build of many groups is complete, and what a build holds at once does
//! not grow with the number of groups. Memory is the process's peak resident size (Linux's
//! `VmHWM`, reset through `/proc/self/clear_refs`), never a duration.

use std::collections::BTreeMap;
use std::fs;
use std::sync::Mutex;

use serde_json::Value as Json;

mod common;

use common::TempDir;

/// The tests of this file one at a time: the counts are the process's.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// `tests/data/base.yaml` with `groups` groups and a daily step whose message names its group
/// and day (rendered for every group and day) and then goes on for `padding` characters: 16
/// dated tasks per group.
fn spec(groups: usize, padding: usize) -> String {
    let message = format!("{{{{ group.name }}}}第{{{{ day }}}}天的题目：{{{{ step.title }}}}{}", "题".repeat(padding));
    common::base_with("  count: 2\n", &format!("  count: {groups}\n")).replacen(
        "  sop:\n",
        &format!(
            "  sop:\n    - id: daily\n      title: 每日一题\n      when: {{every: day, at: \"20:00\"}}\n      \
             channel: group\n      role: owner\n      message: \"{message}\"\n"
        ),
        1,
    )
}

/// The process's peak resident size since the last [`reset_peak`], in bytes (None where the
/// system does not tell).
fn peak() -> Option<usize> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: usize = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}

/// Starts a new peak at the present resident size (`proc(5)`, clear_refs: 5).
fn reset_peak() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// What a build handed on, counted and dropped at once, as `build` writes each file and
/// forgets it.
#[derive(Default)]
struct Counted {
    files: BTreeMap<String, usize>,
    bytes: usize,
}

impl commspec::build::Sink for Counted {
    type Error = std::convert::Infallible;

    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), Self::Error> {
        self.append(path, bytes)
    }

    fn append(&mut self, path: &str, bytes: &[u8]) -> Result<(), Self::Error> {
        *self.files.entry(path.to_string()).or_default() += bytes.len();
        self.bytes += bytes.len();
        Ok(())
    }
}

/// Checks and builds `text` as `build` does; returns the bytes of output and the process's
/// peak resident size meanwhile.
fn build_counted(text: &str) -> (usize, usize) {
    use commspec::{build, check, plan};
    assert!(reset_peak(), "the peak resident size can be reset on Linux");
    let templates = check::default_artifacts();
    let outcome = check::check_with(text, &check::Options::default(), Some(templates));
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let (loaded, analysis) = outcome.checked.expect("checked");
    let plan = plan::plan(&loaded.spec, &analysis);
    let mut out = Counted::default();
    build::build_into(text, &loaded, &analysis, &plan, templates, &mut out).expect("builds");
    (out.bytes, peak().expect("VmHWM"))
}

#[test]
fn what_a_build_holds_does_not_grow_with_its_groups() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // Templates compiled, and the allocator's heap grown, outside the counts.
    build_counted(&spec(50, 300));
    let (small, large) = (50, 250);
    let (bytes_small, peak_small) = build_counted(&spec(small, 300));
    let (bytes_large, peak_large) = build_counted(&spec(large, 300));
    let added_output = bytes_large - bytes_small;
    let per_group = bytes_large / large;
    assert!(per_group > 40_000, "a group's output is {per_group} bytes: too small to tell");
    // The extra groups add their names and folders to the plan (a few hundred bytes each),
    // never their output: holding it, or their texts, would add at least `added_output / 4`.
    let grown = peak_large.saturating_sub(peak_small);
    assert!(
        grown * 4 < added_output,
        "{} more groups held {grown} more bytes at the peak, for {added_output} more bytes of output \
         (peaks {peak_small} and {peak_large} bytes)",
        large - small
    );
}

#[test]
fn a_build_of_many_groups_is_complete() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let groups = 300;
    let dir = TempDir::new("scale");
    let path = dir.write("many.yaml", spec(groups, 0));
    let out = dir.join("out");
    let run = common::run_args(&["build", "-o", out.to_str().unwrap(), path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let community = out.join("demo");
    let plan: Json = serde_json::from_slice(&fs::read(community.join("plan.json")).unwrap()).expect("plan.json");
    let tasks = plan["schedule"].as_array().expect("schedule").len();
    assert_eq!(tasks, 16, "14 daily tasks, a greeting, a notice");
    let in_plan = plan["groups"].as_array().expect("groups");
    assert_eq!(in_plan.len(), groups);
    let mut folders: Vec<String> = fs::read_dir(&community)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir() && e.file_name() != "people")
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut named: Vec<&str> = in_plan.iter().map(|g| g["folder"].as_str().unwrap()).collect();
    named.sort_unstable();
    assert_eq!(folders, named);
    for (i, g) in in_plan.iter().enumerate() {
        let name = g["name"].as_str().unwrap();
        assert_eq!(name, format!("演示{}群", i + 1));
        // Every task's message, rendered for this group and its day.
        let messages = g["messages"].as_array().unwrap();
        assert_eq!(messages.len(), tasks);
        assert_eq!(messages[1], format!("{name}第1天的题目：每日一题").as_str(), "{g}");
        let folder = community.join(g["folder"].as_str().unwrap());
        let files: Vec<_> = fs::read_dir(&folder).unwrap().collect();
        assert_eq!(files.len(), 6, "{folder:?}");
        // A header and a row per task, in CRLF records; an event per task.
        let csv = fs::read_to_string(folder.join("sop.csv")).unwrap();
        assert_eq!(csv.matches("\r\n").count(), 1 + tasks, "{folder:?}");
        assert_eq!(csv.matches(&format!("{name}第14天的题目")).count(), 1, "{folder:?}");
        let ics = fs::read_to_string(folder.join("sop.ics")).unwrap();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), tasks, "{folder:?}");
    }
    // The community's files, the marker, and nothing left beside the output.
    for file in ["README.md", "plan.json", ".commspec-build"] {
        assert!(community.join(file).is_file(), "{file}");
    }
    let readme = fs::read_to_string(community.join("README.md")).unwrap();
    assert_eq!(readme.matches("| `").count(), groups, "a row per group");
    let beside: Vec<_> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["demo"]);
}
