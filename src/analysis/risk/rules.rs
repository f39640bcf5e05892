//! The editable inputs of the risk method: G-2 thresholds and purpose lists, and the H-3
//! asset-criticality rules, with documented defaults and a JSON form for local storage.
//!
//! Default H-3 rules (the highest matching level wins; among equal levels the first listed
//! names the rule; no match gives the fallback, Moderate):
//!
//! | # | matcher | level | why |
//! |---|---|---|---|
//! | 1 | tag `data-classification` = `confidential` or `restricted` | Very High | sensitive data |
//! | 2 | access key of user type `Root` | Very High | the account's root user |
//! | 3 | tag `env` = `prod` or `production` | High | production workload |
//! | 4 | tag `environment` = `prod` or `production` | High | production workload |
//! | 5 | resource type `RDSDBInstance` | High | databases hold business data |
//! | 6 | resource name matches `*prod*` | High | named as production |
//! | 7 | resource type `S3Bucket` | Moderate | storage of unknown sensitivity |
//! | 8 | resource type `RecoveryPoint` | High | backups are how the business recovers: malware in one is restored with it |
//! | 9 | resource type `EC2Image` | High | every instance launched from the image inherits its files |
//! | 10 | resource type `EBSSnapshot` | High | volumes restored from the snapshot carry its files |
//! | 11 | resource name matches `arn:aws:bedrock:*` | High | Bedrock guardrails and models: calls are billed per use and can reach company data |
//!
//! Rules 8–11 cover the 2024–2026 families (Malware Protection for AWS Backup, AI protection).
//! AI protection's model-abuse findings name an access key (`resourceType` `AccessKey`) and
//! the models by id (`anthropic.claude-…`, not an ARN), so rule 11 reaches them only through a
//! Bedrock ARN (the guardrail, a custom model); the matcher has no "resource kind" to name the
//! models themselves. Attack sequences need no impact rule: G-2 rule 1 rates their initiation
//! Very High, and their resources meet the rules above like any finding's.

use serde::{Deserialize, Serialize};

use crate::model::{Finding, Tag};

use super::nist::Level;

/// The rules-format version this build reads and writes.
pub const RULES_VERSION: u32 = 1;

/// Thresholds and purpose lists for Table G-2 (likelihood of initiation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiationRules {
    /// A finding GuardDuty saw at least this many times (`service.count`) is Very High:
    /// repeated activity shows a persistent adversary.
    pub repeated_count_at_least: u64,
    /// Activity last seen at most this many days before the assessment time raises the level
    /// one step: the adversary is active now.
    pub recent_within_days: u32,
    /// Activity last seen more than this many days before the assessment time lowers the level
    /// one step: the adversary may have moved on.
    pub stale_after_days: u32,
    /// Threat purposes that are probing rather than attack (Moderate), compared ignoring case.
    pub moderate_purposes: Vec<String>,
    /// Threat purposes that describe configuration rather than adversary action (Low).
    pub low_purposes: Vec<String>,
}

impl Default for InitiationRules {
    fn default() -> Self {
        Self {
            repeated_count_at_least: 100,
            recent_within_days: 7,
            stale_after_days: 90,
            moderate_purposes: vec!["Recon".into(), "Discovery".into(), "PenTest".into()],
            low_purposes: vec!["Policy".into()],
        }
    }
}

/// What part of a finding an impact rule looks at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matcher {
    /// A resource tag whose key equals `key` and whose value equals `value` (both ignoring
    /// case). `value` may list alternatives separated by `|`, e.g. `prod|production`.
    TagEquals { key: String, value: String },
    /// The finding's account id, exactly.
    Account(String),
    /// GuardDuty's `resource.resourceType` (`S3Bucket`, `RDSDBInstance` …), ignoring case.
    ResourceType(String),
    /// An access key whose IAM user type (`Root`, `IAMUser`, `AssumedRole` …) equals this,
    /// ignoring case.
    UserType(String),
    /// A glob (`*` matches any run of characters) over each resource's id and display name,
    /// ignoring case.
    NamePattern(String),
}

impl Matcher {
    /// Whether the matcher matches `finding` (no text built).
    pub fn matches(&self, finding: &Finding) -> bool {
        self.matched(finding).is_some()
    }

