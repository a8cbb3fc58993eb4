//! Printing diagnostics: `human` (miette's graphical report), `short`, `json` and `github`.

use std::fmt::{self, Write as _};
use std::ops::Range;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Lines, Rule, Severity, escaped, push_visible, visible};
use crate::i18n::Lang;
use crate::limits::SNIPPET_LINE_MAX_CHARS;

/// Output formats of `commspec check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
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

/// One file's text and its diagnostics.
pub struct FileReport<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub diagnostics: &'a [Diagnostic],
    /// The language of messages, labels and help.
    pub lang: Lang,
}

/// Lines of context miette shows around each label.
const SNIPPET_CONTEXT: usize = 1;

/// Labels whose snippets are at most this many lines apart share one snippet.
const SNIPPET_JOIN_GAP: usize = 3;

/// Renders the graphical report of one file. `color` picks the themed or plain style; both
/// are deterministic for a given width.
pub fn human(report: &FileReport, color: bool, width: usize) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_context_lines(SNIPPET_CONTEXT);
    let file = SourceLines::new(report.text);
    let mut out = String::new();
    for d in report.diagnostics {
        let shown = Shown { d, snippet: Snippet::new(report.name, &file, d), lang: report.lang };
        // Rendering into a String cannot fail.
        let _ = handler.render_report(&mut out, &shown);
        // miette labels help `help:` in English only; in Chinese the help line is ours, where
        // miette would put it (after the snippets, nothing after it).
        if let (Lang::Zh, Some(help)) = (report.lang, &d.help) {
            let label = format!("  {}", help_label(Lang::Zh).trim_start());
            let wrap =
                textwrap::Options::new(width.saturating_sub(2)).initial_indent(&label).subsequent_indent("        ");
            let _ = writeln!(out, "{}", textwrap::fill(&visible(help.get(Lang::Zh)), wrap));
        }
        out.push('\n');
    }
    out
}

/// A file's text with the start of each line (`\n` ends a line, as for every other format).
struct SourceLines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    lines: Lines<'a>,
}

impl<'a> SourceLines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceLines { text, starts, lines: Lines::new(text) }
    }

    /// 0-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset) - 1
    }

    /// A line's text without its line end (`\n` or `\r\n`), and whether it has one.
    fn line(&self, i: usize) -> (usize, &'a str, bool) {
        let start = self.starts[i];
        match self.starts.get(i + 1) {
            Some(next) => {
                let line = &self.text[start..next - 1];
                (start, line.strip_suffix('\r').unwrap_or(line), true)
            }
            None => (start, &self.text[start..], false),
        }
    }
}

/// What miette reads for one diagnostic instead of the file: the lines around its labels,
/// each line longer than [`SNIPPET_LINE_MAX_CHARS`] cut to a window around the label (marked
/// `…`), control characters made [`visible`] (a spec must not drive the terminal). miette
/// pads to a label's column with a 16-bit format width, and panicked past column 65,535; and
/// a line of megabytes would have been printed whole.
struct Snippet {
    name: String,
    /// The lines shown, each ending in `\n` (but the file's last line if it has none).
    text: String,
    /// Runs of consecutive lines: where each starts in `text`, and its first line in the file.
    runs: Vec<(usize, usize)>,
    /// Each label's span in `text`, and where it starts in the file (0-based line, column in
    /// characters): the `file:line:col` header.
    labels: Vec<(Range<usize>, (usize, usize))>,
}

