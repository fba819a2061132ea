//! Helpers shared by the snapshot tests, on top of `splitbrain_sim::testkit`: building and running
//! scenarios, driving one node by hand.
#![allow(dead_code)]

use splitbrain_sim::testkit::{self, Trial};
use splitbrain_sim::{LocalTime, NodeId, Out, Scenario};
use splitbrain_snapshot::{Message, Note, Snapshot, SnapshotChecker, SnapshotOptions};
use std::path::PathBuf;

/// A finished (or paused) run with its trace and the checker's violations.
pub type Run = Trial<Snapshot, SnapshotChecker>;

pub fn scenario(nodes: u32, seed: u64, options: SnapshotOptions) -> Scenario {
    testkit::scenario::<Snapshot>(nodes, seed, &options)
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/snapshot")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    testkit::load::<Snapshot>(env!("CARGO_MANIFEST_DIR"), "snapshot", name)
}

/// One node, driven by hand.
pub fn node(id: u32, nodes: u32, options: &SnapshotOptions) -> Snapshot {
    testkit::node(id, nodes, options, None)
}

pub fn out() -> Out<Snapshot> {
    Out::new()
}

pub const NOW: LocalTime = testkit::T0;

pub fn sent(out: &Out<Snapshot>) -> Vec<(NodeId, Message)> {
    testkit::sent(out)
}

pub fn notes(out: &Out<Snapshot>) -> Vec<Note> {
    testkit::notes_of(out)
}
