//! The production actor ranking: every finding's remote-actor values normalised once per load
//! into interned columns, so [`ActorColumns::summary`] ranks a selection by counting ids.
//! It answers exactly as the straightforward
//! [`actor_summary`](crate::analysis::reference::actor_summary) (`tests/analysis_index.rs`).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::analysis::columns::{InternedStrings, PerFindingLists};
use crate::analysis::domain::domain_key;
use crate::analysis::selection::Selection;
use crate::model::{Finding, SeverityBand};

use super::values::{
    asn_of, country_code, country_label, network_key, non_empty, organisation_of, parse_address,
};
use super::{ActorRow, ActorSummary, IpContext, Ranking};

/// The addresses of the fields of a [`NetworkActor`] an [`ActorFact`] is made from (null for
/// none): address, country code and name, ASN, AS organisation, organisation, ISP.
type ActorKey = [*const u8; 7];

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

    /// [`actor_summary`] over the findings these columns were built from: the same rankings.
    pub(crate) fn summary(
        &self,
        findings: &[Finding],
        selected: &[u32],
        top_n: usize,
    ) -> ActorSummary {
        let members = Selection::within(findings, selected).into_indices();
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
