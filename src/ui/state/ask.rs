//! One-off questions to the workers' store (an export's rows, the IOC list): sent once with the
//! current filter, answered into a future. The caller counts on the page instead when the
//! store cannot answer (no workers, a worker lost, a load running) or takes too long.

use std::cell::RefCell;

use futures_channel::oneshot;
use futures_util::future::{select, Either};

use crate::store::{PendingQuery, QueryRequest, QueryResult, ShardAnswer};
use crate::ui::ingest_client;

/// How long an export waits for the workers before the page counts it itself.
const GIVE_UP_MS: u32 = 120_000;

thread_local! {
    /// Questions sent and not yet fully answered, with where their result goes.
    static WAITING: RefCell<Vec<(PendingQuery, oneshot::Sender<QueryResult>)>> =
        const { RefCell::new(Vec::new()) };
}

/// Sends `request` (its `query_id` already set) to every worker and waits for the merged
/// result; `None` when it could not be sent or did not come back in time.
pub(super) async fn ask(request: QueryRequest) -> Option<QueryResult> {
    let pool = ingest_client::current_pool()?;
    pool.take_late_messages();
    if pool.any_stopped() || !pool.all_ready() {
        return None;
    }
    let json = serde_json::to_string(&request).ok()?;
    let query_id = request.query_id;
    let (sender, receiver) = oneshot::channel();
    WAITING.with(|w| {
        w.borrow_mut()
            .push((PendingQuery::new(request, pool.slot_count()), sender))
    });
    if let Err(reason) = pool.query(&json) {
        leptos::logging::warn!("guardview: the question could not be sent ({reason})");
        forget(query_id);
        return None;
    }
    let timeout = gloo_timers::future::TimeoutFuture::new(GIVE_UP_MS);
    match select(receiver, timeout).await {
        Either::Left((result, _)) => result.ok(),
        Either::Right(((), _)) => {
            leptos::logging::warn!("guardview: the workers did not answer in time");
            forget(query_id);
            None
        }
    }
}

fn forget(query_id: u64) {
    WAITING.with(|w| {
        w.borrow_mut()
            .retain(|(query, _)| query.request().query_id != query_id)
    });
}

/// Takes one worker's answer if it answers a waiting question (the last one sends the merged
/// result); false when it does not.
pub(super) fn take(answer: &ShardAnswer) -> bool {
    WAITING.with(|w| {
        let mut waiting = w.borrow_mut();
        let Some(at) = waiting
            .iter()
            .position(|(query, _)| query.request().query_id == answer.query_id)
        else {
            return false;
        };
        waiting[at].0.accept(answer.clone());
        if let Some(result) = waiting[at].0.result() {
            let (_, sender) = waiting.swap_remove(at);
            // The receiver is gone only when the caller stopped waiting.
            let _ = sender.send(result);
        }
        true
    })
}
