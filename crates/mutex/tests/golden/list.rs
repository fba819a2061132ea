//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "mutex-lamport-contention",
        include_str!("../../../../scenarios/mutex/mutex-lamport-contention.json"),
    ),
    (
        "mutex-paused-holder-fenced",
        include_str!("../../../../scenarios/mutex/mutex-paused-holder-fenced.json"),
    ),
    (
        "mutex-paused-holder-no-fencing",
        include_str!("../../../../scenarios/mutex/mutex-paused-holder-no-fencing.json"),
    ),
    (
        "mutex-ricart-agrawala-deferred",
        include_str!("../../../../scenarios/mutex/mutex-ricart-agrawala-deferred.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_mutex::MutexTimeline;
    use splitbrain_sim::{golden, Scenario, SimTime};
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = MutexTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}
