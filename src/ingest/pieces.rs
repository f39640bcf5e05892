//! One file read as pieces by several parsers at once: where to cut a large JSON Lines file
//! ([`may_cut`], [`cut_after`]), and the merge of the pieces' results into the report one
//! reader of the whole file gives ([`merge_pieces`]).
//!
//! The rule that keeps the merge exact whatever the cut points: a piece's reader may stop at
//! the end of its bytes only where the whole file's reader would stand between two top-level
//! records, right after a line break ([`super::FileIngest::piece_may_end_here`]); otherwise it reads on to the end of
//! the file, and the pieces after it are not used. A piece that fails ends the file too, as
//! the whole file's reader stops there. So the pieces used are a prefix of the file's pieces,
//! each read exactly as the whole file's reader reads those bytes; the merge only renumbers
//! records and lines (a piece counts both from its own start; byte offsets are the file's
//! from the start) and adds counts up. The cut points only decide how much work is shared.
//! `LoadSession::finish_file` is the merge of one piece, so every whole-file load runs the
//! same code.

use super::dispatch::{describe_seen, shift_lines, Seen, MAX_WARNINGS_PER_FILE};
use super::rollup::recognise_rollup;
use super::LoadSession;
use crate::model::{FileError, FileReport, RecordWarning};

/// What a piece's text turned out to be (only a file's first piece, read to the end, can be a
/// CSV export or a rollup).
pub(super) enum PieceContent {
    Findings,
    /// A Security Hub CSV export, with its data rows.
    Csv {
        rows: u64,
    },
    Rollup,
}

/// A finished piece of a file: its report (records and lines numbered from the piece's start)
/// and the counts the verdict on the whole file needs. Made by `LoadSession::finish_piece`.
pub struct FilePiece {
    pub(super) report: FileReport,
    pub(super) seen: Seen,
    /// Records numbered in this piece.
    pub(super) record_counter: u64,
    /// Top-level values the scanner started.
    pub(super) top_values: u64,
    /// Decoded bytes the scanner saw.
    pub(super) bytes_decoded: u64,
    pub(super) newlines: u64,
    pub(super) content: PieceContent,
    pub(super) reached_file_end: bool,
}

impl FilePiece {
    /// Whether the pieces after this one are not used: it failed, or it ran to the end of the
    /// file.
    pub fn ends_the_file(&self) -> bool {
        self.reached_file_end || self.report.error.is_some()
    }

    /// This piece's report so far (records and lines numbered from the piece's start).
    pub fn report(&self) -> &FileReport {
        &self.report
    }
}

/// The smallest piece (so a file is cut from twice this size): below it, one parser reads the
/// bytes sooner than a piece's start-up and merge would pay back.
pub const MIN_PIECE_BYTES: u64 = 8 * 1024 * 1024;

/// How far past a planned cut point [`cut_after`] looks for a record boundary.
pub const CUT_SEARCH_BYTES: usize = 1024 * 1024;

/// How many pieces to read a file of `file_bytes` in with `parsers` parsers at once, none
/// larger than `largest_piece_bytes` where that allows (more pieces than parsers keep memory
/// flat where pieces wait to be applied in order) and none smaller than [`MIN_PIECE_BYTES`]:
/// 1 means read whole.
pub fn piece_count(file_bytes: u64, parsers: usize, largest_piece_bytes: u64) -> usize {
    if parsers < 2 {
        return 1;
    }
    let for_size = file_bytes.div_ceil(largest_piece_bytes.max(1));
    let most = file_bytes / MIN_PIECE_BYTES;
    let count = (parsers as u64).max(for_size).min(most);
    usize::try_from(count).unwrap_or(usize::MAX).max(1)
}

/// Where the search for piece `index`'s start begins (pieces are planned at equal shares; the
/// actual start is the record boundary after this, see [`piece_start`]).
pub fn planned_cut(file_bytes: u64, index: usize, count: usize) -> u64 {
    file_bytes / count.max(1) as u64 * index as u64
}

/// Piece `index`'s start, from `window` (the file's bytes from `planned`, the piece's
/// [`planned_cut`]; up to [`CUT_SEARCH_BYTES`]): the record boundary [`cut_after`] finds,
/// when there is one before the end of the file. Every reader of the file computes the same
/// starts from the same bytes, so the pieces tile the file without talking to each other.
pub fn piece_start(planned: u64, window: &[u8], file_bytes: u64) -> Option<u64> {
    cut_after(window)
        .map(|at| planned + at as u64)
        .filter(|&start| start < file_bytes)
}

