//! Existing GuardDuty filters checked against the loaded findings: `get-filter` or
//! `list-filters` JSON from a file or pasted, each filter with how many findings it matches
//! (and leaves undecided), the criteria it cannot evaluate, and the findings it matches.
//!
//! The table's filter (`FindingFilter`) cannot hold an arbitrary set of findings or GuardDuty's
//! operators, so a filter's matches are listed here (the first few, each opening the detail
//! panel) rather than applied to the table.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{DataState, DetailState, QueryState, WHAT_IF_LISTED};
use super::suppression_parts::{criteria_list, warning_list};
use crate::analysis::format;
use crate::analysis::suppression::import::get_filter_command;
use crate::analysis::suppression::{import_filters, FindingCriteria, ImportedFilter, SavedFilter};
use crate::store::what_if_on_page;

/// One document read: its source and the filters in it, or why it could not be read.
#[derive(Clone, PartialEq)]
struct ImportedDocument {
    source: String,
    filters: Result<Vec<ImportedFilter>, String>,
}

fn read_document(source: String, text: &str) -> ImportedDocument {
    ImportedDocument {
        source,
        filters: import_filters(text).map_err(|e| e.to_string()),
    }
}

#[component]
pub fn SuppressionImport() -> impl IntoView {
    let query = expect_context::<QueryState>();
    let documents = RwSignal::new(Vec::<ImportedDocument>::new());
    let pasted = RwSignal::new(String::new());
    // The workers judge every imported filter with the card's rule (the suppression lane).
    Effect::new(move |_| {
        let criteria: Vec<FindingCriteria> = documents.with(|documents| {
            documents
                .iter()
                .filter_map(|document| document.filters.as_ref().ok())
                .flatten()
                .filter_map(|filter| match filter {
                    ImportedFilter::WithCriteria(saved) => Some(saved.finding_criteria.clone()),
                    ImportedFilter::NameOnly(_) => None,
                })
                .collect()
        });
        query.what_if_imported.set(criteria);
    });
    on_cleanup(move || query.what_if_imported.set(Vec::new()));
    let on_files = move |event: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(list) = input.files() else {
            return;
        };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        spawn_local(async move {
            let mut read = Vec::new();
            for file in files {
                let name = file.name();
                let text = gloo_file::futures::read_as_text(&gloo_file::Blob::from(file)).await;
                read.push(match text {
                    Ok(text) => read_document(name, &text),
                    Err(error) => ImportedDocument {
                        source: name,
                        filters: Err(format!("The file could not be read ({error})")),
                    },
                });
            }
            documents.set(read);
        });
    };
    let check_pasted = move |_| {
        let text = pasted.get_untracked();
        documents.set(vec![read_document("Pasted JSON".into(), &text)]);
    };
    view! {
        <section class="suppression__section suppression-import" aria-labelledby="suppression-import-title">
            <h3 id="suppression-import-title">"Check existing filters"</h3>
            <p class="chart-card__note">
                "Give the output of "<code>"aws guardduty get-filter"</code>" (or "<code>"list-filters"</code>
                ", a criteria file, a create-filter body): each filter is evaluated against every loaded finding. Nothing is sent anywhere."
            </p>
            <label class="field">
                <span class="field__label">"Filter JSON files"</span>
                <input
                    type="file"
                    multiple=true
                    accept=".json,application/json"
                    data-testid="suppression-import-file"
                    on:change=on_files
                />
            </label>
            <label class="field suppression-import__paste">
                <span class="field__label">"Or paste filter JSON"</span>
                <textarea
                    rows="4"
                    spellcheck="false"
                    data-testid="suppression-import-text"
                    prop:value=move || pasted.get()
                    on:input=move |event| pasted.set(event_target_value(&event))
                ></textarea>
            </label>
            <div class="suppression__buttons">
                <button class="button button--small" data-testid="suppression-import-paste" on:click=check_pasted>
                    "Check pasted JSON"
                </button>
            </div>
            <div data-testid="suppression-import-results">
                {move || documents.get().into_iter().map(document_view).collect_view()}
            </div>
        </section>
    }
}

