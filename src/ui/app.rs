//! The page shell: header, whole-window drop target, file picker, sample data, empty state,
//! progress, and the loaded views.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::actors_card::ActorsCard;
use super::breakdown_card::{AttackCard, CsaCard, PlaceCard, ResourceTypeCard, ThreatTypeCard};
use super::briefing_card::{BriefingCard, BriefingData, TrendCard};
use super::file_reader::{sources_from_file_list, start_load, LoadSource};
use super::filter_bar::FilterBar;
use super::finding_detail::FindingDetail;
use super::findings_table::FindingsTable;
use super::graph_card::GraphCard;
use super::kpi_tiles::KpiTiles;
use super::load_report::LoadReport;
use super::presentation::{PresentButtons, PresentState, Presentation};
use super::risk_card::RiskMatrixCard;
use super::state::{
    BaselineState, DataState, DetailState, FilterState, LoadPhase, LoadState, RiskState,
    ThemeState, View,
};
use super::timeline_card::TimelineCard;
use crate::analysis::breakdown::Dimension;
use crate::analysis::url_state::{filter_from_hash, state_to_hash, view_from_hash};

/// Findings in the built-in sample data set.
const SAMPLE_FINDINGS: usize = 5_000;
/// Fixed seed: the sample looks the same on every click and in every test.
const SAMPLE_SEED: u64 = 2026;

