//! The NIST SP 800-30 risk matrix (click a cell to filter to its findings) and the Method
//! panel that shows the tables and rules behind it, with the rules editor.

use leptos::ev;
use leptos::prelude::*;

use super::board_settings::BoardSettingsEditor;
use super::chart_card::{download, AnsweredSection, ExportButtons};
use super::console::warn_on_error;
use super::file_reader::read_chosen_text;
use super::state::{BaselineState, BriefingData, FilterState, QueryState, RiskState};
use crate::analysis::filter::FindingFilter;
use crate::analysis::format;
use crate::analysis::risk::{latest_activity, method, risk_level, risk_matrix, Level, RiskRules};
use crate::charts::{risk_matrix_svg, ChartSize, ChartText, ChartTheme};

const EXPORT_TITLE: &str = "Risk matrix (NIST SP 800-30)";
/// Size of the exported matrix (the on-screen one is an HTML table for keyboard use).
const EXPORT_SIZE: ChartSize = ChartSize {
    width_px: 960,
    height_px: 600,
};

#[component]
pub fn RiskMatrixCard() -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let risk = expect_context::<RiskState>();
    let method_open = RwSignal::new(false);
    let method_button: NodeRef<leptos::html::Button> = NodeRef::new();
    // Counted over the selection without the risk-cell filter, so choosing a cell keeps the
    // other cells' numbers on screen.
    // Every finding's cell is already assessed (RiskState); count instead of re-assessing.
    let answer = expect_context::<QueryState>().answer(
        |result| result.risk_matrix.clone(),
        move || {
            filters
                .selected_any_cell
                .with(|selected| risk.matrix_of(selected))
        },
    );
    let matrix = answer.value;
    let baseline = expect_context::<BaselineState>();
    let briefing_data = expect_context::<BriefingData>();
    // The previous period's matrix, assessed as of its own latest activity (never later than
    // the current data's): the workers' answer while they hold the baseline, else the page's.
    let query = expect_context::<QueryState>();
    let baseline_matrix = Memo::new(move |_| {
        if !baseline.is_loaded() {
            return None;
        }
        if baseline.store.holds_the_load.get() {
            return query
                .baseline_answers
                .with(|a| a.as_ref().map(|(a, _)| a.matrix.clone()));
        }
        briefing_data.baseline_selected.with(|selected| {
            baseline.with_findings(|all| {
                let now = risk.now.get();
                let at = latest_activity(all, selected).map_or(now, |t| t.min(now));
                risk.rules
                    .with(|rules| Some(risk_matrix(all, selected, rules, at)))
            })
        })
    });
    let chosen = move || filters.filter.with(|f| f.risk_cell);
    let export = Signal::derive(move || {
        let text = ChartText {
            title: EXPORT_TITLE.to_owned(),
            subtitle: filters.filter.with(FindingFilter::describe),
        };
        matrix.with(|m| {
            risk_matrix_svg(m, EXPORT_SIZE, &ChartTheme::light(), &text, chosen())
                .ok()
                .map(|r| (r.svg, EXPORT_SIZE.width_px, EXPORT_SIZE.height_px))
        })
    });
    let toggle = move |cell: (Level, Level)| {
        filters.update(|f| {
            f.risk_cell = if f.risk_cell == Some(cell) {
                None
            } else {
                Some(cell)
            }
        })
    };
    let cell = move |likelihood: Level, impact: Level| {
        let level = risk_level(likelihood, impact);
        let count = move || matrix.with(|m| m.count(likelihood, impact));
        let label = move || {
            format!(
                "Likelihood {} × impact {}: risk {}, {}",
                likelihood.name(),
                impact.name(),
                level.name(),
                format::counted(u64::from(count()), "finding", "findings"),
            )
        };
        view! {
            <td class="risk-matrix__cell-wrap">
                <button
                    class=format!("risk-matrix__cell risk--{}", level.slug())
                    class:risk-matrix__cell--chosen=move || chosen() == Some((likelihood, impact))
                    class:risk-matrix__cell--empty=move || count() == 0
                    data-testid=format!("risk-cell-{}-{}", likelihood.slug(), impact.slug())
                    title=label
                    aria-pressed=move || (chosen() == Some((likelihood, impact))).to_string()
                    on:click=move |_| toggle((likelihood, impact))
                >
                    // The accessible name starts with what the colour and position say, then
                    // carries the visible text unchanged (WCAG 2.5.3 label in name).
                    <span class="visually-hidden">
                        {format!("Likelihood {} × impact {}: ", likelihood.name(), impact.name())}
                    </span>
                    <span class="risk-matrix__count">{move || format::count(u64::from(count()))}</span>
                    <span class="risk-matrix__level">{level.name()}</span>
                    {move || baseline_matrix.with(|m| m.as_ref().map(|m| {
                        let delta = i64::from(count()) - i64::from(m.count(likelihood, impact));
                        let text = match delta {
                            0 => "±0".to_owned(),
                            d if d > 0 => format!("+{}", format::count(d.unsigned_abs())),
                            d => format!("−{}", format::count(d.unsigned_abs())),
                        };
                        view! { <span class="risk-matrix__delta" data-testid="risk-delta">{text}" vs previous"</span> }
                    }))}
                </button>
            </td>
        }
    };
    view! {
        <AnsweredSection
            class="card risk-card"
            testid="risk-matrix"
            labelledby="risk-title"
            source=answer.source
            updating=answer.updating
        >
            <header class="chart-card__header">
                <h2 class="card__title" id="risk-title">"Risk matrix (NIST SP 800-30)"</h2>
                <div class="chart-card__controls">
                    <ExportButtons name="risk" title=Signal::derive(|| EXPORT_TITLE.to_owned()) description=Signal::derive(move || format!(
                        "{} placed by NIST SP 800-30 likelihood (rows, Table G-2) and impact (columns, Table H-3); each cell's colour is its level of risk from Table I-2.",
                        format::counted(u64::from(matrix.with(|m| m.total())), "finding", "findings"),
                    )) svg=export/>
                    <button class="button button--small" data-testid="open-method" node_ref=method_button on:click=move |_| method_open.set(true)>
                        "Method and rules"
                    </button>
                </div>
            </header>
            {matrix_frame(cell)}
            <p class="chart-card__note">
                {move || format!(
                    "Each cell's colour is the level of risk from NIST Table I-2. {} assessed as of {}. Click a cell to filter every view to its findings.",
                    format::counted(u64::from(matrix.with(|m| m.total())), "finding", "findings"),
                    risk.now.get().to_iso8601().get(..10).unwrap_or_default().to_owned(),
                )}
            </p>
            <Show when=move || method_open.get()>
                <MethodPanel on_close=move || {
                    method_open.set(false);
                    // Focus goes back to the button that opened the panel.
                    if let Some(button) = method_button.get_untracked() {
                        warn_on_error("giving focus back to the Method button", button.focus());
                    }
                }/>
            </Show>
        </AnsweredSection>
    }
}

