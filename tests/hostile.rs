//! Hostile and odd input, end to end: every case must exit 1 (a finding, not a usage error,
//! not a crash or a signal) with a located diagnostic, and quickly; the valid odd cases
//! (anchors, merge keys, a BOM, CRLF) must pass. Each case runs in its own process under a
//! time limit (see `common::exec`).

mod common;

use std::path::{Path, PathBuf};

use common::{TempDir, base, base_with, check_json, commspec, line_of};
use serde_json::Value;

/// Checks `contents` as one file; returns the run and the JSON diagnostics.
fn check(name: &str, contents: impl AsRef<[u8]>) -> (common::Run, Vec<Value>) {
    let dir = TempDir::new("hostile");
    let path: PathBuf = dir.write(name, contents);
    let run = check_json(&path, &[]);
    let items = run.json();
    (run, items)
}

/// Asserts the case fails with exit 1 and its first diagnostic is `rule` at `line`
/// (and `column`, if given); returns the diagnostics.
#[track_caller]
fn expect(contents: impl AsRef<[u8]>, rule: &str, line: usize, column: Option<usize>) -> Vec<Value> {
    let (run, items) = check("case.yaml", contents);
    assert_eq!(run.code, 1, "exit status; stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    assert!(!items.is_empty(), "no diagnostics");
    let first = &items[0];
    assert_eq!(first["rule"], rule, "{first}");
    assert_eq!(first["line"], line, "{first}");
    if let Some(c) = column {
        assert_eq!(first["column"], c, "{first}");
    }
    assert!(first["message"].as_str().is_some_and(|m| !m.is_empty()));
    items
}

/// Asserts a valid case passes with no diagnostics at all.
#[track_caller]
fn expect_clean(contents: impl AsRef<[u8]>) {
    let (run, items) = check("case.yaml", contents);
    assert_eq!((run.code, items.len()), (0, 0), "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
}

fn message(items: &[Value]) -> &str {
    items[0]["message"].as_str().unwrap()
}

// ── YAML syntax and structure ─────────────────────────────────────────────

#[test]
fn syntax_error() {
    let text = base_with("  name: 演示社群", "  name: \"演示社群");
    // The unclosed quote runs to the next `"`; the parser stops inside the file, not at 1:1.
    let items = expect(&text, "yaml-syntax", line_of(&text, "name: \"演示社群"), None);
    assert!(!message(&items).contains(" at byte "), "{items:?}");
    let text = base_with("  theme: 福利", "  theme: [福利");
    expect(&text, "yaml-syntax", line_of(&text, "[福利"), Some(10));
}

#[test]
fn tab_indentation() {
    let text = base_with("  id: demo", "\tid: demo");
    let items = expect(&text, "yaml-syntax", line_of(&text, "\tid: demo"), Some(1));
    assert!(items[0]["help"].as_str().unwrap().contains("spaces"), "{items:?}");
}

#[test]
fn non_utf8_bytes() {
    let text = base_with("  slogan: 每周一次福利", "  slogan: 每周@福利");
    let mut bytes = text.into_bytes();
    let at = bytes.iter().position(|b| *b == b'@').unwrap();
    bytes[at] = 0xff;
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let items = expect(&bytes, "yaml-syntax", line, Some(13));
    assert!(message(&items).contains("UTF-8"), "{items:?}");
    // UTF-16 (with its BOM) is not UTF-8 either: line 1.
    let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain(base().encode_utf16().flat_map(u16::to_le_bytes)).collect();
    expect(utf16, "yaml-syntax", 1, Some(1));
}

#[test]
fn empty_and_comment_only_files() {
    for text in ["", "\n\n", "# nothing here\n# at all\n", "---\n", "--- # c\n...\n", "   \n"] {
        let items = expect(text, "missing-field", 1, Some(1));
        let m = message(&items);
        assert!(m.contains("empty") || m.contains("no content"), "{text:?}: {items:?}");
    }
}

#[test]
fn a_document_that_is_not_a_mapping() {
    for text in ["- commspec: 1\n- b\n", "just text\n", "42\n", "[commspec, 1]\n", "~\n"] {
        let items = expect(text, "wrong-type", 1, Some(1));
        assert!(message(&items).contains("mapping"), "{text:?}: {items:?}");
    }
}

#[test]
fn several_documents() {
    let text = format!("{}---\n{}", base(), base());
    let second = base().lines().count() + 1;
    let items = expect(&text, "yaml-structure", second, Some(1));
    assert!(message(&items).contains("document"), "{items:?}");
}

#[test]
fn duplicate_keys() {
    let text = base_with("  name: 演示社群\n", "  name: 演示社群\n  name: 又一个\n");
    let items = expect(&text, "yaml-structure", line_of(&text, "name: 又一个"), Some(3));
    assert!(message(&items).contains("duplicate key `name`"), "{items:?}");
    // Top level too.
    let text = format!("{}commspec: 1\n", base());
    expect(&text, "yaml-structure", text.lines().count(), Some(1));
}

#[test]
fn billion_laughs() {
    let mut text = String::from("commspec: 1\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for n in 1..10 {
        text += &format!("a{n}: &a{n} [{}]\n", vec![format!("*a{}", n - 1); 9].join(", "));
    }
    // Stopped at the first alias that would copy past the budget, long before expansion.
    let items = expect(&text, "input-limit", line_of(&text, "a5: &a5"), Some(10));
    assert!(message(&items).contains("aliases expand"), "{items:?}");
}

#[test]
fn anchors_nested_in_anchored_nodes() {
    // Thirty anchored levels around 100,000 items: every level is copied once for its
    // aliases, 3 million nodes from a 200 KB file. Stopped where the copies pass the budget.
    let mut nested = format!("[{}]", vec!["1"; 100_000].join(","));
    for n in 0..30 {
        nested = format!("&a{n} [{nested}]");
    }
    let text = format!("{}extra: {nested}\n", base());
    let items = expect(&text, "input-limit", line_of(&text, "extra:"), None);
    assert!(message(&items).contains("anchored nodes hold more than 1000000 nodes"), "{items:?}");
}

#[test]
fn too_many_aliases_and_recursive_aliases() {
    let text = format!("commspec: 1\nx: &x 1\nall: [{}]\n", vec!["*x"; 5000].join(", "));
    expect(&text, "input-limit", 3, None);
    let text = "commspec: 1\nx: &x [a, *x]\n";
    let items = expect(text, "yaml-structure", 2, Some(11));
    assert!(message(&items).contains("`*x`"), "{items:?}");
}

#[test]
fn deep_flow_nesting() {
    for open in ["[", "{a: "] {
        let text = format!("commspec: 1\nx: {}\n", open.repeat(100_000));
        let items = expect(&text, "input-limit", 2, None);
        assert!(message(&items).contains("nesting deeper than"), "{items:?}");
    }
}

#[test]
fn deep_block_nesting() {
    // `- - - - …`: 100 000 levels on one line.
    let text = format!("commspec: 1\nx:\n{}a\n", "- ".repeat(100_000));
    let items = expect(&text, "input-limit", 3, None);
    assert!(message(&items).contains("nesting deeper than 64"), "{items:?}");
    // Indented mappings: each level one space deeper. 100 000 levels would be 5 GB of
    // indentation (past the 4 MiB cap); 2 000 levels are 2 MB and still must stop at 64.
    let mut text = String::from("commspec: 1\n");
    for depth in 0..2_000 {
        text += &format!("{}k{depth}:\n", " ".repeat(depth));
    }
    // Stopped at the first mapping past 64 levels: the one holding `k64`.
    let items = expect(&text, "input-limit", line_of(&text, "k64:"), Some(65));
    assert!(message(&items).contains("nesting deeper than 64"), "{items:?}");
    // Block sequences, one level per line.
    let mut text = String::from("commspec: 1\nx:\n");
    for depth in 0..2_000 {
        text += &format!("{}-\n", " ".repeat(depth));
    }
    expect(&text, "input-limit", 3 + 63, Some(64));
}

#[test]
fn a_30_mb_scalar_is_past_the_file_limit() {
    let text = format!("commspec: 1\nx: {}\n", "a".repeat(30 << 20));
    let items = expect(&text, "input-limit", 1, Some(1));
    assert!(message(&items).contains("4 MiB"), "{items:?}");
}

#[test]
fn a_3_mb_scalar_in_a_valid_spec_just_works() {
    // In a field with no length rule: no problems.
    let text = base_with("  theme: 福利", &format!("  theme: 福利\n  vision: {}", "a".repeat(3 << 20)));
    let (run, items) = check("case.yaml", &text);
    assert_eq!((run.code, items.len()), (0, 0), "{}", run.stdout);
    // In the slogan, which goes into the announcement: the normal length warning.
    let text = base_with("  slogan: 每周一次福利", &format!("  slogan: {}", "长".repeat(1 << 20)));
    let (run, items) = check("case.yaml", &text);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let rules: Vec<_> = items.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["announcement-too-long"]);
}

// ── Anchors, aliases and merge keys in valid specs ─────────────────────────

/// The base spec with roles sharing `staff` and two SOP steps sharing `when`, via aliases.
fn aliased(at: &str) -> String {
    base()
        .replacen("    staff: [wang, li]", "    staff: &people [wang, li]", 1)
        .replacen("    staff: [zhao, qian]", "    staff: *people", 1)
        .replacen("when: {day: 1, at: \"09:00\"}", &format!("when: &morning {{day: 1, at: \"{at}\"}}"), 1)
        .replacen(
            "      message: 本群明天解散\n",
            "      message: 本群明天解散\n    - id: pin\n      title: 置顶\n      when: *morning\n      channel: announcement\n      role: owner\n      message: 群规见公告\n",
            1,
        )
}

#[test]
fn anchors_and_aliases_in_a_valid_spec() {
    let text = aliased("09:00");
    assert!(text.contains("*people") && text.contains("when: *morning"));
    expect_clean(&text);
}

#[test]
fn a_problem_in_an_aliased_node_points_at_the_anchor() {
    let text = aliased("25:00");
    let items = expect(&text, "invalid-value", line_of(&text, "&morning"), None);
    // Reported for both steps that use it, both at the anchor's text.
    let at = text[text.find("&morning").unwrap()..].find("\"25:00\"").unwrap() + text.find("&morning").unwrap();
    let column = text[text[..at].rfind('\n').unwrap() + 1..at].chars().count() + 1;
    assert_eq!(items.len(), 2, "{items:?}");
    for d in &items {
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line_of(&text, "&morning") as u64), Some(column as u64))
        );
    }
    let messages: Vec<_> = items.iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert!(messages[0].contains("sop[0]") && messages[1].contains("sop[2]"), "{messages:?}");
}

