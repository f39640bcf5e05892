//! The query protocol between the page and the shards: a serialisable request (a query id, the
//! filter in its URL form, the views wanted and the risk context), each shard's answer of
//! partial aggregates (the page merges them: `pending`).

use serde::{Deserialize, Serialize};

use super::actors::ActorsPartial;
use super::export::ExportPartial;
use super::facts::LoadFacts;
use super::graph::{GraphFoldPartial, GraphNodesPartial, GraphView};
use super::measures::{MeasuresPartial, SelectionMeasures};
pub use super::origin::LoadPlace;
use super::origin::Origin;
use super::partial::{
    BreakdownKind, BreakdownPartial, CoveragePartial, KpiPartial, OrderedPartial, RiskPartial,
    TimelinePartial,
};
use super::what_if::{
    finish_what_ifs, merge_what_ifs, SuppressionPartial, SuppressionView, WhatIf,
};
use super::window::{RowsPartial, TableRow, TableSort, TableView, TableWindow, WindowPartial};
use crate::analysis::actors::{ActorSummary, IocEvidence, IocRow};
use crate::analysis::ageing::{Ageing, AgeingTally, SlaSettings};
use crate::analysis::breakdown::Breakdown;
use crate::analysis::briefing::tally::BriefingTally;
use crate::analysis::briefing::ChangeCounts;
use crate::analysis::coverage::Coverage;
use crate::analysis::detail::FindingDetail;
use crate::analysis::filter::FindingFilter;
use crate::analysis::finding_row::FindingRow;
use crate::analysis::period::{Period, TimeBasis};
use crate::analysis::risk::{RiskMatrix, RiskRules};
use crate::analysis::summary::Summary;
use crate::analysis::timeline::{Granularity, Timeline};
use crate::analysis::url_state::{filter_from_hash, filter_to_hash};
use crate::model::EpochMillis;

/// Which views a query asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Views {
    /// The headline numbers ([`Summary`]).
    pub kpis: bool,
    pub timeline: Option<TimelineView>,
    pub breakdowns: Vec<BreakdownKind>,
    /// Findings per ATT&CK tactic, by band.
    pub tactics: bool,
    /// Findings per CSA Egregious Eleven threat, by band.
    pub csa_threats: bool,
    /// The 5×5 risk matrix of the selection but for its risk cell (needs the request's `risk`).
    pub risk_matrix: bool,
    /// The findings table's visible rows.
    pub table: Option<TableView>,
    /// What the table shows of these findings (by id; typically the window's ids).
    pub rows: Vec<String>,
    /// The actors card's rankings, each cut to this many rows.
    pub actors_top_n: Option<u32>,
    /// The account × region coverage grid.
    pub coverage: bool,
    /// The indicator-of-compromise list (the actors card's export).
    pub iocs: bool,
    /// The ageing card (SLA counts, age distribution, time to archive, past-SLA list).
    pub ageing: Option<AgeingView>,
    /// The detail panel of the finding with this id (answered by the shard that owns it, under
    /// the request's risk context, else the default rules at the epoch).
    pub detail: Option<String>,
    /// Facts of the whole load, whatever the filter ([`LoadFacts`]).
    pub load_facts: bool,
    /// Every selected finding's CSV record, in this table order (its offset and limit are not
    /// used).
    pub findings_export: Option<TableView>,
    /// What the briefing's indicators and the key risk indicators count of the selection, its
    /// ages counted to this time (ms; the page passes the data's latest activity); the risk
    /// levels under the request's risk context.
    pub measures_at_ms: Option<i64>,
    /// Suppression what-ifs, judged on every finding whatever the filter.
    pub suppression: Option<SuppressionView>,
    /// The resource graph's first or second query (`store::graph`).
    pub graph: Option<GraphView>,
    /// What the briefing's sentences count of the selection (`analysis::briefing::tally`;
    /// its risk examples under the request's risk context).
    #[serde(default)]
    pub briefing: bool,
    /// How many selected findings were last active before this time (ms): the first half of
    /// the briefing's period, once the page knows its middle.
    #[serde(default)]
    pub activity_before_ms: Option<i64>,
    /// The latest activity (last seen, else updated) of the selection: the baseline's
    /// assessment time.
    #[serde(default)]
    pub latest_activity: bool,
    /// `Some(v)`: the selection compared by id with the baseline store's selection of the same
    /// filter without its period and risk cell (see `store::pair`); `v` names the baseline load
    /// asked about (the workers ignore it; the page tells the answers of two loads apart by it).
    #[serde(default)]
    pub comparison: Option<u64>,
    /// Every selected finding as the board pack's findings sheet shows it, in load order; the
    /// risk matrix and the coverage grid of the same request then count the selection itself
    /// (as the pack does), not the selection but for its risk cell or its places (as the cards
    /// do).
    #[serde(default)]
    pub board_rows: bool,
}

