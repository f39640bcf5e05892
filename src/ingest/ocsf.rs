//! OCSF Detection Findings (class 2004) produced by GuardDuty, mapped back to the GuardDuty
//! finding: Security Hub's OCSF 1.6 (single, array, `StartExportJobV2` OCSF_JSON output, the
//! "Findings Imported V2" event) and Security Lake's OCSF 1.1 rows as JSON (the type in ASFF
//! form `TTPs/Defense Evasion/Stealth:IAMUser-CloudTrailLoggingDisabled`, times also as
//! `…_time_dt` text, GuardDuty's count and archived flag under `unmapped`). Other products'
//! OCSF records are skipped.

use crate::model::{Dialect, Finding, NetworkActor, Resource, ResourceKind, Tag, Text};

use super::normalise::{count_from, id_from_arn, parse_arn, score_from_label, Context, Normalised};
use super::wire;
use super::{asff, lenient};

/// OCSF's Detection Finding class.
pub const DETECTION_FINDING_CLASS: f64 = 2004.0;

/// Whether an OCSF record is a GuardDuty Detection Finding.
pub fn is_guardduty(record: &wire::Record) -> bool {
    let product = record.metadata.get().and_then(|m| m.product.get());
    let named = product.and_then(|p| p.name.get()).is_some_and(|n| {
        n.eq_ignore_ascii_case("GuardDuty") || n.eq_ignore_ascii_case("Amazon GuardDuty")
    });
    let by_uid = product
        .and_then(|p| p.uid.get())
        .is_some_and(|u| u.ends_with("/guardduty"));
    record.class_uid.0 == Some(DETECTION_FINDING_CLASS) && (named || by_uid)
}

/// The GuardDuty type in one `finding_info.types` entry: as is (`Recon:EC2/Portscan`, OCSF
/// 1.6) or from its ASFF form (`TTPs/Discovery/Recon:EC2-Portscan`, Security Lake OCSF 1.1).
fn guardduty_type(entry: &str) -> Option<String> {
    let (before_colon, _) = entry.split_once(':')?;
    if before_colon.contains('/') {
        return asff::guardduty_type(entry);
    }
    entry.contains('/').then(|| entry.trim().to_owned())
}

/// A representative score for an OCSF `severity_id`.
fn score_from_id(id: f64) -> Option<f64> {
    match id as i64 {
        1 => Some(1.0),
        2 => Some(2.0),
        3 => Some(5.0),
        4 => Some(8.0),
        5 => Some(9.0),
        6 => Some(10.0),
        _ => None,
    }
}

fn resource_type(ocsf: &str) -> (&'static str, ResourceKind) {
    match ocsf {
        "AwsEc2Instance" => ("Instance", ResourceKind::Instance),
        "AwsIamAccessKey" => ("AccessKey", ResourceKind::AccessKey),
        "AwsS3Bucket" => ("S3Bucket", ResourceKind::S3Bucket),
        "AwsEksCluster" => ("EKSCluster", ResourceKind::EksCluster),
        "AwsEcsCluster" => ("ECSCluster", ResourceKind::EcsCluster),
        "Container" => ("Container", ResourceKind::Container),
        "AwsLambdaFunction" => ("Lambda", ResourceKind::Lambda),
        "AwsRdsDbInstance" => ("RDSDBInstance", ResourceKind::RdsDbInstance),
        _ => ("", ResourceKind::Other),
    }
}

