//! Which finding the detail panel shows.

use leptos::prelude::*;

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
