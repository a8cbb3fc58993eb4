//! Byte spans of YAML nodes by JSON pointer, from saphyr-parser events in one O(n) pass that
//! also builds the value tree ([`crate::tree`]) and guards against hostile input (depth, aliases,
//! duplicate keys, several documents).

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::limits::MAX_ALIAS_NODES;
use crate::tree::{TreeBuilder, collection_tag};

/// Where one YAML node sits in the source, as byte ranges into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSpan {
    /// The mapping key's scalar, for values of mappings.
    pub key: Option<Range<usize>>,
    /// The value node: a scalar's text (quotes included; for block scalars only the content,
    /// trailing newlines trimmed), an alias token, or a whole collection (flow: up to and
    /// including the closing `]`/`}`; block: up to the end of its last child).
    pub value: Range<usize>,
    /// True for literal block scalars (`|`, `|-`, `|+`): their content lines map 1:1 to file lines.
    pub literal: bool,
}

/// A located problem found while indexing (the file stops there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexError {
    pub kind: IndexErrorKind,
    pub message: String,
    pub span: Range<usize>,
    /// Secondary span and its label, e.g. the first definition of a duplicate key.
    pub related: Option<(Range<usize>, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexErrorKind {
    Syntax,
    TooDeep,
    DuplicateKey,
    MultipleDocuments,
    TooManyAliases,
    /// Aliases that would copy too many nodes when expanded (an alias bomb).
    AliasExpansion,
    /// An alias inside the node it refers to (`&a [*a]`): infinite when expanded.
    RecursiveAlias,
    /// A list or mapping used as a mapping key (`? [a]`), which no spec field can be.
    ComplexKey,
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IndexError {}

/// Alias/merge hops allowed per lookup; `&a [*a]` is legal YAML, so links can form cycles.
const MAX_HOPS: usize = 32;

#[derive(Debug)]
struct Node {
    span: NodeSpan,
    kids: Kids,
    /// Where `lookup` goes on when a child is missing: an alias's anchored node, or a
    /// mapping's `<<` merge sources in precedence order.
    links: Vec<usize>,
    /// Nodes in this subtree once aliases are expanded (1 for a scalar; an alias counts its
    /// target's size). Final once the node's collection has ended.
    size: u64,
}

/// Children by pointer segment. A tree rather than a map of pointer strings keeps memory
/// O(n) under deep nesting or huge keys; sorted vectors rather than hashing keep the build fast.
#[derive(Debug)]
enum Kids {
    Leaf,
    Seq(Vec<usize>),
    /// (key text, node), sorted by key once the mapping ends.
    Map(Vec<(String, usize)>),
}

/// Pointer → span index of one YAML document.
#[derive(Debug, Default)]
pub struct SpanIndex {
    /// Nodes in document order; the root is nodes[0].
    nodes: Vec<Node>,
}

impl SpanIndex {
    /// Index `text`. Limits: `max_depth` nesting levels (collections), `max_aliases` alias events.
    pub fn build(text: &str, max_depth: usize, max_aliases: usize) -> Result<SpanIndex, IndexError> {
        Self::build_tree(text, max_depth, max_aliases).map(|(index, _, _)| index)
    }

    /// Index `text` and build its value tree in the same pass (see [`crate::tree`]), with the
    /// problems of values JSON cannot hold.
    pub fn build_tree(
        text: &str,
        max_depth: usize,
        max_aliases: usize,
    ) -> Result<(SpanIndex, serde_json::Value, Vec<Diagnostic>), IndexError> {
        let mut b = Builder {
            tree: TreeBuilder::default(),
            text,
            chars: (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).chain([text.len()]).collect()),
            index: SpanIndex::default(),
            frames: Vec::new(),
            anchors: HashMap::new(),
            aliases: 0,
            expanded: 0,
            copied: 0,
            docs: 0,
            last_end: 0,
            max_depth,
            max_aliases,
        };
        for ev in Parser::new_from_str(text) {
            let (ev, span) = ev.map_err(|e| b.scan_error(&e))?;
            b.event(ev, span)?;
        }
        let (json, problems) = b.tree.finish();
        Ok((b.index, json, problems))
    }

    /// True when the text holds no document (empty or only comments).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The exact node at `ptr` ("" = the document root).
    pub fn get(&self, ptr: &str) -> Option<&NodeSpan> {
        let segs = segments(ptr)?;
        let (n, done) = self.walk(0, &segs, &mut 0);
        (!self.nodes.is_empty() && done == segs.len()).then(|| &self.nodes[n].span)
    }

    /// The node at `ptr`, following aliases and merge keys, else the nearest existing ancestor.
    /// None only for an empty document.
    pub fn lookup(&self, ptr: &str) -> Option<&NodeSpan> {
        if self.nodes.is_empty() {
            return None;
        }
        let segs = segments(ptr).unwrap_or_default();
        let mut hops = MAX_HOPS;
        Some(&self.nodes[self.walk(0, &segs, &mut hops).0].span)
    }

    /// Byte offset → (line, column), both 1-based, column counted in chars.
    pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let before = &text[..byte];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let mut col = before[line_start..].chars().count() + 1;
        if line_start == 0 && before.starts_with('\u{feff}') {
            col -= 1; // editors do not show the BOM as a column
        }
        (before.matches('\n').count() + 1, col)
    }

    fn child(&self, n: usize, seg: &str) -> Option<usize> {
        match &self.nodes[n].kids {
            Kids::Leaf => None,
            Kids::Seq(items) => items.get(seg.parse::<usize>().ok()?).copied(),
            Kids::Map(entries) => {
                let i = entries.binary_search_by(|(k, _)| k.as_str().cmp(seg)).ok()?;
                Some(entries[i].1)
            }
        }
    }

    /// Descends from node `n` as far as `segs` allow; returns the node reached and how many
    /// segments it consumed. Where a child is missing, tries the alias target or the merge
    /// sources (the earlier source wins, as in YAML merge), spending `hops`.
    fn walk(&self, mut n: usize, segs: &[String], hops: &mut usize) -> (usize, usize) {
        if self.nodes.is_empty() {
            return (0, 0);
        }
        for (i, seg) in segs.iter().enumerate() {
            if let Some(c) = self.child(n, seg) {
                n = c;
                continue;
            }
            for &target in &self.nodes[n].links {
                if *hops == 0 {
                    break;
                }
                *hops -= 1;
                let (m, k) = self.walk(target, &segs[i..], hops);
                if k > 0 {
                    return (m, i + k);
                }
            }
            return (n, i);
        }
        (n, segs.len())
    }
}

