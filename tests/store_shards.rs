//! The columnar store split over 1, 2, 3 and 8 shards gives exactly what one sequential load
//! gives: the same kept finding per id (rebuilt whole from the columns) and, for a range of
//! filters, the same KPIs, timeline, breakdowns, tactic and CSA counts, risk matrix, actor
//! rankings, IOC list, coverage grid, ageing card (its past-SLA list in load order), table
//! window and one finding's detail panel as the single-set functions. Inputs: every fixture folder (its files loaded
//! together), JSON Lines fixtures and generated sample data read as pieces cut at random line
//! ends (as the worker pool reads a large file), pieces offered to the shards in random order,
//! answers merged in random order.
#![cfg(not(target_arch = "wasm32"))]

mod ingest_support;

use std::path::Path;

use guardview::analysis::actors::ioc_rows;
use guardview::analysis::ageing::{ageing, archived_state_known, FindingAge, SlaSettings};
use guardview::analysis::appetite::{
    key_risk_indicators, key_risk_indicators_of, kri_values, AppetiteSettings,
};
use guardview::analysis::attack::tactic_breakdown;
use guardview::analysis::breakdown::breakdown;
use guardview::analysis::briefing::tally::half_split_ms;
use guardview::analysis::briefing::{
    briefing, briefing_of, selection_measures, BriefingCounts, SelectedFindings,
};
use guardview::analysis::coverage::coverage;
use guardview::analysis::csa::csa_breakdown;
use guardview::analysis::detail::FindingDetail;
use guardview::analysis::export::{findings_csv, findings_csv_of};
use guardview::analysis::filter::{keep_risk_cell, FindingFilter};
use guardview::analysis::finding_index::FindingIndex;
use guardview::analysis::graph::{GraphIndex, GraphLimits};
use guardview::analysis::period::TimeBasis;
use guardview::analysis::risk::{assess_levels, latest_activity, risk_matrix, Level, RiskRules};
use guardview::analysis::summary::summarize;
use guardview::analysis::suppression::{
    criteria_from_filter, evaluate, import_filters, loaded_types, preview, signal_keys,
    FindingCriteria, ImportedFilter,
};
use guardview::analysis::table::{restrict_order, sorted_all, SortKey};
use guardview::analysis::timeline::{timeline, Granularity};
use guardview::ingest::{merge_pieces, read_piece_of_bytes, LoadSession};
use guardview::model::{EpochMillis, Finding, SeverityBand};
use guardview::sample::SampleFormat;
use guardview::store::graph::{drawn_nodes, finish_graph, GraphView};
use guardview::store::partial::BreakdownKind;
use guardview::store::query::{RiskContext, TimelineView};
use guardview::store::window::{TableSort, TableView};
use guardview::store::{
    owner_of, what_if_on_page, AgeingView, LoadPlace, Origin, PendingQuery, QueryRequest, Shard,
    ShardAnswer, SuppressionView, Views,
};
use ingest_support::filters::filters;
use ingest_support::{by_id, files_under, fixture_folders, fixtures, generated, Rng};

/// One input file of a load.
struct InputFile {
    name: String,
    bytes: Vec<u8>,
}

/// One piece of a file as a parser read it: its findings.
struct Piece {
    file: u32,
    piece: u32,
    findings: Vec<Finding>,
}

