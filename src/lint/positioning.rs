//! Positioning (定位): gates, rights, vision, theme, and something to sell.

use super::{Ctx, finding};
use crate::diagnostics::{Diagnostic, Rule};
use crate::spec::{Goal, Theme};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    if spec.gates.is_empty() {
        out.push(finding(
            Rule::NoGate,
            cx.key_or("/gates", "/community"),
            "the community has no entry gate",
            "no `gates`",
            "add a gate under `gates`: price, identity, action, invite or referral",
        ));
    }
    if spec.rights.is_empty() {
        out.push(finding(
            Rule::NoRights,
            cx.key_or("/rights", "/community"),
            "the community promises members no rights",
            "no `rights`",
            "list what members get under `rights.content`, `rights.social` or `rights.service`",
        ));
    }
    if spec.community.slogan.is_none() {
        out.push(finding(
            Rule::NoSlogan,
            cx.key("/community"),
            "`community` has no `slogan`",
            "no `slogan`",
            "add `slogan:` — the vision in one line, shown at the top of the announcement",
        ));
    }
    if let Some(Theme::Many(themes)) = &spec.community.theme {
        if themes.len() > 1 {
            out.push(finding(
                Rule::MultipleThemes,
                cx.value("/community/theme"),
                format!("the community has {} themes", themes.len()),
                "one theme per group",
                "keep one theme, and make a separate community for each of the others",
            ));
        }
    }
    if spec.community.goal == Goal::Sales && spec.monetization.offers.is_empty() {
        out.push(finding(
            Rule::SalesWithoutOffers,
            cx.value("/community/goal"),
            "the goal is `sales`, but `monetization.offers` is empty",
            "nothing to sell",
            "list the offers under `monetization.offers` (name, price, tier)",
        ));
    }
}
