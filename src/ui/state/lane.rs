//! One lane of queries to the workers' store: the request it wants answered, sent to every
//! worker whenever it, the store or the load changes (a newer query of the lane supersedes the
//! older one in the workers), the answers merged as they arrive, and the latest finished
//! answer while it answers what is loaded now.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;

use super::StoreStatus;
use crate::store::{PendingQuery, QueryRequest, QueryResult, ShardAnswer};
use crate::ui::ingest_client;

/// How many lanes there are ([`super::query`] numbers them).
pub(super) const LANES: usize = 14;

/// A finished query: what it asked, of which version of the store, and the merged views.
#[derive(Debug)]
pub struct Answered {
    pub request: QueryRequest,
    pub store_version: u64,
    pub result: QueryResult,
}

thread_local! {
    /// Each lane's running query: its merge so far and the store version it asks.
    static PENDING: RefCell<[Option<(PendingQuery, u64)>; LANES]> =
        const { RefCell::new([const { None }; LANES]) };
    static NEXT_QUERY_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// A query id not used before.
pub(super) fn next_query_id() -> u64 {
    NEXT_QUERY_ID.with(|id| id.replace(id.get() + 1))
}

/// One lane: the request it wants answered (`query_id` 0; `None` when it wants nothing) and
/// its latest finished answer.
#[derive(Clone, Copy)]
pub(super) struct Lane {
    index: usize,
    /// The store it asks (the current data's or the baseline's).
    pub(super) store: StoreStatus,
    wanted: Memo<Option<QueryRequest>>,
    answered: RwSignal<Option<Arc<Answered>>>,
    /// Bumped to ask again when a worker was still starting.
    retry: RwSignal<u32>,
}

/// How long a query waits for a worker still starting before it is sent again.
const RETRY_MS: u32 = 100;

impl Lane {
    /// A lane that asks `wanted` of `store` whenever it or the store changes, unless files
    /// are `reading` into it.
    pub(super) fn new(
        index: usize,
        store: StoreStatus,
        reading: Signal<bool>,
        wanted: Memo<Option<QueryRequest>>,
    ) -> Self {
        let lane = Self {
            index,
            store,
            wanted,
            answered: RwSignal::new(None),
            retry: RwSignal::new(0),
        };
        // Immediate, not a scheduled `Effect`: the query leaves for the workers the moment the
        // filter changes, before the page redraws what it still computes itself.
        ImmediateEffect::new_scoped(move || {
            lane.retry.track();
            let request = wanted.get();
            let version = store.version.get();
            let holds = store.holds_the_load.get();
            match request {
                Some(request) if holds && !reading.get() => lane.send(request, version),
                _ => lane.forget_pending(),
            }
        });
        lane
    }

    fn forget_pending(&self) {
        PENDING.with(|p| p.borrow_mut()[self.index] = None);
    }

    /// Sends `request` to every worker unless the latest answer already answers it.
    fn send(&self, mut request: QueryRequest, version: u64) {
        let answered = self.answered.with_untracked(|a| {
            a.as_ref()
                .is_some_and(|a| a.store_version == version && a.request == request)
        });
        if answered {
            self.forget_pending();
            return;
        }
        let Some(pool) = ingest_client::current_pool() else {
            self.forget_pending();
            return;
        };
        // A worker may have finished starting (or failed) since the last load.
        pool.take_late_messages();
        if pool.any_stopped() || !self.store.is_in(&pool) {
            // A worker's share of the store is gone (or the store was in an earlier pool): the
            // page counts until the data is cleared or read again.
            self.forget_pending();
            self.store.holds_the_load.set(false);
            return;
        }
        if !pool.all_ready() {
            // A worker is still starting (its share waits in its ports): ask again shortly.
            let retry = self.retry;
            gloo_timers::callback::Timeout::new(RETRY_MS, move || retry.update(|n| *n += 1))
                .forget();
            return;
        }
        request.query_id = next_query_id();
        // The lane travels with the request (a newer query of it supersedes this one in the
        // workers); the request kept here is compared with what the lane wants, without it.
        let sent = QueryRequest {
            lane: Some(self.index as u32),
            ..request.clone()
        };
        let Ok(json) = serde_json::to_string(&sent) else {
            return;
        };
        let pending = PendingQuery::new(request, pool.slot_count());
        PENDING.with(|p| p.borrow_mut()[self.index] = Some((pending, version)));
        if let Err(reason) = pool.query(&json) {
            // The store cannot be asked: the page counts until the data is cleared.
            leptos::logging::warn!("guardview: the query could not be sent ({reason})");
            self.forget_pending();
            self.store.holds_the_load.set(false);
        }
    }

    /// Takes one worker's answer if it belongs to this lane's running query (the last one
    /// finishes it); false when it does not.
    pub(super) fn take(&self, answer: &ShardAnswer) -> bool {
        let taken = PENDING.with(|p| {
            let mut pending = p.borrow_mut();
            let slot = &mut pending[self.index];
            let (query, version) = slot.as_mut()?;
            if query.request().query_id != answer.query_id {
                return None;
            }
            query.accept(answer.clone());
            let Some(result) = query.result() else {
                return Some(None);
            };
            let mut request = query.request().clone();
            request.query_id = 0;
            let answered = Answered {
                request,
                store_version: *version,
                result,
            };
            *slot = None;
            Some(Some(answered))
        });
        match taken {
            Some(Some(answered)) => {
                self.answered.set(Some(Arc::new(answered)));
                true
            }
            Some(None) => true,
            None => false,
        }
    }

    /// The latest answer over what is loaded now, while the store holds it, with whether it
    /// answers what the lane wants (else a newer query is on its way, or about to be sent, and
    /// the answer is shown as updating: the page never computes a view the store answers).
    pub(super) fn current(&self) -> Option<(Arc<Answered>, bool)> {
        if !self.store.holds_the_load.get() {
            return None;
        }
        let version = self.store.version.get();
        let answered = self.answered.get()?;
        if answered.store_version != version {
            return None;
        }
        let fresh = self
            .wanted
            .with(|wanted| wanted.as_ref() == Some(&answered.request));
        Some((answered, fresh))
    }
}
