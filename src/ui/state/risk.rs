//! The risk method's rules (kept in local storage), the assessment time, and every finding's
//! matrix cell.

use std::sync::Arc;

use leptos::prelude::*;

use super::DataState;
use crate::analysis::risk::{assess_levels, latest_activity, Level, RiskMatrix, RiskRules};
use crate::model::EpochMillis;
use crate::ui::console::warn_on_error;

/// Local-storage key of the user's risk rules (rules only: findings are never stored).
const RULES_STORAGE_KEY: &str = "guardview.risk-rules.v1";

/// The risk method's rules, the assessment time, and every finding's matrix cell.
#[derive(Clone, Copy)]
pub struct RiskState {
    pub rules: RwSignal<RiskRules>,
    /// The assessment time: the latest activity in the data (never the wall clock), so the
    /// app and `guardview summary` place every finding in the same cell. The workers' store
    /// gives it ([`LoadFacts`](crate::store::LoadFacts)); the page counts it while it cannot.
    pub now: Memo<EpochMillis>,
    /// `(overall likelihood, impact)` of every merged finding, by index.
    pub cells: Memo<Arc<Vec<(Level, Level)>>>,
}

impl RiskState {
    pub fn new(data: DataState) -> Self {
        let rules = RwSignal::new(load_rules().unwrap_or_default());
        let now = Memo::new(move |_| {
            if let Some(facts) = data.store.facts() {
                return EpochMillis(facts.latest_activity_ms.unwrap_or(0));
            }
            data.with_findings(|all| {
                let every: Vec<u32> = (0..all.len() as u32).collect();
                latest_activity(all, &every).unwrap_or(EpochMillis(0))
            })
        });
        let cells = Memo::new(move |_| {
            let at = now.get();
            rules.with(|rules| {
                data.with_findings(|all| {
                    Arc::new(
                        all.iter()
                            .map(|f| {
                                let levels = assess_levels(f, rules, at);
                                (levels.likelihood, levels.impact)
                            })
                            .collect::<Vec<_>>(),
                    )
                })
            })
        });
        Effect::new(move |_| rules.with(save_rules));
        Self { rules, now, cells }
    }

    /// The matrix of the `selected` findings, counted from their assessed cells (the same as
    /// `risk_matrix` under these rules at `now`, without assessing anyone again).
    pub fn matrix_of(&self, selected: &[u32]) -> RiskMatrix {
        self.cells.with(|cells| {
            let mut matrix = RiskMatrix::default();
            for &index in selected {
                if let Some(&(likelihood, impact)) = cells.get(index as usize) {
                    let cell = &mut matrix.cells[likelihood.index()][impact.index()];
                    *cell = cell.saturating_add(1);
                }
            }
            matrix
        })
    }
}

// Local storage through web-sys rather than gloo-storage: gloo's `LocalStorage` throws when
// the browser blocks storage, and the rules are read as the app starts (see ARCHITECTURE.md).
/// The tab's local storage; `None` where the browser has none or blocks it (the rules then
/// last for this visit only).
pub(super) fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The rules saved on an earlier visit; `None` (so the defaults) when there are none, they
/// cannot be read, or they are not valid rules of this version.
fn load_rules() -> Option<RiskRules> {
    let text = warn_on_error(
        "reading the saved risk rules",
        local_storage()?.get_item(RULES_STORAGE_KEY),
    )??;
    warn_on_error("reading the saved risk rules", RiskRules::from_json(&text))
}

/// Keeps edited rules across visits; the defaults are not stored.
fn save_rules(rules: &RiskRules) {
    let Some(storage) = local_storage() else {
        return;
    };
    if *rules == RiskRules::default() {
        warn_on_error(
            "forgetting the saved risk rules",
            storage.remove_item(RULES_STORAGE_KEY),
        );
    } else {
        // Fails when the storage quota is full; the rules still apply for this visit.
        warn_on_error(
            "saving the risk rules",
            storage.set_item(RULES_STORAGE_KEY, &rules.to_json()),
        );
    }
}
