//! Arbitrary template text in one template field of a fixed valid spec (inserted through
//! serde_yaml, so it is always a well-formed YAML string), checked and, when clean and the
//! input says so, built (the build renders the text into every artifact, but costs ten
//! checks).
//! The sandbox's fuel, recursion and output limits (src/limits.rs) must stop every template
//! quickly and within memory; a template error must point inside the file.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_yaml::Value;

#[derive(Debug, Arbitrary)]
enum Field {
    Welcome,
    Announcement,
    GroupName,
    /// A dated SOP message (sees `day`, `date`, `step`).
    Message,
    /// An `after_join` SOP message (no `day`).
    PerMember,
    /// A weekly SOP message: rendered at every occurrence when building.
    Weekly,
}

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    field: Field,
    build: bool,
    template: &'a str,
}

fn base() -> &'static Value {
    static BASE: OnceLock<Value> = OnceLock::new();
    BASE.get_or_init(|| serde_yaml::from_str(include_str!("../template-base.yaml")).expect("the base spec is YAML"))
}

fuzz_target!(|input: Input| {
    let mut spec = base().clone();
    let t = Value::String(input.template.to_string());
    let sop = &mut spec["content"]["sop"];
    match input.field {
        Field::Welcome => spec["rules"]["welcome"] = t,
        Field::Announcement => spec["rules"]["announcement"] = t,
        Field::GroupName => spec["groups"]["name"] = t,
        Field::Message => sop[0]["message"] = t,
        Field::PerMember => sop[1]["message"] = t,
        Field::Weekly => sop[2]["message"] = t,
    }
    let text = serde_yaml::to_string(&spec).expect("a Value always serialises");
    if input.build {
        commspec_fuzz::check_and_build(&text);
    } else {
        commspec_fuzz::check_text(&text);
    }
});
