//! `commspec report`: a month of statistics for three staggered groups (tests/data/report/)
//! held against every KPI of `camp.yaml`, each value computed by hand below.
//!
//! The data (tests/data/report/README.md): groups 1, 2, 3 open on 2027-03-01, 03-08 and 03-15
//! for 30 days each.
//! - `member_total` on days 1, 2, 3… is 80, 90, then 100 (group 1), twice that (group 2), half
//!   that (group 3): means over the term 2970 ÷ 30 = 99, 198 and 49.5.
//! - `new_member_cnt` 80 + 10 + 10 = 100 on days 1–3 (×2, ×0.5); `exposure` (channels-bom.csv)
//!   1000, 2000, 1000 a day on days 1–3.
//! - `leave_cnt`: group 1 one and group 2 two on days 7, 14, 21, 28; group 3 five on day 10.
//! - `effective_speakers` 15, 30 (10 on day 12), 6 a day; `msg_total` 120, 300, 40 a day.
//! - shop-gbk.csv, days 28–30 each: orders 10 / 5 / 2, amount ¥1000 / ¥400 / ¥300, buyers
//!   8 / 5 / 2, cost ¥300 / ¥500 / ¥100.

mod common;

use common::{TempDir, commspec, exec};
use serde_json::Value;

const SPEC: &str = "tests/data/report/camp.yaml";
const STATS: [&str; 3] =
    ["tests/data/report/wecom.csv", "tests/data/report/channels-bom.csv", "tests/data/report/shop-gbk.csv"];

fn report(spec: &str, stats: &[&str], extra: &[&str]) -> common::Run {
    let mut args = vec!["report", spec, "--stats"];
    args.extend(stats);
    args.extend(extra);
    exec(commspec(&args))
}

fn json() -> Value {
    let run = report(SPEC, &STATS, &["--format", "json"]);
    assert_eq!(run.code, 1, "a target is missed: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

fn kpi<'a>(json: &'a Value, metric: &str) -> &'a Value {
    json["kpis"].as_array().unwrap().iter().find(|k| k["metric"] == metric).unwrap_or_else(|| panic!("{metric}"))
}

/// (verdict, value, worst period, missed periods) of the community and groups 1, 2, 3.
type Seen = (String, Option<f64>, Option<i64>, u64);

fn outcomes(json: &Value, metric: &str) -> Vec<Seen> {
    let k = kpi(json, metric);
    let one = |o: &Value| {
        let verdict = o["verdict"].as_str().unwrap().to_string();
        (verdict, o["value"].as_f64(), o["worst_period"].as_i64(), o["missed"].as_u64().unwrap())
    };
    std::iter::once(one(&k["community"])).chain(k["groups"].as_array().unwrap().iter().map(one)).collect()
}

/// Asserts the outcomes, values up to rounding.
fn expect(json: &Value, metric: &str, want: &[(&str, Option<f64>, Option<i64>, u64)]) {
    let seen = outcomes(json, metric);
    assert_eq!(seen.len(), want.len(), "{metric}");
    for (i, (s, w)) in seen.iter().zip(want).enumerate() {
        let who = if i == 0 { "community".to_string() } else { format!("group {i}") };
        assert_eq!(s.0, w.0, "{metric}, {who}: verdict");
        match (s.1, w.1) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{metric}, {who}: {a} ≠ {b}"),
            (a, b) => assert_eq!(a, b, "{metric}, {who}: value"),
        }
        assert_eq!((s.2, s.3), (w.2, w.3), "{metric}, {who}: worst period, missed periods");
    }
}

