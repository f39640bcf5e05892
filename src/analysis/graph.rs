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
//! A per-load [`GraphIndex`] gives the graph per filter change by counting integer node and
//! edge ids (the UI's path); [`reference::resource_graph`](crate::analysis::reference::resource_graph)
//! is the straightforward construction it is tested against.
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

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::domain::normalised_domain;
use crate::model::{AttackSequence, Finding, ResourceKind, SeverityBand};

mod layout;
mod node_index;
pub mod plan;
pub use layout::{layout, LayoutCache, LayoutOptions};
pub use node_index::GraphIndex;

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
                ResourceKind::BedrockGuardrail => "Bedrock guardrails",
                ResourceKind::AiModel => "AI models",
                ResourceKind::Other => "other resources",
            },
        }
    }

    /// A remote IP or a domain: the other side of the activity.
    pub fn is_actor(self) -> bool {
        matches!(self, Self::RemoteIp | Self::Domain)
    }

    /// The key prefix: `account`, `resource:Instance`, `ip`, `domain`.
    pub(crate) fn key_prefix(self) -> String {
        match self {
            Self::Account => "account".to_owned(),
            Self::Resource(kind) => format!("resource:{kind:?}"),
            Self::RemoteIp => "ip".to_owned(),
            Self::Domain => "domain".to_owned(),
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

pub(crate) fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

fn account_key(id: &str) -> String {
    format!("account:{id}")
}

fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
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

pub(crate) fn resource_key(kind: ResourceKind, id: &str) -> String {
    format!("{}:{id}", NodeKind::Resource(kind).key_prefix())
}

pub(crate) fn count_bands(list: &[u32], findings: &[Finding]) -> [u32; 4] {
    let mut by_band = [0_u32; 4];
    for finding in list.iter().filter_map(|&i| findings.get(i as usize)) {
        by_band[finding.severity.index()] += 1;
    }
    by_band
}

pub(crate) fn highest_band(by_band: &[u32; 4]) -> SeverityBand {
    SeverityBand::ALL
        .into_iter()
        .rev()
        .find(|b| by_band[b.index()] > 0)
        .unwrap_or(SeverityBand::Low)
}

/// Finding id or ARN → finding index, over all findings (an attack sequence's signals may be
/// filtered out of the selection).
pub(crate) fn findings_by_ref(findings: &[Finding]) -> HashMap<&str, usize> {
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
pub(crate) fn sequence_links<'f, N: Copy>(
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
    use std::collections::BTreeMap;

    use super::*;
    use crate::analysis::reference::resource_graph;
    use crate::model::{Dialect, FindingType, NetworkActor, Resource, Text};

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