/// Maps one GuardDuty OCSF record.
pub fn normalise(record: &wire::Record, cx: &mut Context<'_>) -> Normalised {
    let mut warnings = Vec::new();
    let info = record.finding_info.get();
    let uid = info.and_then(|i| i.uid.get());
    let id = uid
        .and_then(id_from_arn)
        .or_else(|| info.and_then(|i| i.uid_alt.get()));
    let Some(id) = id else {
        return Normalised::Unusable {
            id: None,
            message: "The OCSF finding has no finding_info.uid, so it was skipped".into(),
        };
    };
    let arn_text = uid.filter(|u| u.starts_with("arn:"));
    let arn = arn_text.map(parse_arn).unwrap_or_default();
    let type_text = info
        .map(|i| i.types.0.as_slice())
        .unwrap_or(&[])
        .iter()
        .filter_map(lenient::Str::get)
        .find_map(guardduty_type);
    let finding_type = match type_text {
        Some(t) => cx.finding_type(&t),
        None => {
            warnings.push("The OCSF finding has no GuardDuty type".to_owned());
            cx.finding_type("Unknown")
        }
    };
    let label_score = match &record.severity {
        wire::Severity::Scalar(s) => s.text().and_then(|t| score_from_label(&t)),
        _ => None,
    };
    let score = label_score.or_else(|| record.severity_id.0.and_then(score_from_id));
    let score = match score {
        Some(score) => score,
        None => {
            warnings.push("The OCSF finding has no usable severity; score 0 used".into());
            0.0
        }
    };
    let id_text = Text::from(id);
    let mut finding = Finding::new(id_text, finding_type, score, Dialect::Ocsf);
    finding.source_file = cx.source_file;
    finding.arn = arn_text.map(Text::from);
    let cloud = record.cloud.get();
    finding.account_id = cx.opt(
        cloud
            .and_then(|c| c.account.get())
            .and_then(|a| a.uid.get())
            .or(arn.account),
    );
    finding.region = cx.opt(cloud.and_then(|c| c.region.get()).or(arn.region));
    finding.partition = cx.opt(
        cloud
            .and_then(|c| c.cloud_partition.get())
            .or(arn.partition),
    );
    finding.title = cx.shared(info.and_then(|i| i.title.get()));
    finding.description = cx.shared(info.and_then(|i| i.desc.get()));
    finding.created_at = info.and_then(|i| i.created_time.0.or(i.created_time_dt.0));
    finding.updated_at = info
        .and_then(|i| i.modified_time.0.or(i.modified_time_dt.0))
        .or(record.time.0)
        .or(finding.created_at);
    finding.first_seen_at = info.and_then(|i| i.first_seen_time.0.or(i.first_seen_time_dt.0));
    finding.last_seen_at = info.and_then(|i| i.last_seen_time.0.or(i.last_seen_time_dt.0));
    let unmapped = |key: &str| {
        record
            .unmapped
            .get()
            .and_then(|map| map.get(key))
            .and_then(lenient::Str::get)
    };
    let unmapped_count =
        unmapped("aws/guardduty/service/count").and_then(|c| c.trim().parse().ok());
    finding.count = count_from(record.count.0.or(unmapped_count));
    finding.archived = record
        .status
        .get()
        .is_some_and(|s| s.eq_ignore_ascii_case("Archived"))
        || unmapped("aws/guardduty/service/archived")
            .is_some_and(|a| a.trim().eq_ignore_ascii_case("true"));
    finding.sample = finding
        .title
        .as_deref()
        .is_some_and(|t| t.starts_with("[SAMPLE]"));
    for resource in record.ocsf_resources.0.iter().filter_map(lenient::Obj::get) {
        let ocsf_type = resource.kind.get().unwrap_or_default();
        let (guardduty, kind) = resource_type(ocsf_type);
        if finding.resource_type.is_none() && !guardduty.is_empty() {
            finding.resource_type = Some(cx.text(guardduty));
        }
        for tag in resource.tags.0.iter().filter_map(lenient::Obj::get) {
            if let Some(key) = tag.name.get().or(tag.key.get()) {
                let tag = Tag {
                    key: cx.text(key),
                    value: cx.text(tag.value.get().unwrap_or_default()),
                };
                if !finding.tags.contains(&tag) {
                    finding.tags.push(tag);
                }
            }
        }
        let Some(full_id) = resource.uid.get() else {
            continue;
        };
        let id = match kind {
            ResourceKind::Instance => id_from_arn(full_id).unwrap_or(full_id),
            _ => full_id,
        };
        let attributes = if kind == ResourceKind::Other && !ocsf_type.is_empty() {
            vec![(cx.text("Type"), cx.text(ocsf_type))]
        } else {
            Vec::new()
        };
        finding.resources.push(Resource {
            kind,
            id: cx.text(id),
            display_name: cx.opt(resource.name.get()),
            attributes,
        });
    }
    for evidence in record.evidences.0.iter().filter_map(lenient::Obj::get) {
        for endpoint in [&evidence.src_endpoint, &evidence.dst_endpoint]
            .into_iter()
            .filter_map(lenient::Obj::get)
        {
            if let Some(domain) = cx.opt(endpoint.domain.get()) {
                if !finding.domains.contains(&domain) {
                    finding.domains.push(domain);
                }
            }
            if let Some(ip) = cx.opt(endpoint.ip.get()) {
                if !finding
                    .network_actors
                    .iter()
                    .any(|a| a.ip_address.as_ref() == Some(&ip))
                {
                    finding.network_actors.push(NetworkActor {
                        ip_address: Some(ip),
                        ..NetworkActor::default()
                    });
                }
            }
        }
    }
    Normalised::finding(finding, warnings)
}
