//! The loaded data: its ingest session (see [`SessionState`]), the dropped files behind it, and
//! what the views derive from all of it once per load.

use std::sync::Arc;

use leptos::prelude::*;

use super::{SessionState, StoreStatus};
use crate::analysis::finding_index::FindingIndex;
use crate::analysis::graph::GraphIndex;
use crate::analysis::rollup_views::{rollup_kpis, RollupKpis};
use crate::analysis::search::SearchIndex;
use crate::analysis::summary::{summarize, Summary};
use crate::ingest::LoadSession;
use crate::model::{FileReport, Finding, Rollup};

/// The loaded data and what views derive from it.
#[derive(Clone, Copy)]
pub struct DataState {
    session: SessionState,
    /// The loaded files by source-file index (as in the reports), so the detail panel can
    /// re-read a record's raw JSON from its span. `None` for a file that could not be read.
    source_files: StoredValue<Vec<Option<web_sys::File>>, LocalStorage>,
    /// One report per file read (the session's).
    pub reports: RwSignal<Vec<FileReport>>,
    /// Files inside picked or dropped folders that were not read (not a name the loader
    /// reads: checksums, `.DS_Store`, manifests), by path; the load report counts them.
    pub skipped_paths: RwSignal<Vec<String>>,
    /// Summary of everything loaded (unfiltered).
    pub summary: Memo<Summary>,
    /// What views derive from each finding whatever the filter (the session's).
    pub index: Memo<Arc<FindingIndex>>,
    /// The free-text search index, built once per load when a search first needs it.
    pub search: Memo<Arc<SearchIndex>>,
    /// The resource-graph index, built once per load when the graph is first drawn.
    pub graph: Memo<Arc<GraphIndex>>,
    /// Whether the ingest workers' store holds these findings too (it answers the views'
    /// queries then).
    pub store: StoreStatus,
    /// The rows of every Rollup v1 file loaded, added up: the history views read it; the
    /// finding views never do (a rollup and a `latest` file may count the same findings).
    pub rollup: Memo<Arc<Rollup>>,
    /// The rollup's headline numbers.
    pub rollup_kpis: Memo<RollupKpis>,
}

impl DataState {
    pub fn new() -> Self {
        let session = SessionState::new(LoadSession::new);
        Self {
            session,
            source_files: StoredValue::new_local(Vec::new()),
            reports: session.reports,
            skipped_paths: RwSignal::new(Vec::new()),
            summary: Memo::new(move |_| session.with_findings(|all| summarize(all))),
            index: session.index,
            search: session.per_load(SearchIndex::build),
            graph: session.per_load(GraphIndex::build),
            store: StoreStatus::new(),
            rollup: session.rollup,
            rollup_kpis: Memo::new(move |_| session.rollup.with(|r| rollup_kpis(r))),
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

    /// The data's session, for a reader that applies batches to it.
    pub fn session(&self) -> SessionState {
        self.session
    }

    /// Runs `change` on the session, then publishes the new reports and findings.
    pub fn change_session<R>(&self, change: impl FnOnce(&mut LoadSession) -> R) -> Option<R> {
        self.session.change(change)
    }

    /// Runs `change` on the session without telling the views (for per-chunk work).
    pub fn change_session_quietly<R>(
        &self,
        change: impl FnOnce(&mut LoadSession) -> R,
    ) -> Option<R> {
        self.session.change_quietly(change)
    }

    /// Tells the views that the session changed.
    pub fn publish(&self) {
        self.session.publish();
    }

    /// Adds the files a folder walk left out to the load report's count.
    pub fn note_skipped(&self, paths: Vec<String>) {
        if !paths.is_empty() {
            self.skipped_paths.update(|skipped| skipped.extend(paths));
        }
    }

    /// Forgets everything loaded, the files too.
    pub fn clear(&self) {
        self.source_files.set_value(Vec::new());
        self.skipped_paths.set(Vec::new());
        self.session.replace(|_| {});
        self.store.cleared();
    }

    /// Whether a rollup with at least one row is loaded.
    pub fn has_rollup(&self) -> bool {
        self.rollup.with(|r| !r.is_empty())
    }

    pub fn has_findings(&self) -> bool {
        self.summary.with(|s| s.unique_findings > 0)
    }

    /// Whether anything was loaded: findings, or files that gave none (the load report says
    /// why).
    pub fn has_anything(&self) -> bool {
        self.has_findings() || self.session.has_reports()
    }

    /// The index of the finding with this id among the merged findings (what the detail
    /// panel opens by).
    pub fn position_of(&self, id: &str) -> Option<u32> {
        self.session.position_of(id)
    }

    /// Reads the merged findings; tracks changes when called inside a reactive scope.
    pub fn with_findings<R>(&self, read: impl FnOnce(&[Finding]) -> R) -> R {
        self.session.with_findings(read)
    }
}

impl Default for DataState {
    fn default() -> Self {
        Self::new()
    }
}
