//! MITRE ATT&CK (Enterprise) view of findings: tactics and techniques per finding, tactic
//! counts in kill-chain order, and an ATT&CK Navigator layer (format 4.5) for export.
//!
//! Tactics come from the threat purpose; specific finding types and attack-sequence
//! indicators (`ATTACK_TACTIC`, `ATTACK_TECHNIQUE`) refine them. Only technique pairings we are
//! confident of are listed; everything else maps to tactics alone.
//!
//! | threat purpose | tactic |
//! |---|---|
//! | Recon | reconnaissance (Recon:IAMUser/* → discovery: API enumeration with a valid credential) |
//! | UnauthorizedAccess, InitialAccess | initial-access |
//! | CredentialAccess | credential-access |
//! | Backdoor, Trojan | command-and-control |
//! | CryptoCurrency, Impact | impact |
//! | Exfiltration | exfiltration |
//! | Persistence | persistence |
//! | PrivilegeEscalation | privilege-escalation |
//! | DefenseEvasion, Stealth, DefenseImpairment | defense-evasion |
//! | Discovery, PenTest | discovery (penetration-testing tools enumerating the account) |
//! | Execution | execution |
//! | LateralMovement | lateral-movement |
//! | ResourceDevelopment | resource-development |
//! | Policy, Behavior, Object | none (configuration, unexplained anomalies, malicious files at rest) |
//! | AttackSequence | the `ATTACK_TACTIC` indicators |
//!
//! | finding type | tactic | technique |
//! |---|---|---|
//! | CryptoCurrency:* | impact | T1496 Resource Hijacking |
//! | UnauthorizedAccess:EC2/SSHBruteForce, RDPBruteForce | credential-access | T1110 Brute Force |
//! | UnauthorizedAccess:EC2/TorClient | command-and-control | T1090.003 Multi-hop Proxy |
//! | UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.* | credential-access | T1552.005 Cloud Instance Metadata API |
//! | Stealth:IAMUser/CloudTrailLoggingDisabled, Stealth:S3/ServerAccessLoggingDisabled | defense-evasion | T1562.008 Disable or Modify Cloud Logs |
//! | Recon:EC2/Portscan | discovery | T1046 Network Service Discovery |
//! | Recon:EC2/PortProbe* | reconnaissance | T1595 Active Scanning |
//! | Trojan:EC2/DGADomainRequest.* | command-and-control | T1568.002 Domain Generation Algorithms |
//! | Trojan:EC2/DNSDataExfiltration | exfiltration | T1048 Exfiltration Over Alternative Protocol |
//! | Trojan:EC2/DropPoint | exfiltration | — |
//! | Backdoor:EC2/DenialOfService.* | impact | T1498 Network Denial of Service |
//! | Exfiltration:S3/* | exfiltration, collection | T1530 Data from Cloud Storage |
//! | Discovery:S3/* | discovery | T1619 Cloud Storage Object Discovery |
//! | Impact:IAMUser/CostHarvesting, Impact:SES/ResourceHijacking | impact | T1496 Resource Hijacking |
//! | *:*/TransferDataToCloudAccount (custom detection) | exfiltration | T1537 Transfer Data to Cloud Account |
//! | DefenseImpairment:*/DisableOrModifyTools | defense-evasion | T1562.001 Disable or Modify Tools |
//! | InitialAccess:*/ValidAccounts | initial-access | T1078 Valid Accounts |
//! | LateralMovement:*/RemoteServices | lateral-movement | T1021 Remote Services |
//! | *:*/AccountManipulation | (the purpose's tactic) | T1098 Account Manipulation |

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::breakdown::{ordered_breakdown, Breakdown, Dimension};
use crate::model::{Finding, FindingType};

use super::risk::rules::glob_matches;

mod tables;
use tables::{PURPOSE_TACTICS, TYPE_RULES};

/// The fourteen Enterprise ATT&CK tactics, in kill-chain order (the Navigator's column order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tactic {
    Reconnaissance,
    ResourceDevelopment,
    InitialAccess,
    Execution,
    Persistence,
    PrivilegeEscalation,
    DefenseEvasion,
    CredentialAccess,
    Discovery,
    LateralMovement,
    Collection,
    CommandAndControl,
    Exfiltration,
    Impact,
}