#[test]
fn every_kpi_gets_its_hand_computed_value_and_verdict() {
    let json = json();
    assert_eq!(json["missed"], true);
    // 入群率 >= 3% over the term: 100 ÷ 3000, 200 ÷ 6000, 50 ÷ 3000; community 350 ÷ 12000.
    expect(
        &json,
        "join_rate",
        &[
            ("missed", Some(350.0 / 12000.0), None, 1),
            ("met", Some(100.0 / 3000.0), None, 0),
            ("met", Some(200.0 / 6000.0), None, 0),
            ("missed", Some(50.0 / 3000.0), None, 1),
        ],
    );
    // 退群率 <= 5% a week: week 1 of group 1 = 1 ÷ ((80 + 90 + 5 × 100) ÷ 7); group 3's week 2
    // = 5 ÷ 50. Community week 2 (days 8–14) = (1 + 2 + 5) ÷ (100 + 200 + 50).
    expect(
        &json,
        "leave_rate",
        &[
            ("met", Some(8.0 / 350.0), Some(2), 0),
            ("met", Some(7.0 / 670.0), Some(1), 0),
            ("met", Some(14.0 / 1340.0), Some(1), 0),
            ("missed", Some(0.1), Some(2), 1),
        ],
    );
    // 互动率 >= 10% each day of the check-in phase (days 4–27, 24 days): 15 ÷ 100, group 2's
    // day 12 10 ÷ 200, 6 ÷ 50; community day 12 (15 + 10 + 6) ÷ 350.
    expect(
        &json,
        "interaction_rate",
        &[
            ("missed", Some(31.0 / 350.0), Some(12), 1),
            ("met", Some(0.15), Some(4), 0),
            ("missed", Some(0.05), Some(12), 1),
            ("met", Some(0.12), Some(4), 0),
        ],
    );
    // 消息总量 >= 100 a day: 120, 300, 40 (all 30 days missed); community 460.
    expect(
        &json,
        "messages_total",
        &[
            ("met", Some(460.0), Some(1), 0),
            ("met", Some(120.0), Some(1), 0),
            ("met", Some(300.0), Some(1), 0),
            ("missed", Some(40.0), Some(1), 30),
        ],
    );
    // 人均消息量 >= 1 a day: worst from day 3 on, 120 ÷ 100, 300 ÷ 200, 40 ÷ 50 (group 3 meets
    // it on day 1 only, 40 ÷ 40); community 460 ÷ 350.
    expect(
        &json,
        "messages_per_member",
        &[
            ("met", Some(460.0 / 350.0), Some(3), 0),
            ("met", Some(1.2), Some(3), 0),
            ("met", Some(1.5), Some(3), 0),
            ("missed", Some(0.8), Some(3), 29),
        ],
    );
    // 留存率 cannot be computed from daily group figures: no data, never 0.
    expect(
        &json,
        "retention_rate",
        &[
            ("no_data", None, None, 0),
            ("no_data", None, None, 0),
            ("no_data", None, None, 0),
            ("no_data", None, None, 0),
        ],
    );
    assert!(kpi(&json, "retention_rate")["community"]["no_data"].as_str().unwrap().contains("per-member data"));
    // 转化率 >= 10%: 30 ÷ 99, 15 ÷ 198, 6 ÷ 49.5; community 51 ÷ 346.5.
    expect(
        &json,
        "conversion_rate",
        &[
            ("met", Some(51.0 / 346.5), None, 0),
            ("met", Some(30.0 / 99.0), None, 0),
            ("missed", Some(15.0 / 198.0), None, 1),
            ("met", Some(6.0 / 49.5), None, 0),
        ],
    );
    // 客单价 >= ¥100: 3000 ÷ 24, 1200 ÷ 15, 900 ÷ 6; community 5100 ÷ 45.
    expect(
        &json,
        "aov",
        &[
            ("met", Some(5100.0 / 45.0), None, 0),
            ("met", Some(125.0), None, 0),
            ("missed", Some(80.0), None, 1),
            ("met", Some(150.0), None, 0),
        ],
    );
    // ROI >= 2: 3000 ÷ 900, 1200 ÷ 1500, 900 ÷ 300; community 5100 ÷ 2700.
    expect(
        &json,
        "roi",
        &[
            ("missed", Some(5100.0 / 2700.0), None, 1),
            ("met", Some(3000.0 / 900.0), None, 0),
            ("missed", Some(0.8), None, 1),
            ("met", Some(3.0), None, 0),
        ],
    );
    // 净 ROI >= 50%: (3000 − 900) ÷ 900, (1200 − 1500) ÷ 1500, (900 − 300) ÷ 300; community
    // (5100 − 2700) ÷ 2700.
    expect(
        &json,
        "net_roi",
        &[
            ("met", Some(2400.0 / 2700.0), None, 0),
            ("met", Some(2100.0 / 900.0), None, 0),
            ("missed", Some(-0.2), None, 1),
            ("met", Some(2.0), None, 0),
        ],
    );
    // 日活 >= 8 a day: 15, 10 (day 12), 6 (all 30 days missed); community day 12 15 + 10 + 6.
    expect(
        &json,
        "daily_active",
        &[
            ("met", Some(31.0), Some(12), 0),
            ("met", Some(15.0), Some(1), 0),
            ("met", Some(10.0), Some(12), 0),
            ("missed", Some(6.0), Some(1), 30),
        ],
    );
}

