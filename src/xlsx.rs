//! `sop.xlsx`: the community's SOP rows for an SCRM import. The CSVs guard texts that start
//! like a formula with a `'` (for people opening them in Excel or WPS), which an import would
//! send as written; here every cell is a text cell holding the exact text, which no
//! spreadsheet runs as a formula. Rows go to the writer as the groups stream and on to a
//! temporary file (its constant-memory mode), so a build holds one row, not the sheet.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::i18n::{Text, tr};

/// Its file name, at the community's root beside the merged `sop.csv`.
pub(crate) const FILE_NAME: &str = "sop.xlsx";

/// Rows of one worksheet (Excel's limit); the rows past it go on in another sheet, under the
/// header again.
const SHEET_ROWS_MAX: u32 = 1_048_576;

/// Text of one cell, in UTF-16 units (Excel's limit); a longer text is cut there (README says
/// so). Messages are far shorter (`message-too-long` stops one past 4,000 bytes): only that
/// lint turned off, a list of thousands of tags or a `--templates` override can reach it.
pub(crate) const CELL_TEXT_MAX: usize = 32_767;

/// Why `sop.xlsx` could not be made: the writer's own error (its temporary file, its zip).
#[derive(Debug)]
pub struct WorkbookFailure(XlsxError);

impl WorkbookFailure {
    /// What failed, in both languages; the writer's message is its own.
    pub(crate) fn text(&self) -> Text {
        let error = &self.0;
        tr!("`{FILE_NAME}` could not be written: {error}", "无法生成 `{FILE_NAME}`：{error}")
    }
}

impl From<XlsxError> for WorkbookFailure {
    fn from(e: XlsxError) -> Self {
        WorkbookFailure(e)
    }
}

/// The workbook being written: one header, then every group's rows.
pub(crate) struct Sheets {
    book: Workbook,
    header: Option<Vec<String>>,
    bold: Format,
    /// The next row of the current sheet; 0 before the first sheet.
    row: u32,
    sheets: usize,
    rows_max: u32,
}

impl Sheets {
    pub(crate) fn new() -> Result<Sheets, WorkbookFailure> {
        Sheets::with_rows_max(SHEET_ROWS_MAX)
    }

    fn with_rows_max(rows_max: u32) -> Result<Sheets, WorkbookFailure> {
        let mut book = Workbook::new();
        // Checked here: the writer unwraps creating its temporary file when a sheet is added.
        book.set_tempdir(std::env::temp_dir())?;
        // A fixed creation time, so two builds are byte-identical (the zip's times are fixed).
        let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
        book.set_properties(&DocProperties::new().set_creation_datetime(&created));
        Ok(Sheets { book, header: None, bold: Format::new().set_bold(), row: 0, sheets: 0, rows_max })
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
            self.write(&record, None)?;
        }
        Ok(())
    }

    fn new_sheet(&mut self) -> Result<(), WorkbookFailure> {
        self.sheets += 1;
        let name = if self.sheets == 1 { "sop".to_string() } else { format!("sop {}", self.sheets) };
        self.book.add_worksheet_with_constant_memory().set_name(name)?.set_freeze_panes(1, 0)?;
        self.row = 0;
        let (header, bold) = (self.header.clone().unwrap_or_default(), self.bold.clone());
        self.write(&header, Some(&bold))
    }

    fn write(&mut self, cells: &[String], format: Option<&Format>) -> Result<(), WorkbookFailure> {
        let sheet = self.book.worksheet_from_index(self.sheets - 1)?;
        for (col, text) in cells.iter().enumerate() {
            // Columns past Excel's 16,384 are refused by the writer, as an error.
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            let text = within_cell(text);
            match format {
                Some(f) => sheet.write_string_with_format(self.row, col, text, f)?,
                None => sheet.write_string(self.row, col, text)?,
            };
        }
        self.row += 1;
        Ok(())
    }

    /// The finished file; a sheet with the header alone when there were no rows.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, WorkbookFailure> {
        if self.sheets == 0 {
            self.new_sheet()?;
        }
        Ok(self.book.save_to_buffer()?)
    }
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
        let mut sheets = Sheets::with_rows_max(3).unwrap();
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
        let mut sheets = Sheets::new().unwrap();
        sheets.add_csv("h\n\"a\u{1}\u{1b}\r_x0041_\tb\n\"\n").unwrap();
        let xml = sheet_xml(&sheets.finish().unwrap());
        let escaped = r#"<t xml:space="preserve">a_x0001__x001B__x000D__x005F_x0041_"#;
        assert!(xml[0].contains(&format!("{escaped}\tb\n</t>")), "{}", xml[0]);
        assert_eq!(xml[0].matches("inlineStr").count(), 2);
    }

    #[test]
    fn an_empty_community_is_a_sheet_with_its_header() {
        let mut sheets = Sheets::new().unwrap();
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
}
