//! The worker relay gives the page exactly what a direct load gives: every fixture, loaded
//! through a `RelaySender` and applied batch by batch to a page-side session, yields the same
//! findings (same order, same fields, same source files) and the same file reports as loading
//! the same files straight into one `LoadSession`. Damaged batches are errors, never panics.

use std::path::{Path, PathBuf};

use guardview::ingest::{LoadSession, RelaySender};
use guardview::model::{FileReport, Finding};
use guardview::sample::{write_sample, SampleFormat, SampleOptions};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture file under `tests/fixtures`, sorted (corpus, quirks, hostile, round trips).
fn fixture_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![fixtures()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e != "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

type Outcome = (Vec<FileReport>, Vec<Finding>);

fn direct(files: &[(String, Vec<u8>)], chunk_bytes: usize) -> Outcome {
    let mut session = LoadSession::new();
    for (name, bytes) in files {
        let mut file = session.start_file(name);
        for chunk in bytes.chunks(chunk_bytes) {
            session.push(&mut file, chunk);
        }
        session.finish_file(file);
    }
    (
        session.reports().to_vec(),
        session.findings().findings().to_vec(),
    )
}

/// The worker's side makes batches; the page's side applies them, in order.
fn relayed(files: &[(String, Vec<u8>)], chunk_bytes: usize) -> Outcome {
    let mut sender = RelaySender::new();
    let mut page = LoadSession::new();
    let mut apply = |batch: Vec<u8>| {
        page.apply_relayed(&batch)
            .expect("a batch from the same build decodes");
    };
    for (name, bytes) in files {
        if let Some(batch) = sender.start_file(name) {
            apply(batch);
        }
        for (index, chunk) in bytes.chunks(chunk_bytes).enumerate() {
            sender.push(chunk);
            // Batches of any size: after every chunk, or after every third one.
            if index % 3 != 1 || sender.pending_findings() > 1000 {
                apply(sender.take_batch());
            }
        }
        let last = sender.finish_file().expect("a file was open");
        apply(last);
    }
    (page.reports().to_vec(), page.findings().findings().to_vec())
}

fn read_all(paths: &[PathBuf]) -> Vec<(String, Vec<u8>)> {
    paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(p).unwrap())
        })
        .collect()
}

#[test]
fn every_fixture_relayed_one_by_one_equals_a_direct_load() {
    for path in fixture_files() {
        let files = read_all(std::slice::from_ref(&path));
        for chunk_bytes in [7, 4096, usize::MAX] {
            assert_eq!(
                relayed(&files, chunk_bytes),
                direct(&files, chunk_bytes),
                "{} in {chunk_bytes}-byte chunks",
                path.display()
            );
        }
    }
}

#[test]
fn all_fixtures_relayed_together_merge_across_files_like_a_direct_load() {
    let files = read_all(&fixture_files());
    let direct = direct(&files, 65_536);
    assert!(direct.1.len() > 100, "the fixtures hold many findings");
    assert!(
        direct.0.iter().any(|r| r.duplicates > 0),
        "some ids repeat across files, so the merge counts are exercised"
    );
    assert_eq!(relayed(&files, 65_536), direct);
}

#[test]
fn sample_data_with_updates_of_the_same_id_relays_exactly() {
    for format in [
        SampleFormat::JsonArray,
        SampleFormat::JsonLines,
        SampleFormat::JsonLinesGzip,
        SampleFormat::CliPascalCase,
        SampleFormat::EventBridgeLines,
    ] {
        let mut bytes = Vec::new();
        write_sample(
            &SampleOptions::new(2_000, 7, format, 1_764_288_000_000),
            &mut bytes,
        )
        .unwrap();
        let files = vec![("sample".to_owned(), bytes)];
        let (reports, findings) = relayed(&files, 1 << 20);
        assert_eq!(findings.len(), 2_000, "{format:?}");
        assert!(reports[0].duplicates > 0, "{format:?}: updates were merged");
        assert_eq!((reports, findings), direct(&files, 1 << 20), "{format:?}");
    }
}

#[test]
fn a_damaged_batch_is_an_error_and_never_a_panic() {
    let files = read_all(&fixture_files()[..3]);
    let mut sender = RelaySender::new();
    let _ = sender.start_file(&files[0].0);
    sender.push(&files[0].1);
    let mut batch = sender.take_batch();
    batch.extend(sender.finish_file().unwrap());
    for cut in 0..batch.len().min(4_000) {
        let mut page = LoadSession::new();
        let _ = page.apply_relayed(&batch[..cut]);
        let mut flipped = batch.clone();
        flipped[cut] ^= 0xA5;
        let _ = page.apply_relayed(&flipped);
    }
    let mut page = LoadSession::new();
    assert!(page.apply_relayed(&[]).is_err());
    assert!(page.apply_relayed(&[0xff; 16]).is_err());
}

#[test]
fn the_page_interns_only_what_the_worker_shared() {
    let mut bytes = Vec::new();
    write_sample(
        &SampleOptions::new(3_000, 11, SampleFormat::JsonLines, 1_764_288_000_000),
        &mut bytes,
    )
    .unwrap();
    let mut direct = LoadSession::new();
    direct.load_bytes("sample.jsonl", &bytes);
    let mut sender = RelaySender::new();
    let mut page = LoadSession::new();
    let _ = sender.start_file("sample.jsonl");
    for chunk in bytes.chunks(1 << 20) {
        sender.push(chunk);
        page.apply_relayed(&sender.take_batch()).unwrap();
    }
    page.apply_relayed(&sender.finish_file().unwrap()).unwrap();
    assert_eq!(page.findings().len(), 3_000);
    // Unique ids and ARNs are stored as they come, not hashed into the interner.
    // (Interning them on the page as well would put 6,000 more strings in its interner.)
    assert!(page.interned_strings() <= direct.interned_strings());
    assert!(
        page.interned_strings() > 50,
        "repeated text is still shared"
    );
}
