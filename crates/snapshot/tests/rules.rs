//! One test per rule, driving a single node by hand: the marker rules of Chandy & Lamport 1985, §3, the
//! reliable FIFO channel they assume (§2), and the collection of the global state.

mod common;

use common::*;
use splitbrain_sim::{NodeId, Protocol};
use splitbrain_snapshot::{Message, Mutant, Note, SnapshotOptions, Timer};

fn opts() -> SnapshotOptions {
    SnapshotOptions::default()
}

fn markers(o: &splitbrain_sim::Out<splitbrain_snapshot::Snapshot>) -> Vec<NodeId> {
    sent(o)
        .iter()
        .filter(|(_, m)| matches!(m, Message::Marker { .. }))
        .map(|(to, _)| *to)
        .collect()
}

#[test]
fn first_boot_opens_the_account() {
    let mut n = node(1, 3, &opts());
    let mut o = out();
    n.on_start(NOW, &mut o);
    assert_eq!(notes(&o), vec![Note::Opened { balance: 100 }]);
}

#[test]
fn s3_the_initiator_records_its_state_then_sends_a_marker_on_every_outgoing_channel() {
    let mut n = node(0, 3, &opts());
    let mut o = out();
    n.on_force_timeout(NOW, &mut o);
    assert!(matches!(
        notes(&o)[0],
        Note::Recorded {
            snapshot: 1,
            balance: 100,
            marker_from: None,
            ..
        }
    ));
    assert_eq!(markers(&o), vec![NodeId(1), NodeId(2)]);
}

#[test]
fn snapshot_ids_name_their_initiator() {
    let mut n = node(2, 4, &opts());
    n.on_force_timeout(NOW, &mut out());
    let mut o = out();
    n.on_force_timeout(NOW, &mut o);
    assert!(matches!(notes(&o)[0], Note::Recorded { snapshot: 7, .. }));
    assert_eq!(splitbrain_snapshot::Snapshot::initiator_of(7, 4), NodeId(2));
}

#[test]
fn s3_a_first_marker_makes_the_receiver_record_and_that_channel_is_empty() {
    let mut n = node(1, 3, &opts());
    let mut o = out();
    n.on_message(
        NOW,
        NodeId(0),
        Message::Marker {
            seq: 1,
            snapshot: 1,
        },
        &mut o,
    );
    let ns = notes(&o);
    assert!(matches!(
        ns[0],
        Note::Recorded {
            snapshot: 1,
            marker_from: Some(NodeId(0)),
            ..
        }
    ));
    assert!(ns.contains(&Note::ChannelRecorded {
        snapshot: 1,
        from: NodeId(0),
        amounts: vec![]
    }));
    assert_eq!(markers(&o), vec![NodeId(0), NodeId(2)]);
}

#[test]
fn s3_transfers_after_recording_and_before_the_marker_are_the_channel_state() {
    let mut n = node(1, 3, &opts());
    n.on_message(
        NOW,
        NodeId(0),
        Message::Marker {
            seq: 1,
            snapshot: 1,
        },
        &mut out(),
    );
    n.on_message(
        NOW,
        NodeId(2),
        Message::Transfer { seq: 1, amount: 7 },
        &mut out(),
    );
    let mut o = out();
    n.on_message(
        NOW,
        NodeId(2),
        Message::Marker {
            seq: 2,
            snapshot: 1,
        },
        &mut o,
    );
    let ns = notes(&o);
    assert!(ns.contains(&Note::ChannelRecorded {
        snapshot: 1,
        from: NodeId(2),
        amounts: vec![7]
    }));
    assert!(ns.contains(&Note::Complete {
        snapshot: 1,
        in_flight: 7
    }));
    // Its part is done: the report goes to the initiator n1.
    assert!(sent(&o).iter().any(|(to, m)| *to == NodeId(0)
        && matches!(
            m,
            Message::Report {
                snapshot: 1,
                balance: 100,
                ..
            }
        )));
    assert_eq!(n.balance(), 107);
}

#[test]
fn mutant_records_what_arrives_after_the_marker_instead() {
    let options = SnapshotOptions {
        mutant: Mutant::RecordAfterMarker,
        ..opts()
    };
    let mut n = node(1, 3, &options);
    n.on_message(
        NOW,
        NodeId(0),
        Message::Marker {
            seq: 1,
            snapshot: 1,
        },
        &mut out(),
    );
    n.on_message(
        NOW,
        NodeId(0),
        Message::Transfer { seq: 2, amount: 5 },
        &mut out(),
    );
    n.on_message(
        NOW,
        NodeId(2),
        Message::Transfer { seq: 1, amount: 7 },
        &mut out(),
    );
    let mut o = out();
    n.on_message(
        NOW,
        NodeId(2),
        Message::Marker {
            seq: 2,
            snapshot: 1,
        },
        &mut o,
    );
    let ns = notes(&o);
    assert!(ns.contains(&Note::ChannelRecorded {
        snapshot: 1,
        from: NodeId(0),
        amounts: vec![5]
    }));
    assert!(ns.contains(&Note::ChannelRecorded {
        snapshot: 1,
        from: NodeId(2),
        amounts: vec![]
    }));
}

