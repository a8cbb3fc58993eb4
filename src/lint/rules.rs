//! Group rules (群规): conduct rules with penalties, and the welcome message's size.

use super::{Ctx, finding};
use crate::diagnostics::{Diagnostic, Rule};
use crate::limits::{ANNOUNCEMENT_MAX_CHARS, WELCOME_MAX_BYTES};

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let rules = &cx.spec.rules;
    if rules.conduct.is_empty() {
        out.push(finding(
            Rule::NoConductRules,
            cx.key_or("/rules/conduct", "/rules"),
            "the group has no conduct rules",
            "no `conduct`",
            "add `rules.conduct` with what is forbidden (ads, abuse, flooding…) and the penalty for each",
        ));
    }
    for (i, c) in rules.conduct.iter().enumerate() {
        if c.penalty.is_empty() {
            out.push(finding(
                Rule::ConductWithoutPenalty,
                cx.value(&format!("/rules/conduct/{i}/id")),
                format!("conduct rule `{}` has no penalty", c.id),
                "no `penalty`",
                "add `penalty:` in order of escalation, e.g. [warn, remove_message, kick]",
            ));
        }
    }
    if let Some(w) = cx.analysis.welcome {
        if w.bytes > WELCOME_MAX_BYTES {
            out.push(finding(
                Rule::WelcomeTooLong,
                cx.key("/rules/welcome"),
                format!(
                    "the welcome message of `{}` is {} bytes, over WeCom's limit of {WELCOME_MAX_BYTES}",
                    cx.group_name(w.group),
                    w.bytes
                ),
                "too long for the welcome template API",
                "shorten it below 3000 bytes (a Chinese character is 3 bytes); link to details instead",
            ));
        }
    }
    if let Some(a) = cx.analysis.announcement {
        let budget = cx.spec.rules.announcement_max_chars.map_or(ANNOUNCEMENT_MAX_CHARS, |b| b as usize);
        if a.chars > budget {
            out.push(finding(
                Rule::AnnouncementTooLong,
                cx.key_or("/rules/announcement", "/rules"),
                format!(
                    "the announcement of `{}` is {} characters, over the budget of {budget}",
                    cx.group_name(a.group),
                    a.chars
                ),
                "too long to read on a phone",
                "shorten `rules.announcement`, the rights or the conduct rules",
            ));
        }
    }
}
