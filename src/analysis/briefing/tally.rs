//! What the briefing's sentences count of a selection, as a tally that adds up: built finding
//! by finding (the page over its findings, each worker's shard over its rows), merged in any
//! order, and finished into the counts the sentences read. Finding `p` of a load is placed by
//! `P` (the page's index, a shard's `Origin`: the same order), which decides the firsts and
//! lasts the sentences name.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::analysis::attack::Tactic;
use crate::analysis::graph::plan::RESOURCE_KINDS;
use crate::analysis::period::TimeBasis;
use crate::analysis::risk::Level;
use crate::model::time::DAY_MS;
use crate::model::{EpochMillis, Finding, ResourceKind, SeverityBand};

mod counter;
mod countries;
mod merge;

pub use counter::BriefingCounter;
pub use countries::CountryTally;

/// `kind`'s position in [`RESOURCE_KINDS`] (the declaration order, so positions sort as kinds).
pub(crate) fn kind_slot(kind: ResourceKind) -> u8 {
    RESOURCE_KINDS
        .iter()
        .position(|k| *k == kind)
        .and_then(|at| u8::try_from(at).ok())
        .unwrap_or(u8::MAX)
}

/// The kind at `slot` of [`RESOURCE_KINDS`] (`Other` for a slot out of range).
pub(crate) fn kind_at(slot: u8) -> ResourceKind {
    RESOURCE_KINDS
        .get(slot as usize)
        .copied()
        .unwrap_or(ResourceKind::Other)
}

/// One named resource: the findings naming it and the label of the first of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceTally<P> {
    pub kind: u8,
    /// The trimmed id.
    pub id: String,
    pub first: P,
    /// The first finding's display label (tidied display name, else the id), when it is not
    /// the id itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub findings: u64,
}

impl<P> ResourceTally<P> {
    /// The label sentences show.
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }
}

/// One attacker objective: its findings, the distinct resources they name and their countries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveTally {
    pub findings: u64,
    /// The distinct resources named: positions in the tally's `resources`, ascending.
    pub resources: Vec<u32>,
    pub countries: CountryTally,
}

/// The most severe finding of a risk cell, with what its sentence says of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskExample {
    /// The severity score's bits (NaN and infinities travel exactly).
    pub score_bits: u64,
    pub latest_ms: Option<i64>,
    pub id: String,
    /// Its threat purpose in plain words.
    pub purpose: String,
    /// The resource it is about: (name to show, id).
    pub target: Option<(String, String)>,
    /// The rules behind its likelihood of initiation, adverse impact and impact.
    pub rules: [String; 3],
}

impl RiskExample {
    pub fn score(&self) -> f64 {
        f64::from_bits(self.score_bits)
    }

    /// Most severe first: score (NaN last), latest activity, then id.
    fn cmp_severity(&self, other: &Self) -> std::cmp::Ordering {
        severity_order(
            (self.score(), self.latest_ms),
            (other.score(), other.latest_ms),
        )
        .then_with(|| self.id.cmp(&other.id))
    }
}

/// Most severe first by (score, latest activity): a NaN score ranks with negative infinity.
fn severity_order(a: (f64, Option<i64>), b: (f64, Option<i64>)) -> std::cmp::Ordering {
    let key = |score: f64| {
        if score.is_nan() {
            f64::NEG_INFINITY
        } else {
            score
        }
    };
    key(b.0).total_cmp(&key(a.0)).then_with(|| b.1.cmp(&a.1))
}

/// The active findings of one (risk, likelihood, impact) cell rated High or Very High.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskCellTally {
    pub cell: (Level, Level, Level),
    pub active: u64,
    pub example: RiskExample,
}

/// The active findings of one severity band, and the guidance line of the last of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandTally<P> {
    pub active: u64,
    pub last_guidance: Option<(P, String)>,
}

impl<P> Default for BandTally<P> {
    fn default() -> Self {
        Self {
            active: 0,
            last_guidance: None,
        }
    }
}

/// What the sentences count of the selected findings (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefingTally<P> {
    pub selected: u64,
    /// Findings matching a threat-intelligence list, and the list names as given.
    pub threat_intel_matched: u64,
    pub threat_intel_lists: BTreeSet<String>,
    /// Sorted by (kind, id), each once.
    pub resources: Vec<ResourceTally<P>>,
    /// Findings with a last-seen time (else updated), per UTC day they fall on.
    pub dated: u64,
    pub activity_days: BTreeMap<i64, u64>,
    pub earliest_ms: Option<i64>,
    pub latest_ms: Option<i64>,
    /// Trimmed threat purpose → findings.
    pub purposes: BTreeMap<String, u64>,
    /// Tidied family key → findings.
    pub families: BTreeMap<String, u64>,
    /// Findings per ATT&CK tactic, in [`Tactic::ALL`] order.
    pub tactics: Vec<u64>,
    /// By position in [`Objective::ALL`].
    pub objectives: BTreeMap<u8, ObjectiveTally>,
    /// Sorted by cell, each once.
    pub risk_cells: Vec<RiskCellTally>,
    /// Guidance step → (the most severe band it applies to, active findings it applies to).
    pub steps: BTreeMap<String, (u8, u64)>,
    /// By band index.
    pub bands: [BandTally<P>; 4],
}

