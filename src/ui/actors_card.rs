//! Who is behind the findings: top countries, networks, remote IPs and domains, with the IOC
//! list (and the findings themselves) exported as CSV.

use leptos::prelude::*;

use super::chart_card::{download, AnsweredSection};
use super::state::{DataState, FilterState, QueryState, ACTORS_TOP_ROWS as TOP_ROWS};
use crate::analysis::actors::{ioc_rows, ActorRow, Ranking};
use crate::analysis::export::{findings_csv, findings_csv_of, ioc_csv};
use crate::analysis::format;
use crate::analysis::table::SortKey;
use crate::store::window::{TableSort, TableView};
use crate::store::Views;

/// What clicking a row of a ranking filters to, if anything.
#[derive(Clone, Copy)]
enum RowFilter {
    None,
    RemoteIp,
    Domain,
}

#[component]
pub fn ActorsCard() -> impl IntoView {
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let query = expect_context::<QueryState>();
    let answer = query.answer(
        |result| result.actors.clone(),
        move || {
            let index = data.index.get();
            filters.selected.with(|selected| {
                data.with_findings(|all| index.actor_summary(all, selected, TOP_ROWS))
            })
        },
    );
    let summary = answer.value;
    // The workers list the selection's indicators; the page while they cannot (the button
    // says which wrote the last export, in `data-exported-from`).
    let iocs_from = RwSignal::new("");
    let export_iocs = move |_| {
        leptos::task::spawn_local(async move {
            let views = Views {
                iocs: true,
                ..Views::default()
            };
            let rows = match query.ask(views).await.and_then(|result| result.iocs) {
                Some(rows) => {
                    iocs_from.set("workers");
                    rows
                }
                None => {
                    iocs_from.set("page");
                    filters.selected.with_untracked(|selected| {
                        data.with_findings(|all| ioc_rows(all, selected))
                    })
                }
            };
            download("guardview-iocs.csv", "text/csv", &ioc_csv(&rows));
        });
    };
    let ranking = move |title: &'static str,
                        testid: &'static str,
                        pick: fn(&crate::analysis::actors::ActorSummary) -> Ranking,
                        row_filter: RowFilter| {
        view! {
            <div class="actors__ranking" data-testid=testid>
                <h3>{title}</h3>
                {move || {
                    let ranking = summary.with(pick);
                    if ranking.rows.is_empty() {
                        return view! { <p class="chart-card__empty">"None in the selection."</p> }.into_any();
                    }
                    let max = ranking.rows.iter().map(|r| r.finding_count).max().unwrap_or(1).max(1);
                    let more = ranking.distinct_count.saturating_sub(ranking.rows.len());
                    view! {
                        <ol class="actors__list">
                            {ranking.rows.into_iter().map(|row| actor_row(row, max, row_filter, filters)).collect_view()}
                        </ol>
                        {(more > 0).then(|| view! { <p class="chart-card__note">{format!("… and {} more", format::count(more as u64))}</p> })}
                    }
                        .into_any()
                }}
            </div>
        }
    };
    view! {
        <AnsweredSection
            class="card actors"
            testid="actors-card"
            labelledby="actors-title"
            source=answer.source
            updating=answer.updating
        >
            <header class="chart-card__header">
                <h2 class="card__title" id="actors-title">"Actors and indicators"</h2>
                <div class="chart-card__controls">
                    <button class="button button--small" data-testid="export-iocs" data-exported-from=iocs_from on:click=export_iocs>
                        "IOC list (CSV)"
                    </button>
                </div>
            </header>
            <div class="actors__grid">
                {ranking("Remote IPs", "actors-ips", |s| s.remote_ips.clone(), RowFilter::RemoteIp)}
                {ranking("Domains", "actors-domains", |s| s.domains.clone(), RowFilter::Domain)}
                {ranking("Countries", "actors-countries", |s| s.countries.clone(), RowFilter::None)}
                {ranking("Networks (ASN)", "actors-networks", |s| s.networks.clone(), RowFilter::None)}
            </div>
            <p class="chart-card__note">
                "Counts are findings naming the actor. The IOC list has every remote IP and domain in the selection with first and last seen, countries, networks and finding types; cells that a spreadsheet would run as formulas are neutralised."
            </p>
        </AnsweredSection>
    }
}

fn actor_row(
    row: ActorRow,
    max: u32,
    row_filter: RowFilter,
    filters: FilterState,
) -> impl IntoView {
    let width_percent = f64::from(row.finding_count) * 100.0 / f64::from(max);
    let context = row.ip_context.as_ref().map(|c| {
        [
            c.country.as_deref(),
            c.asn.as_deref(),
            c.organisation.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
    });
    let key = match row_filter {
        RowFilter::None => None,
        RowFilter::RemoteIp => Some(format!("ip:{}", row.label)),
        RowFilter::Domain => Some(format!("domain:{}", row.label)),
    };
    let clickable = key.is_some();
    view! {
        <li
            class="actors__row"
            class:actors__row--clickable=clickable
            title=if clickable { "Click to filter to these findings" } else { "" }
            on:click=move |_| {
                if let Some(key) = key.clone() {
                    filters.update(|f| f.graph_node = Some(key));
                }
            }
        >
            <span class="actors__label">
                <span class=format!("severity-dot severity-dot--{}", row.highest_severity.slug()) title=row.highest_severity.name()></span>
                {row.label.clone()}
                {context.map(|c| view! { <span class="actors__context">{c}</span> })}
            </span>
            <span class="actors__count">{format::count(u64::from(row.finding_count))}</span>
            <span class="actors__bar" style:width=format!("{width_percent:.1}%")></span>
        </li>
    }
}

/// Downloads the filtered findings as CSV (one row per finding, in table order is not needed:
/// severity first).
#[component]
pub fn FindingsCsvButton() -> impl IntoView {
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let query = expect_context::<QueryState>();
    // The workers write each selected finding's record where it lives; the page while they
    // cannot (`data-exported-from` says which wrote the last export).
    let exported_from = RwSignal::new("");
    let export = move |_| {
        leptos::task::spawn_local(async move {
            let views = Views {
                findings_export: Some(TableView {
                    sort: TableSort::Severity,
                    descending: true,
                    ..TableView::default()
                }),
                ..Views::default()
            };
            let from_workers = query.ask(views).await.and_then(|r| r.findings_export);
            exported_from.set(if from_workers.is_some() {
                "workers"
            } else {
                "page"
            });
            let csv = match from_workers {
                Some(records) => findings_csv_of(records.into_iter()),
                None => filters.selected.with_untracked(|selected| {
                    data.with_findings(|all| {
                        let mut order = selected.as_ref().clone();
                        crate::analysis::table::sort_indices(
                            all,
                            &mut order,
                            SortKey::Severity,
                            true,
                        );
                        findings_csv(all, &order)
                    })
                }),
            };
            download("guardview-findings.csv", "text/csv", &csv);
        });
    };
    view! {
        <button class="button button--small" data-testid="export-findings-csv" data-exported-from=exported_from on:click=export>
            "Findings (CSV)"
        </button>
    }
}
