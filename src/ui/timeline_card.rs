//! The severity timeline card: stacked bars per bucket; drag across it (or click a bar) to
//! filter every view to that period, or do the same by keyboard (arrows choose a bucket,
//! Shift+arrows extend the range, Enter filters); hover for the counts.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::chart_card::{measured_width, pointer_in_chart, AnsweredSection, ExportButtons};
use super::chart_table::{ChartRow, ChartTable, TableToggle};
use super::state::{DataState, FilterState, QueryState, ThemeState};
use crate::analysis::format;
use crate::analysis::period::Period;
use crate::analysis::timeline::{timeline, Granularity};
use crate::charts::{severity_timeline, ChartSize, ChartText};
use crate::model::{EpochMillis, SeverityBand};

const TITLE: &str = "Findings over time, by severity";
const HEIGHT_PX: u32 = 300;
/// A drag shorter than this many chart pixels is a click on one bar.
const CLICK_SLOP_PX: f64 = 4.0;

#[component]
pub fn TimelineCard() -> impl IntoView {
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let theme = expect_context::<ThemeState>();
    let container: NodeRef<html::Div> = NodeRef::new();
    let width_px = measured_width(container, 960);
    let query = expect_context::<QueryState>();
    // `None` chooses hour, day or week from the span (part of the query the workers answer).
    let granularity_choice = query.timeline_granularity;

    let answer = query.answer(
        |result| result.timeline.clone(),
        move || {
            let basis = filters.filter.with(|f| f.time_basis);
            let choice = granularity_choice.get();
            filters
                .selected
                .with(|selected| data.with_findings(|all| timeline(all, selected, basis, choice)))
        },
    );
    let counts = answer.value;
    let rendered = Memo::new(move |_| {
        let text = ChartText {
            title: TITLE.to_owned(),
            subtitle: filters.filter.with(|f| {
                format!(
                    "{} · by {} time",
                    f.describe(),
                    f.time_basis.label().to_lowercase()
                )
            }),
        };
        let size = ChartSize {
            width_px: width_px.get().max(320),
            height_px: HEIGHT_PX,
        };
        counts.with(|t| severity_timeline(t, size, &theme.chart_theme(), &text).ok())
    });

    // -- drag selection and hover -- //
    let drag_from_px = RwSignal::new(None::<f64>);
    let pointer_px = RwSignal::new(None::<(f64, f64)>);
    let to_chart = move |event: &web_sys::PointerEvent| {
        pointer_in_chart(event, container, width_px.get_untracked().max(320))
    };
    let on_down = move |event: ev::PointerEvent| {
        if let Some((x, _)) = to_chart(&event) {
            drag_from_px.set(Some(x));
        }
    };
    let on_move = move |event: ev::PointerEvent| pointer_px.set(to_chart(&event));
    let on_leave = move |_| {
        pointer_px.set(None);
        drag_from_px.set(None);
    };
    let on_up = move |event: ev::PointerEvent| {
        let (Some(from_x), Some((to_x, _))) = (drag_from_px.get_untracked(), to_chart(&event))
        else {
            return;
        };
        drag_from_px.set(None);
        let Some(geometry) = rendered.with_untracked(|r| r.as_ref().map(|r| r.geometry)) else {
            return;
        };
        let granularity = counts.with_untracked(|t| t.granularity);
        let (left, right) = if from_x <= to_x {
            (from_x, to_x)
        } else {
            (to_x, from_x)
        };
        if right < f64::from(geometry.plot_left_px) || left > f64::from(geometry.plot_right_px) {
            return;
        }
        let start = granularity.bucket_start(geometry.time_at(left));
        let end_bucket = if right - left < CLICK_SLOP_PX {
            start
        } else {
            granularity.bucket_start(geometry.time_at(right))
        };
        let period = Period {
            start,
            end: EpochMillis(end_bucket.0 + granularity.bucket_ms()),
        };
        filters.update(|f| f.period = Some(period));
    };

    // -- the keyboard's drag: (anchor, cursor) bucket indices -- //
    let key_range = RwSignal::new(None::<(usize, usize)>);
    let on_key = move |event: ev::KeyboardEvent| {
        let bucket_count = counts.with_untracked(|t| t.buckets.len());
        if bucket_count == 0 {
            return;
        }
        let last = bucket_count - 1;
        let current = key_range.get_untracked();
        let cursor = current.map_or(last, |(_, cursor)| cursor.min(last));
        let moved_to = match event.key().as_str() {
            "ArrowLeft" if current.is_some() => Some(cursor.saturating_sub(1)),
            "ArrowRight" if current.is_some() => Some((cursor + 1).min(last)),
            "ArrowLeft" | "ArrowRight" => Some(cursor),
            "Home" => Some(0),
            "End" => Some(last),
            _ => None,
        };
        if let Some(to) = moved_to {
            event.prevent_default();
            let anchor = match current {
                Some((anchor, _)) if event.shift_key() => anchor.min(last),
                _ => to,
            };
            key_range.set(Some((anchor, to)));
            return;
        }
        match event.key().as_str() {
            "Enter" | " " => {
                let Some((anchor, cursor)) = current else {
                    return;
                };
                event.prevent_default();
                let period = counts.with_untracked(|t| Period {
                    start: t.bucket_start(anchor.min(cursor)),
                    end: EpochMillis(
                        t.bucket_start(anchor.max(cursor)).0 + t.granularity.bucket_ms(),
                    ),
                });
                filters.update(|f| f.period = Some(period));
                key_range.set(None);
            }
            "Escape" if current.is_some() => {
                event.prevent_default();
                key_range.set(None);
            }
            _ => {}
        }
    };
    // What the keyboard has chosen, said to screen readers as it changes.
    let key_range_text = move || {
        let (anchor, cursor) = key_range.get()?;
        counts.with(|t| {
            let (first, last) = (anchor.min(cursor), anchor.max(cursor));
            let findings: u64 = t
                .buckets
                .get(first..=last)?
                .iter()
                .flatten()
                .map(|&n| u64::from(n))
                .sum();
            let span = if first == last {
                bucket_label(t.bucket_start(first), t.granularity)
            } else {
                format!(
                    "{} to {}",
                    bucket_label(t.bucket_start(first), t.granularity),
                    bucket_label(t.bucket_start(last), t.granularity)
                )
            };
            Some(format!(
                "{span}: {}. Enter filters to it.",
                format::counted(findings, "finding", "findings")
            ))
        })
    };

    // The translucent band shown while dragging or choosing by keyboard, in CSS pixels of the
    // container.
    let selection_style = move || {
        let scale = scale_to_css(container, width_px.get());
        if let Some((anchor, cursor)) = key_range.get() {
            let geometry = rendered.with(|r| r.as_ref().map(|r| r.geometry))?;
            let (left, right) = counts.with(|t| {
                let first = t.bucket_start(anchor.min(cursor));
                let after_last = t.bucket_start(anchor.max(cursor)).0 + t.granularity.bucket_ms();
                (geometry.x_at(first), geometry.x_at(EpochMillis(after_last)))
            });
            return Some((left * scale, (right - left) * scale));
        }
        let (Some(from), Some((to, _))) = (drag_from_px.get(), pointer_px.get()) else {
            return None;
        };
        Some((from.min(to) * scale, (from - to).abs() * scale))
    };
    let tooltip = move || {
        let (x, y) = pointer_px.get()?;
        if drag_from_px.get().is_some() {
            return None;
        }
        let geometry = rendered.with(|r| r.as_ref().map(|r| r.geometry))?;
        if x < f64::from(geometry.plot_left_px) || x > f64::from(geometry.plot_right_px) {
            return None;
        }
        let instant = geometry.time_at(x);
        counts.with(|t| {
            let index = ((instant.0 - t.start.0) / t.granularity.bucket_ms()) as usize;
            let bucket = t.buckets.get(index)?;
            let start = t.bucket_start(index);
            let scale = scale_to_css(container, width_px.get());
            Some((
                x * scale,
                y * scale,
                bucket_label(start, t.granularity),
                *bucket,
            ))
        })
    };
    let export = Signal::derive(move || {
        let width = width_px.get().max(320);
        rendered.with(|r| r.as_ref().map(|r| (r.svg.clone(), width, HEIGHT_PX)))
    });
    // The text alternative: one row per bucket; choosing one filters to it, like a click.
    let table_rows = Signal::derive(move || {
        counts.with(|t| {
            t.buckets
                .iter()
                .enumerate()
                .map(|(index, bucket)| {
                    let mut values =
                        vec![format::count(bucket.iter().map(|&n| u64::from(n)).sum())];
                    values.extend(
                        SeverityBand::ALL
                            .iter()
                            .rev()
                            .map(|band| format::count(u64::from(bucket[band.index()]))),
                    );
                    ChartRow {
                        label: bucket_label(t.bucket_start(index), t.granularity),
                        values,
                        filters: true,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let choose_bucket = move |index: usize| {
        let period = counts.with_untracked(|t| {
            let start = t.bucket_start(index);
            Period {
                start,
                end: EpochMillis(start.0 + t.granularity.bucket_ms()),
            }
        });
        filters.update(|f| f.period = Some(period));
    };
    let table_shown = RwSignal::new(false);
    let mut columns = vec!["Period", "Findings"];
    columns.extend(SeverityBand::ALL.iter().rev().map(|band| band.name()));
    let description = move || {
        counts.with(|t| {
            let busiest = t
                .buckets
                .iter()
                .enumerate()
                .max_by_key(|(_, b)| b.iter().sum::<u32>())
                .map(|(index, b)| {
                    format!(
                        " The busiest {} is {} with {}.",
                        t.granularity.label().to_lowercase(),
                        bucket_label(t.bucket_start(index), t.granularity),
                        format::counted(u64::from(b.iter().sum::<u32>()), "finding", "findings")
                    )
                })
                .unwrap_or_default();
            format!(
                "Stacked bars of findings per {}, by severity: {} in total.{busiest}",
                t.granularity.label().to_lowercase(),
                format::counted(t.dated_total(), "finding", "findings"),
            )
        })
    };

    view! {
        <AnsweredSection
            class="card chart-card"
            testid="timeline-card"
            labelledby="timeline-title"
            source=answer.source
            updating=answer.updating
        >
            <header class="chart-card__header">
                <h2 class="card__title" id="timeline-title">"Severity timeline"</h2>
                <div class="chart-card__controls">
                    <div class="segmented" role="group" aria-label="Bucket size">
                        {std::iter::once(None)
                            .chain(Granularity::ALL.into_iter().map(Some))
                            .map(|choice| {
                                let label = choice.map_or("Auto", Granularity::label);
                                view! {
                                    <button
                                        class="segmented__option"
                                        class:segmented__option--active=move || granularity_choice.get() == choice
                                        aria-pressed=move || (granularity_choice.get() == choice).to_string()
                                        on:click=move |_| granularity_choice.set(choice)
                                    >
                                        {label}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                    <Show when=move || filters.filter.with(|f| f.period.is_some())>
                        <button
                            class="button button--small"
                            data-testid="clear-period"
                            on:click=move |_| filters.update(|f| f.period = None)
                        >
                            "Clear period"
                        </button>
                    </Show>
                    <TableToggle name="timeline" controls="timeline-tables".to_owned() shown=table_shown/>
                    <ExportButtons name="timeline" title=Signal::derive(|| TITLE.to_owned()) description=Signal::derive(description) svg=export/>
                </div>
            </header>
            <p class="visually-hidden" id="timeline-description">{description}</p>
            <p class="visually-hidden" id="timeline-keys">
                "Arrow keys choose a period, Shift with the arrows extends it, Enter filters every view to it, Escape cancels."
            </p>
            <p class="visually-hidden" aria-live="polite" data-testid="timeline-key-range">{key_range_text}</p>
            <div
                class="chart-card__chart chart-card__chart--selectable"
                node_ref=container
                data-testid="timeline-chart"
                role="group"
                aria-label="Choose a period on the timeline"
                aria-describedby="timeline-keys"
                tabindex="0"
                on:keydown=on_key
                on:blur=move |_| key_range.set(None)
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointerleave=on_leave
            >
                <div
                    class="chart-card__svg"
                    role="img"
                    aria-labelledby="timeline-title"
                    aria-describedby="timeline-description"
                    inner_html=move || rendered.with(|r| r.as_ref().map(|r| r.svg.clone()).unwrap_or_default())
                ></div>
                {move || selection_style().map(|(left, width)| view! {
                    <div
                        class="chart-card__selection"
                        style:left=format!("{left}px")
                        style:width=format!("{width}px")
                    ></div>
                })}
                {move || tooltip().map(|(x, y, label, bucket)| view! {
                    <div class="tooltip" style:left=format!("{}px", x + 14.0) style:top=format!("{}px", y + 10.0)>
                        <strong>{label}</strong>
                        {SeverityBand::ALL.into_iter().rev().map(|band| view! {
                            <span class=format!("tooltip__row tooltip__row--{}", band.slug())>
                                {format!("{}: {}", band.name(), format::count(u64::from(bucket[band.index()])))}
                            </span>
                        }).collect_view()}
                        <span class="tooltip__hint">"Click or drag to filter"</span>
                    </div>
                })}
            </div>
            <div id="timeline-tables">
                <ChartTable name="timeline" shown=table_shown caption=TITLE.to_owned() columns=columns rows=table_rows on_choose=choose_bucket/>
            </div>
            <p class="chart-card__note">
                {move || counts.with(|t| {
                    let mut note = format!(
                        "{} in {} of one {}.",
                        format::counted(t.dated_total(), "finding", "findings"),
                        format::counted(t.buckets.len() as u64, "bucket", "buckets"),
                        t.granularity.label().to_lowercase()
                    );
                    if t.undated > 0 {
                        note.push_str(&format!(
                            " {} no time on this basis and {} not drawn.",
                            format::counted(u64::from(t.undated), "finding has", "findings have"),
                            format::noun(u64::from(t.undated), "is", "are"),
                        ));
                    }
                    note
                })}
            </p>
        </AnsweredSection>
    }
}

/// CSS pixels per chart pixel for the container (the SVG scales to the card's width).
fn scale_to_css(container: NodeRef<html::Div>, chart_width_px: u32) -> f64 {
    container
        .get_untracked()
        .map(|e| e.get_bounding_client_rect().width() / f64::from(chart_width_px.max(320)))
        .unwrap_or(1.0)
}

fn bucket_label(start: EpochMillis, granularity: Granularity) -> String {
    let iso = start.to_iso8601();
    let day = iso.get(..10).unwrap_or(&iso);
    match granularity {
        Granularity::Hour => format!("{day} {} UTC", iso.get(11..16).unwrap_or_default()),
        Granularity::Day => day.to_owned(),
        Granularity::Week => format!("Week of {day}"),
    }
}
