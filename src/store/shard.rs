//! One shard's findings in columns: one row per finding id the shard owns, de-duplicated with
//! `FindingSet`'s rule (newest `updatedAt`, then the larger count, then the earlier origin).

use std::cmp::Reverse;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::detail::Detail;
use super::origin::Origin;
use super::query::RiskContext;
use crate::analysis::appetite::is_attack_sequence;
use crate::analysis::columns::InternedStrings;
use crate::analysis::finding_index::{csa_mask, tactic_mask};
use crate::analysis::graph::plan::GraphParts;
use crate::analysis::period::RecordTimes;
use crate::analysis::search::SearchIndex;
use crate::analysis::vocabulary::is_credential_type;
use crate::model::{
    AttackSequence, Dialect, EpochMillis, Finding, FindingType, NetworkActor, RawSpan,
    SeverityBand, Text,
};

/// Which of a row's optional values are present, and its booleans (one `u16` per row).
pub(super) mod flag {
    pub const ARCHIVED: u16 = 1;
    pub const SAMPLE: u16 = 1 << 1;
    pub const ZERO_CONFIDENCE: u16 = 1 << 2;
    pub const HAS_CREATED: u16 = 1 << 3;
    pub const HAS_UPDATED: u16 = 1 << 4;
    pub const HAS_FIRST_SEEN: u16 = 1 << 5;
    pub const HAS_LAST_SEEN: u16 = 1 << 6;
    pub const HAS_SPAN: u16 = 1 << 7;
    /// The presence flags of created, updated, first seen and last seen, in that order.
    pub const HAS_TIME: [u16; 4] = [HAS_CREATED, HAS_UPDATED, HAS_FIRST_SEEN, HAS_LAST_SEEN];
}

/// A row's risk cell, `likelihood.index() * 5 + impact.index()`.
pub(super) type RiskCell = u8;

/// A risk cell's likelihood and impact indices (`Level::index`).
pub(super) fn cell_levels(cell: RiskCell) -> (usize, usize) {
    (usize::from(cell / 5), usize::from(cell % 5))
}

/// The id an absent interned text (no account, region or resource type) is stored as.
pub(super) const ABSENT: u32 = u32::MAX;

/// A distinct finding type and what is derived from it alone.
#[derive(Clone, Debug)]
pub(super) struct TypeEntry {
    pub kind: Arc<FindingType>,
    /// CSA threats (they read only the type).
    pub csa: u16,
    /// ATT&CK tactics of a finding of this type without an attack sequence.
    pub tactics: u16,
    /// About credentials whatever the tactics (`vocabulary::is_credential_type`).
    pub credential: bool,
    /// An Extended Threat Detection type (`appetite::is_attack_sequence`).
    pub attack_sequence: bool,
}

/// Every part of a `FindingType`: two types are one entry only when all parts agree.
type TypeKey = (Text, Text, Text, Text, Option<Text>, Option<Text>);

/// What happened to one finding offered to [`Shard::offer`] (as `model::MergeOutcome`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offered {
    Added,
    Replaced,
    Superseded,
}

/// The findings one shard owns, column by column (row `r` of every column is one finding).
#[derive(Debug, Default)]
pub struct Shard {
    pub(super) ids: Vec<Text>,
    row_of: FxHashMap<Text, u32>,
    pub(super) types: Vec<TypeEntry>,
    type_slot: FxHashMap<TypeKey, u32>,
    /// Accounts, regions and resource types, each distinct text once.
    pub(super) strings: InternedStrings,
    pub(super) kind: Vec<u32>,
    pub(super) account: Vec<u32>,
    pub(super) region: Vec<u32>,
    pub(super) resource_type: Vec<u32>,
    pub(super) severity_score: Vec<f64>,
    /// `SeverityBand::index`.
    pub(super) band: Vec<u8>,
    pub(super) flags: Vec<u16>,
    /// Created, updated, first seen, last seen (ms; meaningful when the flag says present).
    pub(super) times: [Vec<i64>; 4],
    pub(super) count: Vec<u64>,
    pub(super) tactics: Vec<u16>,
    dialect: Vec<u8>,
    pub(super) source_file: Vec<u32>,
    /// Byte offset and length of the kept record in its file's text.
    span: Vec<[u64; 2]>,
    /// Where the kept record was read (the tie-break between equal versions).
    origin: Vec<Origin>,
    /// Where the id was first read: its file's report counts it as added, and it orders the
    /// id among the others as the page's set does.
    pub(super) first_seen: Vec<Origin>,
    detail: Vec<Option<Box<Detail>>>,
    /// Every row's risk cell for the last risk context asked for (cleared when rows change).
    pub(super) risk_cache: Option<(RiskContext, Vec<RiskCell>)>,
    /// The free-text search index over the rows, built by the first text query (cleared when
    /// rows change).
    pub(super) search: Option<SearchIndex>,
    /// Findings offered so far: a job counting rows a few at a time stops when it changes.
    pub(super) offers: u64,
}

