//! What loading one file did: dialects seen, records read, findings added, warnings, error.

use std::fmt;

use super::Dialect;

/// A place in a file, for error messages. `line` and `column` are 1-based and count bytes of
/// the decoded (decompressed) text; `byte_offset` is 0-based in that same text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextPosition {
    pub byte_offset: u64,
    pub line: u64,
    pub column: u64,
}

impl fmt::Display for TextPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {} (byte {})",
            self.line, self.column, self.byte_offset
        )
    }
}

/// Why a whole file (or the rest of it) could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// One sentence a user can act on, e.g. "The file ends in the middle of a string".
    pub reason: String,
    pub position: Option<TextPosition>,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(position) => write!(f, "{} at {}", self.reason, position),
            None => f.write_str(&self.reason),
        }
    }
}

/// A problem with one record inside a file that otherwise loads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordWarning {
    /// 1-based record number within the file.
    pub record_number: u64,
    /// The record's id when it had one.
    pub finding_id: Option<String>,
    /// Where in the file the problem is, when it is one place (a syntax error, a repeated
    /// key). Kept apart from the message so a file read in pieces can renumber its lines.
    pub position: Option<TextPosition>,
    pub message: String,
}

impl fmt::Display for RecordWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "record {}", self.record_number)?;
        if let Some(id) = &self.finding_id {
            write!(f, " ({id})")?;
        }
        if let Some(position) = &self.position {
            write!(f, " at {position}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The outcome of loading one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    pub file_name: String,
    /// Bytes read from the file (compressed size for gzip).
    pub bytes_read: u64,
    /// Whether the file was gzip-compressed.
    pub gzip: bool,
    /// Every dialect met in the file, in first-seen order.
    pub dialects: Vec<Dialect>,
    /// GuardDuty finding records read (wrappers and envelopes are not counted).
    pub records: u64,
    /// Records that became a new finding in the set.
    pub findings_added: u64,
    /// Records that collapsed into a finding already in the set (same id).
    pub duplicates: u64,
    /// Records skipped because they are not GuardDuty findings (e.g. Inspector OCSF).
    pub skipped_other_products: u64,
    pub warnings: Vec<RecordWarning>,
    /// Set when the file, or the rest of it after some point, could not be read.
    pub error: Option<FileError>,
    /// Set when the file was a Rollup v1 file (daily counts, not findings): what it held.
    pub rollup: Option<RollupFileSummary>,
}

/// What one Rollup v1 file held, for the load report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RollupFileSummary {
    /// Rows read (after rows with the same key were added up).
    pub rows: u64,
    /// Findings the rows count (sum of `findings`).
    pub findings: u64,
    /// Sum of `occurrences`.
    pub occurrences: u64,
    /// Distinct first-seen days (`Unknown` not counted).
    pub days: u64,
    /// The earliest and latest first-seen day (`YYYY-MM-DD`), when any row has one.
    pub first_day: Option<String>,
    pub last_day: Option<String>,
}

impl FileReport {
    pub fn new(file_name: impl Into<String>) -> Self {
        Self {
            file_name: file_name.into(),
            ..Self::default()
        }
    }

    /// Notes a dialect once.
    pub fn saw_dialect(&mut self, dialect: Dialect) {
        if !self.dialects.contains(&dialect) {
            self.dialects.push(dialect);
        }
    }

    /// The dialects as one human string ("EventBridge event, GuardDuty JSON (camelCase)").
    pub fn dialect_names(&self) -> String {
        if self.dialects.is_empty() {
            return "—".to_owned();
        }
        let names: Vec<&str> = self.dialects.iter().map(|d| d.name()).collect();
        names.join(", ")
    }
}
