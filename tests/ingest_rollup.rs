//! Ingest knows Rollup v1 files (docs/org-scale.md): a rollup, plain or gzip, in any chunking,
//! yields rollup rows (never findings) and a report that says it was a rollup; a malformed one
//! fails alone with an error naming its line; finding files beside it load as before.

use std::io::Write;
use std::path::Path;

use guardview::ingest::{read_rollup, LoadSession, RelaySender};
use guardview::model::{FileReport, Rollup, RollupFileSummary};

fn fixture(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

fn load_in_chunks(session: &mut LoadSession, name: &str, bytes: &[u8], chunk_bytes: usize) {
    let mut file = session.start_file(name);
    for chunk in bytes.chunks(chunk_bytes) {
        session.push(&mut file, chunk);
    }
    session.finish_file(file);
}

#[test]
fn an_athena_csv_rollup_yields_rows_and_a_rollup_report_not_findings() {
    let mut session = LoadSession::new();
    let report = session
        .load_bytes(
            "rollup.csv",
            &fixture("rollup/athena_quoted_every_value.csv"),
        )
        .clone();
    assert_eq!(report.error, None);
    assert_eq!(
        report.rollup,
        Some(RollupFileSummary {
            rows: 4,
            findings: 7,
            occurrences: 61,
            days: 3,
            first_day: Some("2025-12-30".into()),
            last_day: Some("2026-03-15".into()),
        })
    );
    assert_eq!(report.records, 0, "rollup rows are not GuardDuty records");
    assert!(session.findings().is_empty());
    assert_eq!(session.rollup().len(), 4);
    assert_eq!(session.rollup().totals().findings, 7);
}

#[test]
fn a_rollup_reads_the_same_plain_or_gzip_in_any_chunking() {
    let text = fixture("rollup/athena_quoted_every_value.csv");
    let expected = read_rollup(&text).expect("the fixture reads");
    for bytes in [text.clone(), gzip(&text)] {
        for chunk_bytes in [1, 7, 64, 1 << 20] {
            let mut session = LoadSession::new();
            load_in_chunks(&mut session, "rollup.csv.gz", &bytes, chunk_bytes);
            assert_eq!(session.reports()[0].error, None, "chunks of {chunk_bytes}");
            assert_eq!(session.rollup(), &expected, "chunks of {chunk_bytes}");
        }
    }
}

#[test]
fn rollups_and_finding_files_load_side_by_side_and_rollups_add_up() {
    let mut session = LoadSession::new();
    session.load_bytes("a.csv", &fixture("rollup/athena_quoted_every_value.csv"));
    session.load_bytes("latest.json", &fixture("quirks/camel_case_array.json"));
    session.load_bytes("b.jsonl", &fixture("rollup/spark_json_lines.jsonl"));
    let reports = session.reports();
    assert!(reports.iter().all(|r| r.error.is_none()), "{reports:#?}");
    assert!(reports[0].rollup.is_some() && reports[2].rollup.is_some());
    assert_eq!(reports[1].rollup, None);
    assert!(reports[1].findings_added > 0);
    assert!(!session.findings().is_empty());
    assert_eq!(session.rollup().totals().findings, 7 + 3);
    let archived: u64 = session
        .rollup()
        .rows()
        .filter(|(key, _)| key.archived)
        .map(|(_, counts)| counts.findings)
        .sum();
    assert_eq!(archived, 2);
}

#[test]
fn a_malformed_rollup_fails_alone_with_its_line_named() {
    let mut session = LoadSession::new();
    session.load_bytes("bad.csv", &fixture("rollup/unknown_severity_row.csv"));
    session.load_bytes("good.csv", &fixture("rollup/athena_quoted_every_value.csv"));
    let bad = &session.reports()[0];
    let error = bad
        .error
        .as_ref()
        .expect("the bad rollup fails")
        .reason
        .clone();
    assert!(error.contains("Rollup v1"), "{error}");
    assert!(
        error.contains("line 3") && error.contains("Severe"),
        "{error}"
    );
    assert_eq!(bad.rollup, None);
    assert_eq!(session.reports()[1].error, None);
    assert_eq!(
        session.rollup().totals().findings,
        7,
        "no row of the bad file is kept"
    );
}

#[test]
fn a_file_whose_first_line_is_a_finding_is_never_a_rollup() {
    let mut session = LoadSession::new();
    let report = session
        .load_bytes(
            "one.jsonl",
            &fixture("quirks/eventbridge_one_per_line.jsonl"),
        )
        .clone();
    assert_eq!(report.rollup, None);
    assert!(report.findings_added > 0);
    assert!(session.rollup().is_empty());
}

/// The worker relays a rollup's rows with its report; the page's session ends up with what a
/// direct load gives.
#[test]
fn the_relay_carries_rollup_rows_and_reports_to_the_page() {
    let files = [
        ("a.csv", fixture("rollup/athena_quoted_every_value.csv")),
        ("latest.json", fixture("quirks/camel_case_array.json")),
        ("bad.csv", fixture("rollup/unknown_severity_row.csv")),
        (
            "b.jsonl.gz",
            gzip(&fixture("rollup/spark_json_lines.jsonl")),
        ),
    ];
    let mut direct = LoadSession::new();
    let mut sender = RelaySender::new();
    let mut page = LoadSession::new();
    for (name, bytes) in &files {
        direct.load_bytes(name, bytes);
        if let Some(batch) = sender.start_file(name) {
            page.apply_relayed(&batch).expect("decodes");
        }
        for chunk in bytes.chunks(5) {
            sender.push(chunk);
            page.apply_relayed(&sender.take_batch()).expect("decodes");
        }
        let last = sender.finish_file().expect("a file was open");
        page.apply_relayed(&last).expect("decodes");
    }
    let reports: Vec<FileReport> = page.reports().to_vec();
    assert_eq!(reports, direct.reports());
    assert_eq!(page.rollup(), direct.rollup());
    assert_eq!(page.findings().len(), direct.findings().len());
    let expected: Rollup = {
        let mut both = read_rollup(&files[0].1).expect("reads");
        both.merge(read_rollup(&fixture("rollup/spark_json_lines.jsonl")).expect("reads"));
        both
    };
    assert_eq!(page.rollup(), &expected);
}
