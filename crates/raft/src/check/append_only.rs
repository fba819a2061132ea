//! Leader Append-Only: a leader never overwrites or deletes entries in its log; it only appends (§5.3).

use super::model::NodeView;
use super::{violation, LEADER_APPEND_ONLY};
use splitbrain_sim::{EventId, NodeId, Violation};

pub(crate) fn on_append(
    node: NodeId,
    view: &NodeView,
    index: u64,
    id: EventId,
    violations: &mut Vec<Violation>,
) {
    let Some(term) = view.leader_of else {
        return;
    };
    let len = view.log.len() as u64;
    if index <= len {
        violations.push(violation(
            LEADER_APPEND_ONLY,
            id,
            format!("{node}, leader of term {term}, overwrote its entry {index} (its log had {len} entries)"),
        ));
    }
}

pub(crate) fn on_truncate(
    node: NodeId,
    view: &NodeView,
    from: u64,
    id: EventId,
    violations: &mut Vec<Violation>,
) {
    let Some(term) = view.leader_of else {
        return;
    };
    if from <= view.log.len() as u64 {
        violations.push(violation(
            LEADER_APPEND_ONLY,
            id,
            format!("{node}, leader of term {term}, deleted its entries from index {from} on"),
        ));
    }
}
