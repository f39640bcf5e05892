//! The briefing's counts of a shard's selected rows: each row rebuilt as a `Finding` (as far as
//! the counter reads it) and counted by the same `BriefingCounter` the page uses, placed by
//! where the load first read it; at once, or a chunk of rows at a time ([`BriefingJob`]) so a
//! worker can answer a newer filter's cards between chunks.

use super::detail::Detail;
use super::origin::Origin;
use super::query::{QueryRequest, RiskContext, ShardAnswer};
use super::shard::{cell_levels, RiskCell, Shard};
use crate::analysis::briefing::tally::{BriefingCounter, BriefingTally, ACTIVITY_BASIS};
use crate::analysis::risk::{Level, RiskRules};
use crate::model::EpochMillis;

/// Rows a worker counts for the briefing between two looks at its waiting queries.
pub const BRIEFING_CHUNK_ROWS: usize = 4096;

/// A query whose briefing tally is counted a chunk of rows at a time, its other views answered
/// when it starts.
pub struct BriefingJob {
    request: QueryRequest,
    answer: ShardAnswer,
    rows: Vec<u32>,
    cells: Option<Vec<RiskCell>>,
    counted: usize,
    counter: BriefingCounter<Origin>,
    /// The shard's offers when the job started: the rows are only valid while it holds.
    offers: u64,
}

impl BriefingJob {
    pub fn request(&self) -> &QueryRequest {
        &self.request
    }
}

/// The rules and time a request assesses risk under (else the default rules at the epoch).
fn rules_of(risk: Option<&RiskContext>) -> (RiskRules, EpochMillis) {
    risk.map_or_else(
        || (RiskRules::default(), EpochMillis(0)),
        |context| (context.rules(), EpochMillis(context.now_ms)),
    )
}

impl Shard {
    /// The briefing's tally of the selected rows, their risk cells `cells` (none: no row is a
    /// top risk) under `risk`.
    pub(super) fn briefing_tally(
        &self,
        selected: &[u32],
        cells: Option<&[RiskCell]>,
        risk: Option<&RiskContext>,
    ) -> BriefingTally<Origin> {
        let (rules, now) = rules_of(risk);
        let mut counter = BriefingCounter::new(rules, now);
        self.count_for_briefing(&mut counter, selected, cells);
        self.finish_briefing_count(counter, selected)
    }

    fn count_for_briefing(
        &self,
        counter: &mut BriefingCounter<Origin>,
        rows: &[u32],
        cells: Option<&[RiskCell]>,
    ) {
        let level = |index: usize| Level::ALL[index.min(Level::ALL.len() - 1)];
        for &row in rows {
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
    }

    fn finish_briefing_count(
        &self,
        counter: BriefingCounter<Origin>,
        selected: &[u32],
    ) -> BriefingTally<Origin> {
        // Each risk example is described from its whole finding.
        counter.finish(|place| {
            let row = selected
                .iter()
                .find(|&&row| self.first_seen[row as usize] == *place)?;
            self.finding(*row as usize)
        })
    }

    /// Starts answering `request` as shard `shard`: every view but the briefing's tally now,
    /// the tally by [`Shard::advance_briefing`].
    pub fn start_briefing(&mut self, shard: u32, request: &QueryRequest) -> BriefingJob {
        let mut rest = request.clone();
        rest.views.briefing = false;
        let answer = self.answer(shard, &rest);
        let cells = request
            .risk
            .as_ref()
            .map(|context| self.cached_risk_cells(context));
        let rows = self.select(&request.filter(), cells.as_deref(), self.search.as_ref());
        let (rules, now) = rules_of(request.risk.as_ref());
        BriefingJob {
            request: request.clone(),
            answer,
            rows,
            cells,
            counted: 0,
            counter: BriefingCounter::new(rules, now),
            offers: self.offers,
        }
    }

    /// Counts up to `rows` more of the job's rows; true once all are counted (or the shard's
    /// rows changed meanwhile: the job then answers nothing).
    pub fn advance_briefing(&self, job: &mut BriefingJob, rows: usize) -> bool {
        if job.offers != self.offers {
            return true;
        }
        let end = job.rows.len().min(job.counted.saturating_add(rows));
        let chunk = &job.rows[job.counted..end];
        self.count_for_briefing(&mut job.counter, chunk, job.cells.as_deref());
        job.counted = end;
        end == job.rows.len()
    }

    /// The job's answer once [`Shard::advance_briefing`] has counted every row; `None` when the
    /// shard's rows changed since it started.
    pub fn finish_briefing(&self, job: BriefingJob) -> Option<ShardAnswer> {
        if job.offers != self.offers || job.counted < job.rows.len() {
            return None;
        }
        let mut answer = job.answer;
        answer.answer.briefing = Some(self.finish_briefing_count(job.counter, &job.rows));
        Some(answer)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::filter::FindingFilter;
    use crate::model::{Dialect, Finding, FindingType, Text};
    use crate::store::query::Views;

    fn offered(shard: &mut Shard, id: &str, record: u32) {
        let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
        let finding = Finding::new(id.into(), kind, 5.0, Dialect::CamelCase);
        let origin = Origin {
            file: 0,
            piece: 0,
            record,
        };
        shard.offer(finding, origin);
    }

    fn briefing_request() -> QueryRequest {
        let views = Views {
            briefing: true,
            ..Views::default()
        };
        QueryRequest::new(1, &FindingFilter::default(), views, None)
    }

    fn shard_of_five() -> Shard {
        let mut shard = Shard::new();
        for record in 0..5 {
            offered(&mut shard, &format!("f{record}"), record);
        }
        shard
    }

    #[test]
    fn a_job_counts_in_chunks_and_answers_once_every_row_is_counted() {
        let mut shard = shard_of_five();
        let mut job = shard.start_briefing(0, &briefing_request());
        assert!(!shard.advance_briefing(&mut job, 2));
        assert!(!shard.advance_briefing(&mut job, 2));
        assert!(shard.advance_briefing(&mut job, 2));
        let answer = shard.finish_briefing(job).expect("answered");
        let tally = answer.answer.briefing.expect("a tally");
        assert_eq!(tally.selected, 5);
    }

    #[test]
    fn a_job_whose_rows_change_answers_nothing() {
        let mut shard = shard_of_five();
        let mut job = shard.start_briefing(0, &briefing_request());
        assert!(!shard.advance_briefing(&mut job, 2));
        offered(&mut shard, "late", 9);
        assert!(shard.advance_briefing(&mut job, 2), "the job stops");
        assert!(shard.finish_briefing(job).is_none(), "its rows are gone");
    }
}
