//! Semantic checks that make a spec meaningful or not (never lints; they cannot be allowed):
//! duplicate ids, unknown references, and what a trigger's form needs of the rest of the
//! spec. Which fields go with which trigger form, gate or attachment type is the schema's.

use std::collections::HashMap;
use std::ops::Range;

use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Rule, did_you_mean, display_path, escaped, visible};
use crate::limits::COMMUNITY_ID_MAX_CHARS;
use crate::spec::{Channel, Every, EveryKind, Inviter, Spec, Term, Trigger, Wanted};
use crate::yaml::SpanIndex;

/// Names a matrix variable may not take, because templates already see them.
const RESERVED_VARIABLES: &[&str] = &[
    "n",
    "group",
    "community",
    "lifecycle",
    "groups",
    "rights",
    "gates",
    "admission",
    "roles",
    "rules",
    "content",
    "tags",
    "kpis",
    "monetization",
    "segments",
    "step",
    "date",
    "day",
    "nickname",
    "timezone",
    "lints",
];

/// Runs every semantic check; all problems are returned, in document order.
pub(crate) fn validate(spec: &Spec, index: &SpanIndex) -> Vec<Diagnostic> {
    let mut v = Validator { index, out: Vec::new() };
    v.community_id(spec);
    v.duplicates(spec);
    v.references(spec);
    v.recipients(spec);
    v.triggers(spec);
    v.phases(spec);
    v.matrix(spec);
    v.out.sort_by_key(|d| (d.span.start, d.span.end));
    v.out
}

