//! Printing diagnostics: `human` (miette's graphical report), `short`, `json` and `github`.

use std::fmt::{self, Write as _};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Lines, Severity};

/// Output formats of `commspec check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical report with source snippets (colour on a terminal).
    Human,
    /// One line per problem: `file:line:col: severity[rule]: message`.
    Short,
    /// A JSON array of problems.
    Json,
    /// GitHub Actions workflow commands (annotations on pull requests). The default when
    /// `GITHUB_ACTIONS=true`.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning, Azure DevOps).
    Sarif,
    /// JUnit XML, for CI test reports (GitLab, Jenkins).
    Junit,
}

impl Format {
    /// Formats that print once, after every file, rather than file by file.
    pub fn is_aggregate(self) -> bool {
        matches!(self, Format::Json | Format::Sarif | Format::Junit)
    }
}

/// One file's text and its diagnostics.
pub struct FileReport<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub diagnostics: &'a [Diagnostic],
}

/// Renders the graphical report of one file. `color` picks the themed or plain style; both
/// are deterministic for a given width.
pub fn human(report: &FileReport, color: bool, width: usize) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(width).with_links(false);
    let source = CharColumns::new(report.name, report.text);
    let mut out = String::new();
    for d in report.diagnostics {
        let shown = Shown { d, source: &source };
        // Rendering into a String cannot fail.
        let _ = handler.render_report(&mut out, &shown);
        out.push('\n');
    }
    out
}

/// A file's text for miette, reporting columns in characters (miette counts bytes), so the
/// `file:line:col` header agrees with the other formats on Chinese text.
///
/// It also reads each snippet from a few lines before the span, using the line starts:
/// miette's `str` source scans from the start of the file for every label, which made a
/// file with many problems quadratic (100 000 unknown keys took minutes).
struct CharColumns<'a> {
    name: String,
    text: &'a str,
    /// Line starts as miette counts lines: `\n`, `\r\n` and a lone `\r` end a line.
    starts: Vec<usize>,
}

impl<'a> CharColumns<'a> {
    fn new(name: &str, text: &'a str) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        CharColumns { name: name.to_string(), text, starts }
    }

    /// miette's snippet of `span` with its context, read from one line more than the context
    /// needs (so miette sees the lines it would see in the whole file), shifted back.
    fn window<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<(&'b [u8], SourceSpan, usize, usize, usize), MietteError> {
        let line = self.starts.partition_point(|s| *s <= span.offset()).saturating_sub(1);
        let first = line.saturating_sub(before + 1);
        let from = self.starts[first];
        let window: &'b str = &self.text[from..];
        let local = SourceSpan::new((span.offset() - from).into(), span.len());
        let inner = window.read_span(&local, before, after)?;
        let shifted = SourceSpan::new((inner.span().offset() + from).into(), inner.span().len());
        Ok((inner.data(), shifted, inner.line() + first, inner.column(), inner.line_count() + first))
    }
}

impl SourceCode for CharColumns<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let (data, shifted, line, inner_column, line_count) = self.window(span, before, after)?;
        let column = if before == 0 && after == 0 {
            // The header's location: recount the column in characters.
            let start = span.offset().min(self.text.len());
            let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
            self.text.get(line_start..start).map_or(inner_column, |s| s.chars().count())
        } else {
            inner_column
        };
        Ok(Box::new(
            MietteSpanContents::new_named(self.name.clone(), data, shifted, line, column, line_count)
                .with_language("yaml"),
        ))
    }
}

/// A diagnostic with its file, as miette wants it.
struct Shown<'a> {
    d: &'a Diagnostic,
    source: &'a CharColumns<'a>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.d.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = std::iter::once(LabeledSpan::new_primary_with_span(
            Some(self.d.label.clone()).filter(|l| !l.is_empty()),
            self.d.span.start..self.d.span.end,
        ));
        let related = self.d.related.iter().map(|(s, l)| LabeledSpan::new_with_span(Some(l.clone()), s.start..s.end));
        Some(Box::new(primary.chain(related)))
    }
}

/// `file:line:col: severity[rule]: message`, one per line.
pub fn short(report: &FileReport) -> String {
    let lines = Lines::new(report.text);
    let mut out = String::new();
    for d in report.diagnostics {
        let (line, col) = lines.line_col(d.span.start);
        let _ = writeln!(out, "{}:{line}:{col}: {}[{}]: {}", report.name, d.severity.as_str(), d.rule, d.message);
    }
    out
}

/// One problem in the `json` format (also what `sarif` and `junit` are built from).
#[derive(Serialize, Clone)]
pub struct JsonItem {
    pub file: String,
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// The JSON items of one file.
pub fn json_items(report: &FileReport) -> Vec<JsonItem> {
    let lines = Lines::new(report.text);
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (line, column) = lines.line_col(d.span.start);
            let (end_line, end_column) = lines.line_col(d.span.end);
            JsonItem {
                file: report.name.to_string(),
                rule: d.rule,
                severity: d.severity.as_str(),
                message: d.message.clone(),
                help: d.help.clone(),
                line,
                column,
                end_line,
                end_column,
            }
        })
        .collect()
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
pub fn github(report: &FileReport) -> String {
    let lines = Lines::new(report.text);
    let mut out = String::new();
    for d in report.diagnostics {
        let (line, col) = lines.line_col(d.span.start);
        let (end_line, end_col) = lines.line_col(d.span.end);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            escape_property(report.name),
            escape_property(&format!("commspec {}", d.rule)),
            escape_data(&message)
        );
    }
    out
}

