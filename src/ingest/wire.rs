//! Wire structs: the JSON shapes of every dialect, with lenient leaves so that a value of the
//! wrong type never fails a record. Field names are camelCase with PascalCase aliases (the CLI
//! spelling), plus the few wire names that are not simple case changes (`sourceIPs`,
//! `lat`/`lon`, `LoginAttributes`). Only the fields the model uses are declared; serde skips
//! the rest without building values.

use rustc_hash::FxHashMap;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as DeriveDeserialize;

use super::lenient::{LBool, LNested, LNum, LObj, LStr, LTime, LVec, NestingGuard, Scalar};

/// Top-level record of any dialect: a native finding, an envelope, a wrapper, ASFF or OCSF.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRecord {
    #[serde(rename = "schemaVersion", alias = "SchemaVersion")]
    pub schema_version: LStr,
    #[serde(rename = "accountId", alias = "AccountId")]
    pub account_id: LStr,
    #[serde(rename = "region", alias = "Region")]
    pub region: LStr,
    #[serde(rename = "partition", alias = "Partition")]
    pub partition: LStr,
    #[serde(rename = "id")]
    pub id: LStr,
    #[serde(rename = "Id")]
    pub id_pascal: LStr,
    #[serde(rename = "arn", alias = "Arn")]
    pub arn: LStr,
    #[serde(rename = "type")]
    pub kind: LStr,
    #[serde(rename = "Type")]
    pub kind_pascal: LStr,
    #[serde(rename = "severity", alias = "Severity")]
    pub severity: WSeverity,
    #[serde(rename = "title", alias = "Title")]
    pub title: LStr,
    #[serde(rename = "description", alias = "Description")]
    pub description: LStr,
    #[serde(rename = "createdAt", alias = "CreatedAt")]
    pub created_at: LTime,
    #[serde(rename = "updatedAt", alias = "UpdatedAt")]
    pub updated_at: LTime,
    #[serde(rename = "confidence", alias = "Confidence")]
    pub confidence: LNum,
    #[serde(
        rename = "associatedAttackSequenceArn",
        alias = "AssociatedAttackSequenceArn"
    )]
    pub associated_attack_sequence_arn: LStr,
    #[serde(rename = "resource", alias = "Resource")]
    pub resource: LObj<WResource>,
    #[serde(rename = "service", alias = "Service")]
    pub service: LObj<WService>,
    #[serde(rename = "archived", alias = "Archived")]
    pub archived: LBool,
    #[serde(rename = "count", alias = "Count")]
    pub count: LNum,
    #[serde(rename = "eventFirstSeen", alias = "EventFirstSeen")]
    pub event_first_seen: LTime,
    #[serde(rename = "eventLastSeen", alias = "EventLastSeen")]
    pub event_last_seen: LTime,
    #[serde(rename = "detail")]
    pub detail: LNested<Box<WRecord>>,
    #[serde(rename = "detail-type")]
    pub detail_type: LStr,
    #[serde(rename = "account")]
    pub account: LStr,
    #[serde(rename = "time")]
    pub time: LTime,
    #[serde(rename = "findings", alias = "Findings")]
    pub findings: LVec<LNested<WRecord>>,
    #[serde(rename = "event_payload")]
    pub event_payload: LNested<Box<WRecord>>,
    #[serde(rename = "Records")]
    pub kinesis_records: LVec<LObj<WKinesisRecord>>,
    #[serde(rename = "ProductArn")]
    pub product_arn: LStr,
    #[serde(rename = "Types")]
    pub types: LVec<LStr>,
    #[serde(rename = "AwsAccountId")]
    pub aws_account_id: LStr,
    #[serde(rename = "ProductFields")]
    pub product_fields: LObj<FxHashMap<String, LStr>>,
    #[serde(rename = "Resources")]
    pub asff_resources: LVec<LObj<WAsffResource>>,
    #[serde(rename = "FirstObservedAt")]
    pub first_observed_at: LTime,
    #[serde(rename = "LastObservedAt")]
    pub last_observed_at: LTime,
    #[serde(rename = "FindingProviderFields")]
    pub finding_provider_fields: LObj<WAsffProviderFields>,
    #[serde(rename = "RecordState")]
    pub record_state: LStr,
    #[serde(rename = "GeneratorId")]
    pub generator_id: LStr,
    #[serde(rename = "class_uid")]
    pub class_uid: LNum,
    #[serde(rename = "metadata")]
    pub metadata: LObj<WOcsfMetadata>,
    #[serde(rename = "finding_info")]
    pub finding_info: LObj<WOcsfFindingInfo>,
    #[serde(rename = "cloud")]
    pub cloud: LObj<WOcsfCloud>,
    #[serde(rename = "severity_id")]
    pub severity_id: LNum,
    #[serde(rename = "resources")]
    pub ocsf_resources: LVec<LObj<WOcsfResource>>,
    #[serde(rename = "status")]
    pub status: LStr,
    #[serde(rename = "evidences")]
    pub evidences: LVec<LObj<WOcsfEvidence>>,
}
/// A Kinesis stream record inside a Lambda event.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKinesisRecord {
    #[serde(rename = "kinesis")]
    pub kinesis: LObj<WKinesisData>,
}
/// The payload of a Kinesis record.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKinesisData {
    #[serde(rename = "data")]
    pub data: LStr,
}
/// ASFF `FindingProviderFields`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAsffProviderFields {
    #[serde(rename = "Severity")]
    pub severity: LObj<WAsffSeverity>,
    #[serde(rename = "Types")]
    pub types: LVec<LStr>,
}
/// ASFF `Severity` (and `FindingProviderFields.Severity`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAsffSeverity {
    #[serde(rename = "Product")]
    pub product: LNum,
    #[serde(rename = "Normalized")]
    pub normalized: LNum,
    #[serde(rename = "Label")]
    pub label: LStr,
    #[serde(rename = "Original")]
    pub original: LStr,
}
/// One ASFF resource.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAsffResource {
    #[serde(rename = "Type")]
    pub kind: LStr,
    #[serde(rename = "Id")]
    pub id: LStr,
    #[serde(rename = "Region")]
    pub region: LStr,
    #[serde(rename = "Partition")]
    pub partition: LStr,
    #[serde(rename = "Tags")]
    pub tags: LObj<FxHashMap<String, LStr>>,
}
/// OCSF `metadata`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfMetadata {
    #[serde(rename = "product")]
    pub product: LObj<WOcsfProduct>,
}
/// OCSF `metadata.product`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfProduct {
    #[serde(rename = "name")]
    pub name: LStr,
    #[serde(rename = "uid")]
    pub uid: LStr,
    #[serde(rename = "vendor_name")]
    pub vendor_name: LStr,
}
/// OCSF `finding_info`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfFindingInfo {
    #[serde(rename = "uid")]
    pub uid: LStr,
    #[serde(rename = "uid_alt")]
    pub uid_alt: LStr,
    #[serde(rename = "title")]
    pub title: LStr,
    #[serde(rename = "desc")]
    pub desc: LStr,
    #[serde(rename = "types")]
    pub types: LVec<LStr>,
    #[serde(rename = "created_time")]
    pub created_time: LTime,
    #[serde(rename = "modified_time")]
    pub modified_time: LTime,
    #[serde(rename = "first_seen_time")]
    pub first_seen_time: LTime,
    #[serde(rename = "last_seen_time")]
    pub last_seen_time: LTime,
}
/// OCSF `cloud`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfCloud {
    #[serde(rename = "account")]
    pub account: LObj<WOcsfAccount>,
    #[serde(rename = "region")]
    pub region: LStr,
    #[serde(rename = "cloud_partition")]
    pub cloud_partition: LStr,
}
/// OCSF `cloud.account`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfAccount {
    #[serde(rename = "uid")]
    pub uid: LStr,
}
/// One OCSF resource.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfResource {
    #[serde(rename = "type")]
    pub kind: LStr,
    #[serde(rename = "uid")]
    pub uid: LStr,
    #[serde(rename = "name")]
    pub name: LStr,
    #[serde(rename = "region")]
    pub region: LStr,
    #[serde(rename = "tags")]
    pub tags: LVec<LObj<WTag>>,
}
/// One OCSF evidence entry (only the network endpoints are read).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfEvidence {
    #[serde(rename = "src_endpoint")]
    pub src_endpoint: LObj<WOcsfEndpoint>,
    #[serde(rename = "dst_endpoint")]
    pub dst_endpoint: LObj<WOcsfEndpoint>,
}
/// An OCSF network endpoint.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOcsfEndpoint {
    #[serde(rename = "ip")]
    pub ip: LStr,
    #[serde(rename = "domain")]
    pub domain: LStr,
    #[serde(rename = "port")]
    pub port: LNum,
}
/// A key/value tag (`key`/`Key`, `value`/`Value`; OCSF spells the key `name`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WTag {
    #[serde(rename = "key", alias = "Key")]
    pub key: LStr,
    #[serde(rename = "value", alias = "Value")]
    pub value: LStr,
    #[serde(rename = "name")]
    pub name: LStr,
}
/// `resource`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WResource {
    #[serde(rename = "resourceType", alias = "ResourceType")]
    pub resource_type: LStr,
    #[serde(rename = "accessKeyDetails", alias = "AccessKeyDetails")]
    pub access_key_details: LObj<WAccessKey>,
    #[serde(rename = "s3BucketDetails", alias = "S3BucketDetails")]
    pub s3_bucket_details: LVec<LObj<WS3Bucket>>,
    #[serde(rename = "instanceDetails", alias = "InstanceDetails")]
    pub instance_details: LObj<WInstance>,
    #[serde(rename = "eksClusterDetails", alias = "EksClusterDetails")]
    pub eks_cluster_details: LObj<WEksCluster>,
    #[serde(rename = "kubernetesDetails", alias = "KubernetesDetails")]
    pub kubernetes_details: LObj<WKubernetes>,
    #[serde(rename = "ecsClusterDetails", alias = "EcsClusterDetails")]
    pub ecs_cluster_details: LObj<WEcsCluster>,
    #[serde(rename = "containerDetails", alias = "ContainerDetails")]
    pub container_details: LObj<WContainer>,
    #[serde(rename = "rdsDbInstanceDetails", alias = "RdsDbInstanceDetails")]
    pub rds_db_instance_details: LObj<WRdsInstance>,
    #[serde(rename = "rdsLimitlessDbDetails", alias = "RdsLimitlessDbDetails")]
    pub rds_limitless_db_details: LObj<WRdsLimitless>,
    #[serde(rename = "rdsDbUserDetails", alias = "RdsDbUserDetails")]
    pub rds_db_user_details: LObj<WRdsUser>,
    #[serde(rename = "lambdaDetails", alias = "LambdaDetails")]
    pub lambda_details: LObj<WLambda>,
    #[serde(rename = "ebsVolumeDetails", alias = "EbsVolumeDetails")]
    pub ebs_volume_details: LObj<WEbsVolumes>,
    #[serde(rename = "ebsSnapshotDetails", alias = "EbsSnapshotDetails")]
    pub ebs_snapshot_details: LObj<WEbsSnapshot>,
    #[serde(rename = "ec2ImageDetails", alias = "Ec2ImageDetails")]
    pub ec2_image_details: LObj<WEc2Image>,
    #[serde(rename = "recoveryPointDetails", alias = "RecoveryPointDetails")]
    pub recovery_point_details: LObj<WRecoveryPoint>,
}
/// `accessKeyDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAccessKey {
    #[serde(rename = "accessKeyId", alias = "AccessKeyId")]
    pub access_key_id: LStr,
    #[serde(rename = "principalId", alias = "PrincipalId")]
    pub principal_id: LStr,
    #[serde(rename = "userName", alias = "UserName")]
    pub user_name: LStr,
    #[serde(rename = "userType", alias = "UserType")]
    pub user_type: LStr,
}
/// One `s3BucketDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WS3Bucket {
    #[serde(rename = "arn", alias = "Arn")]
    pub arn: LStr,
    #[serde(rename = "name", alias = "Name")]
    pub name: LStr,
    #[serde(rename = "type", alias = "Type")]
    pub kind: LStr,
    #[serde(rename = "tags", alias = "Tags")]
    pub tags: LVec<LObj<WTag>>,
    #[serde(rename = "s3ObjectDetails", alias = "S3ObjectDetails")]
    pub s3_object_details: LVec<LObj<WS3Object>>,
}
/// One `s3ObjectDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WS3Object {
    #[serde(rename = "objectArn", alias = "ObjectArn")]
    pub object_arn: LStr,
    #[serde(rename = "key", alias = "Key")]
    pub key: LStr,
    #[serde(rename = "versionId", alias = "VersionId")]
    pub version_id: LStr,
}
/// `instanceDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WInstance {
    #[serde(rename = "instanceId", alias = "InstanceId")]
    pub instance_id: LStr,
    #[serde(rename = "instanceType", alias = "InstanceType")]
    pub instance_type: LStr,
    #[serde(rename = "instanceState", alias = "InstanceState")]
    pub instance_state: LStr,
    #[serde(rename = "imageId", alias = "ImageId")]
    pub image_id: LStr,
    #[serde(rename = "platform", alias = "Platform")]
    pub platform: LStr,
    #[serde(rename = "availabilityZone", alias = "AvailabilityZone")]
    pub availability_zone: LStr,
    #[serde(rename = "networkInterfaces", alias = "NetworkInterfaces")]
    pub network_interfaces: LVec<LObj<WNetworkInterface>>,
    #[serde(rename = "tags", alias = "Tags")]
    pub tags: LVec<LObj<WTag>>,
}
/// One `networkInterfaces` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WNetworkInterface {
    #[serde(rename = "publicIp", alias = "PublicIp")]
    pub public_ip: LStr,
    #[serde(rename = "privateIpAddress", alias = "PrivateIpAddress")]
    pub private_ip_address: LStr,
    #[serde(rename = "vpcId", alias = "VpcId")]
    pub vpc_id: LStr,
    #[serde(rename = "subnetId", alias = "SubnetId")]
    pub subnet_id: LStr,
}
/// `eksClusterDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEksCluster {
    #[serde(rename = "name", alias = "Name")]
    pub name: LStr,
    #[serde(rename = "arn", alias = "Arn")]
    pub arn: LStr,
    #[serde(rename = "vpcId", alias = "VpcId")]
    pub vpc_id: LStr,
    #[serde(rename = "status", alias = "Status")]
    pub status: LStr,
    #[serde(rename = "tags", alias = "Tags")]
    pub tags: LVec<LObj<WTag>>,
}
/// `kubernetesDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKubernetes {
    #[serde(rename = "kubernetesUserDetails", alias = "KubernetesUserDetails")]
    pub kubernetes_user_details: LObj<WKubernetesUser>,
    #[serde(
        rename = "kubernetesWorkloadDetails",
        alias = "KubernetesWorkloadDetails"
    )]
    pub kubernetes_workload_details: LObj<WKubernetesWorkload>,
}
/// `kubernetesUserDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKubernetesUser {
    #[serde(rename = "username", alias = "Username")]
    pub username: LStr,
    #[serde(rename = "uid", alias = "Uid")]
    pub uid: LStr,
    #[serde(rename = "groups", alias = "Groups")]
    pub groups: LVec<LStr>,
}
/// `kubernetesWorkloadDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKubernetesWorkload {
    #[serde(rename = "name", alias = "Name")]
    pub name: LStr,
    #[serde(rename = "type", alias = "Type")]
    pub kind: LStr,
    #[serde(rename = "uid", alias = "Uid")]
    pub uid: LStr,
    #[serde(rename = "namespace", alias = "Namespace")]
    pub namespace: LStr,
}
/// `ecsClusterDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEcsCluster {
    #[serde(rename = "name", alias = "Name")]
    pub name: LStr,
    #[serde(rename = "arn", alias = "Arn")]
    pub arn: LStr,
    #[serde(rename = "status", alias = "Status")]
    pub status: LStr,
    #[serde(rename = "tags", alias = "Tags")]
    pub tags: LVec<LObj<WTag>>,
    #[serde(rename = "taskDetails", alias = "TaskDetails")]
    pub task_details: LObj<WEcsTask>,
}
/// `ecsClusterDetails.taskDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEcsTask {
    #[serde(rename = "arn", alias = "Arn")]
    pub arn: LStr,
    #[serde(rename = "definitionArn", alias = "DefinitionArn")]
    pub definition_arn: LStr,
    #[serde(rename = "launchType", alias = "LaunchType")]
    pub launch_type: LStr,
    #[serde(rename = "tags", alias = "Tags")]
    pub tags: LVec<LObj<WTag>>,
}
/// `containerDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WContainer {
    #[serde(rename = "id", alias = "Id")]
    pub id: LStr,
    #[serde(rename = "name", alias = "Name")]
    pub name: LStr,
    #[serde(rename = "image", alias = "Image")]
    pub image: LStr,
    #[serde(rename = "containerRuntime", alias = "ContainerRuntime")]
    pub container_runtime: LStr,
}
/// `rdsDbInstanceDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRdsInstance {
    #[serde(rename = "dbInstanceIdentifier", alias = "DbInstanceIdentifier")]
    pub db_instance_identifier: LStr,
    #[serde(rename = "dbInstanceArn", alias = "DbInstanceArn")]
    pub db_instance_arn: LStr,
    #[serde(rename = "engine", alias = "Engine")]
    pub engine: LStr,
    #[serde(rename = "engineVersion", alias = "EngineVersion")]
    pub engine_version: LStr,
    #[serde(rename = "dbClusterIdentifier", alias = "DbClusterIdentifier")]
    pub db_cluster_identifier: LStr,
    #[serde(rename = "tags", alias = "Tags")]
    pub tags: LVec<LObj<WTag>>,
}
/// `rdsLimitlessDbDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRdsLimitless {
    #[serde(rename = "dbShardGroupIdentifier", alias = "DbShardGroupIdentifier")]
    pub db_shard_group_identifier: LStr,
    #[serde(rename = "dbShardGroupArn", alias = "DbShardGroupArn")]
    pub db_shard_group_arn: LStr,
    #[serde(rename = "engine", alias = "Engine")]
    pub engine: LStr,
    #[serde(rename = "dbClusterIdentifier", alias = "DbClusterIdentifier")]
    pub db_cluster_identifier: LStr,
    #[serde(rename = "tags", alias = "Tags")]
    pub tags: LVec<LObj<WTag>>,
}
/// `rdsDbUserDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRdsUser {
    #[serde(rename = "user", alias = "User")]
    pub user: LStr,
    #[serde(rename = "application", alias = "Application")]
    pub application: LStr,
    #[serde(rename = "database", alias = "Database")]
    pub database: LStr,
    #[serde(rename = "authMethod", alias = "AuthMethod")]
    pub auth_method: LStr,
}
/// `lambdaDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WLambda {
    #[serde(rename = "functionArn", alias = "FunctionArn")]
    pub function_arn: LStr,
    #[serde(rename = "functionName", alias = "FunctionName")]
    pub function_name: LStr,
    #[serde(rename = "functionVersion", alias = "FunctionVersion")]
    pub function_version: LStr,
    #[serde(rename = "role", alias = "Role")]
    pub role: LStr,
    #[serde(rename = "tags", alias = "Tags")]
    pub tags: LVec<LObj<WTag>>,
}
/// `ebsVolumeDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEbsVolumes {
    #[serde(rename = "scannedVolumeDetails", alias = "ScannedVolumeDetails")]
    pub scanned_volume_details: LVec<LObj<WEbsVolume>>,
}
/// One scanned EBS volume.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEbsVolume {
    #[serde(rename = "volumeArn", alias = "VolumeArn")]
    pub volume_arn: LStr,
    #[serde(rename = "deviceName", alias = "DeviceName")]
    pub device_name: LStr,
    #[serde(rename = "volumeType", alias = "VolumeType")]
    pub volume_type: LStr,
}
/// `ebsSnapshotDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEbsSnapshot {
    #[serde(rename = "snapshotArn", alias = "SnapshotArn")]
    pub snapshot_arn: LStr,
}
/// `ec2ImageDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEc2Image {
    #[serde(rename = "imageArn", alias = "ImageArn")]
    pub image_arn: LStr,
}
/// `recoveryPointDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRecoveryPoint {
    #[serde(rename = "recoveryPointArn", alias = "RecoveryPointArn")]
    pub recovery_point_arn: LStr,
    #[serde(rename = "backupVaultName", alias = "BackupVaultName")]
    pub backup_vault_name: LStr,
}
/// `service`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WService {
    #[serde(rename = "action", alias = "Action")]
    pub action: LObj<WAction>,
    #[serde(rename = "archived", alias = "Archived")]
    pub archived: LBool,
    #[serde(rename = "count", alias = "Count")]
    pub count: LNum,
    #[serde(rename = "eventFirstSeen", alias = "EventFirstSeen")]
    pub event_first_seen: LTime,
    #[serde(rename = "eventLastSeen", alias = "EventLastSeen")]
    pub event_last_seen: LTime,
    #[serde(rename = "resourceRole", alias = "ResourceRole")]
    pub resource_role: LStr,
    #[serde(rename = "featureName", alias = "FeatureName")]
    pub feature_name: LStr,
    #[serde(rename = "additionalInfo", alias = "AdditionalInfo")]
    pub additional_info: LObj<WAdditionalInfo>,
    #[serde(rename = "evidence", alias = "Evidence")]
    pub evidence: LObj<WEvidence>,
    #[serde(rename = "detection", alias = "Detection")]
    pub detection: LObj<WDetection>,
}
/// `service.additionalInfo` (the wire adds flattened keys beside `value`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAdditionalInfo {
    #[serde(rename = "value", alias = "Value")]
    pub value: LStr,
    #[serde(rename = "threatListName", alias = "ThreatListName")]
    pub threat_list_name: LStr,
    #[serde(rename = "threatName", alias = "ThreatName")]
    pub threat_name: LStr,
    #[serde(rename = "sample", alias = "Sample")]
    pub sample: LBool,
}
/// `service.evidence`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEvidence {
    #[serde(
        rename = "threatIntelligenceDetails",
        alias = "ThreatIntelligenceDetails"
    )]
    pub threat_intelligence_details: LVec<LObj<WThreatIntel>>,
}
/// One `threatIntelligenceDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WThreatIntel {
    #[serde(rename = "threatListName", alias = "ThreatListName")]
    pub threat_list_name: LStr,
    #[serde(rename = "threatNames", alias = "ThreatNames")]
    pub threat_names: LVec<LStr>,
}
/// `service.detection`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WDetection {
    #[serde(rename = "sequence", alias = "Sequence")]
    pub sequence: LObj<WSequence>,
}
/// `service.detection.sequence` (Extended Threat Detection).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WSequence {
    #[serde(rename = "uid", alias = "Uid")]
    pub uid: LStr,
    #[serde(rename = "description", alias = "Description")]
    pub description: LStr,
    #[serde(rename = "resources", alias = "Resources")]
    pub resources: LVec<LObj<WSequenceResource>>,
    #[serde(rename = "endpoints", alias = "Endpoints")]
    pub endpoints: LVec<LObj<WEndpoint>>,
    #[serde(rename = "signals", alias = "Signals")]
    pub signals: LVec<LObj<WSignal>>,
    #[serde(rename = "sequenceIndicators", alias = "SequenceIndicators")]
    pub sequence_indicators: LVec<LObj<WIndicator>>,
}
/// One attack-sequence resource (`ResourceV2`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WSequenceResource {
    #[serde(rename = "uid", alias = "Uid")]
    pub uid: LStr,
    #[serde(rename = "name", alias = "Name")]
    pub name: LStr,
    #[serde(rename = "resourceType", alias = "ResourceType")]
    pub resource_type: LStr,
    #[serde(rename = "accountId", alias = "AccountId")]
    pub account_id: LStr,
    #[serde(rename = "region", alias = "Region")]
    pub region: LStr,
}
/// One attack-sequence network endpoint.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WEndpoint {
    #[serde(rename = "id", alias = "Id")]
    pub id: LStr,
    #[serde(rename = "ip", alias = "Ip")]
    pub ip: LStr,
    #[serde(rename = "domain", alias = "Domain")]
    pub domain: LStr,
    #[serde(rename = "port", alias = "Port")]
    pub port: LNum,
    #[serde(rename = "location", alias = "Location")]
    pub location: LObj<WLocation>,
    #[serde(rename = "autonomousSystem", alias = "AutonomousSystem")]
    pub autonomous_system: LObj<WAutonomousSystem>,
}
/// An endpoint's location.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WLocation {
    #[serde(rename = "city", alias = "City")]
    pub city: LStr,
    #[serde(rename = "country", alias = "Country")]
    pub country: LStr,
    #[serde(rename = "lat", alias = "Lat", alias = "Latitude", alias = "latitude")]
    pub lat: LNum,
    #[serde(
        rename = "lon",
        alias = "Lon",
        alias = "Longitude",
        alias = "longitude"
    )]
    pub lon: LNum,
}
/// An endpoint's autonomous system.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAutonomousSystem {
    #[serde(rename = "name", alias = "Name")]
    pub name: LStr,
    #[serde(rename = "number", alias = "Number")]
    pub number: LStr,
}
/// One attack-sequence signal.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WSignal {
    #[serde(rename = "uid", alias = "Uid")]
    pub uid: LStr,
    #[serde(rename = "type", alias = "Type")]
    pub kind: LStr,
    #[serde(rename = "name", alias = "Name")]
    pub name: LStr,
}
/// One attack-sequence indicator.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WIndicator {
    #[serde(rename = "key", alias = "Key")]
    pub key: LStr,
    #[serde(rename = "values", alias = "Values")]
    pub values: LVec<LStr>,
    #[serde(rename = "title", alias = "Title")]
    pub title: LStr,
}
/// `service.action`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WAction {
    #[serde(rename = "actionType", alias = "ActionType")]
    pub action_type: LStr,
    #[serde(rename = "awsApiCallAction", alias = "AwsApiCallAction")]
    pub aws_api_call_action: LObj<WApiCall>,
    #[serde(rename = "dnsRequestAction", alias = "DnsRequestAction")]
    pub dns_request_action: LObj<WDnsRequest>,
    #[serde(rename = "networkConnectionAction", alias = "NetworkConnectionAction")]
    pub network_connection_action: LObj<WNetworkConnection>,
    #[serde(rename = "portProbeAction", alias = "PortProbeAction")]
    pub port_probe_action: LObj<WPortProbe>,
    #[serde(rename = "kubernetesApiCallAction", alias = "KubernetesApiCallAction")]
    pub kubernetes_api_call_action: LObj<WKubernetesApiCall>,
    #[serde(rename = "rdsLoginAttemptAction", alias = "RdsLoginAttemptAction")]
    pub rds_login_attempt_action: LObj<WRdsLogin>,
}
/// `awsApiCallAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WApiCall {
    #[serde(rename = "api", alias = "Api")]
    pub api: LStr,
    #[serde(rename = "serviceName", alias = "ServiceName")]
    pub service_name: LStr,
    #[serde(rename = "callerType", alias = "CallerType")]
    pub caller_type: LStr,
    #[serde(rename = "userAgent", alias = "UserAgent")]
    pub user_agent: LStr,
    #[serde(rename = "errorCode", alias = "ErrorCode")]
    pub error_code: LStr,
    #[serde(rename = "domainDetails", alias = "DomainDetails")]
    pub domain_details: LObj<WDomain>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    pub remote_ip_details: LObj<WRemoteIp>,
}
/// `domainDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WDomain {
    #[serde(rename = "domain", alias = "Domain")]
    pub domain: LStr,
}
/// `dnsRequestAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WDnsRequest {
    #[serde(rename = "domain", alias = "Domain")]
    pub domain: LStr,
    #[serde(rename = "protocol", alias = "Protocol")]
    pub protocol: LStr,
    #[serde(rename = "blocked", alias = "Blocked")]
    pub blocked: LBool,
}
/// `networkConnectionAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WNetworkConnection {
    #[serde(rename = "blocked", alias = "Blocked")]
    pub blocked: LBool,
    #[serde(rename = "connectionDirection", alias = "ConnectionDirection")]
    pub connection_direction: LStr,
    #[serde(rename = "protocol", alias = "Protocol")]
    pub protocol: LStr,
    #[serde(rename = "localPortDetails", alias = "LocalPortDetails")]
    pub local_port_details: LObj<WPort>,
    #[serde(rename = "remotePortDetails", alias = "RemotePortDetails")]
    pub remote_port_details: LObj<WPort>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    pub remote_ip_details: LObj<WRemoteIp>,
}
/// `localPortDetails` / `remotePortDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WPort {
    #[serde(rename = "port", alias = "Port")]
    pub port: LNum,
    #[serde(rename = "portName", alias = "PortName")]
    pub port_name: LStr,
}
/// `portProbeAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WPortProbe {
    #[serde(rename = "blocked", alias = "Blocked")]
    pub blocked: LBool,
    #[serde(rename = "portProbeDetails", alias = "PortProbeDetails")]
    pub port_probe_details: LVec<LObj<WPortProbeDetail>>,
}
/// One `portProbeDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WPortProbeDetail {
    #[serde(rename = "localPortDetails", alias = "LocalPortDetails")]
    pub local_port_details: LObj<WPort>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    pub remote_ip_details: LObj<WRemoteIp>,
}
/// `kubernetesApiCallAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WKubernetesApiCall {
    #[serde(rename = "requestUri", alias = "RequestUri")]
    pub request_uri: LStr,
    #[serde(rename = "verb", alias = "Verb")]
    pub verb: LStr,
    #[serde(rename = "userAgent", alias = "UserAgent")]
    pub user_agent: LStr,
    #[serde(rename = "sourceIPs", alias = "SourceIps", alias = "sourceIps")]
    pub source_ips: LVec<LStr>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    pub remote_ip_details: LObj<WRemoteIp>,
}
/// `rdsLoginAttemptAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRdsLogin {
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    pub remote_ip_details: LObj<WRemoteIp>,
    #[serde(rename = "LoginAttributes", alias = "loginAttributes")]
    pub login_attributes: LVec<LObj<WLoginAttribute>>,
}
/// One RDS login attribute.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WLoginAttribute {
    #[serde(rename = "user", alias = "User")]
    pub user: LStr,
    #[serde(rename = "application", alias = "Application")]
    pub application: LStr,
}
/// `remoteIpDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WRemoteIp {
    #[serde(rename = "ipAddressV4", alias = "IpAddressV4")]
    pub ip_address_v4: LStr,
    #[serde(rename = "ipAddressV6", alias = "IpAddressV6")]
    pub ip_address_v6: LStr,
    #[serde(rename = "country", alias = "Country")]
    pub country: LObj<WCountry>,
    #[serde(rename = "city", alias = "City")]
    pub city: LObj<WCity>,
    #[serde(rename = "geoLocation", alias = "GeoLocation")]
    pub geo_location: LObj<WGeo>,
    #[serde(rename = "organization", alias = "Organization")]
    pub organization: LObj<WOrganization>,
}
/// `country`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WCountry {
    #[serde(rename = "countryCode", alias = "CountryCode")]
    pub country_code: LStr,
    #[serde(rename = "countryName", alias = "CountryName")]
    pub country_name: LStr,
}
/// `city`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WCity {
    #[serde(rename = "cityName", alias = "CityName")]
    pub city_name: LStr,
}
/// `geoLocation` (`lat`/`lon` on the wire, `Lat`/`Lon` in the CLI).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WGeo {
    #[serde(rename = "lat", alias = "Lat", alias = "Latitude", alias = "latitude")]
    pub lat: LNum,
    #[serde(
        rename = "lon",
        alias = "Lon",
        alias = "Longitude",
        alias = "longitude"
    )]
    pub lon: LNum,
}
/// `organization`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct WOrganization {
    #[serde(rename = "asn", alias = "Asn")]
    pub asn: LStr,
    #[serde(rename = "asnOrg", alias = "AsnOrg")]
    pub asn_org: LStr,
    #[serde(rename = "isp", alias = "Isp")]
    pub isp: LStr,
    #[serde(rename = "org", alias = "Org")]
    pub org: LStr,
}

