//! Messages and timers, in the papers' words. Lamport's and Ricart–Agrawala's messages carry a Lamport
//! timestamp `ts` and a per-link sequence number `seq`: both algorithms assume reliable FIFO channels
//! (Lamport 1978 §"mutual exclusion": "messages are received in the order in which they are sent"), which
//! the node provides itself by holding back out-of-order messages and dropping duplicates.

use serde::{Deserialize, Serialize};
use splitbrain_sim::Label;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Message {
    /// Lamport rule 1, Ricart–Agrawala: "I request the critical section at time `ts`".
    Request { ts: u64, seq: u64 },
    /// Lamport rule 2: the timestamped acknowledgement of a request.
    Ack { ts: u64, seq: u64 },
    /// Lamport rule 3: "I left the critical section"; it carries the write every node applies.
    Release {
        ts: u64,
        seq: u64,
        key: String,
        value: String,
    },
    /// Ricart–Agrawala: permission to enter (sent at once, or deferred until the sender leaves).
    Reply { ts: u64, seq: u64 },
    /// Ricart–Agrawala: the write made in the critical section, applied by every node.
    Update {
        ts: u64,
        seq: u64,
        key: String,
        value: String,
    },
    /// Lock server: "may I have the lock?" (request number `req` of the asking node; re-sent until granted).
    Acquire { req: u64 },
    /// Lock server: the lock, with its fencing token, valid for `lease_us`.
    Grant { req: u64, token: u64, lease_us: u64 },
    /// Lock server: the holder gives the lock back.
    Unlock { token: u64 },
    /// To the storage: write `key=value` under `token`.
    Write {
        token: u64,
        key: String,
        value: String,
    },
    /// From the storage: the write under `token` is stored.
    Written { token: u64 },
    /// From the storage: the write under `token` is refused, since it has accepted `newest`.
    Rejected { token: u64, newest: u64 },
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::Request { .. } => "Request",
            Message::Ack { .. } => "Ack",
            Message::Release { .. } => "Release",
            Message::Reply { .. } => "Reply",
            Message::Update { .. } => "Update",
            Message::Acquire { .. } => "Acquire",
            Message::Grant { .. } => "Grant",
            Message::Unlock { .. } => "Unlock",
            Message::Write { .. } => "Write",
            Message::Written { .. } => "Written",
            Message::Rejected { .. } => "Rejected",
        }
        .to_string()
    }
}

impl Message {
    /// The FIFO sequence number of a Lamport or Ricart–Agrawala message.
    pub fn seq(&self) -> Option<u64> {
        match self {
            Message::Request { seq, .. }
            | Message::Ack { seq, .. }
            | Message::Release { seq, .. }
            | Message::Reply { seq, .. }
            | Message::Update { seq, .. } => Some(*seq),
            _ => None,
        }
    }

    pub fn ts(&self) -> u64 {
        match self {
            Message::Request { ts, .. }
            | Message::Ack { ts, .. }
            | Message::Release { ts, .. }
            | Message::Reply { ts, .. }
            | Message::Update { ts, .. } => *ts,
            _ => 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Timer {
    /// The holder's work in the critical section is done: it writes and releases.
    Work,
    /// Lock server: a waiting node re-asks for the lock; a holder re-sends its write.
    Retry,
    /// Lock server: the lease of `token` ends.
    LeaseExpiry { token: u64 },
    /// Lock server after a restart: it forgot who holds the lock, so it waits out one lease before granting.
    Recovery,
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Work => "Work",
            Timer::Retry => "Retry",
            Timer::LeaseExpiry { .. } => "LeaseExpiry",
            Timer::Recovery => "Recovery",
        }
        .to_string()
    }
}
