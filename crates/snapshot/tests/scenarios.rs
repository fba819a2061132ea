//! The lecture scenarios in `scenarios/snapshot/*.json`: each loads, runs, passes its narration
//! checkpoints, and shows what it is meant to show.

mod common;

use common::*;
use splitbrain_sim::NodeId;
use splitbrain_snapshot::{check, Note};

const MUTANTS: &[&str] = &[
    "snapshot-record-after-marker.json",
    "snapshot-not-fifo.json",
];

#[test]
fn every_scenario_parses_validates_and_is_narrated() {
    let mut count = 0;
    for entry in std::fs::read_dir(scenario_path("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".json") {
            continue;
        }
        let sc = load(&name);
        assert!(name.starts_with("snapshot-"), "{name}");
        assert!(!sc.name.is_empty() && !sc.description.is_empty(), "{name}");
        assert!(sc.narration.len() >= 3, "{name}");
        let run = Run::new(&sc).run_to_end();
        run.assert_checkpoints_pass();
        if MUTANTS.contains(&name.as_str()) {
            assert!(
                !run.violations.is_empty(),
                "{name}: the mutant went unnoticed"
            );
        } else {
            assert!(run.violations.is_empty(), "{name}: {:?}", run.violations);
        }
        count += 1;
    }
    assert!(count >= 4, "found {count} scenarios");
}

/// (snapshot, balances, in flight, when) of every assembled snapshot.
fn assembled(run: &Run) -> Vec<(u64, u64, u64, u64)> {
    run.notes()
        .filter_map(|(e, n)| match n {
            Note::Assembled {
                snapshot,
                balances,
                in_flight,
                ..
            } => Some((*snapshot, *balances, *in_flight, e.time.0 / 1_000)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_recorded_channel_state_catches_money_in_flight_and_the_total_adds_up() {
    let run = Run::new(&load("snapshot-money-in-flight.json")).run_to_end();
    let a = assembled(&run);
    assert_eq!(a.len(), 1, "{a:?}");
    let (snapshot, balances, in_flight, _) = a[0];
    assert_eq!(snapshot, 1);
    assert!(in_flight > 0, "nothing was caught in flight");
    assert_eq!(balances + in_flight, 300);
    let cut: Vec<NodeId> = run
        .notes()
        .filter(|(_, n)| matches!(n, Note::Recorded { .. }))
        .filter_map(|(e, _)| e.node)
        .collect();
    assert_eq!(cut.len(), 3);
}

#[test]
fn two_concurrent_snapshots_each_add_up() {
    let run = Run::new(&load("snapshot-concurrent.json")).run_to_end();
    let a = assembled(&run);
    let ids: Vec<u64> = a.iter().map(|x| x.0).collect();
    assert_eq!(ids.len(), 2, "{a:?}");
    assert!(ids.contains(&1) && ids.contains(&3), "{a:?}");
    assert!(a.iter().all(|(_, b, f, _)| b + f == 400), "{a:?}");
}

#[test]
fn the_mutant_total_is_off_and_conservation_says_so() {
    let run = Run::new(&load("snapshot-record-after-marker.json")).run_to_end();
    let a = assembled(&run);
    assert_eq!(a.len(), 1);
    assert_ne!(a[0].1 + a[0].2, 300);
    assert!(
        run.invariants().contains(&"Conservation"),
        "{:?}",
        run.violations
    );
}

#[test]
fn a_snapshot_under_a_partition_completes_after_the_heal() {
    let run = Run::new(&load("snapshot-partition.json")).until_ms(2_500);
    assert_eq!(check::snapshots(&run.events).get(&1), Some(&None));
    let run = run.run_to_end();
    let a = assembled(&run);
    assert_eq!(a.len(), 1);
    assert!(a[0].3 >= 2_500, "{a:?}");
    assert_eq!(a[0].1 + a[0].2, 400);
}

#[test]
fn without_fifo_a_transfer_overtakes_the_marker_and_the_cut_is_inconsistent() {
    let run = Run::new(&load("snapshot-not-fifo.json")).run_to_end();
    let v = run
        .violations
        .iter()
        .find(|v| v.invariant == "Consistent Cut")
        .expect("the overtaking transfer is caught");
    assert!(v.message.contains("transfer"), "{}", v.message);
    assert!(run.count("total off") == 1);
}
