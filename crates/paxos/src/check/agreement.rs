//! Agreement: at most one value is chosen per slot (§2.1), where chosen means accepted by a majority of
//! acceptors in one ballot (§2.2).

use super::{shown, violation, AGREEMENT};
use crate::ballot::Ballot;
use crate::value::Value;
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default)]
pub(crate) struct Agreement {
    /// Who accepted each (slot, ballot, value).
    tallies: BTreeMap<(u64, Ballot, Value), BTreeSet<NodeId>>,
    /// The first value seen chosen in each slot, and its ballot.
    chosen: BTreeMap<u64, (Value, Ballot)>,
}

impl Agreement {
    pub fn chosen(&self, slot: u64) -> Option<&Value> {
        self.chosen.get(&slot).map(|(v, _)| v)
    }

    pub fn len(&self) -> usize {
        self.chosen.len()
    }

    /// Counts one acceptance; returns the value if it has just become chosen in this ballot.
    #[allow(clippy::too_many_arguments)]
    pub fn on_accepted(
        &mut self,
        node: NodeId,
        slot: u64,
        ballot: Ballot,
        value: &Value,
        majority: usize,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) -> Option<Value> {
        let who = self
            .tallies
            .entry((slot, ballot, value.clone()))
            .or_default();
        if !who.insert(node) || who.len() != majority {
            return None;
        }
        match self.chosen.get(&slot) {
            Some((first, at)) if first != value => violations.push(violation(
                AGREEMENT,
                id,
                format!(
                    "slot {slot}: {} was chosen in ballot {ballot}, but {} had been chosen in ballot {at}",
                    shown(value),
                    shown(first)
                ),
            )),
            Some(_) => {}
            None => {
                self.chosen.insert(slot, (value.clone(), ballot));
            }
        }
        Some(value.clone())
    }
}
