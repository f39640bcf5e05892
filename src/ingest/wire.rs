//! Wire structs: the JSON shapes of every dialect, with lenient leaves so that a value of the
//! wrong type never fails a record. Field names are camelCase with PascalCase aliases (the CLI
//! spelling), plus the few wire names that are not simple case changes (`sourceIPs`,
//! `lat`/`lon`, `LoginAttributes`). Only the fields the model uses are declared; serde skips
//! the rest without building values.

use std::borrow::Cow;
use std::marker::PhantomData;

use rustc_hash::FxHashMap;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as DeriveDeserialize;

use super::lenient::{self, NestingGuard, Scalar};

/// Top-level record of any dialect: a native finding, an envelope, a wrapper, ASFF or OCSF.
///
/// Nested objects are boxed ([`lenient::Obj`]): inline, `resource`, `service` and `service.action`
/// alone made every record 4.7 KB (natively) to default-initialise and move.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRecord<'a> {
    #[serde(rename = "schemaVersion", alias = "SchemaVersion")]
    #[serde(borrow)]
    pub schema_version: lenient::Str<'a>,
    #[serde(rename = "accountId", alias = "AccountId")]
    #[serde(borrow)]
    pub account_id: lenient::Str<'a>,
    #[serde(rename = "region", alias = "Region")]
    #[serde(borrow)]
    pub region: lenient::Str<'a>,
    #[serde(rename = "partition", alias = "Partition")]
    #[serde(borrow)]
    pub partition: lenient::Str<'a>,
    #[serde(rename = "id")]
    #[serde(borrow)]
    pub id: lenient::Str<'a>,
    #[serde(rename = "Id")]
    #[serde(borrow)]
    pub id_pascal: lenient::Str<'a>,
    #[serde(rename = "arn", alias = "Arn")]
    #[serde(borrow)]
    pub arn: lenient::Str<'a>,
    #[serde(rename = "type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "Type")]
    #[serde(borrow)]
    pub kind_pascal: lenient::Str<'a>,
    #[serde(rename = "severity", alias = "Severity")]
    #[serde(borrow)]
    pub severity: WSeverity<'a>,
    #[serde(rename = "title", alias = "Title")]
    #[serde(borrow)]
    pub title: lenient::Str<'a>,
    #[serde(rename = "description", alias = "Description")]
    #[serde(borrow)]
    pub description: lenient::Str<'a>,
    #[serde(rename = "createdAt", alias = "CreatedAt")]
    pub created_at: lenient::Time,
    #[serde(rename = "updatedAt", alias = "UpdatedAt")]
    pub updated_at: lenient::Time,
    #[serde(rename = "confidence", alias = "Confidence")]
    pub confidence: lenient::Num,
    #[serde(
        rename = "associatedAttackSequenceArn",
        alias = "AssociatedAttackSequenceArn"
    )]
    #[serde(borrow)]
    pub associated_attack_sequence_arn: lenient::Str<'a>,
    #[serde(rename = "resource", alias = "Resource")]
    #[serde(borrow)]
    pub resource: lenient::Obj<WResource<'a>>,
    #[serde(rename = "service", alias = "Service")]
    #[serde(borrow)]
    pub service: lenient::Obj<WService<'a>>,
    #[serde(rename = "archived", alias = "Archived")]
    pub archived: lenient::Bool,
    #[serde(rename = "count", alias = "Count")]
    pub count: lenient::Num,
    #[serde(rename = "eventFirstSeen", alias = "EventFirstSeen")]
    pub event_first_seen: lenient::Time,
    #[serde(rename = "eventLastSeen", alias = "EventLastSeen")]
    pub event_last_seen: lenient::Time,
    #[serde(rename = "detail")]
    #[serde(borrow)]
    pub detail: lenient::Nested<WRecord<'a>>,
    #[serde(rename = "detail-type")]
    #[serde(borrow)]
    pub detail_type: lenient::Str<'a>,
    #[serde(rename = "account")]
    #[serde(borrow)]
    pub account: lenient::Str<'a>,
    #[serde(rename = "time")]
    pub time: lenient::Time,
    #[serde(rename = "findings", alias = "Findings")]
    #[serde(borrow)]
    pub findings: lenient::List<lenient::Nested<WRecord<'a>>>,
    #[serde(rename = "event_payload")]
    #[serde(borrow)]
    pub event_payload: lenient::Nested<WRecord<'a>>,
    #[serde(rename = "Records")]
    #[serde(borrow)]
    pub kinesis_records: lenient::List<lenient::Obj<WKinesisRecord<'a>>>,
    #[serde(rename = "ProductArn")]
    #[serde(borrow)]
    pub product_arn: lenient::Str<'a>,
    #[serde(rename = "Types")]
    #[serde(borrow)]
    pub types: lenient::List<lenient::Str<'a>>,
    #[serde(rename = "AwsAccountId")]
    #[serde(borrow)]
    pub aws_account_id: lenient::Str<'a>,
    #[serde(rename = "ProductFields")]
    #[serde(borrow)]
    pub product_fields: lenient::Obj<FxHashMap<String, lenient::Str<'a>>>,
    #[serde(rename = "Resources")]
    #[serde(borrow)]
    pub asff_resources: lenient::List<lenient::Obj<WAsffResource<'a>>>,
    #[serde(rename = "FirstObservedAt")]
    pub first_observed_at: lenient::Time,
    #[serde(rename = "LastObservedAt")]
    pub last_observed_at: lenient::Time,
    #[serde(rename = "FindingProviderFields")]
    #[serde(borrow)]
    pub finding_provider_fields: lenient::Obj<WAsffProviderFields<'a>>,
    #[serde(rename = "RecordState")]
    #[serde(borrow)]
    pub record_state: lenient::Str<'a>,
    #[serde(rename = "GeneratorId")]
    #[serde(borrow)]
    pub generator_id: lenient::Str<'a>,
    #[serde(rename = "class_uid")]
    pub class_uid: lenient::Num,
    #[serde(rename = "metadata")]
    #[serde(borrow)]
    pub metadata: lenient::Obj<WOcsfMetadata<'a>>,
    #[serde(rename = "finding_info")]
    #[serde(borrow)]
    pub finding_info: lenient::Obj<WOcsfFindingInfo<'a>>,
    #[serde(rename = "cloud")]
    #[serde(borrow)]
    pub cloud: lenient::Obj<WOcsfCloud<'a>>,
    #[serde(rename = "severity_id")]
    pub severity_id: lenient::Num,
    #[serde(rename = "resources")]
    #[serde(borrow)]
    pub ocsf_resources: lenient::List<lenient::Obj<WOcsfResource<'a>>>,
    #[serde(rename = "status")]
    #[serde(borrow)]
    pub status: lenient::Str<'a>,
    #[serde(rename = "evidences")]
    #[serde(borrow)]
    pub evidences: lenient::List<lenient::Obj<WOcsfEvidence<'a>>>,
}
/// A Kinesis stream record inside a Lambda event.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKinesisRecord<'a> {
    #[serde(rename = "kinesis")]
    #[serde(borrow)]
    pub kinesis: lenient::Obj<WKinesisData<'a>>,
}
/// The payload of a Kinesis record.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKinesisData<'a> {
    #[serde(rename = "data")]
    #[serde(borrow)]
    pub data: lenient::Str<'a>,
}
/// ASFF `FindingProviderFields`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAsffProviderFields<'a> {
    #[serde(rename = "Severity")]
    #[serde(borrow)]
    pub severity: lenient::Obj<WAsffSeverity<'a>>,
    #[serde(rename = "Types")]
    #[serde(borrow)]
    pub types: lenient::List<lenient::Str<'a>>,
}
/// ASFF `Severity` (and `FindingProviderFields.Severity`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAsffSeverity<'a> {
    #[serde(rename = "Product")]
    pub product: lenient::Num,
    #[serde(rename = "Normalized")]
    pub normalized: lenient::Num,
    #[serde(rename = "Label")]
    #[serde(borrow)]
    pub label: lenient::Str<'a>,
    #[serde(rename = "Original")]
    #[serde(borrow)]
    pub original: lenient::Str<'a>,
}
/// One ASFF resource.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAsffResource<'a> {
    #[serde(rename = "Type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "Id")]
    #[serde(borrow)]
    pub id: lenient::Str<'a>,
    #[serde(rename = "Region")]
    #[serde(borrow)]
    pub region: lenient::Str<'a>,
    #[serde(rename = "Partition")]
    #[serde(borrow)]
    pub partition: lenient::Str<'a>,
    #[serde(rename = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::Obj<FxHashMap<String, lenient::Str<'a>>>,
}
/// OCSF `metadata`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfMetadata<'a> {
    #[serde(rename = "product")]
    #[serde(borrow)]
    pub product: lenient::Obj<WOcsfProduct<'a>>,
}
/// OCSF `metadata.product`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfProduct<'a> {
    #[serde(rename = "name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "vendor_name")]
    #[serde(borrow)]
    pub vendor_name: lenient::Str<'a>,
}
/// OCSF `finding_info`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfFindingInfo<'a> {
    #[serde(rename = "uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "uid_alt")]
    #[serde(borrow)]
    pub uid_alt: lenient::Str<'a>,
    #[serde(rename = "title")]
    #[serde(borrow)]
    pub title: lenient::Str<'a>,
    #[serde(rename = "desc")]
    #[serde(borrow)]
    pub desc: lenient::Str<'a>,
    #[serde(rename = "types")]
    #[serde(borrow)]
    pub types: lenient::List<lenient::Str<'a>>,
    #[serde(rename = "created_time")]
    pub created_time: lenient::Time,
    #[serde(rename = "modified_time")]
    pub modified_time: lenient::Time,
    #[serde(rename = "first_seen_time")]
    pub first_seen_time: lenient::Time,
    #[serde(rename = "last_seen_time")]
    pub last_seen_time: lenient::Time,
}
/// OCSF `cloud`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfCloud<'a> {
    #[serde(rename = "account")]
    #[serde(borrow)]
    pub account: lenient::Obj<WOcsfAccount<'a>>,
    #[serde(rename = "region")]
    #[serde(borrow)]
    pub region: lenient::Str<'a>,
    #[serde(rename = "cloud_partition")]
    #[serde(borrow)]
    pub cloud_partition: lenient::Str<'a>,
}
/// OCSF `cloud.account`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfAccount<'a> {
    #[serde(rename = "uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
}
/// One OCSF resource.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfResource<'a> {
    #[serde(rename = "type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "region")]
    #[serde(borrow)]
    pub region: lenient::Str<'a>,
    #[serde(rename = "tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<WTag<'a>>>,
}
/// One OCSF evidence entry (only the network endpoints are read).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfEvidence<'a> {
    #[serde(rename = "src_endpoint")]
    #[serde(borrow)]
    pub src_endpoint: lenient::Obj<WOcsfEndpoint<'a>>,
    #[serde(rename = "dst_endpoint")]
    #[serde(borrow)]
    pub dst_endpoint: lenient::Obj<WOcsfEndpoint<'a>>,
}
/// An OCSF network endpoint.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfEndpoint<'a> {
    #[serde(rename = "ip")]
    #[serde(borrow)]
    pub ip: lenient::Str<'a>,
    #[serde(rename = "domain")]
    #[serde(borrow)]
    pub domain: lenient::Str<'a>,
    #[serde(rename = "port")]
    pub port: lenient::Num,
}
/// A key/value tag (`key`/`Key`, `value`/`Value`; OCSF spells the key `name`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WTag<'a> {
    #[serde(rename = "key", alias = "Key")]
    #[serde(borrow)]
    pub key: lenient::Str<'a>,
    #[serde(rename = "value", alias = "Value")]
    #[serde(borrow)]
    pub value: lenient::Str<'a>,
    #[serde(rename = "name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
}
/// `resource`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WResource<'a> {
    #[serde(rename = "resourceType", alias = "ResourceType")]
    #[serde(borrow)]
    pub resource_type: lenient::Str<'a>,
    #[serde(rename = "accessKeyDetails", alias = "AccessKeyDetails")]
    #[serde(borrow)]
    pub access_key_details: lenient::Obj<WAccessKey<'a>>,
    #[serde(rename = "s3BucketDetails", alias = "S3BucketDetails")]
    #[serde(borrow)]
    pub s3_bucket_details: lenient::List<lenient::Obj<WS3Bucket<'a>>>,
    #[serde(rename = "instanceDetails", alias = "InstanceDetails")]
    #[serde(borrow)]
    pub instance_details: lenient::Obj<WInstance<'a>>,
    #[serde(rename = "eksClusterDetails", alias = "EksClusterDetails")]
    #[serde(borrow)]
    pub eks_cluster_details: lenient::Obj<WEksCluster<'a>>,
    #[serde(rename = "kubernetesDetails", alias = "KubernetesDetails")]
    #[serde(borrow)]
    pub kubernetes_details: lenient::Obj<WKubernetes<'a>>,
    #[serde(rename = "ecsClusterDetails", alias = "EcsClusterDetails")]
    #[serde(borrow)]
    pub ecs_cluster_details: lenient::Obj<WEcsCluster<'a>>,
    #[serde(rename = "containerDetails", alias = "ContainerDetails")]
    #[serde(borrow)]
    pub container_details: lenient::Obj<WContainer<'a>>,
    #[serde(rename = "rdsDbInstanceDetails", alias = "RdsDbInstanceDetails")]
    #[serde(borrow)]
    pub rds_db_instance_details: lenient::Obj<WRdsInstance<'a>>,
    #[serde(rename = "rdsLimitlessDbDetails", alias = "RdsLimitlessDbDetails")]
    #[serde(borrow)]
    pub rds_limitless_db_details: lenient::Obj<WRdsLimitless<'a>>,
    #[serde(rename = "rdsDbUserDetails", alias = "RdsDbUserDetails")]
    #[serde(borrow)]
    pub rds_db_user_details: lenient::Obj<WRdsUser<'a>>,
    #[serde(rename = "lambdaDetails", alias = "LambdaDetails")]
    #[serde(borrow)]
    pub lambda_details: lenient::Obj<WLambda<'a>>,
    #[serde(rename = "ebsVolumeDetails", alias = "EbsVolumeDetails")]
    #[serde(borrow)]
    pub ebs_volume_details: lenient::Obj<WEbsVolumes<'a>>,
    #[serde(rename = "ebsSnapshotDetails", alias = "EbsSnapshotDetails")]
    #[serde(borrow)]
    pub ebs_snapshot_details: lenient::Obj<WEbsSnapshot<'a>>,
    #[serde(rename = "ec2ImageDetails", alias = "Ec2ImageDetails")]
    #[serde(borrow)]
    pub ec2_image_details: lenient::Obj<WEc2Image<'a>>,
    #[serde(rename = "recoveryPointDetails", alias = "RecoveryPointDetails")]
    #[serde(borrow)]
    pub recovery_point_details: lenient::Obj<WRecoveryPoint<'a>>,
}
/// `accessKeyDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAccessKey<'a> {
    #[serde(rename = "accessKeyId", alias = "AccessKeyId")]
    #[serde(borrow)]
    pub access_key_id: lenient::Str<'a>,
    #[serde(rename = "principalId", alias = "PrincipalId")]
    #[serde(borrow)]
    pub principal_id: lenient::Str<'a>,
    #[serde(rename = "userName", alias = "UserName")]
    #[serde(borrow)]
    pub user_name: lenient::Str<'a>,
    #[serde(rename = "userType", alias = "UserType")]
    #[serde(borrow)]
    pub user_type: lenient::Str<'a>,
}
/// One `s3BucketDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WS3Bucket<'a> {
    #[serde(rename = "arn", alias = "Arn")]
    #[serde(borrow)]
    pub arn: lenient::Str<'a>,
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "type", alias = "Type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "tags", alias = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<WTag<'a>>>,
    #[serde(rename = "s3ObjectDetails", alias = "S3ObjectDetails")]
    #[serde(borrow)]
    pub s3_object_details: lenient::List<lenient::Obj<WS3Object<'a>>>,
}
/// One `s3ObjectDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WS3Object<'a> {
    #[serde(rename = "objectArn", alias = "ObjectArn")]
    #[serde(borrow)]
    pub object_arn: lenient::Str<'a>,
    #[serde(rename = "key", alias = "Key")]
    #[serde(borrow)]
    pub key: lenient::Str<'a>,
    #[serde(rename = "versionId", alias = "VersionId")]
    #[serde(borrow)]
    pub version_id: lenient::Str<'a>,
}
/// `instanceDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WInstance<'a> {
    #[serde(rename = "instanceId", alias = "InstanceId")]
    #[serde(borrow)]
    pub instance_id: lenient::Str<'a>,
    #[serde(rename = "instanceType", alias = "InstanceType")]
    #[serde(borrow)]
    pub instance_type: lenient::Str<'a>,
    #[serde(rename = "instanceState", alias = "InstanceState")]
    #[serde(borrow)]
    pub instance_state: lenient::Str<'a>,
    #[serde(rename = "imageId", alias = "ImageId")]
    #[serde(borrow)]
    pub image_id: lenient::Str<'a>,
    #[serde(rename = "platform", alias = "Platform")]
    #[serde(borrow)]
    pub platform: lenient::Str<'a>,
    #[serde(rename = "availabilityZone", alias = "AvailabilityZone")]
    #[serde(borrow)]
    pub availability_zone: lenient::Str<'a>,
    #[serde(rename = "networkInterfaces", alias = "NetworkInterfaces")]
    #[serde(borrow)]
    pub network_interfaces: lenient::List<lenient::Obj<WNetworkInterface<'a>>>,
    #[serde(rename = "tags", alias = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<WTag<'a>>>,
}
/// One `networkInterfaces` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WNetworkInterface<'a> {
    #[serde(rename = "publicIp", alias = "PublicIp")]
    #[serde(borrow)]
    pub public_ip: lenient::Str<'a>,
    #[serde(rename = "privateIpAddress", alias = "PrivateIpAddress")]
    #[serde(borrow)]
    pub private_ip_address: lenient::Str<'a>,
    #[serde(rename = "vpcId", alias = "VpcId")]
    #[serde(borrow)]
    pub vpc_id: lenient::Str<'a>,
    #[serde(rename = "subnetId", alias = "SubnetId")]
    #[serde(borrow)]
    pub subnet_id: lenient::Str<'a>,
}
/// `eksClusterDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEksCluster<'a> {
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "arn", alias = "Arn")]
    #[serde(borrow)]
    pub arn: lenient::Str<'a>,
    #[serde(rename = "vpcId", alias = "VpcId")]
    #[serde(borrow)]
    pub vpc_id: lenient::Str<'a>,
    #[serde(rename = "status", alias = "Status")]
    #[serde(borrow)]
    pub status: lenient::Str<'a>,
    #[serde(rename = "tags", alias = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<WTag<'a>>>,
}
/// `kubernetesDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKubernetes<'a> {
    #[serde(rename = "kubernetesUserDetails", alias = "KubernetesUserDetails")]
    #[serde(borrow)]
    pub kubernetes_user_details: lenient::Obj<WKubernetesUser<'a>>,
    #[serde(
        rename = "kubernetesWorkloadDetails",
        alias = "KubernetesWorkloadDetails"
    )]
    #[serde(borrow)]
    pub kubernetes_workload_details: lenient::Obj<WKubernetesWorkload<'a>>,
}
/// `kubernetesUserDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKubernetesUser<'a> {
    #[serde(rename = "username", alias = "Username")]
    #[serde(borrow)]
    pub username: lenient::Str<'a>,
    #[serde(rename = "uid", alias = "Uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "groups", alias = "Groups")]
    #[serde(borrow)]
    pub groups: lenient::List<lenient::Str<'a>>,
}
/// `kubernetesWorkloadDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKubernetesWorkload<'a> {
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "type", alias = "Type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "uid", alias = "Uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "namespace", alias = "Namespace")]
    #[serde(borrow)]
    pub namespace: lenient::Str<'a>,
}
/// `ecsClusterDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEcsCluster<'a> {
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "arn", alias = "Arn")]
    #[serde(borrow)]
    pub arn: lenient::Str<'a>,
    #[serde(rename = "status", alias = "Status")]
    #[serde(borrow)]
    pub status: lenient::Str<'a>,
    #[serde(rename = "tags", alias = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<WTag<'a>>>,
    #[serde(rename = "taskDetails", alias = "TaskDetails")]
    #[serde(borrow)]
    pub task_details: lenient::Obj<WEcsTask<'a>>,
}
/// `ecsClusterDetails.taskDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEcsTask<'a> {
    #[serde(rename = "arn", alias = "Arn")]
    #[serde(borrow)]
    pub arn: lenient::Str<'a>,
    #[serde(rename = "definitionArn", alias = "DefinitionArn")]
    #[serde(borrow)]
    pub definition_arn: lenient::Str<'a>,
    #[serde(rename = "launchType", alias = "LaunchType")]
    #[serde(borrow)]
    pub launch_type: lenient::Str<'a>,
    #[serde(rename = "tags", alias = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<WTag<'a>>>,
}
/// `containerDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WContainer<'a> {
    #[serde(rename = "id", alias = "Id")]
    #[serde(borrow)]
    pub id: lenient::Str<'a>,
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "image", alias = "Image")]
    #[serde(borrow)]
    pub image: lenient::Str<'a>,
    #[serde(rename = "containerRuntime", alias = "ContainerRuntime")]
    #[serde(borrow)]
    pub container_runtime: lenient::Str<'a>,
}
/// `rdsDbInstanceDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRdsInstance<'a> {
    #[serde(rename = "dbInstanceIdentifier", alias = "DbInstanceIdentifier")]
    #[serde(borrow)]
    pub db_instance_identifier: lenient::Str<'a>,
    #[serde(rename = "dbInstanceArn", alias = "DbInstanceArn")]
    #[serde(borrow)]
    pub db_instance_arn: lenient::Str<'a>,
    #[serde(rename = "engine", alias = "Engine")]
    #[serde(borrow)]
    pub engine: lenient::Str<'a>,
    #[serde(rename = "engineVersion", alias = "EngineVersion")]
    #[serde(borrow)]
    pub engine_version: lenient::Str<'a>,
    #[serde(rename = "dbClusterIdentifier", alias = "DbClusterIdentifier")]
    #[serde(borrow)]
    pub db_cluster_identifier: lenient::Str<'a>,
    #[serde(rename = "tags", alias = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<WTag<'a>>>,
}
/// `rdsLimitlessDbDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRdsLimitless<'a> {
    #[serde(rename = "dbShardGroupIdentifier", alias = "DbShardGroupIdentifier")]
    #[serde(borrow)]
    pub db_shard_group_identifier: lenient::Str<'a>,
    #[serde(rename = "dbShardGroupArn", alias = "DbShardGroupArn")]
    #[serde(borrow)]
    pub db_shard_group_arn: lenient::Str<'a>,
    #[serde(rename = "engine", alias = "Engine")]
    #[serde(borrow)]
    pub engine: lenient::Str<'a>,
    #[serde(rename = "dbClusterIdentifier", alias = "DbClusterIdentifier")]
    #[serde(borrow)]
    pub db_cluster_identifier: lenient::Str<'a>,
    #[serde(rename = "tags", alias = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<WTag<'a>>>,
}
/// `rdsDbUserDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRdsUser<'a> {
    #[serde(rename = "user", alias = "User")]
    #[serde(borrow)]
    pub user: lenient::Str<'a>,
    #[serde(rename = "application", alias = "Application")]
    #[serde(borrow)]
    pub application: lenient::Str<'a>,
    #[serde(rename = "database", alias = "Database")]
    #[serde(borrow)]
    pub database: lenient::Str<'a>,
    #[serde(rename = "authMethod", alias = "AuthMethod")]
    #[serde(borrow)]
    pub auth_method: lenient::Str<'a>,
}
/// `lambdaDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WLambda<'a> {
    #[serde(rename = "functionArn", alias = "FunctionArn")]
    #[serde(borrow)]
    pub function_arn: lenient::Str<'a>,
    #[serde(rename = "functionName", alias = "FunctionName")]
    #[serde(borrow)]
    pub function_name: lenient::Str<'a>,
    #[serde(rename = "functionVersion", alias = "FunctionVersion")]
    #[serde(borrow)]
    pub function_version: lenient::Str<'a>,
    #[serde(rename = "role", alias = "Role")]
    #[serde(borrow)]
    pub role: lenient::Str<'a>,
    #[serde(rename = "tags", alias = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<WTag<'a>>>,
}
/// `ebsVolumeDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEbsVolumes<'a> {
    #[serde(rename = "scannedVolumeDetails", alias = "ScannedVolumeDetails")]
    #[serde(borrow)]
    pub scanned_volume_details: lenient::List<lenient::Obj<WEbsVolume<'a>>>,
}
/// One scanned EBS volume.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEbsVolume<'a> {
    #[serde(rename = "volumeArn", alias = "VolumeArn")]
    #[serde(borrow)]
    pub volume_arn: lenient::Str<'a>,
    #[serde(rename = "deviceName", alias = "DeviceName")]
    #[serde(borrow)]
    pub device_name: lenient::Str<'a>,
    #[serde(rename = "volumeType", alias = "VolumeType")]
    #[serde(borrow)]
    pub volume_type: lenient::Str<'a>,
}
/// `ebsSnapshotDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEbsSnapshot<'a> {
    #[serde(rename = "snapshotArn", alias = "SnapshotArn")]
    #[serde(borrow)]
    pub snapshot_arn: lenient::Str<'a>,
}
/// `ec2ImageDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEc2Image<'a> {
    #[serde(rename = "imageArn", alias = "ImageArn")]
    #[serde(borrow)]
    pub image_arn: lenient::Str<'a>,
}
/// `recoveryPointDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRecoveryPoint<'a> {
    #[serde(rename = "recoveryPointArn", alias = "RecoveryPointArn")]
    #[serde(borrow)]
    pub recovery_point_arn: lenient::Str<'a>,
    #[serde(rename = "backupVaultName", alias = "BackupVaultName")]
    #[serde(borrow)]
    pub backup_vault_name: lenient::Str<'a>,
}
/// `service`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WService<'a> {
    #[serde(rename = "action", alias = "Action")]
    #[serde(borrow)]
    pub action: lenient::Obj<WAction<'a>>,
    #[serde(rename = "archived", alias = "Archived")]
    pub archived: lenient::Bool,
    #[serde(rename = "count", alias = "Count")]
    pub count: lenient::Num,
    #[serde(rename = "eventFirstSeen", alias = "EventFirstSeen")]
    pub event_first_seen: lenient::Time,
    #[serde(rename = "eventLastSeen", alias = "EventLastSeen")]
    pub event_last_seen: lenient::Time,
    #[serde(rename = "resourceRole", alias = "ResourceRole")]
    #[serde(borrow)]
    pub resource_role: lenient::Str<'a>,
    #[serde(rename = "featureName", alias = "FeatureName")]
    #[serde(borrow)]
    pub feature_name: lenient::Str<'a>,
    #[serde(rename = "additionalInfo", alias = "AdditionalInfo")]
    #[serde(borrow)]
    pub additional_info: lenient::Obj<WAdditionalInfo<'a>>,
    #[serde(rename = "evidence", alias = "Evidence")]
    #[serde(borrow)]
    pub evidence: lenient::Obj<WEvidence<'a>>,
    #[serde(rename = "detection", alias = "Detection")]
    #[serde(borrow)]
    pub detection: lenient::Obj<WDetection<'a>>,
}
/// `service.additionalInfo` (the wire adds flattened keys beside `value`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAdditionalInfo<'a> {
    #[serde(rename = "value", alias = "Value")]
    #[serde(borrow)]
    pub value: lenient::Str<'a>,
    #[serde(rename = "threatListName", alias = "ThreatListName")]
    #[serde(borrow)]
    pub threat_list_name: lenient::Str<'a>,
    #[serde(rename = "threatName", alias = "ThreatName")]
    #[serde(borrow)]
    pub threat_name: lenient::Str<'a>,
    #[serde(rename = "sample", alias = "Sample")]
    pub sample: lenient::Bool,
}
/// `service.evidence`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEvidence<'a> {
    #[serde(
        rename = "threatIntelligenceDetails",
        alias = "ThreatIntelligenceDetails"
    )]
    #[serde(borrow)]
    pub threat_intelligence_details: lenient::List<lenient::Obj<WThreatIntel<'a>>>,
}
/// One `threatIntelligenceDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WThreatIntel<'a> {
    #[serde(rename = "threatListName", alias = "ThreatListName")]
    #[serde(borrow)]
    pub threat_list_name: lenient::Str<'a>,
    #[serde(rename = "threatNames", alias = "ThreatNames")]
    #[serde(borrow)]
    pub threat_names: lenient::List<lenient::Str<'a>>,
}
/// `service.detection`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WDetection<'a> {
    #[serde(rename = "sequence", alias = "Sequence")]
    #[serde(borrow)]
    pub sequence: lenient::Obj<WSequence<'a>>,
}
/// `service.detection.sequence` (Extended Threat Detection).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WSequence<'a> {
    #[serde(rename = "uid", alias = "Uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "description", alias = "Description")]
    #[serde(borrow)]
    pub description: lenient::Str<'a>,
    #[serde(rename = "resources", alias = "Resources")]
    #[serde(borrow)]
    pub resources: lenient::List<lenient::Obj<WSequenceResource<'a>>>,
    #[serde(rename = "endpoints", alias = "Endpoints")]
    #[serde(borrow)]
    pub endpoints: lenient::List<lenient::Obj<WEndpoint<'a>>>,
    #[serde(rename = "signals", alias = "Signals")]
    #[serde(borrow)]
    pub signals: lenient::List<lenient::Obj<WSignal<'a>>>,
    #[serde(rename = "sequenceIndicators", alias = "SequenceIndicators")]
    #[serde(borrow)]
    pub sequence_indicators: lenient::List<lenient::Obj<WIndicator<'a>>>,
}
/// One attack-sequence resource (`ResourceV2`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WSequenceResource<'a> {
    #[serde(rename = "uid", alias = "Uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "resourceType", alias = "ResourceType")]
    #[serde(borrow)]
    pub resource_type: lenient::Str<'a>,
    #[serde(rename = "accountId", alias = "AccountId")]
    #[serde(borrow)]
    pub account_id: lenient::Str<'a>,
    #[serde(rename = "region", alias = "Region")]
    #[serde(borrow)]
    pub region: lenient::Str<'a>,
}
/// One attack-sequence network endpoint.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEndpoint<'a> {
    #[serde(rename = "id", alias = "Id")]
    #[serde(borrow)]
    pub id: lenient::Str<'a>,
    #[serde(rename = "ip", alias = "Ip")]
    #[serde(borrow)]
    pub ip: lenient::Str<'a>,
    #[serde(rename = "domain", alias = "Domain")]
    #[serde(borrow)]
    pub domain: lenient::Str<'a>,
    #[serde(rename = "port", alias = "Port")]
    pub port: lenient::Num,
    #[serde(rename = "location", alias = "Location")]
    #[serde(borrow)]
    pub location: lenient::Obj<WLocation<'a>>,
    #[serde(rename = "autonomousSystem", alias = "AutonomousSystem")]
    #[serde(borrow)]
    pub autonomous_system: lenient::Obj<WAutonomousSystem<'a>>,
}
/// An endpoint's location.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WLocation<'a> {
    #[serde(rename = "city", alias = "City")]
    #[serde(borrow)]
    pub city: lenient::Str<'a>,
    #[serde(rename = "country", alias = "Country")]
    #[serde(borrow)]
    pub country: lenient::Str<'a>,
    #[serde(rename = "lat", alias = "Lat", alias = "Latitude", alias = "latitude")]
    pub lat: lenient::Num,
    #[serde(
        rename = "lon",
        alias = "Lon",
        alias = "Longitude",
        alias = "longitude"
    )]
    pub lon: lenient::Num,
}
/// An endpoint's autonomous system.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAutonomousSystem<'a> {
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "number", alias = "Number")]
    #[serde(borrow)]
    pub number: lenient::Str<'a>,
}
/// One attack-sequence signal.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WSignal<'a> {
    #[serde(rename = "uid", alias = "Uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "type", alias = "Type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
}
/// One attack-sequence indicator.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WIndicator<'a> {
    #[serde(rename = "key", alias = "Key")]
    #[serde(borrow)]
    pub key: lenient::Str<'a>,
    #[serde(rename = "values", alias = "Values")]
    #[serde(borrow)]
    pub values: lenient::List<lenient::Str<'a>>,
    #[serde(rename = "title", alias = "Title")]
    #[serde(borrow)]
    pub title: lenient::Str<'a>,
}
/// `service.action`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAction<'a> {
    #[serde(rename = "actionType", alias = "ActionType")]
    #[serde(borrow)]
    pub action_type: lenient::Str<'a>,
    #[serde(rename = "awsApiCallAction", alias = "AwsApiCallAction")]
    #[serde(borrow)]
    pub aws_api_call_action: lenient::Obj<WApiCall<'a>>,
    #[serde(rename = "dnsRequestAction", alias = "DnsRequestAction")]
    #[serde(borrow)]
    pub dns_request_action: lenient::Obj<WDnsRequest<'a>>,
    #[serde(rename = "networkConnectionAction", alias = "NetworkConnectionAction")]
    #[serde(borrow)]
    pub network_connection_action: lenient::Obj<WNetworkConnection<'a>>,
    #[serde(rename = "portProbeAction", alias = "PortProbeAction")]
    #[serde(borrow)]
    pub port_probe_action: lenient::Obj<WPortProbe<'a>>,
    #[serde(rename = "kubernetesApiCallAction", alias = "KubernetesApiCallAction")]
    #[serde(borrow)]
    pub kubernetes_api_call_action: lenient::Obj<WKubernetesApiCall<'a>>,
    #[serde(rename = "rdsLoginAttemptAction", alias = "RdsLoginAttemptAction")]
    #[serde(borrow)]
    pub rds_login_attempt_action: lenient::Obj<WRdsLogin<'a>>,
}
/// `awsApiCallAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WApiCall<'a> {
    #[serde(rename = "api", alias = "Api")]
    #[serde(borrow)]
    pub api: lenient::Str<'a>,
    #[serde(rename = "serviceName", alias = "ServiceName")]
    #[serde(borrow)]
    pub service_name: lenient::Str<'a>,
    #[serde(rename = "callerType", alias = "CallerType")]
    #[serde(borrow)]
    pub caller_type: lenient::Str<'a>,
    #[serde(rename = "userAgent", alias = "UserAgent")]
    #[serde(borrow)]
    pub user_agent: lenient::Str<'a>,
    #[serde(rename = "errorCode", alias = "ErrorCode")]
    #[serde(borrow)]
    pub error_code: lenient::Str<'a>,
    #[serde(rename = "domainDetails", alias = "DomainDetails")]
    #[serde(borrow)]
    pub domain_details: lenient::Obj<WDomain<'a>>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    #[serde(borrow)]
    pub remote_ip_details: lenient::Obj<WRemoteIp<'a>>,
}
/// `domainDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WDomain<'a> {
    #[serde(rename = "domain", alias = "Domain")]
    #[serde(borrow)]
    pub domain: lenient::Str<'a>,
}
/// `dnsRequestAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WDnsRequest<'a> {
    #[serde(rename = "domain", alias = "Domain")]
    #[serde(borrow)]
    pub domain: lenient::Str<'a>,
    #[serde(rename = "protocol", alias = "Protocol")]
    #[serde(borrow)]
    pub protocol: lenient::Str<'a>,
    #[serde(rename = "blocked", alias = "Blocked")]
    pub blocked: lenient::Bool,
}
/// `networkConnectionAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WNetworkConnection<'a> {
    #[serde(rename = "blocked", alias = "Blocked")]
    pub blocked: lenient::Bool,
    #[serde(rename = "connectionDirection", alias = "ConnectionDirection")]
    #[serde(borrow)]
    pub connection_direction: lenient::Str<'a>,
    #[serde(rename = "protocol", alias = "Protocol")]
    #[serde(borrow)]
    pub protocol: lenient::Str<'a>,
    #[serde(rename = "localPortDetails", alias = "LocalPortDetails")]
    #[serde(borrow)]
    pub local_port_details: lenient::Obj<WPort<'a>>,
    #[serde(rename = "remotePortDetails", alias = "RemotePortDetails")]
    #[serde(borrow)]
    pub remote_port_details: lenient::Obj<WPort<'a>>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    #[serde(borrow)]
    pub remote_ip_details: lenient::Obj<WRemoteIp<'a>>,
}
/// `localPortDetails` / `remotePortDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WPort<'a> {
    #[serde(rename = "port", alias = "Port")]
    pub port: lenient::Num,
    #[serde(rename = "portName", alias = "PortName")]
    #[serde(borrow)]
    pub port_name: lenient::Str<'a>,
}
/// `portProbeAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WPortProbe<'a> {
    #[serde(rename = "blocked", alias = "Blocked")]
    pub blocked: lenient::Bool,
    #[serde(rename = "portProbeDetails", alias = "PortProbeDetails")]
    #[serde(borrow)]
    pub port_probe_details: lenient::List<lenient::Obj<WPortProbeDetail<'a>>>,
}
/// One `portProbeDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WPortProbeDetail<'a> {
    #[serde(rename = "localPortDetails", alias = "LocalPortDetails")]
    #[serde(borrow)]
    pub local_port_details: lenient::Obj<WPort<'a>>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    #[serde(borrow)]
    pub remote_ip_details: lenient::Obj<WRemoteIp<'a>>,
}
/// `kubernetesApiCallAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKubernetesApiCall<'a> {
    #[serde(rename = "requestUri", alias = "RequestUri")]
    #[serde(borrow)]
    pub request_uri: lenient::Str<'a>,
    #[serde(rename = "verb", alias = "Verb")]
    #[serde(borrow)]
    pub verb: lenient::Str<'a>,
    #[serde(rename = "userAgent", alias = "UserAgent")]
    #[serde(borrow)]
    pub user_agent: lenient::Str<'a>,
    #[serde(rename = "sourceIPs", alias = "SourceIps", alias = "sourceIps")]
    #[serde(borrow)]
    pub source_ips: lenient::List<lenient::Str<'a>>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    #[serde(borrow)]
    pub remote_ip_details: lenient::Obj<WRemoteIp<'a>>,
}
/// `rdsLoginAttemptAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRdsLogin<'a> {
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    #[serde(borrow)]
    pub remote_ip_details: lenient::Obj<WRemoteIp<'a>>,
    #[serde(rename = "LoginAttributes", alias = "loginAttributes")]
    #[serde(borrow)]
    pub login_attributes: lenient::List<lenient::Obj<WLoginAttribute<'a>>>,
}
/// One RDS login attribute.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WLoginAttribute<'a> {
    #[serde(rename = "user", alias = "User")]
    #[serde(borrow)]
    pub user: lenient::Str<'a>,
    #[serde(rename = "application", alias = "Application")]
    #[serde(borrow)]
    pub application: lenient::Str<'a>,
}
/// `remoteIpDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRemoteIp<'a> {
    #[serde(rename = "ipAddressV4", alias = "IpAddressV4")]
    #[serde(borrow)]
    pub ip_address_v4: lenient::Str<'a>,
    #[serde(rename = "ipAddressV6", alias = "IpAddressV6")]
    #[serde(borrow)]
    pub ip_address_v6: lenient::Str<'a>,
    #[serde(rename = "country", alias = "Country")]
    #[serde(borrow)]
    pub country: lenient::Obj<WCountry<'a>>,
    #[serde(rename = "city", alias = "City")]
    #[serde(borrow)]
    pub city: lenient::Obj<WCity<'a>>,
    #[serde(rename = "geoLocation", alias = "GeoLocation")]
    pub geo_location: lenient::Obj<WGeo>,
    #[serde(rename = "organization", alias = "Organization")]
    #[serde(borrow)]
    pub organization: lenient::Obj<WOrganization<'a>>,
}
/// `country`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WCountry<'a> {
    #[serde(rename = "countryCode", alias = "CountryCode")]
    #[serde(borrow)]
    pub country_code: lenient::Str<'a>,
    #[serde(rename = "countryName", alias = "CountryName")]
    #[serde(borrow)]
    pub country_name: lenient::Str<'a>,
}
/// `city`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WCity<'a> {
    #[serde(rename = "cityName", alias = "CityName")]
    #[serde(borrow)]
    pub city_name: lenient::Str<'a>,
}
/// `geoLocation` (`lat`/`lon` on the wire, `Lat`/`Lon` in the CLI).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WGeo {
    #[serde(rename = "lat", alias = "Lat", alias = "Latitude", alias = "latitude")]
    pub lat: lenient::Num,
    #[serde(
        rename = "lon",
        alias = "Lon",
        alias = "Longitude",
        alias = "longitude"
    )]
    pub lon: lenient::Num,
}
/// `organization`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOrganization<'a> {
    #[serde(rename = "asn", alias = "Asn")]
    #[serde(borrow)]
    pub asn: lenient::Str<'a>,
    #[serde(rename = "asnOrg", alias = "AsnOrg")]
    #[serde(borrow)]
    pub asn_org: lenient::Str<'a>,
    #[serde(rename = "isp", alias = "Isp")]
    #[serde(borrow)]
    pub isp: lenient::Str<'a>,
    #[serde(rename = "org", alias = "Org")]
    #[serde(borrow)]
    pub org: lenient::Str<'a>,
}

