//! Folding the long tail of an indexed graph: rank the nodes a selection shows (a partial
//! sort: only the top of the tail is ordered), keep what fits beside the accounts and one
//! aggregate per folded kind, and assign every drawn node and aggregate a slot.

use crate::analysis::graph::plan::{fold_plan, FoldPlan};
use crate::analysis::graph::{GraphLimits, NodeKind};

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
        let present = (0..to_u32(self.nodes.len())).filter(|&n| node_bands[n as usize] != [0; 4]);
        let FoldPlan {
            drawn,
            folded: leftovers,
        } = fold_plan(
            present,
            |n| self.kind(n),
            |n| node_bands[n as usize],
            |n| self.key(n).to_owned(),
            limits,
        );

        // Slots: every drawn node and every aggregate; folded nodes point at their aggregate.
        let mut slots: Vec<Slot> = Vec::new();
        let mut slot_of = vec![u32::MAX; self.nodes.len()];
        let mut folded_node_count = 0_usize;
        for (kind, members) in &leftovers {
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
