//! Several ingest workers, one load: how the files of a load are cut into jobs (runs of
//! consecutive files, each read by one worker, or one piece of a large file: [`plan_load`]),
//! and [`InOrder`], which puts the workers'
//! batches back into file order so the page's session applies them exactly as one worker would
//! have sent them. Order matters: a finding's `source_file` is the index of its file's report,
//! and when two copies of an id carry the same `updatedAt` the earlier file's copy is kept.
//!
//! Plain data, no browser types: the page (`ui::file_reader`) hands jobs to free workers and
//! feeds what they post through [`InOrder`]; the tests feed it every arrival order.

use std::collections::VecDeque;
use std::ops::Range;

use crate::ingest::pieces::piece_count;

/// Bytes a job gathers before it closes: small files travel together (one message to the
/// worker, no round trip between them), large ones go one per job so every worker has one.
pub const JOB_BYTES: u64 = 8 * 1024 * 1024;

/// Files a job holds at most (a folder of many tiny files still spreads over the pool).
pub const JOB_FILES: usize = 64;

/// Cuts files (their sizes in load order) into jobs of consecutive files: a job closes once it
/// holds `job_bytes` or `job_files` files. Every file is in exactly one job, in order.
pub fn plan_jobs(file_sizes: &[u64], job_bytes: u64, job_files: usize) -> Vec<Range<usize>> {
    let mut jobs = Vec::new();
    let mut start = 0;
    let mut bytes = 0_u64;
    for (index, size) in file_sizes.iter().enumerate() {
        bytes = bytes.saturating_add(*size);
        let files = index + 1 - start;
        if bytes >= job_bytes || files >= job_files.max(1) {
            jobs.push(start..index + 1);
            start = index + 1;
            bytes = 0;
        }
    }
    if start < file_sizes.len() {
        jobs.push(start..file_sizes.len());
    }
    jobs
}

/// The largest piece of a file the pool hands a worker: a piece's batches wait on the page
/// until the pieces before it are applied, so many moderate pieces keep that wait (and the
/// page's memory) small while every worker stays busy.
pub const POOL_PIECE_BYTES: u64 = 64 * 1024 * 1024;

/// One job of a load: a run of consecutive whole files, or one piece of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub files: Range<usize>,
    pub piece: Option<PieceOf>,
}

/// Which piece of its file a job reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PieceOf {
    pub index: usize,
    pub count: usize,
}

impl PieceOf {
    pub fn is_last(self) -> bool {
        self.index + 1 >= self.count
    }
}

impl Job {
    /// The input bytes the job reads (a piece's share of its file).
    pub fn input_bytes(&self, file_sizes: &[u64]) -> u64 {
        let bytes: u64 = file_sizes
            .get(self.files.clone())
            .unwrap_or(&[])
            .iter()
            .sum();
        match self.piece {
            Some(piece) => bytes / piece.count.max(1) as u64,
            None => bytes,
        }
    }
}

/// The jobs of a load read by `parsers` workers: a file large enough is read as pieces
/// (`ingest::piece_count` with [`POOL_PIECE_BYTES`]), one job each; the files between go in
/// runs as [`plan_jobs`] cuts them. Every file is in the jobs, in order.
pub fn plan_load(file_sizes: &[u64], parsers: usize) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut run_start = 0;
    let flush_run = |jobs: &mut Vec<Job>, run: Range<usize>| {
        let sizes = &file_sizes[run.clone()];
        jobs.extend(
            plan_jobs(sizes, JOB_BYTES, JOB_FILES)
                .into_iter()
                .map(|files| Job {
                    files: files.start + run.start..files.end + run.start,
                    piece: None,
                }),
        );
    };
    for (file, &size) in file_sizes.iter().enumerate() {
        let count = piece_count(size, parsers, POOL_PIECE_BYTES);
        if count < 2 {
            continue;
        }
        flush_run(&mut jobs, run_start..file);
        jobs.extend((0..count).map(|index| Job {
            files: file..file + 1,
            piece: Some(PieceOf { index, count }),
        }));
        run_start = file + 1;
    }
    flush_run(&mut jobs, run_start..file_sizes.len());
    jobs
}

