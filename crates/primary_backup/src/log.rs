//! The write log, numbered from 1, kept as immutable shared chunks and a short tail: the engine keeps a full
//! copy at every `persist`, and a copy here costs the tail (at most `CHUNK` entries) and the chunk handles.

use crate::message::Entry;
use std::sync::Arc;

const CHUNK: usize = 64;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Log {
    chunks: Vec<Arc<[Entry]>>,
    tail: Vec<Entry>,
}

impl Log {
    pub fn len(&self) -> u64 {
        (self.chunks.len() * CHUNK + self.tail.len()) as u64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entry at `index` (1-based).
    pub fn get(&self, index: u64) -> Option<&Entry> {
        if index == 0 || index > self.len() {
            return None;
        }
        let i = (index - 1) as usize;
        let sealed = self.chunks.len() * CHUNK;
        if i < sealed {
            Some(&self.chunks[i / CHUNK][i % CHUNK])
        } else {
            self.tail.get(i - sealed)
        }
    }

    /// The epoch of the entry at `index`; 0 before the first entry.
    pub fn epoch_at(&self, index: u64) -> u64 {
        self.get(index).map_or(0, |e| e.epoch)
    }

    pub fn last_epoch(&self) -> u64 {
        self.epoch_at(self.len())
    }

    pub fn push(&mut self, entry: Entry) {
        self.tail.push(entry);
        if self.tail.len() >= CHUNK {
            self.chunks.push(Arc::from(std::mem::take(&mut self.tail)));
        }
    }

    /// Keeps the first `len` entries and returns the others, in order.
    pub fn truncate(&mut self, len: u64) -> Vec<Entry> {
        let len = len as usize;
        while self.chunks.len() * CHUNK > len {
            let chunk = self.chunks.pop().expect("a sealed chunk");
            let mut tail = chunk.to_vec();
            tail.append(&mut self.tail);
            self.tail = tail;
        }
        let keep = len - self.chunks.len() * CHUNK;
        if keep >= self.tail.len() {
            return Vec::new();
        }
        self.tail.split_off(keep)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Entry> {
        self.chunks
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.tail.iter())
    }

    /// At most `max` entries from `index` on.
    pub fn from(&self, index: u64, max: usize) -> Vec<Entry> {
        (index.max(1)..=self.len())
            .take(max)
            .filter_map(|i| self.get(i).cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(epoch: u64) -> Entry {
        Entry { epoch, write: None }
    }

    #[test]
    fn truncating_into_a_sealed_chunk_keeps_the_prefix() {
        let mut log = Log::default();
        for i in 0..(CHUNK as u64 * 2 + 3) {
            log.push(entry(i));
        }
        let copy = log.clone();
        assert!(Arc::ptr_eq(&copy.chunks[0], &log.chunks[0]));
        let removed = log.truncate(CHUNK as u64 + 5);
        assert_eq!(removed.len(), CHUNK - 2);
        assert_eq!(log.len(), CHUNK as u64 + 5);
        assert_eq!(log.epoch_at(CHUNK as u64 + 5), CHUNK as u64 + 4);
        assert_eq!(removed[0].epoch, CHUNK as u64 + 5);
        assert_eq!(
            copy.len(),
            CHUNK as u64 * 2 + 3,
            "the persisted copy is untouched"
        );
        assert!(log.truncate(500).is_empty());
        assert_eq!(log.from(1, 3).len(), 3);
        assert_eq!(log.epoch_at(0), 0);
    }
}
