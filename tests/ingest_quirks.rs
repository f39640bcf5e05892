//! Specifications for every export quirk and every file error the loader must handle, each
//! with a small fixture named for it under `tests/fixtures/quirks/` (or bytes built here for
//! binary, deep-nesting and very large inputs), plus chunk-size independence, gzip and the
//! same finding round-tripped through every dialect.

use std::io::Write;
use std::path::Path;

use guardview::ingest::LoadSession;
use guardview::model::{Dialect, FileError, FileReport, Finding, ResourceKind, SeverityBand};

fn read(relative: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative);
    match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    }
}

/// Loads bytes as one file, fed in chunks of `chunk_bytes` (0 means whole).
fn load_chunked(name: &str, bytes: &[u8], chunk_bytes: usize) -> LoadSession {
    let mut session = LoadSession::new();
    let mut file = session.start_file(name);
    if chunk_bytes == 0 {
        session.push(&mut file, bytes);
    } else {
        for chunk in bytes.chunks(chunk_bytes) {
            session.push(&mut file, chunk);
        }
    }
    session.finish_file(file);
    session
}

fn load_bytes(name: &str, bytes: &[u8]) -> LoadSession {
    load_chunked(name, bytes, 0)
}

fn load(relative: &str) -> LoadSession {
    load_bytes(relative, &read(relative))
}

fn report(session: &LoadSession) -> &FileReport {
    match session.reports().first() {
        Some(report) => report,
        None => panic!("no report"),
    }
}

/// The only finding of a one-finding file.
fn only(session: &LoadSession) -> &Finding {
    assert_eq!(report(session).error, None, "{:?}", report(session).error);
    match session.findings().findings() {
        [finding] => finding,
        other => panic!("expected one finding, got {}", other.len()),
    }
}

fn error(session: &LoadSession) -> &FileError {
    match &report(session).error {
        Some(error) => error,
        None => panic!("expected a file error"),
    }
}

fn created_iso(relative: &str) -> Option<String> {
    only(&load(relative)).created_at.map(|t| t.to_iso8601())
}

// ---- Time spellings ----

#[test]
fn time_iso_with_offset_is_converted_to_utc() {
    assert_eq!(
        created_iso("quirks/time_iso_with_offset.json").as_deref(),
        Some("2024-05-01T10:05:00.000Z")
    );
}

#[test]
fn time_with_a_space_and_no_zone_is_utc() {
    assert_eq!(
        created_iso("quirks/time_space_without_zone_panther.json").as_deref(),
        Some("2025-02-25T20:40:06.721Z")
    );
}

#[test]
fn time_with_microseconds_keeps_milliseconds() {
    assert_eq!(
        created_iso("quirks/time_microseconds.json").as_deref(),
        Some("2024-05-01T10:05:00.123Z")
    );
}

#[test]
fn time_as_epoch_seconds_in_every_spelling() {
    for (file, expected) in [
        (
            "quirks/time_epoch_seconds_integer.json",
            "2024-05-01T10:05:00.000Z",
        ),
        (
            "quirks/time_epoch_seconds_float.json",
            "2024-05-01T10:05:00.250Z",
        ),
        (
            "quirks/time_epoch_seconds_scientific.json",
            "2024-05-01T10:05:00.000Z",
        ),
        (
            "quirks/time_epoch_seconds_string.json",
            "2024-05-01T10:05:00.000Z",
        ),
    ] {
        assert_eq!(created_iso(file).as_deref(), Some(expected), "{file}");
    }
}

#[test]
fn time_as_epoch_milliseconds_is_told_apart_by_magnitude() {
    assert_eq!(
        created_iso("quirks/time_epoch_milliseconds.json").as_deref(),
        Some("2024-05-01T10:05:00.123Z")
    );
}

// ---- Types, nulls, flags ----

#[test]
fn booleans_written_as_strings() {
    let session = load("quirks/boolean_as_string.json");
    let f = only(&session);
    assert!(f.archived);
    assert_eq!(f.blocked, Some(false));
}

