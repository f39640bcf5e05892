//! Pure aggregations over findings: deterministic, sorted outputs; time is a parameter.
//!
//! Every function takes `&[Finding]` (and, where a view is filtered, the indices of the
//! selected findings) and returns plain data; nothing here reads a clock or the DOM.

pub mod actors;
pub mod ageing;
pub mod appetite;
pub mod attack;
pub mod breakdown;
pub mod briefing;
pub mod coverage;
pub mod csa;
pub mod detail;
pub mod export;
pub mod filter;
pub mod graph;
pub mod guidance;
pub mod index;
pub mod risk;
pub mod search;
pub mod summary;
pub mod table;
pub mod timeline;
pub mod url_state;
