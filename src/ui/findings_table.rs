//! The findings table: virtualised (only the rows in view exist in the DOM, so 100k rows scroll
//! smoothly), sortable by severity, last seen, count and type; a row opens the detail panel.
//! Its rows come from the workers' store (the window around the rows in view, then those rows'
//! content: `QueryState::table`), or from the page's findings while the store cannot answer.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::actors_card::FindingsCsvButton;
use super::chart_card::AnsweredSection;
use super::state::{DataState, DetailState, FilterState, QueryState};
use crate::analysis::format;
use crate::analysis::table::{restrict_order, sorted_all, SortKey};
use crate::model::{EpochMillis, SeverityBand};
use crate::store::window::TableRow;

/// Height of one row in CSS pixels (fixed, so positions are arithmetic).
const ROW_PX: f64 = 38.0;
/// Height of the scrolling viewport.
const VIEWPORT_PX: f64 = 532.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN_ROWS: usize = 8;
/// The store is asked for a window (`TABLE_WINDOW_ROWS` long) starting at a multiple of this
/// many rows, so scrolling asks again every so many rows, not every pixel.
const WINDOW_STEP_ROWS: usize = 16;

#[component]
pub fn FindingsTable() -> impl IntoView {
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let detail = expect_context::<DetailState>();
    let query = expect_context::<QueryState>();
    let sort = query.table_sort;
    let from_store = Memo::new(move |_| query.table());
    // The page's own order, computed only while the store cannot answer: every finding sorted
    // once per load and sort order; a filter change only picks from it.
    let order_all = Memo::new(move |_| {
        let (key, descending) = sort.get();
        data.with_findings(|all| Arc::new(sorted_all(all, key, descending)))
    });
    let ordered = Memo::new(move |_| {
        order_all.with(|order| {
            filters
                .selected
                .with(|selected| Arc::new(restrict_order(order, selected)))
        })
    });
    let total = Memo::new(
        move |_| match from_store.with(|t| t.as_ref().map(|t| t.total)) {
            Some(total) => total,
            None => ordered.with(|o| o.len()),
        },
    );
    let scroll_top_px = RwSignal::new(0.0_f64);
    let viewport: NodeRef<html::Div> = NodeRef::new();
    // A new selection or order starts at the top.
    Effect::new(move |_| {
        filters.filter.track();
        sort.track();
        data.store.version.track();
        if let Some(element) = viewport.get_untracked() {
            element.set_scroll_top(0);
        }
        scroll_top_px.set(0.0);
    });
    let visible_range = move || {
        let total = total.get();
        let first = ((scroll_top_px.get() / ROW_PX) as usize).saturating_sub(OVERSCAN_ROWS);
        let count = (VIEWPORT_PX / ROW_PX).ceil() as usize + 2 * OVERSCAN_ROWS;
        first.min(total)..(first + count).min(total)
    };
    // Tell the store which rows are in view.
    Effect::new(move |_| {
        let first = ((scroll_top_px.get() / ROW_PX) as usize).saturating_sub(OVERSCAN_ROWS);
        let offset = (first / WINDOW_STEP_ROWS * WINDOW_STEP_ROWS) as u32;
        if query.table_offset.get_untracked() != offset {
            query.table_offset.set(offset);
        }
    });
    // The id of the finding at `position` of the table, if known.
    let id_at = move |position: usize| -> Option<String> {
        match from_store.with_untracked(|t| {
            t.as_ref()
                .map(|t| t.ids.get(position.checked_sub(t.offset)?).cloned())
        }) {
            Some(id) => id,
            None => ordered.with_untracked(|o| {
                let index = *o.get(position)?;
                data.with_findings(|all| all.get(index as usize).map(|f| f.id.to_string()))
            }),
        }
    };
    // The id of the finding the detail panel shows.
    let open_id = move || detail.open_finding.get();
    let header = move |key: SortKey| {
        let on_click = move |_| {
            sort.update(|(current, descending)| {
                if *current == key {
                    *descending = !*descending;
                } else {
                    *current = key;
                    *descending = key.default_descending();
                }
            })
        };
        let marker = move || match sort.get() {
            (current, true) if current == key => " ▼",
            (current, false) if current == key => " ▲",
            _ => "",
        };
        let aria_sort = move || match sort.get() {
            (current, true) if current == key => "descending",
            (current, false) if current == key => "ascending",
            _ => "none",
        };
        view! {
            <div role="columnheader" aria-sort=aria_sort>
                <button
                    class="findings__sort"
                    data-testid=format!("sort-{}", key.label().to_lowercase().replace(' ', "-"))
                    on:click=on_click
                >
                    {key.label()}
                    <span aria-hidden="true">{marker}</span>
                </button>
            </div>
        }
    };
    let open = move |position: usize| {
        if let Some(id) = id_at(position) {
            detail.open_finding.set(Some(id));
        }
    };
    // Where the finding the detail panel shows is in the table (on the store's path, only
    // when it is in the window around the rows in view).
    let position_of_open = move || -> Option<usize> {
        let id = detail.open_finding.get_untracked()?;
        let in_window = from_store.with_untracked(|t| {
            let t = t.as_ref()?;
            Some(t.ids.iter().position(|i| *i == id).map(|p| p + t.offset))
        });
        match in_window {
            Some(position) => position,
            None => {
                let index = data.position_of(&id)?;
                ordered.with_untracked(|o| o.iter().position(|&i| i == index))
            }
        }
    };
    let on_key = move |event: ev::KeyboardEvent| {
        let position = position_of_open();
        let next = match event.key().as_str() {
            "ArrowDown" => Some(position.map_or(0, |p| p + 1)),
            "ArrowUp" => Some(position.map_or(0, |p| p.saturating_sub(1))),
            _ => None,
        };
        if let Some(next) = next {
            event.prevent_default();
            let total = total.get_untracked();
            if total > 0 {
                let next = next.min(total - 1);
                open(next);
                // Keep the chosen row in view.
                if let Some(element) = viewport.get_untracked() {
                    let row_top = next as f64 * ROW_PX;
                    let top = f64::from(element.scroll_top());
                    if row_top < top {
                        element.set_scroll_top(row_top as i32);
                    } else if row_top + ROW_PX > top + VIEWPORT_PX {
                        element.set_scroll_top((row_top + ROW_PX - VIEWPORT_PX) as i32);
                    }
                }
            }
        }
    };
    // The rows in view with their positions: the store's, or the page's own.
    let rows_in_view = move || -> Vec<(usize, TableRow)> {
        let range = visible_range();
        if let Some(table) = from_store.get() {
            let by_id: HashMap<&str, &TableRow> = table
                .rows
                .iter()
                .map(|row| (row.id.as_str(), row))
                .collect();
            return table
                .ids
                .iter()
                .enumerate()
                .map(|(offset, id)| (table.offset + offset, id))
                .filter(|(position, _)| range.contains(position))
                .filter_map(|(position, id)| Some((position, (*by_id.get(id.as_str())?).clone())))
                .collect();
        }
        ordered.with(|order| {
            data.with_findings(|all| {
                order[range.clone()]
                    .iter()
                    .enumerate()
                    .filter_map(|(offset, &index)| {
                        let finding = all.get(index as usize)?;
                        Some((range.start + offset, TableRow::of(finding)))
                    })
                    .collect()
            })
        })
    };
    let updating = move || from_store.with(|t| t.as_ref().is_some_and(|t| t.updating));
    let source = move || {
        if from_store.with(Option::is_some) {
            "workers"
        } else {
            "page"
        }
    };

    view! {
        <AnsweredSection
            class="card findings"
            testid="findings-table"
            labelledby="findings-title"
            source=Signal::derive(source)
            updating=Signal::derive(updating)
        >
            <header class="chart-card__header">
                <h2 class="card__title" id="findings-title">
                    "Findings "
                    <span class="findings__count" data-testid="table-count">
                        {move || format::count(total.get() as u64)}
                    </span>
                </h2>
                <div class="chart-card__controls">
                    <p class="findings__hint">"Click a row or use ↑ ↓ for details"</p>
                    <FindingsCsvButton/>
                </div>
            </header>
            // One ARIA table: the header row and the scrolling rows are its two row groups.
            <div role="table" aria-label="Findings" aria-rowcount=move || total.get() + 1>
            <div role="rowgroup">
                <div class="findings__grid findings__head" role="row" aria-rowindex="1">
                    {header(SortKey::Severity)}
                    {header(SortKey::FindingType)}
                    <span role="columnheader">"Resource"</span>
                    <span role="columnheader">"Account · Region"</span>
                    {header(SortKey::Count)}
                    {header(SortKey::LastSeen)}
                </div>
            </div>
            <div
                class="findings__viewport"
                role="rowgroup"
                aria-label="Findings: ↑ and ↓ open the next or previous finding"
                tabindex="0"
                style:height=move || {
                    let rows = total.get() as f64;
                    format!("{}px", (rows * ROW_PX + 2.0).min(VIEWPORT_PX))
                }
                node_ref=viewport
                on:scroll=move |event| {
                    let target: web_sys::HtmlElement = event_target(&event);
                    scroll_top_px.set(f64::from(target.scroll_top()));
                }
                on:keydown=on_key
            >
                <div class="findings__spacer" role="presentation" style:height=move || format!("{}px", total.get() as f64 * ROW_PX)>
                    {move || {
                        let open_now = open_id();
                        rows_in_view()
                            .into_iter()
                            .map(|(position, row)| {
                                let is_open = open_now.as_deref() == Some(row.id.as_str());
                                row_view(row, position, is_open, move || open(position))
                            })
                            .collect_view()
                    }}
                </div>
            </div>
            </div>
            <Show when=move || total.get() == 0>
                <p class="chart-card__empty">"No findings match the filter."</p>
            </Show>
        </AnsweredSection>
    }
}

