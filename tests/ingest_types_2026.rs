//! The 2024–2026 fields of `tests/fixtures/types-2026/` survive the ingest as themselves:
//! sequence indicator keys beyond ATT&CK (VULNERABILITY, MALICIOUS_PACKAGE, MISCONFIGURATION,
//! REACHABILITY, SENSITIVE_DATA …), sequence resources of new types (BEDROCK_GUARDRAIL,
//! SAGEMAKER_ENDPOINT) and `associatedAttackSequenceArn` on a member finding; AI protection's
//! `bedrockGuardrailDetails` and `modelDetails`, Malware Protection's snapshot, image and
//! recovery-point resources and its `malwareScanDetails` / `ebsVolumeScanDetails` become
//! resources (graph, table) and detail rows.

use std::path::Path;

use guardview::analysis::detail::detail_sections;
use guardview::ingest::LoadSession;
use guardview::model::{Finding, ResourceKind};

fn load(file: &str) -> LoadSession {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/types-2026")
        .join(file);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    };
    let mut session = LoadSession::new();
    let report = session.load_bytes(file, &bytes);
    assert_eq!(report.error, None);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    session
}

fn by_type<'a>(session: &'a LoadSession, kind: &str) -> &'a Finding {
    match session
        .findings()
        .findings()
        .iter()
        .find(|f| f.finding_type.full.as_ref() == kind)
    {
        Some(finding) => finding,
        None => panic!("no {kind}"),
    }
}