/// The base spec whose second SOP step merges the first one's fields with `<<: *defaults`.
fn merged(channel: &str) -> String {
    base_with(
        "    - id: hello\n      title: 开群问候\n      when: {day: 1, at: \"09:00\"}\n      channel: group\n",
        &format!("    - &defaults\n      id: hello\n      title: 开群问候\n      when: {{day: 1, at: \"09:00\"}}\n      channel: {channel}\n"),
    )
    .replacen(
        "      when: {before_end: 1d, at: \"10:00\"}\n      channel: group\n",
        "      <<: *defaults\n      when: {before_end: 1d, at: \"10:00\"}\n",
        1,
    )
}

#[test]
fn merge_keys_in_a_valid_spec() {
    let text = merged("group");
    assert!(text.contains("<<: *defaults"));
    expect_clean(&text);
}

#[test]
fn a_problem_in_merged_content_points_at_the_anchor() {
    let text = merged("grop");
    let line = line_of(&text, "channel: grop");
    let items = expect(&text, "invalid-value", line, Some(16));
    assert!(items.iter().all(|d| d["line"] == line), "{items:?}");
    assert!(items[0]["help"].as_str().unwrap().contains("did you mean `group`"), "{items:?}");
}

// ── Templates ──────────────────────────────────────────────────────────────

fn with_message(template: &str) -> String {
    base_with("      message: 本群明天解散", &format!("      message: \"{template}\""))
}

#[test]
fn a_template_that_loops_forever() {
    let text = with_message("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}");
    expect(&text, "template-error", line_of(&text, "{% for i"), None);
}

#[test]
fn a_template_line_too_long_for_minijinja() {
    // Found by fuzzing: minijinja's column count is 16 bits, and an unclosed raw block past
    // column 65,535 overflowed it. Reported at the first character past the limit.
    let text = with_message(&format!("{}{{% raw %}}", "好".repeat(70_000)));
    let column = "      message: \"".len() + 60_000 + 1;
    let items = expect(&text, "template-error", line_of(&text, "好好"), Some(column));
    assert!(message(&items).contains("longer than 60000 characters"), "{items:?}");
}

#[test]
fn a_recursive_macro() {
    let text = with_message("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}");
    let items = expect(&text, "template-error", line_of(&text, "{% macro"), None);
    assert!(message(&items).contains("recursion"), "{items:?}");
}

#[test]
fn a_template_with_huge_output() {
    let text = with_message("{{ 'x' * 100000000 }}");
    expect(&text, "template-error", line_of(&text, "'x' * 100000000"), None);
    // Output that grows by concatenation in a loop is stopped too.
    let text = with_message(
        "{% set s = namespace(v='x') %}{% for i in range(60) %}{% set s.v = s.v ~ s.v %}{% endfor %}{{ s.v }}",
    );
    expect(&text, "template-error", line_of(&text, "namespace"), None);
}

