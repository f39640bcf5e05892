//! The worker pool's shards, simulated natively: every job (a file, or a piece of one) is read
//! by a random worker's `RelaySender` exactly as `src/worker.rs` reads it, each batch's
//! findings are routed by that worker's `ShardHost`, the batches between workers arrive in a
//! random order (some after the page's decisions on held pieces), and the page applies the
//! relay batches in file order as `ui::pool_load` does. The hosts must then hold exactly the
//! page's findings, each id once, whatever the worker count and the cut points.

mod ingest_support;

use guardview::ingest::{
    decode_routed, encode_routed, Interner, LoadSession, PieceCursor, RelaySender,
};
use guardview::model::{Finding, RoutedFindings};
use guardview::sample::SampleFormat;
use guardview::store::{ReadAt, ShardHost};
use ingest_support::{by_id, cut_points, files_under, fixture_folders, generated, Rng};

/// One job of the load: a whole file, or piece `piece` (bytes `start..end`) of one.
struct Job {
    file: usize,
    piece: Option<(u32, u64, u64)>,
}

/// What a worker posts to another: a routed batch, `(owner, bytes)`.
type Mail = (usize, Vec<u8>);

/// Reads `job` with a fresh sender on worker `worker` (in `chunk_bytes` reads), routing every
/// batch's findings through the worker's host; returns the page's batches and adds the
/// batches for other workers to `mail`.
fn read_job(
    job: &Job,
    files: &[(String, Vec<u8>)],
    host: &mut ShardHost,
    mail: &mut Vec<Mail>,
    chunk_bytes: usize,
) -> Vec<Vec<u8>> {
    let (name, bytes) = &files[job.file];
    let mut sender = RelaySender::new();
    sender.keep_sent_findings();
    let mut batches = Vec::new();
    let file = job.file as u32;
    let piece = job.piece.map_or(0, |(piece, _, _)| piece);
    let mut first_record = 0_u32;
    let mut route = |sender: &mut RelaySender, host: &mut ShardHost, mail: &mut Vec<Mail>| {
        let findings = sender.take_sent();
        let at = ReadAt {
            file,
            piece,
            first_record,
            held: piece > 0,
        };
        first_record += findings.len() as u32;
        let routed = host.route(findings, at);
        mail.extend(
            routed
                .into_iter()
                .map(|(owner, batch)| (owner, encode_routed(batch))),
        );
    };
    match job.piece {
        None => {
            batches.extend(sender.start_file(name));
            for chunk in bytes.chunks(chunk_bytes) {
                sender.push(chunk);
                batches.push(sender.take_batch());
                route(&mut sender, host, mail);
            }
            batches.extend(sender.finish_file());
        }
        Some((_, start, end)) => {
            batches.extend(sender.start_piece(name, start));
            let mut cursor = PieceCursor::new((start, end), bytes.len() as u64);
            while let Some((from, to)) =
                cursor.next(chunk_bytes as u64, || sender.piece_may_end_here())
            {
                sender.push(&bytes[from as usize..to as usize]);
                cursor.advance(to - from);
                batches.push(sender.take_batch());
                route(&mut sender, host, mail);
            }
            batches.extend(sender.finish_piece(cursor.reached_file_end()));
        }
    }
    route(&mut sender, host, mail);
    batches
}

/// Cuts each file into up to four pieces at random newlines (or leaves it whole).
fn plan_jobs(files: &[(String, Vec<u8>)], rng: &mut Rng) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (file, (_, bytes)) in files.iter().enumerate() {
        let newlines: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(i, &b)| b == b'\n' && i + 1 < bytes.len())
            .map(|(i, _)| i + 1)
            .collect();
        let wanted = rng.below(4);
        if wanted == 0 || newlines.is_empty() {
            jobs.push(Job { file, piece: None });
            continue;
        }
        let cuts = cut_points(bytes.len(), wanted, || newlines[rng.below(newlines.len())]);
        let starts = std::iter::once(0).chain(cuts.iter().copied());
        let ends = cuts.iter().copied().chain([bytes.len() as u64]);
        for (piece, (start, end)) in starts.zip(ends).enumerate() {
            jobs.push(Job {
                file,
                piece: Some((piece as u32, start, end)),
            });
        }
    }
    jobs
}

/// Delivers about half the waiting mail, in a random order.
fn deliver_some(mail: &mut Vec<Mail>, hosts: &mut [ShardHost], rng: &mut Rng, all: bool) {
    let mut index = 0;
    while index < mail.len() {
        if all || rng.below(2) == 0 {
            let pick = index + rng.below(mail.len() - index);
            let (owner, bytes) = mail.swap_remove(pick);
            let routed =
                decode_routed(&bytes, &mut Interner::new()).expect("a routed batch decodes");
            hosts[owner].receive(routed);
        } else {
            index += 1;
        }
    }
}

