//! One test per rule of the protocols, driving single nodes by hand (Gray 1978 §5.8.3; Mohan et al. 1986
//! §3; Bernstein, Hadzilacos & Goodman §7.4; Skeen 1981).

mod common;

use common::*;
use splitbrain_commit::{CommitOptions, Message, Note, Outcome, Status, TxnState, Variant};
use splitbrain_sim::{ClientOp, ClientResponse, Effect, LocalTime, NodeId, OpId, Out, Protocol};
use std::collections::BTreeMap;

fn vote_request(txn: u64, writes: &[(&str, &str)], reads: &[&str]) -> Message {
    Message::VoteRequest {
        txn,
        writes: writes
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        reads: reads.iter().map(|k| k.to_string()).collect(),
        participants: vec![NodeId(1), NodeId(2)],
    }
}

fn coordinator_with_txn(
    options: &CommitOptions,
) -> (
    splitbrain_commit::TwoPhaseCommit,
    Out<splitbrain_commit::TwoPhaseCommit>,
) {
    let mut c = node(0, 3, options, None);
    let mut out = Out::new();
    c.on_client_request(
        T0,
        OpId(0),
        &ClientOp::parse_txn("x=1 y=2").unwrap(),
        &mut out,
    );
    (c, out)
}

#[test]
fn gray_5_8_3_a_participant_logs_prepared_before_it_votes_yes() {
    let mut p = node(1, 3, &CommitOptions::default(), None);
    let mut out = Out::new();
    p.on_message(T0, NodeId(0), vote_request(1, &[("x", "1")], &[]), &mut out);
    let persist = out
        .effects()
        .iter()
        .position(|e| matches!(e, Effect::Persist { .. }))
        .unwrap();
    let vote = out
        .effects()
        .iter()
        .position(|e| {
            matches!(
                e,
                Effect::Send {
                    msg: Message::Vote { yes: true, .. },
                    ..
                }
            )
        })
        .unwrap();
    assert!(
        persist < vote,
        "prepared is on stable storage before the yes vote leaves"
    );
    assert!(notes_of(&out)
        .iter()
        .any(|n| matches!(n, Note::Prepared { locks, .. } if locks == &vec!["x".to_string()])));
    assert_eq!(p.participant().unwrap().in_doubt(), vec![1]);
}

#[test]
fn a_write_of_bang_is_refused_with_a_no_vote() {
    let mut p = node(1, 3, &CommitOptions::default(), None);
    let mut out = Out::new();
    p.on_message(T0, NodeId(0), vote_request(1, &[("x", "!")], &[]), &mut out);
    assert!(sent(&out)
        .iter()
        .any(|(_, m)| matches!(m, Message::Vote { yes: false, .. })));
    assert!(p.participant().unwrap().locks.is_empty());
}

#[test]
fn strict_2pl_with_no_wait_votes_no_on_a_lock_conflict() {
    let options = CommitOptions {
        lock_wait_us: 0,
        ..CommitOptions::default()
    };
    let mut p = node(1, 3, &options, None);
    let mut out = Out::new();
    p.on_message(T0, NodeId(0), vote_request(1, &[("x", "1")], &[]), &mut out);
    let mut out = Out::new();
    p.on_message(T0, NodeId(0), vote_request(2, &[], &["x"]), &mut out);
    assert!(sent(&out).iter().any(|(_, m)| matches!(
        m,
        Message::Vote {
            txn: 2,
            yes: false,
            ..
        }
    )));
}

#[test]
fn a_waiting_transaction_votes_no_when_its_lock_wait_expires_and_prepares_if_the_lock_frees() {
    let mut p = node(1, 3, &CommitOptions::default(), None);
    let mut out = Out::new();
    p.on_message(T0, NodeId(0), vote_request(1, &[("x", "1")], &[]), &mut out);
    p.on_message(T0, NodeId(0), vote_request(2, &[("x", "2")], &[]), &mut out);
    p.on_message(T0, NodeId(0), vote_request(3, &[], &["x"]), &mut out);
    assert!(notes_of(&out)
        .iter()
        .any(|n| matches!(n, Note::Waiting { txn: 2, .. })));
    let mut out = Out::new();
    p.on_timer(
        LocalTime(200_000),
        splitbrain_commit::Timer::LockWait { txn: 2 },
        &mut out,
    );
    assert!(sent(&out).iter().any(|(_, m)| matches!(
        m,
        Message::Vote {
            txn: 2,
            yes: false,
            ..
        }
    )));
    let mut out = Out::new();
    p.on_message(T0, NodeId(0), Message::GlobalCommit { txn: 1 }, &mut out);
    // T3 read x after T1 committed it: the committed value, under a read lock.
    let vote = sent(&out).into_iter().find_map(|(_, m)| match m {
        Message::Vote {
            txn: 3,
            yes: true,
            reads,
        } => Some(reads),
        _ => None,
    });
    assert_eq!(vote, Some(vec![("x".to_string(), Some("1".to_string()))]));
}

