//! Template errors → diagnostics pointing at the line inside the template, in the file.

use std::collections::BTreeMap;
use std::ops::Range;

use minijinja::{ErrorKind, Value};

use crate::diagnostics::{Diagnostic, Rule, did_you_mean};
use crate::yaml::SpanIndex;

/// A diagnostic for a template error in the field at `ptr` whose source is `source`.
/// `names` is the context the template saw, for "did you mean".
pub(crate) fn template_diagnostic(
    ptr: &str,
    source: &str,
    err: &minijinja::Error,
    text: &str,
    index: &SpanIndex,
    names: &BTreeMap<String, Value>,
) -> Diagnostic {
    let range = err
        .range()
        .filter(|r| r.end <= source.len() && source.is_char_boundary(r.start) && source.is_char_boundary(r.end))
        .map(|r| whole_expression(source, r));
    let span = in_file(ptr, source, range.clone(), err.line(), text, index);
    let detail = err.detail().unwrap_or_default().to_string();
    match err.kind() {
        ErrorKind::SyntaxError => {
            Diagnostic::error(Rule::TemplateSyntax, span, format!("template syntax error: {detail}"))
                .with_label("syntax error")
                .with_help("templates use Jinja2 syntax: `{{ name }}` for values, `{% if … %}…{% endif %}` for logic")
        }
        ErrorKind::UndefinedError => {
            let name = range.map(|r| source[r].trim().to_string()).filter(|s| !s.is_empty());
            let name = name.unwrap_or_else(|| "a name".to_string());
            Diagnostic::error(Rule::TemplateUndefined, span, format!("template uses undefined name `{name}`"))
                .with_label("undefined here")
                .with_help(undefined_help(&name, names))
        }
        ErrorKind::OutOfFuel => Diagnostic::error(Rule::TemplateError, span, "template ran too long and was stopped")
            .with_label("stopped here")
            .with_help("templates may run a bounded amount of work: look for a loop that never ends or is very large"),
        _ => {
            let msg = if detail.is_empty() { err.kind().to_string() } else { detail };
            Diagnostic::error(Rule::TemplateError, span, format!("template failed: {msg}"))
                .with_label("failed here")
                .with_help(
                    "fix the expression; templates see the spec's sections, `roles`, `group` and the matrix variables",
                )
        }
    }
}

/// A template the field at `ptr` holds that commspec refuses (see [`super::refusal`]).
pub(crate) fn refusal_diagnostic(
    ptr: &str,
    source: &str,
    r: &super::Refusal,
    text: &str,
    index: &SpanIndex,
) -> Diagnostic {
    let line = source[..r.at.start].matches('\n').count() + 1;
    let span = in_file(ptr, source, Some(r.at.clone()), Some(line), text, index);
    Diagnostic::error(r.rule, span, r.message.clone()).with_label(r.label).with_help(r.help)
}

/// The file span of a byte range (or line) of the template of the field at `ptr`.
fn in_file(
    ptr: &str,
    source: &str,
    range: Option<Range<usize>>,
    line: Option<usize>,
    text: &str,
    index: &SpanIndex,
) -> Range<usize> {
    index.lookup(ptr).map(|n| locate(text, n.value.clone(), n.literal, source, range, line)).unwrap_or(0..0)
}

/// What the template could have meant: a close name at the first segment that does not exist
/// (`comunity.name` → `community`, `roles.owner.titel` → `roles.owner.title`).
fn undefined_help(name: &str, names: &BTreeMap<String, Value>) -> String {
    let mut segments = name.split('.').map(str::trim);
    let first = segments.next().unwrap_or_default();
    let top: Vec<&str> = names.keys().map(String::as_str).collect();
    let Some(mut value) = names.get(first).cloned() else {
        return match did_you_mean(first, top.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Templates here see: {}", top.join(", ")),
            None => format!("templates here see: {}", top.join(", ")),
        };
    };
    let mut path = first.to_string();
    for segment in segments {
        let next = value.get_attr(segment).ok().filter(|v| !v.is_undefined());
        let Some(next) = next else {
            let keys: Vec<String> = value.try_iter().map(|it| it.map(|k| k.to_string()).collect()).unwrap_or_default();
            return match did_you_mean(segment, keys.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{path}.{s}`? `{path}` has: {}", keys.join(", ")),
                None if keys.is_empty() => format!("`{path}` has no field `{segment}`"),
                None => format!("`{path}` has no field `{segment}` in this spec; it has: {}", keys.join(", ")),
            };
        };
        path.push('.');
        path.push_str(segment);
        value = next;
    }
    "this name is not available in this template".to_string()
}

/// Widens an error range that starts inside a dotted name (`.teacher.title`) to the whole
/// expression (`roles.teacher.title`).
fn whole_expression(source: &str, r: Range<usize>) -> Range<usize> {
    let part = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.');
    let start = source[..r.start].char_indices().rev().take_while(|(_, c)| part(*c)).last().map_or(r.start, |(i, _)| i);
    start..r.end
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
    // The failing text appears in the file as written unless it holds an escape: find the
    // same occurrence of it in the node (quoted, folded and multi-line scalars alike).
    if let Some(r) = range.clone().filter(|r| r.end > r.start) {
        let snippet = &source[r.clone()];
        let nth = source[..r.start].matches(snippet).count();
        if let Some((at, _)) = node_text.match_indices(snippet).nth(nth) {
            return node.start + at..node.start + at + snippet.len();
        }
    }
    if literal {
        if let Some(span) = literal_line(text, node.clone(), source, range, line) {
            return span;
        }
    }
    node
}

/// In a literal block scalar, template line k is file line k of the node: point at the
/// range within it, or the whole line.
fn literal_line(
    text: &str,
    node: Range<usize>,
    source: &str,
    range: Option<Range<usize>>,
    line: Option<usize>,
) -> Option<Range<usize>> {
    let tline = match (&range, line) {
        (Some(r), _) => source[..r.start].matches('\n').count(),
        (None, Some(l)) => l.saturating_sub(1),
        (None, None) => return None,
    };
    let tline_start = source.split_inclusive('\n').take(tline).map(str::len).sum::<usize>();
    let tline_text = source.get(tline_start..)?.split('\n').next().unwrap_or_default();
    // The node starts at the first content character; later lines share its indentation.
    let indent = node.start - text[..node.start].rfind('\n').map_or(0, |i| i + 1);
    let mut file_line = node.start - indent;
    for _ in 0..tline {
        file_line += text[file_line..].find('\n')? + 1;
    }
    let content = if tline == 0 { node.start } else { file_line + indent.min(text[file_line..].len()) };
    if !text.is_char_boundary(content) || !text[content..].starts_with(tline_text) {
        return None;
    }
    Some(match range {
        // A range at the end of the line (an unclosed block): point just past the text.
        Some(r) => {
            let start = content + (r.start - tline_start).min(tline_text.len());
            start..start
        }
        None => content..content + tline_text.len(),
    })
}