/// Splits an RFC 6901 pointer into unescaped segments; None if it is not a pointer.
fn segments(ptr: &str) -> Option<Vec<String>> {
    if ptr.is_empty() {
        return Some(Vec::new());
    }
    let rest = ptr.strip_prefix('/')?;
    Some(rest.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect())
}

fn error(kind: IndexErrorKind, message: String, span: Range<usize>) -> IndexError {
    IndexError { kind, message, span, related: None }
}

/// A one-char span at `at` (empty at a line end or EOF), so a label shows a visible char.
fn one_char(text: &str, at: usize) -> Range<usize> {
    let len = text[at..].chars().next().filter(|c| !matches!(c, '\n' | '\r')).map_or(0, char::len_utf8);
    at..at + len
}

/// The first tab in the indentation of the line holding `pos` or the line after it: where a
/// tab-related parser error really is.
fn indentation_tab(text: &str, pos: usize) -> Option<usize> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let mut start = line_start;
    for line in text[line_start..].split_inclusive('\n').take(2) {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(start + i);
        }
        start += line.len();
    }
    None
}

/// YAML white space; `char::is_whitespace` would also eat U+3000, which is content in YAML.
fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Where a node's own text starts: saphyr's span starts at its `&anchor`/`!tag` properties
/// (and, for block scalars with properties, also covers the `|`/`>` header line).
fn skip_props(text: &str, r: Range<usize>, block_scalar: bool) -> usize {
    let s = &text[r.clone()];
    let mut i = 0;
    loop {
        let rest = &s[i..];
        let Some(c) = rest.chars().next() else { break };
        i += if c == '&' || c == '!' {
            rest.find(|c| is_ws(c) || ",[]{}".contains(c)).unwrap_or(rest.len())
        } else if c == '#' {
            rest.find('\n').unwrap_or(rest.len())
        } else if is_ws(c) {
            1
        } else if block_scalar && (c == '|' || c == '>') {
            // Skip the header line, then indentation; content may start with `#`, so stop there.
            let body = &rest[rest.find('\n').unwrap_or(rest.len())..];
            return r.end - body.trim_start_matches(is_ws).len();
        } else {
            break;
        };
    }
    r.start + i
}

#[derive(Debug)]
enum Key {
    Pending,
    Scalar(String, Range<usize>),
    /// A mapping, sequence or alias used as a key: its value is not indexed.
    Complex,
}

#[derive(Debug)]
enum Frame {
    Seq {
        node: usize,
        merge_into: Option<usize>,
        /// `Builder::expanded` before this collection started.
        start: u64,
    },
    Map {
        node: usize,
        key: Key,
        start: u64,
    },
    /// A collection that is not indexed (inside or under a complex key).
    Skip,
}

/// Where the next node event goes.
enum Slot {
    /// Indexed: parent (None = root), key text and span for mapping values, and the mapping
    /// this node merges into (the value of `<<`, or an item of a `<<` sequence).
    Node(Option<usize>, Option<(String, Range<usize>)>, Option<usize>),
    /// The node is the key of the mapping on top of the stack.
    Key,
    Skipped,
}

struct Builder<'a> {
    text: &'a str,
    /// The value tree, built from the same events.
    tree: TreeBuilder,
    /// Char index → byte offset; None for ASCII text, where they are equal.
    chars: Option<Vec<usize>>,
    index: SpanIndex,
    frames: Vec<Frame>,
    anchors: HashMap<usize, usize>,
    aliases: usize,
    /// Nodes of the document with aliases expanded.
    expanded: u64,
    /// Of those, nodes that are copies made by aliases.
    copied: u64,
    docs: usize,
    /// End of the furthest node seen; block collections end here (their end events carry an
    /// empty span at the next token, past trailing comments).
    last_end: usize,
    max_depth: usize,
    max_aliases: usize,
}

