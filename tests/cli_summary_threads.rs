//! `guardview summary` reads files on several threads into the columnar store's shards: its
//! JSON is the same for any `--threads`, and the same as one sequential load computes with the
//! library's single-set functions (the summary, per-file merge counts, mappings, risk matrix).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

use guardview::analysis::export::{risk_matrix_json, summary_json};
use guardview::analysis::mapping_counts::mapping_counts;
use guardview::analysis::risk::{risk_matrix, RiskRules};
use guardview::analysis::summary::summarize;
use guardview::ingest::LoadSession;
use guardview::model::EpochMillis;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn summary(threads: &str, paths: &[String]) -> (Option<i32>, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_guardview"))
        .args(["summary", "--threads", threads])
        .args(paths)
        .output()
        .expect("guardview runs");
    let value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    (output.status.code(), value)
}

/// Files that repeat ids across files (updates, the same export in two encodings) and a file
/// that fails, named one by one.
fn overlapping_files() -> Vec<String> {
    let mut files: Vec<String> = [
        "roundtrip/s3_export.jsonl",
        "roundtrip/s3_export.jsonl.gz",
        "roundtrip/camel_case.json",
        "roundtrip/update_newer_camel_case.json",
        "roundtrip/asff.json",
        "quirks/not_json.txt",
        "roundtrip/eventbridge.json",
        "quirks/sample_flag_true.json",
        "quirks/confidence_zero_false_positive.json",
    ]
    .iter()
    .map(|f| fixtures().join(f).to_string_lossy().into_owned())
    .collect();
    for entry in std::fs::read_dir(fixtures().join("corpus"))
        .into_iter()
        .flatten()
        .flatten()
    {
        for file in std::fs::read_dir(entry.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            files.push(file.path().to_string_lossy().into_owned());
        }
    }
    files.sort();
    files
}

#[test]
fn the_json_is_the_same_on_one_thread_and_on_several() {
    let fixture_root = vec![fixtures().to_string_lossy().into_owned()];
    for paths in [overlapping_files(), fixture_root] {
        let one = summary("1", &paths);
        assert!(one.1["unique_findings"].as_u64().unwrap_or(0) > 10);
        for threads in ["2", "4", "8"] {
            assert_eq!(summary(threads, &paths), one, "--threads {threads}");
        }
    }
}

#[test]
fn the_json_is_what_one_sequential_load_computes() {
    let files = overlapping_files();
    let mut session = LoadSession::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_default();
        session.load_bytes(path, &bytes);
    }
    let findings = session.findings().findings();
    let headline = summarize(findings);
    let mut expected = summary_json(&headline, session.reports());
    let all: Vec<u32> = (0..findings.len() as u32).collect();
    let now = headline.last_seen.unwrap_or(EpochMillis(0));
    let mappings = mapping_counts(findings);
    if let Some(object) = expected.as_object_mut() {
        object.insert("skipped_files".into(), 0.into());
        let matrix = risk_matrix(findings, &all, &RiskRules::default(), now);
        object.insert("risk".into(), risk_matrix_json(&matrix));
        object.insert("by_tactic".into(), serde_json::json!(mappings.by_tactic));
        object.insert(
            "by_csa_threat".into(),
            serde_json::json!(mappings.by_csa_threat),
        );
    }
    let (status, got) = summary("3", &files);
    assert_eq!(status, Some(2), "not_json.txt fails");
    assert!(headline.unique_findings > 10);
    assert!(
        got["duplicates"].as_u64().unwrap_or(0) > 0,
        "ids repeat across files"
    );
    assert_eq!(got, expected);
}
