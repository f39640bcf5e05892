//! Coverage: an account × region grid of the selected findings by highest severity, and the
//! accounts and regions seen in the loaded data that show no finding in the selection.
//!
//! *Seen* means named by any loaded finding (every file, any period, archived or not); the
//! grid counts the selected findings (the filter decides period and archived state). Account
//! and region text is trimmed; a finding without one falls in the `None` row or column. Rows,
//! columns and cells are sorted by account then region, `None` last.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Finding, SeverityBand};

use super::ageing::selected_once;

/// One account × region cell with at least one selected finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageCell {
    pub account: Option<String>,
    pub region: Option<String>,
    /// Selected findings per band, indexed by `SeverityBand::index()` (Low = 0).
    pub by_band: [u64; 4],
    pub highest: SeverityBand,
}

impl CoverageCell {
    pub fn total(&self) -> u64 {
        self.by_band.iter().sum()
    }
}

/// The coverage view of one selection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Accounts with a selected finding (the grid's rows).
    pub accounts: Vec<Option<String>>,
    /// Regions with a selected finding (the grid's columns).
    pub regions: Vec<Option<String>>,
    /// Non-empty cells, by account then region.
    pub cells: Vec<CoverageCell>,
    /// Accounts named by some loaded finding but by no selected one.
    pub silent_accounts: Vec<String>,
    /// Regions named by some loaded finding but by no selected one.
    pub silent_regions: Vec<String>,
}

impl Coverage {
    /// The cell at (account, region), if it has findings.
    pub fn cell(&self, account: Option<&str>, region: Option<&str>) -> Option<&CoverageCell> {
        self.cells
            .iter()
            .find(|c| c.account.as_deref() == account && c.region.as_deref() == region)
    }
}

/// Sorting key that puts `None` after every name.
type Key = (bool, String);

fn key(value: Option<&str>) -> Key {
    let trimmed = value.map(str::trim).filter(|v| !v.is_empty());
    (trimmed.is_none(), trimmed.unwrap_or_default().to_owned())
}

fn name(key: &Key) -> Option<String> {
    (!key.0).then(|| key.1.clone())
}

