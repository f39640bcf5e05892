//! The history briefing: what a loaded rollup (months or years of an organisation's findings,
//! docs/org-scale.md) says, in the briefing's plain words and with its evidence — the year
//! against the one before, the last 30 days, the busiest month, what, where and how.
//!
//! Every number is a sum of rollup rows' `findings` (through `rollup_views`), so it equals
//! `guardview summary`'s `rollups` object on the same files. A rollup has no single findings,
//! so nothing here names a resource, an actor or a risk level.
//!
//! | topic | rule |
//! |---|---|
//! | headline | `N findings first seen between D1 and D2 in A accounts and R regions: K Critical or High.` (`Unknown` counts as one account or region, as in `guardview summary`) |
//! | Year on year | the last 12 calendar months of the history against the up to 12 before them, all findings and Critical or High; with 12 months or fewer, how many months the history covers |
//! | Last 30 days | the 30 days ending on the last first-seen day against the 30 before (`rollup_trend`) |
//! | Busiest month | the month with most findings (earliest on a tie), and the month with most Critical or High when that is another |
//! | What | threat purposes in plain words (top 3) and the most frequent finding type |
//! | Where | accounts (top 3) and regions (top 3), unknown values left out |
//! | How | ATT&CK tactics of the finding types (top 3 with findings) |
//! | Status | occurrences (how often GuardDuty reported them), archived findings, findings with no first-seen day |

use crate::analysis::breakdown::{Breakdown, BreakdownRow, Dimension};
use crate::analysis::rollup_views::{
    rollup_breakdown, rollup_kpis, rollup_timeline, rollup_trend, Period, RollupKpis,
};
use crate::analysis::vocabulary::purpose_phrase;
use crate::model::{Rollup, SeverityBand, ROLLUP_UNKNOWN};

use super::words::Words;
use super::Sentence;

/// Days in each window of the history's short trend.
pub const HISTORY_TREND_DAYS: u32 = 30;
/// Months in each window of the year-on-year comparison.
pub const HISTORY_YEAR_MONTHS: usize = 12;

/// The topics a slide has room for, in order (the card and the workbook show every one).
pub const HISTORY_SLIDE_TOPICS: [&str; 4] =
    ["Year on year", "Last 30 days", "Busiest month", "What"];

/// One topic of the history briefing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistorySection {
    /// `Year on year`, `Last 30 days`, `Busiest month`, `What`, `Where`, `How` or `Status`.
    pub topic: &'static str,
    pub sentence: Sentence,
}

/// A rollup's history in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryBriefing {
    pub headline: Sentence,
    /// The topics that have something to say, in the order of the table above.
    pub sections: Vec<HistorySection>,
}

impl HistoryBriefing {
    /// The sections of [`HISTORY_SLIDE_TOPICS`], in order.
    pub fn slide_sections(&self) -> impl Iterator<Item = &HistorySection> {
        self.sections
            .iter()
            .filter(|section| HISTORY_SLIDE_TOPICS.contains(&section.topic))
    }
}

/// The history briefing of `rollup`, or `None` when it has no rows.
pub fn history_briefing(rollup: &Rollup) -> Option<HistoryBriefing> {
    if rollup.is_empty() {
        return None;
    }
    let kpis = rollup_kpis(rollup);
    let months = rollup_timeline(rollup, Period::Month);
    let mut sections = Vec::new();
    let mut add = |topic: &'static str, sentence: Option<Sentence>| {
        if let Some(sentence) = sentence {
            sections.push(HistorySection { topic, sentence });
        }
    };
    add("Year on year", Some(year_on_year(&months)));
    add("Last 30 days", last_days(rollup));
    add("Busiest month", busiest_month(&months));
    add("What", what(rollup));
    add("Where", place(rollup));
    add("How", tactics(rollup));
    add("Status", Some(status(&kpis)));
    Some(HistoryBriefing {
        headline: headline(&kpis),
        sections,
    })
}

fn critical_or_high(by_band: &[u64; 4]) -> u64 {
    by_band[SeverityBand::Critical.index()] + by_band[SeverityBand::High.index()]
}

fn row_bands(row: &BreakdownRow) -> [u64; 4] {
    row.by_band.map(u64::from)
}

fn row_total(row: &BreakdownRow) -> u64 {
    row_bands(row).iter().sum()
}

fn headline(kpis: &RollupKpis) -> Sentence {
    let mut w = Words::new();
    w.findings("Findings", kpis.totals.findings);
    match (&kpis.first_day, &kpis.last_day) {
        (Some(first), Some(last)) => {
            w.say(" first seen between ")
                .value("First day", first)
                .say(" and ")
                .value("Last day", last);
        }
        _ => {
            w.say(" with no first-seen day");
        }
    }
    w.say(" in ")
        .count("Accounts", kpis.accounts, "account", "accounts")
        .say(" and ")
        .count("Regions", kpis.regions, "region", "regions")
        .say(": ")
        .number("Critical or High", critical_or_high(&kpis.by_band))
        .say(" Critical or High.");
    w.finish()
}