struct Validator<'a> {
    index: &'a SpanIndex,
    out: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn value(&self, ptr: &str) -> Range<usize> {
        self.index.lookup(ptr).map_or(0..0, |n| n.value.clone())
    }

    fn key(&self, ptr: &str) -> Range<usize> {
        self.index.lookup(ptr).map_or(0..0, |n| n.key.clone().unwrap_or_else(|| n.value.clone()))
    }

    /// The id names the output folder: `build` refuses what no folder name can be, and what
    /// Windows cannot open.
    fn community_id(&mut self, spec: &Spec) {
        let id = spec.community.id.as_str();
        if id.len() > COMMUNITY_ID_MAX_CHARS {
            self.out.push(
                Diagnostic::error(
                    Rule::InvalidValue,
                    self.value("/community/id"),
                    format!("community id `{id}` has {} characters, more than {COMMUNITY_ID_MAX_CHARS}", id.len()),
                )
                .with_label("too long for a folder name")
                .with_help(format!(
                    "the id names the community's output folder: shorten it to {COMMUNITY_ID_MAX_CHARS} characters or fewer"
                )),
            );
        }
        if crate::limits::is_reserved_name(id) {
            let help = format!(
                "the id names the output folder, and Windows reserves `{id}` for a device (as it does con, prn, aux, \
                 nul, com0–com9 and lpt0–lpt9); choose another id, such as `{id}-group`"
            );
            let message = format!("invalid id `{id}` at `community.id`");
            self.out.push(
                Diagnostic::error(Rule::InvalidValue, self.value("/community/id"), message)
                    .with_label("a device name on Windows")
                    .with_help(help),
            );
        }
    }

    fn duplicates(&mut self, spec: &Spec) {
        let lists: [(&str, &str, Vec<&str>); 6] = [
            ("/roles", "role", spec.roles.iter().map(|r| r.id.as_str()).collect()),
            ("/content/sop", "SOP step", spec.content.sop.iter().map(|s| s.id.as_str()).collect()),
            ("/lifecycle/phases", "phase", spec.lifecycle.phases.iter().map(|p| p.id.as_str()).collect()),
            ("/rules/conduct", "conduct rule", spec.rules.conduct.iter().map(|c| c.id.as_str()).collect()),
            ("/admission/channels", "channel", spec.admission.channels.iter().map(|c| c.id.as_str()).collect()),
            ("/segments", "segment", spec.segments.iter().map(|s| s.id.as_str()).collect()),
        ];
        for (list, what, ids) in lists {
            self.unique(&ids, |i| format!("{list}/{i}/id"), what);
        }
        let groups: Vec<&str> = spec.tags.iter().map(|t| t.group.as_str()).collect();
        self.unique(&groups, |i| format!("/tags/{i}/group"), "tag group");
        for (g, group) in spec.tags.iter().enumerate() {
            let tags: Vec<&str> = group.tags.iter().map(String::as_str).collect();
            self.unique(&tags, |i| format!("/tags/{g}/tags/{i}"), "tag");
        }
    }

    fn unique(&mut self, ids: &[&str], ptr: impl Fn(usize) -> String, what: &str) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            if let Some(&first) = seen.get(id) {
                self.out.push(
                    Diagnostic::error(Rule::DuplicateId, self.value(&ptr(i)), format!("duplicate {what} id `{id}`"))
                        .with_label("defined again here")
                        .with_related(self.value(&ptr(first)), "first defined here")
                        .with_help(format!("ids must be unique within their list: rename one of the two {what}s")),
                );
            } else {
                seen.insert(id, i);
            }
        }
    }

    /// Every reference that resolves to nothing, with the names it could have meant.
    fn references(&mut self, spec: &Spec) {
        let roles = || spec.roles.iter().map(|r| r.id.to_string());
        for u in &spec.refs().unresolved {
            let (what, known, declare): (&str, Vec<String>, &str) = match u.wanted {
                Wanted::Role => ("role", roles().collect(), "declare it under `roles`"),
                Wanted::Inviter => {
                    ("role", roles().chain([Inviter::MEMBER.to_string()]).collect(), "use a role id, or `member`")
                }
                Wanted::Phase => (
                    "phase",
                    spec.lifecycle.phases.iter().map(|p| p.id.to_string()).collect(),
                    "declare it under `lifecycle.phases`",
                ),
                Wanted::Tag => (
                    "tag",
                    spec.tags.iter().flat_map(|g| g.tags.iter().map(move |t| format!("{}/{t}", g.group))).collect(),
                    "declare it under `tags`, written `组/标签`",
                ),
            };
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            self.unknown(&u.ptr, what, &u.name, &known, declare);
        }
    }

    fn unknown(&mut self, ptr: &str, what: &str, name: &str, known: &[&str], declare: &str) {
        let help = match did_you_mean(name, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Or {declare}"),
            None if known.is_empty() => format!("none is declared yet: {declare}"),
            None => {
                // A duplicate id (reported on its own) would otherwise be listed twice.
                let mut names: Vec<&str> = Vec::new();
                for k in known {
                    if !names.contains(k) {
                        names.push(k);
                    }
                }
                format!("known: {}; or {declare}", names.join(", "))
            }
        };
        self.out.push(
            Diagnostic::error(Rule::UnknownReference, self.value(ptr), format!("unknown {what} `{name}`"))
                .with_label(format!("no {what} with this name"))
                .with_help(help),
        );
    }

    /// `to_tags` selects whom a private chat or a Moments post reaches; other channels have
    /// no recipients to select.
    fn recipients(&mut self, spec: &Spec) {
        for (i, step) in spec.content.sop.iter().enumerate() {
            if !step.to_tags.is_empty() && !matches!(step.channel, Channel::Private | Channel::Moments) {
                self.out.push(
                    Diagnostic::error(
                        Rule::InvalidValue,
                        self.key(&format!("/content/sop/{i}/to_tags")),
                        "`to_tags` selects recipients of `private` and `moments` steps only",
                    )
                    .with_label("not used on this channel")
                    .with_help(format!(
                        "remove `to_tags`, or change `channel` (now `{}`) to `private` or `moments`",
                        step.channel
                    )),
                );
            }
        }
    }

    /// What a trigger's form needs of the rest of the spec: a start date for dates and
    /// weekdays, a finite term for `before_end`, and a day range that is not empty.
    fn triggers(&mut self, spec: &Spec) {
        for (i, step) in spec.content.sop.iter().enumerate() {
            let ptr = format!("/content/sop/{i}/when");
            match &step.when {
                Trigger::Date { .. } if spec.lifecycle.start.is_none() => self.out.push(
                    Diagnostic::error(
                        Rule::MissingField,
                        self.value(&format!("{ptr}/date")),
                        "a `date` trigger needs `lifecycle.start`",
                    )
                    .with_label("cannot be placed on the plan")
                    .with_help("set `lifecycle.start` (day 1), or use a `day` trigger"),
                ),
                Trigger::Every { every, .. }
                    if spec.lifecycle.start.is_none() && *every != Every::One(EveryKind::Day) =>
                {
                    self.out.push(
                        Diagnostic::error(
                            Rule::MissingField,
                            self.value(&format!("{ptr}/every")),
                            "repeating on weekdays needs `lifecycle.start`",
                        )
                        .with_label("weekdays are unknown without a start date")
                        .with_help("set `lifecycle.start` (day 1), or use `every: day`"),
                    );
                }
                Trigger::Every { from_day, to_day: Some(to), .. } if *to < from_day.unwrap_or(1) => {
                    let from = from_day.map_or("1 (the default)".to_string(), |f| f.to_string());
                    self.out.push(
                        Diagnostic::error(
                            Rule::InvalidValue,
                            self.value(&format!("{ptr}/to_day")),
                            format!("`to_day` {to} is before `from_day` {from}: the step never runs"),
                        )
                        .with_label("before `from_day`")
                        .with_help("make `to_day` at least `from_day`, or leave it out to repeat to the last day"),
                    );
                }
                Trigger::BeforeEnd { .. } if spec.lifecycle.term == Term::Ongoing => self.out.push(
                    Diagnostic::error(
                        Rule::InvalidValue,
                        self.key(&format!("{ptr}/before_end")),
                        "`before_end` needs a finite term, but `term` is `ongoing`",
                    )
                    .with_label("an ongoing community has no end")
                    .with_help("use a `day` or `every` trigger, or give `lifecycle.term` a duration"),
                ),
                _ => {}
            }
        }
    }

    fn phases(&mut self, spec: &Spec) {
        for (i, p) in spec.lifecycle.phases.iter().enumerate() {
            if p.from_day > p.to_day {
                self.out.push(
                    Diagnostic::error(
                        Rule::InvalidValue,
                        self.value(&format!("/lifecycle/phases/{i}/to_day")),
                        format!("phase `{}` ends (day {}) before it starts (day {})", p.id, p.to_day, p.from_day),
                    )
                    .with_label("before `from_day`")
                    .with_help("make `to_day` at least `from_day`"),
                );
            }
        }
        // `{phase, day}` counts within the phase: day N must exist in it.
        for (i, step) in spec.content.sop.iter().enumerate() {
            let Trigger::Phase { phase: id, day, .. } = &step.when else { continue };
            let day = *day;
            let Some(p) = spec.step_phase(i) else { continue };
            let length = p.to_day - p.from_day + 1;
            if length > 0 && (day < 1 || day > length) {
                self.out.push(
                    Diagnostic::error(
                        Rule::InvalidValue,
                        self.value(&format!("/content/sop/{i}/when/day")),
                        format!(
                            "phase `{id}` has {length} days (days {}–{}), so it has no day {day}",
                            p.from_day, p.to_day
                        ),
                    )
                    .with_label("outside the phase")
                    .with_help(format!("use a day from 1 to {length}, counted from the phase's first day")),
                );
            }
        }
    }

    fn matrix(&mut self, spec: &Spec) {
        for (name, _) in &spec.groups.matrix.0 {
            if RESERVED_VARIABLES.contains(&name.as_str()) {
                self.out.push(
                    Diagnostic::error(
                        Rule::InvalidValue,
                        self.key(&format!("/groups/matrix/{name}")),
                        format!("matrix variable `{name}` clashes with a name templates already see"),
                    )
                    .with_label("reserved name")
                    .with_help("rename the variable, e.g. `city`, `grade`, `subject`"),
                );
            }
        }
    }
}

