//! Top risks: one sentence per High or Very High risk cell, with its most severe example.

use std::collections::HashMap;

use crate::analysis::briefing::words::{is_are, Words};
use crate::analysis::briefing::Sentence;
use crate::analysis::period::TimeBasis;
use crate::analysis::risk::{assess, Level, RiskRules};
use crate::analysis::vocabulary::{purpose_phrase, tidy_name};
use crate::model::{EpochMillis, Finding};

use super::*;

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

pub(crate) fn top_risks(scope: &Scope<'_>, rules: &RiskRules, now: EpochMillis) -> Vec<Sentence> {
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
        .say(&purpose_phrase(&example.finding_type.threat_purpose));
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
