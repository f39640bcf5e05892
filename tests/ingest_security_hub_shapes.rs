//! One GuardDuty finding seen through every channel counts once: natively (camelCase), as
//! Security Hub CSPM's ASFF, as Security Hub's OCSF 1.6 and as a Security Lake OCSF 1.1 row
//! (`tests/fixtures/roundtrip/`). The lake row recovers the GuardDuty id, type (from its ASFF
//! form), severity, account, region, resource, times and count; other products' rows are
//! counted in the load report and left out.

use std::path::Path;

use guardview::ingest::{parse_timestamp, LoadSession};
use guardview::model::SeverityBand;

fn read(relative: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/roundtrip")
        .join(relative);
    match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    }
}

const LAKE_ROWS: &str = "ocsf_1_1_security_lake_rows.jsonl";

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
    assert_eq!(finding.count, 5);
    assert!(!finding.archived);
}
