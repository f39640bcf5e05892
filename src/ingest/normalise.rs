//! Native GuardDuty findings (camelCase or PascalCase, bare or in an EventBridge envelope)
//! turned into [`Finding`]s, plus the helpers the ASFF and OCSF mappers share.

use std::sync::Arc;

use crate::model::{
    AttackSequence, Dialect, Finding, FindingType, NetworkActor, Resource, ResourceKind,
    ResourceRole, Tag, Text, ThreatIntel,
};

use super::intern::Interner;
use super::lenient::{self, Scalar};
use super::wire;

/// What normalising one record produced.
pub enum Normalised {
    Finding(Box<Finding>, Vec<String>),
    /// The record is a GuardDuty finding that cannot be loaded (no id).
    Unusable {
        id: Option<String>,
        message: String,
    },
}

impl Normalised {
    /// A mapped finding, its lists trimmed to their length: they never grow again, and a
    /// list's first push reserves room for four.
    pub fn finding(mut finding: Finding, warnings: Vec<String>) -> Self {
        shrink_lists(&mut finding);
        Normalised::Finding(Box::new(finding), warnings)
    }
}

fn shrink_lists(finding: &mut Finding) {
    for resource in &mut finding.resources {
        resource.attributes.shrink_to_fit();
    }
    finding.resources.shrink_to_fit();
    finding.tags.shrink_to_fit();
    finding.network_actors.shrink_to_fit();
    finding.domains.shrink_to_fit();
    finding.user_agents.shrink_to_fit();
    finding.api_calls.shrink_to_fit();
    finding.ports.shrink_to_fit();
    for intel in &mut finding.threat_intel {
        intel.threat_names.shrink_to_fit();
    }
    finding.threat_intel.shrink_to_fit();
    if let Some(sequence) = &mut finding.attack_sequence {
        sequence.tactics.shrink_to_fit();
        sequence.techniques.shrink_to_fit();
        sequence.resource_uids.shrink_to_fit();
        sequence.signal_uids.shrink_to_fit();
    }
}

/// The parts of an ARN, tolerant of the malformed `arn:aws::guardduty:…` spelling found in
/// an AWS documentation example (an extra empty field after the partition).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ArnParts<'a> {
    pub partition: Option<&'a str>,
    pub service: Option<&'a str>,
    pub region: Option<&'a str>,
    pub account: Option<&'a str>,
    pub resource: Option<&'a str>,
}

/// Splits an ARN; anything that is not an ARN gives empty parts.
pub fn parse_arn(arn: &str) -> ArnParts<'_> {
    let mut parts = ArnParts::default();
    let Some(rest) = arn.strip_prefix("arn:") else {
        return parts;
    };
    let fields: Vec<&str> = rest.splitn(6, ':').collect();
    let non_empty = |s: &&str| !s.is_empty();
    // Normal: partition, service, region, account, resource. Malformed: partition, "",
    // service, region, account, resource.
    let shifted = fields.len() >= 6
        && fields.get(1).is_some_and(|s| s.is_empty())
        && fields.get(2).is_some_and(|s| !s.is_empty());
    parts.partition = fields.first().copied().filter(non_empty);
    if shifted {
        parts.service = fields.get(2).copied().filter(non_empty);
        parts.region = fields.get(3).copied().filter(non_empty);
        parts.account = fields.get(4).copied().filter(non_empty);
        parts.resource = fields.get(5).copied().filter(non_empty);
    } else {
        let rest_fields: Vec<&str> = rest.splitn(5, ':').collect();
        parts.service = rest_fields.get(1).copied().filter(non_empty);
        parts.region = rest_fields.get(2).copied().filter(non_empty);
        parts.account = rest_fields.get(3).copied().filter(non_empty);
        parts.resource = rest_fields.get(4).copied().filter(non_empty);
    }
    parts
}

/// The finding id at the end of a GuardDuty finding ARN (`…/finding/<id>`), or the last path
/// segment of any other id.
pub fn id_from_arn(arn: &str) -> Option<&str> {
    arn.rsplit('/')
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Context shared by the mappers: the interner and the per-file settings.
pub struct Context<'a> {
    pub interner: &'a mut Interner,
    pub source_file: u32,
}

