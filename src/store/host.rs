//! What one worker of the pool holds: its shard, the findings of pieces not yet known to be
//! used, and the routing of what its own parser reads to each finding's owner.
//!
//! Every worker of a pool of `n` runs one [`ShardHost`]. When its parser has read some findings
//! of piece `p` of file `f` (a whole file is piece 0), [`ShardHost::route`] numbers them (their
//! [`Origin`]s), keeps the ones it owns ([`owner_of`]) and returns the others as one encoded
//! [`PeerBatch`] per owner, which the worker posts to that owner; the owner takes it with
//! [`ShardHost::receive`]. A piece after the first of its file may turn out not to be used (an
//! earlier piece read on to the end of the file: see `ingest::pieces`), and only the page
//! learns that, once the pieces before it are applied; so such a piece's findings are *held*
//! by their owners, apart from the shard, until the page's [`ShardHost::settle`] says which
//! pieces were used. Everything else is offered to the shard as it arrives: the shard's rule
//! does not depend on the order of arrival, so the hosts hold exactly the page's set.

use std::collections::BTreeMap;

use super::origin::{owner_of, Origin};
use super::query::{QueryRequest, ShardAnswer};
use super::shard::Shard;
use crate::ingest::{decode_findings, encode_findings, Interner, RelayError};
use crate::model::Finding;

/// Where a parser's findings were read: piece `piece` of file `file` (in load order), the
/// first of them being the `first_record`th finding its parser read from that piece; `held`
/// when the piece may yet turn out unused (any piece but a file's first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadAt {
    pub file: u32,
    pub piece: u32,
    pub first_record: u32,
    pub held: bool,
}

/// One worker's share of a load.
#[derive(Debug)]
pub struct ShardHost {
    me: usize,
    shard_count: usize,
    shard: Shard,
    /// Findings of pieces not yet settled, by (file, piece), in arrival order.
    held: BTreeMap<(u32, u32), Vec<(Finding, Origin)>>,
    /// The page's decisions so far, by (file, piece): used or not. A held batch that arrives
    /// after its piece's decision (messages between workers and from the page are not ordered
    /// with each other) follows it at once.
    settled: BTreeMap<(u32, u32), bool>,
    /// Batches routed to each worker (by index; this one's own stays 0).
    sent_to: Vec<u64>,
    /// Batches received from the other workers.
    received: u64,
    /// Text shared within one received batch (cleared after each, as the relay's sender does).
    interner: Interner,
}

/// The findings one worker read and another owns, with their origins.
#[derive(Debug, PartialEq)]
pub struct PeerBatch {
    pub file: u32,
    pub piece: u32,
    pub held: bool,
    pub records: Vec<u32>,
    pub findings: Vec<Finding>,
}

/// Bytes of a peer batch's header: file, piece, held and the record count (4 bytes each).
const HEADER_BYTES: usize = 16;

impl PeerBatch {
    /// The batch as bytes: the header and records as little-endian `u32`s, then the findings
    /// in the relay's batch format.
    pub fn encode(self) -> Vec<u8> {
        let findings = encode_findings(self.findings);
        let mut bytes = Vec::with_capacity(HEADER_BYTES + 4 * self.records.len() + findings.len());
        let count = u32::try_from(self.records.len()).unwrap_or(u32::MAX);
        for word in [self.file, self.piece, u32::from(self.held), count]
            .into_iter()
            .chain(self.records)
        {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        bytes.extend_from_slice(&findings);
        bytes
    }

    /// Reads what [`PeerBatch::encode`] wrote.
    pub fn decode(bytes: &[u8], interner: &mut Interner) -> Result<Self, RelayError> {
        let word = |index: usize| -> Result<u32, RelayError> {
            bytes
                .get(4 * index..4 * index + 4)
                .and_then(|b| b.try_into().ok())
                .map(u32::from_le_bytes)
                .ok_or_else(|| RelayError("a peer batch ends early".into()))
        };
        let count = word(3)? as usize;
        let records = (0..count)
            .map(|i| word(4 + i))
            .collect::<Result<Vec<_>, _>>()?;
        let findings = decode_findings(&bytes[HEADER_BYTES + 4 * count..], interner)?;
        if findings.len() != records.len() {
            return Err(RelayError(
                "a peer batch's records and findings differ".into(),
            ));
        }
        Ok(Self {
            file: word(0)?,
            piece: word(1)?,
            held: word(2)? != 0,
            records,
            findings,
        })
    }
}

impl ShardHost {
    /// Worker `me` of a pool of `shard_count`, holding nothing yet.
    pub fn new(me: usize, shard_count: usize) -> Self {
        Self {
            me,
            shard_count: shard_count.max(1),
            shard: Shard::new(),
            held: BTreeMap::new(),
            settled: BTreeMap::new(),
            sent_to: vec![0; shard_count.max(1)],
            received: 0,
            interner: Interner::new(),
        }
    }

