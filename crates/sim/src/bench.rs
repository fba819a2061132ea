//! What every protocol's throughput benchmark shares: a steady client load, and a timed run that drops the
//! trace as it goes (the benchmark measures the protocol and the engine, not the memory of a
//! multi-million-event trace). Wall-clock time is read here, outside any simulated path, and only natively.

use crate::ids::NodeId;
use crate::protocol::{Checker, ClientOp, Protocol};
use crate::scenario::{Action, Scenario, Scheduled};
use crate::time::SimTime;
use crate::Simulation;

/// From 1 s of simulated time to the scenario's end, one client operation every `every_us`, sent round
/// the nodes in turn; `op(i)` is the i-th operation.
pub fn steady_load(sc: &mut Scenario, every_us: u64, mut op: impl FnMut(u64) -> ClientOp) {
    let nodes = sc.cluster.nodes.max(1) as u64;
    let mut at = 1_000_000;
    let mut i = 0u64;
    while at < sc.duration_us {
        sc.schedule.push(Scheduled {
            at_us: at,
            action: Action::Client {
                session: None,
                node: NodeId((i % nodes) as u32),
                op: op(i),
            },
        });
        at += every_us;
        i += 1;
    }
}

/// Runs the scenario to its end `runs` times with checker `C` watching, and returns the events of one run
/// and the best wall-clock seconds. Panics if the checker reports a violation: a benchmark of a broken run
/// measures nothing.
pub fn throughput<P: Protocol, C: Checker<P> + Default>(sc: &Scenario, runs: usize) -> (u64, f64) {
    let mut best = f64::MAX;
    let mut total = 0;
    for _ in 0..runs.max(1) {
        let mut sim: Simulation<P, C> = Simulation::new(sc).expect("a valid benchmark scenario");
        let mut events = Vec::with_capacity(1 << 16);
        let mut violations = Vec::new();
        let mut emitted = 0u64;
        let start = std::time::Instant::now();
        let mut t = 0;
        while t < sc.duration_us {
            t += 100_000;
            sim.run_until(SimTime(t), &mut events, &mut violations);
            emitted += events.len() as u64;
            events.clear();
        }
        let secs = start.elapsed().as_secs_f64();
        assert!(violations.is_empty(), "{violations:?}");
        best = best.min(secs);
        total = emitted;
    }
    (total, best)
}
