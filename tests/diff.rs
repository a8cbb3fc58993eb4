//! `commspec diff` on real git repositories made in temporary folders: one spec committed,
//! then changed the ways reviewers meet (a time, a matrix value, a group's name, a message,
//! staff), compared with `--base HEAD` in all three formats; the exit codes; a spec broken on
//! one side; a renamed file; determinism; the JSON against its schema; a 1,000-group change.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Run, TempDir, exec};
use serde_json::Value;

/// The spec the tests change: the base spec with a city matrix (2 × 2 = 4 groups), an
/// admin's `max_groups` and a KPI target. It checks with no findings.
fn spec() -> String {
    let base = common::base();
    let spec = base
        .replacen(
            "  name: \"演示{{ n }}群\"\n  count: 2\n",
            "  name: \"{{ city }}演示{{ n }}群\"\n  count: 2\n  matrix:\n    city: [成都, 重庆]\n",
            1,
        )
        .replacen("    staff: [zhao, qian]\n", "    staff: [zhao, qian]\n    max_groups: 2\n", 1);
    assert_ne!(spec, base);
    spec + "kpis:\n  retention_rate: \">= 60%\"\n"
}

/// `spec()` with each `(from, to)` replaced once.
fn changed(edits: &[(&str, &str)]) -> String {
    let mut s = spec();
    for (from, to) in edits {
        assert_eq!(s.matches(from).count(), 1, "`{from}` must occur once");
        s = s.replacen(from, to, 1);
    }
    s
}

/// A git repository in a temporary folder, with no global or system configuration.
struct Repo(TempDir);

impl Repo {
    /// A repository holding `spec.yaml` = `text`, committed.
    fn with(text: &str) -> Repo {
        let repo = Repo(TempDir::new("diff"));
        repo.git(&["init", "-q"]);
        repo.0.write("spec.yaml", text);
        repo.commit();
        repo
    }

    fn git(&self, args: &[&str]) {
        let mut cmd = git(self.0.path());
        cmd.args(args);
        let run = exec(cmd);
        assert_eq!(run.code, 0, "git {args:?}: {}", run.stderr);
    }

    fn commit(&self) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", "spec"]);
    }

    fn write(&self, name: &str, text: &str) {
        self.0.write(name, text);
    }

    /// `commspec diff ARGS` in the repository.
    fn diff(&self, args: &[&str]) -> Run {
        let mut cmd = common::commspec(&[&["diff"], args].concat());
        cmd.current_dir(self.0.path()).env("NO_COLOR", "1");
        exec(cmd)
    }

    fn json(&self, args: &[&str]) -> Value {
        let run = self.diff(&[&["--format", "json"], args].concat());
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("diff --format json ({e}):\n{}", run.stdout))
    }
}

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(["-c", "user.name=commspec tests", "-c", "user.email=tests@example.com", "-c", "commit.gpgsign=false"])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z");
    cmd
}

fn first_line(run: &Run) -> &str {
    run.stdout.lines().next().unwrap_or_default()
}

