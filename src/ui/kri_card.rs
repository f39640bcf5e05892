//! The key risk indicators against the user's appetite: they lead the Strategic view, the
//! first content slide and the one-page board summary. Each shows its value, the appetite
//! (amber and red), the status as word, shape and colour, the trend against the baseline, and
//! the decision needed when red.

use leptos::prelude::*;

use super::chart_card::AnsweredSection;
use super::state::BriefingData;
use crate::analysis::appetite::KeyRiskIndicator;

/// One indicator tile (also used on the slide and in the board summary).
pub fn kri_tile(kri: &KeyRiskIndicator) -> impl IntoView {
    let status = kri.status;
    let trend = kri.trend_text();
    view! {
        <div
            class=format!("kri kri--{}", status.slug())
            data-testid=format!("kri-{}", kri.id.slug())
            data-status=status.slug()
        >
            <span class="kri__label">{kri.label()}</span>
            <span class="kri__value">{kri.value_text()}</span>
            <span class="kri__status">
                <span class=format!("kri__shape kri__shape--{}", status.shape()) aria-hidden="true">{status.symbol()}</span>
                " "{status.word()}
            </span>
            <span class="kri__appetite">"Appetite: "{kri.appetite_text()}</span>
            {(!trend.is_empty()).then(|| view! { <span class="kri__trend">"Trend: "{trend}" (vs baseline)"</span> })}
            {kri.decision.clone().map(|decision| view! {
                <span class="kri__decision" data-testid="kri-decision">"Decision needed: "{decision}</span>
            })}
        </div>
    }
}

/// All indicators as a grid of tiles.
pub fn kri_grid(list: &[KeyRiskIndicator]) -> impl IntoView {
    view! { <div class="kri-grid">{list.iter().map(kri_tile).collect_view()}</div> }
}

#[component]
pub fn KriCard() -> impl IntoView {
    let briefing = expect_context::<BriefingData>();
    view! {
        <AnsweredSection
            class="card kri-card"
            testid="kri-card"
            labelledby="kri-title"
            source=briefing.key_risk.source
            updating=briefing.key_risk.updating
        >
            <header class="chart-card__header">
                <h2 class="card__title" id="kri-title">"Key risk indicators against appetite"</h2>
            </header>
            {move || briefing.key_risk.value.with(|list| kri_grid(list))}
            <p class="chart-card__note">
                "Amber and red thresholds are your risk appetite: change them under Risk matrix → Method and rules. The briefing below describes the period; these indicators say where it stands against appetite."
            </p>
        </AnsweredSection>
    }
}
