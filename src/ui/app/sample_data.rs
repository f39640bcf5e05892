//! The built-in sample data behind "Load sample data".

use crate::model::time::DAY_MS;
use crate::sample::{write_sample, SampleFormat, SampleOptions};
use crate::ui::file_reader::LoadSource;

/// Findings in the built-in sample data set.
const SAMPLE_FINDINGS: usize = 5_000;
/// Fixed seed: the sample looks the same on every click and in every test.
const SAMPLE_SEED: u64 = 2026;

/// The built-in sample: generated in the browser by the same code as `guardview sample`, then
/// read through the normal ingest path.
pub fn sample_source() -> LoadSource {
    // The data ends at the end of today (UTC), not at this millisecond: the sample is then the
    // same after a reload, so a shared link with a period filter shows the same findings.
    let now_ms = (js_sys::Date::now() as i64).div_euclid(DAY_MS) * DAY_MS + DAY_MS;
    let options = SampleOptions::new(
        SAMPLE_FINDINGS,
        SAMPLE_SEED,
        SampleFormat::JsonLines,
        now_ms,
    );
    let mut bytes = Vec::new();
    if let Err(error) = write_sample(&options, &mut bytes) {
        leptos::logging::warn!("sample generation failed: {error}");
    }
    LoadSource::Bytes {
        name: "guardview-sample.jsonl".to_owned(),
        bytes,
    }
}
