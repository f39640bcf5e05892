//! Who was on the other end: ranked remote countries, networks, IPs, domains and user agents,
//! and the indicator-of-compromise (IOC) list built from the same evidence.
//!
//! Everything is counted per finding: a finding naming three port-probe IPs counts once for
//! each IP, but an IP (or country, network, domain …) named twice in one finding counts once.
//! Values are normalised before they are compared, so spelling differences do not split a row:
//! IP addresses are parsed and printed canonically, domains are lower-cased without a trailing
//! dot, country codes are upper-cased, ASNs lose any `AS` prefix. Empty values are skipped,
//! never counted as an actor.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::model::{EpochMillis, Finding, NetworkActor, SeverityBand};

use super::columns::{InternedStrings, PerFindingLists};
use super::period::TimeBasis;

/// How many finding types an IOC row lists (the most frequent ones).
pub const IOC_FINDING_TYPE_LIMIT: usize = 5;

/// One ranked value: a country, a network, a remote IP, a domain or a user agent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorRow {
    /// What the row is about, ready to show (`Russia (RU)`, `AS14061 DigitalOcean, LLC`,
    /// `198.51.100.7`, `evil.example`).
    pub label: String,
    /// Selected findings naming the value (each finding counted once).
    pub finding_count: u32,
    /// The most severe band among those findings.
    pub highest_severity: SeverityBand,
    /// Where the address sits; present on remote-IP rows only.
    pub ip_context: Option<IpContext>,
}

/// Geography and network of a remote IP. When findings disagree (GeoIP data changes over
/// time) the value given most often wins, ties going to the alphabetically first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IpContext {
    /// `Russia (RU)`, or whichever of name and code the export had.
    pub country: Option<String>,
    /// `AS14061`.
    pub asn: Option<String>,
    /// The AS organisation, else the organisation, else the ISP.
    pub organisation: Option<String>,
}

/// The first rows of one ranking, and how many distinct values there were in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ranking {
    /// Most findings first; ties in label order.
    pub rows: Vec<ActorRow>,
    /// Distinct values before the list was cut to `top_n` ("top 10 of 143").
    pub distinct_count: usize,
}

impl Ranking {
    /// Orders rows by finding count (most first), then label, then their key, and keeps the top.
    fn from_keyed<K: Ord>(
        mut rows: Vec<(K, ActorRow)>,
        top_n: usize,
        distinct_count: usize,
    ) -> Self {
        rows.sort_by(|(key_a, a), (key_b, b)| {
            b.finding_count
                .cmp(&a.finding_count)
                .then_with(|| a.label.cmp(&b.label))
                .then_with(|| key_a.cmp(key_b))
        });
        rows.truncate(top_n);
        Self {
            rows: rows.into_iter().map(|(_, row)| row).collect(),
            distinct_count,
        }
    }
}

/// The remote side of the selected findings, ranked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorSummary {
    pub countries: Ranking,
    /// Autonomous systems (`AS14061 DigitalOcean, LLC`), or organisations when the export has
    /// no ASN.
    pub networks: Ranking,
    pub remote_ips: Ranking,
    pub domains: Ranking,
    pub user_agents: Ranking,
}

