//! Export the run as trace JSON (a download), import a trace or a scenario (file picker). A bad file is
//! reported in the page with the parser's own message (field path, line, column); the current run is kept.

use crate::lab::{use_lab, Lab};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Applies imported text to the lab: replaces the run on success, shows the error and keeps the run if not.
pub fn import_text(lab: Lab, file_name: &str, text: &str) {
    match crate::run::parse_import(text) {
        Ok((tl, notice)) => {
            lab.playing.set(false);
            lab.replace(tl);
            lab.error.set(None);
            lab.show_notice(notice);
        }
        Err(e) => lab.show_error(format!(
            "Could not import {file_name}: {e}. Your current run is unchanged."
        )),
    }
}

pub fn export(lab: Lab) {
    let (json, events) = lab.with_untracked(|tl| (tl.to_trace_json(), tl.cursor()));
    match crate::download::text("splitbrain-trace.json", "application/json", &json) {
        Ok(()) => lab.show_notice(format!("Exported {events} events as splitbrain-trace.json")),
        Err(e) => lab.show_error(format!("Export failed: {e}")),
    }
}

#[component]
pub fn ImportExport() -> impl IntoView {
    let lab = use_lab();
    let on_file = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        if file.size() > 50.0 * 1024.0 * 1024.0 {
            lab.show_error(format!("Could not import {name}: the file is larger than 50 MB. Your current run is unchanged."));
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(v) => import_text(lab, &name, &v.as_string().unwrap_or_default()),
                Err(_) => lab.show_error(format!(
                    "Could not read {name}. Your current run is unchanged."
                )),
            }
        });
    };
    view! {
        <div class="io" role="group" aria-label="Import and export">
            <button class="btn" data-testid="export" aria-label="Export the run as trace JSON" on:click=move |_| export(lab)>"⤓ Export"</button>
            <label class="btn file" aria-label="Import a trace or scenario JSON file">
                "⤒ Import"
                <input type="file" accept=".json,application/json" data-testid="import" class="sr-only" on:change=on_file />
            </label>
        </div>
    }
}
