//! The funnel and fission (拉新漏斗与裂变) and the segments operators act on (用户分层), end to
//! end: specs varied from tests/data/base.yaml (2 groups of 200 = 400 seats), checked and built.

mod common;

use common::{TempDir, base_with, check_json, exec, line_of};
use serde_json::Value;

/// The base spec with these admission channels (each tagged `来源/海报`) and `extra` admission keys.
fn with_channels(channels: &[&str], extra: &str) -> String {
    let listed: String =
        channels.iter().enumerate().map(|(i, c)| format!("    - {{ id: c{i}, tag: 来源/海报, {c} }}\n")).collect();
    base_with(
        "admission:\n  methods: [invite]\n",
        &format!(
            "admission:\n  methods: [invite]\n  channels:\n{listed}{extra}tags: [{{ group: 来源, tags: [海报] }}]\n"
        ),
    )
}

/// The diagnostics of checking `spec`: (rule, line, message).
fn check(dir: &TempDir, spec: &str) -> Vec<(String, u64, String)> {
    let path = dir.write("spec.yaml", spec);
    let run = check_json(&path, &[]);
    run.json()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["message"].to_string()))
        .collect()
}

fn rules(found: &[(String, u64, String)]) -> Vec<&str> {
    found.iter().map(|(r, _, _)| r.as_str()).collect()
}

#[test]
fn the_funnel_compares_exposure_times_join_rate_with_the_seats() {
    let dir = TempDir::new("funnel");
    // 5000 × 7% = 350 members for 400 seats: one group full, the other not.
    let spec = with_channels(&["exposure: 5000, join_rate: 7%"], "");
    let found = check(&dir, &spec);
    assert_eq!(rules(&found), ["funnel-underfills"], "{found:?}");
    assert_eq!(found[0].1 as usize, line_of(&spec, "  channels:"));
    assert!(found[0].2.contains("about 350 members") && found[0].2.contains("400 seats"), "{}", found[0].2);
    assert!(found[0].2.contains("enough for 1 of 2 groups"), "{}", found[0].2);
    // Two channels add up: 200 + 200 fill the seats exactly.
    let spec = with_channels(&["exposure: 5000, join_rate: 4%", "exposure: 2000, join_rate: 10%"], "");
    assert_eq!(check(&dir, &spec), []);
    // 1.5 × the seats is planning slack; one member more is an overflow.
    assert_eq!(check(&dir, &with_channels(&["exposure: 10000, join_rate: 6%"], "")), []);
    let found = check(&dir, &with_channels(&["exposure: 10000, join_rate: 6.01%"], ""));
    assert_eq!(rules(&found), ["funnel-overfills"], "{found:?}");
    assert!(found[0].2.contains("about 601 members"), "{}", found[0].2);
}

#[test]
fn a_channel_without_exposure_or_join_rate_leaves_the_funnel_unchecked() {
    let dir = TempDir::new("funnel-partial");
    // Far under the seats, but the second channel's members are unknown.
    let spec = with_channels(&["exposure: 100, join_rate: 1%", "exposure: 100000"], "");
    assert_eq!(check(&dir, &spec), []);
    let spec = with_channels(&["exposure: 100, join_rate: 1%", "join_rate: 50%"], "");
    assert_eq!(check(&dir, &spec), []);
}

#[test]
fn a_join_rate_past_100_percent_is_refused_where_written() {
    let dir = TempDir::new("funnel-rate");
    let spec = with_channels(&["exposure: 5000, join_rate: 120%"], "");
    let found = check(&dir, &spec);
    assert_eq!(rules(&found), ["invalid-value"], "{found:?}");
    assert_eq!(found[0].1 as usize, line_of(&spec, "120%"));
}

#[test]
fn fission_costs_the_bait_over_the_invites_per_member_to_the_cent() {
    let dir = TempDir::new("fission");
    let fission = |ceiling: &str| {
        format!(
            "  max_cost_per_member: {ceiling}\n  fission:\n    bait: {{ name: 题库, unit_cost: 10 }}\n    invites: 3\n"
        )
    };
    // ¥10 ÷ 3 = ¥3.33 a member.
    let spec = with_channels(&["exposure: 5000, join_rate: 8%"], &fission("3.33"));
    assert_eq!(check(&dir, &spec), []);
    let spec = with_channels(&["exposure: 5000, join_rate: 8%"], &fission("3.3"));
    let found = check(&dir, &spec);
    assert_eq!(rules(&found), ["fission-too-costly"], "{found:?}");
    assert_eq!(found[0].1 as usize, line_of(&spec, "unit_cost: 10"));
    assert!(found[0].2.contains("costs ¥3.33 (a ¥10 bait per 3 invited), above the ceiling of ¥3.3"), "{}", found[0].2);
    // Without a ceiling there is nothing to exceed.
    let spec = with_channels(
        &["exposure: 5000, join_rate: 8%"],
        "  fission:\n    bait: { name: 题库, unit_cost: 1000 }\n    invites: 1\n",
    );
    assert_eq!(check(&dir, &spec), []);
}

/// The base spec with the segments `loyal` (tag `分层/忠实型`, a purchases rule) and its
/// second step replaced by `step`.
fn with_segment(step: &str) -> String {
    base_with("      role: helper\n      message: 本群明天解散\n", &format!("      role: helper\n      message: 本群明天解散\n{step}"))
        .replacen(
            "admission:\n",
            "tags: [{ group: 分层, tags: [忠实型] }]\nsegments:\n  - id: loyal\n    criteria: 复购老客\n    rule: { measure: purchases, target: \">= 2\", within: 30d }\n    tag: 分层/忠实型\nadmission:\n",
            1,
        )
}