/// The sum of each band over `rows`.
fn sum_bands(rows: &[BreakdownRow]) -> [u64; 4] {
    let mut sum = [0_u64; 4];
    for row in rows {
        for (slot, n) in sum.iter_mut().zip(row_bands(row)) {
            *slot += n;
        }
    }
    sum
}

fn span_label(rows: &[BreakdownRow]) -> String {
    match (rows.first(), rows.last()) {
        (Some(first), Some(last)) if first.label != last.label => {
            format!("{} to {}", first.label, last.label)
        }
        (Some(only), _) => only.label.clone(),
        _ => String::new(),
    }
}

fn year_on_year(months: &Breakdown) -> Sentence {
    let rows = &months.rows;
    let mut w = Words::new();
    if rows.len() <= HISTORY_YEAR_MONTHS {
        w.say("The history covers ")
            .count("Months", rows.len() as u64, "month", "months");
        if !rows.is_empty() {
            w.say(" (")
                .value("Months covered", &span_label(rows))
                .say(")");
        }
        w.say(&format!(
            ", too few to compare a year with the one before (that needs more than {HISTORY_YEAR_MONTHS})."
        ));
        return w.finish();
    }
    let (earlier, current) = rows.split_at(rows.len() - HISTORY_YEAR_MONTHS);
    let previous = &earlier[earlier.len().saturating_sub(HISTORY_YEAR_MONTHS)..];
    let (now, before) = (sum_bands(current), sum_bands(previous));
    w.say("Findings first seen in the last ")
        .number("Months", current.len() as u64)
        .say(" months (")
        .value("Last 12 months", &span_label(current))
        .say(") are ")
        .trend("Findings", before.iter().sum(), now.iter().sum())
        .say(" on the ")
        .count("Months before", previous.len() as u64, "month", "months")
        .say(" before (")
        .value("Months before, span", &span_label(previous))
        .say("); Critical or High ")
        .trend(
            "Critical or High",
            critical_or_high(&before),
            critical_or_high(&now),
        )
        .say(".");
    w.finish()
}

fn last_days(rollup: &Rollup) -> Option<Sentence> {
    let trend = rollup_trend(rollup, HISTORY_TREND_DAYS)?;
    let mut w = Words::new();
    w.say("Findings first seen in the last ")
        .number("Days", u64::from(trend.window_days))
        .say(" days (")
        .value(
            "Last days",
            &format!("{} to {}", trend.current_days.0, trend.current_days.1),
        )
        .say(") are ")
        .trend(
            "Recent findings",
            trend.previous.iter().sum(),
            trend.current.iter().sum(),
        )
        .say(&format!(
            " on the {} days before; Critical or High ",
            trend.window_days
        ))
        .trend(
            "Recent Critical or High",
            critical_or_high(&trend.previous),
            critical_or_high(&trend.current),
        )
        .say(".");
    Some(w.finish())
}

/// The row with the largest `measure`, the earliest on a tie; `None` when every one is zero.
fn largest_by(
    rows: &[BreakdownRow],
    measure: impl Fn(&BreakdownRow) -> u64,
) -> Option<&BreakdownRow> {
    rows.iter()
        .filter(|row| measure(row) > 0)
        .fold(None, |best: Option<&BreakdownRow>, row| match best {
            Some(best) if measure(best) >= measure(row) => Some(best),
            _ => Some(row),
        })
}

fn busiest_month(months: &Breakdown) -> Option<Sentence> {
    let busiest = largest_by(&months.rows, row_total)?;
    let serious = |row: &BreakdownRow| critical_or_high(&row_bands(row));
    let mut w = Words::new();
    w.say("The busiest month was ")
        .value("Busiest month", &busiest.label)
        .say(", with ")
        .findings("Busiest month, findings", row_total(busiest))
        .say(" (")
        .number("Busiest month, Critical or High", serious(busiest))
        .say(" Critical or High)");
    if let Some(most_serious) = largest_by(&months.rows, serious) {
        if most_serious.label != busiest.label {
            w.say("; most Critical or High findings were first seen in ")
                .value("Most Critical or High, month", &most_serious.label)
                .say(" (")
                .number("Most Critical or High", serious(most_serious))
                .say(")");
        }
    }
    w.say(".");
    Some(w.finish())
}

