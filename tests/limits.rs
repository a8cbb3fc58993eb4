//! Limits on user-supplied artifact templates (`build --templates DIR`): a runaway loop runs
//! out of fuel and an oversized artifact is refused, each with an error naming the template,
//! and nothing is written. Templates are read only from inside DIR: names and links leading
//! out of it, and files that are not plain text files, are refused.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, TempDir, commspec};

fn build_with_template(name: &str, template: &str) -> (i32, String, TempDir) {
    let dir = TempDir::new(&format!("limits-{name}"));
    dir.write("templates/sop.md.j2", template);
    let out = Command::new(env!("CARGO_BIN_EXE_commspec"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "examples/flash.yaml", "-o"])
        .arg(dir.join("out"))
        .arg("--templates")
        .arg(dir.join("templates"))
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned(), dir)
}

#[test]
fn a_runaway_artifact_template_runs_out_of_fuel() {
    let (code, stderr, dir) = build_with_template(
        "fuel",
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("sop.md.j2") && stderr.contains("fuel"), "{stderr}");
    assert!(!dir.join("out/zhiyan-double11").exists(), "nothing is written");
}

#[test]
fn an_oversized_artifact_is_refused() {
    // 70 MB: a kilobyte written 70,000 times, well within the fuel.
    let template =
        format!("{{% set s = '{}' %}}{{% for i in range(70000) %}}{{{{ s }}}}{{% endfor %}}", "x".repeat(1000));
    let (code, stderr, dir) = build_with_template("size", &template);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("sop.md.j2") && stderr.contains("larger than the limit of 65536 KiB"), "{stderr}");
    assert!(!dir.join("out/zhiyan-double11").exists(), "nothing is written");
}

// ── The templates folder confines what templates read ──────────────────────

/// What must never appear in any output: the contents of a file outside the templates folder.
const SECRET: &str = "COMMSPEC-SECRET-7f3e9a";

/// A templates folder `DIR/templates`, and `DIR/outside/secret.txt` beside it.
fn folder() -> TempDir {
    let dir = TempDir::new("confined");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    dir.write("outside/secret.txt", format!("{SECRET}\n"));
    dir
}

/// Builds examples/flash.yaml into `DIR/out` with `--templates DIR/templates`. The memory
/// limit is lowered so that a template read without bound stops early.
fn build(dir: &TempDir) -> Run {
    let mut cmd = commspec(&["build", "examples/flash.yaml", "-o"]);
    cmd.arg(dir.path().join("out")).arg("--templates").arg(dir.path().join("templates"));
    cmd.env("COMMSPEC_MEMORY_MIB_MAX", "512");
    common::exec(cmd)
}

/// Asserts the build was refused with an error naming `template` and saying `why`, wrote
/// nothing, and showed no secret.
#[track_caller]
fn assert_refused(run: &Run, dir: &TempDir, template: &str, why: &str) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    let named = format!("template `{template}`");
    assert!(run.stderr.contains(&named) && run.stderr.contains(why), "{named}, {why}:\n{}", run.stderr);
    for shown in [&run.stdout, &run.stderr] {
        assert!(!shown.contains(SECRET) && !shown.contains("root:x:0:0"), "{shown}");
    }
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

/// Plain text of exactly `len` bytes, in lines of 100.
fn lines_of(len: usize) -> String {
    let mut text = format!("{}\n", "x".repeat(99)).repeat(len / 100);
    text.push_str(&"y".repeat(len % 100));
    text
}

#[cfg(unix)]
fn link(target: impl AsRef<Path>, at: PathBuf) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[cfg(unix)]
fn mkfifo(at: PathBuf) {
    let status = Command::new("mkfifo").arg(&at).status().unwrap();
    assert!(status.success(), "mkfifo {}", at.display());
}

#[cfg(unix)]
#[test]
fn a_template_linking_out_of_the_folder_is_refused() {
    // The path loader followed links: a committed templates folder could show a CI machine's
    // files (and `/proc/self/environ`, its secrets) in the built artifacts.
    for (name, target) in [("welcome.txt.j2", "outside/secret.txt"), ("sop.md.j2", "/etc/passwd")] {
        let dir = folder();
        link(dir.path().join(target), dir.path().join("templates").join(name));
        assert_refused(&build(&dir), &dir, name, "outside the templates folder");
    }
    // A linked folder, reached by an include.
    let dir = folder();
    link(dir.path().join("outside"), dir.path().join("templates/parts"));
    dir.write("templates/sop.md.j2", "# SOP\n{% include 'parts/secret.txt' %}\n");
    assert_refused(&build(&dir), &dir, "parts/secret.txt", "outside the templates folder");
}

