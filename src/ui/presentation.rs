//! Presentation mode: full-screen slides for a board (title, indicators, timeline, risk matrix,
//! top threats, actions) in a high-contrast projector theme. Arrow keys, Space, Page Up/Down,
//! Home/End move; Escape leaves. The deck is in the page whenever data is loaded (hidden on
//! screen until presenting), so printing from anywhere — the "Print / PDF" button or the
//! browser's own Ctrl+P — gives one slide per landscape page (see `@media print` in
//! style/presentation.css). Leaving gives focus back to the control that started presenting.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use super::briefing_card::sentence_view;
use super::chart_card::download;
use super::console::warn_on_error;
use super::kri_card::kri_grid;
use super::state::{BriefingData, DataState, FilterState, QueryState, RiskState};
use crate::analysis::breakdown::{breakdown, Dimension};
use crate::analysis::export::{briefing_json, risk_matrix_json, summary_json};
use crate::analysis::filter::FindingFilter;
use crate::analysis::format;
use crate::analysis::risk::risk_matrix;
use crate::analysis::rollup_views::{rollup_timeline, Period as RollupPeriod};
use crate::analysis::timeline::timeline;
use crate::charts::{
    breakdown_bars, risk_matrix_svg, severity_timeline, ChartSize, ChartText, ChartTheme,
};
use crate::store::Views;

/// Slide size in chart pixels (16:9); CSS scales slides to the screen or the printed page.
const SLIDE_CHART: ChartSize = ChartSize {
    width_px: 1600,
    height_px: 720,
};

/// One slide of the deck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slide {
    Briefing,
    /// A loaded rollup's history, second (shown only with a rollup).
    History,
    Indicators,
    Timeline,
    Risk,
    Threats,
    Actions,
}

impl Slide {
    /// The slides about loaded findings, in order.
    const OF_FINDINGS: [Slide; 6] = [
        Self::Briefing,
        Self::Indicators,
        Self::Timeline,
        Self::Risk,
        Self::Threats,
        Self::Actions,
    ];

    /// The slide's title (the titles are also the table of contents).
    fn title(self) -> &'static str {
        match self {
            Self::Briefing => "Briefing",
            Self::History => "History (rollup)",
            Self::Indicators => "Key risk indicators against appetite",
            Self::Timeline => "Findings over time",
            Self::Risk => "Risk (NIST SP 800-30)",
            Self::Threats => "Top threats",
            Self::Actions => "Recommended actions",
        }
    }
}

/// The deck's slides, in the board pack's order (`office::deck_order`).
fn slides_of(has_rollup: bool, has_findings: bool) -> Vec<Slide> {
    crate::office::deck_order(
        Slide::Briefing,
        has_rollup.then_some(Slide::History),
        &Slide::OF_FINDINGS[1..],
        has_findings,
    )
}

/// A slide's content, built each time the slide enters the deck.
type SlideBody = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// Whether presentation mode is showing, and which slide.
#[derive(Clone, Copy)]
pub struct PresentState {
    pub open: RwSignal<bool>,
    pub slide: RwSignal<usize>,
    /// The control that had focus when presenting started; it gets focus back on leaving.
    invoker: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
}

impl PresentState {
    pub fn new() -> Self {
        Self {
            open: RwSignal::new(false),
            slide: RwSignal::new(0),
            invoker: StoredValue::new_local(None),
        }
    }

    pub fn start(&self) {
        use wasm_bindgen::JsCast;
        let focused = document()
            .active_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        self.invoker.set_value(focused);
        self.slide.set(0);
        self.open.set(true);
        if let Some(root) = document().document_element() {
            // Full screen needs a user gesture; when refused, the overlay still fills the window.
            warn_on_error("entering full screen", root.request_fullscreen());
        }
    }

    pub fn stop(&self) {
        self.open.set(false);
        if document().fullscreen_element().is_some() {
            document().exit_fullscreen();
        }
        if let Some(invoker) = self.invoker.get_value() {
            warn_on_error("giving focus back after presenting", invoker.focus());
        }
    }

    fn step(&self, by: isize, count: usize) {
        let last = count as isize - 1;
        self.slide
            .update(|s| *s = (*s as isize + by).clamp(0, last) as usize);
    }
}

impl Default for PresentState {
    fn default() -> Self {
        Self::new()
    }
}

