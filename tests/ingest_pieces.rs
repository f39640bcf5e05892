//! A file read as pieces by separate parsers gives exactly what one reader of the whole file
//! gives: the same report (records and lines renumbered, warnings, errors, verdicts, dialects,
//! merge counts) and the same findings in the same order, wherever the cuts fall: at line
//! ends, at record boundaries `cut_after` plans, or at any byte. Inputs: every fixture file
//! (all dialects, gzip, CSV, rollups, pretty-printed, broken and hostile files) and generated
//! JSON Lines with updates of the same ids across pieces.
#![cfg(not(target_arch = "wasm32"))]

mod ingest_support;

use ingest_support::{cut_points, Rng};

use guardview::ingest::{cut_after, may_cut, merge_pieces, read_piece_of_bytes, LoadSession};
use guardview::model::{FileReport, FindingSet};
use guardview::sample::{write_sample, SampleFormat, SampleOptions};

/// What a load gives, comparable: the report and the findings in set order as text (a NaN
/// score is not equal to itself as a number).
struct Loaded {
    report: FileReport,
    findings: Vec<String>,
}

/// Asserts two loads are equal, showing the first difference only.
fn assert_same(got: &Loaded, expected: &Loaded, context: &str) {
    assert_eq!(got.report, expected.report, "the report: {context}");
    assert_eq!(
        got.findings.len(),
        expected.findings.len(),
        "findings: {context}"
    );
    if let Some(index) = (0..got.findings.len()).find(|&i| got.findings[i] != expected.findings[i])
    {
        panic!(
            "finding {index} differs: {context}\n got: {}\nwant: {}",
            got.findings[index], expected.findings[index]
        );
    }
}

fn whole(name: &str, bytes: &[u8]) -> Loaded {
    let mut session = LoadSession::new();
    let report = session.load_bytes(name, bytes).clone();
    let findings = session.findings().findings().iter();
    Loaded {
        report,
        findings: findings.map(|f| format!("{f:?}")).collect(),
    }
}

/// Reads every piece with its own session (`cuts` are the pieces' starts after the first),
/// merges the reports, and merges the findings of the pieces used in file order, counting
/// the merge as one session would.
fn in_pieces(name: &str, bytes: &[u8], cuts: &[u64], chunk_bytes: usize) -> (Loaded, usize) {
    let file_bytes = bytes.len() as u64;
    let starts: Vec<u64> = std::iter::once(0).chain(cuts.iter().copied()).collect();
    let ends: Vec<u64> = cuts.iter().copied().chain([file_bytes]).collect();
    let mut pieces = Vec::new();
    let mut findings_by_piece = Vec::new();
    for (&start, &end) in starts.iter().zip(&ends) {
        let mut session = LoadSession::new();
        let piece = read_piece_of_bytes(&mut session, name, (start, end), bytes, chunk_bytes);
        pieces.push(piece);
        findings_by_piece.push(session.into_parts().1);
    }
    let piece_count = pieces.len();
    let (mut report, used) = merge_pieces(pieces, Some(file_bytes));
    assert!((1..=piece_count).contains(&used), "{used} of {piece_count}");
    // Each piece's own session merged its records (the counts summed here); across pieces the
    // same rule applies again, in file order.
    let emitted = report.findings_added + report.duplicates;
    let mut set = FindingSet::new();
    for finding in findings_by_piece.into_iter().take(used).flatten() {
        set.merge(finding);
    }
    report.findings_added = set.len() as u64;
    report.duplicates = emitted - report.findings_added;
    let findings = set.findings().iter().map(|f| format!("{f:?}")).collect();
    (Loaded { report, findings }, used)
}

fn line_starts(bytes: &[u8]) -> Vec<usize> {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .map(|(i, _)| i + 1)
        .collect()
}

/// Checks one file against its whole read for many cuts; returns how many checks used more
/// than one piece (the cuts that shared the work).
fn check_file(name: &str, bytes: &[u8], rng: &mut Rng) -> usize {
    let expected = whole(name, bytes);
    let lines = line_starts(bytes);
    let mut shared = 0;
    for round in 0..12 {
        let count = [1, 2, 7][round % 3];
        let cuts = match round % 4 {
            // At line ends (a JSON Lines file's natural cut points).
            0 | 1 if !lines.is_empty() => {
                cut_points(bytes.len(), count, || lines[rng.below(lines.len())])
            }
            0 | 1 => Vec::new(),
            // Where a reader would plan them: the record boundary after an even share.
            2 => (1..=count)
                .filter_map(|i| {
                    let planned = bytes.len() * i / (count + 1);
                    cut_after(&bytes[planned..]).map(|at| planned + at)
                })
                .map(|cut| cut as u64)
                .filter(|&cut| cut < bytes.len() as u64)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            // Anywhere at all.
            _ => cut_points(bytes.len(), count, || rng.below(bytes.len())),
        };
        let chunk_bytes = [3, 64, 1 << 16][round % 3];
        let (got, used) = in_pieces(name, bytes, &cuts, chunk_bytes);
        let context = format!("{name} cut at {cuts:?} in {chunk_bytes}-byte chunks");
        assert_same(&got, &expected, &context);
        if used > 1 {
            shared += 1;
        }
    }
    shared
}

