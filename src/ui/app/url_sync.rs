//! Keeps the view, the filter and the URL hash equal, both ways.

use leptos::ev;
use leptos::prelude::*;

use crate::analysis::filter::FindingFilter;
use crate::analysis::url_state::{filter_from_hash, state_to_hash, view_from_hash, View};
use crate::ui::console::warn_on_error;
use crate::ui::state::FilterState;

/// The URL's hash fragment (with its `#`), or empty.
fn location_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// The view the URL opens on.
pub fn view_in_url() -> View {
    view_from_hash(&location_hash())
}

/// The filter the URL opens with.
pub fn filter_in_url() -> FindingFilter {
    filter_from_hash(&location_hash())
}

/// Writes the view and the filter to the hash (replacing the history entry, so Back leaves the
/// page rather than undoing filters one by one), and reads back a hash edited by hand or
/// opened from a link.
pub fn sync_state_with_url(view: RwSignal<View>, filters: FilterState) {
    Effect::new(move |_| {
        let hash = filters.filter.with(|f| state_to_hash(view.get(), f));
        if location_hash().trim_start_matches('#') == hash {
            return;
        }
        let url = if hash.is_empty() {
            // The query (`?workers=N`, a setting for tests and benchmarks) stays.
            let location = window().location();
            location.pathname().unwrap_or_default() + &location.search().unwrap_or_default()
        } else {
            format!("#{hash}")
        };
        if let Some(history) = warn_on_error("reading the history", window().history()) {
            warn_on_error(
                "writing the view and filter to the URL",
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)),
            );
        }
    });
    let handle = window_event_listener(ev::hashchange, move |_| {
        let from_url = filter_in_url();
        if filters
            .filter
            .with_untracked(|current| *current != from_url)
        {
            filters.filter.set(from_url);
        }
    });
    on_cleanup(move || handle.remove());
}
