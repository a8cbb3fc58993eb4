//! References between sections, resolved once per spec: an SOP step's role and phase, an
//! invite gate's role, the tags steps and entry channels name. Everything after `validate`
//! (which reports what resolves to nothing) reads these typed references instead of looking
//! ids up again.

use super::{Gate, Inviter, Phase, Role, Segment, Spec, Trigger};

/// A role, by its place in `roles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RoleRef(usize);

/// A phase, by its place in `lifecycle.phases`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhaseRef(usize);

/// What a reference that resolves to nothing was meant to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// A step's role.
    Role,
    /// An invite gate's `by`: a role, or `member`.
    Inviter,
    /// The phase of a `{phase, day}` trigger or a phase-scoped repeat.
    Phase,
    /// A tag, written `组/标签`.
    Tag,
    /// A step's segment.
    Segment,
}

/// A reference that names nothing declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unresolved {
    pub(crate) wanted: Wanted,
    /// The name as written.
    pub(crate) name: String,
    /// JSON pointer of the reference.
    pub(crate) ptr: String,
}

/// The references of one spec.
#[derive(Debug, Clone, Default)]
pub(crate) struct Refs {
    /// Per SOP step.
    step_roles: Vec<Option<RoleRef>>,
    /// Per SOP step: the phase of a `{phase, day}` trigger or a phase-scoped repeat.
    step_phases: Vec<Option<PhaseRef>>,
    /// Per SOP step: the segment it goes to, by its place in `segments`.
    step_segments: Vec<Option<usize>>,
    /// Per gate: the role of an invite gate that names one.
    gate_roles: Vec<Option<RoleRef>>,
    /// What resolved to nothing, in document order.
    pub(crate) unresolved: Vec<Unresolved>,
}

impl Refs {
    /// The role of SOP step `step`, unless its id is unknown.
    pub(crate) fn role_of(&self, step: usize) -> Option<RoleRef> {
        self.step_roles.get(step).copied().flatten()
    }

    /// The phase of SOP step `step`, for a `{phase, day}` trigger or a phase-scoped repeat
    /// whose phase is declared.
    pub(crate) fn phase_of(&self, step: usize) -> Option<PhaseRef> {
        self.step_phases.get(step).copied().flatten()
    }

    /// The role that invites to gate `gate`, for an invite gate naming a declared role.
    pub(crate) fn inviter_of(&self, gate: usize) -> Option<RoleRef> {
        self.gate_roles.get(gate).copied().flatten()
    }

    /// The SOP steps the role at `role` in `roles` performs, in order.
    pub(crate) fn steps_of(&self, role: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.step_roles.len()).filter(move |step| self.role_of(*step).is_some_and(|r| r.0 == role))
    }
}

impl RoleRef {
    /// The role's place in `roles`.
    pub(crate) fn index(self) -> usize {
        self.0
    }
}

impl Spec {
    /// The spec's references, resolved on first use (by `validate`) and kept.
    pub(crate) fn refs(&self) -> &Refs {
        self.refs.get_or_init(|| resolve(self))
    }

    pub(crate) fn role(&self, r: RoleRef) -> Option<&Role> {
        self.roles.get(r.0)
    }

    pub(crate) fn phase(&self, p: PhaseRef) -> Option<&Phase> {
        self.lifecycle.phases.get(p.0)
    }

    /// The role SOP step `step` names.
    pub(crate) fn step_role(&self, step: usize) -> Option<&Role> {
        self.refs().role_of(step).and_then(|r| self.role(r))
    }

    /// The segment SOP step `step` goes to.
    pub(crate) fn step_segment(&self, step: usize) -> Option<&Segment> {
        self.refs().step_segments.get(step).copied().flatten().and_then(|s| self.segments.get(s))
    }

    /// The phase of SOP step `step`, for a `{phase, day}` trigger or a phase-scoped repeat.
    pub(crate) fn step_phase(&self, step: usize) -> Option<&Phase> {
        self.refs().phase_of(step).and_then(|p| self.phase(p))
    }
}

/// A place that names a tag (`组/标签`).
pub(crate) struct TagUse<'a> {
    pub(crate) written: &'a str,
    /// JSON pointer of the reference.
    pub(crate) ptr: String,
}

/// The JSON pointer of an answer of survey question `q` (an answer may hold `/` or `~`).
pub(crate) fn answer_pointer(q: usize, answer: &str) -> String {
    format!("/admission/survey/{q}/answers/{}", answer.replace('~', "~0").replace('/', "~1"))
}

/// A declared tag: its group's place in `tags` and its place in the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TagRef {
    pub(crate) group: usize,
    pub(crate) tag: usize,
}

impl Spec {
    /// Every place that gives or reads a tag: steps' `to_tags`, channels' `tag`, survey answers.
    /// The one list of tag uses: `validate` resolves them and `unused-tag` counts them, so a
    /// new way of using a tag is added here.
    pub(crate) fn tag_uses(&self) -> impl Iterator<Item = TagUse<'_>> {
        let steps = self.content.sop.iter().enumerate().flat_map(|(i, step)| {
            let tags = step.to_tags.iter().enumerate();
            tags.map(move |(t, written)| TagUse { written, ptr: format!("/content/sop/{i}/to_tags/{t}") })
        });
        let channels = self.admission.channels.iter().enumerate().filter_map(|(i, channel)| {
            let written = channel.tag.as_deref()?;
            Some(TagUse { written, ptr: format!("/admission/channels/{i}/tag") })
        });
        let answers = self.admission.survey.iter().enumerate().flat_map(|(q, question)| {
            question
                .answers()
                .filter_map(move |(answer, written)| Some(TagUse { written: written?, ptr: answer_pointer(q, answer) }))
        });
        let segments = self.segments.iter().enumerate().filter_map(|(i, segment)| {
            let written = segment.tag.as_deref()?;
            Some(TagUse { written, ptr: format!("/segments/{i}/tag") })
        });
        steps.chain(channels).chain(answers).chain(segments)
    }

    /// The declared tag a reference `组/标签` names; a group name may hold a `/` itself.
    pub(crate) fn find_tag(&self, written: &str) -> Option<TagRef> {
        self.tags.iter().enumerate().find_map(|(group, g)| {
            let tag = written.strip_prefix(g.group.as_str()).and_then(|rest| rest.strip_prefix('/'))?;
            g.tags.iter().position(|t| t == tag).map(|tag| TagRef { group, tag })
        })
    }
}

