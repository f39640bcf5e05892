//! The page's side of the ingest Web Worker (`src/worker.rs`): starts it once, early (so its
//! module is compiled before the first drop), and turns its messages into a stream the loader
//! awaits. When the worker cannot start (no worker support, a blocked script, the wasm test
//! harness that serves no worker files) the loader reads on the page instead.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures_util::future::{select, Either};
use futures_util::StreamExt;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// The worker's classic script (`assets/ingest_worker_loader.js`), which loads its module.
const WORKER_SCRIPT: &str = "./ingest_worker_loader.js";

/// How long the worker may take to start before the page reads files itself.
const START_TIMEOUT_MS: i32 = 15_000;

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
    wasm_bindgen_futures::spawn_local(async {
        let _ = ready_client().await;
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
        sleep_ms(20).await;
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
        let _ = Reflect::set(&message, &"kind".into(), &"load".into());
        let _ = Reflect::set(&message, &"files".into(), &list);
        self.worker
            .post_message(&message)
            .map_err(|e| format!("{e:?}"))
    }

    /// Asks the worker to stop after the chunk it is reading.
    pub fn cancel(&self) {
        let message = Object::new();
        let _ = Reflect::set(&message, &"kind".into(), &"cancel".into());
        let _ = self.worker.post_message(&message);
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
    install_handlers(&worker, sender);
    let first = select(Box::pin(inbox.next()), Box::pin(sleep_ms(START_TIMEOUT_MS))).await;
    match first {
        Either::Left((Some(WorkerMessage::Ready), _)) => Ok(IngestClient {
            worker,
            inbox: RefCell::new(Some(inbox)),
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

fn install_handlers(worker: &Worker, sender: UnboundedSender<WorkerMessage>) {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
        let sender = sender.clone();
        move |event: MessageEvent| {
            if let Some(message) = decode(&event.data()) {
                let _ = sender.unbounded_send(message);
            }
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        event.prevent_default();
        let message = event.message();
        let reason = if message.is_empty() {
            "the ingest worker could not be loaded".to_owned()
        } else {
            message
        };
        let _ = sender.unbounded_send(WorkerMessage::Failed(reason));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
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

/// Resolves after `ms` milliseconds.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.max(0));
        }
    });
    let _ = JsFuture::from(promise).await;
}