    /// The shard's index in the pool.
    pub fn index(&self) -> usize {
        self.me
    }

    pub fn shard_count(&self) -> usize {
        self.shard_count
    }

    /// The findings this worker owns (settled ones only).
    pub fn shard(&self) -> &Shard {
        &self.shard
    }

    /// Findings waiting for [`ShardHost::settle`].
    pub fn held_findings(&self) -> usize {
        self.held.values().map(Vec::len).sum()
    }

    /// Takes findings this worker's parser read at `at`, in reading order: keeps (or holds)
    /// the ones it owns and returns the others as encoded batches, `(owner, bytes)`, one per
    /// owner that has any.
    pub fn route(&mut self, findings: Vec<Finding>, at: ReadAt) -> Vec<(usize, Vec<u8>)> {
        let mut for_owner: Vec<PeerBatch> = (0..self.shard_count)
            .map(|_| PeerBatch {
                file: at.file,
                piece: at.piece,
                held: at.held,
                records: Vec::new(),
                findings: Vec::new(),
            })
            .collect();
        for (offset, finding) in findings.into_iter().enumerate() {
            let record = at
                .first_record
                .saturating_add(u32::try_from(offset).unwrap_or(u32::MAX));
            let owner = owner_of(&finding.id, self.shard_count);
            if let Some(batch) = for_owner.get_mut(owner) {
                batch.records.push(record);
                batch.findings.push(finding);
            }
        }
        if let Some(own) = for_owner.get_mut(self.me) {
            let records = std::mem::take(&mut own.records);
            let findings = std::mem::take(&mut own.findings);
            self.keep(at, records, findings);
        }
        let routed: Vec<(usize, Vec<u8>)> = for_owner
            .into_iter()
            .enumerate()
            .filter(|(_, batch)| !batch.findings.is_empty())
            .map(|(owner, batch)| (owner, batch.encode()))
            .collect();
        for (owner, _) in &routed {
            self.sent_to[*owner] += 1;
        }
        routed
    }

    /// Takes a batch another worker routed here.
    pub fn receive(&mut self, bytes: &[u8]) -> Result<(), RelayError> {
        self.received += 1;
        let batch = PeerBatch::decode(bytes, &mut self.interner);
        self.interner.clear();
        let batch = batch?;
        let at = ReadAt {
            file: batch.file,
            piece: batch.piece,
            first_record: 0,
            held: batch.held,
        };
        self.keep(at, batch.records, batch.findings);
        Ok(())
    }

    /// Takes the page's decision on held pieces, `((file, piece), used)`: a used piece's
    /// findings go to the shard, an unused one's (after a piece that ended its file, or never
    /// applied after a cancel) are forgotten, now or whenever they arrive.
    pub fn settle(&mut self, decisions: &[((u32, u32), bool)]) {
        for &(key, used) in decisions {
            self.settled.insert(key, used);
            let Some(findings) = self.held.remove(&key) else {
                continue;
            };
            if used {
                for (finding, origin) in findings {
                    self.shard.offer(finding, origin);
                }
            }
        }
    }

    /// Batches this worker routed to each worker of the pool (by index).
    pub fn sent_to(&self) -> &[u64] {
        &self.sent_to
    }

    /// Batches this worker received from the others: once it equals what they say they sent
    /// it, every finding it owns has arrived.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// This shard's partial answer to `request`.
    pub fn answer(&mut self, request: &QueryRequest) -> ShardAnswer {
        let index = u32::try_from(self.me).unwrap_or(u32::MAX);
        self.shard.answer(index, request)
    }

    /// Offers findings read at `at` (its file, piece and whether held) with their record
    /// numbers to the shard, or holds them.
    fn keep(&mut self, at: ReadAt, records: Vec<u32>, findings: Vec<Finding>) {
        let ReadAt {
            file, piece, held, ..
        } = at;
        let with_origins = findings
            .into_iter()
            .zip(records)
            .map(|(mut finding, record)| {
                // The file's place in the load: the detail panel reads the record back from it.
                finding.source_file = file;
                let origin = Origin {
                    file,
                    piece,
                    record,
                };
                (finding, origin)
            });
        let decided = self.settled.get(&(file, piece)).copied();
        if held && decided == Some(false) {
            return;
        }
        if held && decided.is_none() {
            self.held
                .entry((file, piece))
                .or_default()
                .extend(with_origins);
        } else {
            for (finding, origin) in with_origins {
                self.shard.offer(finding, origin);
            }
        }
    }
}
