//! The page's side of the ingest Web Worker (`src/worker.rs`): starts it once, early (so its
//! module is compiled before the first drop), and turns its messages into a stream the loader
//! awaits. When the worker cannot start (no worker support, a blocked script, the wasm test
//! harness that serves no worker files) the loader reads on the page instead.

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

/// The worker's classic script (`assets/ingest_worker_loader.js`), which loads its module.
const WORKER_SCRIPT: &str = "./ingest_worker_loader.js";

/// How long the worker may take to start before the page reads files itself.
const START_TIMEOUT_MS: u32 = 15_000;

/// One message from the worker.
pub enum WorkerMessage {
    Ready,
    /// A binary batch for `LoadSession::apply_relayed`.
    Batch(Vec<u8>),
    Done {
        cancelled: bool,
    },
    /// The worker stopped (a script error, a crash, out of memory).
    Failed(String),
}

/// A started worker and its message stream (taken by the one load that is running).
pub struct IngestClient {
    worker: Worker,
    inbox: RefCell<Option<UnboundedReceiver<WorkerMessage>>>,
    /// The worker's `message` and `error` listeners, removed when the client is dropped.
    _listeners: [EventListener; 2],
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<IngestClient>>> = const { RefCell::new(None) };
    /// Set once the worker failed to start: every load then reads on the page.
    static UNAVAILABLE: RefCell<bool> = const { RefCell::new(false) };
    /// True while one caller is starting the worker; the others wait for it.
    static STARTING: Cell<bool> = const { Cell::new(false) };
}

/// Starts the worker in the background (call once the page is up).
pub fn warm_up() {
    // Whether it started matters only to the first load; `ready_client` logs a failure.
    wasm_bindgen_futures::spawn_local(async {
        ready_client().await;
    });
}

/// The ready worker, starting it if needed; `None` when workers are unavailable here.
pub async fn ready_client() -> Option<Rc<IngestClient>> {
    loop {
        if UNAVAILABLE.with(|u| *u.borrow()) {
            return None;
        }
        if let Some(client) = CLIENT.with(|c| c.borrow().clone()) {
            return Some(client);
        }
        if !STARTING.with(|s| s.replace(true)) {
            break;
        }
        // Another caller (the warm-up, usually) is starting it: one worker, not two.
        TimeoutFuture::new(20).await;
    }
    let started = start().await;
    STARTING.with(|s| s.set(false));
    match started {
        Ok(client) => {
            let client = Rc::new(client);
            CLIENT.with(|c| *c.borrow_mut() = Some(client.clone()));
            Some(client)
        }
        Err(reason) => {
            leptos::logging::warn!("guardview: reading files on the page ({reason})");
            UNAVAILABLE.with(|u| *u.borrow_mut() = true);
            None
        }
    }
}

impl IngestClient {
    /// Asks the worker to read `files` in order.
    pub fn load(&self, files: &[web_sys::File]) -> Result<(), String> {
        let list = Array::new();
        for file in files {
            list.push(file);
        }
        let message = Object::new();
        for (key, value) in [("kind", JsValue::from_str("load")), ("files", list.into())] {
            Reflect::set(&message, &key.into(), &value).map_err(|e| format!("{e:?}"))?;
        }
        self.worker
            .post_message(&message)
            .map_err(|e| format!("{e:?}"))
    }

    /// Asks the worker to stop after the chunk it is reading.
    pub fn cancel(&self) {
        let message = Object::new();
        warn_on_error(
            "building the cancel message",
            Reflect::set(&message, &"kind".into(), &"cancel".into()),
        );
        warn_on_error(
            "asking the ingest worker to cancel",
            self.worker.post_message(&message),
        );
    }

    /// Takes the message stream for one load; give it back with [`IngestClient::put_inbox`].
    pub fn take_inbox(&self) -> Option<UnboundedReceiver<WorkerMessage>> {
        self.inbox.borrow_mut().take()
    }

    pub fn put_inbox(&self, inbox: UnboundedReceiver<WorkerMessage>) {
        *self.inbox.borrow_mut() = Some(inbox);
    }
}

/// Tells the worker to stop the load it is running (if any) at once, rather than when the
/// page next hears from it.
pub fn cancel_running_load() {
    if let Some(client) = CLIENT.with(|c| c.borrow().clone()) {
        client.cancel();
    }
}

/// Forgets a worker that failed mid-load, so the next load starts a fresh one.
pub fn discard(client: &IngestClient) {
    client.worker.terminate();
    CLIENT.with(|c| *c.borrow_mut() = None);
}

async fn start() -> Result<IngestClient, String> {
    let worker = Worker::new(WORKER_SCRIPT).map_err(|e| format!("{e:?}"))?;
    let (sender, mut inbox) = unbounded();
    let listeners = listen(&worker, sender);
    let first = select(Box::pin(inbox.next()), TimeoutFuture::new(START_TIMEOUT_MS)).await;
    match first {
        Either::Left((Some(WorkerMessage::Ready), _)) => Ok(IngestClient {
            worker,
            inbox: RefCell::new(Some(inbox)),
            _listeners: listeners,
        }),
        Either::Left((Some(WorkerMessage::Failed(reason)), _)) => {
            worker.terminate();
            Err(reason)
        }
        Either::Left(_) => {
            worker.terminate();
            Err("the worker sent something before it was ready".into())
        }
        Either::Right(_) => {
            worker.terminate();
            Err("the worker did not start in time".into())
        }
    }
}

/// Turns the worker's messages and errors into [`WorkerMessage`]s on `sender`.
fn listen(worker: &Worker, sender: UnboundedSender<WorkerMessage>) -> [EventListener; 2] {
    let on_message = EventListener::new(worker, "message", {
        let sender = sender.clone();
        move |event| {
            let message = event
                .dyn_ref::<MessageEvent>()
                .and_then(|event| decode(&event.data()));
            if let Some(message) = message {
                pass_on(&sender, message);
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
            pass_on(&sender, WorkerMessage::Failed(reason));
        },
    );
    [on_message, on_error]
}

/// Hands a message to the page's loader; one that arrives after the loader stopped listening
/// (the page discarded the worker) is reported and dropped.
fn pass_on(sender: &UnboundedSender<WorkerMessage>, message: WorkerMessage) {
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
            WorkerMessage::Batch(Uint8Array::new(&bytes).to_vec())
        }
        "done" => WorkerMessage::Done {
            cancelled: Reflect::get(data, &"cancelled".into())
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
        },
        _ => return None,
    })
}
