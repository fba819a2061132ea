//! One test per rule, driving single nodes by hand: Lamport's clock rules (1978, §2, IR1 and IR2), the
//! vector clock stamp, FIFO sequence numbers, the causal delivery condition (Birman, Schiper & Stephenson
//! 1991, §3), Lamport's total-order rule (1978, §3) over FIFO links, and the sequencer's numbering.

mod common;

use common::*;
use splitbrain_broadcast::{AppMsg, Broadcast, Message, MsgRef, Note, Order, Persistent, Wait};
use splitbrain_sim::testkit::{self, T0};
use splitbrain_sim::{ClientOp, ClientResponse, NodeId, OpId, Protocol};

fn say(node: &mut Broadcast, to: Option<u32>, text: &str) -> Vec<(NodeId, Message)> {
    let mut o = out();
    let op = ClientOp::Send {
        to: to.map(NodeId),
        text: text.into(),
    };
    node.on_client_request(T0, OpId(1), &op, &mut o);
    assert_eq!(
        testkit::replies(&o),
        vec![(OpId(1), ClientResponse::Ok { value: None })]
    );
    sent(&o)
}

fn msg_to(sent: &[(NodeId, Message)], to: u32) -> Message {
    sent.iter()
        .find(|(n, _)| *n == NodeId(to))
        .unwrap()
        .1
        .clone()
}

fn receive(node: &mut Broadcast, from: u32, m: Message) -> Vec<Note> {
    let mut o = out();
    node.on_message(T0, NodeId(from), m, &mut o);
    notes(&o)
}

