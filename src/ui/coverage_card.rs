//! The Tactical view's coverage card: the account × region grid of selected findings, each
//! cell with its count and highest severity in words (a button: choosing it filters every view
//! to that account and region, choosing it again clears), and the accounts and regions seen in
//! the loaded files with no finding in the selection.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::chart_card::AnsweredSection;
use super::state::{DataState, FilterState, QueryState, RiskState};
use crate::analysis::coverage::{coverage, Coverage};
use crate::analysis::filter::{keep_risk_cell, FindingFilter, UNKNOWN};
use crate::analysis::format;

/// Rows and columns shown (the busiest first would need sorting; the grid keeps name order).
const MAX_ACCOUNTS: usize = 40;
const MAX_REGIONS: usize = 20;

fn filter_value(name: &Option<String>) -> String {
    name.clone().unwrap_or_else(|| UNKNOWN.to_owned())
}

fn display(name: &Option<String>) -> String {
    name.clone().unwrap_or_else(|| UNKNOWN.to_owned())
}

#[component]
pub fn CoverageCard() -> impl IntoView {
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let risk = expect_context::<RiskState>();
    // Counted over the selection without its account and region parts, so choosing a cell
    // keeps the rest of the grid on screen.
    let answer = expect_context::<QueryState>().answer(
        |result| result.coverage.clone(),
        move || {
            let filter = filters.filter.with(|f| FindingFilter {
                accounts: BTreeSet::new(),
                regions: BTreeSet::new(),
                ..f.clone()
            });
            data.with_findings(|all| {
                let mut selected = if filter.text.trim().is_empty() {
                    filter.apply(all)
                } else {
                    data.search
                        .with(|search| filter.apply_searching(all, search))
                };
                if let Some(wanted) = filter.risk_cell {
                    selected = risk
                        .cells
                        .with(|cells| keep_risk_cell(&selected, cells, wanted));
                }
                coverage(all, &selected)
            })
        },
    );
    let grid = answer.value;
    let chosen = move |account: &str, region: &str| {
        filters.filter.with(|f| {
            f.accounts.len() == 1
                && f.regions.len() == 1
                && f.accounts.contains(account)
                && f.regions.contains(region)
        })
    };
    let choose = move |account: String, region: String| {
        let again = chosen(&account, &region);
        filters.update(|f| {
            f.accounts.clear();
            f.regions.clear();
            if !again {
                f.accounts.insert(account);
                f.regions.insert(region);
            }
        });
    };
    let table = move || {
        grid.with(|c: &Coverage| {
            let regions: Vec<Option<String>> = c.regions.iter().take(MAX_REGIONS).cloned().collect();
            let header = regions
                .iter()
                .map(|r| view! { <th scope="col">{display(r)}</th> })
                .collect_view();
            let rows = c
                .accounts
                .iter()
                .take(MAX_ACCOUNTS)
                .map(|account| {
                    let cells = regions
                        .iter()
                        .map(|region| {
                            let Some(cell) = c.cell(account.as_deref(), region.as_deref()) else {
                                return view! { <td class="coverage__empty">"–"</td> }.into_any();
                            };
                            let (account_value, region_value) =
                                (filter_value(account), filter_value(region));
                            // The accessible name is the cell's own text with hidden context around
                            // it, so what a sighted user reads is part of what is announced.
                            let context = format!("{} in {}: ", display(account), display(region));
                            let label = format!(
                                "{context}{}, highest {}",
                                format::counted(cell.total(), "finding", "findings"),
                                cell.highest.name()
                            );
                            let highest = cell.highest;
                            let (a, r) = (account_value.clone(), region_value.clone());
                            view! {
                                <td>
                                    <button
                                        class=format!("coverage__cell coverage__cell--{}", highest.slug())
                                        class:coverage__cell--chosen=move || chosen(&a, &r)
                                        data-testid="coverage-cell"
                                        title=label
                                        on:click=move |_| choose(account_value.clone(), region_value.clone())
                                    >
                                        <span class="visually-hidden">{context}</span>
                                        <span class="coverage__count">{format::count(cell.total())}</span>
                                        <span class="visually-hidden">" findings, highest "</span>
                                        <span class="coverage__band">{highest.name()}</span>
                                    </button>
                                </td>
                            }
                            .into_any()
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{display(account)}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            let clipped = c.accounts.len() > MAX_ACCOUNTS || c.regions.len() > MAX_REGIONS;
            view! {
                <div class="coverage__scroll">
                    <table class="coverage__table">
                        <thead>
                            <tr>
                                <th scope="col">"Account \\ Region"</th>
                                {header}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {clipped.then(|| view! {
                    <p class="chart-card__note">
                        {format!(
                            "Showing the first {} accounts and {} regions of {} and {}.",
                            MAX_ACCOUNTS,
                            MAX_REGIONS,
                            format::count(c.accounts.len() as u64),
                            format::count(c.regions.len() as u64)
                        )}
                    </p>
                })}
            }
        })
    };
    let silent = move || {
        grid.with(|c| {
            let list = |names: &[String]| {
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            };
            view! {
                <p data-testid="silent-accounts">
                    <strong>"Accounts with no finding in the selection: "</strong>{list(&c.silent_accounts)}
                </p>
                <p data-testid="silent-regions">
                    <strong>"Regions with no finding in the selection: "</strong>{list(&c.silent_regions)}
                </p>
            }
        })
    };
    view! {
        <AnsweredSection
            class="card coverage"
            testid="coverage-card"
            labelledby="coverage-title"
            source=answer.source
            updating=answer.updating
        >
            <header class="chart-card__header">
                <h2 class="card__title" id="coverage-title">"Coverage: accounts × regions"</h2>
            </header>
            {table}
            <p class="chart-card__note">
                "Each cell shows the findings in that account and region and the highest severity among them. Choose a cell to filter every view to it; choose it again to clear."
            </p>
            {silent}
        </AnsweredSection>
    }
}
