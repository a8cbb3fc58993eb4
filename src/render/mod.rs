//! Templates: the spec's own template fields (group name, welcome, announcement, SOP
//! messages) and the artifact templates in `templates/`, each in a sandboxed minijinja
//! environment with strict undefined, fuel and a recursion limit.

mod filters;
mod locate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::value::Serde;
use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value};

use crate::compile::GroupSeed;
use crate::limits::{
    ARTIFACT_FUEL, ARTIFACT_OUTPUT_MAX_BYTES, NICKNAME_PLACEHOLDER, TEMPLATE_FUEL, TEMPLATE_OUTPUT_MAX_BYTES,
    TEMPLATE_RECURSION,
};
use crate::spec::Spec;

pub use locate::template_diagnostic;

/// The artifact templates shipped in the binary; `--templates DIR` overrides any by name.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("README.md.j2", include_str!("../../templates/README.md.j2")),
    ("announcement.txt.j2", include_str!("../../templates/announcement.txt.j2")),
    ("checklist.md.j2", include_str!("../../templates/checklist.md.j2")),
    ("sop.csv.j2", include_str!("../../templates/sop.csv.j2")),
    ("sop.ics.j2", include_str!("../../templates/sop.ics.j2")),
    ("sop.md.j2", include_str!("../../templates/sop.md.j2")),
    ("welcome.txt.j2", include_str!("../../templates/welcome.txt.j2")),
];

/// The pointer of every template field a spec has.
pub fn template_fields(spec: &Spec) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    if let Some(t) = &spec.groups.name {
        out.push(("/groups/name".to_string(), t.as_str()));
    }
    if let Some(t) = &spec.rules.welcome {
        out.push(("/rules/welcome".to_string(), t.as_str()));
    }
    if let Some(t) = &spec.rules.announcement {
        out.push(("/rules/announcement".to_string(), t.as_str()));
    }
    for (i, step) in spec.content.sop.iter().enumerate() {
        if let Some(t) = &step.message {
            out.push((format!("/content/sop/{i}/message"), t.as_str()));
        }
    }
    out
}

fn sandboxed<'s>(fuel: u64) -> Environment<'s> {
    let mut env = Environment::new();
    env.set_debug(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(fuel));
    env.set_recursion_limit(TEMPLATE_RECURSION);
    // Text artifacts: no HTML or JSON escaping, whatever the name ends with.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env
}

/// The spec's template fields, compiled once, and the context every one of them sees.
pub struct FieldTemplates<'s> {
    env: Environment<'s>,
    base: BTreeMap<String, Value>,
    /// Fields whose template did not compile: (pointer, error).
    pub errors: Vec<(String, minijinja::Error)>,
}

impl<'s> FieldTemplates<'s> {
    pub fn new(spec: &'s Spec) -> Self {
        let mut env = sandboxed(TEMPLATE_FUEL);
        let mut errors = Vec::new();
        for (ptr, source) in template_fields(spec) {
            // Field pointers are owned; the environment keeps the name by value.
            if let Err(e) = env.add_template_owned(ptr.clone(), source) {
                errors.push((ptr, e));
            }
        }
        FieldTemplates { env, base: base_context(spec), errors }
    }

    /// Whether the field has a template that compiled.
    pub fn has(&self, ptr: &str) -> bool {
        self.env.get_template(ptr).is_ok()
    }

    /// The context of the `groups.name` template: `n` and the matrix variables only.
    pub fn name_context(seed: &GroupSeed) -> BTreeMap<String, Value> {
        let mut ctx: BTreeMap<String, Value> = seed.vars.iter().map(|(k, v)| (k.clone(), matrix_value(v))).collect();
        ctx.insert("n".into(), Value::from(seed.n));
        ctx
    }

    /// The context every other template sees for one group: the spec's sections, `roles`
    /// by id, `group` (`name`, `n`, matrix variables) and the matrix variables at top level.
    pub fn group_context(&self, seed: &GroupSeed, name: &str) -> BTreeMap<String, Value> {
        let mut ctx = self.base.clone();
        let mut group = Self::name_context(seed);
        group.insert("name".into(), Value::from(name));
        for (k, v) in &seed.vars {
            ctx.insert(k.clone(), matrix_value(v));
        }
        ctx.insert("group".into(), Value::from(group));
        ctx
    }

