//! The finding detail panel: every normalised field, response guidance, and the raw record.
//! All finding text is rendered as text nodes (never markup).

use leptos::ev;
use leptos::prelude::*;

use super::state::{DataState, DetailState, QueryState, RiskState};
use crate::analysis::detail::{pretty_json, FindingDetail};
use crate::model::RawSpan;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::console::warn_on_error;

#[component]
pub fn FindingDetail() -> impl IntoView {
    let data = expect_context::<DataState>();
    let detail = expect_context::<DetailState>();
    let risk = expect_context::<RiskState>();
    let query = expect_context::<QueryState>();
    // The finding opened: the workers' store answers it by id; the page finds it among its own
    // findings while the store cannot.
    let opened = query.detail(move || {
        let id = detail.open_finding.get()?;
        let now = risk.now.get();
        data.with_findings(|all| {
            let finding = all.get(data.position_of(&id)? as usize)?;
            Some(
                risk.rules
                    .with(|rules| FindingDetail::of(finding, rules, now)),
            )
        })
    });
    // The control that had focus when the panel opened (a table row's list, a chart's table):
    // closing gives focus back to it, so the keyboard user is where they were.
    let invoker = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |was_open: Option<bool>| {
        let is_open = detail.open_finding.with(Option::is_some);
        if is_open && was_open != Some(true) {
            invoker.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
        } else if !is_open && was_open == Some(true) {
            if let Some(element) = invoker.get_value() {
                warn_on_error("giving focus back after the detail panel", element.focus());
            }
        }
        is_open
    });
    let close = move || detail.open_finding.set(None);
    let handle = window_event_listener(ev::keydown, move |event| {
        if event.key() == "Escape" && detail.open_finding.get_untracked().is_some() {
            close();
        }
    });
    on_cleanup(move || handle.remove());
    let show_raw = RwSignal::new(false);
    // The raw record re-read from its file, for the finding (by id) it belongs to.
    let raw_loaded = RwSignal::new(None::<(String, String)>);
    Effect::new(move |_| {
        detail.open_finding.track();
        show_raw.set(false);
    });

    let content = move || {
        detail.open_finding.get()?;
        let opened = opened.value.get()?;
        let shown_id = opened.id.clone();
        {
            let FindingDetail {
                heading,
                score,
                guidance_by_severity,
                guidance_steps,
                assessment,
                sections,
                source_file,
                ..
            } = opened.clone();
            let gzip = data.reports.with_untracked(|reports| {
                reports.get(source_file as usize).is_some_and(|r| r.gzip)
            });
            let raw_in_file = opened
                .raw_span()
                .and_then(|span| Some((data.source_file(source_file)?, span, gzip)));
            let has_raw = raw_in_file.is_some();
            let band = opened.band();
            Some(view! {
                <header class="detail__header">
                    <span class=format!("severity-badge severity-badge--{}", band.slug())>
                        {format!("{} {}", band.name(), score)}
                    </span>
                    <h2 class="detail__title" id="detail-title">
                        {heading}
                    </h2>
                    <button
                        class="button button--quiet detail__close"
                        data-testid="close-detail"
                        aria-label="Close details"
                        on:click=move |_| close()
                    >
                        "×"
                    </button>
                </header>
                <section class="detail__guidance" data-testid="guidance">
                    <h3>"What to do"</h3>
                    <p>{guidance_by_severity}</p>
                    <ul>
                        {guidance_steps.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
                    </ul>
                </section>
                <section class="detail__section" data-testid="risk-assessment">
                    <h3>"Risk assessment (NIST SP 800-30)"</h3>
                    <dl class="detail__fields detail__fields--prose">
                        <dt>"Likelihood of initiation (G-2)"</dt>
                        <dd>{format!("{} — {}", assessment.initiation.level.name(), assessment.initiation.rule)}</dd>
                        <dt>"Likelihood of adverse impact (G-4)"</dt>
                        <dd>{format!("{} — {}", assessment.adverse_impact.level.name(), assessment.adverse_impact.rule)}</dd>
                        <dt>"Overall likelihood (G-5)"</dt>
                        <dd>{assessment.likelihood.name()}</dd>
                        <dt>"Impact (H-3)"</dt>
                        <dd>{format!("{} — {}", assessment.impact.level.name(), assessment.impact.rule)}</dd>
                        <dt>"Level of risk (I-2)"</dt>
                        <dd><strong>{assessment.risk.name()}</strong></dd>
                    </dl>
                </section>
                {sections
                    .into_iter()
                    .map(|(title, rows)| {
                        view! {
                            <section class="detail__section">
                                <h3>{title}</h3>
                                <dl class="detail__fields">
                                    {rows
                                        .into_iter()
                                        .map(|(label, value)| view! {
                                            <dt>{label}</dt>
                                            <dd>{value}</dd>
                                        })
                                        .collect_view()}
                                </dl>
                            </section>
                        }
                    })
                    .collect_view()}
                {has_raw.then(move || {
                    let toggle_id = shown_id.clone();
                    let toggle = move |_| {
                        let showing = !show_raw.get_untracked();
                        show_raw.set(showing);
                        let loaded = raw_loaded
                            .with_untracked(|l| l.as_ref().is_some_and(|(id, _)| *id == toggle_id));
                        if let (true, Some((file, span, gzip)), false) =
                            (showing, raw_in_file.clone(), loaded)
                        {
                            let id = toggle_id.clone();
                            leptos::task::spawn_local(async move {
                                let text = read_record(&file, span, gzip).await;
                                raw_loaded.set(Some((id, text)));
                            });
                        }
                    };
                    let shown = Signal::derive(move || {
                        raw_loaded.with(|l| {
                            l.as_ref().filter(|(id, _)| *id == shown_id).map(|(_, t)| t.clone())
                        })
                    });
                    view! {
                        <section class="detail__section">
                            <h3>
                                <button class="link-button" on:click=toggle>
                                    {move || if show_raw.get() { "Hide raw JSON" } else { "Show raw JSON" }}
                                </button>
                            </h3>
                            <Show when=move || show_raw.get()>
                                <pre class="detail__raw" data-testid="raw-json">
                                    {move || shown.get().unwrap_or_else(|| "Reading the record from its file…".to_owned())}
                                </pre>
                            </Show>
                        </section>
                    }
                })}
            })
        }
    };

    view! {
        <Show when=move || detail.open_finding.get().is_some()>
            <div class="detail-backdrop" on:click=move |_| close()></div>
            <aside
                class="detail"
                role="dialog"
                aria-modal="false"
                aria-labelledby="detail-title"
                data-testid="finding-detail"
                data-source=move || opened.source.get()
                aria-busy=move || opened.updating.get().to_string()
            >
                {content}
            </aside>
        </Show>
    }
}

