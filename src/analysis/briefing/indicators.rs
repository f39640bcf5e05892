//! The executive indicators: five to eight decision-oriented numbers for the current selection,
//! each with the baseline value, the change and whether lower or higher is better.

use std::collections::BTreeSet;

use crate::model::time::DAY_MS;
use crate::model::{EpochMillis, Finding, SeverityBand};

use super::super::finding_index::FindingIndex;
use super::super::risk::{latest_activity, Level, RiskRules};
use super::compare::{compare, members};
use super::words::count_text;
use super::SelectedFindings;

/// Which direction of change is an improvement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BetterWhen {
    Lower,
    Higher,
}

/// How the UI should print an indicator's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueFormat {
    /// A whole number of findings, accounts, actors …
    Count,
    /// Days with one decimal.
    Days,
}

impl ValueFormat {
    /// `1,234` for counts; `12.5 days` / `1 day` for days.
    pub fn format(self, value: f64) -> String {
        match self {
            Self::Count => {
                if value.is_finite() && value >= 0.0 {
                    count_text(value.round() as u64)
                } else if value.is_finite() {
                    format!("-{}", count_text((-value).round() as u64))
                } else {
                    "—".to_owned()
                }
            }
            Self::Days => {
                let rounded = (value * 10.0).round() / 10.0;
                let unit = if rounded == 1.0 { "day" } else { "days" };
                if rounded.fract() == 0.0 {
                    format!("{rounded:.0} {unit}")
                } else {
                    format!("{rounded:.1} {unit}")
                }
            }
        }
    }
}

/// Which way a value moved against its baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Up,
    Down,
    Unchanged,
}

/// Whether the movement is good news, given [`BetterWhen`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    Better,
    Worse,
    Unchanged,
}

/// One executive indicator.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// A stable id (`active_findings` …) for the UI and tests.
    pub id: &'static str,
    pub label: String,
    /// The current value; `None` when there is nothing to measure (a median of no findings).
    pub value: Option<f64>,
    /// The baseline value, when a baseline was given and the value is measurable there.
    pub baseline: Option<f64>,
    /// `value − baseline` when both exist.
    pub delta: Option<f64>,
    pub better_when: BetterWhen,
    pub format: ValueFormat,
    /// One sentence saying how the number is computed.
    pub explanation: String,
}

impl Indicator {
    /// Up, down or unchanged against the baseline; `None` without a delta.
    pub fn direction(&self) -> Option<Direction> {
        let delta = self.delta?;
        Some(if delta > 0.0 {
            Direction::Up
        } else if delta < 0.0 {
            Direction::Down
        } else {
            Direction::Unchanged
        })
    }

    /// Whether the change is an improvement; `None` without a delta.
    pub fn verdict(&self) -> Option<Verdict> {
        Some(match (self.direction()?, self.better_when) {
            (Direction::Unchanged, _) => Verdict::Unchanged,
            (Direction::Down, BetterWhen::Lower) | (Direction::Up, BetterWhen::Higher) => {
                Verdict::Better
            }
            _ => Verdict::Worse,
        })
    }
}

/// The measurements behind the indicators, for one selection (the workers' store gathers the
/// same per shard: `store::MeasuresPartial`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measures {
    pub active: u64,
    pub critical_high_active: u64,
    pub high_risk_active: u64,
    pub credential_active: u64,
    pub accounts_affected: u64,
    pub remote_actors: u64,
    pub median_age_high_days: Option<f64>,
}

/// The selected findings that are not archived (indices ascending).
pub(super) fn active_members(selection: SelectedFindings<'_>) -> Vec<u32> {
    members(selection.findings, selection.selected)
        .into_iter()
        .filter(|&i| {
            selection
                .findings
                .get(i as usize)
                .is_some_and(|f| !f.archived)
        })
        .collect()
}

/// When a finding's activity began: first seen, else created.
pub(super) fn first_activity(finding: &Finding) -> Option<EpochMillis> {
    finding.first_seen_at.or(finding.created_at)
}

pub(super) fn measure(
    selection: SelectedFindings<'_>,
    index: &FindingIndex,
    rules: &RiskRules,
    now: EpochMillis,
) -> Measures {
    let active = active_members(selection);
    let mut measures = Measures {
        active: active.len() as u64,
        ..Measures::default()
    };
    let mut accounts: BTreeSet<&str> = BTreeSet::new();
    let mut high_first_activities: Vec<EpochMillis> = Vec::new();
    for &i in &active {
        let Some(finding) = selection.findings.get(i as usize) else {
            continue;
        };
        let high = finding.severity >= SeverityBand::High;
        measures.critical_high_active += u64::from(high);
        let risk = selection.risk_of(i, rules, now).map(|(_, _, risk)| risk);
        measures.high_risk_active += u64::from(risk.is_some_and(|r| r >= Level::High));
        measures.credential_active += u64::from(index.is_credential_related(i as usize));
        if let Some(account) = finding.account_id.as_deref().map(str::trim) {
            if !account.is_empty() {
                accounts.insert(account);
            }
        }
        if high {
            high_first_activities.extend(first_activity(finding));
        }
    }
    measures.accounts_affected = accounts.len() as u64;
    let actors = index.actor_summary(selection.findings, &active, 0);
    measures.remote_actors =
        (actors.remote_ips.distinct_count + actors.domains.distinct_count) as u64;
    measures.median_age_high_days = median_age_days(high_first_activities, now);
    measures
}

/// The measures of one selection under `rules` at `now` (what [`indicators`] compares).
pub fn selection_measures(
    selection: SelectedFindings<'_>,
    rules: &RiskRules,
    now: EpochMillis,
) -> Measures {
    selection.with_index_built(|index| measure(selection, index, rules, now))
}

