//! The findings export from the store: each shard sends every selected row's CSV record with
//! its table sort key; merged, the records come out in the table's order, as the page's own
//! export writes them.

use serde::{Deserialize, Serialize};

use super::window::{TableKey, TableView};

/// One shard's records of the selection, each with what the table sorts it by.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPartial {
    /// The order (its offset and limit are not used: every selected row is exported).
    pub view: TableView,
    /// `(key, cells)` in [`FINDING_COLUMNS`](crate::analysis::export::FINDING_COLUMNS) order.
    pub records: Vec<(TableKey, Vec<String>)>,
}

impl ExportPartial {
    /// The records sorted in the view's order.
    pub fn new(view: TableView, mut records: Vec<(TableKey, Vec<String>)>) -> Self {
        records.sort_by(|a, b| a.0.compare(&b.0, &view));
        Self { view, records }
    }

    pub fn merge(&mut self, other: ExportPartial) {
        let mut records = std::mem::take(&mut self.records);
        records.extend(other.records);
        *self = Self::new(self.view, records);
    }

    /// The records, in order.
    pub fn finish(self) -> Vec<Vec<String>> {
        self.records.into_iter().map(|(_, cells)| cells).collect()
    }
}