/// The first `limit` rows with findings and a known label.
fn top_known(breakdown: &Breakdown, limit: usize) -> Vec<&BreakdownRow> {
    let mut rows: Vec<&BreakdownRow> = breakdown
        .rows
        .iter()
        .filter(|row| row_total(row) > 0 && row.label != ROLLUP_UNKNOWN)
        .collect();
    // Tactics come in their fixed order: rank them here like every other list.
    rows.sort_by(|a, b| row_total(b).cmp(&row_total(a)).then(a.label.cmp(&b.label)));
    rows.truncate(limit);
    rows
}

fn what(rollup: &Rollup) -> Option<Sentence> {
    let purposes = rollup_breakdown(rollup, Dimension::ThreatPurpose);
    let purposes = top_known(&purposes, 3);
    if purposes.is_empty() {
        return None;
    }
    let mut w = Words::new();
    w.say("Most findings were about ")
        .list(&purposes, |w, row| {
            let phrase = purpose_phrase(&row.label);
            w.say(&phrase)
                .say(" (")
                .say(&row.label)
                .say(", ")
                .number(row.label.clone(), row_total(row))
                .say(")");
        });
    let types = rollup_breakdown(rollup, Dimension::FindingType);
    if let Some(top) = top_known(&types, 1).first() {
        w.say("; the most frequent finding type was ")
            .value("Most frequent type", &top.label)
            .say(" (")
            .findings("Most frequent type, findings", row_total(top))
            .say(")");
    }
    w.say(".");
    Some(w.finish())
}

fn place(rollup: &Rollup) -> Option<Sentence> {
    let accounts = rollup_breakdown(rollup, Dimension::Account);
    let regions = rollup_breakdown(rollup, Dimension::Region);
    let (accounts, regions) = (top_known(&accounts, 3), top_known(&regions, 3));
    if accounts.is_empty() && regions.is_empty() {
        return None;
    }
    let mut w = Words::new();
    let mut named = |prefix: &str, rows: &[&BreakdownRow]| {
        w.say(prefix).say(": ").list(rows, |w, row| {
            w.say(&row.label)
                .say(" (")
                .number(row.label.clone(), row_total(row))
                .say(")");
        });
    };
    match (accounts.is_empty(), regions.is_empty()) {
        (false, false) => {
            named("Accounts with most findings", &accounts);
            named("; regions", &regions);
        }
        (false, true) => named("Accounts with most findings", &accounts),
        _ => named("Regions with most findings", &regions),
    }
    w.say(".");
    Some(w.finish())
}

fn tactics(rollup: &Rollup) -> Option<Sentence> {
    let tactics = rollup_breakdown(rollup, Dimension::Tactic);
    let tactics = top_known(&tactics, 3);
    if tactics.is_empty() {
        return None;
    }
    let mut w = Words::new();
    w.say("By their finding types, the leading ATT&CK tactics were ")
        .list(&tactics, |w, row| {
            w.say(&row.label)
                .say(" (")
                .number(row.label.clone(), row_total(row))
                .say(")");
        })
        .say(".");
    Some(w.finish())
}

