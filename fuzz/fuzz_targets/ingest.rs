//! libFuzzer target over the ingest entry point: arbitrary bytes as two files, loaded whole, in
//! data-chosen chunks (optionally gzip-wrapped), through the worker relay and as pieces read by
//! separate workers, checking the invariants ingest promises (the relay and the pieces must
//! equal the direct chunked load exactly).
//!
//! Input layout: byte 0 is a flag byte (bit 0: gzip the first file, bit 1: gzip the second,
//! bits 2–4: chunk-size class, bits 5–7: how many cuts make each file's pieces), byte 1 chooses
//! where the rest is cut into the first and second file, and everything after is file content.

#![no_main]

use std::io::Write;

use guardview::ingest::{LoadSession, RelaySender};
use guardview::model::SeverityBand;
use libfuzzer_sys::fuzz_target;

/// Base chunk sizes; the actual sizes vary around the base with the data itself.
const CHUNK_CLASSES: [usize; 8] = [1, 2, 3, 7, 16, 61, 512, 4099];

/// More warnings than this and the report summarises the rest in one line.
const WARNING_CAP: usize = 1000;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Loads each file with `load_bytes`.
fn load_whole(files: &[(&str, &[u8])]) -> LoadSession {
    let mut session = LoadSession::new();
    for (name, bytes) in files {
        session.load_bytes(name, bytes);
    }
    session
}

/// Cuts `bytes` into chunks whose sizes are derived from the bytes themselves around `base`
/// (including empty chunks).
fn chunks(bytes: &[u8], base: usize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest: &[u8] = bytes;
    let mut step = 0usize;
    while !rest.is_empty() {
        let wobble = rest[0] as usize;
        let size = if step % 5 == 4 {
            0
        } else {
            (base + wobble % (base + 1)).max(1)
        }
        .min(rest.len());
        let (chunk, tail) = rest.split_at(size);
        out.push(chunk);
        rest = tail;
        step += 1;
    }
    out
}

/// Loads each file through `start_file` / `push` / `finish_file`, in [`chunks`].
fn load_chunked(files: &[(&str, &[u8])], base: usize) -> LoadSession {
    let mut session = LoadSession::new();
    for (name, bytes) in files {
        let mut file = session.start_file(name);
        for chunk in chunks(bytes, base) {
            session.push(&mut file, chunk);
        }
        session.finish_file(file);
    }
    session
}

/// The invariants every load must satisfy, whatever the bytes.
fn check(session: &LoadSession, file_count: usize) {
    let reports = session.reports();
    assert_eq!(reports.len(), file_count, "one report per file");
    let findings = session.findings().findings();
    let total_records: u64 = reports.iter().map(|r| r.records).sum();
    let total_added: u64 = reports.iter().map(|r| r.findings_added).sum();
    assert!(
        findings.len() as u64 <= total_records,
        "{} findings from {total_records} records",
        findings.len()
    );
    assert_eq!(
        total_added,
        findings.len() as u64,
        "findings_added summed over files is the set's size"
    );
    for report in reports {
        let merged = report.findings_added + report.duplicates;
        // Records without a usable id are counted in `records` (one warning each) but never
        // merged, so `merged == records` holds exactly only when every record had an id.
        assert!(
            merged <= report.records,
            "added {} + duplicates {} > records {}",
            report.findings_added,
            report.duplicates,
            report.records
        );
        if report.warnings.len() < WARNING_CAP {
            assert!(
                report.records - merged <= report.warnings.len() as u64,
                "{} unmerged records but only {} warnings",
                report.records - merged,
                report.warnings.len()
            );
        }
        assert!(
            report.warnings.len() <= WARNING_CAP + 1,
            "warnings are capped"
        );
        if report.error.is_none() {
            assert!(merged > 0, "a file without an error loaded findings");
        }
    }
    let mut ids = std::collections::HashSet::new();
    for finding in findings {
        assert!(ids.insert(&finding.id), "duplicate id {:?}", finding.id);
        assert_eq!(
            finding.severity,
            SeverityBand::from_score(finding.severity_score),
            "band of score {}",
            finding.severity_score
        );
        assert!((finding.source_file as usize) < file_count);
        assert_eq!(
            session.findings().get(&finding.id).map(|f| &f.id),
            Some(&finding.id)
        );
    }
}

