//! Ageing and SLA: how long active findings have been open against a per-band deadline, the
//! age distribution, and the time archived findings took to be archived.
//!
//! Pure: the assessment time `now` is a parameter (pass the latest activity in the data, as the
//! risk view does), never read from a clock.
//!
//! | quantity | rule |
//! |---|---|
//! | age | `now − first seen` (else `created`), clamped at 0; a finding with neither time is *undated* and counted apart |
//! | past SLA | active (not archived) and `age > SLA of its band` — strictly: exactly 1 day old is within a 1-day SLA, 1 day + 1 ms is past it |
//! | age buckets | `≤ 1 day`, `1–7 days`, `7–30 days`, `30–90 days`, `> 90 days`; each upper bound belongs to its bucket |
//! | time to archive | archived findings only: `updated − first seen` (else `created`). GuardDuty records no archive time and `updatedAt` is the latest time an archived record carries, so the real time is at or after it |
//! | median, p90 | median: the middle value (mean of the two middle ones for an even count); p90: nearest rank, the `⌈0.9·n⌉`-th smallest |
//!
//! **Archived state unknown.** S3 exports and EventBridge events never carry archived findings
//! (GuardDuty exports and publishes active findings only), so a load made only of them has no
//! archived findings whatever happened. When no loaded finding is archived and every finding
//! came from such a file, [`ArchivedState::Unknown`] says so instead of a misleading zero. A
//! file is such a source when its dialects are all EventBridge, or all camelCase GuardDuty JSON
//! read from gzip or from a `.jsonl` / `.jsonl.gz` file (the S3 export's layout; the model keeps
//! no other trace of an S3 origin).

use serde::{Deserialize, Serialize};

use crate::analysis::period::RecordTimes;
use crate::model::{Dialect, EpochMillis, FileReport, Finding, SeverityBand};

/// Milliseconds in one day.
pub const DAY_MILLIS: i64 = 86_400_000;

/// The format version of [`SlaSettings`] JSON.
pub const SLA_VERSION: u32 = 1;

/// The local-storage key the UI keeps [`SlaSettings`] under.
pub const SLA_STORAGE_KEY: &str = "guardview.sla.v1";

/// The longest SLA accepted, in days (ten years).
pub const MAX_SLA_DAYS: u32 = 3650;

/// Days allowed per severity band before an active finding is past its SLA. Defaults follow
/// AWS Config's `guardduty-non-archived-findings` rule: High (and Critical) 1, Medium 7, Low 30.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaSettings {
    /// The format version; [`SlaSettings::from_json`] accepts only [`SLA_VERSION`].
    pub version: u32,
    pub critical_days: u32,
    pub high_days: u32,
    pub medium_days: u32,
    pub low_days: u32,
}

impl Default for SlaSettings {
    fn default() -> Self {
        Self {
            version: SLA_VERSION,
            critical_days: 1,
            high_days: 1,
            medium_days: 7,
            low_days: 30,
        }
    }
}

/// Why SLA or appetite settings were refused: one sentence a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsError {
    pub message: String,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SettingsError {}

impl SettingsError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl SlaSettings {
    /// The SLA of one band, in days.
    pub fn days(&self, band: SeverityBand) -> u32 {
        match band {
            SeverityBand::Critical => self.critical_days,
            SeverityBand::High => self.high_days,
            SeverityBand::Medium => self.medium_days,
            SeverityBand::Low => self.low_days,
        }
    }

    /// The SLA of one band, in milliseconds.
    pub fn millis(&self, band: SeverityBand) -> i64 {
        i64::from(self.days(band)) * DAY_MILLIS
    }

    /// Every SLA is 1 to [`MAX_SLA_DAYS`] days, and a more severe band never gets longer than
    /// a less severe one.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.version != SLA_VERSION {
            return Err(SettingsError::new(format!(
                "The SLA settings have version {}, but this version of guardview reads version {SLA_VERSION}",
                self.version
            )));
        }
        for band in SeverityBand::ALL {
            let days = self.days(band);
            if !(1..=MAX_SLA_DAYS).contains(&days) {
                return Err(SettingsError::new(format!(
                    "The {band} SLA is {days} days; it must be between 1 and {MAX_SLA_DAYS} days"
                )));
            }
        }
        for pair in SeverityBand::ALL.windows(2) {
            let (less, more) = (pair[0], pair[1]);
            if self.days(more) > self.days(less) {
                return Err(SettingsError::new(format!(
                    "The {more} SLA ({} days) is longer than the {less} SLA ({} days); a more severe band must not get more time",
                    self.days(more),
                    self.days(less)
                )));
            }
        }
        Ok(())
    }

    /// The settings as pretty JSON (local storage, download).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Reads and validates settings written by [`Self::to_json`] (or by hand).
    pub fn from_json(text: &str) -> Result<Self, SettingsError> {
        let settings: Self = serde_json::from_str(text).map_err(|error| {
            SettingsError::new(format!("The SLA settings are not valid: {error}"))
        })?;
        settings.validate()?;
        Ok(settings)
    }
}

