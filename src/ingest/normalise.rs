//! Native GuardDuty findings (camelCase or PascalCase, bare or in an EventBridge envelope)
//! turned into [`Finding`]s, plus the helpers the ASFF and OCSF mappers share.
//! This file maps the finding's own fields; [`resource`] maps its `resource` subtree and
//! [`service`] its `service` subtree (action, actors, evidence, attack sequence).

use std::sync::Arc;

use crate::model::{Dialect, Finding, FindingType, Text};

use super::intern::Interner;
use super::lenient::Scalar;
use super::wire;

mod resource;
mod service;

use resource::apply_resource;
use service::{apply_scanned_volumes, apply_service};

/// What normalising one record produced.
pub enum Normalised {
    Finding(Box<Finding>, Vec<String>),
    /// The record is a GuardDuty finding that cannot be loaded (no id).
    Unusable {
        id: Option<String>,
        message: String,
    },
}

impl Normalised {
    /// A mapped finding, its lists trimmed to their length: they never grow again, and a
    /// list's first push reserves room for four.
    pub fn finding(mut finding: Finding, warnings: Vec<String>) -> Self {
        shrink_lists(&mut finding);
        Normalised::Finding(Box::new(finding), warnings)
    }
}

fn shrink_lists(finding: &mut Finding) {
    for resource in &mut finding.resources {
        resource.attributes.shrink_to_fit();
    }
    finding.resources.shrink_to_fit();
    finding.tags.shrink_to_fit();
    finding.network_actors.shrink_to_fit();
    finding.domains.shrink_to_fit();
    finding.user_agents.shrink_to_fit();
    finding.api_calls.shrink_to_fit();
    finding.ports.shrink_to_fit();
    for intel in &mut finding.threat_intel {
        intel.threat_names.shrink_to_fit();
    }
    finding.threat_intel.shrink_to_fit();
    if let Some(sequence) = &mut finding.attack_sequence {
        sequence.tactics.shrink_to_fit();
        sequence.techniques.shrink_to_fit();
        sequence.resource_uids.shrink_to_fit();
        sequence.signal_uids.shrink_to_fit();
    }
}

/// The parts of an ARN, tolerant of the malformed `arn:aws::guardduty:…` spelling found in
/// an AWS documentation example (an extra empty field after the partition).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ArnParts<'a> {
    pub partition: Option<&'a str>,
    pub service: Option<&'a str>,
    pub region: Option<&'a str>,
    pub account: Option<&'a str>,
    pub resource: Option<&'a str>,
}

/// Splits an ARN; anything that is not an ARN gives empty parts.
pub fn parse_arn(arn: &str) -> ArnParts<'_> {
    let mut parts = ArnParts::default();
    let Some(rest) = arn.strip_prefix("arn:") else {
        return parts;
    };
    let fields: Vec<&str> = rest.splitn(6, ':').collect();
    let non_empty = |s: &&str| !s.is_empty();
    // Normal: partition, service, region, account, resource. Malformed: partition, "",
    // service, region, account, resource.
    let shifted = fields.len() >= 6
        && fields.get(1).is_some_and(|s| s.is_empty())
        && fields.get(2).is_some_and(|s| !s.is_empty());
    parts.partition = fields.first().copied().filter(non_empty);
    if shifted {
        parts.service = fields.get(2).copied().filter(non_empty);
        parts.region = fields.get(3).copied().filter(non_empty);
        parts.account = fields.get(4).copied().filter(non_empty);
        parts.resource = fields.get(5).copied().filter(non_empty);
    } else {
        let rest_fields: Vec<&str> = rest.splitn(5, ':').collect();
        parts.service = rest_fields.get(1).copied().filter(non_empty);
        parts.region = rest_fields.get(2).copied().filter(non_empty);
        parts.account = rest_fields.get(3).copied().filter(non_empty);
        parts.resource = rest_fields.get(4).copied().filter(non_empty);
    }
    parts
}

/// The finding id at the end of a GuardDuty finding ARN (`…/finding/<id>`), or the last path
/// segment of any other id.
pub fn id_from_arn(arn: &str) -> Option<&str> {
    arn.rsplit('/')
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Context shared by the mappers: the interner and the per-file settings.
pub struct Context<'a> {
    pub interner: &'a mut Interner,
    pub source_file: u32,
}

impl Context<'_> {
    pub fn text(&mut self, value: &str) -> Text {
        self.interner.intern(value)
    }

    pub fn opt(&mut self, value: Option<&str>) -> Option<Text> {
        value
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| self.interner.intern(s))
    }

    /// Text that is rarely repeated (ARNs): not interned.
    pub fn own(value: Option<&str>) -> Option<Text> {
        value.filter(|s| !s.trim().is_empty()).map(Text::from)
    }

    /// Text kept exactly as exported (not trimmed) but shared: titles and descriptions repeat
    /// across the findings of one type.
    pub fn shared(&mut self, value: Option<&str>) -> Option<Text> {
        value
            .filter(|s| !s.trim().is_empty())
            .map(|s| self.interner.intern(s))
    }

    pub fn finding_type(&mut self, full: &str) -> Arc<FindingType> {
        self.interner.finding_type(full)
    }
}

/// Fallbacks from an enclosing EventBridge envelope (truncated envelopes have only these).
#[derive(Clone, Debug, Default)]
pub struct EnvelopeInfo {
    pub region: Option<String>,
    pub account: Option<String>,
}

