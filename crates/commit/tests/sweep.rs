//! Seeded random sweeps: thousands of runs with random faults and transaction load.
//!
//! - Correct two-phase commit (plain, presumed abort, cooperative termination): zero violations of
//!   Atomicity, Commit Validity, Durability and Isolation under every fault kind (crashes, restarts,
//!   partitions, one-way cuts, loss, duplication, pauses, clock skew and drift), and liveness after the heal.
//! - Three-phase commit: zero violations and liveness under crash-only faults with reliable failure
//!   detection (no loss, partitions, cuts or pauses; links ≤ 50 ms, well under every timeout); under the
//!   full fault mix it is caught deciding inconsistently, and the seeds are reported like a mutant's.
//! - Each teaching mutant: some seed catches it; the number of seeds it took is printed.
//!
//! Liveness bound: faults stop at `FAULT_END_MS`, when every node is resumed and restarted and the network
//! becomes reliable. From then on an in-doubt participant asks every 0.5 s (decision timeout), the
//! coordinator re-sends unacknowledged decisions every 0.25 s, aborts transactions without all votes after
//! 0.3 s, and a restarted coordinator aborts (or, presumed abort, answers "abort" for) what it never
//! decided; a transaction waiting for a lock votes no after 0.2 s. So every transaction is decided at every
//! participant and every lock released within about one second of the heal; client operations invoked up
//! to 1 s after it must end with an answer (committed or aborted). `LIVENESS_BOUND_MS` (5 s after the heal)
//! leaves ample margin; at its end every participant must be idle (nothing in doubt, waiting or locked) and
//! the coordinator must have no open transaction.
//!
//! Seed counts: `SWEEP_SEEDS` if set; otherwise 10 000 without debug assertions and 300 with them. Replay
//! one seed with `SEED=n KIND=plain|presumed|cooperative|3pc-crash|3pc [MUTANT=name] cargo test -p
//! splitbrain-commit --test sweep replay -- --ignored --nocapture`.

mod common;

use common::{scenario, Told};
use splitbrain_commit::{CommitChecker, CommitOptions, Mutant, TwoPhaseCommit, Variant};
use splitbrain_sim::seeds::{run_seeds, SeedRun, Swept};
use splitbrain_sim::sweep::{
    definite, ops_after_heal_answered, random_schedule, seed_count, Gen, Plan,
};
use splitbrain_sim::{
    Action, ClientOp, Event, NodeId, Scenario, Scheduled, SimTime, Simulation, Violation,
};
use std::collections::BTreeMap;

const FAULT_END_MS: u64 = 3_000;
const LIVENESS_BOUND_MS: u64 = 5_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Plain,
    PresumedAbort,
    Cooperative,
    /// Three-phase commit, crash-only faults on a reliable network.
    ThreePhaseCrash,
    /// Three-phase commit under the full fault mix (expected to split decisions).
    ThreePhase,
}

impl Kind {
    fn options(self, mutant: Option<Mutant>) -> CommitOptions {
        CommitOptions {
            variant: match self {
                Kind::ThreePhaseCrash | Kind::ThreePhase => Variant::ThreePhase,
                _ => Variant::TwoPhase,
            },
            presumed_abort: self == Kind::PresumedAbort,
            cooperative_termination: self == Kind::Cooperative,
            mutant,
            ..CommitOptions::default()
        }
    }
}

const KEYS: [&str; 6] = ["a", "b", "c", "x", "y", "z"];

fn client(g: &mut Gen, nodes: u32, value: &mut u64) -> Action {
    let node = NodeId(g.below(nodes as u64) as u32);
    *value += 1;
    let v = if g.chance(5) {
        "!".to_string()
    } else {
        format!("v{value}")
    };
    let op = match g.below(10) {
        0..=1 => ClientOp::Put {
            context: None,
            key: g.pick(&KEYS).to_string(),
            value: v,
        },
        2 => ClientOp::Get {
            key: g.pick(&KEYS).to_string(),
        },
        _ => {
            let mut writes = BTreeMap::new();
            let mut reads = Vec::new();
            for _ in 0..g.range(1, 3) {
                writes.insert(g.pick(&KEYS).to_string(), v.clone());
            }
            if g.chance(50) {
                let k = g.pick(&KEYS).to_string();
                if !writes.contains_key(&k) {
                    reads.push(k);
                }
            }
            ClientOp::Txn { writes, reads }
        }
    };
    Action::Client {
        session: None,
        node,
        op,
    }
}

