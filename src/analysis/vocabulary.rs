//! Plain-English words for a board: what each threat purpose means, what each resource type
//! is called, and the likely attacker objective behind a finding.

use std::borrow::Cow;

use crate::model::{Finding, FindingType, ResourceKind};

use super::attack::{map_finding, Tactic};
use super::risk::rules::glob_matches;

/// What a threat purpose means, as a noun phrase ("cryptocurrency mining"). A purpose this
/// list does not know yet is named as itself ("`Sabotage` activity"), never folded away.
pub fn purpose_phrase(purpose: &str) -> Cow<'static, str> {
    const PHRASES: &[(&str, &str)] = &[
        ("AttackSequence", "multi-step attacks"),
        ("Backdoor", "remote control of servers by outsiders"),
        ("Behavior", "unusual behaviour"),
        ("CredentialAccess", "attempts to steal credentials"),
        ("CryptoCurrency", "cryptocurrency mining"),
        ("DefenseEvasion", "attempts to avoid detection"),
        ("DefenseImpairment", "attempts to switch off protections"),
        ("Discovery", "looking around inside your accounts"),
        ("Execution", "suspicious programs running"),
        ("Exfiltration", "data being copied out"),
        ("Impact", "attempts to damage or misuse resources"),
        ("InitialAccess", "attempts to break in"),
        (
            "LateralMovement",
            "attackers moving from one resource to the next",
        ),
        ("Object", "malicious files in storage"),
        ("PenTest", "hacking tools in use"),
        ("Persistence", "attempts to keep a foothold"),
        ("Policy", "risky configuration"),
        ("PrivilegeEscalation", "attempts to gain more permissions"),
        ("Recon", "probing for open ports and weaknesses"),
        (
            "ResourceDevelopment",
            "attackers setting up accounts and tools in your cloud",
        ),
        ("Stealth", "attempts to hide activity"),
        ("Trojan", "malicious software contacting attackers"),
        ("UnauthorizedAccess", "access without permission"),
    ];
    let trimmed = purpose.trim();
    match PHRASES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(trimmed))
    {
        Some((_, phrase)) => Cow::Borrowed(phrase),
        None if trimmed.is_empty() => Cow::Borrowed("other suspicious activity"),
        None => Cow::Owned(format!("{trimmed} activity")),
    }
}

/// GuardDuty's `resource.resourceType` as a plural noun ("EC2 instances").
pub fn resource_type_plural(resource_type: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("AccessKey", "access keys"),
        ("Container", "containers"),
        ("EBSSnapshot", "EBS snapshots"),
        ("EBSVolume", "EBS storage volumes"),
        ("EC2Image", "machine images (AMIs)"),
        ("EC2NetworkInterface", "network interfaces"),
        ("ECSCluster", "ECS container clusters"),
        ("EKSCluster", "EKS Kubernetes clusters"),
        ("Instance", "EC2 instances"),
        ("KubernetesCluster", "Kubernetes clusters"),
        ("Lambda", "Lambda functions"),
        ("RDSDBInstance", "RDS databases"),
        ("RDSLimitlessDB", "RDS Limitless databases"),
        ("RecoveryPoint", "AWS Backup recovery points"),
        ("S3Bucket", "S3 buckets"),
        ("S3Object", "S3 objects"),
    ];
    let trimmed = resource_type.trim();
    NAMES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(trimmed))
        .map_or_else(|| trimmed.to_owned(), |(_, plural)| (*plural).to_owned())
}

/// A resource kind in lower case for running text ("EC2 instance", "access key"), singular or
/// plural.
pub fn kind_noun(kind: ResourceKind, n: u64) -> String {
    let name = kind.name();
    let mut chars = name.chars();
    let lowered = match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_owned(),
    };
    if n == 1 {
        lowered
    } else {
        format!("{lowered}s")
    }
}

/// An attacker's likely aim, inferred from the finding type. Declared most damaging first: the
/// order breaks ties between objectives with equal counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Objective {
    DataTheft,
    CredentialTheft,
    RemoteControl,
    CryptoMining,
    Disruption,
    Foothold,
    BreakIn,
    Evasion,
    Reconnaissance,
    RiskyConfiguration,
}

impl Objective {
    pub const ALL: [Objective; 10] = [
        Self::DataTheft,
        Self::CredentialTheft,
        Self::RemoteControl,
        Self::CryptoMining,
        Self::Disruption,
        Self::Foothold,
        Self::BreakIn,
        Self::Evasion,
        Self::Reconnaissance,
        Self::RiskyConfiguration,
    ];

