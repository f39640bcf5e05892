//! Security Hub's `StartExportJobV2` CSV output, recognised by its header line and read row by
//! row as it streams in.
//!
//! The layout, from the API reference (`FindingsOutput.SelectedFields`): the CSV columns are
//! the OCSF field paths the exporter chose (1–50 of them, e.g. `finding_info.title` or
//! `severity`), in the order given; the header names them. The documentation shows no sample
//! file and does not say how a list or object value is written into one cell, so the paths
//! are read as the flattened field names of the `OCSF_JSON` export of the same finding
//! (`finding_info.uid`, `cloud.account.uid`, `resources[0].uid`, `unmapped.<key>` …), and a
//! cell holding a list or an object is taken as JSON text (`["Threats","Recon:EC2/Portscan"]`)
//! or, for the list paths, as values separated by `;`, `|` or line breaks. Each GuardDuty row
//! is rebuilt into the OCSF record it was flattened from and mapped by [`super::ocsf`], so the
//! same finding read from the CSV, the OCSF_JSON export, Security Lake or GuardDuty itself is
//! one finding.
//!
//! Record boundaries are cut here (RFC 4180 quoting, the states csv-core uses) so that only
//! the unfinished row is held between chunks; the `csv` crate reads the fields of each row.

use serde_json::{Map, Value};

use crate::model::{FileError, TextPosition};

/// Bytes of decoded text looked at for the header line before deciding the file is not CSV.
pub const HEADER_PROBE_BYTES: usize = 64 * 1024;

/// One row longer than this stops the file (a quoted field that never closes).
const MAX_ROW_BYTES: usize = 16 * 1024 * 1024;

/// Indices above this in a column path (`resources[7].uid`) are not read.
const MAX_LIST_INDEX: usize = 100;

/// Path segments above this in one column name are not read.
const MAX_PATH_SEGMENTS: usize = 12;

/// Column paths whose value is a list of objects: `resources.uid` spreads a list of values
/// over `resources[0].uid`, `resources[1].uid`, ….
const OBJECT_LIST_PATHS: [&str; 2] = ["resources", "evidences"];

/// Column paths whose value is a list of strings.
const TEXT_LIST_PATHS: [&str; 1] = ["finding_info.types"];

/// Columns that make a header an OCSF findings export (at least one must be present).
const OCSF_FINDING_COLUMNS: [&str; 8] = [
    "finding_info.uid",
    "finding_info.uid_alt",
    "finding_info.types",
    "finding_info.title",
    "metadata.product.name",
    "metadata.product.uid",
    "class_uid",
    "severity_id",
];

/// The columns of a recognised export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub columns: Vec<String>,
}

impl Header {
    /// Whether the export can name each finding (`finding_info.uid` or its alternative).
    pub fn has_finding_id(&self) -> bool {
        self.columns
            .iter()
            .any(|c| c == "finding_info.uid" || c == "finding_info.uid_alt")
    }
}

/// The first line of decoded text, without a byte-order mark, leading whitespace or a
/// carriage return; `None` while no line break has arrived and `at_end` is false.
fn first_line(text: &[u8], at_end: bool) -> Option<&[u8]> {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = text.get(start..)?;
    let line = match rest.iter().position(|&b| b == b'\n') {
        Some(end) => rest.get(..end)?,
        None if at_end || rest.len() >= HEADER_PROBE_BYTES => rest,
        None => return None,
    };
    Some(line.strip_suffix(b"\r").unwrap_or(line))
}

