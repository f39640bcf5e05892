//! Key risk indicators against the board's risk appetite: six numbers, each with an amber and
//! a red threshold the user sets, a status told by word and shape (never colour alone), a trend
//! against the baseline period and, when red, the decision the board is asked for.
//!
//! Higher is worse for every indicator. A threshold is *reached* when the value equals it:
//!
//! | value | status |
//! |---|---|
//! | `≥ red` | [`AppetiteStatus::Red`] (over appetite) |
//! | `≥ amber` and `< red` | [`AppetiteStatus::Amber`] (at the limit) |
//! | `< amber` | [`AppetiteStatus::Within`] |
//! | not measurable (a percentage of no findings) | [`AppetiteStatus::NoData`] |
//!
//! | id | value | source |
//! |---|---|---|
//! | `critical_high_open` | active findings of severity ≥ 7.0 | `briefing::indicators` (`critical_high_active`) |
//! | `past_sla_percent` | active dated findings past their SLA, % | [`super::ageing`] |
//! | `attack_sequences` | active `AttackSequence:*` findings | here |
//! | `accounts_high_plus` | distinct accounts with an active High or Critical finding | here |
//! | `credential_open` | active credential-related findings | `briefing::indicators` (`credential_active`) |
//! | `high_risk_open` | active findings at NIST level of risk High or Very High (the risk matrix) | `briefing::indicators` (`high_risk_active`) |
//!
//! The current selection is assessed at `now`; the baseline (the previous period) at its own
//! latest activity, never later than `now`, as the briefing does.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::{EpochMillis, Finding, SeverityBand};

use super::ageing::{ageing, selected_once, SettingsError, SlaSettings};
use super::briefing::{
    count_text, selection_measures, Direction, Measures, SelectedFindings, Verdict,
};
use super::risk::{latest_activity, RiskRules};

/// The format version of [`AppetiteSettings`] JSON.
pub const APPETITE_VERSION: u32 = 1;

/// The local-storage key the UI keeps [`AppetiteSettings`] under.
pub const APPETITE_STORAGE_KEY: &str = "guardview.appetite.v1";

/// The indicators, in the order the board sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KriId {
    CriticalHighOpen,
    PastSlaPercent,
    AttackSequences,
    AccountsHighPlus,
    CredentialOpen,
    HighRiskOpen,
}

impl KriId {
    pub const ALL: [KriId; 6] = [
        Self::CriticalHighOpen,
        Self::PastSlaPercent,
        Self::AttackSequences,
        Self::AccountsHighPlus,
        Self::CredentialOpen,
        Self::HighRiskOpen,
    ];

    /// A stable id for the UI, test ids and the settings JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Self::CriticalHighOpen => "critical_high_open",
            Self::PastSlaPercent => "past_sla_percent",
            Self::AttackSequences => "attack_sequences",
            Self::AccountsHighPlus => "accounts_high_plus",
            Self::CredentialOpen => "credential_open",
            Self::HighRiskOpen => "high_risk_open",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::CriticalHighOpen => "Critical and High findings open",
            Self::PastSlaPercent => "Active findings past their SLA",
            Self::AttackSequences => "Attack sequences open",
            Self::AccountsHighPlus => "Accounts with High or Critical findings",
            Self::CredentialOpen => "Credential findings open",
            Self::HighRiskOpen => "Findings at High or Very High risk",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            Self::CriticalHighOpen => "Active (not archived) findings whose GuardDuty severity is 7.0 or more.",
            Self::PastSlaPercent => "Active findings older (from first seen) than the SLA of their severity band, as a share of active findings with a date.",
            Self::AttackSequences => "Active GuardDuty Extended Threat Detection findings (AttackSequence types): several signals linked into one likely attack.",
            Self::AccountsHighPlus => "Distinct AWS accounts named by at least one active High or Critical finding.",
            Self::CredentialOpen => "Active findings about stealing or misusing credentials (Credential Access, UnauthorizedAccess:IAMUser, instance-credential exfiltration, credential attack sequences).",
            Self::HighRiskOpen => "Active findings whose NIST SP 800-30 level of risk, under the current risk rules, is High or Very High (the risk matrix's top cells).",
        }
    }

    pub fn format(self) -> KriFormat {
        match self {
            Self::PastSlaPercent => KriFormat::Percent,
            _ => KriFormat::Count,
        }
    }
}

/// How an indicator's value prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KriFormat {
    Count,
    Percent,
}

