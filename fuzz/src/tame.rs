//! The tame half of the `check_spec` generator: specs that are valid by construction (ids
//! unique, references declared, days inside the term, shapes complete, limits respected)
//! with arbitrary values inside those bounds, so most reach compile, render, the lints and
//! the build, where the wild half stops at the schema.

use arbitrary::{Result, Unstructured};
use serde_yaml::{Mapping, Value};

use crate::generate::{len, map, rare, s};

const ROLE_IDS: &[&str] = &["owner", "admin", "kol", "helper", "a-b", "z9"];
const ROLE_TYPES: &[&str] = &["lead", "admin", "kol", "atmosphere", "expert", "core", "mascot", "管理员", "气氛组"];
const PHASE_IDS: &[&str] = &["activation", "retention", "monetization", "p-4"];
const TAG_GROUPS: &[(&str, &[&str])] = &[
    ("来源", &["小红书", "公众号", "老学员推荐"]),
    ("年级", &["一年级", "二年级", "三年级"]),
    ("状态", &["掉队", "全勤", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"]),
];
const MATRIX: &[(&str, &[&str])] = &[("city", &["成都", "重庆", "北京"]), ("subject", &["数学", "英语", "语文"])];
const WORDS: &[&str] =
    &["欢迎", "大家好", "今天", "福利", "🎉", "打卡", "Hello", " ", "\n", "，", "%NICKNAME%", "e\u{301}"];

/// Names of things that exist while generating, for references.
struct Scope {
    roles: Vec<&'static str>,
    phases: Vec<(&'static str, i64)>,
    tags: Vec<String>,
    matrix: Vec<&'static str>,
    segments: Vec<&'static str>,
    /// Days the plan covers: the term, or the horizon of an ongoing community.
    days: i64,
    finite: bool,
    start: Option<(u32, u32, u32)>,
}

fn pick<'a>(u: &mut Unstructured, from: &[&'a str]) -> Result<&'a str> {
    u.choose(from).copied()
}

/// One line of plain text: words from the pool or arbitrary text without template
/// delimiters, and without the control characters `check` refuses in names and titles (so
/// tame specs reach the lints and the build).
fn text(u: &mut Unstructured) -> Result<Value> {
    let mut out = String::new();
    for _ in 0..=len(u, 4)? {
        if rare(u, 4)? {
            let t: String = u.arbitrary()?;
            out.extend(t.chars().filter(|c| !matches!(c, '{' | '}' | '%' | '#')).take(40));
        } else {
            out.push_str(pick(u, WORDS)?);
        }
    }
    out.retain(|c| !refused(c));
    Ok(Value::String(out))
}