#[test]
fn the_json_report_matches_its_committed_schema() {
    let schema: Value = serde_json::from_str(include_str!("../schemas/report.schema.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let json = json();
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let encodings: Vec<&str> =
        json["files"].as_array().unwrap().iter().map(|f| f["encoding"].as_str().unwrap()).collect();
    assert_eq!(encodings, ["utf-8", "utf-8-bom", "gbk"]);
    let rows: Vec<u64> = json["files"].as_array().unwrap().iter().map(|f| f["rows"].as_u64().unwrap()).collect();
    assert_eq!(rows, [90, 9, 9]);
}

#[test]
fn the_table_shows_each_kpi_with_its_definition_verdict_and_worst_groups() {
    let run = report(SPEC, &STATS, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = |metric: &str| {
        run.stdout.lines().find(|l| l.contains(metric)).unwrap_or_else(|| panic!("{metric}:\n{}", run.stdout))
    };
    let interaction = line("interaction_rate");
    for part in [
        "✗",
        "互动率",
        "当日有效发言的人数 ÷ 群成员总人数 = effective_speakers ÷ mean member_total",
        ">= 10%",
        "day in checkin",
        "✗ 8.9% (day 12; 1 of 24 missed)",
        "读书营2期 5% (day 12; 1 of 24 missed)",
    ] {
        assert!(interaction.contains(part), "`{part}` in {interaction}");
    }
    assert!(line("aov").contains("✓ ¥113.33"), "{}", line("aov"));
    assert!(line("retention_rate").starts_with('–'), "{}", line("retention_rate"));
    assert!(run.stdout.contains("every period with figures meets the target"), "{}", run.stdout);
    assert!(run.stdout.ends_with("10 of 11 KPIs missed by the community or some group\n"), "{}", run.stdout);
    // Chinese: the same table, said in Chinese.
    let zh = report(SPEC, &STATS, &["--lang", "zh"]);
    assert_eq!(zh.code, 1);
    let roi = zh.stdout.lines().find(|l| l.contains("roi")).unwrap();
    assert!(roi.contains("✗ 1.89") && roi.contains("读书营2期 0.8") && roi.contains("整期"), "{roi}");
    assert!(zh.stdout.contains("第 12 天；24 个中 1 个未达标"), "{}", zh.stdout);
    assert!(zh.stdout.contains("每个有数据的周期都达标才算达标"), "{}", zh.stdout);
    // A phase is named as the spec names it (打卡期), not by its id.
    let interaction = zh.stdout.lines().find(|l| l.contains("interaction_rate")).unwrap();
    assert!(interaction.contains("日（打卡期）"), "{interaction}");
}

#[test]
fn markdown_is_a_table_with_escaped_cells() {
    let run = report(SPEC, &STATS, &["--format", "markdown"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.starts_with("### KPIs of `reading-camp`\n\n| "), "{}", run.stdout);
    let rows: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(rows.len(), 2 + 11, "header, rule and one row per KPI:\n{}", run.stdout);
    let cells = |r: &&str| r.matches(" | ").count() + 1;
    assert!(rows.iter().filter(|r| !r.starts_with("|---")).all(|r| cells(r) == 7), "{}", run.stdout);
    // `<` is escaped, so `<= 5%` cannot open an HTML tag.
    let leave = rows.iter().find(|r| r.contains("leave_rate")).unwrap();
    assert!(leave.contains(" &lt;= 5% "), "{leave}");
}

#[test]
fn no_fail_only_reports_and_targets_that_all_hold_exit_0() {
    let run = report(SPEC, &STATS, &["--no-fail"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("10 of 11 KPIs missed"), "{}", run.stdout);
    // Targets every group meets (retention still has no data, which misses nothing).
    let spec = std::fs::read_to_string(SPEC).unwrap();
    let loose = [
        ("join_rate: \">= 3%\"", "join_rate: \">= 1%\""),
        ("leave_rate: \"<= 5%\"", "leave_rate: \"<= 10%\""),
        ("target: \">= 10%\", period: day", "target: \">= 5%\", period: day"),
        ("messages_total: \">= 100\"", "messages_total: \">= 40\""),
        ("messages_per_member: \">= 1\"", "messages_per_member: \">= 0.8\""),
        ("conversion_rate: \">= 10%\"", "conversion_rate: \">= 7%\""),
        ("aov: \">= 100\"", "aov: \">= 80\""),
        ("roi: \">= 2\"", "roi: \">= 0.8\""),
        ("net_roi: \">= 50%\"", "net_roi: \">= -20%\""),
        ("daily_active: \">= 8\"", "daily_active: \">= 6\""),
    ]
    .iter()
    .fold(spec, |s, (from, to)| {
        assert!(s.contains(from), "{from}");
        s.replace(from, to)
    });
    let dir = TempDir::new("report-loose");
    let path = dir.write("camp.yaml", loose);
    let run = report(path.to_str().unwrap(), &STATS, &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.ends_with("every KPI with data holds (11 KPIs)\n"), "{}", run.stdout);
}

#[test]
fn output_is_the_same_every_run() {
    for format in ["human", "markdown", "json"] {
        let first = report(SPEC, &STATS, &["--format", format]);
        let second = report(SPEC, &STATS, &["--format", format]);
        assert_eq!(first.stdout, second.stdout, "{format}");
    }
}

#[test]
fn verbose_says_how_each_file_was_read() {
    let quiet = report(SPEC, &STATS, &[]);
    assert!(!quiet.stderr.contains("read as"), "{}", quiet.stderr);
    let run = report(SPEC, &STATS, &["-v"]);
    assert_eq!(
        run.stderr,
        "note: tests/data/report/wecom.csv: read as UTF-8\n\
         note: tests/data/report/channels-bom.csv: read as UTF-8 (with a byte-order mark)\n\
         note: tests/data/report/shop-gbk.csv: not UTF-8, read as GBK\n"
    );
}

/// The `error:` lines of a run, which must exit 2.
fn errors(stats: &[&str], lang: &str) -> Vec<String> {
    let run = report(SPEC, stats, &["--lang", lang]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "no report on bad input: {}", run.stdout);
    let lead = if lang == "zh" { "错误：" } else { "error: " };
    run.stderr.lines().filter_map(|l| l.strip_prefix(lead)).map(str::to_string).collect()
}

#[test]
fn bad_rows_are_errors_at_their_cells() {
    let file = "tests/data/report/bad-rows.csv";
    assert_eq!(
        errors(&[file], "en"),
        [
            // line 3: the group cell starts after `2027-03-01,` (11 characters)
            format!("{file}:3:12: no group is named `读书营4期`"),
            format!("{file}:4:1: 2027-03-14 is before `读书营3期` opens (2027-03-15)"),
            // the figures start after `2027-03-02,读书营1期,` (17 characters)
            format!("{file}:5:18: `一百` in `member_total` is not a number"),
            format!("{file}:6:22: `-5` in `msg_total` is negative"),
            format!("{file}:7:26: `1.5` in `orders` is not a whole number"),
            format!("{file}:8:22: the `msg_total` cell is empty"),
            format!("{file}:9:1: `2027-3-6` is not a date"),
            format!("{file}:10:26: the row has 5 cells, the header 6"),
            format!("{file}:11:1: 2027-03-31 is after `读书营1期` ends (2027-03-30)"),
        ]
    );
    let run = report(SPEC, &[file], &[]);
    assert!(run.stderr.contains("  help: did you mean `读书营1期`?\n"), "{}", run.stderr);
    assert!(run.stderr.contains("  help: the group's term is 2027-03-15 – 2027-04-13"), "{}", run.stderr);
    let zh = errors(&[file], "zh");
    assert_eq!(zh[0], format!("{file}:3:12: 没有叫 `读书营4期` 的群"));
    assert_eq!(zh[1], format!("{file}:4:1: 2027-03-14 在 `读书营3期` 开群（2027-03-15）之前"));
}

#[test]
fn a_figure_given_twice_points_at_both_rows() {
    // wecom.csv line 10 is 2027-03-08 of group 2: `2027-03-08,读书营2期,160,160,40,` puts
    // msg_total at column 29.
    assert_eq!(
        errors(&["tests/data/report/wecom.csv", "tests/data/report/duplicate.csv"], "en"),
        [
            "tests/data/report/duplicate.csv:2:18: `读书营2期` on 2027-03-08 already has `msg_total` (at tests/data/report/wecom.csv:10:29)"
        ]
    );
}

#[test]
fn headers_are_checked_in_gbk_files_too() {
    // `日期,群名称,` is 7 characters: the unknown header is at column 8, the second `订单数` at 17.
    assert_eq!(
        errors(&["tests/data/report/bad-header-gbk.csv"], "en"),
        [
            "tests/data/report/bad-header-gbk.csv:1:8: unknown column `群消息数`",
            "tests/data/report/bad-header-gbk.csv:1:17: column `订单数` is named twice",
        ]
    );
    let run = report(SPEC, &["tests/data/report/bad-header-gbk.csv"], &[]);
    assert!(run.stderr.contains("help: did you mean `群消息总数`?"), "{}", run.stderr);
    assert_eq!(
        errors(&["tests/data/report/no-date.csv"], "en"),
        [
            "tests/data/report/no-date.csv:1:1: unknown column `day`",
            "tests/data/report/no-date.csv:1:1: the header has no `date` column",
        ]
    );
}

#[test]
fn files_that_are_not_csv_text_or_too_large_are_refused() {
    let dir = TempDir::new("report-files");
    let binary = dir.write("binary.csv", [0xffu8, 0xfe, 0x00, 0x81, 0x20]);
    let empty = dir.write("empty.csv", "");
    let quote = dir.write("quote.csv", "date,group\n\"2027-03-01,1\n");
    let large = dir.join("large.csv");
    // A sparse file one byte past the cap: read up to the cap + 1, never in full.
    std::fs::File::create(&large).unwrap().set_len(64 * 1024 * 1024 + 1).unwrap();
    let shown = |p: &std::path::Path| p.to_str().unwrap().to_string();
    for (file, said) in [
        (shown(&binary), "the file is neither UTF-8 nor GBK text".to_string()),
        (shown(&empty), "the file is empty: it needs a header row".to_string()),
        (format!("{}:2:1", shown(&quote)), "a quoted cell is never closed".to_string()),
        (shown(&large), "the file is larger than 64 MiB".to_string()),
    ] {
        let path = file.split(":2:1").next().unwrap().to_string();
        assert_eq!(errors(&[&path], "en"), [format!("{file}: {said}")]);
    }
    let run = report(SPEC, &[dir.join("missing.csv").to_str().unwrap()], &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.csv: no such file or directory"), "{}", run.stderr);
}

#[test]
fn a_spec_without_a_start_cannot_be_reported_on() {
    let spec =
        std::fs::read_to_string(SPEC).unwrap().replace("  start: 2027-03-01\n", "").replace("  stagger: 7d\n", "");
    let dir = TempDir::new("report-no-start");
    let path = dir.write("camp.yaml", spec);
    let run = report(path.to_str().unwrap(), &STATS, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("the spec has no `lifecycle.start`"), "{}", run.stderr);
}

#[test]
fn hostile_files_are_bounded() {
    let dir = TempDir::new("report-hostile");
    // 1500 rows naming no group: the first 1000 problems are printed, the rest counted.
    let rows: String = (0..1500).map(|_| "2027-03-01,nobody\n").collect();
    let many = dir.write("many.csv", format!("date,group\n{rows}"));
    let run = report(SPEC, &[many.to_str().unwrap()], &[]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().filter(|l| l.starts_with("error: ")).count(), 1000);
    assert!(run.stderr.ends_with("note: … and 500 more problems\n"), "{}", &run.stderr[run.stderr.len() - 200..]);
    // A header of a million commas stops at the 257th cell instead of holding a million: cells
    // 1 and 2 are `date` and `group` (columns 1–10), cell k ≥ 3 starts at column k + 9.
    let commas = dir.write("commas.csv", format!("date,group{}\n", ",".repeat(1_000_000)));
    let shown = commas.to_str().unwrap();
    assert_eq!(errors(&[shown], "en"), [format!("{shown}:1:266: the row has more than 256 cells")]);
}

#[test]
fn the_html_page_is_self_contained_and_escapes_every_text() {
    let dir = TempDir::new("report-html");
    let page = dir.join("report.html");
    let run = report(SPEC, &STATS, &["--html", page.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!doctype html>") && html.ends_with("</html>\n"));
    // One chart per KPI with figures (留存率 has none), each with the three phases shaded.
    assert_eq!(html.matches("<svg").count(), 10);
    assert_eq!(html.matches(">打卡期</text>").count(), 10);
    for forbidden in ["<script", "<link", "<img", "<iframe", "url("] {
        assert!(!html.contains(forbidden), "`{forbidden}` in the page");
    }
    let svg_namespaces = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(html.matches("http").count(), svg_namespaces, "no address but the SVG namespace");
    assert!(html.contains("target &gt;= 3%"), "the target is escaped");
    let again = dir.join("again.html");
    report(SPEC, &STATS, &["--html", again.to_str().unwrap()]);
    assert_eq!(html, std::fs::read_to_string(&again).unwrap(), "the same page every run");
    // A group name with markup in it stays text.
    let spec = std::fs::read_to_string(SPEC).unwrap().replace("读书营{{ n }}期", "<b>读书营{{ n }}期</b>");
    let marked = dir.write("marked.yaml", spec);
    let stats = dir.write("keys.csv", "date,group,msg_total\n2027-03-01,1,120\n2027-03-08,2,90\n");
    let run = report(marked.to_str().unwrap(), &[stats.to_str().unwrap()], &["--html", page.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("&lt;b&gt;读书营2期&lt;/b&gt;") && !html.contains("<b>"), "{html}");
}

#[cfg(unix)]
#[test]
fn the_html_page_replaces_a_planted_link_and_never_an_input_or_a_folder() {
    let dir = TempDir::new("report-html-hostile");
    let victim = dir.write("victim.txt", "keep me");
    let page = dir.join("page.html");
    std::os::unix::fs::symlink(&victim, &page).unwrap();
    let run = report(SPEC, &STATS, &["--html", page.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me", "the link's target is untouched");
    assert!(std::fs::symlink_metadata(&page).unwrap().is_file(), "the link is replaced by the page");
    let leftovers: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no temporary file left: {leftovers:?}");
    // A folder, or a link to an input, is refused before anything is read or written.
    let folder = dir.join("folder");
    std::fs::create_dir(&folder).unwrap();
    let run = report(SPEC, &STATS, &["--html", folder.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a file (a folder, pipe or device)"), "{}", run.stderr);
    let link = dir.join("link.html");
    std::os::unix::fs::symlink(std::fs::canonicalize(STATS[0]).unwrap(), &link).unwrap();
    let run = report(SPEC, &STATS, &["--html", link.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is one of the inputs"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}
