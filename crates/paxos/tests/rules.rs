//! One test per rule of *Paxos Made Simple*, driving a node's handlers directly with an `Out`.

mod common;

use common::*;
use splitbrain_paxos::{Message, Mutant, Note, PaxosOptions, Timer, Value};
use splitbrain_sim::{ClientResponse, Effect, NodeId, OpId, Out, Protocol, SimDuration};

fn opts() -> PaxosOptions {
    PaxosOptions::default()
}

fn accept(ballot: splitbrain_paxos::Ballot, slot: u64, value: Value) -> Message {
    Message::Accept {
        ballot,
        slot,
        value,
    }
}

#[test]
fn p1_an_acceptor_accepts_the_first_proposal_it_receives() {
    let mut n = single(2, 3, &opts(), None);
    let mut o = Out::new();
    n.on_message(T0, NodeId(0), accept(b(1, 0), 0, putv("x", "1", 0)), &mut o);
    assert!(notes_of(&o)
        .iter()
        .any(|n| matches!(n, Note::Accepted { .. })));
    // Accepted goes to every learner: both peers, and this node's own learner.
    let to: Vec<NodeId> = sent(&o)
        .into_iter()
        .filter(|(_, m)| matches!(m, Message::Accepted { .. }))
        .map(|(t, _)| t)
        .collect();
    assert_eq!(to, vec![NodeId(0), NodeId(1)]);
}

#[test]
fn phase_1b_a_promise_reports_the_highest_accepted_proposal() {
    let mut n = single(2, 3, &opts(), None);
    let mut o = Out::new();
    n.on_message(T0, NodeId(0), accept(b(1, 0), 0, putv("x", "1", 0)), &mut o);
    let mut o = Out::new();
    n.on_message(
        T0,
        NodeId(1),
        Message::Prepare {
            ballot: b(2, 1),
            from_slot: 0,
        },
        &mut o,
    );
    let promise = sent(&o)
        .into_iter()
        .find(|(t, _)| *t == NodeId(1))
        .unwrap()
        .1;
    match promise {
        Message::Promise { ballot, accepted } => {
            assert_eq!(ballot, b(2, 1));
            assert_eq!(accepted.len(), 1);
            assert_eq!(
                (accepted[0].ballot, &accepted[0].value),
                (b(1, 0), &putv("x", "1", 0))
            );
        }
        other => panic!("expected a promise, got {other:?}"),
    }
}

#[test]
fn p1a_an_acceptor_refuses_a_prepare_below_its_promise_with_a_nack() {
    let mut n = single(2, 3, &opts(), None);
    let mut o = Out::new();
    n.on_message(
        T0,
        NodeId(1),
        Message::Prepare {
            ballot: b(2, 1),
            from_slot: 0,
        },
        &mut o,
    );
    let mut o = Out::new();
    n.on_message(
        T0,
        NodeId(0),
        Message::Prepare {
            ballot: b(1, 0),
            from_slot: 0,
        },
        &mut o,
    );
    assert_eq!(
        sent(&o),
        vec![(
            NodeId(0),
            Message::Nack {
                ballot: b(1, 0),
                promised: b(2, 1)
            }
        )]
    );
}

#[test]
fn p1a_an_acceptor_refuses_an_accept_below_its_promise() {
    let mut n = single(2, 3, &opts(), None);
    let mut o = Out::new();
    n.on_message(
        T0,
        NodeId(1),
        Message::Prepare {
            ballot: b(2, 1),
            from_slot: 0,
        },
        &mut o,
    );
    let mut o = Out::new();
    n.on_message(T0, NodeId(0), accept(b(1, 0), 0, putv("x", "1", 0)), &mut o);
    assert!(notes_of(&o).is_empty(), "nothing accepted");
    assert!(matches!(sent(&o)[..], [(_, Message::Nack { .. })]));
    assert!(n.agent().acceptor.accepted().is_empty());
}

#[test]
fn stable_storage_the_promise_and_the_accepted_value_are_persisted_before_the_reply() {
    let mut n = single(2, 3, &opts(), None);
    for msg in [
        Message::Prepare {
            ballot: b(1, 0),
            from_slot: 0,
        },
        accept(b(1, 0), 0, putv("x", "1", 0)),
    ] {
        let mut o = Out::new();
        n.on_message(T0, NodeId(0), msg, &mut o);
        let effects = o.effects();
        let persist = effects
            .iter()
            .position(|e| matches!(e, Effect::Persist { .. }))
            .expect("persisted");
        let send = effects
            .iter()
            .position(|e| matches!(e, Effect::Send { .. }))
            .expect("replied");
        assert!(persist < send, "persist must come before the reply");
    }
}