impl Tactic {
    /// All tactics in kill-chain order.
    pub const ALL: [Tactic; 14] = [
        Self::Reconnaissance,
        Self::ResourceDevelopment,
        Self::InitialAccess,
        Self::Execution,
        Self::Persistence,
        Self::PrivilegeEscalation,
        Self::DefenseEvasion,
        Self::CredentialAccess,
        Self::Discovery,
        Self::LateralMovement,
        Self::Collection,
        Self::CommandAndControl,
        Self::Exfiltration,
        Self::Impact,
    ];

    /// The ATT&CK shortname the Navigator uses (`initial-access` …).
    pub fn shortname(self) -> &'static str {
        match self {
            Self::Reconnaissance => "reconnaissance",
            Self::ResourceDevelopment => "resource-development",
            Self::InitialAccess => "initial-access",
            Self::Execution => "execution",
            Self::Persistence => "persistence",
            Self::PrivilegeEscalation => "privilege-escalation",
            Self::DefenseEvasion => "defense-evasion",
            Self::CredentialAccess => "credential-access",
            Self::Discovery => "discovery",
            Self::LateralMovement => "lateral-movement",
            Self::Collection => "collection",
            Self::CommandAndControl => "command-and-control",
            Self::Exfiltration => "exfiltration",
            Self::Impact => "impact",
        }
    }

    /// The English name (`Initial Access` …).
    pub fn name(self) -> &'static str {
        match self {
            Self::Reconnaissance => "Reconnaissance",
            Self::ResourceDevelopment => "Resource Development",
            Self::InitialAccess => "Initial Access",
            Self::Execution => "Execution",
            Self::Persistence => "Persistence",
            Self::PrivilegeEscalation => "Privilege Escalation",
            Self::DefenseEvasion => "Defense Evasion",
            Self::CredentialAccess => "Credential Access",
            Self::Discovery => "Discovery",
            Self::LateralMovement => "Lateral Movement",
            Self::Collection => "Collection",
            Self::CommandAndControl => "Command and Control",
            Self::Exfiltration => "Exfiltration",
            Self::Impact => "Impact",
        }
    }

    /// The ATT&CK tactic id (`TA0001` …).
    pub fn id(self) -> &'static str {
        match self {
            Self::Reconnaissance => "TA0043",
            Self::ResourceDevelopment => "TA0042",
            Self::InitialAccess => "TA0001",
            Self::Execution => "TA0002",
            Self::Persistence => "TA0003",
            Self::PrivilegeEscalation => "TA0004",
            Self::DefenseEvasion => "TA0005",
            Self::CredentialAccess => "TA0006",
            Self::Discovery => "TA0007",
            Self::LateralMovement => "TA0008",
            Self::Collection => "TA0009",
            Self::CommandAndControl => "TA0011",
            Self::Exfiltration => "TA0010",
            Self::Impact => "TA0040",
        }
    }

    /// Reads a tactic as indicators spell it: a name (`Initial Access`, `InitialAccess`,
    /// `initial_access`), a shortname or an id, ignoring case.
    pub fn parse(text: &str) -> Option<Self> {
        let mut key = String::new();
        let mut previous_lower = false;
        for c in text.trim().chars() {
            if c.is_ascii_uppercase() && previous_lower {
                key.push('-');
            }
            previous_lower = c.is_ascii_lowercase();
            match c {
                ' ' | '_' | '-' => {
                    if !key.ends_with('-') {
                        key.push('-');
                    }
                }
                '&' => key.push_str("and"),
                _ => key.push(c.to_ascii_lowercase()),
            }
        }
        // "Command & Control" and "C2"-less spellings such as "Command-Control" mean the same.
        let key = if key == "command-control" {
            "command-and-control".to_owned()
        } else {
            key
        };
        Self::ALL
            .into_iter()
            .find(|t| t.shortname() == key || t.id().eq_ignore_ascii_case(&key))
    }
}

