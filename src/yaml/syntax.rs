//! The parser's refusals, located where a person would fix them and, when the text shows the
//! usual cause, said in plain words: a tab, a quote or bracket left open, a line indented out
//! of step with the lines above. Otherwise the parser's own words, at the place it stopped.

use std::cmp::Ordering;

use super::one_char;
use super::problem::{Entry, Error, Problem, error};
use crate::diagnostics::line_col;

/// Keys are shown up to this many characters.
const KEY_SHOWN: usize = 60;

/// The parser stopped at byte `pos` saying `info`; `open_flow` is where the innermost flow
/// collection still open starts.
pub(super) fn explain(text: &str, pos: usize, info: &str, open_flow: Option<usize>) -> Error {
    tab(text, pos, info)
        .or_else(|| unclosed_quote(text, pos))
        .or_else(|| open_flow.and_then(|open| unclosed_flow(text, open, pos)))
        .or_else(|| indented_deeper(text, pos))
        .or_else(|| not_lined_up(text, pos))
        .unwrap_or_else(|| error(Problem::Syntax { detail: info.to_string() }, one_char(text, pos)))
}

/// A tab where YAML wants a space. The parser marks the token after the tabs, or, for a tab
/// in the indentation, sometimes a token on the line before it.
fn tab(text: &str, pos: usize, info: &str) -> Option<Error> {
    let tabs = text[..pos].len() - text[..pos].trim_end_matches('\t').len();
    if tabs > 0 && (info.contains("tab") || info.contains("valid YAML whitespace")) {
        let at = pos - tabs;
        let (start, _) = line_at(text, at);
        let line = line_col(text, at).0;
        let problem = if text[start..at].bytes().all(|b| b == b' ') {
            Problem::TabIndent { line }
        } else if text[..at].ends_with(':') {
            Problem::TabAfterColon { line }
        } else {
            Problem::Syntax { detail: info.to_string() }
        };
        return Some(error(problem, one_char(text, at)));
    }
    if info.contains("tab") {
        let tab = indentation_tab(text, pos)?;
        return Some(error(Problem::TabIndent { line: line_col(text, tab).0 }, tab..tab + 1));
    }
    None
}

/// The first tab in the indentation of the line holding `pos` or the line after it.
fn indentation_tab(text: &str, pos: usize) -> Option<usize> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let mut start = line_start;
    for line in text[line_start..].split_inclusive('\n').take(2) {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(start + i);
        }
        start += line.len();
    }
    None
}

/// A quoted scalar that does not close on its line: the parser reports its opening quote
/// when it meets the end of the text, a document marker, or a line indented too little to go
/// on with it (most often the next key, since the closing quote is missing).
fn unclosed_quote(text: &str, pos: usize) -> Option<Error> {
    let quote = text[pos..].chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let (start, line) = line_at(text, pos);
    // Closed on its line, or on the next one: a two-line value the parser refused for another
    // reason (most often the second line's indentation). Saying "not closed" would send the
    // user looking for a quote that is there; the parser's own words serve better. A quote
    // further down is most likely another value's.
    let next = text[pos..].split_once('\n').map(|(_, rest)| rest.split('\n').next().unwrap_or_default());
    if closes(&line[pos - start + 1..], quote) || next.is_some_and(|n| closes(n, quote)) {
        return None;
    }
    Some(error(Problem::UnclosedQuote { quote, line: line_col(text, pos).0 }, pos..pos + 1))
}

/// Whether the text after an opening `quote` holds its closing quote (`\"` escapes a double
/// quote, `''` is a single quote inside single quotes).
fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && quote == '"' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek() == Some(&'\'') {
                chars.next();
            } else {
                return true;
            }
        }
    }
    false
}

