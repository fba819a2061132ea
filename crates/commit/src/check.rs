//! The properties of atomic commitment and of the transactions' history, checked from the trace alone
//! (outside the protocol). Gray & Lamport (2006, §2) state commit's safety as *Stability* and *Consistency*;
//! Bernstein, Hadzilacos & Goodman (§7.2) as AC1–AC5. Here, by their usual names:
//!
//! - **Atomicity** (AC1, Consistency): no transaction is committed at one site (a participant, the
//!   coordinator's decision, a three-phase backup's decision) and aborted at another.
//! - **Commit Validity** (AC3): a commit decision is taken only after every participant voted yes.
//! - **Durability**: a participant that restarts still holds every write it committed.
//! - **Isolation** (strict two-phase locking's promise): a read sees the last committed write of its key,
//!   never an uncommitted or aborted one; and two transactions writing the same keys are ordered the same
//!   way on every key (checked for adjacent writers of each key).

mod atomicity;
mod durability;
mod isolation;
mod validity;

use crate::note::Note;
use splitbrain_sim::{Checker, Event, EventId, EventKind, Protocol, Violation};

pub const ATOMICITY: &str = "Atomicity";
pub const COMMIT_VALIDITY: &str = "Commit Validity";
pub const DURABILITY: &str = "Durability";
pub const ISOLATION: &str = "Isolation";

pub const INVARIANTS: [&str; 4] = [ATOMICITY, COMMIT_VALIDITY, DURABILITY, ISOLATION];

#[derive(Clone, Debug, Default)]
pub struct CommitChecker {
    atomicity: atomicity::Atomicity,
    validity: validity::Validity,
    durability: durability::Durability,
    isolation: isolation::Isolation,
}

pub(crate) fn violation(invariant: &str, event: EventId, message: String) -> Violation {
    Violation {
        invariant: invariant.to_string(),
        event,
        message,
    }
}

impl CommitChecker {
    /// Transactions some site committed, and some site aborted.
    pub fn committed(&self) -> usize {
        self.atomicity.count(crate::Outcome::Commit)
    }

    pub fn aborted(&self) -> usize {
        self.atomicity.count(crate::Outcome::Abort)
    }
}

impl<P: Protocol<Note = Note>> Checker<P> for CommitChecker {
    fn observe(&mut self, event: &Event<P>, violations: &mut Vec<Violation>) {
        let (Some(node), EventKind::Note { note }) = (event.node, &event.kind) else {
            return;
        };
        let id = event.id;
        match note {
            Note::Began {
                txn, participants, ..
            } => self.validity.began(*txn, participants),
            Note::Prepared { txn, reads, .. } => {
                self.validity.voted_yes(*txn, node);
                self.isolation.on_read(node, *txn, reads, id, violations);
            }
            Note::Decided {
                txn, outcome, by, ..
            } => {
                if by.is_none() && *outcome == crate::Outcome::Commit {
                    self.validity.on_commit(*txn, node, id, violations);
                }
                self.atomicity
                    .on_outcome(*txn, node, "the coordinator", *outcome, id, violations);
            }
            Note::Terminated {
                txn,
                outcome: crate::Outcome::Commit,
                ..
            } => self.validity.on_commit(*txn, node, id, violations),
            Note::Committed { txn, writes, .. } => {
                self.atomicity
                    .on_outcome(*txn, node, "", crate::Outcome::Commit, id, violations);
                self.durability.on_commit(node, writes);
                self.isolation.on_commit(node, *txn, writes, id, violations);
            }
            Note::Aborted { txn, .. } => {
                self.atomicity
                    .on_outcome(*txn, node, "", crate::Outcome::Abort, id, violations);
            }
            Note::Restored { store, .. } => {
                self.durability.on_restored(node, store, id, violations);
                self.isolation.on_restored(node, store);
            }
            _ => {}
        }
    }
}
