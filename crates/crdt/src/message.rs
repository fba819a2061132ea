//! Messages and timers: anti-entropy gossip of the whole state (state-based replication, SSS 2011 §2.2:
//! "a replica sends its full state to another, which merges it"), push–pull as in Demers et al.,
//! *Epidemic Algorithms for Replicated Database Maintenance* (PODC 1987, §1.3): the receiver answers with
//! its merged state when it knew something the sender did not.

use serde::{Deserialize, Serialize};
use splitbrain_sim::Label;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", bound = "S: Serialize + serde::de::DeserializeOwned")]
pub enum Message<S> {
    /// Every key's state, pushed to a peer drawn by the engine.
    Gossip { states: BTreeMap<String, S> },
    /// The receiver's merged states, sent back because it knew something the gossip lacked (the pull
    /// half). Never answered, so an exchange ends there.
    GossipBack { states: BTreeMap<String, S> },
}

impl<S> Message<S> {
    pub fn states(&self) -> &BTreeMap<String, S> {
        match self {
            Message::Gossip { states } | Message::GossipBack { states } => states,
        }
    }
}

impl<S> Label for Message<S> {
    fn label(&self) -> String {
        match self {
            Message::Gossip { .. } => "Gossip",
            Message::GossipBack { .. } => "GossipBack",
        }
        .into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Timer {
    /// Time for the next round of gossip.
    Gossip,
}

impl Label for Timer {
    fn label(&self) -> String {
        "Gossip".into()
    }
}
