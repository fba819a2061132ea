//! Helpers shared by the two-generals tests, on top of `splitbrain_sim::testkit`.
#![allow(dead_code)]

use splitbrain_sim::testkit::{self, Trial};
use splitbrain_sim::{LocalTime, NodeId, Out, Scenario};
use splitbrain_two_generals::{General, GeneralsChecker, Message, Note, TwoGeneralsOptions};
use std::path::PathBuf;

pub type Run = Trial<General, GeneralsChecker>;

pub fn scenario(seed: u64, options: TwoGeneralsOptions) -> Scenario {
    testkit::scenario::<General>(2, seed, &options)
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/two_generals")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    testkit::load::<General>(env!("CARGO_MANIFEST_DIR"), "two_generals", name)
}

pub fn options(rounds: u64) -> TwoGeneralsOptions {
    TwoGeneralsOptions {
        rounds,
        ..TwoGeneralsOptions::default()
    }
}

/// A general built fresh and started at time zero, with what it pushed on start.
pub fn started(id: u32, options: &TwoGeneralsOptions) -> (General, Out<General>) {
    let mut g: General = testkit::node(id, 2, options, None);
    let mut out = Out::new();
    splitbrain_sim::Protocol::on_start(&mut g, NOW, &mut out);
    (g, out)
}

pub const NOW: LocalTime = testkit::T0;

pub fn sent(out: &Out<General>) -> Vec<(NodeId, Message)> {
    testkit::sent(out)
}

pub fn notes(out: &Out<General>) -> Vec<Note> {
    testkit::notes_of(out)
}