/// What `check` refuses in a one-line text: control, bidi and line-separator characters.
fn refused(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Up to three distinct WeCom user ids (staff must be ids, not names).
fn staff(u: &mut Unstructured) -> Result<Value> {
    const IDS: &[&str] = &["wang", "li", "zhao.qian", "a-b_c", "t.li@corp", "x9", "Wang2"];
    let from = u.int_in_range(0..=IDS.len() - 1)?;
    let n = u.int_in_range(1..=3)?.min(IDS.len() - from);
    Ok(Value::Sequence(IDS[from..from + n].iter().map(|id| s(id)).collect()))
}

fn texts(u: &mut Unstructured, max: usize) -> Result<Value> {
    let n = len(u, max)?;
    (0..n).map(|_| text(u)).collect::<Result<Vec<_>>>().map(Value::Sequence)
}

fn int(n: i64) -> Value {
    Value::Number(n.into())
}

fn time(u: &mut Unstructured) -> Result<Value> {
    let (h, m) = (u.int_in_range(0..=23)?, u.int_in_range(0..=59)?);
    Ok(Value::String(if rare(u, 4)? { format!("{h}:{m:02}") } else { format!("{h:02}:{m:02}") }))
}

/// `{n}{unit}` for a number of days, in one of the ways of writing it.
fn days_text(u: &mut Unstructured, days: i64) -> Result<String> {
    Ok(match u.int_in_range(0..=3)? {
        0 => format!("{days}天"),
        1 if days % 7 == 0 => format!("{}w", days / 7),
        2 => format!("{}h", days * 24),
        _ => format!("{days}d"),
    })
}

/// A template made of fragments that are defined where it is used, and plain text.
fn template(u: &mut Unstructured, fragments: &[String]) -> Result<Value> {
    let mut out = String::new();
    for _ in 0..len(u, 6)? {
        match u.int_in_range(0..=2)? {
            0 => out.push_str(pick(u, WORDS)?),
            _ => out.push_str(u.choose(fragments)?),
        }
    }
    Ok(Value::String(out))
}

/// What every template but the group name sees.
const GROUP_FRAGMENTS: &[&str] = &[
    "{{ community.name }}",
    "{{ group.name }}",
    "{{ group.n }}",
    "{{ roles.owner.type }}",
    "{{ roles.owner.title|default('群主') }}",
    "{{ lifecycle.term }}",
    "{{ content.sop|length }}",
    "{% for i in range(3) %}{{ i }}、{% endfor %}",
    "{% if group.n is even %}双{% else %}单{% endif %}",
    "{{ community.name|upper }}",
    "{{ monetization.offers|map(attribute='name')|join('、') }}",
    "{{ rights.content|join('，') }}",
    "{{ gates|length }}",
];

pub fn spec(u: &mut Unstructured) -> Result<Value> {
    let mut m: Vec<(&str, Value)> = vec![("commspec", int(1))];
    if rare(u, 3)? {
        m.push(("timezone", s(pick(u, &["Asia/Shanghai", "UTC", "Asia/Tokyo", "Asia/Kolkata", "Asia/Urumqi"])?)));
    }
    let mut community = vec![
        ("id", s(pick(u, &["demo", "math-grade3", "a", "x-1"])?)),
        ("name", text(u)?),
        ("type", s(pick(u, &["lead", "welfare", "flash", "course", "member", "content", "resource", "service"])?)),
        ("goal", s(pick(u, &["awareness", "sales", "retention", "service", "用户粘性"])?)),
    ];
    for key in ["slogan", "vision", "theme"] {
        if u.arbitrary()? {
            community.push((key, text(u)?));
        }
    }
    m.push(("community", map(community)));

    // Lifecycle first: it bounds every day below.
    let start = if u.arbitrary()? {
        Some((u.int_in_range(1970..=2100)?, u.int_in_range(1..=12)?, u.int_in_range(1..=28)?))
    } else {
        None
    };
    let finite = !rare(u, 4)?;
    let days: i64 = if rare(u, 8)? { u.int_in_range(1..=3660)? } else { u.int_in_range(1..=60)? };
    let mut lifecycle = Vec::new();
    if let Some((y, mo, d)) = start {
        lifecycle.push(("start", Value::String(format!("{y:04}-{mo:02}-{d:02}"))));
    }
    if finite {
        lifecycle.push(("term", Value::String(days_text(u, days)?)));
        let on_end = pick(u, &["dissolve", "transform", "renew"])?;
        lifecycle.push(("on_end", s(on_end)));
        if on_end == "transform" {
            lifecycle.push(("transform_into", text(u)?));
        }
    } else {
        lifecycle.push(("term", s(pick(u, &["ongoing", "长期"])?)));
        if u.arbitrary()? {
            lifecycle.push(("horizon", Value::String(days_text(u, days)?)));
        }
    }
    let days = if finite || lifecycle.iter().any(|(k, _)| *k == "horizon") { days } else { 28 };
    let mut phases = Vec::new();
    let mut phase_values = Vec::new();
    let mut from = 1;
    for id in PHASE_IDS.iter().take(len(u, 3)?) {
        if from > days {
            break;
        }
        let to = u.int_in_range(from..=days)?;
        let mut p = vec![("id", s(id)), ("from_day", int(from)), ("to_day", int(to))];
        if u.arbitrary()? {
            p.push(("name", text(u)?));
        }
        phase_values.push(map(p));
        phases.push((*id, to - from + 1));
        from = to + 1;
    }
    if !phase_values.is_empty() {
        lifecycle.push(("phases", Value::Sequence(phase_values)));
    }
    m.push(("lifecycle", map(lifecycle)));

    // Groups: names stay unique (each matrix variable and `n` in the name).
    let mut groups = Vec::new();
    let count: i64 = if rare(u, 8)? { u.int_in_range(1..=50)? } else { u.int_in_range(1..=3)? };
    let capacity: i64 = *u.choose(&[200, 1, 100, 150, 199, 200, 201, 499, 500])?;
    groups.push(("capacity", int(capacity)));
    if u.arbitrary()? {
        groups.push(("active_target", int(u.int_in_range(0..=capacity)?)));
    }
    groups.push(("count", int(count)));
    // Staggered cohorts need a start; the last cohort's term stays inside the planned days.
    if start.is_some() && finite && rare(u, 3)? {
        let room = (3660 - days) / (count - 1).max(1);
        if room >= 1 {
            let stagger = u.int_in_range(1..=room.min(30))?;
            groups.push(("stagger", Value::String(format!("{stagger}{}", pick(u, &["d", "天"])?))));
        }
    }
    let mut matrix = Mapping::new();
    let mut matrix_keys = Vec::new();
    for (key, values) in MATRIX.iter().take(len(u, 2)?) {
        let n = u.int_in_range(1..=values.len())?;
        matrix.insert(s(key), Value::Sequence(values[..n].iter().map(|v| s(v)).collect()));
        matrix_keys.push(*key);
    }
    if u.arbitrary()? {
        let mut name: String = pick(u, WORDS)?.chars().filter(|c| !refused(*c)).collect();
        for k in &matrix_keys {
            name.push_str(&format!("{{{{ {k} }}}}"));
        }
        name.push_str("{{ n }}群");
        groups.push(("name", Value::String(name)));
    }
    if !matrix.is_empty() {
        groups.push(("matrix", Value::Mapping(matrix)));
    }
    m.push(("groups", map(groups)));

    if u.arbitrary()? {
        m.push(("rights", map(vec![("content", texts(u, 3)?), ("social", texts(u, 2)?), ("service", texts(u, 2)?)])));
    }

    // Roles: an owner, then others with unique ids.
    let mut roles = vec![map(vec![("id", s("owner")), ("type", s("owner")), ("staff", staff(u)?)])];
    let mut role_ids = vec!["owner"];
    for id in ROLE_IDS[1..].iter().take(len(u, 4)?) {
        let mut r = vec![("id", s(id)), ("type", s(pick(u, ROLE_TYPES)?))];
        if u.arbitrary()? {
            r.push(("title", text(u)?));
        }
        if u.arbitrary()? {
            r.push(("per_group", int(u.int_in_range(0..=3)?)));
        }
        if u.arbitrary()? {
            r.push(("max_groups", int(u.int_in_range(1..=100)?)));
        }
        r.push(("staff", staff(u)?));
        r.push(("duties", texts(u, 2)?));
        roles.push(map(r));
        role_ids.push(id);
    }

    // Tags.
    let mut tags = Vec::new();
    let mut tag_refs = Vec::new();
    for (group, names) in TAG_GROUPS.iter().take(len(u, 3)?) {
        let n = u.int_in_range(1..=names.len())?;
        let mut g = vec![("group", s(group))];
        if u.arbitrary()? {
            g.push(("kind", s(pick(u, &["customer", "group", "客户标签"])?)));
        }
        if u.arbitrary()? {
            g.push(("dimension", s(pick(u, &["source", "lifecycle", "product", "behaviour", "interest", "来源"])?)));
        }
        g.push(("tags", Value::Sequence(names[..n].iter().map(|t| s(t)).collect())));
        tags.push(map(g));
        tag_refs.extend(names[..n].iter().map(|t| format!("{group}/{t}")));
    }
    let segment_ids: Vec<&str> = if u.arbitrary()? {
        ["loyal", "bargain", "need", "low_need"].into_iter().take(len(u, 4)?).collect()
    } else {
        Vec::new()
    };

    let scope = Scope {
        roles: role_ids,
        phases,
        tags: tag_refs,
        matrix: matrix_keys,
        segments: segment_ids,
        days,
        finite,
        start,
    };

    let gates = (0..len(u, 2)?).map(|_| gate(u, &scope)).collect::<Result<Vec<_>>>()?;
    if !gates.is_empty() {
        m.push(("gates", Value::Sequence(gates)));
    }
    m.push(("admission", admission(u, &scope)?));
    m.push(("roles", Value::Sequence(roles)));
    m.push(("rules", rules(u, &scope)?));
    m.push(("content", content(u, &scope)?));
    if !tags.is_empty() {
        m.push(("tags", Value::Sequence(tags)));
    }
    m.push(("kpis", kpis(u)?));
    m.push(("monetization", monetization(u)?));
    if !scope.segments.is_empty() {
        let segments = scope.segments.iter().map(|id| segment(u, &scope, id)).collect::<Result<Vec<_>>>()?;
        m.push(("segments", Value::Sequence(segments)));
    }
    if rare(u, 4)? {
        let mut lints = Mapping::new();
        for _ in 0..len(u, 3)? {
            lints.insert(
                s(u.choose(&commspec::diagnostics::Rule::lints().collect::<Vec<_>>())?.name()),
                s(pick(u, &["allow", "warn", "deny"])?),
            );
        }
        m.push(("lints", Value::Mapping(lints)));
    }
    Ok(map(m))
}

fn gate(u: &mut Unstructured, scope: &Scope) -> Result<Value> {
    Ok(match u.int_in_range(0..=4)? {
        0 => {
            let amount = *u.choose(&[99.0, 0.0, 9.9, 1999.0, 0.01, 1e6])?;
            let mut g = vec![("type", s("price")), ("amount", Value::Number(amount.into()))];
            if u.arbitrary()? {
                g.push(("currency", s(pick(u, &["CNY", "USD"])?)));
            }
            if u.arbitrary()? {
                g.push(("refund", text(u)?));
            }
            map(g)
        }
        1 => map(vec![
            ("type", s("identity")),
            ("requirement", text(u)?),
            ("verify", s(pick(u, &["survey", "order", "manual", "tag"])?)),
        ]),
        2 => map(vec![("type", s("action")), ("action", text(u)?), ("proof", text(u)?)]),
        3 => {
            let by = if u.arbitrary()? { "member" } else { pick(u, &scope.roles)? };
            map(vec![("type", s("invite")), ("by", s(by))])
        }
        _ => map(vec![("type", s("referral")), ("referrers", int(u.int_in_range(1..=1000)?))]),
    })
}

fn admission(u: &mut Unstructured, scope: &Scope) -> Result<Value> {
    let methods = ["invite", "referral", "activity", "paid", "qrcode"];
    let n = len(u, methods.len())?;
    let mut a = vec![("methods", Value::Sequence(methods[..n].iter().map(|m| s(m)).collect()))];
    let mut channels = Vec::new();
    for id in ["xhs-note", "official", "c23456789012345678901234567890"].iter().take(len(u, 3)?) {
        let mut c = vec![("id", s(id)), ("name", text(u)?)];
        if !scope.tags.is_empty() && u.arbitrary()? {
            c.push(("tag", Value::String(u.choose(&scope.tags)?.clone())));
        }
        if u.arbitrary()? {
            c.push(("exposure", int(u.int_in_range(0..=10_000_000)?)));
        }
        if u.arbitrary()? {
            let rate = if rare(u, 4)? {
                format!("{}.5%", u.int_in_range(0..=99)?)
            } else {
                format!("{}%", u.int_in_range(0..=100)?)
            };
            c.push(("join_rate", Value::String(rate)));
        }
        channels.push(map(c));
    }
    a.push(("channels", Value::Sequence(channels)));
    let mut survey = Vec::new();
    for _ in 0..len(u, 3)? {
        if scope.tags.is_empty() || u.arbitrary()? {
            survey.push(text(u)?);
            continue;
        }
        // Answers are keys: odd ones (`~`, `/`, empty) must be found and located as any other.
        let mut answers = Mapping::new();
        for answer in ["三年级", "~", "a/b", "", "不知道"].into_iter().take(len(u, 5)?) {
            let tag = if rare(u, 4)? { Value::Null } else { Value::String(u.choose(&scope.tags)?.clone()) };
            answers.insert(s(answer), tag);
        }
        survey.push(map(vec![("question", text(u)?), ("answers", Value::Mapping(answers))]));
    }
    a.push(("survey", Value::Sequence(survey)));
    if u.arbitrary()? {
        a.push(("max_cost_per_member", Value::Number((*u.choose(&[0.0, 0.5, 3.0, 30.0, 1e308])?).into())));
    }
    if u.arbitrary()? {
        let unit_cost = *u.choose(&[0.0, 0.01, 6.0, 9.9, 1e9, 1e308])?;
        let mut f = vec![
            ("bait", map(vec![("name", text(u)?), ("unit_cost", Value::Number(unit_cost.into()))])),
            ("invites", int(u.int_in_range(1..=1000)?)),
        ];
        if u.arbitrary()? {
            f.push(("rewards", texts(u, 2)?));
        }
        if u.arbitrary()? {
            f.push(("poster", attachment(u)?));
        }
        a.push(("fission", map(f)));
    }
    Ok(map(a))
}

/// A segment with a declared tag and a rule now and then.
fn segment(u: &mut Unstructured, scope: &Scope, id: &str) -> Result<Value> {
    let mut m = vec![("id", s(id)), ("criteria", text(u)?), ("strategy", text(u)?)];
    if !scope.tags.is_empty() && u.arbitrary()? {
        m.push(("tag", Value::String(u.choose(&scope.tags)?.clone())));
    }
    if u.arbitrary()? {
        let measure = pick(u, &["purchases", "spend", "referrals", "messages", "购买次数"])?;
        let mut rule =
            vec![("measure", s(measure)), ("target", Value::String(format!(">= {}", u.int_in_range(0..=1000)?)))];
        if u.arbitrary()? {
            let within =
                if u.arbitrary()? { s("term") } else { Value::String(format!("{}d", u.int_in_range(1..=365)?)) };
            rule.push(("within", within));
        }
        m.push(("rule", map(rule)));
    }
    Ok(map(m))
}

fn rules(u: &mut Unstructured, scope: &Scope) -> Result<Value> {
    let mut r = Vec::new();
    if u.arbitrary()? {
        r.push(("nickname", text(u)?));
    }
    let group = fragments(GROUP_FRAGMENTS, scope, &[]);
    if u.arbitrary()? {
        r.push(("welcome", template(u, &fragments(GROUP_FRAGMENTS, scope, &["{{ nickname }}", "{{ nickname }}"]))?));
    }
    if u.arbitrary()? {
        r.push(("announcement", template(u, &group)?));
    }
    let mut conduct = Vec::new();
    for id in ["no-ads", "on-topic", "be-kind"].iter().take(len(u, 3)?) {
        let forbid = ["ads", "abuse", "flooding", "off_topic", "links", "qrcode", "red_packet", "competitors"];
        let n = u.int_in_range(0..=forbid.len())?;
        let penalty = ["warn", "remove_message", "kick", "blacklist"];
        let p = u.int_in_range(0..=penalty.len())?;
        conduct.push(map(vec![
            ("id", s(id)),
            ("title", text(u)?),
            ("forbid", Value::Sequence(forbid[..n].iter().map(|f| s(f)).collect())),
            ("keywords", texts(u, 3)?),
            ("penalty", Value::Sequence(penalty[..p].iter().map(|f| s(f)).collect())),
        ]));
    }
    r.push(("conduct", Value::Sequence(conduct)));
    Ok(map(r))
}

/// `base` plus the matrix variables plus `extra`.
fn fragments(base: &[&str], scope: &Scope, extra: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = base.iter().chain(extra).map(|f| f.to_string()).collect();
    out.extend(scope.matrix.iter().map(|k| format!("{{{{ {k} }}}}")));
    out
}

fn content(u: &mut Unstructured, scope: &Scope) -> Result<Value> {
    let mut pillars = Vec::new();
    for purpose in ["activation", "conversion", "brand", "service"].iter().take(len(u, 4)?) {
        let freq = pick(u, &["daily", "weekly", "monthly", "3/week", "2/month", "每天"])?;
        let formats = ["text", "image", "video", "audio", "live", "link", "miniprogram"];
        let n = u.int_in_range(0..=3)?;
        pillars.push(map(vec![
            ("purpose", s(purpose)),
            ("frequency", s(freq)),
            ("formats", Value::Sequence(formats[..n].iter().map(|f| s(f)).collect())),
            ("topics", texts(u, 2)?),
        ]));
    }
    let mut sop = Vec::new();
    for i in 0..len(u, 6)? {
        sop.push(step(u, scope, i)?);
    }
    Ok(map(vec![("pillars", Value::Sequence(pillars)), ("sop", Value::Sequence(sop))]))
}

fn step(u: &mut Unstructured, scope: &Scope, i: usize) -> Result<Value> {
    let (when, dated) = trigger(u, scope)?;
    let channel = pick(u, &["group", "private", "moments", "announcement"])?;
    let mut m = vec![
        ("id", Value::String(format!("s{i}"))),
        ("title", text(u)?),
        ("when", when),
        ("channel", s(channel)),
        ("role", s(pick(u, &scope.roles)?)),
    ];
    if u.arbitrary()? {
        m.push(("purpose", s(pick(u, &["activation", "conversion", "brand", "service"])?)));
    }
    if u.arbitrary()? {
        let mut extra = vec!["{{ step.title }}", "{{ step.id }}", "{{ step.channel }}"];
        if dated {
            extra.extend(["{{ day }}", "第{{ day }}天"]);
            if scope.start.is_some() {
                extra.push("{{ date }}");
            }
        }
        m.push(("message", template(u, &fragments(GROUP_FRAGMENTS, scope, &extra))?));
    }
    let attachments: Vec<Value> = if channel == "moments" {
        match u.int_in_range(0..=3)? {
            0 => Vec::new(),
            1 => (0..u.int_in_range(1..=9)?)
                .map(|k| map(vec![("type", s("image")), ("name", Value::String(format!("{k}.jpg")))]))
                .collect(),
            2 => vec![map(vec![("type", s("video")), ("name", s("v.mp4"))])],
            _ => vec![map(vec![("type", s("link")), ("title", text(u)?), ("url", s("https://example.com/a"))])],
        }
    } else {
        (0..len(u, 3)?).map(|_| attachment(u)).collect::<Result<_>>()?
    };
    if !attachments.is_empty() {
        m.push(("attachments", Value::Sequence(attachments)));
    }
    if matches!(channel, "private" | "moments") && !scope.tags.is_empty() && u.arbitrary()? {
        m.push(("to_tags", Value::Sequence(vec![Value::String(u.choose(&scope.tags)?.clone())])));
    }
    if matches!(channel, "private" | "moments") && !scope.segments.is_empty() && u.arbitrary()? {
        m.push(("segment", s(u.choose(&scope.segments)?)));
    }
    Ok(map(m))
}

fn attachment(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=4)? {
        0 => map(vec![("type", s("image")), ("name", s("海报.jpg"))]),
        1 => map(vec![("type", s("file")), ("name", text(u)?)]),
        2 => map(vec![("type", s("video")), ("name", s("v.mp4"))]),
        3 => map(vec![("type", s("link")), ("title", text(u)?), ("url", s("https://example.com/x?y=1"))]),
        _ => map(vec![
            ("type", s("miniprogram")),
            ("title", s("打卡")),
            ("appid", s("wx9a8b7c6d5e4f3a21")),
            ("page", s("pages/index")),
        ]),
    })
}

