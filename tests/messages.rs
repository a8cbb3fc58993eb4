//! What the command line says to people, in English and in Chinese, against golden files:
//! help, usage errors, and the messages of `build`, `render` and `init`. Each
//! `tests/data/snapshots/cli-NAME.txt` holds the English runs of one area and
//! `cli-NAME.zh.txt` the same runs in Chinese (`--lang zh` at the end of the command line, or
//! a `zh_CN` locale where the case says so).
//!
//! After an intended change, regenerate them with `UPDATE_SNAPSHOTS=1 cargo test --test
//! messages` and read the diff line by line: the Chinese must read naturally.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::TempDir;

/// How a case asks for Chinese.
#[derive(Clone, Copy)]
enum Zh {
    /// `--lang zh` after the arguments.
    Flag,
    /// `LANG=zh_CN.UTF-8`.
    Locale,
}

/// One run: the arguments, and how its Chinese run asks for Chinese.
struct Case(&'static [&'static str], Zh);

/// A folder to run in, so every path printed is relative and the goldens do not depend on
/// where the temporary folder is.
fn workspace() -> TempDir {
    let dir = TempDir::new("messages");
    dir.write("spec.yaml", common::base());
    dir.write("broken.yaml", common::base_with("capacity: 200", "capacity: 20x"));
    // Something in the way of `out/demo` that commspec did not write.
    dir.write("out/demo/notes.md", "mine");
    dir.write("a-file.txt", "not a folder");
    dir.write("bad-templates/sop.md.j2", "{{ group.name }}{{ nope.missing }}\n");
    dir.write("community.yaml", "already here\n");
    std::fs::create_dir(dir.join("a-folder.yaml")).unwrap();
    std::fs::create_dir(dir.join("empty")).unwrap();
    dir
}

