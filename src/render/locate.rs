//! Template errors → diagnostics pointing at the line inside the template, in the file.

use std::collections::BTreeMap;
use std::ops::Range;

use minijinja::{ErrorKind, Value};

use super::problem::{Hint, Problem};
use super::{Field, OutputTooLarge, Refusal};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml::SpanIndex;

/// A diagnostic for a template error in `field`, whose source is `source`. `names` is the
/// context the template saw, for "did you mean".
pub(crate) fn template_diagnostic(
    field: Field,
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
    // `roles.koc-lead` is a subtraction: of undefined names, or of a name and an undefined one.
    let subtraction = matches!(err.kind(), ErrorKind::UndefinedError | ErrorKind::InvalidOperation);
    let (range, problem) = match range.as_ref().filter(|_| subtraction).and_then(|r| dashed_id(source, r, names)) {
        Some((dashed, problem)) => (Some(dashed), problem),
        None => (range.clone(), problem(source, err, range, names)),
    };
    let span = in_file(field, source, range, err.line(), text, index);
    Diagnostic::of(span, &problem)
}

/// What a minijinja error says, typed; minijinja's own words kept as its detail.
fn problem(
    source: &str,
    err: &minijinja::Error,
    range: Option<Range<usize>>,
    names: &BTreeMap<String, Value>,
) -> Problem {
    let detail = err.detail().unwrap_or_default().to_string();
    match err.kind() {
        ErrorKind::SyntaxError => Problem::Syntax { detail },
        ErrorKind::UndefinedError => {
            let name = range.map(|r| source[r].trim().to_string()).filter(|s| !s.is_empty());
            let hint = name.as_deref().map_or(Hint::Names { close: None, names: top(names) }, |n| hint(n, names));
            Problem::Undefined { name, hint }
        }
        ErrorKind::OutOfFuel => Problem::OutOfFuel,
        _ => match too_large(err) {
            Some(OutputTooLarge { max_kib }) => Problem::OutputTooLarge { max_kib },
            None if detail.is_empty() => Problem::Failed { detail: err.kind().to_string() },
            None => Problem::Failed { detail },
        },
    }
}

/// Our output limit, if that is what stopped the template.
fn too_large(err: &minijinja::Error) -> Option<OutputTooLarge> {
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        if let Some(t) = e.downcast_ref::<OutputTooLarge>() {
            return Some(*t);
        }
        source = e.source();
    }
    None
}

/// A template `field` holds that commspec refuses (see [`super::refusal`]).
pub(crate) fn refusal_diagnostic(field: Field, source: &str, r: &Refusal, text: &str, index: &SpanIndex) -> Diagnostic {
    let line = source[..r.at.start].matches('\n').count() + 1;
    let span = in_file(field, source, Some(r.at.clone()), Some(line), text, index);
    Diagnostic::of(span, &Problem::Refused(r.why))
}

/// The file span of a byte range (or line) of the template of `field`.
fn in_file(
    field: Field,
    source: &str,
    range: Option<Range<usize>>,
    line: Option<usize>,
    text: &str,
    index: &SpanIndex,
) -> Range<usize> {
    let node = index.lookup(&field.pointer());
    node.map(|n| locate(text, n.value.clone(), n.literal, source, range, line)).unwrap_or(0..0)
}

/// The names a template sees, sorted.
fn top(names: &BTreeMap<String, Value>) -> Vec<String> {
    names.keys().cloned().collect()
}

/// What the template could have meant: a close name at the first segment that does not exist
/// (`comunity.name` → `community`, `roles.owner.titel` → `roles.owner.title`).
fn hint(name: &str, names: &BTreeMap<String, Value>) -> Hint {
    let mut segments = name.split('.').map(str::trim);
    let first = segments.next().unwrap_or_default();
    let Some(mut value) = names.get(first).cloned() else {
        let names = top(names);
        let close = did_you_mean(first, names.iter().map(String::as_str)).map(str::to_string);
        return Hint::Names { close, names };
    };
    let mut path = first.to_string();
    for segment in segments {
        let next = value.get_attr(segment).ok().filter(|v| !v.is_undefined());
        let Some(next) = next else {
            let keys: Vec<String> = value.try_iter().map(|it| it.map(|k| k.to_string()).collect()).unwrap_or_default();
            let close = did_you_mean(segment, keys.iter().map(String::as_str)).map(str::to_string);
            return Hint::NoField { path, segment: segment.to_string(), close, keys };
        };
        path.push('.');
        path.push_str(segment);
        value = next;
    }
    Hint::Unavailable
}

