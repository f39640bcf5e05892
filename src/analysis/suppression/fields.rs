//! The GuardDuty filter fields guardview can evaluate, and how each is read from a loaded
//! [`Finding`].
//!
//! A field is evaluable only when the model keeps every value GuardDuty would compare. Where
//! ingest merges a value from several places, the field is read only when the finding shows
//! which place it came from, and is *unknown for that finding* otherwise:
//! - remote IP, country, ASN organisation, API name and DNS domain are merged across the
//!   action blocks, so `service.action.<kind>.…` fields are read only when
//!   `service.action.actionType` names that kind;
//! - tags are merged across resources, so `resource.instanceDetails.tags.*` is read only when
//!   the instance is the only tagged resource kind the finding names;
//! - an access key, bucket or EKS cluster without its own id is keyed by its principal id or
//!   ARN; such a stand-in is not taken for the missing id.

use crate::model::{Finding, Resource, ResourceKind, ResourceRole};

/// A field's value type, which decides how operands are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// Compared as numbers (`severity`, `confidence`, `service.count`).
    Number,
    /// Epoch milliseconds in criteria (`updatedAt`, `service.eventLastSeen` …).
    Timestamp,
    /// `"true"` / `"false"` in criteria.
    Boolean,
}

/// One value a finding holds for a field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar<'a> {
    Text(&'a str),
    Number(f64),
    Millis(i64),
    Bool(bool),
}

/// A finding's values for a field: `Some(empty)` when it has none, `None` when the loaded
/// record cannot tell.
pub type Reading<'a> = Option<Vec<Scalar<'a>>>;

/// A field guardview evaluates.
pub struct Field {
    /// The GuardDuty criteria path.
    pub path: &'static str,
    pub kind: FieldKind,
    read: for<'a> fn(&'a Finding) -> Reading<'a>,
}

impl Field {
    pub fn read<'a>(&self, finding: &'a Finding) -> Reading<'a> {
        (self.read)(finding)
    }
}

fn text(value: Option<&str>) -> Reading<'_> {
    Some(value.map(Scalar::Text).into_iter().collect())
}

fn millis(value: Option<crate::model::EpochMillis>) -> Reading<'static> {
    Some(value.map(|t| Scalar::Millis(t.0)).into_iter().collect())
}

fn resources(finding: &Finding, kind: ResourceKind) -> impl Iterator<Item = &Resource> {
    finding.resources.iter().filter(move |r| r.kind == kind)
}

fn attribute<'a>(resource: &'a Resource, label: &str) -> Option<&'a str> {
    resource
        .attributes
        .iter()
        .find(|(key, _)| &**key == label)
        .map(|(_, value)| &**value)
}

/// Ids of the resources of `kind`, leaving out ids that only stand in for a missing one (the
/// id equals the resource's `stand_in` attribute; `""` when nothing stands in).
fn own_ids<'a>(finding: &'a Finding, kind: ResourceKind, stand_in: &str) -> Reading<'a> {
    Some(
        resources(finding, kind)
            .filter(|r| attribute(r, stand_in) != Some(&*r.id))
            .map(|r| Scalar::Text(&r.id))
            .collect(),
    )
}

fn attributes_of<'a>(finding: &'a Finding, kind: ResourceKind, label: &str) -> Reading<'a> {
    Some(
        resources(finding, kind)
            .filter_map(|r| attribute(r, label))
            .map(Scalar::Text)
            .collect(),
    )
}

/// The action kind whose block a merged actor value came from, if the finding says.
fn action_is(finding: &Finding, action_type: &str) -> Option<bool> {
    finding.action_type.as_deref().map(|a| a == action_type)
}