impl<P> Default for BriefingTally<P> {
    fn default() -> Self {
        Self {
            selected: 0,
            threat_intel_matched: 0,
            threat_intel_lists: BTreeSet::new(),
            resources: Vec::new(),
            dated: 0,
            activity_days: BTreeMap::new(),
            earliest_ms: None,
            latest_ms: None,
            purposes: BTreeMap::new(),
            families: BTreeMap::new(),
            tactics: vec![0; Tactic::ALL.len()],
            objectives: BTreeMap::new(),
            risk_cells: Vec::new(),
            steps: BTreeMap::new(),
            bands: Default::default(),
        }
    }
}

/// The time the briefing's timing reads of a finding: last seen, else updated.
pub const ACTIVITY_BASIS: TimeBasis = TimeBasis::LastSeen;

/// A finding's time under [`ACTIVITY_BASIS`].
pub fn activity_time(finding: &Finding) -> Option<EpochMillis> {
    ACTIVITY_BASIS.time_of(finding)
}

/// Where the first half of an activity period ends (`None`: shorter than a day, no halves).
pub fn half_split_ms(earliest_ms: i64, latest_ms: i64) -> Option<i64> {
    let span = latest_ms.saturating_sub(earliest_ms);
    (span >= DAY_MS).then(|| earliest_ms.saturating_add(span / 2))
}

impl<P> BriefingTally<P> {
    /// The most severe band with an active finding.
    pub fn top_band(&self) -> Option<SeverityBand> {
        SeverityBand::ALL
            .into_iter()
            .rev()
            .find(|band| self.bands[band.index()].active > 0)
    }
}

impl<P> BriefingTally<P> {
    /// The same tally without the places (once merged, only the labels they chose matter).
    pub fn without_places(self) -> BriefingTally<()> {
        BriefingTally {
            selected: self.selected,
            threat_intel_matched: self.threat_intel_matched,
            threat_intel_lists: self.threat_intel_lists,
            resources: self
                .resources
                .into_iter()
                .map(|r| ResourceTally {
                    kind: r.kind,
                    id: r.id,
                    first: (),
                    label: r.label,
                    findings: r.findings,
                })
                .collect(),
            dated: self.dated,
            activity_days: self.activity_days,
            earliest_ms: self.earliest_ms,
            latest_ms: self.latest_ms,
            purposes: self.purposes,
            families: self.families,
            tactics: self.tactics,
            objectives: self.objectives,
            risk_cells: self.risk_cells,
            steps: self.steps,
            bands: self.bands.map(|band| BandTally {
                active: band.active,
                last_guidance: band.last_guidance.map(|(_, line)| ((), line)),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::briefing::{briefing_counts, SelectedFindings};
    use crate::analysis::finding_index::tests::variants;
    use crate::analysis::risk::{assess_levels, RiskRules};

    fn cell_of(finding: &Finding, rules: &RiskRules, now: EpochMillis) -> Option<(Level, Level)> {
        let levels = assess_levels(finding, rules, now);
        Some((levels.likelihood, levels.impact))
    }

    /// The counter's per-type and per-guidance-input caches, and merging tallies in any
    /// grouping, give what counting each finding on its own gives.
    #[test]
    fn cached_and_merged_counts_equal_counting_each_finding_alone() {
        let rules = RiskRules::default();
        let now = EpochMillis(1_700_000_000_000);
        let findings = variants();
        let mut counter = BriefingCounter::new(rules.clone(), now);
        for (at, finding) in findings.iter().enumerate() {
            counter.add(finding, at as u32, cell_of(finding, &rules, now));
        }
        let whole = counter.finish(|&at| findings.get(at as usize).cloned());
        let mut one_by_one = BriefingTally::default();
        for (at, finding) in findings.iter().enumerate().rev() {
            let mut alone = BriefingCounter::new(rules.clone(), now);
            alone.add(finding, at as u32, cell_of(finding, &rules, now));
            one_by_one.merge(alone.finish(|_| Some(finding.clone())));
        }
        assert_eq!(one_by_one, whole);
        assert_eq!(whole.selected, findings.len() as u64);
        assert!(!whole.steps.is_empty() && !whole.resources.is_empty());
    }

    /// A finding last seen exactly at the middle of the period counts in its second half.
    #[test]
    fn the_middle_of_the_period_opens_its_second_half() {
        let day = |d: i64| EpochMillis(1_700_000_000_000 + d * DAY_MS / 2);
        let mut findings = variants();
        findings.truncate(3);
        for (finding, at) in findings.iter_mut().zip([day(0), day(1), day(2)]) {
            finding.last_seen_at = Some(at);
        }
        let selected: Vec<u32> = (0..3).collect();
        let counts = briefing_counts(
            SelectedFindings::new(&findings, &selected),
            &RiskRules::default(),
            day(2),
        );
        assert_eq!(counts.first_half, Some((day(1).0, 1)));
    }
}
