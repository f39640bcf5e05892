//! Counting findings into a [`BriefingTally`]: what depends only on a finding's type or on its
//! guidance inputs is derived once per distinct value, resources are numbered as they come,
//! and the tally is assembled in [`BriefingCounter::finish`].

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{
    activity_time, kind_slot, BriefingTally, CountryTally, ObjectiveTally, ResourceTally,
    RiskCellTally, RiskExample,
};
use crate::analysis::attack::Tactic;
use crate::analysis::breakdown::family_key;
use crate::analysis::finding_index::{bits, tactic_mask};
use crate::analysis::guidance::guidance_for;
use crate::analysis::risk::{assess, risk_level, Level, RiskRules};
use crate::analysis::vocabulary::{objectives_of, purpose_phrase, tidied, tidy_name, Objective};
use crate::model::time::DAY_MS;
use crate::model::{EpochMillis, Finding, Text};

/// What depends only on a finding's type (tactics and objectives: for findings outside an
/// attack sequence).
struct TypeFacts {
    tactics: u16,
    objectives: Vec<Objective>,
    purpose: String,
    family: String,
    /// Findings of this type counted.
    findings: u64,
}

/// A finding's guidance: its severity line and its steps without repeats.
struct GuidanceLines {
    line: &'static str,
    steps: Vec<&'static str>,
}

/// The most severe active finding of a risk cell so far, described once counting ends.
struct Candidate<P> {
    cell: (Level, Level, Level),
    active: u64,
    score_bits: u64,
    latest_ms: Option<i64>,
    id: String,
    place: P,
}

/// One attacker objective while counting: resources by their number in the counter.
#[derive(Default)]
struct ObjectiveCount {
    findings: u64,
    resources: FxHashSet<u32>,
    countries: CountryTally,
}

/// Adds findings, one at a time, to a [`BriefingTally`] placed by `P`.
pub struct BriefingCounter<P> {
    rules: RiskRules,
    now: EpochMillis,
    tally: BriefingTally<P>,
    /// Type slots by full type text, then by (purpose, resource token, family): a type's
    /// parts are compared, never its text allocated, per finding.
    type_slots: FxHashMap<Text, Vec<(Text, Text, Text, u32)>>,
    types: Vec<TypeFacts>,
    /// Guidance by exactly what `guidance_for` reads: the type slot (purpose and resource
    /// token), the band, whether there is threat intel or a network actor, and whether the
    /// confidence is zero.
    guidance_slots: FxHashMap<(u32, usize, bool, bool), u32>,
    guidances: Vec<GuidanceLines>,
    /// Resource numbers by kind slot, then trimmed id.
    resource_numbers: Vec<FxHashMap<Text, u32>>,
    resources: Vec<ResourceTally<P>>,
    objectives: BTreeMap<u8, ObjectiveCount>,
    /// Sorted by cell.
    risk_cells: Vec<Candidate<P>>,
}

impl<P: Ord + Clone> BriefingCounter<P> {
    /// Assessing risk examples under `rules` at `now`.
    pub fn new(rules: RiskRules, now: EpochMillis) -> Self {
        Self {
            rules,
            now,
            tally: BriefingTally::default(),
            type_slots: FxHashMap::default(),
            types: Vec::new(),
            guidance_slots: FxHashMap::default(),
            guidances: Vec::new(),
            resource_numbers: Vec::new(),
            resources: Vec::new(),
            objectives: BTreeMap::new(),
            risk_cells: Vec::new(),
        }
    }

    fn type_slot(&mut self, finding: &Finding) -> u32 {
        let kind = &finding.finding_type;
        let parts = (&*kind.threat_purpose, &*kind.resource_token, &*kind.family);
        if let Some(known) = self.type_slots.get(&*kind.full) {
            if let Some((.., slot)) = known
                .iter()
                .find(|(p, r, f, _)| (&**p, &**r, &**f) == parts)
            {
                return *slot;
            }
        }
        let slot = u32::try_from(self.types.len()).unwrap_or(u32::MAX);
        self.types.push(TypeFacts {
            tactics: tactic_mask(finding),
            objectives: objectives_of(finding),
            purpose: kind.threat_purpose.trim().to_owned(),
            family: tidy_name(&family_key(finding)),
            findings: 0,
        });
        self.type_slots.entry(kind.full.clone()).or_default().push((
            kind.threat_purpose.clone(),
            kind.resource_token.clone(),
            kind.family.clone(),
            slot,
        ));
        slot
    }

