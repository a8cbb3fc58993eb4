//! The JSON Schema of the language: generated from [`crate::spec`], committed under
//! `schemas/`, compiled once, and its errors turned into located, actionable diagnostics.

use std::borrow::Cow;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Message, Rule, Said, did_you_mean, display_path};
use crate::i18n::{Lang, Text, tr};
use crate::spec::{self, AttachmentType, GateType, Spec, TriggerForm};
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
        ValidationErrorKind::OneOfNotValid { context } if Forms::of(def_name(e)).is_some() => {
            forms_problems(e, context, schema, index, out);
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
            let def = def_name(e).to_string();
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

/// The schema definition an error's keyword belongs to (`/$defs/NAME/…`).
fn def_name<'e>(e: &'e ValidationError) -> &'e str {
    e.schema_path().as_str().split('/').nth(2).unwrap_or_default()
}

/// The enums of object forms: a `when`, a gate, an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Forms {
    Trigger,
    Gate,
    Attachment,
}

impl Forms {
    fn of(def: &str) -> Option<Forms> {
        use schemars::JsonSchema as _;
        [
            (Forms::Trigger, spec::Trigger::schema_name()),
            (Forms::Gate, spec::Gate::schema_name()),
            (Forms::Attachment, spec::Attachment::schema_name()),
        ]
        .into_iter()
        .find_map(|(forms, name)| (name == def).then_some(forms))
    }
}

