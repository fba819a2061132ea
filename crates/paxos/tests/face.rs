//! The protocols' faces: what the lab reads. Every note has a sentence, option fields match the options,
//! ballots read as "round.node".

mod common;

use common::*;
use splitbrain_paxos::{MultiPaxos, Note, Paxos, PaxosOptions};
use splitbrain_sim::{Consistency, Describe, FieldKind, Label, LaneSignal, NodeId, Protocol};

#[test]
fn both_faces_describe_ballots_roles_and_operations() {
    for face in [&Paxos::FACE, &MultiPaxos::FACE] {
        assert_eq!(face.epoch_word, "ballot");
        assert_eq!(face.commit_word, "chosen");
        assert_eq!(face.consistency, Consistency::Linearizable);
        assert_eq!(face.nodes, (1, 25));
        assert_eq!((face.epoch_label)(b(4, 1).encode()), "4.2");
    }
    assert_eq!(Paxos::FACE.name, "paxos");
    assert_eq!(MultiPaxos::FACE.name, "multi-paxos");
    assert!(!Paxos::FACE.roles.iter().any(|r| r.exclusive));
    assert!(MultiPaxos::FACE.roles[2].exclusive);
    assert!(!Paxos::FACE.accepts(splitbrain_sim::OpKind::Cas));
    assert!(MultiPaxos::FACE.accepts(splitbrain_sim::OpKind::Cas));
}

#[test]
fn every_option_field_is_an_option_and_the_mutant_choices_parse() {
    let defaults = serde_json::to_value(PaxosOptions::default()).unwrap();
    for fields in [
        (Paxos::FACE.option_fields)(),
        (MultiPaxos::FACE.option_fields)(),
    ] {
        for f in &fields {
            assert!(defaults.get(f.key).is_some(), "{} is not an option", f.key);
            if let FieldKind::Choice(choices) = &f.kind {
                for (value, _) in choices {
                    let o: PaxosOptions =
                        serde_json::from_value(serde_json::json!({ f.key: value })).unwrap();
                    assert!(o.validate(3).is_ok());
                }
            }
        }
        assert!(fields.iter().any(|f| f.key == "mutant"));
    }
    assert_eq!(
        (MultiPaxos::FACE.option_fields)().len(),
        8,
        "every option, for Multi-Paxos"
    );
}

#[test]
fn notes_read_as_sentences_with_lane_signals() {
    let sc = load::<MultiPaxos>("multi-paxos-leader-change.json");
    let run = Run::<MultiPaxos>::new(&sc).run_to_end();
    let mut labels = std::collections::BTreeSet::new();
    for (e, note) in run.notes() {
        let shown = MultiPaxos::show_note(e.node.unwrap(), note);
        assert_eq!(shown.label, note.label());
        assert!(shown
            .text
            .as_deref()
            .is_some_and(|t| t.starts_with('n') || t.starts_with('A')));
        labels.insert(shown.label);
        if let Note::BecameLeader { ballot } = note {
            assert!(shown.major);
            assert_eq!(
                shown.signals,
                vec![LaneSignal::Role {
                    role: 2,
                    epoch: Some(ballot.encode())
                }]
            );
        }
        if let Note::Chosen { upto, .. } = note {
            assert!(shown.signals.contains(&LaneSignal::Commit { upto: *upto }));
        }
    }
    for l in [
        "leader", "noop", "adopted", "chosen", "promised", "accepted", "restored",
    ] {
        assert!(labels.contains(l), "no {l} note in the scenario");
    }
    let leader = (0..5).find(|i| run.node(*i).is_leader()).unwrap();
    let summary = run.node(leader).summary();
    assert_eq!(summary.role, 2);
    assert_eq!(summary.leader, Some(NodeId(leader)));
    let sections = run.node(leader).inspector();
    let keys: Vec<&str> = sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["acceptor", "proposer", "learner", "kv"]);
}

#[test]
fn messages_are_coloured_by_phase() {
    use splitbrain_paxos::Message;
    let shown = |m: &Message| MultiPaxos::show_msg(m);
    assert_eq!(
        shown(&Message::Prepare {
            ballot: b(1, 0),
            from_slot: 0
        })
        .family,
        0
    );
    assert_eq!(
        shown(&Message::Nack {
            ballot: b(1, 0),
            promised: b(2, 1)
        })
        .tag,
        "✗"
    );
    let hb = shown(&Message::Heartbeat {
        ballot: b(1, 0),
        chosen: 3,
    });
    assert!(hb.heartbeat && hb.family == 2);
    let acc = shown(&Message::Accepted {
        ballot: b(1, 0),
        slot: 2,
        value: putv("x", "1", 0),
    });
    assert_eq!((acc.family, acc.tag.as_str()), (1, "2b"));
    assert!(acc.text.contains("x=1") && acc.text.contains("1.1"));
    assert!(
        shown(&Message::CatchUp { from_slot: 0 })
            .tag
            .chars()
            .count()
            <= 3
    );
    let _ = Paxos::NAME;
    let _ = <Paxos as Protocol>::CLIENT_OPS;
}