/// The community ids met so far in one run of `check` or `build`, each with the first file
/// that has it. Only ids and file names are kept, so memory stays flat.
#[derive(Default)]
pub(crate) struct CommunityIds(HashMap<String, String>);

impl CommunityIds {
    /// Notes the community id of `file` (as shown), at `span`; `duplicate-id` when an earlier
    /// file has it: both would write the same output folder.
    pub(crate) fn note(&mut self, file: &str, id: &str, span: Range<usize>) -> Option<Diagnostic> {
        let Some(first) = self.0.get(id) else {
            self.0.insert(id.to_string(), file.to_string());
            return None;
        };
        Some(
            Diagnostic::error(Rule::DuplicateId, span, format!("community id `{id}` is already used by `{first}`"))
                .with_label("used by another spec")
                .with_help("each community id names its output folder: give each spec its own id"),
        )
    }
}

/// Whether the text at `ptr` may hold several lines: the texts sent to members (the welcome,
/// the announcement's extra text, SOP messages). Every other text (names, titles, ids, tags,
/// keywords, descriptions) is one line: it becomes a Markdown heading or table cell, a CSV
/// field, a calendar summary.
pub(crate) fn multi_line(ptr: &str) -> bool {
    let segs: Vec<&str> = ptr.split('/').collect();
    matches!(segs[..], ["", "rules", "welcome" | "announcement"] | ["", "content", "sop", _, "message"])
}

