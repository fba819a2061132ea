//! Distributed snapshots, written as a sans-IO state machine for the Splitbrain simulator (`"snapshot"`):
//! the algorithm of K. Mani Chandy and Leslie Lamport, *Distributed Snapshots: Determining Global States of
//! Distributed Systems* (ACM TOCS 3(1), 1985), run over a small bank: every node holds a balance and sends
//! random amounts to random peers, so the global state worth recording is "where is all the money?".
//!
//! The paper assumes reliable FIFO channels (§2); the simulator's network loses, duplicates and reorders, so
//! `channel` builds them: per-channel sequence numbers, acknowledgements, retransmission and a reorder
//! buffer at the receiver. Markers travel in the same sequenced channel as transfers, which is what the
//! marker rules need.
//!
//! Layout: [`options`], [`message`] (messages and timers), [`note`] (what the trace records), `node` (state,
//! the bank's application, entry points), `channel` (reliable FIFO channels), `rules` (the marker sending
//! and receiving rules of §3 and the assembly of the global state), `face` (the lab's view), `inspect` (the inspector's tables), [`check`]
//! (Consistent Cut and Conservation, from the trace alone).

mod channel;
pub mod check;
mod face;
mod inspect;
pub mod message;
mod node;
pub mod note;
pub mod options;
mod rules;

pub use check::SnapshotChecker;
pub use message::{Message, Timer};
pub use node::{Bank, Incoming, Outgoing, Persistent, Recording, Snapshot};
pub use note::Note;
pub use options::{Mutant, SnapshotOptions};

use splitbrain_sim::{Run, Simulation, Timeline};

pub type SnapshotRun = Run<Snapshot, SnapshotChecker>;
pub type SnapshotSim = Simulation<Snapshot, SnapshotChecker>;
pub type SnapshotTimeline = Timeline<Snapshot, SnapshotChecker>;
