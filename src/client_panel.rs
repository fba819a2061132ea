//! Clients: issue a put or get to a chosen node and follow it through redirects, timeouts and retries; the
//! list of this run's client operations with their results.

use crate::client_path::{client_paths, path_text};
use crate::lab::{use_lab, Lab};
use crate::layout::{fmt_time, parse_clamped};
use leptos::prelude::*;
use splitbrain_sim::{Action, ClientOp, ClientOutcome, Consistency, NodeId, OpId, OpKind};
use splitbrain_view::splitbrain_check::stale_reads;
use std::collections::BTreeMap;

/// The client form, in context so the `c` shortcut sends what the panel shows.
#[derive(Clone, Copy)]
pub struct ClientForm {
    pub node: RwSignal<u32>,
    pub kind: RwSignal<OpKind>,
    pub key: RwSignal<String>,
    /// The value a put writes, or the new value of a compare-and-set.
    pub value: RwSignal<String>,
    /// The value a compare-and-set expects to find.
    pub expected: RwSignal<String>,
    /// Auto-incremented default value, so repeated puts are distinguishable.
    pub counter: RwSignal<u64>,
    /// A transaction's writes and reads: `x=1 y=2 z` (a bare key is read).
    pub txn: RwSignal<String>,
    /// A message's text, and where it goes (`None`: to every node).
    pub text: RwSignal<String>,
    pub send_to: RwSignal<Option<u32>>,
    /// The client session the operation belongs to (`None`: an anonymous client with no memory).
    pub session: RwSignal<Option<u32>>,
}

impl ClientForm {
    pub fn new() -> Self {
        ClientForm {
            node: RwSignal::new(0),
            kind: RwSignal::new(OpKind::Put),
            key: RwSignal::new("x".into()),
            value: RwSignal::new(String::new()),
            expected: RwSignal::new(String::new()),
            counter: RwSignal::new(1),
            txn: RwSignal::new("x=1 y=2".into()),
            text: RwSignal::new(String::new()),
            send_to: RwSignal::new(None),
            session: RwSignal::new(None),
        }
    }
}

impl Default for ClientForm {
    fn default() -> Self {
        Self::new()
    }
}

/// Longest transaction text the form sends (a handful of keys, as a lecture needs).
const MAX_TXN_CHARS: usize = 200;
/// Longest message text the form sends: it is drawn on the diagram.
const MAX_TEXT_CHARS: usize = 40;
/// The sessions the form offers: enough for "two clients" stories.
const FORM_SESSIONS: u32 = 3;

/// Sends the form's operation. Keys and values are trimmed and capped; an empty key becomes `x`.
pub fn send_client(lab: Lab, form: ClientForm) {
    // The `c` shortcut on a protocol without client operations does nothing, rather than raise an error.
    if lab.with_untracked(|tl| tl.face().client_ops.is_empty()) {
        return;
    }
    let n = lab.with_untracked(|tl| tl.node_count()) as u32;
    let node = NodeId(form.node.get_untracked().min(n.saturating_sub(1)));
    let mut key: String = form.key.get_untracked().trim().chars().take(32).collect();
    if key.is_empty() {
        key = "x".into();
    }
    let field =
        |s: RwSignal<String>| -> String { s.get_untracked().trim().chars().take(32).collect() };
    let mut value = field(form.value);
    if value.is_empty() && matches!(form.kind.get_untracked(), OpKind::Put | OpKind::Cas) {
        value = form.counter.get_untracked().to_string();
        form.counter.update(|c| *c += 1);
    }
    // A counter step: empty means 1; anything else must be a positive whole number.
    let by = || -> Result<u64, String> {
        match value.as_str() {
            "" => Ok(1),
            v => v
                .parse::<u64>()
                .map_err(|_| format!("the amount must be a whole number, not {v:?}")),
        }
    };
    let element = || {
        if value.is_empty() {
            let e = format!("e{}", form.counter.get_untracked());
            form.counter.update(|c| *c += 1);
            e
        } else {
            value.clone()
        }
    };
    let op = match form.kind.get_untracked() {
        OpKind::Put => ClientOp::Put {
            key,
            value,
            context: None,
        },
        OpKind::Increment | OpKind::Decrement => {
            let by = match by() {
                Ok(by) => by,
                Err(e) => {
                    lab.error.set(Some(format!("Counter: {e}")));
                    return;
                }
            };
            if form.kind.get_untracked() == OpKind::Increment {
                ClientOp::Increment { key, by }
            } else {
                ClientOp::Decrement { key, by }
            }
        }
        OpKind::Add => ClientOp::Add {
            element: element(),
            key,
        },
        OpKind::Remove => ClientOp::Remove {
            element: element(),
            key,
        },
        OpKind::Get => ClientOp::Get { key },
        OpKind::Cas => ClientOp::Cas {
            key,
            expected: field(form.expected),
            new: value,
        },
        OpKind::Txn => {
            let text: String = form
                .txn
                .get_untracked()
                .chars()
                .take(MAX_TXN_CHARS)
                .collect();
            match ClientOp::parse_txn(&text) {
                Ok(op) => op,
                Err(e) => {
                    lab.error.set(Some(format!("Transaction: {e}")));
                    return;
                }
            }
        }
        OpKind::Send => {
            let mut text: String = form
                .text
                .get_untracked()
                .trim()
                .chars()
                .take(MAX_TEXT_CHARS)
                .collect();
            if text.is_empty() {
                text = format!("m{}", form.counter.get_untracked());
                form.counter.update(|c| *c += 1);
            }
            let to = form.send_to.get_untracked().filter(|t| *t < n).map(NodeId);
            ClientOp::Send { to, text }
        }
    };
    // The engine refuses an operation the protocol does not serve, naming both: shown as an error.
    let session = form.session.get_untracked();
    lab.act(Action::Client { node, op, session });
}

