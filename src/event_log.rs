//! The narration strip and the event log: what happened, in plain language ("n3 timed out and became
//! candidate for term 4"), with the scenario's own narration and checkpoint results.

use crate::lab::use_lab;
use crate::layout::fmt_time;
use leptos::prelude::*;
use splitbrain_sim::{
    ClientOutcome, ClientResponse, DropReason, EventId, EventKind, NetworkChange, Session,
};

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub id: EventId,
    pub time: u64,
    pub text: String,
    pub kind: &'static str,
}

/// One event in plain language, or `None` if it is too small to narrate. `chatty` includes messages.
pub fn describe(tl: &dyn Session, index: usize, chatty: bool) -> Option<(String, &'static str)> {
    let e = tl.trace().get(index)?;
    // Cheap early exit: most events are message traffic, scanned every frame while playing.
    if !chatty
        && matches!(
            e.kind,
            EventKind::Send { .. } | EventKind::Deliver { .. } | EventKind::TimerFired { .. }
        )
    {
        return None;
    }
    let who = e
        .node
        .map(|n| n.to_string())
        .unwrap_or_else(|| "network".into());
    let scenario = tl.scenario();
    Some(match &e.kind {
        EventKind::Note { note } => (
            note.text.clone()?,
            if note.major { "major" } else { "note" },
        ),
        EventKind::Crash => (format!("{who} crashed"), "fault"),
        EventKind::Restart => (format!("{who} restarted"), "fault"),
        EventKind::Pause => (
            format!("{who} paused (frozen, like a long GC pause)"),
            "fault",
        ),
        EventKind::Resume => (format!("{who} resumed"), "fault"),
        EventKind::Network { change } => (
            match change {
                NetworkChange::Partition { groups } => {
                    format!(
                        "the network split into {}",
                        splitbrain_sim::groups_text(groups)
                    )
                }
                NetworkChange::Cut { from, to } => format!("link {from} → {to} cut"),
                NetworkChange::Uncut { from, to } => format!("link {from} → {to} restored"),
                NetworkChange::Heal => "the network healed".to_string(),
                NetworkChange::Config { config } => format!(
                    "network: latency {}–{} ms, loss {:.0} %, duplicates {:.0} %",
                    config.latency_min_us / 1000,
                    config.latency_max_us / 1000,
                    config.loss * 100.0,
                    config.duplicate * 100.0
                ),
            },
            "fault",
        ),
        EventKind::ClockSet {
            clock,
            adjusted: Some(adjust),
        } => (
            format!(
                "{who} corrected its clock ({}): now offset {:+.1} ms, drift {:+.1} %",
                match adjust {
                    splitbrain_sim::ClockAdjust::Step { delta_us } =>
                        format!("step {:+.1} ms", *delta_us as f64 / 1000.0),
                    splitbrain_sim::ClockAdjust::Slew { ppm } => format!("slew {ppm:+} ppm"),
                },
                clock.offset_us as f64 / 1000.0,
                clock.drift_ppm as f64 / 10_000.0
            ),
            "protocol",
        ),
        EventKind::ClockSet { clock, .. } => (
            format!(
                "{who}'s clock set: offset {:+.0} ms, drift {:+.1} %",
                clock.offset_us as f64 / 1000.0,
                clock.drift_ppm as f64 / 10_000.0
            ),
            "fault",
        ),
        EventKind::ClientInvoke {
            op,
            request,
            session,
        } => (
            match session {
                Some(s) => format!(
                    "client {op} (session s{s}): {} sent to {who}",
                    request.describe()
                ),
                None => format!("client {op}: {} sent to {who}", request.describe()),
            },
            "client",
        ),
        EventKind::ClientReply {
            op,
            response: ClientResponse::Redirect { leader },
        } => (
            match leader {
                Some(l) => format!("{who} redirected {op}: \"ask {l}, the leader\""),
                None => format!("{who} redirected {op}: \"I know no leader\""),
            },
            "client",
        ),
        EventKind::ClientReturn { op, outcome } => {
            (
                match outcome {
                    ClientOutcome::Ok { value: Some(v) } => format!("client {op} done: value {v}"),
                    ClientOutcome::Ok { value: None } => format!("client {op} done"),
                    ClientOutcome::Failed { attempts } => {
                        format!("client {op} gave up after {attempts} attempts (it may still take effect)")
                    }
                    ClientOutcome::Rejected { reason } => {
                        format!("client {op} refused: {reason} (not applied)")
                    }
                    ClientOutcome::Versions { values, context } if values.len() > 1 => format!(
                        "client {op} done: {} siblings {}, context {context}",
                        values.len(),
                        ClientOutcome::versions_text(values)
                    ),
                    ClientOutcome::Versions { values, context } => format!(
                        "client {op} done: {}, context {context}",
                        ClientOutcome::versions_text(values)
                    ),
                },
                "client",
            )
        }
        EventKind::Drop {
            msg,
            from,
            to,
            reason,
        } => {
            let why = match reason {
                DropReason::Clicked => "dropped by you",
                DropReason::Partition => "lost to the partition",
                DropReason::ReceiverCrashed => "arrived at a crashed node",
                DropReason::Loss => "lost by the network",
            };
            if !chatty && *reason != DropReason::Clicked {
                return None;
            }
            (format!("message {msg} {from} → {to} {why}"), "fault")
        }
        EventKind::Delay { msg, deliver_at } => (
            format!("message {msg} held back until {}", fmt_time(deliver_at.0)),
            "fault",
        ),
        EventKind::Duplicate { msg, copy, .. } => {
            // A random network duplicate directly follows its send; a clicked one follows the user action.
            let random = index > 0
                && matches!(&tl.trace()[index - 1].kind, EventKind::Send { msg: m, .. } if m == msg);
            if random && !chatty {
                return None;
            }
            (format!("message {msg} duplicated as {copy}"), "fault")
        }
        EventKind::Checkpoint { index, passed } => {
            let text = scenario
                .narration
                .get(*index)
                .map(|n| n.text.clone())
                .unwrap_or_default();
            (
                format!(
                    "{} checkpoint: {text}",
                    if *passed { "✔ passed" } else { "✘ FAILED" }
                ),
                "checkpoint",
            )
        }
        EventKind::Send { to, message, .. } if chatty => {
            (format!("{who} → {to}: {}", message.text), "msg")
        }
        EventKind::Deliver { from, .. } if chatty => {
            (format!("{who} received a message from {from}"), "msg")
        }
        EventKind::TimerFired { timer } if chatty => {
            (format!("{who}'s {} timer fired", timer.label), "msg")
        }
        _ => return None,
    })
}

