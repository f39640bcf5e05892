//! When: the activity period, the busiest day or week, and the change on the previous period.

use rustc_hash::FxHashMap;

use crate::analysis::briefing::compare::ChangeCounts;
use crate::analysis::briefing::tally::half_split_ms;
use crate::analysis::briefing::words::{iso_date, Words};
use crate::analysis::briefing::Sentence;
use crate::model::EpochMillis;

use crate::model::time::{DAY_MS, FIRST_MONDAY_MS, WEEK_MS};

use super::*;

/// Start of the bucket holding `at`, without overflow at the ends of the range.
fn bucket_start(at: i64, width: i64, origin: i64) -> i64 {
    let offset = at.saturating_sub(origin);
    offset
        .div_euclid(width)
        .saturating_mul(width)
        .saturating_add(origin)
}

/// With a baseline: (its selected findings, the comparison with it).
pub(crate) fn when(scope: &Scope<'_>, baseline: Option<(u64, ChangeCounts)>) -> Vec<Sentence> {
    let summary = &scope.summary;
    let mut sentences = Vec::new();
    let mut w = Words::new();
    match (summary.first_seen, summary.last_seen) {
        (Some(first), Some(last)) if iso_date(first) == iso_date(last) => {
            w.say("All activity was on ").date("Activity date", first);
        }
        (Some(first), Some(last)) => {
            w.say("Activity ran from ")
                .date("First activity", first.min(last))
                .say(" to ")
                .date("Latest activity", last.max(first));
        }
        (Some(only), None) | (None, Some(only)) => {
            w.say("The only activity date is ")
                .date("Activity date", only);
        }
        (None, None) => {
            w.say("The findings carry no activity dates");
        }
    }
    w.say(".");
    sentences.push(w.finish());

    let tally = scope.tally;
    let undated = scope.len() - tally.dated;
    if undated > 0 && tally.dated > 0 {
        let mut w = Words::new();
        w.findings("Findings without an activity date", undated)
            .say(if undated == 1 { " has" } else { " have" })
            .say(" no activity date and are left out of the timing below.");
        sentences.push(w.finish());
    }
    if let (Some(earliest), Some(latest)) = (tally.earliest_ms, tally.latest_ms) {
        let span = latest.saturating_sub(earliest);
        let (width, origin, noun) = if span > 26 * WEEK_MS {
            (WEEK_MS, FIRST_MONDAY_MS, "week")
        } else {
            (DAY_MS, 0, "day")
        };
        // Days regroup exactly into weeks: weeks start at a midnight.
        let mut buckets: FxHashMap<i64, u64> = FxHashMap::default();
        for (&day, &n) in &tally.activity_days {
            *buckets.entry(bucket_start(day, width, origin)).or_insert(0) += n;
        }
        if buckets.len() > 1 {
            // Ties go to the earliest bucket.
            let mut busiest = (0_i64, 0_u64);
            for (&start, &n) in &buckets {
                if n > busiest.1 || (n == busiest.1 && start < busiest.0) {
                    busiest = (start, n);
                }
            }
            let mut w = Words::new();
            if noun == "week" {
                w.say("The busiest week began on ")
                    .date("Busiest week", EpochMillis(busiest.0));
            } else {
                w.say("The busiest day was ")
                    .date("Busiest day", EpochMillis(busiest.0));
            }
            w.say(", with ")
                .findings(format!("Findings in the busiest {noun}"), busiest.1)
                .say(".");
            sentences.push(w.finish());
        }
        let middle = half_split_ms(earliest, latest);
        let halves = scope.first_half.filter(|(at, _)| Some(*at) == middle);
        if let (None, Some((middle, first_half))) = (baseline, halves) {
            let second_half = tally.dated.saturating_sub(first_half);
            let mut w = Words::new();
            w.say("Compared with the first half of the period (to ")
                .date("Middle of the period", EpochMillis(middle))
                .say("), findings in the second half are ")
                .trend("Findings per half-period", first_half, second_half)
                .say(".");
            sentences.push(w.finish());
        }
    }
    if let Some((before, change)) = baseline {
        sentences.push(trend_sentence(before, scope.len()));
        sentences.push(change_sentence(change));
    }
    sentences
}

/// "Compared with the previous period, findings are up from 2 to 5 (+3)."
pub(crate) fn trend_sentence(before: u64, now: u64) -> Sentence {
    let mut w = Words::new();
    w.say("Compared with the previous period, findings are ")
        .trend("Findings", before, now)
        .say(".");
    w.finish()
}

fn change_sentence(change: ChangeCounts) -> Sentence {
    let mut w = Words::new();
    w.say("Since the previous period: ")
        .count("New findings", change.new, "new finding", "new findings")
        .say(", ")
        .number("Findings still active", change.persisting)
        .say(" still active and ")
        .number("Findings resolved", change.resolved)
        .say(" resolved.");
    w.finish()
}
