//! Unit tests of the suppression what-if: every operator at its boundaries, the fields read
//! from a finding, building from a filter, the preview's warnings, export and import.

use serde_json::json;

use super::build::{criteria_from_filter, loaded_types};
use super::criteria::{FindingCriteria, Operator};
use super::evaluate::evaluate;
use super::import::{import_filters, ImportedFilter};
use super::preview::{filter_name, preview, PreviewWarning, SuppressionRule};
use crate::analysis::filter::{ArchiveFilter, FindingFilter};
use crate::analysis::period::Period;
use crate::model::{
    AttackSequence, Dialect, EpochMillis, Finding, FindingType, NetworkActor, Resource,
    ResourceKind, SeverityBand, Text,
};

fn finding(id: &str, kind: &str, score: f64) -> Finding {
    let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
    let mut f = Finding::new(id.into(), kind, score, Dialect::CamelCase);
    f.account_id = Some("111122223333".into());
    f.region = Some("us-east-1".into());
    f.resource_type = Some("Instance".into());
    f
}

fn criteria(value: serde_json::Value) -> FindingCriteria {
    match FindingCriteria::from_json(&value, "") {
        Ok(criteria) => criteria,
        Err(error) => panic!("test criteria do not parse: {error}"),
    }
}

/// Ids of the findings the criteria match (undecided ones excluded).
fn matched(value: serde_json::Value, findings: &[Finding]) -> Vec<String> {
    evaluate(&criteria(value), findings)
        .matched
        .iter()
        .map(|&i| findings[i as usize].id.to_string())
        .collect()
}

fn scored(scores: &[f64]) -> Vec<Finding> {
    scores
        .iter()
        .map(|&s| finding(&format!("{s}"), "Recon:EC2/Portscan", s))
        .collect()
}

#[test]
fn greater_than_excludes_its_bound_in_both_spellings() {
    let findings = scored(&[7.0, 7.1]);
    for op in ["Gt", "GreaterThan"] {
        assert_eq!(
            matched(json!({"Criterion": {"severity": {op: 7}}}), &findings),
            ["7.1"],
            "{op}"
        );
    }
}

#[test]
fn greater_than_or_equal_includes_its_bound_in_both_spellings() {
    let findings = scored(&[6.9, 7.0]);
    for op in ["Gte", "GreaterThanOrEqual"] {
        assert_eq!(
            matched(json!({"Criterion": {"severity": {op: 7}}}), &findings),
            ["7"],
            "{op}"
        );
    }
}

#[test]
fn less_than_excludes_its_bound_in_both_spellings() {
    let findings = scored(&[3.9, 4.0]);
    for op in ["Lt", "LessThan"] {
        assert_eq!(
            matched(json!({"Criterion": {"severity": {op: 4}}}), &findings),
            ["3.9"],
            "{op}"
        );
    }
}

#[test]
fn less_than_or_equal_includes_its_bound_in_both_spellings() {
    let findings = scored(&[4.0, 4.1]);
    for op in ["Lte", "LessThanOrEqual"] {
        assert_eq!(
            matched(json!({"Criterion": {"severity": {op: 4}}}), &findings),
            ["4"],
            "{op}"
        );
    }
}

#[test]
fn timestamps_compare_as_epoch_milliseconds_at_the_edges_of_a_range() {
    let at = |id: &str, ms: i64| {
        let mut f = finding(id, "Recon:EC2/Portscan", 2.0);
        f.updated_at = Some(EpochMillis(ms));
        f
    };
    let findings = [
        at("before", 999),
        at("start", 1_000),
        at("last", 1_999),
        at("end", 2_000),
        finding("none", "Recon:EC2/Portscan", 2.0),
    ];
    let range = json!({"Criterion": {"updatedAt": {"GreaterThanOrEqual": 1000, "LessThan": 2000}}});
    assert_eq!(matched(range, &findings), ["start", "last"]);
    let deprecated = json!({"Criterion": {"updatedAt": {"Gt": 999, "Lte": 1999}}});
    assert_eq!(matched(deprecated, &findings), ["start", "last"]);
    let equals_iso =
        json!({"Criterion": {"updatedAt": {"Equals": ["1970-01-01T00:00:02Z", "999"]}}});
    assert_eq!(matched(equals_iso, &findings), ["before", "end"]);
}

