//! Groups (建群): capacity, activity target, names.

use std::collections::HashMap;

use super::{Ctx, active_share};
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::{
    ACTIVE_SHARE_MAX, ACTIVE_SHARE_MIN, GROUP_MEMBER_LIMIT, GROUP_NAME_MAX_CHARS, GROUP_SIZE_ADVISED, QRCODE_JOIN_LIMIT,
};
use crate::spec::AdmissionMethod;

/// What the group rules find.
enum Found<'a> {
    CapacityOverLimit {
        capacity: u32,
    },
    CapacityOverQrcodeLimit {
        capacity: u32,
    },
    /// `active` daily speakers, outside the realistic share of `capacity`.
    ActiveTargetUnrealistic {
        active: u32,
        capacity: u32,
    },
    GroupNameTooLong {
        name: &'a str,
        chars: usize,
    },
    /// Groups `first` and `second` (1-based) are both named `name`.
    GroupNameCollision {
        name: &'a str,
        first: usize,
        second: usize,
    },
}

impl Message for Found<'_> {
    fn rule(&self) -> Rule {
        match self {
            Found::CapacityOverLimit { .. } => Rule::CapacityOverLimit,
            Found::CapacityOverQrcodeLimit { .. } => Rule::CapacityOverQrcodeLimit,
            Found::ActiveTargetUnrealistic { .. } => Rule::ActiveTargetUnrealistic,
            Found::GroupNameTooLong { .. } => Rule::GroupNameTooLong,
            Found::GroupNameCollision { .. } => Rule::GroupNameCollision,
        }
    }

    fn said(&self) -> Said {
        match self {
            Found::CapacityOverLimit { capacity } => Said {
                message: tr!(
                    "capacity {capacity} is above WeCom's limit of {GROUP_MEMBER_LIMIT} members per customer group",
                    "群容量 {capacity} 超过了企业微信客户群 {GROUP_MEMBER_LIMIT} 人的上限"
                ),
                label: tr!("over the platform limit", "超出平台上限"),
                help: tr!(
                    "set `capacity` to {GROUP_MEMBER_LIMIT} or less (the craft advises about {GROUP_SIZE_ADVISED}) and raise `count` instead",
                    "把 `capacity` 设为 {GROUP_MEMBER_LIMIT} 以内（行业经验是 {GROUP_SIZE_ADVISED} 人左右），改为增加 `count`"
                ),
            },
            Found::CapacityOverQrcodeLimit { capacity } => Said {
                message: tr!(
                    "capacity {capacity} is above the {QRCODE_JOIN_LIMIT} members who can join by QR code",
                    "群容量 {capacity} 超过了扫码入群的 {QRCODE_JOIN_LIMIT} 人上限"
                ),
                label: tr!(
                    "scanning in reportedly stops at {QRCODE_JOIN_LIMIT}",
                    "据报道扫码入群到 {QRCODE_JOIN_LIMIT} 人就停止"
                ),
                help: tr!(
                    "keep `capacity` at {QRCODE_JOIN_LIMIT} or less, or invite members past {QRCODE_JOIN_LIMIT} by hand",
                    "把 `capacity` 控制在 {QRCODE_JOIN_LIMIT} 以内，或在超过 {QRCODE_JOIN_LIMIT} 人后手动邀请成员"
                ),
            },
            Found::ActiveTargetUnrealistic { active, capacity } => {
                let share = percent(active_share(*active, *capacity));
                let lo = (f64::from(*capacity) * ACTIVE_SHARE_MIN).ceil();
                let hi = (f64::from(*capacity) * ACTIVE_SHARE_MAX).floor();
                let (min, max) = (percent(ACTIVE_SHARE_MIN), percent(ACTIVE_SHARE_MAX));
                Said {
                    message: tr!(
                        "{active} daily speakers is {share}% of a {capacity}-member group",
                        "每天 {active} 人发言，占 {capacity} 人群的 {share}%"
                    ),
                    label: tr!("unrealistic", "不现实"),
                    help: tr!(
                        "aim for {lo}–{hi} ({min}%–{max}% of capacity; the craft's benchmark is 20–30 active a day in about 200)",
                        "目标定在 {lo}–{hi} 人（群容量的 {min}%–{max}%；行业经验是约 200 人的群每天有 20–30 人活跃）"
                    ),
                }
            }
            Found::GroupNameTooLong { name, chars } => Said {
                message: tr!(
                    "group name `{name}` has {chars} characters, more than {GROUP_NAME_MAX_CHARS}",
                    "群名 `{name}` 有 {chars} 个字符，超过了 {GROUP_NAME_MAX_CHARS} 个"
                ),
                label: tr!("renders too long", "渲染后太长"),
                help: tr!(
                    "shorten the name template to at most {GROUP_NAME_MAX_CHARS} characters once rendered",
                    "缩短群名模板，使渲染后不超过 {GROUP_NAME_MAX_CHARS} 个字符"
                ),
            },
            Found::GroupNameCollision { name, first, second } => Said {
                message: tr!(
                    "groups {first} and {second} are both named `{name}`",
                    "第 {first} 个和第 {second} 个群都叫 `{name}`"
                ),
                label: tr!("names collide", "群名重复"),
                help: tr!(
                    "include every matrix variable and `{{{{ n }}}}` (when `count` > 1) in `groups.name`",
                    "在 `groups.name` 中写上每个矩阵变量，以及 `{{{{ n }}}}`（当 `count` > 1 时）"
                ),
            },
        }
    }
}

