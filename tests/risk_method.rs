//! The risk, ATT&CK and CSA views over the real-world corpus: every unique finding lands in
//! exactly one risk cell with a traceable rule, the Navigator layer is well formed, and the
//! tactic and threat counts cover the findings the mappings document.

use std::path::Path;

use guardview::analysis::attack::{navigator_layer, tactic_counts, Tactic};
use guardview::analysis::csa::{csa_counts, CsaThreat};
use guardview::analysis::risk::{
    assess, cell_members, latest_activity, method, risk_matrix, Level, RiskRules,
};
use guardview::ingest::LoadSession;
use guardview::model::Finding;

/// Every corpus file loaded into one session, in sorted path order.
fn corpus() -> Vec<Finding> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut paths = Vec::new();
    for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            paths.push(file.path());
        }
    }
    paths.sort();
    let mut session = LoadSession::new();
    for path in paths {
        let bytes = std::fs::read(&path).unwrap_or_default();
        session.load_bytes(&path.to_string_lossy(), &bytes);
    }
    session.findings().findings().to_vec()
}

#[test]
fn every_corpus_finding_lands_in_exactly_one_risk_cell() {
    let findings = corpus();
    let all: Vec<u32> = (0..findings.len() as u32).collect();
    assert_eq!(all.len(), 193, "the corpus total from ingest_corpus.rs");
    let rules = RiskRules::default();
    let now = latest_activity(&findings, &all).unwrap_or(guardview::model::EpochMillis(0));
    let matrix = risk_matrix(&findings, &all, &rules, now);
    assert_eq!(matrix.total() as usize, findings.len());
    let mut union = Vec::new();
    for likelihood in Level::ALL {
        for impact in Level::ALL {
            let members = cell_members(&findings, &all, &rules, now, likelihood, impact);
            assert_eq!(members.len() as u32, matrix.count(likelihood, impact));
            union.extend(members);
        }
    }
    union.sort_unstable();
    assert_eq!(union, all);
}

#[test]
fn every_assessment_names_its_rules() {
    let findings = corpus();
    let rules = RiskRules::default();
    let all: Vec<u32> = (0..findings.len() as u32).collect();
    let now = latest_activity(&findings, &all).unwrap_or(guardview::model::EpochMillis(0));
    for finding in &findings {
        let a = assess(finding, &rules, now);
        assert!(
            a.initiation.rule.contains("(G-2 rule"),
            "{}",
            a.initiation.rule
        );
        assert!(
            a.adverse_impact.rule.contains("(G-4 rule"),
            "{}",
            a.adverse_impact.rule
        );
        assert!(a.impact.rule.contains("(H-3 "), "{}", a.impact.rule);
        // An attack sequence starts at Very High; recency may then move it one step.
        if finding.finding_type.threat_purpose.as_ref() == "AttackSequence" {
            assert!(a
                .initiation
                .rule
                .starts_with("Attack-sequence finding → Very High (G-2 rule 1)"));
            assert!(a.initiation.level >= Level::High, "{}", finding.id);
        }
    }
}

#[test]
fn the_method_panel_carries_the_rules_in_force() {
    let rules = RiskRules::default();
    let panel = method(&rules);
    let ids: Vec<&str> = panel.tables.iter().map(|t| t.id.as_str()).collect();
    for id in ["g-2", "g-4", "g-5", "h-3", "i-2", "i-3", "rules-h-3"] {
        assert!(ids.contains(&id), "missing {id} in {ids:?}");
    }
    assert!(panel.sources.iter().any(|s| s.url.contains("nist.gov")));
}

#[test]
fn the_corpus_layer_is_a_valid_navigator_layer() {
    let findings = corpus();
    let all: Vec<u32> = (0..findings.len() as u32).collect();
    let text = navigator_layer(&findings, &all, "corpus");
    let layer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(layer["versions"]["layer"], "4.5");
    assert_eq!(layer["domain"], "enterprise-attack");
    let techniques = layer["techniques"].as_array().cloned().unwrap_or_default();
    assert!(
        !techniques.is_empty(),
        "the corpus has brute-force and port-scan findings"
    );
    let shortnames: Vec<&str> = Tactic::ALL.iter().map(|t| t.shortname()).collect();
    for technique in &techniques {
        let id = technique["techniqueID"].as_str().unwrap_or("");
        // `^T\d{4}(\.\d{3})?$`, checked byte by byte.
        let bytes = id.as_bytes();
        let digits = |range: std::ops::Range<usize>| {
            bytes
                .get(range)
                .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
        };
        let well_formed = bytes.first() == Some(&b'T')
            && digits(1..5)
            && (bytes.len() == 5
                || (bytes.len() == 9 && bytes.get(5) == Some(&b'.') && digits(6..9)));
        assert!(well_formed, "techniqueID {id}");
        if let Some(tactic) = technique.get("tactic") {
            assert!(tactic.as_str().is_some_and(|t| shortnames.contains(&t)));
        }
    }
}

