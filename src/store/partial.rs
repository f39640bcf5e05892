//! Partial aggregates: what one shard answers for one view, merged with the other shards'
//! answers by an associative, commutative `merge`, then finished into exactly the value the
//! single-set function (`summarize`, `breakdown`, `timeline`, …) gives for all findings.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::analysis::attack::Tactic;
use crate::analysis::breakdown::{sorted_rows, Breakdown, BreakdownRow, Dimension};
use crate::analysis::coverage::{add_to_cell, finish_coverage, CellCounts, Coverage, Place};
use crate::analysis::csa::CsaThreat;
use crate::analysis::period::TimeBasis;
use crate::analysis::risk::RiskMatrix;
use crate::analysis::summary::Summary;
use crate::analysis::timeline::{Granularity, Timeline};
use crate::model::{EpochMillis, SeverityBand};

/// Adds `other`'s counts into `into`, key by key.
fn add_counts<V: Copy + Default + std::ops::AddAssign>(
    into: &mut BTreeMap<String, V>,
    other: BTreeMap<String, V>,
) {
    for (key, n) in other {
        *into.entry(key).or_default() += n;
    }
}

fn add_bands(into: &mut [u32; 4], other: [u32; 4]) {
    for (sum, n) in into.iter_mut().zip(other) {
        *sum += n;
    }
}

fn min_option(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_option(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    a.max(b)
}

/// The KPI tiles and `guardview summary`'s headline numbers ([`Summary`]) of one shard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiPartial {
    pub unique_findings: u64,
    /// Indexed by `SeverityBand::index`.
    pub by_severity: [u64; 4],
    pub by_purpose: BTreeMap<String, u64>,
    pub by_type: BTreeMap<String, u64>,
    pub by_resource_type: BTreeMap<String, u64>,
    pub by_account: BTreeMap<String, u64>,
    pub by_region: BTreeMap<String, u64>,
    pub archived: u64,
    pub samples: u64,
    pub zero_confidence: u64,
    pub total_occurrences: u64,
    /// Distinct account ids and regions as exported (the `accounts` and `regions` counts are
    /// of distinct values over all shards, so the values travel, not their counts).
    pub accounts: BTreeSet<String>,
    pub regions: BTreeSet<String>,
    pub first_seen_ms: Option<i64>,
    pub last_seen_ms: Option<i64>,
}

impl KpiPartial {
    pub fn merge(&mut self, other: KpiPartial) {
        self.unique_findings += other.unique_findings;
        for (sum, n) in self.by_severity.iter_mut().zip(other.by_severity) {
            *sum += n;
        }
        add_counts(&mut self.by_purpose, other.by_purpose);
        add_counts(&mut self.by_type, other.by_type);
        add_counts(&mut self.by_resource_type, other.by_resource_type);
        add_counts(&mut self.by_account, other.by_account);
        add_counts(&mut self.by_region, other.by_region);
        self.archived += other.archived;
        self.samples += other.samples;
        self.zero_confidence += other.zero_confidence;
        // Saturating addition is still associative and commutative on unsigned counts.
        self.total_occurrences = self
            .total_occurrences
            .saturating_add(other.total_occurrences);
        self.accounts.extend(other.accounts);
        self.regions.extend(other.regions);
        self.first_seen_ms = min_option(self.first_seen_ms, other.first_seen_ms);
        self.last_seen_ms = max_option(self.last_seen_ms, other.last_seen_ms);
    }

    /// The [`Summary`] `summarize` gives for the same findings.
    pub fn finish(self) -> Summary {
        Summary {
            unique_findings: self.unique_findings,
            by_severity: SeverityBand::ALL
                .into_iter()
                .map(|band| (band.name().to_owned(), self.by_severity[band.index()]))
                .collect(),
            by_purpose: self.by_purpose,
            by_type: self.by_type,
            by_resource_type: self.by_resource_type,
            by_account: self.by_account,
            by_region: self.by_region,
            archived: self.archived,
            samples: self.samples,
            zero_confidence: self.zero_confidence,
            total_occurrences: self.total_occurrences,
            accounts: self.accounts.len() as u64,
            regions: self.regions.len() as u64,
            first_seen: self.first_seen_ms.map(EpochMillis),
            last_seen: self.last_seen_ms.map(EpochMillis),
        }
    }
}

