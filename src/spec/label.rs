//! Enums of the language: each value has an English spelling and a Chinese label, and both
//! are accepted as input (`type: 快闪群` means `type: flash`). Output uses the English value
//! in data and the Chinese label in text for people.

/// Declares a labelled enum with serde and JSON Schema support.
///
/// The schema lists every English value and every Chinese label as a documented `const`,
/// so editors complete both and hover shows what each means.
macro_rules! label_enum {
    (
        $(#[doc = $doc:literal])*
        $name:ident {
            $( $variant:ident = $value:literal / $label:literal : $what:literal ),+ $(,)?
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

            /// Parses an English value or a Chinese label.
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.value() == s || v.label() == s)
            }

            /// Every accepted spelling, English values first.
            pub fn spellings() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.value()).chain(Self::ALL.iter().map(|v| v.label())).collect()
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
                    $crate::spec::refuse($crate::spec::Invalid::Label { text: s.into_owned(), expected: Self::spellings() })
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
                        "description": format!("{} — {}", $label, $what),
                    }));
                )+
                $(
                    branches.push(serde_json::json!({
                        "const": $label,
                        "description": format!("Chinese label of `{}`: {}", $value, $what),
                    }));
                )+
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
