//! What survives a crash: each node's log on stable storage (Gray 1978 §5.8.3: "the commit record is
//! forced to the log"). The coordinator logs the transactions it begins and its decisions; a participant
//! logs "prepared" with its writes before voting yes, and each outcome. Everything else (locks, waiting
//! transactions, votes collected) is rebuilt from the log or lost.
//!
//! The engine keeps a full copy at every persist, so the log is an append-only journal of immutable shared
//! chunks (as in the Paxos crate): a persist copies at most `CHUNK` records and the chunk handles.

use crate::message::{Outcome, Read, TxnId};
use splitbrain_sim::{NodeId, OpId};
use std::collections::BTreeMap;
use std::sync::Arc;

const CHUNK: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// Coordinator: began `txn` for `op` with these participants (under presumed abort this is only the
    /// transaction counter: recovery does not act on it).
    Begin {
        txn: TxnId,
        op: OpId,
        participants: Vec<NodeId>,
    },
    /// Coordinator: the decision, with the reads the client is answered with.
    Decision {
        txn: TxnId,
        outcome: Outcome,
        reads: Vec<Read>,
    },
    /// Coordinator: every acknowledgement is in.
    End {
        txn: TxnId,
    },
    /// Participant: voted yes, holding locks on these keys.
    Prepared {
        txn: TxnId,
        writes: BTreeMap<String, String>,
        reads: Vec<String>,
        read_values: Vec<Read>,
        participants: Vec<NodeId>,
    },
    PreCommitted {
        txn: TxnId,
    },
    Committed {
        txn: TxnId,
    },
    Aborted {
        txn: TxnId,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Journal {
    chunks: Vec<Arc<[Record]>>,
    tail: Vec<Record>,
}

impl Journal {
    pub fn push(&mut self, record: Record) {
        self.tail.push(record);
        if self.tail.len() >= CHUNK {
            self.chunks.push(Arc::from(std::mem::take(&mut self.tail)));
        }
    }

    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.chunks
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.tail.iter())
    }

    pub fn len(&self) -> usize {
        self.chunks.len() * CHUNK + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The state on stable storage: the node's log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persistent {
    pub journal: Journal,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_every_record_in_order_across_chunks() {
        let mut j = Journal::default();
        for txn in 0..(CHUNK as u64 * 2 + 3) {
            j.push(Record::End { txn });
        }
        let copy = j.clone();
        assert!(Arc::ptr_eq(&copy.chunks[0], &j.chunks[0]));
        let txns: Vec<u64> = j
            .records()
            .map(|r| match r {
                Record::End { txn } => *txn,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(txns, (0..(CHUNK as u64 * 2 + 3)).collect::<Vec<_>>());
    }
}
