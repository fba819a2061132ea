//! `NAME=pb-naive-split-brain cargo test -p splitbrain-primary-backup --test show -- --ignored --nocapture`
//! prints a lecture scenario's notes (as the narration strip reads them), client results, checkpoints and
//! violations: the quickest way to see what a scenario does.

mod common;

use common::*;
use splitbrain_primary_backup::PrimaryBackup;
use splitbrain_sim::{Describe, EventKind};

#[test]
#[ignore]
fn show_lecture() {
    let name = std::env::var("NAME").unwrap_or_else(|_| "pb-naive-split-brain".into());
    let run = Run::new(&load(&format!("{name}.json"))).run_to_end();
    for e in &run.events {
        let node = e.node.map(|n| n.to_string()).unwrap_or_default();
        match &e.kind {
            EventKind::Note { note } => {
                let shown = PrimaryBackup::show_note(e.node.unwrap(), note);
                println!(
                    "{} {node} [{}] {}",
                    e.time,
                    shown.label,
                    shown.text.unwrap_or_default()
                );
            }
            EventKind::ClientInvoke { op, request, .. } => {
                println!("{} {node} invoke {op} {}", e.time, request.describe())
            }
            EventKind::ClientReturn { op, outcome } => {
                println!("{} {node} return {op} {outcome:?}", e.time)
            }
            EventKind::Checkpoint { index, passed } => {
                println!("{} checkpoint {index}: {passed}", e.time)
            }
            EventKind::Crash | EventKind::Restart | EventKind::Network { .. } => {
                println!("{} {node} {:?}", e.time, e.kind)
            }
            _ => {}
        }
    }
    for v in &run.violations {
        println!("VIOLATION {} at {}: {}", v.invariant, v.event, v.message);
    }
    for v in run.linearizability().violations {
        println!(
            "LINEARIZABILITY {} at {}: {}",
            v.invariant, v.event, v.message
        );
    }
    for (k, v) in PrimaryBackup::facts(&run.events, run.sim.now()) {
        println!("fact: {k}: {v}");
    }
}
