//! Top risks: one sentence per High or Very High risk cell, with its most severe example.

use crate::analysis::briefing::words::{is_are, Words};
use crate::analysis::briefing::Sentence;

use super::*;

pub(crate) fn top_risks(scope: &Scope<'_>) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    // Highest cell first.
    for cell in scope.tally.risk_cells.iter().rev().take(TOP_RISK_CELLS) {
        let (risk, likelihood, impact) = cell.cell;
        let n = cell.active;
        let example = &cell.example;
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
        .say(&example.purpose);
        if let Some((name, id)) = &example.target {
            w.say(" on ")
                .value("Example resource", name)
                .note("Example resource id", id.clone());
        }
        if example.score().is_finite() {
            w.say(" (severity ")
                .value(
                    "Severity score of the example",
                    &format!("{:.1}", example.score()),
                )
                .say(")");
        }
        w.say(".")
            .note("Example finding id", example.id.clone())
            .note("Likelihood of initiation rule", example.rules[0].clone())
            .note("Adverse impact rule", example.rules[1].clone())
            .note("Impact rule", example.rules[2].clone());
        sentences.push(w.finish());
    }
    if sentences.is_empty() {
        let mut w = Words::new();
        w.say("No active finding is rated High or Very High risk under the current rules.");
        sentences.push(w.finish());
    }
    sentences
}
