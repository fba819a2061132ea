//! Commit Validity (AC3): a commit decision — the coordinator's, or a three-phase backup's — comes only
//! after every participant of the transaction voted yes.

use super::{violation, COMMIT_VALIDITY};
use crate::message::{txn_label, TxnId};
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default)]
pub(crate) struct Validity {
    participants: BTreeMap<TxnId, Vec<NodeId>>,
    yes: BTreeMap<TxnId, BTreeSet<NodeId>>,
}

impl Validity {
    pub fn began(&mut self, txn: TxnId, participants: &[NodeId]) {
        self.participants.insert(txn, participants.to_vec());
    }

    pub fn voted_yes(&mut self, txn: TxnId, node: NodeId) {
        self.yes.entry(txn).or_default().insert(node);
    }

    pub fn on_commit(
        &mut self,
        txn: TxnId,
        by: NodeId,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        let yes = self.yes.get(&txn);
        let missing: Vec<String> = self
            .participants
            .get(&txn)
            .into_iter()
            .flatten()
            .filter(|p| !yes.is_some_and(|y| y.contains(p)))
            .map(|p| p.to_string())
            .collect();
        if !missing.is_empty() {
            violations.push(violation(
                COMMIT_VALIDITY,
                id,
                format!(
                    "{by} decided to commit {} though {} had not voted yes",
                    txn_label(txn),
                    missing.join(", ")
                ),
            ));
        }
    }
}
