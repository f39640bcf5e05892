//! Breakdown cards: threat purpose → family → type (the drill level follows the filter), and
//! affected resource types. Clicking a bar adds it to the global filter.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::chart_card::{
    download as download_file, measured_width, pointer_in_chart, AnsweredSection, ExportButtons,
};
use super::chart_table::{ChartRow, ChartTable, TableToggle};
use super::state::{Answer, DataState, FilterState, QueryState, ThemeState};
use crate::analysis::attack::navigator_layer;
use crate::analysis::breakdown::{breakdown, keep_within, Breakdown, BreakdownRow, Dimension};
use crate::analysis::filter::FindingFilter;
use crate::analysis::format;
use crate::charts::{breakdown_bars, ChartSize, ChartText};
use crate::model::SeverityBand;

/// Rows drawn before the rest are folded into "N others".
const TOP_ROWS: usize = 12;
const ROW_PX: u32 = 26;

/// Which level of the threat-type hierarchy the filter asks for, and within what.
fn threat_level(filter: &FindingFilter) -> (Dimension, Option<(Dimension, String)>) {
    if filter.types.len() == 1 {
        let only = filter.types.iter().next().cloned().unwrap_or_default();
        // A family prefix (no mechanism or artifact) drills into its full types.
        if !only.contains(['.', '!']) {
            return (Dimension::FindingType, Some((Dimension::Family, only)));
        }
    }
    if filter.purposes.len() == 1 && filter.types.is_empty() {
        let only = filter.purposes.iter().next().cloned().unwrap_or_default();
        return (Dimension::Family, Some((Dimension::ThreatPurpose, only)));
    }
    (Dimension::ThreatPurpose, None)
}

/// Adds a clicked row to the filter.
fn apply_click(filter: &mut FindingFilter, dimension: Dimension, label: String) {
    match dimension {
        Dimension::ThreatPurpose => {
            filter.purposes.insert(label);
        }
        Dimension::Family => {
            filter.types.clear();
            filter.types.insert(label);
        }
        Dimension::FindingType => {
            filter.types.clear();
            filter.types.insert(label);
        }
        Dimension::ResourceType => {
            filter.resource_types.insert(label);
        }
        Dimension::Account => {
            filter.accounts.insert(label);
        }
        Dimension::Region => {
            filter.regions.insert(label);
        }
        // A tactic or CSA threat is derived from the type; the filter has no such field.
        Dimension::Tactic | Dimension::CsaThreat => {}
    }
}

#[component]
pub fn ThreatTypeCard() -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let rows = expect_context::<QueryState>().answer(
        move |result| {
            let (dimension, within) = filters.filter.with(threat_level);
            let merged = result.breakdown(dimension)?.clone();
            let narrowed = match &within {
                Some((parent, value)) => keep_within(merged, (*parent, value)),
                None => merged,
            };
            Some(narrowed.top(TOP_ROWS))
        },
        move || {
            let (dimension, within) = filters.filter.with(threat_level);
            filters.with_selection(|all, selected| {
                breakdown(
                    all,
                    selected,
                    dimension,
                    within.as_ref().map(|(d, v)| (*d, v.as_str())),
                )
                .top(TOP_ROWS)
            })
        },
    );
    let title = Signal::derive(move || {
        let (dimension, within) = filters.filter.with(threat_level);
        match within {
            Some((_, parent)) => format!("{} in {parent}", dimension.label()),
            None => "Findings by threat purpose".to_owned(),
        }
    });
    view! {
        <BreakdownChart
            card_id="threat-types"
            heading="Threat types"
            title=title
            rows=rows
        />
    }
}

#[component]
pub fn ResourceTypeCard() -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let rows = expect_context::<QueryState>().answer(
        |result| {
            Some(
                result
                    .breakdown(Dimension::ResourceType)?
                    .clone()
                    .top(TOP_ROWS),
            )
        },
        move || {
            filters.with_selection(|all, selected| {
                breakdown(all, selected, Dimension::ResourceType, None).top(TOP_ROWS)
            })
        },
    );
    view! {
        <BreakdownChart
            card_id="resource-types"
            heading="Affected resources"
            title=Signal::derive(|| "Findings by affected resource type".to_owned())
            rows=rows
        />
    }
}

/// Where the findings are: one card per dimension (accounts, regions), click to filter.
#[component]
pub fn PlaceCard(dimension: Dimension) -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let rows = expect_context::<QueryState>().answer(
        move |result| Some(result.breakdown(dimension)?.clone().top(TOP_ROWS)),
        move || {
            filters.with_selection(|all, selected| {
                breakdown(all, selected, dimension, None).top(TOP_ROWS)
            })
        },
    );
    let (card_id, heading) = match dimension {
        Dimension::Account => ("accounts", "AWS accounts"),
        _ => ("regions", "Regions"),
    };
    view! {
        <BreakdownChart
            card_id=card_id
            heading=heading
            title=Signal::derive(move || format!("Findings by {}", dimension.label().to_lowercase()))
            rows=rows
        />
    }
}

