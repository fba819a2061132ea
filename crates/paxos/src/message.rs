//! Messages and timers, named as in *Paxos Made Simple*: phase 1 is Prepare / Promise (§2.2, "a promise never
//! again to accept a proposal numbered less than n"), phase 2 is Accept / Accepted, and learners hear
//! Accepted from every acceptor (§2.3). Nack is the optimisation §2.2 suggests ("the acceptor should inform
//! the proposer, who should abandon its proposal"). Heartbeat, CatchUp and Decision belong to Multi-Paxos (§3):
//! the distinguished proposer's liveness signal, and how a learner that missed Accepted messages asks.

use crate::ballot::Ballot;
use crate::value::Value;
use serde::{Deserialize, Serialize};
use splitbrain_sim::Label;

/// A value an acceptor has accepted in `slot` (single-decree Paxos has only slot 0).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedEntry {
    pub slot: u64,
    pub ballot: Ballot,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Message {
    /// Phase 1(a), for every slot from `from_slot` on (Multi-Paxos runs phase 1 once for all future slots).
    Prepare { ballot: Ballot, from_slot: u64 },
    /// Phase 1(b): the promise, with every value accepted at or after `from_slot` and its ballot.
    Promise {
        ballot: Ballot,
        accepted: Vec<AcceptedEntry>,
    },
    /// Phase 2(a).
    Accept {
        ballot: Ballot,
        slot: u64,
        value: Value,
    },
    /// Phase 2(b), sent to every learner.
    Accepted {
        ballot: Ballot,
        slot: u64,
        value: Value,
    },
    /// "I refused `ballot`: I promised `promised`."
    Nack { ballot: Ballot, promised: Ballot },
    /// The Multi-Paxos leader is alive; `chosen` is how many slots, from the first, it knows are chosen.
    Heartbeat { ballot: Ballot, chosen: u64 },
    /// A learner missed some Accepted messages and asks the leader for what was chosen from `from_slot`.
    CatchUp { from_slot: u64 },
    /// The leader tells a learner a chosen value.
    Decision { slot: u64, value: Value },
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::Prepare { .. } => "Prepare",
            Message::Promise { .. } => "Promise",
            Message::Accept { .. } => "Accept",
            Message::Accepted { .. } => "Accepted",
            Message::Nack { .. } => "Nack",
            Message::Heartbeat { .. } => "Heartbeat",
            Message::CatchUp { .. } => "CatchUp",
            Message::Decision { .. } => "Decision",
        }
        .to_string()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timer {
    /// A proposer's retry: the round timed out, or was refused and waits out a (randomised) backoff.
    Backoff,
    /// Multi-Paxos with leader election: nothing heard from a leader for this long, so run phase 1.
    Election,
    /// The leader's heartbeat (and retransmission of Accepts not yet known chosen).
    Heartbeat,
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Backoff => "Backoff",
            Timer::Election => "Election",
            Timer::Heartbeat => "Heartbeat",
        }
        .to_string()
    }
}
