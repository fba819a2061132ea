//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "election-bully-highest-returns",
        include_str!("../../../../scenarios/election/election-bully-highest-returns.json"),
    ),
    (
        "election-bully-leader-crash",
        include_str!("../../../../scenarios/election/election-bully-leader-crash.json"),
    ),
    (
        "election-partition",
        include_str!("../../../../scenarios/election/election-partition.json"),
    ),
    (
        "election-ring",
        include_str!("../../../../scenarios/election/election-ring.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_election::ElectionTimeline;
    use splitbrain_sim::{golden, Scenario, SimTime};
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = ElectionTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}
