//! Leader election, written as a sans-IO state machine for the Splitbrain simulator (`"election"`): the
//! bully algorithm (Garcia-Molina, *Elections in a Distributed Computing System*, 1982) and the ring
//! algorithm (Chang & Roberts, 1979), chosen by the `algorithm` option. Both elect the highest live id;
//! the leader's heartbeats are the failure detector that starts the next election.
//!
//! Layout: [`options`], [`message`] (messages and timers), [`note`] (what the trace records), `node` (state,
//! heartbeats, entry points), `bully`, `ring` (the two algorithms), `face` (the lab's view), [`check`] (the
//! highest-id rule and the final agreement on the leader, from the trace alone).

mod bully;
pub mod check;
mod face;
pub mod message;
mod node;
pub mod note;
pub mod options;
mod ring;

pub use check::ElectionChecker;
pub use message::{Message, Timer};
pub use node::{Election, Persistent, Role};
pub use note::Note;
pub use options::{Algorithm, ElectionOptions, Mutant};

use splitbrain_sim::{Run, Simulation, Timeline};

pub type ElectionRun = Run<Election, ElectionChecker>;
pub type ElectionSim = Simulation<Election, ElectionChecker>;
pub type ElectionTimeline = Timeline<Election, ElectionChecker>;