/// The "Present", "Print / PDF" and "JSON summary" buttons.
#[component]
pub fn PresentButtons() -> impl IntoView {
    let present = expect_context::<PresentState>();
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let risk = expect_context::<RiskState>();
    let briefing = expect_context::<BriefingData>();
    let query = expect_context::<QueryState>();
    // Which counted the last JSON summary (`data-exported-from`).
    let exported_from = RwSignal::new("");
    let save_json = move |_| {
        leptos::task::spawn_local(async move {
            let views = Views {
                kpis: true,
                risk_matrix: true,
                ..Views::default()
            };
            let asked = query.ask(views).await;
            let from_workers = asked.and_then(|result| {
                // The workers count the matrix of the selection but for its risk cell: a
                // chosen cell keeps only its own count.
                let matrix = result.risk_matrix?;
                let matrix = match filters.filter.with_untracked(|f| f.risk_cell) {
                    Some((likelihood, impact)) => matrix.only(likelihood, impact),
                    None => matrix,
                };
                Some((result.summary?, matrix))
            });
            exported_from.set(if from_workers.is_some() {
                "workers"
            } else {
                "page"
            });
            let (summary, matrix) = from_workers.unwrap_or_else(|| {
                let now = risk.now.get_untracked();
                let summary = filters.selected_summary.get_untracked();
                let matrix = filters.selected.with_untracked(|selected| {
                    data.with_findings(|all| {
                        risk.rules
                            .with_untracked(|rules| risk_matrix(all, selected, rules, now))
                    })
                });
                (summary, matrix)
            });
            let mut json = data
                .reports
                .with_untracked(|reports| summary_json(&summary, reports));
            if let Some(object) = json.as_object_mut() {
                object.insert(
                    "filter".to_owned(),
                    filters
                        .filter
                        .with_untracked(FindingFilter::describe)
                        .into(),
                );
                object.insert("risk".to_owned(), risk_matrix_json(&matrix));
                object.insert(
                    "briefing".to_owned(),
                    briefing.briefing.value.with_untracked(|b| {
                        briefing
                            .indicators
                            .value
                            .with_untracked(|list| briefing_json(b, list))
                    }),
                );
            }
            let text = serde_json::to_string_pretty(&json).unwrap_or_default();
            download("guardview-summary.json", "application/json", &text);
        });
    };
    // The print stylesheet always prints the slides: the button only opens the dialog.
    let print = move |_| {
        warn_on_error("opening the print dialog", window().print());
    };
    view! {
        <button class="button button--primary button--small" data-testid="present" on:click=move |_| present.start()>
            "Present"
        </button>
        <button class="button button--small" data-testid="print-briefing" title="Print, or save as a PDF: one slide per landscape page" on:click=print>
            "Print / PDF"
        </button>
        <button class="button button--small" data-testid="export-summary-json" data-exported-from=exported_from title="The numbers, the risk matrix and the briefing as JSON" on:click=save_json>
            "JSON summary"
        </button>
    }
}

#[component]
pub fn Presentation() -> impl IntoView {
    let present = expect_context::<PresentState>();
    let data = expect_context::<DataState>();
    let slides = Memo::new(move |_| slides_of(data.has_rollup(), data.has_findings()));
    let handle = window_event_listener(ev::keydown, move |event| {
        if !present.open.get_untracked() {
            return;
        }
        let count = slides.with_untracked(Vec::len);
        match event.key().as_str() {
            "ArrowRight" | "ArrowDown" | "PageDown" | " " => present.step(1, count),
            "ArrowLeft" | "ArrowUp" | "PageUp" | "Backspace" => present.step(-1, count),
            "Home" => present.slide.set(0),
            "End" => present.slide.set(count.saturating_sub(1)),
            "Escape" => present.stop(),
            _ => return,
        }
        event.prevent_default();
    });
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || data.has_anything()>
            <Deck slides=slides/>
        </Show>
    }
}

