//! Seeded random sweeps: thousands of runs with random crashes, restarts, partitions, one-way cuts, message
//! loss and duplication, pauses and clock skew, under client load.
//!
//! - The configurations claimed safe — synchronous replication with majority failover (2–9 nodes), and
//!   semi-synchronous replication with majority failover (2–3 nodes, where one backup is a majority with
//!   the primary), both with confirmed reads at the primary — must show zero violations of Lost
//!   Acknowledged Write and Split Brain, linearizable client results, and liveness after the heal.
//! - Each unsafe configuration and the teaching mutant must be caught (a safety or linearizability
//!   violation, or a stale read); the number of seeds it took is printed (`sweep/unsafe.rs`).
//!
//! Liveness bound: faults stop at `FAULT_END_MS`, when every node is resumed and restarted and the network
//! becomes reliable. A backup then suspects a silent primary within one failure timeout (300–500 ms,
//! randomised), and a candidate needs one round trip (≤ 100 ms here) for its votes; split votes repeat
//! with probability falling geometrically, so a primary is in place within about a second. It then ships
//! every backup its missing entries in one heartbeat (80 ms) per 32 entries. Clients retry every 1 s for 5
//! attempts, so `LIVENESS_BOUND_MS` (6 s) leaves ample margin: every operation invoked after the heal must
//! return ok (never "gave up"), and the cluster must converge: one primary, every node's log equal to its,
//! every entry acknowledged.
//!
//! Seed counts: `SWEEP_SEEDS` if set; otherwise 10 000 without debug assertions and 300 with them. Replay
//! one seed with `SEED=n CONFIG=name cargo test -p splitbrain-primary-backup --test sweep replay --
//! --ignored --nocapture` (names as in `Config::name`).

mod common;

use common::scenario;
use splitbrain_primary_backup::{
    Failover, Mutant, PbChecker, PbOptions, PrimaryBackup, Reads, Replication,
};
use splitbrain_sim::seeds::{run_seeds, SeedRun};
use splitbrain_sim::sweep::{ok, ops_after_heal_answered, random_schedule, seed_count, Gen, Plan};
use splitbrain_sim::{Action, ClientOp, Event, NodeId, Scenario, SimTime, Simulation, Violation};

const FAULT_END_MS: u64 = 3_000;
const LIVENESS_BOUND_MS: u64 = 6_000;

/// One configuration the sweep runs: options and the cluster sizes it draws from.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub name: &'static str,
    pub replication: Replication,
    pub failover: Failover,
    pub reads: Reads,
    pub mutant: Option<Mutant>,
    pub sizes: &'static [u32],
}

pub const SAFE: [Config; 2] = [
    Config {
        name: "sync-majority",
        replication: Replication::Sync,
        failover: Failover::Majority,
        reads: Reads::Primary,
        mutant: None,
        sizes: &[2, 3, 3, 3, 4, 5, 5, 7, 9],
    },
    Config {
        name: "semi-sync-majority-3",
        replication: Replication::SemiSync,
        failover: Failover::Majority,
        reads: Reads::Primary,
        mutant: None,
        sizes: &[2, 3, 3],
    },
];

