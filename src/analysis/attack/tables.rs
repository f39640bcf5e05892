//! The ATT&CK mapping tables: finding-type rules and threat-purpose tactics (the module table
//! of `analysis::attack` documents both).

use super::Tactic;

/// Specific finding types (globs over the full type, first match wins) with their tactics and
/// techniques; see the module table.
pub(super) const TYPE_RULES: &[(&str, &[Tactic], &[&str])] = {
    use Tactic::*;
    &[
        ("CryptoCurrency:*", &[Impact], &["T1496"]),
        (
            "UnauthorizedAccess:EC2/SSHBruteForce*",
            &[CredentialAccess],
            &["T1110"],
        ),
        (
            "UnauthorizedAccess:EC2/RDPBruteForce*",
            &[CredentialAccess],
            &["T1110"],
        ),
        (
            "UnauthorizedAccess:EC2/TorClient*",
            &[CommandAndControl],
            &["T1090.003"],
        ),
        (
            "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration*",
            &[CredentialAccess],
            &["T1552.005"],
        ),
        (
            "Stealth:IAMUser/CloudTrailLoggingDisabled*",
            &[DefenseEvasion],
            &["T1562.008"],
        ),
        (
            "Stealth:S3/ServerAccessLoggingDisabled*",
            &[DefenseEvasion],
            &["T1562.008"],
        ),
        ("Recon:EC2/Portscan*", &[Discovery], &["T1046"]),
        ("Recon:EC2/PortProbe*", &[Reconnaissance], &["T1595"]),
        ("Recon:IAMUser/*", &[Discovery], &[]),
        (
            "Trojan:EC2/DGADomainRequest*",
            &[CommandAndControl],
            &["T1568.002"],
        ),
        (
            "Trojan:EC2/DNSDataExfiltration*",
            &[Exfiltration],
            &["T1048"],
        ),
        ("Trojan:EC2/DropPoint*", &[Exfiltration], &[]),
        ("Backdoor:EC2/DenialOfService*", &[Impact], &["T1498"]),
        ("Exfiltration:S3/*", &[Exfiltration, Collection], &["T1530"]),
        ("Discovery:S3/*", &[Discovery], &["T1619"]),
        ("Impact:IAMUser/CostHarvesting*", &[Impact], &["T1496"]),
        ("Impact:SES/ResourceHijacking*", &[Impact], &["T1496"]),
        (
            "Exfiltration:*/TransferDataToCloudAccount*",
            &[Exfiltration],
            &["T1537"],
        ),
        (
            "DefenseImpairment:*/DisableOrModifyTools*",
            &[DefenseEvasion],
            &["T1562.001"],
        ),
        (
            "InitialAccess:*/ValidAccounts*",
            &[InitialAccess],
            &["T1078"],
        ),
        (
            "LateralMovement:*/RemoteServices*",
            &[LateralMovement],
            &["T1021"],
        ),
        ("*:*/AccountManipulation*", &[], &["T1098"]),
    ]
};

/// Threat purposes (compared ignoring case) and their tactics; see the module table.
pub(super) const PURPOSE_TACTICS: &[(&str, &[Tactic])] = {
    use Tactic::*;
    &[
        ("Recon", &[Reconnaissance]),
        ("UnauthorizedAccess", &[InitialAccess]),
        ("InitialAccess", &[InitialAccess]),
        ("CredentialAccess", &[CredentialAccess]),
        ("Backdoor", &[CommandAndControl]),
        ("Trojan", &[CommandAndControl]),
        ("CryptoCurrency", &[Impact]),
        ("Impact", &[Impact]),
        ("Exfiltration", &[Exfiltration]),
        ("Persistence", &[Persistence]),
        ("PrivilegeEscalation", &[PrivilegeEscalation]),
        ("DefenseEvasion", &[DefenseEvasion]),
        ("Stealth", &[DefenseEvasion]),
        ("DefenseImpairment", &[DefenseEvasion]),
        ("Discovery", &[Discovery]),
        ("PenTest", &[Discovery]),
        ("Execution", &[Execution]),
        ("LateralMovement", &[LateralMovement]),
        ("ResourceDevelopment", &[ResourceDevelopment]),
    ]
};
