//! The theme button: automatic, dark, light, in turn.

use leptos::prelude::*;

use crate::ui::console::warn_on_error;
use crate::ui::state::ThemeState;

/// Light / dark / follow-the-system, stored on `<html data-theme>`.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = expect_context::<ThemeState>().choice;
    Effect::new(move |_| {
        let Some(root) = document().document_element() else {
            return;
        };
        let applied = match theme.get().attribute() {
            None => root.remove_attribute("data-theme"),
            Some(chosen) => root.set_attribute("data-theme", chosen),
        };
        warn_on_error("applying the theme", applied);
    });
    view! {
        <button
            class="button button--quiet theme-toggle"
            data-testid="theme-toggle"
            title="Switch between automatic, dark and light themes"
            on:click=move |_| theme.update(|choice| *choice = choice.next())
        >
            {move || theme.get().label()}
        </button>
    }
}
