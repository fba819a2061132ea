//! Real traces for the tests: the ping protocol under random faults, from the actual simulator.

#![allow(dead_code)]

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use splitbrain_sim::ping::Ping;
use splitbrain_sim::{Action, ClientOp, Event, NodeId, Scenario, Scheduled, SimTime, Simulation};

pub fn run(scenario: &Scenario, until_us: u64) -> Vec<Event<Ping>> {
    let mut sim: Simulation<Ping> = Simulation::new(scenario).expect("valid scenario");
    let (mut events, mut violations) = (Vec::new(), Vec::new());
    sim.run_until(SimTime(until_us), &mut events, &mut violations);
    events
}

/// A random scenario: 2–5 nodes, lossy/duplicating/reordering network, crashes, pauses, partitions, clock
/// skew and client operations at random times.
pub fn random_scenario(seed: u64) -> Scenario {
    let mut rng = StdRng::seed_from_u64(seed);
    let nodes = rng.random_range(2..=5u32);
    let mut sc = Scenario::new::<Ping>(nodes, seed);
    sc.network.loss = [0.0, 0.05, 0.2][rng.random_range(0..3usize)];
    sc.network.duplicate = [0.0, 0.1][rng.random_range(0..2usize)];
    sc.network.reorder = rng.random_bool(0.5);
    let node = |rng: &mut StdRng| NodeId(rng.random_range(0..nodes));
    for _ in 0..rng.random_range(0..12usize) {
        let at_us = rng.random_range(1_000..400_000u64);
        let action = match rng.random_range(0..9u32) {
            0 => Action::Crash {
                node: node(&mut rng),
            },
            1 => Action::Restart {
                node: node(&mut rng),
            },
            2 => Action::Pause {
                node: node(&mut rng),
            },
            3 => Action::Resume {
                node: node(&mut rng),
            },
            4 => {
                let cut = rng.random_range(1..nodes);
                Action::Partition {
                    groups: vec![
                        (0..cut).map(NodeId).collect(),
                        (cut..nodes).map(NodeId).collect(),
                    ],
                }
            }
            5 => Action::Heal,
            6 => Action::SetClock {
                node: node(&mut rng),
                offset_us: rng.random_range(-50_000..50_000i64),
                drift_ppm: rng.random_range(-200_000..200_000i32),
            },
            7 => Action::Client {
                session: None,
                node: node(&mut rng),
                op: ClientOp::Get { key: "x".into() },
            },
            _ => Action::Timeout {
                node: node(&mut rng),
            },
        };
        sc.schedule.push(Scheduled { at_us, action });
    }
    sc
}
