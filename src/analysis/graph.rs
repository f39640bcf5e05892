//! The affected-resource graph: which resources, remote actors and accounts the selected
//! findings connect, folded to a readable size, and a deterministic force-directed layout.
//!
//! # Nodes and edges
//!
//! One node per account, per resource (kind + id: an instance, an access key, a bucket …), per
//! remote IP address and per domain. A finding adds three kinds of edge:
//!
//! - [`EdgeKind::BelongsTo`]: each resource it names → its account;
//! - [`EdgeKind::Touched`]: each remote IP and domain → each resource it names (→ the account
//!   when it names no resource);
//! - [`EdgeKind::AttackSequence`]: an Extended Threat Detection finding joins its member
//!   resources in a star around its first own resource. Members are its own resources, the
//!   resources whose id equals one of `attack_sequence.resource_uids` (or the last `/` or `:`
//!   segment of such an ARN), and the resources named by the findings its `signal_uids` refer to
//!   (by finding id or ARN, looked up among *all* findings). Only resources that are already
//!   nodes are joined: the graph never shows a resource no selected finding names.
//!
//! Node and edge counts are *distinct* findings; each keeps its finding indices so the UI can
//! turn a click into a filter.
//!
//! [`resource_graph`] is the straightforward construction; a per-load [`GraphIndex`] gives
//! the same graph per filter change by counting integer node and edge ids (the UI's path).
//!
//! # Folding the long tail
//!
//! Past [`GraphLimits::max_nodes`] the graph keeps every account and the non-account nodes with
//! the most findings (then the more severe, then by key), and folds the rest into one aggregate
//! node per kind ("214 more IPs"). Edges are re-pointed to the aggregates, deduplicated, and
//! their finding sets merged; an edge folded onto itself disappears. A kind with a single
//! leftover node keeps that node (an aggregate would take the same room). `max_nodes` is a
//! target: every account is kept, and the aggregates need one node per folded kind.
//!
//! # Layout
//!
//! [`layout`] is Fruchterman and Reingold's force-directed placement (T. M. J. Fruchterman,
//! E. M. Reingold, "Graph Drawing by Force-directed Placement", *Software: Practice and
//! Experience* 21(11), 1991, pp. 1129–1164): every pair of nodes repels with force `k²/d`, every
//! edge attracts its ends with `d²/k`, where `k = C·√(area/n)` is the ideal edge length, and
//! each step a node moves at most the current "temperature", which cools linearly to zero over
//! a fixed number of iterations. Additions, all deterministic:
//!
//! - the initial placement is concentric rings, accounts inside, resources in the middle, IPs
//!   and domains outside, in node order, each with a small jitter derived from the node's key
//!   and a seed (no random source, so the same graph gets the same picture);
//! - a weak gravity towards the centre keeps disconnected components from drifting to the
//!   walls; nodes are clamped to the frame, as in the paper;
//! - nodes at (nearly) the same point repel along a direction derived from their indices;
//! - the result is scaled to fill the frame (each axis on its own, neither stretched more than
//!   twice the other) and returned in the unit square.
//!
//! Repulsion is O(n²) per iteration, fine for the ≤ 150 nodes the folding leaves.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rustc_hash::FxHashMap as HashMap;

use crate::model::{AttackSequence, Finding, ResourceKind, SeverityBand};

mod index;
pub use index::GraphIndex;

/// The default node budget: readable on a laptop screen, quick to lay out.
pub const DEFAULT_MAX_NODES: usize = 120;

/// What a node stands for. Ordered as drawn from the centre out: accounts, resources (in
/// `ResourceKind` order), remote IPs, domains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    Account,
    Resource(ResourceKind),
    RemoteIp,
    Domain,
}

impl NodeKind {
    /// A short human name ("Account", "EC2 instance", "Remote IP", "Domain").
    pub fn name(self) -> &'static str {
        match self {
            Self::Account => "Account",
            Self::Resource(kind) => kind.name(),
            Self::RemoteIp => "Remote IP",
            Self::Domain => "Domain",
        }
    }

    /// The plural used in aggregate labels ("214 more IPs", "37 more EC2 instances").
    pub fn plural(self) -> &'static str {
        match self {
            Self::Account => "accounts",
            Self::RemoteIp => "IPs",
            Self::Domain => "domains",
            Self::Resource(kind) => match kind {
                ResourceKind::Instance => "EC2 instances",
                ResourceKind::AccessKey => "access keys",
                ResourceKind::S3Bucket => "S3 buckets",
                ResourceKind::S3Object => "S3 objects",
                ResourceKind::EksCluster => "EKS clusters",
                ResourceKind::KubernetesWorkload => "Kubernetes workloads",
                ResourceKind::EcsCluster => "ECS clusters",
                ResourceKind::EcsTask => "ECS tasks",
                ResourceKind::Container => "containers",
                ResourceKind::RdsDbInstance => "RDS databases",
                ResourceKind::RdsDbUser => "RDS users",
                ResourceKind::Lambda => "Lambda functions",
                ResourceKind::EbsVolume => "EBS volumes",
                ResourceKind::EbsSnapshot => "EBS snapshots",
                ResourceKind::Ec2Image => "EC2 images",
                ResourceKind::RecoveryPoint => "backup recovery points",
                ResourceKind::Other => "other resources",
            },
        }
    }

    /// A remote IP or a domain: the other side of the activity.
    pub fn is_actor(self) -> bool {
        matches!(self, Self::RemoteIp | Self::Domain)
    }

    /// The key prefix: `account`, `resource:Instance`, `ip`, `domain`.
    fn key_prefix(self) -> String {
        match self {
            Self::Account => "account".to_owned(),
            Self::Resource(kind) => format!("resource:{kind:?}"),
            Self::RemoteIp => "ip".to_owned(),
            Self::Domain => "domain".to_owned(),
        }
    }

    /// Ring of the initial layout: 0 inner, 1 middle, 2 outer.
    fn ring(self) -> usize {
        match self {
            Self::Account => 0,
            Self::Resource(_) => 1,
            Self::RemoteIp | Self::Domain => 2,
        }
    }
}

