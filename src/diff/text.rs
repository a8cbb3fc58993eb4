//! The character-level diff of two texts, for messages, announcements and welcomes: by
//! character (Chinese has no spaces between words), then cleaned up so a reworded phrase reads
//! as one change, not as the characters two phrases happen to share.

use serde::Serialize;
use similar::{Algorithm, ChangeTag, TextDiff};

use crate::limits::MAX_DIFF_TEXT_CHARS;

/// One run of a text diff.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(tag = "op", content = "text", rename_all = "snake_case")]
pub(crate) enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

/// The pieces that turn `old` into `new`. Texts longer than [`MAX_DIFF_TEXT_CHARS`] together
/// are one removal and one addition: the diff's work grows with their product.
pub(crate) fn diff(old: &str, new: &str) -> Vec<Piece> {
    if old.chars().count() + new.chars().count() > MAX_DIFF_TEXT_CHARS {
        return whole(old, new);
    }
    let diff = TextDiff::configure().algorithm(Algorithm::Patience).diff_chars(old, new);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let s = change.value();
        let piece = match change.tag() {
            ChangeTag::Equal => Piece::Same(s.to_string()),
            ChangeTag::Delete => Piece::Removed(s.to_string()),
            ChangeTag::Insert => Piece::Added(s.to_string()),
        };
        push(&mut pieces, piece);
    }
    cleanup(pieces)
}

fn whole(old: &str, new: &str) -> Vec<Piece> {
    [Piece::Removed(old.to_string()), Piece::Added(new.to_string())]
        .into_iter()
        .filter(|p| !matches!(p, Piece::Removed(s) | Piece::Added(s) if s.is_empty()))
        .collect()
}

/// Appends, joining a run to the previous one of its kind.
fn push(pieces: &mut Vec<Piece>, piece: Piece) {
    match (pieces.last_mut(), &piece) {
        (Some(Piece::Same(a)), Piece::Same(b)) | (Some(Piece::Removed(a)), Piece::Removed(b)) => a.push_str(b),
        (Some(Piece::Added(a)), Piece::Added(b)) => a.push_str(b),
        _ => pieces.push(piece),
    }
}

/// Folds a short common run between two edits into them (semantic cleanup, as in
/// diff-match-patch): `早[-上八-]{+晚上七+}点` rather than `早上[-八-]{+七+}点` is not the point,
/// but `[-今天学习-]{+明天复习+}` rather than `[-今-]{+明+}天[-学-]{+复+}习` is. A common run
/// is folded when it is no longer than the edits on either side of it.
fn cleanup(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut runs: Vec<(String, String, String)> = Vec::new(); // (same before, removed, added)
    let mut same = String::new();
    let (mut removed, mut added) = (String::new(), String::new());
    let mut edits: Vec<(String, String, String)> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Same(s) => {
                if !removed.is_empty() || !added.is_empty() {
                    edits.push((std::mem::take(&mut same), std::mem::take(&mut removed), std::mem::take(&mut added)));
                }
                same.push_str(&s);
            }
            Piece::Removed(s) => removed.push_str(&s),
            Piece::Added(s) => added.push_str(&s),
        }
    }
    edits.push((same, removed, added));
    // edits: each (common run, then an edit); the last may have no edit (the tail).
    for (common, r, a) in edits {
        let folds = runs.last().is_some_and(|(_, pr, pa)| {
            let short = common.chars().count();
            let before = pr.chars().count().max(pa.chars().count());
            let after = r.chars().count().max(a.chars().count());
            short > 0 && short <= before && short <= after
        });
        match runs.last_mut() {
            Some((_, pr, pa)) if folds => {
                pr.push_str(&common);
                pr.push_str(&r);
                pa.push_str(&common);
                pa.push_str(&a);
            }
            _ => runs.push((common, r, a)),
        }
    }
    widen(&mut runs);
    let mut out = Vec::new();
    for (common, r, a) in runs {
        for piece in [Piece::Same(common), Piece::Removed(r), Piece::Added(a)] {
            if !matches!(&piece, Piece::Same(s) | Piece::Removed(s) | Piece::Added(s) if s.is_empty()) {
                push(&mut out, piece);
            }
        }
    }
    out
}

/// Part of a number, a time or an ASCII word: `07:[-0-]{+3+}0` reads as `[-07:00-]{+07:30+}`.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.')
}

