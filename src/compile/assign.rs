//! Who sits in which group: each role's people given groups, and each person's workload.
//!
//! Pinned people first (every group matching the pin, in group order, up to `max_groups`),
//! then the seats left are split over the unpinned people as evenly as possible, in staff
//! order: seats are taken level by level (every group's first free seat, then every group's
//! second…), each person a run of them, so a person's groups are contiguous in group order
//! (a run may wrap once from the last group to the first at the next level) and distinct.
//! The overall lead oversees groups instead of sitting in them: one lead per group.

use std::collections::{BTreeMap, BTreeSet};

use super::{GroupSeed, Schedule};
use crate::spec::{Channel, Role, RoleType, Spec};

/// One role's people, group by group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assignment {
    /// For each group, indices into the role's `staff`, in seat order; fewer than the group's
    /// seats where seats are left empty (the `understaffed` lint says so).
    pub(crate) groups: Vec<Vec<usize>>,
    /// For each staff entry with a pin, how many groups match it.
    pub(crate) pin_matches: Vec<Option<usize>>,
}

impl Assignment {
    /// Assigns `role`'s staff to the groups.
    pub(crate) fn of<'a>(role: &Role, seeds: impl IntoIterator<Item = &'a GroupSeed>) -> Assignment {
        let seeds: Vec<&GroupSeed> = seeds.into_iter().collect();
        let n = seeds.len();
        let per_group = Assignment::seats_per_group(role);
        let cap = role.max_groups.map_or(n, |m| (m as usize).min(n));
        let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut pin_matches = vec![None; role.staff.len()];
        let ids: Vec<&str> = role.staff.iter().map(|m| m.id()).collect();
        let sits = |group: &Vec<usize>, person: usize| group.iter().any(|&p| ids[p] == ids[person]);
        for (person, member) in role.staff.iter().enumerate() {
            let Some(pin) = member.pin() else { continue };
            let matching: Vec<usize> = (0..n).filter(|&g| pin.matches(&seeds[g].vars)).collect();
            pin_matches[person] = Some(matching.len());
            let mut taken = 0;
            for g in matching {
                if taken == cap {
                    break;
                }
                if groups[g].len() < per_group && !sits(&groups[g], person) {
                    groups[g].push(person);
                    taken += 1;
                }
            }
        }
        // The free seats, level by level.
        let pinned: Vec<usize> = groups.iter().map(Vec::len).collect();
        let pinned = &pinned;
        let free: Vec<usize> = (0..per_group).flat_map(|level| (0..n).filter(move |&g| pinned[g] <= level)).collect();
        let unpinned: Vec<usize> = (0..role.staff.len()).filter(|&p| role.staff[p].pin().is_none()).collect();
        if !unpinned.is_empty() {
            let (base, extra) = (free.len() / unpinned.len(), free.len() % unpinned.len());
            let mut seats = free.iter();
            for (k, &person) in unpinned.iter().enumerate() {
                let quota = (base + usize::from(k < extra)).min(cap);
                for &g in seats.by_ref().take(quota) {
                    // Only the same id listed twice can meet itself; that seat stays empty.
                    if !sits(&groups[g], person) {
                        groups[g].push(person);
                    }
                }
            }
        }
        Assignment { groups, pin_matches }
    }

    /// People of `role` each group gets: `per_group`, but one overseeing lead.
    pub(crate) fn seats_per_group(role: &Role) -> usize {
        if role.kind == RoleType::Lead { 1 } else { role.per_group as usize }
    }

    /// Every role's assignment, in role order.
    pub(crate) fn all<'a>(spec: &Spec, seeds: impl Iterator<Item = &'a GroupSeed> + Clone) -> Vec<Assignment> {
        spec.roles.iter().map(|r| Assignment::of(r, seeds.clone())).collect()
    }

    /// The groups of each of the role's `staff` entries, in group order: one pass over the
    /// seats (asking each person's groups in turn would scan every group once per person).
    pub(crate) fn groups_by_person(&self, staff: usize) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); staff];
        for (g, people) in self.groups.iter().enumerate() {
            for &p in people {
                out[p].push(g);
            }
        }
        out
    }
}

/// A person's dated tasks per day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Workload {
    /// The busiest day's tasks.
    pub(crate) peak: u64,
    /// Every task over the planned days.
    pub(crate) total: u64,
}

/// One person across the roles they fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub(crate) id: String,
    /// (role index, index in its `staff`), in role order.
    pub(crate) entries: Vec<(usize, usize)>,
    /// Group indices, in group order.
    pub(crate) groups: Vec<usize>,
    pub(crate) workload: Workload,
}