/// One node of the graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphNode {
    /// Stable across loads and filters: `account:111122223333`, `resource:Instance:i-0abc`,
    /// `ip:198.51.100.7`, `domain:evil.example`; aggregates are `more:ip`, `more:resource:Instance` ….
    pub key: String,
    pub kind: NodeKind,
    /// Display name or id; an IP with its country code ("198.51.100.7 (NL)"); "214 more IPs".
    pub label: String,
    /// Distinct selected findings naming this node (or any node folded into it).
    pub finding_count: u32,
    /// Those findings per band, indexed by `SeverityBand::index`.
    pub by_band: [u32; 4],
    pub highest_severity: SeverityBand,
    /// Indices into the findings slice, ascending.
    pub findings: Vec<u32>,
    /// How many accounts, resources, IPs or domains this node stands for: 1, or the number
    /// folded into an aggregate.
    pub member_count: u32,
    /// An aggregate of folded long-tail nodes.
    pub aggregated: bool,
}

/// Why two nodes are joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// Resource → account.
    BelongsTo,
    /// Remote IP or domain → resource (or → account when the finding names no resource).
    Touched,
    /// Two members of one attack sequence (the lower node index is `from`).
    AttackSequence,
}

/// One edge of the graph; `from` and `to` index [`ResourceGraph::nodes`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphEdge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// Distinct findings behind this edge.
    pub finding_count: u32,
    pub by_band: [u32; 4],
    /// The most severe band among those findings (the edge's colour).
    pub highest_severity: SeverityBand,
    /// Indices into the findings slice, ascending.
    pub findings: Vec<u32>,
}

/// Nodes sorted by kind (accounts first), real nodes before the kind's aggregate, then by
/// finding count (most first), then key; edges sorted by `(from, to, kind)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceGraph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Distinct valid indices in the selection.
    pub selected_finding_count: u32,
    /// Selected findings that name no account, resource, IP or domain (not in the graph).
    pub unlinked_finding_count: u32,
    /// Nodes folded into aggregates (0 when nothing was folded).
    pub folded_node_count: u32,
}

/// How large the graph may get before the long tail is folded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GraphLimits {
    pub max_nodes: usize,
}

impl Default for GraphLimits {
    fn default() -> Self {
        Self {
            max_nodes: DEFAULT_MAX_NODES,
        }
    }
}

/// Builds the affected-resource graph of the selected findings (`selected` indexes
/// `findings`; out-of-range and repeated indices are ignored).
pub fn resource_graph(
    findings: &[Finding],
    selected: &[u32],
    limits: GraphLimits,
) -> ResourceGraph {
    let mut selection: Vec<u32> = selected
        .iter()
        .copied()
        .filter(|&i| (i as usize) < findings.len())
        .collect();
    selection.sort_unstable();
    selection.dedup();

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

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

fn account_key(id: &str) -> String {
    format!("account:{id}")
}

fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// Domains are compared without case and without a trailing dot; empty ones are skipped.
fn normalised_domain(domain: &str) -> Option<String> {
    let domain = non_empty(Some(domain))?
        .trim_end_matches('.')
        .to_lowercase();
    (!domain.is_empty()).then_some(domain)
}

fn domain_key(domain: &str) -> String {
    format!("domain:{domain}")
}

/// The keys of every node `finding` puts in the graph (account, resources, IPs, domains), so
/// a filter on a clicked node can select exactly the findings behind it.
pub fn node_keys(finding: &Finding) -> Vec<String> {
    let mut keys = Vec::new();
    keys.extend(non_empty(finding.account_id.as_deref()).map(account_key));
    for resource in &finding.resources {
        keys.extend(non_empty(Some(&resource.id)).map(|id| resource_key(resource.kind, id)));
    }
    for actor in &finding.network_actors {
        keys.extend(non_empty(actor.ip_address.as_deref()).map(ip_key));
    }
    for domain in &finding.domains {
        keys.extend(normalised_domain(domain).map(|d| domain_key(&d)));
    }
    keys
}

fn resource_key(kind: ResourceKind, id: &str) -> String {
    format!("{}:{id}", NodeKind::Resource(kind).key_prefix())
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

    /// Folds the long tail and produces the sorted graph.
    fn finish(self, findings: &[Finding], limits: GraphLimits) -> ResourceGraph {
        let Builder { nodes, edges, .. } = self;
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

        // Rank the non-account nodes: most findings, then most severe, then key.
        let mut ranked: Vec<usize> = (0..nodes.len())
            .filter(|&n| nodes[n].kind != NodeKind::Account)
            .collect();
        let account_count = nodes.len() - ranked.len();
        ranked.sort_by(|&a, &b| {
            let (da, db) = (&nodes[a], &nodes[b]);
            db.findings
                .len()
                .cmp(&da.findings.len())
                .then_with(|| highest[b].cmp(&highest[a]))
                .then_with(|| da.key.cmp(&db.key))
        });
        let kept = if nodes.len() <= limits.max_nodes {
            ranked.len()
        } else {
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
                .find(|&k| account_count + k + distinct_after[k] <= limits.max_nodes)
                .unwrap_or(0)
        };
        let mut folded: BTreeMap<NodeKind, Vec<usize>> = BTreeMap::new();
        for &n in ranked.get(kept..).unwrap_or(&[]) {
            folded.entry(nodes[n].kind).or_default().push(n);
        }
        folded.retain(|_, members| members.len() > 1);

        // Old node → new node.
        let mut target = vec![usize::MAX; nodes.len()];
        let mut drafts: Vec<GraphNode> = Vec::new();
        for (kind, members) in &folded {
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
        let folded_node_count: usize = folded.values().map(Vec::len).sum();
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

        // Final order, and the map from draft position to it.
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
        let final_nodes: Vec<GraphNode> = order
            .iter()
            .filter_map(|&old| slots.get_mut(old).and_then(Option::take))
            .collect();

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
        let final_edges = merged
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
            .collect();

        ResourceGraph {
            nodes: final_nodes,
            edges: final_edges,
            selected_finding_count: 0,
            unlinked_finding_count: 0,
            folded_node_count: u32::try_from(folded_node_count).unwrap_or(u32::MAX),
        }
    }
}

fn count_bands(list: &[u32], findings: &[Finding]) -> [u32; 4] {
    let mut by_band = [0_u32; 4];
    for finding in list.iter().filter_map(|&i| findings.get(i as usize)) {
        by_band[finding.severity.index()] += 1;
    }
    by_band
}

fn highest_band(by_band: &[u32; 4]) -> SeverityBand {
    SeverityBand::ALL
        .into_iter()
        .rev()
        .find(|b| by_band[b.index()] > 0)
        .unwrap_or(SeverityBand::Low)
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

/// Settings of [`layout`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Simulation steps; the temperature reaches zero at the last one.
    pub iterations: u32,
    /// Width ÷ height of the drawing the positions are for (clamped to 0.25–4).
    pub aspect_ratio: f64,
    /// Mixed into the initial jitter; another seed gives another (equally valid) picture.
    pub seed: u64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            iterations: 300,
            aspect_ratio: 1.6,
            seed: 0x9e37_79b9_7f4a_7c15,
        }
    }
}