#[test]
fn equals_is_any_of_and_a_missing_field_never_equals() {
    let mut other = finding("other", "Recon:EC2/Portscan", 2.0);
    other.region = Some("eu-west-1".into());
    let mut none = finding("none", "Recon:EC2/Portscan", 2.0);
    none.region = None;
    let findings = [finding("east", "Recon:EC2/Portscan", 2.0), other, none];
    for op in ["Eq", "Equals"] {
        let any_of = json!({"Criterion": {"region": {op: ["us-east-1", "eu-west-1"]}}});
        assert_eq!(matched(any_of, &findings), ["east", "other"], "{op}");
    }
    let case = json!({"Criterion": {"region": {"Equals": ["US-EAST-1"]}}});
    assert!(matched(case, &findings).is_empty(), "equality is exact");
}

#[test]
fn not_equals_is_none_of_and_a_missing_field_passes() {
    let mut other = finding("other", "Recon:EC2/Portscan", 2.0);
    other.region = Some("eu-west-1".into());
    let mut none = finding("none", "Recon:EC2/Portscan", 2.0);
    none.region = None;
    let findings = [finding("east", "Recon:EC2/Portscan", 2.0), other, none];
    for op in ["Neq", "NotEquals"] {
        let none_of = json!({"Criterion": {"region": {op: ["us-east-1", "ap-south-1"]}}});
        assert_eq!(matched(none_of, &findings), ["other", "none"], "{op}");
    }
}

#[test]
fn matches_and_not_matches_take_star_wildcards() {
    let findings = [
        finding("dns", "Trojan:EC2/BlackholeTraffic!DNS", 5.0),
        finding("scan", "Recon:EC2/Portscan", 5.0),
    ];
    let any = json!({"Criterion": {"type": {"Matches": ["*!DNS", "Backdoor:*"]}}});
    assert_eq!(matched(any, &findings), ["dns"]);
    let none = json!({"Criterion": {"type": {"NotMatches": ["Trojan:*"]}}});
    assert_eq!(matched(none, &findings), ["scan"]);
}

#[test]
fn a_question_mark_pattern_is_named_not_guessed() {
    let findings = [finding("scan", "Recon:EC2/Portscan", 5.0)];
    let result = evaluate(
        &criteria(json!({"Criterion": {"type": {"Matches": ["Recon:EC2/Port?can"]}}})),
        &findings,
    );
    assert!(result.matched.is_empty());
    assert_eq!(result.undecided, [0]);
    assert_eq!(result.unevaluated[0].operator.as_deref(), Some("Matches"));
}

#[test]
fn severity_equality_uses_the_documented_band_lists() {
    let findings = scored(&[1.0, 3.9, 3.95, 4.0, 6.9, 7.0, 8.9, 9.0, 10.0]);
    let band = |values: &[&str]| {
        matched(
            json!({"Criterion": {"severity": {"Equals": values}}}),
            &findings,
        )
    };
    assert_eq!(band(&["1", "2", "3"]), ["1", "3.9"]);
    assert_eq!(
        band(&["4", "5", "6"]),
        ["3.95", "4", "6.9"],
        "3.95 rounds to 4.0 like its band"
    );
    assert_eq!(band(&["7", "8"]), ["7", "8.9"]);
    assert_eq!(band(&["9", "10"]), ["9", "10"]);
    assert_eq!(
        band(&["8.9"]),
        ["8.9"],
        "a fractional value is exact at tenths"
    );
    for band_of in SeverityBand::ALL {
        let values = super::build::band_values(band_of);
        let ids = matched(
            json!({"Criterion": {"severity": {"Equals": values}}}),
            &findings,
        );
        let expected: Vec<String> = findings
            .iter()
            .filter(|f| f.severity == band_of)
            .map(|f| f.id.to_string())
            .collect();
        assert_eq!(ids, expected, "{band_of}");
    }
}