/// An id with a `-` written as a dotted name (`roles.koc-lead.title`), which templates read
/// as a subtraction (`roles.koc - lead.title`): where it is written, and the subscript that
/// reaches it.
fn dashed_id(source: &str, r: &Range<usize>, names: &BTreeMap<String, Value>) -> Option<(Range<usize>, Problem)> {
    let part = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '-');
    let start = source[..r.start].char_indices().rev().take_while(|(_, c)| part(*c)).last().map_or(r.start, |(i, _)| i);
    let end = source[r.end..].char_indices().find(|(_, c)| !part(*c)).map_or(source.len(), |(i, _)| r.end + i);
    let written = source[start..end].trim_start_matches(['-', '.']);
    let start = end - written.len();
    let written = written.trim_end_matches(['-', '.']);
    let at = start..start + written.len();
    let mut segments = written.split('.');
    let first = segments.next()?;
    let mut value = names.get(first)?.clone();
    let (mut meant, mut id) = (first.to_string(), None);
    for segment in segments.by_ref() {
        let Some(next) = value.get_attr(segment).ok().filter(|v| !v.is_undefined()) else { break };
        if segment.contains('-') {
            meant.push_str(&format!("[\"{segment}\"]"));
            id = Some(segment.to_string());
            break;
        }
        meant.push('.');
        meant.push_str(segment);
        value = next;
    }
    let id = id?;
    segments.for_each(|s| meant.push_str(&format!(".{s}")));
    let hint = Hint::Dashed { written: written.to_string(), id, meant };
    Some((at, Problem::Undefined { name: Some(written.to_string()), hint }))
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

#[cfg(test)]
mod tests {
    use crate::check::{Options, check};
    use crate::diagnostics::{Diagnostic, Rule};
    use crate::i18n::{Lang, Text};

    /// The one diagnostic of `tests/data/base.yaml` with the `bye` step's message replaced by
    /// `template`.
    fn found(template: &str) -> Diagnostic {
        let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
        let text = base.replacen("message: 本群明天解散", &format!("message: '{template}'"), 1);
        let mut diagnostics = check(&text, &Options::default()).diagnostics;
        assert_eq!(diagnostics.len(), 1, "{template}: {diagnostics:?}");
        diagnostics.remove(0)
    }

    fn both(text: &Text) -> (&str, &str) {
        (text.en(), text.get(Lang::Zh))
    }

    #[test]
    fn minijinja_words_follow_our_lead_sentence_as_they_are() {
        // The old catalogue translated minijinja's words by pattern, and not always rightly:
        // this one became "expected `%}`", where `{% endif %}` is missing.
        let d = found("{% if day %}x");
        assert_eq!(d.rule, Rule::TemplateSyntax);
        assert_eq!(
            both(&d.message),
            (
                "template syntax error: unexpected end of input, expected end of block",
                "模板语法错误：unexpected end of input, expected end of block"
            )
        );
        assert_eq!(both(&d.label), ("syntax error", "语法错误"));
        let d = found("{{ roles.owner.title | nope }}");
        assert_eq!(d.rule, Rule::TemplateError);
        assert_eq!(
            both(&d.message),
            ("template failed: filter nope is unknown", "模板渲染失败：filter nope is unknown")
        );
    }

    #[test]
    fn commspec_limits_raised_inside_minijinja_are_said_in_both_languages() {
        // Past the output limit in the output, and in one value displayed.
        for template in ["{% for i in range(30000) %}xxxxxxxxxx{% endfor %}", "{{ range(99999)|list }}"] {
            let d = found(template);
            assert_eq!(d.rule, Rule::TemplateError, "{template}");
            assert_eq!(
                both(&d.message),
                (
                    "template failed: template output is larger than the limit of 256 KiB",
                    "模板渲染失败：模板输出超过 256 KiB 的上限"
                ),
                "{template}"
            );
        }
        let d = found("{{ [1] * 3 }}");
        assert_eq!(
            both(&d.message),
            ("template uses `*`, which commspec templates do not allow", "模板用了 `*`，commspec 的模板不允许使用它")
        );
        assert_eq!(both(&d.label), ("`*` here", "`*` 在这里"));
    }

    #[test]
    fn undefined_names_get_a_hint_in_both_languages() {
        let names = "admission, community, content, date, day, gates, group, kpis, lifecycle, monetization, rights, \
                     roles, rules, segments, step, tags";
        let names_zh = names.replace(", ", "、");
        for (template, en, zh) in [
            ("{{ zzzzzz }}", format!("templates here see: {names}"), format!("这里的模板能用的名称：{names_zh}")),
            (
                "{{ rolse.owner.title }}",
                format!("did you mean `roles`? Templates here see: {names}"),
                format!("是不是想写 `roles`？这里的模板能用的名称：{names_zh}"),
            ),
            (
                "{{ roles.owner.titel }}",
                "did you mean `roles.owner.title`? `roles.owner` has: id, type, title, staff, per_group, duties".into(),
                "是不是想写 `roles.owner.title`？`roles.owner` 包含：id、type、title、staff、per_group、duties".into(),
            ),
            (
                "{{ roles.nobody.x }}",
                "`roles` has no field `nobody` in this spec; it has: helper, owner".into(),
                "在这个 spec 中，`roles` 没有字段 `nobody`；它包含：helper、owner".into(),
            ),
            ("{{ day.x }}", "`day` has no field `x`".into(), "`day` 没有字段 `x`".into()),
        ] {
            let d = found(template);
            assert_eq!(d.rule, Rule::TemplateUndefined, "{template}");
            assert_eq!(d.help.as_ref().map(both), Some((en.as_str(), zh.as_str())), "{template}");
        }
    }
}
