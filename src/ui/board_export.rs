//! The board pack's exports: the PowerPoint deck and the Excel workbook built in the page from
//! the current selection (chart PNGs rendered on a canvas), and the one-page board summary
//! printed through the print dialog (`style/board.css`, under `body.print-board-summary`).

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

use super::chart_card::{download_bytes, png_bytes};
use super::console::warn_on_error;
use super::kri_card::kri_grid;
use super::state::{BoardSettings, BriefingData, DataState, FilterState, QueryState, RiskState};
use crate::analysis::breakdown::{breakdown, Breakdown, Dimension};
use crate::analysis::filter::FindingFilter;
use crate::analysis::rollup_views::{rollup_timeline, Period};
use crate::analysis::timeline::{timeline, Timeline};
use crate::charts::{
    age_distribution, breakdown_bars, risk_matrix_svg, severity_timeline, ChartSize, ChartText,
    ChartTheme,
};
use crate::model::EpochMillis;
use crate::office::{
    assemble, deck, pack_of, workbook, BoardPack, ChartImages, HistoryPack, PackParts, PackSettings,
};
use crate::store::partial::BreakdownKind;
use crate::store::query::{AgeingView, TimelineView};
use crate::store::Views;

/// The title of the deck, the workbook and the summary.
const PACK_TITLE: &str = "GuardDuty briefing";
/// Body class that switches printing to the one-page board summary.
const SUMMARY_PRINT_CLASS: &str = "print-board-summary";
/// Size of the charts in the deck (drawn at 2× for sharp slides).
const DECK_CHART: ChartSize = ChartSize {
    width_px: 1200,
    height_px: 600,
};

const PPTX_TYPE: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A board pack without chart images, with what the deck's two finding charts draw (the
/// selection's timeline and its threat purposes), and who counted it (`"workers"` or
/// `"page"`, for the button's `data-exported-from`).
struct Counted {
    pack: BoardPack,
    timeline: Timeline,
    threats: Breakdown,
    from: &'static str,
}

/// Threat purposes the deck's chart shows.
const DECK_THREATS: usize = 6;

/// How long an export waits for the Strategic view's briefing and key risk indicators to answer
/// the current filter before it counts on the page instead.
const WAIT_FOR_VIEWS_MS: u32 = 60_000;
const WAIT_STEP_MS: u32 = 50;

/// The pack of the current selection with the history the filter keeps: from the workers
/// (one query for its counts and rows, with the briefing and the key risk indicators the
/// Strategic view shows once they answer the current filter) while they hold the load, else
/// counted on the page.
async fn current_pack(sources: PackSources) -> Counted {
    let mut counted = match from_workers(sources).await {
        Some(counted) => counted,
        None => on_page(sources),
    };
    counted.pack.history = sources
        .filters
        .history
        .with_untracked(|history| HistoryPack::of(&history.rollup));
    counted
}

/// What a board pack reads.
#[derive(Clone, Copy)]
struct PackSources {
    briefing: BriefingData,
    board: BoardSettings,
    filters: FilterState,
    risk: RiskState,
    query: QueryState,
}

impl PackSources {
    /// Runs `build` with the pack's settings.
    fn with_settings<R>(&self, build: impl FnOnce(PackSettings<'_>, EpochMillis) -> R) -> R {
        let scope = self.filters.filter.with_untracked(FindingFilter::describe);
        let archived_known = self.briefing.archived_known.get_untracked();
        let now = self.risk.now.get_untracked();
        self.board.sla.with_untracked(|sla| {
            self.board.appetite.with_untracked(|appetite| {
                self.risk.rules.with_untracked(|rules| {
                    let settings = PackSettings {
                        rules,
                        sla,
                        appetite,
                        archived_known,
                        title: PACK_TITLE,
                        scope: &scope,
                    };
                    build(settings, now)
                })
            })
        })
    }

    /// Whether the briefing and the key risk indicators shown come from the workers and answer
    /// the current filter.
    fn views_answered(&self) -> bool {
        let answered = |source: Signal<&'static str>, updating: Signal<bool>| {
            source.get_untracked() == "workers" && !updating.get_untracked()
        };
        let (briefing, key_risk) = (self.briefing.briefing, self.briefing.key_risk);
        answered(briefing.source, briefing.updating) && answered(key_risk.source, key_risk.updating)
    }
}