/// Whether a column name is an OCSF field path: lower-case words joined by dots, each word
/// optionally indexed (`resources[0]`); `unmapped.` keys may hold `/` and `-` too.
fn is_field_path(name: &str) -> bool {
    let (head, unmapped_key) = match name.strip_prefix("unmapped.") {
        Some(key) => ("unmapped", Some(key)),
        None => (name, None),
    };
    let word_ok = |word: &str| {
        let base = word.split_once('[').map_or(word, |(base, index)| {
            if index
                .strip_suffix(']')
                .is_some_and(|n| n.parse::<usize>().is_ok())
            {
                base
            } else {
                ""
            }
        });
        base.starts_with(|c: char| c.is_ascii_lowercase())
            && base
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    !head.is_empty()
        && head.split('.').all(word_ok)
        && unmapped_key.is_none_or(|key| !key.is_empty() && !key.contains(char::is_whitespace))
}

/// Whether the first decoded bytes are a Security Hub CSV export: the first line parses as CSV
/// whose every column is an OCSF field path, at least one of them a finding field. Returns
/// `None` while the answer needs more bytes (no line break yet).
pub fn recognise(first_bytes: &[u8], at_end: bool) -> Option<Option<Header>> {
    let Some(line) = first_line(first_bytes, at_end) else {
        return if at_end { Some(None) } else { None };
    };
    if line.first().is_some_and(|b| matches!(b, b'{' | b'[')) {
        return Some(None);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line);
    let Some(Ok(record)) = reader.records().next() else {
        return Some(None);
    };
    let columns: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
    let recognised = !columns.is_empty()
        && columns.iter().all(|c| is_field_path(c))
        && columns
            .iter()
            .any(|c| OCSF_FINDING_COLUMNS.contains(&c.as_str()));
    Some(recognised.then_some(Header { columns }))
}

/// Where a CSV row sits in the decoded text.
pub struct RowSpan {
    pub start: TextPosition,
    pub byte_length: u64,
}

/// The quoting state of the row being cut (RFC 4180, as csv-core reads it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quoting {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first of a doubled quote.
    QuoteInQuoted,
}

/// The streaming row cutter for one file, after its header was recognised. Rows start
/// after a line break, so a row's position is its byte offset and line (column 1).
pub struct CsvRows {
    pub header: Header,
    /// The unfinished row (and, within one `feed`, the rows not yet cut).
    buffer: Vec<u8>,
    scan_index: usize,
    quoting: Quoting,
    /// Absolute offset of `buffer[0]` in the decoded text, and its line.
    buffer_offset: u64,
    buffer_line: u64,
    /// The line of the byte at `scan_index`.
    scan_line: u64,
    /// The header row has been passed.
    past_header: bool,
    /// Data rows read (blank lines not counted).
    pub rows: u64,
}

impl CsvRows {
    pub fn new(header: Header) -> Self {
        Self {
            header,
            buffer: Vec::new(),
            scan_index: 0,
            quoting: Quoting::FieldStart,
            buffer_offset: 0,
            buffer_line: 1,
            scan_line: 1,
            past_header: false,
            rows: 0,
        }
    }

    fn position(&self, index: usize, line: u64) -> TextPosition {
        TextPosition {
            byte_offset: self.buffer_offset + index as u64,
            line,
            column: 1,
        }
    }