/// Widens each edit to the whole ASCII words and numbers it cuts into.
fn widen(runs: &mut [(String, String, String)]) {
    let cuts = |edit: &(String, String, String), first: bool| {
        let side = |s: &str| if first { s.chars().next() } else { s.chars().last() };
        let (r, a) = (side(&edit.1), side(&edit.2));
        (r.is_some() || a.is_some()) && r.is_none_or(word_char) && a.is_none_or(word_char)
    };
    for i in 0..runs.len() {
        while cuts(&runs[i], true) && runs[i].0.chars().last().is_some_and(word_char) {
            let Some(c) = runs[i].0.pop() else { break };
            runs[i].1.insert(0, c);
            runs[i].2.insert(0, c);
        }
        while i + 1 < runs.len() && cuts(&runs[i], false) && runs[i + 1].0.chars().next().is_some_and(word_char) {
            let c = runs[i + 1].0.remove(0);
            runs[i].1.push(c);
            runs[i].2.push(c);
        }
    }
}

/// Only the lines of `pieces` that changed, in order, with `…` where unchanged lines were
/// left out: a one-word change in a long announcement is one line to read. A line break
/// inside a removed or added run keeps its lines together.
pub(crate) fn changed_lines(pieces: &[Piece]) -> Vec<Piece> {
    let mut lines: Vec<(Vec<Piece>, bool)> = vec![(Vec::new(), false)];
    for p in pieces {
        match p {
            Piece::Same(s) => {
                let mut parts = s.split('\n');
                if let (Some(first), Some(line)) = (parts.next(), lines.last_mut()) {
                    push(&mut line.0, Piece::Same(first.to_string()));
                }
                for part in parts {
                    lines.push((vec![Piece::Same(part.to_string())], false));
                }
            }
            edit => {
                if let Some(line) = lines.last_mut() {
                    push(&mut line.0, edit.clone());
                    line.1 = true;
                }
            }
        }
    }
    let mut out: Vec<Piece> = Vec::new();
    let mut skipped = false;
    for (line, changed) in lines {
        if !changed {
            skipped = true;
            continue;
        }
        if !out.is_empty() {
            push(&mut out, Piece::Same("\n".into()));
        }
        if skipped && !out.is_empty() {
            push(&mut out, Piece::Same("…\n".into()));
        }
        skipped = false;
        for p in line.into_iter().filter(|p| !matches!(p, Piece::Same(s) if s.is_empty())) {
            push(&mut out, p);
        }
    }
    out
}

/// The pieces as plain text: `[-removed-]{+added+}`, as `git diff --word-diff` writes them.
pub(crate) fn plain(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Same(s) => out.push_str(s),
            Piece::Removed(s) => {
                out.push_str("[-");
                out.push_str(s);
                out.push_str("-]");
            }
            Piece::Added(s) => {
                out.push_str("{+");
                out.push_str(s);
                out.push_str("+}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reworded_chinese_phrase_is_one_change() {
        let pieces = diff("今天学习第一课，记得打卡", "明天复习第一课，记得打卡");
        assert_eq!(plain(&pieces), "[-今天学-]{+明天复+}习第一课，记得打卡");
    }

    #[test]
    fn an_insertion_keeps_the_text_around_it() {
        let pieces = diff("欢迎加入本群", "欢迎大家加入本群");
        assert_eq!(plain(&pieces), "欢迎{+大家+}加入本群");
        assert_eq!(pieces, [Piece::Same("欢迎".into()), Piece::Added("大家".into()), Piece::Same("加入本群".into())]);
    }

    #[test]
    fn a_changed_time_in_a_sentence() {
        assert_eq!(plain(&diff("每天早上8:00打卡", "每天早上7:30打卡")), "每天早上[-8:00-]{+7:30+}打卡");
    }

    #[test]
    fn equal_and_empty_texts() {
        assert_eq!(diff("同样", "同样"), [Piece::Same("同样".into())]);
        assert_eq!(plain(&diff("", "新")), "{+新+}");
        assert_eq!(plain(&diff("旧", "")), "[-旧-]");
    }

    #[test]
    fn only_changed_lines_are_kept() {
        let old = "标题\n第一行\n每天 07:00 晨读\n第三行\n第四行\n结尾 A";
        let new = "标题\n第一行\n每天 07:30 晨读\n第三行\n第四行\n结尾 B";
        let shown = plain(&changed_lines(&diff(old, new)));
        assert_eq!(shown, "每天 [-07:00-]{+07:30+} 晨读\n…\n结尾 [-A-]{+B+}");
        assert_eq!(plain(&changed_lines(&diff("一\n二", "一\n二\n三"))), "二{+\n三+}");
    }

    #[test]
    fn long_texts_are_replaced_whole() {
        let (old, new) = ("甲".repeat(MAX_DIFF_TEXT_CHARS), "乙".repeat(2));
        assert_eq!(diff(&old, &new), [Piece::Removed(old.clone()), Piece::Added(new.clone())]);
    }
}
