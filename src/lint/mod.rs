//! Lint rules: the craft's rules and the platform's limits, grouped by family, run over a
//! valid spec. Each rule is declared, with its documentation, in [`crate::rule`]. Each family
//! declares what it reports as a private `Found` enum with typed arguments, said in English and
//! Chinese side by side ([`crate::diagnostics::Message`]).

mod content;
mod funnel;
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
use crate::diagnostics::{Diagnostic, Rule, Severity};
use crate::spec::{Level, Spec};
use crate::yaml::SpanIndex;

pub(crate) use suppress::Suppressions;

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

/// The share of a group's members `active_target` plans to speak each day.
fn active_share(active: u32, capacity: u32) -> f64 {
    f64::from(active) / f64::from(capacity.max(1))
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
    funnel::check(cx, &mut out);
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
    overrides: BTreeMap<Rule, Level>,
}

impl Levels {
    /// Applies `lints:` from a spec (names were validated by the schema).
    pub(crate) fn with_spec(&self, spec: &Spec, cli: &[(Level, String)]) -> Levels {
        let mut out = self.clone();
        let lints = spec.lints.0.iter().map(|(name, level)| (*level, name));
        // The command line wins over the spec.
        for (level, name) in lints.chain(cli.iter().map(|(level, name)| (*level, name))) {
            if let Some(rule) = Rule::find(name).filter(|r| r.configurable()) {
                out.overrides.insert(rule, level);
            }
        }
        out
    }

    pub(crate) fn level(&self, rule: Rule) -> Level {
        self.overrides.get(&rule).copied().unwrap_or(rule.default_level())
    }
}