impl Snippet {
    fn new(name: &str, file: &SourceLines, d: &Diagnostic) -> Snippet {
        // Spans in the file, clamped to it and to character boundaries.
        let clamp = |mut at: usize| {
            at = at.min(file.text.len());
            while !file.text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let spans: Vec<Range<usize>> = std::iter::once(&d.span)
            .chain(d.related.iter().map(|(s, _)| s))
            .map(|s| clamp(s.start)..clamp(s.end.max(s.start)))
            .collect();
        // The lines shown: each label's lines with one more line of context than miette asks
        // for, joined when close.
        let last = file.starts.len() - 1;
        let margin = SNIPPET_CONTEXT + 1;
        let mut ranges: Vec<(usize, usize)> = spans
            .iter()
            .map(|s| (file.line_of(s.start).saturating_sub(margin), (file.line_of(s.end) + margin).min(last)))
            .collect();
        ranges.sort_unstable();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (lo, hi) in ranges {
            match runs.last_mut() {
                Some(run) if lo <= run.1 + SNIPPET_JOIN_GAP + 1 => run.1 = run.1.max(hi),
                _ => runs.push((lo, hi)),
            }
        }
        let mut snippet =
            Snippet { name: visible(name).into_owned(), text: String::new(), runs: Vec::new(), labels: Vec::new() };
        // Where each label's ends land in `text`.
        let mut starts = vec![0; spans.len()];
        let mut ends = vec![0; spans.len()];
        for (lo, hi) in runs {
            snippet.runs.push((snippet.text.len(), lo));
            for i in lo..=hi {
                let (line_start, line, has_end) = file.line(i);
                let line_end = line_start + line.len();
                let here = |at: usize| at >= line_start && file.line_of(at) == i;
                // Show the window around the primary label if it starts here, else the first
                // label that starts here, else one that ends here.
                let focus = Some(spans[0].start)
                    .filter(|at| here(*at))
                    .or_else(|| spans.iter().filter(|s| here(s.start)).map(|s| s.start).min())
                    .or_else(|| spans.iter().filter(|s| here(s.end)).map(|s| s.end).min())
                    .map_or(0, |at| at.min(line_end) - line_start);
                let shown = ShownLine::new(line, focus, snippet.text.len());
                for (k, s) in spans.iter().enumerate() {
                    if here(s.start) {
                        starts[k] = shown.at(line, s.start.min(line_end) - line_start, s.start > line_end);
                    }
                    if here(s.end) {
                        ends[k] = shown.at(line, s.end.min(line_end) - line_start, s.end > line_end);
                    }
                }
                snippet.text.push_str(&shown.text);
                if has_end {
                    snippet.text.push('\n');
                }
            }
        }
        for (k, s) in spans.iter().enumerate() {
            let (line, column) = file.lines.line_col(s.start);
            snippet.labels.push((starts[k]..ends[k].max(starts[k]), (line - 1, column - 1)));
        }
        snippet
    }
}

/// One line as shown in a snippet.
struct ShownLine {
    /// Where the line starts in the snippet.
    at: usize,
    /// The bytes of the line shown.
    from: usize,
    to: usize,
    /// The shown text: `…` where the line is cut.
    text: String,
}

impl ShownLine {
    /// `line` cut to at most [`SNIPPET_LINE_MAX_CHARS`] characters around byte `focus`.
    fn new(line: &str, focus: usize, at: usize) -> ShownLine {
        let max = SNIPPET_LINE_MAX_CHARS;
        let (from, to) = if line.char_indices().nth(max).is_none() {
            (0, line.len())
        } else {
            // From the line start when the focus is near it, else a quarter of the window before it.
            let from = if line[..focus].chars().take(max * 3 / 4).count() < max * 3 / 4 {
                0
            } else {
                line[..focus].char_indices().rev().nth(max / 4 - 1).map_or(0, |(i, _)| i)
            };
            let to = line[from..].char_indices().nth(max).map_or(line.len(), |(i, _)| from + i);
            (from, to)
        };
        let mut text = String::new();
        if from > 0 {
            text.push('…');
        }
        push_snippet(&mut text, &line[from..to]);
        if to < line.len() {
            text.push('…');
        }
        ShownLine { at, from, to, text }
    }

    /// Where byte `offset` of the line lands in the snippet; `past` for the line end.
    fn at(&self, line: &str, offset: usize, past: bool) -> usize {
        let lead = if self.from > 0 { '…'.len_utf8() } else { 0 };
        if past {
            self.at + self.text.len()
        } else if offset <= self.from {
            self.at + lead
        } else {
            let mut shown = String::new();
            push_snippet(&mut shown, &line[self.from..offset.min(self.to)]);
            self.at + lead + shown.len()
        }
    }
}

/// Source text as a snippet shows it: tabs kept (miette turns them into spaces), every other
/// character [`visible`] escapes escaped.
fn push_snippet(out: &mut String, text: &str) {
    for c in text.chars() {
        if c == '\t' { out.push(c) } else { push_visible(out, c) }
    }
}

impl SourceCode for Snippet {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // Read from the run that holds the span, as miette reads a whole file.
        let run = self.runs.partition_point(|r| r.0 <= span.offset()).checked_sub(1).ok_or(MietteError::OutOfBounds)?;
        let (from, first_line) = self.runs[run];
        let to = self.runs.get(run + 1).map_or(self.text.len(), |r| r.0);
        if span.offset() + span.len() > to {
            return Err(MietteError::OutOfBounds);
        }
        let local = SourceSpan::new((span.offset() - from).into(), span.len());
        let inner = self.text[from..to].read_span(&local, before, after)?;
        let data = inner.data();
        let shifted = SourceSpan::new((inner.span().offset() + from).into(), inner.span().len());
        let header = self.labels.iter().find(|(s, _)| s.start == span.offset() && s.len() == span.len());
        let (line, column) = match header {
            // The header's location: where the label starts in the file.
            Some((_, at)) if before == 0 && after == 0 => *at,
            _ => (inner.line() + first_line, inner.column()),
        };
        // The lines this read covers (miette joins two labels' snippets when they touch), plus
        // the gap within which close labels share a snippet.
        let covered = data.split(|b| *b == b'\n').count() + SNIPPET_JOIN_GAP;
        Ok(Box::new(
            MietteSpanContents::new_named(self.name.clone(), data, shifted, line, column, covered)
                .with_language("yaml"),
        ))
    }
}

