//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "two-generals-last-messenger-lost",
        include_str!("../../../../scenarios/two_generals/two-generals-last-messenger-lost.json"),
    ),
    (
        "two-generals-more-rounds",
        include_str!("../../../../scenarios/two_generals/two-generals-more-rounds.json"),
    ),
    (
        "two-generals-reliable",
        include_str!("../../../../scenarios/two_generals/two-generals-reliable.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_sim::{golden, Scenario, SimTime};
    use splitbrain_two_generals::TwoGeneralsTimeline;
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = TwoGeneralsTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}
