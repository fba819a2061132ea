//! Messages and timers. The application's `Transfer` and the algorithm's `Marker` (Chandy & Lamport 1985,
//! §3) travel on one sequenced channel per ordered pair of nodes, with the `Report` that carries a node's
//! recorded state to the snapshot's initiator; `Ack` is the channel's own acknowledgement.

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Message {
    /// The application: the sender moves `amount` from its balance to the receiver's.
    Transfer { seq: u64, amount: u64 },
    /// "Everything I sent on this channel before this marker was sent before I recorded snapshot
    /// `snapshot`."
    Marker { seq: u64, snapshot: u64 },
    /// The sender's part of snapshot `snapshot`, for its initiator: its recorded balance and the money it
    /// recorded in flight on each incoming channel.
    Report {
        seq: u64,
        snapshot: u64,
        balance: u64,
        channels: Vec<(NodeId, u64)>,
    },
    /// The channel's acknowledgement: every message up to `upto` arrived (in order), and also `early` (only
    /// when the channels are not FIFO, a message taken ahead of a gap).
    Ack { upto: u64, early: Option<u64> },
}

impl Message {
    /// The channel sequence number of a message the channel carries (`None` for an Ack).
    pub fn seq(&self) -> Option<u64> {
        match self {
            Message::Transfer { seq, .. }
            | Message::Marker { seq, .. }
            | Message::Report { seq, .. } => Some(*seq),
            Message::Ack { .. } => None,
        }
    }
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::Transfer { .. } => "Transfer",
            Message::Marker { .. } => "Marker",
            Message::Report { .. } => "Report",
            Message::Ack { .. } => "Ack",
        }
        .into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Timer {
    /// Time for the application to send some money.
    Transfer,
    /// Send the unacknowledged messages again.
    Retransmit,
    /// The scheduled snapshot `index` of `snapshot_at_ms` is due (at the initiator).
    Initiate { index: usize },
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Transfer => "Transfer",
            Timer::Retransmit => "Retransmit",
            Timer::Initiate { .. } => "Initiate",
        }
        .into()
    }
}
