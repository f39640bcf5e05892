//! `guardview summary` names each 2024–2026 GuardDuty finding family correctly on its fixture
//! (`tests/fixtures/types-2026/`, sources in its README): every type kept as exported, the
//! severity bands, the threat purposes (new ones shown as themselves) and the ATT&CK tactics.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn summary_of(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/types-2026")
        .join(file);
    let output = match Command::new(env!("CARGO_BIN_EXE_guardview"))
        .arg("summary")
        .arg(path)
        .output()
    {
        Ok(output) => output,
        Err(error) => panic!("cannot run guardview: {error}"),
    };
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap_or_default()
}

/// The non-zero entries of a count map, sorted by name.
fn non_zero(map: &Value) -> Vec<(String, u64)> {
    map.as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_u64().filter(|&n| n > 0).map(|n| (k.clone(), n)))
                .collect()
        })
        .unwrap_or_default()
}

fn counts(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
}

fn types(v: &Value) -> Vec<String> {
    v["by_type"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn attack_sequences_are_critical_and_placed_by_their_tactic_indicators() {
    let v = summary_of("attack_sequences.json");
    assert_eq!(v["unique_findings"], 6);
    assert_eq!(
        types(&v),
        [
            "AttackSequence:EC2/CompromisedInstanceGroup",
            "AttackSequence:ECS/CompromisedCluster",
            "AttackSequence:EKS/CompromisedCluster",
            "AttackSequence:IAM/CompromisedCredentials",
            "AttackSequence:S3/CompromisedData",
            "Discovery:IAMUser/AnomalousBehavior",
        ]
    );
    assert_eq!(
        non_zero(&v["by_severity"]),
        counts(&[("Critical", 5), ("Medium", 1)])
    );
    assert_eq!(
        non_zero(&v["by_tactic"]),
        counts(&[("Discovery", 6), ("Exfiltration", 5)])
    );
}

#[test]
fn custom_detection_rules_bring_new_purposes_and_services() {
    let v = summary_of("custom_detection_rules.json");
    assert_eq!(v["unique_findings"], 11);
    assert_eq!(
        non_zero(&v["by_purpose"]),
        counts(&[
            ("DefenseImpairment", 3),
            ("Execution", 1),
            ("Exfiltration", 1),
            ("Impact", 1),
            ("InitialAccess", 1),
            ("LateralMovement", 1),
            ("Persistence", 2),
            ("ResourceDevelopment", 1),
        ])
    );
    assert!(types(&v).contains(&"Persistence:RolesAnywhere/AccountManipulation".to_owned()));
    assert!(
        types(&v).contains(&"DefenseImpairment:Route53Resolver/DisableOrModifyTools".to_owned())
    );
    assert_eq!(
        non_zero(&v["by_severity"]),
        counts(&[("High", 4), ("Low", 1), ("Medium", 6)])
    );
    assert_eq!(
        non_zero(&v["by_tactic"]),
        counts(&[
            ("Defense Evasion", 3),
            ("Execution", 1),
            ("Exfiltration", 1),
            ("Impact", 1),
            ("Initial Access", 1),
            ("Lateral Movement", 1),
            ("Persistence", 2),
            ("Resource Development", 1),
        ])
    );
}

#[test]
fn ai_protection_findings_are_low_impact_and_abuse_of_a_credential() {
    let v = summary_of("ai_protection.json");
    assert_eq!(
        types(&v),
        [
            "Impact:IAMUser/AnomalousModelInvocation",
            "Impact:IAMUser/CostHarvesting",
            "Impact:IAMUser/PromptInjection.Direct",
        ]
    );
    assert_eq!(non_zero(&v["by_severity"]), counts(&[("Low", 3)]));
    assert_eq!(non_zero(&v["by_tactic"]), counts(&[("Impact", 3)]));
    assert_eq!(
        non_zero(&v["by_csa_threat"]),
        counts(&[
            ("Abuse and Nefarious Use of Cloud Services", 3),
            ("Account Hijacking", 3),
        ])
    );
}

#[test]
fn malware_protection_for_backup_and_s3_names_snapshots_images_and_recovery_points() {
    let v = summary_of("malware_protection_backup_and_s3.json");
    assert_eq!(
        types(&v),
        [
            "Execution:EC2/MaliciousFile!AMI",
            "Execution:EC2/MaliciousFile!RecoveryPoint",
            "Execution:EC2/MaliciousFile!Snapshot",
            "Execution:S3/MaliciousFile!RecoveryPoint",
            "Object:S3/MaliciousFile",
        ]
    );
    assert_eq!(non_zero(&v["by_severity"]), counts(&[("High", 5)]));
    // Object:* is a malicious file at rest: no tactic (see analysis::attack's table).
    assert_eq!(non_zero(&v["by_tactic"]), counts(&[("Execution", 4)]));
    assert_eq!(
        non_zero(&v["by_resource_type"]),
        counts(&[
            ("EBSSnapshot", 1),
            ("EC2Image", 1),
            ("RecoveryPoint", 2),
            ("S3Object", 1),
        ])
    );
}

#[test]
fn an_ec2_volume_scan_finding_is_high_execution_on_an_instance() {
    let v = summary_of("malware_protection_ec2_volume_scan.json");
    assert_eq!(types(&v), ["Execution:EC2/MaliciousFile"]);
    assert_eq!(non_zero(&v["by_severity"]), counts(&[("High", 1)]));
    assert_eq!(non_zero(&v["by_tactic"]), counts(&[("Execution", 1)]));
    assert_eq!(non_zero(&v["by_resource_type"]), counts(&[("Instance", 1)]));
}
