//! Seeded random sweeps of the two generals.
//!
//! - **Reliable link** (`reliable`): no loss, but random latency (5–50 ms, reordering), duplicates, up to
//!   three pauses of either general (≤ 150 ms each), clocks offset by up to ±0.5 s and drifting up to ±3 %,
//!   1 to 8 rounds, resending off or every 50 / 100 ms. The deadline (2 s on each general's own clock, so
//!   ≥ 1.94 s of real time) lies beyond any chain of messengers: 8 rounds × 50 ms + 3 × 150 ms of pauses =
//!   0.85 s. Every messenger therefore arrives before either deadline: zero Agreement violations, and both
//!   generals decide (Decision by the deadline) by the end of the run (2.5 s).
//! - **Faults** (`faults`): the shared random fault schedule (crashes, restarts, partitions, one-way cuts,
//!   loss, duplicates, pauses, forced early decisions, skewed clocks) until 1.5 s, then everything healed.
//!   Disagreement is expected here (it is the lesson) and *measured*; what must hold is that every general
//!   up at the end has decided (its deadline, or its restart after it, decides at once).
//! - **The mutant** `insist_on_last_ack` is caught on the reliable link; the seeds it took are printed.
//! - **Impossibility, as a property**: for loss p = 0.3 and every number of rounds 1..=8, with and without
//!   resending, the measured probability of disagreement is > 0.
//!
//! Seed counts: `SWEEP_SEEDS` if set; otherwise 10 000 without debug assertions and 300 with them. Replay
//! one seed with `SEED=n CONFIG=name cargo test -p splitbrain-two-generals --test sweep replay -- --ignored
//! --nocapture`.

mod common;

use common::scenario;
use splitbrain_sim::seeds::{assert_caught, run_seeds, SeedRun, Swept};
use splitbrain_sim::sweep::{random_clocks, random_schedule, seed_count, Gen, Plan};
use splitbrain_sim::{
    Action, Event, EventKind, NodeId, Scenario, Scheduled, SimTime, Simulation, Violation,
};
use splitbrain_two_generals::{check, General, GeneralsChecker, Mutant, TwoGeneralsOptions};

#[derive(Clone, Copy, Debug)]
struct Config {
    name: &'static str,
    faults: bool,
    mutant: Mutant,
}

const CONFIGS: [Config; 3] = [
    Config {
        name: "reliable",
        faults: false,
        mutant: Mutant::None,
    },
    Config {
        name: "faults",
        faults: true,
        mutant: Mutant::None,
    },
    Config {
        name: "reliable-insist-on-last-ack",
        faults: false,
        mutant: Mutant::InsistOnLastAck,
    },
];

const DEADLINE_MS: u64 = 2_000;

fn generate(seed: u64, config: &Config) -> Scenario {
    let mut g = Gen(seed ^ 0x2_6E4E_4A15);
    let options = TwoGeneralsOptions {
        rounds: g.range(1, 8),
        deadline_ms: DEADLINE_MS,
        resend_ms: g.pick(&[0, 0, 50, 100]),
        mutant: config.mutant,
    };
    let mut sc = scenario(seed, options);
    sc.name = format!("sweep {} seed {seed}", config.name);
    if config.faults {
        let plan = Plan {
            fault_end_ms: 1_500,
            liveness_ms: 1_000,
            first_ms: (0, 200),
            gap_ms: (20, 200),
            client_slots: 0,
            calm_percent: None,
            drift: true,
            after_heal_ms: (0, 0),
        };
        random_schedule(&mut g, &mut sc, &plan, |_| Action::Heal);
        return sc;
    }
    let min = g.range(5_000, 30_000);
    sc.network.latency_min_us = min;
    sc.network.latency_max_us = min + g.range(0, 50_000 - min);
    sc.network.duplicate = if g.chance(30) {
        g.range(1, 10) as f64 / 100.0
    } else {
        0.0
    };
    sc.network.reorder = g.chance(50);
    random_clocks(&mut g, &mut sc, true);
    for _ in 0..g.range(0, 3) {
        let node = NodeId(g.below(2) as u32);
        let at = g.range(0, 1_900) * 1_000;
        let resume = at + g.range(1, 150) * 1_000;
        sc.schedule.push(Scheduled {
            at_us: at,
            action: Action::Pause { node },
        });
        sc.schedule.push(Scheduled {
            at_us: resume,
            action: Action::Resume { node },
        });
    }
    sc.schedule.sort_by_key(|s| s.at_us);
    sc.duration_us = 2_500_000;
    sc
}

fn simulate(sc: &Scenario) -> (Vec<Event<General>>, Vec<Violation>) {
    let mut sim: Simulation<General, GeneralsChecker> = Simulation::new(sc).expect("valid");
    let (mut events, mut violations) = (Vec::new(), Vec::new());
    sim.run_until(SimTime(sc.duration_us), &mut events, &mut violations);
    (events, violations)
}

/// Agreement violations (the lesson or a bug, depending on the config), the liveness failure if any,
/// and the number of events.
fn run_scenario(sc: &Scenario) -> (Vec<Violation>, Option<String>, usize) {
    let (events, violations) = simulate(sc);
    let liveness = check::undecided(&events).map(|w| format!("Decision by the deadline: {w}"));
    (violations, liveness, events.len())
}

