//! The indicator-of-compromise (IOC) list: every distinct remote IP, domain and threat name of
//! the selected findings, with the evidence behind it (for the CSV/STIX-style export).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::analysis::domain::normalised_domain;
use crate::analysis::period::TimeBasis;
use crate::analysis::selection::Selection;
use crate::model::{EpochMillis, Finding, SeverityBand};

use super::values::{country_label, network_key, non_empty, parse_address, vote};

/// How many finding types an IOC row lists (the most frequent ones).
pub const IOC_FINDING_TYPE_LIMIT: usize = 5;

/// What an indicator is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    let mut evidence: HashMap<(IocKind, String), Evidence> = HashMap::new();
    for finding in Selection::within(findings, selected).findings(findings) {
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
            let entry = evidence_for(&mut evidence, &mut seen, (kind, address), finding);
            entry.countries.extend(country_label(actor));
            entry
                .networks
                .extend(network_key(actor).map(|(_, label)| label));
            entry.threat_lists.extend(finding_lists.iter().cloned());
        }
        for domain in finding.domains.iter().filter_map(|d| normalised_domain(d)) {
            let entry = evidence_for(&mut evidence, &mut seen, (IocKind::Domain, domain), finding);
            entry.threat_lists.extend(finding_lists.iter().cloned());
        }
        for intel in &finding.threat_intel {
            for name in &intel.threat_names {
                let Some(name) = non_empty(Some(name)) else {
                    continue;
                };
                let entry = evidence_for(
                    &mut evidence,
                    &mut seen,
                    (IocKind::ThreatName, name),
                    finding,
                );
                entry
                    .threat_lists
                    .extend(non_empty(intel.list_name.as_deref()));
            }
        }
    }
    let mut rows: Vec<IocRow> = evidence
        .into_iter()
        .map(|((kind, indicator), e)| e.into_row(kind, indicator))
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

/// The evidence entry for `key`, counting `finding` the first time it names the key.
fn evidence_for<'a>(
    evidence: &'a mut HashMap<(IocKind, String), Evidence>,
    seen: &mut HashSet<(IocKind, String)>,
    key: (IocKind, String),
    finding: &Finding,
) -> &'a mut Evidence {
    let first_time_in_finding = seen.insert(key.clone());
    let entry = evidence.entry(key).or_default();
    if first_time_in_finding {
        entry.add_finding(finding);
    }
    entry
}

/// Running evidence for one indicator.
struct Evidence {
    finding_count: u32,
    highest_severity: SeverityBand,
    highest_severity_score: f64,
    first_seen_at: Option<EpochMillis>,
    last_seen_at: Option<EpochMillis>,
    countries: BTreeSet<String>,
    networks: BTreeSet<String>,
    finding_types: BTreeMap<String, u32>,
    threat_lists: BTreeSet<String>,
}

impl Default for Evidence {
    fn default() -> Self {
        Self {
            finding_count: 0,
            highest_severity: SeverityBand::Low,
            highest_severity_score: f64::NAN,
            first_seen_at: None,
            last_seen_at: None,
            countries: BTreeSet::new(),
            networks: BTreeSet::new(),
            finding_types: BTreeMap::new(),
            threat_lists: BTreeSet::new(),
        }
    }
}

impl Evidence {
    fn add_finding(&mut self, finding: &Finding) {
        self.finding_count = self.finding_count.saturating_add(1);
        self.highest_severity = self.highest_severity.max(finding.severity);
        // `f64::max` ignores a NaN operand, so a NaN score never hides a real one.
        self.highest_severity_score = self.highest_severity_score.max(finding.severity_score);
        let first = TimeBasis::FirstSeen
            .time_of(finding)
            .or(TimeBasis::LastSeen.time_of(finding));
        let last = TimeBasis::LastSeen
            .time_of(finding)
            .or(TimeBasis::FirstSeen.time_of(finding));
        self.first_seen_at = earliest(self.first_seen_at, first);
        self.last_seen_at = latest(self.last_seen_at, last);
        vote(
            &mut self.finding_types,
            non_empty(Some(&finding.finding_type.full)),
        );
    }

    fn into_row(self, kind: IocKind, indicator: String) -> IocRow {
        let mut types: Vec<(String, u32)> = self.finding_types.into_iter().collect();
        types.sort_by(|(name_a, a), (name_b, b)| b.cmp(a).then_with(|| name_a.cmp(name_b)));
        let distinct_finding_type_count = types.len();
        IocRow {
            indicator,
            kind,
            finding_count: self.finding_count,
            highest_severity: self.highest_severity,
            highest_severity_score: self.highest_severity_score,
            first_seen_at: self.first_seen_at,
            last_seen_at: self.last_seen_at,
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

fn earliest(a: Option<EpochMillis>, b: Option<EpochMillis>) -> Option<EpochMillis> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn latest(a: Option<EpochMillis>, b: Option<EpochMillis>) -> Option<EpochMillis> {
    a.max(b)
}

/// A NaN score sorts below every real score.
fn comparable(score: f64) -> f64 {
    if score.is_nan() {
        f64::NEG_INFINITY
    } else {
        score
    }
}