/// Runs the cases in a fresh workspace, in `lang`, and returns what they printed.
fn transcript(cases: &[Case], chinese: bool) -> String {
    let dir = workspace();
    let mut out = String::new();
    for Case(args, zh) in cases {
        let mut cmd = std::process::Command::new(common::BIN);
        cmd.current_dir(dir.path()).env("COLUMNS", "100").env("NO_COLOR", "1");
        for var in ["LC_ALL", "LC_MESSAGES", "LANG", "GITHUB_ACTIONS", "CLICOLOR_FORCE"] {
            cmd.env_remove(var);
        }
        cmd.args(*args);
        let mut shown = format!("$ commspec {}", args.join(" "));
        match (chinese, zh) {
            (false, _) => {}
            (true, Zh::Flag) => {
                cmd.args(["--lang", "zh"]);
                shown.push_str(" --lang zh");
            }
            (true, Zh::Locale) => {
                cmd.env("LANG", "zh_CN.UTF-8");
                shown = format!("$ LANG=zh_CN.UTF-8 commspec {}", args.join(" "));
            }
        }
        let run = common::exec(cmd);
        let _ = writeln!(out, "{}\n[exit {}]", shown.trim_end(), run.code);
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            if !text.is_empty() {
                let _ = write!(out, "[{stream}]\n{text}");
                if !text.ends_with('\n') {
                    out.push_str("[no newline at the end]\n");
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Compares the English and Chinese transcripts of `cases` with `cli-NAME.txt` and
/// `cli-NAME.zh.txt`, or rewrites them under `UPDATE_SNAPSHOTS=1`.
fn golden(name: &str, cases: &[Case]) {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (chinese, extension) in [(false, "txt"), (true, "zh.txt")] {
        let path = Path::new(common::ROOT).join(format!("tests/data/snapshots/cli-{name}.{extension}"));
        let actual = transcript(cases, chinese);
        if update {
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_SNAPSHOTS=1 to create it", path.display()));
        if actual != expected {
            eprintln!("--- {} (expected)\n{expected}\n+++ actual\n{actual}", path.display());
            stale.push(path.display().to_string());
        }
    }
    assert!(stale.is_empty(), "output differs from {stale:?}; if intended, run with UPDATE_SNAPSHOTS=1 and review");
}

#[test]
fn help() {
    golden(
        "help",
        &[
            Case(&["--help"], Zh::Flag),
            Case(&["-h"], Zh::Flag),
            Case(&["help", "check"], Zh::Flag),
            Case(&["check", "-h"], Zh::Flag),
            Case(&["render", "--help"], Zh::Flag),
            Case(&["init", "-h"], Zh::Flag),
            Case(&["explain", "--help"], Zh::Flag),
            Case(&["completions", "-h"], Zh::Flag),
            Case(&["schema", "-h"], Zh::Flag),
        ],
    );
}

#[test]
fn report_help() {
    golden("report-help", &[Case(&["report", "--help"], Zh::Flag), Case(&["report", "-h"], Zh::Flag)]);
}

#[test]
fn build_help() {
    golden("build-help", &[Case(&["build", "--help"], Zh::Locale), Case(&["build", "-h"], Zh::Locale)]);
}

#[test]
fn usage_errors() {
    golden(
        "usage",
        &[
            Case(&[], Zh::Locale),
            Case(&["frobnicate"], Zh::Flag),
            Case(&["chek"], Zh::Flag),
            Case(&["check", "--bogus"], Zh::Flag),
            Case(&["check", "--formt", "short"], Zh::Flag),
            Case(&["check", "--format", "xml"], Zh::Flag),
            Case(&["init", "--type"], Zh::Flag),
            Case(&["render"], Zh::Flag),
            Case(&["explain", "a", "b"], Zh::Flag),
            Case(&["help", "nope"], Zh::Flag),
            Case(&["check", "-D", "no-gat"], Zh::Flag),
            Case(&["check", "-A", "unknown-key"], Zh::Flag),
            Case(&["explain", "no-gat"], Zh::Flag),
        ],
    );
}

#[test]
fn build_messages() {
    golden(
        "build",
        &[
            Case(&["build", "spec.yaml", "-o", "out"], Zh::Flag),
            Case(&["build", "spec.yaml", "-o", "a-file.txt"], Zh::Flag),
            Case(&["build", "spec.yaml", "-o", "built", "--templates", "missing"], Zh::Flag),
            Case(&["build", "spec.yaml", "-o", "built", "--templates", "a-file.txt"], Zh::Flag),
            Case(&["build", "missing.yaml", "-o", "built"], Zh::Flag),
            Case(&["build", "broken.yaml", "-o", "built"], Zh::Flag),
            Case(&["build", "spec.yaml", "-o", "built", "--templates", "bad-templates"], Zh::Flag),
            Case(&["build", "empty", "-o", "built"], Zh::Flag),
            Case(&["build", "spec.yaml", "-o", "."], Zh::Flag),
            Case(&["build", "spec.yaml", "-o", "built"], Zh::Flag),
        ],
    );
}

#[test]
fn render_messages() {
    golden(
        "render",
        &[
            Case(&["render", "spec.yaml", "poster"], Zh::Flag),
            Case(&["render", "spec.yaml", "sop.xlsx"], Zh::Flag),
            Case(&["render", "spec.yaml", "welcome", "--group", "9"], Zh::Flag),
            Case(&["render", "spec.yaml", "welcome"], Zh::Flag),
            Case(&["render", "missing.yaml", "welcome"], Zh::Flag),
            Case(&["render", "spec.yaml", "sop.md", "--templates", "bad-templates"], Zh::Flag),
            Case(&["render", "spec.yaml", "sop.md", "--templates", "missing"], Zh::Flag),
        ],
    );
}

#[test]
fn init_messages() {
    golden(
        "init",
        &[
            Case(&["init", "--type", "nope"], Zh::Flag),
            Case(&["init"], Zh::Flag),
            Case(&["init", "a-folder.yaml", "--force"], Zh::Flag),
            Case(&["init", "new/flash.yaml", "--type", "flash"], Zh::Flag),
        ],
    );
}

/// `--lang` anywhere on the command line picks the language of help and usage errors, and
/// wins over the locale, as it does for everything else.
#[test]
fn the_flag_picks_the_language_of_help_and_usage_errors() {
    let run = |args: &[&str], locale: &str| {
        let mut cmd = common::commspec(args);
        cmd.env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", locale);
        common::exec(cmd)
    };
    let help = run(&["build", "-h", "--lang", "en"], "zh_CN.UTF-8");
    assert!(help.stdout.contains("\nUsage: commspec build") && help.stdout.contains("Print help"), "{}", help.stdout);
    let help = run(&["--lang=zh", "build", "-h"], "en_US.UTF-8");
    assert!(help.stdout.contains("\n用法：commspec build") && help.stdout.contains("\n选项：\n"), "{}", help.stdout);
    let wrong = run(&["check", "--bogus"], "zh_CN.UTF-8");
    assert_eq!(wrong.code, 2);
    assert!(wrong.stderr.starts_with("错误：多余或无法识别的参数 `--bogus`\n"), "{}", wrong.stderr);
    let wrong = run(&["check", "--bogus", "--lang", "en"], "zh_CN.UTF-8");
    assert!(wrong.stderr.starts_with("error: unexpected argument '--bogus' found\n"), "{}", wrong.stderr);
}

/// A failed write to standard output is reported in the language asked for.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_in_chinese() {
    for args in [&["rules", "--lang", "zh"][..], &["--help", "--lang", "zh"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
        let run = common::exec_to(common::commspec(args), Some(full.into()), None);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("错误：无法写入标准输出：No space left on device"), "{args:?}: {}", run.stderr);
    }
}