#[test]
fn booleans_compare_true_and_false() {
    let mut archived = finding("archived", "Recon:EC2/Portscan", 2.0);
    archived.archived = true;
    let mut sample = finding("sample", "Recon:EC2/Portscan", 2.0);
    sample.sample = true;
    let findings = [
        archived,
        sample,
        finding("plain", "Recon:EC2/Portscan", 2.0),
    ];
    assert_eq!(
        matched(
            json!({"Criterion": {"service.archived": {"Equals": ["TRUE"]}}}),
            &findings
        ),
        ["archived"]
    );
    assert_eq!(
        matched(
            json!({"Criterion": {"service.additionalInfo.sample": {"NotEquals": ["true"]}}}),
            &findings
        ),
        ["archived", "plain"]
    );
}

#[test]
fn an_unread_field_is_named_and_its_passers_are_undecided_not_matched() {
    let findings = [
        finding("high", "Recon:EC2/Portscan", 8.0),
        finding("low", "Recon:EC2/Portscan", 2.0),
    ];
    let result = evaluate(
        &criteria(json!({"Criterion": {
            "severity": {"Gte": 7},
            "resource.instanceDetails.networkInterfaces.subnetId": {"Equals": ["subnet-1"]}
        }})),
        &findings,
    );
    assert!(result.matched.is_empty());
    assert_eq!(
        result.undecided,
        [0],
        "the low finding fails severity, so it is decided"
    );
    assert_eq!(result.unevaluated.len(), 1);
    let named = &result.unevaluated[0];
    assert_eq!(
        named.field,
        "resource.instanceDetails.networkInterfaces.subnetId"
    );
    assert_eq!(
        (
            named.operator.as_deref(),
            named.findings,
            named.for_every_finding
        ),
        (None, 1, true)
    );
}

#[test]
fn a_misfit_operator_and_an_unknown_operator_are_named_with_the_operator() {
    let findings = [finding("a", "Recon:EC2/Portscan", 8.0)];
    let result = evaluate(
        &criteria(json!({"Criterion": {
            "type": {"GreaterThan": 3},
            "region": {"StartsWith": ["us-"]},
            "severity": {"Equals": ["high"]}
        }})),
        &findings,
    );
    let named: Vec<(&str, Option<&str>)> = result
        .unevaluated
        .iter()
        .map(|u| (u.field.as_str(), u.operator.as_deref()))
        .collect();
    assert_eq!(
        named,
        [
            ("region", Some("StartsWith")),
            ("severity", Some("Equals")),
            ("type", Some("GreaterThan"))
        ]
    );
    assert_eq!(result.undecided, [0]);
}

#[test]
fn a_record_that_cannot_tell_a_merged_value_is_undecided_for_that_finding_only() {
    let actor = |ip: &str| NetworkActor {
        ip_address: Some(ip.into()),
        ..NetworkActor::default()
    };
    let mut connection = finding("connection", "UnauthorizedAccess:EC2/TorClient", 5.0);
    connection.action_type = Some("NETWORK_CONNECTION".into());
    connection.network_actors.push(actor("198.51.100.7"));
    let mut api_call = finding("api", "Recon:IAMUser/MaliciousIPCaller", 5.0);
    api_call.action_type = Some("AWS_API_CALL".into());
    api_call.network_actors.push(actor("198.51.100.7"));
    let mut unknown_action = finding("asff", "UnauthorizedAccess:EC2/TorClient", 5.0);
    unknown_action.network_actors.push(actor("198.51.100.7"));
    let findings = [connection, api_call, unknown_action];
    let result = evaluate(
        &criteria(
            json!({"Criterion": {"service.action.networkConnectionAction.remoteIpDetails.ipAddressV4": {"Equals": ["198.51.100.7"], "NotMatches": ["10.*"]}}}),
        ),
        &findings,
    );
    assert_eq!(result.matched, [0]);
    assert_eq!(result.undecided, [2]);
    assert_eq!(
        result.unevaluated.len(),
        1,
        "one entry per field, not per operator"
    );
    assert_eq!(
        (
            result.unevaluated[0].findings,
            result.unevaluated[0].for_every_finding
        ),
        (1, false)
    );
}

