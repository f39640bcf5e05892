//! Native ingest profiler: generates sample exports, times `LoadSession` fed in 4 MiB chunks
//! (as the browser does) and estimates the model's retained heap with a counting allocator.
//!
//! ```sh
//! cargo run --release --example profile_ingest -- [--findings N] [--runs R]
//!     [--formats json,jsonl,jsonl.gz] [--floor] [--no-relay] [--cache DIR]
//! ```
//!
//! Prints one row per format: median MB/s over the runs (MB = 10^6 bytes
//! of *uncompressed* JSON), by this thread's CPU time (steady on a busy machine) and by wall
//! time, the retained heap after ingest (bytes still allocated by the
//! session once the input is dropped) as a fraction of the input, and the peak heap during
//! the load above the input (sampled after each chunk). `--floor` adds serde_json skipping
//! every value (`IgnoredAny`), the parser's own ceiling on the same bytes. A second table times
//! the relay as the browser runs it: the worker's `RelaySender` (parse, and encoding every
//! 4 MiB chunk's findings into a batch) and the page's `LoadSession::apply_relayed`, which runs
//! on the UI thread, in ms per 100k findings. For `perf record`,
//! use one format and many runs, and build with
//! `CARGO_PROFILE_RELEASE_STRIP=false CARGO_PROFILE_RELEASE_DEBUG=line-tables-only`.

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
    use std::io::Read;
    use std::time::Instant;

    use cap::Cap;

    use guardview::ingest::{LoadSession, RelaySender};
    use guardview::sample::{write_sample, SampleFormat, SampleOptions};

    /// The browser reads 4 MiB `Blob` slices.
    const CHUNK_BYTES: usize = 4 * 1024 * 1024;
    /// The same "now" the CLI's `sample` command uses, so the data matches `guardview sample`.
    const SAMPLE_NOW_MS: i64 = 1_795_737_600_000;
    const BYTES_PER_MB: f64 = 1e6;
    const BYTES_PER_MIB: f64 = 1024.0 * 1024.0;

    /// Counts live heap bytes.
    #[global_allocator]
    static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

    struct Args {
        findings: usize,
        runs: usize,
        formats: Vec<SampleFormat>,
        floor: bool,
        relay: bool,
        /// Where generated files are kept between runs (none: generate in memory every time).
        cache_dir: Option<std::path::PathBuf>,
    }

    fn parse_args() -> Result<Args, String> {
        let mut args = Args {
            findings: 100_000,
            runs: 5,
            formats: vec![
                SampleFormat::JsonArray,
                SampleFormat::JsonLines,
                SampleFormat::JsonLinesGzip,
            ],
            floor: false,
            relay: true,
            cache_dir: None,
        };
        let mut words = std::env::args().skip(1);
        while let Some(word) = words.next() {
            let mut value = || words.next().ok_or(format!("{word} needs a value"));
            match word.as_str() {
                "--findings" => {
                    args.findings = value()?.parse().map_err(|e| format!("--findings: {e}"))?
                }
                "--runs" => args.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
                "--formats" => {
                    args.formats = value()?
                        .split(',')
                        .map(|name| {
                            SampleFormat::parse(name).ok_or(format!("unknown format {name}"))
                        })
                        .collect::<Result<_, _>>()?
                }
                "--floor" => args.floor = true,
                "--no-relay" => args.relay = false,
                "--cache" => args.cache_dir = Some(value()?.into()),
                other => return Err(format!("unknown argument {other}")),
            }
        }
        args.runs = args.runs.max(1);
        Ok(args)
    }

    fn format_name(format: SampleFormat) -> &'static str {
        match format {
            SampleFormat::JsonArray => "json",
            SampleFormat::JsonLines => "jsonl",
            SampleFormat::JsonLinesGzip => "jsonl.gz",
            SampleFormat::CliPascalCase => "cli",
            SampleFormat::EventBridgeLines => "eventbridge",
        }
    }

    /// One timed load.
    struct Measurement {
        seconds: f64,
        /// On-CPU time of this thread (the wall time less waiting for a busy machine).
        cpu_seconds: Option<f64>,
        findings: usize,
        retained_bytes: usize,
        peak_bytes_above_start: usize,
    }

    fn load(name: &str, bytes: &[u8]) -> Measurement {
        let live_before = ALLOCATOR.allocated();
        let mut peak = live_before;
        let started = Instant::now();
        let cpu_started = thread_cpu_seconds();
        let mut session = LoadSession::new();
        let mut file = session.start_file(name);
        for chunk in bytes.chunks(CHUNK_BYTES) {
            session.push(&mut file, chunk);
            peak = peak.max(ALLOCATOR.allocated());
        }
        let report = session.finish_file(file);
        let failed = report.error.clone();
        let seconds = started.elapsed().as_secs_f64();
        let cpu_seconds = thread_cpu_seconds()
            .zip(cpu_started)
            .map(|(end, start)| end - start);
        if let Some(error) = failed {
            eprintln!("profile_ingest: {name} failed: {error:?}");
        }
        let live_after = ALLOCATOR.allocated();
        let findings = session.findings().len();
        drop(session);
        Measurement {
            seconds,
            cpu_seconds,
            findings,
            retained_bytes: live_after.saturating_sub(live_before),
            peak_bytes_above_start: peak.max(live_after).saturating_sub(live_before),
        }
    }

    /// One relayed load: CPU seconds of each side, and what crossed between them.
    struct RelayMeasurement {
        /// The worker's whole run: parsing and encoding.
        worker_cpu_seconds: f64,
        /// The worker's encoding alone (`take_batch`, `finish_file`'s batch).
        encode_cpu_seconds: f64,
        /// The page's `apply_relayed` over every batch.
        apply_cpu_seconds: f64,
        batch_bytes: usize,
        batches: usize,
        findings: usize,
    }

    /// Loads `bytes` through a `RelaySender` and a page-side session, one batch per 4 MiB chunk
    /// (as `src/worker.rs` posts them).
    fn relay_load(name: &str, bytes: &[u8]) -> RelayMeasurement {
        let cpu = || thread_cpu_seconds().unwrap_or(0.0);
        let mut sender = RelaySender::new();
        let mut page = LoadSession::new();
        let mut measurement = RelayMeasurement {
            worker_cpu_seconds: 0.0,
            encode_cpu_seconds: 0.0,
            apply_cpu_seconds: 0.0,
            batch_bytes: 0,
            batches: 0,
            findings: 0,
        };
        let mut apply = |batch: Vec<u8>, measurement: &mut RelayMeasurement| {
            measurement.batch_bytes += batch.len();
            measurement.batches += 1;
            let started = cpu();
            if let Err(error) = page.apply_relayed(&batch) {
                eprintln!("profile_ingest: {name}: {error}");
            }
            measurement.apply_cpu_seconds += cpu() - started;
        };
        let started = cpu();
        let opened = sender.start_file(name);
        measurement.worker_cpu_seconds += cpu() - started;
        if let Some(batch) = opened {
            apply(batch, &mut measurement);
        }
        for chunk in bytes.chunks(CHUNK_BYTES) {
            let started = cpu();
            sender.push(chunk);
            let parsed = cpu();
            let batch = sender.take_batch();
            let encoded = cpu();
            measurement.worker_cpu_seconds += encoded - started;
            measurement.encode_cpu_seconds += encoded - parsed;
            apply(batch, &mut measurement);
        }
        let started = cpu();
        let last = sender.finish_file();
        let finished = cpu() - started;
        measurement.worker_cpu_seconds += finished;
        measurement.encode_cpu_seconds += finished;
        if let Some(batch) = last {
            apply(batch, &mut measurement);
        }
        measurement.findings = page.findings().len();
        measurement
    }

    /// This thread's on-CPU time from `/proc/thread-self/schedstat` (nanoseconds), if readable.
    fn thread_cpu_seconds() -> Option<f64> {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let nanoseconds: f64 = text.split_whitespace().next()?.parse().ok()?;
        Some(nanoseconds / 1e9)
    }

    /// serde_json skipping every value of every line or the whole document: the parser's floor.
    fn floor_seconds(text: &[u8]) -> f64 {
        let started = Instant::now();
        let stream =
            serde_json::Deserializer::from_slice(text).into_iter::<serde::de::IgnoredAny>();
        let values = stream.filter(Result::is_ok).count();
        std::hint::black_box(values);
        started.elapsed().as_secs_f64()
    }

    fn median(mut values: Vec<f64>) -> f64 {
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
    }

    /// The sample file `guardview sample --findings N --seed 1 --format F` writes, read from the
    /// cache directory when it is there.
    fn sample_bytes(
        name: &str,
        format: SampleFormat,
        findings: usize,
        cache_dir: Option<&std::path::Path>,
    ) -> std::io::Result<Vec<u8>> {
        let cached = cache_dir.map(|dir| dir.join(name));
        if let Some(path) = &cached {
            if let Ok(bytes) = std::fs::read(path) {
                return Ok(bytes);
            }
        }
        let options = SampleOptions::new(findings, 1, format, SAMPLE_NOW_MS);
        let mut bytes = Vec::new();
        write_sample(&options, &mut bytes)?;
        if let (Some(dir), Some(path)) = (cache_dir, &cached) {
            std::fs::create_dir_all(dir)?;
            std::fs::write(path, &bytes)?;
        }
        Ok(bytes)
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut text = Vec::new();
        if let Err(error) = flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut text) {
            eprintln!("profile_ingest: gunzip failed: {error}");
        }
        text
    }

    /// Prints the relay table: medians over `runs` relayed loads of each format.
    fn relay_table(args: &Args) {
        println!();
        println!(
            "| relay: format | findings | worker MB/s (parse + encode, CPU) | encode MB/s (CPU) | encode ms / 100k findings | batches | batch MB | page apply ms / 100k findings (CPU) |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|");
        for &format in &args.formats {
            let name = format!("findings-{}.{}", args.findings, format_name(format));
            let Ok(bytes) = sample_bytes(&name, format, args.findings, args.cache_dir.as_deref())
            else {
                continue;
            };
            let text_mb = if format == SampleFormat::JsonLinesGzip {
                gunzip(&bytes).len()
            } else {
                bytes.len()
            } as f64
                / BYTES_PER_MB;
            let runs: Vec<RelayMeasurement> =
                (0..args.runs).map(|_| relay_load(&name, &bytes)).collect();
            let Some(last) = runs.last() else {
                continue;
            };
            let per_100k = 100_000.0 / last.findings.max(1) as f64;
            let worker = median(
                runs.iter()
                    .map(|m| text_mb / m.worker_cpu_seconds)
                    .collect(),
            );
            let encode = median(
                runs.iter()
                    .map(|m| text_mb / m.encode_cpu_seconds)
                    .collect(),
            );
            let encode_ms =
                median(runs.iter().map(|m| m.encode_cpu_seconds * 1e3).collect()) * per_100k;
            let apply_ms =
                median(runs.iter().map(|m| m.apply_cpu_seconds * 1e3).collect()) * per_100k;
            println!(
                "| {} | {} | {:.0} | {:.0} | {:.0} | {} | {:.1} | {:.0} |",
                format_name(format),
                last.findings,
                worker,
                encode,
                encode_ms,
                last.batches,
                last.batch_bytes as f64 / BYTES_PER_MB,
                apply_ms,
            );
        }
    }

    pub fn main() {
        let args = match parse_args() {
            Ok(args) => args,
            Err(message) => {
                eprintln!("profile_ingest: {message}");
                std::process::exit(2);
            }
        };
        println!(
            "findings {}, runs {}, chunk {} MiB, MB = 10^6 bytes of uncompressed JSON",
            args.findings,
            args.runs,
            CHUNK_BYTES >> 20
        );
        println!(
        "| format | findings | input MB | median MB/s (CPU time) | median MB/s (wall) | min–max MB/s (wall) | retained heap | retained / input | peak heap / input |"
    );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for &format in &args.formats {
            let name = format!("findings-{}.{}", args.findings, format_name(format));
            let bytes = match sample_bytes(&name, format, args.findings, args.cache_dir.as_deref())
            {
                Ok(bytes) => bytes,
                Err(error) => {
                    eprintln!("profile_ingest: generating {name} failed: {error}");
                    std::process::exit(1);
                }
            };
            let text_bytes = if format == SampleFormat::JsonLinesGzip {
                gunzip(&bytes).len()
            } else {
                bytes.len()
            };
            let input_mb = text_bytes as f64 / BYTES_PER_MB;
            let runs: Vec<Measurement> = (0..args.runs).map(|_| load(&name, &bytes)).collect();
            let speeds: Vec<f64> = runs.iter().map(|m| input_mb / m.seconds).collect();
            let slowest = speeds.iter().copied().fold(f64::INFINITY, f64::min);
            let fastest = speeds.iter().copied().fold(0.0, f64::max);
            let cpu_speeds: Vec<f64> = runs
                .iter()
                .filter_map(|m| m.cpu_seconds)
                .map(|seconds| input_mb / seconds)
                .collect();
            let last = runs.last();
            let retained = last.map_or(0, |m| m.retained_bytes);
            let peak = last.map_or(0, |m| m.peak_bytes_above_start);
            println!(
                "| {} | {} | {:.1} | {:.0} | {:.0} | {:.0}–{:.0} | {:.1} MiB | {:.3} | {:.3} |",
                format_name(format),
                last.map_or(0, |m| m.findings),
                input_mb,
                median(cpu_speeds),
                median(speeds),
                slowest,
                fastest,
                retained as f64 / BYTES_PER_MIB,
                retained as f64 / text_bytes as f64,
                peak as f64 / text_bytes as f64,
            );
            if args.floor {
                let text = if format == SampleFormat::JsonLinesGzip {
                    gunzip(&bytes)
                } else {
                    bytes.clone()
                };
                let seconds: Vec<f64> = (0..args.runs).map(|_| floor_seconds(&text)).collect();
                println!(
                    "| {} (serde_json IgnoredAny floor) | | {:.1} | | | {:.0} | | | | |",
                    format_name(format),
                    input_mb,
                    input_mb / median(seconds)
                );
            }
        }
        if args.relay {
            relay_table(&args);
        }
    }
}
