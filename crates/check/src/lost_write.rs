//! Lost writes: acknowledged writes that the key's latest read no longer reflects.
//!
//! A stale read can be a replica lagging behind, which a later read repairs. A write is *lost* when even the
//! key's final read (the completed get invoked last) returns a value that certainly predates it: the write
//! was answered "ok", finished before that read began, and neither it nor anything written after it is
//! what the read found. Judged on the client history alone, so it applies to every protocol; the count is
//! "lost so far" at the point of the trace examined, because a later read could still see the write.

use crate::history::{Completion, History, OpKind};
use crate::stale_read::find_overwrite;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Event, EventId, OpId, Protocol};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostWrite {
    pub write_op: OpId,
    /// The write's acknowledgement (its `ClientReturn`).
    pub acked_event: EventId,
    pub key: String,
    pub value: String,
    /// The final read that did not see it.
    pub read_op: OpId,
    /// What that read returned (`None`: the key was missing).
    pub read: Option<String>,
}

/// Every lost write of the trace, in order of acknowledgement.
pub fn lost_writes<P: Protocol>(events: &[Event<P>]) -> Vec<LostWrite> {
    lost_writes_in(&History::from_events(events))
}

pub fn lost_writes_in(history: &History) -> Vec<LostWrite> {
    let mut found = Vec::new();
    for ops in history.by_key().values() {
        let final_read = ops
            .iter()
            .filter(|o| matches!(o.kind, OpKind::Get { .. }) && o.returned().is_some())
            .max_by_key(|o| o.invoke);
        let Some(read) = final_read else { continue };
        let Some(overwrite) = find_overwrite(read, ops) else {
            continue;
        };
        let after = overwrite.source.and_then(|s| s.returned());
        let read_value = match &read.kind {
            OpKind::Get { read, .. } => read.clone(),
            _ => None,
        };
        for w in ops {
            let (Completion::Ok(acked), Some(value)) = (w.completion, w.written()) else {
                continue;
            };
            if w.precedes(read)
                && after.is_none_or(|a| a < w.invoke)
                && read_value.as_deref() != Some(value)
            {
                found.push(LostWrite {
                    write_op: w.id,
                    acked_event: acked.event,
                    key: w.key.clone(),
                    value: value.to_string(),
                    read_op: read.id,
                    read: read_value.clone(),
                });
            }
        }
    }
    found.sort_by_key(|l| l.acked_event);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Op, Stamp};
    use splitbrain_sim::SimTime;

    fn at(t: u64) -> Stamp {
        Stamp {
            time: SimTime(t),
            event: EventId(t),
        }
    }

    fn put(id: u64, v: &str, from: u64, to: u64) -> Op {
        Op {
            session: None,
            id: OpId(id),
            key: "x".into(),
            kind: OpKind::Put { value: v.into() },
            invoke: at(from),
            completion: Completion::Ok(at(to)),
        }
    }

    fn get(id: u64, v: Option<&str>, from: u64, to: u64) -> Op {
        Op {
            session: None,
            id: OpId(id),
            key: "x".into(),
            kind: OpKind::Get {
                siblings: Vec::new(),
                read: v.map(str::to_string),
            },
            invoke: at(from),
            completion: Completion::Ok(at(to)),
        }
    }

    fn lost(ops: Vec<Op>) -> Vec<u64> {
        lost_writes_in(&History { ops })
            .iter()
            .map(|l| l.write_op.0)
            .collect()
    }

    #[test]
    fn a_final_read_of_an_older_value_loses_the_later_acknowledged_writes() {
        let ops = vec![
            put(1, "a", 10, 20),
            put(2, "b", 30, 40),
            put(3, "c", 50, 60),
            get(4, Some("a"), 70, 80),
        ];
        assert_eq!(lost(ops), vec![2, 3]);
    }

    #[test]
    fn a_stale_read_repaired_by_a_later_read_loses_nothing() {
        let ops = vec![
            put(1, "a", 10, 20),
            put(2, "b", 30, 40),
            get(3, Some("a"), 50, 60),
            get(4, Some("b"), 70, 80),
        ];
        assert!(lost(ops).is_empty());
    }

    #[test]
    fn a_missing_key_loses_every_acknowledged_write_before_the_read() {
        let ops = vec![put(1, "a", 10, 20), get(2, None, 30, 40)];
        assert_eq!(lost(ops), vec![1]);
    }

    #[test]
    fn a_write_concurrent_with_the_read_is_not_lost() {
        // The put of b overlaps the final read, which may legitimately come first.
        let ops = vec![
            put(1, "a", 10, 20),
            put(2, "b", 30, 75),
            get(3, Some("a"), 70, 80),
        ];
        assert!(lost(ops).is_empty());
    }

    #[test]
    fn an_unacknowledged_write_cannot_be_lost() {
        let mut failed = put(2, "b", 30, 40);
        failed.completion = Completion::Failed(at(40));
        let ops = vec![put(1, "a", 10, 20), failed, get(3, Some("a"), 50, 60)];
        assert!(lost(ops).is_empty());
    }
}
