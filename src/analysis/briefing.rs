//! The board briefing: period comparison, executive indicators and a plain-language summary
//! built by fixed rules (no network, no model), every number in it traceable to evidence.
//!
//! All functions are pure: the selections and the assessment time come in, sorted
//! deterministic data comes out. Indices outside their slice and repeated indices are ignored.
//!
//! # Period comparison ([`compare`])
//!
//! Findings are matched by id between the baseline selection (the previous period) and the
//! current selection. A finding's state in a selection is *absent*, *active* or *archived*:
//!
//! | in the baseline | now | group | index into |
//! |---|---|---|---|
//! | absent | active | `new` | current |
//! | absent | archived | `new` and `new_archived` (raised and closed within the period) | current |
//! | active | active | `persisting` | current |
//! | archived | active | `persisting` and `reopened` | current |
//! | active | archived | `resolved` | baseline |
//! | active | absent | `resolved` | baseline |
//! | archived | archived | `still_archived` (closed before this period: neither new, active nor resolved now) | baseline |
//! | archived | absent | `still_archived` | baseline |
//!
//! So `new`, `persisting`, `resolved` and `still_archived` partition the ids of both
//! selections; each group also counts its findings per severity band.
//!
//! # Indicators ([`indicators`])
//!
//! Counted over **active** (not archived) selected findings; lower is better for all of them.
//! The current selection is assessed at `now`, the baseline at its own latest activity.
//!
//! | id | value |
//! |---|---|
//! | `active_findings` | selected findings not archived |
//! | `critical_high_active` | active findings of severity High or Critical (score ≥ 7.0) |
//! | `high_risk_active` | active findings whose NIST level of risk is High or Very High |
//! | `credential_active` | active findings about credentials (see `vocabulary::is_credential_related`) |
//! | `new_findings` | `compare(..).new` (only with a baseline; no baseline value) |
//! | `accounts_affected` | distinct account ids of active findings |
//! | `remote_actors` | distinct remote IPs + distinct domains of active findings |
//! | `median_age_high_days` | median days from first seen (else created) to `now`, active High+ findings |
//!
//! # Summary ([`briefing`])
//!
//! The sentences describe every selected finding (the filter decides whether archived ones
//! count); top risks and actions look at active ones only. Lists name at most three items,
//! most findings first, ties alphabetical. Counts print with thousands separators and the
//! right singular or plural ("1 finding", "2 findings"); dates are `YYYY-MM-DD` in UTC.
//!
//! | part | rule |
//! |---|---|
//! | headline | `N findings between D1 and D2: K Critical or High, A active`, plus `; up from B to N (+d) on the previous period` with a baseline; no selection → "No findings match the current filter." |
//! | Who | outside IPs and their countries (top 3); busiest networks (top 2); outside domains (top 3); findings matching threat-intelligence lists; or "None of the findings names an outside IP address or domain." |
//! | What | resource types (GuardDuty `resourceType`, top 3); distinct named resources and the most affected (top 3) |
//! | Where | AWS accounts (top 3); regions (top 3); unknown values are left out |
//! | When | activity period (first seen … last seen); busiest day (or week, for spans over 26 weeks) by last seen; with a baseline "Compared with the previous period, findings are up from 2 to 5 (+3)." and new / still active / resolved counts; without one, first half against second half of the period |
//! | How | threat purposes in plain words (top 3); number of GuardDuty detections (families) and the most frequent; ATT&CK tactics (top 3) |
//! | Why | likely objectives (`vocabulary::objectives_of`, top 3): "N findings point to OBJECTIVE, involving R resources and outside contact from C countries." |
//! | top risks | one sentence per (risk, likelihood, impact) cell rated High or Very High, highest first (max 5), with the most severe example and the rules behind its levels as evidence |
//! | actions | the `guidance` line of the most severe active band, then `guidance` steps deduplicated, ordered by the most severe band they apply to, then by findings, then alphabetically; at most 6, each with the number of findings it applies to |

pub(crate) mod compare;
mod history;
mod indicators;
mod sections;
pub mod tally;
pub(crate) mod words;

pub use super::vocabulary::{is_credential_related, objectives_of, tidy_name, Objective};
pub use compare::{compare, ChangeCounts, ChangeGroup, Comparison};
pub use history::{
    history_briefing, HistoryBriefing, HistorySection, HISTORY_SLIDE_TOPICS, HISTORY_TREND_DAYS,
    HISTORY_YEAR_MONTHS,
};
pub use indicators::{
    indicators, indicators_of, median_age_days, selection_measures, BetterWhen, Direction,
    Indicator, Measures, ValueFormat, Verdict,
};
pub use words::{count_text, iso_date};

use crate::model::{EpochMillis, Finding, SeverityBand};

