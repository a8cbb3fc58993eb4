//! Shared pieces of the fuzz targets: the invariants every checked text must satisfy, and the
//! generator of structurally valid specs (`check_spec`).

pub mod generate;
mod tame;

use commspec::build::{self, OutputFile};
use commspec::check::{self, Options, Outcome};
use commspec::diagnostics::Diagnostic;
use commspec::i18n::Lang;
use commspec::plan;

/// Checks `text` and asserts what must hold for any input: no panic (implicitly), every
/// diagnostic span (primary and related) inside the text, on character boundaries, and
/// reports that print every problem on its own line with no control character, in English
/// and in Chinese (every diagnostic carries both, so every input fuzzes both at the cost of
/// one check).
pub fn check_text(text: &str) -> Outcome {
    let outcome = check::check(text, &Options::default());
    assert_spans(text, &outcome.diagnostics);
    for lang in [Lang::En, Lang::Zh] {
        assert_reports(text, &outcome.diagnostics, lang);
    }
    outcome
}

/// The report formats: `human` does not panic; `short` and `github` print one line per
/// problem; no format lets a control character other than a line break through.
pub fn assert_reports(text: &str, diagnostics: &[Diagnostic], lang: Lang) {
    use commspec::report::{self, FileReport};
    let file = FileReport { name: "spec.yaml", text, diagnostics, lang };
    let human = report::human(&file, false, 100);
    let short = report::short(&file);
    let github = report::github(&file);
    for (format, out) in [("human", &human), ("short", &short), ("github", &github)] {
        let bad = out.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t'));
        assert!(bad.is_none(), "{format} printed the control character {bad:?}:\n{out}");
    }
    assert_eq!(short.lines().count(), diagnostics.len(), "short: one line per problem:\n{short}");
    assert_eq!(github.lines().count(), diagnostics.len(), "github: one line per problem:\n{github}");
}

pub fn assert_spans(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let spans = std::iter::once(&d.span).chain(d.related.iter().map(|(s, _)| s));
        for s in spans {
            assert!(
                s.start <= s.end
                    && s.end <= text.len()
                    && text.is_char_boundary(s.start)
                    && text.is_char_boundary(s.end),
                "span {s:?} of `{}` is not a char range of the {}-byte text: {d:?}",
                d.rule,
                text.len()
            );
            // Locating it must not panic either.
            let _ = commspec::diagnostics::line_col(text, s.start);
        }
    }
}

/// The build path of a spec with no errors: check, plan, render every file.
/// Returns None when the text has errors.
pub fn build_files(text: &str) -> Option<(Vec<Diagnostic>, Vec<OutputFile>)> {
    let outcome = check::check_with(text, &Options::default(), Some(check::default_artifacts()));
    assert_spans(text, &outcome.diagnostics);
    if outcome.has_errors() {
        return None;
    }
    let (loaded, analysis) = outcome.checked.as_ref().expect("no errors, so the spec was checked");
    let plan = plan::plan(&loaded.spec, analysis);
    match build::render_all(text, loaded, analysis, &plan, check::default_artifacts()) {
        Ok(files) => Some((outcome.diagnostics, files)),
        Err(e) => panic!("a spec without errors failed to build: {e:?}"),
    }
}

/// Checks `text`; when it has no errors, builds it, and when the build is small enough to
/// repeat cheaply, builds it again and asserts both builds (and their diagnostics) are
/// identical. What `check` passes, `build` builds: `check` renders every message once per
/// distinct value it uses.
pub fn check_and_build(text: &str) {
    let outcome = check_text(text);
    if outcome.has_errors() {
        return;
    }
    let first = build_files(text);
    assert!(first.is_some(), "check passed a spec that build refuses");
    let size: usize = first.iter().flat_map(|(_, files)| files).map(|f| f.bytes.len()).sum();
    if size <= 256 * 1024 {
        assert_eq!(first, build_files(text), "two builds of the same text differ");
    }
}
