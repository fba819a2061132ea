//! The Two Generals' problem, written as a sans-IO state machine for the Splitbrain simulator
//! (`"two-generals"`). Two generals, n1 and n2, must attack together or not at all; their only channel is
//! a messenger who may be captured (a lossy link). n1 proposes "attack at dawn"; each reply is itself a
//! messenger of the next round, so round k+1 acknowledges round k. With `rounds = R`, at its deadline each
//! general attacks iff it received the last messenger addressed to it. Losing the last messenger always
//! makes them disagree, for every R: the impossibility result (Akkoyunlu, Ekanadham & Huber, *Some
//! constraints and tradeoffs in the design of network communications*, SOSP 1975, §3; named "the
//! generals paradox" by Gray, *Notes on Data Base Operating Systems*, 1978, §5.8.3.3).
//!
//! Layout: [`options`], [`message`] (messengers and timers), [`note`] (what the trace records), `node`
//! (the rule, the deadline, retransmission), `face` (the lab's view), [`check`] (Agreement and Validity,
//! from the trace alone).

pub mod check;
mod face;
pub mod message;
mod node;
pub mod note;
pub mod options;

pub use check::GeneralsChecker;
pub use message::{Message, Plan, Timer};
pub use node::{General, Persistent};
pub use note::Note;
pub use options::{Mutant, TwoGeneralsOptions};

use splitbrain_sim::{Run, Simulation, Timeline};

pub type TwoGeneralsRun = Run<General, GeneralsChecker>;
pub type TwoGeneralsSim = Simulation<General, GeneralsChecker>;
pub type TwoGeneralsTimeline = Timeline<General, GeneralsChecker>;