#[test]
fn numbers_written_as_strings() {
    let session = load("quirks/number_as_string.json");
    let f = only(&session);
    assert_eq!(f.severity_score, 7.5);
    assert_eq!(f.severity, SeverityBand::High);
    assert_eq!(f.count, 12);
}

#[test]
fn nulls_anywhere_are_absent_values() {
    let session = load("quirks/null_everywhere.json");
    let f = only(&session);
    assert_eq!(f.title, None);
    assert_eq!(f.partition.as_deref(), Some("aws"), "taken from the ARN");
    assert_eq!(f.count, 1);
    assert!(!f.archived);
    assert_eq!(f.first_seen_at, None);
    assert!(f.resources.is_empty());
    assert!(report(&session).warnings.is_empty());
}

#[test]
fn the_null_placeholder_string_is_absent() {
    let session = load("quirks/null_placeholder_string.json");
    let f = only(&session);
    assert_eq!(f.title, None);
    assert_eq!(f.partition.as_deref(), Some("aws"));
}

#[test]
fn additional_info_value_is_parsed_as_json() {
    let session = load("quirks/additional_info_value_json_string.json");
    let f = only(&session);
    assert!(f.sample);
    assert_eq!(
        f.threat_intel.first().and_then(|t| t.list_name.as_deref()),
        Some("ProofPoint")
    );
    assert_eq!(
        f.threat_intel
            .first()
            .and_then(|t| t.threat_names.first())
            .map(|n| &**n),
        Some("Scanner")
    );
}

#[test]
fn sample_findings_are_flagged_three_ways() {
    for file in [
        "quirks/sample_flag_true.json",
        "quirks/sample_title_prefix.json",
        "quirks/sample_generated_finding_placeholders.json",
    ] {
        assert!(only(&load(file)).sample, "{file}");
    }
    assert!(!only(&load("roundtrip/camel_case.json")).sample);
}

#[test]
fn confidence_zero_is_kept_as_a_false_positive() {
    let session = load("quirks/confidence_zero_false_positive.json");
    assert!(only(&session).is_zero_confidence());
}

#[test]
fn a_type_mismatch_in_any_leaf_never_fails_the_record() {
    let session = load("quirks/type_mismatch_in_leaves.json");
    let f = only(&session);
    assert_eq!(&*f.id, "mismatch");
    assert_eq!(f.title, None);
    assert_eq!(f.resource_type.as_deref(), Some("42"));
    assert_eq!(f.count, 1);
    assert_eq!(f.created_at, None);
    assert_eq!(f.severity_score, 0.0, "a severity object without a score");
    assert_eq!(
        report(&session).warnings.len(),
        1,
        "only the missing severity"
    );
}

#[test]
fn a_record_without_an_id_is_a_warning_naming_the_record() {
    let session = load("quirks/missing_id.json");
    let report = report(&session);
    assert_eq!(report.error, None);
    assert_eq!(session.findings().len(), 1);
    assert_eq!(report.records, 2);
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings.first().map(|w| w.record_number), Some(2));
}

#[test]
fn a_missing_severity_is_a_warning_and_score_zero() {
    let session = load("quirks/missing_severity.json");
    let f = only(&session);
    assert_eq!(f.severity_score, 0.0);
    assert_eq!(f.severity, SeverityBand::Low);
    let warnings = &report(&session).warnings;
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings.first().and_then(|w| w.finding_id.as_deref()),
        Some("no-sev")
    );
}

#[test]
fn a_broken_line_in_json_lines_is_skipped_with_a_warning() {
    let session = load("quirks/broken_line_in_json_lines.jsonl");
    let report = report(&session);
    assert_eq!(report.error, None);
    assert_eq!(session.findings().len(), 2);
    let warning = match report.warnings.first() {
        Some(w) => w,
        None => panic!("no warning"),
    };
    assert_eq!(warning.record_number, 2);
    assert_eq!(warning.position.map(|p| p.line), Some(2), "{warning}");
    assert!(
        warning.to_string().contains("at line 2, column"),
        "{warning}"
    );
}

// ---- Wire names and containers ----

