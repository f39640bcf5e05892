//! A shard's answer to a query: the rows the filter keeps, counted into each view's partial
//! aggregate by interned id first and turned into labels once per distinct value.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use super::actors::ActorsPartial;
use super::export::ExportPartial;
use super::partial::{
    BreakdownKind, BreakdownPartial, CoveragePartial, KpiPartial, OrderedPartial, RiskPartial,
    TimelinePartial,
};
use super::query::{QueryAnswer, QueryRequest, RiskContext, ShardAnswer, Views};
use super::shard::{cell_levels, flag, RiskCell, Shard, ABSENT};
use super::window::{RowsPartial, TableKey, TableRow, WindowPartial};
use crate::analysis::actors::IocEvidence;
use crate::analysis::attack::Tactic;
use crate::analysis::breakdown::label_of;
use crate::analysis::coverage::{add_to_cell, place_name, CellCounts};
use crate::analysis::csa::CsaThreat;
use crate::analysis::export::finding_record;
use crate::analysis::filter::FindingFilter;
use crate::analysis::finding_index::bits;
use crate::analysis::finding_row::FindingRow;
use crate::analysis::period::TimeBasis;
use crate::analysis::summary::count_key;
use crate::model::{Dialect, EpochMillis, Finding, Text};

/// Counts per interned value (the last slot for an absent value) and band.
struct ValueCounts(Vec<[u32; 4]>);

impl ValueCounts {
    fn new(values: usize) -> Self {
        Self(vec![[0; 4]; values + 1])
    }

    fn add(&mut self, id: u32, band: usize) {
        let last = self.0.len() - 1;
        let slot = if id == ABSENT { last } else { id as usize };
        if let Some(counts) = self.0.get_mut(slot) {
            counts[band] += 1;
        }
    }

    /// `(value index or None for absent, counts)` of every value counted at least once.
    fn counted(&self) -> impl Iterator<Item = (Option<u32>, [u32; 4])> + '_ {
        let last = self.0.len() - 1;
        self.0
            .iter()
            .enumerate()
            .filter(|(_, counts)| counts.iter().any(|&n| n > 0))
            .map(move |(i, &counts)| {
                (
                    (i != last).then_some(u32::try_from(i).unwrap_or(ABSENT)),
                    counts,
                )
            })
    }
}

fn total(counts: [u32; 4]) -> u64 {
    counts.iter().map(|&n| u64::from(n)).sum()
}

impl Shard {
    /// Answers `request` over this shard's rows, as shard number `shard`.
    pub fn answer(&mut self, shard: u32, request: &QueryRequest) -> ShardAnswer {
        let filter = request.filter();
        let views = &request.views;
        let needs_cells = views.risk_matrix
            || views.measures_at_ms.is_some()
            || views.briefing
            || filter.risk_cell.is_some();
        let cells = match (&request.risk, needs_cells) {
            (Some(context), true) => Some(self.cached_risk_cells(context)),
            _ => None,
        };
        if !filter.text.trim().is_empty() && self.search.is_none() {
            self.search = self.build_search();
        }
        ShardAnswer {
            query_id: request.query_id,
            shard,
            answer: self.answer_views(&filter, views, cells.as_deref(), request.risk.as_ref()),
        }
    }

