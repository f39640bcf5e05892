//! Pure aggregations over findings: deterministic, sorted outputs; time is a parameter.
//!
//! Every function takes `&[Finding]` (and, where a view is filtered, the indices of the
//! selected findings, normalised once by [`selection::Selection`]) and returns plain data;
//! nothing here reads a clock or the DOM. Work that does not depend on the filter is done once
//! per load: [`finding_index`], [`search`], [`graph::GraphIndex`] and the levels-only risk pass.
//!
//! Leaves: [`period`] (time bases and periods), [`selection`], `columns` (column helpers for
//! the indices), [`domain`] (the one domain-name rule), [`vocabulary`] (plain words and name
//! tidying). Views: [`summary`], [`breakdown`], [`guidance`], [`table`], [`detail`], [`risk`],
//! [`attack`], [`csa`], [`search`] and [`filter`] (+ [`url_state`]), [`timeline`], [`actors`],
//! [`graph`], [`finding_index`], [`briefing`], [`export`]; [`rollup_views`] feeds the same
//! kinds of view from a Rollup v1 file's rows instead of findings. [`reference`](mod@reference) holds the
//! straightforward implementations the indexed ones are tested against (no production caller).
//! No module imports another that imports it back (`tests/tidy.rs`).

pub mod actors;
pub mod ageing;
pub mod appetite;
pub mod attack;
pub mod breakdown;
pub mod briefing;
pub(crate) mod columns;
pub mod coverage;
pub mod csa;
pub mod detail;
pub mod domain;
pub mod export;
pub mod filter;
pub mod finding_index;
pub mod finding_row;
pub mod format;
pub mod graph;
pub mod guidance;
pub mod mapping_counts;
pub mod period;
#[doc(hidden)]
pub mod reference;
pub mod risk;
pub mod rollup_filter;
pub mod rollup_risk;
pub mod rollup_views;
pub mod search;
pub mod selection;
pub mod summary;
pub mod suppression;
pub mod table;
pub mod timeline;
pub mod url_state;
pub mod vocabulary;
