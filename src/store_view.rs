//! The Data tab, for protocols that are a replicated store: the consistent-hashing ring (when the store
//! partitions by one) with a chosen key's preference list and the stand-ins holding hints, and the replica
//! table: what every node stores of every key and whether each key has converged. Everything comes from the
//! session's `ring()` and `stored()` through the pure layout in `splitbrain_view::store`.

use crate::lab::{use_lab, Lab};
use leptos::prelude::*;
use splitbrain_sim::{NodeId, NodeStatus, Ring};
use splitbrain_view::store::{
    hints_for, replica_table, Cell, Convergence, KeyRow, NodeStore, RingPicture,
};

const RING_PX: f64 = 380.0;

/// True when the running protocol reports a store: the Data tab is shown only then.
pub fn has_store(lab: Lab) -> bool {
    lab.with(|tl| {
        tl.ring().is_some() || (0..tl.node_count()).any(|k| !tl.stored(NodeId(k as u32)).is_empty())
    })
}

fn stores(lab: Lab) -> (Vec<NodeStore>, Option<Ring>) {
    lab.with(|tl| {
        let stores = (0..tl.node_count())
            .map(|k| {
                let id = NodeId(k as u32);
                (tl.status(id) != NodeStatus::Crashed).then(|| tl.stored(id))
            })
            .collect();
        (stores, tl.ring())
    })
}

