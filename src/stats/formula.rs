//! How each KPI of [`METRICS`] is computed from the figures: one table, one row per metric.
//! A period's figures add up per [`Kind`]: what happens during a day (joins, messages, orders)
//! is summed, a head count at the end of a day (`member_total`) is averaged over the days, so
//! "群成员总数" over a week is the week's typical size, not seven times it. The community's value
//! is the formula over the groups' figures added up, never a mean of the groups' ratios.
//!
//! [`METRICS`]: crate::spec::METRICS

use super::columns::{COLUMNS, Figure, Kind};
use super::read::Day;
use crate::i18n::{Text, tr};

/// A metric's formula over a period's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Formula {
    /// `top ÷ bottom`.
    Ratio { top: Figure, bottom: Figure },
    /// A figure alone (消息总量, 日活).
    Total(Figure),
    /// `(gain − cost) ÷ cost`.
    Net { gain: Figure, cost: Figure },
    /// Not computable from each group's daily figures.
    Unmeasurable(Unmeasurable),
}

/// Why a metric cannot be computed from daily group figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unmeasurable {
    Retention,
    Renewal,
}

/// Every metric's formula, by its key in `METRICS` (a test holds the two tables to the same keys).
pub(crate) const FORMULAS: &[(&str, Formula)] = &[
    // 入群率 = 入群人数 ÷ 入群渠道的曝光量
    ("join_rate", Formula::Ratio { top: Figure::NewMembers, bottom: Figure::Exposure }),
    // 退群率 = 周期内的退群人数 ÷ 社群总人数 (the period's mean head count)
    ("leave_rate", Formula::Ratio { top: Figure::Leaves, bottom: Figure::Members }),
    // 互动率 = 当日有效发言的人数 ÷ 群成员总人数
    ("interaction_rate", Formula::Ratio { top: Figure::EffectiveSpeakers, bottom: Figure::Members }),
    // 消息总量 = 一定时期内社群消息的总数量
    ("messages_total", Formula::Total(Figure::Messages)),
    // 人均消息量 = 消息总量 ÷ 社群人数
    ("messages_per_member", Formula::Ratio { top: Figure::Messages, bottom: Figure::Members }),
    // 留存率 = 周期内留存的用户数 ÷ 新增用户数: which new members stayed is per-member data
    ("retention_rate", Formula::Unmeasurable(Unmeasurable::Retention)),
    // 续费率 = 到期后续费的人数 ÷ 到期的人数: who came due and who renewed is per-member data
    ("renewal_rate", Formula::Unmeasurable(Unmeasurable::Renewal)),
    // 转化率 = 订单数 ÷ 群成员总数
    ("conversion_rate", Formula::Ratio { top: Figure::Orders, bottom: Figure::Members }),
    // 客单价 = 订单总额 ÷ 订单人数
    ("aov", Formula::Ratio { top: Figure::OrderAmount, bottom: Figure::Buyers }),
    // 投入产出比 = 销售额 ÷ 成本
    ("roi", Formula::Ratio { top: Figure::OrderAmount, bottom: Figure::Cost }),
    // 净投入产出比 = （销售额 − 成本）÷ 成本
    ("net_roi", Formula::Net { gain: Figure::OrderAmount, cost: Figure::Cost }),
    // 日活 = 当日有效发言的人数
    ("daily_active", Formula::Total(Figure::EffectiveSpeakers)),
];

/// The formula of the metric `key` (every key of `METRICS` is in [`FORMULAS`], which a test
/// holds; an unknown one could only be measured as nothing).
pub(crate) fn of(key: &str) -> Formula {
    FORMULAS.iter().find(|(k, _)| *k == key).map_or(Formula::Unmeasurable(Unmeasurable::Retention), |(_, f)| *f)
}

/// A period's figures, each added up as its [`Kind`] says; `None` where no day has it.
pub(crate) type Amounts = [Option<f64>; COLUMNS.len()];

/// Why a period has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoData {
    /// No file has this figure for the period.
    Missing(Figure),
    /// The figure that divides is 0.
    Zero(Figure),
    Unmeasurable(Unmeasurable),
}

/// The figures of some days added up.
pub(crate) fn amounts<'a>(days: impl Iterator<Item = &'a Day>) -> Amounts {
    let mut sums = [None::<(f64, u32)>; COLUMNS.len()];
    for day in days {
        for (slot, cell) in sums.iter_mut().zip(day) {
            if let Some(cell) = cell {
                let (sum, n) = slot.unwrap_or((0.0, 0));
                *slot = Some((sum + cell.value, n + 1));
            }
        }
    }
    let mut out = [None; COLUMNS.len()];
    for ((slot, sum), column) in out.iter_mut().zip(sums).zip(COLUMNS) {
        *slot = sum.map(|(sum, n)| match column.kind {
            Kind::Flow => sum,
            Kind::Stock => sum / f64::from(n),
        });
    }
    out
}

