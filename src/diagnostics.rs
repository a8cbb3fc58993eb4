//! Findings as values: every stage pushes [`Diagnostic`]s, nothing is thrown.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

use crate::i18n::Text;
pub use crate::rule::Rule;

/// How bad a finding is once levels are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem in one file, located at a byte range of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The rule or error class, e.g. `no-gate`, `unknown-key`.
    pub rule: Rule,
    pub severity: Severity,
    /// What is wrong: lowercase, offending values in backticks.
    pub message: Text,
    /// How to fix it.
    pub help: Option<Text>,
    /// The node at fault.
    pub span: Range<usize>,
    /// Text of the primary label.
    pub label: Text,
    /// Secondary places, e.g. where a duplicate was first defined.
    pub related: Vec<(Range<usize>, Text)>,
}

/// What a diagnostic says, in both languages: what is wrong, the label at the node, and how
/// to fix it.
pub(crate) struct Said {
    pub(crate) message: Text,
    pub(crate) label: Text,
    pub(crate) help: Text,
}

/// A family's typed message. Each family declares an enum of what it reports, with typed
/// arguments, and says each variant in English and Chinese side by side ([`crate::i18n::tr!`]),
/// so a message missing either language does not compile.
pub(crate) trait Message {
    /// The rule or error class the message belongs to.
    fn rule(&self) -> Rule;
    /// What it says.
    fn said(&self) -> Said;
}

impl Diagnostic {
    /// `message` at `span`: an error for an error class; for a lint, a warning until its
    /// level is applied.
    pub(crate) fn of(span: Range<usize>, message: &impl Message) -> Self {
        let (rule, Said { message, label, help }) = (message.rule(), message.said());
        let severity = if rule.configurable() { Severity::Warning } else { Severity::Error };
        // A message with nothing to add says so with an empty help, printed as none.
        let help = Some(help).filter(|h| !h.en().is_empty());
        Diagnostic { rule, severity, message, help, span, label, related: Vec::new() }
    }

    pub(crate) fn with_related(mut self, span: Range<usize>, label: Text) -> Self {
        self.related.push((span, label));
        self
    }
}

/// 1-based line and column (in characters) of a byte offset. For many lookups in one text,
/// use [`Lines`].
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    Lines::new(text).line_col(byte)
}

/// The line starts of a text, so each line/column lookup costs O(log n + line length)
/// rather than a scan from the start: a file with 100 000 problems must not take minutes.
pub(crate) struct Lines<'a> {
    text: &'a str,
    /// Byte offset of each line's first byte; `starts[0] == 0`.
    starts: Vec<usize>,
    /// The last offset located and its character count from its line's start: reports locate
    /// offsets in order, so many problems on one long line are counted on from the last one
    /// instead of from the line's start each time (which was quadratic).
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts =
            std::iter::once(0).chain(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Lines { text, starts: starts.collect(), last: std::cell::Cell::new((0, 0)) }
    }

    /// The 1-based line of a byte offset (clamped to the text), in logarithmic time.
    pub(crate) fn line(&self, byte: usize) -> usize {
        self.starts.partition_point(|s| *s <= byte.min(self.text.len()))
    }

    /// 1-based line and column (in characters) of a byte offset (clamped to the text).
    pub(crate) fn line_col(&self, byte: usize) -> (usize, usize) {
        let text = self.text;
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= byte);
        let line_start = self.starts[line - 1];
        let (last, counted) = self.last.get();
        let chars = if (line_start..=byte).contains(&last) {
            counted + text[last..byte].chars().count()
        } else {
            text[line_start..byte].chars().count()
        };
        self.last.set((byte, chars));
        let mut col = chars + 1;
        if line_start == 0 && text.starts_with('\u{feff}') && byte > 0 {
            col -= 1; // editors do not show a byte-order mark as a column
        }
        (line, col)
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= limit.max(c.chars().count() / 3) && *d < word.chars().count().max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance over chars, counting a swap of neighbours as one edit (optimal string
/// alignment), so `titel` is one step from `title` and Chinese labels compare by character.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// A JSON pointer as a path people read: `/roles/2/max_groups` → `roles[2].max_groups`.
pub(crate) fn display_path(ptr: &str) -> String {
    let mut out = String::new();
    for seg in ptr.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    if out.is_empty() { "the document".to_string() } else { out }
}

/// `s` with every character that could move the cursor, drive the terminal or reorder the
/// text around it made visible: control characters (C0, DEL, C1) as `\n`, `\r`, `\t` or
/// `\u{1b}`, and the invisible bidirectional and line-separator characters (trojan source) as
/// `\u{202e}`. Everything commspec prints that comes from a spec or a file name goes through it.
pub(crate) fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    s.chars().for_each(|c| push_visible(&mut out, c));
    Cow::Owned(out)
}

/// Whether [`visible`] escapes `c`.
pub(crate) fn escaped(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Pushes `c`, escaped as [`visible`] escapes it.
pub(crate) fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if escaped(c) => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_offsets_count_on_from_the_last_in_any_order() {
        let text = "\u{feff}a: 名字, b: [x, 好]\nc: 1\r\n\nd: 长长的一行，好多字";
        let naive = |byte: usize| {
            let mut b = byte.min(text.len());
            while !text.is_char_boundary(b) {
                b -= 1;
            }
            let start = text[..b].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..b].matches('\n').count() + 1;
            let col = text[start..b].chars().count() + 1 - usize::from(start == 0 && b > 0);
            (line, col)
        };
        let lines = Lines::new(text);
        let forward: Vec<usize> = (0..=text.len() + 2).collect();
        let backward: Vec<usize> = forward.iter().rev().copied().collect();
        let zigzag: Vec<usize> =
            forward.iter().map(|i| if i % 2 == 0 { *i } else { text.len() - i % text.len() }).collect();
        for order in [forward, backward, zigzag] {
            for byte in order {
                assert_eq!(lines.line_col(byte), naive(byte), "at {byte}");
            }
        }
    }

    #[test]
    fn line_col_counts_chars() {
        let t = "a: 1\n名字: 王老师\n";
        let b = t.find("王").unwrap();
        assert_eq!(line_col(t, b), (2, 5));
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, t.len() + 10), (3, 1));
        let bom = "\u{feff}a: 1\n";
        assert_eq!(line_col(bom, bom.find('1').unwrap()), (1, 4));
        assert_eq!(line_col(bom, 0), (1, 1));
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("capacty", ["capacity", "count"]), Some("capacity"));
        assert_eq!(did_you_mean("快闪", ["快闪群", "福利群"]), Some("快闪群"));
        assert_eq!(did_you_mean("zzz", ["capacity", "count"]), None);
        assert_eq!(did_you_mean("titel", ["id", "title", "type"]), Some("title"));
    }

    #[test]
    fn paths() {
        assert_eq!(display_path("/roles/2/max_groups"), "roles[2].max_groups");
        assert_eq!(display_path(""), "the document");
        assert_eq!(display_path("/a~1b"), "a/b");
    }
}