/// What the form's value box is for, per operation.
fn value_label(kind: OpKind) -> &'static str {
    match kind {
        OpKind::Cas => "new value",
        OpKind::Increment | OpKind::Decrement => "by",
        OpKind::Add | OpKind::Remove => "element",
        _ => "value",
    }
}

/// Stale gets: op → (the value it should have seen, the write that set it).
type StaleOps = BTreeMap<OpId, (String, OpId)>;

#[derive(Clone, Debug, PartialEq)]
struct OpRow {
    id: u64,
    text: String,
    /// Where each attempt went and what it met (redirect, answer, timeout).
    path: String,
    invoked: u64,
    status: String,
    class: &'static str,
}

#[component]
pub fn ClientPanel() -> impl IntoView {
    let lab = use_lab();
    let form = use_context::<ClientForm>().unwrap_or_default();
    let n = Memo::new(move |_| lab.with(|tl| tl.node_count()));
    // The operations this protocol serves; switching protocols resets a form showing another.
    let ops = Memo::new(move |_| lab.with(|tl| tl.face().client_ops.to_vec()));
    Effect::new(move |_| {
        let ops = ops.get();
        if !ops.contains(&form.kind.get_untracked()) {
            if let Some(first) = ops.first() {
                form.kind.set(*first);
            }
        }
    });
    // Messages go from the node the user clicked: select a node, press c, and it sends.
    Effect::new(move |_| {
        if let Some(node) = lab.selected_node.get() {
            if form.kind.get_untracked() == OpKind::Send {
                form.node.set(node.0);
            }
        }
    });
    // Gets that returned a value already overwritten before they began (the check the timelines flag with):
    // op → (the value it should have seen, the write that set it). Cached until another operation completes
    // or the run forks, so playing with this panel open does not rescan the trace every frame.
    let stale_cache = StoredValue::new_local(None::<((usize, usize), StaleOps)>);
    let rows = Memo::new(move |_| {
        lab.with(|tl| {
            let key = (
                tl.ops().into_iter().filter(|o| o.outcome.is_some()).count(),
                tl.scenario().schedule.len(),
            );
            let paths = client_paths(tl.past());
            // An eventually consistent store may serve old values by design; they are still marked, since
            // seeing them is the point of its lectures.
            let judged = tl.face().consistency != Consistency::None;
            let stale = match stale_cache.with_value(|c| c.as_ref().filter(|(k, _)| *k == key).map(|(_, s)| s.clone())) {
                Some(s) => s,
                None => {
                    let found = if judged { stale_reads(tl.past()) } else { Vec::new() };
                    let s: StaleOps = found
                        .into_iter()
                        .map(|s| (s.get_op, (s.expected, s.overwritten_by)))
                        .collect();
                    stale_cache.set_value(Some((key, s.clone())));
                    s
                }
            };
            tl.ops()
                .into_iter()
                .rev()
                .take(40)
                .map(|o| {
                    let text = match o.session {
                        Some(s) => format!("s{s}: {}", o.request.describe()),
                        None => o.request.describe(),
                    };
                    let (status, class) = match &o.outcome {
                        None if o.attempts > 1 => (
                            format!("retrying: attempt {} at {}", o.attempts, o.target),
                            "pending",
                        ),
                        None => (format!("waiting for {}", o.target), "pending"),
                        Some(ClientOutcome::Ok { value: Some(v) }) => (format!("ok → {v}"), "ok"),
                        Some(ClientOutcome::Ok { value: None }) => match o.request {
                            ClientOp::Get { .. } => ("ok → (no value)".to_string(), "ok"),
                            _ => (
                                format!(
                                    "ok (answered by {}, {} attempt{})",
                                    o.target,
                                    o.attempts,
                                    if o.attempts == 1 { "" } else { "s" }
                                ),
                                "ok",
                            ),
                        },
                        Some(ClientOutcome::Failed { attempts }) => (
                            format!("failed: no answer after {attempts} attempts (may still take effect)"),
                            "failed",
                        ),
                        Some(ClientOutcome::Rejected { reason }) => {
                            (format!("refused: {reason} (not applied)"), "refused")
                        }
                        Some(ClientOutcome::Versions { values, context }) => {
                            let siblings = if values.len() > 1 {
                                format!(" ({} siblings)", values.len())
                            } else {
                                String::new()
                            };
                            (
                                format!(
                                    "ok → {}{siblings}, context {context}",
                                    ClientOutcome::versions_text(values)
                                ),
                                "ok",
                            )
                        }
                    };
                    let key = o.request.key();
                    let (status, class) = match stale.get(&o.id) {
                        Some((expected, by)) => (
                            format!(
                                "{status} — STALE READ: {key} was already {expected} (op{}) before this get began",
                                by.0
                            ),
                            "stale",
                        ),
                        None => (status, class),
                    };
                    OpRow {
                        id: o.id.0,
                        text,
                        path: paths.get(&o.id).map(|h| path_text(h)).unwrap_or_default(),
                        invoked: o.invoked_at.0,
                        status,
                        class,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    // The protocol's own account of the run (transactions blocked, writes lost at failover…), if it keeps one.
    let facts = Memo::new(move |_| lab.with(|tl| tl.facts()));
    view! {
        <section class="panel client" aria-label="Client requests">
            <h2>"Client"</h2>
            <Show when=move || facts.with(|f| !f.is_empty())>
                <dl class="run-facts" data-testid="run-facts">
                    {move || facts.get().into_iter().map(|(name, value)| view! {
                        <div class="run-fact"><dt>{name}</dt><dd>{value}</dd></div>
                    }).collect_view()}
                </dl>
            </Show>
            <Show when=move || ops.with(|o| o.is_empty())>
                <p class="hint" data-testid="client-none">"This protocol serves no client operations: it is driven by its own timers and the faults you inject."</p>
            </Show>
            <form class="client-form" class:hidden=move || ops.with(|o| o.is_empty()) on:submit=move |ev| { ev.prevent_default(); send_client(lab, form); }>
                <label class="field">
                    <span>{move || if form.kind.get() == OpKind::Send { "from node" } else { "to node" }}</span>
                    <select data-testid="client-node" aria-label="Node the client sends to"
                        on:change=move |ev| form.node.set(parse_clamped(&event_target_value(&ev), 0.0, 24.0, 0.0) as u32)
                        prop:value=move || form.node.get().to_string()>
                        {move || (0..n.get()).map(|i| view! { <option value=i.to_string()>{format!("n{}", i + 1)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"operation"</span>
                    <select data-testid="client-op" aria-label="Operation"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(k) = OpKind::ALL.into_iter().find(|k| k.name() == v) {
                                form.kind.set(k);
                            }
                        }
                        prop:value=move || form.kind.get().name()>
                        {move || ops.get().into_iter().map(|k| view! { <option value=k.name()>{k.name()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field txn" class:hidden=move || form.kind.get() != OpKind::Txn>
                    <span>"writes and reads"</span>
                    <input type="text" maxlength="200" data-testid="client-txn" aria-label="Transaction: key=value writes, bare keys read"
                        placeholder="x=1 y=2 z"
                        title="key=value writes the key; a bare key reads it; all or nothing"
                        prop:value=move || form.txn.get() on:input=move |ev| form.txn.set(event_target_value(&ev)) />
                </label>
                <label class="field" class:hidden=move || form.kind.get() != OpKind::Send>
                    <span>"message"</span>
                    <input type="text" maxlength="40" data-testid="client-text" aria-label="Message text (empty: m1, m2, …)"
                        placeholder=move || format!("m{}", form.counter.get())
                        prop:value=move || form.text.get() on:input=move |ev| form.text.set(event_target_value(&ev)) />
                </label>
                <label class="field" class:hidden=move || form.kind.get() != OpKind::Send>
                    <span>"to"</span>
                    <select data-testid="client-send-to" aria-label="Send the message to one node or to all"
                        on:change=move |ev| form.send_to.set(event_target_value(&ev).parse::<u32>().ok())
                        prop:value=move || form.send_to.get().map_or("all".to_string(), |t| t.to_string())>
                        <option value="all">"all (broadcast)"</option>
                        {move || (0..n.get()).map(|i| view! { <option value=i.to_string()>{format!("n{}", i + 1)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field" class:hidden=move || matches!(form.kind.get(), OpKind::Txn | OpKind::Send)>
                    <span>"key"</span>
                    <input type="text" maxlength="32" data-testid="client-key" aria-label="Key"
                        prop:value=move || form.key.get() on:input=move |ev| form.key.set(event_target_value(&ev)) />
                </label>
                <label class="field" class:hidden=move || form.kind.get() != OpKind::Cas>
                    <span>"expected"</span>
                    <input type="text" maxlength="32" data-testid="client-expected" aria-label="Expected value"
                        prop:value=move || form.expected.get() on:input=move |ev| form.expected.set(event_target_value(&ev)) />
                </label>
                <label class="field" class:hidden=move || matches!(form.kind.get(), OpKind::Get | OpKind::Txn | OpKind::Send)>
                    <span>{move || value_label(form.kind.get())}</span>
                    <input type="text" maxlength="32" data-testid="client-value" aria-label="Value (empty: a counter)"
                        placeholder=move || form.counter.get().to_string()
                        prop:value=move || form.value.get() on:input=move |ev| form.value.set(event_target_value(&ev)) />
                </label>
                <label class="field" class:hidden=move || matches!(form.kind.get(), OpKind::Txn | OpKind::Send)>
                    <span>"as client"</span>
                    <select data-testid="client-session" aria-label="Client session (a session remembers what it read and wrote)"
                        title="A session's write carries the context of its last read of the key; sessions are judged for read-your-writes and monotonic reads"
                        on:change=move |ev| form.session.set(event_target_value(&ev).parse::<u32>().ok())
                        prop:value=move || form.session.get().map_or("none".to_string(), |s| s.to_string())>
                        <option value="none">"anonymous"</option>
                        {(1..=FORM_SESSIONS).map(|s| view! { <option value=s.to_string()>{format!("session s{s}")}</option> }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="btn primary" data-testid="client-send">"Send (c)"</button>
            </form>
            <ol class="ops" data-testid="client-ops">
                <For each=move || rows.get() key=|r| (r.id, r.status.clone(), r.path.clone()) let:r>
                    <li class=format!("op {}", r.class)>
                        <span class="op-id">{format!("op{}", r.id)}</span>
                        <span class="op-text">{r.text.clone()}</span>
                        <span class="op-status">{r.status.clone()}</span>
                        <span class="op-time">{fmt_time(r.invoked)}</span>
                        <span class="op-path" data-testid="op-path">{r.path.clone()}</span>
                    </li>
                </For>
            </ol>
            {move || (rows.with(|r| r.is_empty()) && !ops.with(|o| o.is_empty())).then(|| view! { <p class="hint">"No client operations yet. A put to a follower gets redirected to the leader; a crashed node makes the client time out and retry elsewhere."</p> })}
        </section>
    }
}
