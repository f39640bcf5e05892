//! Which of a shard's rows a `FindingFilter` keeps, answered from the columns: the parts that
//! read only the type, account, region or resource type are decided once per distinct value;
//! the free text and a graph node (they read the finding's detail) by `FindingFilter::matches`
//! on the rebuilt finding, so the answer is exactly `FindingFilter::apply`'s.

use crate::analysis::filter::FindingFilter;
use crate::analysis::risk::{assess_levels, Level, RiskRules};
use crate::analysis::search::{SearchIndex, SearchIndexBuilder};
use crate::model::EpochMillis;

use super::shard::{flag, RiskCell, Shard, ABSENT};

pub(super) fn cell_of(likelihood: Level, impact: Level) -> RiskCell {
    u8::try_from(likelihood.index() * 5 + impact.index()).unwrap_or(0)
}

impl Shard {
    /// Rows that pass `filter` (its risk-cell part only when `risk_cells` are given; its text
    /// through `search`, an index of exactly these rows, when given), in row order.
    pub(super) fn select(
        &self,
        filter: &FindingFilter,
        risk_cells: Option<&[RiskCell]>,
        search: Option<&SearchIndex>,
    ) -> Vec<u32> {
        let type_ok: Vec<bool> = self
            .types
            .iter()
            .map(|t| filter.keeps_type(&t.kind))
            .collect();
        let text_ok =
            |set_empty: bool, keeps: &dyn Fn(Option<&str>) -> bool| -> Option<Vec<bool>> {
                (!set_empty).then(|| {
                    (0..self.strings.len())
                        .map(|id| keeps(self.text(u32::try_from(id).unwrap_or(ABSENT))))
                        .collect()
                })
            };
        let account_ok = text_ok(filter.accounts.is_empty(), &|v| filter.keeps_account(v));
        let region_ok = text_ok(filter.regions.is_empty(), &|v| filter.keeps_region(v));
        let resource_ok = text_ok(filter.resource_types.is_empty(), &|v| {
            filter.keeps_resource_type(v)
        });
        let passes = |ok: &Option<Vec<bool>>, id: u32, absent: bool| match ok {
            None => true,
            Some(_) if id == ABSENT => absent,
            Some(ok) => ok.get(id as usize).copied().unwrap_or(false),
        };
        let account_absent = filter.keeps_account(None);
        let region_absent = filter.keeps_region(None);
        let resource_absent = filter.keeps_resource_type(None);
        let wanted_cell = filter.risk_cell.and_then(|(likelihood, impact)| {
            risk_cells.map(|cells| (cells, cell_of(likelihood, impact)))
        });
        // The free text through the search index when there is one; what else reads the
        // detail (a graph node, or the text without an index) on the rebuilt finding.
        let needle = filter.text.trim().to_lowercase();
        let matched_text = search
            .filter(|_| !needle.is_empty())
            .map(|index| (index, index.matching_strings(&needle)));
        let rest = FindingFilter {
            text: if matched_text.is_some() {
                String::new()
            } else {
                filter.text.clone()
            },
            ..filter.clone()
        };
        let needs_rebuild = rest.reads_detail();
        let mut selected = Vec::new();
        for row in 0..self.len() {
            let flags = self.flags[row];
            let kept = filter.keeps_state(
                flags & flag::SAMPLE != 0,
                flags & flag::ARCHIVED != 0,
                self.severity(row),
            ) && type_ok
                .get(self.kind[row] as usize)
                .copied()
                .unwrap_or(false)
                && passes(&account_ok, self.account[row], account_absent)
                && passes(&region_ok, self.region[row], region_absent)
                && passes(&resource_ok, self.resource_type[row], resource_absent)
                && (filter.period.is_none()
                    || filter.keeps_time(filter.time_basis.pick(&self.record_times(row))))
                && wanted_cell.is_none_or(|(cells, wanted)| cells.get(row) == Some(&wanted))
                && matched_text
                    .as_ref()
                    .is_none_or(|(index, matched)| index.finding_matches(row, matched))
                && (!needs_rebuild || self.finding(row).is_some_and(|f| rest.matches(&f)));
            if kept {
                selected.push(u32::try_from(row).unwrap_or(u32::MAX));
            }
        }
        selected
    }

    /// The search index over every row, in row order (`None` if a row could not be rebuilt,
    /// which the columns' invariants rule out; the text is then matched on rebuilt findings).
    pub(super) fn build_search(&self) -> Option<SearchIndex> {
        let mut builder = SearchIndexBuilder::default();
        let mut added = 0;
        for finding in self.findings() {
            builder.add_copied(&finding);
            added += 1;
        }
        (added == self.len()).then(|| builder.finish())
    }

    /// Every row's risk cell under `rules` as of `now` (the assessment reads the detail, so
    /// each finding is rebuilt once).
    pub(super) fn risk_cells(&self, rules: &RiskRules, now: EpochMillis) -> Vec<RiskCell> {
        (0..self.len())
            .map(|row| {
                self.finding(row).map_or(0, |finding| {
                    let levels = assess_levels(&finding, rules, now);
                    cell_of(levels.likelihood, levels.impact)
                })
            })
            .collect()
    }
}
