//! The per-rule fixture suite: `tests/fixtures/*.yaml`, one small spec per lint rule and per
//! error class, each naming in its header exactly the diagnostics it must produce:
//!
//! ```yaml
//! # expect: no-gate 2:1
//! ```
//!
//! `RULE LINE:COL` is the rule and the 1-based line and column (in characters) of the start
//! of the diagnostic's span. A fixture produces exactly the diagnostics listed, no more and no
//! fewer; `clean.yaml` lists none. Files are read as the CLI reads them, so a fixture that is
//! not valid UTF-8 gets the reader's diagnostic rather than `check`'s.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use commspec::check::{Options, check};
use commspec::diagnostics::Rule;
use commspec::diagnostics::{Diagnostic, line_col};
use commspec::i18n::Lang;
use commspec::source::{self, Candidate, ReadError};

/// (rule, line, column)
type Expect = (String, usize, usize);

struct Fixture {
    path: PathBuf,
    /// The file stem, e.g. `no-gate-2`.
    stem: String,
    /// The header's `# expect:` lines.
    expected: Vec<Expect>,
    /// The text diagnostics are located in (for a non-UTF-8 file, its valid prefix).
    text: String,
    diagnostics: Vec<Diagnostic>,
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

/// Every fixture, sorted by name, read and checked.
fn fixtures() -> Vec<Fixture> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures found in {}", fixture_dir().display());
    paths.into_iter().map(load).collect()
}

fn load(path: PathBuf) -> Fixture {
    let stem = path.file_stem().and_then(|s| s.to_str()).expect("UTF-8 file name").to_string();
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let expected = header(&path, &String::from_utf8_lossy(&bytes));
    let candidate = Candidate { path: path.clone(), named: true };
    let (text, diagnostics) = match source::read(&candidate) {
        Ok(Some(file)) => {
            let outcome = check(&file.text, &Options::default());
            (file.text, outcome.diagnostics)
        }
        Ok(None) => unreachable!("named files are always read"),
        Err(ReadError::Io(e)) => panic!("{}: {e:?}", path.display()),
        Err(ReadError::Invalid(_, text, d)) => (text, vec![*d]),
    };
    Fixture { path, stem, expected, text, diagnostics }
}

/// The `# expect: RULE LINE:COL` lines of the leading comment block.
fn header(path: &Path, text: &str) -> Vec<Expect> {
    let mut out = Vec::new();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let Some(rest) = line.strip_prefix("# expect:") else { continue };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let parsed = match words.as_slice() {
            [rule, at] => {
                at.split_once(':').and_then(|(l, c)| Some((rule.to_string(), l.parse().ok()?, c.parse().ok()?)))
            }
            _ => None,
        };
        match parsed {
            Some(e) => out.push(e),
            None => panic!("{}: malformed line {line:?}; expected `# expect: RULE LINE:COL`", path.display()),
        }
    }
    out
}

fn actual(f: &Fixture) -> Vec<Expect> {
    f.diagnostics
        .iter()
        .map(|d| {
            let (line, col) = line_col(&f.text, d.span.start);
            (d.rule.to_string(), line, col)
        })
        .collect()
}

fn multiset(v: &[Expect]) -> BTreeMap<&Expect, usize> {
    let mut m = BTreeMap::new();
    for e in v {
        *m.entry(e).or_default() += 1;
    }
    m
}

fn describe(f: &Fixture) -> String {
    let mut s = format!("{}:\n  expected:\n", f.path.display());
    for (rule, line, col) in &f.expected {
        let _ = writeln!(s, "    {rule} {line}:{col}");
    }
    if f.expected.is_empty() {
        s.push_str("    (nothing)\n");
    }
    s.push_str("  actual:\n");
    for d in &f.diagnostics {
        let (line, col) = line_col(&f.text, d.span.start);
        let snippet: String = f.text.get(d.span.clone()).unwrap_or("<bad span>").chars().take(40).collect();
        let _ = writeln!(
            s,
            "    {} {line}:{col}  [{:?}] {}  (at {snippet:?}; help: {})",
            d.rule,
            d.severity,
            d.message.en(),
            d.help.as_ref().map_or("-", |h| h.en())
        );
    }
    if f.diagnostics.is_empty() {
        s.push_str("    (nothing)\n");
    }
    s
}

