//! The whole window as a drop target for files and folders (walked by `ui::folder_walk`), and the overlay shown while files are dragged
//! over it.

use leptos::ev;
use leptos::prelude::*;

use crate::ui::file_reader::start_picked_load;
use crate::ui::folder_walk::{take_dropped, walk_dropped};
use crate::ui::state::{DataState, LoadPhase, LoadState};

/// The state the drop zone shows (`data-drop-state`): dragging-over wins, then the load phase.
pub fn drop_state(load: LoadState) -> &'static str {
    if load.dragging_over.get() {
        "dragging"
    } else {
        load.phase.with(LoadPhase::slug)
    }
}

/// Makes the whole window a drop target. Browsers open a dropped file as a page unless both
/// `dragover` and `drop` are cancelled, so both always are.
pub fn install_window_drop_target(load: LoadState, data: DataState) {
    let carries_files = |event: &web_sys::DragEvent| {
        event
            .data_transfer()
            .map(|transfer| transfer.types().includes(&"Files".into(), 0))
            .unwrap_or(false)
    };
    let handles = [
        window_event_listener(ev::dragenter, move |event| {
            if carries_files(&event) {
                event.prevent_default();
                load.dragging_over.set(true);
            }
        }),
        window_event_listener(ev::dragover, move |event| {
            event.prevent_default();
            if carries_files(&event) {
                if let Some(transfer) = event.data_transfer() {
                    transfer.set_drop_effect("copy");
                }
                load.dragging_over.set(true);
            }
        }),
        window_event_listener(ev::dragleave, move |event| {
            // Leaving into a child element reports the child; leaving the window reports none.
            if event.related_target().is_none() {
                load.dragging_over.set(false);
            }
        }),
        window_event_listener(ev::drop, move |event| {
            event.prevent_default();
            load.dragging_over.set(false);
            if load.is_reading() {
                return;
            }
            if let Some(transfer) = event.data_transfer() {
                // Dropped folders are walked after the event; their entries are taken now.
                let dropped = take_dropped(&transfer);
                leptos::task::spawn_local(async move {
                    start_picked_load(load, data, walk_dropped(dropped).await);
                });
            }
        }),
    ];
    on_cleanup(move || handles.into_iter().for_each(|handle| handle.remove()));
}

/// Full-window overlay shown while files are dragged over the page.
#[component]
pub fn DropOverlay() -> impl IntoView {
    let load = expect_context::<LoadState>();
    view! {
        <div
            class="drop-overlay"
            class:drop-overlay--visible=move || load.dragging_over.get()
            data-testid="drop-overlay"
            aria-hidden=move || (!load.dragging_over.get()).to_string()
        >
            <div class="drop-overlay__panel">
                <svg class="drop-overlay__icon" viewBox="0 0 48 48" aria-hidden="true">
                    <path d="M24 8v22m0 0-8-8m8 8 8-8" fill="none" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
                    <path d="M8 30v8a2 2 0 0 0 2 2h28a2 2 0 0 0 2-2v-8" fill="none" stroke-width="3" stroke-linecap="round"/>
                </svg>
                <p class="drop-overlay__title">"Drop to analyse"</p>
                <p class="drop-overlay__hint">"Read here, in this browser. Nothing is uploaded."</p>
            </div>
        </div>
    }
}