/// What a worker posted while running a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobEvent {
    /// A relay batch, for `LoadSession::apply_relayed`.
    Batch(Vec<u8>),
    /// The worker finished the job (all its files, or fewer when the load was cancelled).
    Done,
    /// The worker stopped mid-job (it crashed or ran out of memory): the job's files without a
    /// report are unread.
    Failed(String),
}

impl JobEvent {
    fn ends_job(&self) -> bool {
        matches!(self, Self::Done | Self::Failed(_))
    }

    fn batch_bytes(&self) -> usize {
        match self {
            Self::Batch(bytes) => bytes.len(),
            _ => 0,
        }
    }
}

/// Batch bytes waiting in [`InOrder`] above which the page hands out no new job: a worker that
/// raced ahead waits instead of queueing more on the page (a running job still finishes).
pub const MOST_WAITING_BYTES: usize = 64 * 1024 * 1024;

/// Batch bytes waiting above which the workers reading jobs after the one being applied pause
/// (a running job's worker would otherwise queue all it reads on the page), and below which
/// they go on; between the two each keeps its state, so a worker does not flap.
pub const PAUSE_ABOVE_BYTES: usize = MOST_WAITING_BYTES;
pub const RESUME_BELOW_BYTES: usize = MOST_WAITING_BYTES / 2;

/// Puts events from jobs running at once back into job order. Events of the job being applied
/// pass straight through; those of later jobs wait until every earlier job has ended.
#[derive(Debug)]
pub struct InOrder {
    /// Events waiting, per job.
    waiting: Vec<VecDeque<JobEvent>>,
    /// The job whose events are applied now (every earlier one has ended).
    applying: usize,
    /// Bytes of the batches waiting.
    waiting_bytes: usize,
}

impl InOrder {
    pub fn new(job_count: usize) -> Self {
        Self {
            waiting: vec![VecDeque::new(); job_count],
            applying: 0,
            waiting_bytes: 0,
        }
    }

    /// Takes an event of `job`; returns the events now ready to apply, in order, each with its
    /// job. An event for a job that does not exist, or that already ended, is ignored.
    pub fn push(&mut self, job: usize, event: JobEvent) -> Vec<(usize, JobEvent)> {
        if job < self.applying || job >= self.waiting.len() {
            return Vec::new();
        }
        self.waiting_bytes += event.batch_bytes();
        self.waiting[job].push_back(event);
        let mut ready = Vec::new();
        while let Some(queue) = self.waiting.get_mut(self.applying) {
            let Some(event) = queue.pop_front() else {
                break;
            };
            self.waiting_bytes -= event.batch_bytes();
            let ended = event.ends_job();
            ready.push((self.applying, event));
            if ended {
                // Anything the worker sent after ending the job is not part of it.
                self.waiting_bytes -= queue.iter().map(JobEvent::batch_bytes).sum::<usize>();
                queue.clear();
                self.applying += 1;
            }
        }
        ready
    }

    /// Bytes of the batches held back for later jobs.
    pub fn waiting_bytes(&self) -> usize {
        self.waiting_bytes
    }

    /// True while few enough batches wait that another job may be handed out.
    pub fn has_room(&self) -> bool {
        self.waiting_bytes <= MOST_WAITING_BYTES
    }

    /// True once every job has ended and been handed out.
    pub fn all_applied(&self) -> bool {
        self.applying >= self.waiting.len()
    }

    /// The job whose events are applied now (equal to the job count once all have ended).
    pub fn applying(&self) -> usize {
        self.applying
    }

