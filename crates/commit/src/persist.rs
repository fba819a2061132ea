//! What survives a crash: each node's log on stable storage (Gray 1978 §5.8.3: "the commit record is
//! forced to the log"). The coordinator logs the transactions it begins and its decisions; a participant
//! logs "prepared" with its writes before voting yes, and each outcome. Everything else (locks, waiting
//! transactions, votes collected) is rebuilt from the log or lost.
//!
//! The engine keeps a full copy at every persist, so the log is an append-only journal of immutable shared
//! chunks (`splitbrain_sim::Journal`): a persist copies only the unsealed tail and the chunk handles.

use crate::message::{Outcome, Read, TxnId};
use splitbrain_sim::{NodeId, OpId};
use std::collections::BTreeMap;

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

/// The journal of this crate's records (`splitbrain_sim::Journal`: shared sealed chunks).
pub type Journal = splitbrain_sim::Journal<Record>;

/// The state on stable storage: the node's log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persistent {
    pub journal: Journal,
}
