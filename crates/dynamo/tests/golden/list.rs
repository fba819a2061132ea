//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "dynamo-lww-skewed-clock",
        include_str!("../../../../scenarios/dynamo/dynamo-lww-skewed-clock.json"),
    ),
    (
        "dynamo-quorum-read-latest",
        include_str!("../../../../scenarios/dynamo/dynamo-quorum-read-latest.json"),
    ),
    (
        "dynamo-read-your-writes-no-sticky",
        include_str!("../../../../scenarios/dynamo/dynamo-read-your-writes-no-sticky.json"),
    ),
    (
        "dynamo-read-your-writes-sticky",
        include_str!("../../../../scenarios/dynamo/dynamo-read-your-writes-sticky.json"),
    ),
    (
        "dynamo-sloppy-quorum-handoff",
        include_str!("../../../../scenarios/dynamo/dynamo-sloppy-quorum-handoff.json"),
    ),
    (
        "dynamo-stale-read-w1-r1",
        include_str!("../../../../scenarios/dynamo/dynamo-stale-read-w1-r1.json"),
    ),
    (
        "dynamo-vector-clock-siblings",
        include_str!("../../../../scenarios/dynamo/dynamo-vector-clock-siblings.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_dynamo::DynamoTimeline;
    use splitbrain_sim::{golden, Scenario, SimTime};
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = DynamoTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}
