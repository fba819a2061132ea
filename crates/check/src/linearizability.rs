//! Linearizability of a key-value store's client history.
//!
//! Each key is an independent register, and a history is linearizable exactly when every key's history is
//! (P-compositionality, Herlihy & Wing), so each key is searched separately: that is what keeps the search
//! small. A violation is pinned to the return of the first operation, in return order, at which the history
//! of its key stops being linearizable, since that is the moment an observer could first have noticed.

use crate::explain::explain;
use crate::history::{Completion, History, Op, OpKind, Stamp};
use crate::stale_read::find_overwrite;
use crate::wgl::{search, RegKind, RegOp, Search, Value, MISSING};
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Event, Protocol, Violation};
use std::collections::BTreeMap;

/// The invariant name violations carry.
pub const INVARIANT: &str = "Linearizability";

/// Search steps allowed per key (and per prefix while pinpointing). Realistic histories of a few hundred
/// operations per key need a few thousand; adversarial ones with many overlapping writes can need
/// exponentially many, and a browser tab must not hang on them.
pub const DEFAULT_BUDGET: u64 = 1_000_000;

/// The verdict on one key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum KeyOutcome {
    Linearizable,
    NotLinearizable {
        violation: Violation,
    },
    /// The search ran out of budget: neither a linearization nor a proof that none exists was found.
    Inconclusive {
        budget: u64,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyVerdict {
    pub key: String,
    pub outcome: KeyOutcome,
}

/// The linearizability violations of a trace, one per offending key, ordered by event. Keys whose search ran
/// out of budget report nothing here; use [`check_keys`] to see them.
pub fn check<P: Protocol>(events: &[Event<P>]) -> Vec<Violation> {
    violations(&check_history(
        &History::from_events(events),
        DEFAULT_BUDGET,
    ))
}

/// Like [`check`] with a custom search budget per key.
pub fn check_with_budget<P: Protocol>(events: &[Event<P>], budget: u64) -> Vec<Violation> {
    violations(&check_history(&History::from_events(events), budget))
}

/// The verdict on every key of the trace, keys in sorted order.
pub fn check_keys<P: Protocol>(events: &[Event<P>], budget: u64) -> Vec<KeyVerdict> {
    check_history(&History::from_events(events), budget)
}

pub fn check_history(history: &History, budget: u64) -> Vec<KeyVerdict> {
    history
        .by_key()
        .into_iter()
        .map(|(key, ops)| KeyVerdict {
            key: key.to_string(),
            outcome: check_key(&ops, budget),
        })
        .collect()
}

pub(crate) fn violations(verdicts: &[KeyVerdict]) -> Vec<Violation> {
    let mut found: Vec<Violation> = verdicts
        .iter()
        .filter_map(|v| match &v.outcome {
            KeyOutcome::NotLinearizable { violation } => Some(violation.clone()),
            _ => None,
        })
        .collect();
    found.sort_by_key(|v| v.event);
    found
}

/// Checks one key's operations.
pub(crate) fn check_key(ops: &[&Op], budget: u64) -> KeyOutcome {
    let values = intern(ops);
    let mut returns: Vec<(Stamp, &Op)> = ops
        .iter()
        .filter_map(|op| Some((op.returned()?, *op)))
        .collect();
    if returns.is_empty() {
        return KeyOutcome::Linearizable; // nothing finished, so nothing was promised
    }
    returns.sort_by_key(|(stamp, _)| *stamp);
    // A stale read (or a cas that succeeded on a stale value) is a proof on its own (every write it could
    // have seen was overwritten before it began), found without any search: it makes every prefix containing
    // its return non-linearizable. This is also the commonest bug, and refuting it by search can be expensive
    // under heavy concurrency.
    let stale = returns
        .iter()
        .position(|(_, op)| find_overwrite(op, ops).is_some());
    // Linearizability is prefix-closed, so "the prefix up to the k-th return is not linearizable" is monotone
    // in k: binary search for the smallest such k. `hi` always names a prefix proven non-linearizable (the
    // last return's prefix is the whole history minus unfinished puts invoked after it, which any order can
    // place last). A prefix whose search runs out of budget counts as not proven, so the answer may be later
    // than the true first failure but is never a prefix that was not shown to fail.
    let last = match stale {
        Some(i) => i,
        None => match search(&register_ops(ops, &values, None), budget) {
            Search::Linearizable => return KeyOutcome::Linearizable,
            Search::Exhausted => return KeyOutcome::Inconclusive { budget },
            Search::NotLinearizable => returns.len() - 1,
        },
    };
    let (mut lo, mut hi) = (0, last);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let prefix = register_ops(ops, &values, Some(returns[mid].0));
        if search(&prefix, budget) == Search::NotLinearizable {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let (stamp, culprit) = returns[hi];
    KeyOutcome::NotLinearizable {
        violation: Violation {
            invariant: INVARIANT.into(),
            event: stamp.event,
            message: explain(culprit, ops),
        },
    }
}

/// Numbers each distinct written, read or expected value of the key; `MISSING` stays for "no value".
pub(crate) fn intern<'a>(ops: &[&'a Op]) -> BTreeMap<&'a str, Value> {
    let mut values = BTreeMap::new();
    for op in ops {
        let found: [Option<&str>; 2] = match &op.kind {
            OpKind::Put { value } => [Some(value), None],
            OpKind::Get { read, .. } => [read.as_deref(), None],
            OpKind::Cas { expected, new } => [Some(expected), Some(new)],
        };
        for v in found.into_iter().flatten() {
            let next = MISSING + 1 + values.len() as Value;
            values.entry(v).or_insert(next);
        }
    }
    values
}

