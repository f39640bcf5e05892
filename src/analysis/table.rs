//! Sorting for the findings table (stable, with the id as the final tie-breaker so equal inputs
//! always give the same order).

use std::cmp::Ordering;

use crate::model::Finding;

/// A column the table can sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    Severity,
    LastSeen,
    Count,
    FindingType,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        Self::Severity,
        Self::LastSeen,
        Self::Count,
        Self::FindingType,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Severity => "Severity",
            Self::LastSeen => "Last seen",
            Self::Count => "Count",
            Self::FindingType => "Type",
        }
    }

    /// The direction a first click sorts in: most severe, newest and most frequent first;
    /// types alphabetically.
    pub fn default_descending(self) -> bool {
        !matches!(self, Self::FindingType)
    }

    fn compare(self, a: &Finding, b: &Finding) -> Ordering {
        match self {
            Self::Severity => a.severity_score.total_cmp(&b.severity_score),
            Self::LastSeen => last_seen(a).cmp(&last_seen(b)),
            Self::Count => a.count.cmp(&b.count),
            Self::FindingType => a.finding_type.full.cmp(&b.finding_type.full),
        }
    }
}

fn last_seen(finding: &Finding) -> Option<i64> {
    finding
        .last_seen_at
        .or(finding.updated_at)
        .map(|instant| instant.0)
}

/// Sorts `indices` (into `findings`) by `key`; ties fall back to last seen (newest first) and
/// then to the id, so the order is total and deterministic.
pub fn sort_indices(findings: &[Finding], indices: &mut [u32], key: SortKey, descending: bool) {
    indices.sort_by(|&a, &b| {
        let (Some(fa), Some(fb)) = (findings.get(a as usize), findings.get(b as usize)) else {
            return a.cmp(&b);
        };
        let primary = key.compare(fa, fb);
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| last_seen(fb).cmp(&last_seen(fa)))
            .then_with(|| fa.id.cmp(&fb.id))
    });
}

/// Every finding's index, sorted as [`sort_indices`] sorts: computed once per load and sort
/// order, so that [`restrict_order`] can give each selection's order without sorting it.
pub fn sorted_all(findings: &[Finding], key: SortKey, descending: bool) -> Vec<u32> {
    let mut order: Vec<u32> = (0..u32::try_from(findings.len()).unwrap_or(u32::MAX)).collect();
    sort_indices(findings, &mut order, key, descending);
    order
}

/// The entries of `order` that `selected` names, in `order`'s order. With `order` from
/// [`sorted_all`] and a selection without repeats or out-of-range indices (what a filter
/// gives), this is the selection as [`sort_indices`] would sort it, in linear time.
pub fn restrict_order(order: &[u32], selected: &[u32]) -> Vec<u32> {
    let mut wanted = vec![false; order.len()];
    for &i in selected {
        if let Some(slot) = wanted.get_mut(i as usize) {
            *slot = true;
        }
    }
    order
        .iter()
        .copied()
        .filter(|&i| wanted.get(i as usize).copied().unwrap_or(false))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, EpochMillis, FindingType, Text};

    fn finding(id: &str, kind: &str, severity: f64, count: u64, last_seen_ms: i64) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        let mut f = Finding::new(id.into(), kind, severity, Dialect::CamelCase);
        f.count = count;
        f.last_seen_at = Some(EpochMillis(last_seen_ms));
        f
    }

    fn findings() -> Vec<Finding> {
        vec![
            finding("a", "Recon:EC2/Portscan", 2.0, 10, 300),
            finding("b", "Backdoor:EC2/Spambot", 8.0, 1, 100),
            finding("c", "Trojan:EC2/DropPoint", 8.0, 5, 200),
        ]
    }

    fn sorted(key: SortKey, descending: bool) -> Vec<&'static str> {
        let all = findings();
        let mut indices = vec![0, 1, 2];
        sort_indices(&all, &mut indices, key, descending);
        indices
            .iter()
            .map(|&i| ["a", "b", "c"][i as usize])
            .collect()
    }

    #[test]
    fn severity_ties_are_broken_by_newest_last_seen() {
        assert_eq!(sorted(SortKey::Severity, true), ["c", "b", "a"]);
        assert_eq!(sorted(SortKey::Severity, false), ["a", "c", "b"]);
    }

    #[test]
    fn restricting_the_sorted_whole_equals_sorting_the_selection() {
        let mut all = findings();
        // Ties on every key, so the fallbacks decide too.
        all.push(finding("d", "Recon:EC2/Portscan", 8.0, 5, 300));
        all.push(finding("e", "Recon:EC2/Portscan", 2.0, 10, 100));
        all.push(finding("f", "Trojan:EC2/DropPoint", 5.0, 1, 200));
        let selections: [&[u32]; 5] = [&[], &[0, 1, 2, 3, 4, 5], &[5, 1, 3], &[4], &[2, 0, 4, 5]];
        for key in SortKey::ALL {
            for descending in [false, true] {
                let order = sorted_all(&all, key, descending);
                for selected in selections {
                    let mut expected = selected.to_vec();
                    sort_indices(&all, &mut expected, key, descending);
                    assert_eq!(
                        restrict_order(&order, selected),
                        expected,
                        "{key:?} descending {descending}, {selected:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn each_key_sorts_by_its_column() {
        assert_eq!(sorted(SortKey::LastSeen, true), ["a", "c", "b"]);
        assert_eq!(sorted(SortKey::Count, true), ["a", "c", "b"]);
        assert_eq!(sorted(SortKey::FindingType, false), ["b", "a", "c"]);
    }
}
