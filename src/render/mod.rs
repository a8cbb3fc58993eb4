//! Templates: the spec's own template fields (group name, welcome, announcement, SOP
//! messages) and the artifact templates in `templates/`, each in a sandboxed minijinja
//! environment with strict undefined, fuel and a recursion limit.

mod filters;
mod folder;
mod locate;
mod problem;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use minijinja::machinery::Token;
use minijinja::value::{Serde, ValueKind};
use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value};

use crate::compile::GroupSeed;
use crate::diagnostics::Message as _;
use crate::limits::{
    ARTIFACT_FUEL, ARTIFACT_OUTPUT_MAX_BYTES, NICKNAME_PLACEHOLDER, TEMPLATE_FUEL, TEMPLATE_LINE_MAX_CHARS,
    TEMPLATE_NESTING_MAX, TEMPLATE_OPERATORS_MAX, TEMPLATE_OUTPUT_MAX_BYTES, TEMPLATE_RECURSION, TEMPLATE_TOKENS_MAX,
};
use crate::spec::Spec;

pub(crate) use filters::FORMULA_GUARD;
pub(crate) use filters::{md, num, ranges};
pub(crate) use locate::{refusal_diagnostic, template_diagnostic};
pub(crate) use problem::Problem;
use problem::Refused;

/// The artifact templates shipped in the binary; `--templates DIR` overrides any by name.
pub(crate) const EMBEDDED: &[(&str, &str)] = &[
    ("README.md.j2", include_str!("../../templates/README.md.j2")),
    ("agenda.md.j2", include_str!("../../templates/agenda.md.j2")),
    ("announcement.txt.j2", include_str!("../../templates/announcement.txt.j2")),
    ("checklist.md.j2", include_str!("../../templates/checklist.md.j2")),
    ("roster.csv.j2", include_str!("../../templates/roster.csv.j2")),
    ("setup.md.j2", include_str!("../../templates/setup.md.j2")),
    ("sop.csv.j2", include_str!("../../templates/sop.csv.j2")),
    ("sop.ics.j2", include_str!("../../templates/sop.ics.j2")),
    ("sop.md.j2", include_str!("../../templates/sop.md.j2")),
    ("welcome.txt.j2", include_str!("../../templates/welcome.txt.j2")),
];

/// A template field of a spec: what its template sees and whether it may render several
/// lines follow from which field it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Field {
    /// `groups.name`: sees `n` and the matrix variables only.
    GroupName,
    /// `rules.welcome`: sees `nickname` too.
    Welcome,
    /// `rules.announcement`: the announcement's own text.
    Announcement,
    /// The message of SOP step `i`: sees `step`, and `day` and `date` when dated.
    SopMessage(usize),
}

impl Field {
    /// The field's JSON pointer, to locate it in the file (and name its template).
    pub(crate) fn pointer(self) -> String {
        match self {
            Field::GroupName => "/groups/name".to_string(),
            Field::Welcome => "/rules/welcome".to_string(),
            Field::Announcement => "/rules/announcement".to_string(),
            Field::SopMessage(i) => format!("/content/sop/{i}/message"),
        }
    }

    /// Whether what it renders may hold line breaks and tabs: texts sent to members do; a
    /// group name is one line.
    pub(crate) fn multi_line(self) -> bool {
        !matches!(self, Field::GroupName)
    }
}

/// The path people read: `content.sop[2].message`.
impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::diagnostics::display_path(&self.pointer()))
    }
}

/// Every template field a spec has, with its template.
pub(crate) fn template_fields(spec: &Spec) -> Vec<(Field, &str)> {
    #[cfg(test)]
    ENUMERATED.with(|n| n.set(n.get() + 1));
    let mut out = Vec::new();
    if let Some(t) = &spec.groups.name {
        out.push((Field::GroupName, t.as_str()));
    }
    if let Some(t) = &spec.rules.welcome {
        out.push((Field::Welcome, t.as_str()));
    }
    if let Some(t) = &spec.rules.announcement {
        out.push((Field::Announcement, t.as_str()));
    }
    for (i, step) in spec.content.sop.iter().enumerate() {
        if let Some(t) = &step.message {
            out.push((Field::SopMessage(i), t.as_str()));
        }
    }
    out
}

