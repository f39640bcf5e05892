//! Reads browser `File`s into the ingest session without freezing the page.
//!
//! Normally the pool of ingest Web Workers streams and parses the files and the page only
//! applies the binary batches they post (`super::pool_load`, `ingest::relay`). Where no worker
//! can start, each file is read as 4 MiB `Blob` slices on the page, every slice awaited so the
//! browser keeps painting. Either way progress goes to [`LoadState`] as the bytes are read (one
//! bar over every file's bytes), and a cancel request stops the load at the next chunk, keeping
//! what was read.

use leptos::prelude::*;

use futures_util::StreamExt;

use super::console::warn_on_error;
use super::ingest_client::{self, WorkerMessage};
pub use super::load_source::LoadSource;
use super::load_source::{progress_for, record_unreadable};
use super::pool_load;
use super::state::{BaselineState, DataState, LoadPhase, LoadState};
use crate::load_origin::{file_name_of, is_loadable_name};

/// Bytes per slice: large enough that per-slice overhead is small, small enough that one
/// slice parses in a few milliseconds.
const CHUNK_BYTES: u64 = 4 * 1024 * 1024;

/// A load whose estimated JSON exceeds this is refused before reading: a browser tab (and
/// wasm32's 4 GiB address space) cannot hold the findings of much more, and running out of
/// memory would crash the tab with no explanation.
pub const LARGEST_LOAD_BYTES: u64 = 2_500_000_000;

/// Files picked for one load: what to read, and the files of picked folders left out by the
/// naming rule (`load_origin::is_loadable_name`), counted in the load report.
#[derive(Default)]
pub struct PickedFiles {
    pub sources: Vec<LoadSource>,
    pub skipped_paths: Vec<String>,
    /// Folders or files of a dropped folder the browser could not read, with the reason:
    /// errors in the load report.
    pub unreadable: Vec<(String, String)>,
}

impl PickedFiles {
    /// Adds a file found inside a folder at `path`: read when its name is one the loader
    /// reads, otherwise counted as skipped.
    pub fn add_from_folder(&mut self, file: web_sys::File, path: String) {
        if is_loadable_name(file_name_of(&path)) {
            self.sources.push(LoadSource::File { file, path });
        } else {
            self.skipped_paths.push(path);
        }
    }
}

/// Collects the files of a `FileList` (from a drop or a picker). Files of a picked folder
/// (`webkitRelativePath` set) follow the folder rule; files picked one by one are always read.
pub fn sources_from_file_list(files: &web_sys::FileList) -> PickedFiles {
    let mut picked = PickedFiles::default();
    for file in (0..files.length()).filter_map(|i| files.item(i)) {
        // `webkitRelativePath` (not in web-sys): the file's path inside a picked folder.
        let path = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
            .ok()
            .and_then(|path| path.as_string())
            .unwrap_or_default();
        if path.is_empty() {
            picked.sources.push(LoadSource::file(file));
        } else {
            picked.add_from_folder(file, path);
        }
    }
    picked
}

/// Starts loading picked files and folders, noting the files a folder walk skipped.
pub fn start_picked_load(load: LoadState, data: DataState, picked: PickedFiles) {
    if load.is_reading() {
        return;
    }
    data.note_skipped(picked.skipped_paths);
    for (path, reason) in picked.unreadable {
        record_unreadable(data, &path, reason);
    }
    start_load(load, data, picked.sources);
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
        let pool = ingest_client::ready_pool().await;
        let inbox = pool.as_ref().and_then(|p| p.take_inbox());
        let cancelled = match (pool, inbox) {
            (Some(pool), Some(inbox)) => {
                pool_load::load_in_pool(&pool, inbox, load, data, &sources).await
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

/// Reads the first file chosen in a settings file input (risk rules, appetite, SLA) as text
/// and hands it to `use_text`; the input is cleared so the same file can be chosen again. A file
/// that cannot be read arrives as empty text, which the settings' own validation reports.
pub fn read_chosen_text(event: &leptos::ev::Event, use_text: impl FnOnce(String) + 'static) {
    let input: web_sys::HtmlInputElement = event_target(event);
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    input.set_value("");
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default();
        use_text(text);
    });
}

/// Reads baseline files (an earlier period) into `baseline`, replacing what was there: through
/// the ingest worker when it is free, otherwise on the page.
pub async fn load_baseline(baseline: BaselineState, files: Vec<web_sys::File>) {
    let pool = ingest_client::ready_pool().await;
    let inbox = pool.as_ref().and_then(|p| p.take_inbox());
    let slot = pool.as_ref().and_then(|p| p.live_slots().first().copied());
    let (Some(pool), Some(mut inbox), Some(slot)) = (pool, inbox, slot) else {
        let mut loaded = Vec::new();
        for file in files {
            let name = file.name();
            let read = gloo_file::futures::read_as_bytes(&gloo_file::Blob::from(file)).await;
            if let Some(bytes) = warn_on_error(&format!("reading baseline file {name}"), read) {
                loaded.push((name, bytes));
            }
        }
        baseline.replace_with(loaded);
        return;
    };
    // A baseline is an earlier period, read once: one worker of the pool reads it.
    baseline.begin_relayed();
    let names: Vec<String> = files.iter().map(web_sys::File::name).collect();
    if pool.load(slot, &files, &names).is_ok() {
        while let Some((from_slot, message)) = inbox.next().await {
            if from_slot != slot {
                if matches!(message, WorkerMessage::Ready) {
                    pool.mark_ready(from_slot);
                }
                continue;
            }
            match message {
                WorkerMessage::Batch { bytes, .. } => {
                    if let Some(Err(error)) = baseline.apply_relayed(&bytes) {
                        leptos::logging::warn!("guardview: baseline batch skipped: {error}");
                    }
                }
                WorkerMessage::Done { .. } => break,
                WorkerMessage::Failed(reason) => {
                    leptos::logging::warn!("guardview: the reader stopped: {reason}");
                    pool.put_inbox(inbox);
                    ingest_client::discard(&pool);
                    baseline.publish();
                    return;
                }
                WorkerMessage::Ready => {}
            }
        }
    }
    pool.put_inbox(inbox);
    baseline.publish();
}

/// The fallback when no worker is available: 4 MiB slices parsed on the page, awaiting the
/// browser between slices. Returns whether the load was cancelled.
async fn load_in_page(load: LoadState, data: DataState, sources: Vec<LoadSource>) -> bool {
    let mut cancelled = false;
    let mut records_before_file = 0;
    for (index, source) in sources.iter().enumerate() {
        let mut progress = progress_for(&sources, index);
        let file_name = progress.file_name.clone();
        let bytes_before_file = progress.bytes_done;
        let bytes_total = source.size_bytes();
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
            progress.bytes_done = bytes_before_file + end;
            progress.records_read = records_before_file + file.records_read();
            load.phase.set(LoadPhase::Reading(progress.clone()));
        }
        records_before_file = progress.records_read;
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
