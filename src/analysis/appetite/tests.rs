//! Unit tests of the key risk indicators: threshold boundaries, status words and shapes,
//! trends, decisions and settings validation.

use super::*;
use crate::model::{Dialect, FindingType, Text};

const DAY: i64 = 86_400_000;
/// 2026-11-01T00:00:00Z.
const NOW: EpochMillis = EpochMillis(1_793_491_200_000);

fn finding(id: &str, kind: &str, score: f64, account: &str, age_days: i64) -> Finding {
    let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
    let mut f = Finding::new(id.into(), kind, score, Dialect::CamelCase);
    f.account_id = Some(account.into());
    f.region = Some("us-east-1".into());
    f.first_seen_at = Some(EpochMillis(NOW.0 - age_days * DAY));
    f.last_seen_at = Some(NOW);
    f
}

fn all(findings: &[Finding]) -> Vec<u32> {
    (0..findings.len() as u32).collect()
}

/// The indicators of every finding, without a baseline, under default settings.
fn kris_of(findings: &[Finding]) -> Vec<KeyRiskIndicator> {
    key_risk_indicators(
        SelectedFindings::new(findings, &all(findings)),
        None,
        &RiskRules::default(),
        &SlaSettings::default(),
        &AppetiteSettings::default(),
        NOW,
    )
}

fn value_of(kris: &[KeyRiskIndicator], id: KriId) -> Option<f64> {
    kris.iter().find(|k| k.id == id).and_then(|k| k.value)
}

#[test]
fn a_value_equal_to_a_threshold_has_reached_it() {
    let appetite = Appetite {
        amber: 2.0,
        red: 5.0,
    };
    assert_eq!(appetite.status(Some(1.9)), AppetiteStatus::Within);
    assert_eq!(appetite.status(Some(2.0)), AppetiteStatus::Amber);
    assert_eq!(appetite.status(Some(4.9)), AppetiteStatus::Amber);
    assert_eq!(appetite.status(Some(5.0)), AppetiteStatus::Red);
    assert_eq!(appetite.status(None), AppetiteStatus::NoData);
    assert_eq!(appetite.status(Some(f64::NAN)), AppetiteStatus::NoData);
    let straight_to_red = Appetite {
        amber: 1.0,
        red: 1.0,
    };
    assert_eq!(straight_to_red.status(Some(0.0)), AppetiteStatus::Within);
    assert_eq!(straight_to_red.status(Some(1.0)), AppetiteStatus::Red);
}

#[test]
fn every_status_has_its_own_word_and_shape() {
    let statuses = [
        AppetiteStatus::NoData,
        AppetiteStatus::Within,
        AppetiteStatus::Amber,
        AppetiteStatus::Red,
    ];
    let words: BTreeSet<&str> = statuses.iter().map(|s| s.word()).collect();
    let shapes: BTreeSet<&str> = statuses.iter().map(|s| s.shape()).collect();
    let symbols: BTreeSet<&str> = statuses.iter().map(|s| s.symbol()).collect();
    assert_eq!((words.len(), shapes.len(), symbols.len()), (4, 4, 4));
}

fn sample() -> Vec<Finding> {
    let mut archived = finding("z", "AttackSequence:S3/CompromisedData", 9.5, "999", 50);
    archived.archived = true;
    vec![
        finding(
            "a",
            "AttackSequence:IAM/CompromisedCredentials",
            9.2,
            "111",
            0,
        ),
        finding(
            "b",
            "UnauthorizedAccess:IAMUser/MaliciousIPCaller",
            8.0,
            "222",
            3,
        ),
        finding("c", "Recon:EC2/Portscan", 2.0, "333", 2),
        finding("d", "Recon:EC2/Portscan", 5.0, "111", 10),
        archived,
    ]
}

#[test]
fn indicators_count_active_findings_only() {
    let findings = sample();
    let kris = kris_of(&findings);
    assert_eq!(
        kris.iter().map(|k| k.id).collect::<Vec<_>>(),
        KriId::ALL.to_vec()
    );
    assert_eq!(value_of(&kris, KriId::CriticalHighOpen), Some(2.0));
    assert_eq!(value_of(&kris, KriId::AttackSequences), Some(1.0));
    assert_eq!(value_of(&kris, KriId::AccountsHighPlus), Some(2.0));
    // Past SLA: b (High, 3 days > 1) and d (Medium, 10 days > 7) of four active findings.
    assert_eq!(value_of(&kris, KriId::PastSlaPercent), Some(50.0));
    assert!(value_of(&kris, KriId::CredentialOpen).is_some_and(|v| v >= 1.0));
    assert!(kris.iter().all(|k| k.trend.is_none()));
}

