//! The load report: files grouped by account and region (`load_origin_report`), or one row
//! per file with its dialect, counts, warnings and error; a toggle switches between them. A
//! Rollup v1 file says so: its rows, the findings it counts and the days it covers (history,
//! not loaded findings).

use leptos::prelude::*;

use super::load_origin_report::{opens_grouped, OriginTable, SkippedNote};
use super::state::DataState;
use crate::analysis::format;
use crate::model::{FileReport, RollupFileSummary};

/// How many warnings to list per file before summarising the rest.
const WARNINGS_SHOWN: usize = 5;

#[component]
pub fn LoadReport() -> impl IntoView {
    let data = expect_context::<DataState>();
    let grouped = RwSignal::new(opens_grouped(data));
    view! {
        <section class="card load-report" data-testid="load-report" aria-labelledby="load-report-title">
            <div class="load-report__header">
                <h2 class="card__title" id="load-report-title">"Files"</h2>
                <button
                    class="button button--quiet"
                    data-testid="group-by-origin"
                    aria-pressed=move || grouped.get().to_string()
                    on:click=move |_| grouped.update(|g| *g = !*g)
                >
                    "Group by account and region"
                </button>
            </div>
            <SkippedNote/>
            <Show when=move || grouped.get()>
                <OriginTable/>
            </Show>
            <table class="table" data-testid="file-table" hidden=move || grouped.get()>
                <thead>
                    <tr>
                        <th scope="col">"File"</th>
                        <th scope="col">"Format"</th>
                        <th scope="col" class="num">"Size"</th>
                        <th scope="col" class="num">"Records"</th>
                        <th scope="col" class="num">"New findings"</th>
                        <th scope="col" class="num">"Duplicates"</th>
                        <th scope="col">"Problems"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || data.reports.get().into_iter().map(report_row).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

fn report_row(report: FileReport) -> impl IntoView {
    let status_class = if report.error.is_some() {
        "load-report__row load-report__row--error"
    } else if !report.warnings.is_empty() {
        "load-report__row load-report__row--warning"
    } else {
        "load-report__row"
    };
    let size = if report.gzip {
        format!("{} (gzip)", format::bytes(report.bytes_read))
    } else {
        format::bytes(report.bytes_read)
    };
    let warnings_total = report.warnings.len();
    let problems = view! {
        <div class="load-report__problems">
            {report.error.as_ref().map(|error| view! {
                <p class="load-report__error" data-testid="file-error">{error.to_string()}</p>
            })}
            <ul class="load-report__warnings">
                {report
                    .warnings
                    .iter()
                    .take(WARNINGS_SHOWN)
                    .map(|w| view! { <li>{w.to_string()}</li> })
                    .collect_view()}
            </ul>
            {(warnings_total > WARNINGS_SHOWN).then(|| view! {
                <p class="load-report__more">
                    {format!(
                        "… and {} more",
                        format::counted((warnings_total - WARNINGS_SHOWN) as u64, "warning", "warnings"),
                    )}
                </p>
            })}
            {(report.skipped_other_products > 0).then(|| view! {
                <p class="load-report__note">
                    {format!(
                        "{} skipped",
                        format::counted(report.skipped_other_products, "non-GuardDuty record", "non-GuardDuty records"),
                    )}
                </p>
            })}
            {report.rollup.as_ref().map(|rollup| view! {
                <p class="load-report__note" data-testid="file-rollup">{rollup_note(rollup)}</p>
            })}
            {(report.error.is_none() && warnings_total == 0).then(|| view! {
                <span class="load-report__ok">"OK"</span>
            })}
        </div>
    };
    // A rollup's rows are not records and add no finding to the loaded set.
    let (kind, format_name, records, added, duplicates) = match &report.rollup {
        Some(rollup) => (
            "rollup",
            "Rollup v1 (history)".to_owned(),
            format::counted(rollup.rows, "row", "rows"),
            "—".to_owned(),
            "—".to_owned(),
        ),
        None => (
            "findings",
            report.dialect_names(),
            format::count(report.records),
            format::count(report.findings_added),
            format::count(report.duplicates),
        ),
    };
    view! {
        <tr class=status_class data-testid="file-row" data-file-name=report.file_name.clone() data-file-kind=kind>
            <td class="load-report__name">{report.file_name.clone()}</td>
            <td data-testid="file-dialect">{format_name}</td>
            <td class="num">{size}</td>
            <td class="num" data-testid="file-records">{records}</td>
            <td class="num" data-testid="file-added">{added}</td>
            <td class="num">{duplicates}</td>
            <td>{problems}</td>
        </tr>
    }
}

/// "History: 500 findings (37,464 occurrences) first seen 2026-08-29 → 2026-12-05, 99 days."
fn rollup_note(rollup: &RollupFileSummary) -> String {
    let span = match (&rollup.first_day, &rollup.last_day) {
        (Some(first), Some(last)) => format!(
            " first seen {first} → {last}, {}",
            format::counted(rollup.days, "day", "days")
        ),
        _ => String::new(),
    };
    format!(
        "History: {} ({}){span}.",
        format::counted(rollup.findings, "finding", "findings"),
        format::counted(rollup.occurrences, "occurrence", "occurrences"),
    )
}
