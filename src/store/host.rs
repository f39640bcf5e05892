//! What one worker of the pool holds: its shard, the findings of pieces not yet known to be
//! used, and the routing of what its own parser reads to each finding's owner.
//!
//! Every worker of a pool of `n` runs one [`ShardHost`]. When its parser has read some findings
//! of piece `p` of file `f` (a whole file is piece 0), [`ShardHost::route`] numbers them (their
//! [`Origin`]s), keeps the ones it owns ([`owner_of`]) and returns the others as one
//! [`RoutedFindings`] per owner, which the worker encodes (`ingest::encode_routed`) and posts to
//! that owner; the owner takes it with [`ShardHost::receive`]. A piece after the first of its file may turn out not to be used (an
//! earlier piece read on to the end of the file: see `ingest::pieces`), and only the page
//! learns that, once the pieces before it are applied; so such a piece's findings are *held*
//! by their owners, apart from the shard, until the page's [`ShardHost::settle`] says which
//! pieces were used. Everything else is offered to the shard as it arrives: the shard's rule
//! does not depend on the order of arrival, so the hosts hold exactly the page's set.

use std::collections::BTreeMap;

use super::briefing_rows::BriefingJob;
use super::origin::{owner_of, Origin};
use super::query::{QueryRequest, ShardAnswer};
use super::shard::Shard;
use crate::model::{Finding, RoutedFindings};

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

    pub(super) fn shard_mut(&mut self) -> &mut Shard {
        &mut self.shard
    }

    /// Findings waiting for [`ShardHost::settle`].
    pub fn held_findings(&self) -> usize {
        self.held.values().map(Vec::len).sum()
    }

    /// Takes findings this worker's parser read at `at`, in reading order: keeps (or holds)
    /// the ones it owns and returns the others, `(owner, findings)`, one batch per owner that
    /// has any.
    pub fn route(&mut self, findings: Vec<Finding>, at: ReadAt) -> Vec<(usize, RoutedFindings)> {
        let mut for_owner: Vec<RoutedFindings> = (0..self.shard_count)
            .map(|_| RoutedFindings {
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
            let own = std::mem::take(own);
            self.keep(own);
        }
        let routed: Vec<(usize, RoutedFindings)> = for_owner
            .into_iter()
            .enumerate()
            .filter(|(_, batch)| !batch.findings.is_empty())
            .collect();
        for (owner, _) in &routed {
            self.sent_to[*owner] += 1;
        }
        routed
    }

    /// Takes a batch another worker routed here (counted even when it could not be read and
    /// arrives empty, so the queries waiting for it still end).
    pub fn receive(&mut self, batch: RoutedFindings) {
        self.received += 1;
        self.keep(batch);
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

    /// Starts answering `request`, its briefing tally counted a chunk at a time
    /// ([`Shard::start_briefing`]).
    pub fn start_briefing(&mut self, request: &QueryRequest) -> BriefingJob {
        let index = u32::try_from(self.me).unwrap_or(u32::MAX);
        self.shard.start_briefing(index, request)
    }

    /// Counts the job's next `rows` rows; true once it is done.
    pub fn advance_briefing(&self, job: &mut BriefingJob, rows: usize) -> bool {
        self.shard.advance_briefing(job, rows)
    }

    /// The job's answer, once done (`None`: the rows changed meanwhile).
    pub fn finish_briefing(&self, job: BriefingJob) -> Option<ShardAnswer> {
        self.shard.finish_briefing(job)
    }

    /// Offers a batch's findings, with their origins, to the shard, or holds them.
    fn keep(&mut self, batch: RoutedFindings) {
        let RoutedFindings {
            file,
            piece,
            held,
            records,
            findings,
        } = batch;
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