impl Context<'_> {
    pub fn text(&mut self, value: &str) -> Text {
        self.interner.intern(value)
    }

    pub fn opt(&mut self, value: Option<&str>) -> Option<Text> {
        value
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| self.interner.intern(s))
    }

    /// Text that is rarely repeated (ARNs): not interned.
    pub fn own(value: Option<&str>) -> Option<Text> {
        value.filter(|s| !s.trim().is_empty()).map(Text::from)
    }

    /// Text kept exactly as exported (not trimmed) but shared: titles and descriptions repeat
    /// across the findings of one type.
    pub fn shared(&mut self, value: Option<&str>) -> Option<Text> {
        value
            .filter(|s| !s.trim().is_empty())
            .map(|s| self.interner.intern(s))
    }

    pub fn finding_type(&mut self, full: &str) -> Arc<FindingType> {
        self.interner.finding_type(full)
    }
}

/// Fallbacks from an enclosing EventBridge envelope (truncated envelopes have only these).
#[derive(Clone, Debug, Default)]
pub struct EnvelopeInfo {
    pub region: Option<String>,
    pub account: Option<String>,
}

/// A severity label (OCSF, custom rules) as a representative score inside its band.
pub fn score_from_label(label: &str) -> Option<f64> {
    match label.trim().to_ascii_lowercase().as_str() {
        "informational" | "info" => Some(1.0),
        "low" => Some(2.0),
        "medium" => Some(5.0),
        "high" => Some(8.0),
        "critical" => Some(9.0),
        "fatal" => Some(10.0),
        _ => None,
    }
}

