//! One ingest session as reactive state, shared by the current data and the baseline: the
//! `LoadSession` (not reactive itself), a `Trigger` that fires when it changes, the file reports,
//! the per-load index and the rows of the rollup files loaded (Rollup v1, kept beside the
//! findings, never merged into them).

use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::finding_index::FindingIndex;
use crate::ingest::LoadSession;
use crate::model::{FileReport, Finding, Rollup};

/// An ingest session the views read through. Changes made with [`SessionState::change`] (or
/// made quietly and then [`SessionState::publish`]ed) recompute every memo that read it.
#[derive(Clone, Copy)]
pub struct SessionState {
    session: StoredValue<LoadSession, LocalStorage>,
    /// Makes an empty session (for the start, "Forget data", and each baseline load).
    empty: fn() -> LoadSession,
    /// Fires after every published change, so memos over the findings recompute.
    changed: Trigger,
    /// One report per file read, in order.
    pub reports: RwSignal<Vec<FileReport>>,
    /// What views derive from each finding whatever the filter, computed once per load.
    pub index: Memo<Arc<FindingIndex>>,
    /// The rollup files' rows, added up (empty when no rollup was loaded).
    pub rollup: Memo<Arc<Rollup>>,
}

impl SessionState {
    /// A session that starts (and restarts) as `empty()`.
    pub fn new(empty: fn() -> LoadSession) -> Self {
        let session = StoredValue::new_local(empty());
        let changed = Trigger::new();
        let index = per_load(changed, session, FindingIndex::build);
        let rollup = Memo::new(move |_| {
            changed.track();
            Arc::new(session.with_value(|s| s.rollup().clone()))
        });
        Self {
            session,
            empty,
            changed,
            reports: RwSignal::new(Vec::new()),
            index,
            rollup,
        }
    }

    /// A memo of a value computed from all the findings, new whenever they change (never
    /// compared: a per-load value is rebuilt only when the findings changed anyway).
    pub fn per_load<T: Send + Sync + 'static>(
        &self,
        compute: impl Fn(&[Finding]) -> T + Send + Sync + 'static,
    ) -> Memo<Arc<T>> {
        per_load(self.changed, self.session, compute)
    }

    /// Runs `change` on the session, then publishes the new reports and findings.
    pub fn change<R>(&self, change: impl FnOnce(&mut LoadSession) -> R) -> Option<R> {
        let result = self.session.try_update_value(change);
        self.publish();
        result
    }

    /// Runs `change` on the session without telling the views (for per-chunk work; call
    /// [`SessionState::publish`] when the views should see it).
    pub fn change_quietly<R>(&self, change: impl FnOnce(&mut LoadSession) -> R) -> Option<R> {
        self.session.try_update_value(change)
    }

    /// Empties the session and lets `fill` load into it, then publishes the result.
    pub fn replace(&self, fill: impl FnOnce(&mut LoadSession)) {
        let empty = self.empty;
        self.change(|session| {
            *session = empty();
            fill(session);
        });
    }

    /// Empties the session without telling the views (a relayed load publishes when done).
    pub fn empty_quietly(&self) {
        self.session.set_value((self.empty)());
    }

    /// Tells the views that the session changed.
    pub fn publish(&self) {
        self.reports
            .set(self.session.with_value(|s| s.reports().to_vec()));
        self.changed.notify();
    }

    /// Whether any file was read (even one that failed).
    pub fn has_reports(&self) -> bool {
        !self.reports.with(Vec::is_empty)
    }

    /// The index of the finding with this id among the merged findings (untracked).
    pub fn position_of(&self, id: &str) -> Option<u32> {
        self.session
            .with_value(|s| s.findings().position(id))
            .and_then(|position| u32::try_from(position).ok())
    }

    /// Reads the merged findings; tracks changes when called inside a reactive scope.
    pub fn with_findings<R>(&self, read: impl FnOnce(&[Finding]) -> R) -> R {
        self.changed.track();
        self.session.with_value(|s| read(s.findings().findings()))
    }
}

fn per_load<T: Send + Sync + 'static>(
    changed: Trigger,
    session: StoredValue<LoadSession, LocalStorage>,
    compute: impl Fn(&[Finding]) -> T + Send + Sync + 'static,
) -> Memo<Arc<T>> {
    Memo::new_with_compare(
        move |_| {
            changed.track();
            Arc::new(session.with_value(|s| compute(s.findings().findings())))
        },
        |_, _| true,
    )
}