#[test]
fn an_id_with_a_dash_read_as_a_minus_gets_its_subscript() {
    // `roles.help-desk.title` is `roles.help - desk.title` to minijinja.
    let dashed = |template: &str| {
        let text = with_message(template).replacen("- id: helper", "- id: help-desk", 1);
        text.replacen("role: helper", "role: help-desk", 1)
    };
    for (template, written, meant) in [
        ("{{ roles.help-desk.title }}", "roles.help-desk.title", r#"roles["help-desk"].title"#),
        ("明天见，{{ roles.help-desk }}", "roles.help-desk", r#"roles["help-desk"]"#),
    ] {
        let text = dashed(template);
        let line = line_of(&text, written);
        let on_line = text.lines().nth(line - 1).unwrap();
        let column = on_line[..on_line.find(written).unwrap()].chars().count() + 1;
        let items = expect(&text, "template-undefined", line, Some(column));
        assert_eq!(message(&items), format!("template uses undefined name `{written}`"));
        let help = format!("templates read the `-` in `{written}` as a minus: write `{meant}` to reach `help-desk`");
        assert_eq!(items[0]["help"], help, "{items:?}");
        let dir = TempDir::new("dashed");
        let zh = check_json(&dir.write("case.yaml", &text), &["--lang", "zh"]).json();
        let help = format!("模板会把 `{written}` 中的 `-` 当作减号：要取 `help-desk`，请写成 `{meant}`");
        assert_eq!(zh[0]["help"], help, "{zh:?}");
    }
    // Written as the subscript, it renders.
    expect_clean(dashed(r#"{{ roles['help-desk'].title }}"#));
}

/// A list nested in itself forty times: a few hundred fuel builds 2^40 leaves, which `~`
/// then walks in one instruction that no fuel counts. The watchdog stops it.
const NESTED_FORTY_TIMES: &str =
    "{% set ns = namespace(a=[1]) %}{% for i in range(40) %}{% set ns.a = [ns.a, ns.a] %}{% endfor %}{{ ns.a ~ '' }}";

/// A spec whose SOP message is [`NESTED_FORTY_TIMES`], in a folder of its own: the folder, the
/// text and its path.
fn runaway() -> (TempDir, String, PathBuf) {
    let dir = TempDir::new("runaway");
    let text = with_message(NESTED_FORTY_TIMES);
    let path = dir.write("runaway.yaml", &text);
    (dir, text, path)
}

/// Runs `commspec ARGS` with the watchdog's limits lowered through the environment.
fn with_limits(args: &[&str], files: &[&Path], limits: &[(&str, &str)]) -> common::Run {
    let mut cmd = commspec(args);
    cmd.args(files).envs(limits.iter().copied()).env_remove("GITHUB_ACTIONS");
    common::exec(cmd)
}

/// The size of the work a stop names for a spec like `tests/data/base.yaml` of `bytes` bytes.
fn work_of_base(bytes: usize) -> String {
    let outcome = commspec::check::check(&base(), &commspec::check::Options::default());
    let (_, analysis) = outcome.checked.expect("tests/data/base.yaml is clean");
    let (groups, tasks) = (analysis.groups.len(), analysis.schedule.tasks.len());
    assert!(groups > 1 && tasks > 1, "plural words below");
    format!("it is {} KiB and plans {groups} groups with {tasks} dated tasks each", bytes.div_ceil(1024))
}

#[test]
fn work_no_fuel_counts_is_stopped_at_the_time_limit() {
    for template in [
        NESTED_FORTY_TIMES,
        // Compared leaf by leaf, without allocating.
        "{% set ns = namespace(a=[1], b=[1]) %}{% for i in range(40) %}{% set ns.a = [ns.a, ns.a] %}\
         {% set ns.b = [ns.b, ns.b] %}{% endfor %}{{ ns.a == ns.b }}",
        // Added to itself: a lazy list of 2^40 items whose length is summed item by item.
        "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = ns.l + ns.l %}{% endfor %}\
         {{ ns.l|length }}",
    ] {
        let dir = TempDir::new("hostile");
        let text = with_message(template);
        let path = dir.write("runaway.yaml", &text);
        let run = with_limits(&["check", "--format", "json"], &[&path], &[("COMMSPEC_SPEC_SECONDS_MAX", "1")]);
        assert_eq!(run.code, 1, "{template}: {}", run.stderr);
        let items = run.json();
        assert_eq!(items.len(), 1, "{items:?}");
        let d = &items[0];
        assert_eq!((d["rule"].as_str(), d["file"].as_str()), (Some("resource-limit"), path.to_str()), "{d}");
        // At the template being rendered.
        assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(line_of(&text, "{% set") as u64), Some(16)));
        let expected = format!(
            "commspec stopped: this spec took more than the limit of 1 s of processor time; {}",
            work_of_base(text.len())
        );
        assert_eq!(d["message"], expected.as_str());
        let help = d["help"].as_str().unwrap_or_default();
        assert!(help.contains("`COMMSPEC_SPEC_SECONDS_MAX`, never raised") && !help.contains("probably"), "{help}");
        assert!(run.stderr.is_empty(), "{}", run.stderr);
    }
}

#[test]
fn memory_past_the_limit_stops_commspec() {
    // Any check exceeds a limit of 1 MiB; this one runs long enough for the watchdog to look.
    let (_dir, _, path) = runaway();
    let run = with_limits(&["check", "--format", "json"], &[&path], &[("COMMSPEC_MEMORY_MIB_MAX", "1")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let items = run.json();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!((items[0]["rule"].as_str(), items[0]["file"].as_str()), (Some("resource-limit"), path.to_str()));
    // Where the work was when the watchdog looked (loading, planning or rendering) varies; the
    // bound does not.
    let expected = "commspec stopped: the process held more than the limit of 1 MiB of memory while working on \
                    this spec; it is 2 KiB";
    assert!(message(&items).starts_with(expected), "{items:?}");
}

/// A stop is reported in the chosen format after the files finished before it, and every
/// machine format stays a valid document: CI gets its report.
#[test]
fn a_stop_is_reported_in_every_format() {
    let (_dir, text, runaway) = runaway();
    let name = runaway.display().to_string();
    let before = Path::new("tests/fixtures/no-slogan.yaml");
    let (line, column) = (line_of(&text, "{% set"), 16);
    let limit = [("COMMSPEC_SPEC_SECONDS_MAX", "1")];
    for format in ["json", "sarif", "junit", "short", "github", "human"] {
        let run = with_limits(&["check", "--format", format], &[before, &runaway], &limit);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        let out = &run.stdout;
        match format {
            "json" => {
                let items = run.json();
                let found: Vec<(&str, &str)> =
                    items.iter().map(|d| (d["rule"].as_str().unwrap(), d["file"].as_str().unwrap())).collect();
                assert_eq!(found, [("no-slogan", "tests/fixtures/no-slogan.yaml"), ("resource-limit", name.as_str())]);
            }
            "sarif" => {
                let log: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}:\n{out}"));
                let errors = common::sarif_schema_errors(&log);
                assert!(errors.is_empty(), "{errors:#?}");
                let results = log["runs"][0]["results"].as_array().unwrap();
                let found: Vec<(&str, &str)> = results
                    .iter()
                    .map(|r| {
                        let uri = &r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
                        (r["ruleId"].as_str().unwrap(), uri.as_str().unwrap())
                    })
                    .collect();
                let uri = format!("file://{name}");
                assert_eq!(found, [("no-slogan", "tests/fixtures/no-slogan.yaml"), ("resource-limit", uri.as_str())]);
                let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
                assert!(rules.iter().any(|r| r["id"] == "resource-limit" && r["help"]["text"] != ""), "{rules:?}");
            }
            "junit" => {
                let elements = common::xml_elements(out);
                assert_eq!(elements.iter().filter(|e| *e == "testsuite").count(), 2, "{out}");
                assert!(out.contains("<testsuite name=\"tests/fixtures/no-slogan.yaml\""), "{out}");
                let case = format!("<testcase name=\"resource-limit {line}:{column}\" classname=\"{name}\">");
                assert!(out.contains(&case), "{out}");
            }
            "short" | "github" => {
                let (first, stop) = match format {
                    "short" => {
                        ("tests/fixtures/no-slogan.yaml:", format!("{name}:{line}:{column}: error[resource-limit]: "))
                    }
                    _ => (
                        "::warning file=tests/fixtures/no-slogan.yaml,",
                        format!("::error file={name},line={line},col={column},"),
                    ),
                };
                let lines: Vec<&str> = out.lines().collect();
                assert!(lines.len() == 2 && lines[0].starts_with(first) && lines[1].starts_with(&stop), "{out}");
                assert!(lines[1].contains("resource-limit") && lines[1].contains("commspec stopped: this spec took"));
            }
            _ => {
                assert!(out.contains("no-slogan\n") && out.contains("resource-limit\n"), "{out}");
                assert!(out.contains(&format!("╭─[{name}:{line}:{column}]")), "{out}");
                assert!(out.contains("commspec was rendering this template when it stopped"), "{out}");
                assert!(out.ends_with("commspec: 1 error and 1 warning in 2 of 2 files checked\n"), "{out}");
            }
        }
        assert!(run.stderr.is_empty(), "{format}: {}", run.stderr);
    }
}

/// `build` and `render` report a stop in their human report on standard error; `build`
/// writes nothing.
#[test]
fn a_stop_in_build_and_render_is_reported() {
    let (dir, text, runaway) = runaway();
    let name = runaway.display().to_string();
    let out = dir.path().join("out");
    let limit = [("COMMSPEC_SPEC_SECONDS_MAX", "1")];
    let out_arg = out.display().to_string();
    let at = format!("╭─[{name}:{}:16]", line_of(&text, "{% set"));
    let build = with_limits(&["build", "-o", &out_arg], &[&runaway], &limit);
    let render = with_limits(&["render", "--lang", "zh"], &[&runaway, Path::new("sop.md")], &limit);
    for run in [&build, &render] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(run.stderr.starts_with("resource-limit\n") && run.stderr.contains(&at), "{}", run.stderr);
    }
    assert!(build.stderr.contains("commspec stopped: this spec took more than the limit of 1 s"), "{}", build.stderr);
    assert!(build.stderr.ends_with(&format!("commspec: nothing was written to {out_arg}\n")), "{}", build.stderr);
    assert!(!out.exists());
    assert!(
        render.stderr.contains("commspec 已停止：这个 spec 用掉的处理器时间超过了 1 秒的上限"),
        "{}",
        render.stderr
    );
}

// ── Numbers of the plan ────────────────────────────────────────────────────

#[test]
fn a_matrix_of_a_billion_groups() {
    let values = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
    let keys: String = ('a'..='i').map(|k| format!("    {k}: {values}\n")).collect();
    let text = base_with("  count: 2\n", &format!("  count: 1\n  matrix:\n{keys}"));
    let items = expect(&text, "input-limit", line_of(&text, "groups:"), None);
    assert!(message(&items).contains("1000000000") && message(&items).contains("10000"), "{items:?}");
}

#[test]
fn loops_in_every_one_of_ten_thousand_groups_share_one_budget() {
    // Each render stays under its own fuel, but 10,000 groups × 3 loops would run for minutes.
    let values = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
    let keys: String = ('a'..='d').map(|k| format!("    {k}: {values}\n")).collect();
    let text = base_with("  count: 2\n", &format!("  count: 1\n  matrix:\n{keys}"))
        .replacen(
            "welcome: \"欢迎{{ nickname }}加入{{ group.name }}\"",
            "welcome: \"{% for i in range(15000) %}{% endfor %}{{ a }}\"\n  announcement: \"{% for i in range(15000) %}{% endfor %}{{ b }}\"",
            1,
        )
        .replacen("name: \"演示{{ n }}群\"", "name: \"演示{{ a }}{{ b }}{{ c }}{{ d }}群\"", 1)
        // 5,000 groups a person: the workload is not what this is about.
        .replacen("    staff: [wang, li]\n", "    staff: [wang, li]\n    daily_task_budget: 100000\n", 1)
        .replacen("    staff: [zhao, qian]\n", "    staff: [zhao, qian]\n    daily_task_budget: 100000\n", 1);
    let items = expect(&text, "input-limit", line_of(&text, "welcome:"), None);
    assert!(message(&items).contains("more than the budget of 10000000 plus 2000 a render"), "{items:?}");
}

#[test]
fn a_hundred_year_horizon() {
    let text = base_with("term: 14d\n  on_end: dissolve", "term: ongoing\n  horizon: 100y").replacen(
        "when: {before_end: 1d, at: \"10:00\"}",
        "when: {day: 2, at: \"10:00\"}",
        1,
    );
    let items = expect(&text, "input-limit", line_of(&text, "horizon: 100y"), Some(12));
    assert!(message(&items).contains("3660"), "{items:?}");
}

#[test]
fn a_term_of_ten_million_days() {
    let text = base_with("term: 14d", "term: 9999999d");
    let items = expect(&text, "invalid-value", line_of(&text, "9999999d"), Some(9));
    assert!(items[0]["help"].as_str().unwrap().contains("more than 6 digits"), "{items:?}");
    let text = base_with("when: {before_end: 1d,", "when: {before_end: 99999999h,");
    let items = expect(&text, "invalid-value", line_of(&text, "99999999h"), None);
    assert!(items[0]["help"].as_str().unwrap().contains("more than 6 digits"), "{items:?}");
}

#[test]
fn not_a_finite_number() {
    for v in [".nan", ".inf", "-.inf", ".NaN"] {
        let text = base_with("capacity: 200", &format!("capacity: {v}"));
        let items = expect(&text, "invalid-value", line_of(&text, "capacity:"), Some(13));
        assert!(!message(&items).contains("null"), "{v}: {items:?}");
        assert!(message(&items).contains("finite"), "{v}: {items:?}");
    }
}

#[test]
fn integer_overflow() {
    for v in ["99999999999999999999", "-99999999999999999999", "18446744073709551616"] {
        let text = base_with("capacity: 200", &format!("capacity: {v}"));
        let items = expect(&text, "invalid-value", line_of(&text, "capacity:"), Some(13));
        assert!(message(&items).contains("too large"), "{v}: {items:?}");
    }
    // Fits in 64 bits, but not in the field.
    let text = base_with("capacity: 200", "capacity: 18446744073709551615");
    expect(&text, "invalid-value", line_of(&text, "capacity:"), Some(13));
}

// ── Keys and tags ─────────────────────────────────────────────────────────

#[test]
fn unknown_keys_and_lints_at_depth() {
    let text = base_with("    verify: order\n", "    verify: order\n    extra:\n      deeper: {x: 1}\n");
    let items = expect(&text, "unknown-key", line_of(&text, "extra:"), Some(5));
    assert!(message(&items).contains("`extra`"), "{items:?}");
    let text = format!("{}lints:\n  no-gate:\n    level:\n      deeper: deny\n", base());
    expect(&text, "wrong-type", line_of(&text, "level:"), None);
    let text = format!("{}lints:\n  no-gat: deny\n", base());
    let items = expect(&text, "unknown-key", line_of(&text, "no-gat"), Some(3));
    assert!(items[0]["help"].as_str().unwrap().contains("did you mean `no-gate`"), "{items:?}");
    // An error class is not a lint: it cannot be given a level.
    let text = format!("{}lints:\n  unknown-key: allow\n", base());
    let items = expect(&text, "unknown-key", line_of(&text, "unknown-key: allow"), Some(3));
    assert!(message(&items).contains("error class"), "{items:?}");
}

#[test]
fn yaml_tags() {
    let text = base_with("capacity: 200", "capacity: !foo 200");
    let items = expect(&text, "yaml-structure", line_of(&text, "!foo"), Some(13));
    assert!(message(&items).contains("!foo"), "{items:?}");
    let text = base_with("  capacity: 200\n", "  capacity: 200\n  extra: !bar {a: 1}\n");
    expect(&text, "yaml-structure", line_of(&text, "!bar"), Some(10));
    // The standard tags only say what YAML would infer anyway.
    expect_clean(base_with("  name: 演示社群", "  name: !!str 演示社群"));
}

#[test]
fn null_and_complex_keys() {
    let text = base_with("  capacity: 200\n", "  capacity: 200\n  ~: 1\n");
    expect(&text, "yaml-structure", line_of(&text, "~: 1"), Some(3));
    let text = base_with("  capacity: 200\n", "  capacity: 200\n  ? [a]\n  : 1\n");
    expect(&text, "yaml-structure", line_of(&text, "? [a]"), Some(5));
    let text = base_with("  capacity: 200\n", "  capacity: 200\n  {a: b}: 1\n");
    expect(&text, "yaml-structure", line_of(&text, "{a: b}"), Some(3));
}

#[test]
fn keys_written_as_booleans_or_numbers() {
    // Such keys are found by the text JSON gives them (`True` is `true`, `0x10` is `16`), so a
    // problem under one points at it, and two spellings of one key are a duplicate.
    let text = base_with("  capacity: 200\n", "  capacity: 200\n  True: 1\n");
    let items = expect(&text, "unknown-key", line_of(&text, "True: 1"), Some(3));
    assert!(message(&items).contains("`true`"), "{items:?}");
    let text = base_with("  capacity: 200\n", "  capacity: 200\n  0x10: 1\n  16: 2\n");
    let items = expect(&text, "yaml-structure", line_of(&text, "16: 2"), Some(3));
    assert!(message(&items).contains("duplicate key `16`"), "{items:?}");
}

// ── Encodings and line ends ─────────────────────────────────────────────

#[test]
fn a_byte_order_mark() {
    expect_clean(format!("\u{feff}{}", base()));
    // Columns on the first line do not count the BOM.
    let text = format!("\u{feff}{}", base_with("commspec: 1", "commspec: 2"));
    expect(&text, "invalid-value", line_of(&text, "commspec: 2"), Some(11));
}

#[test]
fn crlf_line_ends() {
    expect_clean(base().replace('\n', "\r\n"));
    let text = base_with("capacity: 200", "capacity: 20x").replace('\n', "\r\n");
    let items = expect(&text, "wrong-type", line_of(&text, "capacity: 20x"), Some(13));
    assert_eq!((items[0]["end_line"].as_u64(), items[0]["end_column"].as_u64()), (items[0]["line"].as_u64(), Some(16)));
    // A literal block scalar with CRLF: the template error is on the right line.
    let text = base_with("      message: 本群明天解散", "      message: |\n        第一行\n        {{ nope }}")
        .replace('\n', "\r\n");
    expect(&text, "template-undefined", line_of(&text, "{{ nope }}"), Some(12));
}

// ── Many problems ────────────────────────────────────────────────────────

#[test]
fn ten_thousand_unknown_keys_are_reported_quickly() {
    // Locating each problem used to scan from the start of the file: 5 000 problems took
    // 13 s in the human format (debug build), 10 000 about four times that. Now each run is
    // linear and well inside the time limit.
    let keys: String = (0..10_000).map(|i| format!("  k{i}: 1\n")).collect();
    let text = base_with("  capacity: 200\n", &format!("  capacity: 200\n{keys}"));
    let (run, items) = check("case.yaml", &text);
    assert_eq!(run.code, 1);
    assert_eq!(items.len(), 10_000);
    assert_eq!(items[9_999]["line"], line_of(&text, "k9999:"));
    let dir = TempDir::new("many");
    let path = dir.write("case.yaml", &text);
    let mut cmd = common::commspec(&["check"]);
    cmd.arg(&path);
    let run = common::exec(cmd);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("`k9999`"));
}

#[test]
fn thousands_of_warnings_and_a_suppression() {
    // Found by an attack: each finding rebuilt the file's line index to test the suppressions,
    // so 8,000 warnings plus one `# commspec: allow` took 10 s instead of 0.3 s. Here 20,000
    // findings on a file of 40,000 lines: the right ones are silenced, the rest reported.
    let channels: String = (0..20_000)
        .map(|i| {
            let allow = if i == 7 { "  # commspec: allow channel-without-tag" } else { "" };
            format!("    - id: c{i}{allow}\n      name: 渠道{i}\n")
        })
        .collect();
    let text = base_with("  methods: [invite]\n", &format!("  methods: [invite, qrcode]\n  channels:\n{channels}"));
    let (run, items) = check("case.yaml", &text);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    let lines: Vec<u64> =
        items.iter().filter(|i| i["rule"] == "channel-without-tag").map(|i| i["line"].as_u64().unwrap()).collect();
    assert_eq!(lines.len(), 19_999, "one silenced");
    assert!(!lines.contains(&(line_of(&text, "id: c7 ") as u64)));
    assert!(lines.contains(&(line_of(&text, "id: c8\n") as u64)));
    assert!(items.iter().all(|i| i["rule"] != "unused-suppression"), "the suppression was used");
}

// ── Tags, located ─────────────────────────────────────────────────────────

#[test]
fn a_tag_is_located_without_its_value() {
    // The span of a tag on a collection ran into the collection (`!!set {`).
    let cases = [
        ("  extra: !!set {a, b}\n", "!!set"),
        ("  extra: !!set\n    a: 1\n", "!!set"),
        ("  extra: &x !foo [1]\n", "!foo"),
        ("  extra: !<tag:example.com,2000:x> {a: 1}\n", "!<tag:example.com,2000:x>"),
        ("  extra: !<tag:example.com,2000:x> 1\n", "!<tag:example.com,2000:x>"),
    ];
    for (extra, tag) in cases {
        let text = base_with("  capacity: 200\n", &format!("  capacity: 200\n{extra}"));
        let column = extra.find(tag).unwrap() + 1;
        let items = expect(&text, "yaml-structure", line_of(&text, tag), Some(column));
        let d = &items[0];
        let end = (d["end_line"].as_u64(), d["end_column"].as_u64());
        assert_eq!(end, (d["line"].as_u64(), Some((column + tag.len()) as u64)), "{extra:?}: {d}");
        assert!(message(&items).contains(&format!("`{tag}`")), "{extra:?}: {items:?}");
    }
}

// ── What `build` refuses, `check` finds first ─────────────────────────────

#[test]
fn a_community_id_too_long_for_a_folder_name() {
    let long = "a".repeat(65);
    let text = base_with("  id: demo", &format!("  id: {long}"));
    let items = expect(&text, "invalid-value", line_of(&text, &long), Some(7));
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["end_column"], 7 + 65, "{items:?}");
    assert!(message(&items).contains("65 characters, more than 64"), "{items:?}");
    // 64 is the limit, and passes.
    expect_clean(base_with("  id: demo", &format!("  id: {}", "a".repeat(64))));
}

