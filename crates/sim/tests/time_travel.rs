//! Seeking with snapshots lands in exactly the state a fresh run reaches.

mod common;

use common::*;
use splitbrain_sim::ping::Ping;
use splitbrain_sim::*;

fn state_after(sc: &Scenario, events: usize) -> String {
    let mut sim: Simulation<Ping> = Simulation::new(sc).unwrap();
    let (mut ev, mut vi) = (Vec::new(), Vec::new());
    while (sim.events_emitted() as usize) < events && sim.step(&mut ev, &mut vi) {}
    format!("{sim:?}")
}

#[test]
fn seek_anywhere_equals_a_fresh_run() {
    let mut tested = 0;
    for seed in 1..=12 {
        let mut sc = random_scenario(seed);
        sc.cluster.options = serde_json::json!({ "heartbeat_us": 10_000 });
        let mut t: Timeline<Ping, NoChecker> = Timeline::new(&sc).unwrap();
        t.run_until(SimTime(3_000_000));
        let len = t.trace().len();
        if len < 1_500 {
            continue; // a scenario that froze its nodes early: too short to need snapshots
        }
        tested += 1;
        let mut rng_pos = seed as usize * 7919;
        for _ in 0..15 {
            rng_pos = (rng_pos * 31 + 17) % len;
            t.seek(rng_pos);
            let here = t.cursor();
            assert!(here >= rng_pos);
            assert_eq!(
                format!("{:?}", t.sim()),
                state_after(&sc, here),
                "seed {seed} seek {rng_pos}"
            );
        }
        // Back to the end: the trace is unchanged by all that travelling.
        t.seek(len);
        assert_eq!(t.cursor(), len);
        assert!(t.at_end());
    }
    assert!(tested >= 5, "only {tested} long scenarios");
}

#[test]
fn seek_time_rewinds_and_replays() {
    let sc = random_scenario(11);
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(&sc).unwrap();
    t.run_until(SimTime(2_000_000));
    let len = t.trace().len();
    t.seek_time(SimTime(500_000));
    assert!(t.past().iter().all(|e| e.time <= SimTime(500_000)));
    assert_eq!(t.now(), SimTime(500_000));
    assert_eq!(
        t.trace().len(),
        len,
        "rewinding keeps the future for the scrubber"
    );
    t.seek_time(SimTime(2_000_000));
    assert_eq!(t.cursor(), len);
}