/// A trigger inside the plan, and whether it is dated (sees `day`).
fn trigger(u: &mut Unstructured, scope: &Scope) -> Result<(Value, bool)> {
    let d = scope.days;
    let day = |u: &mut Unstructured| -> Result<Value> { Ok(int(u.int_in_range(1..=d)?)) };
    Ok(match u.int_in_range(0..=5)? {
        0 => (
            map(vec![(
                "after_join",
                Value::String(format!("{}{}", u.int_in_range(0..=72)?, pick(u, &["m", "h", "d"])?)),
            )]),
            false,
        ),
        1 => {
            let kinds: &[&str] = if scope.start.is_some() {
                &["day", "weekday", "weekend", "mon", "sun", "每天"]
            } else {
                &["day", "每天"]
            };
            let mut m = vec![("every", s(pick(u, kinds)?)), ("at", time(u)?)];
            if scope.start.is_some() && rare(u, 4)? {
                m[0].1 = Value::Sequence(vec![s("mon"), s("thu")]);
            }
            let from = u.int_in_range(1..=d)?;
            if u.arbitrary()? {
                m.push(("from_day", int(from)));
            }
            if u.arbitrary()? {
                m.push(("to_day", int(u.int_in_range(from..=d)?)));
            }
            (map(m), true)
        }
        2 if scope.finite => {
            let before = u.int_in_range(0..=d - 1)?;
            (map(vec![("before_end", Value::String(format!("{before}d"))), ("at", time(u)?)]), true)
        }
        3 if scope.start.is_some() => {
            let (y, mo, dd) = scope.start.unwrap_or((2027, 3, 1));
            let start: commspec::spec::Date = format!("{y:04}-{mo:02}-{dd:02}").parse().expect("a valid start");
            // Tame starts are in the 2020s: a few years of days stay far inside year 9999.
            let date = start.add_days(u.int_in_range(0..=d - 1)?).expect("a date within years 1-9999");
            (map(vec![("date", Value::String(date.to_string())), ("at", time(u)?)]), true)
        }
        4 if !scope.phases.is_empty() => {
            let (id, length) = *u.choose(&scope.phases)?;
            (map(vec![("phase", s(id)), ("day", int(u.int_in_range(1..=length)?)), ("at", time(u)?)]), true)
        }
        _ => (map(vec![("day", day(u)?), ("at", time(u)?)]), true),
    })
}

