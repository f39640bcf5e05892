//! Reads browser `File`s in chunks into the ingest session without freezing the page.
//!
//! Each file is read as 4 MiB `Blob` slices; every slice is awaited (the browser keeps
//! painting and handling input in between) and pushed into the session, which parses the
//! complete records in it at once. Progress goes to [`LoadState`] after every slice, and a
//! cancel request stops the load between slices.

use js_sys::Uint8Array;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::state::{DataState, LoadPhase, LoadState, ReadProgress};
use crate::ingest::IngestOptions;

/// Bytes per slice: large enough that per-slice overhead is small, small enough that one
/// slice parses in a few milliseconds.
const CHUNK_BYTES: u64 = 4 * 1024 * 1024;

/// Above this much input per load, each finding's raw JSON is not kept (the detail panel then
/// shows the normalised fields only), so memory stays well below the input size.
const KEEP_RAW_JSON_UP_TO_BYTES: u64 = 256_000_000;

/// Estimated decompressed size per compressed byte of a `.gz` export (JSON Lines compress
/// about 7:1), used only for the size check below.
const GZIP_EXPANSION: u64 = 8;

/// A load whose estimated JSON exceeds this is refused before reading: a browser tab (and
/// wasm32's 4 GiB address space) cannot hold the findings of much more, and running out of
/// memory would crash the tab with no explanation.
pub const LARGEST_LOAD_BYTES: u64 = 2_500_000_000;

/// Something the loader can read: a browser file, or bytes the app made (sample data).
pub enum LoadSource {
    File(web_sys::File),
    Bytes { name: String, bytes: Vec<u8> },
}

impl LoadSource {
    fn name(&self) -> String {
        match self {
            Self::File(file) => file.name(),
            Self::Bytes { name, .. } => name.clone(),
        }
    }

    /// The JSON this source will probably decode to (compressed files expand).
    fn estimated_json_bytes(&self) -> u64 {
        let name = self.name().to_ascii_lowercase();
        if name.ends_with(".gz") {
            self.size_bytes().saturating_mul(GZIP_EXPANSION)
        } else {
            self.size_bytes()
        }
    }

    fn size_bytes(&self) -> u64 {
        match self {
            Self::File(file) => file.size() as u64,
            Self::Bytes { bytes, .. } => bytes.len() as u64,
        }
    }

    async fn read_slice(&self, start: u64, end: u64) -> Result<Vec<u8>, String> {
        match self {
            Self::File(file) => {
                let blob = file
                    .slice_with_f64_and_f64(start as f64, end as f64)
                    .map_err(|e| format!("{e:?}"))?;
                let buffer = JsFuture::from(blob.array_buffer())
                    .await
                    .map_err(describe_js_error)?;
                Ok(Uint8Array::new(&buffer).to_vec())
            }
            Self::Bytes { bytes, .. } => {
                let range = start as usize..end as usize;
                // Yield to the browser between slices, as a file read would.
                gloo_yield().await;
                Ok(bytes.get(range).unwrap_or_default().to_vec())
            }
        }
    }
}

/// Collects the files of a `FileList` (from a drop or the picker).
pub fn sources_from_file_list(files: &web_sys::FileList) -> Vec<LoadSource> {
    (0..files.length())
        .filter_map(|i| files.item(i))
        .map(LoadSource::File)
        .collect()
}

/// Reads every source into the session, one after another, updating progress as it goes.
/// Does nothing when a load is already running.
pub fn start_load(load: LoadState, data: DataState, sources: Vec<LoadSource>) {
    if sources.is_empty() || load.is_reading() {
        return;
    }
    let estimated_bytes: u64 = sources.iter().map(LoadSource::estimated_json_bytes).sum();
    if estimated_bytes > LARGEST_LOAD_BYTES {
        load.phase.set(LoadPhase::TooLarge { estimated_bytes });
        return;
    }
    let keep_raw_json = estimated_bytes <= KEEP_RAW_JSON_UP_TO_BYTES;
    data.change_session_quietly(|s| s.set_options(IngestOptions { keep_raw_json }));
    load.cancel_requested.set(false);
    leptos::task::spawn_local(async move {
        let file_count = sources.len();
        let reports_before = data.reports.with_untracked(Vec::len);
        let mut cancelled = false;
        for (index, source) in sources.into_iter().enumerate() {
            let file_name = source.name();
            let bytes_total = source.size_bytes();
            let mut progress = ReadProgress {
                file_name: file_name.clone(),
                file_number: index + 1,
                file_count,
                bytes_done: 0,
                bytes_total,
                records_read: 0,
            };
            load.phase.set(LoadPhase::Reading(progress.clone()));
            let Some(mut file) = data.change_session_quietly(|s| s.start_file(&file_name)) else {
                return;
            };
            let mut start = 0;
            while start < bytes_total {
                if load.cancel_requested.get_untracked() {
                    cancelled = true;
                    break;
                }
                let end = (start + CHUNK_BYTES).min(bytes_total);
                match source.read_slice(start, end).await {
                    Ok(chunk) => {
                        data.change_session_quietly(|s| s.push(&mut file, &chunk));
                    }
                    Err(reason) => {
                        leptos::logging::warn!("reading {file_name} failed: {reason}");
                        break;
                    }
                }
                start = end;
                progress.bytes_done = end;
                progress.records_read = file.records_read();
                load.phase.set(LoadPhase::Reading(progress.clone()));
            }
            data.change_session(|s| {
                s.finish_file(file);
            });
            if cancelled {
                break;
            }
        }
        let failed_files = data.reports.with_untracked(|reports| {
            reports[reports_before.min(reports.len())..]
                .iter()
                .filter(|r| r.error.is_some())
                .count()
        });
        load.phase.set(if cancelled {
            LoadPhase::Cancelled
        } else if failed_files > 0 {
            LoadPhase::Failed { failed_files }
        } else {
            LoadPhase::Loaded
        });
    });
}

fn describe_js_error(error: wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{error:?}"))
}

/// Lets the browser run its event loop once (a resolved promise would not paint; a zero
/// timeout does).
async fn gloo_yield() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}
