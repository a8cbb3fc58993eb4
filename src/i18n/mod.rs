//! Chinese output (`--lang zh`, or `LANG`/`LC_ALL` starting with `zh`): diagnostics, help
//! texts and `explain` pages. Messages are written in English where they are made; this
//! module maps each English sentence pattern to its Chinese form, so translations live in one
//! catalogue (`zh.rs`) that a test keeps complete.

mod zh;

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
    pub(crate) fn detect(flag: Option<Lang>) -> Lang {
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

/// Words for people in English and Chinese, written side by side where they are made
/// ([`tr!`]), so neither language can be missing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    en: String,
    zh: String,
}

impl Text {
    pub(crate) fn new(en: String, zh: String) -> Text {
        Text { en, zh }
    }

    /// The same words in both languages: a name, a value, another program's message.
    pub(crate) fn verbatim(s: impl Into<String>) -> Text {
        let s = s.into();
        Text { zh: s.clone(), en: s }
    }

    /// The words in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// The English words (what tests and the fuzzers compare).
    pub fn en(&self) -> &str {
        &self.en
    }
}

impl From<String> for Text {
    fn from(en: String) -> Text {
        Text { zh: text(&en), en }
    }
}

impl From<&str> for Text {
    fn from(en: &str) -> Text {
        Text::from(en.to_string())
    }
}

/// A [`Text`] from an English and a Chinese format string, with the same arguments (captured
/// names, or `name = value` pairs after the two strings).
macro_rules! tr {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::i18n::Text::new(format!($en), format!($zh))
    };
    ($en:literal, $zh:literal, $($arg:tt)+) => {
        $crate::i18n::Text::new(format!($en, $($arg)+), format!($zh, $($arg)+))
    };
}

pub(crate) use tr;

/// The Chinese form of an English text, or the text itself when no pattern matches.
pub(crate) fn text(en: &str) -> String {
    translate(en).unwrap_or_else(|| en.to_string())
}

/// Pattern matches one translation may try: splitting at separators and translating values
/// could otherwise retry the same parts exponentially often (a message quoting a key full of
/// `; ` and an odd backtick ran for minutes). Past it, the rest stays in English.
const TRIES_PER_TEXT: usize = 64;

/// The Chinese form of an English text, if the catalogue has its pattern. Sentences joined by
/// `; `, `. ` or `? ` are translated part by part when the whole has no pattern.
pub fn translate(en: &str) -> Option<String> {
    let mut tries = TRIES_PER_TEXT;
    translate_within(en, &mut tries)
}

fn translate_within(en: &str, tries: &mut usize) -> Option<String> {
    if en.is_empty() {
        return Some(String::new());
    }
    if *tries == 0 {
        return None;
    }
    *tries -= 1;
    if let Some(zh) = translate_one(en, tries) {
        return Some(zh);
    }
    for sep in ["; ", ". ", "? "] {
        if let Some((a, b)) = split_sentence(en, sep) {
            let joint = match sep {
                "? " => "？",
                ". " => "。",
                _ => "；",
            };
            if let Some(a) = translate_within(a, tries) {
                if let Some(b) = translate_within(b, tries) {
                    return Some(format!("{a}{joint}{b}"));
                }
            }
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
            let (a, b) = (&s[..i], &s[i + sep.len()..]);
            return (!a.is_empty() && !b.is_empty()).then_some((a, b));
        }
    }
    None
}

/// The best pattern for one sentence: the one that matches the most literal text (a number
/// placeholder counts a little more than a text one).
fn translate_one(en: &str, tries: &mut usize) -> Option<String> {
    let mut best: Option<(usize, &Pattern, Vec<&str>, &str)> = None;
    let patterns = patterns();
    for (p, zh) in patterns {
        if let Some(args) = p.matches(en) {
            let weight = 2 * p.pieces.iter().map(|s| s.len()).sum::<usize>()
                + p.holes.iter().filter(|h| **h == Hole::Number).count();
            if best.as_ref().is_none_or(|(w, ..)| weight > *w) {
                best = Some((weight, p, args, zh));
            }
        }
    }
    // Only the winner's values are translated (each value once).
    best.map(|(_, p, args, zh)| fill(zh, &p.holes, &args, tries))
}

