//! The global filter every view obeys (mirrored in the URL hash), and the findings it selects.

use std::sync::Arc;

use leptos::prelude::*;

use super::{DataState, RiskState};
use crate::analysis::briefing::{history_briefing, HistoryBriefing};
use crate::analysis::filter::{keep_risk_cell, FindingFilter};
use crate::analysis::rollup_filter::{filter_rollup, FilteredRollup};
use crate::analysis::rollup_views::{rollup_kpis, RollupKpis};
use crate::analysis::summary::{summarize, Summary};
use crate::model::{Finding, Rollup};

/// The global filter every view obeys, and the findings it selects.
#[derive(Clone, Copy)]
pub struct FilterState {
    data: DataState,
    pub filter: RwSignal<FindingFilter>,
    /// Indices of the findings that pass the filter apart from its risk cell (what the risk
    /// matrix counts, so the other cells keep their numbers when one is chosen).
    pub selected_any_cell: Memo<Arc<Vec<u32>>>,
    /// Indices (into the merged findings) of the findings that pass the filter.
    pub selected: Memo<Arc<Vec<u32>>>,
    /// Findings hidden only because they are GuardDuty sample findings.
    pub hidden_samples: Memo<usize>,
    /// The summary of the selected findings (what the KPI tiles show).
    pub selected_summary: Memo<Summary>,
    /// The loaded rollup's rows the filter keeps (the parts a rollup row has columns for), and
    /// the active parts it could not apply: every history view reads this.
    pub history: Memo<Arc<FilteredRollup>>,
    /// The kept history's headline numbers.
    pub history_kpis: Memo<RollupKpis>,
    /// The kept history in plain words (`None` when no row is kept).
    pub history_briefing: Memo<Option<HistoryBriefing>>,
}

impl FilterState {
    pub fn new(data: DataState, risk: RiskState, initial: FindingFilter) -> Self {
        let filter = RwSignal::new(initial);
        // The filter is applied once: without the risk cell, then the cell narrows that.
        let without_cell = Memo::new(move |_| {
            filter.with(|f| FindingFilter {
                risk_cell: None,
                ..f.clone()
            })
        });
        let selected_any_cell = Memo::new(move |_| {
            without_cell.with(|f| {
                if f.text.trim().is_empty() {
                    data.with_findings(|all| Arc::new(f.apply(all)))
                } else {
                    data.search.with(|search| {
                        data.with_findings(|all| Arc::new(f.apply_searching(all, search)))
                    })
                }
            })
        });
        let selected = Memo::new(move |_| match filter.with(|f| f.risk_cell) {
            None => selected_any_cell.get(),
            Some(wanted) => risk.cells.with(|cells| {
                selected_any_cell.with(|indices| Arc::new(keep_risk_cell(indices, cells, wanted)))
            }),
        });
        let hidden_samples =
            Memo::new(move |_| filter.with(|f| data.with_findings(|all| f.hidden_samples(all))));
        let selected_summary = Memo::new(move |_| {
            selected.with(|indices| {
                data.with_findings(|all| {
                    summarize(indices.iter().filter_map(|&i| all.get(i as usize)))
                })
            })
        });
        let history = Memo::new(move |_| {
            data.rollup
                .with(|rollup| filter.with(|f| Arc::new(filter_rollup(rollup, f))))
        });
        let history_kpis = Memo::new(move |_| history.with(|h| rollup_kpis(&h.rollup)));
        let history_briefing = Memo::new(move |_| history.with(|h| history_briefing(&h.rollup)));
        Self {
            data,
            filter,
            selected_any_cell,
            selected,
            hidden_samples,
            selected_summary,
            history,
            history_kpis,
            history_briefing,
        }
    }

    /// Reads the history the filter keeps (tracked in a reactive scope).
    pub fn with_history<R>(&self, read: impl FnOnce(&Rollup) -> R) -> R {
        self.history.with(|h| read(&h.rollup))
    }

    /// Reads the merged findings and the indices the filter selects (tracked in a reactive
    /// scope): the one way views read their data.
    pub fn with_selection<R>(&self, read: impl FnOnce(&[Finding], &[u32]) -> R) -> R {
        self.selected
            .with(|selected| self.data.with_findings(|all| read(all, selected)))
    }

    /// Like [`FilterState::with_selection`], without tracking (for event handlers).
    pub fn with_selection_untracked<R>(&self, read: impl FnOnce(&[Finding], &[u32]) -> R) -> R {
        self.selected
            .with_untracked(|selected| self.data.with_findings(|all| read(all, selected)))
    }

    /// Changes the filter.
    pub fn update(&self, change: impl FnOnce(&mut FindingFilter)) {
        self.filter.update(change);
    }
}
