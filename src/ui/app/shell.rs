//! The page shell: creates the state and provides it as context, then lays out the header
//! (file and folder pickers, sample data, forget, theme), the status line, the chosen view, the footer and
//! the overlays.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::drop_target::{drop_state, install_window_drop_target, DropOverlay};
use super::empty_state::EmptyState;
use super::folder_picker::OpenFolderButton;
use super::load_status::LoadStatus;
use super::paste_target::install_paste_target;
use super::sample_data::sample_source;
use super::theme_toggle::ThemeToggle;
use super::url_sync::{filter_in_url, sync_state_with_url, view_in_url};
use super::view_tabs::ViewTabs;
use crate::analysis::breakdown::Dimension;
use crate::ui::actors_card::ActorsCard;
use crate::ui::ageing_card::AgeingCard;
use crate::ui::board_export::{BoardExportButtons, BoardSummary};
use crate::ui::breakdown_card::{AttackCard, CsaCard, PlaceCard, ResourceTypeCard, ThreatTypeCard};
use crate::ui::briefing_card::{BriefingCard, TrendCard};
use crate::ui::console::warn_on_error;
use crate::ui::coverage_card::CoverageCard;
use crate::ui::file_reader::{sources_from_file_list, start_load, start_picked_load};
use crate::ui::filter_bar::FilterBar;
use crate::ui::finding_detail::FindingDetail;
use crate::ui::findings_table::FindingsTable;
use crate::ui::graph_card::GraphCard;
use crate::ui::history_card::{FindingLevelNote, HistoryBreakdowns, HistoryCard};
use crate::ui::kpi_tiles::KpiTiles;
use crate::ui::kri_card::KriCard;
use crate::ui::load_report::LoadReport;
use crate::ui::presentation::{PresentButtons, PresentState, Presentation};
use crate::ui::risk_card::RiskMatrixCard;
use crate::ui::state::{
    BaselineState, BoardSettings, BriefingData, DataState, DetailState, FilterState, LoadPhase,
    LoadState, QueryState, RiskState, ThemeState, View,
};
use crate::ui::suppression_card::SuppressionCard;
use crate::ui::timeline_card::TimelineCard;

