//! The status line under the header: progress of the load in flight with a cancel button, then
//! how the last load ended (words from `crate::load_phase`).

use leptos::prelude::*;

use crate::load_phase::{failed_text, loaded_text, loaded_with_rollups_text, too_large_text};
use crate::ui::file_reader::LARGEST_LOAD_BYTES;
use crate::ui::state::{DataState, LoadPhase, LoadState};

/// Progress of the load in flight, with a cancel button; a status line after it.
#[component]
pub fn LoadStatus() -> impl IntoView {
    let load = expect_context::<LoadState>();
    let data = expect_context::<DataState>();
    view! {
        <div class="status" role="status" aria-live="polite" data-testid="load-status">
            {move || match load.phase.get() {
                LoadPhase::Idle => ().into_any(),
                LoadPhase::Reading(progress) => {
                    view! {
                        <div class="status__reading">
                            <span class="status__text">{progress.describe()}</span>
                            <progress
                                class="status__bar"
                                max="100"
                                value=format!("{:.1}", progress.percent_done())
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
                    let (files, rollups) = data.reports.with(|reports| {
                        let rollups = reports.iter().filter(|r| r.rollup.is_some()).count() as u64;
                        (reports.len() as u64 - rollups, rollups)
                    });
                    let findings = data.summary.with(|s| s.unique_findings);
                    let text = if rollups == 0 {
                        loaded_text(findings, files)
                    } else {
                        let history = data.rollup_kpis.with(|k| k.totals.findings);
                        loaded_with_rollups_text(findings, files, history, rollups)
                    };
                    view! { <p class="status__done">{text}</p> }.into_any()
                }
                LoadPhase::Failed { failed_files, file_count } => {
                    let text = failed_text(failed_files, file_count);
                    view! { <p class="status__failed">{text}</p> }.into_any()
                }
                LoadPhase::TooLarge { estimated_bytes } => {
                    view! {
                        <p class="status__failed" data-testid="too-large">
                            {too_large_text(estimated_bytes, LARGEST_LOAD_BYTES)}
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
