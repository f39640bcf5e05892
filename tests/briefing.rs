//! Specification tests for the board briefing (`guardview::analysis::briefing`): period
//! comparison, executive indicators and the plain-language summary, with fixtures that produce
//! known sentences.

use guardview::analysis::briefing::{
    briefing, compare, indicators, BetterWhen, Briefing, Direction, SelectedFindings, Sentence,
    ValueFormat, Verdict, NO_FINDINGS,
};
use guardview::analysis::risk::{latest_activity, RiskRules};
use guardview::ingest::LoadSession;
use guardview::model::{
    Dialect, EpochMillis, Finding, FindingType, NetworkActor, Resource, ResourceKind, Tag, Text,
    ThreatIntel,
};
use guardview::sample::{write_sample, SampleFormat, SampleOptions};

use guardview::model::time::DAY_MS as DAY;
/// 2024-05-01T00:00:00Z.
const MAY_1: i64 = 1_714_521_600_000;
/// The assessment time of the fixtures: 2024-05-03T12:00:00Z.
const NOW: EpochMillis = EpochMillis(MAY_1 + 2 * DAY + DAY / 2);

// ------------------------------------------------------------------ fixtures

fn finding(id: &str, kind: &str, score: f64) -> Finding {
    let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
    let mut f = Finding::new(id.into(), kind, score, Dialect::CamelCase);
    f.account_id = Some("111122223333".into());
    f.region = Some("us-east-1".into());
    f
}

/// Activity first and last seen on `day` days after 2024-05-01 (plus an hour per `hour`).
fn seen(mut f: Finding, first_day: i64, last_day: i64) -> Finding {
    f.first_seen_at = Some(EpochMillis(MAY_1 + first_day * DAY + 3_600_000));
    f.last_seen_at = Some(EpochMillis(MAY_1 + last_day * DAY + 7_200_000));
    f
}

fn on(mut f: Finding, kind: ResourceKind, resource_type: &str, id: &str) -> Finding {
    f.resource_type = Some(resource_type.into());
    f.resources.push(Resource {
        kind,
        id: id.into(),
        display_name: None,
        attributes: Vec::new(),
    });
    f
}

fn from(mut f: Finding, ip: &str, code: &str, country: &str) -> Finding {
    f.network_actors.push(NetworkActor {
        ip_address: Some(ip.into()),
        country_code: Some(code.into()),
        country_name: Some(country.into()),
        asn: Some("64500".into()),
        asn_org: Some("Example Hosting".into()),
        ..NetworkActor::default()
    });
    f
}

fn crypto(id: &str, instance: &str, day: i64) -> Finding {
    let f = finding(id, "CryptoCurrency:EC2/BitcoinTool.B!DNS", 8.0);
    let f = on(f, ResourceKind::Instance, "Instance", instance);
    seen(from(f, "198.51.100.7", "RU", "Russia"), day, day)
}

/// Tags a finding's resource as production (High impact under the default risk rules).
fn production(mut f: Finding) -> Finding {
    f.tags.push(Tag {
        key: "env".into(),
        value: "prod".into(),
    });
    f
}

/// Five findings over three days: three crypto-mining findings on two instances (from
/// Russia, the two on i-aaa in production), one stolen instance credential (from China) and
/// one port probe.
fn week() -> Vec<Finding> {
    let credential = finding(
        "k1",
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        8.0,
    );
    let credential = on(
        credential,
        ResourceKind::AccessKey,
        "AccessKey",
        "ASIAEXAMPLE",
    );
    let credential = seen(from(credential, "203.0.113.9", "CN", "China"), 2, 2);
    let probe = finding("r1", "Recon:EC2/PortProbeUnprotectedPort", 2.0);
    let probe = seen(on(probe, ResourceKind::Instance, "Instance", "i-bbb"), 0, 2);
    vec![
        production(crypto("c1", "i-aaa", 0)),
        production(crypto("c2", "i-aaa", 1)),
        crypto("c3", "i-bbb", 2),
        credential,
        probe,
    ]
}

