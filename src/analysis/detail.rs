//! Everything the detail panel shows about one finding, as labelled text in sections, plus the
//! raw record pretty-printed. Pure: the UI only lays these out (as text, never as markup).
//! [`FindingDetail`] gathers it all as plain, serialisable data, so the shard of the columnar
//! store that owns a finding can answer with it.

use serde::{Deserialize, Serialize};

use crate::analysis::guidance::guidance_for;
use crate::analysis::risk::{assess, Assessment, RiskRules};
use crate::model::{EpochMillis, Finding, RawSpan, ResourceRole, SeverityBand};

/// Everything the detail panel shows of one finding: the heading, the response guidance, the
/// NIST assessment under the given rules and time, every normalised field, and where its raw
/// record is in its file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingDetail {
    pub id: String,
    /// The title, else the finding type.
    pub heading: String,
    /// `SeverityBand::index`.
    band: u8,
    /// The score as the panel prints it (kept as text: any score travels through JSON).
    pub score: String,
    pub guidance_by_severity: String,
    pub guidance_steps: Vec<String>,
    pub assessment: Assessment,
    /// The detail sections: title and label/value rows.
    pub sections: Vec<(String, Vec<(String, String)>)>,
    /// The index of the file's report, and the record's bytes in the file's text.
    pub source_file: u32,
    raw_span: Option<(u64, u64)>,
}

impl FindingDetail {
    pub fn of(finding: &Finding, rules: &RiskRules, now: EpochMillis) -> Self {
        let guidance = guidance_for(finding);
        Self {
            id: finding.id.to_string(),
            heading: finding
                .title
                .as_deref()
                .unwrap_or(&finding.finding_type.full)
                .to_owned(),
            band: finding.severity.index() as u8,
            score: finding.severity_score.to_string(),
            guidance_by_severity: guidance.by_severity.to_owned(),
            guidance_steps: guidance.steps.iter().map(|&s| s.to_owned()).collect(),
            assessment: assess(finding, rules, now),
            sections: detail_sections(finding)
                .into_iter()
                .map(|section| (section.title.to_owned(), section.rows))
                .collect(),
            source_file: finding.source_file,
            raw_span: finding
                .raw_span
                .map(|span| (span.byte_offset, span.byte_length)),
        }
    }

    pub fn band(&self) -> SeverityBand {
        SeverityBand::ALL
            .get(usize::from(self.band))
            .copied()
            .unwrap_or(SeverityBand::Low)
    }

    pub fn raw_span(&self) -> Option<RawSpan> {
        self.raw_span.map(|(byte_offset, byte_length)| RawSpan {
            byte_offset,
            byte_length,
        })
    }
}

/// A titled group of label/value rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DetailSection {
    pub title: &'static str,
    pub rows: Vec<(String, String)>,
}

fn time(value: Option<EpochMillis>) -> Option<String> {
    value.map(|t| t.to_iso8601())
}

/// Adds a row when the value is present and not empty.
fn push(rows: &mut Vec<(String, String)>, label: &str, value: Option<String>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        rows.push((label.to_owned(), value));
    }
}

