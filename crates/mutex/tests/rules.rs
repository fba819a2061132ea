//! One test per rule, driving single nodes by hand: Lamport's five rules (1978, §"mutual exclusion"),
//! Ricart–Agrawala's deferral rule (1981), and the lock server's leases and fencing (DDIA ch. 8).

mod common;

use common::*;
use splitbrain_mutex::{Algorithm, DistMutex, Message, Mutant, MutexOptions, Note, Timer};
use splitbrain_sim::{ClientResponse, NodeId, OpId, Out, Protocol};

fn opts(algorithm: Algorithm) -> MutexOptions {
    MutexOptions {
        algorithm,
        ..MutexOptions::default()
    }
}

fn request(n: &mut DistMutex, op: u64) -> Out<DistMutex> {
    let mut out = Out::new();
    n.on_client_request(T0, OpId(op), &put_op("x", "1"), &mut out);
    out
}

fn deliver(n: &mut DistMutex, from: u32, msg: Message) -> Out<DistMutex> {
    let mut out = Out::new();
    n.on_message(T0, NodeId(from), msg, &mut out);
    out
}

#[test]
fn lamport_rule_1_a_request_goes_to_every_peer_and_into_the_own_queue() {
    let mut n = started(0, 3, &opts(Algorithm::Lamport));
    let out = request(&mut n, 1);
    let to: Vec<u32> = sent(&out).iter().map(|(to, _)| to.0).collect();
    assert_eq!(to, vec![1, 2]);
    assert!(n.queue().contains(&(1, NodeId(0))));
    assert!(!n.in_critical_section());
}

#[test]
fn lamport_rule_2_a_request_is_queued_and_acknowledged_with_a_later_timestamp() {
    let mut n = started(1, 3, &opts(Algorithm::Lamport));
    let out = deliver(&mut n, 0, Message::Request { ts: 5, seq: 1 });
    assert!(n.queue().contains(&(5, NodeId(0))));
    match sent(&out).as_slice() {
        [(to, Message::Ack { ts, .. })] => assert!(to.0 == 0 && *ts > 5),
        other => panic!("{other:?}"),
    }
}

#[test]
fn lamport_rule_5_entry_waits_for_a_later_message_from_every_peer() {
    let mut n = started(0, 3, &opts(Algorithm::Lamport));
    request(&mut n, 1);
    deliver(&mut n, 1, Message::Ack { ts: 3, seq: 1 });
    assert!(!n.in_critical_section(), "n3 has not answered yet");
    let out = deliver(&mut n, 2, Message::Ack { ts: 3, seq: 1 });
    assert!(n.in_critical_section());
    assert!(notes_of(&out)
        .iter()
        .any(|note| matches!(note, Note::Entered { ts: 1, .. })));
}

#[test]
fn lamport_rule_5_an_earlier_request_in_the_queue_holds_entry_back() {
    let mut n = started(1, 2, &opts(Algorithm::Lamport));
    deliver(&mut n, 0, Message::Request { ts: 1, seq: 1 });
    request(&mut n, 1);
    deliver(&mut n, 0, Message::Ack { ts: 9, seq: 2 });
    assert!(!n.in_critical_section());
    deliver(
        &mut n,
        0,
        Message::Release {
            ts: 10,
            seq: 3,
            key: "x".into(),
            value: "0".into(),
        },
    );
    assert!(n.in_critical_section(), "rule 4 removed n1's request");
    assert_eq!(n.store().get("x").map(String::as_str), Some("0"));
}

#[test]
fn lamport_rule_3_release_goes_to_everyone_and_answers_the_client() {
    let mut n = started(0, 2, &opts(Algorithm::Lamport));
    request(&mut n, 7);
    deliver(&mut n, 1, Message::Ack { ts: 3, seq: 1 });
    let mut out = Out::new();
    n.on_timer(T0, Timer::Work, &mut out);
    assert!(matches!(
        sent(&out).as_slice(),
        [(_, Message::Release { .. })]
    ));
    assert_eq!(
        replies(&out),
        vec![(OpId(7), ClientResponse::Ok { value: None })]
    );
    assert!(n.queue().is_empty());
}

#[test]
fn mutant_lamport_enters_without_a_later_message() {
    let o = MutexOptions {
        mutant: Some(Mutant::NoWaitForLater),
        ..opts(Algorithm::Lamport)
    };
    let mut n = started(0, 3, &o);
    request(&mut n, 1);
    assert!(n.in_critical_section());
}

#[test]
fn fifo_channels_hold_back_a_message_until_its_predecessor_arrives() {
    let mut n = started(0, 2, &opts(Algorithm::Lamport));
    request(&mut n, 1);
    deliver(&mut n, 1, Message::Ack { ts: 4, seq: 2 });
    assert!(!n.in_critical_section(), "seq 2 waits for seq 1");
    deliver(&mut n, 1, Message::Request { ts: 3, seq: 1 });
    assert!(n.queue().contains(&(3, NodeId(1))));
    // Our request (1, n1) is earlier than n2's (3, n2), and the ack (ts 4) is later: enter.
    assert!(n.in_critical_section());
    // A duplicate is dropped.
    let out = deliver(&mut n, 1, Message::Request { ts: 3, seq: 1 });
    assert!(sent(&out).is_empty());
}

