//! One normalised GuardDuty finding and the parts it is made of.

use std::sync::Arc;

use super::{EpochMillis, FindingType, SeverityBand, Text};

/// The export dialect a record was read from. Kept per finding so the load report and the
/// detail panel can say where a finding came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    /// `aws guardduty get-findings` / SDK output: PascalCase keys (possibly wrapped in `{"Findings":[…]}`).
    PascalCase,
    /// Console / API / S3-export JSON: camelCase keys (bare, in an array, or in `{"findings":[…]}`).
    CamelCase,
    /// An EventBridge event whose `detail` is a GuardDuty finding.
    EventBridge,
    /// A Security Hub ASFF finding produced by GuardDuty.
    Asff,
    /// An OCSF Detection Finding (class 2004) produced by GuardDuty.
    Ocsf,
    /// A row of Security Hub's `StartExportJobV2` CSV output (OCSF field paths as columns).
    SecurityHubCsv,
}

impl Dialect {
    /// Every dialect, each at its [`Dialect::index`].
    pub const ALL: [Dialect; 6] = [
        Self::PascalCase,
        Self::CamelCase,
        Self::EventBridge,
        Self::Asff,
        Self::Ocsf,
        Self::SecurityHubCsv,
    ];

    /// The dialect's position in [`Dialect::ALL`] (a compact column value); the match makes a
    /// new dialect a compile error here until it is given one.
    pub fn index(self) -> u8 {
        match self {
            Self::PascalCase => 0,
            Self::CamelCase => 1,
            Self::EventBridge => 2,
            Self::Asff => 3,
            Self::Ocsf => 4,
            Self::SecurityHubCsv => 5,
        }
    }

    /// A short human name for load reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::PascalCase => "GuardDuty CLI/SDK (PascalCase)",
            Self::CamelCase => "GuardDuty JSON (camelCase)",
            Self::EventBridge => "EventBridge event",
            Self::Asff => "Security Hub ASFF",
            Self::Ocsf => "OCSF Detection Finding",
            Self::SecurityHubCsv => "Security Hub CSV export",
        }
    }
}

/// Whether the affected resource was the target of the activity or the actor doing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceRole {
    Target,
    Actor,
}

/// The kinds of resource a finding can name. `Other` keeps resource kinds AWS adds later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceKind {
    Instance,
    AccessKey,
    S3Bucket,
    S3Object,
    EksCluster,
    KubernetesWorkload,
    EcsCluster,
    EcsTask,
    Container,
    RdsDbInstance,
    RdsDbUser,
    Lambda,
    EbsVolume,
    EbsSnapshot,
    Ec2Image,
    RecoveryPoint,
    /// An Amazon Bedrock guardrail (`resource.bedrockGuardrailDetails`, AI protection).
    BedrockGuardrail,
    /// An AI model invoked (`resource.modelDetails[].modelId`, AI protection).
    AiModel,
    Other,
}

impl ResourceKind {
    /// A short human name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Instance => "EC2 instance",
            Self::AccessKey => "Access key",
            Self::S3Bucket => "S3 bucket",
            Self::S3Object => "S3 object",
            Self::EksCluster => "EKS cluster",
            Self::KubernetesWorkload => "Kubernetes workload",
            Self::EcsCluster => "ECS cluster",
            Self::EcsTask => "ECS task",
            Self::Container => "Container",
            Self::RdsDbInstance => "RDS database",
            Self::RdsDbUser => "RDS user",
            Self::Lambda => "Lambda function",
            Self::EbsVolume => "EBS volume",
            Self::EbsSnapshot => "EBS snapshot",
            Self::Ec2Image => "EC2 image",
            Self::RecoveryPoint => "Backup recovery point",
            Self::BedrockGuardrail => "Bedrock guardrail",
            Self::AiModel => "AI model",
            Self::Other => "Other resource",
        }
    }
}

