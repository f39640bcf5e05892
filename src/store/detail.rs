//! The rare and variable-length part of a finding, kept behind one optional box per row: what
//! no aggregate reads, but the detail panel, the free-text search, the resource graph and the
//! risk assessment do. A finding with none of it stores a null pointer.

use crate::model::{
    AttackSequence, Finding, MalwareScan, NetworkActor, Resource, ResourceRole, Tag, Text,
    ThreatIntel,
};

/// Every `Finding` field the shard's columns do not hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Detail {
    arn: Option<Text>,
    partition: Option<Text>,
    title: Option<Text>,
    description: Option<Text>,
    confidence: Option<f64>,
    resource_role: Option<ResourceRole>,
    resources: Vec<Resource>,
    tags: Vec<Tag>,
    action_type: Option<Text>,
    blocked: Option<bool>,
    network_actors: Vec<NetworkActor>,
    domains: Vec<Text>,
    user_agents: Vec<Text>,
    api_calls: Vec<Text>,
    ports: Vec<u16>,
    threat_intel: Vec<ThreatIntel>,
    attack_sequence_arn: Option<Text>,
    attack_sequence: Option<AttackSequence>,
    malware_scan: Option<MalwareScan>,
}

impl Detail {
    /// The remote actors, domains and user agents (the actors view's inputs).
    pub(super) fn actors(&self) -> (&[NetworkActor], &[Text], &[Text]) {
        (&self.network_actors, &self.domains, &self.user_agents)
    }

    /// The resources, remote actors and domains (the graph's inputs).
    pub(super) fn graph_parts(&self) -> (&[Resource], &[NetworkActor], &[Text]) {
        (&self.resources, &self.network_actors, &self.domains)
    }

    /// Restores only what the briefing's counter reads: the confidence, resources, remote
    /// actors, threat intelligence and attack sequence.
    pub(super) fn restore_for_briefing(&self, finding: &mut Finding) {
        finding.confidence = self.confidence;
        finding.resources = self.resources.clone();
        finding.network_actors = self.network_actors.clone();
        finding.threat_intel = self.threat_intel.clone();
        finding.attack_sequence = self.attack_sequence.clone();
    }

    pub(super) fn attack_sequence(&self) -> Option<&AttackSequence> {
        self.attack_sequence.as_ref()
    }

    pub(super) fn arn(&self) -> Option<&str> {
        self.arn.as_deref()
    }

    /// The signal uids of the attack sequence this finding is (none when it is not one).
    pub(super) fn signal_uids(&self) -> &[Text] {
        self.attack_sequence
            .as_ref()
            .map_or(&[], |sequence| &sequence.signal_uids)
    }

    pub(super) fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// Moves the detail out of `finding` (leaving its fields empty); `None` when it has none.
    pub(super) fn take(finding: &mut Finding) -> Option<Box<Detail>> {
        let detail = Detail {
            arn: finding.arn.take(),
            partition: finding.partition.take(),
            title: finding.title.take(),
            description: finding.description.take(),
            confidence: finding.confidence.take(),
            resource_role: finding.resource_role.take(),
            resources: std::mem::take(&mut finding.resources),
            tags: std::mem::take(&mut finding.tags),
            action_type: finding.action_type.take(),
            blocked: finding.blocked.take(),
            network_actors: std::mem::take(&mut finding.network_actors),
            domains: std::mem::take(&mut finding.domains),
            user_agents: std::mem::take(&mut finding.user_agents),
            api_calls: std::mem::take(&mut finding.api_calls),
            ports: std::mem::take(&mut finding.ports),
            threat_intel: std::mem::take(&mut finding.threat_intel),
            attack_sequence_arn: finding.attack_sequence_arn.take(),
            attack_sequence: finding.attack_sequence.take(),
            malware_scan: finding.malware_scan.take(),
        };
        (detail != Detail::default()).then(|| Box::new(shrunk(detail)))
    }

    /// Puts the detail back into a finding rebuilt from the columns.
    pub(super) fn restore(&self, finding: &mut Finding) {
        let detail = self.clone();
        finding.arn = detail.arn;
        finding.partition = detail.partition;
        finding.title = detail.title;
        finding.description = detail.description;
        finding.confidence = detail.confidence;
        finding.resource_role = detail.resource_role;
        finding.resources = detail.resources;
        finding.tags = detail.tags;
        finding.action_type = detail.action_type;
        finding.blocked = detail.blocked;
        finding.network_actors = detail.network_actors;
        finding.domains = detail.domains;
        finding.user_agents = detail.user_agents;
        finding.api_calls = detail.api_calls;
        finding.ports = detail.ports;
        finding.threat_intel = detail.threat_intel;
        finding.attack_sequence_arn = detail.attack_sequence_arn;
        finding.attack_sequence = detail.attack_sequence;
        finding.malware_scan = detail.malware_scan;
    }
}

/// The detail with every list's spare capacity released (ingest grows lists by pushing).
fn shrunk(mut detail: Detail) -> Detail {
    detail.resources.shrink_to_fit();
    detail.tags.shrink_to_fit();
    detail.network_actors.shrink_to_fit();
    detail.domains.shrink_to_fit();
    detail.user_agents.shrink_to_fit();
    detail.api_calls.shrink_to_fit();
    detail.ports.shrink_to_fit();
    detail.threat_intel.shrink_to_fit();
    detail
}
