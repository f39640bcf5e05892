//! Per-finding risk assessment: Table G-2 initiation, Table G-4 adverse impact, Table H-3
//! impact, then Table G-5 and Table I-2, with every input traced to the rule that set it.
//!
//! G-2 likelihood of initiation (first matching rule sets the base; rules 7 and 8 then adjust):
//! 1. an `AttackSequence` finding → Very High;
//! 2. threat-intelligence evidence (`threat_intel` not empty) → Very High;
//! 3. `count` at least `repeated_count_at_least` (default 100) → Very High;
//! 4. a threat purpose in `low_purposes` (default `Policy`) → Low;
//! 5. a threat purpose in `moderate_purposes` (default `Recon`, `Discovery`, `PenTest`) → Moderate;
//! 6. any other adversarial activity GuardDuty detected → High;
//! 7. last seen (`last_seen_at`, else `updated_at`) at most `recent_within_days` (default 7)
//!    before the assessment time, or after it → one step up;
//! 8. last seen more than `stale_after_days` (default 90) before the assessment time → one
//!    step down. A finding without any time is not adjusted.
//!
//! G-4 likelihood of adverse impact:
//! 1. severity band Low → Low, Medium → Moderate, High → High, Critical → Very High
//!    (GuardDuty's band definitions read like G-4: "did not compromise" … "in progress");
//! 2. the connection or DNS request was blocked → one step down;
//! 3. the affected resource is the actor (it attacks others) → one step up.

use crate::model::time::DAY_MS;
use crate::model::{EpochMillis, Finding, ResourceRole, SeverityBand};

use super::nist::{overall_likelihood, risk_level, Level};
use super::rules::{ImpactRule, RiskRules};

/// A level and the sentence saying which rule set it and what data triggered it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rated {
    pub level: Level,
    /// E.g. "Attack-sequence finding → Very High (G-2 rule 1)".
    pub rule: String,
}

/// One finding's place on the NIST SP 800-30 scales.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Assessment {
    /// Table G-2: likelihood the adversary initiates the threat event.
    pub initiation: Rated,
    /// Table G-4: likelihood the event results in adverse impact.
    pub adverse_impact: Rated,
    /// Table H-3: the impact if it does.
    pub impact: Rated,
    /// Table G-5 of `initiation` and `adverse_impact`.
    pub likelihood: Level,
    /// Table I-2 of `likelihood` and `impact`.
    pub risk: Level,
}

/// Assesses one finding under `rules` as of `now` (the recency rules need a time; pass the
/// latest activity in the data, never the wall clock, so results are reproducible).
pub fn assess(finding: &Finding, rules: &RiskRules, now: EpochMillis) -> Assessment {
    let initiation = rate_initiation(finding, rules, now);
    let adverse_impact = rate_adverse_impact(finding);
    let impact = rate_impact(finding, rules);
    let likelihood = overall_likelihood(initiation.level, adverse_impact.level);
    let risk = risk_level(likelihood, impact.level);
    Assessment {
        initiation,
        adverse_impact,
        impact,
        likelihood,
        risk,
    }
}

/// The levels of an [`Assessment`] without the sentences naming the rules: what the matrix,
/// the filter and the indicators need, computed without formatting or allocating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Levels {
    pub initiation: Level,
    pub adverse_impact: Level,
    pub impact: Level,
    pub likelihood: Level,
    pub risk: Level,
}

impl Levels {
    /// The levels of a full assessment.
    pub fn of(assessment: &Assessment) -> Self {
        Self {
            initiation: assessment.initiation.level,
            adverse_impact: assessment.adverse_impact.level,
            impact: assessment.impact.level,
            likelihood: assessment.likelihood,
            risk: assessment.risk,
        }
    }
}

