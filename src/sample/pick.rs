//! What one finding is about: its resource, user and action, picked from the context's pools
//! for a finding type, and the title/description templates filled with their names.

use serde_json::{json, Value};

use super::catalog::{self, ActionKind, Target, TypeSpec, ACCOUNTS};
use super::pool::{region_name, Context};
use super::record::{
    Action, AwsApiCallAction, DnsRequestAction, LocalIpDetails, NetworkConnectionAction,
    PortDetails, PortProbeAction, PortProbeDetail, RemoteIpDetails, Resource,
};
use super::rng::Rng;

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
