//! Filters for the artifact templates: escaping for the formats they write.

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; quotes doubled.
/// `{{ "a,b" | csv }}` → `"a,b"`. Fields starting with `=`, `+`, `-` or `@` get a leading `'`
/// so spreadsheets do not run them as formulas.
pub fn csv(value: String) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value };
    if value.contains([',', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

/// An iCalendar TEXT value (RFC 5545 §3.3.11): `\`, `;`, `,` escaped, line breaks as `\n`.
/// `{{ "a;b" | ics }}` → `a\;b`.
pub fn ics(value: String) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\n")
        .replace(['\n', '\r'], "\\n")
}

/// A number without a needless `.0`, at most 2 decimals: `3.0` → `3`, `1.286` → `1.29`.
pub fn num(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 { format!("{}", rounded as i64) } else { format!("{rounded}") }
}

/// A Markdown table cell: `|` escaped, line breaks as `<br>`. `{{ "a|b" | md }}` → `a\|b`.
pub fn md(value: String) -> String {
    value.trim_end().replace('|', "\\|").replace("\r\n", "\n").replace('\n', "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(csv("plain".into()), "plain");
        assert_eq!(csv("a,\"b\"".into()), "\"a,\"\"b\"\"\"");
        assert_eq!(csv("=SUM(A1)".into()), "'=SUM(A1)");
        assert_eq!(ics("a;b,c\\d\ne".into()), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(md("x|y\nz\n".into()), "x\\|y<br>z");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(1.286), "1.29");
    }
}
