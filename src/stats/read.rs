//! Reading statistics files: bytes → text (UTF-8, with or without a byte-order mark, else GBK
//! as Excel saves CSV on Chinese Windows) → cells with their line and column → one group's
//! figures per day. Every cell that cannot be taken is an error at its place; nothing is
//! skipped. The parser is our own, not the `csv` crate: that one gives a record's position
//! but not a field's, and every error here points at its cell.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use serde::Serialize;

use super::columns::{self, COLUMNS, Figure, Header, Key};
use super::{Group, Groups};
use crate::diagnostics::{did_you_mean, visible};
use crate::i18n::{Text, tr};
use crate::limits::{MAX_STATS_CELLS, MAX_STATS_FILE_BYTES, MAX_STATS_PROBLEMS};
use crate::spec::Date;

/// How a file's bytes became text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub(crate) enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-8 after a byte-order mark (Excel's「CSV UTF-8」).
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    /// Not UTF-8, decoded as GBK (Excel's「CSV（逗号分隔）」on Chinese Windows).
    #[serde(rename = "gbk")]
    Gbk,
}

/// A place in a statistics file: its index among the files read, 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    pub(crate) file: usize,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// One figure as read, and where.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell {
    pub(crate) value: f64,
    pub(crate) at: At,
}

/// One group's figures on one day, by [`Figure`]; `None` where no file has the column.
pub(crate) type Day = [Option<Cell>; COLUMNS.len()];

/// Everything read: each group's days, keyed by (group index, day number of its term).
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub(crate) days: BTreeMap<(usize, i64), Day>,
}

/// A file read: its name as shown, how it was decoded and how many rows it had.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub(crate) struct FileRead {
    pub(crate) file: String,
    pub(crate) encoding: Encoding,
    pub(crate) rows: usize,
}