use super::actors::ActorSummary;
use super::finding_index::FindingIndex;
use super::risk::{assess_levels, risk_level, Level, RiskRules};
use super::summary::{summarize, Summary};
use compare::members;
use sections::Scope;
use tally::{activity_time, half_split_ms, BriefingCounter, BriefingTally};
use words::Words;

/// Findings and the indices a filter selected from them (one period's data), with what the
/// caller already computed for them once per load: the [`FindingIndex`] and every finding's
/// risk cell. Without them the briefing computes both itself (same answers, more work).
#[derive(Clone, Copy, Debug)]
pub struct SelectedFindings<'a> {
    pub findings: &'a [Finding],
    pub selected: &'a [u32],
    index: Option<&'a FindingIndex>,
    risk_cells: Option<&'a [(Level, Level)]>,
    summary: Option<&'a Summary>,
}

impl<'a> SelectedFindings<'a> {
    pub fn new(findings: &'a [Finding], selected: &'a [u32]) -> Self {
        Self {
            findings,
            selected,
            index: None,
            risk_cells: None,
            summary: None,
        }
    }

    /// Uses `summary`, which must be [`summarize`] of exactly the selected findings (each
    /// once, as a filter selects them), instead of summarising them again.
    pub fn with_summary(mut self, summary: &'a Summary) -> Self {
        self.summary = Some(summary);
        self
    }

    /// Uses `index`, built from these `findings` (ignored if it was built from another slice).
    pub fn with_index(mut self, index: &'a FindingIndex) -> Self {
        self.index = index.fits(self.findings).then_some(index);
        self
    }

    /// Uses `cells[i]`, finding `i`'s (overall likelihood, impact), assessed under the same
    /// rules and assessment time the briefing is given (ignored unless one per finding).
    pub fn with_risk_cells(mut self, cells: &'a [(Level, Level)]) -> Self {
        self.risk_cells = (cells.len() == self.findings.len()).then_some(cells);
        self
    }

    /// Runs `read` with this selection's index, building one when none was given.
    pub(crate) fn with_index_built<R>(&self, read: impl FnOnce(&FindingIndex) -> R) -> R {
        match self.index {
            Some(index) => read(index),
            None => read(&FindingIndex::build(self.findings)),
        }
    }

    /// Finding `i`'s (overall likelihood, impact, level of risk) under `rules` at `now`.
    pub(crate) fn risk_of(
        &self,
        i: u32,
        rules: &RiskRules,
        now: EpochMillis,
    ) -> Option<(Level, Level, Level)> {
        let finding = self.findings.get(i as usize)?;
        let (likelihood, impact) = match self.risk_cells.and_then(|c| c.get(i as usize)) {
            Some(&cell) => cell,
            None => {
                let levels = assess_levels(finding, rules, now);
                (levels.likelihood, levels.impact)
            }
        };
        Some((likelihood, impact, risk_level(likelihood, impact)))
    }
}

/// One number (or name) a sentence states, labelled so the UI can show where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub label: String,
    pub value: String,
}

/// One sentence and the evidence for every number in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
    pub evidence: Vec<Evidence>,
}

/// The sentences answering one question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BriefingSection {
    /// `Who`, `What`, `Where`, `When`, `How` or `Why`.
    pub question: &'static str,
    pub sentences: Vec<Sentence>,
}

/// The plain-language briefing for a board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Briefing {
    pub headline: String,
    /// The evidence for the numbers in `headline`.
    pub headline_evidence: Vec<Evidence>,
    /// Who, What, Where, When, How, Why, in that order (empty when nothing is selected and
    /// there is no baseline to compare with).
    pub sections: Vec<BriefingSection>,
    pub top_risks: Vec<Sentence>,
    pub actions: Vec<Sentence>,
}

/// Rows of each actor ranking the Who section reads (the workers are asked for as many).
pub const BRIEFING_TOP: usize = sections::TOP;

/// The headline when nothing is selected.
pub const NO_FINDINGS: &str = "No findings match the current filter.";

/// What the briefing counts of one selection, finished (places dropped): the tally, the KPI
/// summary, the actor rankings (top three) and, for periods of a day or more, the dated
/// findings before the period's middle (`(middle ms, count)`).
#[derive(Clone, Debug, PartialEq)]
pub struct BriefingCounts {
    pub tally: BriefingTally<()>,
    pub summary: Summary,
    pub actors: ActorSummary,
    pub first_half: Option<(i64, u64)>,
}

/// What a baseline adds to the briefing: its selected findings and the comparison with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaselineChange {
    pub selected: u64,
    pub change: ChangeCounts,
}

