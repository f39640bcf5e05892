//! Normalised domain model: plain Rust data that every view stands on.
//!
//! Nothing here knows an AWS wire name, a file format, the DOM or the clock. `ingest` is the
//! only producer; `analysis`, `charts` and `ui` only read. Repeated strings (accounts, regions,
//! types, countries …) are `Text` values that `ingest` interns, so a large finding set shares one
//! allocation per distinct value.

mod file_report;
mod finding;
mod finding_set;
mod finding_type;
mod rollup;
mod routed;
mod severity;
pub mod time;

pub use file_report::{FileError, FileReport, RecordWarning, RollupFileSummary, TextPosition};
pub use finding::{
    AttackSequence, Dialect, Finding, MalwareScan, MalwareThreat, NetworkActor, RawSpan, Resource,
    ResourceKind, ResourceRole, Tag, ThreatIntel,
};
pub use finding_set::{FindingSet, MergeOutcome};
pub use finding_type::FindingType;
pub use rollup::{
    dimension, utc_day, Rollup, RollupCounts, RollupKey, ROLLUP_COLUMNS, ROLLUP_UNKNOWN,
};
pub use routed::RoutedFindings;
pub use severity::SeverityBand;
pub use time::EpochMillis;

/// A shared, immutable string. Cheap to clone; `ingest` interns repeated values.
pub type Text = std::sync::Arc<str>;
