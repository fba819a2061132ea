//! The run summary printed by `run` and `check`, for any protocol.

use splitbrain_sim::{
    ClientOutcome, Consistency, DropReason, Event, EventKind, Label, Session, Shown, SimTime,
    Violation,
};
use std::collections::BTreeMap;
use std::time::Duration;

/// Prints the summary; true if the run is clean (no violation, every checkpoint passed).
pub fn print(session: &dyn Session, wall: Duration) -> bool {
    let sc = session.scenario();
    let events = session.past();
    let name = if sc.name.is_empty() {
        "(unnamed scenario)"
    } else {
        &sc.name
    };
    println!(
        "scenario:    {name} — {} nodes of {}, seed {}",
        sc.cluster.nodes, sc.cluster.protocol, sc.seed
    );
    let rate = if wall.as_secs_f64() > 0.0 {
        format!(
            ", {:.2} M events/s",
            events.len() as f64 / wall.as_secs_f64() / 1e6
        )
    } else {
        String::new()
    };
    println!(
        "simulated:   {} in {} events (wall {:.3} s{rate})",
        seconds(session.now()),
        events.len(),
        wall.as_secs_f64()
    );

    let mut sent = 0;
    let mut delivered = 0;
    let mut duplicated = 0;
    let mut dropped: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    let mut notes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut invoked, mut ok, mut failed, mut refused) = (0, 0, 0, 0);
    let mut checkpoints = Vec::new();
    for e in events {
        match &e.kind {
            EventKind::Send { message, .. } => {
                sent += 1;
                *by_type.entry(message.label()).or_default() += 1;
            }
            EventKind::Deliver { .. } => delivered += 1,
            EventKind::Duplicate { .. } => duplicated += 1,
            EventKind::Drop { reason, .. } => {
                *dropped.entry(reason_name(*reason)).or_default() += 1
            }
            EventKind::Note { note } => *notes.entry(note.label()).or_default() += 1,
            EventKind::ClientInvoke { .. } => invoked += 1,
            EventKind::ClientReturn { outcome, .. } => match outcome {
                ClientOutcome::Ok { .. } | ClientOutcome::Versions { .. } => ok += 1,
                ClientOutcome::Failed { .. } => failed += 1,
                ClientOutcome::Rejected { .. } => refused += 1,
            },
            EventKind::Checkpoint { index, passed } => checkpoints.push((*index, *passed)),
            _ => {}
        }
    }
    let drops: usize = dropped.values().sum();
    let why = dropped
        .iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "messages:    {sent} sent, {delivered} delivered, {drops} dropped{}, {duplicated} duplicated",
        if why.is_empty() { String::new() } else { format!(" ({why})") }
    );
    println!("  by type:   {}", counts(&by_type));
    println!("notes:       {}", counts(&notes));
    println!(
        "clients:     {invoked} operations: {ok} ok, {refused} refused (not applied), {failed} failed (outcome unknown), {} pending",
        invoked - ok - failed - refused
    );
    // The protocol's own account (transactions decided or blocked, writes lost at failover…), aligned with
    // the lines above.
    for (name, value) in session.facts() {
        println!("{:<13}{value}", format!("{name}: "));
    }
    crate::stores::print(session);

    if !checkpoints.is_empty() {
        let passed = checkpoints.iter().filter(|(_, p)| *p).count();
        println!("checkpoints: {passed}/{} passed", checkpoints.len());
        for (index, passed) in &checkpoints {
            let (at, text) = sc
                .narration
                .get(*index)
                .map_or((SimTime::ZERO, ""), |n| (SimTime(n.at_us), n.text.as_str()));
            println!(
                "  {} at {}: {text}",
                if *passed { "pass" } else { "FAIL" },
                seconds(at),
            );
        }
    }
    let face = session.face();
    let judged = face.consistency == Consistency::Linearizable;
    let history = if judged {
        splitbrain_check::check_all(events)
    } else {
        splitbrain_check::Report::default()
    };
    let mut violations: Vec<Violation> = session.violations().to_vec();
    violations.extend(history.violations.iter().cloned());
    violations.sort_by_key(|v| v.event);
    if violations.is_empty() {
        println!("invariants:  no violations");
    } else {
        println!("invariants:  {} VIOLATIONS", violations.len());
        for v in &violations {
            let t = events
                .get(v.event.index())
                .map_or(SimTime::ZERO, |e| e.time);
            println!(
                "  {} at {} ({}): {}",
                v.invariant,
                v.event,
                seconds(t),
                v.message
            );
        }
    }
    if judged {
        let verdict = if !history.violations.is_empty() {
            "NOT linearizable".to_string()
        } else if history.inconclusive_keys.is_empty() {
            "linearizable".to_string()
        } else {
            format!(
                "INCONCLUSIVE for keys {:?} (the search ran out of budget: not proven either way)",
                history.inconclusive_keys
            )
        };
        println!(
            "history:     {verdict}; {} stale read(s)",
            history.stale_reads.len()
        );
    } else if face.consistency == Consistency::Eventual {
        eventual(events);
    } else {
        println!(
            "history:     not judged ({:?} consistency)",
            face.consistency
        );
    }
    violations.is_empty() && checkpoints.iter().all(|(_, p)| *p)
}

/// The anomalies an eventually consistent store is allowed, counted and shown (the protocol's own checkers
/// decide which of them its configuration forbids).
fn eventual(events: &[Event<Shown>]) {
    let history = splitbrain_check::History::from_events(events);
    let stale = splitbrain_check::stale_reads_in(&history);
    let lost = splitbrain_check::lost_writes_in(&history);
    let sessions = splitbrain_check::session_anomalies_in(&history);
    println!(
        "history:     eventual consistency: {} stale read(s), {} lost write(s), {} session anomaly(ies)",
        stale.len(),
        lost.len(),
        sessions.len()
    );
    const SHOWN: usize = 5;
    for s in stale.iter().take(SHOWN) {
        let got = s.returned.as_deref().unwrap_or("nothing");
        println!(
            "  stale read {} of {}: returned {got} after {} had written {}",
            s.get_op, s.key, s.overwritten_by, s.expected
        );
    }
    for l in lost.iter().take(SHOWN) {
        let got = l.read.as_deref().unwrap_or("nothing");
        println!(
            "  lost write {} {}={}: the final read {} returned {got}",
            l.write_op, l.key, l.value, l.read_op
        );
    }
    for a in sessions.iter().take(SHOWN) {
        println!("  {}: {}", a.guarantee.name(), a.message);
    }
}

fn reason_name(r: DropReason) -> &'static str {
    match r {
        DropReason::Loss => "loss",
        DropReason::Partition => "partition",
        DropReason::Clicked => "clicked",
        DropReason::ReceiverCrashed => "receiver crashed",
    }
}

fn counts(map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "none".to_string();
    }
    map.iter()
        .map(|(k, n)| format!("{k} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn seconds(t: SimTime) -> String {
    format!("{:.3} s", t.0 as f64 / 1e6)
}
