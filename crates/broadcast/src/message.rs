//! Messages and timers. An application message carries its sender's Lamport timestamp (Lamport 1978, §2,
//! rules IR1–IR2) and vector clock (Fidge 1988; Mattern 1989), and a per-sender sequence number. Ack is the
//! acknowledgement of Lamport's total-order algorithm (1978, §3); Order is the sequencer's numbering.

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};
use std::fmt;

/// An application message's name: the `seq`-th message `sender` sent. Printed `m1.2` (n1's second).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MsgRef {
    pub sender: NodeId,
    pub seq: u64,
}

impl fmt::Display for MsgRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "m{}.{}", self.sender.0 + 1, self.seq)
    }
}

/// What the user (or an automatic answer) sent, with the stamps the sender gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppMsg {
    pub id: MsgRef,
    /// The one node it is for; `None`: every node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NodeId>,
    pub lamport: u64,
    /// Entry k: how many of node k's messages happened before this one (this one included for its sender).
    pub vclock: Vec<u64>,
    pub text: String,
}

impl AppMsg {
    pub fn addressed_to(&self, node: NodeId) -> bool {
        self.to.is_none_or(|t| t == node)
    }
}

/// `[2,1,0]`
pub fn vclock_text(v: &[u64]) -> String {
    let parts: Vec<String> = v.iter().map(u64::to_string).collect();
    format!("[{}]", parts.join(","))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Message {
    /// An application message. `link` numbers the messages on this one link (total order by Lamport
    /// timestamps needs FIFO links, which the network does not give: 0 in the other orders).
    Msg { msg: AppMsg, link: u64 },
    /// Lamport's acknowledgement: "my clock is now `lamport`", so nothing earlier will come from me.
    Ack { lamport: u64, link: u64 },
    /// The sequencer gave message `id` the sequence number `global`.
    Order {
        id: MsgRef,
        global: u64,
        lamport: u64,
    },
}

impl Message {
    pub fn lamport(&self) -> u64 {
        match self {
            Message::Msg { msg, .. } => msg.lamport,
            Message::Ack { lamport, .. } | Message::Order { lamport, .. } => *lamport,
        }
    }

    pub fn link(&self) -> u64 {
        match self {
            Message::Msg { link, .. } | Message::Ack { link, .. } => *link,
            Message::Order { .. } => 0,
        }
    }
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::Msg { .. } => "Msg",
            Message::Ack { .. } => "Ack",
            Message::Order { .. } => "Order",
        }
        .into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Timer {
    /// Time to answer the question `id` (the think time of `auto_reply`).
    Reply { id: MsgRef },
}

impl Label for Timer {
    fn label(&self) -> String {
        "Reply".into()
    }
}
