//! Rollup v1: additive daily counts of findings (see docs/org-scale.md), the small file that
//! carries an organisation's years of history instead of every finding.

use std::collections::BTreeMap;

use super::{EpochMillis, Finding, RollupFileSummary, SeverityBand};

/// The value of a dimension that a finding does not have (no account, no resource type …); the
/// same key `guardview summary` uses.
pub const ROLLUP_UNKNOWN: &str = "Unknown";

/// The columns of a Rollup v1 file, in order. The header row is the format's signature.
pub const ROLLUP_COLUMNS: [&str; 9] = [
    "day",
    "account_id",
    "region",
    "finding_type",
    "severity",
    "resource_type",
    "archived",
    "findings",
    "occurrences",
];

/// What a rollup row counts over: one day of first activity and one value of each dimension.
/// Keys order as the engines' `ORDER BY` of the columns' text does (the severity band by its
/// name), so a native rollup and an engine's are the same file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RollupKey {
    /// UTC date (`YYYY-MM-DD`) the finding was first seen (`service.eventFirstSeen`, else
    /// `createdAt`, else `updatedAt`), or [`ROLLUP_UNKNOWN`] when it has none of them.
    pub day: String,
    pub account_id: String,
    pub region: String,
    /// The full GuardDuty type, e.g. `Recon:EC2/PortProbeUnprotectedPort`.
    pub finding_type: String,
    pub severity: SeverityBand,
    /// GuardDuty's `resource.resourceType`.
    pub resource_type: String,
    pub archived: bool,
}

impl RollupKey {
    /// The columns in file order, as text would sort them.
    fn sort_fields(&self) -> (&str, &str, &str, &str, &str, &str, bool) {
        (
            &self.day,
            &self.account_id,
            &self.region,
            &self.finding_type,
            self.severity.name(),
            &self.resource_type,
            self.archived,
        )
    }
}

impl Ord for RollupKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_fields().cmp(&other.sort_fields())
    }
}

impl PartialOrd for RollupKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The additive measures of one rollup row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RollupCounts {
    /// Distinct findings (ids), each counted once in its newest version.
    pub findings: u64,
    /// Sum of those findings' `service.count`.
    pub occurrences: u64,
}

impl RollupCounts {
    /// Adds another row's counts (saturating: counts never wrap).
    pub fn add(&mut self, other: RollupCounts) {
        self.findings = self.findings.saturating_add(other.findings);
        self.occurrences = self.occurrences.saturating_add(other.occurrences);
    }
}

/// A whole rollup: rows sorted by key, one row per key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rollup {
    rows: BTreeMap<RollupKey, RollupCounts>,
}

impl Rollup {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds counts under a key (a row already there grows).
    pub fn add(&mut self, key: RollupKey, counts: RollupCounts) {
        self.rows.entry(key).or_default().add(counts);
    }

    /// Counts one de-duplicated finding.
    pub fn add_finding(&mut self, finding: &Finding) {
        self.add(
            RollupKey::of(finding),
            RollupCounts {
                findings: 1,
                occurrences: finding.count,
            },
        );
    }

    /// Adds every row of another rollup. Correct when the two count disjoint findings (other
    /// accounts, other days); a finding counted in both is counted twice.
    pub fn merge(&mut self, other: Rollup) {
        for (key, counts) in other.rows {
            self.add(key, counts);
        }
    }

    /// Rows in key order.
    pub fn rows(&self) -> impl Iterator<Item = (&RollupKey, &RollupCounts)> {
        self.rows.iter()
    }

