//! Template errors → diagnostics pointing at the line inside the template, in the file.

use std::collections::BTreeMap;
use std::ops::Range;

use minijinja::{ErrorKind, Value};

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::span::SpanIndex;

/// A diagnostic for a template error in the field at `ptr` whose source is `source`.
/// `names` is the context the template saw, for "did you mean".
pub fn template_diagnostic(
    ptr: &str,
    source: &str,
    err: &minijinja::Error,
    text: &str,
    index: &SpanIndex,
    names: &BTreeMap<String, Value>,
) -> Diagnostic {
    let node = index.lookup(ptr);
    let range = err
        .range()
        .filter(|r| r.end <= source.len() && source.is_char_boundary(r.start) && source.is_char_boundary(r.end));
    let span =
        node.map(|n| locate(text, n.value.clone(), n.literal, source, range.clone(), err.line())).unwrap_or(0..0);
    let detail = err.detail().unwrap_or_default().to_string();
    match err.kind() {
        ErrorKind::SyntaxError => {
            Diagnostic::error("template-syntax", span, format!("template syntax error: {detail}"))
                .with_label("syntax error")
                .with_help("templates use Jinja2 syntax: `{{ name }}` for values, `{% if … %}…{% endif %}` for logic")
        }
        ErrorKind::UndefinedError => {
            let name = range.map(|r| source[r].trim().to_string()).filter(|s| !s.is_empty());
            let name = name.unwrap_or_else(|| "a name".to_string());
            Diagnostic::error("template-undefined", span, format!("template uses undefined name `{name}`"))
                .with_label("undefined here")
                .with_help(undefined_help(&name, names))
        }
        ErrorKind::OutOfFuel => Diagnostic::error("template-error", span, "template ran too long and was stopped")
            .with_label("stopped here")
            .with_help("templates may run a bounded amount of work: look for a loop that never ends or is very large"),
        _ => {
            let msg = if detail.is_empty() { err.kind().to_string() } else { detail };
            Diagnostic::error("template-error", span, format!("template failed: {msg}"))
                .with_label("failed here")
                .with_help(
                    "fix the expression; templates see the spec's sections, `roles`, `group` and the matrix variables",
                )
        }
    }
}

/// What the template could have meant: a close top-level name, or a close field of the
/// object it reached into.
fn undefined_help(name: &str, names: &BTreeMap<String, Value>) -> String {
    let mut parts = name.split('.').map(str::trim);
    let first = parts.next().unwrap_or_default();
    let top: Vec<&str> = names.keys().map(String::as_str).collect();
    let Some(obj) = names.get(first) else {
        return match did_you_mean(first, top.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Templates here see: {}", top.join(", ")),
            None => format!("templates here see: {}", top.join(", ")),
        };
    };
    let Some(field) = parts.next() else {
        return "this name is not available in this template".to_string();
    };
    let keys: Vec<String> = obj.try_iter().map(|it| it.map(|k| k.to_string()).collect()).unwrap_or_default();
    match did_you_mean(field, keys.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{first}.{s}`? `{first}` has: {}", keys.join(", ")),
        None if keys.is_empty() => format!("`{first}` has no field `{field}`"),
        None => format!("`{first}` has no field `{field}` in this spec; it has: {}", keys.join(", ")),
    }
}

/// Maps a byte range (or line) of the template source onto the file.
fn locate(
    text: &str,
    node: Range<usize>,
    literal: bool,
    source: &str,
    range: Option<Range<usize>>,
    line: Option<usize>,
) -> Range<usize> {
    let node_text = &text[node.clone()];
    // Plain or quoted on one line, with no escapes: the source sits verbatim in the node.
    if let Some(at) = node_text.find(source).filter(|_| !source.is_empty() && !source.contains('\n')) {
        let base = node.start + at;
        return match range {
            Some(r) => base + r.start..base + r.end.max(r.start),
            None => base..base + source.len(),
        };
    }
    if literal {
        let tline = match (&range, line) {
            (Some(r), _) => source[..r.start].matches('\n').count(),
            (None, Some(l)) => l.saturating_sub(1),
            (None, None) => return node,
        };
        let tline_start = source.split_inclusive('\n').take(tline).map(str::len).sum::<usize>();
        let tline_text = source[tline_start..].split('\n').next().unwrap_or_default();
        // The node starts at the first content character; later lines share its indentation.
        let indent = node.start - text[..node.start].rfind('\n').map_or(0, |i| i + 1);
        let mut file_line = node.start - indent;
        for _ in 0..tline {
            match text[file_line..].find('\n') {
                Some(i) => file_line += i + 1,
                None => return node,
            }
        }
        let content = if tline == 0 { node.start } else { file_line + indent.min(text[file_line..].len()) };
        if !text[content.min(text.len())..].starts_with(tline_text) || !text.is_char_boundary(content) {
            return node;
        }
        return match range {
            Some(r) => {
                let start = content + (r.start - tline_start);
                let end = content + (r.end.min(tline_start + tline_text.len()) - tline_start);
                start..end.max(start)
            }
            None => content..content + tline_text.len(),
        };
    }
    node
}