    fn answer_views(
        &self,
        filter: &FindingFilter,
        views: &Views,
        cells: Option<&[RiskCell]>,
        risk: Option<&RiskContext>,
    ) -> QueryAnswer {
        let selected = self.select(filter, cells, self.search.as_ref());
        let mut answer = QueryAnswer::default();
        let mut by_type = ValueCounts::new(self.types.len());
        let mut by_account = ValueCounts::new(self.strings.len());
        let mut by_region = ValueCounts::new(self.strings.len());
        let mut by_resource = ValueCounts::new(self.strings.len());
        for &row in &selected {
            let row = row as usize;
            let band = usize::from(self.band[row]);
            by_type.add(self.kind[row], band);
            by_account.add(self.account[row], band);
            by_region.add(self.region[row], band);
            by_resource.add(self.resource_type[row], band);
        }
        if let Some(id) = &views.detail {
            answer.detail = self.detail(id, risk);
        }
        if let Some(view) = &views.ageing {
            answer.ageing = Some(self.ageing(&selected, view));
        }
        if let Some(view) = &views.suppression {
            answer.suppression = self.what_ifs(view);
        }
        if let Some(view) = &views.graph {
            match &view.drawn {
                None => answer.graph_nodes = Some(self.graph_nodes(&selected, view)),
                Some(drawn) => answer.graph_fold = Some(self.graph_fold(&selected, drawn)),
            }
        }
        if views.load_facts {
            answer.load_facts = Some(self.load_facts());
        }
        if views.measures_at_ms.is_some() {
            answer.measures = Some(self.measures(&selected, cells));
        }
        if views.briefing {
            answer.briefing = Some(self.briefing_tally(&selected, cells, risk));
        }
        if views.board_rows {
            let rows = selected
                .iter()
                .filter_map(|&row| {
                    let finding = self.finding(row as usize)?;
                    Some((self.first_seen[row as usize], FindingRow::of(&finding)))
                })
                .collect();
            answer.board_rows = Some(rows);
        }
        if views.latest_activity {
            answer.latest_activity_ms = self.latest_activity(&selected);
        }
        if let Some(before_ms) = views.activity_before_ms {
            answer.activity_before = Some(self.activity_before(&selected, before_ms));
        }
        if let Some(view) = views.findings_export {
            let records = selected
                .iter()
                .filter_map(|&row| {
                    let finding = self.finding(row as usize)?;
                    Some((self.table_key(row as usize), finding_record(&finding)))
                })
                .collect();
            answer.findings_export = Some(ExportPartial::new(view, records));
        }
        if views.kpis {
            answer.kpis =
                Some(self.kpis(&selected, &by_type, [&by_account, &by_region, &by_resource]));
        }
        if let Some(view) = &views.timeline {
            let basis = view.time_basis();
            let mut timeline = TimelinePartial::default();
            for &row in &selected {
                let row = row as usize;
                timeline.add(basis.pick(&self.record_times(row)), self.severity(row));
            }
            answer.timeline = Some(timeline);
        }
        for &kind in &views.breakdowns {
            if answer.breakdowns.iter().any(|b| b.kind == kind) {
                continue;
            }
            let mut partial = BreakdownPartial {
                kind,
                rows: Default::default(),
            };
            let counts = match kind {
                BreakdownKind::ThreatPurpose
                | BreakdownKind::Family
                | BreakdownKind::FindingType => &by_type,
                BreakdownKind::Account => &by_account,
                BreakdownKind::Region => &by_region,
                BreakdownKind::ResourceType => &by_resource,
            };
            for (value, bands) in counts.counted() {
                let row = partial
                    .rows
                    .entry(self.breakdown_label(kind, value))
                    .or_default();
                for (sum, n) in row.iter_mut().zip(bands) {
                    *sum += n;
                }
            }
            answer.breakdowns.push(partial);
        }
        answer.breakdowns.sort_by_key(|b| b.kind);
        if views.tactics {
            answer.tactics =
                Some(self.masked(&selected, Tactic::ALL.len(), |row| self.tactics[row]));
        }
        if views.csa_threats {
            answer.csa_threats = Some(self.masked(&selected, CsaThreat::ALL.len(), |row| {
                self.types.get(self.kind[row] as usize).map_or(0, |t| t.csa)
            }));
        }
        if let (true, Some(cells)) = (views.risk_matrix, cells) {
            // Counted over the selection but for its risk cell (the card shows every cell's
            // number while one is chosen), unless the request wants the selection itself.
            let any_cell = filter.risk_cell.filter(|_| !views.board_rows).map(|_| {
                let without_cell = FindingFilter {
                    risk_cell: None,
                    ..filter.clone()
                };
                self.select(&without_cell, Some(cells), self.search.as_ref())
            });
            let mut risk = RiskPartial::default();
            for &row in any_cell.as_ref().unwrap_or(&selected) {
                if let Some(&cell) = cells.get(row as usize) {
                    let (likelihood, impact) = cell_levels(cell);
                    if let Some(n) = risk
                        .cells
                        .get_mut(likelihood)
                        .and_then(|r| r.get_mut(impact))
                    {
                        *n += 1;
                    }
                }
            }
            answer.risk_matrix = Some(risk);
        }
        if views.actors_top_n.is_some() {
            let mut actors = ActorsPartial::default();
            for &row in &selected {
                let row = row as usize;
                let (network_actors, domains, user_agents) = self.actors_of(row);
                actors.add_finding(self.severity(row), network_actors, domains, user_agents);
            }
            answer.actors = Some(actors);
        }
        if views.iocs {
            let mut iocs = IocEvidence::default();
            for finding in selected
                .iter()
                .filter_map(|&row| self.finding(row as usize))
            {
                iocs.add_finding(&finding);
            }
            answer.iocs = Some(iocs);
        }
        if views.coverage {
            // Counted over the selection but for its accounts and regions (the grid keeps
            // every cell on screen while one is chosen), unless the request wants the
            // selection itself.
            let places_open = match views.board_rows {
                true => filter.clone(),
                false => FindingFilter {
                    accounts: Default::default(),
                    regions: Default::default(),
                    ..filter.clone()
                },
            };
            let unplaced = (places_open != *filter)
                .then(|| self.select(&places_open, cells, self.search.as_ref()));
            answer.coverage = Some(self.coverage(unplaced.as_ref().unwrap_or(&selected)));
        }
        if let Some(view) = views.table {
            let keys = selected
                .iter()
                .map(|&row| self.table_key(row as usize))
                .collect();
            answer.table = Some(WindowPartial::new(view, selected.len() as u64, keys));
        }
        if !views.rows.is_empty() {
            let rows = views
                .rows
                .iter()
                .filter_map(|id| self.row_of_id(id))
                .filter_map(|row| self.table_row(row))
                .collect();
            let mut partial = RowsPartial { rows };
            partial.rows.sort_by(|a, b| a.id.cmp(&b.id));
            answer.rows = Some(partial);
        }
        answer
    }

