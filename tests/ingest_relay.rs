//! The worker relay gives the page exactly what a direct load gives: every fixture, loaded
//! through a `RelaySender` and applied batch by batch to a page-side session, yields the same
//! findings (same order, same fields, same source files) and the same file reports as loading
//! the same files straight into one `LoadSession`. Damaged batches are errors, never panics.

use std::path::PathBuf;

use guardview::ingest::{batch_bytes_read, plan_jobs, InOrder, JobEvent, LoadSession, RelaySender};
use guardview::model::{FileReport, Finding};
use guardview::sample::{write_sample, SampleFormat, SampleOptions};

mod ingest_support;

/// Every fixture file under `tests/fixtures`, sorted (corpus, quirks, hostile, round trips).
fn fixture_files() -> Vec<PathBuf> {
    ingest_support::files_under(&ingest_support::fixtures())
}

/// Generated findings (about 5% more records follow as updates of the same ids), ending at a
/// fixed instant so the bytes never change.
fn sample(findings: usize, seed: u64, format: SampleFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_sample(
        &SampleOptions::new(findings, seed, format, 1_764_288_000_000),
        &mut bytes,
    )
    .unwrap();
    bytes
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
        let bytes = sample(2_000, 7, format);
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
    let bytes = sample(3_000, 11, SampleFormat::JsonLines);
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

/// One job's events as a worker posts them: a fresh sender per job (the worker starts one per
/// `load` message), a batch after every chunk, and `Done` at the end.
fn job_events(files: &[(String, Vec<u8>)], chunk_bytes: usize) -> Vec<JobEvent> {
    let mut sender = RelaySender::new();
    let mut events = Vec::new();
    for (name, bytes) in files {
        events.extend(sender.start_file(name).map(JobEvent::Batch));
        for chunk in bytes.chunks(chunk_bytes) {
            sender.push(chunk);
            events.push(JobEvent::Batch(sender.take_batch()));
        }
        events.extend(sender.finish_file().map(JobEvent::Batch));
    }
    events.push(JobEvent::Done);
    events
}

/// A small deterministic generator (xorshift64*), so a failing arrival order can be replayed.
struct Arrivals(u64);

impl Arrivals {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % bound.max(1)
    }
}

/// `worker_count` workers each take the next job when free; at every step a random busy worker
/// posts its next event, and the page applies what [`InOrder`] hands back.
fn pooled(files: &[(String, Vec<u8>)], worker_count: usize, seed: u64) -> Outcome {
    let mut arrivals = Arrivals(seed | 1);
    let sizes: Vec<u64> = files.iter().map(|(_, b)| b.len() as u64).collect();
    let jobs = plan_jobs(
        &sizes,
        1 + arrivals.below(200_000) as u64,
        1 + arrivals.below(6),
    );
    let mut queued: Vec<Vec<JobEvent>> = jobs
        .iter()
        .map(|job| job_events(&files[job.clone()], 1024 + arrivals.below(64 * 1024)))
        .collect();
    let mut order = InOrder::new(jobs.len());
    let mut page = LoadSession::new();
    let mut next_job = 0;
    let mut running: Vec<(usize, std::vec::IntoIter<JobEvent>)> = Vec::new();
    while !order.all_applied() {
        while running.len() < worker_count && next_job < jobs.len() {
            let events = std::mem::take(&mut queued[next_job]).into_iter();
            running.push((next_job, events));
            next_job += 1;
        }
        let worker = arrivals.below(running.len());
        let (job, events) = &mut running[worker];
        let job = *job;
        let Some(event) = events.next() else {
            running.swap_remove(worker);
            continue;
        };
        for (_, ready) in order.push(job, event) {
            if let JobEvent::Batch(batch) = ready {
                page.apply_relayed(&batch).expect("a batch decodes");
            }
        }
    }
    (page.reports().to_vec(), page.findings().findings().to_vec())
}

#[test]
fn any_number_of_workers_in_any_arrival_order_gives_a_direct_load() {
    let files = read_all(&fixture_files());
    let direct = direct(&files, 65_536);
    for worker_count in [1, 2, 3, 8] {
        for seed in 0..6 {
            assert_eq!(
                pooled(&files, worker_count, seed * 7919 + worker_count as u64),
                direct,
                "{worker_count} workers, seed {seed}"
            );
        }
    }
}

