//! Lint rules: the craft's rules and the platform's limits, each declared with its
//! documentation (`commspec explain RULE`), grouped by family, run over a valid spec.
//!
//! The error classes (YAML syntax, schema, references, templates) are documented here too,
//! but they are found by the earlier stages and cannot be allowed.

mod content;
mod errors;
mod groups;
mod lifecycle;
mod positioning;
mod rules;
mod staffing;
mod suppress;
mod tags;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::diagnostics::{Diagnostic, Severity};
use crate::spec::{Level, Spec};
use crate::yaml::SpanIndex;

pub(crate) use suppress::Suppressions;

/// A rule or error class and its documentation.
#[derive(Debug)]
pub struct Rule {
    /// kebab-case name, used in `lints:` maps, CLI flags and reports.
    pub name: &'static str,
    /// Default level; error classes are always `deny`.
    pub default: Level,
    /// One line, for `commspec rules` and schema descriptions.
    pub summary: &'static str,
    /// Markdown: What it does / Why is this bad? / Example / Use instead.
    pub docs: &'static str,
    /// Whether `lints:` and `-A/-W/-D` may change it (false for error classes).
    pub(crate) configurable: bool,
}

/// Declares a rule as a constant whose doc comment becomes its `explain` page.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis $ident:ident = $name:literal, $default:ident, $summary:literal $(,)?) => {
        $(#[doc = $doc])*
        $vis const $ident: $crate::lint::Rule = $crate::lint::Rule {
            name: $name,
            default: $crate::spec::Level::$default,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
            configurable: true,
        };
    };
}

/// Declares an error class: documented like a rule, always an error.
macro_rules! declare_error {
    ($(#[doc = $doc:literal])* $vis:vis $ident:ident = $name:literal, $summary:literal $(,)?) => {
        $(#[doc = $doc])*
        $vis const $ident: $crate::lint::Rule = $crate::lint::Rule {
            name: $name,
            default: $crate::spec::Level::Deny,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
            configurable: false,
        };
    };
}

pub(crate) use {declare_error, declare_rule};

/// Every lint rule, sorted by name.
pub const LINTS: &[&Rule] = &[
    &groups::ACTIVE_TARGET_UNREALISTIC,
    &rules::ANNOUNCEMENT_TOO_LONG,
    &content::ATTACHMENT_FIELD_TOO_LONG,
    &groups::CAPACITY_OVER_LIMIT,
    &groups::CAPACITY_OVER_QRCODE_LIMIT,
    &tags::CHANNEL_ID_TOO_LONG,
    &tags::CHANNEL_WITHOUT_TAG,
    &rules::CONDUCT_WITHOUT_PENALTY,
    &content::CONTENT_FREQUENCY_INVERTED,
    &lifecycle::FLASH_TOO_LONG,
    &groups::GROUP_NAME_COLLISION,
    &groups::GROUP_NAME_TOO_LONG,
    &tags::KPI_INCONSISTENT,
    &tags::KPI_OUT_OF_RANGE,
    &content::MESSAGE_FLOOD,
    &content::MESSAGE_TOO_LONG,
    &staffing::MISSING_ADMIN,
    &staffing::MISSING_OWNER,
    &content::MOMENTS_ATTACHMENTS_MIXED,
    &positioning::MULTIPLE_THEMES,
    &rules::NO_CONDUCT_RULES,
    &lifecycle::NO_END_NOTICE,
    &lifecycle::NO_END_PLAN,
    &positioning::NO_GATE,
    &positioning::NO_RIGHTS,
    &positioning::NO_SLOGAN,
    &content::NO_SOP,
    &staffing::OWNER_PER_GROUP,
    &positioning::SALES_WITHOUT_OFFERS,
    &lifecycle::SOP_OUTSIDE_TERM,
    &tags::TAG_NAME_TOO_LONG,
    &content::TOO_MANY_ATTACHMENTS,
    &lifecycle::TRANSFORM_WITHOUT_TARGET,
    &staffing::UNDERSTAFFED,
    &staffing::UNUSED_ROLE,
    &suppress::UNUSED_SUPPRESSION,
    &rules::WELCOME_TOO_LONG,
];

/// Every error class, sorted by name.
pub const ERRORS: &[&Rule] = errors::ALL;

/// A rule's documentation as plain Markdown (doc comments carry one leading space per line).
pub fn docs_text(rule: &Rule) -> String {
    rule.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n").trim().to_string()
}

/// Finds a rule or error class by name.
pub(crate) fn find(name: &str) -> Option<&'static Rule> {
    LINTS.iter().chain(ERRORS).copied().find(|r| r.name == name)
}

/// What a rule's check sees.
pub(crate) struct Ctx<'a> {
    pub(crate) spec: &'a Spec,
    pub(crate) index: &'a SpanIndex,
    pub(crate) analysis: &'a Analysis,
}