/// Loads `files` through a simulated pool of `workers`; returns the hosts and the page's
/// session (the relay path every load takes today).
fn pool_load(
    files: &[(String, Vec<u8>)],
    workers: usize,
    rng: &mut Rng,
) -> (Vec<ShardHost>, LoadSession, usize) {
    let mut hosts: Vec<ShardHost> = (0..workers).map(|me| ShardHost::new(me, workers)).collect();
    let mut mail = Vec::new();
    let mut page = LoadSession::new();
    let jobs = plan_jobs(files, rng);
    let mut decisions = Vec::new();
    let mut file_ended = false;
    for (index, job) in jobs.iter().enumerate() {
        let chunk_bytes = 512 + rng.below(8192);
        let worker = rng.below(workers);
        let batches = read_job(job, files, &mut hosts[worker], &mut mail, chunk_bytes);
        deliver_some(&mut mail, &mut hosts, rng, false);
        // The page applies the job's batches in file order (as `InOrder` does).
        let piece = job.piece.map(|(piece, _, _)| piece);
        if piece.is_some_and(|p| p > 0) {
            decisions.push(((job.file as u32, piece.unwrap_or(0)), !file_ended));
        }
        if file_ended && piece.is_some_and(|p| p > 0) {
            // A piece after one that ended the file: the page never applies it.
        } else {
            for batch in &batches {
                let progress = page.apply_relayed(batch).expect("a relay batch decodes");
                if let Some(done) = progress.piece_done {
                    file_ended = done.ends_the_file;
                }
            }
        }
        let last_piece_of_file = jobs.get(index + 1).is_none_or(|next| next.file != job.file);
        if piece.is_some() && last_piece_of_file {
            page.finish_relayed_pieces(files[job.file].1.len() as u64);
            file_ended = false;
        }
        if rng.below(3) == 0 {
            // The page's decisions may reach a worker before other workers' batches do.
            for host in hosts.iter_mut() {
                host.settle(&decisions);
            }
        }
    }
    for host in hosts.iter_mut() {
        host.settle(&decisions);
    }
    deliver_some(&mut mail, &mut hosts, rng, true);
    let unused = decisions.iter().filter(|(_, used)| !used).count();
    (hosts, page, unused)
}

/// Asserts the hosts hold the page's set exactly, and the mail counts balance; returns how
/// many pieces went unused.
fn check(label: &str, files: &[(String, Vec<u8>)], rng: &mut Rng) -> usize {
    let mut unused_pieces = 0;
    for workers in [1, 2, 3, 8] {
        let (hosts, page, unused) = pool_load(files, workers, rng);
        unused_pieces += unused;
        let held: Vec<Finding> = hosts
            .iter()
            .flat_map(|host| host.shard().findings())
            .collect();
        assert_eq!(
            by_id(held),
            by_id(page.findings().findings().iter().cloned()),
            "{label} over {workers} workers"
        );
        for host in &hosts {
            assert_eq!(host.held_findings(), 0, "{label}: a held piece was settled");
            let sent_here: u64 = hosts.iter().map(|h| h.sent_to()[host.index()]).sum();
            assert_eq!(
                host.received(),
                sent_here,
                "{label}: every routed batch arrived"
            );
        }
    }
    unused_pieces
}

#[test]
fn every_fixture_folder_lands_in_the_shards_exactly_as_on_the_page() {
    let mut rng = Rng(7);
    let mut folders = 0;
    let mut unused_pieces = 0;
    for folder in fixture_folders() {
        let files: Vec<(String, Vec<u8>)> = files_under(&folder)
            .iter()
            .map(|path| {
                let bytes = std::fs::read(path).unwrap_or_default();
                (path.display().to_string(), bytes)
            })
            .collect();
        unused_pieces += check(&folder.display().to_string(), &files, &mut rng);
        folders += 1;
    }
    assert!(folders >= 5, "the fixture folders were found ({folders})");
    // Pretty-printed files cut at random newlines: many pieces follow one that read on to the
    // end of its file, and their held findings must be dropped.
    assert!(
        unused_pieces > 10,
        "unused pieces were exercised ({unused_pieces})"
    );
}

#[test]
fn generated_exports_read_as_pieces_land_in_the_shards_exactly() {
    let mut rng = Rng(2027);
    let sample = generated;
    // The same ids in three files (the newest version wins; ties go to the earlier file).
    let files = vec![
        (
            "a.jsonl".to_owned(),
            sample(1_200, 1, SampleFormat::JsonLines),
        ),
        (
            "b.json".to_owned(),
            sample(1_200, 1, SampleFormat::JsonArray),
        ),
        (
            "c.jsonl".to_owned(),
            sample(600, 2, SampleFormat::EventBridgeLines),
        ),
        (
            "d.jsonl".to_owned(),
            sample(1_200, 1, SampleFormat::JsonLines),
        ),
    ];
    check("generated", &files, &mut rng);
}

#[test]
fn a_routed_batch_survives_its_encoding_and_a_damaged_one_is_refused() {
    let bytes = generated(20, 5, SampleFormat::JsonLines);
    let mut session = LoadSession::new();
    session.load_bytes("twenty.jsonl", &bytes);
    let findings: Vec<Finding> = session.findings().findings().to_vec();
    assert!(findings.len() >= 2, "the fixture has findings");
    let batch = RoutedFindings {
        file: 3,
        piece: 2,
        held: true,
        records: (0..findings.len() as u32).map(|r| r * 2).collect(),
        findings: findings.clone(),
    };
    let mut interner = Interner::new();
    let expected_records = batch.records.clone();
    let bytes = encode_routed(batch);
    let back = decode_routed(&bytes, &mut interner).expect("decodes");
    assert_eq!((back.file, back.piece, back.held), (3, 2, true));
    assert_eq!(back.records, expected_records);
    assert_eq!(by_id(back.findings), by_id(findings));
    assert!(decode_routed(&bytes[..10], &mut interner).is_err());
    assert!(decode_routed(&bytes[..bytes.len() - 3], &mut interner).is_err());
}
