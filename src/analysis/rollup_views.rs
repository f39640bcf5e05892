//! The views a Rollup v1 file can feed (docs/org-scale.md): headline numbers, the trend of the
//! last 30 days, the severity timeline by month or year, and breakdowns by finding type, threat purpose, ATT&CK tactic,
//! CSA threat, resource type, account and region — every one a sum of rows' `findings`, so
//! the numbers equal `guardview summary`'s `rollups` object on the same files.
//!
//! A rollup row has no single findings: no ids, resources, actors or attack-sequence
//! indicators. Tactics and CSA threats therefore come from the type alone ([`map_type`],
//! [`threats_of_type`]); an attack sequence counts under its type's tactics, not under the
//! tactics of its indicators as a loaded finding does.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::attack::{map_type, Tactic};
use super::breakdown::{sort_largest_first, Breakdown, BreakdownRow, Dimension};
use super::csa::{threats_of_type, CsaThreat};
use crate::model::{FindingType, Rollup, RollupCounts, SeverityBand, Text, ROLLUP_UNKNOWN};

/// The headline numbers of a rollup.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RollupKpis {
    /// Rows in the rollup.
    pub rows: u64,
    /// Findings and occurrences, summed over every row.
    pub totals: RollupCounts,
    /// Findings per band, indexed by `SeverityBand::index`.
    pub by_band: [u64; 4],
    pub archived: u64,
    /// Distinct accounts and regions (`Unknown` counts as one value, as in `guardview summary`).
    pub accounts: u64,
    pub regions: u64,
    /// Distinct first-seen days, and the first and last of them (`YYYY-MM-DD`).
    pub days: u64,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    /// Findings whose first-seen day is `Unknown` (left off the timeline, never dropped).
    pub undated: u64,
}

impl RollupKpis {
    pub fn band(&self, band: SeverityBand) -> u64 {
        self.by_band[band.index()]
    }
}

/// The headline numbers of `rollup`.
pub fn rollup_kpis(rollup: &Rollup) -> RollupKpis {
    let summary = rollup.file_summary();
    let mut kpis = RollupKpis {
        rows: summary.rows,
        totals: rollup.totals(),
        days: summary.days,
        first_day: summary.first_day,
        last_day: summary.last_day,
        ..RollupKpis::default()
    };
    let mut accounts = BTreeSet::new();
    let mut regions = BTreeSet::new();
    for (key, counts) in rollup.rows() {
        kpis.by_band[key.severity.index()] += counts.findings;
        if key.archived {
            kpis.archived += counts.findings;
        }
        if key.day == ROLLUP_UNKNOWN {
            kpis.undated += counts.findings;
        }
        accounts.insert(key.account_id.as_str());
        regions.insert(key.region.as_str());
    }
    kpis.accounts = accounts.len() as u64;
    kpis.regions = regions.len() as u64;
    kpis
}

/// Findings first seen in the last `window_days` of the rollup against the same number of days
/// before them, by band: the history's trend (the rollup ends on its last dated day).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollupTrend {
    pub window_days: u32,
    /// First and last day (`YYYY-MM-DD`, inclusive) of the recent window and of the one before.
    pub current_days: (String, String),
    pub previous_days: (String, String),
    /// Findings per band (indexed by `SeverityBand::index`) in each window.
    pub current: [u64; 4],
    pub previous: [u64; 4],
}

/// The trend over the last `window_days` (at least 1), or `None` when no row has a day.
pub fn rollup_trend(rollup: &Rollup, window_days: u32) -> Option<RollupTrend> {
    let day = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    let last = rollup.rows().filter_map(|(key, _)| day(&key.day)).max()?;
    let window = i64::from(window_days.max(1));
    let current_start = last - chrono::Duration::days(window - 1);
    let previous_end = current_start - chrono::Duration::days(1);
    let previous_start = current_start - chrono::Duration::days(window);
    let mut trend = RollupTrend {
        window_days: window_days.max(1),
        current_days: (iso(current_start), iso(last)),
        previous_days: (iso(previous_start), iso(previous_end)),
        current: [0; 4],
        previous: [0; 4],
    };
    for (key, counts) in rollup.rows() {
        let Some(first_seen) = day(&key.day) else {
            continue;
        };
        let band = key.severity.index();
        if first_seen >= current_start {
            trend.current[band] += counts.findings;
        } else if first_seen >= previous_start {
            trend.previous[band] += counts.findings;
        }
    }
    Some(trend)
}

