//! Ballots ("proposal numbers" in *Paxos Made Simple* §2.2): totally ordered, and no two proposers ever use
//! the same one. A ballot is a round number paired with the proposer's node id, compared round first, so
//! uniqueness needs no coordination (§2.3: "different proposers choose their numbers from disjoint sets").

use serde::{Deserialize, Serialize};
use splitbrain_sim::NodeId;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ballot {
    pub round: u64,
    pub node: NodeId,
}

impl Ballot {
    /// Below every ballot a proposer can issue (real rounds start at 1).
    pub const ZERO: Ballot = Ballot {
        round: 0,
        node: NodeId(0),
    };

    pub fn new(round: u64, node: NodeId) -> Self {
        Ballot { round, node }
    }

    /// The epoch the lab draws: `round << 8 | node`, which keeps the order (nodes are at most 25).
    pub fn encode(self) -> u64 {
        (self.round << 8) | u64::from(self.node.0 & 0xff)
    }

    pub fn decode(epoch: u64) -> Self {
        Ballot {
            round: epoch >> 8,
            node: NodeId((epoch & 0xff) as u32),
        }
    }

    /// "4.2": round 4 of node n2, as the lanes print an encoded ballot.
    pub fn label(epoch: u64) -> String {
        Ballot::decode(epoch).to_string()
    }
}

impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.round, self.node.0 + 1)
    }
}

/// "4.2", or "none" when nothing was promised yet.
pub fn show(ballot: Option<Ballot>) -> String {
    ballot.map_or_else(|| "none".to_string(), |b| b.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballots_order_by_round_then_node_and_encode_monotonically() {
        let a = Ballot::new(1, NodeId(4));
        let b = Ballot::new(2, NodeId(0));
        let c = Ballot::new(2, NodeId(1));
        assert!(a < b && b < c);
        assert!(a.encode() < b.encode() && b.encode() < c.encode());
        assert_eq!(Ballot::decode(c.encode()), c);
        assert_eq!(Ballot::label(Ballot::new(4, NodeId(1)).encode()), "4.2");
    }
}
