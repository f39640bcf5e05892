//! The `service` part of a native finding: what happened (the action: API call, DNS request,
//! network connection, port probe, Kubernetes call, RDS login), who did it (remote actors,
//! ports, threat intelligence), the additional info, the attack sequence and Malware
//! Protection's scan (`malwareScanDetails`, `ebsVolumeScanDetails`).

use crate::model::{
    AttackSequence, Finding, MalwareScan, MalwareThreat, NetworkActor, Resource, ResourceKind,
    ResourceRole, Text, ThreatIntel,
};

use super::resource::{add_resource, arn_short_name};
use super::{push_unique, Context};
use crate::ingest::lenient;
use crate::ingest::wire;

pub(super) fn apply_service(finding: &mut Finding, service: &wire::Service, cx: &mut Context<'_>) {
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
    if let Some(scan) = service.malware_scan_details.get() {
        apply_malware_scan(finding, scan, cx);
    }
    if let Some(scan) = service.ebs_volume_scan_details.get() {
        apply_ebs_volume_scan(finding, scan, cx);
    }
}

/// The finding's scan, created on first use; a finding carrying both blocks keeps the first
/// scan id and type and the threats of both.
fn scan_of<'f>(
    finding: &'f mut Finding,
    scan_id: Option<&str>,
    scan_type: Option<&str>,
    cx: &mut Context<'_>,
) -> &'f mut MalwareScan {
    let scan = finding
        .malware_scan
        .get_or_insert_with(MalwareScan::default);
    if scan.scan_id.is_none() {
        scan.scan_id = cx.opt(scan_id);
    }
    if scan.scan_type.is_none() {
        scan.scan_type = cx.opt(scan_type);
    }
    scan
}

/// The threat named `name` in the scan, added when new.
fn threat_named(scan: &mut MalwareScan, name: Text) -> Option<&mut MalwareThreat> {
    let index = match scan.threats.iter().position(|t| t.name == name) {
        Some(index) => index,
        None => {
            scan.threats.push(MalwareThreat {
                name,
                ..MalwareThreat::default()
            });
            scan.threats.len() - 1
        }
    };
    scan.threats.get_mut(index)
}

/// `service.malwareScanDetails` (S3 and AWS Backup scans).
fn apply_malware_scan(
    finding: &mut Finding,
    scan: &wire::malware::MalwareScanDetails,
    cx: &mut Context<'_>,
) {
    let found = scan_of(finding, scan.scan_id.get(), scan.scan_type.get(), cx);
    for threat in scan.threats.0.iter().filter_map(lenient::Obj::get) {
        let Some(name) = cx.opt(threat.name.get()) else {
            continue;
        };
        let paths: Vec<(Option<Text>, Option<Text>)> = threat
            .item_paths
            .0
            .iter()
            .filter_map(lenient::Obj::get)
            .map(|p| (cx.opt(p.nested_item_path.get()), cx.opt(p.hash.get())))
            .collect();
        let hash = cx.opt(threat.hash.get());
        let Some(entry) = threat_named(found, name) else {
            continue;
        };
        for (path, path_hash) in paths {
            path.into_iter()
                .for_each(|p| push_unique(&mut entry.paths, p));
            path_hash
                .into_iter()
                .for_each(|h| push_unique(&mut entry.hashes, h));
        }
        hash.into_iter()
            .for_each(|h| push_unique(&mut entry.hashes, h));
    }
}

/// The threats an EBS volume scan found, by name.
fn scan_threat_names<'w>(
    scan: &'w wire::malware::EbsVolumeScanDetails,
) -> &'w [lenient::Obj<wire::malware::ScanThreatName<'w>>] {
    scan.scan_detections
        .get()
        .and_then(|d| d.threat_detected_by_name.get())
        .map(|t| t.threat_names.0.as_slice())
        .unwrap_or(&[])
}

/// The volumes holding the files an EC2 volume scan found infected join the affected
/// resources, after the finding's own (so the instance stays the one the table names).
pub(super) fn apply_scanned_volumes(
    finding: &mut Finding,
    service: &wire::Service,
    cx: &mut Context<'_>,
) {
    let Some(scan) = service.ebs_volume_scan_details.get() else {
        return;
    };
    for threat in scan_threat_names(scan).iter().filter_map(lenient::Obj::get) {
        for file in threat.file_paths.0.iter().filter_map(lenient::Obj::get) {
            if let Some(volume) = cx.opt(file.volume_arn.get()) {
                let display_name = cx.opt(arn_short_name(file.volume_arn.get()));
                add_resource(
                    finding,
                    Resource {
                        kind: ResourceKind::EbsVolume,
                        id: volume,
                        display_name,
                        attributes: Vec::new(),
                    },
                );
            }
        }
    }
}

/// `service.ebsVolumeScanDetails` (EC2 volume scans).
fn apply_ebs_volume_scan(
    finding: &mut Finding,
    scan: &wire::malware::EbsVolumeScanDetails,
    cx: &mut Context<'_>,
) {
    let trigger = cx.opt(scan.trigger_finding_id.get());
    let names = scan_threat_names(scan);
    let found = scan_of(finding, scan.scan_id.get(), scan.scan_type.get(), cx);
    if found.trigger_finding_id.is_none() {
        found.trigger_finding_id = trigger;
    }
    for threat in names.iter().filter_map(lenient::Obj::get) {
        let Some(name) = cx.opt(threat.name.get()) else {
            continue;
        };
        let files: Vec<_> = threat
            .file_paths
            .0
            .iter()
            .filter_map(lenient::Obj::get)
            .map(|f| (cx.opt(f.file_path.get()), cx.opt(f.hash.get())))
            .collect();
        let Some(entry) = threat_named(found, name) else {
            continue;
        };
        for (path, hash) in files {
            path.into_iter()
                .for_each(|p| push_unique(&mut entry.paths, p));
            hash.into_iter()
                .for_each(|h| push_unique(&mut entry.hashes, h));
        }
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
pub(super) fn actor_from(remote: &wire::RemoteIp, cx: &mut Context<'_>) -> NetworkActor {
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
            _ => {
                let values: Vec<&str> = indicator
                    .values
                    .0
                    .iter()
                    .filter_map(lenient::Str::get)
                    .collect();
                let key = if key.trim().is_empty() {
                    "(no key)"
                } else {
                    key
                };
                let entry = (cx.text(key), cx.text(&values.join(", ")));
                push_unique(&mut attack.indicators, entry);
                continue;
            }
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