/// Adds `more` into `total`, figure by figure (the community's figures from its groups').
pub(crate) fn add(total: &mut Amounts, more: &Amounts) {
    for (t, m) in total.iter_mut().zip(more) {
        if let Some(m) = m {
            *t = Some(t.unwrap_or(0.0) + m);
        }
    }
}

impl Formula {
    /// Its value over `amounts`.
    pub(crate) fn value(self, amounts: &Amounts) -> Result<f64, NoData> {
        let get = |f: Figure| amounts[f as usize].ok_or(NoData::Missing(f));
        let divisor = |f: Figure| get(f).and_then(|v| if v > 0.0 { Ok(v) } else { Err(NoData::Zero(f)) });
        match self {
            Formula::Ratio { top, bottom } => {
                let top = get(top)?;
                Ok(top / divisor(bottom)?)
            }
            Formula::Total(f) => get(f),
            Formula::Net { gain, cost } => {
                let gain = get(gain)?;
                let cost = divisor(cost)?;
                Ok((gain - cost) / cost)
            }
            Formula::Unmeasurable(why) => Err(NoData::Unmeasurable(why)),
        }
    }

    /// The formula over the columns, e.g. `effective_speakers ÷ member_total`.
    pub(crate) fn text(self) -> Text {
        let name = |f: Figure| {
            let c = f.column();
            match c.kind {
                Kind::Flow => c.name.to_string(),
                Kind::Stock => format!("mean {}", c.name),
            }
        };
        let zh = |f: Figure| {
            let c = f.column();
            match c.kind {
                Kind::Flow => c.name.to_string(),
                Kind::Stock => format!("{} 的日均值", c.name),
            }
        };
        match self {
            Formula::Ratio { top, bottom } => {
                Text::new(format!("{} ÷ {}", name(top), name(bottom)), format!("{} ÷ {}", zh(top), zh(bottom)))
            }
            Formula::Total(f) => Text::new(name(f), zh(f)),
            Formula::Net { gain, cost } => Text::new(
                format!("({} − {c}) ÷ {c}", name(gain), c = name(cost)),
                format!("（{} − {c}）÷ {c}", zh(gain), c = zh(cost)),
            ),
            Formula::Unmeasurable(_) => tr!("not computable from daily group figures", "无法由各群每日数据计算"),
        }
    }
}

impl NoData {
    /// Why there is no value, in words.
    pub(crate) fn text(self) -> Text {
        match self {
            NoData::Missing(f) => {
                let name = f.column().name;
                tr!("no `{name}` figures", "没有 `{name}` 数据")
            }
            NoData::Zero(f) => {
                let name = f.column().name;
                tr!("`{name}` is 0", "`{name}` 为 0")
            }
            NoData::Unmeasurable(Unmeasurable::Retention) => tr!(
                "needs how many of the period's new members are still in the group at its end: per-member data, which daily group figures do not hold (those who leave may be older members)",
                "需要周期内新增成员到期末仍在群内的人数：这是按成员的数据，各群每日数据没有（退群的可能是老成员）"
            ),
            NoData::Unmeasurable(Unmeasurable::Renewal) => tr!(
                "needs who came to the end of a paid term and who renewed: per-member data, which daily group figures do not hold",
                "需要到期的人数和其中续费的人数：这是按成员的数据，各群每日数据没有"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::METRICS;

    #[test]
    fn every_metric_has_one_formula() {
        let keys: Vec<&str> = FORMULAS.iter().map(|(k, _)| *k).collect();
        let metrics: Vec<&str> = METRICS.iter().map(|m| m.key).collect();
        assert_eq!(keys, metrics);
    }

    #[test]
    fn head_counts_are_averaged_and_flows_summed() {
        use super::super::read::{At, Cell};
        let cell = |value| Some(Cell { value, at: At { file: 0, line: 1, column: 1 } });
        let mut a = [None; COLUMNS.len()];
        let mut b = [None; COLUMNS.len()];
        (a[Figure::Members as usize], a[Figure::Leaves as usize]) = (cell(100.0), cell(2.0));
        (b[Figure::Members as usize], b[Figure::Leaves as usize]) = (cell(200.0), cell(4.0));
        let week = amounts([a, b].iter());
        // 6 left ÷ a mean of 150 members
        assert_eq!(of("leave_rate").value(&week), Ok(0.04));
        assert_eq!(of("roi").value(&week), Err(NoData::Missing(Figure::OrderAmount)));
        b[Figure::Cost as usize] = cell(0.0);
        b[Figure::OrderAmount as usize] = cell(10.0);
        assert_eq!(of("net_roi").value(&amounts([b].iter())), Err(NoData::Zero(Figure::Cost)));
    }
}
