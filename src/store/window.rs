//! The findings table's window: each shard answers the sort keys of its first
//! `offset + limit` selected rows in the table's order; merged, the first `offset + limit` of
//! the union are the first of the whole selection, so the page learns which ids fill the
//! visible rows (and how many rows there are) without holding the findings.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::analysis::period::TimeBasis;
use crate::analysis::table::SortKey;
use crate::model::{Finding, Text};

/// The table's sort column (`analysis::table::SortKey`), serialisable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableSort {
    #[default]
    Severity,
    LastSeen,
    Count,
    FindingType,
}

impl TableSort {
    pub fn of(key: SortKey) -> Self {
        match key {
            SortKey::Severity => Self::Severity,
            SortKey::LastSeen => Self::LastSeen,
            SortKey::Count => Self::Count,
            SortKey::FindingType => Self::FindingType,
        }
    }
}

/// Which rows of the sorted selection the table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableView {
    pub sort: TableSort,
    pub descending: bool,
    /// The first row shown (0-based) and how many.
    pub offset: u32,
    pub limit: u32,
}

impl TableView {
    /// Rows each shard must send: everything up to the window's end.
    pub fn rows_needed(&self) -> usize {
        (self.offset as usize).saturating_add(self.limit as usize)
    }
}

/// What the table sorts one finding by, with its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableKey {
    /// `f64::to_bits` of the score (a NaN score travels too; compared with `total_cmp`).
    pub score_bits: u64,
    /// Last seen, else updated (ms).
    pub last_seen_ms: Option<i64>,
    pub count: u64,
    pub finding_type: String,
    pub id: String,
}

impl TableKey {
    /// `analysis::table::sort_indices`'s order: the column (reversed when descending), then
    /// last seen newest first, then the id.
    pub fn compare(&self, other: &TableKey, view: &TableView) -> Ordering {
        let primary = match view.sort {
            TableSort::Severity => {
                f64::from_bits(self.score_bits).total_cmp(&f64::from_bits(other.score_bits))
            }
            TableSort::LastSeen => self.last_seen_ms.cmp(&other.last_seen_ms),
            TableSort::Count => self.count.cmp(&other.count),
            TableSort::FindingType => self.finding_type.cmp(&other.finding_type),
        };
        let primary = if view.descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| other.last_seen_ms.cmp(&self.last_seen_ms))
            .then_with(|| self.id.cmp(&other.id))
    }
}

/// One shard's part of the window.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowPartial {
    pub view: TableView,
    /// Selected rows in all.
    pub total: u64,
    /// The first `view.rows_needed()` keys, in table order.
    pub keys: Vec<TableKey>,
}

impl WindowPartial {
    /// The first `rows_needed` of `keys`, sorted.
    pub(super) fn new(view: TableView, total: u64, mut keys: Vec<TableKey>) -> Self {
        let needed = view.rows_needed();
        if keys.len() > needed {
            keys.select_nth_unstable_by(needed, |a, b| a.compare(b, &view));
            keys.truncate(needed);
        }
        keys.sort_by(|a, b| a.compare(b, &view));
        Self { view, total, keys }
    }

    pub fn merge(&mut self, other: WindowPartial) {
        let mut keys = std::mem::take(&mut self.keys);
        keys.extend(other.keys);
        *self = Self::new(self.view, self.total + other.total, keys);
    }

    /// The ids in the visible rows, in order, and the selection's size.
    pub fn finish(self) -> TableWindow {
        TableWindow {
            total: self.total,
            ids: self
                .keys
                .into_iter()
                .skip(self.view.offset as usize)
                .map(|key| key.id)
                .collect(),
        }
    }
}

/// The visible rows of the table: their finding ids, in table order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableWindow {
    pub total: u64,
    pub ids: Vec<String>,
}

/// What the table shows of one finding (the page asks for the rows the window names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    pub id: String,
    /// `f64::to_bits` of the score (see [`TableRow::severity_score`]).
    pub score_bits: u64,
    /// `SeverityBand::index`.
    pub band: u8,
    pub finding_type: String,
    pub title: Option<String>,
    /// The first named resource: its id and display name.
    pub resource: Option<(String, Option<String>)>,
    pub resource_type: Option<String>,
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub count: u64,
    /// Last seen, else updated (ms).
    pub last_seen_ms: Option<i64>,
    pub archived: bool,
    pub sample: bool,
}

impl TableRow {
    /// What the table shows of `finding` (the store builds each row with this from the finding
    /// it rebuilds; the page with it from its own findings).
    pub fn of(finding: &Finding) -> Self {
        let text = |t: &Option<Text>| t.as_deref().map(str::to_owned);
        Self {
            id: finding.id.to_string(),
            score_bits: finding.severity_score.to_bits(),
            band: u8::try_from(finding.severity.index()).unwrap_or(0),
            finding_type: finding.finding_type.full.to_string(),
            title: text(&finding.title),
            resource: finding
                .resources
                .first()
                .map(|r| (r.id.to_string(), text(&r.display_name))),
            resource_type: text(&finding.resource_type),
            account_id: text(&finding.account_id),
            region: text(&finding.region),
            count: finding.count,
            last_seen_ms: TimeBasis::LastSeen.time_of(finding).map(|t| t.0),
            archived: finding.archived,
            sample: finding.sample,
        }
    }

    pub fn severity_score(&self) -> f64 {
        f64::from_bits(self.score_bits)
    }
}

/// The rows one shard owns among those asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowsPartial {
    /// By id (shards own disjoint ids, so the merged list has each id once).
    pub rows: Vec<TableRow>,
}

impl RowsPartial {
    pub fn merge(&mut self, other: RowsPartial) {
        self.rows.extend(other.rows);
        self.rows.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// The rows in the order the ids were asked for (an id no shard holds is left out).
    pub fn finish(self, ids: &[String]) -> Vec<TableRow> {
        let mut by_id: std::collections::BTreeMap<String, TableRow> = self
            .rows
            .into_iter()
            .map(|row| (row.id.clone(), row))
            .collect();
        ids.iter().filter_map(|id| by_id.remove(id)).collect()
    }
}
