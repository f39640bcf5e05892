//! The straightforward resource graph: [`resource_graph`] walks the selected findings into
//! keyed node and edge drafts, then folds the long tail and sorts (the rules are in the
//! [`crate::analysis::graph`] module documentation). The per-load [`GraphIndex`] is tested
//! against it; production draws from the index.
//!
//! [`GraphIndex`]: crate::analysis::graph::GraphIndex

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::domain::normalised_domain;
use crate::analysis::graph::{
    count_bands, findings_by_ref, highest_band, non_empty, resource_key, sequence_links, EdgeKind,
    GraphEdge, GraphLimits, GraphNode, NodeKind, ResourceGraph,
};
use crate::analysis::selection::Selection;
use crate::model::{Finding, SeverityBand};

/// Builds the affected-resource graph of the selected findings (`selected` indexes
/// `findings`; out-of-range and repeated indices are ignored).
pub fn resource_graph(
    findings: &[Finding],
    selected: &[u32],
    limits: GraphLimits,
) -> ResourceGraph {
    let selection = Selection::within(findings, selected).into_indices();

    let mut builder = Builder::default();
    let mut unlinked = 0_u32;
    for &index in &selection {
        let Some(finding) = findings.get(index as usize) else {
            continue;
        };
        if !builder.add_finding(index, finding) {
            unlinked += 1;
        }
    }
    builder.add_attack_sequences(findings, &selection);

    let mut graph = builder.finish(findings, limits);
    graph.selected_finding_count = u32::try_from(selection.len()).unwrap_or(u32::MAX);
    graph.unlinked_finding_count = unlinked;
    graph
}

/// A node while the graph is being built.
struct NodeDraft {
    key: String,
    kind: NodeKind,
    label: String,
    /// The label came from a display name or carries a country code: keep it.
    label_is_final: bool,
    /// For resources: the id attack sequences refer to.
    resource_id: Option<String>,
    findings: Vec<u32>,
}

#[derive(Default)]
struct Builder {
    index: HashMap<String, usize>,
    nodes: Vec<NodeDraft>,
    edges: HashMap<(usize, usize, EdgeKind), Vec<u32>>,
}

/// Appends `finding` unless it was the last one added (findings arrive in ascending order).
fn push_once(list: &mut Vec<u32>, finding: u32) {
    if list.last() != Some(&finding) {
        list.push(finding);
    }
}

impl Builder {
    /// The node for `key`, created on first sight, with `finding` recorded on it.
    /// `final_label` replaces the provisional label the first time one is offered (it is
    /// only asked for while the node has none).
    fn node(
        &mut self,
        key: &str,
        kind: NodeKind,
        label: &str,
        final_label: impl FnOnce() -> Option<String>,
        finding: u32,
    ) -> usize {
        let index = match self.index.get(key) {
            Some(&index) => index,
            None => {
                let index = self.nodes.len();
                self.index.insert(key.to_owned(), index);
                self.nodes.push(NodeDraft {
                    key: key.to_owned(),
                    kind,
                    label: label.to_owned(),
                    label_is_final: false,
                    resource_id: None,
                    findings: Vec::new(),
                });
                index
            }
        };
        if let Some(draft) = self.nodes.get_mut(index) {
            if !draft.label_is_final {
                if let Some(better) = final_label() {
                    draft.label = better;
                    draft.label_is_final = true;
                }
            }
            push_once(&mut draft.findings, finding);
        }
        index
    }

    fn edge(&mut self, from: usize, to: usize, kind: EdgeKind, finding: u32) {
        if from == to {
            return;
        }
        push_once(self.edges.entry((from, to, kind)).or_default(), finding);
    }

