//! Limits on user-supplied artifact templates (`build --templates DIR`): a runaway loop runs
//! out of fuel and an oversized artifact is refused, each with an error naming the template,
//! and nothing is written.

mod common;

use std::process::Command;

use common::TempDir;

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