/// What the ageing view needs besides the findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeingView {
    pub sla: SlaSettings,
    /// The assessment time (the page passes the data's latest activity).
    pub now_ms: i64,
    /// `ageing::archived_state_known` of the whole load (the page holds the reports).
    pub archived_known: bool,
    /// How many past-SLA findings to list (every one is counted).
    pub past_sla_listed: u32,
}

impl Views {
    /// Every view the store answers (the risk matrix when the request has a risk context),
    /// except the ageing card's, which needs its settings.
    pub fn all() -> Self {
        Self {
            kpis: true,
            timeline: Some(TimelineView::default()),
            breakdowns: BreakdownKind::ALL.to_vec(),
            tactics: true,
            csa_threats: true,
            risk_matrix: true,
            table: Some(TableView {
                sort: TableSort::Severity,
                descending: true,
                offset: 0,
                limit: 50,
            }),
            rows: Vec::new(),
            actors_top_n: Some(10),
            coverage: true,
            iocs: true,
            ageing: None,
            detail: None,
            load_facts: true,
            findings_export: None,
            measures_at_ms: None,
            suppression: None,
            graph: None,
            briefing: false,
            activity_before_ms: None,
            latest_activity: false,
            comparison: None,
            board_rows: false,
        }
    }
}

/// The severity timeline's basis and bucket width.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineView {
    /// `TimeBasis::slug`; an unknown slug means the default (last seen).
    pub time_basis: String,
    /// `Granularity::label` (`Hour`, `Day`, `Week`); absent: chosen from the span.
    pub granularity: Option<String>,
}

impl TimelineView {
    pub fn new(time_basis: TimeBasis, granularity: Option<Granularity>) -> Self {
        Self {
            time_basis: time_basis.slug().to_owned(),
            granularity: granularity.map(|g| g.label().to_owned()),
        }
    }

    pub fn time_basis(&self) -> TimeBasis {
        TimeBasis::from_slug(&self.time_basis).unwrap_or_default()
    }

    pub fn granularity(&self) -> Option<Granularity> {
        let label = self.granularity.as_deref()?;
        Granularity::ALL.into_iter().find(|g| g.label() == label)
    }
}

/// What the risk assessment needs: the rules and the instant it is made at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskContext {
    /// `RiskRules::to_json`; absent: the default rules.
    pub rules_json: Option<String>,
    pub now_ms: i64,
}

impl RiskContext {
    pub fn new(rules: &RiskRules, now: EpochMillis) -> Self {
        let rules_json = (*rules != RiskRules::default()).then(|| rules.to_json());
        Self {
            rules_json,
            now_ms: now.0,
        }
    }

    /// The rules; text that does not parse (the page only sends rules it validated) gives the
    /// default rules.
    pub fn rules(&self) -> RiskRules {
        self.rules_json
            .as_deref()
            .and_then(|json| RiskRules::from_json(json).ok())
            .unwrap_or_default()
    }
}

/// One query, sent to every shard. A newer `query_id` supersedes an older one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryRequest {
    pub query_id: u64,
    /// The filter as `url_state::filter_to_hash` writes it (the URL's own encoding) …
    pub filter: String,
    /// … but for its period, `[start_ms, end_ms)`, carried as numbers: the URL form drops an
    /// empty period (a hand-edited link still opens), which here must still select nothing.
    pub period_ms: Option<(i64, i64)>,
    pub views: Views,
    /// Needed for the risk matrix and for a filter's risk cell (ignored without it).
    pub risk: Option<RiskContext>,
    /// The page's lane of queries it belongs to: a newer query of a lane supersedes the older
    /// ones still waiting in a worker, and lower lanes are answered first ([`take_next_query`]).
    /// `None` for a one-off question, which nothing supersedes.
    #[serde(default)]
    pub lane: Option<u32>,
    /// Asked of the baseline's store (the earlier period loaded for comparison), not the
    /// current data's.
    #[serde(default)]
    pub baseline: bool,
}

