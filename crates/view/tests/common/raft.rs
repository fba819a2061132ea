//! Raft runs for tests and the bench, as the views see them (a `Session`'s `Shown` events and Raft's face):
//! a partitioned old leader serving unsafe local reads, and a long busy run for timing.

#![allow(dead_code)]

use splitbrain_raft::{Raft, RaftRun};
use splitbrain_sim::{
    Action, ClientOp, Event, Face, NodeId, Scenario, Scheduled, Session, Shown, SimTime, Violation,
};

/// Raft's face, as a `Session` over a Raft run reports it.
pub fn face() -> &'static Face {
    &<Raft as splitbrain_sim::Describe>::FACE
}

/// The run's events as the views see them, and the protocol checker's violations.
pub fn run(sc: &Scenario, until_us: u64) -> (Vec<Event<Shown>>, Vec<Violation>) {
    let mut run = RaftRun::new(sc).expect("valid scenario");
    run.run_until(SimTime(until_us));
    (run.past().to_vec(), run.violations().to_vec())
}

fn put(at_us: u64, node: u32, key: &str, value: &str) -> Scheduled {
    Scheduled {
        at_us,
        action: Action::Client {
            session: None,
            node: NodeId(node),
            op: ClientOp::Put {
                context: None,
                key: key.into(),
                value: value.into(),
            },
        },
    }
}

fn get(at_us: u64, node: u32, key: &str) -> Scheduled {
    Scheduled {
        at_us,
        action: Action::Client {
            session: None,
            node: NodeId(node),
            op: ClientOp::Get { key: key.into() },
        },
    }
}

/// Who leads at `t` in a scenario run (the last `BecameLeader`, read from the typed Raft trace).
fn leader_at(sc: &Scenario, t: u64) -> u32 {
    let mut run = RaftRun::new(sc).expect("valid scenario");
    run.run_until(SimTime(t));
    run.timeline()
        .trace()
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            splitbrain_sim::EventKind::Note {
                note: splitbrain_raft::Note::BecameLeader { .. },
            } => e.node,
            _ => None,
        })
        .expect("a leader by then")
        .0
}

/// Five nodes, unsafe local reads: the leader is cut off alone, the majority elects a new one and takes a
/// write, and the old leader still answers a read with the old value.
pub fn partitioned_stale_read(seed: u64) -> Scenario {
    let mut sc = Scenario::new::<Raft>(5, seed);
    sc.cluster.options = serde_json::json!({ "read_mode": "unsafe_local" });
    sc.schedule.push(put(800_000, 0, "x", "1"));
    let old = leader_at(&sc, 1_500_000);
    let other = (old + 1) % 5;
    sc.schedule.push(Scheduled {
        at_us: 1_600_000,
        action: Action::Partition {
            groups: vec![
                vec![NodeId(old)],
                (0..5).filter(|n| *n != old).map(NodeId).collect(),
            ],
        },
    });
    sc.schedule.push(put(3_000_000, other, "x", "2"));
    sc.schedule.push(get(4_500_000, old, "x"));
    sc.schedule.push(Scheduled {
        at_us: 5_500_000,
        action: Action::Heal,
    });
    sc.duration_us = 7_000_000;
    sc
}

/// A long, busy run: steady writes and reads, a few partitions and crashes, for timing.
pub fn busy(seed: u64, seconds: u64) -> Scenario {
    let mut sc = Scenario::new::<Raft>(5, seed);
    sc.cluster.options = serde_json::json!({ "heartbeat_us": 50_000 });
    for k in 0..seconds * 4 {
        let t = 500_000 + k * 250_000;
        sc.schedule.push(put(
            t,
            (k % 5) as u32,
            &format!("k{}", k % 7),
            &k.to_string(),
        ));
        sc.schedule.push(get(
            t + 100_000,
            ((k + 2) % 5) as u32,
            &format!("k{}", k % 7),
        ));
    }
    for s in 0..seconds / 10 {
        let t = s * 10_000_000 + 3_000_000;
        sc.schedule.push(Scheduled {
            at_us: t,
            action: Action::Partition {
                groups: vec![
                    vec![NodeId(0), NodeId(1)],
                    vec![NodeId(2), NodeId(3), NodeId(4)],
                ],
            },
        });
        sc.schedule.push(Scheduled {
            at_us: t + 2_000_000,
            action: Action::Heal,
        });
        sc.schedule.push(Scheduled {
            at_us: t + 5_000_000,
            action: Action::Crash {
                node: NodeId((s % 5) as u32),
            },
        });
        sc.schedule.push(Scheduled {
            at_us: t + 6_000_000,
            action: Action::Restart {
                node: NodeId((s % 5) as u32),
            },
        });
    }
    sc.schedule.sort_by_key(|s| s.at_us);
    sc.duration_us = seconds * 1_000_000;
    sc
}
