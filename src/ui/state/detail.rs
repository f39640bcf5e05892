//! Which finding the detail panel shows.

use leptos::prelude::*;

/// Which finding the detail panel shows, by id (the workers' store answers it; without one
/// the page finds it among its own findings).
#[derive(Clone, Copy)]
pub struct DetailState {
    pub open_finding: RwSignal<Option<String>>,
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
