//! The page's side of the workers' store: whether it holds exactly the loaded findings, and
//! the queries for the current filter (the cards', the table's window and its rows), sent to
//! every worker and merged as their answers arrive (see ARCHITECTURE.md, "The columnar
//! store"). A card reads its view through [`QueryState::answer`] (the table through
//! [`QueryState::table`]), and computes on the page instead while the store cannot answer (no
//! workers, a worker lost, a load running).

use leptos::prelude::*;

mod baseline_lanes;
mod briefing_lanes;

pub use baseline_lanes::BaselineAnswers;
use baseline_lanes::BaselineLanes;
use briefing_lanes::{middle_of, settled_filter};

use super::answer::{Answer, TableAnswer};
use super::lane::{next_query_id, Lane};
use super::{
    BaselineState, BoardSettings, DataState, DetailState, FilterState, LoadState, RiskState,
};
use crate::analysis::ageing::Ageing;
use crate::analysis::briefing::BRIEFING_TOP;
use crate::analysis::detail::FindingDetail;
use crate::analysis::filter::FindingFilter;
use crate::analysis::graph::{GraphLimits, ResourceGraph};
use crate::analysis::suppression::FindingCriteria;
use crate::analysis::table::SortKey;
use crate::analysis::timeline::Granularity;
use crate::store::graph::{drawn_nodes, finish_graph, GraphView};
use crate::store::partial::BreakdownKind;
use crate::store::query::{AgeingView, LoadPlace, RiskContext, TimelineView};
use crate::store::window::{TableSort, TableView};
use crate::store::{QueryRequest, QueryResult, ShardAnswer, SuppressionView, Views, WhatIf};
use crate::ui::ingest_client;

/// Rows per ranking of the actors card (the query asks the workers for as many).
pub const ACTORS_TOP_ROWS: usize = 10;

/// Past-SLA findings the ageing card lists (the rest are counted).
pub const AGEING_LISTED: usize = 50;

/// Rows of the findings table's window: the rows in view and their overscan, from any start
/// the table asks for (a multiple of its step).
pub const TABLE_WINDOW_ROWS: usize = 48;

/// The lanes of queries that run side by side, each superseding only its own older query: the
/// cards (every view but the table), the table's window (scrolling re-asks only this), the
/// rows that window names, the load's facts (once per version), the detail panel's finding,
/// the briefing's inputs (the ageing card's view and the selection's measures; it waits for
/// the facts: they decide its assessment time), and the suppression what-ifs while their card
/// is open (judged on every finding; they wait for the facts: the loaded types and the attack
/// sequences' signals), and the resource graph's two queries while its card is shown (the
/// nodes, then the selection folded onto the nodes drawn), and the briefing's two queries (its
/// tally of the selection, then the findings in the first half of the period it spans).
const CARDS: usize = 0;
const TABLE_WINDOW: usize = 1;
const TABLE_ROWS: usize = 2;
const FACTS: usize = 3;
const DETAIL: usize = 4;
const BRIEFING: usize = 5;
const SUPPRESSION: usize = 6;
const GRAPH_NODES: usize = 7;
const GRAPH_FOLD: usize = 8;
const BRIEFING_TALLY: usize = 9;
const BRIEFING_HALF: usize = 10;
// Every lane has its slot among the running queries.
const _: () = assert!(BRIEFING_HALF < super::lane::LANES);

