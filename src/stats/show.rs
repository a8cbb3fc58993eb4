//! The evaluation as people read it: a table for the terminal (`human`) or a pull request
//! (`markdown`), or JSON. Every text is in the report's language.

use unicode_width::UnicodeWidthStr;

use super::evaluate::{Evaluation, GroupOutcome, KpiResult, Outcome, Verdict, shortfall, shown};
use crate::i18n::{Lang, Text, tr};
use crate::render::md;
use crate::spec::Period;

/// Missed groups named per KPI; the JSON lists them all.
const WORST_GROUPS: usize = 3;

/// The report as a table: `markdown` for pull requests, else aligned for a terminal.
pub(crate) fn table(evaluation: &Evaluation, markdown: bool, lang: Lang) -> String {
    let header = [
        "",
        tr!("KPI", "指标").get(lang),
        tr!("definition", "口径").get(lang),
        tr!("target", "目标").get(lang),
        tr!("period", "周期").get(lang),
        tr!("community", "社群").get(lang),
        tr!("groups that miss it (worst first)", "未达标的群（最差的在前）").get(lang),
    ]
    .map(str::to_string);
    let rows: Vec<[String; 7]> = evaluation.kpis.iter().map(|k| row(k, lang)).collect();
    let mut out = String::new();
    let title = tr!("KPIs of `{id}`", "`{id}` 的数据指标", id = evaluation.community);
    if markdown {
        out.push_str(&format!("### {}\n\n", title.get(lang)));
        let line =
            |cells: &[String]| format!("| {} |\n", cells.iter().map(|c| md(c.clone())).collect::<Vec<_>>().join(" | "));
        out.push_str(&line(&header));
        out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
        for r in &rows {
            out.push_str(&line(r));
        }
    } else {
        out.push_str(&format!("{}\n\n", title.get(lang)));
        let mut widths = header.clone().map(|h| h.width());
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.width());
            }
        }
        let line = |cells: &[String]| {
            let padded: Vec<String> =
                cells.iter().zip(widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.width()))).collect();
            format!("{}\n", padded.join("  ").trim_end())
        };
        out.push_str(&line(&header));
        for r in &rows {
            out.push_str(&line(r));
        }
    }
    out.push('\n');
    for k in evaluation.kpis.iter().filter(|k| k.community.no_data.is_some()) {
        let why = k.community.no_data.as_deref().unwrap_or_default();
        let (label, metric) = (&k.label, &k.metric);
        let line = tr!("{label} {metric} (no data): {why}", "{label} {metric}（无数据）：{why}");
        out.push_str(line.get(lang));
        out.push('\n');
    }
    out.push_str(tr!(
        "A KPI measured per day, week or month holds when every period with figures meets the target; the value shown is the worst period's. Weeks and months count from each group's day 1 (days 1–7, 1–30). The community's value comes from the groups' figures added up.",
        "按日、周或月统计的指标，每个有数据的周期都达标才算达标；显示的是最差周期的值。周和月从各群的第 1 天算起（第 1–7 天、第 1–30 天）。社群的值由各群的数据相加后计算。"
    ).get(lang));
    out.push('\n');
    out.push_str(summary(evaluation).get(lang));
    out.push('\n');
    out
}

/// One KPI's row.
fn row(k: &KpiResult, lang: Lang) -> [String; 7] {
    let mark = match k.community.verdict {
        Verdict::Met if !k.groups.iter().any(|g| g.outcome.verdict == Verdict::Missed) => "✓",
        Verdict::NoData if !k.groups.iter().any(|g| g.outcome.verdict == Verdict::Missed) => "–",
        _ => "✗",
    };
    let period = match (&k.phase, &k.phase_name, lang) {
        (Some(p), _, Lang::En) => format!("{} in {p}", k.period.value()),
        (Some(p), name, Lang::Zh) => format!("{}（{}）", k.period.label(), name.as_deref().unwrap_or(p)),
        (None, _, Lang::En) => k.period.value().to_string(),
        (None, _, Lang::Zh) => k.period.label().to_string(),
    };
    [
        mark.to_string(),
        format!("{} {}", k.label, k.metric),
        format!("{} = {}", k.definition, k.formula),
        k.target.clone(),
        period,
        value(k, &k.community, lang),
        worst(k, lang),
    ]
}

/// An outcome's verdict and value, its worst period and how many periods missed.
fn value(k: &KpiResult, o: &Outcome, lang: Lang) -> String {
    if o.value.is_none() {
        return tr!("no data", "无数据").get(lang).to_string();
    }
    let mark = if o.verdict == Verdict::Met { "✓" } else { "✗" };
    format!("{mark} {}", measured(k, o, lang))
}

/// The worst period's value, and for a KPI measured more than once, which period it was and
/// how many missed: `8.9% (day 12; 1 of 24 missed)`.
fn measured(k: &KpiResult, o: &Outcome, lang: Lang) -> String {
    let v = o.value.map(|v| shown(k.measure, v)).unwrap_or_default();
    match o.worst_period {
        None => v,
        Some(n) => {
            let (at, missed, periods) = (period_name(k.period, n).get(lang).to_string(), o.missed, o.periods);
            tr!("{v} ({at}; {missed} of {periods} missed)", "{v}（{at}；{periods} 个中 {missed} 个未达标）")
                .get(lang)
                .to_string()
        }
    }
}

fn period_name(period: Period, n: i64) -> Text {
    match period {
        Period::Day => tr!("day {n}", "第 {n} 天"),
        Period::Week => tr!("week {n}", "第 {n} 周"),
        Period::Month => tr!("month {n}", "第 {n} 月"),
        Period::Term => tr!("the term", "整期"),
    }
}

/// The groups that miss the target, worst first, with their values.
fn worst(k: &KpiResult, lang: Lang) -> String {
    let target = &k.goal;
    let mut missed: Vec<&GroupOutcome> = k.groups.iter().filter(|g| g.outcome.verdict == Verdict::Missed).collect();
    missed.sort_by(|a, b| {
        let by = |g: &GroupOutcome| g.outcome.value.map_or(f64::MIN, |v| shortfall(target, v));
        by(b).total_cmp(&by(a))
    });
    if missed.is_empty() {
        return "—".to_string();
    }
    let mut named: Vec<String> =
        missed.iter().take(WORST_GROUPS).map(|g| format!("{} {}", g.group, measured(k, &g.outcome, lang))).collect();
    if missed.len() > WORST_GROUPS {
        let more = missed.len() - WORST_GROUPS;
        named.push(tr!("{more} more", "另有 {more} 个").get(lang).to_string());
    }
    named.join(tr!(", ", "，").get(lang))
}

/// The last line: how many KPIs hold.
fn summary(evaluation: &Evaluation) -> Text {
    let total = evaluation.kpis.len();
    let missed = evaluation
        .kpis
        .iter()
        .filter(|k| {
            k.community.verdict == Verdict::Missed || k.groups.iter().any(|g| g.outcome.verdict == Verdict::Missed)
        })
        .count();
    if missed == 0 {
        tr!("every KPI with data holds ({total} KPIs)", "所有有数据的指标都达标（共 {total} 个）")
    } else {
        tr!(
            "{missed} of {total} KPIs missed by the community or some group",
            "{total} 个指标中有 {missed} 个社群或某个群未达标"
        )
    }
}
