//! Export the run as trace JSON (a download), import a trace or a scenario (file picker). A bad file is
//! reported in the page with the parser's own message (field path, line, column); the current run is kept.

use crate::lab::{use_lab, Lab};
use crate::proto::{Proto, RaftTimeline};
use leptos::prelude::*;
use splitbrain_sim::{Scenario, SimTime, TraceFile};
use wasm_bindgen::JsCast;

/// Builds a run from the text of a trace file or a scenario file.
pub fn parse_import(text: &str) -> Result<(RaftTimeline, String), String> {
    let looks_like_trace = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .is_some_and(|v| v.get("schema").is_some() || v.get("events").is_some());
    if looks_like_trace {
        let file = TraceFile::<Proto>::from_json(text).map_err(|e| e.to_string())?;
        // The trace carries the scenario with every live action: re-simulating it reproduces the run.
        let mut tl = Lab::build(&file.scenario, SimTime::ZERO)?;
        tl.run_until(file.end_time);
        let name = if file.scenario.name.is_empty() {
            "trace".to_string()
        } else {
            file.scenario.name.clone()
        };
        Ok((
            tl,
            format!("Imported trace “{name}” ({} events)", file.events.len()),
        ))
    } else {
        let scenario = Scenario::from_json(text).map_err(|e| e.to_string())?;
        scenario
            .validate_for::<Proto>()
            .map_err(|e| e.to_string())?;
        let tl = Lab::build(&scenario, SimTime::ZERO)?;
        let name = if scenario.name.is_empty() {
            "scenario".to_string()
        } else {
            scenario.name.clone()
        };
        Ok((tl, format!("Loaded scenario “{name}”")))
    }
}

/// Applies imported text to the lab: replaces the run on success, shows the error and keeps the run if not.
pub fn import_text(lab: Lab, file_name: &str, text: &str) {
    match parse_import(text) {
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

fn download(name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "could not create the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "could not create a download link")?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

pub fn export(lab: Lab) {
    let (json, events) = lab.with_untracked(|tl| (tl.to_trace_file().to_json(), tl.cursor()));
    match download("splitbrain-trace.json", &json) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use splitbrain_sim::{Action, NodeId};

    #[test]
    fn an_exported_trace_imports_to_the_same_run() {
        let mut tl = Lab::build(&crate::lab::default_scenario(5, 7), SimTime(800_000)).unwrap();
        tl.act(Action::Crash { node: NodeId(0) }).unwrap();
        tl.run_until(SimTime(2_000_000));
        let json = tl.to_trace_file().to_json();
        let (back, notice) = parse_import(&json).unwrap();
        assert!(notice.contains("events"), "{notice}");
        assert_eq!(back.now(), tl.now());
        assert_eq!(back.trace().len(), tl.trace().len());
        assert_eq!(
            back.to_trace_file().to_json(),
            json,
            "re-simulation reproduces the trace"
        );
    }

    #[test]
    fn malformed_imports_name_the_problem() {
        let err =
            parse_import(r#"{"cluster": {"protocol": "raft", "nodes": "five"}}"#).unwrap_err();
        assert!(
            err.contains("cluster.nodes") && err.contains("line 1"),
            "{err}"
        );
        let err = parse_import("{").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        let err = parse_import(r#"{"cluster": {"protocol": "raft", "nodes": 40}}"#).unwrap_err();
        assert!(err.contains("nodes"), "{err}");
        let err = parse_import(r#"{"cluster": {"protocol": "paxos", "nodes": 3}}"#).unwrap_err();
        assert!(err.contains("paxos"), "{err}");
    }
}
