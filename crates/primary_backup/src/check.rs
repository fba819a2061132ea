//! The safety properties of primary-backup replication, checked from the trace alone (outside the
//! protocol), by rebuilding every node's write log and primary tenure from its notes:
//!
//! - **Lost Acknowledged Write** (Budhiraja et al. §2's first property: a request the service answered must
//!   not be forgotten; DDIA ch. 5, "the new leader may not have received all the writes from the old
//!   leader"): a write answered ok that a newly promoted primary (of the newest epoch so far) does not
//!   have, or that a node discards on
//!   following a primary that does not have it.
//! - **Split Brain** (§2's "at most one server is the primary at any time", DDIA ch. 8): two nodes
//!   acknowledge writes as primary in overlapping intervals, whatever their epochs, and the write one
//!   acknowledges is not in the other's log: their histories have diverged. (An isolated old primary that
//!   merely keeps the title, or acknowledges a write that was already everywhere, is not flagged.)
//!
//! Linearizability and stale reads are judged by the lab's generic checkers from the client history.

use crate::message::{Entry, Write};
use crate::note::Note;
use splitbrain_sim::{
    Checker, Event, EventId, EventKind, NodeId, OpId, Protocol, SimTime, Violation,
};
use std::collections::{BTreeMap, BTreeSet};

pub const LOST_WRITE: &str = "Lost Acknowledged Write";
pub const SPLIT_BRAIN: &str = "Split Brain";

/// Every invariant this checker reports.
pub const INVARIANTS: [&str; 2] = [LOST_WRITE, SPLIT_BRAIN];

#[derive(Clone, Debug)]
struct Tenure {
    epoch: u64,
    start: SimTime,
    last_ack: Option<SimTime>,
}

/// Watches a primary-backup trace.
#[derive(Clone, Debug, Default)]
pub struct PbChecker {
    logs: BTreeMap<NodeId, Vec<Option<OpId>>>,
    acked: BTreeMap<OpId, Write>,
    lost: Vec<Write>,
    lost_ops: BTreeSet<OpId>,
    tenures: BTreeMap<NodeId, Tenure>,
    /// Pairs of tenures (node, start) already reported as split brain.
    reported: BTreeSet<(NodeId, SimTime, NodeId, SimTime)>,
    failovers: u64,
    top_epoch: u64,
    split_brains: u64,
}

fn violation(invariant: &str, event: EventId, message: String) -> Violation {
    Violation {
        invariant: invariant.to_string(),
        event,
        message,
    }
}

impl PbChecker {
    /// The acknowledged writes that were lost, in the order the losses were revealed.
    pub fn lost(&self) -> &[Write] {
        &self.lost
    }
    /// Promotions after the first primary's.
    pub fn failovers(&self) -> u64 {
        self.failovers
    }
    pub fn top_epoch(&self) -> u64 {
        self.top_epoch
    }
    /// Pairs of primaries that acknowledged divergent writes at the same time.
    pub fn split_brains(&self) -> u64 {
        self.split_brains
    }

    fn has(&self, node: NodeId, op: OpId) -> bool {
        self.logs.get(&node).is_some_and(|l| l.contains(&Some(op)))
    }

    fn cut(&mut self, node: NodeId, len: u64) -> &mut Vec<Option<OpId>> {
        let log = self.logs.entry(node).or_default();
        log.truncate(len as usize);
        log
    }

    fn lose(&mut self, op: OpId) -> Option<Write> {
        let w = self.acked.get(&op)?.clone();
        if !self.lost_ops.insert(op) {
            return None;
        }
        self.lost.push(w.clone());
        Some(w)
    }