/// Reads a record's bytes back from the file it was loaded from, pretty-printed.
async fn read_record(file: &web_sys::File, span: RawSpan, gzip: bool) -> String {
    let text = if gzip {
        read_decompressed(file, span).await
    } else {
        read_slice(file, span).await
    };
    match text {
        Some(text) => pretty_json(&text),
        None => "The record could not be read again from its file (was it moved or changed?). \
                 The normalised fields above are complete."
            .to_owned(),
    }
}

/// An uncompressed file: the span is a slice of the file.
async fn read_slice(file: &web_sys::File, span: RawSpan) -> Option<String> {
    let slice = gloo_file::Blob::from(file.clone())
        .slice(span.byte_offset, span.byte_offset + span.byte_length);
    warn_on_error(
        "reading the record from its file",
        gloo_file::futures::read_as_text(&slice).await,
    )
}

// The browser's `DecompressionStream` (web-sys has it only behind its unstable-API flag).
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, wasm_bindgen::JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;
}

/// A gzip file: the span counts decompressed bytes, so the file is decompressed as a stream
/// (the browser's `DecompressionStream`) up to the end of the record.
async fn read_decompressed(file: &web_sys::File, span: RawSpan) -> Option<String> {
    let decompress = DecompressionStream::new("gzip").ok()?;
    let pair = web_sys::ReadableWritablePair::new(&decompress.readable(), &decompress.writable());
    let reader: web_sys::ReadableStreamDefaultReader = file
        .stream()
        .pipe_through(&pair)
        .get_reader()
        .unchecked_into();
    let (start, end) = (span.byte_offset, span.byte_offset + span.byte_length);
    let mut record = Vec::with_capacity(usize::try_from(span.byte_length).ok()?);
    let mut position = 0_u64;
    while position < end {
        let result = JsFuture::from(reader.read()).await.ok()?;
        if js_sys::Reflect::get(&result, &"done".into())
            .ok()?
            .as_bool()
            == Some(true)
        {
            break;
        }
        let chunk = js_sys::Uint8Array::new(&js_sys::Reflect::get(&result, &"value".into()).ok()?);
        let chunk_start = position;
        position += u64::from(chunk.length());
        if position > start {
            let from = start.saturating_sub(chunk_start) as u32;
            let to = (end.min(position) - chunk_start) as u32;
            record.extend_from_slice(&chunk.subarray(from, to).to_vec());
        }
    }
    // Stops decompressing the rest of the file; the record is complete, so nothing waits.
    let cancelled = JsFuture::from(reader.cancel());
    wasm_bindgen_futures::spawn_local(async move {
        warn_on_error("stopping the decompression", cancelled.await);
    });
    String::from_utf8(record).ok()
}
