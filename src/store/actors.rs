//! The actors view as a partial aggregate: each shard tallies the remote countries, networks,
//! IPs, domains and user agents of its selected findings, the tallies add up across shards,
//! and the page ranks the sum — exactly what `FindingIndex::actor_summary` gives over all the
//! findings at once.
//!
//! Every ranking but countries is keyed by a value a finding names on its own, so per-key
//! counts (each finding counted once per key), the most severe band and the votes for labels
//! and an IP's country, ASN and organisation simply add. Countries are not: an actor that gives
//! only a country name joins the row of the code whose most given name it is, and that vote is
//! over all the selected findings. So a shard sends the votes (code → name → mentions) and its
//! findings grouped by the set of countries each names (codes, or names without a code); the
//! page decides the names from the summed votes and only then counts each finding once per
//! country row.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use crate::analysis::actors::values::CountryRef;
use crate::analysis::actors::values::{
    asn_of, country_label, country_ref, country_row, names_by_code, network_key, organisation_of,
    parse_address, vote, winner,
};
use crate::analysis::actors::{ActorRow, ActorSummary, IpContext, Ranking};
use crate::analysis::domain::normalised_domain;
use crate::model::{NetworkActor, SeverityBand, Text};

/// One value of one ranking, as far as one shard's findings go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorTally {
    /// Findings naming the value (each counted once).
    pub finding_count: u32,
    /// The most severe band among them (`SeverityBand::index`).
    pub highest_band: u8,
    /// Each label the value was shown with, and how often (empty where the label is the value
    /// itself: IPs, domains, user agents).
    pub labels: BTreeMap<String, u32>,
    /// Remote IPs only: the country, ASN and organisation given with the address.
    pub countries: BTreeMap<String, u32>,
    pub asns: BTreeMap<String, u32>,
    pub organisations: BTreeMap<String, u32>,
}

impl ActorTally {
    fn merge(&mut self, other: ActorTally) {
        self.finding_count = self.finding_count.saturating_add(other.finding_count);
        self.highest_band = self.highest_band.max(other.highest_band);
        for (mine, theirs) in [
            (&mut self.labels, other.labels),
            (&mut self.countries, other.countries),
            (&mut self.asns, other.asns),
            (&mut self.organisations, other.organisations),
        ] {
            add_votes(mine, theirs);
        }
    }
}

/// Findings naming exactly this set of countries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountrySet {
    pub countries: Vec<CountryRef>,
    pub finding_count: u32,
    pub highest_band: u8,
}

/// One shard's tallies for the actors view; [`ActorsPartial::merge`] adds another shard's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorsPartial {
    /// Code → the names actors gave with it → how often.
    pub country_names: BTreeMap<String, BTreeMap<String, u32>>,
    /// Sorted by `countries`, each set once.
    pub country_sets: Vec<CountrySet>,
    pub networks: BTreeMap<String, ActorTally>,
    pub remote_ips: BTreeMap<String, ActorTally>,
    pub domains: BTreeMap<String, ActorTally>,
    pub user_agents: BTreeMap<String, ActorTally>,
}

/// Values of the current finding already counted, one set per ranking.
#[derive(Default)]
struct SeenInFinding {
    networks: BTreeSet<String>,
    ips: BTreeSet<String>,
    domains: BTreeSet<String>,
    user_agents: BTreeSet<String>,
}

impl ActorsPartial {
    /// Counts one selected finding of severity `band` from its actors, domains and user agents.
    pub fn add_finding(
        &mut self,
        band: SeverityBand,
        actors: &[NetworkActor],
        domains: &[Text],
        user_agents: &[Text],
    ) {
        let band = u8::try_from(band.index()).unwrap_or(0);
        let mut seen = SeenInFinding::default();
        let mut countries = BTreeSet::new();
        for actor in actors {
            if let Some(country) = country_ref(actor, &mut self.country_names) {
                countries.insert(country);
            }
            if let Some((key, label)) = network_key(actor) {
                tally(
                    &mut self.networks,
                    &mut seen.networks,
                    key,
                    Some(label),
                    band,
                );
            }
            if let Some((address, _)) = actor.ip_address.as_deref().and_then(parse_address) {
                let ip = tally(&mut self.remote_ips, &mut seen.ips, address, None, band);
                vote(&mut ip.countries, country_label(actor));
                vote(&mut ip.asns, asn_of(actor));
                vote(&mut ip.organisations, organisation_of(actor));
            }
        }
        if !countries.is_empty() {
            self.add_country_set(CountrySet {
                countries: countries.into_iter().collect(),
                finding_count: 1,
                highest_band: band,
            });
        }
        for domain in domains.iter().filter_map(|d| normalised_domain(d)) {
            tally(&mut self.domains, &mut seen.domains, domain, None, band);
        }
        for agent in user_agents {
            let agent = agent.trim();
            if !agent.is_empty() {
                let agent = agent.to_owned();
                tally(
                    &mut self.user_agents,
                    &mut seen.user_agents,
                    agent,
                    None,
                    band,
                );
            }
        }
    }