/// Whether a file that starts with `head` (its first bytes, at least its first line) may be
/// cut into pieces: plain JSON text (not gzip) whose first line is one whole JSON object that
/// is not a rollup's header. A file this lets through but that is not JSON Lines is still
/// read exactly (its first piece reads on to the end); it only gains nothing.
pub fn may_cut(head: &[u8]) -> bool {
    let Some(start) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    let rest = &head[start..];
    let Some(line_end) = rest.iter().position(|&b| b == b'\n') else {
        return false;
    };
    let first_line = rest[..line_end].trim_ascii_end();
    first_line.first() == Some(&b'{')
        && first_line.last() == Some(&b'}')
        && recognise_rollup(head).is_none()
}

/// Where a piece may start in `window` (bytes of the file from a planned cut point): just
/// after the first newline that follows a `}` (blank space between allowed) and precedes a
/// `{` (blank space between allowed), the one place where valid JSON has a line break between
/// two top-level objects and never inside one. `None` when the window holds no such place.
pub fn cut_after(window: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = window[from..].iter().position(|&b| b == b'\n') {
        let newline = from + offset;
        let before = window[..newline].trim_ascii_end();
        let after = window[newline + 1..].trim_ascii_start();
        if before.last() == Some(&b'}') && after.first() == Some(&b'{') {
            return Some(newline + 1);
        }
        if after.is_empty() {
            return None;
        }
        from = newline + 1;
    }
    None
}

/// Where a piece's reader stands: the next bytes to read by the rule above, for any reader
/// (the CLI's [`read_piece`], the browser worker's Blob slices).
#[derive(Clone, Copy, Debug)]
pub struct PieceCursor {
    offset: u64,
    stop_at: u64,
    file_bytes: u64,
    stopped: bool,
}

impl PieceCursor {
    /// The piece `start..end` of a file of `file_bytes` bytes.
    pub fn new((start, end): (u64, u64), file_bytes: u64) -> Self {
        Self {
            offset: start,
            stop_at: end.min(file_bytes),
            file_bytes,
            stopped: false,
        }
    }

    /// The next bytes to read, `(from, to)`, at most `most` of them; `None` once the piece is
    /// read. At the end of the piece's own bytes `may_end_here` is asked
    /// (`FileIngest::piece_may_end_here`): when it says no, reading goes on to the end of the file.
    pub fn next(&mut self, most: u64, may_end_here: impl FnOnce() -> bool) -> Option<(u64, u64)> {
        if self.stopped {
            return None;
        }
        if self.offset >= self.stop_at {
            if self.stop_at >= self.file_bytes || may_end_here() {
                return None;
            }
            self.stop_at = self.file_bytes;
        }
        (self.offset < self.stop_at)
            .then(|| (self.offset, self.stop_at.min(self.offset + most.max(1))))
    }

    /// `bytes` of the range were read; 0 means the file ended early, which ends the piece
    /// (and the file).
    pub fn advance(&mut self, bytes: u64) {
        if bytes == 0 {
            self.stopped = true;
        }
        self.offset += bytes;
    }

    /// Ends the piece where it is (a read failed or the load was cancelled): the pieces after
    /// it are not used.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// Whether the piece ran to the end of the file (or stopped), for `finish_piece`.
    pub fn reached_file_end(&self) -> bool {
        self.stopped || self.offset >= self.file_bytes
    }
}

