//! Why: the likely attacker objectives.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::briefing::tally::{kind_at, ObjectiveTally};
use crate::analysis::briefing::words::Words;
use crate::analysis::briefing::Sentence;
use crate::analysis::vocabulary::{kind_noun, Objective};
use crate::model::ResourceKind;

use super::*;

pub(crate) fn why(scope: &Scope<'_>) -> Vec<Sentence> {
    let by_objective: BTreeMap<Objective, &ObjectiveTally> = scope
        .tally
        .objectives
        .iter()
        .filter_map(|(slot, tally)| Some((*Objective::ALL.get(*slot as usize)?, tally)))
        .collect();
    let order = ranked(by_objective.iter().map(|(o, t)| (*o, t.findings)));
    let mut sentences = Vec::new();
    for (objective, n) in order.into_iter().take(TOP) {
        let Some(tally) = by_objective.get(&objective) else {
            continue;
        };
        let kinds: BTreeSet<ResourceKind> = tally
            .resources
            .iter()
            .filter_map(|&at| scope.tally.resources.get(at as usize))
            .map(|r| kind_at(r.kind))
            .collect();
        let resource_count = tally.resources.len() as u64;
        let countries = tally.countries.distinct();
        let mut w = Words::new();
        w.findings(format!("Findings pointing to {}", objective.phrase()), n)
            .say(if n == 1 { " points to " } else { " point to " })
            .say(objective.phrase());
        if resource_count > 0 {
            let (singular, plural) = match kinds.iter().next() {
                Some(&kind) if kinds.len() == 1 => (kind_noun(kind, 1), kind_noun(kind, 2)),
                _ => ("resource".to_owned(), "resources".to_owned()),
            };
            w.say(", involving ").count(
                format!("Resources involved in {}", objective.phrase()),
                resource_count,
                &singular,
                &plural,
            );
        }
        if countries > 0 {
            w.say(if resource_count > 0 {
                " and outside contact from "
            } else {
                ", with outside contact from "
            })
            .count(
                format!("Countries involved in {}", objective.phrase()),
                countries,
                "country",
                "countries",
            );
        }
        w.say(".");
        sentences.push(w.finish());
    }
    if sentences.is_empty() {
        let mut w = Words::new();
        w.say("The findings do not point to a specific attacker objective.");
        sentences.push(w.finish());
    }
    sentences
}
