//! The ingest pool's messages about the workers' store (see `worker::pool_shard`): each
//! worker's place in the pool and its ports to the others, the queries and their answers, the
//! page's decisions on held pieces, and clearing.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::Worker;

use super::{kind_message, IngestPool, Slot};
use crate::store::Side;
use crate::ui::console::warn_on_error;

/// Takes a query answer: the worker's slot and its `ShardAnswer` as JSON.
type AnswerSink = Rc<dyn Fn(usize, String)>;

thread_local! {
    /// Where the workers' query answers go (`ui::state::QueryState`).
    static ANSWER_SINK: RefCell<Option<AnswerSink>> = const { RefCell::new(None) };
}

/// Sends every query answer from the workers to `sink`.
pub fn set_answer_sink(sink: impl Fn(usize, String) + 'static) {
    ANSWER_SINK.with(|s| *s.borrow_mut() = Some(Rc::new(sink)));
}

/// Hands `data` to the answer sink when it is a query answer (`{kind: "answer", json}`);
/// false for any other message.
pub(super) fn take_answer(slot: usize, data: &JsValue) -> bool {
    let Some(json) = answer_of(data) else {
        return false;
    };
    if let Some(sink) = ANSWER_SINK.with(|s| s.borrow().clone()) {
        sink(slot, json);
    }
    true
}

/// The JSON of a query answer, if `data` is one.
fn answer_of(data: &JsValue) -> Option<String> {
    let kind = Reflect::get(data, &"kind".into()).ok()?.as_string()?;
    (kind == "answer")
        .then(|| Reflect::get(data, &"json".into()).ok()?.as_string())
        .flatten()
}

/// Tells a worker that has just started its place in the pool: its index, the pool's size and
/// its ends of the channels to the others (transferred).
pub(super) fn send_pool_message(worker: &Worker, slot: usize, size: usize, ports: Array) {
    let message = kind_message("pool");
    for (key, value) in [
        ("index", JsValue::from(slot as f64)),
        ("size", (size as f64).into()),
        ("ports", ports.clone().into()),
    ] {
        warn_on_error(
            "building a worker's pool message",
            Reflect::set(&message, &key.into(), &value),
        );
    }
    let transfer: Array = ports.iter().filter(|port| !port.is_null()).collect();
    warn_on_error(
        "telling an ingest worker its place in the pool",
        worker.post_message_with_transfer(&message, &transfer),
    );
}

/// A `MessageChannel` between every two workers: `ports[i][j]` is worker `i`'s end towards
/// worker `j` (null for `i == j`, and wherever a channel could not be made).
pub(super) fn peer_ports(count: usize) -> Vec<Option<Array>> {
    let ports: Vec<Array> = (0..count)
        .map(|_| (0..count).map(|_| JsValue::NULL).collect())
        .collect();
    for i in 0..count {
        for j in i + 1..count {
            match web_sys::MessageChannel::new() {
                Ok(channel) => {
                    ports[i].set(j as u32, channel.port1().into());
                    ports[j].set(i as u32, channel.port2().into());
                }
                Err(error) => {
                    leptos::logging::warn!("guardview: no channel between workers ({error:?})")
                }
            }
        }
    }
    ports.into_iter().map(Some).collect()
}

impl IngestPool {
    /// True when a worker of the pool has stopped: its share of the store is gone.
    pub fn any_stopped(&self) -> bool {
        self.slots
            .borrow()
            .iter()
            .any(|slot| matches!(slot, Slot::Gone))
    }

    /// This pool's number among the pools started so far: a store this pool holds is in no
    /// other.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn sent(&self, side: Side) -> &RefCell<Vec<Vec<u64>>> {
        match side {
            Side::Current => &self.sent_by_slot,
            Side::Baseline => &self.baseline_sent_by_slot,
        }
    }

    /// Records what the worker in `slot` said it has routed to each worker for `side`'s store.
    pub fn note_sent(&self, slot: usize, sent_to: Vec<u64>, side: Side) {
        if let Some(entry) = self.sent(side).borrow_mut().get_mut(slot) {
            *entry = sent_to;
        }
    }

    /// Sends one query (`QueryRequest` JSON) to every worker, each told how many batches
    /// from the others, of each store, it must have before it answers.
    pub fn query(&self, request_json: &str) -> Result<(), String> {
        let slots = self.slots.borrow();
        let sent = self.sent_by_slot.borrow();
        let baseline_sent = self.baseline_sent_by_slot.borrow();
        let expected = |sent: &[Vec<u64>], owner: usize| -> f64 {
            sent.iter()
                .filter_map(|counts| counts.get(owner))
                .sum::<u64>() as f64
        };
        for (owner, slot) in slots.iter().enumerate() {
            let worker = slot.worker().ok_or("a reader has stopped")?;
            let message = kind_message("query");
            for (key, value) in [
                ("request", JsValue::from_str(request_json)),
                ("expect", expected(&sent, owner).into()),
                ("expectBaseline", expected(&baseline_sent, owner).into()),
            ] {
                Reflect::set(&message, &key.into(), &value).map_err(|e| format!("{e:?}"))?;
            }
            worker
                .post_message(&message)
                .map_err(|e| format!("{e:?}"))?;
        }
        Ok(())
    }

    /// Tells every worker which held pieces of the load that ended were used (`[[file,
    /// piece, used] …]` as JSON).
    pub fn settle(&self, decisions_json: &str) {
        let message = kind_message("settle");
        warn_on_error(
            "building a settle message",
            Reflect::set(&message, &"decisions".into(), &decisions_json.into()),
        );
        self.post_to_all("settling the held pieces", &message);
    }

    /// Asks every worker to forget its findings of `side`'s store (the page cleared its data,
    /// or loads another baseline).
    pub fn clear_store(&self, side: Side) {
        for counts in self.sent(side).borrow_mut().iter_mut() {
            counts.iter_mut().for_each(|count| *count = 0);
        }
        let message = kind_message("clear");
        warn_on_error(
            "building a clear message",
            Reflect::set(
                &message,
                &"baseline".into(),
                &(side == Side::Baseline).into(),
            ),
        );
        self.post_to_all("clearing the store", &message);
    }

    fn post_to_all(&self, what: &str, message: &JsValue) {
        for worker in self.slots.borrow().iter().filter_map(Slot::worker) {
            warn_on_error(what, worker.post_message(message));
        }
    }
}
