//! Positioning (定位): gates, rights, vision, theme, and something to sell.

use super::{Ctx, declare_rule, finding};
use crate::diagnostics::Diagnostic;
use crate::spec::{Goal, Theme};

declare_rule! {
    /// ## What it does
    /// Warns when `gates` is missing or empty: anyone can enter the community.
    ///
    /// ## Why is this bad?
    /// "A community with no threshold is the biggest taboo": without a gate,
    /// non-targets walk in, the group fills with ads, and members value it less. A price,
    /// identity, action, invitation or referral gate filters them out and raises commitment.
    ///
    /// ## Example
    /// ```yaml
    /// gates: []
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// gates:
    ///   - type: identity
    ///     requirement: 三年级学生家长
    ///     verify: survey
    /// ```
    pub(crate) NO_GATE = "no-gate", Warn, "`gates` is empty: anyone can walk in",
}

declare_rule! {
    /// ## What it does
    /// Warns when `rights` lists no content, social or service rights.
    ///
    /// ## Why is this bad?
    /// Members need a reason to join and to stay: exclusive prices or
    /// trial lessons, contacts, or Q&A and after-sales. A group that promises nothing is muted
    /// within a week.
    ///
    /// ## Example
    /// ```yaml
    /// rights: {}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// rights:
    ///   content: [每周2节直播课, 专属练习题]
    ///   service: [老师每日答疑]
    /// ```
    pub(crate) NO_RIGHTS = "no-rights", Warn, "`rights` has nothing: members get no reason to stay",
}

declare_rule! {
    /// ## What it does
    /// Warns when `community.slogan` is missing.
    ///
    /// ## Why is this bad?
    /// The vision (愿景) in one line is what makes people want to join, and
    /// commspec puts it at the top of the group announcement.
    ///
    /// ## Example
    /// ```yaml
    /// community: { id: math, name: 三年级数学提分营, type: course, goal: sales }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// community: { id: math, name: 三年级数学提分营, type: course, goal: sales, slogan: 每天15分钟，数学稳步提分 }
    /// ```
    pub(crate) NO_SLOGAN = "no-slogan", Warn, "`community.slogan` is missing: no vision draws people in",
}

declare_rule! {
    /// ## What it does
    /// Warns when `community.theme` is a list of more than one theme.
    ///
    /// ## Why is this bad?
    /// One theme per group: adding themes dilutes the group and
    /// members stop knowing what it is for.
    ///
    /// ## Example
    /// ```yaml
    /// theme: [数学, 英语, 亲子旅行]
    /// ```
    ///
    /// Use instead: split it into one community per theme.
    /// ```yaml
    /// theme: 三年级数学
    /// ```
    pub(crate) MULTIPLE_THEMES = "multiple-themes", Warn, "`community.theme` lists more than one theme",
}

declare_rule! {
    /// ## What it does
    /// Warns when `community.goal` is `sales` but `monetization.offers` is empty.
    ///
    /// ## Why is this bad?
    /// A sales community needs something to sell: an entry product
    /// that leads to the core and premium ones. Without offers the SOP has nothing to convert to.
    ///
    /// ## Example
    /// ```yaml
    /// community: { goal: sales, … }
    /// monetization: { model: [product] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// monetization:
    ///   model: [product]
    ///   offers:
    ///     - { name: 9.9元体验课, price: 9.9, tier: entry }
    ///     - { name: 春季系统班, price: 1999, tier: core }
    /// ```
    pub(crate) SALES_WITHOUT_OFFERS = "sales-without-offers", Warn, "a `sales` community with no `monetization.offers`",
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    if spec.gates.is_empty() {
        out.push(finding(
            &NO_GATE,
            cx.key_or("/gates", "/community"),
            "the community has no entry gate",
            "no `gates`",
            "add a gate under `gates`: price, identity, action, invite or referral",
        ));
    }
    if spec.rights.is_empty() {
        out.push(finding(
            &NO_RIGHTS,
            cx.key_or("/rights", "/community"),
            "the community promises members no rights",
            "no `rights`",
            "list what members get under `rights.content`, `rights.social` or `rights.service`",
        ));
    }
    if spec.community.slogan.is_none() {
        out.push(finding(
            &NO_SLOGAN,
            cx.key("/community"),
            "`community` has no `slogan`",
            "no `slogan`",
            "add `slogan:` — the vision in one line, shown at the top of the announcement",
        ));
    }
    if let Some(Theme::Many(themes)) = &spec.community.theme {
        if themes.len() > 1 {
            out.push(finding(
                &MULTIPLE_THEMES,
                cx.value("/community/theme"),
                format!("the community has {} themes", themes.len()),
                "one theme per group",
                "keep one theme, and make a separate community for each of the others",
            ));
        }
    }
    if spec.community.goal == Goal::Sales && spec.monetization.offers.is_empty() {
        out.push(finding(
            &SALES_WITHOUT_OFFERS,
            cx.value("/community/goal"),
            "the goal is `sales`, but `monetization.offers` is empty",
            "nothing to sell",
            "list the offers under `monetization.offers` (name, price, tier)",
        ));
    }
}