impl KriFormat {
    /// `1,234` for counts, `12.5%` for percentages, `—` for no value.
    pub fn format(self, value: Option<f64>) -> String {
        match (self, value) {
            (_, None) => "—".to_owned(),
            (_, Some(v)) if !v.is_finite() => "—".to_owned(),
            (Self::Count, Some(v)) => count_text(v.max(0.0).round() as u64),
            (Self::Percent, Some(v)) => {
                let rounded = (v * 10.0).round() / 10.0;
                if rounded.fract() == 0.0 {
                    format!("{rounded:.0}%")
                } else {
                    format!("{rounded:.1}%")
                }
            }
        }
    }
}

/// One indicator's appetite: the value at which it turns amber, and red.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appetite {
    pub amber: f64,
    pub red: f64,
}

impl Appetite {
    pub fn status(&self, value: Option<f64>) -> AppetiteStatus {
        match value {
            Some(v) if v.is_finite() && v >= self.red => AppetiteStatus::Red,
            Some(v) if v.is_finite() && v >= self.amber => AppetiteStatus::Amber,
            Some(v) if v.is_finite() => AppetiteStatus::Within,
            _ => AppetiteStatus::NoData,
        }
    }
}

/// The user's appetite per indicator (kept in local storage, importable and exportable).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppetiteSettings {
    /// The format version; [`AppetiteSettings::from_json`] accepts only [`APPETITE_VERSION`].
    pub version: u32,
    pub critical_high_open: Appetite,
    pub past_sla_percent: Appetite,
    pub attack_sequences: Appetite,
    pub accounts_high_plus: Appetite,
    pub credential_open: Appetite,
    pub high_risk_open: Appetite,
}

impl Default for AppetiteSettings {
    /// Starting points for a board to change: any serious finding is worth a look (amber at
    /// 1), a handful is over appetite; any attack sequence is red; a quarter of findings past
    /// SLA is red.
    fn default() -> Self {
        let at = |amber, red| Appetite { amber, red };
        Self {
            version: APPETITE_VERSION,
            critical_high_open: at(1.0, 10.0),
            past_sla_percent: at(10.0, 25.0),
            attack_sequences: at(1.0, 1.0),
            accounts_high_plus: at(1.0, 3.0),
            credential_open: at(1.0, 5.0),
            high_risk_open: at(1.0, 5.0),
        }
    }
}

impl AppetiteSettings {
    pub fn get(&self, id: KriId) -> Appetite {
        match id {
            KriId::CriticalHighOpen => self.critical_high_open,
            KriId::PastSlaPercent => self.past_sla_percent,
            KriId::AttackSequences => self.attack_sequences,
            KriId::AccountsHighPlus => self.accounts_high_plus,
            KriId::CredentialOpen => self.credential_open,
            KriId::HighRiskOpen => self.high_risk_open,
        }
    }

    pub fn set(&mut self, id: KriId, appetite: Appetite) {
        let slot = match id {
            KriId::CriticalHighOpen => &mut self.critical_high_open,
            KriId::PastSlaPercent => &mut self.past_sla_percent,
            KriId::AttackSequences => &mut self.attack_sequences,
            KriId::AccountsHighPlus => &mut self.accounts_high_plus,
            KriId::CredentialOpen => &mut self.credential_open,
            KriId::HighRiskOpen => &mut self.high_risk_open,
        };
        *slot = appetite;
    }

    /// Thresholds are finite, not negative, amber never above red, percentages at most 100.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.version != APPETITE_VERSION {
            return Err(SettingsError::new(format!(
                "The appetite settings have version {}, but this version of guardview reads version {APPETITE_VERSION}",
                self.version
            )));
        }
        for id in KriId::ALL {
            let Appetite { amber, red } = self.get(id);
            let label = id.label();
            if !amber.is_finite() || !red.is_finite() || amber < 0.0 || red < 0.0 {
                return Err(SettingsError::new(format!(
                    "{label}: thresholds must be numbers of 0 or more"
                )));
            }
            if amber > red {
                return Err(SettingsError::new(format!(
                    "{label}: the amber threshold ({amber}) is above the red one ({red})"
                )));
            }
            if id.format() == KriFormat::Percent && red > 100.0 {
                return Err(SettingsError::new(format!(
                    "{label}: a percentage threshold must be at most 100"
                )));
            }
        }
        Ok(())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Reads and validates settings written by [`Self::to_json`] (or by hand).
    pub fn from_json(text: &str) -> Result<Self, SettingsError> {
        let settings: Self = serde_json::from_str(text).map_err(|error| {
            SettingsError::new(format!("The appetite settings are not valid: {error}"))
        })?;
        settings.validate()?;
        Ok(settings)
    }
}

