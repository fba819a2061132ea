//! What the trace records of a node's deliveries: the delivery history the checkers judge.

use crate::message::MsgRef;
use crate::options::Order;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};
use std::fmt;

/// Why a message is held back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Wait {
    /// FIFO or causal: a message that comes before it has not been delivered yet.
    Missing { id: MsgRef },
    /// Lamport: at the head of the queue, but these nodes have not yet been heard from with a later
    /// timestamp.
    Acks { from: Vec<NodeId> },
    /// Lamport: a message with a smaller (timestamp, sender) is ahead of it.
    Behind { head: MsgRef },
    /// Sequencer: no sequence number for it yet.
    Unnumbered,
    /// Sequencer: it has number `global`, but an earlier number is not delivered yet.
    Turn { global: u64, next: u64 },
}

impl fmt::Display for Wait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Wait::Missing { id } => write!(f, "waiting for {id} from {}", id.sender),
            Wait::Acks { from } => {
                let names: Vec<String> = from.iter().map(NodeId::to_string).collect();
                write!(
                    f,
                    "waiting to hear a later timestamp from {}",
                    names.join(", ")
                )
            }
            Wait::Behind { head } => write!(f, "behind {head} in timestamp order"),
            Wait::Unnumbered => write!(f, "waiting for its sequence number from n1"),
            Wait::Turn { global, next } => {
                write!(f, "number {global}, waiting for number {next}")
            }
        }
    }
}

/// Which promise an early delivery broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anomaly {
    Fifo,
    Causal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// The node started (or restarted: its hold-back queue is empty) with delivery order `order`.
    Up { order: Order, restarted: bool },
    /// The node sent application message `id` with these stamps.
    Sent {
        id: MsgRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<NodeId>,
        lamport: u64,
        vclock: Vec<u64>,
        text: String,
    },
    /// A message for this node arrived but cannot be delivered yet.
    HeldBack { id: MsgRef, wait: Wait },
    /// The node's application received `id`, its `nth` delivery; `held_us` how long it waited and why.
    Delivered {
        id: MsgRef,
        text: String,
        nth: u64,
        held_us: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        waited: Option<Wait>,
    },
    /// The node's own stamps show it just delivered `id` before `missing`, which comes before it: the
    /// order the delivery rule does not promise (or a mutant broke).
    OutOfOrder {
        id: MsgRef,
        missing: MsgRef,
        anomaly: Anomaly,
    },
    /// The sequencer gave `id` the sequence number `global`.
    Ordered { id: MsgRef, global: u64 },
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Up { .. } => "up",
            Note::Sent { .. } => "sent",
            Note::HeldBack { .. } => "held_back",
            Note::Delivered { .. } => "delivered",
            Note::OutOfOrder {
                anomaly: Anomaly::Fifo,
                ..
            } => "fifo_anomaly",
            Note::OutOfOrder {
                anomaly: Anomaly::Causal,
                ..
            } => "causal_anomaly",
            Note::Ordered { .. } => "ordered",
        }
        .into()
    }
}
