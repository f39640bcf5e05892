//! The per-load index and the levels-only risk path give exactly the answers of the
//! straightforward computations, on generated data and on every fixture, for many selections.

use std::path::{Path, PathBuf};

use guardview::analysis::attack::{map_finding, tactic_breakdown};
use guardview::analysis::briefing::{briefing, indicators, SelectedFindings};
use guardview::analysis::csa::csa_breakdown;
use guardview::analysis::finding_index::FindingIndex;
use guardview::analysis::reference::actor_summary;
use guardview::analysis::risk::{
    assess, assess_levels, risk_matrix, Level, Levels, RiskMatrix, RiskRules,
};
use guardview::analysis::summary::summarize;
use guardview::ingest::LoadSession;
use guardview::model::{EpochMillis, Finding, SeverityBand};
use guardview::sample::{write_sample, SampleFormat, SampleOptions};

/// 2025-01-01T00:00:00Z.
const NOW_MS: i64 = 1_735_689_600_000;
use guardview::model::time::DAY_MS;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// Every fixture (corpus, quirks, hostile, round trips) loaded into one session.
fn fixture_findings() -> Vec<Finding> {
    let mut files = Vec::new();
    files_under(&fixtures(), &mut files);
    files.sort();
    let mut session = LoadSession::new();
    for file in files {
        if let Ok(bytes) = std::fs::read(&file) {
            session.load_bytes(&file.to_string_lossy(), &bytes);
        }
    }
    session.findings().findings().to_vec()
}

fn sample_findings(findings: usize, seed: u64) -> Vec<Finding> {
    let mut bytes = Vec::new();
    let options = SampleOptions::new(findings, seed, SampleFormat::JsonLines, NOW_MS);
    write_sample(&options, &mut bytes).expect("writing to a Vec cannot fail");
    let mut session = LoadSession::new();
    session.load_bytes("sample.jsonl", &bytes);
    session.findings().findings().to_vec()
}

/// Data sets: two generated ones and all fixtures together.
fn data_sets() -> Vec<(&'static str, Vec<Finding>)> {
    vec![
        ("sample 3000/7", sample_findings(3_000, 7)),
        ("sample 1500/2026", sample_findings(1_500, 2026)),
        ("fixtures", fixture_findings()),
    ]
}

/// Selections of every kind: all, none, strided, by band, active only, and a messy one with
/// repeats, reversed order and indices out of range.
fn selections(findings: &[Finding]) -> Vec<(String, Vec<u32>)> {
    let n = findings.len() as u32;
    let mut out = vec![
        ("all".to_owned(), (0..n).collect()),
        ("none".to_owned(), Vec::new()),
        ("every third".to_owned(), (0..n).step_by(3).collect()),
        (
            "active".to_owned(),
            (0..n).filter(|&i| !findings[i as usize].archived).collect(),
        ),
    ];
    for band in SeverityBand::ALL {
        out.push((
            format!("band {}", band.name()),
            (0..n)
                .filter(|&i| findings[i as usize].severity == band)
                .collect(),
        ));
    }
    let mut messy: Vec<u32> = (0..n).rev().step_by(2).collect();
    messy.extend((0..n).step_by(5));
    messy.extend([n, n + 7, u32::MAX]);
    out.push(("messy".to_owned(), messy));
    out
}

fn risk_cells(findings: &[Finding], rules: &RiskRules, now: EpochMillis) -> Vec<(Level, Level)> {
    findings
        .iter()
        .map(|f| {
            let a = assess(f, rules, now);
            (a.likelihood, a.impact.level)
        })
        .collect()
}

/// Rules other than the defaults, so the levels-only path is checked off the default track.
fn odd_rules() -> RiskRules {
    let mut rules = RiskRules::default();
    rules.impact_rules.reverse();
    rules.impact_fallback = Level::Low;
    rules.initiation.repeated_count_at_least = 3;
    rules.initiation.recent_within_days = 30;
    rules.initiation.stale_after_days = 45;
    rules
}