/// One affected resource. A finding can name several (an EKS cluster, the Kubernetes user and
/// the access key behind it), and the resource graph is built from all of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    pub kind: ResourceKind,
    /// The identity used to join findings on the same resource: instance id, access key id,
    /// bucket name, cluster name or ARN, function ARN …
    pub id: Text,
    /// A friendlier label when the export has one (the `Name` tag, user name, function name).
    pub display_name: Option<Text>,
    /// Further attributes for the detail panel, in export order: principal id, user type,
    /// instance type, image id, public IP, engine …
    pub attributes: Vec<(Text, Text)>,
}

/// A key/value tag on an affected resource (tag text is attacker-influenced).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub key: Text,
    pub value: Text,
}

/// A remote endpoint that took part in the activity (an IP address with its geography).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetworkActor {
    /// IPv4 or IPv6 text, as exported.
    pub ip_address: Option<Text>,
    pub country_code: Option<Text>,
    pub country_name: Option<Text>,
    pub city: Option<Text>,
    /// Autonomous system number, as text (GuardDuty exports it as a string).
    pub asn: Option<Text>,
    pub asn_org: Option<Text>,
    pub org: Option<Text>,
    pub isp: Option<Text>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// Threat-intelligence evidence: which list matched and the threat names it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreatIntel {
    pub list_name: Option<Text>,
    pub threat_names: Vec<Text>,
}

/// Malware Protection's scan behind a finding: `service.malwareScanDetails` (S3 and AWS Backup
/// scans) or `service.ebsVolumeScanDetails` (EC2 volume scans). Threat names and paths are
/// attacker-influenced text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MalwareScan {
    pub scan_id: Option<Text>,
    /// `BACKUP_INITIATED`, `GUARDDUTY_INITIATED`, `ON_DEMAND`, as exported.
    pub scan_type: Option<Text>,
    /// The finding that started a GuardDuty-initiated EBS scan.
    pub trigger_finding_id: Option<Text>,
    /// Each threat found, once by name, with where it was found.
    pub threats: Vec<MalwareThreat>,
}

/// One threat a malware scan found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MalwareThreat {
    pub name: Text,
    /// File paths (EBS) or paths inside the scanned item (S3, backups), each once.
    pub paths: Vec<Text>,
    /// SHA-256 hashes of the infected files, each once.
    pub hashes: Vec<Text>,
}

/// Extended Threat Detection: what an attack-sequence finding links together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttackSequence {
    pub uid: Option<Text>,
    pub description: Option<Text>,
    /// MITRE ATT&CK tactic names from `ATTACK_TACTIC` indicators.
    pub tactics: Vec<Text>,
    /// MITRE ATT&CK technique ids or names from `ATTACK_TECHNIQUE` indicators.
    pub techniques: Vec<Text>,
    /// Ids of the member resources (`sequence.resources[].uid`).
    pub resource_uids: Vec<Text>,
    /// Ids of the signals (often the member findings' ARNs or ids).
    pub signal_uids: Vec<Text>,
    /// Every other `sequenceIndicators` entry, key as exported (`MALICIOUS_IP`,
    /// `VULNERABILITY`, `SENSITIVE_DATA`, a key added after this was written …) with its
    /// values joined by ", " — kept and shown as itself, never dropped.
    pub indicators: Vec<(Text, Text)>,
}

/// A record's place in its source file's text (decompressed for gzip), in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RawSpan {
    pub byte_offset: u64,
    pub byte_length: u64,
}

impl RawSpan {
    /// The record's bytes within the whole file's bytes, if the span fits.
    pub fn slice<'a>(&self, file_bytes: &'a [u8]) -> Option<&'a [u8]> {
        let start = usize::try_from(self.byte_offset).ok()?;
        let end = start.checked_add(usize::try_from(self.byte_length).ok()?)?;
        file_bytes.get(start..end)
    }
}