/// Ranks the remote actors of the selected findings; each list keeps its first `top_n` rows.
/// Indices outside `findings` are ignored, and so is a repeated index.
pub fn actor_summary(findings: &[Finding], selected: &[u32], top_n: usize) -> ActorSummary {
    let country_names = country_names_by_code(findings, selected);
    let mut countries = Tallies::default();
    let mut networks = Tallies::default();
    let mut ips = Tallies::default();
    let mut domains = Tallies::default();
    let mut user_agents = Tallies::default();
    for finding in each_selected(findings, selected) {
        let band = finding.severity;
        let mut seen = Seen::default();
        for actor in &finding.network_actors {
            if let Some((key, label)) = country_key(actor, &country_names) {
                countries.add(&mut seen.countries, key, label, band);
            }
            if let Some((key, label)) = network_key(actor) {
                networks.add(&mut seen.networks, key, label, band);
            }
            if let Some((address, _)) = actor.ip_address.as_deref().and_then(parse_address) {
                let tally = ips.add(&mut seen.ips, address.clone(), address, band);
                vote(&mut tally.countries, country_label(actor));
                vote(&mut tally.asns, asn_of(actor));
                vote(&mut tally.organisations, organisation_of(actor));
            }
        }
        for domain in finding.domains.iter().filter_map(|d| normalise_domain(d)) {
            domains.add(&mut seen.domains, domain.clone(), domain, band);
        }
        for agent in &finding.user_agents {
            let agent = agent.trim();
            if !agent.is_empty() {
                user_agents.add(
                    &mut seen.user_agents,
                    agent.to_owned(),
                    agent.to_owned(),
                    band,
                );
            }
        }
    }
    ActorSummary {
        countries: countries.rank(top_n, false),
        networks: networks.rank(top_n, false),
        remote_ips: ips.rank(top_n, true),
        domains: domains.rank(top_n, false),
        user_agents: user_agents.rank(top_n, false),
    }
}

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
    for finding in each_selected(findings, selected) {
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
        for domain in finding.domains.iter().filter_map(|d| normalise_domain(d)) {
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

/// The selected findings, each index at most once, out-of-range indices skipped.
fn each_selected<'a>(
    findings: &'a [Finding],
    selected: &'a [u32],
) -> impl Iterator<Item = &'a Finding> + 'a {
    let mut visited: HashSet<u32> = HashSet::new();
    selected
        .iter()
        .filter(move |&&i| visited.insert(i))
        .filter_map(|&i| findings.get(i as usize))
}

/// Values already counted for the current finding, one set per ranking.
#[derive(Default)]
struct Seen {
    countries: HashSet<String>,
    networks: HashSet<String>,
    ips: HashSet<String>,
    domains: HashSet<String>,
    user_agents: HashSet<String>,
}

/// Running counts for one value of a ranking.
struct Tally {
    finding_count: u32,
    highest_severity: SeverityBand,
    labels: BTreeMap<String, u32>,
    countries: BTreeMap<String, u32>,
    asns: BTreeMap<String, u32>,
    organisations: BTreeMap<String, u32>,
}

#[derive(Default)]
struct Tallies(HashMap<String, Tally>);

impl Tallies {
    /// Records `key` (shown as `label`) for the current finding; the count rises only the
    /// first time the finding names the key.
    fn add(
        &mut self,
        seen: &mut HashSet<String>,
        key: String,
        label: String,
        band: SeverityBand,
    ) -> &mut Tally {
        let first_time_in_finding = seen.insert(key.clone());
        let tally = self.0.entry(key).or_insert_with(|| Tally {
            finding_count: 0,
            highest_severity: band,
            labels: BTreeMap::new(),
            countries: BTreeMap::new(),
            asns: BTreeMap::new(),
            organisations: BTreeMap::new(),
        });
        if first_time_in_finding {
            tally.finding_count = tally.finding_count.saturating_add(1);
            tally.highest_severity = tally.highest_severity.max(band);
        }
        vote(&mut tally.labels, Some(label));
        tally
    }

    fn rank(self, top_n: usize, with_ip_context: bool) -> Ranking {
        let distinct_count = self.0.len();
        let rows: Vec<(String, ActorRow)> = self
            .0
            .into_iter()
            .map(|(key, tally)| {
                let ip_context = with_ip_context.then(|| IpContext {
                    country: winner(&tally.countries),
                    asn: winner(&tally.asns),
                    organisation: winner(&tally.organisations),
                });
                let row = ActorRow {
                    label: winner(&tally.labels).unwrap_or_else(|| key.clone()),
                    finding_count: tally.finding_count,
                    highest_severity: tally.highest_severity,
                    ip_context,
                };
                (key, row)
            })
            .collect();
        Ranking::from_keyed(rows, top_n, distinct_count)
    }
}

fn vote(votes: &mut BTreeMap<String, u32>, value: Option<String>) {
    if let Some(value) = value {
        let n = votes.entry(value).or_insert(0);
        *n = n.saturating_add(1);
    }
}

/// The value with the most votes; ties go to the alphabetically first.
fn winner(votes: &BTreeMap<String, u32>) -> Option<String> {
    let mut best: Option<(&String, u32)> = None;
    for (value, &n) in votes {
        if best.is_none_or(|(_, most)| n > most) {
            best = Some((value, n));
        }
    }
    best.map(|(value, _)| value.clone())
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

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Canonical address text and its kind; `None` for empty text. Text that is not an IP is
/// kept as exported (trimmed) and marked [`IocKind::OtherAddress`].
fn parse_address(text: &str) -> Option<(String, IocKind)> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(match text.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => (v4.to_string(), IocKind::Ipv4),
        Ok(IpAddr::V6(v6)) => (v6.to_string(), IocKind::Ipv6),
        Err(_) => (text.to_owned(), IocKind::OtherAddress),
    })
}

/// Lower case, without the root's trailing dot; `None` when nothing is left.
fn normalise_domain(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text.strip_suffix('.').unwrap_or(text).trim();
    (!text.is_empty()).then(|| text.to_lowercase())
}

/// [`normalise_domain`] without allocating when the text is already lower-case ASCII.
fn domain_key(text: &str) -> Option<Cow<'_, str>> {
    let trimmed = text.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed).trim();
    if trimmed.is_empty() {
        None
    } else if trimmed
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Some(Cow::Borrowed(trimmed))
    } else {
        normalise_domain(text).map(Cow::Owned)
    }
}

/// The addresses of the fields of a [`NetworkActor`] an [`ActorFact`] is made from (null for
/// none): address, country code and name, ASN, AS organisation, organisation, ISP.
type ActorKey = [*const u8; 7];

