//! `sop.xlsx`: the community's SOP rows for an SCRM import. The CSVs guard texts that start
//! like a formula with a `'` (for people opening them in Excel or WPS), which an import would
//! send as written; here every cell is a text cell holding the exact text, which no
//! spreadsheet runs as a formula.
//!
//! The package is the smallest SpreadsheetML that Excel, WPS and LibreOffice open: worksheets
//! of inline-string cells, a bold font for the header, and the parts that list them. Rows are
//! deflated into a zip in memory as the groups stream, so a build holds the compressed file,
//! never a sheet's XML, and writes no temporary file. Entries have fixed times, permissions
//! and compression level, so two builds are byte-identical.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::i18n::{Text, tr};

/// Its file name, at the community's root beside the merged `sop.csv`.
pub(crate) const FILE_NAME: &str = "sop.xlsx";

/// Rows of one worksheet (Excel's limit); the rows past it go on in another sheet, under the
/// header again.
const SHEET_ROWS_MAX: u32 = 1_048_576;

/// Columns of one worksheet (Excel's limit, A to XFD).
const SHEET_COLUMNS_MAX: usize = 16_384;

/// Text of one cell, in UTF-16 units (Excel's limit); a longer text is cut there (README says
/// so). Messages are far shorter (`message-too-long` stops one past 4,000 bytes): only that
/// lint turned off, a list of thousands of tags or a `--templates` override can reach it.
pub(crate) const CELL_TEXT_MAX: usize = 32_767;

/// Why `sop.xlsx` could not be made.
#[derive(Debug)]
pub enum WorkbookFailure {
    /// The zip refused an entry or a write (a sheet's XML past 4 GiB, which would need ZIP64).
    Zip(ZipError),
    /// A row of more columns than a worksheet has (only a `--templates` `sop.csv.j2` can write one).
    Columns(usize),
}

impl WorkbookFailure {
    /// What failed, in both languages; the zip's message is its own.
    pub(crate) fn text(&self) -> Text {
        match self {
            WorkbookFailure::Zip(error) => {
                tr!("`{FILE_NAME}` could not be written: {error}", "无法生成 `{FILE_NAME}`：{error}")
            }
            WorkbookFailure::Columns(columns) => tr!(
                "`{FILE_NAME}` could not be written: a row of `sop.csv.j2` has {columns} columns, more than a \
                 worksheet's {SHEET_COLUMNS_MAX}; write fewer columns",
                "无法生成 `{FILE_NAME}`：`sop.csv.j2` 有一行 {columns} 列，超过工作表的 {SHEET_COLUMNS_MAX} 列；请减少列数"
            ),
        }
    }
}

impl From<ZipError> for WorkbookFailure {
    fn from(e: ZipError) -> Self {
        WorkbookFailure::Zip(e)
    }
}

impl From<std::io::Error> for WorkbookFailure {
    fn from(e: std::io::Error) -> Self {
        WorkbookFailure::Zip(ZipError::Io(e))
    }
}

/// The workbook being written: one header, then every group's rows.
pub(crate) struct Sheets {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    header: Option<Vec<String>>,
    /// Rows of the open sheet, its header included; 0 before the first sheet.
    row: u32,
    sheets: usize,
    rows_max: u32,
    /// One row's XML, the buffer reused.
    xml: String,
}

/// How a row's cells look: the header's bold (style 1 of `styles.xml`) or plain.
#[derive(Clone, Copy)]
enum Style {
    Header,
    Plain,
}

impl Sheets {
    pub(crate) fn new() -> Sheets {
        Sheets::with_rows_max(SHEET_ROWS_MAX)
    }

    fn with_rows_max(rows_max: u32) -> Sheets {
        let zip = ZipWriter::new(Cursor::new(Vec::new()));
        Sheets { zip, header: None, row: 0, sheets: 0, rows_max, xml: String::new() }
    }

