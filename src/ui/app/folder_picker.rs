//! The "Open folder…" button: a hidden `<input type=file webkitdirectory>` whose files carry
//! their path in the folder (`webkitRelativePath`), loaded with the same naming rule as a
//! dropped folder and the command line.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::ui::file_reader::{sources_from_file_list, start_picked_load};
use crate::ui::state::{DataState, LoadState};

/// The folder picker and its button.
#[component]
pub fn OpenFolderButton() -> impl IntoView {
    let load = expect_context::<LoadState>();
    let data = expect_context::<DataState>();
    let folder_input: NodeRef<html::Input> = NodeRef::new();
    // Not a Leptos attribute: set on the element once it exists.
    Effect::new(move |_| {
        if let Some(input) = folder_input.get() {
            input.set_webkitdirectory(true);
        }
    });
    let on_folder_chosen = move |event: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(files) = input.files() {
            start_picked_load(load, data, sources_from_file_list(&files));
        }
        input.set_value("");
    };
    view! {
        <input
            node_ref=folder_input
            id="folder-input"
            data-testid="folder-input"
            class="visually-hidden"
            type="file"
            multiple=true
            tabindex="-1"
            aria-hidden="true"
            on:change=on_folder_chosen
        />
        <button
            class="button"
            data-testid="open-folder"
            disabled=move || load.is_reading()
            on:click=move |_| {
                if let Some(input) = folder_input.get() {
                    input.click();
                }
            }
        >
            "Open folder…"
        </button>
    }
}
