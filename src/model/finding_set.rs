//! The de-duplicated set of findings from every loaded file: one finding per id.

use rustc_hash::FxHashMap;

use super::{Finding, Text};

/// What happened to one record offered to [`FindingSet::merge`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MergeOutcome {
    /// The id was new: the set grew by one.
    Added,
    /// The id was known and this record is newer: it replaced the old one.
    Replaced,
    /// The id was known and the kept record is at least as new: this one was dropped.
    Superseded,
}

impl MergeOutcome {
    /// True when the record collapsed into an existing finding (replaced it or lost to it).
    pub fn is_duplicate(self) -> bool {
        !matches!(self, Self::Added)
    }
}

/// Findings keyed by id, in first-seen order. The kept record for an id is the one with the
/// newest `updated_at`; on a tie the larger `count`; on a full tie the one loaded first.
#[derive(Clone, Debug, Default)]
pub struct FindingSet {
    findings: Vec<Finding>,
    index_by_id: FxHashMap<Text, usize>,
}

impl FindingSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Offers one record; see the type's documentation for which record wins.
    pub fn merge(&mut self, candidate: Finding) -> MergeOutcome {
        match self.index_by_id.get(&candidate.id) {
            None => {
                self.index_by_id
                    .insert(candidate.id.clone(), self.findings.len());
                self.findings.push(candidate);
                MergeOutcome::Added
            }
            Some(&position) => {
                let kept = &mut self.findings[position];
                if is_newer(&candidate, kept) {
                    *kept = candidate;
                    MergeOutcome::Replaced
                } else {
                    MergeOutcome::Superseded
                }
            }
        }
    }

    /// Every kept finding, in the order their ids were first seen.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Every kept finding, owned, in the order their ids were first seen.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// The kept finding with this id.
    pub fn get(&self, id: &str) -> Option<&Finding> {
        self.index_by_id.get(id).map(|&i| &self.findings[i])
    }

    /// Where the kept finding with this id is in [`FindingSet::findings`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index_by_id.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// Makes room for `additional` more findings at once. A loader that can estimate the final
    /// count calls this early: growing by doubling would hold the old and the new array at the
    /// same moment, which sets the memory high-water mark of a large load.
    pub fn reserve(&mut self, additional: usize) {
        self.findings.reserve_exact(additional);
        self.index_by_id.reserve(additional);
    }
}

/// Newest `updated_at` wins (a missing time is older than any time); then the larger count.
fn is_newer(candidate: &Finding, kept: &Finding) -> bool {
    (candidate.updated_at, candidate.count) > (kept.updated_at, kept.count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, EpochMillis, FindingType};

    fn finding(id: &str, updated_ms: Option<i64>, count: u64, severity: f64) -> Finding {
        let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
        let mut f = Finding::new(id.into(), kind, severity, Dialect::CamelCase);
        f.updated_at = updated_ms.map(EpochMillis);
        f.count = count;
        f
    }

    #[test]
    fn a_newer_update_replaces_the_older_one() {
        let mut set = FindingSet::new();
        assert_eq!(
            set.merge(finding("a", Some(10), 1, 2.0)),
            MergeOutcome::Added
        );
        assert_eq!(
            set.merge(finding("a", Some(20), 1, 8.0)),
            MergeOutcome::Replaced
        );
        assert_eq!(set.len(), 1);
        assert_eq!(set.get("a").map(|f| f.severity_score), Some(8.0));
    }

    #[test]
    fn an_older_update_loaded_later_is_dropped() {
        let mut set = FindingSet::new();
        set.merge(finding("a", Some(20), 1, 8.0));
        assert_eq!(
            set.merge(finding("a", Some(10), 9, 2.0)),
            MergeOutcome::Superseded
        );
        assert_eq!(set.get("a").map(|f| f.severity_score), Some(8.0));
    }

    #[test]
    fn equal_update_times_keep_the_larger_count() {
        let mut set = FindingSet::new();
        set.merge(finding("a", Some(10), 3, 2.0));
        assert_eq!(
            set.merge(finding("a", Some(10), 5, 5.0)),
            MergeOutcome::Replaced
        );
        assert_eq!(
            set.merge(finding("a", Some(10), 4, 7.0)),
            MergeOutcome::Superseded
        );
        assert_eq!(set.get("a").map(|f| f.count), Some(5));
    }

    #[test]
    fn a_record_without_update_time_never_replaces_one_with_it() {
        let mut set = FindingSet::new();
        set.merge(finding("a", Some(10), 1, 2.0));
        assert_eq!(
            set.merge(finding("a", None, 99, 9.0)),
            MergeOutcome::Superseded
        );
    }

    #[test]
    fn different_ids_are_different_findings_in_first_seen_order() {
        let mut set = FindingSet::new();
        set.merge(finding("b", Some(1), 1, 2.0));
        set.merge(finding("a", Some(1), 1, 2.0));
        let ids: Vec<&str> = set.findings().iter().map(|f| &*f.id).collect();
        assert_eq!(ids, ["b", "a"]);
    }
}
