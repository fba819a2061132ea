//! Distributed mutual exclusion, written as sans-IO state machines for the Splitbrain simulator
//! (`"mutex"`, with an `algorithm` option):
//!
//! - **Lamport's algorithm** (Lamport 1978, "Time, Clocks, and the Ordering of Events in a Distributed
//!   System", §"mutual exclusion"): a request queue ordered by Lamport timestamp, acknowledgements, release.
//! - **Ricart–Agrawala** (CACM 1981): requests answered at once or deferred while one's own earlier
//!   request is pending.
//! - **A lock server with leases and fencing tokens** (Kleppmann, DDIA ch. 8, "the paused lock holder").
//!
//! A client `put key=value` at node n means "n enters the critical section, works, writes key=value to the
//! shared storage, and releases"; the client is answered after the release. For Lamport and
//! Ricart–Agrawala the storage is a register every node applies (the write rides on the release); for
//! the lock server it is n1's storage, which checks fencing tokens. A `get` reads the storage.
//!
//! Layout: [`options`], [`message`] (messages and timers), [`note`] (what the trace records), [`persist`],
//! `node` (state, entry points, FIFO channels, the client queue), `lamport`, `ricart`, `lock` (the three
//! algorithms), `face` (the lab's view), [`check`] (Mutual Exclusion and Timestamp Order).

pub mod check;
mod face;
mod lamport;
mod lock;
pub mod message;
mod node;
pub mod note;
pub mod options;
pub mod persist;
mod ricart;

pub use check::MutexChecker;
pub use message::{Message, Timer};
pub use node::{DistMutex, Job, SERVER};
pub use note::Note;
pub use options::{Algorithm, Mutant, MutexOptions};
pub use persist::Persistent;

use splitbrain_sim::{Run, Simulation, Timeline};

pub type MutexRun = Run<DistMutex, MutexChecker>;
pub type MutexSim = Simulation<DistMutex, MutexChecker>;
pub type MutexTimeline = Timeline<DistMutex, MutexChecker>;
