//! YAML text → the span index ([`SpanIndex`]) and the value tree (JSON), in one pass over
//! saphyr-parser's events. The driver here walks the events, guards against hostile input
//! (depth, aliases and the nodes they copy, anchored nodes, several documents), keeps the
//! anchor table, and hands every node to the two sinks: `spans` (where each node is, which
//! also finds duplicate keys) and `tree` (what each node means). What goes wrong is a typed
//! [`Problem`] (`problem`); the parser's own errors are explained by `syntax`.

mod problem;
mod spans;
mod syntax;
mod tree;

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};
use serde_json::Value as Json;

use crate::limits::{MAX_ALIAS_NODES, MAX_ANCHORED_NODES};
use problem::error;
pub(crate) use problem::{Error, Kind, Problem};
use spans::Kids;
pub(crate) use spans::SpanIndex;
use tree::Tree;

/// One parsed YAML document.
#[derive(Debug)]
pub(crate) struct Document {
    pub(crate) index: SpanIndex,
    /// The value tree (null for an empty document).
    pub(crate) json: Json,
    /// Values JSON cannot hold, each at its node: the parse goes on past them to find them all.
    pub(crate) problems: Vec<Error>,
}

/// Parses one YAML document. Limits: `max_depth` nesting levels, `max_aliases` aliases.
pub(crate) fn parse(text: &str, max_depth: usize, max_aliases: usize) -> Result<Document, Error> {
    let mut d = Driver {
        text,
        chars: (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).chain([text.len()]).collect()),
        spans: SpanIndex::default(),
        tree: Tree::default(),
        frames: Vec::new(),
        anchors: HashMap::new(),
        problems: Vec::new(),
        aliases: 0,
        expanded: 0,
        copied: 0,
        anchored: 0,
        docs: 0,
        last_end: 0,
        max_depth,
        max_aliases,
    };
    for ev in Parser::new_from_str(text) {
        let (ev, span) = ev.map_err(|e| d.scan_error(&e))?;
        d.event(ev, &span)?;
    }
    Ok(Document { index: d.spans, json: d.tree.finish(), problems: d.problems })
}

/// An anchored node, for its aliases.
struct Anchor {
    /// Its node in the span index (none for a key).
    node: Option<usize>,
    /// Nodes it holds with aliases expanded; None until it ends (an alias inside it never ends).
    size: Option<u64>,
    value: Json,
}

enum Key {
    Pending,
    Text(String, Range<usize>),
    /// A key that is not text (null, an alias, a refused tag): its value is left out.
    NotText,
}

enum Frame {
    Seq {
        node: usize,
        /// The mapping the items merge into (`<<: [*a, *b]`).
        merge_into: Option<usize>,
        anchor: usize,
        /// `Driver::expanded` before this collection started.
        start: u64,
    },
    Map {
        node: usize,
        key: Key,
        anchor: usize,
        start: u64,
    },
    /// A collection left out (the value of a key that is not text).
    Skip,
}

/// Where the next node goes.
enum Slot {
    /// Into the document: parent (None = root), key text and span for mapping values, and the
    /// mapping this node merges into (the value of `<<`, or an item of a `<<` sequence).
    Node(Option<usize>, Option<(String, Range<usize>)>, Option<usize>),
    /// The node is the key of the mapping on top of the stack.
    Key,
    Skipped,
}

struct Driver<'a> {
    text: &'a str,
    /// Char index → byte offset; None for ASCII text, where they are equal.
    chars: Option<Vec<usize>>,
    spans: SpanIndex,
    tree: Tree,
    frames: Vec<Frame>,
    anchors: HashMap<usize, Anchor>,
    problems: Vec<Error>,
    aliases: usize,
    /// Nodes of the document with aliases expanded.
    expanded: u64,
    /// Of those, nodes that are copies made by aliases.
    copied: u64,
    /// Nodes held by anchored nodes, all copied once.
    anchored: u64,
    docs: usize,
    /// End of the furthest node seen; block collections end here (their end events carry an
    /// empty span at the next token, past trailing comments).
    last_end: usize,
    max_depth: usize,
    max_aliases: usize,
}

