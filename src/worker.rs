//! The ingest Web Worker's runtime (wasm32 only): reads the files the page posts as streams,
//! parses them with a [`RelaySender`] and posts the findings back as binary batches.
//!
//! Protocol (the page side is `ui::ingest_client`):
//! - worker → page `{kind: "ready"}` once the module has started;
//! - page → worker `{kind: "load", files: [File…], names: [string…]}`: `names` (optional,
//!   parallel to `files`) are the names the reports carry, e.g. a folder-relative path;
//! - worker → page `{kind: "batch", bytes: ArrayBuffer, file: n}` (transferred, not copied;
//!   `file` is the batch's file's index in the load message) every
//!   [`BATCH_INPUT_BYTES`] of input or [`BATCH_FINDINGS`] findings, whichever comes first, and
//!   once at the end of each file with its report (and, for a Rollup v1 file, its rows);
//! - a load message may name a piece: `{kind: "load", files: [File], names: [string], piece:
//!   {index: i, count: n}}` asks for piece `i` of `n` of the one file (see `ingest::pieces`:
//!   the worker finds its piece's start and end from the file's own bytes, as every other
//!   worker does, reads it as Blob slices and ends it with a batch carrying the piece, not a
//!   report);
//! - page → worker `{kind: "pause"}` / `{kind: "resume"}`: the worker waits after the batch it
//!   has posted until it may go on (the page holds back a later job's batches, and pauses its
//!   worker while many wait: `InOrder::should_pause`); a new load or a cancel ends a pause;
//! - page → worker `{kind: "cancel"}`: the worker stops after the chunk it is reading, ends the
//!   current file (what was read stays loaded) and skips the rest;
//! - worker → page `{kind: "done", cancelled: bool}`.
//!
//! A load message of the page's data also names `fileBase`: the place, among every file loaded
//! since the store was cleared, of its first file; the worker's share of the store
//! (`pool_shard`, which adds its own messages) then keeps what it reads. A load message of a
//! baseline (an earlier period, read for comparison) says `baseline: true` instead: what it
//! reads goes to the baseline's store, its files numbered from 0.
//!
//! Nothing here knows the model or the AWS dialects: that is `ingest`.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent, ReadableStreamDefaultReader};

use crate::ingest::{
    may_cut, piece_start, planned_cut, PieceCursor, RelaySender, CUT_SEARCH_BYTES,
};

mod pool_shard;

use crate::store::Side;
use pool_shard::Routing;

/// Input bytes between two batches: big enough that posting is cheap next to parsing, small
/// enough that the page's progress bar moves smoothly and each batch applies in a few ms.
pub const BATCH_INPUT_BYTES: u64 = 4 * 1024 * 1024;

/// Findings that end a batch early: gzip input holds about 7× its size in records, so 4 MiB of
/// it would make one batch (and one page-side stall) seven times larger than plain input does.
pub const BATCH_FINDINGS: usize = 2_000;

