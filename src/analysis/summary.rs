//! The headline numbers of a finding set: totals, counts per band, purpose, type, resource
//! type, account and region, and the activity window. The CLI's `summary` JSON and the UI's
//! KPI tiles both come from [`summarize`].

use std::collections::BTreeMap;

use crate::model::{EpochMillis, Finding, SeverityBand};

/// Key used for findings without a `resource.resourceType` (and other absent keys).
pub const UNKNOWN: &str = "Unknown";

/// Counts over unique findings (samples and archived findings included).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub unique_findings: u64,
    /// Always holds all four bands, keyed by name (`Critical`, `High`, `Medium`, `Low`).
    pub by_severity: BTreeMap<String, u64>,
    pub by_purpose: BTreeMap<String, u64>,
    pub by_type: BTreeMap<String, u64>,
    pub by_resource_type: BTreeMap<String, u64>,
    pub by_account: BTreeMap<String, u64>,
    pub by_region: BTreeMap<String, u64>,
    pub archived: u64,
    pub samples: u64,
    /// Findings GuardDuty later judged false positives (`confidence` 0).
    pub zero_confidence: u64,
    /// Sum of `service.count` over findings (how often the activity was seen).
    pub total_occurrences: u64,
    pub accounts: u64,
    pub regions: u64,
    /// Earliest activity: min of `first_seen_at` (or `created_at` when absent).
    pub first_seen: Option<EpochMillis>,
    /// Latest activity: max of `last_seen_at` (or `updated_at` when absent).
    pub last_seen: Option<EpochMillis>,
}

impl Summary {
    /// Findings in one band.
    pub fn band_count(&self, band: SeverityBand) -> u64 {
        self.by_severity.get(band.name()).copied().unwrap_or(0)
    }
}

/// The key a value is counted under: trimmed, or [`UNKNOWN`] when absent or blank.
pub fn count_key(value: Option<&str>) -> &str {
    value
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .unwrap_or(UNKNOWN)
}

fn bump(map: &mut BTreeMap<String, u64>, key: Option<&str>) {
    let key = count_key(key);
    // Only a key not seen before is allocated.
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_owned(), 1);
        }
    }
}

/// Summarises findings: all of `FindingSet::findings()` (already de-duplicated), or the ones a
/// filter selected.
pub fn summarize<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Summary {
    let mut summary = Summary::default();
    for band in SeverityBand::ALL {
        summary.by_severity.insert(band.name().to_owned(), 0);
    }
    let mut accounts = std::collections::BTreeSet::new();
    let mut regions = std::collections::BTreeSet::new();
    for finding in findings {
        summary.unique_findings += 1;
        bump(&mut summary.by_severity, Some(finding.severity.name()));
        bump(
            &mut summary.by_purpose,
            Some(&finding.finding_type.threat_purpose),
        );
        bump(&mut summary.by_type, Some(&finding.finding_type.full));
        bump(
            &mut summary.by_resource_type,
            finding.resource_type.as_deref(),
        );
        bump(&mut summary.by_account, finding.account_id.as_deref());
        bump(&mut summary.by_region, finding.region.as_deref());
        accounts.extend(finding.account_id.as_deref());
        regions.extend(finding.region.as_deref());
        summary.archived += u64::from(finding.archived);
        summary.samples += u64::from(finding.sample);
        summary.zero_confidence += u64::from(finding.is_zero_confidence());
        summary.total_occurrences = summary.total_occurrences.saturating_add(finding.count);
        let first = finding.first_seen_at.or(finding.created_at);
        let last = finding.last_seen_at.or(finding.updated_at);
        if let Some(first) = first {
            summary.first_seen = Some(summary.first_seen.map_or(first, |s| s.min(first)));
        }
        if let Some(last) = last {
            summary.last_seen = Some(summary.last_seen.map_or(last, |s| s.max(last)));
        }
    }
    summary.accounts = accounts.len() as u64;
    summary.regions = regions.len() as u64;
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FindingType, Text};

    fn finding(id: &str, kind: &str, score: f64) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        Finding::new(id.into(), kind, score, Dialect::CamelCase)
    }

    #[test]
    fn an_empty_set_still_lists_every_band() {
        let summary = summarize(&[]);
        assert_eq!(summary.unique_findings, 0);
        assert_eq!(summary.by_severity.len(), 4);
        assert!(summary.by_severity.values().all(|&n| n == 0));
        assert_eq!(summary.first_seen, None);
    }

    #[test]
    fn counts_bands_purposes_types_and_unknown_keys() {
        let mut a = finding("a", "Recon:EC2/Portscan", 2.0);
        a.resource_type = Some("Instance".into());
        a.account_id = Some("111".into());
        a.region = Some("us-east-1".into());
        a.archived = true;
        let mut b = finding("b", "Recon:EC2/Portscan", 8.0);
        b.sample = true;
        b.confidence = Some(0.0);
        let c = finding("c", "AttackSequence:IAM/CompromisedCredentials", 9.0);
        let summary = summarize(&[a, b, c]);
        assert_eq!(summary.band_count(SeverityBand::Low), 1);
        assert_eq!(summary.band_count(SeverityBand::High), 1);
        assert_eq!(summary.band_count(SeverityBand::Critical), 1);
        assert_eq!(summary.by_purpose.get("Recon"), Some(&2));
        assert_eq!(summary.by_type.get("Recon:EC2/Portscan"), Some(&2));
        assert_eq!(summary.by_resource_type.get("Unknown"), Some(&2));
        assert_eq!(summary.by_account.get("Unknown"), Some(&2));
        assert_eq!(
            (summary.archived, summary.samples, summary.zero_confidence),
            (1, 1, 1)
        );
        assert_eq!((summary.accounts, summary.regions), (1, 1));
        assert_eq!(summary.total_occurrences, 3);
    }

    #[test]
    fn the_activity_window_falls_back_to_record_times() {
        let mut a = finding("a", "Recon:EC2/Portscan", 2.0);
        a.first_seen_at = Some(EpochMillis(100));
        a.last_seen_at = Some(EpochMillis(200));
        let mut b = finding("b", "Recon:EC2/Portscan", 2.0);
        b.created_at = Some(EpochMillis(50));
        b.updated_at = Some(EpochMillis(300));
        let summary = summarize(&[a, b]);
        assert_eq!(summary.first_seen, Some(EpochMillis(50)));
        assert_eq!(summary.last_seen, Some(EpochMillis(300)));
    }
}