/// One finding's values, in column form.
struct Row {
    kind: u32,
    account: u32,
    region: u32,
    resource_type: u32,
    severity_score: f64,
    band: u8,
    flags: u16,
    times: [i64; 4],
    count: u64,
    tactics: u16,
    dialect: u8,
    source_file: u32,
    span: [u64; 2],
    origin: Origin,
    detail: Option<Box<Detail>>,
}

impl Shard {
    pub fn new() -> Self {
        Self::default()
    }

    /// Findings (distinct ids) held.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Offers one finding read at `origin`. The kept version of an id is the one with the
    /// newest `updated_at` (absent is oldest), then the larger count, then the earlier origin;
    /// on a full tie the one offered first stays. The order in which findings are offered
    /// therefore only matters between versions from the same origin, which one parser offers
    /// in reading order (or has already de-duplicated).
    pub fn offer(&mut self, finding: Finding, origin: Origin) -> Offered {
        let version = |updated: Option<EpochMillis>, count: u64, origin: Origin| {
            (updated, count, Reverse(origin))
        };
        self.risk_cache = None;
        self.search = None;
        self.offers = self.offers.wrapping_add(1);
        match self.row_of.get(&finding.id) {
            Some(&row) => {
                let row = row as usize;
                self.first_seen[row] = self.first_seen[row].min(origin);
                let kept = version(self.time(row, 1), self.count[row], self.origin[row]);
                if version(finding.updated_at, finding.count, origin) > kept {
                    let values = self.row_values(finding, origin);
                    self.put(row, values);
                    Offered::Replaced
                } else {
                    Offered::Superseded
                }
            }
            None => {
                let row = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
                self.ids.push(finding.id.clone());
                self.row_of.insert(finding.id.clone(), row);
                self.first_seen.push(origin);
                let values = self.row_values(finding, origin);
                self.push(values);
                Offered::Added
            }
        }
    }

    /// The finding in `row`, rebuilt whole (equal to the version that was offered and kept).
    pub fn finding(&self, row: usize) -> Option<Finding> {
        self.finding_with(row, Detail::restore)
    }

    /// The finding in `row` from its columns, with `restore` putting back what it needs of
    /// the row's detail.
    pub(super) fn finding_with(
        &self,
        row: usize,
        restore: impl FnOnce(&Detail, &mut Finding),
    ) -> Option<Finding> {
        let id = self.ids.get(row)?;
        let entry = self.types.get(*self.kind.get(row)? as usize)?;
        let severity_score = self.severity_score[row];
        let dialect = Dialect::ALL
            .get(usize::from(self.dialect[row]))
            .copied()
            .unwrap_or(Dialect::CamelCase);
        let mut finding = Finding::new(id.clone(), entry.kind.clone(), severity_score, dialect);
        finding.severity = self.severity(row);
        finding.account_id = self.text(self.account[row]).map(Text::from);
        finding.region = self.text(self.region[row]).map(Text::from);
        finding.resource_type = self.text(self.resource_type[row]).map(Text::from);
        let times = self.record_times(row);
        finding.created_at = times.created_at;
        finding.updated_at = times.updated_at;
        finding.first_seen_at = times.first_seen_at;
        finding.last_seen_at = times.last_seen_at;
        finding.count = self.count[row];
        let flags = self.flags[row];
        finding.archived = flags & flag::ARCHIVED != 0;
        finding.sample = flags & flag::SAMPLE != 0;
        finding.source_file = self.source_file[row];
        finding.raw_span = (flags & flag::HAS_SPAN != 0).then(|| RawSpan {
            byte_offset: self.span[row][0],
            byte_length: self.span[row][1],
        });
        if let Some(detail) = &self.detail[row] {
            restore(detail, &mut finding);
        }
        Some(finding)
    }

