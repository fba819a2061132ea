//! The checkers on hand-made delivery histories: each names the two messages and the node(s), and judges
//! only what the run's order promises.

use splitbrain_broadcast::{check, BroadcastChecker, MsgRef, Note, Order};
use splitbrain_sim::{Checker, Event, EventId, EventKind, NodeId, SimTime, VectorClock, Violation};

fn m(sender: u32, seq: u64) -> MsgRef {
    MsgRef {
        sender: NodeId(sender),
        seq,
    }
}

fn ev(i: u64, node: u32, note: Note) -> Event<splitbrain_broadcast::Broadcast> {
    Event {
        id: EventId(i),
        time: SimTime(i * 1_000),
        node: Some(NodeId(node)),
        local_time: None,
        lamport: 0,
        vclock: VectorClock::default(),
        parent: None,
        kind: EventKind::Note { note },
    }
}

fn up(order: Order) -> Note {
    Note::Up {
        order,
        restarted: false,
    }
}

fn sent(id: MsgRef) -> Note {
    Note::Sent {
        id,
        to: None,
        lamport: 0,
        vclock: Vec::new(),
        text: String::new(),
    }
}

fn delivered(id: MsgRef) -> Note {
    Note::Delivered {
        id,
        text: String::new(),
        nth: 0,
        held_us: 0,
        waited: None,
    }
}

fn judge(order: Order, history: &[(u32, Note)]) -> Vec<Violation> {
    let mut c = BroadcastChecker::default();
    let mut out = Vec::new();
    c.observe(&ev(0, 0, up(order)), &mut out);
    for (i, (node, note)) in history.iter().enumerate() {
        c.observe(&ev(i as u64 + 1, *node, note.clone()), &mut out);
    }
    out
}

/// n1 asks (m1.1); n2 delivers it and answers (m2.1); n3 delivers the answer first.
fn answer_first() -> Vec<(u32, Note)> {
    vec![
        (0, sent(m(0, 1))),
        (1, delivered(m(0, 1))),
        (1, sent(m(1, 1))),
        (2, delivered(m(1, 1))),
        (2, delivered(m(0, 1))),
    ]
}

#[test]
fn causal_order_names_both_messages_and_the_node() {
    let v = judge(Order::Causal, &answer_first());
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].invariant, "Causal Order");
    assert!(
        v[0].message.starts_with("n3 delivered m1.1 after m2.1"),
        "{}",
        v[0].message
    );
    assert_eq!(v[0].event, EventId(5));
}

#[test]
fn fifo_does_not_promise_causal_order() {
    assert!(judge(Order::Fifo, &answer_first()).is_empty());
    assert!(judge(Order::None, &answer_first()).is_empty());
}

#[test]
fn fifo_order_catches_a_senders_messages_swapped() {
    let history = [
        (0, sent(m(0, 1))),
        (0, sent(m(0, 2))),
        (1, delivered(m(0, 2))),
        (1, delivered(m(0, 1))),
    ];
    let v = judge(Order::Fifo, &history);
    assert_eq!(v[0].invariant, "FIFO Order");
    assert_eq!(
        v[0].message,
        "n2 delivered m1.1 after m1.2, which n1 sent later"
    );
}

#[test]
fn total_order_catches_two_nodes_disagreeing() {
    let history = [
        (0, sent(m(0, 1))),
        (2, sent(m(2, 1))),
        (1, delivered(m(0, 1))),
        (3, delivered(m(2, 1))),
        (1, delivered(m(2, 1))),
        (3, delivered(m(0, 1))),
    ];
    let v = judge(Order::TotalLamport, &history);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].invariant, "Total Order");
    assert_eq!(
        v[0].message,
        "n4 delivered m3.1 then m1.1, but n2 delivered m1.1 before m3.1"
    );
    assert!(
        judge(Order::Causal, &history).is_empty(),
        "concurrent messages: no causal promise broken"
    );
}

#[test]
fn a_second_delivery_is_a_duplication() {
    let history = [
        (0, sent(m(0, 1))),
        (1, delivered(m(0, 1))),
        (1, delivered(m(0, 1))),
    ];
    let v = judge(Order::Fifo, &history);
    assert_eq!(v[0].invariant, "No duplication");
}

#[test]
fn anomalies_judge_everything_whatever_the_promise() {
    let events: Vec<_> = std::iter::once(ev(0, 0, up(Order::None)))
        .chain(
            answer_first()
                .into_iter()
                .enumerate()
                .map(|(i, (n, note))| ev(i as u64 + 1, n, note)),
        )
        .collect();
    let found = check::anomalies(&events);
    assert_eq!(found[0].invariant, "Causal Order");
}
