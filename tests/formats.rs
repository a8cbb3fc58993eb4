//! CI formats: SARIF validated against the SARIF 2.1.0 schema and by Microsoft's validator,
//! JUnit XML, and the GitHub default inside Actions. The validators are installed under
//! target/ by the tests that use them (npm, and python3 with venv, must be on the machine).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_commspec");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture: errors and warnings of every rule.
fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn check(format: &str, files: &[PathBuf]) -> String {
    check_status(format, files, 1)
}

fn check_status(format: &str, files: &[PathBuf], status: i32) -> String {
    let out = Command::new(BIN)
        .current_dir(root())
        .args(["check", "--format", format])
        .args(files.iter().map(|f| f.strip_prefix(root()).unwrap_or(f)))
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(status), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let sarif = check("sarif", &fixtures());
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let errors = common::sarif_schema_errors(&log);
    assert!(errors.is_empty(), "{errors:#?}");

    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(results.len() > 90, "one result per fixture problem, got {}", results.len());
    for r in results {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        assert!(rule["help"]["markdown"].as_str().unwrap().contains("## What it does"));
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1 && region["startColumn"].as_u64().unwrap() >= 1);
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("tests/fixtures/"), "{uri}");
    }
    // Chinese columns are counted in characters: tag-name-too-long points at column 23.
    let tag = results.iter().find(|r| r["ruleId"] == "tag-name-too-long").unwrap();
    assert_eq!(tag["locations"][0]["physicalLocation"]["region"]["startColumn"], 23);
}

/// Fails the test, saying what to install, unless `tool --version` runs: a validator that
/// cannot be installed must not let its test pass unchecked.
fn require(tool: &str, install: &str) {
    let runs = Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(runs, "`{tool}` could not be run; this test needs it: {install}");
}

/// Microsoft's own validator, installed under target/ with npm.
#[test]
fn sarif_passes_the_microsoft_validator() {
    require("npm", "install Node.js with npm (Debian: `apt-get install npm`)");
    let tools = root().join("target/sarif-multitool");
    let tool = tools.join("node_modules/.bin/sarif-multitool");
    let pinned = tools.join("node_modules/@microsoft/sarif-multitool/package.json");
    if !std::fs::read_to_string(&pinned).is_ok_and(|p| p.contains("\"version\": \"5.7.0\"")) {
        std::fs::create_dir_all(&tools).unwrap();
        let status = Command::new("npm")
            .current_dir(&tools)
            .args(["install", "--silent", "--no-audit", "--no-fund", "@microsoft/sarif-multitool@5.7.0"])
            .status()
            .unwrap();
        assert!(status.success(), "npm install @microsoft/sarif-multitool failed");
    }
    let dir = common::TempDir::new("sarif");
    let file = dir.write("fixtures.sarif", check("sarif", &fixtures()));
    // The tool reads its own version from its working folder; run it from there.
    let out = Command::new(&tool).current_dir(&tools).arg("validate").arg(&file).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Analysis completed successfully"), "{text}");
    let findings: Vec<&str> =
        text.lines().filter(|l| l.contains(": error SARIF") || l.contains(": warning SARIF")).collect();
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn junit_has_a_failure_per_problem_and_a_pass_per_clean_file() {
    let files = vec![root().join("tests/fixtures/no-slogan.yaml"), root().join("examples/flash.yaml")];
    let xml = check_status("junit", &files, 0);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"commspec\""));
    assert_eq!(xml.matches("<testsuite ").count(), 2);
    assert_eq!(xml.matches("<failure ").count(), xml.matches("</testcase>").count());
    assert!(xml.contains("<testcase name=\"no-slogan "));
    assert!(xml.contains("<testcase name=\"commspec check\" classname=\"examples/flash.yaml\"/>"));
    // Well formed: tags nest and close, no raw `<` or `&` inside attribute or text content.
    let elements = common::xml_elements(&xml);
    assert_eq!(elements.iter().filter(|e| *e == "testsuite").count(), 2, "{xml}");
}

#[test]
fn github_is_the_default_inside_github_actions() {
    let file = Path::new("tests/fixtures/no-slogan.yaml");
    let out =
        Command::new(BIN).current_dir(root()).args(["check"]).arg(file).env("GITHUB_ACTIONS", "true").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("::warning file=tests/fixtures/no-slogan.yaml,line="), "{text}");
    // An explicit format still wins.
    let out = Command::new(BIN)
        .current_dir(root())
        .args(["check", "--format", "short"])
        .arg(file)
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("tests/fixtures/no-slogan.yaml:"));
}

