//! The diff said for people (`human`, coloured on a terminal; `markdown`, for a pull-request
//! comment) and for programs (`json`). Both texts are made from one outline of sections and
//! items, so they say the same things; only the escaping and the layout differ. Spec texts
//! are hostile: control characters are made visible in both, and in markdown every character
//! that could start markup, HTML or a mention is escaped, and texts go into fenced blocks.

use super::text::{Piece, plain};
use super::{Changes, CommunityDiff, Finding, GroupRef, Report, Status, Summary, TextKind, When};
use crate::diagnostics::visible;
use crate::i18n::{Lang, Text, english_noun, tr};
use crate::limits::DIFF_LIST_MAX;

/// `--format` of `commspec diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum Format {
    #[default]
    Human,
    Markdown,
    Json,
}

/// How many variants of one text change are shown.
const VARIANTS_SHOWN: usize = 3;

/// The JSON document, pretty-printed, with a final newline.
pub(crate) fn json(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(report).unwrap_or_default();
    out.push('\n');
    out
}

/// The diff for a terminal or a log: ANSI colours only when `color`.
pub(crate) fn human(report: &Report, lang: Lang, color: bool) -> String {
    let style = Style { markdown: false, color };
    let mut out = String::new();
    out.push_str(&style.paint(Paint::Bold, summary(&report.summary).get(lang)));
    out.push('\n');
    for c in report.communities.iter().filter(|c| !matches!(c.status, Status::Unchanged)) {
        out.push('\n');
        out.push_str(&style.paint(Paint::Bold, heading(c, &style).get(lang)));
        out.push('\n');
        for section in sections(c, &style, lang) {
            out.push_str(&format!("  {}\n", section.title.get(lang)));
            let shown = section.items.len().min(DIFF_LIST_MAX);
            for item in &section.items[..shown] {
                let sign = match item.sign {
                    Sign::Added => style.paint(Paint::Green, "+"),
                    Sign::Removed => style.paint(Paint::Red, "-"),
                    Sign::Changed => style.paint(Paint::Yellow, "~"),
                };
                out.push_str(&format!("    {sign} {}\n", item.line));
                for pieces in &item.diffs {
                    for line in style.pieces(pieces).lines() {
                        out.push_str(&format!("        {line}\n"));
                    }
                }
            }
            if section.items.len() > shown {
                out.push_str(&format!("    {}\n", more(section.items.len() - shown).get(lang)));
            }
        }
    }
    out
}

/// The diff as a pull-request comment: a headline, the summary, a section per changed
/// community; lists longer than [`DIFF_LIST_MAX`] folded in `<details>`.
pub(crate) fn markdown(report: &Report, lang: Lang) -> String {
    let style = Style { markdown: true, color: false };
    let mut out = String::new();
    out.push_str(&format!(
        "### {}\n\n",
        tr!("commspec diff: what this change does to the plan", "commspec diff：这次改动对计划的影响").get(lang)
    ));
    // Our words only: nothing in them to escape.
    out.push_str(&format!("**{}**\n", summary(&report.summary).get(lang)));
    for c in report.communities.iter().filter(|c| !matches!(c.status, Status::Unchanged)) {
        out.push_str(&format!("\n#### {}\n", heading(c, &style).get(lang)));
        for section in sections(c, &style, lang) {
            let title = section.title.get(lang);
            let folded = section.items.len() > DIFF_LIST_MAX;
            if folded {
                out.push_str(&format!("\n<details><summary>{title} ({})</summary>\n", section.items.len()));
            } else {
                out.push_str(&format!("\n**{title}**\n"));
            }
            out.push('\n');
            for item in &section.items {
                let sign = match item.sign {
                    Sign::Added => "➕",
                    Sign::Removed => "➖",
                    Sign::Changed => "✏️",
                };
                out.push_str(&format!("- {sign} {}\n", item.line));
                for pieces in &item.diffs {
                    out.push_str(&fenced(&style.pieces(pieces), "  "));
                }
            }
            if folded {
                out.push_str("\n</details>\n");
            }
        }
    }
    out
}

