//! The organisation's history from Rollup v1 files (docs/org-scale.md), shown apart from the
//! loaded findings: a rollup counts findings first seen over months or years, a `latest` file
//! loaded beside it holds some of the same findings one by one, so the two are never added.
//! The Strategic view opens with [`HistoryCard`] (headline numbers, the last 30 days against
//! the 30 before, and the severity timeline by month or year); the Tactical view with [`HistoryBreakdowns`] (type, ATT&CK tactic, CSA
//! threat, resource type, account, region). [`FindingLevelNote`] says, above the views that
//! count single findings, that they show the loaded finding files, not the rollup. The filter
//! bar applies to the loaded findings only. All numbers come from `analysis::rollup_views`.

use leptos::html;
use leptos::prelude::*;

use super::breakdown_card::{breakdown_columns, breakdown_description, breakdown_row_values};
use super::briefing_card::evidence_text;
use super::chart_card::{measured_width, ExportButtons};
use super::chart_table::{ChartRow, ChartTable, TableToggle};
use super::risk_card::matrix_frame;
use super::state::{DataState, FilterState, RiskState, ThemeState};
use crate::analysis::breakdown::{Breakdown, Dimension};
use crate::analysis::briefing::{HistoryBriefing, HISTORY_TREND_DAYS};
use crate::analysis::format;
use crate::analysis::risk::{risk_level, Level};
use crate::analysis::rollup_risk::rollup_risk;
use crate::analysis::rollup_views::{
    rollup_breakdown, rollup_timeline, rollup_trend, Period, RollupKpis, RollupTrend,
};
use crate::charts::{breakdown_bars, ChartSize, ChartText};
use crate::model::SeverityBand;

/// Days in each window of the history's trend (the history briefing's, too).
const TREND_DAYS: u32 = HISTORY_TREND_DAYS;

/// Rows drawn before the rest are folded into "N others" (timelines, tactics and CSA threats
/// are never folded).
const TOP_ROWS: usize = 12;
const ROW_PX: u32 = 22;

