//! Network faults: the partition editor (click nodes into groups, presets, heal), one-way link cuts, the
//! network sliders, and the messages in flight (for the keyboard; the mouse clicks them in the view).

use crate::cluster_view::{group_letter, message_action};
use crate::lab::{use_lab, Lab, MsgMode};
use crate::layout::parse_clamped;
use leptos::prelude::*;
use splitbrain_sim::{Action, MsgId, NetworkConfig, NodeId, NodeStatus};

/// The leader a lecturer means by "the leader": the live holder of the protocol's exclusive role (leader,
/// primary) with the highest epoch.
pub fn current_leader(lab: Lab) -> Option<NodeId> {
    lab.with_untracked(|tl| {
        let face = tl.face();
        (0..tl.node_count())
            .map(|i| NodeId(i as u32))
            .filter(|id| tl.status(*id) != NodeStatus::Crashed)
            .filter_map(|id| tl.summary(id).map(|s| (id, s)))
            .filter(|(_, s)| face.role(s.role).exclusive)
            .max_by_key(|(_, s)| s.epoch)
            .map(|(id, _)| id)
    })
}

/// Cuts the leader off from everyone else.
pub fn isolate_leader(lab: Lab) {
    let n = lab.with_untracked(|tl| tl.node_count());
    match current_leader(lab) {
        Some(l) => {
            let rest: Vec<NodeId> = (0..n as u32).map(NodeId).filter(|x| *x != l).collect();
            lab.act(Action::Partition {
                groups: vec![vec![l], rest],
            });
        }
        None => lab.show_error("There is no leader to isolate right now."),
    }
}

/// Splits the cluster into a minority holding the leader (if any) and a majority.
pub fn minority_split(lab: Lab) {
    let n = lab.with_untracked(|tl| tl.node_count()) as u32;
    if n < 2 {
        lab.show_error("A one-node cluster cannot be split.");
        return;
    }
    let first = current_leader(lab).unwrap_or(NodeId(0));
    let size = ((n - 1) / 2).max(1);
    let minority: Vec<NodeId> = (0..size).map(|k| NodeId((first.0 + k) % n)).collect();
    let majority: Vec<NodeId> = (0..n)
        .map(NodeId)
        .filter(|x| !minority.contains(x))
        .collect();
    lab.act(Action::Partition {
        groups: vec![minority, majority],
    });
}