/// The query a worker answers next among those `waiting` (each with the routed batches it
/// must have received first, which are `ready` or not yet): the older queries of a lane
/// with a newer one waiting are dropped (the page no longer wants their answers), and of the
/// ready ones the lowest lane goes first (the cards before the table and the briefing; one-off
/// questions last), then the oldest. A worker answers one and then lets its messages in, so a
/// filter change does not wait behind the previous one's slower views.
pub fn take_next_query<E: Copy>(
    waiting: &mut Vec<(QueryRequest, E)>,
    ready: impl Fn(E) -> bool,
) -> Option<QueryRequest> {
    let newest_of_lane = |lane: u32| {
        waiting
            .iter()
            .filter(|(request, _)| request.lane == Some(lane))
            .map(|(request, _)| request.query_id)
            .max()
    };
    let superseded: Vec<bool> = waiting
        .iter()
        .map(|(request, _)| {
            request
                .lane
                .is_some_and(|lane| newest_of_lane(lane) != Some(request.query_id))
        })
        .collect();
    let mut keep = superseded.iter().map(|&gone| !gone);
    waiting.retain(|_| keep.next().unwrap_or(true));
    let at = waiting
        .iter()
        .enumerate()
        .filter(|(_, (_, expect))| ready(*expect))
        .min_by_key(|(_, (request, _))| (request.lane.unwrap_or(u32::MAX), request.query_id))
        .map(|(at, _)| at)?;
    Some(waiting.remove(at).0)
}

impl QueryRequest {
    pub fn new(
        query_id: u64,
        filter: &FindingFilter,
        views: Views,
        risk: Option<RiskContext>,
    ) -> Self {
        Self {
            query_id,
            filter: filter_to_hash(filter),
            period_ms: filter.period.map(|p| (p.start.0, p.end.0)),
            views,
            risk,
            lane: None,
            baseline: false,
        }
    }

    pub fn filter(&self) -> FindingFilter {
        FindingFilter {
            period: self.period_ms.map(|(start, end)| Period {
                start: EpochMillis(start),
                end: EpochMillis(end),
            }),
            ..filter_from_hash(&self.filter)
        }
    }
}

/// Partial aggregates, one per view asked for. `merge` is associative and commutative, so the
/// shards' answers may be merged in any order and grouping.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryAnswer {
    pub kpis: Option<KpiPartial>,
    pub timeline: Option<TimelinePartial>,
    /// Sorted by kind.
    pub breakdowns: Vec<BreakdownPartial>,
    pub tactics: Option<OrderedPartial>,
    pub csa_threats: Option<OrderedPartial>,
    pub risk_matrix: Option<RiskPartial>,
    pub table: Option<WindowPartial>,
    pub rows: Option<RowsPartial>,
    pub actors: Option<ActorsPartial>,
    pub coverage: Option<CoveragePartial>,
    pub iocs: Option<IocEvidence>,
    pub ageing: Option<AgeingTally<LoadPlace>>,
    /// From the one shard that owns the id asked for.
    pub detail: Option<FindingDetail>,
    pub load_facts: Option<LoadFacts>,
    pub findings_export: Option<ExportPartial>,
    pub measures: Option<MeasuresPartial>,
    /// One per what-if asked for, in order (`None`: the shard could not read its criteria).
    pub suppression: Vec<Option<SuppressionPartial>>,
    pub graph_nodes: Option<GraphNodesPartial>,
    pub graph_fold: Option<GraphFoldPartial>,
    #[serde(default)]
    pub briefing: Option<BriefingTally<Origin>>,
    #[serde(default)]
    pub activity_before: Option<u64>,
    #[serde(default)]
    pub latest_activity_ms: Option<i64>,
    #[serde(default)]
    pub comparison: Option<ChangeCounts>,
    /// Each row with where its id was first read (the page's order of findings).
    #[serde(default)]
    pub board_rows: Option<Vec<(Origin, FindingRow)>>,
}

fn merge_option<T>(into: &mut Option<T>, other: Option<T>, merge: impl FnOnce(&mut T, T)) {
    match (into.as_mut(), other) {
        (Some(kept), Some(other)) => merge(kept, other),
        (None, other) => *into = other,
        (Some(_), None) => {}
    }
}

