//! Static tables behind the sample generator: accounts, regions, GuardDuty finding types with
//! their typical severities, remote-actor locations and the vocabulary for resource names.

/// An AWS account of the fictional organisation.
pub(crate) struct Account {
    pub id: &'static str,
    pub name: &'static str,
    /// Relative share of findings.
    pub weight: u64,
    /// Short name used in bucket names and tags.
    pub slug: &'static str,
}

pub(crate) const ACCOUNTS: &[Account] = &[
    Account {
        id: "111122223333",
        name: "prod-core",
        weight: 34,
        slug: "prod",
    },
    Account {
        id: "444455556666",
        name: "prod-data",
        weight: 22,
        slug: "data",
    },
    Account {
        id: "777788889999",
        name: "staging",
        weight: 14,
        slug: "stg",
    },
    Account {
        id: "123456789012",
        name: "dev-sandbox",
        weight: 16,
        slug: "dev",
    },
    Account {
        id: "210987654321",
        name: "shared-services",
        weight: 9,
        slug: "shared",
    },
    Account {
        id: "555566667777",
        name: "security-tooling",
        weight: 5,
        slug: "sec",
    },
];

/// Regions and their relative weight.
pub(crate) const REGIONS: &[(&str, u64)] = &[
    ("us-east-1", 40),
    ("us-west-2", 20),
    ("eu-west-1", 15),
    ("eu-central-1", 10),
    ("ap-southeast-2", 8),
    ("ap-northeast-1", 4),
    ("sa-east-1", 3),
];

/// The kind of resource a finding type is about (its `resourceType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Instance,
    AccessKey,
    S3Bucket,
    EksCluster,
    /// Runtime Monitoring: an EC2 instance, an EKS cluster or an ECS cluster.
    Runtime,
    RdsInstance,
    Lambda,
}

/// The `service.action` (or its absence) a finding type carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ActionKind {
    NetworkInbound,
    NetworkOutbound,
    PortProbe,
    Dns,
    ApiCall,
    KubernetesApi,
    RdsLogin,
    /// Runtime Monitoring: `service.runtimeDetails`, no action.
    Runtime,
    /// Malware Protection for EC2: `service.ebsVolumeScanDetails`, no action.
    MalwareEbs,
    /// Malware Protection for S3: `service.malwareScanDetails`, no action.
    MalwareS3,
    /// Extended Threat Detection: `service.detection.sequence`, no action.
    Sequence,
}

/// One GuardDuty finding type and how the generator renders it.
pub(crate) struct TypeSpec {
    pub name: &'static str,
    /// Relative frequency (tenths); 0 = only chosen by the dedicated schedules.
    pub weight: u64,
    /// Typical severities; one is chosen per finding.
    pub severities: &'static [f64],
    pub target: Target,
    pub action: ActionKind,
    /// `service.resourceRole`.
    pub role: &'static str,
    /// Local port for network/probe/brute-force types.
    pub port: u16,
    /// `(api, serviceName)` candidates for AWS_API_CALL types.
    pub apis: &'static [(&'static str, &'static str)],
    /// Carries `evidence.threatIntelligenceDetails`.
    pub threat_intel: bool,
    /// Part of the incident storyline (the burst ~10 days before now).
    pub incident: bool,
    /// `service.featureName`.
    pub feature: &'static str,
    /// Title template: `{resource}`, `{ip}`, `{domain}`, `{user}`, `{api}`, `{port}`.
    pub title: &'static str,
    pub description: &'static str,
}

const BASE: TypeSpec = TypeSpec {
    name: "",
    weight: 0,
    severities: LOW,
    target: Target::Instance,
    action: ActionKind::NetworkInbound,
    role: "TARGET",
    port: 0,
    apis: &[],
    threat_intel: false,
    incident: false,
    feature: "FlowLogs",
    title: "",
    description: "",
};

const LOW: &[f64] = &[2.0];
const MEDIUM: &[f64] = &[5.0];
const HIGH: &[f64] = &[8.0];

