//! The JSON Schema of the language: generated from [`crate::spec`], committed under
//! `schemas/`, compiled once, and its errors turned into located, actionable diagnostics.

use std::borrow::Cow;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Rule, did_you_mean, display_path};
use crate::spec::{self, Spec};
use crate::yaml::SpanIndex;

/// The committed schema; a test keeps it equal to [`generate`].
pub(crate) const SCHEMA_JSON: &str = include_str!("../schemas/commspec.schema.json");

/// Generates the schema from the typed model (draft 2020-12), as committed.
pub(crate) fn generate() -> String {
    let generator = settings().into_generator();
    pretty(generator.into_root_schema_for::<Spec>())
}

/// Generates the schema of `plan.json`, as committed under `schemas/plan.schema.json`.
pub(crate) fn generate_plan() -> String {
    let generator = settings().into_generator();
    pretty(generator.into_root_schema_for::<crate::plan::Plan>())
}

/// A schema as committed: pretty-printed, keys in schemars' order, a final newline.
fn pretty(schema: schemars::Schema) -> String {
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}

/// Draft 2020-12, without schemars' Rust number formats (`uint32`, `double`…): they are not
/// standard formats, and strict validators such as ajv reject schemas that use them.
fn settings() -> schemars::generate::SchemaSettings {
    schemars::generate::SchemaSettings::draft2020_12().with_transform(schemars::transform::RecursiveTransform(
        |schema: &mut schemars::Schema| {
            let rust_format = schema
                .get("format")
                .and_then(Json::as_str)
                .is_some_and(|f| f.starts_with("int") || f.starts_with("uint") || f == "double" || f == "float");
            if rust_format {
                schema.remove("format");
            }
        },
    ))
}

struct Compiled {
    schema: Json,
    validator: Validator,
}

/// The schema and its validator, built on first use and shared by every file.
fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        // Both can only fail if the committed schema is broken, which the test suite rules out.
        let schema: Json = serde_json::from_str(SCHEMA_JSON).expect("committed schema is valid JSON");
        let validator = jsonschema::draft202012::options().build(&schema).expect("committed schema compiles");
        Compiled { schema, validator }
    })
}

/// Validates a spec's JSON form; every problem found, each located.
pub(crate) fn validate(json: &Json, index: &SpanIndex) -> Vec<Diagnostic> {
    let c = compiled();
    let errors: Vec<ValidationError> = c.validator.iter_errors(json).collect();
    let mut out = Vec::new();
    // A value of the wrong type makes every other complaint about it noise.
    let wrong_type: Vec<String> = errors
        .iter()
        .filter(|e| matches!(e.kind(), ValidationErrorKind::Type { .. }))
        .map(|e| e.instance_path().as_str().to_string())
        .collect();
    for e in &errors {
        let at = e.instance_path().as_str();
        if !matches!(e.kind(), ValidationErrorKind::Type { .. }) && wrong_type.iter().any(|p| p == at) {
            continue;
        }
        describe(e, &c.schema, index, &mut out);
    }
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out.dedup();
    out
}