/// All slides are in the DOM (the screen shows one, print shows all).
#[component]
fn Deck(slides: Memo<Vec<Slide>>) -> impl IntoView {
    let present = expect_context::<PresentState>();
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let risk = expect_context::<RiskState>();
    let briefing = expect_context::<BriefingData>();
    let theme = ChartTheme::projector();
    let scope = move || filters.filter.with(FindingFilter::describe);
    let query = expect_context::<QueryState>();
    // The slides read the workers' answers to the cards' query (the page counts only while
    // the store cannot answer), so the hidden deck costs the page no per-finding work.
    let summary = query
        .answer(
            |result| result.summary.clone(),
            move || filters.selected_summary.get(),
        )
        .value;
    let counts = query.answer(
        // The cards' timeline is the deck's when the timeline card chooses its own buckets.
        move |result| {
            query
                .timeline_granularity
                .get()
                .is_none()
                .then(|| result.timeline.clone())
                .flatten()
        },
        move || {
            let basis = filters.filter.with(|f| f.time_basis);
            filters.with_selection(|all, selected| timeline(all, selected, basis, None))
        },
    );
    let timeline_svg = move || {
        let text = ChartText {
            title: "Findings over time, by severity".to_owned(),
            subtitle: scope(),
        };
        counts.value.with(|counts| {
            severity_timeline(counts, SLIDE_CHART, &theme, &text)
                .map(|r| r.svg)
                .unwrap_or_default()
        })
    };
    let matrix = query.answer(
        // The cards' matrix counts the selection but for its risk cell: a chosen cell keeps
        // only its own count.
        move |result| {
            let matrix = result.risk_matrix.as_ref()?;
            Some(match filters.filter.with(|f| f.risk_cell) {
                Some((likelihood, impact)) => matrix.only(likelihood, impact),
                None => matrix.clone(),
            })
        },
        // Counted from the cells RiskState assessed once per load: a filter change never
        // assesses every finding again.
        move || filters.selected.with(|selected| risk.matrix_of(selected)),
    );
    let matrix_svg = move || {
        let text = ChartText {
            title: "Level of risk: likelihood × impact".to_owned(),
            subtitle: format!("{} · NIST SP 800-30 Rev. 1, Tables G-5 and I-2", scope()),
        };
        let size = ChartSize {
            width_px: 1600,
            height_px: 760,
        };
        matrix.value.with(|matrix| {
            risk_matrix_svg(matrix, size, &theme, &text, None)
                .map(|r| r.svg)
                .unwrap_or_default()
        })
    };
    let threats = query.answer(
        |result| result.breakdown(Dimension::ThreatPurpose).cloned(),
        move || {
            filters.with_selection(|all, selected| {
                breakdown(all, selected, Dimension::ThreatPurpose, None)
            })
        },
    );
    let threats_svg = move || {
        let text = ChartText {
            title: "Findings by threat purpose".to_owned(),
            subtitle: scope(),
        };
        let rows = threats.value.with(|rows| rows.clone().top(6));
        let size = ChartSize {
            width_px: 1600,
            height_px: 150 + 52 * rows.rows.len().max(1) as u32,
        };
        breakdown_bars(&rows, size, &theme, &text)
            .map(|r| r.svg)
            .unwrap_or_default()
    };
    let period = move || {
        summary.with(|s| match (s.first_seen, s.last_seen) {
            (Some(first), Some(last)) => format!(
                "{} to {}",
                first.to_iso8601().get(..10).unwrap_or_default(),
                last.to_iso8601().get(..10).unwrap_or_default()
            ),
            _ => "No dated activity".to_owned(),
        })
    };

    // With only a rollup loaded the deck is the history: its span is the period.
    let history_only = move || data.has_rollup() && !data.has_findings();
    let history_span = move || {
        filters
            .history_kpis
            .with(|k| match (&k.first_day, &k.last_day) {
                (Some(first), Some(last)) => format!("{first} to {last}"),
                _ => "no first-seen day".to_owned(),
            })
    };
    let footer_period = move || {
        if history_only() {
            format!("History {}", history_span())
        } else {
            period()
        }
    };
    let count = move || slides.with(Vec::len);

    let cover: SlideBody = Arc::new(move || {
        view! {
            <div class="slide__cover">
                <p class="slide__kicker">"Security briefing · Amazon GuardDuty"</p>
                <h1 class="slide__headline" data-testid="slide-headline">
                    {move || if history_only() {
                        filters.history_briefing.with(|b| b.as_ref().map(|b| b.headline.text.clone()).unwrap_or_default())
                    } else {
                        briefing.briefing.value.with(|b| b.headline.clone())
                    }}
                </h1>
                <p class="slide__meta">{move || if history_only() {
                    format!("History: {}", history_span())
                } else {
                    format!("Period: {}", period())
                }}</p>
                <p class="slide__meta">
                    {move || summary.with(|s| format!(
                        "Scope: {}, {} · {}",
                        format::counted(s.accounts, "account", "accounts"),
                        format::counted(s.regions, "region", "regions"),
                        scope(),
                    ))}
                </p>
            </div>
        }
        .into_any()
    });
    let history_chart_svg = move || {
        let text = ChartText {
            title: "Findings per month of first activity, by severity".to_owned(),
            subtitle: "History (rollup)".to_owned(),
        };
        filters.with_history(|rollup| {
            let months = rollup_timeline(rollup, RollupPeriod::Month);
            let size = ChartSize {
                width_px: 1000,
                height_px: 120 + 30 * months.rows.len().max(1) as u32,
            };
            breakdown_bars(&months, size, &theme, &text)
                .map(|r| r.svg)
                .unwrap_or_default()
        })
    };
    let history: SlideBody = Arc::new(move || {
        view! {
            <div class="slide__history" data-testid="slide-history">
                <div class="slide__chart" inner_html=history_chart_svg></div>
                <div class="slide__history-text">
                    <p class="slide__history-headline">
                        {move || filters.history_briefing.with(|b| b.as_ref().map(|b| b.headline.text.clone()))}
                    </p>
                    <ul class="slide__list">
                        {move || filters.history_briefing.with(|b| b.as_ref().map(|b| b
                            .slide_sections()
                            .map(|s| sentence_view(&s.sentence))
                            .collect_view()))}
                    </ul>
                </div>
            </div>
        }
        .into_any()
    });

    // A slide is drawn only while it is in the deck, at its place in it.
    let slide = move |kind: Slide, body: SlideBody| {
        move || {
            let index = slides.with(|list| list.iter().position(|k| *k == kind))?;
            Some(view! {
                <section
                    class="slide"
                    class:slide--active=move || present.slide.get() == index
                    data-testid=format!("slide-{}", index + 1)
                    aria-hidden=move || (present.slide.get() != index).to_string()
                >
                    <header class="slide__header">
                        <span class="slide__title">{kind.title()}</span>
                        <span class="slide__number">{move || format!("{} / {}", index + 1, count())}</span>
                    </header>
                    <div class="slide__body">{body()}</div>
                    <footer class="slide__footer">
                        {move || format!("guardview · GuardDuty findings · {} · {}", footer_period(), scope())}
                    </footer>
                </section>
            })
        }
    };

    let deck: NodeRef<leptos::html::Div> = NodeRef::new();
    // Presenting moves focus into the deck, so keys and a screen reader start on the slides.
    Effect::new(move |_| {
        if present.open.get() {
            if let Some(element) = deck.get() {
                warn_on_error("focusing the slides", element.focus());
            }
        }
    });
    view! {
        <div
            class="presentation"
            class:presentation--open=move || present.open.get()
            role="dialog"
            aria-modal="true"
            aria-label="Presentation"
            tabindex="-1"
            node_ref=deck
            data-testid="presentation"
        >
            {slide(Slide::Briefing, cover)}
            {slide(Slide::History, history)}
            {slide(Slide::Indicators, Arc::new(move || view! {
                <div class="slide__indicators" data-testid="slide-kris">
                    {move || briefing.key_risk.value.with(|list| kri_grid(list))}
                </div>
            }.into_any()))}
            {slide(Slide::Timeline, Arc::new(move || view! { <div class="slide__chart" inner_html=timeline_svg></div> }.into_any()))}
            {slide(Slide::Risk, Arc::new(move || view! { <div class="slide__chart" inner_html=matrix_svg></div> }.into_any()))}
            {slide(Slide::Threats, Arc::new(move || view! {
                <div class="slide__stack">
                    <div class="slide__chart" inner_html=threats_svg></div>
                    <ul class="slide__list slide__list--risks">
                        {move || briefing.briefing.value.with(|b| b.top_risks.iter().take(3).map(sentence_view).collect_view())}
                    </ul>
                </div>
            }.into_any()))}
            {slide(Slide::Actions, Arc::new(move || view! {
                <ol class="slide__list slide__list--actions">
                    {move || briefing.briefing.value.with(|b| b.actions.iter().map(sentence_view).collect_view())}
                </ol>
            }.into_any()))}
            <nav class="presentation__controls" aria-label="Slides">
                <button class="button" data-testid="slide-prev" on:click=move |_| present.step(-1, count())>"← Previous"</button>
                <span data-testid="slide-counter">{move || format!("{} / {}", present.slide.get() + 1, count())}</span>
                <button class="button" data-testid="slide-next" on:click=move |_| present.step(1, count())>"Next →"</button>
                <button class="button" data-testid="slide-exit" on:click=move |_| present.stop()>"Exit (Esc)"</button>
            </nav>
        </div>
    }
}