/// The 5×5 matrix as a table: overall likelihood rows from Very High down, impact columns, the
/// axis titles, and `cell` drawing each `<td>` (the findings' matrix and the history's share it).
pub fn matrix_frame<V: IntoView + 'static>(
    cell: impl Fn(Level, Level) -> V + Copy + 'static,
) -> impl IntoView {
    let rows = Level::ALL.into_iter().rev().map(move |likelihood| {
        view! {
            <tr>
                <th scope="row" class="risk-matrix__row-label">{likelihood.name()}</th>
                {Level::ALL.into_iter().map(|impact| cell(likelihood, impact)).collect_view()}
            </tr>
        }
    });
    view! {
        <div class="risk-matrix">
            <div class="risk-matrix__y-title">"Overall likelihood (Table G-5)"</div>
            <table class="risk-matrix__table">
                <tbody>{rows.collect_view()}</tbody>
                <tfoot>
                    <tr>
                        <td></td>
                        {Level::ALL.into_iter().map(|impact| view! {
                            <th scope="col" class="risk-matrix__col-label">{impact.name()}</th>
                        }).collect_view()}
                    </tr>
                </tfoot>
            </table>
            <div class="risk-matrix__x-title">"Impact (Table H-3, from your asset rules)"</div>
        </div>
    }
}

