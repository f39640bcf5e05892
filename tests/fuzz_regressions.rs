//! Regression tests for what fuzzing the ingest entry point (`fuzz/`, docs/fuzzing.md) found:
//! each embeds the minimised input and checks the invariant that input once broke.
//!
//! No crash, panic or hang has been found. The fuzz target also checks that a file gives the
//! same result whole and in chunks (the incremental-ingest promise), and three inputs broke
//! it: two splitter bugs (fixed in the splitter; these tests hold it to that) and a corrupt
//! gzip stream, for which only what holds today is checked (an error, no panic).

use guardview::ingest::LoadSession;
use guardview::model::{FileReport, Finding};

/// Loads `bytes` as one file, pushed in chunks of the given sizes (the rest in one piece).
fn load_in_chunks(bytes: &[u8], sizes: &[usize]) -> LoadSession {
    let mut session = LoadSession::new();
    let mut file = session.start_file("fuzz.json");
    let mut rest = bytes;
    for &size in sizes {
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        session.push(&mut file, chunk);
        rest = tail;
    }
    session.push(&mut file, rest);
    session.finish_file(file);
    session
}

fn outcome(session: &LoadSession) -> (Vec<FileReport>, Vec<Finding>) {
    (
        session.reports().to_vec(),
        session.findings().findings().to_vec(),
    )
}

