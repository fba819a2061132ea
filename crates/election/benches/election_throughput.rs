//! Throughput of leader election in the simulator: 7 nodes running the bully algorithm while the
//! highest id is crashed and restarted every 400 ms of simulated time (so elections run back to back,
//! heartbeats in between), with the checker watching every event. Leader election serves no client
//! operations, so this churn is its load. Reports simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-election --bench election_throughput`

use splitbrain_election::{Election, ElectionChecker};
use splitbrain_sim::bench::throughput;
use splitbrain_sim::{Action, NodeId, Scenario, Scheduled};

const NODES: u32 = 7;
const SIM_SECONDS: u64 = 600;

fn main() {
    let mut sc = Scenario::new::<Election>(NODES, 42);
    sc.duration_us = SIM_SECONDS * 1_000_000;
    let mut t = 500_000;
    while t < sc.duration_us {
        let node = NodeId(NODES - 1 - (t / 400_000 % 2) as u32);
        sc.schedule.push(Scheduled {
            at_us: t,
            action: Action::Crash { node },
        });
        sc.schedule.push(Scheduled {
            at_us: t + 200_000,
            action: Action::Restart { node },
        });
        t += 400_000;
    }
    let (events, best) = throughput::<Election, ElectionChecker>(&sc, 3);
    println!(
        "election_throughput: {:.0} events/s ({events} events in {best:.3} s; bully, {NODES} nodes, the top ids crashed and restarted every 0.4 s over {SIM_SECONDS} s simulated, checker on)",
        events as f64 / best
    );
}
