//! Throughput of ordered broadcast in the simulator: 5 nodes under total order by Lamport timestamps
//! (the costliest order: every message is acknowledged by every node to every node), one client send
//! every 10 ms round the nodes, half of them questions that every other node answers, with the checker
//! watching every event. Reports simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-broadcast --bench broadcast_throughput`

use splitbrain_broadcast::{Broadcast, BroadcastChecker, BroadcastOptions, Order};
use splitbrain_sim::bench::{steady_load, throughput};
use splitbrain_sim::{ClientOp, Scenario};

const NODES: u32 = 5;
const SIM_SECONDS: u64 = 60;

fn main() {
    let mut sc = Scenario::new::<Broadcast>(NODES, 42);
    let options = BroadcastOptions {
        order: Order::TotalLamport,
        ..BroadcastOptions::default()
    };
    sc.cluster.options = serde_json::to_value(options).unwrap();
    sc.duration_us = SIM_SECONDS * 1_000_000;
    steady_load(&mut sc, 10_000, |i| ClientOp::Send {
        to: None,
        text: if i % 2 == 0 {
            format!("q{i}?")
        } else {
            format!("m{i}")
        },
    });
    let (events, best) = throughput::<Broadcast, BroadcastChecker>(&sc, 3);
    println!(
        "broadcast_throughput: {:.0} events/s ({events} events in {best:.3} s; total order by Lamport timestamps, {NODES} nodes, a send every 10 ms, half of them questions answered by every other node, {SIM_SECONDS} s simulated, checker on)",
        events as f64 / best
    );
}
