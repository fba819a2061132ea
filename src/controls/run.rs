//! Starting runs: the protocol picker, the scenario picker (grouped by protocol), and a restart form for
//! cluster size, seed and the protocol's own options, built from the fields its face declares.

use crate::lab::{use_lab, Lab};
use crate::layout::parse_clamped;
use crate::run::default_scenario;
use crate::scenarios;
use leptos::prelude::*;
use splitbrain_registry as registry;
use splitbrain_sim::{FieldKind, OptionField};

fn load(lab: Lab, id: &str) {
    match scenarios::load(id) {
        Ok(s) => {
            if lab.load_scenario(&s) {
                let name = if s.name.is_empty() { id } else { &s.name };
                lab.show_notice(format!("Loaded “{name}”"));
            }
        }
        Err(e) => lab.show_error(e),
    }
}

/// Chooses the protocol: starts its playground (the scenario picker then offers its lectures).
#[component]
pub fn ProtocolPicker() -> impl IntoView {
    let lab = use_lab();
    let current = Memo::new(move |_| lab.with(|tl| tl.face().name));
    let on_pick = move |ev: web_sys::Event| {
        let name = event_target_value(&ev);
        match registry::find(&name) {
            Ok(entry) => {
                let s = default_scenario(entry, entry.default_nodes, 1);
                if lab.load_scenario(&s) {
                    lab.show_notice(format!("{}: {}", entry.title, entry.summary));
                }
            }
            Err(e) => lab.show_error(e.to_string()),
        }
    };
    view! {
        <label class="picker">
            <span class="sr-only">"Protocol"</span>
            <select data-testid="protocol-picker" aria-label="Protocol" on:change=on_pick
                prop:value=move || current.get()>
                {registry::protocols().iter().filter(|e| e.listed).map(|e| view! {
                    <option value=e.name selected=move || current.get() == e.name>{e.title}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn ScenarioPicker() -> impl IntoView {
    let lab = use_lab();
    let current = Memo::new(move |_| lab.with(|tl| tl.scenario().name.clone()));
    let on_pick = move |ev: web_sys::Event| {
        let id = event_target_value(&ev);
        if !id.is_empty() {
            load(lab, &id);
        }
    };
    view! {
        <label class="picker">
            <span class="sr-only">"Scenario"</span>
            <select data-testid="scenario-picker" aria-label="Load a lecture scenario" on:change=on_pick>
                <option value="" selected=true>{move || format!("Scenario: {}", current.get())}</option>
                {scenarios::catalogue().into_iter().map(|g| view! {
                    <optgroup label=g.title>
                        {g.entries.into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn RunPanel() -> impl IntoView {
    let lab = use_lab();
    let (scenario, options, face) =
        lab.with_untracked(|tl| (tl.scenario().clone(), tl.options_json(), tl.face()));
    let nodes = RwSignal::new(scenario.cluster.nodes);
    let seed = RwSignal::new(scenario.seed);
    let options = RwSignal::new(options);
    let (min_nodes, max_nodes) = (face.nodes.0, face.nodes.1.min(crate::run::MAX_LAB_NODES));
    let restart = move |_| {
        let mut s = lab.with_untracked(|tl| tl.scenario().clone());
        s.cluster.nodes = nodes.get_untracked().clamp(min_nodes, max_nodes);
        s.seed = seed.get_untracked();
        s.cluster.options = options.get_untracked();
        // A restart is a new run: keep the network and client settings, drop the recorded actions.
        s.schedule.clear();
        s.narration.clear();
        s.clocks.clear();
        if s.name.is_empty() || !s.name.starts_with("Custom") {
            s.name = format!("Custom ({} nodes)", s.cluster.nodes);
        }
        if lab.load_scenario(&s) {
            lab.show_notice("Restarted with the new settings");
        }
    };
    view! {
        <section class="panel run" aria-label="New run">
            <h2>"New run"</h2>
            <div class="fields">
                <label class="field">
                    <span>{format!("Nodes ({min_nodes}–{max_nodes})")}</span>
                    <input type="number" min=min_nodes max=max_nodes data-testid="run-nodes"
                        aria-label=format!("Number of nodes, {min_nodes} to {max_nodes}")
                        prop:value=move || nodes.get().to_string()
                        on:change=move |ev| nodes.set(parse_clamped(&event_target_value(&ev), min_nodes as f64, max_nodes as f64, 5.0) as u32) />
                </label>
                <label class="field">
                    <span>"Seed"</span>
                    <input type="number" min="0" data-testid="run-seed" aria-label="Random seed"
                        prop:value=move || seed.get().to_string()
                        on:change=move |ev| seed.set(parse_clamped(&event_target_value(&ev), 0.0, 9.0e15, 1.0) as u64) />
                </label>
                {(face.option_fields)().into_iter().map(|f| option_input(options, f)).collect_view()}
            </div>
            <button class="btn primary" data-testid="restart-run" on:click=restart>"Restart with these settings"</button>
            <p class="hint">"Invalid combinations (say a heartbeat longer than the election timeout) are refused with the reason."</p>
        </section>
    }
}

/// One option of the protocol, editing its field of `cluster.options` (JSON).
fn option_input(options: RwSignal<serde_json::Value>, f: OptionField) -> impl IntoView {
    let key = f.key;
    let get = move || options.with(|o| o.get(key).cloned().unwrap_or(serde_json::Value::Null));
    let set = move |v: serde_json::Value| {
        options.update(|o| {
            if !o.is_object() {
                *o = serde_json::json!({});
            }
            o[key] = v;
        })
    };
    let testid = format!("run-{}", key.replace('_', "-"));
    match f.kind {
        FieldKind::Bool => view! {
            <label class="check" title=f.help>
                <input type="checkbox" data-testid=testid prop:checked=move || get().as_bool().unwrap_or(false)
                    on:change=move |ev| set(serde_json::Value::Bool(event_target_checked(&ev))) />
                " " {f.label}
            </label>
        }
        .into_any(),
        FieldKind::Choice(choices) => {
            let values = choices.iter().map(|(v, _)| v.clone()).collect::<Vec<_>>();
            view! {
                <label class="field" title=f.help>
                    <span>{f.label}</span>
                    <select data-testid=testid aria-label=f.label on:change=move |ev| {
                        let picked = event_target_value(&ev);
                        if let Some(v) = values.iter().find(|v| v.to_string() == picked) {
                            set(v.clone());
                        }
                    }>
                        {choices.into_iter().map(|(value, label)| {
                            let text = value.to_string();
                            view! { <option value=text selected=move || get() == value>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }
            .into_any()
        }
        FieldKind::Integer { min, max, unit } => {
            // Microsecond fields are edited in milliseconds, the unit people think in.
            let scale = if unit == "µs" { 1000.0 } else { 1.0 };
            let shown_unit = if unit == "µs" { "ms" } else { unit };
            let (lo, hi) = (min as f64 / scale, max as f64 / scale);
            view! {
                <label class="field" title=f.help>
                    <span>{format!("{} ({shown_unit})", f.label)}</span>
                    <input type="number" min=lo max=hi data-testid=testid aria-label=f.label
                        prop:value=move || get().as_f64().map(|v| (v / scale).to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let v = parse_clamped(&event_target_value(&ev), lo, hi, lo);
                            set(serde_json::json!((v * scale).round() as i64));
                        } />
                </label>
            }
            .into_any()
        }
    }
}
