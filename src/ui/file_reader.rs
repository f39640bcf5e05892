//! Reads browser `File`s into the ingest session without freezing the page.
//!
//! Normally the pool of ingest Web Workers streams and parses the files and the page only
//! applies the binary batches they post (`super::pool_load`, `ingest::relay`). Where no worker
//! can start, each file is read as 4 MiB `Blob` slices on the page and parsed there by the
//! worker's own module (`super::page_reader`), every slice awaited so the browser keeps
//! painting. Either way progress goes to [`LoadState`] as the bytes are read (one
//! bar over every file's bytes), and a cancel request stops the load at the next chunk, keeping
//! what was read.

use leptos::prelude::*;

use futures_util::StreamExt;

use super::ingest_client::{self, LoadInto, WorkerMessage};
pub use super::load_source::LoadSource;
use super::load_source::{progress_for, record_unreadable, PublishPacer};
use super::page_reader::{read_on_page, PageStep};
use super::pool_load;
use super::state::{BaselineState, DataState, LoadPhase, LoadState, ReadProgress};
use crate::load_origin::{file_name_of, is_loadable_name};
use crate::store::Side;

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
    data.store.load_started();
    leptos::task::spawn_local(async move {
        let reports_before = data.reports.with_untracked(Vec::len);
        let pool = ingest_client::ready_pool().await;
        let inbox = pool.as_ref().and_then(|p| p.take_inbox());
        let cancelled = match (pool, inbox) {
            (Some(pool), Some(inbox)) => {
                pool_load::load_in_pool(&pool, inbox, load, data, &sources, reports_before).await
            }
            _ => load_in_page(load, data, sources).await,
        };
        let (failed_files, file_count) = data.reports.with_untracked(|reports| {
            let this_load = &reports[reports_before.min(reports.len())..];
            let failed = this_load.iter().filter(|r| r.error.is_some()).count();
            (failed, this_load.len())
        });
        load.phase.set(if cancelled {
            LoadPhase::Cancelled
        } else if failed_files > 0 {
            LoadPhase::Failed {
                failed_files,
                file_count,
            }
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

/// Reads baseline files (an earlier period) into `baseline`, replacing what was there: one
/// worker of the pool reads them into every worker's baseline store (the page keeps its copy
/// from the same batches), otherwise the page reads them.
pub async fn load_baseline(baseline: BaselineState, files: Vec<web_sys::File>) {
    let pool = ingest_client::ready_pool().await;
    let inbox = pool.as_ref().and_then(|p| p.take_inbox());
    let slot = pool.as_ref().and_then(|p| p.live_slots().first().copied());
    baseline.reading.set(true);
    let (Some(pool), Some(mut inbox), Some(slot)) = (pool, inbox, slot) else {
        baseline.begin_relayed();
        baseline.store.read_elsewhere();
        let sources: Vec<LoadSource> = files.into_iter().map(LoadSource::file).collect();
        read_on_page(&sources, baseline.session(), || false, |_| {}).await;
        baseline.reading.set(false);
        baseline.publish();
        return;
    };
    // A baseline is an earlier period, read once: one worker of the pool reads it and routes
    // each finding to its owner's baseline store.
    baseline.begin_relayed();
    baseline.store.reload_into(&pool);
    let names: Vec<String> = files.iter().map(web_sys::File::name).collect();
    let mut whole = pool
        .load(slot, &files, &names, None, LoadInto::Baseline)
        .is_ok();
    while whole {
        let Some((from_slot, message)) = inbox.next().await else {
            whole = false;
            break;
        };
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
            WorkerMessage::Done { cancelled, sent_to } => {
                pool.note_sent(slot, sent_to, Side::Baseline);
                whole = !cancelled;
                break;
            }
            WorkerMessage::Failed(reason) => {
                leptos::logging::warn!("guardview: the reader stopped: {reason}");
                pool.put_inbox(inbox);
                ingest_client::discard(&pool);
                baseline.store.load_ended(false);
                baseline.reading.set(false);
                baseline.publish();
                return;
            }
            WorkerMessage::Ready => {}
        }
    }
    pool.put_inbox(inbox);
    baseline.store.load_ended(whole);
    baseline.reading.set(false);
    baseline.publish();
}

/// The fallback when no worker is available: the files are read on the page by the ingest
/// worker's module (`super::page_reader`), 4 MiB at a time, awaiting the browser between
/// steps. Returns whether the load was cancelled.
async fn load_in_page(load: LoadState, data: DataState, sources: Vec<LoadSource>) -> bool {
    let mut progress = progress_for(&sources, 0);
    let mut bytes_before_file = 0;
    let mut records_before_file = 0;
    let mut pacer = PublishPacer::new(data);
    let cancelled = read_on_page(
        &sources,
        data.session(),
        || load.cancel_requested.get_untracked(),
        |step| match step {
            PageStep::Started(index) => {
                progress = ReadProgress {
                    records_read: records_before_file,
                    ..progress_for(&sources, index)
                };
                bytes_before_file = progress.bytes_done;
                load.phase.set(LoadPhase::Reading(progress.clone()));
            }
            PageStep::Read {
                bytes_read,
                records_read,
            } => {
                progress.bytes_done = bytes_before_file + bytes_read;
                progress.records_read = records_before_file + records_read;
                load.phase.set(LoadPhase::Reading(progress.clone()));
            }
            PageStep::Done(index) => {
                records_before_file = progress.records_read;
                data.remember_source_file(sources.get(index).and_then(LoadSource::to_file));
                pacer.file_done();
            }
        },
    )
    .await;
    data.publish();
    // Read without the workers: their store lacks these findings until the data is cleared.
    data.store.load_ended(false);
    cancelled
}
