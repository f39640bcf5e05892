//! The current data and the baseline side by side in one worker: two [`ShardHost`]s of the
//! same pool, so [`owner_of`](super::owner_of) puts a finding id in the same worker in both,
//! and the comparison of the two periods by id (new, still active, resolved) is a per-worker
//! count that adds up over the pool ([`ChangeCounts`]).
//!
//! A query names its store (`QueryRequest::baseline`); `Views::comparison` on a query of the
//! current data compares its selection with the baseline's selection of the same filter but
//! for its period and risk cell (which describe the current period only), as the page's
//! `analysis::briefing::compare` does.

use rustc_hash::FxHashMap;

use super::host::ShardHost;
use super::query::{QueryRequest, ShardAnswer};
use super::shard::{flag, Shard};
use crate::analysis::briefing::ChangeCounts;
use crate::analysis::filter::FindingFilter;
use crate::model::Text;

/// Which of a worker's two stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The page's data.
    Current,
    /// The earlier period loaded for comparison.
    Baseline,
}

/// The filter the baseline is selected by: the current filter without its period and risk
/// cell.
pub fn baseline_filter(filter: &FindingFilter) -> FindingFilter {
    FindingFilter {
        period: None,
        risk_cell: None,
        ..filter.clone()
    }
}

/// Whether answering `request` reads `side`'s store (a comparison reads both).
pub fn asks_about(request: &QueryRequest, side: Side) -> bool {
    match side {
        Side::Current => !request.baseline,
        Side::Baseline => request.baseline || request.views.comparison.is_some(),
    }
}

/// One worker's share of the current data and of the baseline.
#[derive(Debug)]
pub struct HostPair {
    pub current: ShardHost,
    pub baseline: ShardHost,
}

impl HostPair {
    /// Worker `me` of a pool of `shard_count`, holding nothing yet.
    pub fn new(me: usize, shard_count: usize) -> Self {
        Self {
            current: ShardHost::new(me, shard_count),
            baseline: ShardHost::new(me, shard_count),
        }
    }

    pub fn host(&mut self, side: Side) -> &mut ShardHost {
        match side {
            Side::Current => &mut self.current,
            Side::Baseline => &mut self.baseline,
        }
    }

    /// Forgets one side's findings (the page cleared its data, or loads another baseline).
    pub fn clear(&mut self, side: Side) {
        let host = self.host(side);
        *host = ShardHost::new(host.index(), host.shard_count());
    }

    /// Batches received from the other workers, for each side.
    pub fn received(&self) -> [u64; 2] {
        [self.current.received(), self.baseline.received()]
    }

    /// This worker's partial answer to `request`, of the store it names, with the comparison
    /// when asked.
    pub fn answer(&mut self, request: &QueryRequest) -> ShardAnswer {
        if request.baseline {
            return self.baseline.answer(request);
        }
        let mut answer = self.current.answer(request);
        if request.views.comparison.is_some() {
            answer.answer.comparison = Some(self.change_counts(request));
        }
        answer
    }

    /// The comparison of `request`'s selection of the current data with the baseline's
    /// selection ([`baseline_filter`]), over the ids this worker owns.
    pub fn change_counts(&mut self, request: &QueryRequest) -> ChangeCounts {
        let filter = request.filter();
        let current = self.current.shard_mut().selected_rows(&filter, request);
        let base_filter = baseline_filter(&filter);
        let baseline = self
            .baseline
            .shard_mut()
            .selected_rows(&base_filter, request);
        let now = self.current.shard().archived_by_id(&current);
        let before = self.baseline.shard().archived_by_id(&baseline);
        let mut counts = ChangeCounts::default();
        for (id, &archived) in &now {
            match before.get(id) {
                None => counts.new += 1,
                Some(_) if !archived => counts.persisting += 1,
                Some(_) => {}
            }
        }
        for (id, &was_archived) in &before {
            let active_now = now.get(id) == Some(&false);
            if !active_now && !was_archived {
                counts.resolved += 1;
            }
        }
        counts
    }
}

impl Shard {
    /// Rows `filter` selects (its risk cell under `request`'s risk context, its text through
    /// the search index, built when first needed).
    pub(super) fn selected_rows(
        &mut self,
        filter: &FindingFilter,
        request: &QueryRequest,
    ) -> Vec<u32> {
        let cells = match (&request.risk, filter.risk_cell) {
            (Some(context), Some(_)) => Some(self.cached_risk_cells(context)),
            _ => None,
        };
        if !filter.text.trim().is_empty() && self.search.is_none() {
            self.search = self.build_search();
        }
        self.select(filter, cells.as_deref(), self.search.as_ref())
    }

    /// Whether each selected row's finding is archived, by id (a shard holds an id once).
    fn archived_by_id(&self, rows: &[u32]) -> FxHashMap<&Text, bool> {
        rows.iter()
            .filter_map(|&row| {
                let id = self.ids.get(row as usize)?;
                Some((id, self.flags[row as usize] & flag::ARCHIVED != 0))
            })
            .collect()
    }

    /// The latest activity (last seen, else updated; as `risk::latest_activity`) of `rows`.
    pub(super) fn latest_activity(&self, rows: &[u32]) -> Option<i64> {
        rows.iter()
            .filter_map(|&row| {
                let times = self.record_times(row as usize);
                times.last_seen_at.or(times.updated_at)
            })
            .map(|at| at.0)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::query::Views;

    #[test]
    fn clearing_one_store_drops_only_the_queries_that_read_it() {
        let current = QueryRequest::default();
        let baseline = QueryRequest {
            baseline: true,
            ..QueryRequest::default()
        };
        let comparison = QueryRequest {
            views: Views {
                comparison: Some(1),
                ..Views::default()
            },
            ..QueryRequest::default()
        };
        let asked =
            |side| [&current, &baseline, &comparison].map(|request| asks_about(request, side));
        assert_eq!(asked(Side::Current), [true, false, true]);
        assert_eq!(asked(Side::Baseline), [false, true, true]);
    }
}
