//! The lab's view: roles, families, sentences for every note, the cut signal, facts.

mod common;

use common::*;
use splitbrain_sim::{Describe, LaneSignal, NodeId, Protocol};
use splitbrain_snapshot::{Message, Note, Snapshot};

#[test]
fn the_face_has_no_exclusive_role_and_serves_no_client_operations() {
    let face = Snapshot::FACE;
    assert_eq!(face.epoch_word, "snapshot");
    assert_eq!((face.epoch_label)(3), "#3");
    assert!(face.roles.iter().all(|r| !r.exclusive));
    assert!(face.client_ops.is_empty());
    assert!(!(face.option_fields)().is_empty());
    assert_eq!(face.families.len(), 4);
}

#[test]
fn every_note_has_a_sentence_and_recording_draws_the_cut() {
    let notes = [
        Note::Opened { balance: 100 },
        Note::Recorded {
            snapshot: 2,
            balance: 70,
            received: vec![],
            marker_from: Some(NodeId(3)),
        },
        Note::ChannelRecorded {
            snapshot: 2,
            from: NodeId(3),
            amounts: vec![5, 7],
        },
        Note::Complete {
            snapshot: 2,
            in_flight: 12,
        },
        Note::Assembled {
            snapshot: 2,
            balances: 290,
            in_flight: 10,
            channels: vec![],
            expected: 300,
        },
    ];
    for n in &notes {
        let shown = Snapshot::show_note(NodeId(0), n);
        assert!(
            shown.text.as_deref().is_some_and(|t| t.contains("n1")),
            "{shown:?}"
        );
    }
    let recorded = Snapshot::show_note(NodeId(0), &notes[1]);
    assert!(recorded.signals.contains(&LaneSignal::Cut { snapshot: 2 }));
    assert!(recorded.text.unwrap().contains("n4"));
    let channel = Snapshot::show_note(NodeId(0), &notes[2]);
    assert_eq!(channel.label, "in flight");
    assert!(channel.text.unwrap().contains("12 in flight (5 + 7)"));
    assert!(Snapshot::show_note(NodeId(0), &notes[4])
        .text
        .unwrap()
        .contains("adds up"));
    let off = Note::Assembled {
        snapshot: 2,
        balances: 280,
        in_flight: 10,
        channels: vec![],
        expected: 300,
    };
    assert_eq!(Snapshot::show_note(NodeId(0), &off).label, "total off");
}

#[test]
fn messages_fall_into_their_families() {
    let family = |m: Message| Snapshot::show_msg(&m).family;
    assert_eq!(family(Message::Transfer { seq: 1, amount: 3 }), 0);
    assert_eq!(
        family(Message::Marker {
            seq: 1,
            snapshot: 1
        }),
        1
    );
    assert_eq!(
        family(Message::Report {
            seq: 1,
            snapshot: 1,
            balance: 3,
            channels: vec![]
        }),
        2
    );
    assert_eq!(
        family(Message::Ack {
            upto: 1,
            early: None
        }),
        3
    );
}

#[test]
fn the_inspector_shows_the_recording_and_the_initiators_global_state() {
    let mut n = node(0, 3, &splitbrain_snapshot::SnapshotOptions::default());
    n.on_force_timeout(NOW, &mut out());
    let sections = n.inspector();
    let keys: Vec<&str> = sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, vec!["state", "snapshots", "global-1"]);
    let text = format!("{sections:?}");
    assert!(text.contains("recording n2→n1, n3→n1"), "{text}");
    assert!(text.contains("waiting for its report"), "{text}");
}

#[test]
fn facts_count_snapshots_and_name_the_money_in_flight() {
    let run = Run::new(&load("snapshot-money-in-flight.json")).run_to_end();
    let facts = Snapshot::facts(&run.events, splitbrain_sim::SimTime(0));
    let get = |k: &str| facts.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(
        get("snapshots").as_deref(),
        Some("1 complete, 0 in progress")
    );
    assert_eq!(get("money").as_deref(), Some("300 conserved"));
    let last = get("last snapshot").unwrap();
    assert!(last.starts_with("#1: total 300 = balances "), "{last}");
    assert!(last.contains("→n1"), "{last}");
}
