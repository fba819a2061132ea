//! Helpers shared by the election tests, on top of `splitbrain_sim::testkit`: building and running
//! scenarios, driving one node by hand.
#![allow(dead_code)]

use splitbrain_election::{Election, ElectionChecker, ElectionOptions, Message, Note};
use splitbrain_sim::testkit::{self, Trial};
use splitbrain_sim::{LocalTime, NodeId, Out, Scenario};
use std::path::PathBuf;

/// A finished (or paused) run of an election with its trace and the checker's violations.
pub type Run = Trial<Election, ElectionChecker>;

pub fn scenario(nodes: u32, seed: u64, options: ElectionOptions) -> Scenario {
    testkit::scenario::<Election>(nodes, seed, &options)
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/election")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    testkit::load::<Election>(env!("CARGO_MANIFEST_DIR"), "election", name)
}

/// One node, driven by hand.
pub fn node(id: u32, nodes: u32, options: &ElectionOptions) -> Election {
    testkit::node(id, nodes, options, None)
}

pub fn out() -> Out<Election> {
    Out::new()
}

pub const NOW: LocalTime = testkit::T0;

pub fn sent(out: &Out<Election>) -> Vec<(NodeId, Message)> {
    testkit::sent(out)
}

pub fn notes(out: &Out<Election>) -> Vec<Note> {
    testkit::notes_of(out)
}
