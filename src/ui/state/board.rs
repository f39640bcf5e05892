//! The board pack's settings (SLA days per band, appetite per key risk indicator), kept in
//! local storage under their versioned keys like the risk rules.

use leptos::prelude::*;

use super::risk::local_storage;
use crate::analysis::ageing::{SettingsError, SlaSettings, SLA_STORAGE_KEY};
use crate::analysis::appetite::{AppetiteSettings, APPETITE_STORAGE_KEY};
use crate::ui::console::warn_on_error;

/// The user's SLA and appetite settings; every change is saved (defaults are not stored).
#[derive(Clone, Copy)]
pub struct BoardSettings {
    pub sla: RwSignal<SlaSettings>,
    pub appetite: RwSignal<AppetiteSettings>,
}

impl BoardSettings {
    pub fn new() -> Self {
        let sla = RwSignal::new(load(SLA_STORAGE_KEY, SlaSettings::from_json).unwrap_or_default());
        let appetite = RwSignal::new(
            load(APPETITE_STORAGE_KEY, AppetiteSettings::from_json).unwrap_or_default(),
        );
        Effect::new(move |_| {
            sla.with(|s| save(SLA_STORAGE_KEY, *s == SlaSettings::default(), &s.to_json()))
        });
        Effect::new(move |_| {
            appetite.with(|a| {
                save(
                    APPETITE_STORAGE_KEY,
                    *a == AppetiteSettings::default(),
                    &a.to_json(),
                )
            })
        });
        Self { sla, appetite }
    }
}

impl Default for BoardSettings {
    fn default() -> Self {
        Self::new()
    }
}

/// Settings saved on an earlier visit; `None` when absent, unreadable or invalid.
fn load<T>(key: &str, parse: fn(&str) -> Result<T, SettingsError>) -> Option<T> {
    let text = warn_on_error("reading saved settings", local_storage()?.get_item(key))??;
    warn_on_error("reading saved settings", parse(&text))
}

fn save(key: &str, is_default: bool, json: &str) {
    let Some(storage) = local_storage() else {
        return;
    };
    if is_default {
        warn_on_error("forgetting saved settings", storage.remove_item(key));
    } else {
        warn_on_error("saving settings", storage.set_item(key, json));
    }
}
