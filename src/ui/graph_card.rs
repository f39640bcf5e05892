//! The affected-resource graph: what touched what. Wheel or buttons zoom, dragging pans,
//! hovering shows a node's findings, clicking a node filters every view to them.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::chart_card::{measured_width, ExportButtons};
use super::chart_table::{ChartRow, ChartTable, TableToggle};
use super::state::{DataState, FilterState, QueryState, ThemeState};
use crate::analysis::filter::FindingFilter;
use crate::analysis::format;
use crate::analysis::graph::{GraphLimits, LayoutCache, LayoutOptions, ResourceGraph};
use crate::charts::{graph_aspect_ratio, graph_svg, ChartSize, ChartText};
use crate::model::SeverityBand;

const TITLE: &str = "Affected resources and actors";
const HEIGHT_PX: u32 = 620;
const MIN_ZOOM: f64 = 0.5;
const MAX_ZOOM: f64 = 6.0;
/// Pointer travel (CSS pixels) below which a press-and-release is a click, not a pan.
const CLICK_SLOP_PX: f64 = 4.0;
/// Node budgets offered; the long tail beyond the budget is folded into "more …" nodes.
const NODE_BUDGETS: [usize; 4] = [30, 60, 120, 250];
const DEFAULT_NODE_BUDGET: usize = 60;

