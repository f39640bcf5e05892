//! The columnar finding store: one shard's findings held compactly (interned texts, integer
//! ids, fixed-width times and severities, rare detail behind one optional box), the rule that
//! decides which shard owns a finding id, and the query protocol every shard answers with
//! partial aggregates that merge associatively and commutatively.
//!
//! A load is split over `n` shards. A finding id belongs to exactly one shard
//! ([`owner_of`]), so each shard de-duplicates its own ids with `FindingSet`'s rule and the
//! shards' answers add up without any cross-shard reconciliation. The native CLI runs one
//! shard per thread; the browser's worker pool is meant to run one per worker (see
//! ARCHITECTURE.md, "The columnar store").

mod actors;
mod answer;
pub mod briefing_rows;
mod detail;
mod export;
mod facts;
pub mod graph;
mod graph_rows;
pub mod host;
mod measures;
mod origin;
pub mod pair;
pub mod partial;
mod pending;
pub mod query;
mod row_views;
mod select;
mod shard;
pub mod what_if;
pub mod window;

pub use actors::{ActorTally, ActorsPartial, CountryRef, CountrySet};
pub use export::ExportPartial;
pub use facts::LoadFacts;
pub use host::{ReadAt, ShardHost};
pub use measures::{MeasuresPartial, SelectionMeasures};
pub use origin::{owner_of, Origin};
pub use pair::{baseline_filter, HostPair, Side};
pub use pending::PendingQuery;
pub use query::{
    AgeingView, LoadPlace, QueryAnswer, QueryRequest, QueryResult, ShardAnswer, Views,
};
pub use shard::{Offered, Shard};
pub use what_if::{what_if_on_page, SuppressionPartial, SuppressionView, WhatIf};