    fn guidance_slot(&mut self, finding: &Finding, type_slot: u32) -> usize {
        let input = (
            type_slot,
            finding.severity.index(),
            !finding.threat_intel.is_empty() || !finding.network_actors.is_empty(),
            finding.is_zero_confidence(),
        );
        let next = u32::try_from(self.guidances.len()).unwrap_or(u32::MAX);
        let slot = *self.guidance_slots.entry(input).or_insert(next);
        if slot == next {
            let guidance = guidance_for(finding);
            let mut steps: Vec<&'static str> = Vec::with_capacity(guidance.steps.len());
            for step in guidance.steps {
                if !steps.contains(&step) {
                    steps.push(step);
                }
            }
            self.guidances.push(GuidanceLines {
                line: guidance.by_severity,
                steps,
            });
        }
        slot as usize
    }

    /// Counts the finding's named resources (each (kind, trimmed id) once); their numbers.
    fn count_resources(&mut self, finding: &Finding, place: &P) -> Vec<u32> {
        let mut named: Vec<u32> = Vec::with_capacity(finding.resources.len());
        for resource in &finding.resources {
            let id = resource.id.trim();
            if id.is_empty() {
                continue;
            }
            let kind = kind_slot(resource.kind);
            if self.resource_numbers.len() <= kind as usize {
                self.resource_numbers
                    .resize_with(kind as usize + 1, FxHashMap::default);
            }
            let numbers = &mut self.resource_numbers[kind as usize];
            let next = u32::try_from(self.resources.len()).unwrap_or(u32::MAX);
            let number = match numbers.get(id) {
                Some(&number) => number,
                None => {
                    numbers.insert(Text::from(id), next);
                    next
                }
            };
            if named.contains(&number) {
                continue;
            }
            named.push(number);
            let label = || {
                let shown = resource
                    .display_name
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .unwrap_or(id);
                let label = tidied(shown);
                (*label != *id).then(|| label.into_owned())
            };
            if number == next {
                self.resources.push(ResourceTally {
                    kind,
                    id: id.to_owned(),
                    first: place.clone(),
                    label: label(),
                    findings: 1,
                });
                continue;
            }
            let kept = &mut self.resources[number as usize];
            kept.findings += 1;
            if *place < kept.first {
                kept.first = place.clone();
                kept.label = label();
            }
        }
        named
    }

    /// Counts `finding`, placed at `place`, whose risk cell is `cell` (overall likelihood,
    /// impact) under the counter's rules and time (`None`: not assessed, never a top risk).
    pub fn add(&mut self, finding: &Finding, place: P, cell: Option<(Level, Level)>) {
        self.tally.selected += 1;
        if !finding.threat_intel.is_empty() {
            self.tally.threat_intel_matched += 1;
            for intel in &finding.threat_intel {
                if let Some(name) = intel.list_name.as_deref() {
                    if !self.tally.threat_intel_lists.contains(name) {
                        self.tally.threat_intel_lists.insert(name.to_owned());
                    }
                }
            }
        }
        let named = self.count_resources(finding, &place);
        if let Some(at) = activity_time(finding) {
            self.tally.count_activity(at.0);
        }
        let type_slot = self.type_slot(finding);
        let facts = &mut self.types[type_slot as usize];
        facts.findings += 1;
        let (tactics, sequence_objectives) = if finding.attack_sequence.is_some() {
            (tactic_mask(finding), Some(objectives_of(finding)))
        } else {
            (facts.tactics, None)
        };
        for t in bits(tactics).filter(|&t| t < Tactic::ALL.len()) {
            self.tally.tactics[t] += 1;
        }
        let objectives = sequence_objectives.as_deref().unwrap_or(&facts.objectives);
        if !objectives.is_empty() {
            let mut countries = CountryTally::default();
            countries.add(&finding.network_actors);
            for &objective in objectives {
                let entry = self.objectives.entry(objective as u8).or_default();
                entry.findings += 1;
                entry.resources.extend(named.iter().copied());
                entry.countries.merge(countries.clone());
            }
        }
        if finding.archived {
            return;
        }
        if let Some((likelihood, impact)) = cell {
            let risk = risk_level(likelihood, impact);
            if risk >= Level::High {
                self.count_risk(finding, &place, (risk, likelihood, impact));
            }
        }
        let guidance_slot = self.guidance_slot(finding, type_slot);
        let guidance = &self.guidances[guidance_slot];
        let band = finding.severity;
        let kept = &mut self.tally.bands[band.index()];
        kept.active += 1;
        if kept.last_guidance.as_ref().is_none_or(|(p, _)| place > *p) {
            kept.last_guidance = Some((place, guidance.line.to_owned()));
        }
        let band = u8::try_from(band.index()).unwrap_or(0);
        for &step in &guidance.steps {
            match self.tally.steps.get_mut(step) {
                Some(entry) => {
                    entry.0 = entry.0.max(band);
                    entry.1 += 1;
                }
                None => {
                    self.tally.steps.insert(step.to_owned(), (band, 1));
                }
            }
        }
    }