pub(crate) const TYPES: &[TypeSpec] = &[
    TypeSpec {
        name: "Recon:EC2/PortProbeUnprotectedPort",
        weight: 200,
        action: ActionKind::PortProbe,
        port: 22,
        title: "Unprotected port on EC2 instance {resource} is being probed.",
        description: "EC2 instance has an unprotected port which is being probed by a known malicious host.",
        threat_intel: true,
        ..BASE
    },
    TypeSpec {
        name: "Recon:EC2/PortProbeEMRUnprotectedPort",
        weight: 8,
        severities: MEDIUM,
        action: ActionKind::PortProbe,
        port: 8088,
        title: "Unprotected EMR-related port on EC2 instance {resource} is being probed.",
        description: "EC2 instance has an unprotected EMR-related port which is being probed by a known malicious host.",
        ..BASE
    },
    TypeSpec {
        name: "UnauthorizedAccess:EC2/SSHBruteForce",
        weight: 140,
        action: ActionKind::NetworkInbound,
        port: 22,
        title: "{ip} is performing SSH brute force attacks against {resource}.",
        description: "{ip} is performing SSH brute force attacks against {resource}. Brute force attacks are used to gain unauthorized access to your instance by guessing the SSH password.",
        ..BASE
    },
    TypeSpec {
        name: "UnauthorizedAccess:EC2/RDPBruteForce",
        weight: 50,
        action: ActionKind::NetworkInbound,
        port: 3389,
        title: "{ip} is performing RDP brute force attacks against {resource}.",
        description: "{ip} is performing RDP brute force attacks against {resource}. Brute force attacks are used to gain unauthorized access to your instance by guessing the RDP password.",
        ..BASE
    },
    TypeSpec {
        name: "Impact:EC2/WinRMBruteForce",
        weight: 15,
        action: ActionKind::NetworkInbound,
        port: 5985,
        title: "{ip} is performing WinRM brute force attacks against {resource}.",
        description: "{ip} is performing WinRM brute force attacks against {resource}, which may indicate an attempt to gain unauthorized access to Windows services.",
        ..BASE
    },
    TypeSpec {
        name: "Recon:EC2/Portscan",
        weight: 18,
        severities: MEDIUM,
        action: ActionKind::NetworkOutbound,
        role: "ACTOR",
        port: 445,
        title: "EC2 instance {resource} is performing outbound port scans against remote host {ip}.",
        description: "EC2 instance {resource} is performing outbound port scans against remote host {ip}. This may indicate the instance is compromised and used to probe other hosts.",
        ..BASE
    },
    TypeSpec {
        name: "UnauthorizedAccess:EC2/TorClient",
        weight: 8,
        severities: HIGH,
        action: ActionKind::NetworkOutbound,
        role: "ACTOR",
        port: 9001,
        threat_intel: true,
        title: "EC2 instance {resource} is communicating with Tor Entry node {ip}.",
        description: "EC2 instance {resource} is communicating with IP address {ip} which is a Tor entry node. This traffic can indicate unauthorized access to your AWS resources.",
        ..BASE
    },
    TypeSpec {
        name: "UnauthorizedAccess:EC2/MaliciousIPCaller.Custom",
        weight: 18,
        severities: MEDIUM,
        action: ActionKind::NetworkOutbound,
        role: "ACTOR",
        port: 443,
        threat_intel: true,
        title: "EC2 instance {resource} is communicating with a disallowed IP address {ip}.",
        description: "EC2 instance {resource} is communicating with IP address {ip} which is on the custom threat list acme-blocklist.",
        ..BASE
    },
    TypeSpec {
        name: "Backdoor:EC2/C&CActivity.B!DNS",
        weight: 14,
        severities: HIGH,
        action: ActionKind::Dns,
        role: "ACTOR",
        threat_intel: true,
        incident: true,
        feature: "DnsLogs",
        title: "Command and Control server domain name queried by EC2 instance {resource}.",
        description: "EC2 instance {resource} is querying a domain name {domain} that is associated with a known Command & Control server.",
        ..BASE
    },
    TypeSpec {
        name: "Backdoor:EC2/C&CActivity.B",
        weight: 5,
        severities: HIGH,
        action: ActionKind::NetworkOutbound,
        role: "ACTOR",
        port: 8443,
        threat_intel: true,
        title: "EC2 instance {resource} is communicating with a Command and Control server {ip}.",
        description: "EC2 instance {resource} is communicating with IP address {ip} that is associated with a known Command & Control server.",
        ..BASE
    },
    TypeSpec {
        name: "Backdoor:EC2/DenialOfService.Tcp",
        weight: 3,
        severities: HIGH,
        action: ActionKind::NetworkOutbound,
        role: "ACTOR",
        port: 80,
        title: "EC2 instance {resource} is behaving in a manner that may indicate it is being used to perform a Denial of Service (DoS) attack using the TCP protocol.",
        description: "EC2 instance {resource} is behaving in a manner that may indicate it is being used to perform a Denial of Service (DoS) attack using the TCP protocol against {ip}.",
        ..BASE
    },
    TypeSpec {
        name: "CryptoCurrency:EC2/BitcoinTool.B!DNS",
        weight: 20,
        severities: HIGH,
        action: ActionKind::Dns,
        role: "ACTOR",
        incident: true,
        feature: "DnsLogs",
        title: "Bitcoin-related domain name queried by EC2 instance {resource}.",
        description: "EC2 instance {resource} is querying a domain name {domain} that is associated with Bitcoin-related activity.",
        ..BASE
    },
    TypeSpec {
        name: "CryptoCurrency:EC2/BitcoinTool.B",
        weight: 8,
        severities: HIGH,
        action: ActionKind::NetworkOutbound,
        role: "ACTOR",
        port: 3333,
        title: "EC2 instance {resource} is communicating with a Bitcoin mining pool {ip}.",
        description: "EC2 instance {resource} is communicating with IP address {ip} that is associated with cryptocurrency-related activity.",
        ..BASE
    },
    TypeSpec {
        name: "Trojan:EC2/DNSDataExfiltration",
        weight: 7,
        severities: HIGH,
        action: ActionKind::Dns,
        role: "ACTOR",
        incident: true,
        feature: "DnsLogs",
        title: "Data exfiltration through DNS queries from EC2 instance {resource}.",
        description: "EC2 instance {resource} is exfiltrating data through DNS queries to {domain}.",
        ..BASE
    },
    TypeSpec {
        name: "Trojan:EC2/BlackholeTraffic!DNS",
        weight: 5,
        severities: MEDIUM,
        action: ActionKind::Dns,
        role: "ACTOR",
        feature: "DnsLogs",
        title: "EC2 instance {resource} is querying a domain name that is redirected to a black hole IP address.",
        description: "EC2 instance {resource} is querying a domain name {domain} that is being redirected to a black hole IP address.",
        ..BASE
    },
    TypeSpec {
        name: "DefenseEvasion:EC2/UnusualDoHActivity",
        weight: 5,
        severities: MEDIUM,
        action: ActionKind::NetworkOutbound,
        role: "ACTOR",
        port: 443,
        title: "EC2 instance {resource} is performing DNS-over-HTTPS traffic with an unusual remote host {ip}.",
        description: "EC2 instance {resource} is making DNS-over-HTTPS requests to {ip}, which may be an attempt to evade DNS monitoring.",
        ..BASE
    },
    TypeSpec {
        name: "Execution:EC2/MaliciousFile",
        weight: 7,
        severities: HIGH,
        action: ActionKind::MalwareEbs,
        feature: "EbsMalwareProtection",
        title: "Malicious file detected on EC2 instance {resource}.",
        description: "A malicious file was detected on EC2 instance {resource} during a GuardDuty Malware Protection scan.",
        ..BASE
    },
    TypeSpec {
        name: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        weight: 12,
        severities: HIGH,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        incident: true,
        feature: "CloudTrail",
        apis: &[("DescribeInstances", "ec2.amazonaws.com"), ("ListBuckets", "s3.amazonaws.com"), ("GetCallerIdentity", "sts.amazonaws.com")],
        title: "Credentials for instance role {user} used from external IP address.",
        description: "Credentials created exclusively for an EC2 instance using instance role {user} have been used from external IP address {ip}.",
        ..BASE
    },
    TypeSpec {
        name: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS",
        weight: 6,
        severities: HIGH,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        feature: "CloudTrail",
        apis: &[("ListRoles", "iam.amazonaws.com"), ("DescribeSecurityGroups", "ec2.amazonaws.com")],
        title: "Credentials for instance role {user} used from a different AWS account.",
        description: "Credentials created exclusively for an EC2 instance using instance role {user} have been used from an IP address {ip} owned by a different AWS account.",
        ..BASE
    },
    TypeSpec {
        name: "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
        weight: 12,
        severities: MEDIUM,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        feature: "CloudTrail",
        apis: &[("ConsoleLogin", "signin.amazonaws.com")],
        title: "Unusual console login was seen for principal {user}.",
        description: "A user {user} has successfully logged into the AWS Management Console from an unusual location {ip}.",
        ..BASE
    },
    TypeSpec {
        name: "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
        weight: 8,
        severities: MEDIUM,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        threat_intel: true,
        feature: "CloudTrail",
        apis: &[("GetObject", "s3.amazonaws.com"), ("DescribeInstances", "ec2.amazonaws.com")],
        title: "API {api} was invoked from an IP address on a custom threat list.",
        description: "API {api} was invoked by user {user} from IP address {ip} which is on the custom threat list acme-blocklist.",
        ..BASE
    },
    TypeSpec {
        name: "Policy:IAMUser/RootCredentialUsage",
        weight: 40,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        feature: "CloudTrail",
        apis: &[("GetAccountSummary", "iam.amazonaws.com"), ("ListBuckets", "s3.amazonaws.com"), ("DescribeRegions", "ec2.amazonaws.com"), ("GetBillingData", "billingconsole.amazonaws.com")],
        title: "API {api} was invoked using root credentials.",
        description: "API {api} was invoked using root credentials from IP address {ip}.",
        ..BASE
    },
    TypeSpec {
        name: "PenTest:IAMUser/KaliLinux",
        weight: 9,
        severities: MEDIUM,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        feature: "CloudTrail",
        apis: &[("ListUsers", "iam.amazonaws.com"), ("DescribeInstances", "ec2.amazonaws.com"), ("ListBuckets", "s3.amazonaws.com")],
        title: "API {api} was invoked from a Kali Linux computer.",
        description: "API {api} was invoked by user {user} from a Kali Linux computer with IP address {ip}.",
        ..BASE
    },
    TypeSpec {
        name: "Stealth:IAMUser/CloudTrailLoggingDisabled",
        weight: 5,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        incident: true,
        feature: "CloudTrail",
        apis: &[("StopLogging", "cloudtrail.amazonaws.com"), ("DeleteTrail", "cloudtrail.amazonaws.com")],
        title: "AWS CloudTrail trail org-trail was disabled.",
        description: "AWS CloudTrail trail org-trail was disabled by user {user} calling {api}.",
        ..BASE
    },
    TypeSpec {
        name: "Stealth:IAMUser/PasswordPolicyChange",
        weight: 6,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        feature: "CloudTrail",
        apis: &[("UpdateAccountPasswordPolicy", "iam.amazonaws.com")],
        title: "Password policy was weakened.",
        description: "The account password policy was weakened by user {user} calling {api}.",
        ..BASE
    },
    TypeSpec {
        name: "CredentialAccess:IAMUser/AnomalousBehavior",
        weight: 14,
        severities: MEDIUM,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        incident: true,
        feature: "CloudTrail",
        apis: &[("GetSecretValue", "secretsmanager.amazonaws.com"), ("GetPasswordData", "ec2.amazonaws.com"), ("GenerateCredentialReport", "iam.amazonaws.com")],
        title: "The API {api} was used to gain access to an AWS environment in an anomalous way.",
        description: "The API {api} was invoked by user {user} from {ip} in an anomalous way, which may indicate an attempt to obtain credentials.",
        ..BASE
    },
    TypeSpec {
        name: "Discovery:IAMUser/AnomalousBehavior",
        weight: 30,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        incident: true,
        feature: "CloudTrail",
        apis: &[("ListUsers", "iam.amazonaws.com"), ("DescribeInstances", "ec2.amazonaws.com"), ("ListRoles", "iam.amazonaws.com"), ("GetBucketAcl", "s3.amazonaws.com")],
        title: "The API {api} was used to gain access to an AWS environment in an anomalous way.",
        description: "The API {api} was invoked by user {user} from {ip} in an anomalous way, which is commonly used in reconnaissance.",
        ..BASE
    },
    TypeSpec {
        name: "Persistence:IAMUser/AnomalousBehavior",
        weight: 9,
        severities: MEDIUM,
        target: Target::AccessKey,
        action: ActionKind::ApiCall,
        incident: true,
        feature: "CloudTrail",
        apis: &[("CreateAccessKey", "iam.amazonaws.com"), ("CreateUser", "iam.amazonaws.com"), ("AttachUserPolicy", "iam.amazonaws.com")],
        title: "The API {api} was used to establish persistence in an anomalous way.",
        description: "The API {api} was invoked by user {user} from {ip} in an anomalous way, which may be an attempt to maintain access to the environment.",
        ..BASE
    },
    TypeSpec {
        name: "Discovery:S3/AnomalousBehavior",
        weight: 30,
        target: Target::S3Bucket,
        action: ActionKind::ApiCall,
        feature: "S3DataEvents",
        apis: &[("ListObjects", "s3.amazonaws.com"), ("GetBucketPolicy", "s3.amazonaws.com"), ("ListObjectsV2", "s3.amazonaws.com")],
        title: "An IAM entity invoked an S3 API in a suspicious way.",
        description: "An IAM entity {user} invoked the S3 API {api} on bucket {resource} in a way that deviates from its established baseline.",
        ..BASE
    },
    TypeSpec {
        name: "Exfiltration:S3/AnomalousBehavior",
        weight: 7,
        severities: HIGH,
        target: Target::S3Bucket,
        action: ActionKind::ApiCall,
        incident: true,
        feature: "S3DataEvents",
        apis: &[("GetObject", "s3.amazonaws.com"), ("CopyObject", "s3.amazonaws.com")],
        title: "An IAM entity invoked an S3 API in a suspicious way.",
        description: "An IAM entity {user} invoked the S3 API {api} on bucket {resource} in an unusual volume, which may indicate data exfiltration.",
        ..BASE
    },
    TypeSpec {
        name: "Discovery:S3/MaliciousIPCaller",
        weight: 6,
        severities: HIGH,
        target: Target::S3Bucket,
        action: ActionKind::ApiCall,
        threat_intel: true,
        feature: "S3DataEvents",
        apis: &[("ListObjects", "s3.amazonaws.com"), ("GetBucketLocation", "s3.amazonaws.com")],
        title: "The S3 API {api} was invoked from a known malicious IP address.",
        description: "The S3 API {api} was invoked on bucket {resource} from IP address {ip} which is on a threat list.",
        ..BASE
    },
    TypeSpec {
        name: "Policy:S3/BucketBlockPublicAccessDisabled",
        weight: 15,
        target: Target::S3Bucket,
        action: ActionKind::ApiCall,
        feature: "CloudTrail",
        apis: &[("PutBucketPublicAccessBlock", "s3.amazonaws.com"), ("DeleteBucketPublicAccessBlock", "s3.amazonaws.com")],
        title: "Amazon S3 Block Public Access was disabled for S3 bucket {resource}.",
        description: "Amazon S3 Block Public Access was disabled for S3 bucket {resource} by user {user}. If this behavior is not expected, it may indicate a configuration mistake or that your credentials are compromised.",
        ..BASE
    },
    TypeSpec {
        name: "Stealth:S3/ServerAccessLoggingDisabled",
        weight: 5,
        target: Target::S3Bucket,
        action: ActionKind::ApiCall,
        feature: "CloudTrail",
        apis: &[("PutBucketLogging", "s3.amazonaws.com")],
        title: "S3 server access logging was disabled for bucket {resource}.",
        description: "S3 server access logging was disabled for bucket {resource} by user {user}.",
        ..BASE
    },
    TypeSpec {
        name: "Object:S3/MaliciousFile",
        weight: 5,
        severities: HIGH,
        target: Target::S3Bucket,
        action: ActionKind::MalwareS3,
        feature: "S3MalwareProtection",
        title: "A malicious object was detected in S3 bucket {resource}.",
        description: "GuardDuty Malware Protection for S3 detected a malicious object in S3 bucket {resource}.",
        ..BASE
    },
    TypeSpec {
        name: "Discovery:Kubernetes/MaliciousIPCaller.Custom",
        weight: 7,
        severities: MEDIUM,
        target: Target::EksCluster,
        action: ActionKind::KubernetesApi,
        threat_intel: true,
        feature: "EksAuditLogs",
        title: "A Kubernetes API commonly used in Discovery tactics was invoked from an IP address on a custom threat list.",
        description: "A Kubernetes API was invoked on EKS cluster {resource} from IP address {ip} which is on the custom threat list acme-blocklist.",
        ..BASE
    },
    TypeSpec {
        name: "Persistence:Kubernetes/ContainerWithSensitiveMount",
        weight: 7,
        severities: MEDIUM,
        target: Target::EksCluster,
        action: ActionKind::KubernetesApi,
        feature: "EksAuditLogs",
        title: "A container with a sensitive host path mounted inside was launched.",
        description: "A container with a sensitive external host path mounted inside was launched on EKS cluster {resource}.",
        ..BASE
    },
    TypeSpec {
        name: "Execution:Kubernetes/ExecInKubeSystemPod",
        weight: 5,
        severities: MEDIUM,
        target: Target::EksCluster,
        action: ActionKind::KubernetesApi,
        feature: "EksAuditLogs",
        title: "A command was executed inside a pod in the kube-system namespace.",
        description: "A command was executed inside a pod in the kube-system namespace on EKS cluster {resource}.",
        ..BASE
    },
    TypeSpec {
        name: "Policy:Kubernetes/AnonymousAccessGranted",
        weight: 3,
        severities: HIGH,
        target: Target::EksCluster,
        action: ActionKind::KubernetesApi,
        feature: "EksAuditLogs",
        title: "The system:anonymous user was granted API permission on a Kubernetes cluster.",
        description: "The system:anonymous user was granted API permission on EKS cluster {resource}.",
        ..BASE
    },
    TypeSpec {
        name: "Execution:Runtime/NewBinaryExecuted",
        weight: 20,
        target: Target::Runtime,
        action: ActionKind::Runtime,
        feature: "RuntimeMonitoring",
        title: "A newly created or recently modified binary file has been executed in {resource}.",
        description: "A newly created or recently modified binary file has been executed in {resource}. This may indicate that an attacker has gained access and is running a malicious payload.",
        ..BASE
    },
    TypeSpec {
        name: "PrivilegeEscalation:Runtime/DockerSocketAccessed",
        weight: 5,
        severities: MEDIUM,
        target: Target::Runtime,
        action: ActionKind::Runtime,
        feature: "RuntimeMonitoring",
        title: "A process inside a container is communicating with the Docker daemon using the Docker socket.",
        description: "A process inside a container in {resource} is communicating with the Docker daemon using the Docker socket, which may allow a container escape.",
        ..BASE
    },
    TypeSpec {
        name: "DefenseEvasion:Runtime/FilelessExecution",
        weight: 4,
        severities: MEDIUM,
        target: Target::Runtime,
        action: ActionKind::Runtime,
        feature: "RuntimeMonitoring",
        title: "A process in {resource} is executing code from memory.",
        description: "A process in {resource} is executing code from memory, a technique used to evade disk-based detection.",
        ..BASE
    },
    TypeSpec {
        name: "CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin",
        weight: 5,
        severities: &[5.0, 8.0],
        target: Target::RdsInstance,
        action: ActionKind::RdsLogin,
        feature: "RdsLoginEvents",
        title: "A user successfully logged in to RDS database {resource} in an anomalous way.",
        description: "User {user} successfully logged in to RDS database {resource} from {ip} in a way that deviates from the database's baseline.",
        ..BASE
    },
    TypeSpec {
        name: "CredentialAccess:RDS/AnomalousBehavior.FailedLogin",
        weight: 5,
        target: Target::RdsInstance,
        action: ActionKind::RdsLogin,
        feature: "RdsLoginEvents",
        title: "One or more unusual failed login attempts were observed on RDS database {resource}.",
        description: "Unusual failed login attempts from {ip} were observed on RDS database {resource}.",
        ..BASE
    },
    TypeSpec {
        name: "UnauthorizedAccess:Lambda/MaliciousIPCaller.Custom",
        weight: 5,
        severities: MEDIUM,
        target: Target::Lambda,
        action: ActionKind::NetworkOutbound,
        role: "ACTOR",
        port: 443,
        threat_intel: true,
        feature: "LambdaNetworkLogs",
        title: "Lambda function {resource} is communicating with a disallowed IP address {ip}.",
        description: "Lambda function {resource} is communicating with IP address {ip} which is on the custom threat list acme-blocklist.",
        ..BASE
    },
    TypeSpec {
        name: "CryptoCurrency:Lambda/BitcoinTool.B",
        weight: 2,
        severities: HIGH,
        target: Target::Lambda,
        action: ActionKind::NetworkOutbound,
        role: "ACTOR",
        port: 3333,
        feature: "LambdaNetworkLogs",
        title: "Lambda function {resource} is communicating with a Bitcoin mining pool {ip}.",
        description: "Lambda function {resource} is communicating with IP address {ip} that is associated with cryptocurrency-related activity.",
        ..BASE
    },
    // Extended Threat Detection: weight 0, scheduled deterministically (see `is_sequence_index`).
    TypeSpec {
        name: "AttackSequence:IAM/CompromisedCredentials",
        weight: 0,
        severities: &[9.0, 9.2, 9.5],
        target: Target::AccessKey,
        action: ActionKind::Sequence,
        feature: "CloudTrail",
        title: "Potential credential compromise of {user} indicated by a sequence of actions.",
        description: "A sequence of actions involving {user} indicates a potential compromise of AWS credentials, followed by discovery, persistence and defense-evasion activity.",
        ..BASE
    },
    TypeSpec {
        name: "AttackSequence:S3/CompromisedData",
        weight: 0,
        severities: &[9.0, 9.4, 9.8],
        target: Target::S3Bucket,
        action: ActionKind::Sequence,
        feature: "S3DataEvents",
        title: "Potential data compromise of one or more S3 buckets indicated by a sequence of actions associated with {user}.",
        description: "A sequence of actions involving {user} indicates discovery and exfiltration of data from S3 bucket {resource}.",
        ..BASE
    },
];