    /// Whether the worker running `job` should be paused now, given whether it is: never the
    /// job being applied (its batches go straight to the page, and every later job waits for
    /// it); a later one above [`PAUSE_ABOVE_BYTES`] of waiting batches, and until they are
    /// below [`RESUME_BELOW_BYTES`].
    pub fn should_pause(&self, job: usize, paused: bool) -> bool {
        if job <= self.applying {
            false
        } else if self.waiting_bytes > PAUSE_ABOVE_BYTES {
            true
        } else if self.waiting_bytes < RESUME_BELOW_BYTES {
            false
        } else {
            paused
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_files_share_a_job_and_large_ones_get_their_own() {
        let sizes = [10, 10, 100, 10, 10, 10];
        assert_eq!(plan_jobs(&sizes, 50, 64), vec![0..3, 3..6]);
        assert_eq!(plan_jobs(&sizes, 50, 2), vec![0..2, 2..3, 3..5, 5..6]);
        assert_eq!(plan_jobs(&[], 50, 2), Vec::<Range<usize>>::new());
        assert_eq!(plan_jobs(&[0, 0, 0], 50, 0), vec![0..1, 1..2, 2..3]);
    }

    #[test]
    fn a_large_file_is_read_as_pieces_between_runs_of_whole_files() {
        const MIB: u64 = 1024 * 1024;
        let sizes = [MIB, MIB, 200 * MIB, MIB, 12 * MIB];
        let whole = |files: Range<usize>| Job { files, piece: None };
        let piece = |file: usize, index, count| Job {
            files: file..file + 1,
            piece: Some(PieceOf { index, count }),
        };
        let jobs = plan_load(&sizes, 2);
        assert_eq!(
            jobs,
            vec![
                whole(0..2),
                piece(2, 0, 4),
                piece(2, 1, 4),
                piece(2, 2, 4),
                piece(2, 3, 4),
                whole(3..5),
            ],
            "200 MiB in 64 MiB pieces at most; 12 MiB is too small to cut"
        );
        assert_eq!(jobs[1].input_bytes(&sizes), 50 * MIB);
        assert_eq!(plan_load(&sizes, 1), vec![whole(0..3), whole(3..5)]);
        assert!(plan_load(&[], 4).is_empty());
    }

    #[test]
    fn a_later_job_waits_for_the_earlier_one_to_end() {
        let batch = |b: u8| JobEvent::Batch(vec![b]);
        let mut order = InOrder::new(2);
        assert_eq!(order.push(1, batch(10)), vec![]);
        assert_eq!(order.push(1, JobEvent::Done), vec![]);
        assert_eq!(order.push(0, batch(1)), vec![(0, batch(1))]);
        assert!(!order.all_applied());
        assert_eq!(
            order.push(0, JobEvent::Failed("gone".into())),
            vec![
                (0, JobEvent::Failed("gone".into())),
                (1, batch(10)),
                (1, JobEvent::Done)
            ]
        );
        assert!(order.all_applied());
        assert_eq!(order.waiting_bytes(), 0);
        assert_eq!(
            order.push(0, batch(2)),
            vec![],
            "an ended job takes nothing more"
        );
        assert_eq!(order.push(7, batch(2)), vec![], "an unknown job is ignored");
    }

    #[test]
    fn a_later_job_pauses_while_many_batches_wait_and_goes_on_when_they_drain() {
        let mut order = InOrder::new(3);
        assert!(!order.should_pause(1, false), "nothing waits");
        order.push(1, JobEvent::Batch(vec![0; PAUSE_ABOVE_BYTES + 1]));
        assert!(order.should_pause(1, false));
        assert!(order.should_pause(2, false));
        assert!(
            !order.should_pause(0, true),
            "the job being applied never pauses"
        );
        // Job 0 ends: job 1's batches go to the page and nothing waits any more.
        order.push(0, JobEvent::Done);
        assert_eq!(order.waiting_bytes(), 0);
        assert!(!order.should_pause(1, true), "now applied");
        assert!(
            !order.should_pause(2, true),
            "drained below the resume mark"
        );
        order.push(2, JobEvent::Batch(vec![0; RESUME_BELOW_BYTES + 1]));
        assert!(
            order.should_pause(2, true),
            "between the marks a paused worker stays paused"
        );
        assert!(!order.should_pause(2, false), "and a running one runs");
    }

    #[test]
    fn batches_held_back_are_counted_until_their_turn() {
        let big = JobEvent::Batch(vec![0; MOST_WAITING_BYTES]);
        let mut order = InOrder::new(3);
        order.push(1, big);
        assert_eq!(order.waiting_bytes(), MOST_WAITING_BYTES);
        assert!(order.has_room(), "up to the limit");
        order.push(2, JobEvent::Batch(vec![0; 1]));
        assert!(!order.has_room(), "over it, no new job is handed out");
        order.push(0, JobEvent::Done);
        assert_eq!(order.waiting_bytes(), 1, "job 1's batch went to the page");
        order.push(1, JobEvent::Done);
        assert_eq!(order.waiting_bytes(), 0);
        assert!(order.has_room());
    }
}