/// The severity timeline of one shard at the finest granularity: counts per hour. Day and week
/// buckets start on hour boundaries, so the page re-buckets the merged hours into whatever
/// granularity the merged span calls for, exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinePartial {
    /// Start of each hour (ms) → findings per band in it.
    pub hours: BTreeMap<i64, [u32; 4]>,
    /// The earliest and latest exact times (the span picks the granularity).
    pub earliest_ms: Option<i64>,
    pub latest_ms: Option<i64>,
    pub undated: u32,
}

impl TimelinePartial {
    /// Counts one finding at `instant` in `band`, or as undated.
    pub(super) fn add(&mut self, instant: Option<EpochMillis>, band: SeverityBand) {
        let Some(instant) = instant else {
            self.undated += 1;
            return;
        };
        self.earliest_ms = min_option(self.earliest_ms, Some(instant.0));
        self.latest_ms = max_option(self.latest_ms, Some(instant.0));
        let hour = Granularity::Hour.bucket_start(instant).0;
        self.hours.entry(hour).or_default()[band.index()] += 1;
    }

    pub fn merge(&mut self, other: TimelinePartial) {
        for (hour, bands) in other.hours {
            add_bands(self.hours.entry(hour).or_default(), bands);
        }
        self.earliest_ms = min_option(self.earliest_ms, other.earliest_ms);
        self.latest_ms = max_option(self.latest_ms, other.latest_ms);
        self.undated += other.undated;
    }

    /// The [`Timeline`] `timeline(findings, selected, time_basis, granularity)` gives.
    pub fn finish(&self, time_basis: TimeBasis, granularity: Option<Granularity>) -> Timeline {
        let (Some(earliest), Some(latest)) = (self.earliest_ms, self.latest_ms) else {
            return Timeline {
                granularity: granularity.unwrap_or(Granularity::Day),
                time_basis,
                start: EpochMillis(0),
                buckets: Vec::new(),
                undated: self.undated,
            };
        };
        let granularity = granularity.unwrap_or_else(|| Granularity::for_span(latest - earliest));
        let start = granularity.bucket_start(EpochMillis(earliest));
        let width = granularity.bucket_ms();
        let bucket_count = usize::try_from((latest - start.0) / width + 1).unwrap_or(0);
        let mut buckets = vec![[0_u32; 4]; bucket_count];
        for (&hour, &bands) in &self.hours {
            // Every bucket starts on an hour, so an hour lies inside one bucket and `hour`
            // falls in the same bucket as the exact times counted in it (all at or after
            // `start`, itself an hour).
            let index = usize::try_from((hour - start.0) / width).unwrap_or(usize::MAX);
            if let Some(bucket) = buckets.get_mut(index) {
                add_bands(bucket, bands);
            }
        }
        Timeline {
            granularity,
            time_basis,
            start,
            buckets,
            undated: self.undated,
        }
    }
}

/// A breakdown dimension the store answers (the single-valued ones of [`Dimension`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BreakdownKind {
    ThreatPurpose,
    Family,
    FindingType,
    ResourceType,
    Account,
    Region,
}

impl BreakdownKind {
    pub const ALL: [BreakdownKind; 6] = [
        Self::ThreatPurpose,
        Self::Family,
        Self::FindingType,
        Self::ResourceType,
        Self::Account,
        Self::Region,
    ];

    pub fn dimension(self) -> Dimension {
        match self {
            Self::ThreatPurpose => Dimension::ThreatPurpose,
            Self::Family => Dimension::Family,
            Self::FindingType => Dimension::FindingType,
            Self::ResourceType => Dimension::ResourceType,
            Self::Account => Dimension::Account,
            Self::Region => Dimension::Region,
        }
    }
}

/// One shard's counts for a breakdown: label → findings per band.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakdownPartial {
    pub kind: BreakdownKind,
    pub rows: BTreeMap<String, [u32; 4]>,
}

