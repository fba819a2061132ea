//! Golden traces of the lecture scenarios: each must reproduce exactly the trace pinned in
//! `golden/traces.txt` (event count, byte length and fingerprint of the trace JSON, see
//! `splitbrain_sim::golden`). The CLI test and the browser test (`tests/determinism.rs`) check the same
//! lines, so the CLI, native and browser runs are byte-identical. After an intended change, regenerate with
//! `UPDATE_GOLDEN=1 cargo test -p splitbrain-raft --test golden` and say in the commit why the traces changed.

#[path = "golden/list.rs"]
mod list;

use splitbrain_sim::golden;

#[test]
fn lecture_scenarios_reproduce_their_golden_traces() {
    let lines: Vec<String> = list::SCENARIOS
        .iter()
        .map(|(name, json)| list::describe(name, json))
        .collect();
    golden::assert_pinned(
        &format!("{}/tests/golden/traces.txt", env!("CARGO_MANIFEST_DIR")),
        &lines,
    );
}

#[test]
fn every_scenario_file_is_pinned() {
    let dir = format!("{}/../../scenarios/raft", env!("CARGO_MANIFEST_DIR"));
    let listed: Vec<String> = list::SCENARIOS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        golden::scenario_names(&dir),
        listed,
        "add new scenarios to tests/golden/list.rs"
    );
}

#[test]
fn the_same_scenario_gives_the_same_trace_twice() {
    for (name, json) in list::SCENARIOS {
        assert_eq!(
            list::describe(name, json),
            list::describe(name, json),
            "{name}"
        );
    }
}