#[test]
fn levels_only_assessment_matches_the_full_assessment() {
    for (name, findings) in data_sets() {
        for rules in [RiskRules::default(), odd_rules()] {
            for now in [NOW_MS, NOW_MS - 40 * DAY_MS, 0, i64::MAX] {
                for finding in &findings {
                    let full = assess(finding, &rules, EpochMillis(now));
                    assert_eq!(
                        assess_levels(finding, &rules, EpochMillis(now)),
                        Levels::of(&full),
                        "{name}: finding {} at {now}",
                        finding.id
                    );
                }
            }
        }
    }
}

#[test]
fn the_risk_matrix_counts_what_full_assessments_count() {
    for (name, findings) in data_sets() {
        let rules = RiskRules::default();
        let now = EpochMillis(NOW_MS);
        for (selection, selected) in selections(&findings) {
            let mut expected = RiskMatrix::default();
            for finding in selected.iter().filter_map(|&i| findings.get(i as usize)) {
                let a = assess(finding, &rules, now);
                expected.cells[a.likelihood.index()][a.impact.level.index()] += 1;
            }
            assert_eq!(
                risk_matrix(&findings, &selected, &rules, now),
                expected,
                "{name}, {selection}"
            );
        }
    }
}

#[test]
fn indexed_actor_rankings_match_the_straightforward_ones() {
    for (name, findings) in data_sets() {
        let index = FindingIndex::build(&findings);
        for (selection, selected) in selections(&findings) {
            for top_n in [0, 1, 3, 10, 10_000] {
                assert_eq!(
                    index.actor_summary(&findings, &selected, top_n),
                    actor_summary(&findings, &selected, top_n),
                    "{name}, {selection}, top {top_n}"
                );
            }
        }
    }
}

#[test]
fn indexed_tactic_and_csa_breakdowns_match_the_straightforward_ones() {
    for (name, findings) in data_sets() {
        let index = FindingIndex::build(&findings);
        for (selection, selected) in selections(&findings) {
            assert_eq!(
                index.tactic_breakdown(&findings, &selected),
                tactic_breakdown(&findings, &selected),
                "{name}, {selection}"
            );
            assert_eq!(
                index.csa_breakdown(&findings, &selected),
                csa_breakdown(&findings, &selected),
                "{name}, {selection}"
            );
        }
    }
}

#[test]
fn the_index_maps_every_finding_like_the_attack_mapping() {
    for (name, findings) in data_sets() {
        let index = FindingIndex::build(&findings);
        assert!(index.fits(&findings) && index.len() == findings.len());
        for (i, finding) in findings.iter().enumerate() {
            // One finding at a time through the breakdown: its row totals are its tactics.
            let one = [i as u32];
            let rows = index.tactic_breakdown(&findings, &one).rows;
            let tactics: Vec<&str> = rows
                .iter()
                .filter(|r| r.total() > 0)
                .map(|r| r.label.as_str())
                .collect();
            let expected: Vec<&str> = map_finding(finding)
                .tactics
                .iter()
                .map(|t| t.name())
                .collect();
            assert_eq!(tactics, expected, "{name}: {}", finding.id);
        }
    }
}

