//! The serialisable shape of one GuardDuty finding (camelCase wire format) and the per-seed
//! context (accounts' resource pools, remote actors) it borrows from.

use serde::Serialize;
use serde_json::{json, Value};

use super::catalog::{
    self, ActionKind, Target, TypeSpec, ACCOUNTS, BUCKET_STEMS, INSTANCE_ROLES, LOCATIONS, REGIONS,
    TYPES, USERS,
};
use super::rng::{cumulative, derive, Rng};
use super::time::iso_ms;

/// How many pool entries each account gets.
const INSTANCES_PER_ACCOUNT: usize = 40;
const BUCKETS_PER_ACCOUNT: usize = 10;
const EKS_PER_ACCOUNT: usize = 2;
const ECS_PER_ACCOUNT: usize = 2;
const RDS_PER_ACCOUNT: usize = 3;
const LAMBDAS_PER_ACCOUNT: usize = 5;
/// How many distinct remote actors the organisation sees.
const REMOTE_ACTOR_COUNT: usize = 60;

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Tag {
    pub key: &'static str,
    pub value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SecurityGroup {
    pub group_id: String,
    pub group_name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PrivateIpAddress {
    pub private_dns_name: String,
    pub private_ip_address: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NetworkInterface {
    pub ipv6_addresses: Vec<String>,
    pub network_interface_id: String,
    pub private_dns_name: String,
    pub private_ip_address: String,
    pub private_ip_addresses: Vec<PrivateIpAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_dns_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    pub security_groups: Vec<SecurityGroup>,
    pub subnet_id: String,
    pub vpc_id: String,
}

#[derive(Serialize)]
pub(crate) struct ProductCode {
    #[serde(rename = "productCodeId")]
    pub code: &'static str,
    #[serde(rename = "productCodeType")]
    pub product_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IamInstanceProfile {
    pub arn: String,
    pub id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InstanceDetails {
    pub availability_zone: String,
    pub iam_instance_profile: IamInstanceProfile,
    pub image_description: &'static str,
    pub image_id: String,
    pub instance_id: String,
    pub instance_state: &'static str,
    pub instance_type: &'static str,
    pub launch_time: String,
    pub network_interfaces: Vec<NetworkInterface>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<&'static str>,
    pub product_codes: Vec<ProductCode>,
    pub tags: Vec<Tag>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AccessKeyDetails {
    pub access_key_id: String,
    pub principal_id: String,
    pub user_name: &'static str,
    pub user_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct City {
    pub city_name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Country {
    pub country_code: &'static str,
    pub country_name: &'static str,
}

#[derive(Serialize)]
pub(crate) struct GeoLocation {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Organization {
    pub asn: &'static str,
    pub asn_org: &'static str,
    pub isp: &'static str,
    pub org: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RemoteIpDetails {
    pub city: City,
    pub country: Country,
    pub geo_location: GeoLocation,
    pub ip_address_v4: String,
    pub organization: Organization,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PortDetails {
    pub port: u16,
    pub port_name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LocalIpDetails<'a> {
    pub ip_address_v4: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NetworkConnectionAction<'a> {
    pub blocked: bool,
    pub connection_direction: &'static str,
    pub local_ip_details: LocalIpDetails<'a>,
    pub local_port_details: PortDetails,
    pub protocol: &'static str,
    pub remote_ip_details: &'a RemoteIpDetails,
    pub remote_port_details: PortDetails,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PortProbeDetail<'a> {
    pub local_ip_details: LocalIpDetails<'a>,
    pub local_port_details: PortDetails,
    pub remote_ip_details: &'a RemoteIpDetails,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PortProbeAction<'a> {
    pub blocked: bool,
    pub port_probe_details: Vec<PortProbeDetail<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DnsRequestAction {
    pub blocked: bool,
    pub domain: String,
    pub domain_with_suffix: String,
    pub protocol: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AwsApiCallAction<'a> {
    pub affected_resources: Value,
    pub api: &'static str,
    pub caller_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<&'static str>,
    pub remote_ip_details: &'a RemoteIpDetails,
    pub service_name: &'static str,
    pub user_agent: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Action<'a> {
    pub action_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_connection_action: Option<NetworkConnectionAction<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_probe_action: Option<PortProbeAction<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_request_action: Option<DnsRequestAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws_api_call_action: Option<AwsApiCallAction<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes_api_call_action: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rds_login_attempt_action: Option<Value>,
}

#[derive(Serialize)]
pub(crate) struct AdditionalInfo {
    pub value: &'static str,
    #[serde(rename = "type")]
    pub info_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Resource<'a> {
    pub resource_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_details: Option<&'a AccessKeyDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_details: Option<&'a InstanceDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_bucket_details: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eks_cluster_details: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes_details: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecs_cluster_details: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_details: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rds_db_instance_details: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rds_db_user_details: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_details: Option<&'a Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Service<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action<'a>>,
    pub additional_info: AdditionalInfo,
    pub archived: bool,
    pub count: u64,
    pub detector_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detection: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ebs_volume_scan_details: Option<Value>,
    pub event_first_seen: String,
    pub event_last_seen: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Value>,
    pub feature_name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub malware_scan_details: Option<Value>,
    pub resource_role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_details: Option<Value>,
    pub service_name: &'static str,
}

/// The instants of one finding, in epoch milliseconds (rendered into the ISO strings).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Times {
    pub created_ms: i64,
    pub updated_ms: i64,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Finding<'a> {
    pub account_id: &'static str,
    pub arn: String,
    pub created_at: String,
    pub description: String,
    pub id: String,
    pub partition: &'static str,
    pub region: &'static str,
    pub resource: Resource<'a>,
    pub schema_version: &'static str,
    pub service: Service<'a>,
    pub severity: f64,
    pub title: String,
    #[serde(rename = "type")]
    pub finding_type: &'static str,
    pub updated_at: String,
    #[serde(skip)]
    pub times: Times,
}

impl Finding<'_> {
    /// Re-renders the ISO timestamps from `times`.
    pub(crate) fn render_times(&mut self) {
        self.created_at = iso_ms(self.times.created_ms);
        self.updated_at = iso_ms(self.times.updated_ms);
        self.service.event_first_seen = iso_ms(self.times.first_seen_ms);
        self.service.event_last_seen = iso_ms(self.times.last_seen_ms);
    }
}

pub(crate) struct PoolInstance {
    pub region: usize,
    pub details: InstanceDetails,
}

pub(crate) struct PoolUser {
    pub region: usize,
    pub details: AccessKeyDetails,
}

/// A pooled resource rendered once as JSON (rarer kinds; borrowed into findings).
pub(crate) struct PoolValue {
    pub region: usize,
    pub name: String,
    pub details: Value,
}

/// One account's resources; low indices are the hubs (see [`Rng::skewed_index`]).
pub(crate) struct AccountPool {
    pub instances: Vec<PoolInstance>,
    pub users: Vec<PoolUser>,
    pub buckets: Vec<PoolValue>,
    pub eks: Vec<PoolValue>,
    pub ecs: Vec<PoolValue>,
    pub rds: Vec<PoolValue>,
    pub lambdas: Vec<PoolValue>,
    /// Detector id per region index.
    pub detectors: Vec<String>,
}

/// Everything derived from the seed once, before the first finding.
pub(crate) struct Context {
    pub seed: u64,
    pub accounts: Vec<AccountPool>,
    pub account_weights: Vec<u64>,
    pub type_weights: Vec<u64>,
    pub incident_types: Vec<usize>,
    pub actors: Vec<RemoteIpDetails>,
    pub actor_weights: Vec<u64>,
}

fn ip_in(rng: &mut Rng, prefix: &str) -> String {
    format!("{prefix}.{}", rng.range_i64(1, 254))
}

fn private_ip(rng: &mut Rng, account: usize) -> String {
    format!(
        "10.{}.{}.{}",
        account * 16 + rng.index(4),
        rng.index(256),
        rng.range_i64(4, 250)
    )
}

fn public_dns_name(ip: &str, region: &str) -> String {
    let dashed = ip.replace('.', "-");
    match region {
        "us-east-1" => format!("ec2-{dashed}.compute-1.amazonaws.com"),
        other => format!("ec2-{dashed}.{other}.compute.amazonaws.com"),
    }
}

fn region_name(region: usize) -> &'static str {
    REGIONS.get(region).map_or("us-east-1", |entry| entry.0)
}

impl Context {
    pub(crate) fn new(seed: u64) -> Self {
        let mut rng = Rng::new(derive(seed, u64::MAX));
        let region_weights = cumulative(REGIONS.iter().map(|region| region.1));
        let accounts = (0..ACCOUNTS.len())
            .map(|account| build_pool(&mut rng, account, &region_weights))
            .collect();
        let actors: Vec<RemoteIpDetails> = (0..REMOTE_ACTOR_COUNT)
            .map(|_| build_actor(&mut rng))
            .collect();
        // Zipf-like weights: the first few actors (scanners) recur heavily.
        let actor_weights = cumulative((0..actors.len()).map(|rank| 100_000 / (rank as u64 + 2)));
        Self {
            seed,
            accounts,
            account_weights: cumulative(ACCOUNTS.iter().map(|account| account.weight)),
            type_weights: cumulative(TYPES.iter().map(|spec| spec.weight)),
            incident_types: TYPES
                .iter()
                .enumerate()
                .filter(|(_, spec)| spec.incident)
                .map(|(index, _)| index)
                .collect(),
            actors,
            actor_weights,
        }
    }
}

fn build_actor(rng: &mut Rng) -> RemoteIpDetails {
    let location_weights = cumulative(LOCATIONS.iter().map(|location| location.7));
    let (code, country, city, lat, lon, asn, org, _) = LOCATIONS[rng.weighted(&location_weights)];
    // Benchmarking (198.18.0.0/15) and documentation ranges: public-looking, never routable.
    // (Instances' own public addresses come from 203.0.113.0/24, never used for actors.)
    let ip = match rng.index(5) {
        0 => ip_in(rng, "192.0.2"),
        1 => ip_in(rng, "198.51.100"),
        _ => format!(
            "198.{}.{}.{}",
            18 + rng.index(2),
            rng.index(256),
            rng.range_i64(1, 254)
        ),
    };
    RemoteIpDetails {
        city: City { city_name: city },
        country: Country {
            country_code: code,
            country_name: country,
        },
        geo_location: GeoLocation { lat, lon },
        ip_address_v4: ip,
        organization: Organization {
            asn,
            asn_org: org,
            isp: org,
            org,
        },
    }
}

fn env_for(rng: &mut Rng, account: usize) -> &'static str {
    match ACCOUNTS[account].slug {
        "stg" => "staging",
        "dev" => "dev",
        _ => {
            if rng.chance(0.9) {
                "prod"
            } else {
                "staging"
            }
        }
    }
}

fn build_pool(rng: &mut Rng, account: usize, region_weights: &[u64]) -> AccountPool {
    let account_id = ACCOUNTS[account].id;
    let slug = ACCOUNTS[account].slug;
    let vpcs: Vec<String> = (0..3).map(|_| format!("vpc-{}", rng.hex(17))).collect();
    let instances = (0..INSTANCES_PER_ACCOUNT)
        .map(|number| {
            let region = rng.weighted(region_weights);
            let (role, types, image) = INSTANCE_ROLES[number % INSTANCE_ROLES.len()];
            let name = format!("{role}-{:02}", number / INSTANCE_ROLES.len() + 1);
            let instance_id = format!("i-{}", rng.hex(17));
            let private = private_ip(rng, account);
            let private_dns = format!(
                "ip-{}.{}.compute.internal",
                private.replace('.', "-"),
                region_name(region)
            );
            let public = (role != "etl" && role != "k8s-node" || rng.chance(0.3))
                .then(|| format!("203.0.113.{}", rng.range_i64(1, 254)));
            let az = format!("{}{}", region_name(region), ["a", "b", "c"][rng.index(3)]);
            let details = InstanceDetails {
                availability_zone: az,
                iam_instance_profile: IamInstanceProfile {
                    arn: format!("arn:aws:iam::{account_id}:instance-profile/{role}-profile"),
                    id: format!("AIPA{}", rng.upper_alnum(17)),
                },
                image_description: image,
                image_id: format!("ami-{}", rng.hex(17)),
                instance_id,
                instance_state: "running",
                instance_type: types[rng.index(types.len())],
                launch_time: iso_ms(1_672_531_200_000 + rng.range_i64(0, 400) * 86_400_000),
                network_interfaces: vec![NetworkInterface {
                    ipv6_addresses: Vec::new(),
                    network_interface_id: format!("eni-{}", rng.hex(17)),
                    private_dns_name: private_dns.clone(),
                    private_ip_address: private.clone(),
                    private_ip_addresses: vec![PrivateIpAddress {
                        private_dns_name: private_dns,
                        private_ip_address: private,
                    }],
                    public_dns_name: public
                        .as_ref()
                        .map(|ip| public_dns_name(ip, region_name(region))),
                    public_ip: public,
                    security_groups: vec![SecurityGroup {
                        group_id: format!("sg-{}", rng.hex(17)),
                        group_name: format!("{role}-sg"),
                    }],
                    subnet_id: format!("subnet-{}", rng.hex(17)),
                    vpc_id: rng.pick(&vpcs).clone(),
                }],
                platform: (role == "win-jump").then_some("windows"),
                product_codes: if role == "vpn" {
                    vec![ProductCode {
                        code: "f2ew2wrz425a1jagnifd02u5t",
                        product_type: "marketplace",
                    }]
                } else {
                    Vec::new()
                },
                tags: vec![
                    Tag {
                        key: "Name",
                        value: name,
                    },
                    Tag {
                        key: "env",
                        value: env_for(rng, account).to_owned(),
                    },
                ],
            };
            PoolInstance { region, details }
        })
        .collect();
    let users = USERS
        .iter()
        .map(|&(user_name, user_type)| {
            let principal_id = match user_type {
                "Root" => account_id.to_owned(),
                "AssumedRole" => format!("AROA{}:{user_name}-session", rng.upper_alnum(17)),
                _ => format!("AIDA{}", rng.upper_alnum(17)),
            };
            PoolUser {
                region: rng.weighted(region_weights),
                details: AccessKeyDetails {
                    access_key_id: format!("ASIA{}", rng.upper_alnum(16)),
                    principal_id,
                    user_name,
                    user_type,
                },
            }
        })
        .collect();
    let buckets = (0..BUCKETS_PER_ACCOUNT)
        .map(|number| {
            let name = format!("acme-{slug}-{}", BUCKET_STEMS[number % BUCKET_STEMS.len()]);
            let arn = format!("arn:aws:s3:::{name}");
            let details = json!([{
                "arn": arn,
                "name": name,
                "type": "Destination",
                "createdAt": iso_ms(1_640_995_200_000 + rng.range_i64(0, 700) * 86_400_000),
                "owner": {"id": rng.hex(64)},
                "tags": [{"key": "env", "value": env_for(rng, account)}, {"key": "data-classification", "value": *rng.pick(&["internal", "confidential", "public"])}],
                "defaultServerSideEncryption": {"encryptionType": "AES256"},
                "publicAccess": {
                    "effectivePermission": "NOT_PUBLIC",
                    "permissionConfiguration": {
                        "bucketLevelPermissions": {
                            "accessControlList": {"allowsPublicReadAccess": false, "allowsPublicWriteAccess": false},
                            "bucketPolicy": {"allowsPublicReadAccess": false, "allowsPublicWriteAccess": false},
                            "blockPublicAccess": {"ignorePublicAcls": true, "restrictPublicBuckets": true, "blockPublicAcls": true, "blockPublicPolicy": true}
                        },
                        "accountLevelPermissions": {
                            "blockPublicAccess": {"ignorePublicAcls": false, "restrictPublicBuckets": false, "blockPublicAcls": false, "blockPublicPolicy": false}
                        }
                    }
                }
            }]);
            PoolValue { region: rng.weighted(region_weights), name, details }
        })
        .collect();
    let eks = (0..EKS_PER_ACCOUNT)
        .map(|number| {
            let region = rng.weighted(region_weights);
            let name = format!("{slug}-eks-{}", ["main", "batch"][number % 2]);
            let arn = format!(
                "arn:aws:eks:{}:{account_id}:cluster/{name}",
                region_name(region)
            );
            let details = json!({
                "name": name,
                "arn": arn,
                "vpcId": rng.pick(&vpcs),
                "status": "ACTIVE",
                "tags": [{"key": "env", "value": env_for(rng, account)}],
                "createdAt": iso_ms(1_672_531_200_000 + rng.range_i64(0, 300) * 86_400_000),
            });
            PoolValue {
                region,
                name,
                details,
            }
        })
        .collect();
    let ecs = (0..ECS_PER_ACCOUNT)
        .map(|number| {
            let region = rng.weighted(region_weights);
            let name = format!("{slug}-ecs-{}", ["services", "workers"][number % 2]);
            let arn = format!("arn:aws:ecs:{}:{account_id}:cluster/{name}", region_name(region));
            let task = rng.hex(32);
            let details = json!({
                "name": name,
                "arn": arn,
                "status": "ACTIVE",
                "activeServicesCount": rng.range_i64(2, 30),
                "registeredContainerInstancesCount": rng.range_i64(0, 12),
                "runningTasksCount": rng.range_i64(4, 80),
                "tags": [{"key": "env", "value": env_for(rng, account)}],
                "taskDetails": {
                    "arn": format!("arn:aws:ecs:{}:{account_id}:task/{name}/{task}", region_name(region)),
                    "definitionArn": format!("arn:aws:ecs:{}:{account_id}:task-definition/{name}-app:{}", region_name(region), rng.range_i64(3, 90)),
                    "version": "4",
                    "startedBy": "ecs-svc/1234567890123456789",
                    "launchType": "FARGATE",
                    "containers": [{"name": "app", "image": format!("{account_id}.dkr.ecr.{}.amazonaws.com/{name}:latest", region_name(region)), "containerRuntime": "containerd", "id": task}]
                }
            });
            PoolValue { region, name, details }
        })
        .collect();
    let rds = (0..RDS_PER_ACCOUNT)
        .map(|number| {
            let region = rng.weighted(region_weights);
            let name = format!(
                "{slug}-{}-db-1",
                ["orders", "users", "reporting"][number % 3]
            );
            let arn = format!("arn:aws:rds:{}:{account_id}:db:{name}", region_name(region));
            let details = json!({
                "dbInstanceIdentifier": name,
                "engine": if number % 2 == 0 { "aurora-postgresql" } else { "aurora-mysql" },
                "engineVersion": if number % 2 == 0 { "15.4" } else { "8.0.mysql_aurora.3.05.2" },
                "dbClusterIdentifier": name.trim_end_matches("-1"),
                "dbInstanceArn": arn,
                "tags": [{"key": "env", "value": env_for(rng, account)}],
            });
            PoolValue {
                region,
                name,
                details,
            }
        })
        .collect();
    let lambdas = (0..LAMBDAS_PER_ACCOUNT)
        .map(|number| {
            let region = rng.weighted(region_weights);
            let name = format!(
                "{slug}-{}",
                ["thumbnailer", "webhook-relay", "etl-trigger", "slack-notifier", "log-shipper"]
                    [number % 5]
            );
            let arn = format!("arn:aws:lambda:{}:{account_id}:function:{name}", region_name(region));
            let details = json!({
                "functionArn": arn,
                "functionName": name,
                "description": "",
                "lastModifiedAt": iso_ms(1_700_000_000_000 + rng.range_i64(0, 200) * 86_400_000),
                "revisionId": rng.hex(32),
                "functionVersion": "$LATEST",
                "role": format!("arn:aws:iam::{account_id}:role/{name}-role"),
                "vpcConfig": {"subnetIds": [format!("subnet-{}", rng.hex(17))], "vpcId": rng.pick(&vpcs), "securityGroups": [{"groupId": format!("sg-{}", rng.hex(17)), "groupName": format!("{name}-sg")}]},
                "tags": [{"key": "env", "value": env_for(rng, account)}],
            });
            PoolValue { region, name, details }
        })
        .collect();
    let detectors = REGIONS.iter().map(|_| rng.hex(32)).collect();
    AccountPool {
        instances,
        users,
        buckets,
        eks,
        ecs,
        rds,
        lambdas,
        detectors,
    }
}

/// Replaces `{name}` placeholders in a title/description template.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match values.iter().find(|(name, _)| *name == key) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn port_name(port: u16) -> &'static str {
    match port {
        22 => "SSH",
        80 => "HTTP",
        443 | 8443 => "HTTPS",
        445 => "SMB",
        3389 => "RDP",
        5985 => "WinRM",
        3306 => "MYSQL",
        5432 => "POSTGRESQL",
        8088 => "Unknown",
        _ => "Unknown",
    }
}

/// What the builder picked for one finding, before rendering.
pub(crate) struct Choice<'a> {
    pub spec: &'static TypeSpec,
    pub account: usize,
    pub actor: &'a RemoteIpDetails,
}

/// Fills `resource`, the region and the `{resource}`/`{user}` names for `spec`.
pub(crate) struct ResourcePick<'a> {
    pub resource: Resource<'a>,
    pub region: usize,
    pub resource_name: String,
    pub user_name: &'static str,
    pub local_ip: &'a str,
}

pub(crate) fn pick_resource<'a>(
    context: &'a Context,
    rng: &mut Rng,
    choice: &Choice<'a>,
) -> ResourcePick<'a> {
    let pool = &context.accounts[choice.account];
    let empty = Resource {
        resource_type: "Instance",
        access_key_details: None,
        instance_details: None,
        s3_bucket_details: None,
        eks_cluster_details: None,
        kubernetes_details: None,
        ecs_cluster_details: None,
        container_details: None,
        rds_db_instance_details: None,
        rds_db_user_details: None,
        lambda_details: None,
    };
    let user = &pool.users[pick_user_index(rng, choice.spec, pool.users.len())];
    let user_name = user.details.user_name;
    let target = match choice.spec.target {
        Target::Runtime => *rng.pick(&[Target::Instance, Target::EksCluster, Target::Runtime]),
        other => other,
    };
    match target {
        Target::Instance => {
            let instance = &pool.instances[rng.skewed_index(pool.instances.len())];
            let local_ip = instance
                .details
                .network_interfaces
                .first()
                .map_or("10.0.0.10", |interface| {
                    interface.private_ip_address.as_str()
                });
            ResourcePick {
                resource: Resource {
                    instance_details: Some(&instance.details),
                    ..empty
                },
                region: instance.region,
                resource_name: instance.details.instance_id.clone(),
                user_name,
                local_ip,
            }
        }
        Target::AccessKey => ResourcePick {
            resource: Resource {
                resource_type: "AccessKey",
                access_key_details: Some(&user.details),
                ..empty
            },
            region: user.region,
            resource_name: user_name.to_owned(),
            user_name,
            local_ip: "10.0.0.10",
        },
        Target::S3Bucket => {
            let bucket = &pool.buckets[rng.skewed_index(pool.buckets.len())];
            ResourcePick {
                resource: Resource {
                    resource_type: "S3Bucket",
                    access_key_details: Some(&user.details),
                    s3_bucket_details: Some(&bucket.details),
                    ..empty
                },
                region: bucket.region,
                resource_name: bucket.name.clone(),
                user_name,
                local_ip: "10.0.0.10",
            }
        }
        Target::EksCluster => {
            let cluster = &pool.eks[rng.skewed_index(pool.eks.len())];
            ResourcePick {
                resource: Resource {
                    resource_type: "EKSCluster",
                    eks_cluster_details: Some(&cluster.details),
                    kubernetes_details: Some(kubernetes_details(rng, choice.spec)),
                    ..empty
                },
                region: cluster.region,
                resource_name: cluster.name.clone(),
                user_name,
                local_ip: "10.0.0.10",
            }
        }
        // `Target::Runtime` after the draw above stands for an ECS cluster.
        Target::Runtime => {
            let cluster = &pool.ecs[rng.skewed_index(pool.ecs.len())];
            ResourcePick {
                resource: Resource {
                    resource_type: "ECSCluster",
                    ecs_cluster_details: Some(&cluster.details),
                    container_details: Some(json!({
                        "containerRuntime": "containerd",
                        "id": rng.hex(64),
                        "name": "app",
                        "image": format!("{}.dkr.ecr.{}.amazonaws.com/{}:latest", ACCOUNTS[choice.account].id, region_name(cluster.region), cluster.name),
                    })),
                    ..empty
                },
                region: cluster.region,
                resource_name: cluster.name.clone(),
                user_name,
                local_ip: "10.0.0.10",
            }
        }
        Target::RdsInstance => {
            let database = &pool.rds[rng.skewed_index(pool.rds.len())];
            ResourcePick {
                resource: Resource {
                    resource_type: "RDSDBInstance",
                    rds_db_instance_details: Some(&database.details),
                    rds_db_user_details: Some(json!({
                        "user": *rng.pick(&["app_rw", "postgres", "admin", "reporting_ro"]),
                        "application": *rng.pick(&["psql", "DBeaver 23.3.5", "pgAdmin 4", "mysql"]),
                        "database": *rng.pick(&["orders", "users", "analytics"]),
                        "ssl": "off",
                        "authMethod": "PASSWORD",
                    })),
                    ..empty
                },
                region: database.region,
                resource_name: database.name.clone(),
                user_name,
                local_ip: "10.0.0.10",
            }
        }
        Target::Lambda => {
            let function = &pool.lambdas[rng.skewed_index(pool.lambdas.len())];
            ResourcePick {
                resource: Resource {
                    resource_type: "Lambda",
                    lambda_details: Some(&function.details),
                    ..empty
                },
                region: function.region,
                resource_name: function.name.clone(),
                user_name,
                local_ip: "10.0.0.10",
            }
        }
    }
}

/// Root-credential findings name the root user; everything else prefers the hubs.
fn pick_user_index(rng: &mut Rng, spec: &TypeSpec, len: usize) -> usize {
    match spec.name {
        "Policy:IAMUser/RootCredentialUsage" => 1,
        name if name.contains("InstanceCredentialExfiltration") => 4,
        _ => {
            let index = rng.skewed_index(len);
            // The root user only appears in its own finding type.
            if index == 1 {
                0
            } else {
                index
            }
        }
    }
}

fn kubernetes_details(rng: &mut Rng, spec: &TypeSpec) -> Value {
    let (namespace, workload, image, privileged) = match spec.name {
        "Execution:Kubernetes/ExecInKubeSystemPod" => (
            "kube-system",
            "coredns-5d78c9869d-x2v7q",
            "602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/coredns:v1.10.1",
            false,
        ),
        "Persistence:Kubernetes/ContainerWithSensitiveMount" => {
            ("default", "node-debugger", "busybox:1.36", true)
        }
        _ => ("default", "web-frontend", "nginx:1.25", false),
    };
    json!({
        "kubernetesUserDetails": {
            "username": *rng.pick(&["system:anonymous", "kubernetes-admin", "arn:aws:sts::111122223333:assumed-role/eks-admin/dev", "system:serviceaccount:default:ci"]),
            "uid": format!("{}-{}", rng.hex(8), rng.hex(12)),
            "groups": ["system:authenticated"],
        },
        "kubernetesWorkloadDetails": {
            "name": workload,
            "type": "pods",
            "uid": format!("{}-{}-{}", rng.hex(8), rng.hex(4), rng.hex(12)),
            "namespace": namespace,
            "hostNetwork": privileged,
            "containers": [{
                "name": workload.split('-').next().unwrap_or(workload),
                "image": image,
                "imagePrefix": image.split(':').next().unwrap_or(image),
                "securityContext": {"privileged": privileged},
                "volumeMounts": if privileged { json!([{"name": "host-root", "mountPath": "/host"}]) } else { json!([]) },
            }],
            "volumes": if privileged { json!([{"name": "host-root", "hostPath": {"path": "/"}}]) } else { json!([]) },
        }
    })
}

/// Builds `service.action` (and the `{domain}`/`{api}` names) for the chosen type.
pub(crate) fn build_action<'a>(
    rng: &mut Rng,
    choice: &Choice<'a>,
    local_ip: &'a str,
    domain: &mut String,
    api: &mut &'static str,
) -> Option<Action<'a>> {
    let spec = choice.spec;
    let base = Action {
        action_type: "NETWORK_CONNECTION",
        network_connection_action: None,
        port_probe_action: None,
        dns_request_action: None,
        aws_api_call_action: None,
        kubernetes_api_call_action: None,
        rds_login_attempt_action: None,
    };
    let port = PortDetails {
        port: spec.port,
        port_name: port_name(spec.port),
    };
    match spec.action {
        ActionKind::NetworkInbound | ActionKind::NetworkOutbound => {
            let inbound = spec.action == ActionKind::NetworkInbound;
            let ephemeral = rng.range_i64(32768, 60999) as u16;
            let ephemeral = PortDetails {
                port: ephemeral,
                port_name: "Unknown",
            };
            let (local, remote) = if inbound {
                (port, ephemeral)
            } else {
                (ephemeral, port)
            };
            Some(Action {
                network_connection_action: Some(NetworkConnectionAction {
                    blocked: false,
                    connection_direction: if inbound { "INBOUND" } else { "OUTBOUND" },
                    local_ip_details: LocalIpDetails {
                        ip_address_v4: local_ip,
                    },
                    local_port_details: local,
                    protocol: "TCP",
                    remote_ip_details: choice.actor,
                    remote_port_details: remote,
                }),
                ..base
            })
        }
        ActionKind::PortProbe => {
            let ports: &[u16] = if spec.port == 22 {
                &[22, 3389, 445, 80]
            } else {
                &[8088]
            };
            let probes = 1 + rng.index(2);
            Some(Action {
                action_type: "PORT_PROBE",
                port_probe_action: Some(PortProbeAction {
                    blocked: false,
                    port_probe_details: (0..probes)
                        .map(|_| {
                            let port = *rng.pick(ports);
                            PortProbeDetail {
                                local_ip_details: LocalIpDetails {
                                    ip_address_v4: local_ip,
                                },
                                local_port_details: PortDetails {
                                    port,
                                    port_name: port_name(port),
                                },
                                remote_ip_details: choice.actor,
                            }
                        })
                        .collect(),
                }),
                ..base
            })
        }
        ActionKind::Dns => {
            *domain = if spec.name.starts_with("CryptoCurrency") {
                (*rng.pick(catalog::CRYPTO_DOMAINS)).to_owned()
            } else if spec.name.starts_with("Trojan:EC2/DNSDataExfiltration") {
                format!("{}.{}.tunnel.kq3vd8-sync.xyz", rng.hex(40), rng.hex(24))
            } else if spec.name.starts_with("Trojan") {
                (*rng.pick(catalog::BLACKHOLE_DOMAINS)).to_owned()
            } else {
                (*rng.pick(catalog::C2_DOMAINS)).to_owned()
            };
            Some(Action {
                action_type: "DNS_REQUEST",
                dns_request_action: Some(DnsRequestAction {
                    blocked: false,
                    domain: domain.clone(),
                    domain_with_suffix: domain
                        .rsplit('.')
                        .take(2)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<Vec<_>>()
                        .join("."),
                    protocol: "UDP",
                }),
                ..base
            })
        }
        ActionKind::ApiCall => {
            let &(api_name, service_name) = rng.pick(spec.apis);
            *api = api_name;
            let user_agent = if spec.name.starts_with("PenTest") {
                catalog::KALI_USER_AGENT
            } else if api_name == "ConsoleLogin" {
                catalog::USER_AGENTS[3]
            } else {
                *rng.pick(catalog::USER_AGENTS)
            };
            Some(Action {
                action_type: "AWS_API_CALL",
                aws_api_call_action: Some(AwsApiCallAction {
                    affected_resources: json!({}),
                    api: api_name,
                    caller_type: "Remote IP",
                    error_code: rng.chance(0.12).then_some("AccessDenied"),
                    remote_ip_details: choice.actor,
                    service_name,
                    user_agent,
                }),
                ..base
            })
        }
        ActionKind::KubernetesApi => {
            let (verb, uri) = match spec.name {
                "Execution:Kubernetes/ExecInKubeSystemPod" => (
                    "create",
                    "/api/v1/namespaces/kube-system/pods/coredns-5d78c9869d-x2v7q/exec?command=sh",
                ),
                "Persistence:Kubernetes/ContainerWithSensitiveMount" => {
                    ("create", "/api/v1/namespaces/default/pods")
                }
                "Policy:Kubernetes/AnonymousAccessGranted" => (
                    "create",
                    "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
                ),
                _ => ("list", "/api/v1/secrets"),
            };
            Some(Action {
                action_type: "KUBERNETES_API_CALL",
                kubernetes_api_call_action: Some(json!({
                    "requestUri": uri,
                    "verb": verb,
                    "sourceIPs": [choice.actor.ip_address_v4],
                    "userAgent": "kubectl/v1.29.1 (linux/amd64) kubernetes/bc401b9",
                    "remoteIpDetails": choice.actor,
                    "statusCode": *rng.pick(&[200, 201, 403]),
                })),
                ..base
            })
        }
        ActionKind::RdsLogin => {
            let successful = spec.name.ends_with("SuccessfulLogin");
            let attempts = 3 + rng.below(400);
            Some(Action {
                action_type: "RDS_LOGIN_ATTEMPT",
                rds_login_attempt_action: Some(json!({
                    "remoteIpDetails": choice.actor,
                    "loginAttributes": [{
                        "user": *rng.pick(&["postgres", "admin", "app_rw"]),
                        "application": *rng.pick(&["psql", "", "DBeaver 23.3.5"]),
                        "failedLoginAttempts": if successful { rng.below(5) } else { attempts },
                        "successfulLoginAttempts": u64::from(successful) * (1 + rng.below(3)),
                    }],
                })),
                ..base
            })
        }
        ActionKind::Runtime
        | ActionKind::MalwareEbs
        | ActionKind::MalwareS3
        | ActionKind::Sequence => None,
    }
}
