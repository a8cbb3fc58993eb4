//! Where, when and by whom each entry gate is checked: a gate checked only once the member is
//! inside filters nobody (the `gate-after-entry` lint), and the checklist says who holds the
//! door for the others.

use crate::spec::{AdmissionMethod, Gate, Inviter, Role, RoleType, Spec, Verify};

/// Why a gate is checked only after the member is already in the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AfterEntry {
    /// An identity gate verified by `admission.survey`, the survey newcomers get after joining.
    Survey,
    /// An action gate while anyone can join by scanning a group code (`qrcode`) and no other
    /// gate holds the code back.
    OpenCode,
}

/// Whether gate `gate` of `spec` is checked only after entry, and why.
pub(crate) fn after_entry(spec: &Spec, gate: &Gate) -> Option<AfterEntry> {
    match gate {
        Gate::Identity { verify: Some(Verify::Survey), .. } if !spec.admission.survey.is_empty() => {
            Some(AfterEntry::Survey)
        }
        Gate::Action { .. }
            if spec.admission.methods.contains(&AdmissionMethod::Qrcode)
                && !spec.gates.iter().any(holds_back_the_code) =>
        {
            Some(AfterEntry::OpenCode)
        }
        _ => None,
    }
}

/// A gate someone checks before handing over the group code or the invitation: payment, a
/// staff check of identity, an inviter, or members who vouch.
fn holds_back_the_code(gate: &Gate) -> bool {
    match gate {
        Gate::Price { .. } | Gate::Invite { .. } | Gate::Referral { .. } => true,
        Gate::Identity { verify, .. } => matches!(verify, Some(Verify::Manual | Verify::Order | Verify::Tag)),
        Gate::Action { .. } => false,
    }
}

/// Where and by whom gate `i` is checked, in one Chinese line for the checklist.
pub(crate) fn checkpoint(spec: &Spec, i: usize, gate: &Gate) -> String {
    let screener = screener(spec);
    if let Some(after) = after_entry(spec, gate) {
        return match after {
            AfterEntry::Survey => {
                format!("注意：入群问卷在入群后才发，挡不住任何人；请{screener}在拉群前的私聊中核验身份")
            }
            AfterEntry::OpenCode => format!(
                "注意：二维码谁扫都能进群，动作只能在入群后核对；请{screener}先在私聊中核对凭证，再发二维码或拉群"
            ),
        };
    }
    match gate {
        Gate::Price { .. } => format!("入群前在付款环节核验：{screener}确认付款成功后再发二维码或拉群"),
        Gate::Identity { verify, .. } => {
            let how = match verify {
                Some(Verify::Survey) => "请对方填写问卷并核对答案",
                Some(Verify::Order) => "核对订单记录",
                Some(Verify::Tag) => "核对客户标签",
                Some(Verify::Manual) | None => "人工核验身份",
            };
            format!("入群前在私聊中核验：{screener}{how}，通过后再拉群")
        }
        Gate::Action { proof, .. } => {
            let proof = proof.as_ref().map(|p| format!("（{p}）")).unwrap_or_default();
            format!("入群前在私聊中核验：{screener}核对凭证{proof}后再发二维码或拉群")
        }
        Gate::Invite { by: Inviter::Member } => "入群前由邀请的群成员把关：只通过成员邀请入群".to_string(),
        Gate::Invite { by: Inviter::Role(id) } => {
            let by = inviter_title(spec, i, id);
            format!("入群前由{by}把关：只由{by}邀请入群")
        }
        Gate::Referral { referrers } => {
            format!("入群前核验：{screener}登记并确认{referrers}位群成员的推荐后再拉群")
        }
    }
}

/// The title of the role that invites to gate `i` (its id when unresolved).
pub(crate) fn inviter_title(spec: &Spec, i: usize, id: &str) -> String {
    let role = spec.refs().inviter_of(i).and_then(|r| spec.role(r));
    role.map_or_else(|| id.to_string(), Role::display_title)
}

/// Who screens newcomers: the admins, else the owner, named by title.
fn screener(spec: &Spec) -> String {
    let titles = |kind: RoleType| -> Vec<String> {
        spec.roles.iter().filter(|r| r.kind == kind).map(Role::display_title).collect()
    };
    [RoleType::Admin, RoleType::Owner]
        .into_iter()
        .map(titles)
        .find(|t| !t.is_empty())
        .map_or_else(|| "运营人员".to_string(), |t| t.join("或"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gate-after-entry fixture with `from` replaced by `to`: its gates, as found after entry.
    fn after(from: &str, to: &str) -> Vec<Option<AfterEntry>> {
        let text = include_str!("../../tests/fixtures/gate-after-entry.yaml").replacen(from, to, 1);
        let spec = crate::load::load(&text).unwrap_or_else(|e| panic!("{e:#?}")).spec;
        spec.gates.iter().map(|g| after_entry(&spec, g)).collect()
    }

    #[test]
    fn only_checks_that_come_after_entry_are_found() {
        use AfterEntry::{OpenCode, Survey};
        assert_eq!(after("", ""), [Some(Survey), Some(OpenCode)]);
        // No entry survey in the spec: the survey is not the after-entry one.
        assert_eq!(after("  survey: [孩子读几年级？]\n", ""), [None, Some(OpenCode)]);
        // Nobody joins by scanning.
        assert_eq!(after("methods: [activity, qrcode]", "methods: [activity, invite]"), [Some(Survey), None]);
        // Staff verify identity before the code: that check holds the code back for the action too.
        assert_eq!(after("verify: survey", "verify: manual"), [None, None]);
        assert_eq!(after("verify: survey", "verify: order"), [None, None]);
    }

    #[test]
    fn the_checklist_says_who_checks_where() {
        let text =
            include_str!("../../tests/fixtures/gate-after-entry.yaml").replacen("verify: survey", "verify: manual", 1);
        let spec = crate::load::load(&text).unwrap_or_else(|e| panic!("{e:#?}")).spec;
        let lines: Vec<String> = spec.gates.iter().enumerate().map(|(i, g)| checkpoint(&spec, i, g)).collect();
        assert_eq!(
            lines,
            [
                "入群前在私聊中核验：助教小李人工核验身份，通过后再拉群",
                "入群前在私聊中核验：助教小李核对凭证（朋友圈截图）后再发二维码或拉群",
            ]
        );
        let open = include_str!("../../tests/fixtures/gate-after-entry.yaml");
        let spec = crate::load::load(open).unwrap_or_else(|e| panic!("{e:#?}")).spec;
        assert!(checkpoint(&spec, 1, &spec.gates[1]).starts_with("注意：二维码谁扫都能进群"));
    }
}