    fn add_country_set(&mut self, set: CountrySet) {
        match self
            .country_sets
            .binary_search_by(|kept| kept.countries.cmp(&set.countries))
        {
            Ok(at) => {
                let kept = &mut self.country_sets[at];
                kept.finding_count = kept.finding_count.saturating_add(set.finding_count);
                kept.highest_band = kept.highest_band.max(set.highest_band);
            }
            Err(at) => self.country_sets.insert(at, set),
        }
    }

    pub fn merge(&mut self, other: ActorsPartial) {
        for (code, names) in other.country_names {
            add_votes(self.country_names.entry(code).or_default(), names);
        }
        for set in other.country_sets {
            self.add_country_set(set);
        }
        for (mine, theirs) in [
            (&mut self.networks, other.networks),
            (&mut self.remote_ips, other.remote_ips),
            (&mut self.domains, other.domains),
            (&mut self.user_agents, other.user_agents),
        ] {
            for (key, tally) in theirs {
                mine.entry(key).or_default().merge(tally);
            }
        }
    }

    /// The ranked summary, each list cut to `top_n` rows.
    pub fn finish(self, top_n: usize) -> ActorSummary {
        ActorSummary {
            countries: self.countries(top_n),
            networks: rank(self.networks, top_n, false),
            remote_ips: rank(self.remote_ips, top_n, true),
            domains: rank(self.domains, top_n, false),
            user_agents: rank(self.user_agents, top_n, false),
        }
    }

    /// Country rows: each code named by its most given name; a name given without a code joins
    /// the (alphabetically first) code whose name it is, else stands on its own.
    fn countries(&self, top_n: usize) -> Ranking {
        let names_by_code = names_by_code(&self.country_names);
        let row_of = |country: &CountryRef| country_row(&names_by_code, country);
        let mut rows: BTreeMap<String, ActorRow> = BTreeMap::new();
        for set in &self.country_sets {
            let keys: BTreeMap<String, String> = set.countries.iter().map(row_of).collect();
            for (key, label) in keys {
                let row = rows.entry(key).or_insert_with(|| ActorRow {
                    label,
                    finding_count: 0,
                    highest_severity: band_of(set.highest_band),
                    ip_context: None,
                });
                row.finding_count = row.finding_count.saturating_add(set.finding_count);
                row.highest_severity = row.highest_severity.max(band_of(set.highest_band));
            }
        }
        let distinct_count = rows.len();
        Ranking::from_keyed(rows.into_iter().collect(), top_n, distinct_count)
    }
}

/// Counts `key` for the current finding: the finding count rises only the first time the
/// finding names it; every mention votes for its `label` (`None`: shown as the key itself).
fn tally<'a>(
    tallies: &'a mut BTreeMap<String, ActorTally>,
    seen: &mut BTreeSet<String>,
    key: String,
    label: Option<String>,
    band: u8,
) -> &'a mut ActorTally {
    let first_time_in_finding = seen.insert(key.clone());
    let entry = tallies.entry(key).or_default();
    if first_time_in_finding {
        entry.finding_count = entry.finding_count.saturating_add(1);
        entry.highest_band = entry.highest_band.max(band);
    }
    vote(&mut entry.labels, label);
    entry
}

fn add_votes(into: &mut BTreeMap<String, u32>, votes: BTreeMap<String, u32>) {
    for (value, n) in votes {
        let kept = into.entry(value).or_insert(0);
        *kept = kept.saturating_add(n);
    }
}

fn band_of(index: u8) -> SeverityBand {
    SeverityBand::ALL
        .get(usize::from(index))
        .copied()
        .unwrap_or(SeverityBand::Low)
}