fn status(kpis: &RollupKpis) -> Sentence {
    let mut w = Words::new();
    w.say("GuardDuty reported these findings ")
        .number("Occurrences", kpis.totals.occurrences)
        .say(if kpis.totals.occurrences == 1 {
            " time; "
        } else {
            " times; "
        })
        .number("Archived", kpis.archived)
        .say(" of them ")
        .say(if kpis.archived == 1 { "is" } else { "are" })
        .say(" archived");
    if kpis.undated > 0 {
        w.say("; ")
            .findings("Undated", kpis.undated)
            .say(" with no first-seen day are counted in the totals but in no period");
    }
    w.say(".");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RollupCounts, RollupKey};

    fn add(rollup: &mut Rollup, day: &str, account: &str, kind: &str, band: SeverityBand, n: u64) {
        rollup.add(
            RollupKey {
                day: day.to_owned(),
                account_id: account.to_owned(),
                region: "eu-west-1".to_owned(),
                finding_type: kind.to_owned(),
                severity: band,
                resource_type: "Instance".to_owned(),
                archived: false,
            },
            RollupCounts {
                findings: n,
                occurrences: n * 2,
            },
        );
    }

    const PROBE: &str = "Recon:EC2/PortProbeUnprotectedPort";
    const MINER: &str = "CryptoCurrency:EC2/BitcoinTool.B";

    /// Two years: 2025 quiet (one Low probe a month), 2026 louder (two a month plus miners).
    fn two_years() -> Rollup {
        let mut rollup = Rollup::new();
        for month in 1..=12 {
            add(
                &mut rollup,
                &format!("2025-{month:02}-10"),
                "111122223333",
                PROBE,
                SeverityBand::Low,
                1,
            );
            add(
                &mut rollup,
                &format!("2026-{month:02}-10"),
                "111122223333",
                PROBE,
                SeverityBand::Low,
                2,
            );
        }
        add(
            &mut rollup,
            "2026-07-04",
            "444455556666",
            MINER,
            SeverityBand::High,
            5,
        );
        add(
            &mut rollup,
            "2026-12-01",
            "444455556666",
            MINER,
            SeverityBand::High,
            1,
        );
        rollup
    }

    fn section<'a>(brief: &'a HistoryBriefing, topic: &str) -> &'a str {
        brief
            .sections
            .iter()
            .find(|s| s.topic == topic)
            .map_or("", |s| s.sentence.text.as_str())
    }

    #[test]
    fn the_headline_states_the_span_the_places_and_the_serious_findings() {
        let brief = history_briefing(&two_years()).expect("rows");
        assert_eq!(
            brief.headline.text,
            "42 findings first seen between 2025-01-10 and 2026-12-10 in 2 accounts and 1 region: 6 Critical or High."
        );
        assert!(history_briefing(&Rollup::new()).is_none());
    }

    #[test]
    fn a_year_is_compared_with_the_year_before_by_calendar_month() {
        let brief = history_briefing(&two_years()).expect("rows");
        assert_eq!(
            section(&brief, "Year on year"),
            "Findings first seen in the last 12 months (2026-01 to 2026-12) are up from 12 to 30 (+18) on the 12 months before (2025-01 to 2025-12); Critical or High up from 0 to 6 (+6)."
        );
        let mut short = Rollup::new();
        add(&mut short, "2026-03-01", "1", PROBE, SeverityBand::Low, 1);
        add(&mut short, "2026-05-01", "1", PROBE, SeverityBand::Low, 1);
        let brief = history_briefing(&short).expect("rows");
        assert_eq!(
            section(&brief, "Year on year"),
            "The history covers 3 months (2026-03 to 2026-05), too few to compare a year with the one before (that needs more than 12)."
        );
    }

    #[test]
    fn the_last_30_days_end_on_the_last_first_seen_day() {
        let brief = history_briefing(&two_years()).expect("rows");
        assert_eq!(
            section(&brief, "Last 30 days"),
            "Findings first seen in the last 30 days (2026-11-11 to 2026-12-10) are up from 2 to 3 (+1) on the 30 days before; Critical or High up from 0 to 1 (+1)."
        );
    }

    #[test]
    fn the_busiest_month_and_the_most_serious_one_are_named_apart() {
        let brief = history_briefing(&two_years()).expect("rows");
        assert_eq!(
            section(&brief, "Busiest month"),
            "The busiest month was 2026-07, with 7 findings (5 Critical or High)."
        );
        let mut rollup = two_years();
        add(
            &mut rollup,
            "2026-02-01",
            "111122223333",
            PROBE,
            SeverityBand::Low,
            9,
        );
        let brief = history_briefing(&rollup).expect("rows");
        assert_eq!(
            section(&brief, "Busiest month"),
            "The busiest month was 2026-02, with 11 findings (0 Critical or High); most Critical or High findings were first seen in 2026-07 (5)."
        );
    }

    #[test]
    fn what_where_and_how_name_the_largest_and_leave_unknown_out() {
        let mut rollup = two_years();
        add(
            &mut rollup,
            ROLLUP_UNKNOWN,
            ROLLUP_UNKNOWN,
            PROBE,
            SeverityBand::Medium,
            100,
        );
        let brief = history_briefing(&rollup).expect("rows");
        assert_eq!(
            section(&brief, "What"),
            "Most findings were about probing for open ports and weaknesses (Recon, 136) and cryptocurrency mining (CryptoCurrency, 6); the most frequent finding type was Recon:EC2/PortProbeUnprotectedPort (136 findings)."
        );
        assert_eq!(
            section(&brief, "Where"),
            "Accounts with most findings: 111122223333 (36) and 444455556666 (6); regions: eu-west-1 (142)."
        );
        assert!(section(&brief, "How")
            .starts_with("By their finding types, the leading ATT&CK tactics were "));
        assert!(section(&brief, "Status").contains("100 findings with no first-seen day"));
    }

    #[test]
    fn every_number_in_a_sentence_is_recorded_as_evidence() {
        // (Two-digit numbers and longer: a lone digit is too common to check this way.)
        let brief = history_briefing(&two_years()).expect("rows");
        let all =
            std::iter::once(&brief.headline).chain(brief.sections.iter().map(|s| &s.sentence));
        for sentence in all {
            for word in sentence
                .text
                .split(|c: char| !c.is_ascii_digit() && c != ',')
            {
                let number = word.trim_matches(',');
                if number.is_empty() || number.len() < 2 {
                    continue;
                }
                // A count is evidence under its name; a name (an account id) labels its count.
                assert!(
                    sentence
                        .evidence
                        .iter()
                        .any(|e| e.value.contains(number) || e.label.contains(number)),
                    "{number} in {:?} has no evidence",
                    sentence.text
                );
            }
        }
    }
}