    /// Feeds decoded text; `row` is called for every complete data row (its fields and where
    /// it is). An error stops the file.
    pub fn feed(
        &mut self,
        chunk: &[u8],
        row: &mut dyn FnMut(Vec<String>, RowSpan),
    ) -> Result<(), FileError> {
        self.buffer.extend_from_slice(chunk);
        let mut row_start = 0usize;
        let mut row_line = self.buffer_line;
        let mut index = self.scan_index;
        while let Some(&byte) = self.buffer.get(index) {
            index += 1;
            if byte == b'\n' {
                self.scan_line += 1;
            }
            self.quoting = match (self.quoting, byte) {
                (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
                (Quoting::Quoted, _) => Quoting::Quoted,
                (Quoting::FieldStart, b'"') | (Quoting::QuoteInQuoted, b'"') => Quoting::Quoted,
                (_, b',') => Quoting::FieldStart,
                (_, b'\n') => {
                    let start = self.position(row_start, row_line);
                    self.emit(row_start, index, start, row);
                    row_start = index;
                    row_line = self.scan_line;
                    Quoting::FieldStart
                }
                (Quoting::FieldStart, b'\r') => Quoting::FieldStart,
                _ => Quoting::Unquoted,
            };
        }
        self.buffer.drain(..row_start);
        self.buffer_offset += row_start as u64;
        self.buffer_line = row_line;
        self.scan_index = self.buffer.len();
        if self.buffer.len() > MAX_ROW_BYTES {
            return Err(FileError {
                reason: format!(
                    "A row of the Security Hub CSV export is longer than {} MiB (a quoted field never closes)",
                    MAX_ROW_BYTES / (1024 * 1024)
                ),
                position: Some(self.position(0, self.buffer_line)),
            });
        }
        Ok(())
    }

    /// Ends the file: the last row may lack a line break; a quoted field left open is an error.
    pub fn finish(&mut self, row: &mut dyn FnMut(Vec<String>, RowSpan)) -> Result<(), FileError> {
        let start = self.position(0, self.buffer_line);
        if self.quoting == Quoting::Quoted {
            return Err(FileError {
                reason:
                    "The Security Hub CSV export ends inside a quoted field (it looks truncated)"
                        .into(),
                position: Some(start),
            });
        }
        let end = self.buffer.len();
        self.emit(0, end, start, row);
        self.buffer.clear();
        Ok(())
    }

    /// Reads the row in `buffer[start..end]` and hands a data row on.
    fn emit(
        &mut self,
        start: usize,
        end: usize,
        position: TextPosition,
        row: &mut dyn FnMut(Vec<String>, RowSpan),
    ) {
        let Some(bytes) = self.buffer.get(start..end) else {
            return;
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut record = csv::ByteRecord::new();
        if !matches!(reader.read_byte_record(&mut record), Ok(true)) {
            return;
        }
        if !self.past_header {
            self.past_header = true;
            return;
        }
        self.rows += 1;
        let fields = record
            .iter()
            .map(|field| String::from_utf8_lossy(field).into_owned())
            .collect();
        let span = RowSpan {
            start: position,
            byte_length: bytes.trim_ascii_end().len() as u64,
        };
        row(fields, span);
    }
}

/// What one data row is.
#[derive(Debug, PartialEq)]
pub enum RowKind {
    /// A GuardDuty finding, rebuilt as its OCSF record (JSON text).
    GuardDuty(String),
    /// Another product's finding (counted in the load report, left out).
    OtherProduct,
}

/// Splits a list cell: JSON array text, or values separated by `;`, `|` or line breaks.
fn list_values(cell: &str) -> Vec<Value> {
    if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(cell) {
        return items;
    }
    cell.split([';', '|', '\n'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| Value::String(v.to_owned()))
        .collect()
}

/// A cell's value: JSON object or array text is parsed; anything else stays text.
fn cell_value(cell: &str) -> Value {
    let trimmed = cell.trim();
    if trimmed.starts_with(['{', '[']) {
        if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
            return value;
        }
    }
    Value::String(cell.to_owned())
}

/// One segment of a column path: a key and an optional list index.
fn segment(word: &str) -> (&str, Option<usize>) {
    match word.split_once('[') {
        Some((key, rest)) => (
            key,
            rest.strip_suffix(']').and_then(|n| n.parse::<usize>().ok()),
        ),
        None => (word, None),
    }
}

/// Sets `value` at `path` (dots and `[n]` indices) in `object`, creating what is missing. An
/// existing value of another shape is left as it is (a path never overwrites a sibling's).
fn set_path(object: &mut Map<String, Value>, words: &[&str], value: Value) {
    let Some((first, rest)) = words.split_first() else {
        return;
    };
    let (key, index) = segment(first);
    if key.is_empty() || index.is_some_and(|i| i > MAX_LIST_INDEX) {
        return;
    }
    let slot = match index {
        None => object,
        Some(index) => {
            let entry = object
                .entry(key.to_owned())
                .or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(items) = entry else {
                return;
            };
            while items.len() <= index {
                items.push(if rest.is_empty() {
                    Value::Null
                } else {
                    Value::Object(Map::new())
                });
            }
            let Some(item) = items.get_mut(index) else {
                return;
            };
            if rest.is_empty() {
                *item = value;
                return;
            }
            let Value::Object(inner) = item else {
                return;
            };
            return set_path(inner, rest, value);
        }
    };
    if rest.is_empty() {
        slot.insert(key.to_owned(), value);
        return;
    }
    let entry = slot
        .entry(key.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(inner) = entry {
        set_path(inner, rest, value);
    }
}

/// Rebuilds the OCSF record a row was flattened from.
pub fn rebuild(header: &Header, fields: &[String]) -> Map<String, Value> {
    let mut object = Map::new();
    for (column, cell) in header.columns.iter().zip(fields) {
        if cell.trim().is_empty() {
            continue;
        }
        let words: Vec<&str> = match column.strip_prefix("unmapped.") {
            Some(key) => vec!["unmapped", key],
            None => column.split('.').collect(),
        };
        if words.len() > MAX_PATH_SEGMENTS {
            continue;
        }
        if TEXT_LIST_PATHS.contains(&column.as_str()) {
            set_path(&mut object, &words, Value::Array(list_values(cell)));
            continue;
        }
        let list_parent = OBJECT_LIST_PATHS
            .iter()
            .find(|parent| words.first() == Some(parent) && words.len() > 1);
        if let Some(parent) = list_parent {
            for (index, value) in list_values(cell).into_iter().enumerate() {
                let indexed = format!("{parent}[{index}]");
                let mut path = vec![indexed.as_str()];
                path.extend_from_slice(words.get(1..).unwrap_or(&[]));
                set_path(&mut object, &path, value);
            }
            continue;
        }
        set_path(&mut object, &words, cell_value(cell));
    }
    object
}

fn text_at<'a>(object: &'a Map<String, Value>, path: &[&str]) -> Option<&'a str> {
    let (last, parents) = path.split_last()?;
    let mut current = object;
    for key in parents {
        current = current.get(*key)?.as_object()?;
    }
    current
        .get(*last)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Whether a rebuilt row is GuardDuty's: by `metadata.product.name`, else
/// `metadata.product.uid`, else the finding ARN; a `class_uid` other than 2004 (Detection
/// Finding) is never GuardDuty's.
pub fn classify(object: Map<String, Value>) -> RowKind {
    let class = text_at(&object, &["class_uid"]).map(|c| c.parse::<f64>().ok());
    let detection = class.is_none_or(|c| c == Some(super::ocsf::DETECTION_FINDING_CLASS));
    let by_name = text_at(&object, &["metadata", "product", "name"])
        .map(|n| n.eq_ignore_ascii_case("GuardDuty") || n.eq_ignore_ascii_case("Amazon GuardDuty"));
    let by_uid = || {
        text_at(&object, &["metadata", "product", "uid"])
            .map(|u| u.to_ascii_lowercase().ends_with("/guardduty"))
    };
    let by_arn = || {
        text_at(&object, &["finding_info", "uid"])
            .filter(|u| u.starts_with("arn:"))
            .map(|u| u.contains(":guardduty:"))
    };
    let guardduty = by_name.or_else(by_uid).or_else(by_arn).unwrap_or(false);
    if detection && guardduty {
        RowKind::GuardDuty(Value::Object(object).to_string())
    } else {
        RowKind::OtherProduct
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(line: &str) -> Option<Header> {
        recognise(line.as_bytes(), true).flatten()
    }

    #[test]
    fn a_header_of_ocsf_field_paths_is_recognised() {
        let found = header("finding_info.uid,finding_info.types,severity,cloud.account.uid\n");
        assert_eq!(
            found.map(|h| h.columns.len()),
            Some(4),
            "the columns are the selected fields"
        );
        assert!(header("\u{feff}\"finding_info.uid\",\"severity\"\r\n").is_some());
        assert!(
            header("resources[0].uid,finding_info.uid,unmapped.aws/guardduty/service/count")
                .is_some()
        );
    }

    #[test]
    fn json_rollups_and_other_csv_are_not_security_hub_exports() {
        assert_eq!(header("{\"finding_info\":{\"uid\":\"x\"}}"), None);
        assert_eq!(
            header("day,account_id,region,finding_type,severity,resource_type,archived,findings,occurrences"),
            None,
            "a rollup has no OCSF finding field"
        );
        assert_eq!(header("Finding ID,Severity"), None);
        assert_eq!(header("finding_info.uid,Title With Spaces"), None);
    }

    #[test]
    fn the_header_waits_for_its_line_break() {
        assert_eq!(recognise(b"finding_info.uid,sev", false), None);
        assert!(recognise(b"finding_info.uid,severity\n", false).is_some());
    }

    #[test]
    fn rows_are_cut_across_chunks_with_quoted_line_breaks_and_commas() {
        let text =
            "finding_info.uid,finding_info.desc\r\na,\"one\ntwo, \"\"three\"\"\"\r\nb,plain\n";
        let header = header(text).unwrap_or(Header { columns: vec![] });
        for size in 1..text.len() {
            let mut rows = CsvRows::new(header.clone());
            let mut seen = Vec::new();
            for chunk in text.as_bytes().chunks(size) {
                let fed = rows.feed(chunk, &mut |fields, span| {
                    seen.push((fields, span.start.line))
                });
                assert!(fed.is_ok());
            }
            assert!(rows
                .finish(&mut |fields, span| seen.push((fields, span.start.line)))
                .is_ok());
            assert_eq!(
                seen,
                vec![
                    (vec!["a".to_owned(), "one\ntwo, \"three\"".to_owned()], 2),
                    (vec!["b".to_owned(), "plain".to_owned()], 4),
                ],
                "chunk size {size}"
            );
        }
    }

    #[test]
    fn an_unclosed_quote_is_a_truncated_file() {
        let header = Header {
            columns: vec!["finding_info.uid".into()],
        };
        let mut rows = CsvRows::new(header);
        assert!(rows
            .feed(b"finding_info.uid\n\"abc", &mut |_, _| {})
            .is_ok());
        let error = rows.finish(&mut |_, _| {}).err().map(|e| e.reason);
        assert!(error.is_some_and(|r| r.contains("ends inside a quoted field")));
    }

    #[test]
    fn a_row_is_rebuilt_into_its_ocsf_record() {
        let header = Header {
            columns: [
                "finding_info.uid",
                "finding_info.types",
                "resources.uid",
                "resources[0].type",
                "unmapped.aws/guardduty/service/count",
                "cloud.account.uid",
            ]
            .map(String::from)
            .to_vec(),
        };
        let fields = [
            "arn:aws:guardduty:eu-west-1:1:detector/d/finding/f",
            "[\"Threats\",\"Recon:EC2/Portscan\"]",
            "arn:aws:ec2:eu-west-1:1:instance/i-1;arn:aws:ec2:eu-west-1:1:instance/i-2",
            "AwsEc2Instance",
            "4",
            "",
        ]
        .map(String::from);
        let object = rebuild(&header, &fields);
        assert_eq!(
            Value::Object(object),
            serde_json::json!({
                "finding_info": {
                    "uid": "arn:aws:guardduty:eu-west-1:1:detector/d/finding/f",
                    "types": ["Threats", "Recon:EC2/Portscan"],
                },
                "resources": [
                    {"uid": "arn:aws:ec2:eu-west-1:1:instance/i-1", "type": "AwsEc2Instance"},
                    {"uid": "arn:aws:ec2:eu-west-1:1:instance/i-2"},
                ],
                "unmapped": {"aws/guardduty/service/count": "4"},
            })
        );
    }

    #[test]
    fn huge_indices_and_deep_paths_are_not_built() {
        let header = Header {
            columns: ["resources[99999999].uid", "a.b.c.d.e.f.g.h.i.j.k.l.m"]
                .map(String::from)
                .to_vec(),
        };
        let object = rebuild(&header, &["x".to_owned(), "y".to_owned()]);
        assert!(object.is_empty(), "{object:?}");
    }

    #[test]
    fn rows_are_guardduty_by_product_name_uid_or_arn_and_class() {
        let row = |json: Value| match json {
            Value::Object(object) => classify(object),
            _ => RowKind::OtherProduct,
        };
        let gd_arn = "arn:aws:guardduty:eu-west-1:1:detector/d/finding/f";
        assert!(matches!(
            row(serde_json::json!({"metadata": {"product": {"name": "GuardDuty"}}})),
            RowKind::GuardDuty(_)
        ));
        assert_eq!(
            row(
                serde_json::json!({"metadata": {"product": {"name": "Inspector"}}, "finding_info": {"uid": gd_arn}})
            ),
            RowKind::OtherProduct,
            "the product name decides before the ARN"
        );
        assert!(matches!(
            row(
                serde_json::json!({"metadata": {"product": {"uid": "arn:aws:securityhub:eu-west-1::product/aws/guardduty"}}})
            ),
            RowKind::GuardDuty(_)
        ));
        assert!(matches!(
            row(serde_json::json!({"finding_info": {"uid": gd_arn}})),
            RowKind::GuardDuty(_)
        ));
        assert_eq!(
            row(serde_json::json!({"class_uid": "2003", "finding_info": {"uid": gd_arn}})),
            RowKind::OtherProduct
        );
        assert_eq!(
            row(serde_json::json!({"finding_info": {"uid": "arn:aws:inspector2:x"}})),
            RowKind::OtherProduct
        );
    }
}