/// A severity label (OCSF, custom rules) as a representative score inside its band.
pub fn score_from_label(label: &str) -> Option<f64> {
    match label.trim().to_ascii_lowercase().as_str() {
        "informational" | "info" => Some(1.0),
        "low" => Some(2.0),
        "medium" => Some(5.0),
        "high" => Some(8.0),
        "critical" => Some(9.0),
        "fatal" => Some(10.0),
        _ => None,
    }
}

fn severity_score(severity: &wire::Severity) -> Option<f64> {
    match severity {
        wire::Severity::Scalar(scalar) => scalar.number().or_else(|| match scalar {
            Scalar::Text(label) => score_from_label(label),
            _ => None,
        }),
        wire::Severity::Asff(asff) => asff.product.0,
        wire::Severity::Absent => None,
    }
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// Whether a string is one of GuardDuty's sample-finding placeholders.
fn is_placeholder(value: Option<&str>) -> bool {
    value.is_some_and(|s| s.starts_with("GeneratedFinding"))
}

/// Maps a native record. `dialect` is what the caller recognised.
pub fn native(
    record: &wire::Record,
    envelope: &EnvelopeInfo,
    dialect: Dialect,
    cx: &mut Context<'_>,
) -> Normalised {
    let mut warnings = Vec::new();
    let arn_text = record.arn.get();
    let arn = arn_text.map(parse_arn).unwrap_or_default();
    let id = record
        .id
        .get()
        .or(record.id_pascal.get())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .or_else(|| {
            arn_text
                .filter(|a| a.contains("/finding/"))
                .and_then(id_from_arn)
        });
    let Some(id) = id else {
        return Normalised::Unusable {
            id: None,
            message: "The finding has no id, so it was skipped".into(),
        };
    };
    let type_text = record.kind.get().or(record.kind_pascal.get());
    let finding_type = match type_text {
        Some(t) => cx.finding_type(t),
        None => {
            warnings.push("The finding has no type; shown as \"Unknown\"".to_owned());
            cx.finding_type("Unknown")
        }
    };
    let score = match severity_score(&record.severity) {
        Some(score) => score,
        None => {
            warnings.push("The finding has no usable severity; score 0 (Low) used".to_owned());
            0.0
        }
    };
    // Ids are unique: interning them would only grow the interner.
    let mut finding = Finding::new(Text::from(id), finding_type, score, dialect);
    finding.source_file = cx.source_file;
    finding.arn = arn_text.map(Text::from);
    finding.account_id = cx.opt(
        record
            .account_id
            .get()
            .or(envelope.account.as_deref())
            .or(arn.account),
    );
    finding.region = cx.opt(
        record
            .region
            .get()
            .or(envelope.region.as_deref())
            .or(arn.region),
    );
    finding.partition = cx.opt(record.partition.get().or(arn.partition));
    finding.title = cx.shared(record.title.get());
    finding.description = cx.shared(record.description.get());
    finding.created_at = record.created_at.0;
    finding.updated_at = record.updated_at.0;
    finding.confidence = record.confidence.0;
    finding.attack_sequence_arn = Context::own(record.associated_attack_sequence_arn.get());

    let service = record.service.get();
    finding.first_seen_at = service
        .and_then(|s| s.event_first_seen.0)
        .or(record.event_first_seen.0);
    finding.last_seen_at = service
        .and_then(|s| s.event_last_seen.0)
        .or(record.event_last_seen.0);
    let count = service.and_then(|s| s.count.0).or(record.count.0);
    finding.count = count_from(count);
    finding.archived = service
        .and_then(|s| s.archived.0)
        .or(record.archived.0)
        .unwrap_or(false);
    if let Some(service) = service {
        apply_service(&mut finding, service, cx);
    }
    if let Some(resource) = record.resource.get() {
        apply_resource(&mut finding, resource, cx);
    }
    if let Some(service) = service {
        apply_scanned_volumes(&mut finding, service, cx);
    }
    if finding
        .title
        .as_deref()
        .is_some_and(|t| t.trim_start().starts_with("[SAMPLE]"))
    {
        finding.sample = true;
    }
    Normalised::finding(finding, warnings)
}

/// `service.count` as a whole number, 1 when absent or nonsensical.
pub fn count_from(count: Option<f64>) -> u64 {
    match count {
        Some(n) if n.is_finite() && n >= 1.0 => n.round().min(u64::MAX as f64) as u64,
        Some(n) if n.is_finite() && n >= 0.0 => 0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_parts_of_a_normal_finding_arn() {
        let parts = parse_arn("arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/f1");
        assert_eq!(parts.partition, Some("aws"));
        assert_eq!(parts.service, Some("guardduty"));
        assert_eq!(parts.region, Some("us-east-1"));
        assert_eq!(parts.account, Some("123456789012"));
        assert_eq!(parts.resource, Some("detector/d/finding/f1"));
    }

    #[test]
    fn arn_parts_of_the_malformed_documentation_arn() {
        let parts = parse_arn("arn:aws::guardduty:us-east-1:193043430472:detector/d/finding/f");
        assert_eq!(parts.service, Some("guardduty"));
        assert_eq!(parts.region, Some("us-east-1"));
        assert_eq!(parts.account, Some("193043430472"));
    }

    #[test]
    fn iam_arns_have_no_region() {
        let parts = parse_arn("arn:aws:iam::123456789012:role/x");
        assert_eq!(parts.region, None);
        assert_eq!(parts.account, Some("123456789012"));
    }

    #[test]
    fn counts_default_to_one() {
        assert_eq!(count_from(None), 1);
        assert_eq!(count_from(Some(74.0)), 74);
        assert_eq!(count_from(Some(f64::NAN)), 1);
        assert_eq!(count_from(Some(-5.0)), 1);
    }
}
