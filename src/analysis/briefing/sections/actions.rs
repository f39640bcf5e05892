//! Recommended actions: guidance steps, most severe first.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::analysis::briefing::words::Words;
use crate::analysis::briefing::Sentence;
use crate::model::{Finding, SeverityBand};

use super::*;

pub(crate) fn actions(scope: &Scope<'_>) -> Vec<Sentence> {
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