/// A remote-actor location: (country code, country name, city, lat, lon, ASN, ASN org/ISP,
/// relative weight).
pub(crate) type Location = (
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
    &'static str,
    &'static str,
    u64,
);

#[rustfmt::skip]
pub(crate) const LOCATIONS: &[Location] = &[
    ("CN", "China", "Beijing", 39.9042, 116.4074, "4134", "CHINANET-BACKBONE", 14),
    ("CN", "China", "Shanghai", 31.2304, 121.4737, "4812", "China Telecom Group", 8),
    ("RU", "Russia", "Moscow", 55.7558, 37.6173, "49505", "OOO Network of data-centers Selectel", 10),
    ("US", "United States", "Ashburn", 39.0438, -77.4874, "14061", "DigitalOcean, LLC", 12),
    ("US", "United States", "Santa Clara", 37.3541, -121.9552, "396982", "Google LLC", 6),
    ("US", "United States", "Columbus", 39.9612, -82.9988, "16509", "Amazon.com, Inc.", 5),
    ("NL", "Netherlands", "Amsterdam", 52.3676, 4.9041, "60781", "LeaseWeb Netherlands B.V.", 8),
    ("DE", "Germany", "Falkenstein", 50.4779, 12.3713, "24940", "Hetzner Online GmbH", 8),
    ("FR", "France", "Roubaix", 50.6942, 3.1746, "16276", "OVH SAS", 6),
    ("BR", "Brazil", "Sao Paulo", -23.5505, -46.6333, "28573", "Claro NXT Telecomunicacoes Ltda", 5),
    ("IN", "India", "Mumbai", 19.0760, 72.8777, "9829", "National Internet Backbone", 4),
    ("VN", "Vietnam", "Hanoi", 21.0278, 105.8342, "45899", "VNPT Corp", 4,),
    ("KR", "South Korea", "Seoul", 37.5665, 126.9780, "4766", "Korea Telecom", 4,),
    ("IR", "Iran", "Tehran", 35.6892, 51.3890, "58224", "Iran Telecommunication Company PJS", 3,),
    ("SG", "Singapore", "Singapore", 1.3521, 103.8198, "45102", "Alibaba (US) Technology Co., Ltd.", 4,),
    ("UA", "Ukraine", "Kyiv", 50.4501, 30.5234, "15895", "Kyivstar PJSC", 2,),
    ("RO", "Romania", "Bucharest", 44.4268, 26.1025, "9009", "M247 Europe SRL", 3,),
    ("GB", "United Kingdom", "London", 51.5074, -0.1278, "20473", "The Constant Company, LLC", 3,),
    ("SE", "Sweden", "Stockholm", 59.3293, 18.0686, "42708", "GleSYS AB", 1,),
    ("HK", "Hong Kong", "Hong Kong", 22.3193, 114.1694, "132203", "Tencent Building, Kejizhongyi Avenue", 3,),
];

