//! The language of everything commspec says to people (`--lang zh`, or a locale starting with
//! `zh`), and [`Text`]: its words in English and Chinese, written side by side where they are
//! made. Nothing is translated after the fact; the other crates' words (the YAML parser's,
//! minijinja's, the system's) appear as they are, after a lead sentence of our own.

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

/// A [`Text`] from an English and a Chinese format string, with the same arguments (captured
/// names, or `name = value` pairs after the two strings).
/// The English noun for `n` things: `one` for 1, else `many` (Chinese has no plural).
pub(crate) fn english_noun(n: impl Into<u64>, one: &'static str, many: &'static str) -> &'static str {
    if n.into() == 1 { one } else { many }
}

macro_rules! tr {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::i18n::Text::new(format!($en), format!($zh))
    };
    ($en:literal, $zh:literal, $($arg:tt)+) => {
        $crate::i18n::Text::new(format!($en, $($arg)+), format!($zh, $($arg)+))
    };
}

pub(crate) use tr;