fn iso(day: chrono::NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// The width of one step of the rollup's timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    Month,
    Year,
}

impl Period {
    pub const ALL: [Period; 2] = [Self::Month, Self::Year];

    pub fn label(self) -> &'static str {
        match self {
            Self::Month => "Month",
            Self::Year => "Year",
        }
    }

    /// `YYYY-MM` or `YYYY` of a `YYYY-MM-DD` day.
    fn of_day(self, day: &str) -> Option<&str> {
        let length = match self {
            Self::Month => 7,
            Self::Year => 4,
        };
        day.get(..length)
            .filter(|prefix| prefix.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
    }
}

/// Findings per month or year of first activity, by band, oldest first, every period from
/// the first to the last (an empty month is a row of zeros, so gaps show). Rows are labelled
/// `YYYY-MM` or `YYYY`; findings with an unknown day are in [`RollupKpis::undated`].
pub fn rollup_timeline(rollup: &Rollup, period: Period) -> Breakdown {
    let mut counts: BTreeMap<String, [u64; 4]> = BTreeMap::new();
    for (key, row) in rollup.rows() {
        if let Some(label) = period.of_day(&key.day) {
            counts.entry(label.to_owned()).or_default()[key.severity.index()] += row.findings;
        }
    }
    let labels: Vec<String> = match (counts.keys().next(), counts.keys().next_back()) {
        (Some(first), Some(last)) => periods_between(first, last, period),
        _ => Vec::new(),
    };
    let rows = labels
        .into_iter()
        .map(|label| {
            let by_band = counts.get(&label).copied().unwrap_or_default();
            row(label, by_band)
        })
        .collect();
    // The dimension only names the breakdown; the bars do not read it.
    Breakdown {
        dimension: Dimension::FindingType,
        rows,
    }
}

/// Every period label from `first` to `last`, inclusive (both as [`Period::of_day`] made them).
fn periods_between(first: &str, last: &str, period: Period) -> Vec<String> {
    let parse = |label: &str| -> Option<(i32, u32)> {
        let year = label.get(..4)?.parse().ok()?;
        let month = match period {
            Period::Month => label.get(5..7)?.parse().ok()?,
            Period::Year => 1,
        };
        Some((year, month))
    };
    let (Some(mut at), Some(end)) = (parse(first), parse(last)) else {
        return vec![first.to_owned()];
    };
    let mut labels = Vec::new();
    while at <= end {
        labels.push(match period {
            Period::Month => format!("{:04}-{:02}", at.0, at.1),
            Period::Year => format!("{:04}", at.0),
        });
        at = match period {
            Period::Month if at.1 >= 12 => (at.0 + 1, 1),
            Period::Month => (at.0, at.1 + 1),
            Period::Year => (at.0 + 1, 1),
        };
    }
    labels
}

/// Findings by one dimension of the rollup, each row split by band. Finding type, threat
/// purpose, resource type, account and region are sorted largest first (then by label);
/// tactics and CSA threats list every one in their fixed order, a row counting under each
/// tactic or threat its type maps to.
pub fn rollup_breakdown(rollup: &Rollup, dimension: Dimension) -> Breakdown {
    match dimension {
        Dimension::Tactic => {
            let labels: Vec<&str> = Tactic::ALL.iter().map(|t| t.name()).collect();
            ordered(rollup, dimension, &labels, |kind| {
                let tactics = map_type(kind).tactics;
                Tactic::ALL
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| tactics.contains(t))
                    .map(|(i, _)| i)
                    .collect()
            })
        }
        Dimension::CsaThreat => {
            let labels: Vec<&str> = CsaThreat::ALL.iter().map(|t| t.name()).collect();
            ordered(rollup, dimension, &labels, |kind| {
                let threats = threats_of_type(&kind.full);
                CsaThreat::ALL
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| threats.contains(t))
                    .map(|(i, _)| i)
                    .collect()
            })
        }
        _ => by_value(rollup, dimension),
    }
}

