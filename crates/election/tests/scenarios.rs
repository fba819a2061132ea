//! The lecture scenarios in `scenarios/election/*.json`: each loads, runs, passes its narration
//! checkpoints, and shows what it is meant to show.

mod common;

use common::*;
use splitbrain_election::{check, Note};
use splitbrain_sim::NodeId;

#[test]
fn every_scenario_parses_validates_and_is_narrated() {
    let mut count = 0;
    for entry in std::fs::read_dir(scenario_path("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".json") {
            continue;
        }
        let sc = load(&name);
        assert!(name.starts_with("election-"), "{name}");
        assert!(!sc.name.is_empty() && !sc.description.is_empty(), "{name}");
        assert!(sc.narration.len() >= 3, "{name}");
        let run = Run::new(&sc).run_to_end();
        run.assert_checkpoints_pass();
        assert!(run.violations.is_empty(), "{name}: {:?}", run.violations);
        count += 1;
    }
    assert!(count >= 4, "found {count} scenarios");
}

fn leaders_between(run: &Run, from_ms: u64, to_ms: u64) -> Vec<NodeId> {
    run.notes()
        .filter(|(e, n)| {
            matches!(n, Note::Elected { .. }) && (from_ms * 1000..to_ms * 1000).contains(&e.time.0)
        })
        .filter_map(|(e, _)| e.node)
        .collect()
}

#[test]
fn bully_the_next_highest_takes_over_when_the_leader_crashes() {
    let run = Run::new(&load("election-bully-leader-crash.json")).run_to_end();
    assert_eq!(leaders_between(&run, 0, 1000), vec![NodeId(4)]);
    assert_eq!(leaders_between(&run, 1000, 2500), vec![NodeId(3)]);
    assert_eq!(check::agreement(&run.events), None);
}

#[test]
fn bully_the_returning_highest_id_takes_leadership_back() {
    let run = Run::new(&load("election-bully-highest-returns.json")).run_to_end();
    assert_eq!(leaders_between(&run, 800, 2000), vec![NodeId(3)]);
    assert_eq!(leaders_between(&run, 2000, 2800), vec![NodeId(4)]);
    assert_eq!(check::agreement(&run.events), None);
}

#[test]
fn ring_skips_the_crashed_node_and_elects_the_highest_live_id() {
    let run = Run::new(&load("election-ring.json")).run_to_end();
    assert!(run
        .notes()
        .any(|(_, n)| matches!(n, Note::Skipped { skipped, .. } if *skipped == NodeId(4))));
    assert_eq!(leaders_between(&run, 1200, 2800), vec![NodeId(3)]);
    assert_eq!(check::agreement(&run.events), None);
}

#[test]
fn a_partition_gives_each_side_a_leader_and_the_heal_leaves_one() {
    let run = Run::new(&load("election-partition.json")).until_ms(2400);
    let beliefs = check::final_leaders(&run.events);
    assert_eq!(beliefs[&NodeId(1)], Some(NodeId(1)));
    assert_eq!(beliefs[&NodeId(0)], Some(NodeId(1)));
    assert_eq!(beliefs[&NodeId(4)], Some(NodeId(4)));
    let run = run.run_to_end();
    assert_eq!(check::agreement(&run.events), None);
}