    /// The row holding finding `id`.
    pub fn row_of_id(&self, id: &str) -> Option<usize> {
        self.row_of.get(id).map(|&row| row as usize)
    }

    /// Every finding held, rebuilt, in row order.
    pub fn findings(&self) -> impl Iterator<Item = Finding> + '_ {
        (0..self.len()).filter_map(|row| self.finding(row))
    }

    /// Distinct ids first read in each file (`(file, ids)`, by file): the file reports'
    /// `findings_added`, counted once over all shards because each id has one owner.
    pub fn added_by_file(&self) -> std::collections::BTreeMap<u32, u64> {
        let mut added = std::collections::BTreeMap::new();
        for origin in &self.first_seen {
            *added.entry(origin.file).or_insert(0) += 1;
        }
        added
    }

    pub(super) fn text(&self, id: u32) -> Option<&str> {
        (id != ABSENT).then(|| self.strings.get(id))
    }

    /// Row `row`'s remote actors, domains and user agents (empty when it has no detail).
    pub(super) fn actors_of(&self, row: usize) -> (&[NetworkActor], &[Text], &[Text]) {
        match self.detail.get(row) {
            Some(Some(detail)) => detail.actors(),
            _ => (&[], &[], &[]),
        }
    }

    /// Row `row`'s title, when it has one.
    /// What the graph reads of the row (its account, resources, remote actors and domains).
    pub(super) fn graph_parts_of(&self, row: usize) -> GraphParts<'_> {
        let (resources, network_actors, domains) = match self.detail.get(row) {
            Some(Some(detail)) => detail.graph_parts(),
            _ => (&[][..], &[][..], &[][..]),
        };
        GraphParts {
            account: self.text(self.account[row]),
            resources,
            network_actors,
            domains,
        }
    }

    /// The row's attack sequence, when it is one.
    pub(super) fn attack_sequence_of(&self, row: usize) -> Option<&AttackSequence> {
        match self.detail.get(row) {
            Some(Some(detail)) => detail.attack_sequence(),
            _ => None,
        }
    }

    /// The row's finding ARN, when its record gave one.
    pub(super) fn arn_of(&self, row: usize) -> Option<&str> {
        match self.detail.get(row) {
            Some(Some(detail)) => detail.arn(),
            _ => None,
        }
    }

    /// The signal uids of the row's attack sequence (none when it is not one).
    pub(super) fn signal_uids_of(&self, row: usize) -> &[Text] {
        match self.detail.get(row) {
            Some(Some(detail)) => detail.signal_uids(),
            _ => &[],
        }
    }

    pub(super) fn title_of(&self, row: usize) -> Option<&str> {
        match self.detail.get(row) {
            Some(Some(detail)) => detail.title(),
            _ => None,
        }
    }

    pub(super) fn severity(&self, row: usize) -> SeverityBand {
        SeverityBand::ALL
            .get(usize::from(self.band[row]))
            .copied()
            .unwrap_or(SeverityBand::Low)
    }

    /// Time `which` (0 created, 1 updated, 2 first seen, 3 last seen) of `row`.
    fn time(&self, row: usize, which: usize) -> Option<EpochMillis> {
        let present = flag::HAS_TIME[which];
        (self.flags[row] & present != 0).then(|| EpochMillis(self.times[which][row]))
    }

    pub(super) fn record_times(&self, row: usize) -> RecordTimes {
        RecordTimes {
            created_at: self.time(row, 0),
            updated_at: self.time(row, 1),
            first_seen_at: self.time(row, 2),
            last_seen_at: self.time(row, 3),
        }
    }

    fn string_id(&mut self, text: Option<&Text>) -> u32 {
        text.map_or(ABSENT, |t| self.strings.id(t))
    }

    fn type_of(&mut self, finding: &Finding) -> (u32, u16) {
        let kind = &finding.finding_type;
        let key = (
            kind.full.clone(),
            kind.threat_purpose.clone(),
            kind.resource_token.clone(),
            kind.family.clone(),
            kind.detection_mechanism.clone(),
            kind.artifact.clone(),
        );
        let slot = match self.type_slot.get(&key) {
            Some(&slot) => slot,
            None => {
                let slot = u32::try_from(self.types.len()).unwrap_or(u32::MAX);
                let mut plain = Finding::new(Text::from(""), kind.clone(), 0.0, finding.dialect);
                plain.attack_sequence = None;
                self.types.push(TypeEntry {
                    kind: kind.clone(),
                    csa: csa_mask(&plain),
                    tactics: tactic_mask(&plain),
                    credential: is_credential_type(kind),
                    attack_sequence: is_attack_sequence(&plain),
                });
                self.type_slot.insert(key, slot);
                slot
            }
        };
        let tactics = if finding.attack_sequence.is_some() {
            tactic_mask(finding)
        } else {
            self.types[slot as usize].tactics
        };
        (slot, tactics)
    }

    fn row_values(&mut self, mut finding: Finding, origin: Origin) -> Row {
        let (kind, tactics) = self.type_of(&finding);
        let mut flags = 0;
        let mut times = [0_i64; 4];
        let record = [
            finding.created_at,
            finding.updated_at,
            finding.first_seen_at,
            finding.last_seen_at,
        ];
        for (which, time) in record.into_iter().enumerate() {
            if let Some(time) = time {
                flags |= flag::HAS_TIME[which];
                times[which] = time.0;
            }
        }
        for (set, bit) in [
            (finding.archived, flag::ARCHIVED),
            (finding.sample, flag::SAMPLE),
            (finding.is_zero_confidence(), flag::ZERO_CONFIDENCE),
            (finding.raw_span.is_some(), flag::HAS_SPAN),
        ] {
            if set {
                flags |= bit;
            }
        }
        let span = finding
            .raw_span
            .map_or([0, 0], |s| [s.byte_offset, s.byte_length]);
        Row {
            kind,
            account: self.string_id(finding.account_id.as_ref()),
            region: self.string_id(finding.region.as_ref()),
            resource_type: self.string_id(finding.resource_type.as_ref()),
            severity_score: finding.severity_score,
            band: u8::try_from(finding.severity.index()).unwrap_or(0),
            flags,
            times,
            count: finding.count,
            tactics,
            dialect: finding.dialect.index(),
            source_file: finding.source_file,
            span,
            origin,
            detail: Detail::take(&mut finding),
        }
    }

    fn push(&mut self, row: Row) {
        self.kind.push(row.kind);
        self.account.push(row.account);
        self.region.push(row.region);
        self.resource_type.push(row.resource_type);
        self.severity_score.push(row.severity_score);
        self.band.push(row.band);
        self.flags.push(row.flags);
        for (column, time) in self.times.iter_mut().zip(row.times) {
            column.push(time);
        }
        self.count.push(row.count);
        self.tactics.push(row.tactics);
        self.dialect.push(row.dialect);
        self.source_file.push(row.source_file);
        self.span.push(row.span);
        self.origin.push(row.origin);
        self.detail.push(row.detail);
    }

    fn put(&mut self, at: usize, row: Row) {
        self.kind[at] = row.kind;
        self.account[at] = row.account;
        self.region[at] = row.region;
        self.resource_type[at] = row.resource_type;
        self.severity_score[at] = row.severity_score;
        self.band[at] = row.band;
        self.flags[at] = row.flags;
        for (column, time) in self.times.iter_mut().zip(row.times) {
            column[at] = time;
        }
        self.count[at] = row.count;
        self.tactics[at] = row.tactics;
        self.dialect[at] = row.dialect;
        self.source_file[at] = row.source_file;
        self.span[at] = row.span;
        self.origin[at] = row.origin;
        self.detail[at] = row.detail;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: &str, updated_ms: Option<i64>, count: u64, title: &str) -> Finding {
        let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
        let mut f = Finding::new(id.into(), kind, 5.0, Dialect::CamelCase);
        f.updated_at = updated_ms.map(EpochMillis);
        f.count = count;
        f.title = Some(title.into());
        f
    }

    fn origin(file: u32, piece: u32) -> Origin {
        Origin {
            file,
            piece,
            record: 0,
        }
    }

    fn kept_title(shard: &Shard, id: &str) -> Option<String> {
        let row = shard.row_of_id(id)?;
        shard.finding(row)?.title.map(|t| t.to_string())
    }

    #[test]
    fn a_full_tie_goes_to_the_earlier_origin_whatever_the_offer_order() {
        let mut later_first = Shard::new();
        later_first.offer(finding("a", Some(10), 2, "file 1"), origin(1, 0));
        assert_eq!(
            later_first.offer(finding("a", Some(10), 2, "file 0 piece 3"), origin(0, 3)),
            Offered::Replaced
        );
        let mut earlier_first = Shard::new();
        earlier_first.offer(finding("a", Some(10), 2, "file 0 piece 3"), origin(0, 3));
        assert_eq!(
            earlier_first.offer(finding("a", Some(10), 2, "file 1"), origin(1, 0)),
            Offered::Superseded
        );
        for shard in [&later_first, &earlier_first] {
            assert_eq!(kept_title(shard, "a").as_deref(), Some("file 0 piece 3"));
            assert_eq!(shard.len(), 1);
        }
    }

    #[test]
    fn newer_updates_then_larger_counts_win_before_the_origin() {
        let mut shard = Shard::new();
        shard.offer(finding("a", Some(10), 9, "old"), origin(0, 0));
        shard.offer(finding("a", None, 99, "undated"), origin(0, 0));
        assert_eq!(kept_title(&shard, "a").as_deref(), Some("old"));
        shard.offer(finding("a", Some(20), 1, "newer, later file"), origin(5, 0));
        assert_eq!(
            kept_title(&shard, "a").as_deref(),
            Some("newer, later file")
        );
        shard.offer(
            finding("a", Some(20), 3, "same time, larger count"),
            origin(7, 0),
        );
        assert_eq!(
            kept_title(&shard, "a").as_deref(),
            Some("same time, larger count")
        );
    }

    #[test]
    fn an_id_is_added_by_the_first_file_it_was_read_in_even_when_replaced() {
        let mut shard = Shard::new();
        shard.offer(finding("a", Some(20), 1, "x"), origin(3, 0));
        shard.offer(finding("a", Some(10), 1, "y"), origin(1, 0));
        shard.offer(finding("b", Some(10), 1, "z"), origin(2, 0));
        let added: Vec<(u32, u64)> = shard.added_by_file().into_iter().collect();
        assert_eq!(added, [(1, 1), (2, 1)]);
        assert_eq!(kept_title(&shard, "a").as_deref(), Some("x"));
    }

    #[test]
    fn a_row_gives_back_the_finding_it_was_given() {
        let mut original = finding("a", Some(10), 4, "title");
        original.account_id = Some(" 111122223333 ".into());
        original.region = Some("".into());
        original.first_seen_at = Some(EpochMillis(i64::MIN));
        original.archived = true;
        original.confidence = Some(0.0);
        original.raw_span = Some(RawSpan {
            byte_offset: 7,
            byte_length: 9,
        });
        original.source_file = 4;
        let mut shard = Shard::new();
        shard.offer(original.clone(), origin(4, 0));
        assert_eq!(shard.finding(0), Some(original));
        assert_eq!(shard.finding(1), None);
    }
}
