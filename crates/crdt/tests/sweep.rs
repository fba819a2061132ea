//! Seeded random sweeps of the four data types: random crashes, restarts, partitions, one-way cuts, loss,
//! duplication, pauses, forced gossip and skewed, drifting clocks, with random client updates and reads
//! in between; then everything heals, a few more updates come, and the replicas must converge.
//!
//! Judged per seed: the streaming checkers (Inflation, Merge is a join, Monotonic reads, Update applied);
//! **Final value** (every live replica's value is the one the updates imply); **Convergence**: all live
//! replicas hold equal states within `B` of the moment the faults healed and the updates stopped.
//!
//! The bound `B`: after the heal the network is reliable, latency ≤ 50 ms, clocks drift ≤ 3 %, and a
//! replica gossips every 300 ms ± 10 % local, so ≤ 340 ms of real time. Push–pull gossip to a random peer
//! doubles the replicas that know an update about every round and the last one pulls it as soon as it
//! picks anyone who knows (Demers et al. 1987: O(log n) rounds, with a tail that shrinks geometrically);
//! one more round may be needed for each of the two halves of a partition to learn of the other. With
//! n ≤ 5, `B` = (3·⌈log₂ n⌉ + 8) rounds of 340 ms plus 100 ms of latency: 11 rounds (3.8 s) for two
//! replicas, 17 (5.9 s) for five. The slowest convergence seen is printed.
//!
//! Seed counts: `SWEEP_SEEDS` if set (CI: 10 000, for each of the four types); otherwise 10 000 without
//! debug assertions and 300 with them. Replay one seed with `SEED=n CONFIG=name cargo test -p
//! splitbrain-crdt --test sweep replay -- --ignored --nocapture`.

mod common;

use common::{random_op, scenario};
use splitbrain_crdt::{
    check, Crdt, CrdtChecker, CrdtOptions, GCounter, LwwRegister, Mutant, OrSet, PnCounter, Replica,
};
use splitbrain_sim::seeds::{assert_caught, run_seeds, SeedRun};
use splitbrain_sim::sweep::{random_schedule, seed_count, Gen, Plan};
use splitbrain_sim::{Action, Event, NodeId, Scenario, SimTime, Simulation, Violation};

const FAULT_END_MS: u64 = 2_000;
const AFTER_HEAL_MS: u64 = 300;
const SIZES: &[u32] = &[1, 2, 3, 3, 4, 5];

/// The convergence bound after the heal and the last update, in ms (see the module comment).
fn bound_ms(nodes: u32) -> u64 {
    let log = (nodes.max(2) as f64).log2().ceil() as u64;
    (3 * log + 8) * 340 + 100
}

struct Generated {
    sc: Scenario,
    nodes: u32,
}

fn generate<C: Crdt>(seed: u64, mutant: Mutant) -> Generated {
    let mut g = Gen(seed ^ 0xC4D7);
    let nodes = g.pick(SIZES);
    let options = CrdtOptions {
        mutant,
        ..CrdtOptions::default()
    };
    let mut sc = scenario::<C>(nodes, seed, options);
    sc.name = format!("sweep {} {} seed {seed}", C::NAME, mutant.name());
    let plan = Plan {
        fault_end_ms: FAULT_END_MS,
        liveness_ms: AFTER_HEAL_MS + bound_ms(nodes) + 500,
        first_ms: (50, 300),
        gap_ms: (30, 250),
        client_slots: 9,
        calm_percent: Some(10),
        drift: true,
        after_heal_ms: (0, AFTER_HEAL_MS),
    };
    random_schedule(&mut g, &mut sc, &plan, |g| Action::Client {
        node: NodeId(g.below(nodes as u64) as u32),
        op: random_op::<C>(g),
        session: None,
    });
    sc.schedule.sort_by_key(|s| s.at_us);
    Generated { sc, nodes }
}

fn simulate<C: Crdt>(sc: &Scenario) -> (Vec<Event<Replica<C>>>, Vec<Violation>) {
    let mut sim: Simulation<Replica<C>, CrdtChecker<C>> = Simulation::new(sc).expect("valid");
    let (mut events, mut violations) = (Vec::new(), Vec::new());
    sim.run_until(SimTime(sc.duration_us), &mut events, &mut violations);
    (events, violations)
}

struct Outcome {
    failure: Option<String>,
    events: usize,
    /// How long after the heal and the last update the replicas agreed, in µs.
    converge_us: u64,
}

fn run_generated<C: Crdt>(g: &Generated) -> Outcome {
    judge::<C>(g, true)
}