#[component]
pub fn App() -> impl IntoView {
    let load = LoadState::new();
    let data = DataState::new();
    let risk = RiskState::new(data);
    let filters = FilterState::new(data, risk, filter_from_hash(&location_hash()));
    let theme = ThemeState::new();
    let view = RwSignal::new(View::from_slug(
        &view_from_hash(&location_hash()).unwrap_or_default(),
    ));
    provide_context(load);
    provide_context(data);
    provide_context(filters);
    provide_context(risk);
    provide_context(theme);
    provide_context(DetailState::new());
    let baseline = BaselineState::new();
    provide_context(baseline);
    provide_context(BriefingData::new());
    provide_context(PresentState::new());
    sync_state_with_url(view, filters);

    install_window_drop_target(load, data);

    let file_input: NodeRef<html::Input> = NodeRef::new();
    let open_picker = move |_| {
        if let Some(input) = file_input.get() {
            input.click();
        }
    };
    let on_files_chosen = move |event: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(files) = input.files() {
            start_load(load, data, sources_from_file_list(&files));
        }
        // Let the user pick the same file again later.
        input.set_value("");
    };
    let load_sample = move |_| start_load(load, data, vec![sample_source()]);

    view! {
        <div class="app" data-drop-state=move || drop_state(load)>
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
                        accept=".json,.jsonl,.ndjson,.log,.gz,.txt,application/json,application/gzip"
                        tabindex="-1"
                        on:change=on_files_chosen
                    />
                    <button class="button button--primary" data-testid="open-files" on:click=open_picker>
                        "Open files…"
                    </button>
                    <button
                        class="button"
                        data-testid="load-sample"
                        on:click=load_sample
                        disabled=move || load.is_reading()
                    >
                        "Load sample data"
                    </button>
                    <Show when=move || data.has_findings() || !data.reports.with(Vec::is_empty)>
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
            <ProgressBar/>
            <main class="app-main">
                <Show
                    when=move || data.has_findings() || !data.reports.with(Vec::is_empty)
                    fallback=move || view! { <EmptyState on_open=open_picker on_sample=load_sample/> }
                >
                    <ViewTabs view=view/>
                    <FilterBar/>
                    {move || match view.get() {
                        View::Strategic => view! {
                            <div class="view-toolbar">
                                <PresentButtons/>
                            </div>
                            <KpiTiles/>
                            <BriefingCard/>
                            <Show when=move || baseline.is_loaded()>
                                <TrendCard/>
                            </Show>
                            <TimelineCard/>
                            <RiskMatrixCard/>
                        }
                            .into_any(),
                        View::Tactical => view! {
                            <div class="dashboard-grid">
                                <ThreatTypeCard/>
                                <AttackCard/>
                            </div>
                            <GraphCard/>
                            <div class="dashboard-grid">
                                <ResourceTypeCard/>
                                <CsaCard/>
                            </div>
                            <div class="dashboard-grid">
                                <PlaceCard dimension=Dimension::Account/>
                                <PlaceCard dimension=Dimension::Region/>
                            </div>
                        }
                            .into_any(),
                        View::Operational => view! {
                            <FindingsTable/>
                            <ActorsCard/>
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
        </div>
    }
}

fn location_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Keeps the view, the filter and the URL hash equal: both are written to the hash (replacing
/// the history entry, so Back leaves the page rather than undoing filters one by one), and a
/// hash edited by hand or opened from a link is read back.
fn sync_state_with_url(view: RwSignal<View>, filters: FilterState) {
    Effect::new(move |_| {
        let slug = view.get().slug();
        let hash = filters.filter.with(|f| state_to_hash(slug, f));
        if location_hash().trim_start_matches('#') == hash {
            return;
        }
        let url = if hash.is_empty() {
            window().location().pathname().unwrap_or_default()
        } else {
            format!("#{hash}")
        };
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
    let handle = window_event_listener(ev::hashchange, move |_| {
        let from_url = filter_from_hash(&location_hash());
        if filters
            .filter
            .with_untracked(|current| *current != from_url)
        {
            filters.filter.set(from_url);
        }
    });
    on_cleanup(move || handle.remove());
}

/// The Strategic / Tactical / Operational switch (a tab list; arrow keys move between tabs).
#[component]
fn ViewTabs(view: RwSignal<View>) -> impl IntoView {
    let on_key = move |event: ev::KeyboardEvent| {
        let step: isize = match event.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        let position = View::ALL
            .iter()
            .position(|v| *v == view.get_untracked())
            .unwrap_or(0);
        let next = (position as isize + step).rem_euclid(View::ALL.len() as isize) as usize;
        view.set(View::ALL[next]);
    };
    view! {
        <nav class="view-tabs" role="tablist" aria-label="Views" on:keydown=on_key>
            {View::ALL
                .into_iter()
                .map(|v| {
                    view! {
                        <button
                            class="view-tabs__tab"
                            class:view-tabs__tab--active=move || view.get() == v
                            role="tab"
                            aria-selected=move || (view.get() == v).to_string()
                            tabindex=move || if view.get() == v { "0" } else { "-1" }
                            data-testid=format!("view-{}", v.label().to_lowercase())
                            on:click=move |_| view.set(v)
                        >
                            <span class="view-tabs__name">{v.label()}</span>
                            <span class="view-tabs__audience">{v.audience()}</span>
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// The state the drop zone shows: dragging-over wins, then the load phase.
fn drop_state(load: LoadState) -> &'static str {
    if load.dragging_over.get() {
        "dragging"
    } else {
        load.phase.with(LoadPhase::slug)
    }
}

/// Makes the whole window a drop target. Browsers open a dropped file as a page unless both
/// `dragover` and `drop` are cancelled, so both always are.
fn install_window_drop_target(load: LoadState, data: DataState) {
    let carries_files = |event: &web_sys::DragEvent| {
        event
            .data_transfer()
            .map(|transfer| transfer.types().includes(&"Files".into(), 0))
            .unwrap_or(false)
    };
    let handles = [
        window_event_listener(ev::dragenter, move |event| {
            if carries_files(&event) {
                event.prevent_default();
                load.dragging_over.set(true);
            }
        }),
        window_event_listener(ev::dragover, move |event| {
            event.prevent_default();
            if carries_files(&event) {
                if let Some(transfer) = event.data_transfer() {
                    transfer.set_drop_effect("copy");
                }
                load.dragging_over.set(true);
            }
        }),
        window_event_listener(ev::dragleave, move |event| {
            // Leaving into a child element reports the child; leaving the window reports none.
            if event.related_target().is_none() {
                load.dragging_over.set(false);
            }
        }),
        window_event_listener(ev::drop, move |event| {
            event.prevent_default();
            load.dragging_over.set(false);
            if let Some(files) = event.data_transfer().and_then(|t| t.files()) {
                start_load(load, data, sources_from_file_list(&files));
            }
        }),
    ];
    on_cleanup(move || handles.into_iter().for_each(|handle| handle.remove()));
}

/// The built-in sample: generated in the browser by the same code as `guardview sample`, then
/// read through the normal ingest path.
fn sample_source() -> LoadSource {
    use crate::sample::{write_sample, SampleFormat, SampleOptions};
    // The data ends at the end of today (UTC), not at this millisecond: the sample is then the
    // same after a reload, so a shared link with a period filter shows the same findings.
    use crate::model::time::DAY_MS;
    let now_ms = (js_sys::Date::now() as i64).div_euclid(DAY_MS) * DAY_MS + DAY_MS;
    let options = SampleOptions::new(
        SAMPLE_FINDINGS,
        SAMPLE_SEED,
        SampleFormat::JsonLines,
        now_ms,
    );
    let mut bytes = Vec::new();
    if let Err(error) = write_sample(&options, &mut bytes) {
        leptos::logging::warn!("sample generation failed: {error}");
    }
    LoadSource::Bytes {
        name: "guardview-sample.jsonl".to_owned(),
        bytes,
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

/// Light / dark / follow-the-system, stored on `<html data-theme>`.
#[component]
fn ThemeToggle() -> impl IntoView {
    let theme = expect_context::<ThemeState>().choice;
    Effect::new(move |_| {
        let Some(root) = document().document_element() else {
            return;
        };
        let _ = match theme.get() {
            "auto" => root.remove_attribute("data-theme"),
            chosen => root.set_attribute("data-theme", chosen),
        };
    });
    let next = move |_| {
        theme.update(|t| {
            *t = match *t {
                "auto" => "dark",
                "dark" => "light",
                _ => "auto",
            }
        })
    };
    view! {
        <button
            class="button button--quiet theme-toggle"
            data-testid="theme-toggle"
            title="Switch between automatic, dark and light themes"
            on:click=next
        >
            {move || match theme.get() {
                "dark" => "Theme: dark",
                "light" => "Theme: light",
                _ => "Theme: auto",
            }}
        </button>
    }
}

/// First-visit screen: what to drop, where to get it, and that it stays private.
#[component]
fn EmptyState(
    on_open: impl Fn(ev::MouseEvent) + 'static,
    on_sample: impl Fn(ev::MouseEvent) + 'static,
) -> impl IntoView {
    view! {
        <section class="empty-state" data-testid="empty-state" aria-labelledby="empty-title">
            <div class="drop-zone" id="drop-zone" data-testid="drop-zone">
                <svg class="drop-zone__icon" viewBox="0 0 48 48" aria-hidden="true">
                    <path d="M24 30V8m0 0-8 8m8-8 8 8" fill="none" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
                    <path d="M8 30v8a2 2 0 0 0 2 2h28a2 2 0 0 0 2-2v-8" fill="none" stroke-width="3" stroke-linecap="round"/>
                </svg>
                <h2 id="empty-title">"Drop GuardDuty exports anywhere on this page"</h2>
                <p class="drop-zone__hint">
                    "JSON, JSON Lines or gzip — as many files as you like, in any mix of formats. "
                    "Duplicate findings across files are counted once."
                </p>
                <div class="drop-zone__actions">
                    <button class="button button--primary button--large" on:click=on_open>
                        "Choose files…"
                    </button>
                    <button class="button button--large" on:click=on_sample>
                        "Try it with sample data"
                    </button>
                </div>
            </div>
            <div class="sources">
                <h3>"Where to get findings"</h3>
                <dl class="sources__list">
                    <dt>"AWS CLI"</dt>
                    <dd>
                        <code>"aws guardduty list-findings --detector-id ID"</code>
                        " then "
                        <code>"aws guardduty get-findings --detector-id ID --finding-ids …"</code>
                        " (50 ids per call; save each answer as a file)."
                    </dd>
                    <dt>"GuardDuty console"</dt>
                    <dd>"Open a finding, choose " <strong>"View and export JSON"</strong> ", then " <strong>"Download"</strong> "."</dd>
                    <dt>"S3 export"</dt>
                    <dd>
                        "The " <code>".jsonl.gz"</code> " objects GuardDuty writes under "
                        <code>"AWSLogs/ACCOUNT/GuardDuty/REGION/…"</code> " — drop them as they are."
                    </dd>
                    <dt>"Also read"</dt>
                    <dd>"EventBridge events, Security Hub (ASFF) and OCSF findings that came from GuardDuty."</dd>
                </dl>
                <p class="privacy-note">
                    <strong>"Private by design. "</strong>
                    "Files are read by this page only. Nothing is uploaded, stored or sent anywhere."
                </p>
            </div>
        </section>
    }
}

/// Full-window overlay shown while files are dragged over the page.
#[component]
fn DropOverlay() -> impl IntoView {
    let load = expect_context::<LoadState>();
    view! {
        <div
            class="drop-overlay"
            class:drop-overlay--visible=move || load.dragging_over.get()
            data-testid="drop-overlay"
            aria-hidden=move || (!load.dragging_over.get()).to_string()
        >
            <div class="drop-overlay__panel">
                <svg class="drop-overlay__icon" viewBox="0 0 48 48" aria-hidden="true">
                    <path d="M24 8v22m0 0-8-8m8 8 8-8" fill="none" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
                    <path d="M8 30v8a2 2 0 0 0 2 2h28a2 2 0 0 0 2-2v-8" fill="none" stroke-width="3" stroke-linecap="round"/>
                </svg>
                <p class="drop-overlay__title">"Drop to analyse"</p>
                <p class="drop-overlay__hint">"Read here, in this browser. Nothing is uploaded."</p>
            </div>
        </div>
    }
}

/// Progress of the load in flight, with a cancel button; a status line after it.
#[component]
fn ProgressBar() -> impl IntoView {
    let load = expect_context::<LoadState>();
    let data = expect_context::<DataState>();
    view! {
        <div class="status" role="status" aria-live="polite" data-testid="load-status">
            {move || match load.phase.get() {
                LoadPhase::Idle => ().into_any(),
                LoadPhase::Reading(progress) => {
                    let percent = if progress.bytes_total == 0 {
                        100.0
                    } else {
                        progress.bytes_done as f64 * 100.0 / progress.bytes_total as f64
                    };
                    view! {
                        <div class="status__reading">
                            <span class="status__text">
                                {format!(
                                    "Reading {} ({} of {}) — {} of {}, {} records",
                                    progress.file_name,
                                    progress.file_number,
                                    progress.file_count,
                                    format_bytes(progress.bytes_done),
                                    format_bytes(progress.bytes_total),
                                    progress.records_read,
                                )}
                            </span>
                            <progress
                                class="status__bar"
                                max="100"
                                value=format!("{percent:.1}")
                                data-testid="load-progress"
                            ></progress>
                            <button
                                class="button button--quiet"
                                data-testid="cancel-load"
                                on:click=move |_| load.request_cancel()
                            >
                                "Cancel"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                LoadPhase::Loaded => {
                    let files = data.reports.with(Vec::len);
                    let findings = data.summary.with(|s| s.unique_findings);
                    view! {
                        <p class="status__done">
                            {format!("Loaded {findings} unique findings from {files} file(s).")}
                        </p>
                    }
                        .into_any()
                }
                LoadPhase::Failed { failed_files } => {
                    view! {
                        <p class="status__failed">
                            {format!(
                                "{failed_files} file(s) could not be read completely — see the load report. The other files loaded."
                            )}
                        </p>
                    }
                        .into_any()
                }
                LoadPhase::TooLarge { estimated_bytes } => {
                    view! {
                        <p class="status__failed" data-testid="too-large">
                            {format!(
                                "These files hold about {} of JSON, more than a browser tab can hold (about {}). Nothing was loaded. Load fewer files at a time, or run `guardview summary` on them from the command line.",
                                format_bytes(estimated_bytes),
                                format_bytes(super::file_reader::LARGEST_LOAD_BYTES),
                            )}
                        </p>
                    }
                        .into_any()
                }
                LoadPhase::Cancelled => {
                    view! {
                        <p class="status__failed">
                            "Loading cancelled. Findings read before cancelling are shown."
                        </p>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// `12.3 MB` style sizes (decimal megabytes, as file managers show them).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
