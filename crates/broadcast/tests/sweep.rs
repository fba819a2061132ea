//! Seeded random sweeps: thousands of runs of every delivery order with random client sends (questions
//! that every other node answers, so causal chains form on their own), crashes, restarts, partitions,
//! one-way cuts, message loss and duplication, pauses and skewed, drifting clocks.
//!
//! - Every correct order must show zero violations of what it promises (FIFO Order, Causal Order, Total
//!   Order, No duplication), judged from the delivery notes alone.
//! - Every teaching mutant must be caught; the number of seeds it took is printed.
//!
//! Liveness: the textbook algorithms assume reliable links and live nodes (there is no retransmission, and
//! Lamport's total order waits to hear from every node), so liveness is judged only in the runs in which
//! the network lost nothing and no node crashed: there, every message sent must have been delivered by
//! every node it was addressed to by the end of the run, `LIVENESS_BOUND_MS` after the heal. The bound:
//! a message needs one latency (≤ 50 ms) to arrive, Lamport's order one more for the acknowledgements, the
//! sequencer one more for its number, and a question's answers 20 ms of think time and the same again;
//! paused nodes resume at the heal: well under a second, so 1.5 s leaves margin.
//!
//! Seed counts: `SWEEP_SEEDS` if set; otherwise 10 000 without debug assertions and 300 with them. Replay
//! one seed with `SEED=n CONFIG=name cargo test -p splitbrain-broadcast --test sweep replay -- --ignored
//! --nocapture`.

mod common;

use common::scenario;
use splitbrain_broadcast::{Broadcast, BroadcastChecker, BroadcastOptions, Mutant, Note, Order};
use splitbrain_sim::seeds::{assert_caught, run_seeds, SeedRun};
use splitbrain_sim::sweep::{random_schedule, seed_count, Gen, Plan};
use splitbrain_sim::{
    Action, ClientOp, Event, EventKind, NodeId, Scenario, SimTime, Simulation, Violation,
};
use std::collections::BTreeMap;

const FAULT_END_MS: u64 = 1_200;
const LIVENESS_BOUND_MS: u64 = 1_500;
const SIZES: &[u32] = &[2, 3, 3, 4, 5];

#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub name: &'static str,
    pub order: Order,
    pub mutant: Mutant,
}

const fn config(name: &'static str, order: Order, mutant: Mutant) -> Config {
    Config {
        name,
        order,
        mutant,
    }
}

const CONFIGS: [Config; 9] = [
    config("fifo", Order::Fifo, Mutant::None),
    config("causal", Order::Causal, Mutant::None),
    config("total-lamport", Order::TotalLamport, Mutant::None),
    config("total-sequencer", Order::TotalSequencer, Mutant::None),
    config(
        "fifo-deliver-on-arrival",
        Order::Fifo,
        Mutant::DeliverOnArrival,
    ),
    config(
        "causal-deliver-on-arrival",
        Order::Causal,
        Mutant::DeliverOnArrival,
    ),
    config(
        "lamport-no-ack-wait",
        Order::TotalLamport,
        Mutant::NoAckWait,
    ),
    config(
        "sequencer-by-arrival",
        Order::TotalSequencer,
        Mutant::SequencerByArrival,
    ),
    // No promise to check: the run must still end without a panic, and deliver everything when calm.
    config("none", Order::None, Mutant::None),
];

pub fn generate(seed: u64, config: &Config) -> Scenario {
    let mut g = Gen(seed ^ 0xB40AD);
    let nodes = g.pick(SIZES);
    let options = BroadcastOptions {
        order: config.order,
        mutant: config.mutant,
        ..BroadcastOptions::default()
    };
    let mut sc = scenario(nodes, seed, options);
    sc.name = format!("sweep {} seed {seed}", config.name);
    let plan = Plan {
        fault_end_ms: FAULT_END_MS,
        liveness_ms: LIVENESS_BOUND_MS,
        first_ms: (20, 150),
        gap_ms: (10, 120),
        client_slots: 10,
        calm_percent: Some(25),
        drift: true,
        after_heal_ms: (0, 300),
    };
    let mut count = 0;
    random_schedule(&mut g, &mut sc, &plan, |g| {
        count += 1;
        let from = g.below(nodes as u64) as u32;
        let to = (nodes > 1 && g.chance(25)).then(|| {
            let other = g.below(nodes as u64 - 1) as u32;
            NodeId(if other >= from { other + 1 } else { other })
        });
        let text = if g.chance(40) {
            format!("q{count}?")
        } else {
            format!("m{count}")
        };
        Action::Client {
            session: None,
            node: NodeId(from),
            op: ClientOp::Send { to, text },
        }
    });
    sc
}

fn simulate(sc: &Scenario) -> (Vec<Event<Broadcast>>, Vec<Violation>) {
    let mut sim: Simulation<Broadcast, BroadcastChecker> = Simulation::new(sc).expect("valid");
    let (mut events, mut violations) = (Vec::new(), Vec::new());
    sim.run_until(SimTime(sc.duration_us), &mut events, &mut violations);
    (events, violations)
}

