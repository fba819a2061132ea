//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "failure-detector-heartbeat-crash-and-pause",
        include_str!("../../../../scenarios/failure_detector/failure-detector-heartbeat-crash-and-pause.json"),
    ),
    (
        "failure-detector-jitter-fixed-timeout",
        include_str!("../../../../scenarios/failure_detector/failure-detector-jitter-fixed-timeout.json"),
    ),
    (
        "failure-detector-jitter-phi-accrual",
        include_str!("../../../../scenarios/failure_detector/failure-detector-jitter-phi-accrual.json"),
    ),
    (
        "failure-detector-swim-indirect-probe",
        include_str!("../../../../scenarios/failure_detector/failure-detector-swim-indirect-probe.json"),
    ),
    (
        "failure-detector-swim-refute-and-crash",
        include_str!("../../../../scenarios/failure_detector/failure-detector-swim-refute-and-crash.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_failure_detector::FdTimeline;
    use splitbrain_sim::{golden, Scenario, SimTime};
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = FdTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}
