//! A card that frames one chart: title, controls, the SVG, and a download button. It measures
//! its own width so charts are drawn for the space they get.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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

/// Offers `contents` to the user as a file download, without any network request.
pub fn download(file_name: &str, mime_type: &str, contents: &str) {
    let parts = js_sys::Array::of1(&contents.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime_type);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let anchor = document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(anchor) = anchor {
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
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
