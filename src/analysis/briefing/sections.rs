//! The six questions of the briefing (Who, What, Where, When, How, Why), the top risks and the
//! recommended actions, each built by the fixed rules listed in the `briefing` module docs.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{EpochMillis, Finding, ResourceKind, SeverityBand};

use super::super::attack::Tactic;
use super::super::finding_index::FindingIndex;
use super::super::period::TimeBasis;
use super::super::risk::{assess, Level, RiskRules};
use super::super::summary::{Summary, UNKNOWN};
use super::super::vocabulary::{
    kind_noun, purpose_phrase, resource_type_plural, tidy_name, Objective,
};
use super::compare::Comparison;
use super::words::{is_are, iso_date, Words};
use super::{Selection, Sentence};

const DAY_MILLIS: i64 = 86_400_000;
const WEEK_MILLIS: i64 = 7 * DAY_MILLIS;
/// 1970-01-05 was a Monday: weeks start on Mondays (ISO 8601), as in the timeline.
const FIRST_MONDAY_MILLIS: i64 = 4 * DAY_MILLIS;
/// Items named in one list sentence ("most often A, B and C").
const TOP: usize = 3;
/// Risk cells listed under top risks.
const TOP_RISK_CELLS: usize = 5;
/// Recommended actions listed.
const MAX_ACTIONS: usize = 6;

/// The selected findings a briefing describes.
pub(super) struct Scope<'a> {
    pub findings: &'a [Finding],
    /// Selected indices, ascending, each once, all in range.
    pub members: Vec<u32>,
    /// The per-load index of `findings`.
    pub index: &'a FindingIndex,
    /// The selection the scope came from (for its risk cells).
    pub selection: Selection<'a>,
    /// The summary of the members (empty for a baseline scope, which needs none).
    pub summary: Cow<'a, Summary>,
}

impl<'a> Scope<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &'a Finding> + '_ {
        self.members
            .iter()
            .filter_map(|&i| self.findings.get(i as usize))
    }

    pub fn len(&self) -> u64 {
        self.members.len() as u64
    }
}

/// Counts sorted largest first, then by key.
fn ranked<K: Ord + Clone>(counts: impl IntoIterator<Item = (K, u64)>) -> Vec<(K, u64)> {
    let mut rows: Vec<(K, u64)> = counts.into_iter().collect();
    rows.sort_by(|(ka, a), (kb, b)| b.cmp(a).then_with(|| ka.cmp(kb)));
    rows
}

/// `Russia (RU)` → `Russia`; labels without a trailing code stay as they are.
fn country_name(label: &str) -> &str {
    match label.rsplit_once(" (") {
        Some((name, code)) if code.ends_with(')') && !name.is_empty() => name,
        _ => label,
    }
}

// ---------------------------------------------------------------- Who

