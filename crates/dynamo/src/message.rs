//! Messages and timers, in the paper's vocabulary: a coordinator's `Put` and `Get` to the replicas of a
//! key and their answers (§4.5), hinted writes and their `Handoff` back to the owner (§4.6), and the
//! replica synchronisation of §4.7: read `Repair`, the anti-entropy `Digest` and the `Sync` of a
//! mismatched range.

use crate::version::Version;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Message {
    /// Store `version` of `key`; `hint_for` when the receiver stands in for that owner (§4.6).
    Put {
        req: u64,
        key: String,
        version: Version,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint_for: Option<NodeId>,
    },
    PutAck {
        req: u64,
        key: String,
    },
    /// Send me your versions of `key`.
    Get {
        req: u64,
        key: String,
    },
    GetReply {
        req: u64,
        key: String,
        versions: Vec<Version>,
    },
    /// Read repair: the reconciled versions of `key` for a replica that answered with older ones.
    Repair {
        key: String,
        versions: Vec<Version>,
    },
    /// A stand-in hands back the versions it held for the receiver.
    Handoff {
        key: String,
        versions: Vec<Version>,
    },
    HandoffAck {
        key: String,
        versions: Vec<Version>,
    },
    /// Anti-entropy: a hash of the sender's (key, versions) for each range both replicate.
    Digest {
        ranges: Vec<(u32, u32)>,
    },
    /// The sender's keys of ranges whose digests differed; `reply` asks for the receiver's in return.
    Sync {
        ranges: Vec<u32>,
        entries: Vec<(String, Vec<Version>)>,
        reply: bool,
    },
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::Put { .. } => "Put",
            Message::PutAck { .. } => "PutAck",
            Message::Get { .. } => "Get",
            Message::GetReply { .. } => "GetReply",
            Message::Repair { .. } => "Repair",
            Message::Handoff { .. } => "Handoff",
            Message::HandoffAck { .. } => "HandoffAck",
            Message::Digest { .. } => "Digest",
            Message::Sync { .. } => "Sync",
        }
        .to_string()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Timer {
    /// A coordination's deadline: fail it, or (sloppy quorum) ask stand-ins for the owners still silent.
    Request { req: u64 },
    /// Offer hinted versions back to their owners.
    Handoff,
    /// Compare a range digest with a random peer.
    AntiEntropy,
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Request { .. } => "Request",
            Timer::Handoff => "Handoff",
            Timer::AntiEntropy => "AntiEntropy",
        }
        .to_string()
    }
}