    /// Rows in key order, taken out of the rollup.
    pub fn into_rows(self) -> impl Iterator<Item = (RollupKey, RollupCounts)> {
        self.rows.into_iter()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The sum over every row.
    pub fn totals(&self) -> RollupCounts {
        let mut totals = RollupCounts::default();
        for counts in self.rows.values() {
            totals.add(*counts);
        }
        totals
    }

    /// What the rollup holds, for a file's load report: rows, totals and the days covered.
    pub fn file_summary(&self) -> RollupFileSummary {
        let totals = self.totals();
        let mut days: Vec<&str> = self
            .rows
            .keys()
            .map(|key| key.day.as_str())
            .filter(|day| *day != ROLLUP_UNKNOWN)
            .collect();
        days.dedup(); // rows are sorted by day first
        RollupFileSummary {
            rows: self.rows.len() as u64,
            findings: totals.findings,
            occurrences: totals.occurrences,
            days: days.len() as u64,
            first_day: days.first().map(|day| (*day).to_owned()),
            last_day: days.last().map(|day| (*day).to_owned()),
        }
    }
}

impl RollupKey {
    /// The key a finding is counted under.
    pub fn of(finding: &Finding) -> Self {
        let first = finding
            .first_seen_at
            .or(finding.created_at)
            .or(finding.updated_at);
        Self {
            day: first.map_or_else(|| ROLLUP_UNKNOWN.to_owned(), utc_day),
            account_id: dimension(finding.account_id.as_deref()),
            region: dimension(finding.region.as_deref()),
            finding_type: dimension(Some(&finding.finding_type.full)),
            severity: finding.severity,
            resource_type: dimension(finding.resource_type.as_deref()),
            archived: finding.archived,
        }
    }
}

/// A dimension's text: trimmed, [`ROLLUP_UNKNOWN`] when absent or blank.
pub fn dimension(value: Option<&str>) -> String {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or(ROLLUP_UNKNOWN)
        .to_owned()
}

/// The UTC calendar date of an instant, `YYYY-MM-DD`.
pub fn utc_day(instant: EpochMillis) -> String {
    match chrono::DateTime::from_timestamp_millis(instant.0) {
        Some(time) => time.format("%Y-%m-%d").to_string(),
        None => ROLLUP_UNKNOWN.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FindingType, Text};

    fn finding(id: &str, score: f64) -> Finding {
        let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
        Finding::new(id.into(), kind, score, Dialect::CamelCase)
    }

    #[test]
    fn the_day_is_first_seen_then_created_then_updated() {
        let mut f = finding("a", 2.0);
        f.updated_at = Some(EpochMillis(1_700_000_000_000)); // 2023-11-14
        assert_eq!(RollupKey::of(&f).day, "2023-11-14");
        f.created_at = Some(EpochMillis(1_690_000_000_000)); // 2023-07-22
        assert_eq!(RollupKey::of(&f).day, "2023-07-22");
        f.first_seen_at = Some(EpochMillis(1_680_000_000_000)); // 2023-03-28
        assert_eq!(RollupKey::of(&f).day, "2023-03-28");
        assert_eq!(RollupKey::of(&finding("b", 2.0)).day, "Unknown");
    }

    #[test]
    fn absent_and_blank_dimensions_are_unknown() {
        let mut f = finding("a", 7.0);
        f.account_id = Some(" 111122223333 ".into());
        f.region = Some("  ".into());
        let key = RollupKey::of(&f);
        assert_eq!(key.account_id, "111122223333");
        assert_eq!(key.region, "Unknown");
        assert_eq!(key.resource_type, "Unknown");
        assert_eq!(key.severity, SeverityBand::High);
    }

    #[test]
    fn rows_with_the_same_key_add_up() {
        let mut rollup = Rollup::new();
        let mut a = finding("a", 2.0);
        a.count = 3;
        let mut b = finding("b", 2.0);
        b.count = 4;
        rollup.add_finding(&a);
        let mut other = Rollup::new();
        other.add_finding(&b);
        rollup.merge(other);
        assert_eq!(rollup.len(), 1);
        assert_eq!(
            rollup.totals(),
            RollupCounts {
                findings: 2,
                occurrences: 7
            }
        );
    }

    #[test]
    fn a_file_summary_gives_the_days_covered_without_unknown() {
        let mut rollup = Rollup::new();
        for (id, day_ms) in [
            ("a", Some(1_680_000_000_000)),
            ("b", Some(1_700_000_000_000)),
            ("c", None),
            ("d", Some(1_700_000_100_000)),
        ] {
            let mut f = finding(id, 5.0);
            f.first_seen_at = day_ms.map(EpochMillis);
            rollup.add_finding(&f);
        }
        let summary = rollup.file_summary();
        assert_eq!((summary.rows, summary.findings, summary.days), (3, 4, 2));
        assert_eq!(summary.first_day.as_deref(), Some("2023-03-28"));
        assert_eq!(summary.last_day.as_deref(), Some("2023-11-14"));
    }
}
