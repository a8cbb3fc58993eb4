//! Chinese output (`--lang zh`, or `LANG`/`LC_ALL` starting with `zh`): diagnostics, help
//! texts and `explain` pages. Messages are written in English where they are made; this
//! module maps each English sentence pattern to its Chinese form, so translations live in one
//! catalogue (`zh.rs`) that a test keeps complete.

mod zh;
mod zh_docs;

use crate::diagnostics::Diagnostic;

/// The language of messages for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese (中文).
    Zh,
}

impl Lang {
    /// The flag if given, else Chinese when the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, in
    /// POSIX order of precedence) starts with `zh`.
    pub fn detect(flag: Option<Lang>) -> Lang {
        if let Some(l) = flag {
            return l;
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if locale.starts_with("zh") { Lang::Zh } else { Lang::En }
    }
}

/// Translates a diagnostic's message, help and labels in place.
pub fn localize(d: &mut Diagnostic, lang: Lang) {
    if lang == Lang::En {
        return;
    }
    d.message = text(&d.message);
    d.help = d.help.as_deref().map(text);
    d.label = text(&d.label);
    for (_, label) in &mut d.related {
        *label = text(label);
    }
}

/// A rule's `explain` page in Chinese, if written.
pub fn docs(rule: &str) -> Option<&'static str> {
    zh_docs::DOCS.iter().find(|(name, _)| *name == rule).map(|(_, d)| *d)
}

/// The text in `lang`.
pub fn text_in(en: &str, lang: Lang) -> String {
    if lang == Lang::Zh { text(en) } else { en.to_string() }
}

/// The Chinese form of an English text, or the text itself when no pattern matches.
pub fn text(en: &str) -> String {
    translate(en).unwrap_or_else(|| en.to_string())
}

/// The Chinese form of an English text, if the catalogue has its pattern. Sentences joined by
/// `; ` or `. ` are translated part by part.
pub fn translate(en: &str) -> Option<String> {
    if en.is_empty() {
        return Some(String::new());
    }
    if let Some(zh) = translate_one(en) {
        return Some(zh);
    }
    for sep in ["; ", ". ", "? "] {
        if let Some((a, b)) = split_sentence(en, sep) {
            let joint = if sep == "? " { "？" } else { "；" };
            return Some(format!("{}{joint}{}", translate(a)?, translate(b)?));
        }
    }
    None
}

/// Splits at the first separator outside backticks.
fn split_sentence<'a>(s: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let mut in_code = false;
    for (i, c) in s.char_indices() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code && s[i..].starts_with(sep) {
            let (a, b) = (&s[..i + if sep == "? " { 1 } else { 0 }], &s[i + sep.len()..]);
            let a = a.strip_suffix('?').unwrap_or(a);
            return (!a.is_empty() && !b.is_empty()).then_some((a, b));
        }
    }
    None
}

/// The best (most literal text matched) pattern for one sentence.
fn translate_one(en: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for (pattern, zh) in zh::MESSAGES {
        if let Some(args) = match_pattern(pattern, en) {
            let weight = pattern.len() - 2 * args.len();
            if best.as_ref().is_none_or(|(w, _)| weight > *w) {
                best = Some((weight, fill(zh, &args)));
            }
        }
    }
    best.map(|(_, s)| s)
}

/// Matches `en` against a pattern with `{}` placeholders; returns the captured arguments.
fn match_pattern<'a>(pattern: &str, en: &'a str) -> Option<Vec<&'a str>> {
    let pieces: Vec<&str> = pattern.split("{}").collect();
    let mut rest = en.strip_prefix(pieces[0])?;
    let mut args = Vec::with_capacity(pieces.len() - 1);
    for (i, piece) in pieces.iter().enumerate().skip(1) {
        let last = i == pieces.len() - 1;
        let at = if last {
            if !rest.ends_with(piece) {
                return None;
            }
            rest.len() - piece.len()
        } else if piece.is_empty() {
            return None; // two placeholders in a row are ambiguous
        } else {
            rest.find(piece)?
        };
        args.push(&rest[..at]);
        rest = &rest[at + piece.len()..];
    }
    (pieces.len() > 1 || rest.is_empty()).then_some(args)
}

/// Puts the arguments into a Chinese template (`{0}`, `{1}`…), translating arguments that are
/// themselves sentences (nested messages).
fn fill(zh: &str, args: &[&str]) -> String {
    let mut out = zh.to_string();
    for (i, arg) in args.iter().enumerate() {
        let value = if arg.contains(' ') && !arg.starts_with('`') { text(arg) } else { (*arg).to_string() };
        out = out.replace(&format!("{{{i}}}"), &value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_capture_and_reorder() {
        assert_eq!(match_pattern("unknown key `{}` in `{}`", "unknown key `a` in `b.c`"), Some(vec!["a", "b.c"]));
        assert_eq!(match_pattern("the file is empty", "the file is empty"), Some(vec![]));
        assert_eq!(match_pattern("the file is empty", "the file is empty!"), None);
        assert_eq!(text("unknown key `capacty` in `groups`"), "`groups` 中有未知的键 `capacty`");
    }

    #[test]
    fn every_pattern_is_well_formed() {
        for (en, zh) in zh::MESSAGES {
            let holes = en.matches("{}").count();
            for i in 0..holes {
                assert!(zh.contains(&format!("{{{i}}}")), "`{zh}` lacks {{{i}}} for `{en}`");
            }
            assert!(!zh.contains(&format!("{{{holes}}}")), "`{zh}` has too many holes for `{en}`");
            assert!(!en.contains("{}{}"), "ambiguous pattern `{en}`");
        }
    }
}
