//! Unit tests of ageing and SLA: the SLA boundary, band edges, buckets, time to archive and the
//! archived-state rule.

use super::*;
use crate::model::{FindingType, Text};

/// 2026-11-01T00:00:00Z.
const NOW: EpochMillis = EpochMillis(1_793_491_200_000);

fn finding(score: f64, age_millis: Option<i64>) -> Finding {
    let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
    let mut f = Finding::new("f".into(), kind, score, Dialect::CamelCase);
    f.first_seen_at = age_millis.map(|a| EpochMillis(NOW.0 - a));
    f
}

fn all(findings: &[Finding]) -> Vec<u32> {
    (0..findings.len() as u32).collect()
}

fn run(findings: &[Finding]) -> Ageing {
    ageing(findings, &all(findings), &SlaSettings::default(), NOW, true)
}

#[test]
fn exactly_one_day_is_within_a_one_day_sla_and_one_millisecond_more_is_past_it() {
    let findings = [
        finding(7.5, Some(DAY_MILLIS)),
        finding(7.5, Some(DAY_MILLIS + 1)),
        finding(9.5, Some(DAY_MILLIS)),
        finding(9.5, Some(DAY_MILLIS + 1)),
    ];
    let result = run(&findings);
    let past: Vec<u32> = result.past_sla.iter().map(|a| a.index).collect();
    // Critical first, then High.
    assert_eq!(past, [3, 1]);
    assert_eq!(result.bands[SeverityBand::High.index()].past_sla, 1);
    assert_eq!(result.bands[SeverityBand::Critical.index()].past_sla, 1);
}

#[test]
fn the_band_of_a_score_picks_the_sla_at_each_band_edge() {
    // Eight days old: past Critical/High (1 day) and Medium (7 days), within Low (30 days).
    let eight_days = Some(8 * DAY_MILLIS);
    let cases = [
        (3.9, false),
        (4.0, true),
        (6.9, true),
        (7.0, true),
        (8.9, true),
        (9.0, true),
    ];
    for (score, expected_past) in cases {
        let result = run(&[finding(score, eight_days)]);
        assert_eq!(result.past_sla_count() == 1, expected_past, "score {score}");
    }
    // Two days old: within Medium (7 days) but past High (1 day): the 6.9/7.0 edge matters.
    let two_days = Some(2 * DAY_MILLIS);
    assert_eq!(run(&[finding(6.9, two_days)]).past_sla_count(), 0);
    assert_eq!(run(&[finding(7.0, two_days)]).past_sla_count(), 1);
    // 8.9 is High and 9.0 Critical: each band uses its own setting.
    let sla = SlaSettings {
        critical_days: 1,
        high_days: 3,
        ..SlaSettings::default()
    };
    let high = [finding(8.9, two_days), finding(9.0, two_days)];
    let result = ageing(&high, &[0, 1], &sla, NOW, true);
    let past: Vec<u32> = result.past_sla.iter().map(|a| a.index).collect();
    assert_eq!(past, [1]);
}

#[test]
fn archived_and_undated_findings_are_never_past_sla() {
    let mut archived = finding(8.0, Some(40 * DAY_MILLIS));
    archived.archived = true;
    let findings = [archived, finding(8.0, None)];
    let result = run(&findings);
    assert_eq!(result.past_sla_count(), 0);
    let high = result.bands[SeverityBand::High.index()];
    assert_eq!((high.active, high.undated), (1, 1));
    assert_eq!(result.past_sla_percent(), None);
}

#[test]
fn a_finding_first_seen_after_now_has_age_zero() {
    let result = run(&[finding(8.0, Some(-5 * DAY_MILLIS))]);
    assert_eq!(result.past_sla_count(), 0);
    assert_eq!(result.histogram[0].by_band[SeverityBand::High.index()], 1);
}

#[test]
fn created_at_stands_in_for_a_missing_first_seen() {
    let mut f = finding(8.0, None);
    f.created_at = Some(EpochMillis(NOW.0 - 2 * DAY_MILLIS));
    assert_eq!(run(&[f]).past_sla_count(), 1);
}

#[test]
fn each_bucket_holds_its_upper_bound() {
    let ages = [
        0,
        DAY_MILLIS,
        DAY_MILLIS + 1,
        7 * DAY_MILLIS,
        7 * DAY_MILLIS + 1,
        30 * DAY_MILLIS,
        30 * DAY_MILLIS + 1,
        90 * DAY_MILLIS,
        90 * DAY_MILLIS + 1,
        900 * DAY_MILLIS,
    ];
    let findings: Vec<Finding> = ages.iter().map(|&a| finding(2.0, Some(a))).collect();
    let result = run(&findings);
    let totals: Vec<u64> = result.histogram.iter().map(AgeBucket::total).collect();
    assert_eq!(totals, [2, 2, 2, 2, 2]);
    assert!(result
        .histogram
        .iter()
        .all(|b| b.by_band[SeverityBand::Low.index()] == 2));
}

#[test]
fn past_sla_percent_counts_dated_active_findings() {
    let findings = [
        finding(8.0, Some(2 * DAY_MILLIS)),
        finding(8.0, Some(DAY_MILLIS / 2)),
        finding(2.0, Some(DAY_MILLIS)),
        finding(2.0, Some(31 * DAY_MILLIS)),
    ];
    assert_eq!(run(&findings).past_sla_percent(), Some(50.0));
}

