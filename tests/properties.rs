//! Property tests (bounded): generated valid specs check clean and build deterministically;
//! mutations of the examples never panic and every span lies inside the text on a char
//! boundary.

use std::fmt::Write as _;

use commspec::build::render_all;
use commspec::check::{Options, check, check_with};
use commspec::plan::plan;
use commspec::render::Artifacts;
use proptest::prelude::*;

/// The parameters a generated spec varies.
#[derive(Debug, Clone)]
struct Params {
    kind: usize,
    term: Option<u32>,
    start_day: u32,
    capacity: u32,
    count: u32,
    cities: usize,
    staff: usize,
    gate: usize,
    extra_steps: Vec<(u32, u32, usize)>,
    name_suffix: String,
}

const TYPES: [&str; 8] = ["lead", "welfare", "flash", "course", "member", "content", "resource", "service"];
const CITIES: [&str; 3] = ["成都", "重庆", "西安"];

fn params() -> impl Strategy<Value = Params> {
    (
        0..TYPES.len(),
        prop::option::of(3u32..60),
        0u32..300,
        40u32..200,
        1u32..4,
        1usize..=3,
        1usize..4,
        0usize..5,
        prop::collection::vec((1u32..60, 0u32..24, 0usize..3), 0..4),
        "[a-z\u{4e00}-\u{4e20}]{0,6}",
    )
        .prop_map(|(kind, term, start_day, capacity, count, cities, staff, gate, extra_steps, name_suffix)| {
            Params {
                kind,
                // Flash groups run a week at most.
                term: if TYPES[kind] == "flash" { Some(term.unwrap_or(3).min(7)) } else { term },
                start_day,
                capacity,
                count,
                cities,
                staff,
                gate,
                extra_steps,
                name_suffix,
            }
        })
}

/// A spec that must pass `check` with no diagnostics at all.
fn spec(p: &Params) -> String {
    let last = p.term.unwrap_or(28);
    let start = 20_000 + p.start_day; // days since 1970: a date in 2024–2025
    let start = date(start);
    let active = (p.capacity / 8).max(3); // 12.5%, within the craft's 10–15%
    let groups = p.cities as u32 * p.count;
    let cities: Vec<&str> = CITIES[..p.cities].to_vec();
    let gate = match p.gate {
        0 => "{ type: price, amount: 99 }".to_string(),
        1 => "{ type: identity, requirement: 学生家长, verify: survey }".to_string(),
        2 => "{ type: action, action: 转发海报, proof: 截图 }".to_string(),
        3 => "{ type: invite, by: owner }".to_string(),
        _ => "{ type: referral, referrers: 2 }".to_string(),
    };
    let (term, on_end) = match p.term {
        Some(t) => (format!("{t}d"), "\n  on_end: dissolve".to_string()),
        None => ("ongoing".to_string(), String::new()),
    };
    let staff: Vec<String> = (0..p.staff).map(|i| format!("s{i}")).collect();
    let max_groups = groups.div_ceil(p.staff as u32).max(1);
    let mut sop = String::new();
    // At most three group messages a day: one daily, one end notice, one more below.
    let _ = writeln!(
        sop,
        "    - {{ id: daily, title: 每日话题, when: {{ every: day, at: \"09:00\" }}, channel: group, role: owner, message: \"第{{{{ day }}}}天，{{{{ group.name }}}}的话题\" }}"
    );
    if p.term.is_some() {
        let _ = writeln!(
            sop,
            "    - {{ id: bye, title: 结束通知, when: {{ before_end: 1d, at: \"20:00\" }}, channel: announcement, role: owner }}"
        );
        if last >= 2 {
            let _ = writeln!(
                sop,
                "    - {{ id: bye-group, title: 告别, when: {{ before_end: 0d, at: \"21:00\" }}, channel: group, role: owner }}"
            );
        }
    }
    for (i, (day, hour, channel)) in p.extra_steps.iter().enumerate() {
        let channel = ["private", "moments", "announcement"][*channel];
        let day = 1 + day % last;
        let _ = writeln!(
            sop,
            "    - {{ id: extra-{i}, title: 步骤{i}, when: {{ day: {day}, at: \"{hour:02}:30\" }}, channel: {channel}, role: admin, message: \"{{{{ step.title }}}}：{{{{ date }}}}\" }}"
        );
    }
    let _ = writeln!(
        sop,
        "    - {{ id: hello, title: 问候, when: {{ after_join: 10m }}, channel: private, role: admin, message: 你好 }}"
    );
    format!(
        r#"commspec: 1
community:
  id: gen-{kind}
  name: 生成社群{suffix}
  type: {kind}
  goal: sales
  slogan: 一起进步
lifecycle:
  start: {start}
  term: {term}{on_end}
groups:
  capacity: {capacity}
  active_target: {active}
  name: "{{{{ city }}}}生成{suffix}{{{{ n }}}}群"
  count: {count}
  matrix:
    city: [{cities}]
rights:
  content: [每周直播]
gates:
  - {gate}
admission:
  methods: [invite]
  channels: [{{ id: poster, tag: 来源/海报 }}]
roles:
  - {{ id: owner, type: owner, title: 王老师, staff: [{staff}], max_groups: {max_groups} }}
  - {{ id: admin, type: admin, staff: [helper], duties: [答疑] }}
rules:
  welcome: "欢迎{{{{ nickname }}}}加入{{{{ group.name }}}}"
  conduct:
    - {{ id: no-ads, title: 禁止广告, forbid: [ads], penalty: [warn, kick] }}
content:
  sop:
{sop}tags:
  - {{ group: 来源, tags: [海报] }}
monetization:
  offers: [{{ name: 体验课, price: 9.9, tier: entry }}]
"#,
        kind = TYPES[p.kind],
        suffix = p.name_suffix,
        capacity = p.capacity,
        count = p.count,
        cities = cities.join(", "),
        staff = staff.join(", "),
    )
}