#[test]
fn resource_ids_that_stand_in_for_a_missing_id_are_not_taken_for_it() {
    let key = |id: &str, principal: &str| Resource {
        kind: ResourceKind::AccessKey,
        id: id.into(),
        display_name: None,
        attributes: vec![("Principal id".into(), principal.into())],
    };
    let mut with_key = finding("with-key", "Recon:IAMUser/MaliciousIPCaller", 5.0);
    with_key.resources.push(key("AKIAEXAMPLE", "AIDAPRINCIPAL"));
    let mut principal_only = finding("principal-only", "Recon:IAMUser/MaliciousIPCaller", 5.0);
    principal_only
        .resources
        .push(key("AIDAPRINCIPAL", "AIDAPRINCIPAL"));
    let findings = [with_key, principal_only];
    assert_eq!(
        matched(
            json!({"Criterion": {"resource.accessKeyDetails.accessKeyId": {"Equals": ["AKIAEXAMPLE", "AIDAPRINCIPAL"]}}}),
            &findings
        ),
        ["with-key"]
    );
    assert_eq!(
        matched(
            json!({"Criterion": {"resource.accessKeyDetails.principalId": {"Equals": ["AIDAPRINCIPAL"]}}}),
            &findings
        ),
        ["with-key", "principal-only"]
    );
}

#[test]
fn empty_criteria_match_everything_and_the_preview_says_so() {
    let findings = scored(&[2.0, 8.0]);
    let result = preview(&FindingCriteria::default(), &findings);
    assert_eq!(result.matched_ids.len(), 2);
    assert_eq!(result.warnings[0], PreviewWarning::EmptyCriteria);
}

fn timed(id: &str, kind: &str, score: f64, last_seen_ms: i64) -> Finding {
    let mut f = finding(id, kind, score);
    f.last_seen_at = Some(EpochMillis(last_seen_ms));
    f
}

#[test]
fn criteria_built_from_an_expressible_filter_select_what_the_filter_selects() {
    let mut archived = timed("archived", "Recon:EC2/Portscan", 8.0, 1_500);
    archived.archived = true;
    let mut sample = timed("sample", "Recon:EC2/Portscan", 8.0, 1_500);
    sample.sample = true;
    let mut elsewhere = timed("elsewhere", "Recon:EC2/Portscan", 9.5, 1_500);
    elsewhere.account_id = Some("444455556666".into());
    let findings = [
        timed("high", "Recon:EC2/Portscan", 8.0, 1_500),
        timed("critical", "Backdoor:EC2/C&CActivity.B", 9.0, 1_999),
        timed("late", "Recon:EC2/Portscan", 8.0, 2_000),
        timed("medium", "Recon:EC2/Portscan", 5.0, 1_500),
        archived,
        sample,
        elsewhere,
    ];
    let filter = FindingFilter {
        severities: [SeverityBand::High, SeverityBand::Critical].into(),
        accounts: ["111122223333".to_owned()].into(),
        regions: ["us-east-1".to_owned()].into(),
        resource_types: ["Instance".to_owned()].into(),
        archive: ArchiveFilter::ActiveOnly,
        period: Some(Period {
            start: EpochMillis(1_000),
            end: EpochMillis(2_000),
        }),
        ..FindingFilter::default()
    };
    let built = criteria_from_filter(&filter, &loaded_types(&findings));
    assert!(built.not_exportable.is_empty());
    let selected: Vec<u32> = filter.apply(&findings);
    assert_eq!(evaluate(&built.criteria, &findings).matched, selected);
    assert_eq!(selected, [0, 1]);
    assert_eq!(
        built.criteria.to_cli_json()["Criterion"]["service.eventLastSeen"],
        json!({"GreaterThanOrEqual": 1000, "LessThan": 2000})
    );
}

