//! Positioning (定位): gates, rights, vision, theme, and something to sell.

use super::Ctx;
use crate::compile::{AfterEntry, after_entry};
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::spec::{Goal, Theme};

/// What the positioning rules find.
enum Found {
    NoGate,
    GateAfterEntry(AfterEntry),
    NoRights,
    NoSlogan,
    MultipleThemes { count: usize },
    SalesWithoutOffers,
}

impl Message for Found {
    fn rule(&self) -> Rule {
        match self {
            Found::NoGate => Rule::NoGate,
            Found::GateAfterEntry(_) => Rule::GateAfterEntry,
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
            Found::GateAfterEntry(AfterEntry::Survey) => Said {
                message: tr!(
                    "the identity gate is verified by the entry survey, which newcomers get after joining",
                    "身份门槛凭入群问卷核验，但入群问卷在成员入群后才发"
                ),
                label: tr!("checked once they are already in", "入群后才核验，挡不住任何人"),
                help: tr!(
                    "check identity before inviting: `verify: manual` (staff ask the questions in a private chat before the invitation), `order` or `tag`",
                    "在拉群前核验身份：改为 `verify: manual`（工作人员在拉群前的私聊中先问这些问题）、`order` 或 `tag`"
                ),
            },
            Found::GateAfterEntry(AfterEntry::OpenCode) => Said {
                message: tr!(
                    "the action gate is checked after entry: anyone who scans the group code (`qrcode`) is already in",
                    "动作门槛只能在入群后核对：任何人扫群二维码（`qrcode`）就已经进群了"
                ),
                label: tr!("nothing holds the code back", "二维码谁扫都能进"),
                help: tr!(
                    "hand out the code only after the proof is checked (admission `invite` instead of `qrcode`), or add a gate checked before entry: price, invite, referral, or identity with `verify: manual`, `order` or `tag`",
                    "核对凭证后再发二维码（拉新方式用 `invite` 代替 `qrcode`），或增加一个入群前核验的门槛：price、invite、referral，或 `verify` 为 `manual`、`order`、`tag` 的 identity"
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
    for (i, gate) in spec.gates.iter().enumerate() {
        if let Some(after) = after_entry(spec, gate) {
            let field = match after {
                AfterEntry::Survey => "verify",
                AfterEntry::OpenCode => "action",
            };
            out.push(Diagnostic::of(cx.value(&format!("/gates/{i}/{field}")), &Found::GateAfterEntry(after)));
        }
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