fn country_code(actor: &NetworkActor) -> Option<String> {
    non_empty(actor.country_code.as_deref()).map(|c| c.to_uppercase())
}

/// `Russia (RU)`, `Russia` or `RU`, depending on what the export had.
fn country_label(actor: &NetworkActor) -> Option<String> {
    match (
        non_empty(actor.country_name.as_deref()),
        country_code(actor),
    ) {
        (Some(name), Some(code)) => Some(format!("{name} ({code})")),
        (name, code) => name.or(code),
    }
}

/// For each country code, the name exports most often give it, so an actor with only a name
/// joins the row of its code.
fn country_names_by_code(findings: &[Finding], selected: &[u32]) -> HashMap<String, String> {
    let mut votes: HashMap<String, BTreeMap<String, u32>> = HashMap::new();
    for finding in each_selected(findings, selected) {
        for actor in &finding.network_actors {
            if let (Some(name), Some(code)) = (
                non_empty(actor.country_name.as_deref()),
                country_code(actor),
            ) {
                vote(votes.entry(code).or_default(), Some(name));
            }
        }
    }
    votes
        .into_iter()
        .filter_map(|(code, names)| winner(&names).map(|name| (code, name)))
        .collect()
}

/// The ranking key (the country code when known) and the label of an actor's country.
fn country_key(
    actor: &NetworkActor,
    names_by_code: &HashMap<String, String>,
) -> Option<(String, String)> {
    if let Some(code) = country_code(actor) {
        let label = match names_by_code.get(&code) {
            Some(name) => format!("{name} ({code})"),
            None => code.clone(),
        };
        return Some((code, label));
    }
    let name = non_empty(actor.country_name.as_deref())?;
    let code = names_by_code
        .iter()
        .filter(|(_, known)| **known == name)
        .map(|(code, _)| code)
        .min();
    Some(match code {
        Some(code) => (code.clone(), format!("{name} ({code})")),
        None => (format!("name:{name}"), name),
    })
}

/// The AS number as `AS14061`, whether the export wrote `14061`, `AS14061` or `as 14061`;
/// text that is not a number is kept as exported.
fn asn_of(actor: &NetworkActor) -> Option<String> {
    let asn = non_empty(actor.asn.as_deref())?;
    let digits = asn
        .get(..2)
        .filter(|prefix| prefix.eq_ignore_ascii_case("AS"))
        .and_then(|_| asn.get(2..))
        .unwrap_or(&asn)
        .trim();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Some(format!("AS{digits}"))
    } else {
        Some(asn)
    }
}

fn organisation_of(actor: &NetworkActor) -> Option<String> {
    non_empty(actor.asn_org.as_deref())
        .or_else(|| non_empty(actor.org.as_deref()))
        .or_else(|| non_empty(actor.isp.as_deref()))
}

/// The ranking key (the ASN when known, else the organisation) and label of a network.
fn network_key(actor: &NetworkActor) -> Option<(String, String)> {
    match (asn_of(actor), organisation_of(actor)) {
        (Some(asn), Some(org)) => Some((format!("asn:{asn}"), format!("{asn} {org}"))),
        (Some(asn), None) => Some((format!("asn:{asn}"), asn)),
        (None, Some(org)) => Some((format!("org:{org}"), org)),
        (None, None) => None,
    }
}

/// One network actor, normalised once per load (ids into [`ActorColumns`] strings).
#[derive(Clone, Copy, Debug)]
struct ActorFact {
    /// Upper-cased country code.
    code: Option<u32>,
    /// Country name as exported (trimmed).
    name: Option<u32>,
    /// `name:{name}`: the ranking key of a country known only by a name no code claims.
    name_key: Option<u32>,
    /// `asn:AS…` or `org:…`, and the label for it.
    network: Option<(u32, u32)>,
    /// Canonical address text.
    ip: Option<u32>,
    /// The IP context votes: country label, ASN, organisation.
    country_label: Option<u32>,
    asn: Option<u32>,
    organisation: Option<u32>,
}

/// The remote-actor values of every finding, normalised once per load so that
/// [`ActorColumns::summary`] ranks a selection without parsing or allocating per finding.
#[derive(Clone, Debug, Default)]
pub(crate) struct ActorColumns {
    strings: InternedStrings,
    actors: PerFindingLists<ActorFact>,
    domains: PerFindingLists<u32>,
    user_agents: PerFindingLists<u32>,
}

