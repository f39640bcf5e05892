//! Folding the long tail of an indexed graph: rank the nodes a selection shows (a partial
//! sort: only the top of the tail is ordered), keep what fits beside the accounts and one
//! aggregate per folded kind, and assign every drawn node and aggregate a slot.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::analysis::graph::{highest_band, GraphLimits, NodeKind};

use super::{to_u32, GraphIndex};

/// One drawn node or aggregate of the graph being built (`node` is `None` for an aggregate).
pub(super) struct Slot {
    pub(super) node: Option<u32>,
    pub(super) kind: NodeKind,
    pub(super) member_count: u32,
    pub(super) findings: Vec<u32>,
    pub(super) by_band: [u32; 4],
}

/// The slots of a selection's graph, and which slot every index node went to.
pub(super) struct Folded {
    pub(super) slots: Vec<Slot>,
    /// Index node → slot (`u32::MAX`: not shown).
    pub(super) slot_of: Vec<u32>,
    pub(super) folded_node_count: usize,
}

impl GraphIndex {
    /// Ranks the present nodes (`node_bands` non-zero), keeps what `limits` allows and folds
    /// the rest per kind (a kind with one leftover keeps it).
    pub(super) fn fold(&self, node_bands: &[[u32; 4]], limits: GraphLimits) -> Folded {
        let present = |n: u32| node_bands[n as usize] != [0; 4];
        let count = |n: u32| node_bands[n as usize].iter().sum::<u32>();
        let highest = |n: u32| highest_band(&node_bands[n as usize]);
        let rank = |&a: &u32, &b: &u32| -> Ordering {
            count(b)
                .cmp(&count(a))
                .then_with(|| highest(b).cmp(&highest(a)))
                .then_with(|| self.key(a).cmp(self.key(b)))
        };
        let mut accounts: Vec<u32> = Vec::new();
        let mut ranked: Vec<u32> = Vec::new();
        for n in 0..to_u32(self.nodes.len()) {
            if present(n) {
                if self.kind(n) == NodeKind::Account {
                    accounts.push(n);
                } else {
                    ranked.push(n);
                }
            }
        }
        let kept = if accounts.len() + ranked.len() <= limits.max_nodes || ranked.is_empty() {
            ranked.len()
        } else {
            // Only the first `top` ranks can be kept: sort those, leave the rest unordered.
            let top = limits.max_nodes.saturating_sub(accounts.len());
            ranked.select_nth_unstable_by(top, rank);
            ranked[..top].sort_by(rank);
            let mut seen: Vec<NodeKind> = Vec::new();
            for &n in &ranked[top..] {
                if !seen.contains(&self.kind(n)) {
                    seen.push(self.kind(n));
                }
            }
            let mut distinct_after = vec![0_usize; top + 1];
            distinct_after[top] = seen.len();
            for k in (0..top).rev() {
                let kind = self.kind(ranked[k]);
                let new = !seen.contains(&kind);
                if new {
                    seen.push(kind);
                }
                distinct_after[k] = distinct_after[k + 1] + usize::from(new);
            }
            (0..=top)
                .rev()
                .find(|&k| accounts.len() + k + distinct_after[k] <= limits.max_nodes)
                .unwrap_or(0)
        };
        let mut leftovers: BTreeMap<NodeKind, Vec<u32>> = BTreeMap::new();
        for &n in ranked.get(kept..).unwrap_or(&[]) {
            leftovers.entry(self.kind(n)).or_default().push(n);
        }

        // Slots: every drawn node and every aggregate; folded nodes point at their aggregate.
        let mut slots: Vec<Slot> = Vec::new();
        let mut slot_of = vec![u32::MAX; self.nodes.len()];
        let mut folded_node_count = 0_usize;
        let mut drawn: Vec<u32> = accounts;
        drawn.extend_from_slice(ranked.get(..kept).unwrap_or(&ranked));
        for (kind, members) in &leftovers {
            if members.len() == 1 {
                drawn.extend_from_slice(members);
                continue;
            }
            folded_node_count += members.len();
            for &m in members {
                slot_of[m as usize] = to_u32(slots.len());
            }
            slots.push(Slot {
                node: None,
                kind: *kind,
                member_count: to_u32(members.len()),
                findings: Vec::new(),
                by_band: [0; 4],
            });
        }
        for n in drawn {
            slot_of[n as usize] = to_u32(slots.len());
            slots.push(Slot {
                node: Some(n),
                kind: self.kind(n),
                member_count: 1,
                findings: Vec::new(),
                by_band: [0; 4],
            });
        }

        Folded {
            slots,
            slot_of,
            folded_node_count,
        }
    }
}