fn by_value(rollup: &Rollup, dimension: Dimension) -> Breakdown {
    let mut counts: HashMap<String, [u64; 4]> = HashMap::new();
    for (key, row) in rollup.rows() {
        let label = match dimension {
            Dimension::ThreatPurpose => parse_type(&key.finding_type).threat_purpose.to_string(),
            Dimension::Family => {
                let kind = parse_type(&key.finding_type);
                format!(
                    "{}:{}/{}",
                    kind.threat_purpose, kind.resource_token, kind.family
                )
            }
            Dimension::ResourceType => key.resource_type.clone(),
            Dimension::Account => key.account_id.clone(),
            Dimension::Region => key.region.clone(),
            _ => key.finding_type.clone(),
        };
        let label = if label.trim().is_empty() {
            ROLLUP_UNKNOWN.to_owned()
        } else {
            label
        };
        counts.entry(label).or_default()[key.severity.index()] += row.findings;
    }
    let mut rows: Vec<BreakdownRow> = counts
        .into_iter()
        .map(|(label, by_band)| row(label, by_band))
        .collect();
    sort_largest_first(&mut rows);
    Breakdown { dimension, rows }
}

/// Counts under a fixed list of labels; `label_indices` maps a type to the labels it counts
/// under (each type mapped once, however many rows it has).
fn ordered(
    rollup: &Rollup,
    dimension: Dimension,
    labels: &[&str],
    label_indices: impl Fn(&FindingType) -> Vec<usize>,
) -> Breakdown {
    let mut by_label = vec![[0_u64; 4]; labels.len()];
    let mut mapped: HashMap<&str, Vec<usize>> = HashMap::new();
    for (key, row) in rollup.rows() {
        let indices = mapped
            .entry(key.finding_type.as_str())
            .or_insert_with(|| label_indices(&parse_type(&key.finding_type)));
        for &index in indices.iter() {
            if let Some(slot) = by_label.get_mut(index) {
                slot[key.severity.index()] += row.findings;
            }
        }
    }
    let rows = labels
        .iter()
        .zip(by_label)
        .map(|(label, by_band)| row((*label).to_owned(), by_band))
        .collect();
    Breakdown { dimension, rows }
}

fn parse_type(full: &str) -> FindingType {
    FindingType::parse(full, &mut |s: &str| Text::from(s))
}

