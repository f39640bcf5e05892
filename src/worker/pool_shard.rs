//! The worker's share of the pool's finding store: its [`ShardHost`], the ports to the other
//! workers, and the queries it answers (the page's side is `ui::query_client`).
//!
//! Protocol, added to the one `worker` describes:
//! - page → worker `{kind: "pool", index: i, size: n, ports: [MessagePort | null …]}` once,
//!   as the worker starts: it is worker `i` of `n`, and `ports[j]` reaches worker `j`;
//! - worker → worker, through those ports: `{bytes: ArrayBuffer}` (transferred), the findings
//!   the sender read that the receiver owns (`ingest::encode_routed`);
//! - page → worker `{kind: "settle", decisions: "[[file, piece, used] …]"}`: which held pieces
//!   of the load that just ended were used;
//! - page → worker `{kind: "query", request: "<QueryRequest JSON>", expect: k}`: answered with
//!   worker → page `{kind: "answer", json: "<ShardAnswer JSON>"}` once `k` batches from the
//!   other workers have arrived (the page adds up what they said they sent);
//! - page → worker `{kind: "clear"}`: forget every finding (the page cleared its data);
//! - the "done" message of a load carries `sentTo: [k …]`, the batches this worker has routed
//!   to each worker since it started or was cleared.

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, MessagePort};

use crate::ingest::{decode_routed, encode_routed, Interner, RelaySender};
use crate::model::RoutedFindings;
use crate::store::briefing_rows::{BriefingJob, BRIEFING_CHUNK_ROWS};
use crate::store::query::take_next_query;
use crate::store::{QueryRequest, ReadAt, ShardHost};

/// The worker's part of the store, once the page has said which worker it is.
struct PoolShard {
    host: ShardHost,
    /// `ports[j]` reaches worker `j` (`None` for this one).
    ports: Vec<Option<MessagePort>>,
    /// Queries that wait for batches still on their way from other workers.
    waiting: Vec<(QueryRequest, u64)>,
    /// Text shared within one received batch (cleared after each, as the relay's sender does).
    interner: Interner,
    /// The query whose briefing tally is being counted, a chunk of rows per turn.
    running: Option<BriefingJob>,
}

/// Queries kept waiting for batches from other workers, at most.
const MOST_WAITING_QUERIES: usize = 16;

thread_local! {
    static SHARD: RefCell<Option<PoolShard>> = const { RefCell::new(None) };
}

/// Where the findings the parser reads next come from: the file (in the load's order over all
/// loads since the store was cleared, as the page numbers its reports), the piece, and the
/// next record's number within them; `store` when they are the page's data (not a baseline).
pub(super) struct Routing {
    pub file: u32,
    pub piece: u32,
    pub next_record: u32,
    pub store: bool,
}

impl Routing {
    /// Moves on to the next whole file.
    pub fn next_file(&mut self) {
        self.file = self.file.saturating_add(1);
        self.next_record = 0;
    }
}

/// Takes the page's "pool" message: this worker's index, the pool's size, the ports.
pub(super) fn join(data: &JsValue, scope: &DedicatedWorkerGlobalScope) {
    let index = number(data, "index") as usize;
    let size = (number(data, "size") as usize).max(1);
    let ports: Vec<Option<MessagePort>> = Reflect::get(data, &"ports".into())
        .ok()
        .filter(JsValue::is_object)
        .map(|ports| {
            Array::from(&ports)
                .iter()
                .map(|p| p.dyn_into().ok())
                .collect()
        })
        .unwrap_or_default();
    for port in ports.iter().flatten() {
        let scope = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Ok(bytes) = Reflect::get(&event.data(), &"bytes".into()) else {
                return;
            };
            let bytes = Uint8Array::new(&bytes).to_vec();
            with_shard(|shard| {
                let routed = decode_routed(&bytes, &mut shard.interner);
                shard.interner.clear();
                match routed {
                    Ok(routed) => shard.host.receive(routed),
                    Err(error) => {
                        web_sys::console::error_1(&format!("guardview: {error}").into());
                        shard.host.receive(RoutedFindings::default());
                    }
                }
            });
            answer_waiting(&scope);
        });
        port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    }
    SHARD.with(|s| {
        *s.borrow_mut() = Some(PoolShard {
            host: ShardHost::new(index, size),
            ports,
            waiting: Vec::new(),
            interner: Interner::new(),
            running: None,
        })
    });
}

/// Forgets every finding (the page cleared its data); the pool stays as it was.
pub(super) fn clear() {
    with_shard(|shard| {
        shard.host = ShardHost::new(shard.host.index(), shard.host.shard_count());
        shard.waiting.clear();
        shard.running = None;
    });
}

/// Routes the findings the batches since the last call carried (read at `routing`): keeps the
/// ones this worker owns and posts the others to their owners.
pub(super) fn route(sender: &mut RelaySender, routing: &mut Routing) {
    let findings = sender.take_sent();
    if findings.is_empty() {
        return;
    }
    let at = ReadAt {
        file: routing.file,
        piece: routing.piece,
        first_record: routing.next_record,
        held: routing.piece > 0,
    };
    routing.next_record = routing
        .next_record
        .saturating_add(u32::try_from(findings.len()).unwrap_or(u32::MAX));
    with_shard(|shard| {
        for (owner, routed) in shard.host.route(findings, at) {
            let bytes = encode_routed(routed);
            let Some(Some(port)) = shard.ports.get(owner) else {
                web_sys::console::error_1(&"guardview: no port to an owner".into());
                continue;
            };
            let buffer = Uint8Array::from(bytes.as_slice()).buffer();
            let message = Object::new();
            let _ = Reflect::set(&message, &"bytes".into(), &buffer);
            if let Err(error) = port.post_message_with_transferable(&message, &Array::of1(&buffer))
            {
                web_sys::console::error_1(&error);
            }
        }
    });
}

