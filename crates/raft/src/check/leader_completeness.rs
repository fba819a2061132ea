//! Leader Completeness: if a log entry is committed in a given term, it is present in the logs of the
//! leaders of all higher terms (§5.4).

use super::model::{Model, NodeView};
use super::state_machine::Committed;
use super::{violation, LEADER_COMPLETENESS};
use splitbrain_sim::{EventId, NodeId, Violation};

/// A node just became leader: it must hold every entry committed in an earlier term.
pub(crate) fn on_leader(
    node: NodeId,
    view: &NodeView,
    committed: &Committed,
    id: EventId,
    violations: &mut Vec<Violation>,
) {
    let Some(term) = view.leader_of else {
        return;
    };
    if let Some((index, c)) = committed.first_missing(view, |c| c.commit_term < term) {
        violations.push(violation(
            LEADER_COMPLETENESS,
            id,
            format!(
                "{node} became leader of term {term} without entry {index} (term {}, committed by {} in term {})",
                c.term, c.node, c.commit_term
            ),
        ));
    }
}

/// Entry `index` was just committed: every current leader of a later term must already hold it.
pub(crate) fn on_commit(
    model: &Model,
    committed: &Committed,
    index: u64,
    id: EventId,
    violations: &mut Vec<Violation>,
) {
    let Some(c) = committed.get(index) else {
        return;
    };
    for (node, view) in &model.nodes {
        let Some(term) = view.leader_of else {
            continue;
        };
        if term > c.commit_term
            && view
                .entry(index)
                .is_none_or(|e| e.term != c.term || e.command != c.command)
        {
            violations.push(violation(
                LEADER_COMPLETENESS,
                id,
                format!(
                    "entry {index} (term {}) was committed in term {}, but {node}, leader of the later term {term}, \
                     does not have it",
                    c.term, c.commit_term
                ),
            ));
        }
    }
}
