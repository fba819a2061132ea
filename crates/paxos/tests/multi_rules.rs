//! Multi-Paxos rules (*Paxos Made Simple* §3), driving one node by hand.

mod common;

use common::*;
use splitbrain_paxos::{AcceptedEntry, Message, MultiPaxos, Note, PaxosOptions, Value};
use splitbrain_sim::{ClientResponse, NodeId, OpId, Out, Protocol};

/// Node 0 of 3, which ran phase 1 (forced timeout) and heard one promise reporting `reported`.
fn leader(reported: Vec<AcceptedEntry>) -> (MultiPaxos, Out<MultiPaxos>) {
    let mut n = multi(0, 3, &PaxosOptions::default(), None);
    let mut o = Out::new();
    n.on_force_timeout(T0, &mut o);
    let mut o = Out::new();
    n.on_message(
        T0,
        NodeId(1),
        Message::Promise {
            ballot: b(1, 0),
            accepted: reported,
        },
        &mut o,
    );
    assert!(n.is_leader());
    (n, o)
}

fn proposed(o: &Out<MultiPaxos>) -> Vec<(u64, Value)> {
    notes_of(o)
        .into_iter()
        .filter_map(|n| match n {
            Note::Proposed { slot, value, .. } => Some((slot, value)),
            _ => None,
        })
        .collect()
}

#[test]
fn multi_paxos_a_new_leader_re_proposes_reported_values_and_fills_gaps_with_no_ops() {
    let e = |slot, round, v: &str| AcceptedEntry {
        slot,
        ballot: b(round, 2),
        value: putv("k", v, slot),
    };
    let (n, o) = leader(vec![e(1, 0, "old"), e(3, 0, "three")]);
    assert_eq!(
        proposed(&o),
        vec![
            (0, Value::Noop),
            (1, putv("k", "old", 1)),
            (2, Value::Noop),
            (3, putv("k", "three", 3))
        ]
    );
    assert_eq!(n.next_slot(), 4);
    assert!(notes_of(&o)
        .iter()
        .any(|n| matches!(n, Note::FilledGap { slot: 2, .. })));
}

#[test]
fn multi_paxos_phase_1_reports_the_highest_ballot_per_slot() {
    let mut n = multi(0, 3, &PaxosOptions::default(), None);
    let mut o = Out::new();
    n.on_force_timeout(T0, &mut o);
    let mut o = Out::new();
    let low = AcceptedEntry {
        slot: 0,
        ballot: b(0, 1),
        value: putv("k", "low", 1),
    };
    // Its own acceptor (promised 1.1 locally) reported nothing; n2 reports "low"; the quorum is two.
    n.on_message(
        T0,
        NodeId(1),
        Message::Promise {
            ballot: b(1, 0),
            accepted: vec![low],
        },
        &mut o,
    );
    assert_eq!(proposed(&o), vec![(0, putv("k", "low", 1))]);
}

#[test]
fn multi_paxos_the_leader_runs_only_phase_2_for_new_commands() {
    let (mut n, _) = leader(vec![]);
    let mut o = Out::new();
    n.on_client_request(T0, OpId(9), &put_op("x", "1"), &mut o);
    let msgs = sent(&o);
    assert!(msgs
        .iter()
        .all(|(_, m)| !matches!(m, Message::Prepare { .. })));
    assert!(msgs
        .iter()
        .any(|(_, m)| matches!(m, Message::Accept { slot: 0, .. })));
}

#[test]
fn multi_paxos_values_are_applied_in_slot_order_once_chosen() {
    let (mut n, _) = leader(vec![]);
    let mut o = Out::new();
    n.on_client_request(T0, OpId(1), &put_op("x", "1"), &mut o);
    n.on_client_request(T0, OpId(2), &put_op("x", "2"), &mut o);
    let mut o = Out::new();
    // Slot 1 is chosen first: nothing is applied until slot 0 is.
    n.on_message(
        T0,
        NodeId(1),
        Message::Accepted {
            ballot: b(1, 0),
            slot: 1,
            value: putv("x", "2", 2),
        },
        &mut o,
    );
    let put2 = Value::Put {
        key: "x".into(),
        value: "2".into(),
        op: OpId(2),
    };
    let mut o2 = Out::new();
    n.on_message(
        T0,
        NodeId(0),
        Message::Accepted {
            ballot: b(1, 0),
            slot: 1,
            value: put2,
        },
        &mut o2,
    );
    assert_eq!(n.applied(), 0);
    let put1 = Value::Put {
        key: "x".into(),
        value: "1".into(),
        op: OpId(1),
    };
    for from in [0, 1] {
        n.on_message(
            T0,
            NodeId(from),
            Message::Accepted {
                ballot: b(1, 0),
                slot: 0,
                value: put1.clone(),
            },
            &mut o,
        );
    }
    assert_eq!(n.applied(), 2);
    assert_eq!(n.kv().get("x").map(String::as_str), Some("2"));
}

#[test]
fn multi_paxos_clients_of_a_follower_are_redirected_to_the_leader() {
    let mut n = multi(1, 3, &PaxosOptions::default(), None);
    let mut o = Out::new();
    n.on_message(
        T0,
        NodeId(2),
        Message::Heartbeat {
            ballot: b(1, 2),
            chosen: 0,
        },
        &mut o,
    );
    let mut o = Out::new();
    n.on_client_request(T0, OpId(4), &put_op("x", "1"), &mut o);
    assert_eq!(
        replies(&o),
        vec![(
            OpId(4),
            ClientResponse::Redirect {
                leader: Some(NodeId(2))
            }
        )]
    );
}

#[test]
fn multi_paxos_a_stale_leader_steps_down_when_a_heartbeat_is_refused() {
    let (mut n, _) = leader(vec![]);
    let mut o = Out::new();
    n.on_message(
        T0,
        NodeId(2),
        Message::Nack {
            ballot: b(1, 0),
            promised: b(2, 2),
        },
        &mut o,
    );
    assert!(!n.is_leader());
    assert!(notes_of(&o)
        .iter()
        .any(|n| matches!(n, Note::SteppedDown { .. })));
}

#[test]
fn multi_paxos_persistence_a_restarted_node_rebuilds_its_store_from_learned_values() {
    let (mut n, _) = leader(vec![]);
    let mut o = Out::new();
    n.on_client_request(T0, OpId(1), &put_op("x", "1"), &mut o);
    let put1 = Value::Put {
        key: "x".into(),
        value: "1".into(),
        op: OpId(1),
    };
    for from in [0, 1] {
        n.on_message(
            T0,
            NodeId(from),
            Message::Accepted {
                ballot: b(1, 0),
                slot: 0,
                value: put1.clone(),
            },
            &mut o,
        );
    }
    let back = multi(0, 3, &PaxosOptions::default(), persisted(&o).as_ref());
    assert_eq!(back.kv().get("x").map(String::as_str), Some("1"));
    assert_eq!(back.agent().acceptor.promised(), Some(b(1, 0)));
}
