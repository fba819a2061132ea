//! The lecture scenarios in `scenarios/paxos/*.json`: each loads, validates, runs, passes its narration
//! checkpoints, and shows what it is meant to show.

mod common;

use common::*;
use splitbrain_paxos::{check, MultiPaxos, Mutant, Note, Paxos, PaxosOptions, Value, SLOT};
use splitbrain_sim::{ClientOutcome, Label, Protocol, Scenario};

fn without_mutant<P: Protocol<Options = PaxosOptions>>(mut sc: Scenario) -> Scenario {
    let mut options = sc.options::<P>().unwrap();
    options.mutant = None;
    sc.cluster.options = serde_json::to_value(options).unwrap();
    sc
}

fn assert_checkpoints_pass<P: Protocol<Note = Note>>(run: &Run<P>) {
    let cps = run.checkpoints();
    assert!(!cps.is_empty());
    for (i, passed) in cps {
        assert!(passed, "checkpoint {i} failed");
    }
}

fn chosen_put(run: &Run<Paxos>) -> Option<(String, String)> {
    match run.sim.checker().chosen(SLOT)? {
        Value::Put { key, value, .. } => Some((key.clone(), value.clone())),
        _ => None,
    }
}

#[test]
fn every_paxos_scenario_parses_validates_and_is_narrated() {
    let mut count = 0;
    for entry in std::fs::read_dir(scenario_path("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let sc = if stem.starts_with("multi-paxos-") {
            load::<MultiPaxos>(&name)
        } else {
            assert!(
                stem.starts_with("paxos-"),
                "{name}: prefix paxos- or multi-paxos-"
            );
            load::<Paxos>(&name)
        };
        assert!(!sc.name.is_empty() && !sc.description.is_empty(), "{name}");
        assert!(sc.narration.len() >= 3, "{name}");
        assert!(sc.narration.iter().any(|n| n.expect.is_some()), "{name}");
        assert!((3_000_000..=8_000_000).contains(&sc.duration_us), "{name}");
        count += 1;
    }
    assert!(count >= 6, "found {count} scenarios");
}

#[test]
fn basic_one_proposer_chooses_its_value() {
    let run = Run::<Paxos>::new(&load::<Paxos>("paxos-basic.json")).run_to_end();
    run.assert_safe();
    assert_checkpoints_pass(&run);
    assert_eq!(chosen_put(&run), Some(("x".into(), "1".into())));
    let results: Vec<ClientOutcome> = run.results().into_iter().map(|(_, o)| o).collect();
    assert_eq!(results[0], ClientOutcome::Ok { value: None });
    assert_eq!(
        results[1],
        ClientOutcome::Ok {
            value: Some("1".into())
        }
    );
    assert!(
        matches!(&results[2], ClientOutcome::Rejected { reason } if reason == "another value was chosen: 1")
    );
}

#[test]
fn dueling_proposers_with_fixed_backoff_livelock() {
    let run = Run::<Paxos>::new(&load::<Paxos>("paxos-dueling-fixed-backoff.json")).run_to_end();
    run.assert_safe();
    assert_checkpoints_pass(&run);
    assert_eq!(run.count("chosen"), 0, "a value was chosen: no livelock");
    assert_eq!(run.sim.checker().chosen(SLOT), None);
    assert!(
        run.count("nacked") >= 50,
        "only {} refusals",
        run.count("nacked")
    );
}

#[test]
fn dueling_proposers_with_randomised_backoff_choose_a_value() {
    let run = Run::<Paxos>::new(&load::<Paxos>("paxos-dueling-random-backoff.json")).run_to_end();
    run.assert_safe();
    assert_checkpoints_pass(&run);
    assert!(run.sim.checker().chosen(SLOT).is_some());
    let chosen_at = run
        .notes()
        .find(|(_, n)| n.label() == "chosen")
        .unwrap()
        .0
        .time;
    assert!(chosen_at.0 < 1_000_000, "chosen only at {chosen_at}");
}

#[test]
fn the_next_proposer_adopts_the_crashed_proposers_value() {
    let run = Run::<Paxos>::new(&load::<Paxos>("paxos-proposer-crash.json")).run_to_end();
    run.assert_safe();
    assert_checkpoints_pass(&run);
    // x=1 was n1's value (the crashed proposer), accepted by a minority; n3 proposed x=2 and adopted x=1.
    assert_eq!(chosen_put(&run), Some(("x".into(), "1".into())));
    assert!(run
        .notes()
        .any(|(e, n)| e.node == Some(splitbrain_sim::NodeId(2))
            && matches!(n, Note::Adopted { value: Value::Put { value, .. }, .. } if value == "1")));
}

#[test]
fn the_forgetful_acceptor_lets_two_values_be_chosen() {
    let sc = load::<Paxos>("paxos-forgetful-acceptor.json");
    assert_eq!(
        sc.options::<Paxos>().unwrap().mutant,
        Some(Mutant::ForgetPromiseOnRestart)
    );
    let run = Run::<Paxos>::new(&sc).run_to_end();
    assert_checkpoints_pass(&run);
    let invariants = run.invariants();
    assert!(
        invariants.contains(&check::AGREEMENT),
        "{:#?}",
        run.violations
    );
    assert!(
        invariants.contains(&check::PROMISE_INTEGRITY),
        "{:#?}",
        run.violations
    );
    assert!(
        invariants.contains(&check::LEARNER_AGREEMENT),
        "{:#?}",
        run.violations
    );
    // The same story with a correct acceptor is safe, and chooses one value.
    let run = Run::<Paxos>::new(&without_mutant::<Paxos>(sc)).run_to_end();
    run.assert_safe();
    assert!(run.sim.checker().chosen(SLOT).is_some());
}

#[test]
fn a_new_multi_paxos_leader_re_proposes_and_fills_the_gap() {
    let run =
        Run::<MultiPaxos>::new(&load::<MultiPaxos>("multi-paxos-leader-change.json")).run_to_end();
    run.assert_safe();
    assert_checkpoints_pass(&run);
    let checker = run.sim.checker();
    assert_eq!(checker.chosen(2), Some(&Value::Noop), "slot 2 is a no-op");
    assert!(
        matches!(checker.chosen(3), Some(Value::Put { key, value, .. }) if key == "b" && value == "4")
    );
    assert!(run
        .notes()
        .any(|(_, n)| matches!(n, Note::Adopted { slot: 3, .. })));
    assert!(run
        .notes()
        .any(|(_, n)| matches!(n, Note::FilledGap { slot: 2, .. })));
    // After the heal every node, the restarted ones included, applied the same log.
    let first = run.node(0);
    for i in 1..5 {
        assert_eq!(run.node(i).kv(), first.kv(), "n{}", i + 1);
        assert_eq!(run.node(i).applied(), first.applied(), "n{}", i + 1);
    }
    assert_eq!(first.kv().get("b").map(String::as_str), Some("4"));
    let last = run.results().last().cloned().unwrap().1;
    assert_eq!(
        last,
        ClientOutcome::Ok {
            value: Some("4".into())
        }
    );
}
