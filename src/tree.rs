//! The spec's value tree, built as JSON from the same parser events the span index walks, so
//! each file is parsed once. Scalars resolve as serde_yaml 0.9 resolves them (the YAML 1.2
//! core schema: `~`/`null`, `true`/`false`, decimal, `0x`/`0o`/`0b` integers, floats and
//! `.inf`/`.nan`; `010` and quoted or block scalars stay text), and `<<` merge keys apply as
//! in `serde_yaml::Value::apply_merge`. What JSON cannot say (tags, numbers that are not
//! finite or do not fit 64 bits, keys that are not text) is reported at its node.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Map, Value as Json};

use crate::diagnostics::Diagnostic;
use crate::limits::MAX_ANCHORED_NODES;

/// A resolved scalar, or why it has no JSON value.
enum Scalar {
    Value(Json),
    Problem(Diagnostic),
}

enum Frame {
    Seq(Vec<Json>, usize),
    /// The mapping, the key whose value comes next, and the anchor of the mapping.
    Map(Map<String, Json>, Option<String>, usize),
    /// Not part of the value (a collection under a key that is not text).
    Skip,
}

/// Builds the tree; fed by the span index's builder, which owns the event walk.
#[derive(Default)]
pub struct TreeBuilder {
    frames: Vec<Frame>,
    /// Anchored values by anchor id, for aliases (whose copies the span index bounds).
    anchors: HashMap<usize, Json>,
    /// Nodes copied into `anchors` so far (see [`MAX_ANCHORED_NODES`]).
    anchored: u64,
    root: Option<Json>,
    pub problems: Vec<Diagnostic>,
}

impl TreeBuilder {
    /// The document's value (null for an empty document).
    pub fn finish(self) -> (Json, Vec<Diagnostic>) {
        (self.root.unwrap_or(Json::Null), self.problems)
    }

    /// A scalar in value position; `span` is its text, `tag` its tag with where the node's
    /// properties start, `text` the whole file (both for locating the tag).
    pub fn scalar(
        &mut self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<(&Tag, usize)>,
        span: Range<usize>,
        text: &str,
    ) {
        let json = match resolve(value, style, tag, span.clone(), text) {
            Scalar::Value(j) => j,
            Scalar::Problem(d) => {
                self.problems.push(d);
                Json::Null
            }
        };
        self.value(json, anchor, span);
    }

    /// A scalar in key position (its anchor, if any, names the key's text for aliases).
    pub fn key(
        &mut self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<(&Tag, usize)>,
        span: Range<usize>,
        text: &str,
    ) {
        let key = match resolve(value, style, tag, span.clone(), text) {
            Scalar::Value(Json::String(s)) => Some(s),
            Scalar::Value(Json::Number(n)) => Some(n.to_string()),
            Scalar::Value(Json::Bool(b)) => Some(b.to_string()),
            Scalar::Value(_) => {
                self.problems.push(key_not_text(span.clone(), "a null key"));
                None
            }
            Scalar::Problem(d) => {
                self.problems.push(d);
                None
            }
        };
        // `1` and `0x1`, `true` and `True`: different text (which the span index compares),
        // the same key.
        let repeated = match (self.frames.last(), &key) {
            (Some(Frame::Map(map, _, _)), Some(k)) => map.contains_key(k),
            _ => false,
        };
        if repeated {
            self.problems.push(
                Diagnostic::error(
                    "yaml-structure",
                    span.clone(),
                    format!("duplicate key `{}`", key.unwrap_or_default()),
                )
                .with_label("same key as an earlier one")
                .with_help("remove one of the two, or merge their contents"),
            );
            return;
        }
        if anchor != 0 {
            if let Some(k) = &key {
                self.keep(anchor, &Json::String(k.clone()), span);
            }
        }
        if let Some(Frame::Map(_, pending, _)) = self.frames.last_mut() {
            *pending = key;
        }
    }

    /// An alias used as a key.
    pub fn alias_key(&mut self, span: Range<usize>) {
        self.problems.push(key_not_text(span, "an alias as a key"));
        if let Some(Frame::Map(_, pending, _)) = self.frames.last_mut() {
            *pending = None;
        }
    }

