//! The affected-resource graph from the store, in two queries. First each shard counts the
//! selected findings per node (they add: every finding is in one shard) and lists its selected
//! attack sequences and the resources of the findings their signals name; the page merges
//! them and decides which nodes are drawn ([`drawn_nodes`], the per-load index's rule). Then
//! each shard folds its own findings onto the drawn nodes and the aggregates, counting
//! distinct findings per node and edge, and offers labels; the page joins the attack
//! sequences among the shown nodes and finishes the graph ([`finish_graph`]), the same graph
//! `GraphIndex::resource_graph` draws (but for the finding lists, which name page indices).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::origin::Origin;
use crate::analysis::graph::plan::{fold_plan, sequence_star, FoldPlan};
use crate::analysis::graph::{
    highest_band, EdgeKind, GraphEdge, GraphLimits, GraphNode, NodeKind, ResourceGraph,
};

/// What a graph query asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphView {
    /// Every attack sequence's signal keys (`LoadFacts::signal_keys`).
    pub signal_keys: Vec<String>,
    /// `None`: the first query (counts per node); else the second, with the drawn nodes' keys
    /// ([`drawn_nodes`]), sorted.
    pub drawn: Option<Vec<String>>,
}

/// A selected attack-sequence finding and what it may join.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SequencePart {
    pub id: String,
    /// `SeverityBand::index`.
    pub band: u8,
    /// Its own resource nodes, in its order (the first is the hub).
    pub own: Vec<String>,
    pub resource_uids: Vec<String>,
    pub signal_uids: Vec<String>,
}

/// One shard's part of the first query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphNodesPartial {
    pub selected: u32,
    /// Selected findings that name no node.
    pub unlinked: u32,
    /// Node key → selected findings naming it, per band.
    pub nodes: BTreeMap<String, [u32; 4]>,
    /// Sorted by id.
    pub sequences: Vec<SequencePart>,
    /// A finding id or ARN the signal keys name → where that finding was first read (the
    /// earliest wins, as `graph::findings_by_ref` keeps the first) and its resource nodes.
    pub signal_resources: BTreeMap<String, (Origin, Vec<String>)>,
}

/// An edge between two slots (a drawn node's key, or an aggregate's), with its kind's number.
pub type SlotEdge = (String, String, u8);

/// One shard's part of the second query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphFoldPartial {
    /// Slot key → distinct selected findings per band.
    pub slots: BTreeMap<String, [u32; 4]>,
    /// Edges between different slots → distinct selected findings per band, sorted by edge.
    pub edges: Vec<(SlotEdge, [u32; 4])>,
    /// Drawn node → the label its earliest selected finding offers, with where it was read.
    pub labels: BTreeMap<String, (Origin, String)>,
}

/// Keeps `value` for `key` unless what `map` holds was read no later than `origin` (the
/// earliest-read finding wins, as the page's set orders them).
pub fn keep_earliest<V>(
    map: &mut BTreeMap<String, (Origin, V)>,
    key: &str,
    origin: Origin,
    value: impl FnOnce() -> V,
) {
    match map.get(key) {
        Some((kept, _)) if *kept <= origin => {}
        _ => {
            map.insert(key.to_owned(), (origin, value()));
        }
    }
}

fn add_bands(into: &mut [u32; 4], other: [u32; 4]) {
    for (total, n) in into.iter_mut().zip(other) {
        *total += n;
    }
}

/// The number an edge kind travels as.
pub fn edge_kind_number(kind: EdgeKind) -> u8 {
    match kind {
        EdgeKind::BelongsTo => 0,
        EdgeKind::Touched => 1,
        EdgeKind::AttackSequence => 2,
    }
}

fn edge_kind_of(number: u8) -> EdgeKind {
    match number {
        0 => EdgeKind::BelongsTo,
        1 => EdgeKind::Touched,
        _ => EdgeKind::AttackSequence,
    }
}