/// The median, over findings first active at `first_activities`, of days from then to `now`
/// (never negative), to a tenth of a day; `None` without any.
pub fn median_age_days(
    first_activities: impl IntoIterator<Item = EpochMillis>,
    now: EpochMillis,
) -> Option<f64> {
    let mut ages_days: Vec<f64> = first_activities
        .into_iter()
        .map(|first| (now.0 as f64 - first.0 as f64).max(0.0) / DAY_MS as f64)
        .collect();
    median(&mut ages_days).map(|d| (d * 10.0).round() / 10.0)
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    })
}

/// The time the baseline is assessed at: its own latest activity (never later than `now`), so
/// its findings are not aged by the gap between the periods; `now` when it has no times.
pub(super) fn baseline_now(baseline: SelectedFindings<'_>, now: EpochMillis) -> EpochMillis {
    latest_activity(baseline.findings, baseline.selected).map_or(now, |t| t.min(now))
}

/// The indicators for the current selection, compared with the baseline when one is given:
/// seven without a baseline, eight with one (new findings needs a baseline). The current
/// selection is assessed at `now`, the baseline at its own latest activity.
pub fn indicators(
    current: SelectedFindings<'_>,
    baseline: Option<SelectedFindings<'_>>,
    rules: &RiskRules,
    now: EpochMillis,
) -> Vec<Indicator> {
    let measured = selection_measures(current, rules, now);
    let before = baseline.map(|b| {
        let at = baseline_now(b, now);
        // The baseline's own cells (if any) were assessed at another time: assess it here.
        let b_uncelled = SelectedFindings {
            risk_cells: None,
            ..b
        };
        b.with_index_built(|index| measure(b_uncelled, index, rules, at))
    });
    let comparison =
        baseline.map(|b| compare(current.findings, current.selected, b.findings, b.selected));
    indicators_of(
        &measured,
        before.as_ref(),
        comparison.map(|comparison| comparison.new.count()),
    )
}

/// [`indicators`] from what was measured: the current selection, the baseline's when one is
/// given, and how many selected findings the baseline does not have (its row appears only
/// with it).
pub fn indicators_of(
    measured: &Measures,
    before: Option<&Measures>,
    new_findings: Option<u64>,
) -> Vec<Indicator> {
    let count = |n: u64| Some(n as f64);
    let then = |pick: fn(&Measures) -> u64| before.map(|b| pick(b) as f64);
    let mut rows = vec![
        indicator(
            "active_findings",
            "Active findings",
            (count(measured.active), then(|m| m.active)),
            ValueFormat::Count,
            "Selected findings that are not archived.",
        ),
        indicator(
            "critical_high_active",
            "Critical and High active findings",
            (count(measured.critical_high_active), then(|m| m.critical_high_active)),
            ValueFormat::Count,
            "Active findings whose GuardDuty severity is 7.0 or more (High or Critical: a resource is likely compromised or an attack may be in progress).",
        ),
        indicator(
            "high_risk_active",
            "Active findings at High or Very High risk",
            (count(measured.high_risk_active), then(|m| m.high_risk_active)),
            ValueFormat::Count,
            "Active findings whose NIST SP 800-30 level of risk (Table I-2 of likelihood and impact, under the current risk rules) is High or Very High.",
        ),
        indicator(
            "credential_active",
            "Credential-related active findings",
            (count(measured.credential_active), then(|m| m.credential_active)),
            ValueFormat::Count,
            "Active findings about stealing or misusing credentials: the Credential Access tactic (including brute force), UnauthorizedAccess:IAMUser types, instance-credential exfiltration and credential attack sequences.",
        ),
    ];
    if let Some(new_findings) = new_findings {
        rows.push(indicator(
            "new_findings",
            "New findings this period",
            (count(new_findings), None),
            ValueFormat::Count,
            "Selected findings whose id is not in the baseline selection, active or archived (the previous period's own new count is not known, so there is no baseline).",
        ));
    }
    rows.push(indicator(
        "accounts_affected",
        "Accounts affected",
        (
            count(measured.accounts_affected),
            then(|m| m.accounts_affected),
        ),
        ValueFormat::Count,
        "Distinct AWS account ids named by active findings.",
    ));
    rows.push(indicator(
        "remote_actors",
        "Distinct outside IP addresses and domains",
        (count(measured.remote_actors), then(|m| m.remote_actors)),
        ValueFormat::Count,
        "Distinct remote IP addresses plus distinct domains named by active findings, after normalising spelling.",
    ));
    rows.push(indicator(
        "median_age_high_days",
        "Median age of active High and Critical findings",
        (
            measured.median_age_high_days,
            before.and_then(|b| b.median_age_high_days),
        ),
        ValueFormat::Days,
        "The median, over active High and Critical findings, of days from first seen (else created) to the assessment time; findings without a time are left out.",
    ));
    rows
}

/// One indicator (lower is better for every indicator so far) with its delta.
fn indicator(
    id: &'static str,
    label: &str,
    (value, baseline): (Option<f64>, Option<f64>),
    format: ValueFormat,
    explanation: &str,
) -> Indicator {
    let delta = match (value, baseline) {
        (Some(v), Some(b)) => Some(((v - b) * 10.0).round() / 10.0),
        _ => None,
    };
    Indicator {
        id,
        label: label.to_owned(),
        value,
        baseline,
        delta,
        better_when: BetterWhen::Lower,
        format,
        explanation: explanation.to_owned(),
    }
}
