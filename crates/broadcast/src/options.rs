//! The options: which delivery order every node runs, the self-driving answers, and the teaching mutant.

use serde::{Deserialize, Serialize};

/// The delivery order: what a node promises about the order in which its application sees messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Deliver on arrival: whatever order the network produces.
    None,
    /// FIFO per sender: a sender's messages in the order it sent them (per-sender sequence numbers).
    Fifo,
    /// Causal: a message only after everything that happened before it (vector-clock delivery
    /// condition, Birman, Schiper & Stephenson 1991, §3).
    #[default]
    Causal,
    /// Total order by Lamport timestamps with acknowledgements (Lamport 1978, §3): every node delivers in
    /// (timestamp, sender) order once every other node has been heard from with a later timestamp.
    TotalLamport,
    /// Total order by a sequencer: n1 numbers every message and every node delivers in that order
    /// (Défago, Schiper & Urbán 2004, §4.1, "fixed sequencer").
    TotalSequencer,
}

impl Order {
    pub fn name(self) -> &'static str {
        match self {
            Order::None => "none",
            Order::Fifo => "FIFO",
            Order::Causal => "causal",
            Order::TotalLamport => "total (Lamport timestamps)",
            Order::TotalSequencer => "total (sequencer)",
        }
    }

    pub fn promises_fifo(self) -> bool {
        self != Order::None
    }

    /// Both total orders are causal too: Lamport's because a message's timestamp exceeds everything its
    /// sender had delivered, the sequencer's because a message can only be numbered after the messages its
    /// sender delivered were.
    pub fn promises_causal(self) -> bool {
        matches!(
            self,
            Order::Causal | Order::TotalLamport | Order::TotalSequencer
        )
    }

    pub fn promises_total(self) -> bool {
        matches!(self, Order::TotalLamport | Order::TotalSequencer)
    }
}

/// A rule students get wrong, broken on purpose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    #[default]
    None,
    /// Causal and FIFO: deliver a message as soon as it arrives, skipping the delivery condition.
    DeliverOnArrival,
    /// Total order (Lamport): deliver the head of the queue without waiting to hear a later timestamp
    /// from every node.
    NoAckWait,
    /// Total order (sequencer): the sequencer numbers messages in arrival order, not in each sender's
    /// order, so FIFO per sender breaks.
    SequencerByArrival,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BroadcastOptions {
    pub order: Order,
    /// A node that delivers someone else's message ending with '?' answers it to all with "re: …": the
    /// question-and-answer traffic that makes the causal anomaly happen on its own.
    pub auto_reply: bool,
    /// How long a node thinks before it answers (0: at once).
    pub reply_delay_us: u64,
    pub mutant: Mutant,
}

impl Default for BroadcastOptions {
    fn default() -> Self {
        BroadcastOptions {
            order: Order::Causal,
            auto_reply: true,
            reply_delay_us: 20_000,
            mutant: Mutant::None,
        }
    }
}

/// The largest cluster: every message carries a vector clock of one entry per node, and the diagram of
/// more than nine lanes no longer reads.
pub const MAX_NODES: u32 = 9;

/// The offending field and what is wrong with it.
pub fn validate(o: &BroadcastOptions, nodes: u32) -> Result<(), (String, String)> {
    let bad = |f: &str, why: String| Err((f.to_string(), why));
    if o.reply_delay_us > 60_000_000 {
        return bad("reply_delay_us", "must be at most 60 s".into());
    }
    if nodes > MAX_NODES {
        return bad(
            "order",
            format!("ordered broadcast runs with at most {MAX_NODES} nodes, not {nodes}"),
        );
    }
    let fits = match o.mutant {
        Mutant::None => true,
        Mutant::DeliverOnArrival => matches!(o.order, Order::Fifo | Order::Causal),
        Mutant::NoAckWait => o.order == Order::TotalLamport,
        Mutant::SequencerByArrival => o.order == Order::TotalSequencer,
    };
    if !fits {
        return bad(
            "mutant",
            format!(
                "this mutant breaks a rule that {} delivery does not have",
                o.order.name()
            ),
        );
    }
    Ok(())
}