fn kpis(u: &mut Unstructured) -> Result<Value> {
    let mut m = Vec::new();
    for (key, rate) in [
        ("join_rate", true),
        ("leave_rate", true),
        ("interaction_rate", true),
        ("messages_per_member", false),
        ("retention_rate", true),
        ("conversion_rate", true),
        ("aov", false),
        ("roi", false),
        ("daily_active", false),
    ] {
        if u.arbitrary()? {
            let cmp = pick(u, &[">=", "<=", ">", "<", "=="])?;
            let target = if rate {
                format!("{cmp} {}%", u.int_in_range(0..=100)?)
            } else {
                format!("{cmp} {}.{}", u.int_in_range(0..=100_000)?, u.int_in_range(0..=99)?)
            };
            m.push((key, Value::String(target)));
        }
    }
    Ok(map(m))
}

fn monetization(u: &mut Unstructured) -> Result<Value> {
    let models = ["product", "content", "service"];
    let n = len(u, 3)?;
    let offers = (0..len(u, 3)?)
        .map(|_| {
            let mut o = vec![("name", text(u)?)];
            if u.arbitrary()? {
                o.push(("price", Value::Number((*u.choose(&[0.0, 9.9, 99.0, 1999.0, 1e9])?).into())));
            }
            if u.arbitrary()? {
                o.push(("tier", s(pick(u, &["entry", "core", "premium"])?)));
            }
            Ok(map(o))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(map(vec![
        ("model", Value::Sequence(models[..n].iter().map(|m| s(m)).collect())),
        ("offers", Value::Sequence(offers)),
    ]))
}
