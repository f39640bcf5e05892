//! The Strategic view's briefing: 5–8 indicators with their change against a baseline, and the
//! plain-language summary (who, what, where, when, how, why, top risks, actions), every number
//! shown with its evidence. The baseline (earlier exports) is loaded here.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::file_reader::load_baseline;
use super::state::{BaselineState, BriefingData, DataState, FilterState, QueryState, ThemeState};
use crate::analysis::briefing::{Evidence, Indicator, Sentence, Verdict};
use crate::analysis::filter::FindingFilter;
use crate::analysis::format;
use crate::load_phase::baseline_text;

/// One indicator tile: value, change against the baseline, and how it is computed.
pub fn indicator_tile(indicator: &Indicator) -> impl IntoView {
    let value = indicator
        .value
        .map(|v| indicator.format.format(v))
        .unwrap_or_else(|| "—".to_owned());
    let change = indicator.delta.map(|delta| {
        let verdict = match indicator.verdict() {
            Some(Verdict::Better) => "better",
            Some(Verdict::Worse) => "worse",
            _ => "same",
        };
        let arrow = if delta > 0.0 {
            "▲"
        } else if delta < 0.0 {
            "▼"
        } else {
            "="
        };
        let sign = if delta > 0.0 { "+" } else { "" };
        let baseline = indicator
            .baseline
            .map(|b| indicator.format.format(b))
            .unwrap_or_default();
        (
            verdict,
            format!(
                "{arrow} {sign}{} vs {baseline}",
                indicator.format.format(delta.abs()).trim_start_matches('-')
            ),
        )
    });
    view! {
        <div class="indicator" data-testid=format!("indicator-{}", indicator.id) title=indicator.explanation.clone()>
            <span class="indicator__label">{indicator.label.clone()}</span>
            <span class="indicator__value">{value}</span>
            {change.map(|(verdict, text)| view! {
                <span class=format!("indicator__change indicator__change--{verdict}")>{text}</span>
            })}
            <span class="indicator__explanation">{indicator.explanation.clone()}</span>
        </div>
    }
}

/// A sentence with its evidence (the numbers it states) underneath.
pub fn sentence_view(sentence: &Sentence) -> impl IntoView {
    view! {
        <li class="briefing__sentence">
            <span>{sentence.text.clone()}</span>
            {(!sentence.evidence.is_empty()).then(|| view! {
                <span class="briefing__evidence">{evidence_text(&sentence.evidence)}</span>
            })}
        </li>
    }
}

/// The evidence of a sentence on one line: `label: value · label: value`.
pub fn evidence_text(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| format!("{}: {}", e.label, e.value))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[component]
pub fn BriefingCard() -> impl IntoView {
    let baseline = expect_context::<BaselineState>();
    let briefing_data = expect_context::<BriefingData>();
    let picker: NodeRef<html::Input> = NodeRef::new();
    let loading = RwSignal::new(false);
    let on_baseline = move |event: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(list) = input.files() else {
            return;
        };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.item(i)).collect();
        input.set_value("");
        loading.set(true);
        leptos::task::spawn_local(async move {
            load_baseline(baseline, files).await;
            loading.set(false);
        });
    };
    view! {
        <section class="card briefing" data-testid="briefing" aria-labelledby="briefing-title">
            <header class="chart-card__header">
                <h2 class="card__title" id="briefing-title">"Briefing"</h2>
                <div class="chart-card__controls">
                    <input
                        node_ref=picker
                        class="visually-hidden"
                        type="file"
                        multiple=true
                        data-testid="baseline-input"
                        tabindex="-1"
                        aria-label="Compare with a previous period: open its GuardDuty files"
                        on:change=on_baseline
                    />
                    {move || if baseline.is_loaded() {
                        view! {
                            <span class="briefing__baseline" data-testid="baseline-status">
                                {move || {
                                    let findings = baseline.with_findings(<[_]>::len) as u64;
                                    baseline.reports.with(|reports| baseline_text(findings, reports))
                                }}
                            </span>
                            <button class="button button--small" on:click=move |_| baseline.clear()>"Remove baseline"</button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button
                                class="button button--small"
                                data-testid="load-baseline"
                                title="Load the previous period's exports to compare against"
                                on:click=move |_| {
                                    if let Some(input) = picker.get() {
                                        input.click();
                                    }
                                }
                            >
                                {move || if loading.get() { "Reading baseline…" } else { "Compare with a baseline…" }}
                            </button>
                        }
                            .into_any()
                    }}
                </div>
            </header>
            <div
                class="indicators"
                class:is-updating=move || briefing_data.indicators.updating.get()
                data-testid="indicators"
                data-source=move || briefing_data.indicators.source.get()
                aria-busy=move || briefing_data.indicators.updating.get().to_string()
            >
                {move || briefing_data.indicators.value.with(|list| list.iter().map(indicator_tile).collect_view())}
            </div>
            <div
                class="briefing__summary"
                class:is-updating=move || briefing_data.briefing.updating.get()
                data-testid="briefing-summary"
                data-source=move || briefing_data.briefing.source.get()
                aria-busy=move || {
                    (briefing_data.briefing.updating.get() || briefing_data.briefing_writing.get())
                        .to_string()
                }
            >
            {move || briefing_data.briefing.value.with(|b| {
                let headline = b.headline.clone();
                let sections = b.sections.clone();
                let top_risks = b.top_risks.clone();
                let actions = b.actions.clone();
                view! {
                    <p class="briefing__headline" data-testid="briefing-headline">{headline}</p>
                    <div class="briefing__grid">
                        {sections.into_iter().map(|section| view! {
                            <section class="briefing__section" data-testid=format!("briefing-{}", section.question.to_lowercase())>
                                <h3>{section.question}</h3>
                                <ul>{section.sentences.iter().map(sentence_view).collect_view()}</ul>
                            </section>
                        }).collect_view()}
                    </div>
                    {(!top_risks.is_empty()).then(|| view! {
                        <section class="briefing__section briefing__section--wide" data-testid="briefing-risks">
                            <h3>"Top risks"</h3>
                            <ul>{top_risks.iter().map(sentence_view).collect_view()}</ul>
                        </section>
                    })}
                    {(!actions.is_empty()).then(|| view! {
                        <section class="briefing__section briefing__section--wide briefing__section--actions" data-testid="briefing-actions">
                            <h3>"Recommended actions"</h3>
                            <ol>{actions.iter().map(sentence_view).collect_view()}</ol>
                        </section>
                    })}
                }
            })}
            </div>
        </section>
    }
}