fn push(sc: &mut Scenario, at_ms: u64, action: Action) {
    sc.schedule.push(Scheduled {
        at_us: at_ms * 1_000,
        action,
    });
}

/// Crash-only faults on a reliable network: crashes and restarts between transactions, then a heal.
fn crash_only(g: &mut Gen, sc: &mut Scenario, nodes: u32) {
    sc.network.latency_min_us = g.range(5_000, 20_000);
    sc.network.latency_max_us = sc.network.latency_min_us + g.range(0, 30_000);
    let mut value = 0;
    let mut crashed = vec![false; nodes as usize];
    let mut t = g.range(50, 400);
    while t < FAULT_END_MS {
        let n = g.below(nodes as u64) as usize;
        let action = match g.below(20) {
            0..=2 => {
                crashed[n] = true;
                Action::Crash {
                    node: NodeId(n as u32),
                }
            }
            3..=5 => match crashed.iter().position(|c| *c) {
                Some(c) => {
                    crashed[c] = false;
                    Action::Restart {
                        node: NodeId(c as u32),
                    }
                }
                None => client(g, nodes, &mut value),
            },
            _ => client(g, nodes, &mut value),
        };
        push(sc, t, action);
        t += g.range(30, 300);
    }
    for n in 0..nodes {
        push(sc, FAULT_END_MS, Action::Restart { node: NodeId(n) });
    }
    for _ in 0..g.range(1, 3) {
        let at = FAULT_END_MS + g.range(100, 1_000);
        let action = client(g, nodes, &mut value);
        push(sc, at, action);
    }
    sc.duration_us = (FAULT_END_MS + LIVENESS_BOUND_MS) * 1_000;
}

/// Builds the random scenario of `seed`.
pub fn generate(seed: u64, kind: Kind, mutant: Option<Mutant>) -> Scenario {
    let mut g = Gen(seed ^ 0xC0_3317);
    let nodes = g.pick(&[3, 3, 4, 4, 5, 6]) as u32;
    let mut sc = scenario(nodes, seed, kind.options(mutant));
    sc.name = format!("sweep seed {seed}");
    if kind == Kind::ThreePhaseCrash {
        crash_only(&mut g, &mut sc, nodes);
        return sc;
    }
    let plan = Plan {
        fault_end_ms: FAULT_END_MS,
        liveness_ms: LIVENESS_BOUND_MS,
        first_ms: (50, 400),
        gap_ms: (30, 300),
        client_slots: 9,
        calm_percent: None,
        drift: true,
        after_heal_ms: (100, 1_000),
    };
    let mut value = 0u64;
    random_schedule(&mut g, &mut sc, &plan, |g| client(g, nodes, &mut value));
    sc
}

pub struct Outcome {
    pub safety: Vec<Violation>,
    pub liveness: Option<String>,
    pub events: usize,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        !self.safety.is_empty() || self.liveness.is_some()
    }

    pub fn describe(&self) -> String {
        match self.safety.first() {
            Some(v) => format!("{} at {}: {}", v.invariant, v.event, v.message),
            None => format!("liveness: {}", self.liveness.clone().unwrap_or_default()),
        }
    }
}

/// Every transaction decided everywhere, every lock released, the coordinator idle.
fn settled(sim: &Simulation<TwoPhaseCommit, CommitChecker>) -> Result<(), String> {
    for i in 0..sim.node_count() as u32 {
        let node = sim.node(NodeId(i)).ok_or(format!("n{} is down", i + 1))?;
        if let Some(c) = node.coordinator() {
            if let Some(t) = c.open.keys().next() {
                return Err(format!("the coordinator still has T{t} open"));
            }
        }
        if let Some(p) = node.participant() {
            if let Some(t) = p.in_doubt().first() {
                return Err(format!("{} is still in doubt on T{t}", p.id));
            }
            if !p.waiting.is_empty() || !p.locks.is_empty() {
                return Err(format!("{} still holds or waits for locks", p.id));
            }
        }
    }
    Ok(())
}

