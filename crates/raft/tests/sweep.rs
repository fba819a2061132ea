//! Seeded random sweeps: thousands of runs with random crashes, restarts, partitions, one-way cuts, message
//! loss and duplication, pauses and clock skew.
//!
//! - Correct Raft: zero violations of the five safety properties, linearizable client results, and
//!   liveness (after the faults heal, one leader and all nodes converged within a bounded time).
//! - Each teaching mutant: some seed catches it; the number of seeds it took is printed.
//!
//! Seed counts: `SWEEP_SEEDS` if set; otherwise 10 000 in a build without debug assertions
//! (`cargo test --release -p splitbrain-raft`) and 300 with them (a debug build, or the workspace's `ci`
//! profile: use `SWEEP_SEEDS=10000` there).
//!
//! Some mutants need a particular interleaving that random faults almost never produce; they are hunted
//! with targeted profiles (a jittered Figure 8 schedule, vote storms), which correct Raft must also pass.
//! Replay one seed with `SEED=n [MUTANT=name] cargo test -p splitbrain-raft --test sweep replay -- --ignored
//! --nocapture` (or `SCENARIO=raft-figure8.json` to replay a lecture scenario).

mod common;

use common::scenario;
use splitbrain_raft::{Mutant, Raft, RaftOptions, RaftSim, ReadMode, Role};
use splitbrain_sim::seeds::{assert_caught_n, run_seeds, SeedRun};
use splitbrain_sim::sweep::{random_schedule, seed_count, Gen, Plan};
use splitbrain_sim::{Action, ClientOp, Event, NodeId, Scenario, Scheduled, SimTime, Violation};

/// Faults happen during the first 4 simulated seconds.
const FAULT_END_MS: u64 = 4_000;
/// Liveness bound: this long after the heal, the cluster must have one leader and have converged.
const LIVENESS_BOUND_MS: u64 = 8_000;

/// Builds the random scenario of `seed`.
fn generate(seed: u64, mutant: Option<Mutant>) -> Scenario {
    let mut g = Gen(seed ^ 0x005E_ED0F_5EED);
    let nodes = g.pick(&[1, 2, 3, 3, 3, 4, 5, 5, 5, 5, 7]) as u32;
    let read_mode = match g.below(8) {
        0..=3 => ReadMode::Log,
        4..=5 => ReadMode::ReadIndex,
        _ => ReadMode::Lease,
    };
    let options = RaftOptions {
        pre_vote: g.chance(40),
        check_quorum: g.chance(40),
        read_mode,
        max_entries_per_append: g.pick(&[1, 2, 64]),
        mutant,
        ..RaftOptions::default()
    };
    let mut sc = scenario(nodes, seed, options);
    sc.name = format!("sweep seed {seed}");
    let plan = Plan {
        fault_end_ms: FAULT_END_MS,
        liveness_ms: LIVENESS_BOUND_MS,
        first_ms: (100, 600),
        gap_ms: (30, 400),
        client_slots: 8,
        calm_percent: Some(15),
        // A lease is only as good as the clocks: drift is a different lesson, taught by its own scenario.
        drift: read_mode != ReadMode::Lease,
        after_heal_ms: (300, 1_500),
    };
    let mut value = 0u64;
    random_schedule(&mut g, &mut sc, &plan, |g| {
        let key = g.pick(&["x", "y", "z"]).to_string();
        let node = NodeId(g.below(nodes as u64) as u32);
        let op = if g.chance(55) {
            value += 1;
            ClientOp::Put {
                context: None,
                key,
                value: format!("v{value}"),
            }
        } else {
            ClientOp::Get { key }
        };
        Action::Client {
            session: None,
            node,
            op,
        }
    });
    sc
}