/// Headline numbers and the severity timeline of the loaded rollups (Strategic view).
#[component]
pub fn HistoryCard() -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let data = expect_context::<DataState>();
    let kpis = filters.history_kpis;
    let period = RwSignal::new(Period::Month);
    let timeline = Memo::new(move |_| filters.with_history(|r| rollup_timeline(r, period.get())));
    let tiles = move || kpis.with(history_tiles);
    let period_buttons = Period::ALL
        .into_iter()
        .map(|choice| {
            view! {
                <button
                    class="button button--small"
                    aria-pressed=move || (period.get() == choice).to_string()
                    data-testid=format!("history-period-{}", choice.label().to_lowercase())
                    on:click=move |_| period.set(choice)
                >
                    {format!("By {}", choice.label().to_lowercase())}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="card history" data-testid="history-card" aria-labelledby="history-title">
            <header class="history__header">
                <h2 class="card__title" id="history-title">"History (rollup)"</h2>
                <p class="history__span" data-testid="history-span">{move || kpis.with(span_text)}</p>
            </header>
            <p class="history__explain">
                "Daily counts from the Rollup v1 files loaded, counted by the day each finding was first seen. They are kept apart from the findings loaded from finding files (below and in the other views), which may be the same findings: the two are never added. The filter bar applies here too, by severity, status, account, region, resource type, threat purpose and finding type."
            </p>
            {history_filter_note(filters, data)}
            <div class="kpis history__kpis" role="group" aria-label="History key figures">{tiles}</div>
            {move || filters.history_briefing.with(|brief| brief.as_ref().map(history_in_brief))}
            {move || filters.with_history(|r| rollup_trend(r, TREND_DAYS)).map(|trend| trend_table(&trend))}
            <HistoryBars
                card_id="history-timeline"
                heading="Severity over time, by first-seen day"
                rows=timeline
                describe=timeline_description
            >
                <div class="history__periods" role="group" aria-label="Timeline step">{period_buttons}</div>
            </HistoryBars>
            <HistoryRisk/>
            {move || kpis.with(|k| (k.undated > 0).then(|| view! {
                <p class="chart-card__note">
                    {format!("{} with no first-seen day are counted above but not on the timeline.", format::counted(k.undated, "finding", "findings"))}
                </p>
            }))}
        </section>
    }
}

/// What the filter bar does to the history: how much of it the filter keeps, and which of its
/// active parts a rollup row has no data for.
fn history_filter_note(filters: FilterState, data: DataState) -> impl IntoView {
    move || {
        let total = data.rollup_kpis.with(|k| k.totals.findings);
        let kept = filters.history_kpis.with(|k| k.totals.findings);
        let not_applied = filters.history.with(|h| h.not_applied.clone());
        let mut sentences = Vec::new();
        if kept != total {
            sentences.push(format!(
                "The filter keeps {} of the history's {}.",
                format::count(kept),
                format::counted(total, "finding", "findings")
            ));
        }
        if !not_applied.is_empty() {
            sentences.push(format!(
                "Not applied to the history, which has no single findings: {}.",
                not_applied.join(", ")
            ));
        }
        (!sentences.is_empty()).then(|| {
            view! { <p class="history__finding-note" data-testid="history-filter-note">{sentences.join(" ")}</p> }
        })
    }
}

/// The history's NIST SP 800-30 matrix from its columns (`analysis::rollup_risk`), read-only,
/// with the rules a rollup row cannot satisfy named under it.
#[component]
fn HistoryRisk() -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let risk = expect_context::<RiskState>();
    let assessed = Memo::new(move |_| {
        filters.with_history(|rollup| risk.rules.with(|rules| rollup_risk(rollup, rules)))
    });
    let cell = move |likelihood: Level, impact: Level| {
        let level = risk_level(likelihood, impact);
        let count = move || assessed.with(|a| u64::from(a.matrix.count(likelihood, impact)));
        view! {
            <td class="risk-matrix__cell-wrap">
                <div
                    class=format!("risk-matrix__cell risk--{}", level.slug())
                    class:risk-matrix__cell--empty=move || count() == 0
                    data-testid=format!("history-risk-cell-{}-{}", likelihood.slug(), impact.slug())
                >
                    <span class="visually-hidden">
                        {format!("Likelihood {} × impact {}: ", likelihood.name(), impact.name())}
                    </span>
                    <span class="risk-matrix__count">{move || format::count(count())}</span>
                    <span class="risk-matrix__level">{level.name()}</span>
                </div>
            </td>
        }
    };
    let not_evaluated = move || {
        assessed.with(|a| {
            a.not_evaluated
                .iter()
                .map(|rule| view! { <li>{rule.clone()}</li> })
                .collect_view()
        })
    };
    view! {
        <section class="history__risk" data-testid="history-risk" aria-labelledby="history-risk-title">
            <h3 class="history__chart-title" id="history-risk-title">"Risk (NIST SP 800-30) from the history's columns"</h3>
            <p class="history__explain">
                "Each rollup row assessed as one finding of its type, severity band, account and resource type, under the rules in Method and rules, and counted with its findings. A row does not carry what the rules below read, so they never match here: a cell can show a lower level than the same findings get when loaded one by one."
            </p>
            {matrix_frame(cell)}
            <details class="history__not-evaluated">
                <summary data-testid="history-risk-not-evaluated">
                    {move || format!("Rules not evaluated from a rollup ({})", assessed.with(|a| a.not_evaluated.len()))}
                </summary>
                <ul>{not_evaluated}</ul>
            </details>
        </section>
    }
}