/// [`assess`] without the rule sentences: the same levels, by the same rules.
pub fn assess_levels(finding: &Finding, rules: &RiskRules, now: EpochMillis) -> Levels {
    let (base, _) = initiation_base(finding, rules);
    let initiation = match recency(finding, rules, now) {
        Recency::Recent { .. } => base.raised(),
        Recency::Stale { .. } => base.lowered(),
        Recency::Unchanged => base,
    };
    let adverse_impact = adverse_impact_steps(finding).2;
    let impact = impact_rule(finding, rules).map_or(rules.impact_fallback, |(_, rule)| rule.level);
    let likelihood = overall_likelihood(initiation, adverse_impact);
    Levels {
        initiation,
        adverse_impact,
        impact,
        likelihood,
        risk: risk_level(likelihood, impact),
    }
}

fn purpose_in(purpose: &str, list: &[String]) -> bool {
    list.iter().any(|p| p.trim().eq_ignore_ascii_case(purpose))
}

/// Which of G-2 rules 1–6 set the base level, with the data the sentence names.
enum InitiationBase<'a> {
    AttackSequence,
    ThreatIntel(&'a str),
    Repeated(u64),
    LowPurpose(&'a str),
    ModeratePurpose(&'a str),
    Adversarial(&'a str),
}

/// G-2 rules 1–6: the base level and the rule that set it.
fn initiation_base<'a>(finding: &'a Finding, rules: &RiskRules) -> (Level, InitiationBase<'a>) {
    let purpose = finding.finding_type.threat_purpose.trim();
    let shown_purpose = if purpose.is_empty() {
        "unknown"
    } else {
        purpose
    };
    let limits = &rules.initiation;
    if purpose.eq_ignore_ascii_case("AttackSequence") {
        (Level::VeryHigh, InitiationBase::AttackSequence)
    } else if !finding.threat_intel.is_empty() {
        let list = finding
            .threat_intel
            .iter()
            .find_map(|t| t.list_name.as_deref())
            .unwrap_or("unnamed list");
        (Level::VeryHigh, InitiationBase::ThreatIntel(list))
    } else if finding.count >= limits.repeated_count_at_least {
        (Level::VeryHigh, InitiationBase::Repeated(finding.count))
    } else if purpose_in(purpose, &limits.low_purposes) {
        (Level::Low, InitiationBase::LowPurpose(shown_purpose))
    } else if purpose_in(purpose, &limits.moderate_purposes) {
        (
            Level::Moderate,
            InitiationBase::ModeratePurpose(shown_purpose),
        )
    } else {
        (Level::High, InitiationBase::Adversarial(shown_purpose))
    }
}

/// G-2 rules 7 and 8: whether the last activity raises or lowers the base level.
enum Recency {
    Unchanged,
    Recent { age_days: i64, age_millis: i64 },
    Stale { age_days: i64 },
}

fn recency(finding: &Finding, rules: &RiskRules, now: EpochMillis) -> Recency {
    let Some(last_seen) = finding.last_seen_at.or(finding.updated_at) else {
        return Recency::Unchanged;
    };
    let limits = &rules.initiation;
    let age_days = now.0.saturating_sub(last_seen.0) / DAY_MS;
    let age_millis = now.0.saturating_sub(last_seen.0);
    let recent_millis = i64::from(limits.recent_within_days).saturating_mul(DAY_MS);
    let stale_millis = i64::from(limits.stale_after_days).saturating_mul(DAY_MS);
    if age_millis <= recent_millis {
        Recency::Recent {
            age_days,
            age_millis,
        }
    } else if age_millis > stale_millis {
        Recency::Stale { age_days }
    } else {
        Recency::Unchanged
    }
}

/// Table G-2, rules 1–8 in the module documentation.
pub fn rate_initiation(finding: &Finding, rules: &RiskRules, now: EpochMillis) -> Rated {
    let limits = &rules.initiation;
    let (base, which) = initiation_base(finding, rules);
    let mut rule = match which {
        InitiationBase::AttackSequence => {
            "Attack-sequence finding → Very High (G-2 rule 1)".to_owned()
        }
        InitiationBase::ThreatIntel(list) => {
            format!("Threat-intelligence evidence ({list}) → Very High (G-2 rule 2)")
        }
        InitiationBase::Repeated(count) => format!(
            "Seen {} times (at least {}) → Very High (G-2 rule 3)",
            count, limits.repeated_count_at_least
        ),
        InitiationBase::LowPurpose(shown_purpose) => format!(
            "Threat purpose {shown_purpose} is configuration, not attack → Low (G-2 rule 4)"
        ),
        InitiationBase::ModeratePurpose(shown_purpose) => {
            format!("Threat purpose {shown_purpose} is probing → Moderate (G-2 rule 5)")
        }
        InitiationBase::Adversarial(shown_purpose) => {
            format!("Adversarial activity GuardDuty detected ({shown_purpose}) → High (G-2 rule 6)")
        }
    };
    let mut level = base;
    match recency(finding, rules, now) {
        Recency::Recent {
            age_days,
            age_millis,
        } => {
            level = base.raised();
            rule.push_str(&format!(
                "; last seen {} → {} (G-2 rule 7)",
                describe_age(age_days, age_millis),
                level
            ));
        }
        Recency::Stale { age_days } => {
            level = base.lowered();
            rule.push_str(&format!(
                "; last seen {} days before the assessment time, more than {} → {} (G-2 rule 8)",
                age_days, limits.stale_after_days, level
            ));
        }
        Recency::Unchanged => {}
    }
    Rated { level, rule }
}

fn describe_age(age_days: i64, age_millis: i64) -> String {
    if age_millis < 0 {
        "after the assessment time".to_owned()
    } else if age_days == 0 {
        "less than a day before the assessment time".to_owned()
    } else if age_days == 1 {
        "1 day before the assessment time".to_owned()
    } else {
        format!("{age_days} days before the assessment time")
    }
}

/// G-4 rules 1–3: the level after rule 1, after rule 2, and after rule 3.
fn adverse_impact_steps(finding: &Finding) -> (Level, Level, Level) {
    let base = match finding.severity {
        SeverityBand::Low => Level::Low,
        SeverityBand::Medium => Level::Moderate,
        SeverityBand::High => Level::High,
        SeverityBand::Critical => Level::VeryHigh,
    };
    let after_blocked = if finding.blocked == Some(true) {
        base.lowered()
    } else {
        base
    };
    let after_actor = if finding.resource_role == Some(ResourceRole::Actor) {
        after_blocked.raised()
    } else {
        after_blocked
    };
    (base, after_blocked, after_actor)
}

/// Table G-4, rules 1–3 in the module documentation.
pub fn rate_adverse_impact(finding: &Finding) -> Rated {
    let (base, after_blocked, level) = adverse_impact_steps(finding);
    let mut rule = format!(
        "Severity {} ({}) → {} (G-4 rule 1)",
        finding.severity, finding.severity_score, base
    );
    if finding.blocked == Some(true) {
        rule.push_str(&format!("; blocked → {after_blocked} (G-4 rule 2)"));
    }
    if finding.resource_role == Some(ResourceRole::Actor) {
        rule.push_str(&format!(
            "; the resource is the actor → {level} (G-4 rule 3)"
        ));
    }
    Rated { level, rule }
}

/// The H-3 rule that rates the finding's asset (its position and the rule), if any: the
/// highest-level matching rule, the first listed among equal levels.
fn impact_rule<'r>(finding: &Finding, rules: &'r RiskRules) -> Option<(usize, &'r ImpactRule)> {
    let mut best: Option<(usize, &ImpactRule)> = None;
    for (index, impact_rule) in rules.impact_rules.iter().enumerate() {
        // Only a strictly higher level replaces the best so far, which keeps the first-listed
        // rule among equal levels.
        if best.is_some_and(|(_, best_rule)| impact_rule.level <= best_rule.level) {
            continue;
        }
        if impact_rule.matcher.matches(finding) {
            best = Some((index, impact_rule));
        }
    }
    best
}

/// Table H-3: the highest-level matching asset-criticality rule, else the fallback.
pub fn rate_impact(finding: &Finding, rules: &RiskRules) -> Rated {
    let matched = impact_rule(finding, rules).and_then(|(index, impact_rule)| {
        let data = impact_rule.matcher.matched_data(finding)?;
        Some((index, impact_rule, data))
    });
    match matched {
        Some((index, impact_rule, data)) => {
            let level = impact_rule.level;
            let note = if impact_rule.note.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", impact_rule.note.trim())
            };
            Rated {
                level,
                rule: format!(
                    "{data} matches {} → {level} (H-3 rule {}{note})",
                    impact_rule.matcher.describe(),
                    index + 1
                ),
            }
        }
        None => Rated {
            level: rules.impact_fallback,
            rule: format!(
                "No asset-criticality rule matches → {} (H-3 fallback)",
                rules.impact_fallback
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AttackSequence, Dialect, FindingType, Resource, ResourceKind, Tag, Text, ThreatIntel,
    };

    /// The assessment time in these tests: 2024-06-01T00:00:00Z.
    const NOW: EpochMillis = EpochMillis(1_717_200_000_000);

    fn finding(kind: &str, score: f64) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        Finding::new("f".into(), kind, score, Dialect::CamelCase)
    }

    /// A finding last seen `days` days before [`NOW`].
    fn seen_days_ago(mut finding: Finding, days: i64) -> Finding {
        finding.last_seen_at = Some(EpochMillis(NOW.0 - days * DAY_MS));
        finding
    }

    fn tagged(mut finding: Finding, key: &str, value: &str) -> Finding {
        finding.tags.push(Tag {
            key: key.into(),
            value: value.into(),
        });
        finding
    }

    #[test]
    fn g2_attack_sequences_are_very_high_by_rule_1() {
        let f = seen_days_ago(
            finding("AttackSequence:IAM/CompromisedCredentials", 9.2),
            30,
        );
        let rated = rate_initiation(&f, &RiskRules::default(), NOW);
        assert_eq!(rated.level, Level::VeryHigh);
        assert_eq!(
            rated.rule,
            "Attack-sequence finding → Very High (G-2 rule 1)"
        );
    }

    #[test]
    fn g2_threat_intelligence_and_repetition_are_very_high() {
        let mut intel = seen_days_ago(finding("Backdoor:EC2/C&CActivity.B", 8.0), 30);
        intel.threat_intel.push(ThreatIntel {
            list_name: Some("ProofPoint".into()),
            threat_names: vec![],
        });
        let rated = rate_initiation(&intel, &RiskRules::default(), NOW);
        assert_eq!(rated.level, Level::VeryHigh);
        assert!(rated.rule.contains("ProofPoint") && rated.rule.contains("G-2 rule 2"));
        let mut repeated = seen_days_ago(finding("Recon:EC2/Portscan", 5.0), 30);
        repeated.count = 100;
        let rated = rate_initiation(&repeated, &RiskRules::default(), NOW);
        assert_eq!(rated.level, Level::VeryHigh);
        assert!(rated.rule.contains("Seen 100 times") && rated.rule.contains("G-2 rule 3"));
        repeated.count = 99;
        assert_eq!(
            rate_initiation(&repeated, &RiskRules::default(), NOW).level,
            Level::Moderate
        );
    }

    #[test]
    fn g2_purposes_set_low_moderate_and_high() {
        let rules = RiskRules::default();
        let cases = [
            (
                "Policy:IAMUser/RootCredentialUsage",
                Level::Low,
                "G-2 rule 4",
            ),
            (
                "Recon:EC2/PortProbeUnprotectedPort",
                Level::Moderate,
                "G-2 rule 5",
            ),
            (
                "Discovery:S3/MaliciousIPCaller",
                Level::Moderate,
                "G-2 rule 5",
            ),
            ("PenTest:IAMUser/KaliLinux", Level::Moderate, "G-2 rule 5"),
            ("Trojan:EC2/DropPoint", Level::High, "G-2 rule 6"),
            ("odd type", Level::High, "G-2 rule 6"),
        ];
        for (kind, level, rule) in cases {
            let rated = rate_initiation(&seen_days_ago(finding(kind, 5.0), 30), &rules, NOW);
            assert_eq!(rated.level, level, "{kind}");
            assert!(rated.rule.contains(rule), "{kind}: {}", rated.rule);
        }
    }

    #[test]
    fn g2_recent_activity_raises_and_stale_activity_lowers_one_step() {
        let rules = RiskRules::default();
        let kind = "Trojan:EC2/DropPoint";
        let recent = rate_initiation(&seen_days_ago(finding(kind, 5.0), 7), &rules, NOW);
        assert_eq!(recent.level, Level::VeryHigh);
        assert!(
            recent.rule.ends_with("→ Very High (G-2 rule 7)"),
            "{}",
            recent.rule
        );
        let middle = rate_initiation(&seen_days_ago(finding(kind, 5.0), 8), &rules, NOW);
        assert_eq!(middle.level, Level::High);
        let at_limit = rate_initiation(&seen_days_ago(finding(kind, 5.0), 90), &rules, NOW);
        assert_eq!(at_limit.level, Level::High);
        let stale = rate_initiation(&seen_days_ago(finding(kind, 5.0), 91), &rules, NOW);
        assert_eq!(stale.level, Level::Moderate);
        assert!(stale.rule.contains("91 days") && stale.rule.contains("G-2 rule 8"));
        let future = rate_initiation(&seen_days_ago(finding(kind, 5.0), -3), &rules, NOW);
        assert_eq!(future.level, Level::VeryHigh);
        let timeless = rate_initiation(&finding(kind, 5.0), &rules, NOW);
        assert_eq!(timeless.level, Level::High);
        assert!(!timeless.rule.contains("rule 7") && !timeless.rule.contains("rule 8"));
    }

    #[test]
    fn g2_recency_falls_back_to_the_update_time() {
        let mut f = finding("Trojan:EC2/DropPoint", 5.0);
        f.updated_at = Some(EpochMillis(NOW.0 - DAY_MS));
        assert_eq!(
            rate_initiation(&f, &RiskRules::default(), NOW).level,
            Level::VeryHigh
        );
    }

    #[test]
    fn g4_follows_the_severity_band() {
        let cases = [
            (2.0, Level::Low),
            (5.0, Level::Moderate),
            (8.0, Level::High),
            (9.5, Level::VeryHigh),
        ];
        for (score, level) in cases {
            let rated = rate_adverse_impact(&finding("Recon:EC2/Portscan", score));
            assert_eq!(rated.level, level, "score {score}");
            assert!(rated.rule.contains("G-4 rule 1"));
        }
    }

    #[test]
    fn g4_blocked_lowers_and_actor_raises_one_step() {
        let mut blocked = finding("Trojan:EC2/BlackholeTraffic", 8.0);
        blocked.blocked = Some(true);
        let rated = rate_adverse_impact(&blocked);
        assert_eq!(rated.level, Level::Moderate);
        assert!(rated.rule.contains("blocked → Moderate (G-4 rule 2)"));
        let mut actor = finding("Recon:EC2/Portscan", 5.0);
        actor.resource_role = Some(ResourceRole::Actor);
        let rated = rate_adverse_impact(&actor);
        assert_eq!(rated.level, Level::High);
        assert!(rated.rule.contains("G-4 rule 3"));
        let mut not_blocked = finding("Trojan:EC2/BlackholeTraffic", 8.0);
        not_blocked.blocked = Some(false);
        assert_eq!(rate_adverse_impact(&not_blocked).level, Level::High);
    }

    #[test]
    fn h3_defaults_rate_assets_and_name_the_rule() {
        let rules = RiskRules::default();
        let cases = [
            (
                tagged(finding("x", 5.0), "Data-Classification", "Restricted"),
                Level::VeryHigh,
                "H-3 rule 1",
            ),
            (
                tagged(finding("x", 5.0), "env", "production"),
                Level::High,
                "H-3 rule 3",
            ),
            (
                tagged(finding("x", 5.0), "Environment", "PROD"),
                Level::High,
                "H-3 rule 4",
            ),
            (
                tagged(finding("x", 5.0), "env", "staging"),
                Level::Moderate,
                "H-3 fallback",
            ),
            (finding("x", 5.0), Level::Moderate, "H-3 fallback"),
        ];
        for (f, level, rule) in cases {
            let rated = rate_impact(&f, &rules);
            assert_eq!(rated.level, level, "{:?}", f.tags);
            assert!(rated.rule.contains(rule), "{}", rated.rule);
        }
        let mut bucket = finding("Exfiltration:S3/AnomalousBehavior", 8.0);
        bucket.resource_type = Some("S3Bucket".into());
        let rated = rate_impact(&bucket, &rules);
        assert_eq!(rated.level, Level::Moderate);
        assert!(rated.rule.contains("H-3 rule 7"), "{}", rated.rule);
        let mut database = finding(
            "CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin",
            8.0,
        );
        database.resource_type = Some("RDSDBInstance".into());
        assert_eq!(rate_impact(&database, &rules).level, Level::High);
    }

    #[test]
    fn h3_root_access_keys_and_production_names_are_matched_in_resources() {
        let rules = RiskRules::default();
        let mut root = finding("Policy:IAMUser/RootCredentialUsage", 2.0);
        root.resources.push(Resource {
            kind: ResourceKind::AccessKey,
            id: "ASIAEXAMPLE".into(),
            display_name: Some("Root".into()),
            attributes: vec![("User type".into(), "Root".into())],
        });
        let rated = rate_impact(&root, &rules);
        assert_eq!(rated.level, Level::VeryHigh);
        assert_eq!(
            rated.rule,
            "access key ASIAEXAMPLE of user type Root matches access key of user type Root → Very High (H-3 rule 2: the account's root user)"
        );
        let mut named = finding("Recon:EC2/Portscan", 5.0);
        named.resources.push(Resource {
            kind: ResourceKind::Instance,
            id: "i-0abc".into(),
            display_name: Some("web-prod-1".into()),
            attributes: vec![],
        });
        let rated = rate_impact(&named, &rules);
        assert_eq!(rated.level, Level::High);
        assert!(rated.rule.contains("web-prod-1") && rated.rule.contains("H-3 rule 6"));
    }

    #[test]
    fn h3_the_highest_matching_rule_wins_whatever_the_order() {
        let mut rules = RiskRules::default();
        rules.impact_rules.reverse();
        let mut f = tagged(finding("x", 5.0), "data-classification", "confidential");
        f.resource_type = Some("S3Bucket".into());
        assert_eq!(rate_impact(&f, &rules).level, Level::VeryHigh);
        rules.impact_rules.clear();
        rules.impact_fallback = Level::Low;
        let rated = rate_impact(&f, &rules);
        assert_eq!(rated.level, Level::Low);
        assert!(rated.rule.contains("fallback"));
    }

    #[test]
    fn assessment_combines_inputs_through_g5_and_i2() {
        let mut f = seen_days_ago(finding("AttackSequence:S3/CompromisedData", 9.5), 2);
        f.tags.push(Tag {
            key: "env".into(),
            value: "prod".into(),
        });
        f.attack_sequence = Some(AttackSequence::default());
        let a = assess(&f, &RiskRules::default(), NOW);
        assert_eq!(a.initiation.level, Level::VeryHigh);
        assert_eq!(a.adverse_impact.level, Level::VeryHigh);
        assert_eq!(a.likelihood, Level::VeryHigh);
        assert_eq!(a.impact.level, Level::High);
        assert_eq!(a.risk, Level::High);
        let low = seen_days_ago(
            finding("Policy:S3/BucketBlockPublicAccessDisabled", 2.0),
            200,
        );
        let a = assess(&low, &RiskRules::default(), NOW);
        assert_eq!(
            (a.initiation.level, a.adverse_impact.level, a.likelihood),
            (Level::VeryLow, Level::Low, Level::VeryLow)
        );
        assert_eq!(a.risk, Level::VeryLow);
    }

    #[test]
    fn extreme_times_and_counts_never_panic() {
        let mut f = finding("Recon:EC2/Portscan", f64::NAN);
        f.last_seen_at = Some(EpochMillis(i64::MIN));
        f.count = u64::MAX;
        let a = assess(&f, &RiskRules::default(), EpochMillis(i64::MAX));
        assert_eq!(a.initiation.level, Level::High);
        f.last_seen_at = Some(EpochMillis(i64::MAX));
        let a = assess(&f, &RiskRules::default(), EpochMillis(i64::MIN));
        assert_eq!(a.initiation.level, Level::VeryHigh);
    }
}