impl QueryAnswer {
    pub fn merge(&mut self, other: QueryAnswer) {
        merge_option(&mut self.kpis, other.kpis, KpiPartial::merge);
        merge_option(&mut self.timeline, other.timeline, TimelinePartial::merge);
        merge_option(&mut self.actors, other.actors, ActorsPartial::merge);
        merge_option(&mut self.coverage, other.coverage, CoveragePartial::merge);
        merge_option(&mut self.iocs, other.iocs, IocEvidence::merge);
        merge_option(&mut self.ageing, other.ageing, AgeingTally::merge);
        merge_option(&mut self.load_facts, other.load_facts, LoadFacts::merge);
        merge_option(&mut self.measures, other.measures, MeasuresPartial::merge);
        merge_what_ifs(&mut self.suppression, other.suppression);
        merge_option(
            &mut self.graph_nodes,
            other.graph_nodes,
            GraphNodesPartial::merge,
        );
        merge_option(
            &mut self.graph_fold,
            other.graph_fold,
            GraphFoldPartial::merge,
        );
        merge_option(&mut self.briefing, other.briefing, BriefingTally::merge);
        merge_option(&mut self.activity_before, other.activity_before, |a, b| {
            *a += b;
        });
        merge_option(
            &mut self.latest_activity_ms,
            other.latest_activity_ms,
            |a, b| *a = (*a).max(b),
        );
        merge_option(&mut self.comparison, other.comparison, ChangeCounts::add);
        merge_option(&mut self.board_rows, other.board_rows, |rows, more| {
            rows.extend(more);
            rows.sort_by_key(|row| row.0);
        });
        merge_option(
            &mut self.findings_export,
            other.findings_export,
            ExportPartial::merge,
        );
        // One owner per id: at most one answer carries it.
        if self.detail.is_none() {
            self.detail = other.detail;
        }
        for breakdown in other.breakdowns {
            match self
                .breakdowns
                .iter_mut()
                .find(|b| b.kind == breakdown.kind)
            {
                Some(kept) => kept.merge(breakdown),
                None => self.breakdowns.push(breakdown),
            }
        }
        self.breakdowns.sort_by_key(|b| b.kind);
        merge_option(&mut self.tactics, other.tactics, OrderedPartial::merge);
        merge_option(
            &mut self.csa_threats,
            other.csa_threats,
            OrderedPartial::merge,
        );
        merge_option(&mut self.risk_matrix, other.risk_matrix, RiskPartial::merge);
        merge_option(&mut self.table, other.table, WindowPartial::merge);
        merge_option(&mut self.rows, other.rows, RowsPartial::merge);
    }

    /// The finished views, as the single-set functions give them for the same selection.
    pub fn finish(self, views: &Views) -> QueryResult {
        let timeline = views.timeline.as_ref().and_then(|view| {
            self.timeline
                .map(|partial| partial.finish(view.time_basis(), view.granularity()))
        });
        let breakdowns = views
            .breakdowns
            .iter()
            .filter_map(|kind| self.breakdowns.iter().find(|b| b.kind == *kind))
            .map(|partial| partial.clone().finish())
            .collect();
        QueryResult {
            summary: self.kpis.map(KpiPartial::finish),
            timeline,
            breakdowns,
            tactics: self.tactics.map(OrderedPartial::finish_tactics),
            csa_threats: self.csa_threats.map(OrderedPartial::finish_csa),
            risk_matrix: self.risk_matrix.map(RiskPartial::finish),
            table: self.table.map(WindowPartial::finish),
            rows: self
                .rows
                .map(|rows| rows.finish(&views.rows))
                .unwrap_or_default(),
            actors: views
                .actors_top_n
                .and_then(|top_n| self.actors.map(|partial| partial.finish(top_n as usize))),
            coverage: self.coverage.map(CoveragePartial::finish),
            iocs: self.iocs.map(IocEvidence::rows),
            detail: self.detail,
            load_facts: self.load_facts,
            findings_export: self.findings_export.map(ExportPartial::finish),
            measures: views.measures_at_ms.and_then(|at_ms| {
                self.measures
                    .map(|partial| partial.finish(EpochMillis(at_ms)))
            }),
            graph_nodes: self.graph_nodes,
            graph_fold: self.graph_fold,
            briefing: self.briefing.map(BriefingTally::without_places),
            activity_before: self.activity_before,
            latest_activity_ms: self.latest_activity_ms,
            comparison: self.comparison,
            board_rows: self
                .board_rows
                .map(|rows| rows.into_iter().map(|(_, row)| row).collect()),
            suppression: views
                .suppression
                .as_ref()
                .map(|view| finish_what_ifs(view, self.suppression))
                .unwrap_or_default(),
            ageing: views.ageing.as_ref().and_then(|view| {
                self.ageing.map(|mut tally| {
                    tally.keep_first_past_sla(view.past_sla_listed as usize);
                    tally.finish(&view.sla, EpochMillis(view.now_ms), view.archived_known)
                })
            }),
        }
    }
}

/// One shard's answer to one query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardAnswer {
    pub query_id: u64,
    /// Which shard answered (`0..shard_count`).
    pub shard: u32,
    pub answer: QueryAnswer,
}