/// The kind of a slot: a node's, or an aggregate's (`more:<prefix>`).
fn slot_kind(key: &str) -> Option<NodeKind> {
    match key.strip_prefix("more:") {
        Some(prefix) => NodeKind::of_key(&format!("{prefix}:")).map(|(kind, _)| kind),
        None => NodeKind::of_key(key).map(|(kind, _)| kind),
    }
}

impl GraphNodesPartial {
    pub fn merge(&mut self, other: GraphNodesPartial) {
        self.selected += other.selected;
        self.unlinked += other.unlinked;
        for (key, bands) in other.nodes {
            add_bands(self.nodes.entry(key).or_default(), bands);
        }
        self.sequences.extend(other.sequences);
        self.sequences.sort_unstable();
        for (reference, (origin, resources)) in other.signal_resources {
            keep_earliest(&mut self.signal_resources, &reference, origin, || resources);
        }
    }

    fn plan(&self, limits: GraphLimits) -> FoldPlan<&str> {
        fold_plan(
            self.nodes.keys().map(String::as_str),
            |key| slot_kind(key).unwrap_or(NodeKind::Account),
            |key| self.nodes.get(key).copied().unwrap_or_default(),
            str::to_owned,
            limits,
        )
    }
}

impl GraphFoldPartial {
    pub fn merge(&mut self, other: GraphFoldPartial) {
        for (key, bands) in other.slots {
            add_bands(self.slots.entry(key).or_default(), bands);
        }
        let mut edges: BTreeMap<SlotEdge, [u32; 4]> =
            std::mem::take(&mut self.edges).into_iter().collect();
        for (edge, bands) in other.edges {
            add_bands(edges.entry(edge).or_default(), bands);
        }
        self.edges = edges.into_iter().collect();
        for (key, (origin, label)) in other.labels {
            keep_earliest(&mut self.labels, &key, origin, || label);
        }
    }
}

/// The keys of the nodes drawn for a selection whose nodes `nodes` counts, sorted: every
/// account, the top-ranked others that fit, a kind's single leftover.
pub fn drawn_nodes(nodes: &GraphNodesPartial, limits: GraphLimits) -> Vec<String> {
    let mut drawn: Vec<String> = nodes
        .plan(limits)
        .drawn
        .into_iter()
        .map(str::to_owned)
        .collect();
    drawn.sort_unstable();
    drawn
}

/// The slot a present node is drawn in: itself, or its kind's aggregate.
pub fn slot_of(key: &str, drawn: &BTreeSet<&str>) -> String {
    if drawn.contains(key) {
        return key.to_owned();
    }
    slot_kind(key).map_or_else(|| key.to_owned(), NodeKind::aggregate_key)
}

/// The attack-sequence edges among the shown nodes, as unordered slot pairs with the bands of
/// the distinct sequence findings behind each.
fn sequence_edges(
    nodes: &GraphNodesPartial,
    drawn: &BTreeSet<&str>,
) -> BTreeMap<(String, String), [u32; 4]> {
    let present = |key: &str| nodes.nodes.contains_key(key);
    let mut by_resource_id: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for key in nodes.nodes.keys() {
        if let Some((NodeKind::Resource(_), id)) = NodeKind::of_key(key) {
            by_resource_id.entry(id).or_default().push(key);
        }
    }
    let mut edges: BTreeMap<(String, String), [u32; 4]> = BTreeMap::new();
    for sequence in &nodes.sequences {
        let mut others: Vec<&str> = Vec::new();
        for uid in &sequence.resource_uids {
            let uid = uid.trim();
            let tail = uid.rsplit(['/', ':']).next().unwrap_or(uid);
            for candidate in [uid, tail] {
                if let Some(keys) = by_resource_id.get(candidate) {
                    others.extend(keys.iter().copied());
                }
            }
        }
        for uid in &sequence.signal_uids {
            let uid = uid.trim();
            let tail = uid.rsplit('/').next().unwrap_or(uid);
            let signal = nodes
                .signal_resources
                .get(uid)
                .or_else(|| nodes.signal_resources.get(tail));
            if let Some((_, resources)) = signal {
                others.extend(resources.iter().map(String::as_str));
            }
        }
        let own: Vec<&str> = sequence.own.iter().map(String::as_str).collect();
        let others = others.into_iter().filter(|key| present(key));
        let mut joined: BTreeSet<(String, String)> = BTreeSet::new();
        for (hub, member) in sequence_star(&own, others, str::to_owned) {
            let (a, b) = (slot_of(hub, drawn), slot_of(member, drawn));
            if a != b {
                joined.insert((a.clone().min(b.clone()), a.max(b)));
            }
        }
        for pair in joined {
            edges.entry(pair).or_default()[usize::from(sequence.band).min(3)] += 1;
        }
    }
    edges
}

