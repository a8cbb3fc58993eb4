//! `--lang zh`: every diagnostic the test inputs produce has a Chinese translation, and so
//! does every rule summary; every rule has a Chinese `explain` page; the Chinese output reads
//! as expected end to end; the locale picks the language. Run with `--nocapture` to see the
//! missing patterns.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use commspec::check::{Options, check};
use commspec::diagnostics::{Diagnostic, Rule};
use commspec::i18n::{Lang, Text};
use commspec::source::{Candidate, ReadError, read};

/// Every spec the suite has: fixtures, snapshot and build inputs, examples.
fn inputs() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "tests/data/snapshots", "tests/data/build", "examples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Specs for the messages the suite's inputs do not reach: `tests/data/base.yaml` with one
/// change each (`(from, to)`), or a whole text when `from` is empty.
const VARIANTS: &[(&str, &str)] = &[
    ("commspec: 1", "commspec: 2"),
    ("commspec: 1", "commspec: \"abc\""),
    ("capacity: 200", "capacity: 0"),
    ("capacity: 200", "capacity: 999999"),
    ("capacity: 200", "capacity: 99999999999999999999999"),
    ("capacity: 200", "capacity: .inf"),
    ("  count: 2", "  count: 2\n  matrix: { \"bad-name\": [a] }"),
    ("  count: 2", "  count: 2\n  matrix: { city: [] }"),
    ("  count: 2", "  count: 2\n  matrix: { city: [true] }"),
    ("  count: 2", "  count: 2\n  matrix: { group: [a, b] }"),
    ("term: 14d", "term: 9999999d"),
    ("term: 14d", "term: ongoing"),
    ("start: 2027-03-01", "start: 2027-13-01"),
    ("start: 2027-03-01", "start: 0000-03-01"),
    ("start: 2027-03-01", "start: 9999-12-25"),
    ("  id: demo", "  id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
    ("at: \"09:00\"", "at: \"9:5\""),
    ("id: hello", "id: Hello"),
    ("theme: 福利", "theme: 5"),
    ("theme: 福利", "theme: 福利\n  audience: { age: abc }"),
    ("    verify: order", "    verify: order\n  - type: price\n    amount: 9\n    currency: rmb"),
    ("    verify: order", "    verify: order\n  - type: invite\n    by: boss"),
    ("gates:\n  - type: identity\n    requirement: 老客\n    verify: order", "gates:\n  - {}"),
    ("  on_end: dissolve", "  on_end: dissolve\n  phases: [{ id: a, from_day: 5, to_day: 2 }]"),
    ("when: {day: 1, at: \"09:00\"}", "when: {at: \"09:00\"}"),
    ("when: {day: 1, at: \"09:00\"}", "when: {phase: a, at: \"09:00\"}"),
    ("when: {day: 1, at: \"09:00\"}", "when: {phase: warm, day: 1, at: \"09:00\"}"),
    ("when: {day: 1, at: \"09:00\"}", "when: {after_join: 10m, at: \"09:00\"}"),
    ("when: {day: 1, at: \"09:00\"}", "when: {day: 1, at: \"09:00\", from_day: 2}"),
    ("when: {day: 1, at: \"09:00\"}", "when: {every: day, at: \"09:00\", to_day: 0}"),
    ("when: {day: 1, at: \"09:00\"}", "when: {every: 5, at: \"09:00\"}"),
    ("      role: owner\n", "      role: owner\n      to_tags: [x/y]\n"),
    (
        "      role: owner\n",
        "      role: owner\n      attachments: [{ type: link, title: t }, { type: image, name: n, title: t }]\n",
    ),
    ("      role: owner\n", "      role: owner\n      attachments: [{ type: miniprogram, title: t }]\n"),
    (
        "      channel: group\n      role: owner\n",
        "      channel: moments\n      role: owner\n      attachments: [{ type: file, name: a }]\n",
    ),
    (
        "      channel: group\n      role: owner\n",
        "      channel: moments\n      role: owner\n      attachments: [{ type: video, name: a }, { type: video, name: b }]\n",
    ),
    ("{{ roles.owner.title }}", "{{ zzzzzz }}"),
    ("{{ roles.owner.title }}", "{{ roles.owner.nope }}"),
    ("{{ roles.owner.title }}", "{{ roles.owner.title | nope }}"),
    ("{{ roles.owner.title }}", "{{ roles.owner.title() }}"),
    ("{{ roles.owner.title }}", "{% for x in 5 %}{% endfor %}"),
    ("{{ roles.owner.title }}", "{% for %}"),
    ("{{ roles.owner.title }}", "{% foo %}"),
    ("{{ roles.owner.title }}", "{{ \"abc }}"),
    ("id: bye", "id: hello"),
    ("  name: 演示社群", "  name: \"演示\\e社群\""),
    ("      message: 本群明天解散", "      message: \"本群\\e明天解散\""),
    ("      message: 本群明天解散", "      message: '本群{{ \"\\u001b\" }}明天解散'"),
    ("  name: \"演示{{ n }}群\"", "  name: \"演示{{ n }}{{ '\\\\n' }}群\""),
    ("", "commspec: 1\ntimezone: Europe/Paris\n"),
    ("", "commspec: 1\nlints: { no-gate: loud }\n"),
    ("", "commspec: 1\nfoo: 1\n"),
    ("", "commspec: 1\ncommunity: 5\n"),
    ("", "---\n"),
    ("", "- a\n- b\n"),
    ("", "commspec:\t1\n"),
    ("", "commspec: 1\ncommunity:\n\tid: x\n"),
    ("", "commspec: 1\ncommunity: {a: 1, b: 2\nlifecycle: 1\n"),
    ("", "commspec: 1\ncommunity: a: b\n"),
    ("", "commspec: \"abc\n"),
    ("", "a: &a [1, *a]\n"),
    ("", "? [a]\n: 1\n"),
    ("", "commspec: 1\n~: 1\n"),
    ("", "commspec: 1\nx:\n  <<: 5\n"),
    ("", "# commspec: allow zzzzzzzzzz\ncommspec: 1\n"),
];

/// Specs that need two changes to `tests/data/base.yaml`.
const TWO_CHANGES: &[[(&str, &str); 2]] = &[
    [("  start: 2027-03-01\n", ""), ("when: {day: 1, at: \"09:00\"}", "when: {date: 2027-03-02, at: \"09:00\"}")],
    [("  start: 2027-03-01\n", ""), ("when: {day: 1, at: \"09:00\"}", "when: {every: mon, at: \"09:00\"}")],
];

/// The texts of a diagnostic (message, help, labels) as (English, Chinese) pairs.
fn texts_of_one(d: &Diagnostic, into: &mut BTreeSet<(String, String)>) {
    let pair = |t: &Text| (t.en().to_string(), t.get(Lang::Zh).to_string());
    into.extend([Some(&d.message), d.help.as_ref(), Some(&d.label)].into_iter().flatten().map(pair));
    into.extend(d.related.iter().map(|(_, l)| pair(l)));
}

/// The texts of a spec's diagnostics; how many diagnostics.
fn texts_of(text: &str, into: &mut BTreeSet<(String, String)>) -> usize {
    let diagnostics = check(text, &Options::default()).diagnostics;
    diagnostics.iter().for_each(|d| texts_of_one(d, into));
    diagnostics.len()
}

/// English left in a translation: three words in a row outside backticks and quotes (lists
/// of names are separated by commas, so they do not count).
fn english_left(zh: &str) -> Option<String> {
    let mut plain = String::new();
    let (mut code, mut quoted) = (false, false);
    for c in zh.chars() {
        match c {
            '`' => code = !code,
            '"' => quoted = !quoted,
            _ if code || quoted => {}
            _ => plain.push(c),
        }
    }
    let words: Vec<&str> = plain.split(' ').collect();
    let word = |w: &str| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic());
    words.windows(3).find(|w| w.iter().all(|x| word(x))).map(|w| w.join(" "))
}