/// Whole, byte-by-byte, 2- and 3-byte chunk loads must agree.
fn assert_chunk_independent(bytes: &[u8]) {
    let whole = outcome(&load_in_chunks(bytes, &[]));
    for size in [1, 2, 3] {
        let sizes = vec![size; bytes.len()];
        assert_eq!(
            whole,
            outcome(&load_in_chunks(bytes, &sizes)),
            "{size}-byte chunks of {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// A valid finding whose id holds a `\u` escape.
const ESCAPED_ID: &[u8] = br#"{"id":"x\u0041","type":"Recon:EC2/Portscan","severity":5}"#;

#[test]
fn a_chunk_boundary_after_a_backslash_keeps_the_record() {
    // Cut right after the backslash: the escape carried to the next chunk must apply to `u`,
    // not to the string's closing quote.
    let cut = ESCAPED_ID.iter().position(|&b| b == b'\\').unwrap_or(0) + 1;
    let session = load_in_chunks(ESCAPED_ID, &[cut]);
    assert_eq!(
        session.reports().first().and_then(|r| r.error.clone()),
        None
    );
    assert_eq!(
        session.findings().findings().first().map(|f| &*f.id),
        Some("xA")
    );
    assert_chunk_independent(ESCAPED_ID);
}

#[test]
fn fuzz_minimised_escape_across_chunks() {
    // crash-ec9633db…, minimised by `cargo fuzz tmin` (after the target's two header bytes).
    assert_chunk_independent(br#"n\"\1""#);
}

#[test]
fn a_nul_byte_beyond_the_first_chunk_still_makes_the_file_binary() {
    // crash-de925be0… (a gzip file cut in two and gzipped again): the decoded text has its
    // first NUL byte after the first few bytes the splitter had when it checked the start.
    let mut bytes = ESCAPED_ID.to_vec();
    bytes.extend_from_slice(b"\n\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff");
    let whole = load_in_chunks(&bytes, &[]);
    assert!(whole.reports().iter().all(|r| r
        .error
        .as_ref()
        .is_some_and(|e| e.reason.starts_with("The file is binary"))));
    assert_chunk_independent(&bytes);
}

#[test]
fn fuzz_found_inputs_load_without_panicking_whole_or_chunked() {
    // Every input above must at least load, in any chunking, with consistent counts.
    let inputs: [&[u8]; 3] = [ESCAPED_ID, br#"n\"\1""#, b"{\"a\":1}\n\x00\x01"];
    for bytes in inputs {
        for size in [0, 1, 2, 3, 7] {
            let sizes = if size == 0 {
                Vec::new()
            } else {
                vec![size; bytes.len()]
            };
            let session = load_in_chunks(bytes, &sizes);
            let Some(report) = session.reports().first() else {
                panic!("no report");
            };
            assert!(report.findings_added + report.duplicates <= report.records);
            assert_eq!(report.findings_added, session.findings().len() as u64);
        }
    }
}

/// crash-972a230f…: a corrupt gzip stream (a gzip header, then bytes that are not deflate
/// data), loaded as is. Whole and chunked loads once disagreed on which error came first
/// (docs/fuzzing.md, finding 3): the decoder's input followed the chunks. It is now fed whole
/// blocks at fixed offsets, so every chunking refuses the file with the same report.
const CORRUPT_GZIP: &[u8] =
    b"\x1f\x8b\x08\x00:\x00Generated\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9fGeneratedF\
      indingInstaceTag7\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\
      \x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\
      \x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9f\x9fFindingRDSDBInstanceTag\x01\x00\
      \x00\x00\x00\x00\x000\xd4v\xa0,\xca\xbfGeneratedFindingInstaceTag9\x8c& \x02=-[E\
      \x1c\xe2t~X\xc7+s\x1bt\xe4\xa2\x13\xc5\x98\x98\x98\x98\x98\x98\x98\x98\x98\x1b\
      \xa9\x00\x00\x00\x00\x00\x00\xf3N\x0f\xca\x1a\xb4{\x05\xe5\x04\x00\x00";

#[test]
fn corrupt_gzip_from_the_fuzzer_is_an_error_in_any_chunking() {
    for size in [0, 1, 2, 3, 61, 4099] {
        let sizes = if size == 0 {
            Vec::new()
        } else {
            vec![size; CORRUPT_GZIP.len()]
        };
        let session = load_in_chunks(CORRUPT_GZIP, &sizes);
        let Some(report) = session.reports().first() else {
            panic!("no report");
        };
        assert!(report.gzip, "{size}-byte chunks");
        assert!(report.error.is_some(), "{size}-byte chunks");
        assert_eq!(session.findings().len(), 0, "{size}-byte chunks");
    }
    assert_chunk_independent(CORRUPT_GZIP);
}

/// A gzip file of 12,000 findings damaged in its middle: the findings decoded before the damage
/// and the error are the same in every chunking, including chunks that straddle the decoder's
/// blocks.
#[test]
fn findings_before_a_gzip_corruption_do_not_depend_on_chunking() {
    use std::io::Write;
    let mut text = Vec::new();
    for n in 0..12_000_u64 {
        // A scrambled resource id per finding, so the text does not compress to one block.
        let scrambled = n.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
        writeln!(
            text,
            r#"{{"id":"f{n}","type":"Recon:EC2/PortProbeUnprotectedPort","severity":{},"updatedAt":"2026-11-0{}T00:00:00Z","accountId":"111122223333","region":"eu-west-1","title":"probe of i-{scrambled:016x}"}}"#,
            2 + n % 7,
            1 + n % 9
        )
        .expect("in memory");
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(&text).expect("in memory");
    let mut gz = encoder.finish().expect("in memory");
    assert!(
        gz.len() > 100_000,
        "more than one decoder block: {}",
        gz.len()
    );
    let middle = gz.len() / 2;
    for byte in &mut gz[middle..middle + 64] {
        *byte ^= 0x5a;
    }
    let whole = outcome(&load_in_chunks(&gz, &[]));
    assert!(whole.0[0].error.is_some(), "the damage is noticed");
    assert!(
        !whole.1.is_empty(),
        "the findings before the damage are kept"
    );
    for size in [1, 4093, 65_535, 65_537, 100_003] {
        let sizes = vec![size; gz.len() / size + 1];
        assert_eq!(
            outcome(&load_in_chunks(&gz, &sizes)),
            whole,
            "{size}-byte chunks"
        );
    }
}
