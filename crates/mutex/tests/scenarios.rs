//! The lecture scenarios in `scenarios/mutex/*.json`: each loads, validates, runs, passes its narration
//! checkpoints, and shows what it is meant to show.

mod common;

use common::*;
use splitbrain_mutex::{check, Note};
use splitbrain_sim::ClientOutcome;

#[test]
fn every_scenario_parses_validates_and_is_narrated() {
    let mut count = 0;
    for entry in std::fs::read_dir(scenario_path("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".json") {
            continue;
        }
        let sc = load(&name);
        assert!(name.starts_with("mutex-"), "{name}");
        assert!(!sc.name.is_empty() && !sc.description.is_empty(), "{name}");
        assert!(sc.narration.len() >= 3, "{name}");
        assert!(sc.narration.iter().any(|n| n.expect.is_some()), "{name}");
        Run::new(&sc).run_to_end().assert_checkpoints_pass();
        count += 1;
    }
    assert!(count >= 4, "found {count} scenarios");
}

fn entries(run: &Run) -> Vec<(u32, u64)> {
    run.notes()
        .filter_map(|(e, n)| match n {
            Note::Entered { ts, .. } => Some((e.node.unwrap().0, *ts)),
            _ => None,
        })
        .collect()
}

#[test]
fn lamport_serves_the_two_contenders_in_timestamp_order() {
    let run = Run::new(&load("mutex-lamport-contention.json")).run_to_end();
    assert!(run.violations.is_empty(), "{:?}", run.violations);
    assert_eq!(entries(&run), vec![(0, 1), (1, 1)]);
    let results = run.results();
    assert_eq!(
        results.last().unwrap().1,
        ClientOutcome::Ok {
            value: Some("2".into())
        }
    );
}

#[test]
fn ricart_agrawala_defers_the_later_request_until_the_first_leaves() {
    let run = Run::new(&load("mutex-ricart-agrawala-deferred.json")).run_to_end();
    assert!(run.violations.is_empty(), "{:?}", run.violations);
    assert_eq!(entries(&run), vec![(1, 1), (2, 1)]);
    assert!(run.notes().any(
        |(e, n)| e.node.unwrap().0 == 1 && matches!(n, Note::Deferred { to, .. } if to.0 == 2)
    ));
}

#[test]
fn fencing_refuses_the_paused_holders_stale_write() {
    let run = Run::new(&load("mutex-paused-holder-fenced.json")).run_to_end();
    assert!(run.violations.is_empty(), "{:?}", run.violations);
    assert_eq!(run.count("fenced"), 1);
    assert_eq!(run.node(0).store().get("x").map(String::as_str), Some("2"));
}

#[test]
fn without_fencing_the_paused_holders_write_corrupts_and_is_flagged() {
    let run = Run::new(&load("mutex-paused-holder-no-fencing.json")).run_to_end();
    assert_eq!(run.invariants(), vec![check::MUTUAL_EXCLUSION]);
    assert_eq!(run.count("fenced"), 0);
    assert_eq!(run.node(0).store().get("x").map(String::as_str), Some("1"));
}