    /// An alias in value position.
    pub fn alias(&mut self, id: usize) {
        let json = self.anchors.get(&id).cloned().unwrap_or(Json::Null);
        self.value(json, 0, 0..0);
    }

    pub fn open(&mut self, seq: bool, anchor: usize, skip: bool) {
        self.frames.push(match (skip, seq) {
            (true, _) => Frame::Skip,
            (false, true) => Frame::Seq(Vec::new(), anchor),
            (false, false) => Frame::Map(Map::new(), None, anchor),
        });
    }

    /// The end of the innermost collection, found at `span`; `merge_at` is where its `<<`
    /// value is, if any.
    pub fn close(&mut self, span: Range<usize>, merge_at: Option<Range<usize>>) {
        match self.frames.pop() {
            Some(Frame::Seq(items, anchor)) => self.value(Json::Array(items), anchor, span),
            Some(Frame::Map(mut map, _, anchor)) => {
                if let Err(why) = merge(&mut map) {
                    let span = merge_at.unwrap_or(0..0);
                    self.problems.push(
                        Diagnostic::error(
                            "yaml-structure",
                            span,
                            format!("merge key `<<` could not be applied: {why}"),
                        )
                        .with_label("not a mapping")
                        .with_help("`<<` takes an alias of a mapping, or a list of such aliases"),
                    );
                }
                self.value(Json::Object(map), anchor, span);
            }
            Some(Frame::Skip) | None => {}
        }
    }

    fn value(&mut self, json: Json, anchor: usize, span: Range<usize>) {
        if anchor != 0 {
            self.keep(anchor, &json, span);
        }
        match self.frames.last_mut() {
            None => self.root = Some(json),
            Some(Frame::Seq(items, _)) => items.push(json),
            Some(Frame::Map(map, pending, _)) => {
                if let Some(k) = pending.take() {
                    map.insert(k, json);
                }
            }
            Some(Frame::Skip) => {}
        }
    }
}

impl TreeBuilder {
    /// Keeps a copy of an anchored value for its aliases. Copies are made whether or not an
    /// alias follows, so anchors nested in anchors would copy the same nodes again and again:
    /// their total is bounded.
    fn keep(&mut self, anchor: usize, json: &Json, span: Range<usize>) {
        fn nodes(v: &Json) -> u64 {
            1 + match v {
                Json::Array(items) => items.iter().map(nodes).sum(),
                Json::Object(map) => map.values().map(nodes).sum(),
                _ => 0,
            }
        }
        let before = self.anchored;
        self.anchored = self.anchored.saturating_add(nodes(json));
        if self.anchored <= MAX_ANCHORED_NODES {
            self.anchors.insert(anchor, json.clone());
        } else if before <= MAX_ANCHORED_NODES {
            self.problems.push(
                Diagnostic::error(
                    "input-limit",
                    span,
                    format!("anchored nodes hold more than {MAX_ANCHORED_NODES} nodes in all"),
                )
                .with_label("this anchor crosses the limit")
                .with_help("anchor small parts only, and do not nest anchors in anchored nodes"),
            );
        }
    }
}

/// `serde_yaml::Value::apply_merge` for one mapping whose own children are merged already:
/// the entries of `<<` (a mapping, or a list of mappings, earlier ones first) fill in the
/// keys the mapping does not set.
fn merge(map: &mut Map<String, Json>) -> Result<(), &'static str> {
    // Removed in place: the other keys keep their order (a matrix's order names the groups).
    let Some(sources) = map.shift_remove("<<") else { return Ok(()) };
    let sources = match sources {
        Json::Object(m) => vec![m],
        Json::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Json::Object(m) => Ok(m),
                Json::Array(_) => Err("expected a mapping for merging, but found sequence"),
                _ => Err("expected a mapping for merging, but found scalar"),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("expected a mapping or list of mappings for merging, but found scalar"),
    };
    for source in sources {
        for (k, v) in source {
            map.entry(k).or_insert(v);
        }
    }
    Ok(())
}

fn key_not_text(span: Range<usize>, label: &str) -> Diagnostic {
    Diagnostic::error("yaml-structure", span, "a mapping key must be text")
        .with_label(label.to_string())
        .with_help("write keys as plain words, like `name:`")
}

