//! Positioning (定位): gates, rights, vision, theme, and something to sell.

use super::Ctx;
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::spec::{Goal, Theme};

/// What the positioning rules find.
enum Found {
    NoGate,
    NoRights,
    NoSlogan,
    MultipleThemes { count: usize },
    SalesWithoutOffers,
}

impl Message for Found {
    fn rule(&self) -> Rule {
        match self {
            Found::NoGate => Rule::NoGate,
            Found::NoRights => Rule::NoRights,
            Found::NoSlogan => Rule::NoSlogan,
            Found::MultipleThemes { .. } => Rule::MultipleThemes,
            Found::SalesWithoutOffers => Rule::SalesWithoutOffers,
        }
    }

    fn said(&self) -> Said {
        match self {
            Found::NoGate => Said {
                message: tr!("the community has no entry gate", "社群没有入群门槛"),
                label: tr!("no `gates`", "没有 `gates`"),
                help: tr!(
                    "add a gate under `gates`: price, identity, action, invite or referral",
                    "在 `gates` 下添加一个门槛：price（付费）、identity（身份）、action（动作）、invite（邀请）或 referral（推荐）"
                ),
            },
            Found::NoRights => Said {
                message: tr!("the community promises members no rights", "社群没有向成员承诺任何权益"),
                label: tr!("no `rights`", "没有 `rights`"),
                help: tr!(
                    "list what members get under `rights.content`, `rights.social` or `rights.service`",
                    "在 `rights.content`、`rights.social` 或 `rights.service` 下列出成员能得到什么"
                ),
            },
            Found::NoSlogan => Said {
                message: tr!("`community` has no `slogan`", "`community` 没有 `slogan`"),
                label: tr!("no `slogan`", "没有 `slogan`"),
                help: tr!(
                    "add `slogan:` — the vision in one line, shown at the top of the announcement",
                    "添加 `slogan:`——用一句话说出愿景，它会显示在群公告的最上方"
                ),
            },
            Found::MultipleThemes { count } => Said {
                message: tr!("the community has {count} themes", "社群有 {count} 个主题"),
                label: tr!("one theme per group", "一个群只做一个主题"),
                help: tr!(
                    "keep one theme, and make a separate community for each of the others",
                    "只保留一个主题，其余的主题各建一个社群"
                ),
            },
            Found::SalesWithoutOffers => Said {
                message: tr!(
                    "the goal is `sales`, but `monetization.offers` is empty",
                    "目标是 `sales`（销售转化），但 `monetization.offers` 为空"
                ),
                label: tr!("nothing to sell", "没有可卖的产品"),
                help: tr!(
                    "list the offers under `monetization.offers` (name, price, tier)",
                    "在 `monetization.offers` 下列出产品（name、price、tier）"
                ),
            },
        }
    }
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    if spec.gates.is_empty() {
        out.push(Diagnostic::of(cx.key_or("/gates", "/community"), &Found::NoGate));
    }
    if spec.rights.is_empty() {
        out.push(Diagnostic::of(cx.key_or("/rights", "/community"), &Found::NoRights));
    }
    if spec.community.slogan.is_none() {
        out.push(Diagnostic::of(cx.key("/community"), &Found::NoSlogan));
    }
    if let Some(Theme::Many(themes)) = &spec.community.theme {
        if themes.len() > 1 {
            out.push(Diagnostic::of(cx.value("/community/theme"), &Found::MultipleThemes { count: themes.len() }));
        }
    }
    if spec.community.goal == Goal::Sales && spec.monetization.offers.is_empty() {
        out.push(Diagnostic::of(cx.value("/community/goal"), &Found::SalesWithoutOffers));
    }
}
