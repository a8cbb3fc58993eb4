//! The words operators use: Chinese labels and synonyms for enum values, keys written as
//! their Chinese terms or in the wrong section, and ids with a `-` in templates. Each case
//! runs the binary on a real file and reads what it says, in both languages.

mod common;

use std::path::Path;

use common::{TempDir, base, base_with, check_json, commspec, exec};
use serde_json::Value;

/// The JSON diagnostics of `text` in `lang`.
fn diagnostics(text: &str, lang: &str) -> Vec<Value> {
    let dir = TempDir::new("words");
    let path = dir.write("commspec.yaml", text);
    check_json(&path, &["--lang", lang]).json()
}

/// The one diagnostic of `text`, in English and in Chinese.
#[track_caller]
fn only(text: &str) -> (Value, Value) {
    let (en, zh) = (diagnostics(text, "en"), diagnostics(text, "zh"));
    assert_eq!((en.len(), zh.len()), (1, 1), "{en:#?}");
    (en[0].clone(), zh[0].clone())
}

/// `plan.json` of `text`, built.
fn plan(text: &str) -> Value {
    let dir = TempDir::new("words-build");
    let path = dir.write("commspec.yaml", text);
    let out = dir.join("out");
    let mut cmd = commspec(&["build", "--out"]);
    cmd.arg(&out).arg(&path);
    let run = exec(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan = std::fs::read(Path::new(&out).join("demo").join("plan.json")).expect("plan.json written");
    serde_json::from_slice(&plan).expect("plan.json is JSON")
}

/// `base` with each `(from, to)` replaced, each once.
fn replaced(base: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(base.to_string(), |text, (from, to)| {
        assert_eq!(text.matches(from).count(), 1, "`{from}`");
        text.replacen(from, to, 1)
    })
}

#[test]
fn synonyms_compile_to_the_same_plan_as_the_english_values() {
    let english = base_with("type: welfare", "type: course");
    let words = replaced(
        &base(),
        &[
            ("type: welfare", "type: 训练营"),
            ("type: admin", "type: 群管"),
            ("forbid: [ads]", "forbid: [打广告]"),
            ("penalty: [warn, kick]", "penalty: [警告, 踢出]"),
        ],
    );
    let plan_en = plan(&english);
    assert_eq!(plan_en["community"]["type"], "course", "{:#}", plan_en["community"]);
    assert_eq!(plan(&words), plan_en);
}

#[test]
fn koc_is_the_member_played_core_role() {
    let roles = "roles:\n  - id: koc\n    type: KOC\n    title: 打卡榜样\n";
    let as_core = "roles:\n  - id: koc\n    type: core\n    title: 打卡榜样\n";
    let plan_koc = plan(&base_with("roles:\n", roles));
    assert_eq!(plan_koc, plan(&base_with("roles:\n", as_core)));
    let koc = plan_koc["roles"].as_array().unwrap().iter().find(|r| r["id"] == "koc").expect("the KOC role");
    assert_eq!(koc["type"], "core", "{koc:#}");
}

#[test]
fn a_key_written_as_its_chinese_term_is_named_by_the_key_it_means() {
    let text = base_with("  capacity: 200", "  群容量: 200");
    let (en, zh) = only(&text);
    assert_eq!(
        (en["rule"].as_str(), en["line"].as_u64(), en["column"].as_u64()),
        (Some("unknown-key"), Some(16), Some(3))
    );
    assert_eq!(en["message"], "unknown key `群容量` in `groups`");
    assert_eq!(en["help"], "`群容量` is `capacity` here: write `capacity: 200`");
    assert_eq!(zh["help"], "`群容量` 在这里写作 `capacity`：写成 `capacity: 200`");
}

#[test]
fn a_key_of_another_section_is_told_where_it_belongs() {
    let text = base_with("  theme: 福利\n", "  theme: 福利\n  capacity: 100\n");
    let (en, zh) = only(&text);
    assert_eq!(
        (en["rule"].as_str(), en["line"].as_u64(), en["column"].as_u64()),
        (Some("unknown-key"), Some(11), Some(3))
    );
    assert_eq!(en["help"], "`capacity` belongs in `groups`: move it there");
    assert_eq!(zh["help"], "`capacity` 应写在 `groups` 下：把它移过去");
    // Its Chinese term, in the wrong section, is named and placed at once.
    let text = base_with("  theme: 福利\n", "  theme: 福利\n  日活目标: 30\n");
    let (en, _) = only(&text);
    assert_eq!(en["help"], "`日活目标` is `active_target` in `groups`: move it there as `active_target`");
}

#[test]
fn an_unknown_value_lists_the_values_with_their_chinese_labels() {
    let text = base_with("type: welfare", "type: 训练");
    let (en, zh) = only(&text);
    assert_eq!(en["rule"], "invalid-value");
    assert_eq!(
        en["help"],
        "did you mean `训练营`? expected one of: lead (引流群), welfare (福利群), flash (快闪群), course (课程群), \
         member (会员群), content (内容群), resource (资源群), service (服务群)"
    );
    assert_eq!(
        zh["help"],
        "是不是想写 `训练营`？可选值：lead（引流群）、welfare（福利群）、flash（快闪群）、course（课程群）、\
         member（会员群）、content（内容群）、resource（资源群）、service（服务群）"
    );
}
