//! Security Hub ASFF findings produced by GuardDuty, mapped back to the GuardDuty finding:
//! the id from the finding ARN in `Id`, the native severity, the type from `Types`, and the
//! service details from the flattened `ProductFields` keys.

use rustc_hash::FxHashMap;

use crate::model::{Dialect, Finding, NetworkActor, Resource, ResourceKind, Tag, Text};

use super::lenient;
use super::normalise::{count_from, id_from_arn, parse_arn, Context, Normalised};
use super::timestamp;
use super::wire;

/// Whether an ASFF record was produced by GuardDuty.
pub fn is_guardduty(record: &wire::Record) -> bool {
    let by_product = record
        .product_arn
        .get()
        .is_some_and(|arn| arn.trim_end_matches('/').ends_with("/guardduty"));
    let by_name = product_field(record, "aws/securityhub/ProductName")
        .is_some_and(|name| name.eq_ignore_ascii_case("GuardDuty"));
    by_product || by_name
}

fn product_field<'a>(record: &'a wire::Record, key: &str) -> Option<&'a str> {
    record.product_fields.get()?.get(key)?.get()
}

/// Turns an ASFF type (`TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce`) back into
/// the GuardDuty type (`UnauthorizedAccess:EC2/SSHBruteForce`).
pub fn guardduty_type(asff_type: &str) -> Option<String> {
    let last = asff_type.rsplit('/').next()?.trim();
    let (purpose, rest) = last.split_once(':')?;
    let rest = match rest.split_once('-') {
        Some((resource, family)) => format!("{resource}/{family}"),
        None => rest.to_owned(),
    };
    Some(format!("{purpose}:{rest}"))
}

/// GuardDuty's resource type for an ASFF resource type.
fn resource_type(asff: &str) -> (&'static str, ResourceKind) {
    match asff {
        "AwsEc2Instance" => ("Instance", ResourceKind::Instance),
        "AwsIamAccessKey" => ("AccessKey", ResourceKind::AccessKey),
        "AwsS3Bucket" => ("S3Bucket", ResourceKind::S3Bucket),
        "AwsS3Object" => ("S3Object", ResourceKind::S3Object),
        "AwsEksCluster" => ("EKSCluster", ResourceKind::EksCluster),
        "AwsEcsCluster" => ("ECSCluster", ResourceKind::EcsCluster),
        "AwsEcsTask" => ("ECSCluster", ResourceKind::EcsTask),
        "Container" => ("Container", ResourceKind::Container),
        "AwsLambdaFunction" => ("Lambda", ResourceKind::Lambda),
        "AwsRdsDbInstance" => ("RDSDBInstance", ResourceKind::RdsDbInstance),
        _ => ("", ResourceKind::Other),
    }
}

/// Maps one GuardDuty ASFF record.
pub fn normalise(record: &wire::Record, cx: &mut Context<'_>) -> Normalised {
    let empty = FxHashMap::default();
    let fields = record.product_fields.get().unwrap_or(&empty);
    let field = |key: &str| fields.get(key).and_then(lenient::Str::get);
    let mut warnings = Vec::new();
    let arn_text = record.id_pascal.get();
    let Some(id) = arn_text.and_then(id_from_arn) else {
        return Normalised::Unusable {
            id: None,
            message: "The Security Hub finding has no Id, so it was skipped".into(),
        };
    };
    let arn = arn_text.map(parse_arn).unwrap_or_default();
    let type_text = record
        .types
        .0
        .iter()
        .chain(
            record
                .finding_provider_fields
                .get()
                .map(|f| f.types.0.as_slice())
                .unwrap_or(&[]),
        )
        .filter_map(lenient::Str::get)
        .find_map(guardduty_type);
    let finding_type = match type_text {
        Some(t) => cx.finding_type(&t),
        None => {
            warnings.push("The Security Hub finding has no GuardDuty type".to_owned());
            cx.finding_type("Unknown")
        }
    };
    let provider = record
        .finding_provider_fields
        .get()
        .and_then(|f| f.severity.get());
    let (product, normalized) = match &record.severity {
        wire::Severity::Asff(s) => (s.product.0, s.normalized.0),
        _ => (None, None),
    };
    let score = provider
        .and_then(|s| s.original.get())
        .and_then(|s| s.trim().parse::<f64>().ok())
        .or(product)
        .or_else(|| field("aws/guardduty/severity").and_then(|s| s.parse().ok()))
        .or(normalized.map(|n| n / 10.0));
    let score = match score.filter(|s| s.is_finite()) {
        Some(score) => score,
        None => {
            warnings.push("The Security Hub finding has no usable severity; score 0 used".into());
            0.0
        }
    };
    let id_text = Text::from(id);
    let mut finding = Finding::new(id_text, finding_type, score, Dialect::Asff);
    finding.source_file = cx.source_file;
    finding.arn = arn_text.map(Text::from);
    finding.account_id = cx.opt(record.aws_account_id.get().or(arn.account));
    finding.region = cx.opt(record.region.get().or(arn.region));
    finding.partition = cx.opt(arn.partition);
    finding.title = cx.shared(record.title.get());
    finding.description = cx.shared(record.description.get());
    finding.created_at = record.created_at.0;
    finding.updated_at = record.updated_at.0;
    finding.first_seen_at = field("aws/guardduty/service/eventFirstSeen")
        .and_then(timestamp::parse)
        .or(record.first_observed_at.0);
    finding.last_seen_at = field("aws/guardduty/service/eventLastSeen")
        .and_then(timestamp::parse)
        .or(record.last_observed_at.0);
    finding.count = count_from(field("aws/guardduty/service/count").and_then(|c| c.parse().ok()));
    finding.archived = field("aws/guardduty/service/archived") == Some("true")
        || record.record_state.get() == Some("ARCHIVED");
    finding.sample = field("aws/guardduty/service/additionalInfo/sample") == Some("true")
        || finding
            .title
            .as_deref()
            .is_some_and(|t| t.starts_with("[SAMPLE]"));
    finding.confidence = record.confidence.0;
    finding.action_type = cx.opt(field("aws/guardduty/service/action/actionType"));
    finding.resource_role = match field("aws/guardduty/service/resourceRole") {
        Some("TARGET") => Some(crate::model::ResourceRole::Target),
        Some("ACTOR") => Some(crate::model::ResourceRole::Actor),
        _ => None,
    };
    apply_product_fields(&mut finding, fields, cx);
    for resource in record.asff_resources.0.iter().filter_map(lenient::Obj::get) {
        let asff_type = resource.kind.get().unwrap_or_default();
        let (guardduty, kind) = resource_type(asff_type);
        if finding.resource_type.is_none() && !guardduty.is_empty() {
            finding.resource_type = Some(cx.text(guardduty));
        }
        let Some(full_id) = resource.id.get() else {
            continue;
        };
        // Instance ARNs end in `instance/i-…`; the model joins on the bare id.
        let id = match kind {
            ResourceKind::Instance => id_from_arn(full_id).unwrap_or(full_id),
            _ => full_id,
        };
        let mut attributes = Vec::new();
        if kind == ResourceKind::Other && !asff_type.is_empty() {
            attributes.push((cx.text("Type"), cx.text(asff_type)));
        }
        let mut display_name = None;
        if let Some(tags) = resource.tags.get() {
            let mut keys: Vec<&String> = tags.keys().collect();
            keys.sort();
            for key in keys {
                let value = tags
                    .get(key)
                    .and_then(lenient::Str::get)
                    .unwrap_or_default();
                if key == "Name" {
                    display_name = cx.opt(Some(value));
                }
                let tag = Tag {
                    key: cx.text(key),
                    value: cx.text(value),
                };
                if !finding.tags.contains(&tag) {
                    finding.tags.push(tag);
                }
            }
        }
        finding.resources.push(Resource {
            kind,
            id: cx.text(id),
            display_name,
            attributes,
        });
    }
    Normalised::finding(finding, warnings)
}