/// The open `[` or `{` at `open` when an error at `pos` is most likely its missing close: the
/// error is on a later line, indented no deeper than the line the collection opened on (the
/// block structure resumed), or at the end of the text.
fn unclosed_flow(text: &str, open: usize, pos: usize) -> Option<Error> {
    let line_of = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let (open_line, err_line) = (line_of(open), line_of(pos));
    let rest = text[err_line..].split('\n').next().unwrap_or_default();
    let at_end = text[pos..].trim().is_empty();
    let resumed =
        err_line > open_line && (rest.trim().is_empty() || indent(&text[err_line..]) <= indent(&text[open_line..]));
    if !(at_end || resumed) {
        return None;
    }
    let bracket = if text[open..].starts_with('[') { '[' } else { '{' };
    let mut err = error(Problem::UnclosedFlow { open: bracket, line: line_col(text, pos).0 }, open..open + 1);
    // Where the parser noticed is often mid-line (the `:` of the next key); the bracket
    // belongs before that line's first token.
    let first = err_line + (text[err_line..].len() - text[err_line..].trim_start_matches([' ', '\t']).len());
    err.related = Some(one_char(text, if first > open && first <= pos { first } else { pos }));
    Some(err)
}

/// `key: value` followed by a line with a key indented deeper: the parser reads the deeper
/// line as more of the value, then stops at its `:`.
fn indented_deeper(text: &str, pos: usize) -> Option<Error> {
    if !text[pos..].starts_with(':') {
        return None;
    }
    let (start, line) = line_at(text, pos);
    let column = indent(line);
    let (key, _) = key_of(&line[column..]).filter(|(k, _)| start + column + k.len() == pos)?;
    if is_item(key) {
        return None;
    }
    let (above_start, above_line) = lines_before(text, start).find(|(_, l)| !levels(l).is_empty())?;
    let above_column = *levels(above_line).last()?;
    let (above, value) = key_of(&above_line[above_column..])?;
    let value = value.trim();
    if above_column >= column || value.is_empty() || value.starts_with(['#', '|', '>']) {
        return None;
    }
    let key_at = start + column;
    let above_at = above_start + above_column;
    Some(Error {
        problem: Problem::IndentedDeeper {
            key: shown(key),
            above: shown(above),
            line: line_col(text, above_start).0,
            column: above_column + 1,
        },
        span: key_at..key_at + key.len(),
        related: Some(above_at..above_at + above.len()),
    })
}

/// A line, stopped at its first token, indented less than the entry above it but more than
/// the entry holding that one: it lines up with nothing.
fn not_lined_up(text: &str, pos: usize) -> Option<Error> {
    let (start, line) = line_at(text, pos);
    let column = indent(line);
    if start + column != pos {
        return None;
    }
    let (this, this_len) = entry_at(line, column)?;
    // Walking up, the entries a line could line up with are those shallower than every line
    // passed; the last one deeper than this line is the one it falls short of.
    let (mut with, mut bound) = (None, usize::MAX);
    'lines: for (at, above) in lines_before(text, start) {
        for level in levels(above).into_iter().rev() {
            // A list item lines up with the `-` of its siblings, never with a key inside one.
            if level >= bound || matches!(this, Entry::Item) && level > column && !is_item(&above[level..]) {
                continue;
            }
            match level.cmp(&column) {
                Ordering::Equal => return None,
                Ordering::Less => break 'lines,
                Ordering::Greater => (with, bound) = (Some((at, above, level)), level),
            }
        }
    }
    let (above_start, above, level) = with?;
    let (with, with_len) = entry_at(above, level)?;
    let with_at = above_start + level;
    Some(Error {
        problem: Problem::NotLinedUp {
            this,
            with,
            line: line_col(text, above_start).0,
            found: column + 1,
            column: level + 1,
        },
        span: pos..pos + this_len,
        related: Some(with_at..with_at + with_len),
    })
}

/// The start of the line holding `pos`, and the line without its line break.
fn line_at(text: &str, pos: usize) -> (usize, &str) {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (start, text[start..end].trim_end_matches('\r'))
}

