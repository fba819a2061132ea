//! Logical clocks and ordered broadcast, written as a sans-IO state machine for the Splitbrain simulator
//! (`"broadcast"`). The user sends messages from any node to one node or to all; every node keeps its own
//! Lamport clock (Lamport, *Time, Clocks, and the Ordering of Events in a Distributed System*, 1978, §2)
//! and vector clock (Fidge 1988; Mattern 1989) and stamps what it sends. The `order` option chooses the
//! delivery rule: none, FIFO per sender, causal (Birman, Schiper & Stephenson, *Lightweight Causal and
//! Atomic Group Multicast*, 1991, §3), or total order by Lamport timestamps with acknowledgements (Lamport
//! 1978, §3) or by a sequencer (Défago, Schiper & Urbán, *Total Order Broadcast and Multicast Algorithms*,
//! 2004, §4.1). Messages that may not be delivered yet wait in a hold-back queue.
//!
//! Layout: [`options`], [`message`] (messages and timers), [`note`] (the delivery history the trace
//! records), `node` (state, clock rules, link layer, delivery), `persist` (what survives a crash), `rules` (each order's delivery rule),
//! `face` (the lab's view), [`check`] (FIFO, causal and total order judged from the trace alone).

pub mod check;
mod face;
pub mod message;
mod node;
pub mod note;
pub mod options;
mod persist;
mod rules;

pub use check::BroadcastChecker;
pub use message::{AppMsg, Message, MsgRef, Timer};
pub use node::{Broadcast, Held, Persistent, Seen, SEQUENCER};
pub use note::{Anomaly, Note, Wait};
pub use options::{BroadcastOptions, Mutant, Order};

use splitbrain_sim::{Run, Simulation, Timeline};

pub type BroadcastRun = Run<Broadcast, BroadcastChecker>;
pub type BroadcastSim = Simulation<Broadcast, BroadcastChecker>;
pub type BroadcastTimeline = Timeline<Broadcast, BroadcastChecker>;