/// What one seed revealed.
struct Outcome {
    /// Safety violations found by the Raft checker.
    safety: Vec<Violation>,
    /// Linearizability violations of the client results (crates/check).
    linearizability: Vec<Violation>,
    /// Why the cluster had not recovered by the liveness bound, if it had not.
    liveness: Option<String>,
    events: usize,
    /// When the last leader after the heal was elected, relative to the heal.
    elected_after_heal_ms: Option<u64>,
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

fn run_seed(seed: u64, mutant: Option<Mutant>) -> Outcome {
    run_scenario(&generate(seed, mutant))
}

fn run_scenario(sc: &Scenario) -> Outcome {
    let seed = sc.seed;
    let mut sim = RaftSim::new(sc).unwrap_or_else(|e| panic!("seed={seed}: bad scenario: {e}"));
    let mut events: Vec<Event<Raft>> = Vec::new();
    let mut safety = Vec::new();
    sim.run_until(SimTime(sc.duration_us), &mut events, &mut safety);
    let linearizability = splitbrain_check::linearizability::check(&events);
    let heal = SimTime(FAULT_END_MS * 1_000);
    let elected_after_heal_ms = events
        .iter()
        .rev()
        .find(|e| {
            matches!(
                &e.kind,
                splitbrain_sim::EventKind::Note {
                    note: splitbrain_raft::Note::BecameLeader { .. }
                }
            )
        })
        .map(|e| e.time.0.saturating_sub(heal.0) / 1_000);
    Outcome {
        safety,
        linearizability,
        liveness: converged(&sim).err(),
        events: events.len(),
        elected_after_heal_ms,
    }
}

/// One leader in the highest term, every node following it, and every node with the same committed log
/// and the same key-value contents.
fn converged(sim: &RaftSim) -> Result<(), String> {
    let n = sim.node_count() as u32;
    let nodes: Vec<&Raft> = (0..n).filter_map(|i| sim.node(NodeId(i))).collect();
    if nodes.len() != n as usize {
        return Err("a node is still down".into());
    }
    let max_term = nodes.iter().map(|r| r.current_term()).max().unwrap_or(0);
    let leaders: Vec<&&Raft> = nodes
        .iter()
        .filter(|r| r.role() == Role::Leader && r.current_term() == max_term)
        .collect();
    let [leader] = leaders.as_slice() else {
        return Err(format!(
            "{} leaders in the highest term {max_term}",
            leaders.len()
        ));
    };
    let commit = leader.commit_index();
    if commit < leader.last_log_index() {
        return Err(format!(
            "leader {} has not committed its whole log",
            leader.id()
        ));
    }
    for r in &nodes {
        if r.leader_id() != Some(leader.id()) {
            return Err(format!("{} does not follow leader {}", r.id(), leader.id()));
        }
        if r.commit_index() != commit || r.last_applied() != commit {
            return Err(format!(
                "{} has commit index {} (leader: {commit})",
                r.id(),
                r.commit_index()
            ));
        }
        if r.log()[..commit as usize] != leader.log()[..commit as usize] {
            return Err(format!(
                "{}'s committed log differs from the leader's",
                r.id()
            ));
        }
        if r.kv() != leader.kv() {
            return Err(format!(
                "{}'s key-value store differs from the leader's",
                r.id()
            ));
        }
    }
    Ok(())
}

#[test]
fn correct_raft_survives_random_faults() {
    let swept = run_seeds(seed_count(), |seed| {
        let outcome = run_seed(seed, None);
        SeedRun {
            failure: outcome.failed().then(|| outcome.describe()),
            events: outcome.events as u64,
            worst: outcome.elected_after_heal_ms.unwrap_or(0),
            ..SeedRun::default()
        }
    });
    swept.assert_clean(
        "correct Raft",
        &format!(
            "latest post-heal election {} ms after the heal (bound {LIVENESS_BOUND_MS} ms)",
            swept.worst
        ),
        "cargo test -p splitbrain-raft --test sweep replay -- --ignored --nocapture",
    );
}

/// A targeted profile for a mutant that random faults rarely provoke: `scenario(seed, mutant)`.
type Profile = fn(u64, Option<Mutant>) -> Scenario;

/// The Figure 8 lecture schedule with jittered latency and action times: the commit-rule mutant needs an
/// old-term entry to reach a majority just before its leader dies, which random faults almost never arrange.
fn figure8_jittered(seed: u64, mutant: Option<Mutant>) -> Scenario {
    let mut g = Gen(seed ^ 0xF168);
    let mut sc = common::load("raft-figure8.json");
    sc.seed = seed;
    let mut options: RaftOptions = sc.options::<Raft>().unwrap();
    options.mutant = mutant;
    sc.cluster.options = serde_json::to_value(options).unwrap();
    sc.network.latency_min_us = g.range(12_000, 20_000);
    sc.network.latency_max_us = sc.network.latency_min_us + g.range(0, 16_000);
    for s in sc.schedule.iter_mut() {
        s.at_us = (s.at_us + g.range(0, 30_000)).saturating_sub(15_000);
    }
    sc.narration.clear();
    sc.duration_us = 8_000_000;
    sc
}

/// Vote storms: two nodes time out together while the third crashes and restarts between the two
/// RequestVotes it receives. A node that forgets `voted_for` on restart then votes twice in one term.
fn vote_storm(seed: u64, mutant: Option<Mutant>) -> Scenario {
    let mut g = Gen(seed ^ 0x0005_7073);
    let nodes = g.pick(&[3, 3, 5]);
    let options = RaftOptions {
        mutant,
        ..RaftOptions::default()
    };
    let mut sc = scenario(nodes, seed, options);
    sc.network.latency_min_us = 5_000;
    sc.network.latency_max_us = g.range(20_000, 60_000);
    let mut t = 100;
    while t < FAULT_END_MS - 500 {
        let a = g.below(nodes as u64) as u32;
        let b = (a + 1 + g.below(nodes as u64 - 1) as u32) % nodes;
        for n in [a, b] {
            sc.schedule.push(Scheduled {
                at_us: t * 1_000,
                action: Action::Timeout { node: NodeId(n) },
            });
        }
        for n in 0..nodes {
            if n != a && n != b && g.chance(70) {
                let down = t * 1_000 + g.range(1_000, 40_000);
                sc.schedule.push(Scheduled {
                    at_us: down,
                    action: Action::Crash { node: NodeId(n) },
                });
                sc.schedule.push(Scheduled {
                    at_us: down + g.range(100, 3_000),
                    action: Action::Restart { node: NodeId(n) },
                });
            }
        }
        t += g.range(150, 500);
    }
    sc.schedule.sort_by_key(|s| s.at_us);
    sc.duration_us = (FAULT_END_MS + LIVENESS_BOUND_MS) * 1_000;
    sc
}

/// Whether `outcome` shows the mutant's own failure (not merely, say, slow recovery in a harsh profile).
fn caught(mutant: Mutant, outcome: &Outcome) -> bool {
    match mutant {
        Mutant::FixedElectionTimeout => outcome.liveness.is_some(),
        Mutant::UnsafeLocalReads => !outcome.linearizability.is_empty(),
        _ => !outcome.safety.is_empty(),
    }
}

/// Searches seeds in order, at most 20 000, until one catches the mutant.
fn hunt_and_report(mutant: Mutant, profile: Profile, profile_name: &str) {
    let name = format!("{mutant:?} in the {profile_name} sweep");
    assert_caught_n(&name, 20_000, 1, |seed| {
        let outcome = run_scenario(&profile(seed, Some(mutant)));
        caught(mutant, &outcome).then(|| outcome.describe())
    });
}

fn random_faults(seed: u64, mutant: Option<Mutant>) -> Scenario {
    generate(seed, mutant)
}

/// The targeted profiles must not fail correct Raft, or catching a mutant with them would prove nothing.
#[test]
fn targeted_profiles_are_safe_for_correct_raft() {
    let seeds = (seed_count() / 20).max(50);
    for (name, profile) in [
        ("figure 8", figure8_jittered as Profile),
        ("vote storm", vote_storm as Profile),
    ] {
        for seed in 0..seeds {
            let outcome = run_scenario(&profile(seed, None));
            assert!(
                !outcome.failed(),
                "{name} profile: {} — reproduce with seed={seed}",
                outcome.describe()
            );
        }
    }
}

#[test]
fn mutant_commit_previous_term_by_count_is_caught() {
    hunt_and_report(
        Mutant::CommitPreviousTermByCount,
        figure8_jittered,
        "jittered Figure 8",
    );
}

#[test]
fn mutant_vote_without_log_check_is_caught() {
    hunt_and_report(Mutant::VoteWithoutLogCheck, random_faults, "random-fault");
}

#[test]
fn mutant_fixed_election_timeout_is_caught() {
    hunt_and_report(Mutant::FixedElectionTimeout, random_faults, "random-fault");
}

#[test]
fn mutant_unsafe_local_reads_is_caught() {
    hunt_and_report(Mutant::UnsafeLocalReads, random_faults, "random-fault");
}

#[test]
fn mutant_forget_voted_for_on_restart_is_caught() {
    hunt_and_report(Mutant::ForgetVotedForOnRestart, vote_storm, "vote-storm");
}

#[test]
fn a_seed_replays_identically() {
    let sc = generate(42, None);
    let run = |sc: &Scenario| {
        let mut sim = RaftSim::new(sc).unwrap();
        let (mut events, mut violations) = (Vec::new(), Vec::new());
        sim.run_until(SimTime(sc.duration_us), &mut events, &mut violations);
        serde_json::to_string(&events).unwrap()
    };
    assert_eq!(run(&sc), run(&sc));
}

/// `SEED=n cargo test -p splitbrain-raft --test sweep replay -- --ignored --nocapture` prints a seed's run.
#[test]
#[ignore]
fn replay() {
    let seed: u64 = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mutant = std::env::var("MUTANT")
        .ok()
        .map(|m| serde_json::from_str(&format!("\"{m}\"")).unwrap());
    let mut sc = match std::env::var("SCENARIO") {
        Ok(name) => common::load(&name),
        Err(_) => generate(seed, None),
    };
    if mutant.is_some() {
        let mut options: RaftOptions = sc.options::<Raft>().unwrap();
        options.mutant = mutant;
        sc.cluster.options = serde_json::to_value(options).unwrap();
    }
    if std::env::var("SCENARIO").is_err() {
        println!("{}", sc.to_json_pretty());
    }
    let mut sim = RaftSim::new(&sc).unwrap();
    let (mut events, mut violations) = (Vec::new(), Vec::new());
    sim.run_until(SimTime(sc.duration_us), &mut events, &mut violations);
    for e in &events {
        let show = match &e.kind {
            splitbrain_sim::EventKind::Send { .. } | splitbrain_sim::EventKind::Deliver { .. } => {
                std::env::var("MSGS").is_ok()
            }
            splitbrain_sim::EventKind::TimerFired { .. } => false,
            _ => true,
        };
        if show {
            let node = e.node.map(|n| n.to_string()).unwrap_or_default();
            println!(
                "{} {} {node} {}",
                e.id,
                e.time,
                serde_json::to_string(&e.kind).unwrap()
            );
        }
    }
    println!("{violations:#?}");
    println!("{:?}", converged(&sim));
}
