//! The five safety properties of Figure 3, checked from the trace alone.
//!
//! The checker never looks inside a node: it rebuilds every node's log from its `Appended` / `Truncated`
//! notes, its role and term from the role notes, and what is committed from `CommitAdvanced` and `Applied`.
//! A crash wipes a node's volatile state (role, commit index) but not its log, which Raft persists.

mod append_only;
mod election_safety;
mod leader_completeness;
mod log_matching;
mod model;
mod state_machine;

use crate::note::Note;
use crate::Raft;
use model::{Model, NodeView};
use splitbrain_sim::{Checker, Event, EventId, EventKind, Violation};

pub const ELECTION_SAFETY: &str = "Election Safety";
pub const LEADER_APPEND_ONLY: &str = "Leader Append-Only";
pub const LOG_MATCHING: &str = "Log Matching";
pub const LEADER_COMPLETENESS: &str = "Leader Completeness";
pub const STATE_MACHINE_SAFETY: &str = "State Machine Safety";

/// Every invariant this checker reports, by its name in the paper.
pub const INVARIANTS: [&str; 5] = [
    ELECTION_SAFETY,
    LEADER_APPEND_ONLY,
    LOG_MATCHING,
    LEADER_COMPLETENESS,
    STATE_MACHINE_SAFETY,
];

/// Watches a Raft trace and reports violations of the paper's safety properties.
#[derive(Clone, Debug, Default)]
pub struct RaftChecker {
    model: Model,
    elections: election_safety::ElectionSafety,
    matching: log_matching::LogMatching,
    committed: state_machine::Committed,
}

pub(crate) fn violation(invariant: &str, event: EventId, message: String) -> Violation {
    Violation {
        invariant: invariant.to_string(),
        event,
        message,
    }
}

impl RaftChecker {
    /// The log the checker has rebuilt for `node` from the trace: the term of each entry, in order.
    pub fn rebuilt_log(&self, node: splitbrain_sim::NodeId) -> Vec<u64> {
        self.model
            .nodes
            .get(&node)
            .map(|v| v.log.iter().map(|e| e.term).collect())
            .unwrap_or_default()
    }

    /// How many entries are known to be committed, cluster-wide.
    pub fn committed_len(&self) -> u64 {
        self.committed.len()
    }
}

impl Checker<Raft> for RaftChecker {
    fn observe(&mut self, event: &Event<Raft>, violations: &mut Vec<Violation>) {
        let Some(node) = event.node else {
            return;
        };
        match &event.kind {
            EventKind::Crash => {
                let view = self.model.node(node);
                view.leader_of = None;
                view.commit_index = 0;
            }
            EventKind::Note { note } => self.on_note(node, event.id, note, violations),
            _ => {}
        }
    }
}

impl RaftChecker {
    fn on_note(
        &mut self,
        node: splitbrain_sim::NodeId,
        id: EventId,
        note: &Note,
        violations: &mut Vec<Violation>,
    ) {
        match note {
            Note::Restored { term, .. } => {
                let view = self.model.node(node);
                view.term = *term;
                view.leader_of = None;
                view.commit_index = 0;
            }
            Note::TermChanged { term } => self.model.node(node).term = *term,
            Note::BecameFollower { term }
            | Note::BecamePreCandidate { term }
            | Note::BecameCandidate { term } => {
                let view = self.model.node(node);
                view.term = *term;
                view.leader_of = None;
            }
            Note::BecameLeader { term } => {
                let view = self.model.node(node);
                view.term = *term;
                view.leader_of = Some(*term);
                self.elections.on_leader(node, *term, id, violations);
                let view = &self.model.nodes[&node];
                leader_completeness::on_leader(node, view, &self.committed, id, violations);
            }
            Note::Appended {
                index,
                term,
                command,
            } => {
                let view = self.model.node(node);
                append_only::on_append(node, view, *index, id, violations);
                let prefix = view.append(*index, *term, command);
                self.matching
                    .on_append(node, *index, *term, prefix, id, violations);
            }
            Note::Truncated { from_index } => {
                let view = self.model.node(node);
                append_only::on_truncate(node, view, *from_index, id, violations);
                view.truncate(*from_index);
            }
            Note::CommitAdvanced { commit_index } => {
                let view = self.model.node(node);
                let from = view.commit_index + 1;
                view.commit_index = view.commit_index.max(*commit_index);
                let view: &NodeView = &self.model.nodes[&node];
                let newly =
                    self.committed
                        .on_commit(node, view, from, *commit_index, id, violations);
                for index in newly {
                    leader_completeness::on_commit(
                        &self.model,
                        &self.committed,
                        index,
                        id,
                        violations,
                    );
                }
            }
            Note::Applied {
                index,
                term,
                command,
                ..
            } => {
                let commit_term = self.model.node(node).term;
                self.committed.on_applied(
                    node,
                    *index,
                    *term,
                    command,
                    commit_term,
                    id,
                    violations,
                );
            }
            Note::Voted { .. }
            | Note::VoteReceived { .. }
            | Note::LeaderKnown { .. }
            | Note::ReadServed { .. }
            | Note::LostQuorum { .. } => {}
        }
    }
}