#[component]
pub fn NetworkPanel() -> impl IntoView {
    let lab = use_lab();
    let n = Memo::new(move |_| lab.with(|tl| tl.node_count()));
    // Group per node in the editor (0 = A, 1 = B, 2 = C).
    let assign = RwSignal::new(vec![0usize; 25]);
    let brush = RwSignal::new(1usize);
    let apply = move |_| {
        let n = n.get_untracked();
        let a = assign.get_untracked();
        let mut groups: Vec<Vec<NodeId>> = vec![Vec::new(); 3];
        for i in 0..n {
            groups[a[i].min(2)].push(NodeId(i as u32));
        }
        groups.retain(|g| !g.is_empty());
        if groups.len() < 2 {
            lab.show_error("Put at least one node in another group (click a node with group B selected) before splitting.");
            return;
        }
        lab.act(Action::Partition { groups });
    };
    let cut_from = RwSignal::new(0usize);
    let cut_to = RwSignal::new(1usize);
    let both_ways = RwSignal::new(false);
    let do_cut = move |_| {
        let (f, t) = (cut_from.get_untracked(), cut_to.get_untracked());
        if f == t {
            lab.show_error("Pick two different nodes to cut the link between them.");
            return;
        }
        let (from, to) = (NodeId(f as u32), NodeId(t as u32));
        lab.act(Action::Cut { from, to });
        if both_ways.get_untracked() {
            lab.act(Action::Cut { from: to, to: from });
        }
    };
    let cuts =
        Memo::new(move |_| lab.with(|tl| tl.topology().cuts.iter().copied().collect::<Vec<_>>()));
    let healthy = Memo::new(move |_| lab.with(|tl| tl.topology().is_healthy()));
    let node_options = move || {
        (0..n.get())
            .map(|i| view! { <option value=i.to_string()>{format!("n{}", i + 1)}</option> })
            .collect_view()
    };
    view! {
        <section class="panel network" aria-label="Network faults">
            <h2>"Partition"</h2>
            <div class="presets" role="group" aria-label="Partition presets">
                <button class="btn" data-testid="isolate-leader" on:click=move |_| isolate_leader(lab)>"Isolate leader"</button>
                <button class="btn" data-testid="minority-split" on:click=move |_| minority_split(lab)>"Minority | majority"</button>
                <button class="btn primary" data-testid="heal" disabled=move || healthy.get()
                    on:click=move |_| { lab.act(Action::Heal); }>"Heal all"</button>
            </div>
            <p class="hint">"Or build a split: pick a group, click nodes into it, then Split."</p>
            <div class="brushes" role="radiogroup" aria-label="Group to paint">
                {(0..3).map(|g| view! {
                    <button class=move || format!("chip group-{g} {}", if brush.get() == g { "on" } else { "" })
                        role="radio" aria-checked=move || (brush.get() == g).to_string()
                        aria-label=format!("Paint group {}", group_letter(g))
                        on:click=move |_| brush.set(g)>{format!("group {}", group_letter(g))}</button>
                }).collect_view()}
            </div>
            <div class="node-chips" role="group" aria-label="Nodes: click to move into the selected group">
                <For each=move || 0..n.get() key=|i| *i let:i>
                    <button class=move || format!("chip group-{}", assign.with(|a| a[i]))
                        data-testid=format!("split-n{}", i + 1)
                        aria-label=move || format!("n{} is in group {}; click to move it to group {}", i + 1, group_letter(assign.with(|a| a[i])), group_letter(brush.get()))
                        on:click=move |_| assign.update(|a| a[i] = brush.get_untracked())>
                        {format!("n{}", i + 1)} <small>{move || group_letter(assign.with(|a| a[i])).to_string()}</small>
                    </button>
                </For>
            </div>
            <div class="row">
                <button class="btn primary" data-testid="apply-split" on:click=apply>"Split"</button>
                <button class="btn" on:click=move |_| assign.set(vec![0; 25])>"Reset groups"</button>
            </div>

            <h2>"Cut one link"</h2>
            <div class="row cut-row">
                <label>"from " <select aria-label="Cut from node" on:change=move |ev| cut_from.set(parse_clamped(&event_target_value(&ev), 0.0, 24.0, 0.0) as usize) prop:value=move || cut_from.get().to_string()>{node_options}</select></label>
                <label>"to " <select aria-label="Cut to node" on:change=move |ev| cut_to.set(parse_clamped(&event_target_value(&ev), 0.0, 24.0, 1.0) as usize) prop:value=move || cut_to.get().to_string()>{node_options}</select></label>
                <label class="check"><input type="checkbox" prop:checked=move || both_ways.get() on:change=move |ev| both_ways.set(event_target_checked(&ev)) />" both ways"</label>
                <button class="btn" data-testid="cut" on:click=do_cut>"Cut"</button>
            </div>
            <ul class="cuts">
                <For each=move || cuts.get() key=|c| *c let:c>
                    <li>
                        {format!("{} → {} cut ", c.0, c.1)}
                        <button class="btn small" aria-label=format!("Restore link {} to {}", c.0, c.1)
                            on:click=move |_| { lab.act(Action::Uncut { from: c.0, to: c.1 }); }>"restore"</button>
                    </li>
                </For>
            </ul>
            <NetworkSliders/>
        </section>
    }
}

#[component]
fn NetworkSliders() -> impl IntoView {
    let lab = use_lab();
    let net = Memo::new(move |_| lab.with(|tl| tl.network().clone()));
    let set = move |f: Box<dyn FnOnce(&mut NetworkConfig)>| {
        let mut c = net.get_untracked();
        f(&mut c);
        c.latency_max_us = c
            .latency_max_us
            .min(splitbrain_sim::SimDuration::from_millis(10_000).0);
        c.latency_min_us = c.latency_min_us.min(c.latency_max_us);
        c.loss = c.loss.clamp(0.0, 1.0);
        c.duplicate = c.duplicate.clamp(0.0, 1.0);
        lab.act(Action::SetNetwork { network: c });
    };
    let ms = |v: u64| (v / 1000).to_string();
    view! {
        <h2>"Network"</h2>
        <div class="sliders">
            <label>
                <span>"latency min " <b>{move || format!("{} ms", net.get().latency_min_us / 1000)}</b></span>
                <input type="range" min="0" max="1000" step="5" data-testid="latency-min" aria-label="Minimum one-way latency in milliseconds"
                    prop:value=move || ms(net.get().latency_min_us)
                    on:change=move |ev| { let v = parse_clamped(&event_target_value(&ev), 0.0, 1000.0, 10.0) as u64 * 1000;
                        set(Box::new(move |c| { c.latency_min_us = v; c.latency_max_us = c.latency_max_us.max(v); })) } />
            </label>
            <label>
                <span>"latency max " <b>{move || format!("{} ms", net.get().latency_max_us / 1000)}</b></span>
                <input type="range" min="0" max="1000" step="5" data-testid="latency-max" aria-label="Maximum one-way latency in milliseconds"
                    prop:value=move || ms(net.get().latency_max_us)
                    on:change=move |ev| { let v = parse_clamped(&event_target_value(&ev), 0.0, 1000.0, 30.0) as u64 * 1000;
                        set(Box::new(move |c| { c.latency_max_us = v; c.latency_min_us = c.latency_min_us.min(v); })) } />
            </label>
            <label>
                <span>"loss " <b>{move || format!("{:.0} %", net.get().loss * 100.0)}</b></span>
                <input type="range" min="0" max="100" step="1" data-testid="loss" aria-label="Message loss in percent"
                    prop:value=move || format!("{:.0}", net.get().loss * 100.0)
                    on:change=move |ev| { let v = parse_clamped(&event_target_value(&ev), 0.0, 100.0, 0.0) / 100.0;
                        set(Box::new(move |c| c.loss = v)) } />
            </label>
            <label>
                <span>"duplicates " <b>{move || format!("{:.0} %", net.get().duplicate * 100.0)}</b></span>
                <input type="range" min="0" max="100" step="1" data-testid="duplicate" aria-label="Message duplication in percent"
                    prop:value=move || format!("{:.0}", net.get().duplicate * 100.0)
                    on:change=move |ev| { let v = parse_clamped(&event_target_value(&ev), 0.0, 100.0, 0.0) / 100.0;
                        set(Box::new(move |c| c.duplicate = v)) } />
            </label>
        </div>
    }
}

