//! The Cloud Security Alliance's "Top Threats to Cloud Computing: Egregious Eleven" (2019) as a
//! lens on findings: which of the eleven threats each finding type is evidence of.
//!
//! GuardDuty reports activity, so the mapping reads each type as evidence of the threat it
//! shows being realised. Rules are checked in order; a finding gets every threat of the first
//! matching rule. Globs are over the full finding type.
//!
//! | finding type | threats |
//! |---|---|
//! | AttackSequence:IAM/* | account hijacking; insufficient identity, credential, access and key management |
//! | AttackSequence:S3/* | data breaches; account hijacking |
//! | AttackSequence:* (EC2, ECS, EKS) | abuse and nefarious use of cloud services |
//! | Trojan:EC2/DNSDataExfiltration*, Trojan:EC2/DropPoint* | data breaches; abuse and nefarious use |
//! | UnauthorizedAccess:EC2/SSHBruteForce*, RDPBruteForce* | misconfiguration and inadequate change control; insufficient IAM |
//! | UnauthorizedAccess:EC2/MetadataDNSRebind* | insecure interfaces and APIs |
//! | UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration* | account hijacking; insufficient IAM |
//! | Recon:EC2/PortProbe* | misconfiguration and inadequate change control (an unprotected port) |
//! | Recon:EC2/Portscan* | abuse and nefarious use (your instance scans others) |
//! | Policy:IAMUser/* | misconfiguration; insufficient IAM |
//! | Policy:* | misconfiguration and inadequate change control |
//! | Exfiltration:* | data breaches |
//! | Impact:S3/* | data breaches |
//! | Impact:EC2/*, Impact:SES/* | abuse and nefarious use |
//! | Impact:IAMUser/AnomalousModelInvocation*, CostHarvesting*, PromptInjection* (AI protection) | account hijacking; abuse and nefarious use |
//! | Impact:* | account hijacking |
//! | CredentialAccess:*, Persistence:*, PrivilegeEscalation:*, InitialAccess:*, LateralMovement:* | account hijacking; insufficient IAM |
//! | UnauthorizedAccess:EC2/* | abuse and nefarious use (Tor, malicious callers) |
//! | UnauthorizedAccess:* (IAMUser, S3, RDS, Kubernetes, Lambda …) | account hijacking; insufficient IAM |
//! | Recon:*, Discovery:*, PenTest:* (API calls with a credential) | account hijacking |
//! | Stealth:*, DefenseEvasion:*, DefenseImpairment:* | limited cloud usage visibility; misconfiguration |
//! | Backdoor:*, Trojan:*, CryptoCurrency:*, Execution:*, Object:*, ResourceDevelopment:* | abuse and nefarious use of cloud services |
//! | Behavior:* | limited cloud usage visibility (unexplained usage) |
//!
//! Lack of cloud security architecture and strategy, insider threat, weak control plane and
//! metastructure and applistructure failures describe how an organisation or provider is set
//! up; no single GuardDuty finding is evidence of them, so they stay at zero and the UI should
//! say so rather than hide them.

use super::breakdown::{ordered_breakdown, Breakdown, Dimension};
use crate::model::Finding;

use super::risk::rules::glob_matches;

/// The eleven threats, in the CSA's published order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CsaThreat {
    DataBreaches,
    MisconfigurationAndInadequateChangeControl,
    LackOfCloudSecurityArchitectureAndStrategy,
    InsufficientIdentityCredentialAccessAndKeyManagement,
    AccountHijacking,
    InsiderThreat,
    InsecureInterfacesAndApis,
    WeakControlPlane,
    MetastructureAndApplistructureFailures,
    LimitedCloudUsageVisibility,
    AbuseAndNefariousUseOfCloudServices,
}

impl CsaThreat {
    /// All eleven, in the CSA's order.
    pub const ALL: [CsaThreat; 11] = [
        Self::DataBreaches,
        Self::MisconfigurationAndInadequateChangeControl,
        Self::LackOfCloudSecurityArchitectureAndStrategy,
        Self::InsufficientIdentityCredentialAccessAndKeyManagement,
        Self::AccountHijacking,
        Self::InsiderThreat,
        Self::InsecureInterfacesAndApis,
        Self::WeakControlPlane,
        Self::MetastructureAndApplistructureFailures,
        Self::LimitedCloudUsageVisibility,
        Self::AbuseAndNefariousUseOfCloudServices,
    ];

