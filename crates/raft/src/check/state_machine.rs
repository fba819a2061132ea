//! State Machine Safety: if a server has applied a log entry at a given index, no other server ever applies
//! a different log entry for the same index (§5.4.3). Checked on commits too, which come first.

use super::model::{fingerprint, NodeView};
use super::{violation, STATE_MACHINE_SAFETY};
use crate::log::Command;
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::BTreeSet;

/// An entry known to be committed, with who reported it first and in which term.
#[derive(Clone, Debug)]
pub(crate) struct CommittedEntry {
    pub term: u64,
    pub command: u64,
    pub node: NodeId,
    /// The reporting node's current term at the time: the entry was committed in this term or earlier.
    pub commit_term: u64,
}

/// The committed prefix of the cluster (index 1 is `entries[0]`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Committed {
    entries: Vec<CommittedEntry>,
    reported: BTreeSet<u64>,
}

impl Committed {
    pub fn len(&self) -> u64 {
        self.entries.len() as u64
    }

    pub fn get(&self, index: u64) -> Option<&CommittedEntry> {
        if index == 0 {
            return None;
        }
        self.entries.get(index as usize - 1)
    }

    /// The first committed entry (matching `filter`) that `view`'s log lacks.
    pub fn first_missing(
        &self,
        view: &NodeView,
        filter: impl Fn(&CommittedEntry) -> bool,
    ) -> Option<(u64, &CommittedEntry)> {
        self.entries.iter().enumerate().find_map(|(i, c)| {
            let index = i as u64 + 1;
            let held = view
                .entry(index)
                .is_some_and(|e| e.term == c.term && e.command == c.command);
            (filter(c) && !held).then_some((index, c))
        })
    }

    /// `node` reports entries `from..=to` committed; returns the indexes committed for the first time.
    pub fn on_commit(
        &mut self,
        node: NodeId,
        view: &NodeView,
        from: u64,
        to: u64,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) -> Vec<u64> {
        let mut newly = Vec::new();
        for index in from.max(1)..=to {
            let Some(e) = view.entry(index) else {
                // A commit index past the end of the log: the node claims to have committed what it lacks.
                if self.reported.insert(index) {
                    violations.push(violation(
                        STATE_MACHINE_SAFETY,
                        id,
                        format!(
                            "{node} reports entry {index} committed but its log ends at {}",
                            view.log.len()
                        ),
                    ));
                }
                break;
            };
            if self.record(node, index, e.term, e.command, view.term, id, violations) {
                newly.push(index);
            }
        }
        newly
    }

    #[allow(clippy::too_many_arguments)]
    pub fn on_applied(
        &mut self,
        node: NodeId,
        index: u64,
        term: u64,
        command: &Command,
        commit_term: u64,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        self.record(
            node,
            index,
            term,
            fingerprint(command),
            commit_term,
            id,
            violations,
        );
    }

    /// Compares with what is known committed at `index`, or records it. True if it was new.
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        node: NodeId,
        index: u64,
        term: u64,
        command: u64,
        commit_term: u64,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) -> bool {
        if let Some(c) = self.get(index).cloned() {
            if (c.term != term || c.command != command) && self.reported.insert(index) {
                violations.push(violation(
                    STATE_MACHINE_SAFETY,
                    id,
                    format!(
                        "{} committed a term-{} entry at index {index}, but {node} committed a different one (term {term})",
                        c.node, c.term
                    ),
                ));
            }
            return false;
        }
        if index != self.len() + 1 {
            // Committed prefixes are contiguous; a later index arriving first would be a gap in the notes.
            return false;
        }
        self.entries.push(CommittedEntry {
            term,
            command,
            node,
            commit_term,
        });
        true
    }
}
