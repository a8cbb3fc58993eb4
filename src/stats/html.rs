//! `report --html`: one self-contained page (inline CSS and SVG, no script, nothing fetched)
//! with, per KPI, each group's values over its term against the target line, the phases shaded.
//! Every text from the spec or the files is escaped.

use std::fmt::Write as _;

use super::evaluate::{Evaluation, KpiResult, Outcome, Verdict, days_of, shortfall, shown};
use crate::i18n::{Lang, tr};

/// Groups drawn per KPI, worst first; the JSON lists them all.
const GROUPS_DRAWN: usize = 12;
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
/// Room for the axis labels.
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 20.0;
const COLOURS: &[&str] = &["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

/// The page.
pub(crate) fn page(evaluation: &Evaluation, lang: Lang) -> String {
    let title = tr!("KPIs of {id}", "{id} 的数据指标", id = escape(&evaluation.community));
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\
         body{{font-family:sans-serif;margin:2em;max-width:60em}}svg{{background:#fff;border:1px solid #ddd}}\
         .met{{color:#2ca02c}}.missed{{color:#d62728}}.legend span{{margin-right:1em}}</style></head><body>\n<h1>{}</h1>\n",
        if lang == Lang::Zh { "zh" } else { "en" },
        title.get(lang),
        title.get(lang)
    );
    for k in &evaluation.kpis {
        kpi(&mut out, evaluation, k, lang);
    }
    out.push_str("</body></html>\n");
    out
}

fn kpi(out: &mut String, evaluation: &Evaluation, k: &KpiResult, lang: Lang) {
    let _ = write!(
        out,
        "<h2>{} <code>{}</code></h2>\n<p>{} = {} · {} {} · {}</p>\n",
        escape(&k.label),
        escape(&k.metric),
        escape(&k.definition),
        escape(&k.formula),
        tr!("target", "目标").get(lang),
        escape(&k.target),
        verdict(k, &k.community, lang)
    );
    let mut drawn: Vec<(&str, &Outcome)> = k.groups.iter().map(|g| (g.group.as_str(), &g.outcome)).collect();
    let badness = |o: &Outcome| o.value.map_or(f64::MIN, |v| shortfall(&k.goal, v));
    drawn.sort_by(|a, b| badness(b.1).total_cmp(&badness(a.1)));
    let more = drawn.len().saturating_sub(GROUPS_DRAWN);
    drawn.truncate(GROUPS_DRAWN);
    let community = tr!("community", "社群");
    drawn.insert(0, (community.get(lang), &k.community));
    if drawn.iter().all(|(_, o)| o.series.is_empty()) {
        return;
    }
    out.push_str(&svg(evaluation, k, &drawn));
    out.push_str("<p class=\"legend\">");
    for (i, (name, o)) in drawn.iter().enumerate() {
        let colour = if i == 0 { "#000" } else { COLOURS[(i - 1) % COLOURS.len()] };
        let _ = write!(out, "<span style=\"color:{colour}\">■ {} {}</span>", escape(name), verdict(k, o, lang));
    }
    if more > 0 {
        let _ = write!(
            out,
            "<span>{}</span>",
            tr!("{more} more groups: see --format json", "另有 {more} 个群：见 --format json").get(lang)
        );
    }
    out.push_str("</p>\n");
}

/// A verdict and its value, as a coloured span.
fn verdict(k: &KpiResult, o: &Outcome, lang: Lang) -> String {
    match (o.verdict, o.value) {
        (Verdict::Met, Some(v)) => format!("<span class=\"met\">✓ {}</span>", escape(&shown(k.measure, v))),
        (Verdict::Missed, Some(v)) => format!("<span class=\"missed\">✗ {}</span>", escape(&shown(k.measure, v))),
        _ => format!("<span>– {}</span>", tr!("no data", "无数据").get(lang)),
    }
}

/// The chart: days across, values up; phases shaded, the target dashed, a step line per series.
fn svg(evaluation: &Evaluation, k: &KpiResult, drawn: &[(&str, &Outcome)]) -> String {
    let days = evaluation.days.max(1);
    let target = k.goal.fraction();
    let values = drawn.iter().flat_map(|(_, o)| o.series.iter().map(|(_, v)| *v));
    let (low, high) = values.fold((target.min(0.0), target), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let high = if high > low { high + (high - low) * 0.1 } else { low + 1.0 };
    let x = |day: f64| LEFT + (day - 1.0) / days as f64 * (WIDTH - LEFT - 4.0);
    let y = |v: f64| (HEIGHT - BOTTOM) - (v - low) / (high - low) * (HEIGHT - BOTTOM - 4.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">"
    );
    for (i, (name, from, to)) in evaluation.phases.iter().enumerate() {
        let (x0, x1) = (x(*from as f64), x((*to).min(days) as f64 + 1.0));
        let fill = if i % 2 == 0 { "#f0f0f0" } else { "#e4e4f4" };
        let _ = write!(
            svg,
            "<rect x=\"{x0:.1}\" y=\"0\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"/><text x=\"{:.1}\" y=\"12\" font-size=\"10\">{}</text>",
            (x1 - x0).max(0.0),
            HEIGHT - BOTTOM,
            x0 + 2.0,
            escape(name)
        );
    }
    let ty = y(target);
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" x2=\"{WIDTH}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>\
         <text x=\"2\" y=\"{:.1}\" font-size=\"10\">{}</text><text x=\"2\" y=\"{:.1}\" font-size=\"10\">{}</text>\
         <text x=\"{LEFT}\" y=\"{HEIGHT}\" font-size=\"10\">1</text><text x=\"{:.1}\" y=\"{HEIGHT}\" font-size=\"10\">{days}</text>",
        ty + 4.0,
        escape(&k.target),
        y(high) + 10.0,
        escape(&shown(k.measure, high)),
        WIDTH - 24.0,
    );
    for (i, (_, o)) in drawn.iter().enumerate().rev() {
        let (colour, width) = if i == 0 { ("#000", 2.5) } else { (COLOURS[(i - 1) % COLOURS.len()], 1.2) };
        let mut points = String::new();
        for (n, v) in &o.series {
            let (from, to) = days_of(k.period, *n, days);
            let _ = write!(points, "{:.1},{:.1} {:.1},{:.1} ", x(from as f64), y(*v), x(to as f64 + 1.0), y(*v));
        }
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\" points=\"{}\"/>",
            points.trim_end()
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Text in HTML, in an element or an attribute: escaped as XML is, which HTML reads the same.
fn escape(text: &str) -> String {
    crate::report::xml(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_markup() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;&lt;/script&gt;"
        );
    }
}