/// `severity`: a number natively, a label string in OCSF, an object in ASFF.
#[derive(Debug, Default)]
pub enum WSeverity {
    #[default]
    Absent,
    Scalar(Scalar),
    Asff(WAsffSeverity),
}

impl<'de> Deserialize<'de> for WSeverity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WSeverity;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a severity")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<WSeverity, A::Error> {
                Ok(WSeverity::Asff(WAsffSeverity::deserialize(
                    MapAccessDeserializer::new(map),
                )?))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<WSeverity, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(WSeverity::Absent)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<WSeverity, E> {
                Ok(WSeverity::Scalar(Scalar::Text(v.to_owned())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<WSeverity, E> {
                Ok(WSeverity::Scalar(Scalar::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<WSeverity, E> {
                Ok(WSeverity::Scalar(Scalar::Number(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<WSeverity, E> {
                Ok(WSeverity::Scalar(Scalar::Number(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<WSeverity, E> {
                Ok(WSeverity::Scalar(Scalar::Number(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<WSeverity, E> {
                Ok(WSeverity::Absent)
            }
            fn visit_none<E: de::Error>(self) -> Result<WSeverity, E> {
                Ok(WSeverity::Absent)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// One complete top-level record as the splitter cut it: an object (of any dialect), an
/// array of records, or something that is not a record at all.
#[derive(Debug)]
pub enum WTop {
    Object(Box<WRecord>),
    Array(Vec<WTop>),
    /// A scalar; the text names its JSON type.
    Scalar(&'static str),
}

impl<'de> Deserialize<'de> for WTop {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WTop;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<WTop, A::Error> {
                Ok(WTop::Object(Box::new(WRecord::deserialize(
                    MapAccessDeserializer::new(map),
                )?)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<WTop, A::Error> {
                let Some(_guard) = NestingGuard::enter() else {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    return Ok(WTop::Array(Vec::new()));
                };
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<WTop>()? {
                    items.push(item);
                }
                Ok(WTop::Array(items))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<WTop, E> {
                Ok(WTop::Scalar("a string"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<WTop, E> {
                Ok(WTop::Scalar("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<WTop, E> {
                Ok(WTop::Scalar("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<WTop, E> {
                Ok(WTop::Scalar("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<WTop, E> {
                Ok(WTop::Scalar("a number"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<WTop, E> {
                Ok(WTop::Scalar("null"))
            }
        }
        deserializer.deserialize_any(V)
    }
}