/// A diagnostic with its snippet, as miette wants it.
struct Shown<'a> {
    d: &'a Diagnostic,
    snippet: Snippet,
    lang: Lang,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.d.message.get(self.lang))
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible(self.d.message.get(self.lang)))
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
        let help = self.d.help.as_ref().filter(|_| self.lang == Lang::En);
        help.map(|h| Box::new(visible(h.get(self.lang))) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.snippet)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let spans = &self.snippet.labels;
        let primary = std::iter::once(LabeledSpan::new_primary_with_span(
            Some(visible(self.d.label.get(self.lang)).into_owned()).filter(|l| !l.is_empty()),
            spans[0].0.clone(),
        ));
        let related = self.d.related.iter().zip(&spans[1..]).map(|((_, l), (s, _))| {
            LabeledSpan::new_with_span(Some(visible(l.get(self.lang)).into_owned()), s.clone())
        });
        Some(Box::new(primary.chain(related)))
    }
}

/// What introduces a help text after a message, on a line of its own.
fn help_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "\nhelp: ",
        Lang::Zh => "\n帮助：",
    }
}

/// `file:line:col: severity[rule]: message`, one per line.
pub fn short(report: &FileReport) -> String {
    let lines = Lines::new(report.text);
    let mut out = String::new();
    for d in report.diagnostics {
        let (line, col) = lines.line_col(d.span.start);
        let (name, message) = (visible(report.name), visible(d.message.get(report.lang)));
        let _ = writeln!(out, "{name}:{line}:{col}: {}[{}]: {message}", d.severity.as_str(), d.rule);
    }
    out
}

/// One problem in the `json` format (also what `sarif` and `junit` are built from).
#[derive(Serialize, Clone)]
pub(crate) struct JsonItem {
    pub(crate) file: String,
    pub(crate) rule: Rule,
    pub(crate) severity: &'static str,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
}

/// The JSON items of one file.
pub(crate) fn json_items(report: &FileReport) -> Vec<JsonItem> {
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
                message: visible(d.message.get(report.lang)).into_owned(),
                help: d.help.as_ref().map(|h| visible(h.get(report.lang)).into_owned()),
                line,
                column,
                end_line,
                end_column,
            }
        })
        .collect()
}

/// The `json` format: every problem, in a pretty-printed JSON array.
pub(crate) fn json(items: &[JsonItem]) -> String {
    let mut out = json_escape_invisible(serde_json::to_string_pretty(items).unwrap_or_else(|_| "[]".into()));
    out.push('\n');
    out
}

