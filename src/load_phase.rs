//! Where a load of dropped files stands, as plain data: the phases the page's drop zone and
//! status line show, and the words for each. No browser types, so it is tested natively; the
//! wasm-only `ui` keeps the current phase in a signal.

use crate::analysis::format;

/// Where loading stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum LoadPhase {
    /// Nothing has been loaded yet (or the data was forgotten).
    #[default]
    Idle,
    /// Files are being read.
    Reading(ReadProgress),
    /// The last load finished; every file loaded.
    Loaded,
    /// The last load finished and at least one file failed (the others still loaded).
    Failed {
        failed_files: usize,
        /// Files in the load, failed or not.
        file_count: usize,
    },
    /// The user stopped the last load.
    Cancelled,
    /// The files were refused before reading: more than a browser tab can hold.
    TooLarge { estimated_bytes: u64 },
}

impl LoadPhase {
    /// A token for `data-drop-state` attributes, styles and tests. A refused load counts as
    /// failed.
    pub fn slug(&self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Reading(_) => "reading",
            Self::Loaded => "loaded",
            Self::Failed { .. } | Self::TooLarge { .. } => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn is_reading(&self) -> bool {
        matches!(self, Self::Reading(_))
    }
}

/// Progress of the load in flight.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadProgress {
    pub file_name: String,
    /// 1-based position of the file being read among the files of this load.
    pub file_number: usize,
    pub file_count: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub records_read: u64,
}

impl ReadProgress {
    /// How much of the current file is read, 0–100 (an empty file is done).
    pub fn percent_done(&self) -> f64 {
        if self.bytes_total == 0 {
            100.0
        } else {
            self.bytes_done as f64 * 100.0 / self.bytes_total as f64
        }
    }

    /// "Reading a.json (1 of 2) — 1.2 MB of 4.0 MB, 1,234 records".
    pub fn describe(&self) -> String {
        format!(
            "Reading {} ({} of {}) — {} of {}, {}",
            self.file_name,
            self.file_number,
            self.file_count,
            format::bytes(self.bytes_done),
            format::bytes(self.bytes_total),
            format::counted(self.records_read, "record", "records"),
        )
    }
}

/// The status line after a load: "Loaded 5,000 unique findings from 1 file."
pub fn loaded_text(unique_findings: u64, files: u64) -> String {
    format!(
        "Loaded {} from {}.",
        format::counted(unique_findings, "unique finding", "unique findings"),
        format::counted(files, "file", "files"),
    )
}

/// The status line after a load that included rollup files: the loaded findings and the
/// history apart, because the two may count the same findings.
/// "Loaded 500 unique findings from 1 file, and the history of 37,464 findings from 1 rollup."
pub fn loaded_with_rollups_text(
    unique_findings: u64,
    finding_files: u64,
    history_findings: u64,
    rollup_files: u64,
) -> String {
    format!(
        "Loaded {} from {}, and the history of {} from {}.",
        format::counted(unique_findings, "unique finding", "unique findings"),
        format::counted(finding_files, "file", "files"),
        format::counted(history_findings, "finding", "findings"),
        format::counted(rollup_files, "rollup", "rollups"),
    )
}

/// The briefing's note on a loaded baseline: what it holds, and every baseline file that gave
/// no findings and why — a rollup (a baseline compares findings, not daily counts) or a file
/// that could not be read — so no file is dropped without a word.
/// "Compared with a baseline of 120 findings from 2 files; 1 rollup is not used (a baseline
/// compares findings; load a rollup as data for its history)."
pub fn baseline_text(findings: u64, reports: &[crate::model::FileReport]) -> String {
    let rollups = reports.iter().filter(|r| r.rollup.is_some()).count() as u64;
    let failed = reports
        .iter()
        .filter(|r| r.rollup.is_none() && r.error.is_some())
        .count() as u64;
    let finding_files = reports.len() as u64 - rollups - failed;
    let mut text = format!(
        "Compared with a baseline of {} from {}",
        format::counted(findings, "finding", "findings"),
        format::counted(finding_files, "file", "files"),
    );
    if rollups > 0 {
        text.push_str(&format!(
            "; {} not used (a baseline compares findings; load a rollup as data for its history)",
            format::counted(rollups, "rollup is", "rollups are"),
        ));
    }
    if failed > 0 {
        text.push_str(&format!(
            "; {} could not be read",
            format::counted(failed, "file", "files"),
        ));
    }
    text.push('.');
    text
}

