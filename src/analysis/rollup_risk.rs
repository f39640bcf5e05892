//! The NIST SP 800-30 risk matrix of a rollup's history, from what a rollup row carries: each
//! row is assessed as one finding of its type, severity band, account and resource type, and
//! counted with its number of findings.
//!
//! A row has no threat intelligence, no finding's own count or last activity, no blocked flag,
//! no actor role, and no tags, resource names or user types. The rules that read those never
//! match a row, so a cell can understate the level a finding-level assessment would give (never
//! overstate it: every such rule raises a level, except "stale", G-2 rule 8, and "blocked",
//! G-4 rule 2, which lower one). [`RollupRisk::not_evaluated`] names them for the card.
//!
//! | rule | from a rollup row |
//! |---|---|
//! | G-2 rule 1 (attack sequence), rules 4–6 (threat purpose) | evaluated: the type |
//! | G-2 rule 2 (threat intelligence), rule 3 (count), rules 7–8 (recency) | not evaluated |
//! | G-4 rule 1 (severity band) | evaluated: the band |
//! | G-4 rule 2 (blocked), rule 3 (resource is the actor) | not evaluated |
//! | H-3 impact rules on an account or a resource type | evaluated |
//! | H-3 impact rules on a tag, a user type or a resource name | not evaluated |

use std::collections::HashMap;

use super::risk::{assess_levels, Matcher, RiskMatrix, RiskRules};
use crate::model::{Dialect, EpochMillis, Finding, FindingType, Rollup, SeverityBand, Text};

/// The history's risk matrix and the rules it could not evaluate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RollupRisk {
    /// Findings per (overall likelihood, impact) cell, each cell saturating at `u32::MAX`.
    pub matrix: RiskMatrix,
    /// The rules that read data a rollup row does not carry, in words, in the method's order.
    pub not_evaluated: Vec<String>,
}

/// The rules of the method a rollup row can never satisfy, whatever the user's settings.
const FIXED_NOT_EVALUATED: [&str; 5] = [
    "G-2 rule 2: threat-intelligence evidence",
    "G-2 rule 3: a finding's own repeat count (a row adds the counts of its findings)",
    "G-2 rules 7 and 8: recent or stale last activity (a row has the first-seen day only)",
    "G-4 rule 2: a blocked connection or DNS request",
    "G-4 rule 3: the affected resource acting against others",
];

/// A severity score inside each band (G-4 reads only the band).
fn score_in(band: SeverityBand) -> f64 {
    match band {
        SeverityBand::Low => 2.0,
        SeverityBand::Medium => 5.0,
        SeverityBand::High => 8.0,
        SeverityBand::Critical => 9.5,
    }
}

/// Whether a rollup row carries what `matcher` reads.
fn evaluable(matcher: &Matcher) -> bool {
    matches!(matcher, Matcher::Account(_) | Matcher::ResourceType(_))
}

