//! The node inspector: everything one node knows (term, vote, role, log with commit index, nextIndex /
//! matchIndex on a leader, applied key-value state, its skewed local clock, Lamport and vector clocks), the
//! node's fault buttons and its clock sliders.

use crate::lab::{use_lab, Lab};
use crate::layout::{fmt_local, parse_clamped};
use leptos::prelude::*;
use splitbrain_sim::{Action, NodeId, NodeStatus, RoleStyle, Section};

#[derive(Clone, Debug, PartialEq)]
struct Inspect {
    id: NodeId,
    status: NodeStatus,
    /// The protocol's own description of the node (empty when crashed).
    sections: Vec<Section>,
    lamport: u64,
    vclock: Vec<u32>,
}

fn inspect(lab: Lab, id: NodeId) -> Option<Inspect> {
    lab.with(|tl| {
        if id.index() >= tl.node_count() {
            return None;
        }
        Some(Inspect {
            id,
            status: tl.status(id),
            sections: tl.inspector(id),
            lamport: tl.lamport(id),
            vclock: tl.vclock(id).0,
        })
    })
}

/// The node fault buttons, shared with keyboard shortcuts.
pub fn node_action(lab: Lab, id: NodeId, what: &str) {
    let status = lab.with_untracked(|tl| tl.status(id));
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
            (id.index() < tl.node_count()).then(|| {
                let c = tl.clock(id);
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
            (id.index() < tl.node_count()).then(|| {
                let summary = tl.summary(id);
                let role = summary.as_ref().map(|s| tl.face().role(s.role));
                let detail = summary.and_then(|s| s.detail);
                (id, tl.status(id), role, detail)
            })
        })
    });
    let node_names = Memo::new(move |_| lab.with(|tl| tl.node_count()));
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
            {move || actions.get().map(|(id, status, role, detail)| node_actions(lab, id, status, role, detail))}
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
    let up = d.status != NodeStatus::Crashed;
    let vclock = d
        .vclock
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let mut sections = d.sections.into_iter().peekable();
    // The protocol's first block, if it is only untitled facts, shares the grid with the clocks every node
    // has; anything else is drawn as its own section.
    let facts = sections
        .next_if(|s| s.table.is_none() && s.title.is_empty())
        .unwrap_or_default();
    view! {
        <div class="inspect-body">
            <dl class="facts" data-testid="facts">
                {facts.rows.into_iter().map(|(k, v)| view! {
                    <div><dt>{k.clone()}</dt><dd data-testid=format!("fact-{}", slug(&k))>{v}</dd></div>
                }).collect_view()}
                <div><dt>"local clock"</dt><dd data-testid="fact-clock">{move || lab.with(|tl| fmt_local(tl.local_time(id).0))}</dd></div>
                <div><dt>"Lamport"</dt><dd>{d.lamport}</dd></div>
                <div class="wide"><dt>"vector clock"</dt><dd class="mono">"[" {vclock} "]"</dd></div>
            </dl>
            {(!up).then(|| view! { <p class="hint">"Crashed: only what it persisted survives a restart."</p> })}
            {sections.map(section_view).collect_view()}
        </div>
    }
}

/// One block the protocol describes: a heading, labelled rows, a small table.
fn section_view(s: Section) -> impl IntoView {
    let key = s.key.clone();
    let title = s.table.as_ref().filter(|t| !t.marked_means.is_empty()).map_or_else(
        || view! { <h4>{s.title.clone()}</h4> }.into_any(),
        |t| view! { <h4>{s.title.clone()} " " <small>{format!("(▮ = {})", t.marked_means)}</small></h4> }.into_any(),
    );
    view! {
        {(!s.title.is_empty()).then_some(title)}
        {(!s.rows.is_empty()).then(|| view! {
            <dl class="facts" data-testid=format!("{key}-facts")>
                {s.rows.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
            </dl>
        })}
        {s.table.map(|t| if t.rows.is_empty() {
            view! { <p class="hint">{t.empty}</p> }.into_any()
        } else {
            view! {
                <table class=format!("insp-table {key}-table") data-testid=format!("{key}-table")>
                    <thead><tr>{t.columns.into_iter().map(|c| view! { <th>{c}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {t.rows.into_iter().enumerate().map(|(i, row)| view! {
                            <tr class=if t.marked.contains(&i) { "marked" } else { "" }>
                                {row.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        })}
    }
}

/// A label as a test id: "commitIndex" → "commitindex", "log length" → "log-length".
fn slug(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
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

fn node_actions(
    lab: Lab,
    id: NodeId,
    status: NodeStatus,
    role: Option<RoleStyle>,
    detail: Option<String>,
) -> impl IntoView {
    let (class, role) = role.map_or(("pill".to_string(), "—"), |r| {
        (
            format!("pill {}", splitbrain_view::epochs::role_class(&r)),
            r.name,
        )
    });
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
            <span class=class>{role}</span>
            {detail.map(|d| view! { <span class="pill detail" data-testid="node-detail">{d}</span> })}
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
