//! Durability: a participant that restarts still holds every write it committed before the crash (its
//! "prepared" record with the writes, and the commit record, were on stable storage).

use super::{violation, DURABILITY};
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub(crate) struct Durability {
    committed: BTreeMap<NodeId, BTreeMap<String, String>>,
}

impl Durability {
    pub fn on_commit(&mut self, node: NodeId, writes: &BTreeMap<String, String>) {
        let store = self.committed.entry(node).or_default();
        for (k, v) in writes {
            store.insert(k.clone(), v.clone());
        }
    }

    pub fn on_restored(
        &mut self,
        node: NodeId,
        store: &BTreeMap<String, String>,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        let Some(expected) = self.committed.get(&node) else {
            return;
        };
        if let Some((k, v)) = expected.iter().find(|(k, v)| store.get(*k) != Some(*v)) {
            let found = store
                .get(k)
                .map_or("no value".to_string(), |f| format!("{k}={f}"));
            violations.push(violation(
                DURABILITY,
                id,
                format!("{node} restarted with {found}, but it had committed {k}={v}"),
            ));
        }
    }
}
