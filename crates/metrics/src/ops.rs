//! One record per client operation: when it began and ended, how, and whether a checker flagged it.

use splitbrain_check::{LostWrite, StaleRead};
use splitbrain_sim::{ClientOp, ClientOutcome, Event, EventKind, OpId, Shown, SimTime};
use std::collections::BTreeMap;

/// How an operation ended, for availability.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// A definite refusal (a cas that found another value): the system answered.
    Rejected,
    /// Every attempt timed out or was redirected: the system did not answer.
    Failed,
    /// Not over at the cursor.
    Pending,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OpRecord {
    pub op: OpId,
    pub request: ClientOp,
    pub invoked: SimTime,
    pub returned: Option<SimTime>,
    pub outcome: Outcome,
    /// For a stale get: how long before it began the value it returned had been overwritten (the
    /// overwriting write's return to this get's invoke).
    pub staleness_us: Option<u64>,
    /// An acknowledged write the key's final read no longer reflects.
    pub lost: bool,
}

impl OpRecord {
    /// Invoke → return, for operations that got an answer.
    pub fn latency_us(&self) -> Option<u64> {
        match self.outcome {
            Outcome::Ok | Outcome::Rejected => self.returned.map(|r| r.0 - self.invoked.0),
            Outcome::Failed | Outcome::Pending => None,
        }
    }

    pub fn answered(&self) -> bool {
        matches!(self.outcome, Outcome::Ok | Outcome::Rejected)
    }
}

/// The operations of `events` in invocation order, with the checkers' findings attached.
pub(crate) fn records(
    events: &[Event<Shown>],
    stale: &[StaleRead],
    lost: &[LostWrite],
) -> Vec<OpRecord> {
    let mut index: BTreeMap<OpId, usize> = BTreeMap::new();
    let mut ops: Vec<OpRecord> = Vec::new();
    for e in events {
        match &e.kind {
            EventKind::ClientInvoke { op, request, .. } if !index.contains_key(op) => {
                index.insert(*op, ops.len());
                ops.push(OpRecord {
                    op: *op,
                    request: request.clone(),
                    invoked: e.time,
                    returned: None,
                    outcome: Outcome::Pending,
                    staleness_us: None,
                    lost: false,
                });
            }
            EventKind::ClientReturn { op, outcome } => {
                let Some(rec) = index.get(op).map(|&i| &mut ops[i]) else {
                    continue;
                };
                if rec.outcome != Outcome::Pending {
                    continue;
                }
                rec.returned = Some(e.time);
                rec.outcome = match outcome {
                    ClientOutcome::Ok { .. } | ClientOutcome::Versions { .. } => Outcome::Ok,
                    ClientOutcome::Rejected { .. } => Outcome::Rejected,
                    ClientOutcome::Failed { .. } => Outcome::Failed,
                };
            }
            _ => {}
        }
    }
    for s in stale {
        let by = index.get(&s.overwritten_by).and_then(|&i| ops[i].returned);
        if let (Some(&i), Some(by)) = (index.get(&s.get_op), by) {
            ops[i].staleness_us = Some(ops[i].invoked.0.saturating_sub(by.0));
        }
    }
    for l in lost {
        if let Some(&i) = index.get(&l.write_op) {
            ops[i].lost = true;
        }
    }
    ops
}
