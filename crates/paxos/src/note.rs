//! Notes: each node's own account of its state changes, recorded in the trace.
//!
//! The checkers read only these (and client events), so they are complete for what the invariants need:
//! every promise an acceptor makes (`Promised`), every value it accepts (`Accepted`), every value a learner
//! learns (`Chosen`), and what an acceptor remembers after a restart (`Restored`).

use crate::ballot::Ballot;
use crate::message::AcceptedEntry;
use crate::value::Value;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// The node booted from its persisted state: its promise, how many slots hold an accepted value, and how
    /// many slots from the first it had learned were chosen.
    Restored {
        promised: Option<Ballot>,
        accepted: u64,
        chosen: u64,
    },
    /// A proposer began phase 1 with `ballot`, for every slot from `from_slot`.
    Proposing { ballot: Ballot, from_slot: u64 },
    /// An acceptor promised `ballot` (phase 1(b)), reporting `reported` accepted values; `highest` is the one
    /// with the highest ballot, if any.
    Promised {
        ballot: Ballot,
        reported: u64,
        highest: Option<AcceptedEntry>,
    },
    /// A proposer's ballot was refused: some acceptor had promised `promised`.
    Nacked { ballot: Ballot, promised: Ballot },
    /// After phase 1, the proposer must propose the value accepted with the highest ballot (P2c).
    Adopted {
        slot: u64,
        ballot: Ballot,
        from: Ballot,
        value: Value,
    },
    /// A new Multi-Paxos leader found no value in `slot` below its highest reported slot: it proposes a no-op.
    FilledGap { slot: u64, ballot: Ballot },
    /// Phase 2(a): the proposer asked the acceptors to accept `value` in `slot`.
    Proposed {
        slot: u64,
        ballot: Ballot,
        value: Value,
    },
    /// Phase 2(b): an acceptor accepted `value` in `slot`; `slots` is how many slots it now holds values for.
    Accepted {
        slot: u64,
        ballot: Ballot,
        value: Value,
        slots: u64,
    },
    /// A learner learned that `value` was chosen in `slot`; `upto` slots from the first are now known chosen.
    Chosen { slot: u64, value: Value, upto: u64 },
    /// Single-decree read: a majority promised and none reported a value, so nothing had been chosen.
    NothingChosen { ballot: Ballot },
    /// Multi-Paxos: phase 1 succeeded; this node is the distinguished proposer for `ballot`.
    BecameLeader { ballot: Ballot },
    /// A leader or candidate saw the higher ballot `by` and gave up `ballot`.
    SteppedDown { ballot: Ballot, by: Ballot },
    /// The node learned who leads: `leader`, with `ballot`.
    LeaderKnown { ballot: Ballot, leader: NodeId },
    /// The key-value store applied the value chosen in `slot`; `result` is what a client is told.
    Applied {
        slot: u64,
        value: Value,
        result: Result<Option<String>, String>,
    },
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Restored { .. } => "restored",
            Note::Proposing { .. } => "proposing",
            Note::Promised { .. } => "promised",
            Note::Nacked { .. } => "nacked",
            Note::Adopted { .. } => "adopted",
            Note::FilledGap { .. } => "noop",
            Note::Proposed { .. } => "proposed",
            Note::Accepted { .. } => "accepted",
            Note::Chosen { .. } => "chosen",
            Note::NothingChosen { .. } => "nothing_chosen",
            Note::BecameLeader { .. } => "leader",
            Note::SteppedDown { .. } => "stepped_down",
            Note::LeaderKnown { .. } => "leader_known",
            Note::Applied { .. } => "applied",
        }
        .to_string()
    }
}
