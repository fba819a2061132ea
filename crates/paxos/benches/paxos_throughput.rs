//! Throughput of Multi-Paxos in the simulator: 5 nodes under steady client load (a put, get or cas every 2 ms
//! of simulated time, spread over all nodes, so most are redirected to the leader), with the Paxos checker
//! watching every event. Reports simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-paxos --bench paxos_throughput`

use splitbrain_paxos::{MultiPaxos, PaxosChecker};
use splitbrain_sim::bench::{steady_load, throughput};
use splitbrain_sim::{ClientOp, Scenario};

const NODES: u32 = 5;
const SIM_SECONDS: u64 = 20;
const OP_EVERY_US: u64 = 2_000;

fn main() {
    let mut sc = Scenario::new::<MultiPaxos>(NODES, 42);
    sc.duration_us = SIM_SECONDS * 1_000_000;
    steady_load(&mut sc, OP_EVERY_US, |i| {
        let key = format!("k{}", i % 16);
        match i % 4 {
            2 => ClientOp::Get { key },
            3 => ClientOp::Cas {
                key,
                expected: format!("v{}", i.saturating_sub(16)),
                new: format!("v{i}"),
            },
            _ => ClientOp::Put {
                context: None,
                key,
                value: format!("v{i}"),
            },
        }
    });
    let ops = sc.schedule.len();
    let (events, best) = throughput::<MultiPaxos, PaxosChecker>(&sc, 3);
    println!(
        "paxos_throughput: {:.0} events/s ({events} events in {best:.3} s; Multi-Paxos, {NODES} nodes, {ops} client ops over {SIM_SECONDS} s simulated, checker on)",
        events as f64 / best
    );
}
