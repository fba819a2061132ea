//! Pointer handling for the diagram: wheel zooms at the pointer, drag pans, click selects (shift-click adds
//! a second event to compare) or, on a marker, seeks playback. Clicks are delegated: the SVG is one string.

use wasm_bindgen::JsCast;

/// What a click or hover landed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    Event(u64),
    Seek(u64),
    Nothing,
}

pub fn hit(target: Option<web_sys::EventTarget>) -> Hit {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return Hit::Nothing;
    };
    if let Some(id) = attr(&el, "[data-ev]", "data-ev") {
        return Hit::Event(id);
    }
    if let Some(id) = attr(&el, "[data-seek]", "data-seek") {
        return Hit::Seek(id);
    }
    Hit::Nothing
}

fn attr(el: &web_sys::Element, selector: &str, name: &str) -> Option<u64> {
    el.closest(selector)
        .ok()
        .flatten()?
        .get_attribute(name)?
        .parse()
        .ok()
}

/// The pointer's x within `el`, in CSS pixels.
pub fn local_x(el: &web_sys::Element, client_x: i32) -> f64 {
    client_x as f64 - el.get_bounding_client_rect().left()
}

/// Zoom factor for a wheel delta: smooth, symmetric (in and out cancel), bounded per event.
pub fn wheel_factor(delta_y: f64, delta_mode: u32) -> f64 {
    // Lines and pages (Firefox) are much bigger steps than pixels.
    let px = match delta_mode {
        1 => delta_y * 16.0,
        2 => delta_y * 400.0,
        _ => delta_y,
    };
    (-px.clamp(-300.0, 300.0) * 0.002).exp()
}
