//! Period comparison: which findings are new, still active or resolved between a baseline
//! selection and the current one, matched by finding id. The rules and truth table are in the
//! `briefing` module documentation.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::analysis::selection::Selection;
use crate::model::Finding;

/// Findings in one comparison group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeGroup {
    /// Indices into the current findings (new, persisting, reopened, new-archived) or into the
    /// baseline findings (resolved, still archived), ascending.
    pub indices: Vec<u32>,
    /// Findings per severity band, indexed by `SeverityBand::index`. The band is that of the
    /// record the indices point into.
    pub by_band: [u32; 4],
}

impl ChangeGroup {
    /// Findings in the group.
    pub fn count(&self) -> u64 {
        self.indices.len() as u64
    }

    fn add(&mut self, index: u32, finding: &Finding) {
        self.indices.push(index);
        let slot = &mut self.by_band[finding.severity.index()];
        *slot = slot.saturating_add(1);
    }
}

/// The comparison of a current selection with a baseline selection.
///
/// `new`, `persisting` and `resolved` (with `still_archived`) partition the ids of both
/// selections; `reopened` and `new_archived` are subsets named for the analyst.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Current findings whose id is not in the baseline selection (active or archived now).
    pub new: ChangeGroup,
    /// The part of `new` already archived now: raised and closed within the period.
    pub new_archived: ChangeGroup,
    /// Current findings whose id is in the baseline selection and that are active now.
    pub persisting: ChangeGroup,
    /// The part of `persisting` that was archived in the baseline and is active again.
    pub reopened: ChangeGroup,
    /// Baseline findings that were active then and are archived now or absent from the current
    /// selection (baseline indices).
    pub resolved: ChangeGroup,
    /// Baseline findings that were already archived then and are archived or absent now:
    /// closed before this period, so neither resolved now nor active (baseline indices).
    pub still_archived: ChangeGroup,
}

/// How many ids each group of a [`Comparison`] holds: what the briefing's sentences and
/// indicators say of it. Shards that own disjoint ids add theirs up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeCounts {
    pub new: u64,
    pub persisting: u64,
    pub resolved: u64,
}

impl ChangeCounts {
    /// Adds another part's counts (over other ids).
    pub fn add(&mut self, other: ChangeCounts) {
        self.new += other.new;
        self.persisting += other.persisting;
        self.resolved += other.resolved;
    }
}

impl Comparison {
    /// Its groups' sizes.
    pub fn counts(&self) -> ChangeCounts {
        ChangeCounts {
            new: self.new.count(),
            persisting: self.persisting.count(),
            resolved: self.resolved.count(),
        }
    }
}

/// The selected indices that point at a finding, ascending, each once.
pub(super) fn members(findings: &[Finding], selected: &[u32]) -> Vec<u32> {
    Selection::within(findings, selected).into_indices()
}

/// For each id, whether its first selected finding (lowest index) is archived.
fn archived_by_id<'a>(findings: &'a [Finding], members: &[u32]) -> HashMap<&'a str, bool> {
    let mut states: HashMap<&str, bool> = HashMap::with_capacity(members.len());
    for &index in members {
        if let Some(finding) = findings.get(index as usize) {
            states.entry(&*finding.id).or_insert(finding.archived);
        }
    }
    states
}

/// Compares the selected current findings with the selected baseline findings by id; see the
/// module documentation of `briefing` for the truth table. Indices outside their slice and
/// repeated indices are ignored. When one selection names an id twice (a `FindingSet` never
/// does), the lowest index speaks for the id on the other side.
pub fn compare(
    current: &[Finding],
    current_selected: &[u32],
    baseline: &[Finding],
    baseline_selected: &[u32],
) -> Comparison {
    let current_members = members(current, current_selected);
    let baseline_members = members(baseline, baseline_selected);
    let current_states = archived_by_id(current, &current_members);
    let baseline_states = archived_by_id(baseline, &baseline_members);
    let mut comparison = Comparison::default();
    for &index in &current_members {
        let Some(finding) = current.get(index as usize) else {
            continue;
        };
        match baseline_states.get(&*finding.id) {
            None => {
                comparison.new.add(index, finding);
                if finding.archived {
                    comparison.new_archived.add(index, finding);
                }
            }
            Some(&was_archived) => {
                if !finding.archived {
                    comparison.persisting.add(index, finding);
                    if was_archived {
                        comparison.reopened.add(index, finding);
                    }
                }
            }
        }
    }
    for &index in &baseline_members {
        let Some(finding) = baseline.get(index as usize) else {
            continue;
        };
        let active_now = current_states.get(&*finding.id) == Some(&false);
        if active_now {
            continue;
        }
        if finding.archived {
            comparison.still_archived.add(index, finding);
        } else {
            comparison.resolved.add(index, finding);
        }
    }
    comparison
}
