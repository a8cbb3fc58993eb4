//! Roles (角色): an owner, admins, enough people, and a purpose for every role.

use super::Ctx;
use crate::compile::Staffing;
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::{Text, tr};
use crate::spec::RoleType;

/// What the staffing rules find.
enum Found<'a> {
    MissingOwner,
    MissingAdmin,
    OwnerPerGroup {
        role: &'a str,
        per_group: u32,
    },
    /// A lead role overseeing `groups` groups, `max_groups` each, names `staff` people of the
    /// `needed`.
    LeadUnderstaffed {
        role: &'a str,
        groups: usize,
        max_groups: u32,
        needed: u64,
        staff: u64,
    },
    /// A role with `seats` seats to fill names `staff` people, who cover `max_groups` groups each.
    Understaffed {
        role: &'a str,
        seats: u64,
        groups: usize,
        per_group: u32,
        staff: u64,
        max_groups: u32,
        needed: u64,
    },
    UnusedRole {
        role: &'a str,
    },
}

impl Message for Found<'_> {
    fn rule(&self) -> Rule {
        match self {
            Found::MissingOwner => Rule::MissingOwner,
            Found::MissingAdmin => Rule::MissingAdmin,
            Found::OwnerPerGroup { .. } => Rule::OwnerPerGroup,
            Found::LeadUnderstaffed { .. } | Found::Understaffed { .. } => Rule::Understaffed,
            Found::UnusedRole { .. } => Rule::UnusedRole,
        }
    }

    fn said(&self) -> Said {
        match self {
            Found::MissingOwner => Said {
                message: tr!("no role is the group owner", "没有角色担任群主"),
                label: tr!("no `type: owner`", "没有 `type: owner`"),
                help: tr!(
                    "add a role with `type: owner`: every group has exactly one owner",
                    "添加一个 `type: owner` 的角色：每个群有且只有一个群主"
                ),
            },
            Found::MissingAdmin => Said {
                message: tr!("no role is an admin", "没有角色担任管理员"),
                label: tr!("no `type: admin`", "没有 `type: admin`"),
                help: tr!(
                    "add a role with `type: admin`: admins screen newcomers, answer and announce",
                    "添加一个 `type: admin` 的角色：管理员负责审核新人、答疑和发布公告"
                ),
            },
            Found::OwnerPerGroup { role, per_group } => Said {
                message: tr!(
                    "owner role `{role}` has {per_group} seats per group",
                    "群主角色 `{role}` 每群有 {per_group} 人"
                ),
                label: tr!("a group has exactly one owner", "一个群只有一个群主"),
                help: tr!(
                    "set `per_group: 1`, and make the other people admins",
                    "设置 `per_group: 1`，其他人改为管理员"
                ),
            },
            Found::LeadUnderstaffed { role, groups, max_groups, needed, staff } => {
                let (people, each) = (people_noun(*staff), groups_noun(*max_groups));
                Said {
                    message: tr!(
                        "lead role `{role}` oversees {groups} groups, {max_groups} {each} each, and needs {needed} leads, but names {staff} {people}",
                        "总负责人角色 `{role}` 统管 {groups} 个群，每人 {max_groups} 个群，需要 {needed} 名总负责人，但只列了 {staff} 人"
                    ),
                    label: not_enough_people(),
                    help: name_more_staff(*needed),
                }
            }
            Found::Understaffed { role, seats, groups, per_group, staff, max_groups, needed } => {
                let (people, each) = (people_noun(*staff), groups_noun(*max_groups));
                let covered = staff * u64::from(*max_groups);
                Said {
                    message: tr!(
                        "role `{role}` fills {seats} seats ({groups} groups × {per_group} per group) but {staff} {people} × {max_groups} {each} each cover only {covered}",
                        "角色 `{role}` 共需 {seats} 个席位（{groups} 个群 × 每群 {per_group} 人），但 {staff} 人 × 每人 {max_groups} 个群只能覆盖 {covered} 个"
                    ),
                    label: not_enough_people(),
                    help: name_more_staff(*needed),
                }
            }
            Found::UnusedRole { role } => Said {
                message: tr!(
                    "role `{role}` has no duties and no SOP step",
                    "角色 `{role}` 既没有职责，也没有 SOP 步骤"
                ),
                label: tr!("what is this role for?", "这个角色是做什么的？"),
                help: tr!(
                    "list its `duties`, or give it SOP steps (`role: …`), or remove it",
                    "列出它的 `duties`，或给它安排 SOP 步骤（`role: …`），或删除它"
                ),
            },
        }
    }
}