#[test]
fn a_plan_past_the_year_9999() {
    // 14 days from 9999-12-25 end in the year 10000, which no calendar or spreadsheet holds.
    let text = base_with("start: 2027-03-01", "start: 9999-12-25");
    let items = expect(&text, "invalid-value", line_of(&text, "start: 9999-12-25"), Some(10));
    assert!(message(&items).contains("9999-12-31"), "{items:?}");
    assert!(items[0]["help"].as_str().unwrap().contains("9999-12-18"), "{items:?}");
    // The last day may be 9999-12-31 itself.
    expect_clean(base_with("start: 2027-03-01", "start: 9999-12-18"));
    // The horizon of an ongoing community counts like a term.
    let ongoing = base_with("term: 14d\n  on_end: dissolve", "term: ongoing\n  horizon: 4w").replacen(
        "when: {before_end: 1d, at: \"10:00\"}",
        "when: {day: 2, at: \"10:00\"}",
        1,
    );
    let text = ongoing.replacen("start: 2027-03-01", "start: 9999-12-10", 1);
    expect(&text, "invalid-value", line_of(&text, "start: 9999-12-10"), Some(10));
    // So does a phase that ends after the term: the plan names its dates.
    let text = base_with("start: 2027-03-01", "start: 9999-12-01").replacen(
        "  on_end: dissolve\n",
        "  on_end: dissolve\n  phases: [{ id: late, from_day: 1, to_day: 40 }]\n",
        1,
    );
    expect(&text, "invalid-value", line_of(&text, "start: 9999-12-01"), Some(10));
    // And a year before 1 is no date at all.
    let text = base_with("start: 2027-03-01", "start: 0000-12-01");
    let items = expect(&text, "invalid-value", line_of(&text, "start: 0000-12-01"), Some(10));
    assert!(items[0]["help"].as_str().unwrap().contains("year 0"), "{items:?}");
}