/// The register history of the key as it stood just after `cutoff` (the whole history if `None`): operations
/// invoked later are absent, and operations that returned later are still pending. Pending puts and cas never
/// return (they may land any time, or never), and gets and rejected cas are dropped until they return, since
/// until then they observed nothing.
///
/// A rejected cas that has returned is kept as a read of "anything but its expected value": Maelstrom's lin-kv
/// semantics promise that the key was missing or held another value when it was refused. That read is as cheap
/// for the search as any other (it changes nothing, so it can be taken as soon as the register allows it).
pub(crate) fn register_ops(
    ops: &[&Op],
    values: &BTreeMap<&str, Value>,
    cutoff: Option<Stamp>,
) -> Vec<RegOp<Stamp>> {
    ops.iter()
        .filter_map(|op| register_op(op, values, cutoff))
        .collect()
}

/// One operation as the register search sees it at `cutoff` (see [`register_ops`]), or `None` if it
/// constrains nothing yet.
pub(crate) fn register_op(
    op: &Op,
    values: &BTreeMap<&str, Value>,
    cutoff: Option<Stamp>,
) -> Option<RegOp<Stamp>> {
    let visible = |s: Stamp| cutoff.is_none_or(|c| s <= c);
    if !visible(op.invoke) {
        return None;
    }
    let ret = match op.completion {
        Completion::Ok(r) | Completion::Rejected(r) if visible(r) => Some(r),
        _ => None,
    };
    if op.is_rejected() {
        // Refused: no write at all, only what a cas saw, and only once the client was told.
        let OpKind::Cas { expected, .. } = &op.kind else {
            return None;
        };
        return Some(RegOp {
            call: op.invoke,
            ret: Some(ret?),
            kind: RegKind::ReadNot(values[expected.as_str()]),
        });
    }
    let kind = match &op.kind {
        OpKind::Put { value } => RegKind::Write(values[value.as_str()]),
        OpKind::Get { read, .. } => {
            ret?; // an unfinished get
            RegKind::Read(read.as_deref().map_or(MISSING, |v| values[v]))
        }
        OpKind::Cas { expected, new } => RegKind::Cas {
            expected: values[expected.as_str()],
            new: values[new.as_str()],
        },
    };
    Some(RegOp {
        call: op.invoke,
        ret,
        kind,
    })
}