/// The English noun for `n` people.
fn people_noun(n: u64) -> &'static str {
    if n == 1 { "person" } else { "people" }
}

/// The English noun for `n` groups.
fn groups_noun(n: u32) -> &'static str {
    if n == 1 { "group" } else { "groups" }
}

fn not_enough_people() -> Text {
    tr!("not enough people", "人手不足")
}

fn name_more_staff(needed: u64) -> Text {
    tr!(
        "name at least {needed} people in `staff`, or raise `max_groups`",
        "在 `staff` 中至少列出 {needed} 人，或提高 `max_groups`"
    )
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let roles = &cx.spec.roles;
    if !roles.iter().any(|r| r.kind == RoleType::Owner) {
        out.push(Diagnostic::of(cx.key("/roles"), &Found::MissingOwner));
    }
    if !roles.iter().any(|r| r.kind == RoleType::Admin) {
        out.push(Diagnostic::of(cx.key("/roles"), &Found::MissingAdmin));
    }
    let groups = cx.analysis.groups.len();
    for (i, r) in roles.iter().enumerate() {
        let role = r.id.as_str();
        if r.kind == RoleType::Owner && r.per_group != 1 {
            let span = cx.key_or(&format!("/roles/{i}/per_group"), &format!("/roles/{i}"));
            out.push(Diagnostic::of(span, &Found::OwnerPerGroup { role, per_group: r.per_group }));
        }
        let staffing = Staffing::of(r, groups);
        if let (true, Some(max_groups)) = (staffing.short_of(r), r.max_groups) {
            let (staff, needed) = (r.staff.len() as u64, staffing.people_needed);
            let found = if r.kind == RoleType::Lead {
                Found::LeadUnderstaffed { role, groups, max_groups, needed, staff }
            } else {
                let (seats, per_group) = (staffing.seats, r.per_group);
                Found::Understaffed { role, seats, groups, per_group, staff, max_groups, needed }
            };
            out.push(Diagnostic::of(cx.value(&format!("/roles/{i}/staff")), &found));
        }
        let used = cx.spec.refs().steps_of(i).next().is_some();
        if !used && r.duties.is_empty() {
            out.push(Diagnostic::of(cx.value(&format!("/roles/{i}/id")), &Found::UnusedRole { role }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn english_counts_one_person_and_one_group_in_the_singular_and_chinese_has_no_plural() {
        let found = Found::LeadUnderstaffed { role: "director", groups: 4, max_groups: 1, needed: 4, staff: 1 };
        let message = found.said().message;
        assert_eq!(
            message.en(),
            "lead role `director` oversees 4 groups, 1 group each, and needs 4 leads, but names 1 person"
        );
        assert_eq!(
            message.get(Lang::Zh),
            "总负责人角色 `director` 统管 4 个群，每人 1 个群，需要 4 名总负责人，但只列了 1 人"
        );
        let found = Found::LeadUnderstaffed { role: "director", groups: 4, max_groups: 2, needed: 3, staff: 2 };
        let message = found.said().message;
        assert!(message.en().ends_with("2 groups each, and needs 3 leads, but names 2 people"), "{}", message.en());
        assert!(
            message.get(Lang::Zh).ends_with("每人 2 个群，需要 3 名总负责人，但只列了 2 人"),
            "{}",
            message.get(Lang::Zh)
        );
    }
}
