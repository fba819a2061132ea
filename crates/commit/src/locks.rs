//! Strict two-phase locking at each participant (Bernstein, Hadzilacos & Goodman ch. 3; Gray 1978 §5.7):
//! a transaction takes a write lock on every key it writes and a read lock on every key it reads, all at
//! once when its VoteRequest arrives, and holds them until the outcome. Read locks share; a write lock
//! excludes everyone else. A transaction that cannot take them all waits (up to `lock_wait_us`) or, with
//! no-wait, votes no at once.

use crate::message::TxnId;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lock {
    pub writer: Option<TxnId>,
    pub readers: BTreeSet<TxnId>,
}

#[derive(Clone, Debug, Default)]
pub struct LockTable {
    locks: BTreeMap<String, Lock>,
}

impl LockTable {
    /// Who stands in the way of `txn` taking these locks: (key, holder) pairs, empty if it may.
    pub fn blockers(&self, txn: TxnId, writes: &[&str], reads: &[&str]) -> Vec<(String, TxnId)> {
        let mut out = Vec::new();
        for k in writes {
            if let Some(l) = self.locks.get(*k) {
                if let Some(w) = l.writer.filter(|w| *w != txn) {
                    out.push((k.to_string(), w));
                }
                for r in l.readers.iter().filter(|r| **r != txn) {
                    out.push((k.to_string(), *r));
                }
            }
        }
        for k in reads {
            if let Some(w) = self
                .locks
                .get(*k)
                .and_then(|l| l.writer)
                .filter(|w| *w != txn)
            {
                out.push((k.to_string(), w));
            }
        }
        out
    }

    /// Takes the locks (the caller checked [`LockTable::blockers`]).
    pub fn grant(&mut self, txn: TxnId, writes: &[&str], reads: &[&str]) {
        for k in writes {
            self.locks.entry(k.to_string()).or_default().writer = Some(txn);
        }
        for k in reads {
            self.locks
                .entry(k.to_string())
                .or_default()
                .readers
                .insert(txn);
        }
    }

    /// Releases every lock of `txn`; returns the keys released.
    pub fn release(&mut self, txn: TxnId) -> Vec<String> {
        let mut released = Vec::new();
        for (k, l) in self.locks.iter_mut() {
            let mut held = false;
            if l.writer == Some(txn) {
                l.writer = None;
                held = true;
            }
            held |= l.readers.remove(&txn);
            if held {
                released.push(k.clone());
            }
        }
        self.locks
            .retain(|_, l| l.writer.is_some() || !l.readers.is_empty());
        released
    }

    /// The keys `txn` holds locks on.
    pub fn held_by(&self, txn: TxnId) -> Vec<String> {
        self.locks
            .iter()
            .filter(|(_, l)| l.writer == Some(txn) || l.readers.contains(&txn))
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Every transaction holding some lock, in order.
    pub fn holders(&self) -> Vec<TxnId> {
        let mut all: std::collections::BTreeSet<TxnId> = BTreeSet::new();
        for l in self.locks.values() {
            all.extend(l.writer);
            all.extend(l.readers.iter().copied());
        }
        all.into_iter().collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Lock)> {
        self.locks.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.locks.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_2pl_write_locks_exclude_and_read_locks_share() {
        let mut t = LockTable::default();
        t.grant(1, &["x"], &["y"]);
        assert_eq!(t.blockers(2, &["x"], &[]), vec![("x".to_string(), 1)]);
        assert!(t.blockers(2, &[], &["y"]).is_empty());
        assert_eq!(t.blockers(2, &["y"], &[]), vec![("y".to_string(), 1)]);
        assert_eq!(t.blockers(2, &[], &["x"]), vec![("x".to_string(), 1)]);
        assert_eq!(t.release(1), vec!["x".to_string(), "y".to_string()]);
        assert!(t.is_empty());
    }
}
