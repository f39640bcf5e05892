//! What a filter would archive among the loaded findings (counts by severity and type, and
//! warnings), the export for `aws guardduty create-filter --action ARCHIVE`, and the JSON
//! `guardview filters` prints.

use std::collections::{BTreeMap, HashSet};

use serde_json::{json, Value};

use super::criteria::{FilterAction, FindingCriteria, SavedFilter};
use super::evaluate::{evaluate, Evaluation};
use crate::model::{Finding, SeverityBand};

/// Something the user should know before creating the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreviewWarning {
    /// No criteria: GuardDuty refuses it, and it would archive everything.
    EmptyCriteria,
    /// The rule would (or, for undecided findings, could) archive High or Critical findings.
    HidesHighOrCritical { high: u64, critical: u64 },
    /// It would archive Extended Threat Detection findings themselves.
    HidesAttackSequences { findings: u64 },
    /// It would archive findings that belong to an attack sequence
    /// (`associatedAttackSequenceArn`, or named among a loaded sequence's signals).
    HidesAttackSequenceMembers { findings: u64 },
    /// Some findings depend on criteria guardview could not evaluate.
    Undecided { findings: u64 },
}

impl PreviewWarning {
    /// One plain sentence for the UI and the CLI.
    pub fn message(&self) -> String {
        match self {
            Self::EmptyCriteria => {
                "The criteria are empty: GuardDuty requires at least one, and an empty rule would archive every finding".into()
            }
            Self::HidesHighOrCritical { high, critical } => format!(
                "Would archive up to {high} High and {critical} Critical finding(s); suppressed findings never reach S3, EventBridge, Security Hub or Detective"
            ),
            Self::HidesAttackSequences { findings } => format!(
                "Would archive up to {findings} attack-sequence finding(s) (Extended Threat Detection)"
            ),
            Self::HidesAttackSequenceMembers { findings } => format!(
                "Would archive up to {findings} finding(s) that belong to an attack sequence"
            ),
            Self::Undecided { findings } => format!(
                "{findings} more finding(s) would be archived if the criteria guardview could not evaluate hold"
            ),
        }
    }

    /// A stable token for tests and styling.
    pub fn slug(&self) -> &'static str {
        match self {
            Self::EmptyCriteria => "empty-criteria",
            Self::HidesHighOrCritical { .. } => "high-or-critical",
            Self::HidesAttackSequences { .. } => "attack-sequences",
            Self::HidesAttackSequenceMembers { .. } => "attack-sequence-members",
            Self::Undecided { .. } => "undecided",
        }
    }
}

/// What the criteria would archive among the loaded findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    pub evaluation: Evaluation,
    /// Ids of the matched findings, sorted.
    pub matched_ids: Vec<String>,
    /// Ids of the undecided findings, sorted.
    pub undecided_ids: Vec<String>,
    /// Matched findings per band, all four bands listed.
    pub by_severity: BTreeMap<String, u64>,
    /// Matched findings per full type.
    pub by_type: BTreeMap<String, u64>,
    /// Warnings count matched and undecided findings ("up to": what the rule could archive).
    pub warnings: Vec<PreviewWarning>,
}

/// True for findings that belong to an attack sequence: they carry
/// `associatedAttackSequenceArn`, or a loaded sequence lists them among its signals (by id,
/// ARN, or the ARN's last `/` segment).
pub fn attack_sequence_members(findings: &[Finding]) -> Vec<bool> {
    let signals: HashSet<&str> = findings
        .iter()
        .filter_map(|f| f.attack_sequence.as_ref())
        .flat_map(|s| s.signal_uids.iter())
        .flat_map(|uid| {
            let uid = uid.trim();
            [uid, uid.rsplit('/').next().unwrap_or(uid)]
        })
        .collect();
    findings
        .iter()
        .map(|f| {
            f.attack_sequence_arn.is_some()
                || signals.contains(&*f.id)
                || f.arn.as_deref().is_some_and(|arn| signals.contains(arn))
        })
        .collect()
}

fn ids(findings: &[Finding], indices: &[u32]) -> Vec<String> {
    let mut ids: Vec<String> = indices
        .iter()
        .filter_map(|&i| findings.get(i as usize))
        .map(|f| f.id.to_string())
        .collect();
    ids.sort_unstable();
    ids
}

