//! A generator of spec trees from fuzz bytes: every section of the language, with the right
//! keys and mostly the right shapes, but arbitrary values — ids that may or may not resolve,
//! numbers at the extremes, Chinese and odd text, templates assembled from fragments that
//! may or may not balance, every trigger form (and mixtures of them), matrices up to the
//! limits. Now and then a value is replaced by a wild one of another type, so the schema and
//! the type errors are fuzzed from valid context too.
//!
//! The tree is a `serde_yaml::Value`, serialised with serde_yaml, so the text is always
//! well-formed YAML and the fuzzer spends its time past the parser.

use arbitrary::{Arbitrary, Result, Unstructured};
use serde_yaml::{Mapping, Number, Value};

/// A generated spec, as YAML text.
#[derive(Debug)]
pub struct GenSpec {
    pub yaml: String,
}

impl<'a> Arbitrary<'a> for GenSpec {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        // One input in four is wild (and every input that runs out early is tame).
        let tree = if rare(u, 4)? { spec(u)? } else { crate::tame::spec(u)? };
        let yaml = serde_yaml::to_string(&tree).expect("a Value always serialises");
        Ok(GenSpec { yaml })
    }
}

// ── Building blocks ───────────────────────────────────────────────────────

/// Ids the generator uses for definitions and references alike, so references often resolve.
const IDS: &[&str] = &["owner", "admin", "kol", "a", "b", "a-b", "x1", "activation", "retention", "z"];

const TEXTS: &[&str] = &[
    "三年级数学提分营",
    "欢迎",
    "群",
    "成都",
    "每天15分钟，数学稳步提分",
    "🎉 开营啦",
    "",
    " ",
    "a\nb",
    "\t",
    "\u{0}",
    "\u{feff}",
    "%NICKNAME%",
    "e\u{301}",
    "👨‍👩‍👧",
    "来源/小红书",
    "组/标签",
    "年级/三年级",
    "https://example.com/a?b=c",
    "#",
    "- x",
    "key: value",
    "\"quoted\"",
    "{{",
    "null",
    "~",
    "yes",
    "0x1F",
];

/// Template fragments: context variables, control flow (balanced or not), filters, tests,
/// and the expensive constructs the sandbox must stop.
const FRAGMENTS: &[&str] = &[
    "{{ nickname }}",
    "{{ group.name }}",
    "{{ group.n }}",
    "{{ n }}",
    "{{ day }}",
    "{{ date }}",
    "{{ step.title }}",
    "{{ step.when.at }}",
    "{{ community.name }}",
    "{{ community.slogan }}",
    "{{ community.theme }}",
    "{{ roles.owner.title }}",
    "{{ roles['a-b'].title }}",
    "{{ roles.admin.staff|join(',') }}",
    "{{ city }}",
    "{{ grade }}",
    "{{ rules.nickname }}",
    "{{ rules.welcome }}",
    "{{ lifecycle.term }}",
    "{{ lifecycle.start }}",
    "{{ monetization.offers[0].name }}",
    "{{ monetization.offers[0].price }}",
    "{{ kpis.interaction_rate }}",
    "{{ gates|length }}",
    "{{ content.sop|map(attribute='id')|join }}",
    "{{ undefined_variable }}",
    "{{ nickname|upper }}",
    "{{ day * 1000 }}",
    "{{ 'x' * 1000 }}",
    "{{ 'x' * 100000000 }}",
    "{{ [1] * 100000000 }}",
    "{{ range(100000)|list|length }}",
    "{{ 9223372036854775807 + 1 }}",
    "{{ 1 / 0 }}",
    "{{ 10 ** 1000 }}",
    "{% for i in range(10) %}",
    "{% for i in range(100000) %}",
    "{% endfor %}",
    "{% if day > 3 %}",
    "{% if n is even %}",
    "{% else %}",
    "{% endif %}",
    "{% set x = 1 %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{% raw %}",
    "{% endraw %}",
    "{# comment #}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{{ date|default('?') }}",
    "{{ \"\\u0000\" }}",
    "%NICKNAME%",
    "欢迎",
    "\n",
    " ",
];

