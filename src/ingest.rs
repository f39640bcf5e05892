//! The only code that knows AWS JSON dialects: turns bytes of any GuardDuty export into
//! normalised [`crate::model::Finding`]s merged into one [`FindingSet`].
//!
//! Reading is incremental: a caller feeds chunks as they arrive (`File.stream()` in the
//! browser, a file reader natively) and every complete record is parsed and merged at once, so
//! memory grows with unique findings, not with file size. Gzip is detected by magic bytes and
//! decompressed as a stream. Dialects are recognised per record by content, never by file name.
//!
//! Contract (fixed; the UI and CLI depend on it):
//! - one [`LoadSession`] holds the merged set, the string interner and one [`FileReport`] per
//!   file, in load order;
//! - `start_file` → any number of `push` → `finish_file`; `load_bytes` does all three;
//! - nothing here panics on any input; a bad record is a warning, a file that cannot be read
//!   (or stops being readable) gets one [`crate::model::FileError`] and the records before the
//!   failure point stay loaded.
//!
//! Layout: [`splitter`] cuts records out of the byte stream, [`wire`] (with [`lenient`] leaves)
//! parses one record, [`normalise`], [`asff`] and [`ocsf`] map it into the model, and
//! [`intern`] shares repeated strings.

mod asff;
mod intern;
mod lenient;
mod normalise;
mod ocsf;
mod relay;
mod splitter;
mod timestamp;
mod wire;

use std::io::Write;

use flate2::write::MultiGzDecoder;

use crate::model::{
    Dialect, EpochMillis, FileError, FileReport, FindingSet, MergeOutcome, RawSpan, RecordWarning,
    TextPosition,
};

pub use intern::Interner;
pub use normalise::{parse_arn, ArnParts};
pub use relay::{RelayError, RelayProgress, RelaySender};
pub use splitter::MAX_DEPTH;

use normalise::{Context, EnvelopeInfo, Normalised};
use splitter::{Flow, Piece, Splitter};
use wire::{WRecord, WTop};

/// Reads a timestamp in any spelling GuardDuty exports use (ISO-8601 with or without zone,
/// epoch seconds or milliseconds as number or text).
pub fn parse_timestamp(text: &str) -> Option<EpochMillis> {
    timestamp::parse(text)
}

/// The first two bytes of every gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Compressed bytes handed to the gzip decoder at a time (about 4–8× as much decoded text).
const GZIP_INPUT_SLICE_BYTES: usize = 64 * 1024;

/// At most this many warnings are kept per file (the count beyond is summarised).
const MAX_WARNINGS_PER_FILE: usize = 1000;

/// Everything loaded so far: the merged findings, the interner and the per-file reports.
pub struct LoadSession {
    findings: FindingSet,
    interner: Interner,
    reports: Vec<FileReport>,
    /// When set (in the ingest worker), findings go here for [`RelaySender`] instead of into
    /// `findings`.
    outbox: Option<Vec<crate::model::Finding>>,
    /// Merge counts of the relayed file now arriving (page side of the relay).
    relay_counts: relay::RelayCounts,
}

/// How the file's bytes are decoded.
enum Decoding {
    /// Fewer than two bytes seen: gzip or not is still unknown.
    Undecided(Vec<u8>),
    Plain,
    Gzip(Box<MultiGzDecoder<Vec<u8>>>),
}

/// What a file held besides GuardDuty findings, for the "no findings" message.
#[derive(Default)]
struct Seen {
    pieces: u64,
    not_findings: u64,
    scalars: u64,
    empty_wrappers: u64,
    kinesis_records: u64,
    /// Records that became findings (merged or sent to the outbox).
    findings_emitted: u64,
    first_syntax_error: Option<FileError>,
    warnings_dropped: u64,
}

/// The streaming state of one file being read.
pub struct FileIngest {
    report: FileReport,
    source_file: u32,
    splitter: Splitter,
    decoding: Decoding,
    seen: Seen,
    /// Records (GuardDuty or unreadable) numbered so far, for warnings.
    record_counter: u64,
}

/// The parts of the session a record handler needs, borrowed separately from the file.
struct Sink<'a> {
    findings: &'a mut FindingSet,
    outbox: Option<&'a mut Vec<crate::model::Finding>>,
    interner: &'a mut Interner,
    report: &'a mut FileReport,
    seen: &'a mut Seen,
    record_counter: &'a mut u64,
    source_file: u32,
}

impl FileIngest {
    /// Bytes fed so far (compressed bytes for gzip), for progress bars.
    pub fn bytes_read(&self) -> u64 {
        self.report.bytes_read
    }