async fn from_workers(sources: PackSources) -> Option<Counted> {
    let mut waited_ms = 0;
    while !sources.views_answered() {
        // The page writes the briefing (no workers, or a baseline only the page holds).
        let briefing = sources.briefing;
        let on_page = briefing.briefing.source.get_untracked() == "page"
            && !briefing.briefing_writing.get_untracked();
        if on_page || waited_ms >= WAIT_FOR_VIEWS_MS {
            return None;
        }
        TimeoutFuture::new(WAIT_STEP_MS).await;
        waited_ms += WAIT_STEP_MS;
    }
    let (sla, archived_known, now) = (
        sources.board.sla.get_untracked(),
        sources.briefing.archived_known.get_untracked(),
        sources.risk.now.get_untracked(),
    );
    let basis = sources.filters.filter.with_untracked(|f| f.time_basis);
    let views = Views {
        kpis: true,
        timeline: Some(TimelineView::new(basis, None)),
        breakdowns: vec![BreakdownKind::ThreatPurpose],
        risk_matrix: true,
        coverage: true,
        ageing: Some(AgeingView {
            sla,
            now_ms: now.0,
            archived_known,
            past_sla_listed: u32::MAX,
        }),
        board_rows: true,
        ..Views::default()
    };
    let mut result = sources.query.ask(views).await?;
    let shown = sources.briefing.briefing.value.get_untracked();
    let parts = PackParts {
        briefing: &shown,
        indicators: sources.briefing.key_risk.value.get_untracked(),
        summary: result.summary.as_ref()?,
        risk_matrix: result.risk_matrix.take()?,
        ageing: result.ageing.take()?.map_keys(|place| place.id),
        coverage: result.coverage.take()?,
        findings: result.board_rows.take()?,
    };
    let pack = sources.with_settings(|settings, now| pack_of(parts, settings, now));
    Some(Counted {
        pack,
        threats: result
            .breakdown(Dimension::ThreatPurpose)?
            .clone()
            .top(DECK_THREATS),
        timeline: result.timeline?,
        from: "workers",
    })
}

fn on_page(sources: PackSources) -> Counted {
    let pack = sources.with_settings(|settings, _| {
        sources
            .briefing
            .with_inputs_untracked(|current, base, _, now| assemble(current, base, settings, now))
    });
    let basis = sources.filters.filter.with_untracked(|f| f.time_basis);
    let (timeline, threats) = sources.filters.with_selection_untracked(|all, selected| {
        (
            timeline(all, selected, basis, None),
            breakdown(all, selected, Dimension::ThreatPurpose, None).top(DECK_THREATS),
        )
    });
    Counted {
        pack,
        timeline,
        threats,
        from: "page",
    }
}

/// The history's findings per month as the deck's chart (light theme), when there is one.
fn history_svg(filters: FilterState) -> Option<String> {
    let text = ChartText {
        title: "Findings per month of first activity".to_owned(),
        subtitle: "History (rollup)".to_owned(),
    };
    filters.history.with_untracked(|history| {
        let rollup = &history.rollup;
        if rollup.is_empty() {
            return None;
        }
        let months = rollup_timeline(rollup, Period::Month);
        breakdown_bars(&months, DECK_CHART, &ChartTheme::light(), &text)
            .ok()
            .map(|r| r.svg)
    })
}

/// The deck's chart SVGs (light theme, for slides on white).
fn chart_svgs(counted: &Counted) -> [Option<String>; 4] {
    let pack = &counted.pack;
    let theme = ChartTheme::light();
    let text = |title: &str| ChartText {
        title: title.to_owned(),
        subtitle: pack.scope.clone(),
    };
    let timeline_svg = severity_timeline(
        &counted.timeline,
        DECK_CHART,
        &theme,
        &text("Findings over time"),
    )
    .ok()
    .map(|r| r.svg);
    let threats_svg = breakdown_bars(
        &counted.threats,
        DECK_CHART,
        &theme,
        &text("Findings by threat purpose"),
    )
    .ok()
    .map(|r| r.svg);
    let matrix_svg = risk_matrix_svg(
        &pack.risk_matrix,
        DECK_CHART,
        &theme,
        &text("Risk matrix (NIST SP 800-30)"),
        None,
    )
    .ok()
    .map(|r| r.svg);
    let ageing_svg = age_distribution(
        &pack.ageing.histogram,
        DECK_CHART,
        &theme,
        &text("Age of active findings"),
    )
    .ok()
    .map(|r| r.svg);
    [timeline_svg, matrix_svg, threats_svg, ageing_svg]
}

async fn render(svg: Option<String>) -> Option<Vec<u8>> {
    let svg = svg?;
    warn_on_error(
        "rendering a chart for the deck",
        png_bytes(&svg, DECK_CHART.width_px, DECK_CHART.height_px, 2).await,
    )
}

/// Turns printing to the one-page summary until the print dialog closes.
fn print_board_summary() {
    let Some(body) = document().body() else {
        return;
    };
    warn_on_error(
        "choosing the board summary print layout",
        body.class_list().add_1(SUMMARY_PRINT_CLASS),
    );
    warn_on_error("opening the print dialog", window().print());
}

