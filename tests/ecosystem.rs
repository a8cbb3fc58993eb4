//! `init`, shell completions and the man page, through the real binary.

mod common;

use std::process::Command;

use common::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_commspec");

#[test]
fn init_writes_a_clean_starter_and_refuses_to_overwrite() {
    let tmp = TempDir::new("init");
    let dir = tmp.path();
    let run = |args: &[&str]| Command::new(BIN).current_dir(dir).args(args).output().unwrap();
    let out = run(&["init", "--type", "快闪群"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let spec = std::fs::read_to_string(dir.join("community.yaml")).unwrap();
    assert!(spec.starts_with("# yaml-language-server: $schema=commspec.schema.json\n"));
    assert!(spec.contains("type: flash"));
    assert_eq!(
        std::fs::read_to_string(dir.join("commspec.schema.json")).unwrap(),
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/commspec.schema.json")).unwrap()
    );
    // The starter passes check with no warnings.
    let check = run(&["check", "--format", "json", "community.yaml"]);
    assert_eq!(check.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&check.stdout).trim(), "[]");
    // No overwrite without --force; the file is unchanged.
    std::fs::write(dir.join("community.yaml"), "mine").unwrap();
    let again = run(&["init", "--type", "course"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(dir.join("community.yaml")).unwrap(), "mine");
    let forced = run(&["init", "--type", "course", "--force"]);
    assert!(forced.status.success());
    assert!(std::fs::read_to_string(dir.join("community.yaml")).unwrap().contains("type: course"));
    // A path and an unknown type.
    assert!(run(&["init", "specs/member.yaml", "--type", "member"]).status.success());
    assert!(dir.join("specs/member.yaml").exists() && dir.join("specs/commspec.schema.json").exists());
    assert_eq!(run(&["init", "x.yaml", "--type", "party"]).status.code(), Some(2));
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "_commspec()"),
        ("zsh", "#compdef commspec"),
        ("fish", "complete -c commspec"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = Command::new(BIN).args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell} completion lacks `{marker}`");
        for sub in ["check", "build", "render", "explain"] {
            assert!(script.contains(sub), "{shell} completion lacks `{sub}`");
        }
    }
}

#[test]
fn man_page_describes_the_commands() {
    let out = Command::new(BIN).arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH commspec 1"), "{page}");
    for sub in ["check", "build", "render", "init", "explain"] {
        assert!(page.contains(sub), "man page lacks `{sub}`");
    }
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_symlink() {
    let tmp = TempDir::new("init-link");
    let dir = tmp.path();
    let run = |args: &[&str]| Command::new(BIN).current_dir(dir).args(args).output().unwrap();
    // A dangling symlink is something at the path: no write without --force, through it or not.
    std::os::unix::fs::symlink(dir.join("elsewhere.yaml"), dir.join("community.yaml")).unwrap();
    let out = run(&["init"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert!(!dir.join("elsewhere.yaml").exists(), "init wrote through a dangling symlink");
    // --force replaces the link itself, never the file it points to.
    let forced = run(&["init", "--force"]);
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stderr));
    assert!(!std::fs::symlink_metadata(dir.join("community.yaml")).unwrap().file_type().is_symlink());
    assert!(!dir.join("elsewhere.yaml").exists(), "init --force wrote through a symlink");
    // The schema copy beside the spec is not written through a dangling symlink either.
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.join("elsewhere.json"), dir.join("sub/commspec.schema.json")).unwrap();
    assert!(run(&["init", "sub/spec.yaml"]).status.success());
    assert!(dir.join("sub/spec.yaml").is_file());
    assert!(!dir.join("elsewhere.json").exists(), "init wrote the schema through a dangling symlink");
}

#[cfg(unix)]
#[test]
fn init_force_replaces_files_never_pipes_or_devices() {
    // Found in review: `init f --force` on a FIFO blocked for ever, and on /dev/null wrote the
    // schema into /dev.
    let dir = TempDir::new("init-special");
    let fifo = dir.path().join("spec.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    for target in [fifo.clone(), std::path::PathBuf::from("/dev/null")] {
        let mut cmd = common::commspec(&["init", "--force"]);
        cmd.arg(&target);
        let run = common::exec(cmd);
        assert_eq!(run.code, 2, "{}: {}", target.display(), run.stderr);
        assert!(run.stderr.contains("is not a regular file"), "{}", run.stderr);
    }
    assert!(!dir.path().join("commspec.schema.json").exists());
}
