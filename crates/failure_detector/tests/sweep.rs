//! Seeded random sweeps: thousands of runs of the three detectors with random crashes, restarts,
//! partitions, one-way cuts, message loss and duplication, pauses, forced timeouts and skewed, drifting
//! clocks; then everything heals, and after a settling time one node crashes for good.
//!
//! - **Accuracy after the heal**: from `heal + settle` to the end, no live node is suspected by a live node.
//! - **Completeness**: the node crashed after the settling time is suspected by every live node within the
//!   detection bound, and still is at the end.
//! - False suspicions before the heal are expected (an eventually perfect detector errs while the network
//!   misbehaves): they are counted and printed, not failures.
//! - Each teaching mutant must be caught; the seeds it took are printed.
//!
//! Bounds (after the heal: reliable network, latency ≤ 50 ms, clocks drifting ≤ 3 %, so a local duration
//! d lasts at most d / 0.97 ≈ 1.031·d of real time):
//! - heartbeat: a crashed node's last heartbeat lands ≤ 50 ms after the crash, the timeout (600 ms local)
//!   runs from there: detection ≤ 50 + 619 ms. A live peer's heartbeats are ≤ 200·1.031 + 45 ms apart, well
//!   under the timeout, so a suspicion left from the faults ends at the first heartbeat after the heal
//!   (≤ 260 ms). Bound used: `timeout·1.05 + 100 ms` for detection, the same for settling.
//! - phi-accrual: φ reaches the threshold at mean + y·σ of the learnt gaps (y ≈ 5.2 for φ = 8). The gaps
//!   learnt are at most as long as it takes to be suspected (a longer gap ends a suspicion and is not
//!   learnt), and a lossy link before the heal doubles some: the bound used is 2 s for detection and for
//!   settling; the longest detection seen is printed.
//! - SWIM: with round-robin probing every live node probes the crashed one itself within 2(n−1) periods
//!   and suspects it at the end of that period, whatever the gossip does: detection ≤ (2(n−1)+1)·period·1.031.
//!   Settling: a stale suspicion of a live node is refuted as soon as anyone who holds it sends the accused
//!   a message (it probes it within 2(n−1) periods) and the refutation spreads within λ·log n periods; the
//!   bound used is (4(n−1)+2)·period.
//!
//! Seed counts: `SWEEP_SEEDS` if set; otherwise 10 000 without debug assertions and 300 with them. Replay
//! one seed with `SEED=n CONFIG=name cargo test -p splitbrain-failure-detector --test sweep replay --
//! --ignored --nocapture`.

mod common;

use common::scenario;
use splitbrain_failure_detector::{
    check, Algorithm, FailureDetector, FdChecker, FdOptions, Mutant,
};
use splitbrain_sim::seeds::{assert_caught, run_seeds, SeedRun};
use splitbrain_sim::sweep::{random_schedule, seed_count, Gen, Plan};
use splitbrain_sim::{Action, Event, NodeId, Scenario, Scheduled, SimTime, Simulation, Violation};

const FAULT_END_MS: u64 = 2_000;
const SIZES: &[u32] = &[1, 2, 3, 3, 4, 5];

#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub name: &'static str,
    pub algorithm: Algorithm,
    pub mutant: Mutant,
}

const CONFIGS: [Config; 5] = [
    Config {
        name: "heartbeat",
        algorithm: Algorithm::Heartbeat,
        mutant: Mutant::None,
    },
    Config {
        name: "phi",
        algorithm: Algorithm::PhiAccrual,
        mutant: Mutant::None,
    },
    Config {
        name: "swim",
        algorithm: Algorithm::Swim,
        mutant: Mutant::None,
    },
    Config {
        name: "swim-no-incarnation",
        algorithm: Algorithm::Swim,
        mutant: Mutant::NoIncarnation,
    },
    Config {
        name: "heartbeat-timeout-below-interval",
        algorithm: Algorithm::Heartbeat,
        mutant: Mutant::TimeoutBelowInterval,
    },
];

/// (settling time after the heal, detection bound), in ms.
fn bounds(options: &FdOptions, nodes: u32) -> (u64, u64) {
    match options.algorithm {
        Algorithm::Heartbeat => {
            let b = options.timeout_ms * 105 / 100 + 100;
            (b, b)
        }
        Algorithm::PhiAccrual => (2_000, 2_000),
        Algorithm::Swim => {
            let n = nodes.max(2) as u64;
            let p = options.period_ms;
            (
                (4 * (n - 1) + 2) * p,
                ((2 * (n - 1) + 1) * p) * 1031 / 1000 + 50,
            )
        }
    }
}

pub struct Generated {
    sc: Scenario,
    settle_from: SimTime,
    crash: Option<(NodeId, SimTime)>,
    detect_us: u64,
}

pub fn generate(seed: u64, config: &Config) -> Generated {
    let mut g = Gen(seed ^ 0xFD);
    let nodes = g.pick(SIZES);
    let options = FdOptions {
        algorithm: config.algorithm,
        mutant: config.mutant,
        ..FdOptions::default()
    };
    let (settle, detect) = bounds(&options, nodes);
    let mut sc = scenario(nodes, seed, options);
    sc.name = format!("sweep {} seed {seed}", config.name);
    let plan = Plan {
        fault_end_ms: FAULT_END_MS,
        liveness_ms: settle + detect,
        first_ms: (50, 400),
        gap_ms: (30, 300),
        client_slots: 0,
        calm_percent: None,
        drift: true,
        after_heal_ms: (0, 0),
    };
    // A failure detector serves no client operations; the slots after the heal get a harmless heal.
    random_schedule(&mut g, &mut sc, &plan, |_| Action::Heal);
    let settle_from = SimTime::from_millis(FAULT_END_MS + settle);
    let crash = (nodes >= 2).then(|| (NodeId(g.below(nodes as u64) as u32), settle_from));
    if let Some((node, at)) = crash {
        sc.schedule.push(Scheduled {
            at_us: at.0,
            action: Action::Crash { node },
        });
    }
    Generated {
        sc,
        settle_from,
        crash,
        detect_us: detect * 1_000,
    }
}