/// Findings per MITRE ATT&CK tactic, in kill-chain order, with a Navigator layer export.
#[component]
pub fn AttackCard() -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let index = expect_context::<DataState>().index;
    let rows = expect_context::<QueryState>().answer(
        |result| result.tactics.clone(),
        move || {
            let index = index.get();
            filters.with_selection(|all, selected| index.tactic_breakdown(all, selected))
        },
    );
    let export_layer = move |_| {
        let layer = filters.with_selection_untracked(|all, selected| {
            navigator_layer(all, selected, "guardview findings")
        });
        download_file("guardview-attack-layer.json", "application/json", &layer);
    };
    view! {
        <BreakdownChart
            card_id="attack"
            heading="MITRE ATT&CK tactics"
            title=Signal::derive(|| "Findings by ATT&CK tactic (kill-chain order)".to_owned())
            rows=rows
            note="Tactics come from the finding type (documented mapping) and, for attack sequences, from GuardDuty's own ATTACK_TACTIC indicators. A finding can count under more than one tactic."
        >
            <button class="button button--small" data-testid="export-navigator" on:click=export_layer>
                "Navigator layer"
            </button>
        </BreakdownChart>
    }
}

/// Findings per CSA "Egregious Eleven" threat, in the list's order.
#[component]
pub fn CsaCard() -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let index = expect_context::<DataState>().index;
    let rows = expect_context::<QueryState>().answer(
        |result| result.csa_threats.clone(),
        move || {
            let index = index.get();
            filters.with_selection(|all, selected| index.csa_breakdown(all, selected))
        },
    );
    view! {
        <BreakdownChart
            card_id="csa"
            heading="CSA Egregious Eleven"
            title=Signal::derive(|| "Findings by CSA top threat".to_owned())
            rows=rows
            note="A documented mapping from finding types to the Cloud Security Alliance's Top Threats to Cloud Computing: Egregious Eleven. Threats about how an organisation is set up (architecture, insiders, control plane) are never shown by a single finding and stay at zero."
        />
    }
}