#[test]
fn updates_of_one_id_spread_over_many_files_keep_the_newest_whatever_the_pool() {
    let bytes = sample(3_000, 11, SampleFormat::JsonLines);
    // The same sample cut into 12 files at line ends: updates of an id land in different files.
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let files: Vec<(String, Vec<u8>)> = lines
        .chunks(lines.len().div_ceil(12))
        .enumerate()
        .map(|(i, part)| (format!("part-{i:02}.jsonl"), part.join("\n").into_bytes()))
        .collect();
    let direct = direct(&files, 1 << 20);
    assert_eq!(direct.1.len(), 3_000);
    assert!(direct.0.iter().filter(|r| r.duplicates > 0).count() > 1);
    for worker_count in [1, 2, 3, 8] {
        assert_eq!(
            pooled(&files, worker_count, 42),
            direct,
            "{worker_count} workers"
        );
    }
}

#[test]
fn a_batch_names_its_bytes_read_before_it_is_decoded() {
    let files = read_all(&fixture_files());
    let mut sender = RelaySender::new();
    let mut page = LoadSession::new();
    let mut checked = 0;
    for (name, bytes) in &files {
        let mut batches: Vec<Vec<u8>> = sender.start_file(name).into_iter().collect();
        for chunk in bytes.chunks(4096) {
            sender.push(chunk);
            batches.push(sender.take_batch());
        }
        batches.extend(sender.finish_file());
        for batch in batches {
            let peeked = batch_bytes_read(&batch);
            let applied = page.apply_relayed(&batch).expect("a batch decodes");
            assert_eq!(peeked, Some(applied.bytes_read), "{name}");
            checked += 1;
        }
    }
    assert!(checked > files.len());
    assert_eq!(batch_bytes_read(&[]), None);
    assert_eq!(
        batch_bytes_read(&[0xff; 12]),
        None,
        "an unterminated number is no number"
    );
}

#[test]
fn a_file_whose_worker_stopped_keeps_what_arrived_under_its_own_report() {
    let bytes = sample(3_000, 5, SampleFormat::JsonLines);
    let mut sender = RelaySender::new();
    let mut page = LoadSession::new();
    sender.start_file("crashed.jsonl");
    let mut last = None;
    // The worker read about a third of the file, then stopped without a report.
    for chunk in bytes[..bytes.len() / 3].chunks(64 * 1024) {
        sender.push(chunk);
        last = Some(page.apply_relayed(&sender.take_batch()).unwrap());
    }
    let read = last.expect("batches arrived");
    let loaded = page.findings().findings().len() as u64;
    assert!(loaded > 0);
    let report = page
        .fail_relayed_file("crashed.jsonl", "The reader stopped".into(), read)
        .clone();
    assert_eq!(report.findings_added, loaded);
    assert_eq!(report.bytes_read, read.bytes_read);
    assert_eq!(report.records, read.records_read);
    assert!(
        !report.dialects.is_empty(),
        "the dialect of what arrived is named"
    );
    assert!(report.error.is_some());
    assert!(page
        .findings()
        .findings()
        .iter()
        .all(|f| f.source_file == 0));

    // The next file's report counts only its own findings.
    let mut fresh = RelaySender::new();
    fresh.start_file("whole.jsonl");
    fresh.push(&bytes);
    page.apply_relayed(&fresh.finish_file().unwrap()).unwrap();
    let whole = &page.reports()[1];
    assert_eq!(whole.findings_added + whole.duplicates, whole.records);
    assert_eq!(whole.findings_added, 3_000 - loaded);
}

#[test]
fn a_file_the_browser_could_not_read_is_reported_as_a_failed_read_would_be() {
    let reason = "The browser could not read the file (NotReadableError)";
    let mut page = LoadSession::new();
    let recorded = page
        .record_unreadable("locked.jsonl", reason.into())
        .clone();

    let mut direct = LoadSession::new();
    let mut file = direct.start_file("locked.jsonl");
    file.fail(reason);
    let read = direct.finish_file(file).clone();

    assert_eq!(recorded, read);
    assert_eq!(recorded.error.map(|e| e.reason).as_deref(), Some(reason));
}

