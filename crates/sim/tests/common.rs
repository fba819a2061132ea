//! Helpers shared by the engine's integration tests: running a scenario and generating random ones.

#![allow(dead_code)]

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use splitbrain_sim::ping::Ping;
use splitbrain_sim::*;

pub fn run(scenario: &Scenario, until_us: u64) -> (Vec<Event<Ping>>, Simulation<Ping>) {
    let mut sim: Simulation<Ping> = Simulation::new(scenario).expect("valid scenario");
    let mut events = Vec::new();
    let mut violations = Vec::new();
    sim.run_until(SimTime(until_us), &mut events, &mut violations);
    (events, sim)
}

pub fn trace_json(scenario: &Scenario, until_us: u64) -> String {
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(scenario).expect("valid scenario");
    t.run_until(SimTime(until_us));
    t.to_trace_file().to_json()
}

pub fn n(i: u32) -> NodeId {
    NodeId(i)
}

/// A random ping scenario with every kind of fault the engine knows, drawn from `seed`.
pub fn random_scenario(seed: u64) -> Scenario {
    let mut rng = StdRng::seed_from_u64(seed);
    let nodes = rng.random_range(2..=6u32);
    let mut sc = Scenario::new::<Ping>(nodes, seed);
    sc.network.loss = [0.0, 0.0, 0.05, 0.2][rng.random_range(0..4usize)];
    sc.network.duplicate = [0.0, 0.1][rng.random_range(0..2usize)];
    sc.network.reorder = rng.random_bool(0.5);
    sc.network.latency_min_us = rng.random_range(1_000..20_000);
    sc.network.latency_max_us = sc.network.latency_min_us + rng.random_range(0..40_000);
    let node = |rng: &mut StdRng| NodeId(rng.random_range(0..nodes));
    for _ in 0..rng.random_range(0..12) {
        let at_us = rng.random_range(0..1_500_000);
        let action = match rng.random_range(0..11) {
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
                let split = rng.random_range(1..nodes.max(2));
                let (a, b) = (0..nodes).map(NodeId).partition(|x| x.0 < split);
                Action::Partition { groups: vec![a, b] }
            }
            5 => Action::Cut {
                from: node(&mut rng),
                to: node(&mut rng),
            },
            6 => Action::Heal,
            7 => Action::SetClock {
                node: node(&mut rng),
                offset_us: rng.random_range(-50_000..50_000),
                drift_ppm: rng.random_range(-200_000..200_000),
            },
            8 => Action::Client {
                session: None,
                node: node(&mut rng),
                op: ClientOp::Put {
                    context: None,
                    key: "x".into(),
                    value: rng.random_range(0..9u32).to_string(),
                },
            },
            9 => Action::DropMessage {
                msg: MsgId(rng.random_range(0..200)),
            },
            _ => Action::DuplicateMessage {
                msg: MsgId(rng.random_range(0..200)),
            },
        };
        sc.schedule.push(Scheduled { at_us, action });
    }
    sc
}
