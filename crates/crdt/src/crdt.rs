//! The lattice every replica is generic over: a state-based CRDT (a CvRDT) is a join semilattice whose
//! updates are inflations and whose merge is the least upper bound (Shapiro, Preguiça, Baquero & Zawirski,
//! *Conflict-free Replicated Data Types*, SSS 2011, §2.2, Definition 2.3 and Proposition 2.1: any two
//! replicas that have received the same updates, in any order and any number of times, hold equal states).
//!
//! Each data type is one implementation: [`crate::GCounter`] (specification 6 of *A comprehensive study of
//! CRDTs*, INRIA RR-7506), [`crate::PnCounter`] (spec. 7), [`crate::OrSet`] (spec. 15) and
//! [`crate::LwwRegister`] (spec. 8). The teaching mutants break one rule of one type: its functions get
//! the mutant and ignore the ones that are not theirs.

use crate::options::Mutant;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{LocalTime, NodeId, OpKind, VectorClock};
use std::fmt::Debug;

/// A unique tag for one add of an OR-set: the replica that added and its own count of updates (spec. 15's
/// `unique()`). Unique because each replica's count is persisted and only grows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tag {
    pub node: NodeId,
    pub seq: u64,
}

/// An LWW-register's timestamp: the writer's local clock in µs, ties broken by the writer's id (spec. 8
/// assumes unique timestamps; `(time, node)` is unique because a replica never reuses a time: see
/// [`crate::Replica`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Stamp {
    pub time_us: i64,
    pub node: NodeId,
}

/// One local update, as the replica prepared it from a client operation (the downstream-free "update"
/// of a CvRDT, §2.2): the OR-set's add carries its fresh tag, the register's assignment its timestamp.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Update {
    Increment { by: u64 },
    Decrement { by: u64 },
    Add { element: String, tag: Tag },
    Remove { element: String },
    Assign { value: String, stamp: Stamp },
}

impl Update {
    pub fn describe(&self) -> String {
        match self {
            Update::Increment { by } => format!("+{by}"),
            Update::Decrement { by } => format!("−{by}"),
            Update::Add { element, tag } => format!("add {element} (tag {})", tag_text(tag)),
            Update::Remove { element } => format!("remove {element}"),
            Update::Assign { value, stamp } => format!("assign '{value}'@{}", stamp_text(stamp)),
        }
    }
}

/// Something a merge showed that a lecture points at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Remark {
    /// OR-set: these elements, which this replica had removed, are present after the merge: an add it had
    /// not seen (a concurrent one, with a fresh tag) survives its remove (add wins).
    AddWins { elements: Vec<String> },
    /// LWW-register: the value kept carries a timestamp `ahead_us` ahead of this replica's own clock: the
    /// writer's clock is fast, and a write made here later in real time may have lost to it.
    ClockAhead { ahead_us: i64 },
}

/// One update applied at a replica, as the checker reads it from the trace: what, where, and the
/// replica's vector clock right after it (which updates it had seen).
#[derive(Clone, Debug)]
pub struct Applied<'a> {
    pub update: &'a Update,
    pub node: NodeId,
    pub vclock: &'a VectorClock,
}

/// A state-based CRDT.
pub trait Crdt: Clone + Debug + 'static {
    type State: Clone + Debug + Default + PartialEq + Serialize + DeserializeOwned;

    /// `cluster.protocol` and the registry's name ("g-counter").
    const NAME: &'static str;
    /// "G-counter", for sentences.
    const TITLE: &'static str;
    const CLIENT_OPS: &'static [OpKind];
    /// The mutants that break this type.
    const MUTANTS: &'static [Mutant];
    /// Whether the value itself only grows (a G-counter's does): reads on one replica never go back.
    const MONOTONE_VALUE: bool = false;

    /// The state after a local update at replica `me`, or why it is refused.
    fn apply(
        state: &Self::State,
        update: &Update,
        me: NodeId,
        mutant: Mutant,
    ) -> Result<Self::State, String>;
    /// The join of two states (the mutant may break it).
    fn merge(a: &Self::State, b: &Self::State, mutant: Mutant) -> Self::State;
    /// The semilattice's order: `a ≤ b` when `b` has seen everything `a` has.
    fn leq(a: &Self::State, b: &Self::State) -> bool;
    /// The value a read returns ("5", "{eggs, milk}", "'x'"); `None`: an LWW-register never written.
    fn value(state: &Self::State) -> Option<String>;
    /// The state in its own notation: `[n1:3 n2:1]`, `P[n1:2] N[n2:1]`, tags and tombstones, `'x'@1.250 s n2`.
    fn show(state: &Self::State) -> String;
    /// What a merge showed worth pointing at, if anything.
    fn remark(
        before: &Self::State,
        received: &Self::State,
        after: &Self::State,
        now: LocalTime,
    ) -> Option<Remark> {
        let _ = (before, received, after, now);
        None
    }
    /// The value the specification implies for one key from every update applied to it anywhere,
    /// independently of the merge code: the checker compares every replica's final value with it.
    fn implied(updates: &[Applied<'_>]) -> Option<String>;
}

pub fn tag_text(t: &Tag) -> String {
    format!("{}.{}", t.node, t.seq)
}

pub fn stamp_text(s: &Stamp) -> String {
    format!("{:.3} s {}", s.time_us as f64 / 1e6, s.node)
}
