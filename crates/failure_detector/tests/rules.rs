//! One node driven by hand, rule by rule, named after the paper's section.

mod common;

use common::*;
use splitbrain_failure_detector::{
    Algorithm, Cause, FailureDetector, FdOptions, Message, Mutant, Note, Status, Timer, Update,
};
use splitbrain_sim::testkit::persisted;
use splitbrain_sim::{NodeId, Protocol};

fn swim() -> FdOptions {
    FdOptions {
        algorithm: Algorithm::Swim,
        ..FdOptions::default()
    }
}

fn started(id: u32, nodes: u32, o: &FdOptions) -> FailureDetector {
    let mut n = node(id, nodes, o);
    n.on_start(at_ms(0), &mut out());
    n
}

#[test]
fn chandra_toueg_a_silent_peer_is_suspected_and_trusted_again_when_heard() {
    let o = FdOptions::default();
    let mut n = started(0, 3, &o);
    let mut x = out();
    n.on_timer(at_ms(600), Timer::Silence { peer: NodeId(1) }, &mut x);
    assert!(matches!(
        notes(&x)[..],
        [Note::Suspect {
            member: NodeId(1),
            cause: Cause::Silence { silent_ms: 600 },
            ..
        }]
    ));
    assert_eq!(n.suspects(), vec![NodeId(1)]);
    let mut x = out();
    n.on_message(at_ms(900), NodeId(1), Message::Heartbeat { seq: 4 }, &mut x);
    assert!(matches!(
        notes(&x)[..],
        [Note::Trust {
            member: NodeId(1),
            ..
        }]
    ));
    assert!(n.suspects().is_empty());
}

#[test]
fn chandra_toueg_every_node_heartbeats_every_other() {
    let mut n = node(1, 4, &FdOptions::default());
    let mut x = out();
    n.on_start(at_ms(0), &mut x);
    let to: Vec<NodeId> = sent(&x).into_iter().map(|(t, _)| t).collect();
    assert_eq!(to, vec![NodeId(0), NodeId(2), NodeId(3)]);
}

#[test]
fn hayashibara_phi_rises_with_silence_and_suspects_at_the_threshold() {
    let o = FdOptions {
        algorithm: Algorithm::PhiAccrual,
        ..FdOptions::default()
    };
    let mut n = started(0, 2, &o);
    for i in 1..=20 {
        n.on_message(
            at_ms(i * 200),
            NodeId(1),
            Message::Heartbeat { seq: i as u64 },
            &mut out(),
        );
    }
    // Steady 200 ms gaps: σ is the 20 ms floor, so φ = 8 about 5.2σ ≈ 105 ms late.
    let mut x = out();
    n.on_timer(at_ms(4_000 + 250), Timer::Evaluate, &mut x);
    assert!(notes(&x).is_empty());
    let mut x = out();
    n.on_timer(at_ms(4_000 + 320), Timer::Evaluate, &mut x);
    assert!(
        matches!(
            notes(&x)[..],
            [Note::Suspect {
                cause: Cause::Phi { .. },
                ..
            }]
        ),
        "{:?}",
        notes(&x)
    );
}

#[test]
fn hayashibara_an_outage_gap_is_not_learnt() {
    let o = FdOptions {
        algorithm: Algorithm::PhiAccrual,
        ..FdOptions::default()
    };
    let mut n = started(0, 2, &o);
    n.on_message(
        at_ms(200),
        NodeId(1),
        Message::Heartbeat { seq: 1 },
        &mut out(),
    );
    n.on_message(
        at_ms(400),
        NodeId(1),
        Message::Heartbeat { seq: 2 },
        &mut out(),
    );
    n.on_timer(at_ms(3_000), Timer::Evaluate, &mut out());
    assert_eq!(n.suspects(), vec![NodeId(1)]);
    n.on_message(
        at_ms(3_100),
        NodeId(1),
        Message::Heartbeat { seq: 2 },
        &mut out(),
    );
    assert_eq!(n.peer(NodeId(1)).unwrap().window.samples.len(), 1);
}

#[test]
fn swim_3_1_no_ack_in_time_sends_ping_req_to_k_members() {
    let o = swim();
    let mut n = started(0, 5, &o);
    let mut x = out();
    n.on_timer(at_ms(10), Timer::Period, &mut x);
    let (target, _) = sent(&x)[0].clone();
    let mut x = out();
    n.on_timer(at_ms(130), Timer::AckTimeout, &mut x);
    let reqs: Vec<NodeId> = sent(&x)
        .into_iter()
        .filter(|(_, m)| matches!(m, Message::PingReq { target: t, .. } if *t == target))
        .map(|(to, _)| to)
        .collect();
    assert_eq!(reqs.len(), 2);
    assert!(!reqs.contains(&target));
}

#[test]
fn swim_3_1_a_helper_pings_the_target_and_relays_its_ack() {
    let mut h = started(1, 3, &swim());
    let mut x = out();
    h.on_message(
        at_ms(0),
        NodeId(0),
        Message::PingReq {
            seq: 7,
            target: NodeId(2),
            updates: vec![],
        },
        &mut x,
    );
    let [(NodeId(2), Message::Ping { seq, .. })] = sent(&x)[..] else {
        panic!("{:?}", sent(&x));
    };
    let mut x = out();
    h.on_message(
        at_ms(40),
        NodeId(2),
        Message::Ack {
            seq,
            member: NodeId(2),
            updates: vec![],
        },
        &mut x,
    );
    assert!(matches!(
        sent(&x)[..],
        [(
            NodeId(0),
            Message::Ack {
                seq: 7,
                member: NodeId(2),
                ..
            }
        )]
    ));
}