#[test]
fn repeated_and_foreign_indices_are_ignored() {
    let findings = [finding(8.0, Some(2 * DAY_MILLIS))];
    let result = ageing(&findings, &[0, 0, 7], &SlaSettings::default(), NOW, true);
    assert_eq!(result.past_sla_count(), 1);
    assert_eq!(result.active(), 1);
}

#[test]
fn time_to_archive_gives_median_and_nearest_rank_p90_per_band() {
    let mut findings = Vec::new();
    for days in 1..=10 {
        let mut f = finding(8.0, Some(100 * DAY_MILLIS));
        f.archived = true;
        f.updated_at = Some(EpochMillis(NOW.0 - 100 * DAY_MILLIS + days * DAY_MILLIS));
        findings.push(f);
    }
    let result = run(&findings);
    let ArchivedState::Measured(bands) = result.archived else {
        panic!("archived findings are present, so time to archive is measured");
    };
    let bands_in_order: Vec<SeverityBand> = bands.iter().map(|b| b.band).collect();
    assert_eq!(
        bands_in_order,
        [
            SeverityBand::Critical,
            SeverityBand::High,
            SeverityBand::Medium,
            SeverityBand::Low
        ]
    );
    let high = bands[1];
    assert_eq!(high.measured, 10);
    assert_eq!(high.median_days, Some(5.5));
    assert_eq!(high.p90_days, Some(9.0));
    assert_eq!(bands[0].median_days, None);
}

#[test]
fn no_archived_finding_is_a_zero_only_when_the_sources_could_carry_one() {
    let findings = [finding(8.0, Some(DAY_MILLIS))];
    let all = all(&findings);
    let sla = SlaSettings::default();
    assert_eq!(
        ageing(&findings, &all, &sla, NOW, true).archived,
        ArchivedState::NoneArchived
    );
    assert_eq!(
        ageing(&findings, &all, &sla, NOW, false).archived,
        ArchivedState::Unknown
    );
}

fn report(name: &str, gzip: bool, dialects: &[Dialect]) -> FileReport {
    let mut report = FileReport::new(name);
    report.gzip = gzip;
    for &dialect in dialects {
        report.saw_dialect(dialect);
    }
    report
}

#[test]
fn s3_exports_and_eventbridge_events_cannot_carry_archived_findings() {
    assert!(is_archive_blind(&report(
        "a.jsonl.gz",
        true,
        &[Dialect::CamelCase]
    )));
    assert!(is_archive_blind(&report(
        "a.JSONL",
        false,
        &[Dialect::CamelCase]
    )));
    assert!(is_archive_blind(&report(
        "events.json",
        false,
        &[Dialect::EventBridge]
    )));
    assert!(!is_archive_blind(&report(
        "console.json",
        false,
        &[Dialect::CamelCase]
    )));
    assert!(!is_archive_blind(&report(
        "cli.json",
        false,
        &[Dialect::PascalCase]
    )));
    assert!(!is_archive_blind(&report(
        "mixed.jsonl",
        false,
        &[Dialect::CamelCase, Dialect::Asff]
    )));
    assert!(!is_archive_blind(&report("empty.jsonl", false, &[])));
}

#[test]
fn the_archived_state_is_unknown_only_when_every_finding_is_from_a_blind_source() {
    let reports = [
        report("export.jsonl.gz", true, &[Dialect::CamelCase]),
        report("cli.json", false, &[Dialect::PascalCase]),
    ];
    let mut from_s3 = finding(8.0, Some(DAY_MILLIS));
    from_s3.source_file = 0;
    let mut from_cli = from_s3.clone();
    from_cli.source_file = 1;
    assert!(!archived_state_known(
        std::slice::from_ref(&from_s3),
        &reports
    ));
    assert!(archived_state_known(&[from_s3.clone(), from_cli], &reports));
    let mut archived = from_s3.clone();
    archived.archived = true;
    assert!(archived_state_known(&[from_s3.clone(), archived], &reports));
    // A finding whose file is unknown could have come from anywhere.
    let mut unknown_file = from_s3;
    unknown_file.source_file = 9;
    assert!(archived_state_known(&[unknown_file], &reports));
}

#[test]
fn default_sla_settings_are_aws_config_defaults_and_round_trip_through_json() {
    let sla = SlaSettings::default();
    assert_eq!(
        SeverityBand::ALL.map(|b| sla.days(b)),
        [30, 7, 1, 1],
        "Low, Medium, High, Critical"
    );
    assert_eq!(SlaSettings::from_json(&sla.to_json()), Ok(sla));
}

#[test]
fn invalid_sla_settings_are_refused_with_a_reason() {
    let zero = SlaSettings {
        medium_days: 0,
        ..SlaSettings::default()
    };
    assert!(zero.validate().unwrap_err().message.contains("Medium"));
    let inverted = SlaSettings {
        high_days: 10,
        ..SlaSettings::default()
    };
    assert!(inverted.validate().unwrap_err().message.contains("High"));
    let too_long = SlaSettings {
        low_days: MAX_SLA_DAYS + 1,
        ..SlaSettings::default()
    };
    assert!(too_long.validate().is_err());
    assert!(SlaSettings::from_json(r#"{"version":1}"#).is_err());
    assert!(SlaSettings::from_json(
        r#"{"version":1,"critical_days":1,"high_days":1,"medium_days":7,"low_days":30,"x":1}"#
    )
    .is_err());
    assert!(SlaSettings::from_json(
        r#"{"version":2,"critical_days":1,"high_days":1,"medium_days":7,"low_days":30}"#
    )
    .unwrap_err()
    .message
    .contains("version"));
}
