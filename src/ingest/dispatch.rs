//! The dialect walk: each record the splitter cuts is parsed ([`super::wire`]), recognised
//! (OCSF, ASFF, EventBridge envelope, wrapper, native finding) and mapped into the model, then
//! merged into the session's set (or sent to the relay's outbox), with a warning per bad record.

use super::intern::Interner;
use super::normalise::{self, Context, EnvelopeInfo, Normalised};
use super::security_hub_csv::{self, RowKind, RowSpan};
use super::splitter::{self, Flow, Piece};
use super::wire;
use super::{asff, ocsf};
use crate::model::{
    Dialect, FileError, FileReport, Finding, FindingSet, MergeOutcome, RawSpan, RecordWarning,
    TextPosition,
};

mod duplicates;
mod nested;

/// At most this many warnings are kept per file (the count beyond is summarised).
pub(super) const MAX_WARNINGS_PER_FILE: usize = 1000;

/// What a file held besides GuardDuty findings, for the "no findings" message.
#[derive(Default)]
pub(super) struct Seen {
    /// Records cut from the text (JSON records or CSV rows), whatever they held.
    pub(super) pieces: u64,
    pub(super) not_findings: u64,
    pub(super) scalars: u64,
    pub(super) empty_wrappers: u64,
    pub(super) kinesis_records: u64,
    /// Records that became findings (merged or sent to the outbox).
    pub(super) findings_emitted: u64,
    pub(super) first_syntax_error: Option<FileError>,
    pub(super) warnings_dropped: u64,
    /// Set for a piece of a file after its first: its first record is not the file's.
    pub(super) continues_file: bool,
}

impl Seen {
    /// The "what else the file held" counters, to undo when a nested search finds findings.
    fn counters(&self) -> [u64; 4] {
        [
            self.not_findings,
            self.scalars,
            self.empty_wrappers,
            self.kinesis_records,
        ]
    }

    /// Adds the counts of the piece of the file that follows this one; `lines_before` is
    /// added to its positions (a piece numbers lines from its own start).
    pub(super) fn absorb(&mut self, next: Seen, lines_before: u64) {
        self.pieces += next.pieces;
        self.not_findings += next.not_findings;
        self.scalars += next.scalars;
        self.empty_wrappers += next.empty_wrappers;
        self.kinesis_records += next.kinesis_records;
        self.findings_emitted += next.findings_emitted;
        self.warnings_dropped += next.warnings_dropped;
        if self.first_syntax_error.is_none() {
            self.first_syntax_error = next.first_syntax_error.map(|mut error| {
                shift_lines(&mut error.position, lines_before);
                error
            });
        }
    }

    fn restore_counters(&mut self, counters: [u64; 4]) {
        [
            self.not_findings,
            self.scalars,
            self.empty_wrappers,
            self.kinesis_records,
        ] = counters;
    }
}

/// The parts of the session a record handler needs, borrowed separately from the file.
pub(super) struct Sink<'a> {
    findings: &'a mut FindingSet,
    outbox: Option<&'a mut Vec<Finding>>,
    interner: &'a mut Interner,
    report: &'a mut FileReport,
    seen: &'a mut Seen,
    record_counter: &'a mut u64,
    source_file: u32,
}

impl<'a> Sink<'a> {
    /// A record handler over the session's parts and one file's state, borrowed apart (the
    /// session builds it: see `session::sink_for_file`).
    pub(super) fn new(
        findings: &'a mut FindingSet,
        outbox: Option<&'a mut Vec<Finding>>,
        interner: &'a mut Interner,
        file: FileParts<'a>,
    ) -> Self {
        Sink {
            findings,
            outbox,
            interner,
            report: file.report,
            seen: file.seen,
            record_counter: file.record_counter,
            source_file: file.source_file,
        }
    }
}

