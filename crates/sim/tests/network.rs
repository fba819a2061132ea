//! The network model as the engine applies it: loss rate, partitions, one-way cuts, FIFO, duplicates,
//! and hand-made message faults.

mod common;

use common::*;
use splitbrain_sim::ping::Ping;
use splitbrain_sim::*;

fn count<F: Fn(&EventKind<Ping>) -> bool>(events: &[Event<Ping>], f: F) -> usize {
    events.iter().filter(|e| f(&e.kind)).count()
}

#[test]
fn loss_rate_is_within_tolerance() {
    let mut sc = Scenario::new::<Ping>(4, 5);
    sc.network.loss = 0.3;
    sc.options_set_heartbeat(5_000);
    let (events, _) = run(&sc, 20_000_000);
    let sends = count(&events, |k| matches!(k, EventKind::Send { .. }));
    let lost = count(&events, |k| {
        matches!(
            k,
            EventKind::Drop {
                reason: DropReason::Loss,
                ..
            }
        )
    });
    assert!(sends > 10_000, "{sends}");
    let rate = lost as f64 / sends as f64;
    assert!(
        (rate - 0.3).abs() < 0.02,
        "loss rate {rate:.3} over {sends} sends"
    );
}

#[test]
fn duplicate_rate_is_within_tolerance() {
    let mut sc = Scenario::new::<Ping>(3, 9);
    sc.network.duplicate = 0.1;
    sc.options_set_heartbeat(5_000);
    let (events, _) = run(&sc, 10_000_000);
    let sends = count(&events, |k| matches!(k, EventKind::Send { .. }));
    let dups = count(&events, |k| matches!(k, EventKind::Duplicate { .. }));
    let rate = dups as f64 / sends as f64;
    assert!(
        (rate - 0.1).abs() < 0.02,
        "duplicate rate {rate:.3} over {sends} sends"
    );
}

#[test]
fn partitions_block_exactly_the_links_between_groups() {
    let mut sc = Scenario::new::<Ping>(5, 3);
    sc.options_set_heartbeat(10_000);
    let groups = vec![vec![n(0), n(1)], vec![n(2), n(3), n(4)]];
    sc.schedule.push(Scheduled {
        at_us: 500_000,
        action: Action::Partition { groups },
    });
    sc.schedule.push(Scheduled {
        at_us: 1_500_000,
        action: Action::Heal,
    });
    let (events, _) = run(&sc, 2_500_000);
    let side = |x: NodeId| x.0 < 2;
    let mut cross_dropped = 0;
    let mut delivered_after_heal = 0;
    for e in &events {
        let during = e.time > SimTime(500_000) && e.time < SimTime(1_500_000);
        match e.kind {
            EventKind::Deliver { from, .. } if during => {
                assert_eq!(
                    side(from),
                    side(e.node.unwrap()),
                    "{e:?} crossed the partition"
                );
            }
            EventKind::Deliver { .. } if e.time > SimTime(1_600_000) => delivered_after_heal += 1,
            EventKind::Drop {
                from,
                to,
                reason: DropReason::Partition,
                ..
            } => {
                assert_ne!(
                    side(from),
                    side(to),
                    "a same-side message was blocked: {e:?}"
                );
                cross_dropped += 1;
            }
            _ => {}
        }
    }
    assert!(cross_dropped > 0);
    assert!(delivered_after_heal > 0);
}

#[test]
fn one_way_cuts_are_one_way() {
    let mut sc = Scenario::new::<Ping>(2, 4);
    sc.options_set_heartbeat(10_000);
    sc.schedule.push(Scheduled {
        at_us: 0,
        action: Action::Cut {
            from: n(0),
            to: n(1),
        },
    });
    let (events, _) = run(&sc, 1_000_000);
    let delivered = |from: u32| {
        count(
            &events,
            |k| matches!(k, EventKind::Deliver { from: f, .. } if *f == n(from)),
        )
    };
    assert_eq!(delivered(0), 0, "n1 → n2 is cut");
    assert!(delivered(1) > 0, "n2 → n1 still works");
}

#[test]
fn fifo_links_never_reorder() {
    let mut sc = Scenario::new::<Ping>(3, 8);
    sc.network.reorder = false;
    sc.network.latency_min_us = 1_000;
    sc.network.latency_max_us = 90_000;
    sc.options_set_heartbeat(2_000);
    let (events, _) = run(&sc, 3_000_000);
    let mut last: std::collections::BTreeMap<(NodeId, NodeId), MsgId> = Default::default();
    for e in &events {
        if let EventKind::Deliver { msg, from } = e.kind {
            let link = (from, e.node.unwrap());
            if let Some(prev) = last.insert(link, msg) {
                assert!(prev < msg, "{prev} delivered after {msg} on {link:?}");
            }
        }
    }
}

#[test]
fn a_clicked_drop_removes_exactly_that_message() {
    let sc = Scenario::new::<Ping>(3, 1);
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(&sc).unwrap();
    t.run_until(SimTime(5_000));
    let victim = t
        .sim()
        .in_flight()
        .next()
        .expect("a message on the wire")
        .id;
    t.act(Action::DropMessage { msg: victim }).unwrap();
    assert!(t.sim().in_flight().all(|m| m.id != victim));
    t.run_until(SimTime(500_000));
    let trace = t.trace();
    assert!(trace.iter().any(|e| matches!(e.kind,
        EventKind::Drop { msg, reason: DropReason::Clicked, .. } if msg == victim)));
    assert!(!trace
        .iter()
        .any(|e| matches!(e.kind, EventKind::Deliver { msg, .. } if msg == victim)));
}

#[test]
fn a_delayed_message_arrives_later_and_once() {
    let sc = Scenario::new::<Ping>(3, 1);
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(&sc).unwrap();
    t.run_until(SimTime(1_000));
    let m = t.sim().in_flight().next().unwrap().clone();
    t.act(Action::DelayMessage {
        msg: m.id,
        by_us: 200_000,
    })
    .unwrap();
    t.run_until(SimTime(1_000_000));
    let deliveries: Vec<_> = t
        .trace()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Deliver { msg, .. } if msg == m.id))
        .collect();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].time, m.deliver_at + SimDuration(200_000));
}

#[test]
fn a_duplicated_message_arrives_twice() {
    let sc = Scenario::new::<Ping>(3, 1);
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(&sc).unwrap();
    t.run_until(SimTime(1_000));
    let m = t.sim().in_flight().next().unwrap().id;
    t.act(Action::DuplicateMessage { msg: m }).unwrap();
    t.run_until(SimTime(1_000_000));
    let copy = t
        .trace()
        .iter()
        .find_map(|e| match e.kind {
            EventKind::Duplicate { msg, copy, .. } if msg == m => Some(copy),
            _ => None,
        })
        .unwrap();
    for id in [m, copy] {
        assert!(t
            .trace()
            .iter()
            .any(|e| matches!(e.kind, EventKind::Deliver { msg, .. } if msg == id)));
    }
}

/// Lets tests set the ping heartbeat (more traffic → tighter statistics).
trait HeartbeatExt {
    fn options_set_heartbeat(&mut self, us: u64);
}

impl HeartbeatExt for Scenario {
    fn options_set_heartbeat(&mut self, us: u64) {
        self.cluster.options = serde_json::json!({ "heartbeat_us": us });
    }
}
