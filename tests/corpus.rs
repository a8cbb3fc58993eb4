//! Every input of the YAML test suite (vendored in `tests/corpus/yaml-test-suite`, MIT), checked
//! explicitly. None is a spec, so each must get at least one error and exit status 1:
//! never a panic, a hang, or another status. Cases the suite marks invalid (`ERRORS.txt`)
//! must be reported as YAML problems first.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use commspec::check::{Options, check};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/yaml-test-suite");

/// Rules that say the YAML itself is the problem.
const YAML_RULES: [&str; 3] = ["yaml-syntax", "yaml-structure", "input-limit"];

fn corpus_files() -> Vec<PathBuf> {
    let dir = Path::new(CORPUS);
    assert!(dir.is_dir(), "the YAML test suite corpus is missing: expected it at {}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() > 300, "only {} files in {}", files.len(), dir.display());
    files
}

/// Case ids the suite marks as invalid YAML.
fn invalid_cases() -> BTreeSet<String> {
    let list = std::fs::read_to_string(Path::new(CORPUS).join("ERRORS.txt")).expect("ERRORS.txt");
    list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect()
}

fn case_id(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// In process, through the library: fast, and a panic names its file. Files that are not
/// UTF-8 are left to the command line (the library takes text).
#[test]
fn every_corpus_file_fails_the_check_in_process() {
    let invalid = invalid_cases();
    for path in corpus_files() {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = String::from_utf8(bytes) else { continue };
        let name = path.display().to_string();
        // On a thread, so a hang fails the test instead of stalling it.
        let (tx, rx) = mpsc::channel();
        let worker = std::thread::spawn(move || {
            let outcome = check(&text, &Options::default());
            let _ = tx.send(outcome.diagnostics.iter().map(|d| (d.rule, d.severity)).collect::<Vec<_>>());
        });
        let found = match rx.recv_timeout(common::TIMEOUT) {
            Ok(found) => found,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: check hung"),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let panic = worker.join().err().and_then(|p| p.downcast_ref::<String>().cloned()).unwrap_or_default();
                panic!("{name}: check panicked: {panic}");
            }
        };
        assert!(!found.is_empty(), "{name}: no diagnostics");
        assert!(found.iter().any(|(_, s)| *s == commspec::diagnostics::Severity::Error), "{name}: no error: {found:?}");
        if invalid.contains(&case_id(&path)) {
            assert!(YAML_RULES.contains(&found[0].0.name()), "{name} is invalid YAML, but was reported as {found:?}");
        }
    }
}

/// Through the command line, all files in one run: each is reported, with a location inside
/// it, and the run exits 1.
#[test]
fn every_corpus_file_fails_the_check_on_the_command_line() {
    let files = corpus_files();
    let mut cmd = common::commspec(&["check", "--format", "json"]);
    cmd.args(&files);
    let run = common::exec(cmd);
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    assert!(run.stderr.is_empty(), "stderr:\n{}", run.stderr);
    let mut first: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for item in run.json() {
        let file = item["file"].as_str().unwrap().to_string();
        first.entry(file).or_insert(item);
    }
    let invalid = invalid_cases();
    for path in &files {
        let name = path.display().to_string();
        let item = first.get(&name).unwrap_or_else(|| panic!("{name}: no diagnostics"));
        let lines = std::fs::read(path).unwrap().iter().filter(|b| **b == b'\n').count() + 1;
        let line = item["line"].as_u64().unwrap() as usize;
        assert!((1..=lines).contains(&line), "{name}: line {line} of {lines}: {item}");
        if invalid.contains(&case_id(path)) {
            assert!(YAML_RULES.contains(&item["rule"].as_str().unwrap()), "{name} is invalid YAML: {item}");
        }
    }
}