fn same_result(whole: &LoadSession, chunked: &LoadSession) {
    // Every report field, gzip errors' wording included: the decoder sees the same blocks
    // whatever the chunks (`GZIP_INPUT_BLOCK_BYTES` in src/ingest/session.rs).
    assert_eq!(whole.reports(), chunked.reports(), "reports depend on chunking");
    let key = |s: &LoadSession| {
        s.findings()
            .findings()
            .iter()
            .map(|f| {
                (
                    f.id.clone(),
                    f.severity_score.to_bits(),
                    f.updated_at,
                    f.count,
                    f.dialect,
                    f.source_file,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(key(whole), key(chunked), "findings depend on chunking");
}

/// The browser's path: the same chunks through the worker's `RelaySender`, each batch applied
/// to a page-side session (a batch after every other chunk, so batch sizes vary too).
fn load_relayed(files: &[(&str, &[u8])], base: usize) -> LoadSession {
    let mut sender = RelaySender::new();
    let mut page = LoadSession::new();
    let mut apply = |batch: Vec<u8>| {
        if let Err(error) = page.apply_relayed(&batch) {
            panic!("a batch from the same build does not decode: {error}");
        }
    };
    for (name, bytes) in files {
        if let Some(batch) = sender.start_file(name) {
            apply(batch);
        }
        for (index, chunk) in chunks(bytes, base).into_iter().enumerate() {
            sender.push(chunk);
            if index % 2 == 1 {
                apply(sender.take_batch());
            }
        }
        if let Some(batch) = sender.finish_file() {
            apply(batch);
        }
    }
    page
}

/// Where `bytes` is cut into pieces: `count` cuts spread over it, each moved by a byte of the
/// data (any byte may start a piece: the piece rule keeps the result exact).
fn cut_points(bytes: &[u8], count: usize) -> Vec<usize> {
    let len = bytes.len();
    if len == 0 {
        return Vec::new();
    }
    let mut cuts: Vec<usize> = (1..=count)
        .map(|k| len * k / (count + 1) + usize::from(bytes[k * 131 % len]) % 64)
        .filter(|&cut| cut > 0 && cut < len)
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// The pool's path for a large file: each file read as pieces, each piece by a worker of its
/// own (`RelaySender::start_piece`, reading on past its end when the piece may not end there),
/// its batches applied in file order, the file ended by `finish_relayed_pieces` once its last
/// piece used has arrived.
fn load_in_pieces(files: &[(&str, &[u8])], base: usize, cut_count: usize) -> LoadSession {
    let mut page = LoadSession::new();
    for (name, bytes) in files {
        let cuts = cut_points(bytes, cut_count);
        let starts: Vec<usize> = std::iter::once(0).chain(cuts.iter().copied()).collect();
        let ends: Vec<usize> = cuts.iter().copied().chain([bytes.len()]).collect();
        for (piece, (&start, &end)) in starts.iter().zip(&ends).enumerate() {
            let mut worker = RelaySender::new();
            let mut batches: Vec<Vec<u8>> = worker.start_piece(name, start as u64).into_iter().collect();
            for (index, chunk) in chunks(&bytes[start..end], base).into_iter().enumerate() {
                worker.push(chunk);
                if index % 2 == 1 {
                    batches.push(worker.take_batch());
                }
            }
            let mut reached_end = end == bytes.len();
            if !reached_end && !worker.piece_may_end_here() {
                for chunk in chunks(&bytes[end..], base) {
                    worker.push(chunk);
                }
                reached_end = true;
            }
            batches.extend(worker.finish_piece(reached_end));
            let mut piece_done = None;
            for batch in batches {
                match page.apply_relayed(&batch) {
                    Ok(step) => piece_done = step.piece_done.or(piece_done),
                    Err(error) => panic!("a batch from the same build does not decode: {error}"),
                }
            }
            let Some(done) = piece_done else {
                panic!("the last batch of a piece ends it");
            };
            if done.ends_the_file || piece + 1 == starts.len() {
                page.finish_relayed_pieces(bytes.len() as u64);
                break;
            }
        }
    }
    page
}

/// The relay must give exactly what a direct load of the same chunks gives (Debug text, so a
/// NaN score compares equal to itself).
fn same_as_relayed(direct: &LoadSession, relayed: &LoadSession) {
    assert_eq!(
        format!("{:?}", direct.reports()),
        format!("{:?}", relayed.reports()),
        "relayed reports differ"
    );
    assert_eq!(
        format!("{:?}", direct.findings().findings()),
        format!("{:?}", relayed.findings().findings()),
        "relayed findings differ"
    );
}

fuzz_target!(|data: &[u8]| {
    let (flags, cut, body) = match data {
        [flags, cut, body @ ..] => (*flags, *cut, body),
        _ => (0, 0, data),
    };
    let split = body.len() * cut as usize / 255;
    let (first, second) = body.split_at(split.min(body.len()));
    let first: Vec<u8> = if flags & 1 != 0 {
        gzip(first)
    } else {
        first.to_vec()
    };
    let second: Vec<u8> = if flags & 2 != 0 {
        gzip(second)
    } else {
        second.to_vec()
    };
    let base = CHUNK_CLASSES[((flags >> 2) & 7) as usize];
    let files: [(&str, &[u8]); 2] = [("first.json", &first), ("second.json", &second)];

    let whole = load_whole(&files);
    check(&whole, files.len());
    let chunked = load_chunked(&files, base);
    check(&chunked, files.len());
    same_as_relayed(&chunked, &load_relayed(&files, base));
    same_result(&whole, &chunked);
    let cut_count = usize::from(flags >> 5);
    same_as_relayed(&chunked, &load_in_pieces(&files, base, cut_count));
});