/// Makes node 0 of 3 a proposer for `x=value` and returns it with its phase-1 output.
fn proposer(
    value: &str,
    options: &PaxosOptions,
) -> (splitbrain_paxos::Paxos, Out<splitbrain_paxos::Paxos>) {
    let mut n = single(0, 3, options, None);
    let mut o = Out::new();
    n.on_client_request(T0, OpId(7), &put_op("x", value), &mut o);
    (n, o)
}

#[test]
fn phase_1a_a_client_put_makes_the_node_a_proposer_with_a_fresh_ballot() {
    let (n, o) = proposer("1", &opts());
    let prepares: Vec<_> = sent(&o)
        .into_iter()
        .filter(|(_, m)| matches!(m, Message::Prepare { .. }))
        .collect();
    assert_eq!(prepares.len(), 2, "Prepare to both peers");
    assert_eq!(n.proposer().ballot, Some(b(1, 0)));
    // A node that has seen round 5 proposes above it.
    let mut m = single(0, 3, &opts(), None);
    let mut o = Out::new();
    m.on_message(
        T0,
        NodeId(1),
        Message::Prepare {
            ballot: b(5, 1),
            from_slot: 0,
        },
        &mut o,
    );
    m.on_client_request(T0, OpId(1), &put_op("x", "1"), &mut o);
    assert_eq!(m.proposer().ballot, Some(b(6, 0)));
}

#[test]
fn p2c_the_proposer_adopts_the_value_accepted_with_the_highest_ballot() {
    let (mut n, _) = proposer("mine", &opts());
    let mut o = Out::new();
    let reported = |ballot, v: &str| splitbrain_paxos::AcceptedEntry {
        slot: 0,
        ballot,
        value: putv("x", v, 1),
    };
    n.on_message(
        T0,
        NodeId(1),
        Message::Promise {
            ballot: b(1, 0),
            accepted: vec![reported(b(0, 2), "old")],
        },
        &mut o,
    );
    let accepts: Vec<Value> = sent(&o)
        .into_iter()
        .filter_map(|(_, m)| match m {
            Message::Accept { value, .. } => Some(value),
            _ => None,
        })
        .collect();
    assert_eq!(accepts, vec![putv("x", "old", 1), putv("x", "old", 1)]);
    assert!(notes_of(&o)
        .iter()
        .any(|n| matches!(n, Note::Adopted { .. })));
}

#[test]
fn p2c_broken_by_the_mutant_that_ignores_accepted_values() {
    let options = PaxosOptions {
        mutant: Some(Mutant::IgnoreAcceptedValues),
        ..opts()
    };
    let (mut n, _) = proposer("mine", &options);
    let mut o = Out::new();
    let e = splitbrain_paxos::AcceptedEntry {
        slot: 0,
        ballot: b(0, 2),
        value: putv("x", "old", 1),
    };
    n.on_message(
        T0,
        NodeId(1),
        Message::Promise {
            ballot: b(1, 0),
            accepted: vec![e],
        },
        &mut o,
    );
    assert!(sent(&o).iter().any(
        |(_, m)| matches!(m, Message::Accept { value, .. } if *value == putv("x", "mine", 7))
    ));
}

#[test]
fn p2_phase_2_waits_for_a_majority_of_promises() {
    let mut n = single(0, 5, &opts(), None);
    let mut o = Out::new();
    n.on_client_request(T0, OpId(7), &put_op("x", "1"), &mut o);
    let mut o = Out::new();
    n.on_message(
        T0,
        NodeId(1),
        Message::Promise {
            ballot: b(1, 0),
            accepted: vec![],
        },
        &mut o,
    );
    assert!(
        !sent(&o)
            .iter()
            .any(|(_, m)| matches!(m, Message::Accept { .. })),
        "2 of 5 is not a majority"
    );
    n.on_message(
        T0,
        NodeId(2),
        Message::Promise {
            ballot: b(1, 0),
            accepted: vec![],
        },
        &mut o,
    );
    assert!(sent(&o)
        .iter()
        .any(|(_, m)| matches!(m, Message::Accept { .. })));
}