#[cfg(test)]
thread_local! {
    /// How many times this thread enumerated a spec's template fields: checking must do it a
    /// fixed number of times per spec, whatever the number of fields or errors.
    pub(crate) static ENUMERATED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn sandboxed<'s>(fuel: u64, max_output: usize) -> Environment<'s> {
    let mut env = Environment::new();
    env.set_debug(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(fuel));
    env.set_recursion_limit(TEMPLATE_RECURSION);
    // `debug()` prints the whole context: it would hide which values a template uses (so
    // `check` could not render it once per distinct value, as `build` renders it) and copy
    // every field's source into the artifacts.
    env.remove_global("debug");
    // Text artifacts: no HTML or JSON escaping, whatever the name ends with.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    // minijinja charges fuel for output only between instructions, and displays a list
    // item by item without stopping when the output refuses more: one `{{ [1] * 100000000 }}`
    // (a lazy 100-million-item list) would take seconds and gigabytes before the fuel ran
    // out. A list too long to fit the output limit is refused before it is displayed, and
    // every value is displayed into a buffer that stops at the limit (inside `{% set %}`
    // captures and macros too, which never reach the final output).
    env.set_formatter(move |out, _state, value| {
        if let Some(s) = value.as_str() {
            return out.write_str(s).map_err(minijinja::Error::from);
        }
        // Each item displays as at least 3 bytes: itself and `, `.
        let mut items = max_output / 3;
        let mut buf = Capped { text: String::new(), max: max_output };
        if !items_fit(value, &mut items, 0) || fmt::Write::write_fmt(&mut buf, format_args!("{value}")).is_err() {
            return Err(too_large(max_output));
        }
        out.write_str(&buf.text).map_err(minijinja::Error::from)
    });
    env
}

/// Whether the items `value` displays (those of its lists and maps, nested ones included)
/// number at most `budget`; visits at most `budget` items to find out. minijinja displays
/// lists of known length and maps, not iterables of unknown length, and neither do we look.
fn items_fit(value: &Value, budget: &mut usize, depth: usize) -> bool {
    let kind = value.kind();
    if !matches!(kind, ValueKind::Seq | ValueKind::Iterable | ValueKind::Map) {
        return true;
    }
    if kind != ValueKind::Map && value.len().is_none() {
        return true;
    }
    // Lists nested deeper than templates nest anything are not displayed either.
    if depth > TEMPLATE_RECURSION || value.len().is_some_and(|n| n > *budget) {
        return false;
    }
    let Ok(items) = value.try_iter() else { return true };
    for item in items {
        let entry = if kind == ValueKind::Map { value.get_item(&item).ok() } else { None };
        for v in std::iter::once(&item).chain(entry.as_ref()) {
            if *budget == 0 || !items_fit(v, budget, depth + 1) {
                return false;
            }
            *budget -= 1;
        }
    }
    true
}

/// A string that refuses to grow past `max` bytes.
struct Capped {
    text: String,
    max: usize,
}

impl fmt::Write for Capped {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.text.len() + s.len() > self.max {
            return Err(fmt::Error);
        }
        self.text.push_str(s);
        Ok(())
    }
}

/// minijinja's error for output past `max` bytes, carrying [`OutputTooLarge`] so that the
/// report can say it in both languages.
fn too_large(max: usize) -> minijinja::Error {
    let too_large = OutputTooLarge { max_kib: max / 1024 };
    minijinja::Error::new(ErrorKind::InvalidOperation, too_large.to_string()).with_source(too_large)
}

/// A template's output went past the limit of `max_kib` KiB (our error, raised inside minijinja).
#[derive(Debug, Clone, Copy)]
pub(crate) struct OutputTooLarge {
    pub(crate) max_kib: usize,
}

impl fmt::Display for OutputTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "template output is larger than the limit of {} KiB", self.max_kib)
    }
}

impl std::error::Error for OutputTooLarge {}