/// One active finding's age against its SLA. `K` says which finding: its index into the
/// findings slice for [`ageing`]; for the columnar store, where the load first read it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FindingAge<K = u32> {
    pub index: K,
    pub band: SeverityBand,
    pub severity_score: f64,
    pub age_millis: i64,
    pub sla_millis: i64,
}

impl<K> FindingAge<K> {
    pub fn past_sla(&self) -> bool {
        self.age_millis > self.sla_millis
    }

    /// Age in days (fractional).
    pub fn age_days(&self) -> f64 {
        self.age_millis as f64 / DAY_MILLIS as f64
    }

    /// Days over the SLA (0 when within it).
    pub fn overdue_days(&self) -> f64 {
        (self.age_millis - self.sla_millis).max(0) as f64 / DAY_MILLIS as f64
    }
}

/// One band's active findings against its SLA.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BandSla {
    pub sla_days: u32,
    /// Active findings of the band (dated or not).
    pub active: u64,
    pub past_sla: u64,
    /// Active findings with neither first-seen nor created time (never counted past SLA).
    pub undated: u64,
}

/// One bar of the age distribution: active dated findings per band whose age lies in
/// `(from_millis, to_millis]` (the first bucket starts at 0 inclusive; the last has no end).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeBucket {
    pub label: &'static str,
    pub from_millis: i64,
    pub to_millis: Option<i64>,
    /// Counts indexed by `SeverityBand::index()` (Low = 0).
    pub by_band: [u64; 4],
}

impl AgeBucket {
    pub fn total(&self) -> u64 {
        self.by_band.iter().sum()
    }
}

/// The bucket edges (upper bounds, inclusive) and labels of the age distribution.
pub const AGE_BUCKETS: [(&str, Option<i64>); 5] = [
    ("≤ 1 day", Some(DAY_MILLIS)),
    ("1–7 days", Some(7 * DAY_MILLIS)),
    ("7–30 days", Some(30 * DAY_MILLIS)),
    ("30–90 days", Some(90 * DAY_MILLIS)),
    ("> 90 days", None),
];

/// Time to archive for one band.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandArchiveTime {
    pub band: SeverityBand,
    /// Archived findings of the band with the times to measure.
    pub measured: u64,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
}

/// What can be said about archived findings in the loaded data.
#[derive(Clone, Debug, PartialEq)]
pub enum ArchivedState {
    /// Every finding came from a source that never carries archived findings (S3 export,
    /// EventBridge) and none is archived: the number of archived findings is not known.
    Unknown,
    /// The sources could carry archived findings and none of the selected ones is archived.
    NoneArchived,
    /// Archived findings are present: time to archive per band, most severe first.
    Measured(Vec<BandArchiveTime>),
}

/// The ageing view of one selection (`K`: see [`FindingAge`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Ageing<K = u32> {
    pub now: EpochMillis,
    pub sla: SlaSettings,
    /// Per band, indexed by `SeverityBand::index()` (Low = 0).
    pub bands: [BandSla; 4],
    /// Every active dated finding past its SLA (for the store, the first ones asked for): most
    /// severe band first, then highest score, then oldest, then index (load order).
    pub past_sla: Vec<FindingAge<K>>,
    pub histogram: Vec<AgeBucket>,
    pub archived: ArchivedState,
}

impl<K> Ageing<K> {
    /// The same view with each past-SLA finding named by `rename(key)` instead.
    pub fn map_keys<L>(self, mut rename: impl FnMut(K) -> L) -> Ageing<L> {
        Ageing {
            now: self.now,
            sla: self.sla,
            bands: self.bands,
            past_sla: self
                .past_sla
                .into_iter()
                .map(|age| FindingAge {
                    index: rename(age.index),
                    band: age.band,
                    severity_score: age.severity_score,
                    age_millis: age.age_millis,
                    sla_millis: age.sla_millis,
                })
                .collect(),
            histogram: self.histogram,
            archived: self.archived,
        }
    }

