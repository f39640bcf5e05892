//! The findings table: virtualised (only the rows in view exist in the DOM, so 100k rows scroll
//! smoothly), sortable by severity, last seen, count and type; a row opens the detail panel.

use std::sync::Arc;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::actors_card::FindingsCsvButton;
use super::state::{DataState, DetailState, FilterState};
use crate::analysis::format;
use crate::analysis::table::{restrict_order, sorted_all, SortKey};
use crate::model::Finding;

/// Height of one row in CSS pixels (fixed, so positions are arithmetic).
const ROW_PX: f64 = 38.0;
/// Height of the scrolling viewport.
const VIEWPORT_PX: f64 = 532.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN_ROWS: usize = 8;

#[component]
pub fn FindingsTable() -> impl IntoView {
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let detail = expect_context::<DetailState>();
    let sort = RwSignal::new((SortKey::Severity, true));
    // Every finding sorted once per load and sort order; a filter change only picks from it.
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
    let scroll_top_px = RwSignal::new(0.0_f64);
    let viewport: NodeRef<html::Div> = NodeRef::new();
    // A new selection starts at the top.
    Effect::new(move |_| {
        ordered.track();
        if let Some(element) = viewport.get_untracked() {
            element.set_scroll_top(0);
        }
        scroll_top_px.set(0.0);
    });
    let visible_range = move || {
        let total = ordered.with(|o| o.len());
        let first = ((scroll_top_px.get() / ROW_PX) as usize).saturating_sub(OVERSCAN_ROWS);
        let count = (VIEWPORT_PX / ROW_PX).ceil() as usize + 2 * OVERSCAN_ROWS;
        first.min(total)..(first + count).min(total)
    };
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
        if let Some(index) = ordered.with_untracked(|o| o.get(position).copied()) {
            detail.open_finding.set(Some(index));
        }
    };
    let on_key = move |event: ev::KeyboardEvent| {
        let current = detail.open_finding.get_untracked();
        let position =
            current.and_then(|c| ordered.with_untracked(|o| o.iter().position(|&i| i == c)));
        let next = match event.key().as_str() {
            "ArrowDown" => Some(position.map_or(0, |p| p + 1)),
            "ArrowUp" => Some(position.map_or(0, |p| p.saturating_sub(1))),
            _ => None,
        };
        if let Some(next) = next {
            event.prevent_default();
            let total = ordered.with_untracked(|o| o.len());
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

    view! {
        <section class="card findings" data-testid="findings-table" aria-labelledby="findings-title">
            <header class="chart-card__header">
                <h2 class="card__title" id="findings-title">
                    "Findings "
                    <span class="findings__count" data-testid="table-count">
                        {move || format::count(ordered.with(|o| o.len()) as u64)}
                    </span>
                </h2>
                <div class="chart-card__controls">
                    <p class="findings__hint">"Click a row or use ↑ ↓ for details"</p>
                    <FindingsCsvButton/>
                </div>
            </header>
            // One ARIA table: the header row and the scrolling rows are its two row groups.
            <div role="table" aria-label="Findings" aria-rowcount=move || ordered.with(|o| o.len() + 1)>
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
                    let rows = ordered.with(|o| o.len()) as f64;
                    format!("{}px", (rows * ROW_PX + 2.0).min(VIEWPORT_PX))
                }
                node_ref=viewport
                on:scroll=move |event| {
                    let target: web_sys::HtmlElement = event_target(&event);
                    scroll_top_px.set(f64::from(target.scroll_top()));
                }
                on:keydown=on_key
            >
                <div class="findings__spacer" role="presentation" style:height=move || format!("{}px", ordered.with(|o| o.len()) as f64 * ROW_PX)>
                    {move || {
                        let range = visible_range();
                        let open_now = detail.open_finding.get();
                        ordered.with(|order| {
                            data.with_findings(|all| {
                                order[range.clone()]
                                    .iter()
                                    .enumerate()
                                    .filter_map(|(offset, &index)| {
                                        let position = range.start + offset;
                                        all.get(index as usize).map(|f| {
                                            row_view(f, position, open_now == Some(index), move || open(position))
                                        })
                                    })
                                    .collect_view()
                            })
                        })
                    }}
                </div>
            </div>
            </div>
            <Show when=move || ordered.with(|o| o.is_empty())>
                <p class="chart-card__empty">"No findings match the filter."</p>
            </Show>
        </section>
    }
}

fn row_view(
    finding: &Finding,
    position: usize,
    is_open: bool,
    on_open: impl Fn() + 'static,
) -> impl IntoView {
    let resource = finding
        .resources
        .first()
        .map(|r| {
            r.display_name
                .as_deref()
                .filter(|name| **name != *r.id)
                .map(|name| format!("{} ({name})", r.id))
                .unwrap_or_else(|| r.id.to_string())
        })
        .unwrap_or_else(|| finding.resource_type.as_deref().unwrap_or("—").to_owned());
    let place = format!(
        "{} · {}",
        finding.account_id.as_deref().unwrap_or("—"),
        finding.region.as_deref().unwrap_or("—")
    );
    let last_seen = finding
        .last_seen_at
        .or(finding.updated_at)
        .map(|t| {
            t.to_iso8601()
                .get(..16)
                .unwrap_or_default()
                .replace('T', " ")
        })
        .unwrap_or_else(|| "—".to_owned());
    let band = finding.severity;
    let title = finding.title.as_deref().unwrap_or_default().to_owned();
    view! {
        <div
            class="findings__grid findings__row"
            class:findings__row--open=is_open
            class:findings__row--archived=finding.archived
            role="row"
            aria-rowindex=position + 2
            data-testid="finding-row"
            style:transform=format!("translateY({}px)", position as f64 * ROW_PX)
            on:click=move |_| on_open()
        >
            <span role="cell" class=format!("severity-badge severity-badge--{}", band.slug())>
                {format!("{} {}", band.name(), finding.severity_score)}
            </span>
            <span role="cell" class="findings__type" title=title>
                {finding.finding_type.full.to_string()}
                {finding.sample.then(|| view! { <span class="tag">"sample"</span> })}
                {finding.archived.then(|| view! { <span class="tag">"archived"</span> })}
            </span>
            <span role="cell" class="findings__resource">{resource}</span>
            <span role="cell" class="findings__place">{place}</span>
            <span role="cell" class="num">{format::count(finding.count)}</span>
            <span role="cell" class="findings__time">{last_seen}</span>
        </div>
    }
}