    /// GuardDuty records read so far, for progress bars.
    pub fn records_read(&self) -> u64 {
        self.report.records
    }

    /// Marks the file as unreadable (for callers whose own reading failed, e.g. an I/O
    /// error); later chunks are ignored and `finish_file` keeps this error.
    pub fn fail(&mut self, reason: impl Into<String>) {
        set_error(
            self,
            FileError {
                reason: reason.into(),
                position: None,
            },
        );
    }
}

impl Default for LoadSession {
    fn default() -> Self {
        Self::new()
    }
}

impl LoadSession {
    pub fn new() -> Self {
        Self {
            findings: FindingSet::new(),
            interner: Interner::new(),
            reports: Vec::new(),
            outbox: None,
            relay_counts: relay::RelayCounts::default(),
        }
    }

    /// Begins reading a file; its findings will carry the next source-file index.
    pub fn start_file(&mut self, file_name: &str) -> FileIngest {
        FileIngest {
            report: FileReport::new(file_name),
            source_file: u32::try_from(self.reports.len()).unwrap_or(u32::MAX),
            splitter: Splitter::new(),
            decoding: Decoding::Undecided(Vec::new()),
            seen: Seen::default(),
            record_counter: 0,
        }
    }

    /// Feeds the next chunk of the file's bytes (compressed bytes for gzip).
    pub fn push(&mut self, file: &mut FileIngest, chunk: &[u8]) {
        file.report.bytes_read += chunk.len() as u64;
        if file.report.error.is_some() {
            return;
        }
        let data: Vec<u8>;
        let bytes: &[u8] = match &mut file.decoding {
            Decoding::Undecided(pending) => {
                pending.extend_from_slice(chunk);
                if pending.len() < GZIP_MAGIC.len() {
                    return;
                }
                data = std::mem::take(pending);
                self.decide(file, &data);
                return;
            }
            _ => chunk,
        };
        self.feed_encoded(file, bytes);
    }

    /// Chooses plain or gzip from the first bytes, then feeds them.
    fn decide(&mut self, file: &mut FileIngest, first: &[u8]) {
        if first.starts_with(&GZIP_MAGIC) {
            file.report.gzip = true;
            file.decoding = Decoding::Gzip(Box::new(MultiGzDecoder::new(Vec::new())));
        } else {
            file.decoding = Decoding::Plain;
        }
        self.feed_encoded(file, first);
    }

    fn feed_encoded(&mut self, file: &mut FileIngest, bytes: &[u8]) {
        match &mut file.decoding {
            Decoding::Plain => self.feed_decoded(file, bytes),
            Decoding::Gzip(_) => {
                // Small slices keep the decoded text in cache on its way to the splitter, and
                // the decoder's output buffer is reused instead of growing to the whole chunk's
                // decoded size on every push. The splitter's cuts do not depend on how its input
                // is sliced, and all text decoded before a corruption is still fed.
                for slice in bytes.chunks(GZIP_INPUT_SLICE_BYTES) {
                    let Decoding::Gzip(decoder) = &mut file.decoding else {
                        return;
                    };
                    let written = decoder.write_all(slice).and_then(|()| decoder.flush());
                    let mut output = std::mem::take(decoder.get_mut());
                    self.feed_decoded(file, &output);
                    output.clear();
                    if let Decoding::Gzip(decoder) = &mut file.decoding {
                        *decoder.get_mut() = output;
                    }
                    if let Err(error) = written {
                        set_error(
                            file,
                            FileError {
                                reason: format!("The gzip data is corrupt ({error})"),
                                position: None,
                            },
                        );
                        return;
                    }
                    if file.report.error.is_some() {
                        return;
                    }
                }
            }
            Decoding::Undecided(_) => {}
        }
    }

    fn feed_decoded(&mut self, file: &mut FileIngest, bytes: &[u8]) {
        if file.report.error.is_some() || bytes.is_empty() {
            return;
        }
        let FileIngest {
            report,
            source_file,
            splitter,
            seen,
            record_counter,
            ..
        } = file;
        let mut sink = Sink {
            findings: &mut self.findings,
            outbox: self.outbox.as_mut(),
            interner: &mut self.interner,
            report,
            seen,
            record_counter,
            source_file: *source_file,
        };
        let result = splitter.feed(bytes, &mut |piece| sink.piece(piece));
        if let Err(error) = result {
            set_error(file, error);
        }
    }

