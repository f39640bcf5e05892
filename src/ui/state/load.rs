//! Loading and drag-and-drop state: the load phase (see `crate::load_phase`), whether files are
//! dragged over the window, and a pending cancel.

use leptos::prelude::*;

use super::LoadPhase;

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
        self.phase.with(LoadPhase::is_reading)
    }

    /// Stops the running load at the next chunk; what was read stays loaded.
    pub fn request_cancel(&self) {
        self.cancel_requested.set(true);
        crate::ui::ingest_client::cancel_running_load();
    }
}

impl Default for LoadState {
    fn default() -> Self {
        Self::new()
    }
}