fn client(g: &mut Gen, nodes: u32, value: &mut u64) -> Action {
    let key = g.pick(&["x", "y", "z"]).to_string();
    let node = NodeId(g.below(nodes as u64) as u32);
    let op = if g.chance(55) {
        *value += 1;
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
}

/// Builds the random scenario of `seed` for `config`.
pub fn generate(seed: u64, config: &Config) -> Scenario {
    let mut g = Gen(seed ^ 0x9B_BAC0);
    let nodes = g.pick(config.sizes);
    let options = PbOptions {
        replication: config.replication,
        failover: config.failover,
        reads: config.reads,
        mutant: config.mutant,
        ..PbOptions::default()
    };
    let mut sc = scenario(nodes, seed, options);
    sc.name = format!("sweep {} seed {seed}", config.name);
    let plan = Plan {
        fault_end_ms: FAULT_END_MS,
        liveness_ms: LIVENESS_BOUND_MS,
        first_ms: (50, 400),
        gap_ms: (30, 300),
        client_slots: 10,
        calm_percent: None,
        drift: true,
        after_heal_ms: (100, 1_000),
    };
    let mut value = 0u64;
    random_schedule(&mut g, &mut sc, &plan, |g| client(g, nodes, &mut value));
    sc
}

/// What one seed revealed.
pub struct Outcome {
    pub safety: Vec<Violation>,
    pub linearizability: Vec<Violation>,
    pub stale_reads: usize,
    pub liveness: Option<String>,
    pub events: usize,
}

impl Outcome {
    fn failed(&self) -> bool {
        !self.safety.is_empty() || !self.linearizability.is_empty() || self.liveness.is_some()
    }

    pub fn caught(&self) -> bool {
        !self.safety.is_empty() || !self.linearizability.is_empty() || self.stale_reads > 0
    }

    pub fn describe(&self) -> String {
        if let Some(v) = self.safety.first() {
            return format!("{} at {}: {}", v.invariant, v.event, v.message);
        }
        if let Some(v) = self.linearizability.first() {
            return format!("{} at {}: {}", v.invariant, v.event, v.message);
        }
        if self.stale_reads > 0 {
            return format!("{} stale read(s)", self.stale_reads);
        }
        format!("liveness: {}", self.liveness.clone().unwrap_or_default())
    }
}

fn converged(sim: &Simulation<PrimaryBackup, PbChecker>) -> Result<(), String> {
    let n = sim.node_count() as u32;
    let nodes: Vec<&PrimaryBackup> = (0..n).filter_map(|i| sim.node(NodeId(i))).collect();
    if nodes.len() != n as usize {
        return Err("a node is still down".into());
    }
    let primaries: Vec<&&PrimaryBackup> = nodes.iter().filter(|p| p.is_primary()).collect();
    let [primary] = primaries.as_slice() else {
        return Err(format!("{} primaries", primaries.len()));
    };
    if primary.commit() != primary.log().len() {
        return Err(format!(
            "primary {} acknowledged {} of {} entries",
            primary.id(),
            primary.commit(),
            primary.log().len()
        ));
    }
    for p in &nodes {
        if p.log() != primary.log() || p.epoch() != primary.epoch() {
            return Err(format!(
                "{} has {} entries in epoch {}, primary {} has {} in epoch {}",
                p.id(),
                p.log().len(),
                p.epoch(),
                primary.id(),
                primary.log().len(),
                primary.epoch()
            ));
        }
    }
    Ok(())
}

pub fn simulate(
    sc: &Scenario,
) -> (
    Simulation<PrimaryBackup, PbChecker>,
    Vec<Event<PrimaryBackup>>,
    Vec<Violation>,
) {
    let seed = sc.seed;
    let mut sim = Simulation::<PrimaryBackup, PbChecker>::new(sc)
        .unwrap_or_else(|e| panic!("seed={seed}: bad scenario: {e}"));
    let mut events = Vec::new();
    let mut safety = Vec::new();
    sim.run_until(SimTime(sc.duration_us), &mut events, &mut safety);
    (sim, events, safety)
}

pub fn run_scenario(sc: &Scenario, judge_liveness: bool) -> Outcome {
    let (sim, events, safety) = simulate(sc);
    let liveness = if judge_liveness {
        ops_after_heal_answered(&events, FAULT_END_MS * 1_000, ok)
            .and_then(|_| converged(&sim))
            .err()
    } else {
        None
    };
    let report = splitbrain_check::check_all(&events);
    Outcome {
        safety,
        linearizability: report.violations,
        stale_reads: report.stale_reads.len(),
        liveness,
        events: events.len(),
    }
}

fn safe_config_survives(config: &Config) {
    run_seeds(seed_count(), |seed| {
        let outcome = run_scenario(&generate(seed, config), true);
        SeedRun {
            failure: outcome.failed().then(|| outcome.describe()),
            events: outcome.events as u64,
            ..SeedRun::default()
        }
    })
    .assert_clean(
        &format!("safe {}", config.name),
        &format!("liveness bound {LIVENESS_BOUND_MS} ms after the heal"),
        &format!(
            "CONFIG={} cargo test -p splitbrain-primary-backup --test sweep replay -- --ignored --nocapture",
            config.name
        ),
    );
}

#[test]
fn sync_replication_with_majority_failover_survives_random_faults() {
    safe_config_survives(&SAFE[0]);
}

#[test]
fn semi_sync_replication_with_majority_failover_on_three_nodes_survives_random_faults() {
    safe_config_survives(&SAFE[1]);
}

#[path = "sweep/unsafe_configs.rs"]
mod unsafe_configs;

/// `SEED=n CONFIG=name cargo test -p splitbrain-primary-backup --test sweep replay -- --ignored
/// --nocapture` prints a seed's scenario, its notes and client events, and what went wrong.
#[test]
#[ignore]
fn replay() {
    let (seed, name) = splitbrain_sim::seeds::replay_request("sync-majority");
    let config = SAFE
        .iter()
        .chain(unsafe_configs::UNSAFE.iter())
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no config {name}"));
    let sc = generate(seed, config);
    println!("{}", sc.to_json_pretty());
    let (_, events, _) = simulate(&sc);
    splitbrain_sim::seeds::print_events(&events);
    println!("{}", run_scenario(&sc, true).describe());
}