#[test]
fn tactic_and_threat_counts_cover_the_corpus() {
    let findings = corpus();
    let all: Vec<u32> = (0..findings.len() as u32).collect();
    let tactics = tactic_counts(&findings, &all);
    assert_eq!(tactics.len(), 14);
    assert!(tactics.iter().map(|(_, n)| n).sum::<u32>() > 0);
    let threats = csa_counts(&findings, &all);
    assert_eq!(threats.len(), 11);
    assert_eq!(threats[0].0, CsaThreat::DataBreaches);
    assert!(threats.iter().map(|(_, n)| n).sum::<u32>() > 0);
}

/// One fixture of `tests/fixtures/types-2026/`.
fn types_2026(file: &str) -> Vec<Finding> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/types-2026")
        .join(file);
    let mut session = LoadSession::new();
    session.load_bytes(file, &std::fs::read(path).unwrap_or_default());
    session.findings().findings().to_vec()
}

#[test]
fn malware_in_backups_images_and_snapshots_is_high_impact_by_its_own_rule() {
    let findings = types_2026("malware_protection_backup_and_s3.json");
    let rules = RiskRules::default();
    let now = guardview::model::EpochMillis(0);
    let mut rated = Vec::new();
    for finding in &findings {
        let assessment = assess(finding, &rules, now);
        rated.push((
            finding.finding_type.full.to_string(),
            assessment.impact.level,
            assessment.impact.rule.contains("resource type"),
        ));
    }
    rated.sort();
    assert_eq!(
        rated,
        [
            ("Execution:EC2/MaliciousFile!AMI".into(), Level::High, true),
            (
                "Execution:EC2/MaliciousFile!RecoveryPoint".into(),
                Level::High,
                true
            ),
            (
                "Execution:EC2/MaliciousFile!Snapshot".into(),
                Level::High,
                true
            ),
            (
                "Execution:S3/MaliciousFile!RecoveryPoint".into(),
                Level::High,
                true
            ),
            // A malicious object in a bucket: the S3 rule (storage of unknown sensitivity).
            ("Object:S3/MaliciousFile".into(), Level::Moderate, false),
        ]
    );
}

#[test]
fn ai_model_abuse_through_a_bedrock_guardrail_is_high_impact_and_adversarial() {
    let findings = types_2026("ai_protection.json");
    let rules = RiskRules::default();
    // A month after the fixture's activity: neither recent nor stale (G-2 rules 7 and 8).
    let now = guardview::ingest::parse_timestamp("2026-12-06T00:00:00Z")
        .unwrap_or(guardview::model::EpochMillis(0));
    for finding in &findings {
        let assessment = assess(finding, &rules, now);
        let kind = finding.finding_type.full.as_ref();
        assert_eq!(
            assessment.initiation.level,
            Level::High,
            "{kind}: {}",
            assessment.initiation.rule
        );
        let names_guardrail = finding
            .resources
            .iter()
            .any(|r| r.id.starts_with("arn:aws:bedrock:"));
        let expected = if names_guardrail {
            Level::High
        } else {
            Level::Moderate
        };
        assert_eq!(
            assessment.impact.level, expected,
            "{kind}: {}",
            assessment.impact.rule
        );
    }
    assert!(
        findings.iter().any(|f| f
            .resources
            .iter()
            .all(|r| !r.id.starts_with("arn:aws:bedrock:"))),
        "CostHarvesting names no guardrail: the fallback applies"
    );
}

#[test]
fn attack_sequences_are_very_likely_initiated() {
    let findings = types_2026("attack_sequences.json");
    let rules = RiskRules::default();
    let now = guardview::model::EpochMillis(0);
    let sequences: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.finding_type.threat_purpose.as_ref() == "AttackSequence")
        .collect();
    assert_eq!(sequences.len(), 5);
    for finding in sequences {
        let assessment = assess(finding, &rules, now);
        assert_eq!(assessment.initiation.level, Level::VeryHigh);
        assert!(assessment.initiation.rule.contains("G-2 rule 1"));
        assert_eq!(
            assessment.adverse_impact.level,
            Level::VeryHigh,
            "Critical band"
        );
    }
}
