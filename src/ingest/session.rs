//! The load session: files fed as chunks (`start_file`, `push`, `finish_file`), gzip detected
//! and decoded as a stream, each file's report finished (empty files, files without findings);
//! the records themselves go to [`super::dispatch`]. A file's first decoded line is held back
//! until it tells a Rollup v1 file (read whole by [`super::rollup`] at the end) or a Security
//! Hub CSV export (rows cut by [`super::security_hub_csv`]) from JSON findings (handed to the
//! splitter, held bytes first).

use std::io::Write;

use flate2::write::MultiGzDecoder;

use super::dispatch::{FileParts, Seen, Sink};
use super::intern::Interner;
use super::pieces::{self, FilePiece, PieceContent};
use super::relay;
use super::rollup::{read_rollup, recognise_rollup};
use super::security_hub_csv::{self, CsvRows};
use super::splitter::Splitter;
use crate::model::{FileError, FileReport, FindingSet, Rollup};

/// The first two bytes of every gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Compressed bytes handed to the gzip decoder at a time (about 4–8× as much decoded text):
/// always whole blocks at the same offsets of the file, whatever the chunks it arrives in, so
/// what is decoded before a corruption (and so the error reported) never depends on chunking.
const GZIP_INPUT_BLOCK_BYTES: usize = 64 * 1024;

/// Decoded bytes held back, at most, to recognise a rollup or a CSV export: the signature of
/// either is the first line (the CLI's `read_if_rollup` looks at as many).
const ROLLUP_PEEK_BYTES: usize = 64 * 1024;

/// Everything loaded so far: the merged findings, the interner and the per-file reports.
pub struct LoadSession {
    pub(super) findings: FindingSet,
    pub(super) interner: Interner,
    pub(super) reports: Vec<FileReport>,
    /// When set (in the ingest worker), findings go here for [`RelaySender`] instead of into
    /// `findings`.
    pub(super) outbox: Option<Vec<crate::model::Finding>>,
    /// Merge counts of the relayed file now arriving (page side of the relay).
    pub(super) relay_counts: relay::RelayCounts,
    /// The pieces of the relayed file now arriving, in file order (page side of the relay).
    pub(super) relay_pieces: Vec<FilePiece>,
    /// The rows of every rollup file read, added up (rollups of disjoint data add exactly).
    /// In the ingest worker, the rows read since the last batch.
    pub(super) rollup: Rollup,
}

/// What the file's decoded text turned out to be.
enum Content {
    /// The first line is not complete yet (and under [`ROLLUP_PEEK_BYTES`]): held back.
    Undecided(Vec<u8>),
    /// JSON findings in any of their shapes: the text goes to the splitter.
    Findings,
    /// Security Hub's `StartExportJobV2` CSV output: the text goes to its row cutter.
    SecurityHubCsv(Box<CsvRows>),
    /// A Rollup v1 file: its whole text, read when the file ends.
    Rollup(Vec<u8>),
}

/// How the file's bytes are decoded.
enum Decoding {
    /// Fewer than two bytes seen: gzip or not is still unknown.
    Undecided(Vec<u8>),
    Plain,
    Gzip(Box<GzipStream>),
}

/// A gzip file being decoded: the decoder, and the compressed bytes of the block not yet
/// complete (fed at the next full block or when the file ends).
struct GzipStream {
    decoder: MultiGzDecoder<Vec<u8>>,
    partial_block: Vec<u8>,
}
/// The streaming state of one file being read.
pub struct FileIngest {
    pub(super) report: FileReport,
    pub(super) source_file: u32,
    pub(super) splitter: Splitter,
    decoding: Decoding,
    content: Content,
    pub(super) seen: Seen,
    /// Records (GuardDuty or unreadable) numbered so far, for warnings.
    pub(super) record_counter: u64,
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

