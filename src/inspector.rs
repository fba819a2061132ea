//! The node inspector: everything one node knows (term, vote, role, log with commit index, nextIndex /
//! matchIndex on a leader, applied key-value state, its skewed local clock, Lamport and vector clocks), the
//! node's fault buttons and its clock sliders.

use crate::lab::{use_lab, Lab};
use crate::layout::{fmt_local, parse_clamped};
use crate::proto::{self, node_info, LogRow, NodeInfo};
use leptos::prelude::*;
use splitbrain_sim::{Action, NodeId, NodeStatus};

#[derive(Clone, Debug, PartialEq)]
struct Inspect {
    id: NodeId,
    status: NodeStatus,
    info: Option<NodeInfo>,
    log: Vec<LogRow>,
    kv: Vec<(String, String)>,
    lamport: u64,
    vclock: Vec<u32>,
}

fn inspect(lab: Lab, id: NodeId) -> Option<Inspect> {
    lab.with(|tl| {
        let sim = tl.sim();
        if id.index() >= sim.node_count() {
            return None;
        }
        let p = sim.node(id);
        Some(Inspect {
            id,
            status: sim.status(id),
            info: p.map(node_info),
            log: p.map(|p| proto::log_rows(p, 40)).unwrap_or_default(),
            kv: p.map(proto::kv_rows).unwrap_or_default(),
            lamport: sim.lamport(id),
            vclock: sim.vclock(id).0,
        })
    })
}

/// The node fault buttons, shared with keyboard shortcuts.
pub fn node_action(lab: Lab, id: NodeId, what: &str) {
    let status = lab.with_untracked(|tl| tl.sim().status(id));
    let action = match what {
        "crash" => Action::Crash { node: id },
        "restart" => Action::Restart { node: id },
        "pause" if status == NodeStatus::Paused => Action::Resume { node: id },
        "pause" => Action::Pause { node: id },
        "resume" => Action::Resume { node: id },
        "timeout" => Action::Timeout { node: id },
        _ => return,
    };
    lab.act(action);
}

#[component]
pub fn Inspector() -> impl IntoView {
    let lab = use_lab();
    let data = Memo::new(move |_| lab.selected_node.get().and_then(|id| inspect(lab, id)));
    let clock = Memo::new(move |_| {
        let id = lab.selected_node.get()?;
        lab.with(|tl| {
            (id.index() < tl.sim().node_count()).then(|| {
                let c = tl.sim().clock(id);
                (
                    id,
                    c.offset_us as f64 / 1000.0,
                    c.drift_ppm as f64 / 10_000.0,
                )
            })
        })
    });
    let actions = Memo::new(move |_| {
        let id = lab.selected_node.get()?;
        lab.with(|tl| {
            let sim = tl.sim();
            (id.index() < sim.node_count()).then(|| {
                let role = sim
                    .node(id)
                    .map(|p| node_info(p).role.name())
                    .unwrap_or("—");
                (id, sim.status(id), role)
            })
        })
    });
    let node_names = Memo::new(move |_| lab.with(|tl| tl.sim().node_count()));
    view! {
        <section class="panel inspector" data-testid="inspector" aria-label="Node inspector">
            <div class="node-picker" role="group" aria-label="Select a node">
                <For each=move || 0..node_names.get() key=|i| *i let:i>
                    <button
                        class=move || if lab.selected_node.get() == Some(NodeId(i as u32)) { "chip on" } else { "chip" }
                        data-testid=format!("pick-n{}", i + 1)
                        aria-label=format!("Inspect n{}", i + 1)
                        aria-pressed=move || (lab.selected_node.get() == Some(NodeId(i as u32))).to_string()
                        on:click=move |_| lab.selected_node.set(Some(NodeId(i as u32)))
                    >{format!("n{}", i + 1)}</button>
                </For>
            </div>
            {move || actions.get().map(|(id, status, role)| node_actions(lab, id, status, role))}
            {move || match data.get() {
                None => view! { <p class="hint">"Click a node in the cluster (or press 1–9) to inspect it."</p> }.into_any(),
                Some(d) => inspector_body(lab, d).into_any(),
            }}
            {move || clock.get().map(|(id, offset, drift)| clock_controls(lab, id, offset, drift))}
        </section>
    }
}

