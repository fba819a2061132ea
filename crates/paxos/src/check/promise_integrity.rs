//! Promise Integrity: an acceptor never accepts a ballot below one it promised (P1a, §2.2), and its promise
//! survives a crash (§2.3: "an acceptor must remember this information even if it fails and then restarts").
//! The checker's record of each promise is never wiped by a crash, exactly because the acceptor's must not be.

use super::{violation, PROMISE_INTEGRITY};
use crate::ballot::{self, Ballot};
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub(crate) struct PromiseIntegrity {
    promised: BTreeMap<NodeId, Ballot>,
}

impl PromiseIntegrity {
    fn raise(&mut self, node: NodeId, ballot: Ballot) {
        let p = self.promised.entry(node).or_insert(ballot);
        *p = (*p).max(ballot);
    }

    pub fn on_promise(&mut self, node: NodeId, ballot: Ballot) {
        self.raise(node, ballot);
    }

    pub fn on_accept(
        &mut self,
        node: NodeId,
        slot: u64,
        ballot: Ballot,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        if let Some(p) = self.promised.get(&node).filter(|p| ballot < **p) {
            violations.push(violation(
                PROMISE_INTEGRITY,
                id,
                format!(
                    "{node} accepted ballot {ballot} in slot {slot} after promising ballot {p}"
                ),
            ));
        }
        self.raise(node, ballot);
    }

    pub fn on_restored(
        &mut self,
        node: NodeId,
        restored: Option<Ballot>,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        if let Some(p) = self.promised.get(&node).filter(|p| restored < Some(**p)) {
            violations.push(violation(
                PROMISE_INTEGRITY,
                id,
                format!(
                    "{node} restarted remembering promise {} but had promised ballot {p} before it crashed",
                    ballot::show(restored)
                ),
            ));
        }
    }
}