    fn on_promoted(
        &mut self,
        node: NodeId,
        e: &Event<impl Protocol>,
        epoch: u64,
        len: u64,
        initial: bool,
        out: &mut Vec<Violation>,
    ) {
        let log = self.logs.entry(node).or_default();
        if (log.len() as u64) < len {
            log.push(None);
        }
        self.tenures.insert(
            node,
            Tenure {
                epoch,
                start: e.time,
                last_ack: None,
            },
        );
        let newest = epoch >= self.top_epoch;
        self.top_epoch = self.top_epoch.max(epoch);
        if initial {
            return;
        }
        self.failovers += 1;
        if !newest {
            // A promotion in an epoch the cluster has left (votes that waited out a pause): every node it
            // ships to refuses it, so it is not the current primary and can acknowledge nothing.
            return;
        }
        let have: BTreeSet<OpId> = self.logs[&node].iter().flatten().copied().collect();
        let missing: Vec<OpId> = self
            .acked
            .keys()
            .filter(|op| !have.contains(op) && !self.lost_ops.contains(op))
            .copied()
            .collect();
        for op in missing {
            if let Some(w) = self.lose(op) {
                out.push(violation(
                    LOST_WRITE,
                    e.id,
                    format!("{node} became primary of epoch {epoch} without {w}, which was acknowledged to its client: the write is lost"),
                ));
            }
        }
    }

    fn on_discarded(
        &mut self,
        node: NodeId,
        id: EventId,
        from_index: u64,
        entries: &[Entry],
        by: NodeId,
        out: &mut Vec<Violation>,
    ) {
        self.cut(node, from_index - 1);
        for op in entries.iter().filter_map(Entry::op) {
            if self.acked.contains_key(&op) && !self.has(by, op) {
                if let Some(w) = self.lose(op) {
                    out.push(violation(
                        LOST_WRITE,
                        id,
                        format!("{node} discarded {w}, which was acknowledged to its client, to follow {by}, which does not have it: the write is lost"),
                    ));
                }
            }
        }
    }

    fn on_acknowledged(
        &mut self,
        node: NodeId,
        e: &Event<impl Protocol>,
        writes: &[Write],
        out: &mut Vec<Violation>,
    ) {
        for w in writes {
            self.acked.insert(w.op, w.clone());
        }
        let Some(mine) = self.tenures.get(&node).cloned() else {
            return;
        };
        if writes.is_empty() {
            return;
        }
        let others: Vec<(NodeId, Tenure)> = self
            .tenures
            .iter()
            .filter(|(n, t)| **n != node && t.last_ack.is_some_and(|a| a >= mine.start))
            .map(|(n, t)| (*n, t.clone()))
            .collect();
        for (other, t) in others {
            let Some(w) = writes.iter().find(|w| !self.has(other, w.op)) else {
                continue;
            };
            let key = (
                node.min(other),
                if node < other { mine.start } else { t.start },
                node.max(other),
                if node < other { t.start } else { mine.start },
            );
            if self.reported.insert(key) {
                self.split_brains += 1;
                out.push(violation(
                    SPLIT_BRAIN,
                    e.id,
                    format!(
                        "{node} (primary of epoch {}) acknowledged {w} while {other} (primary of epoch {}) was acknowledging writes too, and {other} does not have it: two primaries accept divergent writes",
                        mine.epoch, t.epoch
                    ),
                ));
            }
        }
        if let Some(t) = self.tenures.get_mut(&node) {
            t.last_ack = Some(e.time);
        }
    }
}

impl<P: Protocol<Note = Note>> Checker<P> for PbChecker {
    fn observe(&mut self, event: &Event<P>, violations: &mut Vec<Violation>) {
        let Some(node) = event.node else {
            return;
        };
        let note = match &event.kind {
            EventKind::Crash => {
                self.tenures.remove(&node);
                return;
            }
            EventKind::Note { note } => note,
            _ => return,
        };
        match note {
            Note::Promoted {
                epoch,
                len,
                initial,
            } => self.on_promoted(node, event, *epoch, *len, *initial, violations),
            Note::SteppedDown { .. } => {
                self.tenures.remove(&node);
            }
            Note::Appended { index, entry } => {
                let op = entry.op();
                self.cut(node, index - 1).push(op);
            }
            Note::Stored {
                from_index,
                entries,
                ..
            } => {
                let log = self.cut(node, from_index - 1);
                log.extend(entries.iter().map(Entry::op));
            }
            Note::Discarded {
                from_index,
                entries,
                by,
            } => self.on_discarded(node, event.id, *from_index, entries, *by, violations),
            Note::Acknowledged { writes, .. } => {
                self.on_acknowledged(node, event, writes, violations)
            }
            Note::AlreadyDone { write, .. } => {
                self.acked.insert(write.op, write.clone());
            }
            _ => {}
        }
    }
}