/// The lines before the one starting at `start`, nearest first, each with its start.
fn lines_before(text: &str, start: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut end = start;
    std::iter::from_fn(move || {
        let newline = end.checked_sub(1)?;
        let line_start = text[..newline].rfind('\n').map_or(0, |i| i + 1);
        end = line_start;
        Some((line_start, text[line_start..newline].trim_end_matches('\r')))
    })
}

/// The columns where block nodes start on a line: its indentation, and the content after
/// each `- ` (`  - id: a` has nodes at 2 and 4). None on a blank or comment line.
fn levels(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = indent(line);
    while at < line.len() && !line[at..].starts_with('#') {
        out.push(at);
        if !is_item(&line[at..]) {
            break;
        }
        at += 1 + indent(&line[at + 1..]);
    }
    out
}

/// What starts at `column` of `line`, and its length in bytes.
fn entry_at(line: &str, column: usize) -> Option<(Entry, usize)> {
    let rest = &line[column..];
    if is_item(rest) {
        return Some((Entry::Item, 1));
    }
    let (key, _) = key_of(rest)?;
    Some((Entry::Key(shown(key)), key.len()))
}

/// The key of a `key: value` (or `key:`) line part, and what follows its `:`.
fn key_of(s: &str) -> Option<(&str, &str)> {
    let colon = s.match_indices(':').map(|(i, _)| i).find(|i| matches!(s.as_bytes().get(i + 1), None | Some(b' ')))?;
    let key = s[..colon].trim_end();
    (!key.is_empty()).then_some((key, &s[colon + 1..]))
}

fn is_item(s: &str) -> bool {
    s == "-" || s.starts_with("- ")
}

/// Leading spaces (a tab is not indentation in YAML).
fn indent(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

fn shown(key: &str) -> String {
    key.chars().take(KEY_SHOWN).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the parser's error in `text` becomes.
    fn explained(text: &str) -> Problem {
        crate::yaml::parse(text, 64, 1000).expect_err("a syntax error").problem
    }

    #[test]
    fn a_quote_counts_as_open_only_when_it_does_not_close_on_its_line() {
        assert!(closes("a\\\"b\" x", '"'));
        assert!(!closes("a\\\"b", '"'));
        assert!(!closes("it''s", '\''));
        assert!(closes("it''s'", '\''));
        assert!(closes("a\\'", '\''), "a backslash escapes nothing in single quotes");
        assert_eq!(explained("a: 'it''s\nb: 1\n"), Problem::UnclosedQuote { quote: '\'', line: 1 });
        // Closed, with something after it: the parser's words.
        assert!(matches!(explained("a: \"x\" y\n"), Problem::Syntax { .. }));
    }

    #[test]
    fn indentation_is_compared_with_the_entries_that_enclose_the_line() {
        // Lines in between that are deeper (a block scalar, a nested mapping) are passed over.
        let t = "a:\n  b: |\n      text\n  c:\n    d: 1\n e: 2\n";
        let with = Entry::Key("c".into());
        assert_eq!(
            explained(t),
            Problem::NotLinedUp { this: Entry::Key("e".into()), with, line: 4, found: 2, column: 3 }
        );
        // Deeper after a key whose value is on the next lines is fine YAML; after a value on
        // its line it is more of that value (in a list item too).
        let t = "roles:\n  - id: a\n      type: b\n";
        let (key, above) = ("type".into(), "id".into());
        assert_eq!(explained(t), Problem::IndentedDeeper { key, above, line: 2, column: 5 });
        // A line that lines up with an entry above is not this mistake.
        assert_eq!(levels("  - - a: 1 # c"), [2, 4, 6]);
        assert_eq!(levels("   # only a comment"), [] as [usize; 0]);
        assert!(not_lined_up("a:\n  b: 1\n  c d: 2\n", 12).is_none());
    }
}
