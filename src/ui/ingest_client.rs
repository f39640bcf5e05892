//! The page's side of the ingest Web Workers (`src/worker.rs`): starts a pool of them once,
//! early (so their module is compiled before the first drop), and turns their messages into one
//! stream, each message tagged with its worker's slot, that the loader awaits. When no worker
//! can start (no worker support, a blocked script, the wasm test harness that serves no worker
//! files) the loader reads on the page instead.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures_util::future::{select, Either};
use futures_util::StreamExt;
use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use super::console::warn_on_error;
use crate::ingest::PieceOf;

mod store_messages;

pub use store_messages::set_answer_sink;

/// The worker's classic script (`assets/ingest_worker_loader.js`), which loads its module.
const WORKER_SCRIPT: &str = "./ingest_worker_loader.js";

/// How long the first worker may take to start before the page reads files itself.
pub const START_TIMEOUT_MS: u32 = 15_000;

/// One message from the worker.
pub enum WorkerMessage {
    Ready,
    /// A binary batch for `LoadSession::apply_relayed`, of the `file`th file of the worker's
    /// load message.
    Batch {
        bytes: Vec<u8>,
        file: usize,
    },
    /// The end of a load message, with the batches the worker has routed to each worker of
    /// the pool since the store was cleared (see `worker::pool_shard`).
    Done {
        cancelled: bool,
        sent_to: Vec<u64>,
    },
    /// The worker stopped (a script error, a crash, out of memory).
    Failed(String),
}

/// The pool of ingest workers and their one shared message stream (each message tagged with
/// its worker's slot), taken by the one load that is running.
pub struct IngestPool {
    slots: RefCell<Vec<Slot>>,
    /// Set when a worker failed after the pool started (the next load starts a fresh pool).
    lost_a_worker: Cell<bool>,
    inbox: RefCell<Option<UnboundedReceiver<(usize, WorkerMessage)>>>,
    /// Every worker's `message` and `error` listeners, removed when the pool is dropped.
    _listeners: Vec<[EventListener; 2]>,
    /// Each worker's ports to the others, until its "pool" message takes them (by slot).
    peer_ports: RefCell<Vec<Option<Array>>>,
    /// What each worker last said it had routed to each worker (by slot, then owner), for
    /// the current data's store and for the baseline's.
    sent_by_slot: RefCell<Vec<Vec<u64>>>,
    baseline_sent_by_slot: RefCell<Vec<Vec<u64>>>,
    /// Tells this pool from the ones started before it (a store held by one is not in the
    /// next).
    generation: u64,
}

/// One worker of the pool.
enum Slot {
    /// Created; its "ready" has not arrived yet (a load running meanwhile uses the others and
    /// gives this one jobs once it is ready).
    Starting(Worker),
    Ready(Worker),
    /// Failed and stopped.
    Gone,
}

impl Slot {
    fn worker(&self) -> Option<&Worker> {
        match self {
            Self::Starting(worker) | Self::Ready(worker) => Some(worker),
            Self::Gone => None,
        }
    }
}

/// The most workers a pool starts (more cores than this parse faster than the page applies).
pub const MOST_WORKERS: usize = 8;

thread_local! {
    static POOL: RefCell<Option<Rc<IngestPool>>> = const { RefCell::new(None) };
    /// Set once no worker could start: every load then reads on the page.
    static UNAVAILABLE: RefCell<bool> = const { RefCell::new(false) };
    /// True while one caller is starting the pool; the others wait for it.
    static STARTING: Cell<bool> = const { Cell::new(false) };
    /// Pools started so far.
    static GENERATIONS: Cell<u64> = const { Cell::new(0) };
}

/// Which of the workers' stores a load goes into.
#[derive(Clone, Copy, Debug)]
pub enum LoadInto {
    /// The page's data, the load's first file being the `file_base`th file loaded since the
    /// store was cleared (its report's index).
    Data { file_base: usize },
    /// A baseline (an earlier period, for comparison), its files numbered from 0.
    Baseline,
}

/// The pool, if one has started (without starting one).
pub fn current_pool() -> Option<Rc<IngestPool>> {
    POOL.with(|p| p.borrow().clone())
}

/// Starts the pool in the background (call once the page is up).
pub fn warm_up() {
    // Whether it started matters only to the first load; `ready_pool` logs a failure.
    wasm_bindgen_futures::spawn_local(async {
        ready_pool().await;
    });
}

