//! Roles (角色): an owner, admins, enough people, and a purpose for every role.

use super::Ctx;
use crate::compile::{Assignment, Staffing, people};
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::{Text, english_noun, tr};
use crate::limits::DAILY_TASK_BUDGET;
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
    /// The assignment leaves `empty` of a role's `seats` without a person (pins, or fewer
    /// people than `per_group`), where the head count alone did not say so.
    SeatsLeftEmpty {
        role: &'a str,
        empty: usize,
        seats: usize,
    },
    /// A role the team staffs names nobody.
    UnnamedStaff {
        role: &'a str,
        kind: &'static str,
    },
    /// A pin that no group's matrix values match.
    PinMatchesNoGroup {
        person: &'a str,
        variables: String,
    },
    /// A channel's `where` that no group's matrix values match.
    ChannelMatchesNoGroup {
        channel: &'a str,
        variables: String,
    },
    /// A pin matching more groups than the person can carry.
    PinOverMaxGroups {
        person: &'a str,
        matched: usize,
        max_groups: u32,
    },
    /// A person's busiest day holds more dated tasks than the budget.
    Overloaded {
        person: &'a str,
        peak: u64,
        groups: usize,
        budget: u64,
    },
}

impl Message for Found<'_> {
    fn rule(&self) -> Rule {
        match self {
            Found::MissingOwner => Rule::MissingOwner,
            Found::MissingAdmin => Rule::MissingAdmin,
            Found::OwnerPerGroup { .. } => Rule::OwnerPerGroup,
            Found::LeadUnderstaffed { .. } | Found::Understaffed { .. } | Found::SeatsLeftEmpty { .. } => {
                Rule::Understaffed
            }
            Found::UnusedRole { .. } => Rule::UnusedRole,
            Found::UnnamedStaff { .. } => Rule::UnnamedStaff,
            Found::PinMatchesNoGroup { .. } | Found::ChannelMatchesNoGroup { .. } => Rule::PinMatchesNoGroup,
            Found::PinOverMaxGroups { .. } => Rule::PinOverMaxGroups,
            Found::Overloaded { .. } => Rule::Overloaded,
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
                let (people, each) =
                    (english_noun(*staff, "person", "people"), english_noun(*max_groups, "group", "groups"));
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
                let (people, each) =
                    (english_noun(*staff, "person", "people"), english_noun(*max_groups, "group", "groups"));
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
            Found::SeatsLeftEmpty { role, empty, seats } => Said {
                message: tr!(
                    "the assignment leaves {empty} of the {seats} seats of role `{role}` without a person",
                    "分配后，角色 `{role}` 的 {seats} 个席位中有 {empty} 个没有人"
                ),
                label: not_enough_people(),
                help: tr!(
                    "name more people in `staff` (a group needs `per_group` different people), or pin fewer",
                    "在 `staff` 中列出更多的人（每个群需要 `per_group` 个不同的人），或减少指定群的人"
                ),
            },
            Found::UnnamedStaff { role, kind } => Said {
                message: tr!(
                    "role `{role}` ({kind}) is staffed by the team but names nobody in `staff`",
                    "角色 `{role}`（{kind}）由团队安排人员，但 `staff` 中没有列出任何人"
                ),
                label: tr!("who fills this role?", "谁来担任这个角色？"),
                help: tr!(
                    "list the WeCom user ids in `staff`, so that every task names the person who does it",
                    "在 `staff` 中列出企业微信账号，让每项任务都写明由谁执行"
                ),
            },
            Found::PinMatchesNoGroup { person, variables } => Said {
                message: tr!(
                    "`{person}` is pinned to groups, but no group matches",
                    "`{person}` 指定了群，但没有群匹配"
                ),
                label: tr!("matches no group", "没有匹配的群"),
                help: tr!(
                    "use matrix variables ({variables}) and values from `groups.matrix`, or remove `where`",
                    "使用 `groups.matrix` 中的矩阵变量（{variables}）和取值，或删除 `where`"
                ),
            },
            Found::ChannelMatchesNoGroup { channel, variables } => Said {
                message: tr!(
                    "channel `{channel}` serves groups by matrix value, but no group matches",
                    "渠道 `{channel}` 按矩阵取值指定了服务的群，但没有群匹配"
                ),
                label: tr!("matches no group", "没有匹配的群"),
                help: tr!(
                    "use matrix variables ({variables}) and values from `groups.matrix`, or remove `where` to serve \
                     every group",
                    "使用 `groups.matrix` 中的矩阵变量（{variables}）和取值，或删除 `where` 让它服务所有群"
                ),
            },
            Found::PinOverMaxGroups { person, matched, max_groups } => Said {
                message: tr!(
                    "`{person}` is pinned to {matched} groups, more than `max_groups: {max_groups}`",
                    "`{person}` 指定了 {matched} 个群，超过 `max_groups: {max_groups}`"
                ),
                label: tr!("only the first groups get this person", "只有前几个群会分到此人"),
                help: tr!(
                    "narrow `where`, split the groups between several people, or raise `max_groups`",
                    "缩小 `where` 的范围、把这些群分给几个人，或提高 `max_groups`"
                ),
            },
            Found::Overloaded { person, peak, groups, budget } => Said {
                message: tr!(
                    "`{person}` has {peak} dated tasks on the busiest day across {groups} groups, more than the budget of {budget}",
                    "`{person}` 负责 {groups} 个群，最忙的一天有 {peak} 项定时任务，超过每日上限 {budget} 项"
                ),
                label: tr!("too much for one person", "一个人做不过来"),
                help: tr!(
                    "name more people in `staff`, lower `max_groups`, spread the steps over more days, or set `daily_task_budget`",
                    "在 `staff` 中增加人员、降低 `max_groups`、把步骤分散到更多天，或设置 `daily_task_budget`"
                ),
            },
        }
    }
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
        // A role with SOP steps: its tasks would name nobody.
        if used && r.staff.is_empty() && r.kind.staffed_by_team() {
            let found = Found::UnnamedStaff { role, kind: r.kind.value() };
            out.push(Diagnostic::of(cx.key_or(&format!("/roles/{i}/staff"), &format!("/roles/{i}")), &found));
        }
    }
    assignments(cx, out);
}