/// The previous period: c1 (still there now) and one finding that is gone now.
fn previous_week() -> Vec<Finding> {
    let gone = seen(finding("x1", "Recon:EC2/Portscan", 5.0), -7, -6);
    vec![crypto("c1", "i-aaa", -5), gone]
}

fn all(findings: &[Finding]) -> Vec<u32> {
    (0..findings.len() as u32).collect()
}

fn section<'a>(b: &'a Briefing, question: &str) -> Vec<&'a str> {
    b.sections
        .iter()
        .find(|s| s.question == question)
        .map(|s| s.sentences.iter().map(|x| x.text.as_str()).collect())
        .unwrap_or_default()
}

fn texts(sentences: &[Sentence]) -> Vec<&str> {
    sentences.iter().map(|s| s.text.as_str()).collect()
}

fn brief(findings: &[Finding], selected: &[u32]) -> Briefing {
    briefing(
        SelectedFindings::new(findings, selected),
        None,
        &RiskRules::default(),
        NOW,
    )
}

// ------------------------------------------------------------------ the summary

#[test]
fn three_crypto_findings_on_two_instances_from_one_country_give_a_known_why_sentence() {
    let findings = week();
    let b = brief(&findings, &[0, 1, 2]);
    assert_eq!(
        section(&b, "Why"),
        ["3 findings point to using your servers to mine cryptocurrency, involving 2 EC2 instances and outside contact from 1 country."]
    );
    assert_eq!(
        b.headline,
        "3 findings between 2024-05-01 and 2024-05-03: 3 Critical or High, 3 active."
    );
    assert_eq!(
        section(&b, "Who"),
        [
            "Outside activity came from 1 IP address in 1 country, Russia (3 findings).",
            "The only network named is AS64500 Example Hosting (3 findings).",
            "No finding matched a threat-intelligence list.",
        ]
    );
    assert_eq!(
        section(&b, "What"),
        [
            "The findings concern 1 kind of resource: EC2 instances (3 findings).",
            "They involve 2 resources; the most affected are i-aaa (EC2 instance, 2 findings) and i-bbb (EC2 instance, 1 finding).",
        ]
    );
    assert_eq!(
        section(&b, "Where"),
        [
            "The findings are in 1 AWS account, 111122223333 (3 findings).",
            "They span 1 region, us-east-1 (3 findings).",
        ]
    );
    assert_eq!(
        section(&b, "How"),
        [
            "The findings describe cryptocurrency mining (3 findings).",
            "GuardDuty raised 1 kind of detection, CryptoCurrency:EC2/BitcoinTool (3 findings).",
            "Mapped to MITRE ATT&CK, the activity covers 1 stage of an attack, Impact (3 findings).",
        ]
    );
}

#[test]
fn the_when_section_names_the_period_the_busiest_day_and_the_trend_within_it() {
    let findings = week();
    let b = brief(&findings, &[0, 1, 2]);
    assert_eq!(
        section(&b, "When"),
        [
            "Activity ran from 2024-05-01 to 2024-05-03.",
            "The busiest day was 2024-05-01, with 1 finding.",
            "Compared with the first half of the period (to 2024-05-02), findings in the second half are up from 1 to 2 (+1).",
        ]
    );
}

