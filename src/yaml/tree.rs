//! The value tree sink: the document as JSON, built bottom-up as the driver hands it each
//! node. Scalars resolve as serde_yaml 0.9 resolves them (the YAML 1.2 core schema:
//! `~`/`null`, `true`/`false`, decimal, `0x`/`0o`/`0b` integers, floats and `.inf`/`.nan`;
//! `010` and quoted or block scalars stay text), and `<<` merge keys apply as in
//! `serde_yaml::Value::apply_merge`. What JSON cannot say (tags, numbers that are not finite
//! or do not fit 64 bits, keys that are not text) is an error at its node.

use std::ops::Range;

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Map, Value as Json};

use super::{Error, Problem, error, problem::Merge};

/// A collection still open, with the key whose value comes next.
enum Open {
    Seq(Vec<Json>),
    Map(Map<String, Json>, Option<String>),
}

#[derive(Default)]
pub(super) struct Tree {
    open: Vec<Open>,
    root: Option<Json>,
}

impl Tree {
    /// The document's value (null for an empty document).
    pub(super) fn finish(self) -> Json {
        self.root.unwrap_or(Json::Null)
    }

    pub(super) fn open(&mut self, seq: bool) {
        self.open.push(if seq { Open::Seq(Vec::new()) } else { Open::Map(Map::new(), None) });
    }

    /// The key of the next value in the innermost mapping.
    pub(super) fn key(&mut self, key: String) {
        if let Some(Open::Map(_, pending)) = self.open.last_mut() {
            *pending = Some(key);
        }
    }

    /// A finished node: the root, the next item, or the value of the pending key.
    pub(super) fn add(&mut self, value: Json) {
        match self.open.last_mut() {
            None => self.root = Some(value),
            Some(Open::Seq(items)) => items.push(value),
            Some(Open::Map(map, pending)) => {
                if let Some(k) = pending.take() {
                    map.insert(k, value);
                }
            }
        }
    }

    /// Ends the innermost collection and returns it.
    pub(super) fn close(&mut self) -> Json {
        match self.open.pop() {
            Some(Open::Seq(items)) => Json::Array(items),
            Some(Open::Map(map, _)) => Json::Object(map),
            None => Json::Null,
        }
    }
}

/// A scalar's value: its text is at `at`, its tag (if any) at the range given, in `text`.
pub(super) fn scalar(
    value: &str,
    style: ScalarStyle,
    tag: Option<(&Tag, Range<usize>)>,
    at: Range<usize>,
    text: &str,
) -> Result<Json, Error> {
    let Some((tag, tag_at)) = tag else {
        return match style {
            ScalarStyle::Plain => plain(value).ok_or_else(|| unrepresentable(value, at)),
            _ => Ok(Json::String(value.to_string())),
        };
    };
    let core = if tag.is_yaml_core_schema() { tag.suffix.as_str() } else { "" };
    let parsed = match core {
        "str" => Some(Json::String(value.to_string())),
        "null" => matches!(value, "" | "~" | "null" | "Null" | "NULL").then_some(Json::Null),
        "bool" => boolean(value).map(Json::Bool),
        "int" => integer(value),
        "float" => match float(value) {
            Some(f) if !f.is_finite() => return Err(not_finite(f, at)),
            f => f.map(number),
        },
        _ => return Err(tag_error(tag, tag_at, text)),
    };
    parsed.ok_or_else(|| error(Problem::TaggedValue { value: value.to_string(), core: core.to_string() }, at))
}

/// A key's value as the text JSON keys it by (`1`, `true`).
pub(super) fn key(value: Json, at: Range<usize>) -> Result<String, Error> {
    match value {
        Json::String(s) => Ok(s),
        Json::Number(n) => Ok(n.to_string()),
        Json::Bool(b) => Ok(b.to_string()),
        _ => Err(error(Problem::NullKey, at)),
    }
}

/// A collection's tag, at `at`: the core `!!map` and `!!seq` say nothing; others are refused.
pub(super) fn collection_tag(tag: &Tag, at: Range<usize>, text: &str) -> Option<Error> {
    let core = tag.is_yaml_core_schema() && matches!(tag.suffix.as_str(), "map" | "seq");
    (!core).then(|| tag_error(tag, at, text))
}

/// `serde_yaml::Value::apply_merge` for one mapping whose own children are merged already:
/// the entries of `<<` (a mapping, or a list of mappings, earlier ones first) fill in the
/// keys the mapping does not set.
pub(super) fn merge(value: &mut Json) -> Result<(), Merge> {
    let Json::Object(map) = value else { return Ok(()) };
    // Removed in place: the other keys keep their order (a matrix's order names the groups).
    let Some(sources) = map.shift_remove("<<") else { return Ok(()) };
    let sources = match sources {
        Json::Object(m) => vec![m],
        Json::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Json::Object(m) => Ok(m),
                Json::Array(_) => Err(Merge::ListItem),
                _ => Err(Merge::ScalarItem),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(Merge::Scalar),
    };
    for source in sources {
        for (k, v) in source {
            map.entry(k).or_insert(v);
        }
    }
    Ok(())
}

