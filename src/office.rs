//! The board pack as office files: a PowerPoint deck (`.pptx`) and an Excel workbook (`.xlsx`),
//! built in pure Rust from plain data so the same code runs in the browser (wasm32) and in
//! native tests.
//!
//! [`assemble`] gathers everything from the analysis modules into a [`BoardPack`], and
//! [`pack_of`] builds the same pack from parts counted elsewhere (the workers' answers); the
//! caller adds chart PNGs, which the browser renders. [`deck`] and [`workbook`] turn a pack
//! into the file's bytes. Nothing here reads a clock, the DOM or the network.
//!
//! **No finding string becomes a formula, link or markup.** The workbook writes every text
//! cell with `write_string` (a formula is only ever a cell the writer is told is one; a string
//! that starts with `=` stays a string) and writes no hyperlinks; rust_xlsxwriter stores control
//! characters in Excel's `_xHHHH_` escape. The deck escapes every text run for XML and drops
//! the characters XML 1.0 cannot carry, and its only relationships are to its own parts.
//!
//! Module rule (see ARCHITECTURE.md): `office` imports `model` and `analysis` only, never
//! `ingest`, `charts`, `ui` or a browser crate.

mod ooxml;
mod pptx;
mod xlsx;

pub use pptx::{deck, deck_slides, DECK_SLIDES, HISTORY_SLIDE};
pub use xlsx::{workbook, HISTORY_SHEET, WORKBOOK_SHEETS};

use std::collections::HashMap;

use crate::analysis::ageing::{ageing, Ageing, SlaSettings};
use crate::analysis::appetite::{key_risk_indicators, AppetiteSettings, KeyRiskIndicator};
use crate::analysis::briefing::{briefing, history_briefing, iso_date, Briefing, SelectedFindings};
use crate::analysis::coverage::{coverage, Coverage};
use crate::analysis::risk::{risk_matrix, RiskMatrix, RiskRules};
use crate::analysis::rollup_views::{rollup_kpis, rollup_timeline, Period};
use crate::analysis::summary::{summarize, Summary};
use crate::model::{EpochMillis, Rollup, SeverityBand};

/// Chart images for the deck, PNG bytes rendered by the caller (the browser draws the charts'
/// SVG on a canvas). A missing or unreadable image leaves its slide with text only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChartImages {
    pub timeline_png: Option<Vec<u8>>,
    pub risk_matrix_png: Option<Vec<u8>>,
    pub threats_png: Option<Vec<u8>>,
    pub ageing_png: Option<Vec<u8>>,
    pub coverage_png: Option<Vec<u8>>,
    /// The history's findings per month (with [`BoardPack::history`]).
    pub history_png: Option<Vec<u8>>,
}

pub use crate::analysis::finding_row::FindingRow;

/// One active finding past its SLA, for the workbook's Ageing sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct PastSlaRow {
    pub id: String,
    pub title: String,
    pub band: SeverityBand,
    pub severity_score: f64,
    pub account: String,
    pub age_days: f64,
    pub sla_days: u32,
    pub overdue_days: f64,
}

/// Everything the deck and the workbook show, as plain data.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardPack {
    /// The deck's title (e.g. "Security briefing · Amazon GuardDuty").
    pub title: String,
    /// The briefing's headline sentence.
    pub headline: String,
    /// What the filter selected, in words (`FindingFilter::describe`).
    pub scope: String,
    /// `2026-11-01 to 2026-11-20`, or "No dated activity".
    pub period: String,
    /// The assessment time every number is computed at.
    pub assessed_at: EpochMillis,
    pub indicators: Vec<KeyRiskIndicator>,
    pub risk_matrix: RiskMatrix,
    /// Its past-SLA findings named by id.
    pub ageing: Ageing<String>,
    pub past_sla: Vec<PastSlaRow>,
    pub coverage: Coverage,
    /// The briefing's top-risk sentences.
    pub top_risks: Vec<String>,
    /// The briefing's recommended actions.
    pub actions: Vec<String>,
    /// The selected findings, in the caller's order.
    pub findings: Vec<FindingRow>,
    /// The history of a loaded rollup (set by the caller, like the charts): its own slide and
    /// sheet. A pack with a history and no selected finding is the history alone.
    pub history: Option<HistoryPack>,
    pub charts: ChartImages,
}