impl Builder<'_> {
    fn byte(&self, ch: usize) -> usize {
        match &self.chars {
            Some(t) => t[ch.min(t.len() - 1)],
            None => ch.min(self.text.len()),
        }
    }

    /// A parser error, located where a person would fix it: saphyr reports where it noticed,
    /// which for a tab in the indentation can be the line before, and for an unclosed `[` or
    /// `{` is wherever the block structure resumes.
    fn scan_error(&self, e: &ScanError) -> IndexError {
        let text = self.text;
        let pos = self.byte(e.marker().index());
        let at = one_char(text, pos);
        // Saphyr's own flow-depth cap (255); its simple-key lookahead can reach it before
        // our limit sees the events, e.g. on `[[[[…`.
        if e.info() == "recursion limit exceeded" {
            let msg = format!("nesting deeper than {} levels", self.max_depth.min(255));
            return error(IndexErrorKind::TooDeep, msg, at);
        }
        let info = e.info();
        let tabs = text[..pos].len() - text[..pos].trim_end_matches('\t').len();
        if tabs > 0 && (info.contains("tab") || info.contains("valid YAML whitespace")) {
            // Saphyr marks the token after the tabs; point at the first tab.
            let msg = if info.contains("tab") {
                info.to_string()
            } else {
                // `key:\tvalue`: YAML allows it, saphyr does not; say what to change.
                "a tab after `:`; write a space there".to_string()
            };
            return error(IndexErrorKind::Syntax, msg, one_char(text, pos - tabs));
        }
        if info.contains("tab") {
            // Noticed while scanning a value on the line before the tab-indented one.
            if let Some(tab) = indentation_tab(text, pos) {
                let msg = "tabs are not allowed in indentation".to_string();
                return error(IndexErrorKind::Syntax, msg, tab..tab + 1);
            }
        }
        if let Some(open) = self.unclosed_flow(pos) {
            let (o, c) = if text[open..].starts_with('[') { ('[', ']') } else { ('{', '}') };
            let (line, _) = SpanIndex::line_col(text, pos);
            let msg = format!("`{o}` is not closed: no `{c}` before line {line}");
            let mut err = error(IndexErrorKind::Syntax, msg, open..open + 1);
            // Where the parser noticed is often mid-line (the `:` of the next key); the
            // bracket belongs before that line's first token.
            let line_start = text[..pos.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
            let first =
                line_start + (text[line_start..].len() - text[line_start..].trim_start_matches([' ', '\t']).len());
            let before = if first > open && first <= pos { one_char(text, first) } else { at };
            err.related = Some((before, format!("expected `{c}` before this")));
            return err;
        }
        // info() is the message without saphyr's "at byte N" suffix (which counts chars).
        error(IndexErrorKind::Syntax, e.info().to_string(), at)
    }

    /// The innermost open flow collection (`[`/`{`) when a parser error at `pos` is most likely
    /// its missing close: the error is on a later line, indented no deeper than the line the
    /// collection opened on (the block structure resumed), or at the end of the text.
    fn unclosed_flow(&self, pos: usize) -> Option<usize> {
        let open = self.frames.iter().rev().find_map(|f| match f {
            Frame::Seq { node, .. } | Frame::Map { node, .. } => {
                let start = self.index.nodes[*node].span.value.start;
                matches!(self.text.as_bytes().get(start), Some(b'[' | b'{')).then_some(start)
            }
            Frame::Skip => None,
        })?;
        let line_of = |at: usize| self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let indent = |line: usize| self.text[line..].bytes().take_while(|b| *b == b' ').count();
        let (open_line, err_line) = (line_of(open), line_of(pos));
        let rest = self.text[err_line..].split('\n').next().unwrap_or_default();
        let at_end = self.text[pos.min(self.text.len())..].trim().is_empty();
        let resumed = err_line > open_line && (rest.trim().is_empty() || indent(err_line) <= indent(open_line));
        (at_end || resumed).then_some(open)
    }

    fn range(&self, span: &Span) -> Range<usize> {
        let a = self.byte(span.start.index());
        a..self.byte(span.end.index()).max(a)
    }

    fn event(&mut self, ev: Event<'_>, span: Span) -> Result<(), IndexError> {
        let r = self.range(&span);
        match ev {
            Event::DocumentStart(_) => {
                self.docs += 1;
                if self.docs > 1 {
                    let at = if r.is_empty() { one_char(self.text, r.start) } else { r };
                    let msg = "a second YAML document; a file must hold exactly one".to_string();
                    return Err(error(IndexErrorKind::MultipleDocuments, msg, at));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                let mut start = r.start;
                if anchor != 0 || tag.is_some() {
                    start = skip_props(self.text, r.clone(), block);
                    if start >= r.end {
                        start = r.start; // empty tagged scalar: point at its properties
                    }
                }
                let end = start + self.text[start..r.end].trim_end_matches(is_ws).len();
                self.last_end = self.last_end.max(end);
                self.expanded += 1;
                let literal = style == ScalarStyle::Literal;
                // The tag is located from where the properties start.
                let tag = tag.as_deref().map(|t| (t, r.start));
                match self.slot() {
                    Slot::Key => {
                        self.tree.key(&value, style, anchor, tag, start..end, self.text);
                        self.set_key(Key::Scalar(value.into_owned(), start..end));
                    }
                    Slot::Skipped => {}
                    Slot::Node(parent, key, _) => {
                        self.tree.scalar(&value, style, anchor, tag, start..end, self.text);
                        self.add(parent, key, start..end, literal, anchor, Kids::Leaf);
                    }
                }
            }
            Event::Alias(id) => {
                self.aliases += 1;
                if self.aliases > self.max_aliases {
                    let msg = format!("more than {} aliases", self.max_aliases);
                    return Err(error(IndexErrorKind::TooManyAliases, msg, r));
                }
                self.last_end = self.last_end.max(r.end);
                let target = self.anchors.get(&id).copied();
                if target.is_some_and(|t| self.is_open(t)) {
                    let name = self.text[r.clone()].trim_start_matches('*');
                    let msg = format!("alias `*{name}` is inside the node it refers to, so it never ends");
                    return Err(error(IndexErrorKind::RecursiveAlias, msg, r));
                }
                let size = target.map_or(1, |t| self.index.nodes[t].size);
                self.expanded = self.expanded.saturating_add(size);
                self.copied = self.copied.saturating_add(size);
                if self.copied > MAX_ALIAS_NODES {
                    let name = self.text[r.clone()].trim_start_matches('*');
                    let msg = format!(
                        "aliases expand into more than {MAX_ALIAS_NODES} copied nodes; `*{name}` alone copies {size}"
                    );
                    return Err(error(IndexErrorKind::AliasExpansion, msg, r));
                }
                match self.slot() {
                    Slot::Key => {
                        self.tree.alias_key(r);
                        self.set_key(Key::Complex);
                    }
                    Slot::Skipped => {}
                    Slot::Node(parent, key, merge) => {
                        self.tree.alias(id);
                        let n = self.add(parent, key, r, false, 0, Kids::Leaf);
                        self.index.nodes[n].size = size;
                        if let Some(target) = target {
                            self.index.nodes[n].links.push(target);
                            if let Some(m) = merge {
                                self.index.nodes[m].links.push(target);
                            }
                        }
                    }
                }
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let seq = matches!(ev, Event::SequenceStart(..));
                let tag = tag.as_deref().and_then(|t| collection_tag(Some(t), r.clone(), self.text));
                let start = skip_props(self.text, r.clone(), false);
                // Checked first, so 100k-deep input stops here, at the culprit.
                if self.frames.len() >= self.max_depth {
                    let msg = format!("nesting deeper than {} levels", self.max_depth);
                    return Err(error(IndexErrorKind::TooDeep, msg, one_char(self.text, start)));
                }
                let before = self.expanded;
                self.expanded += 1;
                let frame = match self.slot() {
                    Slot::Key => {
                        let what = if seq { "a list" } else { "a mapping" };
                        let msg = format!("a mapping key must be text, found {what}");
                        return Err(error(IndexErrorKind::ComplexKey, msg, one_char(self.text, start)));
                    }
                    Slot::Skipped => {
                        self.tree.open(seq, anchor, true);
                        Frame::Skip
                    }
                    Slot::Node(parent, key, merge) => {
                        self.tree.problems.extend(tag);
                        self.tree.open(seq, anchor, false);
                        let from_map = key.is_some();
                        let kids = if seq { Kids::Seq(Vec::new()) } else { Kids::Map(Vec::new()) };
                        let node = self.add(parent, key, start..start, false, anchor, kids);
                        if seq {
                            // `<<: [*a, *b]`: the items merge into the mapping.
                            Frame::Seq { node, merge_into: merge.filter(|_| from_map), start: before }
                        } else {
                            if let Some(m) = merge {
                                self.index.nodes[m].links.push(node); // `<<: {inline: map}`
                            }
                            Frame::Map { node, key: Key::Pending, start: before }
                        }
                    }
                };
                self.frames.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = if r.is_empty() { self.last_end } else { r.end };
                self.last_end = self.last_end.max(end);
                let (mut span, mut merge_at) = (r.clone(), None);
                if let Some(Frame::Seq { node, start, .. } | Frame::Map { node, start, .. }) = self.frames.pop() {
                    self.index.nodes[node].size = self.expanded - start;
                    let value = &mut self.index.nodes[node].span.value;
                    value.end = end.max(value.start);
                    self.sort_keys(node)?;
                    merge_at = self.index.child(node, "<<").map(|n| self.index.nodes[n].span.value.clone());
                    span = self.index.nodes[node].span.value.clone();
                }
                self.tree.close(span, merge_at);
            }
            _ => {}
        }
        Ok(())
    }

    fn slot(&mut self) -> Slot {
        match self.frames.last_mut() {
            None if self.index.nodes.is_empty() => Slot::Node(None, None, None),
            None | Some(Frame::Skip) => Slot::Skipped,
            Some(Frame::Seq { node, merge_into, .. }) => Slot::Node(Some(*node), None, *merge_into),
            Some(Frame::Map { node, key, .. }) => match std::mem::replace(key, Key::Pending) {
                Key::Pending => Slot::Key,
                Key::Complex => Slot::Skipped,
                Key::Scalar(text, r) => {
                    let merge = (text == "<<").then_some(*node);
                    Slot::Node(Some(*node), Some((text, r)), merge)
                }
            },
        }
    }

    /// Whether node `n` is a collection that has not ended yet (an ancestor of the current event).
    fn is_open(&self, n: usize) -> bool {
        self.frames.iter().any(|f| matches!(f, Frame::Seq { node, .. } | Frame::Map { node, .. } if *node == n))
    }

    fn set_key(&mut self, k: Key) {
        if let Some(Frame::Map { key, .. }) = self.frames.last_mut() {
            *key = k;
        }
    }

    fn add(
        &mut self,
        parent: Option<usize>,
        key: Option<(String, Range<usize>)>,
        value: Range<usize>,
        literal: bool,
        anchor: usize,
        kids: Kids,
    ) -> usize {
        let id = self.index.nodes.len();
        let mut key_span = None;
        match (parent.map(|p| &mut self.index.nodes[p].kids), key) {
            (Some(Kids::Seq(items)), _) => items.push(id),
            (Some(Kids::Map(entries)), Some((text, r))) => {
                entries.push((text, id));
                key_span = Some(r);
            }
            _ => {}
        }
        let span = NodeSpan { key: key_span, value, literal };
        self.index.nodes.push(Node { span, kids, links: Vec::new(), size: 1 });
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
        id
    }

    /// Sorts a finished mapping's keys for lookup, reporting the earliest repeated key.
    fn sort_keys(&mut self, node: usize) -> Result<(), IndexError> {
        let nodes = &mut self.index.nodes;
        let Kids::Map(entries) = &mut nodes[node].kids else {
            return Ok(());
        };
        let mut entries = std::mem::take(entries);
        entries.sort_by(|a, b| a.0.cmp(&b.0)); // stable: equal keys stay in document order
        let key = |id: usize| nodes[id].span.key.clone().unwrap_or_default();
        let dup = entries.windows(2).filter(|w| w[0].0 == w[1].0).min_by_key(|w| key(w[1].1).start);
        if let Some(w) = dup {
            let name: String = w[0].0.chars().take(60).collect();
            let mut err = error(IndexErrorKind::DuplicateKey, format!("duplicate key `{name}`"), key(w[1].1));
            err.related = Some((key(w[0].1), "first defined here".to_string()));
            return Err(err);
        }
        nodes[node].kids = Kids::Map(entries);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> SpanIndex {
        SpanIndex::build(text, 64, 1000).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn err(text: &str) -> IndexError {
        SpanIndex::build(text, 64, 1000).expect_err("expected an error")
    }

    /// The value text at exactly `ptr`.
    fn val<'t>(text: &'t str, idx: &SpanIndex, ptr: &str) -> &'t str {
        &text[idx.get(ptr).unwrap_or_else(|| panic!("no node at {ptr:?}")).value.clone()]
    }

    fn key<'t>(text: &'t str, idx: &SpanIndex, ptr: &str) -> &'t str {
        &text[idx.get(ptr).unwrap().key.clone().expect("no key")]
    }

    /// The value text `lookup` lands on.
    fn found<'t>(text: &'t str, idx: &SpanIndex, ptr: &str) -> &'t str {
        &text[idx.lookup(ptr).unwrap().value.clone()]
    }

    #[test]
    fn nested_block() {
        let t = "name: demo\nroles:\n  - id: a\n    tags:\n      - x\n      - y\n    # trailing comment\n  - id: b\nowner:\n  email: e@x.org\n";
        let i = index(t);
        assert_eq!(val(t, &i, ""), t.trim_end());
        assert_eq!(key(t, &i, "/name"), "name");
        assert_eq!(val(t, &i, "/name"), "demo");
        assert_eq!(val(t, &i, "/roles/0/id"), "a");
        assert_eq!(val(t, &i, "/roles/0/tags/1"), "y");
        assert_eq!(i.get("/roles/0/tags/1").unwrap().key, None);
        assert_eq!(val(t, &i, "/roles/0/tags"), "- x\n      - y");
        // Block collections end at their last child, not at trailing comments.
        assert_eq!(val(t, &i, "/roles/0"), "id: a\n    tags:\n      - x\n      - y");
        assert_eq!(val(t, &i, "/roles/1"), "id: b");
        assert_eq!(val(t, &i, "/owner/email"), "e@x.org");
        assert!(i.get("/roles/2").is_none());
        assert!(i.get("roles").is_none());
    }

    #[test]
    fn flow_style() {
        let t = "{a: [1, \"测试\", {k: v}], 'b': {}}";
        let i = index(t);
        assert_eq!(val(t, &i, ""), t);
        assert_eq!(val(t, &i, "/a"), "[1, \"测试\", {k: v}]");
        assert_eq!(val(t, &i, "/a/0"), "1");
        assert_eq!(val(t, &i, "/a/1"), "\"测试\"");
        assert_eq!(val(t, &i, "/a/2"), "{k: v}");
        assert_eq!(key(t, &i, "/a/2/k"), "k");
        assert_eq!(val(t, &i, "/a/2/k"), "v");
        assert_eq!(key(t, &i, "/b"), "'b'");
        assert_eq!(val(t, &i, "/b"), "{}");
    }

    #[test]
    fn block_and_multiline_scalars() {
        let t = "lit: |\n  第一行 one\n    indented\n  last\n\n\nfold: >-\n  folded\n  text\n\nplain: multi\n  line  # c\nkeep: |+\n  k\n\nend: 1\n";
        let i = index(t);
        let lit = i.get("/lit").unwrap();
        assert!(lit.literal);
        assert_eq!(&t[lit.value.clone()], "第一行 one\n    indented\n  last");
        // Literal content lines are file lines: line 2 onward.
        assert_eq!(SpanIndex::line_col(t, lit.value.start), (2, 3));
        let fold = i.get("/fold").unwrap();
        assert!(!fold.literal);
        assert_eq!(&t[fold.value.clone()], "folded\n  text");
        assert_eq!(val(t, &i, "/plain"), "multi\n  line");
        assert_eq!(val(t, &i, "/keep"), "k");
        assert!(!i.get("/plain").unwrap().literal);
        assert_eq!(val(t, &i, "/end"), "1");
    }

    #[test]
    fn anchors_and_tags_are_not_part_of_values() {
        let t = "a: &x !t val\nb: &y |\n  # not a comment\n  line\nc: !!str\nd: &m\n  k: v\ne: &s [1]\nf: *x\n";
        let i = index(t);
        assert_eq!(val(t, &i, "/a"), "val");
        assert_eq!(val(t, &i, "/b"), "# not a comment\n  line");
        assert_eq!(val(t, &i, "/c"), "!!str");
        assert_eq!(val(t, &i, "/d"), "k: v");
        assert_eq!(val(t, &i, "/e"), "[1]");
        assert_eq!(val(t, &i, "/f"), "*x");
    }

    #[test]
    fn odd_keys() {
        let t = "\"a/b~c\": 1\n42: answer\ntrue: yes\n'': empty\n";
        let i = index(t);
        assert_eq!(key(t, &i, "/a~1b~0c"), "\"a/b~c\"");
        assert_eq!(val(t, &i, "/a~1b~0c"), "1");
        assert_eq!(key(t, &i, "/42"), "42");
        assert_eq!(val(t, &i, "/42"), "answer");
        assert_eq!(val(t, &i, "/true"), "yes");
        assert_eq!(val(t, &i, "/"), "empty");
    }

    #[test]
    fn complex_keys() {
        // A list or mapping as a key: an error at the key, since no spec field can be one.
        let t = "ok: 1\n? [a, b]\n: {deep: [1]}\n";
        let e = err(t);
        assert_eq!(e.kind, IndexErrorKind::ComplexKey);
        assert_eq!(SpanIndex::line_col(t, e.span.start), (2, 3));
        assert_eq!(&t[e.span.clone()], "[");
        let t = "a:\n  {k: v}: w\n";
        assert_eq!(err(t).kind, IndexErrorKind::ComplexKey);
        // `*x` is an unknown anchor: syntax error, not a panic.
        assert_eq!(err("*x : 1\nok: 2\n").kind, IndexErrorKind::Syntax);
        // An alias as a key is skipped (its value is not indexed).
        let t = "&x a: 0\n*x : 1\nok: 2\n";
        let i = index(t);
        assert_eq!(val(t, &i, "/ok"), "2");
        assert_eq!(val(t, &i, "/a"), "0");
        assert!(matches!(&i.nodes[0].kids, Kids::Map(e) if e.len() == 2));
    }

    #[test]
    fn chinese_everywhere() {
        let t = "社区名称: 三年级数学\n群组:\n  - 名字: \"家长群\"\n    说明: |\n      每周一次\n      答疑\n  - {名字: 教师群, 人数: 五十}\n全角空格: 值\u{3000}\n";
        let i = index(t);
        assert_eq!(key(t, &i, "/社区名称"), "社区名称");
        assert_eq!(val(t, &i, "/社区名称"), "三年级数学");
        assert_eq!(val(t, &i, "/群组/0/名字"), "\"家长群\"");
        assert_eq!(val(t, &i, "/群组/0/说明"), "每周一次\n      答疑");
        assert_eq!(val(t, &i, "/群组/1"), "{名字: 教师群, 人数: 五十}");
        assert_eq!(val(t, &i, "/群组/1/人数"), "五十");
        // U+3000 is content in YAML, not trimmable white space.
        assert_eq!(val(t, &i, "/全角空格"), "值\u{3000}");
    }

    #[test]
    fn crlf_and_bom() {
        let t = "\u{feff}a: 1\r\nb:\r\n  - 中\r\n  - \"q\"\r\nc: |\r\n  x\r\n  y\r\n";
        let i = index(t);
        assert_eq!(val(t, &i, "/a"), "1");
        assert_eq!(val(t, &i, "/b/0"), "中");
        assert_eq!(val(t, &i, "/b"), "- 中\r\n  - \"q\"");
        assert_eq!(val(t, &i, "/c"), "x\r\n  y");
        assert_eq!(SpanIndex::line_col(t, i.get("/a").unwrap().key.clone().unwrap().start), (1, 1));
        assert_eq!(SpanIndex::line_col(t, i.get("/b/1").unwrap().value.start), (4, 5));
    }

    #[test]
    fn alias_lookup() {
        let t = "roles: [&r {id: a, title: x}, *r]\nother: *r\n";
        let i = index(t);
        assert_eq!(val(t, &i, "/roles/1"), "*r");
        assert!(i.get("/roles/1/title").is_none());
        let hit = i.lookup("/roles/1/title").unwrap();
        assert_eq!(&t[hit.value.clone()], "x");
        assert_eq!(hit.value, i.get("/roles/0/title").unwrap().value);
        assert_eq!(found(t, &i, "/other/id"), "a");
        // Missing under the alias: the alias token itself.
        assert_eq!(found(t, &i, "/roles/1/nope"), "*r");
    }

    #[test]
    fn merge_lookup() {
        let t = "defaults: &d\n  channel: wecom\n  size: 10\nmore: &m {extra: e, size: 99}\ngroups:\n  - <<: *d\n    id: b\n    size: 20\n  - <<: [*m, *d]\n    id: c\n  - <<: {inline: i}\n";
        let i = index(t);
        assert_eq!(found(t, &i, "/groups/0/channel"), "wecom");
        assert_eq!(i.lookup("/groups/0/channel").unwrap().value, i.get("/defaults/channel").unwrap().value);
        // Explicit keys win over merged ones; earlier merge sources win over later ones.
        assert_eq!(found(t, &i, "/groups/0/size"), "20");
        assert_eq!(found(t, &i, "/groups/1/size"), "99");
        assert_eq!(found(t, &i, "/groups/1/channel"), "wecom");
        assert_eq!(found(t, &i, "/groups/1/extra"), "e");
        assert_eq!(found(t, &i, "/groups/2/inline"), "i");
        assert_eq!(val(t, &i, "/groups/0/<<"), "*d");
    }

    #[test]
    fn alias_cycles_are_errors() {
        // `&a [*a]` is legal YAML but infinite once expanded: stopped at the first alias.
        let t = "a: &a [x, {b: *a}, *a]\n";
        let e = err(t);
        assert_eq!(e.kind, IndexErrorKind::RecursiveAlias);
        assert_eq!(e.span, 14..16);
        assert!(e.message.contains("`*a`"), "{}", e.message);
        let t = "m: &m\n  k: v\n  <<: *m\n";
        assert_eq!(err(t).kind, IndexErrorKind::RecursiveAlias);
        // An alias of a finished sibling is fine, however deep the lookup goes through it.
        let t = "a: &a [x, {b: y}]\nc: [*a, *a]\n";
        let i = index(t);
        assert_eq!(found(t, &i, "/c/1/1/b"), "y");
        assert_eq!(found(t, &i, "/c/1/1/b/0/0/0"), "y");
    }

    #[test]
    fn nearest_ancestor_fallback() {
        let t = "roles:\n  - id: a\n    limits: {max: 3}\n";
        let i = index(t);
        assert_eq!(found(t, &i, "/roles/0/limits/min"), "{max: 3}");
        assert_eq!(found(t, &i, "/roles/0/limits/max/deeper"), "3");
        assert_eq!(found(t, &i, "/roles/9/id"), "- id: a\n    limits: {max: 3}");
        assert_eq!(found(t, &i, "/nope"), t.trim_end());
        assert_eq!(found(t, &i, "not a pointer"), t.trim_end());
        assert_eq!(found(t, &i, ""), t.trim_end());
    }

    #[test]
    fn tab_errors_point_at_the_tab() {
        let t = "a:\n\t\tb: 1\n";
        let e = err(t);
        assert_eq!(e.kind, IndexErrorKind::Syntax);
        assert_eq!(e.span, 3..4);
        let t = "a:\tb\n";
        let e = err(t);
        assert_eq!(e.span, 2..3);
        assert!(e.message.contains("tab after `:`"), "{}", e.message);
    }

    #[test]
    fn duplicate_key() {
        let t = "name: a\nroles:\n  - 名字: x\n    名字: y\n";
        let e = err(t);
        assert_eq!(e.kind, IndexErrorKind::DuplicateKey);
        assert_eq!(SpanIndex::line_col(t, e.span.start), (4, 5));
        assert_eq!(&t[e.span.clone()], "名字");
        assert_eq!(SpanIndex::line_col(t, e.related.clone().unwrap().0.start), (3, 5));
        assert!(e.message.contains("名字"));
        assert_eq!(err("{a: 1, \"a\": 2}").related.map(|r| r.0), Some(1..2));
        assert_eq!(err("a: 1\na:\n  b: 2\n").span, 5..6);
    }

    #[test]
    fn documents() {
        for t in ["", "# only\n# comments\n", "\n\n", "a: 1\n...\n# end\n"] {
            SpanIndex::build(t, 64, 1000).unwrap();
        }
        assert!(index("").is_empty());
        assert!(index("# c\n").lookup("/a").is_none());
        let only = index("---\n");
        assert!(only.get("").is_some());
        let t = "a: 1\n---\nb: 2\n";
        let e = err(t);
        assert_eq!(e.kind, IndexErrorKind::MultipleDocuments);
        assert_eq!(&t[e.span], "---");
        let t = "a: 1\n...\nb: 2\n";
        let e = err(t);
        assert_eq!(e.kind, IndexErrorKind::MultipleDocuments);
        assert_eq!(&t[e.span], "b");
        assert_eq!(err("---\n---\n").kind, IndexErrorKind::MultipleDocuments);
    }

    #[test]
    fn depth_limit() {
        // On one line, saphyr's simple-key lookahead hits its own cap (255) before any event.
        let flow = "[".repeat(100_000);
        let e = SpanIndex::build(&flow, 64, 1000).unwrap_err();
        assert_eq!(e.kind, IndexErrorKind::TooDeep);
        assert_eq!(e.span, 255..256);
        // Even across lines: saphyr's lookahead reaches the 256th flow level first.
        let flow = "{a: [\n".repeat(100_000);
        let e = SpanIndex::build(&flow, 64, 1000).unwrap_err();
        assert_eq!(e.kind, IndexErrorKind::TooDeep);
        assert_eq!(SpanIndex::line_col(&flow, e.span.start), (128, 5));
        // Within saphyr's cap, our limit reports the first collection past it.
        let flow = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let e = SpanIndex::build(&flow, 64, 1000).unwrap_err();
        assert_eq!((e.kind, e.span), (IndexErrorKind::TooDeep, 64..65));
        let block = format!("{}x\n", "- ".repeat(100_000));
        let e = SpanIndex::build(&block, 64, 1000).unwrap_err();
        assert_eq!(e.kind, IndexErrorKind::TooDeep);
        assert_eq!(e.span, 128..129);
        let mut indented = String::new();
        for d in 0..2000 {
            indented += &format!("{}k{d}:\n", " ".repeat(d));
        }
        let e = SpanIndex::build(&indented, 64, 1000).unwrap_err();
        assert_eq!(e.kind, IndexErrorKind::TooDeep);
        assert_eq!(SpanIndex::line_col(&indented, e.span.start), (65, 65));
        // Exactly at the limit is fine.
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        let i = SpanIndex::build(&ok, 64, 1000).unwrap();
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
        assert_eq!(i.nodes.len(), 1 + 5 + 9 * 5);
        assert_eq!(found(&four, &i, "/a4/8/8/8/8/8"), "lol");
        // The fifth level's first `*a4` (66 430 nodes) crosses 100 000 copied nodes.
        let e = err(&t);
        assert_eq!(e.kind, IndexErrorKind::AliasExpansion);
        assert_eq!(&t[e.span.clone()], "*a4");
        assert_eq!(SpanIndex::line_col(&t, e.span.start), (6, 10));
        assert!(e.message.contains("`*a4` alone copies 66430"), "{}", e.message);
        // The count of aliases has its own limit: the 31st of 36 is one too many.
        let e = SpanIndex::build(&four, 64, 30).unwrap_err();
        assert_eq!(e.kind, IndexErrorKind::TooManyAliases);
        assert_eq!(&four[e.span.clone()], "*a3");
        assert_eq!(SpanIndex::line_col(&four, e.span.start), (5, 25));
        // Wider: 2000 aliases against the default 1000.
        let wide = format!("a: &a x\nb: [{}]\n", vec!["*a"; 2000].join(", "));
        let e = err(&wide);
        assert_eq!(e.kind, IndexErrorKind::TooManyAliases);
        assert_eq!(e.span.start, 12 + 1000 * 4);
    }

    #[test]
    fn syntax_errors_are_located() {
        // An unclosed `[` is reported at the `[`, with where the parser noticed as related.
        let t = "名字: 测试\nlist: [1, 2\n";
        let e = err(t);
        assert_eq!(e.kind, IndexErrorKind::Syntax);
        assert!(!e.message.contains(" at byte "), "{}", e.message);
        assert_eq!(SpanIndex::line_col(t, e.span.start), (2, 7));
        assert_eq!(SpanIndex::line_col(t, e.related.unwrap().0.start), (3, 1));
        let t = "a:\n  methods: {x: 1, y: 2\n  next: 3\n";
        let e = err(t);
        assert_eq!(&t[e.span.clone()], "{");
        assert!(e.message.contains("`{` is not closed"), "{}", e.message);
        assert_eq!(SpanIndex::line_col(t, e.related.unwrap().0.start).0, 3);
        assert_eq!(err("a: [b, c").span, 3..4);
        // Other errors inside a flow collection keep the parser's location.
        let t = "a: [b,\n    c: d: e]\n";
        assert_ne!(err(t).span.start, 3);
        // A tab in the indentation is reported at the tab, also when the parser noticed it
        // while scanning the line before.
        let t = "组:\n\tb: 1\n";
        let e = err(t);
        assert!(e.message.contains("tabs"), "{}", e.message);
        assert_eq!(SpanIndex::line_col(t, e.span.start), (2, 1)); // the tab, not the `b` after it
        let t = "a:\n  b: 三年级\n\tc: 1\n";
        let e = err(t);
        assert!(e.message.contains("tabs"), "{}", e.message);
        assert_eq!(SpanIndex::line_col(t, e.span.start), (3, 1));
        let t = "a: \"未关闭\nb: 1\n";
        let e = err(t);
        assert_eq!(e.span, 3..4);
    }

    #[test]
    fn line_col_counts_chars() {
        let t = "名字: 测试\n  值: x";
        assert_eq!(SpanIndex::line_col(t, 0), (1, 1));
        assert_eq!(SpanIndex::line_col(t, t.find("测试").unwrap()), (1, 5));
        assert_eq!(SpanIndex::line_col(t, t.find('x').unwrap()), (2, 6));
        assert_eq!(SpanIndex::line_col(t, 1), (1, 1)); // inside a char: its start
        assert_eq!(SpanIndex::line_col(t, 999), (2, 7));
        assert_eq!(SpanIndex::line_col("", 5), (1, 1));
    }

    #[test]
    fn large_scalar() {
        let t = format!("a: {}\nb: 1\n", "x".repeat(2_000_000));
        let i = index(&t);
        assert_eq!(i.get("/a").unwrap().value, 3..2_000_003);
        assert_eq!(val(&t, &i, "/b"), "1");
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
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        // Every prefix of a rich document (cut at char boundaries).
        inputs.extend(rich.char_indices().map(|(b, _)| rich[..b].to_string()));
        for t in &inputs {
            match SpanIndex::build(t, 64, 1000) {
                Ok(i) => {
                    for n in &i.nodes {
                        for r in n.span.key.iter().chain([&n.span.value]) {
                            assert!(t.get(r.clone()).is_some(), "bad range {r:?} in {t:?}");
                        }
                    }
                    for p in ["", "/roles/1/a/2/k", "/roles/2/id", "/x", "/~", "//"] {
                        i.lookup(p);
                        i.get(p);
                    }
                }
                Err(e) => {
                    assert!(t.get(e.span.clone()).is_some(), "bad span {e:?} in {t:?}");
                    assert!(!e.message.is_empty());
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
