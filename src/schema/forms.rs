//! Triggers, gates and attachments: each is `oneOf` its forms. A failure is said as the form
//! the object means and what it lacks or has too much of.

use jsonschema::ValidationError;
use serde_json::Value as Json;

use super::found::Found;
use super::{def_name, defined_by, describe, keys_of, parent};
use crate::diagnostics::Diagnostic;
use crate::i18n::{Text, tr};
use crate::spec::{self, AttachmentType, GateType, TriggerForm};
use crate::yaml::SpanIndex;

/// The enums of object forms: a `when`, a gate, an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Forms {
    Trigger,
    Gate,
    Attachment,
}

impl Forms {
    pub(super) fn of(def: &str) -> Option<Forms> {
        use schemars::JsonSchema as _;
        defined_by(
            def,
            [
                (Forms::Trigger, spec::Trigger::schema_name()),
                (Forms::Gate, spec::Gate::schema_name()),
                (Forms::Attachment, spec::Attachment::schema_name()),
            ],
        )
    }
}

/// Why an object is none of its forms, said as the form it means and what it lacks or has
/// too much of. An unknown key, a missing or unknown `type` and a bad value are reported
/// beside the `oneOf` (the schema lists every form's keys and values at the top), so only the
/// shape is left to say here; when the shape is right, the meant form's own errors are.
pub(super) fn forms_problems(
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

/// Why a `when` is not exactly one trigger form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TriggerShape {
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
    /// `from_day`, `to_day` or `on` without `every`.
    EveryOnly(&'static str),
}

/// The form of a `when` with these keys, or why it is none. `phase` marks the `phase` form only
/// without `every` (a phase-scoped repeat is an `every`), and `day` marks the `day` form only
/// when `phase` does not, since `{phase, day}` counts within the phase.
fn trigger_form(has: impl Fn(&str) -> bool) -> Result<TriggerForm, TriggerShape> {
    let phase_form = has("phase") && !has("every");
    let marked = |form: TriggerForm| match form {
        TriggerForm::Day => has("day") && !phase_form,
        TriggerForm::Phase => phase_form,
        form => has(form.key()),
    };
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
        if let Some(field) = ["from_day", "to_day", "on"].into_iter().find(|f| has(f)) {
            return Err(TriggerShape::EveryOnly(field));
        }
    }
    Ok(form)
}

/// The type of a gate or an attachment, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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

    pub(super) fn named(self) -> Text {
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

#[cfg(test)]
mod tests {
    use super::super::SCHEMA_JSON;
    use super::*;
    use crate::diagnostics::{Message, Rule};
    use jsonschema::Validator;

    /// `tests/data/base.yaml` with its first step's `when` replaced.
    fn with_when(when: &str) -> String {
        let base = include_str!("../../tests/data/base.yaml").replacen(
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
            ("on", "1"),
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
        // {every, at} with or without each of `from_day`, `to_day`, `on` and `phase`.
        assert_eq!(forms, 5 + 16);
    }

    #[test]
    fn gates_and_attachments_take_the_fields_of_their_type_and_say_which() {
        let base = include_str!("../../tests/data/base.yaml");
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
    fn each_form_is_where_its_kind_says() {
        // The reduction finds a form by its place: the enums list them in their kinds' order.
        let schema: Json = serde_json::from_str(SCHEMA_JSON).unwrap();
        let forms = |def: &str| schema["$defs"][def]["oneOf"].as_array().unwrap().clone();
        for (form, trigger) in forms("Trigger").iter().zip(TriggerForm::ALL) {
            assert!(keys_of(&form["required"]).contains(&trigger.key()), "{trigger:?}");
        }
        let kinds = GateType::ALL
            .iter()
            .map(|t| Kind::Gate(*t))
            .chain(AttachmentType::ALL.iter().map(|t| Kind::Attachment(*t)));
        for kind in kinds {
            let (def, value) = match kind {
                Kind::Gate(t) => ("Gate", t.value()),
                Kind::Attachment(t) => ("Attachment", t.value()),
            };
            assert_eq!(forms(def)[kind.position()]["properties"]["type"]["enum"][0], value, "{kind:?}");
        }
    }
}
