//! `guardview summary`'s engine: files spread over all cores (a thread per core takes the next
//! file, or piece of a large JSON Lines file, from a shared counter and reads it with its own
//! ingest session), each piece's findings routed by id to the columnar store's shards
//! (`store::owner_of`), so each shard keeps one version per id exactly as one sequential load
//! would; the headline numbers are then the merged answers of every shard to one query. The
//! output does not depend on the thread count or on where a file was cut.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use crate::analysis::breakdown::Breakdown;
use crate::analysis::filter::FindingFilter;
use crate::analysis::risk::RiskMatrix;
use crate::analysis::risk::RiskRules;
use crate::analysis::summary::Summary;
use crate::ingest::{
    may_cut, merge_pieces, piece_count, piece_start, planned_cut, read_piece, FilePiece,
    LoadSession, CUT_SEARCH_BYTES,
};
use crate::model::{EpochMillis, FileReport, Finding};
use crate::store::query::RiskContext;
use crate::store::{owner_of, Origin, QueryRequest, QueryResult, Shard, Views};

use super::rollup_run::{read_if_rollup, RollupInputs};

/// What one input file gave.
enum FileOutcome {
    /// A rollup file, added to the rollup totals (no report, as before).
    Rollup,
    /// A finding file (or a failed rollup file): its report and the findings it emitted.
    Findings {
        report: Box<FileReport>,
        emitted: u64,
    },
}

/// One unit of work: a whole file, or one piece of a large JSON Lines file.
struct Task {
    file: usize,
    /// The piece's index in its file and byte range; `None` for a file read whole.
    piece: Option<(u32, u64, u64)>,
}

/// What one task gave: a whole file's outcome, or a piece for the file's merge.
enum TaskOutcome {
    Whole(FileOutcome),
    Piece(Box<FilePiece>),
}

/// The pieces of one file finished so far, so a piece's findings are offered only once every
/// piece before it is known to be used (a piece after one that failed or read on to the end
/// of the file is dropped, as the whole file's reader never reads it).
#[derive(Default)]
struct PieceGate {
    /// For each piece, `None` while it runs; then whether the pieces after it are dropped.
    ends_file: Mutex<Vec<Option<bool>>>,
    finished: Condvar,
}

impl PieceGate {
    fn new(pieces: usize) -> Self {
        Self {
            ends_file: Mutex::new(vec![None; pieces]),
            finished: Condvar::new(),
        }
    }

    /// Waits until every piece before `piece` has finished; true when all of them are used
    /// and none ends the file.
    fn wait_for_pieces_before(&self, piece: usize) -> bool {
        let Ok(mut ends_file) = self.ends_file.lock() else {
            return false;
        };
        loop {
            let before = &ends_file[..piece.min(ends_file.len())];
            if before.contains(&Some(true)) {
                return false;
            }
            if before.iter().all(Option::is_some) {
                return true;
            }
            ends_file = match self.finished.wait(ends_file) {
                Ok(guard) => guard,
                Err(_) => return false,
            };
        }
    }

    fn finish(&self, piece: usize, ends_file: bool) {
        if let Ok(mut states) = self.ends_file.lock() {
            if let Some(state) = states.get_mut(piece) {
                *state = Some(ends_file);
            }
        }
        self.finished.notify_all();
    }
}

/// Everything `summary` prints, computed on `threads` threads.
pub struct SummaryRun {
    /// One per finding file and failed path, in input order (unreadable paths last).
    pub reports: Vec<FileReport>,
    pub rollups: RollupInputs,
    pub summary: Summary,
    pub tactics: Breakdown,
    pub csa_threats: Breakdown,
    /// Under the default rules, as of the data's latest activity.
    pub risk: RiskMatrix,
}

