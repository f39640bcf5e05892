//! The page's side of the workers' store: whether it holds exactly the loaded findings, and
//! the queries for the current filter (the cards', the table's window and its rows), sent to
//! every worker and merged as their answers arrive (see ARCHITECTURE.md, "The columnar
//! store"). A card reads its view through [`QueryState::answer`] (the table through
//! [`QueryState::table`]), and computes on the page instead while the store cannot answer (no
//! workers, a worker lost, a load running).

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;

use super::answer::{Answer, TableAnswer};
use super::{BoardSettings, DataState, DetailState, FilterState, LoadState, RiskState};
use crate::analysis::ageing::Ageing;
use crate::analysis::detail::FindingDetail;
use crate::analysis::filter::FindingFilter;
use crate::analysis::table::SortKey;
use crate::analysis::timeline::Granularity;
use crate::store::partial::BreakdownKind;
use crate::store::query::{AgeingView, LoadPlace, RiskContext, TimelineView};
use crate::store::window::{TableSort, TableView};
use crate::store::{LoadFacts, PendingQuery, QueryRequest, QueryResult, ShardAnswer, Views};
use crate::ui::ingest_client;

/// Rows per ranking of the actors card (the query asks the workers for as many).
pub const ACTORS_TOP_ROWS: usize = 10;

/// Past-SLA findings the ageing card lists (the rest are counted).
pub const AGEING_LISTED: usize = 50;

/// Whether the workers' store holds the loaded findings, and a count bumped whenever what it
/// holds changes (a load started or ended, the data was cleared): an answer is used only for
/// the version it was asked of.
#[derive(Clone, Copy)]
pub struct StoreStatus {
    pub holds_the_load: RwSignal<bool>,
    pub version: RwSignal<u64>,
    /// The facts of the whole load the store last gave, and the version they describe.
    facts: RwSignal<Option<(u64, LoadFacts)>>,
}