#[test]
fn template_names_leading_out_of_the_folder_are_refused() {
    let dir = folder();
    let absolute = dir.path().join("outside/secret.txt");
    for (source, name) in [
        ("{% include '../outside/secret.txt' %}", "../outside/secret.txt"),
        ("{% import '../outside/secret.txt' as s %}", "../outside/secret.txt"),
        ("{% extends '../outside/secret.txt' %}", "../outside/secret.txt"),
        ("{% include 'parts/./x.j2' %}", "parts/./x.j2"),
        ("{% include 'parts//x.j2' %}", "parts//x.j2"),
        ("{% include '.hidden' %}", ".hidden"),
        // The template text `{% include 'a\\b' %}` names `a\b` (one backslash).
        ("{% include 'a\\\\b' %}", "a\\b"),
        (&format!("{{% include '{}' %}}", absolute.display()), &absolute.display().to_string()),
    ] {
        dir.write("templates/sop.md.j2", format!("# SOP\n{source}\n"));
        assert_refused(&build(&dir), &dir, name, "not a file name inside the templates folder");
    }
}

#[cfg(unix)]
#[test]
fn a_template_that_is_not_a_plain_file_is_refused() {
    // A FIFO blocked the build for ever, and a link to `/dev/zero` was read without end.
    let dir = folder();
    mkfifo(dir.path().join("templates/sop.md.j2"));
    assert_refused(&build(&dir), &dir, "sop.md.j2", "not a regular file");
    let dir = folder();
    mkfifo(dir.path().join("templates/pipe"));
    link("pipe", dir.path().join("templates/sop.md.j2"));
    assert_refused(&build(&dir), &dir, "sop.md.j2", "not a regular file");
    let dir = folder();
    std::fs::create_dir(dir.path().join("templates/sop.md.j2")).unwrap();
    assert_refused(&build(&dir), &dir, "sop.md.j2", "is a folder, not a regular file");
    let dir = folder();
    link("/dev/zero", dir.path().join("templates/sop.md.j2"));
    assert_refused(&build(&dir), &dir, "sop.md.j2", "outside the templates folder");
}

#[test]
fn a_template_file_too_large_or_not_utf8_is_refused() {
    use commspec::limits::TEMPLATE_FILE_MAX_BYTES;
    let dir = folder();
    dir.write("templates/sop.md.j2", lines_of(TEMPLATE_FILE_MAX_BYTES + 1));
    assert_refused(&build(&dir), &dir, "sop.md.j2", "larger than 1024 KiB");
    let dir = folder();
    dir.write("templates/sop.md.j2", b"# SOP \xff\n");
    assert_refused(&build(&dir), &dir, "sop.md.j2", "not UTF-8");
}

#[cfg(unix)]
#[test]
fn links_and_includes_inside_the_folder_are_followed() {
    use commspec::limits::TEMPLATE_FILE_MAX_BYTES;
    let dir = folder();
    dir.write("templates/real/sop.md.j2", "# {{ group.name }} {% include 'parts/footer.j2' %}\n");
    dir.write("templates/parts/footer.j2", "(linked)");
    link("real/sop.md.j2", dir.path().join("templates/sop.md.j2"));
    // A file exactly at the size limit is read.
    let welcome = lines_of(TEMPLATE_FILE_MAX_BYTES);
    dir.write("templates/welcome.txt.j2", &welcome);
    let run = build(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let group = std::fs::read_dir(dir.path().join("out/zhiyan-double11"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("a group folder");
    let sop = std::fs::read_to_string(group.join("sop.md")).unwrap();
    assert!(sop.starts_with("# ") && sop.contains("(linked)"), "{sop}");
    assert_eq!(std::fs::read_to_string(group.join("welcome.txt")).unwrap(), welcome);
}

#[test]
fn a_templates_path_that_is_not_a_folder_is_refused() {
    let dir = folder();
    let file = dir.write("a-file.j2", "x");
    let mut cases = vec![(file, "is not a folder"), (dir.path().join("missing"), "does not exist")];
    if cfg!(unix) {
        cases.push((PathBuf::from("/dev/zero"), "is not a folder"));
    }
    for (path, why) in cases {
        let mut cmd = commspec(&["build", "examples/flash.yaml", "-o"]);
        cmd.arg(dir.path().join("out")).arg("--templates").arg(&path);
        let run = common::exec(cmd);
        assert_eq!(run.code, 2, "{}", run.stderr);
        let expected = format!("error: templates folder `{}` {why}", path.display());
        assert!(run.stderr.starts_with(&expected), "{expected}:\n{}", run.stderr);
        assert!(!dir.path().join("out").exists());
    }
}

#[test]
fn control_characters_written_by_a_template_are_refused() {
    // Found in review: spec text is checked, but a `--templates` template could write escape
    // sequences itself, into the files and, through `render`, onto the terminal.
    for template in ["\u{1b}]0;owned\u{7}x\n", "# {{ \"\\u001b[31m\" }}x\n"] {
        let (code, stderr, dir) = build_with_template("control", template);
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains("sop.md.j2") && stderr.contains("control character"), "{stderr}");
        assert!(!dir.join("out/zhiyan-double11").exists(), "nothing is written");
        let mut cmd = commspec(&["render", "examples/flash.yaml", "sop.md", "--templates"]);
        cmd.arg(dir.join("templates"));
        let run = common::exec(cmd);
        assert_ne!(run.code, 0, "{}", run.stderr);
        assert!(!run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'), "{run:?}");
    }
}