/// One file's state that the record handler writes to.
pub(super) struct FileParts<'a> {
    pub(super) report: &'a mut FileReport,
    pub(super) seen: &'a mut Seen,
    pub(super) record_counter: &'a mut u64,
    pub(super) source_file: u32,
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the file held instead of findings, as a phrase.
pub(super) fn describe_seen(seen: &Seen, report: &FileReport) -> String {
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

/// The warning for a record read with repeated keys (its position goes beside it).
fn repeated_keys_note(keys: &[String]) -> String {
    let (first, rest) = match keys.split_first() {
        Some((first, rest)) => (first.as_str(), rest),
        None => ("?", &[][..]),
    };
    let mut note = format!(
        "The key `{first}` appears twice in one object; the last value was used, as JSON.parse does"
    );
    if !rest.is_empty() {
        let others: Vec<String> = rest.iter().map(|key| format!("`{key}`")).collect();
        note.push_str(&format!(" (also repeated: {})", others.join(", ")));
    }
    note
}

/// Moves a position read by a piece of a file to the whole file's line numbering.
pub(super) fn shift_lines(position: &mut Option<TextPosition>, lines_before: u64) {
    if let Some(position) = position {
        position.line += lines_before;
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
    Finding(Box<Finding>, Vec<String>),
    Unusable { id: Option<String>, message: String },
}

impl Sink<'_> {
    fn warn(
        &mut self,
        record_number: u64,
        finding_id: Option<String>,
        position: Option<TextPosition>,
        message: String,
    ) {
        if self.report.warnings.len() >= MAX_WARNINGS_PER_FILE {
            self.seen.warnings_dropped += 1;
            return;
        }
        self.report.warnings.push(RecordWarning {
            record_number,
            finding_id,
            position,
            message,
        });
    }

    /// Handles one record cut by the splitter.
    pub(super) fn piece(&mut self, piece: Piece<'_>) -> Flow {
        self.seen.pieces += 1;
        let first = self.seen.pieces == 1 && !self.seen.continues_file;
        let mut notes = Vec::new();
        let rebuilt;
        let mut bytes = piece.bytes;
        let top = match wire::parse_top(bytes) {
            Ok(top) => top,
            Err(error) => {
                let repeats = duplicates::duplicate_key(&error)
                    .and_then(|key| duplicates::without_repeats(bytes, &key));
                let Some((rewritten, keys)) = repeats else {
                    return self.broken(&piece, first, &error);
                };
                let position =
                    error_position(piece.start, piece.bytes, error.line(), error.column());
                notes.push((position, repeated_keys_note(&keys)));
                rebuilt = rewritten;
                bytes = &rebuilt;
                match wire::parse_top(bytes) {
                    Ok(top) => top,
                    Err(_) => return self.broken(&piece, first, &error),
                }
            }
        };
        if let wire::Top::Scalar(kind) = top {
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
        let seen_before = self.seen.counters();
        let other_before = self.report.skipped_other_products;
        walk(
            &top,
            &EnvelopeInfo::default(),
            false,
            &mut cx,
            self.seen,
            self.report,
            &mut outcomes,
        );
        let mut single = outcomes.len() == 1;
        if outcomes.is_empty() && self.report.skipped_other_products == other_before {
            let found = nested::search(bytes, &mut cx);
            if !found.outcomes.is_empty() || found.other_products > 0 {
                self.seen.restore_counters(seen_before);
                self.report.skipped_other_products += found.other_products;
                outcomes = found.outcomes;
                single = false;
            }
        }
        let raw_span = single.then_some(RawSpan {
            byte_offset: piece.start.byte_offset,
            byte_length: piece.bytes.len() as u64,
        });
        self.emit(outcomes, notes, raw_span);
        Flow::Continue
    }

    /// Numbers and merges (or sends to the outbox) a record's mapped findings, with its
    /// warnings; `notes` go before the first finding's own (or stand alone when none).
    fn emit(
        &mut self,
        outcomes: Vec<Outcome>,
        mut notes: Vec<(TextPosition, String)>,
        raw_span: Option<RawSpan>,
    ) {
        if outcomes.is_empty() {
            for (position, note) in notes.drain(..) {
                *self.record_counter += 1;
                let number = *self.record_counter;
                self.warn(number, None, Some(position), note);
            }
        }
        for outcome in outcomes {
            *self.record_counter += 1;
            self.report.records += 1;
            let number = *self.record_counter;
            match outcome {
                Outcome::Finding(mut finding, warnings) => {
                    let id = finding.id.to_string();
                    for (position, note) in notes.drain(..) {
                        self.warn(number, Some(id.clone()), Some(position), note);
                    }
                    for message in warnings {
                        self.warn(number, Some(id.clone()), None, message);
                    }
                    if raw_span.is_some() {
                        finding.raw_span = raw_span;
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
                Outcome::Unusable { id, message } => self.warn(number, id, None, message),
            }
        }
    }

    /// Handles one data row of a Security Hub CSV export: another product's row is counted
    /// and left out; a GuardDuty row is rebuilt into its OCSF record and mapped as one.
    pub(super) fn csv_row(
        &mut self,
        header: &security_hub_csv::Header,
        fields: &[String],
        span: RowSpan,
    ) {
        self.seen.pieces += 1;
        let object = security_hub_csv::rebuild(header, fields);
        let json = match security_hub_csv::classify(object) {
            RowKind::OtherProduct => {
                self.report.skipped_other_products += 1;
                return;
            }
            RowKind::GuardDuty(json) => json,
        };
        let mut cx = Context {
            interner: self.interner,
            source_file: self.source_file,
        };
        let outcome = match wire::parse_top(json.as_bytes()) {
            Ok(wire::Top::Object(record)) => match ocsf::normalise(&record, &mut cx) {
                Normalised::Finding(mut finding, warnings) => {
                    finding.dialect = Dialect::SecurityHubCsv;
                    Outcome::Finding(finding, warnings)
                }
                Normalised::Unusable { id, message } => Outcome::Unusable { id, message },
            },
            _ => Outcome::Unusable {
                id: None,
                message: format!("The CSV row at {} could not be read", span.start),
            },
        };
        let raw_span = RawSpan {
            byte_offset: span.start.byte_offset,
            byte_length: span.byte_length,
        };
        self.emit(vec![outcome], Vec::new(), Some(raw_span));
    }

    /// A record that is not valid JSON.
    fn broken(&mut self, piece: &Piece<'_>, first: bool, error: &serde_json::Error) -> Flow {
        let position = error_position(piece.start, piece.bytes, error.line(), error.column());
        let text = error.to_string();
        if text.contains("recursion limit") {
            self.report.error = Some(FileError {
                reason: format!(
                    "The JSON is nested more than {} levels deep (no GuardDuty export is)",
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
            Some(position),
            format!("{reason}; record skipped"),
        );
        if self.seen.first_syntax_error.is_none() {
            self.seen.first_syntax_error = Some(file_error);
        }
        Flow::Continue
    }
}

/// Whether a native-looking record is a GuardDuty finding.
fn looks_like_finding(record: &wire::Record) -> bool {
    let has_type = record.kind.get().is_some() || record.kind_pascal.get().is_some();
    let has_id = record.id.get().is_some()
        || record.id_pascal.get().is_some()
        || record.arn.get().is_some_and(|a| a.contains(":guardduty:"));
    let has_body = !matches!(record.severity, wire::Severity::Absent)
        || record.resource.get().is_some()
        || record.service.get().is_some();
    has_type && (has_id || has_body) || has_id && has_body && record.arn.get().is_some()
}

/// Recognises the dialect of a parsed value and maps every GuardDuty finding in it.
fn walk(
    top: &wire::Top,
    envelope: &EnvelopeInfo,
    in_eventbridge: bool,
    cx: &mut Context<'_>,
    seen: &mut Seen,
    report: &mut FileReport,
    out: &mut Vec<Outcome>,
) {
    match top {
        wire::Top::Array(items) => {
            for item in items {
                walk(item, envelope, in_eventbridge, cx, seen, report, out);
            }
        }
        wire::Top::Object(record) => {
            walk_record(record, envelope, in_eventbridge, cx, seen, report, out)
        }
        wire::Top::Scalar(_) => seen.scalars += 1,
    }
}

fn push_normalised(normalised: Normalised, out: &mut Vec<Outcome>) {
    match normalised {
        Normalised::Finding(finding, warnings) => out.push(Outcome::Finding(finding, warnings)),
        Normalised::Unusable { id, message } => out.push(Outcome::Unusable { id, message }),
    }
}

fn walk_record(
    record: &wire::Record,
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
    let base64_records = record
        .kinesis_records
        .0
        .iter()
        .filter_map(|r| r.get())
        .filter(|r| r.kinesis.get().is_some())
        .count();
    if base64_records > 0 {
        seen.kinesis_records += base64_records as u64;
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