/// Remote-IP values of one action kind: read when the finding's action type is that kind,
/// none when it is another kind, unknown when the record has no action type but has actors.
fn remote_values<'a>(
    finding: &'a Finding,
    action_type: &str,
    value: fn(&'a crate::model::NetworkActor) -> Option<&'a str>,
) -> Reading<'a> {
    match action_is(finding, action_type) {
        Some(true) => Some(
            finding
                .network_actors
                .iter()
                .filter_map(value)
                .map(Scalar::Text)
                .collect(),
        ),
        Some(false) => Some(Vec::new()),
        None if finding.network_actors.is_empty() => Some(Vec::new()),
        None => None,
    }
}

fn ipv4(actor: &crate::model::NetworkActor) -> Option<&str> {
    actor.ip_address.as_deref().filter(|ip| !ip.contains(':'))
}

fn country(actor: &crate::model::NetworkActor) -> Option<&str> {
    actor.country_name.as_deref()
}

fn asn_org(actor: &crate::model::NetworkActor) -> Option<&str> {
    actor.asn_org.as_deref()
}

/// Values of a merged list that only one action kind fills (API names, DNS domains).
fn action_list<'a>(
    finding: &'a Finding,
    action_type: &str,
    list: &'a [crate::model::Text],
) -> Reading<'a> {
    match action_is(finding, action_type) {
        Some(true) => Some(list.iter().map(|v| Scalar::Text(v)).collect()),
        Some(false) => Some(Vec::new()),
        None if list.is_empty() => Some(Vec::new()),
        None => None,
    }
}

/// Tag keys or values, when the instance is the only tagged resource kind named.
fn instance_tags(finding: &Finding, value: fn(&crate::model::Tag) -> &str) -> Reading<'_> {
    const TAGGED: [ResourceKind; 6] = [
        ResourceKind::S3Bucket,
        ResourceKind::EksCluster,
        ResourceKind::EcsCluster,
        ResourceKind::EcsTask,
        ResourceKind::RdsDbInstance,
        ResourceKind::Lambda,
    ];
    let has_instance = resources(finding, ResourceKind::Instance).next().is_some();
    let others_tagged = finding.resources.iter().any(|r| TAGGED.contains(&r.kind));
    match (has_instance, others_tagged) {
        (false, _) => Some(Vec::new()),
        (true, false) => Some(
            finding
                .tags
                .iter()
                .map(|t| Scalar::Text(value(t)))
                .collect(),
        ),
        (true, true) if finding.tags.is_empty() => Some(Vec::new()),
        (true, true) => None,
    }
}

macro_rules! field {
    ($path:literal, $kind:ident, $read:expr) => {
        Field {
            path: $path,
            kind: FieldKind::$kind,
            read: $read,
        }
    };
}

fn role(finding: &Finding) -> Reading<'_> {
    text(finding.resource_role.map(|role| match role {
        ResourceRole::Target => "TARGET",
        ResourceRole::Actor => "ACTOR",
    }))
}