#[component]
pub fn App() -> impl IntoView {
    let load = LoadState::new();
    let data = DataState::new();
    let risk = RiskState::new(data);
    let filters = FilterState::new(data, risk, filter_in_url());
    let baseline = BaselineState::new();
    let view = RwSignal::new(view_in_url());
    provide_context(load);
    provide_context(data);
    provide_context(filters);
    provide_context(risk);
    let detail = DetailState::new();
    let board = BoardSettings::new();
    let query = QueryState::new((data, filters, risk, load), detail, board, baseline);
    provide_context(query);
    provide_context(ThemeState::new());
    provide_context(detail);
    provide_context(baseline);
    provide_context(board);
    provide_context(BriefingData::new(
        data, filters, risk, baseline, board, query,
    ));
    provide_context(PresentState::new());
    sync_state_with_url(view, filters);

    install_window_drop_target(load, data);
    install_paste_target(load, data);

    let file_input: NodeRef<html::Input> = NodeRef::new();
    let open_picker = move |_| {
        if let Some(input) = file_input.get() {
            input.click();
        }
    };
    let on_files_chosen = move |event: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(files) = input.files() {
            start_picked_load(load, data, sources_from_file_list(&files));
        }
        // Let the user pick the same file again later.
        input.set_value("");
    };
    let load_sample = move |_| start_load(load, data, vec![sample_source()]);
    // The skip link moves focus itself: following `#main` would replace the URL hash, which
    // holds the view and the filter.
    let main_content: NodeRef<html::Main> = NodeRef::new();
    let skip_to_main = move |event: ev::MouseEvent| {
        event.prevent_default();
        if let Some(main) = main_content.get() {
            warn_on_error("moving focus to the main content", main.focus());
        }
    };

    view! {
        <div class="app" data-drop-state=move || drop_state(load)>
            <a class="skip-link" href="#main" data-testid="skip-link" on:click=skip_to_main>"Skip to main content"</a>
            <header class="app-header">
                <div class="brand">
                    <BrandMark/>
                    <div>
                        <h1 class="brand__name">"guardview"</h1>
                        <p class="brand__tagline">"GuardDuty findings, analysed in your browser"</p>
                    </div>
                </div>
                <nav class="app-header__actions" aria-label="Load data">
                    <input
                        node_ref=file_input
                        id="file-input"
                        data-testid="file-input"
                        class="visually-hidden"
                        type="file"
                        multiple=true
                        accept=".json,.jsonl,.ndjson,.log,.gz,.txt,.csv,application/json,application/gzip,text/csv"
                        tabindex="-1"
                        aria-label="Open GuardDuty files or rollups"
                        on:change=on_files_chosen
                    />
                    <button class="button button--primary" data-testid="open-files" on:click=open_picker>
                        "Open files…"
                    </button>
                    <OpenFolderButton/>
                    <button
                        class="button"
                        data-testid="load-sample"
                        on:click=load_sample
                        disabled=move || load.is_reading()
                    >
                        "Load sample data"
                    </button>
                    <Show when=move || data.has_anything()>
                        <button
                            class="button button--quiet"
                            data-testid="clear"
                            title="Remove every loaded finding from this tab (nothing is stored anywhere else)"
                            on:click=move |_| {
                                data.clear();
                                load.phase.set(LoadPhase::Idle);
                            }
                        >
                            "Forget data"
                        </button>
                    </Show>
                    <ThemeToggle/>
                </nav>
            </header>
            <LoadStatus/>
            <main class="app-main" id="main" tabindex="-1" node_ref=main_content>
                <Show
                    when=move || data.has_anything()
                    fallback=move || view! { <EmptyState on_open=open_picker on_sample=load_sample/> }
                >
                    <ViewTabs view=view/>
                    <FilterBar/>
                    {move || match view.get() {
                        View::Strategic => view! {
                            <div class="view-toolbar">
                                <PresentButtons/>
                                <BoardExportButtons/>
                            </div>
                            <Show when=move || data.has_rollup()>
                                <HistoryCard/>
                            </Show>
                            <FindingLevelNote/>
                            <Show when=move || data.has_findings()>
                                <KriCard/>
                                <KpiTiles/>
                                <BriefingCard/>
                                <Show when=move || baseline.is_loaded()>
                                    <TrendCard/>
                                </Show>
                                <TimelineCard/>
                                <RiskMatrixCard/>
                            </Show>
                        }
                            .into_any(),
                        View::Tactical => view! {
                            <Show when=move || data.has_rollup()>
                                <HistoryBreakdowns/>
                            </Show>
                            <FindingLevelNote/>
                            <Show when=move || data.has_findings()>
                                <div class="dashboard-grid">
                                    <ThreatTypeCard/>
                                    <AttackCard/>
                                </div>
                                <GraphCard/>
                                <div class="dashboard-grid">
                                    <ResourceTypeCard/>
                                    <CsaCard/>
                                </div>
                                <CoverageCard/>
                                <div class="dashboard-grid">
                                    <PlaceCard dimension=Dimension::Account/>
                                    <PlaceCard dimension=Dimension::Region/>
                                </div>
                            </Show>
                        }
                            .into_any(),
                        View::Operational => view! {
                            <FindingLevelNote/>
                            <Show when=move || data.has_findings()>
                                <FindingsTable/>
                                <AgeingCard/>
                                <SuppressionCard/>
                                <ActorsCard/>
                            </Show>
                            <LoadReport/>
                        }
                            .into_any(),
                    }}
                    <FindingDetail/>
                </Show>
            </main>
            <footer class="app-footer">
                "Your findings never leave this browser: guardview has no server and makes no network requests."
            </footer>
            <DropOverlay/>
            <Presentation/>
            <Show when=move || data.has_anything()>
                <BoardSummary/>
            </Show>
        </div>
    }
}

#[component]
fn BrandMark() -> impl IntoView {
    view! {
        <svg class="brand__mark" viewBox="0 0 32 32" aria-hidden="true">
            <path d="M16 2 4 7v8c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V7z" class="brand__shield"/>
            <path
                d="M9 16h4l2-5 3 10 2-5h3"
                fill="none"
                class="brand__pulse"
                stroke-width="2.2"
                stroke-linecap="round"
                stroke-linejoin="round"
            />
        </svg>
    }
}
