//! Counts of findings by a category (threat purpose, family, type, resource type, account …),
//! each row split by severity band, sorted largest first.

use std::collections::HashMap;

use crate::model::{Finding, FindingType, SeverityBand, Text};

use super::filter::UNKNOWN;

/// What a breakdown groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// `Recon`, `UnauthorizedAccess` …
    ThreatPurpose,
    /// `Recon:EC2/Portscan` without mechanism and artifact: `Purpose:Resource/Family`.
    Family,
    /// The full finding type.
    FindingType,
    /// GuardDuty's `resource.resourceType`.
    ResourceType,
    Account,
    Region,
    /// MITRE ATT&CK tactics (a finding may count under several).
    Tactic,
    /// CSA Egregious Eleven threats (a finding may count under several).
    CsaThreat,
}

impl Dimension {
    pub fn label(self) -> &'static str {
        match self {
            Self::ThreatPurpose => "Threat purpose",
            Self::Family => "Threat family",
            Self::FindingType => "Finding type",
            Self::ResourceType => "Resource type",
            Self::Account => "Account",
            Self::Region => "Region",
            Self::Tactic => "ATT&CK tactic",
            Self::CsaThreat => "CSA threat",
        }
    }

    /// The finding's value on this dimension (`Unknown` when it has none).
    pub fn value_of(self, finding: &Finding) -> String {
        let kind = &finding.finding_type;
        let text = match self {
            Self::ThreatPurpose => Some(kind.threat_purpose.to_string()),
            Self::Family => Some(family_key(finding)),
            Self::FindingType => Some(kind.full.to_string()),
            Self::ResourceType => finding.resource_type.as_deref().map(str::to_owned),
            Self::Account => finding.account_id.as_deref().map(str::to_owned),
            Self::Region => finding.region.as_deref().map(str::to_owned),
            // Multi-valued dimensions are counted by `ordered_breakdown`, not by value.
            Self::Tactic | Self::CsaThreat => None,
        };
        label_of(text)
    }
}

/// A breakdown row's label for a value: the value itself (untrimmed), or [`UNKNOWN`] when
/// absent or empty.
pub fn label_of(value: Option<String>) -> String {
    match value {
        Some(t) if !t.is_empty() => t,
        _ => UNKNOWN.to_owned(),
    }
}

/// `Purpose:Resource/Family`, the level between purpose and full type.
pub fn family_key(finding: &Finding) -> String {
    let kind = &finding.finding_type;
    if kind.threat_purpose.is_empty() && kind.resource_token.is_empty() {
        return kind.family.to_string();
    }
    format!(
        "{}:{}/{}",
        kind.threat_purpose, kind.resource_token, kind.family
    )
}

/// One row of a breakdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BreakdownRow {
    pub label: String,
    /// Findings per band, indexed by `SeverityBand::index`.
    pub by_band: [u32; 4],
}

impl BreakdownRow {
    pub fn total(&self) -> u32 {
        self.by_band.iter().sum()
    }

    /// The most severe band with at least one finding.
    pub fn highest_band(&self) -> Option<SeverityBand> {
        SeverityBand::ALL
            .into_iter()
            .rev()
            .find(|b| self.by_band[b.index()] > 0)
    }
}

/// Rows sorted by total (largest first), then by label, so equal inputs give equal output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakdown {
    pub dimension: Dimension,
    pub rows: Vec<BreakdownRow>,
}

impl Breakdown {
    /// Keeps the first `limit` rows and folds the rest into one "N others" row.
    pub fn top(mut self, limit: usize) -> Self {
        if self.rows.len() > limit + 1 {
            let rest = self.rows.split_off(limit);
            let mut others = BreakdownRow {
                label: format!("{} others", rest.len()),
                by_band: [0; 4],
            };
            for row in rest {
                for (sum, n) in others.by_band.iter_mut().zip(row.by_band) {
                    *sum += n;
                }
            }
            self.rows.push(others);
        }
        self
    }
}