    /// The CSA's title for the threat.
    pub fn name(self) -> &'static str {
        match self {
            Self::DataBreaches => "Data Breaches",
            Self::MisconfigurationAndInadequateChangeControl => {
                "Misconfiguration and Inadequate Change Control"
            }
            Self::LackOfCloudSecurityArchitectureAndStrategy => {
                "Lack of Cloud Security Architecture and Strategy"
            }
            Self::InsufficientIdentityCredentialAccessAndKeyManagement => {
                "Insufficient Identity, Credential, Access and Key Management"
            }
            Self::AccountHijacking => "Account Hijacking",
            Self::InsiderThreat => "Insider Threat",
            Self::InsecureInterfacesAndApis => "Insecure Interfaces and APIs",
            Self::WeakControlPlane => "Weak Control Plane",
            Self::MetastructureAndApplistructureFailures => {
                "Metastructure and Applistructure Failures"
            }
            Self::LimitedCloudUsageVisibility => "Limited Cloud Usage Visibility",
            Self::AbuseAndNefariousUseOfCloudServices => {
                "Abuse and Nefarious Use of Cloud Services"
            }
        }
    }

    /// The threat's number in the CSA list (1–11).
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }

    /// A lower-case token for CSS classes and test ids.
    pub fn slug(self) -> &'static str {
        match self {
            Self::DataBreaches => "data-breaches",
            Self::MisconfigurationAndInadequateChangeControl => "misconfiguration",
            Self::LackOfCloudSecurityArchitectureAndStrategy => "architecture-and-strategy",
            Self::InsufficientIdentityCredentialAccessAndKeyManagement => "identity-and-keys",
            Self::AccountHijacking => "account-hijacking",
            Self::InsiderThreat => "insider-threat",
            Self::InsecureInterfacesAndApis => "interfaces-and-apis",
            Self::WeakControlPlane => "control-plane",
            Self::MetastructureAndApplistructureFailures => "metastructure",
            Self::LimitedCloudUsageVisibility => "usage-visibility",
            Self::AbuseAndNefariousUseOfCloudServices => "abuse-of-services",
        }
    }
}

/// The CSA source the names and order come from.
pub const SOURCE: &str = "Cloud Security Alliance, Top Threats to Cloud Computing: Egregious Eleven (2019), https://cloudsecurityalliance.org/artifacts/top-threats-to-cloud-computing-egregious-eleven";