#[test]
fn a_type_prefix_becomes_the_loaded_types_it_covers_with_a_note() {
    let findings = [
        finding("a", "Trojan:EC2/BlackholeTraffic", 5.0),
        finding("b", "Trojan:EC2/BlackholeTraffic!DNS", 5.0),
        finding("c", "Trojan:EC2/DropPoint", 5.0),
    ];
    let filter = FindingFilter {
        types: ["Trojan:EC2/BlackholeTraffic".to_owned()].into(),
        show_samples: true,
        ..FindingFilter::default()
    };
    let built = criteria_from_filter(&filter, &loaded_types(&findings));
    assert_eq!(
        built.criteria.to_cli_json(),
        json!({"Criterion": {"type": {"Equals": ["Trojan:EC2/BlackholeTraffic", "Trojan:EC2/BlackholeTraffic!DNS"]}}})
    );
    assert_eq!(built.notes.len(), 1);
    assert_eq!(
        evaluate(&built.criteria, &findings).matched,
        filter.apply(&findings)
    );
}

#[test]
fn parts_criteria_cannot_express_are_named_and_left_out() {
    let filter = FindingFilter {
        text: "tor".to_owned(),
        graph_node: Some("ip:198.51.100.7".to_owned()),
        accounts: ["Unknown".to_owned(), "111122223333".to_owned()].into(),
        ..FindingFilter::default()
    };
    let built = criteria_from_filter(&filter, &Default::default());
    let parts: Vec<&str> = built
        .not_exportable
        .iter()
        .map(|n| n.part.as_str())
        .collect();
    assert_eq!(
        parts,
        [
            "Account: Unknown",
            "Touches ip: 198.51.100.7",
            "Text: “tor”"
        ]
    );
    assert_eq!(
        built.criteria.to_cli_json(),
        json!({"Criterion": {
            "accountId": {"Equals": ["111122223333"]},
            "service.additionalInfo.sample": {"NotEquals": ["true"]}
        }})
    );
}

#[test]
fn the_preview_counts_and_warns_about_severe_and_attack_sequence_findings() {
    let mut sequence = finding("seq", "AttackSequence:IAM/CompromisedCredentials", 9.0);
    sequence.attack_sequence = Some(AttackSequence {
        signal_uids: vec![
            "arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/signal".into(),
        ],
        ..AttackSequence::default()
    });
    let mut member = finding("member", "Recon:EC2/Portscan", 2.0);
    member.attack_sequence_arn =
        Some("arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/seq".into());
    let findings = [
        sequence,
        member,
        finding("signal", "Recon:EC2/Portscan", 8.0),
        finding("quiet", "Recon:EC2/Portscan", 2.0),
    ];
    let all = preview(
        &criteria(json!({"Criterion": {"accountId": {"Equals": ["111122223333"]}}})),
        &findings,
    );
    assert_eq!(all.by_severity["Critical"], 1);
    assert_eq!(all.by_severity["Low"], 2);
    assert_eq!(all.by_type["Recon:EC2/Portscan"], 3);
    assert_eq!(
        all.warnings,
        [
            PreviewWarning::HidesHighOrCritical {
                high: 1,
                critical: 1
            },
            PreviewWarning::HidesAttackSequences { findings: 1 },
            PreviewWarning::HidesAttackSequenceMembers { findings: 2 },
        ]
    );
    let quiet = preview(
        &criteria(json!({"Criterion": {"id": {"Equals": ["quiet"]}}})),
        &findings,
    );
    assert_eq!(quiet.matched_ids, ["quiet"]);
    assert!(quiet.warnings.is_empty());
}