/// The Chinese text without another program's words (minijinja's, the YAML parser's): they
/// follow a translated lead sentence as they are, so they end both languages alike
/// (`template syntax error: unexpected end of string` → `模板语法错误：unexpected end of string`).
fn without_detail<'a>(en: &str, zh: &'a str) -> &'a str {
    let lead = zh.match_indices('：').find(|(i, c)| {
        let detail = &zh[i + c.len()..];
        !detail.is_empty() && en.strip_suffix(detail).is_some_and(|lead| lead.ends_with(": "))
    });
    lead.map_or(zh, |(i, _)| &zh[..i])
}

#[test]
fn every_diagnostic_has_a_chinese_translation() {
    // Only a detail after a translated lead is set aside, never an untranslated text.
    assert_eq!(without_detail("bad thing: the detail", "坏事：the detail"), "坏事");
    assert_eq!(without_detail("no lead: the detail", "no lead: the detail"), "no lead: the detail");
    let mut texts = BTreeSet::new();
    for path in inputs() {
        match read(&Candidate { path: path.clone(), named: true }) {
            Ok(Some(file)) => {
                texts_of(&file.text, &mut texts);
            }
            Err(ReadError::Invalid(_, _, d)) => texts_of_one(&d, &mut texts),
            other => panic!("{}: {other:?}", path.display()),
        }
    }
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
    let variants = VARIANTS.iter().map(std::slice::from_ref).chain(TWO_CHANGES.iter().map(|v| &v[..]));
    for changes in variants {
        let mut spec = base.clone();
        for (from, to) in changes {
            if from.is_empty() {
                spec = to.to_string();
            } else {
                assert!(spec.contains(from), "tests/data/base.yaml no longer contains {from:?}");
                spec = spec.replacen(from, to, 1);
            }
        }
        assert!(texts_of(&spec, &mut texts) > 0, "the variant {changes:?} finds nothing any more");
    }
    for r in Rule::ALL {
        texts.insert((r.summary(Lang::En).to_string(), r.summary(Lang::Zh).to_string()));
    }
    let mut missing = Vec::new();
    for (en, zh) in &texts {
        if let Some(english) = english_left(without_detail(en, zh)) {
            missing.push(format!("{en}  (English left: `{english}` in {zh})"));
        }
    }
    for m in &missing {
        println!("MISSING: {m}");
    }
    assert!(
        missing.is_empty(),
        "{} of {} texts have no Chinese translation (run with --nocapture)",
        missing.len(),
        texts.len()
    );
}