    /// Ends the file: parses what is left, records the report and returns it.
    pub fn finish_file(&mut self, mut file: FileIngest) -> &FileReport {
        if let Decoding::Undecided(pending) = &mut file.decoding {
            let data = std::mem::take(pending);
            if !data.is_empty() {
                self.decide(&mut file, &data);
            } else {
                file.decoding = Decoding::Plain;
            }
        }
        if file.report.error.is_none() {
            if let Decoding::Gzip(decoder) = &mut file.decoding {
                let finished = decoder.try_finish();
                let output = std::mem::take(decoder.get_mut());
                self.feed_decoded(&mut file, &output);
                if let Err(error) = finished {
                    set_error(
                        &mut file,
                        FileError {
                            reason: format!(
                                "The gzip data ends early or is corrupt ({error}); it looks truncated"
                            ),
                            position: None,
                        },
                    );
                }
            }
        }
        if file.report.error.is_none() {
            let FileIngest {
                report,
                source_file,
                splitter,
                seen,
                record_counter,
                ..
            } = &mut file;
            let mut sink = Sink {
                findings: &mut self.findings,
                outbox: self.outbox.as_mut(),
                interner: &mut self.interner,
                report,
                seen,
                record_counter,
                source_file: *source_file,
            };
            let result = splitter.finish(&mut |piece| sink.piece(piece));
            if let Err(error) = result {
                set_error(&mut file, error);
            }
        }
        if file.report.error.is_none() {
            let loaded = file.seen.findings_emitted;
            if file.splitter.top_values() == 0 {
                let reason = if file.splitter.bytes_seen() == 0 {
                    "The file is empty"
                } else {
                    "The file holds only whitespace"
                };
                set_error(
                    &mut file,
                    FileError {
                        reason: reason.into(),
                        position: None,
                    },
                );
            } else if loaded == 0 {
                let error = match file.seen.first_syntax_error.take() {
                    Some(error) => error,
                    None => FileError {
                        reason: format!(
                            "No GuardDuty findings found ({})",
                            describe_seen(&file.seen, &file.report)
                        ),
                        position: None,
                    },
                };
                set_error(&mut file, error);
            }
        }
        if file.seen.warnings_dropped > 0 {
            file.report.warnings.push(RecordWarning {
                record_number: file.record_counter,
                finding_id: None,
                message: format!("{} more warnings not shown", file.seen.warnings_dropped),
            });
        }
        self.reports.push(file.report);
        match self.reports.last() {
            Some(report) => report,
            None => unreachable_report(),
        }
    }

    /// Reads a whole file held in memory.
    pub fn load_bytes(&mut self, file_name: &str, bytes: &[u8]) -> &FileReport {
        let mut file = self.start_file(file_name);
        self.push(&mut file, bytes);
        self.finish_file(file)
    }

    pub fn findings(&self) -> &FindingSet {
        &self.findings
    }

    pub fn reports(&self) -> &[FileReport] {
        &self.reports
    }

    /// Makes room for about `additional` more findings (see [`FindingSet::reserve`]).
    pub fn reserve_findings(&mut self, additional: usize) {
        self.findings.reserve(additional);
    }

    /// Distinct strings shared by the interner (for diagnostics and tests).
    pub fn interned_strings(&self) -> usize {
        self.interner.len()
    }
}

/// `finish_file` always pushes a report before reading it back; this only satisfies the
/// type checker without a panic path.
fn unreachable_report() -> &'static FileReport {
    static EMPTY: std::sync::OnceLock<FileReport> = std::sync::OnceLock::new();
    EMPTY.get_or_init(FileReport::default)
}

