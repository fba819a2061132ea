//! Volatile state on leaders (Figure 2), plus the bookkeeping for client requests and leadership
//! confirmation. Rebuilt from scratch after each election and dropped when the leader steps down.

use crate::options::ReadMode;
use splitbrain_sim::{LocalTime, NodeId, OpId};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug)]
pub(crate) struct LeaderState {
    /// For each follower, the index of the next log entry to send it. Advanced optimistically when entries
    /// are sent; moved back when a follower rejects.
    pub next_index: BTreeMap<NodeId, u64>,
    /// For each follower, the highest log entry known to be replicated on it.
    pub match_index: BTreeMap<NodeId, u64>,
    /// Client operations waiting for their log entry to be applied: log index → operation.
    pub pending: BTreeMap<u64, OpId>,
    /// Reads waiting for leadership confirmation (ReadIndex, expired lease).
    pub reads: Vec<PendingRead>,
    /// Heartbeat round counter: bumped at every broadcast and carried by every AppendEntries.
    pub seq: u64,
    /// When each still-unconfirmed round began, on the leader's clock (for the lease).
    pub round_started: BTreeMap<u64, LocalTime>,
    /// The highest round each follower has answered in this term.
    pub acked_seq: BTreeMap<NodeId, u64>,
    /// Followers that answered since the last check-quorum tick.
    pub recent_active: BTreeSet<NodeId>,
    /// Reads may be served locally until then (leader's local clock), under `read_mode: "lease"`.
    pub lease_expires: Option<LocalTime>,
}

/// A `get` waiting for the leader to prove it still leads.
#[derive(Clone, Debug)]
pub(crate) struct PendingRead {
    pub op: OpId,
    pub key: String,
    /// The commit index when the read was accepted; `None` until this leader has committed an entry of its
    /// own term (before that it does not know the latest commit index, §6.4).
    pub read_index: Option<u64>,
    /// The heartbeat round a majority must answer before the read is served.
    pub seq: u64,
    pub mode: ReadMode,
}

impl LeaderState {
    pub fn new(peers: impl Iterator<Item = NodeId>, next: u64) -> Self {
        let mut next_index = BTreeMap::new();
        let mut match_index = BTreeMap::new();
        for p in peers {
            next_index.insert(p, next);
            match_index.insert(p, 0);
        }
        LeaderState {
            next_index,
            match_index,
            pending: BTreeMap::new(),
            reads: Vec::new(),
            seq: 0,
            round_started: BTreeMap::new(),
            acked_seq: BTreeMap::new(),
            recent_active: BTreeSet::new(),
            lease_expires: None,
        }
    }

    /// The highest round answered by a majority (the leader always counts itself for the current round).
    pub fn confirmed_seq(&self, majority: usize) -> u64 {
        let mut acks: Vec<u64> = self
            .match_index
            .keys()
            .map(|p| self.acked_seq.get(p).copied().unwrap_or(0))
            .collect();
        acks.push(self.seq);
        acks.sort_unstable_by(|a, b| b.cmp(a));
        acks[majority - 1]
    }

    /// The highest index stored on a majority (the leader's own log counts as `last_index`).
    pub fn quorum_match(&self, last_index: u64, majority: usize) -> u64 {
        let mut matches: Vec<u64> = self.match_index.values().copied().collect();
        matches.push(last_index);
        matches.sort_unstable_by(|a, b| b.cmp(a));
        matches[majority - 1]
    }
}
