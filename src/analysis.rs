//! What the render stage hands on: the groups with their names, the schedule, the longest
//! rendering of each template field (for the length rules). The lints read it; the plan is
//! assembled from it. Every group's texts are not kept: `build` renders them one group at a
//! time ([`crate::check::each_group_texts`]), so no stage holds the community's.

use crate::compile::{GroupSeed, Schedule, Stagger};

/// The longest rendering of one template field across the groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Longest {
    pub(crate) bytes: usize,
    pub(crate) chars: usize,
    /// Index into [`Analysis::groups`].
    pub(crate) group: usize,
}

impl Longest {
    /// Keeps the longer of the two, by bytes.
    pub(crate) fn update(slot: &mut Option<Longest>, text: &str, group: usize) {
        let this = Longest { bytes: text.len(), chars: text.chars().count(), group };
        if slot.is_none_or(|s| this.bytes > s.bytes) {
            *slot = Some(this);
        }
    }
}

/// What the lints inspect besides the spec: the compiled groups and schedule, and the
/// longest rendering of each template (None where a template failed or is absent).
#[derive(Debug)]
pub struct Analysis {
    pub groups: Vec<(GroupSeed, String)>,
    /// The schedule of the groups starting on `lifecycle.start`: every group's without
    /// `groups.stagger`.
    pub schedule: Schedule,
    /// The later cohorts' schedules, when the spec staggers its groups.
    pub(crate) stagger: Option<Stagger>,
    pub(crate) welcome: Option<Longest>,
    pub(crate) announcement: Option<Longest>,
    /// Per SOP step.
    pub(crate) messages: Vec<Option<Longest>>,
}

impl Analysis {
    /// The 0-based cohort of the group at `group`: its number in its matrix combination less
    /// one with `groups.stagger`, else 0.
    pub(crate) fn cohort(&self, group: usize) -> usize {
        cohort_of(&self.groups[group].0, self.stagger.as_ref())
    }

    /// The schedule of cohort `cohort` (0-based).
    pub(crate) fn cohort_schedule(&self, cohort: usize) -> &Schedule {
        match (cohort, &self.stagger) {
            (0, _) | (_, None) => &self.schedule,
            (k, Some(s)) => s.later.get(k - 1).unwrap_or(&self.schedule),
        }
    }

    /// Every cohort's schedule, the first first.
    pub(crate) fn cohorts(&self) -> impl Iterator<Item = &Schedule> {
        std::iter::once(&self.schedule).chain(self.stagger.iter().flat_map(|s| &s.later))
    }
}

/// The 0-based cohort of a group (see [`Analysis::cohort`]).
pub(crate) fn cohort_of(seed: &GroupSeed, stagger: Option<&Stagger>) -> usize {
    if stagger.is_some() { seed.n as usize - 1 } else { 0 }
}

/// The rendered texts of one group.
#[derive(Debug, Clone)]
pub(crate) struct GroupTexts {
    pub(crate) welcome: Option<String>,
    /// The composed announcement (群公告), or why its template failed.
    pub(crate) announcement: Result<String, String>,
    /// The message of each schedule task, in schedule order.
    pub(crate) messages: Vec<Option<String>>,
    /// The message of each `after_join` step, in SOP order.
    pub(crate) per_member: Vec<Option<String>>,
}
