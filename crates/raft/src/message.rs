//! The RPCs of Figure 2 (plus the pre-vote pair of the thesis) and the node's timers.

use crate::log::Entry;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

/// Every message a Raft node sends. Field names are the paper's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Message {
    /// "Vote for me in `term`": sent by a candidate.
    RequestVote {
        term: u64,
        candidate_id: NodeId,
        last_log_index: u64,
        last_log_term: u64,
    },
    RequestVoteResponse {
        term: u64,
        vote_granted: bool,
    },
    /// "Would you vote for me in `term`?" — changes nobody's state (pre-vote, thesis §9.6). `term` is the
    /// term the sender would campaign in, one above its current term.
    PreVote {
        term: u64,
        candidate_id: NodeId,
        last_log_index: u64,
        last_log_term: u64,
    },
    /// `term` is the proposed term when granted, the responder's current term when refused.
    PreVoteResponse {
        term: u64,
        vote_granted: bool,
    },
    /// Replicates entries and doubles as the heartbeat (empty `entries`).
    AppendEntries {
        term: u64,
        leader_id: NodeId,
        prev_log_index: u64,
        prev_log_term: u64,
        entries: Vec<Entry>,
        leader_commit: u64,
        /// The leader's heartbeat round, echoed back: a response to round `seq` proves the follower still
        /// accepted this leader after the round began (used by ReadIndex and leases, not in Figure 2).
        seq: u64,
    },
    AppendEntriesResponse {
        term: u64,
        success: bool,
        /// On success: the index of the last entry known to match the leader's log.
        match_index: u64,
        /// On failure: where the leader should retry (the conflict-term optimisation of §5.3).
        conflict_index: u64,
        /// On failure: the term of the follower's conflicting entry at `prev_log_index`, if it has one.
        conflict_term: Option<u64>,
        seq: u64,
    },
}

impl Message {
    pub fn term(&self) -> u64 {
        match self {
            Message::RequestVote { term, .. }
            | Message::RequestVoteResponse { term, .. }
            | Message::PreVote { term, .. }
            | Message::PreVoteResponse { term, .. }
            | Message::AppendEntries { term, .. }
            | Message::AppendEntriesResponse { term, .. } => *term,
        }
    }
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::RequestVote { .. } => "RequestVote",
            Message::RequestVoteResponse { .. } => "RequestVoteResponse",
            Message::PreVote { .. } => "PreVote",
            Message::PreVoteResponse { .. } => "PreVoteResponse",
            Message::AppendEntries { .. } => "AppendEntries",
            Message::AppendEntriesResponse { .. } => "AppendEntriesResponse",
        }
        .to_string()
    }
}

/// A node's timers. The engine keys timers by value, so each variant is one independent timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Timer {
    /// Followers and candidates: no word from a leader for this long means start an election.
    Election,
    /// Leaders: time to send AppendEntries to everyone.
    Heartbeat,
    /// Leaders with `check_quorum`: time to check that a majority answered during the last period.
    CheckQuorum,
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Election => "Election",
            Timer::Heartbeat => "Heartbeat",
            Timer::CheckQuorum => "CheckQuorum",
        }
        .to_string()
    }
}
