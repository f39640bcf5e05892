//! What the briefing's sentences count of a selection, as a tally that adds up: built finding
//! by finding (the page over its findings, each worker's shard over its rows), merged in any
//! order, and finished into the counts the sentences read. Finding `p` of a load is placed by
//! `P` (the page's index, a shard's `Origin`: the same order), which decides the firsts and
//! lasts the sentences name.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analysis::attack::Tactic;
use crate::analysis::breakdown::family_key;
use crate::analysis::finding_index::{bits, tactic_mask};
use crate::analysis::guidance::guidance_for;
use crate::analysis::period::TimeBasis;
use crate::analysis::risk::{assess, risk_level, Level, RiskRules};
use crate::analysis::vocabulary::{objectives_of, purpose_phrase, tidied, tidy_name, Objective};
use crate::model::time::DAY_MS;
use crate::model::{EpochMillis, Finding, ResourceKind, SeverityBand, Text};

mod countries;
mod merge;

pub use countries::CountryTally;

/// Every resource kind, in declaration order (a kind travels as its position here).
pub(crate) const RESOURCE_KINDS: [ResourceKind; 19] = [
    ResourceKind::Instance,
    ResourceKind::AccessKey,
    ResourceKind::S3Bucket,
    ResourceKind::S3Object,
    ResourceKind::EksCluster,
    ResourceKind::KubernetesWorkload,
    ResourceKind::EcsCluster,
    ResourceKind::EcsTask,
    ResourceKind::Container,
    ResourceKind::RdsDbInstance,
    ResourceKind::RdsDbUser,
    ResourceKind::Lambda,
    ResourceKind::EbsVolume,
    ResourceKind::EbsSnapshot,
    ResourceKind::Ec2Image,
    ResourceKind::RecoveryPoint,
    ResourceKind::BedrockGuardrail,
    ResourceKind::AiModel,
    ResourceKind::Other,
];

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
    /// The first finding's display label (tidied display name, else the id).
    pub label: String,
    pub findings: u64,
}

/// One attacker objective: its findings, the distinct resources they name and their countries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveTally {
    pub findings: u64,
    /// Distinct (kind slot, trimmed id).
    pub resources: BTreeSet<(u8, String)>,
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

/// What depends only on a finding's type (for findings outside an attack sequence).
#[derive(Clone)]
struct TypeFacts {
    slot: u32,
    tactics: u16,
    objectives: Vec<Objective>,
    purpose: String,
    family: String,
}

/// A finding's guidance: its severity line and its steps without repeats.
type GuidanceLines = (&'static str, Vec<&'static str>);

/// Adds findings to a [`BriefingTally`], caching what depends only on a finding's type.
pub struct BriefingCounter<'r> {
    rules: &'r RiskRules,
    now: EpochMillis,
    types: FxHashMap<(Text, Text, Text, Text), TypeFacts>,
    guidance: FxHashMap<(u32, usize, bool, bool), GuidanceLines>,
}

impl<'r> BriefingCounter<'r> {
    /// Assessing risk examples under `rules` at `now`.
    pub fn new(rules: &'r RiskRules, now: EpochMillis) -> Self {
        Self {
            rules,
            now,
            types: FxHashMap::default(),
            guidance: FxHashMap::default(),
        }
    }

    fn type_facts(&mut self, finding: &Finding) -> TypeFacts {
        let kind = &finding.finding_type;
        let key = (
            kind.full.clone(),
            kind.threat_purpose.clone(),
            kind.resource_token.clone(),
            kind.family.clone(),
        );
        let slot = u32::try_from(self.types.len()).unwrap_or(u32::MAX);
        self.types
            .entry(key)
            .or_insert_with(|| TypeFacts {
                slot,
                tactics: tactic_mask(finding),
                objectives: objectives_of(finding),
                purpose: kind.threat_purpose.trim().to_owned(),
                family: tidy_name(&family_key(finding)),
            })
            .clone()
    }

