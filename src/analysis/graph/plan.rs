//! The graph's decisions that need more than one finding, written once for the per-load index
//! and for the workers' store (whose shards each hold some of the findings): which nodes a
//! finding names, which nodes are drawn and which are folded into an aggregate, and which
//! nodes an attack sequence joins.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::analysis::domain::normalised_domain;
use crate::model::{Finding, NetworkActor, Resource, ResourceKind, Text};

use super::{highest_band, non_empty, GraphLimits, NodeKind};

/// Every resource kind, in declaration order (a kind is read back from its name or position).
pub const RESOURCE_KINDS: [ResourceKind; 19] = [
    ResourceKind::Instance,
    ResourceKind::AccessKey,
    ResourceKind::S3Bucket,
    ResourceKind::S3Object,
    ResourceKind::EksCluster,
    ResourceKind::KubernetesWorkload,
    ResourceKind::EcsCluster,
    ResourceKind::EcsTask,
    ResourceKind::Container,
    ResourceKind::RdsDbInstance,
    ResourceKind::RdsDbUser,
    ResourceKind::Lambda,
    ResourceKind::EbsVolume,
    ResourceKind::EbsSnapshot,
    ResourceKind::Ec2Image,
    ResourceKind::RecoveryPoint,
    ResourceKind::BedrockGuardrail,
    ResourceKind::AiModel,
    ResourceKind::Other,
];

impl NodeKind {
    /// The kind of the node with this key, and the rest of the key (the node's id, its
    /// provisional label); `None` for text that is no node key.
    pub fn of_key(key: &str) -> Option<(NodeKind, &str)> {
        let (prefix, rest) = key.split_once(':')?;
        match prefix {
            "account" => Some((NodeKind::Account, rest)),
            "ip" => Some((NodeKind::RemoteIp, rest)),
            "domain" => Some((NodeKind::Domain, rest)),
            "resource" => {
                let (kind, id) = rest.split_once(':')?;
                let kind = RESOURCE_KINDS
                    .into_iter()
                    .find(|k| format!("{k:?}") == kind)?;
                Some((NodeKind::Resource(kind), id))
            }
            _ => None,
        }
    }

    /// The key of this kind's aggregate node (`more:ip`, `more:resource:Instance` …).
    pub fn aggregate_key(self) -> String {
        format!("more:{}", self.key_prefix())
    }
}

/// One node a finding names: its key, kind and provisional label (its id), and the label the
/// finding offers for it (a resource's display name, an IP with its country code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedNode {
    pub key: String,
    pub kind: NodeKind,
    pub id: String,
    pub offer: Option<String>,
}

/// The nodes one finding puts in the graph: its account, its resources (each once, in its
/// order) and its remote actors (IPs, then domains, each once).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindingNodes {
    pub account: Option<NamedNode>,
    pub resources: Vec<NamedNode>,
    pub actors: Vec<NamedNode>,
}

/// Adds `node` unless the list has its key; the first label offered for a key wins.
fn add_once(list: &mut Vec<NamedNode>, node: NamedNode) {
    match list.iter_mut().find(|n| n.key == node.key) {
        Some(kept) => {
            if kept.offer.is_none() {
                kept.offer = node.offer;
            }
        }
        None => list.push(node),
    }
}

/// What the graph reads of a finding: its account, resources, remote actors and domains.
#[derive(Clone, Copy, Debug, Default)]
pub struct GraphParts<'a> {
    pub account: Option<&'a str>,
    pub resources: &'a [Resource],
    pub network_actors: &'a [NetworkActor],
    pub domains: &'a [Text],
}

impl FindingNodes {
    pub fn of(finding: &Finding) -> Self {
        Self::of_parts(GraphParts {
            account: finding.account_id.as_deref(),
            resources: &finding.resources,
            network_actors: &finding.network_actors,
            domains: &finding.domains,
        })
    }

    /// The nodes of a finding given by its parts (a store's row, without rebuilding it).
    pub fn of_parts(finding: GraphParts<'_>) -> Self {
        let account = non_empty(finding.account).map(|id| NamedNode {
            key: format!("account:{id}"),
            kind: NodeKind::Account,
            id: id.to_owned(),
            offer: None,
        });
        let mut resources = Vec::new();
        for resource in finding.resources {
            let Some(id) = non_empty(Some(&resource.id)) else {
                continue;
            };
            let kind = NodeKind::Resource(resource.kind);
            let node = NamedNode {
                key: format!("{}:{id}", kind.key_prefix()),
                kind,
                id: id.to_owned(),
                offer: non_empty(resource.display_name.as_deref()).map(str::to_owned),
            };
            add_once(&mut resources, node);
        }
        let mut actors = Vec::new();
        for actor in finding.network_actors {
            let Some(ip) = non_empty(actor.ip_address.as_deref()) else {
                continue;
            };
            let offer = non_empty(actor.country_code.as_deref()).map(|cc| format!("{ip} ({cc})"));
            let node = NamedNode {
                key: format!("ip:{ip}"),
                kind: NodeKind::RemoteIp,
                id: ip.to_owned(),
                offer,
            };
            add_once(&mut actors, node);
        }
        for domain in finding.domains {
            let Some(domain) = normalised_domain(domain) else {
                continue;
            };
            let node = NamedNode {
                key: format!("domain:{domain}"),
                kind: NodeKind::Domain,
                id: domain,
                offer: None,
            };
            add_once(&mut actors, node);
        }
        Self {
            account,
            resources,
            actors,
        }
    }