/// Installs the message handler and tells the page the worker is ready. Does nothing when the
/// module runs on the page ([`PageReader`]'s use): there is no worker scope to listen on.
pub fn start() {
    console_error_panic_hook::set_once();
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let cancel_requested = Rc::new(Cell::new(false));
    let paused = Rc::new(Cell::new(false));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
        let scope = scope.clone();
        move |event: MessageEvent| {
            let data = event.data();
            match string_field(&data, "kind").as_deref() {
                Some("load") => {
                    cancel_requested.set(false);
                    paused.set(false);
                    let files: Vec<File> = Reflect::get(&data, &"files".into())
                        .ok()
                        .map(|files| Array::from(&files))
                        .map(|files| files.iter().filter_map(|f| f.dyn_into().ok()).collect())
                        .unwrap_or_default();
                    let names: Vec<String> = Reflect::get(&data, &"names".into())
                        .ok()
                        .filter(|names| names.is_object())
                        .map(|names| Array::from(&names))
                        .map(|names| names.iter().filter_map(|n| n.as_string()).collect())
                        .unwrap_or_default();
                    let piece = Reflect::get(&data, &"piece".into())
                        .ok()
                        .filter(JsValue::is_object)
                        .map(|piece| {
                            (number_field(&piece, "index"), number_field(&piece, "count"))
                        });
                    let file_base = Reflect::get(&data, &"fileBase".into())
                        .ok()
                        .and_then(|base| base.as_f64());
                    let baseline = Reflect::get(&data, &"baseline".into())
                        .ok()
                        .and_then(|b| b.as_bool())
                        .unwrap_or(false);
                    let scope = scope.clone();
                    let cancel_requested = cancel_requested.clone();
                    let paused = paused.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let flags = LoadFlags {
                            cancel_requested: &cancel_requested,
                            paused: &paused,
                        };
                        let file = file_base.map_or(0, |base| base as u32);
                        let store = match (baseline, file_base) {
                            (true, _) => Some(Side::Baseline),
                            (false, Some(_)) => Some(Side::Current),
                            (false, None) => None,
                        };
                        let cancelled = match (piece, files.first()) {
                            (Some((index, count)), Some(blob)) => {
                                let name = names.first().cloned().unwrap_or_else(|| blob.name());
                                let routing = Routing {
                                    file,
                                    piece: u32::try_from(index).unwrap_or(u32::MAX),
                                    next_record: 0,
                                    store,
                                };
                                load_piece(&scope, blob, &name, (index, count), routing, flags)
                                    .await
                            }
                            _ => {
                                let routing = Routing {
                                    file,
                                    piece: 0,
                                    next_record: 0,
                                    store,
                                };
                                load(&scope, files, &names, routing, flags).await
                            }
                        };
                        post(
                            &scope,
                            &[
                                ("kind", "done".into()),
                                ("cancelled", cancelled.into()),
                                ("sentTo", pool_shard::sent_to(store).into()),
                            ],
                        );
                    });
                }
                Some("pool") => pool_shard::join(&data, &scope),
                Some("clear") => pool_shard::clear(&data),
                Some("settle") => pool_shard::settle(&data),
                Some("query") => pool_shard::query(&data, &scope),
                Some("cancel") => cancel_requested.set(true),
                Some("pause") => paused.set(true),
                Some("resume") => paused.set(false),
                _ => {}
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &[("kind", "ready".into())]);
}

/// What the page may ask of a running load: to cancel it, or to pause it for a while.
#[derive(Clone, Copy)]
struct LoadFlags<'a> {
    cancel_requested: &'a Cell<bool>,
    paused: &'a Cell<bool>,
}

impl LoadFlags<'_> {
    /// Lets the page's messages in, then waits while the load is paused (not cancelled).
    async fn after_batch(self) {
        yield_to_events().await;
        while self.paused.get() && !self.cancel_requested.get() {
            gloo_timers::future::TimeoutFuture::new(PAUSE_POLL_MS).await;
        }
    }
}

/// How often a paused worker looks whether it may go on.
const PAUSE_POLL_MS: u32 = 10;

/// Reads every file in turn (all of them posted in one message, so no file waits for a round
/// trip to the page); returns whether the load was cancelled.
async fn load(
    scope: &DedicatedWorkerGlobalScope,
    files: Vec<File>,
    names: &[String],
    mut routing: Routing,
    flags: LoadFlags<'_>,
) -> bool {
    let cancel_requested = flags.cancel_requested;
    let mut sender = new_sender(routing.store);
    let mut cancelled = false;
    for (index, file) in files.into_iter().enumerate() {
        let name = names.get(index).cloned().unwrap_or_else(|| file.name());
        if let Some(batch) = sender.start_file(&name) {
            post_batch(scope, batch, index);
        }
        let reader: ReadableStreamDefaultReader = file.stream().get_reader().unchecked_into();
        let mut bytes_since_batch = 0_u64;
        loop {
            if cancel_requested.get() {
                let _ = reader.cancel();
                cancelled = true;
                break;
            }
            match read_chunk(&reader).await {
                Ok(Some(chunk)) => {
                    sender.push(&chunk);
                    bytes_since_batch += chunk.len() as u64;
                    if bytes_since_batch >= BATCH_INPUT_BYTES
                        || sender.pending_findings() >= BATCH_FINDINGS
                    {
                        bytes_since_batch = 0;
                        post_batch(scope, sender.take_batch(), index);
                        pool_shard::route(&mut sender, &mut routing);
                        // Stream reads resolve as microtasks, which would starve the message
                        // queue; let a "cancel" (or "pause") from the page in.
                        flags.after_batch().await;
                    }
                }
                Ok(None) => break,
                Err(reason) => {
                    sender.fail(&format!("The browser could not read the file ({reason})"));
                    break;
                }
            }
        }
        if let Some(batch) = sender.finish_file() {
            post_batch(scope, batch, index);
        }
        pool_shard::route(&mut sender, &mut routing);
        routing.next_file();
        if cancelled {
            return true;
        }
    }
    false
}

