//! Group rules (群规): conduct rules with penalties, and the welcome message's size.

use super::{Ctx, declare_rule, finding};
use crate::diagnostics::Diagnostic;
use crate::limits::{ANNOUNCEMENT_MAX_CHARS, WELCOME_MAX_BYTES};

declare_rule! {
    /// ## What it does
    /// Warns when `rules.conduct` is missing or empty.
    ///
    /// ## Why is this bad?
    /// Troublemakers (反动派) post ads and competitors' links. Conduct rules —
    /// no ads, no abuse, no flooding, no off-topic talk — are what admins enforce, and their
    /// keywords go into the admin console's anti-harassment settings.
    ///
    /// ## Example
    /// ```yaml
    /// rules: { welcome: 欢迎！ }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// rules:
    ///   conduct:
    ///     - id: no-ads
    ///       title: 禁止发广告
    ///       forbid: [ads, links, qrcode]
    ///       keywords: [加微信, 代购, 兼职]
    ///       penalty: [warn, remove_message, kick]
    /// ```
    pub(crate) NO_CONDUCT_RULES = "no-conduct-rules", Warn, "`rules.conduct` is empty",
}

declare_rule! {
    /// ## What it does
    /// Warns when a conduct rule has no `penalty`.
    ///
    /// ## Why is this bad?
    /// A rule needs a concrete penalty: without one, admins improvise and
    /// members learn the rule is not enforced.
    ///
    /// ## Example
    /// ```yaml
    ///     - { id: no-ads, title: 禁止发广告, forbid: [ads] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///     - { id: no-ads, title: 禁止发广告, forbid: [ads], penalty: [warn, kick] }
    /// ```
    pub(crate) CONDUCT_WITHOUT_PENALTY = "conduct-without-penalty", Warn, "a conduct rule with no `penalty`",
}

declare_rule! {
    /// ## What it does
    /// Denies a welcome message (`rules.welcome`) that renders to more than 3000 bytes for
    /// any group. `{{ nickname }}` counts as `%NICKNAME%`.
    ///
    /// ## Why is this bad?
    /// The group welcome template API (`group_welcome_template`, https://developer.work.weixin.qq.com/document/path/92366)
    /// rejects `text.content` over 3000 UTF-8 bytes — about 1000 Chinese characters.
    ///
    /// ## Example
    /// A welcome message that lists every course, price and rule in full.
    ///
    /// Use instead: greet, say the one next step, and point at the announcement.
    /// ```yaml
    /// rules:
    ///   welcome: "欢迎{{ nickname }}加入{{ group.name }}！请先看群公告，按「城市-年级-昵称」改群昵称。"
    /// ```
    pub(crate) WELCOME_TOO_LONG = "welcome-too-long", Deny, "the rendered welcome message exceeds 3000 bytes",
}

declare_rule! {
    /// ## What it does
    /// Warns when the composed group announcement — slogan, rights, gates, conduct rules with
    /// penalties, schedule highlights and `rules.announcement` — is longer than 1000
    /// characters for any group.
    ///
    /// ## Why is this bad?
    /// Announcements are read on a phone; past a screen or two, nobody reads to the rules at
    /// the end. This is a readability budget: WeCom documents no announcement limit
    ///, and there is no API to write announcements, so owners paste them.
    ///
    /// ## Example
    /// A `rules.announcement` that repeats the rights and the whole course schedule.
    ///
    /// Use instead: keep `rules.announcement` to what the composed parts do not already say.
    ///
    /// ## Configuration
    /// `rules.announcement_max_chars` sets the budget (default 1000).
    pub(crate) ANNOUNCEMENT_TOO_LONG = "announcement-too-long", Warn, "the composed announcement exceeds 1000 characters",
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let rules = &cx.spec.rules;
    if rules.conduct.is_empty() {
        out.push(finding(
            &NO_CONDUCT_RULES,
            cx.key_or("/rules/conduct", "/rules"),
            "the group has no conduct rules",
            "no `conduct`",
            "add `rules.conduct` with what is forbidden (ads, abuse, flooding…) and the penalty for each",
        ));
    }
    for (i, c) in rules.conduct.iter().enumerate() {
        if c.penalty.is_empty() {
            out.push(finding(
                &CONDUCT_WITHOUT_PENALTY,
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
                &WELCOME_TOO_LONG,
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
                &ANNOUNCEMENT_TOO_LONG,
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
