//! The lab's view: every note has a sentence, claims carry a ClockBound signal, the inspector shows the
//! last exchange and the readings table.

mod common;

use common::{load, Run};
use splitbrain_clocksync::ClockSync;
use splitbrain_sim::{Describe, EventKind, LaneSignal};

#[test]
fn every_note_has_a_sentence_and_every_claim_a_clock_bound() {
    for name in [
        "clocksync-cristian-drift.json",
        "clocksync-ntp-asymmetric.json",
        "clocksync-berkeley-outlier.json",
        "clocksync-truetime-commit-wait.json",
    ] {
        let run = Run::new(&load(name)).run_to_end();
        for e in &run.events {
            if let (Some(node), EventKind::Note { note }) = (e.node, &e.kind) {
                let shown = ClockSync::show_note(node, note);
                assert!(shown
                    .text
                    .as_deref()
                    .is_some_and(|t| t.starts_with(&node.to_string())));
                let bound = shown
                    .signals
                    .iter()
                    .any(|s| matches!(s, LaneSignal::ClockBound { .. }));
                assert_eq!(bound, note.claim().is_some(), "{note:?}");
            }
        }
    }
}

#[test]
fn the_inspector_shows_the_exchange_and_the_readings() {
    let run = Run::new(&load("clocksync-ntp-asymmetric.json")).until_ms(1_000);
    let sections = run.node(1).inspector();
    let exchange = sections
        .iter()
        .find(|s| s.key == "exchange")
        .expect("last exchange");
    assert!(exchange.rows.iter().any(|(k, _)| k.starts_with("T4")));
    let run = Run::new(&load("clocksync-berkeley-outlier.json")).until_ms(1_000);
    let sections = run.node(0).inspector();
    let readings = sections
        .iter()
        .find(|s| s.key == "readings")
        .expect("readings table");
    let table = readings.table.as_ref().unwrap();
    assert_eq!(table.rows.len(), 3);
    assert_eq!(table.marked, vec![2], "n4 marked as the outlier");
}

#[test]
fn facts_report_rounds_and_the_worst_offset() {
    let run = Run::new(&load("clocksync-cristian-drift.json")).run_to_end();
    let facts = common::facts(&run);
    let keys: Vec<&str> = facts.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, vec!["rounds", "worst offset now", "error bound"]);
    assert!(common::fact(&run, "worst offset now").contains("bound ±"));
}