/// How many workers to start: `?workers=N` in the page's address (1–8; for tests and the
/// benchmark), else `min(navigator.hardwareConcurrency, 8)`.
pub fn configured_worker_count() -> usize {
    let Some(window) = web_sys::window() else {
        return 1;
    };
    let from_address = window
        .location()
        .href()
        .ok()
        .and_then(|href| web_sys::Url::new(&href).ok())
        .and_then(|url| url.search_params().get("workers"))
        .and_then(|count| count.parse().ok());
    let cores = window.navigator().hardware_concurrency() as usize;
    from_address.unwrap_or(cores).clamp(1, MOST_WORKERS)
}

/// The ready pool, starting it if needed; `None` when workers are unavailable here.
pub async fn ready_pool() -> Option<Rc<IngestPool>> {
    loop {
        if UNAVAILABLE.with(|u| *u.borrow()) {
            return None;
        }
        if let Some(pool) = POOL.with(|p| p.borrow().clone()) {
            return Some(pool);
        }
        if !STARTING.with(|s| s.replace(true)) {
            break;
        }
        // Another caller (the warm-up, usually) is starting it: one pool, not two.
        TimeoutFuture::new(20).await;
    }
    let started = start(configured_worker_count()).await;
    STARTING.with(|s| s.set(false));
    match started {
        Ok(pool) => {
            let pool = Rc::new(pool);
            POOL.with(|p| *p.borrow_mut() = Some(pool.clone()));
            Some(pool)
        }
        Err(reason) => {
            leptos::logging::warn!("guardview: reading files on the page ({reason})");
            UNAVAILABLE.with(|u| *u.borrow_mut() = true);
            None
        }
    }
}

impl IngestPool {
    /// The slots of the workers ready for jobs.
    pub fn live_slots(&self) -> Vec<usize> {
        let slots = self.slots.borrow();
        (0..slots.len())
            .filter(|&slot| matches!(slots[slot], Slot::Ready(_)))
            .collect()
    }

    /// True while any worker is ready or still starting.
    pub fn has_workers(&self) -> bool {
        self.slots
            .borrow()
            .iter()
            .any(|slot| slot.worker().is_some())
    }

    /// Workers created, in any state (slots are `0..slot_count()`).
    pub fn slot_count(&self) -> usize {
        self.slots.borrow().len()
    }

    /// Takes a worker's "ready": true when the worker in `slot` was starting and may now take
    /// jobs.
    pub fn mark_ready(&self, slot: usize) -> bool {
        let mut slots = self.slots.borrow_mut();
        let size = slots.len();
        let Some(entry) = slots.get_mut(slot) else {
            return false;
        };
        match std::mem::replace(entry, Slot::Gone) {
            Slot::Starting(worker) => {
                // The worker's share of the store: its index, the pool's size, its ports.
                let ports = self
                    .peer_ports
                    .borrow_mut()
                    .get_mut(slot)
                    .and_then(Option::take);
                if let Some(ports) = ports {
                    store_messages::send_pool_message(&worker, slot, size, ports);
                }
                *entry = Slot::Ready(worker);
                true
            }
            other => {
                *entry = other;
                false
            }
        }
    }

    /// True when a worker failed during this pool's life (the next load starts a fresh pool).
    pub fn lost_a_worker(&self) -> bool {
        self.lost_a_worker.get()
    }

    /// True when every worker the pool started is ready (none starting, none stopped): only
    /// then does the store hold every finding and answer queries.
    pub fn all_ready(&self) -> bool {
        self.slots
            .borrow()
            .iter()
            .all(|slot| matches!(slot, Slot::Ready(_)))
    }

    /// Asks the worker in `slot` to read `files` in order, all in one message (it streams them
    /// back to back, with no round trip between files); each file's report carries the name at
    /// the same index of `names` (its path in a folder), or the file's own name; the worker
    /// keeps what it reads in the store `into` names.
    pub fn load(
        &self,
        slot: usize,
        files: &[web_sys::File],
        names: &[String],
        piece: Option<PieceOf>,
        into: LoadInto,
    ) -> Result<(), String> {
        let list = Array::new();
        for file in files {
            list.push(file);
        }
        let name_list = Array::new();
        for name in names {
            name_list.push(&JsValue::from_str(name));
        }
        let message = Object::new();
        let piece = match piece {
            Some(piece) => {
                let fields = Object::new();
                for (key, value) in [("index", piece.index), ("count", piece.count)] {
                    Reflect::set(&fields, &key.into(), &(value as f64).into())
                        .map_err(|e| format!("{e:?}"))?;
                }
                fields.into()
            }
            None => JsValue::UNDEFINED,
        };
        for (key, value) in [
            ("kind", JsValue::from_str("load")),
            ("files", list.into()),
            ("names", name_list.into()),
            ("piece", piece),
            (
                "fileBase",
                match into {
                    LoadInto::Data { file_base } => (file_base as f64).into(),
                    LoadInto::Baseline => JsValue::UNDEFINED,
                },
            ),
            ("baseline", matches!(into, LoadInto::Baseline).into()),
        ] {
            Reflect::set(&message, &key.into(), &value).map_err(|e| format!("{e:?}"))?;
        }
        let slots = self.slots.borrow();
        let worker = slots
            .get(slot)
            .and_then(Slot::worker)
            .ok_or_else(|| "the reader has stopped".to_owned())?;
        worker.post_message(&message).map_err(|e| format!("{e:?}"))
    }