#[test]
fn wire_name_exceptions_map_in_both_casings() {
    for (file, id) in [
        ("quirks/wire_names_camel_case.json", "wire-camel"),
        ("quirks/wire_names_pascal_case.json", "wire-pascal"),
    ] {
        let session = load(file);
        let f = only(&session);
        assert_eq!(&*f.id, id);
        let actor = f.network_actors.first();
        assert_eq!(actor.and_then(|a| a.latitude), Some(10.5), "{file}");
        assert_eq!(actor.and_then(|a| a.longitude), Some(-20.25), "{file}");
        assert_eq!(
            f.api_calls.first().map(|a| &**a),
            Some("list /api/v1/secrets")
        );
        assert_eq!(f.user_agents.first().map(|a| &**a), Some("kubectl/1.0"));
        assert_eq!(f.resource_type.as_deref(), Some("EKSCluster"));
    }
}

fn ids(session: &LoadSession) -> Vec<String> {
    session
        .findings()
        .findings()
        .iter()
        .map(|f| f.id.to_string())
        .collect()
}

#[test]
fn containers_of_every_shape() {
    let cases: [(&str, &[&str], Dialect); 7] = [
        (
            "quirks/cli_concatenated_documents.json",
            &["cat-1", "cat-2", "cat-3"],
            Dialect::PascalCase,
        ),
        (
            "quirks/boto3_response_metadata.json",
            &["boto-1"],
            Dialect::PascalCase,
        ),
        (
            "quirks/rest_findings_body.json",
            &["rest-1", "rest-2"],
            Dialect::CamelCase,
        ),
        (
            "quirks/camel_case_array.json",
            &["arr-1", "arr-2"],
            Dialect::CamelCase,
        ),
        (
            "quirks/eventbridge_array.json",
            &["eb-1", "eb-2"],
            Dialect::EventBridge,
        ),
        (
            "quirks/eventbridge_one_per_line.jsonl",
            &["ebl-1", "ebl-2"],
            Dialect::EventBridge,
        ),
        (
            "quirks/eventbridge_truncated_region_and_detail.json",
            &["eb-trunc"],
            Dialect::EventBridge,
        ),
    ];
    for (file, expected, dialect) in cases {
        let session = load(file);
        assert_eq!(report(&session).error, None, "{file}");
        assert_eq!(ids(&session), expected, "{file}");
        assert_eq!(report(&session).dialects, vec![dialect], "{file}");
    }
}

#[test]
fn a_truncated_envelope_lends_its_region() {
    let session = load("quirks/eventbridge_truncated_region_and_detail.json");
    assert_eq!(only(&session).region.as_deref(), Some("ap-south-1"));
}

#[test]
fn other_products_ocsf_is_skipped_not_an_error_per_record() {
    let session = load("quirks/ocsf_other_products_only.json");
    let report = report(&session);
    assert_eq!(report.skipped_other_products, 2);
    assert!(report.warnings.is_empty());
    assert!(error(&session)
        .reason
        .starts_with("No GuardDuty findings found"));
    assert!(error(&session)
        .reason
        .contains("2 findings from other products"));
}

// ---- File errors ----

fn assert_file_error(session: &LoadSession, reason_start: &str) {
    let e = error(session);
    assert!(
        e.reason.starts_with(reason_start),
        "unexpected reason {:?}",
        e.reason
    );
}

#[test]
fn empty_and_whitespace_only_files() {
    assert_file_error(&load("quirks/empty.json"), "The file is empty");
    assert_file_error(
        &load("quirks/whitespace_only.json"),
        "The file holds only whitespace",
    );
}

#[test]
fn not_json_names_the_position() {
    let session = load("quirks/not_json.txt");
    assert_file_error(&session, "The file is not valid JSON");
    let position = error(&session)
        .position
        .map(|p| (p.line, p.column, p.byte_offset));
    assert_eq!(position, Some((1, 1, 0)));
}

#[test]
fn wrong_top_level_types() {
    assert_file_error(
        &load("quirks/top_level_number.json"),
        "The file holds a number at the top level",
    );
    assert_file_error(
        &load("quirks/top_level_string.json"),
        "The file holds a string at the top level",
    );
}