#[test]
fn the_export_is_the_create_filter_command_and_its_criteria_file() {
    let mut rule = SuppressionRule::new(
        "bastion ssh",
        criteria(
            json!({"Criterion": {"type": {"Equals": ["UnauthorizedAccess:EC2/SSHBruteForce"]}}}),
        ),
    );
    assert_eq!(
        rule.command_line(),
        "aws guardduty create-filter --detector-id <DETECTOR_ID> --name bastion-ssh --action ARCHIVE --rank 1 --finding-criteria file://criteria.json"
    );
    rule.description = Some("the bastion's scanners".into());
    assert!(rule
        .command_line()
        .contains(r" --description 'the bastion'\''s scanners' "));
    let file: serde_json::Value = serde_json::from_str(&rule.criteria_json()).unwrap_or_default();
    assert_eq!(file, rule.criteria.to_cli_json());
    let body: serde_json::Value = serde_json::from_str(&rule.cli_input_json()).unwrap_or_default();
    assert_eq!(
        (body["Action"].as_str(), body["DetectorId"].as_str()),
        (Some("ARCHIVE"), Some("<DETECTOR_ID>"))
    );
    assert_eq!(filter_name("é"), "--rule");
    assert_eq!(filter_name(&"x".repeat(80)).len(), 64);
}

#[test]
fn import_reads_every_shape_and_keeps_list_filters_names_without_criteria() {
    let document = json!([
        {"Name": "a", "Action": "NOOP", "FindingCriteria": {"Criterion": {"region": {"Eq": ["us-east-1"]}}}},
        {"criterion": {"severity": {"gte": 7}}},
        {"Type": "AWS::GuardDuty::Filter", "Properties": {"Name": "cfn", "DetectorId": "d", "FindingCriteria": {"Criterion": {"type": {"Equals": ["x"]}}}}},
        {"FilterNames": ["b", "c"], "NextToken": ""}
    ]);
    let imported = import_filters(&document.to_string()).unwrap_or_default();
    let names: Vec<Option<&str>> = imported.iter().map(ImportedFilter::name).collect();
    assert_eq!(names, [Some("a"), None, Some("cfn"), Some("b"), Some("c")]);
    assert!(matches!(imported[3], ImportedFilter::NameOnly(_)));
    assert!(import_filters("{\"Findings\": []}").is_err());
    assert!(import_filters("not json").is_err());
    let nested = format!("[[[{}]]]", json!({"Criterion": {}}));
    assert!(
        import_filters(&nested).is_err(),
        "arrays nest at most two deep"
    );
}

#[test]
fn deprecated_and_current_spellings_of_one_test_agree() {
    for (old, new) in [
        (Operator::Eq, Operator::Equals),
        (Operator::Neq, Operator::NotEquals),
        (Operator::Gt, Operator::GreaterThan),
        (Operator::Lte, Operator::LessThanOrEqual),
    ] {
        assert_eq!(old.test(), new.test());
        assert!(old.is_deprecated() && !new.is_deprecated());
    }
}

#[test]
fn instance_tags_are_read_only_when_no_other_resource_could_have_brought_them() {
    let resource = |kind: ResourceKind, id: &str| Resource {
        kind,
        id: id.into(),
        display_name: None,
        attributes: Vec::new(),
    };
    let tag = crate::model::Tag {
        key: "Role".into(),
        value: "bastion".into(),
    };
    let mut instance_only = finding("instance", "UnauthorizedAccess:EC2/SSHBruteForce", 2.0);
    instance_only
        .resources
        .push(resource(ResourceKind::Instance, "i-1"));
    instance_only.tags.push(tag.clone());
    let mut with_bucket = finding("mixed", "UnauthorizedAccess:EC2/SSHBruteForce", 2.0);
    with_bucket
        .resources
        .push(resource(ResourceKind::Instance, "i-2"));
    with_bucket
        .resources
        .push(resource(ResourceKind::S3Bucket, "b"));
    with_bucket.tags.push(tag);
    let findings = [instance_only, with_bucket];
    let result = evaluate(
        &criteria(json!({"Criterion": {
            "resource.instanceDetails.tags.value": {"Equals": ["bastion"]},
            "resource.instanceDetails.instanceId": {"Equals": ["i-1", "i-2"]}
        }})),
        &findings,
    );
    assert_eq!(result.matched, [0]);
    assert_eq!(result.undecided, [1], "the bucket may have carried the tag");
}