/// Counts the selected findings by `dimension`. `within` keeps only findings whose
/// `within.0` value equals `within.1` (the drill-down from purpose to family to type).
pub fn breakdown(
    findings: &[Finding],
    selected: &[u32],
    dimension: Dimension,
    within: Option<(Dimension, &str)>,
) -> Breakdown {
    let mut counts: HashMap<String, [u32; 4]> = HashMap::new();
    for finding in selected.iter().filter_map(|&i| findings.get(i as usize)) {
        if let Some((parent, value)) = within {
            if parent.value_of(finding) != value {
                continue;
            }
        }
        counts.entry(dimension.value_of(finding)).or_default()[finding.severity.index()] += 1;
    }
    Breakdown {
        dimension,
        rows: sorted_rows(counts),
    }
}

/// A breakdown by finding type or family narrowed to the rows under one parent, as `within`
/// narrows [`breakdown`]: the parent of a row is read from its label (a full type names its
/// family, a family names its purpose), so a breakdown merged from the workers' answers drills
/// down exactly as one computed over the findings. Other dimensions are returned unchanged.
pub fn keep_within(mut breakdown: Breakdown, (parent, value): (Dimension, &str)) -> Breakdown {
    let parent_of = |label: &str| -> Option<String> {
        let kind = FindingType::parse(label, &mut |s: &str| Text::from(s));
        match (breakdown.dimension, parent) {
            (Dimension::FindingType, Dimension::Family) => {
                if kind.threat_purpose.is_empty() && kind.resource_token.is_empty() {
                    Some(kind.family.to_string())
                } else {
                    Some(format!(
                        "{}:{}/{}",
                        kind.threat_purpose, kind.resource_token, kind.family
                    ))
                }
            }
            (Dimension::FindingType | Dimension::Family, Dimension::ThreatPurpose) => {
                Some(kind.threat_purpose.to_string())
            }
            _ => None,
        }
    };
    breakdown.rows.retain(|row| match parent_of(&row.label) {
        Some(of) => label_of(Some(of)) == value,
        None => true,
    });
    breakdown
}

/// Rows from (label, counts by band), in a breakdown's order: largest total first, then by
/// label (the columnar store's merged counts are finished with it too).
pub fn sorted_rows(counts: impl IntoIterator<Item = (String, [u32; 4])>) -> Vec<BreakdownRow> {
    let mut rows: Vec<BreakdownRow> = counts
        .into_iter()
        .map(|(label, by_band)| BreakdownRow { label, by_band })
        .collect();
    sort_largest_first(&mut rows);
    rows
}

/// Sorts rows by total, largest first, then by label, so equal inputs give equal output.
pub fn sort_largest_first(rows: &mut [BreakdownRow]) {
    rows.sort_by(|a, b| {
        b.total()
            .cmp(&a.total())
            .then_with(|| a.label.cmp(&b.label))
    });
}