/// A tag on a collection whose text (its properties first) is `span`: the core `!!map` and
/// `!!seq` say nothing; others are refused.
pub fn collection_tag(tag: Option<&Tag>, span: Range<usize>, text: &str) -> Option<Diagnostic> {
    match tag {
        Some(t) if !(t.is_yaml_core_schema() && matches!(t.suffix.as_str(), "map" | "seq")) => {
            Some(tag_problem(t, span.start, span, text))
        }
        _ => None,
    }
}

fn resolve(value: &str, style: ScalarStyle, tag: Option<(&Tag, usize)>, span: Range<usize>, text: &str) -> Scalar {
    let (tag, props) = (tag.map(|(t, _)| t), tag.map_or(span.start, |(_, p)| p));
    let core = tag.filter(|t| t.is_yaml_core_schema()).map(|t| t.suffix.as_str());
    let parsed = match (tag, core) {
        (None, _) if style == ScalarStyle::Plain => match plain(value) {
            Ok(json) => Some(json),
            Err(()) => return Scalar::Problem(unrepresentable(value, span)),
        },
        (None, _) | (_, Some("str")) => Some(Json::String(value.to_string())),
        (_, Some("null")) => matches!(value, "" | "~" | "null" | "Null" | "NULL").then_some(Json::Null),
        (_, Some("bool")) => boolean(value).map(Json::Bool),
        (_, Some("int")) => integer(value),
        (_, Some("float")) => match float(value) {
            Some(f) if !f.is_finite() => return Scalar::Problem(not_finite(f, span)),
            f => f.map(number),
        },
        (Some(t), _) => return Scalar::Problem(tag_problem(t, props, span, text)),
    };
    match parsed {
        Some(json) => Scalar::Value(json),
        None => Scalar::Problem(
            Diagnostic::error(
                "invalid-value",
                span,
                format!("`{value}` is not a valid `!!{}`", core.unwrap_or_default()),
            )
            .with_label("invalid value")
            .with_help("remove the tag, or write a value of that type"),
        ),
    }
}

/// A plain scalar as serde_yaml's `visit_untagged_scalar` reads it; Err for a number JSON
/// cannot hold. Most scalars are text, told apart by their first character.
fn plain(v: &str) -> Result<Json, ()> {
    match v.as_bytes().first() {
        None => return Ok(Json::Null),
        Some(b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F') => {
            if matches!(v, "~" | "null" | "Null" | "NULL") {
                return Ok(Json::Null);
            }
            if let Some(b) = boolean(v) {
                return Ok(Json::Bool(b));
            }
        }
        Some(b'0'..=b'9' | b'+' | b'-' | b'.') => {
            if let Some(n) = integer(v) {
                return Ok(n);
            }
            if wide_int(v).is_some() {
                return Err(());
            }
            if !digits_but_not_number(v) {
                match float(v) {
                    Some(f) if f.is_finite() => return Ok(number(f)),
                    Some(_) => return Err(()),
                    None => {}
                }
            }
        }
        _ => {}
    }
    Ok(Json::String(v.to_string()))
}

/// Why [`plain`] refused `v`: an integer beyond 64 bits (serde_yaml reads up to 128), or
/// `.inf`/`.nan`.
fn unrepresentable(v: &str, span: Range<usize>) -> Diagnostic {
    if wide_int(v).is_some() {
        return Diagnostic::error("invalid-value", span, format!("the number `{v}` is too large"))
            .with_label("too large")
            .with_help("numbers must fit in 64 bits; if this is text (an id, a phone number), quote it");
    }
    not_finite(float(v).unwrap_or(f64::NAN), span)
}