fn row_view(
    row: TableRow,
    position: usize,
    is_open: bool,
    on_open: impl Fn() + 'static,
) -> impl IntoView {
    let resource = match &row.resource {
        Some((id, Some(name))) if name != id => format!("{id} ({name})"),
        Some((id, _)) => id.clone(),
        None => row.resource_type.clone().unwrap_or_else(|| "—".to_owned()),
    };
    let place = format!(
        "{} · {}",
        row.account_id.as_deref().unwrap_or("—"),
        row.region.as_deref().unwrap_or("—")
    );
    let last_seen = row
        .last_seen_ms
        .map(|ms| {
            EpochMillis(ms)
                .to_iso8601()
                .get(..16)
                .unwrap_or_default()
                .replace('T', " ")
        })
        .unwrap_or_else(|| "—".to_owned());
    let band = SeverityBand::ALL
        .get(usize::from(row.band))
        .copied()
        .unwrap_or(SeverityBand::Low);
    let score = row.severity_score();
    let title = row.title.clone().unwrap_or_default();
    view! {
        <div
            class="findings__grid findings__row"
            class:findings__row--open=is_open
            class:findings__row--archived=row.archived
            role="row"
            aria-rowindex=position + 2
            data-testid="finding-row"
            style:transform=format!("translateY({}px)", position as f64 * ROW_PX)
            on:click=move |_| on_open()
        >
            <span role="cell" class=format!("severity-badge severity-badge--{}", band.slug())>
                {format!("{} {}", band.name(), score)}
            </span>
            <span role="cell" class="findings__type" title=title>
                {row.finding_type}
                {row.sample.then(|| view! { <span class="tag">"sample"</span> })}
                {row.archived.then(|| view! { <span class="tag">"archived"</span> })}
            </span>
            <span role="cell" class="findings__resource">{resource}</span>
            <span role="cell" class="findings__place">{place}</span>
            <span role="cell" class="num">{format::count(row.count)}</span>
            <span role="cell" class="findings__time">{last_seen}</span>
        </div>
    }
}
