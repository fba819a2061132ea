//! The acceptor (*Paxos Made Simple* §2.2, rules P1 and P1a; §2.2 phase 1(b) and phase 2(b)).
//!
//! P1a: "an acceptor can accept a proposal numbered n iff it has not responded to a prepare request having a
//! number greater than n". The promise is one ballot for every slot, as Multi-Paxos (§3) needs: a single
//! phase 1 covers all instances at once.
//!
//! Duplicates of the same ballot are answered again (`>=`, not `>`): the network may duplicate or the proposer
//! retransmit, and re-promising or re-accepting the same ballot changes nothing.

use crate::ballot::Ballot;
use crate::message::AcceptedEntry;
use crate::value::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Acceptor {
    promised: Option<Ballot>,
    accepted: BTreeMap<u64, (Ballot, Value)>,
}

impl Acceptor {
    pub fn restore(promised: Option<Ballot>) -> Self {
        Acceptor {
            promised,
            accepted: BTreeMap::new(),
        }
    }

    /// The highest ballot this acceptor promised (accepting a ballot promises it too).
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }

    /// The value accepted in each slot, with the ballot it was accepted in.
    pub fn accepted(&self) -> &BTreeMap<u64, (Ballot, Value)> {
        &self.accepted
    }

    /// Replays an accepted value from the journal.
    pub fn replay(&mut self, slot: u64, ballot: Ballot, value: Value) {
        self.accepted.insert(slot, (ballot, value));
    }

    fn refuses(&self, ballot: Ballot) -> Option<Ballot> {
        self.promised.filter(|p| ballot < *p)
    }

    /// Phase 1(b): promise `ballot` and report every value accepted from `from_slot` on, or refuse with the
    /// higher ballot already promised.
    pub fn prepare(
        &mut self,
        ballot: Ballot,
        from_slot: u64,
    ) -> Result<Vec<AcceptedEntry>, Ballot> {
        if let Some(promised) = self.refuses(ballot) {
            return Err(promised);
        }
        self.promised = Some(ballot);
        Ok(self
            .accepted
            .range(from_slot..)
            .map(|(slot, (b, v))| AcceptedEntry {
                slot: *slot,
                ballot: *b,
                value: v.clone(),
            })
            .collect())
    }

    /// Phase 2(b): accept `value` in `slot` unless a higher ballot was promised (P1a).
    pub fn accept(&mut self, ballot: Ballot, slot: u64, value: Value) -> Result<(), Ballot> {
        if let Some(promised) = self.refuses(ballot) {
            return Err(promised);
        }
        self.promised = Some(ballot);
        self.accepted.insert(slot, (ballot, value));
        Ok(())
    }

    /// How many slots hold an accepted value, counting from slot 0 to the highest one.
    pub fn slots(&self) -> u64 {
        self.accepted.keys().next_back().map_or(0, |s| s + 1)
    }
}
