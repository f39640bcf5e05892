//! Ctrl+V / ⌘V anywhere on the page (outside a text field) loads the pasted text as a file
//! named "pasted": one finding, an array, a `get-findings` answer or an EventBridge event read
//! like any file, and text that is not findings gets the same message a file would.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::file_reader::{start_load, LoadSource};
use crate::ui::state::{DataState, LoadState};

/// The name a paste's load report row carries.
pub const PASTED_NAME: &str = "pasted";

/// Listens for pastes on the whole window.
pub fn install_paste_target(load: LoadState, data: DataState) {
    let handle = window_event_listener(ev::paste, move |event| {
        if pasted_into_a_field(&event) || load.is_reading() {
            return;
        }
        let text = event
            .clipboard_data()
            .and_then(|clipboard| clipboard.get_data("text/plain").ok())
            .unwrap_or_default();
        if text.trim().is_empty() {
            return;
        }
        event.prevent_default();
        start_load(
            load,
            data,
            vec![LoadSource::Bytes {
                name: PASTED_NAME.to_owned(),
                bytes: text.into_bytes(),
            }],
        );
    });
    on_cleanup(move || handle.remove());
}

/// Whether the paste goes into something that takes text (the search box, a filter field).
fn pasted_into_a_field(event: &web_sys::ClipboardEvent) -> bool {
    let Some(element) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || element.is_content_editable()
}
