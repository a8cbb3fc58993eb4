//! Every KPI of the spec judged against the statistics, per group and for the community.
//!
//! A KPI is measured over its period, counted on each group's own term (as the content plan's
//! weeks are): day N, week N = days 7N−6…7N, month N = days 30N−29…30N, or the whole term,
//! on the days of its phase only when it names one. Each period with figures is a measurement,
//! and a target holds for a group when **every** measured period meets it: "互动率 >= 12%, per
//! day" means each day. A group's value is its worst period's. The community's period N is
//! the formula over the figures of every group's period N that has a value, added up.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::formula::{self, Amounts, Formula, NoData};
use super::read::{Day, FileRead};
use super::{Groups, REPORT_VERSION};
use crate::i18n::{Lang, tr};
use crate::spec::{Cmp, Kpi, Measure, Metric, Period, Spec, Target};

/// What `report` found (`report --format json`; `schemas/report.schema.json`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "commspec report")]
pub(crate) struct Evaluation {
    /// Version of this format; 1.
    pub(crate) report_version: u32,
    /// The community id.
    pub(crate) community: String,
    /// The statistics files read, in order given, with their encoding.
    pub(crate) files: Vec<FileRead>,
    /// Every KPI the spec sets, in the order of the language's metrics.
    pub(crate) kpis: Vec<KpiResult>,
    /// Whether some group or the community misses some target (the exit status is then 1).
    pub(crate) missed: bool,
    /// The plot's days: the longest term, or the last day with figures of an ongoing community.
    #[serde(skip)]
    pub(crate) days: i64,
    /// The phases to shade: name, first and last day.
    #[serde(skip)]
    pub(crate) phases: Vec<(String, i64, i64)>,
}

/// One KPI: what it means, its target, and how the community and each group did.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct KpiResult {
    /// The metric's key, e.g. `interaction_rate`.
    pub(crate) metric: String,
    /// Its Chinese name, e.g. `互动率`.
    pub(crate) label: String,
    /// The seeds' definition, e.g. `当日有效发言的人数 ÷ 群成员总人数`.
    pub(crate) definition: String,
    /// The definition over the statistics' columns, in the report's language.
    pub(crate) formula: String,
    /// As written, e.g. `>= 12%`.
    pub(crate) target: String,
    pub(crate) period: Period,
    /// The phase it holds in, when the spec names one.
    pub(crate) phase: Option<String>,
    /// That phase's display name (阶段名称), e.g. `促销期`.
    pub(crate) phase_name: Option<String>,
    /// Whether values are fractions shown as percentages.
    pub(crate) rate: bool,
    #[serde(skip)]
    pub(crate) measure: Measure,
    #[serde(skip)]
    pub(crate) goal: Target,
    pub(crate) community: Outcome,
    /// Every group, in the plan's order.
    pub(crate) groups: Vec<GroupOutcome>,
}

/// How one group did on one KPI.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct GroupOutcome {
    pub(crate) group: String,
    pub(crate) key: String,
    #[serde(flatten)]
    pub(crate) outcome: Outcome,
}