const VIP_STEP: &str = "    - id: vip\n      title: 老客加赠\n      when: {day: 2, at: \"10:00\"}\n      channel: CHANNEL\n      role: owner\n      segment: SEGMENT\n      message: 老朋友专属加赠\n";

fn vip(channel: &str, segment: &str) -> String {
    with_segment(&VIP_STEP.replace("CHANNEL", channel).replace("SEGMENT", segment))
}

#[test]
fn a_step_goes_to_a_declared_segment_in_a_private_chat_or_moments_only() {
    let dir = TempDir::new("segment-check");
    assert_eq!(check(&dir, &vip("private", "loyal")), []);
    assert_eq!(check(&dir, &vip("moments", "loyal")), []);
    // A group message reaches the whole group.
    let spec = vip("group", "loyal");
    let found = check(&dir, &spec);
    assert_eq!(rules(&found), ["invalid-value"], "{found:?}");
    assert_eq!(found[0].1 as usize, line_of(&spec, "segment: loyal"));
    assert!(
        found[0].2.contains("`segment` selects recipients of `private` and `moments` steps only"),
        "{}",
        found[0].2
    );
    let spec = vip("private", "loyl");
    let found = check(&dir, &spec);
    assert_eq!(rules(&found), ["unknown-reference"], "{found:?}");
    assert_eq!(found[0].1 as usize, line_of(&spec, "segment: loyl"));
    assert!(found[0].2.contains("unknown segment `loyl`"), "{}", found[0].2);
}

#[test]
fn a_segments_tag_is_a_declared_tag() {
    let dir = TempDir::new("segment-tag");
    let spec = vip("private", "loyal").replacen("tag: 分层/忠实型", "tag: 分层/忠诚型", 1);
    let found = check(&dir, &spec);
    assert_eq!(rules(&found), ["unknown-reference"], "{found:?}");
    assert_eq!(found[0].1 as usize, line_of(&spec, "tag: 分层/忠诚型"));
}

fn built(dir: &TempDir, spec: &str) -> (Value, std::path::PathBuf) {
    let path = dir.write("spec.yaml", spec);
    let out = dir.join("out");
    let mut cmd = common::commspec(&["build", "-o"]);
    cmd.arg(&out).arg(&path);
    let run = exec(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let folder = out.join("demo");
    let plan = std::fs::read_to_string(folder.join("plan.json")).unwrap();
    (serde_json::from_str(&plan).unwrap(), folder)
}

#[test]
fn operators_are_told_who_a_segment_is_and_which_steps_go_to_it_only() {
    let dir = TempDir::new("segment-build");
    let (plan, folder) = built(&dir, &vip("private", "loyal"));
    let segment = &plan["segments"][0];
    assert_eq!(segment["tag"], "分层/忠实型");
    assert_eq!(segment["rule"]["measure"]["value"], "purchases");
    assert_eq!(segment["rule"]["within"], "30d");
    assert_eq!(segment["rule"]["summary"], "近30天购买次数不低于 2");
    let note = "仅发给：忠实型（标签 分层/忠实型）";
    let vip = plan["schedule"].as_array().unwrap().iter().find(|t| t["step"] == "vip").expect("the vip task");
    assert_eq!(vip["segment"]["note"], note);
    let readme = std::fs::read_to_string(folder.join("README.md")).unwrap();
    assert!(
        readme.contains("| 忠实型 | 复购老客<br>近30天购买次数不低于 2 | 客户标签「分层/忠实型」：按判定规则打标签 |"),
        "{readme}"
    );
    let csv = std::fs::read_to_string(folder.join("sop.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains("老客加赠")).collect();
    assert_eq!(rows.len(), 2, "one row per group");
    assert!(rows.iter().all(|r| r.contains(&format!(",私聊,{note},"))), "{rows:?}");
    // Steps for everyone say nothing of segments.
    assert!(!csv.lines().filter(|l| l.contains("开群问候")).any(|l| l.contains("仅发给")), "{csv}");
}

#[test]
fn setup_lists_what_fission_needs_with_the_baits_for_every_seat() {
    let dir = TempDir::new("fission-build");
    let fission = "  max_cost_per_member: 5\n  fission:\n    bait: { name: 题库, unit_cost: 9.9 }\n    invites: 3\n    rewards: [邀请 10 人送 1v1 答疑]\n    poster: { type: image, name: 海报.png }\n";
    let (plan, folder) = built(&dir, &with_channels(&["exposure: 5000, join_rate: 8%"], fission));
    let f = &plan["admission"]["fission"];
    assert_eq!((f["cost_per_member"].as_str(), f["baits"].as_u64()), (Some("¥3.3"), Some(134)), "{f}");
    assert_eq!(
        (plan["admission"]["expected_joins"].as_u64(), plan["admission"]["seats"].as_u64()),
        (Some(400), Some(400))
    );
    let setup = std::fs::read_to_string(folder.join("setup.md")).unwrap();
    for line in [
        "- [ ] 准备诱饵「题库」（单价 ¥9.9）：每位成员邀请 3 位新成员进群送一份；按全部 400 个名额都经裂变进群计，最多需要 134 份",
        "- [ ] 准备裂变海报：图片：海报.png",
        "- [ ] 准备奖励：邀请 10 人送 1v1 答疑",
        "；预计曝光 5000 人，入群率 8%，预计入群 400 人",
    ] {
        assert!(setup.contains(line), "setup.md lacks {line:?}:\n{setup}");
    }
    let readme = std::fs::read_to_string(folder.join("README.md")).unwrap();
    assert!(readme.contains("每位新成员的获客成本 ¥3.3（上限 ¥5）"), "{readme}");
}
