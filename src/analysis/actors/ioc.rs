//! The indicator-of-compromise (IOC) list: every distinct remote IP, domain and threat name of
//! the selected findings, with the evidence behind it (for the CSV/STIX-style export).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::analysis::domain::normalised_domain;
use crate::analysis::period::TimeBasis;
use crate::analysis::selection::Selection;
use crate::model::{EpochMillis, Finding, SeverityBand};

use super::values::{country_label, network_key, non_empty, parse_address, vote};

/// How many finding types an IOC row lists (the most frequent ones).
pub const IOC_FINDING_TYPE_LIMIT: usize = 5;

/// What an indicator is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IocKind {
    Ipv4,
    Ipv6,
    /// A remote address the export gave that is not a valid IP (kept, not dropped).
    OtherAddress,
    Domain,
    /// A threat name from threat-intelligence evidence (`threatNames`).
    ThreatName,
}

impl IocKind {
    /// The token written to exports: `ipv4`, `ipv6`, `address`, `domain`, `threat-name`.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Ipv4 => "ipv4",
            Self::Ipv6 => "ipv6",
            Self::OtherAddress => "address",
            Self::Domain => "domain",
            Self::ThreatName => "threat-name",
        }
    }
}

/// One indicator of compromise with the evidence behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct IocRow {
    /// The normalised indicator (canonical IP text, lower-case domain, threat name).
    pub indicator: String,
    pub kind: IocKind,
    /// Selected findings naming the indicator (each finding counted once).
    pub finding_count: u32,
    pub highest_severity: SeverityBand,
    /// The highest severity score among those findings (NaN only if every score was NaN).
    pub highest_severity_score: f64,
    /// Earliest activity of those findings (first seen, else created, else last seen).
    pub first_seen_at: Option<EpochMillis>,
    /// Latest activity of those findings (last seen, else updated, else first seen).
    pub last_seen_at: Option<EpochMillis>,
    /// Country labels the findings gave for the address, sorted; empty for domains and names.
    pub countries: Vec<String>,
    /// Network labels (`AS14061 DigitalOcean, LLC`) given for the address, sorted.
    pub networks: Vec<String>,
    /// The most frequent finding types (at most [`IOC_FINDING_TYPE_LIMIT`]), most findings
    /// first, ties alphabetical.
    pub finding_types: Vec<String>,
    /// Distinct finding types in all, before the list was cut.
    pub distinct_finding_type_count: usize,
    /// Threat-intelligence list names, sorted. For a threat name: the lists that gave that
    /// name. For an address or domain: the lists named by the findings it appears in (the
    /// export does not tie a list to one indicator of a finding).
    pub threat_lists: Vec<String>,
}

/// Every distinct remote IP, domain and threat name of the selected findings, most severe
/// first, then most findings, then by indicator (and kind).
pub fn ioc_rows(findings: &[Finding], selected: &[u32]) -> Vec<IocRow> {
    let mut evidence = IocEvidence::default();
    for finding in Selection::within(findings, selected).findings(findings) {
        evidence.add_finding(finding);
    }
    evidence.rows()
}

/// The IOC list's evidence before it is ranked, per kind and indicator. Additive: evidence
/// gathered apart (the store's shards, each owning its own findings) merges into exactly what
/// one pass over all the findings gives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IocEvidence {
    pub by_kind: BTreeMap<IocKind, BTreeMap<String, IndicatorEvidence>>,
}

impl IocEvidence {
    /// Adds one selected finding's indicators.
    pub fn add_finding(&mut self, finding: &Finding) {
        let finding_lists: Vec<String> = finding
            .threat_intel
            .iter()
            .filter_map(|intel| non_empty(intel.list_name.as_deref()))
            .collect();
        let mut seen: HashSet<(IocKind, String)> = HashSet::new();
        for actor in &finding.network_actors {
            let Some((address, kind)) = actor.ip_address.as_deref().and_then(parse_address) else {
                continue;
            };
            let entry = self.entry(&mut seen, kind, address, finding);
            entry.countries.extend(country_label(actor));
            entry
                .networks
                .extend(network_key(actor).map(|(_, label)| label));
            entry.threat_lists.extend(finding_lists.iter().cloned());
        }
        for domain in finding.domains.iter().filter_map(|d| normalised_domain(d)) {
            let entry = self.entry(&mut seen, IocKind::Domain, domain, finding);
            entry.threat_lists.extend(finding_lists.iter().cloned());
        }
        for intel in &finding.threat_intel {
            for name in &intel.threat_names {
                let Some(name) = non_empty(Some(name)) else {
                    continue;
                };
                let entry = self.entry(&mut seen, IocKind::ThreatName, name, finding);
                entry
                    .threat_lists
                    .extend(non_empty(intel.list_name.as_deref()));
            }
        }
    }

    /// The evidence entry for `indicator`, counting `finding` the first time it names it.
    fn entry(
        &mut self,
        seen: &mut HashSet<(IocKind, String)>,
        kind: IocKind,
        indicator: String,
        finding: &Finding,
    ) -> &mut IndicatorEvidence {
        let first_time_in_finding = seen.insert((kind, indicator.clone()));
        let entry = self
            .by_kind
            .entry(kind)
            .or_default()
            .entry(indicator)
            .or_default();
        if first_time_in_finding {
            entry.add_finding(finding);
        }
        entry
    }