/// Where an indicator stands against its appetite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AppetiteStatus {
    NoData,
    Within,
    Amber,
    Red,
}

impl AppetiteStatus {
    /// The word shown with the status (never colour alone).
    pub fn word(self) -> &'static str {
        match self {
            Self::NoData => "No data",
            Self::Within => "Within appetite",
            Self::Amber => "At the limit",
            Self::Red => "Over appetite",
        }
    }

    /// The shape the UI draws for the status: `circle`, `triangle`, `square`, `dash`.
    pub fn shape(self) -> &'static str {
        match self {
            Self::NoData => "dash",
            Self::Within => "circle",
            Self::Amber => "triangle",
            Self::Red => "square",
        }
    }

    /// The shape as one text character, for office files and plain text.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::NoData => "–",
            Self::Within => "●",
            Self::Amber => "▲",
            Self::Red => "■",
        }
    }

    /// A lower-case token for CSS classes and test ids.
    pub fn slug(self) -> &'static str {
        match self {
            Self::NoData => "no-data",
            Self::Within => "within",
            Self::Amber => "amber",
            Self::Red => "red",
        }
    }
}

/// The change against the baseline period (higher is worse).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trend {
    pub baseline: f64,
    /// `value − baseline`, rounded to one decimal.
    pub delta: f64,
    pub direction: Direction,
    pub verdict: Verdict,
}

impl Trend {
    fn between(value: f64, baseline: f64) -> Self {
        let delta = ((value - baseline) * 10.0).round() / 10.0;
        let (direction, verdict) = if delta > 0.0 {
            (Direction::Up, Verdict::Worse)
        } else if delta < 0.0 {
            (Direction::Down, Verdict::Better)
        } else {
            (Direction::Unchanged, Verdict::Unchanged)
        };
        Self {
            baseline,
            delta,
            direction,
            verdict,
        }
    }
}

/// One key risk indicator against appetite.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyRiskIndicator {
    pub id: KriId,
    pub value: Option<f64>,
    pub appetite: Appetite,
    pub status: AppetiteStatus,
    /// Present when a baseline was given and the value is measurable in both periods.
    pub trend: Option<Trend>,
    /// One line naming the decision the board is asked for; only when red.
    pub decision: Option<String>,
}

impl KeyRiskIndicator {
    pub fn label(&self) -> &'static str {
        self.id.label()
    }

    /// The value as printed (`1,234`, `12.5%`, `—`).
    pub fn value_text(&self) -> String {
        self.id.format().format(self.value)
    }

    /// `amber 1 · red 10` (`amber 10% · red 25%` for percentages).
    pub fn appetite_text(&self) -> String {
        let format = self.id.format();
        format!(
            "amber {} · red {}",
            format.format(Some(self.appetite.amber)),
            format.format(Some(self.appetite.red))
        )
    }

    /// `up 3 from 2`, `down 1.5% from 12%`, `unchanged`; empty without a trend.
    pub fn trend_text(&self) -> String {
        let Some(trend) = self.trend else {
            return String::new();
        };
        let format = self.id.format();
        let from = format.format(Some(trend.baseline));
        let by = format.format(Some(trend.delta.abs()));
        match trend.direction {
            Direction::Up => format!("up {by} from {from}"),
            Direction::Down => format!("down {by} from {from}"),
            Direction::Unchanged => format!("unchanged at {from}"),
        }
    }
}

/// The key risk indicators' values of one selection, by [`KriId`] order.
pub type KriValues = [Option<f64>; 6];

/// The values from what was measured of the selection: the briefing's measures, the active
/// attack sequences, the accounts with an active High or Critical finding, and the share of
/// active dated findings past their SLA.
pub fn kri_values(
    measures: &Measures,
    attack_sequences: u64,
    accounts_high_plus: u64,
    past_sla_percent: Option<f64>,
) -> KriValues {
    [
        Some(measures.critical_high_active as f64),
        past_sla_percent,
        Some(attack_sequences as f64),
        Some(accounts_high_plus as f64),
        Some(measures.credential_active as f64),
        Some(measures.high_risk_active as f64),
    ]
}

