//! Throughput of mutual exclusion in the simulator: 5 nodes under steady client load (a put or get every
//! 20 ms of simulated time, spread over all nodes), for each algorithm, with the checker watching every
//! event. Reports simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-mutex --bench mutex_throughput`

use splitbrain_mutex::{Algorithm, DistMutex, MutexChecker, MutexOptions};
use splitbrain_sim::bench::{steady_load, throughput};
use splitbrain_sim::{ClientOp, Scenario};

const NODES: u32 = 5;
const SIM_SECONDS: u64 = 20;
const OP_EVERY_US: u64 = 20_000;

fn main() {
    for algorithm in [
        Algorithm::Lamport,
        Algorithm::RicartAgrawala,
        Algorithm::LockServer,
    ] {
        let mut sc = Scenario::new::<DistMutex>(NODES, 42);
        let options = MutexOptions {
            algorithm,
            critical_section_us: 2_000,
            ..MutexOptions::default()
        };
        sc.cluster.options = serde_json::to_value(options).unwrap();
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
        let (events, best) = throughput::<DistMutex, MutexChecker>(&sc, 3);
        println!(
            "mutex_throughput {algorithm:?}: {:.0} events/s ({events} events in {best:.3} s; {NODES} nodes, 2 ms critical sections, {ops} client ops over {SIM_SECONDS} s simulated, checker on)",
            events as f64 / best
        );
    }
}