#[test]
fn chinese_output_is_chinese() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/no-gate.yaml")).unwrap();
    let outcome = check(&text, &Options { lang: Lang::Zh, ..Options::default() });
    let d = outcome.diagnostics.iter().find(|d| d.rule == Rule::NoGate).unwrap();
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert!(cjk(d.message.get(Lang::Zh)) && cjk(d.help.as_ref().unwrap().get(Lang::Zh)), "{d:?}");
    assert_eq!(d.rule.name(), "no-gate", "rule names stay as they are");
}

#[test]
fn every_rule_has_chinese_docs_with_the_headings() {
    for rule in Rule::ALL {
        let d = rule.docs(Lang::Zh);
        for h in ["## 检查什么", "## 为什么", "## 示例", "改为"] {
            assert!(d.contains(h), "Chinese docs of {rule} lack {h}");
        }
    }
}

/// The Chinese page has the English page's sections and examples: when a doc comment
/// changes, its translation must change too. Prose between `…` marks inside an example may
/// be translated.
#[test]
fn chinese_docs_follow_the_english_docs() {
    let headings = |d: &str| -> Vec<String> {
        d.lines()
            .filter(|l| l.starts_with("## ") || l.starts_with("Use instead") || l.starts_with("改为"))
            .map(|l| match l {
                "## What it does" => "## 检查什么".to_string(),
                "## Why is this bad?" => "## 为什么".to_string(),
                "## Example" => "## 示例".to_string(),
                "## Configuration" => "## 配置".to_string(),
                l if l.starts_with("Use instead") || l.starts_with("改为") => "改为".to_string(),
                l => l.to_string(),
            })
            .collect()
    };
    let examples = |d: &str| -> Vec<String> {
        d.split("```yaml\n")
            .skip(1)
            .map(|b| {
                let block = b.split("```").next().unwrap_or_default();
                let mut out = String::new();
                for (i, part) in block.split('…').enumerate() {
                    if i % 2 == 0 {
                        out.push_str(part);
                    }
                }
                out
            })
            .collect()
    };
    let mut names = BTreeSet::new();
    for rule in Rule::ALL {
        let (en, zh) = (rule.docs(Lang::En), rule.docs(Lang::Zh));
        assert_eq!(headings(en), headings(zh), "sections of the Chinese docs of {rule}");
        assert_eq!(examples(en), examples(zh), "examples of the Chinese docs of {rule}");
        names.insert(rule.name());
    }
    assert_eq!(names.len(), 65);
}

