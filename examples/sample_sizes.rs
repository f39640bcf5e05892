//! Sample-generator measurement (not a specification): prints the bytes per record of every
//! sample format at 10k findings and the time to write 100k.
//!
//! ```sh
//! cargo run --release --example sample_sizes
//! ```

use guardview::sample::{write_sample, SampleFormat, SampleOptions};

/// 2025-01-01T00:00:00Z, the "now" of the generated data.
const NOW_MS: i64 = 1_735_689_600_000;

/// Counts the bytes written.
#[derive(Default)]
struct ByteCount {
    bytes: usize,
}

impl std::io::Write for ByteCount {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        self.bytes += buffer.len();
        Ok(buffer.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() {
    for format in SampleFormat::ALL {
        let options = SampleOptions::new(10_000, 1, format, NOW_MS);
        let mut log = ByteCount::default();
        write_sample(&options, &mut log).expect("write");
        let records = options.total_records();
        println!(
            "{format:?}: {} bytes for {records} records ({} bytes/record)",
            log.bytes,
            log.bytes / records
        );
    }
    for format in [SampleFormat::JsonLines, SampleFormat::JsonLinesGzip] {
        let start = std::time::Instant::now();
        let mut log = ByteCount::default();
        write_sample(&SampleOptions::new(100_000, 1, format, NOW_MS), &mut log).expect("write");
        println!(
            "100k findings {format:?}: {:?}, {} bytes",
            start.elapsed(),
            log.bytes
        );
    }
}
