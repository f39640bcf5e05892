//! Native profiler of the columnar store: the heap one load retains as ingest's `FindingSet`
//! and as store shards (1 and N), and how long the shards take to answer every view, on one
//! thread per shard.
//!
//! ```sh
//! cargo run --release --example profile_store -- [FINDINGS] [SHARDS]
//! ```
//!
//! Prints bytes per finding for each layout and the median query time over 5 runs.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

/// The profiler needs a native clock and allocator; in wasm there is nothing to run.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::alloc::System;
    use std::time::Instant;

    use cap::Cap;

    use guardview::analysis::filter::FindingFilter;
    use guardview::ingest::LoadSession;
    use guardview::sample::{write_sample, SampleFormat, SampleOptions};
    use guardview::store::{owner_of, Origin, PendingQuery, QueryRequest, Shard, Views};

    /// Counts live heap bytes.
    #[global_allocator]
    static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

    /// The same "now" the CLI's `sample` command uses.
    const SAMPLE_NOW_MS: i64 = 1_795_737_600_000;
    const RUNS: usize = 5;

    pub fn main() {
        let mut args = std::env::args().skip(1);
        let findings: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50_000);
        let shard_count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4);
        let mut bytes = Vec::new();
        let options = SampleOptions::new(findings, 1, SampleFormat::JsonLines, SAMPLE_NOW_MS);
        if write_sample(&options, &mut bytes).is_err() {
            eprintln!("cannot generate the sample");
            return;
        }
        println!(
            "{findings} findings, {:.1} MB of JSON Lines",
            bytes.len() as f64 / 1e6
        );

        let before = ALLOCATOR.allocated();
        let mut session = LoadSession::new();
        session.load_bytes("sample.jsonl", &bytes);
        let kept = session.findings().len().max(1);
        let as_set = ALLOCATOR.allocated().saturating_sub(before);
        drop(session);
        println!(
            "FindingSet (ingest's session): {:>6} bytes per finding",
            as_set / kept
        );

        for count in [1, shard_count] {
            // Everything the load leaves behind once only the shards hold the findings.
            let before = ALLOCATOR.allocated();
            let mut session = LoadSession::new();
            session.load_bytes("sample.jsonl", &bytes);
            let (_, loaded) = session.into_parts();
            let mut shards: Vec<Shard> = (0..count).map(|_| Shard::new()).collect();
            for finding in loaded {
                let owner = owner_of(&finding.id, count);
                shards[owner].offer(finding, Origin::default());
            }
            let held = ALLOCATOR.allocated().saturating_sub(before);
            let filter = FindingFilter::default();
            let mut times = Vec::new();
            for run in 0..RUNS {
                let request = QueryRequest::new(run as u64, &filter, Views::all(), None);
                let start = Instant::now();
                let answers: Vec<_> = std::thread::scope(|scope| {
                    let handles: Vec<_> = shards
                        .iter_mut()
                        .enumerate()
                        .map(|(i, shard)| {
                            let request = &request;
                            scope.spawn(move || shard.answer(i as u32, request))
                        })
                        .collect();
                    handles.into_iter().filter_map(|h| h.join().ok()).collect()
                });
                let mut pending = PendingQuery::new(request.clone(), count);
                for answer in answers {
                    pending.accept(answer);
                }
                let result = pending.result();
                times.push(start.elapsed().as_secs_f64() * 1e3);
                assert!(result.is_some());
            }
            times.sort_by(f64::total_cmp);
            println!(
                "{count} shard(s): {:>6} bytes per finding; every view answered in {:.1} ms (median of {RUNS})",
                held / kept,
                times[RUNS / 2]
            );
        }
    }
}
