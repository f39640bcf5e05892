//! What a filter would archive among the loaded findings (counts by severity and type, and
//! warnings), the export for `aws guardduty create-filter --action ARCHIVE`, and the JSON
//! `guardview filters` prints.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::criteria::{FilterAction, FindingCriteria, SavedFilter};
use super::evaluate::{Evaluator, UnevaluatedCriterion, Verdict};
use crate::analysis::format::count;
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
                "Would archive up to {} High and {} Critical finding(s); suppressed findings never reach S3, EventBridge, Security Hub or Detective",
                count(*high),
                count(*critical)
            ),
            Self::HidesAttackSequences { findings } => format!(
                "Would archive up to {} attack-sequence finding(s) (Extended Threat Detection)",
                count(*findings)
            ),
            Self::HidesAttackSequenceMembers { findings } => format!(
                "Would archive up to {} finding(s) that belong to an attack sequence",
                count(*findings)
            ),
            Self::Undecided { findings } => format!(
                "{} more finding(s) would be archived if the criteria guardview could not evaluate hold",
                count(*findings)
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
    /// Findings every criterion was evaluated for and held.
    pub matched: u64,
    /// Findings that passed every evaluated criterion while some could not be evaluated.
    pub undecided: u64,
    /// The criteria not evaluated, in criteria order.
    pub unevaluated: Vec<UnevaluatedCriterion>,
    /// Ids of the matched findings, sorted (in the app, only when the query asked for them).
    pub matched_ids: Vec<String>,
    /// Ids of the undecided findings, sorted (likewise).
    pub undecided_ids: Vec<String>,
    /// Matched findings per band, all four bands listed.
    pub by_severity: BTreeMap<String, u64>,
    /// Matched findings per full type.
    pub by_type: BTreeMap<String, u64>,
    /// Warnings count matched and undecided findings ("up to": what the rule could archive).
    pub warnings: Vec<PreviewWarning>,
}

/// The keys a loaded attack sequence names its signals by: each signal uid, trimmed, and its
/// last `/` segment (a finding's id when the uid is its ARN). Sorted, each once.
pub fn signal_keys<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> BTreeSet<String> {
    findings
        .into_iter()
        .filter_map(|f| f.attack_sequence.as_ref())
        .flat_map(|s| s.signal_uids.iter())
        .flat_map(|uid| {
            let uid = uid.trim();
            [uid, uid.rsplit('/').next().unwrap_or(uid)]
        })
        .map(str::to_owned)
        .collect()
}

/// True for a finding that belongs to an attack sequence: it carries
/// `associatedAttackSequenceArn`, or a loaded sequence names it among its signals (by id, ARN,
/// or the ARN's last `/` segment: see [`signal_keys`]).
pub fn is_attack_sequence_member(finding: &Finding, signal_keys: &BTreeSet<String>) -> bool {
    finding.attack_sequence_arn.is_some()
        || signal_keys.contains(&*finding.id)
        || finding
            .arn
            .as_deref()
            .is_some_and(|arn| signal_keys.contains(arn))
}

/// What the criteria would archive among some findings, counted: one shard's rows, or every
/// loaded finding. Tallies of the same criteria over disjoint findings merge in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewTally {
    pub matched: u64,
    pub undecided: u64,
    /// Matched findings per band (`SeverityBand::index`).
    pub matched_by_band: [u64; 4],
    /// Matched findings per full type.
    pub by_type: BTreeMap<String, u64>,
    /// Matched and undecided High, Critical, attack-sequence and sequence-member findings.
    pub high: u64,
    pub critical: u64,
    pub sequences: u64,
    pub members: u64,
    /// `Evaluator::unknown_counts`.
    pub unknown_counts: Vec<u64>,
}

impl PreviewTally {
    /// Counts one judged finding (`member`: [`is_attack_sequence_member`]).
    pub fn count(&mut self, verdict: Verdict, finding: &Finding, member: bool) {
        match verdict {
            Verdict::Fails => return,
            Verdict::Matches => {
                self.matched += 1;
                self.matched_by_band[finding.severity.index()] += 1;
                *self
                    .by_type
                    .entry(finding.finding_type.full.to_string())
                    .or_default() += 1;
            }
            Verdict::Undecided => self.undecided += 1,
        }
        match finding.severity {
            SeverityBand::High => self.high += 1,
            SeverityBand::Critical => self.critical += 1,
            _ => {}
        }
        self.sequences += u64::from(finding.attack_sequence.is_some());
        self.members += u64::from(member);
    }