/// The history briefing: its headline, then one sentence per topic with its evidence.
pub fn history_in_brief(brief: &HistoryBriefing) -> impl IntoView {
    let items = brief
        .sections
        .iter()
        .map(|section| {
            let slug = section.topic.to_lowercase().replace(' ', "-");
            view! {
                <li class="history__brief-item" data-testid=format!("history-brief-{slug}")>
                    <span class="history__brief-topic">{section.topic}</span>
                    <span>{section.sentence.text.clone()}</span>
                    <span class="briefing__evidence">{evidence_text(&section.sentence.evidence)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="history__brief" data-testid="history-brief" aria-labelledby="history-brief-title">
            <h3 class="history__chart-title" id="history-brief-title">"The history in brief"</h3>
            <p class="history__brief-headline" data-testid="history-brief-headline">{brief.headline.text.clone()}</p>
            <ul class="history__brief-list">{items}</ul>
        </section>
    }
}

fn history_tiles(kpis: &RollupKpis) -> impl IntoView {
    let tile = |label: &'static str, name: &'static str, value: u64, class: &'static str| {
        view! {
            <div class=format!("kpi {class}")>
                <span class="kpi__label">{label}</span>
                <span class="kpi__value" data-testid=format!("history-kpi-{name}")>{format::count(value)}</span>
            </div>
        }
    };
    let mut tiles = vec![
        tile("Findings", "total", kpis.totals.findings, "kpi--total"),
        tile("Occurrences", "occurrences", kpis.totals.occurrences, ""),
    ];
    for band in SeverityBand::ALL.into_iter().rev() {
        let class = match band {
            SeverityBand::Critical => "kpi--severity kpi--critical",
            SeverityBand::High => "kpi--severity kpi--high",
            SeverityBand::Medium => "kpi--severity kpi--medium",
            SeverityBand::Low => "kpi--severity kpi--low",
        };
        tiles.push(tile(band.name(), band.slug(), kpis.band(band), class));
    }
    tiles.push(tile("Archived", "archived", kpis.archived, ""));
    tiles.push(tile("Accounts", "accounts", kpis.accounts, ""));
    tiles.push(tile("Regions", "regions", kpis.regions, ""));
    tiles.collect_view()
}

/// The last days of the history against as many days before them, by band.
fn trend_table(trend: &RollupTrend) -> impl IntoView {
    let change = |now: u64, before: u64| match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("+{}", format::count(now - before)),
        std::cmp::Ordering::Less => format!("−{}", format::count(before - now)),
        std::cmp::Ordering::Equal => "no change".to_owned(),
    };
    let row = |label: &'static str, now: u64, before: u64| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td class="num">{format::count(now)}</td>
                <td class="num">{format::count(before)}</td>
                <td class="num">{change(now, before)}</td>
            </tr>
        }
    };
    let mut rows: Vec<_> = SeverityBand::ALL
        .into_iter()
        .rev()
        .map(|band| {
            row(
                band.name(),
                trend.current[band.index()],
                trend.previous[band.index()],
            )
        })
        .collect();
    rows.push(row(
        "All",
        trend.current.iter().sum(),
        trend.previous.iter().sum(),
    ));
    let days = format::counted(u64::from(trend.window_days), "day", "days");
    view! {
        <table class="table history__trend" data-testid="history-trend">
            <caption>
                {format!(
                    "Trend: findings first seen in the last {days} of the history ({} → {}) against the {days} before ({} → {})",
                    trend.current_days.0, trend.current_days.1, trend.previous_days.0, trend.previous_days.1,
                )}
            </caption>
            <thead>
                <tr>
                    <th scope="col">"Severity"</th>
                    <th scope="col" class="num">{format!("Last {days}")}</th>
                    <th scope="col" class="num">{format!("{days} before")}</th>
                    <th scope="col" class="num">"Change"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The timeline in one sentence for a screen reader: its periods, oldest first.
fn timeline_description(timeline: &Breakdown) -> String {
    let periods: Vec<String> = timeline
        .rows
        .iter()
        .map(|row| format!("{} {}", row.label, format::count(u64::from(row.total()))))
        .collect();
    if periods.is_empty() {
        return "Bar chart: no findings with a first-seen day.".to_owned();
    }
    format!(
        "Bar chart of findings by period of first activity, oldest first: {}. Show as table splits each by severity.",
        periods.join("; ")
    )
}

/// "2025-12-30 → 2026-03-15 · 3 days with findings · 4 rows"
fn span_text(kpis: &RollupKpis) -> String {
    let span = match (&kpis.first_day, &kpis.last_day) {
        (Some(first), Some(last)) => format!("{first} → {last} · "),
        _ => String::new(),
    };
    format!(
        "{span}{} with findings · {}",
        format::counted(kpis.days, "day", "days"),
        format::counted(kpis.rows, "row", "rows")
    )
}

/// The rollup's breakdowns (Tactical view).
#[component]
pub fn HistoryBreakdowns() -> impl IntoView {
    let filters = expect_context::<FilterState>();
    let data = expect_context::<DataState>();
    let breakdown = move |dimension: Dimension| {
        Memo::new(move |_| {
            filters.with_history(|r| {
                let all = rollup_breakdown(r, dimension);
                match dimension {
                    Dimension::Tactic | Dimension::CsaThreat => all,
                    _ => all.top(TOP_ROWS),
                }
            })
        })
    };
    view! {
        <section class="card history" data-testid="history-breakdowns" aria-labelledby="history-breakdowns-title">
            <h2 class="card__title" id="history-breakdowns-title">"History (rollup): where and what"</h2>
            <p class="history__explain">
                "From the Rollup v1 files loaded, every finding counted once. Tactics and CSA threats come from the finding type alone (a rollup has no attack-sequence indicators). The cards below count the loaded findings."
            </p>
            {history_filter_note(filters, data)}
            <div class="dashboard-grid">
                <HistoryBars card_id="history-types" heading="Finding types" rows=breakdown(Dimension::FindingType)/>
                <HistoryBars card_id="history-attack" heading="ATT&CK tactics" rows=breakdown(Dimension::Tactic)/>
                <HistoryBars card_id="history-resources" heading="Resource types" rows=breakdown(Dimension::ResourceType)/>
                <HistoryBars card_id="history-csa" heading="CSA Egregious Eleven" rows=breakdown(Dimension::CsaThreat)/>
                <HistoryBars card_id="history-accounts" heading="AWS accounts" rows=breakdown(Dimension::Account)/>
                <HistoryBars card_id="history-regions" heading="Regions" rows=breakdown(Dimension::Region)/>
            </div>
        </section>
    }
}

/// Above views that count single findings, when a rollup is loaded: what they count.
#[component]
pub fn FindingLevelNote() -> impl IntoView {
    let data = expect_context::<DataState>();
    move || {
        data.has_rollup().then(|| {
            let findings = data.summary.with(|s| s.unique_findings);
            let text = if findings == 0 {
                "The views of single findings (KPIs, briefing, timeline, risk matrix, table, graph, actors) need single findings, which a rollup does not hold: load finding files beside it (for example the latest output for the last 90 days) and they appear here.".to_owned()
            } else {
                format!(
                    "The views below count the {} loaded from finding files, not the rollup's history.",
                    format::counted(findings, "finding", "findings")
                )
            };
            view! { <p class="history__finding-note" data-testid="finding-level-note">{text}</p> }
        })
    }
}

/// One bar chart of a rollup breakdown, with its table (no click-to-filter: the filter is the
/// loaded findings').
#[component]
fn HistoryBars(
    card_id: &'static str,
    heading: &'static str,
    rows: Memo<Breakdown>,
    /// The chart in one sentence for a screen reader (default: a breakdown's, largest first).
    #[prop(optional)]
    describe: Option<fn(&Breakdown) -> String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let theme = expect_context::<ThemeState>();
    let container: NodeRef<html::Div> = NodeRef::new();
    let width_px = measured_width(container, 560);
    let height_px = move || rows.with(|b| 40 + 34 + ROW_PX * b.rows.len().max(1) as u32);
    let title = Signal::derive(move || format!("{heading} — history (rollup)"));
    let rendered = Memo::new(move |_| {
        let text = ChartText {
            title: title.get(),
            subtitle: "Rollup v1 · findings by first-seen day".to_owned(),
        };
        let size = ChartSize {
            width_px: width_px.get().max(320),
            height_px: height_px(),
        };
        rows.with(|b| breakdown_bars(b, size, &theme.chart_theme(), &text).ok())
    });
    let export = Signal::derive(move || {
        let (width, height) = (width_px.get().max(320), height_px());
        rendered.with(|r| r.as_ref().map(|r| (r.svg.clone(), width, height)))
    });
    let table_rows = Signal::derive(move || rows.with(table_rows));
    let table_shown = RwSignal::new(false);
    let heading_id = format!("{card_id}-title");
    let chart_label = heading_id.clone();
    let description_id = format!("{card_id}-description");
    let chart_description = description_id.clone();
    let describe = describe.unwrap_or(breakdown_description);
    let description = move || rows.with(describe);
    view! {
        <div class="history__chart" data-testid=format!("{card_id}-card")>
            <header class="chart-card__header">
                <h3 class="history__chart-title" id=heading_id>{heading}</h3>
                <div class="chart-card__controls">
                    {children.map(|children| children())}
                    <TableToggle name=card_id controls=format!("{card_id}-tables") shown=table_shown/>
                    <ExportButtons name=card_id title=title description=Signal::derive(description) svg=export/>
                </div>
            </header>
            <p class="visually-hidden" id=description_id>{description}</p>
            <div class="chart-card__chart" node_ref=container data-testid=format!("{card_id}-chart")>
                <div
                    class="chart-card__svg"
                    role="img"
                    aria-labelledby=chart_label
                    aria-describedby=chart_description
                    inner_html=move || rendered.with(|r| r.as_ref().map(|r| r.svg.clone()).unwrap_or_default())
                ></div>
            </div>
            <div id=format!("{card_id}-tables")>
                <ChartTable name=card_id shown=table_shown caption=title columns=breakdown_columns() rows=table_rows/>
            </div>
        </div>
    }
}

fn table_rows(breakdown: &Breakdown) -> Vec<ChartRow> {
    breakdown
        .rows
        .iter()
        .map(|row| ChartRow {
            label: row.label.clone(),
            values: breakdown_row_values(row),
            filters: false,
        })
        .collect()
}
