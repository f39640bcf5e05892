//! Recommended actions: guidance steps, most severe first.

use crate::analysis::briefing::words::Words;
use crate::analysis::briefing::Sentence;
use crate::model::SeverityBand;

use super::*;

pub(crate) fn actions(scope: &Scope<'_>) -> Vec<Sentence> {
    let tally = scope.tally;
    let Some(top_band) = tally.top_band() else {
        let mut w = Words::new();
        w.say("No action is needed beyond routine monitoring: none of the selected findings is active.");
        return vec![w.finish()];
    };
    let top = &tally.bands[top_band.index()];
    let top_band_count = top.active;
    let top_band_text = top
        .last_guidance
        .as_ref()
        .map_or("", |(_, line)| line.as_str());
    let band_at = |slot: u8| {
        SeverityBand::ALL
            .get(slot as usize)
            .copied()
            .unwrap_or(SeverityBand::Low)
    };
    let steps = tally
        .steps
        .iter()
        .map(|(step, (band, n))| (step.as_str(), (band_at(*band), *n)));
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
    let mut ordered: Vec<(&str, (SeverityBand, u64))> = steps.collect();
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