    /// What the objective is, in words for a board.
    pub fn phrase(self) -> &'static str {
        match self {
            Self::DataTheft => "attempts to copy data out of your accounts",
            Self::CredentialTheft => "attempts to steal or misuse credentials",
            Self::RemoteControl => {
                "attempts to run attackers' programs or control your servers from outside"
            }
            Self::CryptoMining => "using your servers to mine cryptocurrency",
            Self::Disruption => "attempts to disrupt or damage your services",
            Self::Foothold => "attempts to keep a foothold or gain more permissions",
            Self::BreakIn => "attempts to get into your systems without permission",
            Self::Evasion => "attempts to hide activity, such as switching off logging",
            Self::Reconnaissance => "scanning and mapping your systems for weaknesses",
            Self::RiskyConfiguration => "risky settings that make an attack easier",
        }
    }

    /// A stable token for tests and the UI.
    pub fn slug(self) -> &'static str {
        match self {
            Self::DataTheft => "data-theft",
            Self::CredentialTheft => "credential-theft",
            Self::RemoteControl => "remote-control",
            Self::CryptoMining => "crypto-mining",
            Self::Disruption => "disruption",
            Self::Foothold => "foothold",
            Self::BreakIn => "break-in",
            Self::Evasion => "evasion",
            Self::Reconnaissance => "reconnaissance",
            Self::RiskyConfiguration => "risky-configuration",
        }
    }
}

/// Finding types that are about credentials whatever their ATT&CK tactic.
const CREDENTIAL_TYPES: [&str; 3] = [
    "UnauthorizedAccess:IAMUser/*",
    "AttackSequence:IAM/*",
    "*InstanceCredentialExfiltration*",
];

