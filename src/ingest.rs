//! The only code that knows AWS export dialects (JSON, and Security Hub's CSV): turns bytes of
//! any GuardDuty export into normalised [`crate::model::Finding`]s merged into one
//! [`FindingSet`].
//!
//! Reading is incremental: a caller feeds chunks as they arrive (`File.stream()` in the
//! browser, a file reader natively) and every complete record is parsed and merged at once, so
//! memory grows with unique findings, not with file size. Gzip is detected by magic bytes and
//! decompressed as a stream. Dialects are recognised per record by content (the CSV export by
//! its header line), never by file name.
//!
//! Contract (fixed; the UI and CLI depend on it):
//! - one [`LoadSession`] holds the merged set, the string interner and one [`FileReport`] per
//!   file, in load order;
//! - `start_file` → any number of `push` → `finish_file`; `load_bytes` does all three;
//! - nothing here panics on any input; a bad record is a warning, a file that cannot be read
//!   (or stops being readable) gets one [`crate::model::FileError`] and the records before the
//!   failure point stay loaded.
//!
//! Layout: [`session`] takes the chunks (and decodes gzip) and decides from the first line
//! whether the text is JSON, Security Hub's CSV export or a Rollup v1 file; [`splitter`] cuts
//! JSON records out of the byte stream (and [`security_hub_csv`] CSV rows), [`dispatch`]
//! recognises each record's dialect, [`wire`] (with [`lenient`] leaves) parses one record,
//! [`normalise`], [`asff`] and [`ocsf`] map it into the model, and [`intern`] shares repeated
//! strings. [`rollup`] reads Rollup v1 files (daily counts, not findings): a rollup's rows go
//! to the session's [`crate::model::Rollup`] instead of the finding set.

mod asff;
mod dispatch;
mod intern;
mod lenient;
mod normalise;
mod ocsf;
mod pieces;
mod relay;
mod rollup;
mod security_hub_csv;
mod session;
mod splitter;
mod timestamp;
mod wire;

use crate::model::EpochMillis;

pub use intern::Interner;
pub use normalise::{parse_arn, ArnParts};
pub use pieces::{
    cut_after, may_cut, merge_pieces, piece_count, piece_start, planned_cut, read_piece,
    read_piece_of_bytes, FilePiece, PieceCursor, CUT_SEARCH_BYTES, MIN_PIECE_BYTES,
};
pub use relay::pool::{
    plan_jobs, plan_load, InOrder, Job, JobEvent, PieceOf, JOB_BYTES, JOB_FILES, PAUSE_ABOVE_BYTES,
    POOL_PIECE_BYTES, RESUME_BELOW_BYTES,
};
pub use relay::{
    batch_bytes_read, decode_routed, encode_routed, PieceDone, RelayError, RelayProgress,
    RelaySender,
};
pub use rollup::{read_rollup, recognise_rollup, write_rollup, RollupFormat};
pub use session::{FileIngest, LoadSession};
pub use splitter::MAX_DEPTH;

/// Reads a timestamp in any spelling GuardDuty exports use (ISO-8601 with or without zone,
/// epoch seconds or milliseconds as number or text).
pub fn parse_timestamp(text: &str) -> Option<EpochMillis> {
    timestamp::parse(text)
}