/// Reads piece `index` of `count` of `file`: from the record boundary after its planned start
/// to the boundary after the next piece's (or on to the end of the file when the piece may not
/// end there), as Blob slices of [`BATCH_INPUT_BYTES`], each posted as a batch; the last
/// batch carries the piece. A piece with no boundary to start at (a file that cannot be cut,
/// or no record boundary near its planned start) is empty. Returns whether the load was
/// cancelled (the piece then ends the file where it stopped).
async fn load_piece(
    scope: &DedicatedWorkerGlobalScope,
    file: &File,
    name: &str,
    (index, count): (usize, usize),
    mut routing: Routing,
    flags: LoadFlags<'_>,
) -> bool {
    let cancel_requested = flags.cancel_requested;
    let file_bytes = file.size() as u64;
    let cuttable = read_blob(file, 0, CUT_SEARCH_BYTES as u64)
        .await
        .is_ok_and(|head| may_cut(&head));
    let start = piece_start_of(file, file_bytes, index, count, cuttable).await;
    let mut end = file_bytes;
    for next in index + 1..count {
        if let Some(next_start) = piece_start_of(file, file_bytes, next, count, cuttable).await {
            end = next_start;
            break;
        }
    }
    let mut sender = new_sender(routing.store);
    let Some(start) = start else {
        // Nothing to read: an empty piece, which the merge passes over.
        sender.start_piece(name, planned_cut(file_bytes, index, count));
        if let Some(batch) = sender.finish_piece(false) {
            post_batch(scope, batch, 0);
        }
        return false;
    };
    sender.start_piece(name, start);
    let mut cursor = PieceCursor::new((start, end), file_bytes);
    let mut cancelled = false;
    while let Some((from, to)) = cursor.next(BATCH_INPUT_BYTES, || sender.piece_may_end_here()) {
        if cancel_requested.get() {
            cancelled = true;
            cursor.stop();
            break;
        }
        match read_blob(file, from, to).await {
            Ok(bytes) => {
                sender.push(&bytes);
                cursor.advance(bytes.len() as u64);
                post_batch(scope, sender.take_batch(), 0);
                pool_shard::route(&mut sender, &mut routing);
                flags.after_batch().await;
            }
            Err(reason) => {
                sender.fail(&format!("The browser could not read the file ({reason})"));
                cursor.stop();
            }
        }
    }
    if let Some(batch) = sender.finish_piece(cursor.reached_file_end()) {
        post_batch(scope, batch, 0);
    }
    pool_shard::route(&mut sender, &mut routing);
    cancelled
}

/// A parser whose findings also go to one of the pool's stores when `store` names one and
/// this worker is part of a pool.
fn new_sender(store: Option<Side>) -> RelaySender {
    let mut sender = RelaySender::new();
    if store.is_some() && pool_shard::joined() {
        sender.keep_sent_findings();
    }
    sender
}

