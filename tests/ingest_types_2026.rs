//! The 2024–2026 fields of `tests/fixtures/types-2026/` survive the ingest as themselves:
//! sequence indicator keys beyond ATT&CK (VULNERABILITY, MALICIOUS_PACKAGE, MISCONFIGURATION,
//! REACHABILITY, SENSITIVE_DATA …), sequence resources of new types (BEDROCK_GUARDRAIL,
//! SAGEMAKER_ENDPOINT) and `associatedAttackSequenceArn` on a member finding.

use std::path::Path;

use guardview::ingest::LoadSession;
use guardview::model::Finding;

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