/// What the assignment finds: pins that match nothing or too much, channels routed to no
/// group, and people with more to do in a day than their budget.
fn assignments(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let assignments = Assignment::all(spec, cx.analysis.groups.iter().map(|(seed, _)| seed));
    let variables = || spec.groups.matrix.0.iter().map(|(k, _)| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    let groups = cx.analysis.groups.len();
    for (i, (r, a)) in spec.roles.iter().zip(&assignments).enumerate() {
        let seats = groups * Assignment::seats_per_group(r);
        let filled: usize = a.groups.iter().map(Vec::len).sum();
        if !r.staff.is_empty() && filled < seats && !Staffing::of(r, groups).short_of(r) {
            let found = Found::SeatsLeftEmpty { role: r.id.as_str(), empty: seats - filled, seats };
            out.push(Diagnostic::of(cx.value(&format!("/roles/{i}/staff")), &found));
        }
        for (k, matched) in a.pin_matches.iter().enumerate() {
            let (person, ptr) = (r.staff[k].id(), format!("/roles/{i}/staff/{k}/where"));
            match (*matched, r.max_groups) {
                (Some(0), _) => {
                    let found = Found::PinMatchesNoGroup { person, variables: variables() };
                    out.push(Diagnostic::of(cx.value(&ptr), &found));
                }
                (Some(matched), Some(max_groups)) if matched > max_groups as usize => {
                    let found = Found::PinOverMaxGroups { person, matched, max_groups };
                    out.push(Diagnostic::of(cx.value(&ptr), &found));
                }
                _ => {}
            }
        }
    }
    for (i, c) in spec.admission.channels.iter().enumerate() {
        if c.matches.is_some() && !cx.analysis.groups.iter().any(|(seed, _)| c.serves(&seed.vars)) {
            let found = Found::ChannelMatchesNoGroup { channel: c.id.as_str(), variables: variables() };
            out.push(Diagnostic::of(cx.value(&format!("/admission/channels/{i}/where")), &found));
        }
    }
    for p in people(spec, &cx.analysis.cohorts().collect::<Vec<_>>(), |g| cx.analysis.cohort(g), &assignments) {
        // The tightest budget of the roles the person fills.
        let budget = p
            .entries
            .iter()
            .map(|&(r, _)| spec.roles[r].daily_task_budget.map_or(DAILY_TASK_BUDGET, u64::from))
            .min()
            .unwrap_or(DAILY_TASK_BUDGET);
        if let (true, Some(&(r, k))) = (p.workload.peak > budget, p.entries.first()) {
            let found = Found::Overloaded { person: &p.id, peak: p.workload.peak, groups: p.groups.len(), budget };
            out.push(Diagnostic::of(cx.value(&format!("/roles/{r}/staff/{k}")), &found));
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
