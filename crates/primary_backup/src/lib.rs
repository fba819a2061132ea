//! Primary-backup replication, as in Budhiraja, Marzullo, Schneider and Toueg, *The Primary-Backup
//! Approach* (1993), after Alsberg and Day's resilient sharing of resources (1976), written as a sans-IO
//! state machine for the Splitbrain simulator (`"primary-backup"`).
//!
//! One primary orders every write and replicates it to 1–8 backups; it answers the client after every
//! backup, one backup, or none has stored it (synchronous, semi-synchronous, asynchronous). Backups detect
//! a failed primary by its missing heartbeats, and one of them takes over: naively, with epochs and fencing
//! (Kleppmann, *Designing Data-Intensive Applications* ch. 5 and 8), or by a majority vote with Raft's
//! up-to-date rule (§5.2, §5.4.1). A returning old primary learns the new epoch, steps down and discards
//! the writes the new primary does not have.
//!
//! Layout: [`options`] (modes, policies, mutant), [`message`] (messages, timers, log entries), [`log`] (the
//! write log), [`note`] (what the trace records), [`persist`] (what survives a crash), `node` (state and
//! entry points), `primary`, `backup`, `failover` (the three sides of the protocol), `face` (the lab's view),
//! [`check`] (Lost Acknowledged Write and Split Brain, from the trace alone), `facts` (what `splitbrain
//! run` reports).

mod backup;
pub mod check;
mod client;
mod face;
mod facts;
mod failover;
pub mod log;
pub mod message;
mod node;
pub mod note;
pub mod options;
pub mod persist;
mod primary;

pub use check::PbChecker;
pub use message::{Entry, Message, Timer, Write};
pub use node::{Peer, PrimaryBackup, Role};
pub use note::Note;
pub use options::{Failover, Mutant, PbOptions, Reads, Replication};
pub use persist::Persistent;

use splitbrain_sim::{Run, Simulation, Timeline};

pub type PbRun = Run<PrimaryBackup, PbChecker>;
pub type PbSim = Simulation<PrimaryBackup, PbChecker>;
pub type PbTimeline = Timeline<PrimaryBackup, PbChecker>;