impl ActorColumns {
    pub(crate) fn build(findings: &[Finding]) -> Self {
        let mut columns = Self::default();
        let strings = &mut columns.strings;
        // Each distinct actor once, keyed by the addresses of every field an `ActorFact` is
        // made from: ingest shares repeated text, and while the findings live one address is
        // one content (a miss only means computing the fact again).
        let mut facts: FxHashMap<ActorKey, ActorFact> = FxHashMap::default();
        for finding in findings {
            for actor in &finding.network_actors {
                let key = [
                    &actor.ip_address,
                    &actor.country_code,
                    &actor.country_name,
                    &actor.asn,
                    &actor.asn_org,
                    &actor.org,
                    &actor.isp,
                ]
                .map(|text| {
                    text.as_ref()
                        .map_or(std::ptr::null(), |t| Arc::as_ptr(t).cast::<u8>())
                });
                if let Some(&fact) = facts.get(&key) {
                    columns.actors.push(fact);
                    continue;
                }
                let code = country_code(actor);
                let name = non_empty(actor.country_name.as_deref());
                let fact = ActorFact {
                    code: code.as_deref().map(|c| strings.id(c)),
                    name_key: name.as_deref().map(|n| strings.id(&format!("name:{n}"))),
                    name: name.as_deref().map(|n| strings.id(n)),
                    network: network_key(actor).map(|(k, l)| (strings.id(&k), strings.id(&l))),
                    ip: actor
                        .ip_address
                        .as_deref()
                        .and_then(parse_address)
                        .map(|(a, _)| strings.id(&a)),
                    country_label: country_label(actor).map(|l| strings.id(&l)),
                    asn: asn_of(actor).map(|a| strings.id(&a)),
                    organisation: organisation_of(actor).map(|o| strings.id(&o)),
                };
                facts.insert(key, fact);
                columns.actors.push(fact);
            }
            columns.actors.close();
            for domain in finding.domains.iter().filter_map(|d| domain_key(d)) {
                columns.domains.push(strings.id(&domain));
            }
            columns.domains.close();
            for agent in &finding.user_agents {
                let agent = agent.trim();
                if !agent.is_empty() {
                    columns.user_agents.push(strings.id(agent));
                }
            }
            columns.user_agents.close();
        }
        columns.strings.seal();
        columns
    }

    /// For the members: each country code's most given name, and for each such name the
    /// alphabetically first code it names.
    fn country_names(&self, members: &[u32]) -> (FxHashMap<u32, u32>, FxHashMap<u32, u32>) {
        let text = |id: u32| self.strings.get(id);
        // For each country code, the name exports most often give it.
        let mut name_votes: FxHashMap<u32, Vec<(u32, u32)>> = FxHashMap::default();
        for &index in members {
            for actor in self.actors.of(index as usize) {
                if let (Some(code), Some(name)) = (actor.code, actor.name) {
                    vote_id(name_votes.entry(code).or_default(), name);
                }
            }
        }
        let names_by_code: FxHashMap<u32, u32> = name_votes
            .iter()
            .filter_map(|(&code, votes)| winner_id(votes, &text).map(|name| (code, name)))
            .collect();
        // A name without a code joins the alphabetically first code whose name it is.
        let mut code_by_name: FxHashMap<u32, u32> = FxHashMap::default();
        for (&code, &name) in &names_by_code {
            code_by_name
                .entry(name)
                .and_modify(|known| {
                    if text(code) < text(*known) {
                        *known = code;
                    }
                })
                .or_insert(code);
        }
        (names_by_code, code_by_name)
    }

    /// The ranking key of an actor's country, if it has one.
    fn country_of(actor: &ActorFact, code_by_name: &FxHashMap<u32, u32>) -> Option<u32> {
        match (actor.code, actor.name) {
            (Some(code), _) => Some(code),
            (None, Some(name)) => code_by_name.get(&name).copied().or(actor.name_key),
            (None, None) => None,
        }
    }

    /// `summary(findings, selected, _).countries.distinct_count`, without ranking anything.
    pub(crate) fn country_count(&self, findings: &[Finding], selected: &[u32]) -> usize {
        let members = distinct_in_range(selected, findings.len());
        let (_, code_by_name) = self.country_names(&members);
        let mut keys: Vec<u32> = members
            .iter()
            .flat_map(|&index| self.actors.of(index as usize))
            .filter_map(|actor| Self::country_of(actor, &code_by_name))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len()
    }

