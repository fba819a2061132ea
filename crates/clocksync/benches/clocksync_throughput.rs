//! Throughput of clock synchronisation in the simulator: 7 TrueTime nodes synchronising every 100 ms with
//! n1 while a client commits a transaction (put) with commit-wait every 20 ms at a rotating node, clocks
//! drifting, the checkers watching every event. Reports simulated events per second of native wall-clock
//! time.
//!
//! `cargo bench -p splitbrain-clocksync --bench clocksync_throughput`

use splitbrain_clocksync::{Algorithm, ClockChecker, ClockSync, ClockSyncOptions};
use splitbrain_sim::bench::throughput;
use splitbrain_sim::{Action, ClientOp, NodeClock, NodeId, Scenario, Scheduled};

const NODES: u32 = 7;
const SIM_SECONDS: u64 = 300;

fn main() {
    let mut sc = Scenario::new::<ClockSync>(NODES, 42);
    let options = ClockSyncOptions {
        algorithm: Algorithm::Truetime,
        interval_ms: 100,
        ..ClockSyncOptions::default()
    };
    sc.cluster.options = serde_json::to_value(&options).unwrap();
    sc.duration_us = SIM_SECONDS * 1_000_000;
    for n in 1..NODES {
        sc.clocks.push(NodeClock {
            node: NodeId(n),
            offset_us: n as i64 * 10_000,
            drift_ppm: (n as i32 % 3 - 1) * 20_000,
        });
    }
    let mut t = 500_000;
    let mut i = 0u64;
    while t < sc.duration_us {
        sc.schedule.push(Scheduled {
            at_us: t,
            action: Action::Client {
                session: None,
                node: NodeId(1 + (i % (NODES as u64 - 1)) as u32),
                op: ClientOp::Put {
                    context: None,
                    key: "k".into(),
                    value: i.to_string(),
                },
            },
        });
        t += 20_000;
        i += 1;
    }
    let (events, best) = throughput::<ClockSync, ClockChecker>(&sc, 3);
    println!(
        "clocksync_throughput: {:.0} events/s ({events} events in {best:.3} s; truetime with commit-wait, {NODES} nodes, rounds every 100 ms, a transaction every 20 ms over {SIM_SECONDS} s simulated, checkers on)",
        events as f64 / best
    );
}