fn describe(e: &ValidationError, schema: &Json, index: &SpanIndex, out: &mut Vec<Diagnostic>) {
    let ptr = e.instance_path().as_str();
    let path = display_path(ptr);
    let value_span = || index.lookup(ptr).map_or(0..0, |n| n.value.clone());
    let schema_at = |p: &str| schema.pointer(p);
    let keyword_parent = parent(e.schema_path().as_str());
    match e.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<&str> = schema_at(keyword_parent)
                .and_then(|s| s.get("properties"))
                .and_then(Json::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            for name in unexpected {
                let child = format!("{ptr}/{}", name.replace('~', "~0").replace('/', "~1"));
                let span = index.get(&child).and_then(|n| n.key.clone()).unwrap_or_else(value_span);
                let help = match did_you_mean(name, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? Keys allowed here: {}", allowed.join(", ")),
                    None => format!("keys allowed here: {}", allowed.join(", ")),
                };
                let place = if ptr.is_empty() { "at the top level".to_string() } else { format!("in `{path}`") };
                // `lints:` takes lint rules; an error class is a rule name too, but fixed.
                if ptr == "/lints" && Rule::find(name).is_some_and(|r| !r.configurable()) {
                    out.push(
                        Diagnostic::error(
                            Rule::UnknownKey,
                            span,
                            format!("`{name}` is an error class, not a lint: its level cannot be changed"),
                        )
                        .with_label("always an error")
                        .with_help("remove it from `lints`, and fix what it reports instead"),
                    );
                    continue;
                }
                out.push(
                    Diagnostic::error(Rule::UnknownKey, span, format!("unknown key `{name}` {place}"))
                        .with_label("unknown key")
                        .with_help(help),
                );
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let what = schema_at(keyword_parent)
                .and_then(|s| s.pointer(&format!("/properties/{name}")))
                .and_then(|p| description(schema, p))
                .unwrap_or_default();
            let span = if ptr.is_empty() {
                first_key_span(index)
            } else {
                index.lookup(ptr).map_or(0..0, |n| n.key.clone().unwrap_or_else(|| n.value.clone()))
            };
            let place = if ptr.is_empty() { "the spec".to_string() } else { format!("`{path}`") };
            out.push(
                Diagnostic::error(Rule::MissingField, span, format!("missing required field `{name}` in {place}"))
                    .with_label(format!("`{name}` is missing here"))
                    .with_help(format!("add `{name}:` — {what}")),
            );
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => vec![t.to_string()],
                TypeKind::Multiple(ts) => ts.iter().map(|t| t.to_string()).collect(),
            };
            let mut expected: Vec<&str> = expected.iter().map(|t| json_type_words(t)).collect();
            // `null` is how an optional field is left out; nobody writes it on purpose.
            if expected.len() > 1 {
                expected.retain(|t| *t != "nothing");
            }
            let found = type_name(e.instance());
            let mut help = format!("write {} here", expected.join(" or "));
            if expected.contains(&"text") && matches!(e.instance().as_ref(), Json::Number(_) | Json::Bool(_)) {
                help = "quote the value to make it text, e.g. \"09:30\" or \"true\"".to_string();
            }
            out.push(
                Diagnostic::error(
                    Rule::WrongType,
                    value_span(),
                    format!("`{path}` must be {}, found {found}", expected.join(" or ")),
                )
                .with_label(format!("expected {}", expected.join(" or ")))
                .with_help(help),
            );
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            reduce_branches(e, context, schema, index, out);
        }
        ValidationErrorKind::Constant { expected_value } => {
            // `commspec: "1"` is text that reads like the number it must be.
            let (found, help) = match e.instance().as_ref() {
                Json::String(s) if !expected_value.is_string() && *s == expected_value.to_string() => {
                    (format!("the text \"{s}\""), format!("write `{expected_value}` without quotes"))
                }
                Json::String(_) => (format!("`{}` (text)", short(e.instance())), format!("write `{expected_value}`")),
                _ => (format!("`{}`", short(e.instance())), format!("write `{expected_value}`")),
            };
            out.push(
                Diagnostic::error(
                    Rule::InvalidValue,
                    value_span(),
                    format!("`{path}` must be {expected_value}, found {found}"),
                )
                .with_label(format!("expected {expected_value}"))
                .with_help(help),
            );
        }
        ValidationErrorKind::Enum { options } => {
            let opts: Vec<String> = options.as_array().map(|a| a.iter().map(plain).collect()).unwrap_or_default();
            out.push(bad_choice(&path, e.instance(), &opts, value_span()));
        }
        ValidationErrorKind::Pattern { .. } => {
            let found = plain(e.instance());
            let def = e.schema_path().as_str().split('/').nth(2).unwrap_or_default().to_string();
            let description = schema_at(keyword_parent).and_then(|s| description(schema, s)).unwrap_or_default();
            // Parser messages read "invalid duration `7x`: why"; the why becomes the help.
            let parsed = scalar_error(&def, &found).unwrap_or_else(|| format!("invalid value `{found}`"));
            let (message, help) = match parsed.split_once("`: ") {
                Some((head, why)) => (format!("{head}`"), why.to_string()),
                None => (parsed, description),
            };
            out.push(
                Diagnostic::error(Rule::InvalidValue, value_span(), format!("{message} at `{path}`"))
                    .with_label("invalid value")
                    .with_help(help),
            );
        }
        _ => {
            out.push(
                Diagnostic::error(
                    Rule::InvalidValue,
                    value_span(),
                    format!("invalid value at `{path}`: {}", e.masked()),
                )
                .with_label("invalid value")
                .with_help(schema_at(keyword_parent).and_then(|s| description(schema, s)).unwrap_or_default()),
            );
        }
    }
}