/// `export-pptx`, `export-xlsx` and `export-board-pdf`.
#[component]
pub fn BoardExportButtons() -> impl IntoView {
    let briefing = expect_context::<BriefingData>();
    let board = expect_context::<BoardSettings>();
    let filters = expect_context::<FilterState>();
    let sources = PackSources {
        briefing,
        board,
        filters,
        risk: expect_context::<RiskState>(),
        query: expect_context::<QueryState>(),
    };
    let busy = RwSignal::new(false);
    // Which counted the last pack (`data-exported-from`).
    let exported_from = RwSignal::new("");
    // The print layout is chosen per print: the general layout returns after the dialog.
    let handle = window_event_listener(leptos::ev::afterprint, move |_| {
        if let Some(body) = document().body() {
            warn_on_error(
                "restoring the print layout",
                body.class_list().remove_1(SUMMARY_PRINT_CLASS),
            );
        }
    });
    on_cleanup(move || handle.remove());
    let save_deck = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let counted = current_pack(sources).await;
            let [timeline_svg, matrix_svg, threats_svg, ageing_svg] = chart_svgs(&counted);
            let history_chart = history_svg(filters);
            let mut pack = counted.pack;
            pack.charts = ChartImages {
                timeline_png: render(timeline_svg).await,
                risk_matrix_png: render(matrix_svg).await,
                threats_png: render(threats_svg).await,
                ageing_png: render(ageing_svg).await,
                coverage_png: None,
                history_png: render(history_chart).await,
            };
            if let Some(bytes) = warn_on_error("building the deck", deck(&pack)) {
                exported_from.set(counted.from);
                download_bytes("guardview-board-pack.pptx", PPTX_TYPE, &bytes);
            }
            busy.set(false);
        });
    };
    let save_workbook = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let counted = current_pack(sources).await;
            if let Some(bytes) = warn_on_error("building the workbook", workbook(&counted.pack)) {
                exported_from.set(counted.from);
                download_bytes("guardview-board-pack.xlsx", XLSX_TYPE, &bytes);
            }
            busy.set(false);
        });
    };
    view! {
        <button class="button button--small" data-testid="export-pptx" data-exported-from=exported_from title="PowerPoint deck of the current selection: indicators first, then the briefing's slides" on:click=save_deck disabled=move || busy.get()>
            {move || if busy.get() { "Building deck…" } else { "PowerPoint (.pptx)" }}
        </button>
        <button class="button button--small" data-testid="export-xlsx" data-exported-from=exported_from title="Excel workbook: the filtered findings, indicators, risk matrix and ageing" on:click=save_workbook disabled=move || busy.get()>
            "Excel (.xlsx)"
        </button>
        <button class="button button--small" data-testid="export-board-pdf" title="Print, or save as PDF, a one-page board summary" on:click=move |_| print_board_summary()>
            "One-page summary (PDF)"
        </button>
    }
}

/// The one-page board summary: shown only when printing with the summary layout chosen. With a
/// rollup loaded it carries the history's headline and main sentences; with only a rollup, only
/// those.
#[component]
pub fn BoardSummary() -> impl IntoView {
    let briefing = expect_context::<BriefingData>();
    let filters = expect_context::<FilterState>();
    let data = expect_context::<DataState>();
    let decisions = move || {
        briefing.key_risk.value.with(|list| {
            list.iter()
                .filter_map(|kri| {
                    kri.decision
                        .as_ref()
                        .map(|d| format!("{}: {d}", kri.label()))
                })
                .collect::<Vec<_>>()
        })
    };
    let history = move || {
        filters.history_briefing.with(|brief| {
            brief.as_ref().map(|brief| {
                let sentences = brief
                    .slide_sections()
                    .map(|s| view! { <li>{s.sentence.text.clone()}</li> })
                    .collect_view();
                view! {
                    <section class="board-summary__history" data-testid="board-summary-history">
                        <h2>"History (rollup)"</h2>
                        <p>{brief.headline.text.clone()}</p>
                        <ul>{sentences}</ul>
                    </section>
                }
            })
        })
    };
    let findings = move || {
        data.has_findings().then(|| view! {
            <p class="board-summary__headline">{move || briefing.briefing.value.with(|b| b.headline.clone())}</p>
            <h2>"Key risk indicators against appetite"</h2>
            {move || briefing.key_risk.value.with(|list| kri_grid(list))}
            <div class="board-summary__columns">
                <section>
                    <h2>"Top risks"</h2>
                    <ul>
                        {move || briefing.briefing.value.with(|b| b.top_risks.iter().take(3).map(|s| view! { <li>{s.text.clone()}</li> }).collect_view())}
                    </ul>
                </section>
                <section>
                    <h2>"Decisions needed"</h2>
                    <ul>
                        {move || {
                            let list = decisions();
                            if list.is_empty() {
                                view! { <li>"None: every indicator is within appetite or at its limit."</li> }.into_any()
                            } else {
                                list.into_iter().map(|d| view! { <li>{d}</li> }).collect_view().into_any()
                            }
                        }}
                    </ul>
                    <h2>"Recommended actions"</h2>
                    <ol>
                        {move || briefing.briefing.value.with(|b| b.actions.iter().take(3).map(|s| view! { <li>{s.text.clone()}</li> }).collect_view())}
                    </ol>
                </section>
            </div>
        })
    };
    view! {
        <div class="board-summary" data-testid="board-summary">
            <h1 class="board-summary__title">{PACK_TITLE}</h1>
            <p class="board-summary__scope">{move || filters.filter.with(FindingFilter::describe)}</p>
            {findings}
            {history}
        </div>
    }
}
