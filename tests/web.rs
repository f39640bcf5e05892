//! wasm-bindgen tests: mount the real app in headless Chromium and drive it like a user.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{DataTransfer, DragEvent, DragEventInit, File, FilePropertyBag, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const ONE_FINDING: &str = r#"{"schemaVersion":"2.0","accountId":"111122223333","region":"us-east-1","partition":"aws","id":"web-test-1","arn":"arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/web-test-1","type":"Recon:EC2/PortProbeUnprotectedPort","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0abc"}},"service":{"serviceName":"guardduty","count":3,"archived":false,"eventFirstSeen":"2026-11-01T10:00:00.000Z","eventLastSeen":"2026-11-02T10:00:00.000Z"},"severity":8,"createdAt":"2026-11-01T10:00:00.000Z","updatedAt":"2026-11-02T10:00:00.000Z","title":"Unprotected port on EC2 instance i-0abc is being probed."}"#;

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Mounts a fresh app into its own container and returns the container.
fn mount_app() -> HtmlElement {
    let container: HtmlElement = document()
        .create_element("div")
        .expect("create div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&container)
        .expect("append");
    let handle = leptos::mount::mount_to(container.clone(), guardview::ui::App);
    // The test owns the page for its lifetime; keep the app mounted.
    std::mem::forget(handle);
    container
}

fn text_of(container: &HtmlElement, selector: &str) -> Option<String> {
    container
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
}

/// Polls until `selector`'s text equals `expected` (Leptos updates the DOM asynchronously).
async fn wait_for_text(container: &HtmlElement, selector: &str, expected: &str) {
    for _ in 0..200 {
        if text_of(container, selector).as_deref() == Some(expected) {
            return;
        }
        TimeoutFuture::new(25).await;
    }
    panic!(
        "{selector} never showed {expected:?}; last text {:?}",
        text_of(container, selector)
    );
}

#[wasm_bindgen_test]
async fn the_app_mounts_with_its_name_and_an_empty_state() {
    let container = mount_app();
    TimeoutFuture::new(0).await;
    assert_eq!(
        text_of(&container, ".brand__name").as_deref(),
        Some("guardview")
    );
    assert!(container
        .query_selector("[data-testid=empty-state]")
        .unwrap()
        .is_some());
    let state = container
        .query_selector(".app")
        .unwrap()
        .and_then(|e| e.get_attribute("data-drop-state"));
    assert_eq!(state.as_deref(), Some("idle"));
}

#[wasm_bindgen_test]
async fn dropping_a_file_on_the_window_loads_its_findings() {
    let container = mount_app();
    let parts = js_sys::Array::of1(&ONE_FINDING.into());
    let options = FilePropertyBag::new();
    options.set_type("application/json");
    let file = File::new_with_str_sequence_and_options(&parts, "one.json", &options).unwrap();
    let transfer = DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let init = DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer));
    let drop = DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    container
        .query_selector("[data-testid=drop-zone]")
        .unwrap()
        .expect("drop zone")
        .dispatch_event(&drop)
        .unwrap();

    wait_for_text(&container, "[data-testid=kpi-total]", "1").await;
    assert_eq!(
        text_of(&container, "[data-testid=kpi-high]").as_deref(),
        Some("1")
    );
    assert_eq!(
        text_of(&container, "[data-testid=kpi-low]").as_deref(),
        Some("0")
    );
    // The per-file load report lives in the Operational view.
    let operational: HtmlElement = container
        .query_selector("[data-testid=view-operational]")
        .unwrap()
        .expect("view tab")
        .unchecked_into();
    operational.click();
    wait_for_text(&container, "[data-testid=file-records]", "1").await;
}
