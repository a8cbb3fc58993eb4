//! Roles (角色): an owner, admins, enough people, and a purpose for every role.

use super::{Ctx, declare_rule, finding};
use crate::compile::Staffing;
use crate::diagnostics::Diagnostic;
use crate::spec::RoleType;

declare_rule! {
    /// ## What it does
    /// Denies a spec with no role of type `owner`.
    ///
    /// ## Why is this bad?
    /// Every WeCom customer group has exactly one owner (群主), who holds the group's real
    /// power and receives the SCRM tool's SOP reminders.
    ///
    /// ## Example
    /// ```yaml
    /// roles:
    ///   - { id: helper, type: admin, duties: [答疑] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// roles:
    ///   - { id: owner, type: owner, title: 班主任王老师, duties: [开营, 结营] }
    ///   - { id: helper, type: admin, duties: [答疑] }
    /// ```
    pub(crate) MISSING_OWNER = "missing-owner", Deny, "no role of type `owner`",
}

declare_rule! {
    /// ## What it does
    /// Denies an `owner` role whose `per_group` is not 1.
    ///
    /// ## Why is this bad?
    /// The platform has exactly one owner per group; a second "owner" is an admin.
    ///
    /// ## Example
    /// ```yaml
    /// roles:
    ///   - { id: owner, type: owner, per_group: 2 }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// roles:
    ///   - { id: owner, type: owner }
    ///   - { id: co-host, type: admin, duties: [答疑] }
    /// ```
    pub(crate) OWNER_PER_GROUP = "owner-per-group", Deny, "an `owner` role with `per_group` other than 1",
}

declare_rule! {
    /// ## What it does
    /// Warns when no role is of type `admin`.
    ///
    /// ## Why is this bad?
    /// Admins (管理员/大管家) are the true organisers: they recruit, screen, supervise,
    /// answer and announce. A group run by its owner alone stalls when the
    /// owner is busy.
    ///
    /// ## Example
    /// ```yaml
    /// roles:
    ///   - { id: owner, type: owner }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// roles:
    ///   - { id: owner, type: owner }
    ///   - { id: butler, type: admin, duties: [审核入群, 答疑, 发布公告] }
    /// ```
    pub(crate) MISSING_ADMIN = "missing-admin", Warn, "no role of type `admin`",
}

declare_rule! {
    /// ## What it does
    /// Warns when a role with `staff` and `max_groups` cannot cover its seats: the number of
    /// groups × `per_group` exceeds the number of staff × `max_groups`.
    ///
    /// ## Why is this bad?
    /// The plan needs more people than it names; someone will carry more groups than they
    /// can, and the SOP slips.
    ///
    /// ## Example
    /// ```yaml
    /// groups: { count: 10 }
    /// roles:
    ///   - { id: owner, type: owner, staff: [wang], max_groups: 5 }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///   - { id: owner, type: owner, staff: [wang, li], max_groups: 5 }
    /// ```
    pub(crate) UNDERSTAFFED = "understaffed", Warn, "a role needs more people than `staff` names",
}

declare_rule! {
    /// ## What it does
    /// Warns when a role has no `duties` and no SOP step names it.
    ///
    /// ## Why is this bad?
    /// Nobody knows what the role is for, and the staffing table counts people who have no work.
    ///
    /// ## Example
    /// ```yaml
    /// roles:
    ///   - { id: kol, type: kol }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///   - { id: kol, type: kol, duties: [每周分享一次学习方法] }
    /// ```
    pub(crate) UNUSED_ROLE = "unused-role", Warn, "a role with no SOP step and no duties",
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let roles = &cx.spec.roles;
    if !roles.iter().any(|r| r.kind == RoleType::Owner) {
        out.push(finding(
            &MISSING_OWNER,
            cx.key("/roles"),
            "no role is the group owner",
            "no `type: owner`",
            "add a role with `type: owner`: every group has exactly one owner",
        ));
    }
    if !roles.iter().any(|r| r.kind == RoleType::Admin) {
        out.push(finding(
            &MISSING_ADMIN,
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
                &OWNER_PER_GROUP,
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
                &UNDERSTAFFED,
                cx.value(&format!("/roles/{i}/staff")),
                message,
                "not enough people",
                format!("name at least {} people in `staff`, or raise `max_groups`", staffing.people_needed),
            ));
        }
        let used = cx.spec.content.sop.iter().any(|s| s.role == r.id);
        if !used && r.duties.is_empty() {
            out.push(finding(
                &UNUSED_ROLE,
                cx.value(&format!("/roles/{i}/id")),
                format!("role `{}` has no duties and no SOP step", r.id),
                "what is this role for?",
                "list its `duties`, or give it SOP steps (`role: …`), or remove it",
            ));
        }
    }
}
