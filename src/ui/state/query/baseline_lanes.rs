//! The baseline's three lanes: its span (selected count, latest activity, weekly timeline),
//! its values at its own assessment time (the indicators' measures, the key risk indicators'
//! inputs, the risk matrix), and the current selection compared with it by id (with the
//! current weekly timeline the trend card draws beside it); and [`BaselineAnswers`], what the
//! briefing, the indicators, the key risk indicators, the risk matrix and the trend card read
//! of them once all three answer the same filter.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::lane::{Answered, Lane};
use super::super::{BaselineState, BoardSettings, FilterState, LoadState, RiskState, StoreStatus};
use crate::analysis::appetite::{kri_values, KriValues};
use crate::analysis::briefing::{BaselineChange, ChangeCounts, Measures};
use crate::analysis::risk::RiskMatrix;
use crate::analysis::timeline::{Granularity, Timeline};
use crate::model::EpochMillis;
use crate::store::query::{AgeingView, RiskContext, TimelineView};
use crate::store::{baseline_filter, QueryRequest, Views};

/// The baseline's lanes, after the current data's (`super::BRIEFING_HALF`).
const BASELINE_SPAN: usize = 11;
const BASELINE_VALUES: usize = 12;
const COMPARISON: usize = 13;
const _: () = assert!(COMPARISON < super::super::lane::LANES);

/// What the workers answered about the baseline for one filter.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineAnswers {
    /// The baseline findings the filter selects (all but its period and risk cell) …
    pub selected: u64,
    /// … and the current selection compared with them.
    pub change: ChangeCounts,
    pub current_selected: u64,
    /// Findings per week of the current selection and of the baseline's.
    pub current_weekly: Timeline,
    pub weekly: Timeline,
    /// The baseline's indicator measures, key risk indicator values and risk matrix, assessed
    /// at its own latest activity (never later than the current data's).
    pub measures: Measures,
    pub kri: KriValues,
    pub matrix: RiskMatrix,
}

impl BaselineAnswers {
    /// What the briefing's sentences say of the baseline.
    pub fn briefing_change(&self) -> BaselineChange {
        BaselineChange {
            selected: self.selected,
            change: self.change,
        }
    }

    /// The answers when the three lanes answer one filter and the current baseline load.
    fn of(
        span: &Answered,
        values: &Answered,
        comparison: &Answered,
        baseline_version: u64,
    ) -> Option<Self> {
        let base_filter = baseline_filter(&comparison.request.filter());
        let same_selection = comparison.request.views.comparison == Some(baseline_version)
            && span.request.filter() == base_filter
            && values.request.filter() == base_filter;
        if !same_selection {
            return None;
        }
        let measured = values.result.measures.as_ref()?;
        let past_sla_percent = values.result.ageing.as_ref()?.past_sla_percent();
        Some(Self {
            selected: span.result.summary.as_ref()?.unique_findings,
            change: comparison.result.comparison?,
            current_selected: comparison.result.summary.as_ref()?.unique_findings,
            current_weekly: comparison.result.timeline.clone()?,
            weekly: span.result.timeline.clone()?,
            measures: measured.measures.clone(),
            kri: kri_values(
                &measured.measures,
                measured.attack_sequences,
                measured.accounts_high_plus,
                past_sla_percent,
            ),
            matrix: values.result.risk_matrix.clone()?,
        })
    }
}

/// The baseline's lanes.
#[derive(Clone, Copy)]
pub(super) struct BaselineLanes {
    span: Lane,
    values: Lane,
    comparison: Lane,
}