/// Findings per week in the previous period and in this one (shown once a baseline is loaded).
#[component]
pub fn TrendCard() -> impl IntoView {
    use crate::analysis::timeline::{timeline, Granularity};
    use crate::charts::{period_trend, ChartSize, ChartText};
    let data = expect_context::<DataState>();
    let filters = expect_context::<FilterState>();
    let baseline = expect_context::<BaselineState>();
    let briefing_data = expect_context::<BriefingData>();
    let theme = expect_context::<ThemeState>();
    let container: NodeRef<html::Div> = NodeRef::new();
    let width_px = super::chart_card::measured_width(container, 960);
    const HEIGHT_PX: u32 = 320;
    const TITLE: &str = "Trend: this period against the previous one";
    let query = expect_context::<QueryState>();
    // Both periods' weekly timelines and selected counts (the previous period's first): the
    // workers' while they hold the baseline, else the page's.
    let periods = Memo::new(move |_| {
        if baseline.store.holds_the_load.get() {
            return query.baseline_answers.with(|answers| {
                answers.as_ref().map(|(a, _)| {
                    let weekly = (a.weekly.clone(), a.current_weekly.clone());
                    (weekly, (a.selected, a.current_selected))
                })
            });
        }
        let basis = filters.filter.with(|f| f.time_basis);
        let current = filters.selected.with(|selected| {
            let weekly =
                data.with_findings(|all| timeline(all, selected, basis, Some(Granularity::Week)));
            (weekly, selected.len() as u64)
        });
        let previous = briefing_data.baseline_selected.with(|selected| {
            let weekly = baseline
                .with_findings(|all| timeline(all, selected, basis, Some(Granularity::Week)));
            (weekly, selected.len() as u64)
        });
        Some(((previous.0, current.0), (previous.1, current.1)))
    });
    let rendered = Memo::new(move |_| {
        let text = ChartText {
            title: TITLE.to_owned(),
            subtitle: filters.filter.with(FindingFilter::describe),
        };
        let size = ChartSize {
            width_px: width_px.get().max(320),
            height_px: HEIGHT_PX,
        };
        periods.with(|periods| {
            let ((previous, current), _) = periods.as_ref()?;
            period_trend(previous, current, size, &theme.chart_theme(), &text)
                .ok()
                .map(|r| (r.svg, size.width_px, size.height_px))
        })
    });
    let description = move || {
        let (previous, current) =
            periods.with(|p| p.as_ref().map_or((0, 0), |(_, counts)| *counts));
        format!(
            "Findings per week on one time axis: {} in this period (in colour) and {} in the previous period (in grey).",
            format::count(current),
            format::count(previous),
        )
    };
    view! {
        <section class="card chart-card" data-testid="trend-card" aria-labelledby="trend-title">
            <header class="chart-card__header">
                <h2 class="card__title" id="trend-title">"Trend over both periods"</h2>
                <div class="chart-card__controls">
                    <super::chart_card::ExportButtons
                        name="trend"
                        title=Signal::derive(|| TITLE.to_owned())
                        description=Signal::derive(description)
                        svg=Signal::derive(move || rendered.get())
                    />
                </div>
            </header>
            <p class="visually-hidden" id="trend-description">{description}</p>
            <div class="chart-card__chart" node_ref=container>
                <div
                    class="chart-card__svg"
                    role="img"
                    aria-labelledby="trend-title"
                    aria-describedby="trend-description"
                    inner_html=move || rendered.with(|r| r.as_ref().map(|r| r.0.clone()).unwrap_or_default())
                ></div>
            </div>
        </section>
    }
}
