//! Findings per MITRE ATT&CK tactic and per CSA Egregious Eleven threat, for `guardview summary`
//! (kept apart from `summary`, which `filter` reads, so neither mapping is in that path).

use std::collections::BTreeMap;

use crate::model::Finding;

use super::breakdown::Breakdown;

/// Findings per ATT&CK tactic and per CSA Egregious Eleven threat, every tactic and threat
/// listed (zero when none). A finding counts once under each tactic or threat it maps to
/// (`attack::map_finding`, `csa::threats_of`), so a map may add up to more or fewer findings
/// than there are. Kept apart from [`Summary`] so the UI's per-filter KPI path does not pay
/// for the mappings; the CLI's `summary` prints both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappingCounts {
    /// Tactic name (`Initial Access` …) → findings.
    pub by_tactic: BTreeMap<String, u64>,
    /// Threat name (`Account Hijacking` …) → findings.
    pub by_csa_threat: BTreeMap<String, u64>,
}

/// Counts every finding in `findings` under its tactics and CSA threats.
pub fn mapping_counts(findings: &[Finding]) -> MappingCounts {
    let all: Vec<u32> = (0..u32::try_from(findings.len()).unwrap_or(u32::MAX)).collect();
    MappingCounts::from_breakdowns(
        &super::attack::tactic_breakdown(findings, &all),
        &super::csa::csa_breakdown(findings, &all),
    )
}

impl MappingCounts {
    /// The counts from the tactic and CSA breakdowns (`attack::tactic_breakdown`,
    /// `csa::csa_breakdown`, or the columnar store's merged answers): each row's total under
    /// its label.
    pub fn from_breakdowns(tactics: &Breakdown, csa_threats: &Breakdown) -> Self {
        let totals = |breakdown: &Breakdown| {
            breakdown
                .rows
                .iter()
                .map(|row| (row.label.clone(), u64::from(row.total())))
                .collect()
        };
        Self {
            by_tactic: totals(tactics),
            by_csa_threat: totals(csa_threats),
        }
    }
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
    fn mapping_counts_list_every_tactic_and_threat_and_count_known_types() {
        let findings = [
            finding("a", "UnauthorizedAccess:EC2/SSHBruteForce", 5.0),
            finding("b", "CryptoCurrency:EC2/BitcoinTool.B", 8.0),
            finding("c", "Exfiltration:S3/AnomalousBehavior", 8.0),
            finding("d", "Policy:S3/BucketBlockPublicAccessDisabled", 2.0),
        ];
        let counts = mapping_counts(&findings);
        assert_eq!(counts.by_tactic.len(), 14);
        assert_eq!(counts.by_csa_threat.len(), 11);
        assert_eq!(counts.by_tactic["Credential Access"], 1);
        assert_eq!(counts.by_tactic["Impact"], 1);
        assert_eq!(counts.by_tactic["Exfiltration"], 1);
        assert_eq!(counts.by_tactic["Collection"], 1);
        assert_eq!(counts.by_tactic["Initial Access"], 0);
        assert_eq!(
            counts.by_tactic.values().sum::<u64>(),
            4,
            "Policy maps to no tactic"
        );
        assert_eq!(counts.by_csa_threat["Data Breaches"], 1);
        assert_eq!(
            counts.by_csa_threat["Abuse and Nefarious Use of Cloud Services"],
            1
        );
        assert_eq!(
            counts.by_csa_threat["Misconfiguration and Inadequate Change Control"],
            2
        );
        assert_eq!(counts.by_csa_threat["Insider Threat"], 0);
    }
}