#[test]
fn only_red_indicators_carry_a_decision_with_their_number() {
    let findings = sample();
    let kris = kris_of(&findings);
    for kri in &kris {
        assert_eq!(
            kri.decision.is_some(),
            kri.status == AppetiteStatus::Red,
            "{}",
            kri.id.slug()
        );
    }
    // Default attack-sequence appetite is red at 1.
    let sequences = kris
        .iter()
        .find(|k| k.id == KriId::AttackSequences)
        .expect("always present");
    assert_eq!(sequences.status, AppetiteStatus::Red);
    assert!(sequences
        .decision
        .as_deref()
        .is_some_and(|d| d.contains(" 1 ")));
    // Critical/High: 2 open, amber 1, red 10.
    let serious = &kris[0];
    assert_eq!(serious.status, AppetiteStatus::Amber);
    assert_eq!(serious.appetite_text(), "amber 1 · red 10");
}

#[test]
fn the_trend_compares_with_the_baseline_and_higher_is_worse() {
    let current = sample();
    let baseline = vec![
        finding("old1", "Recon:EC2/Portscan", 8.0, "111", 0),
        finding("old2", "Recon:EC2/Portscan", 8.0, "111", 0),
        finding("old3", "Recon:EC2/Portscan", 8.0, "111", 0),
    ];
    let kris = key_risk_indicators(
        SelectedFindings::new(&current, &all(&current)),
        Some(SelectedFindings::new(&baseline, &all(&baseline))),
        &RiskRules::default(),
        &SlaSettings::default(),
        &AppetiteSettings::default(),
        NOW,
    );
    let serious = kris[0].trend.expect("both periods measurable");
    assert_eq!((serious.baseline, serious.delta), (3.0, -1.0));
    assert_eq!(serious.verdict, Verdict::Better);
    assert_eq!(kris[0].trend_text(), "down 1 from 3");
    let sequences = kris[2].trend.expect("both periods measurable");
    assert_eq!(
        (sequences.direction, sequences.verdict),
        (Direction::Up, Verdict::Worse)
    );
}

#[test]
fn percent_past_sla_has_no_value_without_dated_active_findings() {
    let kris = kris_of(&[]);
    assert_eq!(kris[1].status, AppetiteStatus::NoData);
    assert_eq!(kris[1].value_text(), "—");
    assert_eq!(kris[0].status, AppetiteStatus::Within);
}

#[test]
fn values_print_as_counts_and_percentages() {
    assert_eq!(KriFormat::Count.format(Some(1234.0)), "1,234");
    assert_eq!(KriFormat::Percent.format(Some(12.34)), "12.3%");
    assert_eq!(KriFormat::Percent.format(Some(25.0)), "25%");
    assert_eq!(KriFormat::Percent.format(None), "—");
}

#[test]
fn appetite_settings_round_trip_and_refuse_inconsistent_thresholds() {
    let settings = AppetiteSettings::default();
    assert_eq!(
        AppetiteSettings::from_json(&settings.to_json()),
        Ok(settings.clone())
    );
    let mut inverted = settings.clone();
    inverted.set(
        KriId::CredentialOpen,
        Appetite {
            amber: 6.0,
            red: 5.0,
        },
    );
    assert!(inverted
        .validate()
        .unwrap_err()
        .message
        .contains("Credential"));
    let mut over_100 = settings.clone();
    over_100.set(
        KriId::PastSlaPercent,
        Appetite {
            amber: 50.0,
            red: 100.1,
        },
    );
    assert!(over_100.validate().is_err());
    let mut negative = settings.clone();
    negative.set(
        KriId::HighRiskOpen,
        Appetite {
            amber: -1.0,
            red: 5.0,
        },
    );
    assert!(negative.validate().is_err());
    let mut equal = settings;
    equal.set(
        KriId::HighRiskOpen,
        Appetite {
            amber: 5.0,
            red: 5.0,
        },
    );
    assert_eq!(equal.validate(), Ok(()));
    assert!(AppetiteSettings::from_json("{\"version\":1}").is_err());
}
