//! What survives a crash: the acceptor's promise and accepted values (*Paxos Made Simple* §2.3: "an acceptor
//! must remember this information even if it fails and then restarts"), and the values the learner learned,
//! so the key-value store is rebuilt on restart.
//!
//! Accepted and learned values are kept as an append-only journal, like a write-ahead log: the engine keeps a
//! full copy at every `persist`, so the journal is made of immutable shared chunks, and a persist copies only
//! the unsealed tail and the chunk handles (`splitbrain_sim::Journal`).

use crate::ballot::Ballot;
use crate::value::Value;

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

/// The journal of this crate's records (`splitbrain_sim::Journal`: shared sealed chunks).
pub type Journal = splitbrain_sim::Journal<Record>;

/// The state on stable storage. Replaying the journal in order rebuilds the acceptor and the learner (a
/// later record for a slot supersedes an earlier one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persistent {
    pub promised: Option<Ballot>,
    pub journal: Journal,
}