/// What is wrong with a statistics file, at a place in it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Bad {
    TooLarge,
    NotText,
    NoHeader,
    MissingKey { key: Key },
    UnknownColumn { header: String, like: Option<&'static str> },
    DuplicateColumn { header: String, first: usize },
    UnclosedQuote,
    TooManyCells,
    CellCount { found: usize, expected: usize },
    NotADate { text: String },
    UnknownGroup { text: String, like: Option<String> },
    AmbiguousGroup { text: String, keys: Vec<String> },
    OutsideTerm { date: Date, group: String, first: Date, last: Option<Date> },
    EmptyCell { column: &'static str },
    NotANumber { text: String, column: &'static str },
    NotWhole { text: String, column: &'static str },
    Negative { text: String, column: &'static str },
    Duplicate { group: String, date: Date, column: &'static str, first: String },
}

/// A problem and where it is: file name, line and column (0 for the whole file).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) bad: Bad,
}

impl Problem {
    /// `file:line:column` (or the file alone), for the message's lead.
    pub(crate) fn place(&self) -> String {
        let file = visible(&self.file);
        if self.line == 0 { file.into_owned() } else { format!("{file}:{}:{}", self.line, self.column) }
    }
}

impl Bad {
    /// What is wrong, and how to fix it.
    pub(crate) fn said(&self) -> (Text, Text) {
        match self {
            Bad::TooLarge => {
                let mib = MAX_STATS_FILE_BYTES / (1024 * 1024);
                (
                    tr!("the file is larger than {mib} MiB", "文件超过 {mib} MiB"),
                    tr!("split it by month: several files may be given", "按月拆分：可以给出多个文件"),
                )
            }
            Bad::NotText => (
                tr!("the file is neither UTF-8 nor GBK text", "文件既不是 UTF-8 也不是 GBK 文本"),
                tr!(
                    "save it as CSV (`CSV UTF-8` in Excel); an .xlsx file must be saved as CSV first",
                    "另存为 CSV（Excel 中选「CSV UTF-8」）；.xlsx 文件要先另存为 CSV"
                ),
            ),
            Bad::NoHeader => (
                tr!("the file is empty: it needs a header row", "文件是空的：需要一行表头"),
                tr!("start with `date,group,…` (or 日期,群名称,…)", "以 `date,group,…`（或 日期,群名称,…）开头"),
            ),
            Bad::MissingKey { key } => {
                let (name, zh) = match key {
                    Key::Date => ("date", "日期"),
                    Key::Group => ("group", "群名称"),
                };
                (
                    tr!("the header has no `{name}` column", "表头没有 `{name}`（{zh}）列"),
                    tr!(
                        "every row needs its day (`date`, YYYY-MM-DD) and its group (`group`: name or key)",
                        "每一行都要有日期（`date`，YYYY-MM-DD）和群（`group`：群名或群标识）"
                    ),
                )
            }
            Bad::UnknownColumn { header, like } => {
                let header = visible(header);
                let message = tr!("unknown column `{header}`", "未知的列 `{header}`");
                let help = match like {
                    Some(like) => tr!("did you mean `{like}`?", "是不是 `{like}`？"),
                    None => tr!(
                        "README.md lists the columns and their Chinese names; delete columns no KPI uses",
                        "README.md 列出了所有列及其中文名；删掉没有指标用到的列"
                    ),
                };
                (message, help)
            }
            Bad::DuplicateColumn { header, first } => {
                let header = visible(header);
                (
                    tr!("column `{header}` is named twice", "列 `{header}` 出现了两次"),
                    tr!("it is already column {first}; delete one", "它已经是第 {first} 列；删掉一列"),
                )
            }
            Bad::UnclosedQuote => (
                tr!("a quoted cell is never closed", "带引号的单元格没有结束"),
                tr!(
                    "close it with `\"`; a `\"` inside a cell is written `\"\"`",
                    "用 `\"` 结束；单元格内的 `\"` 写作 `\"\"`"
                ),
            ),
            Bad::TooManyCells => (
                tr!("the row has more than {MAX_STATS_CELLS} cells", "这一行超过 {MAX_STATS_CELLS} 个单元格"),
                tr!(
                    "a statistics file has one column per figure, about 20 at most",
                    "统计文件每项数据一列，最多二十来列"
                ),
            ),
            Bad::CellCount { found, expected } => (
                tr!(
                    "the row has {found} cells, the header {expected}",
                    "这一行有 {found} 个单元格，表头有 {expected} 个"
                ),
                tr!("give every row one cell per column", "每一行每列一个单元格"),
            ),
            Bad::NotADate { text } => {
                let text = visible(text);
                (
                    tr!("`{text}` is not a date", "`{text}` 不是日期"),
                    tr!("write dates as YYYY-MM-DD, e.g. 2026-09-01", "日期写成 YYYY-MM-DD，例如 2026-09-01"),
                )
            }
            Bad::UnknownGroup { text, like } => {
                let text = visible(text);
                let message = tr!("no group is named `{text}`", "没有叫 `{text}` 的群");
                let help = match like {
                    Some(like) => {
                        let like = visible(like);
                        tr!("did you mean `{like}`?", "是不是 `{like}`？")
                    }
                    None => tr!(
                        "use a group's name or key as in the plan (`commspec render SPEC README.md`); delete total rows",
                        "写群名或群标识，和计划中一致（`commspec render SPEC README.md`）；删掉合计行"
                    ),
                };
                (message, help)
            }
            Bad::AmbiguousGroup { text, keys } => {
                let (text, keys) = (visible(text), keys.join("`, `"));
                (
                    tr!("several groups are named `{text}`", "有多个群叫 `{text}`"),
                    tr!("use the group's key instead: `{keys}`", "改写群标识：`{keys}`"),
                )
            }
            Bad::OutsideTerm { date, group, first, last } => {
                let group = visible(group);
                let message = if date < first {
                    tr!("{date} is before `{group}` opens ({first})", "{date} 在 `{group}` 开群（{first}）之前")
                } else {
                    let last = last.map(|d| d.to_string()).unwrap_or_default();
                    tr!("{date} is after `{group}` ends ({last})", "{date} 在 `{group}` 结束（{last}）之后")
                };
                let term = match last {
                    Some(last) => format!("{first} – {last}"),
                    None => format!("{first} –"),
                };
                let help = tr!(
                    "the group's term is {term}: check the date and the group, or the spec's `lifecycle`",
                    "该群的服务期是 {term}：检查日期和群名，或 spec 的 `lifecycle`"
                );
                (message, help)
            }
            Bad::EmptyCell { column } => (
                tr!("the `{column}` cell is empty", "`{column}` 单元格是空的"),
                tr!(
                    "write 0 when nothing happened; a figure the export lacks is left out with its column",
                    "没有发生就写 0；导出中没有的数据连同整列删掉"
                ),
            ),
            Bad::NotANumber { text, column } => {
                let text = visible(text);
                (
                    tr!("`{text}` in `{column}` is not a number", "`{column}` 中的 `{text}` 不是数字"),
                    tr!(
                        "write plain digits, e.g. 1234.5 (no thousands separators or units)",
                        "只写数字，例如 1234.5（不要千分位和单位）"
                    ),
                )
            }
            Bad::NotWhole { text, column } => {
                let text = visible(text);
                (
                    tr!("`{text}` in `{column}` is not a whole number", "`{column}` 中的 `{text}` 不是整数"),
                    tr!("`{column}` counts people, messages or orders", "`{column}` 是人数、消息数或订单数"),
                )
            }
            Bad::Negative { text, column } => {
                let text = visible(text);
                (
                    tr!("`{text}` in `{column}` is negative", "`{column}` 中的 `{text}` 是负数"),
                    tr!(
                        "figures are 0 or more; members who left go in `leave_cnt`",
                        "数据不能为负；退群人数写在 `leave_cnt`"
                    ),
                )
            }
            Bad::Duplicate { group, date, column, first } => {
                let (group, first) = (visible(group), visible(first));
                (
                    tr!(
                        "`{group}` on {date} already has `{column}` (at {first})",
                        "`{group}` 在 {date} 已经有 `{column}`（在 {first}）"
                    ),
                    tr!("each group has one row per day: delete one of them", "每个群每天一行：删掉其中一行"),
                )
            }
        }
    }
}

/// Reads statistics files one after the other into each group's days, keeping what each file
/// was and the problems found (the first [`MAX_STATS_PROBLEMS`], the rest counted).
pub(crate) struct Reader<'g> {
    groups: &'g Groups,
    stats: Stats,
    read: Vec<FileRead>,
    problems: Vec<Problem>,
    /// Problems past [`MAX_STATS_PROBLEMS`], counted only.
    more: usize,
    names: Vec<String>,
}

/// What the files held: the figures, each file, the problems kept and how many more there were.
pub(crate) struct Read {
    pub(crate) stats: Stats,
    pub(crate) files: Vec<FileRead>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) more: usize,
}

impl<'g> Reader<'g> {
    pub(crate) fn new(groups: &'g Groups) -> Self {
        Reader { groups, stats: Stats::default(), read: Vec::new(), problems: Vec::new(), more: 0, names: Vec::new() }
    }

    /// Reads one file's bytes (at most [`MAX_STATS_FILE_BYTES`], one more to tell it is larger).
    pub(crate) fn read(&mut self, name: &str, bytes: &[u8]) {
        let file = self.names.len();
        self.names.push(name.to_string());
        let from = self.problems.len();
        if let Some(r) = self.file(file, bytes) {
            self.read.push(r);
        }
        // A row's problems in the order of its cells.
        self.problems[from..].sort_by_key(|p| (p.line, p.column));
    }

    pub(crate) fn finish(self) -> Read {
        Read { stats: self.stats, files: self.read, problems: self.problems, more: self.more }
    }
}

/// The text of a file's bytes and how it was decoded; `None` when it is neither UTF-8 nor GBK.
pub(crate) fn decode(bytes: &[u8]) -> Option<(String, Encoding)> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(match text.strip_prefix('\u{feff}') {
            Some(_) => (text.to_string(), Encoding::Utf8Bom),
            None => (text.to_string(), Encoding::Utf8),
        });
    }
    let text = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes)?;
    Some((text.into_owned(), Encoding::Gbk))
}