#[test]
fn a_moved_time_is_moved_tasks_not_removed_and_added() {
    let repo = Repo::with(&spec());
    repo.write("spec.yaml", &changed(&[("at: \"09:00\"", "at: \"08:30\"")]));
    let run = repo.diff(&["--base", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first_line(&run), "4 tasks moved, 1 text changed");
    assert!(
        run.stdout.contains(
            "~ step `hello`: 4 tasks in 4 groups move from 09:00 to 08:30 (e.g. `成都-1`: 2027-03-01 09:00 → 2027-03-01 08:30)"
        ),
        "{}",
        run.stdout
    );
    // The announcement lists the schedule: its one changed line, once for the four groups.
    assert!(run.stdout.contains("~ the announcement changed in 4 groups\n"), "{}", run.stdout);
    assert!(run.stdout.contains("        · 3月1日（周一）[-09:00-]{+08:30+}　开群问候\n"), "{}", run.stdout);
    let json = repo.json(&["--base", "HEAD"]);
    assert_eq!(json["summary"]["tasks_moved"], 4);
    assert_eq!(json["summary"]["tasks_added"], 0);
    assert_eq!(json["summary"]["tasks_removed"], 0);
    let moved = &json["communities"][0]["tasks_moved"][0];
    assert_eq!(
        (moved["from_time"].as_str(), moved["to_time"].as_str(), moved["days"].as_i64()),
        (Some("09:00"), Some("08:30"), Some(0))
    );
}

#[test]
fn the_four_changes_of_the_issue_in_all_three_formats() {
    let repo = Repo::with(&spec());
    repo.write(
        "spec.yaml",
        &changed(&[
            ("at: \"09:00\"", "at: \"08:30\""),
            ("city: [成都, 重庆]", "city: [成都, 重庆, 西安]"),
            ("本群明天解散", "本群将于明天解散"),
            ("staff: [wang, li]", "staff: [wang, li, zhou]"),
        ]),
    );
    let human = repo.diff(&["--base", "HEAD", "--exit-code"]);
    assert_eq!(human.code, 1, "--exit-code with changes: {}", human.stderr);
    let summary =
        "+2 groups, 4 tasks added, 4 moved, 2 texts changed, 2 roles restaffed, 1 person reassigned, 1 new warning";
    assert_eq!(first_line(&human), summary);
    for line in [
        "    + 西安演示1群 (`西安-1`)",
        "    + 西安演示2群 (`西安-2`)",
        "    ~ step `hello`: 4 tasks in 4 groups move from 09:00 to 08:30 (e.g. `成都-1`: 2027-03-01 09:00 → 2027-03-01 08:30)",
        "    + step `bye`: 2 tasks in 2 groups added",
        "    ~ the message of step `bye` changed in 4 groups",
        "        本群{+将于+}明天解散",
        "    ~ role `owner`: 2 → 3 people needed, 2 → 3 named",
        "    + `zhou` gains 2 groups: 西安演示1群 (`西安-1`), 西安演示2群 (`西安-2`)",
    ] {
        assert!(human.stdout.lines().any(|l| l == line), "missing `{line}` in:\n{}", human.stdout);
    }
    assert!(human.stdout.contains("+ warning[understaffed] role `helper` fills 6 seats"), "{}", human.stdout);

    let md = repo.diff(&["--base", "HEAD", "--format", "markdown"]);
    assert_eq!(md.code, 0);
    assert!(md.stdout.starts_with("### commspec diff: what this change does to the plan\n\n"), "{}", md.stdout);
    assert!(md.stdout.contains("**+2 groups, 4 tasks added, 4 moved, 2 texts changed, 2 roles restaffed, 1 person reassigned, 1 new warning**"), "{}", md.stdout);
    assert!(md.stdout.contains("- ➕ 西安演示1群 (<code>西安\\-1</code>)"), "{}", md.stdout);
    assert!(md.stdout.contains("  ```text\n  本群{+将于+}明天解散\n  ```\n"), "{}", md.stdout);

    let zh = repo.diff(&["--base", "HEAD", "--lang", "zh"]);
    assert_eq!(
        first_line(&zh),
        "新增 2 个群，新增 4 个任务，移动 4 个，2 处文字改动，2 个角色人数变化，1 人负责的群有变化，1 条新警告"
    );

    let json = repo.json(&["--base", "HEAD"]);
    let s = &json["summary"];
    for (key, n) in [
        ("groups_added", 2),
        ("tasks_added", 4),
        ("tasks_moved", 4),
        ("texts_changed", 2),
        ("people_changed", 1),
        ("new_warnings", 1),
    ] {
        assert_eq!(s[key], n, "{key}: {s}");
    }
    let c = &json["communities"][0];
    assert_eq!(c["status"], "changed");
    assert_eq!(c["people"][0]["userid"], "zhou");
    let texts: Vec<&str> = c["texts"].as_array().unwrap().iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["announcement", "message"]);
}