fn delivered(notes: &[Note]) -> Vec<String> {
    notes
        .iter()
        .filter_map(|n| match n {
            Note::Delivered { id, .. } => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn ir1_a_send_ticks_the_lamport_clock_and_stamps_the_vector_clock() {
    let mut n1 = node(0, 3, &options(Order::Fifo));
    let out = say(&mut n1, None, "hello");
    assert_eq!(out.len(), 2, "to every other node");
    let Message::Msg { msg, .. } = msg_to(&out, 1) else {
        panic!()
    };
    assert_eq!((msg.lamport, msg.vclock.clone()), (1, vec![1, 0, 0]));
    assert_eq!(msg.id.to_string(), "m1.1");
    say(&mut n1, None, "again");
    assert_eq!((n1.lamport(), n1.vclock()), (2, &[2, 0, 0][..]));
}

#[test]
fn ir2_a_receipt_moves_the_clock_past_the_timestamp() {
    let mut n1 = node(0, 3, &options(Order::Fifo));
    for _ in 0..5 {
        say(&mut n1, None, "x");
    }
    let m = msg_to(&say(&mut n1, None, "late"), 1);
    let mut n2 = node(1, 3, &options(Order::Fifo));
    receive(&mut n2, 0, m);
    assert_eq!(n2.lamport(), 7);
}

#[test]
fn fifo_holds_a_message_until_its_predecessor_from_the_same_sender() {
    let mut n1 = node(0, 3, &options(Order::Fifo));
    let first = msg_to(&say(&mut n1, None, "first"), 2);
    let second = msg_to(&say(&mut n1, None, "second"), 2);
    let mut n3 = node(2, 3, &options(Order::Fifo));
    let notes = receive(&mut n3, 0, second);
    assert!(delivered(&notes).is_empty());
    assert!(notes.contains(&Note::HeldBack {
        id: MsgRef {
            sender: NodeId(0),
            seq: 2
        },
        wait: Wait::Missing {
            id: MsgRef {
                sender: NodeId(0),
                seq: 1
            }
        },
    }));
    assert_eq!(delivered(&receive(&mut n3, 0, first)), ["m1.1", "m1.2"]);
}

#[test]
fn causal_delivery_condition_holds_an_answer_until_its_question() {
    let o = options(Order::Causal);
    let (mut n1, mut n2, mut n3) = (node(0, 3, &o), node(1, 3, &o), node(2, 3, &o));
    let question = say(&mut n1, None, "question?");
    receive(&mut n2, 0, msg_to(&question, 1));
    let answer = say(&mut n2, None, "answer");
    let Message::Msg { msg, .. } = msg_to(&answer, 2) else {
        panic!()
    };
    assert_eq!(msg.vclock, vec![1, 1, 0]);
    let notes = receive(&mut n3, 1, msg_to(&answer, 2));
    assert!(delivered(&notes).is_empty(), "{notes:?}");
    assert_eq!(n3.held_back().count(), 1);
    assert_eq!(
        delivered(&receive(&mut n3, 0, msg_to(&question, 2))),
        ["m1.1", "m2.1"]
    );
}

#[test]
fn fifo_delivers_the_answer_early_and_its_own_stamps_show_the_anomaly() {
    let o = options(Order::Fifo);
    let (mut n1, mut n2, mut n3) = (node(0, 3, &o), node(1, 3, &o), node(2, 3, &o));
    let question = say(&mut n1, None, "question?");
    receive(&mut n2, 0, msg_to(&question, 1));
    let answer = say(&mut n2, None, "answer");
    let notes = receive(&mut n3, 1, msg_to(&answer, 2));
    assert_eq!(delivered(&notes), ["m2.1"]);
    assert!(notes
        .iter()
        .any(|n| matches!(n, Note::OutOfOrder { missing, .. } if missing.to_string() == "m1.1")));
}

#[test]
fn a_message_for_one_node_is_carried_to_all_but_delivered_only_there() {
    let o = options(Order::Causal);
    let mut n1 = node(0, 3, &o);
    let out = say(&mut n1, Some(2), "psst");
    assert_eq!(out.len(), 2);
    let mut n2 = node(1, 3, &o);
    assert!(delivered(&receive(&mut n2, 0, msg_to(&out, 1))).is_empty());
    assert_eq!(n2.vclock(), &[1, 0, 0], "the clock still counts it");
    let mut n3 = node(2, 3, &o);
    assert_eq!(delivered(&receive(&mut n3, 0, msg_to(&out, 2))), ["m1.1"]);
}

#[test]
fn a_duplicate_is_delivered_once() {
    let o = options(Order::Causal);
    let mut n1 = node(0, 2, &o);
    let m = msg_to(&say(&mut n1, None, "once"), 1);
    let mut n2 = node(1, 2, &o);
    assert_eq!(delivered(&receive(&mut n2, 0, m.clone())), ["m1.1"]);
    assert!(delivered(&receive(&mut n2, 0, m)).is_empty());
}

#[test]
fn lamport_total_order_waits_for_a_later_timestamp_from_every_other_node() {
    let o = options(Order::TotalLamport);
    let mut n1 = node(0, 3, &o);
    let out = say(&mut n1, None, "A");
    let mut n2 = node(1, 3, &o);
    let mut o2 = self::out();
    n2.on_message(T0, NodeId(0), msg_to(&out, 1), &mut o2);
    assert!(delivered(&notes(&o2)).is_empty(), "n3 not heard from yet");
    // n2 acknowledges to everyone, timestamped past A's.
    let acks = sent(&o2);
    assert_eq!(acks.len(), 2);
    assert!(acks
        .iter()
        .all(|(_, m)| matches!(m, Message::Ack { lamport, .. } if *lamport > 1)));
    // n3's acknowledgement (its first message on the link n3 → n2) releases A.
    let ack = Message::Ack {
        lamport: 3,
        link: 1,
    };
    assert_eq!(delivered(&receive(&mut n2, 2, ack)), ["m1.1"]);
}

#[test]
fn lamport_total_order_needs_fifo_links_so_an_overtaking_ack_waits() {
    let o = options(Order::TotalLamport);
    let mut n1 = node(0, 3, &o);
    let out = say(&mut n1, None, "A");
    let mut n2 = node(1, 3, &o);
    receive(&mut n2, 0, msg_to(&out, 1));
    // n3's second message on its link arrives before its first: it is not evidence yet.
    assert!(delivered(&receive(
        &mut n2,
        2,
        Message::Ack {
            lamport: 9,
            link: 2
        }
    ))
    .is_empty());
    let early = AppMsg {
        id: MsgRef {
            sender: NodeId(2),
            seq: 1,
        },
        to: None,
        lamport: 1,
        vclock: vec![0, 0, 1],
        text: "B".into(),
    };
    let notes = receive(
        &mut n2,
        2,
        Message::Msg {
            msg: early,
            link: 1,
        },
    );
    // n3's messages are processed in link order now, and its Ack (9) releases A; B (1, n3) comes after A
    // (1, n1) in (timestamp, sender) order and still needs a later timestamp from n1.
    assert_eq!(delivered(&notes), ["m1.1"]);
    let from_n1 = Message::Ack {
        lamport: 5,
        link: 2,
    };
    assert_eq!(delivered(&receive(&mut n2, 0, from_n1)), ["m3.1"]);
}

#[test]
fn the_sequencer_numbers_each_senders_messages_in_that_senders_order() {
    let o = options(Order::TotalSequencer);
    let mut n2 = node(1, 3, &o);
    let first = msg_to(&say(&mut n2, None, "1"), 0);
    let second = msg_to(&say(&mut n2, None, "2"), 0);
    let mut n1 = node(0, 3, &o);
    let mut o1 = out();
    n1.on_message(T0, NodeId(1), second, &mut o1);
    assert!(sent(&o1).is_empty(), "m2.2 waits for m2.1 to be numbered");
    let mut o1 = out();
    n1.on_message(T0, NodeId(1), first, &mut o1);
    let orders: Vec<(String, u64)> = sent(&o1)
        .into_iter()
        .filter(|(to, _)| *to == NodeId(2))
        .filter_map(|(_, m)| match m {
            Message::Order { id, global, .. } => Some((id.to_string(), global)),
            _ => None,
        })
        .collect();
    assert_eq!(orders, [("m2.1".to_string(), 1), ("m2.2".to_string(), 2)]);
}

#[test]
fn a_restarted_node_keeps_its_clocks_and_never_reuses_a_message_name() {
    let o = options(Order::Causal);
    let mut n1 = node(0, 2, &o);
    say(&mut n1, None, "before");
    let mut o1 = out();
    say(&mut n1, None, "crash soon");
    n1.on_client_request(
        T0,
        OpId(2),
        &ClientOp::Send {
            to: None,
            text: "x".into(),
        },
        &mut o1,
    );
    let kept: Persistent = testkit::persisted(&o1).unwrap();
    let mut again = testkit::node::<Broadcast>(0, 2, &o, Some(&kept));
    let m = msg_to(&say(&mut again, None, "after"), 1);
    let Message::Msg { msg, .. } = m else {
        panic!()
    };
    assert_eq!(msg.id.to_string(), "m1.4");
    assert_eq!(msg.lamport, 4);
}

#[test]
fn sending_to_oneself_or_to_no_such_node_is_refused() {
    let mut n1 = node(0, 3, &options(Order::Causal));
    for to in [NodeId(0), NodeId(7)] {
        let mut o = out();
        n1.on_client_request(
            T0,
            OpId(1),
            &ClientOp::Send {
                to: Some(to),
                text: "x".into(),
            },
            &mut o,
        );
        assert!(matches!(
            testkit::replies(&o)[0].1,
            ClientResponse::Fail { .. }
        ));
        assert!(sent(&o).is_empty());
    }
    let mut o = out();
    n1.on_client_request(T0, OpId(1), &ClientOp::Get { key: "x".into() }, &mut o);
    assert!(
        matches!(&testkit::replies(&o)[0].1, ClientResponse::Fail { reason } if reason.contains("send"))
    );
}
