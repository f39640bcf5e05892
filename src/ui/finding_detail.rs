//! The finding detail panel: every normalised field, response guidance, and the raw record.
//! All finding text is rendered as text nodes (never markup).

use leptos::ev;
use leptos::prelude::*;

use super::state::{DataState, DetailState, RiskState};
use crate::analysis::detail::{detail_sections, pretty_json};
use crate::analysis::guidance::guidance_for;
use crate::analysis::risk::assess;

#[component]
pub fn FindingDetail() -> impl IntoView {
    let data = expect_context::<DataState>();
    let detail = expect_context::<DetailState>();
    let risk = expect_context::<RiskState>();
    let close = move || detail.open_finding.set(None);
    let handle = window_event_listener(ev::keydown, move |event| {
        if event.key() == "Escape" && detail.open_finding.get_untracked().is_some() {
            close();
        }
    });
    on_cleanup(move || handle.remove());
    let show_raw = RwSignal::new(false);

    let content = move || {
        let index = detail.open_finding.get()?;
        data.with_findings(|all| {
            let finding = all.get(index as usize)?;
            let sections = detail_sections(finding);
            let guidance = guidance_for(finding);
            let now = risk.now.get();
            let assessment = risk.rules.with(|rules| assess(finding, rules, now));
            let raw = finding.raw_json.as_deref().map(pretty_json);
            let band = finding.severity;
            Some(view! {
                <header class="detail__header">
                    <span class=format!("severity-badge severity-badge--{}", band.slug())>
                        {format!("{} {}", band.name(), finding.severity_score)}
                    </span>
                    <h2 class="detail__title" id="detail-title">
                        {finding.title.as_deref().unwrap_or(&finding.finding_type.full).to_owned()}
                    </h2>
                    <button
                        class="button button--quiet detail__close"
                        data-testid="close-detail"
                        aria-label="Close details"
                        on:click=move |_| close()
                    >
                        "×"
                    </button>
                </header>
                <section class="detail__guidance" data-testid="guidance">
                    <h3>"What to do"</h3>
                    <p>{guidance.by_severity}</p>
                    <ul>
                        {guidance.steps.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
                    </ul>
                </section>
                <section class="detail__section" data-testid="risk-assessment">
                    <h3>"Risk assessment (NIST SP 800-30)"</h3>
                    <dl class="detail__fields detail__fields--prose">
                        <dt>"Likelihood of initiation (G-2)"</dt>
                        <dd>{format!("{} — {}", assessment.initiation.level.name(), assessment.initiation.rule)}</dd>
                        <dt>"Likelihood of adverse impact (G-4)"</dt>
                        <dd>{format!("{} — {}", assessment.adverse_impact.level.name(), assessment.adverse_impact.rule)}</dd>
                        <dt>"Overall likelihood (G-5)"</dt>
                        <dd>{assessment.likelihood.name()}</dd>
                        <dt>"Impact (H-3)"</dt>
                        <dd>{format!("{} — {}", assessment.impact.level.name(), assessment.impact.rule)}</dd>
                        <dt>"Level of risk (I-2)"</dt>
                        <dd><strong>{assessment.risk.name()}</strong></dd>
                    </dl>
                </section>
                {sections
                    .into_iter()
                    .map(|section| {
                        view! {
                            <section class="detail__section">
                                <h3>{section.title}</h3>
                                <dl class="detail__fields">
                                    {section
                                        .rows
                                        .into_iter()
                                        .map(|(label, value)| view! {
                                            <dt>{label}</dt>
                                            <dd>{value}</dd>
                                        })
                                        .collect_view()}
                                </dl>
                            </section>
                        }
                    })
                    .collect_view()}
                {raw.map(|raw| view! {
                    <section class="detail__section">
                        <h3>
                            <button class="link-button" on:click=move |_| show_raw.update(|s| *s = !*s)>
                                {move || if show_raw.get() { "Hide raw JSON" } else { "Show raw JSON" }}
                            </button>
                        </h3>
                        <Show when=move || show_raw.get()>
                            <pre class="detail__raw" data-testid="raw-json">{raw.clone()}</pre>
                        </Show>
                    </section>
                })}
            })
        })
    };

    view! {
        <Show when=move || detail.open_finding.get().is_some()>
            <div class="detail-backdrop" on:click=move |_| close()></div>
            <aside
                class="detail"
                role="dialog"
                aria-modal="false"
                aria-labelledby="detail-title"
                data-testid="finding-detail"
            >
                {content}
            </aside>
        </Show>
    }
}