/// Techniques this module names, with the tactics ATT&CK lists them under and their names.
/// A technique from an attack-sequence indicator that is not here keeps its id but no tactic.
const KNOWN_TECHNIQUES: &[(&str, &str, &[Tactic])] = {
    use Tactic::*;
    &[
        ("T1021", "Remote Services", &[LateralMovement]),
        ("T1046", "Network Service Discovery", &[Discovery]),
        (
            "T1048",
            "Exfiltration Over Alternative Protocol",
            &[Exfiltration],
        ),
        (
            "T1078",
            "Valid Accounts",
            &[
                DefenseEvasion,
                Persistence,
                PrivilegeEscalation,
                InitialAccess,
            ],
        ),
        (
            "T1078.004",
            "Valid Accounts: Cloud Accounts",
            &[
                DefenseEvasion,
                Persistence,
                PrivilegeEscalation,
                InitialAccess,
            ],
        ),
        ("T1087", "Account Discovery", &[Discovery]),
        ("T1090.003", "Proxy: Multi-hop Proxy", &[CommandAndControl]),
        (
            "T1098",
            "Account Manipulation",
            &[Persistence, PrivilegeEscalation],
        ),
        ("T1110", "Brute Force", &[CredentialAccess]),
        ("T1496", "Resource Hijacking", &[Impact]),
        ("T1498", "Network Denial of Service", &[Impact]),
        ("T1530", "Data from Cloud Storage", &[Collection]),
        ("T1537", "Transfer Data to Cloud Account", &[Exfiltration]),
        (
            "T1552.005",
            "Unsecured Credentials: Cloud Instance Metadata API",
            &[CredentialAccess],
        ),
        (
            "T1562.001",
            "Impair Defenses: Disable or Modify Tools",
            &[DefenseEvasion],
        ),
        (
            "T1562.008",
            "Impair Defenses: Disable or Modify Cloud Logs",
            &[DefenseEvasion],
        ),
        (
            "T1568.002",
            "Dynamic Resolution: Domain Generation Algorithms",
            &[CommandAndControl],
        ),
        ("T1595", "Active Scanning", &[Reconnaissance]),
        ("T1619", "Cloud Storage Object Discovery", &[Discovery]),
    ]
};

/// The tactics ATT&CK lists a known technique under (empty for techniques not listed here).
pub fn technique_tactics(technique_id: &str) -> &'static [Tactic] {
    KNOWN_TECHNIQUES
        .iter()
        .find(|(id, _, _)| *id == technique_id)
        .map_or(&[], |(_, _, tactics)| tactics)
}

/// The name of a known technique.
pub fn technique_name(technique_id: &str) -> Option<&'static str> {
    KNOWN_TECHNIQUES
        .iter()
        .find(|(id, _, _)| *id == technique_id)
        .map(|(_, name, _)| *name)
}

/// The technique id at the start of `text` (`T1078`, `t1078.004 Valid Accounts` …), upper-cased,
/// or `None` when the text does not start with one.
pub fn technique_id(text: &str) -> Option<String> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    if !bytes.first().is_some_and(|b| b.eq_ignore_ascii_case(&b'T')) || !digits(1..5) {
        return None;
    }
    let mut end = 5;
    if bytes.get(5) == Some(&b'.') && digits(6..9) {
        end = 9;
    }
    if bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    text.get(..end).map(str::to_ascii_uppercase)
}

/// One finding's place in ATT&CK.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttackMapping {
    /// In kill-chain order, without repeats.
    pub tactics: Vec<Tactic>,
    /// Technique ids (`T1110`, `T1562.008`), sorted, without repeats.
    pub techniques: Vec<String>,
}

/// Maps a finding type alone (a type rule if one matches, else its purpose): what a rollup row,
/// which has no attack-sequence indicators, can be mapped by.
pub fn map_type(kind: &FindingType) -> AttackMapping {
    let mut tactics: Vec<Tactic> = Vec::new();
    let mut techniques: Vec<String> = Vec::new();
    let rule = TYPE_RULES
        .iter()
        .find(|(pattern, _, _)| glob_matches(pattern, &kind.full));
    if let Some((_, rule_tactics, rule_techniques)) = rule {
        tactics.extend_from_slice(rule_tactics);
        techniques.extend(rule_techniques.iter().map(|t| (*t).to_owned()));
    }
    // A rule that names only a technique leaves the tactic to the threat purpose.
    if tactics.is_empty() {
        if let Some((_, purpose_tactics)) = PURPOSE_TACTICS
            .iter()
            .find(|(purpose, _)| purpose.eq_ignore_ascii_case(kind.threat_purpose.trim()))
        {
            tactics.extend_from_slice(purpose_tactics);
        }
    }
    sorted_mapping(tactics, techniques)
}

/// A mapping with its tactics and techniques sorted, each listed once.
fn sorted_mapping(mut tactics: Vec<Tactic>, mut techniques: Vec<String>) -> AttackMapping {
    tactics.sort_unstable();
    tactics.dedup();
    techniques.sort_unstable();
    techniques.dedup();
    AttackMapping {
        tactics,
        techniques,
    }
}

