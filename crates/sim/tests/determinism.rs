//! Same scenario + seed ⇒ byte-identical trace JSON, and a recorded schedule rebuilds the run.

mod common;

use common::*;
use splitbrain_sim::ping::Ping;
use splitbrain_sim::*;

#[test]
fn same_seed_same_bytes_over_many_seeds() {
    for seed in 0..200 {
        let sc = random_scenario(seed);
        let a = trace_json(&sc, 2_000_000);
        let b = trace_json(&sc, 2_000_000);
        assert_eq!(
            a, b,
            "trace differs between two runs; reproduce with seed={seed}"
        );
    }
}

#[test]
fn different_seeds_give_different_runs() {
    let mut sc = Scenario::new::<Ping>(3, 1);
    sc.network.loss = 0.1;
    let a = trace_json(&sc, 1_000_000);
    sc.seed = 2;
    let b = trace_json(&sc, 1_000_000);
    assert_ne!(a, b);
}

/// Acting live (as the UI does) records the action in the schedule; replaying that schedule from zero
/// produces the very same trace.
#[test]
fn live_actions_replay_from_the_recorded_schedule() {
    for seed in 0..50 {
        let mut sc = random_scenario(seed);
        sc.schedule.clear();
        let mut t: Timeline<Ping, NoChecker> = Timeline::new(&sc).unwrap();
        t.run_until(SimTime(300_000));
        t.act(Action::Crash { node: n(0) }).unwrap();
        t.run_until(SimTime(700_000));
        t.act(Action::Partition {
            groups: vec![vec![n(0)], vec![n(1)]],
        })
        .unwrap();
        t.act(Action::Restart { node: n(0) }).unwrap();
        t.run_until(SimTime(1_200_000));
        let live = t.to_trace_file().to_json();

        let recorded = t.sim().scenario().clone();
        assert_eq!(recorded.schedule.len(), 3);
        let mut replay: Timeline<Ping, NoChecker> = Timeline::new(&recorded).unwrap();
        replay.run_until(SimTime(1_200_000));
        assert_eq!(
            live,
            replay.to_trace_file().to_json(),
            "reproduce with seed={seed}"
        );
    }
}

#[test]
fn forking_in_the_past_discards_the_future_and_replays() {
    let sc = random_scenario(7);
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(&sc).unwrap();
    t.run_until(SimTime(1_000_000));
    let full = t.trace().len();
    t.seek_time(SimTime(400_000));
    assert!(t.cursor() < full);
    t.act(Action::Crash { node: n(1) }).unwrap();
    assert_eq!(t.trace().len(), t.cursor(), "the old future is gone");
    t.run_until(SimTime(1_000_000));
    let forked = t.to_trace_file().to_json();
    let mut replay: Timeline<Ping, NoChecker> = Timeline::new(t.sim().scenario()).unwrap();
    replay.run_until(SimTime(1_000_000));
    assert_eq!(forked, replay.to_trace_file().to_json());
}
