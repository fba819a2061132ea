//! What survives a crash (Figure 2, "persistent state on all servers").
//!
//! The engine stores a full copy of the persistent state at every `persist`, so a naive copy of the log would
//! make every append cost O(log length). The log is therefore kept in immutable, shared chunks: a persist
//! reuses every chunk the log has not changed since the last one and copies only the rest (at most one
//! chunk plus the tail) — like appending to a write-ahead log instead of rewriting the file.

use crate::log::Entry;
use splitbrain_sim::NodeId;
use std::sync::Arc;

/// Entries per shared chunk.
const CHUNK: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersistentState {
    current_term: u64,
    voted_for: Option<NodeId>,
    /// Full chunks of `CHUNK` entries, then the remainder.
    chunks: Vec<Arc<[Entry]>>,
    tail: Vec<Entry>,
}

impl PersistentState {
    pub fn new(current_term: u64, voted_for: Option<NodeId>, log: Vec<Entry>) -> Self {
        let mut cache = Vec::new();
        let (chunks, tail) = chunk(&log, &mut cache, 0);
        PersistentState {
            current_term,
            voted_for,
            chunks,
            tail,
        }
    }

    pub fn current_term(&self) -> u64 {
        self.current_term
    }

    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }

    /// Number of persisted log entries.
    pub fn log_len(&self) -> usize {
        self.chunks.len() * CHUNK + self.tail.len()
    }

    /// The persisted log entries in order (0-based like [`crate::Raft::log`]).
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.chunks
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.tail.iter())
    }

    /// A copy of the persisted log.
    pub fn log(&self) -> Vec<Entry> {
        self.entries().cloned().collect()
    }
}

/// Splits `log` into shared chunks, reusing `cache[k]` for every chunk that lies wholly before the 1-based
/// index `dirty_from` (the first entry changed since the cache was built).
fn chunk(
    log: &[Entry],
    cache: &mut Vec<Arc<[Entry]>>,
    dirty_from: u64,
) -> (Vec<Arc<[Entry]>>, Vec<Entry>) {
    let full = log.len() / CHUNK;
    let clean = ((dirty_from.saturating_sub(1)) as usize / CHUNK)
        .min(full)
        .min(cache.len());
    cache.truncate(clean);
    for k in clean..full {
        cache.push(Arc::from(&log[k * CHUNK..(k + 1) * CHUNK]));
    }
    (cache.clone(), log[full * CHUNK..].to_vec())
}

impl crate::Raft {
    /// Saves `current_term`, `voted_for` and the log. Called whenever any of them changes, before the
    /// handler's messages go out (the engine applies effects in order, and persistence is immediate).
    pub(crate) fn persist(&mut self, out: &mut splitbrain_sim::Out<Self>) {
        let dirty_from = self.log.take_dirty_from();
        let (chunks, tail) = chunk(self.log.entries(), &mut self.persisted_chunks, dirty_from);
        out.persist(PersistentState {
            current_term: self.current_term,
            voted_for: self.voted_for,
            chunks,
            tail,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::Command;

    fn log(n: usize, term: u64) -> Vec<Entry> {
        (0..n)
            .map(|_| Entry {
                term,
                command: Command::Noop,
            })
            .collect()
    }

    #[test]
    fn chunks_round_trip_and_are_reused_only_when_clean() {
        let mut entries = log(CHUNK * 2 + 10, 1);
        let mut cache = Vec::new();
        let (chunks, tail) = chunk(&entries, &mut cache, 1);
        assert_eq!((chunks.len(), tail.len()), (2, 10));
        // Overwrite an entry inside the second chunk: the first chunk is shared, the second rebuilt.
        entries[CHUNK + 3].term = 9;
        let (again, _) = chunk(&entries, &mut cache, (CHUNK + 4) as u64);
        assert!(Arc::ptr_eq(&chunks[0], &again[0]));
        assert!(!Arc::ptr_eq(&chunks[1], &again[1]));
        assert_eq!(again[1][3].term, 9);
        let p = PersistentState::new(1, None, entries.clone());
        assert_eq!(p.log(), entries);
        assert_eq!(p.log_len(), entries.len());
    }
}
