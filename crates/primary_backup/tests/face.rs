//! The protocol's face: what the lab reads. Every note has a sentence, option fields match the options, the
//! primary is the exclusive role, and the inspector shows the log, the store and what was discarded.

mod common;

use common::*;
use splitbrain_primary_backup::{Entry, Message, Note, PbOptions, PrimaryBackup, Write};
use splitbrain_sim::{Consistency, Describe, FieldKind, Label, LaneSignal, NodeId, OpId};

#[test]
fn the_face_names_epochs_roles_and_operations() {
    let face = &PrimaryBackup::FACE;
    assert_eq!(face.name, "primary-backup");
    assert_eq!(face.epoch_word, "epoch");
    assert_eq!(face.consistency, Consistency::Linearizable);
    assert_eq!(face.nodes, (2, 9));
    let names: Vec<&str> = face.roles.iter().map(|r| r.name).collect();
    assert_eq!(names, ["backup", "candidate", "primary"]);
    assert_eq!(
        face.roles.iter().map(|r| r.tone).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    assert!(face.roles[2].exclusive && !face.roles[0].exclusive && !face.roles[1].exclusive);
    assert!(!face.accepts(splitbrain_sim::OpKind::Cas));
}

#[test]
fn every_option_field_is_an_option_and_every_choice_parses() {
    let defaults = serde_json::to_value(PbOptions::default()).unwrap();
    let fields = (PrimaryBackup::FACE.option_fields)();
    assert_eq!(
        fields.len(),
        defaults.as_object().unwrap().len(),
        "every option has a field"
    );
    for f in &fields {
        assert!(defaults.get(f.key).is_some(), "{} is not an option", f.key);
        if let FieldKind::Choice(choices) = &f.kind {
            for (value, _) in choices {
                let o: PbOptions =
                    serde_json::from_value(serde_json::json!({ f.key: value })).unwrap();
                assert!(o.validate(3).is_ok());
            }
        }
    }
}

#[test]
fn notes_read_as_sentences_with_lane_signals() {
    let mut labels = std::collections::BTreeSet::new();
    for name in [
        "pb-naive-split-brain.json",
        "pb-fencing-old-primary-refused.json",
        "pb-majority-failover.json",
        "pb-async-failover-lost-writes.json",
    ] {
        let run = Run::new(&load(name)).run_to_end();
        for (e, note) in run.notes() {
            let node = e.node.unwrap();
            let shown = PrimaryBackup::show_note(node, note);
            assert_eq!(shown.label, note.label());
            assert!(
                shown
                    .text
                    .as_deref()
                    .is_some_and(|t| t.starts_with(&node.to_string())),
                "{shown:?}"
            );
            labels.insert(shown.label);
            match note {
                Note::Promoted { epoch, .. } => {
                    assert!(shown.major);
                    assert!(shown.signals.contains(&LaneSignal::Role {
                        role: 2,
                        epoch: Some(*epoch)
                    }));
                }
                Note::Acknowledged { upto, .. } => {
                    assert_eq!(shown.signals, vec![LaneSignal::Commit { upto: *upto }])
                }
                Note::Discarded { entries, .. } => {
                    let text = shown.text.unwrap();
                    for w in entries.iter().filter_map(|e| e.write.as_ref()) {
                        assert!(text.contains(&w.to_string()), "{text} names {w}");
                    }
                }
                _ => {}
            }
        }
    }
    for l in [
        "promoted",
        "candidate",
        "stepped_down",
        "new_epoch",
        "voted",
        "denied",
        "appended",
        "stored",
        "discarded",
        "refused",
        "acknowledged",
        "read",
        "restored",
    ] {
        assert!(labels.contains(l), "no {l} note in the scenarios");
    }
}

#[test]
fn the_inspector_shows_the_log_acks_store_and_discarded_writes() {
    let run = Run::new(&load("pb-fencing-old-primary-refused.json")).run_to_end();
    let primary = (0..3).find(|i| run.node(*i).is_primary()).unwrap();
    let summary = run.node(primary).summary();
    assert_eq!(summary.role, 2);
    assert_eq!(summary.leader, Some(NodeId(primary)));
    assert!(summary.detail.unwrap().ends_with(" writes"));
    assert_eq!(summary.epoch, 2);
    let sections = run.node(primary).inspector();
    let keys: Vec<&str> = sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["state", "log", "store", "discarded"]);
    let log = sections[1].table.as_ref().unwrap();
    assert_eq!(log.marked_means, "acknowledged to the client");
    assert_eq!(
        log.marked.len(),
        log.rows.len(),
        "everything acknowledged by the end"
    );
    assert!(log
        .rows
        .iter()
        .any(|r| r[3].contains("n1") && r[3].contains("n3")));
    let old = run.node(0).inspector();
    let discarded = &old[3];
    assert!(discarded.rows[0].1.contains("x=2"), "{:?}", discarded.rows);
}

#[test]
fn messages_are_coloured_by_family() {
    let w = Entry {
        epoch: 2,
        write: Some(Write {
            key: "x".into(),
            value: "1".into(),
            op: OpId(3),
        }),
    };
    let rep = |entries| Message::Replicate {
        epoch: 2,
        prev_index: 4,
        prev_epoch: 1,
        entries,
        commit: 4,
        round: 1,
        last_index: 5,
    };
    let hb = PrimaryBackup::show_msg(&rep(vec![]));
    assert!(hb.heartbeat && hb.family == 1 && hb.label == "Heartbeat");
    let r = PrimaryBackup::show_msg(&rep(vec![w]));
    assert_eq!((r.family, r.label.as_str()), (0, "Replicate"));
    assert!(r.text.contains("#5") && r.text.contains("x=1"));
    assert_eq!(
        PrimaryBackup::show_msg(&Message::Refused { epoch: 3 }).family,
        3
    );
    let v = PrimaryBackup::show_msg(&Message::VoteRequest {
        epoch: 3,
        last_index: 2,
        last_epoch: 1,
    });
    assert_eq!(v.family, 2);
    for m in [hb, r, v] {
        assert!(m.tag.chars().count() <= 3);
    }
}