impl BaselineLanes {
    /// `of_selection` makes a request of the current filter's selection under the current
    /// risk context.
    pub(super) fn new(
        (filters, risk, load, board): (FilterState, RiskState, LoadState, BoardSettings),
        data_store: StoreStatus,
        baseline: BaselineState,
        of_selection: impl Fn(Views) -> QueryRequest + Send + Sync + Copy + 'static,
    ) -> Self {
        let weekly = |filter: &crate::analysis::filter::FindingFilter| {
            Some(TimelineView::new(
                filter.time_basis,
                Some(Granularity::Week),
            ))
        };
        let span_wanted = Memo::new(move |_| {
            let filter = filters.filter.with(baseline_filter);
            let views = Views {
                kpis: true,
                latest_activity: true,
                timeline: weekly(&filter),
                ..Views::default()
            };
            let mut request = QueryRequest::new(0, &filter, views, None);
            request.baseline = true;
            Some(request)
        });
        let baseline_reading = Signal::derive(move || baseline.reading.get());
        let span = Lane::new(BASELINE_SPAN, baseline.store, baseline_reading, span_wanted);
        // Assessed at the baseline selection's latest activity, so its findings are not aged
        // by the gap between the periods (never later than the current data's).
        let values_wanted = Memo::new(move |_| {
            let (answered, _) = span.current()?;
            let now = risk.now.get();
            let at = answered
                .result
                .latest_activity_ms
                .map_or(now, |latest| EpochMillis(latest).min(now));
            let mut request = answered.request.clone();
            request.views = Views {
                measures_at_ms: Some(at.0),
                risk_matrix: true,
                ageing: Some(AgeingView {
                    sla: board.sla.get(),
                    now_ms: at.0,
                    archived_known: true,
                    past_sla_listed: 0,
                }),
                ..Views::default()
            };
            request.risk = Some(RiskContext::new(&risk.rules.get(), at));
            Some(request)
        });
        let values = Lane::new(
            BASELINE_VALUES,
            baseline.store,
            baseline_reading,
            values_wanted,
        );
        let comparison_wanted = Memo::new(move |_| {
            if !baseline.store.holds_the_load.get() || baseline.reading.get() {
                return None;
            }
            let views = Views {
                kpis: true,
                timeline: filters.filter.with(weekly),
                comparison: Some(baseline.store.version.get()),
                ..Views::default()
            };
            Some(of_selection(views))
        });
        let either_reading = Signal::derive(move || load.is_reading() || baseline.reading.get());
        let comparison = Lane::new(COMPARISON, data_store, either_reading, comparison_wanted);
        Self {
            span,
            values,
            comparison,
        }
    }

    pub(super) fn lanes(&self) -> [Lane; 3] {
        [self.span, self.values, self.comparison]
    }

    /// The answers for the current filter (with whether all three lanes answer what they
    /// want now); the previous ones of the same baseline load, marked as updating, while newer
    /// ones are on their way; `None` while the workers hold no baseline.
    pub(super) fn answers(
        &self,
        baseline: BaselineState,
    ) -> Memo<Option<(Arc<BaselineAnswers>, bool)>> {
        let lanes = *self;
        type Kept = (Arc<BaselineAnswers>, bool, u64);
        let kept = Memo::new(move |previous: Option<&Option<Kept>>| {
            if !baseline.store.holds_the_load.get() {
                return None;
            }
            let version = baseline.store.version.get();
            let answered = (|| {
                let (span, span_fresh) = lanes.span.current()?;
                let (values, values_fresh) = lanes.values.current()?;
                let (comparison, comparison_fresh) = lanes.comparison.current()?;
                let answers = BaselineAnswers::of(&span, &values, &comparison, version)?;
                Some((answers, span_fresh && values_fresh && comparison_fresh))
            })();
            match answered {
                Some((answers, fresh)) => {
                    let unchanged =
                        previous
                            .and_then(Option::as_ref)
                            .filter(|(kept, _, of_version)| {
                                *of_version == version && **kept == answers
                            });
                    let answers =
                        unchanged.map_or_else(|| Arc::new(answers), |(kept, _, _)| kept.clone());
                    Some((answers, fresh, version))
                }
                None => previous
                    .and_then(Option::as_ref)
                    .filter(|(_, _, of_version)| *of_version == version)
                    .map(|(answers, _, _)| (answers.clone(), false, version)),
            }
        });
        Memo::new(move |_| kept.with(|k| k.as_ref().map(|(a, fresh, _)| (a.clone(), *fresh))))
    }
}
