//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "clocksync-berkeley-outlier",
        include_str!("../../../../scenarios/clocksync/clocksync-berkeley-outlier.json"),
    ),
    (
        "clocksync-cristian-drift",
        include_str!("../../../../scenarios/clocksync/clocksync-cristian-drift.json"),
    ),
    (
        "clocksync-ntp-asymmetric",
        include_str!("../../../../scenarios/clocksync/clocksync-ntp-asymmetric.json"),
    ),
    (
        "clocksync-truetime-commit-wait",
        include_str!("../../../../scenarios/clocksync/clocksync-truetime-commit-wait.json"),
    ),
    (
        "clocksync-truetime-no-commit-wait",
        include_str!("../../../../scenarios/clocksync/clocksync-truetime-no-commit-wait.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_clocksync::ClockSyncTimeline;
    use splitbrain_sim::{golden, Scenario, SimTime};
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = ClockSyncTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}