const UNITS: &[&str] =
    &["d", "m", "h", "w", "mo", "y", "分钟", "小时", "天", "日", "周", "个月", "月", "年", "", "x", " d", "s"];

pub(crate) fn s(t: &str) -> Value {
    Value::String(t.to_string())
}

pub(crate) fn map(entries: Vec<(&str, Value)>) -> Value {
    let mut m = Mapping::new();
    for (k, v) in entries {
        m.insert(s(k), v);
    }
    Value::Mapping(m)
}

/// Adds `key: value` when the fuzzer says so.
fn opt(
    u: &mut Unstructured,
    m: &mut Vec<(&'static str, Value)>,
    key: &'static str,
    value: impl FnOnce(&mut Unstructured) -> Result<Value>,
) -> Result<()> {
    if u.arbitrary()? {
        m.push((key, value(u)?));
    }
    Ok(())
}

/// True one time in `n`. Exhausted input (where `int_in_range` returns its lower bound) says
/// false, so the tail of a short input generates plain, valid values rather than odd ones.
pub(crate) fn rare(u: &mut Unstructured, n: u32) -> Result<bool> {
    Ok(u.int_in_range(0..=n - 1)? == n - 1)
}

pub(crate) fn len(u: &mut Unstructured, max: usize) -> Result<usize> {
    u.int_in_range(0..=max)
}

fn list(u: &mut Unstructured, max: usize, f: impl Fn(&mut Unstructured) -> Result<Value>) -> Result<Value> {
    let n = len(u, max)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(f(u)?);
    }
    Ok(Value::Sequence(out))
}

/// One value in 16 is wild: any scalar, or a list or mapping, whatever the field wants.
fn maybe_wild(u: &mut Unstructured, good: impl FnOnce(&mut Unstructured) -> Result<Value>) -> Result<Value> {
    if rare(u, 16)? { wild(u, 2) } else { good(u) }
}

fn wild(u: &mut Unstructured, depth: u32) -> Result<Value> {
    Ok(match u.int_in_range(0..=7)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::Number(int(u)?),
        3 => Value::Number(Number::from(float(u)?)),
        4 => text(u)?,
        5 if depth > 0 => list(u, 3, |u| wild(u, depth - 1))?,
        6 if depth > 0 => {
            let mut m = Mapping::new();
            for _ in 0..len(u, 3)? {
                m.insert(key(u)?, wild(u, depth - 1)?);
            }
            Value::Mapping(m)
        }
        _ => s(u.choose(IDS)?),
    })
}

fn key(u: &mut Unstructured) -> Result<Value> {
    Ok(if rare(u, 4)? { Value::String(u.arbitrary()?) } else { s(u.choose(&["id", "type", "name", "x", "<<"])?) })
}

fn int(u: &mut Unstructured) -> Result<Number> {
    const SPECIAL: &[i64] = &[
        1,
        0,
        2,
        3,
        -1,
        7,
        21,
        28,
        30,
        100,
        200,
        201,
        500,
        501,
        1000,
        3660,
        3661,
        9999,
        10_000,
        10_001,
        36_500,
        36_501,
        100_000,
        100_001,
        65_535,
        i32::MAX as i64,
        i32::MAX as i64 + 1,
        i32::MIN as i64,
        u32::MAX as i64,
        u32::MAX as i64 + 1,
        i64::MAX,
        i64::MIN,
    ];
    Ok(match u.int_in_range(0..=4)? {
        0 | 1 => Number::from(*u.choose(SPECIAL)?),
        2 => Number::from(u.int_in_range(0..=40)?),
        3 if rare(u, 8)? => Number::from(u64::MAX),
        _ => Number::from(u.arbitrary::<i64>()?),
    })
}

fn int_value(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| Ok(Value::Number(int(u)?)))
}

