//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "crdt-g-counter-sum-merge",
        include_str!("../../../../scenarios/crdt/crdt-g-counter-sum-merge.json"),
    ),
    (
        "crdt-lww-skewed-clock",
        include_str!("../../../../scenarios/crdt/crdt-lww-skewed-clock.json"),
    ),
    (
        "crdt-or-set-add-wins",
        include_str!("../../../../scenarios/crdt/crdt-or-set-add-wins.json"),
    ),
    (
        "crdt-pn-counter-partition",
        include_str!("../../../../scenarios/crdt/crdt-pn-counter-partition.json"),
    ),
];

fn line_of<C: splitbrain_crdt::Crdt>(name: &str, scenario: &splitbrain_sim::Scenario) -> String {
    use splitbrain_sim::{golden, SimTime};
    let mut t =
        splitbrain_crdt::CrdtTimeline::<C>::new(scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_crdt::{GCounter, LwwRegister, OrSet, PnCounter};
    let scenario =
        splitbrain_sim::Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    match scenario.cluster.protocol.as_str() {
        "g-counter" => line_of::<GCounter>(name, &scenario),
        "pn-counter" => line_of::<PnCounter>(name, &scenario),
        "or-set" => line_of::<OrSet>(name, &scenario),
        "lww-register" => line_of::<LwwRegister>(name, &scenario),
        other => panic!("{name}: not a CRDT protocol: {other}"),
    }
}
