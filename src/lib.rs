//! Splitbrain's browser app: components over the deterministic simulator.

pub mod cluster_view;
pub mod lab;
pub mod layout;
pub mod proto;
pub mod storage;

use leptos::prelude::*;

pub use lab::{use_lab, Lab};

#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::restore_or_default();
    provide_context(lab);
    view! {
        <main class="app">
            <h1>"Splitbrain"</h1>
            // The happens-before / Raft timelines band goes here: <crate::timeline::Timelines/>
            <section class="timelines-slot" data-testid="timelines-slot"></section>
        </main>
    }
}