    /// Asks every worker to stop after the chunk it is reading.
    pub fn cancel(&self) {
        let message = kind_message("cancel");
        for worker in self.slots.borrow().iter().filter_map(Slot::worker) {
            warn_on_error(
                "asking an ingest worker to cancel",
                worker.post_message(&message),
            );
        }
    }

    /// Asks the worker in `slot` to wait after the batch it is posting (`paused`), or to go
    /// on (see `InOrder::should_pause`).
    pub fn set_paused(&self, slot: usize, paused: bool) {
        let message = kind_message(if paused { "pause" } else { "resume" });
        if let Some(worker) = self.slots.borrow().get(slot).and_then(Slot::worker) {
            warn_on_error(
                "asking an ingest worker to pause or go on",
                worker.post_message(&message),
            );
        }
    }

    /// Stops the worker in `slot` (it failed); the pool goes on with the others.
    pub fn retire(&self, slot: usize) {
        if let Some(entry) = self.slots.borrow_mut().get_mut(slot) {
            if let Some(worker) = entry.worker() {
                worker.terminate();
            }
            *entry = Slot::Gone;
            self.lost_a_worker.set(true);
        }
    }

    /// Stops the workers still starting (a load waited for them in vain).
    pub fn retire_starting(&self) {
        let starting: Vec<usize> = {
            let slots = self.slots.borrow();
            (0..slots.len())
                .filter(|&slot| matches!(slots[slot], Slot::Starting(_)))
                .collect()
        };
        for slot in starting {
            self.retire(slot);
        }
    }

    /// Takes the message stream for one load; give it back with [`IngestPool::put_inbox`].
    pub fn take_inbox(&self) -> Option<UnboundedReceiver<(usize, WorkerMessage)>> {
        self.inbox.borrow_mut().take()
    }

    pub fn put_inbox(&self, inbox: UnboundedReceiver<(usize, WorkerMessage)>) {
        *self.inbox.borrow_mut() = Some(inbox);
    }

    /// Takes what workers said while no load was reading the inbox (a load reads it itself):
    /// a worker that finished starting after the last load is marked ready (it then gets its
    /// share of the store, which waits in its ports), and an idle worker that failed is
    /// retired. Between loads nothing else is sent.
    pub fn take_late_messages(&self) {
        let Some(mut inbox) = self.take_inbox() else {
            return;
        };
        while let Ok((slot, message)) = inbox.try_recv() {
            match message {
                WorkerMessage::Ready => {
                    self.mark_ready(slot);
                }
                WorkerMessage::Failed(reason) => {
                    leptos::logging::warn!("guardview: ingest worker {slot} stopped ({reason})");
                    self.retire(slot);
                }
                _ => {}
            }
        }
        self.put_inbox(inbox);
    }
}

/// Tells the workers to stop the load they are running (if any) at once, rather than when the
/// page next hears from them.
pub fn cancel_running_load() {
    if let Some(pool) = POOL.with(|p| p.borrow().clone()) {
        pool.cancel();
    }
}

/// Forgets a pool that lost a worker, so the next load starts a full fresh one.
pub fn discard(pool: &IngestPool) {
    for slot in 0..pool.slot_count() {
        pool.retire(slot);
    }
    POOL.with(|p| *p.borrow_mut() = None);
}