/// Reads `files` (and reports `unreadable`) on `threads` threads into as many shards.
pub fn run_summary(
    files: &[PathBuf],
    unreadable: &[(PathBuf, String)],
    threads: usize,
) -> SummaryRun {
    let threads = threads.max(1);
    let shards: Vec<Mutex<Shard>> = (0..threads).map(|_| Mutex::new(Shard::new())).collect();
    let tasks = plan_tasks(files, threads);
    let mut pieces_of_file = vec![0; files.len()];
    for task in tasks.iter().filter(|task| task.piece.is_some()) {
        pieces_of_file[task.file] += 1;
    }
    let gates: Vec<Option<PieceGate>> = pieces_of_file
        .into_iter()
        .map(|pieces| (pieces > 0).then(|| PieceGate::new(pieces)))
        .collect();
    let (task_outcomes, rollups): (Vec<TaskOutcome>, Vec<RollupInputs>) =
        super::spread::spread(&tasks, threads, |_, task, rollups: &mut RollupInputs| {
            let path = &files[task.file];
            match (task.piece, &gates[task.file]) {
                (Some(piece), Some(gate)) => TaskOutcome::Piece(Box::new(read_file_piece(
                    path, task.file, piece, gate, &shards,
                ))),
                _ => TaskOutcome::Whole(read_file(path, task.file, &shards, rollups)),
            }
        });
    let outcomes = file_outcomes(files, &tasks, task_outcomes);
    let mut shards: Vec<Shard> = shards
        .into_iter()
        .map(|shard| shard.into_inner().unwrap_or_default())
        .collect();
    let mut added_by_file = std::collections::BTreeMap::new();
    for shard in &shards {
        for (file, added) in shard.added_by_file() {
            *added_by_file.entry(file as usize).or_insert(0) += added;
        }
    }
    let mut reports = Vec::new();
    for (index, outcome) in outcomes.into_iter().enumerate() {
        if let FileOutcome::Findings {
            mut report,
            emitted,
        } = outcome
        {
            // Counted against every earlier file, as one sequential load counts them.
            report.findings_added = added_by_file.get(&index).copied().unwrap_or(0);
            report.duplicates = emitted.saturating_sub(report.findings_added);
            reports.push(*report);
        }
    }
    reports.extend(
        unreadable
            .iter()
            .map(|(path, reason)| failed_report(path, reason)),
    );
    let mut rollup_inputs = RollupInputs::default();
    for part in rollups {
        rollup_inputs.files += part.files;
        rollup_inputs.rollup.merge(part.rollup);
    }

    let everything = FindingFilter {
        show_samples: true,
        ..FindingFilter::default()
    };
    let views = Views {
        kpis: true,
        tactics: true,
        csa_threats: true,
        ..Views::default()
    };
    let counts = query_all(&mut shards, &QueryRequest::new(1, &everything, views, None));
    let summary = counts.summary.unwrap_or_default();
    // The risk is assessed as of the data's latest activity (never the clock).
    let now = summary.last_seen.unwrap_or(EpochMillis(0));
    let risk_views = Views {
        risk_matrix: true,
        ..Views::default()
    };
    let context = RiskContext::new(&RiskRules::default(), now);
    let risk = query_all(
        &mut shards,
        &QueryRequest::new(2, &everything, risk_views, Some(context)),
    );
    SummaryRun {
        reports,
        rollups: rollup_inputs,
        summary,
        tactics: counts.tactics.unwrap_or_else(|| empty_breakdown(true)),
        csa_threats: counts.csa_threats.unwrap_or_else(|| empty_breakdown(false)),
        risk: risk.risk_matrix.unwrap_or_default(),
    }
}

fn empty_breakdown(tactics: bool) -> Breakdown {
    let partial = crate::store::partial::OrderedPartial::default();
    if tactics {
        partial.finish_tactics()
    } else {
        partial.finish_csa()
    }
}

