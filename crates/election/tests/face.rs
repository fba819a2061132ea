//! The lab's view: roles, families, sentences for every note, facts.

mod common;

use common::*;
use splitbrain_election::{Election, Note};
use splitbrain_sim::{Describe, LaneSignal, NodeId};

#[test]
fn the_leader_is_the_one_exclusive_role() {
    let face = Election::FACE;
    assert_eq!(face.epoch_word, "election");
    let exclusive: Vec<&str> = face
        .roles
        .iter()
        .filter(|r| r.exclusive)
        .map(|r| r.name)
        .collect();
    assert_eq!(exclusive, vec!["leader"]);
    assert!(face.client_ops.is_empty());
    assert!(!(face.option_fields)().is_empty());
}

#[test]
fn every_note_has_a_sentence() {
    let notes = [
        Note::Called { election: 2 },
        Note::Joined { election: 2 },
        Note::Elected { election: 2 },
        Note::Follows {
            leader: NodeId(4),
            election: 2,
        },
        Note::Skipped {
            skipped: NodeId(4),
            to: NodeId(0),
        },
    ];
    for n in &notes {
        let shown = Election::show_note(NodeId(3), n);
        assert!(
            shown.text.as_deref().is_some_and(|t| t.contains("n4")),
            "{shown:?}"
        );
    }
    let elected = Election::show_note(NodeId(3), &notes[2]);
    assert_eq!(
        elected.signals,
        vec![LaneSignal::Role {
            role: 2,
            epoch: Some(2)
        }]
    );
}

#[test]
fn facts_name_the_leader_and_who_knows_it() {
    let run = Run::new(&load("election-bully-leader-crash.json")).run_to_end();
    let facts = Election::facts(&run.events, splitbrain_sim::SimTime(0));
    let get = |k: &str| facts.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(get("elections").as_deref(), Some("2"));
    assert_eq!(
        get("leader now").as_deref(),
        Some("n4, known to n1, n2, n3")
    );
}