fn float(u: &mut Unstructured) -> Result<f64> {
    const SPECIAL: &[f64] =
        &[0.0, -0.0, 0.5, 1.0, 9.9, 99.0, 1999.0, -1.0, 1e-300, 1e15, 1e300, f64::MAX, f64::MIN_POSITIVE];
    Ok(match u.int_in_range(0..=7)? {
        0..=4 => *u.choose(SPECIAL)?,
        5 => f64::NAN,
        6 => f64::INFINITY,
        _ => u.arbitrary()?,
    })
}

fn money(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| Ok(if u.arbitrary()? { Value::Number(int(u)?) } else { Value::Number(Number::from(float(u)?)) }))
}

/// Text: a pooled string, repeated up to a few thousand times (to cross the byte limits), or
/// arbitrary Unicode.
fn text(u: &mut Unstructured) -> Result<Value> {
    Ok(Value::String(match u.int_in_range(0..=5)? {
        0..=2 => u.choose(TEXTS)?.to_string(),
        3 => {
            let t = u.choose(TEXTS)?;
            t.repeat(u.int_in_range(0..=2100)?)
        }
        _ => u.arbitrary()?,
    }))
}

fn text_value(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, text)
}

fn texts(u: &mut Unstructured, max: usize) -> Result<Value> {
    maybe_wild(u, |u| list(u, max, text))
}

fn id(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| {
        Ok(match u.int_in_range(0..=9)? {
            8 => Value::String(u.arbitrary()?),
            9 => s(&"a".repeat(u.int_in_range(0..=40)?)),
            _ => s(u.choose(IDS)?),
        })
    })
}

/// One of an enum's values, its Chinese label, or something else.
fn pick(u: &mut Unstructured, values: &[&str]) -> Result<Value> {
    maybe_wild(u, |u| Ok(if rare(u, 20)? { Value::String(u.arbitrary()?) } else { s(u.choose(values)?) }))
}

fn picks(u: &mut Unstructured, values: &[&str], max: usize) -> Result<Value> {
    maybe_wild(u, |u| list(u, max, |u| pick(u, values)))
}

/// A template assembled from fragments and text.
fn template(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| {
        let mut out = String::new();
        for _ in 0..len(u, 8)? {
            match u.int_in_range(0..=5)? {
                0 => out.push_str(&u.arbitrary::<String>()?),
                1 => out.push_str(u.choose(TEXTS)?),
                _ => out.push_str(u.choose(FRAGMENTS)?),
            }
        }
        if rare(u, 16)? {
            // Long enough to cross the welcome (3000 bytes) and message (4000 bytes) limits.
            out = out.repeat(u.int_in_range(1..=1500)?);
        }
        Ok(Value::String(out))
    })
}

fn duration(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| {
        const N: &[u64] = &[7, 0, 1, 2, 3, 10, 14, 21, 28, 36, 3660, 5256, 99_999, 999_999, 1_000_000];
        let n = if rare(u, 4)? { u64::from(u.arbitrary::<u32>()?) } else { *u.choose(N)? };
        let sp = if rare(u, 8)? { " " } else { "" };
        Ok(Value::String(format!("{n}{sp}{}", u.choose(UNITS)?)))
    })
}

fn term(u: &mut Unstructured) -> Result<Value> {
    if rare(u, 5)? { Ok(s(u.choose(&["ongoing", "长期"])?)) } else { duration(u) }
}

fn time(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| {
        let h = u.int_in_range(0..=25)?;
        let m = u.int_in_range(0..=61)?;
        Ok(Value::String(match u.int_in_range(0..=7)? {
            0 => format!("{h}:{m:02}"),
            1 => format!("{h:02}:{m}"),
            _ => format!("{h:02}:{m:02}"),
        }))
    })
}

fn date(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| {
        let y = *u.choose(&[2027u32, 0, 1, 1969, 1970, 2000, 2026, 2028, 2100, 9999])?;
        let y = if rare(u, 4)? { u.int_in_range(0..=9999)? } else { y };
        let m = if rare(u, 8)? { u.int_in_range(0..=99)? } else { u.int_in_range(1..=12)? };
        let d = if rare(u, 8)? { u.int_in_range(0..=99)? } else { u.int_in_range(1..=28)? };
        Ok(Value::String(format!("{y:04}-{m:02}-{d:02}")))
    })
}