/// A fenced block whose fence is longer than any run of backticks in `text`, so no text can
/// close it early; indented by `indent` to stay in its list item.
fn fenced(text: &str, indent: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = format!("\n{indent}{fence}text\n");
    for line in text.lines() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out.push_str(&format!("{indent}{fence}\n\n"));
    out
}

/// The summary line: `+12 groups, 240 tasks added, 40 moved, 3 texts changed, 1 new warning`.
pub(crate) fn summary(s: &Summary) -> Text {
    let n = |n: usize, one, many| english_noun(n as u64, one, many);
    let mut parts: Vec<Text> = Vec::new();
    let mut part = |count: usize, said: Text| {
        if count > 0 {
            parts.push(said);
        }
    };
    let (c, noun) = (s.communities_added, n(s.communities_added, "community", "communities"));
    part(c, tr!("+{c} {noun}", "新增 {c} 个社群"));
    let (c, noun) = (s.communities_removed, n(s.communities_removed, "community", "communities"));
    part(c, tr!("-{c} {noun}", "删除 {c} 个社群"));
    let (c, noun) = (s.communities_broken, n(s.communities_broken, "spec", "specs"));
    part(c, tr!("{c} {noun} with errors", "{c} 个社群的 spec 有错误"));
    let (g, noun) = (s.groups_added, n(s.groups_added, "group", "groups"));
    part(g, tr!("+{g} {noun}", "新增 {g} 个群"));
    let (g, noun) = (s.groups_removed, n(s.groups_removed, "group", "groups"));
    part(g, tr!("-{g} {noun}", "删除 {g} 个群"));
    let (g, noun) = (s.groups_renamed, n(s.groups_renamed, "group", "groups"));
    part(g, tr!("{g} {noun} renamed", "{g} 个群改名"));
    // The first of the task counts names the tasks: `240 tasks added, 40 moved`.
    let mut named = false;
    for (t, en, zh) in
        [(s.tasks_added, "added", "新增"), (s.tasks_moved, "moved", "移动"), (s.tasks_removed, "removed", "删除")]
    {
        let tasks = if named { "" } else { n(t, " task", " tasks") };
        let zh_tasks = if named { "个" } else { "个任务" };
        part(t, tr!("{t}{tasks} {en}", "{zh} {t} {zh_tasks}"));
        named |= t > 0;
    }
    let (t, noun) = (s.texts_changed, n(s.texts_changed, "text", "texts"));
    part(t, tr!("{t} {noun} changed", "{t} 处文字改动"));
    let (r, noun) = (s.roles_changed, n(s.roles_changed, "role", "roles"));
    part(r, tr!("{r} {noun} restaffed", "{r} 个角色人数变化"));
    let (p, noun) = (s.people_changed, n(s.people_changed, "person", "people"));
    part(p, tr!("{p} {noun} reassigned", "{p} 人负责的群有变化"));
    let (k, noun) = (s.kpis_changed, n(s.kpis_changed, "KPI", "KPIs"));
    part(k, tr!("{k} {noun} changed", "{k} 个 KPI 目标变化"));
    let (e, noun) = (s.new_errors, n(s.new_errors, "error", "errors"));
    part(e, tr!("{e} new {noun}", "{e} 条新错误"));
    let (w, noun) = (s.new_warnings, n(s.new_warnings, "warning", "warnings"));
    part(w, tr!("{w} new {noun}", "{w} 条新警告"));
    let (f, noun) = (s.findings_gone, n(s.findings_gone, "finding", "findings"));
    part(f, tr!("{f} {noun} resolved", "{f} 条问题已消除"));
    if parts.is_empty() {
        return tr!("no changes", "没有变化");
    }
    joined(&parts, ", ", "，")
}

/// Texts joined, each language with its own separator.
fn joined(parts: &[Text], en: &str, zh: &str) -> Text {
    let (e, z): (Vec<&str>, Vec<&str>) = parts.iter().map(|p| (p.en(), p.get(Lang::Zh))).unzip();
    Text::new(e.join(en), z.join(zh))
}

