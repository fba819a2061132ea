//! Paxos, as in Leslie Lamport's *Paxos Made Simple* (ACM SIGACT News, 2001), written as sans-IO state
//! machines for the Splitbrain simulator: single-decree Paxos ([`Paxos`], `"paxos"`, §2) and Multi-Paxos
//! with a replicated key-value store ([`MultiPaxos`], `"multi-paxos"`, §3).
//!
//! Every node plays all three roles of §2.1. The acceptor ([`acceptor`]) and learner ([`learner`]) are the same
//! in both protocols and live together in `agent`; the proposer's two phases are in [`proposer`], driven by
//! client puts in `single` and by the distinguished proposer in `multi`. Handlers get the node's local time
//! and push effects into an `Out`: no clock, no randomness (backoffs and election timeouts are timer ranges
//! the engine draws), no IO.
//!
//! Layout: [`ballot`] (proposal numbers), [`value`] (what is proposed), [`message`] (messages and timers),
//! [`note`] (what the trace records), [`options`] (knobs and mutants), [`persist`] (what survives a crash),
//! [`kv`] (the state machine), `face` (the lab's view of both), [`check`] (Agreement, Validity, Promise
//! Integrity and Learner Agreement, checked from the trace alone).

pub mod acceptor;
mod agent;
pub mod ballot;
pub mod check;
mod face;
pub mod kv;
pub mod learner;
pub mod message;
mod multi;
pub mod note;
pub mod options;
pub mod persist;
pub mod proposer;
mod single;
pub mod value;

pub use agent::Agent;
pub use ballot::Ballot;
pub use check::PaxosChecker;
pub use message::{AcceptedEntry, Message, Timer};
pub use multi::MultiPaxos;
pub use note::Note;
pub use options::{Mutant, PaxosOptions};
pub use persist::Persistent;
pub use proposer::{Phase, Proposer};
pub use single::{Paxos, SLOT};
pub use value::Value;

use splitbrain_sim::{Protocol, Run, Simulation, Timeline};

/// Both protocols speak the same messages, notes and stable state, so the acceptor, learner and proposer
/// code is written once for either.
pub trait Node:
    Protocol<Msg = Message, Timer = Timer, Note = Note, Persistent = Persistent, Options = PaxosOptions>
{
}

impl<P> Node for P where
    P: Protocol<
        Msg = Message,
        Timer = Timer,
        Note = Note,
        Persistent = Persistent,
        Options = PaxosOptions,
    >
{
}

/// A single-decree Paxos run, as the lab holds it.
pub type PaxosRun = Run<Paxos, PaxosChecker>;
/// A Multi-Paxos run, as the lab holds it.
pub type MultiPaxosRun = Run<MultiPaxos, PaxosChecker>;
pub type PaxosSim = Simulation<Paxos, PaxosChecker>;
pub type MultiPaxosSim = Simulation<MultiPaxos, PaxosChecker>;
pub type PaxosTimeline = Timeline<Paxos, PaxosChecker>;
pub type MultiPaxosTimeline = Timeline<MultiPaxos, PaxosChecker>;