#[component]
pub fn DataPanel() -> impl IntoView {
    let lab = use_lab();
    let data = Memo::new(move |_| stores(lab));
    let table = Memo::new(move |_| data.with(|(s, r)| replica_table(s, r.as_ref())));
    let chosen = RwSignal::new(None::<String>);
    // The chosen key, or the first one once there is any.
    let key = Memo::new(move |_| {
        let keys: Vec<String> = table.with(|t| t.iter().map(|r| r.key.clone()).collect());
        chosen
            .get()
            .filter(|k| keys.contains(k))
            .or_else(|| keys.first().cloned())
    });
    view! {
        <section class="panel data" data-testid="data-panel" aria-label="Replicated data">
            {move || {
                let rows = table.get();
                if rows.is_empty() {
                    return view! { <p class="hint">"No key stored yet: put a value from the Client tab."</p> }.into_any();
                }
                let current = key.get();
                view! {
                    <label class="field">"key "
                        <select data-testid="data-key" on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
                            {rows.iter().map(|r| {
                                let k = r.key.clone();
                                let sel = Some(&k) == current.as_ref();
                                view! { <option value=k.clone() selected=sel>{k.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                }.into_any()
            }}
            {move || data.with(|(stores, ring)| ring.as_ref().map(|r| {
                let k = key.get();
                let hints = k.as_deref().map(|k| hints_for(stores, k)).unwrap_or_default();
                ring_svg(RingPicture::new(r, k.as_deref(), &hints, RING_PX))
            }))}
            {move || {
                let rows = table.get();
                (!rows.is_empty()).then(|| replica_grid(&rows, key.get(), lab.with(|tl| tl.node_count())))
            }}
        </section>
    }
}

fn ring_svg(pic: RingPicture) -> impl IntoView {
    let owners: Vec<String> = pic.preference.iter().map(|n| n.to_string()).collect();
    let caption = if owners.is_empty() {
        "Pick a key to see its preference list.".to_string()
    } else {
        let mut c = format!(
            "preference list, clockwise from the key: {}",
            owners.join(" → ")
        );
        for (s, o) in &pic.stand_ins {
            c.push_str(&format!("; {s} holds a hint for {o}"));
        }
        c
    };
    let stand_in = pic.stand_ins.clone();
    view! {
        <figure class="ring-fig">
            <svg class="ring" data-testid="ring" viewBox=format!("0 0 {RING_PX} {RING_PX}") role="img"
                aria-label=format!("Consistent-hashing ring; {caption}")>
                <circle class="ring-line" cx=pic.cx cy=pic.cy r=pic.r/>
                {pic.walk.clone().map(|d| view! { <path class="ring-walk" d=d/> })}
                {pic.keys.iter().map(|k| {
                    let class = if k.chosen { "ring-key chosen" } else { "ring-key" };
                    let right = k.x >= pic.cx;
                    let (dx, anchor) = if right { (-14.0, "end") } else { (14.0, "start") };
                    view! {
                        <g class=class data-testid=format!("ring-key-{}", k.key)>
                            <rect x={k.x - 7.0} y={k.y - 7.0} width="14" height="14" transform=format!("rotate(45 {:.1} {:.1})", k.x, k.y)/>
                            <text x=k.x y={k.y + 4.0} dx=dx text-anchor=anchor>{k.key.clone()}</text>
                        </g>
                    }
                }).collect_view()}
                {pic.tokens.iter().map(|t| {
                    let hint = stand_in.iter().any(|(s, _)| *s == t.node);
                    let class = format!("ring-token node-tone-{}{}{}", t.node.0 % 8,
                        if t.rank > 0 { " owner" } else { "" }, if hint { " stand-in" } else { "" });
                    let label = if t.rank > 0 { format!("{} #{}", t.node, t.rank) } else { t.node.to_string() };
                    let testid = if t.rank > 0 { format!("ring-owner-{}", t.rank) } else { "ring-token".to_string() };
                    let radius = if t.rank > 0 { 11.0 } else { 7.0 };
                    view! {
                        <g class=class data-testid=testid>
                            <circle cx=t.x cy=t.y r=radius/>
                            {t.labelled.then(|| view! { <text x=t.label_x y={t.label_y + 5.0} text-anchor="middle">{label.clone()}</text> })}
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption data-testid="ring-caption">{caption}</figcaption>
        </figure>
    }
}

fn replica_grid(rows: &[KeyRow], chosen: Option<String>, nodes: usize) -> impl IntoView {
    view! {
        <table class="replicas" data-testid="replica-table">
            <thead><tr>
                <th>"key"</th>
                {(0..nodes).map(|k| view! { <th>{format!("n{}", k + 1)}</th> }).collect_view()}
                <th>"replicas"</th>
            </tr></thead>
            <tbody>
                {rows.iter().map(|r| {
                    let class = if Some(&r.key) == chosen.as_ref() { "chosen" } else { "" };
                    let conv = match r.convergence {
                        Convergence::Converged => "conv ok",
                        _ => "conv bad",
                    };
                    view! {
                        <tr class=class data-testid=format!("replica-row-{}", r.key)>
                            <th class="mono">{r.key.clone()}</th>
                            {r.cells.iter().map(cell_view).collect_view()}
                            <td class=conv data-testid=format!("convergence-{}", r.key)>{r.convergence_text()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <p class="hint">"▮ a replica that differs · a | b: siblings (concurrent versions, kept until a write merges them) · dashed: a hint kept for an absent owner · — not a replica"</p>
    }
}

fn cell_view(c: &Cell) -> impl IntoView {
    let (class, text, title) = match c {
        Cell::Holds {
            values,
            versions,
            siblings,
            differs,
        } => (
            if *differs { "cell differs" } else { "cell" },
            if *siblings > 1 {
                format!("{values} ({siblings} siblings)")
            } else {
                values.clone()
            },
            versions.clone(),
        ),
        Cell::Hint { owner, versions } => (
            "cell hint",
            format!("{versions} (for {owner})"),
            format!("a hint kept for {owner}"),
        ),
        Cell::Missing => (
            "cell missing",
            "nothing".into(),
            "a replica that holds nothing of this key yet".into(),
        ),
        Cell::Down => (
            "cell down",
            "✕ down".into(),
            "crashed: its store cannot be read".into(),
        ),
        Cell::NotReplica => ("cell none", "—".into(), "not a replica of this key".into()),
    };
    view! { <td class=class title=title>{text}</td> }
}