#[test]
fn s2_the_channel_takes_messages_in_order_holding_early_ones_back() {
    let mut n = node(1, 3, &opts());
    let mut o = out();
    n.on_message(
        NOW,
        NodeId(0),
        Message::Transfer { seq: 2, amount: 5 },
        &mut o,
    );
    assert_eq!(n.balance(), 100);
    assert!(sent(&o).contains(&(
        NodeId(0),
        Message::Ack {
            upto: 0,
            early: None
        }
    )));
    let mut o = out();
    n.on_message(
        NOW,
        NodeId(0),
        Message::Transfer { seq: 1, amount: 3 },
        &mut o,
    );
    assert_eq!(n.balance(), 108);
    assert!(sent(&o).contains(&(
        NodeId(0),
        Message::Ack {
            upto: 2,
            early: None
        }
    )));
    // A duplicate is acknowledged again, not credited twice.
    n.on_message(
        NOW,
        NodeId(0),
        Message::Transfer { seq: 1, amount: 3 },
        &mut out(),
    );
    assert_eq!(n.balance(), 108);
}

#[test]
fn without_fifo_a_message_is_taken_ahead_of_the_gap() {
    let options = SnapshotOptions {
        fifo_channels: false,
        ..opts()
    };
    let mut n = node(1, 3, &options);
    let mut o = out();
    n.on_message(
        NOW,
        NodeId(0),
        Message::Transfer { seq: 2, amount: 5 },
        &mut o,
    );
    assert_eq!(n.balance(), 105);
    assert!(sent(&o).contains(&(
        NodeId(0),
        Message::Ack {
            upto: 0,
            early: Some(2)
        }
    )));
}

#[test]
fn a_transfer_is_kept_until_acknowledged_and_sent_again() {
    let mut n = node(0, 2, &opts());
    let mut o = out();
    n.on_timer(NOW, Timer::Transfer, &mut o);
    let (to, m) = sent(&o).into_iter().next().unwrap();
    let Message::Transfer { amount, .. } = m else {
        panic!("{m:?}")
    };
    assert!((1..=30).contains(&amount));
    assert_eq!(n.balance(), 100 - amount);
    let mut o = out();
    n.on_timer(NOW, Timer::Retransmit, &mut o);
    assert_eq!(sent(&o), vec![(to, m.clone())]);
    n.on_message(
        NOW,
        to,
        Message::Ack {
            upto: 1,
            early: None,
        },
        &mut out(),
    );
    let mut o = out();
    n.on_timer(NOW, Timer::Retransmit, &mut o);
    assert!(sent(&o).is_empty());
}

#[test]
fn the_initiator_assembles_the_global_state_from_every_report() {
    let mut n = node(0, 2, &opts());
    n.on_force_timeout(NOW, &mut out());
    n.on_message(
        NOW,
        NodeId(1),
        Message::Transfer { seq: 1, amount: 10 },
        &mut out(),
    );
    n.on_message(
        NOW,
        NodeId(1),
        Message::Marker {
            seq: 2,
            snapshot: 1,
        },
        &mut out(),
    );
    let mut o = out();
    let report = Message::Report {
        seq: 3,
        snapshot: 1,
        balance: 90,
        channels: vec![(NodeId(0), 0)],
    };
    n.on_message(NOW, NodeId(1), report, &mut o);
    assert_eq!(
        notes(&o),
        vec![Note::Assembled {
            snapshot: 1,
            balances: 190,
            in_flight: 10,
            channels: vec![(NodeId(1), NodeId(0), 10)],
            expected: 200
        }]
    );
}

#[test]
fn a_crash_keeps_the_bank_and_the_recorded_part() {
    let mut n = node(1, 3, &opts());
    let mut o = out();
    n.on_message(
        NOW,
        NodeId(0),
        Message::Marker {
            seq: 1,
            snapshot: 1,
        },
        &mut o,
    );
    let disk = splitbrain_sim::testkit::persisted(&o).unwrap();
    let back: splitbrain_snapshot::Snapshot =
        splitbrain_sim::testkit::node(1, 3, &opts(), Some(&disk));
    assert!(back
        .recording(1)
        .is_some_and(|r| r.open.contains(&NodeId(2))));
    assert_eq!(back.bank().incoming[&NodeId(0)].taken, 1);
}
