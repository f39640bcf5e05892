//! Acceptance tests over the real-world corpus: every fixture under `tests/fixtures/corpus/`
//! loads with the stated dialect and exact counts (hand-checked against the corpus
//! PROVENANCE.md), broken ones fail with a clear error, and all of them together give the
//! merged totals the app's KPI tiles and `guardview summary` must show.

use std::path::{Path, PathBuf};

mod ingest_support;

use guardview::analysis::summary::summarize;
use guardview::ingest::LoadSession;
use guardview::model::{Dialect, FileReport, Finding, SeverityBand};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(relative)
}

/// Loads one fixture whole and again in 7-byte chunks, asserting both agree.
fn load(relative: &str) -> LoadSession {
    ingest_support::load_whole_and_chunked("corpus", relative)
}

fn report(session: &LoadSession) -> &FileReport {
    match session.reports().first() {
        Some(report) => report,
        None => panic!("no report"),
    }
}

fn bands(findings: &[Finding]) -> [usize; 4] {
    let count = |band| findings.iter().filter(|f| f.severity == band).count();
    [
        count(SeverityBand::Critical),
        count(SeverityBand::High),
        count(SeverityBand::Medium),
        count(SeverityBand::Low),
    ]
}

/// A fixture that loads: its dialects, records, unique findings, other products' records
/// skipped, findings per band [Critical, High, Medium, Low], archived and sample findings.
macro_rules! corpus {
    ($name:ident, $path:expr, [$($dialect:expr),*], records $records:expr, unique $unique:expr,
     other $other:expr, bands $bands:expr, archived $archived:expr, samples $samples:expr) => {
        #[test]
        fn $name() {
            let session = load($path);
            let report = report(&session);
            assert_eq!(report.error, None, "{}", $path);
            assert_eq!(report.dialects, vec![$($dialect),*]);
            assert_eq!(report.records, $records, "records");
            assert_eq!(session.findings().len(), $unique, "unique findings");
            assert_eq!(report.skipped_other_products, $other, "other products");
            assert!(report.warnings.is_empty(), "{:?}", report.warnings);
            let findings = session.findings().findings();
            assert_eq!(bands(findings), $bands, "findings per band");
            assert_eq!(findings.iter().filter(|f| f.archived).count(), $archived, "archived");
            assert_eq!(findings.iter().filter(|f| f.sample).count(), $samples, "samples");
            assert!(
                findings.iter().all(|f| f.raw_span.is_some()),
                "every record can be shown raw"
            );
        }
    };
}

/// A fixture that does not hold loadable findings: it fails with this reason.
macro_rules! broken {
    ($name:ident, $path:expr, $reason:expr) => {
        #[test]
        fn $name() {
            let session = load($path);
            let report = report(&session);
            let error = match &report.error {
                Some(error) => error,
                None => panic!("{} should fail", $path),
            };
            assert!(
                error.reason.starts_with($reason),
                "{}: unexpected reason {:?}",
                $path,
                error.reason
            );
            assert_eq!(session.findings().len(), 0);
        }
    };
}

