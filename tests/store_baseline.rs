//! The baseline held beside the current data in every worker ([`HostPair`]) gives exactly what
//! the page computes from the two finding sets: for every test filter, over 1, 2, 3 and 8
//! workers, the comparison by id (new, still active, resolved), the baseline's selected count,
//! its latest activity, its weekly timeline, its risk matrix, measures and key risk indicator
//! values at its own assessment time, and so the briefing's and the indicators' baseline
//! parts. Inputs: every fixture folder and generated data, each split into two overlapping
//! periods with some findings archived in one and not the other (every row of the comparison's
//! truth table).
#![cfg(not(target_arch = "wasm32"))]

mod ingest_support;

use guardview::analysis::ageing::SlaSettings;
use guardview::analysis::appetite::{baseline_kri_values, kri_values};
use guardview::analysis::briefing::{
    briefing, briefing_counts, briefing_of, compare, indicators, indicators_of, BaselineChange,
    SelectedFindings,
};
use guardview::analysis::filter::{keep_risk_cell, FindingFilter};
use guardview::analysis::risk::{assess_levels, latest_activity, risk_matrix, RiskRules};
use guardview::analysis::timeline::{timeline, Granularity};
use guardview::model::{EpochMillis, Finding};
use guardview::sample::SampleFormat;
use guardview::store::query::{RiskContext, TimelineView};
use guardview::store::{
    baseline_filter, AgeingView, HostPair, PendingQuery, QueryRequest, QueryResult, ReadAt, Side,
    Views,
};
use ingest_support::filters::filters;
use ingest_support::{fixture_folders_loaded, generated, loaded, Rng};

/// Two periods drawn from one load: each finding is in the baseline, the current period or
/// both, and in each its archived state may be flipped.
fn periods(findings: &[Finding], rng: &mut Rng) -> (Vec<Finding>, Vec<Finding>) {
    let mut baseline = Vec::new();
    let mut current = Vec::new();
    for finding in findings {
        let (in_baseline, in_current) = match rng.below(4) {
            0 => (true, false),
            1 => (false, true),
            _ => (true, true),
        };
        for (wanted, period) in [(in_baseline, &mut baseline), (in_current, &mut current)] {
            if wanted {
                let mut copy = finding.clone();
                if rng.below(3) == 0 {
                    copy.archived = !copy.archived;
                }
                period.push(copy);
            }
        }
    }
    (baseline, current)
}

/// `shard_count` workers holding `current` and `baseline`, each routed from a random worker.
fn pairs(
    current: &[Finding],
    baseline: &[Finding],
    shard_count: usize,
    rng: &mut Rng,
) -> Vec<HostPair> {
    let mut pairs: Vec<HostPair> = (0..shard_count)
        .map(|me| HostPair::new(me, shard_count))
        .collect();
    for (side, findings) in [(Side::Current, current), (Side::Baseline, baseline)] {
        let reader = rng.below(shard_count);
        let at = ReadAt {
            file: 0,
            piece: 0,
            first_record: 0,
            held: false,
        };
        let routed = pairs[reader].host(side).route(findings.to_vec(), at);
        for (owner, batch) in routed {
            pairs[owner].host(side).receive(batch);
        }
    }
    pairs
}

/// Every worker's answer to `request`, through JSON, merged.
fn ask(pairs: &mut [HostPair], request: &QueryRequest) -> QueryResult {
    let mut pending = PendingQuery::new(request.clone(), pairs.len());
    for pair in pairs.iter_mut() {
        let answer = pair.answer(request);
        let json = serde_json::to_string(&answer).expect("an answer serialises");
        assert!(pending.accept(serde_json::from_str(&json).expect("it reads back")));
    }
    pending.result().expect("every worker answered")
}

