//! Who: the outside IPs, countries, networks, domains and threat-intelligence lists.

use std::collections::BTreeSet;

use crate::analysis::briefing::words::Words;
use crate::analysis::briefing::Sentence;
use crate::analysis::vocabulary::tidy_name;

use super::*;

pub(crate) fn who(scope: &Scope<'_>) -> Vec<Sentence> {
    let actors = scope.actors;
    let ips = actors.remote_ips.distinct_count as u64;
    let domains = actors.domains.distinct_count as u64;
    let countries = actors.countries.distinct_count as u64;
    let networks = actors.networks.distinct_count as u64;
    let mut sentences = Vec::new();
    if ips == 0 && domains == 0 {
        let mut w = Words::new();
        w.say("None of the findings names an outside IP address or domain.");
        sentences.push(w.finish());
    }
    if ips > 0 {
        let mut w = Words::new();
        w.say("Outside activity came from ").count(
            "Distinct outside IP addresses",
            ips,
            "IP address",
            "IP addresses",
        );
        if countries > 0 {
            w.say(" in ")
                .count("Countries", countries, "country", "countries")
                .say(if countries == 1 {
                    ", "
                } else {
                    ", most often "
                });
            w.list(&actors.countries.rows, |w, row| {
                let label = tidy_name(&row.label);
                w.named_count(
                    country_name(&label),
                    format!("Findings from {label}"),
                    u64::from(row.finding_count),
                );
            });
        }
        w.say(".");
        sentences.push(w.finish());
    }
    if networks > 0 {
        let mut w = Words::new();
        let rows: Vec<_> = actors.networks.rows.iter().take(2).collect();
        w.say(match (networks, rows.len()) {
            (1, _) => "The only network named is ",
            (_, 1) => "The busiest network was ",
            _ => "The busiest networks were ",
        });
        w.list(&rows, |w, row| {
            let label = tidy_name(&row.label);
            w.named_count(
                &label,
                format!("Findings from network {label}"),
                u64::from(row.finding_count),
            );
        });
        w.say(".");
        sentences.push(w.finish());
    }
    if domains > 0 {
        let mut w = Words::new();
        w.say("The findings name ")
            .count(
                "Distinct outside domains",
                domains,
                "outside domain",
                "outside domains",
            )
            .say(if domains == 1 { ", " } else { ", most often " });
        w.list(&actors.domains.rows, |w, row| {
            let label = tidy_name(&row.label);
            w.named_count(
                &label,
                format!("Findings naming {label}"),
                u64::from(row.finding_count),
            );
        });
        w.say(".");
        sentences.push(w.finish());
    }
    sentences.push(threat_intel_sentence(scope));
    sentences
}

fn threat_intel_sentence(scope: &Scope<'_>) -> Sentence {
    let matched = scope.tally.threat_intel_matched;
    let lists: BTreeSet<String> = scope
        .tally
        .threat_intel_lists
        .iter()
        .map(|name| tidy_name(name))
        .filter(|name| !name.is_empty())
        .collect();
    let mut w = Words::new();
    if matched == 0 {
        w.say("No finding matched a threat-intelligence list.");
        return w.finish();
    }
    w.findings("Findings matching threat intelligence", matched)
        .say(" matched a threat-intelligence list");
    if !lists.is_empty() {
        let shown: Vec<String> = lists.iter().take(TOP).cloned().collect();
        w.say(" (")
            .value("Threat-intelligence lists", &shown.join(", "));
        let more = (lists.len() - shown.len()) as u64;
        if more > 0 {
            w.say(" and ")
                .number("Further threat-intelligence lists", more)
                .say(" more");
        }
        w.say(")");
    }
    w.say(".");
    w.finish()
}