/// Counts the selection's findings for the briefing, on the page (the workers count their
/// shards into the same [`BriefingTally`] and merge them).
pub fn briefing_counts(
    selection: SelectedFindings<'_>,
    rules: &RiskRules,
    now: EpochMillis,
) -> BriefingCounts {
    let members = members(selection.findings, selection.selected);
    let chosen = || {
        members
            .iter()
            .filter_map(|&i| Some((i, selection.findings.get(i as usize)?)))
    };
    let mut counter = BriefingCounter::new(rules.clone(), now);
    for (i, finding) in chosen() {
        let cell = selection.risk_of(i, rules, now).map(|(l, m, _)| (l, m));
        counter.add(finding, i, cell);
    }
    let tally = counter.finish(|&i| selection.findings.get(i as usize).cloned());
    let first_half = tally
        .earliest_ms
        .zip(tally.latest_ms)
        .and_then(|(earliest, latest)| half_split_ms(earliest, latest))
        .map(|middle| {
            let before = chosen()
                .filter_map(|(_, f)| activity_time(f))
                .filter(|t| t.0 < middle)
                .count();
            (middle, before as u64)
        });
    let summary = match selection.summary {
        Some(given) => given.clone(),
        None => summarize(chosen().map(|(_, f)| f)),
    };
    let actors = selection
        .with_index_built(|index| index.actor_summary(selection.findings, &members, sections::TOP));
    BriefingCounts {
        tally: tally.without_places(),
        summary,
        actors,
        first_half,
    }
}

/// Builds the briefing for the current selection, compared with the baseline when one is
/// given, assessing risk as of `now` (pass the latest activity in the data, not the clock).
pub fn briefing(
    current: SelectedFindings<'_>,
    baseline: Option<SelectedFindings<'_>>,
    rules: &RiskRules,
    now: EpochMillis,
) -> Briefing {
    let counts = briefing_counts(current, rules, now);
    let change = baseline.map(|b| BaselineChange {
        selected: members(b.findings, b.selected).len() as u64,
        change: compare(current.findings, current.selected, b.findings, b.selected).counts(),
    });
    briefing_of(&counts, change)
}

/// The briefing of a selection's counts, compared with the baseline when one is given.
pub fn briefing_of(counts: &BriefingCounts, baseline: Option<BaselineChange>) -> Briefing {
    let scope = Scope {
        summary: &counts.summary,
        actors: &counts.actors,
        tally: &counts.tally,
        first_half: counts.first_half,
    };
    if scope.len() == 0 {
        let sections = match baseline {
            Some(before) if before.selected > 0 => vec![BriefingSection {
                question: "When",
                sentences: vec![sections::trend_sentence(before.selected, 0)],
            }],
            _ => Vec::new(),
        };
        return Briefing {
            headline: NO_FINDINGS.to_owned(),
            headline_evidence: Vec::new(),
            sections,
            top_risks: Vec::new(),
            actions: Vec::new(),
        };
    }
    let headline = headline(&scope, baseline.map(|b| b.selected));
    let with_baseline = baseline.map(|b| (b.selected, b.change));
    let sections = vec![
        BriefingSection {
            question: "Who",
            sentences: sections::who(&scope),
        },
        BriefingSection {
            question: "What",
            sentences: sections::what(&scope),
        },
        BriefingSection {
            question: "Where",
            sentences: sections::place(&scope),
        },
        BriefingSection {
            question: "When",
            sentences: sections::when(&scope, with_baseline),
        },
        BriefingSection {
            question: "How",
            sentences: sections::how(&scope),
        },
        BriefingSection {
            question: "Why",
            sentences: sections::why(&scope),
        },
    ];
    Briefing {
        headline: headline.text,
        headline_evidence: headline.evidence,
        sections,
        top_risks: sections::top_risks(&scope),
        actions: sections::actions(&scope),
    }
}

fn headline(scope: &Scope<'_>, before: Option<u64>) -> Sentence {
    let summary = scope.summary;
    let serious =
        summary.band_count(SeverityBand::Critical) + summary.band_count(SeverityBand::High);
    let active = scope.len().saturating_sub(summary.archived);
    let mut w = Words::new();
    w.findings("Findings", scope.len());
    match (summary.first_seen, summary.last_seen) {
        (Some(first), Some(last)) if iso_date(first) == iso_date(last) => {
            w.say(" on ").date("Activity date", first);
        }
        (Some(first), Some(last)) => {
            w.say(" between ")
                .date("First activity", first.min(last))
                .say(" and ")
                .date("Latest activity", last.max(first));
        }
        (Some(only), None) | (None, Some(only)) => {
            w.say(" on ").date("Activity date", only);
        }
        (None, None) => {}
    }
    w.say(": ")
        .number("Critical or High findings", serious)
        .say(" Critical or High, ")
        .number("Active findings", active)
        .say(" active");
    if let Some(before) = before {
        w.say("; ")
            .trend("Findings", before, scope.len())
            .say(" on the previous period");
    }
    w.say(".");
    w.finish()
}
