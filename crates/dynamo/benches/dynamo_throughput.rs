//! Throughput of the Dynamo store in the simulator: 5 nodes, N = 3, W = R = 2, vector clocks, read repair and
//! anti-entropy on, under steady client load (a put or get every 2 ms of simulated time, spread over every
//! node, each of which coordinates what it receives), with the checker watching every event. Reports
//! simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-dynamo --bench dynamo_throughput`

use splitbrain_dynamo::{Dynamo, DynamoChecker};
use splitbrain_sim::bench::{steady_load, throughput};
use splitbrain_sim::{ClientOp, Scenario};

const NODES: u32 = 5;
const SIM_SECONDS: u64 = 20;
const OP_EVERY_US: u64 = 2_000;

fn main() {
    let mut sc = Scenario::new::<Dynamo>(NODES, 42);
    sc.duration_us = SIM_SECONDS * 1_000_000;
    steady_load(&mut sc, OP_EVERY_US, |i| {
        let key = format!("k{}", i % 16);
        match i % 3 {
            2 => ClientOp::Get { key },
            _ => ClientOp::Put {
                context: None,
                key,
                value: format!("v{i}"),
            },
        }
    });
    let ops = sc.schedule.len();
    let (events, best) = throughput::<Dynamo, DynamoChecker>(&sc, 3);
    println!(
        "dynamo_throughput: {:.0} events/s ({events} events in {best:.3} s; N=3 W=2 R=2, vector clocks, read repair, anti-entropy, {NODES} nodes, {ops} client ops over {SIM_SECONDS} s simulated, checker on)",
        events as f64 / best
    );
}
