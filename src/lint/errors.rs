//! Error classes: problems that make a spec meaningless. They are found by the load,
//! schema, validate and render stages, are always errors, and cannot be allowed.

use super::{Rule, declare_error};

declare_error! {
    /// ## What it does
    /// Reports a name given twice in a list whose items are referenced by id: roles, SOP
    /// steps, phases, conduct rules, admission channels, segments, tag groups, and tags
    /// within a group. Also a community id that two spec files checked or built together
    /// share, at the later file's `community.id`.
    ///
    /// ## Why is this bad?
    /// A reference like `role: owner` must mean one thing. A community id names the
    /// community's output folder, so two specs with one id would write the same folder.
    ///
    /// ## Example
    /// ```yaml
    /// roles:
    ///   - { id: owner, type: owner }
    ///   - { id: owner, type: admin }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///   - { id: owner, type: owner }
    ///   - { id: butler, type: admin }
    /// ```
    pub(crate) DUPLICATE_ID = "duplicate-id", "an id used twice in one list",
}

declare_error! {
    /// ## What it does
    /// Reports limits commspec sets on its input so that no file can exhaust it: file size
    /// (4 MiB), nesting depth (64), aliases (1000), groups a matrix expands into (10,000),
    /// days planned (3660) and dated tasks per group (100,000). Also SOP messages that add up
    /// to more than one group's SOP file (64 MiB) or one build (1 GiB) may hold, which `build`
    /// would refuse.
    ///
    /// ## Why is this bad?
    /// Real specs are far below every limit; a file past one is a mistake or an attack
    /// (a "billion laughs" alias bomb, a 100-year horizon planned day by day).
    ///
    /// ## Example
    /// ```yaml
    /// groups: { count: 50000 }
    /// ```
    ///
    /// Use instead: split the community into several specs.
    pub(crate) INPUT_LIMIT = "input-limit", "input past one of commspec's safety limits",
}

declare_error! {
    /// ## What it does
    /// Reports a value that is the right type but not an allowed value: an unknown enum value
    /// (with "did you mean"), a malformed duration, time, date, target or id, a number out of
    /// range, a malformed trigger, or an unsupported language version. Also a text with a
    /// control character (ESC, NUL, DEL, C1, bidi overrides): messages (`rules.welcome`,
    /// `rules.announcement`, SOP `message`) may hold line breaks and tabs; every other text is
    /// one line, with none.
    ///
    /// ## Why is this bad?
    /// commspec cannot know what was meant.
    ///
    /// ## Example
    /// ```yaml
    /// community: { type: flsh }
    /// lifecycle: { term: 7x }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// community: { type: flash }
    /// lifecycle: { term: 7d }
    /// ```
    pub(crate) INVALID_VALUE = "invalid-value", "a value that is not allowed here",
}

declare_error! {
    /// ## What it does
    /// Reports a required field that is missing: `commspec`, `community`, `lifecycle`, `roles`
    /// at the top; the id of every list item; the fields a gate, attachment or trigger form
    /// needs (`amount` for a price gate, `at` on dated triggers).
    ///
    /// ## Why is this bad?
    /// The spec cannot be planned without it.
    ///
    /// ## Example
    /// ```yaml
    /// gates: [{ type: price }]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// gates: [{ type: price, amount: 99 }]
    /// ```
    pub(crate) MISSING_FIELD = "missing-field", "a required field is missing",
}

declare_error! {
    /// ## What it does
    /// Reports a spec that commspec stopped: checking or building it took more than 60 s of
    /// processor time (wall time where the system does not tell), or the process held more than
    /// 3 GiB of memory while working on it. The message names the bound and the size of the spec
    /// and its plan; it points at the template being rendered, else at the start of the file.
    /// Files checked before it are still reported.
    ///
    /// ## Why is this bad?
    /// No fuel counts some work: a template may build, in a few steps, a value that grows
    /// exponentially, then walk it in one. The bounds keep a CI job from hanging or running out
    /// of memory. Both may be lowered (`COMMSPEC_SPEC_SECONDS_MAX`, `COMMSPEC_MEMORY_MIB_MAX`),
    /// never raised.
    ///
    /// ## Example
    /// ```yaml
    /// message: "{% set ns = namespace(a=[1]) %}{% for i in range(40) %}{% set ns.a = [ns.a, ns.a] %}{% endfor %}{{ ns.a ~ '' }}"
    /// ```
    ///
    /// Use instead: plain text with a few `{{ … }}` values; fewer groups or planned days.
    pub(crate) RESOURCE_LIMIT = "resource-limit", "a spec stopped past a bound on processor time or memory",
}

declare_error! {
    /// ## What it does
    /// Reports a template field (`groups.name`, `rules.welcome`, `rules.announcement`, SOP
    /// `message`) that failed while rendering: it ran out of fuel (an endless or huge loop),
    /// recursed too deeply, produced too much text or a control character, or did an invalid
    /// operation. Also a template that uses `*`: besides multiplying it repeats lists
    /// (`[x] * 100000000`), which can exhaust memory in one step, so commspec templates do
    /// not use it.
    ///
    /// ## Why is this bad?
    /// The text cannot be produced, so the group would receive nothing.
    ///
    /// ## Example
    /// ```yaml
    /// message: "{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}"
    /// ```
    ///
    /// Use instead: plain text with a few `{{ … }}` values.
    pub(crate) TEMPLATE_ERROR = "template-error", "a template failed while rendering",
}

