//! The baseline: earlier exports loaded beside the current data for period comparison, in an
//! ingest session of its own (see [`SessionState`]), so the same finding id can be in both.

use std::sync::Arc;

use leptos::prelude::*;

use super::{SessionState, StoreStatus};
use crate::analysis::finding_index::FindingIndex;
use crate::ingest::{LoadSession, RelayError, RelayProgress};
use crate::model::{FileReport, Finding};

/// The baseline's session and what the briefing reads from it.
#[derive(Clone, Copy)]
pub struct BaselineState {
    session: SessionState,
    /// One report per baseline file (the session's).
    pub reports: RwSignal<Vec<FileReport>>,
    /// The baseline's per-load index (the session's; built when first read).
    pub index: Memo<Arc<FindingIndex>>,
    /// The baseline's store in the workers (beside the current data's, so the two periods
    /// are compared there).
    pub store: StoreStatus,
    /// True while baseline files are read.
    pub reading: RwSignal<bool>,
}

impl BaselineState {
    pub fn new() -> Self {
        let session = SessionState::new(LoadSession::new);
        Self {
            session,
            reports: session.reports,
            index: session.index,
            store: StoreStatus::baseline(),
            reading: RwSignal::new(false),
        }
    }

    /// The baseline's session, for a reader that applies batches to it.
    pub fn session(&self) -> SessionState {
        self.session
    }

    pub fn clear(&self) {
        self.store.forget();
        self.session.replace(|_| {});
    }

    /// Empties the baseline before batches from the ingest worker arrive.
    pub fn begin_relayed(&self) {
        self.session.empty_quietly();
    }

    /// Applies one batch from the ingest worker (the views hear of it at [`Self::publish`]).
    pub fn apply_relayed(&self, batch: &[u8]) -> Option<Result<RelayProgress, RelayError>> {
        self.session.change_quietly(|s| s.apply_relayed(batch))
    }

    /// Tells the views that the baseline changed.
    pub fn publish(&self) {
        self.session.publish();
    }

    pub fn is_loaded(&self) -> bool {
        self.session.has_reports()
    }

    /// Whether the workers answer every view of the baseline: none is loaded, or the workers'
    /// store holds it (else the page computes them from its own copy).
    pub fn answered_by_workers(&self) -> bool {
        !self.is_loaded() || self.store.holds_the_load.get()
    }

    /// Reads the baseline findings; tracks changes inside a reactive scope.
    pub fn with_findings<R>(&self, read: impl FnOnce(&[Finding]) -> R) -> R {
        self.session.with_findings(read)
    }
}

impl Default for BaselineState {
    fn default() -> Self {
        Self::new()
    }
}
