//! The app's state, split by responsibility into named structs of signals.

use leptos::prelude::*;

use std::sync::Arc;

use crate::analysis::filter::{keep_risk_cell, FindingFilter};
use crate::analysis::finding_index::FindingIndex;
use crate::analysis::graph::GraphIndex;
use crate::analysis::risk::{assess_levels, latest_activity, Level, RiskRules};
use crate::analysis::search::SearchIndex;
use crate::analysis::summary::{summarize, Summary};
use crate::charts::ChartTheme;
use crate::ingest::{LoadSession, RelayError, RelayProgress};
use crate::model::{EpochMillis, FileReport, Finding};

/// Where loading stands. The drop zone and the status line render from this.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadPhase {
    /// Nothing has been loaded yet.
    Idle,
    /// Files are being read.
    Reading(ReadProgress),
    /// The last load finished; every file loaded.
    Loaded,
    /// The last load finished and at least one file failed (the others still loaded).
    Failed { failed_files: usize },
    /// The user stopped the last load.
    Cancelled,
    /// The files were refused before reading: more than a browser tab can hold.
    TooLarge { estimated_bytes: u64 },
}

impl LoadPhase {
    /// A token for `data-state` attributes and tests.
    pub fn slug(&self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Reading(_) => "reading",
            Self::Loaded => "loaded",
            Self::Failed { .. } => "failed",
            Self::Cancelled => "cancelled",
            Self::TooLarge { .. } => "failed",
        }
    }
}

/// Progress of the load in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadProgress {
    pub file_name: String,
    /// 1-based position of the file being read among the files of this load.
    pub file_number: usize,
    pub file_count: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub records_read: u64,
}

/// Loading and drag-and-drop state.
#[derive(Clone, Copy)]
pub struct LoadState {
    pub phase: RwSignal<LoadPhase>,
    /// True while files are dragged over the window.
    pub dragging_over: RwSignal<bool>,
    pub cancel_requested: RwSignal<bool>,
}

impl LoadState {
    pub fn new() -> Self {
        Self {
            phase: RwSignal::new(LoadPhase::Idle),
            dragging_over: RwSignal::new(false),
            cancel_requested: RwSignal::new(false),
        }
    }

    pub fn is_reading(&self) -> bool {
        matches!(self.phase.get(), LoadPhase::Reading(_))
    }

    /// Stops the running load at the next chunk; what was read stays loaded.
    pub fn request_cancel(&self) {
        self.cancel_requested.set(true);
        super::ingest_client::cancel_running_load();
    }
}

impl Default for LoadState {
    fn default() -> Self {
        Self::new()
    }
}

/// The loaded data: the ingest session (not reactive itself) and what views derive from it.
#[derive(Clone, Copy)]
pub struct DataState {
    session: StoredValue<LoadSession, LocalStorage>,
    /// The loaded files by source-file index (as in the reports), so the detail panel can
    /// re-read a record's raw JSON from its span. `None` for a file that could not be read.
    source_files: StoredValue<Vec<Option<web_sys::File>>, LocalStorage>,
    /// Bumped after every change to the session, so memos recompute.
    revision: RwSignal<u64>,
    pub reports: RwSignal<Vec<FileReport>>,
    /// Summary of everything loaded (unfiltered).
    pub summary: Memo<Summary>,
    /// What views derive from each finding whatever the filter, computed once per load.
    pub index: Memo<Arc<FindingIndex>>,
    /// The free-text search index, built once per load when a search first needs it.
    pub search: Memo<Arc<SearchIndex>>,
    /// The resource-graph index, built once per load when the graph is first drawn.
    pub graph: Memo<Arc<GraphIndex>>,
}

/// A memo of a per-load value that is new whenever it is recomputed (never compared).
fn per_load<T: Send + Sync + 'static>(
    compute: impl Fn() -> T + Send + Sync + 'static,
) -> Memo<Arc<T>> {
    Memo::new_with_compare(move |_| Arc::new(compute()), |_, _| true)
}

