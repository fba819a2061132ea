//! Helpers shared by the Dynamo tests, on top of `splitbrain_sim::testkit`: building and running scenarios
//! (with sessions), driving one node by hand.
#![allow(dead_code)]

use splitbrain_dynamo::{Dynamo, DynamoChecker, DynamoOptions, Message, Note};
use splitbrain_sim::testkit::{self, Trial};
use splitbrain_sim::{Action, ClientOp, LocalTime, NodeId, Out, Scenario};
use std::path::PathBuf;

pub type Run = Trial<Dynamo, DynamoChecker>;

pub fn scenario(nodes: u32, seed: u64, options: DynamoOptions) -> Scenario {
    testkit::scenario::<Dynamo>(nodes, seed, &options)
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/dynamo")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    testkit::load::<Dynamo>(env!("CARGO_MANIFEST_DIR"), "dynamo", name)
}

pub fn put(node: u32, session: Option<u32>, key: &str, value: &str) -> Action {
    Action::Client {
        node: NodeId(node),
        session,
        op: testkit::put_op(key, value),
    }
}

pub fn get(node: u32, session: Option<u32>, key: &str) -> Action {
    Action::Client {
        node: NodeId(node),
        session,
        op: ClientOp::Get { key: key.into() },
    }
}

/// One node, driven by hand, already started.
pub fn node(id: u32, nodes: u32, options: &DynamoOptions) -> Dynamo {
    testkit::started(id, nodes, options)
}

pub fn out() -> Out<Dynamo> {
    Out::new()
}

pub fn at_ms(ms: i64) -> LocalTime {
    LocalTime(ms * 1_000)
}

pub fn sent(out: &Out<Dynamo>) -> Vec<(NodeId, Message)> {
    testkit::sent(out)
}

pub fn notes(out: &Out<Dynamo>) -> Vec<Note> {
    testkit::notes_of(out)
}
