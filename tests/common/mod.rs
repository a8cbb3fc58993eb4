//! Helpers shared by the end-to-end tests: running the `commspec` binary with a time limit,
//! temporary directories, the base spec the tests vary, and the checks of SARIF and JUnit
//! documents.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_commspec");

/// The crate root: tests run the binary from here, so reports show relative paths.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// How long one run may take before it counts as a hang. Only a hang can reach it: the
/// slowest run of the suite takes a few seconds of processor time (debug build), and commspec's
/// own watchdog stops any spec after 60 s of processor time, so a correct run on a machine busy
/// with anything else stays far inside it. Tests never assert how long a run took.
pub const TIMEOUT: Duration = Duration::from_secs(300);

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit status; runs killed by a signal fail the test instead.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// The stdout of `--format json`, parsed; fails the test unless it is a JSON array.
    pub fn json(&self) -> Vec<Value> {
        match serde_json::from_str::<Value>(&self.stdout) {
            Ok(Value::Array(items)) => items,
            Ok(other) => panic!("--format json printed a non-array: {other}"),
            Err(e) => panic!("--format json printed invalid JSON ({e}):\n{}", self.stdout),
        }
    }

    /// The rules of the JSON diagnostics, in report order.
    pub fn rules(&self) -> Vec<String> {
        self.json().iter().map(|d| d["rule"].as_str().unwrap_or_default().to_string()).collect()
    }
}

/// A `commspec` command run from the crate root, with a fixed width and no colour settings
/// inherited from the environment.
pub fn commspec(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(ROOT).env("COLUMNS", "100").env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

/// Runs `commspec ARGS` from the crate root; see [`exec`].
pub fn run_args(args: &[&str]) -> Run {
    exec(commspec(args))
}

/// Runs a command to completion, failing the test if it hangs past [`TIMEOUT`] (the process
/// is killed) or dies from a signal (a crash, an abort, a stack overflow).
pub fn exec(mut cmd: Command) -> Run {
    let what = format!("{cmd:?}");
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    // Drain both pipes while waiting, so a chatty child cannot block on a full pipe.
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let status = wait_with_timeout(&mut child, &what);
    let elapsed = start.elapsed();
    let stdout = out.join().expect("stdout reader");
    let stderr = err.join().expect("stderr reader");
    let Some(code) = status.code() else {
        panic!("{what} was killed by a signal ({status}) after {elapsed:?}\nstderr:\n{stderr}");
    };
    assert!(!stderr.contains("panicked"), "{what} panicked:\n{stderr}");
    Run { code, stdout, stderr, elapsed }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn wait_with_timeout(child: &mut Child, what: &str) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status,
            Ok(None) if start.elapsed() < TIMEOUT => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what} hung: killed after {TIMEOUT:?}");
            }
            Err(e) => panic!("waiting for {what}: {e}"),
        }
    }
}

/// A fresh folder under the system temp folder, named for the test, removed when dropped: the
/// one kind of temporary folder of the suite (tempfile's).
pub struct TempDir(tempfile::TempDir);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir = tempfile::Builder::new().prefix(&format!("commspec-test-{tag}-")).tempdir();
        TempDir(dir.unwrap_or_else(|e| panic!("cannot create a temporary folder: {e}")))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// The path of `name` in the folder.
    pub fn join(&self, name: impl AsRef<Path>) -> PathBuf {
        self.0.path().join(name)
    }

    /// Writes `name` (parent directories created) and returns its full path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }
}

/// A small valid spec with no diagnostics at all.
pub fn base() -> String {
    std::fs::read_to_string(Path::new(ROOT).join("tests/data/base.yaml")).expect("tests/data/base.yaml")
}

/// The base spec with `from` replaced by `to`; fails if `from` is not in it exactly once.
pub fn base_with(from: &str, to: &str) -> String {
    let base = base();
    assert_eq!(base.matches(from).count(), 1, "`{from}` must occur once in tests/data/base.yaml");
    base.replacen(from, to, 1)
}

/// 1-based line of the first occurrence of `needle` in `text`.
pub fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in the text"));
    text[..at].matches('\n').count() + 1
}

/// Checks one file with `--format json` (plus `extra` flags) and returns the run.
pub fn check_json(path: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let mut cmd = commspec(&args);
    cmd.arg(path);
    exec(cmd)
}

/// Runs a command like [`exec`], sending its standard output and error where given (e.g. to
/// `/dev/full`) instead of capturing them.
pub fn exec_to(mut cmd: Command, stdout: Option<Stdio>, stderr: Option<Stdio>) -> Run {
    let what = format!("{cmd:?}");
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(stdout.unwrap_or_else(Stdio::piped))
        .stderr(stderr.unwrap_or_else(Stdio::piped))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let status = wait_with_timeout(&mut child, &what);
    let (stdout, stderr) = (out.join().expect("stdout reader"), err.join().expect("stderr reader"));
    let code = status.code().unwrap_or_else(|| panic!("{what} was killed by a signal ({status})\n{stderr}"));
    assert!(!stderr.contains("panicked"), "{what} panicked:\n{stderr}");
    Run { code, stdout, stderr, elapsed: start.elapsed() }
}

/// What the SARIF 2.1.0 schema (`tests/data/sarif`, OASIS) finds wrong in a SARIF log.
pub fn sarif_schema_errors(log: &Value) -> Vec<String> {
    let path = Path::new(ROOT).join("tests/data/sarif/sarif-2.1.0-rtm.5.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    validator.iter_errors(log).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

/// The elements of an XML document as commspec writes JUnit reports, in document order;
/// fails the test unless it is well formed: the XML declaration, tags that close in order,
/// one root, and no `<`, `>` or bare `&` in text or attribute values.
pub fn xml_elements(xml: &str) -> Vec<String> {
    let body = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").expect("the XML declaration");
    let escaped = |s: &str| {
        let bare =
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#10;"].iter().fold(s.to_string(), |s, e| s.replace(e, ""));
        assert!(!bare.contains(['&', '<', '>']), "unescaped text `{s}` in:\n{xml}");
    };
    let (mut open, mut elements, mut rest) = (Vec::<String>::new(), Vec::new(), body);
    while let Some(start) = rest.find('<') {
        escaped(&rest[..start]);
        let end = start + rest[start..].find('>').unwrap_or_else(|| panic!("an unclosed tag in:\n{xml}"));
        let tag = &rest[start + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(name), "`</{name}>` closes no open element in:\n{xml}");
        } else {
            assert!(!open.is_empty() || elements.is_empty(), "a second root element in:\n{xml}");
            let empty = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name = tag.split(' ').next().unwrap_or_default();
            // Attribute values: `name="value"`, each escaped.
            for value in tag.split('"').skip(1).step_by(2) {
                escaped(value);
            }
            elements.push(name.to_string());
            if !empty {
                open.push(name.to_string());
            }
        }
        rest = &rest[end + 1..];
    }
    escaped(rest);
    assert!(open.is_empty() && !elements.is_empty(), "unclosed elements {open:?} in:\n{xml}");
    elements
}
