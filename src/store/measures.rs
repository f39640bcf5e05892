//! What the briefing's indicators and the key risk indicators count of one selection,
//! gathered per shard and merged in any order: counts add, accounts are distinct ids, the ages
//! are kept whole for the median, and the remote actors are distinct keys as the actors card
//! counts them (addresses parsed, domains normalised).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::analysis::actors::values::parse_address;
use crate::analysis::briefing::{median_age_days, Measures};
use crate::analysis::domain::normalised_domain;
use crate::model::{EpochMillis, NetworkActor, Text};

/// One shard's part of a selection's measures (its active findings: archived ones are left
/// out, as the briefing leaves them out).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasuresPartial {
    pub active: u64,
    pub critical_high_active: u64,
    /// At High or Very High NIST risk under the request's risk context.
    pub high_risk_active: u64,
    pub credential_active: u64,
    /// Extended Threat Detection findings (`AttackSequence:*`).
    pub attack_sequences: u64,
    /// Trimmed account ids named by active findings …
    pub accounts: BTreeSet<String>,
    /// … and by active High or Critical ones.
    pub accounts_high_plus: BTreeSet<String>,
    /// First activity (ms) of every active High or Critical finding that has one.
    pub high_first_activity_ms: Vec<i64>,
    /// The remote IP addresses and the domains of the active findings, by the actors card's
    /// keys.
    pub remote_ips: BTreeSet<String>,
    pub domains: BTreeSet<String>,
}

/// A selection's measures, finished.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SelectionMeasures {
    /// What the briefing's indicators read ([`crate::analysis::briefing::selection_measures`]).
    pub measures: Measures,
    pub attack_sequences: u64,
    pub accounts_high_plus: u64,
}

impl MeasuresPartial {
    /// Adds one active finding's remote actors.
    pub fn add_actors(&mut self, actors: &[NetworkActor], domains: &[Text]) {
        for actor in actors {
            if let Some((address, _)) = actor.ip_address.as_deref().and_then(parse_address) {
                self.remote_ips.insert(address);
            }
        }
        self.domains
            .extend(domains.iter().filter_map(|d| normalised_domain(d)));
    }

    pub fn merge(&mut self, other: MeasuresPartial) {
        self.active += other.active;
        self.critical_high_active += other.critical_high_active;
        self.high_risk_active += other.high_risk_active;
        self.credential_active += other.credential_active;
        self.attack_sequences += other.attack_sequences;
        self.accounts.extend(other.accounts);
        self.accounts_high_plus.extend(other.accounts_high_plus);
        // Sorted, so merging in any order gives the same partial.
        self.high_first_activity_ms
            .extend(other.high_first_activity_ms);
        self.high_first_activity_ms.sort_unstable();
        self.remote_ips.extend(other.remote_ips);
        self.domains.extend(other.domains);
    }

    /// The measures with ages counted to `now` (the assessment time the request named).
    pub fn finish(self, now: EpochMillis) -> SelectionMeasures {
        let measures = Measures {
            active: self.active,
            critical_high_active: self.critical_high_active,
            high_risk_active: self.high_risk_active,
            credential_active: self.credential_active,
            accounts_affected: self.accounts.len() as u64,
            remote_actors: (self.remote_ips.len() + self.domains.len()) as u64,
            median_age_high_days: median_age_days(
                self.high_first_activity_ms.into_iter().map(EpochMillis),
                now,
            ),
        };
        SelectionMeasures {
            measures,
            attack_sequences: self.attack_sequences,
            accounts_high_plus: self.accounts_high_plus.len() as u64,
        }
    }
}
