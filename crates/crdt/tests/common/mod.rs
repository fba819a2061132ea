//! Helpers shared by the CRDT tests, on top of `splitbrain_sim::testkit`: building and running scenarios
//! of any of the four data types, driving one replica by hand, random client operations per type.
#![allow(dead_code)]

use splitbrain_crdt::{Crdt, CrdtChecker, CrdtOptions, Message, Note, Replica};
use splitbrain_sim::sweep::Gen;
use splitbrain_sim::testkit::{self, Trial};
use splitbrain_sim::{Action, ClientOp, LocalTime, NodeId, Out, Scenario};

/// A finished (or paused) run with its trace and the checker's violations.
pub type Run<C> = Trial<Replica<C>, CrdtChecker<C>>;

pub fn scenario<C: Crdt>(nodes: u32, seed: u64, options: CrdtOptions) -> Scenario {
    testkit::scenario::<Replica<C>>(nodes, seed, &options)
}

pub fn load<C: Crdt>(name: &str) -> Scenario {
    testkit::load::<Replica<C>>(env!("CARGO_MANIFEST_DIR"), "crdt", name)
}

/// One replica, driven by hand.
pub fn replica<C: Crdt>(id: u32, nodes: u32, options: &CrdtOptions) -> Replica<C> {
    testkit::node(id, nodes, options, None)
}

pub fn out<C: Crdt>() -> Out<Replica<C>> {
    Out::seeded(7)
}

pub fn at_ms(ms: i64) -> LocalTime {
    LocalTime(ms * 1_000)
}

pub fn sent<C: Crdt>(out: &Out<Replica<C>>) -> Vec<(NodeId, Message<C::State>)> {
    testkit::sent(out)
}

pub fn notes<C: Crdt>(out: &Out<Replica<C>>) -> Vec<Note<C>> {
    testkit::notes_of(out)
}

pub fn client(node: u32, op: ClientOp) -> Action {
    Action::Client {
        node: NodeId(node),
        op,
        session: None,
    }
}

pub fn inc(key: &str, by: u64) -> ClientOp {
    ClientOp::Increment {
        key: key.into(),
        by,
    }
}
pub fn dec(key: &str, by: u64) -> ClientOp {
    ClientOp::Decrement {
        key: key.into(),
        by,
    }
}
pub fn add(key: &str, e: &str) -> ClientOp {
    ClientOp::Add {
        key: key.into(),
        element: e.into(),
    }
}
pub fn remove(key: &str, e: &str) -> ClientOp {
    ClientOp::Remove {
        key: key.into(),
        element: e.into(),
    }
}
pub fn put(key: &str, v: &str) -> ClientOp {
    ClientOp::Put {
        key: key.into(),
        value: v.into(),
        context: None,
    }
}
pub fn get(key: &str) -> ClientOp {
    ClientOp::Get { key: key.into() }
}

/// A random operation the data type serves, on one of two keys.
pub fn random_op<C: Crdt>(g: &mut Gen) -> ClientOp {
    let key = if g.chance(70) { "x" } else { "y" };
    let element = ["milk", "eggs", "tea"][g.below(3) as usize];
    match (C::NAME, g.below(10)) {
        (_, 0) => get(key),
        ("g-counter", _) => inc(key, g.range(1, 3)),
        ("pn-counter", d) if d < 5 => dec(key, g.range(1, 3)),
        ("pn-counter", _) => inc(key, g.range(1, 3)),
        ("or-set", d) if d < 5 => remove(key, element),
        ("or-set", _) => add(key, element),
        _ => put(key, &format!("v{}", g.below(100))),
    }
}
