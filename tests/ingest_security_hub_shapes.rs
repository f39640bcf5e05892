//! One GuardDuty finding seen through every channel counts once: natively (camelCase), as
//! Security Hub CSPM's ASFF, as Security Hub's OCSF 1.6, as a Security Lake OCSF 1.1 row and
//! as a row of Security Hub's `StartExportJobV2` CSV output (`tests/fixtures/roundtrip/`). The
//! lake row and the CSV row recover the GuardDuty id, type (from its ASFF form), severity,
//! account, region, resource, times and count; other products' rows are counted in the load
//! report and left out.

use std::path::Path;

use guardview::ingest::{parse_timestamp, LoadSession};
use guardview::model::{Dialect, Finding, SeverityBand};

fn read(relative: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/roundtrip")
        .join(relative);
    match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    }
}

/// The GuardDuty fields every Security Hub shape of the port scan carries back.
fn assert_recovers_the_port_scan(finding: &Finding) {
    assert_eq!(finding.id.as_ref(), "q1");
    assert_eq!(finding.finding_type.full.as_ref(), "Recon:EC2/Portscan");
    assert_eq!(finding.severity, SeverityBand::Low);
    assert_eq!(finding.account_id.as_deref(), Some("111122223333"));
    assert_eq!(finding.region.as_deref(), Some("eu-west-1"));
    assert_eq!(finding.resource_type.as_deref(), Some("Instance"));
    assert_eq!(
        finding.resources.first().map(|r| r.id.as_ref()),
        Some("i-0abc")
    );
    assert_eq!(
        finding.first_seen_at,
        parse_timestamp("2024-05-01T10:00:00.000Z")
    );
}

const LAKE_ROWS: &str = "ocsf_1_1_security_lake_rows.jsonl";
const EXPORT_CSV: &str = "security_hub_export_v2.csv";

#[test]
fn one_finding_in_four_shapes_counts_once_and_keeps_the_newest_update() {
    let mut session = LoadSession::new();
    for file in ["camel_case.json", "asff.json", "ocsf.json", LAKE_ROWS] {
        session.load_bytes(file, &read(file));
    }
    assert_eq!(session.findings().len(), 1);
    let finding = &session.findings().findings()[0];
    assert_eq!(finding.id.as_ref(), "q1");
    assert_eq!(
        finding.updated_at,
        parse_timestamp("2024-06-03T00:00:00.000Z"),
        "the lake row is the newest update"
    );
    let duplicates: u64 = session.reports().iter().map(|r| r.duplicates).sum();
    assert_eq!(duplicates, 3);
}

#[test]
fn a_security_lake_row_recovers_the_guardduty_finding() {
    let mut session = LoadSession::new();
    let report = session.load_bytes(LAKE_ROWS, &read(LAKE_ROWS)).clone();
    assert_eq!(report.error, None);
    assert_eq!(report.skipped_other_products, 1, "the Inspector row");
    assert_eq!(session.findings().len(), 1);
    let finding = &session.findings().findings()[0];
    assert_recovers_the_port_scan(finding);
    assert_eq!(
        finding.first_seen_at,
        parse_timestamp("2024-05-01T10:00:00.000Z")
    );
    assert_eq!(finding.count, 5);
    assert!(!finding.archived);
}

#[test]
fn one_finding_natively_as_asff_ocsf_1_1_ocsf_1_6_and_csv_counts_once() {
    let mut session = LoadSession::new();
    for file in [
        "camel_case.json",
        "asff.json",
        "ocsf.json",
        LAKE_ROWS,
        EXPORT_CSV,
    ] {
        let report = session.load_bytes(file, &read(file));
        assert_eq!(report.error, None, "{file}");
    }
    assert_eq!(session.findings().len(), 1);
    let finding = &session.findings().findings()[0];
    assert_eq!(finding.id.as_ref(), "q1");
    assert_eq!(
        finding.updated_at,
        parse_timestamp("2024-06-04T00:00:00.000Z"),
        "the CSV row is the newest update"
    );
    assert_eq!(finding.dialect, Dialect::SecurityHubCsv);
    let duplicates: u64 = session.reports().iter().map(|r| r.duplicates).sum();
    assert_eq!(duplicates, 4);
}