fn target(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| {
        let cmp = u.choose(&[">=", "<=", "==", ">", "<", "=", ""])?;
        let sp = if u.arbitrary()? { " " } else { "" };
        let num = match u.int_in_range(0..=3)? {
            0 => format!("{}", u.int_in_range(0..=200)?),
            1 => format!("{}.{}", u.int_in_range(0..=100)?, u.int_in_range(0..=99)?),
            2 => u.choose(&["-1", "0", "0.0001", "1e3", "99999999999999999999999", "0.5", "100", "101"])?.to_string(),
            _ => format!("{}", u.arbitrary::<f64>()?),
        };
        let pct = if u.arbitrary()? { "%" } else { "" };
        Ok(Value::String(format!("{cmp}{sp}{num}{pct}")))
    })
}

fn frequency(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| {
        Ok(match u.int_in_range(0..=2)? {
            0 => s(u.choose(&["daily", "weekly", "monthly", "每天", "每日", "每周", "每月"])?),
            _ => Value::String(format!(
                "{}/{}",
                *u.choose(&[0u32, 1, 2, 3, 7, 14, 21, 9999, 65535, 65536])?,
                u.choose(&["week", "month", "周", "月", "day"])?
            )),
        })
    })
}

fn tag_ref(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| {
        Ok(if rare(u, 4)? {
            text(u)?
        } else {
            s(u.choose(&["来源/小红书", "年级/三年级", "状态/掉队", "来源", "/x"])?)
        })
    })
}

// ── The sections ──────────────────────────────────────────────────────────

fn spec(u: &mut Unstructured) -> Result<Value> {
    let mut m: Vec<(&str, Value)> = Vec::new();
    m.push(("commspec", if rare(u, 32)? { wild(u, 1)? } else { Value::Number(1.into()) }));
    opt(u, &mut m, "timezone", |u| pick(u, &["Asia/Shanghai", "UTC", "Asia/Tokyo", "Asia/Kolkata", "Europe/Paris"]))?;
    m.push(("community", community(u)?));
    m.push(("lifecycle", lifecycle(u)?));
    opt(u, &mut m, "groups", groups)?;
    opt(u, &mut m, "rights", |u| {
        Ok(map(vec![("content", texts(u, 3)?), ("social", texts(u, 2)?), ("service", texts(u, 2)?)]))
    })?;
    opt(u, &mut m, "gates", |u| maybe_wild(u, |u| list(u, 3, gate)))?;
    opt(u, &mut m, "admission", admission)?;
    m.push((
        "roles",
        maybe_wild(u, |u| {
            let mut roles = vec![role(u)?];
            for _ in 0..len(u, 4)? {
                roles.push(role(u)?);
            }
            Ok(Value::Sequence(roles))
        })?,
    ));
    opt(u, &mut m, "rules", rules)?;
    opt(u, &mut m, "content", content)?;
    opt(u, &mut m, "tags", |u| maybe_wild(u, |u| list(u, 3, tag_group)))?;
    opt(u, &mut m, "kpis", kpis)?;
    opt(u, &mut m, "monetization", monetization)?;
    opt(u, &mut m, "segments", |u| list(u, 3, segment))?;
    opt(u, &mut m, "lints", lints)?;
    if rare(u, 32)? {
        m.push(("unknown_section", wild(u, 1)?));
    }
    Ok(map(m))
}