fn one(value: Scalar<'_>) -> Reading<'_> {
    Some(vec![value])
}

/// Every field guardview evaluates, by criteria path (one line each).
#[rustfmt::skip]
pub static FIELDS: &[Field] = &[
    field!("accountId", Text, |f| text(f.account_id.as_deref())),
    field!("arn", Text, |f| text(f.arn.as_deref())),
    field!("associatedAttackSequenceArn", Text, |f| text(f.attack_sequence_arn.as_deref())),
    field!("confidence", Number, |f| Some(f.confidence.map(Scalar::Number).into_iter().collect())),
    field!("createdAt", Timestamp, |f| millis(f.created_at)),
    field!("id", Text, |f| text(Some(&f.id))),
    field!("partition", Text, |f| text(f.partition.as_deref())),
    field!("region", Text, |f| text(f.region.as_deref())),
    field!("severity", Number, |f| one(Scalar::Number(f.severity_score))),
    field!("type", Text, |f| text(Some(&f.finding_type.full))),
    field!("updatedAt", Timestamp, |f| millis(f.updated_at)),
    field!("resource.resourceType", Text, |f| text(f.resource_type.as_deref())),
    field!("resource.instanceDetails.instanceId", Text, |f| own_ids(f, ResourceKind::Instance, "")),
    field!("resource.instanceDetails.instanceType", Text, |f| attributes_of(f, ResourceKind::Instance, "Instance type")),
    field!("resource.instanceDetails.imageId", Text, |f| attributes_of(f, ResourceKind::Instance, "Image")),
    field!("resource.instanceDetails.tags.key", Text, |f| instance_tags(f, |t| &t.key)),
    field!("resource.instanceDetails.tags.value", Text, |f| instance_tags(f, |t| &t.value)),
    field!("resource.accessKeyDetails.accessKeyId", Text, |f| own_ids(f, ResourceKind::AccessKey, "Principal id")),
    field!("resource.accessKeyDetails.principalId", Text, |f| attributes_of(f, ResourceKind::AccessKey, "Principal id")),
    field!("resource.accessKeyDetails.userName", Text, |f| attributes_of(f, ResourceKind::AccessKey, "User name")),
    field!("resource.accessKeyDetails.userType", Text, |f| attributes_of(f, ResourceKind::AccessKey, "User type")),
    field!("resource.s3BucketDetails.name", Text, |f| own_ids(f, ResourceKind::S3Bucket, "ARN")),
    field!("resource.s3BucketDetails.arn", Text, |f| attributes_of(f, ResourceKind::S3Bucket, "ARN")),
    field!("resource.eksClusterDetails.name", Text, |f| own_ids(f, ResourceKind::EksCluster, "ARN")),
    field!("resource.eksClusterDetails.arn", Text, |f| attributes_of(f, ResourceKind::EksCluster, "ARN")),
    field!("service.action.actionType", Text, |f| text(f.action_type.as_deref())),
    field!("service.action.awsApiCallAction.api", Text, |f| action_list(f, "AWS_API_CALL", &f.api_calls)),
    field!("service.action.awsApiCallAction.remoteIpDetails.ipAddressV4", Text, |f| remote_values(f, "AWS_API_CALL", ipv4)),
    field!("service.action.awsApiCallAction.remoteIpDetails.country.countryName", Text, |f| remote_values(f, "AWS_API_CALL", country)),
    field!("service.action.awsApiCallAction.remoteIpDetails.organization.asnOrg", Text, |f| remote_values(f, "AWS_API_CALL", asn_org)),
    field!("service.action.dnsRequestAction.domain", Text, |f| action_list(f, "DNS_REQUEST", &f.domains)),
    field!("service.action.networkConnectionAction.remoteIpDetails.ipAddressV4", Text, |f| remote_values(f, "NETWORK_CONNECTION", ipv4)),
    field!("service.action.networkConnectionAction.remoteIpDetails.country.countryName", Text, |f| remote_values(f, "NETWORK_CONNECTION", country)),
    field!("service.action.networkConnectionAction.remoteIpDetails.organization.asnOrg", Text, |f| remote_values(f, "NETWORK_CONNECTION", asn_org)),
    field!("service.action.portProbeAction.portProbeDetails.remoteIpDetails.ipAddressV4", Text, |f| remote_values(f, "PORT_PROBE", ipv4)),
    field!("service.additionalInfo.sample", Boolean, |f| one(Scalar::Bool(f.sample))),
    field!("service.archived", Boolean, |f| one(Scalar::Bool(f.archived))),
    field!("service.count", Number, |f| one(Scalar::Number(f.count as f64))),
    field!("service.detection.sequence.uid", Text, |f| text(f.attack_sequence.as_ref().and_then(|s| s.uid.as_deref()))),
    field!("service.eventFirstSeen", Timestamp, |f| millis(f.first_seen_at)),
    field!("service.eventLastSeen", Timestamp, |f| millis(f.last_seen_at)),
    field!("service.resourceRole", Text, role),
];

/// The field with this criteria path, if guardview evaluates it.
pub fn field(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.path == path)
}