#[test]
fn a_security_hub_csv_export_recovers_the_guardduty_finding_and_counts_the_others() {
    let mut session = LoadSession::new();
    let report = session.load_bytes(EXPORT_CSV, &read(EXPORT_CSV)).clone();
    assert_eq!(report.error, None);
    assert_eq!(
        report.skipped_other_products, 2,
        "the Inspector and Security Hub control rows"
    );
    assert_eq!(report.dialects, [Dialect::SecurityHubCsv]);
    assert_eq!(session.findings().len(), 1);
    let finding = &session.findings().findings()[0];
    assert_recovers_the_port_scan(finding);
    assert_eq!(
        finding.created_at,
        parse_timestamp("2024-05-01T10:05:00.000Z")
    );
    assert_eq!(
        finding.first_seen_at,
        parse_timestamp("2024-05-01T10:00:00.000Z")
    );
    assert_eq!(
        finding.last_seen_at,
        parse_timestamp("2024-06-03T23:00:00.000Z")
    );
    assert_eq!(finding.count, 6);
    let span = finding.raw_span.map(|s| (s.byte_offset, s.byte_length));
    let text = read(EXPORT_CSV);
    let row = span
        .and_then(|(at, len)| text.get(at as usize..(at + len) as usize))
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned());
    assert!(
        row.as_deref()
            .is_some_and(|r| r.starts_with("GuardDuty,2004,") && r.ends_with(",New,6")),
        "the detail panel reads the row back: {row:?}"
    );
}

#[test]
fn a_security_hub_csv_export_read_in_small_chunks_or_gzipped_gives_the_same_finding() {
    let text = read(EXPORT_CSV);
    let mut whole = LoadSession::new();
    whole.load_bytes(EXPORT_CSV, &text);
    for chunk_bytes in [1, 7, 64] {
        let mut session = LoadSession::new();
        let mut file = session.start_file(EXPORT_CSV);
        for chunk in text.chunks(chunk_bytes) {
            session.push(&mut file, chunk);
        }
        let report = session.finish_file(file).clone();
        assert_eq!(report.error, None, "chunks of {chunk_bytes}");
        assert_eq!(report.skipped_other_products, 2);
        assert_eq!(
            session.findings().findings(),
            whole.findings().findings(),
            "chunks of {chunk_bytes}"
        );
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let gzipped = std::io::Write::write_all(&mut encoder, &text)
        .and_then(|()| encoder.finish())
        .unwrap_or_default();
    let mut session = LoadSession::new();
    let report = session.load_bytes("export.csv.gz", &gzipped).clone();
    assert_eq!(report.error, None);
    assert!(report.gzip);
    assert_eq!(session.findings().len(), 1);
}

#[test]
fn a_csv_export_without_the_finding_id_column_is_refused_with_the_reason() {
    let mut session = LoadSession::new();
    let text = b"finding_info.title,severity,cloud.account.uid\nA port scan,Low,111122223333\n";
    let report = session.load_bytes("no_ids.csv", text).clone();
    let reason = report.error.map(|e| e.reason).unwrap_or_default();
    assert!(reason.contains("no finding_info.uid column"), "{reason}");
    assert_eq!(session.findings().len(), 0);
}

#[test]
fn a_csv_export_with_only_other_products_or_only_a_header_says_so() {
    let mut session = LoadSession::new();
    let others =
        b"metadata.product.name,finding_info.uid,severity\nInspector,arn:aws:inspector2:x,High\n";
    let report = session.load_bytes("others.csv", others).clone();
    let reason = report.error.map(|e| e.reason).unwrap_or_default();
    assert!(
        reason.contains("1 finding from another product"),
        "{reason}"
    );
    let header_only = b"finding_info.uid,severity\r\n";
    let report = session.load_bytes("header.csv", header_only).clone();
    let reason = report.error.map(|e| e.reason).unwrap_or_default();
    assert!(reason.contains("a header and no rows"), "{reason}");
}
