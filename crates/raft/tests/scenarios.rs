//! The lecture scenarios in `scenarios/raft/raft-*.json`: each loads, validates, runs safely with correct Raft,
//! passes its narration checkpoints, and shows what it is meant to show.

mod common;

use common::*;
use splitbrain_raft::{Mutant, Note, Raft, RaftOptions, ReadMode, Role};
use splitbrain_sim::{ClientOutcome, EventKind, NodeId, Scenario};

fn with_options(mut sc: Scenario, edit: impl FnOnce(&mut RaftOptions)) -> Scenario {
    let mut options = sc.options::<Raft>().unwrap();
    edit(&mut options);
    sc.cluster.options = serde_json::to_value(options).unwrap();
    sc
}

fn run_to_end(sc: &Scenario) -> Run {
    Run::new(sc).until_ms(sc.duration_us / 1_000)
}

fn checkpoints(run: &Run) -> Vec<(usize, bool)> {
    run.events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Checkpoint { index, passed } => Some((index, passed)),
            _ => None,
        })
        .collect()
}

fn assert_checkpoints_pass(run: &Run) {
    let cps = checkpoints(run);
    assert!(!cps.is_empty());
    for (i, passed) in cps {
        assert!(passed, "checkpoint {i} failed");
    }
}

fn assert_logs_identical(run: &Run) {
    let n = run.sim.node_count() as u32;
    let first = run.node(0);
    for i in 1..n {
        let r = run.node(i);
        assert_eq!(r.log(), first.log(), "log of n{}", i + 1);
        assert_eq!(r.commit_index(), first.commit_index());
        assert_eq!(r.kv(), first.kv());
    }
}

#[test]
fn every_raft_scenario_parses_and_has_narration() {
    let dir = scenario_path("");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with("raft-") && name.ends_with(".json") {
            let sc = load(&name);
            assert!(!sc.name.is_empty() && !sc.description.is_empty(), "{name}");
            assert!(sc.narration.iter().all(|n| !n.text.is_empty()), "{name}");
            assert!(sc.narration.len() >= 3, "{name}");
            count += 1;
        }
    }
    assert!(count >= 5, "found {count} raft scenarios");
}

#[test]
fn figure7_divergent_logs_are_repaired() {
    let sc = load("raft-figure7.json");
    let run = run_to_end(&sc);
    run.assert_safe();
    assert_checkpoints_pass(&run);
    // n1's never-committed entries were deleted, n5's missing ones filled in.
    assert!(run
        .notes()
        .any(|(e, n)| e.node == Some(NodeId(0)) && matches!(n, Note::Truncated { .. })));
    assert_logs_identical(&run);
    let kv = run.node(0).kv();
    assert_eq!(kv.get("g").map(String::as_str), Some("2"));
    assert!(
        !kv.contains_key("b"),
        "an uncommitted entry of the isolated leader survived"
    );
}

#[test]
fn figure8_correct_raft_never_commits_the_old_entry() {
    let sc = load("raft-figure8.json");
    let run = run_to_end(&sc);
    run.assert_safe();
    assert_checkpoints_pass(&run);
    // n1 held the term-1 entry at index 2 on a majority, but never reported it committed.
    // (After its restart it does commit index 2 — n5's entry, learned from n5.)
    assert!(!run.notes().any(|(e, n)| e.node == Some(NodeId(0))
        && e.time.0 < 950_000
        && matches!(n, Note::CommitAdvanced { commit_index: 2 })));
    assert_logs_identical(&run);
}

#[test]
fn figure8_mutant_is_caught_by_the_checker() {
    let sc = with_options(load("raft-figure8.json"), |o| {
        o.mutant = Some(Mutant::CommitPreviousTermByCount)
    });
    let run = run_to_end(&sc);
    let names: Vec<&str> = run
        .violations
        .iter()
        .map(|v| v.invariant.as_str())
        .collect();
    assert!(
        names.contains(&"State Machine Safety"),
        "{:#?}",
        run.violations
    );
    assert!(
        names.contains(&"Leader Completeness"),
        "{:#?}",
        run.violations
    );
    let v = &run.violations[0];
    assert!(v.message.contains("n5"), "{}", v.message);
}

