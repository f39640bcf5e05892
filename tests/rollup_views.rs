//! The app's rollup views give `guardview summary`'s numbers: on a generated S3 export tree,
//! the rollup `guardview rollup` writes, loaded through the same ingest session the browser
//! uses, gives KPIs and breakdowns (severity, type, resource type, account, region) equal to
//! `summary`'s `rollups` object; CSA threats equal `summary` on the raw findings, and tactics
//! equal the finding-level count once attack sequences' own indicators are set aside (a rollup
//! row has only the type, so a sequence counts under its type's tactics).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

use guardview::analysis::attack::tactic_counts;
use guardview::analysis::breakdown::{Breakdown, Dimension};
use guardview::analysis::rollup_views::{rollup_breakdown, rollup_kpis, rollup_timeline, Period};
use guardview::ingest::LoadSession;
use guardview::model::{Finding, SeverityBand};
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_guardview"))
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("cannot run guardview: {error}"));
    assert!(
        output
            .status
            .code()
            .is_some_and(|code| code == 0 || code == 2),
        "{output:?}"
    );
    output
}

fn summary(paths: &[&str]) -> Value {
    let mut args = vec!["summary"];
    args.extend_from_slice(paths);
    serde_json::from_slice(&run(&args).stdout).unwrap_or_else(|e| panic!("not JSON: {e}"))
}

/// Every finding in a folder tree, loaded as the app loads files (one per id).
fn findings_under(root: &std::path::Path) -> Vec<Finding> {
    let mut session = LoadSession::new();
    let mut dirs = vec![root.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_default();
        session.load_bytes(&path.to_string_lossy(), &bytes);
    }
    session.findings().findings().to_vec()
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guardview-rollup-views-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// A breakdown as `summary` prints one: label → findings (rows with none left out).
fn as_map(breakdown: &Breakdown) -> BTreeMap<String, u64> {
    breakdown
        .rows
        .iter()
        .filter(|row| row.total() > 0)
        .map(|row| (row.label.clone(), u64::from(row.total())))
        .collect()
}

fn json_map(value: &Value) -> BTreeMap<String, u64> {
    value
        .as_object()
        .map(|object| {
            object
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_u64()?)))
                .filter(|(_, n)| *n > 0)
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn rollup_views_equal_the_cli_summary_on_the_same_files() {
    let dir = scratch();
    let tree = dir.join("tree");
    let rollup_csv = dir.join("rollup.csv");
    let (tree, rollup_csv) = (tree.to_string_lossy(), rollup_csv.to_string_lossy());
    run(&[
        "sample",
        "--layout",
        "s3-org",
        "--out",
        &tree,
        "--findings",
        "400",
        "--seed",
        "3",
    ]);
    run(&["rollup", &tree, "-o", &rollup_csv]);
    let cli_rollups = summary(&[&rollup_csv])["rollups"].clone();
    let cli_findings = summary(&[&tree]);

    let mut session = LoadSession::new();
    let bytes = std::fs::read(&*rollup_csv).unwrap_or_default();
    let report = session.load_bytes("rollup.csv", &bytes).clone();
    assert_eq!(report.error, None);
    let rollup = session.rollup();
    let kpis = rollup_kpis(rollup);

    assert_eq!(Some(kpis.totals.findings), cli_rollups["findings"].as_u64());
    assert_eq!(
        Some(kpis.totals.occurrences),
        cli_rollups["occurrences"].as_u64()
    );
    assert_eq!(Some(kpis.archived), cli_rollups["archived"].as_u64());
    assert_eq!(Some(kpis.rows), cli_rollups["rows"].as_u64());
    for band in SeverityBand::ALL {
        assert_eq!(
            Some(kpis.band(band)),
            cli_rollups["by_severity"][band.name()].as_u64(),
            "{band:?}"
        );
    }
    assert_eq!(
        Some(kpis.totals.findings),
        cli_findings["unique_findings"].as_u64()
    );
    assert_eq!(
        kpis.accounts as usize,
        json_map(&cli_rollups["by_account"]).len()
    );
    assert_eq!(
        kpis.regions as usize,
        json_map(&cli_rollups["by_region"]).len()
    );
    for (dimension, key) in [
        (Dimension::FindingType, "by_type"),
        (Dimension::ResourceType, "by_resource_type"),
        (Dimension::Account, "by_account"),
        (Dimension::Region, "by_region"),
    ] {
        assert_eq!(
            as_map(&rollup_breakdown(rollup, dimension)),
            json_map(&cli_rollups[key]),
            "{key}"
        );
    }
    assert_eq!(
        as_map(&rollup_breakdown(rollup, Dimension::CsaThreat)),
        json_map(&cli_findings["by_csa_threat"]),
    );
    let mut raw = findings_under(std::path::Path::new(&*tree));
    assert_eq!(raw.len() as u64, kpis.totals.findings);
    assert!(
        raw.iter().any(|f| f.attack_sequence.is_some()),
        "the tree has attack sequences, so this checks they count by type"
    );
    for finding in &mut raw {
        finding.attack_sequence = None;
    }
    let all: Vec<u32> = (0..raw.len() as u32).collect();
    let by_type_alone: BTreeMap<String, u64> = tactic_counts(&raw, &all)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(tactic, n)| (tactic.name().to_owned(), u64::from(n)))
        .collect();
    assert_eq!(
        as_map(&rollup_breakdown(rollup, Dimension::Tactic)),
        by_type_alone
    );
    for period in Period::ALL {
        let timeline = rollup_timeline(rollup, period);
        let dated: u64 = timeline.rows.iter().map(|r| u64::from(r.total())).sum();
        assert_eq!(dated + kpis.undated, kpis.totals.findings, "{period:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