/// Runs `seeds` seeds on all cores. A disagreement is noted (and, if `disagreeing_fails`, fails the seed);
/// an undecided general is counted and fails the seed.
fn sweep(seeds: u64, config: &Config, disagreeing_fails: bool) -> Swept {
    run_seeds(seeds, |seed| {
        let (violations, liveness, n) = run_scenario(&generate(seed, config));
        let disagreement = violations
            .first()
            .map(|v| format!("{} at event {}: {}", v.invariant, v.event, v.message));
        SeedRun {
            failure: if disagreeing_fails {
                disagreement.clone().or(liveness.clone())
            } else {
                liveness.clone()
            },
            events: n as u64,
            count: u64::from(liveness.is_some()),
            note: disagreement,
            ..SeedRun::default()
        }
    })
}

fn replay_command(config: &Config) -> String {
    format!(
        "CONFIG={} cargo test -p splitbrain-two-generals --test sweep replay -- --ignored --nocapture",
        config.name
    )
}

#[test]
fn without_loss_the_generals_always_agree() {
    let config = &CONFIGS[0];
    let swept = sweep(seed_count(), config, true);
    swept.assert_clean(
        &format!("safe {}", config.name),
        &format!(
            "{} disagreeing, {} undecided",
            swept.notes.len(),
            swept.count
        ),
        &replay_command(config),
    );
}

#[test]
fn under_faults_every_general_decides_and_disagreement_is_measured() {
    let config = &CONFIGS[1];
    let seeds = seed_count();
    let swept = sweep(seeds, config, false);
    swept.assert_clean(
        &format!("measured {}", config.name),
        &format!(
            "{} disagreeing ({:.1} %, the lesson, e.g. seed {:?}), {} undecided",
            swept.notes.len(),
            100.0 * swept.notes.len() as f64 / seeds.max(1) as f64,
            swept.notes.first().map(|v| v.0),
            swept.count
        ),
        &replay_command(config),
    );
    assert!(!swept.notes.is_empty(), "faults never split the generals");
}

#[test]
fn the_insist_on_last_ack_mutant_is_caught_without_loss() {
    let config = &CONFIGS[2];
    assert_caught(config.name, seed_count().min(2_000), |seed| {
        let (violations, _, _) = run_scenario(&generate(seed, config));
        violations
            .first()
            .map(|v| format!("{}: {}", v.invariant, v.message))
    });
}

/// The fraction of `seeds` runs of `rounds` rounds on a link losing `loss` in which the generals disagree.
fn disagreement(rounds: u64, resend_ms: u64, deadline_ms: u64, loss: f64, seeds: u64) -> f64 {
    let mut split = 0;
    for seed in 1..=seeds {
        let options = TwoGeneralsOptions {
            rounds,
            deadline_ms,
            resend_ms,
            mutant: Mutant::None,
        };
        let mut sc = scenario(seed, options);
        sc.network.loss = loss;
        sc.duration_us = (deadline_ms + 100) * 1_000;
        let (violations, _, _) = run_scenario(&sc);
        if violations.iter().any(|v| v.invariant == "Agreement") {
            split += 1;
        }
    }
    split as f64 / seeds as f64
}

#[test]
fn for_every_number_of_rounds_a_lossy_link_can_split_the_generals() {
    // Without resending P(disagree) = (1 − p)^(R−1) · p: the chain breaks exactly at the last messenger.
    let seeds = 1_000;
    let p = 0.3;
    for rounds in 1..=8u64 {
        let plain = disagreement(rounds, 0, 1_000, p, seeds);
        let expected = (1.0 - p).powi(rounds as i32 - 1) * p;
        // Resending every 50 ms with a 300 ms deadline: rarer, never impossible.
        let resent = disagreement(rounds, 50, 300, p, seeds);
        println!(
            "rounds {rounds}: disagreement {:.1} % without resending (theory {:.1} %), {:.1} % resending every 50 ms",
            plain * 100.0,
            expected * 100.0,
            resent * 100.0
        );
        assert!(
            plain > 0.0,
            "rounds {rounds}: no disagreement without resending"
        );
        assert!(
            resent > 0.0,
            "rounds {rounds}: no disagreement with resending"
        );
        assert!(
            (plain - expected).abs() < 0.05,
            "rounds {rounds}: {plain} vs {expected}"
        );
    }
}

/// `SEED=n CONFIG=name cargo test -p splitbrain-two-generals --test sweep replay -- --ignored --nocapture`
#[test]
#[ignore]
fn replay() {
    let (seed, name) = splitbrain_sim::seeds::replay_request("reliable");
    let config = CONFIGS
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no config {name}"));
    let sc = generate(seed, config);
    println!("{}", sc.to_json_pretty());
    let (events, _) = simulate(&sc);
    for e in &events {
        if !matches!(e.kind, EventKind::TimerFired { .. }) {
            let node = e.node.map(|n| n.to_string()).unwrap_or_default();
            println!(
                "{} {} {node} {}",
                e.id,
                e.time,
                serde_json::to_string(&e.kind).unwrap()
            );
        }
    }
    let (violations, liveness, _) = run_scenario(&sc);
    println!("violations: {violations:?}\nliveness: {liveness:?}");
}