    /// Adds one group's CSV, rendered without the formula guard: its first record is the
    /// header, written once (and again atop each further sheet).
    pub(crate) fn add_csv(&mut self, csv: &str) -> Result<(), WorkbookFailure> {
        let mut records = records(csv).into_iter();
        let header = records.next();
        if self.header.is_none() {
            self.header = header;
        }
        for record in records {
            if self.row == 0 || self.row == self.rows_max {
                self.new_sheet()?;
            }
            self.write(&record, Style::Plain)?;
        }
        Ok(())
    }

    /// Ends the open sheet, if any, and starts the next under the header.
    fn new_sheet(&mut self) -> Result<(), WorkbookFailure> {
        if self.sheets > 0 {
            self.zip.write_all(SHEET_END.as_bytes())?;
        }
        self.sheets += 1;
        self.zip.start_file(format!("xl/worksheets/sheet{}.xml", self.sheets), entry())?;
        // The first sheet is the one shown; row 1 stays in view as the rows scroll.
        let selected = if self.sheets == 1 { r#" tabSelected="1""# } else { "" };
        write!(
            self.zip,
            "{XML_DECLARATION}<worksheet xmlns=\"{MAIN}\"><sheetViews><sheetView{selected} workbookViewId=\"0\">\
             <pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
             <selection pane=\"bottomLeft\"/></sheetView></sheetViews><sheetData>"
        )?;
        self.row = 0;
        let header = self.header.take().unwrap_or_default();
        let written = self.write(&header, Style::Header);
        self.header = Some(header);
        written
    }

    fn write(&mut self, cells: &[String], style: Style) -> Result<(), WorkbookFailure> {
        self.row += 1;
        row_xml(&mut self.xml, self.row, cells, style)?;
        Ok(self.zip.write_all(self.xml.as_bytes())?)
    }

    /// The finished file; a sheet with the header alone when there were no rows.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, WorkbookFailure> {
        if self.sheets == 0 {
            self.new_sheet()?;
        }
        self.zip.write_all(SHEET_END.as_bytes())?;
        // Written last: these list the sheets, and an entry is finished before the next starts.
        for (name, xml) in package(self.sheets) {
            self.zip.start_file(name, entry())?;
            self.zip.write_all(xml.as_bytes())?;
        }
        Ok(self.zip.finish()?.into_inner())
    }
}

/// How every entry is stored: deflated at a fixed level, with a fixed time (1980-01-01, the
/// zip's earliest) and permissions, so the bytes depend on the rows alone.
fn entry() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const SHEET_END: &str = "</sheetData></worksheet>";