/// The objectives a finding points to, in [`Objective`] order, without repeats.
///
/// Rules (all that apply): the ATT&CK tactics from [`map_finding`] — Credential Access →
/// credential theft; Exfiltration or Collection → data theft; Command and Control or Execution
/// → remote control; Impact → cryptocurrency mining for `CryptoCurrency` types, else
/// disruption; Persistence or Privilege Escalation → foothold; Initial Access → break-in;
/// Defense Evasion → evasion; Reconnaissance or Discovery → reconnaissance. Besides:
/// `UnauthorizedAccess:IAMUser/*`, `AttackSequence:IAM/*` and `*InstanceCredentialExfiltration*`
/// → credential theft; `AttackSequence:S3/*` → data theft; `Policy` → risky configuration.
pub fn objectives_of(finding: &Finding) -> Vec<Objective> {
    let kind = &finding.finding_type;
    let purpose = kind.threat_purpose.trim();
    let crypto = purpose.eq_ignore_ascii_case("CryptoCurrency");
    let mut found: Vec<Objective> = Vec::new();
    for tactic in map_finding(finding).tactics {
        found.push(match tactic {
            Tactic::CredentialAccess => Objective::CredentialTheft,
            Tactic::Exfiltration | Tactic::Collection => Objective::DataTheft,
            Tactic::CommandAndControl | Tactic::Execution => Objective::RemoteControl,
            Tactic::Impact if crypto => Objective::CryptoMining,
            Tactic::Impact => Objective::Disruption,
            Tactic::Persistence | Tactic::PrivilegeEscalation => Objective::Foothold,
            Tactic::InitialAccess => Objective::BreakIn,
            Tactic::DefenseEvasion => Objective::Evasion,
            Tactic::Reconnaissance | Tactic::Discovery => Objective::Reconnaissance,
            Tactic::ResourceDevelopment | Tactic::LateralMovement => continue,
        });
    }
    if crypto {
        found.push(Objective::CryptoMining);
    }
    if is_credential_type(kind) {
        found.push(Objective::CredentialTheft);
    }
    if glob_matches("AttackSequence:S3/*", &kind.full) {
        found.push(Objective::DataTheft);
    }
    if purpose.eq_ignore_ascii_case("Policy") {
        found.push(Objective::RiskyConfiguration);
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Whether a finding type is about credentials whatever its ATT&CK tactics
/// (`UnauthorizedAccess:IAMUser/*`, `AttackSequence:IAM/*`, `*InstanceCredentialExfiltration*`):
/// with the Credential Access tactic, what [`is_credential_related`] reads.
pub fn is_credential_type(kind: &FindingType) -> bool {
    CREDENTIAL_TYPES.iter().any(|p| glob_matches(p, &kind.full))
}

/// Whether a finding is about credentials: it points to [`Objective::CredentialTheft`]
/// (CredentialAccess types, brute force, `UnauthorizedAccess:IAMUser/*`,
/// `InstanceCredentialExfiltration`, credential attack sequences).
pub fn is_credential_related(finding: &Finding) -> bool {
    objectives_of(finding).contains(&Objective::CredentialTheft)
}

/// Longest name (resource, network …) written into a sentence; longer ones are cut with "…".
pub const NAME_LIMIT_CHARS: usize = 64;

/// A name fit for a sentence: trimmed, control characters dropped, cut at
/// [`NAME_LIMIT_CHARS`] characters with "…".
pub fn tidy_name(name: &str) -> String {
    let cleaned: String = name.trim().chars().filter(|c| !c.is_control()).collect();
    if cleaned.chars().count() <= NAME_LIMIT_CHARS {
        return cleaned;
    }
    let mut cut: String = cleaned.chars().take(NAME_LIMIT_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// [`tidy_name`] without allocating when the name is already tidy (trimmed, no control
/// characters, short enough), as most are.
pub(crate) fn tidied(name: &str) -> Cow<'_, str> {
    let trimmed = name.trim();
    let mut chars = 0;
    for c in trimmed.chars() {
        chars += 1;
        if c.is_control() || chars > NAME_LIMIT_CHARS {
            return Cow::Owned(tidy_name(name));
        }
    }
    Cow::Borrowed(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FindingType, Text};

    fn finding(kind: &str) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        Finding::new("x".into(), kind, 5.0, Dialect::CamelCase)
    }

    fn slugs(kind: &str) -> Vec<&'static str> {
        objectives_of(&finding(kind))
            .into_iter()
            .map(Objective::slug)
            .collect()
    }

    #[test]
    fn objectives_follow_the_documented_rules() {
        assert_eq!(
            slugs("CryptoCurrency:EC2/BitcoinTool.B!DNS"),
            ["crypto-mining"]
        );
        assert_eq!(
            slugs("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS"),
            ["credential-theft"]
        );
        assert_eq!(
            slugs("UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B"),
            ["credential-theft", "break-in"]
        );
        assert_eq!(
            slugs("UnauthorizedAccess:EC2/SSHBruteForce"),
            ["credential-theft"]
        );
        assert_eq!(slugs("Trojan:EC2/DNSDataExfiltration"), ["data-theft"]);
        assert_eq!(slugs("Backdoor:EC2/DenialOfService.Tcp"), ["disruption"]);
        assert_eq!(
            slugs("Recon:EC2/PortProbeUnprotectedPort"),
            ["reconnaissance"]
        );
        assert_eq!(
            slugs("Policy:S3/BucketBlockPublicAccessDisabled"),
            ["risky-configuration"]
        );
        assert_eq!(
            slugs("AttackSequence:S3/CompromisedData"),
            ["data-theft"],
            "an attack sequence without indicators still has an objective"
        );
        assert!(slugs("Object:S3/MaliciousFile").is_empty());
        assert!(slugs("").is_empty());
    }

    #[test]
    fn credential_related_covers_the_brief_examples() {
        for kind in [
            "CredentialAccess:IAMUser/AnomalousBehavior",
            "CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin",
            "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
            "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS",
            "AttackSequence:IAM/CompromisedCredentials",
        ] {
            assert!(is_credential_related(&finding(kind)), "{kind}");
        }
        assert!(!is_credential_related(&finding("Recon:EC2/Portscan")));
    }

    #[test]
    fn nouns_are_lower_case_and_pluralised() {
        assert_eq!(kind_noun(ResourceKind::Instance, 1), "EC2 instance");
        assert_eq!(kind_noun(ResourceKind::Instance, 2), "EC2 instances");
        assert_eq!(kind_noun(ResourceKind::AccessKey, 3), "access keys");
        assert_eq!(resource_type_plural("Instance"), "EC2 instances");
        assert_eq!(resource_type_plural("NewThing"), "NewThing");
        assert_eq!(purpose_phrase("cryptocurrency"), "cryptocurrency mining");
        assert_eq!(purpose_phrase("Zzz"), "Zzz activity");
        assert_eq!(purpose_phrase(""), "other suspicious activity");
        assert_eq!(
            purpose_phrase("LateralMovement"),
            "attackers moving from one resource to the next"
        );
    }

    #[test]
    fn long_or_odd_names_are_tidied() {
        assert_eq!(tidy_name("  web-1\n"), "web-1");
        let long = "x".repeat(200);
        assert_eq!(tidy_name(&long).chars().count(), NAME_LIMIT_CHARS);
        assert!(tidy_name(&long).ends_with('…'));
    }
}