/// One GuardDuty finding, normalised from any dialect.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The GuardDuty finding id (for ASFF and OCSF: the id taken from the GuardDuty ARN), the
    /// merge key.
    pub id: Text,
    pub arn: Option<Text>,
    pub account_id: Option<Text>,
    pub region: Option<Text>,
    pub partition: Option<Text>,
    /// Shared by every finding of the type (ingest parses each distinct type once).
    pub finding_type: Arc<FindingType>,
    /// The score as exported (1.0–10.0 in current GuardDuty).
    pub severity_score: f64,
    pub severity: SeverityBand,
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub created_at: Option<EpochMillis>,
    pub updated_at: Option<EpochMillis>,
    pub first_seen_at: Option<EpochMillis>,
    pub last_seen_at: Option<EpochMillis>,
    /// `service.count`: how many times GuardDuty saw the activity (1 when absent).
    pub count: u64,
    pub archived: bool,
    /// A `CreateSampleFindings` finding (`additionalInfo.sample`, `[SAMPLE]` titles).
    pub sample: bool,
    /// The finding's confidence; 0 means GuardDuty later judged it a false positive.
    pub confidence: Option<f64>,
    /// GuardDuty's `resource.resourceType` exactly (`Instance`, `AccessKey`, `S3Bucket`,
    /// `EKSCluster` …), or absent.
    pub resource_type: Option<Text>,
    pub resource_role: Option<ResourceRole>,
    pub resources: Vec<Resource>,
    pub tags: Vec<Tag>,
    /// `service.action.actionType` (`AWS_API_CALL`, `NETWORK_CONNECTION` …).
    pub action_type: Option<Text>,
    /// Whether GuardDuty reports the connection or DNS request as blocked.
    pub blocked: Option<bool>,
    pub network_actors: Vec<NetworkActor>,
    pub domains: Vec<Text>,
    pub user_agents: Vec<Text>,
    /// API names called (`awsApiCallAction.api`, Kubernetes verbs + request URIs).
    pub api_calls: Vec<Text>,
    /// Local and remote ports involved.
    pub ports: Vec<u16>,
    pub threat_intel: Vec<ThreatIntel>,
    /// The attack sequence this finding belongs to (`associatedAttackSequenceArn`).
    pub attack_sequence_arn: Option<Text>,
    /// Present on attack-sequence findings.
    pub attack_sequence: Option<AttackSequence>,
    /// Present on Malware Protection findings that carry their scan.
    pub malware_scan: Option<MalwareScan>,
    /// The dialect the kept record came from.
    pub dialect: Dialect,
    /// Index of the source file in load order.
    pub source_file: u32,
    /// Where the kept record's JSON lies in its source file's text (after decompression, for
    /// gzip), so the page re-reads it when the detail panel asks instead of holding a copy.
    pub raw_span: Option<RawSpan>,
}

impl Finding {
    /// A finding with the given id and type and every optional field empty; ingest fills in
    /// the rest. Also the shortest way to build a finding in a test.
    pub fn new(
        id: Text,
        finding_type: impl Into<Arc<FindingType>>,
        severity_score: f64,
        dialect: Dialect,
    ) -> Self {
        Self {
            id,
            arn: None,
            account_id: None,
            region: None,
            partition: None,
            finding_type: finding_type.into(),
            severity_score,
            severity: SeverityBand::from_score(severity_score),
            title: None,
            description: None,
            created_at: None,
            updated_at: None,
            first_seen_at: None,
            last_seen_at: None,
            count: 1,
            archived: false,
            sample: false,
            confidence: None,
            resource_type: None,
            resource_role: None,
            resources: Vec::new(),
            tags: Vec::new(),
            action_type: None,
            blocked: None,
            network_actors: Vec::new(),
            domains: Vec::new(),
            user_agents: Vec::new(),
            api_calls: Vec::new(),
            ports: Vec::new(),
            threat_intel: Vec::new(),
            attack_sequence_arn: None,
            attack_sequence: None,
            malware_scan: None,
            dialect,
            source_file: 0,
            raw_span: None,
        }
    }

    /// True when GuardDuty marked the finding a false positive (`confidence` exactly 0).
    pub fn is_zero_confidence(&self) -> bool {
        self.confidence == Some(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Dialect;

    #[test]
    fn every_dialect_sits_at_its_own_index() {
        for (position, dialect) in Dialect::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(dialect.index()), position, "{dialect:?}");
        }
    }
}