/// The spec's template fields, compiled once, and the context every one of them sees.
pub(crate) struct FieldTemplates<'s> {
    env: Environment<'s>,
    base: BTreeMap<String, Value>,
    /// Every field's source, enumerated once: errors look their field up here.
    sources: BTreeMap<Field, &'s str>,
    /// Fields whose template did not compile.
    pub(crate) errors: Vec<(Field, CompileError)>,
}

/// Why a template field was not compiled.
pub(crate) enum CompileError {
    Minijinja(minijinja::Error),
    Refused(Refusal),
}

/// A template commspec refuses before minijinja sees it: where (a byte range of the
/// template), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) at: Range<usize>,
    pub(crate) why: Refused,
}

/// Why `source` is refused, if it is: a line too long for minijinja, or what [`scan`] finds.
pub(crate) fn refusal(source: &str) -> Option<Refusal> {
    long_line(source).map(|at| Refusal { at, why: Refused::LongLine }).or_else(|| scan(source))
}

/// The first character past [`TEMPLATE_LINE_MAX_CHARS`] on a line, if any line has one.
fn long_line(source: &str) -> Option<Range<usize>> {
    let mut start = 0;
    for line in source.split('\n') {
        // Bytes bound characters from above: only long lines are counted.
        if line.len() > TEMPLATE_LINE_MAX_CHARS {
            if let Some((i, c)) = line.char_indices().nth(TEMPLATE_LINE_MAX_CHARS) {
                return Some(start + i..start + i + c.len_utf8());
            }
        }
        start += line.len() + 1;
    }
    None
}

/// The first `*` in a template, the token past [`TEMPLATE_TOKENS_MAX`], or the first token
/// nested too deeply or past too many operators ([`Shape`]), by minijinja's own tokenizer.
/// Besides multiplying numbers, `*` repeats lists, lazily, up to 100 million items for a few
/// characters of template; minijinja charges no fuel for that, while `~`, `|string`, `in`,
/// `==` and its constant folding at compile time walk the whole list in one step: seconds
/// and gigabytes each (found by fuzzing, `template` target). Text and comments may hold `*`
/// freely. The token count bounds what minijinja counts in 16 bits (a call with 65,536
/// arguments fails an assertion in its code generator, in release builds too).
fn scan(source: &str) -> Option<Refusal> {
    let mut shape = Shape::default();
    for (n, token) in minijinja::machinery::tokenize(source, false, Default::default()).enumerate() {
        match token {
            Ok((token, span)) => {
                let at = span.start_offset as usize..span.end_offset as usize;
                if n >= TEMPLATE_TOKENS_MAX {
                    return Some(Refusal { at, why: Refused::TooManyTokens });
                }
                if matches!(token, Token::Mul) {
                    return Some(Refusal { at, why: Refused::Star });
                }
                if let Some(refused) = shape.step(&token, at) {
                    return Some(refused);
                }
            }
            // Compiling reports the syntax error.
            Err(_) => return None,
        }
    }
    None
}

/// How deeply a template nests and how many operators its current tag holds, token by token.
/// minijinja's parser recurses once per block, bracket, prefix `-` or `not`, and `else` of an
/// `a if b else c` chain, and compiles chains of operators (`a ~ b ~ c`, `a.b.c`, `a|f|g`)
/// recursively, one level per operator: with no bound, either overflows the stack. Nesting is
/// counted generously: a run of prefix operators counts until the next infix operator.
#[derive(Default)]
struct Shape {
    /// Open blocks (`{% if %}`, `{% for %}`…).
    blocks: usize,
    /// Per open block, the levels its `elif`s add.
    elifs: Vec<usize>,
    /// Inside a tag: the levels open in the innermost bracket (or the tag), and for each open
    /// bracket, those of the levels outside it.
    level: Level,
    brackets: Vec<Level>,
    operators: usize,
    /// Whether an operand comes next: a `-`, `+` or `not` there is a prefix operator.
    operand_next: bool,
    /// In a `{% … %}` tag: its statement keyword and range, and whether it assigns (`=`).
    block_tag: bool,
    keyword: Option<(String, Range<usize>)>,
    assigns: bool,
}

