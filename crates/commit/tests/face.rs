//! The protocol's face: what the lab reads. Every note has a sentence, option fields match the options,
//! roles follow the participants' most pressing transaction, and the run's facts count transactions.

mod common;

use common::*;
use splitbrain_commit::{CommitOptions, Note, TwoPhaseCommit};
use splitbrain_sim::{
    Consistency, Describe, FieldKind, Label, LaneSignal, NodeId, OpKind, SimTime,
};

#[test]
fn the_face_describes_transactions_roles_and_operations() {
    let face = &TwoPhaseCommit::FACE;
    assert_eq!(face.name, "two-phase-commit");
    assert_eq!(face.epoch_word, "txn");
    assert_eq!((face.epoch_label)(4), "T4");
    assert_eq!(face.consistency, Consistency::None);
    assert_eq!(face.nodes, (3, 10));
    assert!(!face.roles.iter().any(|r| r.exclusive));
    assert_eq!(face.role(3).name, "in doubt");
    assert!(face.accepts(OpKind::Txn) && face.accepts(OpKind::Put) && !face.accepts(OpKind::Cas));
}

#[test]
fn every_option_field_is_an_option_and_its_choices_parse() {
    let defaults = serde_json::to_value(CommitOptions::default()).unwrap();
    let fields = (TwoPhaseCommit::FACE.option_fields)();
    for f in &fields {
        assert!(defaults.get(f.key).is_some(), "{} is not an option", f.key);
        if let FieldKind::Choice(choices) = &f.kind {
            for (value, _) in choices {
                let o: CommitOptions =
                    serde_json::from_value(serde_json::json!({ f.key: value })).unwrap();
                assert!(o.validate(3).is_ok());
            }
        }
    }
    assert_eq!(
        fields.len(),
        defaults.as_object().unwrap().len(),
        "every option has a field"
    );
}

#[test]
fn notes_read_as_sentences_and_in_doubt_participants_show_their_locks() {
    let mut labels = std::collections::BTreeSet::new();
    for name in [
        "commit-coordinator-crash-blocks.json",
        "commit-3pc-coordinator-crash.json",
        "commit-cooperative-fails.json",
    ] {
        let run = Run::new(&load(name)).run_to_end();
        for (e, note) in run.notes() {
            let shown = TwoPhaseCommit::show_note(e.node.unwrap(), note);
            assert_eq!(shown.label, note.label());
            let text = shown.text.unwrap();
            assert!(text.contains(&e.node.unwrap().to_string()), "{text}");
            labels.insert(shown.label);
            if let Note::Prepared { txn, .. } = note {
                assert!(text.contains("may not abort on its own"), "{text}");
                assert!(shown.signals.contains(&LaneSignal::Role {
                    role: 3,
                    epoch: Some(*txn)
                }));
            }
            if let Note::Committed { committed, .. } = note {
                assert!(shown
                    .signals
                    .contains(&LaneSignal::Commit { upto: *committed }));
            }
        }
    }
    for l in [
        "began",
        "prepared",
        "waiting",
        "voted_no",
        "in_doubt",
        "recovered",
        "aborted",
        "terminated",
        "nobody_knows",
    ] {
        assert!(labels.contains(l), "{l} never shown");
    }
}

#[test]
fn badges_inspectors_and_facts_show_the_blocking() {
    let run = Run::new(&load("commit-coordinator-crash-blocks.json")).until_ms(1_500);
    let n2 = run.node(1);
    let s = n2.summary();
    assert_eq!(s.role, 3);
    assert_eq!(s.detail.as_deref(), Some("in doubt T1 · x locked"));
    let sections = n2.inspector();
    let keys: Vec<&str> = sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["participant", "transactions", "locks", "store"]);
    assert!(sections[0].rows[0].1.contains("v x z"));
    let locks = sections[2].table.as_ref().unwrap();
    assert_eq!(
        locks.rows[0][..3],
        ["x".to_string(), "write".into(), "T1".into()]
    );
    let facts = TwoPhaseCommit::facts(&run.events, SimTime(1_500_000));
    assert_eq!(
        facts[0],
        (
            "transactions".into(),
            "0 committed, 0 aborted, 1 blocked".into()
        )
    );
    assert_eq!(
        facts[1],
        (
            "longest blocking".into(),
            "1.38 s: T1 in doubt at n2 holding x".into()
        )
    );
    assert_eq!(
        facts[2],
        (
            "in doubt now".into(),
            "T1 at n2 holding x for 1.38 s; T1 at n3 holding y for 1.38 s".into()
        )
    );
    assert_eq!(
        facts.len(),
        3,
        "nobody waits for a lock at 1.5 s: {facts:?}"
    );
    // Early on, the put behind T1's lock is named with its client operation.
    let early = Run::new(&load("commit-coordinator-crash-blocks.json")).until_ms(200);
    let facts = TwoPhaseCommit::facts(&early.events, SimTime(200_000));
    assert_eq!(
        facts.last().unwrap(),
        &(
            "waiting for locks".to_string(),
            "T2 (op1) at n2 behind T1's x".to_string()
        ),
        "{facts:?}"
    );
    let run = run.run_to_end();
    let c = run.node(0).inspector();
    let log = c[1].table.as_ref().unwrap();
    assert_eq!(log.columns, ["T", "votes", "decision", "logged?", "acks"]);
    assert_eq!(log.rows[0][2], "abort");
    assert_eq!(
        TwoPhaseCommit::show_msg(&splitbrain_commit::Message::Ack { txn: 2 }).text,
        "Ack T2"
    );
    assert_eq!(run.node(NodeId(0).0).summary().role, 2);
}
