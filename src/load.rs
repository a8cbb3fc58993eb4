//! YAML text → a located, schema-valid, typed [`Spec`], or the diagnostics that say why not.
//!
//! Stages, each stopping the file when it fails: one parse ([`crate::yaml`]) that builds the
//! span index and the value tree as JSON, guarded against hostile input and rejecting what
//! JSON cannot say → JSON Schema → typed model.

use std::fmt::Write as _;

use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Rule, display_path};
use crate::limits::{MAX_ALIASES, MAX_DEPTH};
use crate::schema;
use crate::spec::Spec;
use crate::yaml::{self, Document, ErrorKind, SpanIndex};

/// A spec that passed syntax and schema, with its span index for locating findings.
pub struct Loaded {
    pub spec: Spec,
    pub(crate) index: SpanIndex,
    /// The spec as JSON, the form the schema saw.
    pub(crate) json: Json,
}

/// Loads one spec text. On failure, the diagnostics explain every problem found at the
/// first stage that failed.
pub(crate) fn load(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let Document { index, json, problems } =
        yaml::parse(text, MAX_DEPTH, MAX_ALIASES).map_err(|e| vec![yaml_diagnostic(e)])?;
    if index.is_empty() {
        return Err(vec![
            Diagnostic::error(Rule::MissingField, 0..0, "the file is empty")
                .with_help("a spec needs at least `commspec: 1`, `community`, `lifecycle` and `roles`; `commspec init` writes a starter"),
        ]);
    }
    if !problems.is_empty() {
        return Err(problems.into_iter().map(yaml_diagnostic).collect());
    }
    let root_text = text.get(root_span(&index)).unwrap_or_default();
    if json.is_null() && !matches!(root_text, "~" | "null" | "Null" | "NULL") {
        // `---` alone, or `--- …`: a document with nothing in it (not even `~`).
        return Err(vec![
            Diagnostic::error(Rule::MissingField, 0..0, "the file has no content")
                .with_help("a spec needs at least `commspec: 1`, `community`, `lifecycle` and `roles`; `commspec init` writes a starter"),
        ]);
    }
    if !json.is_object() {
        let found = schema::type_name(&json);
        return Err(vec![
            Diagnostic::error(
                Rule::WrongType,
                root_span(&index),
                format!("a spec is a mapping of sections, found {found}"),
            )
            .with_label("expected a mapping")
            .with_help("start the file with `commspec: 1`, then the sections `community`, `lifecycle`, `roles`…"),
        ]);
    }
    let mut problems = schema::validate(&json, &index);
    for d in &mut problems {
        // A field missing from a list item is reported at the item, which has no key: show
        // its first line rather than every line of it.
        if d.rule == Rule::MissingField {
            if let Some(nl) = text.get(d.span.clone()).and_then(|s| s.find('\n')) {
                d.span.end = d.span.start + text[d.span.start..d.span.start + nl].trim_end().len();
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let spec: Spec = serde_path_to_error::deserialize(&json).map_err(|e| {
        let ptr = to_pointer(e.path());
        let span = index.lookup(&ptr).map_or(0..0, |n| n.value.clone());
        let path = display_path(&ptr);
        let inner = e.inner().to_string();
        // The scalar parsers say "invalid date `2027-02-30`: why"; the why becomes the help,
        // as for the problems the schema finds.
        let d = match inner.split_once("`: ") {
            Some((head, why)) => {
                Diagnostic::error(Rule::InvalidValue, span, format!("{head}` at `{path}`")).with_help(why)
            }
            None => Diagnostic::error(Rule::InvalidValue, span, format!("invalid value at `{path}`: {inner}")),
        };
        vec![d.with_label("invalid value")]
    })?;
    Ok(Loaded { spec, index, json })
}

/// The whole document's span, for problems of the document as a whole.
fn root_span(index: &SpanIndex) -> std::ops::Range<usize> {
    index.get("").map_or(0..0, |n| n.value.clone())
}

fn to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => {
                let _ = write!(out, "/{index}");
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push('/');
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// A problem of the YAML itself as a diagnostic: its kind says the rule, label and help.
fn yaml_diagnostic(e: yaml::Error) -> Diagnostic {
    let text_key = "write keys as plain words, like `name:`";
    let (rule, label, help) = match e.kind {
        ErrorKind::Syntax => (Rule::YamlSyntax, "here", syntax_help(&e.message).to_string()),
        ErrorKind::Unclosed => {
            (Rule::YamlSyntax, "unclosed", "close it where the list or mapping ends, or write it in block style".into())
        }
        ErrorKind::TooDeep => {
            (Rule::InputLimit, "too deep", format!("a spec needs a few levels of nesting; {MAX_DEPTH} is the limit"))
        }
        ErrorKind::TooManyAliases => {
            (Rule::InputLimit, "one alias too many", format!("at most {MAX_ALIASES} aliases are allowed in one file"))
        }
        ErrorKind::AliasExpansion => (
            Rule::InputLimit,
            "this alias crosses the limit",
            "aliases that copy aliases multiply (an \"alias bomb\"); alias small parts only".into(),
        ),
        ErrorKind::AnchoredNodes => (
            Rule::InputLimit,
            "this anchor crosses the limit",
            "anchor small parts only, and do not nest anchors in anchored nodes".into(),
        ),
        ErrorKind::RecursiveAlias => (
            Rule::YamlStructure,
            "refers to its own container",
            "an alias must refer to a node defined before and outside it".into(),
        ),
        ErrorKind::MultipleDocuments => (
            Rule::YamlStructure,
            "second document",
            "one file holds one spec: move the other document to a file of its own".into(),
        ),
        ErrorKind::DuplicateKey => {
            (Rule::YamlStructure, "duplicate key", "remove one of the two, or merge their contents".into())
        }
        ErrorKind::ComplexKey => (Rule::YamlStructure, "not a text key", text_key.into()),
        ErrorKind::NullKey => (Rule::YamlStructure, "a null key", text_key.into()),
        ErrorKind::AliasKey => (Rule::YamlStructure, "an alias as a key", text_key.into()),
        ErrorKind::Tag => (Rule::YamlStructure, "tagged value", "remove the tag; write the value plainly".into()),
        ErrorKind::Merge => {
            (Rule::YamlStructure, "not a mapping", "`<<` takes an alias of a mapping, or a list of such aliases".into())
        }
        ErrorKind::TaggedValue => {
            (Rule::InvalidValue, "invalid value", "remove the tag, or write a value of that type".into())
        }
        ErrorKind::TooLarge => (
            Rule::InvalidValue,
            "too large",
            "numbers must fit in 64 bits; if this is text (an id, a phone number), quote it".into(),
        ),
        ErrorKind::NotFinite => {
            (Rule::InvalidValue, "not a finite number", "write a number, or quote the value if it is text".into())
        }
    };
    let d = Diagnostic::error(rule, e.span, e.message).with_label(label).with_help(help);
    match e.related {
        Some((r, label)) => d.with_related(r, label),
        None => d,
    }
}

fn syntax_help(message: &str) -> &'static str {
    if message.contains("tab after") {
        "YAML separates a key's `:` from its value with a space: replace the tab"
    } else if message.contains("tab") {
        "YAML indents with spaces only: replace the tabs with spaces"
    } else {
        "check the indentation and that every quote and bracket is closed"
    }
}