    /// Adds one finding's nodes and edges; false when it names nothing the graph shows.
    fn add_finding(&mut self, index: u32, finding: &Finding) -> bool {
        // Keys are written into one buffer; a key is only allocated for a new node.
        let mut key = String::new();
        let account = non_empty(finding.account_id.as_deref()).map(|id| {
            key.clear();
            let _ = write!(key, "account:{id}");
            self.node(&key, NodeKind::Account, id, || None, index)
        });
        let mut resources: Vec<usize> = Vec::new();
        for resource in &finding.resources {
            let Some(id) = non_empty(Some(&resource.id)) else {
                continue;
            };
            let name = || non_empty(resource.display_name.as_deref()).map(str::to_owned);
            key.clear();
            // As `resource_key`, without its allocations.
            let _ = write!(key, "resource:{:?}:{id}", resource.kind);
            let node = self.node(&key, NodeKind::Resource(resource.kind), id, name, index);
            if let Some(draft) = self.nodes.get_mut(node) {
                draft.resource_id.get_or_insert_with(|| id.to_owned());
            }
            if !resources.contains(&node) {
                resources.push(node);
            }
        }
        let mut actors: Vec<usize> = Vec::new();
        for actor in &finding.network_actors {
            let Some(ip) = non_empty(actor.ip_address.as_deref()) else {
                continue;
            };
            let with_country =
                || non_empty(actor.country_code.as_deref()).map(|cc| format!("{ip} ({cc})"));
            key.clear();
            let _ = write!(key, "ip:{ip}");
            let node = self.node(&key, NodeKind::RemoteIp, ip, with_country, index);
            if !actors.contains(&node) {
                actors.push(node);
            }
        }
        for domain in &finding.domains {
            let Some(domain) = normalised_domain(domain) else {
                continue;
            };
            key.clear();
            let _ = write!(key, "domain:{domain}");
            let node = self.node(&key, NodeKind::Domain, &domain, || None, index);
            if !actors.contains(&node) {
                actors.push(node);
            }
        }

        if let Some(account) = account {
            for &resource in &resources {
                self.edge(resource, account, EdgeKind::BelongsTo, index);
            }
        }
        let targets: Vec<usize> = if resources.is_empty() {
            account.into_iter().collect()
        } else {
            resources.clone()
        };
        for &actor in &actors {
            for &target in &targets {
                self.edge(actor, target, EdgeKind::Touched, index);
            }
        }
        account.is_some() || !resources.is_empty() || !actors.is_empty()
    }

    /// Joins the member resources of every selected attack-sequence finding.
    fn add_attack_sequences(&mut self, findings: &[Finding], selection: &[u32]) {
        let sequences: Vec<u32> = selection
            .iter()
            .copied()
            .filter(|&i| {
                findings
                    .get(i as usize)
                    .is_some_and(|f| f.attack_sequence.is_some())
            })
            .collect();
        if sequences.is_empty() {
            return;
        }
        // Resource id → resource nodes (one id may name resources of several kinds).
        let mut by_resource_id: HashMap<&str, Vec<usize>> = HashMap::default();
        for (node, draft) in self.nodes.iter().enumerate() {
            if let Some(id) = draft.resource_id.as_deref() {
                by_resource_id.entry(id).or_default().push(node);
            }
        }
        let by_finding_ref = findings_by_ref(findings);
        let mut links: Vec<(u32, Vec<(usize, usize)>)> = Vec::new();
        for index in sequences {
            let Some(finding) = findings.get(index as usize) else {
                continue;
            };
            let Some(sequence) = finding.attack_sequence.as_ref() else {
                continue;
            };
            let mut members: Vec<usize> = Vec::new();
            let own = |r: &crate::model::Resource| {
                non_empty(Some(&r.id)).and_then(|id| self.index.get(&resource_key(r.kind, id)))
            };
            members.extend(finding.resources.iter().filter_map(own).copied());
            let signals = sequence_links(
                sequence,
                findings,
                &by_resource_id,
                &by_finding_ref,
                &mut members,
            );
            for signal in signals {
                members.extend(signal.resources.iter().filter_map(own).copied());
            }
            let Some(&first) = members.first() else {
                continue;
            };
            // The hub: the finding's own first resource, else the member with the smallest key.
            let hub = if finding.resources.iter().filter_map(own).next().is_some() {
                first
            } else {
                members
                    .iter()
                    .copied()
                    .min_by(|&a, &b| self.key_of(a).cmp(self.key_of(b)))
                    .unwrap_or(first)
            };
            members.sort_unstable();
            members.dedup();
            let pairs = members
                .into_iter()
                .filter(|&m| m != hub)
                .map(|m| (hub.min(m), hub.max(m)))
                .collect();
            links.push((index, pairs));
        }
        for (index, pairs) in links {
            for (a, b) in pairs {
                self.edge(a, b, EdgeKind::AttackSequence, index);
            }
        }
    }