/// The last `limit` narrated lines up to the cursor, oldest first. Scans at most `scan` events back.
pub fn recent_lines(tl: &dyn Session, limit: usize, scan: usize, chatty: bool) -> Vec<Line> {
    let cursor = tl.cursor();
    let mut out = Vec::new();
    for i in (cursor.saturating_sub(scan)..cursor).rev() {
        if let Some((text, kind)) = describe(tl, i, chatty) {
            let e = &tl.trace()[i];
            out.push(Line {
                id: e.id,
                time: e.time.0,
                text,
                kind,
            });
            if out.len() >= limit {
                break;
            }
        }
    }
    out.reverse();
    out
}

/// The scenario narration currently in force (the latest one whose time has come).
pub fn current_narration(tl: &dyn Session) -> Option<String> {
    let now = tl.now().0;
    tl.scenario()
        .narration
        .iter()
        .rfind(|n| n.at_us <= now)
        .map(|n| n.text.clone())
}

#[component]
pub fn NarrationStrip() -> impl IntoView {
    let lab = use_lab();
    let data = Memo::new(move |_| {
        lab.with(|tl| {
            let last = recent_lines(tl, 1, 4000, false).pop();
            (current_narration(tl), last, tl.now().0)
        })
    });
    view! {
        <div class="narration" data-testid="narration" role="status" aria-live="polite">
            {move || data.with(|(story, _, _)| story.clone().map(|s| view! { <p class="story">{s}</p> }))}
            <p class=move || data.with(|(_, l, _)| format!("latest {}", l.as_ref().map_or("", |l| l.kind)))>
                {move || data.with(|(story, l, now)| match l {
                    // A checkpoint repeats the narration shown just above: say only whether it held.
                    Some(l) if l.kind == "checkpoint" && story.as_ref().is_some_and(|s| l.text.ends_with(s.as_str())) => {
                        let verdict = l.text.split(" checkpoint").next().unwrap_or_default();
                        format!("{} — checkpoint {verdict}", fmt_time(l.time))
                    }
                    Some(l) => format!("{} — {}", fmt_time(l.time), l.text),
                    None if *now == 0 => "Press ▶ Play (or space) to start the cluster.".to_string(),
                    // Long quiet stretches (a stable leader) scroll every notable line out of the scan window.
                    None => format!("{} — steady: only heartbeats lately", fmt_time(*now)),
                })}
            </p>
        </div>
    }
}

#[component]
pub fn EventLog() -> impl IntoView {
    let lab = use_lab();
    let chatty = RwSignal::new(false);
    // Only new events change the log, not the clock moving between them.
    let cursor = Memo::new(move |_| lab.with(|tl| (tl.cursor(), tl.trace().len())));
    let lines = Memo::new(move |_| {
        let chatty = chatty.get();
        let _ = cursor.get();
        lab.with_untracked(|tl| recent_lines(tl, 60, 20_000, chatty))
    });
    view! {
        <section class="panel event-log" aria-label="Event log">
            <div class="panel-head">
                <h2>"What happened"</h2>
                <label class="check">
                    <input type="checkbox" prop:checked=move || chatty.get()
                        on:change=move |ev| chatty.set(event_target_checked(&ev)) />
                    " include every message"
                </label>
            </div>
            <ol class="log-lines" data-testid="event-log">
                <For each=move || lines.get().into_iter().rev() key=|l| (l.id, l.text.clone()) let:l>
                    <li class=format!("log-{}", l.kind)>
                        <button class="log-jump" title="Select this event"
                            aria-label=format!("{} at {}: select event", l.text, fmt_time(l.time))
                            on:click=move |_| lab.selected_events.set(vec![l.id])>
                            <span class="t">{fmt_time(l.time)}</span>
                            <span class="x">{l.text.clone()}</span>
                        </button>
                    </li>
                </For>
            </ol>
        </section>
    }
}