impl DataState {
    pub fn new() -> Self {
        let session = StoredValue::new_local(LoadSession::new());
        let revision = RwSignal::new(0_u64);
        let summary = Memo::new(move |_| {
            revision.track();
            session.with_value(|s| summarize(s.findings().findings()))
        });
        let index = per_load(move || {
            revision.track();
            session.with_value(|s| FindingIndex::build(s.findings().findings()))
        });
        let search = per_load(move || {
            revision.track();
            session.with_value(|s| SearchIndex::build(s.findings().findings()))
        });
        let graph = per_load(move || {
            revision.track();
            session.with_value(|s| GraphIndex::build(s.findings().findings()))
        });
        Self {
            session,
            source_files: StoredValue::new_local(Vec::new()),
            revision,
            reports: RwSignal::new(Vec::new()),
            summary,
            index,
            search,
            graph,
        }
    }

    /// Remembers the file behind the report just added (call once per finished file).
    pub fn remember_source_file(&self, file: Option<web_sys::File>) {
        self.source_files.update_value(|files| files.push(file));
    }

    /// The file a finding came from (its `source_file`), while it is loaded.
    pub fn source_file(&self, index: u32) -> Option<web_sys::File> {
        self.source_files
            .with_value(|files| files.get(index as usize).cloned().flatten())
    }

    /// Runs `change` on the session, then publishes the new reports and findings.
    pub fn change_session<R>(&self, change: impl FnOnce(&mut LoadSession) -> R) -> Option<R> {
        let result = self.session.try_update_value(change);
        self.publish();
        result
    }

    /// Runs `change` on the session without telling the views (for per-chunk work).
    pub fn change_session_quietly<R>(
        &self,
        change: impl FnOnce(&mut LoadSession) -> R,
    ) -> Option<R> {
        self.session.try_update_value(change)
    }

    /// Tells the views that the session changed.
    pub fn publish(&self) {
        self.reports
            .set(self.session.with_value(|s| s.reports().to_vec()));
        self.revision.update(|r| *r += 1);
    }

    /// Forgets everything loaded.
    pub fn clear(&self) {
        self.source_files.set_value(Vec::new());
        self.change_session(|s| *s = LoadSession::new());
    }

    pub fn has_findings(&self) -> bool {
        self.summary.with(|s| s.unique_findings > 0)
    }

    /// Reads the merged findings; tracks changes when called inside a reactive scope.
    pub fn with_findings<R>(&self, read: impl FnOnce(&[Finding]) -> R) -> R {
        self.revision.track();
        self.session.with_value(|s| read(s.findings().findings()))
    }
}

/// The global filter every view obeys, and the findings it selects.
#[derive(Clone, Copy)]
pub struct FilterState {
    data: DataState,
    pub filter: RwSignal<FindingFilter>,
    /// Indices of the findings that pass the filter apart from its risk cell (what the risk
    /// matrix counts, so the other cells keep their numbers when one is chosen).
    pub selected_any_cell: Memo<Arc<Vec<u32>>>,
    /// Indices (into the merged findings) of the findings that pass the filter.
    pub selected: Memo<Arc<Vec<u32>>>,
    /// Findings hidden only because they are GuardDuty sample findings.
    pub hidden_samples: Memo<usize>,
    /// The summary of the selected findings (what the KPI tiles show).
    pub selected_summary: Memo<Summary>,
}

impl FilterState {
    pub fn new(data: DataState, risk: RiskState, initial: FindingFilter) -> Self {
        let filter = RwSignal::new(initial);
        // The filter is applied once: without the risk cell, then the cell narrows that.
        let without_cell = Memo::new(move |_| {
            filter.with(|f| FindingFilter {
                risk_cell: None,
                ..f.clone()
            })
        });
        let selected_any_cell = Memo::new(move |_| {
            without_cell.with(|f| {
                if f.text.trim().is_empty() {
                    data.with_findings(|all| Arc::new(f.apply(all)))
                } else {
                    data.search.with(|search| {
                        data.with_findings(|all| Arc::new(f.apply_searching(all, search)))
                    })
                }
            })
        });
        let selected = Memo::new(move |_| match filter.with(|f| f.risk_cell) {
            None => selected_any_cell.get(),
            Some(wanted) => risk.cells.with(|cells| {
                selected_any_cell.with(|indices| Arc::new(keep_risk_cell(indices, cells, wanted)))
            }),
        });
        let hidden_samples =
            Memo::new(move |_| filter.with(|f| data.with_findings(|all| f.hidden_samples(all))));
        let selected_summary = Memo::new(move |_| {
            selected.with(|indices| {
                data.with_findings(|all| {
                    summarize(indices.iter().filter_map(|&i| all.get(i as usize)))
                })
            })
        });
        Self {
            data,
            filter,
            selected_any_cell,
            selected,
            hidden_samples,
            selected_summary,
        }
    }

