//! Filters for the artifact templates: escaping for the formats they write. `check` refuses
//! control characters in a spec's texts and in what its templates render; the filters drop
//! any that still come (from a `--templates` override), as defence in depth.

use minijinja::State;

use crate::diagnostics::escaped;

/// The context variable that, false, turns the `csv` filter's formula guard off.
pub(crate) const FORMULA_GUARD: &str = "formula_guard";

/// `value` without the characters [`escaped`] reports, but those in `keep`.
fn without_controls(value: &str, keep: &[char]) -> String {
    value.chars().filter(|c| !escaped(*c) || keep.contains(c)).collect()
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; quotes doubled.
/// `{{ "a,b" | csv }}` → `"a,b"`. Fields starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return (OWASP's list) get a leading `'` so spreadsheets do not run them as formulas, unless
/// the render sets [`FORMULA_GUARD`] false (the exact texts for `sop.xlsx`, whose cells are
/// text); other control characters are dropped.
pub(crate) fn csv(state: &State, value: String) -> String {
    csv_field(value, state.lookup(FORMULA_GUARD).is_none_or(|v| v.is_true()))
}

fn csv_field(value: String, guard: bool) -> String {
    let value = without_controls(&value, &['\n', '\r', '\t']);
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let value = if guard && formula { format!("'{value}") } else { value };
    if value.contains([',', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

/// An iCalendar TEXT value (RFC 5545 §3.3.11): `\`, `;`, `,` escaped, line breaks as `\n`,
/// other control characters (which TEXT forbids, but the tab) dropped. `{{ "a;b" | ics }}` →
/// `a\;b`.
pub(crate) fn ics(value: String) -> String {
    without_controls(&value, &['\n', '\r', '\t'])
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\n")
        .replace(['\n', '\r'], "\\n")
}

/// A number without a needless `.0`, at most 2 decimals: `3.0` → `3`, `1.286` → `1.29`.
pub(crate) fn num(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 { format!("{}", rounded as i64) } else { format!("{rounded}") }
}

/// Group numbers as runs: `[1, 2, 3, 4, 7]` → `1–4、7`.
pub(crate) fn ranges(numbers: Vec<u64>) -> String {
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for n in numbers {
        match runs.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(n) => *last = n,
            _ => runs.push((n, n)),
        }
    }
    let run = |&(a, b): &(u64, u64)| if a == b { a.to_string() } else { format!("{a}–{b}") };
    runs.iter().map(run).collect::<Vec<_>>().join("、")
}

/// A Markdown table cell: `\`, `|`, `<` and `>` escaped (no raw HTML), line breaks as `<br>`,
/// a lone carriage return (which also ends a Markdown line) as a space, other control
/// characters dropped. `{{ "a|b" | md }}` → `a\|b`.
pub(crate) fn md(value: String) -> String {
    inline(value.trim_end()).replace("\r\n", "\n").replace('\r', " ").replace('\n', "<br>")
}

/// Text inside a Markdown line (a heading, a list item, a quote): escaped as in [`md`], line
/// breaks as spaces, so that no text can start a block of its own. `{{ "a\n# b" | mdline }}`
/// → `a # b`.
pub(crate) fn mdline(value: String) -> String {
    inline(value.trim()).replace("\r\n", " ").replace(['\r', '\n'], " ")
}

fn inline(value: &str) -> String {
    without_controls(value, &['\n', '\r', '\t'])
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(csv_field("plain".into(), true), "plain");
        assert_eq!(csv_field("a,\"b\"".into(), true), "\"a,\"\"b\"\"\"");
        assert_eq!(csv_field("=SUM(A1)".into(), true), "'=SUM(A1)");
        // Unguarded (for sop.xlsx): the exact text, still quoted as CSV.
        assert_eq!(csv_field("=SUM(A1)".into(), false), "=SUM(A1)");
        assert_eq!(csv_field("@所有人 a,b".into(), false), "\"@所有人 a,b\"");
        assert_eq!(ics("a;b,c\\d\ne".into()), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(md("x|y\nz\n".into()), "x\\|y<br>z");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(1.286), "1.29");
        assert_eq!(ranges(vec![1, 2, 3, 4, 7, 9, 10]), "1–4、7、9–10");
        assert_eq!(ranges(Vec::new()), "");
    }

    /// Hostile texts: formulas behind a tab or a carriage return, control characters, raw
    /// HTML and line breaks that would start a Markdown block.
    #[test]
    fn hostile_texts_are_neutralised() {
        // CSV: OWASP's formula characters, tab and carriage return included.
        for formula in ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\t=1+1", "\r=1+1"] {
            assert!(csv_field(formula.into(), true).trim_start_matches('"').starts_with('\''), "{formula:?}");
        }
        assert_eq!(csv_field("a\u{1b}[2Jb\u{0}\u{7}\u{85}\u{202e}c".into(), true), "a[2Jbc");
        assert_eq!(csv_field("\u{1b}=1".into(), true), "'=1");
        // ICS: TEXT holds no control characters but the tab.
        assert_eq!(ics("a\u{0}b\u{1b}c\u{7f}\u{9b}\td\re".into()), "abc\td\\ne");
        // Markdown: no raw HTML, no new block, no lone CR ending the table row.
        assert_eq!(md("<script>x</script>".into()), "&lt;script&gt;x&lt;/script&gt;");
        assert_eq!(md("a\rb\r\nc\\|d".into()), "a b<br>c\\\\\\|d");
        assert_eq!(md("a\u{1b}]0;t\u{7}b".into()), "a]0;tb");
        assert_eq!(mdline("名字\n# 标题\n<img src=x>\r\n- 列表".into()), "名字 # 标题 &lt;img src=x&gt; - 列表");
        assert_eq!(mdline("a|b\\".into()), "a\\|b\\\\");
    }
}