#[test]
fn swim_3_1_an_unanswered_probe_makes_its_target_suspect_at_the_period_end() {
    let mut n = started(0, 2, &swim());
    n.on_timer(at_ms(10), Timer::Period, &mut out());
    let mut x = out();
    n.on_timer(at_ms(410), Timer::Period, &mut x);
    assert!(matches!(
        notes(&x)[..],
        [Note::Suspect {
            member: NodeId(1),
            cause: Cause::Probe,
            ..
        }]
    ));
    // The next Ping to the accused carries the verdict, so it can refute.
    let [(NodeId(1), Message::Ping { ref updates, .. })] = sent(&x)[..] else {
        panic!()
    };
    assert!(updates
        .iter()
        .any(|u| u.member == NodeId(1) && u.status == Status::Suspect));
}

#[test]
fn swim_4_2_a_suspected_member_refutes_with_a_higher_incarnation() {
    let mut n = started(2, 3, &swim());
    let mut x = out();
    let accusation = Update {
        member: NodeId(2),
        status: Status::Suspect,
        incarnation: 0,
    };
    n.on_message(
        at_ms(5),
        NodeId(0),
        Message::Ping {
            seq: 1,
            updates: vec![accusation],
        },
        &mut x,
    );
    assert_eq!(n.incarnation(), 1);
    assert_eq!(persisted(&x), Some(1));
    assert!(matches!(
        notes(&x)[..],
        [Note::Refute {
            accused: 0,
            incarnation: 1
        }]
    ));
    let [(NodeId(0), Message::Ack { ref updates, .. })] = sent(&x)[..] else {
        panic!()
    };
    assert!(updates.contains(&Update {
        member: NodeId(2),
        status: Status::Alive,
        incarnation: 1
    }));
}

#[test]
fn swim_4_2_alive_at_a_higher_incarnation_overrides_suspect_and_dead() {
    let mut n = started(0, 3, &swim());
    let sus = Update {
        member: NodeId(1),
        status: Status::Suspect,
        incarnation: 0,
    };
    n.on_message(
        at_ms(5),
        NodeId(2),
        Message::Ping {
            seq: 1,
            updates: vec![sus],
        },
        &mut out(),
    );
    assert_eq!(n.suspects(), vec![NodeId(1)]);
    let mut x = out();
    n.on_timer(at_ms(1_300), Timer::Suspicion { member: NodeId(1) }, &mut x);
    assert!(matches!(
        notes(&x)[..],
        [Note::Dead {
            member: NodeId(1),
            from: None,
            ..
        }]
    ));
    let stale = Update {
        member: NodeId(1),
        status: Status::Alive,
        incarnation: 0,
    };
    n.on_message(
        at_ms(1_400),
        NodeId(2),
        Message::Ping {
            seq: 2,
            updates: vec![stale],
        },
        &mut out(),
    );
    assert_eq!(n.suspects(), vec![NodeId(1)]);
    let alive = Update {
        member: NodeId(1),
        status: Status::Alive,
        incarnation: 1,
    };
    let mut x = out();
    n.on_message(
        at_ms(1_500),
        NodeId(2),
        Message::Ping {
            seq: 3,
            updates: vec![alive],
        },
        &mut x,
    );
    assert!(n.suspects().is_empty());
    assert!(matches!(
        notes(&x)[..],
        [Note::Trust {
            member: NodeId(1),
            incarnation: 1,
            ..
        }]
    ));
}

#[test]
fn swim_4_2_a_restarted_member_comes_back_at_a_higher_incarnation() {
    let o = swim();
    let mut n: FailureDetector = splitbrain_sim::testkit::node(1, 3, &o, Some(&4));
    let mut x = out();
    n.on_start(at_ms(0), &mut x);
    assert_eq!(n.incarnation(), 5);
    assert_eq!(persisted(&x), Some(5));
}

#[test]
fn mutant_no_incarnation_cannot_refute() {
    let o = FdOptions {
        mutant: Mutant::NoIncarnation,
        ..swim()
    };
    let mut n = started(2, 3, &o);
    let accusation = Update {
        member: NodeId(2),
        status: Status::Dead,
        incarnation: 0,
    };
    let mut x = out();
    n.on_message(
        at_ms(5),
        NodeId(0),
        Message::Ping {
            seq: 1,
            updates: vec![accusation],
        },
        &mut x,
    );
    assert_eq!(n.incarnation(), 0);
    assert!(notes(&x).is_empty());
}

#[test]
fn swim_4_1_an_update_is_piggybacked_a_bounded_number_of_times() {
    let mut n = started(0, 3, &swim());
    let sus = Update {
        member: NodeId(1),
        status: Status::Suspect,
        incarnation: 0,
    };
    n.on_message(
        at_ms(5),
        NodeId(2),
        Message::Ping {
            seq: 1,
            updates: vec![sus],
        },
        &mut out(),
    );
    // λ = 3, ⌈log₂ 4⌉ = 2: six sends carry it: the Ack to the Ping that brought it, and five more.
    let mut carried = 1;
    for i in 0..10 {
        let mut x = out();
        n.on_message(
            at_ms(10 + i),
            NodeId(2),
            Message::Ping {
                seq: 2 + i as u64,
                updates: vec![],
            },
            &mut x,
        );
        if sent(&x)[0]
            .1
            .updates()
            .iter()
            .any(|u| u.member == NodeId(1))
        {
            carried += 1;
        }
    }
    assert_eq!(carried, 6);
}