/// One cell as written, and the line and column (in characters) where it starts.
struct Raw {
    text: String,
    line: usize,
    column: usize,
}

/// Why a file's records stop.
enum Stop {
    /// A quote is open at the end, from (line, column).
    UnclosedQuote(usize, usize),
    /// A record has more cells than [`MAX_STATS_CELLS`], at (line, column) of the first past it.
    TooManyCells(usize, usize),
}

/// The records of a CSV text, one at a time (RFC 4180: `,` between cells, `"` quotes with `""`
/// inside, CRLF or LF), each cell with its line and column; blank lines hold no record.
/// Positions are counted as the characters pass, so no line index is built for a file that is
/// all line breaks, and a long line costs nothing more per cell.
struct Records<'t> {
    chars: std::iter::Peekable<std::str::Chars<'t>>,
    line: usize,
    /// Characters before the next one on its line.
    column: usize,
    done: bool,
}

impl<'t> Records<'t> {
    fn new(text: &'t str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Records { chars: text.chars().peekable(), line: 1, column: 0, done: false }
    }

    fn cell(&self) -> Raw {
        Raw { text: String::new(), line: self.line, column: self.column + 1 }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Vec<Raw>, Stop>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut record: Vec<Raw> = Vec::new();
        let mut cell = self.cell();
        let mut quote: Option<(usize, usize)> = None;
        while let Some(c) = self.chars.next() {
            let at = (self.line, self.column + 1);
            self.column += 1;
            if c == '\n' {
                (self.line, self.column) = (self.line + 1, 0);
            }
            match (quote, c) {
                (Some(_), '"') if self.chars.peek() == Some(&'"') => {
                    self.chars.next();
                    self.column += 1;
                    cell.text.push('"');
                }
                (Some(_), '"') => quote = None,
                (Some(_), c) => cell.text.push(c),
                (None, '"') if cell.text.trim().is_empty() => {
                    cell.text.clear();
                    quote = Some(at);
                }
                (None, ',') => {
                    if record.len() + 1 >= MAX_STATS_CELLS {
                        self.done = true;
                        return Some(Err(Stop::TooManyCells(self.line, self.column + 1)));
                    }
                    let next = self.cell();
                    record.push(std::mem::replace(&mut cell, next));
                }
                (None, '\r') if self.chars.peek() == Some(&'\n') => {}
                (None, '\n') => {
                    if record.is_empty() && cell.text.trim().is_empty() {
                        cell = self.cell(); // a blank line
                        continue;
                    }
                    record.push(cell);
                    return Some(Ok(record));
                }
                (None, c) => cell.text.push(c),
            }
        }
        self.done = true;
        if let Some((line, column)) = quote {
            return Some(Err(Stop::UnclosedQuote(line, column)));
        }
        if record.is_empty() && cell.text.trim().is_empty() {
            return None;
        }
        record.push(cell);
        Some(Ok(record))
    }
}