impl Driver<'_> {
    fn event(&mut self, ev: Event<'_>, span: &Span) -> Result<(), Error> {
        let r = self.range(span);
        match ev {
            Event::DocumentStart(_) => {
                self.docs += 1;
                if self.docs > 1 {
                    let at = if r.is_empty() { one_char(self.text, r.start) } else { r };
                    return Err(error(Problem::MultipleDocuments, at));
                }
            }
            Event::Scalar(value, style, anchor, tag) => self.scalar(&value, style, anchor, tag.as_deref(), r)?,
            Event::Alias(id) => self.alias(id, r)?,
            Event::SequenceStart(anchor, tag) => self.open(true, anchor, tag.as_deref(), r)?,
            Event::MappingStart(anchor, tag) => self.open(false, anchor, tag.as_deref(), r)?,
            Event::SequenceEnd | Event::MappingEnd => self.close(r)?,
            _ => {}
        }
        Ok(())
    }

    fn scalar(
        &mut self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        r: Range<usize>,
    ) -> Result<(), Error> {
        let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
        let (tag_at, mut start) =
            if anchor != 0 || tag.is_some() { properties(self.text, r.clone(), block) } else { (None, r.start) };
        if start >= r.end {
            start = r.start; // empty tagged scalar: point at its properties
        }
        let at = start..start + self.text[start..r.end].trim_end_matches(is_ws).len();
        self.last_end = self.last_end.max(at.end);
        self.expanded += 1;
        let tag = tag.map(|t| (t, tag_at.unwrap_or_else(|| at.clone())));
        match self.slot() {
            Slot::Key => {
                match tree::scalar(value, style, tag, at.clone(), self.text).and_then(|k| tree::key(k, at.clone())) {
                    Ok(key) => {
                        if anchor != 0 {
                            self.keep(anchor, None, 1, &Json::String(key.clone()), at.clone())?;
                        }
                        self.tree.key(key.clone());
                        self.set_key(Key::Text(key, at));
                    }
                    Err(e) => {
                        self.problems.push(e);
                        self.set_key(Key::NotText);
                    }
                }
            }
            Slot::Skipped => {}
            Slot::Node(parent, key, _) => {
                let json = tree::scalar(value, style, tag, at.clone(), self.text).unwrap_or_else(|e| {
                    self.problems.push(e);
                    Json::Null
                });
                let node = self.spans.add(parent, key, at.clone(), style == ScalarStyle::Literal, Kids::Leaf);
                if anchor != 0 {
                    self.keep(anchor, Some(node), 1, &json, at)?;
                }
                self.tree.add(json);
            }
        }
        Ok(())
    }

    fn alias(&mut self, id: usize, r: Range<usize>) -> Result<(), Error> {
        self.aliases += 1;
        if self.aliases > self.max_aliases {
            return Err(error(Problem::TooManyAliases { max: self.max_aliases }, r));
        }
        self.last_end = self.last_end.max(r.end);
        let name = self.text[r.clone()].trim_start_matches('*');
        let (target, size) = match self.anchors.get(&id) {
            Some(Anchor { size: None, .. }) => {
                return Err(error(Problem::RecursiveAlias { name: name.to_string() }, r));
            }
            Some(&Anchor { node, size: Some(size), .. }) => (node, size),
            None => (None, 1),
        };
        self.expanded = self.expanded.saturating_add(size);
        self.copied = self.copied.saturating_add(size);
        if self.copied > MAX_ALIAS_NODES {
            return Err(error(Problem::AliasExpansion { name: name.to_string(), size }, r));
        }
        match self.slot() {
            Slot::Key => {
                self.problems.push(error(Problem::AliasKey, r));
                self.set_key(Key::NotText);
            }
            Slot::Skipped => {}
            Slot::Node(parent, key, merge) => {
                let node = self.spans.add(parent, key, r, false, Kids::Leaf);
                if let Some(target) = target {
                    self.spans.link(node, target);
                    if let Some(m) = merge {
                        self.spans.link(m, target);
                    }
                }
                self.tree.add(self.anchors.get(&id).map_or(Json::Null, |a| a.value.clone()));
            }
        }
        Ok(())
    }

    fn open(&mut self, seq: bool, anchor: usize, tag: Option<&Tag>, r: Range<usize>) -> Result<(), Error> {
        let (tag_at, start) = properties(self.text, r.clone(), false);
        let tag = tag.and_then(|t| tree::collection_tag(t, tag_at.unwrap_or(r), self.text));
        // Checked first, so 100k-deep input stops here, at the culprit.
        if self.frames.len() >= self.max_depth {
            return Err(error(Problem::TooDeep { max: self.max_depth }, one_char(self.text, start)));
        }
        let before = self.expanded;
        self.expanded += 1;
        let frame = match self.slot() {
            Slot::Key => {
                let found = if seq { Kind::List } else { Kind::Mapping };
                return Err(error(Problem::ComplexKey { found }, one_char(self.text, start)));
            }
            Slot::Skipped => Frame::Skip,
            Slot::Node(parent, key, merge) => {
                self.problems.extend(tag);
                let from_map = key.is_some();
                let kids = if seq { Kids::Seq(Vec::new()) } else { Kids::Map(Vec::new()) };
                let node = self.spans.add(parent, key, start..start, false, kids);
                if anchor != 0 {
                    self.anchors.insert(anchor, Anchor { node: Some(node), size: None, value: Json::Null });
                }
                self.tree.open(seq);
                if seq {
                    // `<<: [*a, *b]`: the items merge into the mapping.
                    Frame::Seq { node, merge_into: merge.filter(|_| from_map), anchor, start: before }
                } else {
                    if let Some(m) = merge {
                        self.spans.link(m, node); // `<<: {inline: map}`
                    }
                    Frame::Map { node, key: Key::Pending, anchor, start: before }
                }
            }
        };
        self.frames.push(frame);
        Ok(())
    }

    fn close(&mut self, r: Range<usize>) -> Result<(), Error> {
        let end = if r.is_empty() { self.last_end } else { r.end };
        self.last_end = self.last_end.max(end);
        let Some(Frame::Seq { node, anchor, start, .. } | Frame::Map { node, anchor, start, .. }) = self.frames.pop()
        else {
            return Ok(());
        };
        self.spans.close(node, end)?;
        let mut value = self.tree.close();
        if let Err(found) = tree::merge(&mut value) {
            let at = self.spans.child(node, "<<").map_or(0..0, |n| self.spans.node(n).value.clone());
            self.problems.push(error(Problem::Merge(found), at));
        }
        if anchor != 0 {
            let at = self.spans.node(node).value.clone();
            self.keep(anchor, Some(node), self.expanded - start, &value, at)?;
        }
        self.tree.add(value);
        Ok(())
    }

    /// Keeps a copy of an anchored node for its aliases. Copies are made whether or not an
    /// alias follows, so anchors nested in anchored nodes would copy the same nodes again and
    /// again: their total is bounded.
    fn keep(
        &mut self,
        anchor: usize,
        node: Option<usize>,
        size: u64,
        value: &Json,
        at: Range<usize>,
    ) -> Result<(), Error> {
        self.anchored = self.anchored.saturating_add(size);
        if self.anchored > MAX_ANCHORED_NODES {
            return Err(error(Problem::AnchoredNodes, at));
        }
        self.anchors.insert(anchor, Anchor { node, size: Some(size), value: value.clone() });
        Ok(())
    }

    fn slot(&mut self) -> Slot {
        match self.frames.last_mut() {
            None if self.spans.is_empty() => Slot::Node(None, None, None),
            None | Some(Frame::Skip) => Slot::Skipped,
            Some(Frame::Seq { node, merge_into, .. }) => Slot::Node(Some(*node), None, *merge_into),
            Some(Frame::Map { node, key, .. }) => match std::mem::replace(key, Key::Pending) {
                Key::Pending => Slot::Key,
                Key::NotText => Slot::Skipped,
                Key::Text(text, r) => {
                    let merge = (text == "<<").then_some(*node);
                    Slot::Node(Some(*node), Some((text, r)), merge)
                }
            },
        }
    }

    fn set_key(&mut self, k: Key) {
        if let Some(Frame::Map { key, .. }) = self.frames.last_mut() {
            *key = k;
        }
    }

    fn byte(&self, ch: usize) -> usize {
        match &self.chars {
            Some(t) => t[ch.min(t.len() - 1)],
            None => ch.min(self.text.len()),
        }
    }

    fn range(&self, span: &Span) -> Range<usize> {
        let a = self.byte(span.start.index());
        a..self.byte(span.end.index()).max(a)
    }

    /// A parser error, located where a person would fix it and explained ([`syntax`]).
    fn scan_error(&self, e: &ScanError) -> Error {
        let pos = self.byte(e.marker().index());
        // Saphyr's own flow-depth cap (255); its simple-key lookahead can reach it before
        // our limit sees the events, e.g. on `[[[[…`.
        if e.info() == "recursion limit exceeded" {
            return error(Problem::TooDeep { max: self.max_depth.min(255) }, one_char(self.text, pos));
        }
        // info() is the message without saphyr's "at byte N" suffix (which counts chars).
        syntax::explain(self.text, pos, e.info(), self.open_flow())
    }

    /// Where the innermost flow collection (`[`/`{`) still open starts.
    fn open_flow(&self) -> Option<usize> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Seq { node, .. } | Frame::Map { node, .. } => {
                let start = self.spans.node(*node).value.start;
                matches!(self.text.as_bytes().get(start), Some(b'[' | b'{')).then_some(start)
            }
            Frame::Skip => None,
        })
    }
}