/// Added when there was nothing before, removed when nothing is left, else changed.
fn sign(before: bool, after: bool) -> Sign {
    match (before, after) {
        (false, _) => Sign::Added,
        (_, false) => Sign::Removed,
        _ => Sign::Changed,
    }
}

fn more(n: usize) -> Text {
    tr!("… and {n} more", "……还有 {n} 项")
}

/// How spec values are shown in one format.
struct Style {
    markdown: bool,
    color: bool,
}

#[derive(Clone, Copy)]
enum Paint {
    Bold,
    Red,
    Green,
    Yellow,
}

impl Style {
    /// A spec text in running text: control characters visible; in markdown, every
    /// character that could start markup, HTML, an entity or a mention escaped.
    fn text(&self, s: &str) -> String {
        let s = visible(s).into_owned();
        if !self.markdown {
            return s;
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '@' => out.push_str("&#64;"),
                c if c.is_ascii_punctuation() => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
        out
    }

    /// An id or key: `like this`.
    fn code(&self, s: &str) -> String {
        if self.markdown { format!("<code>{}</code>", self.text(s)) } else { format!("`{}`", self.text(s)) }
    }

    /// A group: its name and key.
    fn group(&self, g: &GroupRef) -> String {
        format!("{} ({})", self.text(&g.name), self.code(&g.key))
    }

    fn paint(&self, paint: Paint, s: &str) -> String {
        if !self.color {
            return s.to_string();
        }
        let code = match paint {
            Paint::Bold => "1",
            Paint::Red => "31",
            Paint::Green => "32",
            Paint::Yellow => "33",
        };
        format!("\x1b[{code}m{s}\x1b[0m")
    }

    /// A character diff, for a block of its own: control characters but line breaks made
    /// visible; coloured runs on a terminal, `[-…-]{+…+}` otherwise.
    fn pieces(&self, pieces: &[Piece]) -> String {
        let shown: Vec<Piece> = pieces
            .iter()
            .map(|p| match p {
                Piece::Same(s) => Piece::Same(block(s)),
                Piece::Removed(s) => Piece::Removed(block(s)),
                Piece::Added(s) => Piece::Added(block(s)),
            })
            .collect();
        if !self.color {
            return plain(&shown);
        }
        shown
            .iter()
            .map(|p| match p {
                Piece::Same(s) => s.clone(),
                // Painted line by line: a colour does not survive the indentation of the next.
                Piece::Removed(s) => {
                    s.split('\n').map(|l| self.paint(Paint::Red, &format!("[-{l}-]"))).collect::<Vec<_>>().join("\n")
                }
                Piece::Added(s) => s
                    .split('\n')
                    .map(|l| self.paint(Paint::Green, &format!("{{+{l}+}}")))
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect()
    }
}

/// A text for a block: line breaks kept, every other control character visible.
fn block(s: &str) -> String {
    s.split('\n').map(|l| visible(l).into_owned()).collect::<Vec<_>>().join("\n")
}

/// One list of a community's changes.
struct Section {
    title: Text,
    items: Vec<Item>,
}

struct Item {
    sign: Sign,
    /// Escaped for the format.
    line: String,
    /// Character diffs shown under the line.
    diffs: Vec<Vec<Piece>>,
}

#[derive(Clone, Copy)]
enum Sign {
    Added,
    Removed,
    Changed,
}

fn item(sign: Sign, line: Text, lang: Lang) -> Item {
    Item { sign, line: line.get(lang).to_string(), diffs: Vec::new() }
}

fn heading(c: &CommunityDiff, style: &Style) -> Text {
    let id = style.code(&c.id);
    let file = match (&c.old_file, &c.new_file) {
        (Some(o), Some(n)) if o != n => format!("{} → {}", style.text(o), style.text(n)),
        (_, Some(f)) | (Some(f), None) => style.text(f),
        (None, None) => String::new(),
    };
    let what = match &c.status {
        Status::Added { .. } => tr!(" (new)", "（新增）"),
        Status::Removed { .. } => tr!(" (removed)", "（删除）"),
        Status::Broken { .. } => tr!(" (has errors)", "（有错误）"),
        Status::Changed(_) | Status::Unchanged => Text::default(),
    };
    let (en, zh) = (what.en(), what.get(Lang::Zh));
    tr!("community {id} in {file}{en}", "社群 {id}（{file}）{zh}")
}

/// The sections of one community, in the reader's order: what it is, groups, tasks, texts,
/// staffing, KPIs, findings.
fn sections(c: &CommunityDiff, style: &Style, lang: Lang) -> Vec<Section> {
    match &c.status {
        Status::Unchanged => Vec::new(),
        Status::Added { groups, tasks } | Status::Removed { groups, tasks } => {
            let sign = if matches!(c.status, Status::Added { .. }) { Sign::Added } else { Sign::Removed };
            let (g, t) = (*groups, *tasks);
            let (gs, ts) =
                (english_noun(g as u64, "group", "groups"), english_noun(t as u64, "dated task", "dated tasks"));
            let line = tr!("{g} {gs}, {t} {ts}", "{g} 个群，{t} 个定时任务");
            vec![Section { title: tr!("plan", "计划"), items: vec![item(sign, line, lang)] }]
        }
        Status::Broken { old, new } => {
            let mut items = Vec::new();
            for (side, broken) in [(Side::Old, old), (Side::New, new)] {
                let Some(b) = broken else { continue };
                let n = b.errors;
                let errors = english_noun(n as u64, "error", "errors");
                let line = match side {
                    Side::Old => {
                        tr!("the old spec does not compile: {n} {errors}", "改动前的 spec 无法编译：{n} 个错误")
                    }
                    Side::New => {
                        tr!("the new spec does not compile: {n} {errors}", "改动后的 spec 无法编译：{n} 个错误")
                    }
                };
                let sign = if matches!(side, Side::Old) { Sign::Removed } else { Sign::Added };
                items.push(item(sign, line, lang));
                for f in &b.first {
                    items.push(Item { sign, line: finding(f, style, lang), diffs: Vec::new() });
                }
            }
            vec![Section { title: tr!("errors", "错误"), items }]
        }
        Status::Changed(changes) => changed(changes, style, lang),
    }
}

enum Side {
    Old,
    New,
}

fn finding(f: &Finding, style: &Style, lang: Lang) -> String {
    let message = if lang == Lang::Zh { &f.message_zh } else { &f.message };
    format!("{}[{}] {} ({}:{})", f.severity, f.rule, style.text(message), f.line, f.column)
}

fn changed(c: &Changes, style: &Style, lang: Lang) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut add = |title: Text, items: Vec<Item>| {
        if !items.is_empty() {
            sections.push(Section { title, items });
        }
    };
    let mut groups: Vec<Item> = Vec::new();
    groups.extend(c.groups_added.iter().map(|g| Item { sign: Sign::Added, line: style.group(g), diffs: Vec::new() }));
    groups.extend(c.groups_removed.iter().map(|g| Item {
        sign: Sign::Removed,
        line: style.group(g),
        diffs: Vec::new(),
    }));
    for r in &c.groups_renamed {
        let (key, old, new) = (style.code(&r.key), style.text(&r.old_name), style.text(&r.new_name));
        groups.push(item(Sign::Changed, tr!("{key}: renamed {old} → {new}", "{key}：群名 {old} → {new}"), lang));
    }
    add(tr!("groups", "群"), groups);

    let mut tasks: Vec<Item> = Vec::new();
    let mut moved: Vec<Item> = Vec::new();
    let in_groups = |t: usize, g: usize| {
        let (ts, gs) = (english_noun(t as u64, "task", "tasks"), english_noun(g as u64, "group", "groups"));
        tr!("{t} {ts} in {g} {gs}", "{g} 个群中的 {t} 个任务")
    };
    for (sign, list) in [(Sign::Added, &c.tasks_added), (Sign::Removed, &c.tasks_removed)] {
        for t in list {
            let (step, count) = (style.code(&t.step), in_groups(t.tasks, t.groups.len()));
            let (en, zh) = (count.en(), count.get(Lang::Zh));
            let line = match sign {
                Sign::Added => tr!("step {step}: {en} added", "步骤 {step}：新增 {zh}"),
                _ => tr!("step {step}: {en} removed", "步骤 {step}：删除 {zh}"),
            };
            tasks.push(item(sign, line, lang));
        }
    }
    for m in &c.tasks_moved {
        let (step, count) = (style.code(&m.step), in_groups(m.tasks, m.groups.len()));
        let (en, zh) = (count.en(), count.get(Lang::Zh));
        let (from, to) = (&m.from_time, &m.to_time);
        let days = m.days.unsigned_abs();
        let day_s = english_noun(days, "day", "days");
        let shift = match m.days.signum() {
            0 => tr!("", ""),
            1 => tr!(", {days} {day_s} later", "，推后 {days} 天"),
            _ => tr!(", {days} {day_s} earlier", "，提前 {days} 天"),
        };
        let (shift_en, shift_zh) = (shift.en(), shift.get(Lang::Zh));
        let (example_from, example_to) = (when(&m.example.from), when(&m.example.to));
        let group = style.code(&m.example.group);
        let line = tr!(
            "step {step}: {en} move from {from} to {to}{shift_en} (e.g. {group}: {example_from} → {example_to})",
            "步骤 {step}：{zh}从 {from} 改到 {to}{shift_zh}（例如 {group}：{example_from} → {example_to}）"
        );
        moved.push(item(Sign::Changed, line, lang));
    }
    add(tr!("dated tasks moved", "改期的定时任务"), moved);
    add(tr!("dated tasks added or removed", "新增或删除的定时任务"), tasks);

    let mut texts = Vec::new();
    for t in &c.texts {
        let what = match &t.kind {
            TextKind::Announcement => tr!("the announcement", "群公告"),
            TextKind::Welcome => tr!("the welcome message", "入群欢迎语"),
            TextKind::Message { step } => {
                let step = style.code(step);
                tr!("the message of step {step}", "步骤 {step} 的消息")
            }
        };
        let (en, zh, g) = (what.en(), what.get(Lang::Zh), t.groups);
        let gs = english_noun(g as u64, "group", "groups");
        let v = t.variants.len();
        let variants = match v {
            1 => tr!("", ""),
            _ => tr!(" ({v} different changes)", "（{v} 种不同的改动）"),
        };
        let (ven, vzh) = (variants.en(), variants.get(Lang::Zh));
        let line = tr!("{en} changed in {g} {gs}{ven}", "{g} 个群的{zh}有改动{vzh}");
        let mut it = item(Sign::Changed, line, lang);
        it.diffs = t.variants.iter().take(VARIANTS_SHOWN).map(|v| v.change.clone()).collect();
        if v > VARIANTS_SHOWN {
            it.line.push_str(&format!(" {}", more(v - VARIANTS_SHOWN).get(lang)));
        }
        texts.push(it);
    }
    add(tr!("texts", "文字"), texts);

    let mut staffing = Vec::new();
    for r in &c.roles {
        let role = style.code(&r.role);
        let line = match (&r.old, &r.new) {
            (Some(o), Some(n)) => {
                let (on, nn, oc, nc) = (o.people_needed, n.people_needed, o.people_named, n.people_named);
                tr!(
                    "role {role}: {on} → {nn} people needed, {oc} → {nc} named",
                    "角色 {role}：需要 {on} → {nn} 人，已指定 {oc} → {nc} 人"
                )
            }
            (None, Some(n)) => {
                let nn = n.people_needed;
                tr!("role {role} added: {nn} people needed", "新增角色 {role}：需要 {nn} 人")
            }
            (Some(_), None) | (None, None) => tr!("role {role} removed", "删除角色 {role}"),
        };
        staffing.push(item(sign(r.old.is_some(), r.new.is_some()), line, lang));
    }
    for p in &c.people {
        let who = style.code(&p.userid);
        let list = |gs: &[GroupRef]| {
            let mut names: Vec<String> = gs.iter().take(DIFF_LIST_MAX).map(|g| style.group(g)).collect();
            if gs.len() > DIFF_LIST_MAX {
                names.push(more(gs.len() - DIFF_LIST_MAX).get(lang).to_string());
            }
            names.join(if lang == Lang::Zh { "、" } else { ", " })
        };
        let mut parts: Vec<Text> = Vec::new();
        if !p.gains.is_empty() {
            let (n, gs) = (p.gains.len(), list(&p.gains));
            let groups = english_noun(n as u64, "group", "groups");
            parts.push(tr!("gains {n} {groups}: {gs}", "新增负责 {n} 个群：{gs}"));
        }
        if !p.loses.is_empty() {
            let (n, gs) = (p.loses.len(), list(&p.loses));
            let groups = english_noun(n as u64, "group", "groups");
            parts.push(tr!("loses {n} {groups}: {gs}", "不再负责 {n} 个群：{gs}"));
        }
        let said = joined(&parts, "; ", "；");
        let (en, zh) = (said.en(), said.get(Lang::Zh));
        let sign = sign(!p.loses.is_empty(), !p.gains.is_empty());
        staffing.push(item(sign, tr!("{who} {en}", "{who} {zh}"), lang));
    }
    add(tr!("staffing", "人员"), staffing);

    let mut kpis = Vec::new();
    for k in &c.kpis {
        let metric = style.code(&k.metric);
        let said = |kpi: &Option<super::Kpi>| match kpi {
            Some(k) => {
                let phase = k.phase.as_deref().map(|p| format!(", {}", style.text(p))).unwrap_or_default();
                format!("{} ({}{phase})", style.text(&k.target), style.text(&k.period))
            }
            None => "—".to_string(),
        };
        let (old, new) = (said(&k.old), said(&k.new));
        let sign = sign(k.old.is_some(), k.new.is_some());
        kpis.push(item(sign, tr!("{metric}: {old} → {new}", "{metric}：{old} → {new}"), lang));
    }
    add(tr!("KPI targets", "KPI 目标"), kpis);

    let mut findings = Vec::new();
    findings.extend(c.findings_new.iter().map(|f| Item {
        sign: Sign::Added,
        line: finding(f, style, lang),
        diffs: Vec::new(),
    }));
    findings.extend(c.findings_gone.iter().map(|f| Item {
        sign: Sign::Removed,
        line: finding(f, style, lang),
        diffs: Vec::new(),
    }));
    add(tr!("lint findings", "检查结果"), findings);
    sections
}

/// `day 3 (2027-03-03) 08:00`.
fn when(w: &When) -> String {
    match &w.date {
        Some(date) => format!("{date} {}", w.time),
        None => format!("D{} {}", w.day, w.time),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_what_could_break_out() {
        let md = Style { markdown: true, color: false };
        assert_eq!(md.text("</details><script>@team"), "&lt;\\/details&gt;&lt;script&gt;&#64;team");
        assert_eq!(md.text("**[x](y)**"), "\\*\\*\\[x\\]\\(y\\)\\*\\*");
        assert_eq!(md.text("a\u{1b}[31m"), "a\\\\u\\{1b\\}\\[31m");
        let block = fenced("```\n</details>", "");
        assert!(block.starts_with("\n````text\n```\n</details>\n````"), "{block}");
    }

    #[test]
    fn the_summary_names_the_tasks_once() {
        let s = Summary {
            groups_added: 12,
            tasks_added: 240,
            tasks_moved: 40,
            texts_changed: 3,
            new_warnings: 1,
            ..Summary::default()
        };
        let said = summary(&s);
        assert_eq!(said.en(), "+12 groups, 240 tasks added, 40 moved, 3 texts changed, 1 new warning");
        assert_eq!(said.get(Lang::Zh), "新增 12 个群，新增 240 个任务，移动 40 个，3 处文字改动，1 条新警告");
        assert_eq!(summary(&Summary::default()).en(), "no changes");
        let moved = Summary { tasks_moved: 1, ..Summary::default() };
        assert_eq!(summary(&moved).en(), "1 task moved");
    }
}
