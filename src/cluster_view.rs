//! The cluster view: nodes on a ring with role, term, timer ring and local clock; messages in flight moving
//! along their links; crashed, paused and partitioned nodes drawn distinctly. Click a node to inspect it,
//! click a message to drop (or delay, or duplicate) it.

use crate::client_path::client_bubbles;
use crate::lab::{use_lab, MsgMode};
use crate::layout::{
    self, arc_path, fmt_local, fmt_time, message_position, node_radius, progress, ring_position,
};
use leptos::prelude::*;
use splitbrain_sim::{Action, Face, MsgId, NodeId, NodeStatus, RoleStyle};
use std::fmt::Write;
use wasm_bindgen::JsCast;

/// Everything drawn for one node, recomputed per frame and compared so unchanged nodes are not touched.
#[derive(Clone, Debug, PartialEq)]
struct NodeDraw {
    x: f64,
    y: f64,
    r: f64,
    name: String,
    status: NodeStatus,
    role: Option<RoleStyle>,
    /// "term 3", "ballot 4.2": the epoch word and value.
    epoch: String,
    clock: String,
    /// The protocol's short extra fact ("commit 4", "in doubt T1 · x locked"), drawn under the clock when
    /// the ring has room for it.
    detail: String,
    /// How far the election timer has run (0–1), if armed.
    timer: Option<f64>,
    group: Option<usize>,
}

impl NodeDraw {
    fn class(&self) -> String {
        let mut c = String::from("node");
        match self.status {
            NodeStatus::Crashed => c.push_str(" crashed"),
            NodeStatus::Paused => c.push_str(" paused"),
            NodeStatus::Up => {}
        }
        if let Some(role) = self.role {
            let _ = write!(c, " {}", splitbrain_view::epochs::role_class(&role));
        }
        if let Some(g) = self.group {
            let _ = write!(c, " group-{}", g % 4);
        }
        c
    }

    fn aria(&self) -> String {
        let state = match (self.status, self.role) {
            (NodeStatus::Crashed, _) => "crashed".to_string(),
            (NodeStatus::Paused, Some(r)) => format!("paused {}", r.name),
            (_, Some(r)) => r.name.to_string(),
            _ => "down".to_string(),
        };
        let group = self
            .group
            .map(|g| format!(", partition group {}", group_letter(g)))
            .unwrap_or_default();
        format!(
            "{}: {state}, {}{group}. Press Enter to inspect.",
            self.name, self.epoch
        )
    }
}

pub fn group_letter(g: usize) -> char {
    (b'A' + (g % 26) as u8) as char
}

#[derive(Clone, Debug, PartialEq)]
struct MsgDraw {
    id: u64,
    class: String,
    tag: String,
    title: String,
    dot: f64,
    /// So many messages that their tags would be unreadable anyway: draw dots only (cheaper to paint).
    crowded: bool,
    x: f64,
    y: f64,
}

#[derive(Clone, Debug, PartialEq)]
struct Scene {
    nodes: Vec<NodeDraw>,
    /// Blocked links as (x1, y1, x2, y2, one_way).
    blocked: Vec<(f64, f64, f64, f64, bool)>,
    headline: String,
    /// The protocol checkers' verdict so far, if anything broke ("✘ violated: Agreement, …").
    broken: Option<String>,
    time: String,
    partition: Option<String>,
    clients: Vec<ClientDraw>,
}

/// A client operation's tag (top right) and the dashed line to the node it is talking to.
#[derive(Clone, Debug, PartialEq)]
struct ClientDraw {
    op: u64,
    text: String,
    status: &'static str,
    /// The tag's left edge and vertical middle, where the line starts.
    x: f64,
    y: f64,
    w: f64,
    /// Where the line meets the node's rim.
    to_x: f64,
    to_y: f64,
}