/// The briefing and indicators given the per-load index, risk cells and the selection's
/// summary equal those the
/// briefing computes itself from the findings alone, with and without a baseline.
#[test]
fn briefing_with_index_and_cells_matches_briefing_from_findings_alone() {
    let rules = RiskRules::default();
    let now = EpochMillis(NOW_MS);
    let current = sample_findings(2_000, 11);
    let previous = sample_findings(1_200, 12);
    let index = FindingIndex::build(&current);
    let base_index = FindingIndex::build(&previous);
    let cells = risk_cells(&current, &rules, now);
    let base_all: Vec<u32> = (0..previous.len() as u32).collect();
    for (selection, selected) in selections(&current) {
        // The summary a filter's selection has: each selected finding once.
        let mut members: Vec<u32> = selected
            .iter()
            .copied()
            .filter(|&i| (i as usize) < current.len())
            .collect();
        members.sort_unstable();
        members.dedup();
        let summary = summarize(members.iter().map(|&i| &current[i as usize]));
        let plain = SelectedFindings::new(&current, &selected);
        let prepared = SelectedFindings::new(&current, &selected)
            .with_index(&index)
            .with_risk_cells(&cells)
            .with_summary(&summary);
        for baseline in [
            None,
            Some((
                SelectedFindings::new(&previous, &base_all),
                SelectedFindings::new(&previous, &base_all).with_index(&base_index),
            )),
        ] {
            let (base_plain, base_prepared) = baseline.unzip();
            assert_eq!(
                briefing(prepared, base_prepared, &rules, now),
                briefing(plain, base_plain, &rules, now),
                "{selection}, baseline {}",
                base_plain.is_some()
            );
            assert_eq!(
                indicators(prepared, base_prepared, &rules, now),
                indicators(plain, base_plain, &rules, now),
                "{selection}, baseline {}",
                base_plain.is_some()
            );
        }
    }
}

#[test]
fn an_index_or_cells_from_another_slice_are_not_trusted() {
    let rules = RiskRules::default();
    let now = EpochMillis(NOW_MS);
    let findings = sample_findings(300, 5);
    let other = sample_findings(200, 6);
    let wrong_index = FindingIndex::build(&other);
    let wrong_cells = risk_cells(&other, &rules, now);
    let all: Vec<u32> = (0..findings.len() as u32).collect();
    let plain = SelectedFindings::new(&findings, &all);
    let mismatched = SelectedFindings::new(&findings, &all)
        .with_index(&wrong_index)
        .with_risk_cells(&wrong_cells);
    assert_eq!(
        briefing(mismatched, None, &rules, now),
        briefing(plain, None, &rules, now)
    );
}

#[test]
fn indexed_text_search_matches_the_straightforward_filter() {
    use guardview::analysis::filter::FindingFilter;
    use guardview::analysis::search::SearchIndex;
    for (name, findings) in data_sets() {
        let search = SearchIndex::build(&findings);
        let mut needles: Vec<String> = [
            "prod",
            "PROD",
            " i-0",
            "198.51",
            "us-east-1",
            "recon:",
            "backdoor",
            "x",
            "é",
            "ß",
            "\u{0}",
            "<script",
            "'",
            "zzzz-no-such-text",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        // Pieces of real strings, in their own and in upper case.
        for f in findings.iter().step_by(97) {
            let id: String = f.id.chars().skip(2).take(6).collect();
            needles.push(id.to_uppercase());
            if let Some(title) = &f.title {
                needles.push(title.chars().take(12).collect());
            }
        }
        for needle in needles {
            let filter = FindingFilter {
                text: needle.clone(),
                show_samples: true,
                ..FindingFilter::default()
            };
            assert_eq!(
                filter.apply_searching(&findings, &search),
                filter.apply(&findings),
                "{name}: {needle:?}"
            );
        }
    }
}

#[test]
fn indexed_resource_graph_matches_the_straightforward_one() {
    use guardview::analysis::graph::{GraphIndex, GraphLimits};
    use guardview::analysis::reference::resource_graph;
    for (name, findings) in data_sets() {
        let index = GraphIndex::build(&findings);
        for (selection, selected) in selections(&findings) {
            for max_nodes in [0, 3, 30, 60, 250, 100_000] {
                let limits = GraphLimits { max_nodes };
                assert_eq!(
                    index.resource_graph(&findings, &selected, limits),
                    resource_graph(&findings, &selected, limits),
                    "{name}, {selection}, budget {max_nodes}"
                );
            }
        }
    }
}
