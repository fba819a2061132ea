//! Notes: each node's own account of what it did, recorded in the trace. The checkers read only these (and
//! client events): which participants a transaction has (`Began`), every vote (`Prepared`, `VotedNo`),
//! every decision (`Decided`, `Terminated`), every local outcome (`Committed`, `Aborted`) and what a node
//! remembers after a restart (`Restored`, `Recovered`).

use crate::message::{Outcome, Read, TxnId};
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId, OpId};
use std::collections::BTreeMap;

/// A participant's most pressing state after a note: what its lane and badge show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pressing {
    Idle,
    /// Some transaction is waiting for locks (it has not voted).
    Working,
    /// Three-phase commit: some transaction is pre-committed (and none is merely in doubt).
    PreCommitted,
    /// Some transaction voted yes and awaits the decision, its locks held.
    InDoubt,
}

/// Why a participant voted no.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum NoReason {
    /// A write of "!" is refused (the scripted no vote).
    Refused { key: String },
    /// No-wait locking: `key` is locked by `holder`.
    Conflict { key: String, holder: TxnId },
    /// It waited `lock_wait_us` for a lock and gave up.
    WaitTimeout { key: String, holder: TxnId },
    /// It had already aborted the transaction (asked by a peer before it voted, or told to).
    AlreadyAborted,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    // ----- coordinator ---------------------------------------------------------------------------------
    /// The coordinator began `txn` for client operation `op` and sent VoteRequest to `participants`.
    Began {
        txn: TxnId,
        op: OpId,
        participants: Vec<NodeId>,
    },
    /// Three-phase commit: every vote was yes; PreCommit went to every participant.
    PreCommitting { txn: TxnId },
    /// The coordinator decided. `votes` as it saw them (`None`: missing); `logged`: the decision was on
    /// stable storage before it was sent; `by`: learned from that participant's termination protocol.
    Decided {
        txn: TxnId,
        outcome: Outcome,
        votes: Vec<(NodeId, Option<bool>)>,
        logged: bool,
        by: Option<NodeId>,
    },
    /// The mutant's late log write: the decision reaches stable storage only now.
    LoggedLate { txn: TxnId, outcome: Outcome },
    /// Every participant acknowledged; the client is answered and the coordinator forgets `txn`.
    Ended { txn: TxnId, outcome: Outcome },
    /// The coordinator restarted from its log: decisions it re-sends, undecided transactions it aborts
    /// (`aborted`), forgets under presumed abort (`presumed`) or asks about (three-phase).
    Recovered {
        resent: Vec<TxnId>,
        aborted: Vec<TxnId>,
        presumed: Vec<TxnId>,
        asking: Vec<TxnId>,
    },
    // ----- participant ---------------------------------------------------------------------------------
    /// `txn` waits behind other transactions' locks (`behind`: key and holder).
    Waiting {
        txn: TxnId,
        behind: Vec<(String, TxnId)>,
        pressing: Pressing,
    },
    /// VOTE-COMMIT: locks held, "prepared" logged, now in doubt. `reads`: the committed values it read.
    Prepared {
        txn: TxnId,
        locks: Vec<String>,
        reads: Vec<Read>,
        pressing: Pressing,
    },
    /// VOTE-ABORT.
    VotedNo {
        txn: TxnId,
        reason: NoReason,
        pressing: Pressing,
    },
    /// Three-phase commit: PreCommit received (from the coordinator or a backup).
    PreCommitted { txn: TxnId, pressing: Pressing },
    /// The participant applied the commit; `committed` transactions have committed here so far.
    Committed {
        txn: TxnId,
        writes: BTreeMap<String, String>,
        committed: u64,
        pressing: Pressing,
    },
    /// The participant aborted `txn`, releasing `released`. `unilateral`: on its own, with no decision
    /// from anyone (allowed only before voting yes).
    Aborted {
        txn: TxnId,
        released: Vec<String>,
        unilateral: bool,
        pressing: Pressing,
    },
    /// Still in doubt after `for_us`, holding `locks`: it asks `asked` for the decision.
    InDoubt {
        txn: TxnId,
        for_us: u64,
        locks: Vec<String>,
        asked: Vec<NodeId>,
    },
    /// Cooperative termination or recovery: the decision was learned from `from`.
    Learned {
        txn: TxnId,
        outcome: Outcome,
        from: NodeId,
    },
    /// Cooperative termination failed this round: every peer that answered is in doubt too.
    NobodyKnows { txn: TxnId, asked: Vec<NodeId> },
    /// Three-phase termination protocol: decided without the coordinator from the states collected.
    Terminated {
        txn: TxnId,
        outcome: Outcome,
        states: Vec<(NodeId, String)>,
    },
    /// The participant restarted: its committed store and the transactions it is still in doubt about.
    Restored {
        store: BTreeMap<String, String>,
        in_doubt: Vec<TxnId>,
        committed: u64,
        pressing: Pressing,
    },
}

impl Note {
    /// The participant's state after the note, if it changes the lane.
    pub fn pressing(&self) -> Option<Pressing> {
        match self {
            Note::Waiting { pressing, .. }
            | Note::Prepared { pressing, .. }
            | Note::VotedNo { pressing, .. }
            | Note::PreCommitted { pressing, .. }
            | Note::Committed { pressing, .. }
            | Note::Aborted { pressing, .. }
            | Note::Restored { pressing, .. } => Some(*pressing),
            _ => None,
        }
    }

    /// The transaction whose wait for locks at this participant the note ends: it voted (yes or no) or
    /// learned its outcome.
    pub fn settles_wait(&self) -> Option<TxnId> {
        match self {
            Note::Prepared { txn, .. }
            | Note::VotedNo { txn, .. }
            | Note::Committed { txn, .. }
            | Note::Aborted { txn, .. } => Some(*txn),
            _ => None,
        }
    }
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Began { .. } => "began",
            Note::PreCommitting { .. } => "precommitting",
            Note::Decided {
                outcome: Outcome::Commit,
                ..
            } => "decided_commit",
            Note::Decided { .. } => "decided_abort",
            Note::LoggedLate { .. } => "logged_late",
            Note::Ended { .. } => "ended",
            Note::Recovered { .. } => "recovered",
            Note::Waiting { .. } => "waiting",
            Note::Prepared { .. } => "prepared",
            Note::VotedNo { .. } => "voted_no",
            Note::PreCommitted { .. } => "precommitted",
            Note::Committed { .. } => "committed",
            Note::Aborted { .. } => "aborted",
            Note::InDoubt { .. } => "in_doubt",
            Note::Learned { .. } => "learned",
            Note::NobodyKnows { .. } => "nobody_knows",
            Note::Terminated { .. } => "terminated",
            Note::Restored { .. } => "restored",
        }
        .to_string()
    }
}
