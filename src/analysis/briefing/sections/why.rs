//! Why: the likely attacker objectives.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::briefing::words::Words;
use crate::analysis::briefing::Sentence;
use crate::analysis::vocabulary::{kind_noun, Objective};
use crate::model::ResourceKind;

use super::*;

pub(crate) fn why(scope: &Scope<'_>) -> Vec<Sentence> {
    let mut by_objective: BTreeMap<Objective, Vec<u32>> = BTreeMap::new();
    for &index in &scope.members {
        for objective in scope.index.objectives_of(index as usize) {
            by_objective.entry(objective).or_default().push(index);
        }
    }
    let order = ranked(by_objective.iter().map(|(o, m)| (*o, m.len() as u64)));
    let mut sentences = Vec::new();
    for (objective, n) in order.into_iter().take(TOP) {
        let members = by_objective
            .get(&objective)
            .map(Vec::as_slice)
            .unwrap_or_default();
        // Distinct (kind, id) pairs: the index interns ids, so equal ids are equal texts.
        let mut resources: Vec<(ResourceKind, u32)> = members
            .iter()
            .flat_map(|&i| scope.index.resources_of(i as usize))
            .map(|r| (r.kind, r.id))
            .collect();
        resources.sort_unstable();
        resources.dedup();
        let kinds: BTreeSet<ResourceKind> = resources.iter().map(|(k, _)| *k).collect();
        let resource_count = resources.len() as u64;
        let countries = scope.index.country_count(scope.findings, members) as u64;
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