#[test]
fn a_baseline_with_fewer_findings_gives_an_exact_trend_sentence() {
    let findings = week();
    let previous = previous_week();
    let b = briefing(
        SelectedFindings::new(&findings, &all(&findings)),
        Some(SelectedFindings::new(&previous, &all(&previous))),
        &RiskRules::default(),
        NOW,
    );
    assert_eq!(
        b.headline,
        "5 findings between 2024-05-01 and 2024-05-03: 4 Critical or High, 5 active; up from 2 to 5 (+3) on the previous period."
    );
    let when = section(&b, "When");
    assert!(
        when.contains(&"Compared with the previous period, findings are up from 2 to 5 (+3)."),
        "{when:#?}"
    );
    assert!(
        when.contains(&"Since the previous period: 4 new findings, 1 still active and 1 resolved."),
        "{when:#?}"
    );
    assert!(
        !when.iter().any(|s| s.contains("first half")),
        "a baseline replaces the half-period comparison"
    );
    let change = b
        .sections
        .iter()
        .flat_map(|s| &s.sentences)
        .find(|s| s.text.starts_with("Compared with the previous period"));
    let values: Vec<&str> = change
        .map(|s| s.evidence.iter().map(|e| e.value.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(values, ["2", "5", "+3"]);
}

#[test]
fn a_baseline_with_more_findings_reads_down() {
    let findings = week();
    let previous = previous_week();
    let b = briefing(
        SelectedFindings::new(&previous, &all(&previous)),
        Some(SelectedFindings::new(&findings, &all(&findings))),
        &RiskRules::default(),
        NOW,
    );
    assert!(b
        .headline
        .ends_with("; down from 5 to 2 (-3) on the previous period."));
}

#[test]
fn changing_the_filter_changes_the_sentences() {
    let findings = week();
    let everything = brief(&findings, &all(&findings));
    assert_eq!(
        section(&everything, "Why"),
        [
            "3 findings point to using your servers to mine cryptocurrency, involving 2 EC2 instances and outside contact from 1 country.",
            "1 finding points to attempts to steal or misuse credentials, involving 1 access key and outside contact from 1 country.",
            "1 finding points to scanning and mapping your systems for weaknesses, involving 1 EC2 instance.",
        ]
    );
    assert_eq!(
        section(&everything, "How")[0],
        "The most common activity was cryptocurrency mining (3 findings), access without permission (1 finding) and probing for open ports and weaknesses (1 finding)."
    );
    assert_eq!(
        section(&everything, "Who")[0],
        "Outside activity came from 2 IP addresses in 2 countries, most often Russia (3 findings) and China (1 finding)."
    );
    let credential_only = brief(&findings, &[3]);
    assert_eq!(
        section(&credential_only, "Why"),
        ["1 finding points to attempts to steal or misuse credentials, involving 1 access key and outside contact from 1 country."]
    );
    assert_eq!(
        credential_only.headline,
        "1 finding on 2024-05-03: 1 Critical or High, 1 active."
    );
    assert_ne!(everything, credential_only);
}

#[test]
fn singular_and_plural_follow_the_counts() {
    let findings = week();
    let one = brief(&findings, &[4]);
    assert_eq!(
        one.headline,
        "1 finding between 2024-05-01 and 2024-05-03: 0 Critical or High, 1 active."
    );
    assert_eq!(
        section(&one, "What"),
        [
            "The findings concern 1 kind of resource: EC2 instances (1 finding).",
            "They involve 1 resource: i-bbb (EC2 instance, 1 finding).",
        ]
    );
    assert_eq!(
        section(&one, "Who"),
        [
            "None of the findings names an outside IP address or domain.",
            "No finding matched a threat-intelligence list.",
        ]
    );
    let two = brief(&findings, &[0, 1]);
    assert!(two.headline.starts_with("2 findings between"));
    assert_eq!(
        section(&two, "Why"),
        ["2 findings point to using your servers to mine cryptocurrency, involving 1 EC2 instance and outside contact from 1 country."]
    );
}

#[test]
fn an_empty_selection_says_no_findings_match() {
    let findings = week();
    let b = brief(&findings, &[]);
    assert_eq!(b.headline, NO_FINDINGS);
    assert_eq!(b.headline, "No findings match the current filter.");
    assert!(b.sections.is_empty() && b.top_risks.is_empty() && b.actions.is_empty());
    let out_of_range = brief(&findings, &[99, u32::MAX]);
    assert_eq!(out_of_range.headline, NO_FINDINGS);
    let empty: Vec<Finding> = Vec::new();
    assert_eq!(brief(&empty, &[]).headline, NO_FINDINGS);
    // With a baseline, the drop to zero is still reported.
    let previous = previous_week();
    let b = briefing(
        SelectedFindings::new(&findings, &[]),
        Some(SelectedFindings::new(&previous, &all(&previous))),
        &RiskRules::default(),
        NOW,
    );
    assert_eq!(
        section(&b, "When"),
        ["Compared with the previous period, findings are down from 2 to 0 (-2)."]
    );
}

#[test]
fn threat_intelligence_matches_are_named() {
    let mut findings = week();
    findings[3].threat_intel.push(ThreatIntel {
        list_name: Some("ProofPoint".into()),
        threat_names: Vec::new(),
    });
    findings[0].threat_intel.push(ThreatIntel {
        list_name: Some("Amazon".into()),
        threat_names: Vec::new(),
    });
    let b = brief(&findings, &all(&findings));
    assert!(section(&b, "Who")
        .contains(&"2 findings matched a threat-intelligence list (Amazon, ProofPoint)."));
}

#[test]
fn top_risks_name_the_cell_the_example_and_the_rules() {
    let findings = week();
    let b = brief(&findings, &all(&findings));
    assert_eq!(
        texts(&b.top_risks),
        [
            "2 active findings are rated High risk (likelihood Very High, impact High); the most severe is cryptocurrency mining on i-aaa (severity 8.0).",
        ]
    );
    let labels: Vec<&str> = b.top_risks[0]
        .evidence
        .iter()
        .map(|e| e.label.as_str())
        .collect();
    for label in [
        "Likelihood of initiation rule",
        "Adverse impact rule",
        "Impact rule",
        "Example finding id",
    ] {
        assert!(labels.contains(&label), "{labels:?}");
    }
    let low = brief(&findings, &[4]);
    assert_eq!(
        texts(&low.top_risks),
        ["No active finding is rated High or Very High risk under the current rules."]
    );
}

#[test]
fn actions_come_from_guidance_most_urgent_first_without_repeats() {
    let findings = week();
    let b = brief(&findings, &all(&findings));
    assert_eq!(
        texts(&b.actions),
        [
            "High: the resource is likely compromised and in use for unauthorised purposes. Act now: isolate it, rotate its credentials, preserve evidence. Applies to 4 findings.",
            "Add the remote IPs and domains to your block lists (export them from the Actors view). Applies to 4 findings.",
            "Isolate the instance (restrictive security group), snapshot its volumes for forensics, then rebuild it from a known-good image. Applies to 3 findings.",
            "Rotate the access key or role credentials named in the finding and review what they did in CloudTrail. Applies to 1 finding.",
            "Confirm exposed ports and permissions are intended; block the source if the activity persists. Applies to 1 finding.",
        ]
    );
    let mut archived = week();
    for f in &mut archived {
        f.archived = true;
    }
    let b = brief(&archived, &all(&archived));
    assert_eq!(
        texts(&b.actions),
        ["No action is needed beyond routine monitoring: none of the selected findings is active."]
    );
    assert_eq!(
        b.headline,
        "5 findings between 2024-05-01 and 2024-05-03: 4 Critical or High, 0 active."
    );
}

// ------------------------------------------------------------------ traceability and determinism

/// Every word with a digit in it must be shown in the sentence's evidence (label or value),
/// apart from product names that carry digits.
fn assert_traceable(sentence: &Sentence) {
    for word in sentence.text.split_whitespace() {
        let token = word.trim_matches(|c: char| "().,;:".contains(c));
        if !token.chars().any(|c| c.is_ascii_digit()) || ["EC2", "S3"].contains(&token) {
            continue;
        }
        assert!(
            sentence
                .evidence
                .iter()
                .any(|e| e.value.contains(token) || e.label.contains(token)),
            "`{token}` in \"{}\" has no evidence: {:?}",
            sentence.text,
            sentence.evidence
        );
    }
}

fn assert_briefing_traceable(b: &Briefing) {
    let headline = Sentence {
        text: b.headline.clone(),
        evidence: b.headline_evidence.clone(),
    };
    assert_traceable(&headline);
    for s in b.sections.iter().flat_map(|s| &s.sentences) {
        assert_traceable(s);
    }
    for s in b.top_risks.iter().chain(&b.actions) {
        assert_traceable(s);
    }
}

#[test]
fn every_number_in_every_sentence_is_in_its_evidence() {
    let findings = week();
    let previous = previous_week();
    for selected in [all(&findings), vec![0, 1, 2], vec![3], vec![4]] {
        assert_briefing_traceable(&brief(&findings, &selected));
        assert_briefing_traceable(&briefing(
            SelectedFindings::new(&findings, &selected),
            Some(SelectedFindings::new(&previous, &all(&previous))),
            &RiskRules::default(),
            NOW,
        ));
    }
}

#[test]
fn the_same_input_gives_the_same_briefing_whatever_the_selection_order() {
    let findings = week();
    let a = brief(&findings, &[0, 1, 2, 3, 4]);
    let b = brief(&findings, &[4, 3, 2, 1, 0, 0, 2]);
    assert_eq!(a, b);
    assert_eq!(a, brief(&findings, &all(&findings)));
}

#[test]
fn the_sections_answer_the_six_questions_in_order() {
    let findings = week();
    let b = brief(&findings, &all(&findings));
    let questions: Vec<&str> = b.sections.iter().map(|s| s.question).collect();
    assert_eq!(questions, ["Who", "What", "Where", "When", "How", "Why"]);
    assert!(b.sections.iter().all(|s| !s.sentences.is_empty()));
    assert!(b.actions.len() <= 6);
}

#[test]
fn findings_without_names_times_or_types_still_get_a_briefing() {
    let mut bare = Finding::new(
        "".into(),
        FindingType::parse("", &mut |s: &str| Text::from(s)),
        f64::NAN,
        Dialect::Ocsf,
    );
    bare.last_seen_at = Some(EpochMillis(i64::MAX));
    bare.first_seen_at = Some(EpochMillis(i64::MIN));
    let mut long = finding(&"y".repeat(10_000), &"Z".repeat(5_000), 11.0);
    long.resources.push(Resource {
        kind: ResourceKind::Other,
        id: "\u{202E}".repeat(300).into(),
        display_name: Some(" ".into()),
        attributes: Vec::new(),
    });
    let findings = vec![bare, long];
    let b = briefing(
        SelectedFindings::new(&findings, &[0, 1]),
        Some(SelectedFindings::new(&findings, &[1])),
        &RiskRules::default(),
        EpochMillis(i64::MIN),
    );
    assert!(b.headline.starts_with("2 findings"));
    let only_bare = brief(&findings, &[0]);
    assert_eq!(
        section(&only_bare, "Where"),
        ["The findings do not name an AWS account or region."]
    );
    assert_eq!(
        section(&only_bare, "Why"),
        ["The findings do not point to a specific attacker objective."]
    );
    let undated = brief(&[finding("u", "Recon:EC2/Portscan", 2.0)], &[0]);
    assert_eq!(
        section(&undated, "When"),
        ["The findings carry no activity dates."]
    );
}

// ------------------------------------------------------------------ comparison

/// A finding with `id`, archived or not.
fn state(id: &str, archived: bool, score: f64) -> Finding {
    let mut f = finding(id, "Recon:EC2/Portscan", score);
    f.archived = archived;
    f
}

#[test]
fn the_comparison_truth_table() {
    // id: baseline state → current state
    //   a: absent → active      new
    //   b: absent → archived    new, new_archived
    //   c: active → active      persisting
    //   d: archived → active    persisting, reopened
    //   e: active → archived    resolved
    //   f: active → absent      resolved
    //   g: archived → archived  still_archived
    //   h: archived → absent    still_archived
    let baseline = vec![
        state("c", false, 2.0),
        state("d", true, 2.0),
        state("e", false, 5.0),
        state("f", false, 8.0),
        state("g", true, 2.0),
        state("h", true, 2.0),
    ];
    let current = vec![
        state("a", false, 9.5),
        state("b", true, 2.0),
        state("c", false, 2.0),
        state("d", false, 5.0),
        state("e", true, 5.0),
        state("g", true, 2.0),
    ];
    let c = compare(&current, &all(&current), &baseline, &all(&baseline));
    assert_eq!(c.new.indices, [0, 1], "a and b (current indices)");
    assert_eq!(c.new_archived.indices, [1], "b");
    assert_eq!(c.persisting.indices, [2, 3], "c and d");
    assert_eq!(c.reopened.indices, [3], "d");
    assert_eq!(c.resolved.indices, [2, 3], "e and f (baseline indices)");
    assert_eq!(
        c.still_archived.indices,
        [4, 5],
        "g and h (baseline indices)"
    );
    // Bands: a Critical + b Low; e Medium + f High.
    assert_eq!(c.new.by_band, [1, 0, 0, 1]);
    assert_eq!(c.resolved.by_band, [0, 1, 1, 0]);
    assert_eq!(c.persisting.by_band, [1, 1, 0, 0]);
    assert_eq!(
        (c.new.count(), c.persisting.count(), c.resolved.count()),
        (2, 2, 2)
    );
}

#[test]
fn the_comparison_respects_both_selections() {
    let baseline = vec![state("c", false, 2.0), state("f", false, 2.0)];
    let current = vec![state("c", false, 2.0), state("z", false, 2.0)];
    // Filtering "c" out of the current selection makes it resolved, and "z" out makes it vanish.
    let c = compare(&current, &[], &baseline, &[0, 1, 7]);
    assert!(c.new.indices.is_empty() && c.persisting.indices.is_empty());
    assert_eq!(c.resolved.indices, [0, 1]);
    // Filtering "c" out of the baseline makes it new.
    let c = compare(&current, &[0, 0, 1], &baseline, &[1]);
    assert_eq!(c.new.indices, [0, 1]);
    assert_eq!(c.resolved.indices, [1], "f is absent now");
    let empty = compare(&[], &[3], &[], &[]);
    assert_eq!(empty, Default::default());
}

// ------------------------------------------------------------------ indicators

#[test]
fn indicators_without_a_baseline_have_no_deltas() {
    let findings = week();
    let list = indicators(
        SelectedFindings::new(&findings, &all(&findings)),
        None,
        &RiskRules::default(),
        NOW,
    );
    let ids: Vec<&str> = list.iter().map(|i| i.id).collect();
    assert_eq!(
        ids,
        [
            "active_findings",
            "critical_high_active",
            "high_risk_active",
            "credential_active",
            "accounts_affected",
            "remote_actors",
            "median_age_high_days",
        ]
    );
    let values: Vec<Option<f64>> = list.iter().map(|i| i.value).collect();
    // High risk: the two production crypto findings (likelihood Very High × impact High).
    // Median age of the four High findings, first seen 2.46, 1.46, 0.46 and 0.46 days before
    // NOW: (0.46 + 1.46) / 2 = 0.96, shown to one decimal.
    assert_eq!(
        values,
        [
            Some(5.0),
            Some(4.0),
            Some(2.0),
            Some(1.0),
            Some(1.0),
            Some(2.0),
            Some(1.0)
        ]
    );
    assert!(list
        .iter()
        .all(|i| i.baseline.is_none() && i.delta.is_none()));
    assert!(list
        .iter()
        .all(|i| i.direction().is_none() && i.verdict().is_none()));
    assert!(list.iter().all(|i| i.better_when == BetterWhen::Lower));
    assert!(list.iter().all(|i| i.explanation.ends_with('.')));
}

#[test]
fn indicators_with_a_baseline_carry_deltas_and_verdicts() {
    let findings = week();
    let mut previous = previous_week();
    previous[1].archived = true; // x1 was closed then: 1 active finding before.
    let list = indicators(
        SelectedFindings::new(&findings, &all(&findings)),
        Some(SelectedFindings::new(&previous, &all(&previous))),
        &RiskRules::default(),
        NOW,
    );
    assert_eq!(list.len(), 8);
    let get = |id: &str| list.iter().find(|i| i.id == id).cloned();
    let active = get("active_findings");
    assert_eq!(
        active.as_ref().map(|i| (i.value, i.baseline, i.delta)),
        Some((Some(5.0), Some(1.0), Some(4.0)))
    );
    assert_eq!(
        active.as_ref().and_then(|i| i.direction()),
        Some(Direction::Up)
    );
    assert_eq!(
        active.as_ref().and_then(|i| i.verdict()),
        Some(Verdict::Worse)
    );
    let new = get("new_findings");
    assert_eq!(
        new.as_ref().map(|i| (i.value, i.baseline, i.delta)),
        Some((Some(4.0), None, None))
    );
    let accounts = get("accounts_affected");
    assert_eq!(
        accounts.as_ref().and_then(|i| i.verdict()),
        Some(Verdict::Unchanged)
    );
    // Fewer actors now than before is better when lower is better.
    let fewer = indicators(
        SelectedFindings::new(&findings, &[4]),
        Some(SelectedFindings::new(&findings, &all(&findings))),
        &RiskRules::default(),
        NOW,
    );
    let actors = fewer.iter().find(|i| i.id == "remote_actors");
    assert_eq!(
        actors.map(|i| (i.value, i.baseline, i.delta)),
        Some((Some(0.0), Some(2.0), Some(-2.0)))
    );
    assert_eq!(actors.and_then(|i| i.verdict()), Some(Verdict::Better));
    let age = fewer.iter().find(|i| i.id == "median_age_high_days");
    assert_eq!(
        age.map(|i| (i.value, i.delta)),
        Some((None, None)),
        "no High findings to age"
    );
}

#[test]
fn indicator_values_format_for_the_board() {
    assert_eq!(ValueFormat::Count.format(1234.0), "1,234");
    assert_eq!(ValueFormat::Days.format(1.0), "1 day");
    assert_eq!(ValueFormat::Days.format(12.46), "12.5 days");
    assert_eq!(ValueFormat::Days.format(3.0), "3 days");
    assert_eq!(ValueFormat::Count.format(f64::NAN), "—");
}

// ------------------------------------------------------------------ the sample data

fn sample(findings: usize, now_ms: i64) -> Vec<Finding> {
    let mut bytes = Vec::new();
    let options = SampleOptions::new(findings, 7, SampleFormat::JsonLines, now_ms);
    assert!(write_sample(&options, &mut bytes).is_ok());
    let mut session = LoadSession::new();
    session.load_bytes("sample.jsonl", &bytes);
    session.findings().findings().to_vec()
}

#[test]
fn the_sample_data_gives_a_traceable_deterministic_briefing() {
    // 2025-01-01T00:00:00Z; the baseline is a smaller export of the same organisation.
    let now_ms = 1_735_689_600_000;
    let current = sample(400, now_ms);
    let previous = sample(300, now_ms);
    let current_all = all(&current);
    let previous_all = all(&previous);
    let now = latest_activity(&current, &current_all).unwrap_or(EpochMillis(now_ms));
    let make = || {
        briefing(
            SelectedFindings::new(&current, &current_all),
            Some(SelectedFindings::new(&previous, &previous_all)),
            &RiskRules::default(),
            now,
        )
    };
    let b = make();
    assert_eq!(b, make());
    assert_briefing_traceable(&b);
    assert_eq!(b.sections.len(), 6);
    let list = indicators(
        SelectedFindings::new(&current, &current_all),
        Some(SelectedFindings::new(&previous, &previous_all)),
        &RiskRules::default(),
        now,
    );
    assert_eq!(list.len(), 8);
    // `cargo test --test briefing -- --nocapture` prints the example for the docs.
    println!("HEADLINE: {}", b.headline);
    for s in &b.sections {
        for sentence in &s.sentences {
            println!("{:>5}: {}", s.question, sentence.text);
        }
    }
    for s in &b.top_risks {
        println!(" RISK: {}", s.text);
    }
    for s in &b.actions {
        println!("  ACT: {}", s.text);
    }
    for i in &list {
        println!(
            "  IND: {} = {:?} (baseline {:?}, delta {:?}, {:?})",
            i.id,
            i.value,
            i.baseline,
            i.delta,
            i.verdict()
        );
    }
}
