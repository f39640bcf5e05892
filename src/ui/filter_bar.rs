//! The global filter bar: search, archive and sample switches, time basis, and one removable
//! chip per active filter.

use leptos::ev;
use leptos::prelude::*;

use super::state::FilterState;
use crate::analysis::filter::ArchiveFilter;
use crate::analysis::format;
use crate::analysis::period::TimeBasis;

/// How long typing must pause before the search filters the views.
const SEARCH_DEBOUNCE_MS: u64 = 250;

#[component]
pub fn FilterBar() -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let chips = move || filters.filter.with(|f| f.chips());
    // Typing is debounced: each keystroke would otherwise recompute every view.
    let typed = RwSignal::new(0_u64);
    let on_search = move |event: ev::Event| {
        let text = event_target_value(&event);
        typed.update(|n| *n += 1);
        let keystroke = typed.get_untracked();
        set_timeout(
            move || {
                if typed.get_untracked() == keystroke {
                    filters.update(|f| f.text = text);
                }
            },
            std::time::Duration::from_millis(SEARCH_DEBOUNCE_MS),
        );
    };
    let on_archive = move |event: ev::Event| {
        let value = event_target_value(&event);
        if let Some(archive) = ArchiveFilter::from_slug(&value) {
            filters.update(|f| f.archive = archive);
        }
    };
    let on_basis = move |event: ev::Event| {
        if let Some(basis) = TimeBasis::from_slug(&event_target_value(&event)) {
            filters.update(|f| f.time_basis = basis);
        }
    };
    view! {
        <section class="filter-bar" aria-label="Filters" data-testid="filter-bar">
            <div class="filter-bar__controls">
                <label class="field field--search">
                    <span class="visually-hidden">"Search findings"</span>
                    <input
                        type="search"
                        placeholder="Search ids, types, titles, resources, IPs, tags…"
                        data-testid="search"
                        prop:value=move || filters.filter.with(|f| f.text.clone())
                        on:input=on_search
                    />
                </label>
                <label class="field">
                    <span class="field__label">"Status"</span>
                    <select data-testid="archive-filter" on:change=on_archive>
                        {[
                            (ArchiveFilter::Both, "Active and archived"),
                            (ArchiveFilter::ActiveOnly, "Active only"),
                            (ArchiveFilter::ArchivedOnly, "Archived only"),
                        ]
                            .into_iter()
                            .map(|(archive, label)| {
                                view! {
                                    <option
                                        value=archive.slug()
                                        selected=move || filters.filter.with(|f| f.archive == archive)
                                    >
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">"Time"</span>
                    <select data-testid="time-basis" on:change=on_basis>
                        {TimeBasis::ALL
                            .into_iter()
                            .map(|basis| {
                                view! {
                                    <option
                                        value=basis.slug()
                                        selected=move || filters.filter.with(|f| f.time_basis == basis)
                                    >
                                        {basis.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field field--check">
                    <input
                        type="checkbox"
                        data-testid="show-samples"
                        prop:checked=move || filters.filter.with(|f| f.show_samples)
                        on:change=move |event| {
                            let shown = event_target_checked(&event);
                            filters.update(|f| f.show_samples = shown);
                        }
                    />
                    <span>"Show sample findings"</span>
                </label>
            </div>
            <div class="filter-bar__chips" data-testid="filter-chips">
                {move || {
                    chips()
                        .into_iter()
                        .map(|chip| {
                            let part = chip.part.clone();
                            view! {
                                <span class="chip" data-testid="filter-chip">
                                    <span class="chip__label">{chip.label.clone()}</span>
                                    <button
                                        class="chip__remove"
                                        title="Remove this filter"
                                        aria-label=format!("Remove filter {}", chip.label)
                                        on:click=move |_| filters.update(|f| f.remove(&part))
                                    >
                                        "×"
                                    </button>
                                </span>
                            }
                        })
                        .collect_view()
                }}
                <Show when=move || !filters.filter.with(|f| f.chips().is_empty())>
                    <button
                        class="button button--quiet button--small"
                        data-testid="clear-filters"
                        on:click=move |_| filters.filter.set(Default::default())
                    >
                        "Clear all filters"
                    </button>
                </Show>
                <Show when=move || { filters.hidden_samples.get() > 0 }>
                    <p class="notice" data-testid="samples-hidden">
                        {move || format!(
                            "{} hidden — ",
                            format::counted(filters.hidden_samples.get() as u64, "sample finding", "sample findings"),
                        )}
                        <button
                            class="link-button"
                            on:click=move |_| filters.update(|f| f.show_samples = true)
                        >
                            "show"
                        </button>
                    </p>
                </Show>
            </div>
        </section>
    }
}