/// What a click on a message does, shown above the cluster view.
#[component]
pub fn MessageMode() -> impl IntoView {
    let lab = use_lab();
    let mode_btn = move |m: MsgMode, label: &'static str, key: &'static str| {
        view! {
            <button role="radio" class=move || if lab.msg_mode.get() == m { "chip on" } else { "chip" }
                aria-checked=move || (lab.msg_mode.get() == m).to_string()
                data-testid=format!("mode-{key}")
                on:click=move |_| lab.msg_mode.set(m)>{label}</button>
        }
    };
    view! {
        <div class="msg-mode" role="radiogroup" aria-label="What clicking a message does">
            <span class="lbl">"Click a message to"</span>
            {mode_btn(MsgMode::Drop, "✂ drop", "drop")}
            {mode_btn(MsgMode::Delay, "delay", "delay")}
            {mode_btn(MsgMode::Duplicate, "duplicate", "duplicate")}
            <label class="delay-ms">
                <span class="sr-only">"Delay in milliseconds"</span>
                <input type="number" min="1" max="60000" step="10" aria-label="Delay in milliseconds"
                    prop:value=move || lab.delay_ms.get().to_string()
                    on:change=move |ev| lab.delay_ms.set(parse_clamped(&event_target_value(&ev), 1.0, 60_000.0, 100.0) as u64) />
                " ms"
            </label>
        </div>
    }
}

/// Messages on the wire as a list with buttons, so every message fault is reachable by keyboard.
#[component]
pub fn InFlightList() -> impl IntoView {
    let lab = use_lab();
    let rows = Memo::new(move |_| {
        lab.with(|tl| {
            let all = tl.in_flight();
            let total = all.len();
            let rows: Vec<(MsgId, String)> = all
                .into_iter()
                .take(30)
                .map(|m| {
                    let text = tl
                        .sent_message(m.send_event)
                        .map_or("", |s| s.text.as_str());
                    (m.id, format!("{} → {} {text}", m.from, m.to))
                })
                .collect();
            (rows, total)
        })
    });
    let act = move |id: MsgId, mode: MsgMode| {
        let prev = lab.msg_mode.get_untracked();
        lab.msg_mode.set(mode);
        message_action(lab, id);
        lab.msg_mode.set(prev);
    };
    view! {
        <section class="panel inflight" aria-label="Messages in flight">
            <h2>"Messages in flight " <small>{move || format!("({})", rows.with(|r| r.1))}</small></h2>
            <ul class="inflight-list" data-testid="inflight-list">
                <For each=move || rows.get().0 key=|r| r.0 let:r>
                    <li>
                        <span class="m">{format!("{} ", r.0)}{r.1.clone()}</span>
                        <button class="btn small" data-testid="inflight-drop" aria-label=format!("Drop message {}", r.0) on:click=move |_| act(r.0, MsgMode::Drop)>"drop"</button>
                        <button class="btn small" aria-label=format!("Delay message {}", r.0) on:click=move |_| act(r.0, MsgMode::Delay)>"delay"</button>
                        <button class="btn small" aria-label=format!("Duplicate message {}", r.0) on:click=move |_| act(r.0, MsgMode::Duplicate)>"dup"</button>
                    </li>
                </For>
            </ul>
            {move || (rows.with(|r| r.1) == 0).then(|| view! { <p class="hint">"Nothing on the wire right now."</p> })}
        </section>
    }
}
