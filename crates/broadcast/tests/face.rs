//! The lab's view: families, sentences for every note, the inspector's hold-back table, facts.

mod common;

use common::*;
use splitbrain_broadcast::{Anomaly, Broadcast, MsgRef, Note, Order, Wait};
use splitbrain_sim::{Describe, LaneSignal, NodeId, OpKind};

fn m(sender: u32, seq: u64) -> MsgRef {
    MsgRef {
        sender: NodeId(sender),
        seq,
    }
}

#[test]
fn the_face_serves_send_and_names_its_families() {
    let face = Broadcast::FACE;
    assert_eq!(face.client_ops, &[OpKind::Send]);
    let keys: Vec<&str> = face.families.iter().map(|f| f.key).collect();
    assert_eq!(keys, ["message", "ack", "order"]);
    assert!(!(face.option_fields)().is_empty());
}

#[test]
fn every_note_has_a_sentence_naming_the_message() {
    let notes = [
        Note::Up {
            order: Order::Causal,
            restarted: true,
        },
        Note::Sent {
            id: m(1, 2),
            to: None,
            lamport: 5,
            vclock: vec![1, 2, 0],
            text: "hi".into(),
        },
        Note::HeldBack {
            id: m(1, 2),
            wait: Wait::Missing { id: m(0, 1) },
        },
        Note::Delivered {
            id: m(1, 2),
            text: "hi".into(),
            nth: 3,
            held_us: 120_000,
            waited: Some(Wait::Missing { id: m(0, 1) }),
        },
        Note::OutOfOrder {
            id: m(1, 2),
            missing: m(0, 1),
            anomaly: Anomaly::Causal,
        },
        Note::Ordered {
            id: m(1, 2),
            global: 4,
        },
    ];
    for n in &notes[1..] {
        let shown = Broadcast::show_note(NodeId(2), n);
        assert!(
            shown
                .text
                .as_deref()
                .is_some_and(|t| t.contains("m2.2") && t.contains("n3")),
            "{shown:?}"
        );
    }
    let delivered = Broadcast::show_note(NodeId(2), &notes[3]);
    assert_eq!(
        delivered.text.as_deref(),
        Some("n3 delivered m2.2 \"hi\" from n2 (held back 120 ms, waiting for m1.1 from n1)")
    );
    assert_eq!(delivered.signals, vec![LaneSignal::Commit { upto: 3 }]);
}

#[test]
fn the_inspector_shows_why_a_message_is_held_back() {
    let run = Run::new(&load("broadcast-causal-holds-back.json")).until_ms(200);
    let sections = run.node(2).inspector();
    let held = sections.iter().find(|s| s.key == "held").unwrap();
    let rows = &held.table.as_ref().unwrap().rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "m2.1");
    assert_eq!(rows[0][4], "waiting for m1.1 from n1");
    assert_eq!(
        run.node(2).summary().detail.as_deref(),
        Some("V=[0,0,0], 1 held")
    );
}

#[test]
fn facts_count_deliveries_hold_backs_and_anomalies() {
    let run = Run::new(&load("broadcast-causal-holds-back.json")).run_to_end();
    let facts = Broadcast::facts(&run.events, splitbrain_sim::SimTime(0));
    let get = |k: &str| facts.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(get("delivered").as_deref(), Some("9 of 9 addressed"));
    assert_eq!(
        get("held back").as_deref(),
        Some("1, longest 190 ms (m2.1 at n3)")
    );
    assert_eq!(get("order violations").as_deref(), Some("none"));
    let run = Run::new(&load("broadcast-answer-before-question.json")).run_to_end();
    let facts = Broadcast::facts(&run.events, splitbrain_sim::SimTime(0));
    let v = facts.iter().find(|(n, _)| n == "order violations").unwrap();
    assert!(
        v.1.starts_with("1 causal order, 1 total order: n3 delivered m1.1 after m2.1"),
        "{}",
        v.1
    );
}
