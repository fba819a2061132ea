//! One test per rule of the two algorithms, driving a single node by hand.
//! Bully: Garcia-Molina 1982, §4. Ring: Chang & Roberts 1979 (with the skip rule of Tanenbaum & van Steen
//! §6.5.2).

mod common;

use common::*;
use splitbrain_election::{Algorithm, ElectionOptions, Message, Mutant, Note, Role, Timer};
use splitbrain_sim::{NodeId, Protocol};

fn bully() -> ElectionOptions {
    ElectionOptions::default()
}

fn ring() -> ElectionOptions {
    ElectionOptions {
        algorithm: Algorithm::Ring,
        ..ElectionOptions::default()
    }
}

#[test]
fn bully_a_suspecting_node_sends_election_to_every_higher_id_only() {
    let mut n = node(2, 5, &bully());
    let mut o = out();
    n.on_timer(NOW, Timer::LeaderTimeout, &mut o);
    let to: Vec<NodeId> = sent(&o).iter().map(|(t, _)| *t).collect();
    assert_eq!(to, vec![NodeId(3), NodeId(4)]);
    assert!(sent(&o)
        .iter()
        .all(|(_, m)| *m == Message::Election { election: 1 }));
    assert_eq!(n.role(), Role::Electing);
}

#[test]
fn bully_the_highest_id_proclaims_itself_at_once() {
    let mut n = node(4, 5, &bully());
    let mut o = out();
    n.on_timer(NOW, Timer::LeaderTimeout, &mut o);
    assert_eq!(n.role(), Role::Leader);
    assert!(notes(&o).contains(&Note::Elected { election: 1 }));
    let coordinators = sent(&o)
        .iter()
        .filter(|(_, m)| matches!(m, Message::Coordinator { .. }))
        .count();
    assert_eq!(coordinators, 4);
}

#[test]
fn bully_an_election_from_a_lower_id_is_answered_and_taken_over() {
    let mut n = node(3, 5, &bully());
    let mut o = out();
    n.on_message(NOW, NodeId(1), Message::Election { election: 1 }, &mut o);
    let s = sent(&o);
    assert!(s.contains(&(NodeId(1), Message::Answer { election: 1 })));
    assert!(s.contains(&(NodeId(4), Message::Election { election: 1 })));
    assert_eq!(n.role(), Role::Electing);
}

#[test]
fn bully_an_answer_stops_the_node_from_proclaiming_itself() {
    let mut n = node(2, 5, &bully());
    n.on_timer(NOW, Timer::LeaderTimeout, &mut out());
    n.on_message(NOW, NodeId(3), Message::Answer { election: 1 }, &mut out());
    let mut o = out();
    n.on_timer(NOW, Timer::AnswerTimeout, &mut o);
    assert_eq!(n.role(), Role::Electing);
    assert!(notes(&o).is_empty());
}

#[test]
fn bully_no_answer_means_the_node_proclaims_itself() {
    let mut n = node(2, 5, &bully());
    n.on_timer(NOW, Timer::LeaderTimeout, &mut out());
    let mut o = out();
    n.on_timer(NOW, Timer::AnswerTimeout, &mut o);
    assert_eq!(n.role(), Role::Leader);
    assert!(notes(&o).contains(&Note::Elected { election: 1 }));
}

#[test]
fn bully_a_coordinator_from_a_lower_id_is_bullied() {
    let mut n = node(4, 5, &bully());
    let mut o = out();
    n.on_message(NOW, NodeId(2), Message::Coordinator { election: 3 }, &mut o);
    assert_eq!(n.role(), Role::Leader);
    assert!(notes(&o).contains(&Note::Elected { election: 4 }));
}

#[test]
fn a_leader_that_hears_a_higher_leader_steps_down() {
    let mut n = node(2, 5, &bully());
    n.on_timer(NOW, Timer::LeaderTimeout, &mut out());
    n.on_timer(NOW, Timer::AnswerTimeout, &mut out());
    assert_eq!(n.role(), Role::Leader);
    n.on_message(
        NOW,
        NodeId(4),
        Message::Heartbeat { election: 1 },
        &mut out(),
    );
    assert_eq!(n.role(), Role::Member);
    assert_eq!(n.leader(), Some(NodeId(4)));
}

#[test]
fn ring_a_candidacy_starts_at_the_successor_with_the_own_id() {
    let mut n = node(1, 5, &ring());
    let mut o = out();
    n.on_timer(NOW, Timer::LeaderTimeout, &mut o);
    assert!(matches!(
        sent(&o)[..],
        [(
            NodeId(2),
            Message::RingElection {
                election: 1,
                candidate: NodeId(1),
                ..
            }
        )]
    ));
}

#[test]
fn ring_a_higher_id_replaces_a_lower_candidate_and_a_lower_is_passed_over() {
    let mut n = node(3, 5, &ring());
    let mut o = out();
    n.on_message(
        NOW,
        NodeId(2),
        Message::RingElection {
            election: 1,
            candidate: NodeId(1),
            hop: 7,
        },
        &mut o,
    );
    let s = sent(&o);
    assert!(s.contains(&(NodeId(2), Message::RingAck { hop: 7 })));
    assert!(s.iter().any(|(to, m)| *to == NodeId(4)
        && matches!(
            m,
            Message::RingElection {
                candidate: NodeId(3),
                ..
            }
        )));
    // A participant swallows a lower candidate it has already beaten.
    let mut o = out();
    n.on_message(
        NOW,
        NodeId(2),
        Message::RingElection {
            election: 1,
            candidate: NodeId(0),
            hop: 8,
        },
        &mut o,
    );
    assert_eq!(sent(&o), vec![(NodeId(2), Message::RingAck { hop: 8 })]);
}

#[test]
fn ring_the_id_that_comes_back_is_elected() {
    let mut n = node(3, 5, &ring());
    n.on_timer(NOW, Timer::LeaderTimeout, &mut out());
    let mut o = out();
    n.on_message(
        NOW,
        NodeId(2),
        Message::RingElection {
            election: 1,
            candidate: NodeId(3),
            hop: 1,
        },
        &mut o,
    );
    assert_eq!(n.role(), Role::Leader);
    assert!(sent(&o).iter().any(|(to, m)| *to == NodeId(4)
        && matches!(
            m,
            Message::Elected {
                leader: NodeId(3),
                ..
            }
        )));
}

#[test]
fn ring_a_silent_successor_is_skipped() {
    let mut n = node(3, 5, &ring());
    let mut o = out();
    n.on_timer(NOW, Timer::LeaderTimeout, &mut o);
    let Message::RingElection { hop, .. } = sent(&o)[0].1 else {
        panic!()
    };
    let mut o = out();
    n.on_timer(NOW, Timer::HopTimeout { hop }, &mut o);
    assert!(notes(&o).contains(&Note::Skipped {
        skipped: NodeId(4),
        to: NodeId(0)
    }));
    assert!(matches!(
        sent(&o)[..],
        [(NodeId(0), Message::RingElection { .. })]
    ));
}

#[test]
fn mutant_self_proclaim_skips_the_higher_ids() {
    let options = ElectionOptions {
        mutant: Mutant::SelfProclaim,
        ..bully()
    };
    let mut n = node(1, 5, &options);
    let mut o = out();
    n.on_timer(NOW, Timer::LeaderTimeout, &mut o);
    assert_eq!(n.role(), Role::Leader);
    assert!(!sent(&o)
        .iter()
        .any(|(_, m)| matches!(m, Message::Election { .. })));
}
