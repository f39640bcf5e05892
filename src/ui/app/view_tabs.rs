//! The Strategic / Tactical / Operational switch.

use leptos::ev;
use leptos::prelude::*;

use wasm_bindgen::JsCast;

use crate::analysis::url_state::View;
use crate::ui::console::warn_on_error;

/// The view switch: a tab list; arrow keys move between tabs.
#[component]
pub fn ViewTabs(view: RwSignal<View>) -> impl IntoView {
    let on_key = move |event: ev::KeyboardEvent| {
        let steps = match event.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        let next = view.get_untracked().step(steps);
        view.set(next);
        // Focus follows the selected tab (the ARIA tabs pattern), so Tab then leaves the list.
        if let Some(tab) = document()
            .get_element_by_id(&tab_id(next))
            .and_then(|tab| tab.dyn_into::<web_sys::HtmlElement>().ok())
        {
            warn_on_error("moving focus to the chosen view", tab.focus());
        }
    };
    view! {
        <nav class="view-tabs" role="tablist" aria-label="Views" on:keydown=on_key>
            {View::ALL
                .into_iter()
                .map(|v| {
                    view! {
                        <button
                            class="view-tabs__tab"
                            class:view-tabs__tab--active=move || view.get() == v
                            role="tab"
                            id=tab_id(v)
                            aria-selected=move || (view.get() == v).to_string()
                            tabindex=move || if view.get() == v { "0" } else { "-1" }
                            data-testid=format!("view-{}", v.label().to_lowercase())
                            on:click=move |_| view.set(v)
                        >
                            <span class="view-tabs__name">{v.label()}</span>
                            <span class="view-tabs__audience">{v.audience()}</span>
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// The element id of a view's tab (`view-tab-tactical`).
fn tab_id(view: View) -> String {
    format!("view-tab-{}", view.label().to_lowercase())
}