fn set_error(file: &mut FileIngest, error: FileError) {
    if file.report.error.is_none() {
        file.report.error = Some(error);
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the file held instead of findings, as a phrase.
fn describe_seen(seen: &Seen, report: &FileReport) -> String {
    let mut parts = Vec::new();
    if report.records > 0 {
        parts.push(format!(
            "{} without a usable id",
            plural(report.records, "GuardDuty record", "GuardDuty records")
        ));
    }
    if report.skipped_other_products > 0 {
        parts.push(plural(
            report.skipped_other_products,
            "finding from another product",
            "findings from other products",
        ));
    }
    if seen.kinesis_records > 0 {
        parts.push(format!(
            "a Kinesis/Lambda event with {} of base64 data, which guardview does not decode; decode the data first",
            plural(seen.kinesis_records, "record", "records")
        ));
    }
    if seen.empty_wrappers > 0 {
        parts.push(plural(
            seen.empty_wrappers,
            "empty findings list",
            "empty findings lists",
        ));
    }
    if seen.not_findings > 0 {
        parts.push(plural(
            seen.not_findings,
            "JSON object that is not a finding",
            "JSON objects that are not findings",
        ));
    }
    if seen.scalars > 0 {
        parts.push(plural(seen.scalars, "bare value", "bare values"));
    }
    if parts.is_empty() {
        "the file holds no records".to_owned()
    } else {
        format!("the file holds {}", parts.join(", "))
    }
}

/// Converts serde_json's record-relative line/column into a file position.
fn error_position(start: TextPosition, bytes: &[u8], line: usize, column: usize) -> TextPosition {
    let column = column.max(1) as u64;
    if line <= 1 {
        return TextPosition {
            byte_offset: start.byte_offset + column - 1,
            line: start.line,
            column: start.column + column - 1,
        };
    }
    let mut newlines = 0usize;
    let mut line_start = 0usize;
    for (index, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' {
            newlines += 1;
            if newlines == line - 1 {
                line_start = index + 1;
                break;
            }
        }
    }
    TextPosition {
        byte_offset: start.byte_offset + line_start as u64 + column - 1,
        line: start.line + line as u64 - 1,
        column,
    }
}

/// One mapped record, before merging.
enum Outcome {
    Finding(Box<crate::model::Finding>, Vec<String>),
    Unusable { id: Option<String>, message: String },
}

impl Sink<'_> {
    fn warn(&mut self, record_number: u64, finding_id: Option<String>, message: String) {
        if self.report.warnings.len() >= MAX_WARNINGS_PER_FILE {
            self.seen.warnings_dropped += 1;
            return;
        }
        self.report.warnings.push(RecordWarning {
            record_number,
            finding_id,
            message,
        });
    }

    /// Handles one record cut by the splitter.
    fn piece(&mut self, piece: Piece<'_>) -> Flow {
        self.seen.pieces += 1;
        let first = self.seen.pieces == 1;
        let top = match wire::parse_top(piece.bytes) {
            Ok(top) => top,
            Err(error) => return self.broken(&piece, first, &error),
        };
        if let WTop::Scalar(kind) = top {
            if first && piece.top_level {
                self.report.error = Some(FileError {
                    reason: format!(
                        "The file holds {kind} at the top level, not GuardDuty findings"
                    ),
                    position: Some(piece.start),
                });
                return Flow::Stop;
            }
            self.seen.scalars += 1;
            return Flow::Continue;
        }
        let mut outcomes = Vec::new();
        let mut cx = Context {
            interner: self.interner,
            source_file: self.source_file,
        };
        walk(
            &top,
            &EnvelopeInfo::default(),
            false,
            &mut cx,
            self.seen,
            self.report,
            &mut outcomes,
        );
        let single = outcomes.len() == 1;
        for outcome in outcomes {
            *self.record_counter += 1;
            self.report.records += 1;
            let number = *self.record_counter;
            match outcome {
                Outcome::Finding(mut finding, warnings) => {
                    for message in warnings {
                        self.warn(number, Some(finding.id.to_string()), message);
                    }
                    if single {
                        finding.raw_span = Some(RawSpan {
                            byte_offset: piece.start.byte_offset,
                            byte_length: piece.bytes.len() as u64,
                        });
                    }
                    self.report.saw_dialect(finding.dialect);
                    self.seen.findings_emitted += 1;
                    if let Some(outbox) = self.outbox.as_deref_mut() {
                        outbox.push(*finding);
                        continue;
                    }
                    match self.findings.merge(*finding) {
                        MergeOutcome::Added => self.report.findings_added += 1,
                        outcome if outcome.is_duplicate() => self.report.duplicates += 1,
                        _ => {}
                    }
                }
                Outcome::Unusable { id, message } => self.warn(number, id, message),
            }
        }
        Flow::Continue
    }

    /// A record that is not valid JSON.
    fn broken(&mut self, piece: &Piece<'_>, first: bool, error: &serde_json::Error) -> Flow {
        let position = error_position(piece.start, piece.bytes, error.line(), error.column());
        let text = error.to_string();
        if text.contains("recursion limit") {
            self.report.error = Some(FileError {
                reason: format!(
                    "The JSON is nested more than {} levels deep, which no GuardDuty export does",
                    splitter::MAX_DEPTH
                ),
                position: Some(position),
            });
            return Flow::Stop;
        }
        let reason = if std::str::from_utf8(piece.bytes).is_err() {
            "The file is not UTF-8 text".to_owned()
        } else {
            let detail = text.split(" at line ").next().unwrap_or(&text);
            format!("The file is not valid JSON ({detail})")
        };
        let file_error = FileError {
            reason: reason.clone(),
            position: Some(position),
        };
        if first && piece.top_level {
            self.report.error = Some(file_error);
            return Flow::Stop;
        }
        *self.record_counter += 1;
        let number = *self.record_counter;
        self.warn(
            number,
            None,
            format!("{reason} at {position}; record skipped"),
        );
        if self.seen.first_syntax_error.is_none() {
            self.seen.first_syntax_error = Some(file_error);
        }
        Flow::Continue
    }
}

