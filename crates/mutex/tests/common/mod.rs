//! Helpers shared by the mutual exclusion tests, on top of `splitbrain_sim::testkit`: building scenarios, running them
//! with the checker, driving one node by hand, and looking at the result.
#![allow(dead_code, unused_imports)] // each test file uses its own subset

use splitbrain_mutex::{DistMutex, Message, MutexChecker, MutexOptions, Note, Persistent};
use splitbrain_sim::testkit::{self, Trial};
use splitbrain_sim::{ClientResponse, NodeId, OpId, Out, Scenario};
use std::path::PathBuf;

pub use splitbrain_sim::testkit::{at, get, put, put_op, T0};

/// A finished (or paused) run of mutual exclusion with its trace and the checker's violations.
pub type Run = Trial<DistMutex, MutexChecker>;

pub fn scenario(nodes: u32, seed: u64, options: MutexOptions) -> Scenario {
    testkit::scenario::<DistMutex>(nodes, seed, &options)
}

/// The client history judged too: what "safe" means for these tests.
pub trait Judged {
    fn linearizability(&self) -> splitbrain_check::Report;
    fn assert_safe(&self);
}

impl Judged for Run {
    fn linearizability(&self) -> splitbrain_check::Report {
        splitbrain_check::check_all(&self.events)
    }

    fn assert_safe(&self) {
        assert!(
            self.violations.is_empty(),
            "violations: {:#?}",
            self.violations
        );
        let report = self.linearizability();
        assert!(
            report.violations.is_empty(),
            "linearizability: {:#?}",
            report.violations
        );
    }
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/mutex")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    testkit::load::<DistMutex>(env!("CARGO_MANIFEST_DIR"), "mutex", name)
}

// ----- driving a single node by hand -------------------------------------------------------------------

pub fn node(
    id: u32,
    nodes: u32,
    options: &MutexOptions,
    persisted: Option<&Persistent>,
) -> DistMutex {
    testkit::node(id, nodes, options, persisted)
}

pub fn started(id: u32, nodes: u32, options: &MutexOptions) -> DistMutex {
    testkit::started(id, nodes, options)
}

pub fn sent(out: &Out<DistMutex>) -> Vec<(NodeId, Message)> {
    testkit::sent(out)
}

pub fn notes_of(out: &Out<DistMutex>) -> Vec<Note> {
    testkit::notes_of(out)
}

pub fn persisted(out: &Out<DistMutex>) -> Option<Persistent> {
    testkit::persisted(out)
}

pub fn replies(out: &Out<DistMutex>) -> Vec<(OpId, ClientResponse)> {
    testkit::replies(out)
}