/// A breakdown row from 64-bit counts (a bar chart's counts are 32-bit: a larger count is
/// shown as the largest one, never wrapped).
fn row(label: String, by_band: [u64; 4]) -> BreakdownRow {
    BreakdownRow {
        label,
        by_band: by_band.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RollupKey;

    fn add(rollup: &mut Rollup, day: &str, kind: &str, band: SeverityBand, findings: u64) {
        rollup.add(
            RollupKey {
                day: day.to_owned(),
                account_id: "111122223333".to_owned(),
                region: "eu-west-1".to_owned(),
                finding_type: kind.to_owned(),
                severity: band,
                resource_type: "Instance".to_owned(),
                archived: kind.starts_with("Policy"),
            },
            RollupCounts {
                findings,
                occurrences: findings * 3,
            },
        );
    }

    fn sample() -> Rollup {
        let mut rollup = Rollup::new();
        add(
            &mut rollup,
            "2025-11-30",
            "Recon:EC2/PortProbeUnprotectedPort",
            SeverityBand::Low,
            4,
        );
        add(
            &mut rollup,
            "2026-02-01",
            "CryptoCurrency:EC2/BitcoinTool.B",
            SeverityBand::High,
            2,
        );
        add(
            &mut rollup,
            "2026-02-14",
            "Policy:S3/BucketBlockPublicAccessDisabled",
            SeverityBand::Low,
            1,
        );
        add(
            &mut rollup,
            ROLLUP_UNKNOWN,
            "Recon:EC2/Portscan",
            SeverityBand::Medium,
            5,
        );
        rollup
    }

    #[test]
    fn kpis_add_rows_findings_per_band_and_count_unknown_days_apart() {
        let kpis = rollup_kpis(&sample());
        assert_eq!(kpis.totals.findings, 12);
        assert_eq!(kpis.totals.occurrences, 36);
        assert_eq!(kpis.band(SeverityBand::Low), 5);
        assert_eq!(kpis.band(SeverityBand::Medium), 5);
        assert_eq!(kpis.band(SeverityBand::High), 2);
        assert_eq!((kpis.archived, kpis.accounts, kpis.regions), (1, 1, 1));
        assert_eq!((kpis.days, kpis.undated), (3, 5));
        assert_eq!(kpis.first_day.as_deref(), Some("2025-11-30"));
        assert_eq!(kpis.last_day.as_deref(), Some("2026-02-14"));
    }

    #[test]
    fn the_trend_compares_the_last_days_with_as_many_before_them() {
        let trend = rollup_trend(&sample(), 30).expect("dated rows");
        assert_eq!(
            trend.current_days,
            ("2026-01-16".into(), "2026-02-14".into())
        );
        assert_eq!(
            trend.previous_days,
            ("2025-12-17".into(), "2026-01-15".into())
        );
        assert_eq!(trend.current, [1, 0, 2, 0], "2026-02-01 and 2026-02-14");
        assert_eq!(
            trend.previous, [0; 4],
            "2025-11-30 is older, Unknown has no day"
        );
        let wide = rollup_trend(&sample(), 60).expect("dated rows");
        assert_eq!(wide.previous, [4, 0, 0, 0]);
        assert_eq!(rollup_trend(&Rollup::new(), 30), None);
    }

    #[test]
    fn the_monthly_timeline_runs_without_gaps_across_a_new_year() {
        let months = rollup_timeline(&sample(), Period::Month);
        let labels: Vec<&str> = months.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(months.rows[1].total(), 0);
        assert_eq!(months.rows[3].by_band, [1, 0, 2, 0]);
        let years = rollup_timeline(&sample(), Period::Year);
        let totals: Vec<(&str, u32)> = years
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.total()))
            .collect();
        assert_eq!(totals, [("2025", 4), ("2026", 3)]);
    }

    #[test]
    fn breakdowns_sum_findings_and_map_tactics_and_threats_from_the_type() {
        let rollup = sample();
        let types = rollup_breakdown(&rollup, Dimension::FindingType);
        assert_eq!(types.rows[0].label, "Recon:EC2/Portscan");
        assert_eq!(types.rows[0].total(), 5);
        let purposes = rollup_breakdown(&rollup, Dimension::ThreatPurpose);
        assert_eq!(purposes.rows[0].label, "Recon");
        assert_eq!(purposes.rows[0].total(), 9);
        let tactics = rollup_breakdown(&rollup, Dimension::Tactic);
        assert_eq!(tactics.rows.len(), Tactic::ALL.len());
        let tactic = |name: &str| {
            tactics
                .rows
                .iter()
                .find(|r| r.label == name)
                .map_or(0, BreakdownRow::total)
        };
        assert_eq!(tactic("Reconnaissance") + tactic("Discovery"), 9);
        assert_eq!(tactic("Impact"), 2);
        let csa = rollup_breakdown(&rollup, Dimension::CsaThreat);
        assert_eq!(csa.rows.len(), CsaThreat::ALL.len());
        let accounts = rollup_breakdown(&rollup, Dimension::Account);
        assert_eq!(accounts.rows.len(), 1);
        assert_eq!(accounts.rows[0].total(), 12);
    }
}
