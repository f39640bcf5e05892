//! The load report grouped by where the files came from (`crate::load_origin`): one row per
//! S3 export account and region, then other files, with the warning when findings name another
//! account or region than their path.

use leptos::prelude::*;

use super::state::DataState;
use crate::analysis::format;
use crate::load_origin::{group_by_origin, Origin, OriginGroup};

/// Whether the report opens grouped: when any file came from an S3 export path or a folder
/// walk skipped files.
pub fn opens_grouped(data: DataState) -> bool {
    data.skipped_paths
        .with_untracked(|skipped| !skipped.is_empty())
        || data.reports.with_untracked(|reports| {
            reports
                .iter()
                .any(|r| Origin::of_path(&r.file_name) != Origin::Elsewhere)
        })
}

/// "12 files in folders were skipped (…)", or nothing.
#[component]
pub fn SkippedNote() -> impl IntoView {
    let data = expect_context::<DataState>();
    move || {
        let skipped = data.skipped_paths.with(Vec::len) as u64;
        (skipped > 0).then(|| {
            view! {
                <p class="load-report__skipped" data-testid="skipped-files" data-count=skipped>
                    {format!(
                        "{} in folders skipped: not a name guardview reads (checksums, manifests, hidden files).",
                        format::counted(skipped, "file", "files"),
                    )}
                </p>
            }
        })
    }
}

/// The grouped table.
#[component]
pub fn OriginTable() -> impl IntoView {
    let data = expect_context::<DataState>();
    let groups = Memo::new(move |_| {
        let skipped = data.skipped_paths.get();
        data.reports
            .with(|reports| data.with_findings(|all| group_by_origin(reports, &skipped, all)))
    });
    view! {
        <table class="table" data-testid="origin-table">
            <caption class="visually-hidden">"Files by account and region"</caption>
            <thead>
                <tr>
                    <th scope="col">"Account · region"</th>
                    <th scope="col" class="num">"Files"</th>
                    <th scope="col" class="num">"Records"</th>
                    <th scope="col" class="num">"New findings"</th>
                    <th scope="col" class="num">"Duplicates"</th>
                    <th scope="col" class="num">"Errors"</th>
                    <th scope="col" class="num">"Skipped"</th>
                    <th scope="col">"Problems"</th>
                </tr>
            </thead>
            <tbody>{move || groups.get().into_iter().map(group_row).collect_view()}</tbody>
        </table>
    }
}

fn group_row(group: OriginGroup) -> impl IntoView {
    let (account, region) = match &group.origin {
        Origin::S3 { account, region } => (account.clone(), region.clone()),
        Origin::Elsewhere => (String::new(), String::new()),
    };
    let warning = group.mismatch_warning();
    let row_class = if group.failed_files > 0 {
        "load-report__row load-report__row--error"
    } else if warning.is_some() {
        "load-report__row load-report__row--warning"
    } else {
        "load-report__row"
    };
    let ok = group.failed_files == 0 && warning.is_none();
    view! {
        <tr class=row_class data-testid="origin-row" data-account=account data-region=region>
            <th scope="row" class="load-report__name">{group.origin.label()}</th>
            <td class="num" data-testid="origin-files">{format::count(group.files)}</td>
            <td class="num" data-testid="origin-records">{format::count(group.records)}</td>
            <td class="num">{format::count(group.findings_added)}</td>
            <td class="num" data-testid="origin-duplicates">{format::count(group.duplicates)}</td>
            <td class="num" data-testid="origin-errors">{format::count(group.failed_files)}</td>
            <td class="num" data-testid="origin-skipped">{format::count(group.skipped_files)}</td>
            <td>
                {warning.map(|w| view! { <p class="load-report__warning" data-testid="origin-mismatch">{w}</p> })}
                {(group.failed_files > 0).then(|| view! {
                    <p class="load-report__error">
                        {format!(
                            "{} could not be read completely — see the file list",
                            format::counted(group.failed_files, "file", "files"),
                        )}
                    </p>
                })}
                {ok.then(|| view! { <span class="load-report__ok">"OK"</span> })}
            </td>
        </tr>
    }
}
