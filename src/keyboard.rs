//! Keyboard shortcuts: space play/pause, → step, ← back, c client request, ? help, and node faults on the
//! selected node. Ignored while typing in a field.

use crate::client_panel::{send_client, ClientForm};
use crate::inspector::node_action;
use crate::lab::Lab;
use crate::Tab;
use leptos::prelude::*;
use splitbrain_sim::{Action, NodeId};
use wasm_bindgen::JsCast;

pub const SHORTCUTS: &[(&str, &str)] = &[
    ("space", "play / pause"),
    ("→", "step one event"),
    ("←", "step one event back"),
    (
        "c",
        "send the client request (Client panel); a message goes from the selected node",
    ),
    ("1 … 9", "select node n1 … n9"),
    ("k", "crash the selected node"),
    ("r", "restart the selected node"),
    ("p", "pause / resume the selected node"),
    ("t", "force a timeout on the selected node"),
    ("i", "isolate the leader"),
    ("h", "heal the network"),
    ("+ / −", "faster / slower"),
    ("?", "this help"),
    ("Esc", "close help or Compare, deselect"),
];

fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    match el.tag_name().to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        // Sliders and checkboxes take no typing: shortcuts still work after dragging the scrubber.
        "input" => !matches!(
            el.get_attribute("type").as_deref(),
            Some("range" | "checkbox" | "radio")
        ),
        _ => false,
    }
}

pub fn install(lab: Lab, form: ClientForm, tab: RwSignal<Tab>) {
    let compare = use_context::<crate::compare_view::CompareOpen>().map(|c| c.0);
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
            return;
        }
        let key = ev.key();
        // The Compare dialog covers the lab: its keys must not drive the run behind it. Escape closes it.
        if let Some(open) = compare.filter(|o| o.get_untracked()) {
            if key == "Escape" {
                open.set(false);
                ev.prevent_default();
            }
            return;
        }
        let selected = lab.selected_node.get_untracked();
        let handled = match key.as_str() {
            // Space always means play/pause for a lecturer, even with a button focused after a click
            // (preventing the default stops the button from being clicked again); Enter activates buttons.
            " " => {
                lab.playing.update(|p| *p = !*p);
                true
            }
            "ArrowRight" => {
                lab.playing.set(false);
                lab.step();
                true
            }
            "ArrowLeft" => {
                lab.playing.set(false);
                lab.step_back();
                true
            }
            "c" => {
                send_client(lab, form);
                tab.set(Tab::Client);
                true
            }
            "?" => {
                lab.help_open.update(|h| *h = !*h);
                true
            }
            "Escape" => {
                lab.help_open.set(false);
                lab.selected_node.set(None);
                true
            }
            "+" | "=" => {
                lab.speed
                    .update(|s| *s = (*s * 2.0).min(crate::lab::MAX_SPEED));
                true
            }
            "-" | "_" => {
                lab.speed
                    .update(|s| *s = (*s / 2.0).max(crate::lab::MIN_SPEED));
                true
            }
            "i" => {
                crate::controls::network::isolate_leader(lab);
                true
            }
            "h" => {
                lab.act(Action::Heal);
                true
            }
            k @ ("k" | "r" | "p" | "t") => {
                match selected {
                    Some(id) => node_action(
                        lab,
                        id,
                        match k {
                            "k" => "crash",
                            "r" => "restart",
                            "p" => "pause",
                            _ => "timeout",
                        },
                    ),
                    None => lab.show_error("Select a node first (click it, or press its number)."),
                }
                true
            }
            d if d.len() == 1 && d.as_bytes()[0].is_ascii_digit() && d != "0" => {
                let i = (d.as_bytes()[0] - b'1') as usize;
                if i < lab.with_untracked(|tl| tl.node_count()) {
                    lab.selected_node.set(Some(NodeId(i as u32)));
                }
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}
