//! Golden files of the `human` report in both languages: each `tests/data/snapshots/NAME.yaml`
//! is checked (not on a terminal, so without colour; 100 columns) and its output compared with
//! `NAME.txt` (English) and `NAME.zh.txt` (`--lang zh`).
//!
//! After an intended change, regenerate them with `UPDATE_SNAPSHOTS=1 cargo test --test
//! snapshots` and read the diff: the right node underlined, Chinese aligned, help that helps.

mod common;

use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(common::ROOT).join("tests/data/snapshots");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    cases
}

#[test]
fn human_reports_match_their_golden_files() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let cases = cases();
    assert!(cases.len() >= 4, "{cases:?}");
    let mut stale = Vec::new();
    for (case, (lang, extension)) in cases.iter().flat_map(|c| [(c, ("en", "txt")), (c, ("zh", "zh.txt"))]) {
        // A relative path, so the report's file names do not depend on the checkout.
        let relative = case.strip_prefix(common::ROOT).unwrap();
        let mut cmd = common::commspec(&["check", "--lang", lang]);
        cmd.arg(relative);
        let run = common::exec(cmd);
        assert_eq!(run.code, 1, "{}: every snapshot case has an error\n{}", relative.display(), run.stdout);
        assert!(!run.stdout.contains('\x1b'), "{}: colour codes in a pipe", relative.display());
        let golden = case.with_extension(extension);
        if update {
            std::fs::write(&golden, &run.stdout).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_SNAPSHOTS=1 to create it", golden.display()));
        if run.stdout != expected {
            eprintln!("--- {} (expected)\n{expected}\n+++ actual\n{}", golden.display(), run.stdout);
            stale.push(golden.display().to_string());
        }
    }
    assert!(stale.is_empty(), "reports differ from {stale:?}; if intended, run with UPDATE_SNAPSHOTS=1 and review");
}
