//! The lecture scenarios in `scenarios/failure_detector/*.json`: each loads, runs, passes its narration
//! checkpoints, and shows what it is meant to show.

mod common;

use common::*;
use splitbrain_failure_detector::{check, FailureDetector, Note};
use splitbrain_sim::{Describe, EventKind, NodeId, SimTime};

#[test]
fn every_scenario_parses_validates_and_is_narrated() {
    let mut count = 0;
    for entry in std::fs::read_dir(scenario_path("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".json") {
            continue;
        }
        let sc = load(&name);
        assert!(name.starts_with("failure-detector-"), "{name}");
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
                        FailureDetector::show_note(e.node.unwrap(), note)
                            .text
                            .unwrap()
                    ),
                    EventKind::Checkpoint { index, passed } => {
                        println!("{} checkpoint {index}: {passed}", e.time)
                    }
                    _ => {}
                }
            }
            for (k, v) in FailureDetector::facts(&run.events, SimTime(sc.duration_us)) {
                println!("  {k}: {v}");
            }
        }
        run.assert_checkpoints_pass();
        assert!(run.violations.is_empty(), "{name}: {:?}", run.violations);
        count += 1;
    }
    assert!(count >= 4, "found {count} scenarios");
}

fn wrong_suspicions(run: &Run) -> Vec<check::Suspicion> {
    check::suspicions(&run.events)
        .into_iter()
        .filter(|s| s.wrong)
        .collect()
}

#[test]
fn heartbeat_detects_the_crash_and_wrongly_suspects_the_paused_node() {
    let run = Run::new(&load("failure-detector-heartbeat-crash-and-pause.json")).run_to_end();
    let d = check::detections(&run.events);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].crashed, NodeId(3));
    for (_, t) in &d[0].by {
        let after = t.expect("every live node suspects n4").0 - d[0].at.0;
        assert!((400_000..900_000).contains(&after), "{after}");
    }
    let wrong = wrong_suspicions(&run);
    assert!(!wrong.is_empty());
    assert!(wrong.iter().all(|s| s.of == NodeId(1)), "{wrong:?}");
    assert_eq!(check::accuracy_after(&run.events, SimTime(3_900_000)), None);
}

#[test]
fn a_fixed_timeout_on_a_jittery_network_raises_false_suspicions_where_phi_raises_none() {
    let fixed = Run::new(&load("failure-detector-jitter-fixed-timeout.json")).run_to_end();
    let phi = Run::new(&load("failure-detector-jitter-phi-accrual.json")).run_to_end();
    assert!(!wrong_suspicions(&fixed).is_empty());
    assert!(
        wrong_suspicions(&phi).is_empty(),
        "{:?}",
        wrong_suspicions(&phi)
    );
    // Both detect the crash; phi-accrual later, having learnt that long gaps happen here.
    let latest = |run: &Run| {
        let d = &check::detections(&run.events)[0];
        d.by.iter()
            .map(|(_, t)| t.unwrap().0 - d.at.0)
            .max()
            .unwrap()
    };
    assert!(latest(&phi) > latest(&fixed));
    assert!(latest(&phi) < 1_500_000);
}

#[test]
fn swim_indirect_probes_save_the_node_behind_the_broken_link() {
    let run = Run::new(&load("failure-detector-swim-indirect-probe.json")).run_to_end();
    assert!(run.notes().any(|(e, n)| e.node == Some(NodeId(0))
        && matches!(
            n,
            Note::IndirectAck {
                target: NodeId(2),
                ..
            }
        )));
    assert!(check::suspicions(&run.events).is_empty());
}

#[test]
fn swim_suspicions_of_the_slow_node_are_refuted_and_the_crashed_one_is_declared_dead() {
    let run = Run::new(&load("failure-detector-swim-refute-and-crash.json")).run_to_end();
    assert!(run
        .notes()
        .any(|(e, n)| e.node == Some(NodeId(2)) && matches!(n, Note::Refute { .. })));
    let dead: Vec<NodeId> = run
        .notes()
        .filter_map(|(_, n)| match n {
            Note::Dead { member, .. } => Some(*member),
            _ => None,
        })
        .collect();
    assert_eq!(dead.len(), 4);
    assert!(dead.iter().all(|m| *m == NodeId(4)), "{dead:?}");
    assert_eq!(check::accuracy_after(&run.events, SimTime(3_200_000)), None);
    assert_eq!(
        check::completeness(&run.events, NodeId(4), SimTime(4_000_000), 1_500_000),
        None
    );
}