/// `commspec ARGS` from the crate root, with the locale given as `(variable, value)` pairs
/// and every other locale variable removed.
fn commspec(args: &[&str], locale: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_commspec"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR")).env("COLUMNS", "100").env("NO_COLOR", "1");
    for var in ["LC_ALL", "LC_MESSAGES", "LANG", "GITHUB_ACTIONS"] {
        cmd.env_remove(var);
    }
    cmd.envs(locale.iter().copied());
    let out = cmd.output().expect("run commspec");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn golden_chinese_check_output() {
    let (code, out) = commspec(
        &[
            "--lang",
            "zh",
            "check",
            "--format",
            "short",
            "tests/fixtures/no-sop-3.yaml",
            "tests/fixtures/unused-suppression.yaml",
            "tests/fixtures/sop-outside-term-3.yaml",
            "tests/fixtures/understaffed.yaml",
        ],
        &[],
    );
    // The fixtures share one community id, so each after the first also has `duplicate-id`.
    let expected = "\
tests/fixtures/no-sop-3.yaml:8:1: warning[no-conduct-rules]: 群没有群规
tests/fixtures/no-sop-3.yaml:8:1: error[no-gate]: 社群没有入群门槛
tests/fixtures/no-sop-3.yaml:8:1: warning[no-rights]: 社群没有向成员承诺任何权益
tests/fixtures/no-sop-3.yaml:8:1: warning[no-sop]: 社群没有 SOP
tests/fixtures/unused-suppression.yaml:8:7: error[duplicate-id]: 社群 id `math-grade3` 已被 `tests/fixtures/no-sop-3.yaml` 使用
tests/fixtures/unused-suppression.yaml:12:35: warning[unused-suppression]: `multiple-themes` 在这里被抑制，但它并没有触发
tests/fixtures/unused-suppression.yaml:12:52: warning[unused-suppression]: 抑制注释中有未知的规则 `no-gat`
tests/fixtures/unused-suppression.yaml:38:19: warning[unused-suppression]: `unknown-key` 是错误类，不能被抑制
";
    let (head, tail) = out.split_at(expected.len().min(out.len()));
    assert_eq!(head, expected);
    assert!(tail.contains("error[sop-outside-term]: 步骤 `warmup` 落在第 -9 天，早于第 1 天，永远不会执行"), "{tail}");
    assert!(
        tail.contains("warning[understaffed]: 角色 `owner` 共需 4 个席位（4 个群 × 每群 1 人），但 2 人 × 每人 1 个群只能覆盖 2 个"),
        "{tail}"
    );
    assert_eq!(code, 1, "an error was found");

    // The help texts, through the JSON report.
    let (_, json) =
        commspec(&["--lang", "zh", "check", "--format", "json", "tests/fixtures/unused-suppression.yaml"], &[]);
    let items: serde_json::Value = serde_json::from_str(&json).unwrap();
    let helps: Vec<&str> = items.as_array().unwrap().iter().map(|d| d["help"].as_str().unwrap()).collect();
    assert_eq!(helps, ["删除这条抑制注释", "是不是想写 `no-gate`？", "请直接修正问题；只有 lint 规则可以被允许"]);
}

#[test]
fn golden_chinese_summary_lines() {
    let last = |args: &[&str]| commspec(args, &[]).1.lines().last().unwrap_or_default().to_string();
    assert_eq!(last(&["--lang", "zh", "check", "tests/fixtures/clean.yaml"]), "commspec：已检查 1 个文件，未发现问题");
    assert_eq!(
        last(&["--lang", "zh", "check", "tests/fixtures/clean.yaml", "examples/flash.yaml"]),
        "commspec：已检查 2 个文件，未发现问题"
    );
    // `duplicate-id.yaml` repeats a role id, and also `no-gate.yaml`'s community id.
    assert_eq!(
        last(&[
            "--lang",
            "zh",
            "check",
            "tests/fixtures/no-gate.yaml",
            "examples/flash.yaml",
            "tests/fixtures/duplicate-id.yaml"
        ]),
        "commspec：共检查 3 个文件，其中 2 个有问题：3 个错误，0 个警告"
    );
    assert_eq!(
        last(&["--lang", "zh", "check", "tests/fixtures/no-sop-3.yaml"]),
        "commspec：共检查 1 个文件，其中 1 个有问题：1 个错误，3 个警告"
    );
}

#[test]
fn golden_chinese_explain_page() {
    let (code, out) = commspec(&["--lang", "zh", "explain", "no-gate"], &[]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "\
# no-gate

`gates` 为空：任何人都能进群（默认级别：deny）

## 检查什么
当 `gates` 缺失或为空时默认报错：任何人都能进入社群。这是社群运营「最大的忌讳」，
所以默认是错误，除非规格降低它的级别（`lints: { no-gate: warn }`）。

## 为什么
「社群最忌讳没有门槛」：没有门槛，非目标用户就会涌进来，
群里充斥广告，成员也不再珍惜这个群。付费、身份、动作、邀请或推荐门槛能把他们挡在外面，
并提高成员的投入度。

## 示例
```yaml
gates: []
```

改为：
```yaml
gates:
  - type: identity
    requirement: 三年级学生家长
    verify: manual
```
"
    );
}

