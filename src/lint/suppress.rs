//! Inline suppressions: `# commspec: allow RULE[, RULE…]` on the line of a node, or alone on
//! the line above it, silences those lint rules for that node; `# commspec: allow-file RULE`
//! silences them for the whole file. Error classes cannot be suppressed. A suppression that
//! silences nothing is itself reported (`unused-suppression`).

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::{Diagnostic, Lines, Message, Rule, Said, did_you_mean};
use crate::i18n::tr;

/// What the suppression rule finds: a suppression that silences nothing.
enum Found<'a> {
    /// An error class, which no comment can silence.
    ErrorClass { rule: Rule },
    /// A lint that does not fire on the node.
    DoesNotFire { rule: Rule },
    /// A name that is no rule, and the lint it is probably a typo of.
    Unknown { name: &'a str, suggestion: Option<&'static str> },
}

impl Message for Found<'_> {
    fn rule(&self) -> Rule {
        Rule::UnusedSuppression
    }

    fn said(&self) -> Said {
        let (message, help) = match self {
            Found::ErrorClass { rule } => (
                tr!("`{rule}` is an error class and cannot be suppressed", "`{rule}` 是错误类，不能被抑制"),
                tr!(
                    "fix the problem instead; only lint rules can be allowed",
                    "请直接修正问题；只有 lint 规则可以被允许"
                ),
            ),
            Found::DoesNotFire { rule } => (
                tr!("`{rule}` is suppressed here but does not fire", "`{rule}` 在这里被抑制，但它并没有触发"),
                tr!("remove the suppression", "删除这条抑制注释"),
            ),
            Found::Unknown { name, suggestion } => (
                tr!("unknown rule `{name}` in a suppression", "抑制注释中有未知的规则 `{name}`"),
                match suggestion {
                    Some(rule) => tr!("did you mean `{rule}`?", "是不是想写 `{rule}`？"),
                    None => tr!("`commspec rules` lists them", "`commspec rules` 会列出所有规则"),
                },
            ),
        };
        Said { message, label: tr!("silences nothing", "没有抑制任何问题"), help }
    }
}

/// A rule as a suppression comment names it.
#[derive(Debug, PartialEq)]
enum Named {
    Rule(Rule),
    /// A name that is no rule, as written.
    Unknown(String),
}

/// One rule named in one suppression comment.
#[derive(Debug)]
struct Entry {
    rule: Named,
    /// The rule's name inside the comment, for reporting.
    span: Range<usize>,
    /// 1-based lines whose findings it silences; empty for the whole file.
    lines: Vec<usize>,
    used: bool,
}

/// The suppressions of one file.
#[derive(Debug, Default)]
pub(crate) struct Suppressions {
    entries: Vec<Entry>,
}

