//! The per-load resource-graph index: every node and edge any finding puts in the graph,
//! numbered once, and per finding the ids of its nodes and edges, so a filter change only
//! counts integers over the selected findings.
//!
//! [`GraphIndex::resource_graph`] gives exactly the answer of [`reference::resource_graph`](crate::analysis::reference::resource_graph)
//! (`tests/analysis_index.rs` checks them against each other): counts per node and edge in a
//! first pass, ranking only the top of the long tail (a partial sort), then a second pass
//! that lists the findings of the nodes and edges actually drawn. Attack-sequence edges
//! depend on which nodes the selection shows, so their candidate members are stored per
//! sequence finding and joined per selection. An index is only valid for the finding slice it
//! was built from; given another, a fresh index is built for the call.

use rustc_hash::FxHashMap;

use super::plan::{sequence_star, FindingNodes};
use crate::analysis::columns::PerFindingLists;
use crate::analysis::selection::Selection;
use crate::model::Finding;

use super::{
    findings_by_ref, highest_band, sequence_links, EdgeKind, GraphEdge, GraphLimits, GraphNode,
    NodeKind, ResourceGraph,
};

/// One node any finding puts in the graph.
#[derive(Clone, Debug)]
struct NodeInfo {
    key: Box<str>,
    kind: NodeKind,
    /// The label when no selected finding offers a better one (display name, country code).
    label: Box<str>,
}

/// An attack-sequence finding and the nodes it may join.
#[derive(Clone, Debug)]
struct SequenceInfo {
    finding: u32,
    /// Its own resource nodes, in its order (the first is the hub).
    own: Vec<u32>,
    /// Other candidate members: resources named by its resource uids, its signals' resources.
    others: Vec<u32>,
}

/// Node and edge ids per finding; see the module documentation.
#[derive(Clone, Debug, Default)]
pub struct GraphIndex {
    len: usize,
    /// `SeverityBand::index` of each finding.
    bands: Vec<u8>,
    nodes: Vec<NodeInfo>,
    node_lists: PerFindingLists<u32>,
    edges: Vec<(u32, u32, EdgeKind)>,
    edge_lists: PerFindingLists<u32>,
    /// `offers[offer_starts[n]..offer_starts[n + 1]]`: the findings (ascending) offering node
    /// `n` a final label, and the label; the first selected one wins.
    offer_starts: Vec<u32>,
    offers: Vec<(u32, Box<str>)>,
    /// Ascending by finding.
    sequences: Vec<SequenceInfo>,
}

/// An edge between two slots of the drawn graph: (from, to, kind).
type SlotEdge = (u32, u32, EdgeKind);

mod fold;
use fold::{Folded, Slot};

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[derive(Default)]
struct Build {
    nodes: Vec<NodeInfo>,
    ids: FxHashMap<Box<str>, u32>,
    /// (node, finding, label).
    offers: Vec<(u32, u32, Box<str>)>,
}

impl Build {
    fn node(&mut self, key: &str, kind: NodeKind, label: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = to_u32(self.nodes.len());
        self.ids.insert(key.into(), id);
        self.nodes.push(NodeInfo {
            key: key.into(),
            kind,
            label: label.into(),
        });
        id
    }
}

impl GraphIndex {
    /// Indexes `findings` (once per load).
    pub fn build(findings: &[Finding]) -> Self {
        let mut build = Build::default();
        let mut edge_ids: FxHashMap<(u32, u32, EdgeKind), u32> = FxHashMap::default();
        let mut index = Self {
            len: findings.len(),
            ..Self::default()
        };
        for (i, finding) in findings.iter().enumerate() {
            let i = to_u32(i);
            index.bands.push(finding.severity.index() as u8);
            let named = FindingNodes::of(finding);
            let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
            for node in named.all() {
                let id = build.node(&node.key, node.kind, &node.id);
                if let Some(offer) = &node.offer {
                    build.offers.push((id, i, offer.as_str().into()));
                }
                ids.insert(&node.key, id);
                index.node_lists.push(id);
            }
            index.node_lists.close();
            for (from, to, kind) in named.edges() {
                let (from, to) = (ids[from.key.as_str()], ids[to.key.as_str()]);
                let next = to_u32(index.edges.len());
                let id = *edge_ids.entry((from, to, kind)).or_insert_with(|| {
                    index.edges.push((from, to, kind));
                    next
                });
                index.edge_lists.push(id);
            }
            index.edge_lists.close();
        }
        index.sequences = sequences(findings, &build);
        let Build { nodes, offers, .. } = build;
        // Offers arrive by finding; order them by node, keeping the finding order.
        let mut offers = offers;
        offers.sort_by_key(|&(node, finding, _)| (node, finding));
        index.offer_starts = Vec::with_capacity(nodes.len() + 1);
        let mut at = 0;
        for n in 0..nodes.len() {
            index.offer_starts.push(to_u32(at));
            while offers.get(at).is_some_and(|o| o.0 as usize == n) {
                at += 1;
            }
        }
        index.offer_starts.push(to_u32(at));
        index.offers = offers
            .into_iter()
            .map(|(_, finding, label)| (finding, label))
            .collect();
        index.nodes = nodes;
        index
    }

