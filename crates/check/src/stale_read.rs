//! Stale reads: a get that returned a value which had certainly been overwritten before the get began.
//!
//! This is the everyday symptom of a broken protocol (a deposed leader serving reads, a lease that outlived
//! its clock) and, unlike a general linearizability failure, it can be shown on the timeline with one arrow:
//! "this write finished, then this read started, and it still saw the old value".
//!
//! Only gets are reported here. A successful cas is a write (it can overwrite, and its new value can be read);
//! the linearizability checker also applies the same test to the value it expected, but a student would not
//! call that a stale read. A rejected operation neither reads nor writes for this purpose.

use crate::history::{History, Op, OpKind, Stamp};
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Event, EventId, OpId, Protocol};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleRead {
    pub get_op: OpId,
    pub invoke_event: EventId,
    pub return_event: EventId,
    pub key: String,
    /// What the get returned (`None`: the key was missing).
    pub returned: Option<String>,
    /// The value of the write that overwrote it.
    pub expected: String,
    pub overwritten_by: OpId,
}

/// Every stale get of the trace, in order of return.
pub fn stale_reads<P: Protocol>(events: &[Event<P>]) -> Vec<StaleRead> {
    stale_reads_in(&History::from_events(events))
}

pub fn stale_reads_in(history: &History) -> Vec<StaleRead> {
    let mut found = Vec::new();
    for ops in history.by_key().values() {
        for get in ops {
            let (OpKind::Get { read, siblings }, Some(ret)) = (&get.kind, get.returned()) else {
                continue;
            };
            // With siblings the read is stale only if every value it returned was overwritten.
            let siblings_stale = siblings
                .iter()
                .all(|v| find_overwrite_of(get, Some(v), ops).is_some());
            if let Some(o) = find_overwrite(get, ops).filter(|_| siblings_stale) {
                found.push(StaleRead {
                    get_op: get.id,
                    invoke_event: get.invoke.event,
                    return_event: ret.event,
                    key: get.key.clone(),
                    returned: read.clone(),
                    expected: o.by.written().unwrap_or_default().to_string(),
                    overwritten_by: o.by.id,
                });
            }
        }
    }
    found.sort_by_key(|s| s.return_event);
    found
}

/// Why a read is stale: the latest write that could have produced the value read (`None`: the key's initial
/// emptiness), and a completed write that certainly came after it and before the read began.
pub(crate) struct Overwrite<'a> {
    pub source: Option<&'a Op>,
    pub by: &'a Op,
}

/// When an unfinished write (put or cas) of `v` certainly took effect by: if it is the only write of `v`, it
/// must have landed before the first operation that found `v` (a get of `v`, a successful cas from `v`)
/// returned. (Otherwise it may land at any time, or never.)
fn landed_by(put: &Op, v: &str, ops: &[&Op]) -> Option<Stamp> {
    if ops.iter().filter(|w| w.written() == Some(v)).count() != 1 {
        return None;
    }
    ops.iter()
        .filter(|g| g.observed() == Some(Some(v)))
        .filter_map(|g| g.returned())
        .filter(|r| *r > put.invoke)
        .min()
}

/// Decides whether `get` is stale among `ops` (every operation of its key): a completed get, or a successful
/// cas, whose expected value is what it read.
///
/// The value read could come from any write (put or cas) of that value invoked before the get returned, other
/// than the get itself. A write that failed or is pending never certainly finished, so it can usually land
/// late enough to explain the read, and then the read is not stale; unless it was the only write of the value
/// and an earlier operation already saw it land. Otherwise take the last source to finish; if some write that
/// certainly took effect began after it finished and itself finished before the get began, every source was
/// overwritten and the read is stale.
pub(crate) fn find_overwrite<'a>(get: &Op, ops: &[&'a Op]) -> Option<Overwrite<'a>> {
    find_overwrite_of(get, get.observed()?, ops)
}

/// [`find_overwrite`] for one value `read` that `get` returned (a sibling, or its only value).
pub(crate) fn find_overwrite_of<'a>(
    get: &Op,
    read: Option<&str>,
    ops: &[&'a Op],
) -> Option<Overwrite<'a>> {
    let get_ret = get.returned()?;
    let source: Option<(&'a Op, Stamp)> = match read {
        None => None,
        Some(v) => {
            let mut latest: Option<(&'a Op, Stamp)> = None;
            for op in ops {
                if op.written() != Some(v) || op.invoke > get_ret || op.id == get.id {
                    continue;
                }
                let Some(r) = op.returned().or_else(|| landed_by(op, v, ops)) else {
                    return None; // an unfinished put of this value can explain it
                };
                if latest.is_none_or(|(_, l)| r > l) {
                    latest = Some((op, r));
                }
            }
            // No put of this value at all: not stale but invented, which linearizability reports.
            Some(latest?)
        }
    };
    let after = source.map(|(_, r)| r);
    let source = source.map(|(s, _)| s);
    ops.iter()
        .copied()
        .filter(|w| w.written().is_some() && w.precedes(get) && after.is_none_or(|a| a < w.invoke))
        .max_by_key(|w| w.returned())
        .map(|by| Overwrite { source, by })
}