fn inspector_body(lab: Lab, d: Inspect) -> impl IntoView {
    let id = d.id;
    let status = d.status;
    let up = status != NodeStatus::Crashed;
    let info = d.info.clone();
    let commit = info.as_ref().map_or(0, |i| i.commit_index);
    let vclock = d
        .vclock
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <div class="inspect-body">
            <dl class="facts" data-testid="facts">
                {info.as_ref().map(|i| view! {
                    <div><dt>"term"</dt><dd data-testid="fact-term">{i.term}</dd></div>
                    <div><dt>"votedFor"</dt><dd>{i.voted_for.map(|v| v.to_string()).unwrap_or_else(|| "—".into())}</dd></div>
                    <div><dt>"leader"</dt><dd>{i.leader.map(|v| v.to_string()).unwrap_or_else(|| "unknown".into())}</dd></div>
                    <div><dt>"commitIndex"</dt><dd>{i.commit_index}</dd></div>
                    <div><dt>"lastApplied"</dt><dd>{i.last_applied}</dd></div>
                    <div><dt>"log length"</dt><dd>{i.log_len}</dd></div>
                })}
                <div><dt>"local clock"</dt><dd data-testid="fact-clock">{move || lab.with(|tl| fmt_local(tl.sim().local_time(id).0))}</dd></div>
                <div><dt>"Lamport"</dt><dd>{d.lamport}</dd></div>
                <div class="wide"><dt>"vector clock"</dt><dd class="mono">"[" {vclock} "]"</dd></div>
            </dl>
            {(!up).then(|| view! { <p class="hint">"Crashed: only its persisted state (term, vote, log) survives a restart."</p> })}
            <h4>"Log " <small>"(▮ = committed)"</small></h4>
            {if d.log.is_empty() {
                view! { <p class="hint">"empty"</p> }.into_any()
            } else {
                view! {
                    <table class="log-table" data-testid="log-table">
                        <thead><tr><th>"#"</th><th>"term"</th><th>"command"</th></tr></thead>
                        <tbody>
                            {d.log.iter().map(|r| view! {
                                <tr class=if r.index <= commit { "committed" } else { "" }>
                                    <td>{r.index}</td><td>{r.term}</td><td>{r.text.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {info.as_ref().filter(|i| !i.replication.is_empty()).map(|i| view! {
                <h4>"Replication (leader)"</h4>
                <table class="repl-table" data-testid="repl-table">
                    <thead><tr><th>"peer"</th><th>"nextIndex"</th><th>"matchIndex"</th></tr></thead>
                    <tbody>
                        {i.replication.iter().map(|(p, n, m)| view! {
                            <tr><td>{p.to_string()}</td><td>{*n}</td><td>{*m}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <h4>"Key-value state (applied)"</h4>
            {if d.kv.is_empty() {
                view! { <p class="hint">"nothing applied yet"</p> }.into_any()
            } else {
                view! {
                    <table class="kv-table" data-testid="kv-table">
                        <tbody>
                            {d.kv.iter().map(|(k, v)| view! { <tr><td>{k.clone()}</td><td>{v.clone()}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </div>
    }
}

fn clock_controls(lab: Lab, id: NodeId, offset: f64, drift: f64) -> impl IntoView {
    let set_clock = move |offset_ms: f64, drift_pct: f64| {
        lab.act(Action::SetClock {
            node: id,
            offset_us: (offset_ms * 1000.0).round() as i64,
            drift_ppm: (drift_pct * 10_000.0).round() as i32,
        });
    };
    view! {
        <div class="clock-panel">
            <h4>"Clock of " {id.to_string()}</h4>
            <div class="clock-controls">
                <label>
                    <span>"offset " <b>{format!("{offset:+.0} ms")}</b></span>
                    <input type="range" min="-2000" max="2000" step="10" prop:value=offset.to_string()
                        aria-label=format!("Clock offset of {id} in milliseconds")
                        data-testid="clock-offset"
                        on:change=move |ev| set_clock(parse_clamped(&event_target_value(&ev), -2000.0, 2000.0, 0.0), drift) />
                </label>
                <label>
                    <span>"drift " <b>{format!("{drift:+.1} %")}</b></span>
                    <input type="range" min="-50" max="50" step="0.5" prop:value=drift.to_string()
                        aria-label=format!("Clock drift of {id} in percent")
                        data-testid="clock-drift"
                        on:change=move |ev| set_clock(offset, parse_clamped(&event_target_value(&ev), -50.0, 50.0, 0.0)) />
                </label>
                <button class="btn" on:click=move |_| set_clock(0.0, 0.0) aria-label=format!("Reset the clock of {id}")>"Reset clock"</button>
            </div>
        </div>
    }
}

fn node_actions(lab: Lab, id: NodeId, status: NodeStatus, role: &'static str) -> impl IntoView {
    let status_text = match status {
        NodeStatus::Up => "up",
        NodeStatus::Paused => "paused",
        NodeStatus::Crashed => "crashed",
    };
    let up = status != NodeStatus::Crashed;
    let btn = move |what: &'static str, label: &'static str, enabled: bool| {
        view! {
            <button class=format!("btn node-{what}") data-testid=format!("node-{what}") disabled=!enabled
                aria-label=format!("{label} {id}")
                on:click=move |_| node_action(lab, id, what)>{label}</button>
        }
    };
    view! {
        <h3 class="inspect-title" data-testid="inspect-title">
            <span class="big">{id.to_string()}</span>
            <span class=format!("pill role-{role}")>{role}</span>
            <span class=format!("pill status-{status_text}")>{status_text}</span>
        </h3>
        <div class="node-actions" role="group" aria-label="Node faults">
            {btn("crash", "Crash", up)}
            {btn("restart", "Restart", !up)}
            {btn("pause", if status == NodeStatus::Paused { "Resume" } else { "Pause" }, up)}
            {btn("timeout", "Time out now", status == NodeStatus::Up)}
        </div>
    }
}