/// Evaluates `criteria` and summarises what they would archive.
pub fn preview(criteria: &FindingCriteria, findings: &[Finding]) -> Preview {
    let evaluation = evaluate(criteria, findings);
    let mut by_severity: BTreeMap<String, u64> = SeverityBand::ALL
        .iter()
        .map(|band| (band.name().to_owned(), 0))
        .collect();
    let mut by_type: BTreeMap<String, u64> = BTreeMap::new();
    for finding in evaluation
        .matched
        .iter()
        .filter_map(|&i| findings.get(i as usize))
    {
        *by_severity
            .entry(finding.severity.name().to_owned())
            .or_default() += 1;
        *by_type
            .entry(finding.finding_type.full.to_string())
            .or_default() += 1;
    }
    let members = attack_sequence_members(findings);
    let (mut high, mut critical, mut sequences, mut member_count) = (0, 0, 0, 0);
    for &i in evaluation.matched.iter().chain(&evaluation.undecided) {
        let Some(finding) = findings.get(i as usize) else {
            continue;
        };
        match finding.severity {
            SeverityBand::High => high += 1,
            SeverityBand::Critical => critical += 1,
            _ => {}
        }
        sequences += u64::from(finding.attack_sequence.is_some());
        member_count += u64::from(members.get(i as usize).copied().unwrap_or(false));
    }
    let mut warnings = Vec::new();
    if criteria.criterion.is_empty() {
        warnings.push(PreviewWarning::EmptyCriteria);
    }
    if high + critical > 0 {
        warnings.push(PreviewWarning::HidesHighOrCritical { high, critical });
    }
    if sequences > 0 {
        warnings.push(PreviewWarning::HidesAttackSequences {
            findings: sequences,
        });
    }
    if member_count > 0 {
        warnings.push(PreviewWarning::HidesAttackSequenceMembers {
            findings: member_count,
        });
    }
    if !evaluation.undecided.is_empty() {
        warnings.push(PreviewWarning::Undecided {
            findings: evaluation.undecided.len() as u64,
        });
    }
    Preview {
        matched_ids: ids(findings, &evaluation.matched),
        undecided_ids: ids(findings, &evaluation.undecided),
        evaluation,
        by_severity,
        by_type,
        warnings,
    }
}

impl Preview {
    /// The JSON `guardview filters` prints for one filter.
    pub fn to_json(&self) -> Value {
        let unevaluated: Vec<Value> = self
            .evaluation
            .unevaluated
            .iter()
            .map(|u| {
                json!({
                    "field": u.field,
                    "operator": u.operator,
                    "reason": u.reason,
                    "findings": u.findings,
                })
            })
            .collect();
        json!({
            "matched": self.matched_ids.len(),
            "matched_ids": self.matched_ids,
            "by_severity": self.by_severity,
            "by_type": self.by_type,
            "undecided": self.undecided_ids.len(),
            "undecided_ids": self.undecided_ids,
            "unevaluated_criteria": unevaluated,
            "warnings": self.warnings.iter().map(PreviewWarning::message).collect::<Vec<_>>(),
        })
    }
}

/// The placeholder the exported command and JSON carry for the detector id.
pub const DETECTOR_PLACEHOLDER: &str = "<DETECTOR_ID>";

/// A suppression rule ready to export: criteria with a name, description and rank.
#[derive(Clone, Debug, PartialEq)]
pub struct SuppressionRule {
    /// A valid filter name (see [`filter_name`]).
    pub name: String,
    pub description: Option<String>,
    /// 1–100: where GuardDuty places it among the detector's filters.
    pub rank: i64,
    pub criteria: FindingCriteria,
}

/// A name GuardDuty accepts (3–64 of `A-Z a-z 0-9 . _ -`), made from any text: other
/// characters become `-`; too short a name is padded with `-rule`.
pub fn filter_name(text: &str) -> String {
    let mut name: String = text
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    while name.len() < 3 {
        name.push_str("-rule");
        name.truncate(64);
    }
    name
}

/// Quotes a word for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

impl SuppressionRule {
    /// Rank 1 (applied first), no description; the name is made valid.
    pub fn new(name: &str, criteria: FindingCriteria) -> Self {
        Self {
            name: filter_name(name),
            description: None,
            rank: 1,
            criteria,
        }
    }

    /// The file `--finding-criteria file://criteria.json` reads, pretty-printed.
    pub fn criteria_json(&self) -> String {
        serde_json::to_string_pretty(&self.criteria.to_cli_json()).unwrap_or_default()
    }

    /// The rule as `get-filter` would print it once created (action ARCHIVE).
    pub fn as_saved_filter(&self) -> SavedFilter {
        SavedFilter {
            name: Some(self.name.clone()),
            description: self.description.clone(),
            action: Some(FilterAction::Archive),
            rank: Some(self.rank),
            finding_criteria: self.criteria.clone(),
            other: serde_json::Map::new(),
        }
    }

    /// A `create-filter --cli-input-json` body with the detector id left as a placeholder.
    pub fn cli_input_json(&self) -> String {
        let mut body = self.as_saved_filter().to_cli_json();
        if let Some(object) = body.as_object_mut() {
            object.insert("DetectorId".into(), Value::from(DETECTOR_PLACEHOLDER));
        }
        serde_json::to_string_pretty(&body).unwrap_or_default()
    }

    /// `aws guardduty create-filter --detector-id <DETECTOR_ID> --name … --action ARCHIVE
    /// --rank 1 --finding-criteria file://criteria.json` (with `--description` when set).
    pub fn command_line(&self) -> String {
        let mut command = format!(
            "aws guardduty create-filter --detector-id {DETECTOR_PLACEHOLDER} --name {} --action ARCHIVE --rank {}",
            self.name, self.rank
        );
        if let Some(description) = self.description.as_deref().filter(|d| !d.is_empty()) {
            command.push_str(" --description ");
            command.push_str(&shell_quote(description));
        }
        command.push_str(" --finding-criteria file://criteria.json");
        command
    }
}