/// The base spec planned over 3660 days with `steps` private messages of 3,900 bytes a day
/// (or titles, with `long_titles`), in `count` groups.
fn daily_volume(steps: usize, count: u32, long_titles: bool) -> String {
    let mut sop = String::from("content:\n  sop:\n");
    let long = "x".repeat(3900);
    for i in 0..steps {
        let (title, message) = if long_titles { (long.as_str(), "短消息") } else { ("每日一步", long.as_str()) };
        sop.push_str(&format!(
            "    - {{ id: s{i}, title: {title}, when: {{ every: day, at: \"0{i}:00\" }}, channel: private, role: owner, message: {message} }}\n"
        ));
    }
    base_with("term: 14d", "term: 3660d").replacen("  count: 2", &format!("  count: {count}"), 1).replacen(
        "content:\n  sop:\n",
        &sop,
        1,
    )
}

#[test]
fn more_sop_text_than_a_build_can_write() {
    // 6 × 3660 × 3,900 bytes: more than one group's `sop.md` may hold (64 MiB). `check`
    // passed it; `build` failed rendering, unlocated.
    let text = daily_volume(6, 1, false);
    let items = expect(&text, "input-limit", line_of(&text, "  sop:"), Some(3));
    assert!(message(&items).contains("comes to at least 82 MiB of text, more than the 64 MiB"), "{items:?}");
    // Titles are written for every task too.
    let text = daily_volume(6, 1, true);
    expect(&text, "input-limit", line_of(&text, "  sop:"), Some(3));
    // Half as much fits.
    expect_clean(daily_volume(3, 1, false));
    // 20 groups of 14 MiB each: more than one build writes (1 GiB) in sop.md, sop.csv, sop.ics
    // and plan.json.
    let text = daily_volume(1, 20, false);
    let items = expect(&text, "input-limit", line_of(&text, "  sop:"), Some(3));
    assert!(message(&items).contains("the 20 groups fills at least 1092 MiB"), "{items:?}");
}