impl Reader<'_> {
    fn whole(&mut self, file: usize, bad: Bad) {
        self.at(At { file, line: 0, column: 0 }, bad);
    }

    fn at(&mut self, at: At, bad: Bad) {
        if self.problems.len() < MAX_STATS_PROBLEMS {
            self.problems.push(Problem { file: self.names[at.file].clone(), line: at.line, column: at.column, bad });
        } else {
            self.more += 1;
        }
    }

    fn file(&mut self, file: usize, bytes: &[u8]) -> Option<FileRead> {
        if bytes.len() > MAX_STATS_FILE_BYTES {
            self.whole(file, Bad::TooLarge);
            return None;
        }
        let Some((text, encoding)) = decode(bytes) else {
            self.whole(file, Bad::NotText);
            return None;
        };
        let place = |raw: &Raw| At { file, line: raw.line, column: raw.column };
        let stop = |stop: Stop| match stop {
            Stop::UnclosedQuote(line, column) => (At { file, line, column }, Bad::UnclosedQuote),
            Stop::TooManyCells(line, column) => (At { file, line, column }, Bad::TooManyCells),
        };
        let mut records = Records::new(&text);
        let header = match records.next() {
            None => {
                self.whole(file, Bad::NoHeader);
                return None;
            }
            Some(Err(s)) => {
                let (at, bad) = stop(s);
                self.at(at, bad);
                return None;
            }
            Some(Ok(header)) => header,
        };
        let columns = self.header(&header, &place)?;
        let mut rows = 0;
        for record in records {
            match record {
                Ok(row) => {
                    rows += 1;
                    self.row(&row, &columns, header.len(), &place);
                }
                Err(s) => {
                    let (at, bad) = stop(s);
                    self.at(at, bad);
                }
            }
        }
        Some(FileRead { file: self.names[file].clone(), encoding, rows })
    }

    /// What each header cell names; `None` (after reporting) when the header cannot be used.
    fn header(&mut self, header: &[Raw], place: &dyn Fn(&Raw) -> At) -> Option<Columns> {
        let mut named: Vec<Option<Header>> = Vec::new();
        let mut ok = true;
        for raw in header {
            let text = raw.text.trim();
            let found = columns::header(text);
            match found.and_then(|h| named.iter().position(|n| *n == Some(h))) {
                Some(first) => {
                    ok = false;
                    let bad = Bad::DuplicateColumn { header: text.to_string(), first: first + 1 };
                    self.at(place(raw), bad);
                }
                None if found.is_none() => {
                    ok = false;
                    let like = did_you_mean(text, columns::headers());
                    self.at(place(raw), Bad::UnknownColumn { header: text.to_string(), like });
                }
                None => {}
            }
            named.push(found);
        }
        let position = |key| named.iter().position(|h| *h == Some(Header::Key(key)));
        for key in [Key::Date, Key::Group] {
            if position(key).is_none() {
                ok = false;
                self.at(place(&header[0]), Bad::MissingKey { key });
            }
        }
        let (Some(date), Some(group)) = (position(Key::Date), position(Key::Group)) else { return None };
        let figures = named
            .iter()
            .enumerate()
            .filter_map(|(i, h)| match h {
                Some(Header::Figure(f)) => Some((i, *f)),
                _ => None,
            })
            .collect();
        ok.then_some(Columns { date, group, figures })
    }

    fn row(&mut self, row: &[Raw], columns: &Columns, width: usize, place: &dyn Fn(&Raw) -> At) {
        if row.len() != width {
            let at = row.get(width).or(row.last()).map_or(At { file: 0, line: 0, column: 0 }, place);
            self.at(at, Bad::CellCount { found: row.len(), expected: width });
            return;
        }
        let date_cell = &row[columns.date];
        let date = date_cell.text.trim();
        let date = match Date::from_text(date) {
            Ok(d) => Some(d),
            Err(_) => {
                self.at(place(date_cell), Bad::NotADate { text: date.to_string() });
                None
            }
        };
        let group_cell = &row[columns.group];
        let group = match self.groups.find(group_cell.text.trim()) {
            Ok(g) => Some(g),
            Err(Bad::UnknownGroup { text, .. }) if self.problems.len() < MAX_STATS_PROBLEMS => {
                let names = self.groups.all.iter().flat_map(|g| [g.name.as_str(), g.key.as_str()]);
                let like = did_you_mean(&text, names).map(str::to_string);
                self.at(place(group_cell), Bad::UnknownGroup { text, like });
                None
            }
            Err(bad) => {
                self.at(place(group_cell), bad);
                None
            }
        };
        let mut figures: Vec<(Figure, Cell)> = Vec::new();
        for &(i, figure) in &columns.figures {
            let at = place(&row[i]);
            match number(row[i].text.trim(), figure) {
                Ok(value) => figures.push((figure, Cell { value, at })),
                Err(bad) => self.at(at, bad),
            }
        }
        let (Some(date), Some(g)) = (date, group) else { return };
        let group = &self.groups.all[g];
        let Some(day) = group.day(date) else {
            let (first, last) = group.dates();
            let bad = Bad::OutsideTerm { date, group: group.name.clone(), first, last };
            self.at(place(date_cell), bad);
            return;
        };
        let slot = match self.stats.days.entry((g, day)) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert([None; COLUMNS.len()]),
        };
        let mut duplicates = Vec::new();
        for (figure, cell) in figures {
            match &slot[figure as usize] {
                Some(first) => duplicates.push((figure, cell.at, first.at)),
                None => slot[figure as usize] = Some(cell),
            }
        }
        for (figure, at, first) in duplicates {
            let first = format!("{}:{}:{}", self.names[first.file], first.line, first.column);
            let bad = Bad::Duplicate { group: group.name.clone(), date, column: figure.column().name, first };
            self.at(at, bad);
        }
    }
}