/// Creates `count` workers and waits for the first to be ready (so a load starts as soon as
/// one worker can read; the others join it as their "ready" arrives). An error only when none
/// could start.
async fn start(count: usize) -> Result<IngestPool, String> {
    let (sender, mut inbox) = unbounded();
    let mut slots = Vec::with_capacity(count);
    let mut listeners = Vec::with_capacity(count);
    for slot in 0..count {
        match Worker::new(WORKER_SCRIPT) {
            Ok(worker) => {
                listeners.push(listen(&worker, sender.clone(), slot));
                slots.push(Slot::Starting(worker));
            }
            Err(error) => {
                leptos::logging::warn!("guardview: ingest worker {slot} did not start ({error:?})");
                slots.push(Slot::Gone);
            }
        }
    }
    let mut last_failure = "no worker could be created".to_owned();
    let deadline = TimeoutFuture::new(START_TIMEOUT_MS);
    futures_util::pin_mut!(deadline);
    let first_ready = loop {
        if slots.iter().all(|slot| matches!(slot, Slot::Gone)) {
            break None;
        }
        match select(Box::pin(inbox.next()), deadline.as_mut()).await {
            Either::Left((Some((slot, WorkerMessage::Ready)), _)) => break Some(slot),
            Either::Left((Some((slot, message)), _)) => {
                last_failure = match message {
                    WorkerMessage::Failed(reason) => reason,
                    _ => "the worker sent something before it was ready".into(),
                };
                if let Some(worker) = slots[slot].worker() {
                    worker.terminate();
                }
                slots[slot] = Slot::Gone;
            }
            Either::Left((None, _)) => break None,
            Either::Right(_) => {
                last_failure = "no worker started in time".into();
                break None;
            }
        }
    };
    let Some(first_ready) = first_ready else {
        for worker in slots.iter().filter_map(Slot::worker) {
            worker.terminate();
        }
        return Err(last_failure);
    };
    let peer_ports = store_messages::peer_ports(slots.len());
    let pool = IngestPool {
        sent_by_slot: RefCell::new(vec![vec![0; slots.len()]; slots.len()]),
        baseline_sent_by_slot: RefCell::new(vec![vec![0; slots.len()]; slots.len()]),
        generation: GENERATIONS.with(|g| g.replace(g.get() + 1)),
        slots: RefCell::new(slots),
        lost_a_worker: Cell::new(false),
        inbox: RefCell::new(Some(inbox)),
        _listeners: listeners,
        peer_ports: RefCell::new(peer_ports),
    };
    pool.mark_ready(first_ready);
    Ok(pool)
}

/// Turns the worker's messages and errors into [`WorkerMessage`]s on `sender`; query answers
/// go to the answer sink instead (they belong to no load).
fn listen(
    worker: &Worker,
    sender: UnboundedSender<(usize, WorkerMessage)>,
    slot: usize,
) -> [EventListener; 2] {
    let on_message = EventListener::new(worker, "message", {
        let sender = sender.clone();
        move |event| {
            let Some(data) = event.dyn_ref::<MessageEvent>().map(MessageEvent::data) else {
                return;
            };
            if store_messages::take_answer(slot, &data) {
                // A query answer, handed to the query state.
            } else if let Some(message) = decode(&data) {
                pass_on(&sender, (slot, message));
            }
        }
    });
    // Not passive: the handler cancels the event so the browser does not also report it.
    let on_error = EventListener::new_with_options(
        worker,
        "error",
        EventListenerOptions::enable_prevent_default(),
        move |event| {
            event.prevent_default();
            let message = event
                .dyn_ref::<ErrorEvent>()
                .map(ErrorEvent::message)
                .unwrap_or_default();
            let reason = if message.is_empty() {
                "the ingest worker could not be loaded".to_owned()
            } else {
                message
            };
            pass_on(&sender, (slot, WorkerMessage::Failed(reason)));
        },
    );
    [on_message, on_error]
}

/// Hands a message to the page's loader; one that arrives after the loader stopped listening
/// (the page discarded the worker) is reported and dropped.
fn pass_on(sender: &UnboundedSender<(usize, WorkerMessage)>, message: (usize, WorkerMessage)) {
    warn_on_error(
        "passing on a message from the ingest worker",
        sender.unbounded_send(message),
    );
}

fn decode(data: &JsValue) -> Option<WorkerMessage> {
    let kind = Reflect::get(data, &"kind".into()).ok()?.as_string()?;
    Some(match kind.as_str() {
        "ready" => WorkerMessage::Ready,
        "batch" => {
            let bytes = Reflect::get(data, &"bytes".into()).ok()?;
            let file = Reflect::get(data, &"file".into())
                .ok()
                .and_then(|file| file.as_f64())
                .unwrap_or(0.0);
            WorkerMessage::Batch {
                bytes: Uint8Array::new(&bytes).to_vec(),
                file: file as usize,
            }
        }
        "done" => WorkerMessage::Done {
            cancelled: Reflect::get(data, &"cancelled".into())
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            sent_to: Reflect::get(data, &"sentTo".into())
                .ok()
                .filter(JsValue::is_object)
                .map(|counts| Array::from(&counts))
                .map(|counts| {
                    counts
                        .iter()
                        .map(|c| c.as_f64().unwrap_or(0.0) as u64)
                        .collect()
                })
                .unwrap_or_default(),
        },
        _ => return None,
    })
}

/// A message with only a `kind`.
fn kind_message(kind: &str) -> Object {
    let message = Object::new();
    warn_on_error(
        "building a message for the ingest workers",
        Reflect::set(&message, &"kind".into(), &kind.into()),
    );
    message
}