pub(super) fn who(scope: &Scope<'_>) -> Vec<Sentence> {
    let actors = scope
        .index
        .actor_summary(scope.findings, &scope.members, TOP);
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
    let mut matched = 0_u64;
    // The distinct list names as given first; each is tidied once.
    let mut given: FxHashSet<&str> = FxHashSet::default();
    for finding in scope.iter() {
        if finding.threat_intel.is_empty() {
            continue;
        }
        matched += 1;
        given.extend(
            finding
                .threat_intel
                .iter()
                .filter_map(|intel| intel.list_name.as_deref()),
        );
    }
    let lists: BTreeSet<String> = given
        .into_iter()
        .map(tidy_name)
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

// ---------------------------------------------------------------- What

/// Findings naming each distinct resource of the members: (kind, id) → (display label id
/// of the first finding naming it, findings naming it). The index interns texts, so equal
/// ids are equal texts.
fn resource_counts(
    index: &FindingIndex,
    members: &[u32],
) -> FxHashMap<(ResourceKind, u32), (u32, u64)> {
    let mut counts: FxHashMap<(ResourceKind, u32), (u32, u64)> = FxHashMap::default();
    for &i in members {
        // The index lists each (kind, id) of a finding once.
        for resource in index.resources_of(i as usize) {
            counts
                .entry((resource.kind, resource.id))
                .or_insert((resource.label, 0))
                .1 += 1;
        }
    }
    counts
}

pub(super) fn what(scope: &Scope<'_>) -> Vec<Sentence> {
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
    let resources = resource_counts(scope.index, &scope.members);
    if !resources.is_empty() {
        let total = resources.len() as u64;
        // Only resources counting at least the TOP-th largest count can be named: words for
        // those alone.
        let mut counts: Vec<u64> = resources.values().map(|(_, n)| *n).collect();
        let threshold = if counts.len() > TOP {
            *counts.select_nth_unstable_by(TOP - 1, |a, b| b.cmp(a)).1
        } else {
            0
        };
        let text = |id: u32| scope.index.text(id).to_owned();
        let top = ranked(
            resources
                .iter()
                .filter(|(_, (_, n))| *n >= threshold)
                .map(|((kind, id), (label, n))| ((text(*label), *kind, text(*id)), *n)),
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

// ---------------------------------------------------------------- Where

pub(super) fn place(scope: &Scope<'_>) -> Vec<Sentence> {
    let known = |map: &BTreeMap<String, u64>| {
        ranked(
            map.iter()
                .filter(|(k, _)| *k != UNKNOWN)
                .map(|(k, n)| (k.clone(), *n)),
        )
    };
    let accounts = known(&scope.summary.by_account);
    let regions = known(&scope.summary.by_region);
    let mut sentences = Vec::new();
    if !accounts.is_empty() {
        let n = accounts.len() as u64;
        let mut w = Words::new();
        w.say("The findings are in ")
            .count("AWS accounts", n, "AWS account", "AWS accounts")
            .say(if n == 1 { ", " } else { ", most in " });
        let top: Vec<_> = accounts.iter().take(TOP).collect();
        w.list(&top, |w, (account, count)| {
            let account = tidy_name(account);
            w.named_count(&account, format!("Findings in account {account}"), *count);
        });
        w.say(".");
        sentences.push(w.finish());
    }
    if !regions.is_empty() {
        let n = regions.len() as u64;
        let mut w = Words::new();
        w.say("They span ")
            .count("Regions", n, "region", "regions")
            .say(if n == 1 { ", " } else { ", most in " });
        let top: Vec<_> = regions.iter().take(TOP).collect();
        w.list(&top, |w, (region, count)| {
            let region = tidy_name(region);
            w.named_count(&region, format!("Findings in region {region}"), *count);
        });
        w.say(".");
        sentences.push(w.finish());
    }
    if sentences.is_empty() {
        let mut w = Words::new();
        w.say("The findings do not name an AWS account or region.");
        sentences.push(w.finish());
    }
    sentences
}

// ---------------------------------------------------------------- When

/// Start of the bucket holding `at`, without overflow at the ends of the range.
fn bucket_start(at: i64, width: i64, origin: i64) -> i64 {
    let offset = at.saturating_sub(origin);
    offset
        .div_euclid(width)
        .saturating_mul(width)
        .saturating_add(origin)
}

pub(super) fn when(
    scope: &Scope<'_>,
    baseline: Option<(&Scope<'_>, &Comparison)>,
) -> Vec<Sentence> {
    let summary = &scope.summary;
    let mut sentences = Vec::new();
    let mut w = Words::new();
    match (summary.first_seen, summary.last_seen) {
        (Some(first), Some(last)) if iso_date(first) == iso_date(last) => {
            w.say("All activity was on ").date("Activity date", first);
        }
        (Some(first), Some(last)) => {
            w.say("Activity ran from ")
                .date("First activity", first.min(last))
                .say(" to ")
                .date("Latest activity", last.max(first));
        }
        (Some(only), None) | (None, Some(only)) => {
            w.say("The only activity date is ")
                .date("Activity date", only);
        }
        (None, None) => {
            w.say("The findings carry no activity dates");
        }
    }
    w.say(".");
    sentences.push(w.finish());

    let times: Vec<i64> = scope
        .iter()
        .filter_map(|f| TimeBasis::LastSeen.time_of(f))
        .map(|t| t.0)
        .collect();
    let undated = scope.len() - times.len() as u64;
    if undated > 0 && !times.is_empty() {
        let mut w = Words::new();
        w.findings("Findings without an activity date", undated)
            .say(if undated == 1 { " has" } else { " have" })
            .say(" no activity date and are left out of the timing below.");
        sentences.push(w.finish());
    }
    if let (Some(&earliest), Some(&latest)) = (times.iter().min(), times.iter().max()) {
        let span = latest.saturating_sub(earliest);
        let (width, origin, noun) = if span > 26 * WEEK_MILLIS {
            (WEEK_MILLIS, FIRST_MONDAY_MILLIS, "week")
        } else {
            (DAY_MILLIS, 0, "day")
        };
        let mut buckets: FxHashMap<i64, u64> = FxHashMap::default();
        for &t in &times {
            *buckets.entry(bucket_start(t, width, origin)).or_insert(0) += 1;
        }
        if buckets.len() > 1 {
            // Ties go to the earliest bucket.
            let mut busiest = (0_i64, 0_u64);
            for (&start, &n) in &buckets {
                if n > busiest.1 || (n == busiest.1 && start < busiest.0) {
                    busiest = (start, n);
                }
            }
            let mut w = Words::new();
            if noun == "week" {
                w.say("The busiest week began on ")
                    .date("Busiest week", EpochMillis(busiest.0));
            } else {
                w.say("The busiest day was ")
                    .date("Busiest day", EpochMillis(busiest.0));
            }
            w.say(", with ")
                .findings(format!("Findings in the busiest {noun}"), busiest.1)
                .say(".");
            sentences.push(w.finish());
        }
        if baseline.is_none() && span >= DAY_MILLIS {
            let middle = earliest.saturating_add(span / 2);
            let first_half = times.iter().filter(|&&t| t < middle).count() as u64;
            let second_half = times.len() as u64 - first_half;
            let mut w = Words::new();
            w.say("Compared with the first half of the period (to ")
                .date("Middle of the period", EpochMillis(middle))
                .say("), findings in the second half are ")
                .trend("Findings per half-period", first_half, second_half)
                .say(".");
            sentences.push(w.finish());
        }
    }
    if let Some((before, comparison)) = baseline {
        sentences.push(trend_sentence(before.len(), scope.len()));
        sentences.push(change_sentence(comparison));
    }
    sentences
}

/// "Compared with the previous period, findings are up from 2 to 5 (+3)."
pub(super) fn trend_sentence(before: u64, now: u64) -> Sentence {
    let mut w = Words::new();
    w.say("Compared with the previous period, findings are ")
        .trend("Findings", before, now)
        .say(".");
    w.finish()
}

fn change_sentence(comparison: &Comparison) -> Sentence {
    let mut w = Words::new();
    w.say("Since the previous period: ")
        .count(
            "New findings",
            comparison.new.count(),
            "new finding",
            "new findings",
        )
        .say(", ")
        .number("Findings still active", comparison.persisting.count())
        .say(" still active and ")
        .number("Findings resolved", comparison.resolved.count())
        .say(" resolved.");
    w.finish()
}

// ---------------------------------------------------------------- How

pub(super) fn how(scope: &Scope<'_>) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    // Purposes grouped by their plain phrase (unknown purposes share one phrase).
    let mut by_phrase: BTreeMap<&'static str, (u64, BTreeSet<String>)> = BTreeMap::new();
    let mut families: BTreeMap<String, u64> = BTreeMap::new();
    // Counted by the index's ids first; words only for the distinct values.
    let mut purpose_counts: FxHashMap<u32, u64> = FxHashMap::default();
    let mut family_counts: FxHashMap<u32, u64> = FxHashMap::default();
    for &i in &scope.members {
        *purpose_counts
            .entry(scope.index.purpose_id(i as usize))
            .or_insert(0) += 1;
        *family_counts
            .entry(scope.index.family_id(i as usize))
            .or_insert(0) += 1;
    }
    for (purpose, n) in purpose_counts {
        let purpose = scope.index.text(purpose);
        let entry = by_phrase.entry(purpose_phrase(purpose)).or_default();
        entry.0 += n;
        entry.1.insert(if purpose.is_empty() {
            UNKNOWN.to_owned()
        } else {
            tidy_name(purpose)
        });
    }
    for (family, n) in family_counts {
        *families
            .entry(scope.index.text(family).to_owned())
            .or_insert(0) += n;
    }
    let phrases = ranked(by_phrase.iter().map(|(phrase, (n, _))| (*phrase, *n)));
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
                .get(phrase)
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
    let mut per_tactic = [0_u32; Tactic::ALL.len()];
    for &i in &scope.members {
        for tactic in scope.index.tactics_of(i as usize) {
            per_tactic[tactic as usize] += 1;
        }
    }
    let mut tactics: Vec<(Tactic, u32)> = Tactic::ALL
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
                u64::from(*n),
            );
        });
        w.say(".");
        sentences.push(w.finish());
    }
    sentences
}

// ---------------------------------------------------------------- Why

pub(super) fn why(scope: &Scope<'_>) -> Vec<Sentence> {
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

// ---------------------------------------------------------------- Top risks

/// The resource a finding is about, for one example: (name to show, id).
fn example_target(finding: &Finding) -> Option<(String, String)> {
    finding.resources.iter().find_map(|r| {
        let id = tidy_name(&r.id);
        let name = r
            .display_name
            .as_deref()
            .map(tidy_name)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| id.clone());
        (!name.is_empty()).then_some((name, id))
    })
}

fn latest(finding: &Finding) -> Option<EpochMillis> {
    TimeBasis::LastSeen.time_of(finding)
}

pub(super) fn top_risks(scope: &Scope<'_>, rules: &RiskRules, now: EpochMillis) -> Vec<Sentence> {
    type Cell = (Level, Level, Level);
    let mut cells: HashMap<Cell, Vec<&Finding>> = HashMap::new();
    for &i in &scope.members {
        let Some(finding) = scope.findings.get(i as usize).filter(|f| !f.archived) else {
            continue;
        };
        let Some((likelihood, impact, risk)) = scope.selection.risk_of(i, rules, now) else {
            continue;
        };
        if risk >= Level::High {
            cells
                .entry((risk, likelihood, impact))
                .or_default()
                .push(finding);
        }
    }
    let mut ordered: Vec<(Cell, Vec<&Finding>)> = cells.into_iter().collect();
    ordered.sort_by(|(a, _), (b, _)| b.cmp(a));
    let mut sentences = Vec::new();
    for ((risk, likelihood, impact), members) in ordered.into_iter().take(TOP_RISK_CELLS) {
        let score = |f: &Finding| {
            if f.severity_score.is_nan() {
                f64::NEG_INFINITY
            } else {
                f.severity_score
            }
        };
        // Only the most severe member is shown: find it without sorting them all.
        let most_severe = |a: &&Finding, b: &&Finding| {
            score(b)
                .total_cmp(&score(a))
                .then_with(|| latest(b).cmp(&latest(a)))
                .then_with(|| a.id.cmp(&b.id))
        };
        let n = members.len() as u64;
        let Some(example) = members.iter().copied().min_by(most_severe) else {
            continue;
        };
        // The rules behind the example's levels, worded (only for the examples shown).
        let assessment = assess(example, rules, now);
        let mut w = Words::new();
        w.count(
            format!("Active findings at {risk} risk (likelihood {likelihood}, impact {impact})"),
            n,
            "active finding",
            "active findings",
        )
        .say(" ")
        .say(is_are(n))
        .say(" rated ")
        .value("Level of risk (NIST Table I-2)", risk.name())
        .say(" risk (likelihood ")
        .value("Overall likelihood (NIST Table G-5)", likelihood.name())
        .say(", impact ")
        .value("Impact (NIST Table H-3)", impact.name())
        .say(if n == 1 {
            "): "
        } else {
            "); the most severe is "
        })
        .say(purpose_phrase(&example.finding_type.threat_purpose));
        if let Some((name, id)) = example_target(example) {
            w.say(" on ")
                .value("Example resource", &name)
                .note("Example resource id", id);
        }
        if example.severity_score.is_finite() {
            w.say(" (severity ")
                .value(
                    "Severity score of the example",
                    &format!("{:.1}", example.severity_score),
                )
                .say(")");
        }
        w.say(".")
            .note("Example finding id", example.id.to_string())
            .note(
                "Likelihood of initiation rule",
                assessment.initiation.rule.clone(),
            )
            .note(
                "Adverse impact rule",
                assessment.adverse_impact.rule.clone(),
            )
            .note("Impact rule", assessment.impact.rule.clone());
        sentences.push(w.finish());
    }
    if sentences.is_empty() {
        let mut w = Words::new();
        w.say("No active finding is rated High or Very High risk under the current rules.");
        sentences.push(w.finish());
    }
    sentences
}

// ---------------------------------------------------------------- Actions

pub(super) fn actions(scope: &Scope<'_>) -> Vec<Sentence> {
    let active: Vec<(usize, &Finding)> = scope
        .members
        .iter()
        .filter_map(|&i| Some((i as usize, scope.findings.get(i as usize)?)))
        .filter(|(_, f)| !f.archived)
        .collect();
    let Some(top_band) = active.iter().map(|(_, f)| f.severity).max() else {
        let mut w = Words::new();
        w.say("No action is needed beyond routine monitoring: none of the selected findings is active.");
        return vec![w.finish()];
    };
    // Findings per (guidance, band) first; steps only for the distinct guidances.
    let mut per_guidance: FxHashMap<(u32, SeverityBand), u64> = FxHashMap::default();
    let mut top_band_text = "";
    let mut top_band_count = 0_u64;
    for &(i, finding) in &active {
        let Some(id) = scope.index.guidance_id(i) else {
            continue;
        };
        if finding.severity == top_band {
            top_band_count += 1;
            if let Some(guidance) = scope.index.guidance(i) {
                top_band_text = guidance.by_severity;
            }
        }
        *per_guidance.entry((id, finding.severity)).or_insert(0) += 1;
    }
    // step → (most severe band it applies to, findings it applies to).
    let mut steps: HashMap<&'static str, (SeverityBand, u64)> = HashMap::new();
    for ((id, band), n) in per_guidance {
        let Some(guidance) = scope.index.guidance_by_id(id) else {
            continue;
        };
        // The index keeps each step once per guidance.
        for &step in &guidance.steps {
            let entry = steps.entry(step).or_insert((band, 0));
            entry.0 = entry.0.max(band);
            entry.1 += n;
        }
    }
    let mut sentences = Vec::new();
    let mut w = Words::new();
    w.say(top_band_text)
        .note("Most severe active band", top_band.name())
        .say(" Applies to ")
        .findings(
            format!("Active {} findings", top_band.name()),
            top_band_count,
        )
        .say(".");
    sentences.push(w.finish());
    let mut ordered: Vec<(&'static str, (SeverityBand, u64))> = steps.into_iter().collect();
    ordered.sort_by(|(ta, (ba, na)), (tb, (bb, nb))| {
        bb.cmp(ba).then_with(|| nb.cmp(na)).then_with(|| ta.cmp(tb))
    });
    for (step, (band, n)) in ordered.into_iter().take(MAX_ACTIONS - 1) {
        let mut w = Words::new();
        w.say(step)
            .note("Most severe band it applies to", band.name())
            .say(" Applies to ")
            .findings("Active findings this applies to", n)
            .say(".");
        if step.contains("confidence 0") {
            w.note("Confidence", "0");
        }
        sentences.push(w.finish());
    }
    sentences
}