fn join<T: AsRef<str>>(values: &[T]) -> Option<String> {
    (!values.is_empty()).then(|| {
        values
            .iter()
            .map(|v| v.as_ref())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Every normalised field of `finding`, grouped. Empty sections are left out.
pub fn detail_sections(finding: &Finding) -> Vec<DetailSection> {
    let mut sections = Vec::new();

    let mut overview = Vec::new();
    let kind = &finding.finding_type;
    push(&mut overview, "Finding id", Some(finding.id.to_string()));
    push(&mut overview, "Type", Some(kind.full.to_string()));
    push(
        &mut overview,
        "Threat purpose",
        Some(kind.threat_purpose.to_string()),
    );
    push(
        &mut overview,
        "Resource type in name",
        Some(kind.resource_token.to_string()),
    );
    push(
        &mut overview,
        "Threat family",
        Some(kind.family.to_string()),
    );
    push(
        &mut overview,
        "Detection mechanism",
        kind.detection_mechanism.as_deref().map(str::to_owned),
    );
    push(
        &mut overview,
        "Artifact",
        kind.artifact.as_deref().map(str::to_owned),
    );
    push(
        &mut overview,
        "Severity",
        Some(format!("{} ({})", finding.severity_score, finding.severity)),
    );
    push(
        &mut overview,
        "Account",
        finding.account_id.as_deref().map(str::to_owned),
    );
    push(
        &mut overview,
        "Region",
        finding.region.as_deref().map(str::to_owned),
    );
    push(
        &mut overview,
        "Partition",
        finding.partition.as_deref().map(str::to_owned),
    );
    push(
        &mut overview,
        "ARN",
        finding.arn.as_deref().map(str::to_owned),
    );
    push(&mut overview, "Count", Some(finding.count.to_string()));
    push(
        &mut overview,
        "Status",
        Some(
            if finding.archived {
                "Archived"
            } else {
                "Active"
            }
            .to_owned(),
        ),
    );
    if finding.sample {
        push(
            &mut overview,
            "Sample",
            Some("Yes: a GuardDuty sample finding".to_owned()),
        );
    }
    push(
        &mut overview,
        "Confidence",
        finding.confidence.map(|c| {
            if c == 0.0 {
                "0 (GuardDuty judged it a false positive)".to_owned()
            } else {
                c.to_string()
            }
        }),
    );
    push(
        &mut overview,
        "Exported as",
        Some(finding.dialect.name().to_owned()),
    );
    sections.push(DetailSection {
        title: "Overview",
        rows: overview,
    });

    let mut times = Vec::new();
    push(&mut times, "First seen", time(finding.first_seen_at));
    push(&mut times, "Last seen", time(finding.last_seen_at));
    push(&mut times, "Created", time(finding.created_at));
    push(&mut times, "Updated", time(finding.updated_at));
    sections.push(DetailSection {
        title: "Time (UTC)",
        rows: times,
    });

    let mut resource_rows = Vec::new();
    push(
        &mut resource_rows,
        "Resource type",
        finding.resource_type.as_deref().map(str::to_owned),
    );
    push(
        &mut resource_rows,
        "Role",
        finding.resource_role.map(|role| {
            match role {
                ResourceRole::Target => "Target (the resource was acted on)",
                ResourceRole::Actor => "Actor (the resource did the acting)",
            }
            .to_owned()
        }),
    );
    for resource in &finding.resources {
        let label = match &resource.display_name {
            Some(name) if **name != *resource.id => format!("{} ({name})", resource.id),
            _ => resource.id.to_string(),
        };
        resource_rows.push((resource.kind.name().to_owned(), label));
        for (key, value) in &resource.attributes {
            resource_rows.push((format!("  {key}"), value.to_string()));
        }
    }
    for tag in &finding.tags {
        resource_rows.push((format!("Tag {}", tag.key), tag.value.to_string()));
    }
    sections.push(DetailSection {
        title: "Affected resources",
        rows: resource_rows,
    });

    let mut action = Vec::new();
    push(
        &mut action,
        "Action",
        finding.action_type.as_deref().map(str::to_owned),
    );
    push(
        &mut action,
        "Blocked",
        finding
            .blocked
            .map(|b| if b { "Yes" } else { "No" }.to_owned()),
    );
    for actor in &finding.network_actors {
        let place = [
            actor.city.as_deref(),
            actor
                .country_name
                .as_deref()
                .or(actor.country_code.as_deref()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        let network = [
            actor.asn.as_deref().map(|a| format!("AS{a}")),
            actor
                .asn_org
                .as_deref()
                .or(actor.org.as_deref())
                .map(str::to_owned),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let description = [
            actor.ip_address.as_deref().unwrap_or("(no address)"),
            &place,
            &network,
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
        action.push(("Remote IP".to_owned(), description));
    }
    push(&mut action, "Domains", join(&finding.domains));
    push(&mut action, "API calls", join(&finding.api_calls));
    push(&mut action, "User agents", join(&finding.user_agents));
    push(
        &mut action,
        "Ports",
        join(&finding.ports.iter().map(u16::to_string).collect::<Vec<_>>()),
    );
    for intel in &finding.threat_intel {
        action.push((
            format!(
                "Threat list {}",
                intel.list_name.as_deref().unwrap_or("(unnamed)")
            ),
            join(&intel.threat_names).unwrap_or_default(),
        ));
    }
    sections.push(DetailSection {
        title: "Activity and actors",
        rows: action,
    });

    let mut sequence = Vec::new();
    push(
        &mut sequence,
        "Part of attack sequence",
        finding.attack_sequence_arn.as_deref().map(str::to_owned),
    );
    if let Some(seq) = &finding.attack_sequence {
        push(
            &mut sequence,
            "Sequence id",
            seq.uid.as_deref().map(str::to_owned),
        );
        push(
            &mut sequence,
            "Description",
            seq.description.as_deref().map(str::to_owned),
        );
        push(&mut sequence, "ATT&CK tactics", join(&seq.tactics));
        push(&mut sequence, "ATT&CK techniques", join(&seq.techniques));
        push(&mut sequence, "Member resources", join(&seq.resource_uids));
        push(&mut sequence, "Signals", join(&seq.signal_uids));
        // Every other indicator under its own key, as exported (new keys included).
        for (key, values) in &seq.indicators {
            push(&mut sequence, key, Some(values.to_string()));
        }
    }
    sections.push(DetailSection {
        title: "Attack sequence",
        rows: sequence,
    });

    let mut scan = Vec::new();
    if let Some(found) = &finding.malware_scan {
        push(
            &mut scan,
            "Scan id",
            found.scan_id.as_deref().map(str::to_owned),
        );
        push(
            &mut scan,
            "Scan type",
            found.scan_type.as_deref().map(str::to_owned),
        );
        push(
            &mut scan,
            "Started by finding",
            found.trigger_finding_id.as_deref().map(str::to_owned),
        );
        for threat in &found.threats {
            scan.push((
                format!("Threat {}", threat.name),
                join(&threat.paths).unwrap_or_else(|| "(no path given)".to_owned()),
            ));
            push(&mut scan, "  SHA-256", join(&threat.hashes));
        }
    }
    sections.push(DetailSection {
        title: "Malware scan",
        rows: scan,
    });

    let mut text = Vec::new();
    push(
        &mut text,
        "Title",
        finding.title.as_deref().map(str::to_owned),
    );
    push(
        &mut text,
        "Description",
        finding.description.as_deref().map(str::to_owned),
    );
    sections.push(DetailSection {
        title: "GuardDuty's description",
        rows: text,
    });

    sections.retain(|s| !s.rows.is_empty());
    sections
}

/// The raw record, indented for reading. Text that is not valid JSON is returned unchanged.
pub fn pretty_json(raw: &str) -> String {
    serde_json::from_str::<serde_json::Value>(raw)
        .ok()
        .and_then(|value| serde_json::to_string_pretty(&value).ok())
        .unwrap_or_else(|| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FindingType, NetworkActor, Text};

    fn finding() -> Finding {
        let kind = FindingType::parse("Recon:EC2/PortProbeUnprotectedPort", &mut |s: &str| {
            Text::from(s)
        });
        let mut f = Finding::new("abc".into(), kind, 5.0, Dialect::CamelCase);
        f.account_id = Some("111122223333".into());
        f.last_seen_at = Some(EpochMillis(0));
        f.network_actors.push(NetworkActor {
            ip_address: Some("198.51.100.7".into()),
            country_name: Some("Netherlands".into()),
            asn: Some("64496".into()),
            ..NetworkActor::default()
        });
        f
    }

    #[test]
    fn sections_hold_the_normalised_fields_and_skip_empty_ones() {
        let sections = detail_sections(&finding());
        let titles: Vec<&str> = sections.iter().map(|s| s.title).collect();
        assert_eq!(titles, ["Overview", "Time (UTC)", "Activity and actors"]);
        let overview = &sections[0].rows;
        assert!(overview.contains(&("Severity".to_owned(), "5 (Medium)".to_owned())));
        assert!(overview.contains(&(
            "Threat family".to_owned(),
            "PortProbeUnprotectedPort".to_owned()
        )));
        let actors = &sections[2].rows;
        assert_eq!(actors[0].1, "198.51.100.7 · Netherlands · AS64496");
    }

    #[test]
    fn raw_json_is_indented_and_broken_text_is_kept() {
        assert_eq!(pretty_json(r#"{"a":[1]}"#), "{\n  \"a\": [\n    1\n  ]\n}");
        assert_eq!(pretty_json("not json <b>"), "not json <b>");
    }
}