/// Reads the flattened `aws/guardduty/service/action/…` keys: remote IP, ports, domains, API.
fn apply_product_fields(
    finding: &mut Finding,
    fields: &FxHashMap<String, lenient::Str>,
    cx: &mut Context<'_>,
) {
    // Group remote-IP keys by their prefix (one actor per `…/remoteIpDetails`).
    let mut prefixes: Vec<&str> = fields
        .keys()
        .filter_map(|k| k.find("/remoteIpDetails/").map(|i| &k[..i]))
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    for prefix in prefixes {
        let get = |suffix: &str| {
            fields
                .get(&format!("{prefix}/remoteIpDetails/{suffix}"))
                .and_then(lenient::Str::get)
        };
        let actor = NetworkActor {
            ip_address: cx.opt(get("ipAddressV4").or(get("ipAddressV6"))),
            country_code: cx.opt(get("country/countryCode")),
            country_name: cx.opt(get("country/countryName")),
            city: cx.opt(get("city/cityName")),
            asn: cx.opt(get("organization/asn")),
            asn_org: cx.opt(get("organization/asnOrg")),
            org: cx.opt(get("organization/org")),
            isp: cx.opt(get("organization/isp")),
            latitude: get("geoLocation/lat").and_then(|v| v.parse().ok()),
            longitude: get("geoLocation/lon").and_then(|v| v.parse().ok()),
        };
        if actor != NetworkActor::default() && !finding.network_actors.contains(&actor) {
            finding.network_actors.push(actor);
        }
    }
    let mut keys: Vec<&String> = fields.keys().collect();
    keys.sort();
    for key in keys {
        let Some(value) = fields.get(key).and_then(lenient::Str::get) else {
            continue;
        };
        if key.ends_with("PortDetails/port") {
            if let Ok(port) = value.parse::<u16>() {
                if !finding.ports.contains(&port) {
                    finding.ports.push(port);
                }
            }
        } else if key.ends_with("/blocked") {
            let blocked = value == "true";
            finding.blocked = Some(finding.blocked.unwrap_or(false) || blocked);
        } else if key.ends_with("/domain") {
            let domain = cx.text(value);
            if !finding.domains.contains(&domain) {
                finding.domains.push(domain);
            }
        } else if key.ends_with("awsApiCallAction/api") {
            let api = cx.text(value);
            if !finding.api_calls.contains(&api) {
                finding.api_calls.push(api);
            }
        } else if key.ends_with("/userAgent") {
            let agent = cx.text(value);
            if !finding.user_agents.contains(&agent) {
                finding.user_agents.push(agent);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::guardduty_type;

    #[test]
    fn asff_types_map_back_to_guardduty_types() {
        assert_eq!(
            guardduty_type("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce").as_deref(),
            Some("UnauthorizedAccess:EC2/SSHBruteForce")
        );
        assert_eq!(
            guardduty_type("Effects/Data Exfiltration/Trojan:EC2-DropPoint!DNS").as_deref(),
            Some("Trojan:EC2/DropPoint!DNS")
        );
        assert_eq!(guardduty_type("Software and Configuration Checks"), None);
    }
}