impl Suppressions {
    /// Finds every suppression comment in `text`.
    pub(crate) fn parse(text: &str) -> Suppressions {
        let mut entries = Vec::new();
        let mut offset = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let number = i + 1;
            if let Some((comment_at, file_wide, rules_at)) = find_comment(line) {
                let own_line = line[..comment_at].trim().is_empty();
                let lines = match (file_wide, own_line) {
                    (true, _) => Vec::new(),
                    // Alone on its line: the node on the next line.
                    (false, true) => vec![number + 1],
                    (false, false) => vec![number],
                };
                let list = &line[rules_at..];
                let list_end = list.find('#').unwrap_or(list.len());
                let mut at = rules_at;
                for part in list[..list_end].split(',') {
                    let name = part.trim();
                    let lead = part.len() - part.trim_start().len();
                    if !name.is_empty() {
                        let start = offset + at + lead;
                        entries.push(Entry {
                            rule: Rule::find(name).map_or_else(|| Named::Unknown(name.to_string()), Named::Rule),
                            span: start..start + name.len(),
                            lines: lines.clone(),
                            used: false,
                        });
                    }
                    at += part.len() + 1;
                }
            }
            offset += line.len();
        }
        Suppressions { entries }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drops the lint findings a suppression covers; error classes always stay. Linear in
    /// findings and entries: the line index and the entries by rule and line are built once
    /// (each finding used to rescan the text and every entry).
    pub(crate) fn apply(&mut self, text: &str, diagnostics: &mut Vec<Diagnostic>) {
        let lines = Lines::new(text);
        // (rule, line) → entries silencing that line; line 0 stands for the whole file. A
        // name that is no rule silences nothing.
        let mut covering: HashMap<(Rule, usize), Vec<usize>> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            let Named::Rule(rule) = e.rule else { continue };
            for line in if e.lines.is_empty() { &[0][..] } else { &e.lines[..] } {
                covering.entry((rule, *line)).or_default().push(i);
            }
        }
        let mut used = vec![false; self.entries.len()];
        diagnostics.retain(|d| {
            if !d.rule.configurable() {
                return true;
            }
            let line = lines.line(d.span.start);
            let mut silenced = false;
            for key in [(d.rule, line), (d.rule, 0)] {
                for &i in covering.get(&key).into_iter().flatten() {
                    used[i] = true;
                    silenced = true;
                }
            }
            !silenced
        });
        for (e, used) in self.entries.iter_mut().zip(used) {
            e.used |= used;
        }
    }

    /// A finding for every suppression that silenced nothing.
    pub(crate) fn unused(&self) -> Vec<Diagnostic> {
        self.entries
            .iter()
            .filter(|e| !e.used)
            .map(|e| {
                let found = match &e.rule {
                    Named::Rule(rule) if !rule.configurable() => Found::ErrorClass { rule: *rule },
                    Named::Rule(rule) => Found::DoesNotFire { rule: *rule },
                    Named::Unknown(name) => {
                        Found::Unknown { name, suggestion: did_you_mean(name, Rule::lints().map(Rule::name)) }
                    }
                };
                Diagnostic::of(e.span.clone(), &found)
            })
            .collect()
    }
}

/// Finds `# commspec: allow` / `allow-file` in a line: (comment start, file-wide, rules start).
/// A YAML comment starts at a `#` outside quotes, at the line start or after whitespace.
fn find_comment(line: &str) -> Option<(usize, bool, usize)> {
    let at = comment_start(line)?;
    let rest = line[at + 1..].trim_start();
    let after = rest.strip_prefix("commspec:")?.trim_start();
    let after_at = line.len() - after.len();
    [("allow-file", true), ("allow", false)].into_iter().find_map(|(word, file_wide)| {
        let list = after.strip_prefix(word)?;
        list.starts_with([' ', '\t']).then_some((at, file_wide, after_at + word.len()))
    })
}

/// Byte offset of the comment in a line, if any (quotes on the same line are respected).
fn comment_start(line: &str) -> Option<usize> {
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if double => escaped = true,
            '"' if !single => double = !double,
            '\'' if !double => single = !single,
            '#' if !single && !double && (prev == ' ' || prev == '\t' || i == 0) => return Some(i),
            _ => {}
        }
        prev = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_line_above_trailing_and_file_wide() {
        let text = "# commspec: allow-file no-gate\nkey: 1  # commspec: allow no-slogan, missing-admin\n  # commspec: allow no-sop, no-sopp\nnext: 2\nurl: \"a#b # commspec: allow x\"\nq: 'it''s # commspec: allow y'\n";
        let s = Suppressions::parse(text);
        let got: Vec<(&Named, Vec<usize>)> = s.entries.iter().map(|e| (&e.rule, e.lines.clone())).collect();
        let typo = Named::Unknown("no-sopp".to_string());
        assert_eq!(
            got,
            vec![
                (&Named::Rule(Rule::NoGate), vec![]),
                (&Named::Rule(Rule::NoSlogan), vec![2]),
                (&Named::Rule(Rule::MissingAdmin), vec![2]),
                (&Named::Rule(Rule::NoSop), vec![4]),
                (&typo, vec![4])
            ]
        );
        let names: Vec<&str> = s.entries.iter().map(|e| &text[e.span.clone()]).collect();
        assert_eq!(names, ["no-gate", "no-slogan", "missing-admin", "no-sop", "no-sopp"]);
    }

    #[test]
    fn ignores_other_comments() {
        assert!(Suppressions::parse("a: 1 # allow no-gate\nb: 2 #commspec: allowx y\n").is_empty());
    }
}
