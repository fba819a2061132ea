//! The run summary printed by `run` and `check`.

use splitbrain_check::Report;
use splitbrain_sim::{ClientOutcome, DropReason, EventKind, Label, Protocol, SimTime, TraceFile};
use std::collections::BTreeMap;
use std::time::Duration;

pub fn print<P: Protocol>(file: &TraceFile<P>, history: &Report, wall: Duration) {
    let sc = &file.scenario;
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
            file.events.len() as f64 / wall.as_secs_f64() / 1e6
        )
    } else {
        String::new()
    };
    println!(
        "simulated:   {} in {} events (wall {:.3} s{rate})",
        seconds(file.end_time),
        file.events.len(),
        wall.as_secs_f64()
    );

    let mut sent = 0;
    let mut delivered = 0;
    let mut duplicated = 0;
    let mut dropped: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    let mut notes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut invoked, mut ok, mut failed) = (0, 0, 0);
    for e in &file.events {
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
                ClientOutcome::Ok { .. } => ok += 1,
                ClientOutcome::Failed { .. } => failed += 1,
            },
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
        "clients:     {invoked} operations: {ok} ok, {failed} failed, {} pending",
        invoked - ok - failed
    );

    if !file.checkpoints.is_empty() {
        let passed = file.checkpoints.iter().filter(|c| c.passed).count();
        println!("checkpoints: {passed}/{} passed", file.checkpoints.len());
        for c in &file.checkpoints {
            let at = sc
                .narration
                .get(c.index)
                .map_or(SimTime::ZERO, |n| SimTime(n.at_us));
            println!(
                "  {} at {}: {}",
                if c.passed { "pass" } else { "FAIL" },
                seconds(at),
                c.text
            );
        }
    }
    if file.violations.is_empty() {
        println!("invariants:  no violations");
    } else {
        println!("invariants:  {} VIOLATIONS", file.violations.len());
        for v in &file.violations {
            let t = file
                .events
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
    println!(
        "history:     {} stale read(s){}",
        history.stale_reads.len(),
        if history.inconclusive_keys.is_empty() {
            String::new()
        } else {
            format!(
                "; linearizability inconclusive for keys {:?}",
                history.inconclusive_keys
            )
        }
    );
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