    /// Adds what the welcome message sees: `nickname`, the platform's placeholder.
    pub fn welcome_context(mut ctx: BTreeMap<String, Value>) -> BTreeMap<String, Value> {
        ctx.insert("nickname".into(), Value::from(NICKNAME_PLACEHOLDER));
        ctx
    }

    /// Renders one field; errors carry the template's line and range for locating.
    pub fn render(&self, ptr: &str, ctx: BTreeMap<String, Value>) -> Result<String, minijinja::Error> {
        self.render_counted(ptr, ctx).map(|(text, _)| text)
    }

    /// Renders one field and says how much fuel it used, so a spec's renders can share a budget.
    pub fn render_counted(&self, ptr: &str, ctx: BTreeMap<String, Value>) -> Result<(String, u64), minijinja::Error> {
        let captured = self.env.get_template(ptr)?.render_captured(Value::from(ctx))?;
        let used = captured.state().fuel_levels().map_or(0, |(used, _)| used);
        Ok((bounded(captured.output().to_string(), TEMPLATE_OUTPUT_MAX_BYTES)?, used))
    }

    /// Whether the field's output can differ between groups: it uses `group`, `n`, a matrix
    /// variable, or something it cannot be sure about. Others are rendered once per spec.
    pub fn varies_by_group(&self, ptr: &str, matrix: &[&str]) -> bool {
        let Ok(t) = self.env.get_template(ptr) else { return true };
        t.undeclared_variables(false).iter().any(|v| v == "group" || v == "n" || matrix.contains(&v.as_str()))
    }
}

/// The spec's sections as template values, `roles` as a map by id.
fn base_context(spec: &Spec) -> BTreeMap<String, Value> {
    let mut ctx = BTreeMap::new();
    ctx.insert("community".into(), Value::from(Serde(&spec.community)));
    ctx.insert("lifecycle".into(), Value::from(Serde(&spec.lifecycle)));
    ctx.insert("rights".into(), Value::from(Serde(&spec.rights)));
    ctx.insert("gates".into(), Value::from(Serde(&spec.gates)));
    ctx.insert("admission".into(), Value::from(Serde(&spec.admission)));
    ctx.insert("rules".into(), Value::from(Serde(&spec.rules)));
    ctx.insert("content".into(), Value::from(Serde(&spec.content)));
    ctx.insert("tags".into(), Value::from(Serde(&spec.tags)));
    ctx.insert("kpis".into(), Value::from(Serde(&spec.kpis)));
    ctx.insert("monetization".into(), Value::from(Serde(&spec.monetization)));
    ctx.insert("segments".into(), Value::from(Serde(&spec.segments)));
    let roles: BTreeMap<&str, Value> = spec.roles.iter().map(|r| (r.id.as_str(), Value::from(Serde(r)))).collect();
    ctx.insert("roles".into(), Value::from(roles));
    ctx
}

fn matrix_value(v: &crate::spec::MatrixValue) -> Value {
    match v {
        crate::spec::MatrixValue::Int(i) => Value::from(*i),
        crate::spec::MatrixValue::Text(s) => Value::from(s.as_str()),
    }
}

fn bounded(out: String, max: usize) -> Result<String, minijinja::Error> {
    if out.len() > max {
        return Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("template output is larger than the limit of {} KiB", max / 1024),
        ));
    }
    Ok(out)
}

/// The artifact templates: embedded defaults, each overridable by a file of the same name in
/// a user folder. Loading is confined to that folder (minijinja's path loader refuses `..`).
pub struct Artifacts {
    env: Environment<'static>,
}

impl Artifacts {
    pub fn new(overrides: Option<&Path>) -> Self {
        let mut env = sandboxed(ARTIFACT_FUEL);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .unwrap_or_default(),
        );
        env.add_filter("csv", filters::csv);
        env.add_filter("ics", filters::ics);
        env.add_filter("md", filters::md);
        env.add_filter("num", filters::num);
        let user = overrides.map(PathBuf::from).map(minijinja::path_loader);
        env.set_loader(move |name| {
            if let Some(load) = &user {
                if let Some(src) = load(name)? {
                    return Ok(Some(src));
                }
            }
            Ok(EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, s)| minijinja::TemplateSource::from(*s)))
        });
        Artifacts { env }
    }

    pub fn render(&self, name: &str, ctx: Value) -> Result<String, minijinja::Error> {
        let out = self.env.get_template(name)?.render(ctx)?;
        bounded(out, ARTIFACT_OUTPUT_MAX_BYTES)
    }
}
