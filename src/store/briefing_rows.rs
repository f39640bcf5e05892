//! The briefing's counts of a shard's selected rows: each row rebuilt as a `Finding` (as far as
//! the counter reads it) and counted by the same `BriefingCounter` the page uses, placed by
//! where the load first read it.

use super::detail::Detail;
use super::origin::Origin;
use super::query::RiskContext;
use super::shard::{cell_levels, RiskCell, Shard};
use crate::analysis::briefing::tally::{BriefingCounter, BriefingTally, ACTIVITY_BASIS};
use crate::analysis::risk::{Level, RiskRules};
use crate::model::EpochMillis;

impl Shard {
    /// The briefing's tally of the selected rows, their risk cells `cells` (none: no row is a
    /// top risk) under `risk` (else the default rules at the epoch).
    pub(super) fn briefing_tally(
        &self,
        selected: &[u32],
        cells: Option<&[RiskCell]>,
        risk: Option<&RiskContext>,
    ) -> BriefingTally<Origin> {
        let (rules, now) = risk.map_or_else(
            || (RiskRules::default(), EpochMillis(0)),
            |context| (context.rules(), EpochMillis(context.now_ms)),
        );
        let level = |index: usize| Level::ALL[index.min(Level::ALL.len() - 1)];
        let mut counter = BriefingCounter::new(&rules, now);
        for &row in selected {
            let row = row as usize;
            let Some(finding) = self.finding_with(row, Detail::restore_for_briefing) else {
                continue;
            };
            let cell = cells.and_then(|cells| cells.get(row)).map(|&cell| {
                let (likelihood, impact) = cell_levels(cell);
                (level(likelihood), level(impact))
            });
            counter.add(&finding, self.first_seen[row], cell);
        }
        // Each risk example is described from its whole finding.
        counter.finish(|place| {
            let row = selected
                .iter()
                .find(|&&row| self.first_seen[row as usize] == *place)?;
            self.finding(*row as usize)
        })
    }

    /// Selected rows last active (the briefing's `ACTIVITY_BASIS`) before `before_ms`.
    pub(super) fn activity_before(&self, selected: &[u32], before_ms: i64) -> u64 {
        selected
            .iter()
            .filter_map(|&row| ACTIVITY_BASIS.pick(&self.record_times(row as usize)))
            .filter(|at| at.0 < before_ms)
            .count() as u64
    }
}
