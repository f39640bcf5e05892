//! The board pack's exports: the PowerPoint deck and the Excel workbook built in the page from
//! the current selection (chart PNGs rendered on a canvas), and the one-page board summary
//! printed through the print dialog (`style/board.css`, under `body.print-board-summary`).

use leptos::prelude::*;

use super::chart_card::{download_bytes, png_bytes};
use super::console::warn_on_error;
use super::kri_card::kri_grid;
use super::state::{BoardSettings, BriefingData, DataState, FilterState};
use crate::analysis::breakdown::{breakdown, Dimension};
use crate::analysis::filter::FindingFilter;
use crate::analysis::rollup_views::{rollup_timeline, Period};
use crate::analysis::timeline::timeline;
use crate::charts::{
    age_distribution, breakdown_bars, risk_matrix_svg, severity_timeline, ChartSize, ChartText,
    ChartTheme,
};
use crate::office::{assemble, deck, workbook, BoardPack, ChartImages, HistoryPack, PackSettings};

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

/// The pack of the current selection with the history the filter keeps, without chart images.
fn current_pack(briefing: BriefingData, board: BoardSettings, filters: FilterState) -> BoardPack {
    let scope = filters.filter.with_untracked(FindingFilter::describe);
    let history = filters
        .history
        .with_untracked(|history| HistoryPack::of(&history.rollup));
    let archived_known = briefing.archived_known.get_untracked();
    board.sla.with_untracked(|sla| {
        board.appetite.with_untracked(|appetite| {
            briefing.with_inputs_untracked(|current, base, rules, now| {
                let settings = PackSettings {
                    rules,
                    sla,
                    appetite,
                    archived_known,
                    title: PACK_TITLE,
                    scope: &scope,
                };
                BoardPack {
                    history,
                    ..assemble(current, base, settings, now)
                }
            })
        })
    })
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
fn chart_svgs(pack: &BoardPack, filters: FilterState) -> [Option<String>; 4] {
    let theme = ChartTheme::light();
    let text = |title: &str| ChartText {
        title: title.to_owned(),
        subtitle: pack.scope.clone(),
    };
    let basis = filters.filter.with_untracked(|f| f.time_basis);
    let (timeline_svg, threats_svg) = filters.with_selection_untracked(|all, selected| {
        let counts = timeline(all, selected, basis, None);
        let threats = breakdown(all, selected, Dimension::ThreatPurpose, None).top(6);
        (
            severity_timeline(&counts, DECK_CHART, &theme, &text("Findings over time"))
                .ok()
                .map(|r| r.svg),
            breakdown_bars(
                &threats,
                DECK_CHART,
                &theme,
                &text("Findings by threat purpose"),
            )
            .ok()
            .map(|r| r.svg),
        )
    });
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
    let busy = RwSignal::new(false);
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
        let mut pack = current_pack(briefing, board, filters);
        let [timeline_svg, matrix_svg, threats_svg, ageing_svg] = chart_svgs(&pack, filters);
        let history_chart = history_svg(filters);
        leptos::task::spawn_local(async move {
            pack.charts = ChartImages {
                timeline_png: render(timeline_svg).await,
                risk_matrix_png: render(matrix_svg).await,
                threats_png: render(threats_svg).await,
                ageing_png: render(ageing_svg).await,
                coverage_png: None,
                history_png: render(history_chart).await,
            };
            if let Some(bytes) = warn_on_error("building the deck", deck(&pack)) {
                download_bytes("guardview-board-pack.pptx", PPTX_TYPE, &bytes);
            }
            busy.set(false);
        });
    };
    let save_workbook = move |_| {
        let pack = current_pack(briefing, board, filters);
        if let Some(bytes) = warn_on_error("building the workbook", workbook(&pack)) {
            download_bytes("guardview-board-pack.xlsx", XLSX_TYPE, &bytes);
        }
    };
    view! {
        <button class="button button--small" data-testid="export-pptx" title="PowerPoint deck of the current selection: indicators first, then the briefing's slides" on:click=save_deck disabled=move || busy.get()>
            {move || if busy.get() { "Building deck…" } else { "PowerPoint (.pptx)" }}
        </button>
        <button class="button button--small" data-testid="export-xlsx" title="Excel workbook: the filtered findings, indicators, risk matrix and ageing" on:click=save_workbook>
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
