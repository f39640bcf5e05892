//! What a load reads (`LoadSource`: a browser file, or bytes the app made) and the two things
//! every way of loading shares: the progress at the start of a file, and the report of a file
//! that could not be read at all.

use gloo_timers::future::TimeoutFuture;
use js_sys::Uint8Array;

use super::state::{DataState, ReadProgress};

/// Estimated decompressed size per compressed byte of a `.gz` export (JSON Lines compress
/// about 7:1), used only for the size check below.
const GZIP_EXPANSION: u64 = 8;

/// Something the loader can read: a browser file under the name its report carries (its path
/// inside a picked or dropped folder, else its own name), or bytes the app made (sample data,
/// a paste).
pub enum LoadSource {
    File { file: web_sys::File, path: String },
    Bytes { name: String, bytes: Vec<u8> },
}

impl LoadSource {
    /// A file under its own name.
    pub fn file(file: web_sys::File) -> Self {
        let path = file.name();
        Self::File { file, path }
    }

    pub(super) fn name(&self) -> String {
        match self {
            Self::File { path, .. } => path.clone(),
            Self::Bytes { name, .. } => name.clone(),
        }
    }

    /// The JSON this source will probably decode to (compressed files expand).
    pub(super) fn estimated_json_bytes(&self) -> u64 {
        let name = self.name().to_ascii_lowercase();
        if name.ends_with(".gz") {
            self.size_bytes().saturating_mul(GZIP_EXPANSION)
        } else {
            self.size_bytes()
        }
    }

    /// The source as a `File` the worker can read (sample bytes are wrapped in one).
    pub(super) fn to_file(&self) -> Option<web_sys::File> {
        match self {
            Self::File { file, .. } => Some(file.clone()),
            Self::Bytes { name, bytes } => {
                let parts = js_sys::Array::of1(&Uint8Array::from(bytes.as_slice()));
                web_sys::File::new_with_u8_array_sequence(&parts, name).ok()
            }
        }
    }

    pub(super) fn size_bytes(&self) -> u64 {
        match self {
            Self::File { file, .. } => file.size() as u64,
            Self::Bytes { bytes, .. } => bytes.len() as u64,
        }
    }

    pub(super) async fn read_slice(&self, start: u64, end: u64) -> Result<Vec<u8>, String> {
        match self {
            Self::File { file, .. } => {
                let slice = gloo_file::Blob::from(file.clone()).slice(start, end);
                gloo_file::futures::read_as_bytes(&slice)
                    .await
                    .map_err(|error| error.to_string())
            }
            Self::Bytes { bytes, .. } => {
                let range = start as usize..end as usize;
                // Yield to the browser between slices, as a file read would: a zero timeout
                // lets it paint (a resolved promise would not).
                TimeoutFuture::new(0).await;
                Ok(bytes.get(range).unwrap_or_default().to_vec())
            }
        }
    }
}

/// Progress at the start of source `index`: one bar over the bytes of every source.
pub(super) fn progress_for(sources: &[LoadSource], index: usize) -> ReadProgress {
    let source = sources.get(index);
    ReadProgress {
        file_name: source.map(LoadSource::name).unwrap_or_default(),
        file_number: index + 1,
        file_count: sources.len(),
        bytes_done: sources.iter().take(index).map(LoadSource::size_bytes).sum(),
        bytes_total: sources.iter().map(LoadSource::size_bytes).sum(),
        records_read: 0,
    }
}

/// How soon the views are first told about findings read so far while a load runs (telling
/// them after every one of a thousand small files would redo the summary a thousand times).
/// Each later update waits twice as long as the one before: every update recomputes every view
/// over all findings so far, so updates at a fixed pace would cost a large load many full
/// recomputes on the page's thread, while doubling bounds them to about one more.
const FIRST_PUBLISH_AFTER_MS: f64 = 400.0;

/// When a running load tells the views about what it has read (the loader publishes once more
/// at its end).
pub(super) struct PublishPacer {
    data: DataState,
    published_at: f64,
    /// The wait before the next update of the views (doubles after each).
    wait_ms: f64,
}

impl PublishPacer {
    pub(super) fn new(data: DataState) -> Self {
        Self {
            data,
            published_at: js_sys::Date::now(),
            wait_ms: FIRST_PUBLISH_AFTER_MS,
        }
    }

    /// A file has ended: publishes if the wait since the last update has passed.
    pub(super) fn file_done(&mut self) {
        if js_sys::Date::now() - self.published_at >= self.wait_ms {
            self.data.publish();
            self.published_at = js_sys::Date::now();
            self.wait_ms *= 2.0;
        }
    }
}

/// Records a file that could not be read at all, so it shows in the load report.
pub(super) fn record_unreadable(data: DataState, file_name: &str, reason: String) {
    data.remember_source_file(None);
    data.change_session(|s| {
        s.record_unreadable(file_name, reason);
    });
}
