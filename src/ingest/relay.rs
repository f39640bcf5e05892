//! Moves ingest results from the Web Worker that parses to the page that shows them, as compact
//! binary batches (never JSON to re-parse, never a JS object tree).
//!
//! The worker runs a [`RelaySender`]: an ordinary [`LoadSession`] whose findings go to an outbox
//! instead of its own set. Whenever the worker takes a batch, the outbox is encoded into it (with
//! the file's progress, and at the end of a file its [`FileReport`]) and posted as a
//! transferable `ArrayBuffer`. The page's session applies each batch with
//! [`LoadSession::apply_relayed`]: it decodes the findings, interns the text the worker had
//! interned (and only that) into its own interner, and merges them, so the page's set, reports
//! and merge counts are exactly what a direct load would give. A Rollup v1 file's rows (read
//! whole when the file ends) travel in the same batch as its report, as `(key, counts)` pairs
//! the page adds to its session's rollup: a rollup is small (a year of an organisation is a few
//! megabytes), so it needs no message of its own.
//!
//! The format is private to this module, written and read by the same build. Each shared text
//! is sent once per batch and referred to by index afterwards, so the page hashes each distinct
//! string once per batch rather than once per use. Why not serde + postcard: serde cannot carry that
//! string table, and deserialising `Arc<str>` allocates each string twice on the page's thread,
//! which is exactly the thread this module exists to keep free. Every struct is written and read
//! by one macro from one field list, and destructuring makes a forgotten field a compile error.
//! This file holds the two ends; [`codec`] holds the format.

mod codec;
pub mod pool;

use super::pieces::{merge_pieces, FilePiece};
use super::{FileIngest, Interner, LoadSession};
use crate::model::{
    Dialect, FileError, FileReport, Finding, MergeOutcome, RollupCounts, RollupKey, RoutedFindings,
};

/// A batch that could not be decoded (only possible if the two sides are different builds or
/// the bytes were damaged in between).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelayError(pub String);

impl std::fmt::Display for RelayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the ingest worker sent an unreadable batch ({})", self.0)
    }
}

/// What one applied batch changed, for the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RelayProgress {
    /// Bytes of the current file read so far (compressed bytes for gzip).
    pub bytes_read: u64,
    /// GuardDuty records of the current file read so far.
    pub records_read: u64,
    /// Findings carried by this batch.
    pub findings: u64,
    /// True when the batch ended the file (its report is now in the session).
    pub file_done: bool,
    /// Set when the batch ended a piece of a file: whether the pieces after it are not used
    /// (it failed or read on to the end of the file). The piece waits in the session until
    /// [`LoadSession::finish_relayed_pieces`].
    pub piece_done: Option<PieceDone>,
}

/// How a relayed piece of a file ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PieceDone {
    pub ends_the_file: bool,
}

/// The worker side: parses files and produces encoded batches. Call order per file:
/// `start_file`, then `push` and (whenever the caller wants to post) `take_batch`, then
/// `finish_file`, whose batch carries the file's report.
pub struct RelaySender {
    session: LoadSession,
    file: Option<FileIngest>,
    /// The last batch's size in bytes, to size the next one's buffer.
    batch_bytes_hint: usize,
    /// The findings sent since [`RelaySender::take_sent`], when kept.
    sent: Option<Vec<Finding>>,
}

/// Distinct strings a finding usually brings to a batch, to size the batch's string table.
const TEXTS_PER_FINDING_HINT: usize = 4;

impl Default for RelaySender {
    fn default() -> Self {
        Self::new()
    }
}

impl RelaySender {
    pub fn new() -> Self {
        let mut session = LoadSession::new();
        session.outbox = Some(Vec::new());
        Self {
            session,
            file: None,
            batch_bytes_hint: 0,
            sent: None,
        }
    }

    /// Begins a file (ending any file still open, which cannot happen in a well-behaved caller).
    pub fn start_file(&mut self, file_name: &str) -> Option<Vec<u8>> {
        let unfinished = self.finish_file();
        self.file = Some(self.session.start_file(file_name));
        unfinished
    }

    /// Feeds a chunk; its complete records wait in the outbox for [`RelaySender::take_batch`].
    pub fn push(&mut self, chunk: &[u8]) {
        if let Some(file) = self.file.as_mut() {
            self.session.push(file, chunk);
        }
    }

    /// Findings waiting in the outbox.
    pub fn pending_findings(&self) -> usize {
        self.session.outbox.as_ref().map_or(0, Vec::len)
    }

    /// From now on, keeps the findings each batch carried, for [`RelaySender::take_sent`]
    /// (a pool worker also routes them to their owners' shards: `store::host`).
    pub fn keep_sent_findings(&mut self) {
        self.sent = Some(Vec::new());
    }