fn simulate(sc: &Scenario) -> (Vec<Event<FailureDetector>>, Vec<Violation>) {
    let mut sim: Simulation<FailureDetector, FdChecker> = Simulation::new(sc).expect("valid");
    let (mut events, mut violations) = (Vec::new(), Vec::new());
    sim.run_until(SimTime(sc.duration_us), &mut events, &mut violations);
    (events, violations)
}

struct Outcome {
    failure: Option<String>,
    events: usize,
    wrong_before_heal: usize,
    slowest_detection_us: u64,
}

fn run_generated(g: &Generated) -> Outcome {
    let (events, violations) = simulate(&g.sc);
    let mut failure = violations
        .first()
        .map(|v| format!("{} at event {}: {}", v.invariant, v.event, v.message));
    if failure.is_none() {
        failure = check::accuracy_after(&events, g.settle_from)
            .map(|w| format!("Accuracy after the heal: {w}"));
    }
    let mut slowest = 0;
    if let Some((node, at)) = g.crash {
        if failure.is_none() {
            failure = check::completeness(&events, node, at, g.detect_us)
                .map(|w| format!("Completeness: {w}"));
        }
        for d in check::detections(&events).iter().filter(|d| d.at == at) {
            for t in d.by.iter().filter_map(|(_, t)| *t) {
                slowest = slowest.max(t.0 - at.0);
            }
        }
    }
    let heal = FAULT_END_MS * 1_000;
    let wrong = check::suspicions(&events)
        .iter()
        .filter(|s| s.wrong && s.at.0 < heal)
        .count();
    Outcome {
        failure,
        events: events.len(),
        wrong_before_heal: wrong,
        slowest_detection_us: slowest,
    }
}

fn correct_algorithm_survives(config: &Config) {
    let seeds = seed_count();
    let swept = run_seeds(seeds, |seed| {
        let o = run_generated(&generate(seed, config));
        SeedRun {
            failure: o.failure,
            events: o.events as u64,
            worst: o.slowest_detection_us,
            count: o.wrong_before_heal as u64,
            ..SeedRun::default()
        }
    });
    swept.assert_clean(
        &format!("safe {}", config.name),
        &format!(
            "{} false suspicions during the faults ({:.1} per run), none after the settling time; slowest detection of the crash {} ms",
            swept.count,
            swept.count as f64 / seeds.max(1) as f64,
            swept.worst / 1_000,
        ),
        &format!(
            "CONFIG={} cargo test -p splitbrain-failure-detector --test sweep replay -- --ignored --nocapture",
            config.name
        ),
    );
}

#[test]
fn heartbeat_survives_random_faults() {
    correct_algorithm_survives(&CONFIGS[0]);
}

#[test]
fn phi_accrual_survives_random_faults() {
    correct_algorithm_survives(&CONFIGS[1]);
}

#[test]
fn swim_survives_random_faults() {
    correct_algorithm_survives(&CONFIGS[2]);
}

/// Runs seeds in order until the mutant is caught three times; reports the seeds.
fn mutant_is_caught(config: &Config) {
    assert_caught(config.name, seed_count().min(2_000), |seed| {
        run_generated(&generate(seed, config)).failure
    });
}

#[test]
fn swim_without_incarnations_is_caught() {
    mutant_is_caught(&CONFIGS[3]);
}

#[test]
fn a_timeout_below_the_interval_is_caught() {
    mutant_is_caught(&CONFIGS[4]);
}

/// `SEED=n CONFIG=name cargo test -p splitbrain-failure-detector --test sweep replay -- --ignored
/// --nocapture` prints a seed's scenario, its notes and faults, and what went wrong.
#[test]
#[ignore]
fn replay() {
    use splitbrain_sim::{Describe, EventKind};
    let (seed, name) = splitbrain_sim::seeds::replay_request("heartbeat");
    let config = CONFIGS
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no config {name}"));
    let g = generate(seed, config);
    println!("{}", g.sc.to_json_pretty());
    let (events, _) = simulate(&g.sc);
    for e in &events {
        match &e.kind {
            EventKind::Note { note } => println!(
                "{} {} {}",
                e.id,
                e.time,
                FailureDetector::show_note(e.node.unwrap(), note)
                    .text
                    .unwrap_or_default()
            ),
            EventKind::Send { .. } | EventKind::Deliver { .. } | EventKind::Drop { .. }
                if std::env::var_os("MSGS").is_none() => {}
            EventKind::TimerFired { .. } => {}
            kind => println!(
                "{} {} {} {}",
                e.id,
                e.time,
                e.node.map(|n| n.to_string()).unwrap_or_default(),
                serde_json::to_string(kind).unwrap()
            ),
        }
    }
    println!("settle from {}, crash {:?}", g.settle_from, g.crash);
    println!("outcome: {:?}", run_generated(&g).failure);
}