/// Levels open at one bracket depth: a run of prefix operators (closed by the next infix
/// operator), and `else`s (closed with the bracket).
#[derive(Default, Clone, Copy)]
struct Level {
    prefix: usize,
    elses: usize,
}

impl Shape {
    fn depth(&self) -> usize {
        let level = |l: &Level| l.prefix + l.elses;
        self.blocks + self.brackets.iter().map(|l| 1 + level(l)).sum::<usize>() + level(&self.level)
    }

    fn step(&mut self, token: &Token, at: Range<usize>) -> Option<Refusal> {
        match token {
            Token::TemplateData(_) => return None,
            Token::VariableStart | Token::BlockStart => {
                let block_tag = matches!(token, Token::BlockStart);
                let elifs = std::mem::take(&mut self.elifs);
                *self = Shape { blocks: self.blocks, elifs, operand_next: true, block_tag, ..Shape::default() };
                return None;
            }
            Token::VariableEnd => {
                let elifs = std::mem::take(&mut self.elifs);
                *self = Shape { blocks: self.blocks, elifs, ..Shape::default() };
                return None;
            }
            Token::BlockEnd => return self.end_block_tag(),
            Token::Ident(word) if self.block_tag && self.keyword.is_none() => {
                self.keyword = Some((word.to_string(), at));
                return None;
            }
            _ => {}
        }
        let operand = matches!(
            token,
            Token::Str(_) | Token::String(_) | Token::Int(_) | Token::Int128(_) | Token::Float(_)
        ) || matches!(token, Token::Ident(w) if !matches!(*w, "and" | "or" | "not" | "in" | "is" | "if" | "else"));
        let prefix = self.operand_next && matches!(token, Token::Minus | Token::Plus | Token::Ident("not"));
        let open = matches!(token, Token::ParenOpen | Token::BracketOpen | Token::BraceOpen);
        let close = matches!(token, Token::ParenClose | Token::BracketClose | Token::BraceClose);
        let separator = matches!(token, Token::Comma | Token::Colon | Token::Assign);
        if prefix {
            self.level.prefix += 1;
        } else if !(operand || open || close) {
            // An infix operator or a separator: the prefix operators before it are parsed.
            self.level.prefix = 0;
        }
        if matches!(token, Token::Ident("else")) {
            self.level.elses += 1;
        }
        self.assigns |= matches!(token, Token::Assign);
        if open {
            self.brackets.push(std::mem::take(&mut self.level));
        } else if close {
            // An unmatched bracket is minijinja's syntax error to report.
            if let Some(outside) = self.brackets.pop() {
                self.level = outside;
            }
        }
        self.operand_next = !(operand || close);
        if !(operand || close || separator) {
            self.operators += 1;
            if self.operators > TEMPLATE_OPERATORS_MAX {
                return Some(Refusal { at, why: Refused::TooManyOperators });
            }
        }
        (self.depth() > TEMPLATE_NESTING_MAX).then_some(Refusal { at, why: Refused::TooDeep })
    }

    /// At the end of a `{% … %}` tag: a block opens (`if`, `for`, a capturing `set`…) or
    /// closes (`endif`…).
    fn end_block_tag(&mut self) -> Option<Refusal> {
        let (keyword, assigns, elifs) = (self.keyword.take(), self.assigns, std::mem::take(&mut self.elifs));
        *self = Shape { blocks: self.blocks, elifs, ..Shape::default() };
        let (word, at) = keyword?;
        let opens = |w: &str| BLOCKS.contains(&w) || w == "set";
        if word.strip_prefix("end").is_some_and(opens) {
            // The block closes, with the levels its `elif`s opened.
            let extra = self.elifs.pop().unwrap_or(0);
            self.blocks = self.blocks.saturating_sub(1 + extra);
        } else if opens(&word) && (word != "set" || !assigns) {
            self.blocks += 1;
            self.elifs.push(0);
            return (self.blocks > TEMPLATE_NESTING_MAX).then_some(Refusal { at, why: Refused::TooDeep });
        } else if word == "elif" {
            // minijinja parses (and compiles) each `elif` inside the one before it.
            if let Some(open) = self.elifs.last_mut() {
                *open += 1;
            }
            self.blocks += 1;
            return (self.blocks > TEMPLATE_NESTING_MAX).then_some(Refusal { at, why: Refused::TooDeep });
        }
        None
    }
}