    /// The findings the batches since the last call carried, in reading order (empty unless
    /// [`RelaySender::keep_sent_findings`] was called).
    pub fn take_sent(&mut self) -> Vec<Finding> {
        self.sent.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Encodes the waiting findings, with the open file's progress, as one batch.
    pub fn take_batch(&mut self) -> Vec<u8> {
        self.encode_batch(None, None)
    }

    /// Marks the open file unreadable (the worker's own read failed).
    pub fn fail(&mut self, reason: &str) {
        if let Some(file) = self.file.as_mut() {
            file.fail(reason);
        }
    }

    /// Ends the open file: the last findings and the file's report, as one batch.
    pub fn finish_file(&mut self) -> Option<Vec<u8>> {
        let file = self.file.take()?;
        self.session.finish_file(file);
        let report = self.session.reports.pop().unwrap_or_default();
        Some(self.encode_batch(Some(report), None))
    }

    /// Begins the piece of a file that starts at `byte_offset` (see
    /// `LoadSession::start_file_piece`); it ends with [`RelaySender::finish_piece`].
    pub fn start_piece(&mut self, file_name: &str, byte_offset: u64) -> Option<Vec<u8>> {
        let unfinished = self.finish_file();
        self.file = Some(self.session.start_file_piece(file_name, byte_offset));
        unfinished
    }

    /// Whether the open piece may end here (see `FileIngest::piece_may_end_here`); when not,
    /// its reader reads on to the end of the file.
    pub fn piece_may_end_here(&self) -> bool {
        self.file
            .as_ref()
            .is_some_and(FileIngest::piece_may_end_here)
    }

    /// Ends the open piece: the last findings and the piece, as one batch.
    pub fn finish_piece(&mut self, reached_file_end: bool) -> Option<Vec<u8>> {
        let file = self.file.take()?;
        let piece = self.session.finish_piece(file, reached_file_end);
        Some(self.encode_batch(None, Some(piece)))
    }

    fn encode_batch(&mut self, report: Option<FileReport>, piece: Option<FilePiece>) -> Vec<u8> {
        let findings = self.session.outbox.as_mut().map(std::mem::take);
        let findings = findings.unwrap_or_default();
        let ended = report.as_ref().or(piece.as_ref().map(FilePiece::report));
        let (bytes_read, records_read) = match (ended, &self.file) {
            (Some(report), _) => (report.bytes_read, report.records),
            (None, Some(file)) => (file.bytes_read(), file.records_read()),
            (None, None) => (0, 0),
        };
        let rollup_rows = std::mem::take(&mut self.session.rollup)
            .into_rows()
            .collect();
        let batch = Batch {
            bytes_read,
            records_read,
            findings,
            rollup_rows,
            report,
            piece,
        };
        let bytes = codec::encode(
            &batch,
            self.batch_bytes_hint,
            batch.findings.len() * TEXTS_PER_FINDING_HINT,
        );
        // The page interns what it receives, so the worker's interner only needs to share text
        // within a batch; starting afresh keeps the worker's memory flat however big the load.
        // Clearing keeps the tables' capacity, so the next batch does not regrow them.
        self.session.interner.clear();
        self.batch_bytes_hint = bytes.len();
        if let Some(sent) = self.sent.as_mut() {
            sent.extend(batch.findings);
        }
        bytes
    }
}

/// Bytes of a routed batch's header: file, piece, held and the record count (4 bytes each).
const ROUTED_HEADER_BYTES: usize = 16;

/// Encodes findings on their way to the worker that owns them (see `store::host`): the header
/// and record numbers as little-endian `u32`s, then the findings in the batch format.
pub fn encode_routed(routed: RoutedFindings) -> Vec<u8> {
    let RoutedFindings {
        file,
        piece,
        held,
        records,
        findings,
    } = routed;
    let strings = findings.len() * TEXTS_PER_FINDING_HINT;
    let batch = Batch {
        bytes_read: 0,
        records_read: 0,
        findings,
        rollup_rows: Vec::new(),
        report: None,
        piece: None,
    };
    let encoded = codec::encode(&batch, 0, strings);
    let mut bytes = Vec::with_capacity(ROUTED_HEADER_BYTES + 4 * records.len() + encoded.len());
    let count = u32::try_from(records.len()).unwrap_or(u32::MAX);
    for word in [file, piece, u32::from(held), count]
        .into_iter()
        .chain(records)
    {
        bytes.extend_from_slice(&word.to_le_bytes());
    }
    bytes.extend_from_slice(&encoded);
    bytes
}

/// Reads what [`encode_routed`] wrote, interning its text into `interner`.
pub fn decode_routed(bytes: &[u8], interner: &mut Interner) -> Result<RoutedFindings, RelayError> {
    let word = |index: usize| -> Result<u32, RelayError> {
        bytes
            .get(4 * index..4 * index + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .ok_or_else(|| RelayError("a routed batch ends early".into()))
    };
    let count = word(3)? as usize;
    let records = (0..count)
        .map(|i| word(4 + i))
        .collect::<Result<Vec<_>, _>>()?;
    let findings = codec::decode(&bytes[ROUTED_HEADER_BYTES + 4 * count..], interner)?.findings;
    if findings.len() != records.len() {
        return Err(RelayError(
            "a routed batch's records and findings differ".into(),
        ));
    }
    Ok(RoutedFindings {
        file: word(0)?,
        piece: word(1)?,
        held: word(2)? != 0,
        records,
        findings,
    })
}

/// The bytes of its file a batch says were read (its first field), without decoding the rest:
/// the page shows a worker's progress before the batch's turn to be applied comes.
pub fn batch_bytes_read(batch_bytes: &[u8]) -> Option<u64> {
    codec::bytes_read_of(batch_bytes)
}

/// One message from the worker.
pub(super) struct Batch {
    bytes_read: u64,
    records_read: u64,
    findings: Vec<Finding>,
    /// Rows of the rollup file that just ended (empty for finding files).
    rollup_rows: Vec<(RollupKey, RollupCounts)>,
    report: Option<FileReport>,
    /// At the end of a piece of a file, the piece (instead of a report).
    piece: Option<FilePiece>,
}

/// Merge counts of the file currently arriving, kept until its report does (or until the
/// page learns its worker stopped: see [`LoadSession::fail_relayed_file`]).
#[derive(Clone, Debug, Default)]
pub(super) struct RelayCounts {
    added: u64,
    duplicates: u64,
    /// The dialects of its findings so far (the report names them; a file whose worker
    /// stopped has no report but its own).
    dialects: Vec<Dialect>,
}

impl LoadSession {
    /// Applies one batch made by a [`RelaySender`]: merges its findings (as the next file in
    /// load order) and, at the end of a file, records the file's report with its merge counts.
    pub fn apply_relayed(&mut self, batch_bytes: &[u8]) -> Result<RelayProgress, RelayError> {
        let batch = codec::decode(batch_bytes, &mut self.interner)?;
        let source_file = u32::try_from(self.reports.len()).unwrap_or(u32::MAX);
        let findings = batch.findings.len() as u64;
        for mut finding in batch.findings {
            finding.source_file = source_file;
            if !self.relay_counts.dialects.contains(&finding.dialect) {
                self.relay_counts.dialects.push(finding.dialect);
            }
            match self.findings.merge(finding) {
                MergeOutcome::Added => self.relay_counts.added += 1,
                _ => self.relay_counts.duplicates += 1,
            }
        }
        for (key, counts) in batch.rollup_rows {
            self.rollup.add(key, counts);
        }
        let file_done = batch.report.is_some();
        if let Some(report) = batch.report {
            self.push_relayed_report(report);
        }
        let piece_done = batch.piece.map(|piece| {
            let ends_the_file = piece.ends_the_file();
            self.relay_pieces.push(piece);
            PieceDone { ends_the_file }
        });
        Ok(RelayProgress {
            bytes_read: batch.bytes_read,
            records_read: batch.records_read,
            findings,
            file_done,
            piece_done,
        })
    }

    /// Ends the relayed file whose pieces have all arrived (or whose last piece used ended
    /// it): its report is the pieces merged (`file_bytes` is the file's size), with the merge
    /// counts of every finding they carried.
    pub fn finish_relayed_pieces(&mut self, file_bytes: u64) -> &FileReport {
        let pieces = std::mem::take(&mut self.relay_pieces);
        let (report, _) = merge_pieces(pieces, Some(file_bytes));
        self.push_relayed_report(report);
        &self.reports[self.reports.len() - 1]
    }

    /// Records a relayed file's report with the merge counts of the findings applied for it.
    fn push_relayed_report(&mut self, mut report: FileReport) {
        let counts = std::mem::take(&mut self.relay_counts);
        report.findings_added = counts.added;
        report.duplicates = counts.duplicates;
        self.reports.push(report);
    }

    /// Ends the relayed file now arriving when its worker stopped before sending the file's
    /// report: the report holds what the applied batches carried (`read`: the bytes and
    /// records of the last one; the findings added and duplicates; the dialects seen) and
    /// `reason` as its error. The findings stay loaded under this report's file.
    pub fn fail_relayed_file(
        &mut self,
        file_name: &str,
        reason: String,
        read: RelayProgress,
    ) -> &FileReport {
        let counts = std::mem::take(&mut self.relay_counts);
        // The pieces of the file that arrived whole come first; the one the worker stopped in
        // adds what its last batch said.
        let pieces = std::mem::take(&mut self.relay_pieces);
        let mut report = if pieces.is_empty() {
            FileReport::new(file_name)
        } else {
            merge_pieces(pieces, None).0
        };
        report.bytes_read += read.bytes_read;
        report.records += read.records_read;
        report.findings_added = counts.added;
        report.duplicates = counts.duplicates;
        for dialect in counts.dialects {
            report.saw_dialect(dialect);
        }
        report.error = None;
        self.push_failed_report(report, reason)
    }

    /// Records a file that could not be read at all: a report naming it with `reason` as its
    /// error, and nothing else. The same report as `start_file`, `fail` and `finish_file` give,
    /// without reaching the parser, so the page's module (which only applies batches) does not
    /// link it.
    pub fn record_unreadable(&mut self, file_name: &str, reason: String) -> &FileReport {
        self.push_failed_report(FileReport::new(file_name), reason)
    }

    fn push_failed_report(&mut self, mut report: FileReport, reason: String) -> &FileReport {
        report.error = Some(FileError {
            reason,
            position: None,
        });
        self.reports.push(report);
        &self.reports[self.reports.len() - 1]
    }
}
