//! Throughput of the Two Generals in the simulator: 20 rounds with resending every 5 ms over a link that
//! loses 20 % of messengers, the deadline at 2 s, with the Agreement checker watching every event. The two
//! generals serve no client operations, so messengers are the load. Each run lasts 2.1 s simulated; the
//! bench runs 300 seeds back to back and reports simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-two-generals --bench two_generals_throughput`

use splitbrain_sim::{Scenario, SimTime, Simulation};
use splitbrain_two_generals::{General, GeneralsChecker, TwoGeneralsOptions};
use std::time::Instant;

const SEEDS: u64 = 300;

fn main() {
    let options = TwoGeneralsOptions {
        rounds: 20,
        deadline_ms: 2_000,
        resend_ms: 5,
        ..TwoGeneralsOptions::default()
    };
    let mut best = f64::MAX;
    let mut events = 0;
    for _ in 0..3 {
        let start = Instant::now();
        events = 0;
        for seed in 1..=SEEDS {
            let mut sc = Scenario::new::<General>(2, seed);
            sc.cluster.options = serde_json::to_value(&options).unwrap();
            sc.network.loss = 0.2;
            sc.duration_us = 2_100_000;
            let mut sim: Simulation<General, GeneralsChecker> = Simulation::new(&sc).unwrap();
            let (mut trace, mut violations) = (Vec::new(), Vec::new());
            sim.run_until(SimTime(sc.duration_us), &mut trace, &mut violations);
            events += trace.len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "two_generals_throughput: {:.0} events/s ({events} events in {best:.3} s; {SEEDS} runs of 20 rounds, resend every 5 ms, 20 % loss, 2.1 s simulated each, checker on)",
        events as f64 / best
    );
}