/// Whether this worker has joined a pool (its parser then keeps what it sends, to route it).
pub(super) fn joined() -> bool {
    SHARD.with(|s| s.borrow().is_some())
}

/// The batches this worker has routed to each worker, for its "done" message.
pub(super) fn sent_to() -> Array {
    let counts = Array::new();
    with_shard(|shard| {
        for &count in shard.host.sent_to() {
            counts.push(&(count as f64).into());
        }
    });
    counts
}

/// Takes the page's decisions on the held pieces.
pub(super) fn settle(data: &JsValue) {
    let Some(text) = Reflect::get(data, &"decisions".into())
        .ok()
        .and_then(|d| d.as_string())
    else {
        return;
    };
    match serde_json::from_str::<Vec<(u32, u32, bool)>>(&text) {
        Ok(decisions) => {
            let decisions: Vec<((u32, u32), bool)> = decisions
                .into_iter()
                .map(|(file, piece, used)| ((file, piece), used))
                .collect();
            with_shard(|shard| shard.host.settle(&decisions));
        }
        Err(error) => web_sys::console::error_1(&format!("guardview: {error}").into()),
    }
}

/// Takes a query: answers it now, or once the batches it waits for have arrived.
pub(super) fn query(data: &JsValue, scope: &DedicatedWorkerGlobalScope) {
    let request = Reflect::get(data, &"request".into())
        .ok()
        .and_then(|r| r.as_string())
        .map(|text| serde_json::from_str::<QueryRequest>(&text));
    match request {
        Some(Ok(request)) => {
            let expect = number(data, "expect") as u64;
            with_shard(|shard| {
                // The page runs several lanes of queries, so a newer query does not replace one
                // still waiting (the page ignores answers it no longer needs); only the oldest
                // go once many wait.
                if shard.waiting.len() >= MOST_WAITING_QUERIES {
                    shard.waiting.remove(0);
                }
                shard.waiting.push((request, expect));
            });
            answer_waiting(scope);
        }
        Some(Err(error)) => web_sys::console::error_1(&format!("guardview: {error}").into()),
        None => {}
    }
}

/// Takes the next turn: answers the next waiting query whose batches have all arrived
/// (`take_next_query`: the newest of each lane, the lowest lane first) or, while a query's
/// briefing tally is being counted, counts its next chunk of rows unless a query of a lower
/// lane is ready (a newer filter's cards go first; a newer query of its own lane ends it). While
/// more is to do it lets the messages that came meanwhile in before the next turn: a newer
/// filter's queries then supersede the older ones not yet answered.
fn answer_waiting(scope: &DedicatedWorkerGlobalScope) {
    let (answer, more): (Option<String>, bool) = SHARD.with(|s| {
        let mut s = s.borrow_mut();
        let Some(shard) = s.as_mut() else {
            return (None, false);
        };
        let received = shard.host.received();
        let lane_of = |request: &QueryRequest| request.lane.unwrap_or(u32::MAX);
        if let Some(job) = &shard.running {
            let lane = job.request().lane;
            if lane.is_some() && shard.waiting.iter().any(|(r, _)| r.lane == lane) {
                shard.running = None;
            }
        }
        let before_job = match &shard.running {
            None => true,
            Some(job) => shard.waiting.iter().any(|(request, expect)| {
                received >= *expect && lane_of(request) < lane_of(job.request())
            }),
        };
        let json = if before_job {
            match take_next_query(&mut shard.waiting, received) {
                Some(request) if request.views.briefing => {
                    shard.running = Some(shard.host.start_briefing(&request));
                    None
                }
                Some(request) => serde_json::to_string(&shard.host.answer(&request)).ok(),
                None => None,
            }
        } else {
            match shard.running.take() {
                Some(mut job) => {
                    if shard.host.advance_briefing(&mut job, BRIEFING_CHUNK_ROWS) {
                        let answer = shard.host.finish_briefing(job);
                        answer.and_then(|answer| serde_json::to_string(&answer).ok())
                    } else {
                        shard.running = Some(job);
                        None
                    }
                }
                None => None,
            }
        };
        let more =
            shard.running.is_some() || shard.waiting.iter().any(|(_, expect)| received >= *expect);
        (json, more)
    });
    if more {
        let scope = scope.clone();
        gloo_timers::callback::Timeout::new(0, move || answer_waiting(&scope)).forget();
    }
    if let Some(json) = answer {
        let message = Object::new();
        let _ = Reflect::set(&message, &"kind".into(), &"answer".into());
        let _ = Reflect::set(&message, &"json".into(), &json.into());
        if let Err(error) = scope.post_message(&message) {
            web_sys::console::error_1(&error);
        }
    }
}

fn with_shard(change: impl FnOnce(&mut PoolShard)) {
    SHARD.with(|s| {
        if let Some(shard) = s.borrow_mut().as_mut() {
            change(shard);
        }
    });
}

fn number(value: &JsValue, key: &str) -> f64 {
    Reflect::get(value, &key.into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}