fn document_view(document: ImportedDocument) -> impl IntoView {
    match document.filters {
        Err(error) => view! {
            <p class="notice suppression-import__error" role="alert" data-testid="suppression-import-error">
                <span aria-hidden="true">"⚠ "</span>
                <strong>{format!("{}: ", document.source)}</strong>
                {error}
            </p>
        }
        .into_any(),
        Ok(filters) if filters.is_empty() => view! {
            <p class="notice" data-testid="suppression-import-error">
                {format!("{}: no filters found.", document.source)}
            </p>
        }
        .into_any(),
        Ok(filters) => view! {
            <ul class="suppression-import__filters" aria-label=format!("Filters from {}", document.source)>
                {filters.into_iter().map(filter_view).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

fn filter_view(filter: ImportedFilter) -> impl IntoView {
    match filter {
        ImportedFilter::NameOnly(name) => view! {
            <li class="suppression-import__filter" data-testid="suppression-imported" data-name=name.clone() data-name-only="true">
                <h4>{name.clone()}</h4>
                <p>
                    "list-filters gives names only, so there is nothing to evaluate. Fetch its criteria with "
                    <code data-testid="suppression-imported-get-filter">{get_filter_command(&name)}</code>
                    " and import that output."
                </p>
            </li>
        }
        .into_any(),
        ImportedFilter::WithCriteria(saved) => view! { <SavedFilterView saved=saved/> }.into_any(),
    }
}

#[component]
fn SavedFilterView(saved: SavedFilter) -> impl IntoView {
    let data = expect_context::<DataState>();
    let detail = expect_context::<DetailState>();
    let name = saved
        .name
        .clone()
        .unwrap_or_else(|| "Unnamed criteria".into());
    let about = [
        saved
            .action
            .as_ref()
            .map(|a| format!("action {}", a.name())),
        saved.rank.map(|r| format!("rank {r}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let query = expect_context::<QueryState>();
    let criteria = saved.finding_criteria.clone();
    let asked = criteria.clone();
    // The workers' answer, else (no workers, a worker lost) counted on the page; re-counted
    // when other data is loaded.
    let what_if = query.what_if(
        move || Some(asked.clone()),
        false,
        move || {
            if data.store.holds_the_load.get() {
                return None;
            }
            data.with_findings(|all| Some(what_if_on_page(&criteria, all, WHAT_IF_LISTED)))
        },
    );
    let result = Memo::new(move |_| what_if.value.get().map(|w| w.preview).unwrap_or_default());
    let listed = move || {
        what_if.value.with(|w| {
            w.as_ref().map_or_else(Vec::new, |w| {
                w.listed
                    .iter()
                    .map(|place| (place.id.clone(), place.title.clone()))
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <li
            class="suppression-import__filter"
            data-testid="suppression-imported"
            data-name=saved.name.clone().unwrap_or_default()
            data-matched=move || result.with(|p| p.matched)
            data-undecided=move || result.with(|p| p.undecided)
            data-source=move || what_if.source.get()
            aria-busy=move || (what_if.updating.get() || what_if.value.with(Option::is_none)).to_string()
        >
            <h4>{name}{(!about.is_empty()).then(|| view! { <span class="suppression-import__about">{format!(" ({about})")}</span> })}</h4>
            {move || match what_if.value.with(Option::is_some) {
                true => view! {
                    <p>
                        <strong data-testid="suppression-imported-matched">{move || result.with(|p| format::count(p.matched))}</strong>
                        {move || result.with(|p| format!(
                            " loaded {} matched, {} undecided",
                            format::noun(p.matched, "finding", "findings"),
                            format::count(p.undecided),
                        ))}
                    </p>
                }
                .into_any(),
                false => view! {
                    <p class="chart-card__note" role="status">"Counting the loaded findings it matches…"</p>
                }
                .into_any(),
            }}
            {criteria_list(&saved.finding_criteria, "suppression-imported-criteria")}
            {move || result.with(|p| {
                let unevaluated = p.unevaluated.clone();
                (!unevaluated.is_empty()).then(|| view! {
                    <h5>"Criteria guardview cannot evaluate"</h5>
                    <ul data-testid="suppression-imported-unevaluated">
                        {unevaluated.into_iter().map(|u| view! {
                            <li>
                                <code>{u.field}</code>
                                {u.operator.map(|op| format!(" {op}"))}
                                {format!(": {} ({} left undecided)", u.reason, format::counted(u.findings, "finding", "findings"))}
                            </li>
                        }).collect_view()}
                    </ul>
                })
            })}
            {move || result.with(|p| warning_list(&p.warnings))}
            {move || {
                let rows = listed();
                let total = result.with(|p| p.matched as usize);
                (!rows.is_empty()).then(|| view! {
                    <h5>"Matched findings"</h5>
                    <ul class="suppression-import__findings" data-testid="suppression-imported-findings">
                        {rows.into_iter().map(|(id, title)| view! {
                            <li>
                                <button
                                    class="link-button"
                                    data-finding-id=id.clone()
                                    on:click={
                                        let id = id.clone();
                                        move |_| detail.open_finding.set(Some(id.clone()))
                                    }
                                >
                                    {id.clone()}
                                </button>
                                {title.map(|t| format!(" {t}"))}
                            </li>
                        }).collect_view()}
                    </ul>
                    {(total > WHAT_IF_LISTED).then(|| view! {
                        <p class="chart-card__note">{format!("… and {} more", format::count((total - WHAT_IF_LISTED) as u64))}</p>
                    })}
                })
            }}
        </li>
    }
}
