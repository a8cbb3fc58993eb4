//! Group rules (群规): conduct rules with penalties, and the welcome message's size.

use super::Ctx;
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{ANNOUNCEMENT_MAX_CHARS, WELCOME_MAX_BYTES};

/// What the group-rule rules find.
enum Found<'a> {
    NoConductRules,
    ConductWithoutPenalty {
        conduct: &'a str,
    },
    /// The longest welcome message, that of group `group`.
    WelcomeTooLong {
        group: &'a str,
        bytes: usize,
    },
    /// The longest announcement, that of group `group`, over the spec's `budget`.
    AnnouncementTooLong {
        group: &'a str,
        chars: usize,
        budget: usize,
    },
}

impl Message for Found<'_> {
    fn rule(&self) -> Rule {
        match self {
            Found::NoConductRules => Rule::NoConductRules,
            Found::ConductWithoutPenalty { .. } => Rule::ConductWithoutPenalty,
            Found::WelcomeTooLong { .. } => Rule::WelcomeTooLong,
            Found::AnnouncementTooLong { .. } => Rule::AnnouncementTooLong,
        }
    }

    fn said(&self) -> Said {
        match self {
            Found::NoConductRules => Said {
                message: tr!("the group has no conduct rules", "群没有群规"),
                label: tr!("no `conduct`", "没有 `conduct`"),
                help: tr!(
                    "add `rules.conduct` with what is forbidden (ads, abuse, flooding…) and the penalty for each",
                    "添加 `rules.conduct`，写明禁止什么（广告、辱骂、刷屏……）以及各自的处罚"
                ),
            },
            Found::ConductWithoutPenalty { conduct } => Said {
                message: tr!("conduct rule `{conduct}` has no penalty", "群规 `{conduct}` 没有处罚"),
                label: tr!("no `penalty`", "没有 `penalty`"),
                help: tr!(
                    "add `penalty:` in order of escalation, e.g. [warn, remove_message, kick]",
                    "按从轻到重的顺序添加 `penalty:`，例如 [warn, remove_message, kick]"
                ),
            },
            Found::WelcomeTooLong { group, bytes } => Said {
                message: tr!(
                    "the welcome message of `{group}` is {bytes} bytes, over WeCom's limit of {WELCOME_MAX_BYTES}",
                    "`{group}` 的入群欢迎语有 {bytes} 字节，超过了企业微信 {WELCOME_MAX_BYTES} 字节的上限"
                ),
                label: tr!("too long for the welcome template API", "超出入群欢迎语接口的长度上限"),
                help: tr!(
                    "shorten it below {WELCOME_MAX_BYTES} bytes (a Chinese character is 3 bytes); link to details instead",
                    "缩短到 {WELCOME_MAX_BYTES} 字节以内（一个汉字占 3 字节）；详细内容改为放在链接里"
                ),
            },
            Found::AnnouncementTooLong { group, chars, budget } => Said {
                message: tr!(
                    "the announcement of `{group}` is {chars} characters, over the budget of {budget}",
                    "`{group}` 的群公告有 {chars} 字，超出了 {budget} 字的篇幅预算"
                ),
                label: tr!("too long to read on a phone", "太长，在手机上读不完"),
                help: tr!(
                    "shorten `rules.announcement`, the rights or the conduct rules",
                    "缩短 `rules.announcement`、权益或群规"
                ),
            },
        }
    }
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let rules = &cx.spec.rules;
    if rules.conduct.is_empty() {
        out.push(Diagnostic::of(cx.key_or("/rules/conduct", "/rules"), &Found::NoConductRules));
    }
    for (i, c) in rules.conduct.iter().enumerate() {
        if c.penalty.is_empty() {
            let found = Found::ConductWithoutPenalty { conduct: c.id.as_str() };
            out.push(Diagnostic::of(cx.value(&format!("/rules/conduct/{i}/id")), &found));
        }
    }
    if let Some(w) = cx.analysis.welcome {
        if w.bytes > WELCOME_MAX_BYTES {
            let found = Found::WelcomeTooLong { group: cx.group_name(w.group), bytes: w.bytes };
            out.push(Diagnostic::of(cx.key("/rules/welcome"), &found));
        }
    }
    if let Some(a) = cx.analysis.announcement {
        let budget = cx.spec.rules.announcement_max_chars.map_or(ANNOUNCEMENT_MAX_CHARS, |b| b as usize);
        if a.chars > budget {
            let found = Found::AnnouncementTooLong { group: cx.group_name(a.group), chars: a.chars, budget };
            out.push(Diagnostic::of(cx.key_or("/rules/announcement", "/rules"), &found));
        }
    }
}