    /// [`actor_summary`] over the findings these columns were built from: the same rankings.
    pub(crate) fn summary(
        &self,
        findings: &[Finding],
        selected: &[u32],
        top_n: usize,
    ) -> ActorSummary {
        let members = distinct_in_range(selected, findings.len());
        let text = |id: u32| self.strings.get(id);
        let (names_by_code, code_by_name) = self.country_names(&members);
        let mut countries = IdTallies::default();
        let mut networks = IdTallies::default();
        let mut ips = IdTallies::default();
        let mut domains = IdTallies::default();
        let mut user_agents = IdTallies::default();
        let mut seen: [Vec<u32>; 5] = Default::default();
        for &index in &members {
            let Some(finding) = findings.get(index as usize) else {
                continue;
            };
            let band = finding.severity;
            seen.iter_mut().for_each(Vec::clear);
            for actor in self.actors.of(index as usize) {
                if let Some(key) = Self::country_of(actor, &code_by_name) {
                    countries.add(&mut seen[0], key, None, band);
                }
                if let Some((key, label)) = actor.network {
                    networks.add(&mut seen[1], key, Some(label), band);
                }
                if let Some(address) = actor.ip {
                    let tally = ips.add(&mut seen[2], address, None, band);
                    tally.context.extend(
                        actor
                            .country_label
                            .map(|c| (0, c))
                            .into_iter()
                            .chain(actor.asn.map(|a| (1, a)))
                            .chain(actor.organisation.map(|o| (2, o))),
                    );
                }
            }
            for &domain in self.domains.of(index as usize) {
                domains.add(&mut seen[3], domain, None, band);
            }
            for &agent in self.user_agents.of(index as usize) {
                user_agents.add(&mut seen[4], agent, None, band);
            }
        }
        // A country row is labelled `Name (CODE)` when the code has a name, else by its key.
        let country_label = |key: u32| -> String {
            match names_by_code.get(&key) {
                Some(&name) => format!("{} ({})", text(name), text(key)),
                None => {
                    let key_text = text(key);
                    key_text
                        .strip_prefix("name:")
                        .unwrap_or(key_text)
                        .to_owned()
                }
            }
        };
        ActorSummary {
            countries: countries.rank(top_n, &text, Some(&country_label), false),
            networks: networks.rank(top_n, &text, None, false),
            remote_ips: ips.rank(top_n, &text, None, true),
            domains: domains.rank(top_n, &text, None, false),
            user_agents: user_agents.rank(top_n, &text, None, false),
        }
    }
}

/// The selected indices below `len`, each once, ascending.
fn distinct_in_range(selected: &[u32], len: usize) -> Vec<u32> {
    let mut members: Vec<u32> = selected
        .iter()
        .copied()
        .filter(|&i| (i as usize) < len)
        .collect();
    members.sort_unstable();
    members.dedup();
    members
}

fn vote_id(votes: &mut Vec<(u32, u32)>, id: u32) {
    match votes.iter_mut().find(|(v, _)| *v == id) {
        Some((_, n)) => *n = n.saturating_add(1),
        None => votes.push((id, 1)),
    }
}

/// The id with the most votes; ties go to the alphabetically first text (as [`winner`]).
fn winner_id<'t>(votes: &[(u32, u32)], text: &impl Fn(u32) -> &'t str) -> Option<u32> {
    votes
        .iter()
        .copied()
        .max_by(|(a, na), (b, nb)| na.cmp(nb).then_with(|| text(*b).cmp(text(*a))))
        .map(|(id, _)| id)
}

/// Running counts for one value of a ranking, by id.
#[derive(Default)]
struct IdTally {
    finding_count: u32,
    highest_severity: Option<SeverityBand>,
    /// Label votes (networks only; other rankings are labelled by their key).
    labels: Vec<(u32, u32)>,
    /// IP context votes, tagged 0 country, 1 ASN, 2 organisation.
    context: Vec<(u8, u32)>,
}

#[derive(Default)]
struct IdTallies(FxHashMap<u32, IdTally>);

impl IdTallies {
    fn add(
        &mut self,
        seen: &mut Vec<u32>,
        key: u32,
        label: Option<u32>,
        band: SeverityBand,
    ) -> &mut IdTally {
        let first_time_in_finding = !seen.contains(&key);
        if first_time_in_finding {
            seen.push(key);
        }
        let tally = self.0.entry(key).or_default();
        if first_time_in_finding {
            tally.finding_count = tally.finding_count.saturating_add(1);
            tally.highest_severity = Some(tally.highest_severity.map_or(band, |b| b.max(band)));
        }
        if let Some(label) = label {
            vote_id(&mut tally.labels, label);
        }
        tally
    }