/// A share as a percentage with at most one decimal, without the sign: 0.025 → "2.5", 0.75 → "75".
fn percent(share: f64) -> String {
    let p = format!("{:.1}", share * 100.0);
    p.strip_suffix(".0").unwrap_or(&p).to_string()
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let g = &cx.spec.groups;
    if g.capacity > GROUP_MEMBER_LIMIT {
        out.push(Diagnostic::of(cx.value("/groups/capacity"), &Found::CapacityOverLimit { capacity: g.capacity }));
    }
    if g.capacity > QRCODE_JOIN_LIMIT && cx.spec.admission.methods.contains(&AdmissionMethod::Qrcode) {
        let found = Found::CapacityOverQrcodeLimit { capacity: g.capacity };
        out.push(Diagnostic::of(cx.value("/groups/capacity"), &found));
    }
    if let Some(active) = g.active_target {
        if !(ACTIVE_SHARE_MIN..=ACTIVE_SHARE_MAX).contains(&active_share(active, g.capacity)) {
            let found = Found::ActiveTargetUnrealistic { active, capacity: g.capacity };
            out.push(Diagnostic::of(cx.value("/groups/active_target"), &found));
        }
    }
    let name_span = || cx.key_or("/groups/name", "/community/name");
    let mut long_reported = false;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, (_, name)) in cx.analysis.groups.iter().enumerate() {
        let chars = name.chars().count();
        if chars > GROUP_NAME_MAX_CHARS && !long_reported {
            long_reported = true;
            out.push(Diagnostic::of(name_span(), &Found::GroupNameTooLong { name, chars }));
        }
        if let Some(&first) = seen.get(name.as_str()) {
            out.push(Diagnostic::of(name_span(), &Found::GroupNameCollision { name, first: first + 1, second: i + 1 }));
            break;
        }
        seen.insert(name, i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_chinese_names_the_group_size_before_the_share() {
        let said = Found::ActiveTargetUnrealistic { active: 1, capacity: 200 }.said();
        assert_eq!(said.message.en(), "1 daily speakers is 0.5% of a 200-member group");
        assert_eq!(said.message.get(Lang::Zh), "每天 1 人发言，占 200 人群的 0.5%");
        assert_eq!(
            said.help.en(),
            "aim for 10–30 (5%–15% of capacity; the craft's benchmark is 20–30 active a day in about 200)"
        );
        assert_eq!(
            said.help.get(Lang::Zh),
            "目标定在 10–30 人（群容量的 5%–15%；行业经验是约 200 人的群每天有 20–30 人活跃）"
        );
    }
}