/// The package's other parts, each a name and its XML: what the sheets are called, where they
/// are, and their content types.
fn package(sheets: usize) -> [(&'static str, String); 5] {
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const DOC_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    let numbers = 1..=sheets;
    let name = |n: usize| if n == 1 { "sop".to_string() } else { format!("sop {n}") };
    let content_types: String = numbers
        .clone()
        .map(|n| format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{TYPE}.worksheet+xml"/>"#))
        .collect();
    let listed: String =
        numbers.clone().map(|n| format!(r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#, name(n))).collect();
    let targets: String = numbers
        .map(|n| format!(r#"<Relationship Id="rId{n}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>"#))
        .collect();
    let styles = sheets + 1;
    [
        (
            "[Content_Types].xml",
            format!(
                r#"{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="{TYPE}.styles+xml"/>{content_types}</Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"{XML_DECLARATION}<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"{XML_DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><bookViews><workbookView/></bookViews><sheets>{listed}</sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"{XML_DECLARATION}<Relationships xmlns="{RELS}">{targets}<Relationship Id="rId{styles}" Type="{DOC_RELS}/styles" Target="styles.xml"/></Relationships>"#
            ),
        ),
        // Excel wants the two built-in fills and one border even when no cell uses them.
        (
            "xl/styles.xml",
            format!(
                r#"{XML_DECLARATION}<styleSheet xmlns="{MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
            ),
        ),
    ]
}

/// Row `row` (from 1) of `cells` as worksheet XML, into `xml`: every cell an inline string;
/// an empty text is no cell, as Excel writes it.
fn row_xml(xml: &mut String, row: u32, cells: &[String], style: Style) -> Result<(), WorkbookFailure> {
    if cells.len() > SHEET_COLUMNS_MAX {
        return Err(WorkbookFailure::Columns(cells.len()));
    }
    xml.clear();
    // Writing to a String cannot fail.
    let _ = write!(xml, r#"<row r="{row}">"#);
    let style = match style {
        Style::Header => r#" s="1""#,
        Style::Plain => "",
    };
    for (col, text) in cells.iter().enumerate().filter(|(_, text)| !text.is_empty()) {
        let text = within_cell(text);
        // Excel trims a text's outer whitespace unless told to keep it.
        let whitespace = ['\t', '\n', ' '];
        let keep =
            if text.starts_with(whitespace) || text.ends_with(whitespace) { r#" xml:space="preserve""# } else { "" };
        let _ = write!(xml, r#"<c r="{}{row}"{style} t="inlineStr"><is><t{keep}>"#, Column(col));
        escape(xml, text);
        xml.push_str("</t></is></c>");
    }
    xml.push_str("</row>");
    Ok(())
}

/// A column's letters (0 is `A`, 26 is `AA`).
struct Column(usize);

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 >= 26 {
            write!(f, "{}", Column(self.0 / 26 - 1))?;
        }
        f.write_char(char::from(b'A' + (self.0 % 26) as u8))
    }
}

/// `text` as XML character data that Excel reads back as `text`: XML's special characters as
/// entities; a control character (which XML 1.0 cannot hold) and U+FFFE/U+FFFF as Excel's
/// `_xHHHH_`, and so the `_` of a literal `_xHHHH_` as `_x005F_`. Tab and line feed stay.
fn escape(xml: &mut String, text: &str) {
    for (at, c) in text.char_indices() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            '_' if excel_escape_at(&text[at..]) => xml.push_str("_x005F_"),
            '\t' | '\n' => xml.push(c),
            '\0'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(xml, "_x{:04X}_", u32::from(c));
            }
            _ => xml.push(c),
        }
    }
}

/// Whether `text` starts with something Excel reads as an escape: `_x`, four hex digits, `_`.
fn excel_escape_at(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// `text`, cut to [`CELL_TEXT_MAX`] UTF-16 units (never inside a character).
fn within_cell(text: &str) -> &str {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > CELL_TEXT_MAX {
            return &text[..at];
        }
    }
    text
}

/// The records of a CSV as the `csv` filter writes it (RFC 4180: a field in quotes when it
/// holds a comma, quote or line break, quotes doubled), each record a line; an empty line is
/// no record.
fn records(csv: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => record.push(std::mem::take(&mut field)),
            '\r' if !quoted && chars.peek() == Some(&'\n') => {}
            '\n' if !quoted => {
                record.push(std::mem::take(&mut field));
                if record != [""] {
                    records.push(std::mem::take(&mut record));
                }
                record.clear();
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_undo_the_csv_quoting() {
        let csv = "a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\r\"\n\n=1,,\t@\n";
        assert_eq!(
            records(csv),
            vec![vec!["a", "b", "c"], vec!["x,1", "say \"hi\"", "two\nlines\r"], vec!["=1", "", "\t@"]]
        );
        assert_eq!(records("last,row"), vec![vec!["last", "row"]]);
        assert!(records("").is_empty());
    }

    /// The raw XML of each worksheet of a finished workbook.
    fn sheet_xml(bytes: &[u8]) -> Vec<String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut sheets = Vec::new();
        for n in 1.. {
            let Ok(mut entry) = zip.by_name(&format!("xl/worksheets/sheet{n}.xml")) else { break };
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
            sheets.push(xml);
        }
        sheets
    }

    /// Rows past a sheet's limit go on in the next sheet, under the header again.
    #[test]
    fn rows_past_a_sheets_limit_go_on_in_another_sheet() {
        let mut sheets = Sheets::with_rows_max(3);
        sheets.add_csv("h1,h2\nr1,a\nr2,b\n").unwrap();
        sheets.add_csv("h1,h2\nr3,c\nr4,d\nr5,e\n").unwrap();
        let xml = sheet_xml(&sheets.finish().unwrap());
        assert_eq!(xml.len(), 3, "2 rows under the header in each sheet: {xml:?}");
        for (sheet, rows) in xml.iter().zip([["r1", "r2"].as_slice(), &["r3", "r4"], &["r5"]]) {
            assert!(sheet.contains(r#"<c r="A1" s="1" t="inlineStr"><is><t>h1</t>"#), "{sheet}");
            for row in rows {
                assert!(sheet.contains(&format!("<t>{row}</t>")), "{row} in {sheet}");
            }
            assert_eq!(sheet.matches("<row ").count(), rows.len() + 1, "{sheet}");
        }
    }

    /// No spec text holds a control character but tab and line feed (`check` refuses them),
    /// but the writer escapes any it gets as Excel does (`_xHHHH_`, and the `_` of a literal
    /// one as `_x005F_`), so a cell can hold nothing XML 1.0 forbids.
    #[test]
    fn control_characters_are_escaped_as_excel_reads_them() {
        let mut sheets = Sheets::new();
        sheets.add_csv("h\n\"a\u{1}\u{1b}\r_x0041_\tb\n\"\n").unwrap();
        let xml = sheet_xml(&sheets.finish().unwrap());
        let escaped = r#"<t xml:space="preserve">a_x0001__x001B__x000D__x005F_x0041_"#;
        assert!(xml[0].contains(&format!("{escaped}\tb\n</t>")), "{}", xml[0]);
        assert_eq!(xml[0].matches("inlineStr").count(), 2);
    }

    #[test]
    fn an_empty_community_is_a_sheet_with_its_header() {
        let mut sheets = Sheets::new();
        sheets.add_csv("h1,h2\n").unwrap();
        let xml = sheet_xml(&sheets.finish().unwrap());
        assert_eq!(xml.len(), 1);
        assert!(xml[0].contains("<t>h2</t>") && xml[0].matches("<row ").count() == 1, "{}", xml[0]);
    }

    #[test]
    fn a_cell_is_cut_at_excels_limit_in_utf16_units() {
        let plain = "字".repeat(CELL_TEXT_MAX + 5);
        assert_eq!(within_cell(&plain).chars().count(), CELL_TEXT_MAX);
        // An emoji is two UTF-16 units: it is not split, and not let past the limit.
        let astral = format!("{}😀", "a".repeat(CELL_TEXT_MAX - 1));
        assert_eq!(within_cell(&astral), "a".repeat(CELL_TEXT_MAX - 1));
        assert_eq!(within_cell("short"), "short");
    }

    /// Rows with every kind of text the writer escapes, over two sheets.
    fn awkward_workbook() -> Vec<u8> {
        let mut sheets = Sheets::with_rows_max(2);
        sheets.add_csv("群标识,消息\n1,\"<b>&\"\"</b> _x0041_\u{1}\"\n2, 前后有空格 \n").unwrap();
        sheets.finish().unwrap()
    }

    /// Whether `xml` is the declaration, then tags that close in order around text with no raw
    /// `<` and no `&` but an entity.
    fn well_formed(xml: &str) -> Result<(), String> {
        let mut rest = xml.strip_prefix(XML_DECLARATION).ok_or("no XML declaration")?;
        let mut open = Vec::new();
        loop {
            let (text, after) = rest.split_once('<').unwrap_or((rest, ""));
            for (at, _) in text.match_indices('&') {
                if !["&amp;", "&lt;", "&gt;", "&quot;"].iter().any(|e| text[at..].starts_with(e)) {
                    return Err(format!("a bare & in {text:?}"));
                }
            }
            if after.is_empty() {
                break;
            }
            let (tag, after) = after.split_once('>').ok_or("a tag left open")?;
            let name = tag.split(' ').next().unwrap_or_default();
            if let Some(closed) = name.strip_prefix('/') {
                if open.pop() != Some(closed) {
                    return Err(format!("</{closed}> closes nothing open"));
                }
            } else if !tag.ends_with('/') {
                open.push(name);
            }
            rest = after;
        }
        if open.is_empty() { Ok(()) } else { Err(format!("left open: {open:?}")) }
    }

    #[test]
    fn the_package_has_every_part_well_formed() {
        for broken in ["<a>", "no declaration", "<a><b></a></b>", "<a>&nbsp;</a>", "<a><b/>"] {
            let xml = if broken.starts_with('<') { format!("{XML_DECLARATION}{broken}") } else { broken.to_string() };
            assert!(well_formed(&xml).is_err(), "{broken}");
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(awkward_workbook())).unwrap();
        let mut names: Vec<String> = zip.file_names().map(str::to_string).collect();
        names.sort();
        let want = [
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/workbook.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
        ];
        assert_eq!(names, want);
        let mut parts = std::collections::BTreeMap::new();
        for name in names {
            let mut entry = zip.by_name(&name).unwrap();
            // What makes the bytes the same on every machine and day.
            assert_eq!(entry.compression(), CompressionMethod::Deflated, "{name}");
            assert_eq!(entry.last_modified(), Some(DateTime::default()), "{name}");
            assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o644), "{name}");
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
            if let Err(why) = well_formed(&xml) {
                panic!("{name}: {why}\n{xml}");
            }
            parts.insert(name, xml);
        }
        // Each sheet is named, typed and found from the workbook; the header is bold and frozen.
        let book = &parts["xl/workbook.xml"];
        assert!(
            book.contains(
                r#"<sheet name="sop" sheetId="1" r:id="rId1"/><sheet name="sop 2" sheetId="2" r:id="rId2"/>"#
            )
        );
        let rels = &parts["xl/_rels/workbook.xml.rels"];
        assert!(rels.contains(r#"Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml""#));
        assert!(rels.contains(
            r#"Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles""#
        ));
        assert_eq!(parts["[Content_Types].xml"].matches("worksheet+xml").count(), 2);
        assert!(parts["xl/styles.xml"].contains(r#"<font><b/>"#));
        for sheet in [&parts["xl/worksheets/sheet1.xml"], &parts["xl/worksheets/sheet2.xml"]] {
            assert!(sheet.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#));
            assert!(sheet.contains(r#"<c r="B1" s="1" t="inlineStr"><is><t>消息</t></is></c>"#), "{sheet}");
        }
        let first = &parts["xl/worksheets/sheet1.xml"];
        assert!(first.contains(r#"<t>&lt;b&gt;&amp;&quot;&lt;/b&gt; _x005F_x0041__x0001_</t>"#), "{first}");
        let second = &parts["xl/worksheets/sheet2.xml"];
        assert!(second.contains(r#"<c r="B2" t="inlineStr"><is><t xml:space="preserve"> 前后有空格 </t>"#), "{second}");
    }

    #[test]
    fn the_same_rows_make_the_same_bytes() {
        assert_eq!(awkward_workbook(), awkward_workbook());
        let mut other = Sheets::with_rows_max(2);
        other.add_csv("群标识,消息\n1,别的\n").unwrap();
        assert_ne!(other.finish().unwrap(), awkward_workbook(), "the bytes follow the rows");
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        let names: Vec<String> = [0, 25, 26, 51, 701, 702, SHEET_COLUMNS_MAX - 1].map(|c| Column(c).to_string()).into();
        assert_eq!(names, ["A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"]);
    }

    /// A row wider than a worksheet is a failure said in both languages, not a cell Excel
    /// cannot address.
    #[test]
    fn a_row_past_the_last_column_is_refused() {
        let mut sheets = Sheets::new();
        let wide = ",".repeat(SHEET_COLUMNS_MAX);
        let failure = sheets.add_csv(&format!("h\n{wide}\n")).unwrap_err();
        assert!(matches!(failure, WorkbookFailure::Columns(n) if n == SHEET_COLUMNS_MAX + 1), "{failure:?}");
        let text = failure.text();
        assert!(
            text.en().contains("16385 columns") && text.get(crate::i18n::Lang::Zh).contains("16385 列"),
            "{text:?}"
        );
        let mut fits = Sheets::new();
        fits.add_csv(&format!("h\n{}\n", ",".repeat(SHEET_COLUMNS_MAX - 1))).unwrap();
        assert!(fits.finish().is_ok());
    }
}
