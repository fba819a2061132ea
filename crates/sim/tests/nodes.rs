//! Node faults (crash, restart, pause) and clocks as the engine applies them.

mod common;

use common::*;
use splitbrain_sim::ping::Ping;
use splitbrain_sim::*;

fn timeline(sc: &Scenario) -> Timeline<Ping, NoChecker> {
    Timeline::new(sc).unwrap()
}

#[test]
fn crash_loses_volatile_state_and_keeps_persisted_state() {
    let sc = Scenario::new::<Ping>(3, 2);
    let mut t = timeline(&sc);
    t.run_until(SimTime(1_000_000));
    let before = t.sim().node(n(1)).unwrap().clone();
    assert!(before.pongs > 0 && before.acks > 0);
    t.act(Action::Crash { node: n(1) }).unwrap();
    assert_eq!(t.sim().status(n(1)), NodeStatus::Crashed);
    assert!(t.sim().node(n(1)).is_none());
    assert!(
        t.sim().timers(n(1)).is_empty(),
        "a crashed node has no timers"
    );
    t.run_until(SimTime(1_300_000));
    // Messages that reached the dead node were dropped, not delivered.
    let after_crash = t.past().iter().filter(|e| e.time > SimTime(1_000_001));
    let mut dropped = 0;
    for e in after_crash {
        assert_ne!(e.node, Some(n(1)), "a crashed node did something: {e:?}");
        if matches!(
            e.kind,
            EventKind::Drop {
                reason: DropReason::ReceiverCrashed,
                ..
            }
        ) {
            dropped += 1;
        }
    }
    assert!(dropped > 0);
    t.act(Action::Restart { node: n(1) }).unwrap();
    let restarted = t.sim().node(n(1)).unwrap();
    assert_eq!(restarted.pongs, before.pongs, "persisted counter survives");
    assert_eq!(restarted.acks, 0, "volatile counter is lost");
}

#[test]
fn a_paused_node_does_nothing_then_catches_up() {
    let sc = Scenario::new::<Ping>(3, 2);
    let mut t = timeline(&sc);
    t.run_until(SimTime(200_000));
    t.act(Action::Pause { node: n(2) }).unwrap();
    assert_eq!(t.sim().status(n(2)), NodeStatus::Paused);
    let paused_at = t.cursor();
    t.run_until(SimTime(700_000));
    assert!(t.trace()[paused_at..].iter().all(|e| e.node != Some(n(2))));
    t.act(Action::Resume { node: n(2) }).unwrap();
    t.run_until(SimTime(700_002));
    let caught_up = t.trace()[paused_at..]
        .iter()
        .filter(|e| e.node == Some(n(2)) && matches!(e.kind, EventKind::Deliver { .. }))
        .count();
    assert!(caught_up > 0, "backlog delivered on resume");
}

#[test]
fn skewed_clocks_show_in_local_time_and_timer_speed() {
    let mut sc = Scenario::new::<Ping>(2, 2);
    sc.clocks.push(NodeClock {
        node: n(1),
        offset_us: 5_000,
        drift_ppm: 100_000,
    });
    let (events, sim) = run(&sc, 1_100_000);
    assert_eq!(sim.local_time(n(0)), LocalTime(1_100_000));
    assert_eq!(sim.local_time(n(1)), LocalTime(1_215_000));
    for e in events.iter().filter(|e| e.node == Some(n(1))) {
        assert_eq!(e.local_time, Some(sim.clock(n(1)).local_at(e.time)));
    }
    // The 100 ms heartbeat fires every ~90.9 ms of real time on a 10 % fast clock.
    let fires = |node| {
        events
            .iter()
            .filter(|e| e.node == Some(node) && matches!(e.kind, EventKind::TimerFired { .. }))
            .count()
    };
    assert_eq!(fires(n(0)), 11);
    assert_eq!(fires(n(1)), 12);
}

/// Vector clocks capture happens-before exactly: a → b in the transitive closure of program order and
/// message edges if and only if vc(a) < vc(b).
#[test]
fn vector_clocks_equal_the_transitive_closure_of_happens_before() {
    for seed in 0..40 {
        let sc = random_scenario(seed);
        let (events, _) = run(&sc, 600_000);
        let node_events: Vec<&Event<Ping>> = events.iter().filter(|e| e.node.is_some()).collect();
        let index: std::collections::BTreeMap<EventId, usize> = node_events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id, i))
            .collect();
        let m = node_events.len();
        // reach[i] = bitset of events that happen before event i (its causal past).
        let words = m.div_ceil(64);
        let mut reach = vec![vec![0u64; words]; m];
        let mut last_on_node: std::collections::BTreeMap<NodeId, usize> = Default::default();
        for (i, e) in node_events.iter().enumerate() {
            let mut preds = Vec::new();
            if let Some(&p) = last_on_node.get(&e.node.unwrap()) {
                preds.push(p);
            }
            if let (EventKind::Deliver { .. }, Some(parent)) = (&e.kind, e.parent) {
                preds.push(index[&parent]);
            }
            for p in preds {
                let (head, tail) = reach.split_at_mut(i);
                for (w, pw) in tail[0].iter_mut().zip(&head[p]) {
                    *w |= pw;
                }
                tail[0][p / 64] |= 1 << (p % 64);
            }
            last_on_node.insert(e.node.unwrap(), i);
        }
        for b in 0..m {
            for a in 0..m {
                let closure = reach[b][a / 64] & (1 << (a % 64)) != 0;
                let vc = node_events[a]
                    .vclock
                    .happened_before(&node_events[b].vclock);
                assert_eq!(
                    closure, vc,
                    "seed {seed}: {} vs {}",
                    node_events[a].id, node_events[b].id
                );
            }
        }
    }
}

#[test]
fn lamport_clocks_respect_happens_before() {
    let sc = random_scenario(3);
    let (events, _) = run(&sc, 600_000);
    for e in &events {
        if let (EventKind::Deliver { .. }, Some(parent)) = (&e.kind, e.parent) {
            assert!(events[parent.index()].lamport < e.lamport);
        }
    }
}
