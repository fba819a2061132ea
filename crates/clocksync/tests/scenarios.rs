//! The lecture scenarios tell their stories: checkpoints pass, and what each is about shows in the trace.

mod common;

use common::{fact, facts, load, offset_at_end, Run};
use splitbrain_clocksync::check::{ERROR_BOUND, EXTERNAL_CONSISTENCY};
use splitbrain_clocksync::Note;

fn run(name: &str) -> Run {
    let run = Run::new(&load(name)).run_to_end();
    for v in &run.violations {
        println!("{name}: {} at {}: {}", v.invariant, v.event, v.message);
    }
    for (k, v) in facts(&run) {
        println!("{name}: {k} = {v}");
    }
    run
}

#[test]
fn cristian_pulls_a_drifting_client_back_every_round() {
    let run = run("clocksync-cristian-drift.json");
    run.assert_checkpoints_pass();
    assert!(run.violations.is_empty());
    assert!(run.count("synced") >= 8);
    assert_eq!(fact(&run, "error bound"), "held");
    // n3 started 80 ms behind; after the rounds it is within a round trip of the true time.
    assert!(offset_at_end(&run, 2).abs() < 30_000);
}

#[test]
fn ntp_over_an_asymmetric_link_settles_half_the_asymmetry_off() {
    let run = run("clocksync-ntp-asymmetric.json");
    run.assert_checkpoints_pass();
    assert!(run.violations.is_empty());
    // n2: request 5 ms, reply 45 ms: θ is biased by (5 − 45)/2 = −20 ms. n3's link is symmetric.
    let n2 = offset_at_end(&run, 1);
    let n3 = offset_at_end(&run, 2);
    assert!((n2 + 20_000).abs() < 2_000, "n2 settled at {n2} µs");
    assert!(n3.abs() < 2_000, "n3 settled at {n3} µs");
    // It slewed: no step of the clock.
    assert!(run
        .notes()
        .any(|(_, n)| matches!(n, Note::Synced { slewing: true, .. })));
}

#[test]
fn berkeley_leaves_the_faulty_clock_out_of_the_average() {
    let run = run("clocksync-berkeley-outlier.json");
    run.assert_checkpoints_pass();
    assert!(run.violations.is_empty());
    let first = run
        .notes()
        .find_map(|(_, n)| match n {
            Note::Averaged { excluded, .. } => Some(excluded.clone()),
            _ => None,
        })
        .expect("a round was averaged");
    assert_eq!(first, vec![splitbrain_sim::NodeId(3)]);
    // n4 was corrected anyway: it ends close to the others.
    assert!(offset_at_end(&run, 3).abs() < 60_000);
}

#[test]
fn truetime_with_commit_wait_keeps_external_consistency() {
    let run = run("clocksync-truetime-commit-wait.json");
    run.assert_checkpoints_pass();
    assert!(run.violations.is_empty());
    assert!(run.count("committed") >= 4);
    assert_eq!(fact(&run, "external consistency"), "kept");
}

#[test]
fn truetime_without_commit_wait_is_caught_by_the_checker() {
    let run = run("clocksync-truetime-no-commit-wait.json");
    run.assert_checkpoints_pass();
    assert!(run.invariants().contains(&EXTERNAL_CONSISTENCY));
    assert!(!run.invariants().contains(&ERROR_BOUND));
}
