//! What the browser tests share: mounting the whole app and driving it as a person would.
#![allow(dead_code)] // each test file uses its own subset

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

pub async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
    }
    sleep(20).await;
}

/// A fresh app in its own container (no autosave from an earlier test).
pub fn mount() -> (
    HtmlElement,
    leptos::mount::UnmountHandle<impl leptos::prelude::Mountable>,
) {
    splitbrain::storage::clear();
    let container: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), splitbrain::App);
    (container, handle)
}

pub fn find(root: &HtmlElement, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

pub fn all(root: &HtmlElement, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

pub fn text(root: &HtmlElement, selector: &str) -> String {
    find(root, selector)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Clicks any element (SVG included) with a bubbling mouse event, as a real click would.
pub fn click(el: &Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// Drags the scrubber to `ms` of simulated time.
pub async fn scrub_to(root: &HtmlElement, ms: u64) {
    let input: HtmlInputElement = find(root, "[data-testid=scrubber]")
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_max(&(ms * 1000 + 1_000_000).to_string());
    input.set_value(&(ms * 1000).to_string());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
}

/// Picks `value` in a `<select>` and fires `change`, as choosing it with the mouse would.
pub async fn choose(root: &HtmlElement, selector: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = find(root, selector).unwrap().dyn_into().unwrap();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    settle().await;
}

/// Presses the Client panel's Send button, as a click would.
pub async fn send_client_request(root: &HtmlElement) {
    let send: HtmlElement = find(root, "[data-testid=client-send]")
        .unwrap()
        .dyn_into()
        .unwrap();
    send.click();
    settle().await;
}

pub fn leaders(root: &HtmlElement) -> Vec<String> {
    all(root, "[data-role=leader]")
        .into_iter()
        .filter_map(|e| e.get_attribute("data-testid"))
        .collect()
}

/// Imports a file through the real file picker: a File in a DataTransfer, then a change event.
pub fn import_file(root: &HtmlElement, name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let file = web_sys::File::new_with_str_sequence(&parts, name).unwrap();
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(&file).unwrap();
    let input: HtmlInputElement = find(root, "[data-testid=import]")
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_files(dt.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}