    fn count_risk(&mut self, finding: &Finding, place: &P, cell: (Level, Level, Level)) {
        let latest_ms = activity_time(finding).map(|t| t.0);
        let candidate = || Candidate {
            cell,
            active: 0,
            score_bits: finding.severity_score.to_bits(),
            latest_ms,
            id: finding.id.to_string(),
            place: place.clone(),
        };
        let cells = &mut self.risk_cells;
        let at = match cells.binary_search_by(|kept| kept.cell.cmp(&cell)) {
            Ok(at) => {
                let kept = &cells[at];
                let order = super::severity_order(
                    (finding.severity_score, latest_ms),
                    (f64::from_bits(kept.score_bits), kept.latest_ms),
                );
                let beats = order.then_with(|| (*finding.id).cmp(kept.id.as_str()))
                    == std::cmp::Ordering::Less;
                if beats {
                    let active = kept.active;
                    cells[at] = Candidate {
                        active,
                        ..candidate()
                    };
                }
                at
            }
            Err(at) => {
                cells.insert(at, candidate());
                at
            }
        };
        cells[at].active += 1;
    }

    /// The tally of every finding added; `finding_at` gives back the finding added at a
    /// place (each risk cell's example is described from it, its assessment worded).
    pub fn finish(self, mut finding_at: impl FnMut(&P) -> Option<Finding>) -> BriefingTally<P> {
        let mut tally = self.tally;
        tally.risk_cells = self
            .risk_cells
            .into_iter()
            .map(|kept| {
                let described = finding_at(&kept.place)
                    .map(|finding| example(&finding, kept.latest_ms, &self.rules, self.now));
                RiskCellTally {
                    cell: kept.cell,
                    active: kept.active,
                    example: described.unwrap_or_else(|| RiskExample {
                        score_bits: kept.score_bits,
                        latest_ms: kept.latest_ms,
                        id: kept.id,
                        purpose: String::new(),
                        target: None,
                        rules: Default::default(),
                    }),
                }
            })
            .collect();
        for facts in self.types.into_iter().filter(|t| t.findings > 0) {
            *tally.purposes.entry(facts.purpose).or_insert(0) += facts.findings;
            *tally.families.entry(facts.family).or_insert(0) += facts.findings;
        }
        // Resources sorted by (kind, id); the objectives name them by their sorted position.
        let mut order: Vec<u32> = (0..self.resources.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.resources[a as usize], &self.resources[b as usize]);
            (a.kind, &a.id).cmp(&(b.kind, &b.id))
        });
        let mut position = vec![0_u32; order.len()];
        for (at, &number) in order.iter().enumerate() {
            position[number as usize] = at as u32;
        }
        let mut numbered: Vec<Option<ResourceTally<P>>> =
            self.resources.into_iter().map(Some).collect();
        tally.resources = order
            .iter()
            .filter_map(|&number| numbered[number as usize].take())
            .collect();
        for (slot, count) in self.objectives {
            let mut resources: Vec<u32> = count
                .resources
                .into_iter()
                .map(|number| position[number as usize])
                .collect();
            resources.sort_unstable();
            tally.objectives.insert(
                slot,
                ObjectiveTally {
                    findings: count.findings,
                    resources,
                    countries: count.countries,
                },
            );
        }
        tally
    }
}

/// The risk example `finding` gives, its assessment worded.
fn example(
    finding: &Finding,
    latest_ms: Option<i64>,
    rules: &RiskRules,
    now: EpochMillis,
) -> RiskExample {
    let assessment = assess(finding, rules, now);
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

impl<P> BriefingTally<P> {
    pub(super) fn count_activity(&mut self, at_ms: i64) {
        self.dated += 1;
        let day = at_ms.div_euclid(DAY_MS).saturating_mul(DAY_MS);
        *self.activity_days.entry(day).or_insert(0) += 1;
        self.earliest_ms = Some(self.earliest_ms.map_or(at_ms, |e| e.min(at_ms)));
        self.latest_ms = Some(self.latest_ms.map_or(at_ms, |l| l.max(at_ms)));
    }
}