#[test]
fn every_fixture_produces_exactly_its_expected_diagnostics() {
    let mut failures = Vec::new();
    for f in fixtures() {
        if multiset(&f.expected) != multiset(&actual(&f)) {
            failures.push(describe(&f));
        }
    }
    assert!(failures.is_empty(), "{} fixture(s) failed:\n\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn fixtures_are_named_after_a_rule_they_expect() {
    let rules: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    for f in fixtures() {
        // `clean.yaml`, the base of the others, and `clean-N.yaml` variants expect nothing.
        if f.stem == "clean" || f.stem.strip_prefix("clean-").is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())) {
            assert!(f.expected.is_empty(), "{} must expect nothing", f.path.display());
            continue;
        }
        // `<rule>.yaml` or `<rule>-N.yaml` for further variants.
        let rule = match f.stem.rsplit_once('-') {
            Some((r, n)) if n.bytes().all(|b| b.is_ascii_digit()) && !rules.contains(&f.stem.as_str()) => r,
            _ => f.stem.as_str(),
        };
        assert!(rules.contains(&rule), "{}: `{rule}` is not a rule", f.path.display());
        assert!(
            f.expected.iter().any(|(r, _, _)| r == rule),
            "{}: the fixture does not expect its own rule `{rule}`",
            f.path.display()
        );
        for (r, _, _) in &f.expected {
            assert!(rules.contains(&r.as_str()), "{}: expects unknown rule `{r}`", f.path.display());
        }
    }
}

/// Error classes no text produces by itself: the watchdog reports `resource-limit` when a
/// bound on time or memory is hit (tested end to end in tests/hostile.rs).
const FOUND_BY_THE_WATCHDOG: &[&str] = &["resource-limit"];

#[test]
fn every_rule_and_error_class_has_a_fixture() {
    let all = fixtures();
    let covered: Vec<&str> = all.iter().flat_map(|f| f.expected.iter().map(|(r, _, _)| r.as_str())).collect();
    let rules = || Rule::ALL.iter().map(|r| r.name()).filter(|r| !FOUND_BY_THE_WATCHDOG.contains(r));
    let missing: Vec<&str> = rules().filter(|r| !covered.contains(r)).collect();
    assert!(missing.is_empty(), "rules without a fixture expecting them: {missing:?}");
    for r in rules() {
        assert!(fixture_dir().join(format!("{r}.yaml")).exists(), "no tests/fixtures/{r}.yaml");
    }
}

#[test]
fn every_span_lies_within_the_text_on_char_boundaries() {
    for f in fixtures() {
        for d in &f.diagnostics {
            let spans = std::iter::once(&d.span).chain(d.related.iter().map(|(r, _)| r));
            for span in spans {
                assert!(
                    span.start <= span.end && f.text.get(span.clone()).is_some(),
                    "{}: {} has span {span:?}, not a slice of the {}-byte text",
                    f.path.display(),
                    d.rule,
                    f.text.len()
                );
            }
            for lang in [Lang::En, Lang::Zh] {
                assert!(!d.message.get(lang).is_empty(), "{}: {} has no message", f.path.display(), d.rule);
            }
        }
    }
}

#[test]
fn clean_fixture_is_clean() {
    let f = load(fixture_dir().join("clean.yaml"));
    assert!(f.diagnostics.is_empty(), "{}", describe(&f));
}

#[test]
fn every_rule_is_documented_in_full() {
    let headings = ["## What it does", "## Why is this bad?", "## Example", "Use instead"];
    let mut missing = Vec::new();
    for r in Rule::ALL {
        for h in headings {
            if !r.docs(Lang::En).contains(h) {
                missing.push(format!("{r}: no `{h}`"));
            }
        }
        assert!(!r.summary(Lang::En).is_empty(), "{r} has no summary");
    }
    assert!(missing.is_empty(), "rule docs incomplete:\n{}", missing.join("\n"));
}