#[test]
fn every_fixture_file_read_in_pieces_equals_its_whole_read() {
    let mut rng = Rng(7);
    let (mut files, mut shared) = (0, 0);
    for path in ingest_support::files_under(&ingest_support::fixtures()) {
        let bytes = std::fs::read(&path).expect("fixture readable");
        if bytes.len() > 4 << 20 {
            continue;
        }
        shared += check_file(&path.display().to_string(), &bytes, &mut rng);
        files += 1;
    }
    assert!(files >= 100, "the fixtures were found ({files})");
    assert!(shared >= 60, "cuts shared the work in only {shared} checks");
}

fn sample(findings: usize, seed: u64, format: SampleFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut options = SampleOptions::new(findings, seed, format, 1_795_737_600_000);
    options.update_fraction = 0.3;
    write_sample(&options, &mut bytes).expect("writing to memory works");
    bytes
}

#[test]
fn generated_json_lines_read_in_pieces_use_every_piece_and_equal_the_whole_read() {
    let mut rng = Rng(2026);
    let bytes = sample(3_000, 5, SampleFormat::JsonLines);
    assert!(may_cut(&bytes));
    let expected = whole("sample.jsonl", &bytes);
    assert_eq!(expected.report.error, None);
    assert!(expected.report.duplicates > 500, "updates of the same ids");
    check_file("sample.jsonl", &bytes, &mut rng);
    for pieces in [2, 3, 8] {
        let cuts: Vec<u64> = (1..pieces)
            .map(|i| {
                let planned = bytes.len() * i / pieces;
                (planned + cut_after(&bytes[planned..]).expect("a boundary")) as u64
            })
            .collect();
        let (got, used) = in_pieces("sample.jsonl", &bytes, &cuts, 1 << 16);
        assert_eq!(used, pieces, "every piece ends at a record boundary");
        assert_same(&got, &expected, &format!("{pieces} pieces"));
    }
}

#[test]
fn warnings_and_errors_in_later_pieces_carry_the_whole_files_record_and_line_numbers() {
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!(
            "{{\"id\":\"f{i}\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\",\"severity\":5,\"accountId\":\"111122223333\",\"region\":\"eu-west-1\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"resource\":{{\"resourceType\":\"Instance\"}},\"title\":\"{}\"}}\n",
            "port probe ".repeat(20)
        ));
        if i == 30 {
            text.push_str("{\"id\": broken}\n");
        }
    }
    text.push_str("{\"id\":\"tail\", \"unterminated\": \"");
    let bytes = text.as_bytes();
    let expected = whole("warned.jsonl", bytes);
    let warning = &expected.report.warnings[0];
    assert_eq!(warning.record_number, 32);
    assert_eq!(warning.position.map(|p| p.line), Some(32));
    let error = expected.report.error.clone().expect("truncated at the end");
    assert_eq!(error.position.map(|p| p.line), Some(42));
    let lines = line_starts(bytes);
    // A first piece shorter than the 1 KiB the file's first-bytes check reads always reads
    // on; these cuts give it more.
    for cut_line in [5, 10, 31, 32, 35] {
        let (got, used) = in_pieces("warned.jsonl", bytes, &[lines[cut_line] as u64], 4096);
        assert_eq!(used, 2);
        assert_same(
            &got,
            &expected,
            &format!("cut before line {}", cut_line + 2),
        );
    }
}

#[test]
fn a_piece_that_fails_ends_the_file_and_the_pieces_after_it_are_not_used() {
    // Nesting deeper than the parser allows stops the file where it is met.
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let record = format!(
        "{{\"id\":\"a\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\",\"severity\":5,\"updatedAt\":\"2026-01-01T00:00:00Z\",\"title\":\"{}\"}}",
        "port probe ".repeat(60)
    );
    let text = format!("{record}\n{record}\n{{\"x\":{deep}}}\n{record}\n");
    let bytes = text.as_bytes();
    let expected = whole("deep.jsonl", bytes);
    assert!(expected.report.error.is_some(), "{:?}", expected.report);
    let lines = line_starts(bytes);
    let (got, used) = in_pieces("deep.jsonl", bytes, &[lines[1] as u64, lines[2] as u64], 16);
    assert_eq!(used, 2, "the third piece follows the failure");
    assert_same(&got, &expected, "cut after each record");
}

#[test]
fn a_piece_may_not_end_between_two_records_on_one_line() {
    // Found by the fuzzer: a piece ended between two top-level values in the middle of a
    // line, and the next piece numbered that line's columns from its own start. A piece now
    // ends only after a line break, so the broken record's column is the whole file's.
    let record = format!(
        "{{\"id\":\"a\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\",\"severity\":5,\"updatedAt\":\"2026-01-01T00:00:00Z\",\"title\":\"{}\"}}",
        "port probe ".repeat(100)
    );
    // On the second line: the first line is held back whole to tell JSON from CSV or a rollup.
    let text = format!("{record}\n{record} {{\"id\": broken}}\n{record}\n");
    let bytes = text.as_bytes();
    let expected = whole("same-line.jsonl", bytes);
    let position = expected.report.warnings[0]
        .position
        .expect("the broken record's place");
    assert_eq!(position.line, 2);
    assert!(position.column > record.len() as u64 + 2, "{position}");
    let second_ends = 2 * record.len() + 1;
    for cut in [second_ends, second_ends + 1] {
        let (got, used) = in_pieces("same-line.jsonl", bytes, &[cut as u64], 4096);
        assert_eq!(used, 1, "the first piece reads on past a cut inside a line");
        assert_same(&got, &expected, &format!("cut at byte {cut}"));
    }
}
