//! The briefing's inputs and results: its indicators and sentences for the current selection,
//! compared with the baseline when one is loaded.

use leptos::prelude::*;

use super::{Answer, BaselineState, BoardSettings, DataState, FilterState, QueryState, RiskState};
use crate::analysis::ageing::{ageing, archived_state_known, Ageing};
use crate::analysis::appetite::{
    key_risk_indicators, key_risk_indicators_of, kri_values, KeyRiskIndicator,
};
use crate::analysis::briefing::{
    briefing, briefing_of, indicators, indicators_of, Briefing, Indicator, SelectedFindings,
};
use crate::analysis::filter::FindingFilter;
use crate::analysis::risk::RiskRules;
use crate::model::EpochMillis;

/// The briefing's headline while the workers write its first answer for a load.
pub const WRITING_IN_WORKERS: &str = "Writing the briefing in the workers…";

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
        // The per-load index, the risk cells and the KPI tiles' summary of the selection save
        // the briefing deriving them again.
        let index = self.data.index.get();
        let cells = self.risk.cells.get();
        self.read_baseline(|base, rules, now| {
            self.filters.selected.with(|selected| {
                self.data.with_findings(|all| {
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
    }

    /// Runs `compute` on the baseline's selection (when one is loaded: it lives on the page),
    /// the rules and the current assessment time.
    fn read_baseline<R>(
        &self,
        compute: impl FnOnce(Option<SelectedFindings<'_>>, &RiskRules, EpochMillis) -> R,
    ) -> R {
        let now = self.risk.now.get();
        let base_index = self.baseline.is_loaded().then(|| self.baseline.index.get());
        self.baseline_selected.with(|base_selected| {
            self.baseline.with_findings(|base_all| {
                self.risk.rules.with(|rules| {
                    let base = base_index.as_ref().map(|base_index| {
                        SelectedFindings::new(base_all, base_selected).with_index(base_index)
                    });
                    compute(base, rules, now)
                })
            })
        })
    }
}

/// Indicators and briefing for the current selection (and the baseline when loaded).
#[derive(Clone, Copy)]
pub struct BriefingData {
    /// The executive indicators: the workers measure the selection and the baseline, and
    /// compare the two.
    pub indicators: Answer<Vec<Indicator>>,
    /// The plain-language briefing: the workers count the selection for its sentences (and
    /// compare it with the baseline when one is loaded).
    pub briefing: Answer<Briefing>,
    /// Whether the briefing shown is [`WRITING_IN_WORKERS`]'s placeholder.
    pub briefing_writing: Signal<bool>,
    /// The key risk indicators against the user's appetite (they lead the Strategic view):
    /// the workers measure the selection and the baseline.
    pub key_risk: Answer<Vec<KeyRiskIndicator>>,
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
        query: QueryState,
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
        let indicators = query.briefing_answer_with_baseline(
            baseline,
            move |result, base| {
                let measured = result.measures.as_ref()?;
                Some(indicators_of(
                    &measured.measures,
                    base.map(|b| &b.measures),
                    base.map(|b| b.change.new),
                ))
            },
            move || sources.read(indicators),
        );
        // The sentences are written once per answer, not again when only its freshness flips.
        let counts = query.briefing_counts();
        let latest_counts = Memo::new(move |_| counts.with(|c| c.as_ref().map(|(c, _)| c.clone())));
        // What the sentences say of the baseline: `Some(None)` without one, `None` while the
        // workers' answers about it are awaited.
        let baseline_answers = query.baseline_answers;
        let change = Memo::new(move |_| {
            if !baseline.is_loaded() {
                return Some(None);
            }
            baseline_answers.with(|a| a.as_ref().map(|(a, _)| Some(a.briefing_change())))
        });
        let change_fresh = Memo::new(move |_| {
            !baseline.is_loaded() || baseline_answers.with(|a| a.as_ref().is_some_and(|a| a.1))
        });
        let written = Memo::new(move |_| {
            let change = change.get()?;
            latest_counts.with(|c| c.as_ref().map(|c| briefing_of(&c.0, change)))
        });
        let from_store = Memo::new(move |_| {
            let fresh = counts.with(|c| c.as_ref().map(|(_, fresh)| *fresh))?;
            Some((written.get()?, fresh && change_fresh.get()))
        });
        // While the store holds the load but has not written the briefing yet (just after a
        // load), the card says so instead of counting every finding on the page.
        let briefing = Answer::of(from_store, move || {
            if data.store.holds_the_load.get() && baseline.answered_by_workers() {
                return Briefing {
                    headline: WRITING_IN_WORKERS.to_owned(),
                    headline_evidence: Vec::new(),
                    sections: Vec::new(),
                    top_risks: Vec::new(),
                    actions: Vec::new(),
                };
            }
            sources.read(briefing)
        });
        let key_risk =
            query.briefing_answer_with_baseline(
                baseline,
                move |result, base| {
                    let measured = result.measures.as_ref()?;
                    let values = kri_values(
                        &measured.measures,
                        measured.attack_sequences,
                        measured.accounts_high_plus,
                        result.ageing.as_ref()?.past_sla_percent(),
                    );
                    let before = base.map(|b| b.kri);
                    Some(board.appetite.with(|appetite| {
                        key_risk_indicators_of(&values, before.as_ref(), appetite)
                    }))
                },
                move || {
                    board.sla.with(|sla| {
                        board.appetite.with(|appetite| {
                            sources.read(|current, base, rules, now| {
                                key_risk_indicators(current, base, rules, sla, appetite, now)
                            })
                        })
                    })
                },
            );
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
        let briefing_writing = Signal::derive(move || {
            briefing.source.get() == "page"
                && data.store.holds_the_load.get()
                && baseline.answered_by_workers()
        });
        Self {
            indicators,
            briefing,
            briefing_writing,
            key_risk,
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