    pub fn merge(&mut self, other: IocEvidence) {
        for (kind, indicators) in other.by_kind {
            let kept = self.by_kind.entry(kind).or_default();
            for (indicator, evidence) in indicators {
                kept.entry(indicator).or_default().merge(evidence);
            }
        }
    }

    /// The ranked list: most severe first, then the highest score, most findings, indicator
    /// and kind.
    pub fn rows(self) -> Vec<IocRow> {
        let mut rows: Vec<IocRow> = self
            .by_kind
            .into_iter()
            .flat_map(|(kind, indicators)| {
                indicators
                    .into_iter()
                    .map(move |(indicator, e)| e.into_row(kind, indicator))
            })
            .collect();
        rows.sort_by(|a, b| {
            b.highest_severity
                .cmp(&a.highest_severity)
                .then_with(|| {
                    comparable(b.highest_severity_score)
                        .total_cmp(&comparable(a.highest_severity_score))
                })
                .then_with(|| b.finding_count.cmp(&a.finding_count))
                .then_with(|| a.indicator.cmp(&b.indicator))
                .then_with(|| a.kind.cmp(&b.kind))
        });
        rows
    }
}

/// The evidence behind one indicator, in plain fields so it travels between the store's
/// shards and the page (times in epoch milliseconds, the band as its index).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorEvidence {
    finding_count: u32,
    /// `SeverityBand::index` of the most severe finding.
    highest_band: usize,
    /// The highest severity score that is a number (`None`: none yet, or every one was NaN).
    highest_severity_score: Option<f64>,
    first_seen_ms: Option<i64>,
    last_seen_ms: Option<i64>,
    countries: BTreeSet<String>,
    networks: BTreeSet<String>,
    finding_types: BTreeMap<String, u32>,
    threat_lists: BTreeSet<String>,
}

impl IndicatorEvidence {
    fn add_finding(&mut self, finding: &Finding) {
        self.finding_count = self.finding_count.saturating_add(1);
        self.highest_band = self.highest_band.max(finding.severity.index());
        self.highest_severity_score =
            higher_score(self.highest_severity_score, Some(finding.severity_score));
        let first = TimeBasis::FirstSeen
            .time_of(finding)
            .or(TimeBasis::LastSeen.time_of(finding));
        let last = TimeBasis::LastSeen
            .time_of(finding)
            .or(TimeBasis::FirstSeen.time_of(finding));
        self.first_seen_ms = earliest(self.first_seen_ms, first.map(|t| t.0));
        self.last_seen_ms = self.last_seen_ms.max(last.map(|t| t.0));
        vote(
            &mut self.finding_types,
            non_empty(Some(&finding.finding_type.full)),
        );
    }

    fn merge(&mut self, other: IndicatorEvidence) {
        self.finding_count = self.finding_count.saturating_add(other.finding_count);
        self.highest_band = self.highest_band.max(other.highest_band);
        self.highest_severity_score =
            higher_score(self.highest_severity_score, other.highest_severity_score);
        self.first_seen_ms = earliest(self.first_seen_ms, other.first_seen_ms);
        self.last_seen_ms = self.last_seen_ms.max(other.last_seen_ms);
        self.countries.extend(other.countries);
        self.networks.extend(other.networks);
        for (name, n) in other.finding_types {
            let kept = self.finding_types.entry(name).or_insert(0);
            *kept = kept.saturating_add(n);
        }
        self.threat_lists.extend(other.threat_lists);
    }

    fn into_row(self, kind: IocKind, indicator: String) -> IocRow {
        let mut types: Vec<(String, u32)> = self.finding_types.into_iter().collect();
        types.sort_by(|(name_a, a), (name_b, b)| b.cmp(a).then_with(|| name_a.cmp(name_b)));
        let distinct_finding_type_count = types.len();
        IocRow {
            indicator,
            kind,
            finding_count: self.finding_count,
            highest_severity: SeverityBand::ALL
                .get(self.highest_band)
                .copied()
                .unwrap_or(SeverityBand::Low),
            highest_severity_score: self.highest_severity_score.unwrap_or(f64::NAN),
            first_seen_at: self.first_seen_ms.map(EpochMillis),
            last_seen_at: self.last_seen_ms.map(EpochMillis),
            countries: self.countries.into_iter().collect(),
            networks: self.networks.into_iter().collect(),
            finding_types: types
                .into_iter()
                .take(IOC_FINDING_TYPE_LIMIT)
                .map(|(name, _)| name)
                .collect(),
            distinct_finding_type_count,
            threat_lists: self.threat_lists.into_iter().collect(),
        }
    }
}

/// The higher of two scores, a NaN never hiding a number.
fn higher_score(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    let number = |score: Option<f64>| score.filter(|s| !s.is_nan());
    match (number(a), number(b)) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn earliest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A NaN score sorts below every real score.
fn comparable(score: f64) -> f64 {
    if score.is_nan() {
        f64::NEG_INFINITY
    } else {
        score
    }
}