    fn key_of(&self, node: usize) -> &str {
        self.nodes.get(node).map_or("", |d| d.key.as_str())
    }
}

impl Builder {
    /// Folds the long tail and produces the sorted graph: rank the non-account nodes, keep
    /// what fits, fold the rest per kind, order the nodes, merge the edges onto them.
    fn finish(self, findings: &[Finding], limits: GraphLimits) -> ResourceGraph {
        let Builder { nodes, edges, .. } = self;
        let ranked = ranked_non_accounts(&nodes, findings);
        let account_count = nodes.len() - ranked.len();
        let kept = if nodes.len() <= limits.max_nodes {
            ranked.len()
        } else {
            kept_count(&nodes, &ranked, account_count, limits.max_nodes)
        };
        let folded = folded_by_kind(&nodes, &ranked, kept);
        let folded_node_count: usize = folded.values().map(Vec::len).sum();
        let (drafts, target) = fold_nodes(nodes, &folded, findings);
        let (final_nodes, position) = in_final_order(drafts);
        let final_edges = merged_edges(edges, &target, &position, findings);
        ResourceGraph {
            nodes: final_nodes,
            edges: final_edges,
            selected_finding_count: 0,
            unlinked_finding_count: 0,
            folded_node_count: u32::try_from(folded_node_count).unwrap_or(u32::MAX),
        }
    }
}

/// The non-account nodes, most findings first, then the more severe, then by key.
fn ranked_non_accounts(nodes: &[NodeDraft], findings: &[Finding]) -> Vec<usize> {
    let band_of = |i: u32| {
        findings
            .get(i as usize)
            .map_or(SeverityBand::Low, |f| f.severity)
    };
    let highest: Vec<SeverityBand> = nodes
        .iter()
        .map(|draft| {
            draft
                .findings
                .iter()
                .map(|&i| band_of(i))
                .max()
                .unwrap_or(SeverityBand::Low)
        })
        .collect();
    let mut ranked: Vec<usize> = (0..nodes.len())
        .filter(|&n| nodes[n].kind != NodeKind::Account)
        .collect();
    ranked.sort_by(|&a, &b| {
        let (da, db) = (&nodes[a], &nodes[b]);
        db.findings
            .len()
            .cmp(&da.findings.len())
            .then_with(|| highest[b].cmp(&highest[a]))
            .then_with(|| da.key.cmp(&db.key))
    });
    ranked
}

/// How many of the `ranked` nodes fit beside the accounts and one aggregate per folded kind.
fn kept_count(
    nodes: &[NodeDraft],
    ranked: &[usize],
    account_count: usize,
    max_nodes: usize,
) -> usize {
    // distinct_after[k]: how many kinds the nodes ranked k.. span (the aggregates needed).
    let mut distinct_after = vec![0_usize; ranked.len() + 1];
    let mut seen: Vec<NodeKind> = Vec::new();
    for k in (0..ranked.len()).rev() {
        let kind = nodes[ranked[k]].kind;
        let new = !seen.contains(&kind);
        if new {
            seen.push(kind);
        }
        distinct_after[k] = distinct_after[k + 1] + usize::from(new);
    }
    (0..=ranked.len())
        .rev()
        .find(|&k| account_count + k + distinct_after[k] <= max_nodes)
        .unwrap_or(0)
}

/// The nodes ranked past `kept`, per kind; a kind with a single leftover keeps it.
fn folded_by_kind(
    nodes: &[NodeDraft],
    ranked: &[usize],
    kept: usize,
) -> BTreeMap<NodeKind, Vec<usize>> {
    let mut folded: BTreeMap<NodeKind, Vec<usize>> = BTreeMap::new();
    for &n in ranked.get(kept..).unwrap_or(&[]) {
        folded.entry(nodes[n].kind).or_default().push(n);
    }
    folded.retain(|_, members| members.len() > 1);
    folded
}

