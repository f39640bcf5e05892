//! The worker's share of the pool's finding store: its [`ShardHost`], the ports to the other
//! workers, and the queries it answers (the page's side is `ui::query_client`).
//!
//! Protocol, added to the one `worker` describes:
//! - page → worker `{kind: "pool", index: i, size: n, ports: [MessagePort | null …]}` once,
//!   as the worker starts: it is worker `i` of `n`, and `ports[j]` reaches worker `j`;
//! - worker → worker, through those ports: `{bytes: ArrayBuffer, baseline: bool}`
//!   (transferred), the findings the sender read that the receiver owns
//!   (`ingest::encode_routed`), for the current data's store or the baseline's (`store::pair`:
//!   each worker holds both, so an id has the same owner in both);
//! - page → worker `{kind: "settle", decisions: "[[file, piece, used] …]"}`: which held pieces
//!   of the load that just ended were used;
//! - page → worker `{kind: "query", request: "<QueryRequest JSON>", expect: k,
//!   expectBaseline: b}`: answered with worker → page `{kind: "answer", json: "<ShardAnswer
//!   JSON>"}` once `k` batches of the current data and `b` of the baseline from the other
//!   workers have arrived (the page adds up what they said they sent);
//! - page → worker `{kind: "clear", baseline: bool}`: forget every finding of the current data
//!   (the page cleared its data) or of the baseline (another baseline is loaded);
//! - the "done" message of a load carries `sentTo: [k …]`, the batches this worker has routed
//!   to each worker for the store it loaded since it started or that store was cleared.

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, MessagePort};

use crate::ingest::{decode_routed, encode_routed, Interner, RelaySender};
use crate::model::RoutedFindings;
use crate::store::briefing_rows::{BriefingJob, BRIEFING_CHUNK_ROWS};
use crate::store::query::take_next_query;
use crate::store::{self, HostPair, QueryRequest, ReadAt, Side};

/// The worker's part of the store, once the page has said which worker it is.
struct PoolShard {
    /// The current data's share and the baseline's.
    pair: HostPair,
    /// `ports[j]` reaches worker `j` (`None` for this one).
    ports: Vec<Option<MessagePort>>,
    /// Queries that wait for batches still on their way from other workers (of the current
    /// data, of the baseline).
    waiting: Vec<(QueryRequest, [u64; 2])>,
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
/// next record's number within them; `store`: which of the worker's stores keeps them (none
/// for a load outside the store).
pub(super) struct Routing {
    pub file: u32,
    pub piece: u32,
    pub next_record: u32,
    pub store: Option<Side>,
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
            let data = event.data();
            let Ok(bytes) = Reflect::get(&data, &"bytes".into()) else {
                return;
            };
            let bytes = Uint8Array::new(&bytes).to_vec();
            let side = side_of(&data);
            with_shard(|shard| {
                let routed = decode_routed(&bytes, &mut shard.interner);
                shard.interner.clear();
                let host = shard.pair.host(side);
                match routed {
                    Ok(routed) => host.receive(routed),
                    Err(error) => {
                        web_sys::console::error_1(&format!("guardview: {error}").into());
                        host.receive(RoutedFindings::default());
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
            pair: HostPair::new(index, size),
            ports,
            waiting: Vec::new(),
            interner: Interner::new(),
            running: None,
        })
    });
}

/// Forgets every finding of one store (the page cleared its data, or loads another
/// baseline); the pool stays as it was.
pub(super) fn clear(data: &JsValue) {
    let side = side_of(data);
    with_shard(|shard| {
        shard.pair.clear(side);
        // Only the queries about the store cleared go: the page asks them again once it is
        // read; the other store's queries (a briefing tally counting, say) still want answers.
        shard
            .waiting
            .retain(|(request, _)| !store::pair::asks_about(request, side));
        if side == Side::Current {
            shard.running = None;
        }
    });
}

/// The store a message names (`baseline: true`), else the current data's.
fn side_of(data: &JsValue) -> Side {
    let baseline = Reflect::get(data, &"baseline".into())
        .ok()
        .and_then(|b| b.as_bool())
        .unwrap_or(false);
    if baseline {
        Side::Baseline
    } else {
        Side::Current
    }
}

/// Routes the findings the batches since the last call carried (read at `routing`): keeps the
/// ones this worker owns and posts the others to their owners.
pub(super) fn route(sender: &mut RelaySender, routing: &mut Routing) {
    let findings = sender.take_sent();
    let Some(side) = routing.store else {
        return;
    };
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
    let baseline = side == Side::Baseline;
    with_shard(|shard| {
        for (owner, routed) in shard.pair.host(side).route(findings, at) {
            let bytes = encode_routed(routed);
            let Some(Some(port)) = shard.ports.get(owner) else {
                web_sys::console::error_1(&"guardview: no port to an owner".into());
                continue;
            };
            let buffer = Uint8Array::from(bytes.as_slice()).buffer();
            let message = Object::new();
            let _ = Reflect::set(&message, &"bytes".into(), &buffer);
            let _ = Reflect::set(&message, &"baseline".into(), &baseline.into());
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

/// The batches this worker has routed to each worker for `side`'s store, for its "done"
/// message.
pub(super) fn sent_to(side: Option<Side>) -> Array {
    let counts = Array::new();
    with_shard(|shard| {
        let Some(side) = side else {
            return;
        };
        for &count in shard.pair.host(side).sent_to() {
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
            with_shard(|shard| shard.pair.current.settle(&decisions));
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
            let expect = [
                number(data, "expect") as u64,
                number(data, "expectBaseline") as u64,
            ];
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
        let received = shard.pair.received();
        let ready = |expect: [u64; 2]| received[0] >= expect[0] && received[1] >= expect[1];
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
                ready(*expect) && lane_of(request) < lane_of(job.request())
            }),
        };
        let json = if before_job {
            match take_next_query(&mut shard.waiting, ready) {
                Some(request) if request.views.briefing && !request.baseline => {
                    shard.running = Some(shard.pair.current.start_briefing(&request));
                    None
                }
                Some(request) => serde_json::to_string(&shard.pair.answer(&request)).ok(),
                None => None,
            }
        } else {
            match shard.running.take() {
                Some(mut job) => {
                    if shard
                        .pair
                        .current
                        .advance_briefing(&mut job, BRIEFING_CHUNK_ROWS)
                    {
                        let answer = shard.pair.current.finish_briefing(job);
                        answer.and_then(|answer| serde_json::to_string(&answer).ok())
                    } else {
                        shard.running = Some(job);
                        None
                    }
                }
                None => None,
            }
        };
        let more = shard.running.is_some() || shard.waiting.iter().any(|(_, e)| ready(*e));
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
