//! One test per rule, driving single nodes by hand: the replication modes (Budhiraja et al. §3), fencing
//! (DDIA ch. 8), the majority vote with the up-to-date rule (Raft §5.2, §5.4.1), confirmed reads (Raft §8),
//! and what survives a crash.

mod common;

use common::*;
use splitbrain_primary_backup::{
    Entry, Failover, Message, Note, PbOptions, PrimaryBackup, Replication, Role, Timer, Write,
};
use splitbrain_sim::{ClientOp, ClientResponse, LocalTime, NodeId, OpId, Out, Protocol};

fn opts(replication: Replication, failover: Failover) -> PbOptions {
    PbOptions {
        replication,
        failover,
        ..PbOptions::default()
    }
}

fn ack(epoch: u64, matched: u64) -> Message {
    Message::Ack {
        epoch,
        ok: true,
        matched,
        round: 1,
    }
}

/// A primary n1 of `nodes` that has appended put x=1 (op 7).
fn primary_with_write(o: &PbOptions, nodes: u32) -> (PrimaryBackup, Out<PrimaryBackup>) {
    let mut p = started(0, nodes, o);
    let mut out = Out::new();
    p.on_client_request(T0, OpId(7), &put_op("x", "1"), &mut out);
    (p, out)
}

fn ok(out: &Out<PrimaryBackup>, op: u64) -> bool {
    replies(out).contains(&(OpId(op), ClientResponse::Ok { value: None }))
}

#[test]
fn synchronous_replication_answers_after_every_backup() {
    let o = opts(Replication::Sync, Failover::Majority);
    let (mut p, out) = primary_with_write(&o, 3);
    assert!(!ok(&out, 7));
    assert_eq!(sent(&out).len(), 2, "shipped at once to both backups");
    let mut out = Out::new();
    p.on_message(T0, NodeId(1), ack(1, 1), &mut out);
    assert!(!ok(&out, 7), "one backup of two is not enough");
    p.on_message(T0, NodeId(2), ack(1, 1), &mut out);
    assert!(ok(&out, 7));
    assert_eq!(p.commit(), 1);
}

#[test]
fn semi_synchronous_replication_answers_after_one_backup() {
    let o = opts(Replication::SemiSync, Failover::Majority);
    let (mut p, _) = primary_with_write(&o, 5);
    let mut out = Out::new();
    p.on_message(T0, NodeId(3), ack(1, 1), &mut out);
    assert!(ok(&out, 7));
}

#[test]
fn asynchronous_replication_answers_at_once_and_ships_with_the_heartbeat() {
    let o = opts(Replication::Async, Failover::Majority);
    let (mut p, out) = primary_with_write(&o, 3);
    assert!(ok(&out, 7));
    assert!(sent(&out).is_empty(), "nothing shipped yet");
    let mut out = Out::new();
    p.on_timer(T0, Timer::Heartbeat, &mut out);
    assert!(sent(&out)
        .iter()
        .all(|(_, m)| matches!(m, Message::Replicate { entries, .. } if entries.len() == 1)));
}

#[test]
fn a_write_at_a_backup_is_redirected_to_the_primary() {
    let mut b = started(1, 3, &PbOptions::default());
    let mut out = Out::new();
    b.on_client_request(T0, OpId(1), &put_op("x", "1"), &mut out);
    assert_eq!(
        replies(&out),
        [(
            OpId(1),
            ClientResponse::Redirect {
                leader: Some(NodeId(0))
            }
        )]
    );
}

#[test]
fn a_retried_write_is_not_appended_twice() {
    let o = PbOptions::default();
    let (mut p, _) = primary_with_write(&o, 3);
    let mut out = Out::new();
    p.on_client_request(T0, OpId(7), &put_op("x", "1"), &mut out);
    assert_eq!(p.log().len(), 1);
}

fn shipment(epoch: u64, prev_index: u64, prev_epoch: u64, entries: Vec<Entry>) -> Message {
    Message::Replicate {
        epoch,
        prev_index,
        prev_epoch,
        entries,
        commit: 0,
        round: 1,
        last_index: prev_index,
    }
}

fn entry(epoch: u64, key: &str, value: &str, op: u64) -> Entry {
    Entry {
        epoch,
        write: Some(Write {
            key: key.into(),
            value: value.into(),
            op: OpId(op),
        }),
    }
}

/// A backup n3 in `epoch` (it voted in a failover to it).
fn backup_in_epoch(o: &PbOptions, epoch: u64) -> PrimaryBackup {
    let mut b = started(2, 3, o);
    let mut out = Out::new();
    b.on_message(
        LocalTime(1_000_000),
        NodeId(1),
        Message::VoteRequest {
            epoch,
            last_index: 0,
            last_epoch: 0,
        },
        &mut out,
    );
    assert_eq!(b.epoch(), epoch);
    b
}