fn community(u: &mut Unstructured) -> Result<Value> {
    const TYPES: &[&str] = &[
        "lead",
        "welfare",
        "flash",
        "course",
        "member",
        "content",
        "resource",
        "service",
        "引流群",
        "快闪群",
        "会员群",
    ];
    let mut m = vec![
        ("id", id(u)?),
        ("name", text_value(u)?),
        ("type", pick(u, TYPES)?),
        ("goal", pick(u, &["awareness", "sales", "retention", "service", "销售转化"])?),
    ];
    opt(u, &mut m, "slogan", text_value)?;
    opt(u, &mut m, "vision", text_value)?;
    opt(u, &mut m, "theme", |u| Ok(if u.arbitrary()? { text_value(u)? } else { texts(u, 3)? }))?;
    if u.arbitrary()? {
        let mut a = Vec::new();
        opt(u, &mut a, "description", text_value)?;
        opt(u, &mut a, "age", |u| pick(u, &["30-45", "18+", "0-999", "1000", "", "3-"]))?;
        opt(u, &mut a, "gender", |u| pick(u, &["any", "female", "male", "女"]))?;
        opt(u, &mut a, "cities", |u| texts(u, 3))?;
        opt(u, &mut a, "occupations", |u| texts(u, 2))?;
        opt(u, &mut a, "interests", |u| texts(u, 2))?;
        opt(u, &mut a, "income", text_value)?;
        opt(u, &mut a, "education", text_value)?;
        opt(u, &mut a, "channels", |u| texts(u, 2))?;
        m.push(("audience", map(a)));
    }
    Ok(map(m))
}

fn lifecycle(u: &mut Unstructured) -> Result<Value> {
    let mut m = Vec::new();
    opt(u, &mut m, "start", date)?;
    m.push(("term", term(u)?));
    opt(u, &mut m, "on_end", |u| pick(u, &["dissolve", "transform", "renew", "解散"]))?;
    opt(u, &mut m, "transform_into", text_value)?;
    opt(u, &mut m, "horizon", duration)?;
    opt(u, &mut m, "phases", |u| {
        list(u, 4, |u| {
            let mut p = vec![("id", id(u)?), ("from_day", int_value(u)?), ("to_day", int_value(u)?)];
            opt(u, &mut p, "name", text_value)?;
            opt(u, &mut p, "goal", text_value)?;
            Ok(map(p))
        })
    })?;
    Ok(map(m))
}

fn groups(u: &mut Unstructured) -> Result<Value> {
    let mut m = Vec::new();
    opt(u, &mut m, "capacity", int_value)?;
    opt(u, &mut m, "active_target", int_value)?;
    opt(u, &mut m, "name", template)?;
    opt(u, &mut m, "count", int_value)?;
    opt(u, &mut m, "stagger", duration)?;
    if u.arbitrary()? {
        let mut matrix = Mapping::new();
        for _ in 0..len(u, 4)? {
            let k = if rare(u, 8)? {
                Value::String(u.arbitrary()?)
            } else {
                s(u.choose(&["city", "grade", "n", "day", "group", "_a", "A1", "1x", "a-b", "城市"])?)
            };
            let values = list(u, 12, |u| {
                Ok(match u.int_in_range(0..=3)? {
                    0 => Value::Number(int(u)?),
                    1 => text(u)?,
                    2 => s(u.choose(&["成都", "重庆", "北京"])?),
                    _ => Value::Number(u.int_in_range(1..=12)?.into()),
                })
            })?;
            matrix.insert(k, values);
        }
        m.push(("matrix", maybe_wild(u, |_| Ok(Value::Mapping(matrix)))?));
    }
    Ok(map(m))
}

fn gate(u: &mut Unstructured) -> Result<Value> {
    let mut m = vec![("type", pick(u, &["price", "identity", "action", "invite", "referral", "付费门槛"])?)];
    opt(u, &mut m, "amount", money)?;
    opt(u, &mut m, "currency", |u| pick(u, &["CNY", "USD", "cny", "RMB1"]))?;
    opt(u, &mut m, "refund", text_value)?;
    opt(u, &mut m, "requirement", text_value)?;
    opt(u, &mut m, "verify", |u| pick(u, &["survey", "order", "manual", "tag"]))?;
    opt(u, &mut m, "action", text_value)?;
    opt(u, &mut m, "proof", text_value)?;
    opt(u, &mut m, "by", |u| Ok(if u.arbitrary()? { s("member") } else { id(u)? }))?;
    opt(u, &mut m, "referrers", int_value)?;
    Ok(map(m))
}

