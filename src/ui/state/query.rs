//! The page's side of the workers' store: whether it holds exactly the loaded findings, and
//! the query for the current filter, sent to every worker and merged as their answers arrive
//! (see ARCHITECTURE.md, "The columnar store"). A card reads its view through
//! [`QueryState::answer`], which falls back to computing on the page while the store cannot
//! answer (no workers, a worker lost, a load running).

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;

use super::{DataState, FilterState, LoadState, RiskState};
use crate::analysis::timeline::Granularity;
use crate::store::partial::BreakdownKind;
use crate::store::query::{RiskContext, TimelineView};
use crate::store::{PendingQuery, QueryRequest, QueryResult, ShardAnswer, Views};
use crate::ui::ingest_client;

/// Rows per ranking of the actors card (the query asks the workers for as many).
pub const ACTORS_TOP_ROWS: usize = 10;

/// Whether the workers' store holds the loaded findings, and a count bumped whenever what it
/// holds changes (a load ended, the data was cleared).
#[derive(Clone, Copy)]
pub struct StoreStatus {
    pub holds_the_load: RwSignal<bool>,
    pub version: RwSignal<u64>,
}

impl StoreStatus {
    pub fn new() -> Self {
        Self {
            holds_the_load: RwSignal::new(true),
            version: RwSignal::new(0),
        }
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
            pool.clear_store();
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

/// A finished query: what it asked, of which version of the store, and the merged views.
#[derive(Debug)]
pub struct Answered {
    pub request: QueryRequest,
    pub store_version: u64,
    pub result: QueryResult,
}

/// The query for the current filter and its latest finished result.
#[derive(Clone, Copy)]
pub struct QueryState {
    data: DataState,
    /// The request the current filter makes (its `query_id` is 0).
    wanted: Memo<QueryRequest>,
    pub answered: RwSignal<Option<Arc<Answered>>>,
    /// True while a query is on its way to the workers and back.
    pub in_flight: RwSignal<bool>,
    /// The severity timeline's bucket size, `None` to choose hour, day or week from the span
    /// (the timeline card's setting, part of every query).
    pub timeline_granularity: RwSignal<Option<Granularity>>,
}

thread_local! {
    /// The query running: its merge so far and the store version it asks.
    static PENDING: RefCell<Option<(PendingQuery, u64)>> = const { RefCell::new(None) };
    static NEXT_QUERY_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

impl QueryState {
    pub fn new(data: DataState, filters: FilterState, risk: RiskState, load: LoadState) -> Self {
        let timeline_granularity = RwSignal::new(None);
        let wanted = Memo::new(move |_| {
            let filter = filters.filter.get();
            let timeline = TimelineView::new(filter.time_basis, timeline_granularity.get());
            // The risk matrix's rules and instant (the latest activity in the data).
            let context = Some(RiskContext::new(&risk.rules.get(), risk.now.get()));
            let views = Views {
                kpis: true,
                breakdowns: BreakdownKind::ALL.to_vec(),
                tactics: true,
                csa_threats: true,
                timeline: Some(timeline),
                risk_matrix: true,
                coverage: true,
                actors_top_n: Some(ACTORS_TOP_ROWS as u32),
                ..Views::default()
            };
            QueryRequest::new(0, &filter, views, context)
        });
        let state = Self {
            data,
            wanted,
            answered: RwSignal::new(None),
            in_flight: RwSignal::new(false),
            timeline_granularity,
        };
        ingest_client::set_answer_sink(move |_slot, json| state.take_answer(&json));
        Effect::new(move |_| {
            let request = wanted.get();
            let version = data.store.version.get();
            let holds = data.store.holds_the_load.get();
            if !holds || load.is_reading() {
                PENDING.with(|p| *p.borrow_mut() = None);
                state.in_flight.set(false);
                return;
            }
            state.send(request, version);
        });
        state
    }

    /// Sends `request` to every worker unless the latest result already answers it.
    fn send(&self, mut request: QueryRequest, version: u64) {
        let answered = self.answered.with_untracked(|a| {
            a.as_ref()
                .is_some_and(|a| a.store_version == version && a.request == request)
        });
        if answered {
            return;
        }
        let Some(pool) = ingest_client::current_pool().filter(|pool| pool.all_ready()) else {
            self.in_flight.set(false);
            return;
        };
        request.query_id = NEXT_QUERY_ID.with(|id| id.replace(id.get() + 1));
        let Ok(json) = serde_json::to_string(&request) else {
            return;
        };
        let pending = PendingQuery::new(request, pool.slot_count());
        PENDING.with(|p| *p.borrow_mut() = Some((pending, version)));
        match pool.query(&json) {
            Ok(()) => self.in_flight.set(true),
            Err(reason) => {
                leptos::logging::warn!("guardview: the query could not be sent ({reason})");
                PENDING.with(|p| *p.borrow_mut() = None);
                self.in_flight.set(false);
            }
        }
    }

    /// Takes one worker's answer; the last one finishes the query.
    fn take_answer(&self, json: &str) {
        let answer: ShardAnswer = match serde_json::from_str(json) {
            Ok(answer) => answer,
            Err(error) => {
                leptos::logging::warn!("guardview: an unreadable answer ({error})");
                return;
            }
        };
        let finished = PENDING.with(|p| {
            let mut pending = p.borrow_mut();
            let (query, version) = pending.as_mut()?;
            query.accept(answer);
            let result = query.result()?;
            let mut request = query.request().clone();
            request.query_id = 0;
            let answered = Answered {
                request,
                store_version: *version,
                result,
            };
            *pending = None;
            Some(answered)
        });
        if let Some(answered) = finished {
            self.answered.set(Some(Arc::new(answered)));
            self.in_flight.set(false);
        }
    }

    /// The latest result when it answers the current filter over what is loaded now: `Some`
    /// with `fresh` false while a newer query runs (the card shows it as updating).
    fn current(&self) -> Option<(Arc<Answered>, bool)> {
        if !self.data.store.holds_the_load.get() {
            return None;
        }
        let version = self.data.store.version.get();
        let answered = self.answered.get()?;
        if answered.store_version != version {
            return None;
        }
        let fresh = self.wanted.with(|wanted| *wanted == answered.request);
        (fresh || self.in_flight.get()).then_some((answered, fresh))
    }

    /// A card's view: `pick`ed from the store's answer while it answers the current filter
    /// (see `current`), else computed `on_page`.
    pub fn answer<T>(
        &self,
        pick: impl Fn(&QueryResult) -> Option<T> + Send + Sync + 'static,
        on_page: impl Fn() -> T + Send + Sync + 'static,
    ) -> Answer<T>
    where
        T: Clone + PartialEq + Send + Sync + 'static,
    {
        let state = *self;
        let from_store = Memo::new(move |_| {
            let (answered, fresh) = state.current()?;
            Some((pick(&answered.result)?, fresh))
        });
        let value = Memo::new(move |_| match from_store.get() {
            Some((value, _)) => value,
            None => on_page(),
        });
        Answer {
            value,
            source: Signal::derive(move || {
                if from_store.with(Option::is_some) {
                    "workers"
                } else {
                    "page"
                }
            }),
            updating: Signal::derive(move || {
                from_store.with(|s| s.as_ref().is_some_and(|(_, fresh)| !fresh))
            }),
        }
    }
}

/// A card's view and where it came from, for the card's `data-source` (`"workers"` or
/// `"page"`) and its updating look (`aria-busy`) while a newer answer is on its way.
#[derive(Clone, Copy)]
pub struct Answer<T: Send + Sync + 'static> {
    pub value: Memo<T>,
    pub source: Signal<&'static str>,
    pub updating: Signal<bool>,
}
