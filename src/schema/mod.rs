//! The JSON Schema of the language: generated from [`crate::spec`], committed under
//! `schemas/`, compiled once, and its errors turned into located, actionable diagnostics.

mod forms;
mod found;
mod terms;

use std::borrow::Cow;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use schemars::JsonSchema as _;
use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Rule, did_you_mean, display_path};
use crate::spec::{self, Spec};
use crate::yaml::SpanIndex;
use forms::{Forms, forms_problems};
use found::{Bound, Choice, Found, JsonType, Scalar, Written};

/// The committed schema; a test keeps it equal to [`generate`].
pub(crate) const SCHEMA_JSON: &str = include_str!("../../schemas/commspec.schema.json");

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

/// The schema of `commspec diff --format json` (`schemas/diff.schema.json`).
pub(crate) fn generate_diff() -> String {
    let generator = settings().into_generator();
    pretty(generator.into_root_schema_for::<crate::diff::Report>())
}

/// Generates the schema of `report --format json`, as committed under `schemas/report.schema.json`.
pub(crate) fn generate_report() -> String {
    let generator = settings().into_generator();
    pretty(generator.into_root_schema_for::<crate::stats::Evaluation>())
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
    let keyword_parent = schema.pointer(parent(e.schema_path().as_str()));
    let what = || keyword_parent.and_then(|s| description(schema, s)).unwrap_or_default();
    let found = match e.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<String> = keyword_parent
                .and_then(|s| s.get("properties"))
                .into_iter()
                .flat_map(keys_of)
                .map(str::to_string)
                .collect();
            for key in unexpected {
                let child = format!("{ptr}/{}", key.replace('~', "~0").replace('/', "~1"));
                let span = index.get(&child).and_then(|n| n.key.clone()).unwrap_or_else(value_span);
                // `lints:` takes lint rules; an error class is a rule name too, but fixed.
                let properties = keyword_parent.and_then(|s| s.get("properties"));
                let found = match Rule::find(key) {
                    Some(rule) if def_name(e) == spec::Lints::schema_name() && !rule.configurable() => {
                        Found::ErrorClass { rule }
                    }
                    _ => match terms::key_for(schema, properties, key) {
                        Some(english) => {
                            let value = e.instance().get(key).filter(|v| !v.is_object() && !v.is_array()).map(short);
                            Found::TermForKey { key: key.clone(), place: place(ptr), english, value }
                        }
                        None => unknown_key(key, place(ptr), &allowed),
                    },
                };
                out.push(Diagnostic::of(span, &found));
            }
            return;
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default().to_string();
            let what = keyword_parent
                .and_then(|s| s.pointer(&format!("/properties/{name}")))
                .and_then(|p| description(schema, p))
                .unwrap_or_default();
            let span = if ptr.is_empty() {
                first_key_span(index)
            } else {
                index.lookup(ptr).map_or(0..0, |n| n.key.clone().unwrap_or_else(|| n.value.clone()))
            };
            out.push(Diagnostic::of(span, &Found::Missing { name, place: place(ptr), what }));
            return;
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => vec![JsonType::named(&t.to_string())],
                TypeKind::Multiple(ts) => ts.iter().map(|t| JsonType::named(&t.to_string())).collect(),
            };
            let found = JsonType::of(e.instance());
            let quote = expected.contains(&JsonType::Text)
                && matches!(found, JsonType::Number | JsonType::Integer | JsonType::Boolean);
            Found::WrongType { path, expected: JsonType::expected(expected), found, quote }
        }
        ValidationErrorKind::OneOfNotValid { context } if Forms::of(def_name(e)).is_some() => {
            return forms_problems(e, context, schema, index, out);
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            return reduce_branches(e, context, schema, index, out);
        }
        ValidationErrorKind::Constant { expected_value } => {
            let (expected, found) = (expected_value.to_string(), short(e.instance()));
            // `commspec: "1"` is text that reads like the number it must be.
            let written = match e.instance().as_ref() {
                Json::String(s) if !expected_value.is_string() && *s == expected => Written::TextOfIt,
                Json::String(_) => Written::Text,
                _ => Written::Other,
            };
            Found::NotConstant { path, expected, found, written }
        }
        ValidationErrorKind::Enum { options } => {
            let options = options.as_array().map(|a| a.iter().map(Choice::unlabelled).collect()).unwrap_or_default();
            Found::BadChoice { path, found: plain(e.instance()), options }
        }
        ValidationErrorKind::Pattern { .. } => {
            let found = plain(e.instance());
            match Scalar::of(def_name(e)).and_then(|scalar| scalar.problem(&found).map(|p| (scalar, p))) {
                Some((scalar, problem)) => Found::BadScalar { scalar, found, path, problem },
                None => Found::NoMatch { found, path, what: what() },
            }
        }
        kind => Found::OutOfBounds { path, bound: Bound::of(e, kind), what: what() },
    };
    out.push(Diagnostic::of(value_span(), &found));
}

