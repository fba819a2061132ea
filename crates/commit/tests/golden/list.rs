//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "commit-3pc-coordinator-crash",
        include_str!("../../../../scenarios/commit/commit-3pc-coordinator-crash.json"),
    ),
    (
        "commit-3pc-partition-split",
        include_str!("../../../../scenarios/commit/commit-3pc-partition-split.json"),
    ),
    (
        "commit-basic",
        include_str!("../../../../scenarios/commit/commit-basic.json"),
    ),
    (
        "commit-cooperative-fails",
        include_str!("../../../../scenarios/commit/commit-cooperative-fails.json"),
    ),
    (
        "commit-cooperative-resolves",
        include_str!("../../../../scenarios/commit/commit-cooperative-resolves.json"),
    ),
    (
        "commit-coordinator-crash-blocks",
        include_str!("../../../../scenarios/commit/commit-coordinator-crash-blocks.json"),
    ),
    (
        "commit-mutant-log-after-send",
        include_str!("../../../../scenarios/commit/commit-mutant-log-after-send.json"),
    ),
    (
        "commit-no-vote",
        include_str!("../../../../scenarios/commit/commit-no-vote.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_commit::CommitTimeline;
    use splitbrain_sim::{golden, Scenario, SimTime};
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = CommitTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}
