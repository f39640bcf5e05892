//! The Method panel's board settings beside the risk rules: the appetite (amber and red) of
//! each key risk indicator and the SLA days of each severity band, as labelled number inputs,
//! validated as they change, kept in local storage, and exported or imported as JSON.

use leptos::ev;
use leptos::prelude::*;

use super::chart_card::download;
use super::file_reader::read_chosen_text;
use super::state::BoardSettings;
use crate::analysis::ageing::SlaSettings;
use crate::analysis::appetite::{Appetite, AppetiteSettings, KriId};
use crate::model::SeverityBand;

/// Which threshold of an indicator an input sets.
#[derive(Clone, Copy)]
enum Threshold {
    Amber,
    Red,
}

impl Threshold {
    fn label(self) -> &'static str {
        match self {
            Self::Amber => "Amber at",
            Self::Red => "Red at",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Self::Amber => "amber",
            Self::Red => "red",
        }
    }
}

fn with_days(mut sla: SlaSettings, band: SeverityBand, days: u32) -> SlaSettings {
    match band {
        SeverityBand::Critical => sla.critical_days = days,
        SeverityBand::High => sla.high_days = days,
        SeverityBand::Medium => sla.medium_days = days,
        SeverityBand::Low => sla.low_days = days,
    }
    sla
}

#[component]
pub fn BoardSettingsEditor() -> impl IntoView {
    let board = expect_context::<BoardSettings>();
    // `(ok, text)`: the last change's outcome; a rejected value stays in its input.
    let message = RwSignal::new(None::<(bool, String)>);
    let set_threshold = move |id: KriId, which: Threshold, text: String| {
        let Ok(value) = text.trim().parse::<f64>() else {
            message.set(Some((
                false,
                format!("{}: “{text}” is not a number", id.label()),
            )));
            return;
        };
        let mut next = board.appetite.get_untracked();
        let Appetite { amber, red } = next.get(id);
        let changed = match which {
            Threshold::Amber => Appetite { amber: value, red },
            Threshold::Red => Appetite { amber, red: value },
        };
        next.set(id, changed);
        match next.validate() {
            Ok(()) => {
                board.appetite.set(next);
                message.set(Some((
                    true,
                    "Appetite saved; the indicators use it.".to_owned(),
                )));
            }
            Err(error) => message.set(Some((false, error.to_string()))),
        }
    };
    let set_days = move |band: SeverityBand, text: String| {
        let Ok(days) = text.trim().parse::<u32>() else {
            message.set(Some((
                false,
                format!(
                    "{} SLA: “{text}” is not a whole number of days",
                    band.name()
                ),
            )));
            return;
        };
        let next = with_days(board.sla.get_untracked(), band, days);
        match next.validate() {
            Ok(()) => {
                board.sla.set(next);
                message.set(Some((
                    true,
                    "SLA saved; ageing and the indicators use it.".to_owned(),
                )));
            }
            Err(error) => message.set(Some((false, error.to_string()))),
        }
    };
    let appetite_rows = KriId::ALL.into_iter().map(move |id| {
        let input = move |which: Threshold| {
            let current = move || {
                let a = board.appetite.with(|s| s.get(id));
                match which {
                    Threshold::Amber => a.amber,
                    Threshold::Red => a.red,
                }
                .to_string()
            };
            view! {
                <td>
                    <input
                        class="board-settings__number"
                        type="number"
                        min="0"
                        step="any"
                        aria-label=format!("{} — {}", which.label(), id.label())
                        data-testid=format!("appetite-{}-{}", id.slug(), which.slug())
                        prop:value=current
                        on:change=move |event| set_threshold(id, which, event_target_value(&event))
                    />
                </td>
            }
        };
        view! {
            <tr>
                <th scope="row">{id.label()}</th>
                {input(Threshold::Amber)}
                {input(Threshold::Red)}
            </tr>
        }
    });
    let sla_rows = SeverityBand::ALL.into_iter().rev().map(move |band| {
        view! {
            <tr>
                <th scope="row">{band.name()}</th>
                <td>
                    <input
                        class="board-settings__number"
                        type="number"
                        min="1"
                        step="1"
                        aria-label=format!("SLA days — {}", band.name())
                        data-testid=format!("sla-{}", band.slug())
                        prop:value=move || board.sla.with(|s| s.days(band)).to_string()
                        on:change=move |event| set_days(band, event_target_value(&event))
                    />
                </td>
            </tr>
        }
    });
    let export = move |_| {
        download(
            "guardview-appetite.json",
            "application/json",
            &board.appetite.with_untracked(AppetiteSettings::to_json),
        );
        download(
            "guardview-sla.json",
            "application/json",
            &board.sla.with_untracked(SlaSettings::to_json),
        );
    };
    let import = move |event: ev::Event| {
        read_chosen_text(&event, move |text| {
            // The file says which settings it holds: appetite or SLA.
            let outcome = match AppetiteSettings::from_json(&text) {
                Ok(appetite) => {
                    board.appetite.set(appetite);
                    (true, "Appetite imported.".to_owned())
                }
                Err(appetite_error) => match SlaSettings::from_json(&text) {
                    Ok(sla) => {
                        board.sla.set(sla);
                        (true, "SLA imported.".to_owned())
                    }
                    Err(sla_error) => (false, format!("{appetite_error} / {sla_error}")),
                },
            };
            message.set(Some(outcome));
        });
    };
    let reset = move |_| {
        board.appetite.set(AppetiteSettings::default());
        board.sla.set(SlaSettings::default());
        message.set(Some((
            true,
            "Default appetite and SLA restored.".to_owned(),
        )));
    };
    view! {
        <section class="method__editor board-settings" data-testid="board-settings">
            <h3>"Risk appetite and SLA"</h3>
            <p class="method__caption">
                "Each key risk indicator turns amber at its amber threshold and red at its red one. SLA days are how long an active finding of each severity may stay open. Kept in this browser's local storage (never your findings)."
            </p>
            <div class="board-settings__tables">
                <table class="table board-settings__table">
                    <caption>"Appetite per indicator"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Indicator"</th>
                            <th scope="col">{Threshold::Amber.label()}</th>
                            <th scope="col">{Threshold::Red.label()}</th>
                        </tr>
                    </thead>
                    <tbody>{appetite_rows.collect_view()}</tbody>
                </table>
                <table class="table board-settings__table">
                    <caption>"SLA per severity"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Severity"</th>
                            <th scope="col">"SLA days"</th>
                        </tr>
                    </thead>
                    <tbody>{sla_rows.collect_view()}</tbody>
                </table>
            </div>
            <div class="method__actions">
                <button class="button" data-testid="reset-board-settings" on:click=reset>"Reset appetite and SLA"</button>
                <button class="button" data-testid="export-board-settings" on:click=export>"Export appetite and SLA JSON"</button>
                <label class="button">
                    "Import appetite or SLA JSON…"
                    <input class="visually-hidden" type="file" accept=".json,application/json" data-testid="import-board-settings" on:change=import/>
                </label>
            </div>
            {move || message.get().map(|(ok, text)| view! {
                <p
                    class=if ok { "method__message" } else { "method__message method__message--error" }
                    role=if ok { "status" } else { "alert" }
                    data-testid="board-settings-message"
                >
                    {text}
                </p>
            })}
        </section>
    }
}