/// Whether a native-looking record is a GuardDuty finding.
fn looks_like_finding(record: &WRecord) -> bool {
    let has_type = record.kind.get().is_some() || record.kind_pascal.get().is_some();
    let has_id = record.id.get().is_some()
        || record.id_pascal.get().is_some()
        || record.arn.get().is_some_and(|a| a.contains(":guardduty:"));
    let has_body = !matches!(record.severity, wire::WSeverity::Absent)
        || record.resource.get().is_some()
        || record.service.get().is_some();
    has_type && (has_id || has_body) || has_id && has_body && record.arn.get().is_some()
}

/// Recognises the dialect of a parsed value and maps every GuardDuty finding in it.
fn walk(
    top: &WTop,
    envelope: &EnvelopeInfo,
    in_eventbridge: bool,
    cx: &mut Context<'_>,
    seen: &mut Seen,
    report: &mut FileReport,
    out: &mut Vec<Outcome>,
) {
    match top {
        WTop::Array(items) => {
            for item in items {
                walk(item, envelope, in_eventbridge, cx, seen, report, out);
            }
        }
        WTop::Object(record) => {
            walk_record(record, envelope, in_eventbridge, cx, seen, report, out)
        }
        WTop::Scalar(_) => seen.scalars += 1,
    }
}

fn push_normalised(normalised: Normalised, out: &mut Vec<Outcome>) {
    match normalised {
        Normalised::Finding(finding, warnings) => out.push(Outcome::Finding(finding, warnings)),
        Normalised::Unusable { id, message } => out.push(Outcome::Unusable { id, message }),
    }
}

fn walk_record(
    record: &WRecord,
    envelope: &EnvelopeInfo,
    in_eventbridge: bool,
    cx: &mut Context<'_>,
    seen: &mut Seen,
    report: &mut FileReport,
    out: &mut Vec<Outcome>,
) {
    // OCSF (Security Hub v2, Security Lake).
    if record.class_uid.0.is_some() && record.finding_info.get().is_some() {
        if ocsf::is_guardduty(record) {
            push_normalised(ocsf::normalise(record, cx), out);
        } else {
            report.skipped_other_products += 1;
        }
        return;
    }
    // Security Hub ASFF.
    if record.product_arn.get().is_some() || record.schema_version.get() == Some("2018-10-08") {
        if asff::is_guardduty(record) {
            push_normalised(asff::normalise(record, cx), out);
        } else {
            report.skipped_other_products += 1;
        }
        return;
    }
    // EventBridge envelope (full, or truncated to `region` + `detail`).
    if let Some(detail) = record.detail.get() {
        let inner = EnvelopeInfo {
            region: record
                .region
                .get()
                .map(str::to_owned)
                .or_else(|| envelope.region.clone()),
            account: record
                .account
                .get()
                .map(str::to_owned)
                .or_else(|| envelope.account.clone()),
        };
        walk_record(detail, &inner, true, cx, seen, report, out);
        return;
    }
    // Wrappers: `{"findings":[…]}` inside an array or an event, scenario payloads.
    if !record.findings.0.is_empty() || record.event_payload.get().is_some() {
        for inner in record.findings.0.iter().filter_map(|f| f.get()) {
            walk_record(inner, envelope, in_eventbridge, cx, seen, report, out);
        }
        if let Some(payload) = record.event_payload.get() {
            walk_record(payload, envelope, in_eventbridge, cx, seen, report, out);
        }
        return;
    }
    if !record.kinesis_records.0.is_empty() {
        seen.kinesis_records += record.kinesis_records.0.len() as u64;
        return;
    }
    if looks_like_finding(record) {
        let dialect = if in_eventbridge {
            Dialect::EventBridge
        } else if record.id_pascal.get().is_some() || record.kind_pascal.get().is_some() {
            Dialect::PascalCase
        } else {
            Dialect::CamelCase
        };
        push_normalised(normalise::native(record, envelope, dialect, cx), out);
        return;
    }
    seen.not_findings += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_positions_are_file_relative() {
        let start = TextPosition {
            byte_offset: 100,
            line: 5,
            column: 3,
        };
        let p = error_position(start, b"{\n  \"a\": x\n}", 2, 8);
        assert_eq!(p.line, 6);
        assert_eq!(p.column, 8);
        assert_eq!(p.byte_offset, 100 + 2 + 7);
    }
}