/// The verdict over the measured periods: met when every period with a value meets the
/// target, missed when one does not, no data when none has a value.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct Outcome {
    pub(crate) verdict: Verdict,
    /// The worst period's value (a fraction for a rate); none without data.
    pub(crate) value: Option<f64>,
    /// The worst period's number (day, week or month N of the term); none for `term`.
    pub(crate) worst_period: Option<i64>,
    /// Periods with a value.
    pub(crate) periods: usize,
    /// Periods whose value misses the target.
    pub(crate) missed: usize,
    /// Why there is no value, when there is none.
    pub(crate) no_data: Option<String>,
    /// Each measured period's number and value, for the plot (not in the JSON, which would
    /// grow with groups × days).
    #[serde(skip)]
    pub(crate) series: Vec<(i64, f64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Verdict {
    Met,
    Missed,
    NoData,
}

/// Judges every KPI of `spec` against the figures of each group's days.
pub(crate) fn evaluate(
    spec: &Spec,
    groups: &Groups,
    days: &BTreeMap<(usize, i64), Day>,
    files: Vec<FileRead>,
    lang: Lang,
) -> Evaluation {
    let kpis: Vec<KpiResult> =
        spec.kpis.targets().into_iter().map(|(metric, kpi)| judge(spec, groups, days, metric, kpi, lang)).collect();
    let missed = kpis.iter().any(|k| {
        k.community.verdict == Verdict::Missed || k.groups.iter().any(|g| g.outcome.verdict == Verdict::Missed)
    });
    let last_data = days.keys().map(|(_, d)| *d).max().unwrap_or(1);
    let days_shown = groups.all.iter().map(|g| g.last_day.unwrap_or(last_data)).max().unwrap_or(1).max(1);
    let phases = spec
        .lifecycle
        .phases
        .iter()
        .map(|p| (p.name.clone().unwrap_or_else(|| p.id.to_string()), i64::from(p.from_day), i64::from(p.to_day)))
        .collect();
    let community = spec.community.id.to_string();
    Evaluation { report_version: REPORT_VERSION, community, files, kpis, missed, days: days_shown, phases }
}

fn judge(
    spec: &Spec,
    groups: &Groups,
    days: &BTreeMap<(usize, i64), Day>,
    metric: &Metric,
    kpi: &Kpi,
    lang: Lang,
) -> KpiResult {
    let formula = formula::of(metric.key);
    let period = metric.period_of(kpi);
    let phase = kpi.phase().and_then(|id| spec.lifecycle.phases.iter().find(|p| p.id == *id));
    let within = |day: i64| phase.is_none_or(|p| (i64::from(p.from_day)..=i64::from(p.to_day)).contains(&day));
    let target = kpi.target();
    // Each group's figures per period, then its value per period.
    let mut community: BTreeMap<i64, Amounts> = BTreeMap::new();
    let mut results = Vec::new();
    for (g, group) in groups.all.iter().enumerate() {
        let mut periods: BTreeMap<i64, Vec<&Day>> = BTreeMap::new();
        for ((_, day), figures) in days.range((g, i64::MIN)..=(g, i64::MAX)).filter(|((_, d), _)| within(*d)) {
            periods.entry(number(period, *day)).or_default().push(figures);
        }
        let values: Vec<(i64, Result<f64, NoData>)> = periods
            .into_iter()
            .map(|(n, days)| {
                let amounts = formula::amounts(days.into_iter());
                let value = formula.value(&amounts);
                if value.is_ok() {
                    formula::add(community.entry(n).or_insert([None; super::COLUMNS.len()]), &amounts);
                }
                (n, value)
            })
            .collect();
        let outcome = outcome(&values, formula, period, target, lang);
        results.push(GroupOutcome { group: group.name.clone(), key: group.key.clone(), outcome });
    }
    let values: Vec<(i64, Result<f64, NoData>)> = community.iter().map(|(n, a)| (*n, formula.value(a))).collect();
    let mut community = outcome(&values, formula, period, target, lang);
    if values.is_empty() {
        // No group has a value: say why from the figures all groups' days hold.
        let all = formula::amounts(days.iter().filter(|((_, d), _)| within(*d)).map(|(_, f)| f));
        community.no_data = Some(why(formula.value(&all).err(), lang));
    }
    KpiResult {
        metric: metric.key.to_string(),
        label: metric.label.to_string(),
        definition: metric.definition.to_string(),
        formula: formula.text().get(lang).to_string(),
        target: target.to_string(),
        period,
        phase: kpi.phase().map(ToString::to_string),
        phase_name: kpi.phase().map(|id| {
            let written = spec.lifecycle.phases.iter().find(|p| p.id.as_str() == id.as_str());
            crate::compile::phase_name(written.and_then(|p| p.name.as_deref()), id.as_str())
        }),
        rate: metric.measure.is_rate(),
        measure: metric.measure,
        goal: target.clone(),
        community,
        groups: results,
    }
}

/// The first and last day of period `n` of a term of `last` days.
pub(crate) fn days_of(period: Period, n: i64, last: i64) -> (i64, i64) {
    match period {
        Period::Day => (n, n),
        Period::Week => (7 * n - 6, (7 * n).min(last)),
        Period::Month => (30 * n - 29, (30 * n).min(last)),
        Period::Term => (1, last),
    }
}

/// The number of the period `day` falls in (1-based; the term is period 1).
fn number(period: Period, day: i64) -> i64 {
    match period {
        Period::Day => day,
        Period::Week => (day - 1) / 7 + 1,
        Period::Month => (day - 1) / 30 + 1,
        Period::Term => 1,
    }
}

/// The verdict over one group's (or the community's) periods.
fn outcome(
    values: &[(i64, Result<f64, NoData>)],
    formula: Formula,
    period: Period,
    target: &Target,
    lang: Lang,
) -> Outcome {
    let measured: Vec<(i64, f64)> = values.iter().filter_map(|(n, v)| v.ok().map(|v| (*n, v))).collect();
    let missed = measured.iter().filter(|(_, v)| !meets(target, *v)).count();
    // The worst: the farthest below (or above) the target; the first of equals.
    let worst = measured.iter().copied().fold(None::<(i64, f64)>, |worst, (n, v)| match worst {
        Some((_, w)) if shortfall(target, w) >= shortfall(target, v) => worst,
        _ => Some((n, v)),
    });
    let verdict = match (worst, missed) {
        (None, _) => Verdict::NoData,
        (Some(_), 0) => Verdict::Met,
        (Some(_), _) => Verdict::Missed,
    };
    let no_data = match worst {
        Some(_) => None,
        None => Some(why(
            values.iter().find_map(|(_, v)| v.err()).or(match formula {
                Formula::Unmeasurable(u) => Some(NoData::Unmeasurable(u)),
                _ => None,
            }),
            lang,
        )),
    };
    Outcome {
        verdict,
        value: worst.map(|(_, v)| v),
        worst_period: worst.filter(|_| period != Period::Term).map(|(n, _)| n),
        periods: measured.len(),
        missed,
        no_data,
        series: measured,
    }
}

fn why(no_data: Option<NoData>, lang: Lang) -> String {
    match no_data {
        Some(n) => n.text().get(lang).to_string(),
        None => tr!("no rows for the KPI's days", "指标的统计日期内没有数据行").get(lang).to_string(),
    }
}

/// How far `value` falls short of the target (negative when it meets it with room).
pub(crate) fn shortfall(target: &Target, value: f64) -> f64 {
    let t = target.fraction();
    match target.cmp {
        Cmp::Ge | Cmp::Gt => t - value,
        Cmp::Le | Cmp::Lt => value - t,
        Cmp::Eq => (value - t).abs(),
    }
}

/// Whether `value` meets the target, up to rounding: 3 ÷ 25 is the 12% written.
pub(crate) fn meets(target: &Target, value: f64) -> bool {
    let t = target.fraction();
    let eps = 1e-9 * t.abs().max(1.0);
    match target.cmp {
        Cmp::Ge => value >= t - eps,
        Cmp::Gt => value > t + eps,
        Cmp::Le => value <= t + eps,
        Cmp::Lt => value < t - eps,
        Cmp::Eq => (value - t).abs() <= eps,
    }
}

/// A value as people read it: a percentage for a rate, yuan for money, else a number.
pub(crate) fn shown(measure: Measure, value: f64) -> String {
    let num = crate::render::num(value);
    match measure {
        Measure::Share | Measure::PerMember | Measure::NetRatio => {
            format!("{}%", crate::render::num((value * 1000.0).round() / 10.0))
        }
        Measure::Money => format!("¥{num}"),
        Measure::Count | Measure::Ratio => num,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_count_from_the_groups_day_1() {
        let numbers = |period| [1, 7, 8, 30, 31].map(|day| number(period, day));
        assert_eq!(numbers(Period::Day), [1, 7, 8, 30, 31]);
        assert_eq!(numbers(Period::Week), [1, 1, 2, 5, 5]);
        assert_eq!(numbers(Period::Month), [1, 1, 1, 1, 2]);
        assert_eq!(numbers(Period::Term), [1; 5]);
        // The last week and month end with the term.
        assert_eq!(days_of(Period::Week, 5, 30), (29, 30));
        assert_eq!(days_of(Period::Month, 2, 45), (31, 45));
        assert_eq!(days_of(Period::Term, 1, 45), (1, 45));
    }

    #[test]
    fn targets_hold_up_to_rounding() {
        let target = |t: &str| t.parse::<Target>().unwrap();
        assert!(meets(&target(">= 12%"), 3.0 / 25.0), "3 ÷ 25 is 12%");
        assert!(!meets(&target("> 12%"), 3.0 / 25.0));
        assert!(meets(&target("<= 5%"), 0.05) && !meets(&target("< 5%"), 0.05));
        assert!(meets(&target("== 1"), 0.1 + 0.2 + 0.7));
        assert!(!meets(&target(">= 2"), 1.999));
        assert_eq!(shortfall(&target("<= 5%"), 0.1), 0.05);
    }
}