/// What [`layout`] reads of a graph: node kinds and keys in order, edge ends, the options.
#[derive(Clone, Debug, Default, PartialEq)]
struct LayoutInput {
    nodes: Vec<(NodeKind, String)>,
    edges: Vec<(usize, usize)>,
    options: Option<LayoutOptions>,
}

impl LayoutInput {
    fn of(graph: &ResourceGraph, options: &LayoutOptions) -> Self {
        Self {
            nodes: graph
                .nodes
                .iter()
                .map(|n| (n.kind, n.key.clone()))
                .collect(),
            edges: graph.edges.iter().map(|e| (e.from, e.to)).collect(),
            options: Some(*options),
        }
    }
}

/// The last layout and what it was computed from: a filter change that leaves the drawn
/// nodes and edges as they were (only counts changed) reuses the positions.
#[derive(Clone, Debug, Default)]
pub struct LayoutCache {
    input: LayoutInput,
    positions: Vec<(f64, f64)>,
}

impl LayoutCache {
    /// Exactly [`layout`]`(graph, options)`, computed only when its input changed.
    pub fn layout(&mut self, graph: &ResourceGraph, options: &LayoutOptions) -> Vec<(f64, f64)> {
        let input = LayoutInput::of(graph, options);
        if input != self.input {
            self.positions = layout(graph, options);
            self.input = input;
        }
        self.positions.clone()
    }
}

/// Ideal edge length as a fraction of `√(area/n)`.
const SPRING_FACTOR: f64 = 0.8;
/// Starting temperature (largest step) as a fraction of the frame's larger side.
const START_TEMPERATURE: f64 = 0.1;
/// Strength of the pull to the centre, relative to an edge's attraction.
const GRAVITY: f64 = 0.08;

/// Positions for `graph.nodes` (same order) in the unit square, `(0, 0)` top left, laid out
/// for a drawing of the given aspect ratio. See the module documentation for the algorithm.
/// Deterministic, always finite; empty for an empty graph, the centre for a single node.
pub fn layout(graph: &ResourceGraph, options: &LayoutOptions) -> Vec<(f64, f64)> {
    let n = graph.nodes.len();
    match n {
        0 => return Vec::new(),
        1 => return vec![(0.5, 0.5)],
        _ => {}
    }
    let aspect = if options.aspect_ratio.is_finite() {
        options.aspect_ratio.clamp(0.25, 4.0)
    } else {
        1.0
    };
    let (width, height) = (aspect, 1.0_f64);
    let (cx, cy) = (width / 2.0, height / 2.0);
    let k = SPRING_FACTOR * (width * height / n as f64).sqrt();
    let min_distance = k * 0.01;

    let mut pos = initial_rings(graph, options.seed, width, height);
    let edges: Vec<(usize, usize)> = graph
        .edges
        .iter()
        .filter(|e| e.from < n && e.to < n && e.from != e.to)
        .map(|e| (e.from, e.to))
        .collect();

    let iterations = options.iterations.max(1);
    let t0 = START_TEMPERATURE * width.max(height);
    let mut disp = vec![(0.0_f64, 0.0_f64); n];
    for step in 0..iterations {
        let temperature = t0 * (1.0 - f64::from(step) / f64::from(iterations));
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy, d) = separation(pos[i], pos[j], i, j, min_distance);
                let force = k * k / d;
                let (fx, fy) = (dx / d * force, dy / d * force);
                disp[i].0 += fx;
                disp[i].1 += fy;
                disp[j].0 -= fx;
                disp[j].1 -= fy;
            }
        }
        for &(a, b) in &edges {
            let (dx, dy, d) = separation(pos[a], pos[b], a, b, min_distance);
            let force = d * d / k;
            let (fx, fy) = (dx / d * force, dy / d * force);
            disp[a].0 -= fx;
            disp[a].1 -= fy;
            disp[b].0 += fx;
            disp[b].1 += fy;
        }
        for i in 0..n {
            let (gx, gy) = (cx - pos[i].0, cy - pos[i].1);
            let g = (gx * gx + gy * gy).sqrt();
            disp[i].0 += gx * g / k * GRAVITY;
            disp[i].1 += gy * g / k * GRAVITY;
            let (dx, dy) = disp[i];
            let length = (dx * dx + dy * dy).sqrt();
            if length > 0.0 && length.is_finite() {
                let step_length = length.min(temperature);
                pos[i].0 = (pos[i].0 + dx / length * step_length).clamp(-width, 2.0 * width);
                pos[i].1 = (pos[i].1 + dy / length * step_length).clamp(-height, 2.0 * height);
            }
        }
    }
    fit_to_unit_square(&pos, width, height)
}