/// The schema works in a validator from outside the project: check-jsonschema (PyPI), in a
/// virtual environment under target/, against every example.
#[test]
fn check_jsonschema_accepts_every_example() {
    let venv = root().join("target/schema-venv");
    let tool = venv.join("bin/check-jsonschema");
    if !tool.exists() {
        require("python3", "install Python 3 with its venv module (Debian: `apt-get install python3-venv`)");
        let made = Command::new("python3").arg("-m").arg("venv").arg(&venv).status().unwrap();
        assert!(made.success(), "python3 -m venv failed");
        let pip = venv.join("bin/pip");
        let status = Command::new(pip)
            .args(["install", "--quiet", "--disable-pip-version-check", "check-jsonschema==0.39.0"])
            .status()
            .unwrap();
        assert!(status.success(), "pip install check-jsonschema failed");
    }
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    assert_eq!(examples.len(), 9);
    let out = Command::new(&tool)
        .current_dir(root())
        .args(["--schemafile", "schemas/commspec.schema.json"])
        .args(&examples)
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    // And it rejects what commspec rejects at the schema stage.
    let bad = Command::new(&tool)
        .current_dir(root())
        .args(["--schemafile", "schemas/commspec.schema.json", "tests/fixtures/unknown-key.yaml"])
        .output()
        .unwrap();
    assert!(!bad.status.success(), "check-jsonschema accepted an unknown key");
}

/// Characters a terminal acts on (C0, DEL, C1) or that reorder the text around them (bidi
/// overrides and isolates: trojan source).
fn raw_control(text: &str) -> Option<char> {
    text.chars()
        .find(|c| (c.is_control() && *c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
}

/// A key or a comment may hold any character, and a file name anything but `/`: every
/// format shows them escaped (`\u{1b}`), and a line break in a key or a file name cannot
/// forge a second problem in `short` or a second workflow command in `github`.
// File names with control characters: Unix file systems only.
#[cfg(unix)]
#[test]
fn control_characters_are_shown_escaped_in_every_format() {
    let dir = common::TempDir::new("escapes");
    let spec = common::base_with(
        "  theme: 福利\n",
        "  theme: 福利 # \u{1b}[2J\u{1b}]0;title\u{7}\n  \"k\\nforged.yaml:1:1: error[forged]: x\": 1\n  \
         \"\u{202e}k\u{85}\u{7f}\u{9b}2J\": 2\n",
    );
    let name = "e\u{1b}[31m\u{202e}\nforged.yaml:1:1: error[forged]: x.yaml";
    let path = dir.write(name, &spec);
    for format in ["human", "short", "github", "json", "sarif", "junit"] {
        let mut cmd = common::commspec(&["check", "--format", format]);
        cmd.arg(&path).env_remove("GITHUB_ACTIONS");
        let run = common::exec(cmd);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        let out = &run.stdout;
        assert_eq!(raw_control(out), None, "{format} printed a control character raw:\n{out}");
        assert!(out.contains("u{1b}[2J") || format != "human", "{format}: the comment is not shown:\n{out}");
        assert!(out.contains("u{202e}k") && out.contains("u{85}") && out.contains("u{7f}"), "{format}:\n{out}");
        match format {
            "short" => {
                let lines: Vec<&str> = out.lines().collect();
                assert_eq!(lines.len(), 2, "{out}");
                let prefix =
                    format!("{}:", path.display()).replace('\u{1b}', "\\u{1b}").replace('\u{202e}', "\\u{202e}");
                let prefix = prefix.replace('\n', "\\n");
                assert!(lines.iter().all(|l| l.starts_with(&prefix)), "{out}");
            }
            "github" => {
                let lines: Vec<&str> = out.lines().collect();
                assert_eq!(lines.len(), 2, "{out}");
                assert!(lines.iter().all(|l| l.starts_with("::error file=")), "{out}");
                assert!(!out.contains("%0Aforged"), "a file name or key starts a new line:\n{out}");
            }
            "human" => {
                assert!(out.contains("e\\u{1b}[31m\\u{202e}\\nforged.yaml"), "{out}");
                assert!(!out.contains("\nforged"), "{out}");
            }
            _ => {}
        }
    }
}
