//! Splitbrain's browser app: components over the deterministic simulator.

use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! { <main class="app"><h1>"Splitbrain"</h1></main> }
}