    /// Reads the merged findings and the indices the filter selects (tracked in a reactive
    /// scope): the one way views read their data.
    pub fn with_selection<R>(&self, read: impl FnOnce(&[Finding], &[u32]) -> R) -> R {
        self.selected
            .with(|selected| self.data.with_findings(|all| read(all, selected)))
    }

    /// Like [`FilterState::with_selection`], without tracking (for event handlers).
    pub fn with_selection_untracked<R>(&self, read: impl FnOnce(&[Finding], &[u32]) -> R) -> R {
        self.selected
            .with_untracked(|selected| self.data.with_findings(|all| read(all, selected)))
    }

    /// Changes the filter.
    pub fn update(&self, change: impl FnOnce(&mut FindingFilter)) {
        self.filter.update(change);
    }
}

impl Default for DataState {
    fn default() -> Self {
        Self::new()
    }
}

/// The user's theme choice and what the system prefers; charts follow the result.
#[derive(Clone, Copy)]
pub struct ThemeState {
    /// `auto`, `light` or `dark`.
    pub choice: RwSignal<&'static str>,
    /// Whether the operating system asks for a dark theme.
    pub system_dark: RwSignal<bool>,
}

impl ThemeState {
    pub fn new() -> Self {
        let system_dark = web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .map(|query| query.matches())
            .unwrap_or(false);
        Self {
            choice: RwSignal::new("auto"),
            system_dark: RwSignal::new(system_dark),
        }
    }

    pub fn is_dark(&self) -> bool {
        match self.choice.get() {
            "dark" => true,
            "light" => false,
            _ => self.system_dark.get(),
        }
    }

    pub fn chart_theme(&self) -> ChartTheme {
        if self.is_dark() {
            ChartTheme::dark()
        } else {
            ChartTheme::light()
        }
    }
}

impl Default for ThemeState {
    fn default() -> Self {
        Self::new()
    }
}

/// Which finding the detail panel shows (an index into the merged findings).
#[derive(Clone, Copy)]
pub struct DetailState {
    pub open_finding: RwSignal<Option<u32>>,
}

impl DetailState {
    pub fn new() -> Self {
        Self {
            open_finding: RwSignal::new(None),
        }
    }
}

impl Default for DetailState {
    fn default() -> Self {
        Self::new()
    }
}

/// The three top-level views, named for the levels of threat intelligence they serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// For senior decision makers: indicators, trend, risk, plain language.
    Strategic,
    /// For threat hunters and responders: purposes, ATT&CK, the resource graph.
    Tactical,
    /// For SOC analysts: the findings table, actors and IOCs, the files loaded.
    Operational,
}

impl View {
    pub const ALL: [View; 3] = [Self::Strategic, Self::Tactical, Self::Operational];

    pub fn label(self) -> &'static str {
        match self {
            Self::Strategic => "Strategic",
            Self::Tactical => "Tactical",
            Self::Operational => "Operational",
        }
    }

    pub fn audience(self) -> &'static str {
        match self {
            Self::Strategic => "Briefing: risk, trend, indicators",
            Self::Tactical => "Threats, tactics, what touched what",
            Self::Operational => "Findings, actors, IOCs",
        }
    }

    /// The token in the URL; the default view has none.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Strategic => "",
            Self::Tactical => "tactical",
            Self::Operational => "operational",
        }
    }

    pub fn from_slug(slug: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|v| v.slug() == slug)
            .unwrap_or(Self::Strategic)
    }
}

/// Local-storage key of the user's risk rules (rules only: findings are never stored).
const RULES_STORAGE_KEY: &str = "guardview.risk-rules.v1";

