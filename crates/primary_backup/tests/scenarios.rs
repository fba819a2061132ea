//! The lecture scenarios in `scenarios/primary_backup/*.json`: each loads, validates, runs, passes its
//! narration checkpoints, and shows what it is meant to show.

mod common;

use common::*;
use splitbrain_primary_backup::{check, Note};
use splitbrain_sim::{ClientOutcome, Describe, NodeId};

#[test]
fn every_scenario_parses_validates_and_is_narrated() {
    let mut count = 0;
    for entry in std::fs::read_dir(scenario_path("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".json") {
            continue;
        }
        let sc = load(&name);
        assert!(name.starts_with("pb-"), "{name}");
        assert!(!sc.name.is_empty() && !sc.description.is_empty(), "{name}");
        assert!(sc.narration.len() >= 3, "{name}");
        assert!(sc.narration.iter().any(|n| n.expect.is_some()), "{name}");
        assert!((3_000_000..=8_000_000).contains(&sc.duration_us), "{name}");
        Run::new(&sc).run_to_end().assert_checkpoints_pass();
        count += 1;
    }
    assert!(count >= 5, "found {count} scenarios");
}

fn notes_between(run: &Run, label: &str, from_ms: u64, to_ms: u64) -> usize {
    use splitbrain_sim::Label;
    run.notes()
        .filter(|(e, n)| {
            n.label() == label && e.time.0 >= from_ms * 1000 && e.time.0 < to_ms * 1000
        })
        .count()
}

#[test]
fn synchronous_replication_blocks_while_a_backup_is_down() {
    let run = Run::new(&load("pb-sync-backup-down.json")).run_to_end();
    run.assert_safe();
    // Crash at 700 ms, restart at 2600 ms: no write is acknowledged in between.
    let acked_while_down = run
        .notes()
        .filter(|(e, n)| {
            matches!(n, Note::Acknowledged { writes, .. } if !writes.is_empty())
                && (700_000..2_600_000).contains(&e.time.0)
        })
        .count();
    assert_eq!(acked_while_down, 0);
    let results = run.results();
    assert_eq!(results.len(), 4);
    assert!(results
        .iter()
        .all(|(_, o)| matches!(o, ClientOutcome::Ok { .. })));
    assert_eq!(
        results[2].1,
        ClientOutcome::Ok {
            value: Some("2".into())
        }
    );
    assert_eq!(notes_between(&run, "promoted", 1, 3500), 0, "no failover");
}

#[test]
fn asynchronous_failover_loses_acknowledged_writes() {
    let run = Run::new(&load("pb-async-failover-lost-writes.json")).run_to_end();
    assert!(
        run.invariants().contains(&check::LOST_WRITE),
        "{:#?}",
        run.violations
    );
    assert!(!run.linearizability().violations.is_empty());
    let lost: Vec<String> = run
        .sim
        .checker()
        .lost()
        .iter()
        .map(|w| format!("{}={}", w.key, w.value))
        .collect();
    assert_eq!(lost, ["x=3", "y=2"]);
    let facts = splitbrain_primary_backup::PrimaryBackup::facts(&run.events, run.sim.now());
    let lost_fact = facts
        .iter()
        .find(|(k, _)| k == "writes lost at failover")
        .unwrap();
    assert_eq!(lost_fact.1, "2 (x=3 op1, y=2 op2)");
    assert!(run.notes().any(|(e, n)| e.node == Some(NodeId(0))
        && matches!(n, Note::Discarded { entries, .. } if entries.len() == 2)));
    assert_eq!(
        run.results().last().unwrap().1,
        ClientOutcome::Ok {
            value: Some("1".into())
        }
    );
}

#[test]
fn naive_failover_gives_split_brain_and_divergent_writes() {
    let run = Run::new(&load("pb-naive-split-brain.json")).run_to_end();
    let inv = run.invariants();
    assert!(inv.contains(&check::SPLIT_BRAIN), "{:#?}", run.violations);
    assert!(inv.contains(&check::LOST_WRITE), "{:#?}", run.violations);
    // No epochs: both primaries are in epoch 1.
    assert!(run
        .notes()
        .all(|(_, n)| !matches!(n, Note::Promoted { epoch, .. } if *epoch != 1)));
    assert!(run.sim.checker().split_brains() >= 1);
}

#[test]
fn fencing_refuses_the_old_primarys_writes() {
    let run = Run::new(&load("pb-fencing-old-primary-refused.json")).run_to_end();
    run.assert_safe();
    assert!(run.count("refused") >= 1);
    assert!(run.notes().any(|(e, n)| e.node == Some(NodeId(0))
        && matches!(
            n,
            Note::SteppedDown {
                epoch: 2,
                was: 1,
                ..
            }
        )));
    // n1 discards x=2, which it never acknowledged; its client gets it written through the new primary.
    assert!(run.notes().any(|(e, n)| e.node == Some(NodeId(0))
        && matches!(n, Note::Discarded { entries, .. }
            if entries.iter().any(|x| x.write.as_ref().is_some_and(|w| w.value == "2")))));
    assert!(run
        .results()
        .iter()
        .all(|(_, o)| matches!(o, ClientOutcome::Ok { .. })));
    assert!(run
        .node(0)
        .discarded()
        .iter()
        .any(|(_, e)| e.write.is_some()));
}

#[test]
fn majority_failover_never_promotes_a_minority_or_a_stale_log() {
    let run = Run::new(&load("pb-majority-failover.json")).run_to_end();
    run.assert_safe();
    assert_eq!(
        notes_between(&run, "promoted", 500, 1800),
        0,
        "the cut-off backup promoted itself"
    );
    assert!(notes_between(&run, "candidate", 500, 1800) >= 2);
    assert!(run.notes().all(|(e, n)| !(e.node == Some(NodeId(1))
        && matches!(n, Note::Promoted { epoch, .. } if *epoch < 7))));
    assert!(run.count("denied") >= 1);
    assert_eq!(
        run.results().last().unwrap().1,
        ClientOutcome::Ok {
            value: Some("2".into())
        }
    );
    assert!(run.sim.checker().lost().is_empty());
}
