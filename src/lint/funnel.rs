//! The funnel (拉新漏斗): whether the channels' expected joins fill the planned seats, and
//! whether fission costs more per member than the spec allows.

use super::Ctx;
use crate::compile::money_text;
use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::tr;
use crate::limits::FUNNEL_OVERFILL_MARGIN;

/// What the funnel rules find.
enum Found {
    /// The channels' expected `joins` leave seats empty: they fill `filled` of `groups` groups.
    FunnelUnderfills { joins: u64, seats: u64, filled: u64, groups: u64 },
    /// The channels' expected `joins` pass the seats by more than the margin.
    FunnelOverfills { joins: u64, seats: u64, capacity: u64, groups: u64 },
    /// One new member by fission costs `cost` yuan, above the ceiling.
    FissionTooCostly { cost: f64, unit_cost: f64, invites: u32, ceiling: f64 },
}

impl Message for Found {
    fn rule(&self) -> Rule {
        match self {
            Found::FunnelUnderfills { .. } => Rule::FunnelUnderfills,
            Found::FunnelOverfills { .. } => Rule::FunnelOverfills,
            Found::FissionTooCostly { .. } => Rule::FissionTooCostly,
        }
    }

    fn said(&self) -> Said {
        match self {
            Found::FunnelUnderfills { joins, seats, filled, groups } => Said {
                message: tr!(
                    "the channels bring about {joins} members (exposure × join rate), fewer than the {seats} seats: enough for {filled} of {groups} groups",
                    "各渠道预计带来约 {joins} 人（曝光 × 入群率），少于 {seats} 个名额：只够 {groups} 个群中的 {filled} 个"
                ),
                label: tr!("the funnel cannot fill the groups", "漏斗填不满这些群"),
                help: tr!(
                    "add channels or exposure, or plan fewer groups (`groups.count`) or a smaller `groups.capacity`",
                    "增加渠道或曝光，或减少群数（`groups.count`）、调小 `groups.capacity`"
                ),
            },
            Found::FunnelOverfills { joins, seats, capacity, groups } => {
                let needed = joins.div_ceil((*capacity).max(1));
                let margin = money_text(FUNNEL_OVERFILL_MARGIN);
                Said {
                    message: tr!(
                        "the channels bring about {joins} members (exposure × join rate), more than {margin} × the {seats} seats of {groups} groups",
                        "各渠道预计带来约 {joins} 人（曝光 × 入群率），超过 {groups} 个群 {seats} 个名额的 {margin} 倍"
                    ),
                    label: tr!("newcomers would find full groups", "新人进来会发现群已满"),
                    help: tr!(
                        "open about {needed} groups (`groups.count` × the matrix), or drop the channels that bring the fewest",
                        "开约 {needed} 个群（`groups.count` × 矩阵），或去掉带来人数最少的渠道"
                    ),
                }
            }
            Found::FissionTooCostly { cost, unit_cost, invites, ceiling } => {
                let (cost, unit_cost, ceiling) = (money_text(*cost), money_text(*unit_cost), money_text(*ceiling));
                Said {
                    message: tr!(
                        "a new member by fission costs ¥{cost} (a ¥{unit_cost} bait per {invites} invited), above the ceiling of ¥{ceiling}",
                        "裂变每拉来一位新成员要花 ¥{cost}（每邀请 {invites} 人送一份 ¥{unit_cost} 的诱饵），超过获客成本上限 ¥{ceiling}"
                    ),
                    label: tr!("costs more per member than allowed", "获客成本超过上限"),
                    help: tr!(
                        "pick a cheaper bait, ask for more invites per bait, or drop fission for a channel that costs less",
                        "换一个更便宜的诱饵、提高每份诱饵要求的邀请人数，或放弃裂变、改用成本更低的渠道"
                    ),
                }
            }
        }
    }
}

pub(super) fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    funnel(cx, out);
    let admission = &cx.spec.admission;
    if let (Some(fission), Some(ceiling)) = (&admission.fission, admission.max_cost_per_member) {
        let cost = fission.cost_per_member();
        if cost > ceiling {
            let found =
                Found::FissionTooCostly { cost, unit_cost: fission.bait.unit_cost, invites: fission.invites, ceiling };
            out.push(Diagnostic::of(cx.value("/admission/fission/bait/unit_cost"), &found));
        }
    }
}

/// Expected joins against seats, when every channel states its exposure and join rate.
fn funnel(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(joins) = cx.spec.admission.expected_joins() else { return };
    let capacity = u64::from(cx.spec.groups.capacity);
    let groups = cx.analysis.groups.len() as u64;
    let seats = cx.spec.groups.seats(cx.analysis.groups.len());
    let span = cx.key("/admission/channels");
    if joins < seats {
        let filled = joins / capacity.max(1);
        out.push(Diagnostic::of(span, &Found::FunnelUnderfills { joins, seats, filled, groups }));
    } else if joins as f64 > seats as f64 * FUNNEL_OVERFILL_MARGIN {
        out.push(Diagnostic::of(span, &Found::FunnelOverfills { joins, seats, capacity, groups }));
    }
}
