//! End-to-end tests of the command line: exit statuses, rule levels and their order,
//! file discovery, the four output formats, and the `rules`, `explain` and `schema` commands.

mod common;

use commspec::diagnostics::Rule;
use commspec::i18n::Lang;

use std::collections::BTreeSet;
use std::path::Path;

use common::{TempDir, base, base_with, check_json, commspec, exec, line_of, run_args};
use serde_json::Value;

/// The base spec without its slogan: exactly one warning, `no-slogan`.
fn no_slogan_spec() -> String {
    base_with("  slogan: 每周一次福利\n", "")
}

/// The base spec with a type error: `capacity: 20x`.
fn wrong_type_spec() -> String {
    base_with("capacity: 200", "capacity: 20x")
}

/// One warning (`no-slogan`, at `community:`) and one error (`capacity-over-limit`, at `800`).
fn warning_and_error_spec() -> String {
    no_slogan_spec().replace("capacity: 200\n  active_target: 20\n", "capacity: 800\n  active_target: 100\n")
}

/// Writes the no-slogan spec and checks it with `flags`: (exit status, [(rule, severity)]).
fn no_slogan_with(flags: &[&str]) -> (i32, Vec<(String, String)>) {
    let dir = TempDir::new("levels");
    let path = dir.write("spec.yaml", no_slogan_spec());
    let run = check_json(&path, flags);
    let found = run
        .json()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["severity"].as_str().unwrap().to_string()))
        .collect();
    (run.code, found)
}

fn warning(rule: &str) -> (String, String) {
    (rule.to_string(), "warning".to_string())
}

fn error(rule: &str) -> (String, String) {
    (rule.to_string(), "error".to_string())
}