impl StoreStatus {
    pub fn new() -> Self {
        Self {
            holds_the_load: RwSignal::new(true),
            version: RwSignal::new(0),
            facts: RwSignal::new(None),
        }
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

/// Rows of the findings table's window: the rows in view and their overscan, from any start
/// the table asks for (a multiple of its step).
pub const TABLE_WINDOW_ROWS: usize = 48;

/// A finished query: what it asked, of which version of the store, and the merged views.
#[derive(Debug)]
pub struct Answered {
    pub request: QueryRequest,
    pub store_version: u64,
    pub result: QueryResult,
}

/// The lanes of queries that run side by side, each superseding only its own older query: the
/// cards (every view but the table), the table's window (scrolling re-asks only this), the
/// rows that window names, the load's facts (once per version), the detail panel's finding,
/// and the briefing's inputs (the ageing card's view and the selection's measures; it waits for
/// the facts: they decide its assessment time).
const LANES: usize = 6;
const CARDS: usize = 0;
const TABLE_WINDOW: usize = 1;
const TABLE_ROWS: usize = 2;
const FACTS: usize = 3;
const DETAIL: usize = 4;
const BRIEFING: usize = 5;

thread_local! {
    /// Each lane's running query: its merge so far and the store version it asks.
    static PENDING: RefCell<[Option<(PendingQuery, u64)>; LANES]> =
        const { RefCell::new([const { None }; LANES]) };
    static NEXT_QUERY_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// A query id not used before.
fn next_query_id() -> u64 {
    NEXT_QUERY_ID.with(|id| id.replace(id.get() + 1))
}

/// One lane: the request it wants answered (`query_id` 0; `None` when it wants nothing) and
/// its latest finished answer.
#[derive(Clone, Copy)]
struct Lane {
    index: usize,
    data: DataState,
    wanted: Memo<Option<QueryRequest>>,
    answered: RwSignal<Option<Arc<Answered>>>,
    /// Bumped to ask again when a worker was still starting.
    retry: RwSignal<u32>,
}

/// How long a query waits for a worker still starting before it is sent again.
const RETRY_MS: u32 = 100;

impl Lane {
    /// A lane that asks `wanted` whenever it, the store or the load changes.
    fn new(
        index: usize,
        data: DataState,
        load: LoadState,
        wanted: Memo<Option<QueryRequest>>,
    ) -> Self {
        let lane = Self {
            index,
            data,
            wanted,
            answered: RwSignal::new(None),
            retry: RwSignal::new(0),
        };
        // Immediate, not a scheduled `Effect`: the query leaves for the workers the moment the
        // filter changes, before the page redraws what it still computes itself.
        ImmediateEffect::new_scoped(move || {
            lane.retry.track();
            let request = wanted.get();
            let version = data.store.version.get();
            let holds = data.store.holds_the_load.get();
            match request {
                Some(request) if holds && !load.is_reading() => lane.send(request, version),
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
        if pool.any_stopped() {
            // A worker's share of the store is gone: the page counts until the data is cleared.
            self.forget_pending();
            self.data.store.holds_the_load.set(false);
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
            self.data.store.holds_the_load.set(false);
        }
    }

    /// Takes one worker's answer if it belongs to this lane's running query (the last one
    /// finishes it); false when it does not.
    fn take(&self, answer: &ShardAnswer) -> bool {
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
    fn current(&self) -> Option<(Arc<Answered>, bool)> {
        if !self.data.store.holds_the_load.get() {
            return None;
        }
        let version = self.data.store.version.get();
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

/// The queries the page sends to the workers' store and their latest answers.
#[derive(Clone, Copy)]
pub struct QueryState {
    filters: FilterState,
    risk: RiskState,
    load: LoadState,
    cards: Lane,
    table_window: Lane,
    table_rows: Lane,
    facts: Lane,
    detail: Lane,
    briefing: Lane,
    /// The severity timeline's bucket size, `None` to choose hour, day or week from the span
    /// (the timeline card's setting, part of every cards query).
    pub timeline_granularity: RwSignal<Option<Granularity>>,
    /// The findings table's order: its sort key and whether descending (the table's header).
    pub table_sort: RwSignal<(SortKey, bool)>,
    /// The first row of the window around the rows in view (set by the table as it scrolls).
    pub table_offset: RwSignal<u32>,
}

impl QueryState {
    pub fn new(
        (data, filters, risk, load): (DataState, FilterState, RiskState, LoadState),
        detail: DetailState,
        board: BoardSettings,
    ) -> Self {
        let timeline_granularity = RwSignal::new(None);
        let table_sort = RwSignal::new((SortKey::Severity, true));
        let table_offset = RwSignal::new(0);
        // The risk matrix's rules and instant (the latest activity in the data), also what a
        // filter's risk cell is decided by.
        let context = move || Some(RiskContext::new(&risk.rules.get(), risk.now.get()));
        // A request for `views` of the current filter's selection.
        let of_selection = move |views: Views| {
            filters
                .filter
                .with(|filter| QueryRequest::new(0, filter, views, context()))
        };
        let cards_wanted = Memo::new(move |_| {
            let time_basis = filters.filter.with(|filter| filter.time_basis);
            let timeline = TimelineView::new(time_basis, timeline_granularity.get());
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
            Some(of_selection(views))
        });
        let window_wanted = Memo::new(move |_| {
            let (key, descending) = table_sort.get();
            let view = TableView {
                sort: TableSort::of(key),
                descending,
                offset: table_offset.get(),
                limit: TABLE_WINDOW_ROWS as u32,
            };
            let views = Views {
                table: Some(view),
                ..Views::default()
            };
            Some(of_selection(views))
        });
        let cards = Lane::new(CARDS, data, load, cards_wanted);
        let table_window = Lane::new(TABLE_WINDOW, data, load, window_wanted);
        // The rows the latest window names (by id: the filter does not matter to them).
        let rows_wanted = Memo::new(move |_| {
            let (answered, _) = table_window.current()?;
            let ids = answered.result.table.as_ref()?.ids.clone();
            let views = Views {
                rows: ids,
                ..Views::default()
            };
            Some(QueryRequest::new(0, &FindingFilter::default(), views, None))
        });
        let table_rows = Lane::new(TABLE_ROWS, data, load, rows_wanted);
        let facts_wanted = Memo::new(move |_| {
            let views = Views {
                load_facts: true,
                ..Views::default()
            };
            Some(QueryRequest::new(0, &FindingFilter::default(), views, None))
        });
        let facts = Lane::new(FACTS, data, load, facts_wanted);
        Effect::new(move |_| {
            if let Some((answered, _)) = facts.current() {
                if let Some(load_facts) = answered.result.load_facts.clone() {
                    data.store
                        .facts
                        .set(Some((answered.store_version, load_facts)));
                }
            }
        });
        let detail_wanted = Memo::new(move |_| {
            let views = Views {
                detail: Some(detail.open_finding.get()?),
                ..Views::default()
            };
            Some(QueryRequest::new(
                0,
                &FindingFilter::default(),
                views,
                context(),
            ))
        });
        let detail = Lane::new(DETAIL, data, load, detail_wanted);
        // The ageing card and the measures of the briefing and the key risk indicators,
        // assessed at the load's latest activity like the risk matrix.
        let briefing_wanted = Memo::new(move |_| {
            let facts = data.store.facts()?;
            let view = AgeingView {
                sla: board.sla.get(),
                now_ms: facts.latest_activity_ms.unwrap_or(0),
                archived_known: data.reports.with(|r| facts.archived_state_known(r)),
                past_sla_listed: AGEING_LISTED as u32,
            };
            let views = Views {
                ageing: Some(view),
                measures_at_ms: Some(facts.latest_activity_ms.unwrap_or(0)),
                ..Views::default()
            };
            Some(of_selection(views))
        });
        let briefing = Lane::new(BRIEFING, data, load, briefing_wanted);
        let state = Self {
            filters,
            risk,
            load,
            cards,
            table_window,
            table_rows,
            facts,
            detail,
            briefing,
            timeline_granularity,
            table_sort,
            table_offset,
        };
        ingest_client::set_answer_sink(move |_slot, json| state.take_answer(&json));
        state
    }

    /// Takes one worker's answer, for whichever lane asked.
    fn take_answer(&self, json: &str) {
        let answer: ShardAnswer = match serde_json::from_str(json) {
            Ok(answer) => answer,
            Err(error) => {
                leptos::logging::warn!("guardview: an unreadable answer ({error})");
                return;
            }
        };
        if super::ask::take(&answer) {
            return;
        }
        let _ = [
            self.cards,
            self.table_window,
            self.table_rows,
            self.facts,
            self.detail,
            self.briefing,
        ]
        .iter()
        .any(|lane| lane.take(&answer));
    }

    /// A card's view: `pick`ed from the store's answer to the cards query while it answers the
    /// current filter (the previous filter's while a newer query runs), else computed
    /// `on_page`.
    pub fn answer<T>(
        &self,
        pick: impl Fn(&QueryResult) -> Option<T> + Send + Sync + 'static,
        on_page: impl Fn() -> T + Send + Sync + 'static,
    ) -> Answer<T>
    where
        T: Clone + PartialEq + Send + Sync + 'static,
    {
        answer_of(self.cards, pick, on_page)
    }

    /// Asks the workers once for `views` of the current filter's selection; `None` when the
    /// store cannot answer now (the caller counts on the page).
    pub async fn ask(&self, views: Views) -> Option<QueryResult> {
        let holds = self.cards.data.store.holds_the_load.get_untracked();
        if !holds || self.load.phase.with_untracked(|p| p.is_reading()) {
            return None;
        }
        let context = RiskContext::new(
            &self.risk.rules.get_untracked(),
            self.risk.now.get_untracked(),
        );
        let mut request = self
            .filters
            .filter
            .with_untracked(|filter| QueryRequest::new(0, filter, views, Some(context)));
        request.query_id = next_query_id();
        super::ask::ask(request).await
    }

    /// The detail panel's finding (`None`: no such id): the store's, else `on_page`.
    pub fn detail(
        &self,
        on_page: impl Fn() -> Option<FindingDetail> + Send + Sync + 'static,
    ) -> Answer<Option<FindingDetail>> {
        answer_of(self.detail, |result| Some(result.detail.clone()), on_page)
    }

    /// The ageing card's view, its listed findings named by id and title: the store's, else
    /// `on_page`.
    pub fn ageing(
        &self,
        on_page: impl Fn() -> Ageing<LoadPlace> + Send + Sync + 'static,
    ) -> Answer<Ageing<LoadPlace>> {
        self.briefing_answer(|result| result.ageing.clone(), on_page)
    }

    /// A view of the briefing's inputs (the ageing view and the selection's measures):
    /// `pick`ed from the store's answer, else `on_page`.
    pub fn briefing_answer<T>(
        &self,
        pick: impl Fn(&QueryResult) -> Option<T> + Send + Sync + 'static,
        on_page: impl Fn() -> T + Send + Sync + 'static,
    ) -> Answer<T>
    where
        T: Clone + PartialEq + Send + Sync + 'static,
    {
        answer_of(self.briefing, pick, on_page)
    }

    /// The table's window and its rows from the store: the window's first row, the selection's
    /// size, the rows (in table order; fewer while they are on their way), and whether a newer
    /// answer is on its way. `None` while the store cannot answer.
    pub fn table(&self) -> Option<TableAnswer> {
        let (window, window_fresh) = self.table_window.current()?;
        let offset = window.request.views.table.map_or(0, |view| view.offset);
        let table = window.result.table.clone()?;
        let (rows, rows_fresh) = match self.table_rows.current() {
            Some((rows, fresh)) if rows.request.views.rows == table.ids => {
                (rows.result.rows.clone(), fresh)
            }
            _ => (Vec::new(), false),
        };
        Some(TableAnswer {
            offset: offset as usize,
            total: table.total as usize,
            ids: table.ids,
            rows,
            updating: !(window_fresh && rows_fresh),
        })
    }
}

/// A view `pick`ed from `lane`'s answer (with whether it is fresh) while it has one, else
/// `on_page`'s.
fn answer_of<T>(
    lane: Lane,
    pick: impl Fn(&QueryResult) -> Option<T> + Send + Sync + 'static,
    on_page: impl Fn() -> T + Send + Sync + 'static,
) -> Answer<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let from_store = Memo::new(move |_| {
        let (answered, fresh) = lane.current()?;
        Some((pick(&answered.result)?, fresh))
    });
    Answer::of(from_store, on_page)
}
