//! The briefing's inputs and results: its indicators and sentences for the current selection,
//! compared with the baseline when one is loaded.

use leptos::prelude::*;

use super::{BaselineState, BoardSettings, DataState, FilterState, RiskState};
use crate::analysis::ageing::{ageing, archived_state_known, Ageing};
use crate::analysis::appetite::{key_risk_indicators, KeyRiskIndicator};
use crate::analysis::briefing::{briefing, indicators, Briefing, Indicator, SelectedFindings};
use crate::analysis::filter::FindingFilter;
use crate::analysis::risk::RiskRules;
use crate::model::EpochMillis;

/// The baseline is filtered like the current data, except for the period and the risk cell,
/// which describe the current data only.
fn baseline_filter(filter: &FindingFilter) -> FindingFilter {
    FindingFilter {
        period: None,
        risk_cell: None,
        ..filter.clone()
    }
}

/// Everything the briefing reads, tracked when read inside a memo.
#[derive(Clone, Copy)]
struct Sources {
    data: DataState,
    filters: FilterState,
    risk: RiskState,
    baseline: BaselineState,
    baseline_selected: Memo<Vec<u32>>,
}

impl Sources {
    fn read<R>(
        &self,
        compute: impl FnOnce(
            SelectedFindings<'_>,
            Option<SelectedFindings<'_>>,
            &RiskRules,
            EpochMillis,
        ) -> R,
    ) -> R {
        let now = self.risk.now.get();
        let has_baseline = self.baseline.is_loaded();
        // The per-load index, the risk cells and the KPI tiles' summary of the selection save
        // the briefing deriving them again.
        let index = self.data.index.get();
        let cells = self.risk.cells.get();
        let base_index = has_baseline.then(|| self.baseline.index.get());
        self.filters.selected.with(|selected| {
            self.data.with_findings(|all| {
                self.baseline_selected.with(|base_selected| {
                    self.baseline.with_findings(|base_all| {
                        self.risk.rules.with(|rules| {
                            let base = base_index.as_ref().map(|base_index| {
                                SelectedFindings::new(base_all, base_selected)
                                    .with_index(base_index)
                            });
                            self.filters.selected_summary.with(|summary| {
                                let current = SelectedFindings::new(all, selected)
                                    .with_index(&index)
                                    .with_risk_cells(&cells)
                                    .with_summary(summary);
                                compute(current, base, rules, now)
                            })
                        })
                    })
                })
            })
        })
    }
}

/// Indicators and briefing for the current selection (and the baseline when loaded).
#[derive(Clone, Copy)]
pub struct BriefingData {
    pub indicators: Memo<Vec<Indicator>>,
    pub briefing: Memo<Briefing>,
    /// The key risk indicators against the user's appetite (they lead the Strategic view).
    pub key_risk_indicators: Memo<Vec<KeyRiskIndicator>>,
    /// Whether the loaded sources can carry archived findings (whole load, not the filter).
    pub archived_known: Memo<bool>,
    /// Ageing against the SLA of the selection.
    pub ageing: Memo<Ageing>,
    /// The baseline findings the filter selects (all but the period and the risk cell).
    pub baseline_selected: Memo<Vec<u32>>,
    sources: Sources,
}

impl BriefingData {
    pub fn new(
        data: DataState,
        filters: FilterState,
        risk: RiskState,
        baseline: BaselineState,
        board: BoardSettings,
    ) -> Self {
        let baseline_selected = Memo::new(move |_| {
            let filter = filters.filter.with(baseline_filter);
            baseline.with_findings(|all| filter.apply(all))
        });
        let sources = Sources {
            data,
            filters,
            risk,
            baseline,
            baseline_selected,
        };
        let indicators = Memo::new(move |_| sources.read(indicators));
        let briefing = Memo::new(move |_| sources.read(briefing));
        let key_risk_indicators = Memo::new(move |_| {
            board.sla.with(|sla| {
                board.appetite.with(|appetite| {
                    sources.read(|current, base, rules, now| {
                        key_risk_indicators(current, base, rules, sla, appetite, now)
                    })
                })
            })
        });
        let archived_known = Memo::new(move |_| match data.store.facts() {
            Some(facts) => data.reports.with(|r| facts.archived_state_known(r)),
            None => data
                .reports
                .with(|reports| data.with_findings(|all| archived_state_known(all, reports))),
        });
        let ageing = Memo::new(move |_| {
            let now = risk.now.get();
            let known = archived_known.get();
            board.sla.with(|sla| {
                filters.with_selection(|all, selected| ageing(all, selected, sla, now, known))
            })
        });
        Self {
            indicators,
            briefing,
            key_risk_indicators,
            archived_known,
            ageing,
            baseline_selected,
            sources,
        }
    }

    /// Runs `compute` on the current selection, the baseline's (when loaded), the rules and
    /// the assessment time, without tracking (for the board pack's export buttons).
    pub fn with_inputs_untracked<R>(
        &self,
        compute: impl FnOnce(
            SelectedFindings<'_>,
            Option<SelectedFindings<'_>>,
            &RiskRules,
            EpochMillis,
        ) -> R,
    ) -> R {
        let sources = self.sources;
        untrack(move || sources.read(compute))
    }
}
