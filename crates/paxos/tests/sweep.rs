//! Seeded random sweeps: thousands of runs with random crashes, restarts, partitions, one-way cuts, message
//! loss and duplication, pauses and clock skew, with client load, for both protocols.
//!
//! - Correct Paxos and Multi-Paxos: zero violations of Agreement, Validity, Promise Integrity and Learner
//!   Agreement, linearizable client results, and liveness after the heal.
//! - Each teaching mutant: some seed catches it; the number of seeds it took is printed and bounded.
//!
//! Liveness bound: faults stop at `FAULT_END_MS`, when every node is resumed and restarted and the network
//! becomes reliable. From then on, a single-decree proposer whose round is refused waits a random backoff
//! (60–240 ms) and retries, so two proposers collide only while their backoffs overlap within a round trip
//! (~40–100 ms): the chance of k collisions in a row falls geometrically, and a value is chosen within a few
//! hundred ms. Multi-Paxos elects a leader within about one election timeout (300–600 ms, randomised, same
//! argument), which re-proposes and fills gaps in one round trip and catches lagging learners up with its
//! heartbeats (100 ms). Clients retry every 1 s for 5 attempts, so `LIVENESS_BOUND_MS` (6 s) leaves ample
//! margin: every operation invoked after the heal must return (Ok or Fail, never "gave up"), and Multi-Paxos
//! with leader election must converge (one leader; every node has learned and applied the same slots).
//!
//! Seed counts: `SWEEP_SEEDS` if set; otherwise 10 000 without debug assertions and 300 with them (debug
//! builds and the `ci` profile: use `SWEEP_SEEDS=10000 cargo test --profile ci -p splitbrain-paxos --test
//! sweep`). Replay one seed with `SEED=n PROTOCOL=paxos|multi-paxos [MUTANT=name] cargo test -p
//! splitbrain-paxos --test sweep replay -- --ignored --nocapture`.

mod common;

use common::scenario;
use splitbrain_paxos::{
    MultiPaxos, Mutant, Note, Paxos, PaxosChecker, PaxosOptions, Persistent, SLOT,
};
use splitbrain_sim::seeds::{run_seeds, SeedRun};
use splitbrain_sim::sweep::{
    definite, ops_after_heal_answered, random_schedule, seed_count, Gen, Plan,
};
use splitbrain_sim::{
    Action, ClientOp, Event, EventKind, NodeId, Protocol, Scenario, Scheduled, SimTime, Simulation,
    Violation,
};

const FAULT_END_MS: u64 = 3_000;
const LIVENESS_BOUND_MS: u64 = 6_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Single,
    Multi,
}

fn client(g: &mut Gen, kind: Kind, nodes: u32, value: &mut u64) -> Action {
    let key = match kind {
        Kind::Single => "x".to_string(),
        Kind::Multi => g.pick(&["x", "y", "z"]).to_string(),
    };
    let node = NodeId(g.below(nodes as u64) as u32);
    let op = match g.below(100) {
        0..=49 => {
            *value += 1;
            ClientOp::Put {
                context: None,
                key,
                value: format!("v{value}"),
            }
        }
        50..=79 if kind == Kind::Multi => {
            *value += 1;
            ClientOp::Cas {
                key,
                expected: format!("v{}", g.range(value.saturating_sub(3), *value)),
                new: format!("v{value}"),
            }
        }
        _ => ClientOp::Get { key },
    };
    Action::Client {
        session: None,
        node,
        op,
    }
}

/// Builds the random scenario of `seed`.
fn generate(seed: u64, kind: Kind, mutant: Option<Mutant>) -> Scenario {
    let mut g = Gen(seed ^ 0x9A05_5EED);
    let nodes = g.pick(&[1, 2, 3, 3, 3, 4, 5, 5, 5, 7]) as u32;
    let options = PaxosOptions {
        leader_election: kind == Kind::Single || g.chance(80),
        mutant,
        ..PaxosOptions::default()
    };
    let mut sc = match kind {
        Kind::Single => scenario::<Paxos>(nodes, seed, options),
        Kind::Multi => scenario::<MultiPaxos>(nodes, seed, options),
    };
    sc.name = format!("sweep seed {seed}");
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
    random_schedule(&mut g, &mut sc, &plan, |g| {
        client(g, kind, nodes, &mut value)
    });
    sc
}

/// What one seed revealed.
struct Outcome {
    safety: Vec<Violation>,
    linearizability: Vec<Violation>,
    liveness: Option<String>,
    events: usize,
}

impl Outcome {
    fn failed(&self) -> bool {
        !self.safety.is_empty() || !self.linearizability.is_empty() || self.liveness.is_some()
    }

    fn describe(&self) -> String {
        if let Some(v) = self.safety.first() {
            return format!("{} at {}: {}", v.invariant, v.event, v.message);
        }
        if let Some(v) = self.linearizability.first() {
            return format!("{} at {}: {}", v.invariant, v.event, v.message);
        }
        format!("liveness: {}", self.liveness.clone().unwrap_or_default())
    }
}

