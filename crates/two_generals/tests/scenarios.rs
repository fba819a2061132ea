//! The lecture scenarios in `scenarios/two_generals/*.json`: each loads, runs, passes its narration
//! checkpoints, and shows what it is meant to show.

mod common;

use common::*;
use splitbrain_sim::NodeId;
use splitbrain_two_generals::check;

#[test]
fn every_scenario_parses_validates_and_is_narrated() {
    let mut count = 0;
    for entry in std::fs::read_dir(scenario_path("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".json") {
            continue;
        }
        let sc = load(&name);
        assert!(name.starts_with("two-generals-"), "{name}");
        assert!(!sc.name.is_empty() && !sc.description.is_empty(), "{name}");
        assert!(sc.narration.len() >= 3, "{name}");
        let run = Run::new(&sc).run_to_end();
        run.assert_checkpoints_pass();
        count += 1;
    }
    assert_eq!(count, 3);
}

fn decided(run: &Run) -> (Option<bool>, Option<bool>) {
    let d = check::decisions(&run.events);
    (d[&NodeId(0)], d[&NodeId(1)])
}

#[test]
fn one_round_on_a_reliable_link_both_attack() {
    let run = Run::new(&load("two-generals-reliable.json")).run_to_end();
    assert_eq!(decided(&run), (Some(true), Some(true)));
    assert!(run.violations.is_empty());
}

#[test]
fn the_last_messenger_lost_splits_the_generals() {
    let run = Run::new(&load("two-generals-last-messenger-lost.json")).run_to_end();
    assert_eq!(decided(&run), (Some(true), Some(false)));
    assert_eq!(run.invariants(), vec!["Agreement"]);
    assert_eq!(
        run.violations[0].message,
        "n1 decided to ATTACK and n2 to RETREAT: the round-3 messenger to n2 was cut off by the network"
    );
}

#[test]
fn five_rounds_with_resending_split_them_the_same_way() {
    let run = Run::new(&load("two-generals-more-rounds.json")).run_to_end();
    assert_eq!(decided(&run), (Some(true), Some(false)));
    assert_eq!(run.invariants(), vec!["Agreement"]);
    assert!(run.violations[0].message.contains("round-5 messenger"));
    assert!(run.count("resent") >= 2);
}
