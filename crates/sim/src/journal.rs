//! An append-only journal for a protocol's stable state, like a write-ahead log. The engine keeps a full copy
//! of a node's `Persistent` at every `persist`, so the journal is made of immutable shared chunks: a persist
//! copies only the unsealed tail (at most [`CHUNK`] records) and the chunk handles, however long the log.

use std::sync::Arc;

/// Records per sealed chunk.
pub const CHUNK: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journal<R> {
    chunks: Vec<Arc<[R]>>,
    tail: Vec<R>,
}

impl<R> Default for Journal<R> {
    fn default() -> Self {
        Journal {
            chunks: Vec::new(),
            tail: Vec::new(),
        }
    }
}

impl<R> Journal<R> {
    pub fn push(&mut self, record: R) {
        self.tail.push(record);
        if self.tail.len() >= CHUNK {
            self.chunks.push(Arc::from(std::mem::take(&mut self.tail)));
        }
    }

    /// Every record, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &R> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_keeps_every_record_in_order_across_chunks_and_shares_sealed_ones() {
        let mut j = Journal::default();
        for n in 0..(CHUNK as u64 * 2 + 5) {
            j.push(n);
        }
        let copy = j.clone();
        assert!(Arc::ptr_eq(&copy.chunks[0], &j.chunks[0]));
        assert_eq!(
            j.records().copied().collect::<Vec<_>>(),
            (0..(CHUNK as u64 * 2 + 5)).collect::<Vec<_>>()
        );
        assert_eq!(j.len(), CHUNK * 2 + 5);
        assert!(Journal::<u64>::default().is_empty());
    }
}