#[test]
fn json_without_findings_says_what_it_found() {
    let session = load("quirks/not_findings.json");
    assert_eq!(
        error(&session).reason,
        "No GuardDuty findings found (the file holds 1 JSON object that is not a finding)"
    );
}

#[test]
fn a_truncated_file_keeps_the_records_before_the_cut() {
    let session = load("quirks/truncated_array.json");
    assert_file_error(&session, "The file ends in the middle of a");
    assert_eq!(ids(&session), ["trunc-1", "trunc-2"]);
    assert!(error(&session).position.is_some());
}

#[test]
fn text_that_is_not_utf8_is_an_error() {
    let mut bytes = b"{\"id\":\"x\",\"type\":\"Recon:EC2/Portscan\",\"title\":\"".to_vec();
    bytes.extend_from_slice(&[0xC3, 0x28, 0xFF]);
    bytes.extend_from_slice(b"\"}");
    assert_file_error(
        &load_bytes("latin1.json", &bytes),
        "The file is not UTF-8 text",
    );
}

#[test]
fn binary_files_are_refused() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    assert_file_error(&load_bytes("image.png", &bytes), "The file is binary");
    assert_file_error(
        &load_bytes("utf16.json", &[0xFF, 0xFE, b'{', 0]),
        "The file is UTF-16",
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for depth in [200usize, 100_000] {
        let mut bytes = vec![b'['; depth];
        bytes.extend(std::iter::repeat_n(b']', depth));
        assert_file_error(
            &load_bytes("deep.json", &bytes),
            "The JSON is nested more than",
        );
        let mut objects = Vec::new();
        for _ in 0..depth {
            objects.extend_from_slice(b"{\"detail\":");
        }
        objects.extend_from_slice(b"1");
        objects.extend(std::iter::repeat_n(b'}', depth));
        assert_file_error(
            &load_bytes("deep.json", &objects),
            "The JSON is nested more than",
        );
    }
    // Envelopes nested 120 deep: beyond eight nested records the rest is skipped, so the
    // stack stays small; a few levels (as real exports nest) still load.
    for (levels, expected) in [(120usize, 0usize), (5, 1)] {
        let mut details = Vec::new();
        for _ in 0..levels {
            details.extend_from_slice(b"{\"detail\":");
        }
        details
            .extend_from_slice(b"{\"id\":\"deep\",\"type\":\"Recon:EC2/Portscan\",\"severity\":2}");
        details.extend(std::iter::repeat_n(b'}', levels));
        let session = load_bytes("details.json", &details);
        assert_eq!(session.findings().len(), expected, "{levels} levels");
    }
    // Just under the limit inside a record: serde_json's own limit answers, also cleanly.
    let mut bytes = b"[".to_vec();
    bytes.extend(std::iter::repeat_n(b'{', 1).chain(std::iter::repeat_n(b'[', 126)));
    let session = load_bytes("nearly.json", &bytes);
    assert!(report(&session).error.is_some());
}

#[test]
fn a_ten_megabyte_single_line_loads() {
    let mut finding = String::from_utf8(read("roundtrip/camel_case.json")).unwrap_or_default();
    let padding = "x".repeat(10 * 1024 * 1024);
    finding = finding.replacen("\"A port scan.\"", &format!("\"{padding}\""), 1);
    let line: String = finding.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(line.len() > 10 * 1024 * 1024);
    for chunk in [0, 1 << 20] {
        let session = load_chunked("big.jsonl", line.as_bytes(), chunk);
        assert_eq!(
            only(&session).description.as_deref().map(str::len),
            Some(padding.len())
        );
    }
}

// ---- Streaming ----

