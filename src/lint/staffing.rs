//! Roles (角色): an owner, admins, enough people, and a purpose for every role.

use super::{Ctx, finding};
use crate::compile::Staffing;
use crate::diagnostics::{Diagnostic, Rule};
use crate::spec::RoleType;

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let roles = &cx.spec.roles;
    if !roles.iter().any(|r| r.kind == RoleType::Owner) {
        out.push(finding(
            Rule::MissingOwner,
            cx.key("/roles"),
            "no role is the group owner",
            "no `type: owner`",
            "add a role with `type: owner`: every group has exactly one owner",
        ));
    }
    if !roles.iter().any(|r| r.kind == RoleType::Admin) {
        out.push(finding(
            Rule::MissingAdmin,
            cx.key("/roles"),
            "no role is an admin",
            "no `type: admin`",
            "add a role with `type: admin`: admins screen newcomers, answer and announce",
        ));
    }
    let groups = cx.analysis.groups.len();
    for (i, r) in roles.iter().enumerate() {
        if r.kind == RoleType::Owner && r.per_group != 1 {
            out.push(finding(
                Rule::OwnerPerGroup,
                cx.key_or(&format!("/roles/{i}/per_group"), &format!("/roles/{i}")),
                format!("owner role `{}` has {} seats per group", r.id, r.per_group),
                "a group has exactly one owner",
                "set `per_group: 1`, and make the other people admins",
            ));
        }
        let staffing = Staffing::of(r, groups);
        if let (true, Some(max)) = (staffing.short_of(r), r.max_groups) {
            let people = plural(r.staff.len() as u64, "person", "people");
            let message = if r.kind == RoleType::Lead {
                format!(
                    "lead role `{}` oversees {groups} groups, {} each, and needs {} leads, but names {people}",
                    r.id,
                    plural(u64::from(max), "group", "groups"),
                    staffing.people_needed,
                )
            } else {
                format!(
                    "role `{}` fills {} seats ({groups} groups × {} per group) but {people} × {} each cover only {}",
                    r.id,
                    staffing.seats,
                    r.per_group,
                    plural(u64::from(max), "group", "groups"),
                    r.staff.len() as u64 * u64::from(max),
                )
            };
            out.push(finding(
                Rule::Understaffed,
                cx.value(&format!("/roles/{i}/staff")),
                message,
                "not enough people",
                format!("name at least {} people in `staff`, or raise `max_groups`", staffing.people_needed),
            ));
        }
        let used = cx.spec.refs().steps_of(i).next().is_some();
        if !used && r.duties.is_empty() {
            out.push(finding(
                Rule::UnusedRole,
                cx.value(&format!("/roles/{i}/id")),
                format!("role `{}` has no duties and no SOP step", r.id),
                "what is this role for?",
                "list its `duties`, or give it SOP steps (`role: …`), or remove it",
            ));
        }
    }
}