/// A horizontal bar chart of a breakdown with hover details and click-to-filter.
#[component]
fn BreakdownChart(
    card_id: &'static str,
    heading: &'static str,
    #[prop(into)] title: Signal<String>,
    /// The rows, from the workers' store or the page (see `QueryState::answer`).
    rows: Answer<Breakdown>,
    /// A sentence under the chart saying where the numbers come from.
    #[prop(optional)]
    note: Option<&'static str>,
    /// Extra header controls.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let theme = expect_context::<ThemeState>();
    let Answer {
        value: rows,
        source,
        updating,
    } = rows;
    let container: NodeRef<html::Div> = NodeRef::new();
    let width_px = measured_width(container, 560);
    let height_px = move || rows.with(|b| 58 + 34 + ROW_PX * b.rows.len().max(1) as u32);
    let rendered = Memo::new(move |_| {
        let text = ChartText {
            title: title.get(),
            subtitle: filters.filter.with(FindingFilter::describe),
        };
        let size = ChartSize {
            width_px: width_px.get().max(320),
            height_px: height_px(),
        };
        rows.with(|b| breakdown_bars(b, size, &theme.chart_theme(), &text).ok())
    });
    let pointer = RwSignal::new(None::<(f64, f64)>);
    let to_chart = move |event: &web_sys::PointerEvent| {
        pointer_in_chart(event, container, width_px.get_untracked().max(320))
    };
    let hovered_row = move || {
        let (_, y) = pointer.get()?;
        let geometry = rendered.with(|r| r.as_ref().map(|r| r.geometry))?;
        let index = geometry.row_at(y)?;
        rows.with(|b| {
            b.rows
                .get(index)
                .cloned()
                .map(|row| (index, row, b.dimension))
        })
    };
    let on_click = move |event: ev::PointerEvent| {
        pointer.set(to_chart(&event));
        let Some((index, row, dimension)) = hovered_row() else {
            return;
        };
        let folded = rows.with_untracked(|b| b.rows.len() > TOP_ROWS && index == b.rows.len() - 1);
        if row.total() == 0 {
            return;
        }
        if !folded {
            filters.update(|f| apply_click(f, dimension, row.label));
        }
    };
    let export = Signal::derive(move || {
        let (width, height) = (width_px.get().max(320), height_px());
        rendered.with(|r| r.as_ref().map(|r| (r.svg.clone(), width, height)))
    });
    let table_rows = Signal::derive(move || rows.with(breakdown_table_rows));
    let choose_row = move |index: usize| {
        let chosen =
            rows.with_untracked(|b| b.rows.get(index).map(|r| (r.label.clone(), b.dimension)));
        if let Some((label, dimension)) = chosen {
            filters.update(|f| apply_click(f, dimension, label));
        }
    };
    let table_shown = RwSignal::new(false);
    let heading_id = format!("{card_id}-title");
    let (section_label, chart_label) = (heading_id.clone(), heading_id.clone());
    let description_id = format!("{card_id}-description");
    let chart_description = description_id.clone();
    let description = move || rows.with(breakdown_description);
    view! {
        <AnsweredSection
            class="card chart-card"
            testid=format!("{card_id}-card")
            labelledby=section_label
            source=source
            updating=updating
        >
            <header class="chart-card__header">
                <h2 class="card__title" id=heading_id>{heading}</h2>
                <div class="chart-card__controls">
                    {children.map(|children| children())}
                    <TableToggle name=card_id controls=format!("{card_id}-tables") shown=table_shown/>
                    <ExportButtons name=card_id title=title description=Signal::derive(description) svg=export/>
                </div>
            </header>
            <p class="visually-hidden" id=description_id>{description}</p>
            <div
                class="chart-card__chart chart-card__chart--clickable"
                node_ref=container
                data-testid=format!("{card_id}-chart")
                on:pointermove=move |event| pointer.set(to_chart(&event))
                on:pointerleave=move |_| pointer.set(None)
                on:pointerup=on_click
            >
                <div
                    class="chart-card__svg"
                    role="img"
                    aria-labelledby=chart_label
                    aria-describedby=chart_description
                    inner_html=move || rendered.with(|r| r.as_ref().map(|r| r.svg.clone()).unwrap_or_default())
                ></div>
                {move || {
                    let (x, y) = pointer.get()?;
                    let (_, row, _) = hovered_row()?;
                    let scale = container
                        .get_untracked()
                        .map(|e| e.get_bounding_client_rect().width() / f64::from(width_px.get().max(320)))
                        .unwrap_or(1.0);
                    Some(view! {
                        <div class="tooltip" style:left=format!("{}px", x * scale + 14.0) style:top=format!("{}px", y * scale + 10.0)>
                            <strong>{row.label.clone()}</strong>
                            <span>{format::counted(u64::from(row.total()), "finding", "findings")}</span>
                            {SeverityBand::ALL.into_iter().rev().filter(|b| row.by_band[b.index()] > 0).map(|band| view! {
                                <span class=format!("tooltip__row tooltip__row--{}", band.slug())>
                                    {format!("{}: {}", band.name(), format::count(u64::from(row.by_band[band.index()])))}
                                </span>
                            }).collect_view()}
                            <span class="tooltip__hint">"Click to filter"</span>
                        </div>
                    })
                }}
            </div>
            {move || rows.with(|b| b.rows.iter().all(|r| r.total() == 0)).then(|| view! {
                <p class="chart-card__empty">"No findings match the filter."</p>
            })}
            <div id=format!("{card_id}-tables")>
                <ChartTable name=card_id shown=table_shown caption=title columns=breakdown_columns() rows=table_rows on_choose=choose_row/>
            </div>
            {note.map(|note| view! { <p class="chart-card__note">{note}</p> })}
        </AnsweredSection>
    }
}

/// The table's columns: the row label, the total, then one per severity band (most severe first).
pub(super) fn breakdown_columns() -> Vec<&'static str> {
    let mut columns = vec!["Row", "Findings"];
    columns.extend(SeverityBand::ALL.iter().rev().map(|band| band.name()));
    columns
}

/// The chart's numbers as table rows; the folded "others" row and empty rows do not filter.
fn breakdown_table_rows(breakdown: &Breakdown) -> Vec<ChartRow> {
    let last = breakdown.rows.len().saturating_sub(1);
    breakdown
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let values = breakdown_row_values(row);
            let folded = breakdown.rows.len() > TOP_ROWS && index == last;
            ChartRow {
                label: row.label.clone(),
                values,
                filters: !folded && row.total() > 0,
            }
        })
        .collect()
}

/// A row's numbers for its table: the total, then one per band (most severe first).
pub(super) fn breakdown_row_values(row: &BreakdownRow) -> Vec<String> {
    let mut values = vec![format::count(u64::from(row.total()))];
    values.extend(
        SeverityBand::ALL
            .iter()
            .rev()
            .map(|band| format::count(u64::from(row.by_band[band.index()]))),
    );
    values
}

/// What the bars say, in one sentence, for a screen reader.
pub(super) fn breakdown_description(breakdown: &Breakdown) -> String {
    let shown: Vec<String> = breakdown
        .rows
        .iter()
        .take(5)
        .map(|row| format!("{} {}", row.label, format::count(u64::from(row.total()))))
        .collect();
    if shown.is_empty() {
        return "Bar chart: no findings.".to_owned();
    }
    format!(
        "Bar chart of {} by {}, largest first: {}. Show as table lists every row.",
        "findings",
        breakdown.dimension.label().to_lowercase(),
        shown.join("; ")
    )
}