fn check(label: &str, current: &[Finding], baseline: &[Finding], rng: &mut Rng) {
    let rules = RiskRules::default();
    let sla = SlaSettings::default();
    let everything: Vec<u32> = (0..current.len() as u32).collect();
    let now = latest_activity(current, &everything).unwrap_or(EpochMillis(0));
    let cells: Vec<_> = current
        .iter()
        .map(|f| {
            let levels = assess_levels(f, &rules, now);
            (levels.likelihood, levels.impact)
        })
        .collect();
    for shard_count in [1, 2, 3, 8] {
        let mut pairs = pairs(current, baseline, shard_count, rng);
        for (number, filter) in filters(current).into_iter().enumerate() {
            let context = format!("{label}, {shard_count} workers, filter {number}");
            let mut selected = filter.apply(current);
            if let Some(cell) = filter.risk_cell {
                selected = keep_risk_cell(&selected, &cells, cell);
            }
            let base_selected = baseline_filter(&filter).apply(baseline);
            let current_selection = SelectedFindings::new(current, &selected);
            let base_selection = SelectedFindings::new(baseline, &base_selected);

            // The current selection, compared with the baseline.
            let views = Views {
                comparison: Some(1),
                measures_at_ms: Some(now.0),
                ..Views::default()
            };
            let risk = RiskContext::new(&rules, now);
            let request = QueryRequest::new(1, &filter, views, Some(risk));
            let result = ask(&mut pairs, &request);
            let change = result.comparison.expect("the comparison was answered");
            let expected = compare(current, &selected, baseline, &base_selected).counts();
            assert_eq!(change, expected, "{context}: comparison");

            // The baseline's span, then its values at its own assessment time.
            let basis = filter.time_basis;
            let views = Views {
                kpis: true,
                latest_activity: true,
                timeline: Some(TimelineView::new(basis, Some(Granularity::Week))),
                ..Views::default()
            };
            let mut request = QueryRequest::new(2, &baseline_filter(&filter), views, None);
            request.baseline = true;
            let span = ask(&mut pairs, &request);
            let base_count = span.summary.expect("kpis").unique_findings;
            assert_eq!(base_count, base_selected.len() as u64, "{context}: count");
            let latest = span.latest_activity_ms.map(EpochMillis);
            assert_eq!(
                latest,
                latest_activity(baseline, &base_selected),
                "{context}"
            );
            let weekly = timeline(baseline, &base_selected, basis, Some(Granularity::Week));
            assert_eq!(span.timeline, Some(weekly), "{context}: weekly timeline");
            let at = latest.map_or(now, |t| t.min(now));
            let views = Views {
                measures_at_ms: Some(at.0),
                risk_matrix: true,
                ageing: Some(AgeingView {
                    sla: sla.clone(),
                    now_ms: at.0,
                    archived_known: true,
                    past_sla_listed: 0,
                }),
                ..Views::default()
            };
            let risk = RiskContext::new(&rules, at);
            let mut request = QueryRequest::new(3, &baseline_filter(&filter), views, Some(risk));
            request.baseline = true;
            let valued = ask(&mut pairs, &request);
            let matrix = risk_matrix(baseline, &base_selected, &rules, at);
            assert_eq!(valued.risk_matrix, Some(matrix), "{context}: risk matrix");
            let measured = valued.measures.expect("measures");
            let ageing = valued.ageing.expect("ageing");
            let values = kri_values(
                &measured.measures,
                measured.attack_sequences,
                measured.accounts_high_plus,
                ageing.past_sla_percent(),
            );
            assert_eq!(
                values,
                baseline_kri_values(base_selection, &rules, &sla, now),
                "{context}: key risk indicator values"
            );

            // What the page shows from them.
            let current_measures = result.measures.expect("the current measures");
            assert_eq!(
                indicators_of(
                    &current_measures.measures,
                    Some(&measured.measures),
                    Some(change.new)
                ),
                indicators(current_selection, Some(base_selection), &rules, now),
                "{context}: indicators"
            );
            let change = BaselineChange {
                selected: base_count,
                change,
            };
            assert_eq!(
                briefing_of(
                    &briefing_counts(current_selection, &rules, now),
                    Some(change)
                ),
                briefing(current_selection, Some(base_selection), &rules, now),
                "{context}: briefing"
            );
        }
    }
}

#[test]
fn every_fixture_folder_compares_with_its_baseline_as_the_page_does() {
    let mut rng = Rng(31);
    let mut folders = 0;
    for (label, findings) in fixture_folders_loaded() {
        let (baseline, current) = periods(&findings, &mut rng);
        check(&label, &current, &baseline, &mut rng);
        folders += 1;
    }
    assert!(folders >= 5, "the fixture folders were found ({folders})");
}

#[test]
fn generated_periods_compare_as_the_page_does() {
    let mut rng = Rng(8);
    let files = vec![(
        "seed4.jsonl".to_owned(),
        generated(1_200, 4, SampleFormat::JsonLines),
    )];
    let (baseline, current) = periods(&loaded(&files), &mut rng);
    assert!(!baseline.is_empty() && !current.is_empty());
    check("generated", &current, &baseline, &mut rng);
}

#[test]
fn a_worker_without_a_baseline_finds_every_current_finding_new() {
    let findings = loaded(&[(
        "seed5.jsonl".to_owned(),
        generated(50, 5, SampleFormat::JsonLines),
    )]);
    let mut pairs = pairs(&findings, &[], 2, &mut Rng(1));
    let views = Views {
        comparison: Some(1),
        ..Views::default()
    };
    let request = QueryRequest::new(1, &FindingFilter::default(), views, None);
    let change = ask(&mut pairs, &request).comparison.expect("answered");
    let shown = FindingFilter::default().apply(&findings).len() as u64;
    assert_eq!(
        (change.new, change.persisting, change.resolved),
        (shown, 0, 0)
    );
}