    /// The coverage grid's counts of the selected rows, and the places every row names.
    fn coverage(&self, selected: &[u32]) -> CoveragePartial {
        let mut by_place: FxHashMap<(u32, u32), [u64; 4]> = FxHashMap::default();
        for &row in selected {
            let row = row as usize;
            let place = (self.account[row], self.region[row]);
            by_place.entry(place).or_insert([0; 4])[usize::from(self.band[row])] += 1;
        }
        let name = |id: u32| place_name(self.text(id)).map(str::to_owned);
        let mut cells = CellCounts::new();
        for ((account, region), counts) in by_place {
            add_to_cell(&mut cells, (name(account), name(region)), counts);
        }
        let named_in = |column: &[u32]| -> BTreeSet<String> {
            let ids: FxHashSet<u32> = column.iter().copied().collect();
            ids.into_iter().filter_map(name).collect()
        };
        CoveragePartial::new(cells, named_in(&self.account), named_in(&self.region))
    }

    fn table_row(&self, row: usize) -> Option<TableRow> {
        Some(TableRow::of(&self.finding(row)?))
    }

    fn table_key(&self, row: usize) -> TableKey {
        let times = self.record_times(row);
        TableKey {
            score_bits: self.severity_score[row].to_bits(),
            last_seen_ms: TimeBasis::LastSeen.pick(&times).map(|t| t.0),
            count: self.count[row],
            finding_type: self
                .types
                .get(self.kind[row] as usize)
                .map_or_else(String::new, |t| t.kind.full.to_string()),
            id: self
                .ids
                .get(row)
                .map_or_else(String::new, |id| id.to_string()),
        }
    }

    pub(super) fn cached_risk_cells(&mut self, context: &RiskContext) -> Vec<RiskCell> {
        if let Some((cached, cells)) = &self.risk_cache {
            if cached == context {
                return cells.clone();
            }
        }
        let cells = self.risk_cells(&context.rules(), EpochMillis(context.now_ms));
        self.risk_cache = Some((context.clone(), cells.clone()));
        cells
    }

