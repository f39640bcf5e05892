//! The suppression what-if card: the GuardDuty criteria the current filter would become, what
//! they leave out, what a suppression rule (action Archive) with them would hide among the
//! loaded findings, warnings, and the export for `aws guardduty create-filter`. Every number
//! comes from `analysis::suppression`, the code `guardview filters` runs.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::chart_card::download;
use super::state::{DataState, FilterState, QueryState};
use super::suppression_import::SuppressionImport;
use super::suppression_parts::{criteria_list, warning_list};
use crate::analysis::format;
use crate::analysis::suppression::preview::filter_name;
use crate::analysis::suppression::{
    criteria_from_filter, loaded_types, preview, BuiltCriteria, Preview, SuppressionRule,
};
use crate::model::SeverityBand;
use crate::store::{what_if_on_page, SuppressionView, Views};

/// Finding types listed in the preview before "… and N more".
const TOP_TYPES: usize = 5;

/// The name the rule starts with.
const DEFAULT_RULE_NAME: &str = "guardview-suppression";

/// A band's score range, in words ("7.0–8.9").
fn band_range(band: SeverityBand) -> &'static str {
    match band {
        SeverityBand::Low => "1.0–3.9",
        SeverityBand::Medium => "4.0–6.9",
        SeverityBand::High => "7.0–8.9",
        SeverityBand::Critical => "9.0–10.0",
    }
}

#[component]
pub fn SuppressionCard() -> impl IntoView {
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let query = expect_context::<QueryState>();
    let open = RwSignal::new(false);
    let name = RwSignal::new(DEFAULT_RULE_NAME.to_owned());
    // Built only while the card is open, its types resolved against the loaded ones: the
    // store's facts (none yet: they are on their way), else the page's findings.
    let built = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        let types = match data.store.facts() {
            Some(facts) => facts.finding_types.into_iter().collect(),
            None if data.store.holds_the_load.get() => return None,
            None => data.with_findings(loaded_types),
        };
        Some(Arc::new(
            filters
                .filter
                .with(|filter| criteria_from_filter(filter, &types)),
        ))
    });
    // The workers judge the rule on every finding they hold (the suppression lane).
    Effect::new(move |_| {
        query
            .what_if_rule
            .set(built.with(|b| b.as_ref().map(|b| b.criteria.clone())))
    });
    on_cleanup(move || query.what_if_rule.set(None));
    let what_if = query.what_if(
        move || built.with(|b| b.as_ref().map(|b| b.criteria.clone())),
        true,
        move || {
            // The page counts only when the store cannot (no workers, a worker lost).
            if data.store.holds_the_load.get() {
                return None;
            }
            let built = built.get()?;
            data.with_findings(|all| Some(what_if_on_page(&built.criteria, all, 0)))
        },
    );
    let selected_by_filter = query.answer(
        |result| result.summary.as_ref().map(|s| s.unique_findings),
        move || filters.selected.with(|s| s.len() as u64),
    );
    let rule = move || {
        built.with(|b| {
            b.as_ref()
                .map(|b| SuppressionRule::new(&name.get(), b.criteria.clone()))
        })
    };
    view! {
        <section class="card suppression" data-testid="suppression-card" aria-labelledby="suppression-title">
            <header class="chart-card__header">
                <h2 class="card__title" id="suppression-title">"Suppression what-if"</h2>
                <div class="chart-card__controls">
                    <button
                        class="button button--small"
                        data-testid="suppression-toggle"
                        aria-expanded=move || open.get().to_string()
                        aria-controls="suppression-body"
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        {move || if open.get() { "Hide" } else { "Show what a rule would archive" }}
                    </button>
                </div>
            </header>
            <p class="chart-card__note">
                "A GuardDuty suppression rule is a saved filter with the action Archive: new findings it matches are archived on arrival and never reach S3, EventBridge, Security Hub or Detective. This card turns the current filter into such a rule and shows what it would hide among the loaded findings, before you create it."
            </p>
            <Show when=move || open.get()>
                <div
                    id="suppression-body"
                    class="suppression__body"
                    data-testid="suppression-body"
                    data-source=move || what_if.source.get()
                    aria-busy=move || (what_if.updating.get() || what_if.value.with(Option::is_none)).to_string()
                >
                    {move || what_if.value.get().map(|w| warning_list(&w.preview.warnings))}
                    <div class="suppression__grid">
                        {move || built.get().map(|b| criteria_section(&b))}
                        {move || match what_if.value.get() {
                            Some(w) => preview_section(&w.preview, selected_by_filter.value.get()).into_any(),
                            None => view! {
                                <p class="chart-card__note" role="status" data-testid="suppression-counting">
                                    "Counting what the rule would archive among the loaded findings…"
                                </p>
                            }
                            .into_any(),
                        }}
                    </div>
                    <ExportSection name=name rule=Signal::derive(rule)/>
                    <SuppressionImport/>
                </div>
            </Show>
        </section>
    }
}

