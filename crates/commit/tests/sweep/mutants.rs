//! Each teaching mutant must be caught by the random-fault sweep; three-phase commit under partitions is
//! hunted the same way. The number of seeds each took is printed.

use super::*;
use splitbrain_sim::seeds::assert_caught_n;

/// Searches seeds in order, at most `limit`, until one shows a safety violation.
fn hunt(name: &str, kind: Kind, mutant: Option<Mutant>, limit: u64) {
    assert_caught_n(name, limit, 1, |seed| {
        let outcome = run_scenario(&generate(seed, kind, mutant));
        (!outcome.safety.is_empty()).then(|| outcome.describe())
    });
}

fn hunt_and_report(kind: Kind, mutant: Mutant, limit: u64) {
    hunt(&format!("{mutant:?} ({kind:?})"), kind, Some(mutant), limit);
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
    hunt(
        "three-phase commit under the full fault mix",
        Kind::ThreePhase,
        None,
        2_000,
    );
    let seeds = (seed_count() / 10).max(100);
    let failures = sweep(seeds, Kind::ThreePhase, None).failures;
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