fn severity_score(severity: &wire::Severity) -> Option<f64> {
    match severity {
        wire::Severity::Scalar(scalar) => scalar.number().or_else(|| match scalar {
            Scalar::Text(label) => score_from_label(label),
            _ => None,
        }),
        wire::Severity::Asff(asff) => asff.product.0,
        wire::Severity::Absent => None,
    }
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// Whether a string is one of GuardDuty's sample-finding placeholders.
fn is_placeholder(value: Option<&str>) -> bool {
    value.is_some_and(|s| s.starts_with("GeneratedFinding"))
}

/// Maps a native record. `dialect` is what the caller recognised.
pub fn native(
    record: &wire::Record,
    envelope: &EnvelopeInfo,
    dialect: Dialect,
    cx: &mut Context<'_>,
) -> Normalised {
    let mut warnings = Vec::new();
    let arn_text = record.arn.get();
    let arn = arn_text.map(parse_arn).unwrap_or_default();
    let id = record
        .id
        .get()
        .or(record.id_pascal.get())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .or_else(|| {
            arn_text
                .filter(|a| a.contains("/finding/"))
                .and_then(id_from_arn)
        });
    let Some(id) = id else {
        return Normalised::Unusable {
            id: None,
            message: "The finding has no id, so it was skipped".into(),
        };
    };
    let type_text = record.kind.get().or(record.kind_pascal.get());
    let finding_type = match type_text {
        Some(t) => cx.finding_type(t),
        None => {
            warnings.push("The finding has no type; shown as \"Unknown\"".to_owned());
            cx.finding_type("Unknown")
        }
    };
    let score = match severity_score(&record.severity) {
        Some(score) => score,
        None => {
            warnings.push("The finding has no usable severity; score 0 (Low) used".to_owned());
            0.0
        }
    };
    // Ids are unique: interning them would only grow the interner.
    let mut finding = Finding::new(Text::from(id), finding_type, score, dialect);
    finding.source_file = cx.source_file;
    finding.arn = arn_text.map(Text::from);
    finding.account_id = cx.opt(
        record
            .account_id
            .get()
            .or(envelope.account.as_deref())
            .or(arn.account),
    );
    finding.region = cx.opt(
        record
            .region
            .get()
            .or(envelope.region.as_deref())
            .or(arn.region),
    );
    finding.partition = cx.opt(record.partition.get().or(arn.partition));
    finding.title = cx.shared(record.title.get());
    finding.description = cx.shared(record.description.get());
    finding.created_at = record.created_at.0;
    finding.updated_at = record.updated_at.0;
    finding.confidence = record.confidence.0;
    finding.attack_sequence_arn = Context::own(record.associated_attack_sequence_arn.get());

    let service = record.service.get();
    finding.first_seen_at = service
        .and_then(|s| s.event_first_seen.0)
        .or(record.event_first_seen.0);
    finding.last_seen_at = service
        .and_then(|s| s.event_last_seen.0)
        .or(record.event_last_seen.0);
    let count = service.and_then(|s| s.count.0).or(record.count.0);
    finding.count = count_from(count);
    finding.archived = service
        .and_then(|s| s.archived.0)
        .or(record.archived.0)
        .unwrap_or(false);
    if let Some(service) = service {
        apply_service(&mut finding, service, cx);
    }
    if let Some(resource) = record.resource.get() {
        apply_resource(&mut finding, resource, cx);
    }
    if finding
        .title
        .as_deref()
        .is_some_and(|t| t.trim_start().starts_with("[SAMPLE]"))
    {
        finding.sample = true;
    }
    Normalised::finding(finding, warnings)
}

/// `service.count` as a whole number, 1 when absent or nonsensical.
pub fn count_from(count: Option<f64>) -> u64 {
    match count {
        Some(n) if n.is_finite() && n >= 1.0 => n.round().min(u64::MAX as f64) as u64,
        Some(n) if n.is_finite() && n >= 0.0 => 0,
        _ => 1,
    }
}

fn apply_service(finding: &mut Finding, service: &wire::Service, cx: &mut Context<'_>) {
    finding.resource_role = match service.resource_role.get().map(str::to_ascii_uppercase) {
        Some(role) if role == "TARGET" => Some(ResourceRole::Target),
        Some(role) if role == "ACTOR" => Some(ResourceRole::Actor),
        _ => None,
    };
    if let Some(info) = service.additional_info.get() {
        apply_additional_info(finding, info);
        if let Some(value) = info.value.get() {
            // `value` is itself JSON text carrying the same kind of keys.
            if let Ok(inner) = serde_json::from_str::<wire::AdditionalInfo>(value) {
                apply_additional_info(finding, &inner);
            }
        }
    }
    if let Some(evidence) = service.evidence.get() {
        for detail in evidence
            .threat_intelligence_details
            .0
            .iter()
            .filter_map(lenient::Obj::get)
        {
            let names: Vec<Text> = detail
                .threat_names
                .0
                .iter()
                .filter_map(|n| cx.opt(n.get()))
                .collect();
            let intel = ThreatIntel {
                list_name: cx.opt(detail.threat_list_name.get()),
                threat_names: names,
            };
            push_unique(&mut finding.threat_intel, intel);
        }
    }
    if let Some(action) = service.action.get() {
        apply_action(finding, action, cx);
    }
    if let Some(sequence) = service.detection.get().and_then(|d| d.sequence.get()) {
        apply_sequence(finding, sequence, cx);
    }
}

fn apply_additional_info(finding: &mut Finding, info: &wire::AdditionalInfo) {
    if info.sample.0 == Some(true) {
        finding.sample = true;
    }
    let list = info.threat_list_name.get();
    let name = info.threat_name.get();
    if list.is_some() || name.is_some() {
        let intel = ThreatIntel {
            list_name: list.map(Text::from),
            threat_names: name.map(Text::from).into_iter().collect(),
        };
        push_unique(&mut finding.threat_intel, intel);
    }
}

/// Reads one `remoteIpDetails` block.
pub fn actor_from(remote: &wire::RemoteIp, cx: &mut Context<'_>) -> NetworkActor {
    let organization = remote.organization.get();
    let geo = remote.geo_location.get();
    NetworkActor {
        ip_address: cx.opt(remote.ip_address_v4.get().or(remote.ip_address_v6.get())),
        country_code: cx.opt(remote.country.get().and_then(|c| c.country_code.get())),
        country_name: cx.opt(remote.country.get().and_then(|c| c.country_name.get())),
        city: cx.opt(remote.city.get().and_then(|c| c.city_name.get())),
        asn: cx.opt(organization.and_then(|o| o.asn.get())),
        asn_org: cx.opt(organization.and_then(|o| o.asn_org.get())),
        org: cx.opt(organization.and_then(|o| o.org.get())),
        isp: cx.opt(organization.and_then(|o| o.isp.get())),
        latitude: geo.and_then(|g| g.lat.0),
        longitude: geo.and_then(|g| g.lon.0),
    }
}

fn add_actor(finding: &mut Finding, remote: &lenient::Obj<wire::RemoteIp>, cx: &mut Context<'_>) {
    if let Some(remote) = remote.get() {
        let actor = actor_from(remote, cx);
        if actor != NetworkActor::default() {
            push_unique(&mut finding.network_actors, actor);
        }
    }
}

fn add_port(finding: &mut Finding, port: Option<f64>) {
    if let Some(port) = port.filter(|p| (0.0..=65535.0).contains(p)) {
        push_unique(&mut finding.ports, port as u16);
    }
}

fn add_text(list: &mut Vec<Text>, value: Option<&str>, cx: &mut Context<'_>) {
    if let Some(text) = cx.opt(value) {
        push_unique(list, text);
    }
}

fn or_blocked(current: Option<bool>, value: Option<bool>) -> Option<bool> {
    match (current, value) {
        (Some(a), Some(b)) => Some(a || b),
        (a, b) => a.or(b),
    }
}

fn apply_action(finding: &mut Finding, action: &wire::Action, cx: &mut Context<'_>) {
    finding.action_type = cx.opt(action.action_type.get());
    if let Some(call) = action.aws_api_call_action.get() {
        add_actor(finding, &call.remote_ip_details, cx);
        add_text(&mut finding.api_calls, call.api.get(), cx);
        add_text(&mut finding.user_agents, call.user_agent.get(), cx);
        add_text(
            &mut finding.domains,
            call.domain_details.get().and_then(|d| d.domain.get()),
            cx,
        );
    }
    if let Some(dns) = action.dns_request_action.get() {
        add_text(&mut finding.domains, dns.domain.get(), cx);
        finding.blocked = or_blocked(finding.blocked, dns.blocked.0);
    }
    if let Some(connection) = action.network_connection_action.get() {
        add_actor(finding, &connection.remote_ip_details, cx);
        add_port(
            finding,
            connection.local_port_details.get().and_then(|p| p.port.0),
        );
        add_port(
            finding,
            connection.remote_port_details.get().and_then(|p| p.port.0),
        );
        finding.blocked = or_blocked(finding.blocked, connection.blocked.0);
    }
    if let Some(probe) = action.port_probe_action.get() {
        finding.blocked = or_blocked(finding.blocked, probe.blocked.0);
        for detail in probe
            .port_probe_details
            .0
            .iter()
            .filter_map(lenient::Obj::get)
        {
            add_actor(finding, &detail.remote_ip_details, cx);
            add_port(
                finding,
                detail.local_port_details.get().and_then(|p| p.port.0),
            );
        }
    }
    if let Some(call) = action.kubernetes_api_call_action.get() {
        add_actor(finding, &call.remote_ip_details, cx);
        add_text(&mut finding.user_agents, call.user_agent.get(), cx);
        let api = match (call.verb.get(), call.request_uri.get()) {
            (Some(verb), Some(uri)) => Some(format!("{verb} {uri}")),
            (Some(verb), None) => Some(verb.to_owned()),
            (None, Some(uri)) => Some(uri.to_owned()),
            (None, None) => None,
        };
        add_text(&mut finding.api_calls, api.as_deref(), cx);
        for ip in call.source_ips.0.iter().filter_map(lenient::Str::get) {
            let actor = NetworkActor {
                ip_address: Some(cx.text(ip)),
                ..NetworkActor::default()
            };
            if !finding
                .network_actors
                .iter()
                .any(|a| a.ip_address == actor.ip_address)
            {
                finding.network_actors.push(actor);
            }
        }
    }
    if let Some(login) = action.rds_login_attempt_action.get() {
        add_actor(finding, &login.remote_ip_details, cx);
    }
}

fn apply_sequence(finding: &mut Finding, sequence: &wire::Sequence, cx: &mut Context<'_>) {
    let mut attack = AttackSequence {
        uid: cx.opt(sequence.uid.get()),
        description: cx.shared(sequence.description.get()),
        ..AttackSequence::default()
    };
    for indicator in sequence
        .sequence_indicators
        .0
        .iter()
        .filter_map(lenient::Obj::get)
    {
        let key = indicator.key.get().unwrap_or_default();
        let target = match key {
            "ATTACK_TACTIC" => &mut attack.tactics,
            "ATTACK_TECHNIQUE" => &mut attack.techniques,
            _ => continue,
        };
        for value in indicator.values.0.iter().filter_map(lenient::Str::get) {
            let text = cx.text(value);
            push_unique(target, text);
        }
    }
    for resource in sequence.resources.0.iter().filter_map(lenient::Obj::get) {
        let Some(uid) = cx.opt(resource.uid.get()) else {
            continue;
        };
        push_unique(&mut attack.resource_uids, uid.clone());
        let kind = match resource.resource_type.get().unwrap_or_default() {
            "EC2_INSTANCE" => ResourceKind::Instance,
            "S3_BUCKET" => ResourceKind::S3Bucket,
            "S3_OBJECT" => ResourceKind::S3Object,
            "ACCESS_KEY" => ResourceKind::AccessKey,
            "EKS_CLUSTER" => ResourceKind::EksCluster,
            "KUBERNETES_WORKLOAD" => ResourceKind::KubernetesWorkload,
            "CONTAINER" => ResourceKind::Container,
            "ECS_CLUSTER" => ResourceKind::EcsCluster,
            "ECS_TASK" => ResourceKind::EcsTask,
            "EC2_IMAGE" => ResourceKind::Ec2Image,
            _ => ResourceKind::Other,
        };
        let mut attributes = Vec::new();
        if let Some(kind_text) = resource.resource_type.get() {
            attributes.push((cx.text("Resource type"), cx.text(kind_text)));
        }
        if let Some(account) = resource.account_id.get() {
            attributes.push((cx.text("Account"), cx.text(account)));
        }
        add_resource(
            finding,
            Resource {
                kind,
                id: uid,
                display_name: cx.opt(resource.name.get()),
                attributes,
            },
        );
    }
    for signal in sequence.signals.0.iter().filter_map(lenient::Obj::get) {
        if let Some(uid) = cx.opt(signal.uid.get()) {
            push_unique(&mut attack.signal_uids, uid);
        }
    }
    for endpoint in sequence.endpoints.0.iter().filter_map(lenient::Obj::get) {
        add_text(&mut finding.domains, endpoint.domain.get(), cx);
        add_port(finding, endpoint.port.0);
        let location = endpoint.location.get();
        let system = endpoint.autonomous_system.get();
        let actor = NetworkActor {
            ip_address: cx.opt(endpoint.ip.get()),
            country_name: cx.opt(location.and_then(|l| l.country.get())),
            city: cx.opt(location.and_then(|l| l.city.get())),
            asn: cx.opt(system.and_then(|s| s.number.get())),
            asn_org: cx.opt(system.and_then(|s| s.name.get())),
            latitude: location.and_then(|l| l.lat.0),
            longitude: location.and_then(|l| l.lon.0),
            ..NetworkActor::default()
        };
        if actor.ip_address.is_some() {
            push_unique(&mut finding.network_actors, actor);
        }
    }
    finding.attack_sequence = Some(attack);
}

fn add_resource(finding: &mut Finding, resource: Resource) {
    if !finding
        .resources
        .iter()
        .any(|r| r.kind == resource.kind && r.id == resource.id)
    {
        finding.resources.push(resource);
    }
}

fn add_tags(
    finding: &mut Finding,
    tags: &lenient::List<lenient::Obj<wire::Tag>>,
    cx: &mut Context<'_>,
) {
    for tag in tags.0.iter().filter_map(lenient::Obj::get) {
        let Some(key) = tag.key.get().or(tag.name.get()) else {
            continue;
        };
        let tag = Tag {
            key: cx.text(key),
            value: cx.text(tag.value.get().unwrap_or_default()),
        };
        push_unique(&mut finding.tags, tag);
    }
}

fn name_tag<'t>(tags: &'t lenient::List<lenient::Obj<wire::Tag<'_>>>) -> Option<&'t str> {
    tags.0
        .iter()
        .filter_map(lenient::Obj::get)
        .find(|t| t.key.get() == Some("Name"))
        .and_then(|t| t.value.get())
}

/// Builds attribute pairs, skipping absent values.
fn attributes(pairs: &[(&str, Option<&str>)], cx: &mut Context<'_>) -> Vec<(Text, Text)> {
    pairs
        .iter()
        .filter_map(|(name, value)| {
            let value = value.map(str::trim).filter(|v| !v.is_empty())?;
            Some((cx.text(name), cx.text(value)))
        })
        .collect()
}

fn simple(
    finding: &mut Finding,
    kind: ResourceKind,
    id: Option<&str>,
    display: Option<&str>,
    attrs: Vec<(Text, Text)>,
    cx: &mut Context<'_>,
) {
    if let Some(id) = cx.opt(id) {
        let display_name = cx.opt(display);
        add_resource(
            finding,
            Resource {
                kind,
                id,
                display_name,
                attributes: attrs,
            },
        );
    }
}

fn apply_resource(finding: &mut Finding, resource: &wire::Resource, cx: &mut Context<'_>) {
    finding.resource_type = cx.opt(resource.resource_type.get());
    let mut placeholder = false;
    if let Some(instance) = resource.instance_details.get() {
        placeholder |= is_placeholder(instance.instance_id.get());
        let interface = instance
            .network_interfaces
            .0
            .iter()
            .find_map(lenient::Obj::get);
        let attrs = attributes(
            &[
                ("Instance type", instance.instance_type.get()),
                ("Image", instance.image_id.get()),
                ("State", instance.instance_state.get()),
                ("Platform", instance.platform.get()),
                ("Availability zone", instance.availability_zone.get()),
                ("Public IP", interface.and_then(|i| i.public_ip.get())),
                (
                    "Private IP",
                    interface.and_then(|i| i.private_ip_address.get()),
                ),
                ("VPC", interface.and_then(|i| i.vpc_id.get())),
            ],
            cx,
        );
        let display = name_tag(&instance.tags);
        simple(
            finding,
            ResourceKind::Instance,
            instance.instance_id.get(),
            display,
            attrs,
            cx,
        );
        add_tags(finding, &instance.tags, cx);
    }
    if let Some(key) = resource.access_key_details.get() {
        placeholder |= is_placeholder(key.access_key_id.get());
        let attrs = attributes(
            &[
                ("Principal id", key.principal_id.get()),
                ("User name", key.user_name.get()),
                ("User type", key.user_type.get()),
            ],
            cx,
        );
        let id = key.access_key_id.get().or(key.principal_id.get());
        simple(
            finding,
            ResourceKind::AccessKey,
            id,
            key.user_name.get(),
            attrs,
            cx,
        );
    }
    for bucket in resource
        .s3_bucket_details
        .0
        .iter()
        .filter_map(lenient::Obj::get)
    {
        placeholder |= is_placeholder(bucket.name.get());
        let attrs = attributes(
            &[("ARN", bucket.arn.get()), ("Type", bucket.kind.get())],
            cx,
        );
        let id = bucket.name.get().or(bucket.arn.get());
        simple(finding, ResourceKind::S3Bucket, id, None, attrs, cx);
        add_tags(finding, &bucket.tags, cx);
        for object in bucket
            .s3_object_details
            .0
            .iter()
            .filter_map(lenient::Obj::get)
        {
            let attrs = attributes(&[("Version", object.version_id.get())], cx);
            let id = object.object_arn.get().or(object.key.get());
            simple(
                finding,
                ResourceKind::S3Object,
                id,
                object.key.get(),
                attrs,
                cx,
            );
        }
    }
    if let Some(cluster) = resource.eks_cluster_details.get() {
        let attrs = attributes(
            &[
                ("ARN", cluster.arn.get()),
                ("VPC", cluster.vpc_id.get()),
                ("Status", cluster.status.get()),
            ],
            cx,
        );
        let id = cluster.name.get().or(cluster.arn.get());
        simple(finding, ResourceKind::EksCluster, id, None, attrs, cx);
        add_tags(finding, &cluster.tags, cx);
    }
    if let Some(kubernetes) = resource.kubernetes_details.get() {
        if let Some(user) = kubernetes.kubernetes_user_details.get() {
            let groups: Vec<&str> = user.groups.0.iter().filter_map(lenient::Str::get).collect();
            let groups = groups.join(", ");
            let attrs = attributes(
                &[
                    ("Kind", Some("Kubernetes user")),
                    ("Uid", user.uid.get()),
                    ("Groups", Some(groups.as_str())),
                ],
                cx,
            );
            let id = user.username.get().or(user.uid.get());
            simple(
                finding,
                ResourceKind::Other,
                id,
                user.username.get(),
                attrs,
                cx,
            );
        }
        if let Some(workload) = kubernetes.kubernetes_workload_details.get() {
            let attrs = attributes(
                &[
                    ("Type", workload.kind.get()),
                    ("Namespace", workload.namespace.get()),
                    ("Uid", workload.uid.get()),
                ],
                cx,
            );
            let id = workload.uid.get().or(workload.name.get());
            simple(
                finding,
                ResourceKind::KubernetesWorkload,
                id,
                workload.name.get(),
                attrs,
                cx,
            );
        }
    }
    if let Some(cluster) = resource.ecs_cluster_details.get() {
        let attrs = attributes(
            &[
                ("Name", cluster.name.get()),
                ("Status", cluster.status.get()),
            ],
            cx,
        );
        let id = cluster.arn.get().or(cluster.name.get());
        simple(
            finding,
            ResourceKind::EcsCluster,
            id,
            cluster.name.get(),
            attrs,
            cx,
        );
        add_tags(finding, &cluster.tags, cx);
        if let Some(task) = cluster.task_details.get() {
            let attrs = attributes(
                &[
                    ("Definition", task.definition_arn.get()),
                    ("Launch type", task.launch_type.get()),
                ],
                cx,
            );
            simple(
                finding,
                ResourceKind::EcsTask,
                task.arn.get(),
                None,
                attrs,
                cx,
            );
            add_tags(finding, &task.tags, cx);
        }
    }
    if let Some(container) = resource.container_details.get() {
        let attrs = attributes(
            &[
                ("Image", container.image.get()),
                ("Runtime", container.container_runtime.get()),
            ],
            cx,
        );
        let id = container.id.get().or(container.name.get());
        simple(
            finding,
            ResourceKind::Container,
            id,
            container.name.get(),
            attrs,
            cx,
        );
    }
    if let Some(db) = resource.rds_db_instance_details.get() {
        let attrs = attributes(
            &[
                ("Engine", db.engine.get()),
                ("Engine version", db.engine_version.get()),
                ("Cluster", db.db_cluster_identifier.get()),
                ("ARN", db.db_instance_arn.get()),
            ],
            cx,
        );
        let id = db.db_instance_identifier.get().or(db.db_instance_arn.get());
        simple(finding, ResourceKind::RdsDbInstance, id, None, attrs, cx);
        add_tags(finding, &db.tags, cx);
    }
    if let Some(db) = resource.rds_limitless_db_details.get() {
        let attrs = attributes(
            &[
                ("Engine", db.engine.get()),
                ("Cluster", db.db_cluster_identifier.get()),
                ("ARN", db.db_shard_group_arn.get()),
            ],
            cx,
        );
        let id = db
            .db_shard_group_identifier
            .get()
            .or(db.db_shard_group_arn.get());
        simple(finding, ResourceKind::RdsDbInstance, id, None, attrs, cx);
        add_tags(finding, &db.tags, cx);
    }
    if let Some(user) = resource.rds_db_user_details.get() {
        let attrs = attributes(
            &[
                ("Application", user.application.get()),
                ("Database", user.database.get()),
                ("Authentication", user.auth_method.get()),
            ],
            cx,
        );
        simple(
            finding,
            ResourceKind::RdsDbUser,
            user.user.get(),
            None,
            attrs,
            cx,
        );
    }
    if let Some(lambda) = resource.lambda_details.get() {
        let attrs = attributes(
            &[
                ("Version", lambda.function_version.get()),
                ("Role", lambda.role.get()),
            ],
            cx,
        );
        let id = lambda.function_arn.get().or(lambda.function_name.get());
        simple(
            finding,
            ResourceKind::Lambda,
            id,
            lambda.function_name.get(),
            attrs,
            cx,
        );
        add_tags(finding, &lambda.tags, cx);
    }
    if let Some(volumes) = resource.ebs_volume_details.get() {
        for volume in volumes
            .scanned_volume_details
            .0
            .iter()
            .filter_map(lenient::Obj::get)
        {
            let attrs = attributes(
                &[
                    ("Device", volume.device_name.get()),
                    ("Volume type", volume.volume_type.get()),
                ],
                cx,
            );
            simple(
                finding,
                ResourceKind::EbsVolume,
                volume.volume_arn.get(),
                None,
                attrs,
                cx,
            );
        }
    }
    if let Some(snapshot) = resource.ebs_snapshot_details.get() {
        simple(
            finding,
            ResourceKind::EbsSnapshot,
            snapshot.snapshot_arn.get(),
            None,
            Vec::new(),
            cx,
        );
    }
    if let Some(image) = resource.ec2_image_details.get() {
        simple(
            finding,
            ResourceKind::Ec2Image,
            image.image_arn.get(),
            None,
            Vec::new(),
            cx,
        );
    }
    if let Some(point) = resource.recovery_point_details.get() {
        let attrs = attributes(&[("Backup vault", point.backup_vault_name.get())], cx);
        simple(
            finding,
            ResourceKind::RecoveryPoint,
            point.recovery_point_arn.get(),
            None,
            attrs,
            cx,
        );
    }
    if placeholder {
        finding.sample = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_parts_of_a_normal_finding_arn() {
        let parts = parse_arn("arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/f1");
        assert_eq!(parts.partition, Some("aws"));
        assert_eq!(parts.service, Some("guardduty"));
        assert_eq!(parts.region, Some("us-east-1"));
        assert_eq!(parts.account, Some("123456789012"));
        assert_eq!(parts.resource, Some("detector/d/finding/f1"));
    }

    #[test]
    fn arn_parts_of_the_malformed_documentation_arn() {
        let parts = parse_arn("arn:aws::guardduty:us-east-1:193043430472:detector/d/finding/f");
        assert_eq!(parts.service, Some("guardduty"));
        assert_eq!(parts.region, Some("us-east-1"));
        assert_eq!(parts.account, Some("193043430472"));
    }

    #[test]
    fn iam_arns_have_no_region() {
        let parts = parse_arn("arn:aws:iam::123456789012:role/x");
        assert_eq!(parts.region, None);
        assert_eq!(parts.account, Some("123456789012"));
    }

    #[test]
    fn counts_default_to_one() {
        assert_eq!(count_from(None), 1);
        assert_eq!(count_from(Some(74.0)), 74);
        assert_eq!(count_from(Some(f64::NAN)), 1);
        assert_eq!(count_from(Some(-5.0)), 1);
    }
}
