//! The suppression what-ifs the store answers: each criteria judged on every finding a shard
//! holds (whatever the filter: a rule sees every new finding), counted into a
//! [`PreviewTally`] with the first matched findings by their place in the load and, when
//! asked, every matched and undecided id; merged over the shards in any order and finished
//! into the [`Preview`] the native `analysis::suppression::preview` gives.

use serde::{Deserialize, Serialize};

use super::origin::{LoadPlace, Origin};
use crate::analysis::suppression::{preview_with_first, FindingCriteria, Preview, PreviewTally};
use crate::model::Finding;

/// The what-ifs a query asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressionView {
    /// Each what-if's criteria, as the JSON text `get-filter` prints them
    /// (`FindingCriteria::to_cli_json`).
    pub criteria: Vec<String>,
    /// Every loaded attack sequence's signal keys (`LoadFacts::signal_keys`): a finding named
    /// there belongs to a sequence, whichever shard holds the sequence.
    pub signal_keys: Vec<String>,
    /// How many matched findings each what-if names, in load order (every one is counted).
    pub listed: u32,
    /// Also every matched and undecided id (the preview's export).
    pub every_id: bool,
}

impl SuppressionView {
    pub fn new(criteria: &[FindingCriteria], signal_keys: Vec<String>, listed: u32) -> Self {
        Self {
            criteria: criteria
                .iter()
                .map(|c| c.to_cli_json().to_string())
                .collect(),
            signal_keys,
            listed,
            every_id: false,
        }
    }

    /// Each what-if's criteria read back; `None` for text that is not criteria (the page only
    /// sends what [`SuppressionView::new`] wrote).
    pub fn read_criteria(&self) -> Vec<Option<FindingCriteria>> {
        self.criteria
            .iter()
            .map(|text| {
                let value = serde_json::from_str(text).ok()?;
                FindingCriteria::from_json(&value, "").ok()
            })
            .collect()
    }
}

/// One shard's part of one what-if.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressionPartial {
    pub tally: PreviewTally,
    /// The first matched findings by load place, at most the view's `listed`.
    pub listed: Vec<LoadPlace>,
    /// Every matched and undecided id, sorted, when the view asked for them.
    pub matched_ids: Vec<String>,
    pub undecided_ids: Vec<String>,
}

/// A what-if, finished.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WhatIf {
    /// Its ids only when the view asked for every id.
    pub preview: Preview,
    /// The first matched findings in load order (the page's set's order).
    pub listed: Vec<LoadPlace>,
}

/// The what-if of `criteria` counted on the page over every loaded finding (`findings` in the
/// load's order), naming the first `listed` matched: what the store answers, for the page's
/// own path (no workers).
pub fn what_if_on_page(criteria: &FindingCriteria, findings: &[Finding], listed: usize) -> WhatIf {
    let (preview, firsts) = preview_with_first(criteria, findings, listed);
    let listed = firsts
        .into_iter()
        .filter_map(|index| {
            let finding = findings.get(index)?;
            Some(LoadPlace {
                first_seen: Origin {
                    record: index as u32,
                    ..Origin::default()
                },
                id: finding.id.to_string(),
                title: finding.title.as_deref().map(str::to_owned),
            })
        })
        .collect();
    WhatIf { preview, listed }
}

/// Merges sorted `other` into sorted `into`.
fn merge_sorted<T: Ord>(into: &mut Vec<T>, other: Vec<T>) {
    into.extend(other);
    into.sort_unstable();
}

impl SuppressionPartial {
    /// Merges another shard's part of the same what-if (the names are cut to the view's
    /// `listed` when finished: each shard's first few hold the overall first few).
    pub fn merge(&mut self, other: SuppressionPartial) {
        self.tally.merge(other.tally);
        merge_sorted(&mut self.listed, other.listed);
        merge_sorted(&mut self.matched_ids, other.matched_ids);
        merge_sorted(&mut self.undecided_ids, other.undecided_ids);
    }

    pub fn finish(mut self, criteria: &FindingCriteria, listed: usize) -> WhatIf {
        self.listed.truncate(listed);
        WhatIf {
            preview: Preview {
                matched_ids: self.matched_ids,
                undecided_ids: self.undecided_ids,
                ..self.tally.finish(criteria)
            },
            listed: self.listed,
        }
    }
}

/// Merges the what-ifs of two answers, what-if by what-if (`None`: a shard could not read the
/// criteria, and the what-if has no answer).
pub fn merge_what_ifs(
    into: &mut Vec<Option<SuppressionPartial>>,
    other: Vec<Option<SuppressionPartial>>,
) {
    if into.is_empty() {
        *into = other;
        return;
    }
    for (kept, other) in into.iter_mut().zip(other) {
        match (kept.as_mut(), other) {
            (Some(kept), Some(other)) => kept.merge(other),
            _ => *kept = None,
        }
    }
}

/// The finished what-ifs of `view`.
pub fn finish_what_ifs(
    view: &SuppressionView,
    partials: Vec<Option<SuppressionPartial>>,
) -> Vec<Option<WhatIf>> {
    view.read_criteria()
        .into_iter()
        .zip(partials)
        .map(|(criteria, partial)| Some(partial?.finish(&criteria?, view.listed as usize)))
        .collect()
}