/// Each piece of each file read by a worker of its own (a `RelaySender`), its batches applied
/// by the page in file order and the file ended by `finish_relayed_pieces` once its last piece
/// (or the first that ends the file) arrives; the batches of pieces after that are not applied.
/// `cuts(bytes)` gives the pieces' starts after the first.
fn relayed_in_pieces(
    files: &[(String, Vec<u8>)],
    cuts: &mut dyn FnMut(&[u8]) -> Vec<u64>,
    chunk_bytes: usize,
) -> Outcome {
    let mut page = LoadSession::new();
    for (name, bytes) in files {
        let file_bytes = bytes.len() as u64;
        let cuts = cuts(bytes);
        let starts: Vec<u64> = std::iter::once(0).chain(cuts.iter().copied()).collect();
        let ends: Vec<u64> = cuts.iter().copied().chain([file_bytes]).collect();
        for (piece, (&start, &end)) in starts.iter().zip(&ends).enumerate() {
            let mut worker = RelaySender::new();
            let mut batches = Vec::new();
            batches.extend(worker.start_piece(name, start));
            let mut read_to = end;
            if end < file_bytes {
                for chunk in bytes[start as usize..end as usize].chunks(chunk_bytes) {
                    worker.push(chunk);
                    batches.push(worker.take_batch());
                }
                if !worker.piece_may_end_here() {
                    read_to = file_bytes;
                    for chunk in bytes[end as usize..].chunks(chunk_bytes) {
                        worker.push(chunk);
                    }
                }
            } else {
                for chunk in bytes[start as usize..].chunks(chunk_bytes) {
                    worker.push(chunk);
                    batches.push(worker.take_batch());
                }
            }
            batches.extend(worker.finish_piece(read_to == file_bytes));
            let mut ended = None;
            for batch in batches {
                let step = page.apply_relayed(&batch).expect("a batch decodes");
                ended = step.piece_done.or(ended);
            }
            let ended = ended.expect("the last batch ends the piece");
            if ended.ends_the_file || piece + 1 == starts.len() {
                page.finish_relayed_pieces(file_bytes);
                break;
            }
        }
    }
    (page.reports().to_vec(), page.findings().findings().to_vec())
}

#[test]
fn files_read_in_pieces_by_separate_workers_relay_exactly_like_a_direct_load() {
    let mut rng = Arrivals(41);
    let mut files = read_all(&fixture_files());
    files.push((
        "updates.jsonl".into(),
        sample(2_000, 9, SampleFormat::JsonLines),
    ));
    // Nesting deeper than the parser allows stops the file in its middle: the pieces after
    // the one that meets it are not used, and the file still counts as read to its end.
    let mut damaged = sample(1_000, 10, SampleFormat::JsonLines);
    let middle = damaged.len() / 2;
    let line_end = middle + damaged[middle..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let deep = format!("{{\"x\":{}{}}}\n", "[".repeat(200), "]".repeat(200));
    damaged.splice(line_end..line_end, deep.into_bytes());
    files.push(("damaged.jsonl".into(), damaged));
    let expected = direct(&files, 1 << 16);
    assert!(expected.0.last().unwrap().error.is_some());
    assert!(expected.0.iter().any(|r| r.duplicates > 0), "ids repeat");
    for round in 0..4 {
        let mut cuts = |bytes: &[u8]| {
            let lines: Vec<usize> = bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1)
                .collect();
            let count = 1 + rng.below(5);
            if round % 2 == 0 && !lines.is_empty() {
                ingest_support::cut_points(bytes.len(), count, || lines[rng.below(lines.len())])
            } else {
                ingest_support::cut_points(bytes.len(), count, || rng.below(bytes.len()))
            }
        };
        let got = relayed_in_pieces(&files, &mut cuts, [7, 4096][round % 2]);
        assert_eq!(got.0, expected.0, "reports, round {round}");
        assert_eq!(got.1.len(), expected.1.len(), "findings, round {round}");
        assert!(got.1 == expected.1, "findings, round {round}");
    }
}

#[test]
fn an_empty_piece_between_two_pieces_changes_nothing() {
    // A worker whose piece has no record boundary to start at (a file that cannot be cut, or
    // none near its planned start) sends an empty piece; the merge passes over it.
    let bytes = sample(600, 12, SampleFormat::JsonLines);
    let expected = direct(&[("file.jsonl".to_owned(), bytes.clone())], 1 << 16);
    let middle = bytes.len() / 2;
    let cut = middle + bytes[middle..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut page = LoadSession::new();
    let mut worker = RelaySender::new();
    worker.start_piece("file.jsonl", 0);
    worker.push(&bytes[..cut]);
    assert!(worker.piece_may_end_here());
    page.apply_relayed(&worker.finish_piece(false).unwrap())
        .unwrap();
    let mut empty = RelaySender::new();
    empty.start_piece("file.jsonl", cut as u64 + 100);
    let step = page
        .apply_relayed(&empty.finish_piece(false).unwrap())
        .unwrap();
    assert_eq!(step.piece_done.map(|done| done.ends_the_file), Some(false));
    let mut last = RelaySender::new();
    last.start_piece("file.jsonl", cut as u64);
    last.push(&bytes[cut..]);
    page.apply_relayed(&last.finish_piece(true).unwrap())
        .unwrap();
    page.finish_relayed_pieces(bytes.len() as u64);
    assert_eq!(page.reports(), expected.0.as_slice());
    assert!(page.findings().findings() == expected.1.as_slice());
}
