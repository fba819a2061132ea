//! What the trace records of a general.

use serde::{Deserialize, Serialize};
use splitbrain_sim::Label;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// n1 proposes the plan and sends the round-1 messenger.
    Proposed { rounds: u64 },
    /// The general received the round-`round` messenger (news: a higher round than it had).
    Received { round: u64 },
    /// It sent the messenger of round `round` again: no reply had come.
    Resent { round: u64 },
    /// At its deadline the general decided; `received` is the highest round it got, `needed` the round its
    /// rule required.
    Decided {
        attack: bool,
        received: u64,
        needed: u64,
    },
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Proposed { .. } => "proposed",
            Note::Received { .. } => "received",
            Note::Resent { .. } => "resent",
            Note::Decided { attack: true, .. } => "attack",
            Note::Decided { attack: false, .. } => "retreat",
        }
        .into()
    }
}