#[test]
fn examples_directory_passes() {
    let run = run_args(&["check", "examples/"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("no problems"), "{}", run.stdout);
    assert!(run.stdout.contains("checked 9 files"), "{}", run.stdout);
}

#[test]
fn every_example_has_zero_diagnostics() {
    let mut examples: Vec<_> = std::fs::read_dir(Path::new(common::ROOT).join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 8, "{examples:?}");
    for path in examples {
        let run = check_json(&path, &[]);
        assert_eq!(run.code, 0, "{}: {}", path.display(), run.stdout);
        assert!(run.json().is_empty(), "{}: {}", path.display(), run.stdout);
    }
}

#[test]
fn base_spec_is_clean() {
    let run = check_json(&Path::new(common::ROOT).join("tests/data/base.yaml"), &[]);
    assert_eq!((run.code, run.stdout.trim()), (0, "[]"));
}

#[test]
fn an_error_exits_1() {
    let dir = TempDir::new("error");
    let text = wrong_type_spec();
    let path = dir.write("spec.yaml", &text);
    let run = check_json(&path, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let items = run.json();
    assert_eq!(items.len(), 1, "{}", run.stdout);
    assert_eq!(items[0]["rule"], "wrong-type");
    assert_eq!(items[0]["line"], line_of(&text, "capacity: 20x"));
    assert_eq!(items[0]["column"], 13);
}

#[test]
fn warnings_alone_exit_0() {
    assert_eq!(no_slogan_with(&[]), (0, vec![warning("no-slogan")]));
}

#[test]
fn deny_warnings_makes_warnings_errors() {
    assert_eq!(no_slogan_with(&["-D", "warnings"]), (1, vec![error("no-slogan")]));
    assert_eq!(no_slogan_with(&["--deny", "warnings"]), (1, vec![error("no-slogan")]));
}

#[test]
fn allow_and_deny_one_rule() {
    assert_eq!(no_slogan_with(&["-A", "no-slogan"]), (0, vec![]));
    assert_eq!(no_slogan_with(&["-D", "no-slogan"]), (1, vec![error("no-slogan")]));
    assert_eq!(no_slogan_with(&["-A", "warnings"]), (0, vec![]));
}

#[test]
fn the_last_flag_wins_like_clippy() {
    assert_eq!(no_slogan_with(&["-A", "no-slogan", "-D", "no-slogan"]), (1, vec![error("no-slogan")]));
    assert_eq!(no_slogan_with(&["-D", "no-slogan", "-A", "no-slogan"]), (0, vec![]));
    assert_eq!(no_slogan_with(&["-D", "no-slogan", "-W", "no-slogan"]), (0, vec![warning("no-slogan")]));
    // Long and short forms interleave by position, not by kind.
    assert_eq!(no_slogan_with(&["--allow", "no-slogan", "-D", "no-slogan"]), (1, vec![error("no-slogan")]));
    assert_eq!(no_slogan_with(&["-D", "no-slogan", "--allow=no-slogan"]), (0, vec![]));
}

#[test]
fn spec_lints_map_and_cli_override() {
    let dir = TempDir::new("lints");
    let path = dir.write("spec.yaml", no_slogan_spec() + "lints:\n  no-slogan: allow\n");
    let run = check_json(&path, &[]);
    assert_eq!((run.code, run.json().len()), (0, 0), "{}", run.stdout);
    // The command line overrides the spec.
    let run = check_json(&path, &["-D", "no-slogan"]);
    assert_eq!((run.code, run.rules()), (1, vec!["no-slogan".to_string()]), "{}", run.stdout);
    let run = check_json(&path, &["-W", "no-slogan"]);
    assert_eq!((run.code, run.rules()), (0, vec!["no-slogan".to_string()]), "{}", run.stdout);
    // `deny` in the spec makes it an error; `-A` on the command line silences it again.
    let path = dir.write("deny.yaml", no_slogan_spec() + "lints:\n  no-slogan: deny\n");
    assert_eq!(check_json(&path, &[]).code, 1);
    assert_eq!(check_json(&path, &["-A", "no-slogan"]).code, 0);
}

#[test]
fn unknown_rule_in_a_flag_exits_2_with_a_suggestion() {
    let dir = TempDir::new("unknown-rule");
    let path = dir.write("spec.yaml", no_slogan_spec());
    let run = check_json(&path, &["-D", "no-slog"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("unknown rule `no-slog`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `no-slogan`"), "{}", run.stderr);
    let run = check_json(&path, &["-W", "zzzzzz"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("unknown rule `zzzzzz`"), "{}", run.stderr);
}

#[test]
fn error_classes_cannot_be_allowed() {
    let dir = TempDir::new("error-class");
    let path = dir.write("spec.yaml", base());
    for flag in ["-A", "-W", "-D"] {
        let run = check_json(&path, &[flag, "unknown-key"]);
        assert_eq!(run.code, 2, "{flag}: {}", run.stderr);
        assert!(run.stderr.contains("`unknown-key` is an error class"), "{}", run.stderr);
    }
}

#[test]
fn a_missing_path_exits_2_and_the_rest_is_still_checked() {
    let dir = TempDir::new("missing");
    let bad = dir.write("bad.yaml", wrong_type_spec());
    let good = dir.write("good.yaml", base());
    let missing = dir.path().join("missing.yaml");
    let mut cmd = commspec(&["check", "--format", "short"]);
    cmd.arg(&missing).arg(&bad).arg(&good);
    let run = exec(cmd);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("missing.yaml") && run.stderr.contains("no such file"), "{}", run.stderr);
    assert!(run.stdout.contains("bad.yaml:") && run.stdout.contains("[wrong-type]"), "{}", run.stdout);
    // Human format: the summary counts the files that were read.
    let mut cmd = commspec(&["check"]);
    cmd.arg(&missing).arg(&good);
    let run = exec(cmd);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("checked 1 file, no problems found"), "{}", run.stdout);
}

#[test]
fn directories_are_searched_for_specs_only() {
    let dir = TempDir::new("discover");
    dir.write("a-spec.yaml", wrong_type_spec());
    dir.write("nested/deeper/b-spec.yml", no_slogan_spec());
    dir.write("nested/ok.yaml", base_with("  id: demo", "  id: ok"));
    // YAML that is not a spec (no top-level `commspec:`), and files that are not YAML.
    let workflow = dir.write("ci/workflow.yaml", "name: CI\non: [push]\njobs:\n  commspec: {}\n");
    dir.write("notes.txt", "commspec: 1\n");
    dir.write("spec.yaml.bak", wrong_type_spec());
    // Hidden directories are skipped.
    dir.write(".hidden/c-spec.yaml", wrong_type_spec());
    let mut cmd = commspec(&["check", "--format", "json"]);
    cmd.arg(dir.path());
    let run = exec(cmd);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let files: BTreeSet<String> = run
        .json()
        .iter()
        .map(|d| {
            let f = d["file"].as_str().unwrap();
            Path::new(f).strip_prefix(dir.path()).unwrap().to_string_lossy().into_owned()
        })
        .collect();
    let expected: BTreeSet<String> = ["a-spec.yaml", "nested/deeper/b-spec.yml"].map(String::from).into();
    assert_eq!(files, expected, "{}", run.stdout);
    // The human summary counts the three specs, not the other files.
    let mut cmd = commspec(&["check"]);
    cmd.arg(dir.path());
    let run = exec(cmd);
    assert!(run.stdout.contains("in 2 of 3 files checked"), "{}", run.stdout);
    // A YAML file named on the command line is always checked, spec or not.
    let run = check_json(&workflow, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let rules = run.rules();
    assert!(rules.contains(&"missing-field".to_string()), "{rules:?}");
    assert!(run.json().iter().all(|d| d["file"].as_str().unwrap().ends_with("workflow.yaml")));
}

#[test]
fn several_bad_files_are_all_reported() {
    let dir = TempDir::new("several");
    let paths = [
        dir.write("one.yaml", wrong_type_spec()),
        dir.write("two.yaml", "commspec: 1\ncommunity: [\n"),
        dir.write("three.yaml", base_with("capacity: 200", "capacity: 200\n  colour: red")),
    ];
    let mut cmd = commspec(&["check", "--format", "json"]);
    cmd.args(&paths);
    let run = exec(cmd);
    assert_eq!(run.code, 1);
    let by_file: Vec<(String, String)> = run
        .json()
        .iter()
        .map(|d| {
            let f = Path::new(d["file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
            (f, d["rule"].as_str().unwrap().to_string())
        })
        .collect();
    let expected = [("one.yaml", "wrong-type"), ("two.yaml", "yaml-syntax"), ("three.yaml", "unknown-key")]
        .map(|(f, r)| (f.to_string(), r.to_string()));
    assert_eq!(by_file, expected);
    let mut cmd = commspec(&["check"]);
    cmd.args(&paths);
    let run = exec(cmd);
    assert!(run.stdout.contains("commspec: 3 errors and 0 warnings in 3 of 3 files checked"), "{}", run.stdout);
}

/// Parses `file:line:col: severity[rule]: message`.
fn parse_short(line: &str) -> Option<(String, usize, usize, String, String, String)> {
    let (head, message) = line.split_once("]: ")?;
    let (place, kind) = head.rsplit_once(": ")?;
    let (severity, rule) = kind.split_once('[')?;
    let mut parts = place.rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line_no = parts.next()?.parse().ok()?;
    let file = parts.next()?.to_string();
    let valid_rule = !rule.is_empty() && rule.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    (matches!(severity, "error" | "warning") && valid_rule && !message.is_empty())
        .then(|| (file, line_no, col, severity.to_string(), rule.to_string(), message.to_string()))
}

#[test]
fn short_format() {
    let dir = TempDir::new("short");
    let text = warning_and_error_spec();
    let path = dir.write("spec.yaml", &text);
    let mut cmd = commspec(&["check", "--format", "short"]);
    cmd.arg(&path);
    let run = exec(cmd);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let lines: Vec<_> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    let parsed: Vec<_> = lines.iter().map(|l| parse_short(l).unwrap_or_else(|| panic!("bad line: {l}"))).collect();
    let file = path.display().to_string();
    assert_eq!(parsed[0].0, file);
    assert_eq!(
        (parsed[0].1, parsed[0].3.as_str(), parsed[0].4.as_str()),
        (line_of(&text, "community:"), "warning", "no-slogan")
    );
    assert_eq!(
        (parsed[1].1, parsed[1].2, parsed[1].3.as_str(), parsed[1].4.as_str()),
        (line_of(&text, "capacity: 800"), 13, "error", "capacity-over-limit")
    );
    // No summary, no blank lines.
    assert!(!run.stdout.contains("commspec:"), "{}", run.stdout);
}

#[test]
fn json_format() {
    let dir = TempDir::new("json");
    let text = warning_and_error_spec();
    let path = dir.write("spec.yaml", &text);
    let run = check_json(&path, &[]);
    assert_eq!(run.code, 1);
    let items = run.json();
    assert_eq!(items.len(), 2, "{}", run.stdout);
    let keys: BTreeSet<&str> =
        ["file", "rule", "severity", "message", "help", "line", "column", "end_line", "end_column"].into();
    for item in &items {
        let Value::Object(map) = item else { panic!("not an object: {item}") };
        assert_eq!(map.keys().map(String::as_str).collect::<BTreeSet<_>>(), keys, "{item}");
        assert_eq!(item["file"], path.display().to_string());
        assert!(matches!(item["severity"].as_str(), Some("error" | "warning")));
        assert!(item["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(item["help"].is_string() || item["help"].is_null());
        for k in ["line", "column", "end_line", "end_column"] {
            assert!(item[k].as_u64().is_some_and(|n| n >= 1), "{k} in {item}");
        }
        let start = (item["line"].as_u64().unwrap(), item["column"].as_u64().unwrap());
        let end = (item["end_line"].as_u64().unwrap(), item["end_column"].as_u64().unwrap());
        assert!(start <= end, "{item}");
    }
    let cap = items.iter().find(|d| d["rule"] == "capacity-over-limit").expect("capacity-over-limit");
    assert_eq!(cap["line"], line_of(&text, "capacity: 800"));
    assert_eq!((cap["column"].as_u64(), cap["end_column"].as_u64()), (Some(13), Some(16)));
    // No problems: an empty array, not an empty output.
    let ok = dir.write("ok.yaml", base());
    assert_eq!(check_json(&ok, &[]).stdout.trim(), "[]");
}

#[test]
fn github_format() {
    let dir = TempDir::new("github");
    let text = warning_and_error_spec();
    let path = dir.write("spec.yaml", &text);
    let mut cmd = commspec(&["check", "--format", "github"]);
    cmd.arg(&path);
    let run = exec(cmd);
    assert_eq!(run.code, 1);
    let lines: Vec<_> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    let file = path.display().to_string().replace(':', "%3A").replace(',', "%2C");
    assert!(lines[0].starts_with(&format!("::warning file={file},line=")), "{}", lines[0]);
    assert!(lines[1].starts_with(&format!("::error file={file},line=")), "{}", lines[1]);
    let cap_line = line_of(&text, "capacity: 800");
    assert!(
        lines[1].contains(&format!(
            ",line={cap_line},col=13,endLine={cap_line},endColumn=16,title=commspec capacity-over-limit::"
        )),
        "{}",
        lines[1]
    );
    for l in &lines {
        assert!(l.contains(",col=") && l.contains(",endLine=") && l.contains(",title="), "{l}");
        // Multi-line messages are escaped onto one line.
        assert!(l.contains("%0Ahelp: "), "{l}");
    }
}

#[test]
fn quiet_prints_errors_only_and_no_summary() {
    let dir = TempDir::new("quiet");
    let path = dir.write("spec.yaml", warning_and_error_spec());
    let mut cmd = commspec(&["check", "--quiet"]);
    cmd.arg(&path);
    let run = exec(cmd);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("capacity-over-limit"), "{}", run.stdout);
    assert!(!run.stdout.contains("no-slogan"), "{}", run.stdout);
    assert!(!run.stdout.contains("commspec:"), "{}", run.stdout);
    // Warnings only: nothing at all, and still exit 0.
    let path = dir.write("warn.yaml", no_slogan_spec());
    let mut cmd = commspec(&["check", "-q"]);
    cmd.arg(&path);
    let run = exec(cmd);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn human_format_has_no_escapes_when_not_a_terminal() {
    let dir = TempDir::new("colour");
    let path = dir.write("spec.yaml", warning_and_error_spec());
    for no_color in [None, Some("1")] {
        let mut cmd = commspec(&["check"]);
        cmd.arg(&path);
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let run = exec(cmd);
        assert_eq!(run.code, 1);
        assert!(run.stdout.contains("capacity-over-limit") && run.stdout.contains("no-slogan"));
        assert!(!run.stdout.contains('\x1b'), "ESC in output (NO_COLOR={no_color:?}):\n{}", run.stdout);
        assert!(!run.stderr.contains('\x1b'));
    }
    for cmd in [&["rules"][..], &["explain", "no-gate"], &["check", "--help"]] {
        let mut c = commspec(cmd);
        c.env("NO_COLOR", "1");
        assert!(!exec(c).stdout.contains('\x1b'), "{cmd:?}");
    }
}

#[test]
fn rules_lists_every_rule() {
    let run = run_args(&["rules"]);
    assert_eq!(run.code, 0);
    for r in Rule::ALL {
        let row = run.stdout.lines().find(|l| l.split_whitespace().next() == Some(r.name()));
        let row = row.unwrap_or_else(|| panic!("`{r}` not listed:\n{}", run.stdout));
        let level = if r.configurable() { r.default_level().value() } else { "error" };
        assert!(row.contains(level) && row.contains(r.summary(Lang::En)), "{row}");
    }
}

#[test]
fn explain_prints_the_docs() {
    let run = run_args(&["explain", "no-gate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("# no-gate\n"), "{}", run.stdout);
    assert!(run.stdout.contains("## What it does"), "{}", run.stdout);
    assert!(run.stdout.contains("default level: deny"), "{}", run.stdout);
    // Every rule and error class has an explain page with the same sections.
    for r in Rule::ALL {
        let run = run_args(&["explain", r.name()]);
        assert_eq!(run.code, 0, "{r}");
        for section in ["## What it does", "## Why is this bad?", "## Example"] {
            assert!(run.stdout.contains(section), "`explain {r}` lacks {section}");
        }
    }
}

#[test]
fn explain_an_unknown_rule_exits_2() {
    let run = run_args(&["explain", "nope"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("unknown rule `nope`"), "{}", run.stderr);
    let run = run_args(&["explain", "no-gat"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `no-gate`"), "{}", run.stderr);
}

#[test]
fn schema_matches_the_committed_file() {
    let run = run_args(&["schema"]);
    assert_eq!(run.code, 0);
    let committed = std::fs::read_to_string(Path::new(common::ROOT).join("schemas/commspec.schema.json")).unwrap();
    assert!(run.stdout == committed, "`commspec schema` differs from schemas/commspec.schema.json; regenerate it");
    let parsed: Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(parsed["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run_args(&["check", "--format", "xml"]).code, 2);
    assert_eq!(run_args(&["frobnicate"]).code, 2);
    assert_eq!(run_args(&[]).code, 2);
}

/// Runs `commspec ARGS` with its stdout closed before it writes (like `| head -0`): it must
/// not panic. Returns the exit status.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = commspec(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn check_into_a_closed_pipe_is_not_a_crash() {
    let (code, stderr) = with_closed_stdout(&["check", "--format", "short", "tests/data/base.yaml", "examples/"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn info_commands_into_a_closed_pipe_are_not_a_crash() {
    for args in [&["rules"][..], &["explain", "no-gate"], &["schema"]] {
        let (code, stderr) = with_closed_stdout(args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
    }
}

/// A FIFO named like a spec would block the reader forever; a symlink loop would recurse.
/// Directory search takes regular files (and symlinks to them) only.
#[cfg(unix)]
#[test]
fn directory_search_skips_fifos_and_symlink_loops() {
    let dir = TempDir::new("special");
    dir.write("ok.yaml", base());
    // A symlink to a spec elsewhere (a symlink to `ok.yaml` is the same file, checked once).
    let elsewhere = TempDir::new("special-target");
    let target = elsewhere.write("target.yaml", base_with("  id: demo", "  id: linked"));
    std::os::unix::fs::symlink(target, dir.path().join("link.yaml")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let made = std::process::Command::new("mkfifo").arg(dir.path().join("pipe.yaml")).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let mut cmd = commspec(&["check"]);
    cmd.arg(dir.path());
    let run = exec(cmd);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("checked 2 files, no problems found"), "{}", run.stdout);
}

#[test]
fn one_community_id_in_two_files_is_located_in_the_later_file() {
    let dir = TempDir::new("same-id");
    let first = dir.write("a.yaml", base());
    let other = dir.write("b.yaml", base_with("  id: demo", "  id: other"));
    // A different file with the same id; its other errors are reported beside the duplicate
    // (once the file loads: a file that fails the schema stops there, with no id to compare).
    let text = base_with("      role: owner", "      role: ownr");
    let second = dir.write("c.yaml", &text);
    let mut cmd = commspec(&["check", "--format", "json"]);
    cmd.arg(&first).arg(&other).arg(&second);
    let run = exec(cmd);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let items = run.json();
    let found: Vec<(&str, &str, u64, u64)> = items
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            (
                &file[file.len() - 6..],
                d["rule"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let id_line = line_of(&text, "id: demo") as u64;
    let role_line = line_of(&text, "role: ownr") as u64;
    let expected = [("c.yaml", "duplicate-id", id_line, 7), ("c.yaml", "unknown-reference", role_line, 13)];
    assert_eq!(found, expected, "{items:?}");
    assert_eq!(items[0]["end_column"], 11);
    let message = items[0]["message"].as_str().unwrap();
    assert!(message.contains(&format!("`{}`", first.display())), "names the first file: {message}");
    // The same in the human format, in Chinese.
    let mut cmd = commspec(&["check", "--lang", "zh"]);
    cmd.arg(&first).arg(&second);
    let run = exec(cmd);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains(&format!("c.yaml:{id_line}:7]")), "{}", run.stdout);
    assert!(run.stdout.contains("社群 id `demo` 已被"), "{}", run.stdout);
}

#[test]
fn a_file_reached_twice_is_checked_once() {
    let dir = TempDir::new("twice");
    dir.write("specs/a.yaml", base());
    // Named twice (spelt two ways), found again in its folder, and through a symlink.
    #[cfg(unix)]
    std::os::unix::fs::symlink("a.yaml", dir.path().join("specs/link.yaml")).unwrap();
    let mut cmd = commspec(&["check"]);
    cmd.args(["specs/a.yaml", "./specs/a.yaml", "specs", "specs/../specs/a.yaml"]).current_dir(dir.path());
    let run = exec(cmd);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("checked 1 file, no problems found"), "{}", run.stdout);
}

/// File names come from the file system and may hold any character but `/`: what `build`,
/// `render`, `init`, `explain` and `check` print about them shows control characters
/// escaped, so a name cannot drive the terminal or forge a line.
// File names with control characters: Unix file systems only.
#[cfg(unix)]
#[test]
fn control_characters_in_names_are_shown_escaped() {
    let dir = TempDir::new("names");
    let evil = "e\u{1b}]0;title\u{7}\u{202e}\nerror: forged";
    let spec = dir.write(&format!("{evil}.yaml"), base());
    let broken = dir.write(&format!("{evil}-broken.yaml"), base_with("capacity: 200", "capacity: 20x"));
    let missing = dir.path().join(format!("{evil}-missing.yaml"));
    let out = dir.path().join(format!("out{evil}"));
    let (spec, broken, missing, out) =
        (spec.to_str().unwrap(), broken.to_str().unwrap(), missing.to_str().unwrap(), out.to_str().unwrap());
    let cases: [(&[&str], i32); 9] = [
        (&["build", spec, "-o", out], 0),
        (&["build", broken, "-o", out], 1),
        (&["build", missing, "-o", out], 2),
        (&["build", spec, "-o", out, "--templates", missing], 2),
        (&["render", missing, "sop.md"], 2),
        (&["render", spec, evil], 2),
        (&["check", missing, spec], 2),
        (&["init", spec], 2),
        (&["explain", evil], 2),
    ];
    for (args, code) in cases {
        let run = exec(commspec(args));
        assert_eq!(run.code, code, "{args:?}\n{}{}", run.stdout, run.stderr);
        let printed = format!("{}{}", run.stdout, run.stderr);
        assert!(printed.contains("e\\u{1b}]0;title\\u{7}\\u{202e}\\nerror: forged"), "{args:?}: {printed}");
        let raw = printed.chars().find(|c| (c.is_control() && *c != '\n') || *c == '\u{202e}');
        assert_eq!(raw, None, "{args:?} printed a control character raw:\n{printed}");
        assert!(!printed.lines().any(|l| l.starts_with("error: forged")), "{args:?}: a forged line:\n{printed}");
    }
}

/// `/dev/full`, for writes that fail as on a full disk.
#[cfg(target_os = "linux")]
fn full() -> Option<std::process::Stdio> {
    Some(std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full").into())
}

/// A write error is an error: on a full disk every command that prints to stdout exits 2
/// and says why (it exited 0 with half a file, or with nothing at all).
#[cfg(target_os = "linux")]
#[test]
fn write_errors_exit_2() {
    let dir = TempDir::new("full");
    let (out, new) = (dir.path().join("out"), dir.path().join("new.yaml"));
    let (out, new) = (out.to_str().unwrap(), new.to_str().unwrap());
    let warns = "tests/fixtures/no-slogan.yaml";
    let mut cases: Vec<Vec<&str>> = ["human", "short", "github", "json", "sarif", "junit"]
        .iter()
        .map(|f| vec!["check", "--format", f, warns])
        .collect();
    cases.extend([
        vec!["check", "tests/data/base.yaml"],
        vec!["rules"],
        vec!["explain", "no-gate"],
        vec!["schema"],
        vec!["schema", "--plan"],
        vec!["render", "tests/data/base.yaml", "sop.md"],
        vec!["render", "tests/data/base.yaml", "plan.json"],
        vec!["build", "tests/data/base.yaml", "-o", out],
        vec!["init", new],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["--help"],
        vec!["--version"],
    ]);
    for args in &cases {
        let run = common::exec_to(commspec(args), full(), None);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("error: writing to standard output: No space left on device"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // Diagnostics of `build` go to stderr: when they cannot be written, the status says so.
    let run = common::exec_to(commspec(&["build", warns, "-o", out]), None, full());
    assert_eq!(run.code, 2, "{}", run.stdout);
}

/// A closed pipe (`commspec … | head -1`) is not a write error: whoever closed it wanted no
/// more. Every command exits with its usual status and prints nothing about it.
#[test]
fn every_command_into_a_closed_pipe_keeps_its_status() {
    let dir = TempDir::new("pipe");
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    for args in [
        &["check", "--format", "sarif", "tests/data/base.yaml"][..],
        &["render", "tests/data/base.yaml", "sop.md", "--group", "1"],
        &["build", "tests/data/base.yaml", "-o", out],
        &["completions", "bash"],
        &["man"],
        &["--help"],
    ] {
        let (code, stderr) = with_closed_stdout(args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}