/// In a run that lost nothing and crashed nothing, every message reached every node it was for.
fn liveness(events: &[Event<Broadcast>], nodes: u32) -> Option<String> {
    if !judged_for_liveness(events) {
        return None;
    }
    let mut due: BTreeMap<(NodeId, String), u64> = BTreeMap::new();
    for e in events {
        if let EventKind::Note { note } = &e.kind {
            match note {
                Note::Sent { id, to, .. } => {
                    let targets: Vec<NodeId> = match to {
                        Some(t) => vec![*t],
                        None => (0..nodes).map(NodeId).collect(),
                    };
                    for t in targets {
                        due.insert((t, id.to_string()), e.time.0);
                    }
                }
                Note::Delivered { id, .. } => {
                    due.remove(&(e.node.unwrap(), id.to_string()));
                }
                _ => {}
            }
        }
    }
    due.iter().next().map(|((n, id), at)| {
        format!(
            "Liveness: {id}, sent at {} ms, never delivered at {n} although nothing was lost and nothing crashed",
            at / 1000
        )
    })
}

fn judged_for_liveness(events: &[Event<Broadcast>]) -> bool {
    !events
        .iter()
        .any(|e| matches!(e.kind, EventKind::Drop { .. } | EventKind::Crash))
}

/// The first failure (safety, then liveness), the events, and whether liveness was judged.
fn run_scenario(sc: &Scenario) -> (Option<String>, usize, bool) {
    let (events, violations) = simulate(sc);
    let failure = violations
        .first()
        .map(|v| format!("{} at event {}: {}", v.invariant, v.event, v.message))
        .or_else(|| liveness(&events, sc.cluster.nodes));
    (failure, events.len(), judged_for_liveness(&events))
}

fn correct_order_survives(config: &Config) {
    let swept = run_seeds(seed_count(), |seed| {
        let (failure, n, judged) = run_scenario(&generate(seed, config));
        SeedRun {
            failure,
            events: n as u64,
            count: u64::from(judged),
            ..SeedRun::default()
        }
    });
    swept.assert_clean(
        &format!("safe {}", config.name),
        &format!("{} judged for liveness", swept.count),
        &format!(
            "CONFIG={} cargo test -p splitbrain-broadcast --test sweep replay -- --ignored --nocapture",
            config.name
        ),
    );
}

#[test]
fn fifo_survives_random_faults() {
    correct_order_survives(&CONFIGS[0]);
}

#[test]
fn causal_survives_random_faults() {
    correct_order_survives(&CONFIGS[1]);
}

#[test]
fn total_order_by_lamport_timestamps_survives_random_faults() {
    correct_order_survives(&CONFIGS[2]);
}

#[test]
fn total_order_by_sequencer_survives_random_faults() {
    correct_order_survives(&CONFIGS[3]);
}

/// Runs seeds in order until the mutant is caught three times; reports how many it took.
fn mutant_is_caught(config: &Config) {
    assert_caught(config.name, seed_count().min(2_000), |seed| {
        run_scenario(&generate(seed, config)).0
    });
}

#[test]
fn no_order_runs_every_schedule_and_delivers_everything_when_calm() {
    correct_order_survives(&CONFIGS[8]);
}

#[test]
fn fifo_delivering_on_arrival_is_caught() {
    mutant_is_caught(&CONFIGS[4]);
}

#[test]
fn causal_delivering_on_arrival_is_caught() {
    mutant_is_caught(&CONFIGS[5]);
}

#[test]
fn lamport_without_waiting_for_acks_is_caught() {
    mutant_is_caught(&CONFIGS[6]);
}

#[test]
fn sequencer_numbering_by_arrival_is_caught() {
    mutant_is_caught(&CONFIGS[7]);
}

/// `SEED=n CONFIG=name cargo test -p splitbrain-broadcast --test sweep replay -- --ignored --nocapture`
/// prints a seed's scenario, its notes and faults, and what went wrong.
#[test]
#[ignore]
fn replay() {
    use splitbrain_sim::Describe;
    let (seed, name) = splitbrain_sim::seeds::replay_request("causal");
    let config = CONFIGS
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no config {name}"));
    let sc = generate(seed, config);
    println!("{}", sc.to_json_pretty());
    let (events, _) = simulate(&sc);
    for e in &events {
        let node = e.node.map(|n| n.to_string()).unwrap_or_default();
        match &e.kind {
            EventKind::Note { note } => println!(
                "{} {} {}",
                e.id,
                e.time,
                Broadcast::show_note(e.node.unwrap(), note)
                    .text
                    .unwrap_or_default()
            ),
            EventKind::Send { .. } | EventKind::Deliver { .. }
                if std::env::var("MSGS").is_err() => {}
            EventKind::TimerFired { .. } => {}
            kind => println!(
                "{} {} {node} {}",
                e.id,
                e.time,
                serde_json::to_string(kind).unwrap()
            ),
        }
    }
    println!("{:?}", run_scenario(&sc).0);
}