/// Matched findings each suppression what-if names (the import list shows as many).
pub const WHAT_IF_LISTED: usize = 10;

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
    suppression: Lane,
    /// The suppression rule built from the filter, while its card is open …
    pub what_if_rule: RwSignal<Option<FindingCriteria>>,
    /// … and the imported filters' criteria, judged in the same query.
    pub what_if_imported: RwSignal<Vec<FindingCriteria>>,
    graph_nodes: Lane,
    graph_fold: Lane,
    /// The resource graph's node budget, while its card is shown.
    pub graph_limits: RwSignal<Option<GraphLimits>>,
    briefing_tally: Lane,
    briefing_half: Lane,
    baseline_lanes: BaselineLanes,
    /// What the workers answered about the baseline for the current filter (see
    /// [`BaselineAnswers`]), with whether it is fresh.
    pub baseline_answers: Memo<Option<(std::sync::Arc<BaselineAnswers>, bool)>>,
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
        baseline: BaselineState,
    ) -> Self {
        // A lane of queries about the current data.
        let on_data = move |index: usize, wanted: Memo<Option<QueryRequest>>| {
            Lane::new(
                index,
                data.store,
                Signal::derive(move || load.is_reading()),
                wanted,
            )
        };
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
        let cards = on_data(CARDS, cards_wanted);
        let table_window = on_data(TABLE_WINDOW, window_wanted);
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
        let table_rows = on_data(TABLE_ROWS, rows_wanted);
        let facts_wanted = Memo::new(move |_| {
            let views = Views {
                load_facts: true,
                ..Views::default()
            };
            Some(QueryRequest::new(0, &FindingFilter::default(), views, None))
        });
        let facts = on_data(FACTS, facts_wanted);
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
        let detail = on_data(DETAIL, detail_wanted);
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
        let briefing = on_data(BRIEFING, briefing_wanted);
        let what_if_rule = RwSignal::new(None);
        let what_if_imported = RwSignal::new(Vec::new());
        let suppression_wanted = Memo::new(move |_| {
            let mut criteria: Vec<FindingCriteria> = what_if_rule.get().into_iter().collect();
            criteria.extend(what_if_imported.get());
            if criteria.is_empty() {
                return None;
            }
            let facts = data.store.facts()?;
            let view = SuppressionView::new(&criteria, facts.signal_keys, WHAT_IF_LISTED as u32);
            let views = Views {
                suppression: Some(view),
                ..Views::default()
            };
            Some(QueryRequest::new(0, &FindingFilter::default(), views, None))
        });
        let suppression = on_data(SUPPRESSION, suppression_wanted);
        let graph_limits = RwSignal::new(None::<GraphLimits>);
        let graph_nodes_wanted = Memo::new(move |_| {
            graph_limits.get()?;
            let view = GraphView {
                signal_keys: data.store.facts()?.signal_keys,
                drawn: None,
            };
            let views = Views {
                graph: Some(view),
                ..Views::default()
            };
            Some(of_selection(views))
        });
        let graph_nodes = on_data(GRAPH_NODES, graph_nodes_wanted);
        // The selection the latest node counts answer, folded onto the nodes they draw.
        let graph_fold_wanted = Memo::new(move |_| {
            let limits = graph_limits.get()?;
            let (answered, _) = graph_nodes.current()?;
            let nodes = answered.result.graph_nodes.as_ref()?;
            let mut request = answered.request.clone();
            let view = request.views.graph.as_mut()?;
            view.drawn = Some(drawn_nodes(nodes, limits));
            Some(request)
        });
        let graph_fold = on_data(GRAPH_FOLD, graph_fold_wanted);
        let settled = settled_filter(filters);
        let briefing_tally_wanted = Memo::new(move |_| {
            let filter = filters.filter.get();
            if settled.with(|settled| *settled != filter) {
                return None;
            }
            let views = Views {
                kpis: true,
                actors_top_n: Some(BRIEFING_TOP as u32),
                briefing: true,
                ..Views::default()
            };
            Some(of_selection(views))
        });
        let briefing_tally = on_data(BRIEFING_TALLY, briefing_tally_wanted);
        // The first half of the period the latest tally spans, for the same selection.
        let briefing_half_wanted = Memo::new(move |_| {
            let (answered, _) = briefing_tally.current()?;
            let middle = middle_of(answered.result.briefing.as_ref()?)?;
            let mut request = answered.request.clone();
            request.views = Views {
                activity_before_ms: Some(middle),
                ..Views::default()
            };
            Some(request)
        });
        let briefing_half = on_data(BRIEFING_HALF, briefing_half_wanted);
        let baseline_lanes = BaselineLanes::new(
            (filters, risk, load, board),
            data.store,
            baseline,
            of_selection,
        );
        let baseline_answers = baseline_lanes.answers(baseline);
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
            suppression,
            what_if_rule,
            what_if_imported,
            graph_nodes,
            graph_fold,
            graph_limits,
            briefing_tally,
            briefing_half,
            baseline_lanes,
            baseline_answers,
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
        let [span, values, comparison] = self.baseline_lanes.lanes();
        let _ = [
            span,
            values,
            comparison,
            self.cards,
            self.table_window,
            self.table_rows,
            self.facts,
            self.detail,
            self.briefing,
            self.suppression,
            self.graph_nodes,
            self.graph_fold,
            self.briefing_tally,
            self.briefing_half,
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
        let holds = self.cards.store.holds_the_load.get_untracked();
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

    /// A view of the briefing's inputs and, with a baseline loaded, of the workers' answers
    /// about it ([`BaselineAnswers`]): `pick`ed from both while the store has them, else
    /// `on_page`.
    pub fn briefing_answer_with_baseline<T>(
        &self,
        baseline: BaselineState,
        pick: impl Fn(&QueryResult, Option<&BaselineAnswers>) -> Option<T> + Send + Sync + 'static,
        on_page: impl Fn() -> T + Send + Sync + 'static,
    ) -> Answer<T>
    where
        T: Clone + PartialEq + Send + Sync + 'static,
    {
        let (lane, answers) = (self.briefing, self.baseline_answers);
        let from_store = Memo::new(move |_| {
            let (answered, fresh) = lane.current()?;
            if !baseline.is_loaded() {
                return Some((pick(&answered.result, None)?, fresh));
            }
            answers.with(|answers| {
                let (answers, answers_fresh) = answers.as_ref()?;
                let value = pick(&answered.result, Some(answers))?;
                Some((value, fresh && *answers_fresh))
            })
        });
        Answer::of(from_store, on_page)
    }

    /// The suppression what-if of `criteria` (the rule, or an imported filter's): the
    /// store's, else `on_page`'s. While a newer query runs, the rule shows the previous
    /// rule's answer (the first what-if asked: the imports are asked only with the rule).
    pub fn what_if(
        &self,
        criteria: impl Fn() -> Option<FindingCriteria> + Send + Sync + 'static,
        is_rule: bool,
        on_page: impl Fn() -> Option<WhatIf> + Send + Sync + 'static,
    ) -> Answer<Option<WhatIf>> {
        let lane = self.suppression;
        let from_store = Memo::new(move |_| {
            let text = criteria()?.to_cli_json().to_string();
            let (answered, fresh) = lane.current()?;
            let asked = &answered.request.views.suppression.as_ref()?.criteria;
            let (at, fresh) = match asked.iter().position(|c| *c == text) {
                Some(at) => (at, fresh),
                None if is_rule => (0, false),
                None => return None,
            };
            Some((answered.result.suppression.get(at)?.clone(), fresh))
        });
        Answer::of(from_store, on_page)
    }

    /// The resource graph of the current selection under the card's budget: the store's (the
    /// previous one, marked as updating, while the fold of newer counts is on its way), else
    /// `on_page`'s.
    pub fn graph(
        &self,
        on_page: impl Fn() -> ResourceGraph + Send + Sync + 'static,
    ) -> Answer<ResourceGraph> {
        let (nodes_lane, fold_lane, limits) =
            (self.graph_nodes, self.graph_fold, self.graph_limits);
        let version = self.cards.store.version;
        let finished = Memo::new(
            move |previous: Option<&Option<(ResourceGraph, bool, u64)>>| {
                let limits = limits.get()?;
                let (nodes, nodes_fresh) = nodes_lane.current()?;
                let version = version.get();
                let counts = nodes.result.graph_nodes.as_ref()?;
                let matches = fold_lane.current().filter(|(fold, _)| {
                    let asked = fold.request.views.graph.as_ref();
                    fold.request.filter == nodes.request.filter
                        && fold.request.period_ms == nodes.request.period_ms
                        && asked.and_then(|g| g.drawn.as_ref())
                            == Some(&drawn_nodes(counts, limits))
                });
                match matches {
                    Some((fold, fold_fresh)) => {
                        let folded = fold.result.graph_fold.as_ref()?;
                        let graph = finish_graph(counts, folded, limits);
                        Some((graph, nodes_fresh && fold_fresh, version))
                    }
                    None => previous
                        .and_then(Option::as_ref)
                        .filter(|(_, _, of_version)| *of_version == version)
                        .map(|(graph, _, _)| (graph.clone(), false, version)),
                }
            },
        );
        let from_store = Memo::new(move |_| {
            finished.with(|f| f.as_ref().map(|(graph, fresh, _)| (graph.clone(), *fresh)))
        });
        Answer::of(from_store, on_page)
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
