//! What a role takes to staff, worked out in one place.

/// What a role takes to staff: the one place this is worked out, for `plan.json`, the README
/// and the `understaffed` lint alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Staffing {
    /// Seats to fill: groups × `per_group` (for the overall lead, `per_group` in all).
    pub(crate) seats: u64,
    /// People needed: seats ÷ `max_groups` rounded up; without it, the staff named, or one a seat.
    pub(crate) people_needed: u64,
    /// Groups each person carries.
    pub(crate) groups_per_person: u64,
}

impl Staffing {
    pub(crate) fn of(r: &crate::spec::Role, groups: usize) -> Staffing {
        let groups = groups as u64;
        // The overall lead oversees groups rather than sitting in one: `per_group` leads in
        // all, each carrying `max_groups` groups (or all of them).
        if r.kind == crate::spec::RoleType::Lead {
            let per_lead = r.max_groups.map_or(groups, |m| u64::from(m.max(1)).min(groups.max(1)));
            let needed = groups.div_ceil(per_lead.max(1)).max(u64::from(r.per_group)).max(r.staff.len() as u64);
            return Staffing { seats: u64::from(r.per_group), people_needed: needed, groups_per_person: per_lead };
        }
        let seats = groups * u64::from(r.per_group);
        let people_needed = match (r.max_groups, r.staff.len()) {
            (Some(max), _) => seats.div_ceil(u64::from(max.max(1))),
            (None, 0) => seats,
            (None, named) => named as u64,
        };
        let groups_per_person = match r.staff.len() {
            0 => r.max_groups.map_or(1, |m| u64::from(m).min(seats.max(1))),
            named => seats.div_ceil(named as u64),
        };
        Staffing { seats, people_needed, groups_per_person }
    }

    /// Whether the people named in `staff` are fewer than the role needs.
    pub(crate) fn short_of(&self, r: &crate::spec::Role) -> bool {
        !r.staff.is_empty() && r.max_groups.is_some() && self.people_needed > r.staff.len() as u64
    }
}
