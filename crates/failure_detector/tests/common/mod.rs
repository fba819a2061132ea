//! Helpers shared by the failure-detector tests, on top of `splitbrain_sim::testkit`: building and running
//! scenarios, driving one node by hand.
#![allow(dead_code)]

use splitbrain_failure_detector::{FailureDetector, FdChecker, FdOptions, Message, Note};
use splitbrain_sim::testkit::{self, Trial};
use splitbrain_sim::{LocalTime, NodeId, Out, Scenario};
use std::path::PathBuf;

/// A finished (or paused) run with its trace and the checker's violations.
pub type Run = Trial<FailureDetector, FdChecker>;

pub fn scenario(nodes: u32, seed: u64, options: FdOptions) -> Scenario {
    testkit::scenario::<FailureDetector>(nodes, seed, &options)
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/failure_detector")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    testkit::load::<FailureDetector>(env!("CARGO_MANIFEST_DIR"), "failure_detector", name)
}

/// One node, driven by hand.
pub fn node(id: u32, nodes: u32, options: &FdOptions) -> FailureDetector {
    testkit::node(id, nodes, options, None)
}

pub fn out() -> Out<FailureDetector> {
    Out::new()
}

pub fn at_ms(ms: i64) -> LocalTime {
    LocalTime(ms * 1_000)
}

pub fn sent(out: &Out<FailureDetector>) -> Vec<(NodeId, Message)> {
    testkit::sent(out)
}

pub fn notes(out: &Out<FailureDetector>) -> Vec<Note> {
    testkit::notes_of(out)
}
