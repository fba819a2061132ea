//! Each teaching mutant must be caught: by the random-fault sweep, or by a targeted profile (dueling
//! proposers) that correct Paxos must also pass.

use super::*;
use splitbrain_sim::seeds::assert_caught_n;

/// Dueling proposers: puts of different values at different nodes within a few ms of each other, with
/// message loss and acceptors crashing and restarting between rounds.
pub fn duel(seed: u64, kind: Kind, mutant: Option<Mutant>) -> Scenario {
    let mut g = Gen(seed ^ 0xD0E1);
    let nodes = g.pick(&[3, 3, 4, 5]);
    let options = PaxosOptions {
        leader_election: false,
        mutant,
        ..PaxosOptions::default()
    };
    let mut sc = match kind {
        Kind::Single => scenario::<Paxos>(nodes, seed, options),
        Kind::Multi => scenario::<MultiPaxos>(nodes, seed, options),
    };
    sc.network.latency_min_us = 5_000;
    sc.network.latency_max_us = g.range(20_000, 60_000);
    sc.network.loss = g.range(0, 10) as f64 / 100.0;
    let mut value = 0;
    let mut t = 50;
    while t < FAULT_END_MS {
        for _ in 0..g.range(2, 3) {
            let at = t + g.range(0, 15);
            let action = client(&mut g, kind, nodes, &mut value);
            sc.schedule.push(Scheduled {
                at_us: at * 1_000,
                action,
            });
        }
        if g.chance(50) {
            let n = NodeId(g.below(nodes as u64) as u32);
            let down = t + g.range(5, 60);
            sc.schedule.push(Scheduled {
                at_us: down * 1_000,
                action: Action::Crash { node: n },
            });
            sc.schedule.push(Scheduled {
                at_us: (down + g.range(1, 30)) * 1_000,
                action: Action::Restart { node: n },
            });
        }
        t += g.range(100, 400);
    }
    sc.schedule.sort_by_key(|s| s.at_us);
    sc.duration_us = (FAULT_END_MS + 2_000) * 1_000;
    sc
}

type Profile = fn(u64, Kind, Option<Mutant>) -> Scenario;

fn caught(outcome: &Outcome) -> bool {
    !outcome.safety.is_empty() || !outcome.linearizability.is_empty()
}

/// Searches seeds in order, at most `limit`, until one catches the mutant.
fn hunt_and_report(mutant: Mutant, kind: Kind, profile: Profile, profile_name: &str, limit: u64) {
    let name = format!("{mutant:?} ({kind:?}) in the {profile_name} sweep");
    assert_caught_n(&name, limit, 1, |seed| {
        let outcome = run_scenario(&profile(seed, kind, Some(mutant)), kind);
        caught(&outcome).then(|| outcome.describe())
    });
}

fn random_faults(seed: u64, kind: Kind, mutant: Option<Mutant>) -> Scenario {
    generate(seed, kind, mutant)
}

/// Safety only: the duel profile has no heal, so liveness is not its question.
#[test]
fn the_duel_profile_is_safe_for_correct_paxos() {
    let seeds = (seed_count() / 10).max(30);
    for kind in [Kind::Single, Kind::Multi] {
        for seed in 0..seeds {
            let outcome = run_scenario(&duel(seed, kind, None), kind);
            assert!(
                outcome.safety.is_empty() && outcome.linearizability.is_empty(),
                "duel profile ({kind:?}): {} — reproduce with seed={seed}",
                outcome.describe()
            );
        }
    }
}

#[test]
fn mutant_forget_promise_on_restart_is_caught() {
    hunt_and_report(
        Mutant::ForgetPromiseOnRestart,
        Kind::Single,
        random_faults,
        "random-fault",
        200,
    );
    hunt_and_report(
        Mutant::ForgetPromiseOnRestart,
        Kind::Multi,
        random_faults,
        "random-fault",
        200,
    );
}

#[test]
fn mutant_ignore_accepted_values_is_caught() {
    hunt_and_report(
        Mutant::IgnoreAcceptedValues,
        Kind::Single,
        random_faults,
        "random-fault",
        500,
    );
    hunt_and_report(
        Mutant::IgnoreAcceptedValues,
        Kind::Multi,
        random_faults,
        "random-fault",
        500,
    );
}

#[test]
fn mutant_minority_quorum_is_caught() {
    hunt_and_report(
        Mutant::MinorityQuorum,
        Kind::Single,
        random_faults,
        "random-fault",
        500,
    );
    hunt_and_report(
        Mutant::MinorityQuorum,
        Kind::Multi,
        random_faults,
        "random-fault",
        500,
    );
}

#[test]
fn mutant_mix_ballots_is_caught() {
    hunt_and_report(
        Mutant::MixBallots,
        Kind::Single,
        duel,
        "dueling-proposers",
        2_000,
    );
}

#[test]
fn a_seed_replays_identically() {
    let sc = generate(42, Kind::Multi, None);
    let run = |sc: &Scenario| serde_json::to_string(&simulate::<MultiPaxos>(sc).1).unwrap();
    assert_eq!(run(&sc), run(&sc));
}
