//! Enums of the language: each value has an English spelling and a Chinese label, and both
//! are accepted as input (`type: 快闪群` means `type: flash`), as are the synonyms operators
//! use where they are unambiguous (`训练营` for `course`). Output uses the English value in
//! data and the Chinese label in text for people.

use crate::i18n::Text;

/// Declares a labelled enum with serde and JSON Schema support.
///
/// Each value is `Variant = "value" / "标签" | "synonym"… : "what it means"`. The schema lists
/// every English value (titled with its label), every Chinese label and every synonym as a
/// documented `const`, so editors complete them all and hover shows what each means.
macro_rules! label_enum {
    (
        $(#[doc = $doc:literal])*
        $name:ident {
            $( $variant:ident = $value:literal / $label:literal $(| $synonym:literal)* : $what:literal ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        // `pub`, reaching as far as the module re-exports it: crate-wide, and public for
        // `Level` (a lint rule's default level).
        pub enum $name { $( $variant ),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The English value, as written in specs and data.
            pub fn value(self) -> &'static str {
                match self { $($name::$variant => $value),+ }
            }

            /// The Chinese label, used in text for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Other words operators use for the value (`训练营` for `course`).
            pub fn synonyms(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($synonym),*]),+ }
            }

            /// Parses an English value, a Chinese label or a synonym.
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.value() == s || v.other_spellings().contains(&s))
            }

            /// The spellings besides the English value: the label, then the synonyms.
            pub fn other_spellings(self) -> Vec<&'static str> {
                std::iter::once(self.label()).chain(self.synonyms().iter().copied()).collect()
            }

            /// Every value as people choose among them, with its label: `course (课程群), …`.
            pub fn choices() -> $crate::i18n::Text {
                $crate::spec::label::listed(Self::ALL.iter().map(|v| (v.value(), Some(v.label()))))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.value())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<str>::deserialize(d)?;
                Self::parse(&s).ok_or_else(|| {
                    $crate::spec::refuse($crate::spec::Invalid::Label { text: s.into_owned(), expected: Self::choices() })
                })
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let doc: &str = concat!($($doc, "\n"),*).trim();
                let mut branches = Vec::new();
                $(
                    branches.push(serde_json::json!({
                        "const": $value,
                        "title": $label,
                        "description": format!("{} — {}", $label, $what),
                    }));
                )+
                $(
                    branches.push(serde_json::json!({
                        "const": $label,
                        "description": format!("Chinese label of `{}`: {}", $value, $what),
                    }));
                )+
                $($(
                    branches.push(serde_json::json!({
                        "const": $synonym,
                        "description": format!("Synonym of `{}` ({}): {}", $value, $label, $what),
                    }));
                )*)+
                schemars::json_schema!({
                    "description": doc,
                    "type": "string",
                    "anyOf": branches,
                })
            }
        }
    };
}

pub(crate) use label_enum;

/// Values as people choose among them, each with its Chinese label if it has one:
/// `course (课程群), …` in English, `course（课程群）、…` in Chinese.
pub(crate) fn listed<'a>(choices: impl Iterator<Item = (&'a str, Option<&'a str>)> + Clone) -> Text {
    let each = |open: &str, close: &str| -> Vec<String> {
        let one = |(value, label): (&str, Option<&str>)| match label {
            Some(label) => format!("{value}{open}{label}{close}"),
            None => value.to_string(),
        };
        choices.clone().map(one).collect()
    };
    Text::new(each(" (", ")").join(", "), each("（", "）").join("、"))
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::spec::{CommunityType, RoleType};

    #[test]
    fn values_labels_and_synonyms_all_parse_to_the_value() {
        for s in ["course", "课程群", "训练营"] {
            assert_eq!(CommunityType::parse(s), Some(CommunityType::Course), "{s}");
        }
        assert_eq!(RoleType::parse("KOC"), Some(RoleType::Core));
        assert_eq!(RoleType::Core.other_spellings(), ["骨干精英", "KOC", "koc", "骨干"]);
        assert_eq!(CommunityType::parse("训练"), None);
        let refused: Result<CommunityType, _> = serde_json::from_str(r#""训练""#);
        assert!(refused.unwrap_err().to_string().contains("expected one of lead (引流群), welfare (福利群)"));
    }

    #[test]
    fn choices_list_each_value_with_its_label_in_both_languages() {
        let listed = super::listed([("course", Some("课程群")), ("other", None)].into_iter());
        assert_eq!(listed.en(), "course (课程群), other");
        assert_eq!(listed.get(Lang::Zh), "course（课程群）、other");
        assert!(RoleType::choices().en().contains("core (骨干精英)"));
    }
}