/// Maps one finding: a specific type rule if one matches, else its purpose; attack-sequence
/// indicators add their tactics and techniques.
pub fn map_finding(finding: &Finding) -> AttackMapping {
    let AttackMapping {
        mut tactics,
        mut techniques,
    } = map_type(&finding.finding_type);
    if let Some(sequence) = &finding.attack_sequence {
        tactics.extend(sequence.tactics.iter().filter_map(|t| Tactic::parse(t)));
        techniques.extend(sequence.techniques.iter().filter_map(|t| technique_id(t)));
        // A sequence that names techniques but not their tactics still places them.
        if sequence.tactics.is_empty() {
            for technique in &techniques {
                tactics.extend_from_slice(technique_tactics(technique));
            }
        }
    }
    sorted_mapping(tactics, techniques)
}

/// Selected findings per tactic, every tactic listed, in kill-chain order. A finding counts
/// once under each tactic it maps to, so the counts may add up to more than the selection.
pub fn tactic_counts(findings: &[Finding], selected: &[u32]) -> Vec<(Tactic, u32)> {
    let rows = tactic_breakdown(findings, selected).rows;
    Tactic::ALL
        .into_iter()
        .zip(rows.iter().map(|row| row.total()))
        .collect()
}

/// Findings per tactic in kill-chain order, split by severity band (for the tactic chart).
pub fn tactic_breakdown(findings: &[Finding], selected: &[u32]) -> Breakdown {
    let labels: Vec<&str> = Tactic::ALL.iter().map(|t| t.name()).collect();
    ordered_breakdown(findings, selected, Dimension::Tactic, &labels, |finding| {
        map_finding(finding)
            .tactics
            .into_iter()
            .map(|t| t as usize)
            .collect()
    })
}

/// The tactics a technique is shown under in a layer: those ATT&CK lists it under that the
/// finding also maps to, else all it is listed under, else none (the Navigator then marks the
/// technique under every tactic it belongs to).
fn layer_tactics(technique: &str, finding_tactics: &[Tactic]) -> Vec<Option<Tactic>> {
    let known = technique_tactics(technique);
    let shared: Vec<Option<Tactic>> = known
        .iter()
        .filter(|t| finding_tactics.contains(t))
        .map(|&t| Some(t))
        .collect();
    if !shared.is_empty() {
        shared
    } else if !known.is_empty() {
        known.iter().map(|&t| Some(t)).collect()
    } else {
        vec![None]
    }
}

/// How many finding types a technique's metadata lists before "… and N more".
const METADATA_TYPES_SHOWN: usize = 10;

/// Layer colours: white for no findings, deepening red for more.
const GRADIENT_COLORS: [&str; 3] = ["#ffffff", "#fc8d59", "#b30000"];

