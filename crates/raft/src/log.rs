//! Log entries and the replicated log.
//!
//! The paper numbers log entries from 1; index 0 means "before the first entry" (its term is 0). The slice
//! returned by [`crate::Raft::log`] is 0-based, so the entry with paper index `i` is `log()[i - 1]`.

use serde::{Deserialize, Serialize};
use splitbrain_sim::OpId;
use std::fmt;

/// What the state machine does when an entry is applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// Appended by every new leader (§5.4.2, §8): committing it commits everything before it.
    Noop,
    /// `op` is the client operation, so a retried request is applied once (§8, client sessions).
    Put {
        key: String,
        value: String,
        op: OpId,
    },
    /// A read that goes through the log (`read_mode: "log"`).
    Get { key: String, op: OpId },
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Noop => write!(f, "no-op"),
            Command::Put { key, value, .. } => write!(f, "put {key}={value}"),
            Command::Get { key, .. } => write!(f, "get {key}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The term of the leader that created the entry.
    pub term: u64,
    pub command: Command,
}

/// The log with 1-based accessors, so the code reads like the paper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    entries: Vec<Entry>,
    /// The first 1-based index changed since the last persist (`u64::MAX` when nothing changed), so a
    /// persist can reuse the unchanged part of the previous copy.
    dirty_from: u64,
}

impl Default for Log {
    fn default() -> Self {
        Log::from_entries(Vec::new())
    }
}

impl Log {
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        Log {
            entries,
            dirty_from: 1,
        }
    }

    /// Returns (and resets) the first index changed since the last call.
    pub(crate) fn take_dirty_from(&mut self) -> u64 {
        std::mem::replace(&mut self.dirty_from, u64::MAX)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn last_index(&self) -> u64 {
        self.entries.len() as u64
    }

    pub fn last_term(&self) -> u64 {
        self.entries.last().map_or(0, |e| e.term)
    }

    /// The term of entry `index`; 0 for index 0; `None` past the end.
    pub fn term_at(&self, index: u64) -> Option<u64> {
        if index == 0 {
            return Some(0);
        }
        self.entries.get(index as usize - 1).map(|e| e.term)
    }

    /// Entry `index` (1-based).
    pub fn get(&self, index: u64) -> Option<&Entry> {
        if index == 0 {
            return None;
        }
        self.entries.get(index as usize - 1)
    }

    /// Entries `from..=to` (1-based, inclusive), clamped to the log.
    pub fn slice(&self, from: u64, to: u64) -> &[Entry] {
        let start = (from.max(1) - 1) as usize;
        let end = (to as usize).min(self.entries.len());
        if start >= end {
            return &[];
        }
        &self.entries[start..end]
    }

    pub fn push(&mut self, entry: Entry) -> u64 {
        self.entries.push(entry);
        self.dirty_from = self.dirty_from.min(self.last_index());
        self.last_index()
    }

    /// Deletes entry `from` and everything after it.
    pub fn truncate_from(&mut self, from: u64) {
        self.entries.truncate(from.max(1) as usize - 1);
        self.dirty_from = self.dirty_from.min(from.max(1));
    }

    /// The first index holding `term`, searching back from `index` while the term stays the same.
    pub fn first_index_of_term_ending_at(&self, index: u64) -> u64 {
        let term = self.term_at(index);
        let mut i = index;
        while i > 1 && self.term_at(i - 1) == term {
            i -= 1;
        }
        i
    }

    /// The last index holding an entry of `term`, if any.
    pub fn last_index_of_term(&self, term: u64) -> Option<u64> {
        self.entries
            .iter()
            .rposition(|e| e.term == term)
            .map(|p| p as u64 + 1)
    }

    /// §5.4.1: is a log ending at (`last_term`, `last_index`) at least as up-to-date as this one?
    pub fn candidate_up_to_date(&self, last_log_term: u64, last_log_index: u64) -> bool {
        (last_log_term, last_log_index) >= (self.last_term(), self.last_index())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(term: u64) -> Entry {
        Entry {
            term,
            command: Command::Noop,
        }
    }

    #[test]
    fn one_based_indexing() {
        let log = Log::from_entries(vec![e(1), e(1), e(2), e(3)]);
        assert_eq!(log.term_at(0), Some(0));
        assert_eq!(log.term_at(1), Some(1));
        assert_eq!(log.term_at(4), Some(3));
        assert_eq!(log.term_at(5), None);
        assert_eq!(log.slice(2, 3).len(), 2);
        assert_eq!(log.slice(5, 9).len(), 0);
        assert_eq!(log.first_index_of_term_ending_at(2), 1);
        assert_eq!(log.last_index_of_term(1), Some(2));
        assert_eq!(log.last_index_of_term(7), None);
        let mut l = log.clone();
        l.truncate_from(3);
        assert_eq!(l.last_index(), 2);
    }

    #[test]
    fn up_to_date_compares_last_term_then_length() {
        let log = Log::from_entries(vec![e(1), e(2)]);
        assert!(log.candidate_up_to_date(3, 1));
        assert!(log.candidate_up_to_date(2, 2));
        assert!(!log.candidate_up_to_date(2, 1));
        assert!(!log.candidate_up_to_date(1, 9));
    }
}
