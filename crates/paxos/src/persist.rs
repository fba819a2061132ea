//! What survives a crash: the acceptor's promise and accepted values (*Paxos Made Simple* §2.3: "an acceptor
//! must remember this information even if it fails and then restarts"), and the values the learner learned,
//! so the key-value store is rebuilt on restart.
//!
//! Accepted and learned values are kept as an append-only journal, like a write-ahead log: the engine keeps a
//! full copy at every `persist`, so the journal is made of immutable shared chunks, and a persist copies only
//! the unsealed tail (at most `CHUNK` records) and the chunk handles.

use crate::ballot::Ballot;
use crate::value::Value;
use std::sync::Arc;

/// Records per sealed chunk.
const CHUNK: usize = 64;

/// One journal record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Accepted {
        slot: u64,
        ballot: Ballot,
        value: Value,
    },
    Chosen {
        slot: u64,
        value: Value,
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

/// The state on stable storage. Replaying the journal in order rebuilds the acceptor and the learner (a
/// later record for a slot supersedes an earlier one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persistent {
    pub promised: Option<Ballot>,
    pub journal: Journal,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_keeps_every_record_in_order_across_chunks() {
        let mut j = Journal::default();
        for slot in 0..(CHUNK as u64 * 2 + 5) {
            j.push(Record::Chosen {
                slot,
                value: Value::Noop,
            });
        }
        let snapshot = j.clone();
        assert!(Arc::ptr_eq(&snapshot.chunks[0], &j.chunks[0]));
        let slots: Vec<u64> = j
            .records()
            .map(|r| match r {
                Record::Chosen { slot, .. } | Record::Accepted { slot, .. } => *slot,
            })
            .collect();
        assert_eq!(slots, (0..(CHUNK as u64 * 2 + 5)).collect::<Vec<_>>());
        assert_eq!(j.len(), CHUNK * 2 + 5);
    }
}