/// The catalogue's patterns, parsed once.
fn patterns() -> &'static [(Pattern<'static>, &'static str)] {
    static PARSED: std::sync::OnceLock<Vec<(Pattern<'static>, &'static str)>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| zh::MESSAGES.iter().map(|(en, zh)| (Pattern::parse(en), *zh)).collect())
}

/// What a placeholder takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hole {
    /// `{}`: a phrase, itself translated when the catalogue has it.
    Text,
    /// `{}` inside backticks: a name or value as written, never translated, no backtick.
    Code,
    /// `{n}`: a number such as `42`, `-9` or `2.5`.
    Number,
}

/// An English pattern cut at its placeholders: `pieces.len() == holes.len() + 1`.
struct Pattern<'p> {
    pieces: Vec<&'p str>,
    holes: Vec<Hole>,
}

impl<'p> Pattern<'p> {
    fn parse(pattern: &'p str) -> Self {
        let (mut pieces, mut holes) = (Vec::new(), Vec::new());
        let mut rest = pattern;
        loop {
            let next = [("{}", false), ("{n}", true)]
                .into_iter()
                .filter_map(|(h, number)| rest.find(h).map(|at| (at, h.len(), number)))
                .min();
            let Some((at, len, number)) = next else { break };
            let before = &pattern[..pattern.len() - rest.len() + at];
            let code = before.matches('`').count() % 2 == 1;
            pieces.push(&rest[..at]);
            holes.push(if number {
                Hole::Number
            } else if code {
                Hole::Code
            } else {
                Hole::Text
            });
            rest = &rest[at + len..];
        }
        pieces.push(rest);
        Pattern { pieces, holes }
    }

    /// The values of the placeholders when `en` has this pattern.
    fn matches<'a>(&self, en: &'a str) -> Option<Vec<&'a str>> {
        let mut rest = en.strip_prefix(self.pieces[0])?;
        let mut args = Vec::with_capacity(self.holes.len());
        for (i, (hole, piece)) in self.holes.iter().zip(&self.pieces[1..]).enumerate() {
            let at = if i + 1 == self.holes.len() {
                rest.strip_suffix(piece)?.len()
            } else if piece.is_empty() {
                return None; // two placeholders in a row are ambiguous
            } else {
                rest.find(piece)?
            };
            let arg = &rest[..at];
            let ok = match hole {
                Hole::Text => true,
                Hole::Code => !arg.contains('`'),
                Hole::Number => {
                    let digits = arg.strip_prefix('-').unwrap_or(arg);
                    digits.starts_with(|c: char| c.is_ascii_digit())
                        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
                }
            };
            if !ok {
                return None;
            }
            args.push(arg);
            rest = &rest[at + piece.len()..];
        }
        (self.holes.is_empty() && rest.is_empty() || !self.holes.is_empty()).then_some(args)
    }
}