#[test]
fn fencing_refuses_a_shipment_of_an_older_epoch() {
    let o = opts(Replication::SemiSync, Failover::Fencing);
    let mut b = backup_in_epoch(&o, 2);
    let mut out = Out::new();
    b.on_message(
        T0,
        NodeId(0),
        shipment(1, 0, 0, vec![entry(1, "x", "2", 1)]),
        &mut out,
    );
    assert!(b.log().is_empty());
    assert_eq!(sent(&out), [(NodeId(0), Message::Refused { epoch: 2 })]);
    assert!(notes_of(&out).iter().any(|n| matches!(
        n,
        Note::Refused {
            epoch: 1,
            mine: 2,
            ..
        }
    )));
}

#[test]
fn without_fencing_the_mutant_stores_an_older_epochs_writes() {
    let o = PbOptions {
        mutant: Some(splitbrain_primary_backup::Mutant::NoFencing),
        ..opts(Replication::SemiSync, Failover::Majority)
    };
    let mut b = backup_in_epoch(&o, 2);
    let mut out = Out::new();
    b.on_message(
        T0,
        NodeId(0),
        shipment(1, 0, 0, vec![entry(1, "x", "2", 1)]),
        &mut out,
    );
    assert_eq!(b.log().len(), 1);
    assert!(sent(&out).iter().any(|(_, m)| matches!(
        m,
        Message::Ack {
            epoch: 1,
            ok: true,
            ..
        }
    )));
}

#[test]
fn a_newer_epoch_makes_the_primary_step_down() {
    let (mut p, _) = primary_with_write(&PbOptions::default(), 3);
    let mut out = Out::new();
    p.on_message(T0, NodeId(1), Message::Refused { epoch: 3 }, &mut out);
    assert_eq!(p.role(), Role::Backup);
    assert_eq!(p.epoch(), 3);
    assert!(notes_of(&out).iter().any(|n| matches!(
        n,
        Note::SteppedDown {
            epoch: 3,
            was: 1,
            ..
        }
    )));
}

#[test]
fn a_backup_discards_entries_the_primary_does_not_have() {
    let o = PbOptions::default();
    let mut b = started(2, 3, &o);
    let mut out = Out::new();
    b.on_message(
        T0,
        NodeId(0),
        shipment(1, 0, 0, vec![entry(1, "x", "1", 1), entry(1, "x", "2", 2)]),
        &mut out,
    );
    assert_eq!(b.log().len(), 2);
    let mut out = Out::new();
    let newer = Entry {
        epoch: 2,
        write: None,
    };
    b.on_message(T0, NodeId(1), shipment(2, 1, 1, vec![newer]), &mut out);
    assert_eq!(b.log().len(), 2);
    assert_eq!(b.log().epoch_at(2), 2);
    assert!(notes_of(&out).iter().any(
        |n| matches!(n, Note::Discarded { from_index: 2, entries, .. } if entries.len() == 1)
    ));
    assert_eq!(b.discarded().len(), 1);
}

#[test]
fn a_vote_goes_only_to_an_up_to_date_log() {
    let o = PbOptions::default();
    let mut b = started(2, 3, &o);
    let mut out = Out::new();
    b.on_message(
        T0,
        NodeId(0),
        shipment(1, 0, 0, vec![entry(1, "x", "1", 1)]),
        &mut out,
    );
    let late = LocalTime(1_000_000);
    let mut out = Out::new();
    b.on_message(
        late,
        NodeId(1),
        Message::VoteRequest {
            epoch: 2,
            last_index: 0,
            last_epoch: 0,
        },
        &mut out,
    );
    assert!(sent(&out).contains(&(
        NodeId(1),
        Message::Vote {
            epoch: 2,
            granted: false
        }
    )));
    let mut out = Out::new();
    b.on_message(
        late,
        NodeId(1),
        Message::VoteRequest {
            epoch: 3,
            last_index: 1,
            last_epoch: 1,
        },
        &mut out,
    );
    assert!(sent(&out).contains(&(
        NodeId(1),
        Message::Vote {
            epoch: 3,
            granted: true
        }
    )));
}

