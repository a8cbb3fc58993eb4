//! `commspec check --watch` re-checks a file when it is saved.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn watch_rechecks_a_saved_file() {
    let dir = std::env::temp_dir().join(format!("commspec-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("a.yaml");
    let clean = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/flash.yaml")).unwrap();
    std::fs::write(&spec, &clean).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_commspec"))
        .args(["check", "--watch", "--format", "short"])
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || stderr.lines().map_while(Result::ok).for_each(|l| drop(tx.send(format!("err: {l}")))));
    let (otx, orx) = mpsc::channel();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || stdout.lines().map_while(Result::ok).for_each(|l| drop(otx.send(l))));

    let started = rx.recv_timeout(Duration::from_secs(20)).expect("watch starts");
    assert!(started.contains("watching 1 file"), "{started}");
    // A save that introduces an error is reported, at its line.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&spec, clean.replace("type: 快闪群", "type: 快闪")).unwrap();
    let line = orx.recv_timeout(Duration::from_secs(20));
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let line = line.expect("the change is re-checked");
    assert!(line.contains("a.yaml:") && line.contains("error[invalid-value]: unknown value `快闪`"), "{line}");
}
