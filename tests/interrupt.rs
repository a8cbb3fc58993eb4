//! Output safety under interruption and concurrency: a build killed mid-way (SIGINT, SIGTERM)
//! leaves the previous output complete, two builds into one folder leave one complete result,
//! and the next run leaves no temporary folders behind.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_commspec");

/// A 100-group spec: big enough that a build takes a while, small enough for a test.
fn spec(dir: &Path) -> PathBuf {
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
    let text = base
        .replacen("  count: 2\n", "  count: 10\n  matrix:\n    city: [一, 二, 三, 四, 五, 六, 七, 八, 九, 十]\n", 1)
        .replacen("name: \"演示{{ n }}群\"", "name: \"演示{{ city }}{{ n }}群\"", 1);
    let path = dir.join("spec.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A template folder whose welcome.txt says `tag`, so each build's output is recognisable.
fn templates(dir: &Path, tag: &str) -> PathBuf {
    let t = dir.join(format!("templates-{tag}"));
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("welcome.txt.j2"), format!("{tag}\n")).unwrap();
    t
}

fn build(spec: &Path, out: &Path, templates: &Path) -> Child {
    Command::new(BIN)
        .args(["build"])
        .arg(spec)
        .arg("-o")
        .arg(out)
        .arg("--templates")
        .arg(templates)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// The community folder is one build's complete output: 100 groups (beside `people/`), every
/// welcome the same.
fn complete_output(out: &Path) -> String {
    let community = out.join("demo");
    let groups: Vec<PathBuf> = std::fs::read_dir(&community)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("people"))
        .collect();
    assert_eq!(groups.len(), 100, "a partial community folder");
    assert!(community.join("plan.json").exists() && community.join("README.md").exists());
    let tags: std::collections::BTreeSet<String> =
        groups.iter().map(|g| std::fs::read_to_string(g.join("welcome.txt")).unwrap()).collect();
    assert_eq!(tags.len(), 1, "a mix of two builds: {tags:?}");
    for g in &groups {
        assert_eq!(std::fs::read_dir(g).unwrap().count(), 6, "{} is incomplete", g.display());
    }
    tags.into_iter().next().unwrap()
}

fn leftovers(out: &Path) -> Vec<String> {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".commspec-"))
        .collect()
}

/// A scratch folder with the spec, two template folders, and a first complete build (A).
struct Setup {
    /// Removed when dropped.
    _dir: common::TempDir,
    spec: PathBuf,
    out: PathBuf,
    a: PathBuf,
    b: PathBuf,
}

fn setup(name: &str) -> Setup {
    let dir = common::TempDir::new(name);
    let (spec, out) = (spec(dir.path()), dir.join("out"));
    let (a, b) = (templates(dir.path(), "A"), templates(dir.path(), "B"));
    assert!(build(&spec, &out, &a).wait().unwrap().success());
    Setup { _dir: dir, spec, out, a, b }
}

#[test]
fn interrupted_builds_leave_the_previous_output_complete() {
    let Setup { _dir, spec, out, a, b } = setup("interrupt");
    assert_eq!(complete_output(&out), "A\n");
    let mut killed = 0;
    for (i, signal) in ["INT", "TERM", "INT", "TERM", "INT", "TERM"].iter().enumerate() {
        let mut child = build(&spec, &out, &b);
        if i % 2 == 0 {
            // While it writes: as soon as its temporary folder appears (or it has ended),
            // whatever the machine's speed.
            let temp = out.join(format!(".commspec-tmp-demo-{}", child.id()));
            while !temp.exists() && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_micros(200));
            }
        } else {
            // Earlier or later, while it plans and renders.
            std::thread::sleep(Duration::from_millis(40 * i as u64));
        }
        let _ = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status();
        let status = child.wait().unwrap();
        killed += usize::from(std::os::unix::process::ExitStatusExt::signal(&status).is_some());
        let tag = complete_output(&out);
        assert!(tag == "A\n" || tag == "B\n", "{tag}");
    }
    assert!(killed > 0, "no build was interrupted: the kills came too late to test anything");
    // The next run cleans up after the killed ones.
    assert!(build(&spec, &out, &a).wait().unwrap().success());
    assert_eq!(complete_output(&out), "A\n");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[test]
fn concurrent_builds_leave_one_complete_result() {
    let Setup { _dir, spec, out, a, b } = setup("concurrent");
    for _ in 0..3 {
        let (mut x, mut y) = (build(&spec, &out, &a), build(&spec, &out, &b));
        let (rx, ry) = (x.wait().unwrap(), y.wait().unwrap());
        assert!(rx.success() || ry.success(), "both concurrent builds failed");
        complete_output(&out);
    }
    assert!(build(&spec, &out, &b).wait().unwrap().success());
    assert_eq!(complete_output(&out), "B\n");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}
