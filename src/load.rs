//! YAML text → a located, schema-valid, typed [`Spec`], or the diagnostics that say why not.
//!
//! Stages, each stopping the file when it fails: span index (also the guard against hostile
//! input: depth, aliases, duplicate keys, several documents) → serde_yaml value with merge
//! keys applied → JSON (rejecting what JSON cannot say) → JSON Schema → typed model.

use std::fmt::Write as _;
use std::ops::Range;

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

use crate::diagnostics::{Diagnostic, display_path};
use crate::limits::{MAX_ALIASES, MAX_DEPTH};
use crate::schema;
use crate::span::{IndexErrorKind, SpanIndex};
use crate::spec::Spec;

/// A spec that passed syntax and schema, with its span index for locating findings.
pub struct Loaded {
    pub spec: Spec,
    pub index: SpanIndex,
    /// The spec as JSON, the form the schema saw.
    pub json: Json,
}

/// Loads one spec text. On failure, the diagnostics explain every problem found at the
/// first stage that failed.
pub fn load(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let index = SpanIndex::build(text, MAX_DEPTH, MAX_ALIASES).map_err(|e| {
        let rule = match e.kind {
            IndexErrorKind::Syntax => "yaml-syntax",
            IndexErrorKind::TooDeep | IndexErrorKind::TooManyAliases | IndexErrorKind::AliasExpansion => "input-limit",
            IndexErrorKind::DuplicateKey
            | IndexErrorKind::MultipleDocuments
            | IndexErrorKind::RecursiveAlias
            | IndexErrorKind::ComplexKey => "yaml-structure",
        };
        let (label, help) = match e.kind {
            IndexErrorKind::Syntax if e.message.contains("is not closed") => {
                ("unclosed", "close it where the list or mapping ends, or write it in block style".to_string())
            }
            IndexErrorKind::Syntax => ("here", syntax_help(&e.message)),
            IndexErrorKind::TooDeep => {
                ("too deep", format!("a spec needs a few levels of nesting; {MAX_DEPTH} is the limit"))
            }
            IndexErrorKind::TooManyAliases => {
                ("one alias too many", format!("at most {MAX_ALIASES} aliases are allowed in one file"))
            }
            IndexErrorKind::AliasExpansion => (
                "this alias crosses the limit",
                "aliases that copy aliases multiply (an \"alias bomb\"); alias small parts only".to_string(),
            ),
            IndexErrorKind::RecursiveAlias => (
                "refers to its own container",
                "an alias must refer to a node defined before and outside it".to_string(),
            ),
            IndexErrorKind::ComplexKey => ("not a text key", "write keys as plain words, like `name:`".to_string()),
            IndexErrorKind::DuplicateKey => {
                ("duplicate key", "remove one of the two, or merge their contents".to_string())
            }
            IndexErrorKind::MultipleDocuments => {
                ("second document", "one file holds one spec: move the other document to a file of its own".to_string())
            }
        };
        let mut d = Diagnostic::error(rule, e.span, e.message).with_label(label).with_help(help);
        if let Some((r, label)) = e.related {
            d = d.with_related(r, label);
        }
        vec![d]
    })?;
    if index.is_empty() {
        return Err(vec![
            Diagnostic::error("missing-field", 0..0, "the file is empty")
                .with_help("a spec needs at least `commspec: 1`, `community`, `lifecycle` and `roles`; `commspec init` writes a starter"),
        ]);
    }
    // libyaml takes a leading byte-order mark for the start of a second document.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut yaml: Yaml = serde_yaml::from_str(body).map_err(|e| {
        let at = e.location().map_or(0, |l| (l.index() + text.len() - body.len()).min(text.len()));
        vec![serde_yaml_error(&e, text, at, &index)]
    })?;
    yaml.apply_merge().map_err(|e| {
        vec![
            Diagnostic::error("yaml-structure", root_span(&index), format!("merge key `<<` could not be applied: {e}"))
                .with_help("`<<` takes an alias of a mapping, or a list of such aliases"),
        ]
    })?;
    let mut problems = Vec::new();
    let mut ptr = String::new();
    let json = to_json(&yaml, &mut ptr, &index, text, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let root_text = text.get(root_span(&index)).unwrap_or_default();
    if json.is_null() && !matches!(root_text, "~" | "null" | "Null" | "NULL") {
        // `---` alone, or `--- …`: a document with nothing in it (not even `~`).
        return Err(vec![
            Diagnostic::error("missing-field", 0..0, "the file has no content")
                .with_help("a spec needs at least `commspec: 1`, `community`, `lifecycle` and `roles`; `commspec init` writes a starter"),
        ]);
    }
    if !json.is_object() {
        let found = type_name(&json);
        return Err(vec![
            Diagnostic::error(
                "wrong-type",
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
        if d.rule == "missing-field" {
            if let Some(nl) = text.get(d.span.clone()).and_then(|s| s.find('\n')) {
                d.span.end = d.span.start + text[d.span.start..d.span.start + nl].trim_end().len();
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let spec: Spec = serde_path_to_error::deserialize(yaml).map_err(|e| {
        let ptr = to_pointer(e.path());
        let span = index.lookup(&ptr).map_or(0..0, |n| n.value.clone());
        let path = display_path(&ptr);
        let inner = strip_location(&e.inner().to_string());
        // The scalar parsers say "invalid date `2027-02-30`: why"; the why becomes the help,
        // as for the problems the schema finds.
        let d = match inner.split_once("`: ") {
            Some((head, why)) => {
                Diagnostic::error("invalid-value", span, format!("{head}` at `{path}`")).with_help(why)
            }
            None => Diagnostic::error("invalid-value", span, format!("invalid value at `{path}`: {inner}")),
        };
        vec![d.with_label("invalid value")]
    })?;
    Ok(Loaded { spec, index, json })
}

/// A `serde_yaml` failure on text the span index accepted: mostly numbers it cannot hold,
/// and its own guards (alias repetition, recursion) when ours did not fire first.
fn serde_yaml_error(e: &serde_yaml::Error, text: &str, at: usize, index: &SpanIndex) -> Diagnostic {
    let message = strip_location(&e.to_string());
    // "roles[0].max_groups: invalid type: integer `99…9` as u128, expected any YAML value"
    if let Some(i) = message.find("invalid type: integer `") {
        let rest = &message[i + "invalid type: integer `".len()..];
        let number = rest.split('`').next().unwrap_or_default();
        let rest = text.get(at..).unwrap_or_default();
        let span = at..at + rest.find(|c: char| c.is_whitespace() || ",]}#".contains(c)).unwrap_or(rest.len());
        return Diagnostic::error("invalid-value", span, format!("the number `{number}` is too large"))
            .with_label("too large")
            .with_help("numbers must fit in 64 bits; if this is text (an id, a phone number), quote it");
    }
    if message.contains("repetition limit exceeded") || message.contains("recursion limit exceeded") {
        let span = if e.location().is_some() { at..at } else { root_span(index) };
        return Diagnostic::error("input-limit", span, format!("the YAML expands too far: {message}"))
            .with_label("here")
            .with_help("aliases that copy aliases multiply; alias small parts only");
    }
    Diagnostic::error("yaml-syntax", at..at, message).with_label("here")
}

/// The whole document's span, for problems of the document as a whole.
fn root_span(index: &SpanIndex) -> std::ops::Range<usize> {
    index.get("").map_or(0..0, |n| n.value.clone())
}

/// Converts YAML to JSON, reporting what JSON (and so the schema) cannot represent, at the
/// node where it occurs. Depth is already bounded by the span index.
fn to_json(v: &Yaml, ptr: &mut String, index: &SpanIndex, text: &str, problems: &mut Vec<Diagnostic>) -> Json {
    let here = |ptr: &str| index.lookup(ptr).map_or(0..0, |n| n.value.clone());
    match v {
        Yaml::Null => Json::Null,
        Yaml::Bool(b) => Json::Bool(*b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f).map_or_else(
                    || {
                        problems.push(
                            Diagnostic::error("invalid-value", here(ptr), format!("`{n}` is not a finite number"))
                                .with_label("not a finite number")
                                .with_help("write a number, or quote the value if it is text"),
                        );
                        Json::Null
                    },
                    Json::Number,
                )
            }
        }
        Yaml::String(s) => Json::String(s.clone()),
        Yaml::Sequence(items) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let len = ptr.len();
                    let _ = write!(ptr, "/{i}");
                    let j = to_json(item, ptr, index, text, problems);
                    ptr.truncate(len);
                    j
                })
                .collect(),
        ),
        Yaml::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, item) in map {
                let key = match k {
                    Yaml::String(s) => s.clone(),
                    Yaml::Number(n) => n.to_string(),
                    Yaml::Bool(b) => b.to_string(),
                    _ => {
                        // A null key is indexed under its source text; point at it.
                        let key_span = ["~", "null", "Null", "NULL", ""]
                            .iter()
                            .find_map(|k| index.get(&format!("{ptr}/{k}")).and_then(|n| n.key.clone()))
                            .filter(|_| matches!(k, Yaml::Null));
                        let label =
                            if key_span.is_some() { "a null key" } else { "this mapping has a null or complex key" };
                        problems.push(
                            Diagnostic::error(
                                "yaml-structure",
                                key_span.unwrap_or_else(|| here(ptr)),
                                "a mapping key must be text",
                            )
                            .with_label(label)
                            .with_help("write keys as plain words, like `name:`"),
                        );
                        continue;
                    }
                };
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&key.replace('~', "~0").replace('/', "~1"));
                let j = to_json(item, ptr, index, text, problems);
                ptr.truncate(len);
                out.insert(key, j);
            }
            Json::Object(out)
        }
        Yaml::Tagged(t) => {
            let span = tag_span(text, here(ptr));
            // As written: serde_yaml shows the non-specific tag `!` as `!!`.
            let written = text.get(span.clone()).filter(|s| s.starts_with('!')).map(str::to_string);
            problems.push(
                Diagnostic::error(
                    "yaml-structure",
                    span,
                    format!("YAML tags like `{}` are not supported", written.unwrap_or_else(|| t.tag.to_string())),
                )
                .with_label("tagged value")
                .with_help("remove the tag; write the value plainly"),
            );
            Json::Null
        }
    }
}

/// The `!tag` of a tagged node, which sits before the value span the index records (past
/// an `&anchor` too); the value itself when it cannot be found.
fn tag_span(text: &str, value: Range<usize>) -> Range<usize> {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    let mut end = value.start.min(text.len());
    for _ in 0..2 {
        let before = text[..end].trim_end_matches(is_space);
        let start = before.rfind(|c: char| is_space(c) || "[{,".contains(c)).map_or(0, |i| i + 1);
        let token = &before[start..];
        if token.starts_with('!') {
            return start..before.len();
        }
        if !token.starts_with('&') {
            break;
        }
        end = start;
    }
    value
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

pub(crate) fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "nothing (null)",
        Json::Bool(_) => "a boolean",
        Json::Number(n) if n.is_f64() => "a number",
        Json::Number(_) => "an integer",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "a mapping",
    }
}

/// serde_yaml appends " at line L column C"; we print our own location.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn syntax_help(message: &str) -> String {
    if message.contains("tab after") {
        "YAML separates a key's `:` from its value with a space: replace the tab".to_string()
    } else if message.contains("tab") {
        "YAML indents with spaces only: replace the tabs with spaces".to_string()
    } else {
        "check the indentation and that every quote and bracket is closed".to_string()
    }
}
