//! The straightforward actor ranking: string-keyed tallies per ranking, built from the
//! selected findings on every call. [`ActorColumns`](crate::analysis::actors) ranks the same
//! way from per-load columns, and is tested against this.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::analysis::actors::values::{
    asn_of, country_code, country_label, network_key, non_empty, organisation_of, parse_address,
    vote, winner,
};
use crate::analysis::actors::{ActorRow, ActorSummary, IpContext, Ranking};
use crate::analysis::domain::normalised_domain;
use crate::analysis::selection::Selection;
use crate::model::{Finding, NetworkActor, SeverityBand};

/// Ranks the remote actors of the selected findings; each list keeps its first `top_n` rows.
/// Indices outside `findings` are ignored, and so is a repeated index.
pub fn actor_summary(findings: &[Finding], selected: &[u32], top_n: usize) -> ActorSummary {
    let country_names = country_names_by_code(findings, selected);
    let mut countries = Tallies::default();
    let mut networks = Tallies::default();
    let mut ips = Tallies::default();
    let mut domains = Tallies::default();
    let mut user_agents = Tallies::default();
    for finding in Selection::within(findings, selected).findings(findings) {
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
        for domain in finding.domains.iter().filter_map(|d| normalised_domain(d)) {
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

/// For each country code, the name exports most often give it, so an actor with only a name
/// joins the row of its code.
fn country_names_by_code(findings: &[Finding], selected: &[u32]) -> HashMap<String, String> {
    let mut votes: HashMap<String, BTreeMap<String, u32>> = HashMap::new();
    for finding in Selection::within(findings, selected).findings(findings) {
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
