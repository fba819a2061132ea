//! Isolation of the key-value history under strict two-phase locking: a read returns the last committed
//! write of its key at the key's owner (never an in-doubt or aborted write), and the order in which
//! transactions write keys is the same on every key they share (checked between adjacent writers: T1
//! before T2 on x and T2 before T1 on y is a cycle no serial order explains).

use super::{violation, ISOLATION};
use crate::message::{txn_label, Read, TxnId};
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default)]
pub(crate) struct Isolation {
    /// Per node: each key's committed value and its writer.
    store: BTreeMap<NodeId, BTreeMap<String, (String, TxnId)>>,
    /// (earlier, later) pairs of adjacent writers of some key.
    before: BTreeSet<(TxnId, TxnId)>,
}

impl Isolation {
    pub fn on_read(
        &mut self,
        node: NodeId,
        txn: TxnId,
        reads: &[Read],
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        let store = self.store.get(&node);
        for (k, v) in reads {
            let last = store.and_then(|s| s.get(k));
            if last.map(|(val, _)| val) != v.as_ref() {
                let saw = v.as_deref().unwrap_or("∅");
                let was = match last {
                    Some((val, w)) => format!("{val} ({})", txn_label(*w)),
                    None => "none".into(),
                };
                violations.push(violation(
                    ISOLATION,
                    id,
                    format!(
                        "{} read {k}={saw} at {node}, but the last committed write of {k} there was {was}",
                        txn_label(txn)
                    ),
                ));
                return;
            }
        }
    }

    pub fn on_commit(
        &mut self,
        node: NodeId,
        txn: TxnId,
        writes: &BTreeMap<String, String>,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        let store = self.store.entry(node).or_default();
        for (k, v) in writes {
            if let Some((_, prev)) = store.insert(k.clone(), (v.clone(), txn)) {
                if prev != txn {
                    if self.before.contains(&(txn, prev)) {
                        violations.push(violation(
                            ISOLATION,
                            id,
                            format!(
                                "{} wrote {k} after {}, but {} wrote another key after {}: no serial order has both",
                                txn_label(txn),
                                txn_label(prev),
                                txn_label(prev),
                                txn_label(txn)
                            ),
                        ));
                    }
                    self.before.insert((prev, txn));
                }
            }
        }
    }

    /// After a restart the node holds what it restored (Durability judges whether that is right).
    pub fn on_restored(&mut self, node: NodeId, store: &BTreeMap<String, String>) {
        let mine = self.store.entry(node).or_default();
        mine.retain(|k, _| store.contains_key(k));
        for (k, v) in store {
            let keep = mine.get(k).is_some_and(|(val, _)| val == v);
            if !keep {
                mine.insert(k.clone(), (v.clone(), 0));
            }
        }
    }
}
