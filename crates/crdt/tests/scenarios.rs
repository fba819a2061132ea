//! The lecture scenarios in `scenarios/crdt/*.json`: each loads, runs, passes its narration checkpoints,
//! and shows what it is meant to show (the reads a student sees at the end).

mod common;

use common::*;
use splitbrain_crdt::{check, Crdt, GCounter, LwwRegister, OrSet, PnCounter, Replica};
use splitbrain_sim::{ClientOutcome, Describe, EventKind, SimTime};

/// Runs a lecture to its end, printing its notes with `SHOW=1`; returns the run.
fn run<C: Crdt>(name: &str) -> Run<C> {
    let sc = load::<C>(name);
    assert!(name.starts_with("crdt-"), "{name}");
    assert!(!sc.name.is_empty() && !sc.description.is_empty(), "{name}");
    assert!(sc.narration.len() >= 3, "{name}");
    let run = Run::<C>::new(&sc).run_to_end();
    if std::env::var_os("SHOW").is_some() {
        println!("== {name}");
        for e in &run.events {
            match &e.kind {
                EventKind::Note { note } => println!(
                    "{} {}",
                    e.time,
                    Replica::<C>::show_note(e.node.unwrap(), note).text.unwrap()
                ),
                EventKind::Checkpoint { index, passed } => {
                    println!("{} checkpoint {index}: {passed}", e.time)
                }
                _ => {}
            }
        }
        for (k, v) in Replica::<C>::facts(&run.events, SimTime(sc.duration_us)) {
            println!("  {k}: {v}");
        }
    }
    run.assert_checkpoints_pass();
    run
}

/// The values the last `n` operations read.
fn last_reads<C: Crdt>(run: &Run<C>, n: usize) -> Vec<Option<String>> {
    let reads: Vec<Option<String>> = run
        .results()
        .into_iter()
        .filter_map(|(_, o)| match o {
            ClientOutcome::Ok { value } => value.map(Some),
            _ => None,
        })
        .collect();
    reads[reads.len().saturating_sub(n)..].to_vec()
}

#[test]
fn every_scenario_file_is_a_known_lecture() {
    let dir = format!("{}/../../scenarios/crdt", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "crdt-g-counter-sum-merge.json",
            "crdt-lww-skewed-clock.json",
            "crdt-or-set-add-wins.json",
            "crdt-pn-counter-partition.json",
        ]
    );
}

#[test]
fn a_counter_incremented_on_both_sides_of_a_partition_converges_to_the_total() {
    let run = run::<PnCounter>("crdt-pn-counter-partition.json");
    assert!(run.violations.is_empty(), "{:?}", run.violations);
    let reads = last_reads(&run, 6);
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        reads[..2],
        [s("5"), s("3")],
        "each side reads its own total"
    );
    assert_eq!(reads[2..], [s("8"), s("8"), s("8"), s("8")]);
    assert_eq!(check::final_value::<PnCounter>(&run.events), None);
    assert!(check::converged_at::<PnCounter>(&run.events).is_some());
}

#[test]
fn a_concurrent_add_wins_over_the_remove() {
    let run = run::<OrSet>("crdt-or-set-add-wins.json");
    assert!(run.violations.is_empty(), "{:?}", run.violations);
    let reads = last_reads(&run, 3);
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        reads,
        vec![s("{eggs}"), s("{eggs, milk}"), s("{eggs, milk}")]
    );
    assert_eq!(check::final_value::<OrSet>(&run.events), None);
}

#[test]
fn a_fast_clock_makes_the_newer_write_lose() {
    let run = run::<LwwRegister>("crdt-lww-skewed-clock.json");
    assert!(run.violations.is_empty(), "{:?}", run.violations);
    let s = |v: &str| Some(v.to_string());
    assert_eq!(last_reads(&run, 3), vec![s("old"), s("old"), s("old")]);
    assert_eq!(check::final_value::<LwwRegister>(&run.events), None);
}

#[test]
fn the_sum_merge_mutant_over_counts_and_is_flagged() {
    let run = run::<GCounter>("crdt-g-counter-sum-merge.json");
    assert!(
        run.invariants().contains(&"Merge is a join"),
        "{:?}",
        run.invariants()
    );
    let last: i64 = last_reads(&run, 1)[0].as_deref().unwrap().parse().unwrap();
    assert!(last > 2, "two increments read as {last}");
    assert!(check::final_value::<GCounter>(&run.events).is_some());
}
