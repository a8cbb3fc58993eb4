//! Groups (建群): capacity, activity target, names.

use std::collections::HashMap;

use super::{Ctx, declare_rule, finding};
use crate::diagnostics::Diagnostic;
use crate::limits::{ACTIVE_SHARE_MAX, ACTIVE_SHARE_MIN, GROUP_MEMBER_LIMIT, GROUP_NAME_MAX_CHARS, QRCODE_JOIN_LIMIT};
use crate::spec::AdmissionMethod;

declare_rule! {
    /// ## What it does
    /// Denies `groups.capacity` above 500.
    ///
    /// ## Why is this bad?
    /// 500 members is WeCom's hard limit for an external (customer) group
    /// (https://developer.work.weixin.qq.com/document/path/98429): the group cannot hold more.
    ///
    /// ## Example
    /// ```yaml
    /// groups: { capacity: 800 }
    /// ```
    ///
    /// Use instead: more groups of at most 500.
    /// ```yaml
    /// groups: { capacity: 400, count: 2 }
    /// ```
    pub(crate) CAPACITY_OVER_LIMIT = "capacity-over-limit", Deny, "`groups.capacity` above the platform's 500-member limit",
}

declare_rule! {
    /// ## What it does
    /// Warns when `groups.capacity` is above 200 and `admission.methods` includes `qrcode`.
    ///
    /// ## Why is this bad?
    /// It is reported (by blogs; WeCom does not confirm it) that joining by scanning a group
    /// QR code stops at 200 members, after which a live code moves to a new group
    ///. Members past 200 would have to be invited by hand.
    ///
    /// ## Example
    /// ```yaml
    /// groups: { capacity: 300 }
    /// admission: { methods: [qrcode] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// groups: { capacity: 200 }
    /// ```
    pub(crate) CAPACITY_OVER_QRCODE_LIMIT = "capacity-over-qrcode-limit", Warn, "capacity above 200 while members join by QR code",
}

declare_rule! {
    /// ## What it does
    /// Warns when `groups.active_target` is above 30% or below 5% of `groups.capacity`.
    ///
    /// ## Why is this bad?
    /// The craft's benchmark is about 200 people with 20–30 active per day.
    /// A target far outside that range is either a dead group planned as such, or a wish.
    ///
    /// ## Example
    /// ```yaml
    /// groups: { capacity: 200, active_target: 150 }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// groups: { capacity: 200, active_target: 30 }
    /// ```
    pub(crate) ACTIVE_TARGET_UNREALISTIC = "active-target-unrealistic", Warn, "`active_target` outside 5%–30% of capacity",
}

declare_rule! {
    /// ## What it does
    /// Warns when a rendered group name is longer than 40 characters.
    ///
    /// ## Why is this bad?
    /// The only documented limit is the 40-character name prefix of groups a join code creates
    /// automatically (`room_base_name`, https://developer.work.weixin.qq.com/document/path/92229); long names are also cut off
    /// in chat lists on a phone.
    ///
    /// ## Example
    /// ```yaml
    /// groups: { name: "{{ city }}三年级数学暑期培优提分冲刺训练营·家长交流与老师答疑服务{{ n }}群（2027春季班）" }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// groups: { name: "{{ city }}三年级数学提分{{ n }}群" }
    /// ```
    pub(crate) GROUP_NAME_TOO_LONG = "group-name-too-long", Warn, "a rendered group name longer than 40 characters",
}

declare_rule! {
    /// ## What it does
    /// Denies a matrix expansion where two groups get the same rendered name.
    ///
    /// ## Why is this bad?
    /// Names identify groups for operators, in SCRM consoles and in the build output; two
    /// groups with one name get each other's SOP.
    ///
    /// ## Example
    /// ```yaml
    /// groups: { name: "{{ city }}数学群", count: 2, matrix: { city: [成都, 重庆] } }
    /// ```
    ///
    /// Use instead: put every varying part in the name.
    /// ```yaml
    /// groups: { name: "{{ city }}数学{{ n }}群", count: 2, matrix: { city: [成都, 重庆] } }
    /// ```
    pub(crate) GROUP_NAME_COLLISION = "group-name-collision", Deny, "two expanded groups get the same name",
}

/// A share as a percentage with at most one decimal: 0.025 → "2.5%", 0.75 → "75%".
fn percent(share: f64) -> String {
    let p = format!("{:.1}", share * 100.0);
    format!("{}%", p.strip_suffix(".0").unwrap_or(&p))
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let g = &cx.spec.groups;
    if g.capacity > GROUP_MEMBER_LIMIT {
        out.push(finding(
            &CAPACITY_OVER_LIMIT,
            cx.value("/groups/capacity"),
            format!(
                "capacity {} is above WeCom's limit of {GROUP_MEMBER_LIMIT} members per customer group",
                g.capacity
            ),
            "over the platform limit",
            format!("set `capacity` to {GROUP_MEMBER_LIMIT} or less and raise `count` instead"),
        ));
    }
    if g.capacity > QRCODE_JOIN_LIMIT && cx.spec.admission.methods.contains(&AdmissionMethod::Qrcode) {
        out.push(finding(
            &CAPACITY_OVER_QRCODE_LIMIT,
            cx.value("/groups/capacity"),
            format!("capacity {} is above the {QRCODE_JOIN_LIMIT} members who can join by QR code", g.capacity),
            "scanning in reportedly stops at 200",
            format!(
                "keep `capacity` at {QRCODE_JOIN_LIMIT} or less, or invite members past {QRCODE_JOIN_LIMIT} by hand"
            ),
        ));
    }
    if let Some(active) = g.active_target {
        let share = f64::from(active) / f64::from(g.capacity.max(1));
        if !(ACTIVE_SHARE_MIN..=ACTIVE_SHARE_MAX).contains(&share) {
            let lo = (f64::from(g.capacity) * ACTIVE_SHARE_MIN).ceil();
            let hi = (f64::from(g.capacity) * ACTIVE_SHARE_MAX).floor();
            out.push(finding(
                &ACTIVE_TARGET_UNREALISTIC,
                cx.value("/groups/active_target"),
                format!("{active} daily speakers is {} of a {}-member group", percent(share), g.capacity),
                "unrealistic",
                format!("aim for {lo}–{hi} (5%–30% of capacity; the craft's benchmark is 20–30 in 200)"),
            ));
        }
    }
    let name_span = || cx.key_or("/groups/name", "/community/name");
    let mut long_reported = false;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, (_, name)) in cx.analysis.groups.iter().enumerate() {
        let chars = name.chars().count();
        if chars > GROUP_NAME_MAX_CHARS && !long_reported {
            long_reported = true;
            out.push(finding(
                &GROUP_NAME_TOO_LONG,
                name_span(),
                format!("group name `{name}` has {chars} characters, more than {GROUP_NAME_MAX_CHARS}"),
                "renders too long",
                format!("shorten the name template to at most {GROUP_NAME_MAX_CHARS} characters once rendered"),
            ));
        }
        if let Some(&first) = seen.get(name.as_str()) {
            out.push(finding(
                &GROUP_NAME_COLLISION,
                name_span(),
                format!("groups {} and {} are both named `{name}`", first + 1, i + 1),
                "names collide",
                "include every matrix variable and `{{ n }}` (when `count` > 1) in `groups.name`",
            ));
            break;
        }
        seen.insert(name, i);
    }
}