#[test]
fn ricart_agrawala_defers_a_later_request_while_its_own_is_pending() {
    let mut n = started(0, 3, &opts(Algorithm::RicartAgrawala));
    request(&mut n, 1);
    let out = deliver(&mut n, 1, Message::Request { ts: 1, seq: 1 });
    assert!(sent(&out).is_empty(), "(1, n1) < (1, n2): defer");
    assert!(n.deferred().contains(&NodeId(1)));
    let out = deliver(&mut n, 2, Message::Request { ts: 0, seq: 1 });
    assert!(
        matches!(sent(&out).as_slice(), [(to, Message::Reply { .. })] if to.0 == 2),
        "an earlier request is answered at once"
    );
}

#[test]
fn ricart_agrawala_enters_on_every_reply_and_sends_deferred_replies_on_exit() {
    let mut n = started(0, 3, &opts(Algorithm::RicartAgrawala));
    request(&mut n, 1);
    deliver(&mut n, 1, Message::Request { ts: 1, seq: 1 });
    deliver(&mut n, 1, Message::Reply { ts: 2, seq: 2 });
    assert!(!n.in_critical_section());
    deliver(&mut n, 2, Message::Reply { ts: 2, seq: 1 });
    assert!(n.in_critical_section());
    let mut out = Out::new();
    n.on_timer(T0, Timer::Work, &mut out);
    assert!(sent(&out)
        .iter()
        .any(|(to, m)| to.0 == 1 && matches!(m, Message::Reply { .. })));
    assert!(n.deferred().is_empty());
}

#[test]
fn mutant_ricart_agrawala_replies_immediately() {
    let o = MutexOptions {
        mutant: Some(Mutant::ReplyImmediately),
        ..opts(Algorithm::RicartAgrawala)
    };
    let mut n = started(0, 3, &o);
    request(&mut n, 1);
    let out = deliver(&mut n, 1, Message::Request { ts: 1, seq: 1 });
    assert!(matches!(
        sent(&out).as_slice(),
        [(_, Message::Reply { .. })]
    ));
}

#[test]
fn lock_server_grants_one_holder_at_a_time_with_rising_tokens() {
    let mut s = started(0, 3, &opts(Algorithm::LockServer));
    let out = deliver(&mut s, 1, Message::Acquire { req: 1 });
    assert!(matches!(
        sent(&out).as_slice(),
        [(_, Message::Grant { token: 1, .. })]
    ));
    let out = deliver(&mut s, 2, Message::Acquire { req: 1 });
    assert!(sent(&out).is_empty(), "n2 waits");
    let out = deliver(&mut s, 1, Message::Unlock { token: 1 });
    assert!(matches!(
        sent(&out).as_slice(),
        [(to, Message::Grant { token: 2, .. })] if to.0 == 2
    ));
}

#[test]
fn lock_server_grants_the_next_when_a_lease_expires() {
    let mut s = started(0, 3, &opts(Algorithm::LockServer));
    deliver(&mut s, 1, Message::Acquire { req: 1 });
    deliver(&mut s, 2, Message::Acquire { req: 1 });
    let mut out = Out::new();
    s.on_timer(T0, Timer::LeaseExpiry { token: 1 }, &mut out);
    assert!(notes_of(&out)
        .iter()
        .any(|n| matches!(n, Note::LeaseExpired { token: 1, .. })));
    assert_eq!(s.holder(), Some((NodeId(2), 2)));
}

fn write(token: u64, value: &str) -> Message {
    Message::Write {
        token,
        key: "x".into(),
        value: value.into(),
    }
}

#[test]
fn fencing_the_storage_refuses_a_token_older_than_one_it_accepted() {
    let mut s = started(0, 3, &opts(Algorithm::LockServer));
    deliver(&mut s, 2, write(2, "2"));
    let out = deliver(&mut s, 1, write(1, "1"));
    assert!(matches!(
        sent(&out).as_slice(),
        [(
            _,
            Message::Rejected {
                token: 1,
                newest: 2
            }
        )]
    ));
    assert_eq!(s.store().get("x").map(String::as_str), Some("2"));
}

#[test]
fn without_fencing_the_storage_accepts_a_stale_token() {
    let o = MutexOptions {
        fencing: false,
        ..opts(Algorithm::LockServer)
    };
    let mut s = started(0, 3, &o);
    deliver(&mut s, 2, write(2, "2"));
    deliver(&mut s, 1, write(1, "1"));
    assert_eq!(s.store().get("x").map(String::as_str), Some("1"));
}

#[test]
fn a_restarted_lock_server_keeps_its_tokens_and_waits_out_a_lease() {
    let mut s = started(0, 3, &opts(Algorithm::LockServer));
    let out = deliver(&mut s, 1, Message::Acquire { req: 1 });
    let stable = persisted(&out).expect("the token counter is persisted");
    let mut s = node(0, 3, &opts(Algorithm::LockServer), Some(&stable));
    s.on_start(T0, &mut Out::new());
    let out = deliver(&mut s, 2, Message::Acquire { req: 1 });
    assert!(sent(&out).is_empty(), "no grant during recovery");
    let mut out = Out::new();
    s.on_timer(T0, Timer::Recovery, &mut out);
    assert!(matches!(
        sent(&out).as_slice(),
        [(_, Message::Grant { token: 2, .. })]
    ));
}