impl BreakdownPartial {
    pub fn merge(&mut self, other: BreakdownPartial) {
        for (label, bands) in other.rows {
            add_bands(self.rows.entry(label).or_default(), bands);
        }
    }

    /// The [`Breakdown`] `breakdown(findings, selected, dimension, None)` gives: rows by
    /// total, largest first, then by label.
    pub fn finish(self) -> Breakdown {
        Breakdown {
            dimension: self.kind.dimension(),
            rows: sorted_rows(self.rows),
        }
    }
}

/// Counts per band under a fixed list of labels (ATT&CK tactics, CSA threats), by position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderedPartial {
    pub rows: Vec<[u32; 4]>,
}

impl OrderedPartial {
    pub(super) fn with_len(len: usize) -> Self {
        Self {
            rows: vec![[0; 4]; len],
        }
    }

    pub fn merge(&mut self, other: OrderedPartial) {
        if self.rows.len() < other.rows.len() {
            self.rows.resize(other.rows.len(), [0; 4]);
        }
        for (row, bands) in self.rows.iter_mut().zip(other.rows) {
            add_bands(row, bands);
        }
    }

    fn finish(self, dimension: Dimension, labels: &[&str]) -> Breakdown {
        let mut rows = self.rows.into_iter();
        Breakdown {
            dimension,
            rows: labels
                .iter()
                .map(|label| BreakdownRow {
                    label: (*label).to_owned(),
                    by_band: rows.next().unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// `attack::tactic_breakdown` (and `FindingIndex::tactic_breakdown`).
    pub fn finish_tactics(self) -> Breakdown {
        let labels: Vec<&str> = Tactic::ALL.iter().map(|t| t.name()).collect();
        self.finish(Dimension::Tactic, &labels)
    }

    /// `csa::csa_breakdown` (and `FindingIndex::csa_breakdown`).
    pub fn finish_csa(self) -> Breakdown {
        let labels: Vec<&str> = CsaThreat::ALL.iter().map(|t| t.name()).collect();
        self.finish(Dimension::CsaThreat, &labels)
    }
}

/// One shard's risk-matrix counts, `[likelihood][impact]` as in [`RiskMatrix`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskPartial {
    pub cells: [[u32; 5]; 5],
}

impl RiskPartial {
    pub fn merge(&mut self, other: RiskPartial) {
        for (row, other_row) in self.cells.iter_mut().zip(other.cells) {
            for (cell, n) in row.iter_mut().zip(other_row) {
                *cell += n;
            }
        }
    }

    pub fn finish(self) -> RiskMatrix {
        RiskMatrix { cells: self.cells }
    }
}

/// The coverage grid's counts: selected findings per band of each (account, region) cell, and
/// the accounts and regions every loaded finding of the shard names (for the silent ones).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoveragePartial {
    /// Sorted by place, each place once.
    pub cells: Vec<(Place, [u64; 4])>,
    pub loaded_accounts: BTreeSet<String>,
    pub loaded_regions: BTreeSet<String>,
}

impl CoveragePartial {
    pub fn new(
        cells: CellCounts,
        loaded_accounts: BTreeSet<String>,
        loaded_regions: BTreeSet<String>,
    ) -> Self {
        Self {
            cells: cells.into_iter().collect(),
            loaded_accounts,
            loaded_regions,
        }
    }

    pub fn merge(&mut self, other: CoveragePartial) {
        let mut cells: CellCounts = std::mem::take(&mut self.cells).into_iter().collect();
        for (place, counts) in other.cells {
            add_to_cell(&mut cells, place, counts);
        }
        self.cells = cells.into_iter().collect();
        self.loaded_accounts.extend(other.loaded_accounts);
        self.loaded_regions.extend(other.loaded_regions);
    }

    pub fn finish(self) -> Coverage {
        finish_coverage(
            self.cells.into_iter().collect(),
            self.loaded_accounts.iter().map(String::as_str).collect(),
            self.loaded_regions.iter().map(String::as_str).collect(),
        )
    }
}
