//! What the trace records of a node's bank and snapshots. The checkers read these with the sends and
//! deliveries; the face turns each into a sentence.

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// First boot: the account opens with `balance` (the conserved total is the sum of these).
    Opened { balance: u64 },
    /// The node recorded its local state for `snapshot` (the cut passes here): its balance, and per
    /// incoming channel the highest sequence number it had taken from that channel. `marker_from` is the
    /// channel whose marker made it record (`None`: it started the snapshot).
    Recorded {
        snapshot: u64,
        balance: u64,
        received: Vec<(NodeId, u64)>,
        marker_from: Option<NodeId>,
    },
    /// The state of channel `from` → this node in `snapshot`: the amounts recorded on it.
    ChannelRecorded {
        snapshot: u64,
        from: NodeId,
        amounts: Vec<u64>,
    },
    /// Markers have arrived on every incoming channel: this node's part of `snapshot` is done.
    Complete { snapshot: u64, in_flight: u64 },
    /// The initiator has every node's report: the global state of `snapshot`. `expected` is the conserved
    /// total the bank knows (nodes × opening balance).
    Assembled {
        snapshot: u64,
        balances: u64,
        in_flight: u64,
        channels: Vec<(NodeId, NodeId, u64)>,
        expected: u64,
    },
}

impl Note {
    pub fn snapshot(&self) -> Option<u64> {
        match self {
            Note::Opened { .. } => None,
            Note::Recorded { snapshot, .. }
            | Note::ChannelRecorded { snapshot, .. }
            | Note::Complete { snapshot, .. }
            | Note::Assembled { snapshot, .. } => Some(*snapshot),
        }
    }
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Opened { .. } => "opened",
            Note::Recorded { .. } => "recorded",
            Note::ChannelRecorded { amounts, .. } if amounts.is_empty() => "channel",
            Note::ChannelRecorded { .. } => "in flight",
            Note::Complete { .. } => "complete",
            Note::Assembled {
                balances,
                in_flight,
                expected,
                ..
            } => {
                if balances + in_flight == *expected {
                    "assembled"
                } else {
                    "total off"
                }
            }
        }
        .into()
    }
}
