//! Reads browser `File`s into the ingest session without freezing the page.
//!
//! Normally the ingest Web Worker streams and parses each file and the page only applies the
//! binary batches it posts (see `ingest::relay`). Where no worker can start, each file is read
//! as 4 MiB `Blob` slices on the page, every slice awaited so the browser keeps painting. Either
//! way progress goes to [`LoadState`] as the bytes are read (one bar over every file's bytes), and a cancel request stops the
//! load at the next chunk, keeping what was read.

use gloo_timers::future::TimeoutFuture;
use js_sys::Uint8Array;
use leptos::prelude::*;

use futures_channel::mpsc::UnboundedReceiver;
use futures_util::StreamExt;

use super::console::warn_on_error;
use std::ops::Range;

use super::ingest_client::{self, IngestPool, WorkerMessage};
use super::state::{BaselineState, DataState, LoadPhase, LoadState, ReadProgress};
use crate::ingest::{batch_bytes_read, plan_jobs, InOrder, JobEvent, JOB_BYTES, JOB_FILES};
use crate::load_origin::{file_name_of, is_loadable_name};

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

    fn name(&self) -> String {
        match self {
            Self::File { path, .. } => path.clone(),
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
            Self::File { file, .. } => Some(file.clone()),
            Self::Bytes { name, bytes } => {
                let parts = js_sys::Array::of1(&Uint8Array::from(bytes.as_slice()));
                web_sys::File::new_with_u8_array_sequence(&parts, name).ok()
            }
        }
    }

    fn size_bytes(&self) -> u64 {
        match self {
            Self::File { file, .. } => file.size() as u64,
            Self::Bytes { bytes, .. } => bytes.len() as u64,
        }
    }

    async fn read_slice(&self, start: u64, end: u64) -> Result<Vec<u8>, String> {
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
            (Some(pool), Some(inbox)) => load_in_pool(&pool, inbox, load, data, &sources).await,
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

/// Progress at the start of source `index`: one bar over the bytes of every source.
fn progress_for(sources: &[LoadSource], index: usize) -> ReadProgress {
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

/// Records a file that could not be read at all, so it shows in the load report.
fn record_unreadable(data: DataState, file_name: &str, reason: String) {
    data.remember_source_file(None);
    data.change_session(|s| {
        let mut file = s.start_file(file_name);
        file.fail(reason);
        s.finish_file(file);
    });
}

/// The workers read and parse, each a job of consecutive files at a time (handed out as
/// workers free up); the page applies each binary batch (a few milliseconds per 4 MiB of input)
/// in file order, holding back a later job's batches until the jobs before it have ended, so
/// the result is exactly what one worker gives. Returns whether the load was cancelled.
async fn load_in_pool(
    pool: &IngestPool,
    mut inbox: UnboundedReceiver<(usize, WorkerMessage)>,
    load: LoadState,
    data: DataState,
    sources: &[LoadSource],
) -> bool {
    let files: Vec<Option<web_sys::File>> = sources.iter().map(LoadSource::to_file).collect();
    let names: Vec<String> = sources.iter().map(LoadSource::name).collect();
    let sizes: Vec<u64> = sources.iter().map(LoadSource::size_bytes).collect();
    let jobs = plan_jobs(&sizes, JOB_BYTES, JOB_FILES);
    let mut order = InOrder::new(jobs.len());
    let mut applier = Applier::new(load, data, sources, &files, &jobs);
    let mut job_of_slot: Vec<Option<usize>> = vec![None; pool.slot_count()];
    // Progress: the bytes of every job that has ended, and what each running worker has read.
    let mut bytes_of_ended_jobs = 0_u64;
    let mut bytes_read_by_slot = vec![0_u64; pool.slot_count()];
    let mut free_slots = pool.live_slots();
    let mut next_job = 0;
    let mut cancel_sent = false;
    let mut cancelled = false;
    while !order.all_applied() {
        if !cancel_sent && load.cancel_requested.get_untracked() {
            pool.cancel();
            cancel_sent = true;
        }
        // Hand out jobs while workers are free (none once the load is cancelled).
        while !cancel_sent && next_job < jobs.len() {
            let Some(slot) = free_slots.pop() else { break };
            let job = jobs[next_job].clone();
            let job_files: Vec<web_sys::File> =
                files[job.clone()].iter().flatten().cloned().collect();
            let handed = if job_files.len() == job.len() {
                pool.load(slot, &job_files, &names[job])
            } else {
                Err("a file could not be wrapped for the reader".to_owned())
            };
            match handed {
                Ok(()) => job_of_slot[slot] = Some(next_job),
                Err(reason) => {
                    // A worker that cannot take a message is of no more use.
                    pool.retire(slot);
                    let event = JobEvent::Failed(format!(
                        "The file could not be handed to the reader ({reason})"
                    ));
                    applier.apply_all(order.push(next_job, event));
                }
            }
            next_job += 1;
        }
        let nothing_runs = job_of_slot.iter().all(Option::is_none);
        if nothing_runs && next_job < jobs.len() && (cancel_sent || !pool.has_workers()) {
            // Nothing runs and nothing more will: the jobs never handed out end here, skipped
            // after a cancel, unread (with the reason) when every worker has stopped.
            cancelled |= cancel_sent;
            for job in next_job..jobs.len() {
                let event = if cancel_sent {
                    JobEvent::Done
                } else {
                    JobEvent::Failed("Every reader stopped before this file".to_owned())
                };
                applier.apply_all(order.push(job, event));
            }
            next_job = jobs.len();
            continue;
        }
        let Some((slot, message)) = inbox.next().await else {
            break;
        };
        if matches!(message, WorkerMessage::Ready) {
            // A worker that was still starting joins the load.
            if pool.mark_ready(slot) {
                free_slots.push(slot);
            }
            continue;
        }
        let Some(job) = job_of_slot.get(slot).copied().flatten() else {
            if matches!(message, WorkerMessage::Failed(_)) {
                // An idle worker died: it takes no more jobs.
                pool.retire(slot);
                free_slots.retain(|&free| free != slot);
            }
            continue;
        };
        let event = match message {
            WorkerMessage::Batch { bytes, file } => {
                let job_files = &sizes[jobs[job].clone()];
                let before: u64 = job_files.iter().take(file).sum();
                let file_size = job_files.get(file).copied().unwrap_or(0);
                let read = batch_bytes_read(&bytes).unwrap_or(0).min(file_size);
                bytes_read_by_slot[slot] = before + read;
                JobEvent::Batch(bytes)
            }
            WorkerMessage::Done {
                cancelled: worker_cancelled,
            } => {
                cancelled |= worker_cancelled;
                bytes_of_ended_jobs += sizes[jobs[job].clone()].iter().sum::<u64>();
                bytes_read_by_slot[slot] = 0;
                job_of_slot[slot] = None;
                free_slots.push(slot);
                JobEvent::Done
            }
            WorkerMessage::Failed(reason) => {
                bytes_of_ended_jobs += sizes[jobs[job].clone()].iter().sum::<u64>();
                bytes_read_by_slot[slot] = 0;
                job_of_slot[slot] = None;
                pool.retire(slot);
                JobEvent::Failed(format!(
                    "The reader stopped ({reason}); the findings read before that are kept"
                ))
            }
            WorkerMessage::Ready => continue,
        };
        applier.apply_all(order.push(job, event));
        // The bar counts what every worker has read, applied to the page or not yet.
        applier.show_bytes_read(bytes_of_ended_jobs + bytes_read_by_slot.iter().sum::<u64>());
    }
    data.publish();
    pool.put_inbox(inbox);
    if pool.lost_a_worker() {
        ingest_client::discard(pool);
    }
    cancelled
}

/// Applies the pool's events in file order to the page's session, with the progress bar and
/// the per-file bookkeeping (the file kept for the detail panel, room reserved for findings).
struct Applier<'a> {
    load: LoadState,
    data: DataState,
    sources: &'a [LoadSource],
    files: &'a [Option<web_sys::File>],
    /// The job being applied and how many of its files have ended.
    job: usize,
    files_done_in_job: usize,
    /// Each job's first file.
    jobs_start: Vec<usize>,
    /// The file the progress bar shows (the last batch applied belonged to it).
    current_file: Option<usize>,
    progress: ReadProgress,
    records_before_file: u64,
    findings_in_file: u64,
    reserved: bool,
    published_at: f64,
    /// The wait before the next update of the views (doubles after each).
    publish_after_ms: f64,
}

impl<'a> Applier<'a> {
    fn new(
        load: LoadState,
        data: DataState,
        sources: &'a [LoadSource],
        files: &'a [Option<web_sys::File>],
        jobs: &[Range<usize>],
    ) -> Self {
        Self {
            load,
            data,
            sources,
            files,
            job: 0,
            files_done_in_job: 0,
            jobs_start: jobs.iter().map(|job| job.start).collect(),
            current_file: None,
            progress: progress_for(sources, 0),
            records_before_file: 0,
            findings_in_file: 0,
            reserved: false,
            published_at: js_sys::Date::now(),
            publish_after_ms: FIRST_PUBLISH_AFTER_MS,
        }
    }

    fn apply_all(&mut self, events: Vec<(usize, JobEvent)>) {
        for (job, event) in events {
            if job != self.job {
                self.job = job;
                self.files_done_in_job = 0;
            }
            self.apply(event);
        }
    }

    /// The load-order index of the file the applied batches belong to now.
    fn file_index(&self) -> usize {
        self.jobs_start.get(self.job).copied().unwrap_or(0) + self.files_done_in_job
    }

    fn apply(&mut self, event: JobEvent) {
        match event {
            JobEvent::Batch(bytes) => self.apply_batch(&bytes),
            JobEvent::Done => {}
            JobEvent::Failed(reason) => {
                let job_end = self
                    .jobs_start
                    .get(self.job + 1)
                    .copied()
                    .unwrap_or(self.sources.len());
                for source in &self.sources[self.file_index().min(job_end)..job_end] {
                    record_unreadable(self.data, &source.name(), reason.clone());
                }
            }
        }
    }

    fn apply_batch(&mut self, bytes: &[u8]) {
        let index = self.file_index();
        if self.current_file != Some(index) {
            self.start_file(index);
        }
        let file_bytes = self.sources.get(index).map_or(0, LoadSource::size_bytes);
        match self.data.change_session_quietly(|s| s.apply_relayed(bytes)) {
            Some(Ok(step)) => {
                self.findings_in_file += step.findings;
                if !self.reserved && !step.file_done && step.bytes_read > 0 {
                    // The first batch tells how many findings this file's bytes hold; room for
                    // the rest at once keeps the memory high-water mark low.
                    self.reserved = true;
                    let additional =
                        estimate_remaining(self.findings_in_file, step.bytes_read, file_bytes);
                    self.data
                        .change_session_quietly(|s| s.reserve_findings(additional));
                }
                self.progress.records_read = self.records_before_file + step.records_read;
                if step.file_done {
                    self.data
                        .remember_source_file(self.files.get(index).cloned().flatten());
                    if js_sys::Date::now() - self.published_at >= self.publish_after_ms {
                        self.data.publish();
                        self.published_at = js_sys::Date::now();
                        self.publish_after_ms *= 2.0;
                    }
                    self.records_before_file = self.progress.records_read;
                    self.files_done_in_job += 1;
                }
                self.load
                    .phase
                    .set(LoadPhase::Reading(self.progress.clone()));
            }
            Some(Err(error)) => {
                record_unreadable(self.data, &self.progress.file_name, error.to_string());
            }
            None => {}
        }
    }

    /// Shows `bytes` read so far over the whole load (a running worker's too).
    fn show_bytes_read(&mut self, bytes: u64) {
        let bytes = bytes.min(self.progress.bytes_total);
        if bytes != self.progress.bytes_done {
            self.progress.bytes_done = bytes;
            self.load
                .phase
                .set(LoadPhase::Reading(self.progress.clone()));
        }
    }

    /// Names file `index` as the one being applied (the bytes read stay as the workers
    /// report them).
    fn start_file(&mut self, index: usize) {
        self.current_file = Some(index);
        self.findings_in_file = 0;
        self.reserved = false;
        self.progress = ReadProgress {
            records_read: self.records_before_file,
            bytes_done: self.progress.bytes_done,
            ..progress_for(self.sources, index)
        };
    }
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