/// Cut points (the pieces' starts after the first) after random newlines, for at most
/// `max_pieces` pieces.
fn cut_at_lines(bytes: &[u8], max_pieces: usize, rng: &mut Rng) -> Vec<u64> {
    let newlines: Vec<u64> = bytes
        .iter()
        .enumerate()
        .filter(|(i, &b)| b == b'\n' && i + 1 < bytes.len())
        .map(|(i, _)| i as u64 + 1)
        .collect();
    let mut cuts: Vec<u64> = Vec::new();
    if !newlines.is_empty() {
        for _ in 1..max_pieces {
            cuts.push(newlines[rng.below(newlines.len())]);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Reads `input` as pieces starting at `cuts` (each with its own session, as the worker pool
/// does) and returns the findings of the pieces the merge uses.
fn read_pieces(file: u32, input: &InputFile, cuts: &[u64]) -> Vec<Piece> {
    let bytes = &input.bytes;
    let file_bytes = bytes.len() as u64;
    let starts = std::iter::once(0).chain(cuts.iter().copied());
    let ends = cuts.iter().copied().chain([file_bytes]);
    let mut read = Vec::new();
    let mut pieces = Vec::new();
    for (piece, (start, end)) in starts.zip(ends).enumerate() {
        let mut session = LoadSession::new();
        let finished = read_piece_of_bytes(&mut session, &input.name, (start, end), bytes, 4096);
        read.push(finished);
        pieces.push(Piece {
            file,
            piece: piece as u32,
            findings: session.into_parts().1,
        });
    }
    let (_, used) = merge_pieces(read, Some(file_bytes));
    pieces.truncate(used);
    pieces
}

/// The sequential load every sharded load is compared with.
fn sequential(files: &[InputFile]) -> LoadSession {
    let mut session = LoadSession::new();
    for file in files {
        session.load_bytes(&file.name, &file.bytes);
    }
    session
}

/// Parses every piece on its own (as a parser would), routes each finding to its owner and
/// offers it there; pieces are taken in a random order.
fn sharded(files: &[InputFile], shard_count: usize, rng: &mut Rng) -> Vec<Shard> {
    let mut pieces = Vec::new();
    for (file, input) in files.iter().enumerate() {
        let cuts = cut_at_lines(&input.bytes, 1 + rng.below(6), rng);
        pieces.extend(read_pieces(file as u32, input, &cuts));
    }
    rng.shuffle(&mut pieces);
    let mut shards: Vec<Shard> = (0..shard_count).map(|_| Shard::new()).collect();
    for piece in pieces {
        for (record, mut finding) in piece.findings.into_iter().enumerate() {
            finding.source_file = piece.file;
            let origin = Origin {
                file: piece.file,
                piece: piece.piece,
                record: record as u32,
            };
            shards[owner_of(&finding.id, shard_count)].offer(finding, origin);
        }
    }
    shards
}

/// A past-SLA list as comparable rows: the finding's id (`id_of` its key), band, score bits,
/// age and SLA.
fn listed<K, N>(
    ages: &[FindingAge<K>],
    id_of: impl Fn(&K) -> N,
) -> Vec<(N, SeverityBand, u64, i64, i64)> {
    ages.iter()
        .map(|a| {
            let id = id_of(&a.index);
            (
                id,
                a.band,
                a.severity_score.to_bits(),
                a.age_millis,
                a.sla_millis,
            )
        })
        .collect()
}

/// The merged answer of every shard, answers serialised to JSON and back and accepted in a
/// random order (with a stale answer and a repeated one that must be ignored).
fn query(shards: &mut [Shard], request: &QueryRequest, rng: &mut Rng) -> PendingQuery {
    let mut answers: Vec<ShardAnswer> = shards
        .iter_mut()
        .enumerate()
        .map(|(i, shard)| shard.answer(i as u32, request))
        .map(|answer| {
            let json = serde_json::to_string(&answer).expect("an answer serialises");
            serde_json::from_str(&json).expect("an answer reads back")
        })
        .collect();
    rng.shuffle(&mut answers);
    if let [a, b, c, ..] = &answers[..] {
        let merged = |x: &ShardAnswer, y: &ShardAnswer| {
            let mut m = x.answer.clone();
            m.merge(y.answer.clone());
            m
        };
        let (mut left, mut right) = (merged(a, b), c.answer.clone());
        left.merge(c.answer.clone());
        right.merge(merged(a, b));
        assert_eq!(left, right, "merging commutes");
        let mut grouped = a.answer.clone();
        grouped.merge(merged(b, c));
        assert_eq!(left, grouped, "merging associates");
    }
    let mut pending = PendingQuery::new(request.clone(), shards.len());
    let mut stale = answers[0].clone();
    stale.query_id = request.query_id.wrapping_sub(1);
    assert!(
        !pending.accept(stale),
        "an answer to an older query is ignored"
    );
    for answer in answers.iter().cloned() {
        assert!(pending.result().is_none());
        assert!(pending.accept(answer));
    }
    assert!(!pending.accept(answers[0].clone()), "one answer per shard");
    pending
}

/// Every finding's (likelihood, impact) under `rules` at `now`.
fn risk_cells(findings: &[Finding], rules: &RiskRules, now: EpochMillis) -> Vec<(Level, Level)> {
    findings
        .iter()
        .map(|f| {
            let levels = assess_levels(f, rules, now);
            (levels.likelihood, levels.impact)
        })
        .collect()
}

/// Every test filter (numbered) with the findings it selects, its risk cell judged under
/// `rules` at `now`.
fn selections(
    findings: &[Finding],
    rules: &RiskRules,
    now: EpochMillis,
) -> Vec<(usize, FindingFilter, Vec<u32>)> {
    let cells = risk_cells(findings, rules, now);
    filters(findings)
        .into_iter()
        .enumerate()
        .map(|(number, filter)| {
            let mut selected = filter.apply(findings);
            if let Some(cell) = filter.risk_cell {
                selected = keep_risk_cell(&selected, &cells, cell);
            }
            (number, filter, selected)
        })
        .collect()
}

/// Checks every view over `shard_count` shards against the single-set functions.
fn check_load(label: &str, files: &[InputFile], rng: &mut Rng) {
    let session = sequential(files);
    let findings = session.findings().findings();
    let expected_findings = by_id(findings.iter().cloned());
    let rules = RiskRules::default();
    let now = summarize(findings).last_seen.unwrap_or(EpochMillis(0));
    let risk = RiskContext::new(&rules, now);
    let index = FindingIndex::build(findings);
    let archived_known = archived_state_known(findings, session.reports());
    let cells = risk_cells(findings, &rules, now);
    for shard_count in [1, 2, 3, 8] {
        let mut shards = sharded(files, shard_count, rng);
        let rebuilt = by_id(shards.iter().flat_map(|s| s.findings().collect::<Vec<_>>()));
        assert_eq!(
            rebuilt, expected_findings,
            "{label}: the kept findings over {shard_count} shards"
        );
        let mut added = std::collections::BTreeMap::new();
        for shard in &shards {
            for (file, n) in shard.added_by_file() {
                *added.entry(file as usize).or_insert(0) += n;
            }
        }
        for (file, report) in session.reports().iter().enumerate() {
            assert_eq!(
                added.get(&file).copied().unwrap_or(0),
                report.findings_added,
                "{label}: findings added by file {file} over {shard_count} shards"
            );
        }
        check_what_ifs(
            &format!("{label} over {shard_count} shards"),
            findings,
            &mut shards,
            rng,
        );
        for (number, filter) in filters(findings).into_iter().enumerate() {
            let mut views = Views::all();
            views.timeline = Some(TimelineView::new(filter.time_basis, None));
            let sort = SortKey::ALL[number % SortKey::ALL.len()];
            let table = TableView {
                sort: TableSort::of(sort),
                descending: number % 2 == 0,
                offset: (number * 3) as u32,
                limit: 25,
            };
            views.table = Some(table);
            // The ageing card with the default SLA, and with SLAs so long that few findings are
            // past them (ties and the list's cut then fall elsewhere).
            let sla = if number % 2 == 0 {
                SlaSettings::default()
            } else {
                SlaSettings {
                    critical_days: 30,
                    high_days: 60,
                    medium_days: 90,
                    low_days: 120,
                    ..SlaSettings::default()
                }
            };
            let ageing_view = AgeingView {
                sla: sla.clone(),
                now_ms: now.0,
                archived_known,
                past_sla_listed: [3, 10, 1000][number % 3],
            };
            views.ageing = Some(ageing_view.clone());
            // The findings export, in the table's order (the export button's is by severity).
            let export_view = TableView {
                sort: TableSort::of(SortKey::ALL[(number + 1) % SortKey::ALL.len()]),
                descending: number % 3 != 0,
                offset: 5,
                limit: 1,
            };
            views.findings_export = Some(export_view);
            views.measures_at_ms = Some(now.0);
            let request = QueryRequest::new(number as u64 + 7, &filter, views, Some(risk.clone()));
            assert_eq!(request.filter(), filter, "the filter travels unchanged");
            let pending = query(&mut shards, &request, rng);
            let result = pending.result().expect("every shard answered");
            let any_cell = filter.apply(findings);
            let mut selected = any_cell.clone();
            if let Some(cell) = filter.risk_cell {
                selected = keep_risk_cell(&selected, &cells, cell);
            }
            // The coverage grid counts the selection but for its accounts and regions.
            let places_open = FindingFilter {
                accounts: Default::default(),
                regions: Default::default(),
                ..filter.clone()
            };
            let mut unplaced = places_open.apply(findings);
            if let Some(cell) = filter.risk_cell {
                unplaced = keep_risk_cell(&unplaced, &cells, cell);
            }
            let context = format!("{label}, {shard_count} shards, filter {number} {filter:?}");
            let summary = summarize(selected.iter().map(|&i| &findings[i as usize]));
            assert_eq!(result.summary, Some(summary), "{context}: KPIs");
            assert_eq!(
                result.timeline,
                Some(timeline(findings, &selected, filter.time_basis, None)),
                "{context}: timeline"
            );
            for (kind, got) in BreakdownKind::ALL.iter().zip(&result.breakdowns) {
                let want = breakdown(findings, &selected, kind.dimension(), None);
                assert_eq!(got, &want, "{context}: breakdown by {kind:?}");
            }
            assert_eq!(result.breakdowns.len(), BreakdownKind::ALL.len());
            assert_eq!(
                result.tactics,
                Some(tactic_breakdown(findings, &selected)),
                "{context}: tactics"
            );
            assert_eq!(
                result.csa_threats,
                Some(csa_breakdown(findings, &selected)),
                "{context}: CSA threats"
            );
            // The matrix counts the selection but for its risk cell, so choosing a cell keeps
            // the other cells' numbers on screen.
            assert_eq!(
                result.risk_matrix,
                Some(risk_matrix(findings, &any_cell, &rules, now)),
                "{context}: risk matrix"
            );
            assert_eq!(
                result.actors,
                Some(index.actor_summary(findings, &selected, 10)),
                "{context}: actors"
            );
            assert_eq!(
                result.coverage,
                Some(coverage(findings, &unplaced)),
                "{context}: coverage"
            );
            let want = ageing(findings, &selected, &sla, now, archived_known);
            let got = result.ageing.clone().expect("the ageing view");
            assert_eq!(
                (got.now, &got.sla, got.bands, &got.histogram, &got.archived),
                (
                    want.now,
                    &want.sla,
                    want.bands,
                    &want.histogram,
                    &want.archived
                ),
                "{context}: ageing"
            );
            let listed_count = ageing_view.past_sla_listed as usize;
            let want_listed = listed(
                &want.past_sla[..listed_count.min(want.past_sla.len())],
                |&i| {
                    let finding = &findings[i as usize];
                    (
                        finding.id.to_string(),
                        finding.title.as_deref().map(str::to_owned),
                    )
                },
            );
            let got_listed = listed(&got.past_sla, |place| {
                (place.id.clone(), place.title.clone())
            });
            assert_eq!(got_listed, want_listed, "{context}: past-SLA list");
            let export_order = restrict_order(
                &sorted_all(
                    findings,
                    SortKey::ALL[(number + 1) % SortKey::ALL.len()],
                    export_view.descending,
                ),
                &selected,
            );
            let records = result.findings_export.clone().expect("the findings export");
            assert_eq!(
                findings_csv_of(records.into_iter()),
                findings_csv(findings, &export_order),
                "{context}: the findings export"
            );
            // The briefing's measures and the key risk indicators of the selection.
            let got = result.measures.clone().expect("the measures");
            let selection = SelectedFindings::new(findings, &selected);
            assert_eq!(
                got.measures,
                selection_measures(selection, &rules, now),
                "{context}: the briefing's measures"
            );
            let past_sla = result.ageing.as_ref().and_then(|a| a.past_sla_percent());
            let values = kri_values(
                &got.measures,
                got.attack_sequences,
                got.accounts_high_plus,
                past_sla,
            );
            let appetite = AppetiteSettings::default();
            assert_eq!(
                key_risk_indicators_of(&values, None, &appetite),
                key_risk_indicators(selection, None, &rules, &sla, &appetite, now),
                "{context}: the key risk indicators"
            );
            // The facts of the whole load, whatever the filter.
            let facts = result.load_facts.clone().expect("the load's facts");
            let every: Vec<u32> = (0..findings.len() as u32).collect();
            assert_eq!(
                facts.latest_activity_ms,
                latest_activity(findings, &every).map(|t| t.0),
                "{context}: the latest activity"
            );
            assert_eq!(
                facts.archived_state_known(session.reports()),
                archived_known,
                "{context}: whether archived findings can be known"
            );
            assert_eq!(
                facts.finding_count,
                findings.len() as u64,
                "{context}: findings held"
            );
            assert_eq!(
                result.iocs,
                Some(ioc_rows(findings, &selected)),
                "{context}: IOC list"
            );
            let order = restrict_order(&sorted_all(findings, sort, table.descending), &selected);
            let window: Vec<String> = order
                .iter()
                .skip(table.offset as usize)
                .take(table.limit as usize)
                .map(|&i| findings[i as usize].id.to_string())
                .collect();
            let got = result.table.expect("the table window was asked for");
            assert_eq!(got.total, selected.len() as u64, "{context}: table rows");
            assert_eq!(got.ids, window, "{context}: table window");
            // The page then asks for those rows' content (an unknown id is left out).
            let mut asked = got.ids.clone();
            asked.insert(asked.len() / 2, "no-such-finding".to_owned());
            // The detail panel of one finding (any, filtered out or not), from its owner.
            if let Some(finding) = findings.get(number * 7 % findings.len().max(1)) {
                let mut detail_request = request.clone();
                detail_request.views = Views {
                    detail: Some(finding.id.to_string()),
                    ..Views::default()
                };
                let detail = query(&mut shards, &detail_request, rng)
                    .result()
                    .and_then(|r| r.detail);
                assert_eq!(
                    detail,
                    Some(FindingDetail::of(finding, &rules, now)),
                    "{context}: the detail of {}",
                    finding.id
                );
                detail_request.views.detail = Some("no such finding".to_owned());
                let none = query(&mut shards, &detail_request, rng).result();
                assert_eq!(
                    none.and_then(|r| r.detail),
                    None,
                    "{context}: an unknown id"
                );
            }
            let mut rows_request = request.clone();
            rows_request.views = Views {
                rows: asked,
                ..Views::default()
            };
            let rows = query(&mut shards, &rows_request, rng)
                .result()
                .map(|r| r.rows)
                .unwrap_or_default();
            assert_eq!(rows.len(), window.len(), "{context}: one row per id");
            for (row, &i) in rows.iter().zip(order.iter().skip(table.offset as usize)) {
                let finding = &findings[i as usize];
                let first = finding.resources.first();
                let expected = (
                    finding.id.to_string(),
                    format!("{:?}", finding.severity_score),
                    finding.severity.index() as u8,
                    finding.finding_type.full.to_string(),
                    finding.title.as_deref().map(str::to_owned),
                    first.map(|r| {
                        (
                            r.id.to_string(),
                            r.display_name.as_deref().map(str::to_owned),
                        )
                    }),
                    (
                        finding.account_id.as_deref().map(str::to_owned),
                        finding.region.as_deref().map(str::to_owned),
                    ),
                    (
                        finding.resource_type.as_deref().map(str::to_owned),
                        finding.count,
                    ),
                    TimeBasis::LastSeen.time_of(finding).map(|t| t.0),
                    (finding.archived, finding.sample),
                );
                let got = (
                    row.id.clone(),
                    format!("{:?}", row.severity_score()),
                    row.band,
                    row.finding_type.clone(),
                    row.title.clone(),
                    row.resource.clone(),
                    (row.account_id.clone(), row.region.clone()),
                    (row.resource_type.clone(), row.count),
                    row.last_seen_ms,
                    (row.archived, row.sample),
                );
                assert_eq!(got, expected, "{context}: the row of {}", finding.id);
            }
            // The same merged hours give any other bucket width exactly.
            let mut weekly = request.clone();
            weekly.views = Views {
                timeline: Some(TimelineView::new(
                    filter.time_basis,
                    Some(Granularity::Week),
                )),
                ..Views::default()
            };
            let weeks = query(&mut shards, &weekly, rng)
                .result()
                .and_then(|r| r.timeline);
            assert_eq!(
                weeks,
                Some(timeline(
                    findings,
                    &selected,
                    filter.time_basis,
                    Some(Granularity::Week)
                )),
                "{context}: weekly timeline"
            );
        }
    }
}

/// Every imported filter fixture's criteria (unevaluable fields, wildcards, severity bands,
/// deprecated operators …).
fn imported_criteria() -> Vec<FindingCriteria> {
    let mut criteria = Vec::new();
    for path in files_under(&fixtures().join("filters")) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for filter in import_filters(&text).unwrap_or_default() {
            if let ImportedFilter::WithCriteria(saved) = filter {
                criteria.push(saved.finding_criteria);
            }
        }
    }
    assert!(criteria.len() >= 4, "the filter fixtures were read");
    criteria
}

/// Findings each what-if names, in load order.
const WHAT_IF_LISTED: u32 = 7;

/// The suppression what-ifs over the shards equal the native preview: the facts carry the
/// loaded types and the sequences' signal keys, the rules built from each filter against
/// those types, and every imported filter, counted with every id and the first few named.
fn check_what_ifs(context: &str, findings: &[Finding], shards: &mut [Shard], rng: &mut Rng) {
    let facts_request = QueryRequest::new(
        1,
        &FindingFilter::default(),
        Views {
            load_facts: true,
            ..Views::default()
        },
        None,
    );
    let facts = query(shards, &facts_request, rng)
        .result()
        .and_then(|r| r.load_facts)
        .expect("load facts");
    let types = loaded_types(findings);
    assert_eq!(
        facts.finding_types,
        types.iter().cloned().collect::<Vec<_>>(),
        "{context}: the loaded types"
    );
    let keys: Vec<String> = signal_keys(findings).into_iter().collect();
    assert_eq!(facts.signal_keys, keys, "{context}: the signal keys");
    check_graph(context, findings, shards, &facts.signal_keys, rng);
    check_briefing(context, findings, shards, rng);
    let mut criteria: Vec<FindingCriteria> = filters(findings)
        .iter()
        .map(|filter| criteria_from_filter(filter, &types).criteria)
        .collect();
    criteria.extend(imported_criteria());
    let mut view = SuppressionView::new(&criteria, facts.signal_keys.clone(), WHAT_IF_LISTED);
    view.every_id = true;
    let request = QueryRequest::new(
        2,
        &FindingFilter::default(),
        Views {
            suppression: Some(view),
            ..Views::default()
        },
        None,
    );
    let what_ifs = query(shards, &request, rng)
        .result()
        .map(|r| r.suppression)
        .unwrap_or_default();
    assert_eq!(what_ifs.len(), criteria.len(), "{context}: one answer each");
    for (number, (criteria, what_if)) in criteria.iter().zip(what_ifs).enumerate() {
        let what_if = what_if.unwrap_or_else(|| panic!("{context}: what-if {number} answered"));
        assert_eq!(
            what_if.preview,
            preview(criteria, findings),
            "{context}: what-if {number}"
        );
        // The page's own path (no workers) names the same findings.
        let on_page = what_if_on_page(criteria, findings, WHAT_IF_LISTED as usize);
        assert_eq!(
            on_page.preview, what_if.preview,
            "{context}: {number} on the page"
        );
        let names = |places: Vec<LoadPlace>| -> Vec<(String, Option<String>)> {
            places.into_iter().map(|p| (p.id, p.title)).collect()
        };
        let expected_listed: Vec<(String, Option<String>)> = evaluate(criteria, findings)
            .matched
            .iter()
            .take(WHAT_IF_LISTED as usize)
            .map(|&i| {
                let finding = &findings[i as usize];
                let title = finding.title.as_deref().map(str::to_owned);
                (finding.id.to_string(), title)
            })
            .collect();
        assert_eq!(
            names(on_page.listed),
            expected_listed,
            "{context}: {number} page list"
        );
        assert_eq!(
            names(what_if.listed),
            expected_listed,
            "{context}: what-if {number} lists"
        );
    }
}

/// The resource graph over the shards, in its two queries, equals the per-load index's over
/// the page's set (but for the finding lists, which name page indices), for every filter and
/// for a node budget that folds and one that rarely does.
fn check_graph(
    context: &str,
    findings: &[Finding],
    shards: &mut [Shard],
    signal_keys: &[String],
    rng: &mut Rng,
) {
    let index = GraphIndex::build(findings);
    let rules = RiskRules::default();
    let now = summarize(findings).last_seen.unwrap_or(EpochMillis(0));
    for (number, filter, selected) in selections(findings, &rules, now) {
        for limits in [GraphLimits { max_nodes: 8 }, GraphLimits::default()] {
            let ask = |drawn: Option<Vec<String>>| {
                let view = GraphView {
                    signal_keys: signal_keys.to_vec(),
                    drawn,
                };
                let views = Views {
                    graph: Some(view),
                    ..Views::default()
                };
                QueryRequest::new(3, &filter, views, Some(RiskContext::new(&rules, now)))
            };
            let nodes = query(shards, &ask(None), rng)
                .result()
                .and_then(|r| r.graph_nodes)
                .expect("the nodes query is answered");
            let drawn = drawn_nodes(&nodes, limits);
            let folded = query(shards, &ask(Some(drawn)), rng)
                .result()
                .and_then(|r| r.graph_fold)
                .expect("the fold query is answered");
            let mut expected = index.resource_graph(findings, &selected, limits);
            for node in &mut expected.nodes {
                node.findings.clear();
            }
            for edge in &mut expected.edges {
                edge.findings.clear();
            }
            assert_eq!(
                finish_graph(&nodes, &folded, limits),
                expected,
                "{context}: the graph of filter {number} with {limits:?}"
            );
        }
    }
}

/// The briefing's sentences from the shards' tallies (the second query counting the first
/// half of the period once the first gives its middle) equal the briefing of the page's set,
/// for every filter.
fn check_briefing(context: &str, findings: &[Finding], shards: &mut [Shard], rng: &mut Rng) {
    let rules = RiskRules::default();
    let now = summarize(findings).last_seen.unwrap_or(EpochMillis(0));
    for (number, filter, selected) in selections(findings, &rules, now) {
        let ask = |views: Views| {
            QueryRequest::new(4, &filter, views, Some(RiskContext::new(&rules, now)))
        };
        let counted = query(
            shards,
            &ask(Views {
                kpis: true,
                actors_top_n: Some(3),
                briefing: true,
                ..Views::default()
            }),
            rng,
        )
        .result()
        .expect("the briefing query is answered");
        // The same query counted three rows at a time, as a worker counts between queries.
        let request = ask(Views {
            kpis: true,
            actors_top_n: Some(3),
            briefing: true,
            ..Views::default()
        });
        let mut chunked = PendingQuery::new(request.clone(), shards.len());
        for (at, shard) in shards.iter_mut().enumerate() {
            let mut job = shard.start_briefing(at as u32, &request);
            while !shard.advance_briefing(&mut job, 3) {}
            let answer = shard.finish_briefing(job).expect("the rows did not change");
            assert!(chunked.accept(answer), "{context}: one answer per shard");
        }
        assert_eq!(
            chunked.result().as_ref(),
            Some(&counted),
            "{context}: filter {number} counted in chunks"
        );
        let tally = counted.briefing.expect("a tally");
        let middle = tally
            .earliest_ms
            .zip(tally.latest_ms)
            .and_then(|(earliest, latest)| half_split_ms(earliest, latest));
        let first_half = middle.map(|middle| {
            let before = query(
                shards,
                &ask(Views {
                    activity_before_ms: Some(middle),
                    ..Views::default()
                }),
                rng,
            )
            .result()
            .and_then(|r| r.activity_before)
            .expect("the first half is counted");
            (middle, before)
        });
        let counts = BriefingCounts {
            tally,
            summary: counted.summary.expect("a summary"),
            actors: counted.actors.expect("the actors"),
            first_half,
        };
        let expected = briefing(
            SelectedFindings::new(findings, &selected),
            None,
            &rules,
            now,
        );
        assert_eq!(
            briefing_of(&counts, None),
            expected,
            "{context}: the briefing of filter {number}"
        );
    }
}

fn input(path: &Path) -> InputFile {
    InputFile {
        bytes: std::fs::read(path).unwrap_or_default(),
        name: path.to_string_lossy().into_owned(),
    }
}

#[test]
fn every_fixture_folder_gives_the_same_numbers_over_any_shard_count() {
    let mut rng = Rng(13);
    let mut folders = 0;
    for folder in fixture_folders() {
        let files: Vec<InputFile> = files_under(&folder)
            .iter()
            .map(|path| input(path))
            .collect();
        check_load(&folder.display().to_string(), &files, &mut rng);
        folders += 1;
    }
    assert!(folders >= 5, "the fixture folders were found ({folders})");
}

#[test]
fn generated_exports_cut_into_pieces_give_the_same_numbers() {
    let mut rng = Rng(2026);
    let sample = generated;
    // The same ids in two files (a tie goes to the earlier file), and a second organisation.
    let files = vec![
        InputFile {
            name: "seed1.jsonl".into(),
            bytes: sample(1_500, 1, SampleFormat::JsonLines),
        },
        InputFile {
            name: "seed1.json".into(),
            bytes: sample(1_500, 1, SampleFormat::JsonArray),
        },
        InputFile {
            name: "seed2.jsonl".into(),
            bytes: sample(700, 2, SampleFormat::EventBridgeLines),
        },
        InputFile {
            name: "seed2.cli.json".into(),
            bytes: sample(700, 2, SampleFormat::CliPascalCase),
        },
        InputFile {
            name: "seed3.jsonl.gz".into(),
            bytes: sample(400, 3, SampleFormat::JsonLinesGzip),
        },
    ];
    check_load("generated", &files, &mut rng);
}