/// EC2 instance roles in the fleet: (Name tag prefix, instance types, image description).
pub(crate) const INSTANCE_ROLES: &[(&str, &[&str], &str)] = &[
    (
        "bastion",
        &["t3.micro", "t3.small"],
        "amzn2-ami-kernel-5.10-hvm-2.0.20240131.0-x86_64-gp2",
    ),
    (
        "web",
        &["m5.large", "m6i.large", "c6i.xlarge"],
        "al2023-ami-2023.3.20240219.0-kernel-6.1-x86_64",
    ),
    (
        "api",
        &["m6i.xlarge", "c6i.2xlarge"],
        "al2023-ami-2023.3.20240219.0-kernel-6.1-x86_64",
    ),
    (
        "k8s-node",
        &["m5.2xlarge", "m6i.2xlarge"],
        "amazon-eks-node-1.29-v20240213",
    ),
    (
        "batch-worker",
        &["c5.4xlarge", "c6i.4xlarge"],
        "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240207.1",
    ),
    (
        "win-jump",
        &["t3.large", "m5.large"],
        "Windows_Server-2022-English-Full-Base-2024.02.14",
    ),
    (
        "jenkins",
        &["m5.xlarge"],
        "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240207.1",
    ),
    (
        "etl",
        &["r5.2xlarge", "r6i.xlarge"],
        "al2023-ami-2023.3.20240219.0-kernel-6.1-x86_64",
    ),
    (
        "vpn",
        &["t3.medium"],
        "OpenVPN Access Server 2.13.1 (marketplace)",
    ),
    (
        "grafana",
        &["t3.medium"],
        "amzn2-ami-kernel-5.10-hvm-2.0.20240131.0-x86_64-gp2",
    ),
];