/// Counts the selected findings under a fixed list of labels, in that order (empty rows
/// included, so coverage gaps show). `label_indices` names the labels a finding counts under;
/// a finding counts once per distinct label.
pub fn ordered_breakdown(
    findings: &[Finding],
    selected: &[u32],
    dimension: Dimension,
    labels: &[&str],
    label_indices: impl Fn(&Finding) -> Vec<usize>,
) -> Breakdown {
    let mut rows: Vec<BreakdownRow> = labels
        .iter()
        .map(|label| BreakdownRow {
            label: (*label).to_owned(),
            by_band: [0; 4],
        })
        .collect();
    for finding in selected.iter().filter_map(|&i| findings.get(i as usize)) {
        let mut indices = label_indices(finding);
        indices.sort_unstable();
        indices.dedup();
        for index in indices {
            if let Some(row) = rows.get_mut(index) {
                row.by_band[finding.severity.index()] += 1;
            }
        }
    }
    Breakdown { dimension, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dialect;

    fn finding(kind: &str, severity: f64) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        Finding::new("x".into(), kind, severity, Dialect::CamelCase)
    }

    fn sample() -> Vec<Finding> {
        vec![
            finding("Recon:EC2/PortProbeUnprotectedPort", 2.0),
            finding("Recon:EC2/PortProbeUnprotectedPort", 5.0),
            finding("Recon:EC2/Portscan", 5.0),
            finding("Trojan:EC2/BlackholeTraffic!DNS", 8.0),
            finding("Trojan:EC2/BlackholeTraffic", 8.0),
        ]
    }

    #[test]
    fn narrowing_a_breakdown_by_its_labels_equals_counting_within() {
        let mut findings = sample();
        findings.push(finding("Backdoor:EC2/C&CActivity.B!DNS", 9.0));
        findings.push(finding("Recon:IAMUser/MaliciousIPCaller.Custom", 4.0));
        findings.push(finding("", 4.0));
        let all: Vec<u32> = (0..findings.len() as u32).collect();
        for (dimension, parent) in [
            (Dimension::FindingType, Dimension::Family),
            (Dimension::Family, Dimension::ThreatPurpose),
            (Dimension::FindingType, Dimension::ThreatPurpose),
        ] {
            for finding in &findings {
                let value = parent.value_of(finding);
                let within = Some((parent, value.as_str()));
                assert_eq!(
                    keep_within(
                        breakdown(&findings, &all, dimension, None),
                        (parent, &value)
                    ),
                    breakdown(&findings, &all, dimension, within),
                    "{dimension:?} within {parent:?} {value}"
                );
            }
        }
    }

    #[test]
    fn purposes_are_sorted_by_count_and_split_by_band() {
        let findings = sample();
        let all: Vec<u32> = (0..findings.len() as u32).collect();
        let b = breakdown(&findings, &all, Dimension::ThreatPurpose, None);
        let labels: Vec<&str> = b.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["Recon", "Trojan"]);
        assert_eq!(b.rows[0].by_band, [1, 2, 0, 0]);
        assert_eq!(b.rows[1].highest_band(), Some(SeverityBand::High));
    }

    #[test]
    fn drilling_down_keeps_only_the_parent_value() {
        let findings = sample();
        let all: Vec<u32> = (0..findings.len() as u32).collect();
        let families = breakdown(
            &findings,
            &all,
            Dimension::Family,
            Some((Dimension::ThreatPurpose, "Trojan")),
        );
        assert_eq!(families.rows.len(), 1);
        assert_eq!(families.rows[0].label, "Trojan:EC2/BlackholeTraffic");
        assert_eq!(families.rows[0].total(), 2);
        let types = breakdown(
            &findings,
            &all,
            Dimension::FindingType,
            Some((Dimension::Family, "Trojan:EC2/BlackholeTraffic")),
        );
        let labels: Vec<&str> = types.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Trojan:EC2/BlackholeTraffic",
                "Trojan:EC2/BlackholeTraffic!DNS"
            ]
        );
    }

    #[test]
    fn the_long_tail_folds_into_one_row_that_keeps_the_total() {
        let findings = sample();
        let all: Vec<u32> = (0..findings.len() as u32).collect();
        let b = breakdown(&findings, &all, Dimension::FindingType, None).top(1);
        assert_eq!(b.rows.len(), 2);
        assert_eq!(b.rows[1].label, "3 others");
        let total: u32 = b.rows.iter().map(BreakdownRow::total).sum();
        assert_eq!(total, 5);
    }

    #[test]
    fn ordered_breakdowns_keep_their_order_and_empty_rows() {
        let findings = sample();
        let all: Vec<u32> = (0..findings.len() as u32).collect();
        let b = ordered_breakdown(
            &findings,
            &all,
            Dimension::Tactic,
            &["first", "second", "third"],
            |f| {
                if &*f.finding_type.threat_purpose == "Trojan" {
                    vec![2, 2, 0]
                } else {
                    vec![]
                }
            },
        );
        let totals: Vec<u32> = b.rows.iter().map(BreakdownRow::total).collect();
        assert_eq!(
            totals,
            [2, 0, 2],
            "a repeated label counts once per finding"
        );
        assert_eq!(b.rows[1].label, "second");
    }

    #[test]
    fn missing_values_are_grouped_as_unknown() {
        let findings = vec![finding("Recon:EC2/Portscan", 2.0)];
        let b = breakdown(&findings, &[0], Dimension::Account, None);
        assert_eq!(b.rows[0].label, UNKNOWN);
    }
}