/// One aggregate per folded kind, then every node not folded; and each old node's new one.
fn fold_nodes(
    nodes: Vec<NodeDraft>,
    folded: &BTreeMap<NodeKind, Vec<usize>>,
    findings: &[Finding],
) -> (Vec<GraphNode>, Vec<usize>) {
    let mut target = vec![usize::MAX; nodes.len()];
    let mut drafts: Vec<GraphNode> = Vec::new();
    for (kind, members) in folded {
        let mut list: Vec<u32> = members
            .iter()
            .flat_map(|&m| nodes[m].findings.iter().copied())
            .collect();
        list.sort_unstable();
        list.dedup();
        for &m in members {
            target[m] = drafts.len();
        }
        drafts.push(make_node(
            format!("more:{}", kind.key_prefix()),
            *kind,
            format!("{} more {}", members.len(), kind.plural()),
            list,
            u32::try_from(members.len()).unwrap_or(u32::MAX),
            true,
            findings,
        ));
    }
    for (n, draft) in nodes.into_iter().enumerate() {
        if target[n] != usize::MAX {
            continue;
        }
        target[n] = drafts.len();
        drafts.push(make_node(
            draft.key,
            draft.kind,
            draft.label,
            draft.findings,
            1,
            false,
            findings,
        ));
    }
    (drafts, target)
}

/// The nodes in their final order (kind, real before aggregate, most findings, key), and
/// each draft position's place in it.
fn in_final_order(drafts: Vec<GraphNode>) -> (Vec<GraphNode>, Vec<usize>) {
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by(|&a, &b| {
        let (na, nb) = (&drafts[a], &drafts[b]);
        na.kind
            .cmp(&nb.kind)
            .then_with(|| na.aggregated.cmp(&nb.aggregated))
            .then_with(|| nb.finding_count.cmp(&na.finding_count))
            .then_with(|| na.key.cmp(&nb.key))
    });
    let mut position = vec![0_usize; drafts.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new;
    }
    let mut slots: Vec<Option<GraphNode>> = drafts.into_iter().map(Some).collect();
    let final_nodes = order
        .iter()
        .filter_map(|&old| slots.get_mut(old).and_then(Option::take))
        .collect();
    (final_nodes, position)
}

/// The edges re-pointed to the final nodes, deduplicated with their findings merged; an edge
/// folded onto itself disappears.
fn merged_edges(
    edges: HashMap<(usize, usize, EdgeKind), Vec<u32>>,
    target: &[usize],
    position: &[usize],
    findings: &[Finding],
) -> Vec<GraphEdge> {
    let mut merged: BTreeMap<(usize, usize, EdgeKind), Vec<u32>> = BTreeMap::new();
    for ((from, to, kind), list) in edges {
        let (Some(&a), Some(&b)) = (target.get(from), target.get(to)) else {
            continue;
        };
        let (Some(&a), Some(&b)) = (position.get(a), position.get(b)) else {
            continue;
        };
        if a == b {
            continue;
        }
        let (a, b) = if kind == EdgeKind::AttackSequence {
            (a.min(b), a.max(b))
        } else {
            (a, b)
        };
        merged.entry((a, b, kind)).or_default().extend(list);
    }
    merged
        .into_iter()
        .map(|((from, to, kind), mut list)| {
            list.sort_unstable();
            list.dedup();
            let by_band = count_bands(&list, findings);
            GraphEdge {
                from,
                to,
                kind,
                finding_count: u32::try_from(list.len()).unwrap_or(u32::MAX),
                by_band,
                highest_severity: highest_band(&by_band),
                findings: list,
            }
        })
        .collect()
}

fn make_node(
    key: String,
    kind: NodeKind,
    label: String,
    findings_of_node: Vec<u32>,
    member_count: u32,
    aggregated: bool,
    findings: &[Finding],
) -> GraphNode {
    let by_band = count_bands(&findings_of_node, findings);
    GraphNode {
        key,
        kind,
        label,
        finding_count: u32::try_from(findings_of_node.len()).unwrap_or(u32::MAX),
        by_band,
        highest_severity: highest_band(&by_band),
        findings: findings_of_node,
        member_count,
        aggregated,
    }
}
