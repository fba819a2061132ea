//! Time travel: how long a jump to an arbitrary event of a long run takes (restore the nearest snapshot,
//! replay deterministically from there).
//!
//! Run: `cargo bench -p splitbrain-sim --bench time_travel`

use splitbrain_sim::ping::Ping;
use splitbrain_sim::{NoChecker, Scenario, SimTime, Timeline};
use std::time::Instant;

fn main() {
    let mut sc = Scenario::new::<Ping>(9, 3);
    sc.cluster.options = serde_json::json!({ "heartbeat_us": 1_000 });
    sc.network.latency_min_us = 100;
    sc.network.latency_max_us = 2_000;
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(&sc).expect("valid");
    let started = Instant::now();
    t.run_until(SimTime(2_000_000));
    let generate = started.elapsed();
    let len = t.trace().len();
    // A fixed pseudo-random walk over the run, so every run of the bench makes the same jumps.
    let mut target = 7usize;
    let mut times = Vec::new();
    for _ in 0..200 {
        target = (target * 7_919 + 104_729) % len;
        let start = Instant::now();
        t.seek(target);
        times.push(start.elapsed().as_secs_f64() * 1e3);
        assert!(t.cursor() >= target);
    }
    times.sort_by(f64::total_cmp);
    let p = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "time_travel: run of {len} events (9 nodes) generated in {:.3} s; 200 random seeks: p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms",
        generate.as_secs_f64(),
        p(0.5),
        p(0.95),
        p(1.0)
    );
}