fn criteria_section(built: &BuiltCriteria) -> impl IntoView {
    view! {
        <section class="suppression__section" aria-labelledby="suppression-criteria-title">
            <h3 id="suppression-criteria-title">"Criteria built from the filter"</h3>
            {criteria_list(&built.criteria, "suppression-criteria")}
            {(!built.not_exportable.is_empty()).then(|| view! {
                <h4>"Not exportable (the rule selects more than the filter)"</h4>
                <ul class="suppression__not-exportable" data-testid="suppression-not-exportable">
                    {built.not_exportable.iter().map(|n| view! {
                        <li><strong>{n.part.clone()}</strong>": "{n.reason.clone()}</li>
                    }).collect_view()}
                </ul>
            })}
            {(!built.notes.is_empty()).then(|| view! {
                <h4>"Notes"</h4>
                <ul class="suppression__notes" data-testid="suppression-notes">
                    {built.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                </ul>
            })}
        </section>
    }
}

fn preview_section(preview: &Preview, selected_by_filter: u64) -> impl IntoView {
    let (matched, undecided) = (preview.matched, preview.undecided);
    let mut types: Vec<(&String, &u64)> = preview.by_type.iter().collect();
    types.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let more_types = types.len().saturating_sub(TOP_TYPES);
    view! {
        <section class="suppression__section" aria-labelledby="suppression-preview-title">
            <h3 id="suppression-preview-title">"What it would archive among the loaded findings"</h3>
            <p class="suppression__headline">
                <strong class="suppression__count" data-testid="suppression-matched-count">{format::count(matched)}</strong>
                " "{format::noun(matched, "finding", "findings")}" matched"
                {(undecided > 0).then(|| view! {
                    ", and "
                    <strong data-testid="suppression-undecided-count">{format::count(undecided)}</strong>
                    " undecided (they depend on criteria guardview could not evaluate)"
                })}
            </p>
            <p class="chart-card__note">
                {format!(
                    "The filter itself selects {}.",
                    format::counted(selected_by_filter, "finding", "findings"),
                )}
            </p>
            <table class="table suppression__bands" data-testid="suppression-by-severity">
                <thead>
                    <tr>
                        <th scope="col">"Severity"</th>
                        <th scope="col">"Scores"</th>
                        <th scope="col" class="num">"Matched"</th>
                    </tr>
                </thead>
                <tbody>
                    {SeverityBand::ALL.iter().rev().map(|&band| {
                        let count = preview.by_severity.get(band.name()).copied().unwrap_or(0);
                        view! {
                            <tr data-testid=format!("suppression-severity-{}", band.slug())>
                                <th scope="row">
                                    <span class=format!("severity-badge severity-badge--{}", band.slug())>{band.name()}</span>
                                </th>
                                <td>{band_range(band)}</td>
                                <td class="num">{format::count(count)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(!types.is_empty()).then(|| view! {
                <h4>"Top finding types"</h4>
                <ol class="suppression__types" data-testid="suppression-top-types">
                    {types.iter().take(TOP_TYPES).map(|(name, count)| view! {
                        <li><code>{(*name).clone()}</code>" "<span class="suppression__type-count">{format::count(**count)}</span></li>
                    }).collect_view()}
                </ol>
                {(more_types > 0).then(|| view! {
                    <p class="chart-card__note">{format!("… and {} more", format::counted(more_types as u64, "type", "types"))}</p>
                })}
            })}
        </section>
    }
}

/// The rule's name, the downloads and the command line.
#[component]
fn ExportSection(name: RwSignal<String>, rule: Signal<Option<SuppressionRule>>) -> impl IntoView {
    let data = expect_context::<DataState>();
    let query = expect_context::<QueryState>();
    let copy_status = RwSignal::new("");
    // Which counted the last preview export (`data-exported-from`).
    let exported_from = RwSignal::new("");
    let command = move || {
        rule.with(|r| {
            r.as_ref()
                .map(SuppressionRule::command_line)
                .unwrap_or_default()
        })
    };
    let typed_name_changed = move || name.with(|n| filter_name(n) != n.trim());
    let download_criteria = move |_| {
        if let Some(rule) = rule.get_untracked() {
            download("criteria.json", "application/json", &rule.criteria_json());
        }
    };
    let download_input = move |_| {
        if let Some(rule) = rule.get_untracked() {
            download(
                "create-filter-input.json",
                "application/json",
                &rule.cli_input_json(),
            );
        }
    };
    // Every matched and undecided id: asked of the workers once, else counted on the page.
    let download_preview = move |_| {
        let Some(rule) = rule.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let view = SuppressionView {
                every_id: true,
                ..SuppressionView::new(std::slice::from_ref(&rule.criteria), Vec::new(), 0)
            };
            let views = Views {
                suppression: Some(view),
                ..Views::default()
            };
            let from_workers = query
                .ask(views)
                .await
                .and_then(|result| result.suppression.into_iter().next().flatten());
            exported_from.set(if from_workers.is_some() {
                "workers"
            } else {
                "page"
            });
            let preview = match from_workers {
                Some(what_if) => what_if.preview,
                None => data.with_findings(|all| preview(&rule.criteria, all)),
            };
            let body = serde_json::json!({
                "name": rule.name,
                "matched_ids": preview.matched_ids,
                "undecided_ids": preview.undecided_ids,
            });
            let text = serde_json::to_string_pretty(&body).unwrap_or_default();
            download(
                "guardview-suppression-preview.json",
                "application/json",
                &text,
            );
        });
    };
    let copy = move |_| {
        let text = command();
        spawn_local(async move {
            let copied = match write_to_clipboard(&text) {
                Some(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
                None => false,
            };
            copy_status.set(if copied {
                "Copied."
            } else {
                "The browser refused to copy: select the command and copy it yourself."
            });
        });
    };
    view! {
        <section class="suppression__section suppression__export" aria-labelledby="suppression-export-title">
            <h3 id="suppression-export-title">"Create the rule"</h3>
            <label class="field suppression__name">
                <span class="field__label">"Rule name"</span>
                <input
                    type="text"
                    data-testid="suppression-name"
                    prop:value=move || name.get()
                    on:input=move |event| name.set(event_target_value(&event))
                />
            </label>
            <p class="chart-card__note" data-testid="suppression-name-note">
                "GuardDuty name: "
                <code data-testid="suppression-name-valid">{move || filter_name(&name.get())}</code>
                {move || typed_name_changed().then_some(
                    " (GuardDuty takes 3–64 letters, digits, dots, underscores and hyphens; other characters became hyphens)",
                )}
            </p>
            <div class="suppression__buttons">
                <button class="button button--small" data-testid="suppression-export-criteria" on:click=download_criteria>
                    "criteria.json"
                </button>
                <button class="button button--small" data-testid="suppression-export-cli-input" on:click=download_input>
                    "create-filter --cli-input-json body"
                </button>
                <button class="button button--small" data-testid="suppression-export-preview" data-exported-from=exported_from on:click=download_preview>
                    "Previewed finding ids (JSON)"
                </button>
            </div>
            <label class="suppression__command-label" for="suppression-command">
                "Command (run it beside the downloaded criteria.json; replace <DETECTOR_ID>)"
            </label>
            <div class="suppression__command">
                <textarea
                    id="suppression-command"
                    data-testid="suppression-command"
                    readonly=true
                    rows="3"
                    spellcheck="false"
                    prop:value=command
                ></textarea>
                <button class="button button--small" data-testid="suppression-copy" on:click=copy>
                    "Copy"
                </button>
            </div>
            <p class="chart-card__note" role="status" data-testid="suppression-copy-status">{move || copy_status.get()}</p>
        </section>
    }
}

/// `navigator.clipboard.writeText(text)`, looked up by name so the crate needs no extra web-sys
/// features (`Navigator`, `Clipboard`) for one call; `None` where the browser has no clipboard
/// API (an insecure origin).
fn write_to_clipboard(text: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let navigator = js_sys::Reflect::get(&window(), &"navigator".into()).ok()?;
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    let write_text: js_sys::Function = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()?
        .dyn_into()
        .ok()?;
    write_text
        .call1(&clipboard, &text.into())
        .ok()?
        .dyn_into()
        .ok()
}
