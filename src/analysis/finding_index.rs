//! The per-load index: what every filter change would otherwise re-derive from each finding
//! (ATT&CK tactics, CSA threats, attacker objectives, normalised actor
//! values), computed once when the findings change and read by position.
//!
//! Nothing here depends on the filter, the rules or the time, so the UI builds it once per
//! load. Each function taking an index gives exactly the answer of the straightforward
//! function it stands for (`tests/analysis_index.rs` checks them against each other); an index
//! is only valid for the finding slice it was built from.

use rustc_hash::FxHashMap;

use crate::model::Finding;

use super::actors::{ActorColumns, ActorSummary};
use super::attack::{map_finding, Tactic};
use super::breakdown::{Breakdown, BreakdownRow, Dimension};
use super::csa::{threats_of, CsaThreat};
use super::vocabulary::{objectives_of, Objective};

/// Per-finding derived values, by finding position; see the module documentation.
#[derive(Clone, Debug, Default)]
pub struct FindingIndex {
    len: usize,
    /// Bit `t as usize` set for each ATT&CK tactic the finding maps to.
    tactics: Vec<u16>,
    /// Bit `c as usize` set for each CSA threat.
    csa: Vec<u16>,
    /// Bit `o as usize` set for each attacker objective.
    objectives: Vec<u16>,
    actors: ActorColumns,
}

fn mask(bits: impl IntoIterator<Item = usize>) -> u16 {
    bits.into_iter()
        .filter(|&b| b < 16)
        .fold(0, |m, b| m | (1 << b))
}

/// The type fields `build` caches on: full text, threat purpose, resource token, family.
type TypeKey<'a> = (&'a str, &'a str, &'a str, &'a str);

/// What `build` derives from a finding's type alone.
#[derive(Clone, Copy)]
struct TypeFacts {
    /// Tactics and objectives for a finding without an attack sequence.
    tactics: u16,
    objectives: u16,
    csa: u16,
}

/// Bit `t as usize` set for each ATT&CK tactic `finding` maps to (the columnar store keeps it
/// per finding, as this index does).
pub(crate) fn tactic_mask(finding: &Finding) -> u16 {
    mask(map_finding(finding).tactics.into_iter().map(|t| t as usize))
}

fn objective_mask(finding: &Finding) -> u16 {
    mask(objectives_of(finding).into_iter().map(|o| o as usize))
}

/// Bit `c as usize` set for each CSA threat `finding` is evidence of (it reads only the type).
pub(crate) fn csa_mask(finding: &Finding) -> u16 {
    mask(threats_of(finding).into_iter().map(|t| t as usize))
}

/// The bit positions set in `mask`, lowest first.
pub(crate) fn bits(mask: u16) -> impl Iterator<Item = usize> {
    (0..16).filter(move |b| mask & (1 << b) != 0)
}

impl FindingIndex {
    /// Indexes `findings` (once per load).
    pub fn build(findings: &[Finding]) -> Self {
        let n = findings.len();
        let mut index = Self {
            len: n,
            tactics: Vec::with_capacity(n),
            csa: Vec::with_capacity(n),
            objectives: Vec::with_capacity(n),
            ..Self::default()
        };
        // What depends only on the type, per distinct type. The key is every type field the
        // cached functions read; findings with an attack sequence get their tactics and
        // objectives computed on their own, as those also read the sequence.
        let mut types: FxHashMap<TypeKey<'_>, TypeFacts> = FxHashMap::default();
        for finding in findings {
            let kind = &finding.finding_type;
            let key = (
                &*kind.full,
                &*kind.threat_purpose,
                &*kind.resource_token,
                &*kind.family,
            );
            let facts = *types.entry(key).or_insert_with(|| TypeFacts {
                tactics: tactic_mask(finding),
                csa: csa_mask(finding),
                objectives: objective_mask(finding),
            });
            if finding.attack_sequence.is_some() {
                index.tactics.push(tactic_mask(finding));
                index.objectives.push(objective_mask(finding));
            } else {
                index.tactics.push(facts.tactics);
                index.objectives.push(facts.objectives);
            }
            index.csa.push(facts.csa);
        }
        index.actors = ActorColumns::build(findings);
        index
    }

    /// Findings indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the index was built from a slice of this length (the cheap sanity check
    /// callers make before trusting it).
    pub fn fits(&self, findings: &[Finding]) -> bool {
        self.len == findings.len()
    }

