//! Election Safety: at most one leader can be elected in a given term (§5.2).

use super::{violation, ELECTION_SAFETY};
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub(crate) struct ElectionSafety {
    /// The first node seen to become leader of each term.
    leaders: BTreeMap<u64, NodeId>,
}

impl ElectionSafety {
    pub fn on_leader(
        &mut self,
        node: NodeId,
        term: u64,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        match self.leaders.get(&term) {
            Some(first) if *first != node => {
                let (a, b) = if first.0 < node.0 {
                    (*first, node)
                } else {
                    (node, *first)
                };
                violations.push(violation(
                    ELECTION_SAFETY,
                    id,
                    format!("{a} and {b} are both leader of term {term}"),
                ));
            }
            Some(_) => {}
            None => {
                self.leaders.insert(term, node);
            }
        }
    }
}