    /// What in `finding` matched, as text for the rule sentence, or `None` when nothing did.
    pub fn matched_data(&self, finding: &Finding) -> Option<String> {
        Some(match self.matched(finding)? {
            Matched::Tag(tag) => format!("tag {}={}", tag.key, tag.value),
            Matched::Account(id) => format!("account {id}"),
            Matched::ResourceType(t) => format!("resource type {t}"),
            Matched::UserType { key_id, value } => {
                format!("access key {key_id} of user type {value}")
            }
            Matched::Name(name) => format!("resource name {name}"),
        })
    }

    /// The part of `finding` that matched, borrowed.
    fn matched<'f>(&self, finding: &'f Finding) -> Option<Matched<'f>> {
        match self {
            Self::TagEquals { key, value } => finding
                .tags
                .iter()
                .find(|tag| {
                    tag.key.trim().eq_ignore_ascii_case(key.trim())
                        && value
                            .split('|')
                            .any(|v| tag.value.trim().eq_ignore_ascii_case(v.trim()))
                })
                .map(Matched::Tag),
            Self::Account(account) => finding
                .account_id
                .as_deref()
                .filter(|id| id.trim() == account.trim())
                .map(Matched::Account),
            Self::ResourceType(kind) => finding
                .resource_type
                .as_deref()
                .filter(|t| t.trim().eq_ignore_ascii_case(kind.trim()))
                .map(Matched::ResourceType),
            Self::UserType(user_type) => finding
                .resources
                .iter()
                .filter(|r| r.kind == crate::model::ResourceKind::AccessKey)
                .flat_map(|r| r.attributes.iter().map(move |a| (r, a)))
                .find(|(_, (name, value))| {
                    &**name == "User type" && value.trim().eq_ignore_ascii_case(user_type.trim())
                })
                .map(|(r, (_, value))| Matched::UserType {
                    key_id: &r.id,
                    value,
                }),
            Self::NamePattern(pattern) => finding
                .resources
                .iter()
                .flat_map(|r| std::iter::once(&r.id).chain(r.display_name.as_ref()))
                .find(|name| glob_matches(pattern, name))
                .map(|name| Matched::Name(name)),
        }
    }

    /// The matcher as a short phrase for the Method panel.
    pub fn describe(&self) -> String {
        match self {
            Self::TagEquals { key, value } => {
                format!(
                    "tag {key} = {}",
                    value.split('|').collect::<Vec<_>>().join(" or ")
                )
            }
            Self::Account(account) => format!("account {account}"),
            Self::ResourceType(kind) => format!("resource type {kind}"),
            Self::UserType(user_type) => format!("access key of user type {user_type}"),
            Self::NamePattern(pattern) => format!("resource name matches {pattern}"),
        }
    }
}