/// The vector from `b` to `a` and its length, never shorter than `min_distance`; points on
/// top of each other get a direction derived from their indices.
fn separation(
    a: (f64, f64),
    b: (f64, f64),
    i: usize,
    j: usize,
    min_distance: f64,
) -> (f64, f64, f64) {
    let (mut dx, mut dy) = (a.0 - b.0, a.1 - b.1);
    let mut d = (dx * dx + dy * dy).sqrt();
    if d.is_nan() || d < min_distance {
        if d.is_nan() || d <= 1e-12 {
            let angle = ((i * 7919 + j * 104_729) % 360) as f64 * std::f64::consts::PI / 180.0;
            dx = angle.cos();
            dy = angle.sin();
            d = 1.0;
        }
        dx = dx / d * min_distance;
        dy = dy / d * min_distance;
        d = min_distance;
    }
    (dx, dy, d)
}

/// Concentric rings by kind, in node order, with a small per-key jitter.
fn initial_rings(graph: &ResourceGraph, seed: u64, width: f64, height: f64) -> Vec<(f64, f64)> {
    let mut ring_sizes = [0_usize; 3];
    for node in &graph.nodes {
        ring_sizes[node.kind.ring()] += 1;
    }
    let radius_of = |ring: usize| -> f64 {
        let radius = [0.15, 0.3, 0.45][ring];
        // A lone account sits in the centre.
        if ring == 0 && ring_sizes[0] == 1 {
            0.0
        } else {
            radius
        }
    };
    let mut seen = [0_usize; 3];
    graph
        .nodes
        .iter()
        .map(|node| {
            let ring = node.kind.ring();
            let rank = seen[ring];
            seen[ring] += 1;
            let (u, v) = jitter(&node.key, seed);
            let turn =
                (rank as f64 + 0.3 * u) / ring_sizes[ring].max(1) as f64 + ring as f64 * 0.13;
            let angle = turn * std::f64::consts::TAU;
            let radius = radius_of(ring) + 0.03 * (v - 0.5);
            (
                width / 2.0 + radius * width * angle.cos(),
                height / 2.0 + radius * height * angle.sin(),
            )
        })
        .collect()
}

/// Two numbers in `[0, 1)` from the key and the seed (FNV-1a, then SplitMix64's finaliser).
fn jitter(key: &str, seed: u64) -> (f64, f64) {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let a = mix(hash);
    let b = mix(a.wrapping_add(0x9e37_79b9_7f4a_7c15));
    let unit = |z: u64| (z >> 11) as f64 / (1_u64 << 53) as f64;
    (unit(a), unit(b))
}

/// Most one axis is stretched more than the other when the layout is fitted to the frame.
const MAX_STRETCH: f64 = 2.0;

/// Scales the layout to fill the `width × height` frame, centred, and divides by the frame so
/// the result is in the unit square. Each axis is scaled on its own (a round cloud fills a
/// wide chart), but neither more than [`MAX_STRETCH`] times the other (two nodes on a nearly
/// level line stay level). Non-finite values become the centre.
fn fit_to_unit_square(pos: &[(f64, f64)], width: f64, height: f64) -> Vec<(f64, f64)> {
    let finite = |v: f64, fallback: f64| if v.is_finite() { v } else { fallback };
    let pos: Vec<(f64, f64)> = pos
        .iter()
        .map(|&(x, y)| (finite(x, width / 2.0), finite(y, height / 2.0)))
        .collect();
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &pos {
        min_x = min_x.min(x);
        max_x = max_x.max(x);
        min_y = min_y.min(y);
        max_y = max_y.max(y);
    }
    let (extent_x, extent_y) = (max_x - min_x, max_y - min_y);
    let (scale_x, scale_y) = if extent_x > 1e-9 || extent_y > 1e-9 {
        let fill_x = width / extent_x.max(1e-9);
        let fill_y = height / extent_y.max(1e-9);
        let uniform = fill_x.min(fill_y);
        (
            fill_x.min(uniform * MAX_STRETCH),
            fill_y.min(uniform * MAX_STRETCH),
        )
    } else {
        (0.0, 0.0)
    };
    let (mid_x, mid_y) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
    pos.iter()
        .map(|&(x, y)| {
            let ux = (0.5 + (x - mid_x) * scale_x / width).clamp(0.0, 1.0);
            let uy = (0.5 + (y - mid_y) * scale_y / height).clamp(0.0, 1.0);
            (finite(ux, 0.5), finite(uy, 0.5))
        })
        .collect()
}

/// Finding id or ARN → finding index, over all findings (an attack sequence's signals may be
/// filtered out of the selection).
fn findings_by_ref(findings: &[Finding]) -> HashMap<&str, usize> {
    let mut by_ref: HashMap<&str, usize> = HashMap::default();
    for (i, finding) in findings.iter().enumerate() {
        by_ref.entry(&finding.id).or_insert(i);
        if let Some(arn) = finding.arn.as_deref() {
            by_ref.entry(arn).or_insert(i);
        }
    }
    by_ref
}

