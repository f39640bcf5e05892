//! Acceptance tests over the second real-world batch (`tests/fixtures/corpus-2/`): every file
//! gives exactly the distinct-finding count of the batch's PROVENANCE table (counted by a
//! script written independently of guardview), whole and in 7-byte chunks; the decoys give 0
//! with a per-file message; all 24 files together give 41 findings. The files need repeated
//! keys read as `JSON.parse` reads them, SNS messages decoded from JSON strings and findings
//! found under an SDK recording's `data` key.

mod ingest_support;

use guardview::ingest::LoadSession;
use guardview::model::FileReport;

/// Every file of the batch with its distinct GuardDuty finding ids (PROVENANCE.md, last table).
const EXPECTED: [(&str, usize); 24] = [
    ("arabold-aws-to-slack/guardduty.test.js__Sns.Message.json", 1),
    ("aws-samples-aws-cloudtrail-auto-remediate/cloudtrail-logging-sh-finding-sample.json", 1),
    ("cloud-custodian/cwe__ec2-duty-event.json", 1),
    ("cloud-custodian/cwe__event-securityhub-iamkey-finding-action.json", 1),
    ("cloud-custodian/cwe__iam-duty-event.json", 1),
    ("cloud-custodian/placebo__test_security_hub_mode_action_insight__securityhub.GetFindings_1.json", 5),
    ("defectdojo/asff__guardduty__Unusual-Behaviors-User-Persistence-IAMUser-NetworkPermissions.json", 1),
    ("defectdojo/awssecurityhub__guardduty.json", 4),
    ("google-secops-content-hub/aws_guard_duty__get_finding_details_JsonResult_example.json", 1),
    ("mozilla-foxsec-pipeline/guardduty-sample-findings-default.json", 19),
    ("mozilla-foxsec-pipeline/guardduty-sample-findings-with-duplicates.json", 2),
    ("mozilla-foxsec-pipeline/guardduty-sample-findings.json", 20),
    ("mozilla-foxsec-pipeline/parsermetrics_mixedinput.json", 1),
    ("splunk-security-content/aws_security_hub__example_log.json", 1),
    ("sumologic-aws-lambda/cloudwatchevents__guardduty__event.json", 0),
    ("sumologic-documentation/guardduty.md__sample-log-message.json", 1),
    ("terraform-aws-notify-slack/events__guardduty_finding_high.json", 1),
    ("terraform-aws-notify-slack/events__guardduty_finding_low.json", 1),
    ("terraform-aws-notify-slack/events__guardduty_finding_medium.json", 1),
    ("terraform-aws-notify-slack/messages__guardduty_finding.json", 1),
    ("terraform-aws-notify-slack/messages__guardduty_malware_protection_object_scan_result.json", 0),
    ("trustoncloud-aws-guardduty-findings-directory/findings.json", 0),
    ("umerjidda-cloud-threat-detection-lab/CDET-007_instance_credential_exfiltration.json", 2),
    ("umerjidda-cloud-threat-detection-lab/CDET-008_recon_ec2_describe_instances.json", 1),
];

fn read(relative: &str) -> Vec<u8> {
    ingest_support::read("corpus-2", relative)
}

fn load(relative: &str) -> LoadSession {
    ingest_support::load_whole_and_chunked("corpus-2", relative)
}

fn report(session: &LoadSession) -> &FileReport {
    match session.reports().first() {
        Some(report) => report,
        None => panic!("no report"),
    }
}

#[test]
fn every_file_gives_its_distinct_finding_count() {
    for (relative, expected) in EXPECTED {
        let session = load(relative);
        assert_eq!(session.findings().len(), expected, "{relative}");
        let report = report(&session);
        if expected > 0 {
            assert_eq!(report.error, None, "{relative}");
        }
    }
}

#[test]
fn the_whole_batch_together_gives_41_findings() {
    let mut session = LoadSession::new();
    for (relative, _) in EXPECTED {
        session.load_bytes(relative, &read(relative));
    }
    assert_eq!(session.findings().len(), 41);
}

#[test]
fn decoys_give_no_finding_and_say_why() {
    for relative in [
        "sumologic-aws-lambda/cloudwatchevents__guardduty__event.json",
        "terraform-aws-notify-slack/messages__guardduty_malware_protection_object_scan_result.json",
        "trustoncloud-aws-guardduty-findings-directory/findings.json",
    ] {
        let session = load(relative);
        assert_eq!(session.findings().len(), 0, "{relative}");
        let reason = report(&session).error.as_ref().map(|e| e.reason.clone());
        assert!(
            reason
                .as_deref()
                .is_some_and(|r| r.starts_with("No GuardDuty findings found")),
            "{relative}: {reason:?}"
        );
    }
}

#[test]
fn a_repeated_key_keeps_the_last_value_and_warns_with_its_position() {
    let session =
        load("umerjidda-cloud-threat-detection-lab/CDET-007_instance_credential_exfiltration.json");
    let warnings = &report(&session).warnings;
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let position = warnings[0].position.expect("the repeated key's position");
    assert_eq!((position.line, position.column), (1, 2539));
    assert!(warnings[0]
        .message
        .starts_with("The key `service` appears twice in one object; the last value was used"));
    assert!(warnings[0]
        .to_string()
        .contains(" at line 1, column 2539 (byte 2538): The key `service` appears twice"));
    let custom_action = load("cloud-custodian/cwe__event-securityhub-iamkey-finding-action.json");
    let message = &report(&custom_action).warnings[0].to_string();
    assert!(
        message.contains("`updatedAt`") && message.contains("line 75, column 27"),
        "{message}"
    );
}

#[test]
fn an_sns_delivery_is_read_through_its_message_string() {
    let session = load("terraform-aws-notify-slack/messages__guardduty_finding.json");
    let finding = &session.findings().findings()[0];
    assert_eq!(finding.id.as_ref(), "sample-id-2");
    assert_eq!(finding.region.as_deref(), Some("us-gov-east-1"));
}

#[test]
fn a_recorded_sdk_response_yields_its_asff_findings() {
    let session = load(
        "cloud-custodian/placebo__test_security_hub_mode_action_insight__securityhub.GetFindings_1.json",
    );
    assert_eq!(session.findings().len(), 5);
    assert_eq!(report(&session).records, 5);
}
