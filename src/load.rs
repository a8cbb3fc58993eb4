//! YAML text → a located, schema-valid, typed [`Spec`], or the diagnostics that say why not.
//!
//! Stages, each stopping the file when it fails: one parse ([`crate::yaml`]) that builds the
//! span index and the value tree as JSON, guarded against hostile input and rejecting what
//! JSON cannot say → JSON Schema → typed model.

use std::fmt::Write as _;

use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Message, Rule, Said, display_path};
use crate::i18n::tr;
use crate::limits::{MAX_ALIASES, MAX_DEPTH};
use crate::schema;
use crate::spec::{self, Invalid, Spec};
use crate::yaml::{self, Document, Kind, Problem, SpanIndex};

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
        return Err(vec![Diagnostic::of(0..0, &Problem::Empty)]);
    }
    if !problems.is_empty() {
        return Err(problems.into_iter().map(yaml_diagnostic).collect());
    }
    let root_text = text.get(root_span(&index)).unwrap_or_default();
    if json.is_null() && !matches!(root_text, "~" | "null" | "Null" | "NULL") {
        // `---` alone, or `--- …`: a document with nothing in it (not even `~`).
        return Err(vec![Diagnostic::of(0..0, &Problem::NoContent)]);
    }
    let found = Kind::of(&json);
    if found != Kind::Mapping {
        return Err(vec![Diagnostic::of(root_span(&index), &Problem::NotAMapping { found })]);
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
    let (spec, refused) = spec::with_refusal(|| serde_path_to_error::deserialize::<_, Spec>(&json));
    let spec = spec.map_err(|e| {
        let ptr = to_pointer(e.path());
        let span = index.lookup(&ptr).map_or(0..0, |n| n.value.clone());
        let path = display_path(&ptr);
        // The scalar refused is the error only if it is what serde reported: an untagged
        // enum drops its variants' errors and reports its own.
        let detail = e.inner().to_string();
        let refusal = match refused {
            Some(invalid) if invalid.to_string() == detail => Refusal::Scalar { path, invalid },
            _ => Refusal::Model { path, detail },
        };
        vec![Diagnostic::of(span, &refusal)]
    })?;
    Ok(Loaded { spec, index, json })
}

/// What the typed model refuses that the schema let through.
enum Refusal {
    /// A scalar its type cannot read (a date past its month's end, a target of infinity).
    Scalar { path: String, invalid: Invalid },
    /// Anything else, in serde's words.
    Model { path: String, detail: String },
}

impl Message for Refusal {
    fn rule(&self) -> Rule {
        Rule::InvalidValue
    }

    fn said(&self) -> Said {
        let label = tr!("invalid value", "无效的值");
        match self {
            Refusal::Scalar { path, invalid } => Said { message: invalid.at(path), label, help: invalid.why() },
            Refusal::Model { path, detail } => Said {
                message: tr!("invalid value at `{path}`: {detail}", "`{path}` 处的值无效：{detail}"),
                label,
                help: tr!(
                    "write a value of the kind this field takes (`commspec explain invalid-value`)",
                    "请写这个字段所需类型的值（见 `commspec explain invalid-value`）"
                ),
            },
        }
    }
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

/// A problem of the YAML itself as a diagnostic, with the second place it involves.
fn yaml_diagnostic(e: yaml::Error) -> Diagnostic {
    let d = Diagnostic::of(e.span, &e.problem);
    match (e.related, e.problem.related()) {
        (Some(at), Some(label)) => d.with_related(at, label),
        _ => d,
    }
}
