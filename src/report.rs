//! Printing diagnostics: `human` (miette's graphical report), `short`, `json` and `github`.

use std::fmt::{self, Write as _};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity, line_col};

/// Output formats of `commspec check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical report with source snippets (colour on a terminal).
    Human,
    /// One line per problem: `file:line:col: severity[rule]: message`.
    Short,
    /// A JSON array of problems.
    Json,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
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
    let source = NamedSource::new(report.name, report.text.to_string()).with_language("yaml");
    let mut out = String::new();
    for d in report.diagnostics {
        let shown = Shown { d, source: &source };
        // Rendering into a String cannot fail.
        let _ = handler.render_report(&mut out, &shown);
        out.push('\n');
    }
    out
}

/// A diagnostic with its file, as miette wants it.
struct Shown<'a> {
    d: &'a Diagnostic,
    source: &'a NamedSource<String>,
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
    let mut out = String::new();
    for d in report.diagnostics {
        let (line, col) = line_col(report.text, d.span.start);
        let _ = writeln!(out, "{}:{line}:{col}: {}[{}]: {}", report.name, d.severity.as_str(), d.rule, d.message);
    }
    out
}

/// One problem in the `json` format.
#[derive(Serialize)]
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
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (line, column) = line_col(report.text, d.span.start);
            let (end_line, end_column) = line_col(report.text, d.span.end);
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
    let mut out = String::new();
    for d in report.diagnostics {
        let (line, col) = line_col(report.text, d.span.start);
        let (end_line, end_col) = line_col(report.text, d.span.end);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("x\ny"), "x%0Ay");
    }
}