/// IAM principals: (userName, userType).
pub(crate) const USERS: &[(&str, &str)] = &[
    ("ci-deploy", "IAMUser"),
    ("Root", "Root"),
    ("terraform", "AssumedRole"),
    ("alice.ng", "IAMUser"),
    ("EC2-app-role", "AssumedRole"),
    ("data-pipeline", "AssumedRole"),
    ("bob.martins", "IAMUser"),
    ("AWSReservedSSO_AdministratorAccess_4f2a", "AssumedRole"),
    ("backup-svc", "IAMUser"),
    ("carol.osei", "IAMUser"),
    ("lambda-exec-role", "AssumedRole"),
    ("github-actions", "AssumedRole"),
    ("dmitri.k", "IAMUser"),
    ("readonly-audit", "AssumedRole"),
    ("legacy-batch", "IAMUser"),
];

/// Bucket name stems (prefixed with the organisation and account slug).
pub(crate) const BUCKET_STEMS: &[&str] = &[
    "customer-exports",
    "app-logs",
    "cloudtrail-logs",
    "data-lake-raw",
    "ml-training-data",
    "static-assets",
    "backups",
    "terraform-state",
    "invoices",
    "analytics-curated",
];

pub(crate) const USER_AGENTS: &[&str] = &[
    "aws-cli/2.15.30 Python/3.11.8 Linux/5.10.209-198.858.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/s3.ls",
    "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
    "aws-sdk-go-v2/1.25.2 os/linux lang/go#1.21.6 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.148.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "console.amazonaws.com",
    "Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.39.1",
];