fn indicator_keys(finding: &Finding) -> Vec<String> {
    finding
        .attack_sequence
        .as_ref()
        .map(|s| s.indicators.iter().map(|(k, _)| k.to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn new_sequence_indicator_keys_are_kept_with_their_values() {
    let session = load("attack_sequences.json");
    let credentials = by_type(&session, "AttackSequence:IAM/CompromisedCredentials");
    assert_eq!(
        indicator_keys(credentials),
        ["VULNERABILITY", "SENSITIVE_DATA"]
    );
    let values: Vec<String> = credentials
        .attack_sequence
        .iter()
        .flat_map(|s| s.indicators.iter().map(|(_, v)| v.to_string()))
        .collect();
    assert_eq!(values, ["CVE-2026-0001", "PII"]);
    for (kind, key) in [
        ("AttackSequence:S3/CompromisedData", "MALICIOUS_PACKAGE"),
        ("AttackSequence:EKS/CompromisedCluster", "MISCONFIGURATION"),
        ("AttackSequence:ECS/CompromisedCluster", "REACHABILITY"),
        (
            "AttackSequence:EC2/CompromisedInstanceGroup",
            "CRYPTOMINING_IP",
        ),
    ] {
        assert_eq!(indicator_keys(by_type(&session, kind)), [key], "{kind}");
    }
}

#[test]
fn sequence_resources_of_new_types_keep_their_type() {
    let session = load("attack_sequences.json");
    for (kind, resource_type) in [
        (
            "AttackSequence:IAM/CompromisedCredentials",
            "BEDROCK_GUARDRAIL",
        ),
        (
            "AttackSequence:ECS/CompromisedCluster",
            "SAGEMAKER_ENDPOINT",
        ),
    ] {
        let finding = by_type(&session, kind);
        let shown = finding.resources.iter().any(|resource| {
            resource.attributes.iter().any(|(name, value)| {
                name.as_ref() == "Resource type" && value.as_ref() == resource_type
            })
        });
        assert!(shown, "{kind}: {:?}", finding.resources);
    }
}

#[test]
fn a_member_finding_names_its_attack_sequence() {
    let session = load("attack_sequences.json");
    let member = by_type(&session, "Discovery:IAMUser/AnomalousBehavior");
    assert_eq!(
        member.attack_sequence_arn.as_deref(),
        Some("arn:aws:guardduty:us-east-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0/finding/00000000000000000000000000000001")
    );
}

/// A finding's resources as (kind, id) pairs, in order.
fn resources(finding: &Finding) -> Vec<(ResourceKind, String)> {
    finding
        .resources
        .iter()
        .map(|r| (r.kind, r.id.to_string()))
        .collect()
}

/// The rows of one detail section.
fn detail_rows(finding: &Finding, title: &str) -> Vec<(String, String)> {
    detail_sections(finding)
        .into_iter()
        .find(|s| s.title == title)
        .map(|s| s.rows)
        .unwrap_or_default()
}

#[test]
fn ai_protection_names_the_key_the_guardrail_and_the_models() {
    let session = load("ai_protection.json");
    let injection = by_type(&session, "Impact:IAMUser/PromptInjection.Direct");
    let guardrail = "arn:aws:bedrock:us-east-1:111122223333:guardrail/gr1example";
    assert_eq!(
        resources(injection),
        [
            (ResourceKind::AccessKey, "ASIAIOSFODNN7EXAMPLE".to_owned()),
            (ResourceKind::BedrockGuardrail, guardrail.to_owned()),
            (ResourceKind::AiModel, "amazon.nova-pro-v1:0".to_owned()),
        ],
        "the access key stays first: it is what the table shows"
    );
    let rows = detail_rows(injection, "Affected resources");
    let labelled = format!("{guardrail} (gr1example)");
    for expected in [
        ("Bedrock guardrail", labelled.as_str()),
        ("  Action", "GUARDRAIL_INTERVENED"),
        ("  Source", "INPUT"),
        (
            "  Content filter",
            "PROMPT_ATTACK: BLOCKED (confidence HIGH)",
        ),
        ("  Content filter", "JAILBREAK: NONE (confidence MEDIUM)"),
        ("AI model", "amazon.nova-pro-v1:0"),
    ] {
        assert!(
            rows.iter().any(|(k, v)| k == expected.0 && v == expected.1),
            "{expected:?} in {rows:?}"
        );
    }
    let harvesting = by_type(&session, "Impact:IAMUser/CostHarvesting");
    assert_eq!(
        resources(harvesting)
            .into_iter()
            .filter(|(kind, _)| *kind == ResourceKind::AiModel)
            .count(),
        2,
        "every model invoked"
    );
}

#[test]
fn backup_and_s3_malware_findings_carry_their_scanned_item_and_scan() {
    let session = load("malware_protection_backup_and_s3.json");
    for (kind, resource_kind, path) in [
        (
            "Execution:EC2/MaliciousFile!Snapshot",
            ResourceKind::EbsSnapshot,
            "/dev/xvdf/home/ec2-user/tools/eicar.com",
        ),
        (
            "Execution:EC2/MaliciousFile!AMI",
            ResourceKind::Ec2Image,
            "/dev/xvda/opt/app/eicar.com",
        ),
        (
            "Execution:EC2/MaliciousFile!RecoveryPoint",
            ResourceKind::RecoveryPoint,
            "/dev/xvdb/var/tmp/eicar.com",
        ),
        (
            "Execution:S3/MaliciousFile!RecoveryPoint",
            ResourceKind::RecoveryPoint,
            "reports/2026/eicar.com",
        ),
    ] {
        let finding = by_type(&session, kind);
        assert_eq!(
            finding.resources.first().map(|r| r.kind),
            Some(resource_kind),
            "{kind}"
        );
        let scan = finding.malware_scan.as_ref();
        assert_eq!(
            scan.and_then(|s| s.scan_type.as_deref()),
            Some("BACKUP_INITIATED"),
            "{kind}"
        );
        let threats: Vec<(String, Vec<String>)> = scan
            .map(|s| {
                s.threats
                    .iter()
                    .map(|t| {
                        let paths = t.paths.iter().map(|p| p.to_string()).collect();
                        (t.name.to_string(), paths)
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            threats,
            [(
                "EICAR-Test-File (not a virus)".to_owned(),
                vec![path.to_owned()]
            )],
            "{kind}"
        );
        let rows = detail_rows(finding, "Malware scan");
        assert!(
            rows.iter()
                .any(|(k, v)| k == "Threat EICAR-Test-File (not a virus)" && v == path),
            "{rows:?}"
        );
    }
    let point = by_type(&session, "Execution:S3/MaliciousFile!RecoveryPoint");
    let rows = detail_rows(point, "Affected resources");
    assert!(rows.contains(&("  Backup vault".to_owned(), "vault1".to_owned())));
}

#[test]
fn an_ec2_volume_scan_joins_every_infected_volume_and_names_its_trigger() {
    let session = load("malware_protection_ec2_volume_scan.json");
    let finding = by_type(&session, "Execution:EC2/MaliciousFile");
    assert_eq!(
        resources(finding),
        [
            (ResourceKind::Instance, "i-0abcdef1234567890".to_owned()),
            (
                ResourceKind::EbsVolume,
                "arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d4e5f60718".to_owned()
            ),
            (
                ResourceKind::EbsVolume,
                "arn:aws:ec2:us-east-1:111122223333:volume/vol-0f1e2d3c4b5a69788".to_owned()
            ),
        ],
        "the scanned volume once, the second infected volume added"
    );
    let scan = finding.malware_scan.clone().unwrap_or_default();
    assert_eq!(scan.scan_type.as_deref(), Some("GUARDDUTY_INITIATED"));
    assert_eq!(
        scan.trigger_finding_id.as_deref(),
        Some("00000000000000000000000000000041")
    );
    assert_eq!(scan.threats.len(), 1);
    assert_eq!(
        scan.threats
            .first()
            .map(|t| (t.paths.len(), t.hashes.len())),
        Some((2, 2))
    );
    let rows = detail_rows(finding, "Malware scan");
    assert!(rows.contains(&(
        "Threat Trojan.Linux.Agent".to_owned(),
        "/tmp/.x/payload, /var/lib/docker/x/run.sh".to_owned()
    )));
    assert!(rows.contains(&(
        "Started by finding".to_owned(),
        "00000000000000000000000000000041".to_owned()
    )));
}

#[test]
fn resources_named_by_arn_are_labelled_by_their_own_id() {
    let session = load("malware_protection_backup_and_s3.json");
    let mut names: Vec<(ResourceKind, String)> = session
        .findings()
        .findings()
        .iter()
        .flat_map(|f| f.resources.iter())
        .filter_map(|r| Some((r.kind, r.display_name.as_deref()?.to_owned())))
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(
        names,
        [
            (ResourceKind::S3Object, "upload/eicar.com".to_owned()),
            (
                ResourceKind::EbsSnapshot,
                "snap-0123456789abcdef0".to_owned()
            ),
            (ResourceKind::Ec2Image, "ami-0123456789abcdef0".to_owned()),
            (ResourceKind::RecoveryPoint, "rp-1".to_owned()),
        ],
        "the graph and table show these instead of the ARN's start"
    );
    let scan = load("malware_protection_ec2_volume_scan.json");
    let volumes: Vec<Option<String>> = scan
        .findings()
        .findings()
        .iter()
        .flat_map(|f| f.resources.iter())
        .filter(|r| r.kind == ResourceKind::EbsVolume)
        .map(|r| r.display_name.as_deref().map(str::to_owned))
        .collect();
    assert_eq!(
        volumes,
        [
            Some("vol-0a1b2c3d4e5f60718".to_owned()),
            Some("vol-0f1e2d3c4b5a69788".to_owned())
        ]
    );
}
