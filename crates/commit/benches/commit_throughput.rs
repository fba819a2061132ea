//! Throughput of two-phase commit in the simulator: 1 coordinator and 4 participants under steady client
//! load (a transaction every 2 ms of simulated time, sent round the nodes, so most are redirected to the
//! coordinator): two-key writes, reads and puts over 16 keys, with lock conflicts, the checker watching
//! every event. Reports simulated events per second of native wall-clock time.
//!
//! `cargo bench -p splitbrain-commit --bench commit_throughput`

use splitbrain_commit::{CommitChecker, TwoPhaseCommit};
use splitbrain_sim::bench::{steady_load, throughput};
use splitbrain_sim::{ClientOp, Scenario};

const NODES: u32 = 5;
const SIM_SECONDS: u64 = 20;
const OP_EVERY_US: u64 = 2_000;

fn main() {
    let mut sc = Scenario::new::<TwoPhaseCommit>(NODES, 42);
    sc.duration_us = SIM_SECONDS * 1_000_000;
    let key = |i: u64| format!("{}{}", (b'a' + (i % 16) as u8) as char, i % 3);
    steady_load(&mut sc, OP_EVERY_US, |i| match i % 4 {
        0 => ClientOp::parse_txn(&format!("{}=v{i} {}=v{i}", key(i), key(i * 7 + 3))).unwrap(),
        1 => ClientOp::Get { key: key(i) },
        2 => ClientOp::parse_txn(&format!("{}=v{i} {}", key(i), key(i + 5))).unwrap(),
        _ => ClientOp::Put {
            context: None,
            key: key(i),
            value: format!("v{i}"),
        },
    });
    let ops = sc.schedule.len();
    let (events, best) = throughput::<TwoPhaseCommit, CommitChecker>(&sc, 3);
    println!(
        "commit_throughput: {:.0} events/s ({events} events in {best:.3} s; two-phase commit, {NODES} nodes, {ops} transactions over {SIM_SECONDS} s simulated, checker on)",
        events as f64 / best
    );
}
