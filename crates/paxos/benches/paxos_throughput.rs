//! Throughput of Multi-Paxos in the simulator: 5 nodes under steady client load (a put, get or cas every 2 ms
//! of simulated time, spread over all nodes, so most are redirected to the leader), with the Paxos checker
//! watching every event. Reports simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-paxos --bench paxos_throughput`

use splitbrain_paxos::{MultiPaxos, MultiPaxosSim};
use splitbrain_sim::{Action, ClientOp, Event, NodeId, Scenario, Scheduled, SimTime};
use std::time::Instant;

const NODES: u32 = 5;
const SIM_SECONDS: u64 = 20;
const OP_EVERY_US: u64 = 2_000;

fn scenario() -> Scenario {
    let mut sc = Scenario::new::<MultiPaxos>(NODES, 42);
    let mut at = 1_000_000;
    let mut i = 0u64;
    while at < SIM_SECONDS * 1_000_000 {
        let key = format!("k{}", i % 16);
        let op = match i % 4 {
            2 => ClientOp::Get { key },
            3 => ClientOp::Cas {
                key,
                expected: format!("v{}", i.saturating_sub(16)),
                new: format!("v{i}"),
            },
            _ => ClientOp::Put {
                key,
                value: format!("v{i}"),
            },
        };
        sc.schedule.push(Scheduled {
            at_us: at,
            action: Action::Client {
                node: NodeId((i % NODES as u64) as u32),
                op,
            },
        });
        at += OP_EVERY_US;
        i += 1;
    }
    sc.duration_us = SIM_SECONDS * 1_000_000;
    sc
}

fn main() {
    let sc = scenario();
    let ops = sc.schedule.len();
    let mut best = f64::MAX;
    let mut total_events = 0;
    for _ in 0..3 {
        let mut sim = MultiPaxosSim::new(&sc).expect("valid scenario");
        let mut events: Vec<Event<MultiPaxos>> = Vec::with_capacity(1 << 16);
        let mut violations = Vec::new();
        let mut emitted = 0u64;
        let start = Instant::now();
        // Step in slices and drop the trace as we go: the benchmark measures the protocol and the engine,
        // not the memory of a multi-million-event trace.
        let mut t = 0;
        while t < sc.duration_us {
            t += 100_000;
            sim.run_until(SimTime(t), &mut events, &mut violations);
            emitted += events.len() as u64;
            events.clear();
        }
        let secs = start.elapsed().as_secs_f64();
        assert!(violations.is_empty(), "{violations:?}");
        best = best.min(secs);
        total_events = emitted;
    }
    println!(
        "paxos_throughput: {:.0} events/s ({total_events} events in {best:.3} s; Multi-Paxos, {NODES} nodes, {ops} client ops over {SIM_SECONDS} s simulated, checker on)",
        total_events as f64 / best
    );
}