/// The mapping rules of the module table, in order.
const RULES: &[(&[&str], &[CsaThreat])] = {
    use CsaThreat::*;
    const IAM: CsaThreat = InsufficientIdentityCredentialAccessAndKeyManagement;
    const MISCONFIGURATION: CsaThreat = MisconfigurationAndInadequateChangeControl;
    const ABUSE: CsaThreat = AbuseAndNefariousUseOfCloudServices;
    &[
        (&["AttackSequence:IAM/*"], &[AccountHijacking, IAM]),
        (&["AttackSequence:S3/*"], &[DataBreaches, AccountHijacking]),
        (&["AttackSequence:*"], &[ABUSE]),
        (
            &["Trojan:EC2/DNSDataExfiltration*", "Trojan:EC2/DropPoint*"],
            &[DataBreaches, ABUSE],
        ),
        (
            &[
                "UnauthorizedAccess:EC2/SSHBruteForce*",
                "UnauthorizedAccess:EC2/RDPBruteForce*",
            ],
            &[MISCONFIGURATION, IAM],
        ),
        (
            &["UnauthorizedAccess:EC2/MetadataDNSRebind*"],
            &[InsecureInterfacesAndApis],
        ),
        (
            &["UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration*"],
            &[AccountHijacking, IAM],
        ),
        (&["Recon:EC2/PortProbe*"], &[MISCONFIGURATION]),
        (&["Recon:EC2/Portscan*"], &[ABUSE]),
        (&["Policy:IAMUser/*"], &[MISCONFIGURATION, IAM]),
        (&["Policy:*"], &[MISCONFIGURATION]),
        (&["Exfiltration:*", "Impact:S3/*"], &[DataBreaches]),
        (&["Impact:EC2/*", "Impact:SES/*"], &[ABUSE]),
        (
            &[
                "Impact:IAMUser/AnomalousModelInvocation*",
                "Impact:IAMUser/CostHarvesting*",
                "Impact:IAMUser/PromptInjection*",
            ],
            &[AccountHijacking, ABUSE],
        ),
        (&["Impact:*"], &[AccountHijacking]),
        (
            &[
                "CredentialAccess:*",
                "Persistence:*",
                "PrivilegeEscalation:*",
                "InitialAccess:*",
                "LateralMovement:*",
            ],
            &[AccountHijacking, IAM],
        ),
        (&["UnauthorizedAccess:EC2/*"], &[ABUSE]),
        (&["UnauthorizedAccess:*"], &[AccountHijacking, IAM]),
        (
            &["Recon:*", "Discovery:*", "PenTest:*"],
            &[AccountHijacking],
        ),
        (
            &["Stealth:*", "DefenseEvasion:*", "DefenseImpairment:*"],
            &[LimitedCloudUsageVisibility, MISCONFIGURATION],
        ),
        (
            &[
                "Backdoor:*",
                "Trojan:*",
                "CryptoCurrency:*",
                "Execution:*",
                "Object:*",
                "ResourceDevelopment:*",
            ],
            &[ABUSE],
        ),
        (&["Behavior:*"], &[LimitedCloudUsageVisibility]),
    ]
};

/// The threats one finding is evidence of, in CSA order (empty for types no rule covers).
pub fn threats_of(finding: &Finding) -> Vec<CsaThreat> {
    threats_of_type(&finding.finding_type.full)
}

/// The threats a full finding type maps to (a rollup row has only its type).
pub fn threats_of_type(full_type: &str) -> Vec<CsaThreat> {
    let kind = full_type.trim();
    let mut threats: Vec<CsaThreat> = RULES
        .iter()
        .find(|(patterns, _)| patterns.iter().any(|p| glob_matches(p, kind)))
        .map(|(_, threats)| threats.to_vec())
        .unwrap_or_default();
    threats.sort_unstable();
    threats.dedup();
    threats
}

/// Selected findings per threat, all eleven listed in CSA order. A finding counts once under
/// each threat it maps to.
pub fn csa_counts(findings: &[Finding], selected: &[u32]) -> Vec<(CsaThreat, u32)> {
    let rows = csa_breakdown(findings, selected).rows;
    CsaThreat::ALL
        .into_iter()
        .zip(rows.iter().map(|row| row.total()))
        .collect()
}