fn admission(u: &mut Unstructured) -> Result<Value> {
    let mut m = Vec::new();
    opt(u, &mut m, "methods", |u| picks(u, &["invite", "referral", "activity", "paid", "qrcode", "扫码"], 4))?;
    opt(u, &mut m, "channels", |u| {
        list(u, 3, |u| {
            let mut c = vec![("id", id(u)?)];
            opt(u, &mut c, "name", text_value)?;
            opt(u, &mut c, "tag", tag_ref)?;
            opt(u, &mut c, "exposure", int_value)?;
            opt(u, &mut c, "join_rate", percent)?;
            Ok(map(c))
        })
    })?;
    opt(u, &mut m, "survey", |u| maybe_wild(u, |u| list(u, 3, survey_question)))?;
    opt(u, &mut m, "max_cost_per_member", money)?;
    opt(u, &mut m, "fission", |u| {
        maybe_wild(u, |u| {
            let mut f = vec![("bait", map(vec![("name", text_value(u)?), ("unit_cost", money(u)?)]))];
            opt(u, &mut f, "invites", int_value)?;
            opt(u, &mut f, "rewards", |u| texts(u, 3))?;
            opt(u, &mut f, "poster", attachment)?;
            Ok(map(f))
        })
    })?;
    Ok(map(m))
}

/// A share as written: plain, at and past the bounds, or not a percent at all.
fn percent(u: &mut Unstructured) -> Result<Value> {
    maybe_wild(u, |u| {
        Ok(match u.int_in_range(0..=3)? {
            0 => Value::String(format!("{}%", u.int_in_range(0..=100)?)),
            1 => s(u.choose(&["100%", "0%", "0.5%", "101%", "-1%", "1e2%", "8", "8 %", "NaN%", "１０%"])?),
            2 => Value::String(format!("{}%", u.arbitrary::<f64>()?)),
            _ => text(u)?,
        })
    })
}

/// A survey question alone, or with answers (arbitrary keys: `~`, `/`, empty, long, odd)
/// each tagging someone or nobody.
fn survey_question(u: &mut Unstructured) -> Result<Value> {
    if u.arbitrary()? {
        return text_value(u);
    }
    let mut answers = Mapping::new();
    for _ in 0..len(u, 4)? {
        let answer = match u.int_in_range(0..=3)? {
            0 => s(u.choose(&["三年级", "~", "/", "", "a/b", "~1", "<<", "年级/三年级"])?),
            1 => text(u)?,
            _ => Value::String(u.arbitrary()?),
        };
        let tag = if rare(u, 4)? { Value::Null } else { tag_ref(u)? };
        answers.insert(answer, tag);
    }
    Ok(map(vec![("question", text_value(u)?), ("answers", maybe_wild(u, |_| Ok(Value::Mapping(answers)))?)]))
}

/// A tag group, with its kind and dimension now and then; a name may hold a `/`.
fn tag_group(u: &mut Unstructured) -> Result<Value> {
    let group = if rare(u, 4)? { s(u.choose(&["来源", "年级", "a/b", "a", "", "/"])?) } else { text_value(u)? };
    let mut m = vec![("group", group)];
    opt(u, &mut m, "kind", |u| pick(u, &["customer", "group", "客户标签", "群标签"]))?;
    opt(u, &mut m, "dimension", |u| {
        pick(u, &["source", "lifecycle", "product", "behaviour", "interest", "value", "region", "来源", "地域"])
    })?;
    m.push(("tags", if rare(u, 4)? { s_list(&["b/c", "c", "三年级", "小红书"]) } else { texts(u, 4)? }));
    Ok(map(m))
}

fn s_list(values: &[&str]) -> Value {
    Value::Sequence(values.iter().map(|v| s(v)).collect())
}

