//! The lab's view: roles, families, sentences for every note, facts.

mod common;

use common::*;
use splitbrain_sim::{Describe, LaneSignal, NodeId, SimTime};
use splitbrain_two_generals::{General, Message, Note, Plan};

#[test]
fn two_generals_no_exclusive_role_no_clients() {
    let face = General::FACE;
    assert_eq!(face.nodes, (2, 2));
    assert_eq!(face.epoch_word, "round");
    assert!(face.roles.iter().all(|r| !r.exclusive));
    assert!(face.client_ops.is_empty());
    assert_eq!((face.option_fields)().len(), 4);
}

#[test]
fn every_note_has_a_sentence() {
    let notes = [
        Note::Proposed { rounds: 3 },
        Note::Received { round: 1 },
        Note::Received { round: 3 },
        Note::Resent { round: 3 },
        Note::Decided {
            attack: true,
            received: 3,
            needed: 3,
        },
        Note::Decided {
            attack: true,
            received: 0,
            needed: 0,
        },
        Note::Decided {
            attack: false,
            received: 2,
            needed: 4,
        },
    ];
    for n in &notes {
        let shown = General::show_note(NodeId(1), n);
        assert!(
            shown.text.as_deref().is_some_and(|t| t.starts_with("n2 ")),
            "{shown:?}"
        );
    }
    let attack = General::show_note(NodeId(0), &notes[4]);
    assert_eq!(
        attack.text.as_deref(),
        Some("n1 decides to ATTACK (it received acknowledgement round 3)")
    );
    assert_eq!(
        attack.signals,
        vec![LaneSignal::Role {
            role: 1,
            epoch: None
        }]
    );
    let retreat = General::show_note(NodeId(1), &notes[6]);
    assert_eq!(
        retreat.text.as_deref(),
        Some("n2 decides to RETREAT (the round-4 messenger never arrived)")
    );
}

#[test]
fn messengers_and_acknowledgements_are_two_families() {
    let m = |round| Message::Messenger {
        round,
        plan: Plan::AttackAtDawn,
    };
    assert_eq!(General::show_msg(&m(1)).family, 0);
    assert_eq!(General::show_msg(&m(1)).tag, "M1");
    assert_eq!(General::show_msg(&m(4)).family, 1);
    assert_eq!(General::show_msg(&m(4)).tag, "A4");
}

#[test]
fn facts_say_who_decided_what_and_how_many_messengers_were_lost() {
    let run = Run::new(&load("two-generals-last-messenger-lost.json")).run_to_end();
    let facts = General::facts(&run.events, SimTime(0));
    let get = |k: &str| facts.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(
        get("decisions").as_deref(),
        Some("n1 attack, n2 retreat: DISAGREE")
    );
    assert_eq!(get("messengers").as_deref(), Some("3 sent, 1 lost"));
}

#[test]
fn the_inspector_marks_the_round_the_rule_needs() {
    let run = Run::new(&load("two-generals-last-messenger-lost.json")).until_ms(500);
    let sections = run.node(1).inspector();
    let table = sections[1].table.as_ref().unwrap();
    assert_eq!(table.rows.len(), 3);
    assert_eq!(table.marked, vec![2]);
    assert_eq!(table.rows[2][2], "not (yet) received");
}
