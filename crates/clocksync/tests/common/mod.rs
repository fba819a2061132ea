//! Helpers shared by the clocksync tests, on top of `splitbrain_sim::testkit`.
#![allow(dead_code)]

use splitbrain_clocksync::{ClockChecker, ClockSync, ClockSyncOptions, Message, Note};
use splitbrain_sim::testkit::{self, Trial};
use splitbrain_sim::{Describe, LocalTime, NodeId, Out, Scenario, SimTime};

pub type Run = Trial<ClockSync, ClockChecker>;

pub fn scenario(nodes: u32, seed: u64, options: ClockSyncOptions) -> Scenario {
    testkit::scenario::<ClockSync>(nodes, seed, &options)
}

pub fn load(name: &str) -> Scenario {
    testkit::load::<ClockSync>(env!("CARGO_MANIFEST_DIR"), "clocksync", name)
}

pub fn facts(run: &Run) -> Vec<(String, String)> {
    let now = run.events.last().map_or(SimTime(0), |e| e.time);
    ClockSync::facts(&run.events, now)
}

pub fn fact(run: &Run, key: &str) -> String {
    facts(run)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no fact {key:?}"))
}

/// One node, started by hand at local time `at`.
pub fn node(id: u32, nodes: u32, options: &ClockSyncOptions) -> ClockSync {
    testkit::node(id, nodes, options, None)
}

pub fn out() -> Out<ClockSync> {
    Out::new()
}

pub fn t(us: i64) -> LocalTime {
    LocalTime(us)
}

pub fn sent(out: &Out<ClockSync>) -> Vec<(NodeId, Message)> {
    testkit::sent(out)
}

pub fn notes(out: &Out<ClockSync>) -> Vec<Note> {
    testkit::notes_of(out)
}

/// The true offset of `node` at its last event: local time − real time.
pub fn offset_at_end(run: &Run, node: u32) -> i64 {
    run.events
        .iter()
        .rev()
        .find(|e| e.node == Some(NodeId(node)) && e.local_time.is_some())
        .map(|e| e.local_time.unwrap().0 - e.time.0 as i64)
        .expect("the node has events")
}
