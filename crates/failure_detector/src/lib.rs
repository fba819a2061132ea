//! Failure detection, written as a sans-IO state machine for the Splitbrain simulator
//! (`"failure-detector"`), with three algorithms chosen by the `algorithm` option:
//!
//! - **heartbeat**: every node sends a Heartbeat to every other every `interval_ms` and suspects a peer
//!   after `timeout_ms` of silence, trusting it again when it is heard (the eventually perfect detector ◇P
//!   of Chandra & Toueg, *Unreliable Failure Detectors for Reliable Distributed Systems*, JACM 1996, §2).
//! - **phi_accrual**: the same heartbeats, but a peer is suspected when the suspicion level
//!   φ = −log10(P_later(t_now − t_last)) reaches `phi_threshold`, P_later from a normal fit of the recent
//!   inter-arrival times (Hayashibara, Défago, Yared & Katayama, *The φ Accrual Failure Detector*, SRDS
//!   2004, §3; the logistic approximation of the normal tail is Akka's).
//! - **swim**: each protocol period a node pings one member (round-robin over a shuffled list), asks `k`
//!   others to ping it for it (PingReq) when no Ack comes, suspects it when neither answers, and declares it
//!   dead after `suspicion_timeout_ms`; a suspected node refutes with a higher incarnation, and membership
//!   updates ride on the Ping, Ack and PingReq messages (Das, Gupta & Motivala, *SWIM*, DSN 2002, §3–4).
//!
//! Layout: [`options`], [`message`] (messages, timers, membership updates), [`note`] (what the trace
//! records), `node` (state, entry points, the two heartbeat detectors), [`phi`] (the accrual estimate, in
//! deterministic arithmetic), `swim`, `face` (the lab's view), [`check`] (completeness, accuracy after the
//! heal, and the counts the facts report, from the trace alone).

pub mod check;
mod face;
pub mod message;
mod node;
pub mod note;
pub mod options;
pub mod phi;
mod swim;

pub use check::FdChecker;
pub use message::{Message, Status, Timer, Update};
pub use node::{FailureDetector, Peer, Persistent};
pub use note::{Cause, Note};
pub use options::{Algorithm, FdOptions, Mutant};

use splitbrain_sim::{Run, Simulation, Timeline};

pub type FdRun = Run<FailureDetector, FdChecker>;
pub type FdSim = Simulation<FailureDetector, FdChecker>;
pub type FdTimeline = Timeline<FailureDetector, FdChecker>;