/// The merged views of one query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryResult {
    pub summary: Option<Summary>,
    pub timeline: Option<Timeline>,
    /// In the order the request listed them.
    pub breakdowns: Vec<Breakdown>,
    pub tactics: Option<Breakdown>,
    pub csa_threats: Option<Breakdown>,
    pub risk_matrix: Option<RiskMatrix>,
    pub table: Option<TableWindow>,
    /// The rows asked for, in the order asked.
    pub rows: Vec<TableRow>,
    pub actors: Option<ActorSummary>,
    pub coverage: Option<Coverage>,
    pub iocs: Option<Vec<IocRow>>,
    /// The past-SLA list holds the first `past_sla_listed`, each named by its [`LoadPlace`].
    pub ageing: Option<Ageing<LoadPlace>>,
    /// The finding asked for, when one shard holds it.
    pub detail: Option<FindingDetail>,
    pub load_facts: Option<LoadFacts>,
    /// The selected findings' CSV records, in the order asked for.
    pub findings_export: Option<Vec<Vec<String>>>,
    pub measures: Option<SelectionMeasures>,
    /// One per what-if asked for, in order (`None`: it could not be answered).
    pub suppression: Vec<Option<WhatIf>>,
    /// The graph's queries, merged (`store::graph::finish_graph` draws them).
    pub graph_nodes: Option<GraphNodesPartial>,
    pub graph_fold: Option<GraphFoldPartial>,
    /// The briefing's tally of the selection, merged.
    pub briefing: Option<BriefingTally<()>>,
    /// Selected findings last active before `Views::activity_before_ms`.
    pub activity_before: Option<u64>,
    /// The selection's latest activity (`Views::latest_activity`; `None` also when no selected
    /// finding has a time).
    pub latest_activity_ms: Option<i64>,
    /// The comparison with the baseline (`Views::comparison`).
    pub comparison: Option<ChangeCounts>,
    /// The selected findings' rows, in load order (`Views::board_rows`).
    pub board_rows: Option<Vec<FindingRow>>,
}

impl QueryResult {
    /// The breakdown by `dimension`, when the request asked for it.
    pub fn breakdown(
        &self,
        dimension: crate::analysis::breakdown::Dimension,
    ) -> Option<&Breakdown> {
        self.breakdowns.iter().find(|b| b.dimension == dimension)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiting(queries: &[(u64, Option<u32>, u64)]) -> Vec<(QueryRequest, u64)> {
        queries
            .iter()
            .map(|&(query_id, lane, expect)| {
                let request = QueryRequest {
                    query_id,
                    lane,
                    ..QueryRequest::default()
                };
                (request, expect)
            })
            .collect()
    }

    fn answered_in_turn(mut queue: Vec<(QueryRequest, u64)>, received: u64) -> Vec<u64> {
        std::iter::from_fn(|| take_next_query(&mut queue, |expect| received >= expect))
            .map(|request| request.query_id)
            .collect()
    }

    #[test]
    fn a_newer_query_of_a_lane_drops_the_older_ones_still_waiting() {
        // The briefing (lane 5) of the last filter, then the next filter's cards and briefing.
        let queue = waiting(&[(1, Some(5), 0), (2, Some(0), 0), (3, Some(5), 0)]);
        assert_eq!(answered_in_turn(queue, 0), vec![2, 3]);
    }

    #[test]
    fn lower_lanes_go_first_then_the_oldest_and_one_off_questions_last() {
        let queue = waiting(&[
            (1, None, 0),
            (2, Some(5), 0),
            (3, Some(1), 0),
            (4, Some(0), 0),
        ]);
        assert_eq!(answered_in_turn(queue, 0), vec![4, 3, 2, 1]);
        let one_offs = waiting(&[(7, None, 0), (8, None, 0)]);
        assert_eq!(
            answered_in_turn(one_offs, 0),
            vec![7, 8],
            "nothing supersedes them"
        );
    }

    #[test]
    fn a_query_waits_for_the_batches_it_expects() {
        let mut queue = waiting(&[(1, Some(0), 3), (2, Some(1), 1)]);
        assert_eq!(
            take_next_query(&mut queue, |expect| 1 >= expect).map(|r| r.query_id),
            Some(2)
        );
        assert_eq!(
            take_next_query(&mut queue, |expect| 2 >= expect),
            None,
            "still two batches short"
        );
        assert_eq!(queue.len(), 1, "kept until its batches arrive");
        assert_eq!(
            take_next_query(&mut queue, |expect| 3 >= expect).map(|r| r.query_id),
            Some(1)
        );
    }
}
