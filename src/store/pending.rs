//! The page's side of one query: each shard's answer merged as it arrives, the result
//! finished once every shard has answered.

use std::collections::BTreeSet;

use super::query::{QueryAnswer, QueryRequest, QueryResult, ShardAnswer};

/// The page's side of one query: answers merged as they arrive; an answer to another query
/// (an older one still running when the filter changed) or a second answer from one shard is
/// ignored.
#[derive(Clone, Debug)]
pub struct PendingQuery {
    request: QueryRequest,
    shard_count: usize,
    answered: BTreeSet<u32>,
    merged: QueryAnswer,
}

impl PendingQuery {
    pub fn new(request: QueryRequest, shard_count: usize) -> Self {
        Self {
            request,
            shard_count,
            answered: BTreeSet::new(),
            merged: QueryAnswer::default(),
        }
    }

    pub fn request(&self) -> &QueryRequest {
        &self.request
    }

    /// Takes in one shard's answer; false when it was ignored (stale, duplicate or from a
    /// shard outside the pool).
    pub fn accept(&mut self, answer: ShardAnswer) -> bool {
        let fresh = answer.query_id == self.request.query_id
            && (answer.shard as usize) < self.shard_count
            && self.answered.insert(answer.shard);
        if fresh {
            self.merged.merge(answer.answer);
        }
        fresh
    }

    pub fn is_complete(&self) -> bool {
        self.answered.len() == self.shard_count
    }

    /// The finished result once every shard has answered.
    pub fn result(&self) -> Option<QueryResult> {
        self.is_complete()
            .then(|| self.merged.clone().finish(&self.request.views))
    }
}