/// Reads the piece `start..end` of a file of `file_bytes` bytes into `session` with the rule
/// above ([`PieceCursor`]), `chunk_bytes` at a time through `read_at(offset, buffer)`, which
/// fills the buffer from the file's `offset` and says how many bytes it gave (0 at the end of
/// the file). A read error fails the piece with the error as its reason.
pub fn read_piece(
    session: &mut LoadSession,
    file_name: &str,
    range: (u64, u64),
    file_bytes: u64,
    chunk_bytes: usize,
    read_at: &mut dyn FnMut(u64, &mut [u8]) -> std::io::Result<usize>,
) -> FilePiece {
    let mut file = session.start_file_piece(file_name, range.0);
    let mut buffer = vec![0; chunk_bytes.max(1)];
    let mut cursor = PieceCursor::new(range, file_bytes);
    while let Some((from, to)) = cursor.next(buffer.len() as u64, || file.piece_may_end_here()) {
        let wanted = usize::try_from(to - from).map_or(buffer.len(), |n| n.min(buffer.len()));
        match read_at(from, &mut buffer[..wanted]) {
            Ok(read) => {
                session.push(&mut file, &buffer[..read]);
                cursor.advance(read as u64);
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => {
                file.fail(format!("The file could not be read ({error})"));
                cursor.stop();
            }
        }
    }
    session.finish_piece(file, cursor.reached_file_end())
}

/// [`read_piece`] for a file held in memory.
pub fn read_piece_of_bytes(
    session: &mut LoadSession,
    file_name: &str,
    range: (u64, u64),
    bytes: &[u8],
    chunk_bytes: usize,
) -> FilePiece {
    let mut read_at = |offset: u64, buffer: &mut [u8]| {
        let from = usize::try_from(offset).map_or(bytes.len(), |o| o.min(bytes.len()));
        let n = buffer.len().min(bytes.len() - from);
        buffer[..n].copy_from_slice(&bytes[from..from + n]);
        Ok(n)
    };
    let file_bytes = bytes.len() as u64;
    read_piece(
        session,
        file_name,
        range,
        file_bytes,
        chunk_bytes,
        &mut read_at,
    )
}

/// Merges a file's pieces, in file order, into the report one reader of the whole file gives;
/// also returns how many pieces were used (the findings of the pieces after them must be
/// dropped). `file_bytes` is the file's size, reported as read as the whole file's reader
/// reads every byte (even after a failure, which only stops the parsing); `None` for a file
/// read whole. The merge counts (`findings_added`, `duplicates`) are the
/// pieces' own, summed: the caller that merges the findings sets them.
pub fn merge_pieces(pieces: Vec<FilePiece>, file_bytes: Option<u64>) -> (FileReport, usize) {
    let used = pieces
        .iter()
        .position(FilePiece::ends_the_file)
        .map_or(pieces.len(), |index| index + 1);
    let mut pieces = pieces.into_iter().take(used);
    let Some(mut whole) = pieces.next() else {
        return (FileReport::default(), 0);
    };
    let mut warnings_over_cap = 0;
    for piece in pieces {
        absorb(&mut whole, piece, &mut warnings_over_cap);
    }
    whole.seen.warnings_dropped += warnings_over_cap;
    if let Some(size) = file_bytes {
        whole.report.bytes_read = size;
    }
    (judge(whole), used)
}

/// Adds the piece that follows `whole` in the file.
fn absorb(whole: &mut FilePiece, next: FilePiece, warnings_over_cap: &mut u64) {
    let records_before = whole.record_counter;
    let lines_before = whole.newlines;
    let FilePiece {
        report,
        seen,
        record_counter,
        top_values,
        bytes_decoded,
        newlines,
        content: _,
        reached_file_end,
    } = next;
    let into = &mut whole.report;
    into.bytes_read += report.bytes_read;
    for dialect in report.dialects {
        into.saw_dialect(dialect);
    }
    into.records += report.records;
    into.findings_added += report.findings_added;
    into.duplicates += report.duplicates;
    into.skipped_other_products += report.skipped_other_products;
    for mut warning in report.warnings {
        if into.warnings.len() >= MAX_WARNINGS_PER_FILE {
            *warnings_over_cap += 1;
            continue;
        }
        warning.record_number += records_before;
        shift_lines(&mut warning.position, lines_before);
        into.warnings.push(warning);
    }
    if into.error.is_none() {
        into.error = report.error.map(|mut error| {
            shift_lines(&mut error.position, lines_before);
            error
        });
    }
    whole.seen.absorb(seen, lines_before);
    whole.record_counter += record_counter;
    whole.top_values += top_values;
    whole.bytes_decoded += bytes_decoded;
    whole.newlines += newlines;
    whole.reached_file_end = reached_file_end;
}

/// The verdict on a whole findings file: a file that gave no findings says why, and the
/// warnings not kept are counted.
fn judge(mut file: FilePiece) -> FileReport {
    if matches!(file.content, PieceContent::Rollup) {
        return file.report;
    }
    let report = &mut file.report;
    if report.error.is_none() {
        let reason = match file.content {
            PieceContent::Csv { rows: 0 } => {
                Some("The Security Hub CSV export holds a header and no rows".to_owned())
            }
            PieceContent::Findings if file.top_values == 0 => Some(
                if file.bytes_decoded == 0 {
                    "The file is empty"
                } else {
                    "The file holds only whitespace"
                }
                .to_owned(),
            ),
            _ => None,
        };
        if let Some(reason) = reason {
            report.error = Some(FileError {
                reason,
                position: None,
            });
        } else if file.seen.findings_emitted == 0 {
            report.error = Some(match file.seen.first_syntax_error.take() {
                Some(error) => error,
                None => FileError {
                    reason: format!(
                        "No GuardDuty findings found ({})",
                        describe_seen(&file.seen, report)
                    ),
                    position: None,
                },
            });
        }
    }
    if file.seen.warnings_dropped > 0 {
        report.warnings.push(RecordWarning {
            record_number: file.record_counter,
            finding_id: None,
            position: None,
            message: format!("{} more warnings not shown", file.seen.warnings_dropped),
        });
    }
    file.report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_falls_between_two_objects_on_separate_lines() {
        let text = b"{\"a\":1}\n{\"b\":{\n}\n}\r\n  {\"c\":3}\n";
        assert_eq!(cut_after(text), Some(8));
        assert_eq!(cut_after(&text[3..]), Some(5));
        // Inside the second object: the line break after `{` and the one before `}` do not
        // qualify; the one after its closing brace does.
        assert_eq!(cut_after(&text[9..]), Some(20 - 9));
        assert_eq!(cut_after(b"[\n{\"a\":1},\n{\"b\":2}\n]"), None);
        assert_eq!(cut_after(b"{\"a\":1}\n"), None);
        assert_eq!(cut_after(b""), None);
    }

    #[test]
    fn pieces_are_at_least_the_smallest_size_and_at_most_the_largest_where_possible() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(piece_count(100 * MIB, 1, 64 * MIB), 1, "one parser");
        assert_eq!(piece_count(12 * MIB, 4, 64 * MIB), 1, "too small to cut");
        assert_eq!(piece_count(20 * MIB, 4, 64 * MIB), 2, "8 MiB at least");
        assert_eq!(piece_count(100 * MIB, 2, 64 * MIB), 2);
        assert_eq!(piece_count(1000 * MIB, 2, 64 * MIB), 16, "64 MiB at most");
        assert_eq!(piece_count(1000 * MIB, 8, u64::MAX), 8);
        assert_eq!(planned_cut(100, 1, 4), 25);
        assert_eq!(planned_cut(100, 0, 0), 0);
        assert_eq!(piece_start(1000, b"}\n{", 2000), Some(1002));
        assert_eq!(piece_start(1000, b"}\n{", 1002), None, "past the end");
    }

    #[test]
    fn a_cursor_reads_its_piece_and_reads_on_only_when_the_piece_may_not_end() {
        let mut ends_here = PieceCursor::new((10, 30), 100);
        assert_eq!(ends_here.next(15, || unreachable!()), Some((10, 25)));
        ends_here.advance(15);
        assert_eq!(ends_here.next(15, || unreachable!()), Some((25, 30)));
        ends_here.advance(5);
        assert_eq!(ends_here.next(15, || true), None);
        assert!(!ends_here.reached_file_end());

        let mut reads_on = PieceCursor::new((10, 30), 40);
        reads_on.advance(20);
        assert_eq!(
            reads_on.next(64, || false),
            Some((30, 40)),
            "on to the file's end"
        );
        reads_on.advance(10);
        assert_eq!(reads_on.next(64, || unreachable!()), None);
        assert!(reads_on.reached_file_end());

        let mut shrunk = PieceCursor::new((0, 30), 100);
        shrunk.advance(0);
        assert_eq!(shrunk.next(64, || true), None, "a file that ended early");
        assert!(shrunk.reached_file_end(), "ends the file");
    }

    #[test]
    fn only_plain_json_lines_starting_with_an_object_may_be_cut() {
        assert!(may_cut(b"\n{\"id\":\"a\"}\n{\"id\":\"b\"}\n"));
        assert!(!may_cut(b"{\n  \"Findings\": []\n}\n"), "pretty-printed");
        assert!(!may_cut(b"[{\"id\":\"a\"}]\n"), "an array");
        assert!(
            !may_cut(b"{\"id\":\"a\"}"),
            "the first line is not complete yet"
        );
        assert!(!may_cut(&[0x1f, 0x8b, 8, 0]), "gzip");
        assert!(!may_cut(b"finding_info.uid,severity\n"), "CSV");
    }
}
