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

/// A generated JSON Lines export large enough to be read as several pieces (each piece is at
/// least `ingest::MIN_PIECE_BYTES`), with updates of the same ids far apart; `damaged` puts a
/// broken record and, later, nesting deeper than the parser allows into its middle, so the
/// file fails part-way and the pieces after the failure must not count.
fn large_json_lines(damaged: bool) -> PathBuf {
    use guardview::sample::{write_sample, SampleFormat, SampleOptions};
    let mut options = SampleOptions::new(8_000, 11, SampleFormat::JsonLines, 1_795_737_600_000);
    options.update_fraction = 0.3;
    let mut bytes = Vec::new();
    write_sample(&options, &mut bytes).expect("writing to memory works");
    assert!(bytes.len() as u64 >= 2 * guardview::ingest::MIN_PIECE_BYTES);
    if damaged {
        let line_at = |fraction: usize| {
            let near = bytes.len() * fraction / 10;
            near + bytes[near..].iter().position(|&b| b == b'\n').unwrap_or(0) + 1
        };
        let (broken_at, deep_at) = (line_at(3), line_at(6));
        let deep = format!("{{\"x\":{}{}}}\n", "[".repeat(200), "]".repeat(200));
        bytes.splice(deep_at..deep_at, deep.into_bytes());
        bytes.splice(broken_at..broken_at, b"{\"id\": broken}\n".iter().copied());
    }
    let path = std::env::temp_dir().join(format!(
        "guardview-pieces-{}-{}.jsonl",
        std::process::id(),
        if damaged { "damaged" } else { "clean" }
    ));
    std::fs::write(&path, bytes).expect("temp file written");
    path
}

#[test]
fn one_large_file_read_as_pieces_on_several_threads_gives_the_sequential_numbers() {
    for damaged in [false, true] {
        let path = large_json_lines(damaged);
        let paths = vec![path.to_string_lossy().into_owned()];
        let mut session = LoadSession::new();
        let bytes = std::fs::read(&path).expect("temp file readable");
        session.load_bytes(&paths[0], &bytes);
        let report = &session.reports()[0];
        assert_eq!(report.error.is_some(), damaged, "{:?}", report.error);
        assert_eq!(report.warnings.len(), usize::from(damaged));
        let one = summary("1", &paths);
        assert_eq!(
            one.1["unique_findings"].as_u64(),
            Some(session.findings().len() as u64)
        );
        assert_eq!(one.1["files"][0]["records"].as_u64(), Some(report.records));
        for threads in ["2", "3", "8"] {
            assert_eq!(
                summary(threads, &paths),
                one,
                "--threads {threads}, damaged {damaged}"
            );
        }
        std::fs::remove_file(&path).ok();
    }
}