    /// The breakdown label of a type slot (for purpose, family and type: `Dimension::value_of`
    /// reads only the type for these) or of an account, region or resource type id.
    fn breakdown_label(&self, kind: BreakdownKind, value: Option<u32>) -> String {
        match kind {
            BreakdownKind::ThreatPurpose | BreakdownKind::Family | BreakdownKind::FindingType => {
                match value.and_then(|slot| self.types.get(slot as usize)) {
                    Some(entry) => kind.dimension().value_of(&Finding::new(
                        Text::from(""),
                        entry.kind.clone(),
                        0.0,
                        Dialect::CamelCase,
                    )),
                    None => label_of(None),
                }
            }
            BreakdownKind::Account | BreakdownKind::Region | BreakdownKind::ResourceType => {
                label_of(value.and_then(|id| self.text(id)).map(str::to_owned))
            }
        }
    }

    fn kpis(
        &self,
        selected: &[u32],
        by_type: &ValueCounts,
        places: [&ValueCounts; 3],
    ) -> KpiPartial {
        let mut kpis = KpiPartial {
            unique_findings: selected.len() as u64,
            ..KpiPartial::default()
        };
        for (slot, counts) in by_type.counted() {
            if let Some(entry) = slot.and_then(|s| self.types.get(s as usize)) {
                let n = total(counts);
                *kpis
                    .by_purpose
                    .entry(count_key(Some(&entry.kind.threat_purpose)).to_owned())
                    .or_default() += n;
                *kpis
                    .by_type
                    .entry(count_key(Some(&entry.kind.full)).to_owned())
                    .or_default() += n;
            }
        }
        let [accounts, regions, resources] = places;
        for (counts, map) in [
            (accounts, &mut kpis.by_account),
            (regions, &mut kpis.by_region),
            (resources, &mut kpis.by_resource_type),
        ] {
            for (id, bands) in counts.counted() {
                let key = count_key(id.and_then(|id| self.text(id)));
                *map.entry(key.to_owned()).or_default() += total(bands);
            }
        }
        for (counts, set) in [(accounts, &mut kpis.accounts), (regions, &mut kpis.regions)] {
            set.extend(
                counts
                    .counted()
                    .filter_map(|(id, _)| id.and_then(|id| self.text(id)).map(str::to_owned)),
            );
        }
        for &row in selected {
            let row = row as usize;
            kpis.by_severity[usize::from(self.band[row]).min(3)] += 1;
            let flags = self.flags[row];
            kpis.archived += u64::from(flags & flag::ARCHIVED != 0);
            kpis.samples += u64::from(flags & flag::SAMPLE != 0);
            kpis.zero_confidence += u64::from(flags & flag::ZERO_CONFIDENCE != 0);
            kpis.total_occurrences = kpis.total_occurrences.saturating_add(self.count[row]);
            let times = self.record_times(row);
            let first = TimeBasis::FirstSeen.pick(&times).map(|t| t.0);
            let last = TimeBasis::LastSeen.pick(&times).map(|t| t.0);
            if let Some(first) = first {
                kpis.first_seen_ms = Some(kpis.first_seen_ms.map_or(first, |s| s.min(first)));
            }
            kpis.last_seen_ms = kpis.last_seen_ms.max(last);
        }
        kpis
    }

    /// Counts per label for a bit mask of labels per row (each label once per finding).
    fn masked(
        &self,
        selected: &[u32],
        labels: usize,
        mask_of: impl Fn(usize) -> u16,
    ) -> OrderedPartial {
        let mut by_mask: FxHashMap<u16, [u32; 4]> = FxHashMap::default();
        for &row in selected {
            let row = row as usize;
            by_mask.entry(mask_of(row)).or_default()[usize::from(self.band[row]).min(3)] += 1;
        }
        let mut partial = OrderedPartial::with_len(labels);
        for (mask, bands) in by_mask {
            for bit in bits(mask) {
                if let Some(row) = partial.rows.get_mut(bit) {
                    for (sum, n) in row.iter_mut().zip(bands) {
                        *sum += n;
                    }
                }
            }
        }
        partial
    }
}
