//! Raft lanes: what each node believed over time (term, role, log length, commit index), where the cluster
//! committed entries, and split brain: stretches where two nodes both believe they lead.
//!
//! The analysis works on protocol-neutral [`RoleSignal`]s so it is tested with hand-built sequences; the
//! mapping from Raft's notes is in [`notes`].

mod lanes;
mod layout;
#[cfg(feature = "raft")]
mod model;
#[cfg(feature = "raft")]
pub mod notes;
mod split;

pub use lanes::{CommitMark, NodeLanes, RaftLanes, RoleKind, RoleSpan, TermSpan};
pub use layout::RaftSection;
#[cfg(feature = "raft")]
pub use model::{RaftModel, StaleMark};
pub use split::{split_brain, SplitBrain};

use splitbrain_sim::{EventId, NodeId, SimTime};

/// One change in what a node believes, as the timelines need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleSignal {
    Follower {
        term: u64,
    },
    PreCandidate {
        term: u64,
    },
    Candidate {
        term: u64,
    },
    Leader {
        term: u64,
    },
    /// The term changed without (yet) a role change.
    Term {
        term: u64,
    },
    /// The log now has this many entries.
    LogLength(u64),
    /// The commit index advanced to this.
    Commit(u64),
    /// Crashed: it believes nothing any more.
    Down,
}

/// A signal with where it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signal {
    pub event: EventId,
    pub time: SimTime,
    pub node: NodeId,
    pub signal: RoleSignal,
}