/// Where piece `index` of `count` starts: 0 for the first; for a later one the record boundary
/// after its planned start, when the file may be cut and has one there.
async fn piece_start_of(
    file: &File,
    file_bytes: u64,
    index: usize,
    count: usize,
    cuttable: bool,
) -> Option<u64> {
    if index == 0 {
        return Some(0);
    }
    if !cuttable {
        return None;
    }
    let planned = planned_cut(file_bytes, index, count);
    let window = read_blob(file, planned, planned + CUT_SEARCH_BYTES as u64)
        .await
        .ok()?;
    piece_start(planned, &window, file_bytes)
}

/// The bytes `start..end` of a file (fewer at its end).
async fn read_blob(file: &File, start: u64, end: u64) -> Result<Vec<u8>, String> {
    let slice = file
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(|error| describe(&error))?;
    let buffer = JsFuture::from(slice.array_buffer())
        .await
        .map_err(|error| describe(&error))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The parser for the page, when no Web Worker can start (a blocked or failed worker script):
/// the page loads this module beside its own and drives one of these with the chunks it reads,
/// applying the batches exactly as it applies a worker's, so the page's own module carries no
/// parser. Method for method a [`RelaySender`]; not built into the page's module (`ui`), whose
/// copy would defeat the purpose.
#[cfg(not(feature = "ui"))]
#[wasm_bindgen]
pub struct PageReader {
    sender: RelaySender,
}

#[cfg(not(feature = "ui"))]
#[wasm_bindgen]
impl PageReader {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            sender: RelaySender::new(),
        }
    }

    /// Starts a file under `name` (a batch ending the previous file, if one was open).
    pub fn start_file(&mut self, name: &str) -> Option<Vec<u8>> {
        self.sender.start_file(name)
    }

    pub fn push(&mut self, chunk: &[u8]) {
        self.sender.push(chunk);
    }

    pub fn take_batch(&mut self) -> Vec<u8> {
        self.sender.take_batch()
    }

    pub fn fail(&mut self, reason: &str) {
        self.sender.fail(reason);
    }

    /// Ends the file: the batch carrying its report.
    pub fn finish_file(&mut self) -> Option<Vec<u8>> {
        self.sender.finish_file()
    }
}

/// Lets the worker's event loop run queued tasks (messages from the page). A `MessageChannel`
/// round trip, not `setTimeout(0)`, which browsers clamp to 4 ms when nested.
async fn yield_to_events() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        channel.port1().set_onmessage(Some(&resolve));
        let _ = channel.port2().post_message(&JsValue::UNDEFINED);
    });
    let _ = JsFuture::from(promise).await;
}

/// The next chunk of a stream, or `None` at its end.
async fn read_chunk(reader: &ReadableStreamDefaultReader) -> Result<Option<Vec<u8>>, String> {
    let result = JsFuture::from(reader.read())
        .await
        .map_err(|error| describe(&error))?;
    let done = Reflect::get(&result, &"done".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    if done {
        return Ok(None);
    }
    let value = Reflect::get(&result, &"value".into()).map_err(|error| describe(&error))?;
    Ok(Some(Uint8Array::new(&value).to_vec()))
}

/// Posts a batch of the `file_index`th file of the load message (the page's progress bar adds
/// up what each worker has read).
fn post_batch(scope: &DedicatedWorkerGlobalScope, batch: Vec<u8>, file_index: usize) {
    let bytes = Uint8Array::from(batch.as_slice()).buffer();
    let message = object(&[
        ("kind", "batch".into()),
        ("bytes", bytes.clone().into()),
        ("file", (file_index as f64).into()),
    ]);
    let transfer = Array::of1(&bytes);
    if let Err(error) = scope.post_message_with_transfer(&message, &transfer) {
        web_sys::console::error_1(&error);
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, fields: &[(&str, JsValue)]) {
    if let Err(error) = scope.post_message(&object(fields)) {
        web_sys::console::error_1(&error);
    }
}

fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object
}

fn number_field(value: &JsValue, key: &str) -> usize {
    Reflect::get(value, &key.into())
        .ok()
        .and_then(|v| v.as_f64())
        .map_or(0, |n| n as usize)
}

fn string_field(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &key.into()).ok()?.as_string()
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{error:?}"))
}