fn rank(tallies: BTreeMap<String, ActorTally>, top_n: usize, with_ip_context: bool) -> Ranking {
    let distinct_count = tallies.len();
    let rows = tallies
        .into_iter()
        .map(|(key, tally)| {
            let row = ActorRow {
                label: winner(&tally.labels).unwrap_or_else(|| key.clone()),
                finding_count: tally.finding_count,
                highest_severity: band_of(tally.highest_band),
                ip_context: with_ip_context.then(|| IpContext {
                    country: winner(&tally.countries),
                    asn: winner(&tally.asns),
                    organisation: winner(&tally.organisations),
                }),
            };
            (key, row)
        })
        .collect();
    Ranking::from_keyed(rows, top_n, distinct_count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::reference::actor_summary;
    use crate::model::{Dialect, Finding, FindingType};

    fn finding(severity: f64, actors: &[(&str, &str, &str)]) -> Finding {
        let kind = FindingType::parse("Recon:EC2/PortProbeUnprotectedPort", &mut |s: &str| {
            Text::from(s)
        });
        let mut finding = Finding::new("x".into(), kind, severity, Dialect::CamelCase);
        let text = |s: &str| (!s.is_empty()).then(|| Text::from(s));
        finding.network_actors = actors
            .iter()
            .map(|&(ip, code, name)| NetworkActor {
                ip_address: text(ip),
                country_code: text(code),
                country_name: text(name),
                ..NetworkActor::default()
            })
            .collect();
        finding
    }

    /// Each finding counted in its own partial (its own shard), the partials merged.
    fn merged(findings: &[Finding]) -> ActorSummary {
        let mut total = ActorsPartial::default();
        for finding in findings {
            let mut shard = ActorsPartial::default();
            shard.add_finding(
                finding.severity,
                &finding.network_actors,
                &finding.domains,
                &finding.user_agents,
            );
            total.merge(shard);
        }
        total.finish(10)
    }

    #[test]
    fn a_country_name_given_without_its_code_joins_the_code_voted_on_another_shard() {
        let findings = [
            finding(8.0, &[("198.51.100.7", "ru", "Russia")]),
            finding(2.0, &[("198.51.100.8", "", "Russia")]),
            finding(5.0, &[("203.0.113.9", "", "Atlantis")]),
        ];
        let summary = merged(&findings);
        let rows: Vec<(&str, u32, SeverityBand)> = summary
            .countries
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.finding_count, r.highest_severity))
            .collect();
        assert_eq!(
            rows,
            [
                ("Russia (RU)", 2, SeverityBand::High),
                ("Atlantis", 1, SeverityBand::Medium)
            ]
        );
        assert_eq!(summary, actor_summary(&findings, &[0, 1, 2], 10));
    }

    #[test]
    fn a_finding_naming_one_country_by_code_and_by_name_counts_once() {
        let findings = [
            finding(
                9.5,
                &[
                    ("198.51.100.7", "RU", "Russia"),
                    ("198.51.100.8", "", "Russia"),
                ],
            ),
            finding(1.0, &[("198.51.100.7", "RU", "Russian Federation")]),
            finding(1.0, &[("198.51.100.9", "RU", "Russia")]),
        ];
        let summary = merged(&findings);
        assert_eq!(summary.countries.rows.len(), 1);
        assert_eq!(summary.countries.rows[0].finding_count, 3);
        assert_eq!(
            summary.remote_ips.rows[0]
                .ip_context
                .as_ref()
                .and_then(|c| c.country.clone()),
            Some("Russia (RU)".to_owned()),
            "the most given country of an address wins across shards"
        );
        assert_eq!(summary, actor_summary(&findings, &[0, 1, 2], 10));
    }

    #[test]
    fn partials_merge_the_same_in_any_grouping() {
        let findings = [
            finding(9.5, &[("198.51.100.7", "RU", "Russia")]),
            finding(
                4.0,
                &[("2001:db8::1", "", "Russia"), ("198.51.100.7", "", "")],
            ),
            finding(7.5, &[("203.0.113.9", "CN", "China")]),
        ];
        let partial_of = |finding: &Finding| {
            let mut partial = ActorsPartial::default();
            partial.add_finding(finding.severity, &finding.network_actors, &[], &[]);
            partial
        };
        let [a, b, c] = [0, 1, 2].map(|i| partial_of(&findings[i]));
        let mut left = a.clone();
        left.merge(b.clone());
        left.merge(c.clone());
        let mut right = c;
        let mut ab = b;
        ab.merge(a);
        right.merge(ab);
        assert_eq!(left, right);
    }
}
