//! The learner (*Paxos Made Simple* §2.3): "the obvious algorithm is to have each acceptor, whenever it
//! accepts a proposal, respond to all learners". A value is chosen in a slot when a majority of acceptors
//! accepted it in the same ballot, so Accepted messages are tallied per (slot, ballot).

use crate::ballot::Ballot;
use crate::value::Value;
use splitbrain_sim::NodeId;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, PartialEq, Eq)]
struct Tally {
    value: Value,
    from: BTreeSet<NodeId>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Learner {
    /// Accepted messages heard for slots not yet learned.
    votes: BTreeMap<u64, BTreeMap<Ballot, Tally>>,
    chosen: BTreeMap<u64, Value>,
    /// Slots 0..upto are all learned.
    upto: u64,
}

impl Learner {
    pub fn chosen(&self) -> &BTreeMap<u64, Value> {
        &self.chosen
    }

    /// How many slots from the first are known chosen.
    pub fn upto(&self) -> u64 {
        self.upto
    }

    /// How many acceptors reported accepting `ballot` in `slot` (while the slot is undecided).
    pub fn count(&self, slot: u64, ballot: Ballot) -> usize {
        self.votes
            .get(&slot)
            .and_then(|b| b.get(&ballot))
            .map_or(0, |t| t.from.len())
    }

    /// Counts one Accepted message; returns the value if this learned it. `mix_ballots` is the mutant that
    /// tallies every ballot of a slot together (and believes the latest value).
    pub fn on_accepted(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: u64,
        value: &Value,
        quorum: usize,
        mix_ballots: bool,
    ) -> Option<Value> {
        if self.chosen.contains_key(&slot) {
            return None;
        }
        let key = if mix_ballots { Ballot::ZERO } else { ballot };
        let tally = self
            .votes
            .entry(slot)
            .or_default()
            .entry(key)
            .or_insert_with(|| Tally {
                value: value.clone(),
                from: BTreeSet::new(),
            });
        tally.value = value.clone();
        tally.from.insert(from);
        if tally.from.len() < quorum {
            return None;
        }
        let value = tally.value.clone();
        self.learn(slot, value.clone());
        Some(value)
    }

    /// Records that `value` was chosen in `slot`; false if it was already known.
    pub fn learn(&mut self, slot: u64, value: Value) -> bool {
        if self.chosen.contains_key(&slot) {
            return false;
        }
        self.votes.remove(&slot);
        self.chosen.insert(slot, value);
        while self.chosen.contains_key(&self.upto) {
            self.upto += 1;
        }
        true
    }
}