fn not_finite(f: f64, span: Range<usize>) -> Diagnostic {
    // As serde_yaml shows them: `.inf`, `-.inf`, `.nan`.
    let shown = serde_yaml::Number::from(f).to_string();
    Diagnostic::error("invalid-value", span, format!("`{shown}` is not a finite number"))
        .with_label("not a finite number")
        .with_help("write a number, or quote the value if it is text")
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

/// A refused tag, located at the tag itself: the properties that start at `props`, else
/// the node `value`.
fn tag_problem(tag: &Tag, props: usize, value: Range<usize>, text: &str) -> Diagnostic {
    let span = tag_span(text, props).unwrap_or(value);
    let written = text.get(span.clone()).filter(|s| s.starts_with('!')).map(str::to_string);
    Diagnostic::error(
        "yaml-structure",
        span,
        format!("YAML tags like `{}` are not supported", written.unwrap_or_else(|| tag.to_string())),
    )
    .with_label("tagged value")
    .with_help("remove the tag; write the value plainly")
}

/// The `!tag` among a node's properties, which start at `from` (an `&anchor` and comments
/// may come first). A shorthand tag ends at white space or a flow indicator, which it cannot
/// hold; a verbatim tag `!<…>` at its `>`.
fn tag_span(text: &str, from: usize) -> Option<Range<usize>> {
    let mut i = from;
    loop {
        let rest = text.get(i..)?;
        let token = || rest.find(|c| " \t\r\n,[]{}".contains(c)).unwrap_or(rest.len());
        let len = match rest.chars().next()? {
            ' ' | '\t' | '\r' | '\n' => 1,
            '#' => rest.find('\n').unwrap_or(rest.len()),
            '&' => token(),
            '!' if rest.starts_with("!<") => return Some(i..i + rest.find('>').map_or(rest.len(), |e| e + 1)),
            '!' => return Some(i..i + token()),
            _ => return None,
        };
        i += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::SpanIndex;

    /// The tree of `text` and its problems.
    fn tree(text: &str) -> (Json, Vec<Diagnostic>) {
        let (_, json, problems) = SpanIndex::build_tree(text, 64, 1000).unwrap();
        (json, problems)
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
            let Ok((_, json, problems)) = SpanIndex::build_tree(&text, 64, 1000) else {
                assert_eq!(via_serde_yaml(&text), None, "{s:?}: saphyr refused it, serde_yaml did not");
                continue;
            };
            match via_serde_yaml(&text) {
                Some(expected) => {
                    assert!(problems.is_empty(), "{s:?}: {problems:?}");
                    assert_eq!(json, expected, "{s:?}");
                }
                None => assert!(!problems.is_empty(), "{s:?} gave {json}, serde_yaml failed"),
            }
        }
    }

    #[test]
    fn keys_merges_and_aliases() {
        let text =
            "a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\nc: {<<: [{p: 1}, {p: 2, q: 2}]}\nd: *a\n1: one\ntrue: t\n";
        let (json, problems) = tree(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(Some(json.clone()), via_serde_yaml(text));
        assert_eq!(json["b"], serde_json::json!({"y": 3, "x": 1}));
        assert_eq!(json["c"], serde_json::json!({"p": 1, "q": 2}));
        // Order is kept (a matrix's order names the groups).
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["a", "b", "c", "d", "1", "true"]);
        // A merge keeps the order of the mapping's own keys.
        let (json, _) = tree("m: &m {a: 1}\nx: {<<: *m, c: 1, d: 2}\n");
        let keys: Vec<&String> = json["x"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["c", "d", "a"]);
        // An anchor on a key names its text.
        let (json, problems) = tree("&k name: x\nother: *k\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(json["other"], "name");
        // A merge of a mapping that merges: both apply (serde_yaml applied only the outer one).
        let (json, _) = tree("base: &b {x: 1}\nmid: &m {<<: *b, y: 2}\ntop: {<<: *m, z: 3}\n");
        assert_eq!(json["top"], serde_json::json!({"z": 3, "y": 2, "x": 1}));
    }

    #[test]
    fn what_json_cannot_say_is_located() {
        let text = "a: 1\n~: x\n*x : y\nb: !!map {c: !tag 1}\nm: {<<: 5}\n";
        let text = format!("z: &x 1\n{text}");
        let (_, problems) = tree(&text);
        let found: Vec<(&str, &str)> = problems.iter().map(|d| (d.rule, &text[d.span.clone()])).collect();
        assert_eq!(
            found,
            [("yaml-structure", "~"), ("yaml-structure", "*x"), ("yaml-structure", "!tag"), ("yaml-structure", "5")]
        );
        // Keys written differently that are the same key.
        for (text, second) in [("{1: a, 0x1: b}", "0x1"), ("{true: a, True: b}", "True")] {
            let (_, problems) = tree(text);
            let found: Vec<&str> = problems.iter().map(|d| &text[d.span.clone()]).collect();
            assert_eq!(found, [second], "{text}");
        }
    }
}