/// The status line after a load in which `failed_files` of its `file_count` files failed.
pub fn failed_text(failed_files: usize, file_count: usize) -> String {
    if failed_files >= file_count && file_count > 1 {
        return format!("None of the {file_count} files could be read — see the load report.");
    }
    if failed_files >= file_count {
        return "The file could not be read — see the load report.".into();
    }
    format!(
        "{} could not be read completely — see the load report. The other files loaded.",
        format::counted(failed_files as u64, "file", "files"),
    )
}

/// The status line for files refused before reading.
pub fn too_large_text(estimated_bytes: u64, largest_load_bytes: u64) -> String {
    format!(
        "These files hold about {} of JSON, more than a browser tab can hold (about {}). Nothing was loaded. Load fewer files at a time, or run `guardview summary` on them from the command line.",
        format::bytes(estimated_bytes),
        format::bytes(largest_load_bytes),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileError, FileReport, RollupFileSummary};

    fn report(name: &str) -> FileReport {
        FileReport::new(name)
    }

    #[test]
    fn a_baseline_names_the_rollups_it_does_not_use_and_the_files_it_could_not_read() {
        let findings_file = report("q3.jsonl");
        let mut rollup = report("rollup.csv");
        rollup.rollup = Some(RollupFileSummary::default());
        let mut broken = report("broken.json");
        broken.error = Some(FileError {
            reason: "The file is empty".into(),
            position: None,
        });
        assert_eq!(
            baseline_text(1_200, std::slice::from_ref(&findings_file)),
            "Compared with a baseline of 1,200 findings from 1 file."
        );
        assert_eq!(
            baseline_text(1_200, &[findings_file, rollup, broken]),
            "Compared with a baseline of 1,200 findings from 1 file; 1 rollup is not used (a baseline compares findings; load a rollup as data for its history); 1 file could not be read."
        );
    }

    #[test]
    fn each_phase_has_its_own_slug_and_a_refused_load_shows_as_failed() {
        let slugs: Vec<&str> = [
            LoadPhase::Idle,
            LoadPhase::Reading(ReadProgress::default()),
            LoadPhase::Loaded,
            LoadPhase::Failed {
                failed_files: 2,
                file_count: 3,
            },
            LoadPhase::Cancelled,
            LoadPhase::TooLarge {
                estimated_bytes: 3_000_000_000,
            },
        ]
        .iter()
        .map(LoadPhase::slug)
        .collect();
        assert_eq!(
            slugs,
            ["idle", "reading", "loaded", "failed", "cancelled", "failed"]
        );
    }

    #[test]
    fn only_reading_is_reading_and_the_default_is_idle() {
        assert_eq!(LoadPhase::default(), LoadPhase::Idle);
        assert!(LoadPhase::Reading(ReadProgress::default()).is_reading());
        assert!(!LoadPhase::Loaded.is_reading());
    }

    #[test]
    fn progress_counts_an_empty_file_as_done() {
        let mut progress = ReadProgress {
            bytes_total: 0,
            ..ReadProgress::default()
        };
        assert_eq!(progress.percent_done(), 100.0);
        progress.bytes_total = 4_000;
        progress.bytes_done = 1_000;
        assert_eq!(progress.percent_done(), 25.0);
    }

    #[test]
    fn progress_reads_with_sizes_and_counted_records() {
        let progress = ReadProgress {
            file_name: "a.jsonl".to_owned(),
            file_number: 1,
            file_count: 2,
            bytes_done: 1_200_000,
            bytes_total: 4_000_000,
            records_read: 1_234,
        };
        assert_eq!(
            progress.describe(),
            "Reading a.jsonl (1 of 2) — 1.2 MB of 4.0 MB, 1,234 records"
        );
        let one = ReadProgress {
            records_read: 1,
            ..progress
        };
        assert!(one.describe().ends_with(", 1 record"), "{}", one.describe());
    }

    #[test]
    fn status_lines_count_files_and_findings_in_words() {
        assert_eq!(
            loaded_text(5_000, 1),
            "Loaded 5,000 unique findings from 1 file."
        );
        assert_eq!(loaded_text(1, 3), "Loaded 1 unique finding from 3 files.");
        assert_eq!(
            loaded_with_rollups_text(500, 1, 37_464, 2),
            "Loaded 500 unique findings from 1 file, and the history of 37,464 findings from 2 rollups."
        );
        assert!(failed_text(1, 4).starts_with("1 file could not be read completely"));
        assert!(failed_text(2, 3).ends_with("The other files loaded."));
        assert_eq!(
            failed_text(3, 3),
            "None of the 3 files could be read — see the load report."
        );
        assert_eq!(
            failed_text(1, 1),
            "The file could not be read — see the load report."
        );
        assert!(too_large_text(3_000_000_000, 2_500_000_000)
            .starts_with("These files hold about 3.0 GB of JSON, more than a browser tab can hold (about 2.5 GB)."));
    }
}