/// Why an object is none of its forms, said as the form it means and what it lacks or has
/// too much of. An unknown key, a missing or unknown `type` and a bad value are reported
/// beside the `oneOf` (the schema lists every form's keys and values at the top), so only the
/// shape is left to say here; when the shape is right, the meant form's own errors are.
fn forms_problems(
    e: &ValidationError,
    context: &[Vec<ValidationError<'static>>],
    schema: &Json,
    index: &SpanIndex,
    out: &mut Vec<Diagnostic>,
) {
    let Some(forms) = Forms::of(def_name(e)) else { return };
    let Json::Object(object) = e.instance().as_ref() else { return };
    let ptr = e.instance_path().as_str();
    let key = |k: &str| index.lookup(&format!("{ptr}/{k}")).map_or(0..0, |n| n.key.clone().unwrap_or(n.value.clone()));
    let at_object = || index.lookup(ptr).map_or(0..0, |n| n.key.clone().unwrap_or_else(|| n.value.clone()));
    let def = schema.pointer(parent(e.schema_path().as_str())).unwrap_or(&Json::Null);
    let known = def.get("properties").and_then(Json::as_object);
    if known.is_none_or(|known| object.keys().any(|k| !known.contains_key(k))) {
        return;
    }
    let written: Vec<&str> =
        known.into_iter().flatten().map(|(k, _)| k.as_str()).filter(|k| object.contains_key(*k)).collect();
    let meant = match forms {
        Forms::Trigger => match trigger_form(|k| object.contains_key(k)) {
            Ok(form) => TriggerForm::ALL.iter().position(|f| *f == form),
            Err(problem) => {
                let span = match problem {
                    TriggerShape::TwoForms { second, .. } => key(second.key()),
                    TriggerShape::AtAfterJoin => key("at"),
                    TriggerShape::EveryOnly(field) => key(field),
                    TriggerShape::NoForm | TriggerShape::PhaseWithoutDay | TriggerShape::NoAt(_) => at_object(),
                };
                out.push(Diagnostic::of(span, &Found::Trigger(problem)));
                return;
            }
        },
        Forms::Gate | Forms::Attachment => {
            let Some(kind) = object.get("type").and_then(Json::as_str).and_then(|t| Kind::parse(forms, t)) else {
                return;
            };
            let form = def.pointer(&format!("/oneOf/{}", kind.position()));
            let listed =
                |field: &str| form.and_then(|f| f.get(field)).into_iter().flat_map(keys_of).filter(|k| *k != "type");
            let allowed: Vec<String> = listed("properties").map(str::to_string).collect();
            let mut problems = Vec::new();
            for field in written.iter().filter(|k| **k != "type" && !allowed.iter().any(|a| a == *k)) {
                problems
                    .push((key(field), Found::NotTaken { field: field.to_string(), kind, allowed: allowed.clone() }));
            }
            for field in listed("required").filter(|k| !written.contains(k)) {
                problems.push((at_object(), Found::Needs { field: field.to_string(), kind, allowed: allowed.clone() }));
            }
            if !problems.is_empty() {
                out.extend(problems.iter().map(|(span, found)| Diagnostic::of(span.clone(), found)));
                return;
            }
            Some(kind.position())
        }
    };
    for error in meant.and_then(|i| context.get(i)).into_iter().flatten() {
        describe(error, schema, index, out);
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

/// Why a `when` is not exactly one trigger form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TriggerShape {
    /// None of the forms' keys.
    NoForm,
    /// The keys of two forms (the first two, in the language's order).
    TwoForms { first: TriggerForm, second: TriggerForm },
    /// `phase` without `day`.
    PhaseWithoutDay,
    /// `after_join` with `at`.
    AtAfterJoin,
    /// A dated form without `at`.
    NoAt(TriggerForm),
    /// `from_day` or `to_day` without `every`.
    EveryOnly(&'static str),
}

/// The form of a `when` with these keys, or why it is none. `day` marks the `day` form only
/// without `phase`, since `{phase, day}` counts within the phase.
fn trigger_form(has: impl Fn(&str) -> bool) -> Result<TriggerForm, TriggerShape> {
    let marked = |form: TriggerForm| has(form.key()) && !(form == TriggerForm::Day && has(TriggerForm::Phase.key()));
    let mut forms = TriggerForm::ALL.into_iter().filter(|f| marked(*f));
    let form = match (forms.next(), forms.next()) {
        (None, _) => return Err(TriggerShape::NoForm),
        (Some(first), Some(second)) => return Err(TriggerShape::TwoForms { first, second }),
        (Some(form), None) => form,
    };
    if form == TriggerForm::Phase && !has("day") {
        return Err(TriggerShape::PhaseWithoutDay);
    }
    match (form, has("at")) {
        (TriggerForm::AfterJoin, true) => return Err(TriggerShape::AtAfterJoin),
        (TriggerForm::AfterJoin, false) | (_, true) => {}
        (form, false) => return Err(TriggerShape::NoAt(form)),
    }
    if form != TriggerForm::Every {
        if let Some(field) = ["from_day", "to_day"].into_iter().find(|f| has(f)) {
            return Err(TriggerShape::EveryOnly(field));
        }
    }
    Ok(form)
}

/// The type of a gate or an attachment, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Gate(GateType),
    Attachment(AttachmentType),
}

impl Kind {
    fn parse(forms: Forms, written: &str) -> Option<Kind> {
        match forms {
            Forms::Gate => GateType::parse(written).map(Kind::Gate),
            Forms::Attachment => AttachmentType::parse(written).map(Kind::Attachment),
            Forms::Trigger => None,
        }
    }

    /// Its form's place in the schema's `oneOf`: the enums list their forms in type order.
    fn position(self) -> usize {
        match self {
            Kind::Gate(t) => GateType::ALL.iter().position(|x| *x == t),
            Kind::Attachment(t) => AttachmentType::ALL.iter().position(|x| *x == t),
        }
        .unwrap_or_default()
    }

    fn named(self) -> Text {
        match self {
            Kind::Gate(GateType::Price) => tr!("a price gate", "付费门槛"),
            Kind::Gate(GateType::Identity) => tr!("an identity gate", "身份门槛"),
            Kind::Gate(GateType::Action) => tr!("an action gate", "动作门槛"),
            Kind::Gate(GateType::Invite) => tr!("an invite gate", "邀请制门槛"),
            Kind::Gate(GateType::Referral) => tr!("a referral gate", "推荐制门槛"),
            Kind::Attachment(AttachmentType::Image) => tr!("an image attachment", "图片附件"),
            Kind::Attachment(AttachmentType::Link) => tr!("a link attachment", "链接附件"),
            Kind::Attachment(AttachmentType::Miniprogram) => tr!("a miniprogram attachment", "小程序附件"),
            Kind::Attachment(AttachmentType::File) => tr!("a file attachment", "文件附件"),
            Kind::Attachment(AttachmentType::Video) => tr!("a video attachment", "视频附件"),
        }
    }
}

/// What the schema stage reports.
enum Found {
    /// A field the type does not take.
    NotTaken {
        field: String,
        kind: Kind,
        allowed: Vec<String>,
    },
    /// A field the type needs.
    Needs {
        field: String,
        kind: Kind,
        allowed: Vec<String>,
    },
    Trigger(TriggerShape),
}

impl Message for Found {
    fn rule(&self) -> Rule {
        match self {
            Found::NotTaken { .. } => Rule::UnknownKey,
            Found::Needs { .. } => Rule::MissingField,
            Found::Trigger(TriggerShape::NoForm | TriggerShape::PhaseWithoutDay | TriggerShape::NoAt(_)) => {
                Rule::MissingField
            }
            Found::Trigger(_) => Rule::InvalidValue,
        }
    }

    fn said(&self) -> Said {
        let forms = || {
            tr!(
                "use one of: {{day, at}}, {{every, at, from_day, to_day}}, {{after_join}}, {{before_end, at}}, {{date, at}}, {{phase, day, at}}",
                "使用以下形式之一：{{day, at}}、{{every, at, from_day, to_day}}、{{after_join}}、{{before_end, at}}、{{date, at}}、{{phase, day, at}}"
            )
        };
        let incomplete = || tr!("incomplete trigger", "触发条件不完整");
        let invalid = || tr!("invalid trigger", "触发条件无效");
        match self {
            Found::NotTaken { field, kind, allowed } => {
                let (named, allowed) = (kind.named(), allowed.join(", "));
                let (what, what_zh) = both(&named);
                Said {
                    message: tr!("`{field}` does not apply to {what}", "`{field}` 不适用于{what_zh}"),
                    label: tr!("not used by this type", "这个类型用不到它"),
                    help: tr!("{what} takes: {allowed}", "{what_zh}可用的字段：{allowed}"),
                }
            }
            Found::Needs { field, kind, allowed } => {
                let (named, allowed) = (kind.named(), allowed.join(", "));
                let (what, what_zh) = both(&named);
                Said {
                    message: tr!("{what} needs `{field}`", "{what_zh}需要 `{field}`"),
                    label: tr!("`{field}` is missing", "缺少 `{field}`"),
                    help: tr!(
                        "add `{field}:`; {what} takes: {allowed}",
                        "添加 `{field}:`；{what_zh}可用的字段：{allowed}"
                    ),
                }
            }
            Found::Trigger(TriggerShape::NoForm) => Said {
                message: tr!(
                    "a trigger needs one of `day`, `every`, `after_join`, `before_end`, `date` or `phase`",
                    "触发条件需要 `day`、`every`、`after_join`、`before_end`、`date`、`phase` 中的一个"
                ),
                label: incomplete(),
                help: forms(),
            },
            Found::Trigger(TriggerShape::TwoForms { first, second }) => {
                let (first, second) = (first.key(), second.key());
                Said {
                    message: tr!(
                        "a trigger is exactly one form, but this one has both `{first}` and `{second}`",
                        "触发条件只能是一种形式，但这里同时有 `{first}` 和 `{second}`"
                    ),
                    label: invalid(),
                    help: forms(),
                }
            }
            Found::Trigger(TriggerShape::PhaseWithoutDay) => Said {
                message: tr!(
                    "a `phase` trigger needs `day` (day N of the phase)",
                    "`phase` 触发条件需要 `day`（阶段内的第 N 天）"
                ),
                label: incomplete(),
                help: tr!("add `day: 1` for the phase's first day", "添加 `day: 1` 表示阶段的第一天"),
            },
            Found::Trigger(TriggerShape::AtAfterJoin) => Said {
                message: tr!(
                    "`after_join` is relative to each member's entry and takes no `at`",
                    "`after_join` 从每位成员入群时算起，不能带 `at`"
                ),
                label: invalid(),
                help: tr!("remove `at`", "删除 `at`"),
            },
            Found::Trigger(TriggerShape::NoAt(form)) => {
                let (a, form) = (article(form.key()), form.key());
                Said {
                    message: tr!(
                        "{a} `{form}` trigger needs `at`, the time of day",
                        "`{form}` 触发条件需要 `at`（几点执行）"
                    ),
                    label: incomplete(),
                    help: tr!("add `at: \"20:00\"` (quoted, 24-hour)", "添加 `at: \"20:00\"`（加引号，24 小时制）"),
                }
            }
            Found::Trigger(TriggerShape::EveryOnly(field)) => Said {
                message: tr!("`{field}` goes with `every` only", "`{field}` 只能和 `every` 一起用"),
                label: invalid(),
                help: tr!("remove it, or make this an `every` trigger", "删除它，或改成 `every` 触发条件"),
            },
        }
    }
}

/// A text's English and Chinese, for a message that names something in words.
fn both(text: &Text) -> (&str, &str) {
    (text.en(), text.get(Lang::Zh))
}

/// "a" or "an" before an English word.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
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

    /// `tests/data/base.yaml` with its first step's `when` replaced.
    fn with_when(when: &str) -> String {
        let base = include_str!("../tests/data/base.yaml").replacen(
            "  on_end: dissolve",
            "  on_end: dissolve\n  phases: [{ id: a, from_day: 1, to_day: 5 }]",
            1,
        );
        base.replacen("when: {day: 1, at: \"09:00\"}", &format!("when: {{{when}}}"), 1)
    }

    /// A schema that validates one definition of the committed schema.
    fn validator_of(def: &str) -> Validator {
        let schema: Json = serde_json::from_str(SCHEMA_JSON).unwrap();
        let root = serde_json::json!({ "$defs": schema["$defs"], "$ref": format!("#/$defs/{def}") });
        jsonschema::draft202012::options().build(&root).unwrap()
    }

    #[test]
    fn every_set_of_trigger_keys_is_one_form_exactly_when_the_schema_says_so() {
        let keys = [
            ("day", "1"),
            ("at", "\"09:00\""),
            ("every", "day"),
            ("from_day", "2"),
            ("to_day", "5"),
            ("after_join", "10m"),
            ("before_end", "1d"),
            ("date", "2027-03-03"),
            ("phase", "a"),
        ];
        let validator = validator_of("Trigger");
        let mut forms = 0;
        for mask in 0..1u32 << keys.len() {
            let chosen: Vec<(&str, &str)> =
                keys.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, kv)| *kv).collect();
            let when = chosen.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ");
            let json: Json = serde_yaml::from_str(&format!("{{{when}}}")).unwrap();
            let form = trigger_form(|k| chosen.iter().any(|(c, _)| *c == k));
            assert_eq!(validator.is_valid(&json), form.is_ok(), "{when}: {form:?}");
            // The typed model reads exactly the forms the schema takes, as the same form.
            let typed = serde_json::from_value::<spec::Trigger>(json.clone());
            assert_eq!(typed.as_ref().ok().map(spec::Trigger::form), form.ok(), "{when}");
            // Loading says what is wrong, at the trigger, in one diagnostic.
            match crate::load::load(&with_when(&when)) {
                Ok(loaded) => assert_eq!(Some(loaded.spec.content.sop[0].when.form()), form.ok(), "{when}"),
                Err(found) => {
                    let [d] = found.as_slice() else { panic!("{when}: {found:#?}") };
                    assert!(form.is_err() && d.span != (0..0), "{when}: {d:#?}");
                    assert_eq!(d.message, Found::Trigger(form.unwrap_err()).said().message, "{when}");
                }
            }
            forms += usize::from(form.is_ok());
        }
        // {day, at}, {phase, day, at}, {after_join}, {before_end, at}, {date, at}, and
        // {every, at} with or without `from_day` and `to_day`.
        assert_eq!(forms, 9);
    }

    #[test]
    fn gates_and_attachments_take_the_fields_of_their_type_and_say_which() {
        let base = include_str!("../tests/data/base.yaml");
        let gate = "  - type: identity\n    requirement: 老客\n    verify: order";
        let gate_fields = [
            ("amount", "9"),
            ("currency", "USD"),
            ("refund", "r"),
            ("requirement", "q"),
            ("verify", "order"),
            ("action", "a"),
            ("proof", "p"),
            ("by", "owner"),
            ("referrers", "2"),
        ];
        let attachment_fields = [("name", "n"), ("title", "t"), ("url", "u"), ("appid", "a"), ("page", "p")];
        let cases = GateType::ALL
            .iter()
            .map(|t| (Forms::Gate, t.value(), &gate_fields[..]))
            .chain(AttachmentType::ALL.iter().map(|t| (Forms::Attachment, t.label(), &attachment_fields[..])));
        for (forms, kind, fields) in cases {
            let validator = validator_of(if forms == Forms::Gate { "Gate" } else { "Attachment" });
            for mask in 0..1u32 << fields.len() {
                let mut written = vec![format!("type: {kind}")];
                written.extend(
                    fields
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| mask & (1 << i) != 0)
                        .map(|(_, (k, v))| format!("{k}: {v}")),
                );
                let object = format!("{{{}}}", written.join(", "));
                let text = match forms {
                    Forms::Gate => base.replacen(gate, &format!("  - {object}"), 1),
                    _ => base.replacen(
                        "      role: owner\n",
                        &format!("      role: owner\n      attachments: [{object}]\n"),
                        1,
                    ),
                };
                let valid = validator.is_valid(&serde_yaml::from_str::<Json>(&object).unwrap());
                match crate::load::load(&text) {
                    Ok(loaded) => {
                        assert!(valid, "{object}");
                        let typed = match forms {
                            Forms::Gate => Kind::Gate(loaded.spec.gates[0].kind()),
                            _ => Kind::Attachment(loaded.spec.content.sop[0].attachments[0].kind()),
                        };
                        assert_eq!(Kind::parse(forms, kind), Some(typed), "{object}");
                    }
                    Err(found) => {
                        assert!(!valid, "{object}");
                        let shape = [Rule::UnknownKey, Rule::MissingField];
                        assert!(
                            found.iter().all(|d| shape.contains(&d.rule) && d.span != (0..0)),
                            "{object}: {found:#?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_form_checks_its_values_as_the_top_of_its_schema_does() {
        // A bad value is reported once, by the top's properties: each form's copy must agree.
        let schema: Json = serde_json::from_str(SCHEMA_JSON).unwrap();
        for def in ["Trigger", "Gate", "Attachment"] {
            let top = &schema["$defs"][def]["properties"];
            for form in schema["$defs"][def]["oneOf"].as_array().unwrap() {
                for (key, property) in form["properties"].as_object().unwrap() {
                    if key != "type" {
                        assert_eq!(&top[key], property, "{def}.{key}");
                    }
                }
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