/// The graph of the selection both queries answered (with the same `limits` that chose the
/// drawn nodes).
pub fn finish_graph(
    nodes: &GraphNodesPartial,
    folded: &GraphFoldPartial,
    limits: GraphLimits,
) -> ResourceGraph {
    let plan = nodes.plan(limits);
    let drawn: BTreeSet<&str> = plan.drawn.iter().copied().collect();
    let folded_members: BTreeMap<String, u32> = plan
        .folded
        .iter()
        .map(|(kind, members)| (kind.aggregate_key(), members.len() as u32))
        .collect();
    let mut graph_nodes: Vec<GraphNode> = folded
        .slots
        .iter()
        .filter_map(|(key, &by_band)| {
            let kind = slot_kind(key)?;
            let member_count = folded_members.get(key).copied();
            let label = match member_count {
                Some(count) => format!("{count} more {}", kind.plural()),
                None => match folded.labels.get(key) {
                    Some((_, label)) => label.clone(),
                    None => NodeKind::of_key(key).map_or("", |(_, id)| id).to_owned(),
                },
            };
            Some(GraphNode {
                key: key.clone(),
                kind,
                label,
                finding_count: by_band.iter().sum(),
                by_band,
                highest_severity: highest_band(&by_band),
                findings: Vec::new(),
                member_count: member_count.unwrap_or(1),
                aggregated: member_count.is_some(),
            })
        })
        .collect();
    graph_nodes.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| a.aggregated.cmp(&b.aggregated))
            .then_with(|| b.finding_count.cmp(&a.finding_count))
            .then_with(|| a.key.cmp(&b.key))
    });
    let position: BTreeMap<&str, usize> = graph_nodes
        .iter()
        .enumerate()
        .map(|(at, node)| (node.key.as_str(), at))
        .collect();
    let edge = |from: &str, to: &str, kind: EdgeKind, by_band: [u32; 4]| {
        let (from, to) = (*position.get(from)?, *position.get(to)?);
        let (from, to) = if kind == EdgeKind::AttackSequence {
            (from.min(to), from.max(to))
        } else {
            (from, to)
        };
        Some(GraphEdge {
            from,
            to,
            kind,
            finding_count: by_band.iter().sum(),
            by_band,
            highest_severity: highest_band(&by_band),
            findings: Vec::new(),
        })
    };
    let mut edges: Vec<GraphEdge> = folded
        .edges
        .iter()
        .filter_map(|((from, to, kind), by_band)| edge(from, to, edge_kind_of(*kind), *by_band))
        .collect();
    for ((a, b), by_band) in sequence_edges(nodes, &drawn) {
        edges.extend(edge(&a, &b, EdgeKind::AttackSequence, by_band));
    }
    edges.sort_by_key(|e| (e.from, e.to, e.kind));
    ResourceGraph {
        nodes: graph_nodes,
        edges,
        selected_finding_count: nodes.selected,
        unlinked_finding_count: nodes.unlinked,
        folded_node_count: plan.folded.values().map(|m| m.len() as u32).sum(),
    }
}