/// The statements that open a block closed by `{% end… %}` (and `set` when it assigns nothing).
const BLOCKS: &[&str] = &["autoescape", "block", "call", "filter", "for", "if", "macro", "with"];

impl<'s> FieldTemplates<'s> {
    pub(crate) fn new(spec: &'s Spec) -> Self {
        let mut env = sandboxed(TEMPLATE_FUEL, TEMPLATE_OUTPUT_MAX_BYTES);
        let mut errors = Vec::new();
        let mut sources = BTreeMap::new();
        for (field, source) in template_fields(spec) {
            if let Some(refused) = refusal(source) {
                errors.push((field, CompileError::Refused(refused)));
            } else if let Err(e) = env.add_template_owned(field.pointer(), source) {
                errors.push((field, CompileError::Minijinja(e)));
            }
            sources.insert(field, source);
        }
        FieldTemplates { env, base: base_context(spec), sources, errors }
    }

    /// Every template field of the spec (sorted).
    pub(crate) fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.sources.keys().copied()
    }

    /// The template source of `field` ("" if the spec has no such field).
    pub(crate) fn source(&self, field: Field) -> &'s str {
        self.sources.get(&field).copied().unwrap_or_default()
    }

    /// The compiled template of `field`.
    fn template(&self, field: Field) -> Result<minijinja::Template<'_, 's>, minijinja::Error> {
        self.env.get_template(&field.pointer())
    }

    /// Whether the field has a template that compiled.
    pub(crate) fn has(&self, field: Field) -> bool {
        self.template(field).is_ok()
    }

    /// The context of the `groups.name` template: `n` and the matrix variables only.
    pub(crate) fn name_context(seed: &GroupSeed) -> BTreeMap<String, Value> {
        let mut ctx: BTreeMap<String, Value> = seed.vars.iter().map(|(k, v)| (k.clone(), matrix_value(v))).collect();
        ctx.insert("n".into(), Value::from(seed.n));
        ctx
    }

    /// The context every other template sees for one group: the spec's sections, `roles`
    /// by id, `group` (`name`, `n`, matrix variables) and the matrix variables at top level.
    pub(crate) fn group_context(&self, seed: &GroupSeed, name: &str) -> BTreeMap<String, Value> {
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
    pub(crate) fn welcome_context(mut ctx: BTreeMap<String, Value>) -> BTreeMap<String, Value> {
        ctx.insert("nickname".into(), Value::from(NICKNAME_PLACEHOLDER));
        ctx
    }

    /// Renders one field and says how much fuel it used, so a spec's renders can share a budget.
    pub(crate) fn render_counted(
        &self,
        field: Field,
        ctx: BTreeMap<String, Value>,
    ) -> Result<(String, u64), minijinja::Error> {
        let captured = self.template(field)?.render_captured(Value::from(ctx))?;
        let used = captured.state().fuel_levels().map_or(0, |(used, _)| used);
        Ok((bounded(captured.output().to_string(), TEMPLATE_OUTPUT_MAX_BYTES)?, used))
    }

    /// Whether an SOP message can differ between the days of its step: it uses `day` or `date`.
    pub(crate) fn varies_by_day(&self, field: Field) -> bool {
        let Ok(t) = self.template(field) else { return true };
        t.undeclared_variables(false).iter().any(|v| v == "day" || v == "date")
    }

    /// Whether the field's output can differ between groups: it uses `group`, `n`, a matrix
    /// variable, or something it cannot be sure about. Others are rendered once per spec.
    pub(crate) fn varies_by_group(&self, field: Field, matrix: &[&str]) -> bool {
        let Ok(t) = self.template(field) else { return true };
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
        return Err(too_large(max));
    }
    Ok(out)
}