#[test]
fn the_locale_picks_chinese_and_the_flag_wins() {
    let args = ["check", "--format", "short", "tests/fixtures/no-gate.yaml"];
    let zh = "tests/fixtures/no-gate.yaml:4:1: error[no-gate]: 社群没有入群门槛\n";
    let en = "tests/fixtures/no-gate.yaml:4:1: error[no-gate]: the community has no entry gate\n";
    assert_eq!(commspec(&args, &[]).1, en, "English is the default");
    assert_eq!(commspec(&args, &[("LANG", "zh_CN.UTF-8")]).1, zh);
    assert_eq!(commspec(&args, &[("LC_ALL", "zh_TW.UTF-8"), ("LANG", "en_US.UTF-8")]).1, zh, "LC_ALL comes first");
    assert_eq!(commspec(&args, &[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")]).1, en, "LC_ALL=C means English");
    let mut flagged = vec!["--lang", "en"];
    flagged.extend(args);
    assert_eq!(commspec(&flagged, &[("LANG", "zh_CN.UTF-8")]).1, en, "--lang en overrides the locale");
    let (_, explain) = commspec(&["explain", "no-gate"], &[("LANG", "zh_CN.UTF-8")]);
    assert!(explain.contains("## 检查什么"), "{explain}");
}

#[test]
fn keys_full_of_separators_are_reported_in_chinese_as_fast_as_in_english() {
    // Found by an attack: six unknown keys like these, each with an odd backtick and many
    // `; `, `. `, `? `, ran into the 60 s watchdog under `--lang zh` (0.04 s in English).
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
    let key = "a`b; c. d? e; f. g? h; i. j? k; l. m? n; o. p? q; r. s? t u";
    let keys: String = (0..6).map(|i| format!("  \"{key}{i}\": 1\n")).collect();
    let text = base.replacen("  capacity: 200\n", &format!("  capacity: 200\n{keys}"), 1);
    let dir = common::TempDir::new("i18n-keys");
    let path = dir.write("keys.yaml", text);
    let (code, out) = commspec(&["--lang", "zh", "check", "--format", "short", path.to_str().unwrap()], &[]);
    assert_eq!(code, 1, "{out}");
    // Every key reported (the watchdog would have stopped commspec before it printed any).
    assert_eq!(out.matches("error[unknown-key]").count(), 6, "{out}");
}

#[test]
fn a_matrix_variable_that_templates_cannot_use_is_said_in_plain_words_without_an_empty_help() {
    // Found in review: the message was a raw regex and an empty help printed a bare `帮助：`.
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
    assert!(base.contains("  count: 2\n"), "tests/data/base.yaml has `count: 2`");
    let text = base.replacen("  count: 2\n", "  count: 2\n  matrix:\n    City-x: [a]\n", 1);
    let found = check(&text, &Options::default()).diagnostics;
    let d = found.iter().find(|d| d.rule == Rule::InvalidValue).unwrap_or_else(|| panic!("{found:?}"));
    assert!(d.message.en().contains("cannot be a template variable"), "{}", d.message.en());
    assert!(d.message.get(Lang::Zh).contains("不能作为模板变量名"), "{}", d.message.get(Lang::Zh));
    assert!(d.help.as_ref().is_none_or(|h| !h.en().is_empty()), "an empty help: {d:?}");
    let shown = commspec::report::human(
        &commspec::report::FileReport { name: "s.yaml", text: &text, diagnostics: &found, lang: Lang::Zh },
        false,
        100,
    );
    assert!(!shown.lines().any(|l| l.trim_end() == "帮助："), "{shown}");
}

#[test]
fn an_unknown_inviter_lists_member_once() {
    // Found in review: "known: owner, member; or use a role id, or `member`".
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/base.yaml")).unwrap();
    let gate = "  - type: identity\n    requirement: 老客\n    verify: order\n";
    let text = base.replacen(gate, "  - type: invite\n    by: 老顾客\n", 1);
    assert_ne!(text, base, "tests/data/base.yaml has an identity gate");
    let found = check(&text, &Options::default()).diagnostics;
    let d = found.iter().find(|d| d.rule == Rule::UnknownReference).unwrap_or_else(|| panic!("{found:?}"));
    let help = d.help.as_ref().expect("a help");
    for said in [help.en(), help.get(Lang::Zh)] {
        assert_eq!(said.matches("member").count(), 1, "{said}");
    }
    assert!(help.en().ends_with("or declare it under `roles`"), "{}", help.en());
}
