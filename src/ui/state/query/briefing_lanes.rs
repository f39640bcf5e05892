//! The briefing's two lanes seen from the page: the filter they wait to settle, and the
//! counts finished once the tally and the first half of its period answer the same selection.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::lane::Answered;
use super::super::FilterState;
use super::QueryState;
use crate::analysis::briefing::tally::{half_split_ms, BriefingTally};
use crate::analysis::briefing::BriefingCounts;
use crate::analysis::filter::FindingFilter;

/// How long the filter must stay unchanged before the briefing's tally is asked for: a run of
/// quick changes (clicking through tiles) does not queue the workers' heaviest count of every
/// passing filter ahead of the next change's cards. The briefing shows as updating meanwhile.
const SETTLE_MS: u32 = 300;

impl QueryState {
    /// The briefing's counts of the current selection from the store, once its tally and
    /// (for a period of a day or more) its first half have answered the same selection; the
    /// previous counts, marked as updating, while newer ones are on their way.
    pub fn briefing_counts(&self) -> Memo<Option<(SharedCounts, bool)>> {
        let (tally_lane, half_lane) = (self.briefing_tally, self.briefing_half);
        let version = self.cards.store.version;
        // With the answers they were made from (held, compared by address) and the store
        // version: counts are built once per pair of answers, whatever flips their freshness.
        type Finished = (SharedCounts, bool, u64, Sources);
        let finished = Memo::new(move |previous: Option<&Option<Finished>>| {
            let version = version.get();
            let previous = previous
                .and_then(Option::as_ref)
                .filter(|(_, _, of_version, _)| *of_version == version);
            let current = (|| {
                let (counted, counted_fresh) = tally_lane.current()?;
                let result = &counted.result;
                let middle = middle_of(result.briefing.as_ref()?);
                let half = match middle {
                    None => None,
                    Some(middle) => {
                        let (half, half_fresh) = half_lane.current()?;
                        let asked = &half.request;
                        let same = asked.filter == counted.request.filter
                            && asked.period_ms == counted.request.period_ms
                            && asked.risk == counted.request.risk
                            && asked.views.activity_before_ms == Some(middle);
                        if !same {
                            return None;
                        }
                        Some((middle, half, half_fresh))
                    }
                };
                let sources = Sources(counted.clone(), half.as_ref().map(|(_, h, _)| h.clone()));
                let fresh = counted_fresh && half.as_ref().is_none_or(|(_, _, f)| *f);
                if let Some((counts, _, _, of_sources)) = previous {
                    if *of_sources == sources {
                        return Some((counts.clone(), fresh, version, sources));
                    }
                }
                let first_half = match &half {
                    Some((middle, half, _)) => Some((*middle, half.result.activity_before?)),
                    None => None,
                };
                let counts = BriefingCounts {
                    tally: result.briefing.clone()?,
                    summary: result.summary.clone()?,
                    actors: result.actors.clone()?,
                    first_half,
                };
                Some((SharedCounts(Arc::new(counts)), fresh, version, sources))
            })();
            current.or_else(|| {
                previous.map(|(counts, _, _, sources)| {
                    (counts.clone(), false, version, sources.clone())
                })
            })
        });
        Memo::new(move |_| {
            finished.with(|f| {
                f.as_ref()
                    .map(|(counts, fresh, _, _)| (counts.clone(), *fresh))
            })
        })
    }
}

/// The briefing's counts, shared: two are equal when they are the same counts (memos compare
/// them whenever their freshness flips, and a deep comparison would cost as much as a copy).
#[derive(Clone, Debug)]
pub struct SharedCounts(pub Arc<BriefingCounts>);

impl PartialEq for SharedCounts {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The tally's answer and the first half's that briefing counts were made from.
#[derive(Clone)]
struct Sources(Arc<Answered>, Option<Arc<Answered>>);

impl PartialEq for Sources {
    fn eq(&self, other: &Self) -> bool {
        let same_half = match (&self.1, &other.1) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        Arc::ptr_eq(&self.0, &other.0) && same_half
    }
}

/// The middle of the period a briefing tally spans, when it spans a day or more.
pub(super) fn middle_of(tally: &BriefingTally<()>) -> Option<i64> {
    half_split_ms(tally.earliest_ms?, tally.latest_ms?)
}

/// The filter once it has stayed unchanged for [`SETTLE_MS`].
pub(super) fn settled_filter(filters: FilterState) -> ReadSignal<FindingFilter> {
    let (settled, set_settled) = signal(filters.filter.get_untracked());
    let changes = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let filter = filters.filter.get();
        changes.update_value(|n| *n += 1);
        let change = changes.get_value();
        gloo_timers::callback::Timeout::new(SETTLE_MS, move || {
            // Only the last change of a run settles.
            if changes.get_value() == change {
                set_settled.set(filter);
            }
        })
        .forget();
    });
    settled
}
