//! Reading files on the page when no Web Worker can start: the ingest worker's own module is
//! loaded beside the page's and driven chunk by chunk, and its batches
//! are applied exactly as a worker's are. The page's module links no JSON parser (issue #13,
//! item 6); with the `page-parser` feature (the wasm-bindgen tests, whose harness serves no
//! worker module) the same relay runs on a `RelaySender` linked into the page instead.

use super::load_source::LoadSource;
use super::state::SessionState;
use crate::ingest::RelayProgress;

/// Bytes read and parsed per step: small enough that one step parses in a few milliseconds,
/// then the page paints.
const CHUNK_BYTES: u64 = 4 * 1024 * 1024;

/// Where a page-side read stands, after each step.
pub enum PageStep {
    /// Source `index` is being read.
    Started(usize),
    /// `bytes_read` of the source being read are read and applied, holding `records_read`
    /// records.
    Read { bytes_read: u64, records_read: u64 },
    /// Source `index` has its report in the session (read whole, cut short, or unreadable).
    Done(usize),
}

/// Reads `sources` in order into `session` (quietly: the caller publishes), telling `on_step`
/// how far it got. Stops at the next chunk once `cancel_requested()`, keeping what was read.
/// Every source ends with a report, even when no reader could start or the reader stopped.
/// Returns whether the read was cancelled.
pub async fn read_on_page(
    sources: &[LoadSource],
    session: SessionState,
    cancel_requested: impl Fn() -> bool,
    mut on_step: impl FnMut(PageStep),
) -> bool {
    let mut reader = match reader::PageReader::load().await {
        Ok(reader) => reader,
        Err(reason) => {
            let reason = format!("No reader could start on this page ({reason})");
            report_unread(sources, 0, session, &reason, &mut on_step);
            return false;
        }
    };
    for (index, source) in sources.iter().enumerate() {
        on_step(PageStep::Started(index));
        let mut last_step = RelayProgress::default();
        let read = read_source(&mut reader, source, session, &cancel_requested, |step| {
            last_step = step.relayed;
            on_step(PageStep::Read {
                bytes_read: step.bytes_read,
                records_read: step.relayed.records_read,
            });
        })
        .await;
        match read {
            Ok(cancelled) => {
                on_step(PageStep::Done(index));
                if cancelled {
                    reader.free();
                    return true;
                }
            }
            Err(reason) => {
                // The reader's module may be broken now (so it is not freed: that call could
                // throw too): this file keeps what arrived, the rest are named unread.
                session.change_quietly(|s| {
                    s.fail_relayed_file(
                        &source.name(),
                        format!(
                            "The reader stopped ({reason}); load the file again to read it whole"
                        ),
                        last_step,
                    );
                });
                on_step(PageStep::Done(index));
                let reason = format!("Not read: the reader stopped on an earlier file ({reason})");
                report_unread(sources, index + 1, session, &reason, &mut on_step);
                return false;
            }
        }
    }
    reader.free();
    false
}

/// Gives each of `sources` from index `first` on a report with `reason` as its error.
fn report_unread(
    sources: &[LoadSource],
    first: usize,
    session: SessionState,
    reason: &str,
    on_step: &mut impl FnMut(PageStep),
) {
    for (index, source) in sources.iter().enumerate().skip(first) {
        session.change_quietly(|s| {
            s.record_unreadable(&source.name(), reason.to_owned());
        });
        on_step(PageStep::Done(index));
    }
}

/// One applied step of a source: the bytes read so far and what the last batch said.
struct SourceStep {
    bytes_read: u64,
    relayed: RelayProgress,
}

/// Reads one source through the reader, applying each batch as it comes. `Ok(cancelled)`, or
/// the reader's (or a batch's) error.
async fn read_source(
    reader: &mut reader::PageReader,
    source: &LoadSource,
    session: SessionState,
    cancel_requested: &impl Fn() -> bool,
    mut on_step: impl FnMut(SourceStep),
) -> Result<bool, String> {
    let mut bytes_read = 0;
    let mut apply = |batch: Vec<u8>, bytes_read: u64| -> Result<(), String> {
        let relayed = session
            .change_quietly(|s| s.apply_relayed(&batch))
            .ok_or("the page's data was dropped")?
            .map_err(|error| error.to_string())?;
        on_step(SourceStep {
            bytes_read,
            relayed,
        });
        Ok(())
    };
    if let Some(batch) = reader.start_file(&source.name())? {
        apply(batch, 0)?;
    }
    let bytes_total = source.size_bytes();
    let mut cancelled = false;
    while bytes_read < bytes_total {
        if cancel_requested() {
            cancelled = true;
            break;
        }
        let end = (bytes_read + CHUNK_BYTES).min(bytes_total);
        match source.read_slice(bytes_read, end).await {
            Ok(chunk) => {
                reader.push(&chunk)?;
                bytes_read = end;
                apply(reader.take_batch()?, bytes_read)?;
            }
            Err(reason) => {
                reader.fail(&format!("The browser could not read the file ({reason})"))?;
                break;
            }
        }
    }
    if let Some(batch) = reader.finish_file()? {
        apply(batch, bytes_read)?;
    }
    Ok(cancelled)
}