/// Puts the arguments into a Chinese template (`{0}`, `{1}`…). A text placeholder's value is
/// translated too: a phrase (with a space, not starting with a backtick) by any pattern, a
/// single word only by an entry for exactly that word (`text` → `文本`).
fn fill(zh: &str, holes: &[Hole], args: &[&str], tries: &mut usize) -> String {
    let values: Vec<String> = holes
        .iter()
        .zip(args)
        .map(|(hole, arg)| match hole {
            Hole::Text if arg.contains(' ') && !arg.starts_with('`') => {
                translate_within(arg, tries).unwrap_or_else(|| (*arg).to_string())
            }
            Hole::Text => exact(arg).map_or_else(|| (*arg).to_string(), str::to_string),
            Hole::Code | Hole::Number => (*arg).to_string(),
        })
        .collect();
    // One pass, so a value that happens to contain `{1}` is left alone.
    let mut out = String::with_capacity(zh.len());
    let mut rest = zh;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match after[digits..].starts_with('}').then(|| after[..digits].parse::<usize>().ok()).flatten() {
            Some(i) if i < values.len() => {
                out.push_str(&values[i]);
                rest = &after[digits + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The entry for exactly this text, without placeholders.
fn exact(en: &str) -> Option<&'static str> {
    zh::MESSAGES.iter().find(|(p, _)| *p == en && !p.contains("{}") && !p.contains("{n}")).map(|(_, zh)| *zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args<'a>(pattern: &str, en: &'a str) -> Option<Vec<&'a str>> {
        Pattern::parse(pattern).matches(en)
    }

    #[test]
    fn patterns_capture_and_reorder() {
        assert_eq!(args("unknown key `{}` in `{}`", "unknown key `a` in `b.c`"), Some(vec!["a", "b.c"]));
        assert_eq!(args("the file is empty", "the file is empty"), Some(vec![]));
        assert_eq!(args("the file is empty", "the file is empty!"), None);
        assert_eq!(text("unknown key `capacty` in `groups`"), "`groups` 中有未知的键 `capacty`");
    }

    #[test]
    fn numbers_and_names_are_kept_apart() {
        assert_eq!(args("{n} errors", "12 errors"), Some(vec!["12"]));
        assert_eq!(args("{n} errors", "syntax errors"), None);
        assert_eq!(args("day {n}, before day 1", "day -9, before day 1"), Some(vec!["-9"]));
        // A name in backticks holds no backtick: the pattern does not reach across names.
        assert_eq!(args("did you mean `{}`", "did you mean `a`? Or declare it under `roles`"), None);
        assert_eq!(
            text("commspec: 1 error and 2 warnings in 1 of 3 files checked"),
            "commspec：共检查 3 个文件，其中 1 个有问题：1 个错误，2 个警告"
        );
    }

    #[test]
    fn a_hostile_key_costs_a_bounded_number_of_tries() {
        // Found by an attack: every matching pattern (not only the best) translated its
        // values, and each value again, so six unknown keys like this one ran for a minute in
        // Chinese and 0.04 s in English. Now only the best match fills, within one budget.
        let key = "a`b; c. d? e; f. g? h; i. j? k; l. m? n; o. p? q; r. s? t u";
        let en = format!("unknown key `{key}` in `groups`");
        let mut tries = 10_000;
        let _ = translate_within(&en, &mut tries);
        assert!(10_000 - tries <= TRIES_PER_TEXT, "{} tries", 10_000 - tries);
        // Past the budget, the text stays English rather than half-translated.
        assert_eq!(translate_within("unknown key `foo` at the top level", &mut 0), None);
        assert_eq!(text("unknown key `foo` at the top level"), "顶层有未知的键 `foo`");
    }

    #[test]
    fn values_are_filled_once() {
        assert_eq!(fill("{1}「{0}」", &[Hole::Code, Hole::Code], &["{1}", "x"], &mut 1), "x「{1}」");
    }

    #[test]
    fn every_pattern_is_well_formed() {
        for (en, zh) in zh::MESSAGES {
            let p = Pattern::parse(en);
            let holes = p.holes.len();
            for i in 0..holes {
                assert!(zh.contains(&format!("{{{i}}}")), "`{zh}` lacks {{{i}}} for `{en}`");
            }
            assert!(!zh.contains(&format!("{{{holes}}}")), "`{zh}` has too many holes for `{en}`");
            let inner = p.pieces.get(1..p.pieces.len().saturating_sub(1)).unwrap_or_default();
            assert!(inner.iter().all(|s| !s.is_empty()), "ambiguous pattern `{en}`");
            assert!(!zh.is_empty() || en.is_empty(), "empty translation of `{en}`");
        }
        let mut seen = std::collections::HashSet::new();
        for (en, _) in zh::MESSAGES {
            assert!(seen.insert(*en), "`{en}` is in the catalogue twice");
        }
    }
}