/// What an attack sequence links, by the one rule the graph and its index share: each resource
/// uid (and its last `/` or `:` segment) names resource nodes, which go into `members`; each
/// signal uid (or its last `/` segment) names a finding by id or ARN, which is returned so the
/// caller can add that finding's resources its own way.
fn sequence_links<'f, N: Copy>(
    sequence: &AttackSequence,
    findings: &'f [Finding],
    by_resource_id: &HashMap<&str, Vec<N>>,
    by_finding_ref: &HashMap<&str, usize>,
    members: &mut Vec<N>,
) -> Vec<&'f Finding> {
    for uid in &sequence.resource_uids {
        let uid = uid.trim();
        let tail = uid.rsplit(['/', ':']).next().unwrap_or(uid);
        for candidate in [uid, tail] {
            if let Some(nodes) = by_resource_id.get(candidate) {
                members.extend(nodes.iter().copied());
            }
        }
    }
    sequence
        .signal_uids
        .iter()
        .filter_map(|uid| {
            let uid = uid.trim();
            let tail = uid.rsplit('/').next().unwrap_or(uid);
            let &i = by_finding_ref
                .get(uid)
                .or_else(|| by_finding_ref.get(tail))?;
            findings.get(i)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttackSequence, Dialect, FindingType, NetworkActor, Resource, Text};

    fn finding(id: &str, score: f64, account: &str) -> Finding {
        let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
        let mut f = Finding::new(id.into(), kind, score, Dialect::CamelCase);
        if !account.is_empty() {
            f.account_id = Some(account.into());
        }
        f
    }

    fn with_resource(mut f: Finding, kind: ResourceKind, id: &str) -> Finding {
        f.resources.push(Resource {
            kind,
            id: id.into(),
            display_name: None,
            attributes: Vec::new(),
        });
        f
    }

    fn with_ip(mut f: Finding, ip: &str, country: Option<&str>) -> Finding {
        f.network_actors.push(NetworkActor {
            ip_address: Some(ip.into()),
            country_code: country.map(Text::from),
            ..NetworkActor::default()
        });
        f
    }

    fn all(findings: &[Finding]) -> Vec<u32> {
        (0..findings.len() as u32).collect()
    }

    const ACCOUNT: &str = "111122223333";

    /// Three findings on one instance from one IP, a fourth on an access key.
    fn fixture() -> Vec<Finding> {
        let instance = |id: &str, score: f64| {
            with_ip(
                with_resource(
                    finding(id, score, ACCOUNT),
                    ResourceKind::Instance,
                    "i-0abc",
                ),
                "198.51.100.7",
                Some("NL"),
            )
        };
        vec![
            instance("f1", 2.0),
            instance("f2", 5.0),
            instance("f3", 8.0),
            with_resource(
                finding("f4", 9.5, ACCOUNT),
                ResourceKind::AccessKey,
                "AKIAEXAMPLE",
            ),
        ]
    }

    fn node<'g>(graph: &'g ResourceGraph, key: &str) -> &'g GraphNode {
        graph
            .nodes
            .iter()
            .find(|n| n.key == key)
            .unwrap_or_else(|| panic!("no node {key}"))
    }

    fn node_index(graph: &ResourceGraph, key: &str) -> usize {
        graph
            .nodes
            .iter()
            .position(|n| n.key == key)
            .unwrap_or_else(|| panic!("no node {key}"))
    }

    fn edge<'g>(graph: &'g ResourceGraph, from: &str, to: &str, kind: EdgeKind) -> &'g GraphEdge {
        let (a, b) = (node_index(graph, from), node_index(graph, to));
        graph
            .edges
            .iter()
            .find(|e| e.from == a && e.to == b && e.kind == kind)
            .unwrap_or_else(|| panic!("no edge {from} → {to} ({kind:?})"))
    }

    #[test]
    fn shared_instance_and_ip_become_one_node_each() {
        let findings = fixture();
        let graph = resource_graph(&findings, &all(&findings), GraphLimits::default());
        let keys: Vec<&str> = graph.nodes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "account:111122223333",
                "resource:Instance:i-0abc",
                "resource:AccessKey:AKIAEXAMPLE",
                "ip:198.51.100.7",
            ]
        );
        let account = node(&graph, "account:111122223333");
        assert_eq!(account.finding_count, 4);
        assert_eq!(account.highest_severity, SeverityBand::Critical);
        let instance = node(&graph, "resource:Instance:i-0abc");
        assert_eq!(instance.kind, NodeKind::Resource(ResourceKind::Instance));
        assert_eq!(instance.finding_count, 3);
        assert_eq!(instance.by_band, [1, 1, 1, 0]);
        assert_eq!(instance.highest_severity, SeverityBand::High);
        assert_eq!(instance.findings, [0, 1, 2]);
        let ip = node(&graph, "ip:198.51.100.7");
        assert_eq!(ip.label, "198.51.100.7 (NL)");
        assert_eq!(ip.finding_count, 3);
        assert_eq!(graph.selected_finding_count, 4);
        assert_eq!(graph.unlinked_finding_count, 0);
        assert_eq!(graph.folded_node_count, 0);
    }

    #[test]
    fn resources_belong_to_their_account_and_actors_touch_resources() {
        let findings = fixture();
        let graph = resource_graph(&findings, &all(&findings), GraphLimits::default());
        assert_eq!(graph.edges.len(), 3);
        let belongs = edge(
            &graph,
            "resource:Instance:i-0abc",
            "account:111122223333",
            EdgeKind::BelongsTo,
        );
        assert_eq!(belongs.finding_count, 3);
        assert_eq!(belongs.highest_severity, SeverityBand::High);
        let key = edge(
            &graph,
            "resource:AccessKey:AKIAEXAMPLE",
            "account:111122223333",
            EdgeKind::BelongsTo,
        );
        assert_eq!(key.highest_severity, SeverityBand::Critical);
        let touched = edge(
            &graph,
            "ip:198.51.100.7",
            "resource:Instance:i-0abc",
            EdgeKind::Touched,
        );
        assert_eq!(touched.findings, [0, 1, 2]);
        assert_eq!(touched.by_band, [1, 1, 1, 0]);
    }

    #[test]
    fn only_selected_findings_count_and_bad_indices_are_ignored() {
        let findings = fixture();
        let graph = resource_graph(&findings, &[2, 0, 0, 99], GraphLimits::default());
        assert_eq!(graph.selected_finding_count, 2);
        assert_eq!(node(&graph, "resource:Instance:i-0abc").finding_count, 2);
        assert!(graph
            .nodes
            .iter()
            .all(|n| n.kind != NodeKind::Resource(ResourceKind::AccessKey)));
        let empty = resource_graph(&findings, &[], GraphLimits::default());
        assert_eq!(empty, ResourceGraph::default());
    }

    #[test]
    fn output_does_not_depend_on_selection_order() {
        let findings = fixture();
        let forward = resource_graph(&findings, &[0, 1, 2, 3], GraphLimits::default());
        let backward = resource_graph(&findings, &[3, 2, 1, 0], GraphLimits::default());
        assert_eq!(forward, backward);
    }

    #[test]
    fn labels_prefer_display_names_and_normalise_domains() {
        let mut named = with_resource(finding("a", 5.0, ""), ResourceKind::Instance, "i-1");
        named.resources[0].display_name = Some("web-server".into());
        let mut with_domain = finding("b", 5.0, "");
        with_domain.domains = vec!["Evil.Example.".into(), "evil.example".into(), " ".into()];
        let findings = vec![
            with_resource(finding("z", 5.0, ""), ResourceKind::Instance, "i-1"),
            named,
            with_domain,
        ];
        let graph = resource_graph(&findings, &all(&findings), GraphLimits::default());
        assert_eq!(node(&graph, "resource:Instance:i-1").label, "web-server");
        let domain = node(&graph, "domain:evil.example");
        assert_eq!(domain.label, "evil.example");
        assert_eq!(domain.finding_count, 1);
        assert_eq!(graph.nodes.len(), 2);
    }

    #[test]
    fn actors_of_a_finding_without_resources_touch_its_account() {
        let findings = vec![
            with_ip(finding("a", 5.0, ACCOUNT), "203.0.113.9", None),
            finding("no-account-no-anything", 5.0, ""),
        ];
        let graph = resource_graph(&findings, &all(&findings), GraphLimits::default());
        let touched = edge(
            &graph,
            "ip:203.0.113.9",
            "account:111122223333",
            EdgeKind::Touched,
        );
        assert_eq!(touched.finding_count, 1);
        assert_eq!(node(&graph, "ip:203.0.113.9").label, "203.0.113.9");
        assert_eq!(graph.unlinked_finding_count, 1);
    }

    #[test]
    fn attack_sequence_links_members_by_resource_uid_and_signal() {
        let bucket = with_resource(
            finding("sig-bucket", 5.0, ACCOUNT),
            ResourceKind::S3Bucket,
            "data-bucket",
        );
        let mut instance = with_resource(
            finding("sig-instance", 5.0, ACCOUNT),
            ResourceKind::Instance,
            "i-0abc",
        );
        instance.arn =
            Some("arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/sig-instance".into());
        let unrelated = with_resource(
            finding("other", 5.0, ACCOUNT),
            ResourceKind::Instance,
            "i-0zzz",
        );
        let mut sequence = with_resource(
            finding("seq", 9.0, ACCOUNT),
            ResourceKind::AccessKey,
            "AKIAEXAMPLE",
        );
        sequence.attack_sequence = Some(AttackSequence {
            resource_uids: vec!["arn:aws:s3:::data-bucket".into(), "not-a-node".into()],
            signal_uids: vec![
                "arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/sig-instance".into(),
            ],
            ..AttackSequence::default()
        });
        let findings = vec![bucket, instance, unrelated, sequence];
        let graph = resource_graph(&findings, &all(&findings), GraphLimits::default());
        let sequence_edges: Vec<(&str, &str)> = graph
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::AttackSequence)
            .map(|e| {
                (
                    graph.nodes[e.from].key.as_str(),
                    graph.nodes[e.to].key.as_str(),
                )
            })
            .collect();
        assert_eq!(
            sequence_edges,
            [
                ("resource:Instance:i-0abc", "resource:AccessKey:AKIAEXAMPLE"),
                (
                    "resource:AccessKey:AKIAEXAMPLE",
                    "resource:S3Bucket:data-bucket"
                ),
            ]
        );
        for e in graph
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::AttackSequence)
        {
            assert_eq!(e.findings, [3]);
            assert_eq!(e.highest_severity, SeverityBand::Critical);
        }
    }

    /// One account, one instance touched by `ip_count` IPs (finding i from IP i), plus a
    /// handful of buckets.
    fn wide_fixture(ip_count: usize, bucket_count: usize) -> Vec<Finding> {
        let mut findings = Vec::new();
        for i in 0..ip_count {
            let f = with_resource(
                finding(&format!("ip{i}"), 2.0 + (i % 8) as f64, ACCOUNT),
                ResourceKind::Instance,
                "i-0abc",
            );
            findings.push(with_ip(f, &format!("198.51.{}.{}", i / 200, i % 200), None));
            if i % 3 == 0 {
                // A second finding from the same IP: the first IPs rank higher.
                let again = with_resource(
                    finding(&format!("again{i}"), 5.0, ACCOUNT),
                    ResourceKind::Instance,
                    "i-0abc",
                );
                findings.push(with_ip(
                    again,
                    &format!("198.51.{}.{}", i / 200, i % 200),
                    None,
                ));
            }
        }
        for b in 0..bucket_count {
            findings.push(with_resource(
                finding(&format!("b{b}"), 7.5, ACCOUNT),
                ResourceKind::S3Bucket,
                &format!("bucket-{b}"),
            ));
        }
        findings
    }

    fn members_by_kind(graph: &ResourceGraph) -> BTreeMap<NodeKind, u32> {
        let mut totals = BTreeMap::new();
        for n in &graph.nodes {
            *totals.entry(n.kind).or_insert(0) += n.member_count;
        }
        totals
    }

    #[test]
    fn folding_keeps_accounts_and_every_member_and_finding() {
        let findings = wide_fixture(300, 12);
        let selected = all(&findings);
        let full = resource_graph(&findings, &selected, GraphLimits { max_nodes: 10_000 });
        assert_eq!(full.nodes.len(), 1 + 1 + 300 + 12);
        let folded = resource_graph(&findings, &selected, GraphLimits { max_nodes: 40 });
        assert_eq!(folded.nodes.len(), 40);
        assert_eq!(members_by_kind(&folded), members_by_kind(&full));
        assert_eq!(folded.folded_node_count, 314 - 40 + 2);
        assert!(folded.nodes.iter().any(|n| n.kind == NodeKind::Account));
        let more_ips = node(&folded, "more:ip");
        assert!(more_ips.aggregated);
        assert_eq!(
            more_ips.label,
            format!("{} more IPs", more_ips.member_count)
        );
        // Every finding an IP node had is on some IP node still.
        let ip_findings = |g: &ResourceGraph| {
            let mut list: Vec<u32> = g
                .nodes
                .iter()
                .filter(|n| n.kind == NodeKind::RemoteIp)
                .flat_map(|n| n.findings.iter().copied())
                .collect();
            list.sort_unstable();
            list.dedup();
            list
        };
        assert_eq!(ip_findings(&folded), ip_findings(&full));
        // The kept IPs are the ones with two findings.
        for n in folded
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::RemoteIp && !n.aggregated)
        {
            assert_eq!(n.finding_count, 2, "{}", n.key);
        }
        // Aggregates come last within their kind.
        assert_eq!(folded.nodes.last().map(|n| n.key.as_str()), Some("more:ip"));
    }

    #[test]
    fn folded_edges_are_deduplicated_and_keep_their_findings() {
        let findings = wide_fixture(300, 0);
        let folded = resource_graph(&findings, &all(&findings), GraphLimits { max_nodes: 20 });
        let to_instance: Vec<&GraphEdge> = folded
            .edges
            .iter()
            .filter(|e| e.to == node_index(&folded, "resource:Instance:i-0abc"))
            .collect();
        let from_more = edge(
            &folded,
            "more:ip",
            "resource:Instance:i-0abc",
            EdgeKind::Touched,
        );
        assert_eq!(
            to_instance
                .iter()
                .filter(|e| e.from == node_index(&folded, "more:ip"))
                .count(),
            1
        );
        let total: u32 = to_instance.iter().map(|e| e.finding_count).sum();
        assert_eq!(
            total as usize,
            findings.len(),
            "each finding on exactly one edge"
        );
        assert_eq!(
            from_more.finding_count,
            node(&folded, "more:ip").finding_count
        );
        let mut keys: Vec<(usize, usize, EdgeKind)> = folded
            .edges
            .iter()
            .map(|e| (e.from, e.to, e.kind))
            .collect();
        let sorted = {
            let mut k = keys.clone();
            k.sort();
            k.dedup();
            k
        };
        keys.dedup();
        assert_eq!(keys, sorted, "edges sorted and unique");
    }

    #[test]
    fn a_lone_leftover_is_kept_rather_than_folded() {
        // 1 account, 1 instance, 3 IPs, budget 4: the third IP would be "1 more IPs".
        let findings: Vec<Finding> = (0..3)
            .map(|i| {
                with_ip(
                    with_resource(
                        finding(&format!("f{i}"), 5.0, ACCOUNT),
                        ResourceKind::Instance,
                        "i-1",
                    ),
                    &format!("192.0.2.{i}"),
                    None,
                )
            })
            .collect();
        let graph = resource_graph(&findings, &all(&findings), GraphLimits { max_nodes: 4 });
        assert_eq!(graph.nodes.len(), 4);
        assert_eq!(node(&graph, "more:ip").label, "2 more IPs");
        let graph = resource_graph(&findings, &all(&findings), GraphLimits { max_nodes: 5 });
        assert_eq!(graph.nodes.len(), 5);
        assert!(graph.nodes.iter().all(|n| !n.aggregated));
    }

    fn graph_with_edges(n: usize, edges: &[(usize, usize)]) -> ResourceGraph {
        let nodes = (0..n)
            .map(|i| GraphNode {
                key: format!("ip:{i}"),
                kind: if i == 0 {
                    NodeKind::Account
                } else {
                    NodeKind::RemoteIp
                },
                label: i.to_string(),
                finding_count: 1,
                by_band: [1, 0, 0, 0],
                highest_severity: SeverityBand::Low,
                findings: vec![0],
                member_count: 1,
                aggregated: false,
            })
            .collect();
        let edges = edges
            .iter()
            .map(|&(from, to)| GraphEdge {
                from,
                to,
                kind: EdgeKind::Touched,
                finding_count: 1,
                by_band: [1, 0, 0, 0],
                highest_severity: SeverityBand::Low,
                findings: vec![0],
            })
            .collect();
        ResourceGraph {
            nodes,
            edges,
            ..ResourceGraph::default()
        }
    }

    fn assert_in_unit_square(positions: &[(f64, f64)]) {
        for &(x, y) in positions {
            assert!(x.is_finite() && y.is_finite(), "({x}, {y})");
            assert!(
                (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y),
                "({x}, {y})"
            );
        }
    }

    #[test]
    fn layout_is_deterministic() {
        let findings = wide_fixture(60, 5);
        let graph = resource_graph(&findings, &all(&findings), GraphLimits::default());
        let first = layout(&graph, &LayoutOptions::default());
        let second = layout(&graph, &LayoutOptions::default());
        assert_eq!(first, second);
        assert_eq!(first.len(), graph.nodes.len());
        let other_seed = layout(
            &graph,
            &LayoutOptions {
                seed: 7,
                ..LayoutOptions::default()
            },
        );
        assert_ne!(first, other_seed);
    }

    #[test]
    fn layout_handles_tiny_graphs() {
        let options = LayoutOptions::default();
        assert!(layout(&ResourceGraph::default(), &options).is_empty());
        assert_eq!(layout(&graph_with_edges(1, &[]), &options), [(0.5, 0.5)]);
        let two = layout(&graph_with_edges(2, &[(0, 1)]), &options);
        assert_in_unit_square(&two);
        let (dx, dy) = (two[0].0 - two[1].0, two[0].1 - two[1].1);
        assert!((dx * dx + dy * dy).sqrt() > 0.5, "{two:?}");
    }

    #[test]
    fn layout_stays_finite_and_inside_the_unit_square() {
        let disconnected = graph_with_edges(7, &[(0, 1), (2, 3), (3, 4)]);
        let star = graph_with_edges(150, &(1..150).map(|i| (0, i)).collect::<Vec<_>>());
        let bogus_edges = graph_with_edges(3, &[(0, 0), (0, 9), (1, 2)]);
        for graph in [&disconnected, &star, &bogus_edges] {
            for aspect in [1.6, 0.1, 1000.0, f64::NAN, f64::INFINITY] {
                let options = LayoutOptions {
                    aspect_ratio: aspect,
                    ..LayoutOptions::default()
                };
                let positions = layout(graph, &options);
                assert_eq!(positions.len(), graph.nodes.len());
                assert_in_unit_square(&positions);
            }
        }
        let none = LayoutOptions {
            iterations: 0,
            ..LayoutOptions::default()
        };
        assert_in_unit_square(&layout(&disconnected, &none));
    }

    #[test]
    fn layout_separates_the_nodes_of_a_small_graph() {
        let findings = fixture();
        let mut graphs = vec![
            resource_graph(&findings, &all(&findings), GraphLimits::default()),
            graph_with_edges(8, &[(0, 1), (0, 2), (0, 3), (1, 4), (1, 5), (2, 6)]),
        ];
        let wide = wide_fixture(20, 3);
        graphs.push(resource_graph(&wide, &all(&wide), GraphLimits::default()));
        for graph in &graphs {
            let positions = layout(graph, &LayoutOptions::default());
            for i in 0..positions.len() {
                for j in (i + 1)..positions.len() {
                    let (dx, dy) = (
                        positions[i].0 - positions[j].0,
                        positions[i].1 - positions[j].1,
                    );
                    let d = (dx * dx + dy * dy).sqrt();
                    assert!(d > 0.05, "nodes {i} and {j} are {d} apart");
                }
            }
        }
    }
    /// The indexed graph equals the straightforward one on every fixture above, for many
    /// selections and budgets.
    #[test]
    fn the_index_gives_the_straightforward_graph() {
        let mut sequence = with_resource(
            finding("seq", 9.0, ACCOUNT),
            ResourceKind::AccessKey,
            "AKIAEXAMPLE",
        );
        sequence.attack_sequence = Some(AttackSequence {
            resource_uids: vec!["arn:aws:s3:::bucket-1".into(), "i-0abc".into()],
            signal_uids: vec!["ip3".into(), "nowhere/ip5".into()],
            ..AttackSequence::default()
        });
        let mut resourceless = finding("seq2", 6.0, "");
        resourceless.attack_sequence = Some(AttackSequence {
            resource_uids: vec!["bucket-2".into(), "bucket-0".into()],
            signal_uids: vec!["again0".into()],
            ..AttackSequence::default()
        });
        let mut labelled = wide_fixture(40, 6);
        labelled.push(sequence);
        labelled.push(resourceless);
        for (i, f) in labelled.iter_mut().enumerate() {
            if i % 7 == 3 {
                if let Some(r) = f.resources.first_mut() {
                    r.display_name = Some(format!("name-{i}").into());
                }
            }
            if i % 5 == 1 {
                if let Some(a) = f.network_actors.first_mut() {
                    a.country_code = Some(if i % 2 == 0 { "NL" } else { "DE" }.into());
                }
            }
            if i % 11 == 0 {
                f.domains.push(format!("Host{}.Example.", i % 3).into());
            }
        }
        let sets = [
            fixture(),
            wide_fixture(300, 12),
            wide_fixture(20, 3),
            labelled,
        ];
        for findings in &sets {
            let index = GraphIndex::build(findings);
            let n = findings.len() as u32;
            let selections: Vec<Vec<u32>> = vec![
                (0..n).collect(),
                Vec::new(),
                (0..n).step_by(2).collect(),
                (1..n).step_by(3).collect(),
                (0..n).rev().chain([n, n + 3, 0]).collect(),
                (n / 2..n).collect(),
            ];
            for selected in &selections {
                for max_nodes in [0, 1, 2, 4, 5, 10, 20, 40, 60, 120, 10_000] {
                    let limits = GraphLimits { max_nodes };
                    assert_eq!(
                        index.resource_graph(findings, selected, limits),
                        resource_graph(findings, selected, limits),
                        "{} findings, {} selected, budget {max_nodes}",
                        findings.len(),
                        selected.len()
                    );
                }
            }
        }
        // An index of another slice is not trusted.
        let other = GraphIndex::build(&sets[0][..2]);
        let all_of = all(&sets[0]);
        assert_eq!(
            other.resource_graph(&sets[0], &all_of, GraphLimits::default()),
            resource_graph(&sets[0], &all_of, GraphLimits::default())
        );
    }
    #[test]
    fn the_layout_cache_answers_like_layout() {
        let mut cache = LayoutCache::default();
        let wide = wide_fixture(60, 5);
        let options = LayoutOptions::default();
        let other = LayoutOptions {
            aspect_ratio: 0.7,
            ..LayoutOptions::default()
        };
        let graphs = [
            resource_graph(&wide, &all(&wide), GraphLimits::default()),
            resource_graph(&wide, &all(&wide), GraphLimits::default()),
            resource_graph(&wide, &all(&wide)[..30], GraphLimits::default()),
            resource_graph(&wide, &all(&wide), GraphLimits { max_nodes: 20 }),
            ResourceGraph::default(),
            graph_with_edges(5, &[(0, 1), (1, 2)]),
            graph_with_edges(5, &[(0, 1), (2, 1)]),
        ];
        for graph in &graphs {
            for o in [&options, &other, &options] {
                assert_eq!(cache.layout(graph, o), layout(graph, o));
            }
        }
    }
}