/// What a [`Matcher`] found in a finding.
enum Matched<'f> {
    Tag(&'f Tag),
    Account(&'f str),
    ResourceType(&'f str),
    UserType { key_id: &'f str, value: &'f str },
    Name(&'f str),
}

/// One asset-criticality rule for Table H-3.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactRule {
    pub matcher: Matcher,
    pub level: Level,
    /// Why this asset matters, in the user's words (shown next to the rule).
    #[serde(default)]
    pub note: String,
}

/// Every editable input of the risk method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRules {
    /// The format version; [`RiskRules::from_json`] accepts only [`RULES_VERSION`].
    pub version: u32,
    pub initiation: InitiationRules,
    /// Matched against every finding; the highest matching level wins (ties go to the rule
    /// listed first), so the order of the list never hides a more critical asset.
    pub impact_rules: Vec<ImpactRule>,
    /// The impact of a finding no rule matches.
    pub impact_fallback: Level,
}

impl Default for RiskRules {
    fn default() -> Self {
        let rule = |matcher: Matcher, level: Level, note: &str| ImpactRule {
            matcher,
            level,
            note: note.to_owned(),
        };
        let tag = |key: &str, value: &str| Matcher::TagEquals {
            key: key.to_owned(),
            value: value.to_owned(),
        };
        Self {
            version: RULES_VERSION,
            initiation: InitiationRules::default(),
            impact_rules: vec![
                rule(
                    tag("data-classification", "confidential|restricted"),
                    Level::VeryHigh,
                    "sensitive data",
                ),
                rule(
                    Matcher::UserType("Root".into()),
                    Level::VeryHigh,
                    "the account's root user",
                ),
                rule(
                    tag("env", "prod|production"),
                    Level::High,
                    "production workload",
                ),
                rule(
                    tag("environment", "prod|production"),
                    Level::High,
                    "production workload",
                ),
                rule(
                    Matcher::ResourceType("RDSDBInstance".into()),
                    Level::High,
                    "databases hold business data",
                ),
                rule(
                    Matcher::NamePattern("*prod*".into()),
                    Level::High,
                    "named as production",
                ),
                rule(
                    Matcher::ResourceType("S3Bucket".into()),
                    Level::Moderate,
                    "storage of unknown sensitivity",
                ),
                rule(
                    Matcher::ResourceType("RecoveryPoint".into()),
                    Level::High,
                    "backups are how the business recovers: malware in one is restored with it",
                ),
                rule(
                    Matcher::ResourceType("EC2Image".into()),
                    Level::High,
                    "every instance launched from the image inherits its files",
                ),
                rule(
                    Matcher::ResourceType("EBSSnapshot".into()),
                    Level::High,
                    "volumes restored from the snapshot carry its files",
                ),
                rule(
                    Matcher::NamePattern("arn:aws:bedrock:*".into()),
                    Level::High,
                    "Bedrock guardrails and models: calls are billed per use and can reach company data",
                ),
            ],
            impact_fallback: Level::Moderate,
        }
    }
}

/// Why a rules document could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    pub message: String,
}

impl std::fmt::Display for RulesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RulesError {}

impl RiskRules {
    /// The rules as pretty JSON (what the UI keeps in local storage and offers for download).
    pub fn to_json(&self) -> String {
        // Serialising plain strings, numbers and enums cannot fail; an empty object keeps the
        // function total anyway.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Reads rules written by [`Self::to_json`] (or by hand). Bad JSON, unknown fields,
    /// unknown levels and other versions give an error naming the line and column.
    pub fn from_json(text: &str) -> Result<Self, RulesError> {
        let rules: Self = serde_json::from_str(text).map_err(|error| RulesError {
            message: format!("The risk rules are not valid: {error}"),
        })?;
        if rules.version != RULES_VERSION {
            return Err(RulesError {
                message: format!(
                    "The risk rules have version {}, but this version of guardview reads version {RULES_VERSION}",
                    rules.version
                ),
            });
        }
        Ok(rules)
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters (including none)
/// and every other character matches itself ignoring ASCII case.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        // ASCII (nearly every type, name and pattern): bytes are characters, no allocation.
        return glob_match_units(pattern.as_bytes(), text.as_bytes(), u8::to_ascii_lowercase);
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    glob_match_units(&pattern, &text, char::to_ascii_lowercase)
}

/// The matcher behind [`glob_matches`], over bytes or characters, comparing `fold`ed units.
fn glob_match_units<T: Copy + PartialEq + From<u8>>(
    pattern: &[T],
    text: &[T],
    fold: impl Fn(&T) -> T,
) -> bool {
    let star = T::from(b'*');
    // Greedy matching with one backtrack point (the last `*`): linear in practice and never
    // exponential, so a hostile pattern or resource name cannot stall the page.
    let (mut p, mut t) = (0usize, 0usize);
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(&c) if c == star => {
                backtrack = Some((p, t));
                p += 1;
            }
            Some(c) if fold(c) == fold(&text[t]) => {
                p += 1;
                t += 1;
            }
            _ => match backtrack {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    backtrack = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p.min(pattern.len())..].iter().all(|&c| c == star)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_round_trip_through_json() {
        let rules = RiskRules::default();
        let text = rules.to_json();
        assert!(text.contains("\"very-high\""));
        assert!(text.contains("\"tag_equals\""));
        assert_eq!(RiskRules::from_json(&text), Ok(rules));
    }

    #[test]
    fn bad_json_is_a_clear_error_with_a_position() {
        let error = RiskRules::from_json("{\"version\": 1,").err();
        let message = error.map(|e| e.message).unwrap_or_default();
        assert!(
            message.starts_with("The risk rules are not valid"),
            "{message}"
        );
        assert!(message.contains("line 1"), "{message}");
    }

    #[test]
    fn unknown_levels_fields_and_versions_are_errors() {
        let good = RiskRules::default().to_json();
        let bad_level = good.replacen("\"very-high\"", "\"extreme\"", 1);
        assert!(RiskRules::from_json(&bad_level).is_err());
        let bad_field = good.replacen("\"version\"", "\"versoin\"", 1);
        assert!(RiskRules::from_json(&bad_field).is_err());
        let other_version = good.replacen("\"version\": 1", "\"version\": 2", 1);
        let message = RiskRules::from_json(&other_version)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("version 2"), "{message}");
        assert!(RiskRules::from_json("").is_err());
        assert!(RiskRules::from_json("[]").is_err());
    }

    #[test]
    fn hand_written_rules_use_readable_matchers() {
        let text = r#"{
            "version": 1,
            "initiation": {"repeated_count_at_least": 10, "recent_within_days": 1,
                           "stale_after_days": 30, "moderate_purposes": ["Recon"],
                           "low_purposes": []},
            "impact_rules": [
                {"matcher": {"account": "111122223333"}, "level": "very-high", "note": "payments"},
                {"matcher": {"name_pattern": "*-dev-*"}, "level": "low"}
            ],
            "impact_fallback": "moderate"
        }"#;
        let rules = RiskRules::from_json(text);
        assert!(rules.is_ok(), "{rules:?}");
        let rules = rules.unwrap_or_default();
        assert_eq!(rules.impact_rules.len(), 2);
        assert_eq!(
            rules.impact_rules[0].matcher,
            Matcher::Account("111122223333".into())
        );
        assert_eq!(rules.impact_rules[1].note, "");
    }