fn role(u: &mut Unstructured) -> Result<Value> {
    const TYPES: &[&str] =
        &["lead", "owner", "admin", "kol", "atmosphere", "expert", "core", "mascot", "群主", "管理员"];
    let mut m = vec![("id", id(u)?), ("type", pick(u, TYPES)?)];
    opt(u, &mut m, "title", text_value)?;
    opt(u, &mut m, "staff", |u| texts(u, 4))?;
    opt(u, &mut m, "per_group", int_value)?;
    opt(u, &mut m, "max_groups", int_value)?;
    opt(u, &mut m, "duties", |u| texts(u, 3))?;
    Ok(map(m))
}

fn rules(u: &mut Unstructured) -> Result<Value> {
    let mut m = Vec::new();
    opt(u, &mut m, "nickname", text_value)?;
    opt(u, &mut m, "welcome", template)?;
    opt(u, &mut m, "announcement", template)?;
    opt(u, &mut m, "conduct", |u| list(u, 3, conduct))?;
    Ok(map(m))
}

fn conduct(u: &mut Unstructured) -> Result<Value> {
    const FORBID: &[&str] =
        &["ads", "abuse", "flooding", "off_topic", "links", "qrcode", "red_packet", "competitors", "广告"];
    let mut c = vec![("id", id(u)?), ("title", text_value(u)?)];
    opt(u, &mut c, "forbid", |u| picks(u, FORBID, 4))?;
    opt(u, &mut c, "keywords", |u| texts(u, 4))?;
    opt(u, &mut c, "penalty", |u| picks(u, &["warn", "remove_message", "kick", "blacklist", "警告"], 4))?;
    Ok(map(c))
}

fn content(u: &mut Unstructured) -> Result<Value> {
    let mut m = Vec::new();
    opt(u, &mut m, "pillars", |u| {
        list(u, 4, |u| {
            let mut p = vec![("purpose", pick(u, &["activation", "conversion", "brand", "service", "促活"])?)];
            opt(u, &mut p, "frequency", frequency)?;
            opt(u, &mut p, "formats", |u| {
                picks(u, &["text", "image", "video", "audio", "live", "link", "miniprogram"], 3)
            })?;
            opt(u, &mut p, "topics", |u| texts(u, 3))?;
            Ok(map(p))
        })
    })?;
    opt(u, &mut m, "sop", |u| maybe_wild(u, |u| list(u, 8, step)))?;
    Ok(map(m))
}

fn step(u: &mut Unstructured) -> Result<Value> {
    let mut m = vec![
        ("id", id(u)?),
        ("title", text_value(u)?),
        ("when", trigger(u)?),
        ("channel", pick(u, &["group", "private", "moments", "announcement", "群消息", "朋友圈"])?),
        ("role", id(u)?),
    ];
    opt(u, &mut m, "purpose", |u| pick(u, &["activation", "conversion", "brand", "service"]))?;
    opt(u, &mut m, "message", template)?;
    opt(u, &mut m, "attachments", |u| maybe_wild(u, |u| list(u, 11, attachment)))?;
    opt(u, &mut m, "to_tags", |u| maybe_wild(u, |u| list(u, 3, tag_ref)))?;
    opt(u, &mut m, "segment", |u| pick(u, SEGMENT_IDS))?;
    Ok(map(m))
}