pub(crate) const KALI_USER_AGENT: &str =
    "aws-cli/1.32.0 Python/3.11.6 Linux/6.5.0-kali3-amd64 botocore/1.34.0";

pub(crate) const CRYPTO_DOMAINS: &[&str] = &[
    "pool.supportxmr.com",
    "xmr-eu1.nanopool.org",
    "stratum.antpool.com",
    "pool.minexmr.to",
];

pub(crate) const C2_DOMAINS: &[&str] = &[
    "cdn-update-check.top",
    "kq3vd8-sync.xyz",
    "telemetry-gw.ru",
    "msupdate-srv.cc",
];

pub(crate) const BLACKHOLE_DOMAINS: &[&str] = &["ads.blocked-tracker.net", "sinkholed-domain.org"];

pub(crate) const THREAT_LISTS: &[(&str, &[&str])] = &[
    ("ProofPoint", &["Scanner", "BruteForcer"]),
    ("CrowdStrike", &["CobaltStrike", "Emotet"]),
    ("acme-blocklist", &["custom-blocklist"]),
    ("Amazon", &["TorEntryNode"]),
];

pub(crate) const MALWARE_NAMES: &[&str] = &[
    "EICAR-Test-File (not a virus)",
    "Linux.Trojan.Mirai",
    "Multios.Coinminer.Miner-6781728-2",
    "Unix.Trojan.Tsunami",
    "Win.Trojan.CobaltStrike",
];
