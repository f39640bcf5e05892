//! `guardview rollup`'s engine: files spread over all cores (`cli::spread`: std threads
//! taking the next file from a shared counter), each file read by its own ingest session and
//! reduced at once to one small entry per finding id (newest `updatedAt`, then larger count,
//! then the earlier file, exactly as one sequential load keeps it); the threads' entries are
//! then merged by id across files — S3 exports repeat ids across days — and only then counted.
//! Memory grows with distinct findings, not with the records read. Rollup files among the
//! inputs (recognised by content) are added as they are.

use std::io::Read;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::ingest::LoadSession;
use crate::ingest::{read_rollup, recognise_rollup};
use crate::model::{FileError, FileReport, Rollup, RollupCounts, RollupKey};

/// Decoded bytes looked at to recognise a rollup.
const PEEK_BYTES: usize = 64 * 1024;

/// The newest version of one finding seen so far, reduced to what the rollup needs.
#[derive(Clone, Copy, Debug)]
struct Version {
    updated_ms: Option<i64>,
    count: u64,
    /// Index of the file in input order: on a full tie the earlier file wins.
    file: u32,
    /// Index into the owning thread's key table.
    key: u32,
}

impl Version {
    fn beats(&self, kept: &Version) -> bool {
        (self.updated_ms, self.count, std::cmp::Reverse(self.file))
            > (kept.updated_ms, kept.count, std::cmp::Reverse(kept.file))
    }
}

/// One thread's reduction.
#[derive(Default)]
struct Partial {
    versions: FxHashMap<Box<str>, Version>,
    keys: Vec<RollupKey>,
    key_index: FxHashMap<RollupKey, u32>,
    rollup_inputs: Rollup,
}

impl Partial {
    fn key_of(&mut self, key: RollupKey) -> u32 {
        if let Some(&index) = self.key_index.get(&key) {
            return index;
        }
        let index = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        self.keys.push(key.clone());
        self.key_index.insert(key, index);
        index
    }

    fn offer(&mut self, id: &str, version: Version) {
        match self.versions.get_mut(id) {
            Some(kept) => {
                if version.beats(kept) {
                    *kept = version;
                }
            }
            None => {
                self.versions.insert(id.into(), version);
            }
        }
    }
}

/// What a run produced.
pub struct RollupRun {
    pub rollup: Rollup,
    /// One report per input file, in input order.
    pub reports: Vec<FileReport>,
    /// Files that were rollups (added as they are).
    pub rollup_files: usize,
    /// Distinct finding ids counted from finding files.
    pub unique_findings: u64,
}

/// Reduces the files on `threads` threads.
pub fn run_rollup(files: &[PathBuf], threads: usize) -> RollupRun {
    let (reports, partials): (Vec<(FileReport, bool)>, Vec<Partial>) =
        super::spread::spread(files, threads, |index, path, partial: &mut Partial| {
            reduce_file(path, index, partial)
        });
    let rollup_files = reports.iter().filter(|(_, r)| *r).count();

    // Cross-file de-duplication: the winner per id over every thread.
    let mut winners: FxHashMap<&str, (usize, Version)> = FxHashMap::default();
    for (thread, partial) in partials.iter().enumerate() {
        for (id, version) in &partial.versions {
            match winners.get_mut(id.as_ref()) {
                Some((kept_thread, kept)) => {
                    if version.beats(kept) {
                        *kept_thread = thread;
                        *kept = *version;
                    }
                }
                None => {
                    winners.insert(id.as_ref(), (thread, *version));
                }
            }
        }
    }
    let mut rollup = Rollup::new();
    for (thread, version) in winners.values() {
        if let Some(key) = partials
            .get(*thread)
            .and_then(|p| p.keys.get(version.key as usize))
        {
            rollup.add(
                key.clone(),
                RollupCounts {
                    findings: 1,
                    occurrences: version.count,
                },
            );
        }
    }
    let unique_findings = winners.len() as u64;
    for partial in partials {
        rollup.merge(partial.rollup_inputs);
    }
    RollupRun {
        rollup,
        reports: reports.into_iter().map(|(report, _)| report).collect(),
        rollup_files,
        unique_findings,
    }
}