    fn rank<'t>(
        self,
        top_n: usize,
        text: &impl Fn(u32) -> &'t str,
        label_of_key: Option<&dyn Fn(u32) -> String>,
        with_ip_context: bool,
    ) -> Ranking {
        let distinct_count = self.0.len();
        let mut tallies: Vec<(u32, IdTally)> = self.0.into_iter().collect();
        // Only rows counting at least the `top_n`-th largest count can be shown: the others
        // have `top_n` rows ahead of them whatever their labels, so they are never labelled.
        if top_n == 0 {
            tallies.clear();
        } else if top_n < tallies.len() {
            let (_, nth, _) = tallies.select_nth_unstable_by(top_n - 1, |(_, a), (_, b)| {
                b.finding_count.cmp(&a.finding_count)
            });
            let threshold = nth.1.finding_count;
            tallies.retain(|(_, t)| t.finding_count >= threshold);
        }
        let rows: Vec<(&str, ActorRow)> = tallies
            .into_iter()
            .map(|(key, tally)| {
                let ip_context = with_ip_context.then(|| {
                    let pick = |tag: u8| {
                        let mut votes: Vec<(u32, u32)> = Vec::new();
                        for &(t, id) in &tally.context {
                            if t == tag {
                                vote_id(&mut votes, id);
                            }
                        }
                        winner_id(&votes, text).map(|id| text(id).to_owned())
                    };
                    IpContext {
                        country: pick(0),
                        asn: pick(1),
                        organisation: pick(2),
                    }
                });
                let label = match label_of_key {
                    Some(label_of_key) => label_of_key(key),
                    None => winner_id(&tally.labels, text)
                        .map_or_else(|| text(key).to_owned(), |id| text(id).to_owned()),
                };
                let row = ActorRow {
                    label,
                    finding_count: tally.finding_count,
                    highest_severity: tally.highest_severity.unwrap_or(SeverityBand::Low),
                    ip_context,
                };
                (text(key), row)
            })
            .collect();
        Ranking::from_keyed(rows, top_n, distinct_count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FindingType, Text, ThreatIntel};

    fn finding(kind: &str, severity: f64) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        Finding::new("x".into(), kind, severity, Dialect::CamelCase)
    }

    fn actor(ip: &str, code: &str, name: &str, asn: &str, org: &str) -> NetworkActor {
        let text = |s: &str| (!s.is_empty()).then(|| Text::from(s));
        NetworkActor {
            ip_address: text(ip),
            country_code: text(code),
            country_name: text(name),
            asn: text(asn),
            asn_org: text(org),
            ..NetworkActor::default()
        }
    }

    fn all(findings: &[Finding]) -> Vec<u32> {
        (0..findings.len() as u32).collect()
    }

    fn labels(ranking: &Ranking) -> Vec<(&str, u32)> {
        ranking
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.finding_count))
            .collect()
    }

    /// A port probe from three IPs (two in Russia, one twice), a second probe from one of them
    /// in China's network block, and a DNS finding with a domain.
    fn port_probes() -> Vec<Finding> {
        let mut probe = finding("Recon:EC2/PortProbeUnprotectedPort", 2.0);
        probe.network_actors = vec![
            actor("198.51.100.7", "RU", "Russia", "12345", "Bad Hosting"),
            actor("198.51.100.8", "RU", "Russia", "12345", "Bad Hosting"),
            actor("198.51.100.7", "RU", "Russia", "12345", "Bad Hosting"),
            actor("203.0.113.9", "CN", "China", "as 4134", "Chinanet"),
        ];
        let mut again = finding("Recon:EC2/PortProbeUnprotectedPort", 5.0);
        again.network_actors = vec![actor(
            "198.51.100.7",
            "RU",
            "Russia",
            "AS12345",
            "Bad Hosting",
        )];
        let mut dns = finding("Backdoor:EC2/C&CActivity.B!DNS", 8.0);
        dns.domains = vec!["Evil.Example.".into(), "evil.example".into()];
        dns.user_agents = vec!["curl/8.0".into(), " ".into()];
        vec![probe, again, dns]
    }

    #[test]
    fn each_finding_counts_once_per_ip_even_when_it_names_the_ip_twice() {
        let findings = port_probes();
        let summary = actor_summary(&findings, &all(&findings), 10);
        assert_eq!(
            labels(&summary.remote_ips),
            [("198.51.100.7", 2), ("198.51.100.8", 1), ("203.0.113.9", 1)]
        );
        assert_eq!(summary.remote_ips.distinct_count, 3);
        let top = &summary.remote_ips.rows[0];
        assert_eq!(top.highest_severity, SeverityBand::Medium);
        assert_eq!(
            top.ip_context,
            Some(IpContext {
                country: Some("Russia (RU)".into()),
                asn: Some("AS12345".into()),
                organisation: Some("Bad Hosting".into()),
            })
        );
    }

    #[test]
    fn countries_and_networks_count_findings_not_addresses() {
        let findings = port_probes();
        let summary = actor_summary(&findings, &all(&findings), 10);
        assert_eq!(
            labels(&summary.countries),
            [("Russia (RU)", 2), ("China (CN)", 1)]
        );
        // "12345" and "AS12345" are the same autonomous system; "as 4134" is AS4134.
        assert_eq!(
            labels(&summary.networks),
            [("AS12345 Bad Hosting", 2), ("AS4134 Chinanet", 1)]
        );
    }

    #[test]
    fn domains_are_compared_case_blind_and_blank_user_agents_are_skipped() {
        let findings = port_probes();
        let summary = actor_summary(&findings, &all(&findings), 10);
        assert_eq!(labels(&summary.domains), [("evil.example", 1)]);
        assert_eq!(summary.domains.rows[0].highest_severity, SeverityBand::High);
        assert_eq!(summary.domains.rows[0].ip_context, None);
        assert_eq!(labels(&summary.user_agents), [("curl/8.0", 1)]);
    }

    #[test]
    fn only_selected_findings_count_and_bad_or_repeated_indices_are_ignored() {
        let findings = port_probes();
        let summary = actor_summary(&findings, &[1, 1, 99, u32::MAX], 10);
        assert_eq!(labels(&summary.remote_ips), [("198.51.100.7", 1)]);
        assert!(summary.domains.rows.is_empty());
    }

    #[test]
    fn top_n_cuts_each_list_but_keeps_the_distinct_count() {
        let findings = port_probes();
        let summary = actor_summary(&findings, &all(&findings), 1);
        assert_eq!(labels(&summary.remote_ips), [("198.51.100.7", 2)]);
        assert_eq!(summary.remote_ips.distinct_count, 3);
        let none = actor_summary(&findings, &all(&findings), 0);
        assert!(none.countries.rows.is_empty());
        assert_eq!(none.countries.distinct_count, 2);
    }

    #[test]
    fn ties_are_broken_by_label() {
        let mut a = finding("Recon:EC2/Portscan", 2.0);
        a.domains = vec!["b.example".into()];
        let mut b = finding("Recon:EC2/Portscan", 2.0);
        b.domains = vec!["a.example".into()];
        let findings = vec![a, b];
        let summary = actor_summary(&findings, &[0, 1], 10);
        assert_eq!(
            labels(&summary.domains),
            [("a.example", 1), ("b.example", 1)]
        );
    }

    #[test]
    fn a_country_given_only_by_name_joins_the_row_of_its_code() {
        let mut a = finding("Recon:EC2/Portscan", 2.0);
        a.network_actors = vec![actor("192.0.2.1", "de", "Germany", "", "")];
        let mut b = finding("Recon:EC2/Portscan", 2.0);
        b.network_actors = vec![actor("192.0.2.2", "", "Germany", "", "")];
        let mut c = finding("Recon:EC2/Portscan", 2.0);
        c.network_actors = vec![actor("192.0.2.3", "", "Atlantis", "", "Sunken ISP")];
        let findings = vec![a, b, c];
        let summary = actor_summary(&findings, &all(&findings), 10);
        assert_eq!(
            labels(&summary.countries),
            [("Germany (DE)", 2), ("Atlantis", 1)]
        );
        assert_eq!(labels(&summary.networks), [("Sunken ISP", 1)]);
    }

    #[test]
    fn findings_without_remote_actors_give_empty_rankings() {
        let findings = vec![finding("Policy:S3/BucketPublicAccessGranted", 5.0)];
        assert_eq!(actor_summary(&findings, &[0], 10), ActorSummary::default());
        assert_eq!(actor_summary(&[], &[], 10), ActorSummary::default());
    }

    #[test]
    fn odd_actor_text_is_kept_without_panicking() {
        let long = "x".repeat(5_000);
        let odd = [
            "AS",
            "Ås",
            "é",
            "as12a",
            "::",
            "\u{202E}",
            "🦀",
            long.as_str(),
        ];
        let mut f = finding("Recon:EC2/Portscan", 2.0);
        for text in odd {
            f.network_actors.push(actor(text, text, text, text, text));
            f.domains.push(text.into());
            f.user_agents.push(text.into());
        }
        let findings = vec![f];
        let summary = actor_summary(&findings, &[0], 100);
        assert_eq!(summary.remote_ips.distinct_count, odd.len());
        assert_eq!(summary.networks.distinct_count, odd.len());
        let asns: Vec<Option<String>> = summary
            .remote_ips
            .rows
            .iter()
            .filter(|r| ["AS", "Ås", "as12a", "::"].contains(&r.label.as_str()))
            .map(|r| r.ip_context.as_ref().and_then(|c| c.asn.clone()))
            .collect();
        assert_eq!(
            asns,
            [
                Some("::".into()),
                Some("AS".into()),
                Some("as12a".into()),
                Some("Ås".into())
            ]
        );
        assert_eq!(ioc_rows(&findings, &[0]).len(), 2 * odd.len());
    }

    fn timed(kind: &str, severity: f64, first_ms: i64, last_ms: i64) -> Finding {
        let mut f = finding(kind, severity);
        f.first_seen_at = Some(EpochMillis(first_ms));
        f.last_seen_at = Some(EpochMillis(last_ms));
        f
    }

    #[test]
    fn ioc_rows_gather_the_evidence_of_every_finding_naming_the_indicator() {
        let mut a = timed("Recon:EC2/PortProbeUnprotectedPort", 2.0, 1_000, 2_000);
        a.network_actors = vec![
            actor("198.51.100.7", "RU", "Russia", "12345", "Bad Hosting"),
            actor("198.51.100.7", "RU", "Russia", "12345", "Bad Hosting"),
        ];
        let mut b = timed("UnauthorizedAccess:EC2/SSHBruteForce", 5.0, 500, 1_500);
        b.network_actors = vec![actor("198.51.100.7", "RU", "Russian Federation", "", "")];
        b.threat_intel = vec![ThreatIntel {
            list_name: Some("ProofPoint".into()),
            threat_names: vec![],
        }];
        let findings = vec![a, b];
        let rows = ioc_rows(&findings, &[0, 1]);
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row.indicator, "198.51.100.7");
        assert_eq!(row.kind, IocKind::Ipv4);
        assert_eq!(row.finding_count, 2);
        assert_eq!(row.highest_severity, SeverityBand::Medium);
        assert_eq!(row.highest_severity_score, 5.0);
        assert_eq!(row.first_seen_at, Some(EpochMillis(500)));
        assert_eq!(row.last_seen_at, Some(EpochMillis(2_000)));
        assert_eq!(row.countries, ["Russia (RU)", "Russian Federation (RU)"]);
        assert_eq!(row.networks, ["AS12345 Bad Hosting"]);
        assert_eq!(
            row.finding_types,
            [
                "Recon:EC2/PortProbeUnprotectedPort",
                "UnauthorizedAccess:EC2/SSHBruteForce"
            ]
        );
        assert_eq!(row.threat_lists, ["ProofPoint"]);
    }

    #[test]
    fn ioc_kinds_cover_both_ip_families_domains_threat_names_and_odd_addresses() {
        let mut f = finding("Trojan:EC2/DNSDataExfiltration", 8.0);
        f.network_actors = vec![
            actor("2001:DB8:0:0::1", "", "", "", ""),
            actor("not-an-ip", "", "", "", ""),
            actor("  ", "", "", "", ""),
        ];
        f.domains = vec!["Exfil.Example".into()];
        f.threat_intel = vec![ThreatIntel {
            list_name: Some("Amazon".into()),
            threat_names: vec!["Mirai".into(), "".into()],
        }];
        let rows = ioc_rows(&[f], &[0]);
        let kinds: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.indicator.as_str(), r.kind.slug()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("2001:db8::1", "ipv6"),
                ("Mirai", "threat-name"),
                ("exfil.example", "domain"),
                ("not-an-ip", "address"),
            ]
        );
        let mirai = rows.iter().find(|r| r.indicator == "Mirai");
        assert_eq!(
            mirai.map(|r| r.threat_lists.clone()),
            Some(vec!["Amazon".into()])
        );
    }

    #[test]
    fn ioc_rows_sort_by_severity_then_count_then_indicator() {
        let mut low_many_a = finding("Recon:EC2/Portscan", 2.0);
        low_many_a.domains = vec!["many.example".into(), "b.example".into()];
        let mut low_many_b = finding("Recon:EC2/Portscan", 2.0);
        low_many_b.domains = vec!["many.example".into(), "a.example".into()];
        let mut high = finding("Backdoor:EC2/C&CActivity.B!DNS", 8.5);
        high.domains = vec!["high.example".into()];
        let mut higher_score_same_band = finding("Backdoor:EC2/C&CActivity.B!DNS", 8.9);
        higher_score_same_band.domains = vec!["higher.example".into()];
        let findings = vec![low_many_a, low_many_b, high, higher_score_same_band];
        let order: Vec<String> = ioc_rows(&findings, &all(&findings))
            .into_iter()
            .map(|r| r.indicator)
            .collect();
        assert_eq!(
            order,
            [
                "higher.example",
                "high.example",
                "many.example",
                "a.example",
                "b.example"
            ]
        );
    }

    #[test]
    fn ioc_finding_types_keep_the_five_most_frequent() {
        let kinds = [
            "A:EC2/F1", "A:EC2/F2", "A:EC2/F3", "A:EC2/F4", "A:EC2/F5", "A:EC2/F6",
        ];
        let mut findings = Vec::new();
        for (i, kind) in kinds.iter().enumerate() {
            // F6 appears twice, so it leads; F5 is the one left off.
            for _ in 0..(if i == 5 { 2 } else { 1 }) {
                let mut f = finding(kind, 5.0);
                f.domains = vec!["shared.example".into()];
                findings.push(f);
            }
        }
        let rows = ioc_rows(&findings, &all(&findings));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].finding_count, 7);
        assert_eq!(
            rows[0].finding_types,
            ["A:EC2/F6", "A:EC2/F1", "A:EC2/F2", "A:EC2/F3", "A:EC2/F4"]
        );
        assert_eq!(rows[0].distinct_finding_type_count, 6);
    }

    #[test]
    fn ioc_times_fall_back_to_record_times_and_nan_scores_never_win() {
        let mut f = finding("Recon:EC2/Portscan", f64::NAN);
        f.created_at = Some(EpochMillis(10));
        f.updated_at = Some(EpochMillis(20));
        f.domains = vec!["x.example".into()];
        let mut g = finding("Recon:EC2/Portscan", 3.0);
        g.domains = vec!["x.example".into()];
        let rows = ioc_rows(&[f, g], &[0, 1]);
        assert_eq!(rows[0].first_seen_at, Some(EpochMillis(10)));
        assert_eq!(rows[0].last_seen_at, Some(EpochMillis(20)));
        assert_eq!(rows[0].highest_severity_score, 3.0);
    }
}
