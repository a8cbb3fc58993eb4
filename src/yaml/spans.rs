//! The span index sink: byte spans of YAML nodes by JSON pointer. Each mapping's keys are
//! sorted for lookup when it ends, which also finds any key written twice.

use std::ops::Range;

use super::{Error, Problem, error};

/// Where one YAML node sits in the source, as byte ranges into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodeSpan {
    /// The mapping key's scalar, for values of mappings.
    pub(crate) key: Option<Range<usize>>,
    /// The value node: a scalar's text (quotes included; for block scalars only the content,
    /// trailing newlines trimmed), an alias token, or a whole collection (flow: up to and
    /// including the closing `]`/`}`; block: up to the end of its last child).
    pub(crate) value: Range<usize>,
    /// True for literal block scalars (`|`, `|-`, `|+`): their content lines map 1:1 to file lines.
    pub(crate) literal: bool,
}

/// Alias/merge hops allowed per lookup; `&a [*a]` is legal YAML, so links can form cycles.
const MAX_HOPS: usize = 32;

#[derive(Debug)]
struct Node {
    span: NodeSpan,
    kids: Kids,
    /// Where `lookup` goes on when a child is missing: an alias's anchored node, or a
    /// mapping's `<<` merge sources in precedence order.
    links: Vec<usize>,
}

/// Children by pointer segment. A tree rather than a map of pointer strings keeps memory
/// O(n) under deep nesting or huge keys; sorted vectors rather than hashing keep the build fast.
#[derive(Debug)]
pub(super) enum Kids {
    Leaf,
    Seq(Vec<usize>),
    /// (key text, node), sorted by key once the mapping ends.
    Map(Vec<(String, usize)>),
}

/// Pointer → span index of one YAML document.
#[derive(Debug, Default)]
pub(crate) struct SpanIndex {
    /// Nodes in document order; the root is nodes[0].
    nodes: Vec<Node>,
}

impl SpanIndex {
    /// True when the text holds no document (empty or only comments).
    pub(crate) fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The exact node at `ptr` ("" = the document root).
    pub(crate) fn get(&self, ptr: &str) -> Option<&NodeSpan> {
        let segs = segments(ptr)?;
        let (n, done) = self.walk(0, &segs, &mut 0);
        (!self.nodes.is_empty() && done == segs.len()).then(|| &self.nodes[n].span)
    }

    /// The node at `ptr`, following aliases and merge keys, else the nearest existing ancestor.
    /// None only for an empty document.
    pub(crate) fn lookup(&self, ptr: &str) -> Option<&NodeSpan> {
        if self.nodes.is_empty() {
            return None;
        }
        let segs = segments(ptr).unwrap_or_default();
        let mut hops = MAX_HOPS;
        Some(&self.nodes[self.walk(0, &segs, &mut hops).0].span)
    }

    /// Adds a node under `parent` (None = the root), as the value of `key` in a mapping;
    /// returns its id.
    pub(super) fn add(
        &mut self,
        parent: Option<usize>,
        key: Option<(String, Range<usize>)>,
        value: Range<usize>,
        literal: bool,
        kids: Kids,
    ) -> usize {
        let id = self.nodes.len();
        let mut key_span = None;
        match (parent.map(|p| &mut self.nodes[p].kids), key) {
            (Some(Kids::Seq(items)), _) => items.push(id),
            (Some(Kids::Map(entries)), Some((text, r))) => {
                entries.push((text, id));
                key_span = Some(r);
            }
            _ => {}
        }
        let span = NodeSpan { key: key_span, value, literal };
        self.nodes.push(Node { span, kids, links: Vec::new() });
        id
    }

    /// Lets lookups that miss in node `from` go on in node `to`.
    pub(super) fn link(&mut self, from: usize, to: usize) {
        self.nodes[from].links.push(to);
    }

    pub(super) fn node(&self, n: usize) -> &NodeSpan {
        &self.nodes[n].span
    }

    /// Every node, in document order.
    #[cfg(test)]
    pub(super) fn spans(&self) -> impl Iterator<Item = &NodeSpan> {
        self.nodes.iter().map(|n| &n.span)
    }

    /// Ends collection `n` at byte `end` and sorts its keys for lookup; the earliest key
    /// written twice is an error.
    pub(super) fn close(&mut self, n: usize, end: usize) -> Result<(), Error> {
        let value = &mut self.nodes[n].span.value;
        value.end = end.max(value.start);
        let Kids::Map(entries) = &mut self.nodes[n].kids else {
            return Ok(());
        };
        let mut entries = std::mem::take(entries);
        entries.sort_by(|a, b| a.0.cmp(&b.0)); // stable: equal keys stay in document order
        let key = |id: usize| self.nodes[id].span.key.clone().unwrap_or_default();
        let dup = entries.windows(2).filter(|w| w[0].0 == w[1].0).min_by_key(|w| key(w[1].1).start);
        if let Some(w) = dup {
            let name: String = w[0].0.chars().take(60).collect();
            let mut err = error(Problem::DuplicateKey { name }, key(w[1].1));
            err.related = Some(key(w[0].1));
            return Err(err);
        }
        self.nodes[n].kids = Kids::Map(entries);
        Ok(())
    }

    pub(super) fn child(&self, n: usize, seg: &str) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::line_col;
    use crate::yaml::tests::{found, index, val};

    fn key<'t>(text: &'t str, idx: &SpanIndex, ptr: &str) -> &'t str {
        &text[idx.get(ptr).unwrap().key.clone().expect("no key")]
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
        assert_eq!(line_col(t, lit.value.start), (2, 3));
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
    fn keys_as_json_spells_them() {
        // Pointers come from the value tree, where `True` is `true` and `0x2A` is `42`.
        let t = "True: a\n0x2A: b\n1e3: c\n";
        let i = index(t);
        assert_eq!(key(t, &i, "/true"), "True");
        assert_eq!(key(t, &i, "/42"), "0x2A");
        assert_eq!(key(t, &i, "/1000.0"), "1e3");
        assert!(i.get("/True").is_none());
    }

    #[test]
    fn a_verbatim_tag_is_a_property() {
        // Its `,` does not end it: the collection starts at `{`.
        let t = "a: &x !<tag:e.com,2000:x> {k: v}\n";
        assert_eq!(val(t, &index(t), "/a"), "{k: v}");
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
        assert_eq!(line_col(t, i.get("/a").unwrap().key.clone().unwrap().start), (1, 1));
        assert_eq!(line_col(t, i.get("/b/1").unwrap().value.start), (4, 5));
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
    fn large_scalar() {
        let t = format!("a: {}\nb: 1\n", "x".repeat(2_000_000));
        let i = index(&t);
        assert_eq!(i.get("/a").unwrap().value, 3..2_000_003);
        assert_eq!(val(&t, &i, "/b"), "1");
    }
}