#[test]
fn learning_needs_a_majority_of_accepted_in_one_ballot() {
    let accepted = |ballot, v: &str| Message::Accepted {
        ballot,
        slot: 0,
        value: putv("x", v, 1),
    };
    let mut n = single(0, 3, &opts(), None);
    let mut o = Out::new();
    n.on_message(T0, NodeId(1), accepted(b(1, 1), "a"), &mut o);
    n.on_message(T0, NodeId(2), accepted(b(2, 2), "b"), &mut o);
    assert_eq!(n.chosen(), None, "two ballots are not one majority");
    n.on_message(T0, NodeId(1), accepted(b(2, 2), "b"), &mut o);
    assert_eq!(n.chosen(), Some(&putv("x", "b", 1)));
    // The mutant counts the first two together and learns "b" from a mix of ballots.
    let options = PaxosOptions {
        mutant: Some(Mutant::MixBallots),
        ..opts()
    };
    let mut m = single(0, 3, &options, None);
    m.on_message(T0, NodeId(1), accepted(b(1, 1), "a"), &mut o);
    m.on_message(T0, NodeId(2), accepted(b(2, 2), "b"), &mut o);
    assert!(m.chosen().is_some());
}

#[test]
fn the_minority_quorum_mutant_counts_half_the_cluster_as_a_quorum() {
    let options = PaxosOptions {
        mutant: Some(Mutant::MinorityQuorum),
        ..opts()
    };
    let n = single(0, 4, &options, None);
    assert_eq!(n.agent().quorum(), 2);
    assert_eq!(single(0, 4, &opts(), None).agent().quorum(), 3);
}

#[test]
fn nack_the_proposer_abandons_its_ballot_and_backs_off_for_a_random_time() {
    let (mut n, _) = proposer("1", &opts());
    let mut o = Out::new();
    n.on_message(
        T0,
        NodeId(1),
        Message::Nack {
            ballot: b(1, 0),
            promised: b(3, 1),
        },
        &mut o,
    );
    assert!(notes_of(&o)
        .iter()
        .any(|n| matches!(n, Note::Nacked { .. })));
    let o2 = &opts();
    assert!(o.effects().iter().any(
        |e| matches!(e, Effect::SetTimer { timer: Timer::Backoff, min, max }
        if *min == SimDuration(o2.backoff_min_us) && *max == SimDuration(o2.backoff_max_us))
    ));
    let mut o = Out::new();
    n.on_timer(T0, Timer::Backoff, &mut o);
    assert_eq!(
        n.proposer().ballot,
        Some(b(4, 0)),
        "retries above the ballot it heard of"
    );
}

#[test]
fn persistence_a_restarted_acceptor_keeps_its_promise_and_accepted_value() {
    let mut n = single(2, 3, &opts(), None);
    let mut o = Out::new();
    n.on_message(T0, NodeId(0), accept(b(1, 0), 0, putv("x", "1", 0)), &mut o);
    n.on_message(
        T0,
        NodeId(1),
        Message::Prepare {
            ballot: b(2, 1),
            from_slot: 0,
        },
        &mut o,
    );
    let disk = persisted(&o).unwrap();
    let back = single(2, 3, &opts(), Some(&disk));
    assert_eq!(back.agent().acceptor.promised(), Some(b(2, 1)));
    assert_eq!(
        back.agent().acceptor.accepted().get(&0),
        Some(&(b(1, 0), putv("x", "1", 0)))
    );
    let options = PaxosOptions {
        mutant: Some(Mutant::ForgetPromiseOnRestart),
        ..opts()
    };
    let forgetful = single(2, 3, &options, Some(&disk));
    assert_eq!(forgetful.agent().acceptor.promised(), None);
}

#[test]
fn a_decided_register_answers_at_once() {
    let mut n = single(0, 3, &opts(), None);
    let mut o = Out::new();
    for from in [1, 2] {
        n.on_message(
            T0,
            NodeId(from),
            Message::Accepted {
                ballot: b(1, 1),
                slot: 0,
                value: putv("x", "1", 3),
            },
            &mut o,
        );
    }
    let mut o = Out::new();
    n.on_client_request(T0, OpId(8), &put_op("x", "2"), &mut o);
    assert_eq!(
        replies(&o),
        vec![(
            OpId(8),
            ClientResponse::Fail {
                reason: "another value was chosen: 1".into()
            }
        )]
    );
}