    /// Every node, account first.
    pub fn all(&self) -> impl Iterator<Item = &NamedNode> {
        self.account
            .iter()
            .chain(&self.resources)
            .chain(&self.actors)
    }

    /// The finding's edges as `(from, to, kind)` over its nodes: each resource belongs to the
    /// account; each actor touched each resource (the account when it names none).
    pub fn edges(&self) -> Vec<(&NamedNode, &NamedNode, super::EdgeKind)> {
        let mut edges = Vec::new();
        if let Some(account) = &self.account {
            for resource in &self.resources {
                edges.push((resource, account, super::EdgeKind::BelongsTo));
            }
        }
        let targets: Vec<&NamedNode> = if self.resources.is_empty() {
            self.account.iter().collect()
        } else {
            self.resources.iter().collect()
        };
        for actor in &self.actors {
            for &target in &targets {
                edges.push((actor, target, super::EdgeKind::Touched));
            }
        }
        edges
    }
}

/// Which present nodes are drawn, and the leftovers folded into one aggregate per kind.
pub struct FoldPlan<N> {
    /// Every account, the top-ranked other nodes that fit, and a kind's single leftover.
    pub drawn: Vec<N>,
    /// Per kind, the nodes its aggregate stands for (two or more).
    pub folded: BTreeMap<NodeKind, Vec<N>>,
}

/// Ranks `present` nodes (most findings, then the more severe, then by key), keeps what
/// `limits` allows beside every account and one aggregate per folded kind, and folds the rest
/// per kind (a kind with one leftover keeps it). Whatever the order of `present`, the plan
/// holds the same nodes.
pub fn fold_plan<N: Copy>(
    present: impl IntoIterator<Item = N>,
    kind: impl Fn(N) -> NodeKind,
    by_band: impl Fn(N) -> [u32; 4],
    key: impl Fn(N) -> String,
    limits: GraphLimits,
) -> FoldPlan<N> {
    let count = |n: N| by_band(n).iter().sum::<u32>();
    let rank = |&a: &N, &b: &N| -> Ordering {
        count(b)
            .cmp(&count(a))
            .then_with(|| highest_band(&by_band(b)).cmp(&highest_band(&by_band(a))))
            .then_with(|| key(a).cmp(&key(b)))
    };
    let (accounts, mut ranked): (Vec<N>, Vec<N>) = present
        .into_iter()
        .partition(|&n| kind(n) == NodeKind::Account);
    let kept = if accounts.len() + ranked.len() <= limits.max_nodes || ranked.is_empty() {
        ranked.len()
    } else {
        // Only the first `top` ranks can be kept: sort those, leave the rest unordered.
        let top = limits.max_nodes.saturating_sub(accounts.len());
        ranked.select_nth_unstable_by(top, rank);
        ranked[..top].sort_by(rank);
        let mut seen: Vec<NodeKind> = Vec::new();
        for &n in &ranked[top..] {
            if !seen.contains(&kind(n)) {
                seen.push(kind(n));
            }
        }
        let mut distinct_after = vec![0_usize; top + 1];
        distinct_after[top] = seen.len();
        for k in (0..top).rev() {
            let node_kind = kind(ranked[k]);
            let new = !seen.contains(&node_kind);
            if new {
                seen.push(node_kind);
            }
            distinct_after[k] = distinct_after[k + 1] + usize::from(new);
        }
        (0..=top)
            .rev()
            .find(|&k| accounts.len() + k + distinct_after[k] <= limits.max_nodes)
            .unwrap_or(0)
    };
    let mut leftovers: BTreeMap<NodeKind, Vec<N>> = BTreeMap::new();
    for &n in ranked.get(kept..).unwrap_or(&[]) {
        leftovers.entry(kind(n)).or_default().push(n);
    }
    let mut drawn = accounts;
    drawn.extend_from_slice(ranked.get(..kept).unwrap_or(&ranked));
    leftovers.retain(|_, members| {
        if members.len() == 1 {
            drawn.extend_from_slice(members);
            false
        } else {
            true
        }
    });
    FoldPlan {
        drawn,
        folded: leftovers,
    }
}

/// The pairs an attack sequence joins: a star around its hub (its first own resource, else
/// the member with the smallest key) to every other member, each member once. `others` are
/// the candidate members already known to be nodes of the selection's graph.
pub fn sequence_star<N: Copy + Ord>(
    own: &[N],
    others: impl IntoIterator<Item = N>,
    key: impl Fn(N) -> String,
) -> Vec<(N, N)> {
    let mut members: Vec<N> = own.to_vec();
    members.extend(others);
    let Some(&first) = members.first() else {
        return Vec::new();
    };
    let hub = if own.is_empty() {
        members
            .iter()
            .copied()
            .min_by_key(|&m| key(m))
            .unwrap_or(first)
    } else {
        first
    };
    members.sort_unstable();
    members.dedup();
    members
        .into_iter()
        .filter(|&m| m != hub)
        .map(|m| (hub, m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_node_kind_reads_back_from_its_key() {
        let kinds = [NodeKind::Account, NodeKind::RemoteIp, NodeKind::Domain]
            .into_iter()
            .chain(RESOURCE_KINDS.map(NodeKind::Resource));
        for kind in kinds {
            let key = format!("{}:arn:aws:x:1/y", kind.key_prefix());
            assert_eq!(NodeKind::of_key(&key), Some((kind, "arn:aws:x:1/y")));
        }
        assert_eq!(NodeKind::of_key("more:ip"), None);
        assert_eq!(NodeKind::of_key("resource:Nothing:x"), None);
    }
}