#[test]
fn gray_5_8_3_the_coordinator_logs_its_decision_before_sending_it() {
    let (mut c, _) = coordinator_with_txn(&CommitOptions::default());
    let mut out = Out::new();
    for p in [1, 2] {
        c.on_message(
            T0,
            NodeId(p),
            Message::Vote {
                txn: 1,
                yes: true,
                reads: vec![],
            },
            &mut out,
        );
    }
    let persist = out
        .effects()
        .iter()
        .position(|e| matches!(e, Effect::Persist { .. }))
        .unwrap();
    let commit = out
        .effects()
        .iter()
        .position(|e| {
            matches!(
                e,
                Effect::Send {
                    msg: Message::GlobalCommit { .. },
                    ..
                }
            )
        })
        .unwrap();
    assert!(persist < commit);
    // The client is answered only after every acknowledgement.
    assert!(replies(&out).is_empty());
    let mut out = Out::new();
    c.on_message(T0, NodeId(1), Message::Ack { txn: 1 }, &mut out);
    assert!(replies(&out).is_empty());
    c.on_message(T0, NodeId(2), Message::Ack { txn: 1 }, &mut out);
    assert_eq!(
        replies(&out),
        vec![(OpId(0), ClientResponse::Ok { value: None })]
    );
}

#[test]
fn one_no_vote_aborts_and_the_client_is_told_it_did_not_happen() {
    let options = CommitOptions {
        presumed_abort: true,
        ..CommitOptions::default()
    };
    let (mut c, _) = coordinator_with_txn(&options);
    let mut out = Out::new();
    c.on_message(
        T0,
        NodeId(2),
        Message::Vote {
            txn: 1,
            yes: false,
            reads: vec![],
        },
        &mut out,
    );
    assert!(sent(&out)
        .iter()
        .any(|(_, m)| matches!(m, Message::GlobalAbort { txn: 1 })));
    // Presumed abort: no log record, no acknowledgements awaited.
    assert!(persisted(&out).is_none());
    assert!(
        matches!(&replies(&out)[0].1, ClientResponse::Fail { reason } if reason.contains("n3 voted no"))
    );
}

#[test]
fn mohan_presumed_abort_a_coordinator_with_no_record_answers_abort() {
    let options = CommitOptions {
        presumed_abort: true,
        ..CommitOptions::default()
    };
    let (c, out) = coordinator_with_txn(&options);
    let log = persisted(&out).unwrap();
    drop(c);
    let mut c = node(0, 3, &options, Some(&log));
    let mut out = Out::new();
    c.on_start(T0, &mut out);
    assert!(notes_of(&out)
        .iter()
        .any(|n| matches!(n, Note::Recovered { presumed, .. } if presumed == &vec![1])));
    assert!(
        sent(&out).is_empty(),
        "presumed abort sends nothing at recovery"
    );
    let mut out = Out::new();
    c.on_message(T0, NodeId(1), Message::DecisionRequest { txn: 1 }, &mut out);
    assert_eq!(
        sent(&out),
        vec![(
            NodeId(1),
            Message::DecisionReply {
                txn: 1,
                status: Status::Decided(Outcome::Abort)
            }
        )]
    );
}

#[test]
fn presumed_nothing_a_restarted_coordinator_aborts_what_it_never_decided() {
    let (_, out) = coordinator_with_txn(&CommitOptions::default());
    let mut c = node(0, 3, &CommitOptions::default(), persisted(&out).as_ref());
    let mut out = Out::new();
    c.on_start(T0, &mut out);
    assert_eq!(
        sent(&out)
            .iter()
            .filter(|(_, m)| matches!(m, Message::GlobalAbort { txn: 1 }))
            .count(),
        2
    );
}