    /// Whether the index was built from a slice of this length.
    pub fn fits(&self, findings: &[Finding]) -> bool {
        self.len == findings.len()
    }

    /// Exactly [`reference::resource_graph`](crate::analysis::reference::resource_graph) of `selected`, from the index.
    pub fn resource_graph(
        &self,
        findings: &[Finding],
        selected: &[u32],
        limits: GraphLimits,
    ) -> ResourceGraph {
        if !self.fits(findings) {
            return Self::build(findings).resource_graph(findings, selected, limits);
        }
        let selection = Selection::of(selected, self.len).into_indices();
        let mut is_selected = vec![false; self.len];
        for &i in &selection {
            is_selected[i as usize] = true;
        }
        let band = |i: u32| self.bands.get(i as usize).copied().unwrap_or(0) as usize;

        // Pass 1: counts per node and edge.
        let mut node_bands = vec![[0_u32; 4]; self.nodes.len()];
        let mut edge_bands = vec![[0_u32; 4]; self.edges.len()];
        let mut unlinked = 0_u32;
        for &i in &selection {
            let b = band(i);
            let nodes = self.node_lists.of(i as usize);
            if nodes.is_empty() {
                unlinked += 1;
            }
            for &n in nodes {
                node_bands[n as usize][b] += 1;
            }
            for &e in self.edge_lists.of(i as usize) {
                edge_bands[e as usize][b] += 1;
            }
        }
        let present = |n: u32| node_bands[n as usize] != [0; 4];

        // Attack sequences joined among the nodes shown: (finding, from, to), from < to.
        let mut sequence_pairs: Vec<(u32, u32, u32)> = Vec::new();
        for sequence in &self.sequences {
            if !is_selected[sequence.finding as usize] {
                continue;
            }
            let others = sequence.others.iter().copied().filter(|&n| present(n));
            let star = sequence_star(&sequence.own, others, |n| self.key(n).to_owned());
            for (hub, m) in star {
                sequence_pairs.push((sequence.finding, hub.min(m), hub.max(m)));
            }
        }

        // Rank and fold the long tail.
        let Folded {
            mut slots,
            slot_of,
            folded_node_count,
        } = self.fold(&node_bands, limits);

        // Edges merged onto slots: (from slot, to slot, kind), unordered for attack sequences.
        let merged_key = |from: u32, to: u32, kind: EdgeKind| {
            let (a, b) = (slot_of[from as usize], slot_of[to as usize]);
            if a == b || a == u32::MAX || b == u32::MAX {
                return None;
            }
            Some(if kind == EdgeKind::AttackSequence {
                (a.min(b), a.max(b), kind)
            } else {
                (a, b, kind)
            })
        };
        let mut merged_ids: FxHashMap<SlotEdge, u32> = FxHashMap::default();
        let mut merged: Vec<(SlotEdge, Vec<u32>, [u32; 4])> = Vec::new();
        let mut merged_id = |key: SlotEdge| {
            let next = to_u32(merged.len());
            *merged_ids.entry(key).or_insert_with(|| {
                merged.push((key, Vec::new(), [0; 4]));
                next
            })
        };
        let mut edge_slot = vec![u32::MAX; self.edges.len()];
        for (e, &(from, to, kind)) in self.edges.iter().enumerate() {
            if edge_bands[e] != [0; 4] {
                if let Some(key) = merged_key(from, to, kind) {
                    edge_slot[e] = merged_id(key);
                }
            }
        }
        let sequence_slots: Vec<(u32, u32)> = sequence_pairs
            .iter()
            .filter_map(|&(finding, a, b)| {
                merged_key(a, b, EdgeKind::AttackSequence).map(|key| (finding, merged_id(key)))
            })
            .collect();

        // Pass 2: the findings of every slot and merged edge.
        let push = |list: &mut Vec<u32>, by_band: &mut [u32; 4], i: u32, b: usize| {
            if list.last() != Some(&i) {
                list.push(i);
                by_band[b] += 1;
            }
        };
        let mut next_sequence = 0;
        for &i in &selection {
            let b = band(i);
            for &n in self.node_lists.of(i as usize) {
                if let Some(slot) = slots.get_mut(slot_of[n as usize] as usize) {
                    push(&mut slot.findings, &mut slot.by_band, i, b);
                }
            }
            for &e in self.edge_lists.of(i as usize) {
                if let Some((_, list, by_band)) = merged.get_mut(edge_slot[e as usize] as usize) {
                    push(list, by_band, i, b);
                }
            }
            while let Some(&(finding, m)) = sequence_slots.get(next_sequence) {
                if finding > i {
                    break;
                }
                next_sequence += 1;
                if let Some((_, list, by_band)) = merged.get_mut(m as usize) {
                    push(list, by_band, i, b);
                }
            }
        }

        // Final order and the graph.
        let slot_key = |s: &Slot| -> String {
            match s.node {
                Some(n) => self.key(n).to_owned(),
                None => format!("more:{}", s.kind.key_prefix()),
            }
        };
        let keys: Vec<String> = slots.iter().map(slot_key).collect();
        let mut order: Vec<usize> = (0..slots.len()).collect();
        order.sort_by(|&a, &b| {
            let (sa, sb) = (&slots[a], &slots[b]);
            sa.kind
                .cmp(&sb.kind)
                .then_with(|| sa.node.is_none().cmp(&sb.node.is_none()))
                .then_with(|| sb.findings.len().cmp(&sa.findings.len()))
                .then_with(|| keys[a].cmp(&keys[b]))
        });
        let mut position = vec![0_usize; slots.len()];
        for (new, &old) in order.iter().enumerate() {
            position[old] = new;
        }
        let mut keys: Vec<Option<String>> = keys.into_iter().map(Some).collect();
        let mut taken: Vec<Option<Slot>> = slots.into_iter().map(Some).collect();
        let nodes: Vec<GraphNode> = order
            .iter()
            .filter_map(|&s| {
                let slot = taken.get_mut(s)?.take()?;
                let key = keys.get_mut(s)?.take()?;
                let label = match slot.node {
                    Some(n) => self.label(n, &is_selected).to_owned(),
                    None => format!("{} more {}", slot.member_count, slot.kind.plural()),
                };
                Some(GraphNode {
                    key,
                    kind: slot.kind,
                    label,
                    finding_count: to_u32(slot.findings.len()),
                    by_band: slot.by_band,
                    highest_severity: highest_band(&slot.by_band),
                    findings: slot.findings,
                    member_count: slot.member_count,
                    aggregated: slot.node.is_none(),
                })
            })
            .collect();
        let mut edges: Vec<GraphEdge> = merged
            .into_iter()
            .map(|((a, b, kind), list, by_band)| {
                let (from, to) = (position[a as usize], position[b as usize]);
                let (from, to) = if kind == EdgeKind::AttackSequence {
                    (from.min(to), from.max(to))
                } else {
                    (from, to)
                };
                GraphEdge {
                    from,
                    to,
                    kind,
                    finding_count: to_u32(list.len()),
                    by_band,
                    highest_severity: highest_band(&by_band),
                    findings: list,
                }
            })
            .collect();
        edges.sort_by_key(|e| (e.from, e.to, e.kind));

        ResourceGraph {
            nodes,
            edges,
            selected_finding_count: to_u32(selection.len()),
            unlinked_finding_count: unlinked,
            folded_node_count: to_u32(folded_node_count),
        }
    }