    /// Active findings across bands.
    pub fn active(&self) -> u64 {
        self.bands.iter().map(|b| b.active).sum()
    }

    /// Active findings past their SLA across bands.
    pub fn past_sla_count(&self) -> u64 {
        self.bands.iter().map(|b| b.past_sla).sum()
    }

    /// Past-SLA findings as a percentage of active dated findings; `None` with none dated.
    pub fn past_sla_percent(&self) -> Option<f64> {
        let dated: u64 = self.bands.iter().map(|b| b.active - b.undated).sum();
        (dated > 0).then(|| self.past_sla_count() as f64 * 100.0 / dated as f64)
    }
}

/// When a finding's activity began: first seen, else created.
pub fn first_activity(finding: &Finding) -> Option<EpochMillis> {
    finding.first_seen_at.or(finding.created_at)
}

/// `now − first activity`, clamped at 0; `None` for an undated finding.
pub fn age_millis(finding: &Finding, now: EpochMillis) -> Option<i64> {
    first_activity(finding).map(|first| now.0.saturating_sub(first.0).max(0))
}

/// Whether a loaded file is a source that never carries archived findings (see the module
/// documentation): all EventBridge, or all camelCase read as gzip or JSON Lines.
pub fn is_archive_blind(report: &FileReport) -> bool {
    if report.dialects.is_empty() {
        return false;
    }
    let name = report.file_name.to_ascii_lowercase();
    let s3_layout = report.gzip || name.ends_with(".jsonl") || name.ends_with(".jsonl.gz");
    report.dialects.iter().all(|&dialect| match dialect {
        Dialect::EventBridge => true,
        Dialect::CamelCase => s3_layout,
        _ => false,
    })
}

/// Whether the loaded data can say anything about archived findings: `false` when no finding
/// is archived and every finding's source file (`source_file` into `reports`) is archive-blind.
/// A finding whose file is not in `reports` counts as from a source that could carry them.
pub fn archived_state_known(findings: &[Finding], reports: &[FileReport]) -> bool {
    archived_state_known_of(
        findings.len() as u64,
        findings.iter().any(|f| f.archived),
        findings.iter().map(|f| f.source_file),
        reports,
    )
}

/// [`archived_state_known`] from what it reads of the findings: how many there are, whether
/// any is archived, and the files they come from (what the workers' store answers).
pub fn archived_state_known_of(
    finding_count: u64,
    any_archived: bool,
    source_files: impl IntoIterator<Item = u32>,
    reports: &[FileReport],
) -> bool {
    if finding_count == 0 || any_archived {
        return true;
    }
    !source_files
        .into_iter()
        .all(|file| reports.get(file as usize).is_some_and(is_archive_blind))
}

/// The ageing view of the selected findings at `now`. `archived_known` is
/// [`archived_state_known`] of the whole load (it does not depend on the filter). Indices
/// outside `findings` and repeated indices are ignored.
pub fn ageing(
    findings: &[Finding],
    selected: &[u32],
    sla: &SlaSettings,
    now: EpochMillis,
    archived_known: bool,
) -> Ageing {
    let mut tally = AgeingTally::new();
    for (i, finding) in selected_once(findings, selected) {
        let times = RecordTimes::of(finding);
        tally.add(
            (finding.severity, finding.severity_score, finding.archived),
            &times,
            i,
            sla,
            now,
        );
    }
    tally.finish(sla, now, archived_known)
}

/// The selected findings with their indices, each once, in `selected` order; indices outside
/// `findings` are skipped.
pub(crate) fn selected_once<'a>(
    findings: &'a [Finding],
    selected: &'a [u32],
) -> impl Iterator<Item = (u32, &'a Finding)> + 'a {
    let mut seen = vec![false; findings.len()];
    selected.iter().filter_map(move |&i| {
        let finding = findings.get(i as usize)?;
        (!std::mem::replace(&mut seen[i as usize], true)).then_some((i, finding))
    })
}

mod tally;

pub use tally::AgeingTally;

#[cfg(test)]
mod tests;
