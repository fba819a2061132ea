//! Throughput of the failure detectors in the simulator: 7 nodes running SWIM (the busiest: probes,
//! indirect probes and gossip) while one node after another is crashed every 0.5 s (and restarted 1 s later) of
//! simulated time, with the checker watching every event. A failure detector serves no client operations,
//! so this churn is its load. Reports simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-failure-detector --bench failure_detector_throughput`

use splitbrain_failure_detector::{Algorithm, FailureDetector, FdChecker, FdOptions};
use splitbrain_sim::bench::throughput;
use splitbrain_sim::{Action, NodeId, Scenario, Scheduled};

const NODES: u32 = 7;
const SIM_SECONDS: u64 = 3_600;

fn main() {
    for algorithm in [Algorithm::Swim, Algorithm::Heartbeat, Algorithm::PhiAccrual] {
        let mut sc = Scenario::new::<FailureDetector>(NODES, 42);
        sc.cluster.options = serde_json::to_value(FdOptions {
            algorithm,
            ..FdOptions::default()
        })
        .unwrap();
        sc.duration_us = SIM_SECONDS * 1_000_000;
        let mut t = 1_000_000;
        let mut i = 0;
        while t < sc.duration_us {
            let node = NodeId(i % NODES);
            sc.schedule.push(Scheduled {
                at_us: t,
                action: Action::Crash { node },
            });
            sc.schedule.push(Scheduled {
                at_us: t + 1_000_000,
                action: Action::Restart { node },
            });
            t += 500_000;
            if t + 1_000_000 >= sc.duration_us {
                break;
            }
            i += 1;
        }
        sc.schedule.sort_by_key(|s| s.at_us);
        let (events, best) = throughput::<FailureDetector, FdChecker>(&sc, 3);
        println!(
            "failure_detector_throughput: {:.0} events/s ({events} events in {best:.3} s; {algorithm:?}, {NODES} nodes, a node crashed every 0.5 s and restarted 1 s later over {SIM_SECONDS} s simulated, checker on)",
            events as f64 / best
        );
    }
}