/// An ATT&CK Navigator layer (format 4.5, ATT&CK 16, Navigator 5.1.0) of the selected
/// findings: each technique's score is the number of findings naming it; its comment and
/// metadata list the finding types. Deterministic: no dates, sorted techniques.
pub fn navigator_layer(findings: &[Finding], selected: &[u32], name: &str) -> String {
    // (technique id, tactic) → finding type → findings.
    let mut cells: BTreeMap<(String, Option<Tactic>), BTreeMap<String, u32>> = BTreeMap::new();
    let mut mapped_findings = 0u32;
    let mut considered = 0u32;
    for finding in selected.iter().filter_map(|&i| findings.get(i as usize)) {
        considered += 1;
        let mapping = map_finding(finding);
        if !mapping.techniques.is_empty() {
            mapped_findings += 1;
        }
        for technique in &mapping.techniques {
            for tactic in layer_tactics(technique, &mapping.tactics) {
                *cells
                    .entry((technique.clone(), tactic))
                    .or_default()
                    .entry(finding.finding_type.full.to_string())
                    .or_insert(0) += 1;
            }
        }
    }
    let mut max_score = 1u32;
    let techniques: Vec<Value> = cells
        .into_iter()
        .map(|((technique, tactic), types)| {
            let score: u32 = types.values().sum();
            max_score = max_score.max(score);
            let mut by_count: Vec<(&String, &u32)> = types.iter().collect();
            by_count.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            let mut metadata = vec![json!({"name": "Findings", "value": score.to_string()})];
            if let Some(name) = technique_name(&technique) {
                metadata.push(json!({"name": "Technique", "value": name}));
            }
            for (kind, count) in by_count.iter().take(METADATA_TYPES_SHOWN) {
                metadata
                    .push(json!({"name": "Finding type", "value": format!("{kind} ({count})")}));
            }
            if by_count.len() > METADATA_TYPES_SHOWN {
                metadata.push(json!({
                    "name": "Finding type",
                    "value": format!("… and {} more", by_count.len() - METADATA_TYPES_SHOWN),
                }));
            }
            let comment = format!(
                "{score} GuardDuty finding{} of {} type{}",
                if score == 1 { "" } else { "s" },
                by_count.len(),
                if by_count.len() == 1 { "" } else { "s" },
            );
            let mut entry = json!({
                "techniqueID": technique,
                "score": score,
                "comment": comment,
                "enabled": true,
                "metadata": metadata,
                "showSubtechniques": technique.contains('.'),
            });
            if let (Some(tactic), Some(object)) = (tactic, entry.as_object_mut()) {
                object.insert("tactic".into(), json!(tactic.shortname()));
            }
            entry
        })
        .collect();
    let layer = json!({
        "name": name,
        "versions": {"attack": "16", "navigator": "5.1.0", "layer": "4.5"},
        "domain": "enterprise-attack",
        "description": format!(
            "Amazon GuardDuty findings mapped to MITRE ATT&CK by guardview: {mapped_findings} of {considered} findings name a technique. Score = number of findings."
        ),
        "sorting": 3,
        "layout": {
            "layout": "side",
            "aggregateFunction": "sum",
            "showID": true,
            "showName": true,
            "showAggregateScores": true,
            "countUnscored": false,
            "expandedSubtechniques": "annotated",
        },
        "hideDisabled": false,
        "techniques": techniques,
        "gradient": {"colors": GRADIENT_COLORS, "minValue": 0, "maxValue": max_score},
        "legendItems": [
            {"label": "1 finding", "color": GRADIENT_COLORS[1]},
            {"label": format!("{max_score} findings"), "color": GRADIENT_COLORS[2]},
        ],
        "metadata": [
            {"name": "Generated by", "value": "guardview"},
            {"name": "Findings", "value": considered.to_string()},
        ],
        "links": [],
        "showTacticRowBackground": false,
        "tacticRowBackground": "#dddddd",
        "selectTechniquesAcrossTactics": true,
        "selectSubtechniquesWithParent": false,
        "selectVisibleTechniques": false,
    });
    serde_json::to_string_pretty(&layer).unwrap_or_else(|_| "{}".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttackSequence, Dialect, FindingType, Text};

    fn finding(kind: &str) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        Finding::new("f".into(), kind, 5.0, Dialect::CamelCase)
    }

    fn mapped(kind: &str) -> (Vec<&'static str>, Vec<String>) {
        let mapping = map_finding(&finding(kind));
        (
            mapping.tactics.iter().map(|t| t.shortname()).collect(),
            mapping.techniques,
        )
    }

    #[test]
    fn purposes_map_to_the_documented_tactics() {
        let cases: [(&str, &[&str]); 17] = [
            ("Recon:EC2/PortProbeEMRUnprotectedPort", &["reconnaissance"]),
            ("Recon:IAMUser/UserPermissions", &["discovery"]),
            (
                "UnauthorizedAccess:EC2/MaliciousIPCaller.Custom",
                &["initial-access"],
            ),
            (
                "CredentialAccess:IAMUser/AnomalousBehavior",
                &["credential-access"],
            ),
            ("Backdoor:EC2/C&CActivity.B!DNS", &["command-and-control"]),
            ("Trojan:EC2/BlackholeTraffic", &["command-and-control"]),
            ("Impact:EC2/WinRMBruteForce", &["impact"]),
            ("Exfiltration:IAMUser/AnomalousBehavior", &["exfiltration"]),
            ("Persistence:IAMUser/AnomalousBehavior", &["persistence"]),
            (
                "PrivilegeEscalation:Runtime/DockerSocketAccessed",
                &["privilege-escalation"],
            ),
            (
                "DefenseEvasion:IAMUser/BedrockLoggingDisabled",
                &["defense-evasion"],
            ),
            ("Stealth:IAMUser/PasswordPolicyChange", &["defense-evasion"]),
            ("Discovery:IAMUser/AnomalousBehavior", &["discovery"]),
            ("PenTest:IAMUser/KaliLinux", &["discovery"]),
            ("Execution:Runtime/ReverseShell", &["execution"]),
            ("Policy:IAMUser/RootCredentialUsage", &[]),
            ("Behavior:EC2/NetworkPortUnusual", &[]),
        ];
        for (kind, tactics) in cases {
            assert_eq!(mapped(kind).0, tactics, "{kind}");
        }
    }

    #[test]
    fn well_known_types_name_their_techniques() {
        let cases: [(&str, &[&str], &[&str]); 8] = [
            (
                "CryptoCurrency:EC2/BitcoinTool.B!DNS",
                &["impact"],
                &["T1496"],
            ),
            (
                "UnauthorizedAccess:EC2/SSHBruteForce",
                &["credential-access"],
                &["T1110"],
            ),
            (
                "UnauthorizedAccess:EC2/RDPBruteForce",
                &["credential-access"],
                &["T1110"],
            ),
            (
                "Stealth:IAMUser/CloudTrailLoggingDisabled",
                &["defense-evasion"],
                &["T1562.008"],
            ),
            ("Recon:EC2/Portscan", &["discovery"], &["T1046"]),
            (
                "Trojan:EC2/DGADomainRequest.B",
                &["command-and-control"],
                &["T1568.002"],
            ),
            (
                "Exfiltration:S3/MaliciousIPCaller",
                &["collection", "exfiltration"],
                &["T1530"],
            ),
            (
                "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
                &["credential-access"],
                &["T1552.005"],
            ),
        ];
        for (kind, tactics, techniques) in cases {
            let (got_tactics, got_techniques) = mapped(kind);
            assert_eq!(got_tactics, tactics, "{kind}");
            assert_eq!(got_techniques, techniques, "{kind}");
        }
    }

    #[test]
    fn attack_sequences_take_tactics_and_techniques_from_indicators() {
        let mut f = finding("AttackSequence:IAM/CompromisedCredentials");
        f.attack_sequence = Some(AttackSequence {
            tactics: vec![
                "Initial Access".into(),
                "DefenseEvasion".into(),
                "nonsense".into(),
            ],
            techniques: vec![
                "T1078.004".into(),
                "t1562.008 Disable logs".into(),
                "Valid Accounts".into(),
            ],
            ..AttackSequence::default()
        });
        let mapping = map_finding(&f);
        assert_eq!(
            mapping.tactics,
            [Tactic::InitialAccess, Tactic::DefenseEvasion]
        );
        assert_eq!(mapping.techniques, ["T1078.004", "T1562.008"]);
    }

    #[test]
    fn tactic_names_ids_and_shortnames_all_parse() {
        assert_eq!(
            Tactic::parse("Command and Control"),
            Some(Tactic::CommandAndControl)
        );
        assert_eq!(
            Tactic::parse("CommandAndControl"),
            Some(Tactic::CommandAndControl)
        );
        assert_eq!(
            Tactic::parse("privilege_escalation"),
            Some(Tactic::PrivilegeEscalation)
        );
        assert_eq!(Tactic::parse("TA0010"), Some(Tactic::Exfiltration));
        assert_eq!(Tactic::parse(" exfiltration "), Some(Tactic::Exfiltration));
        assert_eq!(Tactic::parse("Stealth"), None);
        for tactic in Tactic::ALL {
            assert_eq!(Tactic::parse(tactic.name()), Some(tactic));
            assert_eq!(Tactic::parse(tactic.shortname()), Some(tactic));
        }
    }

    #[test]
    fn technique_ids_are_read_strictly() {
        assert_eq!(technique_id("T1078"), Some("T1078".into()));
        assert_eq!(
            technique_id("t1078.004: Cloud Accounts"),
            Some("T1078.004".into())
        );
        assert_eq!(technique_id("T1078.04"), Some("T1078".into()));
        assert_eq!(technique_id("T10789"), None);
        assert_eq!(technique_id("TA0001"), None);
        assert_eq!(technique_id("Valid Accounts"), None);
        assert_eq!(technique_id("T"), None);
        assert_eq!(technique_id("Tü123"), None);
    }

    #[test]
    fn tactic_counts_list_every_tactic_in_kill_chain_order() {
        let findings = vec![
            finding("Recon:EC2/PortProbeUnprotectedPort"),
            finding("Recon:EC2/PortProbeUnprotectedPort"),
            finding("Exfiltration:S3/AnomalousBehavior"),
            finding("Policy:S3/BucketBlockPublicAccessDisabled"),
        ];
        let counts = tactic_counts(&findings, &[0, 1, 2, 3, 99]);
        let order: Vec<Tactic> = counts.iter().map(|(t, _)| *t).collect();
        assert_eq!(order, Tactic::ALL);
        let nonzero: Vec<(&str, u32)> = counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| (t.shortname(), *n))
            .collect();
        assert_eq!(
            nonzero,
            [
                ("reconnaissance", 2),
                ("collection", 1),
                ("exfiltration", 1)
            ]
        );
    }

    /// Checks a layer against the layer format 4.5 fields guardview writes.
    fn assert_valid_layer(text: &str) -> Value {
        let layer: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        assert!(layer.is_object(), "not a JSON object: {text}");
        assert!(layer["name"].is_string());
        assert_eq!(layer["versions"]["layer"], "4.5");
        assert!(layer["versions"]["attack"].is_string());
        assert!(layer["versions"]["navigator"].is_string());
        assert_eq!(layer["domain"], "enterprise-attack");
        assert!(layer["description"].is_string());
        assert!(layer["gradient"]["colors"]
            .as_array()
            .is_some_and(|c| c.len() >= 2));
        assert!(layer["gradient"]["minValue"].is_number());
        assert!(layer["gradient"]["maxValue"].is_number());
        for item in layer["legendItems"].as_array().into_iter().flatten() {
            assert!(item["label"].is_string() && item["color"].is_string());
        }
        let shortnames: Vec<&str> = Tactic::ALL.iter().map(|t| t.shortname()).collect();
        let techniques = layer["techniques"].as_array().cloned().unwrap_or_default();
        for technique in &techniques {
            let id = technique["techniqueID"].as_str().unwrap_or("");
            assert_eq!(technique_id(id).as_deref(), Some(id), "techniqueID {id}");
            assert!(id.len() == 5 || id.len() == 9, "techniqueID {id}");
            if let Some(tactic) = technique.get("tactic") {
                assert!(
                    tactic.as_str().is_some_and(|t| shortnames.contains(&t)),
                    "tactic {tactic}"
                );
            }
            assert!(technique["score"].is_number());
            assert!(technique["comment"].is_string());
            assert_eq!(technique["enabled"], true);
            for entry in technique["metadata"].as_array().into_iter().flatten() {
                assert!(entry["name"].is_string() && entry["value"].is_string());
            }
        }
        layer
    }

    #[test]
    fn the_navigator_layer_follows_format_4_5() {
        let mut sequence = finding("AttackSequence:S3/CompromisedData");
        sequence.attack_sequence = Some(AttackSequence {
            tactics: vec!["Collection".into(), "Exfiltration".into()],
            techniques: vec!["T1530".into(), "T1537".into(), "T9999".into()],
            ..AttackSequence::default()
        });
        let findings = vec![
            finding("UnauthorizedAccess:EC2/SSHBruteForce"),
            finding("UnauthorizedAccess:EC2/SSHBruteForce"),
            finding("Exfiltration:S3/MaliciousIPCaller"),
            sequence,
            finding("Policy:IAMUser/RootCredentialUsage"),
        ];
        let text = navigator_layer(&findings, &[0, 1, 2, 3, 4], "Q2 \"findings\"");
        let layer = assert_valid_layer(&text);
        assert_eq!(layer["name"], "Q2 \"findings\"");
        let entries: Vec<(String, String, u64)> = layer["techniques"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| {
                (
                    t["techniqueID"].as_str().unwrap_or("").to_owned(),
                    t["tactic"].as_str().unwrap_or("").to_owned(),
                    t["score"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        assert_eq!(
            entries,
            [
                ("T1110".into(), "credential-access".into(), 2),
                ("T1530".into(), "collection".into(), 2),
                ("T1537".into(), "exfiltration".into(), 1),
                ("T9999".into(), String::new(), 1),
            ]
        );
        assert_eq!(layer["gradient"]["maxValue"], 2);
    }

    #[test]
    fn an_empty_selection_still_gives_a_valid_layer() {
        let text = navigator_layer(&[], &[], "empty");
        let layer = assert_valid_layer(&text);
        assert_eq!(layer["techniques"].as_array().map(Vec::len), Some(0));
        assert_eq!(layer["gradient"]["maxValue"], 1);
    }
}
