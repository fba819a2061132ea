//! Messages and timers, in the vocabulary of the papers: the coordinator's VoteRequest (Gray's "prepare"),
//! the participants' Vote (VOTE-COMMIT / VOTE-ABORT), the GlobalCommit / GlobalAbort decision and its Ack
//! (Gray 1978 §5.8.3); PreCommit and its acknowledgement (Skeen 1981, three-phase commit); DecisionRequest
//! and DecisionReply for recovery, cooperative termination (Bernstein, Hadzilacos & Goodman §7.4) and
//! three-phase commit's termination protocol, where the reply also carries the sender's state.

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};
use std::collections::BTreeMap;

/// A transaction number, shown as "T3". The coordinator hands them out from a logged counter.
pub type TxnId = u64;

pub fn txn_label(txn: u64) -> String {
    format!("T{txn}")
}

/// A key and the committed value a transaction read (`None`: no value).
pub type Read = (String, Option<String>);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Commit,
    Abort,
}

impl Outcome {
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Commit => "commit",
            Outcome::Abort => "abort",
        }
    }
}

/// What a node answers when asked about a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", content = "outcome", rename_all = "snake_case")]
pub enum Status {
    /// The sender knows the outcome.
    Decided(Outcome),
    /// The coordinator is alive and still collecting votes or PreCommit acknowledgements: wait.
    Pending,
    /// The sender voted yes and does not know the outcome either (or is a recovering coordinator).
    Uncertain,
    /// Three-phase commit: the sender received PreCommit (everyone voted yes).
    PreCommitted,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Message {
    /// Phase 1: "prepare to commit T": the participant's writes and reads, and every participant of T (so
    /// peers can be asked later).
    VoteRequest {
        txn: TxnId,
        writes: BTreeMap<String, String>,
        reads: Vec<String>,
        participants: Vec<NodeId>,
    },
    /// VOTE-COMMIT (`yes`, locks held and "prepared" logged, with the values read) or VOTE-ABORT.
    Vote {
        txn: TxnId,
        yes: bool,
        reads: Vec<Read>,
    },
    /// Three-phase commit: everyone voted yes; move to pre-committed.
    PreCommit {
        txn: TxnId,
    },
    PreCommitAck {
        txn: TxnId,
    },
    GlobalCommit {
        txn: TxnId,
    },
    GlobalAbort {
        txn: TxnId,
    },
    /// The participant has applied the decision: the coordinator may forget the transaction.
    Ack {
        txn: TxnId,
    },
    /// "What became of T?": recovery, an in-doubt participant's timeout, termination protocols.
    DecisionRequest {
        txn: TxnId,
    },
    DecisionReply {
        txn: TxnId,
        status: Status,
    },
}

impl Message {
    pub fn txn(&self) -> TxnId {
        match self {
            Message::VoteRequest { txn, .. }
            | Message::Vote { txn, .. }
            | Message::PreCommit { txn }
            | Message::PreCommitAck { txn }
            | Message::GlobalCommit { txn }
            | Message::GlobalAbort { txn }
            | Message::Ack { txn }
            | Message::DecisionRequest { txn }
            | Message::DecisionReply { txn, .. } => *txn,
        }
    }
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::VoteRequest { .. } => "VoteRequest",
            Message::Vote { .. } => "Vote",
            Message::PreCommit { .. } => "PreCommit",
            Message::PreCommitAck { .. } => "PreCommitAck",
            Message::GlobalCommit { .. } => "GlobalCommit",
            Message::GlobalAbort { .. } => "GlobalAbort",
            Message::Ack { .. } => "Ack",
            Message::DecisionRequest { .. } => "DecisionRequest",
            Message::DecisionReply { .. } => "DecisionReply",
        }
        .to_string()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Timer {
    /// Coordinator: the votes of `txn` are overdue; abort it.
    VoteTimeout { txn: TxnId },
    /// Coordinator: re-send an unacknowledged decision (three-phase: stop waiting for PreCommit acks;
    /// recovering: ask the participants again).
    Resend { txn: TxnId },
    /// Participant: `txn` has waited long enough for a lock; vote no.
    LockWait { txn: TxnId },
    /// Participant: still in doubt; ask for the decision (the ring on the badge).
    DecisionTimeout,
    /// Participant, three-phase commit: the termination round for `txn` is over; decide from the answers.
    Termination { txn: TxnId },
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::VoteTimeout { .. } => "VoteTimeout",
            Timer::Resend { .. } => "Resend",
            Timer::LockWait { .. } => "LockWait",
            Timer::DecisionTimeout => "DecisionTimeout",
            Timer::Termination { .. } => "Termination",
        }
        .to_string()
    }
}