/// A loaded rollup's history as the deck and the workbook show it (docs/org-scale.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryPack {
    /// `2025-01-10 to 2026-12-10`, or "No first-seen day".
    pub span: String,
    /// The history briefing's headline and its sentences by topic.
    pub headline: String,
    pub sections: Vec<(&'static str, String)>,
    /// Findings per first-seen month (`YYYY-MM`, oldest first, empty months included), by
    /// band (indexed by `SeverityBand::index`).
    pub months: Vec<(String, [u64; 4])>,
}

impl HistoryPack {
    /// The history of `rollup`, or `None` when it has no rows.
    pub fn of(rollup: &Rollup) -> Option<Self> {
        let brief = history_briefing(rollup)?;
        let kpis = rollup_kpis(rollup);
        let span = match (kpis.first_day, kpis.last_day) {
            (Some(first), Some(last)) => format!("{first} to {last}"),
            _ => "No first-seen day".to_owned(),
        };
        Some(Self {
            span,
            headline: brief.headline.text,
            sections: brief
                .sections
                .into_iter()
                .map(|section| (section.topic, section.sentence.text))
                .collect(),
            months: rollup_timeline(rollup, Period::Month)
                .rows
                .into_iter()
                .map(|row| (row.label, row.by_band.map(u64::from)))
                .collect(),
        })
    }

    /// Whether the pack is this history alone (no finding was loaded or selected): the deck
    /// then leaves out the slides about single findings.
    fn alone_in(pack: &BoardPack) -> bool {
        pack.history.is_some() && pack.findings.is_empty()
    }
}

/// The order of a deck's slides, one rule for the board pack's deck and presentation mode: the
/// briefing first, then the history when a rollup is loaded, then the slides about findings
/// (`after_briefing`) unless the history is all there is.
pub fn deck_order<Slide: Copy>(
    briefing: Slide,
    history: Option<Slide>,
    after_briefing: &[Slide],
    has_findings: bool,
) -> Vec<Slide> {
    let mut slides = vec![briefing];
    slides.extend(history);
    if has_findings || history.is_none() {
        slides.extend_from_slice(after_briefing);
    }
    slides
}

/// The inputs of [`assemble`] besides the selections: the user's settings and the words
/// around the numbers.
#[derive(Clone, Copy, Debug)]
pub struct PackSettings<'a> {
    pub rules: &'a RiskRules,
    pub sla: &'a SlaSettings,
    pub appetite: &'a AppetiteSettings,
    /// `analysis::ageing::archived_state_known` of the whole load.
    pub archived_known: bool,
    pub title: &'a str,
    pub scope: &'a str,
}

/// What a board pack is made of, however it was counted: the briefing and the key risk
/// indicators as the Strategic view shows them, the selection's summary (for its period), risk
/// matrix, ageing (its past-SLA findings named by id), coverage, and every selected finding's
/// row in load order (the page's from its findings, or the workers' answers).
#[derive(Clone, Debug)]
pub struct PackParts<'a> {
    pub briefing: &'a Briefing,
    pub indicators: Vec<KeyRiskIndicator>,
    pub summary: &'a Summary,
    pub risk_matrix: RiskMatrix,
    pub ageing: Ageing<String>,
    pub coverage: Coverage,
    pub findings: Vec<FindingRow>,
}