/// Every shard answers `request` on its own thread; the answers are merged.
fn query_all(shards: &mut [Shard], request: &QueryRequest) -> QueryResult {
    let answers: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = shards
            .iter_mut()
            .enumerate()
            .map(|(index, shard)| {
                scope.spawn(move || shard.answer(u32::try_from(index).unwrap_or(u32::MAX), request))
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let mut pending = crate::store::PendingQuery::new(request.clone(), shards.len());
    for answer in answers {
        pending.accept(answer);
    }
    pending.result().unwrap_or_default()
}

/// The work for `files` on `threads` threads: a whole file per task, except that a plain JSON
/// Lines file of at least two `ingest::MIN_PIECE_BYTES` is cut into up to `threads` pieces at record
/// boundaries (`ingest::cut_after`), so one large file keeps every core busy.
fn plan_tasks(files: &[PathBuf], threads: usize) -> Vec<Task> {
    let mut tasks = Vec::new();
    for (file, path) in files.iter().enumerate() {
        let cuts = if threads > 1 {
            plan_cuts(path, threads).unwrap_or_default()
        } else {
            Vec::new()
        };
        if cuts.is_empty() {
            tasks.push(Task { file, piece: None });
            continue;
        }
        for (piece, (start, end)) in cuts.into_iter().enumerate() {
            let piece = u32::try_from(piece).unwrap_or(u32::MAX);
            tasks.push(Task {
                file,
                piece: Some((piece, start, end)),
            });
        }
    }
    tasks
}

/// The byte ranges of the pieces to read `path` in (none when it is not worth cutting).
fn plan_cuts(path: &Path, threads: usize) -> std::io::Result<Vec<(u64, u64)>> {
    let size = std::fs::metadata(path)?.len();
    let count = piece_count(size, threads, u64::MAX);
    if count < 2 {
        return Ok(Vec::new());
    }
    let mut handle = std::fs::File::open(path)?;
    let mut window = Vec::with_capacity(CUT_SEARCH_BYTES);
    (&mut handle)
        .take(CUT_SEARCH_BYTES as u64)
        .read_to_end(&mut window)?;
    if !may_cut(&window) {
        return Ok(Vec::new());
    }
    let mut starts = vec![0];
    for index in 1..count {
        let planned = planned_cut(size, index, count);
        handle.seek(SeekFrom::Start(planned))?;
        window.clear();
        (&mut handle)
            .take(CUT_SEARCH_BYTES as u64)
            .read_to_end(&mut window)?;
        starts.extend(piece_start(planned, &window, size));
    }
    let ends = starts.iter().skip(1).copied().chain([size]);
    Ok(starts.iter().copied().zip(ends).collect())
}

/// One outcome per file, in file order: a whole file's own, or its pieces merged.
fn file_outcomes(
    files: &[PathBuf],
    tasks: &[Task],
    outcomes: Vec<TaskOutcome>,
) -> Vec<FileOutcome> {
    let mut by_file: Vec<Option<FileOutcome>> = files.iter().map(|_| None).collect();
    let mut pieces_by_file: Vec<Vec<FilePiece>> = files.iter().map(|_| Vec::new()).collect();
    for (task, outcome) in tasks.iter().zip(outcomes) {
        match outcome {
            TaskOutcome::Whole(outcome) => by_file[task.file] = Some(outcome),
            TaskOutcome::Piece(piece) => pieces_by_file[task.file].push(*piece),
        }
    }
    by_file
        .into_iter()
        .zip(pieces_by_file)
        .zip(files)
        .map(|((whole, pieces), path)| match whole {
            Some(outcome) => outcome,
            None => {
                let size = std::fs::metadata(path).map(|m| m.len()).ok();
                let (report, _) = merge_pieces(pieces, size);
                let emitted = report.findings_added + report.duplicates;
                FileOutcome::Findings {
                    report: Box::new(report),
                    emitted,
                }
            }
        })
        .collect()
}

/// Reads one piece of a file with its own session; once every piece before it is known to be
/// used, its findings go to their owners' shards (see [`PieceGate`]).
fn read_file_piece(
    path: &Path,
    index: usize,
    (piece, start, end): (u32, u64, u64),
    gate: &PieceGate,
    shards: &[Mutex<Shard>],
) -> FilePiece {
    let name = path.to_string_lossy().into_owned();
    let mut session = LoadSession::new();
    let finished = match std::fs::File::open(path).and_then(|handle| {
        let size = handle.metadata()?.len();
        Ok((handle, size))
    }) {
        Ok((mut handle, size)) => {
            let mut read_at = |offset: u64, buffer: &mut [u8]| {
                handle.seek(SeekFrom::Start(offset))?;
                handle.read(buffer)
            };
            read_piece(
                &mut session,
                &name,
                (start, end),
                size,
                super::CHUNK_BYTES,
                &mut read_at,
            )
        }
        Err(error) => {
            let mut file = session.start_file_piece(&name, start);
            file.fail(format!("The file could not be opened ({error})"));
            session.finish_piece(file, true)
        }
    };
    let piece_index = piece as usize;
    if gate.wait_for_pieces_before(piece_index) {
        let (_, findings) = session.into_parts();
        offer(
            findings,
            (u32::try_from(index).unwrap_or(u32::MAX), piece),
            shards,
        );
    }
    gate.finish(piece_index, finished.ends_the_file());
    finished
}

/// Reads one input: a rollup is added to `rollups`; findings go to their owners' shards.
fn read_file(
    path: &Path,
    index: usize,
    shards: &[Mutex<Shard>],
    rollups: &mut RollupInputs,
) -> FileOutcome {
    match read_if_rollup(path) {
        Some(Ok(rollup)) => {
            rollups.files += 1;
            rollups.rollup.merge(rollup);
            return FileOutcome::Rollup;
        }
        Some(Err(reason)) => {
            return FileOutcome::Findings {
                report: Box::new(failed_report(path, &reason)),
                emitted: 0,
            }
        }
        None => {}
    }
    let mut session = LoadSession::new();
    super::load_file(&mut session, &path.as_os_str().to_owned());
    let (reports, findings) = session.into_parts();
    let report = reports.into_iter().next().unwrap_or_default();
    let emitted = report.findings_added + report.duplicates;
    let file = u32::try_from(index).unwrap_or(u32::MAX);
    offer(findings, (file, 0), shards);
    FileOutcome::Findings {
        report: Box::new(report),
        emitted,
    }
}

/// Routes the findings one parser read from piece `piece` of file `file` (in its set's order)
/// to their owners' shards, each with its origin.
fn offer(findings: Vec<Finding>, (file, piece): (u32, u32), shards: &[Mutex<Shard>]) {
    let mut by_owner: Vec<Vec<(Finding, Origin)>> = (0..shards.len()).map(|_| Vec::new()).collect();
    for (record, mut finding) in findings.into_iter().enumerate() {
        // The input's position: the CLI shows no file per finding, and it orders ties.
        finding.source_file = file;
        let origin = Origin {
            file,
            piece,
            record: u32::try_from(record).unwrap_or(u32::MAX),
        };
        if let Some(part) = by_owner.get_mut(owner_of(&finding.id, shards.len())) {
            part.push((finding, origin));
        }
    }
    for (shard, part) in shards.iter().zip(by_owner) {
        if part.is_empty() {
            continue;
        }
        if let Ok(mut shard) = shard.lock() {
            for (finding, origin) in part {
                shard.offer(finding, origin);
            }
        }
    }
}

/// The report of a path that could not be read, as the loader writes it.
fn failed_report(path: &Path, reason: &str) -> FileReport {
    let mut session = LoadSession::new();
    super::fail_path(&mut session, path, reason);
    session
        .into_parts()
        .0
        .into_iter()
        .next()
        .unwrap_or_default()
}