    /// Whether a reader of a piece of this file may stop at the end of the piece's bytes: the
    /// file has failed (whatever follows is not read), or everything so far is plain JSON
    /// text whose scanner stands between two top-level records after at least one record,
    /// so a piece that starts here reads exactly what the whole file's reader would. When
    /// neither holds (the cut fell inside a record, or the piece is gzip, CSV or a rollup),
    /// the reader goes on to the end of the file, and the pieces after it are not used.
    pub fn piece_may_end_here(&self) -> bool {
        self.report.error.is_some()
            || matches!(self.decoding, Decoding::Plain)
                && matches!(self.content, Content::Findings)
                && (self.seen.continues_file || self.seen.pieces > 0)
                && self.splitter.between_top_level_values()
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
            relay_pieces: Vec::new(),
            rollup: Rollup::new(),
        }
    }

    /// Begins reading a file; its findings will carry the next source-file index.
    pub fn start_file(&mut self, file_name: &str) -> FileIngest {
        FileIngest {
            report: FileReport::new(file_name),
            source_file: u32::try_from(self.reports.len()).unwrap_or(u32::MAX),
            splitter: Splitter::new(),
            decoding: Decoding::Undecided(Vec::new()),
            content: Content::Undecided(Vec::new()),
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
            file.decoding = Decoding::Gzip(Box::new(GzipStream {
                decoder: MultiGzDecoder::new(Vec::new()),
                partial_block: Vec::with_capacity(GZIP_INPUT_BLOCK_BYTES),
            }));
        } else {
            file.decoding = Decoding::Plain;
        }
        self.feed_encoded(file, first);
    }

    fn feed_encoded(&mut self, file: &mut FileIngest, bytes: &[u8]) {
        match &mut file.decoding {
            Decoding::Plain => self.feed_decoded(file, bytes),
            Decoding::Gzip(stream) => {
                // Whole blocks at fixed offsets (see GZIP_INPUT_BLOCK_BYTES). Small blocks also
                // keep the decoded text in cache on its way to the splitter, and the decoder's
                // output buffer is reused instead of growing to a whole chunk's decoded size.
                let mut rest = bytes;
                if !stream.partial_block.is_empty() {
                    let missing = GZIP_INPUT_BLOCK_BYTES - stream.partial_block.len();
                    let (head, tail) = rest.split_at(missing.min(rest.len()));
                    stream.partial_block.extend_from_slice(head);
                    rest = tail;
                    if stream.partial_block.len() < GZIP_INPUT_BLOCK_BYTES {
                        return;
                    }
                    let block = std::mem::take(&mut stream.partial_block);
                    if !self.decode_block(file, &block) {
                        return;
                    }
                    if let Decoding::Gzip(stream) = &mut file.decoding {
                        stream.partial_block = block;
                        stream.partial_block.clear();
                    }
                }
                let mut blocks = rest.chunks_exact(GZIP_INPUT_BLOCK_BYTES);
                for block in blocks.by_ref() {
                    if !self.decode_block(file, block) {
                        return;
                    }
                }
                if let Decoding::Gzip(stream) = &mut file.decoding {
                    stream.partial_block.extend_from_slice(blocks.remainder());
                }
            }
            Decoding::Undecided(_) => {}
        }
    }

    /// Decodes one block of compressed bytes and feeds the text; `false` once the file has an
    /// error (the text decoded before a corruption is still fed).
    fn decode_block(&mut self, file: &mut FileIngest, block: &[u8]) -> bool {
        let Decoding::Gzip(stream) = &mut file.decoding else {
            return false;
        };
        let decoder = &mut stream.decoder;
        let written = decoder.write_all(block).and_then(|()| decoder.flush());
        let mut output = std::mem::take(decoder.get_mut());
        self.feed_decoded(file, &output);
        output.clear();
        if let Decoding::Gzip(stream) = &mut file.decoding {
            *stream.decoder.get_mut() = output;
        }
        if let Err(error) = written {
            set_error(
                file,
                FileError {
                    reason: format!("The gzip data is corrupt ({error})"),
                    position: None,
                },
            );
        }
        file.report.error.is_none()
    }

    fn feed_decoded(&mut self, file: &mut FileIngest, bytes: &[u8]) {
        if file.report.error.is_some() || bytes.is_empty() {
            return;
        }
        match &mut file.content {
            Content::Findings | Content::SecurityHubCsv(_) => self.split(file, bytes),
            Content::Rollup(text) => text.extend_from_slice(bytes),
            Content::Undecided(held) => {
                held.extend_from_slice(bytes);
                if held.len() >= ROLLUP_PEEK_BYTES || first_line_is_complete(held) {
                    self.decide_content(file);
                }
            }
        }
    }

    /// Ends the wait for the first line: a rollup keeps its text; a Security Hub CSV export
    /// or JSON goes to its row cutter or the splitter from the first byte.
    fn decide_content(&mut self, file: &mut FileIngest) {
        let Content::Undecided(held) = &mut file.content else {
            return;
        };
        let held = std::mem::take(held);
        if recognise_rollup(&held).is_some() {
            file.content = Content::Rollup(held);
            return;
        }
        // Whatever has arrived is all the first line there will be to judge by.
        match security_hub_csv::recognise(&held, true).flatten() {
            Some(header) if !header.has_finding_id() => {
                file.content = Content::Findings;
                set_error(
                    file,
                    FileError {
                        reason: "This Security Hub CSV export has no finding_info.uid column, so its findings cannot be told apart; export again with finding_info.uid among the selected fields".into(),
                        position: None,
                    },
                );
            }
            Some(header) => {
                file.content = Content::SecurityHubCsv(Box::new(CsvRows::new(header)));
                self.split(file, &held);
            }
            None => {
                file.content = Content::Findings;
                self.split(file, &held);
            }
        }
    }

    /// Cuts records (JSON) or rows (CSV export) out of decoded text and hands them on.
    fn split(&mut self, file: &mut FileIngest, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let result = match take_csv(file) {
            Some(mut rows) => {
                let result = {
                    let (_, mut sink) = sink_for_file(self, file);
                    let header = rows.header.clone();
                    rows.feed(bytes, &mut |fields, span| {
                        sink.csv_row(&header, &fields, span)
                    })
                };
                file.content = Content::SecurityHubCsv(rows);
                result
            }
            None => {
                let (splitter, mut sink) = sink_for_file(self, file);
                splitter.feed(bytes, &mut |piece| sink.piece(piece))
            }
        };
        if let Err(error) = result {
            set_error(file, error);
        }
    }

    /// Ends the file: parses what is left, records the report and returns it.
    pub fn finish_file(&mut self, file: FileIngest) -> &FileReport {
        let piece = self.finish_piece(file, true);
        let (report, _) = pieces::merge_pieces(vec![piece], None);
        self.reports.push(report);
        match self.reports.last() {
            Some(report) => report,
            None => unreachable_report(),
        }
    }

    /// Begins reading the piece of a file that starts at `byte_offset`, where the piece
    /// before it ended between two top-level records at a line start (see
    /// [`FileIngest::piece_may_end_here`]). Offset 0 is the file's first piece, read as
    /// [`LoadSession::start_file`] reads a file; a later piece is plain JSON text from its
    /// first byte (only the first piece can be gzip, CSV or a rollup).
    pub fn start_file_piece(&mut self, file_name: &str, byte_offset: u64) -> FileIngest {
        let mut file = self.start_file(file_name);
        if byte_offset > 0 {
            file.splitter = Splitter::starting_at(byte_offset);
            file.decoding = Decoding::Plain;
            file.content = Content::Findings;
            file.seen.continues_file = true;
        }
        file
    }

    /// Ends a piece of a file: parses what is left of it and returns what the merge of the
    /// file's pieces needs ([`pieces::merge_pieces`]); `reached_file_end` says the piece ran to
    /// the end of the file (the last piece, or one that read on past its own end).
    pub fn finish_piece(&mut self, mut file: FileIngest, reached_file_end: bool) -> FilePiece {
        if let Decoding::Undecided(pending) = &mut file.decoding {
            let data = std::mem::take(pending);
            if !data.is_empty() {
                self.decide(&mut file, &data);
            } else {
                file.decoding = Decoding::Plain;
            }
        }
        if let Decoding::Gzip(stream) = &mut file.decoding {
            let last_block = std::mem::take(&mut stream.partial_block);
            if file.report.error.is_none() && !last_block.is_empty() {
                self.decode_block(&mut file, &last_block);
            }
        }
        if file.report.error.is_none() {
            if let Decoding::Gzip(stream) = &mut file.decoding {
                let decoder = &mut stream.decoder;
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
        // Even after an error: text held back before a gzip corruption is read like the rest.
        self.decide_content(&mut file);
        let content = if let Content::Rollup(text) = &mut file.content {
            let text = std::mem::take(text);
            if file.report.error.is_none() {
                self.read_rollup_file(&mut file, &text);
            }
            PieceContent::Rollup
        } else {
            self.flush_findings(&mut file)
        };
        FilePiece {
            report: file.report,
            seen: file.seen,
            record_counter: file.record_counter,
            top_values: file.splitter.top_values(),
            bytes_decoded: file.splitter.bytes_seen(),
            newlines: file.splitter.newlines_seen(),
            content,
            reached_file_end,
        }
    }

    /// Ends a findings piece: the splitter's (or CSV cutter's) last record.
    fn flush_findings(&mut self, file: &mut FileIngest) -> PieceContent {
        let mut csv_rows = take_csv(file);
        if file.report.error.is_none() {
            let result = match &mut csv_rows {
                Some(rows) => {
                    let (_, mut sink) = sink_for_file(self, file);
                    let header = rows.header.clone();
                    rows.finish(&mut |fields, span| sink.csv_row(&header, &fields, span))
                }
                None => {
                    let (splitter, mut sink) = sink_for_file(self, file);
                    splitter.finish(&mut |piece| sink.piece(piece))
                }
            };
            if let Err(error) = result {
                set_error(file, error);
            }
        }
        match csv_rows {
            Some(rows) => PieceContent::Csv { rows: rows.rows },
            None => PieceContent::Findings,
        }
    }

    /// Reads a rollup file's whole text into the session's rollup; a row that cannot be read
    /// fails the file (no row of it is kept: a partial rollup would undercount silently).
    fn read_rollup_file(&mut self, file: &mut FileIngest, text: &[u8]) {
        match read_rollup(text) {
            Ok(rollup) => {
                file.report.rollup = Some(rollup.file_summary());
                self.rollup.merge(rollup);
            }
            Err(reason) => set_error(
                file,
                FileError {
                    reason: format!("This Rollup v1 file cannot be read: {reason}"),
                    position: None,
                },
            ),
        }
    }

    /// The rows of every rollup file loaded, added up.
    pub fn rollup(&self) -> &Rollup {
        &self.rollup
    }

    /// The session's reports and its kept findings, owned (for a caller that moves the
    /// findings on, e.g. into the columnar store's shards).
    pub fn into_parts(self) -> (Vec<FileReport>, Vec<crate::model::Finding>) {
        (self.reports, self.findings.into_findings())
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

/// The file's CSV row cutter, taken out while it feeds the sink (the caller puts it back).
fn take_csv(file: &mut FileIngest) -> Option<Box<CsvRows>> {
    match std::mem::replace(&mut file.content, Content::Findings) {
        Content::SecurityHubCsv(rows) => Some(rows),
        other => {
            file.content = other;
            None
        }
    }
}

/// Whether the held text has a whole first line (after leading blank space), which is all
/// [`recognise_rollup`] reads.
fn first_line_is_complete(held: &[u8]) -> bool {
    held.iter()
        .position(|b| !b.is_ascii_whitespace())
        .is_some_and(|start| held.get(start..).is_some_and(|rest| rest.contains(&b'\n')))
}

/// `finish_file` always pushes a report before reading it back; this only satisfies the
/// type checker without a panic path.
fn unreachable_report() -> &'static FileReport {
    static EMPTY: std::sync::OnceLock<FileReport> = std::sync::OnceLock::new();
    EMPTY.get_or_init(FileReport::default)
}

pub(super) fn set_error(file: &mut FileIngest, error: FileError) {
    if file.report.error.is_none() {
        file.report.error = Some(error);
    }
}

/// The record handler for `file`, and the file's splitter that feeds it, borrowed apart.
fn sink_for_file<'a>(
    session: &'a mut LoadSession,
    file: &'a mut FileIngest,
) -> (&'a mut Splitter, Sink<'a>) {
    let FileIngest {
        report,
        source_file,
        splitter,
        seen,
        record_counter,
        ..
    } = file;
    let parts = FileParts {
        report,
        seen,
        record_counter,
        source_file: *source_file,
    };
    let sink = Sink::new(
        &mut session.findings,
        session.outbox.as_mut(),
        &mut session.interner,
        parts,
    );
    (splitter, sink)
}