#[test]
fn one_vote_per_epoch() {
    let o = PbOptions::default();
    let mut b = started(2, 3, &o);
    let late = LocalTime(1_000_000);
    let mut out = Out::new();
    b.on_message(
        late,
        NodeId(1),
        Message::VoteRequest {
            epoch: 2,
            last_index: 0,
            last_epoch: 0,
        },
        &mut out,
    );
    b.on_message(
        late,
        NodeId(0),
        Message::VoteRequest {
            epoch: 2,
            last_index: 0,
            last_epoch: 0,
        },
        &mut out,
    );
    let votes = sent(&out);
    assert_eq!(
        votes[0],
        (
            NodeId(1),
            Message::Vote {
                epoch: 2,
                granted: true
            }
        )
    );
    assert_eq!(
        votes[1],
        (
            NodeId(0),
            Message::Vote {
                epoch: 2,
                granted: false
            }
        )
    );
}

#[test]
fn a_backup_that_still_hears_the_primary_does_not_vote() {
    let mut b = started(2, 3, &PbOptions::default());
    let mut out = Out::new();
    b.on_message(T0, NodeId(0), shipment(1, 0, 0, vec![]), &mut out);
    let mut out = Out::new();
    b.on_message(
        LocalTime(100_000),
        NodeId(1),
        Message::VoteRequest {
            epoch: 2,
            last_index: 0,
            last_epoch: 0,
        },
        &mut out,
    );
    assert!(sent(&out).contains(&(
        NodeId(1),
        Message::Vote {
            epoch: 2,
            granted: false
        }
    )));
    assert_eq!(b.epoch(), 1, "no epoch change while the primary is heard");
}

#[test]
fn majority_failover_promotes_only_with_a_majority() {
    let o = PbOptions::default();
    let mut c = started(1, 5, &o);
    let mut out = Out::new();
    c.on_timer(LocalTime(1_000_000), Timer::FailureDetector, &mut out);
    assert_eq!((c.role(), c.epoch()), (Role::Candidate, 2));
    let mut out = Out::new();
    c.on_message(
        T0,
        NodeId(2),
        Message::Vote {
            epoch: 2,
            granted: true,
        },
        &mut out,
    );
    assert_eq!(c.role(), Role::Candidate, "two of five");
    c.on_message(
        T0,
        NodeId(3),
        Message::Vote {
            epoch: 2,
            granted: true,
        },
        &mut out,
    );
    assert!(c.is_primary());
    assert_eq!(
        c.log().get(1),
        Some(&Entry {
            epoch: 2,
            write: None
        }),
        "the epoch's marker"
    );
}

#[test]
fn naive_failover_promotes_when_nobody_objects_and_keeps_one_epoch() {
    let o = opts(Replication::SemiSync, Failover::Naive);
    let mut c = started(1, 5, &o);
    let mut out = Out::new();
    c.on_timer(LocalTime(1_000_000), Timer::FailureDetector, &mut out);
    assert_eq!(c.epoch(), 1);
    c.on_timer(LocalTime(1_100_000), Timer::Election, &mut out);
    assert!(
        c.is_primary(),
        "no answer, no objection: it promotes itself"
    );
    assert_eq!(c.epoch(), 1);
}

#[test]
fn a_confirmed_read_waits_for_a_majority_round() {
    let o = PbOptions::default();
    let mut p = started(0, 3, &o);
    let mut out = Out::new();
    p.on_client_request(T0, OpId(1), &ClientOp::Get { key: "x".into() }, &mut out);
    assert!(replies(&out).is_empty());
    let round = sent(&out)
        .iter()
        .find_map(|(_, m)| match m {
            Message::Replicate { round, .. } => Some(*round),
            _ => None,
        })
        .unwrap();
    let mut out = Out::new();
    p.on_message(
        T0,
        NodeId(2),
        Message::Ack {
            epoch: 1,
            ok: true,
            matched: 0,
            round,
        },
        &mut out,
    );
    assert_eq!(
        replies(&out),
        [(OpId(1), ClientResponse::Ok { value: None })]
    );
}

#[test]
fn the_epoch_vote_and_log_survive_a_crash_and_nothing_else() {
    let o = PbOptions::default();
    let (mut p, mut out) = primary_with_write(&o, 3);
    p.on_message(T0, NodeId(1), Message::Refused { epoch: 4 }, &mut out);
    let stable = persisted(&out).unwrap();
    assert_eq!((stable.epoch, stable.log.len()), (4, 1));
    let mut back = node(0, 3, &o, Some(&stable));
    let mut out = Out::new();
    back.on_start(T0, &mut out);
    assert_eq!(
        (back.role(), back.epoch(), back.primary(), back.commit()),
        (Role::Backup, 4, None, 0)
    );
    assert!(notes_of(&out).contains(&Note::Restored { epoch: 4, len: 1 }));
}
