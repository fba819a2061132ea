//! Helpers shared by the broadcast tests, on top of `splitbrain_sim::testkit`.
#![allow(dead_code)]

use splitbrain_broadcast::{Broadcast, BroadcastChecker, BroadcastOptions, Message, Note, Order};
use splitbrain_sim::testkit::{self, Trial};
use splitbrain_sim::{Action, ClientOp, NodeId, Out, Scenario};
use std::path::PathBuf;

/// A finished (or paused) run with its trace and the checker's violations.
pub type Run = Trial<Broadcast, BroadcastChecker>;

pub fn options(order: Order) -> BroadcastOptions {
    BroadcastOptions {
        order,
        ..BroadcastOptions::default()
    }
}

pub fn scenario(nodes: u32, seed: u64, options: BroadcastOptions) -> Scenario {
    testkit::scenario::<Broadcast>(nodes, seed, &options)
}

pub fn send(node: u32, to: Option<u32>, text: &str) -> Action {
    Action::Client {
        session: None,
        node: NodeId(node),
        op: ClientOp::Send {
            to: to.map(NodeId),
            text: text.into(),
        },
    }
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/broadcast")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    testkit::load::<Broadcast>(env!("CARGO_MANIFEST_DIR"), "broadcast", name)
}

pub fn node(id: u32, nodes: u32, options: &BroadcastOptions) -> Broadcast {
    testkit::started(id, nodes, options)
}

pub fn out() -> Out<Broadcast> {
    Out::new()
}

pub fn sent(out: &Out<Broadcast>) -> Vec<(NodeId, Message)> {
    testkit::sent(out)
}

pub fn notes(out: &Out<Broadcast>) -> Vec<Note> {
    testkit::notes_of(out)
}

/// The messages each node's application delivered, in order, as `m1.1`.
pub fn deliveries(run: &Run, node: u32) -> Vec<String> {
    run.notes()
        .filter(|(e, _)| e.node == Some(NodeId(node)))
        .filter_map(|(_, n)| match n {
            Note::Delivered { id, .. } => Some(id.to_string()),
            _ => None,
        })
        .collect()
}