#[test]
fn leader_crash_a_new_leader_takes_over() {
    let sc = load("raft-leader-crash.json");
    let run = run_to_end(&sc);
    run.assert_safe();
    assert_checkpoints_pass(&run);
    assert_eq!(run.node(0).role(), Role::Follower);
    assert!(run.node(0).current_term() >= 2);
    assert_logs_identical(&run);
    assert_eq!(run.node(0).kv().get("x").map(String::as_str), Some("2"));
    let results = run.client_results();
    assert_eq!(results.len(), 3);
    assert!(
        results
            .iter()
            .all(|(_, o)| matches!(o, ClientOutcome::Ok { .. })),
        "{results:?}"
    );
    assert!(splitbrain_check::linearizability::check(&run.events).is_empty());
}

fn read_result(run: &Run) -> ClientOutcome {
    run.client_results()
        .into_iter()
        .find(|(op, _)| op.0 == 2)
        .expect("the get returned")
        .1
}

#[test]
fn partitioned_old_leader_serves_a_stale_read_with_unsafe_local() {
    let sc = load("raft-partition-stale-read.json");
    let run = run_to_end(&sc);
    run.assert_safe(); // the log is fine: only the read lied
    assert_checkpoints_pass(&run);
    assert_eq!(
        read_result(&run),
        ClientOutcome::Ok {
            value: Some("1".into())
        }
    );
    let lin = splitbrain_check::linearizability::check(&run.events);
    assert_eq!(lin.len(), 1, "{lin:#?}");
}

#[test]
fn safe_read_modes_do_not_serve_the_stale_read() {
    for mode in [ReadMode::Log, ReadMode::ReadIndex, ReadMode::Lease] {
        let sc = with_options(load("raft-partition-stale-read.json"), |o| {
            o.read_mode = mode
        });
        let run = run_to_end(&sc);
        run.assert_safe();
        assert_eq!(
            read_result(&run),
            ClientOutcome::Ok {
                value: Some("2".into())
            },
            "{mode:?}"
        );
        assert!(
            splitbrain_check::linearizability::check(&run.events).is_empty(),
            "{mode:?}"
        );
    }
    // Check-quorum alone also helps: the cut-off leader steps down before the read arrives.
    let sc = with_options(load("raft-partition-stale-read.json"), |o| {
        o.check_quorum = true
    });
    let run = run_to_end(&sc);
    assert_eq!(
        read_result(&run),
        ClientOutcome::Ok {
            value: Some("2".into())
        }
    );
}

#[test]
fn split_vote_forever_with_fixed_timeouts() {
    let sc = load("raft-split-vote.json");
    let run = run_to_end(&sc);
    run.assert_safe();
    assert!(run.leaders().is_empty());
    assert!(!run
        .notes()
        .any(|(_, n)| matches!(n, Note::BecameLeader { .. })));
    assert!(
        run.node(0).current_term() >= 5,
        "term {}",
        run.node(0).current_term()
    );
    assert_eq!(checkpoints(&run).last(), Some(&(3, false)));

    let fixed = with_options(sc, |o| o.mutant = None);
    let run = run_to_end(&fixed);
    assert_eq!(run.leaders().len(), 1);
    assert_checkpoints_pass(&run);
}

#[test]
fn lease_reads_go_stale_when_clocks_drift() {
    let sc = load("raft-lease-clock-skew.json");
    let run = run_to_end(&sc);
    run.assert_safe();
    assert_checkpoints_pass(&run);
    assert_eq!(
        read_result(&run),
        ClientOutcome::Ok {
            value: Some("1".into())
        }
    );
    assert_eq!(
        splitbrain_check::linearizability::check(&run.events).len(),
        1
    );
    // ReadIndex makes no assumption about clocks: n1 cannot confirm its leadership, and the read ends up
    // at the new leader.
    let sc = with_options(sc, |o| o.read_mode = ReadMode::ReadIndex);
    let run = run_to_end(&sc);
    assert_eq!(
        read_result(&run),
        ClientOutcome::Ok {
            value: Some("2".into())
        }
    );
    assert!(splitbrain_check::linearizability::check(&run.events).is_empty());
}