    #[test]
    fn globs_match_any_run_of_characters_ignoring_case() {
        assert!(glob_matches("*prod*", "i-abc-PROD-web"));
        assert!(glob_matches("*prod*", "prod"));
        assert!(glob_matches("web-*", "web-1"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("a*b*c", "aXXbYYc"));
        assert!(!glob_matches("a*b*c", "aXXbYY"));
        assert!(!glob_matches("*prod*", "staging"));
        assert!(!glob_matches("", "x"));
        assert!(glob_matches("", ""));
        assert!(glob_matches("ü*", "ü-eins"));
    }

    /// The matcher as first written (chars collected and lower-cased up front): the reference
    /// the allocation-free byte path must agree with.
    fn reference_glob(pattern: &str, text: &str) -> bool {
        let pattern: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
        let text: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
        let (mut p, mut t) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        while t < text.len() {
            match pattern.get(p) {
                Some('*') => {
                    star = Some((p, t));
                    p += 1;
                }
                Some(&c) if c == text[t] => {
                    p += 1;
                    t += 1;
                }
                _ => match star {
                    Some((star_p, star_t)) => {
                        p = star_p + 1;
                        t = star_t + 1;
                        star = Some((star_p, star_t + 1));
                    }
                    None => return false,
                },
            }
        }
        pattern[p.min(pattern.len())..].iter().all(|&c| c == '*')
    }

    #[test]
    fn globs_agree_with_the_reference_matcher() {
        let patterns = [
            "",
            "*",
            "**",
            "*prod*",
            "web-*",
            "a*b*c",
            "Recon:*",
            "*:EC2/*",
            "*Exfil*ion*",
            "ü*",
            "*Ü*",
            "x*y",
            "*.B!DNS",
            "Trojan:EC2/*DNS*",
        ];
        let texts = [
            "",
            "x",
            "prod",
            "i-abc-PROD-web",
            "aXXbYYc",
            "aXXbYY",
            "Recon:EC2/Portscan",
            "Trojan:EC2/DNSDataExfiltration",
            "CryptoCurrency:EC2/BitcoinTool.B!DNS",
            "ü-eins",
            "grÜn-prod",
            "xy",
            "x-ü-y",
            "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        ];
        for pattern in patterns {
            for text in texts {
                assert_eq!(
                    glob_matches(pattern, text),
                    reference_glob(pattern, text),
                    "{pattern:?} against {text:?}"
                );
            }
        }
    }
}