/// The risk method's rules, the assessment time, and every finding's matrix cell.
#[derive(Clone, Copy)]
pub struct RiskState {
    pub rules: RwSignal<RiskRules>,
    /// The assessment time: the latest activity in the data (never the wall clock), so the
    /// app and `guardview summary` place every finding in the same cell.
    pub now: Memo<EpochMillis>,
    /// `(overall likelihood, impact)` of every merged finding, by index.
    pub cells: Memo<Arc<Vec<(Level, Level)>>>,
}

impl RiskState {
    pub fn new(data: DataState) -> Self {
        let rules = RwSignal::new(load_rules().unwrap_or_default());
        let now = Memo::new(move |_| {
            data.with_findings(|all| {
                let every: Vec<u32> = (0..all.len() as u32).collect();
                latest_activity(all, &every).unwrap_or(EpochMillis(0))
            })
        });
        let cells = Memo::new(move |_| {
            let at = now.get();
            rules.with(|rules| {
                data.with_findings(|all| {
                    Arc::new(
                        all.iter()
                            .map(|f| {
                                let levels = assess_levels(f, rules, at);
                                (levels.likelihood, levels.impact)
                            })
                            .collect::<Vec<_>>(),
                    )
                })
            })
        });
        Effect::new(move |_| rules.with(save_rules));
        Self { rules, now, cells }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load_rules() -> Option<RiskRules> {
    let text = local_storage()?
        .get_item(RULES_STORAGE_KEY)
        .ok()
        .flatten()?;
    RiskRules::from_json(&text).ok()
}

/// Keeps edited rules across visits; the defaults are not stored.
fn save_rules(rules: &RiskRules) {
    let Some(storage) = local_storage() else {
        return;
    };
    if *rules == RiskRules::default() {
        let _ = storage.remove_item(RULES_STORAGE_KEY);
    } else {
        let _ = storage.set_item(RULES_STORAGE_KEY, &rules.to_json());
    }
}

/// The baseline: earlier exports loaded beside the current set for period comparison. It has
/// its own ingest session, so the same finding id can be in both.
#[derive(Clone, Copy)]
pub struct BaselineState {
    session: StoredValue<LoadSession, LocalStorage>,
    revision: RwSignal<u64>,
    pub reports: RwSignal<Vec<FileReport>>,
    /// The baseline's per-load index (built when first read).
    pub index: Memo<Arc<FindingIndex>>,
}

impl BaselineState {
    pub fn new() -> Self {
        let session = StoredValue::new_local(LoadSession::new());
        let revision = RwSignal::new(0);
        let index = per_load(move || {
            revision.track();
            session.with_value(|s| FindingIndex::build(s.findings().findings()))
        });
        Self {
            session,
            revision,
            reports: RwSignal::new(Vec::new()),
            index,
        }
    }

    /// Reads every file (held in memory) into the baseline, replacing what was there.
    pub fn replace_with(&self, files: Vec<(String, Vec<u8>)>) {
        self.session.update_value(|session| {
            *session = LoadSession::new();
            for (name, bytes) in &files {
                session.load_bytes(name, bytes);
            }
        });
        self.publish();
    }

    pub fn clear(&self) {
        self.replace_with(Vec::new());
    }

    /// Empties the baseline before batches from the ingest worker arrive.
    pub fn begin_relayed(&self) {
        self.session.set_value(LoadSession::new());
    }

    /// Applies one batch from the ingest worker (the views hear of it at [`Self::publish`]).
    pub fn apply_relayed(&self, batch: &[u8]) -> Option<Result<RelayProgress, RelayError>> {
        self.session.try_update_value(|s| s.apply_relayed(batch))
    }

    /// Tells the views that the baseline changed.
    pub fn publish(&self) {
        self.reports
            .set(self.session.with_value(|s| s.reports().to_vec()));
        self.revision.update(|r| *r += 1);
    }

    pub fn is_loaded(&self) -> bool {
        !self.reports.with(Vec::is_empty)
    }

    /// Reads the baseline findings; tracks changes inside a reactive scope.
    pub fn with_findings<R>(&self, read: impl FnOnce(&[Finding]) -> R) -> R {
        self.revision.track();
        self.session.with_value(|s| read(s.findings().findings()))
    }
}

impl Default for BaselineState {
    fn default() -> Self {
        Self::new()
    }
}