fn converged_multi(sim: &Simulation<MultiPaxos, PaxosChecker>) -> Result<(), String> {
    let n = sim.node_count() as u32;
    let nodes: Vec<&MultiPaxos> = (0..n).filter_map(|i| sim.node(NodeId(i))).collect();
    if nodes.len() != n as usize {
        return Err("a node is still down".into());
    }
    if !sim.options().leader_election {
        return Ok(()); // without heartbeats nobody tells a lagging learner; only the clients are judged
    }
    let leaders: Vec<&&MultiPaxos> = nodes.iter().filter(|m| m.is_leader()).collect();
    let top = leaders
        .iter()
        .max_by_key(|m| m.proposer().ballot)
        .ok_or("no leader")?;
    if top.open_proposals().count() > 0 {
        return Err(format!("leader {} still has open proposals", top.id()));
    }
    for m in &nodes {
        if m.applied() != top.applied() || m.kv() != top.kv() {
            return Err(format!(
                "{} applied {} slots, leader {} applied {}",
                m.id(),
                m.applied(),
                top.id(),
                top.applied()
            ));
        }
    }
    Ok(())
}

fn run_scenario(sc: &Scenario, kind: Kind) -> Outcome {
    match kind {
        Kind::Single => {
            let (sim, events, safety) = simulate::<Paxos>(sc);
            let mut liveness =
                ops_after_heal_answered(&events, FAULT_END_MS * 1_000, definite).err();
            let put_after_heal = sc.schedule.iter().any(|s| {
                s.at_us > FAULT_END_MS * 1_000
                    && matches!(
                        &s.action,
                        Action::Client {
                            op: ClientOp::Put { .. },
                            ..
                        }
                    )
            });
            if liveness.is_none() && put_after_heal && sim.checker().chosen(SLOT).is_none() {
                liveness = Some("a put after the heal, but no value chosen".into());
            }
            outcome(events, safety, liveness)
        }
        Kind::Multi => {
            let (sim, events, safety) = simulate::<MultiPaxos>(sc);
            let liveness = ops_after_heal_answered(&events, FAULT_END_MS * 1_000, definite)
                .and_then(|_| converged_multi(&sim))
                .err();
            outcome(events, safety, liveness)
        }
    }
}

type Simulated<P> = (Simulation<P, PaxosChecker>, Vec<Event<P>>, Vec<Violation>);

fn simulate<P: Protocol<Note = Note, Persistent = Persistent>>(sc: &Scenario) -> Simulated<P> {
    let seed = sc.seed;
    let mut sim = Simulation::<P, PaxosChecker>::new(sc)
        .unwrap_or_else(|e| panic!("seed={seed}: bad scenario: {e}"));
    let mut events = Vec::new();
    let mut safety = Vec::new();
    sim.run_until(SimTime(sc.duration_us), &mut events, &mut safety);
    (sim, events, safety)
}

fn outcome<P: Protocol>(
    events: Vec<Event<P>>,
    safety: Vec<Violation>,
    liveness: Option<String>,
) -> Outcome {
    Outcome {
        linearizability: splitbrain_check::check_all(&events).violations,
        safety,
        liveness,
        events: events.len(),
    }
}

fn correct_survives(kind: Kind, name: &str, protocol: &str) {
    run_seeds(seed_count(), |seed| {
        let outcome = run_scenario(&generate(seed, kind, None), kind);
        SeedRun {
            failure: outcome.failed().then(|| outcome.describe()),
            events: outcome.events as u64,
            ..SeedRun::default()
        }
    })
    .assert_clean(
        &format!("correct {name}"),
        &format!("liveness bound {LIVENESS_BOUND_MS} ms after the heal"),
        &format!(
            "PROTOCOL={protocol} cargo test -p splitbrain-paxos --test sweep replay -- --ignored --nocapture"
        ),
    );
}

#[test]
fn correct_paxos_survives_random_faults() {
    correct_survives(Kind::Single, "Paxos", "paxos");
}

#[test]
fn correct_multi_paxos_survives_random_faults() {
    correct_survives(Kind::Multi, "Multi-Paxos", "multi-paxos");
}

#[path = "sweep/mutants.rs"]
mod mutants;

/// `SEED=n PROTOCOL=paxos|multi-paxos [MUTANT=name] cargo test -p splitbrain-paxos --test sweep replay --
/// --ignored --nocapture` prints a seed's scenario, its notes and client events, and what went wrong.
#[test]
#[ignore]
fn replay() {
    let seed: u64 = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let kind = match std::env::var("PROTOCOL").as_deref() {
        Ok("multi-paxos") => Kind::Multi,
        _ => Kind::Single,
    };
    let mutant: Option<Mutant> = std::env::var("MUTANT")
        .ok()
        .map(|m| serde_json::from_str(&format!("\"{m}\"")).unwrap());
    let sc = match std::env::var("PROFILE").as_deref() {
        Ok("duel") => mutants::duel(seed, kind, mutant),
        _ => generate(seed, kind, mutant),
    };
    println!("{}", sc.to_json_pretty());
    fn print<P: Protocol>(events: &[Event<P>]) {
        for e in events {
            let show = match &e.kind {
                EventKind::Send { .. } | EventKind::Deliver { .. } => std::env::var("MSGS").is_ok(),
                EventKind::TimerFired { .. } => false,
                _ => true,
            };
            if show {
                let node = e.node.map(|n| n.to_string()).unwrap_or_default();
                let kind = serde_json::to_string(&e.kind).unwrap();
                println!("{} {} {node} {kind}", e.id, e.time);
            }
        }
    }
    match kind {
        Kind::Single => print(&simulate::<Paxos>(&sc).1),
        Kind::Multi => print(&simulate::<MultiPaxos>(&sc).1),
    }
    println!("{}", run_scenario(&sc, kind).describe());
}
