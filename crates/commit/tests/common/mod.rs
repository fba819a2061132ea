//! Helpers shared by the commit tests, on top of `splitbrain_sim::testkit`: building scenarios, running them
//! with the checker, driving a node by hand, and looking at the result.
#![allow(dead_code, unused_imports)] // each test file uses its own subset

use splitbrain_commit::{CommitChecker, CommitOptions, Message, Note, Persistent, TwoPhaseCommit};
use splitbrain_sim::testkit::{self, Trial};
use splitbrain_sim::{
    Action, ClientOp, ClientResponse, Describe, EventKind, NodeId, OpId, Out, Scenario,
};
use std::path::PathBuf;

pub use splitbrain_sim::testkit::{at, get, put, put_op, T0};

/// A finished (or paused) run of two-phase commit with its trace and the checker's violations.
pub type Run = Trial<TwoPhaseCommit, CommitChecker>;

/// Every link takes exactly 20 ms, so rule tests can name the moment a message lands.
pub fn scenario(nodes: u32, seed: u64, options: CommitOptions) -> Scenario {
    let mut sc = testkit::scenario::<TwoPhaseCommit>(nodes, seed, &options);
    sc.network.latency_min_us = 20_000;
    sc.network.latency_max_us = 20_000;
    sc
}

pub fn txn(node: u32, text: &str) -> Action {
    Action::Client {
        session: None,
        node: NodeId(node),
        op: ClientOp::parse_txn(text).unwrap(),
    }
}

/// What the commit tests read off a run beyond the shared harness.
pub trait Told {
    fn assert_safe(&self);
    fn story(&self) -> String;
}

impl Told for Run {
    fn assert_safe(&self) {
        assert!(
            self.violations.is_empty(),
            "violations: {:#?}",
            self.violations
        );
    }

    /// The narration of the run: every note's sentence and client event, one per line.
    fn story(&self) -> String {
        let mut s = String::new();
        for e in &self.events {
            let node = e.node.map(|n| n.to_string()).unwrap_or_default();
            let line = match &e.kind {
                EventKind::Note { note } => TwoPhaseCommit::show_note(e.node.unwrap(), note)
                    .text
                    .unwrap_or_default(),
                EventKind::ClientInvoke { op, request, .. } => {
                    format!("invoke {op} {}", request.describe())
                }
                EventKind::ClientReturn { op, outcome } => format!("return {op} {outcome:?}"),
                EventKind::Crash | EventKind::Restart => e.kind.name().to_string(),
                EventKind::Checkpoint { index, passed } => format!("checkpoint {index}: {passed}"),
                _ => continue,
            };
            s.push_str(&format!("{} {node} {line}\n", e.time));
        }
        for v in &self.violations {
            s.push_str(&format!(
                "VIOLATION {} at {}: {}\n",
                v.invariant, v.event, v.message
            ));
        }
        s
    }
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/commit")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    testkit::load::<TwoPhaseCommit>(env!("CARGO_MANIFEST_DIR"), "commit", name)
}

// ----- driving a single node by hand -------------------------------------------------------------------

pub fn node(
    id: u32,
    nodes: u32,
    options: &CommitOptions,
    persisted: Option<&Persistent>,
) -> TwoPhaseCommit {
    testkit::node(id, nodes, options, persisted)
}

pub fn sent(out: &Out<TwoPhaseCommit>) -> Vec<(NodeId, Message)> {
    testkit::sent(out)
}

pub fn notes_of(out: &Out<TwoPhaseCommit>) -> Vec<Note> {
    testkit::notes_of(out)
}

pub fn persisted(out: &Out<TwoPhaseCommit>) -> Option<Persistent> {
    testkit::persisted(out)
}

pub fn replies(out: &Out<TwoPhaseCommit>) -> Vec<(OpId, ClientResponse)> {
    testkit::replies(out)
}