#[component]
pub fn ClusterView() -> impl IntoView {
    let lab = use_lab();

    let scene = Memo::new(move |_| {
        lab.with(|tl| {
            let face = tl.face();
            let n = tl.node_count();
            let now = tl.now();
            let topo = tl.topology();
            let group_of = |i: usize| -> Option<usize> {
                topo.groups.as_ref().map(|gs| {
                    gs.iter()
                        .position(|g| g.contains(&NodeId(i as u32)))
                        .unwrap_or(gs.len())
                })
            };
            let mut leaders = Vec::new();
            let nodes: Vec<NodeDraw> = (0..n)
                .map(|i| {
                    let id = NodeId(i as u32);
                    let (x, y) = ring_position(i, n);
                    let status = tl.status(id);
                    let info = tl.summary(id);
                    if let Some(inf) = &info {
                        if face.role(inf.role).exclusive && status == NodeStatus::Up {
                            leaders.push((id, inf.role, inf.epoch));
                        }
                    }
                    let timer = tl
                        .timers(id)
                        .iter()
                        .find(|(t, _, _)| t.ring)
                        .map(|(_, set, fire)| progress(set.0, fire.0, now.0));
                    NodeDraw {
                        x,
                        y,
                        r: node_radius(n),
                        name: id.to_string(),
                        status,
                        role: info.as_ref().map(|i| face.role(i.role)),
                        epoch: info.as_ref().map_or_else(String::new, |i| {
                            format!("{} {}", face.epoch_word, (face.epoch_label)(i.epoch))
                        }),
                        clock: fmt_local(tl.local_time(id).0),
                        detail: match (&info, n <= MAX_DETAILED) {
                            (Some(i), true) => i.detail.clone().unwrap_or_default(),
                            _ => String::new(),
                        },
                        timer: if status == NodeStatus::Crashed {
                            None
                        } else {
                            timer
                        },
                        group: group_of(i),
                    }
                })
                .collect();
            let mut blocked = Vec::new();
            if !topo.is_healthy() && n <= 12 {
                for a in 0..n {
                    for b in (a + 1)..n {
                        let (na, nb) = (NodeId(a as u32), NodeId(b as u32));
                        let ab = topo.connected(na, nb);
                        let ba = topo.connected(nb, na);
                        if !ab || !ba {
                            let (p, q) = (nodes[a].clone(), nodes[b].clone());
                            // One-way: draw from the side that cannot send.
                            let (p, q) = if ab { (q, p) } else { (p, q) };
                            blocked.push((p.x, p.y, q.x, q.y, ab != ba));
                        }
                    }
                }
            }
            let headline = headline(face, &leaders);
            let broken = broken_invariants(tl);
            let partition = topo.groups.as_ref().map(|gs| {
                let mut parts: Vec<String> = gs
                    .iter()
                    .enumerate()
                    .map(|(g, members)| {
                        let names: Vec<String> = members.iter().map(|m| m.to_string()).collect();
                        format!("{}: {}", group_letter(g), names.join(" "))
                    })
                    .collect();
                let loose: Vec<String> = (0..n)
                    .filter(|i| !gs.iter().any(|g| g.contains(&NodeId(*i as u32))))
                    .map(|i| NodeId(i as u32).to_string())
                    .collect();
                if !loose.is_empty() {
                    parts.push(format!("isolated: {}", loose.join(" ")));
                }
                parts.join("   ")
            });
            // A finished operation stays up for about three seconds of wall time at the current speed.
            let linger_us = (lab.speed.get() * 3_000_000.0).max(500_000.0) as u64;
            let clients = client_bubbles(tl, linger_us)
                .into_iter()
                .enumerate()
                .filter(|(_, b)| b.node.index() < n)
                .map(|(k, b)| {
                    // 22-unit bold text: about 14 units a character.
                    let w = 14.0 * b.text.chars().count() as f64 + 22.0;
                    let (x, y) = (layout::VIEW_W - 8.0 - w, 30.0 + 44.0 * k as f64);
                    let (nx, ny) = ring_position(b.node.index(), n);
                    let (dx, dy) = (x - nx, y - ny);
                    let len = (dx * dx + dy * dy).sqrt().max(1.0);
                    let r = node_radius(n) + 4.0;
                    ClientDraw {
                        op: b.op.0,
                        text: b.text,
                        status: b.status,
                        x,
                        y,
                        w,
                        to_x: nx + dx / len * r,
                        to_y: ny + dy / len * r,
                    }
                })
                .collect();
            Scene {
                nodes,
                blocked,
                headline,
                broken,
                time: fmt_time(now.0),
                partition,
                clients,
            }
        })
    });

    // Messages: the set (ids, type, label) changes only when messages are sent or arrive; positions change
    // every frame. Keeping them apart means a frame only moves existing <g> elements (one attribute each)
    // instead of rebuilding the layer.
    let msgs = Memo::new(move |_| {
        lab.with(|tl| {
            let n = tl.node_count();
            let r = node_radius(n);
            let now = tl.now().0;
            let wire = tl.in_flight();
            let crowded = wire.len() > CROWDED;
            // Crowded: smaller untagged dots, so the nodes stay readable under the traffic.
            let dot = if crowded {
                8.0
            } else if n > 12 {
                11.0
            } else {
                15.0
            };
            wire.iter()
                .filter(|m| m.from.index() < n && m.to.index() < n)
                .filter_map(|m| Some((m, tl.sent_message(m.send_event)?)))
                .map(|(m, shown)| {
                    let f = progress(m.sent_at.0, m.deliver_at.0, now);
                    let (x, y) = message_position(
                        ring_position(m.from.index(), n),
                        ring_position(m.to.index(), n),
                        f,
                        r,
                        dot * 0.9,
                    );
                    MsgDraw {
                        id: m.id.0,
                        class: format!(
                            "msg {}{}",
                            family_class(shown.family),
                            if m.lost { " lost" } else { "" }
                        ),
                        tag: shown.tag.clone(),
                        title: format!("{} {} → {} (m{})", shown.text, m.from, m.to, m.id.0),
                        dot,
                        crowded,
                        x,
                        y,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    const CROWDED: usize = 80;
    let msg_set = Memo::new(move |_| {
        msgs.with(|m| {
            m.iter()
                .map(|d| MsgDraw {
                    x: 0.0,
                    y: 0.0,
                    ..d.clone()
                })
                .collect::<Vec<_>>()
        })
    });
    let positions = Memo::new(move |_| {
        msgs.with(|m| {
            m.iter()
                .map(|d| (d.id, (d.x, d.y)))
                .collect::<std::collections::HashMap<u64, (f64, f64)>>()
        })
    });

    let on_msg_click = move |ev: web_sys::MouseEvent| {
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Ok(Some(el)) = target.closest("[data-msg]") else {
            return;
        };
        let Some(id) = el
            .get_attribute("data-msg")
            .and_then(|s| s.parse::<u64>().ok())
        else {
            return;
        };
        ev.stop_propagation();
        message_action(lab, MsgId(id));
    };

    let node_count = Memo::new(move |_| scene.with(|s| s.nodes.len()));

    view! {
        <div class="cluster-wrap">
            <p class="violated" data-testid="violated" role="status" aria-live="polite"
                class:hidden=move || scene.with(|s| s.broken.is_none())>
                {move || scene.with(|s| s.broken.clone().unwrap_or_default())}
            </p>
            <svg
                class="cluster"
                data-testid="cluster-view"
                viewBox=format!("0 0 {} {}", layout::VIEW_W, layout::VIEW_H)
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label="Cluster view: nodes on a ring and the messages between them"
            >
                <defs>
                    <marker id="cut-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                        <path d="M0 0 L10 5 L0 10 z" class="cut-arrow"></path>
                    </marker>
                </defs>
                <text class="clock-big" x="18" y="40" data-testid="sim-time">
                    {move || format!("t = {}", scene.with(|s| s.time.clone()))}
                </text>
                <text
                class=move || if scene.with(|s| s.headline.starts_with("split")) { "headline split" } else { "headline" }
                x="18"
                y="76"
                data-testid="headline"
            >
                    {move || scene.with(|s| s.headline.clone())}
                </text>

                <text class="partition-legend" x="18" y={layout::VIEW_H - 18.0} data-testid="partition-legend">
                    {move || scene.with(|s| s.partition.clone().map(|p| format!("Partition — {p}")).unwrap_or_default())}
                </text>
                <g class="blocked">
                    {move || {
                        scene
                            .with(|s| s.blocked.clone())
                            .into_iter()
                            .map(|(x1, y1, x2, y2, one_way)| {
                                view! {
                                    <line
                                        class=if one_way { "blocked-link one-way" } else { "blocked-link" }
                                        x1=x1 y1=y1 x2=x2 y2=y2
                                        marker-end=if one_way { "url(#cut-arrow)" } else { "" }
                                    ></line>
                                }
                            })
                            .collect_view()
                    }}
                </g>
                <g class="clients" data-testid="client-bubbles" aria-label="Client operations in progress">
                    {move || {
                        scene
                            .with(|s| s.clients.clone())
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <g class=format!("client-op {}", c.status) data-testid="client-bubble" data-op=c.op>
                                        <line x1=c.x y1=c.y x2=c.to_x y2=c.to_y></line>
                                        <rect x=c.x y={c.y - 19.0} width=c.w height="38" rx="8"></rect>
                                        <text x={c.x + c.w - 10.0} y={c.y + 8.0}>{c.text}</text>
                                    </g>
                                }
                            })
                            .collect_view()
                    }}
                </g>
                <For each=move || 0..node_count.get() key=|i| *i let:i>
                    <NodeGlyph i=i scene=scene/>
                </For>
                <g class="messages" data-testid="messages" on:click=on_msg_click>
                    <For each=move || msg_set.get() key=|d| (d.id, d.crowded, d.class.clone(), d.title.clone()) let:d>
                        <g
                            class=d.class.clone()
                            data-msg=d.id.to_string()
                            data-testid="msg"
                            transform=move || positions.with(|p| p.get(&d.id).map(|(x, y)| format!("translate({x:.1} {y:.1})")).unwrap_or_default())
                        >
                            <title>{d.title.clone()}</title>
                            <circle r=d.dot></circle>
                            {(!d.crowded).then(|| view! { <text dy="0.35em">{d.tag.clone()}</text> })}
                        </g>
                    </For>
                </g>
            </svg>
        </div>
    }
}

/// Carries out the current click mode on one message.
pub fn message_action(lab: crate::lab::Lab, msg: MsgId) {
    let action = match lab.msg_mode.get_untracked() {
        MsgMode::Drop => Action::DropMessage { msg },
        MsgMode::Delay => Action::DelayMessage {
            msg,
            by_us: lab.delay_ms.get_untracked().clamp(1, 60_000) * 1000,
        },
        MsgMode::Duplicate => Action::DuplicateMessage { msg },
    };
    lab.act(action);
}

#[component]
fn NodeGlyph(i: usize, scene: Memo<Scene>) -> impl IntoView {
    let lab = use_lab();
    let d = Memo::new(move |_| scene.with(|s| s.nodes.get(i).cloned()));
    let get =
        move |f: fn(&NodeDraw) -> String| move || d.with(|d| d.as_ref().map(f).unwrap_or_default());
    let num = move |f: fn(&NodeDraw) -> f64| move || d.with(|d| d.as_ref().map(f).unwrap_or(0.0));
    let id = NodeId(i as u32);
    let selected = move || lab.selected_node.get() == Some(id);
    let select = move || {
        let cur = lab.selected_node.get_untracked();
        lab.selected_node
            .set(if cur == Some(id) { None } else { Some(id) });
    };
    view! {
        <g
            class=move || {
                let mut c = d.with(|d| d.as_ref().map(|d| d.class()).unwrap_or_default());
                if selected() {
                    c.push_str(" selected");
                }
                c
            }
            data-testid=format!("node-{}", i + 1)
            data-role=move || d.with(|d| d.as_ref().and_then(|d| d.role).map(|r| r.name).unwrap_or("down"))
            tabindex="0"
            role="button"
            aria-label=get(|d| d.aria())
            aria-pressed=move || if selected() { "true" } else { "false" }
            transform=move || d.with(|d| d.as_ref().map(|d| format!("translate({:.1} {:.1})", d.x, d.y)).unwrap_or_default())
            on:click=move |_| select()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                // Enter selects; space stays play/pause (see keyboard.rs).
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    ev.stop_propagation();
                    select();
                }
            }
        >
            <circle class="group-halo" r=num(|d| d.r + 22.0)></circle>
            <circle class="timer-track" r=num(|d| d.r + 9.0)></circle>
            <path
                class=move || {
                    let f = d.with(|d| d.as_ref().and_then(|d| d.timer).unwrap_or(0.0));
                    if f > 0.8 { "timer-arc urgent" } else { "timer-arc" }
                }
                d=move || d.with(|d| d.as_ref().and_then(|d| d.timer.map(|f| arc_path(0.0, 0.0, d.r + 9.0, f))).unwrap_or_default())
            ></path>
            <circle class="body" r=num(|d| d.r)></circle>
            <text class="name" dy="-0.1em" font-size=num(|d| d.r * 0.62)>{get(|d| d.name.clone())}</text>
            <text class="term" dy="1.25em" font-size=num(|d| d.r * 0.34)>
                {get(|d| match d.status {
                    NodeStatus::Crashed => "crashed".to_string(),
                    NodeStatus::Paused => "paused".to_string(),
                    NodeStatus::Up => d.epoch.clone(),
                })}
            </text>
            <g class="badge" transform=move || d.with(|d| d.as_ref().map(|d| format!("translate({:.1} {:.1})", d.r * 0.74, -d.r * 0.74)).unwrap_or_default())>
                <circle r=num(|d| (d.r * 0.36).max(12.0))></circle>
                <text dy="0.36em" font-size=num(|d| (d.r * 0.4).max(14.0))>
                    {get(|d| match (d.status, d.role) {
                        (NodeStatus::Crashed, _) => "✕".to_string(),
                        (NodeStatus::Paused, _) => "❚❚".to_string(),
                        (_, Some(r)) => r.letter.to_string(),
                        _ => "?".to_string(),
                    })}
                </text>
            </g>
            <text class="local-clock" dy=num(|d| d.r + 38.0) font-size=num(|d| (d.r * 0.36).clamp(13.0, 19.0))>
                {get(|d| if d.status == NodeStatus::Crashed { String::new() } else { format!("◷ {}", d.clock) })}
            </text>
            <text class="node-detail" data-testid="node-summary-detail" dy=num(|d| d.r + 62.0) font-size=num(|d| (d.r * 0.32).clamp(12.0, 17.0))>
                {get(|d| d.detail.clone())}
            </text>
            <text class="group-tag" dx=num(|d| -d.r - 14.0) dy=num(|d| -d.r + 4.0) font-size="22">
                {get(|d| d.group.map(|g| group_letter(g).to_string()).unwrap_or_default())}
            </text>
        </g>
    }
}

/// Up to this many nodes, each shows its protocol's detail line; beyond, the ring is too tight for it.
const MAX_DETAILED: usize = 9;

/// The CSS class that colours a message family: families are coloured by their place in the face's list.
pub fn family_class(family: u8) -> String {
    format!("m-f{}", family.min(7))
}

/// The invariants the protocol's checkers found broken up to the cursor, named in the order they broke, so
/// a lecturer sees a violation on the cluster itself, not only in the timelines.
fn broken_invariants(tl: &dyn splitbrain_sim::Session) -> Option<String> {
    let cursor = tl.cursor();
    let mut names: Vec<&str> = Vec::new();
    let mut count = 0;
    for v in tl.violations().iter().filter(|v| v.event.index() < cursor) {
        count += 1;
        if !names.contains(&v.invariant.as_str()) {
            names.push(&v.invariant);
        }
    }
    (count > 0).then(|| {
        format!(
            "✘ violated: {} ({count} violation{})",
            names.join(", "),
            if count == 1 { "" } else { "s" }
        )
    })
}

/// What the cluster's headline says about who holds the exclusive role (leader, primary): one, none, or
/// several at once (split brain).
fn headline(face: &Face, holders: &[(NodeId, u8, u64)]) -> String {
    let Some(exclusive) = face.roles.iter().find(|r| r.exclusive) else {
        return String::new();
    };
    let word = face.epoch_word;
    match holders {
        [] => format!("no {}", exclusive.name),
        [(id, role, epoch)] => format!(
            "{} {id} · {word} {}",
            face.role(*role).name,
            (face.epoch_label)(*epoch)
        ),
        many => format!(
            "split brain: {}",
            many.iter()
                .map(|(id, _, e)| format!("{id}·{}{}", &word[..1], (face.epoch_label)(*e)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}
