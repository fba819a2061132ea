//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "broadcast-answer-before-question",
        include_str!("../../../../scenarios/broadcast/broadcast-answer-before-question.json"),
    ),
    (
        "broadcast-causal-holds-back",
        include_str!("../../../../scenarios/broadcast/broadcast-causal-holds-back.json"),
    ),
    (
        "broadcast-fifo-per-sender",
        include_str!("../../../../scenarios/broadcast/broadcast-fifo-per-sender.json"),
    ),
    (
        "broadcast-total-lamport",
        include_str!("../../../../scenarios/broadcast/broadcast-total-lamport.json"),
    ),
    (
        "broadcast-total-sequencer",
        include_str!("../../../../scenarios/broadcast/broadcast-total-sequencer.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does.
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_broadcast::BroadcastTimeline;
    use splitbrain_sim::{golden, Scenario, SimTime};
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let mut t = BroadcastTimeline::new(&scenario).expect("a bundled scenario is valid");
    t.run_until(SimTime(scenario.duration_us));
    golden::line(name, t.trace().len(), &t.to_trace_file().to_json())
}
