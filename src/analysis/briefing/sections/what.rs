//! What: the resource types and the most affected named resources.

use crate::analysis::briefing::tally::kind_at;
use crate::analysis::briefing::words::Words;
use crate::analysis::briefing::Sentence;
use crate::analysis::summary::UNKNOWN;
use crate::analysis::vocabulary::{kind_noun, resource_type_plural, tidy_name};

use super::*;

pub(crate) fn what(scope: &Scope<'_>) -> Vec<Sentence> {
    let types = ranked(
        scope
            .summary
            .by_resource_type
            .iter()
            .filter(|(name, _)| *name != UNKNOWN)
            .map(|(name, n)| (name.clone(), *n)),
    );
    let mut sentences = Vec::new();
    if !types.is_empty() {
        let kinds = types.len() as u64;
        let mut w = Words::new();
        w.say("The findings concern ")
            .count(
                "Resource types",
                kinds,
                "kind of resource",
                "kinds of resource",
            )
            .say(if kinds == 1 { ": " } else { ", mostly " });
        let top: Vec<_> = types.iter().take(TOP).collect();
        w.list(&top, |w, (name, n)| {
            w.named_count(
                &resource_type_plural(name),
                format!("Findings on resource type {}", tidy_name(name)),
                *n,
            );
        });
        w.say(".");
        sentences.push(w.finish());
    }
    let resources = &scope.tally.resources;
    if !resources.is_empty() {
        let total = resources.len() as u64;
        // Only resources counting at least the TOP-th largest count can be named: words for
        // those alone.
        let mut counts: Vec<u64> = resources.iter().map(|r| r.findings).collect();
        let threshold = if counts.len() > TOP {
            *counts.select_nth_unstable_by(TOP - 1, |a, b| b.cmp(a)).1
        } else {
            0
        };
        let top = ranked(
            resources
                .iter()
                .filter(|r| r.findings >= threshold)
                .map(|r| {
                    (
                        (r.label().to_owned(), kind_at(r.kind), r.id.clone()),
                        r.findings,
                    )
                }),
        );
        let top: Vec<_> = top.into_iter().take(TOP).collect();
        let mut w = Words::new();
        w.say("They involve ")
            .count("Distinct resources", total, "resource", "resources")
            .say(if total == 1 {
                ": "
            } else {
                "; the most affected are "
            });
        w.list(&top, |w, ((label, kind, id), n)| {
            let id = tidy_name(id);
            // A display name is not unique (two instances may share a Name tag): add the id.
            let (shown_id, evidence_label) = if *label == id {
                (String::new(), format!("Findings on {id}"))
            } else {
                (format!(" {id}"), format!("Findings on {label} ({id})"))
            };
            w.say(label)
                .say(" (")
                .say(&kind_noun(*kind, 1))
                .say(&shown_id)
                .say(", ")
                .findings(evidence_label, *n)
                .say(")");
        });
        w.say(".");
        sentences.push(w.finish());
    }
    if sentences.is_empty() {
        let mut w = Words::new();
        w.say("The findings do not name the affected resources.");
        sentences.push(w.finish());
    }
    sentences
}