/// `severity`: a number natively, a label string in OCSF, an object in ASFF.
#[derive(Debug, Default)]
pub enum WSeverity<'a> {
    #[default]
    Absent,
    Scalar(Scalar<'a>),
    Asff(WAsffSeverity<'a>),
}

impl<'de: 'a, 'a> Deserialize<'de> for WSeverity<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = WSeverity<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a severity")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<WSeverity<'a>, A::Error> {
                Ok(WSeverity::Asff(WAsffSeverity::deserialize(
                    MapAccessDeserializer::new(map),
                )?))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<WSeverity<'a>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(WSeverity::Absent)
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<WSeverity<'a>, E> {
                Ok(WSeverity::Scalar(Scalar::Text(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<WSeverity<'a>, E> {
                Ok(WSeverity::Scalar(Scalar::Text(Cow::Owned(v.to_owned()))))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<WSeverity<'a>, E> {
                Ok(WSeverity::Scalar(Scalar::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<WSeverity<'a>, E> {
                Ok(WSeverity::Scalar(Scalar::Number(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<WSeverity<'a>, E> {
                Ok(WSeverity::Scalar(Scalar::Number(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<WSeverity<'a>, E> {
                Ok(WSeverity::Scalar(Scalar::Number(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<WSeverity<'a>, E> {
                Ok(WSeverity::Absent)
            }
            fn visit_none<E: de::Error>(self) -> Result<WSeverity<'a>, E> {
                Ok(WSeverity::Absent)
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// One complete top-level record as the splitter cut it: an object (of any dialect), an
/// array of records, or something that is not a record at all.
#[derive(Debug)]
pub enum WTop<'a> {
    Object(Box<WRecord<'a>>),
    Array(Vec<WTop<'a>>),
    /// A scalar; the text names its JSON type.
    Scalar(&'static str),
}

impl<'de: 'a, 'a> Deserialize<'de> for WTop<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = WTop<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<WTop<'a>, A::Error> {
                Ok(WTop::Object(Box::new(WRecord::deserialize(
                    MapAccessDeserializer::new(map),
                )?)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<WTop<'a>, A::Error> {
                let Some(_guard) = NestingGuard::enter() else {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    return Ok(WTop::Array(Vec::new()));
                };
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<WTop<'a>>()? {
                    items.push(item);
                }
                Ok(WTop::Array(items))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<WTop<'a>, E> {
                Ok(WTop::Scalar("a string"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<WTop<'a>, E> {
                Ok(WTop::Scalar("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<WTop<'a>, E> {
                Ok(WTop::Scalar("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<WTop<'a>, E> {
                Ok(WTop::Scalar("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<WTop<'a>, E> {
                Ok(WTop::Scalar("a number"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<WTop<'a>, E> {
                Ok(WTop::Scalar("null"))
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// Parses one record cut by the splitter. Valid UTF-8 (nearly every record) is checked once
/// for the whole record and then read as `&str`, which spares serde_json a UTF-8 check per
/// string; anything else goes through the byte reader, which reports the error.
pub fn parse_top(bytes: &[u8]) -> serde_json::Result<WTop<'_>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}