/// The ingest worker's `PageReader`, from the worker's module loaded into the page: its
/// wasm-bindgen glue (`ingest_worker.js`, a classic script whose top-level `let wasm_bindgen`
/// is a global binding the page's glue reaches by name) added as a script, then its wasm
/// instantiated. Both files are the app's own (the CSP's `script-src 'self'`) and in the
/// service worker's offline cache. The module's entry point finds no worker scope on the page
/// and installs nothing (`worker::start`). Every call is caught: a parser that traps fails the
/// file, not the page.
#[cfg(not(feature = "page-parser"))]
mod reader {
    use std::cell::Cell;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen]
    extern "C" {
        /// The worker module's init function (`ingest_worker.js`'s global `wasm_bindgen`).
        #[wasm_bindgen(catch, js_name = wasm_bindgen)]
        fn init_reader_module(options: &JsValue) -> Result<js_sys::Promise, JsValue>;
    }

    #[wasm_bindgen(js_namespace = wasm_bindgen)]
    extern "C" {
        /// `src/worker.rs`'s `PageReader`, as the worker's module exports it.
        pub type PageReader;
        #[wasm_bindgen(constructor, catch)]
        fn construct() -> Result<PageReader, JsValue>;
        #[wasm_bindgen(method, catch, js_name = start_file)]
        fn try_start_file(this: &PageReader, name: &str) -> Result<Option<Vec<u8>>, JsValue>;
        #[wasm_bindgen(method, catch, js_name = push)]
        fn try_push(this: &PageReader, chunk: &[u8]) -> Result<(), JsValue>;
        #[wasm_bindgen(method, catch, js_name = take_batch)]
        fn try_take_batch(this: &PageReader) -> Result<Vec<u8>, JsValue>;
        #[wasm_bindgen(method, catch, js_name = fail)]
        fn try_fail(this: &PageReader, reason: &str) -> Result<(), JsValue>;
        #[wasm_bindgen(method, catch, js_name = finish_file)]
        fn try_finish_file(this: &PageReader) -> Result<Option<Vec<u8>>, JsValue>;
        /// Frees the reader's memory in the worker's module (wasm-bindgen's `free`).
        #[wasm_bindgen(method, js_name = free)]
        fn free_reader(this: &PageReader);
    }

    thread_local! {
        /// Whether the glue script is on the page (declaring its global twice is an error).
        static GLUE_ADDED: Cell<bool> = const { Cell::new(false) };
    }

    /// Adds `ingest_worker.js` to the page once; a script that failed to load is removed so a
    /// later load tries again.
    async fn add_glue() -> Result<(), String> {
        if GLUE_ADDED.get() {
            return Ok(());
        }
        let document = web_sys::window()
            .and_then(|window| window.document())
            .ok_or("the page has no document")?;
        let head = document.head().ok_or("the page has no head")?;
        let script: web_sys::HtmlScriptElement = document
            .create_element("script")
            .map_err(|e| describe(&e))?
            .unchecked_into();
        let loaded = js_sys::Promise::new(&mut |resolve, reject| {
            script.set_onload(Some(&resolve));
            script.set_onerror(Some(&reject));
        });
        script.set_src("ingest_worker.js");
        head.append_child(&script).map_err(|e| describe(&e))?;
        let outcome = JsFuture::from(loaded).await;
        script.set_onload(None);
        script.set_onerror(None);
        if outcome.is_err() {
            script.remove();
            return Err("the reader's script ingest_worker.js did not load".into());
        }
        GLUE_ADDED.set(true);
        Ok(())
    }

    impl PageReader {
        pub async fn load() -> Result<Self, String> {
            add_glue().await?;
            let options = js_sys::Object::new();
            js_sys::Reflect::set(
                &options,
                &"module_or_path".into(),
                &"ingest_worker_bg.wasm".into(),
            )
            .map_err(|e| describe(&e))?;
            let init = init_reader_module(&options).map_err(|e| describe(&e))?;
            JsFuture::from(init)
                .await
                .map_err(|e| format!("the reader's module did not start ({})", describe(&e)))?;
            Self::construct().map_err(|e| describe(&e))
        }

        pub fn start_file(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
            self.try_start_file(name).map_err(|e| describe(&e))
        }

        pub fn push(&mut self, chunk: &[u8]) -> Result<(), String> {
            self.try_push(chunk).map_err(|e| describe(&e))
        }

        pub fn take_batch(&mut self) -> Result<Vec<u8>, String> {
            self.try_take_batch().map_err(|e| describe(&e))
        }

        pub fn fail(&mut self, reason: &str) -> Result<(), String> {
            self.try_fail(reason).map_err(|e| describe(&e))
        }

        pub fn finish_file(&mut self) -> Result<Option<Vec<u8>>, String> {
            self.try_finish_file().map_err(|e| describe(&e))
        }

        pub fn free(self) {
            self.free_reader();
        }
    }

    fn describe(error: &JsValue) -> String {
        error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| error.as_string())
            .unwrap_or_else(|| format!("{error:?}"))
    }
}

/// The same reader linked into the page's module (feature `page-parser`).
#[cfg(feature = "page-parser")]
mod reader {
    use crate::ingest::RelaySender;

    pub struct PageReader(RelaySender);

    impl PageReader {
        pub async fn load() -> Result<Self, String> {
            Ok(Self(RelaySender::new()))
        }

        pub fn start_file(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
            Ok(self.0.start_file(name))
        }

        pub fn push(&mut self, chunk: &[u8]) -> Result<(), String> {
            self.0.push(chunk);
            Ok(())
        }

        pub fn take_batch(&mut self) -> Result<Vec<u8>, String> {
            Ok(self.0.take_batch())
        }

        pub fn fail(&mut self, reason: &str) -> Result<(), String> {
            self.0.fail(reason);
            Ok(())
        }

        pub fn finish_file(&mut self) -> Result<Option<Vec<u8>>, String> {
            Ok(self.0.finish_file())
        }

        pub fn free(self) {}
    }
}