/// Escaping of workflow command data (the message).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping of workflow command properties (file, title).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// SARIF 2.1.0: one run, every rule that fired as a reporting descriptor with its docs,
/// every problem as a result. Columns count Unicode code points.
pub fn sarif(items: &[JsonItem]) -> String {
    let mut rules: Vec<&'static str> = items.iter().map(|i| i.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    let descriptors: Vec<serde_json::Value> = rules
        .iter()
        .map(|name| {
            let rule = crate::lint::find(name);
            let summary = rule.map_or("", |r| r.summary);
            let docs = rule.map_or(String::new(), crate::lint::docs_text);
            let level = match rule {
                Some(r) if r.configurable && r.default == crate::spec::Level::Warn => "warning",
                _ => "error",
            };
            // SARIF wants a name distinct from the id (`no-gate` → `NoGate`), or none.
            let pascal: String = name.split('-').map(|w| w[..1].to_uppercase() + &w[1..]).collect();
            let mut descriptor = serde_json::json!({
                "id": name,
                "shortDescription": { "text": summary },
                "fullDescription": { "text": summary },
                "help": { "text": docs, "markdown": docs },
                "defaultConfiguration": { "level": level },
            });
            if name.contains('-') {
                descriptor["name"] = pascal.into();
            }
            descriptor
        })
        .collect();
    let results: Vec<serde_json::Value> = items
        .iter()
        .map(|i| {
            let mut text = i.message.clone();
            if let Some(h) = &i.help {
                text.push_str(" (help: ");
                text.push_str(h);
                text.push(')');
            }
            serde_json::json!({
                "ruleId": i.rule,
                "ruleIndex": rules.iter().position(|r| *r == i.rule).unwrap_or(0),
                "level": i.severity,
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": file_uri(&i.file) },
                        "region": {
                            "startLine": i.line,
                            "startColumn": i.column,
                            "endLine": i.end_line,
                            "endColumn": i.end_column.max(if i.end_line == i.line { i.column } else { 1 }),
                        },
                    },
                }],
            })
        })
        .collect();
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "commspec",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/commspec/commspec",
                "rules": descriptors,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

/// A path as a URI reference: forward slashes, bytes outside the unreserved set percent-encoded,
/// `file://` for absolute paths.
fn file_uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path).replace('\\', "/");
    let mut out = if path.starts_with('/') { String::from("file://") } else { String::new() };
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// JUnit XML: a test suite per file, a failing test case per problem, one passing case for a
/// clean file.
pub fn junit(files: &[String], items: &[JsonItem]) -> String {
    let failures = items.len();
    let tests: usize = files.iter().map(|f| items.iter().filter(|i| &i.file == f).count().max(1)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"commspec\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">");
    for file in files {
        let mine: Vec<&JsonItem> = items.iter().filter(|i| &i.file == file).collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            xml(file),
            mine.len().max(1),
            mine.len()
        );
        if mine.is_empty() {
            let _ = writeln!(out, "    <testcase name=\"commspec check\" classname=\"{}\"/>", xml(file));
        }
        for i in mine {
            let _ =
                writeln!(out, "    <testcase name=\"{} {}:{}\" classname=\"{}\">", i.rule, i.line, i.column, xml(file));
            let body = format!(
                "{}:{}:{}: {}{}",
                i.file,
                i.line,
                i.column,
                i.message,
                i.help.as_ref().map(|h| format!("\nhelp: {h}")).unwrap_or_default()
            );
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                i.severity,
                xml(&i.message),
                xml(&body)
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// XML text and attribute escaping; characters XML 1.0 forbids are dropped.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("x\ny"), "x%0Ay");
    }

    /// Reading from a window gives what miette reads from the whole text, for every span.
    #[test]
    fn windowed_snippets_equal_whole_text_snippets() {
        let texts = [
            "a: 1\nb:\n  c: 名字\n  d: [x, y]\n\ne: |\n  z\n",
            "a: 1\r\nb: 2\r\n\r\nc: 3\r\n",
            "lone\rcr\rlines\n\nend",
            "\n\n\n",
            "no newline at all",
            "",
        ];
        for text in texts {
            let source = CharColumns::new("f", text);
            for offset in 0..=text.len() {
                for len in [0, 1, 3, 8, text.len()] {
                    let span = SourceSpan::new(offset.into(), len.min(text.len() - offset));
                    for (before, after) in [(0, 0), (1, 1), (2, 3), (5, 0)] {
                        let whole = text.read_span(&span, before, after);
                        let window = source.window(&span, before, after);
                        match (whole, window) {
                            (Ok(w), Ok((data, sp, line, column, count))) => {
                                let got = (data, sp, line, column, count);
                                let want = (w.data(), *w.span(), w.line(), w.column(), w.line_count());
                                assert_eq!(got, want, "{text:?} {span:?} {before} {after}");
                            }
                            (Err(_), Err(_)) => {}
                            (w, g) => panic!("{text:?} {span:?}: whole {:?} vs window {:?}", w.is_ok(), g.is_ok()),
                        }
                    }
                }
            }
        }
    }
}
