//! The filter bar applied to a rollup's history: the parts a Rollup v1 row has columns for
//! (severity, status, account, region, resource type, threat purpose and finding type) keep or
//! drop whole rows; the parts it has no data for (search text, period, risk cell, graph node)
//! are named, not guessed.
//!
//! A row counts whole days of first activity, so a period (any time basis) cannot cut it; the
//! search, the risk cell and the graph node read single findings. Sample findings are not
//! marked in a rollup, so the "show sample findings" setting does not apply either.

use std::collections::HashMap;
use std::sync::Arc;

use super::filter::FindingFilter;
use crate::model::{FindingType, Rollup, Text};

/// The rows of a rollup the filter keeps, and the active parts of the filter it could not apply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilteredRollup {
    /// The loaded rollup itself (shared, not copied) when the filter keeps every row.
    pub rollup: Arc<Rollup>,
    /// The filter's active parts a rollup row has no data for, in words ("search text", …).
    pub not_applied: Vec<&'static str>,
}

/// The active parts of `filter` a rollup row cannot answer.
pub fn parts_not_applied(filter: &FindingFilter) -> Vec<&'static str> {
    let mut parts = Vec::new();
    if !filter.text.trim().is_empty() {
        parts.push("search text");
    }
    if filter.period.is_some() {
        parts.push("time period");
    }
    if filter.risk_cell.is_some() {
        parts.push("risk-matrix cell");
    }
    if filter.graph_node.is_some() {
        parts.push("graph node");
    }
    parts
}

/// The rows of `rollup` that pass the filter's columnar parts. When every row passes (no
/// columnar part is active, the usual case while searching) the result shares `rollup`, so a
/// filter change neither copies the history nor, compared with the last result, reads it.
pub fn filter_rollup(rollup: &Arc<Rollup>, filter: &FindingFilter) -> FilteredRollup {
    // Rows share few types: parse each once.
    let mut type_kept: HashMap<&str, bool> = HashMap::new();
    let passes: Vec<bool> = rollup
        .rows()
        .map(|(key, _)| {
            filter.keeps_state(false, key.archived, key.severity)
                && filter.keeps_account(Some(&key.account_id))
                && filter.keeps_region(Some(&key.region))
                && filter.keeps_resource_type(Some(&key.resource_type))
                && *type_kept
                    .entry(key.finding_type.as_str())
                    .or_insert_with(|| {
                        filter.keeps_type(&FindingType::parse(&key.finding_type, &mut |s: &str| {
                            Text::from(s)
                        }))
                    })
        })
        .collect();
    let rollup = if passes.iter().all(|&kept| kept) {
        Arc::clone(rollup)
    } else {
        let mut kept = Rollup::new();
        for ((key, counts), _) in rollup.rows().zip(&passes).filter(|(_, &kept)| kept) {
            kept.add(key.clone(), *counts);
        }
        Arc::new(kept)
    };
    FilteredRollup {
        rollup,
        not_applied: parts_not_applied(filter),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::filter::ArchiveFilter;
    use crate::model::{RollupCounts, RollupKey, SeverityBand, ROLLUP_UNKNOWN};

    fn rollup() -> Rollup {
        let mut rollup = Rollup::new();
        let mut add = |kind: &str, band, account: &str, region: &str, archived, findings| {
            rollup.add(
                RollupKey {
                    day: "2026-11-01".to_owned(),
                    account_id: account.to_owned(),
                    region: region.to_owned(),
                    finding_type: kind.to_owned(),
                    severity: band,
                    resource_type: "Instance".to_owned(),
                    archived,
                },
                RollupCounts {
                    findings,
                    occurrences: findings,
                },
            );
        };
        add(
            "Recon:EC2/PortProbeUnprotectedPort",
            SeverityBand::Low,
            "111122223333",
            "eu-west-1",
            false,
            10,
        );
        add(
            "CryptoCurrency:EC2/BitcoinTool.B",
            SeverityBand::High,
            "111122223333",
            "eu-west-1",
            false,
            3,
        );
        add(
            "CryptoCurrency:EC2/BitcoinTool.B",
            SeverityBand::High,
            "444455556666",
            "us-east-1",
            true,
            2,
        );
        add(
            "Backdoor:EC2/C&CActivity.B",
            SeverityBand::Critical,
            ROLLUP_UNKNOWN,
            ROLLUP_UNKNOWN,
            false,
            1,
        );
        rollup
    }

    fn total(filter: &FindingFilter) -> u64 {
        filter_rollup(&Arc::new(rollup()), filter)
            .rollup
            .totals()
            .findings
    }

    #[test]
    fn the_columnar_parts_keep_whole_rows() {
        assert_eq!(total(&FindingFilter::default()), 16);
        let mut high = FindingFilter::default();
        high.severities.insert(SeverityBand::High);
        assert_eq!(total(&high), 5);
        high.archive = ArchiveFilter::ActiveOnly;
        assert_eq!(total(&high), 3);
        let mut account = FindingFilter::default();
        account.accounts.insert("444455556666".into());
        assert_eq!(total(&account), 2);
        let mut unknown = FindingFilter::default();
        unknown.regions.insert(ROLLUP_UNKNOWN.into());
        assert_eq!(total(&unknown), 1, "Unknown matches a row without a region");
        let mut purpose = FindingFilter::default();
        purpose.purposes.insert("CryptoCurrency".into());
        assert_eq!(total(&purpose), 5);
        let mut family = FindingFilter::default();
        family
            .types
            .insert("Recon:EC2/PortProbeUnprotectedPort".into());
        assert_eq!(total(&family), 10);
    }

    #[test]
    fn parts_without_columns_are_named_and_change_nothing() {
        let mut filter = FindingFilter {
            text: "miner".into(),
            ..FindingFilter::default()
        };
        filter.graph_node = Some("account:111122223333".into());
        let filtered = filter_rollup(&Arc::new(rollup()), &filter);
        assert_eq!(filtered.rollup.totals().findings, 16);
        assert_eq!(filtered.not_applied, ["search text", "graph node"]);
        assert!(parts_not_applied(&FindingFilter::default()).is_empty());
    }

    #[test]
    fn a_filter_that_keeps_every_row_shares_the_loaded_rollup() {
        let loaded = Arc::new(rollup());
        let searching = FindingFilter {
            text: "miner".into(),
            ..FindingFilter::default()
        };
        assert!(Arc::ptr_eq(
            &filter_rollup(&loaded, &searching).rollup,
            &loaded
        ));
        let mut high = FindingFilter::default();
        high.severities.insert(SeverityBand::High);
        let kept = filter_rollup(&loaded, &high);
        assert!(
            !Arc::ptr_eq(&kept.rollup, &loaded),
            "a narrower history is its own"
        );
        assert_eq!(kept.rollup.totals().findings, 5);
    }
}