/// Reads one file into the thread's partial; returns its report and whether it was a rollup.
fn reduce_file(path: &Path, index: usize, partial: &mut Partial) -> (FileReport, bool) {
    let name = path.to_string_lossy().into_owned();
    if let Some(result) = read_if_rollup(path) {
        let mut report = FileReport::new(&name);
        match result {
            Ok(rollup) => {
                report.records = rollup.len() as u64;
                partial.rollup_inputs.merge(rollup);
            }
            Err(reason) => {
                report.error = Some(FileError {
                    reason,
                    position: None,
                })
            }
        }
        return (report, true);
    }
    let mut session = LoadSession::new();
    super::load_file(&mut session, &path.as_os_str().to_owned());
    let file = u32::try_from(index).unwrap_or(u32::MAX);
    for finding in session.findings().findings() {
        let key = partial.key_of(RollupKey::of(finding));
        partial.offer(
            &finding.id,
            Version {
                updated_ms: finding.updated_at.map(|t| t.0),
                count: finding.count,
                file,
                key,
            },
        );
    }
    let report = session.reports().first().cloned().unwrap_or_default();
    (report, false)
}

/// `Some` when the file's content is a rollup (then its rows, or why they cannot be read);
/// `None` for anything else, which the finding loader reads (and reports on).
pub fn read_if_rollup(path: &Path) -> Option<Result<Rollup, String>> {
    let mut prefix = Vec::new();
    open_decoded(path)
        .ok()?
        .take(PEEK_BYTES as u64)
        .read_to_end(&mut prefix)
        .ok()?;
    recognise_rollup(&prefix)?;
    let mut text = Vec::new();
    Some(
        open_decoded(path)
            .and_then(|mut reader| reader.read_to_end(&mut text))
            .map_err(|error| format!("The rollup could not be read ({error})"))
            .and_then(|_| read_rollup(&text)),
    )
}

/// The file's text, decompressed when it starts with the gzip magic bytes.
fn open_decoded(path: &Path) -> std::io::Result<Box<dyn Read>> {
    let mut file = std::fs::File::open(path)?;
    let mut magic = [0u8; 2];
    let mut filled = 0;
    while filled < magic.len() {
        match file.read(&mut magic[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    let head = std::io::Cursor::new(magic[..filled].to_vec());
    let whole = head.chain(file);
    if filled == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(flate2::read::MultiGzDecoder::new(whole)))
    } else {
        Ok(Box::new(whole))
    }
}

/// Rollup files given to `summary`: counted apart from the findings (they may overlap them).
#[derive(Default)]
pub struct RollupInputs {
    pub files: usize,
    pub rollup: Rollup,
}

impl RollupInputs {
    pub fn to_json(&self) -> serde_json::Value {
        use std::collections::BTreeMap;
        let mut by: [BTreeMap<String, u64>; 5] = Default::default();
        for band in crate::model::SeverityBand::ALL {
            by[0].insert(band.name().to_owned(), 0);
        }
        for (key, counts) in self.rollup.rows() {
            for (map, name) in by.iter_mut().zip([
                key.severity.name(),
                &key.finding_type,
                &key.resource_type,
                &key.account_id,
                &key.region,
            ]) {
                *map.entry(name.to_owned()).or_default() += counts.findings;
            }
        }
        let archived: u64 = self
            .rollup
            .rows()
            .filter(|(key, _)| key.archived)
            .map(|(_, counts)| counts.findings)
            .sum();
        let totals = self.rollup.totals();
        let [by_severity, by_type, by_resource_type, by_account, by_region] = by;
        serde_json::json!({
            "files": self.files,
            "rows": self.rollup.len(),
            "findings": totals.findings,
            "occurrences": totals.occurrences,
            "archived": archived,
            "by_severity": by_severity,
            "by_type": by_type,
            "by_resource_type": by_resource_type,
            "by_account": by_account,
            "by_region": by_region,
        })
    }
}
