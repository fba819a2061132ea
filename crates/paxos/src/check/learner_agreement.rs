//! Learner Agreement: learners never disagree about a slot (§2.1: a process never learns a value unless it
//! has actually been chosen, and only one is).

use super::{shown, violation, LEARNER_AGREEMENT};
use crate::value::Value;
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub(crate) struct LearnerAgreement {
    /// The first value learned in each slot, and by whom.
    learned: BTreeMap<u64, (Value, NodeId)>,
}

impl LearnerAgreement {
    pub fn on_learned(
        &mut self,
        node: NodeId,
        slot: u64,
        value: &Value,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        match self.learned.get(&slot) {
            Some((first, by)) if first != value => violations.push(violation(
                LEARNER_AGREEMENT,
                id,
                format!(
                    "slot {slot}: {node} learned {}, but {by} had learned {}",
                    shown(value),
                    shown(first)
                ),
            )),
            Some(_) => {}
            None => {
                self.learned.insert(slot, (value.clone(), node));
            }
        }
    }
}
