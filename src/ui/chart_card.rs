//! A card that frames one chart: title, controls, the SVG, and a download button. It measures
//! its own width so charts are drawn for the space they get.

use gloo_file::ObjectUrl;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::console::warn_on_error;
use crate::charts::with_text_alternative;

/// The chart container's width in CSS pixels, kept current on window resize.
pub fn measured_width(container: NodeRef<html::Div>, fallback_px: u32) -> RwSignal<u32> {
    let width = RwSignal::new(fallback_px);
    let measure = move || {
        if let Some(element) = container.get_untracked() {
            let measured = element.client_width();
            if measured > 0 {
                width.set(measured as u32);
            }
        }
    };
    Effect::new(move |_| {
        if container.get().is_some() {
            measure();
        }
    });
    let handle = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || handle.remove());
    width
}

/// Maps a pointer event to the chart's own pixel coordinates (the SVG may be scaled by CSS).
pub fn pointer_in_chart(
    event: &web_sys::PointerEvent,
    container: NodeRef<html::Div>,
    chart_width_px: u32,
) -> Option<(f64, f64)> {
    let element = container.get_untracked()?;
    let rect = element.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return None;
    }
    let scale = f64::from(chart_width_px) / rect.width();
    Some((
        (f64::from(event.client_x()) - rect.left()) * scale,
        (f64::from(event.client_y()) - rect.top()) * scale,
    ))
}

/// Offers `bytes` to the user as a file download (office files), without any network request.
pub fn download_bytes(file_name: &str, mime_type: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime_type);
    if let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) {
        download_blob(file_name, &blob);
    }
}

/// Offers `contents` to the user as a file download, without any network request.
pub fn download(file_name: &str, mime_type: &str, contents: &str) {
    let parts = js_sys::Array::of1(&contents.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime_type);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        download_blob(file_name, &blob);
    }
}

/// Downloads a Blob as a file (its object URL is revoked when the click has started the
/// download).
fn download_blob(file_name: &str, blob: &web_sys::Blob) {
    let url = ObjectUrl::from(blob.clone());
    if let Some(anchor) = document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
    }
}

/// Rasterises an SVG chart at `scale`× its size (2× for slides) and downloads it as PNG.
/// Everything happens in the page: the SVG becomes a blob URL, an image, a canvas, a PNG blob.
pub fn download_png(file_name: String, svg: String, width_px: u32, height_px: u32, scale: u32) {
    leptos::task::spawn_local(async move {
        if let Err(error) = render_png(&file_name, &svg, width_px, height_px, scale).await {
            leptos::logging::warn!("PNG export failed: {error:?}");
        }
    });
}

async fn render_png(
    file_name: &str,
    svg: &str,
    width_px: u32,
    height_px: u32,
    scale: u32,
) -> Result<(), wasm_bindgen::JsValue> {
    let blob = png_blob(svg, width_px, height_px, scale).await?;
    download_blob(file_name, &blob);
    Ok(())
}

/// Rasterises an SVG chart at `scale`× its size into PNG bytes (for the board pack's deck).
pub async fn png_bytes(
    svg: &str,
    width_px: u32,
    height_px: u32,
    scale: u32,
) -> Result<Vec<u8>, wasm_bindgen::JsValue> {
    let blob = png_blob(svg, width_px, height_px, scale).await?;
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The SVG becomes a blob URL, an image, a canvas, a PNG blob — all in the page.
async fn png_blob(
    svg: &str,
    width_px: u32,
    height_px: u32,
    scale: u32,
) -> Result<web_sys::Blob, wasm_bindgen::JsValue> {
    use wasm_bindgen::closure::Closure;
    let parts = js_sys::Array::of1(&svg.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let svg_blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let image = web_sys::HtmlImageElement::new()?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    {
        // The image needs the SVG's URL only until it has loaded.
        let url = ObjectUrl::from(svg_blob);
        image.set_src(&url);
        wasm_bindgen_futures::JsFuture::from(loaded).await?;
    }
    let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas")?.dyn_into()?;
    canvas.set_width(width_px * scale);
    canvas.set_height(height_px * scale);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or("no 2d context")?
        .dyn_into()?;
    context.scale(f64::from(scale), f64::from(scale))?;
    context.draw_image_with_html_image_element_and_dw_and_dh(
        &image,
        0.0,
        0.0,
        f64::from(width_px),
        f64::from(height_px),
    )?;
    let blob_ready = js_sys::Promise::new(&mut |resolve, reject| {
        let callback = Closure::once_into_js(move |blob: wasm_bindgen::JsValue| {
            warn_on_error(
                "handing over the PNG",
                resolve.call1(&wasm_bindgen::JsValue::NULL, &blob),
            );
        });
        if let Err(error) = canvas.to_blob_with_type(callback.unchecked_ref(), "image/png") {
            // A canvas the browser will not export: the export fails with its reason.
            warn_on_error(
                "failing the PNG export",
                reject.call1(&wasm_bindgen::JsValue::NULL, &error),
            );
        }
    });
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(blob_ready)
        .await?
        .dyn_into()?;
    Ok(blob)
}

/// SVG and PNG (2×) download buttons for a chart; `svg` yields the markup and its pixel size.
/// The SVG file carries `title` and `description` as its own `<title>` and `<desc>`, so the
/// chart keeps its text alternative once it is pasted into a report.
#[component]
pub fn ExportButtons(
    /// Used in file names and test ids.
    name: &'static str,
    #[prop(into)] title: Signal<String>,
    /// What the chart shows, in a sentence or two (the same words the card gives screen readers).
    #[prop(into)]
    description: Signal<String>,
    svg: Signal<Option<(String, u32, u32)>>,
) -> impl IntoView {
    let save_svg = move |_| {
        if let Some((markup, _, _)) = svg.get_untracked() {
            let title = title.get_untracked();
            download(
                &export_file_name(&title, "svg"),
                "image/svg+xml",
                &with_text_alternative(&markup, &title, &description.get_untracked()),
            );
        }
    };
    let save_png = move |_| {
        if let Some((markup, width_px, height_px)) = svg.get_untracked() {
            download_png(
                export_file_name(&title.get_untracked(), "png"),
                markup,
                width_px,
                height_px,
                2,
            );
        }
    };
    view! {
        <button class="button button--small" data-testid=format!("export-{name}-svg") title="Download as SVG (vector, for documents)" on:click=save_svg>
            "SVG"
        </button>
        <button class="button button--small" data-testid=format!("export-{name}-png") title="Download as PNG at twice the size (for slides)" on:click=save_png>
            "PNG"
        </button>
    }
}

/// `Severity timeline` → `guardview-severity-timeline.svg`.
pub fn export_file_name(title: &str, extension: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("guardview-{slug}.{extension}")
}

/// A card (`<section>`) whose content the workers' store may answer: it says where its numbers
/// came from (`data-source`: "workers" or "page") and looks busy (dimmed, `aria-busy`) while
/// they answer an older filter (see `QueryState::answer`).
#[component]
pub fn AnsweredSection(
    class: &'static str,
    #[prop(into)] testid: String,
    /// The id of the card's heading (or `label`, for a card without one).
    #[prop(optional, into)]
    labelledby: Option<String>,
    #[prop(optional)] label: Option<&'static str>,
    #[prop(into)] source: Signal<&'static str>,
    #[prop(into)] updating: Signal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <section
            class=class
            class:is-updating=move || updating.get()
            data-testid=testid
            data-source=move || source.get()
            aria-busy=move || updating.get().to_string()
            aria-labelledby=labelledby
            aria-label=label
        >
            {children()}
        </section>
    }
}
