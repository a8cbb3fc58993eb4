//! `commspec check --watch` re-checks a file when it is saved, and keeps going when a watched
//! file becomes something it cannot read.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use common::TIMEOUT;

fn flash() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/flash.yaml")).unwrap()
}

/// `check --watch --format short PATH`, with its stdout and stderr lines on one channel.
fn watch(path: &Path) -> (Child, Receiver<String>) {
    let mut child = Command::new(common::BIN)
        .args(["check", "--watch", "--format", "short"])
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let otx = tx.clone();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || stderr.lines().map_while(Result::ok).for_each(|l| drop(tx.send(format!("err: {l}")))));
    let stdout = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || stdout.lines().map_while(Result::ok).for_each(|l| drop(otx.send(l))));
    (child, rx)
}

/// The next line that contains `needle`, skipping others; `None` if none comes.
fn wait_for(rx: &Receiver<String>, needle: &str) -> Option<String> {
    loop {
        match rx.recv_timeout(TIMEOUT) {
            Ok(line) if line.contains(needle) => return Some(line),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

/// Saves `text` with a modification time the watcher can tell from the previous one.
fn save(path: &Path, text: &str) {
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(path, text).unwrap();
}

#[test]
fn watch_rechecks_a_saved_file() {
    let dir = common::TempDir::new("watch");
    let spec = dir.write("a.yaml", flash());
    let (mut child, rx) = watch(dir.path());
    let started = wait_for(&rx, "watching");
    assert!(started.as_deref().is_some_and(|s| s.contains("watching 1 file")), "{started:?}");
    // A save that introduces an error is reported, at its line.
    save(&spec, &flash().replace("type: 快闪群", "type: 快散群"));
    let line = wait_for(&rx, "a.yaml:");
    let _ = child.kill();
    let _ = child.wait();
    let line = line.expect("the change is re-checked");
    assert!(line.contains("error[invalid-value]: unknown value `快散群`"), "{line}");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo (coreutils) runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_watched_file_replaced_by_a_fifo_is_reported_and_watching_goes_on() {
    // Found by an attack: the named file skipped the regular-file check, so opening the FIFO
    // blocked the watcher for ever and later saves were never checked.
    let dir = common::TempDir::new("watch-fifo");
    let spec = dir.write("a.yaml", flash());
    let (mut child, rx) = watch(&spec);
    assert!(wait_for(&rx, "watching").is_some());
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::remove_file(&spec).unwrap();
    mkfifo(&spec);
    let refused = wait_for(&rx, "not a regular file");
    save(&spec.with_extension("tmp"), &flash().replace("type: 快闪群", "type: 快散群"));
    std::fs::remove_file(&spec).unwrap();
    std::fs::rename(spec.with_extension("tmp"), &spec).unwrap();
    let rechecked = wait_for(&rx, "error[invalid-value]");
    let _ = child.kill();
    let _ = child.wait();
    let refused = refused.expect("the FIFO is reported");
    assert!(refused.contains("a.yaml"), "{refused}");
    assert!(rechecked.is_some(), "a save after the FIFO is checked");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_refused_not_read() {
    let dir = common::TempDir::new("fifo");
    let fifo = dir.path().join("spec.yaml");
    mkfifo(&fifo);
    let name = fifo.to_str().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    for args in [vec!["check", name], vec!["build", name, "-o", out], vec!["render", name, "welcome"]] {
        let run = common::exec(common::commspec(&args));
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("spec.yaml: not a regular file"), "{args:?}: {}", run.stderr);
    }
}
