//! A chart's text alternative: a "Show as table" toggle and an HTML table with the chart's
//! numbers (for screen readers, keyboards and copying into a report). A row whose label is a
//! button applies the same filter as clicking the chart there.

use leptos::prelude::*;

/// One row of a chart's table: its label, its numbers (already formatted), and whether
/// choosing it filters like a click on the chart does.
#[derive(Clone, PartialEq)]
pub struct ChartRow {
    pub label: String,
    pub values: Vec<String>,
    pub filters: bool,
}

/// The "Show as table" button for the chart's header; `shown` is shared with its
/// [`ChartTable`]s (`controls` is the id of the element they are in).
#[component]
pub fn TableToggle(
    /// Used in the test id, `show-table-{name}`.
    name: &'static str,
    controls: String,
    shown: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <button
            class="button button--small chart-table__toggle"
            data-testid=format!("show-table-{name}")
            aria-expanded=move || shown.get().to_string()
            aria-controls=controls
            on:click=move |_| shown.update(|on| *on = !*on)
        >
            {move || if shown.get() { "Hide table" } else { "Show as table" }}
        </button>
    }
}

/// The table, when `shown`. `on_choose` gets the index of the row chosen.
#[component]
pub fn ChartTable(
    /// Used in the test id, `chart-table-{name}`.
    name: &'static str,
    shown: RwSignal<bool>,
    #[prop(into)] caption: Signal<String>,
    /// Column headers: the first names the row labels.
    columns: Vec<&'static str>,
    #[prop(into)] rows: Signal<Vec<ChartRow>>,
    #[prop(optional, into)] on_choose: Option<Callback<usize>>,
) -> impl IntoView {
    let header = columns
        .iter()
        .map(|column| view! { <th scope="col">{*column}</th> })
        .collect_view();
    view! {
        <div class="chart-table" hidden=move || !shown.get()>
            <table class="chart-table__table" data-testid=format!("chart-table-{name}")>
                <caption>{caption}</caption>
                <thead>
                    <tr>{header}</tr>
                </thead>
                <tbody>
                    {move || shown.get().then(|| {
                        rows.get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, row)| {
                                let label = match on_choose.filter(|_| row.filters) {
                                    Some(choose) => view! {
                                        <button
                                            class="chart-table__choose"
                                            title="Filter every view to this row"
                                            on:click=move |_| choose.run(index)
                                        >
                                            {row.label}
                                        </button>
                                    }
                                    .into_any(),
                                    None => row.label.into_any(),
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{label}</th>
                                        {row.values.into_iter().map(|value| view! { <td class="num">{value}</td> }).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()
                    })}
                </tbody>
            </table>
        </div>
    }
}
