//! The per-seed context: each account's resource pools (instances, users, buckets, clusters,
//! databases, functions, detectors) and the organisation's remote actors, built once.

use serde_json::{json, Value};

use super::catalog::{ACCOUNTS, BUCKET_STEMS, INSTANCE_ROLES, LOCATIONS, REGIONS, TYPES, USERS};
use super::record::{
    AccessKeyDetails, City, Country, GeoLocation, IamInstanceProfile, InstanceDetails,
    NetworkInterface, Organization, PrivateIpAddress, ProductCode, RemoteIpDetails, SecurityGroup,
    Tag,
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
pub(crate) struct Instance {
    pub region: usize,
    pub details: InstanceDetails,
}

pub(crate) struct User {
    pub region: usize,
    pub details: AccessKeyDetails,
}

/// A pooled resource rendered once as JSON (rarer kinds; borrowed into findings).
pub(crate) struct Named {
    pub region: usize,
    pub name: String,
    pub details: Value,
}

/// One account's resources; low indices are the hubs (see [`Rng::skewed_index`]).
pub(crate) struct AccountPool {
    pub instances: Vec<Instance>,
    pub users: Vec<User>,
    pub buckets: Vec<Named>,
    pub eks: Vec<Named>,
    pub ecs: Vec<Named>,
    pub rds: Vec<Named>,
    pub lambdas: Vec<Named>,
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

pub(super) fn region_name(region: usize) -> &'static str {
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
            Instance { region, details }
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
            User {
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
            Named { region: rng.weighted(region_weights), name, details }
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
            Named {
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
            Named { region, name, details }
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
            Named {
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
            Named { region, name, details }
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
