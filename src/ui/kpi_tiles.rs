//! Headline numbers: total, one tile per severity band, archived, accounts, regions, span.

use leptos::prelude::*;

use super::state::{DataState, FilterState};
use crate::model::SeverityBand;

#[component]
pub fn KpiTiles() -> impl IntoView {
    let data = expect_context::<DataState>();
    // The tiles count what the filter selects, like every other view.
    let summary = expect_context::<FilterState>().selected_summary;
    let band_count = move |band: SeverityBand| summary.with(|s| s.band_count(band));
    let records_read = move || {
        data.reports
            .with(|reports| reports.iter().map(|r| r.records).sum::<u64>())
    };
    let filters = expect_context::<FilterState>();
    let bands = SeverityBand::ALL
        .iter()
        .rev()
        .map(|&band| {
            let chosen = move || filters.filter.with(|f| f.severities.contains(&band));
            let toggle = move |_| {
                filters.update(|f| {
                    if !f.severities.remove(&band) {
                        f.severities.insert(band);
                    }
                })
            };
            view! {
                <button
                    class=format!("kpi kpi--severity kpi--button kpi--{}", band.slug())
                    class:kpi--chosen=chosen
                    aria-pressed=move || chosen().to_string()
                    title=format!("Show only {} findings (click again to remove)", band.name())
                    data-testid=format!("kpi-tile-{}", band.slug())
                    on:click=toggle
                >
                    <span class="kpi__label">{band.name()}</span>
                    <span class="kpi__value" data-testid=format!("kpi-{}", band.slug())>
                        {move || band_count(band)}
                    </span>
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="kpis" aria-label="Key figures">
            <div class="kpi kpi--total">
                <span class="kpi__label">"Findings"</span>
                <span class="kpi__value" data-testid="kpi-total">
                    {move || summary.with(|s| s.unique_findings)}
                </span>
                <span class="kpi__note">
                    {move || format!("{} records read", records_read())}
                </span>
            </div>
            {bands}
            <div class="kpi">
                <span class="kpi__label">"Archived"</span>
                <span class="kpi__value" data-testid="kpi-archived">
                    {move || summary.with(|s| s.archived)}
                </span>
                <span class="kpi__note">
                    {move || summary.with(|s| format!("{} active", s.unique_findings - s.archived))}
                </span>
            </div>
            <div class="kpi">
                <span class="kpi__label">"Accounts"</span>
                <span class="kpi__value" data-testid="kpi-accounts">
                    {move || summary.with(|s| s.accounts)}
                </span>
            </div>
            <div class="kpi">
                <span class="kpi__label">"Regions"</span>
                <span class="kpi__value" data-testid="kpi-regions">
                    {move || summary.with(|s| s.regions)}
                </span>
            </div>
            <div class="kpi kpi--span">
                <span class="kpi__label">"Activity seen"</span>
                <span class="kpi__value kpi__value--small" data-testid="kpi-span">
                    {move || summary.with(|s| match (s.first_seen, s.last_seen) {
                        (Some(first), Some(last)) => format!(
                            "{} → {}",
                            first.to_iso8601().get(..10).unwrap_or_default(),
                            last.to_iso8601().get(..10).unwrap_or_default(),
                        ),
                        _ => "—".to_owned(),
                    })}
                </span>
            </div>
        </section>
    }
}
