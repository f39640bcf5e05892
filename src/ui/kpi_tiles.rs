//! Headline numbers: total, one tile per severity band, archived, accounts, regions, span.

use leptos::prelude::*;

use super::chart_card::AnsweredSection;
use super::state::{DataState, FilterState, QueryState};
use crate::analysis::format;
use crate::analysis::summary::Summary;
use crate::model::SeverityBand;

#[component]
pub fn KpiTiles() -> impl IntoView {
    let data = expect_context::<DataState>();
    let query = expect_context::<QueryState>();
    let page_summary = expect_context::<FilterState>().selected_summary;
    // The tiles count what the filter selects, like every other view: as the workers' store
    // answers it (shown as updating while a newer query runs), else as the page computes it.
    let answer = query.answer(|result| result.summary.clone(), move || page_summary.get());
    let summary = answer.value;
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
                    <KpiCount name=band.slug() summary=summary count=move |s| s.band_count(band)/>
                </button>
            }
        })
        .collect_view();
    view! {
        <AnsweredSection
            class="kpis"
            testid="kpis"
            label="Key figures"
            source=answer.source
            updating=answer.updating
        >
            <div class="kpi kpi--total">
                <span class="kpi__label">"Findings"</span>
                <KpiCount name="total" summary=summary count=|s| s.unique_findings/>
                <span class="kpi__note">
                    {move || format!("{} read", format::counted(records_read(), "record", "records"))}
                </span>
            </div>
            {bands}
            <div class="kpi">
                <span class="kpi__label">"Archived"</span>
                <KpiCount name="archived" summary=summary count=|s| s.archived/>
                <span class="kpi__note">
                    {move || summary.with(|s| format!("{} active", format::count(s.unique_findings - s.archived)))}
                </span>
            </div>
            <div class="kpi">
                <span class="kpi__label">"Accounts"</span>
                <KpiCount name="accounts" summary=summary count=|s| s.accounts/>
            </div>
            <div class="kpi">
                <span class="kpi__label">"Regions"</span>
                <KpiCount name="regions" summary=summary count=|s| s.regions/>
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
        </AnsweredSection>
    }
}

/// A tile's number with thousands separators; longer numbers are set smaller so every tile
/// keeps to one row (see `.kpi__value--long` in the stylesheet).
#[component]
fn KpiCount(
    /// Names the value in its test id, `kpi-{name}`.
    name: &'static str,
    summary: Memo<Summary>,
    count: impl Fn(&Summary) -> u64 + Send + Sync + 'static,
) -> impl IntoView {
    let text = Memo::new(move |_| summary.with(|s| format::count(count(s))));
    view! {
        <span
            class="kpi__value"
            class:kpi__value--long=move || text.with(|t| t.len() >= 6)
            class:kpi__value--longer=move || text.with(|t| t.len() >= 9)
            data-testid=format!("kpi-{name}")
        >
            {text}
        </span>
    }
}
