//! The lecture scenarios whose traces are pinned in `traces.txt`. Shared by the native golden test
//! (`crates/raft/tests/golden.rs`).

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "raft-cap-partition",
        include_str!("../../../../scenarios/raft/raft-cap-partition.json"),
    ),
    (
        "raft-figure7",
        include_str!("../../../../scenarios/raft/raft-figure7.json"),
    ),
    (
        "raft-figure8",
        include_str!("../../../../scenarios/raft/raft-figure8.json"),
    ),
    (
        "raft-leader-crash",
        include_str!("../../../../scenarios/raft/raft-leader-crash.json"),
    ),
    (
        "raft-lease-clock-skew",
        include_str!("../../../../scenarios/raft/raft-lease-clock-skew.json"),
    ),
    (
        "raft-partition-stale-read",
        include_str!("../../../../scenarios/raft/raft-partition-stale-read.json"),
    ),
    (
        "raft-split-vote",
        include_str!("../../../../scenarios/raft/raft-split-vote.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_sim::{golden, Scenario, SimTime};
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = splitbrain_raft::RaftTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    let json = t.to_trace_file().to_json();
    golden::line(name, t.trace().len(), &json)
}