/// The measured values of one selection, by [`KriId`] order.
fn measure(
    selection: SelectedFindings<'_>,
    rules: &RiskRules,
    sla: &SlaSettings,
    now: EpochMillis,
) -> KriValues {
    let measures = selection_measures(selection, rules, now);
    let findings = selection.findings;
    let mut attack_sequences = 0u64;
    let mut accounts: BTreeSet<&str> = BTreeSet::new();
    for (_, finding) in selected_once(findings, selection.selected) {
        if finding.archived {
            continue;
        }
        attack_sequences += u64::from(is_attack_sequence(finding));
        if finding.severity >= SeverityBand::High {
            if let Some(account) = finding.account_id.as_deref().map(str::trim) {
                if !account.is_empty() {
                    accounts.insert(account);
                }
            }
        }
    }
    let ages = ageing(findings, selection.selected, sla, now, true);
    kri_values(
        &measures,
        attack_sequences,
        accounts.len() as u64,
        ages.past_sla_percent(),
    )
}

/// An Extended Threat Detection finding (`AttackSequence:*`).
pub fn is_attack_sequence(finding: &Finding) -> bool {
    finding
        .finding_type
        .threat_purpose
        .eq_ignore_ascii_case("AttackSequence")
}

/// The key risk indicators of the current selection against `appetite`, with trends against
/// the baseline when one is given. `now` is the assessment time of the current selection.
pub fn key_risk_indicators(
    current: SelectedFindings<'_>,
    baseline: Option<SelectedFindings<'_>>,
    rules: &RiskRules,
    sla: &SlaSettings,
    appetite: &AppetiteSettings,
    now: EpochMillis,
) -> Vec<KeyRiskIndicator> {
    let values = measure(current, rules, sla, now);
    let before = baseline.map(|b| baseline_kri_values(b, rules, sla, now));
    key_risk_indicators_of(&values, before.as_ref(), appetite)
}

/// The baseline's values, assessed at its own latest activity (never later than `now`, the
/// current selection's assessment time).
pub fn baseline_kri_values(
    baseline: SelectedFindings<'_>,
    rules: &RiskRules,
    sla: &SlaSettings,
    now: EpochMillis,
) -> KriValues {
    let at = latest_activity(baseline.findings, baseline.selected).map_or(now, |t| t.min(now));
    // A fresh selection: risk cells the caller assessed at another time must not be reused.
    measure(
        SelectedFindings::new(baseline.findings, baseline.selected),
        rules,
        sla,
        at,
    )
}

/// [`key_risk_indicators`] from the measured values (the baseline's when one is given).
pub fn key_risk_indicators_of(
    values: &KriValues,
    before: Option<&KriValues>,
    appetite: &AppetiteSettings,
) -> Vec<KeyRiskIndicator> {
    KriId::ALL
        .iter()
        .enumerate()
        .map(|(position, &id)| {
            let value = values[position];
            let limits = appetite.get(id);
            let status = limits.status(value);
            let trend = match (value, before.and_then(|b| b[position])) {
                (Some(v), Some(b)) => Some(Trend::between(v, b)),
                _ => None,
            };
            KeyRiskIndicator {
                id,
                value,
                appetite: limits,
                status,
                trend,
                decision: (status == AppetiteStatus::Red).then(|| decision(id, value, limits)),
            }
        })
        .collect()
}

/// The one-line decision a red indicator asks the board for.
fn decision(id: KriId, value: Option<f64>, limits: Appetite) -> String {
    let format = id.format();
    let value = format.format(value);
    let red = format.format(Some(limits.red));
    match id {
        KriId::CriticalHighOpen => format!(
            "Decide who clears the {value} Critical and High findings and by when, or accept exposure above the appetite of {red}."
        ),
        KriId::PastSlaPercent => format!(
            "Decide whether to add response capacity or change the SLA: {value} of active findings are past it (appetite {red})."
        ),
        KriId::AttackSequences => format!(
            "Decide whether to open incident response for the {value} attack sequences now."
        ),
        KriId::AccountsHighPlus => format!(
            "Decide which of the {value} accounts with High or Critical findings to isolate or review first."
        ),
        KriId::CredentialOpen => format!(
            "Decide whether to rotate the credentials named by the {value} credential findings now."
        ),
        KriId::HighRiskOpen => format!(
            "Decide how to treat the {value} findings at High or Very High risk: mitigate, transfer or accept."
        ),
    }
}

#[cfg(test)]
mod tests;
