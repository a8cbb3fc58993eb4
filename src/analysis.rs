//! What the render stage hands on: the groups with their names, the schedule, the longest
//! rendering of each template field (for the length rules) and, for `build`, every rendered
//! text. The lints read it; the plan is assembled from it.

use crate::compile::{GroupSeed, Schedule};

/// The longest rendering of one template field across the groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Longest {
    pub bytes: usize,
    pub chars: usize,
    /// Index into [`Analysis::groups`].
    pub group: usize,
}

impl Longest {
    /// Keeps the longer of the two, by bytes.
    pub fn update(slot: &mut Option<Longest>, text: &str, group: usize) {
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
    pub welcome: Option<Longest>,
    pub announcement: Option<Longest>,
    /// Per SOP step.
    pub messages: Vec<Option<Longest>>,
    /// Every rendered text of every group, when kept for `build` (else empty).
    pub texts: Vec<GroupTexts>,
}

/// The rendered texts of one group.
#[derive(Debug, Clone)]
pub struct GroupTexts {
    pub welcome: Option<String>,
    /// The composed announcement (群公告), or why its template failed.
    pub announcement: Result<String, String>,
    /// The message of each schedule task, in schedule order.
    pub messages: Vec<Option<String>>,
    /// The message of each `after_join` step, in SOP order.
    pub per_member: Vec<Option<String>>,
}