#[test]
fn a_prepared_participant_restarts_in_doubt_with_its_locks_and_asks() {
    let mut p = node(1, 3, &CommitOptions::default(), None);
    let mut out = Out::new();
    p.on_message(T0, NodeId(0), vote_request(1, &[("x", "1")], &[]), &mut out);
    let mut p = node(1, 3, &CommitOptions::default(), persisted(&out).as_ref());
    let mut out = Out::new();
    p.on_start(T0, &mut out);
    let part = p.participant().unwrap();
    assert_eq!(part.in_doubt(), vec![1]);
    assert_eq!(part.locks.held_by(1), vec!["x".to_string()]);
    assert!(sent(&out).contains(&(NodeId(0), Message::DecisionRequest { txn: 1 })));
}

#[test]
fn committed_writes_survive_a_crash() {
    let mut p = node(1, 3, &CommitOptions::default(), None);
    let mut out = Out::new();
    p.on_message(T0, NodeId(0), vote_request(1, &[("x", "1")], &[]), &mut out);
    p.on_message(T0, NodeId(0), Message::GlobalCommit { txn: 1 }, &mut out);
    let p = node(1, 3, &CommitOptions::default(), persisted(&out).as_ref());
    let store: BTreeMap<String, String> = [("x".to_string(), "1".to_string())].into();
    assert_eq!(p.participant().unwrap().store, store);
}

#[test]
fn the_blocking_rule_an_in_doubt_participant_asks_and_never_aborts_on_its_own() {
    let mut p = node(1, 3, &CommitOptions::default(), None);
    let mut out = Out::new();
    p.on_message(T0, NodeId(0), vote_request(1, &[("x", "1")], &[]), &mut out);
    for i in 1..5 {
        let mut out = Out::new();
        p.on_timer(
            LocalTime(i * 500_000),
            splitbrain_commit::Timer::DecisionTimeout,
            &mut out,
        );
        assert_eq!(
            sent(&out),
            vec![(NodeId(0), Message::DecisionRequest { txn: 1 })]
        );
    }
    assert_eq!(p.participant().unwrap().txns[&1].state, TxnState::Prepared);
}

#[test]
fn bhg_7_4_a_peer_that_has_not_voted_aborts_when_asked() {
    let options = CommitOptions {
        cooperative_termination: true,
        ..CommitOptions::default()
    };
    let mut p = node(2, 3, &options, None);
    let mut out = Out::new();
    p.on_message(T0, NodeId(1), Message::DecisionRequest { txn: 1 }, &mut out);
    assert_eq!(
        sent(&out),
        vec![(
            NodeId(1),
            Message::DecisionReply {
                txn: 1,
                status: Status::Decided(Outcome::Abort)
            }
        )]
    );
    // Its VoteRequest arrives late: the answer is no.
    let mut out = Out::new();
    p.on_message(T0, NodeId(0), vote_request(1, &[("y", "2")], &[]), &mut out);
    assert!(sent(&out)
        .iter()
        .any(|(_, m)| matches!(m, Message::Vote { yes: false, .. })));
}

#[test]
fn skeen_3pc_the_coordinator_sends_precommit_before_committing() {
    let options = CommitOptions {
        variant: Variant::ThreePhase,
        ..CommitOptions::default()
    };
    let (mut c, _) = coordinator_with_txn(&options);
    let mut out = Out::new();
    for p in [1, 2] {
        c.on_message(
            T0,
            NodeId(p),
            Message::Vote {
                txn: 1,
                yes: true,
                reads: vec![],
            },
            &mut out,
        );
    }
    assert_eq!(
        sent(&out)
            .iter()
            .filter(|(_, m)| matches!(m, Message::PreCommit { .. }))
            .count(),
        2
    );
    assert!(!sent(&out)
        .iter()
        .any(|(_, m)| matches!(m, Message::GlobalCommit { .. })));
    let mut out = Out::new();
    for p in [1, 2] {
        c.on_message(T0, NodeId(p), Message::PreCommitAck { txn: 1 }, &mut out);
    }
    assert_eq!(
        sent(&out)
            .iter()
            .filter(|(_, m)| matches!(m, Message::GlobalCommit { .. }))
            .count(),
        2
    );
}

#[test]
fn a_participant_redirects_clients_to_the_coordinator() {
    let mut p = node(2, 3, &CommitOptions::default(), None);
    let mut out = Out::new();
    p.on_client_request(T0, OpId(3), &ClientOp::Get { key: "x".into() }, &mut out);
    assert_eq!(
        replies(&out),
        vec![(
            OpId(3),
            ClientResponse::Redirect {
                leader: Some(NodeId(0))
            }
        )]
    );
}