/// The artifact templates: embedded defaults, each overridable by a file of the same name in
/// a user folder. Loading is confined to that folder (see `folder.rs`).
pub struct Artifacts {
    env: Environment<'static>,
}

impl Artifacts {
    pub fn new(overrides: Option<&Path>) -> Self {
        let mut env = sandboxed(ARTIFACT_FUEL, ARTIFACT_OUTPUT_MAX_BYTES);
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
        env.add_filter("mdline", filters::mdline);
        env.add_filter("num", filters::num);
        env.add_filter("ranges", filters::ranges);
        let user = overrides.map(folder::Folder::new);
        env.set_loader(move |name| {
            let user_source = match &user {
                Some(folder) => folder.load(name)?,
                None => None,
            };
            let source = user_source.or_else(|| EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, s)| s.to_string()));
            if let Some(src) = &source {
                if let Some(r) = refusal(src) {
                    // Build errors are reported in English (see `build::RenderFailure`).
                    let line = src[..r.at.start].matches('\n').count() + 1;
                    let said = r.why.said();
                    let message = format!("line {line} of {name}: {}; {}", said.message.en(), said.help.en());
                    return Err(minijinja::Error::new(ErrorKind::SyntaxError, message));
                }
            }
            Ok(source)
        });
        Artifacts { env }
    }

    /// Renders an artifact. Spec text reaching it has no control characters (`check` refuses
    /// them), but a `--templates` template may write them itself: refused, so none reaches a
    /// file or, through `render`, a terminal. Line breaks and tabs are text.
    pub(crate) fn render(&self, name: &str, ctx: Value) -> Result<String, minijinja::Error> {
        let out = bounded(self.env.get_template(name)?.render(ctx)?, ARTIFACT_OUTPUT_MAX_BYTES)?;
        if let Some(c) = out.chars().find(|c| crate::diagnostics::escaped(*c) && !matches!(c, '\n' | '\r' | '\t')) {
            let shown = crate::diagnostics::visible(&c.to_string()).into_owned();
            return Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "the template wrote the control character `{shown}`; artifacts hold text, line breaks and tabs only"
                ),
            ));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(source: &str) -> Result<String, minijinja::Error> {
        let env = sandboxed(TEMPLATE_FUEL, TEMPLATE_OUTPUT_MAX_BYTES);
        env.render_str(source, ())
    }

    #[test]
    fn values_display_as_minijinja_displays_them() {
        let mut plain = Environment::new();
        plain.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        for source in [
            "{{ [1, 'a', {'k': [2]}, none, true, 1.5] }}|{{ 'x' }}|{{ 3 }}|{{ none }}",
            "{{ range(3)|list }}{{ [1] * 3 }}{{ range(3) }}{{ 'ab'|list|map('upper') }}{{ (1, 2) }}",
            "{{ namespace(a=1) }}{{ {'b': {'c': []}} }}{{ '<&>' }}",
        ] {
            assert_eq!(render(source).unwrap(), plain.render_str(source, ()).unwrap(), "{source}");
        }
    }

    #[test]
    fn a_huge_lazy_list_is_refused_before_it_is_displayed() {
        // Found by fuzzing (`template`): minijinja displays a list item by item with no fuel,
        // and keeps iterating after the output refuses more, so a list of lists (here a
        // million items, built for a few thousand fuel) took seconds and gigabytes at top
        // level, nested, and inside a capture.
        for source in [
            "{{ [a] * 1000 }}",
            "{{ [[a] * 1000] }}",
            "{{ {'k': [a] * 1000} }}",
            "{% set s %}{{ [a] * 1000 }}{% endset %}",
        ] {
            let err = render(&format!("{{% set a = [1] * 1000 %}}{source}")).unwrap_err();
            assert!(err.to_string().contains("larger than the limit"), "{source}: {err}");
        }
        // Just under the limit (3 bytes an item) still renders.
        assert_eq!(render("{{ [1] * 80000 }}").unwrap().len(), 3 * 80000);
    }

    #[test]
    fn star_is_refused_in_expressions_only() {
        // Found by fuzzing (`template`): each took seconds and hundreds of megabytes in one
        // step, the first two at compile time (constant folding), where no fuel applies.
        for (source, at) in [
            ("{{ 1 in [0] * 100000000 }}", 12),
            ("{{ ([1] * 100000000) ~ '' }}", 8),
            ("a*b {# * #}{{ 'x*y' }}\n{% set b = range(10) * 1000 %}", 44),
            ("{{ f(*args) }}", 5),
        ] {
            assert_eq!(refusal(source).map(|r| r.at), Some(at..at + 1), "{source}");
        }
        for source in ["2 * 3 = 6, {{ '*' }} {# x * y #}", "{{ 2 ** 3 }}", "{% raw %}{{ a * b }}{% endraw %}"] {
            assert!(refusal(source).is_none(), "{source}");
        }
    }

    #[test]
    fn artifact_templates_with_star_are_refused_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("welcome.txt.j2"), "Hi\n{{ '-' * 20 }}\n").unwrap();
        let err = Artifacts::new(Some(dir.path())).render("welcome.txt.j2", Value::from(())).unwrap_err();
        assert!(err.to_string().contains("line 2 of welcome.txt.j2: template uses `*`"), "{err}");
    }

    #[test]
    fn lines_too_long_for_minijinja_are_refused() {
        // Found by fuzzing (`check_spec`): minijinja counts columns in 16 bits, and its syntax
        // error for an unclosed raw block past column 65,535 overflowed (a panic in debug
        // builds). Refused at the first character past the limit, counted in characters.
        let line = "好".repeat(TEMPLATE_LINE_MAX_CHARS);
        let source = format!("ok\n{line}{{% raw %}}\n");
        let at = 3 + line.len();
        assert_eq!(refusal(&source), Some(Refusal { at: at..at + 1, why: Refused::LongLine }));
        assert!(refusal(&format!("ok\n{line}\n")).is_none());
        // A call with 65,536 arguments failed an assertion in minijinja's code generator.
        let source = format!("{{{{ f({}) }}}}", vec!["1"; 65_536].join(",\n"));
        let r = refusal(&source).expect("refused");
        assert_eq!(r.why, Refused::TooManyTokens);
        assert!(r.at.start > 0 && source.is_char_boundary(r.at.start));
        // What the fuzzer found, which no longer reaches minijinja.
        assert!(refusal(&format!("{}{{% raw %}}", "x".repeat(65_535))).is_some());
    }

    /// Templates nesting `n` levels deep or chaining `b` operators, one shape each, and mixes
    /// of blocks, prefix operators, brackets and a chain that do both.
    fn shapes(n: usize, b: usize) -> Vec<String> {
        let nest =
            |open: &str, middle: &str, close: &str, k: usize| format!("{}{middle}{}", open.repeat(k), close.repeat(k));
        let quarter = n / 4;
        let chain = |k: usize| format!("a{}", "~a".repeat(k));
        vec![
            format!("{{{{ {} }}}}", nest("-", "1", "", n)),
            format!("{{{{ {} }}}}", nest("not ", "1", "", n)),
            format!("{{{{ {} }}}}", nest("(", "1", ")", n)),
            // The most stack per level in minijinja's parser (about 18 KB in a debug build).
            format!("{{{{ {} }}}}", nest("a[", "a", "]", n)),
            format!("{{{{ {} }}}}", nest("f(", "1", ")", n)),
            format!("{{{{ {} }}}}", nest("{'k': ", "1", "}", n)),
            format!("{{{{ a{} }}}}", " if a else a".repeat(n)),
            nest("{% if a %}", "x", "{% endif %}", n),
            nest("{% for i in a %}", "x", "{% endfor %}", n),
            nest("{% set x %}", "x", "{% endset %}", n),
            format!("{{{{ {} }}}}", chain(b)),
            format!("{{{{ a{} }}}}", " and a".repeat(b)),
            format!("{{{{ f{} }}}}", "()".repeat(b)),
            format!("{{{{ a{} }}}}", ".b".repeat(b)),
            format!("{{{{ a{} }}}}", "|e".repeat(b)),
            format!("{{% set x = 1{} %}}", "+1".repeat(b)),
            nest(
                "{% if a %}",
                &format!("{{{{ {} }}}}", nest("a[", &chain(b - (n - n / 2)), "]", n - n / 2)),
                "{% endif %}",
                n / 2,
            ),
            nest(
                "{% for i in a %}",
                &format!(
                    "{{{{ {}{} }}}}",
                    "-".repeat(quarter),
                    nest("f(", &chain(b - (n - quarter)), ")", n - 2 * quarter)
                ),
                "{% endfor %}",
                quarter,
            ),
        ]
    }

    #[test]
    fn templates_at_the_bounds_compile_on_a_small_stack() {
        // Test threads have 2 MiB of stack, like the threads that check several files at once.
        // Unbounded, minijinja's parser and compiler overflowed such a stack (the process
        // aborted) at 120 nested `a[` and at about 1,000 chained operators, in a debug build.
        for source in shapes(TEMPLATE_NESTING_MAX, TEMPLATE_OPERATORS_MAX) {
            assert!(refusal(&source).is_none(), "{source}");
            let mut env = sandboxed(TEMPLATE_FUEL, TEMPLATE_OUTPUT_MAX_BYTES);
            env.add_template_owned("t", source.clone()).unwrap_or_else(|e| panic!("{source}: {e}"));
            assert!(env.get_template("t").unwrap().undeclared_variables(true).len() <= 3, "{source}");
        }
    }

    #[test]
    fn one_level_or_operator_more_is_refused() {
        for source in shapes(TEMPLATE_NESTING_MAX + 1, TEMPLATE_OPERATORS_MAX + 1) {
            let r = refusal(&source).unwrap_or_else(|| panic!("not refused: {source}"));
            assert!(matches!(r.why, Refused::TooDeep | Refused::TooManyOperators), "{source}");
            assert_eq!(r.why.rule(), crate::diagnostics::Rule::TemplateSyntax, "{source}");
            assert!(source.is_char_boundary(r.at.start) && r.at.end > r.at.start, "{source}");
        }
        // Long flat lists, many tags, and prefix operators on separate operands are not deep.
        let n = TEMPLATE_NESTING_MAX;
        for source in [
            format!("{{{{ [{}] }}}}", vec!["'x'"; 1000].join(", ")),
            "{{ -a ~ -b }}".repeat(1000),
            format!("{{{{ {} }}}}", vec!["-(a)"; TEMPLATE_OPERATORS_MAX / 3].join(" ~ ")),
            format!("{}{}", "{% if a %}{% endif %}".repeat(10 * n), "{% raw %}{% endif %}{% endraw %}"),
        ] {
            assert!(refusal(&source).is_none(), "{source}");
        }
    }

    #[test]
    fn every_field_points_at_its_template_in_the_file() {
        let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
        let text = base.replacen("  conduct:\n", "  announcement: \"{{ community.name }}\"\n  conduct:\n", 1);
        let loaded = crate::load::load(&text).unwrap_or_else(|d| panic!("{d:?}"));
        let fields = template_fields(&loaded.spec);
        let found: Vec<Field> = fields.iter().map(|(f, _)| *f).collect();
        let all = [Field::GroupName, Field::Welcome, Field::Announcement, Field::SopMessage(0), Field::SopMessage(1)];
        assert_eq!(found, all);
        for (field, source) in fields {
            let node = loaded.index.lookup(&field.pointer()).unwrap_or_else(|| panic!("{field} is not found"));
            assert!(text[node.value.clone()].contains(source), "{field} points elsewhere");
            // What a template renders is held to the rule the spec's own text there is held to.
            assert_eq!(field.multi_line(), crate::validate::multi_line(&field.pointer()), "{field}");
        }
        assert_eq!(Field::SopMessage(12).to_string(), "content.sop[12].message");
        assert_eq!(Field::GroupName.to_string(), "groups.name");
    }
}
