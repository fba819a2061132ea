//! Notes: the protocol's own account of its state changes, recorded in the trace.
//!
//! The trace is all that checkers and timelines see, so the notes are complete: replaying a node's
//! `Appended` / `Truncated` notes rebuilds its log exactly, `CommitAdvanced` and `Applied` say what it
//! committed and applied, and role and term changes are all announced.

use crate::log::Command;
use crate::options::ReadMode;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// The node booted from its persisted state (a restart): what it remembers.
    Restored {
        term: u64,
        voted_for: Option<NodeId>,
        last_log_index: u64,
    },
    BecameFollower {
        term: u64,
    },
    /// Pre-vote: asking whether peers would vote, without bumping the term.
    BecamePreCandidate {
        term: u64,
    },
    BecameCandidate {
        term: u64,
    },
    /// Label `leader`: scenario checkpoints wait for it.
    BecameLeader {
        term: u64,
    },
    /// `current_term` changed (always persisted with it).
    TermChanged {
        term: u64,
    },
    /// This node granted its vote for `term` (persisted `voted_for`).
    Voted {
        term: u64,
        r#for: NodeId,
    },
    /// A candidate counted a vote; `votes` is how many it now has, itself included.
    VoteReceived {
        term: u64,
        from: NodeId,
        votes: u64,
    },
    /// The node learned who leads its current term.
    LeaderKnown {
        term: u64,
        leader: NodeId,
    },
    /// Entry `index` now holds this (1-based, as in the paper).
    Appended {
        index: u64,
        term: u64,
        command: Command,
    },
    /// Entries `from_index` and after were deleted (a follower's conflicting suffix).
    Truncated {
        from_index: u64,
    },
    CommitAdvanced {
        commit_index: u64,
    },
    /// The state machine applied entry `index`; `result` is the value read (gets) or `None`.
    Applied {
        index: u64,
        term: u64,
        command: Command,
        result: Option<String>,
    },
    /// A `get` was answered, and how.
    ReadServed {
        key: String,
        value: Option<String>,
        mode: ReadMode,
    },
    /// A leader with check-quorum heard from too few nodes and gave up leadership.
    LostQuorum {
        term: u64,
    },
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Restored { .. } => "restored",
            Note::BecameFollower { .. } => "follower",
            Note::BecamePreCandidate { .. } => "pre_candidate",
            Note::BecameCandidate { .. } => "candidate",
            Note::BecameLeader { .. } => "leader",
            Note::TermChanged { .. } => "term",
            Note::Voted { .. } => "voted",
            Note::VoteReceived { .. } => "vote_received",
            Note::LeaderKnown { .. } => "leader_known",
            Note::Appended { .. } => "appended",
            Note::Truncated { .. } => "truncated",
            Note::CommitAdvanced { .. } => "commit",
            Note::Applied { .. } => "applied",
            Note::ReadServed { .. } => "read",
            Note::LostQuorum { .. } => "lost_quorum",
        }
        .to_string()
    }
}