/// A key unknown here: a likely typo of a key here, else a key of one other place (in
/// English or its Chinese term), else only unknown.
fn unknown_key(key: &str, place: Option<String>, allowed: &[String]) -> Found {
    let typo = did_you_mean(key, allowed.iter().map(String::as_str)).is_some();
    match terms::home(key).filter(|_| !typo) {
        Some(home) => Found::Elsewhere { key: key.to_string(), place, home: home.clone() },
        None => Found::UnknownKey { key: key.to_string(), place, allowed: allowed.to_vec() },
    }
}

/// Where a key is missing or unknown: None for the top level.
fn place(ptr: &str) -> Option<String> {
    (!ptr.is_empty()).then(|| display_path(ptr))
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
    // A labelled enum titles each English value's branch with its Chinese label.
    let branches = schema.pointer(e.schema_path().as_str()).and_then(Json::as_array);
    let title = |i: usize| branches?.get(i)?.get("title")?.as_str().map(str::to_string);
    let consts: Option<Vec<Choice>> = context
        .iter()
        .enumerate()
        .map(|(i, b)| match b.as_slice() {
            [one] => match one.kind() {
                ValidationErrorKind::Constant { expected_value } => {
                    Some(Choice { spelling: plain(expected_value), label: title(i) })
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    if let Some(options) = consts {
        let found = Found::BadChoice { path: display_path(ptr), found: plain(e.instance()), options };
        out.push(Diagnostic::of(span, &found));
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
            let expected = context.iter().flatten().filter_map(|x| match x.kind() {
                ValidationErrorKind::Type { kind: TypeKind::Single(t) } if x.instance_path().as_str() == ptr => {
                    Some(JsonType::named(&t.to_string()))
                }
                _ => None,
            });
            let found = Found::WrongType {
                path: display_path(ptr),
                expected: JsonType::expected(expected.collect()),
                found: JsonType::of(e.instance()),
                quote: false,
            };
            out.push(Diagnostic::of(span, &found));
        }
        branches => {
            let best = branches.iter().min_by_key(|b| b.len()).map_or(&[][..], |b| b.as_slice());
            for sub in best {
                describe(sub, schema, index, out);
            }
        }
    }
}

/// The keys of a schema's `properties` (an object) or `required` (an array), in order.
fn keys_of(node: &Json) -> Vec<&str> {
    match node {
        Json::Object(map) => map.keys().map(String::as_str).collect(),
        Json::Array(items) => items.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The schema definition an error's keyword belongs to (`/$defs/NAME/…`).
fn def_name<'e>(e: &'e ValidationError) -> &'e str {
    e.schema_path().as_str().split('/').nth(2).unwrap_or_default()
}

/// Which of `named` the schema definition `def` describes (by the model type's schema name).
fn defined_by<T: Copy, const N: usize>(def: &str, named: [(T, Cow<'static, str>); N]) -> Option<T> {
    named.into_iter().find_map(|(t, name)| (name == def).then_some(t))
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
    fn committed_diff_schema_matches_the_diff() {
        let committed = include_str!("../../schemas/diff.schema.json");
        assert!(
            generate_diff() == committed,
            "schemas/diff.schema.json is out of date: run `cargo run -- schema --diff > schemas/diff.schema.json` and review the diff"
        );
    }

    #[test]
    fn committed_plan_schema_matches_the_plan() {
        let committed = include_str!("../../schemas/plan.schema.json");
        assert!(
            generate_plan() == committed,
            "schemas/plan.schema.json is out of date: run `cargo run -- schema --plan > schemas/plan.schema.json` and review the diff"
        );
    }

    #[test]
    fn committed_report_schema_matches_the_report() {
        let committed = include_str!("../../schemas/report.schema.json");
        assert!(
            generate_report() == committed,
            "schemas/report.schema.json is out of date: run `cargo run -- schema --report > schemas/report.schema.json` and review the diff"
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
    fn every_spelling_of_an_enum_names_one_value() {
        let mut todo = vec![serde_json::from_str::<Json>(SCHEMA_JSON).unwrap()];
        let mut enums = 0;
        while let Some(node) = todo.pop() {
            if let Some(branches) = node.get("anyOf").and_then(Json::as_array) {
                let consts: Vec<&str> = branches.iter().filter_map(|b| b.get("const")?.as_str()).collect();
                let mut unique = consts.clone();
                unique.sort_unstable();
                unique.dedup();
                assert_eq!(unique.len(), consts.len(), "a spelling names two values: {consts:?}");
                enums += usize::from(!consts.is_empty());
            }
            match node {
                Json::Object(map) => todo.extend(map.into_iter().map(|(_, v)| v)),
                Json::Array(items) => todo.extend(items),
                _ => {}
            }
        }
        assert!(enums > 10, "{enums}");
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