#[component]
pub fn GraphCard() -> impl IntoView {
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let theme = expect_context::<ThemeState>();
    let query = expect_context::<QueryState>();
    let container: NodeRef<html::Div> = NodeRef::new();
    let width_px = measured_width(container, 960);
    let size = move || ChartSize {
        width_px: width_px.get().max(360),
        height_px: HEIGHT_PX,
    };

    let max_nodes = RwSignal::new(DEFAULT_NODE_BUDGET);
    // The workers count and fold the graph while the card is shown (two queries).
    Effect::new(move |_| {
        query.graph_limits.set(Some(GraphLimits {
            max_nodes: max_nodes.get(),
        }))
    });
    on_cleanup(move || query.graph_limits.set(None));
    let answer = query.graph(move || {
        // The page draws only when the store cannot (no workers, a worker lost); until the
        // store's first answer the graph is empty and the card says it is counting.
        if data.store.holds_the_load.get() {
            return ResourceGraph::default();
        }
        let limits = GraphLimits {
            max_nodes: max_nodes.get(),
        };
        data.graph.with(|index| {
            filters.selected.with(|selected| {
                data.with_findings(|all| index.resource_graph(all, selected, limits))
            })
        })
    });
    let graph = answer.value;
    let counting = move || answer.source.get() == "page" && data.store.holds_the_load.get();
    let busy = move || (answer.updating.get() || counting()).to_string();
    let layout_cache = StoredValue::new(LayoutCache::default());
    let positions = Memo::new(move |_| {
        let options = LayoutOptions {
            aspect_ratio: graph_aspect_ratio(size()),
            ..LayoutOptions::default()
        };
        graph.with(|g| {
            let mut positions = Vec::new();
            layout_cache.update_value(|cache| positions = cache.layout(g, &options));
            positions
        })
    });
    let hovered = RwSignal::new(None::<usize>);
    // Nothing is drawn (or exported) while the workers count: an empty graph would say "no
    // resources".
    let rendered = Memo::new(move |_| {
        if counting() {
            return None;
        }
        let text = ChartText {
            title: TITLE.to_owned(),
            subtitle: filters.filter.with(FindingFilter::describe),
        };
        graph.with(|g| {
            positions
                .with(|p| graph_svg(g, p, size(), &theme.chart_theme(), &text, hovered.get()).ok())
        })
    });

    // -- pan and zoom, as a CSS transform of the drawing -- //
    let zoom = RwSignal::new(1.0_f64);
    let pan_px = RwSignal::new((0.0_f64, 0.0_f64));
    let drag = RwSignal::new(None::<(f64, f64, f64, f64)>); // pointer start, pan start
    let moved = RwSignal::new(false);
    let local_point = move |client_x: f64, client_y: f64| {
        let rect = container.get_untracked()?.get_bounding_client_rect();
        Some((client_x - rect.left(), client_y - rect.top(), rect.width()))
    };
    // CSS pixels in the container → chart pixels in the SVG.
    let to_chart = move |x_css: f64, y_css: f64, width_css: f64| {
        let (pan_x, pan_y) = pan_px.get_untracked();
        let scale = f64::from(size().width_px) / width_css.max(1.0);
        let z = zoom.get_untracked();
        (((x_css - pan_x) / z) * scale, ((y_css - pan_y) / z) * scale)
    };
    let node_under = move |event: &web_sys::PointerEvent| {
        let (x, y, width) = local_point(f64::from(event.client_x()), f64::from(event.client_y()))?;
        let (cx, cy) = to_chart(x, y, width);
        rendered.with_untracked(|r| r.as_ref().and_then(|r| r.geometry.node_at(cx, cy)))
    };
    let set_zoom = move |new_zoom: f64, anchor_css: (f64, f64)| {
        let old = zoom.get_untracked();
        let new_zoom = new_zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        let (pan_x, pan_y) = pan_px.get_untracked();
        // Keep the point under the anchor fixed while zooming.
        let ratio = new_zoom / old;
        pan_px.set((
            anchor_css.0 - (anchor_css.0 - pan_x) * ratio,
            anchor_css.1 - (anchor_css.1 - pan_y) * ratio,
        ));
        zoom.set(new_zoom);
    };
    let on_wheel = move |event: ev::WheelEvent| {
        event.prevent_default();
        if let Some((x, y, _)) =
            local_point(f64::from(event.client_x()), f64::from(event.client_y()))
        {
            let factor = if event.delta_y() < 0.0 {
                1.2
            } else {
                1.0 / 1.2
            };
            set_zoom(zoom.get_untracked() * factor, (x, y));
        }
    };
    let on_down = move |event: ev::PointerEvent| {
        let (pan_x, pan_y) = pan_px.get_untracked();
        drag.set(Some((
            f64::from(event.client_x()),
            f64::from(event.client_y()),
            pan_x,
            pan_y,
        )));
        moved.set(false);
    };
    let on_move = move |event: ev::PointerEvent| {
        if let Some((start_x, start_y, pan_x, pan_y)) = drag.get_untracked() {
            let (dx, dy) = (
                f64::from(event.client_x()) - start_x,
                f64::from(event.client_y()) - start_y,
            );
            if dx.abs() + dy.abs() > CLICK_SLOP_PX {
                moved.set(true);
            }
            if moved.get_untracked() {
                pan_px.set((pan_x + dx, pan_y + dy));
                return;
            }
        }
        let under = node_under(&event);
        if hovered.get_untracked() != under {
            hovered.set(under);
        }
    };
    let on_up = move |event: ev::PointerEvent| {
        let was_click = drag.get_untracked().is_some() && !moved.get_untracked();
        drag.set(None);
        if !was_click {
            return;
        }
        let Some(index) = node_under(&event) else {
            return;
        };
        let key = graph.with_untracked(|g| {
            g.nodes
                .get(index)
                .filter(|node| !node.aggregated)
                .map(|node| node.key.clone())
        });
        if let Some(key) = key {
            filters.update(|f| f.graph_node = Some(key));
            hovered.set(None);
        }
    };
    let centre = move || {
        container
            .get_untracked()
            .map(|e| {
                let rect = e.get_bounding_client_rect();
                (rect.width() / 2.0, rect.height() / 2.0)
            })
            .unwrap_or((0.0, 0.0))
    };
    let on_key = move |event: ev::KeyboardEvent| match event.key().as_str() {
        "+" | "=" => set_zoom(zoom.get_untracked() * 1.2, centre()),
        "-" | "_" => set_zoom(zoom.get_untracked() / 1.2, centre()),
        "0" => {
            zoom.set(1.0);
            pan_px.set((0.0, 0.0));
        }
        _ => {}
    };
    let export = Signal::derive(move || {
        let chart = size();
        rendered.with(|r| {
            r.as_ref()
                .map(|r| (r.svg.clone(), chart.width_px, chart.height_px))
        })
    });
    // The text alternative: the nodes (choosing one filters, like a click) and the links.
    let node_rows = Signal::derive(move || {
        graph.with(|g| {
            g.nodes
                .iter()
                .map(|node| ChartRow {
                    label: node.label.clone(),
                    values: vec![
                        node.kind.name().to_owned(),
                        format::count(u64::from(node.finding_count)),
                    ],
                    filters: !node.aggregated,
                })
                .collect::<Vec<_>>()
        })
    });
    let link_rows = Signal::derive(move || {
        graph.with(|g| {
            g.edges
                .iter()
                .map(|edge| {
                    let name = |index: usize| {
                        g.nodes
                            .get(index)
                            .map(|n| n.label.clone())
                            .unwrap_or_default()
                    };
                    ChartRow {
                        label: format!("{} → {}", name(edge.from), name(edge.to)),
                        values: vec![
                            format::count(u64::from(edge.finding_count)),
                            edge.highest_severity.name().to_owned(),
                        ],
                        filters: false,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let table_shown = RwSignal::new(false);
    let choose_node = move |index: usize| {
        let key = graph.with_untracked(|g| {
            g.nodes
                .get(index)
                .filter(|node| !node.aggregated)
                .map(|node| node.key.clone())
        });
        if let Some(key) = key {
            filters.update(|f| f.graph_node = Some(key));
        }
    };
    let tooltip = move || {
        let index = hovered.get()?;
        let (x, y) = rendered.with(|r| {
            let hit = r.as_ref()?.geometry.nodes.get(index)?;
            Some((hit.x_px, hit.y_px))
        })?;
        let (pan_x, pan_y) = pan_px.get();
        let width_css = container
            .get_untracked()
            .map(|e| e.get_bounding_client_rect().width())
            .unwrap_or(1.0);
        let scale = width_css / f64::from(size().width_px);
        let z = zoom.get();
        let node = graph.with(|g| g.nodes.get(index).cloned())?;
        Some(view! {
            <div
                class="tooltip"
                style:left=format!("{}px", x * scale * z + pan_x + 16.0)
                style:top=format!("{}px", y * scale * z + pan_y + 8.0)
            >
                <strong>{node.label.clone()}</strong>
                <span>{format!("{} · {}", node.kind.name(), format::counted(u64::from(node.finding_count), "finding", "findings"))}</span>
                {SeverityBand::ALL.into_iter().rev().filter(|b| node.by_band[b.index()] > 0).map(|band| view! {
                    <span class=format!("tooltip__row tooltip__row--{}", band.slug())>
                        {format!("{}: {}", band.name(), format::count(u64::from(node.by_band[band.index()])))}
                    </span>
                }).collect_view()}
                <span class="tooltip__hint">
                    {if node.aggregated { "Folded long tail (narrow the filter to see them)" } else { "Click to filter to these findings" }}
                </span>
            </div>
        })
    };

    view! {
        <section
            class="card chart-card"
            data-testid="graph-card"
            aria-labelledby="graph-title"
            data-source=move || answer.source.get()
            aria-busy=busy
        >
            <header class="chart-card__header">
                <h2 class="card__title" id="graph-title">"Resource graph"</h2>
                <div class="chart-card__controls">
                    <div class="segmented" role="group" aria-label="Most nodes drawn">
                        {NODE_BUDGETS.into_iter().map(|budget| view! {
                            <button
                                class="segmented__option"
                                class:segmented__option--active=move || max_nodes.get() == budget
                                aria-pressed=move || (max_nodes.get() == budget).to_string()
                                title=format!("Draw at most {budget} nodes")
                                on:click=move |_| max_nodes.set(budget)
                            >
                                {budget}
                            </button>
                        }).collect_view()}
                    </div>
                    <button class="button button--small" aria-label="Zoom in" on:click=move |_| set_zoom(zoom.get_untracked() * 1.2, centre())>"+"</button>
                    <button class="button button--small" aria-label="Zoom out" on:click=move |_| set_zoom(zoom.get_untracked() / 1.2, centre())>"−"</button>
                    <button class="button button--small" on:click=move |_| { zoom.set(1.0); pan_px.set((0.0, 0.0)); }>"Reset view"</button>
                    <TableToggle name="graph" controls="graph-tables".to_owned() shown=table_shown/>
                    <ExportButtons name="graph" title=Signal::derive(|| TITLE.to_owned()) description=Signal::derive(move || graph.with(|g| format!(
                        "{} (accounts, resources and remote actors) and {} between them, from {}; a link's colour is its most severe finding.",
                        format::counted(g.nodes.len() as u64, "node", "nodes"),
                        format::counted(g.edges.len() as u64, "link", "links"),
                        format::counted(g.selected_finding_count as u64, "finding", "findings"),
                    ))) svg=export/>
                </div>
            </header>
            <div
                class="graph__viewport"
                node_ref=container
                data-testid="graph-chart"
                tabindex="0"
                role="group"
                aria-label="Resource graph: drag to pan, wheel or + and − to zoom, 0 to reset"
                on:wheel=on_wheel
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointerleave=move |_| { drag.set(None); hovered.set(None); }
                on:keydown=on_key
            >
                <div
                    class="graph__drawing chart-card__svg"
                    role="img"
                    aria-label="Resource graph drawing; Show as table lists its nodes and links"
                    style:transform=move || {
                        let (x, y) = pan_px.get();
                        format!("translate({x}px, {y}px) scale({})", zoom.get())
                    }
                    inner_html=move || rendered.with(|r| r.as_ref().map(|r| r.svg.clone()).unwrap_or_default())
                ></div>
                <Show when=counting>
                    <p class="graph__counting" data-testid="graph-counting">"Counting the graph in the workers…"</p>
                </Show>
                {tooltip}
            </div>
            <div id="graph-tables" class="chart-tables">
                <ChartTable name="graph-nodes" shown=table_shown caption="Nodes: accounts, resources and actors".to_owned() columns=vec!["Node", "Kind", "Findings"] rows=node_rows on_choose=choose_node/>
                <ChartTable name="graph-links" shown=table_shown caption="Links between nodes".to_owned() columns=vec!["Link", "Findings", "Most severe"] rows=link_rows/>
            </div>
            <p class="chart-card__note" role="status">
                {move || graph.with(|g| {
                    if counting() {
                        return "Counting the graph in the workers…".to_owned();
                    }
                    let mut note = format!(
                        "{}, {} from {}. Edges take the colour of their most severe finding; dashed edges join an attack sequence's resources.",
                        format::counted(g.nodes.len() as u64, "node", "nodes"),
                        format::counted(g.edges.len() as u64, "link", "links"),
                        format::counted(g.selected_finding_count as u64, "finding", "findings"),
                    );
                    if g.folded_node_count > 0 {
                        note.push_str(&format!(
                            " The {} folded into “more …” nodes.",
                            format::counted(u64::from(g.folded_node_count), "least-involved node is", "least-involved nodes are"),
                        ));
                    }
                    if g.unlinked_finding_count > 0 {
                        note.push_str(&format!(
                            " {} no account, resource or actor and {} not drawn.",
                            format::counted(u64::from(g.unlinked_finding_count), "finding names", "findings name"),
                            format::noun(u64::from(g.unlinked_finding_count), "is", "are"),
                        ));
                    }
                    note
                })}
            </p>
        </section>
    }
}