/// Findings per threat in the CSA list's order, split by severity band (for the chart).
pub fn csa_breakdown(findings: &[Finding], selected: &[u32]) -> Breakdown {
    let labels: Vec<&str> = CsaThreat::ALL.iter().map(|t| t.name()).collect();
    ordered_breakdown(
        findings,
        selected,
        Dimension::CsaThreat,
        &labels,
        |finding| {
            threats_of(finding)
                .into_iter()
                .map(|t| t as usize)
                .collect()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::CsaThreat::*;
    use super::*;
    use crate::model::{Dialect, FindingType, Text};

    fn finding(kind: &str) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        Finding::new("f".into(), kind, 5.0, Dialect::CamelCase)
    }

    #[test]
    fn the_eleven_threats_are_named_in_csa_order() {
        let names: Vec<&str> = CsaThreat::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(
            names,
            [
                "Data Breaches",
                "Misconfiguration and Inadequate Change Control",
                "Lack of Cloud Security Architecture and Strategy",
                "Insufficient Identity, Credential, Access and Key Management",
                "Account Hijacking",
                "Insider Threat",
                "Insecure Interfaces and APIs",
                "Weak Control Plane",
                "Metastructure and Applistructure Failures",
                "Limited Cloud Usage Visibility",
                "Abuse and Nefarious Use of Cloud Services",
            ]
        );
        assert_eq!(DataBreaches.rank(), 1);
        assert_eq!(AbuseAndNefariousUseOfCloudServices.rank(), 11);
    }

    #[test]
    fn representative_types_map_to_the_documented_threats() {
        let iam = InsufficientIdentityCredentialAccessAndKeyManagement;
        let cases: Vec<(&str, Vec<CsaThreat>)> = vec![
            ("Exfiltration:S3/MaliciousIPCaller", vec![DataBreaches]),
            ("Impact:S3/AnomalousBehavior.Delete", vec![DataBreaches]),
            (
                "Policy:S3/BucketBlockPublicAccessDisabled",
                vec![MisconfigurationAndInadequateChangeControl],
            ),
            (
                "Policy:IAMUser/RootCredentialUsage",
                vec![MisconfigurationAndInadequateChangeControl, iam],
            ),
            (
                "CredentialAccess:IAMUser/AnomalousBehavior",
                vec![iam, AccountHijacking],
            ),
            (
                "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
                vec![iam, AccountHijacking],
            ),
            (
                "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
                vec![iam, AccountHijacking],
            ),
            (
                "UnauthorizedAccess:EC2/SSHBruteForce",
                vec![MisconfigurationAndInadequateChangeControl, iam],
            ),
            (
                "UnauthorizedAccess:EC2/MetadataDNSRebind",
                vec![InsecureInterfacesAndApis],
            ),
            (
                "UnauthorizedAccess:EC2/TorClient",
                vec![AbuseAndNefariousUseOfCloudServices],
            ),
            (
                "Recon:EC2/PortProbeUnprotectedPort",
                vec![MisconfigurationAndInadequateChangeControl],
            ),
            (
                "Recon:EC2/Portscan",
                vec![AbuseAndNefariousUseOfCloudServices],
            ),
            ("Recon:IAMUser/UserPermissions", vec![AccountHijacking]),
            (
                "Stealth:IAMUser/CloudTrailLoggingDisabled",
                vec![
                    MisconfigurationAndInadequateChangeControl,
                    LimitedCloudUsageVisibility,
                ],
            ),
            (
                "CryptoCurrency:EC2/BitcoinTool.B!DNS",
                vec![AbuseAndNefariousUseOfCloudServices],
            ),
            (
                "Backdoor:EC2/C&CActivity.B",
                vec![AbuseAndNefariousUseOfCloudServices],
            ),
            (
                "Trojan:EC2/DNSDataExfiltration",
                vec![DataBreaches, AbuseAndNefariousUseOfCloudServices],
            ),
            (
                "Behavior:EC2/NetworkPortUnusual",
                vec![LimitedCloudUsageVisibility],
            ),
            (
                "AttackSequence:IAM/CompromisedCredentials",
                vec![iam, AccountHijacking],
            ),
            (
                "AttackSequence:S3/CompromisedData",
                vec![DataBreaches, AccountHijacking],
            ),
            (
                "AttackSequence:EKS/CompromisedCluster",
                vec![AbuseAndNefariousUseOfCloudServices],
            ),
            ("something odd", vec![]),
        ];
        for (kind, threats) in cases {
            assert_eq!(threats_of(&finding(kind)), threats, "{kind}");
        }
    }

    #[test]
    fn counts_list_all_eleven_threats_in_order() {
        let findings = vec![
            finding("Exfiltration:S3/MaliciousIPCaller"),
            finding("Exfiltration:S3/AnomalousBehavior"),
            finding("CredentialAccess:IAMUser/AnomalousBehavior"),
            finding("unmapped"),
        ];
        let counts = csa_counts(&findings, &[0, 1, 2, 3, 7]);
        let order: Vec<CsaThreat> = counts.iter().map(|(t, _)| *t).collect();
        assert_eq!(order, CsaThreat::ALL);
        assert_eq!(counts[0], (DataBreaches, 2));
        assert_eq!(counts[3].1, 1);
        assert_eq!(counts[4], (AccountHijacking, 1));
        assert_eq!(counts.iter().map(|(_, n)| n).sum::<u32>(), 4);
    }
}