    fn guidance_of(&mut self, finding: &Finding, type_slot: u32) -> GuidanceLines {
        let input = (
            type_slot,
            finding.severity.index(),
            !finding.threat_intel.is_empty() || !finding.network_actors.is_empty(),
            finding.is_zero_confidence(),
        );
        self.guidance
            .entry(input)
            .or_insert_with(|| {
                let guidance = guidance_for(finding);
                let mut steps: Vec<&'static str> = Vec::with_capacity(guidance.steps.len());
                for step in guidance.steps {
                    if !steps.contains(&step) {
                        steps.push(step);
                    }
                }
                (guidance.by_severity, steps)
            })
            .clone()
    }

    /// Counts `finding`, placed at `place`, whose risk cell is `cell` (overall likelihood,
    /// impact) under the counter's rules and time (`None`: not assessed, never a top risk).
    pub fn add<P: Ord + Clone>(
        &mut self,
        tally: &mut BriefingTally<P>,
        finding: &Finding,
        place: P,
        cell: Option<(Level, Level)>,
    ) {
        tally.selected += 1;
        if !finding.threat_intel.is_empty() {
            tally.threat_intel_matched += 1;
            for intel in &finding.threat_intel {
                if let Some(name) = intel.list_name.as_deref() {
                    if !tally.threat_intel_lists.contains(name) {
                        tally.threat_intel_lists.insert(name.to_owned());
                    }
                }
            }
        }
        let named = named_resources(finding);
        for (kind, id, label) in &named {
            tally.count_resource(*kind, id, &place, label);
        }
        if let Some(at) = activity_time(finding) {
            tally.count_activity(at.0);
        }
        let facts = self.type_facts(finding);
        *tally.purposes.entry(facts.purpose.clone()).or_insert(0) += 1;
        *tally.families.entry(facts.family.clone()).or_insert(0) += 1;
        let (tactics, objectives) = if finding.attack_sequence.is_some() {
            (tactic_mask(finding), objectives_of(finding))
        } else {
            (facts.tactics, facts.objectives.clone())
        };
        for t in bits(tactics).filter(|&t| t < Tactic::ALL.len()) {
            tally.tactics[t] += 1;
        }
        for objective in objectives {
            let slot = objective as u8;
            let entry = tally.objectives.entry(slot).or_default();
            entry.findings += 1;
            for (kind, id, _) in &named {
                if !entry.resources.contains(&(*kind, id.clone())) {
                    entry.resources.insert((*kind, id.clone()));
                }
            }
            entry.countries.add(&finding.network_actors);
        }
        if finding.archived {
            return;
        }
        if let Some((likelihood, impact)) = cell {
            let risk = risk_level(likelihood, impact);
            if risk >= Level::High {
                self.count_risk(tally, finding, (risk, likelihood, impact));
            }
        }
        let (line, steps) = self.guidance_of(finding, facts.slot);
        let band = finding.severity;
        let kept = &mut tally.bands[band.index()];
        kept.active += 1;
        if kept.last_guidance.as_ref().is_none_or(|(p, _)| place > *p) {
            kept.last_guidance = Some((place, line.to_owned()));
        }
        let band = u8::try_from(band.index()).unwrap_or(0);
        for step in steps {
            match tally.steps.get_mut(step) {
                Some(entry) => {
                    entry.0 = entry.0.max(band);
                    entry.1 += 1;
                }
                None => {
                    tally.steps.insert(step.to_owned(), (band, 1));
                }
            }
        }
    }

    fn count_risk<P>(
        &self,
        tally: &mut BriefingTally<P>,
        finding: &Finding,
        cell: (Level, Level, Level),
    ) {
        let latest_ms = activity_time(finding).map(|t| t.0);
        let at = match tally
            .risk_cells
            .binary_search_by(|kept| kept.cell.cmp(&cell))
        {
            Ok(at) => {
                let kept = &tally.risk_cells[at].example;
                // Only a more severe finding is described (the assessment is worded).
                let order = severity_order(
                    (finding.severity_score, latest_ms),
                    (kept.score(), kept.latest_ms),
                );
                let beats = order.then_with(|| (*finding.id).cmp(kept.id.as_str()))
                    == std::cmp::Ordering::Less;
                if beats {
                    tally.risk_cells[at].example = self.example(finding, latest_ms);
                }
                at
            }
            Err(at) => {
                let example = self.example(finding, latest_ms);
                tally.risk_cells.insert(
                    at,
                    RiskCellTally {
                        cell,
                        active: 0,
                        example,
                    },
                );
                at
            }
        };
        tally.risk_cells[at].active += 1;
    }