// ── Human reports of very long lines ─────────────────────────────────────

/// 1-based column, in characters, of byte `at` in `text`.
fn column_of(text: &str, at: usize) -> usize {
    text[..at].rsplit('\n').next().unwrap_or_default().chars().count() + 1
}

/// `check`, `build` and `render` print human reports; a label past column 65,535 made miette
/// panic (exit 101) on a long flow line and on the refused template line in Chinese text
/// (each character two columns wide). The line is cut around the label; the header keeps
/// the column in the file.
#[test]
fn human_reports_of_labels_past_column_65535() {
    let cities = vec!["a"; 33_000].join(",");
    let flow = base_with("  theme: 福利\n", &format!("  theme: 福利\n  audience: {{cities: [{cities}], zzz: 1}}\n"));
    let line = "中".repeat(60_001);
    let cjk = base_with("      message: 本群明天解散", &format!("      message: \"{line}\""));
    let past_limit = cjk.find(&line).unwrap() + "中".len() * 60_000;
    for (text, rule, at) in [(&flow, "unknown-key", flow.find("zzz").unwrap()), (&cjk, "template-error", past_limit)] {
        let dir = TempDir::new("wide");
        let path = dir.write("case.yaml", text);
        let spec = path.to_str().unwrap();
        let out = dir.path().join("out");
        let header = format!("{spec}:{}:{}]", text[..at].matches('\n').count() + 1, column_of(text, at));
        for args in
            [vec!["check", spec], vec!["build", spec, "-o", out.to_str().unwrap()], vec!["render", spec, "sop.md"]]
        {
            let run = common::exec(commspec(&args));
            assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
            let report = if args[0] == "check" { &run.stdout } else { &run.stderr };
            assert!(report.contains(rule) && report.contains(&header), "{args:?}: no {header}:\n{report}");
            assert!(report.lines().all(|l| l.chars().count() < 1_000), "{args:?}: a line was printed whole");
        }
    }
}

// ── Control characters in spec text ──────────────────────────────────────

/// A control character in a spec's text reaches members' chats, the calendar, the
/// spreadsheet and the Markdown files as it is: refused at `check`, at the field. Names,
/// titles and tags are one line (no line break, no tab either); messages may hold line
/// breaks and tabs. Written as YAML escapes: NUL, BEL, ESC, DEL, NEL and CSI (C1), a bidi
/// override, the line separator, CR, LF, tab.
#[test]
fn control_characters_in_spec_text_are_refused_at_the_field() {
    let chars = [
        ("\\0", "\\u{0}"),
        ("\\a", "\\u{7}"),
        ("\\e", "\\u{1b}"),
        ("\\x7f", "\\u{7f}"),
        ("\\N", "\\u{85}"),
        ("\\x9b", "\\u{9b}"),
        ("\\u202e", "\\u{202e}"),
        ("\\L", "\\u{2028}"),
        ("\\r", "\\r"),
        ("\\n", "\\n"),
        ("\\t", "\\t"),
    ];
    let fields = [
        ("  name: 演示社群", "  name: \"演示{c}社群\"", false),
        ("  theme: 福利", "  theme: \"福{c}利\"", false),
        ("  content: [每周福利]", "  content: [\"每周{c}福利\"]", false),
        ("    title: 管理员", "    title: \"管理{c}员\"", false),
        ("    staff: [wang, li]", "    staff: [wang, \"l{c}i\"]", false),
        ("      title: 开群问候", "      title: \"开群{c}问候\"", false),
        ("      message: 本群明天解散", "      message: \"本群{c}明天解散\"", true),
        (
            "  welcome: \"欢迎{{ nickname }}加入{{ group.name }}\"",
            "  welcome: \"欢迎{c}{{ nickname }}加入{{ group.name }}\"",
            true,
        ),
    ];
    for (escape, shown) in chars {
        for (from, to, multi_line) in fields {
            let to = to.replace("{c}", escape);
            let text = base_with(from, &to);
            if multi_line && matches!(escape, "\\n" | "\\t") {
                expect_clean(&text);
                continue;
            }
            let line = line_of(&text, &to);
            let column = to[..to.find('"').unwrap()].chars().count() + 1;
            let items = expect(&text, "invalid-value", line, Some(column));
            assert!(message(&items).ends_with(&format!("contains the control character `{shown}`")), "{items:?}");
        }
    }
}

/// What a template renders is checked too: `{{ "\u001b" }}` in a message, a line break in a
/// group name.
#[test]
fn control_characters_rendered_by_a_template_are_refused() {
    let text = base_with("      message: 本群明天解散", "      message: '本群{{ \"\\u001b\" }}明天解散'");
    let items = expect(&text, "template-error", line_of(&text, "本群{{"), Some(16));
    assert!(message(&items).contains("renders the control character `\\u{1b}`"), "{items:?}");
    let text = base_with("  name: \"演示{{ n }}群\"", "  name: \"演示{{ n }}{{ '\\\\n' }}群\"");
    let items = expect(&text, "template-error", line_of(&text, "演示{{ n }}{{"), Some(9));
    assert!(message(&items).contains("`groups.name` renders the control character `\\n`"), "{items:?}");
    // A message may render line breaks and tabs.
    expect_clean(base_with("      message: 本群明天解散", "      message: '本群{{ \"\\n\\t\" }}明天解散'"));
}
// ── Template hardening ────────────────────────────────────────────────────

#[test]
fn twenty_thousand_template_errors_are_all_reported() {
    // Each template error enumerated every template field again to find its source, and
    // rendering looked every step's first day up in the whole plan: 20,000 failing messages
    // ran until the watchdog stopped them, unreported. (Private steps: the group-message
    // lints are not what this is about.)
    let sop: String = (0..20_000)
        .map(|i| {
            let day = i % 14 + 1;
            format!(
                "    - {{ id: s{i}, title: t, when: {{day: {day}, at: \"09:00\"}}, channel: private, role: owner, \
                 message: \"第{i}步{{{{ nope }}}}\" }}\n"
            )
        })
        .collect();
    // 20,000 steps make a busy owner: the workload is not what this is about either.
    let text = base_with("  sop:\n", &format!("  sop:\n{sop}")).replacen(
        "    staff: [wang, li]\n",
        "    staff: [wang, li]\n    daily_task_budget: 100000\n",
        1,
    );
    let (run, items) = check("case.yaml", &text);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(items.len(), 20_000);
    // One step a line.
    let first = line_of(&text, "第0步");
    for (i, d) in items.iter().enumerate() {
        assert_eq!((d["rule"].as_str(), d["line"].as_u64()), (Some("template-undefined"), Some((first + i) as u64)));
    }
}