/// A plain scalar as serde_yaml's `visit_untagged_scalar` reads it; None for a number JSON
/// cannot hold. Most scalars are text, told apart by their first character.
fn plain(v: &str) -> Option<Json> {
    match v.as_bytes().first() {
        None => return Some(Json::Null),
        Some(b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F') => {
            if matches!(v, "~" | "null" | "Null" | "NULL") {
                return Some(Json::Null);
            }
            if let Some(b) = boolean(v) {
                return Some(Json::Bool(b));
            }
        }
        Some(b'0'..=b'9' | b'+' | b'-' | b'.') => {
            if let Some(n) = integer(v) {
                return Some(n);
            }
            if wide_int(v).is_some() {
                return None;
            }
            if !digits_but_not_number(v) {
                match float(v) {
                    Some(f) if f.is_finite() => return Some(number(f)),
                    Some(_) => return None,
                    None => {}
                }
            }
        }
        _ => {}
    }
    Some(Json::String(v.to_string()))
}

/// Why [`plain`] refused `v`: an integer beyond 64 bits (serde_yaml reads up to 128), or
/// `.inf`/`.nan`.
fn unrepresentable(v: &str, at: Range<usize>) -> Error {
    if wide_int(v).is_some() {
        return error(Problem::TooLarge { number: v.to_string() }, at);
    }
    not_finite(float(v).unwrap_or(f64::NAN), at)
}

fn not_finite(f: f64, at: Range<usize>) -> Error {
    // As serde_yaml shows them: `.inf`, `-.inf`, `.nan`.
    let shown = serde_yaml::Number::from(f).to_string();
    error(Problem::NotFinite { shown }, at)
}

fn boolean(v: &str) -> Option<bool> {
    match v {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer that fits 64 bits (u64, or i64 when negative), as serde_yaml's `visit_int`.
fn integer(v: &str) -> Option<Json> {
    match wide_int(v)? {
        (false, m) => u64::try_from(m).ok().map(Json::from),
        (true, m) => i64::try_from(-i128::try_from(m).ok()?).ok().map(Json::from),
    }
}

/// The integer `v` writes, as (negative, magnitude), by serde_yaml's rules: an optional sign,
/// `0x`/`0o`/`0b` prefixes, no leading zeros in decimal; None when it is not an integer or
/// not one of up to 128 bits.
fn wide_int(v: &str) -> Option<(bool, u128)> {
    let (minus, digits) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    if digits.starts_with(['+', '-']) {
        return None;
    }
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = digits.strip_prefix(prefix) {
            if let Ok(m) = u128::from_str_radix(rest, radix) {
                // serde_yaml reads negative numbers as i128.
                return (!rest.starts_with('+') && (!minus || m <= 1 << 127)).then_some((minus, m));
            }
        }
    }
    if digits_but_not_number(v) {
        return None;
    }
    let m = digits.parse::<u128>().ok()?;
    // serde_yaml reads negative numbers as i128.
    (!minus || m <= 1 << 127).then_some((minus, m))
}

/// serde_yaml's `parse_f64`: `.inf` and `.nan` in their spellings, else Rust's float syntax
/// when finite (a number too large for f64 is text).
fn float(v: &str) -> Option<f64> {
    let unsigned = match v.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => v,
    };
    match (unsigned, v) {
        (".inf" | ".Inf" | ".INF", _) => Some(f64::INFINITY),
        (_, "-.inf" | "-.Inf" | "-.INF") => Some(f64::NEG_INFINITY),
        (_, ".nan" | ".NaN" | ".NAN") => Some(f64::NAN),
        _ => unsigned.parse::<f64>().ok().filter(|f| f.is_finite()),
    }
}

fn number(f: f64) -> Json {
    serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)
}

