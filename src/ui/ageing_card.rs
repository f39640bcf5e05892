//! The Operational view's ageing card: active findings past their SLA by severity, the list of
//! them (a row opens the detail panel), the age distribution, and time to archive — or, when
//! the sources never carry archived findings, why it cannot be measured.

use leptos::html;
use leptos::prelude::*;

use super::chart_card::{measured_width, AnsweredSection, ExportButtons};
use super::state::{
    BriefingData, DataState, DetailState, FilterState, QueryState, ThemeState, AGEING_LISTED,
};
use crate::analysis::ageing::{ArchivedState, BandArchiveTime};
use crate::analysis::filter::FindingFilter;
use crate::analysis::format;
use crate::charts::{age_distribution, ChartSize, ChartText};
use crate::model::SeverityBand;
use crate::store::query::LoadPlace;
use crate::store::Origin;

/// Past-SLA findings listed (the rest are counted).
const LISTED: usize = AGEING_LISTED;
const CHART_TITLE: &str = "Age of active findings";

fn days_text(days: Option<f64>) -> String {
    days.map_or_else(|| "—".to_owned(), |d| format!("{d:.1} days"))
}

fn archive_row(time: &BandArchiveTime) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{time.band.name()}</th>
            <td>{format::count(time.measured)}</td>
            <td>{days_text(time.median_days)}</td>
            <td>{days_text(time.p90_days)}</td>
        </tr>
    }
}

#[component]
pub fn AgeingCard() -> impl IntoView {
    let briefing = expect_context::<BriefingData>();
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let detail = expect_context::<DetailState>();
    let theme = expect_context::<ThemeState>();
    let query = expect_context::<QueryState>();
    // The workers' ageing view; the page's (its listed findings named the same way) while
    // they cannot answer.
    let answer = query.ageing(move || {
        briefing.ageing.with(|ageing| {
            data.with_findings(|all| {
                ageing.clone().map_keys(|index| {
                    let finding = all.get(index as usize);
                    LoadPlace {
                        first_seen: Origin::default(),
                        id: finding.map(|f| f.id.to_string()).unwrap_or_default(),
                        title: finding.and_then(|f| f.title.as_deref().map(str::to_owned)),
                    }
                })
            })
        })
    });
    let ageing = answer.value;
    let container: NodeRef<html::Div> = NodeRef::new();
    let width_px = measured_width(container, 720);
    const HEIGHT_PX: u32 = 300;
    let chart = Memo::new(move |_| {
        let size = ChartSize {
            width_px: width_px.get().max(320),
            height_px: HEIGHT_PX,
        };
        let text = ChartText {
            title: CHART_TITLE.to_owned(),
            subtitle: filters.filter.with(FindingFilter::describe),
        };
        ageing.with(|a| {
            age_distribution(&a.histogram, size, &theme.chart_theme(), &text)
                .ok()
                .map(|r| (r.svg, size.width_px, size.height_px))
        })
    });
    let band_counts = move || {
        ageing.with(|a| {
            SeverityBand::ALL
                .into_iter()
                .rev()
                .map(|band| {
                    let b = a.bands[band.index()];
                    view! {
                        <li data-testid=format!("past-sla-{}", band.slug())>
                            <strong>{band.name()}</strong>": "
                            {format!(
                                "{} past the {} SLA, of {} active",
                                format::count(b.past_sla),
                                format::counted(u64::from(b.sla_days), "day", "days"),
                                format::count(b.active),
                            )}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let past_list = move || {
        ageing.with(|a| {
            a.past_sla
                .iter()
                .take(LISTED)
                .map(|age| {
                    let id = age.index.id.clone();
                    let title = age
                        .index
                        .title
                        .clone()
                        .unwrap_or_else(|| "(untitled finding)".to_owned());
                    let overdue = format!(
                        "{}: open {:.1} days, {:.1} past SLA",
                        age.band.name(),
                        age.age_days(),
                        age.overdue_days()
                    );
                    view! {
                        <li>
                            <button
                                class="ageing__finding"
                                data-testid="past-sla-finding"
                                on:click=move |_| detail.open_finding.set(Some(id.clone()))
                            >
                                <span class="ageing__band">{overdue}</span>
                                " — "{title}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let more = move || {
        ageing.with(|a| {
            let past_sla = a.past_sla_count();
            (past_sla > LISTED as u64).then(|| {
                format!(
                    "and {} more (the table lists every finding).",
                    format::count(past_sla - LISTED as u64)
                )
            })
        })
    };
    let archive = move || {
        ageing.with(|a| match &a.archived {
            ArchivedState::Unknown => view! {
                <p class="ageing__unknown" data-testid="archive-unknown">
                    "Time to archive cannot be measured: every loaded file is an S3 export or EventBridge events, and those never carry archived findings. Load a GetFindings or Security Hub export to see it."
                </p>
            }
            .into_any(),
            ArchivedState::NoneArchived => view! {
                <p data-testid="archive-none">"None of the selected findings is archived, so there is no time to archive to measure."</p>
            }
            .into_any(),
            ArchivedState::Measured(times) => view! {
                <table class="table" data-testid="archive-times">
                    <thead>
                        <tr>
                            <th scope="col">"Severity"</th>
                            <th scope="col">"Archived"</th>
                            <th scope="col">"Median"</th>
                            <th scope="col">"90th percentile"</th>
                        </tr>
                    </thead>
                    <tbody>{times.iter().map(archive_row).collect_view()}</tbody>
                </table>
            }
            .into_any(),
        })
    };
    view! {
        <AnsweredSection
            class="card ageing"
            testid="ageing-card"
            labelledby="ageing-title"
            source=answer.source
            updating=answer.updating
        >
            <header class="chart-card__header">
                <h2 class="card__title" id="ageing-title">"Ageing against SLA"</h2>
                <div class="chart-card__controls">
                    <ExportButtons name="ageing" title=Signal::derive(|| CHART_TITLE.to_owned()) description=Signal::derive(move || ageing.with(|a| {
                        let past_sla: u64 = a.bands.iter().map(|b| b.past_sla).sum();
                        let active: u64 = a.bands.iter().map(|b| b.active).sum();
                        format!(
                            "Active findings by age in days, stacked by severity: {} past its severity's SLA, of {} active.",
                            format::count(past_sla),
                            format::count(active),
                        )
                    })) svg=Signal::derive(move || chart.get())/>
                </div>
            </header>
            <div class="ageing__grid">
                <div>
                    <h3>"Open past SLA"</h3>
                    <ul class="ageing__bands">{band_counts}</ul>
                    <h3>"Time to archive"</h3>
                    {archive}
                </div>
                <div class="chart-card__chart" node_ref=container>
                    <div class="chart-card__svg" inner_html=move || chart.with(|c| c.as_ref().map(|c| c.0.clone()).unwrap_or_default())></div>
                </div>
            </div>
            <h3>"Findings past SLA (most severe first)"</h3>
            <ul class="ageing__list" data-testid="past-sla-list">{past_list}</ul>
            {move || more().map(|text| view! { <p class="chart-card__note">{text}</p> })}
        </AnsweredSection>
    }
}
