//! Starting runs: the scenario picker, and a restart form for cluster size (1–25), seed and the Raft options
//! and teaching mutants.

use crate::lab::use_lab;
use crate::layout::parse_clamped;
use crate::proto::{self, Options};
use crate::scenarios;
use leptos::prelude::*;
use splitbrain_raft::ReadMode;

#[component]
pub fn ScenarioPicker() -> impl IntoView {
    let lab = use_lab();
    let current = Memo::new(move |_| lab.with(|tl| tl.sim().scenario().name.clone()));
    let on_pick = move |ev: web_sys::Event| {
        let id = event_target_value(&ev);
        if id.is_empty() {
            return;
        }
        match scenarios::load(&id) {
            Ok(s) => {
                if lab.load_scenario(&s) {
                    lab.show_notice(format!(
                        "Loaded “{}”",
                        if s.name.is_empty() {
                            id.clone()
                        } else {
                            s.name.clone()
                        }
                    ));
                }
            }
            Err(e) => lab.show_error(e),
        }
    };
    view! {
        <label class="picker">
            <span class="sr-only">"Scenario"</span>
            <select data-testid="scenario-picker" aria-label="Load a lecture scenario" on:change=on_pick>
                <option value="" selected=true>{move || format!("Scenario: {}", current.get())}</option>
                {scenarios::catalogue().into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn RunPanel() -> impl IntoView {
    let lab = use_lab();
    let (scenario, opts) = lab.with_untracked(|tl| {
        let s = tl.sim().scenario().clone();
        let o = proto::options_from_json(&s.cluster.options);
        (s, o)
    });
    let nodes = RwSignal::new(scenario.cluster.nodes);
    let seed = RwSignal::new(scenario.seed);
    let opts = RwSignal::new(opts);
    let restart = move |_| {
        let mut s = lab.with_untracked(|tl| tl.sim().scenario().clone());
        s.cluster.nodes = nodes.get_untracked().clamp(1, proto::MAX_NODES);
        s.seed = seed.get_untracked();
        s.cluster.options = proto::options_to_json(&opts.get_untracked());
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
    let ms_input = move |label: &'static str,
                         testid: &'static str,
                         get: fn(&Options) -> u64,
                         put: fn(&mut Options, u64)| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input type="number" min="1" max="60000" data-testid=testid aria-label=label
                    prop:value=move || (opts.with(get) / 1000).to_string()
                    on:change=move |ev| {
                        let v = parse_clamped(&event_target_value(&ev), 1.0, 60_000.0, 100.0) as u64 * 1000;
                        opts.update(|o| put(o, v));
                    } />
            </label>
        }
    };
    view! {
        <section class="panel run" aria-label="New run">
            <h2>"New run"</h2>
            <div class="fields">
                <label class="field">
                    <span>"Nodes (1–25)"</span>
                    <input type="number" min="1" max="25" data-testid="run-nodes" aria-label="Number of nodes, 1 to 25"
                        prop:value=move || nodes.get().to_string()
                        on:change=move |ev| nodes.set(parse_clamped(&event_target_value(&ev), 1.0, 25.0, 5.0) as u32) />
                </label>
                <label class="field">
                    <span>"Seed"</span>
                    <input type="number" min="0" data-testid="run-seed" aria-label="Random seed"
                        prop:value=move || seed.get().to_string()
                        on:change=move |ev| seed.set(parse_clamped(&event_target_value(&ev), 0.0, 9.0e15, 1.0) as u64) />
                </label>
                {ms_input("Election timeout min (ms)", "run-emin", |o| o.election_timeout_min_us, |o, v| o.election_timeout_min_us = v)}
                {ms_input("Election timeout max (ms)", "run-emax", |o| o.election_timeout_max_us, |o, v| o.election_timeout_max_us = v)}
                {ms_input("Heartbeat (ms)", "run-hb", |o| o.heartbeat_us, |o, v| o.heartbeat_us = v)}
                <label class="check">
                    <input type="checkbox" prop:checked=move || opts.with(|o| o.pre_vote)
                        on:change=move |ev| { let c = event_target_checked(&ev); opts.update(|o| o.pre_vote = c) } />
                    " pre-vote"
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || opts.with(|o| o.check_quorum)
                        on:change=move |ev| { let c = event_target_checked(&ev); opts.update(|o| o.check_quorum = c) } />
                    " check-quorum"
                </label>
                <label class="field">
                    <span>"Reads"</span>
                    <select aria-label="How leaders serve reads" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let mode = proto::READ_MODES.iter().find(|(m, _)| m.as_str() == v).map(|(m, _)| *m).unwrap_or(ReadMode::Log);
                        opts.update(|o| o.read_mode = mode);
                    }>
                        {proto::READ_MODES.iter().map(|(m, label)| {
                            let m = *m;
                            view! { <option value=m.as_str() selected=move || opts.with(|o| o.read_mode == m)>{*label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Mutant (a deliberately broken Raft)"</span>
                    <select aria-label="Teaching mutant" data-testid="run-mutant" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let m = proto::mutants().iter().copied().find(|m| proto::mutant_key(*m) == v);
                        opts.update(|o| o.mutant = m);
                    }>
                        <option value="" selected=move || opts.with(|o| o.mutant.is_none())>"none: correct Raft"</option>
                        {proto::mutants().iter().map(|m| {
                            let m = *m;
                            view! { <option value=proto::mutant_key(m) selected=move || opts.with(|o| o.mutant == Some(m))>{proto::mutant_label(m)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <button class="btn primary" data-testid="restart-run" on:click=restart>"Restart with these settings"</button>
            <p class="hint">"Invalid combinations (say a heartbeat longer than the election timeout) are refused with the reason."</p>
        </section>
    }
}
