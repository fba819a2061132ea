//! Throughput of the snapshot bank in the simulator: 5 nodes sending each other money every 50 ms (the
//! application is the load; the bank serves no client operations) with a snapshot started every 500 ms of
//! simulated time by a rotating initiator, over a lossy, duplicating network so the channels retransmit,
//! with the checker watching every event. Reports simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-snapshot --bench snapshot_throughput`

use splitbrain_sim::bench::throughput;
use splitbrain_sim::{Action, NodeId, Scenario, Scheduled};
use splitbrain_snapshot::{Snapshot, SnapshotChecker, SnapshotOptions};

const NODES: u32 = 5;
const SIM_SECONDS: u64 = 120;

fn main() {
    let mut sc = Scenario::new::<Snapshot>(NODES, 42);
    sc.cluster.options = serde_json::to_value(SnapshotOptions {
        transfer_every_ms: 50,
        snapshot_at_ms: Vec::new(),
        ..SnapshotOptions::default()
    })
    .unwrap();
    sc.network.loss = 0.02;
    sc.network.duplicate = 0.01;
    sc.duration_us = SIM_SECONDS * 1_000_000;
    let mut t = 500_000;
    while t < sc.duration_us {
        let node = NodeId((t / 500_000 % NODES as u64) as u32);
        sc.schedule.push(Scheduled {
            at_us: t,
            action: Action::Timeout { node },
        });
        t += 500_000;
    }
    let (events, best) = throughput::<Snapshot, SnapshotChecker>(&sc, 3);
    println!(
        "snapshot_throughput: {:.0} events/s ({events} events in {best:.3} s; {NODES} nodes, a transfer every ~50 ms per node, a snapshot every 0.5 s, 2 % loss, {SIM_SECONDS} s simulated, checker on)",
        events as f64 / best
    );
}