impl Ctx<'_> {
    /// The value node at `ptr` (or its nearest ancestor).
    pub(crate) fn value(&self, ptr: &str) -> Range<usize> {
        self.index.lookup(ptr).map_or(0..0, |n| n.value.clone())
    }

    /// The key of the node at `ptr` when it has one, else its value.
    pub(crate) fn key(&self, ptr: &str) -> Range<usize> {
        self.index.lookup(ptr).map_or(0..0, |n| n.key.clone().unwrap_or_else(|| n.value.clone()))
    }

    /// The key of `ptr` if present in the file, else the key of `fallback` (its parent) —
    /// for "missing" findings. When the parent is missing too (a whole section left out),
    /// the `community:` key, where the spec says what the community is.
    pub(crate) fn key_or(&self, ptr: &str, fallback: &str) -> Range<usize> {
        [ptr, fallback, "/community"]
            .into_iter()
            .find_map(|p| self.index.get(p))
            .map_or_else(|| self.key(ptr), |n| n.key.clone().unwrap_or_else(|| n.value.clone()))
    }

    /// The display name of group `i`.
    pub(crate) fn group_name(&self, i: usize) -> &str {
        self.analysis.groups.get(i).map_or("", |(_, n)| n.as_str())
    }
}

/// A finding before its level is applied.
pub(crate) fn finding(
    rule: &Rule,
    span: Range<usize>,
    message: impl Into<String>,
    label: &str,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        rule: rule.name,
        severity: Severity::Warning,
        message: message.into(),
        help: Some(help.into()),
        span,
        label: label.to_string(),
        related: Vec::new(),
    }
}

/// Runs every rule; returns findings with their level applied, allowed ones dropped.
pub(crate) fn run(cx: &Ctx, levels: &Levels) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    positioning::check(cx, &mut out);
    lifecycle::check(cx, &mut out);
    groups::check(cx, &mut out);
    staffing::check(cx, &mut out);
    rules::check(cx, &mut out);
    content::check(cx, &mut out);
    tags::check(cx, &mut out);
    leveled(out, levels)
}

/// Applies levels to findings: allowed ones are dropped, the rest get their severity.
pub(crate) fn leveled(mut out: Vec<Diagnostic>, levels: &Levels) -> Vec<Diagnostic> {
    out.retain_mut(|d| match levels.level(d.rule) {
        Level::Allow => false,
        Level::Warn => {
            d.severity = Severity::Warning;
            true
        }
        Level::Deny => {
            d.severity = Severity::Error;
            true
        }
    });
    out
}

/// The level of each rule: defaults, then the spec's `lints:`, then the command line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Levels {
    overrides: BTreeMap<&'static str, Level>,
}

impl Levels {
    /// Applies `lints:` from a spec (names were validated by the schema).
    pub(crate) fn with_spec(&self, spec: &Spec, cli: &[(Level, String)]) -> Levels {
        let mut out = self.clone();
        for (name, level) in &spec.lints.0 {
            if let Some(rule) = LINTS.iter().find(|r| r.name == name) {
                out.overrides.insert(rule.name, *level);
            }
        }
        // The command line wins over the spec.
        for (level, name) in cli {
            if let Some(rule) = LINTS.iter().find(|r| r.name == name) {
                out.overrides.insert(rule.name, *level);
            }
        }
        out
    }

    pub(crate) fn level(&self, rule: &str) -> Level {
        match self.overrides.get(rule) {
            Some(l) => *l,
            None => find(rule).map_or(Level::Deny, |r| r.default),
        }
    }
}