/// The risk matrix of `rollup` under `rules`.
pub fn rollup_risk(rollup: &Rollup, rules: &RiskRules) -> RollupRisk {
    let mut risk = RollupRisk {
        not_evaluated: FIXED_NOT_EVALUATED.iter().map(|&s| s.to_owned()).collect(),
        ..RollupRisk::default()
    };
    risk.not_evaluated.extend(
        rules
            .impact_rules
            .iter()
            .filter(|rule| !evaluable(&rule.matcher))
            .map(|rule| format!("H-3: {} → {}", rule.matcher.describe(), rule.level.name())),
    );
    // Rows share few distinct (type, band, account, resource type): assess each once.
    let mut levels_of = HashMap::new();
    for (key, counts) in rollup.rows() {
        let lookup = (
            key.finding_type.as_str(),
            key.severity,
            key.account_id.as_str(),
            key.resource_type.as_str(),
        );
        let levels = *levels_of.entry(lookup).or_insert_with(|| {
            let kind = FindingType::parse(&key.finding_type, &mut |s: &str| Text::from(s));
            let mut finding = Finding::new(
                Text::from("rollup row"),
                kind,
                score_in(key.severity),
                Dialect::CamelCase,
            );
            finding.account_id = Some(Text::from(key.account_id.as_str()));
            finding.resource_type = Some(Text::from(key.resource_type.as_str()));
            finding.count = 1;
            // No time at all: the recency rules leave the level as it is.
            assess_levels(&finding, rules, EpochMillis(0))
        });
        let cell = &mut risk.matrix.cells[levels.likelihood.index()][levels.impact.index()];
        let findings = u32::try_from(counts.findings).unwrap_or(u32::MAX);
        *cell = cell.saturating_add(findings);
    }
    risk
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::risk::{risk_matrix, Level};
    use crate::model::{RollupCounts, RollupKey};

    fn row(
        kind: &str,
        band: SeverityBand,
        account: &str,
        resource: &str,
        findings: u64,
    ) -> (RollupKey, RollupCounts) {
        (
            RollupKey {
                day: "2026-11-01".to_owned(),
                account_id: account.to_owned(),
                region: "eu-west-1".to_owned(),
                finding_type: kind.to_owned(),
                severity: band,
                resource_type: resource.to_owned(),
                archived: false,
            },
            RollupCounts {
                findings,
                occurrences: findings,
            },
        )
    }

    #[test]
    fn each_row_counts_its_findings_in_the_cell_of_a_finding_like_it() {
        let rows = [
            row(
                "Recon:EC2/PortProbeUnprotectedPort",
                SeverityBand::Low,
                "111122223333",
                "Instance",
                40,
            ),
            row(
                "CryptoCurrency:EC2/BitcoinTool.B",
                SeverityBand::High,
                "111122223333",
                "Instance",
                3,
            ),
            row(
                "Exfiltration:S3/AnomalousBehavior",
                SeverityBand::High,
                "444455556666",
                "S3Bucket",
                2,
            ),
            row(
                "Policy:S3/BucketBlockPublicAccessDisabled",
                SeverityBand::Low,
                "444455556666",
                "S3Bucket",
                5,
            ),
        ];
        let mut rollup = Rollup::new();
        let mut findings = Vec::new();
        for (key, counts) in rows {
            let kind = FindingType::parse(&key.finding_type, &mut |s: &str| Text::from(s));
            for n in 0..counts.findings {
                let mut f = Finding::new(
                    format!("{}-{n}", key.finding_type).into(),
                    kind.clone(),
                    score_in(key.severity),
                    Dialect::CamelCase,
                );
                f.account_id = Some(key.account_id.as_str().into());
                f.resource_type = Some(key.resource_type.as_str().into());
                findings.push(f);
            }
            rollup.add(key, counts);
        }
        let rules = RiskRules::default();
        let all: Vec<u32> = (0..findings.len() as u32).collect();
        // The same findings without tags, names, times or intelligence land in the same cells.
        assert_eq!(
            rollup_risk(&rollup, &rules).matrix,
            risk_matrix(&findings, &all, &rules, EpochMillis(0))
        );
        assert_eq!(rollup_risk(&rollup, &rules).matrix.total(), 50);
    }

    #[test]
    fn impact_rules_on_accounts_and_resource_types_apply_and_the_others_are_named() {
        let mut rules = RiskRules::default();
        rules.impact_rules.insert(
            0,
            crate::analysis::risk::ImpactRule {
                matcher: Matcher::Account("999988887777".into()),
                level: Level::VeryHigh,
                note: "payments".into(),
            },
        );
        let mut rollup = Rollup::new();
        let (key, counts) = row(
            "Backdoor:EC2/C&CActivity.B",
            SeverityBand::High,
            "999988887777",
            "Instance",
            7,
        );
        rollup.add(key, counts);
        let risk = rollup_risk(&rollup, &rules);
        let impact_of_cell = Level::ALL
            .iter()
            .find(|&&impact| {
                Level::ALL
                    .iter()
                    .any(|&l| risk.matrix.count(l, impact) == 7)
            })
            .copied();
        assert_eq!(
            impact_of_cell,
            Some(Level::VeryHigh),
            "the account rule set the impact"
        );
        assert!(risk
            .not_evaluated
            .iter()
            .any(|r| r.contains("threat-intelligence")));
        assert!(
            risk.not_evaluated
                .iter()
                .any(|r| r.starts_with("H-3:") && r.contains("Root")),
            "the root-user rule reads a user type: {:?}",
            risk.not_evaluated
        );
        assert!(!risk
            .not_evaluated
            .iter()
            .any(|r| r.contains("999988887777")));
    }

    #[test]
    fn a_huge_row_saturates_its_cell_instead_of_wrapping() {
        let mut rollup = Rollup::new();
        let (key, counts) = row(
            "Recon:EC2/Portscan",
            SeverityBand::Medium,
            "1",
            "Instance",
            u64::MAX / 2,
        );
        rollup.add(key, counts);
        assert_eq!(
            rollup_risk(&rollup, &RiskRules::default()).matrix.total(),
            u32::MAX
        );
    }
}