pub type Simulated = (
    Simulation<TwoPhaseCommit, CommitChecker>,
    Vec<Event<TwoPhaseCommit>>,
    Vec<Violation>,
);

pub fn simulate(sc: &Scenario) -> Simulated {
    let seed = sc.seed;
    let mut sim = Simulation::<TwoPhaseCommit, CommitChecker>::new(sc)
        .unwrap_or_else(|e| panic!("seed={seed}: bad scenario: {e}"));
    let mut events = Vec::new();
    let mut safety = Vec::new();
    sim.run_until(SimTime(sc.duration_us), &mut events, &mut safety);
    (sim, events, safety)
}

pub fn run_scenario(sc: &Scenario) -> Outcome {
    let (sim, events, safety) = simulate(sc);
    let liveness = ops_after_heal_answered(&events, FAULT_END_MS * 1_000, definite)
        .and_then(|_| settled(&sim))
        .err();
    Outcome {
        safety,
        liveness,
        events: events.len(),
    }
}

/// Runs `seeds` seeds on all cores; the failing seeds come back sorted.
pub fn sweep(seeds: u64, kind: Kind, mutant: Option<Mutant>) -> Swept {
    run_seeds(seeds, |seed| {
        let outcome = run_scenario(&generate(seed, kind, mutant));
        SeedRun {
            failure: outcome.failed().then(|| outcome.describe()),
            events: outcome.events as u64,
            ..SeedRun::default()
        }
    })
}

fn correct_survives(kind: Kind, name: &str) {
    sweep(seed_count(), kind, None).assert_clean(
        &format!("correct {name}"),
        &format!("liveness bound {LIVENESS_BOUND_MS} ms after the heal"),
        &format!(
            "KIND={kind:?} cargo test -p splitbrain-commit --test sweep replay -- --ignored --nocapture"
        ),
    );
}

#[test]
fn correct_two_phase_commit_survives_random_faults() {
    correct_survives(Kind::Plain, "two-phase commit");
}

#[test]
fn correct_presumed_abort_survives_random_faults() {
    correct_survives(Kind::PresumedAbort, "two-phase commit, presumed abort");
}

#[test]
fn correct_cooperative_termination_survives_random_faults() {
    correct_survives(
        Kind::Cooperative,
        "two-phase commit, cooperative termination",
    );
}

#[test]
fn three_phase_commit_survives_crash_only_faults_with_reliable_failure_detection() {
    correct_survives(Kind::ThreePhaseCrash, "three-phase commit (crash-only)");
}

#[path = "sweep/mutants.rs"]
mod mutants;

fn kind_from_env() -> Kind {
    match std::env::var("KIND").as_deref() {
        Ok("presumed") | Ok("PresumedAbort") => Kind::PresumedAbort,
        Ok("cooperative") | Ok("Cooperative") => Kind::Cooperative,
        Ok("3pc-crash") | Ok("ThreePhaseCrash") => Kind::ThreePhaseCrash,
        Ok("3pc") | Ok("ThreePhase") => Kind::ThreePhase,
        _ => Kind::Plain,
    }
}

/// Prints a seed's scenario, its story and what went wrong.
#[test]
#[ignore]
fn replay() {
    let seed: u64 = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mutant: Option<Mutant> = std::env::var("MUTANT")
        .ok()
        .map(|m| serde_json::from_str(&format!("\"{m}\"")).unwrap());
    let sc = generate(seed, kind_from_env(), mutant);
    println!("{}", sc.to_json_pretty());
    let mut run = common::Run::new(&sc).run_to_end();
    run.violations.truncate(5);
    print!("{}", run.story());
    println!("{}", run_scenario(&sc).describe());
}
