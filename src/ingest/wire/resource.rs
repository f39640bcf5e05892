//! Wire structs of a native finding's `resource`: the affected resource of every type
//! GuardDuty reports (instance, access key, S3, EKS, ECS, RDS, Lambda, EBS, …) and tags.

use serde::Deserialize as DeriveDeserialize;

use crate::ingest::lenient;

/// A key/value tag (`key`/`Key`, `value`/`Value`; OCSF spells the key `name`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Tag<'a> {
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
pub struct Resource<'a> {
    #[serde(rename = "resourceType", alias = "ResourceType")]
    #[serde(borrow)]
    pub resource_type: lenient::Str<'a>,
    #[serde(rename = "accessKeyDetails", alias = "AccessKeyDetails")]
    #[serde(borrow)]
    pub access_key_details: lenient::Obj<AccessKey<'a>>,
    #[serde(rename = "s3BucketDetails", alias = "S3BucketDetails")]
    #[serde(borrow)]
    pub s3_bucket_details: lenient::List<lenient::Obj<S3Bucket<'a>>>,
    #[serde(rename = "instanceDetails", alias = "InstanceDetails")]
    #[serde(borrow)]
    pub instance_details: lenient::Obj<Instance<'a>>,
    #[serde(rename = "eksClusterDetails", alias = "EksClusterDetails")]
    #[serde(borrow)]
    pub eks_cluster_details: lenient::Obj<EksCluster<'a>>,
    #[serde(rename = "kubernetesDetails", alias = "KubernetesDetails")]
    #[serde(borrow)]
    pub kubernetes_details: lenient::Obj<Kubernetes<'a>>,
    #[serde(rename = "ecsClusterDetails", alias = "EcsClusterDetails")]
    #[serde(borrow)]
    pub ecs_cluster_details: lenient::Obj<EcsCluster<'a>>,
    #[serde(rename = "containerDetails", alias = "ContainerDetails")]
    #[serde(borrow)]
    pub container_details: lenient::Obj<Container<'a>>,
    #[serde(rename = "rdsDbInstanceDetails", alias = "RdsDbInstanceDetails")]
    #[serde(borrow)]
    pub rds_db_instance_details: lenient::Obj<RdsInstance<'a>>,
    #[serde(rename = "rdsLimitlessDbDetails", alias = "RdsLimitlessDbDetails")]
    #[serde(borrow)]
    pub rds_limitless_db_details: lenient::Obj<RdsLimitless<'a>>,
    #[serde(rename = "rdsDbUserDetails", alias = "RdsDbUserDetails")]
    #[serde(borrow)]
    pub rds_db_user_details: lenient::Obj<RdsUser<'a>>,
    #[serde(rename = "lambdaDetails", alias = "LambdaDetails")]
    #[serde(borrow)]
    pub lambda_details: lenient::Obj<Lambda<'a>>,
    #[serde(rename = "ebsVolumeDetails", alias = "EbsVolumeDetails")]
    #[serde(borrow)]
    pub ebs_volume_details: lenient::Obj<EbsVolumes<'a>>,
    #[serde(rename = "ebsSnapshotDetails", alias = "EbsSnapshotDetails")]
    #[serde(borrow)]
    pub ebs_snapshot_details: lenient::Obj<EbsSnapshot<'a>>,
    #[serde(rename = "ec2ImageDetails", alias = "Ec2ImageDetails")]
    #[serde(borrow)]
    pub ec2_image_details: lenient::Obj<Ec2Image<'a>>,
    #[serde(rename = "recoveryPointDetails", alias = "RecoveryPointDetails")]
    #[serde(borrow)]
    pub recovery_point_details: lenient::Obj<RecoveryPoint<'a>>,
    #[serde(rename = "bedrockGuardrailDetails", alias = "BedrockGuardrailDetails")]
    #[serde(borrow)]
    pub bedrock_guardrail_details: lenient::Obj<BedrockGuardrailDetails<'a>>,
    #[serde(rename = "modelDetails", alias = "ModelDetails")]
    #[serde(borrow)]
    pub model_details: lenient::List<lenient::Obj<ModelDetail<'a>>>,
}
/// `accessKeyDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct AccessKey<'a> {
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
pub struct S3Bucket<'a> {
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
    pub tags: lenient::List<lenient::Obj<Tag<'a>>>,
    #[serde(rename = "s3ObjectDetails", alias = "S3ObjectDetails")]
    #[serde(borrow)]
    pub s3_object_details: lenient::List<lenient::Obj<S3Object<'a>>>,
}
/// One `s3ObjectDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct S3Object<'a> {
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
pub struct Instance<'a> {
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
    pub network_interfaces: lenient::List<lenient::Obj<NetworkInterface<'a>>>,
    #[serde(rename = "tags", alias = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<Tag<'a>>>,
}
/// One `networkInterfaces` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct NetworkInterface<'a> {
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
pub struct EksCluster<'a> {
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
    pub tags: lenient::List<lenient::Obj<Tag<'a>>>,
}
/// `kubernetesDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Kubernetes<'a> {
    #[serde(rename = "kubernetesUserDetails", alias = "KubernetesUserDetails")]
    #[serde(borrow)]
    pub kubernetes_user_details: lenient::Obj<KubernetesUser<'a>>,
    #[serde(
        rename = "kubernetesWorkloadDetails",
        alias = "KubernetesWorkloadDetails"
    )]
    #[serde(borrow)]
    pub kubernetes_workload_details: lenient::Obj<KubernetesWorkload<'a>>,
}
/// `kubernetesUserDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct KubernetesUser<'a> {
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
pub struct KubernetesWorkload<'a> {
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
pub struct EcsCluster<'a> {
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
    pub tags: lenient::List<lenient::Obj<Tag<'a>>>,
    #[serde(rename = "taskDetails", alias = "TaskDetails")]
    #[serde(borrow)]
    pub task_details: lenient::Obj<EcsTask<'a>>,
}
/// `ecsClusterDetails.taskDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct EcsTask<'a> {
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
    pub tags: lenient::List<lenient::Obj<Tag<'a>>>,
}
/// `containerDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Container<'a> {
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
pub struct RdsInstance<'a> {
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
    pub tags: lenient::List<lenient::Obj<Tag<'a>>>,
}
/// `rdsLimitlessDbDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct RdsLimitless<'a> {
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
    pub tags: lenient::List<lenient::Obj<Tag<'a>>>,
}
/// `rdsDbUserDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct RdsUser<'a> {
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
pub struct Lambda<'a> {
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
    pub tags: lenient::List<lenient::Obj<Tag<'a>>>,
}
/// `ebsVolumeDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct EbsVolumes<'a> {
    #[serde(rename = "scannedVolumeDetails", alias = "ScannedVolumeDetails")]
    #[serde(borrow)]
    pub scanned_volume_details: lenient::List<lenient::Obj<EbsVolume<'a>>>,
}
/// One scanned EBS volume.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct EbsVolume<'a> {
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
pub struct EbsSnapshot<'a> {
    #[serde(rename = "snapshotArn", alias = "SnapshotArn")]
    #[serde(borrow)]
    pub snapshot_arn: lenient::Str<'a>,
}
/// `ec2ImageDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Ec2Image<'a> {
    #[serde(rename = "imageArn", alias = "ImageArn")]
    #[serde(borrow)]
    pub image_arn: lenient::Str<'a>,
}
/// `recoveryPointDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct RecoveryPoint<'a> {
    #[serde(rename = "recoveryPointArn", alias = "RecoveryPointArn")]
    #[serde(borrow)]
    pub recovery_point_arn: lenient::Str<'a>,
    #[serde(rename = "backupVaultName", alias = "BackupVaultName")]
    #[serde(borrow)]
    pub backup_vault_name: lenient::Str<'a>,
}
/// `bedrockGuardrailDetails` (AI protection): the guardrail that judged the model call.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct BedrockGuardrailDetails<'a> {
    #[serde(rename = "guardrailArn", alias = "GuardrailArn")]
    #[serde(borrow)]
    pub guardrail_arn: lenient::Str<'a>,
    #[serde(rename = "guardrailVersion", alias = "GuardrailVersion")]
    #[serde(borrow)]
    pub guardrail_version: lenient::Str<'a>,
    #[serde(rename = "guardrails", alias = "Guardrails")]
    #[serde(borrow)]
    pub guardrails: lenient::List<lenient::Obj<BedrockGuardrail<'a>>>,
    /// `GUARDRAIL_INTERVENED` or `NONE`.
    #[serde(rename = "guardrailAction", alias = "GuardrailAction")]
    #[serde(borrow)]
    pub guardrail_action: lenient::Str<'a>,
    /// `INPUT` or `OUTPUT`.
    #[serde(rename = "guardrailSource", alias = "GuardrailSource")]
    #[serde(borrow)]
    pub guardrail_source: lenient::Str<'a>,
    #[serde(rename = "contentPolicyFilters", alias = "ContentPolicyFilters")]
    #[serde(borrow)]
    pub content_policy_filters: lenient::List<lenient::Obj<ContentPolicyFilter<'a>>>,
}
/// One `bedrockGuardrailDetails.guardrails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct BedrockGuardrail<'a> {
    #[serde(rename = "arn", alias = "Arn")]
    #[serde(borrow)]
    pub arn: lenient::Str<'a>,
    #[serde(rename = "version", alias = "Version")]
    #[serde(borrow)]
    pub version: lenient::Str<'a>,
}
/// One content policy filter the guardrail applied (`PROMPT_ATTACK`, `JAILBREAK`, …).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct ContentPolicyFilter<'a> {
    #[serde(rename = "type", alias = "Type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "confidence", alias = "Confidence")]
    #[serde(borrow)]
    pub confidence: lenient::Str<'a>,
    #[serde(rename = "action", alias = "Action")]
    #[serde(borrow)]
    pub action: lenient::Str<'a>,
}
/// One `modelDetails` entry: the AI model invoked.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct ModelDetail<'a> {
    #[serde(rename = "modelId", alias = "ModelId")]
    #[serde(borrow)]
    pub model_id: lenient::Str<'a>,
}
