//! The safety properties of mutual exclusion, checked from the trace alone (outside the protocol):
//!
//! - **Mutual Exclusion** (Lamport 1978 condition I, Ricart & Agrawala 1981 §2): at most one node is in
//!   the critical section at any real time (Lamport, Ricart–Agrawala: `Entered` while another node is
//!   between its `Entered` and `Exited`). For the lock server a lease may expire under a paused holder,
//!   so two holders at once are expected; what must not happen is that both *write*: the storage accepting
//!   a write under a token older than one it already accepted means two writers in overlapping lease
//!   periods (DDIA ch. 8, Figure 8-4). With fencing on the storage refuses such a write; without, the
//!   corrupting write is this violation.
//! - **Timestamp Order** (Lamport's condition II, "granted in the order in which they are made"; Ricart &
//!   Agrawala's fairness): a node enters while a request with a smaller `(timestamp, node)` that was made
//!   earlier is still waiting.

use crate::note::Note;
use splitbrain_sim::{Checker, Event, EventId, EventKind, NodeId, Protocol, Violation};
use std::collections::{BTreeMap, BTreeSet};

pub const MUTUAL_EXCLUSION: &str = "Mutual Exclusion";
pub const TIMESTAMP_ORDER: &str = "Timestamp Order";

/// Every invariant this checker reports.
pub const INVARIANTS: [&str; 2] = [MUTUAL_EXCLUSION, TIMESTAMP_ORDER];

/// Watches a mutual exclusion trace.
#[derive(Clone, Debug, Default)]
pub struct MutexChecker {
    /// Lamport / Ricart–Agrawala nodes inside the critical section, with their request timestamps.
    inside: BTreeMap<NodeId, u64>,
    /// Requests made and not yet served, by `(timestamp, node)`.
    pending: BTreeSet<(u64, NodeId)>,
    /// The newest token the storage accepted, and who wrote under it.
    newest: Option<(u64, NodeId)>,
    entered: u64,
    stale_writes: u64,
}

fn violation(invariant: &str, event: EventId, message: String) -> Violation {
    Violation {
        invariant: invariant.to_string(),
        event,
        message,
    }
}

impl MutexChecker {
    /// Critical sections entered so far.
    pub fn entered(&self) -> u64 {
        self.entered
    }
    /// Writes the storage accepted under a stale token.
    pub fn stale_writes(&self) -> u64 {
        self.stale_writes
    }

    fn on_note(&mut self, node: NodeId, id: EventId, note: &Note, out: &mut Vec<Violation>) {
        match note {
            Note::Requested { ts } if *ts > 0 => {
                self.pending.insert((*ts, node));
            }
            Note::Entered { ts, token } => {
                self.entered += 1;
                if *token > 0 {
                    return;
                }
                self.pending.remove(&(*ts, node));
                if let Some((other, their)) = self.inside.iter().find(|(n, _)| **n != node) {
                    out.push(violation(
                        MUTUAL_EXCLUSION,
                        id,
                        format!("{node} entered the critical section (request {ts}) while {other} (request {their}) was still inside"),
                    ));
                }
                if let Some((t, n)) = self.pending.iter().find(|(t, n)| (*t, *n) < (*ts, node)) {
                    out.push(violation(
                        TIMESTAMP_ORDER,
                        id,
                        format!("{node} entered with request {ts} while {n}'s earlier request {t} was still waiting"),
                    ));
                }
                self.inside.insert(node, *ts);
            }
            Note::Exited { .. } => {
                self.inside.remove(&node);
            }
            Note::Stored { from, token, .. } => match self.newest {
                Some((newest, by)) if *token < newest => {
                    self.stale_writes += 1;
                    out.push(violation(
                        MUTUAL_EXCLUSION,
                        id,
                        format!("the storage accepted {from}'s write under token {token} after {by}'s under token {newest}: two holders wrote in overlapping lease periods"),
                    ));
                }
                _ => self.newest = Some((*token, *from)),
            },
            _ => {}
        }
    }
}

impl<P: Protocol<Note = Note>> Checker<P> for MutexChecker {
    fn observe(&mut self, event: &Event<P>, out: &mut Vec<Violation>) {
        let Some(node) = event.node else { return };
        match &event.kind {
            EventKind::Note { note } => self.on_note(node, event.id, note, out),
            EventKind::Crash => {
                self.inside.remove(&node);
                self.pending.retain(|(_, n)| *n != node);
            }
            _ => {}
        }
    }
}