/// Builds the board pack of the current selection (compared with the baseline when given) at
/// `now`, the same assessment time the views use. Charts are left empty for the caller.
pub fn assemble(
    current: SelectedFindings<'_>,
    baseline: Option<SelectedFindings<'_>>,
    settings: PackSettings<'_>,
    now: EpochMillis,
) -> BoardPack {
    let findings = current.findings;
    let selected = current.selected;
    let brief = briefing(current, baseline, settings.rules, now);
    let indicators = key_risk_indicators(
        current,
        baseline,
        settings.rules,
        settings.sla,
        settings.appetite,
        now,
    );
    let ages = ageing(
        findings,
        selected,
        settings.sla,
        now,
        settings.archived_known,
    )
    .map_keys(|index| {
        findings
            .get(index as usize)
            .map_or_else(String::new, |f| f.id.to_string())
    });
    let summary = summarize(selected.iter().filter_map(|&i| findings.get(i as usize)));
    let parts = PackParts {
        briefing: &brief,
        indicators,
        summary: &summary,
        risk_matrix: risk_matrix(findings, selected, settings.rules, now),
        ageing: ages,
        coverage: coverage(findings, selected),
        findings: selected
            .iter()
            .filter_map(|&i| findings.get(i as usize))
            .map(FindingRow::of)
            .collect(),
    };
    pack_of(parts, settings, now)
}

/// The board pack of `parts` (see [`assemble`]).
pub fn pack_of(parts: PackParts<'_>, settings: PackSettings<'_>, now: EpochMillis) -> BoardPack {
    let PackParts {
        briefing,
        indicators,
        summary,
        risk_matrix,
        ageing,
        coverage,
        findings,
    } = parts;
    let by_id: HashMap<&str, &FindingRow> =
        findings.iter().map(|row| (row.id.as_str(), row)).collect();
    let past_sla = ageing
        .past_sla
        .iter()
        .filter_map(|age| {
            let row = by_id.get(age.index.as_str())?;
            Some(PastSlaRow {
                id: row.id.clone(),
                title: row.title.clone(),
                band: age.band,
                severity_score: age.severity_score,
                account: row.account.clone(),
                age_days: age.age_days(),
                sla_days: settings.sla.days(age.band),
                overdue_days: age.overdue_days(),
            })
        })
        .collect();
    let period = match (summary.first_seen, summary.last_seen) {
        (Some(first), Some(last)) => format!("{} to {}", iso_date(first), iso_date(last)),
        _ => "No dated activity".to_owned(),
    };
    BoardPack {
        title: settings.title.to_owned(),
        headline: briefing.headline.clone(),
        scope: settings.scope.to_owned(),
        period,
        assessed_at: now,
        indicators,
        risk_matrix,
        ageing,
        past_sla,
        coverage,
        top_risks: briefing.top_risks.iter().map(|s| s.text.clone()).collect(),
        actions: briefing.actions.iter().map(|s| s.text.clone()).collect(),
        findings,
        history: None,
        charts: ChartImages::default(),
    }
}

/// Why an office file could not be written (a writer error; never caused by finding text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeError {
    pub message: String,
}

impl std::fmt::Display for OfficeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OfficeError {}

impl OfficeError {
    fn from(context: &str, error: impl std::fmt::Display) -> Self {
        Self {
            message: format!("{context}: {error}"),
        }
    }
}

/// Text without the control characters XML 1.0 cannot carry (tab, line feed and carriage
/// return are kept), so a hostile string cannot break a part.
pub(crate) fn storable(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.contains(bad) {
        std::borrow::Cow::Owned(text.chars().filter(|&c| !bad(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::deck_order;

    #[test]
    fn the_history_follows_the_briefing_and_stands_alone_without_findings() {
        let after = ["indicators", "risk"];
        assert_eq!(
            deck_order("briefing", None, &after, true),
            ["briefing", "indicators", "risk"]
        );
        assert_eq!(
            deck_order("briefing", None, &after, false),
            ["briefing", "indicators", "risk"],
            "with nothing loaded the deck still has its empty slides"
        );
        assert_eq!(
            deck_order("briefing", Some("history"), &after, true),
            ["briefing", "history", "indicators", "risk"]
        );
        assert_eq!(
            deck_order("briefing", Some("history"), &after, false),
            ["briefing", "history"]
        );
    }
}
