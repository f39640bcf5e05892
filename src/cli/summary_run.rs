//! `guardview summary`'s engine: files spread over all cores (a thread per core takes the next
//! file from a shared counter and reads it with its own ingest session), each file's findings
//! routed by id to the columnar store's shards (`store::owner_of`), so each shard keeps one
//! version per id exactly as one sequential load would; the headline numbers are then the
//! merged answers of every shard to one query. The output does not depend on the thread count.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::analysis::breakdown::Breakdown;
use crate::analysis::filter::FindingFilter;
use crate::analysis::risk::RiskMatrix;
use crate::analysis::risk::RiskRules;
use crate::analysis::summary::Summary;
use crate::ingest::LoadSession;
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
    let (outcomes, rollups): (Vec<FileOutcome>, Vec<RollupInputs>) =
        super::spread::spread(files, threads, |index, path, rollups: &mut RollupInputs| {
            read_file(path, index, &shards, rollups)
        });
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
    let mut by_owner: Vec<Vec<Finding>> = (0..shards.len()).map(|_| Vec::new()).collect();
    for mut finding in findings {
        // The input's position: the CLI shows no file per finding, and it orders ties.
        finding.source_file = file;
        if let Some(part) = by_owner.get_mut(owner_of(&finding.id, shards.len())) {
            part.push(finding);
        }
    }
    let origin = Origin { file, piece: 0 };
    for (shard, part) in shards.iter().zip(by_owner) {
        if part.is_empty() {
            continue;
        }
        if let Ok(mut shard) = shard.lock() {
            for finding in part {
                shard.offer(finding, origin);
            }
        }
    }
    FileOutcome::Findings {
        report: Box::new(report),
        emitted,
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
