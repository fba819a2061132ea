//! The safety properties of *Paxos Made Simple* §2.1, checked from the trace alone (outside the protocol):
//!
//! - **Agreement** ("only a single value is chosen", per slot): *chosen* means accepted by a majority of
//!   acceptors in one ballot, computed from the acceptors' `Accepted` notes — not from what learners claim.
//! - **Validity** ("only a value that has been proposed may be chosen"): every chosen or learned value came
//!   from a client operation in the trace, or is a no-op.
//! - **Promise Integrity** (P1a, with §2.3's stable storage): no acceptor accepts a ballot below one it
//!   promised, and a restarted acceptor remembers its promise.
//! - **Learner Agreement** ("a process never learns that a value has been chosen unless it actually has
//!   been"; so no two learners disagree on a slot).
//!
//! The majority is taken over the whole cluster, whose size is read from the trace (every node boots at time
//! zero), whatever quorum a mutant uses.

mod agreement;
mod learner_agreement;
mod promise_integrity;
mod validity;

use crate::note::Note;
use crate::value::Value;
use splitbrain_sim::{Checker, Event, EventId, EventKind, NodeId, Protocol, Violation};

pub const AGREEMENT: &str = "Agreement";
pub const VALIDITY: &str = "Validity";
pub const PROMISE_INTEGRITY: &str = "Promise Integrity";
pub const LEARNER_AGREEMENT: &str = "Learner Agreement";

/// Every invariant this checker reports.
pub const INVARIANTS: [&str; 4] = [AGREEMENT, VALIDITY, PROMISE_INTEGRITY, LEARNER_AGREEMENT];

/// Watches a Paxos or Multi-Paxos trace and reports violations of the paper's safety properties.
#[derive(Clone, Debug, Default)]
pub struct PaxosChecker {
    nodes: u32,
    agreement: agreement::Agreement,
    validity: validity::Validity,
    promises: promise_integrity::PromiseIntegrity,
    learners: learner_agreement::LearnerAgreement,
}

pub(crate) fn violation(invariant: &str, event: EventId, message: String) -> Violation {
    Violation {
        invariant: invariant.to_string(),
        event,
        message,
    }
}

/// "'x=1' (op3)": the op id tells apart two clients that asked for the same thing.
pub(crate) fn shown(value: &Value) -> String {
    match value.op() {
        Some(op) => format!("'{value}' ({op})"),
        None => format!("'{value}'"),
    }
}

impl PaxosChecker {
    /// The value a majority accepted in one ballot in `slot`, if any: the checker's own view of "chosen".
    pub fn chosen(&self, slot: u64) -> Option<&Value> {
        self.agreement.chosen(slot)
    }

    /// How many slots have a chosen value.
    pub fn chosen_slots(&self) -> usize {
        self.agreement.len()
    }

    fn on_note(&mut self, node: NodeId, id: EventId, note: &Note, violations: &mut Vec<Violation>) {
        match note {
            Note::Promised { ballot, .. } => self.promises.on_promise(node, *ballot),
            Note::Accepted {
                slot,
                ballot,
                value,
                ..
            } => {
                self.promises
                    .on_accept(node, *slot, *ballot, id, violations);
                let majority = self.nodes as usize / 2 + 1;
                if let Some(value) = self
                    .agreement
                    .on_accepted(node, *slot, *ballot, value, majority, id, violations)
                {
                    self.validity.check(*slot, &value, "chosen", id, violations);
                }
            }
            Note::Chosen { slot, value, .. } => {
                self.learners.on_learned(node, *slot, value, id, violations);
                self.validity.check(*slot, value, "learned", id, violations);
            }
            Note::Restored { promised, .. } => {
                self.promises.on_restored(node, *promised, id, violations)
            }
            _ => {}
        }
    }
}

impl<P: Protocol<Note = Note>> Checker<P> for PaxosChecker {
    fn observe(&mut self, event: &Event<P>, violations: &mut Vec<Violation>) {
        let Some(node) = event.node else {
            return;
        };
        self.nodes = self.nodes.max(node.0 + 1);
        match &event.kind {
            EventKind::ClientInvoke { op, request, .. } => {
                self.validity.proposed(Value::from_op(*op, request))
            }
            EventKind::Note { note } => self.on_note(node, event.id, note, violations),
            _ => {}
        }
    }
}
