//! Whether the band is on screen. At 1080p the cluster fills the first screen and the band sits below it, so
//! while playing it need not be redrawn at all (each redraw is tens of milliseconds of DOM work); it catches
//! up the moment it scrolls into view.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry};

type Callback = Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>;

/// Keeps `visible` equal to "some of `el` is in the viewport" until the calling component is cleaned up.
pub fn track(el: &Element, visible: RwSignal<bool>) {
    let callback: Callback =
        Closure::new(move |entries: js_sys::Array, _: IntersectionObserver| {
            // Entries come oldest first; the last one is the current state.
            if let Some(entry) = entries
                .iter()
                .last()
                .and_then(|e| e.dyn_into::<IntersectionObserverEntry>().ok())
            {
                let _ = visible.try_set(entry.is_intersecting());
            }
        });
    let Ok(observer) = IntersectionObserver::new(callback.as_ref().unchecked_ref()) else {
        return; // an old browser: the band simply always counts as visible
    };
    observer.observe(el);
    let kept = StoredValue::new_local(Some((observer, callback)));
    on_cleanup(move || {
        if let Some(Some((observer, _callback))) = kept.try_update_value(|k| k.take()) {
            observer.disconnect();
        }
    });
}
