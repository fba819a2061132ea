//! Each teaching mutant must be caught by the random-fault sweep; three-phase commit under partitions is
//! hunted the same way. The number of seeds each took is printed.

use super::*;

/// Searches seeds in order until a safety violation appears; returns how many seeds it took.
fn hunt(kind: Kind, mutant: Option<Mutant>, limit: u64) -> (u64, String) {
    for seed in 0..limit {
        let outcome = run_scenario(&generate(seed, kind, mutant));
        if !outcome.safety.is_empty() {
            return (seed + 1, format!("seed={seed}: {}", outcome.describe()));
        }
    }
    panic!("{kind:?} {mutant:?} was not caught in {limit} seeds");
}

fn hunt_and_report(kind: Kind, mutant: Mutant, limit: u64) {
    let (tries, what) = hunt(kind, Some(mutant), limit);
    println!(
        "{mutant:?} ({kind:?}) caught after {tries} seed(s) of the random-fault sweep: {what}"
    );
}

#[test]
fn mutant_log_after_send_is_caught() {
    hunt_and_report(Kind::Plain, Mutant::LogAfterSend, 2_000);
    hunt_and_report(Kind::PresumedAbort, Mutant::LogAfterSend, 2_000);
}

#[test]
fn mutant_unilateral_abort_is_caught() {
    hunt_and_report(Kind::Plain, Mutant::UnilateralAbort, 2_000);
}

#[test]
fn mutant_commit_missing_vote_is_caught() {
    hunt_and_report(Kind::Plain, Mutant::CommitMissingVote, 2_000);
}

/// Three-phase commit under partitions, cuts, loss and pauses: failure detection by timeout is wrong, and
/// the two sides of a partition decide differently. Reported like a mutant, with how many seeds split.
#[test]
fn three_phase_commit_decides_inconsistently_under_partitions() {
    let (tries, what) = hunt(Kind::ThreePhase, None, 2_000);
    println!("three-phase commit under the full fault mix caught after {tries} seed(s): {what}");
    let seeds = (seed_count() / 10).max(100);
    let (failures, _) = sweep(seeds, Kind::ThreePhase, None);
    let split = failures
        .iter()
        .filter(|(_, w)| w.starts_with("Atomicity"))
        .count();
    println!(
        "three-phase commit, full fault mix: {} of {seeds} seeds failed, {split} of them Atomicity (first: {:?})",
        failures.len(),
        failures.iter().take(5).map(|(s, _)| *s).collect::<Vec<_>>()
    );
    assert!(split > 0);
}

#[test]
fn a_seed_replays_identically() {
    let sc = generate(42, Kind::Cooperative, None);
    let run = |sc: &Scenario| serde_json::to_string(&simulate(sc).1).unwrap();
    assert_eq!(run(&sc), run(&sc));
}
