//! The lecture scenarios in `scenarios/commit/*.json`: each loads, validates, runs, passes its narration
//! checkpoints, and shows what it is meant to show.

mod common;

use common::*;
use splitbrain_commit::{check, Note, TwoPhaseCommit, TxnState};
use splitbrain_sim::{ClientOutcome, Describe, SimTime};

fn run(name: &str) -> Run {
    Run::new(&load(name)).run_to_end()
}

fn assert_checkpoints_pass(run: &Run, name: &str) {
    let cps = run.checkpoints();
    assert!(!cps.is_empty(), "{name}");
    for (i, passed) in cps {
        assert!(passed, "{name}: checkpoint {i} failed\n{}", run.story());
    }
}

/// `SCENARIO=commit-basic.json cargo test -p splitbrain-commit --test scenarios show -- --ignored
/// --nocapture` prints a scenario's story.
#[test]
#[ignore]
fn show() {
    let name = std::env::var("SCENARIO").unwrap_or("commit-basic.json".into());
    print!("{}", run(&name).story());
}

#[test]
fn every_scenario_parses_validates_is_narrated_and_passes_its_checkpoints() {
    let mut count = 0;
    for entry in std::fs::read_dir(scenario_path("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".json") {
            continue;
        }
        let sc = load(&name);
        assert!(!sc.name.is_empty() && !sc.description.is_empty(), "{name}");
        assert!(sc.narration.len() >= 3, "{name}");
        assert!(sc.narration.iter().any(|n| n.expect.is_some()), "{name}");
        let r = Run::new(&sc).run_to_end();
        assert_checkpoints_pass(&r, &name);
        count += 1;
    }
    assert!(count >= 8, "found {count} scenarios");
}

#[test]
fn basic_commits_and_a_later_read_sees_both_writes() {
    let r = run("commit-basic.json");
    r.assert_safe();
    let results: Vec<ClientOutcome> = r.results().into_iter().map(|(_, o)| o).collect();
    assert_eq!(results[0], ClientOutcome::Ok { value: None });
    assert_eq!(
        results[1],
        ClientOutcome::Ok {
            value: Some("x=1 y=2".into())
        }
    );
    assert_eq!(results.len(), 3);
}

#[test]
fn a_no_vote_aborts_everywhere_and_the_write_is_never_seen() {
    let r = run("commit-no-vote.json");
    r.assert_safe();
    let results: Vec<ClientOutcome> = r.results().into_iter().map(|(_, o)| o).collect();
    assert!(
        matches!(&results[0], ClientOutcome::Rejected { reason } if reason.contains("n3 voted no")),
        "{results:?}"
    );
    assert_eq!(results[1], ClientOutcome::Ok { value: None });
}

#[test]
fn the_coordinator_crash_blocks_the_participants_with_locks_held_until_it_returns() {
    let sc = load("commit-coordinator-crash-blocks.json");
    let r = Run::new(&sc).until_ms(2_000);
    for n in [1, 2] {
        let p = r.node(n).participant().unwrap();
        assert_eq!(p.in_doubt(), vec![1], "n{} is in doubt on T1", n + 1);
        assert!(!p.locks.held_by(1).is_empty());
    }
    let facts = TwoPhaseCommit::facts(&r.events, SimTime(2_000_000));
    assert!(facts[1].1.contains("in doubt"), "{facts:?}");
    let r = r.run_to_end();
    r.assert_safe();
    for n in [1, 2] {
        let p = r.node(n).participant().unwrap();
        assert!(p.in_doubt().is_empty() && p.locks.is_empty());
        assert_eq!(p.txns[&1].state, TxnState::Aborted);
    }
    assert!(r.count("in_doubt") >= 6, "{}", r.story());
}

#[test]
fn cooperative_termination_resolves_when_a_peer_saw_the_decision() {
    let r = run("commit-cooperative-resolves.json");
    r.assert_safe();
    assert!(r.notes().any(
        |(e, n)| matches!(n, Note::Learned { from, .. } if from.0 == 1 && e.time.0 < 1_000_000)
    ));
}

#[test]
fn cooperative_termination_fails_when_nobody_saw_it() {
    let r = run("commit-cooperative-fails.json");
    r.assert_safe();
    assert!(r.count("nobody_knows") >= 2);
    assert_eq!(r.count("learned"), 0);
}

#[test]
fn three_phase_commit_survives_the_coordinator_crash() {
    let r = Run::new(&load("commit-3pc-coordinator-crash.json")).until_ms(1_500);
    for n in [1, 2] {
        let p = r.node(n).participant().unwrap();
        assert_eq!(p.txns[&1].state, TxnState::Committed, "{}", r.story());
    }
    let r = r.run_to_end();
    r.assert_safe();
}

#[test]
fn three_phase_commit_splits_its_decision_under_a_partition() {
    let r = run("commit-3pc-partition-split.json");
    assert_eq!(r.invariants(), vec![check::ATOMICITY], "{}", r.story());
}

#[test]
fn the_log_after_send_mutant_breaks_atomicity() {
    let r = run("commit-mutant-log-after-send.json");
    assert!(r.invariants().contains(&check::ATOMICITY), "{}", r.story());
}
