//! The board pack built from the workers' answers (`office::pack_of` over one query's summary,
//! risk matrix, coverage, ageing and rows) is exactly the page's (`office::assemble`), for every
//! fixture folder and generated data, 1, 2, 3 and 8 workers and every test filter — a risk cell
//! and chosen accounts and regions included, where the pack counts the selection itself while
//! the cards count it but for those.
#![cfg(not(target_arch = "wasm32"))]

mod ingest_support;

use guardview::analysis::ageing::SlaSettings;
use guardview::analysis::appetite::{key_risk_indicators, AppetiteSettings};
use guardview::analysis::briefing::{briefing, SelectedFindings};
use guardview::analysis::filter::keep_risk_cell;
use guardview::analysis::risk::{assess_levels, latest_activity, RiskRules};
use guardview::model::{EpochMillis, Finding};
use guardview::office::{assemble, pack_of, PackParts, PackSettings};
use guardview::sample::SampleFormat;
use guardview::store::query::RiskContext;
use guardview::store::{AgeingView, PendingQuery, QueryRequest, ReadAt, ShardHost, Views};
use ingest_support::filters::filters;
use ingest_support::{fixture_folders_loaded, generated, loaded, Rng};

/// `shard_count` workers holding `findings`, routed from a random worker.
fn hosts(findings: &[Finding], shard_count: usize, rng: &mut Rng) -> Vec<ShardHost> {
    let mut hosts: Vec<ShardHost> = (0..shard_count)
        .map(|me| ShardHost::new(me, shard_count))
        .collect();
    let at = ReadAt {
        file: 0,
        piece: 0,
        first_record: 0,
        held: false,
    };
    let reader = rng.below(shard_count);
    for (owner, batch) in hosts[reader].route(findings.to_vec(), at) {
        hosts[owner].receive(batch);
    }
    hosts
}

fn check(label: &str, findings: &[Finding], rng: &mut Rng) {
    let rules = RiskRules::default();
    let sla = SlaSettings::default();
    let appetite = AppetiteSettings::default();
    let everything: Vec<u32> = (0..findings.len() as u32).collect();
    let now = latest_activity(findings, &everything).unwrap_or(EpochMillis(0));
    let cells: Vec<_> = findings
        .iter()
        .map(|f| {
            let levels = assess_levels(f, &rules, now);
            (levels.likelihood, levels.impact)
        })
        .collect();
    for archived_known in [true, false] {
        let settings = PackSettings {
            rules: &rules,
            sla: &sla,
            appetite: &appetite,
            archived_known,
            title: "Briefing",
            scope: "Everything",
        };
        for shard_count in [1, 2, 3, 8] {
            let mut hosts = hosts(findings, shard_count, rng);
            for (number, filter) in filters(findings).into_iter().enumerate() {
                let context = format!("{label}, {shard_count} workers, filter {number}");
                let mut selected = filter.apply(findings);
                if let Some(cell) = filter.risk_cell {
                    selected = keep_risk_cell(&selected, &cells, cell);
                }
                let selection = SelectedFindings::new(findings, &selected);
                let expected = assemble(selection, None, settings, now);

                let views = Views {
                    kpis: true,
                    risk_matrix: true,
                    coverage: true,
                    ageing: Some(AgeingView {
                        sla: sla.clone(),
                        now_ms: now.0,
                        archived_known,
                        past_sla_listed: u32::MAX,
                    }),
                    board_rows: true,
                    ..Views::default()
                };
                let risk = RiskContext::new(&rules, now);
                let request = QueryRequest::new(1, &filter, views, Some(risk));
                let mut pending = PendingQuery::new(request.clone(), hosts.len());
                for host in hosts.iter_mut() {
                    let json = serde_json::to_string(&host.answer(&request)).expect("serialises");
                    assert!(pending.accept(serde_json::from_str(&json).expect("reads back")));
                }
                let result = pending.result().expect("every worker answered");
                // What the Strategic view shows (the workers' answers, checked elsewhere).
                let shown = briefing(selection, None, &rules, now);
                let parts = PackParts {
                    briefing: &shown,
                    indicators: key_risk_indicators(selection, None, &rules, &sla, &appetite, now),
                    summary: result.summary.as_ref().expect("kpis"),
                    risk_matrix: result.risk_matrix.clone().expect("matrix"),
                    ageing: result
                        .ageing
                        .clone()
                        .expect("ageing")
                        .map_keys(|place| place.id),
                    coverage: result.coverage.clone().expect("coverage"),
                    findings: result.board_rows.clone().expect("rows"),
                };
                assert_eq!(pack_of(parts, settings, now), expected, "{context}");
            }
        }
    }
}

#[test]
fn every_fixture_folder_packs_from_the_workers_as_on_the_page() {
    let mut rng = Rng(5);
    let mut folders = 0;
    for (label, findings) in fixture_folders_loaded() {
        check(&label, &findings, &mut rng);
        folders += 1;
    }
    assert!(folders >= 5, "the fixture folders were found ({folders})");
}

#[test]
fn generated_data_packs_from_the_workers_as_on_the_page() {
    let files = vec![(
        "seed6.jsonl".to_owned(),
        generated(800, 6, SampleFormat::JsonLines),
    )];
    check("generated", &loaded(&files), &mut Rng(6));
}
