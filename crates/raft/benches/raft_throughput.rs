//! Throughput of Raft in the simulator: 5 nodes under steady client load (a put or a get every 2 ms of
//! simulated time, spread over all nodes), with the Raft checker watching every event. Reports simulated
//! events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-raft --bench raft_throughput`

use splitbrain_raft::{Raft, RaftChecker};
use splitbrain_sim::bench::{steady_load, throughput};
use splitbrain_sim::{ClientOp, Scenario};

const NODES: u32 = 5;
const SIM_SECONDS: u64 = 20;
const OP_EVERY_US: u64 = 2_000;

fn main() {
    let mut sc = Scenario::new::<Raft>(NODES, 42);
    sc.duration_us = SIM_SECONDS * 1_000_000;
    steady_load(&mut sc, OP_EVERY_US, |i| {
        let key = format!("k{}", i % 16);
        if i % 3 == 2 {
            ClientOp::Get { key }
        } else {
            ClientOp::Put {
                context: None,
                key,
                value: format!("v{i}"),
            }
        }
    });
    let ops = sc.schedule.len();
    let (events, best) = throughput::<Raft, RaftChecker>(&sc, 3);
    println!(
        "raft_throughput: {:.0} events/s ({events} events in {best:.3} s; {NODES} nodes, {ops} client ops over {SIM_SECONDS} s simulated, checker on)",
        events as f64 / best
    );
}