/// An account or region as coverage reads it: trimmed; `None` when missing or blank.
pub fn place_name(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn account_of(finding: &Finding) -> Option<&str> {
    place_name(finding.account_id.as_deref())
}

fn region_of(finding: &Finding) -> Option<&str> {
    place_name(finding.region.as_deref())
}

/// Selected findings per band (indexed by `SeverityBand::index()`) of each (account, region)
/// cell, the names read by [`place_name`]: coverage's counts before the view is finished.
pub type CellCounts = BTreeMap<Place, [u64; 4]>;

/// A cell's account and region (`None` when missing or blank).
pub type Place = (Option<String>, Option<String>);

/// The coverage of the selected findings against everything loaded in `findings`. Indices
/// outside `findings` and repeated indices are ignored.
pub fn coverage(findings: &[Finding], selected: &[u32]) -> Coverage {
    let mut cells = CellCounts::new();
    for (_, finding) in selected_once(findings, selected) {
        let place = (
            account_of(finding).map(str::to_owned),
            region_of(finding).map(str::to_owned),
        );
        cells.entry(place).or_insert([0; 4])[finding.severity.index()] += 1;
    }
    let loaded_accounts = findings.iter().filter_map(account_of).collect();
    let loaded_regions = findings.iter().filter_map(region_of).collect();
    finish_coverage(cells, loaded_accounts, loaded_regions)
}

/// Adds `counts` (per band) into the cell at `key`.
pub fn add_to_cell<K: Ord>(cells: &mut BTreeMap<K, [u64; 4]>, key: K, counts: [u64; 4]) {
    let cell = cells.entry(key).or_insert([0; 4]);
    for (sum, n) in cell.iter_mut().zip(counts) {
        *sum += n;
    }
}

/// The coverage view from counts made elsewhere (the store's shards, merged): `cells` as
/// [`coverage`] counts them, and the accounts and regions any loaded finding names.
pub fn finish_coverage(
    counted: CellCounts,
    loaded_accounts: BTreeSet<&str>,
    loaded_regions: BTreeSet<&str>,
) -> Coverage {
    // Sorted with `None` after every name, as the grid shows them.
    let mut cells: BTreeMap<(Key, Key), [u64; 4]> = BTreeMap::new();
    for ((account, region), counts) in counted {
        let place = (key(account.as_deref()), key(region.as_deref()));
        add_to_cell(&mut cells, place, counts);
    }
    let accounts: BTreeSet<&Key> = cells.keys().map(|(a, _)| a).collect();
    let regions: BTreeSet<&Key> = cells.keys().map(|(_, r)| r).collect();
    let silent_accounts = loaded_accounts
        .into_iter()
        .filter(|a| !accounts.iter().any(|k| !k.0 && k.1 == *a))
        .map(str::to_owned)
        .collect();
    let silent_regions = loaded_regions
        .into_iter()
        .filter(|r| !regions.iter().any(|k| !k.0 && k.1 == *r))
        .map(str::to_owned)
        .collect();
    Coverage {
        accounts: accounts.iter().map(|k| name(k)).collect(),
        regions: regions.iter().map(|k| name(k)).collect(),
        cells: cells
            .iter()
            .map(|((account, region), by_band)| CoverageCell {
                account: name(account),
                region: name(region),
                by_band: *by_band,
                highest: SeverityBand::ALL
                    .into_iter()
                    .rev()
                    .find(|b| by_band[b.index()] > 0)
                    .unwrap_or(SeverityBand::Low),
            })
            .collect(),
        silent_accounts,
        silent_regions,
    }
}

/// The selected findings in one cell (`None` for a missing account or region), in `selected`
/// order: what the UI filters the table to when a cell is clicked.
pub fn cell_members(
    findings: &[Finding],
    selected: &[u32],
    account: Option<&str>,
    region: Option<&str>,
) -> Vec<u32> {
    let wanted = (key(account), key(region));
    selected
        .iter()
        .copied()
        .filter(|&i| {
            findings
                .get(i as usize)
                .is_some_and(|f| key(account_of(f)) == wanted.0 && key(region_of(f)) == wanted.1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FindingType, Text};

    fn finding(account: Option<&str>, region: Option<&str>, score: f64) -> Finding {
        let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
        let mut f = Finding::new("f".into(), kind, score, Dialect::CamelCase);
        f.account_id = account.map(Text::from);
        f.region = region.map(Text::from);
        f
    }

    fn loaded() -> Vec<Finding> {
        vec![
            finding(Some("111"), Some("us-east-1"), 2.0),
            finding(Some("111"), Some("us-east-1"), 8.0),
            finding(Some("111"), Some("eu-west-1"), 5.0),
            finding(Some(" 222 "), Some("us-east-1"), 9.5),
            finding(None, Some("us-east-1"), 4.0),
            // Only outside the selection:
            finding(Some("333"), Some("ap-south-1"), 9.0),
            finding(Some("111"), Some("sa-east-1"), 2.0),
        ]
    }

    #[test]
    fn cells_count_bands_and_carry_the_highest() {
        let findings = loaded();
        let grid = coverage(&findings, &[0, 1, 2, 3, 4]);
        let cell = grid
            .cell(Some("111"), Some("us-east-1"))
            .expect("has findings");
        assert_eq!(cell.by_band, [1, 0, 1, 0]);
        assert_eq!(cell.highest, SeverityBand::High);
        assert_eq!(cell.total(), 2);
        let trimmed = grid.cell(Some("222"), Some("us-east-1")).expect("trimmed");
        assert_eq!(trimmed.highest, SeverityBand::Critical);
        assert_eq!(
            grid.cell(None, Some("us-east-1")).map(|c| c.highest),
            Some(SeverityBand::Medium)
        );
        assert_eq!(grid.cell(Some("111"), Some("ap-south-1")), None);
    }

    #[test]
    fn rows_and_columns_are_sorted_with_unknown_last() {
        let findings = loaded();
        let grid = coverage(&findings, &[4, 3, 2, 1, 0]);
        assert_eq!(
            grid.accounts,
            [Some("111".to_owned()), Some("222".to_owned()), None]
        );
        assert_eq!(
            grid.regions,
            [Some("eu-west-1".to_owned()), Some("us-east-1".to_owned())]
        );
        assert_eq!(grid.cells.len(), 4);
    }

    #[test]
    fn accounts_and_regions_seen_but_silent_in_the_selection_are_listed() {
        let findings = loaded();
        let grid = coverage(&findings, &[0, 1, 2, 3, 4]);
        assert_eq!(grid.silent_accounts, ["333"]);
        assert_eq!(grid.silent_regions, ["ap-south-1", "sa-east-1"]);
        let nothing = coverage(&findings, &[]);
        assert_eq!(nothing.silent_accounts, ["111", "222", "333"]);
        assert!(nothing.cells.is_empty());
    }

    #[test]
    fn repeated_and_foreign_indices_count_once_or_not_at_all() {
        let findings = loaded();
        let grid = coverage(&findings, &[1, 1, 99]);
        assert_eq!(grid.cells.len(), 1);
        assert_eq!(grid.cells[0].total(), 1);
    }

    #[test]
    fn cell_members_are_the_findings_behind_a_cell() {
        let findings = loaded();
        let selected = [0, 1, 2, 3, 4];
        assert_eq!(
            cell_members(&findings, &selected, Some("111"), Some("us-east-1")),
            [0, 1]
        );
        assert_eq!(
            cell_members(&findings, &selected, Some("222"), Some("us-east-1")),
            [3]
        );
        assert_eq!(
            cell_members(&findings, &selected, None, Some("us-east-1")),
            [4]
        );
    }
}