fn trigger(u: &mut Unstructured) -> Result<Value> {
    const EVERY: &[&str] =
        &["day", "weekday", "weekend", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "每天", "工作日", "周日"];
    let every = |u: &mut Unstructured| -> Result<Value> {
        if u.arbitrary()? {
            pick(u, EVERY)
        } else {
            picks(u, &["mon", "tue", "wed", "thu", "fri", "sat", "sun", "周一"], 7)
        }
    };
    maybe_wild(u, |u| {
        let mut m = Vec::new();
        match u.int_in_range(0..=6)? {
            0 => {
                m.push(("day", int_value(u)?));
                m.push(("at", time(u)?));
            }
            1 => {
                m.push(("every", every(u)?));
                m.push(("at", time(u)?));
                opt(u, &mut m, "from_day", int_value)?;
                opt(u, &mut m, "to_day", int_value)?;
            }
            2 => m.push(("after_join", duration(u)?)),
            3 => {
                m.push(("before_end", duration(u)?));
                m.push(("at", time(u)?));
            }
            4 => {
                m.push(("date", date(u)?));
                m.push(("at", time(u)?));
            }
            5 => {
                m.push(("phase", id(u)?));
                m.push(("day", int_value(u)?));
                m.push(("at", time(u)?));
            }
            _ => {
                // Any mixture of the fields.
                opt(u, &mut m, "day", int_value)?;
                opt(u, &mut m, "at", time)?;
                opt(u, &mut m, "every", |u| every(u))?;
                opt(u, &mut m, "from_day", int_value)?;
                opt(u, &mut m, "to_day", int_value)?;
                opt(u, &mut m, "after_join", duration)?;
                opt(u, &mut m, "before_end", duration)?;
                opt(u, &mut m, "date", date)?;
                opt(u, &mut m, "phase", id)?;
            }
        }
        Ok(map(m))
    })
}

fn attachment(u: &mut Unstructured) -> Result<Value> {
    let mut m = vec![("type", pick(u, &["image", "link", "miniprogram", "file", "video", "图片"])?)];
    opt(u, &mut m, "name", text_value)?;
    opt(u, &mut m, "title", text_value)?;
    opt(u, &mut m, "url", text_value)?;
    opt(u, &mut m, "appid", |u| pick(u, &["wx9a8b7c6d5e4f3a21", "wx", ""]))?;
    opt(u, &mut m, "page", text_value)?;
    Ok(map(m))
}

fn kpis(u: &mut Unstructured) -> Result<Value> {
    const KEYS: &[&str] = &[
        "join_rate",
        "leave_rate",
        "interaction_rate",
        "messages_per_member",
        "retention_rate",
        "conversion_rate",
        "aov",
        "roi",
        "daily_active",
    ];
    let mut m = Vec::new();
    for k in KEYS {
        opt(u, &mut m, k, target)?;
    }
    Ok(map(m))
}

fn monetization(u: &mut Unstructured) -> Result<Value> {
    let mut m = Vec::new();
    opt(u, &mut m, "model", |u| picks(u, &["product", "content", "service", "产品"], 3))?;
    opt(u, &mut m, "offers", |u| {
        list(u, 3, |u| {
            let mut o = vec![("name", text_value(u)?)];
            opt(u, &mut o, "price", money)?;
            opt(u, &mut o, "tier", |u| pick(u, &["entry", "core", "premium", "引流品"]))?;
            Ok(map(o))
        })
    })?;
    Ok(map(m))
}

const SEGMENT_IDS: &[&str] = &["loyal", "bargain", "need", "low_need", "Bad", "-x"];

fn segment(u: &mut Unstructured) -> Result<Value> {
    let mut m = vec![("id", pick(u, SEGMENT_IDS)?)];
    opt(u, &mut m, "criteria", text_value)?;
    opt(u, &mut m, "tag", tag_ref)?;
    opt(u, &mut m, "rule", |u| {
        maybe_wild(u, |u| {
            let measure = pick(u, &["purchases", "spend", "referrals", "messages", "days_silent", "购买次数"])?;
            let mut r = vec![("measure", measure), ("target", target(u)?)];
            opt(u, &mut r, "within", |u| if rare(u, 4)? { pick(u, &["term", "整期"]) } else { duration(u) })?;
            Ok(map(r))
        })
    })?;
    opt(u, &mut m, "strategy", text_value)?;
    Ok(map(m))
}

fn lints(u: &mut Unstructured) -> Result<Value> {
    let mut m = Mapping::new();
    for _ in 0..len(u, 4)? {
        let rule = if rare(u, 8)? {
            s(u.choose(&["yaml-syntax", "no-such-rule", "warnings"])?)
        } else {
            s(u.choose(&commspec::diagnostics::Rule::lints().collect::<Vec<_>>())?.name())
        };
        m.insert(rule, pick(u, &["allow", "warn", "deny", "禁止"])?);
    }
    Ok(Value::Mapping(m))
}