#[test]
fn results_do_not_depend_on_chunk_size() {
    let files = [
        "quirks/cli_concatenated_documents.json",
        "quirks/boto3_response_metadata.json",
        "quirks/eventbridge_one_per_line.jsonl",
        "quirks/broken_line_in_json_lines.jsonl",
        "quirks/truncated_array.json",
        "quirks/type_mismatch_in_leaves.json",
        "roundtrip/s3_export.jsonl.gz",
        "roundtrip/ocsf_findings_imported_v2.json",
        "corpus/cloud-solutions-architects-aws-lambda-guardduty/all-events.json",
        "corpus/elastic-integrations/test-guardduty.log",
    ];
    for file in files {
        let bytes = read(file);
        let whole = load_chunked(file, &bytes, 0);
        for chunk in [1, 7, 4099] {
            let chunked = load_chunked(file, &bytes, chunk);
            assert_eq!(
                whole.reports(),
                chunked.reports(),
                "{file} in {chunk}-byte chunks"
            );
            assert_eq!(
                whole.findings().findings(),
                chunked.findings().findings(),
                "{file} in {chunk}-byte chunks"
            );
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let written = encoder.write_all(bytes);
    assert!(written.is_ok());
    encoder.finish().unwrap_or_default()
}

#[test]
fn gzip_is_detected_by_magic_bytes_and_streamed() {
    let plain = read("corpus/elastic-integrations/test-guard_duty.log");
    let compressed = gzip(&plain);
    for chunk in [0, 1, 7, 4099] {
        let session = load_chunked("export.bin", &compressed, chunk);
        let report = report(&session);
        assert!(report.gzip);
        assert_eq!(report.error, None);
        assert_eq!(session.findings().len(), 104);
        assert_eq!(report.bytes_read, compressed.len() as u64);
    }
}

#[test]
fn multi_member_gzip_is_read_whole() {
    let mut both = gzip(&read("quirks/eventbridge_one_per_line.jsonl"));
    both.extend(gzip(&read("quirks/rest_findings_body.json")));
    let session = load_chunked("two.jsonl.gz", &both, 5);
    assert_eq!(ids(&session), ["ebl-1", "ebl-2", "rest-1", "rest-2"]);
}

#[test]
fn truncated_gzip_keeps_what_was_decoded() {
    let compressed = gzip(&read("corpus/elastic-integrations/test-guard_duty.log"));
    let cut = compressed.get(..compressed.len() / 2).unwrap_or_default();
    let session = load_bytes("cut.jsonl.gz", cut);
    assert!(report(&session).error.is_some());
    let loaded = session.findings().len();
    assert!(loaded > 10 && loaded < 104, "{loaded}");
}

// ---- Round trip ----

const ROUND_TRIP: [(&str, Dialect); 8] = [
    ("roundtrip/camel_case.json", Dialect::CamelCase),
    ("roundtrip/pascal_case_cli.json", Dialect::PascalCase),
    ("roundtrip/eventbridge.json", Dialect::EventBridge),
    ("roundtrip/s3_export.jsonl", Dialect::CamelCase),
    ("roundtrip/s3_export.jsonl.gz", Dialect::CamelCase),
    ("roundtrip/asff.json", Dialect::Asff),
    ("roundtrip/ocsf.json", Dialect::Ocsf),
    ("roundtrip/ocsf_findings_imported_v2.json", Dialect::Ocsf),
];

#[test]
fn the_same_finding_in_every_dialect_normalises_the_same() {
    for (file, dialect) in ROUND_TRIP {
        let session = load(file);
        let f = only(&session);
        assert_eq!(f.dialect, dialect, "{file}");
        assert_eq!(&*f.id, "q1", "{file}");
        assert_eq!(
            f.arn.as_deref(),
            Some("arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/q1")
        );
        assert_eq!(&*f.finding_type.full, "Recon:EC2/Portscan", "{file}");
        assert_eq!(f.severity_score, 2.0, "{file}");
        assert_eq!(f.severity, SeverityBand::Low, "{file}");
        assert_eq!(f.account_id.as_deref(), Some("111122223333"), "{file}");
        assert_eq!(f.region.as_deref(), Some("eu-west-1"), "{file}");
        assert_eq!(f.partition.as_deref(), Some("aws"), "{file}");
        assert_eq!(
            f.created_at.map(|t| t.to_iso8601()).as_deref(),
            Some("2024-05-01T10:05:00.000Z"),
            "{file}"
        );
        assert_eq!(
            f.updated_at.map(|t| t.to_iso8601()).as_deref(),
            Some("2024-05-02T10:05:00.000Z"),
            "{file}"
        );
        assert_eq!(
            f.first_seen_at.map(|t| t.to_iso8601()).as_deref(),
            Some("2024-05-01T10:00:00.000Z"),
            "{file}"
        );
        assert_eq!(
            f.last_seen_at.map(|t| t.to_iso8601()).as_deref(),
            Some("2024-05-02T10:00:00.000Z"),
            "{file}"
        );
        assert_eq!(f.count, 3, "{file}");
        assert!(!f.archived && !f.sample, "{file}");
        assert_eq!(f.resource_type.as_deref(), Some("Instance"), "{file}");
        let instance = f
            .resources
            .iter()
            .find(|r| r.kind == ResourceKind::Instance);
        assert_eq!(instance.map(|r| &*r.id), Some("i-0abc"), "{file}");
        assert_eq!(
            f.title.as_deref(),
            Some("198.51.100.7 is performing a port scan against i-0abc.")
        );
    }
}

#[test]
fn native_dialects_carry_every_detail() {
    for file in [
        "roundtrip/camel_case.json",
        "roundtrip/pascal_case_cli.json",
        "roundtrip/eventbridge.json",
    ] {
        let session = load(file);
        let f = only(&session);
        assert_eq!(f.action_type.as_deref(), Some("PORT_PROBE"));
        assert_eq!(f.blocked, Some(false));
        assert_eq!(f.ports, vec![22]);
        let actor = f.network_actors.first();
        assert_eq!(
            actor.and_then(|a| a.ip_address.as_deref()),
            Some("198.51.100.7")
        );
        assert_eq!(actor.and_then(|a| a.asn_org.as_deref()), Some("Example AS"));
        assert_eq!(actor.and_then(|a| a.latitude), Some(1.5));
        assert_eq!(
            f.tags.first().map(|t| (&*t.key, &*t.value)),
            Some(("Name", "web"))
        );
        assert_eq!(
            f.resources.first().and_then(|r| r.display_name.as_deref()),
            Some("web")
        );
        assert_eq!(
            f.resource_role,
            Some(guardview::model::ResourceRole::Target)
        );
    }
}

#[test]
fn the_same_finding_in_every_dialect_counts_once() {
    let mut session = LoadSession::new();
    for (file, _) in ROUND_TRIP {
        session.load_bytes(file, &read(file));
    }
    assert_eq!(session.findings().len(), 1);
    let added: u64 = session.reports().iter().map(|r| r.findings_added).sum();
    let duplicates: u64 = session.reports().iter().map(|r| r.duplicates).sum();
    assert_eq!((added, duplicates), (1, 7));
    assert_eq!(
        session
            .reports()
            .iter()
            .map(|r| r.skipped_other_products)
            .sum::<u64>(),
        1
    );
}

#[test]
fn two_dialects_and_two_updates_count_once_with_the_newest_severity() {
    for order in [
        [
            "roundtrip/asff.json",
            "roundtrip/update_newer_camel_case.json",
        ],
        [
            "roundtrip/update_newer_camel_case.json",
            "roundtrip/asff.json",
        ],
    ] {
        let mut session = LoadSession::new();
        for file in order {
            session.load_bytes(file, &read(file));
        }
        let f = only(&session);
        assert_eq!(f.severity, SeverityBand::High, "{order:?}");
        assert_eq!(f.count, 9);
        assert_eq!(f.dialect, Dialect::CamelCase);
    }
}

#[test]
fn a_plain_file_record_is_located_by_its_span_not_copied() {
    let bytes = read("roundtrip/camel_case.json");
    let session = load_bytes("a.json", &bytes);
    let finding = only(&session);
    let span = finding.raw_span.expect("the record's place in the file");
    let record = std::str::from_utf8(span.slice(&bytes).unwrap()).unwrap();
    assert!(record.starts_with('{') && record.ends_with('}'), "{record}");
    assert!(
        record.contains("\"schemaVersion\": \"2.0\"")
            || record.contains("\"schemaVersion\":\"2.0\"")
    );
    assert!(record.contains(&*finding.id));
}

#[test]
fn a_gzip_record_is_located_by_its_span_in_the_decompressed_text() {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(&read("roundtrip/camel_case.json")).unwrap();
    let compressed = gzip.finish().unwrap();
    let session = load_bytes("a.json.gz", &compressed);
    let finding = only(&session);
    let span = finding.raw_span.expect("a span into the decompressed text");
    let text = read("roundtrip/camel_case.json");
    let record = std::str::from_utf8(span.slice(&text).unwrap()).unwrap();
    assert!(record.starts_with('{') && record.ends_with('}'), "{record}");
    assert!(record.contains(&*finding.id));
}

#[test]
fn every_span_in_every_fixture_holds_its_own_record() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs = vec![root];
    let mut checked = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            // Spans count bytes of the decoded text: decompress gzip fixtures to check them.
            let mut text = Vec::new();
            if bytes.starts_with(&[0x1f, 0x8b]) {
                let _ = std::io::Read::read_to_end(
                    &mut flate2::read::MultiGzDecoder::new(&bytes[..]),
                    &mut text,
                );
            } else {
                text = bytes.clone();
            }
            for chunk_bytes in [0, 5] {
                let session = load_chunked("f", &bytes, chunk_bytes);
                for finding in session.findings().findings() {
                    let Some(span) = finding.raw_span else {
                        continue;
                    };
                    let record = span.slice(&text).expect("the span lies inside the file");
                    if finding.dialect == Dialect::SecurityHubCsv {
                        // A CSV export's span is its row: exactly one CSV record.
                        let rows = csv::ReaderBuilder::new()
                            .has_headers(false)
                            .from_reader(record)
                            .records()
                            .count();
                        assert_eq!(rows, 1, "{}: span is one CSV row", path.display());
                        assert!(String::from_utf8_lossy(record).contains(&*finding.id));
                        checked += 1;
                        continue;
                    }
                    let value: serde_json::Value =
                        serde_json::from_slice(record).unwrap_or_else(|e| {
                            panic!("{}: span is not one JSON value: {e}", path.display())
                        });
                    assert!(value.is_object(), "{}", path.display());
                    let text = String::from_utf8_lossy(record);
                    assert!(
                        text.contains(&*finding.id),
                        "{}: span holds {}",
                        path.display(),
                        finding.id
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "spans were checked ({checked})");
}

#[test]
fn repeated_strings_are_interned_once() {
    let mut session = LoadSession::new();
    session.load_bytes(
        "a",
        &read("corpus/elastic-integrations/test-guard_duty.log"),
    );
    let findings = session.findings().findings();
    let (Some(a), Some(b)) = (findings.first(), findings.get(1)) else {
        panic!("two findings")
    };
    let (Some(x), Some(y)) = (&a.account_id, &b.account_id) else {
        panic!("accounts")
    };
    assert!(std::sync::Arc::ptr_eq(x, y));
}

// ---- Robustness ----

/// Every prefix (sampled) and a byte-flipped copy of small corpus files loads without a panic,
/// and whatever loads before a cut is a subset of the whole file's findings.
#[test]
fn truncated_and_corrupted_corpus_files_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut paths = Vec::new();
    for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            paths.push(file.path());
        }
    }
    paths.sort();
    for path in paths {
        let bytes = std::fs::read(&path).unwrap_or_default();
        if bytes.len() > 25_000 {
            continue;
        }
        let whole = load_bytes("whole", &bytes);
        for cut in (0..bytes.len()).step_by(173) {
            let prefix = bytes.get(..cut).unwrap_or_default();
            let session = load_chunked("cut", prefix, 64);
            for finding in session.findings().findings() {
                assert!(
                    whole.findings().get(&finding.id).is_some(),
                    "{}",
                    path.display()
                );
            }
        }
        let mut flipped = bytes.clone();
        for (index, byte) in flipped.iter_mut().enumerate() {
            if index % 97 == 13 {
                *byte = byte.wrapping_add(index as u8);
            }
        }
        let _ = load_chunked("flipped", &flipped, 31);
    }
}