/// A one-char span at `at` (empty at a line end or EOF), so a label shows a visible char.
fn one_char(text: &str, at: usize) -> Range<usize> {
    let len = text[at..].chars().next().filter(|c| !matches!(c, '\n' | '\r')).map_or(0, char::len_utf8);
    at..at + len
}

/// YAML white space; `char::is_whitespace` would also eat U+3000, which is content in YAML.
fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// A node's properties (`&anchor`, `!tag`, white space and comments), which saphyr's span `r`
/// of the node starts with: where its tag is, and where its own text starts (for block
/// scalars, past the `|`/`>` header line).
fn properties(text: &str, r: Range<usize>, block_scalar: bool) -> (Option<Range<usize>>, usize) {
    let (mut tag, mut i) = (None, r.start);
    while let Some(c) = text[i..r.end].chars().next() {
        let rest = &text[i..r.end];
        // A shorthand tag or an anchor ends at white space or a flow indicator, which it
        // cannot hold; a verbatim tag `!<…>` at its `>`.
        let token = || rest.find(|c| is_ws(c) || ",[]{}".contains(c)).unwrap_or(rest.len());
        i += match c {
            '!' => {
                let len = if rest.starts_with("!<") { rest.find('>').map_or(rest.len(), |e| e + 1) } else { token() };
                tag = Some(i..i + len);
                len
            }
            '&' => token(),
            '#' => rest.find('\n').unwrap_or(rest.len()),
            c if is_ws(c) => 1,
            '|' | '>' if block_scalar => {
                // Skip the header line, then indentation; content may start with `#`, so stop there.
                let body = &rest[rest.find('\n').unwrap_or(rest.len())..];
                return (tag, r.end - body.trim_start_matches(is_ws).len());
            }
            _ => break,
        };
    }
    (tag, i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::line_col;

    pub(super) fn index(text: &str) -> SpanIndex {
        parse(text, 64, 1000).unwrap_or_else(|e| panic!("{e:?}")).index
    }

    fn err(text: &str) -> Error {
        parse(text, 64, 1000).expect_err("expected an error")
    }

    /// The value text at exactly `ptr`.
    pub(super) fn val<'t>(text: &'t str, idx: &SpanIndex, ptr: &str) -> &'t str {
        &text[idx.get(ptr).unwrap_or_else(|| panic!("no node at {ptr:?}")).value.clone()]
    }

    /// The value text `lookup` lands on.
    pub(super) fn found<'t>(text: &'t str, idx: &SpanIndex, ptr: &str) -> &'t str {
        &text[idx.lookup(ptr).unwrap().value.clone()]
    }

    #[test]
    fn complex_keys() {
        // A list or mapping as a key: an error at the key, since no spec field can be one.
        let t = "ok: 1\n? [a, b]\n: {deep: [1]}\n";
        let e = err(t);
        assert_eq!(e.problem, Problem::ComplexKey { found: Kind::List });
        assert_eq!(line_col(t, e.span.start), (2, 3));
        assert_eq!(&t[e.span.clone()], "[");
        let t = "a:\n  {k: v}: w\n";
        assert_eq!(err(t).problem, Problem::ComplexKey { found: Kind::Mapping });
        // `*x` is an unknown anchor: syntax error, not a panic.
        assert!(matches!(err("*x : 1\nok: 2\n").problem, Problem::Syntax { .. }));
        // An alias as a key is skipped (its value is not indexed).
        let t = "&x a: 0\n*x : 1\nok: 2\n";
        let i = index(t);
        assert_eq!(val(t, &i, "/ok"), "2");
        assert_eq!(val(t, &i, "/a"), "0");
        assert_eq!(i.spans().count(), 3);
    }

    #[test]
    fn alias_cycles_are_errors() {
        // `&a [*a]` is legal YAML but infinite once expanded: stopped at the first alias.
        let t = "a: &a [x, {b: *a}, *a]\n";
        let e = err(t);
        assert_eq!(e.problem, Problem::RecursiveAlias { name: "a".into() });
        assert_eq!(e.span, 14..16);
        let t = "m: &m\n  k: v\n  <<: *m\n";
        assert_eq!(err(t).problem, Problem::RecursiveAlias { name: "m".into() });
        // An alias of a finished sibling is fine, however deep the lookup goes through it.
        let t = "a: &a [x, {b: y}]\nc: [*a, *a]\n";
        let i = index(t);
        assert_eq!(found(t, &i, "/c/1/1/b"), "y");
        assert_eq!(found(t, &i, "/c/1/1/b/0/0/0"), "y");
    }

    #[test]
    fn tab_errors_point_at_the_tab() {
        let t = "a:\n\t\tb: 1\n";
        let e = err(t);
        assert_eq!(e.problem, Problem::TabIndent { line: 2 });
        assert_eq!(e.span, 3..4);
        let t = "a:\tb\n";
        let e = err(t);
        assert_eq!(e.span, 2..3);
        assert_eq!(e.problem, Problem::TabAfterColon { line: 1 });
    }

    #[test]
    fn duplicate_key() {
        let t = "name: a\nroles:\n  - 名字: x\n    名字: y\n";
        let e = err(t);
        assert_eq!(e.problem, Problem::DuplicateKey { name: "名字".into() });
        assert_eq!(line_col(t, e.span.start), (4, 5));
        assert_eq!(&t[e.span.clone()], "名字");
        assert_eq!(line_col(t, e.related.clone().unwrap().start), (3, 5));
        assert_eq!(err("{a: 1, \"a\": 2}").related, Some(1..2));
        assert_eq!(err("a: 1\na:\n  b: 2\n").span, 5..6);
    }

    #[test]
    fn documents() {
        for t in ["", "# only\n# comments\n", "\n\n", "a: 1\n...\n# end\n"] {
            index(t);
        }
        assert!(index("").is_empty());
        assert!(index("# c\n").lookup("/a").is_none());
        let only = index("---\n");
        assert!(only.get("").is_some());
        let t = "a: 1\n---\nb: 2\n";
        let e = err(t);
        assert_eq!(e.problem, Problem::MultipleDocuments);
        assert_eq!(&t[e.span], "---");
        let t = "a: 1\n...\nb: 2\n";
        let e = err(t);
        assert_eq!(e.problem, Problem::MultipleDocuments);
        assert_eq!(&t[e.span], "b");
        assert_eq!(err("---\n---\n").problem, Problem::MultipleDocuments);
    }

    #[test]
    fn depth_limit() {
        // On one line, saphyr's simple-key lookahead hits its own cap (255) before any event.
        let flow = "[".repeat(100_000);
        let e = err(&flow);
        assert_eq!(e.problem, Problem::TooDeep { max: 64 });
        assert_eq!(e.span, 255..256);
        // Even across lines: saphyr's lookahead reaches the 256th flow level first.
        let flow = "{a: [\n".repeat(100_000);
        let e = err(&flow);
        assert_eq!(e.problem, Problem::TooDeep { max: 64 });
        assert_eq!(line_col(&flow, e.span.start), (128, 5));
        // Within saphyr's cap, our limit reports the first collection past it.
        let flow = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let e = err(&flow);
        assert_eq!((e.problem, e.span), (Problem::TooDeep { max: 64 }, 64..65));
        let block = format!("{}x\n", "- ".repeat(100_000));
        let e = err(&block);
        assert_eq!(e.problem, Problem::TooDeep { max: 64 });
        assert_eq!(e.span, 128..129);
        let mut indented = String::new();
        for d in 0..2000 {
            indented += &format!("{}k{d}:\n", " ".repeat(d));
        }
        let e = err(&indented);
        assert_eq!(e.problem, Problem::TooDeep { max: 64 });
        assert_eq!(line_col(&indented, e.span.start), (65, 65));
        // Exactly at the limit is fine.
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        let i = index(&ok);
        assert_eq!(i.get(&"/0".repeat(63)).unwrap().value, 63..65);
    }

    #[test]
    fn alias_limit() {
        // Billion laughs: 81 alias events, indexed without expansion.
        let mut t = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for n in 1..10 {
            let prev = format!("*a{}", n - 1);
            t += &format!("a{n}: &a{n} [{}]\n", vec![prev; 9].join(", "));
        }
        // Four levels of aliases copy 90 + 819 + 7 380 + 66 429 = 74 718 nodes: under the
        // budget, and lookups go through the aliases.
        let four: String = t.lines().take(5).map(|l| format!("{l}\n")).collect();
        let i = index(&four);
        assert_eq!(i.spans().count(), 1 + 5 + 9 * 5);
        assert_eq!(found(&four, &i, "/a4/8/8/8/8/8"), "lol");
        // The fifth level's first `*a4` (66 430 nodes) crosses 100 000 copied nodes.
        let e = err(&t);
        assert_eq!(e.problem, Problem::AliasExpansion { name: "a4".into(), size: 66430 });
        assert_eq!(&t[e.span.clone()], "*a4");
        assert_eq!(line_col(&t, e.span.start), (6, 10));
        // The count of aliases has its own limit: the 31st of 36 is one too many.
        let e = parse(&four, 64, 30).unwrap_err();
        assert_eq!(e.problem, Problem::TooManyAliases { max: 30 });
        assert_eq!(&four[e.span.clone()], "*a3");
        assert_eq!(line_col(&four, e.span.start), (5, 25));
        // Wider: 2000 aliases against the default 1000.
        let wide = format!("a: &a x\nb: [{}]\n", vec!["*a"; 2000].join(", "));
        let e = err(&wide);
        assert_eq!(e.problem, Problem::TooManyAliases { max: 1000 });
        assert_eq!(e.span.start, 12 + 1000 * 4);
    }

    #[test]
    fn syntax_errors_are_located() {
        // An unclosed `[` is reported at the `[`, with where the parser noticed as related.
        let t = "名字: 测试\nlist: [1, 2\n";
        let e = err(t);
        assert_eq!(e.problem, Problem::UnclosedFlow { open: '[', line: 3 });
        assert_eq!(line_col(t, e.span.start), (2, 7));
        assert_eq!(line_col(t, e.related.unwrap().start), (3, 1));
        let t = "a:\n  methods: {x: 1, y: 2\n  next: 3\n";
        let e = err(t);
        assert_eq!(&t[e.span.clone()], "{");
        assert_eq!(e.problem, Problem::UnclosedFlow { open: '{', line: 3 });
        assert_eq!(line_col(t, e.related.unwrap().start).0, 3);
        assert_eq!(err("a: [b, c").span, 3..4);
        // Other errors inside a flow collection keep the parser's location.
        let t = "a: [b,\n    c: d: e]\n";
        assert_ne!(err(t).span.start, 3);
        // A tab in the indentation is reported at the tab, also when the parser noticed it
        // while scanning the line before.
        let t = "组:\n\tb: 1\n";
        let e = err(t);
        assert_eq!(e.problem, Problem::TabIndent { line: 2 });
        assert_eq!(line_col(t, e.span.start), (2, 1)); // the tab, not the `b` after it
        let t = "a:\n  b: 三年级\n\tc: 1\n";
        let e = err(t);
        assert_eq!(e.problem, Problem::TabIndent { line: 3 });
        assert_eq!(line_col(t, e.span.start), (3, 1));
        let t = "a: \"未关闭\nb: 1\n";
        let e = err(t);
        assert_eq!(e.span, 3..4);
        assert_eq!(e.problem, Problem::UnclosedQuote { quote: '"', line: 1 });
    }

    /// Hostile and odd input never panics, and every range is a valid slice of the text.
    #[test]
    fn no_panics_and_valid_ranges() {
        let rich = "\u{feff}%YAML 1.2\n---\nname: &n !foo \"开源 社区\"\nroles:\n  - id: a\n    d: |2\n      x\n    f: >\n      y\n  - {a: [1, '测', {k: v}], \"a/b~c\": *n}\n  - <<: *n\n? x\n: y\nt: z\t\nlast: 'it''s' # c\r\n...\n";
        let mut inputs: Vec<String> = [
            "",
            "---",
            "...",
            "--- |",
            "\0",
            "a: \0b",
            "a:\tb",
            "\t",
            "- \t-",
            "\"",
            "'",
            "[",
            "{",
            "]",
            "}",
            "? ",
            "? a",
            ": ",
            "&",
            "*",
            "!",
            "!<",
            "&a",
            "*a",
            "a: &a",
            "a: !!str",
            "a: |",
            "a: >-\n",
            "%TAG",
            "a: [b, c",
            "a: {b: c",
            "\r",
            "\r\r\na",
            "- - - ",
            "[[[]]",
            "a: b: c",
            "a:\n- b\n c",
            "\u{feff}",
            "\u{feff}\u{feff}a",
            "测",
            "测: [试",
            "a: \"\\u00e9\\x41\"",
            "&a a: *a",
            "? [x]\n: y",
            "? {a: [b]}\n: c\nd: e",
            "a: &a [*a]",
            "a: &a {b: *a}",
            "a: &a\n  <<: *a",
            "&k [a]: 1",
            // Indentation, quotes and tabs, which the explanations read the text around.
            "a:\r\n  b: 1\r\n c: 2\r\n",
            "\u{feff}a: 1\n b: 2",
            "\u{feff} a: 1\nb: 2",
            "名: 值\n  键: 1\n",
            "- 名\n - b",
            " - a\n- b",
            "a:\n  - b\n - c: 1\n",
            "a: \"\t",
            "a:\n\t- b",
            "a: 'x''",
            "a: \"x\\",
            ":\t",
            "\t:",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        // Every prefix of a rich document (cut at char boundaries).
        inputs.extend(rich.char_indices().map(|(b, _)| rich[..b].to_string()));
        for t in &inputs {
            match parse(t, 64, 1000) {
                Ok(Document { index: i, problems, .. }) => {
                    for p in &problems {
                        assert!(t.get(p.span.clone()).is_some(), "bad span {p:?} in {t:?}");
                    }
                    for n in i.spans() {
                        for r in n.key.iter().chain([&n.value]) {
                            assert!(t.get(r.clone()).is_some(), "bad range {r:?} in {t:?}");
                        }
                    }
                    for p in ["", "/roles/1/a/2/k", "/roles/2/id", "/x", "/~", "//"] {
                        i.lookup(p);
                        i.get(p);
                    }
                }
                Err(e) => {
                    for r in [Some(&e.span), e.related.as_ref()].into_iter().flatten() {
                        assert!(t.get(r.clone()).is_some(), "bad span {e:?} in {t:?}");
                    }
                }
            }
        }
        // The full rich document indexes.
        let i = index(rich);
        assert_eq!(val(rich, &i, "/name"), "\"开源 社区\"");
        assert_eq!(val(rich, &i, "/roles/0/d"), "x");
        assert_eq!(val(rich, &i, "/t"), "z");
        assert_eq!(found(rich, &i, "/roles/2"), "<<: *n");
    }
}
