//! Leptos components (wasm32 only). Thin: they read state, call `ingest` and `analysis`, and
//! render. No parsing rules and no arithmetic on findings live here.

mod actors_card;
mod ageing_card;
mod app;
mod board_export;
mod board_settings;
mod breakdown_card;
mod briefing_card;
mod chart_card;
mod chart_table;
mod console;
mod coverage_card;
mod file_reader;
mod filter_bar;
mod finding_detail;
mod findings_table;
mod folder_walk;
mod graph_card;
mod history_card;
mod ingest_client;
mod kpi_tiles;
mod kri_card;
mod load_origin_report;
mod load_report;
mod load_source;
mod page_reader;
mod pool_load;
mod presentation;
mod risk_card;
mod state;
mod suppression_card;
mod suppression_import;
mod suppression_parts;
mod timeline_card;

pub use app::App;
pub use state::{DataState, DetailState, FilterState, LoadState, RiskState, ThemeState};

/// Mounts the app on `<body>`; the wasm entry point calls this once.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
    // Start the ingest worker now, so its module is compiled before the first file arrives.
    ingest_client::warm_up();
}