fn date(days: u32) -> String {
    commspec::spec::Date::from_days(i64::from(days)).expect("a date in years 1–9999").to_string()
}

fn spans_are_sound(text: &str, outcome: &commspec::check::Outcome) {
    for d in &outcome.diagnostics {
        for r in std::iter::once(&d.span).chain(d.related.iter().map(|(r, _)| r)) {
            assert!(r.start <= r.end && r.end <= text.len(), "{} span {r:?} outside {} bytes", d.rule, text.len());
            assert!(
                text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                "{} span {r:?} splits a char",
                d.rule
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn generated_specs_check_clean_and_build_deterministically(p in params()) {
        let text = spec(&p);
        let outcome = check(&text, &Options::default());
        let found: Vec<String> = outcome.diagnostics.iter().map(|d| format!("{}: {}", d.rule, d.message.en())).collect();
        prop_assert!(found.is_empty(), "{found:#?}\n{text}");
        let templates = Artifacts::new(None);
        let build = || {
            let outcome = check_with(&text, &Options::default(), Some(&templates));
            let (loaded, analysis) = outcome.checked.expect("checked");
            render_all(&text, &loaded, &analysis, &plan(&loaded.spec, &analysis), &templates).expect("renders")
        };
        let (a, b) = (build(), build());
        prop_assert!(a == b, "two builds differ");
        // The community's 6 files (plan.json, README.md, setup.md, sop.csv, sop.xlsx,
        // roster.csv), 6 per group, and each person's agenda and calendar.
        let people = a.iter().filter(|f| f.path.starts_with("people/")).count();
        prop_assert!(a.len() - people == 6 + 6 * (p.cities * p.count as usize));
        prop_assert!(people == 2 * (p.staff + 1), "{people} files under people/");
    }
}

/// The examples, as mutation seeds.
fn examples() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect()
}

/// A mutation: what to do at a relative position of the text.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(f64, usize),
    Insert(f64, String),
    DuplicateLine(f64),
    SwapLines(f64, f64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens = prop::sample::select(vec![
        ":",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "\"",
        "'",
        "&a ",
        "*a",
        "<<: *a\n",
        "\t",
        "\n  ",
        "{{",
        "}}",
        "{%",
        "! ",
        "? ",
        "#",
        "| \n",
        "~",
        "null",
        "1e999",
        "-1",
        "9999999999999999999999",
        "成都",
        "\u{feff}",
    ]);
    prop_oneof![
        (0.0..1.0f64, 1usize..40).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (0.0..1.0f64, tokens).prop_map(|(at, t)| Mutation::Insert(at, t.to_string())),
        (0.0..1.0f64, "[ -~\u{4e00}-\u{4e10}]{1,12}").prop_map(|(at, t)| Mutation::Insert(at, t)),
        (0.0..1.0f64).prop_map(Mutation::DuplicateLine),
        (0.0..1.0f64, 0.0..1.0f64).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let at = |f: f64| {
        let mut i = ((text.len() as f64) * f) as usize;
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match m {
        Mutation::Delete(f, n) => {
            let start = at(*f);
            let mut end = (start + n).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            format!("{}{}", &text[..start], &text[end..])
        }
        Mutation::Insert(f, t) => {
            let i = at(*f);
            format!("{}{t}{}", &text[..i], &text[i..])
        }
        Mutation::DuplicateLine(f) => {
            let mut lines: Vec<&str> = text.lines().collect();
            let i = ((lines.len() as f64) * f) as usize % lines.len().max(1);
            if let Some(l) = lines.get(i).copied() {
                lines.insert(i, l);
            }
            lines.join("\n")
        }
        Mutation::SwapLines(a, b) => {
            let mut lines: Vec<&str> = text.lines().collect();
            let n = lines.len().max(1);
            lines.swap(((n as f64) * a) as usize % n, ((n as f64) * b) as usize % n);
            lines.join("\n")
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, max_shrink_iters: 300, ..ProptestConfig::default() })]

    #[test]
    fn mutated_examples_never_panic_and_spans_are_sound(
        which in 0usize..8,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let seeds = examples();
        let mut text = seeds[which % seeds.len()].clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        let outcome = check(&text, &Options::default());
        spans_are_sound(&text, &outcome);
    }
}
