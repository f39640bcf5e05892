//! The six questions of the briefing (Who, What, Where, When, How, Why), the top risks and the
//! recommended actions, each built by the fixed rules listed in the `briefing` module docs.

use crate::analysis::actors::ActorSummary;
use crate::analysis::summary::Summary;

use super::tally::BriefingTally;

/// Items named in one list sentence ("most often A, B and C").
pub(crate) const TOP: usize = 3;
/// Risk cells listed under top risks.
pub(crate) const TOP_RISK_CELLS: usize = 5;
/// Recommended actions listed.
pub(crate) const MAX_ACTIONS: usize = 6;

mod actions;
mod how;
mod place;
mod top_risks;
mod what;
mod when;
mod who;
mod why;

pub(super) use actions::actions;
pub(super) use how::how;
pub(super) use place::place;
pub(super) use top_risks::top_risks;
pub(super) use what::what;
pub(super) use when::{trend_sentence, when};
pub(super) use who::who;
pub(super) use why::why;

/// What a briefing describes of its selection: the KPI summary, the actor rankings (three
/// rows each), the sentences' tally and, when the period is a day or longer, how many dated
/// findings fall before its middle (`(middle ms, findings before it)`).
pub(super) struct Scope<'a> {
    pub summary: &'a Summary,
    pub actors: &'a ActorSummary,
    pub tally: &'a BriefingTally<()>,
    pub first_half: Option<(i64, u64)>,
}

impl Scope<'_> {
    pub fn len(&self) -> u64 {
        self.tally.selected
    }
}

/// Counts sorted largest first, then by key.
pub(crate) fn ranked<K: Ord + Clone>(counts: impl IntoIterator<Item = (K, u64)>) -> Vec<(K, u64)> {
    let mut rows: Vec<(K, u64)> = counts.into_iter().collect();
    rows.sort_by(|(ka, a), (kb, b)| b.cmp(a).then_with(|| ka.cmp(kb)));
    rows
}

/// `Russia (RU)` → `Russia`; labels without a trailing code stay as they are.
pub(crate) fn country_name(label: &str) -> &str {
    match label.rsplit_once(" (") {
        Some((name, code)) if code.ends_with(')') && !name.is_empty() => name,
        _ => label,
    }
}