/// Judges one seed; without `streaming` only by the end of the run (Final value, Convergence), as a
/// user who never looked at a single merge would.
fn judge<C: Crdt>(g: &Generated, streaming: bool) -> Outcome {
    let (events, violations) = simulate::<C>(&g.sc);
    let mut failure = violations
        .first()
        .filter(|_| streaming)
        .map(|v| format!("{} at event {}: {}", v.invariant, v.event, v.message));
    if failure.is_none() {
        failure = check::final_value::<C>(&events).map(|w| format!("Final value: {w}"));
    }
    let heal = SimTime::from_millis(FAULT_END_MS);
    let quiet = check::last_update::<C>(&events).map_or(heal, |t| t.max(heal));
    let bound = bound_ms(g.nodes) * 1_000;
    let mut converge_us = 0;
    match check::converged_at::<C>(&events) {
        Some(t) => {
            converge_us = t.0.saturating_sub(quiet.0);
            if failure.is_none() && converge_us > bound {
                failure = Some(format!(
                    "Convergence: the replicas agreed only {} ms after the heal and the last update, beyond the bound of {} ms",
                    converge_us / 1_000,
                    bound / 1_000
                ));
            }
        }
        None if failure.is_none() => {
            failure = Some(format!(
                "Convergence: the live replicas still disagree {} ms after the last update",
                (g.sc.duration_us - quiet.0) / 1_000
            ))
        }
        None => {}
    }
    Outcome {
        failure,
        events: events.len(),
        converge_us,
    }
}

fn survives<C: Crdt>() {
    let seeds = seed_count();
    let swept = run_seeds(seeds, |seed| {
        let o = run_generated::<C>(&generate::<C>(seed, Mutant::None));
        SeedRun {
            failure: o.failure,
            events: o.events as u64,
            worst: o.converge_us,
            count: 1,
            ..SeedRun::default()
        }
    });
    swept.assert_clean(
        &format!("{} correct", C::NAME),
        &format!(
            "{:.0} events/s; slowest convergence after the heal and the last update {} ms (bound for 5 replicas {} ms)",
            swept.events as f64 / swept.elapsed.as_secs_f64().max(1e-9),
            swept.worst / 1_000,
            bound_ms(5)
        ),
        &format!(
            "CONFIG={} cargo test -p splitbrain-crdt --test sweep replay -- --ignored --nocapture",
            C::NAME
        ),
    );
}

#[test]
fn g_counter_survives_random_faults() {
    survives::<GCounter>();
}

#[test]
fn pn_counter_survives_random_faults() {
    survives::<PnCounter>();
}

#[test]
fn or_set_survives_random_faults() {
    survives::<OrSet>();
}

#[test]
fn lww_register_survives_random_faults() {
    survives::<LwwRegister>();
}

/// Runs seeds in order until the mutant is caught three times; reports the seeds.
fn caught<C: Crdt>(mutant: Mutant) {
    assert_caught(mutant.name(), seed_count().min(2_000), |seed| {
        run_generated::<C>(&generate::<C>(seed, mutant)).failure
    });
}

/// The counter mutants are caught at once by the streaming checkers; the over-count and the lost
/// decrements must also show in the replicas' final values.
fn caught_at_the_end<C: Crdt>(mutant: Mutant) {
    let name = format!("{} (by the final values alone)", mutant.name());
    assert_caught(&name, seed_count().min(2_000), |seed| {
        judge::<C>(&generate::<C>(seed, mutant), false).failure
    });
}

#[test]
fn the_counter_mutants_show_in_the_final_values() {
    caught_at_the_end::<GCounter>(Mutant::GCounterSumMerge);
    caught_at_the_end::<PnCounter>(Mutant::PnCounterSingleVector);
}

#[test]
fn or_set_remove_wins_is_caught() {
    caught::<OrSet>(Mutant::OrSetRemoveWins);
}

#[test]
fn g_counter_sum_merge_is_caught() {
    caught::<GCounter>(Mutant::GCounterSumMerge);
}

#[test]
fn pn_counter_single_vector_is_caught() {
    caught::<PnCounter>(Mutant::PnCounterSingleVector);
}

fn replay_one<C: Crdt>(seed: u64, mutant: Mutant) {
    let g = generate::<C>(seed, mutant);
    println!("{}", g.sc.to_json_pretty());
    let (events, _) = simulate::<C>(&g.sc);
    splitbrain_sim::seeds::print_events(&events);
    println!("outcome: {:?}", run_generated::<C>(&g).failure);
}

/// `SEED=n CONFIG=name cargo test -p splitbrain-crdt --test sweep replay -- --ignored --nocapture`;
/// CONFIG is a data type (`g-counter`, `pn-counter`, `or-set`, `lww-register`) or a mutant's name.
#[test]
#[ignore]
fn replay() {
    let (seed, name) = splitbrain_sim::seeds::replay_request("g-counter");
    match name.as_str() {
        "g-counter" => replay_one::<GCounter>(seed, Mutant::None),
        "pn-counter" => replay_one::<PnCounter>(seed, Mutant::None),
        "or-set" => replay_one::<OrSet>(seed, Mutant::None),
        "lww-register" => replay_one::<LwwRegister>(seed, Mutant::None),
        "or_set_remove_wins" => replay_one::<OrSet>(seed, Mutant::OrSetRemoveWins),
        "g_counter_sum_merge" => replay_one::<GCounter>(seed, Mutant::GCounterSumMerge),
        "pn_counter_single_vector" => replay_one::<PnCounter>(seed, Mutant::PnCounterSingleVector),
        other => panic!("no config {other}"),
    }
}
