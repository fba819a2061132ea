//! The lecture scenarios whose traces are pinned in `traces.txt`, and how a line is made from a run.

/// (name, scenario JSON)
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "multi-paxos-leader-change",
        include_str!("../../../../scenarios/paxos/multi-paxos-leader-change.json"),
    ),
    (
        "paxos-basic",
        include_str!("../../../../scenarios/paxos/paxos-basic.json"),
    ),
    (
        "paxos-dueling-fixed-backoff",
        include_str!("../../../../scenarios/paxos/paxos-dueling-fixed-backoff.json"),
    ),
    (
        "paxos-dueling-random-backoff",
        include_str!("../../../../scenarios/paxos/paxos-dueling-random-backoff.json"),
    ),
    (
        "paxos-forgetful-acceptor",
        include_str!("../../../../scenarios/paxos/paxos-forgetful-acceptor.json"),
    ),
    (
        "paxos-proposer-crash",
        include_str!("../../../../scenarios/paxos/paxos-proposer-crash.json"),
    ),
];

/// Runs a scenario to its end with the checkers on and describes the trace as `traces.txt` does. The
/// protocol is the one the scenario names (`paxos` or `multi-paxos`).
pub fn describe(name: &str, scenario_json: &str) -> String {
    use splitbrain_paxos::{MultiPaxos, MultiPaxosTimeline, PaxosTimeline};
    use splitbrain_sim::{golden, Protocol, Scenario, SimTime};
    let scenario = Scenario::from_json(scenario_json).expect("a bundled scenario parses");
    let end = SimTime(scenario.duration_us);
    let (events, json) = if scenario.cluster.protocol == MultiPaxos::NAME {
        let mut t = MultiPaxosTimeline::new(&scenario).expect("a bundled scenario is valid");
        t.run_until(end);
        (t.trace().len(), t.to_trace_file().to_json())
    } else {
        let mut t = PaxosTimeline::new(&scenario).expect("a bundled scenario is valid");
        t.run_until(end);
        (t.trace().len(), t.to_trace_file().to_json())
    };
    golden::line(name, events, &json)
}