    /// The ATT&CK tactics of finding `i`, in kill-chain order.
    #[cfg(test)]
    pub(crate) fn tactics_of(&self, i: usize) -> impl Iterator<Item = Tactic> + '_ {
        let m = self.tactics.get(i).copied().unwrap_or(0);
        bits(m).filter_map(|b| Tactic::ALL.get(b).copied())
    }

    /// The attacker objectives of finding `i`, in [`Objective`] order.
    #[cfg(test)]
    pub(crate) fn objectives_of(&self, i: usize) -> impl Iterator<Item = Objective> + '_ {
        let m = self.objectives.get(i).copied().unwrap_or(0);
        bits(m).filter_map(|b| Objective::ALL.get(b).copied())
    }

    /// [`super::briefing::is_credential_related`] of finding `i`.
    pub(crate) fn is_credential_related(&self, i: usize) -> bool {
        let m = self.objectives.get(i).copied().unwrap_or(0);
        m & (1 << Objective::CredentialTheft as usize) != 0
    }

    /// The actor summary (`reference::actor_summary` answers the same), from the index.
    pub fn actor_summary(
        &self,
        findings: &[Finding],
        selected: &[u32],
        top_n: usize,
    ) -> ActorSummary {
        self.actors.summary(findings, selected, top_n)
    }

    /// [`super::attack::tactic_breakdown`], from the index.
    pub fn tactic_breakdown(&self, findings: &[Finding], selected: &[u32]) -> Breakdown {
        let labels: Vec<&str> = Tactic::ALL.iter().map(|t| t.name()).collect();
        self.masked_breakdown(
            findings,
            selected,
            Dimension::Tactic,
            &labels,
            &self.tactics,
        )
    }

    /// [`super::csa::csa_breakdown`], from the index.
    pub fn csa_breakdown(&self, findings: &[Finding], selected: &[u32]) -> Breakdown {
        let labels: Vec<&str> = CsaThreat::ALL.iter().map(|t| t.name()).collect();
        self.masked_breakdown(findings, selected, Dimension::CsaThreat, &labels, &self.csa)
    }

    /// [`super::breakdown::ordered_breakdown`] with each finding's labels as a bit mask.
    fn masked_breakdown(
        &self,
        findings: &[Finding],
        selected: &[u32],
        dimension: Dimension,
        labels: &[&str],
        masks: &[u16],
    ) -> Breakdown {
        // Counts per mask value first: a handful of distinct masks, whatever the selection.
        let mut by_mask: FxHashMap<u16, [u32; 4]> = FxHashMap::default();
        for &i in selected {
            let (Some(finding), Some(&m)) = (findings.get(i as usize), masks.get(i as usize))
            else {
                continue;
            };
            by_mask.entry(m).or_default()[finding.severity.index()] += 1;
        }
        let mut rows: Vec<BreakdownRow> = labels
            .iter()
            .map(|label| BreakdownRow {
                label: (*label).to_owned(),
                by_band: [0; 4],
            })
            .collect();
        for (m, by_band) in by_mask {
            for b in bits(m) {
                if let Some(row) = rows.get_mut(b) {
                    for (sum, n) in row.by_band.iter_mut().zip(by_band) {
                        *sum += n;
                    }
                }
            }
        }
        Breakdown { dimension, rows }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{
        AttackSequence, Dialect, FindingType, NetworkActor, Resource, ResourceKind, Text,
        ThreatIntel,
    };

    fn finding(kind: FindingType, severity: f64) -> Finding {
        Finding::new("f".into(), kind, severity, Dialect::CamelCase)
    }

    fn parsed(kind: &str) -> FindingType {
        FindingType::parse(kind, &mut |s: &str| Text::from(s))
    }

    /// Findings sharing types but differing in each other field the cached functions read
    /// (the index's and the briefing counter's caches): findings that differ in every input the index and the briefing's counter cache on.
    pub(crate) fn variants() -> Vec<Finding> {
        let mut findings = Vec::new();
        for kind in [
            "Recon:EC2/Portscan",
            "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
            "AttackSequence:IAM/CompromisedCredentials",
            "AttackSequence:S3/CompromisedData",
            "CryptoCurrency:EC2/BitcoinTool.B!DNS",
            "Custom",
        ] {
            for severity in [2.0, 5.0, 8.0, 9.5] {
                let plain = finding(parsed(kind), severity);
                let mut zero = plain.clone();
                zero.confidence = Some(0.0);
                let mut intel = plain.clone();
                intel.threat_intel.push(ThreatIntel {
                    list_name: None,
                    threat_names: Vec::new(),
                });
                let mut actor = plain.clone();
                actor.network_actors.push(NetworkActor::default());
                let mut named = plain.clone();
                named.attack_sequence = Some(AttackSequence {
                    tactics: vec!["Exfiltration".into(), "Impact".into()],
                    ..AttackSequence::default()
                });
                let mut techniques = plain.clone();
                techniques.attack_sequence = Some(AttackSequence {
                    techniques: vec!["T1078".into()],
                    ..AttackSequence::default()
                });
                findings.extend([plain, zero, intel, actor, named, techniques]);
            }
        }
        // The same full text with other parts than it parses to.
        let mut odd = parsed("Recon:EC2/Portscan");
        odd.threat_purpose = "CredentialAccess".into();
        odd.resource_token = "S3".into();
        odd.family = "Other\u{7}Family".into();
        findings.push(finding(odd, 8.0));
        let mut resources = finding(parsed("Recon:EC2/Portscan"), 5.0);
        let long = "n".repeat(80);
        for (id, name) in [
            ("i-1", None),
            (" i-1 ", Some("web")),
            ("i-2", Some(" bell\u{7} ")),
            ("i-3", Some(long.as_str())),
            ("i-4", Some("   ")),
        ] {
            resources.resources.push(Resource {
                kind: ResourceKind::Instance,
                id: id.into(),
                display_name: name.map(Text::from),
                attributes: Vec::new(),
            });
        }
        // The same `Text`s again, so the second is answered by address.
        findings.push(resources.clone());
        findings.push(resources);
        findings
    }

    /// The per-type, per-guidance-input and per-label shortcuts in `build` give what each
    /// function gives for the finding itself.
    #[test]
    fn cached_values_match_the_functions_per_finding() {
        let findings = variants();
        let index = FindingIndex::build(&findings);
        for (i, finding) in findings.iter().enumerate() {
            let tactics: Vec<Tactic> = index.tactics_of(i).collect();
            assert_eq!(tactics, map_finding(finding).tactics, "{i}");
            let objectives: Vec<Objective> = index.objectives_of(i).collect();
            assert_eq!(objectives, objectives_of(finding), "{i}");
            let csa: Vec<CsaThreat> = bits(index.csa[i])
                .filter_map(|b| CsaThreat::ALL.get(b).copied())
                .collect();
            assert_eq!(csa, threats_of(finding), "{i}");
        }
    }
}