/// Template expressions nesting or chaining far past commspec's bounds (most overflowed the
/// stack of a debug build at these sizes; each is under minijinja's line and token limits),
/// with the byte offset where each is refused: the first token past the nesting or operator
/// bound. (name, template, offset)
fn deep_templates() -> Vec<(&'static str, String, usize)> {
    use commspec::limits::{TEMPLATE_NESTING_MAX as N, TEMPLATE_OPERATORS_MAX as B};
    let wrap = |prefix: &str, unit: &str, count: usize, middle: &str, close: &str, end: &str| {
        format!("{prefix}{}{middle}{}{end}", unit.repeat(count), close.repeat(count))
    };
    vec![
        ("unary minus", wrap("{{ ", "-", 20_000, "1", "", " }}"), 3 + N),
        ("not", wrap("{{ ", "not ", 14_000, "1", "", " }}"), 3 + 4 * N),
        ("brackets", wrap("{{ ", "(", 20_000, "1", ")", " }}"), 3 + N),
        ("minus and brackets", wrap("{{ ", "-(", 10_000, "1", ")", " }}"), 3 + N),
        ("nested calls", wrap("{{ ", "f(", 10_000, "1", ")", " }}"), 3 + 2 * N + 1),
        ("nested lists", wrap("{{ ", "[", 20_000, "", "]", " }}"), 3 + N),
        ("if blocks", wrap("", "{% if a %}", 2_000, "x", "{% endif %}", ""), 10 * N + 3),
        ("for blocks", wrap("", "{% for i in a %}", 2_000, "x", "{% endfor %}", ""), 16 * N + 3),
        // Found in review: each `elif` is parsed inside the one before it (aborted at 2,000).
        ("elif chain", wrap("{% if a %}", "{% elif a %}", 3_000, "x", "", "{% endif %}"), 10 + 12 * (N - 1) + 3),
        ("if-else chain", wrap("{{ a", " if a else a", 4_900, "", "", " }}"), 4 + 12 * N + 6),
        ("additions", wrap("{{ 1", "+1", 20_000, "", "", " }}"), 4 + 2 * B),
        ("concatenations", wrap("{{ 'a'", "~'a'", 14_000, "", "", " }}"), 6 + 4 * B),
        ("and chain", wrap("{{ a", " and a", 9_800, "", "", " }}"), 4 + 6 * B + 1),
        ("attributes", wrap("{{ a", ".b", 20_000, "", "", " }}"), 4 + 2 * B),
        ("subscripts", wrap("{{ a", "[0]", 15_000, "", "", " }}"), 4 + 3 * B),
        ("calls", wrap("{{ f", "()", 20_000, "", "", " }}"), 4 + 2 * B),
        ("filters", wrap("{{ a", "|e", 20_000, "", "", " }}"), 4 + 2 * B),
        ("filters with arguments", wrap("{{ a", "|x(1)", 9_000, "", "", " }}"), 4 + 5 * (B / 2) + 2 * (B % 2)),
        ("tests", wrap("{{ a", " is x", 11_000, "", "", " }}"), 4 + 5 * B + 1),
        ("set", wrap("{% set x = 1", "+1", 20_000, "", "", " %}"), 12 + 2 * B),
    ]
}

#[test]
fn deep_template_expressions_are_refused_where_they_go_too_deep() {
    // minijinja's parser and compiler recurse once per level of these: 5,000–20,000 levels
    // overflowed the stack (the process aborted), and long chains compiled in quadratic time.
    let dir = TempDir::new("deep");
    let prefix = "      message: \"";
    let mut paths = Vec::new();
    for (name, template, offset) in deep_templates() {
        let text = with_message(&template);
        let items = expect(&text, "template-syntax", line_of(&text, prefix), Some(prefix.len() + offset + 1));
        assert!(message(&items).contains("template "), "{name}: {items:?}");
        // Each its own community, so the run reports nothing but the templates.
        let own = text.replacen("  id: demo\n", &format!("  id: deep-{}\n", paths.len()), 1);
        paths.push(dir.write(&format!("{}.yaml", name.replace(' ', "-")), own));
    }
    // Several files are checked on worker threads, whose stacks are smaller (2 MiB).
    let mut cmd = commspec(&["check", "--format", "json"]);
    cmd.args(&paths);
    let run = common::exec(cmd);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rules = run.rules();
    assert_eq!(rules.len(), paths.len(), "{rules:?}");
    assert!(rules.iter().all(|r| r == "template-syntax"), "{rules:?}");
}

/// `build examples/flash.yaml` with the artifact template `name` overridden by `template`:
/// the output folder (in a temporary folder kept while the test runs) and the run.
fn build_flash_with(name: &str, template: &str) -> (TempDir, PathBuf, common::Run) {
    let dir = TempDir::new("artifact-template");
    dir.write(&format!("templates/{name}"), template);
    let out = dir.path().join("out");
    let mut cmd = commspec(&["build", "examples/flash.yaml", "-o"]);
    cmd.arg(&out).arg("--templates").arg(dir.path().join("templates"));
    let run = common::exec(cmd);
    (dir, out, run)
}

#[test]
fn deep_artifact_templates_are_refused_naming_the_template() {
    for (name, template, offset) in deep_templates() {
        let (_dir, out, run) = build_flash_with("sop.md.j2", &format!("# SOP\n{template}\n"));
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(run.stderr.contains("line 2 of sop.md.j2: template "), "{name}: {}", run.stderr);
        assert!(!out.exists(), "{name}: nothing is written");
        let _ = offset;
    }
}

#[test]
fn debug_is_not_available_to_templates() {
    // Found in review: `debug()` prints the whole context, so a message could depend on the
    // day without naming `day` (check rendered it once, build at every day and failed), and
    // it copied every template's source into the artifacts.
    let text = with_message("{{ debug() }}");
    let items = expect(&text, "template-error", line_of(&text, "debug()"), None);
    assert!(message(&items).contains("debug is unknown"), "{items:?}");
}

#[test]
fn a_message_rendered_every_day_spends_the_fuel_check_counted() {
    // Found in review: `check` rendered a message that does not use the day once, `build` at
    // every one of its 200 days, so `build` ran out of the spec's fuel budget after `check`
    // passed. Both now render a field once per distinct value it uses.
    let text = base_with("term: 14d", "term: 200d").replacen(
        "    - id: bye\n",
        "    - id: daily\n      title: 每日打卡\n      when: {every: day, at: \"08:00\"}\n      channel: group\n      \
         role: helper\n      message: \"{% for i in range(30000) %}{% endfor %}早安\"\n    - id: bye\n",
        1,
    );
    let (run, items) = check("case.yaml", &text);
    assert!(items.iter().all(|i| i["severity"] != "error"), "{items:?}");
    let dir = TempDir::new("fuel-days");
    let path = dir.write("case.yaml", &text);
    let mut cmd = commspec(&["build", "-o"]);
    cmd.arg(dir.path().join("out")).arg(&path);
    let built = common::exec(cmd);
    assert_eq!(built.code, 0, "check exited {}; build: {}", run.code, built.stderr);
}

// ── Staff user ids name folders ───────────────────────────────────────────

