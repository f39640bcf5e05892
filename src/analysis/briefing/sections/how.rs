//! How: the threat purposes, GuardDuty detections and ATT&CK tactics.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::attack::Tactic;
use crate::analysis::briefing::words::Words;
use crate::analysis::briefing::Sentence;
use crate::analysis::summary::UNKNOWN;
use crate::analysis::vocabulary::{purpose_phrase, tidy_name};

use super::*;

pub(crate) fn how(scope: &Scope<'_>) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    // Purposes grouped by their plain phrase (unknown purposes share one phrase).
    let mut by_phrase: BTreeMap<std::borrow::Cow<'static, str>, (u64, BTreeSet<String>)> =
        BTreeMap::new();
    let mut families: BTreeMap<String, u64> = BTreeMap::new();
    for (purpose, &n) in &scope.tally.purposes {
        let entry = by_phrase.entry(purpose_phrase(purpose)).or_default();
        entry.0 += n;
        entry.1.insert(if purpose.is_empty() {
            UNKNOWN.to_owned()
        } else {
            tidy_name(purpose)
        });
    }
    for (family, &n) in &scope.tally.families {
        *families.entry(family.clone()).or_insert(0) += n;
    }
    let phrases = ranked(
        by_phrase
            .iter()
            .map(|(phrase, (n, _))| (phrase.as_ref(), *n)),
    );
    if !phrases.is_empty() {
        let mut w = Words::new();
        w.say(if phrases.len() == 1 {
            "The findings describe "
        } else {
            "The most common activity was "
        });
        let top: Vec<_> = phrases.iter().take(TOP).collect();
        w.list(&top, |w, (phrase, n)| {
            let purposes = by_phrase
                .get(*phrase)
                .map(|(_, p)| p.iter().cloned().collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            w.named_count(
                phrase,
                format!("Findings with threat purpose {purposes}"),
                *n,
            );
        });
        w.say(".");
        sentences.push(w.finish());
    }
    let families = ranked(families);
    if let Some((family, n)) = families.first() {
        let kinds = families.len() as u64;
        let mut w = Words::new();
        w.say("GuardDuty raised ")
            .count(
                "Kinds of detection (threat families)",
                kinds,
                "kind of detection",
                "kinds of detection",
            )
            .say(if kinds == 1 { ", " } else { ", led by " })
            .named_count(family, format!("Findings in family {family}"), *n)
            .say(".");
        sentences.push(w.finish());
    }
    let per_tactic = scope.tally.tactics.iter().copied();
    let mut tactics: Vec<(Tactic, u64)> = Tactic::ALL
        .into_iter()
        .zip(per_tactic)
        .filter(|(_, n)| *n > 0)
        .collect();
    // Most findings first; equal counts keep kill-chain order (the sort is stable).
    tactics.sort_by(|(_, a), (_, b)| b.cmp(a));
    if !tactics.is_empty() {
        let stages = tactics.len() as u64;
        let mut w = Words::new();
        w.say("Mapped to MITRE ATT&CK, the activity covers ")
            .count(
                "ATT&CK tactics",
                stages,
                "stage of an attack",
                "stages of an attack",
            )
            .say(if stages == 1 { ", " } else { ", most often " });
        let top: Vec<_> = tactics.iter().take(TOP).collect();
        w.list(&top, |w, (tactic, n)| {
            w.named_count(
                tactic.name(),
                format!("Findings under tactic {} ({})", tactic.name(), tactic.id()),
                *n,
            );
        });
        w.say(".");
        sentences.push(w.finish());
    }
    sentences
}