declare_error! {
    /// ## What it does
    /// Reports a template with a syntax error, located at the line inside the template. Also a
    /// template nested more than 32 levels deep (blocks, brackets, runs of `-` or `not`) or
    /// with more than 100 operators in one `{{ … }}` or `{% … %}`: the template engine parses
    /// and compiles these recursively, and deeper ones crashed it.
    ///
    /// ## Why is this bad?
    /// The template cannot be rendered at all.
    ///
    /// ## Example
    /// ```yaml
    /// welcome: "欢迎{{ nickname }！"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// welcome: "欢迎{{ nickname }}！"
    /// ```
    pub(crate) TEMPLATE_SYNTAX = "template-syntax", "a template with a syntax error",
}

declare_error! {
    /// ## What it does
    /// Reports a template that uses a name its context does not have. Templates see the
    /// spec's sections (`community`, `lifecycle`, `rights`, `gates`, `admission`, `rules`,
    /// `content`, `tags`, `kpis`, `monetization`, `segments`), `roles` by id, `group` and the
    /// matrix variables; SOP messages also `step`, and `date` and `day` when dated; the
    /// welcome message also `nickname`. Optional fields a spec does not set are undefined.
    ///
    /// ## Why is this bad?
    /// The text would be sent with a hole in it; commspec renders every template for every
    /// group with strict undefined, so `check` finds it first.
    ///
    /// ## Example
    /// ```yaml
    /// welcome: "欢迎加入{{ comunity.name }}"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// welcome: "欢迎加入{{ community.name }}"
    /// ```
    pub(crate) TEMPLATE_UNDEFINED = "template-undefined", "a template uses an undefined name",
}

declare_error! {
    /// ## What it does
    /// Reports a reference to something not declared: a step's `role`, a gate's `by`, a
    /// trigger's `phase`, a channel's `tag` or a step's `to_tags` (written `组/标签`).
    ///
    /// ## Why is this bad?
    /// The step would have nobody to perform it, or target nobody.
    ///
    /// ## Example
    /// ```yaml
    /// content:
    ///   sop: [{ id: hi, title: 问好, when: { day: 1, at: "09:00" }, channel: group, role: teacher }]
    /// ```
    ///
    /// Use instead: declare `teacher` under `roles`, or use a declared role id.
    pub(crate) UNKNOWN_REFERENCE = "unknown-reference", "a reference to an undeclared role, tag or phase",
}

declare_error! {
    /// ## What it does
    /// Reports a key the language does not define, at the key, with "did you mean". Also a
    /// field that does not apply to a gate's or attachment's `type`.
    ///
    /// ## Why is this bad?
    /// A misspelt key is silently ignored by most tools; the setting it carries would be lost.
    ///
    /// ## Example
    /// ```yaml
    /// groups: { capacty: 200 }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// groups: { capacity: 200 }
    /// ```
    pub(crate) UNKNOWN_KEY = "unknown-key", "a key the language does not define",
}

declare_error! {
    /// ## What it does
    /// Reports a value of the wrong type: text where a number belongs, a single value where a
    /// list belongs, a mapping where text belongs.
    ///
    /// ## Why is this bad?
    /// The spec means something else than written. YAML reads `at: 0930` as a number and
    /// `name: yes` as text; quote values that must be text.
    ///
    /// ## Example
    /// ```yaml
    /// groups: { capacity: 二百 }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// groups: { capacity: 200 }
    /// ```
    pub(crate) WRONG_TYPE = "wrong-type", "a value of the wrong type",
}

declare_error! {
    /// ## What it does
    /// Reports YAML that structurally cannot be a spec: several documents in one file,
    /// duplicate keys in a mapping, YAML tags, keys that are not text, or a `<<` merge that
    /// cannot be applied.
    ///
    /// ## Why is this bad?
    /// With a duplicate key one of the two values is silently lost; the others have no
    /// meaning in the language.
    ///
    /// ## Example
    /// ```yaml
    /// community:
    ///   name: 数学营
    ///   name: 英语营
    /// ```
    ///
    /// Use instead: one key, one value.
    pub(crate) YAML_STRUCTURE = "yaml-structure", "YAML that cannot be a spec (several documents, duplicate keys, tags)",
}

declare_error! {
    /// ## What it does
    /// Reports text that is not valid YAML (unclosed quotes or brackets, bad indentation, tabs
    /// used for indentation) or not valid UTF-8.
    ///
    /// ## Why is this bad?
    /// Nothing else can be checked until the file parses.
    ///
    /// ## Example
    /// ```yaml
    /// roles: [owner, admin
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// roles: [owner, admin]
    /// ```
    pub(crate) YAML_SYNTAX = "yaml-syntax", "the file is not valid YAML or not UTF-8",
}

/// Every error class, sorted by name.
pub(crate) const ALL: &[&Rule] = &[
    &DUPLICATE_ID,
    &INPUT_LIMIT,
    &INVALID_VALUE,
    &MISSING_FIELD,
    &RESOURCE_LIMIT,
    &TEMPLATE_ERROR,
    &TEMPLATE_SYNTAX,
    &TEMPLATE_UNDEFINED,
    &UNKNOWN_KEY,
    &UNKNOWN_REFERENCE,
    &WRONG_TYPE,
    &YAML_STRUCTURE,
    &YAML_SYNTAX,
];
