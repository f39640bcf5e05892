//! Whether the workers' store holds exactly the loaded findings, which version of the load it
//! holds, and the facts of the whole load it last gave.

use leptos::prelude::*;

use crate::store::{LoadFacts, Side};
use crate::ui::ingest_client::{self, IngestPool};

/// Whether the workers' store holds the loaded findings, and a count bumped whenever what it
/// holds changes (a load started or ended, the data was cleared): an answer is used only for
/// the version it was asked of.
#[derive(Clone, Copy)]
pub struct StoreStatus {
    pub holds_the_load: RwSignal<bool>,
    pub version: RwSignal<u64>,
    /// The facts of the whole load the store last gave, and the version they describe.
    pub(super) facts: RwSignal<Option<(u64, LoadFacts)>>,
    side: Side,
    /// The pool whose workers hold it (`IngestPool::generation`), when only that one does:
    /// a baseline is read into one pool, and a later pool does not have it.
    pool: StoredValue<Option<u64>>,
}

impl StoreStatus {
    /// The current data's store.
    pub fn new() -> Self {
        Self {
            holds_the_load: RwSignal::new(true),
            version: RwSignal::new(0),
            facts: RwSignal::new(None),
            side: Side::Current,
            pool: StoredValue::new(None),
        }
    }

    /// The baseline's store: it holds nothing until a baseline is read into it.
    pub fn baseline() -> Self {
        Self {
            holds_the_load: RwSignal::new(false),
            side: Side::Baseline,
            ..Self::new()
        }
    }

    /// Whether `pool`'s workers hold what this store holds.
    pub fn is_in(&self, pool: &IngestPool) -> bool {
        self.pool
            .get_value()
            .is_none_or(|generation| generation == pool.generation())
    }

    /// A load into `pool` starts, replacing what the store held (a baseline's).
    pub fn reload_into(&self, pool: &IngestPool) {
        pool.clear_store(self.side);
        self.pool.set_value(Some(pool.generation()));
        self.holds_the_load.set(true);
        self.version.update(|v| *v += 1);
    }

    /// Nothing is held any more (the baseline was removed): the workers forget it too.
    pub fn forget(&self) {
        if let Some(pool) = ingest_client::current_pool() {
            pool.clear_store(self.side);
        }
        self.read_elsewhere();
    }

    /// What was read went to no store (the workers were unavailable).
    pub fn read_elsewhere(&self) {
        self.holds_the_load.set(false);
        self.version.update(|v| *v += 1);
    }

    /// The store's facts of what is loaded now (tracked); `None` while it cannot give them
    /// (the page then derives them from its own findings).
    pub fn facts(&self) -> Option<LoadFacts> {
        if !self.holds_the_load.get() {
            return None;
        }
        let version = self.version.get();
        self.facts.with(|facts| {
            facts
                .as_ref()
                .filter(|(of_version, _)| *of_version == version)
                .map(|(_, facts)| facts.clone())
        })
    }

    /// A load starts: until it ends, the views count on the page (they grow as it reads).
    pub fn load_started(&self) {
        self.version.update(|v| *v += 1);
    }

    /// A load ended: `whole` when the pool's workers read all of it and none was lost (else
    /// the store misses findings the page has until the data is cleared).
    pub fn load_ended(&self, whole: bool) {
        if !whole {
            self.holds_the_load.set(false);
        }
        self.version.update(|v| *v += 1);
    }

    /// The data was cleared: the store is emptied too (a pool that lost a worker is replaced
    /// by a fresh, empty one at the next load).
    pub fn cleared(&self) {
        if let Some(pool) = ingest_client::current_pool() {
            pool.clear_store(self.side);
        }
        self.holds_the_load.set(true);
        self.version.update(|v| *v += 1);
    }
}

impl Default for StoreStatus {
    fn default() -> Self {
        Self::new()
    }
}