/// Everyone named in `staff`, in order of first mention, with their groups and workload.
/// A group's dated tasks count once per group, but a moments (朋友圈) post is the person's
/// own: once per step and day however many groups they carry.
/// With staggered cohorts (`cohorts`, the first first; `cohort_of` a group's), a day is a
/// date: tasks count on the day of the first cohort's plan they fall on.
pub(crate) fn people(
    spec: &Spec,
    cohorts: &[&Schedule],
    cohort_of: impl Fn(usize) -> usize,
    assignments: &[Assignment],
) -> Vec<Person> {
    // Days from the first cohort's start to each cohort's.
    let offsets: Vec<i64> = cohorts
        .iter()
        .map(|s| match (s.start, cohorts.first().and_then(|f| f.start)) {
            (Some(s), Some(first)) => s.to_days() - first.to_days(),
            _ => 0,
        })
        .collect();
    let mut people: Vec<Person> = Vec::new();
    let mut by_id: BTreeMap<&str, usize> = BTreeMap::new();
    for (r, role) in spec.roles.iter().enumerate() {
        for (k, member) in role.staff.iter().enumerate() {
            let at = *by_id.entry(member.id()).or_insert_with(|| {
                let id = member.id().to_string();
                people.push(Person { id, entries: Vec::new(), groups: Vec::new(), workload: Workload::default() });
                people.len() - 1
            });
            people[at].entries.push((r, k));
        }
    }
    let by_person: Vec<Vec<Vec<usize>>> =
        assignments.iter().zip(&spec.roles).map(|(a, r)| a.groups_by_person(r.staff.len())).collect();
    for person in &mut people {
        let mut per_day: BTreeMap<i64, u64> = BTreeMap::new();
        let mut moments: BTreeSet<(usize, i64)> = BTreeSet::new();
        let mut groups = BTreeSet::new();
        for &(r, k) in &person.entries {
            groups.extend(&by_person[r][k]);
            // The groups carried in each cohort: one pass over a cohort's tasks counts them all.
            let mut carried: BTreeMap<usize, u64> = BTreeMap::new();
            for &g in &by_person[r][k] {
                *carried.entry(cohort_of(g)).or_default() += 1;
            }
            let steps: Vec<usize> = spec.refs().steps_of(r).collect();
            for (&c, &carried) in &carried {
                let (Some(schedule), Some(&offset)) = (cohorts.get(c), offsets.get(c)) else { continue };
                for t in schedule.tasks.iter().filter(|t| steps.contains(&t.step)) {
                    let day = offset + t.day;
                    if spec.content.sop[t.step].channel == Channel::Moments {
                        if moments.insert((t.step, day)) {
                            *per_day.entry(day).or_default() += 1;
                        }
                    } else {
                        *per_day.entry(day).or_default() += carried;
                    }
                }
            }
        }
        person.groups = groups.into_iter().collect();
        person.workload =
            Workload { peak: per_day.values().copied().max().unwrap_or(0), total: per_day.values().sum() };
    }
    people
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{MatrixValue, Pin, PinValues, StaffMember};

    fn seeds(n: usize) -> Vec<GroupSeed> {
        (0..n).map(|i| GroupSeed { n: i as u32 + 1, key: (i + 1).to_string(), vars: Vec::new() }).collect()
    }

    fn role(kind: RoleType, staff: Vec<StaffMember>, per_group: u32, max_groups: Option<u32>) -> Role {
        let yaml = serde_json::json!({ "id": "r", "type": kind.value() });
        let mut r: Role = serde_json::from_value(yaml).unwrap();
        (r.staff, r.per_group, r.max_groups) = (staff, per_group, max_groups);
        r
    }

    fn ids(n: usize) -> Vec<StaffMember> {
        (0..n).map(|i| StaffMember::Id(format!("p{i}"))).collect()
    }

    fn pin(id: &str, key: &str, values: &[&str]) -> StaffMember {
        let values = PinValues::Many(values.iter().map(|v| MatrixValue::Text(v.to_string())).collect());
        StaffMember::Pinned(Pin { id: id.into(), matches: [(key.to_string(), values)].into() })
    }

    #[test]
    fn twelve_groups_over_three_people_are_four_contiguous_each() {
        let a = Assignment::of(&role(RoleType::Owner, ids(3), 1, Some(4)), &seeds(12));
        let want: Vec<Vec<usize>> = (0..12).map(|g| vec![g / 4]).collect();
        assert_eq!(a.groups, want);
        // Uneven: the first people take one more.
        let a = Assignment::of(&role(RoleType::Owner, ids(3), 1, None), &seeds(5));
        assert_eq!(a.groups, vec![vec![0], vec![0], vec![1], vec![1], vec![2]]);
    }

    #[test]
    fn seats_beyond_max_groups_stay_empty() {
        let a = Assignment::of(&role(RoleType::Admin, ids(2), 1, Some(2)), &seeds(5));
        assert_eq!(a.groups, vec![vec![0], vec![0], vec![1], vec![1], vec![]]);
    }

    #[test]
    fn two_per_group_are_two_different_people() {
        let a = Assignment::of(&role(RoleType::Admin, ids(3), 2, None), &seeds(3));
        // Level 1: p0 p0 p1; level 2: p1 p2 p2.
        assert_eq!(a.groups, vec![vec![0, 1], vec![0, 2], vec![1, 2]]);
    }

    #[test]
    fn pins_come_first_and_the_rest_is_balanced() {
        let city = |c: &str| GroupSeed {
            n: 1,
            key: format!("{c}-1"),
            vars: vec![("city".into(), MatrixValue::Text(c.into()))],
        };
        let seeds: Vec<GroupSeed> = ["北京", "成都", "北京", "成都", "上海", "上海"].map(city).into();
        let staff = vec![StaffMember::Id("a".into()), pin("li", "city", &["成都"]), StaffMember::Id("b".into())];
        let a = Assignment::of(&role(RoleType::Owner, staff, 1, Some(3)), &seeds);
        assert_eq!(a.groups, vec![vec![0], vec![1], vec![0], vec![1], vec![2], vec![2]]);
        assert_eq!(a.pin_matches, vec![None, Some(2), None]);
        // A pin over max_groups takes the first groups it matches; one matching nothing, none.
        let staff =
            vec![pin("li", "city", &["成都", "北京"]), pin("zz", "city", &["广州"]), StaffMember::Id("a".into())];
        let a = Assignment::of(&role(RoleType::Owner, staff, 1, Some(3)), &seeds);
        assert_eq!(a.pin_matches, vec![Some(4), Some(0), None]);
        assert_eq!(a.groups, vec![vec![0], vec![0], vec![0], vec![2], vec![2], vec![2]]);
    }

    #[test]
    fn the_lead_oversees_groups_one_lead_each() {
        let a = Assignment::of(&role(RoleType::Lead, ids(2), 3, None), &seeds(4));
        assert_eq!(a.groups, vec![vec![0], vec![0], vec![1], vec![1]]);
    }

    /// Over many shapes: distinct people per group, within `max_groups`, balanced, every seat
    /// filled that the staff can fill, contiguous runs, and the same answer twice.
    #[test]
    fn balanced_contiguous_and_bounded_over_many_shapes() {
        for groups in 0..=13 {
            for staff in 0..=7 {
                for per_group in 0..=3u32 {
                    for max in [None, Some(1), Some(2), Some(3), Some(5)] {
                        let r = role(RoleType::Admin, ids(staff), per_group, max);
                        let a = Assignment::of(&r, &seeds(groups));
                        assert_eq!(a, Assignment::of(&r, &seeds(groups)));
                        let shape = format!("{groups} groups, {staff} staff, {per_group} per group, max {max:?}");
                        let cap = max.map_or(groups, |m| m as usize).min(groups);
                        let mut counts = vec![0usize; staff];
                        for g in &a.groups {
                            assert!(g.len() <= per_group as usize, "{shape}");
                            assert_eq!(g.iter().collect::<BTreeSet<_>>().len(), g.len(), "{shape}: someone twice");
                            g.iter().for_each(|&p| counts[p] += 1);
                        }
                        assert!(counts.iter().all(|&c| c <= cap), "{shape}: over max_groups");
                        let seats = groups * per_group as usize;
                        let filled: usize = counts.iter().sum();
                        assert_eq!(filled, seats.min(staff * cap), "{shape}: seats left empty");
                        let (lo, hi) = (counts.iter().min(), counts.iter().max());
                        if let (Some(lo), Some(hi)) = (lo, hi) {
                            assert!(hi - lo <= 1 || *lo == cap, "{shape}: unbalanced {counts:?}");
                        }
                        for (p, mine) in a.groups_by_person(staff).iter().enumerate() {
                            assert_eq!(mine.len(), counts[p], "{shape}: person {p}'s groups miscounted");
                            assert!(mine.iter().all(|&g| a.groups[g].contains(&p)), "{shape}: person {p}");
                            // Contiguous in group order, allowing one wrap past the last group.
                            let gaps = mine.windows(2).filter(|w| w[1] != w[0] + 1).count();
                            assert!(gaps <= 1, "{shape}: person {p} has groups {mine:?}");
                        }
                    }
                }
            }
        }
    }
}