    fn key(&self, n: u32) -> &str {
        self.nodes.get(n as usize).map_or("", |i| &i.key)
    }

    fn kind(&self, n: u32) -> NodeKind {
        self.nodes
            .get(n as usize)
            .map_or(NodeKind::Account, |i| i.kind)
    }

    /// The label of node `n`: the first selected finding's offer, else the provisional one.
    fn label(&self, n: u32, is_selected: &[bool]) -> &str {
        let n = n as usize;
        let from = self.offer_starts.get(n).copied().unwrap_or(0) as usize;
        let to = self.offer_starts.get(n + 1).copied().unwrap_or(0) as usize;
        self.offers
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .find(|(finding, _)| is_selected.get(*finding as usize) == Some(&true))
            .map(|(_, label)| &**label)
            .or_else(|| self.nodes.get(n).map(|i| &*i.label))
            .unwrap_or("")
    }
}

/// The candidate members of every attack-sequence finding (see the module documentation of
/// [`super`]): its own resources, the resources its uids name, its signals' resources.
fn sequences(findings: &[Finding], build: &Build) -> Vec<SequenceInfo> {
    if findings.iter().all(|f| f.attack_sequence.is_none()) {
        return Vec::new();
    }
    let mut by_resource_id: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (n, info) in build.nodes.iter().enumerate() {
        if let NodeKind::Resource(_) = info.kind {
            by_resource_id
                .entry(&info.label)
                .or_default()
                .push(to_u32(n));
        }
    }
    let by_finding_ref = findings_by_ref(findings);
    let resource_nodes = |finding: &Finding| -> Vec<u32> {
        FindingNodes::of(finding)
            .resources
            .iter()
            .filter_map(|node| build.ids.get(node.key.as_str()).copied())
            .collect()
    };
    let mut out = Vec::new();
    for (i, finding) in findings.iter().enumerate() {
        let Some(sequence) = finding.attack_sequence.as_ref() else {
            continue;
        };
        let own = resource_nodes(finding);
        let mut others: Vec<u32> = Vec::new();
        let signals = sequence_links(
            sequence,
            findings,
            &by_resource_id,
            &by_finding_ref,
            &mut others,
        );
        for signal in signals {
            others.extend(resource_nodes(signal));
        }
        out.push(SequenceInfo {
            finding: to_u32(i),
            own,
            others,
        });
    }
    out
}
