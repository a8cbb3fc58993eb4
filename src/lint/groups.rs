//! Groups (建群): capacity, activity target, names.

use std::collections::HashMap;

use super::{Ctx, finding};
use crate::diagnostics::{Diagnostic, Rule};
use crate::limits::{ACTIVE_SHARE_MAX, ACTIVE_SHARE_MIN, GROUP_MEMBER_LIMIT, GROUP_NAME_MAX_CHARS, QRCODE_JOIN_LIMIT};
use crate::spec::AdmissionMethod;

/// A share as a percentage with at most one decimal: 0.025 → "2.5%", 0.75 → "75%".
fn percent(share: f64) -> String {
    let p = format!("{:.1}", share * 100.0);
    format!("{}%", p.strip_suffix(".0").unwrap_or(&p))
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let g = &cx.spec.groups;
    if g.capacity > GROUP_MEMBER_LIMIT {
        out.push(finding(
            Rule::CapacityOverLimit,
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
            Rule::CapacityOverQrcodeLimit,
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
                Rule::ActiveTargetUnrealistic,
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
                Rule::GroupNameTooLong,
                name_span(),
                format!("group name `{name}` has {chars} characters, more than {GROUP_NAME_MAX_CHARS}"),
                "renders too long",
                format!("shorten the name template to at most {GROUP_NAME_MAX_CHARS} characters once rendered"),
            ));
        }
        if let Some(&first) = seen.get(name.as_str()) {
            out.push(finding(
                Rule::GroupNameCollision,
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