fn resolve(spec: &Spec) -> Refs {
    let role = |id: &str| spec.roles.iter().position(|r| r.id.as_str() == id).map(RoleRef);
    let phase = |id: &str| spec.lifecycle.phases.iter().position(|p| p.id.as_str() == id).map(PhaseRef);
    let mut refs = Refs::default();
    let mut unresolved = |wanted, name: &str, ptr: String| {
        refs.unresolved.push(Unresolved { wanted, name: name.to_string(), ptr });
    };
    let segment = |id: &str| spec.segments.iter().position(|s| s.id == id);
    let (mut step_roles, mut step_phases, mut step_segments) = (Vec::new(), Vec::new(), Vec::new());
    for (i, step) in spec.content.sop.iter().enumerate() {
        let found = role(step.role.as_str());
        if found.is_none() {
            unresolved(Wanted::Role, step.role.as_str(), format!("/content/sop/{i}/role"));
        }
        step_roles.push(found);
        let found = match &step.when {
            Trigger::Phase { phase: id, .. } | Trigger::Every { phase: Some(id), .. } => {
                let found = phase(id.as_str());
                if found.is_none() {
                    unresolved(Wanted::Phase, id.as_str(), format!("/content/sop/{i}/when/phase"));
                }
                found
            }
            _ => None,
        };
        step_phases.push(found);
        let found = step.segment.as_deref().and_then(|id| {
            let found = segment(id);
            if found.is_none() {
                unresolved(Wanted::Segment, id, format!("/content/sop/{i}/segment"));
            }
            found
        });
        step_segments.push(found);
    }
    for TagUse { written, ptr } in spec.tag_uses().filter(|u| spec.find_tag(u.written).is_none()) {
        unresolved(Wanted::Tag, written, ptr);
    }
    for (metric, kpi) in spec.kpis.targets() {
        if let Some(id) = kpi.phase().filter(|id| phase(id.as_str()).is_none()) {
            unresolved(Wanted::Phase, id.as_str(), format!("/kpis/{}/phase", metric.key));
        }
    }
    let mut gate_roles = Vec::new();
    for (i, gate) in spec.gates.iter().enumerate() {
        let found = match gate {
            Gate::Invite { by: Inviter::Role(id) } => {
                let found = role(id);
                if found.is_none() {
                    unresolved(Wanted::Inviter, id, format!("/gates/{i}/by"));
                }
                found
            }
            _ => None,
        };
        gate_roles.push(found);
    }
    Refs { step_roles, step_phases, step_segments, gate_roles, ..refs }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Spec {
        match crate::load::load(text) {
            Ok(loaded) => loaded.spec,
            Err(found) => panic!("{found:#?}"),
        }
    }

    #[test]
    fn references_resolve_to_what_they_name_and_the_rest_is_listed() {
        let base = include_str!("../../tests/data/base.yaml");
        let text = base
            .replacen("  on_end: dissolve", "  on_end: dissolve\n  phases: [{ id: warm, from_day: 2, to_day: 4 }]", 1)
            .replacen("when: {day: 1, at: \"09:00\"}", "when: {phase: warm, day: 1, at: \"09:00\"}", 1)
            .replacen(
                "      channel: group\n      role: helper\n",
                "      channel: private\n      role: nobody\n      to_tags: [a/b/c, a/b/d]\n",
                1,
            )
            .replacen("admission:\n", "tags: [{ group: a/b, tags: [c] }]\nadmission:\n", 1)
            .replacen(
                "  - type: identity\n    requirement: 老客\n    verify: order",
                "  - {type: invite, by: helper}\n  - {type: invite, by: member}\n  - {type: invite, by: boss}",
                1,
            );
        let spec = spec(&text);
        let refs = spec.refs();
        assert_eq!(spec.step_role(0).map(|r| r.id.as_str()), Some("owner"));
        assert_eq!(spec.step_phase(0).map(|p| p.from_day), Some(2));
        assert_eq!((refs.role_of(1), refs.phase_of(1)), (None, None));
        assert_eq!(refs.inviter_of(0).and_then(|r| spec.role(r)).map(|r| r.id.as_str()), Some("helper"));
        assert_eq!((refs.inviter_of(1), refs.inviter_of(2)), (None, None));
        assert_eq!(refs.steps_of(0).collect::<Vec<_>>(), [0]);
        assert_eq!(refs.steps_of(1).count(), 0);
        // A tag group's name may hold `/`: `a/b/c` is tag `c` of group `a/b`.
        let unresolved: Vec<(Wanted, &str, &str)> =
            refs.unresolved.iter().map(|u| (u.wanted, u.name.as_str(), u.ptr.as_str())).collect();
        assert_eq!(
            unresolved,
            [
                (Wanted::Role, "nobody", "/content/sop/1/role"),
                (Wanted::Tag, "a/b/d", "/content/sop/1/to_tags/1"),
                (Wanted::Inviter, "boss", "/gates/2/by"),
            ]
        );
    }
}
