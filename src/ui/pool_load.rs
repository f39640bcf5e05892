//! A load through the ingest worker pool: jobs of consecutive files (or pieces of a large
//! file) handed to workers as they free up, their batches applied to the page's session in
//! file order (`ingest::relay::pool`), one progress bar over what every worker has read, and a
//! worker that stops reported on the files it left unread (see ARCHITECTURE.md, "The page never
//! parses JSON").

use futures_channel::mpsc::UnboundedReceiver;
use futures_util::future::{select, Either};
use futures_util::StreamExt;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

use super::ingest_client::{self, IngestPool, LoadInto, WorkerMessage};
use super::load_source::{progress_for, record_unreadable, LoadSource, PublishPacer};
use super::state::{DataState, LoadPhase, LoadState, ReadProgress};
use crate::ingest::{batch_bytes_read, plan_load, InOrder, Job, JobEvent, RelayProgress};
use crate::store::Side;

/// Input bytes of the jobs running ahead of the one being applied, at most (their batches wait
/// on the page until it ends; a batch holds about 40% of its JSON).
const MOST_LATER_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The workers read and parse, each a job of consecutive files at a time (handed out as
/// workers free up); the page applies each binary batch (a few milliseconds per 4 MiB of input)
/// in file order, holding back a later job's batches until the jobs before it have ended, so
/// the result is exactly what one worker gives. Returns whether the load was cancelled.
pub(super) async fn load_in_pool(
    pool: &IngestPool,
    mut inbox: UnboundedReceiver<(usize, WorkerMessage)>,
    load: LoadState,
    data: DataState,
    sources: &[LoadSource],
    file_base: usize,
) -> bool {
    let files: Vec<Option<web_sys::File>> = sources.iter().map(LoadSource::to_file).collect();
    let names: Vec<String> = sources.iter().map(LoadSource::name).collect();
    let sizes: Vec<u64> = sources.iter().map(LoadSource::size_bytes).collect();
    let jobs = plan_load(&sizes, pool.slot_count());
    let mut order = InOrder::new(jobs.len());
    let mut applier = Applier::new(load, data, sources, &files, &jobs);
    let mut job_of_slot: Vec<Option<usize>> = vec![None; pool.slot_count()];
    // Workers asked to wait while many batches of later jobs wait on the page.
    let mut paused_slots = vec![false; pool.slot_count()];
    // Progress: the bytes of every job that has ended, and what each running worker has read.
    let mut bytes_of_ended_jobs = 0_u64;
    let mut bytes_read_by_slot = vec![0_u64; pool.slot_count()];
    let job_bytes = |job: usize| jobs[job].input_bytes(&sizes);
    let mut free_slots = pool.live_slots();
    let mut next_job = 0;
    let mut cancel_sent = false;
    let mut cancelled = false;
    while !order.all_applied() {
        if !cancel_sent && load.cancel_requested.get_untracked() {
            pool.cancel();
            cancel_sent = true;
        }
        // Hand out jobs while workers are free (none once the load is cancelled, and none
        // while many batches of later jobs wait for an earlier one: `InOrder::has_room`).
        while !cancel_sent && next_job < jobs.len() && order.has_room() {
            // A job after the one being applied may queue all it reads on the page: hand one out
            // only while the input of such jobs stays small (two large files are read one after
            // the other, as before the pool; a folder of small ones still spreads).
            let later_input: u64 = job_of_slot
                .iter()
                .flatten()
                .filter(|&&job| job > order.applying())
                .map(|&job| job_bytes(job))
                .sum();
            if next_job > order.applying()
                && later_input + job_bytes(next_job) > MOST_LATER_INPUT_BYTES
            {
                break;
            }
            if applier.file_ended(&jobs[next_job]) {
                // A piece of a file that an earlier piece ended: nothing to read.
                bytes_of_ended_jobs += job_bytes(next_job);
                applier.apply_all(order.push(next_job, JobEvent::Done));
                next_job += 1;
                continue;
            }
            let Some(slot) = free_slots.pop() else { break };
            let job = jobs[next_job].clone();
            let job_files: Vec<web_sys::File> =
                files[job.files.clone()].iter().flatten().cloned().collect();
            let handed = if job_files.len() != job.files.len() {
                free_slots.push(slot);
                Err("a file could not be wrapped for the reader".to_owned())
            } else {
                // A worker that cannot take a message is of no more use.
                let base = file_base + job.files.start;
                pool.load(
                    slot,
                    &job_files,
                    &names[job.files.clone()],
                    job.piece,
                    LoadInto::Data { file_base: base },
                )
                .inspect_err(|_| pool.retire(slot))
            };
            match handed {
                Ok(()) => job_of_slot[slot] = Some(next_job),
                Err(reason) => {
                    let event = JobEvent::Failed(format!(
                        "The file could not be handed to the reader ({reason})"
                    ));
                    bytes_of_ended_jobs += job_bytes(next_job);
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
        // Before waiting for the workers: pause those running later jobs while many of their
        // batches wait, and let them go on as they drain (or once their job is the one being
        // applied, which is never paused, so some worker always moves the load on).
        for (slot, running) in job_of_slot.iter().enumerate() {
            let Some(job) = *running else { continue };
            let pause = order.should_pause(job, paused_slots[slot]);
            if pause != paused_slots[slot] {
                pool.set_paused(slot, pause);
                paused_slots[slot] = pause;
            }
        }
        // With nothing running and no worker free, only workers still starting can take the
        // jobs left: wait for them as long as a pool may take to start, no longer.
        let only_starting = nothing_runs && free_slots.is_empty() && next_job < jobs.len();
        let next = if only_starting && !cancel_sent {
            let deadline = TimeoutFuture::new(ingest_client::START_TIMEOUT_MS);
            match select(inbox.next(), deadline).await {
                Either::Left((next, _)) => next,
                Either::Right(_) => {
                    pool.retire_starting();
                    continue;
                }
            }
        } else {
            inbox.next().await
        };
        let Some((slot, message)) = next else {
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
                let job_files = &sizes[jobs[job].files.clone()];
                let before: u64 = job_files.iter().take(file).sum();
                let file_size = match jobs[job].piece {
                    // A piece may read on past its share: the bar counts its share at most.
                    Some(_) => job_bytes(job),
                    None => job_files.get(file).copied().unwrap_or(0),
                };
                let read = batch_bytes_read(&bytes).unwrap_or(0).min(file_size);
                bytes_read_by_slot[slot] = before + read;
                JobEvent::Batch(bytes)
            }
            WorkerMessage::Done {
                cancelled: worker_cancelled,
                sent_to,
            } => {
                pool.note_sent(slot, sent_to, Side::Current);
                cancelled |= worker_cancelled;
                // The worker's next load starts unpaused.
                paused_slots[slot] = false;
                bytes_of_ended_jobs += job_bytes(job);
                bytes_read_by_slot[slot] = 0;
                job_of_slot[slot] = None;
                free_slots.push(slot);
                JobEvent::Done
            }
            WorkerMessage::Failed(reason) => {
                bytes_of_ended_jobs += job_bytes(job);
                bytes_read_by_slot[slot] = 0;
                job_of_slot[slot] = None;
                pool.retire(slot);
                JobEvent::Failed(format!(
                    "The reader stopped ({reason}); the findings read before that are kept. Load the file again to read the rest"
                ))
            }
            WorkerMessage::Ready => continue,
        };
        applier.apply_all(order.push(job, event));
        // The bar counts what every worker has read, applied to the page or not yet.
        applier.show_progress(bytes_of_ended_jobs + bytes_read_by_slot.iter().sum::<u64>());
    }
    data.publish();
    pool.put_inbox(inbox);
    // The workers' store: the held pieces the page used join it, the others are dropped.
    let decisions: Vec<(usize, u32, bool)> = applier
        .piece_used
        .iter()
        .map(|&(job, used)| {
            let piece = jobs[job].piece.map_or(0, |piece| piece.index as u32);
            (file_base + jobs[job].files.start, piece, used)
        })
        .collect();
    if let Ok(json) = serde_json::to_string(&decisions) {
        pool.settle(&json);
    }
    // A worker still starting keeps what was routed to it in its ports until it starts; a
    // stopped one took its share with it.
    let whole = !pool.lost_a_worker() && !pool.any_stopped();
    data.store.load_ended(whole);
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
    jobs: &'a [Job],
    /// The job being applied and how many of its files have ended.
    job: usize,
    files_done_in_job: usize,
    /// Whether the job being applied has sent the batch that ends its piece.
    piece_ended_in_job: bool,
    /// The last file a piece ended before its last piece (the pieces after are not read).
    ended_early: Option<usize>,
    /// The file the progress bar shows (the last batch applied belonged to it).
    current_file: Option<usize>,
    /// What the last batch applied said of its file (bytes and records read so far).
    last_step: Option<RelayProgress>,
    progress: ReadProgress,
    records_before_file: u64,
    /// Records of the file's pieces already applied.
    records_before_piece: u64,
    findings_in_file: u64,
    reserved: bool,
    pacer: PublishPacer,
    /// For each job reading a piece after a file's first: whether the page used it (its
    /// findings join the workers' store only then).
    piece_used: Vec<(usize, bool)>,
}

impl<'a> Applier<'a> {
    fn new(
        load: LoadState,
        data: DataState,
        sources: &'a [LoadSource],
        files: &'a [Option<web_sys::File>],
        jobs: &'a [Job],
    ) -> Self {
        Self {
            load,
            data,
            sources,
            files,
            jobs,
            job: 0,
            files_done_in_job: 0,
            piece_ended_in_job: false,
            ended_early: None,
            current_file: None,
            last_step: None,
            progress: progress_for(sources, 0),
            records_before_file: 0,
            records_before_piece: 0,
            findings_in_file: 0,
            reserved: false,
            pacer: PublishPacer::new(data),
            piece_used: Vec::new(),
        }
    }

    fn apply_all(&mut self, events: Vec<(usize, JobEvent)>) {
        for (job, event) in events {
            if job != self.job {
                self.job = job;
                self.files_done_in_job = 0;
                self.piece_ended_in_job = false;
            }
            let ended = self.jobs.get(job).is_some_and(|job| self.file_ended(job));
            let later_piece = self.jobs.get(job).and_then(|job| job.piece);
            if later_piece.is_some_and(|piece| piece.index > 0)
                && self.piece_used.last().is_none_or(|&(seen, _)| seen != job)
            {
                // Decided by the job's first event: a piece whose own batches end its file
                // stays used.
                self.piece_used.push((job, !ended));
            }
            if ended {
                // A piece after the one that ended its file: what it read is not used.
                continue;
            }
            self.apply(event);
        }
    }

    /// Whether `job` is a piece of a file that an earlier piece already ended.
    fn file_ended(&self, job: &Job) -> bool {
        job.piece.is_some() && self.ended_early == Some(job.files.start)
    }

    /// The load-order index of the file the applied batches belong to now.
    fn file_index(&self) -> usize {
        self.jobs.get(self.job).map_or(0, |job| job.files.start) + self.files_done_in_job
    }

    fn apply(&mut self, event: JobEvent) {
        let piece = self.jobs.get(self.job).and_then(|job| job.piece);
        match (event, piece) {
            (JobEvent::Batch(bytes), _) => self.apply_batch(&bytes),
            (JobEvent::Done, Some(_)) if !self.piece_ended_in_job => {
                // A piece that never ran (the load was cancelled): the file ends with the
                // pieces that arrived.
                self.end_pieces_early();
            }
            (JobEvent::Done, _) => {}
            // The worker stopped after its piece had arrived whole: nothing is missing.
            (JobEvent::Failed(_), Some(_)) if self.piece_ended_in_job => {}
            (JobEvent::Failed(reason), Some(_)) => {
                // The worker stopped in a piece: the pieces before it and what arrived of it
                // stay, under the file's report with the error.
                let index = self.file_index();
                let name = self.sources[index].name();
                let read = self
                    .last_step
                    .filter(|_| self.current_file == Some(index))
                    .unwrap_or_default();
                self.data
                    .remember_source_file(self.files.get(index).cloned().flatten());
                self.data.change_session(|s| {
                    s.fail_relayed_file(&name, reason, read);
                });
                self.ended_early = Some(index);
            }
            (JobEvent::Failed(reason), None) => {
                let job_end = self
                    .jobs
                    .get(self.job)
                    .map_or(self.sources.len(), |job| job.files.end);
                let mut first_unread = self.file_index();
                if let Some(read) = self
                    .last_step
                    .filter(|_| self.current_file == Some(first_unread))
                {
                    // The file the worker stopped in: what arrived of it stays, under its report.
                    let name = self.sources[first_unread].name();
                    self.data
                        .remember_source_file(self.files.get(first_unread).cloned().flatten());
                    self.data.change_session(|s| {
                        s.fail_relayed_file(&name, reason.clone(), read);
                    });
                    first_unread += 1;
                }
                for source in &self.sources[first_unread.min(job_end)..job_end] {
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
                self.last_step = Some(step);
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
                self.progress.records_read =
                    self.records_before_file + self.records_before_piece + step.records_read;
                if let Some(done) = step.piece_done {
                    self.piece_ended_in_job = true;
                    self.last_step = None;
                    self.records_before_piece += step.records_read;
                    let last = self
                        .jobs
                        .get(self.job)
                        .and_then(|job| job.piece)
                        .is_none_or(|piece| piece.is_last());
                    if done.ends_the_file || last {
                        self.finish_pieces(index, !last);
                    }
                }
                if step.file_done {
                    self.data
                        .remember_source_file(self.files.get(index).cloned().flatten());
                    self.pacer.file_done();
                    self.records_before_file = self.progress.records_read;
                    self.files_done_in_job += 1;
                }
            }
            Some(Err(error)) => {
                record_unreadable(self.data, &self.progress.file_name, error.to_string());
            }
            None => {}
        }
    }

    /// Ends file `index`, read as pieces: its report is the pieces merged; `early` when pieces
    /// after the last one applied are not used.
    fn finish_pieces(&mut self, index: usize, early: bool) {
        let file_bytes = self.sources.get(index).map_or(0, LoadSource::size_bytes);
        self.data
            .change_session_quietly(|s| s.finish_relayed_pieces(file_bytes).records);
        self.data
            .remember_source_file(self.files.get(index).cloned().flatten());
        self.pacer.file_done();
        self.records_before_file = self.progress.records_read;
        self.records_before_piece = 0;
        self.files_done_in_job += 1;
        if early {
            self.ended_early = Some(index);
        }
    }

    /// Ends the file whose pieces are arriving when the next piece will not come.
    fn end_pieces_early(&mut self) {
        let index = self.file_index();
        if self.ended_early != Some(index) && self.current_file == Some(index) {
            self.finish_pieces(index, true);
        } else if self.current_file != Some(index) {
            // Not one piece of the file arrived.
            self.ended_early = Some(index);
        }
    }

    /// Shows the progress, with `bytes` read so far over the whole load (a running worker's
    /// too), once per message from the pool and only when it changed.
    fn show_progress(&mut self, bytes: u64) {
        self.progress.bytes_done = bytes.min(self.progress.bytes_total);
        let shown = self.load.phase.with_untracked(
            |phase| matches!(phase, LoadPhase::Reading(shown) if *shown == self.progress),
        );
        if !shown {
            self.load
                .phase
                .set(LoadPhase::Reading(self.progress.clone()));
        }
    }

    /// Names file `index` as the one being applied (the bytes read stay as the workers
    /// report them).
    fn start_file(&mut self, index: usize) {
        self.current_file = Some(index);
        self.last_step = None;
        self.records_before_piece = 0;
        self.findings_in_file = 0;
        self.reserved = false;
        self.progress = ReadProgress {
            records_read: self.records_before_file,
            bytes_done: self.progress.bytes_done,
            ..progress_for(self.sources, index)
        };
    }
}

/// Findings still to come in a file, extrapolated from the share of its bytes read so far
/// (with 5% to spare, as updates of the same id make record sizes vary a little).
fn estimate_remaining(findings_so_far: u64, bytes_read: u64, bytes_total: u64) -> usize {
    let bytes_left = bytes_total.saturating_sub(bytes_read);
    let estimate = findings_so_far as f64 * bytes_left as f64 / bytes_read.max(1) as f64 * 1.05;
    estimate.min(50_000_000.0) as usize
}
