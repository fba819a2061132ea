//! The lecture scenarios in `scenarios/dynamo/*.json`: each loads, runs clean, passes its narration
//! checkpoints, and shows what it is meant to show (measured on the client history and the replicas).

mod common;

use common::*;
use splitbrain_check::{lost_writes, session_anomalies, stale_reads, Guarantee};
use splitbrain_dynamo::{check, Dynamo, Note};
use splitbrain_sim::{Describe, EventKind, SimTime};

#[test]
fn every_scenario_parses_validates_and_is_narrated() {
    let mut count = 0;
    for entry in std::fs::read_dir(scenario_path("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".json") {
            continue;
        }
        let sc = load(&name);
        assert!(name.starts_with("dynamo-"), "{name}");
        assert!(!sc.name.is_empty() && !sc.description.is_empty(), "{name}");
        assert!(sc.narration.len() >= 3, "{name}");
        let run = Run::new(&sc).run_to_end();
        if std::env::var_os("SHOW").is_some() {
            println!("== {name}");
            for e in &run.events {
                match &e.kind {
                    EventKind::Note { note } => println!(
                        "{} {}",
                        e.time,
                        Dynamo::show_note(e.node.unwrap(), note).text.unwrap()
                    ),
                    EventKind::ClientReturn { op, outcome } => {
                        println!("{} {op} -> {outcome:?}", e.time)
                    }
                    EventKind::Checkpoint { index, passed } => {
                        println!("{} checkpoint {index}: {passed}", e.time)
                    }
                    _ => {}
                }
            }
            for (k, v) in Dynamo::facts(&run.events, SimTime(sc.duration_us)) {
                println!("  {k}: {v}");
            }
        }
        run.assert_checkpoints_pass();
        assert!(run.violations.is_empty(), "{name}: {:?}", run.violations);
        assert_eq!(
            check::convergence(&run.events).map(|_| ()),
            Ok(()),
            "{name}"
        );
        count += 1;
    }
    assert!(count >= 7, "found {count} scenarios");
}

fn run(name: &str) -> Run {
    Run::new(&load(name)).run_to_end()
}

#[test]
fn w1_r1_reads_a_stale_value_and_w2_r2_does_not() {
    let weak = run("dynamo-stale-read-w1-r1.json");
    let stale = stale_reads(&weak.events);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0].returned.as_deref(), Some("1"));
    assert_eq!(stale[0].expected, "2");
    let strict = run("dynamo-quorum-read-latest.json");
    assert!(stale_reads(&strict.events).is_empty());
    assert!(strict.count("repaired") >= 1);
}

#[test]
fn last_writer_wins_with_a_skewed_clock_loses_the_newer_write() {
    let r = run("dynamo-lww-skewed-clock.json");
    let lost = lost_writes(&r.events);
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert_eq!(lost[0].value, "new");
    assert_eq!(lost[0].read.as_deref(), Some("old"));
}

#[test]
fn concurrent_writes_become_siblings_and_the_clients_merge_replaces_them() {
    let r = run("dynamo-vector-clock-siblings.json");
    assert_eq!(check::siblings_seen(&r.events), (1, 2));
    assert!(lost_writes(&r.events).is_empty());
    let reps = check::replicas(&r.events);
    for ((_, key), vs) in &reps.owned {
        assert_eq!(key, "cart");
        assert_eq!(vs.len(), 1);
        assert_eq!(vs[0].value, "milk+eggs");
    }
}

#[test]
fn a_sloppy_quorum_acknowledges_during_the_partition_and_hands_off_after() {
    let r = run("dynamo-sloppy-quorum-handoff.json");
    let ok = r
        .results()
        .iter()
        .filter(|(_, o)| {
            !matches!(
                o,
                splitbrain_sim::ClientOutcome::Rejected { .. }
                    | splitbrain_sim::ClientOutcome::Failed { .. }
            )
        })
        .count();
    assert_eq!(ok, 3, "{:?}", r.results());
    assert!(r.notes().any(|(_, n)| matches!(n, Note::StandIn { .. })));
    assert!(check::replicas(&r.events).hinted.is_empty());
}

#[test]
fn read_your_writes_breaks_without_sticky_sessions_and_holds_with_them() {
    let loose = run("dynamo-read-your-writes-no-sticky.json");
    let a = session_anomalies(&loose.events);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].guarantee, Guarantee::ReadYourWrites);
    assert_eq!(a[0].session, 7);
    let sticky = run("dynamo-read-your-writes-sticky.json");
    assert!(session_anomalies(&sticky.events).is_empty());
}

#[test]
fn the_lab_shows_the_stand_ins_hints_during_the_partition_and_none_after_the_handoff() {
    use splitbrain_sim::{NodeId, Session};
    let mut run =
        splitbrain_dynamo::DynamoRun::new(&load("dynamo-sloppy-quorum-handoff.json")).unwrap();
    run.run_until(SimTime(2_000_000));
    let n4 = run.stored(NodeId(3));
    assert_eq!(n4.len(), 1);
    assert_eq!(n4[0].hint_for, Some(NodeId(1)), "n4 holds x for n2");
    assert_eq!(n4[0].versions[0].value, "1");
    assert!(
        run.stored(NodeId(1)).is_empty(),
        "n2, cut off, has nothing yet"
    );
    run.run_until(SimTime(5_000_000));
    assert!(
        run.stored(NodeId(3)).is_empty(),
        "the hint was handed off and dropped"
    );
    for owner in [1, 2, 4] {
        let s = run.stored(NodeId(owner));
        assert_eq!(
            (s.len(), s[0].hint_for, s[0].versions[0].clock.as_str()),
            (1, None, "[n5:1]")
        );
    }
}