/// A staff id names the folder `people/<id>/`: anything but WeCom's user id form (which
/// has no `/`, `\`, leading `.` or `..` component), a trailing `.`, a device name, or two
/// spellings of one account that a case-insensitive file system would write to one folder, is
/// refused at the id, before anything is written.
#[test]
fn staff_ids_cannot_escape_or_collide_in_people() {
    for (id, rule) in [
        ("\"../../etc\"", "invalid-value"),
        ("\"a/b\"", "invalid-value"),
        ("\"a\\\\b\"", "invalid-value"),
        ("\".hidden\"", "invalid-value"),
        ("\"..\"", "invalid-value"),
        ("\"x.\"", "invalid-value"),
        ("con", "invalid-value"),
        ("LPT1.txt", "invalid-value"),
        ("王老师", "invalid-value"),
        ("\"\"", "invalid-value"),
        (&"a".repeat(65), "invalid-value"),
        ("WANG", "duplicate-id"),
    ] {
        let to = format!("    staff: [zhao, {id}]");
        let text = base_with("    staff: [zhao, qian]", &to);
        let column = to.find(id).unwrap() + 1;
        let items = expect(&text, rule, line_of(&text, &to), Some(column));
        assert_eq!(items.len(), 1, "{id}: {items:?}");
        let help = items[0]["help"].as_str().unwrap_or_default();
        assert!(help.contains("people/"), "{id}: {help}");
        // The same refusal in a pin, at its `id`.
        let to = format!("    staff: [zhao, {{ id: {id}, where: {{ city: 北京 }} }}]");
        let text = base_with("    staff: [zhao, qian]", &to);
        let items = check("case.yaml", &text).1;
        assert!(items.iter().any(|d| d["rule"] == rule && d["column"] == to.find(id).unwrap() + 1), "{id}: {items:?}");
    }
    // WeCom's own forms pass, and so does one id in two roles spelled alike.
    expect_clean(base_with("    staff: [zhao, qian]", "    staff: [zhao, wang, t.li@corp, a-b_c.9]"));
}

/// sop.xlsx holds exact texts, so a control character (which XML 1.0 cannot hold raw) must
/// never reach it: a spec's texts refuse them at `check` (above), and a `--templates`
/// sop.csv.j2 that writes one is refused with the template and the character named, before
/// anything is written. (The writer would escape one as Excel's `_xHHHH_`: src/xlsx.rs.)
#[test]
fn a_control_character_from_a_csv_template_is_refused_before_sop_xlsx() {
    for (escape, shown) in [("\\u0001", "\\u{1}"), ("\\u001b", "\\u{1b}"), ("\\u000b", "\\u{b}")] {
        let csv = format!(
            "群标识,消息内容\n{{% for t in tasks %}}{{{{ group.key | csv }}}},a{{{{ \"{escape}\" }}}}b\n{{% endfor %}}\n"
        );
        let (_dir, out, run) = build_flash_with("sop.csv.j2", &csv);
        assert_eq!(run.code, 1, "{escape}: {}", run.stderr);
        assert!(run.stderr.contains("template `sop.csv.j2` failed"), "{escape}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("control character `{shown}`")), "{escape}: {}", run.stderr);
        assert!(!out.exists(), "{escape}: nothing is written");
    }
}

// ── Funnel, fission, survey answers and tags (issue 13) ────────────────────

/// The base spec with these admission channels and tag groups (YAML flow lists).
fn with_funnel(channels: &str, tags: &str) -> String {
    base_with(
        "admission:\n  methods: [invite]\n",
        &format!("admission:\n  methods: [invite]\n  channels: {channels}\n"),
    )
    .replacen("roles:\n", &format!("tags: {tags}\nroles:\n"), 1)
}

/// Two channels reaching 2^64 − 1 people each at a 100% join rate: the sum of their expected
/// joins overflowed (a panic in a debug build, a wrapped tiny number in a release build, which
/// said the funnel underfills). It saturates: the funnel overfills.
#[test]
fn expected_joins_near_two_to_the_64_do_not_overflow() {
    let channel = |id: &str| format!("{{ id: {id}, tag: 来源/{id}, exposure: 18446744073709551615, join_rate: 100% }}");
    let text = with_funnel(&format!("[{}, {}]", channel("a"), channel("b")), "[{ group: 来源, tags: [a, b] }]");
    let (run, items) = check("case.yaml", &text);
    assert_eq!(run.code, 0, "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    let rules: Vec<&str> = items.iter().filter_map(|d| d["rule"].as_str()).collect();
    assert_eq!(rules, ["funnel-overfills"], "{items:?}");
    assert!(message(&items).contains(&u64::MAX.to_string()), "{items:?}");
}

/// A bait costing 1e308 yuan: rounding its cost per member to the cent multiplied it by 100,
/// past the largest f64, and `fission-too-costly` and plan.json said `¥inf`.
#[test]
fn a_huge_bait_cost_is_said_as_a_number() {
    let text = base_with(
        "admission:\n  methods: [invite]\n",
        "admission:\n  methods: [invite]\n  max_cost_per_member: 5\n  fission: { bait: { name: 礼包, unit_cost: 1e308 }, invites: 1 }\n",
    );
    let (run, items) = check("case.yaml", &text);
    assert_eq!(run.code, 0, "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    assert_eq!(items[0]["rule"], "fission-too-costly", "{items:?}");
    let said = message(&items);
    let cost = said.split('¥').nth(1).and_then(|s| s.split(' ').next()).unwrap();
    assert!(cost.len() > 300 && cost.bytes().all(|b| b.is_ascii_digit()), "{said}");
    let dir = TempDir::new("hostile-fission");
    let out = dir.path().join("out");
    let run = common::exec(commspec(&[
        "build",
        "-o",
        out.to_str().unwrap(),
        dir.write("case.yaml", &text).to_str().unwrap(),
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan = std::fs::read_to_string(out.join("demo/plan.json")).unwrap();
    assert!(plan.contains(&format!("\"cost_per_member\": \"¥{cost}\"")) && !plan.contains("inf"), "{plan}");
}

/// A survey's answers are its keys: a control character in one reached plan.json, the README
/// and the terminal as it is. Refused at the answer, like every other text.
#[test]
fn control_characters_in_survey_answers_are_refused_at_the_answer() {
    for (escape, shown) in [("\\e", "\\u{1b}"), ("\\u202e", "\\u{202e}"), ("\\n", "\\n"), ("\\t", "\\t")] {
        let answer = format!("\"三{escape}年级\"");
        let text = with_funnel("[]", "[{ group: 年级, tags: [三年级] }]").replacen(
            "  channels: []\n",
            &format!("  survey:\n    - question: 几年级？\n      answers: {{ {answer}: 年级/三年级 }}\n"),
            1,
        );
        let items = expect(&text, "invalid-value", line_of(&text, &answer), Some(18));
        assert!(message(&items).ends_with(&format!("contains the control character `{shown}`")), "{items:?}");
        assert_eq!(items.len(), 1, "{items:?}");
    }
}

/// A tag group's name may hold a `/`: group `a` with tag `b/c` and group `a/b` with tag `c`
/// are both `a/b/c`. A reference found the first and `unused-tag` called the second unused
/// though a channel named it; now the second is a located `duplicate-id`.
#[test]
fn two_tags_spelled_alike_across_groups_are_duplicates() {
    let tags = "[{ group: a, dimension: source, tags: [b/c] }, { group: a/b, dimension: source, tags: [c] }]";
    let text = with_funnel("[{ id: poster, tag: a/b/c }]", tags);
    let items = expect(&text, "duplicate-id", line_of(&text, tags), Some(7 + tags.rfind("[c]").unwrap() + 1));
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(message(&items).contains("`a/b/c`"), "{items:?}");
    // Alike within a group is the old duplicate, said once.
    let text = with_funnel("[]", "[{ group: a, tags: [b, b] }]");
    let items = expect(&text, "duplicate-id", line_of(&text, "tags: [{"), None);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(message(&items), "duplicate tag id `b`");
}