/// JSON escapes the C0 controls; DEL, C1 controls and bidi characters (in a file name) it
/// leaves raw, so escape those too (`\u202e`): the same string, safe on a terminal.
fn json_escape_invisible(json: String) -> String {
    if !json.chars().any(|c| escaped(c) && u32::from(c) >= 0x7f) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) && u32::from(c) >= 0x7f {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
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
        // One problem, one command: a line break in the text would start another.
        let mut message = visible(d.message.get(report.lang)).into_owned();
        if let Some(h) = &d.help {
            message.push_str(help_label(report.lang));
            message.push_str(&visible(h.get(report.lang)));
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            escape_property(&visible(report.name)),
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
pub(crate) fn sarif(items: &[JsonItem], lang: Lang) -> String {
    let mut rules: Vec<Rule> = items.iter().map(|i| i.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    let descriptors: Vec<serde_json::Value> = rules
        .iter()
        .map(|rule| {
            let name = rule.name();
            // Rule descriptors are the tool's documentation, in English like SARIF's own keys.
            let (summary, docs) = (rule.summary(Lang::En), rule.docs(Lang::En));
            let level = match rule.default_level() {
                crate::spec::Level::Warn => "warning",
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
                text.push_str(help_label(lang));
                text.push_str(h);
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
    let mut out = json_escape_invisible(serde_json::to_string_pretty(&log).unwrap_or_default());
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
pub(crate) fn junit(files: &[String], items: &[JsonItem], lang: Lang) -> String {
    let failures = items.len();
    let tests: usize = files.iter().map(|f| items.iter().filter(|i| &i.file == f).count().max(1)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"commspec\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">");
    for file in files {
        let name = visible(file);
        let mine: Vec<&JsonItem> = items.iter().filter(|i| &i.file == file).collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            xml(&name),
            mine.len().max(1),
            mine.len()
        );
        if mine.is_empty() {
            let _ = writeln!(out, "    <testcase name=\"commspec check\" classname=\"{}\"/>", xml(&name));
        }
        for i in mine {
            let _ = writeln!(
                out,
                "    <testcase name=\"{} {}:{}\" classname=\"{}\">",
                i.rule,
                i.line,
                i.column,
                xml(&name)
            );
            let body = format!(
                "{}:{}:{}: {}{}",
                name,
                i.line,
                i.column,
                i.message,
                i.help.as_ref().map(|h| format!("{}{h}", help_label(lang))).unwrap_or_default()
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

/// XML text and attribute escaping; characters XML 1.0 forbids are dropped. HTML takes it too
/// (`report --html`).
pub(crate) fn xml(s: &str) -> String {
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
    use crate::i18n::Text;

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(visible("plain 中文\u{200d}"), "plain 中文\u{200d}");
        assert_eq!(
            visible("a\u{1b}[2J\n\r\t\u{7}\u{7f}\u{85}\u{9b}"),
            "a\\u{1b}[2J\\n\\r\\t\\u{7}\\u{7f}\\u{85}\\u{9b}"
        );
        assert_eq!(
            visible("\u{202e}\u{2066}\u{2069}\u{200f}\u{2028}"),
            "\\u{202e}\\u{2066}\\u{2069}\\u{200f}\\u{2028}"
        );
        let json = json_escape_invisible("[\"a\u{202e}\u{85}\u{7f}\\u001b\"]".to_string());
        assert_eq!(json, "[\"a\\u202e\\u0085\\u007f\\u001b\"]");
        assert_eq!(serde_json::from_str::<Vec<String>>(&json).unwrap(), ["a\u{202e}\u{85}\u{7f}\u{1b}"]);
    }

    #[test]
    fn github_escapes() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("x\ny"), "x%0Ay");
    }

    /// A diagnostic at `span`, with a related label at `related`.
    fn diagnostic(span: Range<usize>, related: Option<Range<usize>>) -> Diagnostic {
        let words = Text::verbatim;
        let d = Diagnostic {
            rule: Rule::UnknownKey,
            severity: Severity::Error,
            message: words("unknown key"),
            help: Some(words("remove it")),
            span,
            label: words("here"),
            related: Vec::new(),
        };
        match related {
            Some(r) => d.with_related(r, words("and here")),
            None => d,
        }
    }

    /// What miette prints reading the whole file, as `human` did before snippets were cut.
    fn whole_file(text: &str, d: &Diagnostic) -> String {
        struct Whole<'a>(&'a Diagnostic, miette::NamedSource<String>);
        impl fmt::Debug for Whole<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.message.en())
            }
        }
        impl fmt::Display for Whole<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.message.en())
            }
        }
        impl std::error::Error for Whole<'_> {}
        impl miette::Diagnostic for Whole<'_> {
            fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
                Some(Box::new(self.0.rule))
            }
            fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
                self.0.help.as_ref().map(|h| Box::new(h.en()) as Box<dyn fmt::Display>)
            }
            fn source_code(&self) -> Option<&dyn SourceCode> {
                Some(&self.1)
            }
            fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
                let d = self.0;
                let primary = LabeledSpan::new_primary_with_span(Some(d.label.en().to_string()), d.span.clone());
                let related = d
                    .related
                    .iter()
                    .map(|(s, l)| LabeledSpan::new_with_span(Some(visible(l.en()).into_owned()), s.clone()));
                Some(Box::new(std::iter::once(primary).chain(related)))
            }
        }
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false)
            .with_context_lines(SNIPPET_CONTEXT);
        let whole = Whole(d, miette::NamedSource::new("f", text.to_string()).with_language("yaml"));
        let mut out = String::new();
        handler.render_report(&mut out, &whole).unwrap();
        out.push('\n');
        out
    }

    fn shown(text: &str, d: &Diagnostic) -> String {
        human(&FileReport { name: "f", text, diagnostics: std::slice::from_ref(d), lang: Lang::En }, false, 100)
    }

    /// On short lines, the snippet is what miette shows from the whole file, for every span.
    #[test]
    fn snippets_of_short_lines_are_unchanged() {
        let texts = [
            "a: 1\nb:\n  c: x\n  d: [x, y]\n\ne: |\n  z\n",
            "a: 1\r\nb: 2\r\n\r\nc: 3\r\n",
            "\n\n\n",
            "no newline at all",
            "",
        ];
        for text in texts {
            for offset in 0..=text.len() {
                for len in [0, 1, 3, 8] {
                    let d = diagnostic(offset..(offset + len).min(text.len()), None);
                    // miette underlines the `\r` of `\r\n` as a column of the line; the snippet
                    // drops it with the line end (and counts it, as every format does).
                    if text[d.span.start.saturating_sub(1)..d.span.end].contains('\r') {
                        continue;
                    }
                    assert_eq!(shown(text, &d), whole_file(text, &d), "{text:?} {:?}", d.span);
                }
            }
        }
        // Labels on neighbouring lines share a snippet; labels far apart each have their own.
        let text: String = (1..=12).map(|i| format!("k{i}: v\n")).collect();
        for (a, b) in [(0, 7), (7, 21), (0, 62)] {
            let d = diagnostic(b..b + 2, Some(a..a + 2));
            assert_eq!(shown(&text, &d), whole_file(&text, &d), "{a} {b}");
        }
    }

    /// miette joins two labels' snippets when line + line count reaches the other's line, and
    /// its own line count is absolute: on a whole file, labels hundreds of lines apart came out
    /// as one snippet of every line between. Snippets join only when a few lines apart.
    #[test]
    fn labels_far_apart_have_their_own_snippets() {
        let text: String = (1..=600).map(|i| format!("k{i}: v\n")).collect();
        let (a, b) = (text.find("k300:").unwrap(), text.find("k500:").unwrap());
        let d = diagnostic(b..b + 4, Some(a..a + 4));
        assert!(whole_file(&text, &d).contains("k400:"));
        let out = shown(&text, &d);
        assert!(!out.contains("k400:") && out.contains("k300:") && out.contains("k500:"), "{out}");
        assert_eq!(out.matches("╭─[f:").count(), 2, "{out}");
        // A few lines apart: one snippet, with the lines between.
        let c = text.find("k304:").unwrap();
        let out = shown(&text, &diagnostic(c..c + 4, Some(a..a + 4)));
        assert!(out.contains("k302:") && out.matches("╭─[f:").count() == 1, "{out}");
    }

    /// A label past column 65,535 panicked inside miette (its padding is a 16-bit format
    /// width); long lines are cut to a window around the label, and the header still gives
    /// the label's column in the file.
    #[test]
    fn long_lines_are_cut_around_the_label() {
        for c in ["a", "中"] {
            let line = c.repeat(100_000);
            let text = format!("before: 1\nlong: {line}zzz\nafter: 1\n");
            let at = text.find("zzz").unwrap();
            let out = shown(&text, &diagnostic(at..at + 3, None));
            assert!(out.contains("[f:2:100007]"), "{out}");
            let cut = out.lines().find(|l| l.contains("zzz")).unwrap();
            assert!(cut.contains('…') && cut.chars().count() < SNIPPET_LINE_MAX_CHARS + 20, "{cut}");
            // The underline sits under `zzz`.
            let under = out.lines().find(|l| l.contains('┬')).unwrap();
            let width = |s: &str| s.chars().map(|ch| if ch == '中' { 2 } else { 1 }).sum::<usize>();
            assert_eq!(width(&under[..under.find('┬').unwrap()]), width(&cut[..cut.find("zzz").unwrap()]) + 1);
            // The primary label is shown when a related one is far before it on the line.
            let out = shown(&text, &diagnostic(at..at + 3, Some(16..20)));
            let cut = out.lines().find(|l| l.contains("zzz")).unwrap();
            assert!(out.contains("[f:2:100007]") && cut.starts_with(" 2 │ …"), "{out}");
            // A label at the start of the long line, and context lines that are long.
            let out = shown(&format!("{line}\n{line}\n{line}\n"), &diagnostic(0..3, None));
            assert!(out.lines().all(|l| l.chars().count() < SNIPPET_LINE_MAX_CHARS + 20), "{out}");
        }
    }
}
