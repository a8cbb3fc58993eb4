//! What the render stage hands on: the groups with their names, the schedule, the longest
//! rendering of each template field (for the length rules). The lints read it; the plan is
//! assembled from it. Every group's texts are not kept: `build` renders them one group at a
//! time ([`crate::check::each_group_texts`]), so no stage holds the community's.

use crate::compile::{GroupSeed, Schedule};

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
    pub schedule: Schedule,
    pub(crate) welcome: Option<Longest>,
    pub(crate) announcement: Option<Longest>,
    /// Per SOP step.
    pub(crate) messages: Vec<Option<Longest>>,
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
