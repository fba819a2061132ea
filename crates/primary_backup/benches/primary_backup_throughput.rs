//! Throughput of primary-backup in the simulator: 5 nodes, synchronous replication with majority failover
//! (the safe configuration), under steady client load (a put or get every 2 ms of simulated time, spread
//! over all nodes, so most are redirected to the primary), with the checker watching every event. Reports
//! simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-primary-backup --bench primary_backup_throughput`

use splitbrain_primary_backup::{PbChecker, PrimaryBackup};
use splitbrain_sim::bench::{steady_load, throughput};
use splitbrain_sim::{ClientOp, Scenario};

const NODES: u32 = 5;
const SIM_SECONDS: u64 = 20;
const OP_EVERY_US: u64 = 2_000;

fn main() {
    let mut sc = Scenario::new::<PrimaryBackup>(NODES, 42);
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
    let (events, best) = throughput::<PrimaryBackup, PbChecker>(&sc, 3);
    println!(
        "primary_backup_throughput: {:.0} events/s ({events} events in {best:.3} s; sync replication, majority failover, {NODES} nodes, {ops} client ops over {SIM_SECONDS} s simulated, checker on)",
        events as f64 / best
    );
}
