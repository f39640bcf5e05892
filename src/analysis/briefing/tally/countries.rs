//! The distinct countries a group of findings had outside contact from, as a tally that adds
//! up across shards: the same rows the actors view ranks (`store::ActorsPartial`), counted only.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::analysis::actors::values::{country_ref, country_row, names_by_code, CountryRef};
use crate::model::NetworkActor;

/// The countries named and the names given with each code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryTally {
    /// Code → the names actors gave with it → how often.
    pub names: BTreeMap<String, BTreeMap<String, u32>>,
    pub named: BTreeSet<CountryRef>,
}

impl CountryTally {
    /// Counts one finding's actors.
    pub fn add(&mut self, actors: &[NetworkActor]) {
        for actor in actors {
            if let Some(country) = country_ref(actor, &mut self.names) {
                self.named.insert(country);
            }
        }
    }

    pub fn merge(&mut self, other: CountryTally) {
        for (code, names) in other.names {
            let mine = self.names.entry(code).or_default();
            for (name, n) in names {
                let kept = mine.entry(name).or_insert(0);
                *kept = kept.saturating_add(n);
            }
        }
        self.named.extend(other.named);
    }

    /// The distinct country rows (as the actors view would count them).
    pub fn distinct(&self) -> u64 {
        let names_by_code = names_by_code(&self.names);
        let keys: BTreeSet<String> = self
            .named
            .iter()
            .map(|country| country_row(&names_by_code, country).0)
            .collect();
        keys.len() as u64
    }
}