/// The first character of `text` a terminal or a file format acts on: control characters
/// (C0, DEL, C1; line breaks and tabs too unless `multi_line`), and the bidirectional and
/// line-separator characters that reorder or break the text around them.
pub(crate) fn control_character(text: &str, multi_line: bool) -> Option<char> {
    text.chars().find(|c| escaped(*c) && !(multi_line && matches!(c, '\n' | '\t')))
}

/// Every text of the spec with a control character (see [`control_character`]): it would
/// reach members' chats, the calendar, the spreadsheet and the Markdown files as it is. Keys
/// need no check: the schema knows every key but the matrix variables, which are identifiers.
pub(crate) fn control_characters(json: &Json, index: &SpanIndex) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut todo = vec![(String::new(), json)];
    while let Some((ptr, value)) = todo.pop() {
        match value {
            Json::String(s) => {
                let multi = multi_line(&ptr);
                if let Some(c) = control_character(s, multi) {
                    let span = index.lookup(&ptr).map_or(0..0, |n| n.value.clone());
                    out.push(control_diagnostic(&ptr, c, span, multi));
                }
            }
            Json::Array(items) => todo.extend(items.iter().enumerate().map(|(i, v)| (format!("{ptr}/{i}"), v))),
            Json::Object(map) => {
                todo.extend(map.iter().map(|(k, v)| (format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1")), v)));
            }
            _ => {}
        }
    }
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

fn control_diagnostic(ptr: &str, c: char, span: Range<usize>, multi_line: bool) -> Diagnostic {
    let help = if multi_line {
        "remove it: messages may hold line breaks and tabs, but no other control characters"
    } else {
        "write it on one line, without control characters: names, titles, ids and tags end up in headings, table cells, CSV fields and calendar entries"
    };
    Diagnostic::error(
        Rule::InvalidValue,
        span,
        format!("`{}` contains the control character `{}`", display_path(ptr), visible(&c.to_string())),
    )
    .with_label("control character")
    .with_help(help)
}
