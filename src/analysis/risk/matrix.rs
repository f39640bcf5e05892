//! The 5×5 risk matrix: how many selected findings fall in each (overall likelihood, impact)
//! cell, and which findings those are, so the UI can filter the table to one cell.

use crate::model::{EpochMillis, Finding};

use super::assess::assess_levels;
use super::nist::Level;
use super::rules::RiskRules;

/// Finding counts per cell, indexed `[likelihood.index()][impact.index()]` (Very Low = 0).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RiskMatrix {
    pub cells: [[u32; 5]; 5],
}

impl RiskMatrix {
    /// Findings in one cell.
    pub fn count(&self, likelihood: Level, impact: Level) -> u32 {
        self.cells
            .get(likelihood.index())
            .and_then(|row| row.get(impact.index()))
            .copied()
            .unwrap_or(0)
    }

    /// Findings in all cells.
    pub fn total(&self) -> u32 {
        self.cells.iter().flatten().sum()
    }

    /// The matrix of the findings in one cell alone: a selection narrowed to that cell, from
    /// the matrix of the selection before it was.
    pub fn only(&self, likelihood: Level, impact: Level) -> RiskMatrix {
        let mut kept = RiskMatrix::default();
        if let Some(slot) = kept
            .cells
            .get_mut(likelihood.index())
            .and_then(|row| row.get_mut(impact.index()))
        {
            *slot = self.count(likelihood, impact);
        }
        kept
    }
}

/// Assesses every selected finding and counts it in its (likelihood, impact) cell. Indices
/// outside `findings` are ignored.
pub fn risk_matrix(
    findings: &[Finding],
    selected: &[u32],
    rules: &RiskRules,
    now: EpochMillis,
) -> RiskMatrix {
    let mut matrix = RiskMatrix::default();
    for finding in selected.iter().filter_map(|&i| findings.get(i as usize)) {
        let levels = assess_levels(finding, rules, now);
        if let Some(cell) = matrix
            .cells
            .get_mut(levels.likelihood.index())
            .and_then(|row| row.get_mut(levels.impact.index()))
        {
            *cell += 1;
        }
    }
    matrix
}

/// The selected findings counted in one cell, in `selected` order.
pub fn cell_members(
    findings: &[Finding],
    selected: &[u32],
    rules: &RiskRules,
    now: EpochMillis,
    likelihood: Level,
    impact: Level,
) -> Vec<u32> {
    selected
        .iter()
        .copied()
        .filter(|&i| {
            findings.get(i as usize).is_some_and(|finding| {
                let levels = assess_levels(finding, rules, now);
                levels.likelihood == likelihood && levels.impact == impact
            })
        })
        .collect()
}

/// The latest activity among the selected findings (`last_seen_at`, else `updated_at`): the
/// deterministic assessment time the CLI and the UI use instead of the wall clock.
pub fn latest_activity(findings: &[Finding], selected: &[u32]) -> Option<EpochMillis> {
    selected
        .iter()
        .filter_map(|&i| findings.get(i as usize))
        .filter_map(|f| f.last_seen_at.or(f.updated_at))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FindingType, Tag, Text};

    use crate::model::time::DAY_MS;
    const NOW: EpochMillis = EpochMillis(1_717_200_000_000);

    fn finding(kind: &str, score: f64, days_ago: i64) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        let mut f = Finding::new("f".into(), kind, score, Dialect::CamelCase);
        f.last_seen_at = Some(EpochMillis(NOW.0 - days_ago * DAY_MS));
        f
    }

    fn sample() -> Vec<Finding> {
        let mut prod = finding("Trojan:EC2/DropPoint", 8.0, 30);
        prod.tags.push(Tag {
            key: "env".into(),
            value: "prod".into(),
        });
        vec![
            finding("AttackSequence:IAM/CompromisedCredentials", 9.2, 1),
            finding("Recon:EC2/PortProbeUnprotectedPort", 2.0, 200),
            finding("Recon:EC2/PortProbeUnprotectedPort", 2.0, 200),
            prod,
            finding("Policy:IAMUser/RootCredentialUsage", 2.0, 30),
            finding("UnauthorizedAccess:EC2/SSHBruteForce", 5.0, 3),
        ]
    }

    #[test]
    fn the_matrix_counts_each_selected_finding_once() {
        let findings = sample();
        let all: Vec<u32> = (0..findings.len() as u32).collect();
        let matrix = risk_matrix(&findings, &all, &RiskRules::default(), NOW);
        assert_eq!(matrix.total(), 6);
        // Attack sequence: initiation Very High, adverse impact Very High → Very High.
        assert_eq!(matrix.count(Level::VeryHigh, Level::Moderate), 1);
        // Stale port probes: initiation Low (Moderate lowered), adverse impact Low → Low.
        assert_eq!(matrix.count(Level::Low, Level::Moderate), 3);
        // Production drop point: High × High → High likelihood, High impact.
        assert_eq!(matrix.count(Level::High, Level::High), 1);
        // Recent brute force: Very High × Moderate → High likelihood.
        assert_eq!(matrix.count(Level::High, Level::Moderate), 1);
    }

    #[test]
    fn cell_members_partition_the_selection() {
        let findings = sample();
        let selected: Vec<u32> = vec![5, 0, 3, 1, 42];
        let rules = RiskRules::default();
        let matrix = risk_matrix(&findings, &selected, &rules, NOW);
        let mut union = Vec::new();
        for likelihood in Level::ALL {
            for impact in Level::ALL {
                let members = cell_members(&findings, &selected, &rules, NOW, likelihood, impact);
                assert_eq!(
                    members.len() as u32,
                    matrix.count(likelihood, impact),
                    "cell {likelihood} × {impact}"
                );
                union.extend(members);
            }
        }
        union.sort_unstable();
        // Index 42 is outside the finding list and belongs to no cell.
        assert_eq!(union, [0, 1, 3, 5]);
        assert_eq!(matrix.total(), 4);
    }

    #[test]
    fn an_empty_selection_gives_an_empty_matrix() {
        let findings = sample();
        let matrix = risk_matrix(&findings, &[], &RiskRules::default(), NOW);
        assert_eq!(matrix, RiskMatrix::default());
        assert_eq!(latest_activity(&findings, &[]), None);
    }

    #[test]
    fn the_assessment_time_is_the_latest_activity_in_the_selection() {
        let findings = sample();
        assert_eq!(
            latest_activity(&findings, &[1, 0, 3]),
            Some(EpochMillis(NOW.0 - DAY_MS))
        );
    }

    #[test]
    fn one_cell_of_a_selections_matrix_is_the_matrix_of_that_cells_findings() {
        let findings = sample();
        let all: Vec<u32> = (0..findings.len() as u32).collect();
        let rules = RiskRules::default();
        let matrix = risk_matrix(&findings, &all, &rules, NOW);
        for likelihood in Level::ALL {
            for impact in Level::ALL {
                let in_cell: Vec<u32> = all
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let levels = assess_levels(&findings[i as usize], &rules, NOW);
                        (levels.likelihood, levels.impact) == (likelihood, impact)
                    })
                    .collect();
                let expected = risk_matrix(&findings, &in_cell, &rules, NOW);
                assert_eq!(matrix.only(likelihood, impact), expected);
            }
        }
        assert!(matrix.total() > 1, "the sample spreads over cells");
    }
}
