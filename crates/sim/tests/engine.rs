//! Engine behaviour with the trivial ping protocol: determinism, faults, clocks, time travel.

use splitbrain_sim::ping::Ping;
use splitbrain_sim::*;

fn run(scenario: &Scenario, until_us: u64) -> (Vec<Event<Ping>>, Simulation<Ping>) {
    let mut sim: Simulation<Ping> = Simulation::new(scenario).unwrap();
    let mut events = Vec::new();
    let mut violations = Vec::new();
    sim.run_until(SimTime(until_us), &mut events, &mut violations);
    (events, sim)
}

#[test]
fn ping_runs_and_counts() {
    let sc = Scenario::new::<Ping>(3, 1);
    let (events, sim) = run(&sc, 1_000_000);
    assert!(events.len() > 100, "{}", events.len());
    assert!(sim.node(NodeId(0)).unwrap().pongs > 5);
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e.id.index(), i);
    }
}
