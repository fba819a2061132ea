//! Atomicity (AC1; Gray & Lamport's Consistency): every site that reaches an outcome for a transaction
//! reaches the same one.

use super::{violation, ATOMICITY};
use crate::message::{txn_label, Outcome, TxnId};
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub(crate) struct Atomicity {
    /// Every outcome seen for each transaction, and where.
    seen: BTreeMap<TxnId, Vec<(Outcome, String)>>,
    /// Transactions already reported, so one split is one violation.
    reported: std::collections::BTreeSet<TxnId>,
}

impl Atomicity {
    /// Transactions whose first outcome was `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.seen
            .values()
            .filter(|v| v.first().is_some_and(|(o, _)| *o == outcome))
            .count()
    }

    pub fn on_outcome(
        &mut self,
        txn: TxnId,
        node: NodeId,
        role: &str,
        outcome: Outcome,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        let site = if role.is_empty() {
            node.to_string()
        } else {
            format!("{role} {node}")
        };
        let seen = self.seen.entry(txn).or_default();
        let other = seen
            .iter()
            .filter(|(o, _)| *o != outcome)
            .min_by_key(|(_, at)| *at == site)
            .cloned();
        seen.push((outcome, site.clone()));
        let Some((o, at)) = other else {
            return;
        };
        if !self.reported.insert(txn) {
            return;
        }
        let message = if at == site {
            format!(
                "{} {} at {site}, which had {} it before",
                txn_label(txn),
                past(outcome),
                past(o)
            )
        } else {
            format!(
                "{} {} at {site}, but {} at {at}",
                txn_label(txn),
                past(outcome),
                past(o)
            )
        };
        violations.push(violation(ATOMICITY, id, message));
    }
}

fn past(o: Outcome) -> &'static str {
    match o {
        Outcome::Commit => "committed",
        Outcome::Abort => "aborted",
    }
}
