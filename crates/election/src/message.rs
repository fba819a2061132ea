//! Messages and timers, in the papers' words: Election, Answer, Coordinator (Garcia-Molina 1982, §4);
//! the ring's Election and Elected with a per-hop acknowledgement (Chang & Roberts 1979, with the
//! skip-a-crashed-successor rule of Tanenbaum & van Steen, *Distributed Systems*, §6.5.2).

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Message {
    /// Bully: "I am calling election `election`; are you alive?" sent to every higher id.
    Election { election: u64 },
    /// Bully: a higher id is alive and takes the election over.
    Answer { election: u64 },
    /// Bully: the sender won election `election` and is now the coordinator.
    Coordinator { election: u64 },
    /// Ring: the highest id seen so far in election `election`, passed to the successor.
    RingElection {
        election: u64,
        candidate: NodeId,
        hop: u64,
    },
    /// Ring: `leader` won election `election`; goes once round the ring.
    Elected {
        election: u64,
        leader: NodeId,
        hop: u64,
    },
    /// Ring: the successor received hop `hop`, so the sender need not skip it.
    RingAck { hop: u64 },
    /// The leader is alive (both algorithms).
    Heartbeat { election: u64 },
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::Election { .. } => "Election",
            Message::Answer { .. } => "Answer",
            Message::Coordinator { .. } => "Coordinator",
            Message::RingElection { .. } => "RingElection",
            Message::Elected { .. } => "Elected",
            Message::RingAck { .. } => "RingAck",
            Message::Heartbeat { .. } => "Heartbeat",
        }
        .into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Timer {
    /// The leader's heartbeat period.
    Heartbeat,
    /// No word from a leader: suspect it and call an election.
    LeaderTimeout,
    /// Bully: no Answer from any higher id.
    AnswerTimeout,
    /// Ring: the successor did not acknowledge hop `hop`.
    HopTimeout { hop: u64 },
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Heartbeat => "Heartbeat",
            Timer::LeaderTimeout => "LeaderTimeout",
            Timer::AnswerTimeout => "AnswerTimeout",
            Timer::HopTimeout { .. } => "HopTimeout",
        }
        .into()
    }
}