#[test]
fn a_renamed_group_and_a_changed_template() {
    let repo = Repo::with(&spec());
    repo.write(
        "spec.yaml",
        &changed(&[
            ("{{ city }}演示{{ n }}群", "{{ city }}福利{{ n }}群"),
            ("欢迎{{ nickname }}加入", "欢迎{{ nickname }}来到"),
        ]),
    );
    let run = repo.diff(&["--base", "HEAD"]);
    assert_eq!(first_line(&run), "4 groups renamed, 2 texts changed");
    assert!(run.stdout.contains("    ~ `成都-1`: renamed 成都演示1群 → 成都福利1群\n"), "{}", run.stdout);
    // Each group's welcome names the group: four distinct changes, each shown once.
    assert!(
        run.stdout.contains("~ the welcome message changed in 4 groups (4 different changes) … and 1 more"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("        欢迎%NICKNAME%[-加入成都演示-]{+来到成都福利+}1群\n"), "{}", run.stdout);
}

#[test]
fn exit_codes_follow_git_diff() {
    let repo = Repo::with(&spec());
    let same = repo.diff(&["--base", "HEAD", "--exit-code"]);
    assert_eq!((same.code, same.stdout.as_str()), (0, "no changes\n"), "{}", same.stderr);
    repo.write("spec.yaml", &changed(&[("本群明天解散", "本群后天解散")]));
    assert_eq!(repo.diff(&["--base", "HEAD"]).code, 0, "changes without --exit-code");
    assert_eq!(repo.diff(&["--base", "HEAD", "--exit-code"]).code, 1);
    let bad = repo.diff(&["--base", "no-such-rev"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("no revision `no-such-rev`"), "{}", bad.stderr);
    assert!(bad.stdout.is_empty());
    let operands = repo.diff(&["spec.yaml"]);
    assert_eq!(operands.code, 2);
    assert!(operands.stderr.contains("give OLD and NEW"), "{}", operands.stderr);
    // Outside a repository git says why.
    let elsewhere = TempDir::new("diff-norepo");
    elsewhere.write("spec.yaml", spec());
    let mut cmd = common::commspec(&["diff", "--base", "HEAD"]);
    cmd.current_dir(elsewhere.path()).env("GIT_CEILING_DIRECTORIES", elsewhere.path().parent().unwrap());
    let run = exec(cmd);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("`git rev-parse HEAD` failed"), "{}", run.stderr);
}

#[test]
fn a_spec_broken_on_one_side_is_reported_not_a_crash() {
    let repo = Repo::with(&spec());
    repo.write("other.yaml", &spec().replace("id: demo", "id: other"));
    repo.commit();
    repo.write("spec.yaml", &changed(&[("role: helper", "role: nobody")]));
    repo.write("other.yaml", &spec().replace("id: demo", "id: other").replace("本群明天解散", "明天解散"));
    let run = repo.diff(&["--base", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first_line(&run), "1 spec with errors, 1 text changed");
    assert!(run.stdout.contains("community `demo` in spec.yaml (has errors)"), "{}", run.stdout);
    assert!(run.stdout.contains("    + the new spec does not compile: 1 error\n"), "{}", run.stdout);
    assert!(run.stdout.contains("error[unknown-reference]"), "{}", run.stdout);
    // The other community is still compared.
    assert!(run.stdout.contains("[-本群-]明天解散"), "{}", run.stdout);
    let json = repo.json(&["--base", "HEAD"]);
    let demo = json["communities"].as_array().unwrap().iter().find(|c| c["id"] == "demo").unwrap().clone();
    assert_eq!(demo["status"], "broken");
    assert_eq!(demo["new"]["errors"], 1);
    assert_eq!(demo["old"], Value::Null);
    // Not YAML at all: matched by its file.
    repo.write("spec.yaml", "commspec: [\n");
    let run = repo.diff(&["--base", "HEAD"]);
    assert!(run.stdout.contains("community `demo` in spec.yaml (has errors)"), "{}", run.stdout);
    assert!(!run.stdout.contains("-1 community"), "{}", run.stdout);
}

#[test]
fn a_renamed_file_is_matched_by_community_id() {
    let repo = Repo::with(&spec());
    repo.git(&["mv", "spec.yaml", "renamed.yaml"]);
    repo.write("renamed.yaml", &changed(&[("本群明天解散", "本群后天解散")]));
    let run = repo.diff(&["--base", "HEAD"]);
    assert_eq!(first_line(&run), "1 text changed");
    assert!(run.stdout.contains("community `demo` in spec.yaml → renamed.yaml\n"), "{}", run.stdout);
}

#[test]
fn two_folders_compare_like_a_revision() {
    let dir = TempDir::new("diff-folders");
    dir.write("old/a.yaml", spec());
    dir.write("new/b.yaml", changed(&[("city: [成都, 重庆]", "city: [成都]")]));
    dir.write("new/c.yaml", spec().replace("id: demo", "id: fresh"));
    let mut cmd = common::commspec(&["diff", "old", "new"]);
    cmd.current_dir(dir.path());
    let run = exec(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        first_line(&run),
        "+1 community, +4 groups, -2 groups, 8 tasks added, 4 removed, 1 role restaffed, 4 people reassigned"
    );
    assert!(run.stdout.contains("community `fresh` in new/c.yaml (new)"), "{}", run.stdout);
}

#[test]
fn output_is_byte_identical_across_runs_and_json_matches_its_schema() {
    let repo = Repo::with(&spec());
    repo.write(
        "spec.yaml",
        &changed(&[("city: [成都, 重庆]", "city: [成都, 西安]"), ("本群明天解散", "本群后天解散")]),
    );
    for format in ["human", "markdown", "json"] {
        let (a, b) =
            (repo.diff(&["--base", "HEAD", "--format", format]), repo.diff(&["--base", "HEAD", "--format", format]));
        assert_eq!(a.stdout, b.stdout, "{format} differs between runs");
    }
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(common::ROOT).join("schemas/diff.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let json = repo.json(&["--base", "HEAD"]);
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(json["summary"]["groups_added"], 2);
    assert_eq!(json["summary"]["groups_removed"], 2);
}

#[test]
fn hostile_texts_cannot_break_out_of_the_markdown() {
    let repo = Repo::with(&spec());
    let hostile = "</details><script>alert(1)</script> @everyone ``` [x](javascript:y)";
    repo.write("spec.yaml", &changed(&[("本群明天解散", hostile), ("title: 群主小王", "title: \"</details>@team\"")]));
    let md = repo.diff(&["--base", "HEAD", "--format", "markdown"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    // Outside fenced blocks: no raw tag, mention or link from the spec.
    let mut fence: Option<String> = None;
    for line in md.stdout.lines() {
        let trimmed = line.trim_start();
        match &fence {
            Some(f) if trimmed == f => fence = None,
            Some(_) => {}
            None if trimmed.starts_with("```") => fence = Some(trimmed.trim_end_matches("text").to_string()),
            None => {
                for bad in ["<script", "</details>@", "@everyone", "@team", "](javascript"] {
                    assert!(!line.contains(bad), "`{bad}` escaped the markdown: {line}");
                }
            }
        }
    }
    // The fence is longer than the text's own backticks.
    assert!(md.stdout.contains("  ````text\n"), "{}", md.stdout);
}

#[test]
fn a_thousand_groups_change_stays_short() {
    let many = changed(&[("count: 2", "count: 250"), ("city: [成都, 重庆]", "city: [成都, 重庆, 西安, 武汉]")]);
    let repo = Repo::with(&many);
    repo.write(
        "spec.yaml",
        &many.replacen("at: \"09:00\"", "at: \"07:30\"", 1).replacen("本群明天解散", "本群将于明天解散", 1),
    );
    let run = repo.diff(&["--base", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first_line(&run), "1,000 tasks moved, 2 texts changed".replace("1,000", "1000"));
    assert!(run.stdout.contains("1000 tasks in 1000 groups move from 09:00 to 07:30"), "{}", run.stdout);
    assert!(run.stdout.lines().count() <= 20, "{} lines:\n{}", run.stdout.lines().count(), run.stdout);
    let md = repo.diff(&["--base", "HEAD", "--format", "markdown"]);
    assert!(md.stdout.lines().count() <= 40, "{}", md.stdout);
    // Every group's every task was compared once (2 steps × 1,000 groups), and each distinct
    // text pair diffed once: the 1,000 announcements (each names its group) and one message.
    let json = repo.json(&["--base", "HEAD"]);
    assert_eq!(json["compared"]["tasks_compared"], 2000);
    assert_eq!(json["compared"]["texts_diffed"], 1001);
    let c = &json["communities"][0];
    assert_eq!(c["tasks_moved"][0]["groups"].as_array().map(Vec::len), Some(1000));
    assert_eq!(c["texts"][1]["variants"][0]["occurrences"], 1000);
    assert_eq!(c["texts"][1]["variants"].as_array().map(Vec::len), Some(1));

    // 250 new groups: listed in full in the JSON, folded in markdown, cut short on a terminal.
    repo.write("spec.yaml", &many.replacen("西安, 武汉]", "西安, 武汉, 长沙]", 1));
    let md = repo.diff(&["--base", "HEAD", "--format", "markdown"]);
    assert!(md.stdout.contains("\n<details><summary>groups (250)</summary>\n\n- ➕ 长沙演示1群"), "{}", md.stdout);
    assert_eq!(md.stdout.matches("</details>").count(), md.stdout.matches("<details>").count());
    let human = repo.diff(&["--base", "HEAD"]);
    assert!(human.stdout.contains("    … and 240 more\n"), "{}", human.stdout);
    assert!(human.stdout.lines().count() <= 40, "{}", human.stdout);
}
