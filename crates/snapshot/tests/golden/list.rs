//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "snapshot-concurrent",
        include_str!("../../../../scenarios/snapshot/snapshot-concurrent.json"),
    ),
    (
        "snapshot-money-in-flight",
        include_str!("../../../../scenarios/snapshot/snapshot-money-in-flight.json"),
    ),
    (
        "snapshot-not-fifo",
        include_str!("../../../../scenarios/snapshot/snapshot-not-fifo.json"),
    ),
    (
        "snapshot-partition",
        include_str!("../../../../scenarios/snapshot/snapshot-partition.json"),
    ),
    (
        "snapshot-record-after-marker",
        include_str!("../../../../scenarios/snapshot/snapshot-record-after-marker.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_sim::{golden, Scenario, SimTime};
    use splitbrain_snapshot::SnapshotTimeline;
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = SnapshotTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}
