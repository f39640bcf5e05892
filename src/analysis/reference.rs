//! Straightforward implementations the indexed ones are tested against; no production caller.
//!
//! Each function here computes its answer directly from the findings on every call, in the
//! plainest way the rules allow. The per-load indices the app uses must give exactly the same
//! answers, and `tests/analysis_index.rs` (with the unit tests beside each index) checks that:
//!
//! | straightforward | indexed (production) |
//! |---|---|
//! | `actor_summary` | [`FindingIndex::actor_summary`](super::finding_index::FindingIndex::actor_summary) |
//! | `resource_graph` | [`GraphIndex::resource_graph`](super::graph::GraphIndex::resource_graph) |
//!
//! `tests/tidy.rs` holds that nothing outside `tests/`, test modules and this module calls it.

mod actor_summary;
mod resource_graph;

pub use actor_summary::actor_summary;
pub use resource_graph::resource_graph;