/// Leading zeros followed by digits is text in YAML 1.2 (`010`).
fn digits_but_not_number(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    v.len() > 1 && v.starts_with('0') && v[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A refused tag, at `at`: the tag as written, or the node where no `!` was found.
fn tag_error(tag: &Tag, at: Range<usize>, text: &str) -> Error {
    let written = text.get(at.clone()).filter(|s| s.starts_with('!')).map_or_else(|| tag.to_string(), str::to_string);
    error(Problem::Tag { written }, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    /// The tree of `text`, which must have no problems.
    fn tree(text: &str) -> Json {
        let doc = parse(text, 64, 1000).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        doc.json
    }

    /// The problems of `text`: what and where.
    fn problems(text: &str) -> Vec<(Problem, &str)> {
        let doc = parse(text, 64, 1000).unwrap_or_else(|e| panic!("{e:?}"));
        doc.problems.into_iter().map(|e| (e.problem, &text[e.span])).collect()
    }

    /// What the old pipeline made of `text`: serde_yaml's value with merges applied, as JSON,
    /// or None where it failed or held a tag or a number JSON cannot.
    fn via_serde_yaml(text: &str) -> Option<Json> {
        let mut v: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
        v.apply_merge().ok()?;
        let json = serde_json::to_value(&v).ok()?;
        // It reported tags and non-finite floats (which serde_json would make null).
        let refused = |v: &serde_yaml::Value| {
            matches!(v, serde_yaml::Value::Tagged(_)) || v.as_f64().is_some_and(|f| !f.is_finite())
        };
        (!v.as_mapping().is_some_and(|m| m.values().any(refused))).then_some(json)
    }

    #[test]
    fn scalars_resolve_as_serde_yaml_resolves_them() {
        let scalars = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRue",
            "yes",
            "no",
            "on",
            "y",
            "0",
            "-0",
            "+0",
            "007",
            "-007",
            "+007",
            "0x1F",
            "-0x1F",
            "+0x1F",
            "0x-1",
            "0x+1",
            "0x",
            "0xZZ",
            "0o17",
            "-0o17",
            "0b101",
            "0b2",
            "1_000",
            "1e3",
            "1E3",
            "-1.5",
            "+1.5",
            ".5",
            "5.",
            "1.0e+3",
            "+-1",
            "--1",
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".INF",
            ".nan",
            ".NaN",
            "+.nan",
            "-.nan",
            "inf",
            "nan",
            "NaN",
            "infinity",
            "1e999",
            "-1e999",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "340282366920938463463374607431768211455",
            "340282366920938463463374607431768211456",
            "999999999999999999999999999999999999999999",
            "0.1.2",
            "12:30",
            "2027-03-01",
            "1,000",
            "+",
            "-",
            ".",
            "+.5",
            "-.5",
            "0e0",
            "00",
            "0.0",
            "-0.0",
            "0x00",
            "00x1",
            "1.5e-400",
            "'5'",
            "\"true\"",
            "!!str 10",
            "!!str",
            "!!int 0x10",
            "!!int 1.5",
            "!!float 1",
            "!!float .inf",
            "!!bool True",
            "!!bool yes",
            "!!null ~",
            "!!null 0",
            "!foo 1",
            "|\n  10\n",
            ">\n  true\n",
        ];
        for s in scalars {
            let text = format!("k: {s}\n");
            let Ok(doc) = parse(&text, 64, 1000) else {
                assert_eq!(via_serde_yaml(&text), None, "{s:?}: saphyr refused it, serde_yaml did not");
                continue;
            };
            match via_serde_yaml(&text) {
                Some(expected) => {
                    assert!(doc.problems.is_empty(), "{s:?}: {:?}", doc.problems);
                    assert_eq!(doc.json, expected, "{s:?}");
                }
                None => assert!(!doc.problems.is_empty(), "{s:?} gave {}, serde_yaml failed", doc.json),
            }
        }
    }

    #[test]
    fn keys_merges_and_aliases() {
        let text =
            "a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\nc: {<<: [{p: 1}, {p: 2, q: 2}]}\nd: *a\n1: one\ntrue: t\n";
        let json = tree(text);
        assert_eq!(Some(json.clone()), via_serde_yaml(text));
        assert_eq!(json["b"], serde_json::json!({"y": 3, "x": 1}));
        assert_eq!(json["c"], serde_json::json!({"p": 1, "q": 2}));
        // Order is kept (a matrix's order names the groups).
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["a", "b", "c", "d", "1", "true"]);
        // A merge keeps the order of the mapping's own keys.
        let json = tree("m: &m {a: 1}\nx: {<<: *m, c: 1, d: 2}\n");
        let keys: Vec<&String> = json["x"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["c", "d", "a"]);
        // An anchor on a key names its text.
        let json = tree("&k name: x\nother: *k\n");
        assert_eq!(json["other"], "name");
        // A merge of a mapping that merges: both apply (serde_yaml applied only the outer one).
        let json = tree("base: &b {x: 1}\nmid: &m {<<: *b, y: 2}\ntop: {<<: *m, z: 3}\n");
        assert_eq!(json["top"], serde_json::json!({"z": 3, "y": 2, "x": 1}));
    }

    #[test]
    fn what_json_cannot_say_is_located() {
        let text = "a: 1\n~: x\n*x : y\nb: !!map {c: !tag 1}\nm: {<<: 5}\n";
        let text = format!("z: &x 1\n{text}");
        let tag = Problem::Tag { written: "!tag".into() };
        let merge = Problem::Merge(Merge::Scalar);
        assert_eq!(problems(&text), [(Problem::NullKey, "~"), (Problem::AliasKey, "*x"), (tag, "!tag"), (merge, "5")]);
        // Keys written differently that are the same key, found by the one duplicate check.
        for (text, first, second) in [("{1: a, 0x1: b}", "1", "0x1"), ("{true: a, True: b}", "true", "True")] {
            let e = parse(text, 64, 1000).expect_err("a duplicate key");
            assert_eq!((e.problem, &text[e.span]), (Problem::DuplicateKey { name: first.into() }, second), "{text}");
            assert_eq!(e.related.map(|r| &text[r]), Some(first), "{text}");
        }
    }
}
