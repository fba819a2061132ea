//! Session guarantees (Terry et al., "Session Guarantees for Weakly Consistent Replicated Data", 1994):
//! what one client may expect of its own operations even when replicas disagree.
//!
//! - **Read your writes**: a read of a key reflects every write of that key the same session completed
//!   before the read began.
//! - **Monotonic reads**: a session's read never returns something certainly older than what an earlier read
//!   of the session returned.
//!
//! Values stand for writes: a value *reflects* a write if it is that write's value, or a value written by a
//! write that does not certainly precede it (real-time order). Like the stale-read checker, these report only
//! what is certain: a value whose writes could be concurrent is never called older.

use crate::history::{History, Op, OpKind};
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Event, EventId, OpId, Protocol};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Guarantee {
    ReadYourWrites,
    MonotonicReads,
}

impl Guarantee {
    pub fn name(self) -> &'static str {
        match self {
            Guarantee::ReadYourWrites => "Read Your Writes",
            Guarantee::MonotonicReads => "Monotonic Reads",
        }
    }
}

/// One broken session guarantee: the read that broke it and the earlier operation of the session it
/// contradicts (the session's write, or its earlier read).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAnomaly {
    pub guarantee: Guarantee,
    pub session: u32,
    pub key: String,
    pub read_op: OpId,
    /// The read's `ClientReturn`.
    pub read_event: EventId,
    pub earlier_op: OpId,
    /// One plain sentence: "s1 wrote x=2 (op3), then read x and got 1 (op4)".
    pub message: String,
}

pub fn session_anomalies<P: Protocol>(events: &[Event<P>]) -> Vec<SessionAnomaly> {
    session_anomalies_in(&History::from_events(events))
}

/// Every broken session guarantee of the history, in order of the reads' returns.
pub fn session_anomalies_in(history: &History) -> Vec<SessionAnomaly> {
    let mut found = Vec::new();
    for ops in history.by_key().values() {
        let mut sessions: BTreeMap<u32, Vec<&Op>> = BTreeMap::new();
        for op in ops {
            if let Some(s) = op.session {
                sessions.entry(s).or_default().push(op);
            }
        }
        for (s, mine) in sessions {
            for read in &mine {
                let Some(values) = returned_values(read) else {
                    continue;
                };
                if let Some(w) = mine
                    .iter()
                    .filter(|w| w.written().is_some() && w.returned().is_some() && w.precedes(read))
                    .find(|w| !values.iter().any(|v| reflects(*v, w, read, ops)))
                {
                    found.push(anomaly(Guarantee::ReadYourWrites, s, read, w, &values));
                    continue;
                }
                if let Some(earlier) = mine.iter().filter(|e| e.precedes(read)).find(|e| {
                    returned_values(e).is_some_and(|seen| {
                        seen.iter()
                            .any(|v| certainly_older(&values, *v, e, read, ops))
                    })
                }) {
                    found.push(anomaly(
                        Guarantee::MonotonicReads,
                        s,
                        read,
                        earlier,
                        &values,
                    ));
                }
            }
        }
    }
    found.sort_by_key(|a| a.read_event);
    found
}

/// The values a completed get returned (`[None]` for a missing key), or `None` if `op` is no completed get.
fn returned_values(op: &Op) -> Option<Vec<Option<&str>>> {
    let OpKind::Get { read, siblings } = &op.kind else {
        return None;
    };
    op.observed()?;
    let mut values = vec![read.as_deref()];
    values.extend(siblings.iter().map(|s| Some(s.as_str())));
    Some(values)
}

/// The writes that could have produced `value` for `read`: writes of it invoked before the read returned.
fn sources<'a>(value: &str, read: &Op, ops: &[&'a Op]) -> Vec<&'a Op> {
    let end = read.returned();
    ops.iter()
        .copied()
        .filter(|w| w.written() == Some(value) && end.is_some_and(|e| w.invoke < e))
        .collect()
}

/// Whether `value`, as `read` returned it, reflects the write `w`: it is `w`'s value, or some write of it
/// could come after `w`. A value nobody wrote (a counter's sum) is no register value: not judged here.
fn reflects(value: Option<&str>, w: &Op, read: &Op, ops: &[&Op]) -> bool {
    let Some(v) = value else {
        return false; // the key missing after the session wrote it
    };
    let src = sources(v, read, ops);
    src.is_empty() || src.iter().any(|x| x.id == w.id || !x.precedes(w))
}

/// Whether `later` (the values of a later read) is certainly older than `seen`, a value `earlier` returned:
/// the later read found the key missing after it had been seen, or every source of every later value
/// finished before any source of `seen` began.
fn certainly_older(
    later: &[Option<&str>],
    seen: Option<&str>,
    earlier: &Op,
    read: &Op,
    ops: &[&Op],
) -> bool {
    let Some(seen) = seen else {
        return false;
    };
    let seen_src = sources(seen, earlier, ops);
    if seen_src.is_empty() {
        return false;
    }
    later.iter().all(|v| match v {
        None => true,
        Some(v) => {
            let src = sources(v, read, ops);
            !src.is_empty() && src.iter().all(|x| seen_src.iter().all(|y| x.precedes(y)))
        }
    })
}

fn anomaly(
    guarantee: Guarantee,
    session: u32,
    read: &Op,
    earlier: &Op,
    values: &[Option<&str>],
) -> SessionAnomaly {
    let got = values
        .iter()
        .map(|v| v.map_or("nothing".to_string(), |v| format!("{v:?}")))
        .collect::<Vec<_>>()
        .join(" and ");
    let key = &read.key;
    let before = match (&earlier.kind, earlier.written()) {
        (_, Some(v)) => format!("wrote {key}={v} ({})", earlier.id),
        (OpKind::Get { read: r, .. }, _) => format!(
            "read {key} and got {} ({})",
            r.as_deref().map_or("nothing".into(), |v| format!("{v:?}")),
            earlier.id
        ),
        _ => earlier.describe(),
    };
    SessionAnomaly {
        guarantee,
        session,
        key: key.clone(),
        read_op: read.id,
        read_event: read.return_event().unwrap_or(read.invoke.event),
        earlier_op: earlier.id,
        message: format!(
            "s{session} {before}, then read {key} and got {got} ({})",
            read.id
        ),
    }
}