/// Where a file's keys are, and which figure each other column holds.
struct Columns {
    date: usize,
    group: usize,
    figures: Vec<(usize, Figure)>,
}

/// A figure's cell as a number: plain digits with at most one point, 0 or more, whole for
/// counts.
fn number(text: &str, figure: Figure) -> Result<f64, Bad> {
    let column = figure.column();
    let name = column.name;
    if text.is_empty() {
        return Err(Bad::EmptyCell { column: name });
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let plain = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let (whole, valid) = match digits.split_once('.') {
        Some((i, f)) => (f.bytes().all(|b| b == b'0'), plain(i) && plain(f)),
        None => (true, plain(digits)),
    };
    let value = digits.parse::<f64>().ok().filter(|v| valid && v.is_finite());
    let Some(value) = value else { return Err(Bad::NotANumber { text: text.to_string(), column: name }) };
    if negative && value != 0.0 {
        return Err(Bad::Negative { text: text.to_string(), column: name });
    }
    if !whole && !column.money {
        return Err(Bad::NotWhole { text: text.to_string(), column: name });
    }
    Ok(value)
}

impl Groups {
    /// The group a cell names, by key first, then by name.
    fn find(&self, text: &str) -> Result<usize, Bad> {
        if let Some(&g) = self.by_key.get(text) {
            return Ok(g);
        }
        match self.by_name.get(text).map(Vec::as_slice) {
            Some([g]) => Ok(*g),
            Some(several) => {
                let keys = several.iter().map(|g| self.all[*g].key.clone()).collect();
                Err(Bad::AmbiguousGroup { text: text.to_string(), keys })
            }
            // The nearest name is looked for only for a problem that is kept (see `row`): each
            // look compares every group.
            None => Err(Bad::UnknownGroup { text: text.to_string(), like: None }),
        }
    }
}

impl Group {
    /// The day number of `date` in the group's term, if it falls in it.
    pub(crate) fn day(&self, date: Date) -> Option<i64> {
        let day = date.to_days() - self.start.to_days() + 1;
        (day >= 1 && self.last_day.is_none_or(|last| day <= last)).then_some(day)
    }

    /// Its first day and, for a finite term, its last.
    fn dates(&self) -> (Date, Option<Date>) {
        (self.start, self.last_day.and_then(|l| self.start.add_days(l - 1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_their_line_and_column_through_quotes_and_line_ends() {
        let cells = |text: &str| -> Vec<Vec<(String, usize, usize)>> {
            Records::new(text)
                .map(|r| r.ok().unwrap().into_iter().map(|c| (c.text, c.line, c.column)).collect())
                .collect()
        };
        let cell = |t: &str, l, c| (t.to_string(), l, c);
        assert_eq!(
            cells("\u{feff}a,\"b,\"\"c\"\"\"\r\n\n x ,\"1\n2\",\n"),
            [vec![cell("a", 1, 1), cell("b,\"c\"", 1, 3)], vec![cell(" x ", 3, 1), cell("1\n2", 3, 5), cell("", 4, 4)]]
        );
        assert!(matches!(Records::new("a,\"b\nc").next(), Some(Err(Stop::UnclosedQuote(1, 3)))));
        let commas = ",".repeat(MAX_STATS_CELLS * 2);
        assert!(matches!(Records::new(&commas).next(), Some(Err(Stop::TooManyCells(1, 257)))));
        assert_eq!(Records::new(&commas).count(), 1, "nothing after too many cells");
    }

    #[test]
    fn numbers_are_plain_and_counts_whole() {
        assert_eq!(number("12", Figure::Orders), Ok(12.0));
        assert_eq!(number("12.00", Figure::Orders), Ok(12.0));
        assert_eq!(number("99.5", Figure::OrderAmount), Ok(99.5));
        assert!(matches!(number("1.5", Figure::Orders), Err(Bad::NotWhole { .. })));
        assert!(matches!(number("-3", Figure::Orders), Err(Bad::Negative { .. })));
        for bad in ["1,234", "1e3", "NaN", "inf", "+5", "¥5", "."] {
            assert!(matches!(number(bad, Figure::Cost), Err(Bad::NotANumber { .. })), "{bad}");
        }
        assert!(matches!(number("", Figure::Cost), Err(Bad::EmptyCell { .. })));
    }

    #[test]
    fn text_is_utf8_else_gbk() {
        assert_eq!(decode("日期".as_bytes()).map(|d| d.1), Some(Encoding::Utf8));
        assert_eq!(decode("\u{feff}日期".as_bytes()).map(|d| d.1), Some(Encoding::Utf8Bom));
        assert_eq!(decode(&[0xc8, 0xd5, 0xc6, 0xda]), Some(("日期".to_string(), Encoding::Gbk)));
        assert_eq!(decode(&[0xff, 0xff, 0x00]), None);
    }
}