broken!(
    alertlogic_cwe_collector_gd_malformed_kinesis_test_event_record0_data_base64,
    "alertlogic-cwe-collector/GD_MALFORMED_KINESIS_TEST_EVENT.record0.data.base64.txt",
    "The file is not valid JSON"
);
broken!(
    alertlogic_cwe_collector_gd_only_kinesis_test_event_kinesis_lambda_event,
    "alertlogic-cwe-collector/GD_ONLY_KINESIS_TEST_EVENT.kinesis-lambda-event.json",
    "No GuardDuty findings found"
);
corpus!(alertlogic_cwe_collector_gd_only_kinesis_test_event_record0_data_decoded, "alertlogic-cwe-collector/GD_ONLY_KINESIS_TEST_EVENT.record0.data.decoded.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 0);
corpus!(aws_cli_examples_get_findings_recon_iamuser_userpermissions, "aws-cli-examples/get-findings_Recon-IAMUser-UserPermissions.json", [Dialect::PascalCase], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 0);
corpus!(aws_samples_amazon_guardduty_automated_response_sample_guardduty_ec2_event, "aws-samples-amazon-guardduty-automated-response-sample/guardduty_ec2_event.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 0);
corpus!(aws_samples_amazon_guardduty_automated_response_sample_guardduty_iam_event, "aws-samples-amazon-guardduty-automated-response-sample/guardduty_iam_event.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 1, samples 1);
corpus!(aws_samples_amazon_guardduty_automated_response_sample_guardduty_s3_event, "aws-samples-amazon-guardduty-automated-response-sample/guardduty_s3_event.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 1, samples 1);
corpus!(aws_samples_amazon_guardduty_waf_acl_gd2acl_test_event, "aws-samples-amazon-guardduty-waf-acl/gd2acl_test_event.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 1);
corpus!(awsdocs_amazon_guardduty_user_guide_asff_guardduty_unauthorizedaccess_ec2_sshbruteforce, "awsdocs-amazon-guardduty-user-guide/asff_guardduty_UnauthorizedAccess-EC2-SSHBruteForce.json", [Dialect::Asff], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 0);
corpus!(awsdocs_amazon_guardduty_user_guide_get_findings_rest_api_sample_response_body, "awsdocs-amazon-guardduty-user-guide/get-findings_rest-api_sample-response_body.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_credential_access_iam_anomalous_behavior, "blu371ck-GuardDuty-SOAR/Credential-Access-IAM-Anomalous-Behavior.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_discovery_rds_tor_ip_caller, "blu371ck-GuardDuty-SOAR/Discovery-RDS-Tor-Ip-Caller.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_recon_ec2_portprobeemrunprotectedport, "blu371ck-GuardDuty-SOAR/Recon-EC2-PortProbeEMRUnprotectedPort.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_recon_ec2_portprobeunprotectedport, "blu371ck-GuardDuty-SOAR/Recon-EC2-PortProbeUnprotectedPort.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_recon_ec2_portscan, "blu371ck-GuardDuty-SOAR/Recon-EC2-Portscan.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 1, samples 1);
corpus!(blu371ck_guardduty_soar_trojan_ec2_blackholetraffic, "blu371ck-GuardDuty-SOAR/Trojan-EC2-BlackholeTraffic.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_trojan_ec2_dgadomainrequest_b, "blu371ck-GuardDuty-SOAR/Trojan-EC2-DGADomainRequest-B.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_trojan_ec2_dnsdataexfiltration, "blu371ck-GuardDuty-SOAR/Trojan-EC2-DNSDataExfiltration.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_trojan_ec2_droppoint, "blu371ck-GuardDuty-SOAR/Trojan-EC2-DropPoint.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_unauthorizedaccess_ec2_maliciousipcaller, "blu371ck-GuardDuty-SOAR/UnauthorizedAccess-EC2-MaliciousIPCaller.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_unauthorizedaccess_ec2_metadatadnsrebind, "blu371ck-GuardDuty-SOAR/UnauthorizedAccess-EC2-MetadataDNSRebind.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_unauthorizedaccess_ec2_rdpbruteforce, "blu371ck-GuardDuty-SOAR/UnauthorizedAccess-EC2-RDPBruteForce.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_unauthorizedaccess_ec2_sshbruteforce, "blu371ck-GuardDuty-SOAR/UnauthorizedAccess-EC2-SSHBruteForce.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_unauthorizedaccess_ec2_torclient, "blu371ck-GuardDuty-SOAR/UnauthorizedAccess-EC2-TorClient.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_unauthorizedaccess_ec2_torrelay, "blu371ck-GuardDuty-SOAR/UnauthorizedAccess-EC2-TorRelay.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 1);
corpus!(blu371ck_guardduty_soar_tests_validation_scenarios_iam_root_user_forensics_event, "blu371ck-GuardDuty-SOAR/tests__validation-scenarios__iam__root-user-forensics__event.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 0);
corpus!(cartography_get_aws_api_call_findings, "cartography/GET_AWS_API_CALL_FINDINGS.json", [Dialect::PascalCase], records 2, unique 2, other 0, bands [0, 1, 1, 0], archived 0, samples 0);
corpus!(cartography_get_aws_api_call_findings_no_remote_account_node, "cartography/GET_AWS_API_CALL_FINDINGS_NO_REMOTE_ACCOUNT_NODE.json", [Dialect::PascalCase], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 0);
corpus!(cartography_get_findings, "cartography/GET_FINDINGS.json", [Dialect::PascalCase], records 5, unique 5, other 0, bands [0, 4, 1, 0], archived 0, samples 0);
corpus!(cartography_get_sample_findings, "cartography/GET_SAMPLE_FINDINGS.json", [Dialect::PascalCase], records 2, unique 2, other 0, bands [0, 2, 0, 0], archived 0, samples 1);
corpus!(cartography_sample_findings, "cartography/SAMPLE_FINDINGS.json", [Dialect::PascalCase], records 3, unique 3, other 0, bands [1, 1, 1, 0], archived 1, samples 0);
corpus!(cisco_tr_05_serverless_guardduty_instance_source_findings, "cisco-tr-05-serverless-guardduty/INSTANCE_SOURCE_FINDINGS.json", [Dialect::PascalCase], records 2, unique 2, other 0, bands [0, 2, 0, 0], archived 0, samples 0);
corpus!(cisco_tr_05_serverless_guardduty_port_probe_findings, "cisco-tr-05-serverless-guardduty/PORT_PROBE_FINDINGS.json", [Dialect::PascalCase], records 2, unique 2, other 0, bands [0, 1, 0, 1], archived 0, samples 0);
corpus!(cloud_solutions_architects_aws_lambda_guardduty_44daf06c_14ad_8ad3_f5e0_cd5e080f4349, "cloud-solutions-architects-aws-lambda-guardduty/44daf06c-14ad-8ad3-f5e0-cd5e080f4349.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 1);
corpus!(cloud_solutions_architects_aws_lambda_guardduty_all_events, "cloud-solutions-architects-aws-lambda-guardduty/all-events.json", [Dialect::PascalCase], records 25, unique 25, other 0, bands [0, 9, 11, 5], archived 0, samples 25);
corpus!(cloud_solutions_architects_aws_lambda_guardduty_awsapi_event, "cloud-solutions-architects-aws-lambda-guardduty/awsAPI_event.json", [Dialect::PascalCase], records 5, unique 5, other 0, bands [0, 1, 1, 3], archived 0, samples 5);
corpus!(cloud_solutions_architects_aws_lambda_guardduty_ignore, "cloud-solutions-architects-aws-lambda-guardduty/ignore.json", [Dialect::EventBridge], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 1);
corpus!(cloud_solutions_architects_aws_lambda_guardduty_le, "cloud-solutions-architects-aws-lambda-guardduty/le.json", [Dialect::PascalCase], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 0);
corpus!(cruxstack_aws_securityhubv2_bot_fixtures_samples, "cruxstack-aws-securityhubv2-bot/fixtures__samples.json", [Dialect::Ocsf], records 2, unique 2, other 1, bands [0, 0, 2, 0], archived 0, samples 0);
corpus!(cruxstack_aws_securityhubv2_bot_fixtures_scenarios, "cruxstack-aws-securityhubv2-bot/fixtures__scenarios.json", [Dialect::Ocsf], records 4, unique 4, other 2, bands [0, 2, 1, 1], archived 0, samples 0);
corpus!(elastic_integrations_test_guard_duty, "elastic-integrations/test-guard_duty.log", [Dialect::CamelCase], records 104, unique 104, other 0, bands [0, 51, 39, 14], archived 0, samples 102);
corpus!(elastic_integrations_test_guardduty, "elastic-integrations/test-guardduty.log", [Dialect::CamelCase], records 5, unique 5, other 0, bands [0, 2, 3, 0], archived 0, samples 4);
corpus!(fixinventory_get_findings_foo_foo, "fixinventory/get-findings__foo_foo.json", [Dialect::PascalCase], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 1, samples 0);
corpus!(panther_analysis_aws_guardduty_critical_sev_findings_critical_sev_finding, "panther-analysis/aws_guardduty_critical_sev_findings__Critical_Sev_Finding.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [1, 0, 0, 0], archived 0, samples 0);
corpus!(panther_analysis_aws_guardduty_critical_sev_findings_critical_sev_finding_as_sample_data, "panther-analysis/aws_guardduty_critical_sev_findings__Critical_Sev_Finding_As_Sample_Data.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [1, 0, 0, 0], archived 0, samples 1);
corpus!(panther_analysis_aws_guardduty_high_sev_findings_high_sev_finding, "panther-analysis/aws_guardduty_high_sev_findings__High_Sev_Finding.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 0);
corpus!(panther_analysis_aws_guardduty_high_sev_findings_high_sev_finding_as_sample_data, "panther-analysis/aws_guardduty_high_sev_findings__High_Sev_Finding_As_Sample_Data.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 1);
corpus!(panther_analysis_aws_guardduty_low_sev_findings_low_sev_finding, "panther-analysis/aws_guardduty_low_sev_findings__Low_Sev_Finding.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 0);
corpus!(panther_analysis_aws_guardduty_low_sev_findings_low_sev_finding_as_sample_data, "panther-analysis/aws_guardduty_low_sev_findings__Low_Sev_Finding_As_Sample_Data.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 1);
corpus!(panther_analysis_aws_guardduty_med_sev_findings_medium_sev_finding, "panther-analysis/aws_guardduty_med_sev_findings__Medium_Sev_Finding.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 0);
corpus!(panther_analysis_aws_guardduty_med_sev_findings_medium_sev_finding_as_sample_data, "panther-analysis/aws_guardduty_med_sev_findings__Medium_Sev_Finding_As_Sample_Data.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 1);
corpus!(panther_analysis_demo_aws_guardduty_bitcoin_mining_demo_detects_bitcoin_mining_positive, "panther-analysis/demo_aws_guardduty_bitcoin_mining_demo__Detects_Bitcoin_Mining_Positive.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 0);
corpus!(panther_analysis_demo_aws_guardduty_bitcoin_mining_demo_low_severity_bitcoin_mining_negative, "panther-analysis/demo_aws_guardduty_bitcoin_mining_demo__Low_Severity_Bitcoin_Mining_Negative.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 0);
corpus!(panther_analysis_demo_aws_guardduty_bitcoin_mining_demo_not_bitcoin_mining_negative, "panther-analysis/demo_aws_guardduty_bitcoin_mining_demo__Not_Bitcoin_Mining_Negative.json", [Dialect::CamelCase], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 0);
corpus!(stix_shifter_aws_guardduty_sample_response, "stix-shifter/aws_guardduty_sample_response.json", [Dialect::PascalCase], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 0);
corpus!(stix_shifter_aws_guardduty_sample_response_2, "stix-shifter/aws_guardduty_sample_response_2.json", [Dialect::PascalCase], records 1, unique 1, other 0, bands [0, 1, 0, 0], archived 0, samples 1);
corpus!(stix_shifter_aws_guardduty_sample_response_3, "stix-shifter/aws_guardduty_sample_response_3.json", [Dialect::PascalCase], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 0);
corpus!(stix_shifter_aws_guardduty_sample_response_4, "stix-shifter/aws_guardduty_sample_response_4.json", [Dialect::PascalCase], records 1, unique 1, other 0, bands [0, 0, 1, 0], archived 0, samples 1);
broken!(
    stix_shifter_partial_finding_fragments,
    "stix-shifter/partial_finding_fragments.json",
    "No GuardDuty findings found"
);
corpus!(stix_shifter_results_response_get_findings, "stix-shifter/results_response.get_findings.json", [Dialect::PascalCase], records 1, unique 1, other 0, bands [0, 0, 0, 1], archived 0, samples 0);

fn finding<'a>(session: &'a LoadSession, id: &str) -> &'a Finding {
    match session.findings().get(id) {
        Some(finding) => finding,
        None => panic!("finding {id} not loaded"),
    }
}

#[test]
fn asff_maps_back_to_the_guardduty_finding() {
    let session = load("awsdocs-amazon-guardduty-user-guide/asff_guardduty_UnauthorizedAccess-EC2-SSHBruteForce.json");
    let f = finding(&session, "46ba0ac2845071e23ccdeb2ae03bfdea");
    assert_eq!(
        &*f.finding_type.full,
        "UnauthorizedAccess:EC2/SSHBruteForce"
    );
    assert_eq!(f.severity_score, 2.0);
    assert_eq!(f.severity, SeverityBand::Low);
    assert_eq!(f.count, 74);
    assert_eq!(f.account_id.as_deref(), Some("193043430472"));
    assert_eq!(f.region.as_deref(), Some("us-east-1"));
    assert_eq!(f.resource_type.as_deref(), Some("Instance"));
    assert_eq!(
        f.resources.first().map(|r| &*r.id),
        Some("i-0c10c2c7863d1a356")
    );
    assert_eq!(f.ports, vec![22, 46717]);
    assert_eq!(
        f.network_actors
            .first()
            .and_then(|a| a.ip_address.as_deref()),
        Some("199.241.229.197")
    );
    assert_eq!(
        f.first_seen_at.map(|t| t.to_iso8601()).as_deref(),
        Some("2020-08-22T09:15:57.000Z")
    );
}

#[test]
fn elastic_s3_export_lines_keep_the_two_real_root_findings() {
    let session = load("elastic-integrations/test-guard_duty.log");
    let real: Vec<&Finding> = session
        .findings()
        .findings()
        .iter()
        .filter(|f| !f.sample)
        .collect();
    assert_eq!(real.len(), 2);
    assert!(real
        .iter()
        .all(|f| &*f.finding_type.full == "Policy:IAMUser/RootCredentialUsage"));
    let mut counts: Vec<u64> = real.iter().map(|f| f.count).collect();
    counts.sort_unstable();
    assert_eq!(counts, vec![24, 204]);
    assert!(session
        .findings()
        .findings()
        .iter()
        .all(|f| f.account_id.as_deref() == Some("973743533182")));
}

#[test]
fn elastic_empty_findings_body_line_is_not_an_error() {
    let session = load("elastic-integrations/test-guardduty.log");
    let runtime = session
        .findings()
        .findings()
        .iter()
        .find(|f| &*f.finding_type.full == "PrivilegeEscalation:Runtime/DockerSocketAccessed");
    assert_eq!(runtime.map(|f| f.count), Some(9));
    assert_eq!(
        runtime.and_then(|f| f.resource_type.as_deref()),
        Some("Container")
    );
}

#[test]
fn stix_shifter_string_booleans_and_offsets_are_read() {
    let session = load("stix-shifter/aws_guardduty_sample_response_2.json");
    let f = match session.findings().findings().first() {
        Some(f) => f,
        None => panic!("no finding"),
    };
    // `Archived` is the string "false" here.
    assert!(!f.archived);
    assert_eq!(
        f.created_at.map(|t| t.to_iso8601()).as_deref(),
        Some("2023-03-29T07:26:01.797Z")
    );
    assert_eq!(f.resource_type.as_deref(), Some("S3Bucket"));
    let count = load("stix-shifter/aws_guardduty_sample_response.json");
    assert_eq!(
        count.findings().findings().first().map(|f| f.count),
        Some(43)
    );
}

#[test]
fn cartography_top_level_service_fields_are_accepted() {
    let session = load("cartography/SAMPLE_FINDINGS.json");
    let critical: Vec<&Finding> = session
        .findings()
        .findings()
        .iter()
        .filter(|f| f.severity == SeverityBand::Critical)
        .collect();
    assert_eq!(critical.len(), 1);
    assert!(critical.iter().all(|f| f.archived));
    // No AccountId or Region: both come from the ARN.
    assert!(session
        .findings()
        .findings()
        .iter()
        .all(|f| f.region.as_deref() == Some("us-west-2")));
}

#[test]
fn ocsf_skips_other_products_and_maps_guardduty_ids() {
    let session = load("cruxstack-aws-securityhubv2-bot/fixtures__scenarios.json");
    let f = finding(&session, "finding-003");
    assert_eq!(&*f.finding_type.full, "Trojan:EC2/DNSDataExfiltration");
    assert_eq!(f.severity, SeverityBand::High);
    assert_eq!(f.account_id.as_deref(), Some("999888777666"));
    assert_eq!(f.region.as_deref(), Some("us-west-2"));
}

#[test]
fn pascal_case_detail_inside_an_eventbridge_envelope() {
    let session = load("blu371ck-GuardDuty-SOAR/Recon-EC2-Portscan.json");
    let f = match session.findings().findings().first() {
        Some(f) => f,
        None => panic!("no finding"),
    };
    assert_eq!(&*f.finding_type.full, "Recon:EC2/Portscan");
    assert!(f.archived);
    assert_eq!(f.resource_type.as_deref(), Some("Instance"));
}

/// Every fixture at once: the merged totals the KPI tiles and `guardview summary` show.
#[test]
fn all_corpus_fixtures_merged() {
    let root = fixture("");
    let mut paths = Vec::new();
    let Ok(dirs) = std::fs::read_dir(&root) else {
        panic!("no corpus")
    };
    for dir in dirs.flatten() {
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        paths.extend(files.flatten().map(|f| f.path()));
    }
    paths.sort();
    assert_eq!(paths.len(), 60);
    let mut session = LoadSession::new();
    for path in &paths {
        let bytes = std::fs::read(path).unwrap_or_default();
        session.load_bytes(&path.to_string_lossy(), &bytes);
    }
    let failed: Vec<&FileReport> = session
        .reports()
        .iter()
        .filter(|r| r.error.is_some())
        .collect();
    assert_eq!(
        failed.len(),
        3,
        "the Kinesis event, its broken base64 and the fragments"
    );
    let records: u64 = session.reports().iter().map(|r| r.records).sum();
    let duplicates: u64 = session.reports().iter().map(|r| r.duplicates).sum();
    let other: u64 = session
        .reports()
        .iter()
        .map(|r| r.skipped_other_products)
        .sum();
    assert_eq!(
        records, 206,
        "every GuardDuty-origin record in PROVENANCE.md"
    );
    assert_eq!(other, 3, "Security Hub, Inspector and Macie OCSF");
    let summary = summarize(session.findings().findings());
    assert_eq!(summary.unique_findings, 193);
    assert_eq!(duplicates, 13);
    assert_eq!(summary.band_count(SeverityBand::Critical), 3);
    assert_eq!(summary.band_count(SeverityBand::High), 87);
    assert_eq!(summary.band_count(SeverityBand::Medium), 71);
    assert_eq!(summary.band_count(SeverityBand::Low), 32);
    assert_eq!(summary.archived, 5);
    assert_eq!(summary.samples, 156);
    assert_eq!(
        summary.first_seen.map(|t| t.to_iso8601()).as_deref(),
        Some("2017-10-10T19:18:20.000Z")
    );
    assert_eq!(
        summary.last_seen.map(|t| t.to_iso8601()).as_deref(),
        Some("2025-11-21T23:10:47.284Z")
    );
    assert_eq!(
        session
            .findings()
            .findings()
            .iter()
            .filter(|f| f.dialect == Dialect::Asff)
            .count(),
        1
    );
}