/// The method in words and tables, with the editable rules.
#[component]
fn MethodPanel(on_close: impl Fn() + Copy + 'static) -> impl IntoView {
    let risk = expect_context::<RiskState>();
    let draft = RwSignal::new(risk.rules.with_untracked(RiskRules::to_json));
    let message = RwSignal::new(None::<(bool, String)>);
    let handle = window_event_listener(ev::keydown, move |event| {
        if event.key() == "Escape" {
            on_close();
        }
    });
    // The panel is modal: focus starts on its close button.
    let close_button: NodeRef<leptos::html::Button> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            warn_on_error("focusing the Method panel", button.focus());
        }
    });
    on_cleanup(move || handle.remove());
    let apply = move |_| match RiskRules::from_json(&draft.get_untracked()) {
        Ok(rules) => {
            risk.rules.set(rules);
            message.set(Some((
                true,
                "Rules applied; every view now uses them.".to_owned(),
            )));
        }
        Err(error) => message.set(Some((false, error.to_string()))),
    };
    let reset = move |_| {
        let defaults = RiskRules::default();
        draft.set(defaults.to_json());
        risk.rules.set(defaults);
        message.set(Some((true, "Default rules restored.".to_owned())));
    };
    let export = move |_| {
        download(
            "guardview-risk-rules.json",
            "application/json",
            &risk.rules.with_untracked(RiskRules::to_json),
        )
    };
    let import = move |event: ev::Event| {
        read_chosen_text(&event, move |text| {
            draft.set(text);
            message.set(Some((
                true,
                "Rules file read: check it and choose Apply.".to_owned(),
            )));
        });
    };
    let content = move || {
        let method = risk.rules.with(method);
        view! {
            <ol class="method__steps">
                {method.steps.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
            </ol>
            {method.tables.into_iter().map(|table| view! {
                <section class="method__table">
                    <h3>{table.title}</h3>
                    <p class="method__caption">{table.caption}</p>
                    <table class="table">
                        <thead><tr>{table.header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {table.rows.into_iter().map(|row| view! {
                                <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }).collect_view()}
            <section class="method__sources">
                <h3>"Sources"</h3>
                <ul>
                    {method.sources.into_iter().map(|source| view! {
                        <li>{source.title}" — "<span class="method__url">{source.url}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        }
    };
    view! {
        <div class="detail-backdrop" on:click=move |_| on_close()></div>
        <aside class="detail method" role="dialog" aria-modal="true" aria-labelledby="method-title" data-testid="method-panel">
            <header class="detail__header">
                <h2 class="detail__title" id="method-title">"How the risk matrix is built"</h2>
                <button class="button button--quiet detail__close" aria-label="Close" title="Close" node_ref=close_button on:click=move |_| on_close()>"×"</button>
            </header>
            {content}
            <section class="method__editor">
                <h3 id="rules-json-label">"Edit the rules"</h3>
                <p class="method__caption" id="rules-json-caption">
                    "The rules are JSON. Impact rules rate your assets (tags, accounts, resource types, name patterns); the highest matching rule wins. Edited rules are kept in this browser's local storage (never your findings)."
                </p>
                <textarea
                    class="method__json"
                    aria-labelledby="rules-json-label"
                    aria-describedby="rules-json-caption"
                    data-testid="rules-json"
                    spellcheck="false"
                    prop:value=move || draft.get()
                    on:input=move |event| draft.set(event_target_value(&event))
                ></textarea>
                <div class="method__actions">
                    <button class="button button--primary" data-testid="apply-rules" on:click=apply>"Apply"</button>
                    <button class="button" on:click=reset>"Reset to defaults"</button>
                    <button class="button" data-testid="export-rules" on:click=export>"Export JSON"</button>
                    <label class="button">
                        "Import JSON…"
                        <input class="visually-hidden" type="file" accept=".json,application/json" data-testid="import-rules" on:change=import/>
                    </label>
                </div>
                {move || message.get().map(|(ok, text)| view! {
                    <p class=if ok { "method__message" } else { "method__message method__message--error" } data-testid="rules-message">{text}</p>
                })}
            </section>
            <BoardSettingsEditor/>
        </aside>
    }
}