    pub fn merge(&mut self, other: PreviewTally) {
        self.matched += other.matched;
        self.undecided += other.undecided;
        for (total, count) in self.matched_by_band.iter_mut().zip(other.matched_by_band) {
            *total += count;
        }
        for (kind, count) in other.by_type {
            *self.by_type.entry(kind).or_default() += count;
        }
        self.high += other.high;
        self.critical += other.critical;
        self.sequences += other.sequences;
        self.members += other.members;
        if self.unknown_counts.len() < other.unknown_counts.len() {
            self.unknown_counts.resize(other.unknown_counts.len(), 0);
        }
        for (total, count) in self.unknown_counts.iter_mut().zip(other.unknown_counts) {
            *total += count;
        }
    }

    /// The preview of `criteria` (the criteria tallied), without ids.
    pub fn finish(self, criteria: &FindingCriteria) -> Preview {
        let unevaluated =
            Evaluator::new(criteria).unevaluated(&self.unknown_counts, self.undecided);
        let by_severity = SeverityBand::ALL
            .iter()
            .map(|band| {
                let count = self.matched_by_band[band.index()];
                (band.name().to_owned(), count)
            })
            .collect();
        let mut warnings = Vec::new();
        if criteria.criterion.is_empty() {
            warnings.push(PreviewWarning::EmptyCriteria);
        }
        if self.high + self.critical > 0 {
            warnings.push(PreviewWarning::HidesHighOrCritical {
                high: self.high,
                critical: self.critical,
            });
        }
        if self.sequences > 0 {
            warnings.push(PreviewWarning::HidesAttackSequences {
                findings: self.sequences,
            });
        }
        if self.members > 0 {
            warnings.push(PreviewWarning::HidesAttackSequenceMembers {
                findings: self.members,
            });
        }
        if self.undecided > 0 {
            warnings.push(PreviewWarning::Undecided {
                findings: self.undecided,
            });
        }
        Preview {
            matched: self.matched,
            undecided: self.undecided,
            unevaluated,
            matched_ids: Vec::new(),
            undecided_ids: Vec::new(),
            by_severity,
            by_type: self.by_type,
            warnings,
        }
    }
}

/// Evaluates `criteria` against every loaded finding and summarises what they would archive.
pub fn preview(criteria: &FindingCriteria, findings: &[Finding]) -> Preview {
    preview_with_first(criteria, findings, 0).0
}

/// [`preview`], with the positions of the first `first` matched findings in `findings`.
pub fn preview_with_first(
    criteria: &FindingCriteria,
    findings: &[Finding],
    first: usize,
) -> (Preview, Vec<usize>) {
    let keys = signal_keys(findings);
    let mut evaluator = Evaluator::new(criteria);
    let mut tally = PreviewTally::default();
    let (mut matched_ids, mut undecided_ids) = (Vec::new(), Vec::new());
    let mut firsts = Vec::new();
    for (index, finding) in findings.iter().enumerate() {
        let verdict = evaluator.judge(finding);
        match verdict {
            Verdict::Fails => continue,
            Verdict::Matches => {
                if firsts.len() < first {
                    firsts.push(index);
                }
                matched_ids.push(finding.id.to_string());
            }
            Verdict::Undecided => undecided_ids.push(finding.id.to_string()),
        }
        tally.count(verdict, finding, is_attack_sequence_member(finding, &keys));
    }
    tally.unknown_counts = evaluator.unknown_counts();
    matched_ids.sort_unstable();
    undecided_ids.sort_unstable();
    let preview = Preview {
        matched_ids,
        undecided_ids,
        ..tally.finish(criteria)
    };
    (preview, firsts)
}

impl Preview {
    /// The JSON `guardview filters` prints for one filter.
    pub fn to_json(&self) -> Value {
        let unevaluated: Vec<Value> = self
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
            "matched": self.matched,
            "matched_ids": self.matched_ids,
            "by_severity": self.by_severity,
            "by_type": self.by_type,
            "undecided": self.undecided,
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
