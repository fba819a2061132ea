//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "pb-async-failover-lost-writes",
        include_str!("../../../../scenarios/primary_backup/pb-async-failover-lost-writes.json"),
    ),
    (
        "pb-fencing-old-primary-refused",
        include_str!("../../../../scenarios/primary_backup/pb-fencing-old-primary-refused.json"),
    ),
    (
        "pb-majority-failover",
        include_str!("../../../../scenarios/primary_backup/pb-majority-failover.json"),
    ),
    (
        "pb-naive-split-brain",
        include_str!("../../../../scenarios/primary_backup/pb-naive-split-brain.json"),
    ),
    (
        "pb-sync-backup-down",
        include_str!("../../../../scenarios/primary_backup/pb-sync-backup-down.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_primary_backup::PbTimeline;
    use splitbrain_sim::{golden, Scenario, SimTime};
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = PbTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}
