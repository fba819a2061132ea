//! Clock synchronisation, written as a sans-IO state machine for the Splitbrain simulator (`"clocksync"`),
//! four algorithms chosen by the `algorithm` option, with n1 as the time server / coordinator / reference:
//!
//! - Cristian, *Probabilistic clock synchronization*, Distributed Computing 3 (1989), §3: ask the server,
//!   set the clock to the server's time + RTT/2, error within ±RTT/2.
//! - Gusella & Zatti, *The accuracy of the clock synchronization achieved by TEMPO in Berkeley UNIX 4.3BSD*,
//!   IEEE TSE 15 (1989): the master polls, averages the readings that are not outliers and sends each
//!   node its correction (the master corrects itself too).
//! - Mills, *Internet time synchronization: the Network Time Protocol*, IEEE Trans. Comm. 39 (1991), §3 and
//!   RFC 5905 §8: four timestamps, offset θ = ((T2−T1)+(T3−T4))/2 and delay δ = (T4−T1)−(T3−T2), the
//!   clock slewed rather than stepped.
//! - Corbett et al., *Spanner: Google's globally-distributed database*, OSDI 2012, §3 and §4.1.2: TT.now()
//!   is an interval [earliest, latest]; a commit is stamped `latest` and waits until `earliest` passes it.
//!
//! Every correction claims an error bound (a `ClockBound` lane signal), and [`check`] holds the claim
//! against the simulator's real time.
//!
//! Layout: [`options`], [`message`], [`note`], `node` (state, Cristian, entry points), `ntp`, `berkeley`,
//! `truetime`, `face` (the lab's view), [`check`] (Error Bound, External Consistency).

mod berkeley;
pub mod check;
mod face;
pub mod message;
mod node;
pub mod note;
mod ntp;
pub mod options;
mod truetime;

pub use check::ClockChecker;
pub use message::{Message, Timer};
pub use node::{ClockSync, Persistent};
pub use note::{Claim, Note};
pub use options::{Algorithm, ClockSyncOptions, Discipline, Mutant};

use splitbrain_sim::{Run, Simulation, Timeline};

pub type ClockSyncRun = Run<ClockSync, ClockChecker>;
pub type ClockSyncSim = Simulation<ClockSync, ClockChecker>;
pub type ClockSyncTimeline = Timeline<ClockSync, ClockChecker>;
