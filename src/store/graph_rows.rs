//! A shard's answers to the two graph queries (see `store::graph`), from its rows' columns and
//! rare detail (no finding is rebuilt), read by the graph's own rule (`graph::plan::FindingNodes`).

use std::collections::{BTreeMap, BTreeSet};

use super::graph::{
    edge_kind_number, keep_earliest, slot_of, GraphFoldPartial, GraphNodesPartial, GraphView,
    SequencePart, SlotEdge,
};
use super::shard::Shard;
use crate::analysis::graph::plan::FindingNodes;

impl Shard {
    /// The selected rows with their band (`SeverityBand::index`) and the nodes each names,
    /// read from the columns and the detail without rebuilding the findings.
    fn named_rows<'a>(
        &'a self,
        selected: &'a [u32],
    ) -> impl Iterator<Item = (usize, usize, FindingNodes)> + 'a {
        selected.iter().map(|&row| {
            let row = row as usize;
            let named = FindingNodes::of_parts(self.graph_parts_of(row));
            (row, self.severity(row).index(), named)
        })
    }

    /// The first graph query: selected findings per node, the selected attack sequences, and
    /// the resources of every finding (selected or not) a signal key names.
    pub(super) fn graph_nodes(&self, selected: &[u32], view: &GraphView) -> GraphNodesPartial {
        let mut partial = GraphNodesPartial {
            selected: selected.len() as u32,
            ..GraphNodesPartial::default()
        };
        for (row, band, named) in self.named_rows(selected) {
            let mut any = false;
            for node in named.all() {
                any = true;
                partial.nodes.entry(node.key.clone()).or_default()[band] += 1;
            }
            partial.unlinked += u32::from(!any);
            if let Some(sequence) = self.attack_sequence_of(row) {
                partial.sequences.push(SequencePart {
                    id: self.ids[row].to_string(),
                    band: band as u8,
                    own: named.resources.iter().map(|n| n.key.clone()).collect(),
                    resource_uids: sequence
                        .resource_uids
                        .iter()
                        .map(|u| u.to_string())
                        .collect(),
                    signal_uids: sequence.signal_uids.iter().map(|u| u.to_string()).collect(),
                });
            }
        }
        partial.sequences.sort_unstable();
        if !view.signal_keys.is_empty() {
            let keys: BTreeSet<&str> = view.signal_keys.iter().map(String::as_str).collect();
            for row in 0..self.len() {
                let id = &*self.ids[row];
                let arn = self.arn_of(row);
                let named: Vec<&str> = [Some(id), arn]
                    .into_iter()
                    .flatten()
                    .filter(|reference| keys.contains(reference))
                    .collect();
                if named.is_empty() {
                    continue;
                }
                let resources: Vec<String> = FindingNodes::of_parts(self.graph_parts_of(row))
                    .resources
                    .into_iter()
                    .map(|n| n.key)
                    .collect();
                let origin = self.first_seen[row];
                for reference in named {
                    keep_earliest(&mut partial.signal_resources, reference, origin, || {
                        resources.clone()
                    });
                }
            }
        }
        partial
    }

    /// The second graph query: the selected findings folded onto the drawn nodes and the
    /// aggregates, each counted once per slot and per edge, and the drawn nodes' labels.
    pub(super) fn graph_fold(&self, selected: &[u32], drawn: &[String]) -> GraphFoldPartial {
        let drawn: BTreeSet<&str> = drawn.iter().map(String::as_str).collect();
        let mut partial = GraphFoldPartial::default();
        let mut edges: BTreeMap<SlotEdge, [u32; 4]> = BTreeMap::new();
        for (row, band, named) in self.named_rows(selected) {
            let origin = self.first_seen[row];
            let mut slots: BTreeSet<String> = BTreeSet::new();
            for node in named.all() {
                let slot = slot_of(&node.key, &drawn);
                if let (Some(offer), true) = (&node.offer, slot == node.key) {
                    keep_earliest(&mut partial.labels, &slot, origin, || offer.clone());
                }
                slots.insert(slot);
            }
            for slot in slots {
                partial.slots.entry(slot).or_default()[band] += 1;
            }
            let mut joined: BTreeSet<SlotEdge> = BTreeSet::new();
            for (from, to, kind) in named.edges() {
                let (a, b) = (slot_of(&from.key, &drawn), slot_of(&to.key, &drawn));
                if a != b {
                    joined.insert((a, b, edge_kind_number(kind)));
                }
            }
            for edge in joined {
                edges.entry(edge).or_default()[band] += 1;
            }
        }
        partial.edges = edges.into_iter().collect();
        partial
    }
}