    fn example(&self, finding: &Finding, latest_ms: Option<i64>) -> RiskExample {
        let assessment = assess(finding, self.rules, self.now);
        RiskExample {
            score_bits: finding.severity_score.to_bits(),
            latest_ms,
            id: finding.id.to_string(),
            purpose: purpose_phrase(&finding.finding_type.threat_purpose).into_owned(),
            target: example_target(finding),
            rules: [
                assessment.initiation.rule.clone(),
                assessment.adverse_impact.rule.clone(),
                assessment.impact.rule.clone(),
            ],
        }
    }
}

/// A finding's named resources, each (kind, trimmed id) once: (kind slot, id, label).
fn named_resources(finding: &Finding) -> Vec<(u8, String, String)> {
    let mut named: Vec<(u8, String, String)> = Vec::new();
    for resource in &finding.resources {
        let id = resource.id.trim();
        let kind = kind_slot(resource.kind);
        if id.is_empty() || named.iter().any(|(k, i, _)| *k == kind && i == id) {
            continue;
        }
        let label = resource
            .display_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(id);
        named.push((kind, id.to_owned(), tidied(label).into_owned()));
    }
    named
}

/// The resource a finding is about, for one example: (name to show, id).
fn example_target(finding: &Finding) -> Option<(String, String)> {
    finding.resources.iter().find_map(|r| {
        let id = tidy_name(&r.id);
        let name = r
            .display_name
            .as_deref()
            .map(tidy_name)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| id.clone());
        (!name.is_empty()).then_some((name, id))
    })
}

impl<P: Ord + Clone> BriefingTally<P> {
    fn count_resource(&mut self, kind: u8, id: &str, place: &P, label: &str) {
        match self
            .resources
            .binary_search_by(|kept| (kept.kind, kept.id.as_str()).cmp(&(kind, id)))
        {
            Ok(at) => {
                let kept = &mut self.resources[at];
                kept.findings += 1;
                if *place < kept.first {
                    kept.first = place.clone();
                    kept.label = label.to_owned();
                }
            }
            Err(at) => self.resources.insert(
                at,
                ResourceTally {
                    kind,
                    id: id.to_owned(),
                    first: place.clone(),
                    label: label.to_owned(),
                    findings: 1,
                },
            ),
        }
    }

    fn count_activity(&mut self, at_ms: i64) {
        self.dated += 1;
        let day = at_ms.div_euclid(DAY_MS).saturating_mul(DAY_MS);
        *self.activity_days.entry(day).or_insert(0) += 1;
        self.earliest_ms = Some(self.earliest_ms.map_or(at_ms, |e| e.min(at_ms)));
        self.latest_ms = Some(self.latest_ms.map_or(at_ms, |l| l.max(at_ms)));
    }

    /// The band counts and the steps, for the actions.
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
    use crate::analysis::risk::assess_levels;

    fn counted(findings: &[Finding], counter: &mut BriefingCounter<'_>) -> BriefingTally<u32> {
        let mut tally = BriefingTally::default();
        for (at, finding) in findings.iter().enumerate() {
            let levels = assess_levels(finding, counter.rules, counter.now);
            let cell = Some((levels.likelihood, levels.impact));
            counter.add(&mut tally, finding, at as u32, cell);
        }
        tally
    }

    /// The counter's per-type and per-guidance-input caches, and merging tallies in any
    /// grouping, give what counting each finding on its own gives.
    #[test]
    fn cached_and_merged_counts_equal_counting_each_finding_alone() {
        let rules = RiskRules::default();
        let now = EpochMillis(1_700_000_000_000);
        let findings = variants();
        let whole = counted(&findings, &mut BriefingCounter::new(&rules, now));
        let mut one_by_one = BriefingTally::default();
        for (at, finding) in findings.iter().enumerate().rev() {
            let mut alone = BriefingTally::default();
            let levels = assess_levels(finding, &rules, now);
            BriefingCounter::new(&rules, now).add(
                &mut alone,
                finding,
                at as u32,
                Some((levels.likelihood, levels.impact)),
            );
            one_by_one.merge(alone);
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
