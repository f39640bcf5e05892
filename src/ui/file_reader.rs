//! Reads browser `File`s into the ingest session without freezing the page.
//!
//! Normally the ingest Web Worker streams and parses each file and the page only applies the
//! binary batches it posts (see `ingest::relay`). Where no worker can start, each file is read
//! as 4 MiB `Blob` slices on the page, every slice awaited so the browser keeps painting. Either
//! way progress goes to [`LoadState`] as the bytes are read, and a cancel request stops the
//! load at the next chunk, keeping what was read.

use js_sys::Uint8Array;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use futures_channel::mpsc::UnboundedReceiver;
use futures_util::StreamExt;

use super::ingest_client::{self, IngestClient, WorkerMessage};
use super::state::{BaselineState, DataState, LoadPhase, LoadState, ReadProgress};

/// Bytes per slice: large enough that per-slice overhead is small, small enough that one
/// slice parses in a few milliseconds.
const CHUNK_BYTES: u64 = 4 * 1024 * 1024;

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

    /// The source as a `File` the worker can read (sample bytes are wrapped in one).
    fn to_file(&self) -> Option<web_sys::File> {
        match self {
            Self::File(file) => Some(file.clone()),
            Self::Bytes { name, bytes } => {
                let parts = js_sys::Array::of1(&Uint8Array::from(bytes.as_slice()));
                web_sys::File::new_with_u8_array_sequence(&parts, name).ok()
            }
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
/// Parsing happens in the ingest Web Worker when it is available, otherwise on the page.
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
    load.cancel_requested.set(false);
    load.phase
        .set(LoadPhase::Reading(progress_for(&sources, 0)));
    leptos::task::spawn_local(async move {
        let reports_before = data.reports.with_untracked(Vec::len);
        let client = ingest_client::ready_client().await;
        let inbox = client.as_ref().and_then(|c| c.take_inbox());
        let cancelled = match (client, inbox) {
            (Some(client), Some(inbox)) => {
                load_in_worker(&client, inbox, load, data, &sources).await
            }
            _ => load_in_page(load, data, sources).await,
        };
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

/// Progress at the start of source `index`.
fn progress_for(sources: &[LoadSource], index: usize) -> ReadProgress {
    let source = sources.get(index);
    ReadProgress {
        file_name: source.map(LoadSource::name).unwrap_or_default(),
        file_number: index + 1,
        file_count: sources.len(),
        bytes_done: 0,
        bytes_total: source.map_or(0, LoadSource::size_bytes),
        records_read: 0,
    }
}

/// Records a file that could not be read at all, so it shows in the load report.
fn record_unreadable(data: DataState, file_name: &str, reason: String) {
    data.remember_source_file(None);
    data.change_session(|s| {
        let mut file = s.start_file(file_name);
        file.fail(reason);
        s.finish_file(file);
    });
}

/// The worker reads and parses; the page applies each binary batch (a few milliseconds per
/// 4 MiB of input) and stays responsive. Returns whether the load was cancelled.
async fn load_in_worker(
    client: &IngestClient,
    mut inbox: UnboundedReceiver<WorkerMessage>,
    load: LoadState,
    data: DataState,
    sources: &[LoadSource],
) -> bool {
    let files: Vec<web_sys::File> = sources.iter().filter_map(LoadSource::to_file).collect();
    if let Err(reason) = client.load(&files) {
        for source in sources {
            record_unreadable(
                data,
                &source.name(),
                format!("The file could not be handed to the reader ({reason})"),
            );
        }
        client.put_inbox(inbox);
        return false;
    }
    let mut file_index = 0;
    let mut progress = progress_for(sources, 0);
    let mut cancel_sent = false;
    let mut findings_in_file = 0_u64;
    let mut reserved = false;
    let cancelled = loop {
        let Some(message) = inbox.next().await else {
            break false;
        };
        match message {
            WorkerMessage::Batch(bytes) => {
                match data.change_session_quietly(|s| s.apply_relayed(&bytes)) {
                    Some(Ok(step)) => {
                        findings_in_file += step.findings;
                        if !reserved && !step.file_done && step.bytes_read > 0 {
                            // The first batch tells how many findings this file's bytes hold;
                            // room for the rest at once keeps the memory high-water mark low.
                            reserved = true;
                            let additional = estimate_remaining(
                                findings_in_file,
                                step.bytes_read,
                                progress.bytes_total,
                            );
                            data.change_session_quietly(|s| s.reserve_findings(additional));
                        }
                        progress.bytes_done = step.bytes_read.min(progress.bytes_total);
                        progress.records_read = step.records_read;
                        if step.file_done {
                            data.remember_source_file(files.get(file_index).cloned());
                            data.publish();
                            findings_in_file = 0;
                            reserved = false;
                            file_index += 1;
                            if file_index < sources.len() {
                                progress = progress_for(sources, file_index);
                            }
                        }
                        load.phase.set(LoadPhase::Reading(progress.clone()));
                    }
                    Some(Err(error)) => {
                        record_unreadable(data, &progress.file_name, error.to_string());
                    }
                    None => {}
                }
            }
            WorkerMessage::Done { cancelled } => break cancelled,
            WorkerMessage::Failed(reason) => {
                for source in sources.iter().skip(file_index) {
                    record_unreadable(
                        data,
                        &source.name(),
                        format!(
                            "The reader stopped ({reason}); the findings read before that are kept"
                        ),
                    );
                }
                ingest_client::discard(client);
                return false;
            }
            WorkerMessage::Ready => {}
        }
        if !cancel_sent && load.cancel_requested.get_untracked() {
            client.cancel();
            cancel_sent = true;
        }
    };
    client.put_inbox(inbox);
    cancelled
}

/// Reads baseline files (an earlier period) into `baseline`, replacing what was there: through
/// the ingest worker when it is free, otherwise on the page.
pub async fn load_baseline(baseline: BaselineState, files: Vec<web_sys::File>) {
    let client = ingest_client::ready_client().await;
    let inbox = client.as_ref().and_then(|c| c.take_inbox());
    let (Some(client), Some(mut inbox)) = (client, inbox) else {
        let mut loaded = Vec::new();
        for file in files {
            let buffer = JsFuture::from(file.array_buffer()).await;
            if let Ok(buffer) = buffer {
                loaded.push((file.name(), Uint8Array::new(&buffer).to_vec()));
            }
        }
        baseline.replace_with(loaded);
        return;
    };
    baseline.begin_relayed();
    if client.load(&files).is_ok() {
        while let Some(message) = inbox.next().await {
            match message {
                WorkerMessage::Batch(bytes) => {
                    if let Some(Err(error)) = baseline.apply_relayed(&bytes) {
                        leptos::logging::warn!("guardview: baseline batch skipped: {error}");
                    }
                }
                WorkerMessage::Done { .. } => break,
                WorkerMessage::Failed(reason) => {
                    leptos::logging::warn!("guardview: the reader stopped: {reason}");
                    ingest_client::discard(&client);
                    baseline.publish();
                    return;
                }
                WorkerMessage::Ready => {}
            }
        }
    }
    client.put_inbox(inbox);
    baseline.publish();
}

/// Findings still to come in a file, extrapolated from the share of its bytes read so far
/// (with 5% to spare, as updates of the same id make record sizes vary a little).
fn estimate_remaining(findings_so_far: u64, bytes_read: u64, bytes_total: u64) -> usize {
    let bytes_left = bytes_total.saturating_sub(bytes_read);
    let estimate = findings_so_far as f64 * bytes_left as f64 / bytes_read.max(1) as f64 * 1.05;
    estimate.min(50_000_000.0) as usize
}

/// The fallback when no worker is available: 4 MiB slices parsed on the page, awaiting the
/// browser between slices. Returns whether the load was cancelled.
async fn load_in_page(load: LoadState, data: DataState, sources: Vec<LoadSource>) -> bool {
    let mut cancelled = false;
    for (index, source) in sources.iter().enumerate() {
        let mut progress = progress_for(&sources, index);
        let file_name = progress.file_name.clone();
        let bytes_total = progress.bytes_total;
        load.phase.set(LoadPhase::Reading(progress.clone()));
        let Some(mut file) = data.change_session_quietly(|s| s.start_file(&file_name)) else {
            return cancelled;
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
                    file.fail(format!("The browser could not read the file ({reason})"));
                    break;
                }
            }
            start = end;
            progress.bytes_done = end;
            progress.records_read = file.records_read();
            load.phase.set(LoadPhase::Reading(progress.clone()));
        }
        data.remember_source_file(source.to_file());
        data.change_session(|s| {
            s.finish_file(file);
        });
        if cancelled {
            break;
        }
    }
    cancelled
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
