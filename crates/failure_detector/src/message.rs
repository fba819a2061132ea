//! Messages, timers and SWIM's membership updates, in the papers' words: Heartbeat (Chandra & Toueg 1996,
//! §2; Hayashibara et al. 2004, §3), Ping, Ack and PingReq with piggybacked Alive / Suspect / Confirm
//! updates (Das, Gupta & Motivala 2002, §3.1 and §4.2; "Confirm" is shown as "dead").

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

/// What a SWIM member is believed to be (§4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Alive,
    Suspect,
    Dead,
}

/// One piggybacked membership update: `member` is `status` at `incarnation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    pub member: NodeId,
    pub status: Status,
    pub incarnation: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Message {
    /// Heartbeat and phi-accrual: "I am alive", the sender's `seq`-th.
    Heartbeat { seq: u64 },
    /// SWIM: are you alive? (probe `seq`; a helper's own seq when it pings on someone's behalf).
    Ping { seq: u64, updates: Vec<Update> },
    /// SWIM: `member` answered probe `seq` (sent by the member itself, or relayed by a helper).
    Ack {
        seq: u64,
        member: NodeId,
        updates: Vec<Update>,
    },
    /// SWIM: "I got no Ack from `target`: please ping it for me" (probe `seq` of the sender).
    PingReq {
        seq: u64,
        target: NodeId,
        updates: Vec<Update>,
    },
}

impl Message {
    pub fn updates(&self) -> &[Update] {
        match self {
            Message::Heartbeat { .. } => &[],
            Message::Ping { updates, .. }
            | Message::Ack { updates, .. }
            | Message::PingReq { updates, .. } => updates,
        }
    }
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::Heartbeat { .. } => "Heartbeat",
            Message::Ping { .. } => "Ping",
            Message::Ack { .. } => "Ack",
            Message::PingReq { .. } => "PingReq",
        }
        .into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Timer {
    /// Heartbeat and phi-accrual: send the next round of heartbeats.
    Heartbeat,
    /// Heartbeat: `peer` has been silent for the whole timeout.
    Silence { peer: NodeId },
    /// Phi-accrual: recompute every peer's φ.
    Evaluate,
    /// SWIM: the protocol period ends; judge the last probe and start the next.
    Period,
    /// SWIM: the direct Ack did not come in time: ask for indirect probes.
    AckTimeout,
    /// SWIM: `member` was suspected and did not refute in time: declare it dead.
    Suspicion { member: NodeId },
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Heartbeat => "Heartbeat",
            Timer::Silence { .. } => "Silence",
            Timer::Evaluate => "Evaluate",
            Timer::Period => "Period",
            Timer::AckTimeout => "AckTimeout",
            Timer::Suspicion { .. } => "Suspicion",
        }
        .into()
    }
}
