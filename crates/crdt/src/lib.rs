//! State-based CRDTs replicated by gossip, written as sans-IO state machines for the Splitbrain simulator:
//! four protocols, one per data type, sharing one generic replica ([`Replica`]) and one face.
//!
//! - **`g-counter`**: a grow-only counter, one entry per replica, merged by entry-wise maximum
//!   ([`GCounter`]; Shapiro, Preguiça, Baquero & Zawirski, *A comprehensive study of Convergent and
//!   Commutative Replicated Data Types*, INRIA RR-7506, 2011, specification 6).
//! - **`pn-counter`**: increments and decrements as two G-counters ([`PnCounter`]; spec. 7).
//! - **`or-set`**: the observed-remove set, add wins, with unique tags and tombstones ([`OrSet`]; spec. 15).
//! - **`lww-register`**: the last-writer-wins register, timestamps from each node's own (possibly skewed)
//!   clock ([`LwwRegister`]; spec. 8).
//!
//! The state-based (CvRDT) model of *Conflict-free Replicated Data Types* (SSS 2011, §2.2): an update
//! changes the local state by an inflation; replicas send each other whole states; merge is the join of a
//! semilattice, so replicas that received the same updates converge whatever the order, loss or
//! duplication of messages (Proposition 2.1, strong eventual consistency).
//!
//! Layout: [`crdt`] (the lattice trait, updates, tags and timestamps), [`counters`], [`orset`], [`lww`] (the
//! data types), [`options`], [`message`], [`note`], `replica` (the generic gossip node), `face`, [`check`]
//! (Inflation, Merge is a join, Monotonic reads, Final value, Convergence).

pub mod check;
pub mod counters;
pub mod crdt;
mod face;
pub mod lww;
pub mod message;
pub mod note;
pub mod options;
pub mod orset;
mod replica;

pub use check::CrdtChecker;
pub use counters::{Counts, GCounter, PnCounter, PnState};
pub use crdt::{Applied, Crdt, Remark, Stamp, Tag, Update};
pub use lww::{LwwRegister, LwwState};
pub use message::{Message, Timer};
pub use note::Note;
pub use options::{CrdtOptions, Mutant};
pub use orset::{OrSet, OrSetState};
pub use replica::{Durable, LastMerge, Replica};

use splitbrain_sim::{Run, Simulation, Timeline};

pub type GCounterReplica = Replica<GCounter>;
pub type PnCounterReplica = Replica<PnCounter>;
pub type OrSetReplica = Replica<OrSet>;
pub type LwwReplica = Replica<LwwRegister>;

pub type CrdtRun<C> = Run<Replica<C>, CrdtChecker<C>>;
pub type CrdtSim<C> = Simulation<Replica<C>, CrdtChecker<C>>;
pub type CrdtTimeline<C> = Timeline<Replica<C>, CrdtChecker<C>>;
