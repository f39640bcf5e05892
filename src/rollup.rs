//! Rollup v1 files (docs/org-scale.md): recognised by content, read from CSV (as Athena, Spark
//! and DuckDB write it: a header row, optional quoting) or JSON Lines, written in both, and
//! computed from de-duplicated findings. Pure: bytes in, bytes out; the CLI does the I/O.

mod format;

pub use format::{read_rollup, recognise_rollup, write_rollup, RollupFormat};

use crate::model::{Finding, Rollup};

/// The rollup of findings that are already one per id (a `FindingSet`'s findings).
pub fn rollup_of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Rollup {
    let mut rollup = Rollup::new();
    for finding in findings {
        rollup.add_finding(finding);
    }
    rollup
}