/// Turns an `anyOf`/`oneOf` failure into the one message that helps: "expected one of" for
/// enums, else the errors of the branch whose shape matched.
fn reduce_branches(
    e: &ValidationError,
    context: &[Vec<ValidationError<'static>>],
    schema: &Json,
    index: &SpanIndex,
    out: &mut Vec<Diagnostic>,
) {
    let ptr = e.instance_path().as_str();
    let span = index.lookup(ptr).map_or(0..0, |n| n.value.clone());
    let consts: Option<Vec<String>> = context
        .iter()
        .map(|b| match b.as_slice() {
            [one] => match one.kind() {
                ValidationErrorKind::Constant { expected_value } => Some(plain(expected_value)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    if let Some(options) = consts {
        out.push(bad_choice(&display_path(ptr), e.instance(), &options, span));
        return;
    }
    let same_shape: Vec<&Vec<ValidationError>> = context
        .iter()
        .filter(|b| {
            !b.iter().any(|x| matches!(x.kind(), ValidationErrorKind::Type { .. }) && x.instance_path().as_str() == ptr)
        })
        .collect();
    match same_shape.as_slice() {
        [] => {
            let mut expected: Vec<&str> = context
                .iter()
                .flatten()
                .filter_map(|x| match x.kind() {
                    ValidationErrorKind::Type { kind: TypeKind::Single(t) } if x.instance_path().as_str() == ptr => {
                        Some(json_type_words(&t.to_string()))
                    }
                    _ => None,
                })
                .collect();
            expected.dedup();
            if expected.len() > 1 {
                expected.retain(|t| *t != "nothing");
            }
            let path = display_path(ptr);
            out.push(
                Diagnostic::error(
                    Rule::WrongType,
                    span,
                    format!("`{path}` must be {}, found {}", expected.join(" or "), type_name(e.instance())),
                )
                .with_label(format!("expected {}", expected.join(" or ")))
                .with_help(format!("write {} here", expected.join(" or "))),
            );
        }
        branches => {
            let best = branches.iter().min_by_key(|b| b.len()).map_or(&[][..], |b| b.as_slice());
            for sub in best {
                describe(sub, schema, index, out);
            }
        }
    }
}

fn bad_choice(path: &str, instance: &Json, options: &[String], span: std::ops::Range<usize>) -> Diagnostic {
    let found = plain(instance);
    let english: Vec<&str> = options.iter().map(String::as_str).filter(|o| o.is_ascii()).collect();
    let listed = if english.is_empty() { options.join(", ") } else { english.join(", ") };
    let mut help = match did_you_mean(&found, options.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`? "),
        None => String::new(),
    };
    help.push_str(&format!("expected one of: {listed}"));
    if english.len() < options.len() {
        help.push_str(" (or their Chinese labels)");
    }
    Diagnostic::error(Rule::InvalidValue, span, format!("unknown value `{found}` for `{path}`"))
        .with_label("not one of the allowed values")
        .with_help(help)
}

/// The typed parser's own explanation of a bad scalar, by schema definition name.
fn scalar_error(def: &str, text: &str) -> Option<String> {
    use spec::{Date, Duration, Frequency, Id, Target, Term, TimeOfDay};
    let err = |r: Result<(), String>| r.err();
    // `9999999d` has the shape of a duration; saying "expected a duration" would puzzle.
    let digits = text.trim().bytes().take_while(u8::is_ascii_digit).count();
    if matches!(def, "Duration" | "Term") && digits > 6 {
        let what = if def == "Term" { "term" } else { "duration" };
        return Some(format!(
            "invalid {what} `{text}`: the number has more than 6 digits; write it in a larger unit, \
             like `3y` (terms and plans are at most about 10 years)"
        ));
    }
    match def {
        "Duration" => err(text.parse::<Duration>().map(drop)),
        "Term" => err(text.parse::<Term>().map(drop)),
        "TimeOfDay" => err(text.parse::<TimeOfDay>().map(drop)),
        "Date" => err(text.parse::<Date>().map(drop)),
        "Target" => err(text.parse::<Target>().map(drop)),
        "Frequency" => err(text.parse::<Frequency>().map(drop)),
        "Id" => err(text.parse::<Id>().map(drop)),
        _ => None,
    }
}

/// A schema node's description, following one `$ref` if the node is only a reference.
fn description(root: &Json, node: &Json) -> Option<String> {
    if let Some(d) = node.get("description").and_then(Json::as_str) {
        return Some(d.to_string());
    }
    let target = node.get("$ref").and_then(Json::as_str)?.strip_prefix('#')?;
    root.pointer(target)?.get("description").and_then(Json::as_str).map(str::to_string)
}

fn parent(ptr: &str) -> &str {
    ptr.rfind('/').map_or("", |i| &ptr[..i])
}

fn first_key_span(index: &SpanIndex) -> std::ops::Range<usize> {
    // The first line of a spec is `commspec: 1`; a missing section is reported there.
    index
        .get("/commspec")
        .and_then(|n| n.key.clone())
        .or_else(|| index.get("").map(|n| n.value.clone()))
        .unwrap_or(0..0)
}

fn json_type_words(t: &str) -> &'static str {
    match t {
        "string" => "text",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "a mapping",
        "null" => "nothing",
        _ => "a value",
    }
}

/// A JSON value as a user wrote it: strings without quotes.
fn plain(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn short(v: &Json) -> String {
    let s = plain(v);
    if s.chars().count() > 40 { format!("{}…", s.chars().take(40).collect::<String>()) } else { s }
}

/// How a message names the JSON type of `v` ("found text").
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

/// The `lints:` map: one property per rule, with its summary and default level.
impl schemars::JsonSchema for spec::Lints {
    fn schema_name() -> Cow<'static, str> {
        "Lints".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let level = generator.subschema_for::<spec::Level>();
        let properties: serde_json::Map<String, Json> = Rule::lints()
            .map(|r| {
                let mut s = level.clone();
                let summary = r.summary(crate::i18n::Lang::En);
                s.insert("description".into(), format!("{summary} (default: {})", r.default_level().value()).into());
                (r.name().to_string(), s.into())
            })
            .collect();
        schemars::json_schema!({
            "type": "object",
            "description": "Per-rule severity overrides for this spec (规则级别): a rule name and `allow`, `warn` or `deny`.",
            "properties": properties,
            "additionalProperties": false,
            "examples": [{ "message-flood": "deny", "no-slogan": "allow" }],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_schema_matches_the_model() {
        let generated = generate();
        assert!(
            generated == SCHEMA_JSON,
            "schemas/commspec.schema.json is out of date: run `cargo run -- schema > schemas/commspec.schema.json` and review the diff"
        );
    }

    #[test]
    fn committed_plan_schema_matches_the_plan() {
        let committed = include_str!("../schemas/plan.schema.json");
        assert!(
            generate_plan() == committed,
            "schemas/plan.schema.json is out of date: run `cargo run -- schema --plan > schemas/plan.schema.json` and review the diff"
        );
    }

    #[test]
    fn schema_is_valid_draft_2020_12() {
        let schema: Json = serde_json::from_str(SCHEMA_JSON).unwrap();
        assert!(jsonschema::meta::is_valid(&schema));
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }

    #[test]
    fn every_property_has_a_description() {
        let schema: Json = serde_json::from_str(SCHEMA_JSON).unwrap();
        let mut missing = Vec::new();
        walk(&schema, &schema, "", &mut missing);
        assert!(missing.is_empty(), "properties without a description: {missing:#?}");

        fn walk(root: &Json, node: &Json, at: &str, missing: &mut Vec<String>) {
            match node {
                Json::Object(map) => {
                    if let Some(Json::Object(props)) = map.get("properties") {
                        for (name, prop) in props {
                            if description(root, prop).is_none() {
                                missing.push(format!("{at}/properties/{name}"));
                            }
                        }
                    }
                    for (k, v) in map {
                        walk(root, v, &format!("{at}/{k}"), missing);
                    }
                }
                Json::Array(items) => {
                    items.iter().enumerate().for_each(|(i, v)| walk(root, v, &format!("{at}/{i}"), missing))
                }
                _ => {}
            }
        }
    }

    #[test]
    fn enums_list_english_values_and_chinese_labels() {
        let schema: Json = serde_json::from_str(SCHEMA_JSON).unwrap();
        let consts: Vec<&str> = schema["$defs"]["CommunityType"]["anyOf"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|b| b["const"].as_str())
            .collect();
        assert!(consts.contains(&"flash") && consts.contains(&"快闪群"), "{consts:?}");
        assert!(schema["examples"].as_array().is_some_and(|e| !e.is_empty()));
    }
}
