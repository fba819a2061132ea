//! The proposer's two phases (*Paxos Made Simple* §2.2), shared by both protocols.
//!
//! Phase 1(a): choose a ballot higher than any seen and send Prepare. Once a majority promised, P2c decides
//! what may be proposed: in each slot, the value accepted with the highest ballot among the promises, if any.
//! A refusal (Nack) means a higher ballot exists: the proposer abandons this one (§2.2, end).

use crate::agent::Agent;
use crate::ballot::Ballot;
use crate::message::{AcceptedEntry, Message};
use crate::note::Note;
use crate::Node;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{NodeId, Out};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not proposing (or abandoned its last ballot).
    Idle,
    /// Phase 1: Prepare sent, collecting promises.
    Preparing,
    /// Phase 2: a majority promised; Accepts go out under this ballot (a Multi-Paxos leader stays here).
    Accepting,
}

#[derive(Clone, Debug)]
pub struct Proposer {
    pub ballot: Option<Ballot>,
    pub phase: Phase,
    pub from_slot: u64,
    promises: BTreeMap<NodeId, Vec<AcceptedEntry>>,
}

impl Default for Proposer {
    fn default() -> Self {
        Proposer {
            ballot: None,
            phase: Phase::Idle,
            from_slot: 0,
            promises: BTreeMap::new(),
        }
    }
}

impl Proposer {
    pub fn promises(&self) -> usize {
        self.promises.len()
    }

    /// Phase 1(a) with a fresh ballot, for every slot from `from_slot` on.
    pub fn start<P: Node>(
        &mut self,
        agent: &mut Agent,
        from_slot: u64,
        out: &mut Out<P>,
    ) -> Ballot {
        let ballot = agent.next_ballot();
        self.ballot = Some(ballot);
        self.phase = Phase::Preparing;
        self.from_slot = from_slot;
        self.promises.clear();
        out.note(Note::Proposing { ballot, from_slot });
        agent.broadcast(Message::Prepare { ballot, from_slot }, out);
        ballot
    }

    /// Counts a promise. When the quorum is first reached, returns for each reported slot the entry with the
    /// highest ballot (P2c), and the caller moves to phase 2.
    pub fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: Vec<AcceptedEntry>,
        quorum: usize,
    ) -> Option<BTreeMap<u64, AcceptedEntry>> {
        if self.phase != Phase::Preparing || self.ballot != Some(ballot) {
            return None; // a late promise for a ballot this proposer has left behind
        }
        self.promises.insert(from, accepted);
        if self.promises.len() < quorum {
            return None;
        }
        let mut highest: BTreeMap<u64, AcceptedEntry> = BTreeMap::new();
        for entry in self.promises.values().flatten() {
            if entry.slot < self.from_slot {
                continue;
            }
            match highest.get(&entry.slot) {
                Some(e) if e.ballot >= entry.ballot => {}
                _ => {
                    highest.insert(entry.slot, entry.clone());
                }
            }
        }
        self.phase = Phase::Accepting;
        Some(highest)
    }

    /// A refusal of the current ballot: abandon it. False for refusals of ballots already left behind.
    pub fn on_nack<P: Node>(&mut self, ballot: Ballot, promised: Ballot, out: &mut Out<P>) -> bool {
        if self.ballot != Some(ballot) || self.phase == Phase::Idle || promised <= ballot {
            return false;
        }
        self.phase = Phase::Idle;
        self.promises.clear();
        out.note(Note::Nacked { ballot, promised });
        true
    }
}
